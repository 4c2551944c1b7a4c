//! Which slots compiled code must load at each entry and store at each
//! exit, so that between exits slots live in Cranelift variables
//! (registers) and the frame in memory is only exact at exits.
//!
//! The first lowering pass records, per instruction, the slots it reads
//! (`uses`) and writes (`defs`), the instructions it jumps to (`succs`) and
//! whether it can exit. Then:
//! - `dirty` (forward): the slots possibly written since compiled code was
//!   entered; an exit stores exactly these (every exit happens before its
//!   instruction writes anything).
//! - `live` (backward): the slots read before being written from an
//!   instruction on, counting an exit as reading the slots it stores; an
//!   entry loads exactly its live slots.

use crate::ir::Slot;

/// A set of slots.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Slots(Vec<u64>);

impl Slots {
    pub(super) fn new(n: usize) -> Slots {
        Slots(vec![0; n.div_ceil(64)])
    }

    fn insert(&mut self, s: Slot) {
        self.0[s as usize / 64] |= 1 << (s % 64);
    }

    /// Adds `other`; whether anything was added.
    fn union(&mut self, other: &Slots) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            let n = *a | b;
            changed |= n != *a;
            *a = n;
        }
        changed
    }

    fn contains(&self, s: Slot) -> bool {
        self.0[s as usize / 64] & (1 << (s % 64)) != 0
    }

    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The slots in the set, in increasing order.
    pub(super) fn iter(&self) -> impl Iterator<Item = Slot> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| (w * 64 + b) as Slot)
        })
    }
}

/// What the first pass records of one instruction.
#[derive(Default, Clone)]
pub(super) struct Facts {
    pub uses: Vec<Slot>,
    pub defs: Vec<Slot>,
    pub succs: Vec<usize>,
    pub exits: bool,
    /// Whether the instruction can exit to trap (`Lower::trap_if`): such
    /// an exit stores only the instruction's own dirty operands.
    pub traps: bool,
}

/// The number of slots `facts` name: `max_slots`, or more where an
/// instruction names a slot past it. (A resume handler's payload and
/// continuation land at its `dst` in the handler's frame, which the
/// translator does not always count in `max_slots`: in
/// `tests/wast/stack-switching/basics.wast`'s `loop_label`, a `CopyN`
/// reads slot 2 of a 2-slot frame. The interpreter reads it in place.)
pub(super) fn slot_count(facts: &[Facts], max_slots: usize) -> usize {
    facts
        .iter()
        .flat_map(|f| f.uses.iter().chain(&f.defs))
        .map(|&s| s as usize + 1)
        .fold(max_slots, usize::max)
}

/// The result: per instruction, the slots dirty on entry to it and the
/// slots live on entry to it.
pub(super) struct Flow {
    pub dirty: Vec<Slots>,
    pub live: Vec<Slots>,
    /// Per instruction that can trap, the slots its trap exit stores: the
    /// dirty ones it reads (the interpreter runs it again and traps, and
    /// nothing reads the rest of the frame after a trap).
    pub trap_stores: Vec<Vec<Slot>>,
}

/// The largest `instructions * slots` solved (two sets of this many bits
/// each), and the most loads and stores at entries and exits together: a
/// function past either keeps its slots in memory. Past `MAX_MOVES` the
/// loads and stores at its many exits cost more than slots in memory save:
/// at 16,384, SQLite (`sqlite 10000`) and LZ4 (`lz4 2048`) ran 5-6%
/// slower than at 8,192 with warm caches, the rest of the corpus the same;
/// `luaV_execute` (27,342) and `sqlite3VdbeExec` (140,812) ran 25% and 20%
/// slower with their slots in variables.
const MAX_BITS: usize = 1 << 22;
const MAX_MOVES: usize = 1 << 13;

/// Solves both problems over `facts` for a frame of `slots` slots, or
/// `None` if the function is too large for it (`MAX_BITS`, `MAX_MOVES`).
pub(super) fn solve(facts: &[Facts], slots: usize) -> Option<Flow> {
    let n = facts.len();
    if n.saturating_mul(slots.div_ceil(64) * 64) > MAX_BITS {
        return None;
    }
    let set = |list: &[Slot]| {
        let mut s = Slots::new(slots);
        for &x in list {
            s.insert(x);
        }
        s
    };
    let defs: Vec<Slots> = facts.iter().map(|f| set(&f.defs)).collect();
    let uses: Vec<Slots> = facts.iter().map(|f| set(&f.uses)).collect();

    // Forward: dirty[i] = union of (dirty[p] + defs[p]) over predecessors.
    let mut dirty = vec![Slots::new(slots); n];
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            let mut out = dirty[i].clone();
            out.union(&defs[i]);
            for &t in &facts[i].succs {
                changed |= dirty[t].union(&out);
            }
        }
    }

    // Backward: live[i] = uses[i] + (exit ? dirty[i]) + (live_out - defs[i]).
    let mut live = vec![Slots::new(slots); n];
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            let mut out = Slots::new(slots);
            for &t in &facts[i].succs {
                out.union(&live[t]);
            }
            for (o, d) in out.0.iter_mut().zip(&defs[i].0) {
                *o &= !d;
            }
            out.union(&uses[i]);
            if facts[i].exits {
                out.union(&dirty[i]);
            }
            changed |= live[i].union(&out);
        }
    }
    // Each exit stores its dirty slots; the entry after it (and the
    // function's entry) loads its live ones.
    let entry = |i: usize| live.get(i).map_or(0, Slots::len);
    let moves: usize = entry(0)
        + facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.exits)
            .map(|(i, _)| dirty[i].len() + entry(i + 1))
            .sum::<usize>();
    // The budget also counts every slot dirty at a trap, as if trap exits
    // stored them all: that measure of a function's size kept Cranelift's
    // time in check (SQLite, LZ4), and functions past it compile several
    // times faster with their slots in memory.
    let traps: usize = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.traps)
        .map(|(i, _)| dirty[i].len())
        .sum();
    if moves + traps > MAX_MOVES {
        return None;
    }
    let trap_stores = facts
        .iter()
        .enumerate()
        .map(|(i, f)| match f.traps {
            true => uses[i].iter().filter(|&s| dirty[i].contains(s)).collect(),
            false => Vec::new(),
        })
        .collect();
    Some(Flow {
        dirty,
        live,
        trap_stores,
    })
}
