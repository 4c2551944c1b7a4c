//! Public descriptions of Wasm types (value, function, global, table, memory
//! and extern types), independent of the decoder's own type definitions.

use std::fmt;

/// A reference to a type defined in some module, canonicalised engine-wide:
/// two modules that define the same recursive type group get the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) u32);

/// A heap type, the target of a reference type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// Any function reference (`func`).
    Func,
    /// The bottom of the function hierarchy (`nofunc`).
    NoFunc,
    /// Any host reference (`extern`).
    Extern,
    /// The bottom of the extern hierarchy (`noextern`).
    NoExtern,
    /// Any internal reference (`any`).
    Any,
    /// References comparable with `ref.eq` (`eq`).
    Eq,
    /// Unboxed 31-bit integers (`i31`).
    I31,
    /// Any struct (`struct`).
    Struct,
    /// Any array (`array`).
    Array,
    /// The bottom of the internal hierarchy (`none`).
    None,
    /// Exception references (`exn`).
    Exn,
    /// The bottom of the exception hierarchy (`noexn`).
    NoExn,
    /// Any continuation (`cont`).
    Cont,
    /// The bottom of the continuation hierarchy (`nocont`).
    NoCont,
    /// A concrete (module-defined) type.
    Concrete(TypeId),
}

impl HeapType {
    /// Every abstract heap type (all but `Concrete`), in declaration order.
    pub(crate) const ABSTRACT: [HeapType; 14] = [
        HeapType::Func,
        HeapType::NoFunc,
        HeapType::Extern,
        HeapType::NoExtern,
        HeapType::Any,
        HeapType::Eq,
        HeapType::I31,
        HeapType::Struct,
        HeapType::Array,
        HeapType::None,
        HeapType::Exn,
        HeapType::NoExn,
        HeapType::Cont,
        HeapType::NoCont,
    ];
}

/// A reference type: a heap type plus nullability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefType {
    /// Whether the reference may be null.
    pub nullable: bool,
    /// What the reference points to.
    pub heap_type: HeapType,
}

impl RefType {
    /// `funcref`: a nullable function reference.
    pub const FUNCREF: RefType = RefType {
        nullable: true,
        heap_type: HeapType::Func,
    };
    /// `externref`: a nullable host reference.
    pub const EXTERNREF: RefType = RefType {
        nullable: true,
        heap_type: HeapType::Extern,
    };
    /// `exnref`: a nullable exception reference.
    pub const EXNREF: RefType = RefType {
        nullable: true,
        heap_type: HeapType::Exn,
    };
}

/// A value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// 128-bit vector.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);

    /// Is this a reference type?
    pub fn is_ref(&self) -> bool {
        matches!(self, ValType::Ref(_))
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            HeapType::Func => "func",
            HeapType::NoFunc => "nofunc",
            HeapType::Extern => "extern",
            HeapType::NoExtern => "noextern",
            HeapType::Any => "any",
            HeapType::Eq => "eq",
            HeapType::I31 => "i31",
            HeapType::Struct => "struct",
            HeapType::Array => "array",
            HeapType::None => "none",
            HeapType::Exn => "exn",
            HeapType::NoExn => "noexn",
            HeapType::Cont => "cont",
            HeapType::NoCont => "nocont",
            HeapType::Concrete(id) => return write!(f, "{}", id.0),
        };
        f.write_str(s)
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => {
                if r.nullable {
                    write!(f, "(ref null {})", r.heap_type)
                } else {
                    write!(f, "(ref {})", r.heap_type)
                }
            }
        }
    }
}

/// A function type: parameters and results.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FuncType {
    params: Vec<ValType>,
    results: Vec<ValType>,
}

impl FuncType {
    /// A function type from its parameters and results.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        FuncType {
            params: params.into_iter().collect(),
            results: results.into_iter().collect(),
        }
    }
    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.params
    }
    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.results
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(func")?;
        for p in &self.params {
            write!(f, " (param {p})")?;
        }
        for r in &self.results {
            write!(f, " (result {r})")?;
        }
        write!(f, ")")
    }
}

/// Mutability of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// A global's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// The type of the value.
    pub content: ValType,
    /// Whether it can be set.
    pub mutability: Mutability,
}

/// A table's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    /// The type of the elements.
    pub element: RefType,
    /// The minimum (initial) size.
    pub min: u64,
    /// The maximum size, if any.
    pub max: Option<u64>,
    /// Whether it is indexed by `i64` (table64) rather than `i32`.
    pub table64: bool,
}

/// A linear memory's type (sizes in 64 KiB pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoryType {
    /// The minimum (initial) size.
    pub min: u64,
    /// The maximum size, if any.
    pub max: Option<u64>,
    /// Whether it is addressed by `i64` (memory64) rather than `i32`.
    pub memory64: bool,
}

impl MemoryType {
    /// A 32-bit memory type with the given page limits.
    pub fn new(min: u64, max: Option<u64>) -> Self {
        MemoryType {
            min,
            max,
            memory64: false,
        }
    }

    /// A 64-bit (memory64) memory type with the given page limits.
    pub fn new64(min: u64, max: Option<u64>) -> Self {
        MemoryType {
            min,
            max,
            memory64: true,
        }
    }

    /// The largest size in pages its index type allows: 2^16 for a 32-bit
    /// memory, 2^48 for a 64-bit one.
    pub fn max_pages_limit(&self) -> u64 {
        if self.memory64 {
            1 << 48
        } else {
            1 << 16
        }
    }
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
    /// A tag (its parameters are the payload).
    Tag(FuncType),
}
