//! Numeric instructions lowered inline that the interpreter computes with
//! `ops.rs` helpers: the fused float chains, float unary operators, min,
//! max and copysign, conversions, bit counts, and integer division (its
//! traps exit first, so Cranelift's own division never traps).

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{F32, F64, I32, I64};
use cranelift_codegen::ir::{InstBuilder, Type, Value};

use super::Lower;
use crate::ir::{Instr, Slot};

/// A float operation of a fused chain.
#[derive(Clone, Copy)]
enum FOp {
    Add,
    Sub,
    Mul,
}

/// The parts of a fused float chain `dst = (a op1 b) op2 c`.
struct Chain {
    ty: Type,
    ops: [FOp; 2],
    dst: Slot,
    args: [Slot; 3],
}

/// The float operation of an IR name such as `F64Mul`.
fn fop(name: &str) -> FOp {
    match &name[3..] {
        "Add" => FOp::Add,
        "Sub" => FOp::Sub,
        "Mul" => FOp::Mul,
        other => unreachable!("float chains use add, sub and mul, not {other}"),
    }
}

macro_rules! chain_of {
    ($( ($chn:ident, $ch1:ident, $ch2:ident, $cht:ty, $chf1:expr, $chf2:expr) ),* $(,)?) => {
        /// `instr`'s parts if it is a fused float chain.
        fn chain(instr: &Instr) -> Option<Chain> {
            match *instr {
                $( Instr::$chn { dst, a, b, c } => Some(Chain {
                    ty: if stringify!($cht) == "f32" { F32 } else { F64 },
                    ops: [fop(stringify!($ch1)), fop(stringify!($ch2))],
                    dst,
                    args: [a, b, c],
                }), )*
                _ => None,
            }
        }
    };
}
crate::ir::for_each_float_chain!(chain_of);

impl Lower<'_> {
    fn fop(&mut self, op: FOp, x: Value, y: Value) -> Value {
        match op {
            FOp::Add => self.b.ins().fadd(x, y),
            FOp::Sub => self.b.ins().fsub(x, y),
            FOp::Mul => self.b.ins().fmul(x, y),
        }
    }

    /// Lowers `instr` if it is one of this module's instructions.
    pub(super) fn arith(&mut self, i: usize, instr: &Instr) -> bool {
        if let Some(c) = chain(instr) {
            let [a, b, x] = c.args;
            let (a, b) = (self.get(c.ty, a), self.get(c.ty, b));
            let first = self.fop(c.ops[0], a, b);
            let x = self.get(c.ty, x);
            let v = self.fop(c.ops[1], first, x);
            self.set(c.dst, v);
            self.next(i);
            return true;
        }
        macro_rules! un {
            ($ty:expr, $dst:expr, $src:expr, $op:ident) => {{
                let x = self.get($ty, $src);
                let v = self.b.ins().$op(x);
                self.set($dst, v);
            }};
        }
        macro_rules! bin {
            ($ty:expr, $dst:expr, $a:expr, $b:expr, $op:ident) => {{
                let (x, y) = (self.get($ty, $a), self.get($ty, $b));
                let v = self.b.ins().$op(x, y);
                self.set($dst, v);
            }};
        }
        macro_rules! cvt {
            ($from:expr, $to:expr, $dst:expr, $src:expr, $op:ident) => {{
                let x = self.get($from, $src);
                let v = self.b.ins().$op($to, x);
                self.set($dst, v);
            }};
        }
        match *instr {
            Instr::F32Abs { dst, src } => un!(F32, dst, src, fabs),
            Instr::F32Neg { dst, src } => un!(F32, dst, src, fneg),
            Instr::F32Sqrt { dst, src } => un!(F32, dst, src, sqrt),
            Instr::F32Ceil { dst, src } => un!(F32, dst, src, ceil),
            Instr::F32Floor { dst, src } => un!(F32, dst, src, floor),
            Instr::F32Trunc { dst, src } => un!(F32, dst, src, trunc),
            Instr::F32Nearest { dst, src } => un!(F32, dst, src, nearest),
            Instr::F64Abs { dst, src } => un!(F64, dst, src, fabs),
            Instr::F64Neg { dst, src } => un!(F64, dst, src, fneg),
            Instr::F64Sqrt { dst, src } => un!(F64, dst, src, sqrt),
            Instr::F64Ceil { dst, src } => un!(F64, dst, src, ceil),
            Instr::F64Floor { dst, src } => un!(F64, dst, src, floor),
            Instr::F64Trunc { dst, src } => un!(F64, dst, src, trunc),
            Instr::F64Nearest { dst, src } => un!(F64, dst, src, nearest),
            Instr::F32Min { dst, a, b } => bin!(F32, dst, a, b, fmin),
            Instr::F32Max { dst, a, b } => bin!(F32, dst, a, b, fmax),
            Instr::F32Copysign { dst, a, b } => bin!(F32, dst, a, b, fcopysign),
            Instr::F64Min { dst, a, b } => bin!(F64, dst, a, b, fmin),
            Instr::F64Max { dst, a, b } => bin!(F64, dst, a, b, fmax),
            Instr::F64Copysign { dst, a, b } => bin!(F64, dst, a, b, fcopysign),
            Instr::I32Clz { dst, src } => un!(I32, dst, src, clz),
            Instr::I32Ctz { dst, src } => un!(I32, dst, src, ctz),
            Instr::I32Popcnt { dst, src } => un!(I32, dst, src, popcnt),
            Instr::I64Clz { dst, src } => un!(I64, dst, src, clz),
            Instr::I64Ctz { dst, src } => un!(I64, dst, src, ctz),
            Instr::I64Popcnt { dst, src } => un!(I64, dst, src, popcnt),
            Instr::F32ConvertI32S { dst, src } => cvt!(I32, F32, dst, src, fcvt_from_sint),
            Instr::F32ConvertI32U { dst, src } => cvt!(I32, F32, dst, src, fcvt_from_uint),
            Instr::F32ConvertI64S { dst, src } => cvt!(I64, F32, dst, src, fcvt_from_sint),
            Instr::F32ConvertI64U { dst, src } => cvt!(I64, F32, dst, src, fcvt_from_uint),
            Instr::F64ConvertI32S { dst, src } => cvt!(I32, F64, dst, src, fcvt_from_sint),
            Instr::F64ConvertI32U { dst, src } => cvt!(I32, F64, dst, src, fcvt_from_uint),
            Instr::F64ConvertI64S { dst, src } => cvt!(I64, F64, dst, src, fcvt_from_sint),
            Instr::F64ConvertI64U { dst, src } => cvt!(I64, F64, dst, src, fcvt_from_uint),
            Instr::F32DemoteF64 { dst, src } => cvt!(F64, F32, dst, src, fdemote),
            Instr::F64PromoteF32 { dst, src } => cvt!(F32, F64, dst, src, fpromote),
            Instr::I32TruncSatF32S { dst, src } => cvt!(F32, I32, dst, src, fcvt_to_sint_sat),
            Instr::I32TruncSatF32U { dst, src } => cvt!(F32, I32, dst, src, fcvt_to_uint_sat),
            Instr::I32TruncSatF64S { dst, src } => cvt!(F64, I32, dst, src, fcvt_to_sint_sat),
            Instr::I32TruncSatF64U { dst, src } => cvt!(F64, I32, dst, src, fcvt_to_uint_sat),
            Instr::I64TruncSatF32S { dst, src } => cvt!(F32, I64, dst, src, fcvt_to_sint_sat),
            Instr::I64TruncSatF32U { dst, src } => cvt!(F32, I64, dst, src, fcvt_to_uint_sat),
            Instr::I64TruncSatF64S { dst, src } => cvt!(F64, I64, dst, src, fcvt_to_sint_sat),
            Instr::I64TruncSatF64U { dst, src } => cvt!(F64, I64, dst, src, fcvt_to_uint_sat),
            Instr::I32DivS { dst, a, b } => self.div(i, I32, dst, a, b, Div::S),
            Instr::I32DivU { dst, a, b } => self.div(i, I32, dst, a, b, Div::U),
            Instr::I32RemS { dst, a, b } => self.div(i, I32, dst, a, b, Div::RemS),
            Instr::I32RemU { dst, a, b } => self.div(i, I32, dst, a, b, Div::RemU),
            Instr::I64DivS { dst, a, b } => self.div(i, I64, dst, a, b, Div::S),
            Instr::I64DivU { dst, a, b } => self.div(i, I64, dst, a, b, Div::U),
            Instr::I64RemS { dst, a, b } => self.div(i, I64, dst, a, b, Div::RemS),
            Instr::I64RemU { dst, a, b } => self.div(i, I64, dst, a, b, Div::RemU),
            _ => return false,
        }
        self.next(i);
        true
    }

    /// Integer division and remainder: exits at `i` on a zero divisor and
    /// on `MIN / -1` (the interpreter then traps); `MIN % -1` is 0.
    fn div(&mut self, i: usize, ty: Type, dst: Slot, a: Slot, b: Slot, op: Div) {
        let (x, y) = (self.get(ty, a), self.get(ty, b));
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
        self.trap_if(zero, i);
        let v = match op {
            Div::U => self.b.ins().udiv(x, y),
            Div::RemU => self.b.ins().urem(x, y),
            Div::S => {
                let min = if ty == I32 { i32::MIN as i64 } else { i64::MIN };
                let is_min = self.b.ins().icmp_imm_s(IntCC::Equal, x, min);
                let minus1 = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let overflow = self.b.ins().band(is_min, minus1);
                self.trap_if(overflow, i);
                self.b.ins().sdiv(x, y)
            }
            Div::RemS => {
                // x % -1 is 0 for every x, and x % 1 computes it without
                // the overflow of MIN % -1.
                let minus1 = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let one = self.b.ins().iconst(ty, 1);
                let y = self.b.ins().select(minus1, one, y);
                self.b.ins().srem(x, y)
            }
        };
        self.set(dst, v);
    }
}

/// Which of the four division operators.
#[derive(Clone, Copy)]
enum Div {
    S,
    U,
    RemS,
    RemU,
}
