//! `Module`: a decoded, validated and translated Wasm module.
//!
//! Life of a module: bytes (or text, through `wat`) are parsed and validated
//! by `wasmparser` with the engine's shared `Validator` (so equal recursive
//! type groups get the same canonical id in every module); the sections are
//! collected into a `ModuleInner`; each function body is then translated by
//! `translate` into the interpreter's internal code (`ir`). Instantiation
//! (`instance`) reads only what is here.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use wasmparser::types::{CoreTypeId, EntityType, Types};
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, FuncValidatorAllocations, Parser, Payload,
    TableInit, TypeRef, ValidPayload,
};

use crate::engine::{type_id, Engine, RegisteredType};
use crate::ir::{Instr, ResumeTable, TryRegion};
use crate::types::TypeId;

/// One operator of a constant expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ConstOp {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    RefNull,
    RefFunc(u32),
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
    /// `array.new_default $t`: the length is on the stack.
    ArrayNewDefault(u32),
}

/// A constant expression (global initialisers, segment offsets, elements).
pub(crate) type ConstExpr = Vec<ConstOp>;

/// What an import is.
#[derive(Debug, Clone)]
pub(crate) struct ImportDecl {
    pub module: String,
    pub name: String,
    pub ty: EntityType,
}

#[derive(Debug, Clone)]
pub(crate) struct TableDecl {
    pub ty: wasmparser::TableType,
    pub init: Option<ConstExpr>,
}

#[derive(Debug, Clone)]
pub(crate) struct GlobalDecl {
    pub ty: wasmparser::GlobalType,
    pub init: ConstExpr,
}

#[derive(Debug, Clone)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug, Clone)]
pub(crate) struct ElemDecl {
    pub mode: ElemMode,
    pub items: Vec<ConstExpr>,
}

#[derive(Debug, Clone)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct DataDecl {
    pub mode: DataMode,
    pub bytes: Arc<[u8]>,
}

/// The translated code of one defined function.
#[derive(Debug, Default)]
pub(crate) struct FuncCode {
    pub instrs: Box<[Instr]>,
    /// Slots of the parameters (a `v128` takes two).
    pub num_params: u32,
    /// Slots of the results.
    pub num_results: u32,
    /// Slots of the parameters plus declared locals.
    pub num_locals: u32,
    /// Constants, kept in slots `num_locals..num_locals + consts.len()`.
    pub consts: Box<[u64]>,
    /// `v128` constants and shuffle masks (`Instr::V128Const`,
    /// `Instr::V128Shuffle`).
    pub v128_consts: Box<[u128]>,
    /// Locals plus the deepest operand stack.
    pub max_slots: u32,
    pub try_regions: Box<[TryRegion]>,
    pub resume_tables: Box<[ResumeTable]>,
    /// Module byte offset of each instruction's Wasm operator (for backtraces).
    pub offsets: Box<[u32]>,
}

impl FuncCode {
    /// Prepares a new frame whose arguments are in place: zeroes the
    /// declared locals and fills in the constant slots.
    #[inline(always)]
    pub fn init_frame(&self, frame: &mut [u64]) {
        let (np, nl) = (self.num_params as usize, self.num_locals as usize);
        let consts = &*self.consts;
        // One bounds check for both parts; plain loops, since these are
        // short and a `memset`/`memcpy` call costs more than the copy.
        let (locals, const_slots) = frame[np..nl + consts.len()].split_at_mut(nl - np);
        for s in locals {
            *s = 0;
        }
        crate::stack::copy_small(const_slots, consts);
    }
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub name: Option<String>,
    /// Canonical id of each type in the module's type index space.
    pub types: Vec<TypeId>,
    pub imports: Vec<ImportDecl>,
    /// Canonical type of every function (imported first).
    pub funcs: Vec<TypeId>,
    pub num_imported_funcs: u32,
    pub tables: Vec<TableDecl>,
    pub num_imported_tables: u32,
    pub memories: Vec<wasmparser::MemoryType>,
    pub num_imported_memories: u32,
    pub globals: Vec<GlobalDecl>,
    pub num_imported_globals: u32,
    pub tags: Vec<TypeId>,
    pub num_imported_tags: u32,
    pub exports: Vec<(String, ExternalKind, u32)>,
    pub start: Option<u32>,
    pub elems: Vec<ElemDecl>,
    pub datas: Vec<DataDecl>,
    pub code: Vec<Arc<FuncCode>>,
    pub func_names: HashMap<u32, String>,
    /// Tag names (name section, else export name), by module tag index.
    pub tag_names: HashMap<u32, String>,
    /// Kept so that types can be resolved after validation.
    pub validator_types: Types,
}

/// A compiled WebAssembly module, ready to be instantiated in any store of
/// its engine. Cheap to clone.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.inner.name)
            .finish_non_exhaustive()
    }
}

fn const_expr(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    let mut out = Vec::new();
    let mut reader = expr.get_operators_reader();
    while !reader.eof() {
        use wasmparser::Operator as O;
        let op = reader.read()?;
        out.push(match op {
            O::I32Const { value } => ConstOp::I32(value),
            O::I64Const { value } => ConstOp::I64(value),
            O::F32Const { value } => ConstOp::F32(value.bits()),
            O::F64Const { value } => ConstOp::F64(value.bits()),
            O::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
            O::RefNull { .. } => ConstOp::RefNull,
            O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            O::I32Add => ConstOp::I32Add,
            O::I32Sub => ConstOp::I32Sub,
            O::I32Mul => ConstOp::I32Mul,
            O::I64Add => ConstOp::I64Add,
            O::I64Sub => ConstOp::I64Sub,
            O::I64Mul => ConstOp::I64Mul,
            O::ArrayNewDefault { array_type_index } => ConstOp::ArrayNewDefault(array_type_index),
            O::End => continue,
            other => bail!("unsupported constant expression operator {other:?}"),
        });
    }
    Ok(out)
}

impl Module {
    /// Compiles a module from the binary format or the text format. Bytes
    /// that start with the binary magic `\0asm`, or that are not text (not
    /// UTF-8, or with a NUL byte), are decoded as binary (so a damaged
    /// header is reported as such); the rest is parsed as text.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        if bytes.starts_with(b"\0asm") {
            return Self::from_binary(engine, bytes);
        }
        if bytes.contains(&0) || std::str::from_utf8(bytes).is_err() {
            let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
            bail!(
                "not a WebAssembly module: binary (it is not text), but it starts with [{}] \
                 where a module starts with the magic bytes \\0asm [00 61 73 6d]",
                head.join(" ")
            );
        }
        let bytes = wat::parse_bytes(bytes)?;
        Self::from_binary(engine, &bytes)
    }

    /// Compiles a module from a `.wasm` or `.wat` file. An error in the
    /// text format names the file and shows the line.
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut m = match Self::new(engine, &bytes) {
            Ok(m) => m,
            Err(e) => {
                return Err(match e.downcast::<wat::Error>() {
                    // Its message: the error, then ` --> FILE:LINE:COL` and
                    // the line with a caret.
                    Ok(mut w) => {
                        w.set_path(path);
                        w.into()
                    }
                    Err(e) => e.context(path.display().to_string()),
                });
            }
        };
        if m.inner.name.is_none() {
            if let Some(inner) = Arc::get_mut(&mut m.inner) {
                inner.name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            }
        }
        Ok(m)
    }

    /// Compiles a module from the binary format only.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let mut imports_raw = Vec::new();
        let mut func_type_indices: Vec<u32> = Vec::new();
        let mut tables = Vec::new();
        let mut memories = Vec::new();
        let mut globals = Vec::new();
        let mut num_local_tags = 0u32;
        let mut exports = Vec::new();
        let mut start = None;
        let mut elems = Vec::new();
        let mut datas = Vec::new();
        let mut func_bodies = Vec::new();
        let mut func_names = HashMap::new();
        let mut tag_names = HashMap::new();
        let mut module_name = None;
        // Validate with a fresh validator first: the engine's shared one
        // (which canonicalises types across modules) cannot be reset after
        // a failed validation.
        wasmparser::Validator::new_with_features(crate::engine::features()).validate_all(bytes)?;
        let types;
        {
            let mut validator = engine
                .inner
                .validator
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            validator.reset();
            let mut end_types = None;
            for payload in Parser::new(0).parse_all(bytes) {
                let payload = payload?;
                match validator.payload(&payload)? {
                    ValidPayload::Func(func, body) => func_bodies.push((func, body)),
                    ValidPayload::End(t) => end_types = Some(t),
                    _ => {}
                }
                match payload {
                    Payload::ImportSection(reader) => {
                        for imp in reader.into_imports() {
                            let imp = imp?;
                            imports_raw.push((imp.module.to_string(), imp.name.to_string(), imp));
                        }
                    }
                    Payload::FunctionSection(reader) => {
                        for ty in reader {
                            func_type_indices.push(ty?);
                        }
                    }
                    Payload::TableSection(reader) => {
                        for t in reader {
                            let t = t?;
                            let init = match t.init {
                                TableInit::RefNull => None,
                                TableInit::Expr(e) => Some(const_expr(&e)?),
                            };
                            tables.push(init);
                        }
                    }
                    Payload::MemorySection(reader) => {
                        for m in reader {
                            memories.push(m?);
                        }
                    }
                    Payload::TagSection(reader) => {
                        for t in reader {
                            t?;
                            num_local_tags += 1;
                        }
                    }
                    Payload::GlobalSection(reader) => {
                        for g in reader {
                            let g = g?;
                            globals.push(GlobalDecl {
                                ty: g.ty,
                                init: const_expr(&g.init_expr)?,
                            });
                        }
                    }
                    Payload::ExportSection(reader) => {
                        for e in reader {
                            let e = e?;
                            exports.push((e.name.to_string(), e.kind, e.index));
                        }
                    }
                    Payload::StartSection { func, .. } => start = Some(func),
                    Payload::ElementSection(reader) => {
                        for e in reader {
                            let e = e?;
                            let mode = match e.kind {
                                ElementKind::Passive => ElemMode::Passive,
                                ElementKind::Declared => ElemMode::Declared,
                                ElementKind::Active {
                                    table_index,
                                    offset_expr,
                                } => ElemMode::Active {
                                    table: table_index.unwrap_or(0),
                                    offset: const_expr(&offset_expr)?,
                                },
                            };
                            let items = match e.items {
                                ElementItems::Functions(r) => r
                                    .into_iter()
                                    .map(|f| f.map(|f| vec![ConstOp::RefFunc(f)]))
                                    .collect::<Result<Vec<_>, _>>()?,
                                ElementItems::Expressions(_, r) => r
                                    .into_iter()
                                    .map(|e| const_expr(&e?))
                                    .collect::<Result<Vec<_>>>()?,
                            };
                            elems.push(ElemDecl { mode, items });
                        }
                    }
                    Payload::DataSection(reader) => {
                        for d in reader {
                            let d = d?;
                            let mode = match d.kind {
                                DataKind::Passive => DataMode::Passive,
                                DataKind::Active {
                                    memory_index,
                                    offset_expr,
                                } => DataMode::Active {
                                    memory: memory_index,
                                    offset: const_expr(&offset_expr)?,
                                },
                            };
                            datas.push(DataDecl {
                                mode,
                                bytes: d.data.into(),
                            });
                        }
                    }
                    Payload::CustomSection(c) => {
                        if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                            // A malformed name section is ignored, as the spec allows.
                            for name in names.into_iter().flatten() {
                                match name {
                                    wasmparser::Name::Function(map) => {
                                        for n in map.into_iter().flatten() {
                                            func_names.insert(n.index, n.name.to_string());
                                        }
                                    }
                                    wasmparser::Name::Tag(map) => {
                                        for n in map.into_iter().flatten() {
                                            tag_names.insert(n.index, n.name.to_string());
                                        }
                                    }
                                    wasmparser::Name::Module { name, .. } => {
                                        module_name = Some(name.to_string())
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            types = end_types.ok_or_else(|| anyhow!("unexpected end of module"))?;
        }
        let tref = types.as_ref();

        // Register every type of the module with the engine.
        {
            let mut reg = engine
                .inner
                .types
                .write()
                .unwrap_or_else(|e| e.into_inner());
            for i in 0..tref.core_type_count_in_module() {
                let id = tref.core_type_at_in_module(i);
                register(&mut reg, &types, id);
            }
        }

        let module_types: Vec<TypeId> = (0..tref.core_type_count_in_module())
            .map(|i| type_id(tref.core_type_at_in_module(i)))
            .collect();
        let mut imports = Vec::new();
        let (mut nf, mut nt, mut nm, mut ng, mut ntag) = (0, 0, 0, 0, 0);
        for (module, name, imp) in &imports_raw {
            let ty = tref
                .entity_type_from_import(imp)
                .ok_or_else(|| anyhow!("bad import type"))?;
            match imp.ty {
                TypeRef::Func(_) | TypeRef::FuncExact(_) => nf += 1,
                TypeRef::Table(_) => nt += 1,
                TypeRef::Memory(_) => nm += 1,
                TypeRef::Global(_) => ng += 1,
                TypeRef::Tag(_) => ntag += 1,
            }
            imports.push(ImportDecl {
                module: module.clone(),
                name: name.clone(),
                ty: canon_entity(&types, ty),
            });
        }
        let funcs: Vec<TypeId> = (0..tref.function_count())
            .map(|i| type_id(tref.core_function_at(i)))
            .collect();
        let table_decls = (0..tref.table_count())
            .map(|i| TableDecl {
                ty: match canon_entity(&types, EntityType::Table(tref.table_at(i))) {
                    EntityType::Table(t) => t,
                    _ => unreachable!(),
                },
                init: if i >= nt {
                    tables[(i - nt) as usize].clone()
                } else {
                    None
                },
            })
            .collect();
        let memory_types = (0..tref.memory_count())
            .map(|i| tref.memory_at(i))
            .collect();
        let mut global_decls: Vec<GlobalDecl> = (0..ng)
            .map(|i| GlobalDecl {
                ty: canon_global(&types, tref.global_at(i)),
                init: Vec::new(),
            })
            .collect();
        for (i, mut g) in globals.into_iter().enumerate() {
            g.ty = canon_global(&types, tref.global_at(ng + i as u32));
            global_decls.push(g);
        }
        let tags: Vec<TypeId> = (0..tref.tag_count())
            .map(|i| type_id(tref.tag_at(i)))
            .collect();
        debug_assert_eq!(tags.len() as u32, ntag + num_local_tags);
        let _ = func_type_indices;

        // Exported functions without a name-section name are known by their
        // export name in backtraces.
        for (name, kind, index) in &exports {
            if matches!(kind, ExternalKind::Func | ExternalKind::FuncExact) {
                func_names.entry(*index).or_insert_with(|| name.clone());
            }
            if matches!(kind, ExternalKind::Tag) {
                tag_names.entry(*index).or_insert_with(|| name.clone());
            }
        }
        let mut inner = ModuleInner {
            engine: engine.clone(),
            name: module_name,
            types: module_types,
            imports,
            funcs,
            num_imported_funcs: nf,
            tables: table_decls,
            num_imported_tables: nt,
            memories: memory_types,
            num_imported_memories: nm,
            globals: global_decls,
            num_imported_globals: ng,
            tags,
            num_imported_tags: ntag,
            exports,
            start,
            elems,
            datas,
            code: Vec::new(),
            func_names,
            tag_names,
            validator_types: types,
        };

        let mut allocs = FuncValidatorAllocations::default();
        let mut code = Vec::with_capacity(func_bodies.len());
        for (func, body) in func_bodies {
            let index = func.index;
            let mut fv = func.into_validator(allocs);
            let translated = crate::translate::translate(&inner, &mut fv, &body)
                .with_context(|| format!("in function {index}"))?;
            if std::env::var_os("SPINDLE_DUMP_IR").is_some() {
                eprintln!(
                    "func {index}: {} params, {} locals, {} slots",
                    translated.num_params, translated.num_locals, translated.max_slots
                );
                for (pc, i) in translated.instrs.iter().enumerate() {
                    eprintln!("  {pc:4}: {i:?}");
                }
                for (i, t) in translated.resume_tables.iter().enumerate() {
                    eprintln!("  resume table {i}: {:?}", t.clauses);
                }
            }
            code.push(Arc::new(translated));
            allocs = fv.into_allocations();
        }
        inner.code = code;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Validates bytes without keeping a module.
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        Self::from_binary(engine, bytes).map(|_| ())
    }

    /// The module's name from its name section (or file name), if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's imports: `(module, name, type)`.
    pub fn imports(&self) -> impl Iterator<Item = (&str, &str, crate::ExternType)> + '_ {
        self.inner.imports.iter().map(move |imp| {
            (
                imp.module.as_str(),
                imp.name.as_str(),
                crate::convert::entity_type(&self.inner, &imp.ty),
            )
        })
    }

    /// The module's exports: `(name, type)`.
    pub fn exports(&self) -> impl Iterator<Item = (&str, crate::ExternType)> + '_ {
        self.inner.exports.iter().map(move |(name, kind, index)| {
            (
                name.as_str(),
                crate::convert::export_type(&self.inner, *kind, *index),
            )
        })
    }
}

/// Rewrites module-relative type indices in a value type to canonical ids.
fn canon_val(types: &Types, v: wasmparser::ValType) -> wasmparser::ValType {
    use wasmparser::{HeapType, PackedIndex, RefType, UnpackedIndex, ValType};
    let ValType::Ref(r) = v else { return v };
    let fix = |idx: UnpackedIndex| match idx {
        UnpackedIndex::Module(i) => {
            let id = types.as_ref().core_type_at_in_module(i);
            UnpackedIndex::Id(id)
        }
        other => other,
    };
    let heap = match r.heap_type() {
        HeapType::Concrete(i) => HeapType::Concrete(fix(i)),
        HeapType::Exact(i) => HeapType::Exact(fix(i)),
        other => other,
    };
    let _ = PackedIndex::from_module_index;
    match RefType::new(r.is_nullable(), heap) {
        Some(r) => ValType::Ref(r),
        None => v,
    }
}

fn canon_global(types: &Types, mut g: wasmparser::GlobalType) -> wasmparser::GlobalType {
    g.content_type = canon_val(types, g.content_type);
    g
}

fn canon_entity(types: &Types, e: EntityType) -> EntityType {
    match e {
        EntityType::Global(mut g) => {
            g.content_type = canon_val(types, g.content_type);
            EntityType::Global(g)
        }
        EntityType::Table(mut t) => {
            if let wasmparser::ValType::Ref(r) =
                canon_val(types, wasmparser::ValType::Ref(t.element_type))
            {
                t.element_type = r;
            }
            EntityType::Table(t)
        }
        other => other,
    }
}

fn register(reg: &mut crate::engine::TypeRegistry, types: &Types, id: CoreTypeId) {
    let tref = types.as_ref();
    // Register the whole rec group, so every member is known.
    let group = tref.rec_group_id_of(id);
    for member in tref.rec_group_elements(group) {
        let sub = types[member].clone();
        let supertype = tref.supertype_of(member).map(type_id);
        reg.insert(type_id(member), RegisteredType { sub, supertype });
    }
    if let Some(s) = tref.supertype_of(id) {
        register(reg, types, s);
    }
}
