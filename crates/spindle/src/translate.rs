//! Translation of one validated function body into the internal code (`ir`).
//!
//! The translator walks the operators once, validating each with
//! `wasmparser`'s `FuncValidator` and emitting three-address instructions
//! whose operands are frame slots. It tracks the operand-stack height `h`
//! itself (stack entry `p` lives in slot `stack_base + p`, above the locals
//! and the function's constant slots) and a control
//! stack of open blocks, whose forward branches are patched when the block
//! ends. Code after an unconditional transfer is unreachable and emits
//! nothing until the enclosing block ends.

use anyhow::{bail, Result};
use wasmparser::{
    BlockType, FuncValidator, FunctionBody, Operator, ValidatorResources, WasmModuleResources,
};

use crate::convert::{slot_count, slot_width};
use crate::ir::{Catch, Instr, ResumeHandler, ResumeTable, Slot, TryRegion};
use crate::module::{FuncCode, ModuleInner};

mod calls;
mod continuations;
mod control;
mod exceptions;
mod gc;
mod legacy_exceptions;
mod memory;
mod memory64;
mod numeric;
mod passes;
mod reference;
mod simd;
mod table;
use numeric::float_chain_dst;
use passes::{
    branch_target, fold_constant_branches, fuse_counted_loops, invert_loops, negate_branch,
    target_mut, thread_returns,
};

/// Slots at or above this are placeholders for the save area above the
/// deepest stack, fixed up when the function is done.
const SAVE_BASE: u32 = 0xC000_0000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Func,
    Block,
    Loop,
    If,
    Else,
    TryTable,
    LegacyTry,
}

/// A use of a label's address that is not known yet.
#[derive(Debug, Clone, Copy)]
enum Patch {
    /// The `target` field of the instruction at this index.
    Instr(usize),
    /// The target of catch `.1` of try region `.0`.
    Catch(usize, usize),
    /// The target of handler `.1` of resume table `.0`.
    Resume(usize, usize),
}

#[derive(Debug)]
struct Ctrl {
    kind: Kind,
    /// Operand-stack height below the block's parameters.
    height: u32,
    params: u32,
    results: u32,
    /// For loops: the address of the loop header.
    start: u32,
    patches: Vec<Patch>,
    /// For `if`: the `BrIfEqz` that jumps to the else arm.
    else_patch: Option<usize>,
    /// For `if` with parameters: where they were saved for the else arm.
    saved_params: Option<u32>,
    /// Slots of the parameters.
    param_slots: u32,
    /// Was the code before this block reachable?
    outer_reachable: bool,
    /// For `try_table`: index of its region.
    region: usize,
}

impl Ctrl {
    fn label_arity(&self) -> u32 {
        if self.kind == Kind::Loop {
            self.params
        } else {
            self.results
        }
    }
}

struct Translator<'m> {
    module: &'m ModuleInner,
    code: Vec<Instr>,
    offsets: Vec<u32>,
    offset: u32,
    /// Slot of operand-stack entry 0: locals, then constants.
    stack_base: u32,
    /// Constants kept in slots `num_locals..stack_base` (filled in when the
    /// frame is entered), by (bits, is 64-bit).
    const_slots: std::collections::HashMap<(u64, bool), Slot>,
    h: u32,
    max_h: u32,
    ctrl: Vec<Ctrl>,
    reachable: bool,
    try_regions: Vec<TryRegion>,
    resume_tables: Vec<Vec<ResumeHandler>>,
    save_top: u32,
    save_max: u32,
    save_fixups: Vec<usize>,
    /// Where each operand-stack entry's value is (length `h`).
    operands: Vec<Operand>,
    /// The last emitted instruction, if it wrote the top operand's slot and
    /// no label lies between it and here (so it may be retargeted or fused).
    last_producer: Option<usize>,
    /// The last emitted instruction, if it is a `Copy`/`CopyN` made by
    /// `emit_copy` and no label lies between it and here (so a following
    /// copy may be merged into it).
    copy_run: Option<usize>,
    /// The last emitted instruction, if it is a `suspend` or `switch`:
    /// its index, the first slot and the count of its results. A run of
    /// copies right after it that moves exactly those results becomes the
    /// instruction's result slots instead (see `emit_copy`).
    results_run: Option<(usize, Slot, u32)>,
    /// Emit `Tick` at loop headers (fuel / interruption).
    ticks: bool,
    /// Emit `HotCount` at loop headers (`Tier::Tiered`).
    hot_counts: bool,
    /// Open legacy `try`s and their hidden slots.
    legacy: legacy_exceptions::Legacy,
    /// Slot offset (from `stack_base`) of each operand-stack entry, and of
    /// the free slot above the top: length `h + 1`. An entry takes one
    /// slot, a `v128` two, so without `v128` values `sh[p] == p`.
    sh: Vec<u32>,
    /// The lowest height whose entries were pushed since the widths were
    /// last read from the validator (`sync_widths`); `u32::MAX` if none.
    dirty: u32,
    /// Slot of each local (params first); `None` when every local takes one
    /// slot (local `i` is slot `i`).
    local_slots: Option<Vec<Slot>>,
    /// Slots of the function's results.
    result_slots: u32,
    /// `v128` constants and shuffle masks, referred to by index.
    v128_consts: Vec<u128>,
}

/// Where an operand-stack entry's value is. `local.get` and constants are
/// not copied to the stack at once: an instruction that consumes them reads
/// the local's slot directly (or materialises the constant), which removes
/// most copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    /// In the entry's own stack slot.
    Temp,
    /// Still in local `i`.
    Local(u32),
    /// A constant not yet written (`wide`: 64-bit).
    Const { value: u64, wide: bool },
}

/// Translates one function body. `fv` validates it as we go.
pub(crate) fn translate(
    module: &ModuleInner,
    fv: &mut FuncValidator<ValidatorResources>,
    body: &FunctionBody<'_>,
) -> Result<FuncCode> {
    let func_ty = {
        let res = fv.resources();
        let id = res
            .type_id_of_function(fv.index())
            .ok_or_else(|| anyhow::anyhow!("unknown function type"))?;
        module.validator_types[id].unwrap_func().clone()
    };
    let num_params = slot_count(func_ty.params());
    let num_results = func_ty.results().len() as u32;
    let result_slots = slot_count(func_ty.results());

    let mut num_locals = num_params;
    let mut widths: Vec<u32> = func_ty.params().iter().map(|&t| slot_width(t)).collect();
    let mut locals = body.get_locals_reader()?;
    for _ in 0..locals.get_count() {
        let offset = locals.original_position();
        let (count, ty) = locals.read()?;
        fv.define_locals(offset, count, ty)?;
        let w = slot_width(ty);
        num_locals = count
            .checked_mul(w)
            .and_then(|n| num_locals.checked_add(n))
            .ok_or_else(|| anyhow::anyhow!("too many locals"))?;
        widths.extend(std::iter::repeat_n(w, count as usize));
    }
    // A slot table only where some local is a `v128`.
    let local_slots = widths.contains(&2).then(|| {
        let mut at = 0;
        widths
            .iter()
            .map(|&w| {
                let s = at;
                at += w;
                s
            })
            .collect::<Vec<Slot>>()
    });

    let (consts, legacy, switches_stacks) = prescan(body);
    let const_slots = consts
        .iter()
        .enumerate()
        .map(|(k, &c)| (c, num_locals + k as u32))
        .collect();
    // Then the hidden slots of legacy catch handlers' exceptions.
    let legacy_base = num_locals
        .checked_add(consts.len() as u32)
        .ok_or_else(|| anyhow::anyhow!("too many locals"))?;
    let stack_base = legacy_base
        .checked_add(legacy.slots)
        .ok_or_else(|| anyhow::anyhow!("too many locals"))?;
    let mut t = Translator {
        module,
        code: Vec::new(),
        offsets: Vec::new(),
        offset: 0,
        stack_base,
        const_slots,
        h: 0,
        max_h: 0,
        ctrl: vec![Ctrl {
            kind: Kind::Func,
            height: 0,
            params: 0,
            results: num_results,
            start: 0,
            patches: Vec::new(),
            else_patch: None,
            saved_params: None,
            param_slots: 0,
            outer_reachable: true,
            region: 0,
        }],
        reachable: true,
        try_regions: Vec::new(),
        resume_tables: Vec::new(),
        save_top: 0,
        save_max: 0,
        save_fixups: Vec::new(),
        operands: Vec::new(),
        last_producer: None,
        copy_run: None,
        results_run: None,
        ticks: false,
        hot_counts: false,
        legacy: legacy_exceptions::Legacy::new(legacy, legacy_base),
        sh: vec![0],
        dirty: u32::MAX,
        local_slots,
        result_slots,
        v128_consts: Vec::new(),
    };

    let ticks = module.engine.config().ticks();
    t.ticks = ticks;
    if ticks {
        t.emit(Instr::Tick);
    }
    // (Under `Tier::Tiered` a function that switches stacks stays
    // interpreted, `module::code`: no counts, which would only cost it.)
    let config = module.engine.config();
    t.hot_counts =
        config.hot_counts() && !(config.tier == crate::jit::Tier::Tiered && switches_stacks);
    if t.hot_counts {
        t.emit(Instr::HotCount {
            weight: crate::jit::HOT_CALL_WEIGHT,
        });
    }
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset()?;
        fv.op(offset, &op)?;
        t.offset = offset as u32;
        t.op(&op, fv)?;
        t.sync_widths(fv);
        if t.reachable && !t.ctrl.is_empty() {
            debug_assert_eq!(t.h, fv.operand_stack_height(), "stack height after {op:?}");
        }
    }
    reader.finish()?;

    let stack_top = stack_base
        .checked_add(t.max_h)
        .ok_or_else(|| anyhow::anyhow!("function too large"))?;
    for &i in &t.save_fixups {
        if let Instr::CopyN { dst, src, .. } = &mut t.code[i] {
            for s in [dst, src] {
                if *s >= SAVE_BASE {
                    *s = *s - SAVE_BASE + stack_top;
                }
            }
        }
    }
    let max_slots = stack_top
        .checked_add(t.save_max)
        .ok_or_else(|| anyhow::anyhow!("function too large"))?;
    invert_loops(&mut t.code);
    fold_constant_branches(&mut t.code, &t.try_regions, &t.resume_tables);
    thread_returns(&mut t.code);
    fuse_counted_loops(&mut t.code);
    // A sentinel, so that falling off the end can never run past the code;
    // then check that every branch lands inside it. The interpreter relies
    // on both to fetch instructions without bounds checks.
    t.emit(Instr::Unreachable);
    let len = t.code.len() as u32;
    let targets_ok = t
        .code
        .iter()
        .all(|i| branch_target(i).is_none_or(|x| x < len))
        && t.try_regions
            .iter()
            .all(|r| r.catches.iter().all(|c| c.target < len))
        && t.resume_tables.iter().all(|h| {
            h.iter().all(|h| match h {
                ResumeHandler::OnLabel { target, .. } => *target < len,
                ResumeHandler::OnSwitch { .. } => true,
            })
        });
    if !targets_ok {
        bail!("internal error: branch target out of range");
    }
    Ok(FuncCode {
        instrs: t.code.into_boxed_slice(),
        num_params,
        num_results: result_slots,
        num_locals,
        v128_consts: t.v128_consts.into_boxed_slice(),
        frame_init: std::iter::repeat_n(0, (num_locals - num_params) as usize)
            .chain(consts.iter().map(|&(v, _)| v))
            .collect(),
        max_slots,
        try_regions: t.try_regions.into_boxed_slice(),
        resume_tables: t
            .resume_tables
            .into_iter()
            .map(|clauses| ResumeTable::new(clauses.into_boxed_slice()))
            .collect(),
        offsets: t.offsets.into_boxed_slice(),
        imported_funcs: module.num_imported_funcs,
        jit: None,
        cached: None,
        hot: Default::default(),
        queued: Default::default(),
        probed: Default::default(),
        probe_ns: Default::default(),
        switches_stacks,
        compiled_calls: Default::default(),
        perf_name: None,
    })
}

/// Most constants a function keeps in slots.
const MAX_CONST_SLOTS: usize = 16;
/// Constant slots of a function without loops.
const MAX_CONST_SLOTS_WITHOUT_LOOP: usize = 4;

/// The translator's one pass over a body before it translates it: the
/// first distinct constants (up to `MAX_CONST_SLOTS`), which get slots of
/// their own so that instructions read them in place, and what the legacy
/// `try`s need (`LegacyScanner`), and whether it switches stacks (`resume`,
/// `resume_throw`, `resume_throw_ref`, `suspend`, `switch`:
/// `FuncCode::switches_stacks`).
fn prescan(body: &FunctionBody<'_>) -> (Vec<(u64, bool)>, legacy_exceptions::LegacyScan, bool) {
    let mut out = Vec::new();
    let mut legacy = legacy_exceptions::LegacyScanner::new();
    let Ok(mut reader) = body.get_operators_reader() else {
        return (out, legacy.finish(), false);
    };
    let mut has_loop = false;
    let mut switches = false;
    let mut pending: Option<(u64, bool)> = None;
    while !reader.eof() {
        let Ok(op) = reader.read() else { break };
        legacy.op(&op);
        has_loop |= matches!(op, Operator::Loop { .. });
        switches |= matches!(
            op,
            Operator::Resume { .. }
                | Operator::ResumeThrow { .. }
                | Operator::ResumeThrowRef { .. }
                | Operator::Suspend { .. }
                | Operator::Switch { .. }
        );
        if out.len() >= MAX_CONST_SLOTS {
            continue;
        }
        // A constant that is added, subtracted or stored to a local right
        // away becomes an immediate or a `Const` instruction: no slot.
        if let Some(c) = pending.take() {
            let fits_i32 = |v: u64| v as i64 == v as i64 as i32 as i64;
            let folded = match op {
                Operator::I32Add
                | Operator::I32Sub
                | Operator::LocalSet { .. }
                | Operator::LocalTee { .. } => true,
                Operator::I64Add => fits_i32(c.0),
                Operator::I64Sub => fits_i32(c.0.wrapping_neg()),
                _ => false,
            };
            if !folded && !out.contains(&c) {
                out.push(c);
            }
        }
        pending = match op {
            Operator::I32Const { value } => Some((value as u32 as u64, false)),
            Operator::F32Const { value } => Some((value.bits() as u64, false)),
            Operator::I64Const { value } => Some((value as u64, true)),
            Operator::F64Const { value } => Some((value.bits(), true)),
            _ => None,
        };
    }
    // Filling a slot when the frame starts costs a store; an inline `Const`
    // costs a dispatch each time it runs. Without a loop each constant runs
    // at most once per call (and perhaps not at all), so only the first few
    // get slots there.
    if !has_loop {
        out.truncate(MAX_CONST_SLOTS_WITHOUT_LOOP);
    }
    (out, legacy.finish(), switches)
}

/// Retargets the result of `instr` from slot `from` to slot `to`, if it is
/// an instruction with a single result in `from`.
fn set_dst(instr: &mut Instr, from: Slot, to: Slot) -> bool {
    if let Some(dst) = float_chain_dst(instr) {
        if *dst != from {
            return false;
        }
        *dst = to;
        return true;
    }
    if let Some(dst) = crate::ir::fused_loads::dst_mut(instr) {
        if *dst != from {
            return false;
        }
        *dst = to;
        return true;
    }
    macro_rules! retarget {
        ([]
         binop { $( ($bn:ident, $($b:tt)*) ),* $(,)? }
         trapping_binop { $( ($tbn:ident, $($tb:tt)*) ),* $(,)? }
         unop { $( ($un:ident, $($u:tt)*) ),* $(,)? }
         trapping_unop { $( ($tun:ident, $($tu:tt)*) ),* $(,)? }
         load { $( ($ln:ident, $($l:tt)*) ),* $(,)? }
         cmp_branch { $($cb:tt)* }
         store { $($st:tt)* }
         binop_imm { $( ($bin:ident, $($bi:tt)*) ),* $(,)? }
         cmp_branch_imm { $($ci:tt)* }
        ) => {
            match instr {
                $( Instr::$bn { dst, .. } )|*
                | $( Instr::$bin { dst, .. } )|*
                | $( Instr::$tbn { dst, .. } )|*
                | $( Instr::$un { dst, .. } )|*
                | $( Instr::$tun { dst, .. } )|*
                | $( Instr::$ln { dst, .. } )|*
                | Instr::I32AddImm { dst, .. }
                | Instr::I64AddImm { dst, .. }
                | Instr::Select { dst, .. }
                | Instr::GlobalGet { dst, .. }
                | Instr::StructGet { dst, .. }
                | Instr::RefIsNull { dst, .. }
                | Instr::Load64 { dst, .. }
                    if *dst == from =>
                {
                    *dst = to;
                    true
                }
                _ => false,
            }
        };
    }
    crate::ir::for_each_numeric!((retarget))
}

/// The copies of a run writing `d..d + n` from `s..s + n` (with `CopyN`'s
/// all-reads-first effect) followed by `dst <- src`, as one `CopyN`, if that
/// is possible: the new copy must extend the run at either end and must not
/// read a slot the run wrote (it would see the new value, `CopyN` the old).
fn merge_copy(d: Slot, s: Slot, n: u32, dst: Slot, src: Slot) -> Option<Instr> {
    if (d..d + n).contains(&src) {
        return None;
    }
    if dst + 1 == d && src + 1 == s {
        Some(Instr::CopyN { dst, src, n: n + 1 })
    } else if dst == d + n && src == s + n {
        Some(Instr::CopyN {
            dst: d,
            src: s,
            n: n + 1,
        })
    } else {
        None
    }
}

fn mem_index(m: &wasmparser::MemArg) -> Result<u32> {
    match m.target {
        wasmparser::MemArgTarget::Memory(i) => Ok(i),
        wasmparser::MemArgTarget::Array(_) => bail!("unsupported memory access target"),
    }
}

impl Translator<'_> {
    fn slot(&self, height: u32) -> Slot {
        self.stack_base + self.sh[height as usize]
    }

    /// Slots taken by the operand-stack entries `from..to` (heights).
    fn slots_between(&self, from: u32, to: u32) -> u32 {
        self.sh[to as usize] - self.sh[from as usize]
    }

    /// Slots taken by the top `n` operand-stack entries.
    fn top_slots(&self, n: u32) -> u32 {
        self.slots_between(self.h - n, self.h)
    }

    /// Slots of operand `depth` below the top (0 = top): 1, or 2 for a
    /// `v128`.
    fn width(&self, depth: u32) -> u32 {
        let p = self.h - 1 - depth;
        self.slots_between(p, p + 1)
    }

    /// The slot of local `i`.
    fn local_slot(&self, i: u32) -> Slot {
        match &self.local_slots {
            Some(s) => s[i as usize],
            None => i,
        }
    }

    /// Reads the widths of the entries pushed by the last operator from
    /// the validator's operand types (entries are pushed as one slot wide;
    /// only the entries above a pushed one depend on its width, and those
    /// are pushed by later operators).
    fn sync_widths(&mut self, fv: &FuncValidator<ValidatorResources>) {
        if self.dirty == u32::MAX {
            return;
        }
        if !self.reachable || self.ctrl.is_empty() {
            if self.dirty >= self.h {
                self.dirty = u32::MAX;
            }
            return;
        }
        for p in self.dirty..self.h {
            let depth = (self.h - 1 - p) as usize;
            let w = match fv.get_operand_type(depth) {
                Some(Some(t)) => slot_width(t),
                _ => 1,
            };
            self.sh[p as usize + 1] = self.sh[p as usize] + w;
        }
        self.max_h = self.max_h.max(self.sh[self.h as usize]);
        self.dirty = u32::MAX;
    }

    /// Slot of the operand `depth` entries below the top (0 = top).
    fn top(&self, depth: u32) -> Slot {
        self.slot(self.h - 1 - depth)
    }

    fn emit(&mut self, i: Instr) -> usize {
        self.code.push(i);
        self.offsets.push(self.offset);
        self.last_producer = None;
        self.copy_run = None;
        self.results_run = None;
        self.code.len() - 1
    }

    /// Emits `dst <- src`, merged into the copy (or run of copies) just
    /// before it when the two are one `CopyN` with the same effect.
    fn emit_copy(&mut self, dst: Slot, src: Slot) {
        if let Some(at) = self.copy_run {
            let merged = match self.code[at] {
                Instr::Copy { dst: d, src: s } => merge_copy(d, s, 1, dst, src),
                Instr::CopyN { dst: d, src: s, n } => merge_copy(d, s, n, dst, src),
                _ => None,
            };
            if let Some(m) = merged {
                self.code[at] = m;
                self.retarget_results(at);
                return;
            }
        }
        let results = self.results_run;
        let at = self.emit(Instr::Copy { dst, src });
        self.copy_run = Some(at);
        self.results_run = results;
        self.retarget_results(at);
    }

    /// If the copies at `at` (right after a `suspend` or `switch`) move
    /// exactly that instruction's results, has the instruction deliver
    /// them at the copies' destination and drops the copies. The results
    /// are then all popped: nothing else reads their slots.
    fn retarget_results(&mut self, at: usize) {
        let Some((producer, base, n)) = self.results_run else {
            return;
        };
        if at != producer + 1 || n == 0 {
            return;
        }
        let (dst, src, len) = match self.code[at] {
            Instr::Copy { dst, src } => (dst, src, 1),
            Instr::CopyN { dst, src, n } => (dst, src, n),
            _ => return,
        };
        if src != base || len != n {
            return;
        }
        match &mut self.code[producer] {
            Instr::Suspend { res, .. } | Instr::Switch { res, .. } => *res = dst,
            _ => return,
        }
        self.code.pop();
        self.offsets.pop();
        self.copy_run = None;
        self.results_run = None;
    }

    /// Emits `load`, a load of memory 0 into the top operand's slot, fused
    /// with the `i32.add` that just computed its address if there is one
    /// (`addr_temp`: the address was a temporary; `ir/fused_loads.rs`).
    fn emit_load0(&mut self, load: Instr, addr_temp: bool) {
        if let Some(at) = self
            .last_producer
            .filter(|&at| addr_temp && at + 1 == self.code.len())
        {
            if let Some(fused) = crate::ir::fused_loads::fuse(&self.code[at], &load) {
                self.code[at] = fused;
                // A trap is the load's: its offset for the backtrace.
                self.offsets[at] = self.offset;
                return;
            }
        }
        self.emit_producer(load);
    }

    /// Emits an instruction that writes the top operand's slot.
    fn emit_producer(&mut self, i: Instr) {
        let at = self.emit(i);
        self.last_producer = Some(at);
    }

    /// Writes operand `p` (a height) to its own slot if it is not there.
    fn materialize(&mut self, p: u32) {
        let dst = self.slot(p);
        match self.operands[p as usize] {
            Operand::Temp => return,
            Operand::Local(src) => {
                let n = self.slots_between(p, p + 1);
                self.copy_n(dst, src, n);
            }
            Operand::Const { value, wide: false } => {
                self.emit(Instr::Const32 {
                    dst,
                    value: value as u32,
                });
            }
            Operand::Const { value, wide: true } => {
                self.emit(Instr::Const64 {
                    dst,
                    lo: value as u32,
                    hi: (value >> 32) as u32,
                });
            }
        }
        self.operands[p as usize] = Operand::Temp;
    }

    /// Puts every operand in its own slot (before control flow, calls and
    /// any instruction that reads a range of slots).
    fn flush(&mut self) {
        for p in 0..self.h {
            self.materialize(p);
        }
    }

    /// The slot to read operand `depth` from: a local's slot for a pending
    /// `local.get`; constants are materialised first.
    fn use_slot(&mut self, depth: u32) -> Slot {
        let p = self.h - 1 - depth;
        match self.operands[p as usize] {
            Operand::Temp => self.slot(p),
            Operand::Local(i) => i,
            Operand::Const { value, wide } => match self.const_slots.get(&(value, wide)) {
                Some(&k) => k,
                None => {
                    self.materialize(p);
                    self.slot(p)
                }
            },
        }
    }

    fn push_operand(&mut self, o: Operand) {
        self.push(1);
        let top = self.operands.len() - 1;
        self.operands[top] = o;
    }

    fn pc(&self) -> u32 {
        self.code.len() as u32
    }

    /// Forgets the widths of the entries from height `p` up (they are
    /// read again from the validator after this operator).
    fn retype_from(&mut self, p: u32) {
        self.dirty = self.dirty.min(p);
    }

    fn set_h(&mut self, h: u32) {
        if h > self.h {
            self.dirty = self.dirty.min(self.h);
            for p in self.h..h {
                let next = self.sh[p as usize] + 1;
                self.sh.push(next);
            }
        } else {
            self.sh.truncate(h as usize + 1);
        }
        self.h = h;
        self.max_h = self.max_h.max(self.sh[h as usize]);
        self.operands.resize(h as usize, Operand::Temp);
    }

    fn push(&mut self, n: u32) {
        self.set_h(self.h + n);
    }

    fn pop(&mut self, n: u32) {
        self.h -= n;
        self.sh.truncate(self.h as usize + 1);
        self.operands.truncate(self.h as usize);
    }

    fn block_arity(&self, bt: BlockType) -> (u32, u32) {
        match bt {
            BlockType::Empty => (0, 0),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(idx) => {
                let f = self.func_type_at(idx);
                (f.params().len() as u32, f.results().len() as u32)
            }
        }
    }

    fn sub_type(&self, module_type_index: u32) -> &wasmparser::SubType {
        let id = self
            .module
            .validator_types
            .as_ref()
            .core_type_at_in_module(module_type_index);
        &self.module.validator_types[id]
    }

    fn func_type_at(&self, module_type_index: u32) -> &wasmparser::FuncType {
        self.sub_type(module_type_index).unwrap_func()
    }

    /// The function type of continuation type `idx`.
    fn cont_func_type(&self, cont_type_index: u32) -> &wasmparser::FuncType {
        let ct = self.sub_type(cont_type_index).unwrap_cont();
        let id = ct.0.as_core_type_id().expect("canonical");
        self.module.validator_types[id].unwrap_func()
    }

    fn func_arity(&self, func_index: u32) -> (u32, u32) {
        let id = self.module.funcs[func_index as usize];
        let reg = self.module.engine.types();
        let f = reg.get(id).sub.unwrap_func();
        (f.params().len() as u32, f.results().len() as u32)
    }

    /// Slots of the parameters (the payload) of module tag `tag`.
    fn tag_param_slots(&self, tag: u32) -> u32 {
        let id = self.module.tags[tag as usize];
        let reg = self.module.engine.types();
        slot_count(reg.get(id).sub.unwrap_func().params())
    }

    /// Slots of the results of module tag `tag`.
    fn tag_result_slots(&self, tag: u32) -> u32 {
        let id = self.module.tags[tag as usize];
        let reg = self.module.engine.types();
        slot_count(reg.get(id).sub.unwrap_func().results())
    }

    fn tag_arity(&self, tag: u32) -> (u32, u32) {
        let id = self.module.tags[tag as usize];
        let reg = self.module.engine.types();
        let f = reg.get(id).sub.unwrap_func();
        (f.params().len() as u32, f.results().len() as u32)
    }

    fn copy_n(&mut self, dst: Slot, src: Slot, n: u32) {
        if dst == src || n == 0 {
            return;
        }
        if n == 1 {
            self.emit(Instr::Copy { dst, src });
        } else {
            self.emit(Instr::CopyN { dst, src, n });
        }
    }

    fn op(&mut self, op: &Operator<'_>, fv: &FuncValidator<ValidatorResources>) -> Result<()> {
        if let Some(done) = self.legacy_exception_op(op) {
            return done;
        }
        // Control structure is tracked even in unreachable code.
        if !self.reachable {
            match op {
                Operator::Block { blockty }
                | Operator::Loop { blockty }
                | Operator::If { blockty } => {
                    let kind = match op {
                        Operator::Block { .. } => Kind::Block,
                        Operator::Loop { .. } => Kind::Loop,
                        _ => Kind::If,
                    };
                    self.push_ctrl(kind, *blockty);
                }
                Operator::TryTable { try_table } => {
                    self.push_ctrl(Kind::TryTable, try_table.ty);
                    let region = self.try_regions.len();
                    self.try_regions.push(TryRegion::new(0));
                    self.ctrl.last_mut().unwrap().region = region;
                }
                Operator::Else => self.else_(),
                Operator::End => self.end(),
                _ => {}
            }
            return Ok(());
        }
        let _ = fv;
        if self.simd_op(op)?
            || self.memory64_op(op)?
            || self.lazy_op(op)?
            || self.lazy_ref_op(op)
            || self.lazy_gc_op(op)
        {
            return Ok(());
        }
        // `resume` and `switch` read their continuation where it is; the
        // top operand is consumed, so it need not be written to its slot.
        let cont = match op {
            Operator::Resume { .. } | Operator::Switch { .. } => {
                let slot = self.use_slot(0);
                let top = self.h as usize - 1;
                self.operands[top] = Operand::Temp;
                slot
            }
            _ => 0,
        };
        // Everything else reads its operands from consecutive slots.
        self.flush();
        // Numeric operators, locals, globals, constants, `drop` and
        // `select` are all handled by `lazy_op`; the rest by area.
        let handled = self.control_op(op)?
            || self.call_op(op)?
            || self.reference_op(op)?
            || self.table_op(op)?
            || self.memory_op(op)?
            || self.exception_op(op)?
            || self.continuation_op(op, cont)?
            || self.gc_op(op)?;
        if !handled {
            bail!("unsupported operator: {op:?}");
        }
        Ok(())
    }

    /// Puts every operand but the top `n` in its own slot.
    fn flush_below(&mut self, n: u32) {
        for p in 0..self.h - n {
            self.materialize(p);
        }
    }

    /// Would a `br_if` to `depth` (after popping its condition) need copies?
    fn needs_copies_after_pop(&self, depth: u32) -> bool {
        let c = &self.ctrl[self.ctrl.len() - 1 - depth as usize];
        let n = c.label_arity();
        n != 0 && c.height != self.h - 1 - n
    }

    /// If the top operand was just computed by a comparison, turns that
    /// instruction into a fused compare-and-branch (negated if `negate`, for
    /// integers only) and returns its index; the caller sets the target.
    fn fuse_top_compare(&mut self, negate: bool) -> Option<usize> {
        let at = self.last_producer?;
        if self.operands.last() != Some(&Operand::Temp) {
            return None;
        }
        macro_rules! fuse {
            ([] $($group:ident { $($body:tt)* })*) => {
                fuse!(@find $($group { $($body)* })*)
            };
            (@find cmp_branch { $( ($cn:ident, $co:ident, $($rest:tt)*) ),* $(,)? } $($more:tt)*) => {
                match self.code[at] {
                    $( Instr::$co { a, b, .. } => Some(Instr::$cn { a, b, target: u32::MAX }), )*
                    _ => fuse!(@find $($more)*),
                }
            };
            (@find cmp_branch_imm { $( ($cin:ident, $cio:ident, $($rest:tt)*) ),* $(,)? } $($more:tt)*) => {
                match self.code[at] {
                    $( Instr::$cio { a, imm, .. } => Some(Instr::$cin { a, imm, target: u32::MAX }), )*
                    _ => None,
                }
            };
            (@find $group:ident { $($body:tt)* } $($more:tt)*) => {
                fuse!(@find $($more)*)
            };
        }
        let fused = match self.code[at] {
            // `br_if (i32.eqz x)` branches when x is zero.
            Instr::I32Eqz { src, .. } if negate => Instr::BrIfNez {
                cond: src,
                target: u32::MAX,
            },
            Instr::I32Eqz { src, .. } => Instr::BrIfEqz {
                cond: src,
                target: u32::MAX,
            },
            // `br_if (ref.is_null x)` branches when x is null.
            Instr::RefIsNull { src, .. } if negate => Instr::BrOnNonNull {
                src,
                target: u32::MAX,
            },
            Instr::RefIsNull { src, .. } => Instr::BrOnNull {
                src,
                target: u32::MAX,
            },
            // A bit test: `br_if` on an `i32.and` (`if`: negated).
            Instr::I32And { a, b, .. } if negate => Instr::BrIfI32AndEqz {
                a,
                b,
                target: u32::MAX,
            },
            Instr::I32And { a, b, .. } => Instr::BrIfI32AndNez {
                a,
                b,
                target: u32::MAX,
            },
            Instr::I32AndImm { a, imm, .. } if negate => Instr::BrIfI32AndImmEqz {
                a,
                imm,
                target: u32::MAX,
            },
            Instr::I32AndImm { a, imm, .. } => Instr::BrIfI32AndImmNez {
                a,
                imm,
                target: u32::MAX,
            },
            _ => {
                let fused = crate::ir::for_each_numeric!((fuse))?;
                if negate {
                    negate_branch(fused)?
                } else {
                    fused
                }
            }
        };
        self.code[at] = fused;
        self.last_producer = None;
        Some(at)
    }

    /// `local.set` / `local.tee`.
    fn local_set(&mut self, local: u32, tee: bool) {
        let i = self.local_slot(local);
        let top = self.h - 1;
        if self.width(0) == 2 {
            return self.local_set_v128(i, tee);
        }
        // Pending reads of local `i` below the top must see the old value.
        let mut pending = false;
        for p in 0..top {
            if self.operands[p as usize] == Operand::Local(i) {
                pending = true;
                self.materialize(p);
            }
        }
        match self.operands[top as usize] {
            Operand::Local(j) => {
                if j != i {
                    self.emit_copy(i, j);
                }
            }
            Operand::Const { value, wide } => {
                if wide {
                    self.emit(Instr::Const64 {
                        dst: i,
                        lo: value as u32,
                        hi: (value >> 32) as u32,
                    });
                } else {
                    self.emit(Instr::Const32 {
                        dst: i,
                        value: value as u32,
                    });
                }
            }
            Operand::Temp => {
                let src = self.slot(top);
                match self.last_producer {
                    Some(at) if !pending && set_dst(&mut self.code[at], src, i) => {
                        self.last_producer = None;
                    }
                    _ => self.emit_copy(i, src),
                }
            }
        }
        if tee {
            self.operands[top as usize] = Operand::Local(i);
        } else {
            self.pop(1);
        }
    }

    fn resume_table(&mut self, table: &wasmparser::ResumeTable) -> u32 {
        let index = self.resume_tables.len();
        self.resume_tables.push(Vec::new());
        for (i, h) in table.handlers.iter().enumerate() {
            let handler = match *h {
                wasmparser::Handle::OnLabel { tag, label } => {
                    // The payload, then the continuation.
                    let dst = self.handler_dst(label, self.tag_param_slots(tag) + 1);
                    let target = self.label_patch_or_target(label, Patch::Resume(index, i));
                    ResumeHandler::OnLabel { tag, target, dst }
                }
                wasmparser::Handle::OnSwitch { tag } => ResumeHandler::OnSwitch { tag },
            };
            self.resume_tables[index].push(handler);
        }
        index as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_copy_extends_runs_at_either_end() {
        // a <- b then b <- c (slots 0 <- 1, 1 <- 2): one forward CopyN.
        assert_eq!(
            merge_copy(0, 1, 1, 1, 2),
            Some(Instr::CopyN {
                dst: 0,
                src: 1,
                n: 2
            })
        );
        // 3 <- 7 then 2 <- 6: the run grows downwards.
        assert_eq!(
            merge_copy(3, 7, 1, 2, 6),
            Some(Instr::CopyN {
                dst: 2,
                src: 6,
                n: 2
            })
        );
    }

    #[test]
    fn merge_copy_refuses_reads_of_written_slots_and_gaps() {
        // 1 <- 0 then 2 <- 1: the second copy reads the value just written.
        assert_eq!(merge_copy(1, 0, 1, 2, 1), None);
        // Not adjacent.
        assert_eq!(merge_copy(0, 4, 1, 2, 5), None);
        assert_eq!(merge_copy(0, 4, 1, 1, 6), None);
    }
}
