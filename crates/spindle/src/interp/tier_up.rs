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
                        compile(lazy, &code, &engine);
                    }
                }
            })
            .ok()?;
        Some(tx)
    });
    sender.as_ref().is_some_and(|tx| tx.send(job).is_ok())
}
