//! The stack-switching instructions.
//!
//! A continuation is a chain of one or more stacks: its *root* is the stack
//! whose `parent` link is set when it is resumed, its *inner* stack is the
//! one that executed the `suspend` (they are the same unless the suspend
//! crossed nested `resume`s). A `contref` names the root.
//!
//! `resume` links the root below the current stack (`parent`), makes the
//! inner stack current and delivers the arguments where the suspend left
//! its results. `suspend` searches the parent chain for a `resume` with a
//! matching `(on $tag $label)` clause, detaches the chain below it as a new
//! continuation and branches to the label. `switch` does the same search
//! for `(on $tag switch)` and then resumes the target continuation under the
//! same parent. Nothing is copied but the values passed.

use crate::ir::{Instr, ResumeHandler};
use crate::module::FuncCode;
use crate::slots::copy_small;
use crate::stack::{
    ContBits, KnownClause, Link, Stack, StackId, StackState, Stacks, Started, NO_TAG,
};
use crate::store::{FuncEntity, FuncKind, InstanceEntity, StoreOpaque};
use crate::trap::TrapCode;

use super::{Activation, Exit, Unwind};

pub(crate) enum Next {
    /// Reload the current stack's top frame and go on.
    Continue,
    /// Leave the interpreter loop (a host function runs as a continuation).
    Exit(Exit),
}

/// Executes one stack-switching instruction; the top frame's `pc` is
/// already past it.
pub(crate) fn exec(
    s: &mut StoreOpaque,
    act: &Activation,
    instance: usize,
    instr: Instr,
    fp: usize,
) -> Result<Next, Unwind> {
    let cur = s.stacks.current();
    let slot = |s: &StoreOpaque, i: u32| s.stacks[cur].slots()[fp + i as usize];
    let cont = |s: &StoreOpaque, i: u32| ContBits::from_word(slot(s, i));
    match instr {
        Instr::ContNew { dst, src } => {
            let r = slot(s, src);
            if r == 0 {
                return Err(TrapCode::NullFunctionReference.into());
            }
            let k = alloc_stack(s, (r - 1) as u32)?;
            let bits = s.stacks.cont_ref(k);
            s.stacks[cur].slots_mut()[fp + dst as usize] = bits.word();
        }
        Instr::ContBind { base, n } => {
            let k = take(s, cont(s, base + n))?;
            let b = fp + base as usize;
            s.stacks.bind_args(k, cur, b, n as usize);
            let bits = s.stacks.cont_ref(k);
            s.stacks[cur].slots_mut()[b] = bits.word();
        }
        Instr::Resume {
            base,
            nargs,
            cont: cont_slot,
            handlers,
        } => {
            let k = take(s, cont(s, cont_slot))?;
            let b = fp + base as usize;
            load_transfer(s, cur, b, nargs as usize);
            if let Some(exit) = start(s, k, cur)? {
                return Ok(Next::Exit(exit));
            }
            // As on the fast path: the entered stack knows a clause.
            let site = *s.stacks[cur].top_frame().expect("resume site");
            if let FuncKind::Wasm { code, .. } = &s.funcs[site.func as usize].kind {
                let clause = resume_clause(code, &s.instances[instance], handlers);
                s.stacks[k].set_clause(clause);
            }
        }
        Instr::ResumeThrow { base, tag, .. } => {
            let t = s.instances[instance].tags[tag as usize];
            let n = super::tag_param_count(s, t) as u32;
            let payload: Box<[u64]> = (0..n).map(|i| slot(s, base + i)).collect();
            // Allocate (and maybe collect) while the continuation is still
            // named by its slot, before `take` consumes the reference.
            let exn = super::new_exn(s, t, payload);
            let k = match take(s, cont(s, base + n)) {
                Ok(k) => k,
                Err(e) => {
                    s.exns.free(exn);
                    return Err(e);
                }
            };
            throw_into(s, act, k, cur, exn)?;
        }
        Instr::ResumeThrowRef { base, .. } => {
            let e = slot(s, base);
            let k = take(s, cont(s, base + 1))?;
            // (Only a null reference, or one from another store, names no
            // live exception.)
            let Some(exn) = s.exns.resolve(e) else {
                return Err(TrapCode::NullReference.into());
            };
            throw_into(s, act, k, cur, exn)?;
        }
        Instr::Suspend { tag, base, n, res } => {
            let t = s.instances[instance].tags[tag as usize];
            let n = n as usize;
            let b = fp + base as usize;
            load_transfer(s, cur, b, n);
            let payload = std::mem::take(&mut s.transfer);
            let r = suspend(s, act, t, &payload, fp + res as usize);
            s.transfer = payload;
            if let Some(exit) = r? {
                return Ok(Next::Exit(exit));
            }
        }
        Instr::Switch {
            packed,
            base,
            cont: cont_slot,
            res,
        } => {
            let (tag, nargs) = crate::ir::unpack_switch(packed);
            let t = s.instances[instance].tags[tag as usize];
            let bits = cont(s, cont_slot);
            let target = take(s, bits)?;
            let Handler { root, parent, .. } = match find_handler(s, act, t, true) {
                Ok(h) => h,
                Err(e) => {
                    // The spec consumes the continuation only on a
                    // successful switch.
                    s.stacks.give_back(target, bits);
                    return Err(e);
                }
            };
            let b = fp + base as usize;
            load_transfer(s, cur, b, nargs as usize);
            let k = s.stacks.detach(root, cur, fp + res as usize);
            s.transfer.push(k.word());
            if let Some(exit) = start(s, target, parent)? {
                return Ok(Next::Exit(exit));
            }
        }
        Instr::Translate => super::translate_frame(s)?,
        other => unreachable!("not a stack-switching instruction: {other:?}"),
    }
    Ok(Next::Continue)
}

/// The fast path of `resume`: continuation `bits` is suspended (not fresh),
/// has no bound arguments and is resumed from Wasm; its `nargs` arguments
/// are at absolute slot `at` of the current stack. Returns `false`, having
/// changed nothing, when the general path must run instead (also for every
/// error, which the general path reports).
#[inline(always)]
pub(crate) fn resume_fast(
    pool: &mut Stacks,
    bits: ContBits,
    at: usize,
    nargs: u32,
    clause: KnownClause,
) -> bool {
    let cur = pool.current();
    let Some(k) = pool.resolve(bits) else {
        return false;
    };
    // One slice for all accesses: its pointer and length stay in registers.
    let stacks = pool.all_mut();
    let root = &stacks[k.index()];
    if root.state() != StackState::Suspended || root.has_rare() {
        return false;
    }
    let inner = if root.is_chained() { root.inner() } else { k };
    stacks[k.index()].enter(cur, clause);
    // A generator's resume passes nothing: skip the second stack.
    if nargs != 0 {
        let [from, to] = disjoint(stacks, cur, inner);
        let d = to.susp_base();
        let n = nargs as usize;
        copy_small(&mut to.slots_mut()[d..d + n], &from.slots()[at..at + n]);
    }
    pool.set_current(inner);
    true
}

/// Stacks `a` and `b` of the pool, which the caller knows are distinct (a
/// running stack and a suspended one, or a stack and its parent).
#[inline(always)]
fn disjoint(stacks: &mut [Stack], a: StackId, b: StackId) -> [&mut Stack; 2] {
    stacks
        .get_disjoint_mut([a.index(), b.index()])
        .expect("distinct stacks")
}

/// What the fast paths of `suspend` and `switch` read to find a handler:
/// the functions and instances of the store (only when the clause the
/// stack knows is not the one wanted; references to the vectors, so that
/// the fast path does not load them), and the running activation.
#[derive(Clone, Copy)]
pub(crate) struct HandlerScope<'a> {
    pub funcs: &'a Vec<FuncEntity>,
    pub instances: &'a Vec<InstanceEntity>,
    pub act: &'a Activation,
}

/// The handler of the fast paths: the `resume` that started the current
/// stack, if the current stack is the root of its continuation, was resumed
/// from Wasm inside this activation, and that `resume` has a clause for
/// store tag `tag` of the wanted kind. Returns the parent stack and the
/// clause (for a switch clause, `target` is `KnownClause::SWITCH`). A clause
/// found by decoding the resume site is remembered on the current stack.
#[inline(always)]
fn immediate_handler(
    pool: &mut Stacks,
    scope: HandlerScope<'_>,
    tag: u32,
    switch: bool,
) -> Option<(StackId, KnownClause)> {
    let cur = pool.current();
    let x = &pool[cur];
    if cur == scope.act.stack || x.has_rare() {
        return None;
    }
    let p = x.parent()?;
    let c = x.clause();
    if c.tag == tag && (c.target == KnownClause::SWITCH) == switch {
        return Some((p, c));
    }
    let c = learn_clause(pool, scope, p, tag, switch)?;
    Some((p, c))
}

/// The clause of store tag `tag` (of the wanted kind) of the resume below
/// the current stack, whose parent is `p`, remembered on the stack.
#[cold]
#[inline(never)]
fn learn_clause(
    pool: &mut Stacks,
    scope: HandlerScope<'_>,
    p: StackId,
    tag: u32,
    switch: bool,
) -> Option<KnownClause> {
    let c = decode_clause(pool, scope.funcs, scope.instances, p, tag, switch)?;
    let cur = pool.current();
    pool[cur].set_clause(c);
    Some(c)
}

/// The hinted clause of resume table `handlers` of `code` (see
/// `ResumeTable`), for the stack that the `resume` enters.
#[inline(always)]
pub(crate) fn resume_clause(code: &FuncCode, inst: &InstanceEntity, handlers: u32) -> KnownClause {
    match code.resume_tables[handlers as usize].hinted() {
        Some(h) => known_clause(h, &inst.tags),
        None => KnownClause::NONE,
    }
}

/// Clause `h` of a resume table, its module tag resolved through the
/// instance's `tags`.
#[inline(always)]
pub(crate) fn known_clause(h: &ResumeHandler, tags: &[u32]) -> KnownClause {
    match *h {
        ResumeHandler::OnLabel { tag, target, dst } => KnownClause {
            tag: tags[tag as usize],
            target,
            dst,
        },
        ResumeHandler::OnSwitch { tag } => KnownClause {
            tag: tags[tag as usize],
            target: KnownClause::SWITCH,
            dst: 0,
        },
    }
}

/// The first clause for store tag `tag` (of the wanted kind) of the
/// `resume` that stack `p` is executing, if it has one.
#[inline(never)]
fn decode_clause(
    pool: &Stacks,
    funcs: &[FuncEntity],
    instances: &[InstanceEntity],
    p: StackId,
    tag: u32,
    switch: bool,
) -> Option<KnownClause> {
    let site = *pool[p].top_frame()?;
    let FuncKind::Wasm { instance, code, .. } = &funcs[site.func as usize].kind else {
        return None;
    };
    let handlers = match &code.instrs[site.pc as usize - 1] {
        Instr::Resume { handlers, .. }
        | Instr::ResumeThrow { handlers, .. }
        | Instr::ResumeThrowRef { handlers, .. } => *handlers,
        _ => return None,
    };
    let tags = &instances[*instance as usize].tags;
    let table = &code.resume_tables[handlers as usize];
    let (i, c) = table
        .clauses
        .iter()
        .map(|h| known_clause(h, tags))
        .enumerate()
        .find(|(_, c)| c.tag == tag && (c.target == KnownClause::SWITCH) == switch)?;
    table.set_hint(i);
    Some(c)
}

/// The fast path of `suspend` with store tag `t` and its `n` values at
/// absolute slot `at` (the next resume's values go to absolute slot `res`):
/// the handler is the `resume` right below the current stack. Returns
/// `false`, having changed nothing, otherwise.
#[inline(always)]
pub(crate) fn suspend_fast(
    pool: &mut Stacks,
    scope: HandlerScope<'_>,
    t: u32,
    at: usize,
    n: u32,
    res: usize,
) -> bool {
    let Some((p, clause)) = immediate_handler(pool, scope, t, false) else {
        return false;
    };
    let cur = pool.current();
    let stacks = pool.all_mut();
    let [x, ps] = disjoint(stacks, cur, p);
    let k = x.park(cur, res, t);
    let site = ps.top_frame_mut().expect("resume site");
    site.pc = clause.target;
    let d = site.fp as usize + clause.dst as usize;
    let n = n as usize;
    // The values, then the continuation: one range, one check (a `Range`:
    // indexing by a `RangeInclusive` is a call, not inlined).
    let dst = &mut ps.slots_mut()[d..d + n + 1];
    copy_small(&mut dst[..n], &x.slots()[at..at + n]);
    dst[n] = k.word();
    pool.set_current(p);
    true
}

/// The fast path of `switch` with store tag `t` to continuation `bits`
/// (suspended, no bound arguments), its `nargs` arguments at absolute slot
/// `at` (the next resume's values go to absolute slot `res`): the
/// `(on $t switch)` handler is the `resume` right below the current stack.
/// Returns `false`, having changed nothing, otherwise.
#[inline(always)]
pub(crate) fn switch_fast(
    pool: &mut Stacks,
    scope: HandlerScope<'_>,
    t: u32,
    bits: ContBits,
    at: usize,
    nargs: u32,
    res: usize,
) -> bool {
    let Some(target) = pool.resolve(bits) else {
        return false;
    };
    let root = &pool[target];
    if root.state() != StackState::Suspended || root.has_rare() {
        return false;
    }
    let inner = if root.is_chained() {
        root.inner()
    } else {
        target
    };
    let Some((p, _)) = immediate_handler(pool, scope, t, true) else {
        return false;
    };
    let cur = pool.current();
    let stacks = pool.all_mut();
    // The target takes over the current stack's clause before parking
    // overwrites it (the clause goes straight from one record to the other).
    let clause = stacks[cur.index()].clause();
    stacks[target.index()].enter(p, clause);
    let k = stacks[cur.index()].park(cur, res, NO_TAG);
    let [from, to] = disjoint(stacks, cur, inner);
    let d = to.susp_base();
    let n = nargs as usize;
    let dst = &mut to.slots_mut()[d..d + n + 1];
    copy_small(&mut dst[..n], &from.slots()[at..at + n]);
    dst[n] = k.word();
    pool.set_current(inner);
    true
}

/// `suspend` with store tag `t` and `payload` from the current stack: the
/// values of the next resume will go to absolute slot `susp_base`. Used by
/// the instruction and by host functions that suspend their caller.
pub(crate) fn suspend(
    s: &mut StoreOpaque,
    act: &Activation,
    t: u32,
    payload: &[u64],
    susp_base: usize,
) -> Result<Option<Exit>, Unwind> {
    let cur = s.stacks.current();
    let Handler {
        root,
        parent,
        clause,
    } = find_handler(s, act, t, false)?;
    let k = s.stacks.detach(root, cur, susp_base);
    s.stacks[root].set_susp_tag(t);
    let Some(KnownClause { target, dst, .. }) = clause else {
        // The host resumed this continuation and handles the tag.
        s.host_values.clear();
        s.host_values.extend_from_slice(payload);
        s.stacks.set_current(parent);
        return Ok(Some(Exit::ContSuspended { tag: t, cont: k }));
    };
    let p = &mut s.stacks[parent];
    let pf = *p.top_frame().unwrap();
    let d = pf.fp as usize + dst as usize;
    let dst = &mut p.slots_mut()[d..d + payload.len() + 1];
    copy_small(&mut dst[..payload.len()], payload);
    dst[payload.len()] = k.word();
    p.top_frame_mut().unwrap().pc = target;
    s.stacks.set_current(parent);
    Ok(None)
}

/// Takes a stack for a new continuation that runs store function `func`,
/// collecting unreachable ones first when their number has doubled since
/// the last collection or a limit is reached.
pub(crate) fn alloc_stack(s: &mut StoreOpaque, func: u32) -> Result<StackId, Unwind> {
    if s.stacks.live_continuations >= s.stacks.next_collection {
        collect(s);
    }
    match s.stacks.alloc(func) {
        Some(k) => Ok(k),
        None => {
            collect(s);
            Ok(s.stacks.alloc(func).ok_or_else(|| s.stacks.alloc_limit())?)
        }
    }
}

fn collect(s: &mut StoreOpaque) {
    crate::gc::collect(s, &[]);
}

/// Resolves and consumes a continuation reference.
fn take(s: &mut StoreOpaque, bits: ContBits) -> Result<StackId, Unwind> {
    Ok(s.stacks.take(bits)?)
}

/// Copies `n` slots of stack `from` at absolute slot `at` into the
/// transfer buffer.
#[inline]
fn load_transfer(s: &mut StoreOpaque, from: StackId, at: usize, n: usize) {
    s.transfer.clear();
    let slots = s.stacks[from].slots();
    for &v in &slots[at..at + n] {
        s.transfer.push(v);
    }
}

/// Runs continuation `k` (consumed) under `parent`; the arguments are in
/// the transfer buffer (after the ones bound by `cont.bind`). Returns an
/// exit when a host function must run as the continuation's body.
fn start(s: &mut StoreOpaque, k: StackId, parent: StackId) -> Result<Option<Exit>, Unwind> {
    let args = std::mem::take(&mut s.transfer);
    let r = start_with(s, k, parent, &args);
    s.transfer = args;
    r
}

fn start_with(
    s: &mut StoreOpaque,
    k: StackId,
    parent: StackId,
    args: &[u64],
) -> Result<Option<Exit>, Unwind> {
    let bound = s.stacks.take_bound_args(k);
    let nb = bound.len();
    let r = match s.stacks[k].start(parent) {
        Started::Fresh { func } => match &s.funcs[func as usize].kind {
            FuncKind::Wasm { code, .. } => {
                s.stacks.set_current(k);
                s.stacks.ensure_slots(k, code.max_slots as usize)?;
                let root = &mut s.stacks[k];
                copy_small(&mut root.slots_mut()[..nb], &bound);
                copy_small(&mut root.slots_mut()[nb..nb + args.len()], args);
                code.init_frame(root.slots_mut());
                root.push_frame(crate::stack::Frame { func, pc: 0, fp: 0 });
                None
            }
            FuncKind::Host { .. } => {
                // The host function runs on the new stack with no Wasm
                // frame; `execute` finishes the stack when it returns.
                s.stacks.set_host_body(k, Some(func));
                let n = (nb + args.len()).max(s.func_type_results(func));
                s.stacks.ensure_slots(k, n)?;
                let root = &mut s.stacks[k];
                root.slots_mut()[..nb].copy_from_slice(&bound);
                root.slots_mut()[nb..nb + args.len()].copy_from_slice(args);
                s.stacks.set_current(k);
                Some(Exit::HostCall { func, base: 0 })
            }
        },
        Started::Suspended { inner } => {
            let st = &mut s.stacks[inner];
            let b = st.susp_base();
            copy_small(&mut st.slots_mut()[b..b + nb], &bound);
            copy_small(&mut st.slots_mut()[b + nb..b + nb + args.len()], args);
            s.stacks.set_current(inner);
            None
        }
    };
    Ok(r)
}

/// Resumes continuation `k` by raising exception `exn` at its suspension
/// point (or, if it never ran, at the resume site).
fn throw_into(
    s: &mut StoreOpaque,
    act: &Activation,
    k: StackId,
    parent: StackId,
    exn: u32,
) -> Result<(), Unwind> {
    match s.stacks[k].state() {
        StackState::Fresh => s.stacks.release(k),
        _ => match s.stacks[k].start(parent) {
            Started::Suspended { inner } => s.stacks.set_current(inner),
            Started::Fresh { .. } => unreachable!("handled above"),
        },
    }
    super::throw(s, act, exn)
}

/// The handler `find_handler` found.
struct Handler {
    /// The root of the chain to suspend.
    root: StackId,
    /// The stack holding the `resume`.
    parent: StackId,
    /// The clause; `None` when the host resumed the chain and handles the
    /// tag.
    clause: Option<KnownClause>,
}

/// Finds the innermost `resume` on the parent chain that handles store tag
/// `tag` (by label, or by `switch` if `switch`).
fn find_handler(
    s: &StoreOpaque,
    act: &Activation,
    tag: u32,
    switch: bool,
) -> Result<Handler, Unwind> {
    let mut x = s.stacks.current();
    let mut crossed = false;
    loop {
        if x == act.stack {
            // Resumes further up belong to an outer activation, beyond a
            // host frame.
            crossed = true;
        }
        let Some(p) = s.stacks[x].parent() else {
            return Err(TrapCode::UnhandledTag.into());
        };
        let found = match s.stacks.host_handlers(x) {
            // Resumed by the host: its handlers are the only ones here.
            Some(tags) => (!switch && tags.contains(&tag)).then_some(None),
            None => decode_clause(&s.stacks, &s.funcs, &s.instances, p, tag, switch).map(Some),
        };
        if let Some(clause) = found {
            if crossed {
                return Err(TrapCode::SuspendThroughHost.into());
            }
            return Ok(Handler {
                root: x,
                parent: p,
                clause,
            });
        }
        x = p;
    }
}

/// The current continuation stack's bottom frame returned `n` results (in
/// its slots `0..n`): deliver them at the parent's `resume` and free it.
pub(crate) fn finish_stack(s: &mut StoreOpaque, n: u32) -> Option<Exit> {
    let x = s.stacks.current();
    let parent = s.stacks[x]
        .parent()
        .expect("a running continuation has a parent");
    if s.stacks.host_handlers(x).is_some() {
        // Resumed by the host: the results go back to it.
        s.host_values.clear();
        let results = &s.stacks[x].slots()[..n as usize];
        s.host_values.extend_from_slice(results);
        s.stacks.return_to_parent();
        return Some(Exit::ContReturned);
    }
    let results: Vec<u64> = s.stacks[x].slots()[..n as usize].to_vec();
    let p = &s.stacks[parent];
    let frame = *p.top_frame().expect("resume site");
    let code = match &s.funcs[frame.func as usize].kind {
        FuncKind::Wasm { code, .. } => code,
        FuncKind::Host { .. } => unreachable!(),
    };
    let base = match code.instrs[frame.pc as usize - 1] {
        Instr::Resume { base, .. }
        | Instr::ResumeThrow { base, .. }
        | Instr::ResumeThrowRef { base, .. } => base,
        other => unreachable!("resume site holds {other:?}"),
    };
    let d = frame.fp as usize + base as usize;
    s.stacks[parent].slots_mut()[d..d + results.len()].copy_from_slice(&results);
    s.stacks.return_to_parent();
    None
}

/// The host resumes continuation `bits` with `args`, handling `tags`
/// (store indices). Returns the activation to drive, and an exit to serve
/// first if the continuation's body is a host function.
pub(crate) fn start_from_host(
    s: &mut StoreOpaque,
    bits: ContBits,
    args: &[u64],
    tags: &[u32],
) -> Result<(Activation, Option<Exit>), TrapCode> {
    let k = s.stacks.take(bits)?;
    let cur = s.stacks.current();
    let act = Activation {
        stack: cur,
        depth: s.stacks[cur].frames_len(),
    };
    s.stacks.set_host_handlers(k, Some(tags.into()));
    match start_with(s, k, cur, args) {
        Ok(exit) => Ok((act, exit)),
        Err(Unwind::Trap(t)) => {
            s.stacks.release(k);
            s.stacks.set_current(cur);
            Err(t)
        }
        Err(Unwind::Exception(_)) => unreachable!(),
    }
}

/// What the host needs to resume continuation `bits`: its root stack's
/// function (whose results end it) and the tag it is suspended with
/// (`None`: not started, or suspended by `switch`). `None` if the reference
/// is consumed.
pub(crate) fn describe(s: &StoreOpaque, bits: ContBits) -> Option<(u32, StackState, Option<u32>)> {
    let k = s.stacks.resolve(bits)?;
    let st = &s.stacks[k];
    Some(match st.link() {
        Link::Fresh { func } => (func, st.state(), None),
        Link::SuspendedRoot { tag, .. } => {
            // The root's bottom frame runs its function (or a function of
            // the same results, after `return_call`), unless a host
            // function is its body.
            let func = s.stacks.host_body(k).unwrap_or_else(|| {
                st.frames_from(0)
                    .next()
                    .expect("a suspended Wasm stack has a frame")
                    .func
            });
            (func, st.state(), tag)
        }
        Link::Free | Link::Clause(_) => unreachable!("a resolved continuation"),
    })
}

/// How many arguments `cont.bind` already gave continuation `bits`.
pub(crate) fn bound_count(s: &StoreOpaque, bits: ContBits) -> usize {
    s.stacks
        .resolve(bits)
        .map_or(0, |k| s.stacks.bound_args(k).len())
}
