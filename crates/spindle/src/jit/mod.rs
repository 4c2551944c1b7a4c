//! The compiled tier: a function's internal code (`ir::Instr`) compiled to
//! machine code with Cranelift.
//!
//! Compiled code works on the same frame as the interpreter: its slots are
//! the frame's slots in the stack's heap block (`regs`), read and written in
//! place, so a frame can move between the tiers at any instruction boundary
//! and a continuation's stack stays what it is in the interpreter.
//!
//! **Exit protocol.** A compiled function is entered with
//! `(regs, env, pc)` and returns a `pc`: the instruction the interpreter
//! must run next. It runs from `pc` until it reaches an instruction it does
//! not compile (calls, returns, stack switching, exceptions, table and bulk
//! operations, ...), an instruction that would trap (an out-of-bounds
//! access, a division by zero, `unreachable`: the interpreter runs it again
//! and produces the trap and its backtrace), or a `Tick` whose budget ran
//! out. Nothing of the instruction it stops at has happened yet. The
//! interpreter enters a compiled function whenever it starts running a frame
//! (`execute`'s reload, and calls, returns and switches that land on a
//! frame); an entry `pc` that is not an entry point (see `lower`) returns at
//! once.

mod code_memory;
mod lower;
mod shims;

use code_memory::{CodeMemory, EntryFn};

use crate::module::FuncCode;

/// Which tier runs Wasm functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// The interpreter alone.
    #[default]
    Interp,
    /// Every function is compiled when its module is loaded (functions the
    /// compiler cannot handle, and hosts without a Cranelift backend, stay
    /// interpreted).
    Compiled,
}

impl std::str::FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Tier, String> {
        match s {
            "interp" => Ok(Tier::Interp),
            "compiled" => Ok(Tier::Compiled),
            _ => Err(format!("unknown tier `{s}` (expected `interp` or `compiled`)")),
        }
    }
}

/// What compiled code reads at entry: the interpreter's view of memory 0,
/// the budget counter of `Tick` and the globals. Rebuilt at every entry, so
/// it is valid for the whole run of compiled code (memory 0 can only grow,
/// and the store's vectors only change, outside compiled code).
#[repr(C)]
pub(crate) struct JitEnv {
    /// Memory 0's bytes (null and 0 when the instance has no memory).
    pub mem0_base: *mut u8,
    pub mem0_len: u64,
    /// The store's `budget` (fuel and interrupt checks, see `Tick`).
    pub budget: *mut u64,
    /// The store's globals (`StoreOpaque::globals`).
    pub globals: *mut u8,
    /// The instance's global indices into `globals`.
    pub inst_globals: *const u32,
}

/// A compiled function.
pub(crate) struct Compiled {
    entry: EntryFn,
    /// Owns the code `entry` points into.
    _code: CodeMemory,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

impl Compiled {
    /// Runs the function's frame from `pc`; returns the `pc` of the
    /// instruction the interpreter must run next.
    ///
    /// # Safety
    /// `regs` points to the frame's slot 0 with at least the function's
    /// `max_slots` slots after it, and `env` describes this frame's
    /// instance: `mem0_base..mem0_base + mem0_len` are memory 0's bytes,
    /// `budget` the store's budget, `globals`/`inst_globals` the store's
    /// globals and the instance's indices, all valid and not otherwise
    /// accessed until this returns.
    #[inline(always)]
    pub(crate) unsafe fn run(&self, regs: *mut u64, env: &JitEnv, pc: u32) -> u32 {
        // SAFETY: the code was compiled from this function's code with the
        // slot and env layout above (`lower`), and the caller guarantees it.
        unsafe { (self.entry)(regs, env, pc) }
    }
}

/// Compiles `code`, or `None` if the host has no Cranelift backend.
pub(crate) fn compile(code: &FuncCode) -> Option<Compiled> {
    let bytes = lower::compile(code)?;
    let mem = CodeMemory::new(&bytes)?;
    Some(Compiled {
        entry: mem.entry(),
        _code: mem,
    })
}
