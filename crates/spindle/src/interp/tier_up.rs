//! `Tier::Tiered`: what the interpreter does when a function's `HotCount`
//! counter (`FuncCode::hot`) runs out. The function is compiled (the
//! `jit::Lazy` cell that `Tier::Compiled` fills on first entry), in the
//! background by default: a compile thread of the process takes the
//! functions in the order they got hot while the interpreter goes on, and
//! checks back every `HOT_POLL` counts; the first `HotCount` after the code
//! is ready enters it (an on-stack replacement at a loop header), and so
//! does every entry of a frame of the function from then on (calls,
//! returns into it: `execute`, `run_top`). With
//! `Config::tier_background(false)` the interpreter compiles the function
//! itself, there and then, so the switch happens at that very count
//! (tests, deterministic runs).

use std::sync::atomic::Ordering::Relaxed;
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};

use super::compiled::compile;
use crate::engine::Engine;
use crate::jit::{HOT_CALL_WEIGHT, HOT_NEVER};
use crate::module::FuncCode;
use crate::store::{FuncEntity, FuncKind, StoreOpaque};

/// The counts between two looks at a function whose compilation is under
/// way in the background.
const HOT_POLL: u32 = 1_000;

/// Under `Tier::Tiered`, the entries from the interpreter into a
/// function's compiled code that `probe` times, from its first.
const PROBE_ENTRIES: u32 = 256;

/// The mean time of those entries below which the function goes back to
/// the interpreter: each entry and exit costs the interpreter a return to
/// `execute`, `JitEnv`'s rebuild and a reload, more than compiled code
/// saves on a few instructions. On the `c_sieve` benchmark every
/// function (a fiber body that exits at each resume and yield of the fiber
/// library, which is another instance's) took 37 to 60 ns an entry (the
/// clock included), and the run 30% more CPU time than the interpreter's.
const PROBE_MIN_NS: u64 = 80;

/// Whether `SPINDLE_TIER_LOG` is set: compilations and the probe's verdicts
/// go to stderr.
fn log() -> bool {
    static LOG: OnceLock<bool> = OnceLock::new();
    *LOG.get_or_init(|| std::env::var_os("SPINDLE_TIER_LOG").is_some())
}

/// Runs the top frame in its function's compiled code (`code`), timing the
/// entry; at the `PROBE_ENTRIES`th, sends the function back to the
/// interpreter (`HOT_NEVER`) if its entries took less than `PROBE_MIN_NS`
/// on average. Its compiled code still serves native calls from compiled
/// callers, which cost no such round trip.
#[inline(never)]
fn probe(s: &mut StoreOpaque, code: &FuncCode) {
    let start = std::time::Instant::now();
    super::compiled::run_top(s);
    let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let total = code.probe_ns.load(Relaxed).saturating_add(ns);
    let n = code.probed.load(Relaxed) + 1;
    code.probe_ns.store(total, Relaxed);
    code.probed.store(n, Relaxed);
    if n == PROBE_ENTRIES {
        let mean = total / u64::from(n);
        let back = mean < PROBE_MIN_NS;
        if log() {
            let v = if back { "interpreted" } else { "compiled" };
            eprintln!(
                "spindle: function of {} instructions: {mean} ns an entry, stays {v}",
                code.instrs.len()
            );
        }
        if back {
            code.hot.store(HOT_NEVER, Relaxed);
        }
    }
}

/// Whether frames of the function with code `code` run in its compiled
/// code: its counter is 0, or its compilation finished in the background
/// while its counter polls (`HOT_POLL` or less left; it is then set to 0).
/// Only a `HotCount` that weighs something polls, so a function entered
/// only by native calls and by returns into it (the `HotCount` after a
/// call weighs nothing) kept running interpreted whenever it was entered
/// from `run_top`, while its callers ran its compiled code: the fiber
/// library's C `fiber_resume` after each switch back into it, so that
/// `c_state` under the default tier was 20% slower than with every
/// function compiled.
pub(super) fn runs_compiled(code: &FuncCode) -> bool {
    match code.hot.load(Relaxed) {
        0 => true,
        left if left > HOT_POLL => false,
        _ => {
            let ready = matches!(code.jit.as_ref().and_then(|l| l.get()), Some(Some(_)));
            if ready {
                code.hot.store(0, Relaxed);
            }
            ready
        }
    }
}

/// A function to compile, and the engine that counts it.
type Job = (Arc<FuncCode>, Engine);

/// What `execute` does between two runs of the interpreter's loop under
/// `Tier::Compiled` and `Tier::Tiered`: if the top frame's function has
/// compiled code (its counter is 0), run the frame in it; if its counter
/// ran out (the loop's `HotCount` arm returned: at most a count's weight
/// is left), `tier_up` first. The loop itself only decrements, so that it
/// carries no call for this.
pub(super) fn run_top(s: &mut StoreOpaque) {
    let cur = s.stacks.current();
    if let Some(frame) = s.stacks[cur].top_frame() {
        if let FuncKind::Wasm { code, .. } = &s.funcs[frame.func as usize].kind {
            let left = code.hot.load(Relaxed);
            if left != 0
                && (left > HOT_CALL_WEIGHT || !tier_up(&s.funcs, frame.func, code, &s.engine))
            {
                return;
            }
            let config = s.engine.config();
            // (Not with `tier_background(false)`, whose runs stay
            // deterministic.)
            if code.probed.load(Relaxed) < PROBE_ENTRIES
                && config.tier == crate::jit::Tier::Tiered
                && config.tier_background
            {
                let code = code.clone();
                probe(s, &code);
                return;
            }
        }
    }
    super::compiled::run_top(s);
}

/// Store function `func`'s counter ran out (`code` is its code). Returns
/// whether its compiled code is ready to go on in; its counter is then 0,
/// so that every `HotCount` the interpreter meets in it enters the
/// compiled code, or `HOT_NEVER` when it stays interpreted, or
/// `HOT_POLL` while it compiles in the background.
fn tier_up(funcs: &[FuncEntity], func: u32, code: &FuncCode, engine: &Engine) -> bool {
    let Some(lazy) = code.jit.as_ref() else {
        code.hot.store(HOT_NEVER, Relaxed);
        return false;
    };
    let ready = match lazy.get() {
        Some(compiled) => Some(compiled.is_some()),
        None if engine.config().tier_background && !code.queued.swap(true, Relaxed) => {
            match &funcs[func as usize].kind {
                FuncKind::Wasm { code: arc, .. } if queue((arc.clone(), engine.clone())) => None,
                // No compile thread: compile here.
                _ => Some(compile(lazy, code, engine).is_some()),
            }
        }
        // Queued already.
        None if engine.config().tier_background => None,
        None => Some(compile(lazy, code, engine).is_some()),
    };
    let left = match ready {
        Some(true) => 0,
        Some(false) => HOT_NEVER,
        None => HOT_POLL,
    };
    code.hot.store(left, Relaxed);
    ready == Some(true)
}

/// Hands `job` to the compile thread (started on first use); `false` if
/// the thread could not be started.
fn queue(job: Job) -> bool {
    static THREAD: OnceLock<Option<Sender<Job>>> = OnceLock::new();
    let sender = THREAD.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("spindle-compile".into())
            .spawn(move || {
                for (code, engine) in rx {
                    if let Some(lazy) = code.jit.as_ref() {
                        let start = std::time::Instant::now();
                        compile(lazy, &code, &engine);
                        if log() {
                            let ms = start.elapsed().as_secs_f64() * 1e3;
                            let n = code.instrs.len();
                            eprintln!(
                                "spindle: compiled a function of {n} instructions in {ms:.1} ms"
                            );
                        }
                    }
                }
            })
            .ok()?;
        Some(tx)
    });
    sender.as_ref().is_some_and(|tx| tx.send(job).is_ok())
}
