//! `AnyRef`'s methods that read and write GC objects through a store:
//! the type of a struct or array, its fields and elements as `Val`s
//! (typed by the object's type), an array's length. (The value itself and
//! its store-free predicates, `i31`, `is_struct`, ..., are in
//! `values.rs`.)

use anyhow::{bail, Result};
use wasmparser::{CompositeInnerType, StorageType};

use crate::convert::{val_to_slot, val_type};
use crate::gc::EXTERNALIZED;
use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::types::{TypeId, ValType};
use crate::values::{AnyRef, Val};

/// How a field or element reads as a `Val`: packed ones as an `i32`
/// (zero-extended, like `struct.get_u`).
fn storage_val_type(s: &StorageType) -> ValType {
    match s {
        StorageType::I8 | StorageType::I16 => ValType::I32,
        StorageType::Val(v) => val_type(*v),
    }
}

impl AnyRef {
    /// The word of a struct or array of `s`, if this is one (and still in
    /// `s`, which it is while the host holds it).
    fn object(&self, s: &StoreOpaque) -> Option<u64> {
        let w = self.bits & !EXTERNALIZED;
        (self.store == s.id && s.gc.resolve(w).is_some()).then_some(w)
    }

    /// The canonical type of a struct or array (`None` for an `i31ref` or
    /// a host reference).
    pub fn ty(&self, store: impl AsContext) -> Option<TypeId> {
        let s = &store.as_store().opaque;
        Some(s.gc.type_of(self.object(s)?))
    }

    /// Storage type of field `i` of struct type `ty` (and mutability).
    fn field_type(s: &StoreOpaque, ty: TypeId, i: usize) -> Option<(StorageType, bool)> {
        let reg = s.engine.types();
        match &reg.get(ty).sub.composite_type.inner {
            CompositeInnerType::Struct(st) => st.fields.get(i).map(|f| (f.element_type, f.mutable)),
            CompositeInnerType::Array(a) => Some((a.0.element_type, a.0.mutable)),
            _ => None,
        }
    }

    /// Field `i` of a struct (`None` if this is not a struct or has no
    /// such field). References read this way stay alive while the host
    /// may hold them.
    pub fn field(&self, store: impl AsContext, i: usize) -> Option<Val> {
        let s = &store.as_store().opaque;
        let w = self.object(s).filter(|_| self.is_struct())?;
        let (st, _) = Self::field_type(s, s.gc.type_of(w), i)?;
        Some(s.host_val(&storage_val_type(&st), s.gc.field(w, i as u32)))
    }

    /// Sets field `i` of a struct: it must exist, be mutable and `val`
    /// must have its type (a packed field keeps the low bits of an `i32`).
    pub fn set_field(&self, mut store: impl AsContextMut, i: usize, val: Val) -> Result<()> {
        let s = &mut store.as_store_mut().opaque;
        let Some(w) = self.object(s).filter(|_| self.is_struct()) else {
            bail!("not a struct of this store");
        };
        let Some((st, mutable)) = Self::field_type(s, s.gc.type_of(w), i) else {
            bail!("no field {i}");
        };
        if !mutable {
            bail!("field {i} is immutable");
        }
        let ty = storage_val_type(&st);
        if !s.val_matches(&val, &ty) {
            bail!("value {val:?} does not have type {ty}");
        }
        let bits = match st {
            StorageType::I8 => val_to_slot(&val) & 0xff,
            StorageType::I16 => val_to_slot(&val) & 0xffff,
            StorageType::Val(_) => val_to_slot(&val),
        };
        s.gc.set_field(w, i as u32, bits);
        Ok(())
    }

    /// The length of an array (`None` if this is not one).
    pub fn array_len(&self, store: impl AsContext) -> Option<u32> {
        let s = &store.as_store().opaque;
        let w = self.object(s).filter(|_| self.is_array())?;
        Some(s.gc.object(w).body.len() as u32)
    }

    /// Element `i` of an array (`None` if this is not an array or `i` is
    /// out of bounds); packed elements read as zero-extended `i32`s.
    pub fn element(&self, store: impl AsContext, i: u32) -> Option<Val> {
        let s = &store.as_store().opaque;
        let w = self.object(s).filter(|_| self.is_array())?;
        let o = s.gc.object(w);
        if i as usize >= o.body.len() {
            return None;
        }
        let (st, _) = Self::field_type(s, o.ty, 0)?;
        Some(s.host_val(&storage_val_type(&st), o.body.get(i as usize, false)))
    }
}
