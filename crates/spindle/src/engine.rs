//! `Config` and `Engine`: settings shared by every store, the validator, and
//! the engine-wide registry of canonicalised types.

use std::sync::{Arc, Mutex, RwLock};

use wasmparser::types::{CoreTypeId, TypeIdentifier};
use wasmparser::{SubType, Validator, WasmFeatures};

use crate::types::TypeId;

/// Engine settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_stack_bytes: usize,
    pub(crate) max_call_depth: usize,
    pub(crate) max_continuations: usize,
    pub(crate) max_total_stack_bytes: usize,
    pub(crate) consume_fuel: bool,
    pub(crate) interruptible: bool,
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

    /// Does translated code need `Tick` checks?
    pub(crate) fn ticks(&self) -> bool {
        self.consume_fuel || self.interruptible
    }
}

/// The Wasm features Spindle validates against.
pub(crate) fn features() -> WasmFeatures {
    let mut f = WasmFeatures::WASM3;
    f.remove(WasmFeatures::MEMORY64);
    f.remove(WasmFeatures::THREADS);
    f.remove(WasmFeatures::SHARED_EVERYTHING_THREADS);
    f.remove(WasmFeatures::LEGACY_EXCEPTIONS);
    f.insert(WasmFeatures::STACK_SWITCHING);
    f.insert(WasmFeatures::EXTENDED_CONST);
    f.insert(WasmFeatures::GC_TYPES);
    f.insert(WasmFeatures::SIMD);
    f.insert(WasmFeatures::RELAXED_SIMD);
    f
}

/// A type as the engine knows it: its definition and direct supertype.
#[derive(Debug, Clone)]
pub(crate) struct RegisteredType {
    pub sub: SubType,
    pub supertype: Option<TypeId>,
}

#[derive(Default)]
pub(crate) struct TypeRegistry {
    types: Vec<Option<RegisteredType>>,
}

impl TypeRegistry {
    pub fn get(&self, id: TypeId) -> &RegisteredType {
        self.types[id.0 as usize]
            .as_ref()
            .expect("type registered by its module")
    }

    pub fn insert(&mut self, id: TypeId, ty: RegisteredType) {
        let i = id.0 as usize;
        if self.types.len() <= i {
            self.types.resize(i + 1, None);
        }
        if self.types[i].is_none() {
            self.types[i] = Some(ty);
        }
    }

    /// Is `a` the same type as `b` or declared (transitively) as its subtype?
    pub fn is_subtype(&self, mut a: TypeId, b: TypeId) -> bool {
        loop {
            if a == b {
                return true;
            }
            match self.get(a).supertype {
                Some(s) => a = s,
                None => return false,
            }
        }
    }
}

pub(crate) struct EngineInner {
    pub config: Config,
    pub validator: Mutex<Validator>,
    pub types: RwLock<TypeRegistry>,
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
            }),
        }
    }

    /// The engine's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Are two engines the same?
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    pub(crate) fn types(&self) -> std::sync::RwLockReadGuard<'_, TypeRegistry> {
        self.inner.types.read().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) fn type_id(id: CoreTypeId) -> TypeId {
    TypeId(id.index() as u32)
}
