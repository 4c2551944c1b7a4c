//! `spindle`: run WebAssembly modules and `.wast` spec scripts.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Parser, Subcommand};
use spindle::{
    Config, Engine, ExternType, Linker, Module, Store, Trap, TrapCode, Val, ValType, WasmException,
};
use spindle_wasi::{I32Exit, WasiCtx};

mod preload;
mod profile;
mod wasmtime_flags;

#[derive(Parser)]
#[command(
    name = "spindle",
    version,
    about = "A WebAssembly runtime built around typed continuations",
    after_help = "Examples:
  spindle run examples/fib.wat --invoke fib 20
  spindle run --dir data::/data prog.wasm arg1 arg2
  spindle run --preload env=lib/fiber/fiber.wat fibers.wasm
  spindle run --max-continuations 100000 examples/continuations/sieve.wat --invoke run 100
  spindle run --profile prof.json examples/continuations/scheduler.wat --invoke run 100000
  spindle wast ../shared/testsuite/stack-switching"
)]
struct Cli {
    /// Largest size in bytes of one Wasm stack (deeper recursion traps with
    /// "call stack exhausted").
    #[arg(long, global = true, value_name = "N", help_heading = "Limits")]
    max_stack_bytes: Option<usize>,

    /// Largest number of frames on one Wasm stack (deeper recursion traps
    /// with "call stack exhausted").
    #[arg(long, global = true, value_name = "N", help_heading = "Limits")]
    max_call_depth: Option<usize>,

    /// Which tier runs Wasm functions: `interp` (the interpreter),
    /// `compiled` (every function compiled with Cranelift when it first runs)
    /// or `tiered` (the default, also called `auto`: functions start
    /// interpreted; hot ones are compiled on a background thread).
    #[arg(long, global = true, value_name = "TIER", default_value = "tiered")]
    tier: spindle::Tier,

    /// Under `--tier tiered`, the count at which a function is compiled (a
    /// call counts 10, a loop iteration 1; default 10000), by the
    /// interpreter itself when it gets there (not on the compile thread),
    /// so that the switch is deterministic. For testing: 1 compiles every
    /// function at its first call.
    #[arg(long, global = true, value_name = "N")]
    tier_threshold: Option<u32>,

    /// Largest number of live continuations (creating one more traps with
    /// "continuation limit exceeded").
    #[arg(long, global = true, value_name = "N", help_heading = "Limits")]
    max_continuations: Option<usize>,

    /// Largest total size in bytes of all stacks (main stack and every
    /// continuation's) together (growing past it traps with "stack memory
    /// limit exceeded").
    #[arg(long, global = true, value_name = "N", help_heading = "Limits")]
    max_total_stack_bytes: Option<usize>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Instantiate a module (.wasm or .wat) and call `_start` or an export.
    ///
    /// WASI preview 1 imports are provided; the program's exit code
    /// (`proc_exit`) becomes spindle's.
    Run {
        /// The module file (binary or text, told apart by the `\0asm` magic).
        file: PathBuf,
        /// Call this export instead of `_start`.
        #[arg(long, value_name = "NAME")]
        invoke: Option<String>,
        /// Sample the running program and write FILE, a profile for the
        /// Firefox Profiler (profiler.firefox.com), and FILE with the
        /// extension `.folded`, folded stacks for flame graphs. Stacks run
        /// through every continuation, a `[resume]` frame at each resume.
        /// wasmtime's `guest[,FILE[,INTERVAL]]` works too, and `perfmap`
        /// writes /tmp/perf-PID.map, which names compiled code in `perf
        /// report`.
        #[arg(long, value_name = "FILE", value_parser = profile::parse_profile, help_heading = "Profiling")]
        profile: Option<profile::ProfileRequest>,
        /// Time between samples (10ms, 500us, ...) [default: 1ms].
        #[arg(long, value_name = "DURATION", value_parser = profile::parse_duration, help_heading = "Profiling")]
        profile_interval: Option<Duration>,
        #[command(flatten)]
        wasi: WasiOptions,
        #[command(flatten)]
        preload: preload::PreloadOptions,
        #[command(flatten)]
        wasmtime: wasmtime_flags::WasmtimeFlags,
        /// Arguments for the program (put `--` before them if the first one
        /// looks like a spindle option), or with --invoke for the invoked
        /// function (i32/i64: decimal or 0x hex; f32/f64: decimal floats,
        /// `inf`, `nan`).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            allow_negative_numbers = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// Run .wast spec scripts (files, or directories searched recursively).
    Wast {
        /// Scripts or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Show every failure (by default at most 20 per file).
        #[arg(short, long)]
        verbose: bool,
        /// Worker threads [default: the number of CPUs].
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        /// Give up on a file after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        timeout: u64,
        /// Make the spectest print functions print.
        #[arg(long)]
        print: bool,
    },
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        // Panics inside a wast command are caught and reported by the runner.
        if spindle_wast::capture_panic(info) {
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        match info.location() {
            Some(loc) => eprintln!("internal error: {msg} (at {}:{})", loc.file(), loc.line()),
            None => eprintln!("internal error: {msg}"),
        }
        std::process::exit(2);
    }));

    let cli = Cli::parse();
    let mut config = cli.config();
    let result = match cli.command {
        Command::Run {
            file,
            invoke,
            profile,
            profile_interval,
            wasi,
            preload,
            wasmtime,
            args,
        } => (|| {
            let mut profile = match profile {
                Some(profile::ProfileRequest::Guest(p)) => Some(p),
                Some(profile::ProfileRequest::PerfMap) => {
                    config.profiler(spindle::ProfilingStrategy::PerfMap);
                    None
                }
                None => None,
            };
            if let (Some(p), Some(i)) = (&mut profile, profile_interval) {
                p.interval = i;
            } else if profile_interval.is_some() {
                bail!("--profile-interval needs --profile FILE or guest");
            }
            let limits = wasmtime.apply(&mut config)?;
            if profile.is_some() {
                config.interruptible(true);
            }
            let opts = RunOptions {
                file: &file,
                invoke: invoke.as_deref(),
                args: &args,
                wasi: &wasi,
                preload: &preload,
                profile: profile.as_ref(),
                limits: &limits,
            };
            run(&opts, &config)
        })(),
        Command::Wast {
            paths,
            verbose,
            jobs,
            timeout,
            print,
        } => {
            let opts = spindle_wast::Options {
                max_stack_bytes: cli.max_stack_bytes,
                max_call_depth: cli.max_call_depth,
                tier: cli.tier,
                tier_threshold: cli.tier_threshold,
                print,
                file_timeout: (timeout > 0).then(|| Duration::from_secs(timeout)),
                eager_translation: false,
            };
            wast(&paths, &opts, verbose, jobs.unwrap_or(0))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Some(exit) = e.downcast_ref::<I32Exit>() {
                // WASI `proc_exit`: wasi-common allows only codes 0..126.
                return ExitCode::from(exit.0 as u8);
            }
            report(&e);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error of `run` or `wast` to stderr: a trap with its backtrace
/// (and the flag that sets a limit it hit), an uncaught exception with its
/// backtrace, or `error: ` and the message (text-format errors keep their
/// snippet lines).
fn report(e: &anyhow::Error) {
    if let Some(trap) = e.downcast_ref::<Trap>() {
        eprintln!("{trap}");
        let flags = match trap.code() {
            TrapCode::StackExhausted => Some("--max-stack-bytes, --max-call-depth"),
            TrapCode::ContinuationLimit => Some("--max-continuations"),
            TrapCode::StackMemoryLimit => Some("--max-total-stack-bytes"),
            _ => None,
        };
        if let Some(flags) = flags {
            eprintln!("note: a limit was reached; raise it with {flags}");
        }
    } else if let Some(exn) = e.downcast_ref::<WasmException>() {
        // Its Display: "uncaught wasm exception", the tag, the backtrace.
        eprintln!("error: {exn}");
    } else {
        eprintln!("error: {e:#}");
    }
}

fn wast(
    paths: &[PathBuf],
    opts: &spindle_wast::Options,
    verbose: bool,
    jobs: usize,
) -> Result<ExitCode> {
    let files = spindle_wast::collect_wast_files(paths)?;
    if files.is_empty() {
        bail!("no .wast files found");
    }
    const LIMIT: usize = 20;
    let reports = spindle_wast::run_wast_files(&files, opts, jobs, |_| {});
    let (mut passed, mut failed) = (0, 0);
    for r in &reports {
        println!("{r}");
        let shown = if verbose { r.failures.len() } else { LIMIT };
        for f in r.failures.iter().take(shown) {
            println!("{}:{}:{}: {}", r.path.display(), f.line, f.col, f.reason);
        }
        if r.failures.len() > shown {
            println!(
                "  ... and {} more (use -v to see all)",
                r.failures.len() - shown
            );
        }
        passed += r.passed;
        failed += r.failed;
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

impl Cli {
    /// The engine settings from the limit flags.
    fn config(&self) -> Config {
        let mut config = Config::new();
        if let Some(n) = self.max_stack_bytes {
            config.max_stack_bytes(n);
        }
        if let Some(n) = self.max_call_depth {
            config.max_call_depth(n);
        }
        config.tier(self.tier);
        if let Some(n) = self.tier_threshold {
            config.tier_threshold(n).tier_background(false);
        }
        if let Some(n) = self.max_continuations {
            config.max_continuations(n);
        }
        if let Some(n) = self.max_total_stack_bytes {
            config.max_total_stack_bytes(n);
        }
        config
    }
}

/// WASI settings of `run`.
#[derive(clap::Args)]
#[command(next_help_heading = "WASI")]
struct WasiOptions {
    /// Give the program the host directory HOST, seen as GUEST (by default
    /// the same path); it can reach no other files (repeatable).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Set an environment variable for the program; a bare NAME passes on
    /// the host's value (repeatable).
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
}

impl WasiOptions {
    /// The WASI context: stdio inherited, `argv`, and the flags' variables
    /// and preopened directories.
    fn ctx(&self, argv: &[String]) -> Result<WasiCtx> {
        let mut b = spindle_wasi::WasiCtxBuilder::new();
        b.inherit_stdio().args(argv)?;
        for e in &self.envs {
            let (name, value) = match e.split_once('=') {
                Some((name, value)) => (name, value.to_string()),
                None => match std::env::var(e) {
                    Ok(value) => (e.as_str(), value),
                    Err(_) => continue,
                },
            };
            b.env(name, &value)?;
        }
        for d in &self.dirs {
            let (host, guest) = d.split_once("::").unwrap_or((d, d));
            let dir = spindle_wasi::Dir::open_ambient_dir(host, spindle_wasi::ambient_authority())
                .with_context(|| format!("--dir: cannot open directory {host}"))?;
            b.preopened_dir(dir, guest)?;
        }
        Ok(b.build())
    }
}

/// The store's host data for `run`.
struct Host {
    wasi: WasiCtx,
}

/// What `run` was asked to do.
struct RunOptions<'a> {
    file: &'a Path,
    invoke: Option<&'a str>,
    args: &'a [String],
    wasi: &'a WasiOptions,
    preload: &'a preload::PreloadOptions,
    profile: Option<&'a profile::ProfileOptions>,
    limits: &'a wasmtime_flags::RunLimits,
}

fn run(o: &RunOptions, config: &Config) -> Result<ExitCode> {
    if let Some(p) = o.profile {
        profile::check_path(p)?;
    }
    let engine = Engine::new(config);
    let module = Module::from_file(&engine, o.file)?;
    // The program's argv: the module path, then the arguments unless they
    // are the invoked function's.
    let mut argv = vec![o.file.display().to_string()];
    if o.invoke.is_none() {
        argv.extend_from_slice(o.args);
    }
    let host = Host {
        wasi: o.wasi.ctx(&argv)?,
    };
    let mut store = Store::new(&engine, host);
    o.limits.apply(&mut store)?;
    let mut linker = Linker::new(&engine);
    spindle_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
    o.preload.link(&engine, &mut store, &mut linker)?;
    // Samples from here on, the start function included; the profile is
    // written however the run ends.
    let profiler = match o.profile {
        Some(p) => Some(profile::Profiler::start(&mut store, p)?),
        None => None,
    };
    let result = instantiate_and_call(o, &module, &mut store, &linker);
    // However the run ended, what it compiled is kept for the next one
    // (`-C cache`); a cache that cannot be written is no error of the run.
    if let Err(e) = module.save_compiled_code() {
        if std::env::var_os("SPINDLE_TIER_LOG").is_some() {
            eprintln!("spindle: {e:#}");
        }
    }
    if std::env::var_os("SPINDLE_TIER_LOG").is_some() {
        eprintln!(
            "spindle: {} entries into compiled code",
            engine.compiled_entries()
        );
    }
    if let Some(p) = profiler {
        store.clear_sampler();
        match p.finish() {
            Ok(summary) => eprintln!("{summary}"),
            Err(e) => eprintln!("error: {e:#}"),
        }
    }
    result
}

fn instantiate_and_call(
    o: &RunOptions,
    module: &Module,
    store: &mut Store<Host>,
    linker: &Linker<Host>,
) -> Result<ExitCode> {
    let instance = linker
        .instantiate(&mut *store, module)
        .map_err(|e| explain_link_error(e, module, o.preload))?;

    let name = o.invoke.unwrap_or("_start");
    let Some(func) = instance.get_func(&mut *store, name) else {
        let exports = describe_exports(module);
        let how = match exports.iter().find(|(_, ty)| ty.starts_with("(func")) {
            Some((f, _)) => format!(
                "call one with `spindle run --invoke {f} {} ARGS...`",
                o.file.display()
            ),
            None => "it exports no function to call".to_string(),
        };
        let listing: String = exports
            .iter()
            .map(|(n, ty)| format!("\n  {n}: {ty}"))
            .collect();
        if o.invoke.is_none() && o.args.is_empty() {
            // Instantiation (and any start function) was the whole run.
            if !exports.is_empty() {
                eprintln!(
                    "note: {} has no `_start` function, so only instantiating it ran; it exports:{listing}\n{how}",
                    o.file.display()
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        if exports.is_empty() {
            bail!("module has no exported function `{name}`, and no exports at all");
        }
        bail!("module has no exported function `{name}`; it exports:{listing}\n{how}");
    };
    let args = if o.invoke.is_some() { o.args } else { &[] };
    let ty = func.ty(&*store);
    if ty.params().len() != args.len() {
        bail!(
            "`{name}` takes {} argument(s) ({}), got {}",
            ty.params().len(),
            ty.params()
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            args.len()
        );
    }
    let params = args
        .iter()
        .zip(ty.params())
        .map(|(a, t)| parse_arg(a, t).with_context(|| format!("bad argument `{a}` for {t}")))
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(Val::default_for).collect();
    func.call(&mut *store, &params, &mut results)?;
    for v in &results {
        println!("{}", show(v));
    }
    Ok(ExitCode::SUCCESS)
}

/// The module's exports as `(name, type)`, functions first.
fn describe_exports(module: &Module) -> Vec<(String, String)> {
    let mut out: Vec<(bool, String, String)> = module
        .exports()
        .map(|(name, ty)| {
            let (is_func, text) = match ty {
                ExternType::Func(f) => (true, f.to_string()),
                ExternType::Global(g) => (
                    false,
                    match g.mutability {
                        spindle::Mutability::Const => format!("(global {})", g.content),
                        spindle::Mutability::Var => format!("(global (mut {}))", g.content),
                    },
                ),
                ExternType::Table(t) => (false, format!("(table {})", ValType::Ref(t.element))),
                ExternType::Memory(m) => (false, format!("(memory {})", m.min)),
                ExternType::Tag(t) => (false, format!("(tag{})", &t.to_string()["(func".len()..])),
            };
            (is_func, name.to_string(), text)
        })
        .collect();
    out.sort_by_key(|(is_func, _, _)| !*is_func);
    out.into_iter().map(|(_, n, t)| (n, t)).collect()
}

/// Adds a hint to an unknown-import error: which module names nothing
/// provides, and for a program on the fiber library, the `--preload` that
/// provides it.
fn explain_link_error(
    e: anyhow::Error,
    module: &Module,
    preload: &preload::PreloadOptions,
) -> anyhow::Error {
    let msg = format!("{e:#}");
    if !msg.starts_with("unknown import") {
        return e;
    }
    let provided =
        |m: &str| m == "wasi_snapshot_preview1" || preload.preloads.iter().any(|p| p.name == m);
    let mut missing: Vec<String> = Vec::new();
    let mut fiber = false;
    for (m, n, _) in module.imports() {
        if !provided(m) {
            if !missing.iter().any(|x| x == m) {
                missing.push(m.to_string());
            }
            fiber |= m == "env" && (n == "__indirect_function_table" || n.starts_with("fiber_"));
        }
    }
    let mut hint = String::new();
    if fiber {
        hint.push_str(
            "\nhint: this program uses the fiber library (lib/fiber): run it with \
             `--preload env=lib/fiber/fiber.wat`",
        );
    } else if !missing.is_empty() {
        let names = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        hint.push_str(&format!(
            "\nhint: nothing provides module {names}; spindle provides WASI preview 1 \
             (`wasi_snapshot_preview1`) and what `--preload NAME=FILE` loads"
        ));
    }
    anyhow!("{msg}{hint}")
}

fn parse_int(s: &str) -> Result<i128> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = digits.replace('_', "");
    let v = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i128::from_str_radix(hex, 16)?,
        None => digits.parse::<i128>()?,
    };
    Ok(if neg { -v } else { v })
}

/// A `v128` argument: `0x` and up to 32 hex digits (the 128-bit number
/// whose little-endian bytes are the vector's, as results are printed), or
/// a decimal `u128`.
fn parse_v128(s: &str) -> Result<u128> {
    let v = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u128::from_str_radix(&hex.replace('_', ""), 16)?,
        None => s.parse::<u128>()?,
    };
    Ok(v)
}

fn parse_arg(s: &str, ty: &ValType) -> Result<Val> {
    Ok(match ty {
        ValType::I32 => {
            let v = parse_int(s)?;
            if !(i32::MIN as i128..=u32::MAX as i128).contains(&v) {
                bail!("out of range for i32");
            }
            Val::I32(v as u32 as i32)
        }
        ValType::I64 => {
            let v = parse_int(s)?;
            if !(i64::MIN as i128..=u64::MAX as i128).contains(&v) {
                bail!("out of range for i64");
            }
            Val::I64(v as u64 as i64)
        }
        ValType::F32 => Val::F32(s.parse::<f32>()?.to_bits()),
        ValType::F64 => Val::F64(s.parse::<f64>()?.to_bits()),
        ValType::V128 => Val::V128(parse_v128(s)?),
        other => {
            return Err(anyhow!(
                "parameters of type {other} cannot be given on the command line"
            ))
        }
    })
}

fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(*b).to_string(),
        Val::F64(b) => f64::from_bits(*b).to_string(),
        Val::V128(x) => format!("0x{x:032x}"),
        Val::FuncRef(Some(_)) => "funcref".into(),
        Val::ExternRef(Some(r)) => format!("externref {}", r.0),
        Val::ExnRef(Some(_)) => "exnref".into(),
        Val::ContRef(Some(_)) => "contref".into(),
        Val::AnyRef(a) if a.is_externalized() => "externref".into(),
        Val::AnyRef(a) => match (a.i31(), a.as_extern()) {
            (Some(x), _) => format!("i31 {x}"),
            (_, Some(e)) => format!("anyref (externref {})", e.0),
            _ if a.is_struct() => "structref".into(),
            _ => "arrayref".into(),
        },
        Val::FuncRef(None)
        | Val::ExternRef(None)
        | Val::ExnRef(None)
        | Val::ContRef(None)
        | Val::NullRef => "null".into(),
    }
}
