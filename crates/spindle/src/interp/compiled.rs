//! The interpreter's side of the compiled tier (`jit`): entering a frame's
//! compiled code, and the hooks through which compiled code pushes and pops
//! the frames of its native calls. The call is the one place that runs
//! compiled code.

use std::sync::atomic::Ordering::Relaxed;

use crate::engine::Engine;
use crate::jit::{CallHooks, Compiled, JitEnv, Lazy, NATIVE_STACK, RELOAD, RETURNED};
use crate::module::FuncCode;
use crate::stack::{Frame, Stack};
use crate::store::{FuncEntity, FuncKind, GlobalEntity, MemoryEntity};

/// The hooks compiled into every function (`jit::CallHooks`).
fn hooks() -> CallHooks {
    CallHooks {
        push: push as extern "C" fn(*const JitEnv, u32, u32, u32) -> usize as usize,
        done: done as extern "C" fn(*const JitEnv, u32) -> u32 as usize,
    }
}

/// What the hooks reach during one entry into compiled code (`JitEnv::rt`):
/// the current stack (compiled code never switches stacks), its frame
/// limit, the store's functions, and the running function's instance.
pub(super) struct Rt<'a> {
    pub stack: &'a mut Stack,
    pub max_frames: usize,
    pub funcs: &'a [FuncEntity],
    /// The instance's function indices into `funcs`.
    pub inst_funcs: &'a [u32],
    pub instance: u32,
}

impl Rt<'_> {
    /// `CallHooks::push`: the frame of a native call, pushed exactly as
    /// `exec::push_frame` would (after the caller's return `pc` is saved),
    /// if the callee can run natively and the push leaves the stack's
    /// memory where it is; the callee's entry, or `None`.
    fn push(&mut self, func: u32, base: u32, ret_pc: u32) -> Option<usize> {
        let f = *self.inst_funcs.get(func as usize)?;
        let FuncKind::Wasm { instance, code, .. } = &self.funcs.get(f as usize)?.kind else {
            return None;
        };
        if *instance != self.instance {
            return None;
        }
        // Compiled already (compiling here would run deep in the native
        // stack; the interpreter compiles it on its first entry).
        let entry = code.jit.as_ref()?.get()?.as_ref()?.entry();
        let stack = &mut *self.stack;
        if stack.frames_len() >= self.max_frames {
            return None;
        }
        let new_fp = stack.top_frame()?.fp as usize + base as usize;
        if new_fp + code.max_slots as usize > stack.slots().len() {
            return None;
        }
        let caller = stack.top_frame_mut()?;
        let old_pc = std::mem::replace(&mut caller.pc, ret_pc);
        let callee = Frame {
            func: f,
            pc: 0,
            fp: new_fp as u32,
        };
        if !stack.push_frame_in_place(callee) {
            stack.top_frame_mut()?.pc = old_pc;
            return None;
        }
        code.init_frame(&mut stack.slots_mut()[new_fp..]);
        Some(entry)
    }

    /// `CallHooks::done`: whether the callee returned (its frame popped).
    fn done(&mut self, outcome: u32) -> u32 {
        let stack = &mut *self.stack;
        match outcome {
            RETURNED => {
                stack.pop_frame();
                1
            }
            RELOAD => 0,
            pc => {
                // The callee exited at `pc` of its own frame, the top one.
                if let Some(top) = stack.top_frame_mut() {
                    top.pc = pc;
                }
                0
            }
        }
    }
}

/// The `CallHooks::push` of compiled code.
extern "C" fn push(env: *const JitEnv, func: u32, base: u32, ret_pc: u32) -> usize {
    // SAFETY: compiled code passes the `JitEnv` it was entered with, which
    // `run` built with `rt` pointing to its `Rt`, alive and otherwise
    // untouched until compiled code returns to `run`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.push(func, base, ret_pc).unwrap_or(0)
}

/// The `CallHooks::done` of compiled code.
extern "C" fn done(env: *const JitEnv, outcome: u32) -> u32 {
    // SAFETY: as in `push`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.done(outcome)
}

/// `func`'s compiled code, compiling it if no one tried yet (`None`: it
/// stays interpreted).
pub(super) fn compile<'a>(
    lazy: &'a Lazy,
    func: &FuncCode,
    engine: &Engine,
) -> Option<&'a Compiled> {
    lazy.get_or_init(|| {
        let code = crate::jit::compile(func, hooks());
        if code.is_some() {
            engine.inner.compiled.fetch_add(1, Relaxed);
        }
        code
    })
    .as_ref()
}

/// Runs a frame in its function's compiled code from `pc`; returns the `pc`
/// of the instruction the interpreter runs next, or `jit::RELOAD` when the
/// top frame is now another one (`jit`'s exit protocol). Out of line, so
/// that the interpreter's loop only pays for the check whether a function
/// was compiled.
///
/// `engine` counts the functions compiled (`Engine::compiled_functions`),
/// `regs` is the frame's slot 0 (`Regs`), `mem0` the store index of the
/// instance's memory 0 (out of range if it has none), `inst_globals` the
/// instance's global indices; `rt` is what native calls need (the frame
/// is `rt.stack`'s top frame).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    lazy: &Lazy,
    func: &FuncCode,
    engine: &Engine,
    mut rt: Rt<'_>,
    memories: &mut [MemoryEntity],
    budget: &mut u64,
    globals: &mut [GlobalEntity],
    mem0: usize,
    inst_globals: &[u32],
    regs: *mut u64,
    pc: u32,
) -> u32 {
    // (Compiles the function on its first entry under `Tier::Compiled`.)
    let Some(code) = compile(lazy, func, engine) else {
        return pc;
    };
    let (mem0_base, mem0_len) = match memories.get_mut(mem0) {
        Some(m) => {
            let b = m.data.bytes_mut();
            (b.as_mut_ptr(), b.len() as u64)
        }
        None => (std::ptr::null_mut(), 0),
    };
    // About the native stack pointer here.
    let here = std::hint::black_box(0u8);
    let sp = std::ptr::addr_of!(here) as usize;
    let env = JitEnv {
        mem0_base,
        mem0_len,
        budget,
        globals: globals
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(std::mem::offset_of!(GlobalEntity, value)),
        global_stride: std::mem::size_of::<GlobalEntity>() as u64,
        inst_globals: inst_globals.as_ptr(),
        stack_limit: sp.saturating_sub(NATIVE_STACK),
        rt: std::ptr::addr_of_mut!(rt).cast(),
    };
    // SAFETY: `regs` is the running frame's slot 0 with its function's
    // `max_slots` slots after it (`Regs`' invariant), and `code` was
    // compiled from that function. `env` holds memory 0's current bytes,
    // the store's budget and globals (all borrowed mutably here, so nothing
    // else touches them until compiled code returns) and the instance's
    // global indices, whose entries are in range of `globals`
    // (instantiation checks it). Native calls run functions of the same
    // instance (`Rt::push` checks it), compiled with the same layout, on
    // frames pushed without moving the stack's memory, so every caller's
    // `regs` stays valid; `rt` is borrowed mutably here and only the hooks
    // use it.
    unsafe { code.run(regs, &env, pc) }
}
