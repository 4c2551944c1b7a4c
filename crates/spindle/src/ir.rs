//! The interpreter's internal code: a compact three-address form.
//!
//! Every function body is translated once (see `translate`) into a
//! `Vec<Instr>`. Because Wasm's operand-stack height is known statically at
//! every instruction, each operand-stack entry lives in a fixed *slot* of the
//! frame: slot `i` is `locals[i]` for `i < num_locals` and stack entry
//! `i - num_locals` above that. Instructions name their operands and result
//! by slot (relative to the frame pointer), so nothing is pushed or popped at
//! run time. Branch targets are absolute instruction indices.
//!
//! Calls pass arguments in place: the caller puts them in consecutive slots
//! starting at `base`, and the callee's frame starts at `caller_fp + base`,
//! so the arguments become the callee's first locals without copying. The
//! callee leaves its results in its slots `0..n`, which are the caller's
//! `base..base+n`.
//!
//! Numeric instructions are generated from the lists in `for_each_*` macros,
//! which also drive the translator and the interpreter, so the three stay in
//! step.

/// A frame-relative slot index.
pub type Slot = u32;

/// Every numeric instruction, in groups: `binop` and `unop` entries are
/// `(IrName, OperatorName, in type, out type, fn)` (the `trapping_` groups'
/// `fn` returns `Result<out, TrapCode>`); `load` entries are
/// `(IrName, OperatorName, bytes, fn([u8; bytes]) -> slot)`; `store` entries
/// are `(IrName, OperatorName, bytes)`. `$m!` receives all groups at once,
/// so a consumer can build a single `match` over every instruction.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_numeric {
    (($($m:tt)*) $(, $arg:tt)*) => {
        $($m)*! {
            [$($arg)*]
            binop {
            (I32Eq, I32Eq, i32, i32, |a: i32, b: i32| (a == b) as i32),
            (I32Ne, I32Ne, i32, i32, |a: i32, b: i32| (a != b) as i32),
            (I32LtS, I32LtS, i32, i32, |a: i32, b: i32| (a < b) as i32),
            (I32LtU, I32LtU, i32, i32, |a: i32, b: i32| ((a as u32) < (b as u32)) as i32),
            (I32GtS, I32GtS, i32, i32, |a: i32, b: i32| (a > b) as i32),
            (I32GtU, I32GtU, i32, i32, |a: i32, b: i32| ((a as u32) > (b as u32)) as i32),
            (I32LeS, I32LeS, i32, i32, |a: i32, b: i32| (a <= b) as i32),
            (I32LeU, I32LeU, i32, i32, |a: i32, b: i32| ((a as u32) <= (b as u32)) as i32),
            (I32GeS, I32GeS, i32, i32, |a: i32, b: i32| (a >= b) as i32),
            (I32GeU, I32GeU, i32, i32, |a: i32, b: i32| ((a as u32) >= (b as u32)) as i32),
            (I64Eq, I64Eq, i64, i32, |a: i64, b: i64| (a == b) as i32),
            (I64Ne, I64Ne, i64, i32, |a: i64, b: i64| (a != b) as i32),
            (I64LtS, I64LtS, i64, i32, |a: i64, b: i64| (a < b) as i32),
            (I64LtU, I64LtU, i64, i32, |a: i64, b: i64| ((a as u64) < (b as u64)) as i32),
            (I64GtS, I64GtS, i64, i32, |a: i64, b: i64| (a > b) as i32),
            (I64GtU, I64GtU, i64, i32, |a: i64, b: i64| ((a as u64) > (b as u64)) as i32),
            (I64LeS, I64LeS, i64, i32, |a: i64, b: i64| (a <= b) as i32),
            (I64LeU, I64LeU, i64, i32, |a: i64, b: i64| ((a as u64) <= (b as u64)) as i32),
            (I64GeS, I64GeS, i64, i32, |a: i64, b: i64| (a >= b) as i32),
            (I64GeU, I64GeU, i64, i32, |a: i64, b: i64| ((a as u64) >= (b as u64)) as i32),
            (F32Eq, F32Eq, f32, i32, |a: f32, b: f32| (a == b) as i32),
            (F32Ne, F32Ne, f32, i32, |a: f32, b: f32| (a != b) as i32),
            (F32Lt, F32Lt, f32, i32, |a: f32, b: f32| (a < b) as i32),
            (F32Gt, F32Gt, f32, i32, |a: f32, b: f32| (a > b) as i32),
            (F32Le, F32Le, f32, i32, |a: f32, b: f32| (a <= b) as i32),
            (F32Ge, F32Ge, f32, i32, |a: f32, b: f32| (a >= b) as i32),
            (F64Eq, F64Eq, f64, i32, |a: f64, b: f64| (a == b) as i32),
            (F64Ne, F64Ne, f64, i32, |a: f64, b: f64| (a != b) as i32),
            (F64Lt, F64Lt, f64, i32, |a: f64, b: f64| (a < b) as i32),
            (F64Gt, F64Gt, f64, i32, |a: f64, b: f64| (a > b) as i32),
            (F64Le, F64Le, f64, i32, |a: f64, b: f64| (a <= b) as i32),
            (F64Ge, F64Ge, f64, i32, |a: f64, b: f64| (a >= b) as i32),
            (I32Add, I32Add, i32, i32, |a: i32, b: i32| a.wrapping_add(b)),
            (I32Sub, I32Sub, i32, i32, |a: i32, b: i32| a.wrapping_sub(b)),
            (I32Mul, I32Mul, i32, i32, |a: i32, b: i32| a.wrapping_mul(b)),
            (I32And, I32And, i32, i32, |a: i32, b: i32| a & b),
            (I32Or, I32Or, i32, i32, |a: i32, b: i32| a | b),
            (I32Xor, I32Xor, i32, i32, |a: i32, b: i32| a ^ b),
            (I32Shl, I32Shl, i32, i32, $crate::ops::i32_shl),
            (I32ShrS, I32ShrS, i32, i32, $crate::ops::i32_shr_s),
            (I32ShrU, I32ShrU, i32, i32, $crate::ops::i32_shr_u),
            (I32Rotl, I32Rotl, i32, i32, $crate::ops::i32_rotl),
            (I32Rotr, I32Rotr, i32, i32, $crate::ops::i32_rotr),
            (I64Add, I64Add, i64, i64, |a: i64, b: i64| a.wrapping_add(b)),
            (I64Sub, I64Sub, i64, i64, |a: i64, b: i64| a.wrapping_sub(b)),
            (I64Mul, I64Mul, i64, i64, |a: i64, b: i64| a.wrapping_mul(b)),
            (I64And, I64And, i64, i64, |a: i64, b: i64| a & b),
            (I64Or, I64Or, i64, i64, |a: i64, b: i64| a | b),
            (I64Xor, I64Xor, i64, i64, |a: i64, b: i64| a ^ b),
            (I64Shl, I64Shl, i64, i64, $crate::ops::i64_shl),
            (I64ShrS, I64ShrS, i64, i64, $crate::ops::i64_shr_s),
            (I64ShrU, I64ShrU, i64, i64, $crate::ops::i64_shr_u),
            (I64Rotl, I64Rotl, i64, i64, $crate::ops::i64_rotl),
            (I64Rotr, I64Rotr, i64, i64, $crate::ops::i64_rotr),
            (F32Add, F32Add, f32, f32, |a: f32, b: f32| a + b),
            (F32Sub, F32Sub, f32, f32, |a: f32, b: f32| a - b),
            (F32Mul, F32Mul, f32, f32, |a: f32, b: f32| a * b),
            (F32Div, F32Div, f32, f32, |a: f32, b: f32| a / b),
            (F32Min, F32Min, f32, f32, $crate::ops::f32_min),
            (F32Max, F32Max, f32, f32, $crate::ops::f32_max),
            (F32Copysign, F32Copysign, f32, f32, $crate::ops::f32_copysign),
            (F64Add, F64Add, f64, f64, |a: f64, b: f64| a + b),
            (F64Sub, F64Sub, f64, f64, |a: f64, b: f64| a - b),
            (F64Mul, F64Mul, f64, f64, |a: f64, b: f64| a * b),
            (F64Div, F64Div, f64, f64, |a: f64, b: f64| a / b),
            (F64Min, F64Min, f64, f64, $crate::ops::f64_min),
            (F64Max, F64Max, f64, f64, $crate::ops::f64_max),
            (F64Copysign, F64Copysign, f64, f64, $crate::ops::f64_copysign),
            }
            trapping_binop {
            (I32DivS, I32DivS, i32, i32, $crate::ops::i32_div_s),
            (I32DivU, I32DivU, i32, i32, $crate::ops::i32_div_u),
            (I32RemS, I32RemS, i32, i32, $crate::ops::i32_rem_s),
            (I32RemU, I32RemU, i32, i32, $crate::ops::i32_rem_u),
            (I64DivS, I64DivS, i64, i64, $crate::ops::i64_div_s),
            (I64DivU, I64DivU, i64, i64, $crate::ops::i64_div_u),
            (I64RemS, I64RemS, i64, i64, $crate::ops::i64_rem_s),
            (I64RemU, I64RemU, i64, i64, $crate::ops::i64_rem_u),
            }
            unop {
            (I32Eqz, I32Eqz, i32, i32, |a: i32| (a == 0) as i32),
            (I64Eqz, I64Eqz, i64, i32, |a: i64| (a == 0) as i32),
            (I32Clz, I32Clz, i32, i32, $crate::ops::i32_clz),
            (I32Ctz, I32Ctz, i32, i32, $crate::ops::i32_ctz),
            (I32Popcnt, I32Popcnt, i32, i32, $crate::ops::i32_popcnt),
            (I64Clz, I64Clz, i64, i64, $crate::ops::i64_clz),
            (I64Ctz, I64Ctz, i64, i64, $crate::ops::i64_ctz),
            (I64Popcnt, I64Popcnt, i64, i64, $crate::ops::i64_popcnt),
            (F32Abs, F32Abs, f32, f32, $crate::ops::f32_abs),
            (F32Neg, F32Neg, f32, f32, $crate::ops::f32_neg),
            (F32Ceil, F32Ceil, f32, f32, $crate::ops::f32_ceil),
            (F32Floor, F32Floor, f32, f32, $crate::ops::f32_floor),
            (F32Trunc, F32Trunc, f32, f32, $crate::ops::f32_trunc),
            (F32Nearest, F32Nearest, f32, f32, $crate::ops::f32_nearest),
            (F32Sqrt, F32Sqrt, f32, f32, $crate::ops::f32_sqrt),
            (F64Abs, F64Abs, f64, f64, $crate::ops::f64_abs),
            (F64Neg, F64Neg, f64, f64, $crate::ops::f64_neg),
            (F64Ceil, F64Ceil, f64, f64, $crate::ops::f64_ceil),
            (F64Floor, F64Floor, f64, f64, $crate::ops::f64_floor),
            (F64Trunc, F64Trunc, f64, f64, $crate::ops::f64_trunc),
            (F64Nearest, F64Nearest, f64, f64, $crate::ops::f64_nearest),
            (F64Sqrt, F64Sqrt, f64, f64, $crate::ops::f64_sqrt),
            (I32WrapI64, I32WrapI64, i64, i32, $crate::ops::i32_wrap_i64),
            (I64ExtendI32S, I64ExtendI32S, i32, i64, $crate::ops::i64_extend_i32_s),
            (I64ExtendI32U, I64ExtendI32U, i32, i64, $crate::ops::i64_extend_i32_u),
            (I32Extend8S, I32Extend8S, i32, i32, $crate::ops::i32_extend8_s),
            (I32Extend16S, I32Extend16S, i32, i32, $crate::ops::i32_extend16_s),
            (I64Extend8S, I64Extend8S, i64, i64, $crate::ops::i64_extend8_s),
            (I64Extend16S, I64Extend16S, i64, i64, $crate::ops::i64_extend16_s),
            (I64Extend32S, I64Extend32S, i64, i64, $crate::ops::i64_extend32_s),
            (F32ConvertI32S, F32ConvertI32S, i32, f32, $crate::ops::f32_convert_i32_s),
            (F32ConvertI32U, F32ConvertI32U, i32, f32, $crate::ops::f32_convert_i32_u),
            (F32ConvertI64S, F32ConvertI64S, i64, f32, $crate::ops::f32_convert_i64_s),
            (F32ConvertI64U, F32ConvertI64U, i64, f32, $crate::ops::f32_convert_i64_u),
            (F64ConvertI32S, F64ConvertI32S, i32, f64, $crate::ops::f64_convert_i32_s),
            (F64ConvertI32U, F64ConvertI32U, i32, f64, $crate::ops::f64_convert_i32_u),
            (F64ConvertI64S, F64ConvertI64S, i64, f64, $crate::ops::f64_convert_i64_s),
            (F64ConvertI64U, F64ConvertI64U, i64, f64, $crate::ops::f64_convert_i64_u),
            (F32DemoteF64, F32DemoteF64, f64, f32, $crate::ops::f32_demote_f64),
            (F64PromoteF32, F64PromoteF32, f32, f64, $crate::ops::f64_promote_f32),
            (I32ReinterpretF32, I32ReinterpretF32, f32, i32, |a: f32| a.to_bits() as i32),
            (I64ReinterpretF64, I64ReinterpretF64, f64, i64, |a: f64| a.to_bits() as i64),
            (F32ReinterpretI32, F32ReinterpretI32, i32, f32, |a: i32| f32::from_bits(a as u32)),
            (F64ReinterpretI64, F64ReinterpretI64, i64, f64, |a: i64| f64::from_bits(a as u64)),
            (I32TruncSatF32S, I32TruncSatF32S, f32, i32, $crate::ops::i32_trunc_sat_f32_s),
            (I32TruncSatF32U, I32TruncSatF32U, f32, i32, $crate::ops::i32_trunc_sat_f32_u),
            (I32TruncSatF64S, I32TruncSatF64S, f64, i32, $crate::ops::i32_trunc_sat_f64_s),
            (I32TruncSatF64U, I32TruncSatF64U, f64, i32, $crate::ops::i32_trunc_sat_f64_u),
            (I64TruncSatF32S, I64TruncSatF32S, f32, i64, $crate::ops::i64_trunc_sat_f32_s),
            (I64TruncSatF32U, I64TruncSatF32U, f32, i64, $crate::ops::i64_trunc_sat_f32_u),
            (I64TruncSatF64S, I64TruncSatF64S, f64, i64, $crate::ops::i64_trunc_sat_f64_s),
            (I64TruncSatF64U, I64TruncSatF64U, f64, i64, $crate::ops::i64_trunc_sat_f64_u),
            }
            trapping_unop {
            (I32TruncF32S, I32TruncF32S, f32, i32, $crate::ops::i32_trunc_f32_s),
            (I32TruncF32U, I32TruncF32U, f32, i32, $crate::ops::i32_trunc_f32_u),
            (I32TruncF64S, I32TruncF64S, f64, i32, $crate::ops::i32_trunc_f64_s),
            (I32TruncF64U, I32TruncF64U, f64, i32, $crate::ops::i32_trunc_f64_u),
            (I64TruncF32S, I64TruncF32S, f32, i64, $crate::ops::i64_trunc_f32_s),
            (I64TruncF32U, I64TruncF32U, f32, i64, $crate::ops::i64_trunc_f32_u),
            (I64TruncF64S, I64TruncF64S, f64, i64, $crate::ops::i64_trunc_f64_s),
            (I64TruncF64U, I64TruncF64U, f64, i64, $crate::ops::i64_trunc_f64_u),
            }
            load {
            (I32Load, I32Load, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (I64Load, I64Load, 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (F32Load, F32Load, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (F64Load, F64Load, 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (I32Load8S, I32Load8S, 1, |b: [u8; 1]| b[0] as i8 as i32 as u32 as u64),
            (I32Load8U, I32Load8U, 1, |b: [u8; 1]| b[0] as u64),
            (I32Load16S, I32Load16S, 2, |b: [u8; 2]| i16::from_le_bytes(b) as i32 as u32 as u64),
            (I32Load16U, I32Load16U, 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load8S, I64Load8S, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64),
            (I64Load8U, I64Load8U, 1, |b: [u8; 1]| b[0] as u64),
            (I64Load16S, I64Load16S, 2, |b: [u8; 2]| i16::from_le_bytes(b) as i64 as u64),
            (I64Load16U, I64Load16U, 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load32S, I64Load32S, 4, |b: [u8; 4]| i32::from_le_bytes(b) as i64 as u64),
            (I64Load32U, I64Load32U, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            }
            cmp_branch {
                (BrIfI32Eq, I32Eq, i32, |a: i32, b: i32| a == b),
                (BrIfI32Ne, I32Ne, i32, |a: i32, b: i32| a != b),
                (BrIfI32LtS, I32LtS, i32, |a: i32, b: i32| a < b),
                (BrIfI32LtU, I32LtU, i32, |a: i32, b: i32| (a as u32) < (b as u32)),
                (BrIfI32GtS, I32GtS, i32, |a: i32, b: i32| a > b),
                (BrIfI32GtU, I32GtU, i32, |a: i32, b: i32| (a as u32) > (b as u32)),
                (BrIfI32LeS, I32LeS, i32, |a: i32, b: i32| a <= b),
                (BrIfI32LeU, I32LeU, i32, |a: i32, b: i32| (a as u32) <= (b as u32)),
                (BrIfI32GeS, I32GeS, i32, |a: i32, b: i32| a >= b),
                (BrIfI32GeU, I32GeU, i32, |a: i32, b: i32| (a as u32) >= (b as u32)),
                (BrIfI64Eq, I64Eq, i64, |a: i64, b: i64| a == b),
                (BrIfI64Ne, I64Ne, i64, |a: i64, b: i64| a != b),
                (BrIfI64LtS, I64LtS, i64, |a: i64, b: i64| a < b),
                (BrIfI64LtU, I64LtU, i64, |a: i64, b: i64| (a as u64) < (b as u64)),
                (BrIfI64GtS, I64GtS, i64, |a: i64, b: i64| a > b),
                (BrIfI64GtU, I64GtU, i64, |a: i64, b: i64| (a as u64) > (b as u64)),
                (BrIfI64LeS, I64LeS, i64, |a: i64, b: i64| a <= b),
                (BrIfI64LeU, I64LeU, i64, |a: i64, b: i64| (a as u64) <= (b as u64)),
                (BrIfI64GeS, I64GeS, i64, |a: i64, b: i64| a >= b),
                (BrIfI64GeU, I64GeU, i64, |a: i64, b: i64| (a as u64) >= (b as u64)),
                (BrIfF64Lt, F64Lt, f64, |a: f64, b: f64| a < b),
                (BrIfF64Gt, F64Gt, f64, |a: f64, b: f64| a > b),
                (BrIfF64Le, F64Le, f64, |a: f64, b: f64| a <= b),
                (BrIfF64Ge, F64Ge, f64, |a: f64, b: f64| a >= b),
                (BrIfF32Lt, F32Lt, f32, |a: f32, b: f32| a < b),
                (BrIfF32Gt, F32Gt, f32, |a: f32, b: f32| a > b),
                (BrIfF32Le, F32Le, f32, |a: f32, b: f32| a <= b),
                (BrIfF32Ge, F32Ge, f32, |a: f32, b: f32| a >= b),
            }
            store {
            (I32Store, I32Store, 4),
            (I64Store, I64Store, 8),
            (F32Store, F32Store, 4),
            (F64Store, F64Store, 8),
            (I32Store8, I32Store8, 1),
            (I32Store16, I32Store16, 2),
            (I64Store8, I64Store8, 1),
            (I64Store16, I64Store16, 2),
            (I64Store32, I64Store32, 4),
            }
        }
    };
}

/// Two float operations in a row whose intermediate result is used only by
/// the second: `dst = (a op1 b) op2 c`, one dispatch and no store of the
/// intermediate. Each entry is `(IrName, first IrName, second IrName, type,
/// op1, op2)`; the arithmetic is the same two IEEE operations, rounded
/// after each, as the unfused pair.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_float_chain {
    ($m:ident) => {
        $m! {
            (F32AddAdd, F32Add, F32Add, f32, |x: f32, y: f32| x + y, |x: f32, y: f32| x + y),
            (F32AddSub, F32Add, F32Sub, f32, |x: f32, y: f32| x + y, |x: f32, y: f32| x - y),
            (F32AddMul, F32Add, F32Mul, f32, |x: f32, y: f32| x + y, |x: f32, y: f32| x * y),
            (F32SubAdd, F32Sub, F32Add, f32, |x: f32, y: f32| x - y, |x: f32, y: f32| x + y),
            (F32SubSub, F32Sub, F32Sub, f32, |x: f32, y: f32| x - y, |x: f32, y: f32| x - y),
            (F32SubMul, F32Sub, F32Mul, f32, |x: f32, y: f32| x - y, |x: f32, y: f32| x * y),
            (F32MulAdd, F32Mul, F32Add, f32, |x: f32, y: f32| x * y, |x: f32, y: f32| x + y),
            (F32MulSub, F32Mul, F32Sub, f32, |x: f32, y: f32| x * y, |x: f32, y: f32| x - y),
            (F32MulMul, F32Mul, F32Mul, f32, |x: f32, y: f32| x * y, |x: f32, y: f32| x * y),
            (F64AddAdd, F64Add, F64Add, f64, |x: f64, y: f64| x + y, |x: f64, y: f64| x + y),
            (F64AddSub, F64Add, F64Sub, f64, |x: f64, y: f64| x + y, |x: f64, y: f64| x - y),
            (F64AddMul, F64Add, F64Mul, f64, |x: f64, y: f64| x + y, |x: f64, y: f64| x * y),
            (F64SubAdd, F64Sub, F64Add, f64, |x: f64, y: f64| x - y, |x: f64, y: f64| x + y),
            (F64SubSub, F64Sub, F64Sub, f64, |x: f64, y: f64| x - y, |x: f64, y: f64| x - y),
            (F64SubMul, F64Sub, F64Mul, f64, |x: f64, y: f64| x - y, |x: f64, y: f64| x * y),
            (F64MulAdd, F64Mul, F64Add, f64, |x: f64, y: f64| x * y, |x: f64, y: f64| x + y),
            (F64MulSub, F64Mul, F64Sub, f64, |x: f64, y: f64| x * y, |x: f64, y: f64| x - y),
            (F64MulMul, F64Mul, F64Mul, f64, |x: f64, y: f64| x * y, |x: f64, y: f64| x * y),
        }
    };
}

/// The `binop` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_binop {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_binop_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_binop_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g0)* }
    };
}

/// The `trapping_binop` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_trapping_binop {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_trapping_binop_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_trapping_binop_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g1)* }
    };
}

/// The `unop` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_unop {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_unop_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_unop_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g2)* }
    };
}

/// The `trapping_unop` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_trapping_unop {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_trapping_unop_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_trapping_unop_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g3)* }
    };
}

/// The `load` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_load {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_load_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_load_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g4)* }
    };
}

/// The `store` group of `for_each_numeric`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_store {
    ($m:ident) => {
        $crate::for_each_numeric!(($crate::for_each_store_select), $m)
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! for_each_store_select {
    ([$m:ident] binop { $($g0:tt)* } trapping_binop { $($g1:tt)* } unop { $($g2:tt)* } trapping_unop { $($g3:tt)* } load { $($g4:tt)* } cmp_branch { $($g6:tt)* } store { $($g5:tt)* }) => {
        $m! { $($g5)* }
    };
}

/// One instruction of the internal code (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instr {
    /// Trap with `unreachable`.
    Unreachable,
    /// Counts one unit against the store's budget (fuel and interrupt
    /// checks); emitted at function entry and loop headers only when the
    /// engine is configured to consume fuel or to be interruptible.
    Tick,
    /// Jump to `target`.
    Br {
        target: u32,
    },
    /// Jump to `target` if `cond` (i32) is not zero.
    BrIfNez {
        cond: Slot,
        target: u32,
    },
    /// Jump to `target` if `cond` (i32) is zero.
    BrIfEqz {
        cond: Slot,
        target: u32,
    },
    /// Jump to the `index`-th of the `len + 1` `Br` instructions that follow
    /// (the last is the default).
    BrTable {
        index: Slot,
        len: u32,
    },
    /// `slots[dst] = slots[src]`.
    Copy {
        dst: Slot,
        src: Slot,
    },
    /// Copy `n` consecutive slots (the ranges may overlap).
    CopyN {
        dst: Slot,
        src: Slot,
        n: u32,
    },
    /// A 32-bit constant (zero-extended).
    Const32 {
        dst: Slot,
        value: u32,
    },
    /// A 64-bit constant.
    Const64 {
        dst: Slot,
        lo: u32,
        hi: u32,
    },
    /// `dst = cond ? a : b`.
    Select {
        dst: Slot,
        cond: Slot,
        a: Slot,
        b: Slot,
    },
    /// Return from the function; the results are in slots `0..n`.
    Return,
    /// Return one result, copied from `src` to slot 0 first.
    Return1 {
        src: Slot,
    },
    /// Call module function `func`; arguments and results at `base..`.
    Call {
        func: u32,
        base: Slot,
    },
    /// `call_indirect`: function `table[slots[index]]` must match `ty`.
    CallIndirect {
        table: u32,
        ty: u32,
        index: Slot,
        base: Slot,
    },
    /// `call_ref`: call the function reference in `func_ref`.
    CallRef {
        func_ref: Slot,
        base: Slot,
    },
    /// Tail calls: arguments are already in slots `0..n` of this frame.
    ReturnCall {
        func: u32,
    },
    ReturnCallIndirect {
        table: u32,
        ty: u32,
        index: Slot,
    },
    ReturnCallRef {
        func_ref: Slot,
    },
    RefIsNull {
        dst: Slot,
        src: Slot,
    },
    RefFunc {
        dst: Slot,
        func: u32,
    },
    /// Trap if `src` is null.
    RefAsNonNull {
        src: Slot,
    },
    BrOnNull {
        src: Slot,
        target: u32,
    },
    BrOnNonNull {
        src: Slot,
        target: u32,
    },
    RefEq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    GlobalGet {
        dst: Slot,
        global: u32,
    },
    GlobalSet {
        src: Slot,
        global: u32,
    },
    TableGet {
        dst: Slot,
        table: u32,
        index: Slot,
    },
    TableSet {
        table: u32,
        index: Slot,
        value: Slot,
    },
    TableSize {
        dst: Slot,
        table: u32,
    },
    /// Operands `init, delta` at `base`, result at `base`.
    TableGrow {
        table: u32,
        base: Slot,
    },
    /// Operands `index, value, len` at `base`.
    TableFill {
        table: u32,
        base: Slot,
    },
    /// Operands `dst, src, len` at `base`.
    TableCopy {
        dst_table: u32,
        src_table: u32,
        base: Slot,
    },
    /// Operands `dst, src, len` at `base`.
    TableInit {
        table: u32,
        elem: u32,
        base: Slot,
    },
    ElemDrop {
        elem: u32,
    },
    MemorySize {
        dst: Slot,
        mem: u32,
    },
    MemoryGrow {
        dst: Slot,
        delta: Slot,
        mem: u32,
    },
    /// Operands `dst, value, len` at `base`.
    MemoryFill {
        mem: u32,
        base: Slot,
    },
    /// Operands `dst, src, len` at `base`.
    MemoryCopy {
        dst_mem: u32,
        src_mem: u32,
        base: Slot,
    },
    /// Operands `dst, src, len` at `base`.
    MemoryInit {
        mem: u32,
        data: u32,
        base: Slot,
    },
    DataDrop {
        data: u32,
    },
    /// Throw an exception of module tag `tag` with payload at `base..`.
    Throw {
        tag: u32,
        base: Slot,
    },
    ThrowRef {
        src: Slot,
    },
    /// `cont.new`: continuation from the function reference in `src`.
    ContNew {
        dst: Slot,
        src: Slot,
    },
    /// `cont.bind`: bind `n` arguments at `base..` to the continuation in
    /// slot `base + n`; the new continuation goes to `base`.
    ContBind {
        base: Slot,
        n: u32,
    },
    /// `resume` of the continuation in slot `cont` with the arguments at
    /// `base..`; `handlers` indexes the function's resume tables.
    Resume {
        base: Slot,
        nargs: u32,
        handlers: u32,
        cont: Slot,
    },
    /// `resume_throw`: raise module tag `tag` (payload at `base..`) at the
    /// continuation's suspension point; continuation in the slot after it.
    ResumeThrow {
        base: Slot,
        tag: u32,
        handlers: u32,
    },
    /// `resume_throw_ref`: exnref at `base`, continuation at `base + 1`.
    ResumeThrowRef {
        base: Slot,
        handlers: u32,
    },
    /// `suspend` with module tag `tag`, its `n` payload values at `base..`;
    /// the values of the next resume go to `res..`.
    Suspend {
        tag: u32,
        base: Slot,
        n: u32,
        res: Slot,
    },
    /// `switch` to the continuation in slot `cont`, with args at `base..`;
    /// the values of the next resume go to `res..`. `packed` holds the
    /// module tag index and the argument count (see `pack_switch`).
    Switch {
        packed: u32,
        base: Slot,
        cont: Slot,
        res: Slot,
    },
    /// Fused compare-and-branch: jump to `target` if the comparison holds.
    BrIfI32Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
    /// `dst = a + imm` (also `i32.sub` by a constant).
    I32AddImm {
        dst: Slot,
        a: Slot,
        imm: u32,
    },
    I64AddImm {
        dst: Slot,
        a: Slot,
        imm: u32,
    },
    /// `dst = (a + b) + c` in f32 (see `for_each_float_chain`).
    F32AddAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a + b) - c` in f32 (see `for_each_float_chain`).
    F32AddSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a + b) * c` in f32 (see `for_each_float_chain`).
    F32AddMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) + c` in f32 (see `for_each_float_chain`).
    F32SubAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) - c` in f32 (see `for_each_float_chain`).
    F32SubSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) * c` in f32 (see `for_each_float_chain`).
    F32SubMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) + c` in f32 (see `for_each_float_chain`).
    F32MulAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) - c` in f32 (see `for_each_float_chain`).
    F32MulSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) * c` in f32 (see `for_each_float_chain`).
    F32MulMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a + b) + c` in f64 (see `for_each_float_chain`).
    F64AddAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a + b) - c` in f64 (see `for_each_float_chain`).
    F64AddSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a + b) * c` in f64 (see `for_each_float_chain`).
    F64AddMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) + c` in f64 (see `for_each_float_chain`).
    F64SubAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) - c` in f64 (see `for_each_float_chain`).
    F64SubSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a - b) * c` in f64 (see `for_each_float_chain`).
    F64SubMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) + c` in f64 (see `for_each_float_chain`).
    F64MulAdd {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) - c` in f64 (see `for_each_float_chain`).
    F64MulSub {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// `dst = (a * b) * c` in f64 (see `for_each_float_chain`).
    F64MulMul {
        dst: Slot,
        a: Slot,
        b: Slot,
        c: Slot,
    },
    /// A counted loop's step and test: `dst = dst + imm` (i32), then jump
    /// to `target` if `dst < b` (unsigned). Made from an `I32AddImm` and
    /// the compare-and-branch after it, which stays in place (a branch may
    /// land on it): when the jump is not taken, execution continues after
    /// that instruction.
    I32AddImmBrIfLtU {
        dst: Slot,
        imm: u32,
        b: Slot,
        target: u32,
    },
    /// As `I32AddImmBrIfLtU`, signed.
    I32AddImmBrIfLtS {
        dst: Slot,
        imm: u32,
        b: Slot,
        target: u32,
    },
    /// As `I32AddImmBrIfLtU`, testing `dst != b`.
    I32AddImmBrIfNe {
        dst: Slot,
        imm: u32,
        b: Slot,
        target: u32,
    },
    /// A strided loop's step and test: `dst = dst + step` (i32, `step` a
    /// slot), then jump to `target` if `dst < b` (unsigned); made and run
    /// like `I32AddImmBrIfLtU`.
    I32AddBrIfLtU {
        dst: Slot,
        step: Slot,
        b: Slot,
        target: u32,
    },
    /// As `I32AddBrIfLtU`, signed.
    I32AddBrIfLtS {
        dst: Slot,
        step: Slot,
        b: Slot,
        target: u32,
    },
    // Numeric instructions (generated from the `for_each_*` lists).
    I32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Eqz {
        dst: Slot,
        src: Slot,
    },
    I64Eqz {
        dst: Slot,
        src: Slot,
    },
    I32Clz {
        dst: Slot,
        src: Slot,
    },
    I32Ctz {
        dst: Slot,
        src: Slot,
    },
    I32Popcnt {
        dst: Slot,
        src: Slot,
    },
    I64Clz {
        dst: Slot,
        src: Slot,
    },
    I64Ctz {
        dst: Slot,
        src: Slot,
    },
    I64Popcnt {
        dst: Slot,
        src: Slot,
    },
    F32Abs {
        dst: Slot,
        src: Slot,
    },
    F32Neg {
        dst: Slot,
        src: Slot,
    },
    F32Ceil {
        dst: Slot,
        src: Slot,
    },
    F32Floor {
        dst: Slot,
        src: Slot,
    },
    F32Trunc {
        dst: Slot,
        src: Slot,
    },
    F32Nearest {
        dst: Slot,
        src: Slot,
    },
    F32Sqrt {
        dst: Slot,
        src: Slot,
    },
    F64Abs {
        dst: Slot,
        src: Slot,
    },
    F64Neg {
        dst: Slot,
        src: Slot,
    },
    F64Ceil {
        dst: Slot,
        src: Slot,
    },
    F64Floor {
        dst: Slot,
        src: Slot,
    },
    F64Trunc {
        dst: Slot,
        src: Slot,
    },
    F64Nearest {
        dst: Slot,
        src: Slot,
    },
    F64Sqrt {
        dst: Slot,
        src: Slot,
    },
    I32WrapI64 {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32S {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32U {
        dst: Slot,
        src: Slot,
    },
    I32Extend8S {
        dst: Slot,
        src: Slot,
    },
    I32Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend8S {
        dst: Slot,
        src: Slot,
    },
    I64Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F32DemoteF64 {
        dst: Slot,
        src: Slot,
    },
    F64PromoteF32 {
        dst: Slot,
        src: Slot,
    },
    I32ReinterpretF32 {
        dst: Slot,
        src: Slot,
    },
    I64ReinterpretF64 {
        dst: Slot,
        src: Slot,
    },
    F32ReinterpretI32 {
        dst: Slot,
        src: Slot,
    },
    F64ReinterpretI64 {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I32Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    F32Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    F64Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load8S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load8U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load16S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load16U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load8S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load8U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load16S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load16U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load32S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load32U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    F32Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    F64Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store8 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store16 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store8 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store16 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store32 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
}

/// Bits of `Switch::packed` that hold the argument count. Validation bounds
/// a function type's parameters by 1,000 and a module's tags by 1,000,000
/// (wasmparser's limits), so both fit.
const SWITCH_NARGS_BITS: u32 = 12;

/// `Switch::packed` for module tag `tag` and `nargs` arguments, if they fit.
pub fn pack_switch(tag: u32, nargs: u32) -> Option<u32> {
    (nargs < 1 << SWITCH_NARGS_BITS && tag < 1 << (32 - SWITCH_NARGS_BITS))
        .then_some(tag << SWITCH_NARGS_BITS | nargs)
}

/// The module tag index and argument count of `Switch::packed`.
#[inline(always)]
pub fn unpack_switch(packed: u32) -> (u32, u32) {
    (
        packed >> SWITCH_NARGS_BITS,
        packed & ((1 << SWITCH_NARGS_BITS) - 1),
    )
}

/// A control-transfer clause of a `resume` instruction, translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeHandler {
    /// `(on $tag $label)`: on suspension to `tag` (module tag index), branch
    /// to `target` with the payload and the continuation in slots from `dst`.
    OnLabel { tag: u32, target: u32, dst: Slot },
    /// `(on $tag switch)`.
    OnSwitch { tag: u32 },
}

/// The clauses of one `resume` (or `resume_throw`) instruction, with a
/// hint: the clause that most recently handled a suspension to it.
///
/// A `resume` hands the hinted clause to the stack it enters (as a
/// `KnownClause`), so a `suspend` or `switch` that uses the same clause as
/// last time finds its handler without decoding the table. The hint is
/// always the first clause for its tag and kind (what the spec picks), so
/// any clause it names is a correct answer when its tag matches; it is
/// only a guess about which tag comes next. It is shared by every
/// instance of the module (a relaxed atomic: a stale value costs one
/// decode, never a wrong result).
#[derive(Debug)]
pub struct ResumeTable {
    pub clauses: Box<[ResumeHandler]>,
    hint: std::sync::atomic::AtomicU32,
}

impl ResumeTable {
    pub fn new(clauses: Box<[ResumeHandler]>) -> Self {
        ResumeTable {
            clauses,
            hint: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// The clause to try first (the first one until a suspension used
    /// another), if the table has any. The hint is always an index of
    /// `clauses`, or 0.
    #[inline(always)]
    pub fn hinted(&self) -> Option<&ResumeHandler> {
        let i = self.hint.load(std::sync::atomic::Ordering::Relaxed) as usize;
        self.clauses.get(i)
    }

    /// Remembers clause `i`, which just handled a suspension and is the
    /// first clause for its tag and kind.
    #[inline]
    pub fn set_hint(&self, i: usize) {
        self.hint
            .store(i as u32, std::sync::atomic::Ordering::Relaxed);
    }
}

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
}

/// A `try_table`: the instructions `start..end` are covered by `catches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryRegion {
    pub start: u32,
    pub end: u32,
    pub catches: Vec<Catch>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instr_is_compact() {
        assert!(
            std::mem::size_of::<Instr>() <= 20,
            "{}",
            std::mem::size_of::<Instr>()
        );
    }
}
