//! Benchmark runner for Spindle.
//!
//! Runs each workload in [`workloads::WORKLOADS`] (hand-written kernels under
//! the repository's `benches/` directory) as a separate process on Spindle
//! and on the peer engines found on this machine (`wasmtime`, `wasmi`),
//! checks every run printed the expected result, and prints a markdown table
//! of median wall time, peak RSS and Spindle's time relative to each peer.
//!
//! ```text
//! cargo build --release -p spindle-cli -p spindle-bench
//! target/release/spindle-bench [--runs N] [--filter NAME] [--json FILE]
//! target/release/spindle-bench --report docs/benchmarks.md
//! cargo bench -p spindle-bench [-- OPTIONS]
//! ```
//!
//! With `--report FILE` it also writes a markdown document ([`document`]):
//! the machine, the command that regenerates it, the table, figures derived
//! from the continuation workloads ([`derived`]) and an SVG chart
//! ([`chart`]) next to it.

pub mod cbuild;
pub mod chart;
pub mod derived;
pub mod document;
pub mod engines;
pub mod machine;
pub mod measure;
pub mod report;
pub mod workloads;

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::Parser;

use derived::Derivation;
use document::{EngineInfo, Invocation, ReportInfo};
use engines::{Engine, EngineKind, Entry};
use report::{Outcome, Row};
use workloads::{Program, Workload, WORKLOADS};

/// How the runner was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As the `spindle-bench` binary.
    Binary,
    /// As the `cargo bench -p spindle-bench` target.
    CargoBench,
}

/// Command-line options.
#[derive(Debug, Parser)]
#[command(
    name = "spindle-bench",
    version,
    about = "Runs the benchmark kernels on Spindle and peer engines (wasmtime, wasmi) and compares them",
    after_help = "Each run is a separate process; times are wall-clock and include engine start-up and compilation."
)]
pub struct Cli {
    /// Only run workloads whose name contains NAME (comma-separated or repeated)
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    filter: Vec<String>,

    /// Same as --filter
    #[arg(value_name = "FILTER")]
    filters: Vec<String>,

    /// Measured runs per workload and engine (after the warm-up)
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,

    /// Unmeasured warm-up runs before the measured ones
    #[arg(long, value_name = "N", default_value_t = 1)]
    warmup: u32,

    /// Also write the results as JSON to FILE
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// Also write a markdown report to FILE (machine, command, table,
    /// continuation figures) and its chart to FILE with extension .svg
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// A note for the report's Notes list (repeatable)
    #[arg(long, value_name = "TEXT", requires = "report")]
    note: Vec<String>,

    /// The spindle binary [default: `spindle` next to this executable]
    #[arg(long, value_name = "PATH")]
    spindle: Option<PathBuf>,

    /// The wasmtime binary [default: `wasmtime` on PATH, skipped if absent]
    #[arg(long, value_name = "PATH")]
    wasmtime: Option<PathBuf>,

    /// The wasmi CLI binary [default: `wasmi` or `wasmi_cli` on PATH, skipped if absent]
    #[arg(long, value_name = "PATH")]
    wasmi: Option<PathBuf>,

    /// Engines to run (comma-separated)
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_enum, default_values_t = EngineKind::ALL)]
    engines: Vec<EngineKind>,

    /// The directory workload files are relative to [default: the repository's benches/]
    #[arg(long, value_name = "DIR")]
    benches_dir: Option<PathBuf>,

    /// Spindle's tier: `interp`, `compiled` or `tiered` (passed to `spindle` as
    /// `--tier`; Spindle's default when absent)
    #[arg(long, value_name = "TIER", value_parser = ["interp", "compiled", "tiered"])]
    tier: Option<String>,

    /// Kill a run that takes longer than SECS seconds and report it as failed
    #[arg(long, value_name = "SECS", default_value_t = 300.0)]
    timeout: f64,

    /// List the workloads and exit
    #[arg(long)]
    list: bool,
}

/// Runs the benchmark runner with command-line `args` (program name first).
pub fn main_with_args<I, T>(args: I, mode: Mode) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match run(&cli, mode, args.get(1..).unwrap_or_default()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("spindle-bench: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the selected workloads and prints the report; failed runs are
/// reported in the table, only setup problems are errors. `args` are the
/// command-line arguments (without the program name), for the report's
/// regeneration command.
pub fn run(cli: &Cli, mode: Mode, args: &[OsString]) -> Result<()> {
    let filters: Vec<String> = cli.filter.iter().chain(&cli.filters).cloned().collect();
    let selected: Vec<Workload> = WORKLOADS
        .iter()
        .copied()
        .filter(|w| w.matches(&filters))
        .collect();
    if cli.list {
        for w in &selected {
            let mut peers = String::new();
            for p in w.peers {
                peers.push(' ');
                peers.push_str(p.engine.name());
                if !p.flags.is_empty() {
                    peers.push_str(&format!("({})", p.flags.join(" ")));
                }
            }
            println!(
                "{:<20} {:<36} arg {:<10} expect {:<16} peers:{}",
                w.name,
                w.file,
                w.arg,
                w.expected,
                if peers.is_empty() { " none" } else { &peers }
            );
        }
        return Ok(());
    }
    if selected.is_empty() {
        let names: Vec<&str> = WORKLOADS.iter().map(|w| w.name).collect();
        bail!(
            "no workload matches {filters:?} (workloads: {})",
            names.join(", ")
        );
    }
    if !(cli.timeout > 0.0 && cli.timeout.is_finite()) {
        bail!("--timeout must be a positive number of seconds");
    }
    let timeout = Duration::from_secs_f64(cli.timeout);
    let benches_dir = match &cli.benches_dir {
        Some(dir) => dir.clone(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches"),
    };
    let benches_dir = benches_dir.canonicalize().with_context(|| {
        format!(
            "benchmark directory {} not found (use --benches-dir)",
            benches_dir.display()
        )
    })?;

    let report_paths = cli.report.as_deref().map(report_paths).transpose()?;

    let engines = find_engines(cli);
    let spindle_missing = engines
        .iter()
        .find(|e| e.kind == EngineKind::Spindle)
        .and_then(|e| e.unavailable.clone());
    if let Some(reason) = &spindle_missing {
        eprintln!("spindle-bench: warning: {reason}; Spindle rows will show as failed");
        if mode == Mode::CargoBench {
            eprintln!("spindle-bench: `cargo bench` does not build the spindle CLI; run `cargo build --release -p spindle-cli` first");
        }
    }
    for e in &engines {
        let version = match (&e.unavailable, &e.version) {
            (Some(_), _) => "not found",
            (None, Some(version)) => version,
            (None, None) => "version unknown",
        };
        eprintln!(
            "engine {:<8} {} ({version})",
            e.kind.name(),
            e.program.display()
        );
    }
    eprintln!(
        "{} workload(s), {} warm-up + {} measured run(s) each, timeout {} s",
        selected.len(),
        cli.warmup,
        cli.runs,
        timeout.as_secs_f64()
    );

    let wasm_dir = engines::profile_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("bench-wasm");
    let date = machine::now_utc();
    let load_before = machine::load_average();
    let started = Instant::now();
    let mut rows = Vec::new();
    let repo = benches_dir.parent().unwrap_or(&benches_dir).to_path_buf();
    let ctx = BenchContext {
        benches_dir: &benches_dir,
        repo: &repo,
        wasm_dir: &wasm_dir,
        cli,
        timeout,
    };
    for workload in &selected {
        for engine in &engines {
            if workload.flags_for(engine.kind).is_none() {
                eprintln!(
                    "{} / {}: skipped (not a peer for this workload)",
                    workload.label(),
                    engine.kind.name()
                );
            }
        }
        rows.extend(bench_workload(workload, &engines, &ctx));
    }

    // The trivial runs the report's continuation figures are relative to.
    let mut trivial_rows = Vec::new();
    if report_paths.is_some() {
        for workload in &selected {
            let Some(derivation) = Derivation::for_workload(workload) else {
                continue;
            };
            let trivial = derivation.trivial(workload);
            trivial_rows.extend(bench_workload(&trivial, &engines, &ctx));
        }
    }
    let elapsed = started.elapsed();
    let load_after = machine::load_average();

    println!();
    print!("{}", report::markdown(&rows));
    let derived = derived::derive(&rows, &trivial_rows);
    if report_paths.is_some() && !derived.is_empty() {
        println!();
        print!("{}", document::derived_markdown(&derived));
    }
    std::io::stdout().flush().ok();
    if let Some((md_path, svg_path)) = &report_paths {
        let repo = repo_root();
        let cwd = std::env::current_dir().ok();
        let exe = std::env::current_exe().ok().map(undeleted);
        let machine = machine::Machine::detect(&repo);
        let chart_name = svg_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let info = ReportInfo {
            invocation: Invocation::new(mode, args, exe.as_deref(), cwd.as_deref(), &repo),
            date: date.clone(),
            runs: cli.runs,
            warmup: cli.warmup,
            engines: engine_infos(cli, &engines, &repo),
            spindle_commit: machine::git_commit(&repo),
            load_before,
            load_after,
            elapsed_secs: elapsed.as_secs_f64(),
            notes: cli
                .note
                .iter()
                .cloned()
                .chain(
                    cli.tier
                        .iter()
                        .map(|t| format!("Spindle ran with `--tier {t}`.")),
                )
                .collect(),
            chart: chart_name,
            machine,
        };
        let subtitle = format!(
            "{}; {}; median of {} run{}; Spindle {}",
            info.date,
            info.machine.cpu.as_deref().unwrap_or("unknown CPU"),
            cli.runs,
            if cli.runs == 1 { "" } else { "s" },
            info.spindle_commit
                .as_deref()
                .and_then(|c| c.split(',').next())
                .unwrap_or("(commit unknown)")
        );
        let svg = chart::svg(&rows, &subtitle)?;
        std::fs::write(svg_path, svg)
            .with_context(|| format!("cannot write {}", svg_path.display()))?;
        std::fs::write(md_path, document::document(&info, &rows, &derived))
            .with_context(|| format!("cannot write {}", md_path.display()))?;
        eprintln!("wrote {} and {}", md_path.display(), svg_path.display());
    }
    if let Some(path) = &cli.json {
        let listed: Vec<(EngineKind, String, Option<String>)> = engines
            .iter()
            .map(|e| (e.kind, e.program.display().to_string(), e.version.clone()))
            .collect();
        std::fs::write(path, report::json(&rows, cli.runs, cli.warmup, &listed))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(reason) = spindle_missing {
        eprintln!("\nspindle-bench: note: {reason}");
    }
    Ok(())
}

/// The repository root (where `benches/` and `docs/` are).
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The markdown report's path and its chart's (same name, `.svg`), after
/// creating their directory.
fn report_paths(md: &Path) -> Result<(PathBuf, PathBuf)> {
    if md.extension().is_some_and(|ext| ext == "svg") {
        bail!(
            "--report {} would be overwritten by its own chart; give a .md file",
            md.display()
        );
    }
    if let Some(dir) = md.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok((md.to_path_buf(), md.with_extension("svg")))
}

/// How the report describes each engine: version and program, or why it
/// did not run.
fn engine_infos(cli: &Cli, engines: &[Engine], repo: &Path) -> Vec<EngineInfo> {
    EngineKind::ALL
        .iter()
        .map(|&kind| {
            let description = match engines.iter().find(|e| e.kind == kind) {
                Some(Engine {
                    unavailable: Some(reason),
                    ..
                }) => format!("did not run: {reason}"),
                Some(engine) => {
                    let program = &engine.program;
                    let name = program.file_name().unwrap_or_default().to_string_lossy();
                    let shown = if let Ok(rel) = program.strip_prefix(repo) {
                        format!("`{}`", rel.display())
                    } else if engines::find_on_path(&name).as_deref() == Some(program.as_path()) {
                        format!("`{name}` on PATH")
                    } else {
                        format!("`{}`", program.display())
                    };
                    format!(
                        "{} ({shown})",
                        engine.version.as_deref().unwrap_or("version unknown")
                    )
                }
                None if !cli.engines.contains(&kind) => "not run (not in --engines)".to_string(),
                None => format!(
                    "not run: `{}` not found on PATH",
                    kind.program_names().join("` or `")
                ),
            };
            EngineInfo { kind, description }
        })
        .collect()
}

/// The selected engines that can be found; peers missing from PATH are
/// skipped with a note.
fn find_engines(cli: &Cli) -> Vec<Engine> {
    let mut engines = Vec::new();
    for kind in EngineKind::ALL {
        if !cli.engines.contains(&kind) {
            continue;
        }
        let explicit = match kind {
            EngineKind::Spindle | EngineKind::SpindleInterp => cli.spindle.clone(),
            EngineKind::Wasmtime => cli.wasmtime.clone(),
            EngineKind::Wasmi => cli.wasmi.clone(),
        };
        if kind.is_spindle() {
            engines.push(Engine::spindle(
                kind,
                explicit.unwrap_or_else(engines::default_spindle_path),
            ));
            continue;
        }
        let found = explicit.or_else(|| {
            kind.program_names()
                .iter()
                .find_map(|name| engines::find_on_path(name))
        });
        match found {
            Some(program) => engines.push(Engine::peer(kind, program)),
            None => eprintln!(
                "engine {:<8} skipped: `{}` not found on PATH",
                kind.name(),
                kind.program_names().join("` or `")
            ),
        }
    }
    engines
}

/// Where the benchmark files are and how to run them.
struct BenchContext<'a> {
    benches_dir: &'a Path,
    /// The repository root (C workloads and the fiber library are found
    /// relative to it): the parent of `benches_dir`.
    repo: &'a Path,
    wasm_dir: &'a Path,
    cli: &'a Cli,
    timeout: Duration,
}

/// Warm-up and measured runs of one workload on each engine it has flags
/// for, interleaved: every round runs each engine once, so a machine that speeds
/// up or slows down during the measurement affects all engines alike and
/// the ratios stay fair. An engine that fails once is not run again.
fn bench_workload(workload: &Workload, engines: &[Engine], ctx: &BenchContext<'_>) -> Vec<Row> {
    let cli = ctx.cli;
    let participants: Vec<(&Engine, &[&str])> = engines
        .iter()
        .filter_map(|e| workload.flags_for(e.kind).map(|flags| (e, flags)))
        .collect();
    // A C program is built once, for all engines.
    let built = match workload.program {
        Program::Invoke => None,
        Program::FiberC => Some(
            cbuild::build_fiber_program(ctx.repo, workload.file, workload.name, ctx.wasm_dir)
                .map_err(|err| format!("{err:#}")),
        ),
        Program::Corpus(opt) => Some(match workload.corpus_case() {
            Some((program, _)) => {
                spindle_corpus::build(program, opt).map_err(|err| format!("{err:#}"))
            }
            None => Err(format!("{} is not a corpus program", workload.file)),
        }),
    };
    // A corpus program runs in a directory of its own, with its inputs.
    let run_dir = workload
        .corpus_case()
        .map(|(_, case)| spindle_corpus::RunDir::new(case));
    let run_dir = match run_dir.transpose() {
        Ok(dir) => dir,
        Err(err) => {
            let reason = format!("{err:#}");
            return participants
                .iter()
                .map(|(engine, _)| Row {
                    workload: *workload,
                    engine: engine.kind,
                    outcome: Outcome::Failed(reason.clone()),
                })
                .collect();
        }
    };
    let mut state: Vec<Result<(PathBuf, Vec<measure::Sample>), String>> = participants
        .iter()
        .map(|(engine, _)| {
            if let Some(reason) = &engine.unavailable {
                return Err(reason.clone());
            }
            if let Some(built) = &built {
                return built.clone().map(|module| (module, Vec::new()));
            }
            let needs_binary = engine.kind.needs_binary(&engine.program);
            module_for(
                needs_binary,
                &ctx.benches_dir.join(workload.file),
                ctx.wasm_dir,
            )
            .map(|module| (module, Vec::new()))
            .map_err(|err| format!("{err:#}"))
        })
        .collect();
    let args = workload.args();
    let preload = cbuild::fiber_wat(ctx.repo);
    let entry = match workload.program {
        Program::Invoke => Entry::Invoke(workload.arg),
        Program::FiberC => Entry::Command {
            args: &args,
            preload: &preload,
        },
        Program::Corpus(_) => Entry::Wasi {
            args: &args,
            dir: run_dir.as_ref().map_or(ctx.repo, |d| d.path()),
        },
    };
    let runs = workload.runs(cli.runs);
    let total = cli.warmup + runs;
    for i in 0..total {
        let warmup = i < cli.warmup;
        for ((engine, flags), st) in participants.iter().zip(&mut state) {
            let Ok((module, samples)) = st else {
                continue;
            };
            let tag = format!("{} / {}", workload.label(), engine.kind.name());
            let tiered;
            let flags: &[&str] = match (&cli.tier, engine.kind) {
                (Some(tier), EngineKind::Spindle) => {
                    tiered = [&["--tier", tier.as_str()][..], flags].concat();
                    &tiered
                }
                _ => flags,
            };
            let cmd = engine.kind.command(&engine.program, flags, module, &entry);
            match measure::run_once(cmd, workload.expected, ctx.timeout) {
                Ok(sample) => {
                    let what = if warmup {
                        "warm-up".to_string()
                    } else {
                        format!("run {}/{}", i - cli.warmup + 1, runs)
                    };
                    eprintln!(
                        "{tag}: {what}: {:.1} ms, {:.1} MiB",
                        sample.wall.as_secs_f64() * 1e3,
                        sample.max_rss_kib as f64 / 1024.0
                    );
                    if !warmup {
                        samples.push(sample);
                    }
                }
                Err(reason) => {
                    eprintln!("{tag}: failed: {reason}");
                    *st = Err(reason);
                }
            }
        }
    }
    participants
        .iter()
        .zip(state)
        .map(|((engine, _), st)| Row {
            workload: *workload,
            engine: engine.kind,
            outcome: match st {
                Ok((_, samples)) => Outcome::Ok(samples),
                Err(reason) => Outcome::Failed(reason),
            },
        })
        .collect()
}

/// The module file to give an engine: `file` itself, or if the engine
/// `needs_binary` modules, `file` converted from text into `wasm_dir`.
fn module_for(needs_binary: bool, file: &Path, wasm_dir: &Path) -> Result<PathBuf> {
    if !file.is_file() {
        bail!("workload file {} not found", file.display());
    }
    let is_text = file
        .extension()
        .is_some_and(|ext| ext == "wat" || ext == "wast");
    if !needs_binary || !is_text {
        return Ok(file.to_path_buf());
    }
    let wasm = wat::parse_file(file)
        .with_context(|| format!("cannot convert {} to .wasm", file.display()))?;
    std::fs::create_dir_all(wasm_dir)
        .with_context(|| format!("cannot create {}", wasm_dir.display()))?;
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let out = wasm_dir.join(format!("{stem}.wasm"));
    std::fs::write(&out, wasm).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(out)
}

/// `path` without the ` (deleted)` Linux appends to `/proc/self/exe` when
/// the running binary was replaced (a rebuild during a long run), so the
/// report's command names the binary to run again.
fn undeleted(path: std::path::PathBuf) -> std::path::PathBuf {
    match path.to_str().and_then(|p| p.strip_suffix(" (deleted)")) {
        Some(p) => p.into(),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_parses() {
        Cli::try_parse_from([
            "spindle-bench",
            "--runs",
            "3",
            "--filter",
            "fib,sieve",
            "mandel",
        ])
        .unwrap();
        assert!(Cli::try_parse_from(["spindle-bench", "--runs", "0"]).is_err());
        let cli = Cli::try_parse_from(["spindle-bench", "--engines", "wasmi"]).unwrap();
        assert_eq!(cli.engines, [EngineKind::Wasmi]);
    }

    #[test]
    fn a_replaced_binary_keeps_its_name() {
        let p = |s: &str| std::path::PathBuf::from(s);
        assert_eq!(
            undeleted(p("/r/target/release/spindle-bench (deleted)")),
            p("/r/target/release/spindle-bench")
        );
        assert_eq!(undeleted(p("/r/spindle-bench")), p("/r/spindle-bench"));
    }

    #[test]
    fn kernels_parse_as_wat() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches");
        for w in WORKLOADS.iter().filter(|w| w.program == Program::Invoke) {
            let wasm =
                wat::parse_file(dir.join(w.file)).unwrap_or_else(|e| panic!("{}: {e}", w.file));
            assert!(wasm.starts_with(b"\0asm"));
        }
    }
}
