//! `Linker`: resolves a module's imports by name.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{anyhow, bail, Result};

use crate::engine::Engine;
use crate::externals::Extern;
use crate::func::IntoFunc;
use crate::instance::Instance;
use crate::module::Module;
use crate::store::Caller;
use crate::store::{AsContext, AsContextMut};
use crate::types::FuncType;
use crate::values::Func;
use crate::values::Val;

type HostClosure<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static>;

enum Definition<T> {
    Extern(Extern),
    HostFunc(FuncType, HostClosure<T>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::HostFunc(t, f) => Definition::HostFunc(t.clone(), f.clone()),
        }
    }
}

/// Names for imports: `(module, name)` to a definition. Host functions
/// defined here are created in a store when first needed by instantiation.
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            defs: HashMap::new(),
            allow_shadowing: false,
        }
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            bail!("import `{module}::{name}` is already defined");
        }
        self.defs.insert(key, def);
        Ok(())
    }

    /// Defines `module::name` as `item`.
    pub fn define(
        &mut self,
        _store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))?;
        Ok(self)
    }

    /// Defines a host function from an untyped closure.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::HostFunc(ty, Arc::new(f)))?;
        Ok(self)
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, f) = f.into_func();
        self.insert(module, name, Definition::HostFunc(ty, Arc::from(f)))?;
        Ok(self)
    }

    /// Defines every export of `instance` under `module`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        for (name, ext) in instance.exports(&mut store) {
            self.insert(module, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    /// The definition of `module::name`, instantiated in `store` (`None`
    /// also for a host function whose type the engine cannot name, which
    /// `instantiate` reports).
    pub fn get(
        &self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        self.resolve(store, module, name).ok().flatten()
    }

    /// The definition of `module::name`, instantiated in `store`; an error
    /// if it is a host function whose type the engine cannot name.
    fn resolve(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Result<Option<Extern>> {
        Ok(Some(
            match self.defs.get(&(module.to_string(), name.to_string())) {
                None => return Ok(None),
                Some(Definition::Extern(e)) => *e,
                Some(Definition::HostFunc(ty, f)) => {
                    let f = f.clone();
                    Extern::Func(Func::try_new(
                        store.as_store_mut(),
                        ty.clone(),
                        move |c, p, r| f(c, p, r),
                    )?)
                }
            },
        ))
    }

    /// Instantiates `module`, resolving each import by name.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        if !Engine::same(&self.engine, module.engine()) {
            bail!("linker and module belong to different engines");
        }
        let mut imports = Vec::new();
        for (m, n, _) in module.imports() {
            let ext = self
                .resolve(&mut store, m, n)
                .map_err(|e| anyhow!("import `{m}::{n}`: {e}"))?
                .ok_or_else(|| anyhow!("unknown import: `{m}::{n}` has not been defined"))?;
            imports.push(ext);
        }
        Instance::new(store, module, &imports)
    }
}
