//! `spindle run --profile`: a sampling guest profiler.
//!
//! A timer thread raises the store's [`SampleHandle`] every interval; the
//! interpreter then hands the current backtrace to the hook installed with
//! `Store::set_sampler` at its next call or loop iteration (see
//! `crates/spindle/src/profile.rs`). The backtrace spans the whole chain of
//! continuations, so each sample's stack runs from the main stack's
//! outermost frame through every `resume` (marked by a `[resume]` frame)
//! to the running continuation's innermost frame.
//!
//! Two files come out: FILE, in the Firefox Profiler's processed format
//! (the one wasmtime's `--profile=guest` writes; open it at
//! profiler.firefox.com), and FILE with the extension `.folded`, one
//! `outer;...;inner COUNT` line per distinct stack for flamegraph tools
//! (`inferno-flamegraph`, `flamegraph.pl`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, Context as _, Result};
use fxprof_processed_profile as fx;
use spindle::{FrameInfo, SampleHandle, Store};

/// The frame that stands for a `resume` (or `switch`) between the stack
/// that ran it (below) and the continuation it entered (above).
pub const RESUME_MARKER: &str = "[resume]";

/// Backtrace entries per sample (runs of identical frames count once).
const MAX_ENTRIES: usize = 4096;
/// Frames per sample once runs are expanded; deeper stacks keep their
/// outermost frames (the flame graph's roots) and say how many are left out.
const MAX_FRAMES: usize = 16384;

/// What `--profile` asks for.
#[derive(Clone, Debug)]
pub struct ProfileOptions {
    pub path: PathBuf,
    pub interval: Duration,
}

/// What `--profile` asks for: a sampled guest profile, or `perf`'s map of
/// compiled code.
#[derive(Clone, Debug)]
pub enum ProfileRequest {
    Guest(ProfileOptions),
    PerfMap,
}

/// Parses `--profile FILE`, or wasmtime's `--profile guest[,FILE[,INTERVAL]]`
/// and `--profile perfmap`.
pub fn parse_profile(s: &str) -> Result<ProfileRequest, String> {
    let default_path = PathBuf::from("spindle-guest-profile.json");
    let mut parts = s.split(',');
    let first = parts.next().unwrap_or_default();
    let opts = match first {
        "guest" => {
            let path = match parts.next() {
                Some(p) if !p.is_empty() => PathBuf::from(p),
                _ => default_path,
            };
            let interval = match parts.next() {
                Some(i) => parse_duration(i)?,
                None => DEFAULT_INTERVAL,
            };
            ProfileRequest::Guest(ProfileOptions { path, interval })
        }
        "perfmap" => ProfileRequest::PerfMap,
        "jitdump" | "vtune" | "pulley" => {
            return Err(format!(
                "`{first}` is not supported: use `perfmap`, `guest` or a FILE"
            ))
        }
        "" => return Err("expected FILE, perfmap or guest[,FILE[,INTERVAL]]".into()),
        _ => ProfileRequest::Guest(ProfileOptions {
            path: PathBuf::from(s),
            interval: DEFAULT_INTERVAL,
        }),
    };
    if parts.next().is_some() {
        return Err(format!("too many fields in `{s}`"));
    }
    Ok(opts)
}

/// One sample a millisecond.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(1);

/// `10ms`, `500us`, `1s`, `250000ns` (a bare number is milliseconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("bad duration `{s}` (try 10ms, 500us, 1s)"))?;
    let secs = match unit {
        "" | "ms" => n / 1e3,
        "us" | "µs" => n / 1e6,
        "ns" => n / 1e9,
        "s" => n,
        _ => return Err(format!("bad duration unit in `{s}` (ns, us, ms, s)")),
    };
    if !(secs > 0.0 && secs < 3600.0) {
        return Err(format!("duration `{s}` out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// One sample: when it was taken (since the start) and its frame labels,
/// outermost first.
struct Sample {
    at: Duration,
    stack: Vec<Label>,
}

/// A frame of a sample's stack.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    /// A Wasm (or host) function, by its name-section name.
    Func(String),
    /// A continuation boundary.
    Resume,
    /// Outer frames dropped from a very deep stack.
    LeftOut(usize),
}

impl Label {
    fn text(&self) -> String {
        match self {
            Label::Func(name) => name.clone(),
            Label::Resume => RESUME_MARKER.to_string(),
            Label::LeftOut(n) => format!("[{n} frames left out]"),
        }
    }
}

/// A sample's stack, outermost first, with a `Resume` between the frame
/// that resumed a continuation and that continuation's first frame.
fn stack_of(bt: &[FrameInfo]) -> Vec<Label> {
    let mut left_out = 0;
    let mut inner_first = Vec::new();
    for f in bt {
        if f.func_index == u32::MAX && f.module_offset.is_none() {
            // The entry counting frames beyond the backtrace limit.
            left_out += f
                .func_name
                .as_deref()
                .and_then(|n| n.split_whitespace().nth(1)?.parse::<usize>().ok())
                .unwrap_or(0);
            continue;
        }
        let name = match &f.func_name {
            Some(n) => n.replace(';', ":"),
            None => format!("<func {}>", f.func_index),
        };
        for _ in 0..f.repeat.max(1) {
            inner_first.push(Label::Func(name.clone()));
        }
        if f.continuation_boundary {
            inner_first.push(Label::Resume);
        }
    }
    // (A boundary flag on the outermost frame would mark nothing.)
    if inner_first.last() == Some(&Label::Resume) {
        inner_first.pop();
    }
    if inner_first.len() > MAX_FRAMES {
        left_out += inner_first.len() - MAX_FRAMES;
        inner_first.drain(..inner_first.len() - MAX_FRAMES);
    }
    let mut stack: Vec<Label> = Vec::with_capacity(inner_first.len() + 1);
    if left_out > 0 {
        stack.push(Label::LeftOut(left_out));
    }
    stack.extend(inner_first.into_iter().rev());
    stack
}

/// A running profiler: the samples so far and the timer thread.
pub struct Profiler {
    opts: ProfileOptions,
    start: Instant,
    start_time: SystemTime,
    samples: Arc<Mutex<Vec<Sample>>>,
    stop: Option<mpsc::Sender<()>>,
    timer: Option<JoinHandle<()>>,
}

impl Profiler {
    /// Installs the sampling hook in `store` (whose engine must be
    /// interruptible) and starts the timer.
    pub fn start<T>(store: &mut Store<T>, opts: &ProfileOptions) -> Result<Profiler> {
        let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
        let start = Instant::now();
        let log = samples.clone();
        let handle = store.set_sampler(MAX_ENTRIES, move |bt| {
            let at = start.elapsed();
            let stack = stack_of(bt);
            if !stack.is_empty() {
                log.lock().unwrap().push(Sample { at, stack });
            }
        })?;
        let (stop, stopped) = mpsc::channel();
        let interval = opts.interval;
        let timer = std::thread::Builder::new()
            .name("spindle-profiler".into())
            .spawn(move || timer(handle, interval, stopped))
            .context("cannot start the profiler's timer thread")?;
        Ok(Profiler {
            opts: opts.clone(),
            start,
            start_time: SystemTime::now(),
            samples,
            stop: Some(stop),
            timer: Some(timer),
        })
    }

    /// Stops the timer and writes the profile and the folded stacks;
    /// returns a one-line summary.
    pub fn finish(mut self) -> Result<String> {
        let elapsed = self.start.elapsed();
        drop(self.stop.take());
        if let Some(t) = self.timer.take() {
            let _ = t.join();
        }
        let samples = std::mem::take(&mut *self.samples.lock().unwrap());
        let json = firefox_profile(&samples, &self.opts, self.start_time, elapsed);
        let file = std::fs::File::create(&self.opts.path)
            .with_context(|| format!("cannot write {}", self.opts.path.display()))?;
        serde_json::to_writer(std::io::BufWriter::new(file), &json)
            .with_context(|| format!("cannot write {}", self.opts.path.display()))?;
        let folded_path = folded_path(&self.opts.path);
        std::fs::write(&folded_path, folded(&samples))
            .with_context(|| format!("cannot write {}", folded_path.display()))?;
        Ok(format!(
            "profile: {} samples in {:.3} s written to {} (Firefox Profiler) and {} (folded stacks)",
            samples.len(),
            elapsed.as_secs_f64(),
            self.opts.path.display(),
            folded_path.display()
        ))
    }
}

fn timer(handle: SampleHandle, interval: Duration, stopped: mpsc::Receiver<()>) {
    // Sleeps `interval` at a time until the sender is dropped.
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
        handle.sample();
    }
}

/// FILE.json -> FILE.folded (FILE -> FILE.folded).
pub fn folded_path(path: &Path) -> PathBuf {
    path.with_extension("folded")
}

/// `outer;...;inner COUNT` per distinct stack, sorted.
fn folded(samples: &[Sample]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in samples {
        let line: Vec<String> = s.stack.iter().map(Label::text).collect();
        *counts.entry(line.join(";")).or_default() += 1;
    }
    let mut out = String::new();
    for (stack, n) in counts {
        out.push_str(&format!("{stack} {n}\n"));
    }
    out
}

/// The samples in the Firefox Profiler's processed format: one process
/// with one thread, Wasm frames in category "Wasm", `[resume]` frames in
/// category "Continuation".
fn firefox_profile(
    samples: &[Sample],
    opts: &ProfileOptions,
    start_time: SystemTime,
    elapsed: Duration,
) -> fx::Profile {
    let mut profile = fx::Profile::new(
        "spindle",
        fx::ReferenceTimestamp::from_system_time(start_time),
        fx::SamplingInterval::from_nanos(opts.interval.as_nanos() as u64),
    );
    // Frames are labels with their names already: nothing to symbolicate.
    profile.set_symbolicated(true);
    let wasm = profile.add_category("Wasm", fx::CategoryColor::Yellow);
    let resume = profile.add_category("Continuation", fx::CategoryColor::Purple);
    let other = profile.add_category("Spindle", fx::CategoryColor::Gray);
    let zero = fx::Timestamp::from_nanos_since_reference(0);
    let pid = std::process::id();
    let process = profile.add_process("spindle", pid, zero);
    let thread = profile.add_thread(process, pid, zero, true);
    profile.set_thread_name(thread, "wasm");
    let mut last = Duration::ZERO;
    for s in samples {
        let frames: Vec<fx::FrameInfo> = s
            .stack
            .iter()
            .map(|l| {
                let category = match l {
                    Label::Func(_) => wasm,
                    Label::Resume => resume,
                    Label::LeftOut(_) => other,
                };
                fx::FrameInfo {
                    frame: fx::Frame::Label(profile.intern_string(&l.text())),
                    category_pair: category.into(),
                    flags: fx::FrameFlags::empty(),
                }
            })
            .collect();
        let stack = profile.intern_stack_frames(thread, frames.into_iter());
        let at = fx::Timestamp::from_nanos_since_reference(s.at.as_nanos() as u64);
        let cpu = fx::CpuDelta::from_nanos((s.at - last).as_nanos() as u64);
        last = s.at;
        profile.add_sample(thread, at, stack, cpu, 1);
    }
    profile.set_thread_end_time(
        thread,
        fx::Timestamp::from_nanos_since_reference(elapsed.as_nanos() as u64),
    );
    profile
}

/// Checks `--profile` against the other options of `run`.
pub fn check_path(opts: &ProfileOptions) -> Result<()> {
    if opts.path.extension().is_some_and(|e| e == "folded") {
        bail!(
            "--profile {}: that is where the folded stacks go; name the profile FILE.json",
            opts.path.display()
        );
    }
    Ok(())
}
