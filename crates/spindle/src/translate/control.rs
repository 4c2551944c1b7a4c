//! Translation of control flow: branches and the copies they need, loop
//! rotation, forward-branch patching, and opening and closing blocks.

use super::*;

impl Translator<'_> {
    /// Moves the label's values from the top of the stack to where the
    /// label expects them. Returns whether any copy was emitted.
    pub(super) fn branch_copies(&mut self, depth: u32) -> bool {
        let c = &self.ctrl[self.ctrl.len() - 1 - depth as usize];
        let n = c.label_arity();
        let dst = self.slot(c.height);
        let src = self.slot(self.h - n);
        if dst == src || n == 0 {
            return false;
        }
        let n = self.top_slots(n);
        self.copy_n(dst, src, n);
        true
    }

    pub(super) fn needs_copies(&self, depth: u32) -> bool {
        let c = &self.ctrl[self.ctrl.len() - 1 - depth as usize];
        let n = c.label_arity();
        n != 0 && c.height != self.h - n
    }

    /// Emits `make(target)` for a branch to label `depth`, registering a
    /// patch if the target is not known yet.
    pub(super) fn branch_to(&mut self, depth: u32, make: impl FnOnce(u32) -> Instr) {
        let idx = self.ctrl.len() - 1 - depth as usize;
        if self.ctrl[idx].kind == Kind::Loop {
            let start = self.ctrl[idx].start;
            self.emit(make(start));
        } else if self.ctrl[idx].kind == Kind::Func {
            // A branch to the function's label is a return.
            let at = self.emit(make(u32::MAX));
            self.ctrl[idx].patches.push(Patch::Instr(at));
        } else {
            let at = self.emit(make(u32::MAX));
            self.ctrl[idx].patches.push(Patch::Instr(at));
        }
    }

    /// An unconditional branch to label `depth`, values included.
    pub(super) fn br(&mut self, depth: u32) {
        self.release_held(Some(depth));
        self.branch_copies(depth);
        let idx = self.ctrl.len() - 1 - depth as usize;
        // A copy of the header must stay outside `try_table`s opened inside
        // the loop (a `resume` in it could throw into their handlers).
        let inside_try = self.ctrl[idx + 1..]
            .iter()
            .any(|c| matches!(c.kind, Kind::TryTable | Kind::LegacyTry));
        if self.ctrl[idx].kind == Kind::Loop
            && !inside_try
            && self.rotate_loop(self.ctrl[idx].start)
        {
            return;
        }
        self.branch_to(depth, |target| Instr::Br { target });
    }

    /// Loop rotation: instead of a `br` back to the loop header at `start`,
    /// repeats the header here when it is a few simple instructions ending
    /// in a conditional branch whose target is already known (the usual
    /// `loop (if cond ...)` guard) or in a `resume` (a consumer loop: its
    /// clauses are shared through the resume table), then branches past
    /// the header when control falls through. The same instructions run in
    /// the same order; an iteration that leaves through the branch or a
    /// handler saves the jump to the header. (Header tests that exit the
    /// loop are handled by `invert_loops`.)
    pub(super) fn rotate_loop(&mut self, start: u32) -> bool {
        const MAX_HEADER: usize = 4;
        let start = start as usize;
        let mut test = start;
        // (A `HotCount` does not take a place of the header's.)
        let end = start + MAX_HEADER + usize::from(self.hot_counts);
        while test < self.code.len()
            && test < end
            && matches!(
                self.code[test],
                Instr::Tick
                    | Instr::HotCount { .. }
                    | Instr::Copy { .. }
                    | Instr::Const32 { .. }
                    | Instr::Const64 { .. }
                    | Instr::GlobalGet { .. }
                    | Instr::I32AddImm { .. }
                    | Instr::I64AddImm { .. }
            )
        {
            test += 1;
        }
        let Some(&branch) = self.code.get(test) else {
            return false;
        };
        match branch_target(&branch) {
            _ if matches!(branch, Instr::Resume { .. }) => {}
            Some(t) if t != u32::MAX && !matches!(branch, Instr::Br { .. }) => {}
            _ => return false,
        }
        for i in start..=test {
            let (instr, offset) = (self.code[i], self.offsets[i]);
            self.code.push(instr);
            self.offsets.push(offset);
        }
        self.emit(Instr::Br {
            target: test as u32 + 1,
        });
        true
    }

    /// Address and destination slot of a label, for catch and resume clauses
    /// (which are patched like branches).
    /// The first slot of a label's values, for a label that the runtime,
    /// not the code, writes to: a `catch` clause or an `(on $tag $label)`
    /// handler stores its payload there. Reserves the label's values in
    /// the frame, which the code itself may never do (the label's end can
    /// be unreachable).
    /// `slots`: the slots of the label's values.
    pub(super) fn handler_dst(&mut self, depth: u32, slots: u32) -> Slot {
        let height = self.ctrl[self.ctrl.len() - 1 - depth as usize].height;
        self.max_h = self.max_h.max(self.sh[height as usize] + slots);
        self.slot(height)
    }

    pub(super) fn patch(&mut self, patch: Patch, target: u32) {
        match patch {
            Patch::Instr(at) => match target_mut(&mut self.code[at]) {
                Some(t) => *t = target,
                None => unreachable!("patching {:?}", self.code[at]),
            },
            Patch::Catch(r, i) => self.try_regions[r].catches[i].target = target,
            Patch::Resume(r, i) => match &mut self.resume_tables[r][i] {
                ResumeHandler::OnLabel { target: t, .. } => *t = target,
                ResumeHandler::OnSwitch { .. } => unreachable!(),
            },
        }
    }

    pub(super) fn label_patch_or_target(&mut self, depth: u32, patch: Patch) -> u32 {
        let idx = self.ctrl.len() - 1 - depth as usize;
        if self.ctrl[idx].kind == Kind::Loop {
            self.ctrl[idx].start
        } else {
            self.ctrl[idx].patches.push(patch);
            u32::MAX
        }
    }

    pub(super) fn push_ctrl(&mut self, kind: Kind, bt: BlockType) -> &mut Ctrl {
        // A loop header is a branch target.
        self.last_producer = None;
        self.copy_run = None;
        self.results_run = None;
        let (params, results) = self.block_arity(bt);
        let height = if self.reachable {
            self.h - params
        } else {
            self.h
        };
        let start = self.pc();
        self.ctrl.push(Ctrl {
            kind,
            height,
            params,
            results,
            start,
            patches: Vec::new(),
            else_patch: None,
            saved_params: None,
            param_slots: 0,
            outer_reachable: self.reachable,
            region: 0,
        });
        self.ctrl.last_mut().unwrap()
    }

    /// Emits the return sequence: results to slots `0..n`, then `Return`.
    pub(super) fn emit_return(&mut self) {
        let n = self.ctrl.first().map_or(0, |c| c.results);
        self.emit_return_n(n);
    }

    pub(super) fn emit_return_n(&mut self, n: u32) {
        let src = self.slot(self.h - n);
        let n = self.top_slots(n);
        self.emit_return_from(src, n);
    }

    /// Returns the `n` slots of values at `src..` (they go to slots `0..n`).
    pub(super) fn emit_return_from(&mut self, src: Slot, n: u32) {
        if n == 1 && src != 0 {
            self.emit(Instr::Return1 { src });
        } else {
            self.copy_n(0, src, n);
            self.emit(Instr::Return);
        }
    }

    pub(super) fn end(&mut self) {
        // A label lands here: code before it is no longer the only way in.
        self.last_producer = None;
        self.copy_run = None;
        self.results_run = None;
        let c = self.ctrl.pop().expect("validated");
        let fallthrough = self.reachable;
        if c.kind == Kind::Func {
            if fallthrough {
                self.emit_return_n(c.results);
            }
            // Branches to the function label: they copied their values to
            // the label's slots `0..n` (height 0 means slot num_locals...),
            // so route them through a return stub.
            if !c.patches.is_empty() {
                let here = self.pc();
                for p in c.patches {
                    self.patch(p, here);
                }
                let src = self.slot(0);
                self.emit_return_from(src, self.result_slots);
            }
            self.reachable = false;
            return;
        }
        if let Some(saved) = c.saved_params {
            self.save_top = saved;
        }
        if let (Kind::If, Some(else_at)) = (c.kind, c.else_patch) {
            // No else arm: the parameters pass through as results.
            if let Some(saved) = c.saved_params {
                // The then arm jumps over the restore.
                let skip = if fallthrough {
                    Some(self.emit(Instr::Br { target: u32::MAX }))
                } else {
                    None
                };
                let here = self.pc();
                self.patch(Patch::Instr(else_at), here);
                let dst = self.slot(c.height);
                let at = self.emit(Instr::CopyN {
                    dst,
                    src: SAVE_BASE + saved,
                    n: c.param_slots,
                });
                self.save_fixups.push(at);
                if let Some(skip) = skip {
                    let here = self.pc();
                    self.patch(Patch::Instr(skip), here);
                }
            } else {
                let here = self.pc();
                self.patch(Patch::Instr(else_at), here);
            }
        }
        if c.kind == Kind::TryTable {
            let end = self.pc();
            self.try_regions[c.region].end = end;
        }
        let here = self.pc();
        let reachable =
            fallthrough || !c.patches.is_empty() || (c.kind == Kind::If && c.outer_reachable);
        for p in c.patches {
            self.patch(p, here);
        }
        self.reachable = reachable && c.outer_reachable;
        // The entries from the block's base up are its results now, whose
        // widths may differ from what was there (even at the same height).
        self.retype_from(c.height);
        if self.reachable {
            self.set_h(c.height + c.results);
        } else {
            self.set_h(c.height);
        }
    }

    pub(super) fn else_(&mut self) {
        self.last_producer = None;
        self.copy_run = None;
        self.results_run = None;
        let c = self.ctrl.last_mut().expect("validated");
        debug_assert_eq!(c.kind, Kind::If);
        c.kind = Kind::Else;
        let else_at = c.else_patch.take();
        let (height, params, saved, outer, param_slots) = (
            c.height,
            c.params,
            c.saved_params,
            c.outer_reachable,
            c.param_slots,
        );
        if self.reachable {
            let at = self.emit(Instr::Br { target: u32::MAX });
            self.ctrl.last_mut().unwrap().patches.push(Patch::Instr(at));
        }
        let here = self.pc();
        if let Some(else_at) = else_at {
            self.patch(Patch::Instr(else_at), here);
        }
        self.reachable = outer;
        self.retype_from(height);
        if outer {
            if let Some(saved) = saved {
                let dst = self.slot(height);
                let at = self.emit(Instr::CopyN {
                    dst,
                    src: SAVE_BASE + saved,
                    n: param_slots,
                });
                self.save_fixups.push(at);
            }
            self.set_h(height + params);
        } else {
            self.set_h(height);
        }
    }

    /// Structured control (`block`, `loop`, `if`, `else`, `end`, `try_table`), branches and `return`. Returns `false` for other operators.
    pub(super) fn control_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Unreachable => {
                self.emit(Instr::Unreachable);
                self.reachable = false;
            }
            O::Block { blockty } => {
                self.push_ctrl(Kind::Block, blockty);
            }
            O::Loop { blockty } => {
                self.push_ctrl(Kind::Loop, blockty);
                if self.ticks {
                    // The header: every iteration passes here.
                    self.emit(Instr::Tick);
                }
                if self.hot_counts {
                    self.emit(Instr::HotCount {
                        weight: crate::jit::HOT_LOOP_WEIGHT,
                    });
                }
            }
            O::If { blockty } => {
                let cond = self.top(0);
                self.pop(1);
                let at = self.emit(Instr::BrIfEqz {
                    cond,
                    target: u32::MAX,
                });
                let (params, _) = self.block_arity(blockty);
                let saved = if params > 0 {
                    let saved = self.save_top;
                    let n = self.top_slots(params);
                    self.save_top += n;
                    self.save_max = self.save_max.max(self.save_top);
                    let src = self.slot(self.h - params);
                    let i = self.emit(Instr::CopyN {
                        dst: SAVE_BASE + saved,
                        src,
                        n,
                    });
                    self.save_fixups.push(i);
                    // The copy must happen before the branch to the else arm.
                    let (a, b) = (at, i);
                    self.code.swap(a, b);
                    self.save_fixups.pop();
                    self.save_fixups.push(a);
                    Some(saved)
                } else {
                    None
                };
                let at = if saved.is_some() { at + 1 } else { at };
                let param_slots = self.top_slots(params);
                let c = self.push_ctrl(Kind::If, blockty);
                c.else_patch = Some(at);
                c.saved_params = saved;
                c.param_slots = param_slots;
            }
            O::Else => self.else_(),
            O::End => self.end(),
            O::TryTable { ref try_table } => {
                let region = self.try_regions.len();
                let (params, _) = self.block_arity(try_table.ty);
                let base_h = self.h - params;
                self.try_regions.push(TryRegion::new(self.pc()));
                for (i, catch) in try_table.catches.iter().enumerate() {
                    let (tag, label, with_ref) = match *catch {
                        wasmparser::Catch::One { tag, label } => (Some(tag), label, false),
                        wasmparser::Catch::OneRef { tag, label } => (Some(tag), label, true),
                        wasmparser::Catch::All { label } => (None, label, false),
                        wasmparser::Catch::AllRef { label } => (None, label, true),
                    };
                    let payload = tag.map_or(0, |t| self.tag_param_slots(t));
                    let dst = self.handler_dst(label, payload + with_ref as u32);
                    let target = self.label_patch_or_target(label, Patch::Catch(region, i));
                    self.try_regions[region].catches.push(Catch {
                        tag,
                        with_ref,
                        target,
                        dst,
                        hold: None,
                    });
                }
                let _ = base_h;
                let c = self.push_ctrl(Kind::TryTable, try_table.ty);
                c.region = region;
            }
            O::Br { relative_depth } => {
                self.br(relative_depth);
                self.reachable = false;
            }
            O::BrIf { relative_depth } => {
                let cond = self.top(0);
                self.pop(1);
                if self.needs_copies(relative_depth) || self.leaves_held(relative_depth) {
                    let skip = self.emit(Instr::BrIfEqz {
                        cond,
                        target: u32::MAX,
                    });
                    self.br(relative_depth);
                    let here = self.pc();
                    self.patch(Patch::Instr(skip), here);
                } else {
                    self.branch_to(relative_depth, |target| Instr::BrIfNez { cond, target });
                }
            }
            O::BrTable { ref targets } => {
                let index = self.top(0);
                self.pop(1);
                let mut depths = targets.targets().collect::<Result<Vec<u32>, _>>()?;
                depths.push(targets.default());
                self.emit(Instr::BrTable {
                    index,
                    len: depths.len() as u32 - 1,
                });
                let mut stubs = Vec::new();
                for &d in &depths {
                    if self.needs_copies(d) || self.leaves_held(d) {
                        let at = self.emit(Instr::Br { target: u32::MAX });
                        stubs.push((at, d));
                    } else {
                        self.branch_to(d, |target| Instr::Br { target });
                    }
                }
                for (at, d) in stubs {
                    let here = self.pc();
                    self.patch(Patch::Instr(at), here);
                    self.br(d);
                }
                self.reachable = false;
            }
            O::Return => {
                self.release_held(None);
                self.emit_return();
                self.reachable = false;
            }
            O::BrOnNull { relative_depth } => {
                let src = self.top(0);
                self.pop(1);
                if self.needs_copies(relative_depth) || self.leaves_held(relative_depth) {
                    let skip = self.emit(Instr::BrOnNonNull {
                        src,
                        target: u32::MAX,
                    });
                    self.br(relative_depth);
                    let here = self.pc();
                    self.patch(Patch::Instr(skip), here);
                } else {
                    self.branch_to(relative_depth, |target| Instr::BrOnNull { src, target });
                }
                self.push(1);
            }
            O::BrOnNonNull { relative_depth } => {
                let src = self.top(0);
                if self.needs_copies(relative_depth) || self.leaves_held(relative_depth) {
                    let skip = self.emit(Instr::BrOnNull {
                        src,
                        target: u32::MAX,
                    });
                    self.br(relative_depth);
                    let here = self.pc();
                    self.patch(Patch::Instr(skip), here);
                } else {
                    self.branch_to(relative_depth, |target| Instr::BrOnNonNull { src, target });
                }
                self.pop(1);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
