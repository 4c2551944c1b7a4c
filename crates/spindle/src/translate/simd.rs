//! Translation of the SIMD and relaxed SIMD operators, and of the generic
//! operators (`select`, `global.get`/`set`, `local.set`/`tee`) applied to a
//! `v128`, which takes two slots (see `Translator::sh`).

use super::*;
use crate::ir::memory64::{pack_op, unpack_op, V128Access};
use crate::ir::{
    inline_v128_binary, inline_v128_shift, LaneKind, V128BinOp, V128LoadOp, V128ShiftOp,
    V128SplatOp, V128TernOp, V128TestOp, V128UnOp,
};

/// Retargets the `v128` result of `instr` from slot `from` to `to`, if its
/// result slot is separate from its operands' (see `set_dst`).
fn set_dst_v128(instr: &mut Instr, from: Slot, to: Slot) -> bool {
    match instr {
        Instr::V128Const { dst, .. }
        | Instr::V128Unary { dst, .. }
        | Instr::V128Binary { dst, .. }
        | Instr::V128Splat { dst, .. }
        | Instr::V128Shift { dst, .. }
        | Instr::V128Replace { dst, .. }
        | Instr::V128Shuffle { dst, .. }
        | Instr::V128Select { dst, .. }
        | Instr::V128GlobalGet { dst, .. }
        | Instr::V128Load { dst, .. }
        | Instr::V128LoadExt { dst, .. }
        | Instr::F32x4Add { dst, .. }
        | Instr::F32x4Sub { dst, .. }
        | Instr::F32x4Mul { dst, .. }
        | Instr::F64x2Add { dst, .. }
        | Instr::F64x2Mul { dst, .. }
        | Instr::I8x16Add { dst, .. }
        | Instr::I8x16Sub { dst, .. }
        | Instr::I16x8Add { dst, .. }
        | Instr::I16x8Sub { dst, .. }
        | Instr::I16x8Mul { dst, .. }
        | Instr::I32x4Add { dst, .. }
        | Instr::I32x4Sub { dst, .. }
        | Instr::I32x4DotI16x8S { dst, .. }
        | Instr::V128And { dst, .. }
        | Instr::V128Or { dst, .. }
        | Instr::V128Xor { dst, .. }
        | Instr::I16x8Shl { dst, .. }
        | Instr::I16x8ShrS { dst, .. }
        | Instr::I16x8ShrU { dst, .. }
        | Instr::I32x4Shl { dst, .. }
        | Instr::I32x4ShrS { dst, .. }
        | Instr::I32x4ShrU { dst, .. }
            if *dst == from =>
        {
            *dst = to;
            true
        }
        Instr::V128Access64 { val, op, .. }
            if *val == from
                && matches!(V128Access::from_u8(unpack_op(*op).0), V128Access::Load(_)) =>
        {
            *val = to;
            true
        }
        _ => false,
    }
}

/// A `V128Access64` of memory `mem`.
fn access64(access: V128Access, val: Slot, addr: Slot, offset: u32, mem: u32) -> Result<Instr> {
    let op = pack_op(access.to_u8(), mem).ok_or_else(|| anyhow::anyhow!("too many memories"))?;
    Ok(Instr::V128Access64 {
        val,
        addr,
        offset,
        op,
    })
}

fn load_op(op: &Operator<'_>) -> Option<(V128LoadOp, wasmparser::MemArg)> {
    use Operator as O;
    use V128LoadOp as L;
    Some(match *op {
        O::V128Load { memarg } => (L::Load, memarg),
        O::V128Load8x8S { memarg } => (L::Load8x8S, memarg),
        O::V128Load8x8U { memarg } => (L::Load8x8U, memarg),
        O::V128Load16x4S { memarg } => (L::Load16x4S, memarg),
        O::V128Load16x4U { memarg } => (L::Load16x4U, memarg),
        O::V128Load32x2S { memarg } => (L::Load32x2S, memarg),
        O::V128Load32x2U { memarg } => (L::Load32x2U, memarg),
        O::V128Load8Splat { memarg } => (L::Load8Splat, memarg),
        O::V128Load16Splat { memarg } => (L::Load16Splat, memarg),
        O::V128Load32Splat { memarg } => (L::Load32Splat, memarg),
        O::V128Load64Splat { memarg } => (L::Load64Splat, memarg),
        O::V128Load32Zero { memarg } => (L::Load32Zero, memarg),
        O::V128Load64Zero { memarg } => (L::Load64Zero, memarg),
        _ => return None,
    })
}

/// `(store?, bytes, lane, memarg)` of a `v128.loadN_lane`/`storeN_lane`.
fn lane_mem_op(op: &Operator<'_>) -> Option<(bool, u8, u8, wasmparser::MemArg)> {
    use Operator as O;
    Some(match *op {
        O::V128Load8Lane { memarg, lane } => (false, 1, lane, memarg),
        O::V128Load16Lane { memarg, lane } => (false, 2, lane, memarg),
        O::V128Load32Lane { memarg, lane } => (false, 4, lane, memarg),
        O::V128Load64Lane { memarg, lane } => (false, 8, lane, memarg),
        O::V128Store8Lane { memarg, lane } => (true, 1, lane, memarg),
        O::V128Store16Lane { memarg, lane } => (true, 2, lane, memarg),
        O::V128Store32Lane { memarg, lane } => (true, 4, lane, memarg),
        O::V128Store64Lane { memarg, lane } => (true, 8, lane, memarg),
        _ => return None,
    })
}

/// `(replace?, kind, lane)` of an `extract_lane`/`replace_lane`.
fn lane_op(op: &Operator<'_>) -> Option<(bool, LaneKind, u8)> {
    use LaneKind as K;
    use Operator as O;
    Some(match *op {
        O::I8x16ExtractLaneS { lane } => (false, K::I8S, lane),
        O::I8x16ExtractLaneU { lane } => (false, K::I8U, lane),
        O::I16x8ExtractLaneS { lane } => (false, K::I16S, lane),
        O::I16x8ExtractLaneU { lane } => (false, K::I16U, lane),
        O::I32x4ExtractLane { lane } => (false, K::I32, lane),
        O::I64x2ExtractLane { lane } => (false, K::I64, lane),
        O::F32x4ExtractLane { lane } => (false, K::F32, lane),
        O::F64x2ExtractLane { lane } => (false, K::F64, lane),
        O::I8x16ReplaceLane { lane } => (true, K::I8U, lane),
        O::I16x8ReplaceLane { lane } => (true, K::I16U, lane),
        O::I32x4ReplaceLane { lane } => (true, K::I32, lane),
        O::I64x2ReplaceLane { lane } => (true, K::I64, lane),
        O::F32x4ReplaceLane { lane } => (true, K::F32, lane),
        O::F64x2ReplaceLane { lane } => (true, K::F64, lane),
        _ => return None,
    })
}

impl Translator<'_> {
    /// Translates `op` if it is a SIMD operator or a generic one applied
    /// to a `v128`; returns `false` for everything else.
    pub(super) fn simd_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        let handled = self.simd_op_inner(op)?;
        if handled && self.h > 0 {
            // The top entry may have changed width in place (a splat, an
            // extract, a load): read it again from the validator.
            self.dirty = self.dirty.min(self.h - 1);
        }
        Ok(handled)
    }

    fn v128_const(&mut self, v: u128) -> u32 {
        match self.v128_consts.iter().position(|&c| c == v) {
            Some(i) => i as u32,
            None => {
                self.v128_consts.push(v);
                self.v128_consts.len() as u32 - 1
            }
        }
    }

    /// The top operand is consumed and replaced by a result in its slot.
    fn result_at(&mut self, depth: u32) -> Slot {
        let p = self.h - 1 - depth;
        self.operands[p as usize] = Operand::Temp;
        self.slot(p)
    }

    fn simd_op_inner(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Select | O::TypedSelect { .. } if self.h >= 3 && self.width(1) == 2 => {
                let cond = self.use_slot(0);
                let b = self.use_slot(1);
                let a = self.use_slot(2);
                self.pop(2);
                let dst = self.result_at(0);
                self.emit_producer(Instr::V128Select { dst, cond, a, b });
                return Ok(true);
            }
            O::GlobalGet { global_index }
                if self.module.globals[global_index as usize].ty.content_type
                    == wasmparser::ValType::V128 =>
            {
                self.push(1);
                let dst = self.slot(self.h - 1);
                self.emit_producer(Instr::V128GlobalGet {
                    dst,
                    global: global_index,
                });
                return Ok(true);
            }
            O::GlobalSet { global_index } if self.width(0) == 2 => {
                let src = self.use_slot(0);
                self.emit(Instr::V128GlobalSet {
                    src,
                    global: global_index,
                });
                self.pop(1);
                return Ok(true);
            }
            O::V128Const { value } => {
                let idx = self.v128_const(u128::from_le_bytes(*value.bytes()));
                self.push(1);
                let dst = self.slot(self.h - 1);
                self.emit_producer(Instr::V128Const { dst, idx });
                return Ok(true);
            }
            O::I8x16Shuffle { lanes } => {
                let mask = self.v128_const(u128::from_le_bytes(lanes));
                let b = self.use_slot(0);
                let a = self.use_slot(1);
                self.pop(1);
                let dst = self.result_at(0);
                self.emit_producer(Instr::V128Shuffle { dst, a, b, mask });
                return Ok(true);
            }
            O::V128Store { memarg } => {
                let value = self.use_slot(0);
                if let Some(mem) = self.memory64_index(&memarg)? {
                    let (addr, offset) = self.address64(1, memarg.offset);
                    let i = access64(V128Access::Store, value, addr, offset, mem)?;
                    self.emit(i);
                    self.pop(2);
                    return Ok(true);
                }
                let addr = self.use_slot(1);
                let offset = u32::try_from(memarg.offset)?;
                let mem = mem_index(&memarg)?;
                self.emit(Instr::V128Store {
                    addr,
                    value,
                    offset,
                    mem,
                });
                self.pop(2);
                return Ok(true);
            }
            _ => {}
        }
        if let Some((op, memarg)) = load_op(op) {
            if let Some(mem) = self.memory64_index(&memarg)? {
                let (addr, offset) = self.address64(0, memarg.offset);
                let val = self.result_at(0);
                let i = access64(V128Access::Load(op), val, addr, offset, mem)?;
                self.emit_producer(i);
                return Ok(true);
            }
            let addr = self.use_slot(0);
            let dst = self.result_at(0);
            let offset = u32::try_from(memarg.offset)?;
            let mem = mem_index(&memarg)?;
            self.emit_producer(if op == V128LoadOp::Load {
                Instr::V128Load {
                    dst,
                    addr,
                    offset,
                    mem,
                }
            } else {
                Instr::V128LoadExt {
                    op,
                    dst,
                    addr,
                    offset,
                    mem,
                }
            });
        } else if let Some((store, bytes, lane, memarg)) = lane_mem_op(op) {
            // Address and vector in their own (consecutive) slots.
            self.materialize(self.h - 2);
            self.materialize(self.h - 1);
            let base = self.slot(self.h - 2);
            if let Some(mem) = self.memory64_index(&memarg)? {
                let (addr, offset) = self.address64(1, memarg.offset);
                let val = self.slot(self.h - 1);
                let access = if store {
                    V128Access::StoreLane { bytes, lane }
                } else {
                    V128Access::LoadLane { bytes, lane }
                };
                let i = access64(access, val, addr, offset, mem)?;
                if store {
                    self.emit(i);
                    self.pop(2);
                } else {
                    self.pop(1);
                    self.emit_producer(i);
                }
                return Ok(true);
            }
            let offset = u32::try_from(memarg.offset)?;
            let mem = mem_index(&memarg)?;
            if store {
                self.emit(Instr::V128StoreLane {
                    bytes,
                    lane,
                    base,
                    offset,
                    mem,
                });
                self.pop(2);
            } else {
                self.pop(1);
                self.emit_producer(Instr::V128LoadLane {
                    bytes,
                    lane,
                    base,
                    offset,
                    mem,
                });
            }
        } else if let Some((replace, kind, lane)) = lane_op(op) {
            if replace {
                let b = self.use_slot(0);
                let a = self.use_slot(1);
                self.pop(1);
                let dst = self.result_at(0);
                self.emit_producer(Instr::V128Replace {
                    kind,
                    lane,
                    dst,
                    a,
                    b,
                });
            } else {
                let a = self.use_slot(0);
                let dst = self.result_at(0);
                self.emit_producer(Instr::V128Extract { kind, lane, dst, a });
            }
        } else if let Some(op) = V128UnOp::from_operator(op) {
            let a = self.use_slot(0);
            let dst = self.result_at(0);
            self.emit_producer(Instr::V128Unary { op, dst, a });
        } else if let Some(op) = V128TestOp::from_operator(op) {
            let a = self.use_slot(0);
            let dst = self.result_at(0);
            self.emit_producer(Instr::V128Test { op, dst, a });
        } else if let Some(op) = V128SplatOp::from_operator(op) {
            let a = self.use_slot(0);
            let dst = self.result_at(0);
            self.emit_producer(Instr::V128Splat { op, dst, a });
        } else if let Some(op) = V128BinOp::from_operator(op) {
            let b = self.use_slot(0);
            let a = self.use_slot(1);
            self.pop(1);
            let dst = self.result_at(0);
            self.emit_producer(
                inline_v128_binary(op, dst, a, b).unwrap_or(Instr::V128Binary { op, dst, a, b }),
            );
        } else if let Some(op) = V128ShiftOp::from_operator(op) {
            let b = self.use_slot(0);
            let a = self.use_slot(1);
            self.pop(1);
            let dst = self.result_at(0);
            self.emit_producer(
                inline_v128_shift(op, dst, a, b).unwrap_or(Instr::V128Shift { op, dst, a, b }),
            );
        } else if let Some(op) = V128TernOp::from_operator(op) {
            // The first operand is read and written in its own slot.
            self.materialize(self.h - 3);
            let c = self.use_slot(0);
            let b = self.use_slot(1);
            self.pop(2);
            let dst = self.result_at(0);
            self.emit_producer(Instr::V128Ternary { op, dst, b, c });
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// `local.set`/`local.tee` of a `v128` to the local at slot `i`.
    pub(super) fn local_set_v128(&mut self, i: Slot, tee: bool) {
        let top = self.h - 1;
        // Pending reads of the local below the top must see the old value.
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
                    self.copy_n(i, j, 2);
                }
            }
            Operand::Const { .. } => unreachable!("v128 constants are never pending"),
            Operand::Temp => {
                let src = self.slot(top);
                match self.last_producer {
                    Some(at) if !pending && set_dst_v128(&mut self.code[at], src, i) => {
                        self.last_producer = None;
                    }
                    _ => self.copy_n(i, src, 2),
                }
            }
        }
        if tee {
            self.operands[top as usize] = Operand::Local(i);
        } else {
            self.pop(1);
        }
    }
}
