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
//! block or at a free one, and `resolve` turns it down; the sweep frees
//! the live blocks the collector did not mark, `live & !marks` 64 words at
//! a time, so it costs per dead struct (and per 64 words), not per block.

use crate::trap::TrapCode;
use crate::types::TypeId;

/// Header bit of a free block.
const FREE: u64 = 1 << 31;
/// Generations are 31 bits (`heap.rs`: bit 63 marks externalized ones).
const GEN_MASK: u64 = 0x7fff_ffff;
/// The index of a reference has 29 bits: the arena holds at most this many
/// words.
const MAX_WORDS: usize = 1 << 29;

/// Words of the block of a struct with `len` fields.
#[inline]
pub(crate) fn block_words(len: usize) -> usize {
    1 + len.max(1)
}

/// The arena (see the module comment).
#[derive(Debug, Default)]
pub(crate) struct Structs {
    slab: Vec<u64>,
    /// One bit per word of `slab`: the header of a live block.
    live_bits: Vec<u64>,
    /// Head of the free list of blocks of `len` fields, by `len`.
    free: Vec<u32>,
    live: usize,
    /// Words of the live blocks.
    live_words: usize,
}

impl Structs {
    /// Live structs.
    pub(crate) fn live(&self) -> usize {
        self.live
    }

    /// A block for a struct of type `ty` with `len` fields; returns its
    /// header offset and generation. The fields are the caller's to write
    /// (`fields_mut`).
    #[inline]
    pub(crate) fn alloc(&mut self, ty: TypeId, len: usize) -> Result<(u32, u64), TrapCode> {
        debug_assert!((ty.0 as u64) < FREE);
        if let Some(&head) = self.free.get(len) {
            if head != u32::MAX {
                let at = head as usize;
                let h = self.slab[at];
                debug_assert!(h & FREE != 0);
                self.free[len] = self.slab[at + 1] as u32;
                let gen = h >> 32;
                self.slab[at] = gen << 32 | ty.0 as u64;
                self.live_bits[at / 64] |= 1 << (at % 64);
                self.live += 1;
                self.live_words += block_words(len);
                return Ok((head, gen));
            }
        }
        let at = self.slab.len();
        let words = block_words(len);
        if at + words > MAX_WORDS {
            return Err(TrapCode::AllocationTooLarge);
        }
        self.slab.resize(at + words, 0);
        self.slab[at] = 1 << 32 | ty.0 as u64;
        let bits = self.slab.len().div_ceil(64);
        if self.live_bits.len() < bits {
            self.live_bits.resize(bits, 0);
        }
        self.live_bits[at / 64] |= 1 << (at % 64);
        self.live += 1;
        self.live_words += words;
        Ok((at as u32, 1))
    }

    /// Can a struct with `len` fields be allocated without moving the
    /// arena (a free block of that length, or room left in its capacity)?
    /// Compiled code holds the arena's address (`base`) for a whole entry.
    #[inline]
    pub(crate) fn fits_in_place(&self, len: usize) -> bool {
        self.free.get(len).is_some_and(|&h| h != u32::MAX)
            || self.slab.len() + block_words(len) <= self.slab.capacity().min(MAX_WORDS)
    }

    /// The address of the arena's word 0 (the header of the block at
    /// offset 0), valid until the arena next grows (`alloc` without
    /// `fits_in_place`).
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

    /// Frees every live block whose header offset is not set in `marks`
    /// (one bit per word, as long as `live_bits` or shorter); `len_of` gives
    /// a live struct's field count by type. Returns the words of the blocks
    /// left.
    pub(crate) fn sweep(&mut self, marks: &[u64], len_of: impl Fn(TypeId) -> usize) -> usize {
        for k in 0..self.live_bits.len() {
            let mut dead = self.live_bits[k] & !marks.get(k).copied().unwrap_or(0);
            if dead == 0 {
                continue;
            }
            self.live_bits[k] &= !dead;
            while dead != 0 {
                let at = k * 64 + dead.trailing_zeros() as usize;
                dead &= dead - 1;
                let h = self.slab[at];
                let len = len_of(TypeId(h as u32));
                let gen = h >> 32;
                let gen = if gen >= GEN_MASK { 1 } else { gen + 1 };
                if self.free.len() <= len {
                    self.free.resize(len + 1, u32::MAX);
                }
                self.slab[at] = gen << 32 | FREE | len as u64;
                self.slab[at + 1] = self.free[len] as u64;
                self.free[len] = at as u32;
                self.live -= 1;
                self.live_words -= block_words(len);
            }
        }
        self.live_words
    }

    /// Words in the arena (the size of a mark bitmap is `words().div_ceil(64)`).
    pub(crate) fn words(&self) -> usize {
        self.slab.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_blocks_are_reused_by_length_with_a_new_generation() {
        let mut s = Structs::default();
        let (a, ga) = s.alloc(TypeId(3), 2).unwrap();
        let (b, _) = s.alloc(TypeId(4), 0).unwrap();
        let (c, _) = s.alloc(TypeId(3), 2).unwrap();
        assert_eq!((a, b, c), (0, 3, 5));
        s.fields_mut(a, 2).copy_from_slice(&[7, 8]);
        assert_eq!((s.get(a, 1), s.ty(a)), (8, TypeId(3)));
        assert_eq!(s.resolve(a as usize, ga), Some(a));
        // A word into the middle of a block is not a struct.
        assert_eq!(s.resolve(1, ga), None);
        // Keep only `c`.
        let mut marks = vec![0u64; s.words().div_ceil(64)];
        marks[0] |= 1 << c;
        let len_of = |t: TypeId| if t == TypeId(3) { 2 } else { 0 };
        assert_eq!(s.sweep(&marks, len_of), 3);
        assert_eq!(s.live(), 1);
        assert_eq!(s.resolve(a as usize, ga), None, "stale reference");
        let (d, gd) = s.alloc(TypeId(3), 2).unwrap();
        assert_eq!((d, gd), (a, ga + 1));
        let (e, _) = s.alloc(TypeId(4), 0).unwrap();
        assert_eq!(e, b);
        assert_eq!(
            s.alloc(TypeId(4), 0).unwrap().0,
            8,
            "bump once the list is empty"
        );
    }
}
