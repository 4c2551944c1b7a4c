//! Instantiation: link-time import checks, allocation of the module's
//! entities in the store, constant-expression evaluation, segment
//! initialisation and the start function.

use anyhow::{anyhow, bail, Result};
use wasmparser::types::EntityType;
use wasmparser::ExternalKind;

use crate::convert::{global_type, memory_type, table_type, val_type};
use crate::engine::{type_id, TypeRegistry};
use crate::externals::{Extern, Global, Memory, Table, Tag};
use crate::module::{ConstExpr, ConstOp, DataMode, ElemMode, Module, ModuleInner};
use crate::store::{
    AsContextMut, FuncEntity, FuncKind, GlobalEntity, InstanceEntity, MemoryEntity, Store,
    StoreOpaque, TableEntity, TagEntity,
};
use crate::trap::{Trap, TrapCode};
use crate::types::{HeapType, Mutability, RefType, ValType};
use crate::values::Func;

/// An instantiated module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Instance {
    /// Instantiates `module` with `imports` given in the module's import
    /// order.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        instantiate(store.as_store_mut(), module, imports)
    }

    /// The export called `name`.
    pub fn get_export<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        name: &str,
    ) -> Option<Extern> {
        let s = &store.as_store_mut().opaque;
        let inst = &s.instances[self.index as usize];
        let module = inst.module.as_ref()?;
        let (_, kind, idx) = module.inner.exports.iter().find(|(n, _, _)| n == name)?;
        Some(export_extern(s, inst, *kind, *idx))
    }

    /// All exports, in the module's order.
    pub fn exports<T>(&self, mut store: impl AsContextMut<Data = T>) -> Vec<(String, Extern)> {
        let s = &store.as_store_mut().opaque;
        let inst = &s.instances[self.index as usize];
        let Some(module) = inst.module.as_ref() else {
            return Vec::new();
        };
        module
            .inner
            .exports
            .iter()
            .map(|(n, k, i)| (n.clone(), export_extern(s, inst, *k, *i)))
            .collect()
    }

    /// The exported function called `name`.
    pub fn get_func<T>(&self, store: impl AsContextMut<Data = T>, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name`, typed.
    pub fn get_typed_func<P: crate::WasmParams, R: crate::WasmResults, T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        name: &str,
    ) -> Result<crate::TypedFunc<P, R>> {
        let f = self
            .get_func(&mut store, name)
            .ok_or_else(|| anyhow!("no exported function `{name}`"))?;
        f.typed(&store)
    }

    /// The exported global called `name`.
    pub fn get_global<T>(&self, store: impl AsContextMut<Data = T>, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported memory called `name`.
    pub fn get_memory<T>(&self, store: impl AsContextMut<Data = T>, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported tag called `name`.
    pub fn get_tag<T>(&self, store: impl AsContextMut<Data = T>, name: &str) -> Option<Tag> {
        self.get_export(store, name)?.into_tag()
    }

    /// The exported table called `name`.
    pub fn get_table<T>(&self, store: impl AsContextMut<Data = T>, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
}

fn export_extern(s: &StoreOpaque, inst: &InstanceEntity, kind: ExternalKind, idx: u32) -> Extern {
    let i = idx as usize;
    let store = s.id;
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => Extern::Func(Func {
            store,
            index: inst.funcs[i],
        }),
        ExternalKind::Table => Extern::Table(Table {
            store,
            index: inst.tables[i],
        }),
        ExternalKind::Memory => Extern::Memory(Memory {
            store,
            index: inst.memories[i],
        }),
        ExternalKind::Global => Extern::Global(Global {
            store,
            index: inst.globals[i],
        }),
        ExternalKind::Tag => Extern::Tag(Tag {
            store,
            index: inst.tags[i],
        }),
    }
}

/// Is heap type `a` a subtype of `b`?
pub(crate) fn heap_subtype(reg: &TypeRegistry, a: HeapType, b: HeapType) -> bool {
    use wasmparser::CompositeInnerType as C;
    use HeapType::*;
    if a == b {
        return true;
    }
    let concrete_kind = |id| match reg.get(id).sub.composite_type.inner {
        C::Func(_) => Func,
        C::Cont(_) => Cont,
        C::Struct(_) => Struct,
        C::Array(_) => Array,
    };
    match (a, b) {
        (Concrete(x), Concrete(y)) => reg.is_subtype(x, y),
        (Concrete(x), _) => {
            let k = concrete_kind(x);
            k == b || (matches!(k, Struct | Array) && matches!(b, Eq | Any))
        }
        (NoFunc, Concrete(y)) => concrete_kind(y) == Func,
        (NoCont, Concrete(y)) => concrete_kind(y) == Cont,
        (None, Concrete(y)) => matches!(concrete_kind(y), Struct | Array),
        (NoFunc, Func) | (NoExtern, Extern) | (NoExn, Exn) | (NoCont, Cont) => true,
        (None, Any | Eq | I31 | Struct | Array) => true,
        (I31 | Struct | Array, Eq | Any) | (Eq, Any) => true,
        _ => false,
    }
}

pub(crate) fn val_subtype(reg: &TypeRegistry, a: &ValType, b: &ValType) -> bool {
    match (a, b) {
        (ValType::Ref(x), ValType::Ref(y)) => ref_subtype(reg, x, y),
        _ => a == b,
    }
}

fn ref_subtype(reg: &TypeRegistry, a: &RefType, b: &RefType) -> bool {
    (!a.nullable || b.nullable) && heap_subtype(reg, a.heap_type, b.heap_type)
}

fn limits_match(amin: u64, amax: Option<u64>, bmin: u64, bmax: Option<u64>) -> bool {
    amin >= bmin
        && match bmax {
            None => true,
            Some(bm) => matches!(amax, Some(am) if am <= bm),
        }
}

fn check_import(s: &StoreOpaque, expected: &EntityType, actual: &Extern) -> Result<()> {
    let reg = s.engine.types();
    let ok = match (expected, actual) {
        (EntityType::Func(id) | EntityType::FuncExact(id), Extern::Func(f)) => {
            reg.is_subtype(s.funcs[f.index as usize].ty, type_id(*id))
        }
        (EntityType::Global(g), Extern::Global(x)) => {
            let want = global_type(g);
            let have = s.globals[x.index as usize].ty;
            want.mutability == have.mutability
                && match want.mutability {
                    Mutability::Const => val_subtype(&reg, &have.content, &want.content),
                    Mutability::Var => {
                        val_subtype(&reg, &have.content, &want.content)
                            && val_subtype(&reg, &want.content, &have.content)
                    }
                }
        }
        (EntityType::Table(t), Extern::Table(x)) => {
            let want = table_type(t);
            let have = &s.tables[x.index as usize];
            let (he, we) = (ValType::Ref(have.ty.element), ValType::Ref(want.element));
            have.ty.table64 == want.table64
                && val_subtype(&reg, &he, &we)
                && val_subtype(&reg, &we, &he)
                && limits_match(have.elements.len() as u64, have.ty.max, want.min, want.max)
        }
        (EntityType::Memory(m), Extern::Memory(x)) => {
            let want = memory_type(m);
            let have = &s.memories[x.index as usize];
            have.ty.memory64 == want.memory64
                && limits_match(have.pages(), have.ty.max, want.min, want.max)
        }
        (EntityType::Tag(id), Extern::Tag(x)) => s.tags[x.index as usize].ty == type_id(*id),
        _ => false,
    };
    if !ok {
        // The spec tests match the first words.
        bail!(
            "incompatible import type: expected {}, found {}",
            describe_expected(s, expected),
            describe_actual(s, actual)
        );
    }
    Ok(())
}

/// `i64 ` for a 64-bit table or memory, as the text format writes it.
fn index_type(is64: bool) -> &'static str {
    if is64 {
        "i64 "
    } else {
        ""
    }
}

fn limits(min: u64, max: Option<u64>) -> String {
    match max {
        Some(max) => format!("{min} {max}"),
        None => min.to_string(),
    }
}

fn describe_global(g: &crate::types::GlobalType) -> String {
    match g.mutability {
        Mutability::Const => format!("(global {})", g.content),
        Mutability::Var => format!("(global (mut {}))", g.content),
    }
}

fn describe_func(s: &StoreOpaque, kind: &str, ty: crate::types::TypeId) -> String {
    let f = crate::convert::func_type_of(&s.engine, ty).to_string();
    // `(func (param i32))` -> `(tag (param i32))`
    format!("({kind}{}", &f["(func".len()..])
}

/// An import's type in text-format words, for link errors.
fn describe_expected(s: &StoreOpaque, expected: &EntityType) -> String {
    match expected {
        EntityType::Func(id) | EntityType::FuncExact(id) => describe_func(s, "func", type_id(*id)),
        EntityType::Tag(id) => describe_func(s, "tag", type_id(*id)),
        EntityType::Global(g) => describe_global(&global_type(g)),
        EntityType::Table(t) => {
            let t = table_type(t);
            format!(
                "(table {}{} {})",
                index_type(t.table64),
                limits(t.min, t.max),
                ValType::Ref(t.element)
            )
        }
        EntityType::Memory(m) => {
            let m = memory_type(m);
            format!(
                "(memory {}{})",
                index_type(m.memory64),
                limits(m.min, m.max)
            )
        }
    }
}

/// The type of what was supplied for an import, in text-format words.
fn describe_actual(s: &StoreOpaque, actual: &Extern) -> String {
    match actual {
        Extern::Func(f) => describe_func(s, "func", s.funcs[f.index as usize].ty),
        Extern::Tag(t) => describe_func(s, "tag", s.tags[t.index as usize].ty),
        Extern::Global(g) => describe_global(&s.globals[g.index as usize].ty),
        Extern::Table(t) => {
            let t = &s.tables[t.index as usize];
            let size = t.elements.len() as u64;
            format!(
                "(table {}{} {})",
                index_type(t.ty.table64),
                limits(size, t.ty.max),
                ValType::Ref(t.ty.element)
            )
        }
        Extern::Memory(m) => {
            let m = &s.memories[m.index as usize];
            format!(
                "(memory {}{})",
                index_type(m.ty.memory64),
                limits(m.pages(), m.ty.max)
            )
        }
    }
}

/// An active segment's offset as an index: an `i32` offset of a 32-bit
/// table or memory, the whole `i64` of a 64-bit one (`usize::MAX`, out of
/// bounds, if it does not fit).
fn segment_offset(value: u64, is64: bool) -> usize {
    if is64 {
        usize::try_from(value).unwrap_or(usize::MAX)
    } else {
        value as u32 as usize
    }
}

/// Evaluates a constant expression in a partly built instance (`types`:
/// the module's canonical types); a `v128` takes all 128 bits. An
/// allocation beyond the GC heap's limits is a trap.
fn eval_const_wide(
    globals: &[GlobalEntity],
    gc: &mut crate::gc::GcHeap,
    types: &[crate::types::TypeId],
    inst: &InstanceEntity,
    expr: &ConstExpr,
) -> Result<u128, Trap> {
    let mut stack: Vec<u128> = Vec::with_capacity(2);
    for op in expr {
        let v = match *op {
            ConstOp::I32(v) => v as u32 as u128,
            ConstOp::I64(v) => v as u64 as u128,
            ConstOp::V128(v) => v,
            ConstOp::F32(v) => v as u128,
            ConstOp::F64(v) => v as u128,
            ConstOp::RefNull => 0,
            ConstOp::RefFunc(f) => inst.funcs[f as usize] as u128 + 1,
            ConstOp::GlobalGet(g) => {
                let g = &globals[inst.globals[g as usize] as usize];
                g.value as u128 | (g.hi as u128) << 64
            }
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = stack.pop().unwrap() as u32;
                let a = stack.pop().unwrap() as u32;
                (match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = stack.pop().unwrap() as u64;
                let a = stack.pop().unwrap() as u64;
                (match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
            ConstOp::Gc(ref g) => {
                // GC operands are one word each (`v128` fields are not
                // supported: `gc/heap.rs` `Storage::of`).
                let mut words: Vec<u64> = stack.drain(..).map(|v| v as u64).collect();
                let v = crate::gc::eval_const_op(gc, types, g, &mut words).map_err(Trap::new)?;
                stack.extend(words.into_iter().map(u128::from));
                v as u128
            }
        };
        stack.push(v);
    }
    Ok(stack.pop().unwrap_or(0))
}

/// `eval_const_wide` of a one-slot value.
fn eval_const(
    globals: &[GlobalEntity],
    gc: &mut crate::gc::GcHeap,
    types: &[crate::types::TypeId],
    inst: &InstanceEntity,
    expr: &ConstExpr,
) -> Result<u64, Trap> {
    eval_const_wide(globals, gc, types, inst, expr).map(|v| v as u64)
}

pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    let m = &*module.inner;
    if !crate::Engine::same(&m.engine, &store.opaque.engine) {
        bail!("module and store belong to different engines");
    }
    if imports.len() != m.imports.len() {
        bail!(
            "expected {} imports, got {}",
            m.imports.len(),
            imports.len()
        );
    }
    let s = &mut store.opaque;
    let mut inst = InstanceEntity {
        module: Some(module.clone()),
        ..Default::default()
    };
    resolve_imports(s, m, imports, &mut inst)?;
    let index = s.instances.len() as u32;
    allocate(s, m, &mut inst, index)?;
    s.instances.push(inst);
    let instance = Instance { store: s.id, index };
    init_segments(s, m, index)?;
    if let Some(start) = m.start {
        let f = s.instances[index as usize].funcs[start as usize];
        crate::func::call_raw(store, f, &[])?;
    }
    let _ = val_type;
    Ok(instance)
}

/// Checks `imports` against the module's and records them in `inst`.
fn resolve_imports(
    s: &StoreOpaque,
    m: &ModuleInner,
    imports: &[Extern],
    inst: &mut InstanceEntity,
) -> Result<()> {
    for (decl, ext) in m.imports.iter().zip(imports) {
        if ext.store_id() != s.id {
            bail!(
                "import `{}::{}` comes from another store",
                decl.module,
                decl.name
            );
        }
        check_import(s, &decl.ty, ext)
            .map_err(|e| anyhow!("{e}: import `{}::{}`", decl.module, decl.name))?;
        match *ext {
            Extern::Func(f) => inst.funcs.push(f.index),
            Extern::Global(g) => inst.globals.push(g.index),
            Extern::Table(t) => inst.tables.push(t.index),
            Extern::Memory(x) => inst.memories.push(x.index),
            Extern::Tag(t) => inst.tags.push(t.index),
        }
    }
    Ok(())
}

/// Allocates the instance's own entities in the store (functions first:
/// constant expressions may take their references), then its element and
/// data segments, recording them in `inst`, which will be instance `index`.
fn allocate(
    s: &mut StoreOpaque,
    m: &ModuleInner,
    inst: &mut InstanceEntity,
    index: u32,
) -> Result<()> {
    s.gc.register_types(&s.engine, &m.types);
    let first_func = s.funcs.len();
    for i in 0..m.code.len() {
        let fi = m.num_imported_funcs as usize + i;
        let code = m.code.current(i);
        s.funcs.push(FuncEntity {
            ty: m.funcs[fi],
            kind: FuncKind::Wasm {
                instance: index,
                index: fi as u32,
                code,
                mem0: u32::MAX,
            },
        });
        inst.funcs.push((s.funcs.len() - 1) as u32);
    }
    for t in &m.tags[m.num_imported_tags as usize..] {
        let tag = TagEntity::new(&s.engine, *t);
        s.tags.push(tag);
        inst.tags.push((s.tags.len() - 1) as u32);
    }
    for g in &m.globals[m.num_imported_globals as usize..] {
        let value = eval_const_wide(&s.globals, &mut s.gc, &m.types, inst, &g.init)?;
        s.globals.push(GlobalEntity {
            ty: global_type(&g.ty),
            value: value as u64,
            hi: (value >> 64) as u64,
        });
        inst.globals.push((s.globals.len() - 1) as u32);
    }
    for t in &m.tables[m.num_imported_tables as usize..] {
        let init = t.init.as_ref().map_or(Ok(0), |e| {
            eval_const(&s.globals, &mut s.gc, &m.types, inst, e)
        })?;
        let ty = table_type(&t.ty);
        let n = usize::try_from(ty.min)?;
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(n)
            .map_err(|_| anyhow!("table too large"))?;
        elements.resize(n, init);
        s.tables.push(TableEntity { ty, elements });
        inst.tables.push((s.tables.len() - 1) as u32);
    }
    for mt in &m.memories[m.num_imported_memories as usize..] {
        let ty = memory_type(mt);
        let mem = MemoryEntity::new(ty).ok_or_else(|| anyhow!("memory too large"))?;
        s.memories.push(mem);
        inst.memories.push((s.memories.len() - 1) as u32);
    }
    if let Some(&m0) = inst.memories.first() {
        for f in &mut s.funcs[first_func..] {
            if let FuncKind::Wasm { mem0, .. } = &mut f.kind {
                *mem0 = m0;
            }
        }
    }
    for e in &m.elems {
        let items: Vec<u64> = e
            .items
            .iter()
            .map(|x| eval_const(&s.globals, &mut s.gc, &m.types, inst, x))
            .collect::<Result<_, _>>()?;
        s.elems.push(items);
        inst.elems.push((s.elems.len() - 1) as u32);
    }
    for d in &m.datas {
        s.datas.push(d.bytes.clone());
        inst.datas.push((s.datas.len() - 1) as u32);
    }
    Ok(())
}

/// Copies the active segments into their tables and memories and drops
/// the declared ones.
fn init_segments(s: &mut StoreOpaque, m: &ModuleInner, index: u32) -> Result<()> {
    // Active and declarative segments, in order; a failure leaves the
    // effects of earlier segments in place, as the spec says.
    for (i, e) in m.elems.iter().enumerate() {
        let inst = &s.instances[index as usize];
        let seg = inst.elems[i] as usize;
        match &e.mode {
            ElemMode::Active { table, offset } => {
                let t = inst.tables[*table as usize] as usize;
                let off = segment_offset(
                    eval_const(&s.globals, &mut s.gc, &m.types, inst, offset)?,
                    s.tables[t].ty.table64,
                );
                let items = std::mem::take(&mut s.elems[seg]);
                let elems = &mut s.tables[t].elements;
                if off
                    .checked_add(items.len())
                    .is_none_or(|end| end > elems.len())
                {
                    return Err(Trap::new(TrapCode::TableOutOfBounds).into());
                }
                elems[off..off + items.len()].copy_from_slice(&items);
            }
            ElemMode::Declared => s.elems[seg] = Vec::new(),
            ElemMode::Passive => {}
        }
    }
    for (i, d) in m.datas.iter().enumerate() {
        let inst = &s.instances[index as usize];
        let seg = inst.datas[i] as usize;
        if let DataMode::Active { memory, offset } = &d.mode {
            let mi = inst.memories[*memory as usize] as usize;
            let off = segment_offset(
                eval_const(&s.globals, &mut s.gc, &m.types, inst, offset)?,
                s.memories[mi].ty.memory64,
            );
            let bytes = std::mem::replace(&mut s.datas[seg], std::sync::Arc::from(&[][..]));
            let mem = s.memories[mi].data.bytes_mut();
            if off
                .checked_add(bytes.len())
                .is_none_or(|end| end > mem.len())
            {
                return Err(Trap::new(TrapCode::MemoryOutOfBounds).into());
            }
            mem[off..off + bytes.len()].copy_from_slice(&bytes);
        }
    }
    Ok(())
}

/// An exception in words, for an uncaught one's message: its tag (by its
/// name in the module that defines it) and its payload, e.g.
/// ``tag `oops` (i32 42)``.
pub(crate) fn describe_exception(s: &StoreOpaque, exn: u32) -> String {
    let e = &s.exns[exn];
    // The first instance that has the tag defined it, or imported it from
    // a host tag (whose name is then the first importer's).
    let name = s.instances.iter().find_map(|inst| {
        let i = inst.tags.iter().position(|&t| t == e.tag)?;
        let m = inst.module.as_ref()?;
        Some(match m.inner.tag_names.get(&(i as u32)) {
            Some(n) => format!("`{n}`"),
            None => format!("#{i}"),
        })
    });
    let mut out = format!("tag {}", name.unwrap_or_else(|| format!("#{}", e.tag)));
    let ty = crate::convert::func_type_of(&s.engine, s.tags[e.tag as usize].ty);
    if !e.payload.is_empty() {
        // A v128 takes two payload slots.
        let mut at = 0;
        let vals: Vec<String> = ty
            .params()
            .iter()
            .map(|t| {
                let slot = |k: usize| e.payload.get(k).copied().unwrap_or(0);
                let v = slot(at);
                at += 1;
                match t {
                    ValType::I32 => format!("i32 {}", v as u32 as i32),
                    ValType::I64 => format!("i64 {}", v as i64),
                    ValType::F32 => format!("f32 {}", f32::from_bits(v as u32)),
                    ValType::F64 => format!("f64 {}", f64::from_bits(v)),
                    ValType::V128 => {
                        at += 1;
                        format!("v128 0x{:032x}", (slot(at - 1) as u128) << 64 | v as u128)
                    }
                    ValType::Ref(_) if v == 0 => "null".to_string(),
                    ValType::Ref(r) => format!("(ref {})", r.heap_type),
                }
            })
            .collect();
        out.push_str(&format!(" ({})", vals.join(", ")));
    }
    out
}
