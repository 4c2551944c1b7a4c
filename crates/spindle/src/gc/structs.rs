//! The struct arena: every struct of a store inline in one vector of
//! words, a header word followed by its fields, so that `struct.get` is
//! one load from the reference's block (no object table to go through)
//! and allocating a struct calls no allocator.
//!
//! A struct reference (`heap.rs`) carries the word offset of its block's
//! header as its index: `gen << 32 | at << 3 | 2`. A block is `1 + max(len,
//! 1)` words (a struct without fields keeps one spare word for the free
//! list's link). Blocks never change size: a freed block goes on the free
//! list of its field count and is reused only for a struct with as many
//! fields, so a header stays a header for the store's life. Header:
//!
//! - live: `gen << 32 | ty` (the canonical type, below 2^31);
//! - free: `gen << 32 | FREE | len`, the next free block of that length
//!   in the first field word (`u32::MAX`: none).
//!
//! The generation (31 bits, never 0) moves on when the block is freed, so a
//! stale reference never names the block's next struct. `live` has one
//! bit per word, set at the headers of live blocks: the collector's
//! conservative scan may meet a word that points into the middle of a
//! block or at a free one, and `resolve` turns it down.
//!
//! The sweep is lazy: it moves the live blocks the collector did not mark
//! from `live` to `dead` (`live & !marks`, 64 words at a time) without
//! touching the blocks themselves, so it costs per 64 words of arena, not
//! per struct. A dead block keeps the dead struct's header until an
//! allocation takes it: `alloc` looks for a block of its length on the free
//! list, then at the next dead block (`dead_from` on), reusing it if it has
//! the length and putting it on its free list otherwise, then at the end of
//! the arena. A dead struct's memory is thus touched once, by the
//! allocation that reuses it (which writes it anyway), instead of also by
//! the sweep: binary-trees frees millions of structs between collections,
//! and the sweep's read of every dead header was a cache miss each. The
//! collector marks in the dead bitmap itself (`take_marks`): it marks only
//! live blocks, so marks and dead bits never share a bit.
//!
//! Compiled code takes dead blocks itself (`jit/lower/gc.rs`): it reads and
//! writes the `Cursor` (the bitmaps' addresses, `dead_from`, the live
//! count) at fixed offsets, takes the lowest dead bit of word `dead_from`
//! if that block held a struct of the type it allocates, and otherwise
//! calls the runtime, which runs `alloc`.

use crate::trap::TrapCode;
use crate::types::TypeId;

/// Header bit of a free block.
const FREE: u64 = 1 << 31;
/// Generations are 31 bits (`heap.rs`: bit 63 marks externalized ones).
const GEN_MASK: u64 = 0x7fff_ffff;
/// The index of a reference has 29 bits: the arena holds at most this many
/// words.
const MAX_WORDS: usize = 1 << 29;

/// The generation after `gen` (31 bits, never 0).
#[inline]
fn next_gen(gen: u64) -> u64 {
    if gen >= GEN_MASK {
        1
    } else {
        gen + 1
    }
}

pub(crate) use crate::values::struct_block_words as block_words;

/// The state compiled code's inline `struct.new` reads and writes
/// (`jit/lower/gc.rs`, at `GcHeap::ALLOC_OFFSETS`): it takes the lowest bit
/// of `dead_bits[dead_from]` as `take_dead` would and revives the block as
/// `revive` does. The addresses are kept current by `Structs::sync`
/// whenever a bitmap may move.
#[derive(Debug, Default)]
pub(crate) struct Cursor {
    /// The address of `Structs::dead_bits`' first word, and its length.
    pub(crate) dead_bits: usize,
    pub(crate) dead_len: usize,
    /// The first word of `dead_bits` that can have a bit set.
    pub(crate) dead_from: usize,
    /// The address of `Structs::live_bits`' first word.
    pub(crate) live_bits: usize,
    /// Live structs.
    pub(crate) live: usize,
}

/// The arena (see the module comment).
#[derive(Debug, Default)]
pub(crate) struct Structs {
    slab: Vec<u64>,
    /// One bit per word of `slab`: the header of a live block.
    live_bits: Vec<u64>,
    /// One bit per word of `slab` (as long as `live_bits`): the header of a
    /// block a sweep freed and no allocation took yet (see the module docs).
    dead_bits: Vec<u64>,
    /// Head of the free list of blocks of `len` fields, by `len`.
    free: Vec<u32>,
    /// What compiled code allocates with (see `Cursor`).
    pub(crate) cursor: Cursor,
}

impl Structs {
    /// Live structs.
    pub(crate) fn live(&self) -> usize {
        self.cursor.live
    }

    /// Points the cursor at the bitmaps (after they may have moved).
    fn sync(&mut self) {
        self.cursor.dead_bits = self.dead_bits.as_ptr() as usize;
        self.cursor.dead_len = self.dead_bits.len();
        self.cursor.live_bits = self.live_bits.as_ptr() as usize;
    }

    /// A block for a struct of type `ty` with `len` fields; returns its
    /// header offset and generation. The fields are the caller's to write
    /// (`fields_mut`). `len_of` gives a struct type's field count (for the
    /// dead blocks met on the way). Without `grow`, `Ok(None)` rather than
    /// moving the arena (compiled code holds its address: `base`).
    #[inline]
    pub(crate) fn alloc(
        &mut self,
        ty: TypeId,
        len: usize,
        len_of: impl Fn(TypeId) -> usize,
        grow: bool,
    ) -> Result<Option<(u32, u64)>, TrapCode> {
        debug_assert!((ty.0 as u64) < FREE);
        let (at, gen) = match self.free.get(len) {
            Some(&head) if head != u32::MAX => {
                let at = head as usize;
                let h = self.slab[at];
                debug_assert!(h & FREE != 0);
                self.free[len] = self.slab[at + 1] as u32;
                (at, h >> 32)
            }
            _ => match self.take_dead(ty, len, len_of) {
                Some(at) => (at, next_gen(self.slab[at] >> 32)),
                None => {
                    let at = self.slab.len();
                    let words = block_words(len);
                    if at + words > MAX_WORDS {
                        return Err(TrapCode::AllocationTooLarge);
                    }
                    if !grow && at + words > self.slab.capacity() {
                        return Ok(None);
                    }
                    self.grow(at + words);
                    (at, 1)
                }
            },
        };
        Ok(Some(self.revive(at, gen, ty)))
    }

    /// Extends the arena to `words` words (and the bitmaps with it).
    #[inline(never)]
    fn grow(&mut self, words: usize) {
        self.slab.resize(words, 0);
        let bits = words.div_ceil(64);
        if self.live_bits.len() < bits {
            self.live_bits.resize(bits, 0);
            self.dead_bits.resize(bits, 0);
            self.sync();
        }
    }

    /// Makes the block at `at` the live struct of type `ty` in generation
    /// `gen`.
    #[inline]
    fn revive(&mut self, at: usize, gen: u64, ty: TypeId) -> (u32, u64) {
        self.slab[at] = gen << 32 | ty.0 as u64;
        self.live_bits[at / 64] |= 1 << (at % 64);
        self.cursor.live += 1;
        (at as u32, gen)
    }

    /// The next dead block with `len` fields (`dead_from` on; for a struct
    /// of type `ty`), taken out
    /// of `dead_bits`; the dead blocks of other lengths before it go on
    /// their free lists. Out of line: the interpreter's `struct.new` arm
    /// inlines `alloc`, and the `execute` loop's other arms must not pay
    /// for a larger loop.
    #[inline(never)]
    fn take_dead(
        &mut self,
        ty: TypeId,
        len: usize,
        len_of: impl Fn(TypeId) -> usize,
    ) -> Option<usize> {
        while let Some(&bits) = self.dead_bits.get(self.cursor.dead_from) {
            if bits == 0 {
                self.cursor.dead_from += 1;
                continue;
            }
            let k = self.cursor.dead_from;
            let at = k * 64 + bits.trailing_zeros() as usize;
            self.dead_bits[k] = bits & (bits - 1);
            let h = self.slab[at];
            // (A dead struct of the same type has the length.)
            let t = TypeId(h as u32);
            let n = if t == ty { len } else { len_of(t) };
            if n == len {
                return Some(at);
            }
            self.push_free(at, next_gen(h >> 32), n);
        }
        None
    }

    /// Puts the block at `at` (`len` fields) on its free list with
    /// generation `gen`.
    fn push_free(&mut self, at: usize, gen: u64, len: usize) {
        if self.free.len() <= len {
            self.free.resize(len + 1, u32::MAX);
        }
        self.slab[at] = gen << 32 | FREE | len as u64;
        self.slab[at + 1] = self.free[len] as u64;
        self.free[len] = at as u32;
    }

    /// The address of the arena's word 0 (the header of the block at
    /// offset 0), valid until the arena next grows (`alloc` with `grow`).
    pub(crate) fn base(&mut self) -> *mut u64 {
        self.slab.as_mut_ptr()
    }

    /// The `len` field words of the block at `at`.
    #[inline]
    pub(crate) fn fields_mut(&mut self, at: u32, len: usize) -> &mut [u64] {
        let at = at as usize + 1;
        &mut self.slab[at..at + len]
    }

    /// The `len` field words of the block at `at`.
    #[inline]
    pub(crate) fn fields(&self, at: u32, len: usize) -> &[u64] {
        let at = at as usize + 1;
        &self.slab[at..at + len]
    }

    /// Field `i` of the struct at `at`.
    #[inline]
    pub(crate) fn get(&self, at: u32, i: u32) -> u64 {
        self.slab[at as usize + 1 + i as usize]
    }

    /// Sets field `i` of the struct at `at`.
    #[inline]
    pub(crate) fn set(&mut self, at: u32, i: u32, v: u64) {
        self.slab[at as usize + 1 + i as usize] = v;
    }

    /// The canonical type of the live struct at `at`.
    #[inline]
    pub(crate) fn ty(&self, at: u32) -> TypeId {
        TypeId(self.slab[at as usize] as u32)
    }

    /// The header offset of the live struct at index `at` with generation
    /// `gen` (a reference's fields), if there is one.
    #[inline]
    pub(crate) fn resolve(&self, at: usize, gen: u64) -> Option<u32> {
        let bits = *self.live_bits.get(at / 64)?;
        let live = bits >> (at % 64) & 1 != 0;
        (live && self.slab[at] >> 32 == gen).then_some(at as u32)
    }

    /// The collector's mark bitmap for the structs (one bit per word),
    /// holding the dead bits until `sweep`: only live blocks are marked,
    /// so a mark and a dead bit never share a bit, and one vector holds
    /// both (no second bitmap as large as `live_bits` during a collection).
    pub(crate) fn take_marks(&mut self) -> Vec<u64> {
        let mut v = std::mem::take(&mut self.dead_bits);
        self.sync();
        v.resize(self.live_bits.len(), 0);
        v
    }

    /// Frees every live block not marked in `marks` (`take_marks`' vector,
    /// with the marks of the collection), lazily (see the module docs).
    pub(crate) fn sweep(&mut self, mut marks: Vec<u64>) {
        marks.resize(self.live_bits.len(), 0);
        let mut live = 0;
        for (l, d) in self.live_bits.iter_mut().zip(&mut marks) {
            // Marked: live and set. Dead: set and not live (from before),
            // or live and not set.
            let marked = *l & *d;
            *d ^= *l;
            *l = marked;
            live += marked.count_ones() as usize;
        }
        self.dead_bits = marks;
        self.cursor.dead_from = 0;
        self.cursor.live = live;
        self.sync();
    }

    /// Words in the arena.
    #[cfg(test)]
    fn words(&self) -> usize {
        self.slab.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_blocks_are_reused_by_length_with_a_new_generation() {
        let len_of = |t: TypeId| if t == TypeId(3) { 2 } else { 0 };
        let mut s = Structs::default();
        let alloc =
            |s: &mut Structs, t: TypeId| s.alloc(t, len_of(t), len_of, true).unwrap().unwrap();
        let (a, ga) = alloc(&mut s, TypeId(3));
        let (b, _) = alloc(&mut s, TypeId(4));
        let (c, _) = alloc(&mut s, TypeId(3));
        assert_eq!((a, b, c), (0, 3, 5));
        s.fields_mut(a, 2).copy_from_slice(&[7, 8]);
        assert_eq!((s.get(a, 1), s.ty(a)), (8, TypeId(3)));
        assert_eq!(s.resolve(a as usize, ga), Some(a));
        // A word into the middle of a block is not a struct.
        assert_eq!(s.resolve(1, ga), None);
        // Keep only `c`.
        let mut marks = s.take_marks();
        marks[0] |= 1 << c;
        s.sweep(marks);
        assert_eq!(s.live(), 1);
        assert_eq!(s.resolve(a as usize, ga), None, "stale reference");
        assert_eq!(s.resolve(b as usize, 1), None, "stale reference");
        // A 0-field struct first: the dead block of `a` (2 fields) goes on
        // its free list on the way to `b`'s.
        let (e, ge) = alloc(&mut s, TypeId(4));
        assert_eq!((e, ge), (b, 2));
        let (d, gd) = alloc(&mut s, TypeId(3));
        assert_eq!((d, gd), (a, ga + 1));
        assert_eq!(alloc(&mut s, TypeId(4)).0, 8, "bump once none is free");
        // Without `grow`, no allocation past the arena's capacity.
        let cap = s.slab.capacity();
        let mut n = 0;
        while s.alloc(TypeId(3), 2, len_of, false).unwrap().is_some() {
            n += 1;
        }
        assert_eq!(s.slab.capacity(), cap);
        assert!(s.words() + 3 > cap, "{n} allocated in place");
    }
}
