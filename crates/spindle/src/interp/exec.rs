//! The interpreter loop.
//!
//! `execute` runs the current stack of the store from its top frame until
//! the activation that started it returns, a host function must be called,
//! or execution traps or throws out of the activation. It never recurses
//! natively for Wasm-to-Wasm calls: a call pushes a `Frame` and reloads the
//! loop's registers (`code`, `pc`, `fp`); a stack switch changes
//! `stacks.current` and does the same.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use bytemuck::Pod;

use crate::ir::Instr;
use crate::module::FuncCode;
use crate::simd::{self, inline};
use crate::slots::SlotVal;
use crate::stack::{ContBits, Frame, StackState, Stacks};
use crate::store::{FuncEntity, FuncKind, StoreOpaque};
use crate::trap::TrapCode;

use super::{Activation, Exit, Unwind};

/// The current frame's slots.
///
/// Every slot operand in the internal code is below its function's
/// `max_slots` (the translator computes `max_slots` from the same numbers it
/// assigns slots from), and a frame is only entered after its stack's slots
/// were grown to `fp + max_slots`. A stack's memory (slots and frames) only
/// moves when a frame is pushed or a stack is (re)started, and the
/// interpreter loop re-creates its `Regs` after each of those (`continue
/// 'reload` or `continue_same!`). So every access through a `Regs` is in
/// bounds, and the checks are left out.
#[derive(Clone, Copy)]
pub(super) struct Regs(*mut u64);

impl Regs {
    /// The slots of the frame at `fp` of `slots`.
    #[inline(always)]
    fn new(slots: &mut [u64], fp: usize) -> Regs {
        assert!(fp <= slots.len());
        // SAFETY: `fp` is within (or one past) the slice, checked above.
        Regs(unsafe { slots.as_mut_ptr().add(fp) })
    }

    #[inline(always)]
    pub(super) fn get(self, s: u32) -> u64 {
        // SAFETY: in bounds by the invariant in the type's docs.
        unsafe { *self.0.add(s as usize) }
    }

    #[inline(always)]
    pub(super) fn set(self, s: u32, v: u64) {
        // SAFETY: in bounds by the invariant in the type's docs.
        unsafe { *self.0.add(s as usize) = v }
    }

    /// The `v128` in slots `s` (low half) and `s + 1`, as a `u128` or as an
    /// array of lanes (`[f32; 4]`, ...; the host is little-endian, see
    /// `crate::simd`). An array of lanes is read as one 16-byte vector load
    /// (`set128` writes it with one store, so that a following 16-byte read
    /// gets the value forwarded from the store); a `u128` may be read and
    /// written as two 8-byte halves.
    #[inline(always)]
    fn get128<T: Pod>(self, s: u32) -> T {
        const { assert!(std::mem::size_of::<T>() == 16) };
        // SAFETY: a `v128` operand's two slots are both below `max_slots`,
        // so in bounds by the invariant in the type's docs, and `T` is 16
        // bytes (asserted above); slots are only 8-byte aligned, hence the
        // unaligned read; `T: Pod` takes any bits.
        unsafe { std::ptr::read_unaligned(self.0.add(s as usize) as *const T) }
    }

    #[inline(always)]
    fn set128<T: Pod>(self, s: u32, v: T) {
        const { assert!(std::mem::size_of::<T>() == 16) };
        // SAFETY: as for `get128`; any bits are a valid slot.
        unsafe { std::ptr::write_unaligned(self.0.add(s as usize) as *mut T, v) }
    }

    /// Copies `n` slots from `src..` to `dst..` as if through a buffer
    /// (the ranges may overlap). A plain loop: the runs are short, and a
    /// `memmove` call costs more than the copy.
    #[inline(always)]
    fn copy(self, dst: u32, src: u32, n: u32) {
        // SAFETY: both ranges are in bounds by the invariant in the type's
        // docs; `ptr::copy` allows overlap.
        unsafe {
            std::ptr::copy(
                self.0.add(src as usize),
                self.0.add(dst as usize),
                n as usize,
            )
        }
    }
}

/// The instruction pointer into a function's internal code.
///
/// The translator ends every function with an `Unreachable` sentinel and
/// checks that every branch target (and every `br_table` entry) lies inside
/// the code (see `translate::translate`); a frame's saved `pc` is always one
/// of those positions or the one after a call. Straight-line execution stops
/// at the sentinel at the latest. So every position an `Ip` is moved to is
/// inside `code`, and fetching through it needs no check.
#[derive(Clone, Copy)]
struct Ip<'a> {
    base: *const Instr,
    at: *const Instr,
    code: std::marker::PhantomData<&'a [Instr]>,
}

impl<'a> Ip<'a> {
    /// Position `pc` of `code`.
    #[inline(always)]
    fn new(code: &'a [Instr], pc: usize) -> Ip<'a> {
        assert!(pc < code.len());
        let base = code.as_ptr();
        // SAFETY: `pc` is inside `code`, checked above.
        Ip {
            base,
            at: unsafe { base.add(pc) },
            code: std::marker::PhantomData,
        }
    }

    /// The instruction at the pointer; the pointer moves past it.
    #[inline(always)]
    fn fetch(&mut self) -> &'a Instr {
        // SAFETY: `at` is inside the code (borrowed for `'a`) by the
        // invariant in the type's docs.
        unsafe {
            let i = &*self.at;
            self.at = self.at.add(1);
            i
        }
    }

    /// The instruction at the pointer, which stays where it is.
    #[inline(always)]
    fn peek(self) -> &'a Instr {
        // SAFETY: as for `fetch`.
        unsafe { &*self.at }
    }

    /// Moves to position `target` of the code.
    #[inline(always)]
    fn jump(&mut self, target: u32) {
        // SAFETY: branch targets are inside the code (type docs).
        self.at = unsafe { self.base.add(target as usize) };
    }

    /// Moves `n` instructions forward (into a `br_table`'s entries, or
    /// past the compare-and-branch that a fused counted-loop step stands
    /// for).
    #[inline(always)]
    fn skip(&mut self, n: u32) {
        // SAFETY: a `br_table` is followed by its `len + 1` entries, all
        // inside the code, and `n <= len`; a fused step is followed by its
        // compare-and-branch, and that by at least the sentinel (type docs).
        self.at = unsafe { self.at.add(n as usize) };
    }

    /// The position of the next instruction, as a frame's `pc`.
    #[inline(always)]
    fn pc(self) -> u32 {
        // An exact division by the instruction's size: a shift and a
        // multiplication by the inverse of its odd part (`EXACT_DIV`).
        let bytes = self.at as usize - self.base as usize;
        let (shift, inverse) = EXACT_DIV;
        debug_assert_eq!(bytes % std::mem::size_of::<Instr>(), 0);
        (bytes >> shift).wrapping_mul(inverse) as u32
    }
}

/// `size_of::<Instr>()` as `2^shift * odd`: `(shift, odd^-1 mod 2^64)`.
/// Multiplying a multiple of `odd` by the inverse gives the quotient.
const EXACT_DIV: (u32, usize) = {
    let size = std::mem::size_of::<Instr>();
    let shift = size.trailing_zeros();
    let odd = size >> shift;
    // Newton's iteration: each step doubles the correct low bits (an odd
    // number is its own inverse mod 8).
    let mut inv = odd;
    let mut i = 0;
    while i < 6 {
        inv = inv.wrapping_mul(2usize.wrapping_sub(odd.wrapping_mul(inv)));
        i += 1;
    }
    assert!(odd.wrapping_mul(inv) == 1);
    (shift, inv)
};

/// A function's code, instance and memory 0 as the interpreter loop holds
/// them, kept for the caller at a call and for the function it ran before
/// its last reload: when a generator and its consumer take turns, a switch
/// back to that function takes these instead of reloading them through
/// the chain of dependent loads (stack -> frame -> function -> code ->
/// instructions) that makes a reload slow.
#[derive(Clone, Copy)]
struct Context {
    func: u32,
    instance: usize,
    mem0: usize,
    code: *const FuncCode,
}

impl Context {
    #[inline(always)]
    fn new(func: u32, instance: usize, mem0: usize, code: &FuncCode) -> Context {
        Context {
            func,
            instance,
            mem0,
            code,
        }
    }

    /// The code, if function `func` of `funcs` still has it (store
    /// functions are never replaced, so it always does; the check makes
    /// the pointer's validity local). The check reads the function table,
    /// but the loop does not wait for it: the code comes from the saved
    /// pointer, not from the one just read. Instance and memory need no
    /// check: they are indices, bounds-checked where used.
    #[inline(always)]
    fn code(self, funcs: &[FuncEntity]) -> Option<&FuncCode> {
        match &funcs.get(self.func as usize)?.kind {
            FuncKind::Wasm { code, .. } if std::ptr::eq(Arc::as_ptr(code), self.code) => {
                // SAFETY: `self.code` equals the pointer of an `Arc` in
                // `funcs`, which is borrowed for the result's lifetime, so
                // the `FuncCode` lives at least as long.
                Some(unsafe { &*self.code })
            }
            _ => None,
        }
    }
}

/// The view of memory `mem0` that the instance caches (`InstanceEntity::mem0`)
/// for the loop (`u32::MAX`: the instance has none).
///
/// The loop keeps this invariant: between two instructions, the view is
/// memory 0 of the function the loop holds, as its bytes are now. A
/// memory's bytes move or change length only in `memory.grow` (a heap
/// buffer may move; reserved memory grows in place), in a host function,
/// or in an instruction that the loop leaves through a reload. So the loop
/// takes a new view when it starts, at each `'reload`, whenever it
/// re-creates its `Regs` in `continue_same!` (every frame push or pop and
/// every stack switch), and after each `memory.grow` of any memory index
/// (an instance may import one memory twice); host calls leave the loop.
/// (In `continue_same!`'s arm for the same function the view is still
/// current; renewing it anyway keeps the loop's register allocation: fib
/// +13% instructions and the corpus +15-40% without it.)
#[inline(always)]
fn view_mem0(memories: &mut [crate::store::MemoryEntity], mem0: usize) -> crate::memory::BytesView {
    match memories.get_mut(mem0) {
        Some(m) => m.data.view(),
        None => crate::memory::BytesView::EMPTY,
    }
}

/// Constant `idx` of Wasm function `func`'s `v128_consts`, found through
/// the store (not the loop's `code`, which then needs no register).
#[inline(never)]
fn v128_const(funcs: &[FuncEntity], func: u32, idx: u32) -> u128 {
    match &funcs[func as usize].kind {
        FuncKind::Wasm { code, .. } => code.v128_consts[idx as usize],
        FuncKind::Host { .. } => unreachable!("host functions have no code"),
    }
}

/// Effective address of an access of `len` bytes, or a trap.
#[inline(always)]
fn effective(mem_len: usize, addr: u64, offset: u32, len: usize) -> Result<usize, TrapCode> {
    let ea = (addr as u32 as u64) + offset as u64;
    match ea.checked_add(len as u64) {
        Some(end) if end <= mem_len as u64 => Ok(ea as usize),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// How a call instruction continues.
enum CallOutcome<'a, 's> {
    /// A frame for a Wasm function was pushed: its instance, memory 0 and
    /// code, and the stack it is on, for the loop to run it without a
    /// reload.
    Pushed {
        instance: usize,
        mem0: usize,
        code: &'a FuncCode,
        stack: &'s mut crate::stack::Stack,
    },
    /// A host function must be called.
    Host(u32),
}

/// Pushes a frame for Wasm function `func` whose arguments are at absolute
/// slot `new_fp` of stack `cur` (the running one), or reports a host
/// function.
#[inline(always)]
fn push_frame<'a, 's>(
    stacks: &'s mut Stacks,
    funcs: &'a [FuncEntity],
    cur: crate::stack::StackId,
    func: u32,
    new_fp: usize,
) -> Result<CallOutcome<'a, 's>, TrapCode> {
    let (instance, mem0, code) = match &funcs[func as usize].kind {
        FuncKind::Wasm {
            instance,
            code,
            mem0,
            ..
        } => (*instance as usize, *mem0 as usize, &**code),
        FuncKind::Host { .. } => return Ok(CallOutcome::Host(func)),
    };
    let max_frames = stacks.max_frames;
    let stack = stacks.room_for_frame(cur, new_fp + code.max_slots as usize, max_frames)?;
    code.init_frame(&mut stack.slots_mut()[new_fp..]);
    stack.push_frame(Frame {
        func,
        pc: 0,
        fp: new_fp as u32,
    });
    Ok(CallOutcome::Pushed {
        instance,
        mem0,
        code,
        stack,
    })
}

/// Replaces the top frame by a frame for `func` (tail call); arguments are
/// already in the frame's slots `0..n`. `Some(func)`: a host function must
/// be called (in the caller's frame, which stays).
#[inline]
fn replace_frame(s: &mut StoreOpaque, func: u32) -> Result<Option<u32>, TrapCode> {
    let cur = s.stacks.current();
    let stack = &mut s.stacks[cur];
    let top = stack.pop_frame().expect("frame");
    let host = match push_frame(&mut s.stacks, &s.funcs, cur, func, top.fp as usize) {
        Ok(CallOutcome::Pushed { .. }) => return Ok(None),
        // Host functions run in the caller's frame; the `Return` that the
        // translator places after every tail call returns their results.
        Ok(CallOutcome::Host(f)) => Ok(Some(f)),
        Err(e) => Err(e),
    };
    s.stacks[cur].push_frame(top);
    host
}

/// Runs until the activation returns, a host call is needed, or an error.
///
/// The tier is chosen here, once per activation: under `Tier::Interp` the
/// loop is compiled without a single check for compiled code (`JIT`
/// false), so the interpreter runs exactly as it would without the
/// compiled tier.
pub(crate) fn execute(s: &mut StoreOpaque, act: &Activation) -> Result<Exit, Unwind> {
    if s.engine.config().tier == crate::jit::Tier::Interp {
        return run::<false>(s, act);
    }
    s.running = (act.stack, act.depth);
    // The other tiers take turns: compiled code runs the top frame if its
    // function has some, until an instruction it does not run, which the
    // interpreter runs and goes on from until it starts running (or goes
    // back to) a frame with compiled code (`Exit::ToCompiled`).
    loop {
        super::tier_up::run_top(s);
        match run::<true>(s, act) {
            Ok(Exit::ToCompiled) => {}
            done => {
                if s.compiled_entries != 0 {
                    let n = std::mem::take(&mut s.compiled_entries);
                    s.engine.inner.entries.fetch_add(n, Relaxed);
                }
                return done;
            }
        }
    }
}

/// `execute`'s loop; with `JIT`, it returns `Exit::ToCompiled` whenever it
/// starts running a frame whose function has compiled code, or another
/// frame than the one it ran (`jit`'s exit protocol). The entry into compiled code is
/// `execute`'s, out of the loop: inlined at each of these places, it made
/// LLVM spill the loop's state (41% more instructions on SQLite's
/// interpreted functions).
fn run<const JIT: bool>(s: &mut StoreOpaque, act: &Activation) -> Result<Exit, Unwind> {
    // The function the loop ran before its last reload.
    let mut alt: Option<Context> = None;
    // (`alt` lives in memory: as five more values carried around the
    // loop, it took registers from the slots and the memory view.)
    std::hint::black_box(&mut alt);
    'reload: loop {
        let cur = s.stacks.current();
        if s.stacks[cur].frames_is_empty() {
            // A host function that ran as a continuation's body returned.
            let body = s.stacks.host_body(cur).expect("a host body");
            let n = s.func_type_results(body);
            if let Some(exit) = super::cont::finish_stack(s, n as u32) {
                return Ok(exit);
            }
            continue 'reload;
        }
        let stack = &mut s.stacks[cur];
        let frame = *stack.top_frame().expect("a frame to run");
        let (mut instance, mut code, mut mem0) = match &s.funcs[frame.func as usize].kind {
            FuncKind::Wasm {
                instance,
                code,
                mem0,
                ..
            } => (*instance as usize, &**code, *mem0 as usize),
            FuncKind::Host { .. } => unreachable!("host functions have no frames"),
        };
        let mut instrs: &[Instr] = &code.instrs;
        // The function whose code, instance and memory the loop now holds.
        let mut func = frame.func;
        let mut cur = cur;
        let mut fp = frame.fp as usize;
        let mut ip = Ip::new(instrs, frame.pc as usize);
        let mut inst = &s.instances[instance];
        let mut r = Regs::new(stack.memory_mut(), fp);
        let mut stk = stack;
        inst.mem0.set(view_mem0(&mut s.memories, mem0));

        // Goes on with whatever frame is now the current stack's top: with
        // `JIT`, through `execute`, which enters it if it has compiled code
        // (a reload that did so would keep a flag alive in the loop).
        macro_rules! reload {
            () => {{
                if JIT {
                    return Ok(Exit::ToCompiled);
                }
                continue 'reload;
            }};
        }

        // Goes on with the current stack's top frame: without a reload when
        // it runs the same function (a recursive call or return, a switch
        // between two stacks in the same function) or the function the loop
        // ran before its last reload (`alt`: a generator and its consumer
        // taking turns), else through one, keeping this function as `alt`.
        macro_rules! continue_same {
            () => {{
                let new = s.stacks.current();
                let stack = &mut s.stacks[new];
                // (`top_or_none`: neither `func` nor `alt`'s is `NONE`'s.)
                match stack.top_or_none() {
                    f if f.func == func => {
                        cur = new;
                        fp = f.fp as usize;
                        ip = Ip::new(instrs, f.pc as usize);
                        r = Regs::new(stack.memory_mut(), fp);
                        stk = stack;
                        inst.mem0.set(view_mem0(&mut s.memories, mem0));
                        continue;
                    }
                    // (This arm repeats the tail of the one above on
                    // purpose: sharing it moved the loop's register
                    // allocation, fib +12% and switch +6% instructions.)
                    f if alt.is_some_and(|a| a.func == f.func) => {
                        let a = alt.take().unwrap();
                        let Some(alt_code) = a.code(&s.funcs) else {
                            reload!();
                        };
                        alt = Some(Context::new(func, instance, mem0, code));
                        (func, instance, mem0, code) = (a.func, a.instance, a.mem0, alt_code);
                        instrs = &code.instrs;
                        inst = &s.instances[instance];
                        cur = new;
                        fp = f.fp as usize;
                        ip = Ip::new(instrs, f.pc as usize);
                        r = Regs::new(stack.memory_mut(), fp);
                        stk = stack;
                        inst.mem0.set(view_mem0(&mut s.memories, mem0));
                        continue;
                    }
                    f => {
                        alt = Some(Context::new(func, instance, mem0, code));
                        // With `JIT`, through `execute` only if `run_top`
                        // would enter the frame's compiled code (or tier
                        // up); else here, keeping `alt`, which a return to
                        // `execute` loses (a switch between a function that
                        // stays interpreted and another cost a turn of
                        // `execute` each).
                        if JIT && !enters_compiled(&s.funcs, f.func) {
                            continue 'reload;
                        }
                        reload!();
                    }
                }
            }};
        }

        // Saves the pc into the top frame (before leaving the loop).
        macro_rules! save_pc {
            () => {
                stk.set_top_pc(ip.pc())
            };
        }
        macro_rules! trap {
            ($code:expr) => {{
                save_pc!();
                return Err(Unwind::Trap($code));
            }};
        }
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(code) => trap!(code),
                }
            };
        }
        // A fused load (`ir/fused_loads.rs`) of `kind` at `base + offset`
        // in memory 0, `base` the zero-extended `i32` sum.
        macro_rules! fused_load {
            ($kind:expr, $dst:expr, $base:expr, $offset:expr) => {{
                // SAFETY: as for the plain loads.
                let data = unsafe { inst.mem0.get().bytes() };
                let kind = $kind;
                let ea = tri!(effective(data.len(), $base, $offset, kind.width()));
                r.set($dst, kind.load(data, ea));
            }};
        }
        macro_rules! get {
            ($t:ty, $slot:expr) => {
                <$t as SlotVal>::from_slot(r.get($slot))
            };
        }
        macro_rules! set {
            ($slot:expr, $v:expr) => {
                r.set($slot, SlotVal::to_slot($v))
            };
        }
        macro_rules! memory {
            ($mem:expr) => {
                if $mem == 0 {
                    // SAFETY: the view is memory 0's bytes as they are
                    // (`view_mem0`), and this slice is the instruction's
                    // only reference to them.
                    unsafe { inst.mem0.get().bytes() }
                } else {
                    s.memories[inst.memories[$mem as usize] as usize]
                        .data
                        .bytes_mut()
                }
            };
        }
        // A call: push a Wasm frame and run it, or leave for a host call.
        // The loop takes the callee's context straight from the function
        // table (no reload) and keeps the caller's as `alt`, so that the
        // return finds it there.
        macro_rules! call {
            ($f:expr, $base:expr) => {{
                let (f, new_fp) = ($f, fp + $base as usize);
                save_pc!();
                match push_frame(&mut s.stacks, &s.funcs, cur, f, new_fp).map_err(Unwind::Trap)? {
                    CallOutcome::Pushed {
                        instance: callee_instance,
                        mem0: callee_mem0,
                        code: callee_code,
                        stack,
                    } => {
                        fp = new_fp;
                        if f != func {
                            (func, code) = (f, callee_code);
                            instrs = &code.instrs;
                            if callee_instance != instance {
                                (instance, mem0) = (callee_instance, callee_mem0);
                                inst = &s.instances[instance];
                                inst.mem0.set(view_mem0(&mut s.memories, mem0));
                            }
                        }
                        ip = Ip::new(instrs, 0);
                        r = Regs::new(stack.memory_mut(), fp);
                        stk = stack;
                        // (The callee's first instruction, a `HotCount`
                        // under every tier with compiled code, enters its
                        // compiled code.)
                        continue;
                    }
                    CallOutcome::Host(f) => {
                        return Ok(Exit::HostCall {
                            func: f,
                            base: new_fp,
                        })
                    }
                }
            }};
        }
        macro_rules! return_call {
            ($f:expr) => {{
                let f = $f;
                save_pc!();
                match replace_frame(s, f).map_err(Unwind::Trap)? {
                    None => reload!(),
                    Some(f) => return Ok(Exit::HostCall { func: f, base: fp }),
                }
            }};
        }

        // A fused counted-loop step: `dst += imm`, then jump to `target` if
        // `test(dst, b)`, else skip the compare-and-branch it stands for.
        macro_rules! counted_step {
            ($dst:expr, $step:expr, $b:expr, $target:expr, $test:expr) => {{
                let v = get!(i32, $dst).wrapping_add($step);
                set!($dst, v);
                if ($test)(v, get!(i32, $b)) {
                    ip.jump($target);
                } else {
                    ip.skip(1);
                }
            }};
        }

        // Pops the top frame (its results are in its slots `0..n`).
        macro_rules! ret {
            // A return stays on the stack it runs on (unless the stack
            // finishes), so the caller's frame is `stk`'s new top: no
            // lookup of the current stack as in `continue_same!`.
            () => {{
                // Goes on in caller frame `f` of the function the loop now
                // holds.
                // (A return within the function goes on interpreting: the
                // function was interpreted, and its next call or loop
                // header enters compiled code if it has some by then.)
                macro_rules! run_caller {
                    ($f:expr) => {{
                        fp = $f.fp as usize;
                        ip = Ip::new(instrs, $f.pc as usize);
                        r = Regs::new(stk.memory_mut(), fp);
                        continue;
                    }};
                }
                let f = stk.pop_to_caller();
                if cur == act.stack && stk.frames_len() == act.depth {
                    return Ok(Exit::Return);
                }
                if f.func == func {
                    run_caller!(f);
                }
                if stk.frames_is_empty() {
                    // A continuation's stack finished: return to its parent.
                    let n = code.num_results;
                    if let Some(exit) = super::cont::finish_stack(s, n) {
                        return Ok(exit);
                    }
                    reload!();
                }
                // The caller's context, straight from the function table:
                // as cheap as checking `alt`, which a return leaves alone
                // (a call does not need it, and a stack switch may).
                let FuncKind::Wasm {
                    instance: caller_instance,
                    code: caller_code,
                    mem0: caller_mem0,
                    ..
                } = &s.funcs[f.func as usize].kind
                else {
                    unreachable!("host functions have no frames")
                };
                (func, code) = (f.func, &**caller_code);
                instrs = &code.instrs;
                if *caller_instance as usize != instance {
                    (instance, mem0) = (*caller_instance as usize, *caller_mem0 as usize);
                    inst = &s.instances[instance];
                    inst.mem0.set(view_mem0(&mut s.memories, mem0));
                }
                fp = f.fp as usize;
                ip = Ip::new(instrs, f.pc as usize);
                r = Regs::new(stk.memory_mut(), fp);
                continue;
            }};
        }

        // The general path of a stack-switching instruction.
        macro_rules! cont_slow {
            // `Translate`: a reload, as the function's code is no longer
            // `instrs`.
            (reload $instr:expr) => {
                match super::cont::exec(s, act, instance, $instr, fp)? {
                    super::cont::Next::Continue => reload!(),
                    super::cont::Next::Exit(e) => return Ok(e),
                }
            };
            ($instr:expr) => {
                match super::cont::exec(s, act, instance, $instr, fp)? {
                    // Not a reload, which under `JIT` is a return to
                    // `execute`: a `cont.new` and the first `resume` of
                    // the continuation in the loop of a function that
                    // stays interpreted paid that turn, with `alt` lost,
                    // at every iteration (`cont_drop_generators` and
                    // `gc_cycles` 10-12% slower than under `Tier::Interp`).
                    super::cont::Next::Continue => {
                        // (Borrowed anew: `exec` had the whole store.)
                        code = match &s.funcs[func as usize].kind {
                            FuncKind::Wasm { code, .. } => &**code,
                            FuncKind::Host { .. } => unreachable!("a frame's function"),
                        };
                        instrs = &code.instrs;
                        inst = &s.instances[instance];
                        continue_same!()
                    }
                    super::cont::Next::Exit(e) => return Ok(e),
                }
            };
        }

        // One `match` over every instruction: the numeric groups come from
        // `for_each_numeric`, the rest is written out below.
        macro_rules! dispatch {
            ([chains { $( ($chn:ident, $ch1:ident, $ch2:ident, $cht:ty, $chf1:expr, $chf2:expr) ),* $(,)? }
              fused { $( ($fadd:ident, $fimm:ident, $fl:ident) ),* $(,)? }]
             binop { $( ($bn:ident, $bo:ident, $bta:ty, $btr:ty, $bf:expr) ),* $(,)? }
             trapping_binop { $( ($tbn:ident, $tbo:ident, $tbta:ty, $tbtr:ty, $tbf:expr) ),* $(,)? }
             unop { $( ($un:ident, $uo:ident, $uta:ty, $utr:ty, $uf:expr) ),* $(,)? }
             trapping_unop { $( ($tun:ident, $tuo:ident, $tuta:ty, $tutr:ty, $tuf:expr) ),* $(,)? }
             load { $( ($ln:ident, $lo:ident, $lb:literal, $lf:expr) ),* $(,)? }
             cmp_branch { $( ($cn:ident, $co:ident, $ct:ty, $cf:expr) ),* $(,)? }
             store { $( ($sn:ident, $so:ident, $sb:literal) ),* $(,)? }
             binop_imm { $( ($bin:ident, $bio:ident, $bita:ty, $bitr:ty, $bif:expr) ),* $(,)? }
             cmp_branch_imm { $( ($cin:ident, $cio:ident, $cineg:ident, $cit:ty, $cif:expr) ),* $(,)? }
            ) => {
        loop {
            let instr: &Instr = ip.fetch();
            match *instr {
                Instr::Copy { dst, src } => {
                    r.set(dst, r.get(src));
                }
                Instr::Const32 { dst, value } => {
                    r.set(dst, value as u64);
                }
                Instr::Const64 { dst, lo, hi } => {
                    r.set(dst, (lo as u64) | ((hi as u64) << 32));
                }
                Instr::Br { target } => {
                    ip.jump(target);
                }
                Instr::BrIfNez { cond, target } => {
                    if r.get(cond) as u32 != 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrIfEqz { cond, target } => {
                    if r.get(cond) as u32 == 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrIfI32AndNez { a, b, target } => {
                    if get!(i32, a) & get!(i32, b) != 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrIfI32AndEqz { a, b, target } => {
                    if get!(i32, a) & get!(i32, b) == 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrIfI32AndImmNez { a, imm, target } => {
                    if get!(i32, a) & imm != 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrIfI32AndImmEqz { a, imm, target } => {
                    if get!(i32, a) & imm == 0 {
                        ip.jump(target);
                    }
                }
                $( Instr::$cn { a, b, target } => {
                    if ($cf)(get!($ct, a), get!($ct, b)) {
                        ip.jump(target);
                    }
                } )*
                Instr::I32AddImm { dst, a, imm } => {
                    let r = get!(i32, a).wrapping_add(imm as i32);
                    set!(dst, r);
                }
                Instr::I32AddImmBrIfLtU { dst, imm, b, target } => {
                    counted_step!(dst, imm as i32, b, target, |v: i32, b: i32| (v as u32) < (b as u32))
                }
                Instr::I32AddImmBrIfLtS { dst, imm, b, target } => {
                    counted_step!(dst, imm as i32, b, target, |v: i32, b: i32| v < b)
                }
                Instr::I32AddImmBrIfNe { dst, imm, b, target } => {
                    counted_step!(dst, imm as i32, b, target, |v: i32, b: i32| v != b)
                }
                Instr::I32AddBrIfLtU { dst, step, b, target } => {
                    counted_step!(dst, get!(i32, step), b, target, |v: i32, b: i32| (v as u32) < (b as u32))
                }
                Instr::I32AddBrIfLtS { dst, step, b, target } => {
                    counted_step!(dst, get!(i32, step), b, target, |v: i32, b: i32| v < b)
                }
                Instr::I64AddImm { dst, a, imm } => {
                    let r = get!(i64, a).wrapping_add(imm as i32 as i64);
                    set!(dst, r);
                }
                $( Instr::$bn { dst, a, b } => {
                    let r: $btr = ($bf)(get!($bta, a), get!($bta, b));
                    set!(dst, r);
                } )*
                $( Instr::$chn { dst, a, b, c } => {
                    let x: $cht = ($chf1)(get!($cht, a), get!($cht, b));
                    let r: $cht = ($chf2)(x, get!($cht, c));
                    set!(dst, r);
                } )*
                $( Instr::$tbn { dst, a, b } => {
                    let r: $tbtr = tri!(($tbf)(get!($tbta, a), get!($tbta, b)));
                    set!(dst, r);
                } )*
                $( Instr::$un { dst, src } => {
                    let r: $utr = ($uf)(get!($uta, src));
                    set!(dst, r);
                } )*
                $( Instr::$tun { dst, src } => {
                    let r: $tutr = tri!(($tuf)(get!($tuta, src)));
                    set!(dst, r);
                } )*
                $( Instr::$ln { dst, addr, offset } => {
                    // SAFETY: the view is memory 0's bytes as they are
                    // (`view_mem0`), and this slice is the instruction's
                    // only reference to them.
                    let data = unsafe { inst.mem0.get().bytes() };
                    let ea = tri!(effective(data.len(), r.get(addr), offset, $lb));
                    let bytes: [u8; $lb] = data[ea..ea + $lb].try_into().unwrap();
                    r.set(dst, ($lf)(bytes));
                } )*
                $( Instr::$sn { addr, value, offset } => {
                    // SAFETY: as for the loads.
                    let data = unsafe { inst.mem0.get().bytes() };
                    let ea = tri!(effective(data.len(), r.get(addr), offset, $sb));
                    let value = r.get(value);
                    data[ea..ea + $sb].copy_from_slice(&value.to_le_bytes()[..$sb]);
                } )*
                $( Instr::$bin { dst, a, imm } => {
                    let r: $bitr = ($bif)(get!($bita, a), imm as $bita);
                    set!(dst, r);
                } )*
                $( Instr::$cin { a, imm, target } => {
                    if ($cif)(get!($cit, a), imm as $cit) {
                        ip.jump(target);
                    }
                } )*
                Instr::Unreachable => trap!(TrapCode::Unreachable),
                // The `v128` families: one arm each, the lane operation in
                // `crate::simd`.
                Instr::V128Const { dst, idx } => r.set128(dst, v128_const(&s.funcs, func, idx)),
                Instr::V128Unary { op, dst, a } => r.set128(dst, simd::unary(op, r.get128(a))),
                Instr::V128Binary { op, dst, a, b } => {
                    r.set128(dst, simd::binary(op, r.get128(a), r.get128(b)))
                }
                Instr::V128Ternary { op, dst, b, c } => {
                    let v = simd::ternary(op, r.get128(dst), r.get128(b), r.get128(c));
                    r.set128(dst, v)
                }
                Instr::V128Test { op, dst, a } => r.set(dst, simd::test(op, r.get128(a)) as u64),
                Instr::V128Splat { op, dst, a } => r.set128(dst, simd::splat(op, r.get(a))),
                Instr::V128Shift { op, dst, a, b } => {
                    r.set128(dst, simd::shift(op, r.get128(a), r.get(b) as u32))
                }
                Instr::V128Extract { kind, lane, dst, a } => {
                    r.set(dst, simd::extract(kind, lane, r.get128(a)))
                }
                Instr::V128Replace { kind, lane, dst, a, b } => {
                    r.set128(dst, simd::replace(kind, lane, r.get128(a), r.get(b)))
                }
                Instr::V128Shuffle { dst, a, b, mask } => {
                    let m = v128_const(&s.funcs, func, mask);
                    r.set128(dst, simd::shuffle(r.get128(a), r.get128(b), m))
                }
                Instr::V128Select { dst, cond, a, b } => {
                    let v: u128 = if r.get(cond) as u32 != 0 { r.get128(a) } else { r.get128(b) };
                    r.set128(dst, v)
                }
                Instr::V128GlobalGet { dst, global } => {
                    let g = &s.globals[inst.globals[global as usize] as usize];
                    r.set128(dst, g.value as u128 | (g.hi as u128) << 64);
                }
                Instr::V128GlobalSet { src, global } => {
                    let g = &mut s.globals[inst.globals[global as usize] as usize];
                    (g.value, g.hi) = (r.get(src), r.get(src + 1));
                }
                Instr::V128Load { dst, addr, offset, mem } => {
                    let data = memory!(mem);
                    let ea = tri!(effective(data.len(), r.get(addr), offset, 16));
                    // One 16-byte copy, as the inline operators read it.
                    let bytes: [u8; 16] = data[ea..ea + 16].try_into().unwrap();
                    r.set128(dst, bytes);
                }
                Instr::V128LoadExt { op, dst, addr, offset, mem } => {
                    let data = memory!(mem);
                    let n = op.bytes();
                    let ea = tri!(effective(data.len(), r.get(addr), offset, n));
                    r.set128(dst, simd::load(op, &data[ea..ea + n]));
                }
                Instr::V128Store { addr, value, offset, mem } => {
                    let data = memory!(mem);
                    let ea = tri!(effective(data.len(), r.get(addr), offset, 16));
                    // Two 8-byte halves: the lane functions' results reach
                    // the slots as halves, and a 16-byte load of them
                    // would wait for both stores to retire (no forwarding).
                    let out: &mut [u8; 16] = (&mut data[ea..ea + 16]).try_into().unwrap();
                    out[..8].copy_from_slice(&r.get(value).to_le_bytes());
                    out[8..].copy_from_slice(&r.get(value + 1).to_le_bytes());
                }
                Instr::V128LoadLane { bytes, lane, base, offset, mem } => {
                    let data = memory!(mem);
                    let n = bytes as usize;
                    let ea = tri!(effective(data.len(), r.get(base), offset, n));
                    let v = simd::load_lane(r.get128(base + 1), lane, &data[ea..ea + n]);
                    r.set128(base, v);
                }
                Instr::V128StoreLane { bytes, lane, base, offset, mem } => {
                    let data = memory!(mem);
                    let n = bytes as usize;
                    let ea = tri!(effective(data.len(), r.get(base), offset, n));
                    simd::store_lane(r.get128(base + 1), lane, &mut data[ea..ea + n]);
                }
                Instr::Tick => {
                    if s.budget == 0 {
                        match crate::profile::refuel(
                            &mut s.budget,
                            &mut s.fuel,
                            &s.interrupt,
                            &mut s.sampler,
                        ) {
                            // (Compiled code stops at a `Tick` whose budget
                            // ran out: the `HotCount` after it goes back.)
                            Ok(false) => {}
                            // A guest profiler's sample (`profile.rs`): it
                            // reads the stacks, so the loop reloads after.
                            Ok(true) => {
                                save_pc!();
                                crate::profile::sample(s, act);
                                reload!();
                            }
                            Err(code) => trap!(code),
                        }
                    }
                    s.budget -= 1;
                }
                Instr::BrTable { index, len } => {
                    let i = (r.get(index) as u32).min(len);
                    ip.skip(i);
                    // Most entries are a `Br`: taken here, not in a
                    // dispatch of its own.
                    if let Instr::Br { target } = *ip.peek() {
                        ip.jump(target);
                    }
                }
                Instr::CopyN { dst, src, n } => {
                    r.copy(dst, src, n);
                }
                Instr::Select { dst, cond, a, b } => {
                    let v = if r.get(cond) as u32 != 0 {
                        r.get(a)
                    } else {
                        r.get(b)
                    };
                    r.set(dst, v);
                }
                Instr::Return1 { src } => {
                    r.set(0, r.get(src));
                    ret!()
                }
                Instr::Return => ret!(),
                Instr::Call { func, base } => call!(inst.funcs[func as usize], base),
                Instr::CallIndirect {
                    table,
                    ty,
                    index,
                    base,
                } => {
                    let i = r.get(index);
                    call!(tri!(indirect_target(&s.tables, &s.funcs, &s.engine, inst, table, ty, i)), base)
                }
                Instr::CallRef { func_ref, base } => {
                    let r = r.get(func_ref);
                    if r == 0 {
                        trap!(TrapCode::NullFunctionReference);
                    }
                    call!((r - 1) as u32, base)
                }
                Instr::ReturnCall { func } => return_call!(inst.funcs[func as usize]),
                Instr::ReturnCallIndirect { table, ty, index } => {
                    let i = r.get(index);
                    return_call!(tri!(indirect_target(&s.tables, &s.funcs, &s.engine, inst, table, ty, i)))
                }
                Instr::ReturnCallRef { func_ref } => {
                    let r = r.get(func_ref);
                    if r == 0 {
                        trap!(TrapCode::NullFunctionReference);
                    }
                    return_call!((r - 1) as u32)
                }
                Instr::RefIsNull { dst, src } => {
                    r.set(dst, (r.get(src) == 0) as u64);
                }
                Instr::RefFunc { dst, func } => {
                    r.set(dst, inst.funcs[func as usize] as u64 + 1);
                }
                Instr::StructGet { dst, src, field } => {
                    let o = r.get(src);
                    if o == 0 {
                        trap!(TrapCode::NullStructure);
                    }
                    r.set(dst, s.gc.field(o, field));
                }
                Instr::RefAsNonNull { src } => {
                    if r.get(src) == 0 {
                        trap!(TrapCode::NullReference);
                    }
                }
                Instr::BrOnNull { src, target } => {
                    if r.get(src) == 0 {
                        ip.jump(target);
                    }
                }
                Instr::BrOnNonNull { src, target } => {
                    if r.get(src) != 0 {
                        ip.jump(target);
                    }
                }
                Instr::RefEq { dst, a, b } => {
                    r.set(dst, (r.get(a) == r.get(b)) as u64);
                }
                Instr::GlobalGet { dst, global } => {
                    let g = inst.globals[global as usize] as usize;
                    r.set(dst, s.globals[g].value);
                }
                Instr::GlobalSet { src, global } => {
                    let g = inst.globals[global as usize] as usize;
                    s.globals[g].value = r.get(src);
                }
                Instr::TableGet { dst, table, index } => {
                    let t = inst.tables[table as usize] as usize;
                    let i = usize::try_from(r.get(index)).unwrap_or(usize::MAX);
                    match s.tables[t].elements.get(i) {
                        Some(&v) => r.set(dst, v),
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Instr::TableSet {
                    table,
                    index,
                    value,
                } => {
                    let t = inst.tables[table as usize] as usize;
                    let i = usize::try_from(r.get(index)).unwrap_or(usize::MAX);
                    let v = r.get(value);
                    match s.tables[t].elements.get_mut(i) {
                        Some(e) => *e = v,
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Instr::TableSize { dst, table } => {
                    let t = inst.tables[table as usize] as usize;
                    r.set(dst, s.tables[t].elements.len() as u64);
                }
                Instr::TableGrow { table, base } => {
                    let t = inst.tables[table as usize] as usize;
                    let init = r.get(base);
                    let delta = r.get(base + 1);
                    let old = super::table_grow(&mut s.tables[t], delta, init);
                    let failed = if s.tables[t].ty.table64 { u64::MAX } else { u32::MAX as u64 };
                    r.set(base, old.unwrap_or(failed));
                }
                Instr::TableFill { table, base } => {
                    let t = inst.tables[table as usize] as usize;
                    let b = base;
                    let (i, v, n) = (r.get(b), r.get(b + 1), r.get(b + 2));
                    tri!(super::table_fill(&mut s.tables[t].elements, i, v, n));
                }
                Instr::TableCopy {
                    dst_table,
                    src_table,
                    base,
                } => {
                    let b = base;
                    let (d, sr, n) = (r.get(b), r.get(b + 1), r.get(b + 2));
                    let dt = inst.tables[dst_table as usize] as usize;
                    let st = inst.tables[src_table as usize] as usize;
                    tri!(super::table_copy(&mut s.tables, dt, st, d, sr, n));
                }
                Instr::TableInit { table, elem, base } => {
                    let b = base;
                    let (d, sr, n) = (r.get(b), r.get(b + 1), r.get(b + 2));
                    let t = inst.tables[table as usize] as usize;
                    let e = inst.elems[elem as usize] as usize;
                    let seg = &s.elems[e];
                    tri!(super::table_init(&mut s.tables[t].elements, seg, d, sr, n));
                }
                Instr::ElemDrop { elem } => {
                    let e = inst.elems[elem as usize] as usize;
                    s.elems[e] = Vec::new();
                }
                Instr::MemorySize { dst, mem } => {
                    let m = inst.memories[mem as usize] as usize;
                    r.set(dst, s.memories[m].pages());
                }
                Instr::MemoryGrow { dst, delta, mem } => {
                    let m = inst.memories[mem as usize] as usize;
                    let failed = if s.memories[m].ty.memory64 { u64::MAX } else { u32::MAX as u64 };
                    let old = s.memories[m].grow(r.get(delta)).unwrap_or(failed);
                    r.set(dst, old);
                    inst.mem0.set(view_mem0(&mut s.memories, mem0));
                }
                Instr::MemoryFill { mem, base } => {
                    let b = base;
                    let (d, v, n) = (r.get(b), r.get(b + 1) as u8, r.get(b + 2));
                    tri!(super::memory_fill(memory!(mem), d, v, n));
                }
                Instr::MemoryCopy {
                    dst_mem,
                    src_mem,
                    base,
                } => {
                    let b = base;
                    let (d, sr, n) = (r.get(b), r.get(b + 1), r.get(b + 2));
                    let dm = inst.memories[dst_mem as usize] as usize;
                    let sm = inst.memories[src_mem as usize] as usize;
                    tri!(super::memory_copy(&mut s.memories, dm, sm, d, sr, n));
                }
                Instr::MemoryInit { mem, data, base } => {
                    let b = base;
                    let (d, sr, n) = (r.get(b), r.get(b + 1), r.get(b + 2));
                    let di = inst.datas[data as usize] as usize;
                    let seg = &s.datas[di];
                    tri!(super::memory_init(memory!(mem), seg, d, sr, n));
                }
                Instr::Load64 { dst, addr, offset, op } => {
                    let (kind, mem) = crate::ir::memory64::unpack_op(op);
                    let v = tri!(super::memory64::load(memory!(mem), kind, r.get(addr), offset));
                    r.set(dst, v);
                }
                Instr::Store64 { addr, value, offset, op } => {
                    let (kind, mem) = crate::ir::memory64::unpack_op(op);
                    let (a, v) = (r.get(addr), r.get(value));
                    tri!(super::memory64::store(memory!(mem), kind, a, offset, v));
                }
                Instr::V128Access64 { val, addr, offset, op } => {
                    let (kind, mem) = crate::ir::memory64::unpack_op(op);
                    let access = crate::ir::memory64::V128Access::from_u8(kind);
                    let (a, v) = (r.get(addr), r.get128(val));
                    let out = tri!(super::memory64::v128_access(memory!(mem), access, a, offset, v));
                    if let Some(out) = out {
                        r.set128(access.dst(val, addr), out);
                    }
                }
                Instr::AddrOffset64 { dst, addr, lo, hi } => {
                    r.set(dst, super::memory64::add_offset(r.get(addr), lo, hi));
                }
                Instr::ExnRelease { src } => {
                    let bits = r.get(src);
                    r.set(src, 0);
                    s.exns.release(bits, None);
                }
                Instr::DataDrop { data } => {
                    let d = inst.datas[data as usize] as usize;
                    s.datas[d] = std::sync::Arc::from(&[][..]);
                }
                Instr::Throw { tag, base } => {
                    save_pc!();
                    let t = inst.tags[tag as usize];
                    let b = base;
                    let n = s.tags[t as usize].params as usize;
                    let payload = (0..n as u32).map(|i| r.get(b + i)).collect();
                    super::throw_new(s, act, t, payload)?;
                    reload!();
                }
                // The allocation programs run most, without the call out.
                Instr::Gc {
                    op: crate::ir::gc::GcOp::StructNew,
                    base,
                    a,
                    ..
                } => {
                    let v = tri!(s.gc.new_struct(crate::types::TypeId(a), |i| r.get(base + i as u32)));
                    r.set(base, v);
                    if s.gc.wants_collection() {
                        save_pc!();
                        crate::gc::collect(s, &[]);
                        continue 'reload;
                    }
                }
                Instr::Gc { op, base, a, b } => {
                    let env = super::gc::Env {
                        funcs: &s.funcs,
                        engine: &s.engine,
                        elems: &s.elems,
                        datas: &s.datas,
                        inst,
                    };
                    if tri!(super::gc::exec(&mut s.gc, &env, r, op, base, a, b)) {
                        save_pc!();
                        crate::gc::collect(s, &[]);
                        continue 'reload;
                    }
                }
                Instr::ThrowRef { src } => {
                    save_pc!();
                    super::throw_ref(s, act, r.get(src))?;
                    reload!();
                }
                Instr::Resume {
                    base,
                    nargs,
                    handlers,
                    cont,
                } => {
                    save_pc!();
                    let at = fp + base as usize;
                    let clause = super::cont::resume_clause(code, inst, handlers);
                    if super::cont::resume_fast(&mut s.stacks, ContBits::from_word(r.get(cont)), at, nargs, clause) {
                        continue_same!();
                    }
                    let ins = Instr::Resume {
                        base,
                        nargs,
                        handlers,
                        cont,
                    };
                    cont_slow!(ins)
                }
                Instr::Suspend { tag, base, n, res } => {
                    save_pc!();
                    let t = inst.tags[tag as usize];
                    let (at, res_at) = (fp + base as usize, fp + res as usize);
                    let scope = super::cont::HandlerScope {
                        funcs: &s.funcs,
                        instances: &s.instances,
                        act,
                    };
                    if super::cont::suspend_fast(&mut s.stacks, scope, t, at, n, res_at) {
                        continue_same!();
                    }
                    cont_slow!(Instr::Suspend { tag, base, n, res })
                }
                Instr::Switch {
                    packed,
                    base,
                    cont,
                    res,
                } => {
                    save_pc!();
                    let (tag, nargs) = crate::ir::unpack_switch(packed);
                    let t = inst.tags[tag as usize];
                    let bits = ContBits::from_word(r.get(cont));
                    let (at, res_at) = (fp + base as usize, fp + res as usize);
                    let scope = super::cont::HandlerScope {
                        funcs: &s.funcs,
                        instances: &s.instances,
                        act,
                    };
                    if super::cont::switch_fast(&mut s.stacks, scope, t, bits, at, nargs, res_at) {
                        continue_same!();
                    }
                    let ins = Instr::Switch {
                        packed,
                        base,
                        cont,
                        res,
                    };
                    cont_slow!(ins)
                }
                // The `v128` operators with variants of their own, inline
                // (last, so that the other arms keep their places).
                Instr::F32x4Add { dst, a, b } => r.set128(dst, inline::f32x4_add(r.get128(a), r.get128(b))),
                Instr::F32x4Sub { dst, a, b } => r.set128(dst, inline::f32x4_sub(r.get128(a), r.get128(b))),
                Instr::F32x4Mul { dst, a, b } => r.set128(dst, inline::f32x4_mul(r.get128(a), r.get128(b))),
                Instr::F64x2Add { dst, a, b } => r.set128(dst, inline::f64x2_add(r.get128(a), r.get128(b))),
                Instr::F64x2Mul { dst, a, b } => r.set128(dst, inline::f64x2_mul(r.get128(a), r.get128(b))),
                Instr::I8x16Add { dst, a, b } => r.set128(dst, inline::i8x16_add(r.get128(a), r.get128(b))),
                Instr::I8x16Sub { dst, a, b } => r.set128(dst, inline::i8x16_sub(r.get128(a), r.get128(b))),
                Instr::I16x8Add { dst, a, b } => r.set128(dst, inline::i16x8_add(r.get128(a), r.get128(b))),
                Instr::I16x8Sub { dst, a, b } => r.set128(dst, inline::i16x8_sub(r.get128(a), r.get128(b))),
                Instr::I16x8Mul { dst, a, b } => r.set128(dst, inline::i16x8_mul(r.get128(a), r.get128(b))),
                Instr::I32x4Add { dst, a, b } => r.set128(dst, inline::i32x4_add(r.get128(a), r.get128(b))),
                Instr::I32x4Sub { dst, a, b } => r.set128(dst, inline::i32x4_sub(r.get128(a), r.get128(b))),
                Instr::I32x4DotI16x8S { dst, a, b } => r.set128(dst, inline::i32x4_dot_i16x8_s(r.get128(a), r.get128(b))),
                Instr::V128And { dst, a, b } => r.set128(dst, inline::v128_and(r.get128(a), r.get128(b))),
                Instr::V128Or { dst, a, b } => r.set128(dst, inline::v128_or(r.get128(a), r.get128(b))),
                Instr::V128Xor { dst, a, b } => r.set128(dst, inline::v128_xor(r.get128(a), r.get128(b))),
                Instr::I16x8Shl { dst, a, b } => r.set128(dst, inline::i16x8_shl(r.get128(a), r.get(b) as u32)),
                Instr::I16x8ShrS { dst, a, b } => r.set128(dst, inline::i16x8_shr_s(r.get128(a), r.get(b) as u32)),
                Instr::I16x8ShrU { dst, a, b } => r.set128(dst, inline::i16x8_shr_u(r.get128(a), r.get(b) as u32)),
                Instr::I32x4Shl { dst, a, b } => r.set128(dst, inline::i32x4_shl(r.get128(a), r.get(b) as u32)),
                Instr::I32x4ShrS { dst, a, b } => r.set128(dst, inline::i32x4_shr_s(r.get128(a), r.get(b) as u32)),
                Instr::I32x4ShrU { dst, a, b } => r.set128(dst, inline::i32x4_shr_u(r.get128(a), r.get(b) as u32)),
                $( Instr::$fadd { dst, a, b, offset } => {
                    let base = get!(i32, a).wrapping_add(get!(i32, b)) as u32 as u64;
                    fused_load!(crate::ir::memory64::LoadKind::$fl, dst, base, offset)
                } )*
                $( Instr::$fimm { dst, a, imm, offset } => {
                    let base = get!(i32, a).wrapping_add(imm as i32) as u32 as u64;
                    fused_load!(crate::ir::memory64::LoadKind::$fl, dst, base, offset)
                } )*
                Instr::LoadMem { dst, addr, offset, op } => {
                    let (kind, mem) = crate::ir::memory64::unpack_op(op);
                    let a = r.get(addr) as u32 as u64;
                    r.set(dst, tri!(super::memory64::load(memory!(mem), kind, a, offset)));
                }
                Instr::StoreMem { addr, value, offset, op } => {
                    let (kind, mem) = crate::ir::memory64::unpack_op(op);
                    let (a, v) = (r.get(addr) as u32 as u64, r.get(value));
                    tri!(super::memory64::store(memory!(mem), kind, a, offset, v));
                }
                // The tiers with compiled code only (nothing emits it
                // otherwise): one decrement, and when the counter runs out,
                // on in compiled code at this instruction (an entry point,
                // a no-op there).
                Instr::HotCount { weight } => {
                    if JIT {
                        let left = code.hot.load(Relaxed);
                        if left > weight {
                            code.hot.store(left - weight, Relaxed);
                        } else {
                            // `execute` compiles it or waits for it.
                            return to_compiled(stk, ip.pc() - 1);
                        }
                    }
                }
                Instr::ContNew { .. }
                | Instr::ContBind { .. }
                | Instr::ResumeThrow { .. }
                | Instr::ResumeThrowRef { .. }
                // (Not stack switching, but as rare, and an arm of its
                // own made the loop's code slower: fib +14% instructions.)
                | Instr::Translate => {
                    save_pc!();
                    if let Instr::Translate = instr {
                        cont_slow!(reload Instr::Translate)
                    }
                    cont_slow!(*instr)
                }
            }
        }
            };
        }
        // The chained float instructions ride along as the extra argument.
        macro_rules! with_chains {
            ($( $entry:tt ),* $(,)?) => {
                crate::ir::for_each_int_chain!((with_int_chains), { $($entry),* })
            };
        }
        // The integer chains join them (the same arms).
        macro_rules! with_int_chains {
            ([{ $($entry:tt)* }] $( $int:tt ),* $(,)?) => {
                crate::ir::fused_loads::for_each_fused_load!((with_fused), { $($entry)*, $($int),* })
            };
        }
        // And so do the fused loads.
        macro_rules! with_fused {
            ([{ $($entry:tt)* }] $( $fused:tt ),* $(,)?) => {
                crate::ir::for_each_numeric!((dispatch), chains, { $($entry)* }, fused, { $($fused),* })
            };
        }
        crate::ir::for_each_float_chain!(with_chains);
    }
}

/// `run::<true>`'s way out to compiled code: saves `pc` into the top
/// frame. Cold and out of line, so that the interpreting part of the loop
/// is laid out and allocated as if it were not there.
#[cold]
#[inline(never)]
fn to_compiled(stack: &mut crate::stack::Stack, pc: u32) -> Result<Exit, Unwind> {
    stack.set_top_pc(pc);
    Ok(Exit::ToCompiled)
}

/// Whether `tier_up::run_top` would enter (or tier up) a frame of store
/// function `func`: it is a Wasm function whose counter is 0 (compiled
/// code, or under `Tier::Compiled` none tried yet) or has run out. A
/// function that stays interpreted (`HOT_NEVER`: no `jit` cell, stack
/// switching or too big under `Tier::Tiered`) or is still counting does
/// not, nor does `func` out of range (no frame).
fn enters_compiled(funcs: &[FuncEntity], func: u32) -> bool {
    match funcs.get(func as usize).map(|e| &e.kind) {
        Some(FuncKind::Wasm { code, .. }) => code.hot.load(Relaxed) <= crate::jit::HOT_CALL_WEIGHT,
        _ => false,
    }
}
/// Resolves the target of `call_indirect`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn indirect_target(
    tables: &[crate::store::TableEntity],
    funcs: &[crate::store::FuncEntity],
    engine: &crate::Engine,
    inst: &crate::store::InstanceEntity,
    table: u32,
    ty: u32,
    i: u64,
) -> Result<u32, TrapCode> {
    let t = inst.tables[table as usize] as usize;
    let r = *usize::try_from(i)
        .ok()
        .and_then(|i| tables[t].elements.get(i))
        .ok_or(TrapCode::UndefinedElement)?;
    if r == 0 {
        return Err(TrapCode::IndirectCallToNull);
    }
    let f = (r - 1) as u32;
    let actual = funcs[f as usize].ty;
    let expected = crate::types::TypeId(ty);
    if actual != expected && !engine.types().is_subtype(actual, expected) {
        return Err(TrapCode::IndirectCallTypeMismatch);
    }
    Ok(f)
}

#[allow(dead_code)]
fn _assert_state(_: StackState) {}
