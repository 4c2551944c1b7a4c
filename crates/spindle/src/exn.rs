//! Exception objects: the store's table of thrown exceptions, and when an
//! exception may be freed.
//!
//! `throw` and `resume_throw` allocate an exception (tag and payload). An
//! `exnref` is `(generation << 32) | (index + 1)` (0 is null), like a
//! `contref`: a freed index goes on a free list and is reused by the next
//! allocation under a new generation (never 0). The generation makes the
//! conservative scan below precise in practice: no integer below 2^32 (an
//! `i32`, a loop counter, an `i32` payload) looks like a reference, so one
//! exception's payload does not keep a chain of others alive, and an old
//! reference can never name the entry's next exception. Two ways free an
//! exception:
//!
//! - *At once, when caught*, if its reference never existed as a value: a
//!   `catch`/`catch_all` clause (not `catch_ref`/`catch_all_ref`) catches
//!   an exception that is not `exposed`. An exception becomes exposed when
//!   a `*_ref` clause writes its reference into a slot, or when it reaches
//!   the host (`WasmException`, or an `exnref` handed out as a `Val`); a
//!   `throw_ref` can only rethrow an exposed one. An unexposed exception is
//!   referred to by nothing but the unwinding in progress, so once its
//!   payload is copied out nobody can name it again.
//! - *When a legacy catch handler ends*: a legacy `catch`/`catch_all`
//!   whose handler contains a `rethrow` of it keeps the exception (its
//!   reference in a hidden slot of the frame, not exposed) and counts a
//!   `hold`; a catch without reference frees an exception only when no
//!   handler holds it. The hold ends where the handler ends
//!   (`Instr::ExnRelease` at its end and before branches out of it), or
//!   when an exception leaves the handler (`interp::throw`, the region's
//!   `release` slot); the last hold of an unexposed exception frees it. A
//!   handler left otherwise (a trap, a catch elsewhere jumping out of it)
//!   leaves the exception to the collector.
//! - *By the collector* (`gc::collect`), for exposed ones: it marks every
//!   word of its roots that is the reference of a live exception (index
//!   and generation), conservatively, like continuation references, and
//!   frees the unmarked ones. Roots beyond the
//!   collector's usual ones: `pinned` exceptions, those held by a live
//!   `WasmException`, and the payload of an exception being allocated.
//!
//! No reachable reference to a freed exception can exist: an unexposed
//! exception has none, and the collector frees only exceptions that no
//! scanned word names, while every place a live `exnref` can be stored
//! (slots of live frames, bound arguments, globals, tables, payloads of
//! live exceptions, GC objects) is scanned. Words that merely look like a
//! reference only keep an exception longer; and were a stale reference
//! ever used, its generation would not match the entry's (`resolve`).
//!
//! The host's `ExnRef` is `Copy`, so the store cannot see it dropped: an
//! exception handed to the host as a `Val` (call results, host-function
//! arguments, `Global::get`, `Table::get`, host-resumed continuations) is
//! `pinned`, a root for the rest of the store's life (like wasmtime's
//! unscoped roots). A `WasmException` holds an `ExnHold`, which keeps its
//! exception alive while any clone of the error lives and pins it only if
//! `WasmException::exn_ref` was called; an exception that merely passes
//! through a host frame (rethrown by `call_raw`) is freed as usual.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Tag of a free entry.
const FREE: u32 = u32::MAX;

/// A thrown exception: its tag (store index) and payload slots.
#[derive(Debug)]
pub(crate) struct ExnEntity {
    /// Store tag index; `FREE` for a free entry.
    pub tag: u32,
    /// Of the current (or, when free, the last) occupant; never 0.
    generation: u32,
    /// Its reference has existed as a value (see the module doc).
    exposed: bool,
    /// Legacy catch handlers running that hold it (see the module doc).
    holds: u32,
    /// Handed to the host as a `Val`: a root until the store is dropped.
    /// (Atomic so that `Global::get` can pin through `&Store`.)
    pinned: AtomicBool,
    pub payload: Box<[u64]>,
}

/// Keeps the exception of a `WasmException` alive while the error (or a
/// clone) exists; the flag records that its `ExnRef` was taken, which
/// pins the exception for good.
#[derive(Debug, Clone)]
pub(crate) struct ExnHold(Arc<AtomicBool>);

impl ExnHold {
    /// The host took the exception's `ExnRef`.
    pub fn taken(&self) {
        self.0.store(true, Ordering::Release);
    }
}

/// The store's exceptions.
#[derive(Debug)]
pub(crate) struct Exns {
    entities: Vec<ExnEntity>,
    free: Vec<u32>,
    live: usize,
    /// The allocation that finds this many live exceptions runs the
    /// collector first.
    pub next_collection: usize,
    /// Exceptions inside `WasmException`s, with the store's copy of their
    /// hold.
    held: Vec<(u32, Arc<AtomicBool>)>,
}

/// Live exceptions below which allocation never collects.
pub(crate) const MIN_COLLECTION: usize = 4096;

impl Default for Exns {
    fn default() -> Self {
        Exns {
            entities: Vec::new(),
            free: Vec::new(),
            live: 0,
            next_collection: MIN_COLLECTION,
            held: Vec::new(),
        }
    }
}

impl std::ops::Index<u32> for Exns {
    type Output = ExnEntity;
    fn index(&self, i: u32) -> &ExnEntity {
        let e = &self.entities[i as usize];
        debug_assert!(e.tag != FREE, "exception {i} is free");
        e
    }
}

impl Exns {
    /// A new, unexposed exception.
    pub fn alloc(&mut self, tag: u32, payload: Box<[u64]>) -> u32 {
        debug_assert!(tag != FREE);
        self.live += 1;
        match self.free.pop() {
            Some(i) => {
                let e = &mut self.entities[i as usize];
                debug_assert!(!*e.pinned.get_mut(), "pinned exceptions are never freed");
                e.tag = tag;
                e.exposed = false;
                e.holds = 0;
                e.payload = payload;
                i
            }
            None => {
                // Indices stay below `u32::MAX` (`index + 1` fits 32 bits).
                assert!(
                    self.entities.len() < FREE as usize,
                    "too many live exceptions"
                );
                self.entities.push(ExnEntity {
                    tag,
                    generation: 1,
                    exposed: false,
                    holds: 0,
                    pinned: AtomicBool::new(false),
                    payload,
                });
                (self.entities.len() - 1) as u32
            }
        }
    }

    /// Frees exception `i` (its index goes to the free list, its old
    /// references stop resolving).
    pub fn free(&mut self, i: u32) {
        let e = &mut self.entities[i as usize];
        debug_assert!(e.tag != FREE && !*e.pinned.get_mut(), "freeing {i}");
        e.tag = FREE;
        e.generation = e.generation.wrapping_add(1).max(1);
        e.payload = Box::default();
        self.live -= 1;
        self.free.push(i);
    }

    /// The `exnref` bits of live exception `i`.
    #[inline]
    pub fn bits(&self, i: u32) -> u64 {
        ((self.entities[i as usize].generation as u64) << 32) | (i as u64 + 1)
    }

    /// Number of exceptions not freed.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Whether entry `i` holds an exception (is not free).
    pub fn is_live(&self, i: u32) -> bool {
        self.entities[i as usize].tag != FREE
    }

    /// Size of the table (live and free entries).
    pub fn capacity(&self) -> usize {
        self.entities.len()
    }

    /// The live exception that reference bits `w` name, if any.
    #[inline]
    pub fn resolve(&self, w: u64) -> Option<u32> {
        let i = (w as u32).checked_sub(1)?;
        let e = self.entities.get(i as usize)?;
        (e.tag != FREE && e.generation == (w >> 32) as u32).then_some(i)
    }

    #[cfg(test)]
    pub fn is_exposed(&self, i: u32) -> bool {
        self.entities[i as usize].exposed
    }

    /// Whether it may be freed when a catch without reference catches it:
    /// neither exposed nor held by a legacy catch handler.
    pub fn is_unreferenced(&self, i: u32) -> bool {
        let e = &self.entities[i as usize];
        !e.exposed && e.holds == 0
    }

    /// A legacy catch handler that can `rethrow` it caught it: it stays
    /// alive until the handler ends (`release`).
    pub fn catch_hold(&mut self, i: u32) {
        self.entities[i as usize].holds += 1;
    }

    /// A legacy catch handler holding exception reference `bits` ended
    /// (or an exception left it): frees the exception if that was its last
    /// hold and it was never exposed, unless it is `in_flight` (being
    /// thrown; the catch that stops it decides).
    #[inline(never)]
    pub fn release(&mut self, bits: u64, in_flight: Option<u32>) {
        let Some(i) = self.resolve(bits) else {
            return;
        };
        let e = &mut self.entities[i as usize];
        e.holds = e.holds.saturating_sub(1);
        if e.holds == 0 && !e.exposed && in_flight != Some(i) && !*e.pinned.get_mut() {
            self.free(i);
        }
    }

    /// Its reference is about to exist as a value.
    pub fn expose(&mut self, i: u32) {
        self.entities[i as usize].exposed = true;
    }

    /// Makes exception reference `bits` (of this store) a root for good:
    /// the host got it as a value.
    pub fn pin(&self, bits: u64) {
        if let Some(i) = self.resolve(bits) {
            self.entities[i as usize]
                .pinned
                .store(true, Ordering::Relaxed);
        }
    }

    /// Exception `i` leaves for the host inside a `WasmException`.
    pub fn hold(&mut self, i: u32) -> ExnHold {
        self.expose(i);
        let flag = Arc::new(AtomicBool::new(false));
        self.held.push((i, flag.clone()));
        ExnHold(flag)
    }

    /// The collector's roots among exceptions: pinned ones and those a
    /// `WasmException` still holds. Holds whose errors are all dropped are
    /// forgotten (their exception pinned if its `ExnRef` was taken).
    pub fn roots(&mut self) -> Vec<u32> {
        let entities = &mut self.entities;
        self.held.retain_mut(|(i, flag)| match Arc::get_mut(flag) {
            // Only the store's copy is left: no error holds it any more.
            Some(taken) => {
                if *taken.get_mut() {
                    *entities[*i as usize].pinned.get_mut() = true;
                }
                false
            }
            None => true,
        });
        let mut roots: Vec<u32> = self.held.iter().map(|&(i, _)| i).collect();
        roots.extend(
            entities
                .iter_mut()
                .enumerate()
                .filter_map(|(i, e)| (e.tag != FREE && *e.pinned.get_mut()).then_some(i as u32)),
        );
        roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_indices_are_reused() {
        let mut x = Exns::default();
        let a = x.alloc(1, vec![10].into());
        let b = x.alloc(2, vec![20, 21].into());
        assert_eq!((a, b, x.live()), (0, 1, 2));
        let old = x.bits(a);
        assert_eq!(old, (1 << 32) | 1);
        assert_eq!(x.resolve(old), Some(a));
        assert_eq!(x.resolve(0), None, "null");
        assert_eq!(x.resolve(1), None, "generation 0: a small integer");
        assert_eq!(x.resolve((1 << 32) | 3), None, "beyond the table");
        x.expose(a);
        x.free(a);
        assert_eq!(x.live(), 1);
        assert_eq!(x.resolve(old), None, "a freed exception");
        let c = x.alloc(3, vec![30].into());
        assert_eq!(c, a, "reused");
        assert!(!x.is_exposed(c), "a reused entry starts unexposed");
        assert_eq!(
            x.resolve(old),
            None,
            "an old reference never names the new exception"
        );
        assert_eq!(x.resolve(x.bits(c)), Some(c));
        assert_eq!((x[c].tag, &*x[c].payload), (3, &[30][..]));
        assert_eq!(x.capacity(), 2);
    }

    #[test]
    fn holds_and_pins_are_roots() {
        let mut x = Exns::default();
        let a = x.alloc(1, Box::default());
        let b = x.alloc(1, Box::default());
        let c = x.alloc(1, Box::default());
        let hold_a = x.hold(a);
        let hold_b = x.hold(b);
        x.pin(x.bits(c));
        assert!(x.is_exposed(a) && x.is_exposed(b));
        let mut r = x.roots();
        r.sort();
        assert_eq!(r, [a, b, c]);
        // Dropped without taking the reference: no longer a root.
        drop(hold_a);
        // The reference was taken: pinned once the error is gone.
        hold_b.taken();
        let clone = hold_b.clone();
        drop(hold_b);
        assert_eq!(x.roots().len(), 2, "b is still held by the clone");
        drop(clone);
        let mut r = x.roots();
        r.sort();
        assert_eq!(r, [b, c]);
        assert!(x.held.is_empty());
    }
}
