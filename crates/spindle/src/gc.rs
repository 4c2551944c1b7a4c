//! The heap of GC-proposal objects (structs and arrays).
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
    objects: Vec<GcObject>,
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
