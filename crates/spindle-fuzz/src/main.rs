//! `spindle-fuzz`: runs the fuzzing generators within a case count or a
//! time budget and prints cases run and findings per generator.
//!
//! ```text
//! spindle-fuzz all --time 3600                 # every generator, one hour
//! spindle-fuzz differential --count 1000 --seed 7
//! spindle-fuzz stack-switching --case 0x1234abcd   # re-run one case
//! spindle-fuzz gc --time 600                   # GC modules, ten minutes
//! ```

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use spindle_fuzz::{run, run_one, Generator, RunConfig, Verdict};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Mode {
    /// Every generator, round-robin.
    All,
    /// wasm-smith modules on Spindle and wasmi.
    Differential,
    /// Mutated modules: errors and traps only, never a panic or hang.
    Mutation,
    /// Generated stack-switching programs and host scenarios.
    StackSwitching,
    /// wasm-smith modules on the interpreter, the compiled tier and tiered.
    Tiers,
    /// wasm-smith GC modules on Spindle alone: lazy vs eager translation,
    /// forced collections, a sample against wasmtime.
    Gc,
}

#[derive(Debug, Parser)]
#[command(
    name = "spindle-fuzz",
    about = "Differential, mutation, stack-switching and GC fuzzing of Spindle"
)]
struct Args {
    /// Which generator(s) to run.
    #[arg(value_enum, default_value = "all")]
    mode: Mode,
    /// The run's seed (cases are derived from it).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Cases per generator (default: 100, or unlimited with --time).
    #[arg(long)]
    count: Option<u64>,
    /// Time budget in seconds for the whole run.
    #[arg(long)]
    time: Option<f64>,
    /// Directory where findings are saved (`<generator>-<case>.wasm`,
    /// `.wat` when there is text, `.txt` with the reason).
    #[arg(long, default_value = "target/fuzz-findings")]
    out: PathBuf,
    /// Print the counts every this many seconds.
    #[arg(long, default_value_t = 60.0)]
    progress: f64,
    /// A case running longer than this many seconds is a hang.
    #[arg(long, default_value_t = 60.0)]
    hang_secs: f64,
    /// Re-run the single case with this seed (hex with 0x, or decimal),
    /// as printed with a finding; needs a single generator mode.
    #[arg(long)]
    case: Option<String>,
    /// Run the cases in this process (no supervising parent). Without it,
    /// the run happens in a child process, and a case that kills it (an
    /// abort, a native stack overflow) is saved as a finding and the run
    /// goes on after it.
    #[arg(long)]
    worker: bool,
    /// Skip the cases before this index (used when restarting a worker).
    #[arg(long, default_value_t = 0, hide = true)]
    start_index: u64,
}

fn parse_seed(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let generators: Vec<Generator> = match args.mode {
        Mode::All => Generator::ALL.to_vec(),
        Mode::Differential => vec![Generator::Differential],
        Mode::Mutation => vec![Generator::Mutation],
        Mode::StackSwitching => vec![Generator::StackSwitching],
        Mode::Tiers => vec![Generator::Tiers],
        Mode::Gc => vec![Generator::Gc],
    };
    if let Some(case) = &args.case {
        let Some(seed) = parse_seed(case) else {
            eprintln!("error: --case takes a seed such as 0x1234abcd");
            return ExitCode::from(2);
        };
        if generators.len() != 1 {
            eprintln!("error: --case needs one generator mode");
            return ExitCode::from(2);
        }
        let v = run_one(generators[0], seed);
        return match v {
            Verdict::Pass => {
                println!("pass");
                ExitCode::SUCCESS
            }
            Verdict::Inconclusive(r) => {
                println!("inconclusive: {r}");
                ExitCode::SUCCESS
            }
            Verdict::Finding(r, art) => {
                println!("FINDING: {r}");
                let _ = std::fs::create_dir_all(&args.out);
                let stem = format!("{}-{seed:016x}", generators[0].name());
                let path = args.out.join(format!("{stem}.wasm"));
                if std::fs::write(&path, &art.wasm).is_ok() {
                    println!("saved {}", path.display());
                }
                if let Some(wat) = art.wat {
                    let _ = std::fs::write(args.out.join(format!("{stem}.wat")), wat);
                }
                ExitCode::FAILURE
            }
        };
    }
    if !args.worker {
        return supervise(&args);
    }
    let time = args.time.map(Duration::from_secs_f64);
    let cfg = RunConfig {
        seed: args.seed,
        count: args.count.or(if time.is_some() { None } else { Some(100) }),
        time,
        out_dir: Some(args.out.clone()),
        progress: (args.progress > 0.0).then(|| Duration::from_secs_f64(args.progress)),
        hang_limit: Duration::from_secs_f64(args.hang_secs),
        start_index: args.start_index,
        crash_file: Some(args.out.join(".running")),
    };
    if spindle_fuzz::wasmtime_cli::path().is_none() {
        println!("note: `wasmtime` is not on PATH: no second-engine confirmation");
    }
    let report = run(&generators, &cfg, |line| println!("{line}"));
    println!(
        "=== spindle-fuzz (seed {}) ===\n{}",
        args.seed,
        report.summary()
    );
    if report.hung {
        // The supervisor goes on after the hung case (`.running` names it).
        ExitCode::from(HUNG)
    } else if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The worker's exit code when it stopped at a hung case.
const HUNG: u8 = 3;

/// Runs the cases in a child process (`--worker`); when it dies of a
/// signal, saves the case it was running as a finding and restarts it
/// after that case, within the remaining time.
fn supervise(args: &Args) -> ExitCode {
    let start = std::time::Instant::now();
    let _ = std::fs::create_dir_all(&args.out);
    let crash_file = args.out.join(".running");
    let mut start_index = args.start_index;
    let mut crashes = 0;
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the spindle-fuzz executable");
        return ExitCode::from(2);
    };
    loop {
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg(match args.mode {
            Mode::All => "all",
            Mode::Differential => "differential",
            Mode::Mutation => "mutation",
            Mode::StackSwitching => "stack-switching",
            Mode::Tiers => "tiers",
            Mode::Gc => "gc",
        });
        cmd.arg("--worker")
            .arg("--seed")
            .arg(args.seed.to_string())
            .arg("--out")
            .arg(&args.out)
            .arg("--progress")
            .arg(args.progress.to_string())
            .arg("--hang-secs")
            .arg(args.hang_secs.to_string())
            .arg("--start-index")
            .arg(start_index.to_string());
        if let Some(n) = args.count {
            cmd.arg("--count").arg(n.to_string());
        }
        if let Some(t) = args.time {
            let left = t - start.elapsed().as_secs_f64();
            if left <= 0.0 {
                break;
            }
            cmd.arg("--time").arg(left.to_string());
        }
        let _ = std::fs::remove_file(&crash_file);
        let status = match cmd.status() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot start the worker: {e}");
                return ExitCode::from(2);
            }
        };
        let hung = status.code() == Some(i32::from(HUNG));
        if let Some(code) = status.code().filter(|_| !hung) {
            if crashes > 0 {
                println!("note: {crashes} crash(es) or hang(s) restarted the run; the counts above cover the last part");
            }
            return if code == 0 && crashes == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        // Killed by a signal (an abort or a native stack overflow), or
        // stopped at a hung case, which it saved as a finding.
        crashes += 1;
        let info = std::fs::read_to_string(&crash_file).unwrap_or_default();
        let mut parts = info.split_whitespace();
        let (g, seed, index) = (
            parts.next().unwrap_or("unknown").to_string(),
            parts.next().unwrap_or("0").to_string(),
            parts
                .next()
                .and_then(|i| i.parse::<u64>().ok())
                .unwrap_or(start_index),
        );
        let stem = format!("{g}-{}", seed.trim_start_matches("0x"));
        if hung {
            println!("note: restarting after the hung case {g} {seed}");
        } else {
            let reason = format!(
                "the process died ({status}) running this case: an abort or a native stack overflow"
            );
            let _ = std::fs::copy(
                crash_file.with_extension("wasm"),
                args.out.join(format!("{stem}.wasm")),
            );
            let _ = std::fs::write(args.out.join(format!("{stem}.txt")), format!("{reason}\n"));
            println!(
                "FINDING {g} case {seed}: {reason} [{}]",
                args.out.join(format!("{stem}.wasm")).display()
            );
        }
        if crashes >= 20 {
            println!("stopping after {crashes} crashes");
            return ExitCode::FAILURE;
        }
        start_index = index + 1;
    }
    ExitCode::FAILURE
}
