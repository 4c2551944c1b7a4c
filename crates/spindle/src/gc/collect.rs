//! The store's one collector: GC objects (`heap.rs`), continuations
//! (`stack/`) and exception objects (`exn.rs`), each able to refer to the
//! others, marked from the roots together and swept together, so a cycle
//! through any of them (a struct holding a continuation whose suspended
//! stack holds the struct) is freed once nothing outside refers to it.

use crate::stack::{ContBits, Link, StackId, StackState};
use crate::store::StoreOpaque;

use super::heap::{Body, Obj};

/// What is marked, and what is marked but not yet scanned.
struct Marks {
    stacks: Vec<bool>,
    stack_scan: Vec<StackId>,
    exns: Vec<bool>,
    exn_scan: Vec<u32>,
    /// Arrays, by table index.
    objects: Vec<bool>,
    /// Structs, one bit per word of the struct arena (set at headers).
    structs: Vec<u64>,
    object_scan: Vec<Obj>,
    /// The words of the blocks of the structs marked (the trigger's count).
    struct_words: usize,
}

impl Marks {
    fn stack(&mut self, i: StackId) {
        if !std::mem::replace(&mut self.stacks[i.index()], true) {
            self.stack_scan.push(i);
        }
    }

    /// Marks GC object `o`; `true` if it was not marked yet.
    fn object(&mut self, o: Obj) -> bool {
        match o {
            Obj::Struct(at) => {
                let (k, bit) = (at as usize / 64, 1u64 << (at % 64));
                let new = self.structs[k] & bit == 0;
                self.structs[k] |= bit;
                new
            }
            Obj::Array(i) => !std::mem::replace(&mut self.objects[i], true),
        }
    }

    fn exn(&mut self, e: u32) {
        if !std::mem::replace(&mut self.exns[e as usize], true) {
            self.exn_scan.push(e);
        }
    }

    /// Marks whatever word `w` names: a live continuation (its whole chain
    /// of stacks), a live exception, a live GC object. The three encodings
    /// can coincide (a contref of stack 1 and generation 1 has the bits of
    /// the struct at index 0 with generation 1), so a word marks every
    /// entity it may name.
    fn word(&mut self, s: &StoreOpaque, w: u64) {
        if w == 0 {
            return;
        }
        if let Some(o) = s.gc.resolve(w) {
            if self.object(o) {
                self.object_scan.push(o);
            }
        }
        let stacks = &s.stacks;
        if let Some(root) = stacks.resolve(ContBits::from_word(w)) {
            if let Link::SuspendedRoot { inner, .. } = stacks[root].link() {
                // inner -> ... -> root along the parent links.
                let mut y = inner;
                loop {
                    self.stack(y);
                    if y == root {
                        break;
                    }
                    match stacks[y].parent() {
                        Some(p) => y = p,
                        None => break,
                    }
                }
            } else {
                self.stack(root);
            }
        }
        if let Some(e) = s.exns.resolve(w) {
            self.exn(e);
        }
    }

    fn words(&mut self, s: &StoreOpaque, ws: &[u64]) {
        for &w in ws {
            self.word(s, w);
        }
    }

    /// Scans what was marked until nothing new is.
    fn drain(&mut self, s: &StoreOpaque) {
        loop {
            if let Some(o) = self.object_scan.pop() {
                if let Obj::Struct(at) = o {
                    self.struct_words += s.gc.struct_block_words(at);
                }
                self.words(s, s.gc.words_of(o));
            } else if let Some(e) = self.exn_scan.pop() {
                self.words(s, &s.exns[e].payload);
            } else if let Some(i) = self.stack_scan.pop() {
                let st = &s.stacks[i];
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
                    None if st.state() == StackState::Running && i != StackId::MAIN => {
                        st.slots().len()
                    }
                    None => 0,
                };
                self.words(s, &st.slots()[..end]);
                self.words(s, s.stacks.bound_args(i));
            } else {
                return;
            }
        }
    }
}

/// Collects unreachable GC objects, continuations and exceptions: objects
/// nothing refers to are freed, suspended or not-yet-started stacks that
/// no root refers to any more are released to the pool, and exceptions
/// that nothing names are freed (`exn.rs`). Then each allocation trigger
/// is set from what is left.
///
/// The scan is conservative over words, with references that carry a
/// generation: every 64-bit word of the roots that has the bit pattern of
/// a live reference (a GC object's index, kind bit and current generation;
/// a `Fresh` or `Suspended` stack with its current generation; a live
/// exception's index and generation) keeps that entity alive. A reachable
/// reference is stored bit for bit in one of the roots, so it is never
/// freed; a stale word that happens to match only keeps garbage a little
/// longer (ARCHITECTURE.md, section 4, says why that stays bounded).
/// Roots: every slot of the running chain of stacks (the current stack and
/// its parents) and of the main stack, globals, tables, element segments,
/// references handed to the host, pinned and host-held exceptions, `extra`
/// (the payload of an exception being allocated), and, transitively, the
/// words of every object found, the slots and bound arguments of every
/// continuation found and the payload of every exception found.
pub(crate) fn collect(s: &mut StoreOpaque, extra: &[u64]) {
    let exn_roots = s.exns.roots();
    let host_roots: Vec<u64> = s.host_roots.get_mut().iter().copied().collect();
    let mut m = Marks {
        stacks: vec![false; s.stacks.len()],
        stack_scan: Vec::new(),
        exns: vec![false; s.exns.capacity()],
        exn_scan: Vec::new(),
        objects: vec![false; s.gc.objects.len()],
        structs: s.gc.structs.take_marks(),
        object_scan: Vec::new(),
        struct_words: 0,
    };
    for e in exn_roots {
        m.exn(e);
    }
    {
        let s: &StoreOpaque = s;
        // The running chain.
        let mut x = Some(s.stacks.current());
        while let Some(i) = x {
            m.stack(i);
            x = s.stacks[i].parent();
        }
        m.stack(StackId::MAIN);
        for g in &s.globals {
            m.word(s, g.value);
        }
        for t in &s.tables {
            m.words(s, &t.elements);
        }
        for e in &s.elems {
            m.words(s, e);
        }
        m.words(s, &host_roots);
        m.words(s, extra);
        m.drain(s);
    }

    // Sweep: release every unmarked stack that is in use, free every
    // unmarked live exception and object.
    let dead: Vec<StackId> = (0..m.stacks.len())
        .filter(|&i| !m.stacks[i] && s.stacks[StackId::from_index(i)].state() != StackState::Free)
        .map(StackId::from_index)
        .collect();
    for i in dead {
        s.stacks.release(i);
    }
    for (i, &marked) in m.exns.iter().enumerate() {
        if !marked && s.exns.is_live(i as u32) {
            s.exns.free(i as u32);
        }
    }
    let mut live_bytes =
        s.gc.sweep_structs(std::mem::take(&mut m.structs), m.struct_words);
    for (i, &marked) in m.objects.iter().enumerate() {
        let body = &s.gc.objects[i].body;
        if marked {
            live_bytes += crate::gc::GcHeap::object_bytes(body);
        } else if !matches!(body, Body::Free { .. }) {
            s.gc.free(i);
        }
    }
    s.gc.collected(live_bytes);
    let (stacks, gc) = (&s.stacks, &s.gc);
    s.host_roots
        .get_mut()
        .retain(|&w| stacks.resolve(ContBits::from_word(w)).is_some() || gc.resolve(w).is_some());
    s.stacks.next_collection = (2 * s.stacks.live_continuations).max(crate::stack::MIN_COLLECTION);
    s.exns.next_collection = (2 * s.exns.live()).max(crate::exn::MIN_COLLECTION);
}
