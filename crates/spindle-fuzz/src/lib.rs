//! Fuzzing Spindle on stable Rust, without cargo-fuzz.
//!
//! Four generators, each a function from a case seed to a [`Verdict`]:
//!
//! - [`differential`]: wasm-smith modules run on Spindle and on wasmi (the
//!   library oracle) with the same arguments; validation, results, traps,
//!   exported memories and globals must agree.
//! - [`mutate`]: valid modules with bit flips, insertions, deletions and
//!   truncation; Spindle must answer with an error or a trap, never panic,
//!   hang or abort.
//! - [`stackswitch`]: random valid stack-switching programs (and host-side
//!   scenarios: host-driven resumes, `Caller::suspend`, interrupts, linked
//!   instances) whose expected log and checksum the generator computes.
//! - [`tiers`]: the differential generator's modules on Spindle's
//!   interpreter, on its compiled tier and tiered (switching tiers early);
//!   everything must agree exactly.
//! - [`gc`]: wasm-smith modules with GC, exceptions and tail calls on
//!   Spindle alone: lazy translation with forced collections against eager
//!   translation without, and a sample against the `wasmtime` CLI.
//!
//! [`run`] drives them within a case count and a time budget, on a worker
//! thread with a large stack and a watchdog for hangs, and saves each
//! finding as a `.wasm` file (plus `.wat` when the generator has text) with
//! a one-line reason.

#![forbid(unsafe_code)]

pub mod differential;
pub mod gc;
pub mod mutate;
pub mod panics;
pub mod rng;
pub mod smith;
pub mod stackswitch;
pub mod tiers;
pub mod wasmtime_cli;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The generators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Generator {
    /// wasm-smith modules on Spindle and wasmi.
    Differential,
    /// Mutated valid modules on Spindle alone.
    Mutation,
    /// Generated stack-switching programs with computed expectations.
    StackSwitching,
    /// wasm-smith modules on Spindle's interpreter and compiled tier.
    Tiers,
    /// wasm-smith GC modules on Spindle alone (lazy vs eager, collections).
    Gc,
}

impl Generator {
    /// Every generator, in the order `all` runs them.
    pub const ALL: [Generator; 5] = [
        Generator::Differential,
        Generator::Mutation,
        Generator::StackSwitching,
        Generator::Tiers,
        Generator::Gc,
    ];

    /// The generator's name (used in file names and reports).
    pub fn name(self) -> &'static str {
        match self {
            Generator::Differential => "differential",
            Generator::Mutation => "mutation",
            Generator::StackSwitching => "stack-switching",
            Generator::Tiers => "tiers",
            Generator::Gc => "gc",
        }
    }

    /// Runs one case.
    pub fn run_case(self, case: &Case) -> Verdict {
        match self {
            Generator::Differential => differential::run_case(case),
            Generator::Mutation => mutate::run_case(case),
            Generator::StackSwitching => stackswitch::run_case(case),
            Generator::Tiers => tiers::run_case(case),
            Generator::Gc => gc::run_case(case),
        }
    }
}

/// One case to run: its seed, and a place where the generator leaves the
/// module it is about to run (so a hang can still be saved).
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's seed: the same seed gives the same case.
    pub seed: u64,
    current: Arc<Mutex<Option<Artifact>>>,
    /// Where the module about to run is also written (see
    /// [`RunConfig::crash_file`]).
    crash_file: Option<PathBuf>,
}

impl Case {
    /// A case with this seed.
    pub fn new(seed: u64) -> Case {
        Case {
            seed,
            current: Arc::new(Mutex::new(None)),
            crash_file: None,
        }
    }

    /// Records the module about to run (saved if the case hangs, or by a
    /// supervising process if this one dies).
    pub fn running(&self, artifact: &Artifact) {
        if let Some(path) = &self.crash_file {
            let _ = std::fs::write(path.with_extension("wasm"), &artifact.wasm);
        }
        if let Ok(mut cur) = self.current.lock() {
            *cur = Some(artifact.clone());
        }
    }
}

/// What a finding saves: the binary module and, when the generator has
/// one, its text.
#[derive(Debug, Clone, Default)]
pub struct Artifact {
    /// The module's bytes (may be invalid, for mutation findings).
    pub wasm: Vec<u8>,
    /// Its text, when the generator wrote text.
    pub wat: Option<String>,
}

/// The outcome of a case.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Everything compared agreed.
    Pass,
    /// Nothing could be concluded (fuel ran out, the oracle panicked or
    /// rejected the module, a known oracle bug): the reason, short and
    /// without case-specific numbers so that reasons can be counted.
    Inconclusive(String),
    /// A finding: a one-line reason and the module.
    Finding(String, Artifact),
}

/// Counts of one generator.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Cases run.
    pub cases: u64,
    /// Cases where everything agreed.
    pub passed: u64,
    /// Cases with no conclusion, by reason.
    pub inconclusive: BTreeMap<String, u64>,
    /// Findings.
    pub findings: u64,
}

impl Stats {
    fn inconclusive_total(&self) -> u64 {
        self.inconclusive.values().sum()
    }
}

/// One finding as reported.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Which generator.
    pub generator: Generator,
    /// The case seed (re-run with `--case`).
    pub seed: u64,
    /// One-line reason.
    pub reason: String,
    /// Where the module was saved, if an output directory was given.
    pub path: Option<PathBuf>,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Counts per generator.
    pub stats: BTreeMap<Generator, Stats>,
    /// Every finding, in order.
    pub findings: Vec<Finding>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The run stopped at a hung case (its worker thread is still stuck).
    pub hung: bool,
}

impl Report {
    /// The counts as text, one block per generator.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (g, s) in &self.stats {
            out.push_str(&format!(
                "{:<16} {:>8} cases, {:>8} passed, {:>7} inconclusive, {:>4} findings\n",
                g.name(),
                s.cases,
                s.passed,
                s.inconclusive_total(),
                s.findings
            ));
            let mut reasons: Vec<_> = s.inconclusive.iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(a.1));
            for (r, n) in reasons.iter().take(6) {
                out.push_str(&format!("{:<16}   inconclusive {n:>7}: {r}\n", ""));
            }
        }
        for f in &self.findings {
            out.push_str(&format!(
                "FINDING {} case {:#018x}: {}{}\n",
                f.generator.name(),
                f.seed,
                f.reason,
                f.path
                    .as_ref()
                    .map(|p| format!(" [{}]", p.display()))
                    .unwrap_or_default()
            ));
        }
        out.push_str(&format!(
            "{} findings in {:.1} s\n",
            self.findings.len(),
            self.elapsed.as_secs_f64()
        ));
        out
    }
}

/// How to run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The run's seed; case `i` of generator `g` gets
    /// [`rng::case_seed`]`(seed, g, i)`.
    pub seed: u64,
    /// Cases per generator (`None`: until the time budget ends).
    pub count: Option<u64>,
    /// Time budget for the whole run.
    pub time: Option<Duration>,
    /// Where findings are saved (`None`: not saved).
    pub out_dir: Option<PathBuf>,
    /// Print the counts this often (`None`: never).
    pub progress: Option<Duration>,
    /// A case taking longer than this is a hang (a finding; the run stops).
    pub hang_limit: Duration,
    /// Cases of each generator before this index are not run (a
    /// supervisor restarting the run after a crash skips what was done).
    pub start_index: u64,
    /// If set, `<generator> <seed> <index>` of the case about to run is
    /// written here and its module beside it (`.wasm`), so that a
    /// supervising process can save a case that killed the process (a
    /// native stack overflow or an abort cannot be caught).
    pub crash_file: Option<PathBuf>,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            seed: 0,
            count: Some(100),
            time: None,
            out_dir: None,
            progress: None,
            hang_limit: Duration::from_secs(60),
            start_index: 0,
            crash_file: None,
        }
    }
}

/// Stack size of the worker thread: deep recursion in either engine's
/// translator or the oracle's executor must not overflow the native stack.
const WORKER_STACK: usize = 256 << 20;

/// Runs one case on a fresh worker thread; `None` if it did not finish
/// within `limit` (the thread is left behind).
fn run_on_worker(
    generator: Generator,
    case: &Case,
    limit: Duration,
) -> Option<std::thread::Result<Verdict>> {
    let (tx, rx) = mpsc::channel();
    let c = case.clone();
    let handle = std::thread::Builder::new()
        .name(format!("fuzz-{}", generator.name()))
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let v = panics::catch(|| generator.run_case(&c));
            let _ = tx.send(v);
        })
        .expect("spawn a worker thread");
    match rx.recv_timeout(limit) {
        Ok(v) => {
            let _ = handle.join();
            Some(v.map_err(|msg| Box::new(msg) as Box<dyn std::any::Any + Send>))
        }
        Err(_) => None,
    }
}

/// Runs `generators` round-robin within the budget of `cfg`. `log` gets
/// progress lines and each finding as it happens.
pub fn run(generators: &[Generator], cfg: &RunConfig, mut log: impl FnMut(&str)) -> Report {
    panics::install_quiet_hook();
    let start = Instant::now();
    let mut report = Report::default();
    let mut next_progress = cfg.progress.map(|p| start + p);
    let mut index: u64 = cfg.start_index;
    // `SPINDLE_FUZZ_TRACE=1`: print each case before it runs (to find the
    // case of an abort).
    let trace = std::env::var_os("SPINDLE_FUZZ_TRACE").is_some();
    if let Some(dir) = &cfg.out_dir {
        let _ = std::fs::create_dir_all(dir);
    }
    'outer: loop {
        if cfg.count.is_some_and(|n| index >= n) {
            break;
        }
        for &g in generators {
            if cfg.time.is_some_and(|t| start.elapsed() >= t) {
                break 'outer;
            }
            let seed = rng::case_seed(cfg.seed, g.name(), index);
            if trace {
                eprintln!("case {} {seed:#018x}", g.name());
            }
            let mut case = Case::new(seed);
            if let Some(path) = &cfg.crash_file {
                let _ = std::fs::write(path, format!("{} {seed:#018x} {index}\n", g.name()));
                case.crash_file = Some(path.clone());
            }
            let verdict = match run_on_worker(g, &case, cfg.hang_limit) {
                Some(Ok(v)) => v,
                Some(Err(_)) => Verdict::Finding(
                    "the fuzzer itself panicked (a generator bug)".into(),
                    Artifact::default(),
                ),
                None => {
                    let art = case.current.lock().ok().and_then(|c| c.clone());
                    let reason = format!("hang: the case ran longer than {:?}", cfg.hang_limit);
                    record(
                        &mut report,
                        cfg,
                        g,
                        seed,
                        reason,
                        art.unwrap_or_default(),
                        &mut log,
                    );
                    report.elapsed = start.elapsed();
                    report.hung = true;
                    log("stopping: a worker thread is stuck in the hung case");
                    return report;
                }
            };
            let st = report.stats.entry(g).or_default();
            st.cases += 1;
            match verdict {
                Verdict::Pass => st.passed += 1,
                Verdict::Inconclusive(r) => *st.inconclusive.entry(r).or_default() += 1,
                Verdict::Finding(reason, art) => {
                    record(&mut report, cfg, g, seed, reason, art, &mut log)
                }
            }
            if let Some(at) = next_progress {
                if Instant::now() >= at {
                    report.elapsed = start.elapsed();
                    log(&format!(
                        "--- after {:.0} s ---\n{}",
                        report.elapsed.as_secs_f64(),
                        report.summary()
                    ));
                    next_progress = cfg.progress.map(|p| Instant::now() + p);
                }
            }
        }
        index += 1;
    }
    report.elapsed = start.elapsed();
    report
}

fn record(
    report: &mut Report,
    cfg: &RunConfig,
    g: Generator,
    seed: u64,
    reason: String,
    art: Artifact,
    log: &mut impl FnMut(&str),
) {
    // One line: the reason may quote engine messages.
    let reason = reason.replace('\n', " | ");
    report.stats.entry(g).or_default().findings += 1;
    let path = cfg.out_dir.as_ref().and_then(|dir| {
        let stem = format!("{}-{seed:016x}", g.name());
        let wasm = dir.join(format!("{stem}.wasm"));
        std::fs::write(&wasm, &art.wasm).ok()?;
        if let Some(wat) = &art.wat {
            let _ = std::fs::write(dir.join(format!("{stem}.wat")), wat);
        }
        let _ = std::fs::write(dir.join(format!("{stem}.txt")), format!("{reason}\n"));
        Some(wasm)
    });
    log(&format!(
        "FINDING {} case {seed:#018x}: {reason}{}",
        g.name(),
        path.as_ref()
            .map(|p| format!(" [{}]", p.display()))
            .unwrap_or_default()
    ));
    report.findings.push(Finding {
        generator: g,
        seed,
        reason,
        path,
    });
}

/// Runs one case of `generator` with this case seed (`--case`).
pub fn run_one(generator: Generator, seed: u64) -> Verdict {
    panics::install_quiet_hook();
    let case = Case::new(seed);
    match run_on_worker(generator, &case, Duration::from_secs(600)) {
        Some(Ok(v)) => v,
        Some(Err(_)) => Verdict::Finding("the fuzzer itself panicked".into(), Artifact::default()),
        None => Verdict::Finding("hang".into(), Artifact::default()),
    }
}
