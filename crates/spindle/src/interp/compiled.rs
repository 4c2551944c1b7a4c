//! The interpreter's side of the compiled tier (`jit`): entering a frame's
//! compiled code. The call is the one place that runs compiled code.

use crate::jit::{JitEnv, Lazy};
use crate::module::FuncCode;
use crate::store::{GlobalEntity, MemoryEntity};

/// Runs a frame in its function's compiled code from `pc`; returns the `pc`
/// of the instruction the interpreter runs next (`jit`'s exit protocol).
/// Out of line, so that the interpreter's loop only pays for the check
/// whether a function was compiled.
///
/// `regs` is the frame's slot 0 (`Regs`), `mem0` the store index of the
/// instance's memory 0 (out of range if it has none), `inst_globals` the
/// instance's global indices.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    lazy: &Lazy,
    func: &FuncCode,
    memories: &mut [MemoryEntity],
    budget: &mut u64,
    globals: &mut [GlobalEntity],
    mem0: usize,
    inst_globals: &[u32],
    regs: *mut u64,
    pc: u32,
) -> u32 {
    // (Compiles the function on its first entry.)
    let Some(code) = lazy.get_or_init(|| crate::jit::compile(func)) else {
        return pc;
    };
    let (mem0_base, mem0_len) = match memories.get_mut(mem0) {
        Some(m) => {
            let b = m.data.bytes_mut();
            (b.as_mut_ptr(), b.len() as u64)
        }
        None => (std::ptr::null_mut(), 0),
    };
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
    };
    // SAFETY: `regs` is the running frame's slot 0 with its function's
    // `max_slots` slots after it (`Regs`' invariant), and `code` was
    // compiled from that function. `env` holds memory 0's current bytes,
    // the store's budget and globals (all borrowed mutably here, so nothing
    // else touches them until compiled code returns) and the instance's
    // global indices, whose entries are in range of `globals`
    // (instantiation checks it).
    unsafe { code.run(regs, &env, pc) }
}
