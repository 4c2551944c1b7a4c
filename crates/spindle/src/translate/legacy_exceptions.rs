//! The legacy exception instructions (`try`, `catch`, `catch_all`,
//! `delegate`, `rethrow`), which Emscripten, wasm_of_ocaml and older LLVM
//! still emit, translated onto the `try_table` machinery:
//!
//! - `try bt A catch $e B catch_all C end`: a `TryRegion` over `A` whose
//!   catch clauses enter `B` and `C` with the payload on the operand stack
//!   at the block's height (like an `if`'s arms, each handler ends with a
//!   branch to the `end`).
//! - A handler that `rethrow`s (found by `LegacyScanner`, before translation) holds
//!   its exception: its clause has a `hold` slot (one per legacy `try`
//!   nesting depth, after the constants) that receives the reference
//!   without exposing it; `rethrow N` is a `ThrowRef` of that slot. The
//!   handler's own region has that slot as `release`, so an exception
//!   leaving the handler ends the hold; `ExnRelease` ends it at the
//!   handler's end and before branches out of it. Handlers that do not
//!   rethrow catch without a reference (the exception is freed at once).
//! - `try A delegate N`: a region over `A` whose `delegate` names the
//!   region that catches for label `N` (the innermost `try_table` or
//!   legacy `try` body around it), or the caller.

use super::*;

/// What `LegacyScanner` finds out about a body's legacy `try`s before it is
/// translated.
#[derive(Debug, Default)]
pub(super) struct LegacyScan {
    /// Per legacy `try`, in order: whether a handler of it `rethrow`s.
    holds: Vec<bool>,
    /// Hidden slots the body needs: its deepest nesting of legacy `try`s,
    /// if any handler holds its exception, else 0.
    pub slots: u32,
}

/// Finds the legacy `try`s whose handlers `rethrow` (they must keep their
/// exception) and how many hidden slots the body needs, one operator at a
/// time (the translator's pre-pass, `translate::prescan`, feeds it).
#[derive(Debug)]
pub(super) struct LegacyScanner {
    scan: LegacyScan,
    /// Per open block: the index of a legacy `try`, or `None`.
    open: Vec<Option<usize>>,
    depth: u32,
    max_depth: u32,
}

impl LegacyScanner {
    pub(super) fn new() -> LegacyScanner {
        LegacyScanner {
            scan: LegacyScan::default(),
            open: vec![None],
            depth: 0,
            max_depth: 0,
        }
    }

    /// Takes the body's next operator into account.
    #[inline]
    pub(super) fn op(&mut self, op: &Operator<'_>) {
        match *op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. } => self.open.push(None),
            Operator::Try { .. } => {
                self.open.push(Some(self.scan.holds.len()));
                self.scan.holds.push(false);
                self.depth += 1;
                self.max_depth = self.max_depth.max(self.depth);
            }
            Operator::End | Operator::Delegate { .. } => {
                if let Some(Some(_)) = self.open.pop() {
                    self.depth -= 1;
                }
            }
            Operator::Rethrow { relative_depth } => {
                let at = self.open.len().checked_sub(1 + relative_depth as usize);
                if let Some(Some(k)) = at.and_then(|i| self.open.get(i)) {
                    self.scan.holds[*k] = true;
                }
            }
            _ => {}
        }
    }

    /// What the operators seen say.
    pub(super) fn finish(mut self) -> LegacyScan {
        if self.scan.holds.iter().any(|&h| h) {
            self.scan.slots = self.max_depth;
        }
        self.scan
    }
}

/// The translator's state of legacy `try`s.
#[derive(Debug, Default)]
pub(super) struct Legacy {
    scan: LegacyScan,
    /// First hidden slot (after the constants).
    base: Slot,
    /// Legacy `try`s seen so far.
    seen: usize,
    /// The open ones, innermost last.
    open: Vec<OpenTry>,
}

impl Legacy {
    pub(super) fn new(scan: LegacyScan, base: Slot) -> Legacy {
        Legacy {
            scan,
            base,
            ..Legacy::default()
        }
    }
}

#[derive(Debug)]
struct OpenTry {
    /// Its index in `Translator::ctrl`.
    ctrl: usize,
    /// Its body's region (`None` if the `try` is unreachable).
    region: Option<usize>,
    /// The hidden slot of its handlers' exception, if they hold it.
    hold: Option<Slot>,
    /// The region of the handler being translated (`None` while in the
    /// body, or if unreachable).
    handler: Option<usize>,
    in_handler: bool,
}

impl Translator<'_> {
    /// Translates `op` if it is a legacy exception instruction (in
    /// reachable code or not) or the `end` of a legacy `try`; `None` for
    /// every other operator.
    pub(super) fn legacy_exception_op(&mut self, op: &Operator<'_>) -> Option<Result<()>> {
        match *op {
            Operator::Try { blockty } => self.legacy_try(blockty),
            Operator::Catch { tag_index } => self.legacy_catch(Some(tag_index)),
            Operator::CatchAll => self.legacy_catch(None),
            Operator::Delegate { relative_depth } => self.legacy_delegate(relative_depth),
            Operator::Rethrow { relative_depth } => {
                return Some(self.legacy_rethrow(relative_depth))
            }
            Operator::End if self.ctrl.last().is_some_and(|c| c.kind == Kind::LegacyTry) => {
                self.legacy_end()
            }
            _ => return None,
        }
        Some(Ok(()))
    }

    fn legacy_try(&mut self, blockty: BlockType) {
        let k = self.legacy.seen;
        self.legacy.seen += 1;
        let depth = self.legacy.open.len() as u32;
        let hold = self
            .legacy
            .scan
            .holds
            .get(k)
            .copied()
            .unwrap_or(false)
            .then_some(self.legacy.base + depth);
        let region = self.reachable.then(|| {
            self.flush();
            self.try_regions.push(TryRegion::new(self.pc()));
            self.try_regions.len() - 1
        });
        self.push_ctrl(Kind::LegacyTry, blockty);
        self.legacy.open.push(OpenTry {
            ctrl: self.ctrl.len() - 1,
            region,
            hold,
            handler: None,
            in_handler: false,
        });
    }

    /// Ends the body or the handler being translated: if control falls
    /// through, releases a held exception and (`to_end`) branches to the
    /// `end`. Returns the block's height.
    fn legacy_close_arm(&mut self, to_end: bool) -> u32 {
        self.last_producer = None;
        self.copy_run = None;
        self.results_run = None;
        let t = self.legacy.open.last().expect("validated");
        let (in_handler, hold, region, handler) = (t.in_handler, t.hold, t.region, t.handler);
        if self.reachable {
            self.flush();
            if in_handler {
                if let Some(src) = hold {
                    self.emit(Instr::ExnRelease { src });
                }
            }
            if to_end {
                let at = self.emit(Instr::Br { target: u32::MAX });
                self.ctrl.last_mut().unwrap().patches.push(Patch::Instr(at));
            }
        }
        let here = self.pc();
        if in_handler {
            if let Some(h) = handler {
                self.try_regions[h].end = here;
            }
        } else if let Some(r) = region {
            self.try_regions[r].end = here;
        }
        self.ctrl.last().unwrap().height
    }

    fn legacy_catch(&mut self, tag: Option<u32>) {
        let height = self.legacy_close_arm(true);
        let c = self.ctrl.last().unwrap();
        let outer = c.outer_reachable;
        let t = self.legacy.open.last_mut().unwrap();
        t.in_handler = true;
        let (region, hold) = (t.region, t.hold);
        let n = tag.map_or(0, |tag| self.tag_arity(tag).0);
        let (here, dst) = (self.pc(), self.slot(height));
        if let Some(r) = region {
            // The runtime writes the payload even where the code never does.
            let payload = tag.map_or(0, |t| self.tag_param_slots(t));
            self.max_h = self.max_h.max(self.sh[height as usize] + payload);
            self.try_regions[r].catches.push(Catch {
                tag,
                with_ref: false,
                target: here,
                dst,
                hold,
            });
        }
        // The handler's own region: an exception leaving it ends the hold.
        let handler = (region.is_some() && hold.is_some()).then(|| {
            self.try_regions.push(TryRegion {
                release: hold,
                ..TryRegion::new(here)
            });
            self.try_regions.len() - 1
        });
        self.legacy.open.last_mut().unwrap().handler = handler;
        self.reachable = outer;
        self.set_h(height);
        if outer {
            self.set_h(height + n);
        }
    }

    fn legacy_end(&mut self) {
        self.legacy_close_arm(false);
        self.legacy.open.pop();
        self.end();
    }

    fn legacy_delegate(&mut self, relative_depth: u32) {
        self.legacy_close_arm(false);
        let t = self.legacy.open.pop().expect("validated");
        if let Some(r) = t.region {
            // The label is counted from outside the `try`.
            let label = self.ctrl.len() - 2 - relative_depth as usize;
            let to = self.catching_region(label).map_or(u32::MAX, |r| r as u32);
            self.try_regions[r].delegate = Some(to);
        }
        self.end();
    }

    /// The region that catches for code directly inside the block of
    /// `self.ctrl[label]`: the innermost `try_table` or legacy `try` body
    /// that encloses it (or is it).
    fn catching_region(&self, label: usize) -> Option<usize> {
        (0..=label).rev().find_map(|i| {
            let c = &self.ctrl[i];
            match c.kind {
                Kind::TryTable => Some(c.region),
                Kind::LegacyTry => self
                    .legacy
                    .open
                    .iter()
                    .find(|t| t.ctrl == i && !t.in_handler)
                    .and_then(|t| t.region),
                _ => None,
            }
        })
    }

    fn legacy_rethrow(&mut self, relative_depth: u32) -> Result<()> {
        if !self.reachable {
            return Ok(());
        }
        self.flush();
        let label = self.ctrl.len() - 1 - relative_depth as usize;
        let Some(src) = self
            .legacy
            .open
            .iter()
            .find(|t| t.ctrl == label)
            .and_then(|t| t.hold)
        else {
            bail!("internal error: rethrow of a catch that holds nothing");
        };
        self.emit(Instr::ThrowRef { src });
        self.reachable = false;
        Ok(())
    }

    /// The hidden slots of the held exceptions a branch to label `depth`
    /// (`None`: a return or tail call) leaves.
    fn held_exits(&self, depth: Option<u32>) -> Vec<Slot> {
        let target = depth.map_or(0, |d| self.ctrl.len() - 1 - d as usize);
        self.legacy
            .open
            .iter()
            .rev()
            .filter(|t| t.ctrl >= target && t.in_handler)
            .filter_map(|t| t.hold)
            .collect()
    }

    /// Whether a branch to label `depth` leaves a handler that holds its
    /// exception (it then needs `release_held` first).
    pub(super) fn leaves_held(&self, depth: u32) -> bool {
        !self.legacy.open.is_empty() && !self.held_exits(Some(depth)).is_empty()
    }

    /// Ends the holds of the handlers a branch to label `depth` (`None`:
    /// a return) leaves.
    pub(super) fn release_held(&mut self, depth: Option<u32>) {
        if self.legacy.open.is_empty() {
            return;
        }
        for src in self.held_exits(depth) {
            self.emit(Instr::ExnRelease { src });
        }
    }
}
