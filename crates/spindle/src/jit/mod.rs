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

pub(crate) use code_memory::CodeMemory;

use crate::module::FuncCode;

/// Which tier runs Wasm functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// The interpreter alone.
    #[default]
    Interp,
    /// Every function is compiled when it first runs (functions the
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
            _ => Err(format!(
                "unknown tier `{s}` (expected `interp` or `compiled`)"
            )),
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
    /// The `value` of the store's first global (`StoreOpaque::globals`);
    /// global `g`'s value is `global_stride * g` bytes after it.
    pub globals: *mut u8,
    /// The size of one entry of the store's globals.
    pub global_stride: u64,
    /// The instance's global indices into `globals`.
    pub inst_globals: *const u32,
}

/// A compiled function: its machine code, entered through
/// `CodeMemory::run` (the one call into compiled code, in `execute`).
pub(crate) type Compiled = CodeMemory;

/// A function's compiled code under `Tier::Compiled`: compiled when the
/// interpreter first enters the function, so a program pays only for the
/// functions it runs (`None` inside: the function stays interpreted).
pub(crate) type Lazy = std::sync::OnceLock<Option<Compiled>>;

/// Compiles `code`, or `None` if the host has no Cranelift backend (the
/// interpreter calls it on a function's first entry, `interp/compiled.rs`).
pub(crate) fn compile(code: &FuncCode) -> Option<Compiled> {
    let bytes = lower::compile(code)?;
    CodeMemory::new(&bytes)
}
