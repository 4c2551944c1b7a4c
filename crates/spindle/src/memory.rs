//! Linear memory: the bytes of one Wasm memory, at a base address that
//! never moves, costing only the pages that were touched.
//!
//! On 64-bit Unix a memory reserves address space for its maximum size (the
//! declared maximum, else the Wasm32 limit of 4 GiB) as one anonymous
//! private mapping with no access and no swap reservation. Its first `len`
//! bytes are made readable and writable, and `memory.grow` extends that
//! part in place with one `mprotect`. The kernel backs a page with memory
//! only when it is first touched, and gives it zeroed, so a fresh or grown
//! memory costs address space, not RSS or time. Bytes beyond the current
//! size stay inaccessible: nothing reaches them through the bounds-checked
//! slices below, and a stray pointer into them would fault rather than
//! read zeros. Commit accounting (`vm.overcommit_memory=2`) charges only
//! the accessible part, as it did for the `Vec`.
//!
//! Everywhere else (other targets, 32-bit address spaces), and when the
//! reservation fails (address space or the kernel's map count exhausted, an
//! address-space limit), the bytes are a `Vec` that grows by reallocation,
//! as before; the engine only ever sees `&[u8]` / `&mut [u8]` of the
//! current length, so it works the same on both.
//!
//! All `unsafe` of linear memory is in this file: making the slices
//! (`LinearMemory::bytes`/`bytes_mut`) and the three system calls
//! (`reserve::Reservation`).

use std::ptr::NonNull;

/// The bytes of one linear memory.
pub(crate) struct LinearMemory {
    /// First byte; valid for reads and writes of `len` bytes (see `bytes`).
    base: NonNull<u8>,
    len: usize,
    backing: Backing,
}

/// Where a memory's bytes are and how many there are, as the interpreter
/// caches them for the memory it accesses most (see `interp::exec`).
/// Valid until the memory grows or is dropped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BytesView {
    base: NonNull<u8>,
    len: usize,
}

// SAFETY: a `BytesView` is an address and a length; it is only turned
// back into a slice (`BytesView::bytes`, unsafe) by the thread that holds
// the store mutably.
unsafe impl Send for BytesView {}
// SAFETY: as for `Send`.
unsafe impl Sync for BytesView {}

impl Default for BytesView {
    fn default() -> BytesView {
        BytesView::EMPTY
    }
}

impl BytesView {
    /// A view of no bytes.
    pub const EMPTY: BytesView = BytesView {
        base: NonNull::dangling(),
        len: 0,
    };

    /// The bytes.
    ///
    /// # Safety
    /// The memory the view was taken of (`LinearMemory::view`) must still
    /// exist and must not have grown since, and no other reference to its
    /// bytes may live while the slice does.
    #[inline(always)]
    pub unsafe fn bytes<'a>(self) -> &'a mut [u8] {
        // SAFETY: by the caller's promise, `base`/`len` are what
        // `bytes_mut` would give now, and the slice is the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.base.as_ptr(), self.len) }
    }
}

/// What owns the bytes behind `base`.
enum Backing {
    /// Reserved address space, accessible up to at least `len`.
    #[cfg(all(unix, target_pointer_width = "64"))]
    Reserved(reserve::Reservation),
    /// A heap buffer of exactly `len` bytes (`base` is its pointer).
    Heap(Vec<u8>),
}

// SAFETY: a `LinearMemory` owns its bytes exclusively, like the `Vec<u8>`
// it replaces: the raw base pointer is never shared outside it, every
// access goes through `&self`/`&mut self`, and the mapping may be used and
// unmapped from any thread.
unsafe impl Send for LinearMemory {}
// SAFETY: as for `Send`; `&LinearMemory` only gives shared `&[u8]` access.
unsafe impl Sync for LinearMemory {}

impl std::fmt::Debug for LinearMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinearMemory")
            .field("len", &self.len)
            .field("reserved", &self.reserved())
            .finish()
    }
}

impl LinearMemory {
    /// `len` zero bytes that can grow in place up to `reserve` bytes (at
    /// least `len`). `None` if even a heap buffer of `len` bytes cannot be
    /// had.
    pub fn new(len: usize, reserve: usize) -> Option<LinearMemory> {
        let reserve = reserve.max(len);
        #[cfg(all(unix, target_pointer_width = "64"))]
        if reserve > 0 {
            if let Some(mut r) = reserve::Reservation::new(reserve) {
                if r.commit(len) {
                    return Some(LinearMemory {
                        base: r.base(),
                        len,
                        backing: Backing::Reserved(r),
                    });
                }
            }
        }
        let mut v = Vec::new();
        v.try_reserve_exact(len).ok()?;
        v.resize(len, 0);
        Some(LinearMemory::heap(v))
    }

    /// A memory on the heap, whatever the target (for tests of the
    /// fallback).
    #[cfg(test)]
    fn new_heap(len: usize) -> LinearMemory {
        LinearMemory::heap(vec![0; len])
    }

    fn heap(mut v: Vec<u8>) -> LinearMemory {
        LinearMemory {
            base: NonNull::new(v.as_mut_ptr()).expect("a Vec's pointer is not null"),
            len: v.len(),
            backing: Backing::Heap(v),
        }
    }

    /// Current size in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Bytes it can grow to without moving (`len` for a heap buffer, which
    /// moves when it grows).
    pub fn reserved(&self) -> usize {
        match &self.backing {
            #[cfg(all(unix, target_pointer_width = "64"))]
            Backing::Reserved(r) => r.size(),
            Backing::Heap(_) => self.len,
        }
    }

    /// Whether the bytes are in reserved address space (grow in place,
    /// paged in on first touch) rather than a heap buffer.
    pub fn is_reserved(&self) -> bool {
        !matches!(self.backing, Backing::Heap(_))
    }

    /// The contents.
    #[inline(always)]
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `base` is valid for reads of `len` initialised bytes:
        // reserved memory is accessible (read/write) up to the committed
        // size, which is at least `len`, and the kernel zero-fills its
        // pages; a heap buffer's `base`/`len` are its `as_mut_ptr()`/
        // `len()`, updated after every change to the `Vec`. The slice
        // borrows `self`, so the bytes stay mapped (or allocated) and
        // unmoved while it lives: only `grow` (by `&mut self`) and `drop`
        // change them.
        unsafe { std::slice::from_raw_parts(self.base.as_ptr(), self.len) }
    }

    /// The contents, mutably.
    #[inline(always)]
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`, and the bytes are writable; `&mut self`
        // makes this the only reference to them (`base` is never handed
        // out, and `Vec::as_mut_ptr` promises the pointer stays valid
        // without other references to the buffer being made).
        unsafe { std::slice::from_raw_parts_mut(self.base.as_ptr(), self.len) }
    }

    /// Where the bytes are now (see `BytesView`).
    #[inline(always)]
    pub fn view(&mut self) -> BytesView {
        BytesView {
            base: self.base,
            len: self.len,
        }
    }

    /// Grows to `new_len` bytes (not less than now), the new bytes zero.
    /// Reserved memory stays where it is; a heap buffer may move. On
    /// failure nothing changes and `false` is returned.
    pub fn grow(&mut self, new_len: usize) -> bool {
        if new_len < self.len {
            return false;
        }
        match &mut self.backing {
            #[cfg(all(unix, target_pointer_width = "64"))]
            Backing::Reserved(r) => {
                // Never written beyond `len` (every access is through a
                // slice of `len` bytes) and never shrunk, so the pages
                // between `len` and `new_len` are still the kernel's zero
                // pages.
                if new_len > r.size() || !r.commit(new_len) {
                    return false;
                }
            }
            Backing::Heap(v) => {
                if v.try_reserve_exact(new_len - v.len()).is_err() {
                    return false;
                }
                v.resize(new_len, 0);
                self.base = NonNull::new(v.as_mut_ptr()).expect("a Vec's pointer is not null");
            }
        }
        self.len = new_len;
        true
    }
}

impl LinearMemory {
    /// Grows to `new_len` bytes like `grow`; reserved memory that cannot
    /// grow in place (the reservation is too small) moves to a new
    /// reservation of up to `room` bytes (at least `new_len`), copying its
    /// contents. Untouched pages of the old mapping are read as zeros and
    /// copied, so the copy commits the old size in the new mapping; only
    /// 64-bit memories outgrow their reservation.
    pub fn grow_to(&mut self, new_len: usize, room: usize) -> bool {
        if self.grow(new_len) {
            return true;
        }
        if new_len < self.len || !self.is_reserved() {
            return false;
        }
        let moved = LinearMemory::new(self.len, room.max(new_len))
            .filter(|m| m.reserved() >= new_len)
            .or_else(|| LinearMemory::new(self.len, new_len).filter(|m| m.reserved() >= new_len));
        let Some(mut moved) = moved else {
            return false;
        };
        moved.bytes_mut().copy_from_slice(self.bytes());
        if !moved.grow(new_len) {
            return false;
        }
        *self = moved;
        true
    }
}

impl std::ops::Deref for LinearMemory {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        self.bytes()
    }
}

impl std::ops::DerefMut for LinearMemory {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [u8] {
        self.bytes_mut()
    }
}

/// Address-space reservations (64-bit Unix), through `rustix::mm`.
#[cfg(all(unix, target_pointer_width = "64"))]
mod reserve {
    use std::ptr::NonNull;

    use rustix::mm::{MapFlags, MprotectFlags, ProtFlags};

    /// An anonymous private mapping of `size` bytes whose first
    /// `committed` bytes are readable and writable and the rest
    /// inaccessible. Unmapped when dropped.
    pub(super) struct Reservation {
        base: NonNull<u8>,
        size: usize,
        committed: usize,
    }

    /// `n` rounded up to whole OS pages (`None` on overflow).
    fn page_round(n: usize) -> Option<usize> {
        let page = rustix::param::page_size();
        Some(n.checked_add(page - 1)? & !(page - 1))
    }

    impl Reservation {
        /// Reserves at least `size` (> 0) bytes of address space, none of
        /// it accessible yet. `None` if the kernel refuses.
        pub fn new(size: usize) -> Option<Reservation> {
            let size = page_round(size)?;
            // No swap (commit) reservation where the flag exists; with
            // `PROT_NONE` Linux charges nothing for the mapping anyway, and
            // with this flag not even for the parts made writable later
            // (unless `vm.overcommit_memory=2`, which ignores it).
            #[cfg(any(target_os = "linux", target_os = "android"))]
            let flags = MapFlags::PRIVATE | MapFlags::NORESERVE;
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            let flags = MapFlags::PRIVATE;
            // SAFETY: a new anonymous mapping at an address the kernel
            // chooses (null hint, no `MAP_FIXED`) cannot overlap memory
            // that anything else uses.
            let p = unsafe {
                rustix::mm::mmap_anonymous(std::ptr::null_mut(), size, ProtFlags::empty(), flags)
            }
            .ok()?;
            Some(Reservation {
                base: NonNull::new(p.cast::<u8>())?,
                size,
                committed: 0,
            })
        }

        pub fn base(&self) -> NonNull<u8> {
            self.base
        }

        /// Bytes of address space held.
        pub fn size(&self) -> usize {
            self.size
        }

        /// Makes at least the first `len` bytes readable and writable
        /// (whole OS pages; never takes access away). `false`, changing
        /// nothing, if `len` exceeds the reservation or the kernel refuses
        /// (commit limit, map count).
        pub fn commit(&mut self, len: usize) -> bool {
            if len <= self.committed {
                return true;
            }
            let Some(end) = page_round(len).filter(|&e| e <= self.size) else {
                return false;
            };
            // SAFETY: `[committed, end)` lies inside this mapping
            // (`committed <= end <= size`, both page-aligned, as is
            // `base`). Those pages were inaccessible, so no reference
            // points into them, and granting read/write access changes no
            // byte (they stay the kernel's zero pages until written).
            let r = unsafe {
                rustix::mm::mprotect(
                    self.base.as_ptr().add(self.committed).cast(),
                    end - self.committed,
                    MprotectFlags::READ | MprotectFlags::WRITE,
                )
            };
            if r.is_err() {
                return false;
            }
            self.committed = end;
            true
        }
    }

    impl Drop for Reservation {
        fn drop(&mut self) {
            // SAFETY: `base`/`size` are exactly the mapping made in `new`,
            // owned by this value alone. References into it borrow the
            // `LinearMemory` that owns this value, so none outlive it.
            let r = unsafe { rustix::mm::munmap(self.base.as_ptr().cast(), self.size) };
            debug_assert!(r.is_ok(), "munmap of a reservation failed: {r:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LinearMemory;

    const PAGE: usize = 65536;

    /// Grows a memory from 1 to 4 pages with a limit of 8: the contents
    /// survive, the new bytes are zero, the size only changes on success.
    fn check_grow(mut m: LinearMemory, in_place: bool) {
        assert_eq!(m.len(), PAGE);
        assert!(m.bytes().iter().all(|&b| b == 0));
        m.bytes_mut()[0] = 1;
        m.bytes_mut()[PAGE - 1] = 2;
        let base = m.bytes().as_ptr();
        assert!(m.grow(4 * PAGE));
        assert_eq!(m.len(), 4 * PAGE);
        if in_place {
            assert_eq!(m.bytes().as_ptr(), base, "grown in place");
        }
        assert_eq!((m[0], m[PAGE - 1]), (1, 2));
        assert!(m[PAGE..].iter().all(|&b| b == 0), "new pages are zero");
        m[4 * PAGE - 1] = 3;
        assert!(!m.grow(PAGE), "cannot shrink");
        assert_eq!(m.len(), 4 * PAGE);
        assert_eq!(m[4 * PAGE - 1], 3);
    }

    #[test]
    fn reserved_memory_grows_in_place() {
        let m = LinearMemory::new(PAGE, 8 * PAGE).unwrap();
        let reserved = m.is_reserved();
        if cfg!(all(unix, target_pointer_width = "64")) {
            assert!(reserved, "a 512 KiB reservation succeeds");
            assert!(m.reserved() >= 8 * PAGE);
        }
        check_grow(m, reserved);
    }

    #[test]
    fn heap_memory_grows() {
        check_grow(LinearMemory::new_heap(PAGE), false);
    }

    #[test]
    fn reserved_memory_stops_at_its_reservation() {
        let mut m = LinearMemory::new(PAGE, 2 * PAGE).unwrap();
        if !m.is_reserved() {
            return;
        }
        let base = m.bytes().as_ptr();
        assert!(!m.grow(1 << 30), "beyond the reservation");
        assert_eq!(m.len(), PAGE);
        assert!(m.grow(2 * PAGE));
        assert_eq!(m.bytes().as_ptr(), base);
        assert!(m.bytes().iter().all(|&b| b == 0));
    }

    #[test]
    fn reserved_memory_moves_beyond_its_reservation() {
        let mut m = LinearMemory::new(PAGE, 2 * PAGE).unwrap();
        if !m.is_reserved() {
            return;
        }
        m.bytes_mut()[PAGE - 1] = 7;
        assert!(m.grow_to(4 * PAGE, 16 * PAGE), "moves to a new reservation");
        assert!(m.is_reserved() && m.reserved() >= 16 * PAGE);
        assert_eq!(m.len(), 4 * PAGE);
        assert_eq!(m[PAGE - 1], 7);
        assert!(m[PAGE..].iter().all(|&b| b == 0));
        assert!(m.grow_to(16 * PAGE, 16 * PAGE), "then grows in place");
        assert!(!m.grow_to(8 * PAGE, 16 * PAGE), "never shrinks");
    }

    #[test]
    fn empty_memories() {
        // Nothing to reserve: a heap buffer (the caller enforces maxima).
        let mut m = LinearMemory::new(0, 0).unwrap();
        assert!(m.bytes().is_empty() && !m.is_reserved());
        assert!(m.grow(PAGE));
        assert!(m.iter().all(|&b| b == 0));
        let mut m = LinearMemory::new(0, 4 * PAGE).unwrap();
        assert!(m.bytes_mut().is_empty());
        assert!(m.grow(PAGE));
        assert!(m.iter().all(|&b| b == 0));
    }
}
