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

use anyhow::{bail, Context, Result};
use wasmparser::types::{EntityType, Types};
use wasmparser::ExternalKind;

use crate::engine::Engine;
use crate::ir::{Instr, ResumeTable, TryRegion};

mod code;
mod code_cache;
mod sections;

pub(crate) use code::ModuleCode;

use crate::types::TypeId;
use sections::Sections;

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
    /// A GC allocation or conversion (`ir/gc.rs`, run by `gc/const_expr.rs`).
    Gc(crate::ir::gc::ConstGc),
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
    /// What a call writes into slots `num_params..` of the new frame: a
    /// zero for each declared local, then the constants, which the code
    /// reads from slots `num_locals..` (one copy does both).
    pub frame_init: Box<[u64]>,
    /// `v128` constants and shuffle masks (`Instr::V128Const`,
    /// `Instr::V128Shuffle`).
    pub v128_consts: Box<[u128]>,
    /// Locals plus the deepest operand stack.
    pub max_slots: u32,
    pub try_regions: Box<[TryRegion]>,
    pub resume_tables: Box<[ResumeTable]>,
    /// Module byte offset of each instruction's Wasm operator (for backtraces).
    pub offsets: Box<[u32]>,
    /// The module's imported functions: a `call` of a lower index calls
    /// another instance's function or a host's (compiled code's native
    /// call then checks the callee's instance and takes its `JitEnv`).
    pub imported_funcs: u32,
    /// The compiled code (`jit`) under `Tier::Compiled`, compiled when the
    /// function first runs (`interp::compiled::run`), and under
    /// `Tier::Tiered`, when it gets hot; `None` in the interpreter.
    pub jit: Option<crate::jit::Lazy>,
    /// Code for `jit` from the compiled-code cache (`Config::cache_dir`),
    /// linked instead of compiled when the function first runs.
    pub cached: Option<Arc<crate::jit::Artifact>>,
    /// Under `Tier::Tiered`, what is left of the function's counter
    /// (`Instr::HotCount`): shared by the module's instances and stores,
    /// read and written without a read-modify-write (a lost count among
    /// threads is harmless). 0 once compiled (the interpreter enters the
    /// compiled code at the next `HotCount`), `jit::HOT_NEVER` when the
    /// function stays interpreted. Under `Tier::Compiled`, 0 until a
    /// compilation fails (`HOT_NEVER`). `execute` enters compiled code
    /// only in a function whose counter is 0 (`to_jit!`).
    pub hot: std::sync::atomic::AtomicU32,
    /// Under `Tier::Tiered`, whether the function went to the compile
    /// thread (`interp::tier_up`).
    pub queued: std::sync::atomic::AtomicBool,
    /// Under `Tier::Tiered`, the entries into the function's compiled code
    /// measured so far (`interp::tier_up`'s probe), up to `PROBE_ENTRIES`.
    pub probed: std::sync::atomic::AtomicU32,
    /// The nanoseconds those entries took.
    pub probe_ns: std::sync::atomic::AtomicU64,
    /// Whether it has a `resume`, `resume_throw(_ref)`, `suspend` or
    /// `switch` (`translate::prescan`): under `Tier::Tiered` the function
    /// has no counter, and is compiled only when compiled code calls it
    /// (`module::code`).
    pub switches_stacks: bool,
    /// Under `Tier::Tiered`, for a function that switches stacks, the
    /// calls compiled code made of it while it was interpreted
    /// (`interp::compiled::call_in_place`).
    pub compiled_calls: std::sync::atomic::AtomicU32,
    /// Its name in `perf`'s map, under `ProfilingStrategy::PerfMap`.
    pub perf_name: Option<Box<str>>,
}

impl FuncCode {
    /// Prepares a new frame whose arguments are in place: zeroes the
    /// declared locals and fills in the constant slots (`frame_init`).
    #[inline(always)]
    pub fn init_frame(&self, frame: &mut [u64]) {
        let np = self.num_params as usize;
        let init = &*self.frame_init;
        // One bounds check; a plain copy for the short cases, since a
        // `memcpy` call costs more than those.
        crate::slots::copy_small(&mut frame[np..np + init.len()], init);
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
    pub code: ModuleCode,
    pub func_names: HashMap<u32, String>,
    /// Tag names (name section, else export name), by module tag index.
    pub tag_names: HashMap<u32, String>,
    /// Kept so that types can be resolved after validation.
    pub validator_types: Types,
    /// The compiled-code cache of the module (`Config::cache_dir`).
    pub code_cache: Option<code_cache::CodeCache>,
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
            O::End => continue,
            other => match crate::ir::gc::ConstGc::of(&other) {
                Some(g) => ConstOp::Gc(g),
                None => bail!("unsupported constant expression operator {other:?}"),
            },
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
        let (sections, types) = Sections::decode(engine, bytes)?;
        sections::check_supported_types(&types)?;
        sections::register_types(engine, &types);
        let (mut inner, bodies) = sections::assemble(engine, sections, types)?;
        let config = engine.config();
        if let Some(dir) = config.cache_dir.as_ref() {
            if config.tier != crate::jit::Tier::Interp {
                inner.code_cache = code_cache::CodeCache::open(dir, bytes);
            }
        }
        inner.code = if engine.config().lazy_translation {
            ModuleCode::lazy(&inner, bodies)
        } else {
            ModuleCode::eager(&inner, bodies)?
        };
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Writes the module's compiled functions to the compiled-code cache
    /// (`Config::cache_dir`), for the next `Module` of the same bytes to
    /// start with. Functions compiled in any store count, and only those
    /// whose compiled code is in use (the ones sent back to the
    /// interpreter are left out), with the file's entries for the other
    /// functions. Returns the number of functions written: 0 without a
    /// cache, or when this process compiled nothing new.
    pub fn save_compiled_code(&self) -> Result<usize> {
        let Some(cache) = &self.inner.code_cache else {
            return Ok(0);
        };
        let code = &self.inner.code;
        let first = self.inner.num_imported_funcs;
        let funcs: Vec<_> = (0..code.len())
            .filter_map(|i| Some((first + i as u32, code.translated(i)?)))
            .collect();
        let n = cache
            .save(funcs.iter().map(|(f, c)| (*f, &**c)))
            .context("cannot write the compiled-code cache")?;
        Ok(n)
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
