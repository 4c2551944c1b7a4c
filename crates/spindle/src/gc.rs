//! The heap of GC-proposal objects (structs and arrays), and the collector
//! of unreachable continuations and exceptions.
//!
//! Only what the core tests need exists so far: arrays created by constant
//! expressions. An `anyref` to an object is encoded in a slot as
//! `(index << 1) + 2` (even and non-zero; odd values are reserved for
//! `i31ref`), so `ref.eq` is a plain comparison of slots.

/// A heap object.
#[derive(Debug, Clone)]
pub(crate) enum GcObject {
    Array { elems: Vec<u64> },
}

/// The store's GC heap.
#[derive(Debug, Default)]
pub(crate) struct GcHeap {
    pub(crate) objects: Vec<GcObject>,
}

impl GcHeap {
    /// Allocates an array; returns its reference bits.
    pub fn alloc_array(&mut self, elems: Vec<u64>) -> u64 {
        self.objects.push(GcObject::Array { elems });
        ((self.objects.len() as u64 - 1) << 1) + 2
    }

    /// Number of live objects.
    #[allow(dead_code)]
    pub fn len(&self) -> usize {
        self.objects.len()
    }
}

/// Collects unreachable continuations and exceptions: suspended or
/// not-yet-started stacks that no root refers to any more are released to
/// the pool, and exceptions that nothing names are freed (`exn.rs`). Then
/// both allocation triggers are set to twice what is left (at least their
/// minimum).
///
/// The scan is conservative: every 64-bit word of the roots that has the
/// bit pattern of a valid continuation reference (an index of a `Fresh` or
/// `Suspended` stack with its current generation) keeps that continuation
/// alive, and every word that is a live exception's reference (index and
/// generation, `exn.rs`) keeps that exception alive. A reachable reference is stored bit for bit in one of
/// the roots, so it is never freed; a stale word that happens to match
/// only keeps garbage a little longer. Roots: every slot of the running
/// chain of stacks (the current stack and its parents) and of the main
/// stack, globals, tables, GC objects, continuation references handed to
/// the host, pinned and host-held exceptions, `extra` (the payload of an
/// exception being allocated), and, transitively, the slots and bound
/// arguments of every continuation found and the payload of every
/// exception found.
pub(crate) fn collect(s: &mut crate::store::StoreOpaque, extra: &[u64]) {
    use crate::stack::{ContBits, Link, StackId, StackState};
    let exn_roots = s.exns.roots();
    let stacks = &s.stacks;
    let exns = &s.exns;
    let n = stacks.len();
    let mut marked = vec![false; n];
    let mut to_scan: Vec<StackId> = Vec::new();
    let mark = |i: StackId, marked: &mut Vec<bool>, to_scan: &mut Vec<StackId>| {
        if !marked[i.index()] {
            marked[i.index()] = true;
            to_scan.push(i);
        }
    };
    let mut exn_marked = vec![false; exns.capacity()];
    // Marked exceptions whose payloads are still to be scanned.
    let mut exn_scan: Vec<u32> = Vec::new();
    for i in exn_roots {
        if !std::mem::replace(&mut exn_marked[i as usize], true) {
            exn_scan.push(i);
        }
    }
    // The running chain.
    let mut x = Some(stacks.current());
    while let Some(i) = x {
        mark(i, &mut marked, &mut to_scan);
        x = stacks[i].parent();
    }
    mark(StackId::MAIN, &mut marked, &mut to_scan);

    let mut words: Vec<u64> = Vec::new();
    for g in &s.globals {
        words.push(g.value);
    }
    for t in &s.tables {
        words.extend_from_slice(&t.elements);
    }
    for o in &s.gc.objects {
        match o {
            GcObject::Array { elems } => words.extend_from_slice(elems),
        }
    }
    words.extend(s.host_roots.get_mut().iter().copied());
    words.extend_from_slice(extra);

    loop {
        // Each word that names a live continuation marks its whole chain;
        // each word that names a live exception marks it.
        for &w in &words {
            if let Some(root) = stacks.resolve(ContBits::from_word(w)) {
                if let Link::SuspendedRoot { inner, .. } = stacks[root].link() {
                    // inner -> ... -> root along the parent links.
                    let mut y = inner;
                    loop {
                        mark(y, &mut marked, &mut to_scan);
                        if y == root {
                            break;
                        }
                        match stacks[y].parent() {
                            Some(p) => y = p,
                            None => break,
                        }
                    }
                } else {
                    mark(root, &mut marked, &mut to_scan);
                }
            }
            if let Some(e) = exns.resolve(w) {
                if !std::mem::replace(&mut exn_marked[e as usize], true) {
                    exn_scan.push(e);
                }
            }
        }
        words.clear();
        if to_scan.is_empty() && exn_scan.is_empty() {
            break;
        }
        for e in exn_scan.drain(..) {
            words.extend_from_slice(&exns[e].payload);
        }
        for i in to_scan.drain(..) {
            let st = &stacks[i];
            // Only the slots of live frames: up to the top frame's end.
            let end = match st.top_frame() {
                Some(f) => match &s.funcs[f.func as usize].kind {
                    crate::store::FuncKind::Wasm { code, .. } => {
                        (f.fp as usize + code.max_slots as usize).min(st.slots().len())
                    }
                    crate::store::FuncKind::Host { .. } => st.slots().len(),
                },
                // No frame: nothing live, unless a host function runs as
                // this continuation's body (its arguments are in the slots).
                None if st.state() == StackState::Running && i != StackId::MAIN => st.slots().len(),
                None => 0,
            };
            words.extend_from_slice(&st.slots()[..end]);
            words.extend_from_slice(stacks.bound_args(i));
        }
    }

    // Sweep: release every unmarked stack that is in use, free every
    // unmarked live exception.
    let dead: Vec<StackId> = (0..n)
        .filter(|&i| !marked[i] && s.stacks[StackId::from_index(i)].state() != StackState::Free)
        .map(StackId::from_index)
        .collect();
    for i in dead {
        s.stacks.release(i);
    }
    for (i, &m) in exn_marked.iter().enumerate() {
        if !m && s.exns.is_live(i as u32) {
            s.exns.free(i as u32);
        }
    }
    let stacks = &s.stacks;
    s.host_roots
        .get_mut()
        .retain(|&w| stacks.resolve(ContBits::from_word(w)).is_some());
    s.stacks.next_collection = (2 * s.stacks.live_continuations).max(crate::stack::MIN_COLLECTION);
    s.exns.next_collection = (2 * s.exns.live()).max(crate::exn::MIN_COLLECTION);
}
