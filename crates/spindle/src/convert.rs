//! Conversions between the decoder's types and the public ones, and between
//! `Val` and the interpreter's 64-bit slots.

use wasmparser::types::EntityType;
use wasmparser::{AbstractHeapType as A, CompositeInnerType, ExternalKind};

use crate::engine::{type_id, Engine};
use crate::module::ModuleInner;
use crate::types::*;
use crate::values::{AnyRef, ContRef, ExnRef, ExternRef, Func, Val};

pub(crate) fn heap_type(h: wasmparser::HeapType) -> HeapType {
    match h {
        wasmparser::HeapType::Abstract { ty, .. } => match ty {
            A::Func => HeapType::Func,
            A::NoFunc => HeapType::NoFunc,
            A::Extern => HeapType::Extern,
            A::NoExtern => HeapType::NoExtern,
            A::Any => HeapType::Any,
            A::Eq => HeapType::Eq,
            A::I31 => HeapType::I31,
            A::Struct => HeapType::Struct,
            A::Array => HeapType::Array,
            A::None => HeapType::None,
            A::Exn => HeapType::Exn,
            A::NoExn => HeapType::NoExn,
            A::Cont => HeapType::Cont,
            A::NoCont => HeapType::NoCont,
        },
        wasmparser::HeapType::Concrete(idx) | wasmparser::HeapType::Exact(idx) => {
            HeapType::Concrete(type_id(idx.as_core_type_id().expect("canonicalised type")))
        }
    }
}

pub(crate) fn ref_type(r: wasmparser::RefType) -> RefType {
    RefType {
        nullable: r.is_nullable(),
        heap_type: heap_type(r.heap_type()),
    }
}

pub(crate) fn val_type(v: wasmparser::ValType) -> ValType {
    match v {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(ref_type(r)),
    }
}

pub(crate) fn func_type_of(engine: &Engine, id: TypeId) -> FuncType {
    let reg = engine.types();
    let f = reg.get(id).sub.unwrap_func();
    FuncType::new(
        f.params().iter().copied().map(val_type),
        f.results().iter().copied().map(val_type),
    )
}

pub(crate) fn table_type(t: &wasmparser::TableType) -> TableType {
    TableType {
        element: ref_type(t.element_type),
        min: t.initial,
        max: t.maximum,
        table64: t.table64,
    }
}

pub(crate) fn memory_type(m: &wasmparser::MemoryType) -> MemoryType {
    MemoryType {
        min: m.initial,
        max: m.maximum,
        memory64: m.memory64,
    }
}

pub(crate) fn global_type(g: &wasmparser::GlobalType) -> GlobalType {
    GlobalType {
        content: val_type(g.content_type),
        mutability: if g.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    }
}

pub(crate) fn entity_type(m: &ModuleInner, e: &EntityType) -> ExternType {
    match e {
        EntityType::Func(id) | EntityType::FuncExact(id) => {
            ExternType::Func(func_type_of(&m.engine, type_id(*id)))
        }
        EntityType::Table(t) => ExternType::Table(table_type(t)),
        EntityType::Memory(t) => ExternType::Memory(memory_type(t)),
        EntityType::Global(g) => ExternType::Global(global_type(g)),
        EntityType::Tag(id) => ExternType::Tag(func_type_of(&m.engine, type_id(*id))),
    }
}

pub(crate) fn export_type(m: &ModuleInner, kind: ExternalKind, index: u32) -> ExternType {
    let i = index as usize;
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => {
            ExternType::Func(func_type_of(&m.engine, m.funcs[i]))
        }
        ExternalKind::Table => ExternType::Table(table_type(&m.tables[i].ty)),
        ExternalKind::Memory => ExternType::Memory(memory_type(&m.memories[i])),
        ExternalKind::Global => ExternType::Global(global_type(&m.globals[i].ty)),
        ExternalKind::Tag => ExternType::Tag(func_type_of(&m.engine, m.tags[i])),
    }
}

/// The abstract top of a heap type: which kind of reference it is.
pub(crate) fn ref_kind(engine: &Engine, h: HeapType) -> HeapType {
    match h {
        HeapType::Func | HeapType::NoFunc => HeapType::Func,
        HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
        HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        HeapType::Cont | HeapType::NoCont => HeapType::Cont,
        HeapType::Concrete(id) => match engine.types().get(id).sub.composite_type.inner {
            CompositeInnerType::Func(_) => HeapType::Func,
            CompositeInnerType::Cont(_) => HeapType::Cont,
            _ => HeapType::Any,
        },
        _ => HeapType::Any,
    }
}

/// Slots a value of type `t` takes: two for a `v128` (low half first),
/// one for everything else.
pub(crate) fn slot_width(t: wasmparser::ValType) -> u32 {
    if t == wasmparser::ValType::V128 {
        2
    } else {
        1
    }
}

/// Slots the values of `types` take together (see `slot_width`): every
/// instruction that moves a run of values moves this many slots.
pub(crate) fn slot_count(types: &[wasmparser::ValType]) -> u32 {
    types.iter().map(|&t| slot_width(t)).sum()
}

/// `slot_count` of public types.
pub(crate) fn val_slot_count(types: &[ValType]) -> usize {
    types
        .iter()
        .map(|t| if *t == ValType::V128 { 2 } else { 1 })
        .sum()
}

/// Encodes values in consecutive slots (a `v128` takes two).
pub(crate) fn vals_to_slots(vals: &[Val]) -> Vec<u64> {
    let mut out = Vec::with_capacity(vals.len());
    for v in vals {
        out.push(val_to_slot(v));
        if let Val::V128(x) = v {
            out.push((x >> 64) as u64);
        }
    }
    out
}

/// Encodes a value in a slot (the low half of a `v128`).
pub(crate) fn val_to_slot(v: &Val) -> u64 {
    match *v {
        Val::I32(x) => x as u32 as u64,
        Val::I64(x) => x as u64,
        Val::F32(x) => x as u64,
        Val::F64(x) => x,
        Val::V128(x) => x as u64,
        Val::FuncRef(f) => f.map_or(0, |f| f.index as u64 + 1),
        Val::ExternRef(e) => e.map_or(0, |e| e.0 as u64 + 1),
        Val::ExnRef(e) => e.map_or(0, |e| e.bits),
        Val::ContRef(c) => c.map_or(0, |c| c.bits),
        Val::AnyRef(a) => a.bits,
        Val::NullRef => 0,
    }
}

/// Decodes a slot holding a value of type `ty`.
pub(crate) fn slot_to_val(engine: &Engine, store: u64, ty: &ValType, s: u64) -> Val {
    match ty {
        ValType::I32 => Val::I32(s as u32 as i32),
        ValType::I64 => Val::I64(s as i64),
        ValType::F32 => Val::F32(s as u32),
        ValType::F64 => Val::F64(s),
        ValType::V128 => Val::V128(s as u128),
        ValType::Ref(r) => match ref_kind(engine, r.heap_type) {
            HeapType::Func => Val::FuncRef((s != 0).then(|| Func {
                store,
                index: (s - 1) as u32,
            })),
            // An `anyref` made external (`gc/heap.rs`: bit 63).
            HeapType::Extern if s >> 63 != 0 => Val::AnyRef(AnyRef { store, bits: s }),
            HeapType::Extern => Val::ExternRef((s != 0).then(|| ExternRef((s - 1) as u32))),
            HeapType::Exn => Val::ExnRef((s != 0).then_some(ExnRef { store, bits: s })),
            HeapType::Cont => Val::ContRef((s != 0).then_some(ContRef { store, bits: s })),
            // i31 values and internal host references belong to no store.
            _ if s & 3 == 2 => Val::AnyRef(AnyRef { store, bits: s }),
            _ if s != 0 => Val::AnyRef(AnyRef { store: 0, bits: s }),
            _ => Val::NullRef,
        },
    }
}

/// Does the value have (a subtype of) type `ty`? Used to check host-provided
/// arguments, results and global/table values.
/// `obj_ty` gives the type of a struct or array word (`None` if it names
/// no live object).
pub(crate) fn val_matches(
    engine: &Engine,
    funcs_ty: impl Fn(u32) -> TypeId,
    obj_ty: impl Fn(u64) -> Option<TypeId>,
    v: &Val,
    ty: &ValType,
) -> bool {
    match (v, ty) {
        (Val::I32(_), ValType::I32)
        | (Val::I64(_), ValType::I64)
        | (Val::F32(_), ValType::F32)
        | (Val::F64(_), ValType::F64)
        | (Val::V128(_), ValType::V128) => true,
        (_, ValType::Ref(r)) => {
            if v.is_null() {
                return r.nullable;
            }
            let kind = ref_kind(engine, r.heap_type);
            match v {
                Val::FuncRef(Some(f)) => {
                    kind == HeapType::Func
                        && match r.heap_type {
                            HeapType::Concrete(id) => {
                                engine.types().is_subtype(funcs_ty(f.index), id)
                            }
                            HeapType::NoFunc => false,
                            _ => true,
                        }
                }
                Val::ExternRef(Some(_)) => r.heap_type == HeapType::Extern,
                Val::ExnRef(Some(_)) => r.heap_type == HeapType::Exn,
                Val::ContRef(Some(_)) => kind == HeapType::Cont,
                Val::AnyRef(a) if a.is_externalized() => r.heap_type == HeapType::Extern,
                Val::AnyRef(a) => match r.heap_type {
                    HeapType::Any => true,
                    HeapType::Eq => a.is_eq(),
                    HeapType::I31 => a.i31().is_some(),
                    HeapType::Struct => a.is_struct(),
                    HeapType::Array => a.is_array(),
                    HeapType::Concrete(id) => {
                        obj_ty(a.bits).is_some_and(|t| engine.types().is_subtype(t, id))
                    }
                    _ => false,
                },
                _ => false,
            }
        }
        _ => false,
    }
}
