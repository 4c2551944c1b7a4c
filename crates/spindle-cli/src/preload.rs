//! `spindle run --preload NAME=FILE`: modules instantiated before the
//! program, whose exports the program (and later preloads) import under
//! module name NAME.
//!
//! A preloaded module is compiled by the program's engine and instantiated
//! with the program's linker and store, so it can import WASI and the
//! exports of earlier preloads. If it exports `_initialize` (a WASI
//! reactor), that runs before its exports are registered. Typical use: the
//! fiber library, whose primitives a C program imports from `env`:
//!
//! ```text
//! spindle run --preload env=lib/fiber/fiber.wat prog.wasm
//! ```

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use spindle::{Engine, Linker, Module, Store};

/// The `--preload` flags of `run`.
#[derive(clap::Args, Debug, Default)]
#[command(next_help_heading = "Linking")]
pub struct PreloadOptions {
    /// Instantiate the module FILE (.wasm or .wat) first and register its
    /// exports as module NAME for the program's imports (repeatable, in
    /// order; a later preload can import an earlier one's exports).
    #[arg(long = "preload", value_name = "NAME=FILE", value_parser = parse_preload)]
    pub preloads: Vec<Preload>,
}

/// One `NAME=FILE`.
#[derive(Clone, Debug)]
pub struct Preload {
    pub name: String,
    pub file: PathBuf,
}

fn parse_preload(s: &str) -> Result<Preload, String> {
    match s.split_once('=') {
        Some((name, file)) if !name.is_empty() && !file.is_empty() => Ok(Preload {
            name: name.to_string(),
            file: PathBuf::from(file),
        }),
        _ => Err(format!("expected NAME=FILE, got `{s}`")),
    }
}

impl PreloadOptions {
    /// Compiles and instantiates each preload in order, registering its
    /// exports in `linker` under its name.
    pub fn link<T: 'static>(
        &self,
        engine: &Engine,
        store: &mut Store<T>,
        linker: &mut Linker<T>,
    ) -> Result<()> {
        for p in &self.preloads {
            link_one(p, engine, store, linker)
                .with_context(|| format!("--preload {}={}", p.name, p.file.display()))?;
        }
        Ok(())
    }
}

fn link_one<T: 'static>(
    p: &Preload,
    engine: &Engine,
    store: &mut Store<T>,
    linker: &mut Linker<T>,
) -> Result<()> {
    let module = Module::from_file(engine, &p.file)?;
    let instance = linker.instantiate(&mut *store, &module)?;
    if let Some(init) = instance.get_func(&mut *store, "_initialize") {
        let ty = init.ty(&*store);
        if !ty.params().is_empty() || !ty.results().is_empty() {
            bail!("`_initialize` must take and return nothing");
        }
        init.call(&mut *store, &[], &mut [])?;
    }
    linker.instance(&mut *store, &p.name, instance)?;
    Ok(())
}
