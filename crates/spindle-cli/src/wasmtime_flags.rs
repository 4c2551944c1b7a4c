//! wasmtime's `-W`/`--wasm KEY[=VAL],...` options, so that command lines
//! copied from wasmtime's documentation run.
//!
//! Features Spindle always has (`exceptions`, `stack-switching`,
//! `tail-call`, ...) are accepted and change nothing; turning one off is an
//! error, as is turning on one Spindle lacks. `max-wasm-stack`, `fuel` and
//! `timeout` mean what they mean in wasmtime. Of `-C`/`--codegen`, `cache`
//! (on by default, as in wasmtime) keeps compiled code between runs.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use spindle::{Config, Store};

/// Features that are always on in Spindle.
const ALWAYS_ON: &[&str] = &[
    "bulk-memory",
    "multi-memory",
    "multi-value",
    "reference-types",
    "tail-call",
    "function-references",
    "extended-const",
    "exceptions",
    "stack-switching",
    "sign-extension",
    "nontrapping-float-to-int",
    "mutable-global",
    "memory64",
    "simd",
    "relaxed-simd",
    "gc",
];

/// wasmtime features that Spindle does not have.
const MISSING: &[&str] = &[
    "threads",
    "shared-everything-threads",
    "component-model",
    "component-model-async",
    "wide-arithmetic",
    "custom-page-sizes",
    "all-proposals",
];

/// The `-W` flags of `run`.
#[derive(clap::Args, Debug, Default)]
pub struct WasmtimeFlags {
    /// wasmtime's Wasm options, for commands copied from its docs:
    /// features Spindle always has (exceptions, stack-switching, tail-call,
    /// function-references, multi-memory, ...) are accepted as no-ops;
    /// max-wasm-stack=BYTES, fuel=N and timeout=DURATION are honoured
    /// (repeatable, comma-separated).
    #[arg(
        short = 'W',
        long = "wasm",
        value_name = "KEY[=VAL]",
        value_delimiter = ',',
        help_heading = "wasmtime compatibility"
    )]
    pub wasm: Vec<String>,
    /// wasmtime's codegen options: cache=y|n keeps compiled code between
    /// runs (on by default) in $SPINDLE_CACHE_DIR, else
    /// $XDG_CACHE_HOME/spindle, else ~/.cache/spindle.
    #[arg(
        short = 'C',
        long = "codegen",
        value_name = "KEY[=VAL]",
        value_delimiter = ',',
        help_heading = "wasmtime compatibility"
    )]
    pub codegen: Vec<String>,
}

/// Settings from `-W` that apply to the store.
#[derive(Debug, Default)]
pub struct RunLimits {
    fuel: Option<u64>,
    timeout: Option<Duration>,
}

fn yes(key: &str, val: Option<&str>) -> Result<bool> {
    Ok(match val {
        None | Some("y") | Some("yes") | Some("true") => true,
        Some("n") | Some("no") | Some("false") => false,
        Some(v) => bail!("{key}={v}: expected y or n"),
    })
}

/// `KEY[=VAL]`, trimmed.
fn key_value(item: &str) -> (&str, Option<&str>) {
    match item.split_once('=') {
        Some((k, v)) => (k.trim(), Some(v.trim())),
        None => (item.trim(), None),
    }
}

/// Where the compiled-code cache lives: `$SPINDLE_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/spindle`, else `$HOME/.cache/spindle`.
fn cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("SPINDLE_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("spindle")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("spindle")))
}

impl WasmtimeFlags {
    /// Applies the flags to `config`; returns what must be set on the store.
    pub fn apply(&self, config: &mut Config) -> Result<RunLimits> {
        let mut limits = RunLimits::default();
        let mut cache = true;
        for item in &self.codegen {
            match key_value(item) {
                ("", _) => {}
                ("cache", v) => cache = yes("-C cache", v)?,
                (k, _) => bail!("-C {k}: not an option Spindle knows (it accepts cache=y|n)"),
            }
        }
        config.cache_dir(if cache { cache_dir() } else { None });
        for item in &self.wasm {
            let (key, val) = key_value(item);
            let number = || -> Result<u64> {
                match val.map(|v| v.replace('_', "").parse::<u64>()) {
                    Some(Ok(n)) => Ok(n),
                    _ => bail!("-W {key}: expected a number, as in {key}=N"),
                }
            };
            match key {
                "" => {}
                k if ALWAYS_ON.contains(&k) => {
                    if !yes(&format!("-W {k}"), val)? {
                        bail!("-W {k}=n: Spindle always supports {k}; it cannot be turned off");
                    }
                }
                k if MISSING.contains(&k) => {
                    if yes(&format!("-W {k}"), val)? {
                        bail!("-W {k}: Spindle does not support {k}");
                    }
                }
                "max-wasm-stack" => {
                    config.max_stack_bytes(number()? as usize);
                }
                "fuel" => {
                    config.consume_fuel(true);
                    limits.fuel = Some(number()?);
                }
                "timeout" => {
                    let v = val.unwrap_or_default();
                    let t = crate::profile::parse_duration(v)
                        .map_err(|e| anyhow::anyhow!("-W timeout: {e}"))?;
                    config.interruptible(true);
                    limits.timeout = Some(t);
                }
                k => bail!(
                    "-W {k}: not an option Spindle knows (it accepts the features {}, and \
                     max-wasm-stack, fuel, timeout)",
                    ALWAYS_ON.join(", ")
                ),
            }
        }
        Ok(limits)
    }
}

impl RunLimits {
    /// Sets the fuel, and starts the timeout's timer.
    pub fn apply<T>(&self, store: &mut Store<T>) -> Result<()> {
        if let Some(fuel) = self.fuel {
            store.set_fuel(fuel)?;
        }
        if let Some(t) = self.timeout {
            let handle = store.interrupt_handle();
            // Detached: the process ends with the run.
            std::thread::spawn(move || {
                std::thread::sleep(t);
                handle.interrupt();
            });
        }
        Ok(())
    }
}
