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
use crate::stack::{copy_small, KnownClause, Stack, StackState, Stacks, NO_TAG};
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
    let cur = s.stacks.current;
    let slot = |s: &StoreOpaque, i: u32| s.stacks.stacks[cur as usize].slots()[fp + i as usize];
    match instr {
        Instr::ContNew { dst, src } => {
            let r = slot(s, src);
            if r == 0 {
                return Err(TrapCode::NullFunctionReference.into());
            }
            let k = alloc_stack(s)?;
            s.stacks.stacks[k as usize].set_fresh((r - 1) as u32);
            let bits = s.stacks.cont_ref(k);
            s.stacks.stacks[cur as usize].slots_mut()[fp + dst as usize] = bits;
        }
        Instr::ContBind { base, n } => {
            let k = take(s, slot(s, base + n))?;
            let b = fp + base as usize;
            s.stacks.bind_args(k, cur, b, n as usize);
            let bits = s.stacks.cont_ref(k);
            s.stacks.stacks[cur as usize].slots_mut()[b] = bits;
        }
        Instr::Resume {
            base,
            nargs,
            cont,
            handlers,
        } => {
            let k = take(s, slot(s, cont))?;
            let b = fp + base as usize;
            load_transfer(s, cur, b, nargs as usize);
            if let Some(exit) = start(s, k, cur)? {
                return Ok(Next::Exit(exit));
            }
            // As on the fast path: the entered stack knows a clause.
            let site = *s.stacks.stacks[cur as usize]
                .top_frame()
                .expect("resume site");
            if let FuncKind::Wasm { code, .. } = &s.funcs[site.func as usize].kind {
                let clause = resume_clause(code, &s.instances[instance], handlers);
                s.stacks.stacks[k as usize].set_clause(clause);
            }
        }
        Instr::ResumeThrow { base, tag, .. } => {
            let t = s.instances[instance].tags[tag as usize];
            let n = super::tag_param_count(s, t) as u32;
            let payload: Box<[u64]> = (0..n).map(|i| slot(s, base + i)).collect();
            // Allocate (and maybe collect) while the continuation is still
            // named by its slot, before `take` consumes the reference.
            let exn = super::new_exn(s, t, payload);
            let k = match take(s, slot(s, base + n)) {
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
            let k = take(s, slot(s, base + 1))?;
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
            cont,
            res,
        } => {
            let (tag, nargs) = crate::ir::unpack_switch(packed);
            let t = s.instances[instance].tags[tag as usize];
            let bits = slot(s, cont);
            let target = take(s, bits)?;
            let (root, parent, _) = match find_handler(s, act, t, true) {
                Ok(h) => h,
                Err(e) => {
                    // The spec consumes the continuation only on a
                    // successful switch: give it back the generation its
                    // reference names (`take`'s bump skips 0, so
                    // subtracting one would not undo it at `u32::MAX`).
                    s.stacks.stacks[target as usize].generation = (bits >> 32) as u32;
                    return Err(e);
                }
            };
            let b = fp + base as usize;
            load_transfer(s, cur, b, nargs as usize);
            let k = detach(s, root, cur, fp + res as usize);
            s.transfer.push(k);
            if let Some(exit) = start(s, target, parent)? {
                return Ok(Next::Exit(exit));
            }
        }
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
    bits: u64,
    at: usize,
    nargs: u32,
    clause: KnownClause,
) -> bool {
    let cur = pool.current;
    let Some(k) = pool.resolve(bits) else {
        return false;
    };
    // One slice for all accesses: its pointer and length stay in registers.
    let stacks = pool.stacks.as_mut_slice();
    let root = &stacks[k as usize];
    if root.state != StackState::Suspended || root.has_rare {
        return false;
    }
    let inner = if root.chained { root.inner() } else { k };
    enter(&mut stacks[k as usize], cur, clause);
    // A generator's resume passes nothing: skip the second stack.
    if nargs != 0 {
        let [from, to] = disjoint(stacks, cur, inner);
        let d = to.susp_base as usize;
        let n = nargs as usize;
        copy_small(&mut to.slots_mut()[d..d + n], &from.slots()[at..at + n]);
    }
    pool.current = inner;
    true
}

/// Consumes suspended root `root` and links it below `parent` as running.
#[inline(always)]
fn enter(root: &mut Stack, parent: u32, clause: KnownClause) {
    root.generation = root.generation.wrapping_add(1).max(1);
    root.set_parent(Some(parent));
    root.state = StackState::Running;
    root.set_clause(clause);
}

/// Detaches running stack `x` (number `idx`, the root and the innermost
/// stack of its chain, with no `rare` part) as a suspended continuation
/// whose next resume delivers its values at absolute slot `res`; returns
/// the reference to it.
#[inline(always)]
fn detach_single(x: &mut Stack, idx: u32, res: usize, tag: u32) -> u64 {
    x.susp_base = res as u32;
    x.set_suspended_root(idx, idx, tag);
    ((x.generation as u64) << 32) | (idx as u64 + 1)
}

/// Stacks `a` and `b` of the pool, which the caller knows are distinct (a
/// running stack and a suspended one, or a stack and its parent).
#[inline(always)]
fn disjoint(stacks: &mut [Stack], a: u32, b: u32) -> [&mut Stack; 2] {
    stacks
        .get_disjoint_mut([a as usize, b as usize])
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
) -> Option<(u32, u32, u32)> {
    let cur = pool.current;
    let x = &pool.stacks[cur as usize];
    if cur == scope.act.stack || x.has_rare {
        return None;
    }
    let p = x.parent()?;
    let c = x.clause();
    if c.tag == tag && (c.target == KnownClause::SWITCH) == switch {
        return Some((p, c.target, c.dst));
    }
    let c = learn_clause(pool, scope, p, tag, switch)?;
    Some((p, c.target, c.dst))
}

/// The clause of store tag `tag` (of the wanted kind) of the resume below
/// the current stack, whose parent is `p`, remembered on the stack.
#[cold]
#[inline(never)]
fn learn_clause(
    pool: &mut Stacks,
    scope: HandlerScope<'_>,
    p: u32,
    tag: u32,
    switch: bool,
) -> Option<KnownClause> {
    let c = decode_clause(pool, scope.funcs, scope.instances, p, tag, switch)?;
    let cur = pool.current;
    pool.stacks[cur as usize].set_clause(c);
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
    p: u32,
    tag: u32,
    switch: bool,
) -> Option<KnownClause> {
    let site = *pool.stacks[p as usize].top_frame()?;
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
    let Some((p, target, dst)) = immediate_handler(pool, scope, t, false) else {
        return false;
    };
    let cur = pool.current;
    let stacks = pool.stacks.as_mut_slice();
    let [x, ps] = disjoint(stacks, cur, p);
    let k = detach_single(x, cur, res, t);
    let site = ps.top_frame_mut().expect("resume site");
    site.pc = target;
    let d = site.fp as usize + dst as usize;
    let n = n as usize;
    // The values, then the continuation: one range, one check.
    let dst = &mut ps.slots_mut()[d..=d + n];
    copy_small(&mut dst[..n], &x.slots()[at..at + n]);
    dst[n] = k;
    pool.current = p;
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
    bits: u64,
    at: usize,
    nargs: u32,
    res: usize,
) -> bool {
    let Some(target) = pool.resolve(bits) else {
        return false;
    };
    let root = &pool.stacks[target as usize];
    if root.state != StackState::Suspended || root.has_rare {
        return false;
    }
    let inner = if root.chained { root.inner() } else { target };
    let Some((p, _, _)) = immediate_handler(pool, scope, t, true) else {
        return false;
    };
    let cur = pool.current;
    let stacks = pool.stacks.as_mut_slice();
    // The target takes over the current stack's clause before detaching
    // overwrites it (the clause goes straight from one record to the other).
    let clause = stacks[cur as usize].clause();
    enter(&mut stacks[target as usize], p, clause);
    let k = detach_single(&mut stacks[cur as usize], cur, res, NO_TAG);
    let [from, to] = disjoint(stacks, cur, inner);
    let d = to.susp_base as usize;
    let n = nargs as usize;
    let dst = &mut to.slots_mut()[d..=d + n];
    copy_small(&mut dst[..n], &from.slots()[at..at + n]);
    dst[n] = k;
    pool.current = inner;
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
    let cur = s.stacks.current;
    let (root, parent, handler) = find_handler(s, act, t, false)?;
    let k = detach(s, root, cur, susp_base);
    s.stacks.stacks[root as usize].set_susp_tag(t);
    let Some(KnownClause { target, dst, .. }) = handler else {
        // The host resumed this continuation and handles the tag.
        s.host_values.clear();
        s.host_values.extend_from_slice(payload);
        s.stacks.current = parent;
        return Ok(Some(Exit::ContSuspended { tag: t, cont: k }));
    };
    let p = &mut s.stacks.stacks[parent as usize];
    let pf = *p.top_frame().unwrap();
    let d = pf.fp as usize + dst as usize;
    let dst = &mut p.slots_mut()[d..=d + payload.len()];
    copy_small(&mut dst[..payload.len()], payload);
    dst[payload.len()] = k;
    p.top_frame_mut().unwrap().pc = target;
    s.stacks.current = parent;
    Ok(None)
}

/// Takes a stack for a new continuation, collecting unreachable ones first
/// when their number has doubled since the last collection or a limit is
/// reached.
pub(crate) fn alloc_stack(s: &mut StoreOpaque) -> Result<u32, Unwind> {
    if s.stacks.live_continuations >= s.stacks.next_collection {
        collect(s);
    }
    match s.stacks.alloc() {
        Some(k) => Ok(k),
        None => {
            collect(s);
            Ok(s.stacks.alloc().ok_or_else(|| s.stacks.alloc_limit())?)
        }
    }
}

fn collect(s: &mut StoreOpaque) {
    crate::gc::collect(s, &[]);
}

/// Resolves and consumes a continuation reference.
fn take(s: &mut StoreOpaque, bits: u64) -> Result<u32, Unwind> {
    if bits == 0 {
        return Err(TrapCode::NullContinuation.into());
    }
    let k = s
        .stacks
        .resolve(bits)
        .ok_or(TrapCode::ContinuationAlreadyConsumed)?;
    let st = &mut s.stacks.stacks[k as usize];
    st.generation = st.generation.wrapping_add(1).max(1);
    Ok(k)
}

/// Copies `n` slots of stack `from` at absolute slot `at` into the
/// transfer buffer.
#[inline]
fn load_transfer(s: &mut StoreOpaque, from: u32, at: usize, n: usize) {
    s.transfer.clear();
    let slots = s.stacks.stacks[from as usize].slots();
    for &v in &slots[at..at + n] {
        s.transfer.push(v);
    }
}

/// Runs continuation `k` (consumed) under `parent`; the arguments are in
/// the transfer buffer (after the ones bound by `cont.bind`). Returns an
/// exit when a host function must run as the continuation's body.
fn start(s: &mut StoreOpaque, k: u32, parent: u32) -> Result<Option<Exit>, Unwind> {
    let args = std::mem::take(&mut s.transfer);
    let r = start_with(s, k, parent, &args);
    s.transfer = args;
    r
}

fn start_with(
    s: &mut StoreOpaque,
    k: u32,
    parent: u32,
    args: &[u64],
) -> Result<Option<Exit>, Unwind> {
    let bound = s.stacks.take_bound_args(k);
    let nb = bound.len();
    let root = &mut s.stacks.stacks[k as usize];
    root.set_parent(Some(parent));
    // Read what the state keeps in `link` before the clause replaces it.
    let r = match root.state {
        StackState::Fresh => {
            let func = root.func();
            root.state = StackState::Running;
            root.set_clause(KnownClause::NONE);
            match &s.funcs[func as usize].kind {
                FuncKind::Wasm { code, .. } => {
                    s.stacks.current = k;
                    s.stacks.ensure_slots(k, code.max_slots as usize)?;
                    let root = &mut s.stacks.stacks[k as usize];
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
                    let root = &mut s.stacks.stacks[k as usize];
                    root.slots_mut()[..nb].copy_from_slice(&bound);
                    root.slots_mut()[nb..nb + args.len()].copy_from_slice(args);
                    s.stacks.current = k;
                    Some(Exit::HostCall { func, base: 0 })
                }
            }
        }
        StackState::Suspended => {
            let inner = root.inner();
            root.state = StackState::Running;
            root.set_clause(KnownClause::NONE);
            let st = &mut s.stacks.stacks[inner as usize];
            let b = st.susp_base as usize;
            copy_small(&mut st.slots_mut()[b..b + nb], &bound);
            copy_small(&mut st.slots_mut()[b + nb..b + nb + args.len()], args);
            s.stacks.current = inner;
            None
        }
        StackState::Running | StackState::Free => unreachable!("resolved continuation"),
    };
    Ok(r)
}

/// Resumes continuation `k` by raising exception `exn` at its suspension
/// point (or, if it never ran, at the resume site).
fn throw_into(
    s: &mut StoreOpaque,
    act: &Activation,
    k: u32,
    parent: u32,
    exn: u32,
) -> Result<(), Unwind> {
    let root = &mut s.stacks.stacks[k as usize];
    match root.state {
        StackState::Fresh => {
            s.stacks.release(k);
        }
        _ => {
            let inner = root.inner();
            root.set_parent(Some(parent));
            root.state = StackState::Running;
            root.set_clause(KnownClause::NONE);
            s.stacks.current = inner;
        }
    }
    super::throw(s, act, exn)
}

/// Detaches the chain `inner..=root` as a suspended continuation whose next
/// resume delivers its values at absolute slot `susp_base` of `inner`.
#[inline(always)]
fn detach(s: &mut StoreOpaque, root: u32, inner: u32, susp_base: usize) -> u64 {
    s.stacks.stacks[inner as usize].susp_base = susp_base as u32;
    s.stacks.stacks[root as usize].set_suspended_root(root, inner, NO_TAG);
    s.stacks.set_host_handlers(root, None);
    s.stacks.cont_ref(root)
}

/// Finds the innermost `resume` on the parent chain that handles store tag
/// `tag` (by label, or by `switch` if `switch`). Returns the root of the
/// chain to suspend, the stack holding the `resume`, and the clause (`None`
/// when the host resumed the chain and handles the tag).
fn find_handler(
    s: &StoreOpaque,
    act: &Activation,
    tag: u32,
    switch: bool,
) -> Result<(u32, u32, Option<KnownClause>), Unwind> {
    let mut x = s.stacks.current;
    let mut crossed = false;
    loop {
        if x == act.stack {
            // Resumes further up belong to an outer activation, beyond a
            // host frame.
            crossed = true;
        }
        let Some(p) = s.stacks.stacks[x as usize].parent() else {
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
            return Ok((x, p, clause));
        }
        x = p;
    }
}

/// The current continuation stack's bottom frame returned `n` results (in
/// its slots `0..n`): deliver them at the parent's `resume` and free it.
pub(crate) fn finish_stack(s: &mut StoreOpaque, n: u32) -> Option<Exit> {
    let x = s.stacks.current;
    let parent = s.stacks.stacks[x as usize]
        .parent()
        .expect("a running continuation has a parent");
    if s.stacks.host_handlers(x).is_some() {
        // Resumed by the host: the results go back to it.
        s.host_values.clear();
        let results = &s.stacks.stacks[x as usize].slots()[..n as usize];
        s.host_values.extend_from_slice(results);
        s.stacks.release(x);
        s.stacks.current = parent;
        return Some(Exit::ContReturned);
    }
    let results: Vec<u64> = s.stacks.stacks[x as usize].slots()[..n as usize].to_vec();
    let p = &s.stacks.stacks[parent as usize];
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
    s.stacks.stacks[parent as usize].slots_mut()[d..d + results.len()].copy_from_slice(&results);
    s.stacks.release(x);
    s.stacks.current = parent;
    None
}

/// The host resumes continuation `bits` with `args`, handling `tags`
/// (store indices). Returns the activation to drive, and an exit to serve
/// first if the continuation's body is a host function.
pub(crate) fn start_from_host(
    s: &mut StoreOpaque,
    bits: u64,
    args: &[u64],
    tags: &[u32],
) -> Result<(Activation, Option<Exit>), TrapCode> {
    let k = match take(s, bits) {
        Ok(k) => k,
        Err(Unwind::Trap(t)) => return Err(t),
        Err(Unwind::Exception(_)) => unreachable!(),
    };
    let cur = s.stacks.current;
    let act = Activation {
        stack: cur,
        depth: s.stacks.stacks[cur as usize].frames_len(),
    };
    s.stacks.set_host_handlers(k, Some(tags.into()));
    match start_with(s, k, cur, args) {
        Ok(exit) => Ok((act, exit)),
        Err(Unwind::Trap(t)) => {
            s.stacks.release(k);
            s.stacks.current = cur;
            Err(t)
        }
        Err(Unwind::Exception(_)) => unreachable!(),
    }
}

/// What the host needs to resume continuation `bits`: its root stack's
/// function (whose results end it) and the tag it is suspended with
/// (`None`: not started, or suspended by `switch`). `None` if the reference
/// is consumed.
pub(crate) fn describe(s: &StoreOpaque, bits: u64) -> Option<(u32, StackState, Option<u32>)> {
    let k = s.stacks.resolve(bits)?;
    let st = &s.stacks.stacks[k as usize];
    Some(match st.state {
        StackState::Fresh => (st.func(), st.state, None),
        _ => {
            // The root's bottom frame runs its function (or a function of
            // the same results, after `return_call`), unless a host
            // function is its body.
            let func = s.stacks.host_body(k).unwrap_or_else(|| {
                st.frames_from(0)
                    .next()
                    .expect("a suspended Wasm stack has a frame")
                    .func
            });
            let tag = st.susp_tag();
            (func, st.state, (tag != NO_TAG).then_some(tag))
        }
    })
}

/// How many arguments `cont.bind` already gave continuation `bits`.
pub(crate) fn bound_count(s: &StoreOpaque, bits: u64) -> usize {
    s.stacks
        .resolve(bits)
        .map_or(0, |k| s.stacks.bound_args(k).len())
}
