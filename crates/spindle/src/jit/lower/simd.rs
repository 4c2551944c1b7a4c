//! The `v128` instruction families (`ir/simd.rs`). A `v128` lives in two
//! slots (low half, lanes 0..8 bytes, first). When nothing else reads or
//! writes those slots, compiled code keeps it in one vector variable
//! (`var_types`); otherwise in two `i64` variables, which an operator
//! reads as a Cranelift vector (`get_vec`) and writes its vector result
//! back to as two halves (`set_vec`); `fold_slot_round_trips` removes the
//! halves between an operator and the next one in a block.
//!
//! Most operators map to a Cranelift operator with the Wasm semantics (the
//! same ones Wasmtime's translation uses). The others (float `min`/`max`,
//! rounding, the conversions Cranelift lowers with sequences of its own,
//! and every relaxed operator) call `crate::simd`'s functions through the
//! helpers at the end, so both tiers compute them with the same code: the
//! relaxed operators pick the same one of their allowed results.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{
    F32, F32X4, F64, F64X2, I16, I16X8, I32, I32X4, I64, I64X2, I8, I8X16,
};
use cranelift_codegen::ir::{
    AbiParam, ConstantData, DataFlowGraph, Endianness, Inst, InstBuilder, InstructionData,
    MemFlagsData, Opcode, Signature, Type, Value, ValueDef,
};

use super::slots::{VEC_HI, VEC_LO};
use super::Lower;
use crate::ir::{
    Instr, LaneKind, Slot, V128BinOp, V128LoadOp, V128ShiftOp, V128SplatOp, V128TernOp, V128TestOp,
    V128UnOp,
};
use crate::jit::{Hook, Target};
use cranelift_codegen::isa::CallConv;

/// Flags of a bitcast between vector types (lanes in memory order).
fn lanes() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// The vector type and lane index of lane kind `kind`.
fn lane_type(kind: LaneKind) -> (Type, Type) {
    match kind {
        LaneKind::I8S | LaneKind::I8U => (I8X16, I8),
        LaneKind::I16S | LaneKind::I16U => (I16X8, I16),
        LaneKind::I32 => (I32X4, I32),
        LaneKind::I64 => (I64X2, I64),
        LaneKind::F32 => (F32X4, F32),
        LaneKind::F64 => (F64X2, F64),
    }
}

impl Lower<'_> {
    /// The `v128` in slots `s` and `s + 1` as a vector of type `ty`.
    pub(super) fn get_vec(&mut self, ty: Type, s: Slot) -> Value {
        let v = match self.vec_var(s) {
            Some(var) => self.b.use_var(var),
            None => {
                let lo = self.get_as(I64, s, VEC_LO);
                let hi = self.get_as(I64, s + 1, VEC_HI);
                let v = self.b.ins().scalar_to_vector(I64X2, lo);
                self.b.ins().insertlane(v, hi, 1)
            }
        };
        if ty == I64X2 {
            v
        } else {
            self.b.ins().bitcast(ty, lanes(), v)
        }
    }

    /// Writes vector `v` to slots `s` and `s + 1`.
    pub(super) fn set_vec(&mut self, s: Slot, v: Value) {
        let v = if self.b.func.dfg.value_type(v) == I64X2 {
            v
        } else {
            self.b.ins().bitcast(I64X2, lanes(), v)
        };
        if let Some(var) = self.vec_var(s) {
            self.b.def_var(var, v);
            return;
        }
        let lo = self.b.ins().extractlane(v, 0);
        let hi = self.b.ins().extractlane(v, 1);
        self.set_as(s, lo, VEC_LO);
        self.set_as(s + 1, hi, VEC_HI);
    }

    /// The `v128` whose low and high halves are `lo` and `hi` (`i64`s).
    fn join(&mut self, lo: Value, hi: Value) -> Value {
        let v = self.b.ins().scalar_to_vector(I64X2, lo);
        self.b.ins().insertlane(v, hi, 1)
    }

    /// Lowers `instr` if it is a `v128` instruction compiled code runs;
    /// `false` for the others (accesses to other memories, to 64-bit
    /// memories, `v128` globals: they exit).
    pub(super) fn simd(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::V128Const { dst, idx } => {
                let c = self.code.v128_consts[idx as usize];
                let c = self
                    .b
                    .func
                    .dfg
                    .constants
                    .insert(c.to_le_bytes().to_vec().into());
                let v = self.b.ins().vconst(I8X16, c);
                self.set_vec(dst, v);
            }
            // (`false`: a helper this host cannot call, see `call_simd`.)
            Instr::V128Unary { op, dst, a } if !self.v128_unary(op, dst, a) => return false,
            Instr::V128Binary { op, dst, a, b } if !self.v128_binary(op, dst, a, b) => {
                return false
            }
            Instr::V128Ternary { op, dst, b, c } if !self.v128_ternary(op, dst, b, c) => {
                return false
            }
            Instr::V128Unary { .. } | Instr::V128Binary { .. } | Instr::V128Ternary { .. } => {}
            Instr::V128Test { op, dst, a } => self.v128_test(op, dst, a),
            Instr::V128Splat { op, dst, a } => self.v128_splat(op, dst, a),
            Instr::V128Shift { op, dst, a, b } => self.v128_shift(op, dst, a, b),
            Instr::V128Extract { kind, lane, dst, a } => {
                let (ty, _) = lane_type(kind);
                let v = self.get_vec(ty, a);
                let x = self.b.ins().extractlane(v, lane);
                let x = match kind {
                    LaneKind::I8S | LaneKind::I16S => self.b.ins().sextend(I32, x),
                    LaneKind::I8U | LaneKind::I16U => self.b.ins().uextend(I32, x),
                    _ => x,
                };
                self.set(dst, x);
            }
            Instr::V128Replace {
                kind,
                lane,
                dst,
                a,
                b,
            } => {
                let (ty, lane_ty) = lane_type(kind);
                let v = self.get_vec(ty, a);
                let x = self.get(lane_ty, b);
                let v = self.b.ins().insertlane(v, x, lane);
                self.set_vec(dst, v);
            }
            Instr::V128Shuffle { dst, a, b, mask } => {
                let m = self.code.v128_consts[mask as usize].to_le_bytes();
                let m = self.b.func.dfg.immediates.push(ConstantData::from(&m[..]));
                let (x, y) = (self.get_vec(I8X16, a), self.get_vec(I8X16, b));
                let v = self.b.ins().shuffle(x, y, m);
                self.set_vec(dst, v);
            }
            Instr::V128Select { dst, cond, a, b } => {
                let c = self.get(I32, cond);
                let (x, y) = (self.get_vec(I64X2, a), self.get_vec(I64X2, b));
                let halves: Vec<Value> = (0..2)
                    .map(|k| {
                        let x = self.b.ins().extractlane(x, k);
                        let y = self.b.ins().extractlane(y, k);
                        self.b.ins().select(c, x, y)
                    })
                    .collect();
                let v = self.join(halves[0], halves[1]);
                self.set_vec(dst, v);
            }
            _ => return self.simd_memory(i, instr) || self.simd_inline(i, instr),
        }
        self.next(i);
        true
    }

    /// The `v128` loads and stores of memory 0 (bounds-checked as the
    /// scalar ones: out of bounds, they exit and the interpreter traps).
    fn simd_memory(&mut self, i: usize, instr: &Instr) -> bool {
        let f = self.heap_flags();
        match *instr {
            Instr::V128Load {
                dst,
                addr,
                offset,
                mem: 0,
            } => {
                let p = self.effective(i, addr, offset, 16);
                let v = self.b.ins().load(I8X16, f, p, 0);
                self.set_vec(dst, v);
            }
            Instr::V128LoadExt {
                op,
                dst,
                addr,
                offset,
                mem: 0,
            } => {
                let p = self.effective(i, addr, offset, op.bytes() as i64);
                self.v128_load_ext(op, dst, p);
            }
            Instr::V128Store {
                addr,
                value,
                offset,
                mem: 0,
            } => {
                let p = self.effective(i, addr, offset, 16);
                let v = self.get_vec(I8X16, value);
                self.b.ins().store(f, v, p, 0);
            }
            Instr::V128LoadLane {
                bytes,
                lane,
                base,
                offset,
                mem: 0,
            } => {
                let (ty, lane_ty) = lane_of_bytes(bytes);
                let p = self.effective(i, base, offset, bytes as i64);
                let x = self.b.ins().load(lane_ty, f, p, 0);
                let v = self.get_vec(ty, base + 1);
                let v = self.b.ins().insertlane(v, x, lane);
                self.set_vec(base, v);
            }
            Instr::V128StoreLane {
                bytes,
                lane,
                base,
                offset,
                mem: 0,
            } => {
                let (ty, _) = lane_of_bytes(bytes);
                let p = self.effective(i, base, offset, bytes as i64);
                let v = self.get_vec(ty, base + 1);
                let x = self.b.ins().extractlane(v, lane);
                self.b.ins().store(f, x, p, 0);
            }
            _ => return false,
        }
        self.next(i);
        true
    }

    /// `v128.load*` form `op` from host address `p` (in bounds).
    fn v128_load_ext(&mut self, op: V128LoadOp, dst: Slot, p: Value) {
        use V128LoadOp as O;
        let f = self.heap_flags();
        let v = match op {
            O::Load => self.b.ins().load(I8X16, f, p, 0),
            O::Load32Zero | O::Load64Zero => {
                let lo = match op {
                    O::Load32Zero => self.b.ins().uload32(f, p, 0),
                    _ => self.b.ins().load(I64, f, p, 0),
                };
                let zero = self.b.ins().iconst(I64, 0);
                let v = self.join(lo, zero);
                self.set_vec(dst, v);
                return;
            }
            O::Load8Splat | O::Load16Splat | O::Load32Splat | O::Load64Splat => {
                let (ty, lane_ty) = lane_of_bytes(op.bytes() as u8);
                let x = self.b.ins().load(lane_ty, f, p, 0);
                self.b.ins().splat(ty, x)
            }
            _ => {
                let half = self.b.ins().load(I64, f, p, 0);
                let v = self.b.ins().scalar_to_vector(I64X2, half);
                let (ty, signed) = match op {
                    O::Load8x8S => (I8X16, true),
                    O::Load8x8U => (I8X16, false),
                    O::Load16x4S => (I16X8, true),
                    O::Load16x4U => (I16X8, false),
                    O::Load32x2S => (I32X4, true),
                    _ => (I32X4, false),
                };
                let v = self.b.ins().bitcast(ty, lanes(), v);
                if signed {
                    self.b.ins().swiden_low(v)
                } else {
                    self.b.ins().uwiden_low(v)
                }
            }
        };
        self.set_vec(dst, v);
    }

    /// The operators the interpreter runs as variants of their own
    /// (`inline_v128_binary`, `inline_v128_shift`).
    fn simd_inline(&mut self, i: usize, instr: &Instr) -> bool {
        use V128BinOp as B;
        use V128ShiftOp as S;
        let (dst, a, b) = match *instr {
            Instr::F32x4Add { dst, a, b } => (dst, a, Ok((B::F32x4Add, b))),
            Instr::F32x4Sub { dst, a, b } => (dst, a, Ok((B::F32x4Sub, b))),
            Instr::F32x4Mul { dst, a, b } => (dst, a, Ok((B::F32x4Mul, b))),
            Instr::F64x2Add { dst, a, b } => (dst, a, Ok((B::F64x2Add, b))),
            Instr::F64x2Mul { dst, a, b } => (dst, a, Ok((B::F64x2Mul, b))),
            Instr::I8x16Add { dst, a, b } => (dst, a, Ok((B::I8x16Add, b))),
            Instr::I8x16Sub { dst, a, b } => (dst, a, Ok((B::I8x16Sub, b))),
            Instr::I16x8Add { dst, a, b } => (dst, a, Ok((B::I16x8Add, b))),
            Instr::I16x8Sub { dst, a, b } => (dst, a, Ok((B::I16x8Sub, b))),
            Instr::I16x8Mul { dst, a, b } => (dst, a, Ok((B::I16x8Mul, b))),
            Instr::I32x4Add { dst, a, b } => (dst, a, Ok((B::I32x4Add, b))),
            Instr::I32x4Sub { dst, a, b } => (dst, a, Ok((B::I32x4Sub, b))),
            Instr::I32x4DotI16x8S { dst, a, b } => (dst, a, Ok((B::I32x4DotI16x8S, b))),
            Instr::V128And { dst, a, b } => (dst, a, Ok((B::V128And, b))),
            Instr::V128Or { dst, a, b } => (dst, a, Ok((B::V128Or, b))),
            Instr::V128Xor { dst, a, b } => (dst, a, Ok((B::V128Xor, b))),
            Instr::I16x8Shl { dst, a, b } => (dst, a, Err((S::I16x8Shl, b))),
            Instr::I16x8ShrS { dst, a, b } => (dst, a, Err((S::I16x8ShrS, b))),
            Instr::I16x8ShrU { dst, a, b } => (dst, a, Err((S::I16x8ShrU, b))),
            Instr::I32x4Shl { dst, a, b } => (dst, a, Err((S::I32x4Shl, b))),
            Instr::I32x4ShrS { dst, a, b } => (dst, a, Err((S::I32x4ShrS, b))),
            Instr::I32x4ShrU { dst, a, b } => (dst, a, Err((S::I32x4ShrU, b))),
            _ => return false,
        };
        match b {
            Ok((op, b)) if !self.v128_binary(op, dst, a, b) => return false,
            Ok(_) => {}
            Err((op, b)) => self.v128_shift(op, dst, a, b),
        }
        self.next(i);
        true
    }

    fn v128_unary(&mut self, op: V128UnOp, dst: Slot, a: Slot) -> bool {
        use V128UnOp as O;
        macro_rules! un {
            ($ty:expr, $m:ident) => {{
                let x = self.get_vec($ty, a);
                self.b.ins().$m(x)
            }};
        }
        macro_rules! pairwise {
            ($ty:expr, $lo:ident, $hi:ident) => {{
                let x = self.get_vec($ty, a);
                let (l, h) = (self.b.ins().$lo(x), self.b.ins().$hi(x));
                self.b.ins().iadd_pairwise(l, h)
            }};
        }
        let v = match op {
            O::V128Not => un!(I64X2, bnot),
            O::I8x16Abs => un!(I8X16, iabs),
            O::I8x16Neg => un!(I8X16, ineg),
            O::I8x16Popcnt => un!(I8X16, popcnt),
            O::I16x8Abs => un!(I16X8, iabs),
            O::I16x8Neg => un!(I16X8, ineg),
            O::I32x4Abs => un!(I32X4, iabs),
            O::I32x4Neg => un!(I32X4, ineg),
            O::I64x2Abs => un!(I64X2, iabs),
            O::I64x2Neg => un!(I64X2, ineg),
            O::I16x8ExtAddPairwiseI8x16S => pairwise!(I8X16, swiden_low, swiden_high),
            O::I16x8ExtAddPairwiseI8x16U => pairwise!(I8X16, uwiden_low, uwiden_high),
            O::I32x4ExtAddPairwiseI16x8S => pairwise!(I16X8, swiden_low, swiden_high),
            O::I32x4ExtAddPairwiseI16x8U => pairwise!(I16X8, uwiden_low, uwiden_high),
            O::I16x8ExtendLowI8x16S => un!(I8X16, swiden_low),
            O::I16x8ExtendHighI8x16S => un!(I8X16, swiden_high),
            O::I16x8ExtendLowI8x16U => un!(I8X16, uwiden_low),
            O::I16x8ExtendHighI8x16U => un!(I8X16, uwiden_high),
            O::I32x4ExtendLowI16x8S => un!(I16X8, swiden_low),
            O::I32x4ExtendHighI16x8S => un!(I16X8, swiden_high),
            O::I32x4ExtendLowI16x8U => un!(I16X8, uwiden_low),
            O::I32x4ExtendHighI16x8U => un!(I16X8, uwiden_high),
            O::I64x2ExtendLowI32x4S => un!(I32X4, swiden_low),
            O::I64x2ExtendHighI32x4S => un!(I32X4, swiden_high),
            O::I64x2ExtendLowI32x4U => un!(I32X4, uwiden_low),
            O::I64x2ExtendHighI32x4U => un!(I32X4, uwiden_high),
            O::F32x4Abs => un!(F32X4, fabs),
            O::F32x4Neg => un!(F32X4, fneg),
            O::F64x2Abs => un!(F64X2, fabs),
            O::F64x2Neg => un!(F64X2, fneg),
            O::F32x4ConvertI32x4S => {
                let x = self.get_vec(I32X4, a);
                self.b.ins().fcvt_from_sint(F32X4, x)
            }
            O::I32x4TruncSatF32x4S => {
                let x = self.get_vec(F32X4, a);
                self.b.ins().fcvt_to_sint_sat(I32X4, x)
            }
            _ => {
                return self.call_simd(Hook::SimdUnary, op as u32, &[a], dst);
            }
        };
        self.set_vec(dst, v);
        true
    }

    fn v128_binary(&mut self, op: V128BinOp, dst: Slot, a: Slot, b: Slot) -> bool {
        use V128BinOp as O;
        macro_rules! bin {
            ($ty:expr, $m:ident $(, $cc:expr)?) => {{
                let (x, y) = (self.get_vec($ty, a), self.get_vec($ty, b));
                self.b.ins().$m($($cc,)? x, y)
            }};
        }
        macro_rules! ext_mul {
            ($ty:expr, $w:ident) => {{
                let (x, y) = (self.get_vec($ty, a), self.get_vec($ty, b));
                let (x, y) = (self.b.ins().$w(x), self.b.ins().$w(y));
                self.b.ins().imul(x, y)
            }};
        }
        use FloatCC as F;
        use IntCC as C;
        let v = match op {
            O::I8x16Swizzle => bin!(I8X16, swizzle),
            O::I8x16Eq => bin!(I8X16, icmp, C::Equal),
            O::I8x16Ne => bin!(I8X16, icmp, C::NotEqual),
            O::I8x16LtS => bin!(I8X16, icmp, C::SignedLessThan),
            O::I8x16LtU => bin!(I8X16, icmp, C::UnsignedLessThan),
            O::I8x16GtS => bin!(I8X16, icmp, C::SignedGreaterThan),
            O::I8x16GtU => bin!(I8X16, icmp, C::UnsignedGreaterThan),
            O::I8x16LeS => bin!(I8X16, icmp, C::SignedLessThanOrEqual),
            O::I8x16LeU => bin!(I8X16, icmp, C::UnsignedLessThanOrEqual),
            O::I8x16GeS => bin!(I8X16, icmp, C::SignedGreaterThanOrEqual),
            O::I8x16GeU => bin!(I8X16, icmp, C::UnsignedGreaterThanOrEqual),
            O::I16x8Eq => bin!(I16X8, icmp, C::Equal),
            O::I16x8Ne => bin!(I16X8, icmp, C::NotEqual),
            O::I16x8LtS => bin!(I16X8, icmp, C::SignedLessThan),
            O::I16x8LtU => bin!(I16X8, icmp, C::UnsignedLessThan),
            O::I16x8GtS => bin!(I16X8, icmp, C::SignedGreaterThan),
            O::I16x8GtU => bin!(I16X8, icmp, C::UnsignedGreaterThan),
            O::I16x8LeS => bin!(I16X8, icmp, C::SignedLessThanOrEqual),
            O::I16x8LeU => bin!(I16X8, icmp, C::UnsignedLessThanOrEqual),
            O::I16x8GeS => bin!(I16X8, icmp, C::SignedGreaterThanOrEqual),
            O::I16x8GeU => bin!(I16X8, icmp, C::UnsignedGreaterThanOrEqual),
            O::I32x4Eq => bin!(I32X4, icmp, C::Equal),
            O::I32x4Ne => bin!(I32X4, icmp, C::NotEqual),
            O::I32x4LtS => bin!(I32X4, icmp, C::SignedLessThan),
            O::I32x4LtU => bin!(I32X4, icmp, C::UnsignedLessThan),
            O::I32x4GtS => bin!(I32X4, icmp, C::SignedGreaterThan),
            O::I32x4GtU => bin!(I32X4, icmp, C::UnsignedGreaterThan),
            O::I32x4LeS => bin!(I32X4, icmp, C::SignedLessThanOrEqual),
            O::I32x4LeU => bin!(I32X4, icmp, C::UnsignedLessThanOrEqual),
            O::I32x4GeS => bin!(I32X4, icmp, C::SignedGreaterThanOrEqual),
            O::I32x4GeU => bin!(I32X4, icmp, C::UnsignedGreaterThanOrEqual),
            O::I64x2Eq => bin!(I64X2, icmp, C::Equal),
            O::I64x2Ne => bin!(I64X2, icmp, C::NotEqual),
            O::I64x2LtS => bin!(I64X2, icmp, C::SignedLessThan),
            O::I64x2GtS => bin!(I64X2, icmp, C::SignedGreaterThan),
            O::I64x2LeS => bin!(I64X2, icmp, C::SignedLessThanOrEqual),
            O::I64x2GeS => bin!(I64X2, icmp, C::SignedGreaterThanOrEqual),
            O::F32x4Eq => bin!(F32X4, fcmp, F::Equal),
            O::F32x4Ne => bin!(F32X4, fcmp, F::NotEqual),
            O::F32x4Lt => bin!(F32X4, fcmp, F::LessThan),
            O::F32x4Gt => bin!(F32X4, fcmp, F::GreaterThan),
            O::F32x4Le => bin!(F32X4, fcmp, F::LessThanOrEqual),
            O::F32x4Ge => bin!(F32X4, fcmp, F::GreaterThanOrEqual),
            O::F64x2Eq => bin!(F64X2, fcmp, F::Equal),
            O::F64x2Ne => bin!(F64X2, fcmp, F::NotEqual),
            O::F64x2Lt => bin!(F64X2, fcmp, F::LessThan),
            O::F64x2Gt => bin!(F64X2, fcmp, F::GreaterThan),
            O::F64x2Le => bin!(F64X2, fcmp, F::LessThanOrEqual),
            O::F64x2Ge => bin!(F64X2, fcmp, F::GreaterThanOrEqual),
            O::V128And => bin!(I64X2, band),
            O::V128AndNot => bin!(I64X2, band_not),
            O::V128Or => bin!(I64X2, bor),
            O::V128Xor => bin!(I64X2, bxor),
            O::I8x16NarrowI16x8S => bin!(I16X8, snarrow),
            O::I8x16NarrowI16x8U => bin!(I16X8, unarrow),
            O::I16x8NarrowI32x4S => bin!(I32X4, snarrow),
            O::I16x8NarrowI32x4U => bin!(I32X4, unarrow),
            O::I8x16Add => bin!(I8X16, iadd),
            O::I8x16AddSatS => bin!(I8X16, sadd_sat),
            O::I8x16AddSatU => bin!(I8X16, uadd_sat),
            O::I8x16Sub => bin!(I8X16, isub),
            O::I8x16SubSatS => bin!(I8X16, ssub_sat),
            O::I8x16SubSatU => bin!(I8X16, usub_sat),
            O::I8x16MinS => bin!(I8X16, smin),
            O::I8x16MinU => bin!(I8X16, umin),
            O::I8x16MaxS => bin!(I8X16, smax),
            O::I8x16MaxU => bin!(I8X16, umax),
            O::I8x16AvgrU => bin!(I8X16, avg_round),
            O::I16x8Q15MulrSatS => bin!(I16X8, sqmul_round_sat),
            O::I16x8Add => bin!(I16X8, iadd),
            O::I16x8AddSatS => bin!(I16X8, sadd_sat),
            O::I16x8AddSatU => bin!(I16X8, uadd_sat),
            O::I16x8Sub => bin!(I16X8, isub),
            O::I16x8SubSatS => bin!(I16X8, ssub_sat),
            O::I16x8SubSatU => bin!(I16X8, usub_sat),
            O::I16x8Mul => bin!(I16X8, imul),
            O::I16x8MinS => bin!(I16X8, smin),
            O::I16x8MinU => bin!(I16X8, umin),
            O::I16x8MaxS => bin!(I16X8, smax),
            O::I16x8MaxU => bin!(I16X8, umax),
            O::I16x8AvgrU => bin!(I16X8, avg_round),
            O::I16x8ExtMulLowI8x16S => ext_mul!(I8X16, swiden_low),
            O::I16x8ExtMulHighI8x16S => ext_mul!(I8X16, swiden_high),
            O::I16x8ExtMulLowI8x16U => ext_mul!(I8X16, uwiden_low),
            O::I16x8ExtMulHighI8x16U => ext_mul!(I8X16, uwiden_high),
            O::I32x4Add => bin!(I32X4, iadd),
            O::I32x4Sub => bin!(I32X4, isub),
            O::I32x4Mul => bin!(I32X4, imul),
            O::I32x4MinS => bin!(I32X4, smin),
            O::I32x4MinU => bin!(I32X4, umin),
            O::I32x4MaxS => bin!(I32X4, smax),
            O::I32x4MaxU => bin!(I32X4, umax),
            O::I32x4DotI16x8S => {
                // The pattern Cranelift's x64 backend makes one `pmaddwd` of.
                let (x, y) = (self.get_vec(I16X8, a), self.get_vec(I16X8, b));
                let (xl, yl) = (self.b.ins().swiden_low(x), self.b.ins().swiden_low(y));
                let (xh, yh) = (self.b.ins().swiden_high(x), self.b.ins().swiden_high(y));
                let (lo, hi) = (self.b.ins().imul(xl, yl), self.b.ins().imul(xh, yh));
                self.b.ins().iadd_pairwise(lo, hi)
            }
            O::I32x4ExtMulLowI16x8S => ext_mul!(I16X8, swiden_low),
            O::I32x4ExtMulHighI16x8S => ext_mul!(I16X8, swiden_high),
            O::I32x4ExtMulLowI16x8U => ext_mul!(I16X8, uwiden_low),
            O::I32x4ExtMulHighI16x8U => ext_mul!(I16X8, uwiden_high),
            O::I64x2Add => bin!(I64X2, iadd),
            O::I64x2Sub => bin!(I64X2, isub),
            O::I64x2Mul => bin!(I64X2, imul),
            O::I64x2ExtMulLowI32x4S => ext_mul!(I32X4, swiden_low),
            O::I64x2ExtMulHighI32x4S => ext_mul!(I32X4, swiden_high),
            O::I64x2ExtMulLowI32x4U => ext_mul!(I32X4, uwiden_low),
            O::I64x2ExtMulHighI32x4U => ext_mul!(I32X4, uwiden_high),
            O::F32x4Add => bin!(F32X4, fadd),
            O::F32x4Sub => bin!(F32X4, fsub),
            O::F32x4Mul => bin!(F32X4, fmul),
            O::F32x4Div => bin!(F32X4, fdiv),
            O::F64x2Add => bin!(F64X2, fadd),
            O::F64x2Sub => bin!(F64X2, fsub),
            O::F64x2Mul => bin!(F64X2, fmul),
            O::F64x2Div => bin!(F64X2, fdiv),
            _ => {
                return self.call_simd(Hook::SimdBinary, op as u32, &[a, b], dst);
            }
        };
        self.set_vec(dst, v);
        true
    }

    /// The first operand is in `dst`, which receives the result.
    fn v128_ternary(&mut self, op: V128TernOp, dst: Slot, b: Slot, c: Slot) -> bool {
        if op == V128TernOp::V128Bitselect {
            let x = self.get_vec(I64X2, dst);
            let y = self.get_vec(I64X2, b);
            let m = self.get_vec(I64X2, c);
            let v = self.b.ins().bitselect(m, x, y);
            self.set_vec(dst, v);
            true
        } else {
            self.call_simd(Hook::SimdTernary, op as u32, &[dst, b, c], dst)
        }
    }

    fn v128_test(&mut self, op: V128TestOp, dst: Slot, a: Slot) {
        use V128TestOp as O;
        let r = match op {
            O::V128AnyTrue => {
                let x = self.get_vec(I64X2, a);
                let t = self.b.ins().vany_true(x);
                self.b.ins().uextend(I32, t)
            }
            O::I8x16AllTrue | O::I16x8AllTrue | O::I32x4AllTrue | O::I64x2AllTrue => {
                let ty = match op {
                    O::I8x16AllTrue => I8X16,
                    O::I16x8AllTrue => I16X8,
                    O::I32x4AllTrue => I32X4,
                    _ => I64X2,
                };
                let x = self.get_vec(ty, a);
                let t = self.b.ins().vall_true(x);
                self.b.ins().uextend(I32, t)
            }
            _ => {
                let ty = match op {
                    O::I8x16Bitmask => I8X16,
                    O::I16x8Bitmask => I16X8,
                    O::I32x4Bitmask => I32X4,
                    _ => I64X2,
                };
                let x = self.get_vec(ty, a);
                self.b.ins().vhigh_bits(I32, x)
            }
        };
        self.set(dst, r);
    }

    fn v128_splat(&mut self, op: V128SplatOp, dst: Slot, a: Slot) {
        use V128SplatOp as O;
        let (ty, lane_ty) = match op {
            O::I8x16Splat => (I8X16, I8),
            O::I16x8Splat => (I16X8, I16),
            O::I32x4Splat => (I32X4, I32),
            O::I64x2Splat => (I64X2, I64),
            O::F32x4Splat => (F32X4, F32),
            O::F64x2Splat => (F64X2, F64),
        };
        let x = self.get(lane_ty, a);
        let v = self.b.ins().splat(ty, x);
        self.set_vec(dst, v);
    }

    /// Cranelift's vector shifts take the amount modulo the lane width, as
    /// Wasm's do.
    fn v128_shift(&mut self, op: V128ShiftOp, dst: Slot, a: Slot, b: Slot) {
        use V128ShiftOp as O;
        let ty = match op {
            O::I8x16Shl | O::I8x16ShrS | O::I8x16ShrU => I8X16,
            O::I16x8Shl | O::I16x8ShrS | O::I16x8ShrU => I16X8,
            O::I32x4Shl | O::I32x4ShrS | O::I32x4ShrU => I32X4,
            _ => I64X2,
        };
        let x = self.get_vec(ty, a);
        let n = self.get(I32, b);
        let v = match op {
            O::I8x16Shl | O::I16x8Shl | O::I32x4Shl | O::I64x2Shl => self.b.ins().ishl(x, n),
            O::I8x16ShrS | O::I16x8ShrS | O::I32x4ShrS | O::I64x2ShrS => self.b.ins().sshr(x, n),
            _ => self.b.ins().ushr(x, n),
        };
        self.set_vec(dst, v);
    }

    /// Calls helper `f` (a `CallHooks::simd_*` hook) with code
    /// `op` and the `v128`s in `args`; its result goes to `dst` (`false`,
    /// nothing emitted, where the host cannot call the helpers).
    fn call_simd(&mut self, hook: Hook, op: u32, args: &[Slot], dst: Slot) -> bool {
        // The helpers return a `repr(C)` pair of `u64`s, which System V and
        // AAPCS64 return in two registers, as Cranelift's two results;
        // Windows returns it through memory: there the instruction exits.
        let call_conv = self.b.func.signature.call_conv;
        if !matches!(call_conv, CallConv::SystemV | CallConv::AppleAarch64) {
            return false;
        }
        let mut vals = vec![self.b.ins().iconst(I64, op as i64)];
        for &s in args {
            let v = self.get_vec(I64X2, s);
            vals.push(self.b.ins().extractlane(v, 0));
            vals.push(self.b.ins().extractlane(v, 1));
        }
        let mut sig = Signature::new(self.b.func.signature.call_conv);
        sig.params.extend(vals.iter().map(|_| AbiParam::new(I64)));
        sig.returns.extend([AbiParam::new(I64), AbiParam::new(I64)]);
        let sig = self.b.import_signature(sig);
        let call = self.call_target(Target::Hook(hook), sig, &vals);
        let (lo, hi) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        let v = self.join(lo, hi);
        self.set_vec(dst, v);
        true
    }
}

/// The vector type and lane type of a lane access of `bytes` bytes.
fn lane_of_bytes(bytes: u8) -> (Type, Type) {
    match bytes {
        1 => (I8X16, I8),
        2 => (I16X8, I16),
        4 => (I32X4, I32),
        _ => (I64X2, I64),
    }
}

/// The vector `x` if `inst` is the `insertlane` of `get_vec` that joins
/// the halves `set_vec` took out of `x` (`extractlane`s 0 and 1), or the
/// second of two `insertlane`s into a vector variable that copy the halves
/// of `x` into it (`Lower::def_bits`, for two `Copy`s).
pub(super) fn rejoined_halves(dfg: &DataFlowGraph, inst: Inst) -> Option<Value> {
    let InstructionData::TernaryImm8 {
        opcode: Opcode::Insertlane,
        args: [v, hi],
        imm: 1,
    } = dfg.insts[inst]
    else {
        return None;
    };
    let def = |v: Value| match dfg.value_def(dfg.resolve_aliases(v)) {
        ValueDef::Result(i, 0) => Some(dfg.insts[i]),
        _ => None,
    };
    let lo = match def(v) {
        Some(InstructionData::Unary {
            opcode: Opcode::ScalarToVector,
            arg,
        }) => arg,
        Some(InstructionData::TernaryImm8 {
            opcode: Opcode::Insertlane,
            args: [_, lo],
            imm: 0,
        }) => lo,
        _ => return None,
    };
    let half = |v: Value, lane: u8| match def(v) {
        Some(InstructionData::BinaryImm8 {
            opcode: Opcode::Extractlane,
            arg,
            imm,
        }) if imm == lane => Some(dfg.resolve_aliases(arg)),
        _ => None,
    };
    let x = half(lo, 0)?;
    (half(hi, 1)? == x && dfg.value_type(x) == I64X2).then_some(x)
}

#[cfg(test)]
mod tests {
    use crate::ir::Instr;

    /// A function of `v128` operators compiles, and none of them exits:
    /// the native ones, the helpers' (`f32x4.min`, a relaxed operator),
    /// the loads and stores of memory 0 (which leave only to trap).
    #[test]
    fn simd_functions_run_in_compiled_code() {
        let wat = r#"(module (memory 1)
              (func (param i32 f32) (result i32)
                (local $v v128)
                (local.set $v (f32x4.add (v128.load (local.get 0)) (f32x4.splat (local.get 1))))
                (local.set $v (f32x4.min (local.get $v) (v128.const i64x2 1 2)))
                (local.set $v (f32x4.relaxed_madd (local.get $v) (local.get $v) (local.get $v)))
                (local.set $v (i32x4.dot_i16x8_s (local.get $v) (v128.load64_zero (local.get 0))))
                (local.set $v (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
                  (local.get $v) (i16x8.shr_s (local.get $v) (local.get 0))))
                (v128.store offset=16 (local.get 0)
                  (v128.bitselect (local.get $v) (local.get $v) (v128.load32_splat (local.get 0))))
                (local.set $v (i64x2.replace_lane 1 (local.get $v) (i64.const 7)))
                (v128.store8_lane 3 (local.get 0) (local.get $v))
                (i32.add (i8x16.extract_lane_s 5 (local.get $v))
                         (i32.add (v128.any_true (local.get $v)) (i8x16.bitmask (local.get $v))))))"#;
        let engine = crate::Engine::new(crate::Config::new().tier(crate::Tier::Compiled));
        let module = crate::Module::new(&engine, wat).unwrap();
        let code = module.inner.code.translate(&module.inner, 0).unwrap();
        let Some(exits) = super::super::exits(&code) else {
            return;
        };
        assert!(super::super::compile(&code, Default::default()).is_some());
        let simd: Vec<(usize, &Instr)> = code
            .instrs
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                let name = format!("{i:?}");
                let name = name.split(' ').next().unwrap_or("");
                ["V128", "x2", "x4", "x8", "x16"]
                    .iter()
                    .any(|s| name.contains(s))
            })
            .collect();
        assert!(simd.len() >= 15, "{:#?}", code.instrs);
        for (i, instr) in simd {
            assert!(!exits[i], "{instr:?} exits");
        }
    }
}
