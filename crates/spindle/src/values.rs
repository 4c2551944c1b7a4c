//! `Val`: a Wasm value as the embedder sees it, and its encoding in a slot.
//!
//! Inside the interpreter every value is one 64-bit slot: integers
//! zero-extended, floats as their bits, and references as an index + 1 into
//! the store's vectors (0 is null): `funcref` indexes `funcs`, `exnref` and
//! `contref` are `(generation << 32) | (index + 1)` (of `exns`, of the
//! stack pool), and an `externref` carries the host's 32-bit payload.
//!
//! The handles (`Func`, `ContRef`, `ExnRef`) are plain values here; their
//! behaviour lives in the API layer (`func.rs`, `continuation.rs`).

/// Bit 63 of a reference slot: an `anyref` seen as an `externref`
/// (`extern.convert_any`; the GC heap and compiled code read it).
pub(crate) const EXTERNALIZED: u64 = 1 << 63;

/// GC objects' generations are 31 bits (`gc/heap.rs`; bit 63 of a
/// reference marks externalized ones), never 0.
pub(crate) const GEN_MASK: u32 = 0x7fff_ffff;

/// Words of the struct arena's block for a struct with `len` fields: a
/// header and the fields, at least one (`gc/structs.rs`; compiled code
/// allocates such blocks too).
#[inline]
pub(crate) fn struct_block_words(len: usize) -> usize {
    1 + len.max(1)
}

/// A function (Wasm or host) in a store: a `funcref`. Its methods
/// (calls, host functions) are in `func.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// An `externref`: a host value, opaque to Wasm. Carries a 32-bit payload
/// chosen by the embedder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(pub u32);

/// An `exnref`: a caught exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store: u64,
    pub(crate) bits: u64,
}

/// A `contref`: a suspended (or not yet started) continuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContRef {
    pub(crate) store: u64,
    pub(crate) bits: u64,
}

/// A reference of the `any` hierarchy (`anyref`, `eqref`, `i31ref`,
/// `structref`, `arrayref`, concrete struct and array types), or an
/// `externref` that Wasm made from one with `extern.convert_any`
/// (`is_externalized`). The word is the slot encoding of `gc/heap.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnyRef {
    pub(crate) store: u64,
    pub(crate) bits: u64,
}

impl AnyRef {
    /// The `i31ref` of the low 31 bits of `v` (`ref.i31`).
    pub fn from_i31(v: i32) -> AnyRef {
        AnyRef {
            store: 0,
            bits: (((v as u32 & 0x7fff_ffff) as u64) << 1) | 1,
        }
    }
    /// A host reference made internal (`any.convert_extern`).
    pub fn from_extern(e: ExternRef) -> AnyRef {
        AnyRef {
            store: 0,
            bits: (e.0 as u64 + 1) << 2,
        }
    }
    /// The value of an `i31ref`, sign-extended (`i31.get_s`).
    pub fn i31(&self) -> Option<i32> {
        (self.bits & 1 == 1).then_some((self.bits as u32 as i32) >> 1)
    }
    /// Is this a struct?
    pub fn is_struct(&self) -> bool {
        self.bits & (7 | 1 << 63) == 2
    }
    /// Is this an array?
    pub fn is_array(&self) -> bool {
        self.bits & (7 | 1 << 63) == 6
    }
    /// Is this an `eqref` (an `i31ref`, struct or array)?
    pub fn is_eq(&self) -> bool {
        self.bits & (1 << 63) == 0 && self.bits & 3 != 0
    }
    /// The host reference this is, if it was made by `any.convert_extern`.
    pub fn as_extern(&self) -> Option<ExternRef> {
        (self.bits & 3 == 0 && self.bits & (1 << 63) == 0)
            .then(|| ExternRef(((self.bits >> 2) - 1) as u32))
    }
    /// Is this an `externref` made by `extern.convert_any`?
    pub fn is_externalized(&self) -> bool {
        self.bits & (1 << 63) != 0
    }
}

/// A Wasm value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as its bits (so NaN payloads survive).
    F32(u32),
    /// An `f64`, as its bits.
    F64(u64),
    /// A `v128`.
    V128(u128),
    /// A function reference (`None`: null).
    FuncRef(Option<Func>),
    /// A host reference (`None`: null).
    ExternRef(Option<ExternRef>),
    /// An exception reference (`None`: null).
    ExnRef(Option<ExnRef>),
    /// A continuation reference (`None`: null).
    ContRef(Option<ContRef>),
    /// A non-null reference of the `any` hierarchy, or an `externref`
    /// made from one (see `AnyRef`).
    AnyRef(AnyRef),
    /// A null reference of another heap type (any, eq, none, ...).
    NullRef,
}

impl Val {
    /// The `i32`, if this is one.
    pub fn i32(&self) -> Option<i32> {
        match self {
            Val::I32(v) => Some(*v),
            _ => None,
        }
    }
    /// The `i64`, if this is one.
    pub fn i64(&self) -> Option<i64> {
        match self {
            Val::I64(v) => Some(*v),
            _ => None,
        }
    }
    /// The `f32`, if this is one.
    pub fn f32(&self) -> Option<f32> {
        match self {
            Val::F32(v) => Some(f32::from_bits(*v)),
            _ => None,
        }
    }
    /// The `f64`, if this is one.
    pub fn f64(&self) -> Option<f64> {
        match self {
            Val::F64(v) => Some(f64::from_bits(*v)),
            _ => None,
        }
    }
    /// Is this a null reference?
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Val::FuncRef(None)
                | Val::ExternRef(None)
                | Val::ExnRef(None)
                | Val::ContRef(None)
                | Val::NullRef
        )
    }
    /// The default (zero or null) value of a type.
    pub fn default_for(ty: &crate::ValType) -> Val {
        use crate::{HeapType as H, ValType as V};
        match ty {
            V::I32 => Val::I32(0),
            V::I64 => Val::I64(0),
            V::F32 => Val::F32(0),
            V::F64 => Val::F64(0),
            V::V128 => Val::V128(0),
            V::Ref(r) => match r.heap_type {
                H::Func | H::NoFunc => Val::FuncRef(None),
                H::Extern | H::NoExtern => Val::ExternRef(None),
                H::Exn | H::NoExn => Val::ExnRef(None),
                H::Cont | H::NoCont => Val::ContRef(None),
                _ => Val::NullRef,
            },
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
