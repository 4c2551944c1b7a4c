//! Runs WebAssembly `.wast` spec scripts on Spindle.
//!
//! Every directive of a script counts as one command that either passes or
//! fails; a failure records its position and a one-line reason. A panic
//! inside the engine is caught and reported as a failure of the command that
//! caused it, and the script goes on with its next command.
//!
//! ```no_run
//! use spindle_wast::{run_wast_file, Options};
//! let report = run_wast_file("tests/wast/arith.wast".as_ref(), &Options::default());
//! println!("{report}");
//! ```

#![forbid(unsafe_code)]

mod legacy_try;
mod runner;
mod spectest;
mod values;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// `text` with every folded legacy `try` (`(try (do ...) (catch ...))`,
/// which the `wast` crate does not read) rewritten to plain instructions,
/// as the runner does before parsing a script (borrowed if it has none).
pub fn unfold_legacy_try(text: &str) -> std::borrow::Cow<'_, str> {
    legacy_try::unfold(text)
}

/// How scripts are run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `Config::max_stack_bytes` for the engine (engine default if `None`).
    pub max_stack_bytes: Option<usize>,
    /// `Config::max_call_depth` for the engine (engine default if `None`).
    pub max_call_depth: Option<usize>,
    /// `Config::tier` for the engine.
    pub tier: spindle::Tier,
    /// `Config::tier_threshold` for the engine (under `Tier::Tiered`; the
    /// engine default if `None`), with the compilation done by the
    /// interpreter when the count is reached (`Config::tier_background`
    /// off), so that the switch is deterministic. Spec scripts call
    /// functions a few times, so a threshold of 1 or 2 is what makes them
    /// switch tiers.
    pub tier_threshold: Option<u32>,
    /// Make the `spectest.print*` functions print their arguments to stdout.
    pub print: bool,
    /// Translate every function when its module is built
    /// (`Config::lazy_translation(false)`), so that functions a script
    /// never calls are translated too.
    pub eager_translation: bool,
    /// Give up on a file that runs longer than this (multi-file runs only).
    /// The file is reported with one failure; its thread is abandoned.
    pub file_timeout: Option<Duration>,
}

/// One failed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the command in the script.
    pub line: usize,
    /// 1-based column of the command in the script.
    pub col: usize,
    /// One line saying what went wrong.
    pub reason: String,
}

/// The outcome of one script.
#[derive(Debug, Clone, Default)]
pub struct WastReport {
    /// The script's path.
    pub path: PathBuf,
    /// Commands that passed.
    pub passed: usize,
    /// Commands that failed (the length of `failures`).
    pub failed: usize,
    /// The failed commands, in script order.
    pub failures: Vec<Failure>,
}

impl WastReport {
    fn new(path: &Path) -> Self {
        WastReport {
            path: path.to_path_buf(),
            ..Default::default()
        }
    }

    pub(crate) fn pass(&mut self) {
        self.passed += 1;
    }

    pub(crate) fn fail(&mut self, line: usize, col: usize, reason: impl Into<String>) {
        self.failed += 1;
        self.failures.push(Failure {
            line,
            col,
            reason: one_line(&reason.into()),
        });
    }

    /// Did every command pass?
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

impl fmt::Display for WastReport {
    /// `path: N passed, N failed`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} passed, {} failed",
            self.path.display(),
            self.passed,
            self.failed
        )
    }
}

/// Squeezes a message onto one line of reasonable length.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(300));
    for (i, line) in s
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(" | ");
        }
        out.push_str(line);
    }
    const MAX: usize = 300;
    if out.len() > MAX {
        let mut cut = MAX;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str("...");
    }
    out
}

/// Runs one `.wast` file.
pub fn run_wast_file(path: &Path, opts: &Options) -> WastReport {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => run_wast_str(path, &text, opts),
            Err(_) => {
                let mut r = WastReport::new(path);
                r.fail(1, 1, "script is not valid UTF-8");
                r
            }
        },
        Err(e) => {
            let mut r = WastReport::new(path);
            r.fail(1, 1, format!("cannot read script: {e}"));
            r
        }
    }
}

/// Runs a `.wast` script given as text; `path` is only used for the report.
pub fn run_wast_str(path: &Path, text: &str, opts: &Options) -> WastReport {
    let mut report = WastReport::new(path);
    runner::run(text, opts, &mut report);
    report
}

/// Expands files and directories (recursively) into the `.wast` files they
/// name. Each directory's files are sorted; arguments keep their order.
pub fn collect_wast_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<Vec<_>>>()?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "wast") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Progress of a multi-file run.
#[derive(Debug)]
pub enum Event<'a> {
    /// A worker started on a file.
    Started(&'a Path),
    /// A file is done (or timed out). Reported in completion order.
    Finished(&'a WastReport),
}

/// Runs many files on `jobs` worker threads (0 = number of CPUs) and returns
/// their reports in the order of `paths`. `on_event` sees progress as it
/// happens. With `opts.file_timeout`, a file running too long is reported as
/// one failure and its worker is abandoned (and replaced).
pub fn run_wast_files(
    paths: &[PathBuf],
    opts: &Options,
    jobs: usize,
    mut on_event: impl FnMut(Event<'_>),
) -> Vec<WastReport> {
    let jobs = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    }
    .clamp(1, paths.len().max(1));

    enum Msg {
        Started(usize),
        Done(usize, WastReport),
    }

    let queue: Arc<Mutex<VecDeque<(usize, PathBuf)>>> =
        Arc::new(Mutex::new(paths.iter().cloned().enumerate().collect()));
    let (tx, rx) = mpsc::channel::<Msg>();
    let spawn_worker = |queue: Arc<Mutex<VecDeque<(usize, PathBuf)>>>, tx: mpsc::Sender<Msg>| {
        let opts = opts.clone();
        std::thread::Builder::new()
            .name("wast-worker".into())
            .stack_size(64 << 20)
            .spawn(move || loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                let Some((i, path)) = next else { break };
                if tx.send(Msg::Started(i)).is_err() {
                    break;
                }
                let report = run_wast_file(&path, &opts);
                if tx.send(Msg::Done(i, report)).is_err() {
                    break;
                }
            })
            .expect("spawn a wast worker thread");
    };
    for _ in 0..jobs {
        spawn_worker(queue.clone(), tx.clone());
    }

    let mut reports: Vec<Option<WastReport>> = vec![None; paths.len()];
    let mut running: HashMap<usize, Instant> = HashMap::new();
    let mut remaining = paths.len();
    while remaining > 0 {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(Msg::Started(i)) => {
                running.insert(i, Instant::now());
                on_event(Event::Started(&paths[i]));
            }
            Ok(Msg::Done(i, report)) => {
                if running.remove(&i).is_some() && reports[i].is_none() {
                    on_event(Event::Finished(&report));
                    reports[i] = Some(report);
                    remaining -= 1;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if let Some(limit) = opts.file_timeout {
            let expired: Vec<usize> = running
                .iter()
                .filter(|(_, t)| t.elapsed() > limit)
                .map(|(i, _)| *i)
                .collect();
            for i in expired {
                running.remove(&i);
                let mut r = WastReport::new(&paths[i]);
                r.fail(
                    1,
                    1,
                    format!("timed out after {}s (file abandoned)", limit.as_secs()),
                );
                on_event(Event::Finished(&r));
                reports[i] = Some(r);
                remaining -= 1;
                // The stuck worker keeps its thread; start a fresh one.
                spawn_worker(queue.clone(), tx.clone());
            }
        }
    }
    reports
        .into_iter()
        .zip(paths)
        .map(|(r, p)| {
            r.unwrap_or_else(|| {
                let mut r = WastReport::new(p);
                r.fail(1, 1, "worker thread died");
                r
            })
        })
        .collect()
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// For a process-wide panic hook: if this thread is running a wast command
/// (whose panics the runner catches and reports), remember the panic's
/// message and location for the report and return `true`; the hook should
/// then print nothing. Returns `false` for any other panic.
pub fn capture_panic(info: &panic::PanicHookInfo<'_>) -> bool {
    if !GUARDED.with(|g| g.get()) {
        return false;
    }
    let msg = panic_message(info.payload());
    let text = match info.location() {
        Some(loc) => format!("{msg} (at {}:{})", loc.file(), loc.line()),
        None => msg,
    };
    LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    true
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

/// Runs `f`, turning a panic into `Err(description)`.
pub(crate) fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let was = GUARDED.with(|g| g.replace(true));
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| panic_message(&*payload))
    })
}
