//! The interpreter: runs translated code on the store's heap stacks.
//!
//! - `exec`: the instruction loop.
//! - `cont`: the stack-switching instructions (`cont.new`, `resume`, ...).
//! - `bulk`: the bulk table and memory operators.
//! - `memory64`: loads and stores on 64-bit memories (`Load64`, `Store64`,
//!   `AddrOffset64`).
//! - this file: activations (entries from the host), exceptions, traps and
//!   their backtraces.

mod bulk;
mod compiled;
mod cont;
mod exec;
mod gc;
mod memory64;
mod tier_up;

pub(crate) use bulk::{
    memory_copy, memory_fill, memory_init, table_copy, table_fill, table_grow, table_init,
};
pub(crate) use cont::{
    alloc_stack as alloc_continuation, bound_count, describe as describe_continuation,
    start_from_host, suspend,
};
pub(crate) use exec::execute;

use crate::stack::{ContBits, Frame, StackId};
use crate::store::{FuncKind, StoreOpaque};
use crate::trap::{FrameInfo, Trap, TrapCode};

/// One entry into Wasm from the host: frames at index `depth` and above on
/// stack `stack` (and every continuation stack resumed from them) belong to
/// it. Execution leaves the activation when that frame returns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Activation {
    pub stack: StackId,
    pub depth: usize,
}

/// Why `execute` stopped without an error.
#[derive(Debug)]
pub(crate) enum Exit {
    /// The activation's function returned; results at its frame's slots.
    Return,
    /// Host function `func` must be called with arguments (and afterwards
    /// results) at absolute slot `base` of the current stack.
    HostCall { func: u32, base: usize },
    /// A continuation resumed by the host returned; its results are in the
    /// store's `host_values`.
    ContReturned,
    /// A continuation resumed by the host suspended to one of the host's
    /// tags (`tag`, a store index) as continuation `cont` (reference bits);
    /// the payload is in the store's `host_values`.
    ContSuspended { tag: u32, cont: ContBits },
    /// The top frame's function has compiled code to go on in: between
    /// `execute`'s interpreter loop and `execute` only, never out of it.
    ToCompiled,
}

/// Why `execute` stopped with an error.
#[derive(Debug)]
pub(crate) enum Unwind {
    Trap(TrapCode),
    /// An exception (store `exns` index) left the activation.
    Exception(u32),
}

impl From<TrapCode> for Unwind {
    fn from(t: TrapCode) -> Self {
        Unwind::Trap(t)
    }
}

/// Where a new activation's frame starts on the current stack: above the
/// top frame's slots.
pub(crate) fn activation_fp(s: &StoreOpaque) -> usize {
    let stack = &s.stacks[s.stacks.current()];
    match stack.top_frame() {
        Some(f) => match &s.funcs[f.func as usize].kind {
            FuncKind::Wasm { code, .. } => f.fp as usize + code.max_slots as usize,
            FuncKind::Host { .. } => unreachable!(),
        },
        None => 0,
    }
}

/// Starts an activation of Wasm function `func` with `args` on the current
/// stack. Returns the activation and the absolute slot of its frame.
pub(crate) fn enter(
    s: &mut StoreOpaque,
    func: u32,
    args: &[u64],
) -> Result<(Activation, usize), Trap> {
    let fp = activation_fp(s);
    let cur = s.stacks.current();
    s.stacks.ensure_slots(cur, fp + args.len())?;
    s.stacks[cur].slots_mut()[fp..fp + args.len()].copy_from_slice(args);
    let depth = s.stacks[cur].frames_len();
    push_entry_frame(s, func, fp)?;
    Ok((Activation { stack: cur, depth }, fp))
}

fn push_entry_frame(s: &mut StoreOpaque, func: u32, fp: usize) -> Result<(), Trap> {
    let code = match &s.funcs[func as usize].kind {
        FuncKind::Wasm { code, .. } => code.clone(),
        FuncKind::Host { .. } => unreachable!("host functions are called directly"),
    };
    let cur = s.stacks.current();
    if s.stacks[cur].frames_len() >= s.stacks.max_frames {
        return Err(Trap::new(TrapCode::StackExhausted));
    }
    s.stacks.ensure_slots(cur, fp + code.max_slots as usize)?;
    let stack = &mut s.stacks[cur];
    code.init_frame(&mut stack.slots_mut()[fp..]);
    stack.push_frame(Frame {
        func,
        pc: 0,
        fp: fp as u32,
    });
    Ok(())
}

/// Leaves an activation after a trap or an uncaught exception: every
/// continuation stack on the chain above it is released and the base stack
/// is cut back to the activation's depth.
/// Runs `Instr::Translate`: the top frame's function was never translated
/// (`module/code.rs`). Translates it (once per module), gives the store's
/// function its code, and readies the frame for it: slots, zeroed locals,
/// constants, pc 0. The arguments stay where they are.
#[cold]
#[inline(never)]
pub(crate) fn translate_frame(s: &mut StoreOpaque) -> Result<(), Unwind> {
    let cur = s.stacks.current();
    let frame = *s.stacks[cur].top_frame().expect("a frame");
    let FuncKind::Wasm {
        instance, index, ..
    } = s.funcs[frame.func as usize].kind
    else {
        unreachable!("host functions have no frames")
    };
    let module = s.instances[instance as usize]
        .module
        .clone()
        .expect("an instance with code has a module");
    let m = &module.inner;
    let defined = (index - m.num_imported_funcs) as usize;
    let code = match m.code.translate(m, defined) {
        Ok(code) => code,
        Err(e) => {
            s.translation_error = Some(format!("{e:#}"));
            return Err(TrapCode::TranslationFailed.into());
        }
    };
    let fp = frame.fp as usize;
    s.stacks.ensure_slots(cur, fp + code.max_slots as usize)?;
    let stack = &mut s.stacks[cur];
    code.init_frame(&mut stack.slots_mut()[fp..]);
    stack.top_frame_mut().expect("a frame").pc = 0;
    if let FuncKind::Wasm { code: c, .. } = &mut s.funcs[frame.func as usize].kind {
        *c = code;
    }
    Ok(())
}

pub(crate) fn unwind_activation(s: &mut StoreOpaque, act: &Activation) {
    while s.stacks.current() != act.stack {
        if s.stacks.return_to_parent().is_none() {
            // A stack without a parent that is not the activation's: the
            // activation's base stack is where execution goes on.
            let cur = s.stacks.current();
            s.stacks.release(cur);
            s.stacks.set_current(act.stack);
            break;
        }
    }
    s.stacks[act.stack].truncate_frames(act.depth);
}

/// The Wasm backtrace of the current chain of stacks, innermost first,
/// down to the activation's base frame.
pub(crate) fn backtrace(s: &StoreOpaque, act: &Activation) -> Vec<FrameInfo> {
    backtrace_limited(s, act, MAX_BACKTRACE)
}

/// [`backtrace`] keeping at most `max` entries (then one more counting the
/// frames left out). Identical frames in a row on one stack (same function
/// and pc: a function recursing from one call site) are one entry with a
/// `repeat` count.
pub(crate) fn backtrace_limited(s: &StoreOpaque, act: &Activation, max: usize) -> Vec<FrameInfo> {
    let mut out: Vec<FrameInfo> = Vec::new();
    // Frames seen, and frames that `out` stands for.
    let (mut total, mut listed) = (0usize, 0usize);
    let mut cur = s.stacks.current();
    loop {
        let stack = &s.stacks[cur];
        let bottom = if cur == act.stack { act.depth } else { 0 };
        let frames: Vec<Frame> = stack.frames_from(bottom).collect();
        let mut prev = None;
        for (i, f) in frames.iter().enumerate().rev() {
            let key = Some((f.func, f.pc));
            let prev_listed = total == listed;
            total += 1;
            if key == prev && prev_listed {
                let last = out.last_mut().expect("prev is listed");
                last.repeat += 1;
                listed += 1;
                last.continuation_boundary |= i == 0 && cur != act.stack;
                continue;
            }
            prev = key;
            if out.len() >= max {
                continue;
            }
            listed += 1;
            let mut info = frame_info(s, f);
            info.continuation_boundary = i == 0 && cur != act.stack && !out.is_empty();
            out.push(info);
        }
        if cur == act.stack {
            break;
        }
        match stack.parent() {
            Some(p) => {
                if total == listed {
                    if let Some(last) = out.last_mut() {
                        last.continuation_boundary = true;
                    }
                }
                cur = p
            }
            None => break,
        }
    }
    if total > listed {
        out.push(FrameInfo {
            func_index: u32::MAX,
            func_name: Some(format!("... {} more frames", total - listed)),
            module_offset: None,
            continuation_boundary: false,
            repeat: 1,
        });
    }
    out
}

/// Frames kept in a trap's backtrace; deeper ones are counted, not listed.
const MAX_BACKTRACE: usize = 64;

fn frame_info(s: &StoreOpaque, f: &Frame) -> FrameInfo {
    match &s.funcs[f.func as usize].kind {
        FuncKind::Wasm {
            instance,
            index,
            code,
            ..
        } => {
            let module = s.instances[*instance as usize].module.as_ref();
            let pc = (f.pc as usize).saturating_sub(1);
            FrameInfo {
                func_index: *index,
                func_name: module.and_then(|m| m.inner.func_names.get(index).cloned()),
                module_offset: code.offsets.get(pc).map(|&o| o as usize),
                continuation_boundary: false,
                repeat: 1,
            }
        }
        FuncKind::Host { .. } => FrameInfo {
            func_index: f.func,
            func_name: Some("<host>".into()),
            module_offset: None,
            continuation_boundary: false,
            repeat: 1,
        },
    }
}

/// Number of parameters of store tag `tag`.
pub(crate) fn tag_param_count(s: &StoreOpaque, tag: u32) -> usize {
    s.tags[tag as usize].params as usize
}

/// Does a `try_table` clause of this activation catch an exception of
/// store tag `tag` thrown now? Reads the frames only (`throw` asks before
/// it unwinds them).
fn will_catch(s: &StoreOpaque, act: &Activation, tag: u32) -> bool {
    let mut cur = s.stacks.current();
    loop {
        let stack = &s.stacks[cur];
        let bottom = if cur == act.stack { act.depth } else { 0 };
        for frame in stack.frames_from(bottom).rev() {
            let FuncKind::Wasm { instance, code, .. } = &s.funcs[frame.func as usize].kind else {
                continue;
            };
            let at = frame.pc.saturating_sub(1);
            let tags = &s.instances[*instance as usize].tags;
            let found = find_catch(
                &code.try_regions,
                at,
                |c| c.tag.is_none_or(|t| tags[t as usize] == tag),
                |_| {},
            );
            if found.is_some() {
                return true;
            }
        }
        if cur == act.stack {
            return false;
        }
        match stack.parent() {
            Some(p) => cur = p,
            None => return false,
        }
    }
}

/// The catch clause of `regions` (one frame's) that catches an exception
/// thrown at `at`, for which `catches` says yes: the innermost region
/// covering `at` first, following `delegate`s outwards (a delegate to the
/// caller finds none). `left` sees each region with a `release` slot that
/// the exception leaves on the way.
fn find_catch(
    regions: &[crate::ir::TryRegion],
    at: u32,
    mut catches: impl FnMut(&crate::ir::Catch) -> bool,
    mut left: impl FnMut(&crate::ir::TryRegion),
) -> Option<&crate::ir::Catch> {
    // Regions covering `at` above this index are skipped by a delegate
    // (their handlers only release).
    let mut skip_above = regions.len();
    for (i, r) in regions.iter().enumerate().rev() {
        if !r.covers(at) {
            continue;
        }
        if r.release.is_some() {
            left(r);
        }
        if i > skip_above {
            continue;
        }
        if let Some(to) = r.delegate {
            if to == u32::MAX {
                // To the caller: every covering region below is left.
                for r in regions[..i].iter().rev() {
                    if r.covers(at) && r.release.is_some() {
                        left(r);
                    }
                }
                return None;
            }
            skip_above = to as usize;
            continue;
        }
        if let Some(c) = r.catches.iter().find(|c| catches(c)) {
            return Some(c);
        }
    }
    None
}

/// Allocates an exception object, collecting unreachable ones first when
/// their number has doubled since the last collection. The payload's
/// references are roots of that collection; nothing else may be held only
/// in a Rust local here (callers allocate before consuming a continuation).
pub(crate) fn new_exn(s: &mut StoreOpaque, tag: u32, payload: Box<[u64]>) -> u32 {
    if s.exns.live() >= s.exns.next_collection {
        crate::gc::collect(s, &payload);
    }
    s.exns.alloc(tag, payload)
}

/// `throw`: allocates an exception of store tag `tag` and throws it (see
/// `throw`). Kept out of the interpreter loop, whose code generation
/// shifts with every line inlined into it.
#[inline(never)]
pub(crate) fn throw_new(
    s: &mut StoreOpaque,
    act: &Activation,
    tag: u32,
    payload: Box<[u64]>,
) -> Result<(), Unwind> {
    let exn = new_exn(s, tag, payload);
    throw(s, act, exn)
}

/// `throw_ref` of reference bits `bits` (see `throw`); null traps. Out of
/// the interpreter loop, like `throw_new`.
#[inline(never)]
pub(crate) fn throw_ref(s: &mut StoreOpaque, act: &Activation, bits: u64) -> Result<(), Unwind> {
    // (Only a null reference, or one from another store, names no live
    // exception.)
    let Some(exn) = s.exns.resolve(bits) else {
        return Err(TrapCode::NullReference.into());
    };
    throw(s, act, exn)
}

/// Throws exception `exn` from the current stack's top frame (whose `pc` is
/// just after the throwing instruction). Finds the innermost enclosing
/// `try_table` catch clause, unwinding frames and finished continuation
/// stacks on the way. On success the stack is ready to continue at the
/// handler; if the exception leaves the activation, returns it as `Unwind`.
///
/// A `catch`/`catch_all` clause frees an exception whose reference never
/// was a value (see `exn.rs`); a `*_ref` clause exposes it.
pub(crate) fn throw(s: &mut StoreOpaque, act: &Activation, exn: u32) -> Result<(), Unwind> {
    let exn_tag = s.exns[exn].tag;
    if !will_catch(s, act, exn_tag) {
        // It leaves the activation: its message shows the frames it is
        // about to unwind (`finish_unwind` takes them).
        s.escaping_backtrace = backtrace(s, act);
    }
    loop {
        let cur = s.stacks.current();
        let bottom = if cur == act.stack { act.depth } else { 0 };
        loop {
            let stack = &s.stacks[cur];
            if stack.frames_len() <= bottom {
                break;
            }
            let frame = *stack.top_frame().unwrap();
            let (instance, code) = match &s.funcs[frame.func as usize].kind {
                FuncKind::Wasm { instance, code, .. } => (*instance as usize, code.clone()),
                FuncKind::Host { .. } => unreachable!(),
            };
            let at = frame.pc.saturating_sub(1);
            let tags = &s.instances[instance].tags;
            let mut left = Vec::new();
            let found = find_catch(
                &code.try_regions,
                at,
                |c| c.tag.is_none_or(|t| tags[t as usize] == exn_tag),
                |r| left.extend(r.release),
            );
            // Legacy catch handlers the exception leaves end their holds.
            for slot in left {
                let hidden = frame.fp as usize + slot as usize;
                let slots = s.stacks[cur].slots_mut();
                let bits = std::mem::take(&mut slots[hidden]);
                s.exns.release(bits, Some(exn));
            }
            if let Some(c) = found {
                let payload: &[u64] = match c.tag {
                    Some(_) => &s.exns[exn].payload,
                    None => &[],
                };
                let n = payload.len();
                let stack = &mut s.stacks[cur];
                let dst = frame.fp as usize + c.dst as usize;
                stack.slots_mut()[dst..dst + n].copy_from_slice(payload);
                if c.with_ref {
                    stack.slots_mut()[dst + n] = s.exns.bits(exn);
                    s.exns.expose(exn);
                } else if let Some(hold) = c.hold {
                    // A legacy handler that can rethrow it keeps it.
                    stack.slots_mut()[frame.fp as usize + hold as usize] = s.exns.bits(exn);
                    s.exns.catch_hold(exn);
                } else if s.exns.is_unreferenced(exn) {
                    // Nothing can name it any more.
                    s.exns.free(exn);
                }
                stack.top_frame_mut().unwrap().pc = c.target;
                return Ok(());
            }
            s.stacks[cur].pop_frame();
        }
        if cur == act.stack {
            return Err(Unwind::Exception(exn));
        }
        // The exception escapes this continuation: free its stack and
        // re-raise it at the parent's `resume`.
        s.stacks
            .return_to_parent()
            .expect("a running continuation has a parent");
    }
}
