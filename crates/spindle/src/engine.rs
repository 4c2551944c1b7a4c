//! `Config` and `Engine`: settings shared by every store, the validator, and
//! the engine-wide registry of canonicalised types.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Result;
use wasmparser::{Validator, WasmFeatures};

pub(crate) use crate::registry::{type_id, TypeRegistry};
use crate::types::{FuncType, TypeId};

/// Engine settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_stack_bytes: usize,
    pub(crate) max_call_depth: usize,
    pub(crate) max_continuations: usize,
    pub(crate) max_total_stack_bytes: usize,
    pub(crate) consume_fuel: bool,
    pub(crate) interruptible: bool,
    pub(crate) tier: crate::jit::Tier,
    pub(crate) tier_threshold: u32,
    pub(crate) tier_background: bool,
    pub(crate) lazy_translation: bool,
    pub(crate) cache_dir: Option<std::path::PathBuf>,
    pub(crate) profiler: ProfilingStrategy,
}

/// How the engine tells native profilers about its compiled code
/// (`Config::profiler`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProfilingStrategy {
    /// Nothing (the default).
    #[default]
    None,
    /// `perf`'s map, `/tmp/perf-PID.map`: a line per compiled function
    /// (its module's name for it, else `wasm-function[INDEX]`), so that
    /// `perf report` names samples in compiled code, as wasmtime's
    /// `--profile=perfmap`.
    PerfMap,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_stack_bytes: 64 << 20,
            max_call_depth: 1 << 20,
            max_continuations: 1 << 24,
            max_total_stack_bytes: 1 << 30,
            consume_fuel: false,
            interruptible: false,
            tier: crate::jit::Tier::default(),
            tier_threshold: crate::jit::HOT_THRESHOLD,
            tier_background: true,
            lazy_translation: true,
            cache_dir: None,
            profiler: ProfilingStrategy::None,
        }
    }
}

impl Config {
    /// Default settings.
    pub fn new() -> Self {
        Self::default()
    }
    /// Largest size in bytes of one Wasm stack (the main stack or a
    /// continuation's); a deeper recursion traps with `call stack exhausted`.
    pub fn max_stack_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_stack_bytes = bytes;
        self
    }
    /// Largest number of frames on one Wasm stack.
    pub fn max_call_depth(&mut self, frames: usize) -> &mut Self {
        self.max_call_depth = frames;
        self
    }
    /// Largest number of live continuations in one store.
    pub fn max_continuations(&mut self, n: usize) -> &mut Self {
        self.max_continuations = n;
        self
    }
    /// Largest total bytes of all stacks of one store.
    pub fn max_total_stack_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_total_stack_bytes = bytes;
        self
    }
    /// Which tier runs Wasm functions (default: [`Tier::Tiered`], functions
    /// start in the interpreter and are compiled with Cranelift when they
    /// get hot). With [`Tier::Interp`] only the interpreter runs, with
    /// [`Tier::Compiled`] every function is compiled when it first runs;
    /// see "Tiers" in ARCHITECTURE.md.
    pub fn tier(&mut self, tier: crate::Tier) -> &mut Self {
        self.tier = tier;
        self
    }

    /// Under [`Tier::Tiered`], the count at which a function is compiled:
    /// a call counts 10, a loop iteration 1 (default
    /// [`crate::HOT_THRESHOLD`], 10,000), and a function of `n`
    /// instructions needs `1 + n / 32` times the threshold. A threshold of 1
    /// compiles every function at its first call and goes on in compiled
    /// code from there, and one a little larger switches tiers inside
    /// loops (for tests, with [`Config::tier_background`] off).
    pub fn tier_threshold(&mut self, count: u32) -> &mut Self {
        self.tier_threshold = count.clamp(1, crate::jit::HOT_NEVER - 1);
        self
    }

    /// Under [`Tier::Tiered`], whether hot functions are compiled on a
    /// compile thread while the interpreter goes on running them (the
    /// default), or by the interpreter when they get hot, so that the
    /// switch to compiled code happens at that count (deterministic runs
    /// and tests).
    pub fn tier_background(&mut self, on: bool) -> &mut Self {
        self.tier_background = on;
        self
    }

    /// Count fuel: every call and loop iteration consumes one unit, and
    /// execution traps when the store's fuel runs out. Adds a check to
    /// every function entry and loop header.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.consume_fuel = on;
        self
    }

    /// Let [`crate::InterruptHandle`] stop running code (at its next call
    /// or loop iteration). Adds a check to every function entry and loop
    /// header.
    pub fn interruptible(&mut self, on: bool) -> &mut Self {
        self.interruptible = on;
        self
    }

    /// Keep compiled code in `dir` between runs (`None`, the default: no
    /// cache): a `Module` made from the same bytes, by the same build of
    /// Spindle on the same kind of CPU, starts with the functions that
    /// `Module::save_compiled_code` wrote there compiled, instead of
    /// interpreting and compiling them again (as wasmtime's cache,
    /// `spindle run`'s default; not under `Tier::Interp`). The files hold
    /// machine code that is run: `dir` must be writable only by the user.
    pub fn cache_dir(&mut self, dir: Option<std::path::PathBuf>) -> &mut Self {
        self.cache_dir = dir;
        self
    }

    /// Translate each function the first time it runs (the default), not
    /// when the module is built. Either way every body is validated when
    /// the module is built; lazily, a function the translator cannot
    /// handle traps with `TrapCode::TranslationFailed` when called instead
    /// of failing `Module::new`.
    pub fn lazy_translation(&mut self, on: bool) -> &mut Self {
        self.lazy_translation = on;
        self
    }

    /// Tell a native profiler about compiled code (`ProfilingStrategy`).
    pub fn profiler(&mut self, strategy: ProfilingStrategy) -> &mut Self {
        self.profiler = strategy;
        self
    }

    /// Does translated code need `Tick` checks?
    pub(crate) fn ticks(&self) -> bool {
        self.consume_fuel || self.interruptible
    }

    /// Does translated code count calls and loop iterations (`HotCount`)?
    pub(crate) fn hot_counts(&self) -> bool {
        self.tier != crate::jit::Tier::Interp
    }
}

/// The Wasm features Spindle validates against.
pub(crate) fn features() -> WasmFeatures {
    let mut f = WasmFeatures::WASM3;
    f.remove(WasmFeatures::THREADS);
    f.remove(WasmFeatures::SHARED_EVERYTHING_THREADS);
    f.insert(WasmFeatures::LEGACY_EXCEPTIONS);
    f.insert(WasmFeatures::STACK_SWITCHING);
    f.insert(WasmFeatures::EXTENDED_CONST);
    f.insert(WasmFeatures::GC_TYPES);
    f.insert(WasmFeatures::SIMD);
    f.insert(WasmFeatures::RELAXED_SIMD);
    f
}

pub(crate) struct EngineInner {
    pub config: Config,
    pub validator: Mutex<Validator>,
    pub types: RwLock<TypeRegistry>,
    /// Host function types already interned (`intern_func_type`).
    pub host_types: Mutex<HashMap<FuncType, TypeId>>,
    /// Functions compiled with Cranelift so far (`Engine::compiled_functions`).
    pub compiled: std::sync::atomic::AtomicUsize,
    /// Entries from the interpreter into compiled code
    /// (`Engine::compiled_entries`).
    pub entries: std::sync::atomic::AtomicU64,
    /// `perf`'s map under `ProfilingStrategy::PerfMap` (`None` too when
    /// the file could not be opened: the map only names samples).
    pub perf_map: Option<crate::jit::PerfMap>,
}

/// The compilation environment shared by modules and stores.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default())
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Engine {
    /// An engine with the given settings.
    pub fn new(config: &Config) -> Self {
        Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                validator: Mutex::new(Validator::new_with_features(features())),
                types: RwLock::new(TypeRegistry::default()),
                host_types: Mutex::new(HashMap::new()),
                compiled: Default::default(),
                entries: Default::default(),
                perf_map: match config.profiler {
                    ProfilingStrategy::None => None,
                    ProfilingStrategy::PerfMap => crate::jit::PerfMap::open().ok(),
                },
            }),
        }
    }

    /// The engine's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// How many functions the engine's compiled tier compiled so far (each
    /// function of a module once, whatever its instances and stores): under
    /// [`crate::Tier::Tiered`], the ones that got hot.
    pub fn compiled_functions(&self) -> usize {
        self.inner
            .compiled
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many times the interpreter handed a frame to compiled code so
    /// far, in all the engine's stores. A stack switch that compiled code
    /// makes and a native call stay in compiled code, so a compiled loop
    /// that resumes or suspends does not add to this on every iteration.
    /// A call's entries count once it returns (or traps).
    pub fn compiled_entries(&self) -> u64 {
        self.inner
            .entries
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Are two engines the same?
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    pub(crate) fn types(&self) -> std::sync::RwLockReadGuard<'_, TypeRegistry> {
        self.inner.types.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn types_mut(&self) -> std::sync::RwLockWriteGuard<'_, TypeRegistry> {
        self.inner.types.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The engine's shared validator, which canonicalises types across
    /// modules (reset it before use).
    pub(crate) fn validator(&self) -> std::sync::MutexGuard<'_, Validator> {
        self.inner
            .validator
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The engine's canonical id of function type `ty` given by the host
    /// (a host function's or a host tag's type), registered in its
    /// `TypeRegistry`. An error for a type that names a concrete type: a
    /// host type cannot name a module's type yet.
    pub(crate) fn intern_func_type(&self, ty: &FuncType) -> Result<TypeId> {
        let mut known = self
            .inner
            .host_types
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = known.get(ty) {
            return Ok(id);
        }
        let bytes = crate::registry::func_type_module(ty)?;
        // A fresh validator first: the shared one cannot be reset after a
        // failed validation.
        Validator::new_with_features(features()).validate_all(&bytes)?;
        let types = {
            let mut validator = self.validator();
            validator.reset();
            validator.validate_all(&bytes)?
        };
        let id = types.as_ref().core_type_at_in_module(0);
        crate::registry::register(&mut self.types_mut(), &types, id);
        known.insert(ty.clone(), type_id(id));
        Ok(type_id(id))
    }
}
