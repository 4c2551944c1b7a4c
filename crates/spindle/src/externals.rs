//! Handles to the store's globals, tables, memories and tags, and `Extern`.

use anyhow::{bail, Result};

use crate::convert::val_to_slot;
use crate::store::{AsContext, AsContextMut, GlobalEntity, MemoryEntity, StoreOpaque, TableEntity};
use crate::types::{GlobalType, MemoryType, Mutability, TableType, ValType};
use crate::values::Func;
use crate::values::Val;

/// A global variable in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// A table in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// A linear memory in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// An exception/continuation tag in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// Anything that can be imported or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A linear memory.
    Memory(Memory),
    /// A tag.
    Tag(Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }
    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<Tag> {
        match self {
            Extern::Tag(t) => Some(t),
            _ => None,
        }
    }
    pub(crate) fn store_id(&self) -> u64 {
        match self {
            Extern::Func(x) => x.store,
            Extern::Global(x) => x.store,
            Extern::Table(x) => x.store,
            Extern::Memory(x) => x.store,
            Extern::Tag(x) => x.store,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}
impl From<Tag> for Extern {
    fn from(t: Tag) -> Self {
        Extern::Tag(t)
    }
}

fn check_val(s: &StoreOpaque, v: &Val, ty: &ValType) -> Result<()> {
    if !s.val_matches(v, ty) {
        bail!("value {v:?} does not have type {ty}");
    }
    Ok(())
}

/// The high half of a `v128` value's slots (0 for other values).
fn v128_hi(v: &Val) -> u64 {
    match v {
        Val::V128(x) => (x >> 64) as u64,
        _ => 0,
    }
}

impl Global {
    /// A new global with an initial value.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global> {
        let s = &mut store.as_store_mut().opaque;
        check_val(s, &val, &ty.content)?;
        s.globals.push(GlobalEntity {
            ty,
            value: val_to_slot(&val),
            hi: v128_hi(&val),
        });
        Ok(Global {
            store: s.id,
            index: (s.globals.len() - 1) as u32,
        })
    }
    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        store.as_store().opaque.globals[self.index as usize].ty
    }
    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let s = &store.as_store().opaque;
        let g = &s.globals[self.index as usize];
        match g.ty.content {
            ValType::V128 => Val::V128(g.value as u128 | (g.hi as u128) << 64),
            _ => s.host_val(&g.ty.content, g.value),
        }
    }
    /// Sets a mutable global.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let s = &mut store.as_store_mut().opaque;
        let ty = s.globals[self.index as usize].ty;
        if ty.mutability != Mutability::Var {
            bail!("global is immutable");
        }
        check_val(s, &val, &ty.content)?;
        s.globals[self.index as usize].value = val_to_slot(&val);
        s.globals[self.index as usize].hi = v128_hi(&val);
        Ok(())
    }
}

impl Table {
    /// A new table filled with `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let s = &mut store.as_store_mut().opaque;
        check_val(s, &init, &ValType::Ref(ty.element))?;
        let v = val_to_slot(&init);
        s.tables.push(TableEntity {
            ty,
            elements: vec![v; ty.min as usize],
        });
        Ok(Table {
            store: s.id,
            index: (s.tables.len() - 1) as u32,
        })
    }
    /// The table's type (with its current size as minimum).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        store.as_store().opaque.tables[self.index as usize].ty
    }
    /// Current number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        store.as_store().opaque.tables[self.index as usize]
            .elements
            .len() as u64
    }
    /// The element at `index`.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let s = &store.as_store().opaque;
        let t = &s.tables[self.index as usize];
        let v = *t.elements.get(index as usize)?;
        Some(s.host_val(&ValType::Ref(t.ty.element), v))
    }
}

impl Memory {
    /// A new memory of `ty.min` pages.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let s = &mut store.as_store_mut().opaque;
        if ty.min > ty.max_pages_limit() {
            bail!("memory size must be at most {} pages", ty.max_pages_limit());
        }
        let Some(m) = MemoryEntity::new(ty) else {
            bail!("memory too large");
        };
        s.memories.push(m);
        Ok(Memory {
            store: s.id,
            index: (s.memories.len() - 1) as u32,
        })
    }
    /// The memory's contents.
    pub fn data<'a, T: 'a>(&self, store: &'a impl AsContext<Data = T>) -> &'a [u8] {
        store.as_store().opaque.memories[self.index as usize]
            .data
            .bytes()
    }
    /// The memory's contents, mutably.
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        store.as_store_mut().opaque.memories[self.index as usize]
            .data
            .bytes_mut()
    }
    /// Size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        store.as_store().opaque.memories[self.index as usize].pages()
    }
    /// Grows by `delta` pages; returns the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        store.as_store_mut().opaque.memories[self.index as usize]
            .grow(delta)
            .ok_or_else(|| anyhow::anyhow!("failed to grow memory by {delta} pages"))
    }
    /// Reads `buf.len()` bytes at `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let d = store.as_store().opaque.memories[self.index as usize]
            .data
            .bytes();
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| d.get(offset..end))
            .ok_or_else(|| anyhow::anyhow!("out of bounds memory access"))?;
        buf.copy_from_slice(src);
        Ok(())
    }
    /// Writes `buf` at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let d = store.as_store_mut().opaque.memories[self.index as usize]
            .data
            .bytes_mut();
        let dst = offset
            .checked_add(buf.len())
            .and_then(|end| d.get_mut(offset..end))
            .ok_or_else(|| anyhow::anyhow!("out of bounds memory access"))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}

impl Tag {
    /// A new tag with the given parameter and result types.
    ///
    /// # Panics
    ///
    /// If `ty` names a concrete (module-defined) reference type, which host
    /// tags do not support yet; [`Tag::try_new`] returns that error.
    pub fn new(store: impl AsContextMut, ty: &crate::FuncType) -> Tag {
        Tag::try_new(store, ty).unwrap_or_else(|e| panic!("Tag::new: {e}"))
    }

    /// A new tag with the given parameter and result types; an error if
    /// the engine cannot name `ty` (a concrete reference type).
    pub fn try_new(mut store: impl AsContextMut, ty: &crate::FuncType) -> anyhow::Result<Tag> {
        let s = &mut store.as_store_mut().opaque;
        let tid = s.engine.intern_func_type(ty)?;
        s.tags.push(crate::store::TagEntity::new(&s.engine, tid));
        Ok(Tag {
            store: s.id,
            index: (s.tags.len() - 1) as u32,
        })
    }
}
