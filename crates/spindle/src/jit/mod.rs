//! The compiled tier: a function's internal code (`ir::Instr`) compiled to
//! machine code with Cranelift.
//!
//! Compiled code works on the same frame as the interpreter: its slots are
//! the frame's slots in the stack's heap block (`regs`), read and written in
//! place, so a frame can move between the tiers at any instruction boundary
//! and a continuation's stack stays what it is in the interpreter.
//!
//! **Exit protocol.** A compiled function is entered with
//! `(regs, env, pc, nested, func)` (`func`: the store function it runs)
//! and returns a `pc`: the instruction the
//! interpreter must run next in the top frame. It runs from `pc` until it
//! reaches an instruction it does not compile (tail calls, stack
//! switches off the fast path (`CallHooks::switch`), exceptions, table
//! and bulk operations other than `table.get`/`set` and `memory.copy`/
//! `fill`, which call hooks, ...), an instruction that would trap (an
//! out-of-bounds access, a division by zero, `unreachable`: the interpreter runs it again and produces the trap
//! and its backtrace), or a `Tick` whose budget ran out. Nothing of the
//! instruction it stops at has happened yet. The interpreter enters a
//! compiled function whenever it starts running a frame (`execute`'s
//! reload, and calls, returns and switches that land on a frame); an entry
//! `pc` that is not an entry point (see `lower`) returns at once.
//!
//! **Native calls.** A `call`, `call_indirect` (through table 0) or
//! `call_ref` of a compiled Wasm function does not exit, whatever its
//! instance (a callee of another instance runs with that instance's
//! `JitEnv`, `CallHooks::env_for`; an out-of-bounds index, a null entry or
//! reference and a type other than the instruction's own exit, and the
//! interpreter traps or calls):
//! compiled code stores its written slots (its frame in memory is exact),
//! finds the callee's code in the store's
//! `NativeTarget`s (filled in by the `CallHooks::resolve` hook the first
//! time a call finds the callee compiled), checks that the callee's frame
//! and the callers' records fit in the stack's memory as it is and that
//! the frame limit is not reached, and calls the callee's code natively at
//! `pc` 0 with `nested` set: `nested` is always twice the number of frames
//! below the running frame (its depth), plus one for a native callee (the
//! outermost entry's frame is the stack's top frame, with its record's
//! `below_len` frames below it, and `run_top` passes twice that). No frame record is pushed: the
//! records of native callees and their callers are written only if they
//! are needed, when a callee does not return. The callee initialises its
//! own locals and constants first (`FuncCode::init_frame`, inline). A
//! nested `return` stores its results into the frame and returns
//! `RETURNED`; the caller goes on at the instruction after the call,
//! reloading its slots from the frame like an entry. Any other outcome of
//! the callee (it exits at one of its instructions, or a deeper callee
//! did, or it switched stacks) makes every native caller write its own
//! frame record (its function, the return `pc` and its `fp`, found from
//! `regs` and `JitEnv::slots`) at its depth below the top, through the
//! `STACK_*` offsets of the `repr(C)` `stack::Stack`, and return `RELOAD`
//! (or `SWITCHED`) at once; a native callee that exits at one of its
//! instructions first makes its own frame the top one, at that `pc`, and
//! sets `below_len` to its depth. The
//! interpreter then reloads the top frame from the stack. Each caller's
//! record holds its return `pc`, the instruction after its call, which is
//! an entry point, so returning into it later re-enters its compiled code.
//! The hooks that read the running frame take it from compiled code
//! (`CallHooks::init` and `gc_new` get `regs`), and a stack switch first
//! makes the running frame the top one (`CallHooks::switch` reads it and
//! parks the stack; its callers write their records into the parked stack
//! as they return `SWITCHED`). A call exits
//! instead (and the interpreter runs it) when the push needs more memory
//! (the memory would move under the callers' `regs`), the frame limit is
//! reached, the callee is not yet compiled or is a host function, or the
//! native stack used since the outermost entry
//! passed `NATIVE_STACK` bytes (`JitEnv::stack_limit`). A `return` at the
//! outermost entry (`nested` 0) stores its results and its `pc` into the
//! frame too and returns `RETURNED`: `interp::compiled::run_top` pops the
//! frame.

mod code_memory;
mod link;
mod lower;
mod perf_map;
mod shims;

pub(crate) use code_memory::CodeMemory;
pub(crate) use link::{link, Artifact, Compiled, Hook, Target};
pub(crate) use perf_map::PerfMap;

use crate::module::FuncCode;

/// Which tier runs Wasm functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// The interpreter alone.
    Interp,
    /// Every function is compiled when it first runs (functions the
    /// compiler cannot handle, and hosts without a Cranelift backend, stay
    /// interpreted).
    Compiled,
    /// The default: functions start interpreted; one that gets hot (calls and loop
    /// iterations, counted by `Instr::HotCount`) is compiled and goes on in
    /// compiled code at that instruction. Functions larger than
    /// `MAX_TIERED_INSTRS`, and ones the compiler cannot handle, stay
    /// interpreted.
    #[default]
    Tiered,
}

/// Under `Tier::Tiered`, a function's counter starts here, times one plus
/// the square root of its size in `HOT_SIZE_UNIT`s (`hot_start`;
/// `Config::tier_threshold` changes it, for tests): each call counts
/// `HOT_CALL_WEIGHT`, each loop iteration `HOT_LOOP_WEIGHT`, so a small
/// function is compiled at about its 1,000th call or 10,000th loop
/// iteration.
pub const HOT_THRESHOLD: u32 = 10_000;

/// What a call counts against a function's counter (`HOT_THRESHOLD`).
pub(crate) const HOT_CALL_WEIGHT: u32 = 10;

/// What a loop iteration counts against a function's counter.
pub(crate) const HOT_LOOP_WEIGHT: u32 = 1;

/// The compile-time budget of `Tier::Tiered`: a function with more
/// instructions stays interpreted however hot it gets. Cranelift takes
/// about 0.05 ms per instruction on a large function's code (slots in
/// memory: SQLite's `sqlite3VdbeExec`, 10,366 instructions, in about
/// 560 ms on the compile thread). With it compiled, `sqlite 40000` took
/// 3.7 s instead of 4.4 s; Lua's `luaV_execute` (4,760) repays its
/// compilation too.
pub(crate) const MAX_TIERED_INSTRS: usize = 12_000;

/// Under `Tier::Tiered`, a function's counter starts at the threshold
/// times `1 + sqrt(instructions / HOT_SIZE_UNIT)`: compiling costs in
/// proportion to size, but a large function is mostly a loop that runs a
/// small part of itself per count (an interpreter's dispatch loop:
/// `luaV_execute`, `sqlite3VdbeExec`), so what one count saves grows with
/// size too. Scaled linearly instead, SQLite's `sqlite3VdbeExec` needed
/// about 6.5 M counts and was never compiled in `sqlite 10000`, and Lua's
/// `luaV_execute` about 3 M (now 180 K). At 32,
/// linearly, SQLite compiled 91 functions (about half of them sent back to
/// the interpreter by the probe of `interp::tier_up`).
pub(crate) const HOT_SIZE_UNIT: usize = 16;

/// The start of a function's counter: `threshold` scaled by its size.
pub(crate) fn hot_start(threshold: u32, instrs: usize) -> u32 {
    let scale = u32::try_from(1 + (instrs / HOT_SIZE_UNIT).isqrt()).unwrap_or(u32::MAX);
    threshold.saturating_mul(scale).min(HOT_NEVER - 1)
}

/// A counter value no function reaches again: its tier-up was tried and
/// the function stays interpreted.
pub(crate) const HOT_NEVER: u32 = u32::MAX;

impl std::str::FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Tier, String> {
        match s {
            "interp" => Ok(Tier::Interp),
            "compiled" => Ok(Tier::Compiled),
            // `auto`: the name issue 15 gave the default.
            "tiered" | "auto" => Ok(Tier::Tiered),
            _ => Err(format!(
                "unknown tier `{s}` (expected `interp`, `compiled` or `tiered` (`auto`))"
            )),
        }
    }
}

/// What compiled code reads at entry: the interpreter's view of memory 0,
/// the budget counter of `Tick` and the globals, and what native calls need
/// (the running stack's record and memory, the native-call targets). Built
/// at every entry from the interpreter and updated by `run_top`'s loop
/// between runs (the stack after a switch, the instance), so it is valid
/// for the whole run of compiled code (memory 0 can only grow, the store's
/// vectors only change and a stack's memory only moves outside compiled
/// code). A native call into another instance passes the callee the
/// `JitEnv` of its instance (`CallHooks::env_for`), built from the caller's
/// and kept in the run time until compiled code returns to `run_top`.
/// Compiled code and the hooks write one that code is running with only
/// with the values it holds already (a native call's stack fields, the
/// same for every frame of one native call chain), so its fields, and
/// the instance's global and function indices, are read-only loads that
/// Cranelift may merge and hoist (`lower`'s `env_flags`).
#[repr(C)]
#[derive(Clone, Copy)]
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
    /// The instance's function indices into the store's functions.
    pub inst_funcs: *const u32,
    /// The elements of the instance's table 0 (null and 0 when it has
    /// none), for `call_indirect`.
    pub table0_base: *const u64,
    pub table0_len: u64,
    /// The elements of each of the instance's tables, by the instance's
    /// table index (`table.get`, `table.set`, `table.size`).
    pub inst_tables: *const TableView,
    /// The store's native-call targets, by store function index (as many
    /// as the store has functions).
    pub targets: *mut NativeTarget,
    /// The instance's native-call targets, by the instance's function
    /// index (as many as the instance has functions).
    pub inst_targets: *mut NativeTarget,
    /// The running stack's record (`stack::Stack`; compiled code reads and
    /// writes the fields at the `STACK_*` offsets). A stack switch leaves
    /// it as it was: native callers then write their records into the
    /// stack they ran on.
    pub stack: *mut u8,
    /// The end of the running stack's slots, which is where its frames
    /// below the top start (`FRAME_BYTES` each).
    pub slots_end: *mut u8,
    /// The start of the running stack's slots: a frame's `fp` is the
    /// distance of its `regs` from here, in slots.
    pub slots: *mut u8,
    /// The lowest native stack address at which compiled code still makes a
    /// native call (`NATIVE_STACK` below the outermost entry's).
    pub stack_limit: usize,
    /// How many frames below the top the stack may hold after a native
    /// call's push: the room in its memory, and one less than the frame
    /// limit.
    pub below_limit: u32,
    /// The running function's instance (store index).
    pub instance: u32,
    /// The store's struct arena (`gc::Structs`): the struct whose reference
    /// has index `at` has its header at word `at` and field `i` at word
    /// `at + 1 + i`. Compiled code never moves the arena (`CallHooks::gc_new`
    /// refuses an allocation that would), so the address holds for the
    /// whole entry.
    pub gc_structs: *mut u64,
    /// The store's `GcHeap`, whose allocation state (`GcHeap::ALLOC_OFFSETS`)
    /// compiled code's inline `struct.new` reads and writes
    /// (`jit/lower/gc.rs`).
    pub gc_heap: *mut u8,
    /// What the `CallHooks` need of the run time (opaque here).
    pub rt: *mut core::ffi::c_void,
    /// The `JitEnv`s of native calls into other instances, one per store
    /// instance (its `instance` `u32::MAX` until the first such call into
    /// it), or null before the first: compiled code finds a callee's there
    /// and writes the stack's fields (`stack`, `slots_end`, `slots`,
    /// `below_limit`)
    /// into it itself, and calls `CallHooks::env_for` only for one not
    /// there yet (which sets this field in the caller's `JitEnv`).
    pub envs: *mut JitEnv,
}

/// Where one table's elements are while compiled code runs, as compiled
/// code reads it: `base` points to `len` `u64` elements (the store's
/// `TableEntity::elements`, which only the interpreter resizes, so that it
/// stays valid until compiled code returns to the interpreter).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TableView {
    pub base: usize,
    pub len: u64,
}

/// What compiled code needs to call a store function natively, filled in by
/// `CallHooks::resolve` once the function is compiled (`entry` 0 before,
/// and for functions that never run natively: hosts, uncompiled code).
/// The store has one per store function (`JitEnv::targets`, for
/// `call_indirect` and `call_ref`) and each instance one per function
/// index of the instance (`JitEnv::inst_targets`, for `call`, filled in by
/// `CallHooks::resolve_local`).
/// Entries never change once set: a function's compiled code lives as long
/// as its module.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NativeTarget {
    /// The compiled code (an `EntryFn`), or 0.
    pub entry: usize,
    /// The function's instance (store index): a native call of a function
    /// of another instance passes it that instance's `JitEnv`
    /// (`CallHooks::env_for`).
    pub instance: u32,
    /// The function's `max_slots`.
    pub max_slots: u32,
    /// The function's type (`TypeId`), for `call_indirect`'s check.
    pub ty: u32,
    /// The store function itself (the frame record's `func`).
    pub func: u32,
}

impl NativeTarget {
    /// Whether compiled code calls the function natively: its entry is
    /// filled in, and it is not `EXITS`.
    pub(crate) fn runs_natively(&self) -> bool {
        self.entry != 0 && self.entry != usize::MAX
    }

    /// The target of a function that never runs natively (a host
    /// function): its `entry` is not 0, so calls do not ask
    /// `CallHooks::resolve` again, and its `max_slots` fit no stack, so
    /// every call's check fails and the call exits (the entry is never
    /// called). Compiled code computes the frame's end in 64 bits (every
    /// Cranelift backend is 64-bit), where `u32::MAX` slots cannot wrap.
    pub(crate) const EXITS: NativeTarget = NativeTarget {
        entry: usize::MAX,
        instance: u32::MAX,
        max_slots: u32::MAX,
        ty: u32::MAX,
        func: u32::MAX,
    };
}

/// Where compiled code finds the fields of a stack record it updates on a
/// native call (`stack::Stack` is `repr(C)`; `stack.rs` asserts these).
/// The top frame's `func`, `pc` and `fp`:
pub(crate) const STACK_TOP_FUNC: i32 = 24;
pub(crate) const STACK_TOP_PC: i32 = 28;
pub(crate) const STACK_TOP_FP: i32 = 32;
/// The number of frames below the top (`u32`).
pub(crate) const STACK_BELOW_LEN: i32 = 20;
/// A frame below the top in the stack's memory: `func`, `pc`, `fp` as
/// `u32`s, the frame `i` below the top (counting from the oldest)
/// `FRAME_BYTES * i` bytes after the slots.
pub(crate) const FRAME_BYTES: i64 = 12;

/// The most native stack compiled code uses for native calls below one
/// entry from the interpreter (past it, calls exit). Leaves room for the
/// callee's own frame and the hooks; the interpreter itself never recurses.
pub(crate) const NATIVE_STACK: usize = 256 << 10;

/// What a nested compiled function returns when it ran a `return`: its
/// results are in its frame's slots `0..num_results`, and the frame is still
/// pushed.
pub(crate) const RETURNED: u32 = u32::MAX;

/// What compiled code returns when a function it called natively exited:
/// the top frame is another function's, and the interpreter must reload.
pub(crate) const RELOAD: u32 = u32::MAX - 1;

/// What compiled code returns after a stack switch (`CallHooks::switch`):
/// the current stack's top frame is the one to run next, with its `pc`
/// saved, and the run time enters its compiled code (if any) right away.
/// Native callers return it as it is.
pub(crate) const SWITCHED: u32 = u32::MAX - 2;

/// Byte offsets in the store's `GcHeap` (`JitEnv::gc_heap`) of what compiled
/// code's inline `struct.new` reads and writes (`jit/lower/gc.rs`;
/// `GcHeap::ALLOC_OFFSETS`, `gc::structs::Cursor`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AllocOffsets {
    pub allocated: i32,
    pub next_collection: i32,
    pub dead_bits: i32,
    pub dead_len: i32,
    pub dead_from: i32,
    pub live_bits: i32,
    pub live: i32,
}

/// The run time's side of native calls, as `extern "C"` functions (their
/// addresses are written into the code when it is linked, `jit::link`;
/// the lowering names them by `Hook`).
#[derive(Clone, Copy, Default)]
pub(crate) struct CallHooks {
    /// `(env, func) -> entry`: for the store function `func` whose
    /// `NativeTarget` has no entry yet, fills it in if the function is
    /// compiled Wasm and returns its entry, else returns 0 (the call
    /// exits).
    pub resolve: usize,
    /// `(env, func) -> entry`: `resolve` for the running instance's
    /// function `func` (`JitEnv::inst_targets`), which may be an imported
    /// function of another instance.
    pub resolve_local: usize,
    /// `(env, instance) -> env'`: the `JitEnv` of instance `instance` for a
    /// native call into it from code running with `env` (the same stack,
    /// native stack limit and store; `instance`'s memory 0, globals,
    /// functions and table 0), valid until compiled code returns to
    /// `run_top`; null if there is none.
    pub env_for: usize,
    /// `(env) -> 0`: initialises the top frame of the running stack (a
    /// native callee's, just pushed) as `FuncCode::init_frame` does; for
    /// callees with too many locals and constants to initialise inline.
    pub init: usize,
    /// `(env, ty, base, len) -> ref`: `struct.new` of canonical type `ty`
    /// whose `len` fields are the running frame's slots `base..` (in
    /// memory), or `struct.new_default` (`len` 0); 0 when the allocation
    /// would collect or move the arena (compiled code then exits, and the
    /// interpreter allocates and collects).
    pub gc_new: usize,
    /// `(env, ref, heap, nullable) -> 0 | 1 | 2`: `ref.test` of `ref`
    /// against the packed heap type `heap` (`ir::gc::pack_heap_type`); 2
    /// when the heap alone cannot tell (a function type: compiled code
    /// exits).
    pub gc_test: usize,
    /// `(env, pc, code) -> 0 | 1`: runs the `resume`, `suspend` or
    /// `switch` at `pc` of the running frame (its slots stored), whose
    /// function's `FuncCode` is at `code`, on the interpreter's
    /// fast path, the frame's `pc` then past it; 1 when it switched (the
    /// current stack's top frame is another one: compiled code returns
    /// `SWITCHED`), 0 when the interpreter must run it (nothing changed:
    /// compiled code exits at `pc`).
    pub switch: usize,
    /// `(op, a_lo, a_hi) -> (lo, hi)`: the `v128` unary operator of code
    /// `op` (`simd::jit_helpers::unary`).
    pub simd_unary: usize,
    /// `(op, a_lo, a_hi, b_lo, b_hi) -> (lo, hi)`: a binary one.
    pub simd_binary: usize,
    /// `(op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi) -> (lo, hi)`: a ternary one.
    pub simd_ternary: usize,
    /// `(env, dst, src, len) -> 0 | 1`: `memory.copy` within memory 0
    /// (`JitEnv::mem0_base`); 0, copying nothing, when a range is out of
    /// bounds (compiled code exits, and the interpreter traps).
    pub memory_copy: usize,
    /// `(env, dst, value, len) -> 0 | 1`: `memory.fill` of memory 0; 0 as
    /// for `memory_copy`.
    pub memory_fill: usize,
    /// Where the inline `struct.new` finds the allocation state.
    pub gc_alloc: AllocOffsets,
}

/// A function's compiled code under `Tier::Compiled`: compiled when the
/// interpreter first enters the function, so a program pays only for the
/// functions it runs; under `Tier::Tiered`, when its `HotCount` counter
/// runs out (`None` inside: the function stays interpreted).
pub(crate) type Lazy = std::sync::OnceLock<Option<Compiled>>;

/// What compiled code depends on in the host (`lower::isa_fingerprint`),
/// for the compiled-code cache; `None` without a Cranelift backend.
pub(crate) fn isa_fingerprint() -> Option<String> {
    lower::isa_fingerprint()
}

/// Compiles `code`, or `None` if the host has no Cranelift backend (the
/// interpreter calls it on a function's first entry, `interp/compiled.rs`).
pub(crate) fn compile(code: &FuncCode, hooks: CallHooks) -> Option<Compiled> {
    let artifact = lower::compile(code, hooks.gc_alloc)?;
    link(std::sync::Arc::new(artifact), code, &hooks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_start_scales_with_size_and_saturates() {
        assert_eq!(hot_start(HOT_THRESHOLD, HOT_SIZE_UNIT - 6), HOT_THRESHOLD);
        assert_eq!(
            hot_start(HOT_THRESHOLD, 4 * HOT_SIZE_UNIT),
            3 * HOT_THRESHOLD
        );
        // SQLite's `sqlite3VdbeExec`: 26 times the threshold, not 648.
        assert_eq!(hot_start(HOT_THRESHOLD, 10_366), 26 * HOT_THRESHOLD);
        assert_eq!(hot_start(1, HOT_SIZE_UNIT - 1), 1);
        // Never `HOT_NEVER` (which means "stays interpreted").
        assert_eq!(hot_start(u32::MAX - 5, 1000), HOT_NEVER - 1);
        assert_eq!(hot_start(HOT_THRESHOLD, usize::MAX), HOT_NEVER - 1);
    }

    #[test]
    fn tiers_parse_by_name() {
        assert_eq!("interp".parse(), Ok(Tier::Interp));
        assert_eq!("compiled".parse(), Ok(Tier::Compiled));
        assert_eq!("tiered".parse(), Ok(Tier::Tiered));
        assert_eq!("auto".parse(), Ok(Tier::Tiered));
        assert!("jit"
            .parse::<Tier>()
            .unwrap_err()
            .contains("unknown tier `jit`"));
    }
}
