//! Wasm stacks as heap objects.
//!
//! A `Stack` is a 64-byte record (holding its top frame) and one growable
//! block with its value slots and the frames below the top. The main stack of a store and every continuation's stack are the same
//! kind of object, kept in one pool (`Stacks`) and named by index. A
//! continuation reference (`contref`) names a stack plus the generation it
//! had when the reference was made; resuming bumps the generation, so a
//! second resume of the same reference finds a stale generation and traps
//! instead of touching a stack that has moved on or been reused.

use std::collections::HashMap;

use crate::engine::Config;
use crate::trap::TrapCode;

mod lifecycle;

pub(crate) use lifecycle::{ContBits, Link, Started};

/// A stack of the pool, by index. Stack 0 is the main stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StackId(u32);

impl StackId {
    /// The main stack of a store.
    pub const MAIN: StackId = StackId(0);

    /// The stack's position in the pool.
    #[inline(always)]
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The stack at position `i` of the pool.
    #[inline(always)]
    pub fn from_index(i: usize) -> StackId {
        StackId(i as u32)
    }
}

/// One activation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct Frame {
    /// Store function index.
    pub func: u32,
    /// Next instruction to execute in this frame.
    pub pc: u32,
    /// Index of the frame's slot 0 in the stack's slots.
    pub fp: u32,
}

impl Frame {
    /// No frame: the `top` of a stack without frames.
    const NONE: Frame = Frame {
        func: u32::MAX,
        pc: 0,
        fp: 0,
    };
}

/// What a stack is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StackState {
    /// In the free pool.
    Free,
    /// Created by `cont.new`, not started: `func` runs when resumed.
    Fresh,
    /// Suspended at a `suspend` (or `switch`) in its top frame.
    Suspended,
    /// On the chain of running stacks.
    Running,
}

/// A clause of the `resume` that a running stack was entered by, its tag
/// resolved to a store tag: `suspend` and `switch` check it before decoding
/// the resume site. It is the resume table's first clause when the stack
/// was entered by a fast `resume`, else the last clause found by decoding
/// (the first one for its tag, so it is the one the spec picks); `NONE`
/// when unknown. Every way of entering a stack sets it, so it never refers
/// to another `resume`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KnownClause {
    /// Store tag, or `u32::MAX` for none.
    pub tag: u32,
    /// Label target (pc in the resumer's code), or `SWITCH` for an
    /// `(on $tag switch)` clause.
    pub target: u32,
    /// First slot (frame-relative) of the label's values.
    pub dst: u32,
}

impl KnownClause {
    pub const NONE: KnownClause = KnownClause {
        tag: u32::MAX,
        target: 0,
        dst: 0,
    };
    pub const SWITCH: u32 = u32::MAX;

    #[inline(always)]
    fn words(self) -> [u32; 3] {
        [self.tag, self.target, self.dst]
    }

    #[inline(always)]
    fn from_words([tag, target, dst]: [u32; 3]) -> KnownClause {
        KnownClause { tag, target, dst }
    }
}

/// What few continuations need, kept out of the `Stack` record (in a table
/// of the pool) so that the record stays small: a million parked
/// continuations pay one flag for it.
#[derive(Debug, Default)]
pub(crate) struct Rare {
    /// Arguments bound by `cont.bind`, delivered before the resume's own.
    pub bound_args: Vec<u64>,
    /// Set while the root was resumed by the host: the store tags the host
    /// handles.
    pub host_handlers: Option<Box<[u32]>>,
    /// For a stack whose body is a host function (it has no Wasm frame):
    /// that function, whose results end the stack.
    pub host_body: Option<u32>,
}

impl Rare {
    fn is_empty(&self) -> bool {
        self.bound_args.is_empty() && self.host_handlers.is_none() && self.host_body.is_none()
    }
}

/// The record of one stack. Its fields are what the fast paths of `resume`,
/// `suspend` and `switch` read; a million parked continuations pay for each
/// byte, so fields that no state needs at the same time share `link`.
/// Aligned to a cache line, which it fills: the fast paths touch one line
/// per stack.
///
/// `repr(C)`: compiled code's native calls write the frames of callees
/// that do not return, `below_len` and `top`, at fixed offsets
/// (`jit::STACK_*`, asserted below).
#[derive(Debug)]
#[repr(C, align(64))]
pub(crate) struct Stack {
    /// The stack's memory, one allocation: its value slots (`slots_len` of
    /// them), then the frames below the top frame, three `u32`s each
    /// (`below_len` of them; the rest is room for more). A parked
    /// continuation is this record and this one block.
    mem: Box<[u64]>,
    slots_len: u32,
    below_len: u32,
    /// The top frame, or `Frame::NONE` when there is none. It is kept in
    /// the record: a switch, call or return reads it without first loading
    /// the memory's pointer (one load less on the chain the next
    /// instruction waits for).
    top: Frame,
    /// The stack that resumed this one, while it runs (`NO_PARENT`: none;
    /// a `u32` rather than an `Option`, which would take 8 bytes).
    parent: u32,
    /// Bumped whenever a reference to the stack is consumed and when the
    /// stack is released, never 0 (`lifecycle::next_generation`).
    generation: u32,
    /// For the innermost stack of a suspended chain: the absolute slot where
    /// the values passed by the next `resume` go.
    susp_base: u32,
    /// Three words whose meaning depends on the state; read and written
    /// only through the typed accessors (`fresh_func`, `inner`,
    /// `susp_tag`, `clause`, `link`), since a Rust enum would need a
    /// discriminant that does not fit in the 64 bytes:
    /// - `Fresh`: `[func, -, -]`, the function to run (store index);
    /// - the root of a suspended chain: `[inner, susp_tag, -]`, the
    ///   innermost stack of the chain (the one that executed `suspend` or
    ///   `switch`) and the store tag it suspended with (`NO_TAG` after a
    ///   `switch`, which gives the types of the next resume's values);
    /// - otherwise (running, or a stack of a suspended chain below its
    ///   root): the `KnownClause` of the `resume` below it.
    link: [u32; 3],
    /// For the root of a suspended chain: whether `inner` is another stack.
    /// Most continuations are one stack; the fast paths then take the root
    /// itself as the innermost stack without waiting for `inner` to load
    /// (a predicted branch instead of a dependent load).
    chained: bool,
    /// Whether the pool holds a `Rare` part for this stack (the fast paths
    /// of `resume`, `suspend` and `switch` require that it does not).
    has_rare: bool,
    state: StackState,
}

// The offsets compiled code uses (`jit/lower/call.rs`).
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<Stack>() == 64);
    assert!(offset_of!(Stack, below_len) == crate::jit::STACK_BELOW_LEN as usize);
    let top = offset_of!(Stack, top);
    assert!(top + offset_of!(Frame, func) == crate::jit::STACK_TOP_FUNC as usize);
    assert!(top + offset_of!(Frame, pc) == crate::jit::STACK_TOP_PC as usize);
    assert!(top + offset_of!(Frame, fp) == crate::jit::STACK_TOP_FP as usize);
    assert!(size_of::<Frame>() == crate::jit::FRAME_BYTES as usize);
};

/// `Stack::parent` when there is none.
const NO_PARENT: u32 = u32::MAX;

/// `Stack::susp_tag` when there is none.
pub(crate) const NO_TAG: u32 = u32::MAX;

impl Stack {
    fn new() -> Self {
        Stack {
            mem: Box::new([]),
            slots_len: 0,
            below_len: 0,
            top: Frame::NONE,
            parent: NO_PARENT,
            generation: 1,
            susp_base: 0,
            link: KnownClause::NONE.words(),
            chained: false,
            has_rare: false,
            state: StackState::Free,
        }
    }

    /// The value slots.
    #[inline(always)]
    pub fn slots(&self) -> &[u64] {
        &self.mem[..self.slots_len as usize]
    }

    #[inline(always)]
    pub fn slots_mut(&mut self) -> &mut [u64] {
        &mut self.mem[..self.slots_len as usize]
    }

    /// The whole memory, the slots first: for the interpreter's `Regs`,
    /// whose accesses stay within the slots by their own invariant (this
    /// saves the check that the slots are inside the memory).
    #[inline(always)]
    pub fn memory_mut(&mut self) -> &mut [u64] {
        &mut self.mem
    }

    /// The end of the slots, where the frames below the top start: for
    /// compiled code's native calls (`jit::JitEnv::slots_end`; the slots
    /// start at `memory_mut`'s pointer, `jit::JitEnv::slots`).
    #[inline]
    pub fn slots_end_ptr(&mut self) -> *mut u8 {
        let n = self.slots_len as usize;
        self.mem.as_mut_ptr().wrapping_add(n).cast()
    }

    /// The memory as `u32`s: frame `i` below the top is at `below_at(i)`.
    #[inline(always)]
    fn words32(&self) -> &[u32] {
        bytemuck::cast_slice(&self.mem)
    }

    /// Where frame `i` below the top starts in `words32`.
    #[inline(always)]
    fn below_at(&self, i: usize) -> usize {
        2 * self.slots_len as usize + 3 * i
    }

    /// How many frames below the top fit in the memory.
    #[inline(always)]
    pub fn below_capacity(&self) -> usize {
        (self.mem.len() - self.slots_len as usize) * 2 / 3
    }

    /// Grows the memory to `slots` slots (the first ones kept, new ones
    /// zero) and room for `below` frames below the top. Through `Vec`'s
    /// `realloc`: a big stack grows in place or by remapping pages, not by
    /// copying (deep recursion doubles it a few dozen times).
    #[cold]
    #[inline(never)]
    fn reallocate(&mut self, slots: usize, below: usize) {
        let old = self.slots_len as usize;
        debug_assert!(slots >= old && below >= self.below_len as usize);
        let words = slots + (3 * below).div_ceil(2);
        let mut mem = std::mem::take(&mut self.mem).into_vec();
        let len = mem.len();
        mem.reserve_exact(words.saturating_sub(len));
        mem.resize(words.max(len), 0);
        // The frames start at a word boundary: move them as words, then
        // clear the new slots (what was frames and room before).
        let frames = (3 * self.below_len as usize).div_ceil(2);
        mem.copy_within(old..old + frames, slots);
        mem[old..slots.min(len)].fill(0);
        mem.truncate(words);
        self.mem = mem.into_boxed_slice();
        self.slots_len = slots as u32;
    }

    /// Makes the stack `slots` slots long, keeping its frames.
    fn resize_slots(&mut self, slots: usize) {
        self.reallocate(slots, self.below_capacity());
    }

    #[inline(always)]
    pub fn frames_is_empty(&self) -> bool {
        self.top.func == Frame::NONE.func
    }

    #[inline(always)]
    pub fn frames_len(&self) -> usize {
        self.below_len as usize + !self.frames_is_empty() as usize
    }

    /// The top frame, `Frame::NONE` (whose `func` is no function) when
    /// there is none: comparing its `func` with a function's checks both.
    #[inline(always)]
    pub fn top_or_none(&self) -> Frame {
        self.top
    }

    /// The top frame.
    #[inline(always)]
    pub fn top_frame(&self) -> Option<&Frame> {
        (!self.frames_is_empty()).then_some(&self.top)
    }

    /// Sets the top frame's `pc` (the stack has a top frame).
    #[inline(always)]
    pub fn set_top_pc(&mut self, pc: u32) {
        debug_assert!(!self.frames_is_empty());
        self.top.pc = pc;
    }

    #[inline(always)]
    pub fn top_frame_mut(&mut self) -> Option<&mut Frame> {
        (!self.frames_is_empty()).then_some(&mut self.top)
    }

    /// Frame `i` below the top, counting from the oldest.
    #[inline(always)]
    fn below_frame(&self, i: usize) -> Frame {
        let at = self.below_at(i);
        let [func, pc, fp] = self.words32()[at..at + 3] else {
            unreachable!()
        };
        Frame { func, pc, fp }
    }

    /// Pushes a frame. The memory may move (slots included).
    #[inline(always)]
    pub fn push_frame(&mut self, f: Frame) {
        debug_assert_ne!(f.func, Frame::NONE.func);
        if !self.frames_is_empty() {
            let at = self.below_at(self.below_len as usize);
            let t = [self.top.func, self.top.pc, self.top.fp];
            // One check: whether the room after the slots has the frame.
            match bytemuck::cast_slice_mut::<u64, u32>(&mut self.mem).get_mut(at..at + 3) {
                Some(d) => d.copy_from_slice(&t),
                None => self.push_below_growing(t),
            }
            self.below_len += 1;
        }
        self.top = f;
    }

    /// Grows the room for frames below the top by one frame, then writes
    /// frame `t` (as `u32`s) there.
    #[cold]
    #[inline(never)]
    fn push_below_growing(&mut self, t: [u32; 3]) {
        self.grow_below();
        let at = self.below_at(self.below_len as usize);
        bytemuck::cast_slice_mut::<u64, u32>(&mut self.mem)[at..at + 3].copy_from_slice(&t);
    }

    /// Makes room for one more frame below the top: exactly one while the
    /// stack is shallow (a parked continuation keeps its capacity, and a
    /// pooled stack keeps it for its next use, as with slots), doubling
    /// beyond.
    #[cold]
    fn grow_below(&mut self) {
        let n = self.below_len as usize;
        let room = if n < EXACT_GROWTH_FRAMES {
            n + 1
        } else {
            2 * n
        };
        self.reallocate(self.slots_len as usize, room);
    }

    #[inline(always)]
    pub fn pop_frame(&mut self) -> Option<Frame> {
        if self.frames_is_empty() {
            return None;
        }
        let f = self.top;
        self.top = match self.below_len.checked_sub(1) {
            Some(i) => {
                self.below_len = i;
                self.below_frame(i as usize)
            }
            None => Frame::NONE,
        };
        Some(f)
    }

    /// Pops the top frame (there is one) and returns the new top, the
    /// caller's frame (`Frame::NONE` if there is none).
    #[inline(always)]
    pub fn pop_to_caller(&mut self) -> Frame {
        debug_assert!(!self.frames_is_empty());
        self.top = match self.below_len.checked_sub(1) {
            Some(i) => {
                self.below_len = i;
                self.below_frame(i as usize)
            }
            None => Frame::NONE,
        };
        self.top
    }

    /// Keeps the `n` oldest frames.
    pub fn truncate_frames(&mut self, n: usize) {
        while self.frames_len() > n {
            self.pop_frame();
        }
    }

    pub fn clear_frames(&mut self) {
        self.below_len = 0;
        self.top = Frame::NONE;
    }

    /// The frames from the `from`-th oldest up to the top, oldest first.
    pub fn frames_from(&self, from: usize) -> impl DoubleEndedIterator<Item = Frame> + '_ {
        (from.min(self.below_len as usize)..self.below_len as usize)
            .map(|i| self.below_frame(i))
            .chain(
                self.top_frame()
                    .copied()
                    .filter(|_| from <= self.below_len as usize),
            )
    }

    /// The stack that resumed this one, while it runs.
    #[inline(always)]
    pub fn parent(&self) -> Option<StackId> {
        (self.parent != NO_PARENT).then_some(StackId(self.parent))
    }

    #[inline(always)]
    fn set_parent(&mut self, p: Option<StackId>) {
        self.parent = p.map_or(NO_PARENT, |p| p.0);
    }

    #[inline(always)]
    pub fn state(&self) -> StackState {
        self.state
    }

    /// For the innermost stack of a suspended chain: the absolute slot where
    /// the values passed by the next `resume` go.
    #[inline(always)]
    pub fn susp_base(&self) -> usize {
        self.susp_base as usize
    }

    /// Whether the pool holds a `Rare` part for this stack.
    #[inline(always)]
    pub fn has_rare(&self) -> bool {
        self.has_rare
    }

    /// For a fresh stack: the function to run.
    #[inline(always)]
    pub fn fresh_func(&self) -> u32 {
        debug_assert_eq!(self.state, StackState::Fresh);
        self.link[0]
    }

    /// While running (or below the root of a suspended chain): a clause of
    /// the `resume` below it.
    #[inline(always)]
    pub fn clause(&self) -> KnownClause {
        debug_assert_eq!(self.state, StackState::Running);
        KnownClause::from_words(self.link)
    }

    /// Remembers a clause of the `resume` below this running stack.
    #[inline(always)]
    pub fn set_clause(&mut self, c: KnownClause) {
        debug_assert_eq!(self.state, StackState::Running);
        self.link = c.words();
    }

    /// For the root of a suspended chain: the innermost stack (itself
    /// unless `chained`; the fast paths test that first).
    #[inline(always)]
    pub fn inner(&self) -> StackId {
        debug_assert_eq!(self.state, StackState::Suspended);
        StackId(self.link[0])
    }

    /// For the root of a suspended chain: whether its innermost stack is
    /// another stack.
    #[inline(always)]
    pub fn is_chained(&self) -> bool {
        self.chained
    }

    /// For the root of a suspended chain: the store tag it suspended with
    /// (`NO_TAG` after a `switch`).
    pub fn susp_tag(&self) -> u32 {
        debug_assert_eq!(self.state, StackState::Suspended);
        self.link[1]
    }

    /// What the state keeps in `link`, typed.
    pub fn link(&self) -> Link {
        match self.state {
            StackState::Free => Link::Free,
            StackState::Fresh => Link::Fresh {
                func: self.fresh_func(),
            },
            StackState::Suspended => Link::SuspendedRoot {
                inner: self.inner(),
                tag: Some(self.susp_tag()).filter(|&t| t != NO_TAG),
            },
            StackState::Running => Link::Clause(self.clause()),
        }
    }
}

/// The pool of stacks of one store. Stack 0 is the main stack.
#[derive(Debug)]
pub(crate) struct Stacks {
    stacks: Vec<Stack>,
    free: Vec<StackId>,
    /// The stack now running.
    current: StackId,
    pub live_continuations: usize,
    pub max_continuations: usize,
    pub max_stack_slots: usize,
    pub max_frames: usize,
    /// Slots held by all stacks together, and the limit on that.
    pub total_slots: usize,
    pub max_total_slots: usize,
    /// Live continuations at which the next collection runs.
    pub next_collection: usize,
    /// The `Rare` parts of the stacks whose `has_rare` is set.
    rare: HashMap<StackId, Rare, foldhash::fast::FixedState>,
}

/// Slots counted for a new continuation's first frame (256 bytes); the
/// vector itself starts empty and grows to what its frames need.
pub(crate) const INITIAL_SLOTS: usize = 32;

/// Slot vectors up to this length grow to exactly the length needed.
const EXACT_GROWTH_SLOTS: usize = 64;

/// Frame vectors (below the top frame) up to this length grow one frame at
/// a time.
const EXACT_GROWTH_FRAMES: usize = 16;

/// Live continuations below which the collector does not run.
pub(crate) const MIN_COLLECTION: usize = 4096;

/// What a live continuation costs besides its slots, counted (in slots)
/// against the total stack limit: the `Stack` record, its first frames and
/// its initial slot capacity.
const OVERHEAD_SLOTS: usize =
    (std::mem::size_of::<Stack>() + 4 * std::mem::size_of::<Frame>()) / 8 + INITIAL_SLOTS;

impl std::ops::Index<StackId> for Stacks {
    type Output = Stack;

    #[inline(always)]
    fn index(&self, id: StackId) -> &Stack {
        &self.stacks[id.index()]
    }
}

impl std::ops::IndexMut<StackId> for Stacks {
    #[inline(always)]
    fn index_mut(&mut self, id: StackId) -> &mut Stack {
        &mut self.stacks[id.index()]
    }
}

impl Stacks {
    /// The stack now running.
    #[inline(always)]
    pub fn current(&self) -> StackId {
        self.current
    }

    /// Makes stack `id` the running one (a stack switch: the states of the
    /// stacks involved changed through the transitions of `lifecycle`).
    #[inline(always)]
    pub fn set_current(&mut self, id: StackId) {
        self.current = id;
    }

    /// How many stacks the pool has (free ones included).
    pub fn len(&self) -> usize {
        self.stacks.len()
    }

    /// All stacks, by index: for the fast paths of `resume`, `suspend` and
    /// `switch`, which keep one slice in registers.
    #[inline(always)]
    pub fn all_mut(&mut self) -> &mut [Stack] {
        &mut self.stacks
    }

    pub fn new(config: &Config) -> Self {
        let mut main = Stack::new();
        main.state = StackState::Running;
        Stacks {
            stacks: vec![main],
            free: Vec::new(),
            current: StackId::MAIN,
            live_continuations: 0,
            max_continuations: config.max_continuations,
            max_stack_slots: config.max_stack_bytes / 8,
            total_slots: 0,
            max_total_slots: config.max_total_stack_bytes / 8,
            next_collection: MIN_COLLECTION,
            max_frames: config.max_call_depth,
            rare: HashMap::default(),
        }
    }

    /// The arguments bound to stack `idx` by `cont.bind`.
    pub fn bound_args(&self, idx: StackId) -> &[u64] {
        self.rare(idx).map_or(&[], |r| &r.bound_args)
    }

    /// Binds `n` more arguments to stack `idx`: those at absolute slot `at`
    /// of stack `from`.
    pub fn bind_args(&mut self, idx: StackId, from: StackId, at: usize, n: usize) {
        self[idx].has_rare = true;
        let args = &self.stacks[from.index()].slots()[at..at + n];
        let rare = self.rare.entry(idx).or_default();
        rare.bound_args.extend_from_slice(args);
    }

    /// Takes the arguments bound to stack `idx` (for the resume that
    /// delivers them).
    pub fn take_bound_args(&mut self, idx: StackId) -> Vec<u64> {
        if !self[idx].has_rare {
            return Vec::new();
        }
        let args = std::mem::take(&mut self.rare_mut(idx).bound_args);
        self.tidy_rare(idx);
        args
    }

    /// The tags the host handles, while the host resumed stack `idx`.
    pub fn host_handlers(&self, idx: StackId) -> Option<&[u32]> {
        self.rare(idx)?.host_handlers.as_deref()
    }

    #[cold]
    pub fn set_host_handlers(&mut self, idx: StackId, tags: Option<Box<[u32]>>) {
        if tags.is_none() && !self[idx].has_rare {
            return;
        }
        self.rare_mut(idx).host_handlers = tags;
        self.tidy_rare(idx);
    }

    /// The host function that is the body of stack `idx` (no Wasm frame).
    pub fn host_body(&self, idx: StackId) -> Option<u32> {
        self.rare(idx)?.host_body
    }

    pub fn set_host_body(&mut self, idx: StackId, func: Option<u32>) {
        if func.is_none() && !self[idx].has_rare {
            return;
        }
        self.rare_mut(idx).host_body = func;
        self.tidy_rare(idx);
    }

    fn rare(&self, idx: StackId) -> Option<&Rare> {
        if self[idx].has_rare {
            self.rare.get(&idx)
        } else {
            None
        }
    }

    fn rare_mut(&mut self, idx: StackId) -> &mut Rare {
        self[idx].has_rare = true;
        self.rare.entry(idx).or_default()
    }

    /// Drops the `Rare` part of stack `idx` once it holds nothing.
    fn tidy_rare(&mut self, idx: StackId) {
        if self.rare.get(&idx).is_some_and(Rare::is_empty) {
            self.rare.remove(&idx);
            self[idx].has_rare = false;
        }
    }

    /// The limit that makes `alloc` fail now: the number of live
    /// continuations, else the bytes of all stacks.
    pub fn alloc_limit(&self) -> TrapCode {
        if self.live_continuations >= self.max_continuations {
            TrapCode::ContinuationLimit
        } else {
            TrapCode::StackMemoryLimit
        }
    }

    /// Grows stack `idx` to at least `need` slots, within the per-stack and
    /// the total limits. Its memory may move.
    #[inline(always)]
    pub fn ensure_slots(&mut self, idx: StackId, need: usize) -> Result<(), TrapCode> {
        self.room_for_frame(idx, need, usize::MAX).map(|_| ())
    }

    /// Stack `idx`, if it has fewer than `max_frames` frames, grown to at
    /// least `need` slots as by `ensure_slots` (one lookup of the stack for
    /// all three, on the path of every call).
    #[inline(always)]
    pub fn room_for_frame(
        &mut self,
        idx: StackId,
        need: usize,
        max_frames: usize,
    ) -> Result<&mut Stack, TrapCode> {
        let Stacks {
            stacks,
            total_slots,
            max_total_slots,
            max_stack_slots,
            ..
        } = self;
        let stack = &mut stacks[idx.index()];
        if stack.frames_len() >= max_frames {
            return Err(TrapCode::StackExhausted);
        }
        if need > stack.slots_len as usize {
            grow_slots(stack, need, total_slots, *max_total_slots, *max_stack_slots)?;
        }
        Ok(stack)
    }
}

/// Grows `stack` to at least `need` slots (more than it has), within the
/// per-stack limit `max_stack_slots` and the limit `max_total_slots` on
/// `total_slots`, the slots of all stacks together.
#[cold]
fn grow_slots(
    stack: &mut Stack,
    need: usize,
    total_slots: &mut usize,
    max_total_slots: usize,
    max_stack_slots: usize,
) -> Result<(), TrapCode> {
    let len = stack.slots_len as usize;
    if need > max_stack_slots {
        return Err(TrapCode::StackExhausted);
    }
    // Small stacks (most continuations) get exactly what their frames
    // need: a parked continuation keeps its size. Beyond that the size
    // doubles, so deep recursion stays linear. A pooled stack keeps its
    // slots when reused, so this costs a reallocation only the first
    // time a stack reaches a new depth.
    let new = if need <= EXACT_GROWTH_SLOTS {
        need
    } else {
        need.max(2 * len).min(max_stack_slots)
    };
    if *total_slots + (new - len) > max_total_slots {
        return Err(TrapCode::StackMemoryLimit);
    }
    *total_slots += new - len;
    stack.resize_slots(new);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(func: u32) -> Frame {
        Frame {
            func,
            pc: func * 10,
            fp: func * 100,
        }
    }

    #[test]
    fn stack_record_stays_small() {
        // A million parked continuations pay this a million times (see
        // ARCHITECTURE.md, the stack model).
        assert!(std::mem::size_of::<Stack>() <= 64);
    }

    #[test]
    fn frames_keep_the_top_inline_and_the_rest_in_order() {
        let mut f = Stack::new();
        assert!(f.frames_is_empty() && f.top_frame().is_none() && f.pop_frame().is_none());
        f.push_frame(frame(1));
        assert_eq!(f.frames_len(), 1);
        assert_eq!((f.top_frame(), f.below_capacity()), (Some(&frame(1)), 0));
        f.push_frame(frame(2));
        f.push_frame(frame(3));
        f.top_frame_mut().unwrap().pc = 7;
        assert_eq!(f.frames_len(), 3);
        let all: Vec<u32> = f.frames_from(0).map(|x| x.func).collect();
        assert_eq!(all, [1, 2, 3]);
        let upper: Vec<u32> = f.frames_from(2).map(|x| x.func).collect();
        assert_eq!(upper, [3]);
        assert_eq!(f.frames_from(3).count(), 0);
        assert_eq!(f.frames_from(9).count(), 0);
        assert_eq!(f.pop_frame().map(|x| x.pc), Some(7));
        assert_eq!(f.top_frame(), Some(&frame(2)));
        f.push_frame(frame(4));
        f.truncate_frames(1);
        assert_eq!((f.frames_len(), f.top_frame()), (1, Some(&frame(1))));
        f.clear_frames();
        assert!(f.frames_is_empty());
    }

    #[test]
    fn slots_and_frames_share_one_block_and_survive_each_others_growth() {
        let mut f = Stack::new();
        f.resize_slots(5);
        f.slots_mut().copy_from_slice(&[1, 2, 3, 4, 5]);
        for i in 1..=40 {
            f.push_frame(frame(i));
            if i % 7 == 0 {
                // Slots grow between calls, as a call deeper needs them.
                let n = f.slots().len() + 3;
                f.resize_slots(n);
            }
        }
        let words = |f: &Stack| f.mem.len();
        assert_eq!(f.frames_len(), 40);
        assert_eq!(&f.slots()[..5], &[1, 2, 3, 4, 5]);
        assert!(f.slots()[5..].iter().all(|&v| v == 0));
        let all: Vec<u32> = f.frames_from(0).map(|x| x.func).collect();
        assert_eq!(all, (1..=40).collect::<Vec<_>>());
        assert!(f
            .frames_from(0)
            .all(|x| x.pc == x.func * 10 && x.fp == x.func * 100));
        for i in (1..=40).rev() {
            assert_eq!(f.pop_frame(), Some(frame(i)));
        }
        assert!(f.pop_frame().is_none());

        // New slots are zero, also where frames were.
        let mut h = Stack::new();
        h.resize_slots(2);
        for i in 1..=5 {
            h.push_frame(frame(i));
        }
        for _ in 0..3 {
            h.pop_frame();
        }
        h.resize_slots(12);
        assert!(h.slots().iter().all(|&v| v == 0));
        assert_eq!(h.frames_from(0).collect::<Vec<_>>(), [frame(1), frame(2)]);

        let mut g = Stack::new();
        g.resize_slots(16);
        for i in 1..=4 {
            g.push_frame(frame(i));
        }
        // A parked continuation four frames deep: 16 slots and 3 frames
        // below the top (36 bytes, in 5 words).
        assert_eq!(words(&g), 16 + 5);
        assert!(words(&f) >= f.slots().len() + 60);
    }
}
