//! The life of a continuation's stacks: every change of a stack's `state`,
//! `generation`, `parent`, `susp_base` and state-dependent `link` happens in
//! this file (section 3 (d) of ARCHITECTURE.md draws the transitions).
//!
//! ```text
//!  Free ──alloc──▶ Fresh ──take + start / enter──▶ Running ──park / detach──▶ Suspended
//!   ▲                │                               │  ▲                        │
//!   │                └──take + release (resume_throw)│  └──── take + start ──────┘
//!   └────────────── release / return_to_parent ◀─────┘              / enter
//! ```
//!
//! A reference names a stack and a generation (`ContBits`). Consuming a
//! reference (`take`, `enter`) and releasing a stack bump the generation,
//! so older references stop resolving; `give_back` undoes a `take` exactly.

use super::{KnownClause, Stack, StackId, StackState, Stacks, NO_TAG, OVERHEAD_SLOTS};
use crate::trap::TrapCode;

/// The bits of a `contref` as a slot holds them:
/// `(generation << 32) | (stack + 1)`, 0 for null. Generations are never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ContBits(u64);

impl ContBits {
    /// The null reference.
    pub const NULL: ContBits = ContBits(0);

    #[inline(always)]
    pub fn from_word(w: u64) -> ContBits {
        ContBits(w)
    }

    /// The slot value.
    #[inline(always)]
    pub fn word(self) -> u64 {
        self.0
    }

    #[inline(always)]
    fn new(stack: StackId, generation: u32) -> ContBits {
        ContBits(((generation as u64) << 32) | (stack.0 as u64 + 1))
    }

    /// The stack named, if not null.
    #[inline(always)]
    fn stack(self) -> Option<StackId> {
        (self.0 as u32).checked_sub(1).map(StackId)
    }

    #[inline(always)]
    fn generation(self) -> u32 {
        (self.0 >> 32) as u32
    }
}

/// What `Stack::link` holds in each state, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    Free,
    /// Not started: the store function to run.
    Fresh {
        func: u32,
    },
    /// The root of a suspended chain: its innermost stack and the store tag
    /// it suspended with (`None` after a `switch`).
    SuspendedRoot {
        inner: StackId,
        tag: Option<u32>,
    },
    /// Running (or below the root of a suspended chain): a clause of the
    /// `resume` below it.
    Clause(KnownClause),
}

/// What a consumed continuation was when `Stack::start` made it run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Started {
    /// It had not started: store function `func` must run on it.
    Fresh { func: u32 },
    /// It was suspended: `inner` resumes where it suspended.
    Suspended { inner: StackId },
}

/// The generation after `g`: `g + 1`, skipping 0 (which no reference may
/// carry, so that the null reference never resolves).
#[inline(always)]
fn next_generation(g: u32) -> u32 {
    g.wrapping_add(1).max(1)
}

impl Stack {
    /// Consumes the fast path's suspended root: links it below `parent` as
    /// running, knowing `clause` of the `resume` that entered it. The same
    /// as `take` + `start` for a stack the caller has resolved.
    #[inline(always)]
    pub fn enter(&mut self, parent: StackId, clause: KnownClause) {
        debug_assert_eq!(self.state, StackState::Suspended);
        self.generation = next_generation(self.generation);
        self.set_parent(Some(parent));
        self.state = StackState::Running;
        self.link = clause.words();
    }

    /// Makes a consumed (`take`n) fresh or suspended root run below
    /// `parent`, knowing no clause yet. Returns what it was.
    #[inline]
    pub fn start(&mut self, parent: StackId) -> Started {
        let was = match self.state {
            StackState::Fresh => Started::Fresh {
                func: self.fresh_func(),
            },
            StackState::Suspended => Started::Suspended {
                inner: self.inner(),
            },
            StackState::Running | StackState::Free => unreachable!("a resolved continuation"),
        };
        self.set_parent(Some(parent));
        self.state = StackState::Running;
        self.link = KnownClause::NONE.words();
        was
    }

    /// Parks running stack `me` (this one, the root and the innermost stack
    /// of its chain) as a suspended continuation, suspended with store tag
    /// `tag`, whose next resume delivers its values at absolute slot `res`.
    /// Returns the reference to it.
    #[inline(always)]
    pub fn park(&mut self, me: StackId, res: usize, tag: u32) -> ContBits {
        self.susp_base = res as u32;
        self.suspend_as_root(me, me, tag);
        ContBits::new(me, self.generation)
    }

    /// Makes this stack (`me`) the root of a suspended chain whose
    /// innermost stack is `inner`.
    #[inline(always)]
    fn suspend_as_root(&mut self, me: StackId, inner: StackId, tag: u32) {
        self.set_parent(None);
        self.state = StackState::Suspended;
        self.chained = inner != me;
        self.link[0] = inner.0;
        self.link[1] = tag;
    }

    /// For the root of a suspended chain: records the store tag it
    /// suspended with.
    pub fn set_susp_tag(&mut self, tag: u32) {
        debug_assert_eq!(self.state, StackState::Suspended);
        self.link[1] = tag;
    }
}

impl Stacks {
    /// Takes a stack from the pool for a new continuation that will run
    /// store function `func`.
    pub fn alloc(&mut self, func: u32) -> Option<StackId> {
        // A pooled stack comes with the slots it kept.
        let kept = self.free.last().map_or(0, |&i| self[i].slots_len as usize);
        if self.live_continuations >= self.max_continuations
            || self.total_slots + OVERHEAD_SLOTS + kept > self.max_total_slots
        {
            return None;
        }
        self.live_continuations += 1;
        self.total_slots += OVERHEAD_SLOTS + kept;
        let id = match self.free.pop() {
            Some(i) => i,
            None => {
                self.stacks.push(Stack::new());
                StackId((self.stacks.len() - 1) as u32)
            }
        };
        let s = &mut self[id];
        debug_assert!(!s.has_rare && s.state == StackState::Free);
        s.state = StackState::Fresh;
        s.link = [func, 0, 0];
        s.set_parent(None);
        s.chained = false;
        Some(id)
    }

    /// Returns a stack to the pool; references to it become stale.
    pub fn release(&mut self, id: StackId) {
        let s = &mut self[id];
        debug_assert_ne!(s.state, StackState::Free);
        s.state = StackState::Free;
        s.generation = next_generation(s.generation);
        s.clear_frames();
        s.set_parent(None);
        let slots_len = s.slots_len as usize;
        // Keep small stacks for reuse (slots and room for frames: the next
        // continuation on it rarely reallocates); give big ones back.
        if s.slots_len > 4096 || s.below_capacity() > 1024 {
            s.mem = Box::new([]);
            s.slots_len = 0;
        }
        let had_rare = std::mem::take(&mut s.has_rare);
        self.total_slots -= slots_len + OVERHEAD_SLOTS;
        if had_rare {
            self.rare.remove(&id);
        }
        self.live_continuations -= 1;
        self.free.push(id);
    }

    /// Releases the current stack (a continuation that returned, unwound
    /// or trapped) and makes its parent current. Returns the parent, `None`
    /// (and nothing released) for a stack without one.
    pub fn return_to_parent(&mut self) -> Option<StackId> {
        let cur = self.current;
        let parent = self[cur].parent()?;
        self.release(cur);
        self.current = parent;
        Some(parent)
    }

    /// The reference naming the current generation of stack `id`.
    #[inline(always)]
    pub fn cont_ref(&self, id: StackId) -> ContBits {
        ContBits::new(id, self[id].generation)
    }

    /// Resolves a continuation reference: the stack, if the reference is
    /// still valid (not consumed).
    #[inline(always)]
    pub fn resolve(&self, bits: ContBits) -> Option<StackId> {
        let id = bits.stack()?;
        let s = self.stacks.get(id.index())?;
        (s.generation == bits.generation()
            && matches!(s.state, StackState::Fresh | StackState::Suspended))
        .then_some(id)
    }

    /// Resolves and consumes a continuation reference: its stack keeps its
    /// state (the caller starts, releases or gives it back) but the
    /// reference no longer resolves.
    pub fn take(&mut self, bits: ContBits) -> Result<StackId, TrapCode> {
        if bits == ContBits::NULL {
            return Err(TrapCode::NullContinuation);
        }
        let id = self
            .resolve(bits)
            .ok_or(TrapCode::ContinuationAlreadyConsumed)?;
        let s = &mut self[id];
        s.generation = next_generation(s.generation);
        Ok(id)
    }

    /// Undoes `take(bits)` of stack `id` (which has not changed since):
    /// `bits` resolves again. The spec consumes a `switch`'s target only
    /// when the switch succeeds.
    pub fn give_back(&mut self, id: StackId, bits: ContBits) {
        debug_assert_eq!(bits.stack(), Some(id));
        self[id].generation = bits.generation();
    }

    /// Detaches the running chain `inner..=root` as a suspended
    /// continuation whose next resume delivers its values at absolute slot
    /// `susp_base` of `inner`; returns the reference to it.
    #[inline(always)]
    pub fn detach(&mut self, root: StackId, inner: StackId, susp_base: usize) -> ContBits {
        self[inner].susp_base = susp_base as u32;
        self[root].suspend_as_root(root, inner, NO_TAG);
        self.set_host_handlers(root, None);
        self.cont_ref(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Config;

    fn pool() -> Stacks {
        Stacks::new(&Config::default())
    }

    const CLAUSE: KnownClause = KnownClause {
        tag: 3,
        target: 7,
        dst: 2,
    };

    #[test]
    fn alloc_makes_a_fresh_stack_that_its_reference_names() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        assert_ne!(k, StackId::MAIN);
        assert_eq!(p[k].state(), StackState::Fresh);
        assert_eq!(p[k].link(), Link::Fresh { func: 5 });
        assert_eq!(p[k].parent(), None);
        assert_eq!(p.resolve(p.cont_ref(k)), Some(k));
        assert_eq!(p.live_continuations, 1);
    }

    #[test]
    fn take_consumes_the_reference_once() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        let bits = p.cont_ref(k);
        assert_eq!(p.take(bits), Ok(k));
        assert_eq!(p.resolve(bits), None);
        assert_eq!(p.take(bits), Err(TrapCode::ContinuationAlreadyConsumed));
        assert_eq!(p.take(ContBits::NULL), Err(TrapCode::NullContinuation));
        // The state is the caller's to change.
        assert_eq!(p[k].state(), StackState::Fresh);
    }

    #[test]
    fn give_back_restores_the_exact_generation_also_at_the_wrap() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        for g in [1, 7, u32::MAX - 1, u32::MAX] {
            p[k].generation = g;
            let bits = p.cont_ref(k);
            assert_eq!(p.take(bits), Ok(k));
            assert_ne!(p[k].generation, 0, "generation {g} bumped to 0");
            p.give_back(k, bits);
            assert_eq!(p.resolve(bits), Some(k), "generation {g}");
            assert_eq!(p[k].generation, g);
        }
    }

    #[test]
    fn start_runs_a_fresh_stack_below_its_parent() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        p.take(p.cont_ref(k)).unwrap();
        assert_eq!(p[k].start(StackId::MAIN), Started::Fresh { func: 5 });
        assert_eq!(p[k].state(), StackState::Running);
        assert_eq!(p[k].parent(), Some(StackId::MAIN));
        assert_eq!(p[k].link(), Link::Clause(KnownClause::NONE));
        assert_eq!(p.resolve(p.cont_ref(k)), None, "a running stack");
    }

    #[test]
    fn park_suspends_a_single_stack_and_enter_resumes_it() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        p.take(p.cont_ref(k)).unwrap();
        p[k].start(StackId::MAIN);
        let bits = p[k].park(k, 9, 4);
        assert_eq!(p[k].state(), StackState::Suspended);
        assert_eq!(
            p[k].link(),
            Link::SuspendedRoot {
                inner: k,
                tag: Some(4)
            }
        );
        assert!(!p[k].is_chained());
        assert_eq!((p[k].susp_base(), p[k].parent()), (9, None));
        assert_eq!(p.resolve(bits), Some(k));

        p[k].enter(StackId::MAIN, CLAUSE);
        assert_eq!(p.resolve(bits), None, "enter consumes the reference");
        assert_eq!(p[k].state(), StackState::Running);
        assert_eq!(p[k].parent(), Some(StackId::MAIN));
        assert_eq!(p[k].clause(), CLAUSE);

        // Parked by a switch: no tag.
        let bits = p[k].park(k, 1, NO_TAG);
        assert_eq!(
            p[k].link(),
            Link::SuspendedRoot {
                inner: k,
                tag: None
            }
        );
        assert_eq!(p.take(bits), Ok(k));
        assert_eq!(p[k].start(StackId::MAIN), Started::Suspended { inner: k });
    }

    #[test]
    fn detach_suspends_a_chain_named_by_its_root() {
        let mut p = pool();
        let root = p.alloc(5).unwrap();
        let inner = p.alloc(6).unwrap();
        p.take(p.cont_ref(root)).unwrap();
        p[root].start(StackId::MAIN);
        p.take(p.cont_ref(inner)).unwrap();
        p[inner].start(root);
        p.set_host_handlers(root, Some(Box::new([1])));
        let bits = p.detach(root, inner, 11);
        assert_eq!(p.resolve(bits), Some(root));
        assert_eq!(p.resolve(p.cont_ref(inner)), None, "inner stays running");
        assert!(p[root].is_chained());
        assert_eq!(p[root].link(), Link::SuspendedRoot { inner, tag: None });
        assert_eq!(p[inner].susp_base(), 11);
        assert_eq!(p[inner].parent(), Some(root));
        assert_eq!(p.host_handlers(root), None);
        p[root].set_susp_tag(2);
        assert_eq!(
            p[root].link(),
            Link::SuspendedRoot {
                inner,
                tag: Some(2)
            }
        );
        p.take(bits).unwrap();
        assert_eq!(p[root].start(StackId::MAIN), Started::Suspended { inner });
    }

    #[test]
    fn release_frees_the_stack_for_reuse_and_stales_its_references() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        p.bind_args(k, StackId::MAIN, 0, 0);
        let bits = p.cont_ref(k);
        let total = p.total_slots;
        p.release(k);
        assert_eq!(p[k].state(), StackState::Free);
        assert_eq!(p.resolve(bits), None);
        assert!(!p[k].has_rare());
        assert_eq!(
            (p.live_continuations, p.total_slots),
            (0, total - OVERHEAD_SLOTS)
        );
        // The pool hands the stack out again, under a new generation.
        let again = p.alloc(8).unwrap();
        assert_eq!(again, k);
        assert_ne!(p.cont_ref(again), bits);
        assert_eq!(p[k].link(), Link::Fresh { func: 8 });
    }

    #[test]
    fn release_skips_generation_zero() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        p[k].generation = u32::MAX;
        p.release(k);
        assert_eq!(p[k].generation, 1);
    }

    #[test]
    fn return_to_parent_releases_the_current_stack() {
        let mut p = pool();
        let k = p.alloc(5).unwrap();
        p.take(p.cont_ref(k)).unwrap();
        p[k].start(StackId::MAIN);
        p.set_current(k);
        assert_eq!(p.return_to_parent(), Some(StackId::MAIN));
        assert_eq!(p.current(), StackId::MAIN);
        assert_eq!(p[k].state(), StackState::Free);
        assert_eq!(p.return_to_parent(), None, "the main stack has no parent");
    }
}
