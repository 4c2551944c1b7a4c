//! Frame slots in compiled code: what the first pass saw each slot read
//! and written as (`kind`), the type of each slot's Cranelift variable
//! (`var_types`: integers, floats, and `v128` pairs in one vector), the
//! reads and writes of slots through those variables (`Lower::get`,
//! `Lower::set` and their kin), the frame in memory at entries and exits
//! (`Lower::load_slot`, `Lower::store_slot`), and the folding of the round
//! trips that slot values make through their 64-bit form.

use cranelift_codegen::ir::types::{F32, F64, I16, I32, I64, I64X2, I8, INVALID};
use cranelift_codegen::ir::{
    AliasRegion, AliasRegionData, Function, InstBuilder, MemFlagsData, Opcode, Type, Value,
    ValueDef,
};
use cranelift_frontend::Variable;

use super::{simd, slot_flags, Lower, Mode, FRAME_REGIONS};
use crate::ir::Slot;

/// What the first pass saw a slot read or written as (`Lower::kinds`):
/// bits of `kind`, and `NEUTRAL` for a copy or a constant, which has no
/// type of its own.
pub(super) fn kind(ty: Type) -> u8 {
    match ty {
        F32 => 1,
        F64 => 2,
        _ => 4,
    }
}
pub(super) const NEUTRAL: u8 = 8;
/// Read or written as the low (`VEC_LO`) or high (`VEC_HI`) half of a
/// `v128` (`simd`'s `get_vec` and `set_vec`).
pub(super) const VEC_LO: u8 = 16;
pub(super) const VEC_HI: u8 = 32;

/// The "type" of the high slot of a `v128` that lives in one vector
/// variable: that variable is the slot below's (`var_types`).
pub(super) const HI: Type = INVALID;

/// The type of a slot's variable: a slot only ever read and written as an
/// `f64` (or only as an `f32`) lives in a float variable, so that it stays
/// in a float register across blocks (a loop's floats went through general
/// registers at every back edge); any other slot in an `i64`. Copies and
/// constants count for an `f64` slot, since an `f64` variable holds any
/// 64 bits (an `i64` copied into it and out again is the same), but not
/// for an `f32` slot, whose variable keeps only the low 32 bits.
fn var_type(seen: u8) -> Type {
    match seen {
        s if s == kind(F32) => F32,
        s if s & !NEUTRAL == kind(F64) => F64,
        _ => I64,
    }
}

/// The type of each of `slots` slots' variables (`var_type`), except that
/// a pair of slots only ever read and written as one `v128` (or copied)
/// lives in one `i64x2` variable, at the low slot, the high slot's type
/// being `HI`: a loop's vectors then stay in vector registers instead of
/// being split into two general-purpose registers at every back edge.
pub(super) fn var_types(kinds: &[u8], slots: usize) -> Vec<Type> {
    let seen = |s: usize| kinds.get(s).copied().unwrap_or(0);
    let only = |k: u8, bit: u8| k & bit != 0 && k & !(bit | NEUTRAL) == 0;
    let mut types = Vec::with_capacity(slots);
    while types.len() < slots {
        let s = types.len();
        if s + 1 < slots && only(seen(s), VEC_LO) && only(seen(s + 1), VEC_HI) {
            types.extend([I64X2, HI]);
        } else {
            types.push(var_type(seen(s)));
        }
    }
    types
}

/// Removes the round trips of floats through their slot form: a float
/// that `Lower::set` made a slot value (`bitcast` to `i64`; for an `f32`,
/// `bitcast` to `i32` and `uextend`) and `Lower::get` made a float again
/// (`bitcast`, after an `ireduce` for an `f32`) is the float itself. Without
/// this every float operator's result went to a general-purpose register
/// and back (Cranelift's own rules do not fold `bitcast` pairs). The same
/// for a `v128` (`simd::rejoined_halves`, and the `bitcast`s between
/// vector types).
pub(super) fn fold_slot_round_trips(func: &mut Function) {
    use cranelift_codegen::cursor::{Cursor, FuncCursor};
    let mut pos = FuncCursor::new(func);
    while pos.next_block().is_some() {
        while let Some(inst) = pos.next_inst() {
            let dfg = &pos.func.dfg;
            if let Some(x) = simd::rejoined_halves(dfg, inst) {
                let r = dfg.first_result(inst);
                pos.func.dfg.detach_inst_results(inst);
                pos.remove_inst_and_step_back();
                pos.func.dfg.change_to_alias(r, x);
                continue;
            }
            if dfg.insts[inst].opcode() != Opcode::Bitcast {
                continue;
            }
            // The argument of the instruction defining `v`, if its opcode
            // is `op`.
            let from = |v: Value, op: Opcode| match dfg.value_def(dfg.resolve_aliases(v)) {
                ValueDef::Result(i, 0) if dfg.insts[i].opcode() == op => {
                    Some(dfg.resolve_aliases(dfg.inst_args(i)[0]))
                }
                _ => None,
            };
            let r = dfg.first_result(inst);
            let arg = dfg.inst_args(inst)[0];
            let x = match dfg.value_type(r) {
                F64 => from(arg, Opcode::Bitcast),
                F32 => from(arg, Opcode::Ireduce)
                    .and_then(|v| from(v, Opcode::Uextend))
                    .and_then(|v| from(v, Opcode::Bitcast)),
                // A `v128` between two operators (`simd::rejoined_halves`).
                t if t.is_vector() => from(arg, Opcode::Bitcast),
                _ => None,
            };
            let Some(x) = x.filter(|&x| dfg.value_type(x) == dfg.value_type(r)) else {
                continue;
            };
            pos.func.dfg.detach_inst_results(inst);
            pos.remove_inst_and_step_back();
            pos.func.dfg.change_to_alias(r, x);
        }
    }
}

impl Lower<'_> {
    /// Slot `s` of this frame in memory (`regs + 8 * s`), all 64 bits.
    pub(super) fn load_slot(&mut self, s: Slot) -> Value {
        let flags = slot_flags().with_alias_region(Some(self.slot_region(s)));
        self.b.ins().load(I64, flags, self.regs, (s * 8) as i32)
    }

    /// Writes the 64-bit `v` into slot `s` of this frame in memory.
    pub(super) fn store_slot(&mut self, s: Slot, v: Value) {
        let flags = slot_flags().with_alias_region(Some(self.slot_region(s)));
        self.b.ins().store(flags, v, self.regs, (s * 8) as i32);
    }

    /// Slot `s`'s alias region.
    pub(super) fn slot_region(&mut self, s: Slot) -> AliasRegion {
        let k = s as usize;
        if k >= self.slot_regions.len() {
            self.slot_regions.resize(k + 1, None);
        }
        *self.slot_regions[k].get_or_insert_with(|| {
            self.b.func.dfg.alias_regions.insert(AliasRegionData {
                user_id: FRAME_REGIONS + s,
                description: "a frame slot".into(),
            })
        })
    }

    /// Slot `s` as a value of type `ty` (its low bits for narrower types).
    pub(super) fn get(&mut self, ty: Type, s: Slot) -> Value {
        self.get_as(ty, s, kind(ty))
    }

    /// `get`, noting `note` as what the slot is read as.
    pub(super) fn get_as(&mut self, ty: Type, s: Slot, note: u8) -> Value {
        let v = match &mut self.mode {
            // The whole slot, as `set` stores it: a load of the same type
            // at the same address is what Cranelift's alias analysis
            // forwards a store to (slots in memory, `Mode::Record`).
            Mode::Record(facts) => {
                facts[self.cur].uses.push(s);
                self.note_kind(s, note);
                self.load_slot(s)
            }
            Mode::Emit(..) => {
                let v = self.read_var(s);
                if self.b.func.dfg.value_type(v) == ty {
                    return v;
                }
                self.bits(v)
            }
        };
        match ty {
            I64 => v,
            I32 | I16 | I8 => self.b.ins().ireduce(ty, v),
            F32 => {
                let bits = self.b.ins().ireduce(I32, v);
                self.b.ins().bitcast(F32, MemFlagsData::new(), bits)
            }
            F64 => self.b.ins().bitcast(F64, MemFlagsData::new(), v),
            _ => unreachable!("slot values are read as integers or floats"),
        }
    }

    pub(super) fn set(&mut self, s: Slot, v: Value) {
        let ty = self.b.func.dfg.value_type(v);
        self.set_as(s, v, kind(ty));
    }

    /// Slot `s` for a copy: its variable's value as it is (the slot bits
    /// when its slots are in memory), counted as `NEUTRAL`.
    pub(super) fn get_any(&mut self, s: Slot) -> Value {
        match &mut self.mode {
            Mode::Record(facts) => {
                facts[self.cur].uses.push(s);
                self.note_kind(s, NEUTRAL);
                self.load_slot(s)
            }
            Mode::Emit(..) => self.read_var(s),
        }
    }

    /// Slot `s`'s variable (emitting), or its half (`i64`) of a vector
    /// variable (`var_types`).
    pub(super) fn read_var(&mut self, s: Slot) -> Value {
        match self.var_type_of(s) {
            I64X2 => {
                let v = self.b.use_var(self.vars[s as usize]);
                self.b.ins().extractlane(v, 0)
            }
            HI => {
                let v = self.b.use_var(self.vars[s as usize - 1]);
                self.b.ins().extractlane(v, 1)
            }
            _ => self.b.use_var(self.vars[s as usize]),
        }
    }

    /// The type of slot `s`'s variable (`I64` while recording).
    pub(super) fn var_type_of(&self, s: Slot) -> Type {
        match &self.mode {
            Mode::Emit(_, types) => types[s as usize],
            Mode::Record(_) => I64,
        }
    }

    /// The vector variable of the `v128` in slots `s` and `s + 1`, if
    /// they have one (`var_types`).
    pub(super) fn vec_var(&self, s: Slot) -> Option<Variable> {
        (self.var_type_of(s) == I64X2).then(|| self.vars[s as usize])
    }

    /// `set` of a copy or a constant, counted as `NEUTRAL`.
    pub(super) fn set_any(&mut self, s: Slot, v: Value) {
        self.set_as(s, v, NEUTRAL);
    }

    /// `set`, noting `note` as what the slot is written as.
    pub(super) fn set_as(&mut self, s: Slot, v: Value, note: u8) {
        let ty = self.b.func.dfg.value_type(v);
        if let Mode::Emit(_, types) = &self.mode {
            if types[s as usize] == ty {
                self.b.def_var(self.vars[s as usize], v);
                return;
            }
        }
        let v = match ty {
            I32 => self.b.ins().uextend(I64, v),
            _ => self.bits(v),
        };
        match &mut self.mode {
            Mode::Record(facts) => {
                facts[self.cur].defs.push(s);
                self.note_kind(s, note);
                self.store_slot(s, v);
            }
            Mode::Emit(..) => self.def_bits(s, v),
        }
    }

    /// The slot bits of the `i64`, `f64` or `f32` value `v` (an `f32`'s
    /// zero-extended).
    pub(super) fn bits(&mut self, v: Value) -> Value {
        match self.b.func.dfg.value_type(v) {
            I64 => v,
            F32 => {
                let bits = self.b.ins().bitcast(I32, MemFlagsData::new(), v);
                self.b.ins().uextend(I64, bits)
            }
            F64 => self.b.ins().bitcast(I64, MemFlagsData::new(), v),
            _ => unreachable!("slot values are i32, i64, f32 or f64"),
        }
    }

    /// Sets slot `s`'s variable to the slot bits `v`, as its type.
    pub(super) fn def_bits(&mut self, s: Slot, v: Value) {
        let mut var = self.vars[s as usize];
        let v = match self.var_type_of(s) {
            I64X2 => {
                let x = self.b.use_var(var);
                self.b.ins().insertlane(x, v, 0)
            }
            HI => {
                var = self.vars[s as usize - 1];
                let x = self.b.use_var(var);
                self.b.ins().insertlane(x, v, 1)
            }
            F32 => {
                let low = self.b.ins().ireduce(I32, v);
                self.b.ins().bitcast(F32, MemFlagsData::new(), low)
            }
            F64 => self.b.ins().bitcast(F64, MemFlagsData::new(), v),
            _ => v,
        };
        self.b.def_var(var, v);
    }

    /// Records (first pass) that slot `s` is read or written as `note`
    /// (a `kind`, or `NEUTRAL`).
    pub(super) fn note_kind(&mut self, s: Slot, note: u8) {
        let k = s as usize;
        if k >= self.kinds.len() {
            self.kinds.resize(k + 1, 0);
        }
        self.kinds[k] |= note;
    }
}

#[cfg(test)]
mod tests {
    use cranelift_codegen::ir::types::{F32, F64, I32, I64};
    use cranelift_codegen::ir::{
        AbiParam, Function, InstBuilder, MemFlagsData, Opcode, Signature, UserFuncName,
    };
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// `f(a) = (a as f64 + a as f64) * 2` and the same in `f32`, with each
    /// intermediate float stored as a slot value and read back as `Lower`
    /// does: the round trips go, the conversions of the parameter and of
    /// the result stay.
    #[test]
    fn float_round_trips_through_slot_values_are_folded() {
        // (Only the frontend's view of the host: nothing is compiled.)
        let frontend = match super::super::isa() {
            Some(isa) => isa.frontend_config(),
            None => return,
        };
        for ty in [F64, F32] {
            let mut sig = Signature::new(CallConv::SystemV);
            sig.params.push(AbiParam::new(I64));
            sig.returns.push(AbiParam::new(I64));
            let mut func = Function::with_name_signature(UserFuncName::user(0, 0), sig);
            let mut fctx = FunctionBuilderContext::new();
            let mut b = FunctionBuilder::new(&mut func, &mut fctx);
            let block = b.create_block();
            b.append_block_params_for_function_params(block);
            b.switch_to_block(block);
            let flags = MemFlagsData::new();
            // `Lower::get` and `Lower::set` for `ty`.
            let get = |b: &mut FunctionBuilder, v| {
                if ty == F64 {
                    b.ins().bitcast(F64, flags, v)
                } else {
                    let bits = b.ins().ireduce(I32, v);
                    b.ins().bitcast(F32, flags, bits)
                }
            };
            let set = |b: &mut FunctionBuilder, v| {
                if ty == F64 {
                    b.ins().bitcast(I64, flags, v)
                } else {
                    let bits = b.ins().bitcast(I32, flags, v);
                    b.ins().uextend(I64, bits)
                }
            };
            let a = b.block_params(block)[0];
            let x = get(&mut b, a);
            let sum = b.ins().fadd(x, x);
            let slot = set(&mut b, sum);
            let y = get(&mut b, slot);
            let prod = b.ins().fadd(y, y);
            let out = set(&mut b, prod);
            b.ins().return_(&[out]);
            b.seal_all_blocks();
            b.finalize(frontend);
            let bitcasts = |f: &Function| {
                f.layout
                    .blocks()
                    .flat_map(|bl| f.layout.block_insts(bl))
                    .filter(|&i| f.dfg.insts[i].opcode() == Opcode::Bitcast)
                    .count()
            };
            assert_eq!(bitcasts(&func), 4);
            super::fold_slot_round_trips(&mut func);
            assert_eq!(bitcasts(&func), 3, "{ty}");
            // The second `fadd` now reads the first one's result itself.
            let fadds: Vec<_> = func
                .layout
                .block_insts(block)
                .filter(|&i| func.dfg.insts[i].opcode() == Opcode::Fadd)
                .collect();
            let first = func.dfg.first_result(fadds[0]);
            let arg = func.dfg.resolve_aliases(func.dfg.inst_args(fadds[1])[0]);
            assert_eq!(arg, first, "{ty}");
        }
    }

    /// A pair read and written only as one `v128` (copies aside) is one
    /// vector variable; a pair whose half is also read as an `i64`, or
    /// whose slots overlap another pair, stays two `i64` variables.
    #[test]
    fn v128_pairs_get_one_vector_variable() {
        use super::{var_types, HI, NEUTRAL, VEC_HI, VEC_LO};
        use cranelift_codegen::ir::types::I64X2;
        let kinds = [
            VEC_LO,
            VEC_HI | NEUTRAL,
            VEC_LO,
            VEC_HI | 4, // also read as an i64
            VEC_LO,
            VEC_HI | VEC_LO, // also the low half of the pair at 5
            VEC_HI,
            2, // f64
        ];
        assert_eq!(
            var_types(&kinds, 9),
            [I64X2, HI, I64, I64, I64, I64, I64, F64, I64]
        );
        // A low half at the frame's last slot has no pair.
        assert_eq!(var_types(&[VEC_LO], 1), [I64]);
    }
}
