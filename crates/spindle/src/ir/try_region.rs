//! Exception handling regions of a function's code: `try_table`s and the
//! legacy `try`s (`translate/legacy_exceptions.rs`), searched by
//! `interp::throw`.

use super::Slot;

/// A `catch` clause of a `try_table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catch {
    /// Module tag index, or `None` for `catch_all`/`catch_all_ref`.
    pub tag: Option<u32>,
    /// Whether the exnref is also delivered (`catch_ref`, `catch_all_ref`).
    pub with_ref: bool,
    /// Branch target (instruction index).
    pub target: u32,
    /// First slot receiving the payload (then the exnref).
    pub dst: Slot,
    /// A legacy `catch`/`catch_all` whose handler `rethrow`s: the slot
    /// that receives the exception's reference, which the handler holds
    /// (not exposed) until it ends (`Instr::ExnRelease`, or a `release`
    /// region that an exception leaves). See `exn.rs`.
    pub hold: Option<Slot>,
}

/// A `try_table` or legacy `try`: the instructions `start..end` are
/// covered by `catches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryRegion {
    pub start: u32,
    pub end: u32,
    pub catches: Vec<Catch>,
    /// A legacy `try ... delegate`: an exception from `start..end` goes on
    /// to the regions from this index outwards (those enclosing the
    /// delegate's label), skipping the ones in between; `u32::MAX`: to the
    /// caller.
    pub delegate: Option<u32>,
    /// The handler of a legacy catch that holds its exception in this
    /// slot: an exception leaving `start..end` releases that hold.
    pub release: Option<Slot>,
}

impl TryRegion {
    /// A `try_table`'s or legacy `try`'s region from `start` (ended and
    /// given clauses later).
    pub fn new(start: u32) -> TryRegion {
        TryRegion {
            start,
            end: 0,
            catches: Vec::new(),
            delegate: None,
            release: None,
        }
    }

    /// Whether the instruction at `at` is covered.
    #[inline]
    pub fn covers(&self, at: u32) -> bool {
        self.start <= at && at < self.end
    }
}
