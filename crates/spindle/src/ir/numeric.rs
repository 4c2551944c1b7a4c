//! The lists of numeric instructions. Each `for_each_*` macro hands a
//! list to a callback macro; the IR (`Instr`), the translator and the
//! interpreter are all generated from the same lists, so the three stay in
//! step. The macros are visible in the crate as `crate::ir::for_each_*!`.

/// Every numeric instruction, in groups: `binop` and `unop` entries are
/// `(IrName, OperatorName, in type, out type, fn)` (the `trapping_` groups'
/// `fn` returns `Result<out, TrapCode>`); `load` entries are
/// `(IrName, OperatorName, bytes, fn([u8; bytes]) -> slot)`; `store` entries
/// are `(IrName, OperatorName, bytes)`; `binop_imm` entries are a `binop`
/// whose right operand is a constant the instruction holds (an `i32`,
/// sign-extended for `i64` operators): `(IrName, OperatorName, in type,
/// out type, fn)`; `cmp_branch_imm` entries are `(IrName, the binop_imm
/// IrName it fuses, the IrName of its negation, type, fn)`. `$m!` receives
/// all groups at once, so a consumer can build a single `match` over every
/// instruction.
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
            binop_imm {
            (I32EqImm, I32Eq, i32, i32, |a: i32, b: i32| (a == b) as i32),
            (I32NeImm, I32Ne, i32, i32, |a: i32, b: i32| (a != b) as i32),
            (I32LtSImm, I32LtS, i32, i32, |a: i32, b: i32| (a < b) as i32),
            (I32LtUImm, I32LtU, i32, i32, |a: i32, b: i32| ((a as u32) < (b as u32)) as i32),
            (I32GtSImm, I32GtS, i32, i32, |a: i32, b: i32| (a > b) as i32),
            (I32GtUImm, I32GtU, i32, i32, |a: i32, b: i32| ((a as u32) > (b as u32)) as i32),
            (I32LeSImm, I32LeS, i32, i32, |a: i32, b: i32| (a <= b) as i32),
            (I32LeUImm, I32LeU, i32, i32, |a: i32, b: i32| ((a as u32) <= (b as u32)) as i32),
            (I32GeSImm, I32GeS, i32, i32, |a: i32, b: i32| (a >= b) as i32),
            (I32GeUImm, I32GeU, i32, i32, |a: i32, b: i32| ((a as u32) >= (b as u32)) as i32),
            (I32MulImm, I32Mul, i32, i32, |a: i32, b: i32| a.wrapping_mul(b)),
            (I32AndImm, I32And, i32, i32, |a: i32, b: i32| a & b),
            (I32OrImm, I32Or, i32, i32, |a: i32, b: i32| a | b),
            (I32XorImm, I32Xor, i32, i32, |a: i32, b: i32| a ^ b),
            (I32ShlImm, I32Shl, i32, i32, |a: i32, b: i32| $crate::ops::i32_shl(a, b)),
            (I32ShrSImm, I32ShrS, i32, i32, |a: i32, b: i32| $crate::ops::i32_shr_s(a, b)),
            (I32ShrUImm, I32ShrU, i32, i32, |a: i32, b: i32| $crate::ops::i32_shr_u(a, b)),
            (I64EqImm, I64Eq, i64, i32, |a: i64, b: i64| (a == b) as i32),
            (I64NeImm, I64Ne, i64, i32, |a: i64, b: i64| (a != b) as i32),
            (I64LtSImm, I64LtS, i64, i32, |a: i64, b: i64| (a < b) as i32),
            (I64LtUImm, I64LtU, i64, i32, |a: i64, b: i64| ((a as u64) < (b as u64)) as i32),
            (I64GtSImm, I64GtS, i64, i32, |a: i64, b: i64| (a > b) as i32),
            (I64GtUImm, I64GtU, i64, i32, |a: i64, b: i64| ((a as u64) > (b as u64)) as i32),
            (I64LeSImm, I64LeS, i64, i32, |a: i64, b: i64| (a <= b) as i32),
            (I64LeUImm, I64LeU, i64, i32, |a: i64, b: i64| ((a as u64) <= (b as u64)) as i32),
            (I64GeSImm, I64GeS, i64, i32, |a: i64, b: i64| (a >= b) as i32),
            (I64GeUImm, I64GeU, i64, i32, |a: i64, b: i64| ((a as u64) >= (b as u64)) as i32),
            (I64MulImm, I64Mul, i64, i64, |a: i64, b: i64| a.wrapping_mul(b)),
            (I64AndImm, I64And, i64, i64, |a: i64, b: i64| a & b),
            (I64OrImm, I64Or, i64, i64, |a: i64, b: i64| a | b),
            (I64XorImm, I64Xor, i64, i64, |a: i64, b: i64| a ^ b),
            (I64ShlImm, I64Shl, i64, i64, |a: i64, b: i64| $crate::ops::i64_shl(a, b)),
            (I64ShrSImm, I64ShrS, i64, i64, |a: i64, b: i64| $crate::ops::i64_shr_s(a, b)),
            (I64ShrUImm, I64ShrU, i64, i64, |a: i64, b: i64| $crate::ops::i64_shr_u(a, b)),
            }
            cmp_branch_imm {
            (BrIfI32EqImm, I32EqImm, BrIfI32NeImm, i32, |a: i32, b: i32| a == b),
            (BrIfI32NeImm, I32NeImm, BrIfI32EqImm, i32, |a: i32, b: i32| a != b),
            (BrIfI32LtSImm, I32LtSImm, BrIfI32GeSImm, i32, |a: i32, b: i32| a < b),
            (BrIfI32LtUImm, I32LtUImm, BrIfI32GeUImm, i32, |a: i32, b: i32| (a as u32) < (b as u32)),
            (BrIfI32GtSImm, I32GtSImm, BrIfI32LeSImm, i32, |a: i32, b: i32| a > b),
            (BrIfI32GtUImm, I32GtUImm, BrIfI32LeUImm, i32, |a: i32, b: i32| (a as u32) > (b as u32)),
            (BrIfI32LeSImm, I32LeSImm, BrIfI32GtSImm, i32, |a: i32, b: i32| a <= b),
            (BrIfI32LeUImm, I32LeUImm, BrIfI32GtUImm, i32, |a: i32, b: i32| (a as u32) <= (b as u32)),
            (BrIfI32GeSImm, I32GeSImm, BrIfI32LtSImm, i32, |a: i32, b: i32| a >= b),
            (BrIfI32GeUImm, I32GeUImm, BrIfI32LtUImm, i32, |a: i32, b: i32| (a as u32) >= (b as u32)),
            (BrIfI64EqImm, I64EqImm, BrIfI64NeImm, i64, |a: i64, b: i64| a == b),
            (BrIfI64NeImm, I64NeImm, BrIfI64EqImm, i64, |a: i64, b: i64| a != b),
            (BrIfI64LtSImm, I64LtSImm, BrIfI64GeSImm, i64, |a: i64, b: i64| a < b),
            (BrIfI64LtUImm, I64LtUImm, BrIfI64GeUImm, i64, |a: i64, b: i64| (a as u64) < (b as u64)),
            (BrIfI64GtSImm, I64GtSImm, BrIfI64LeSImm, i64, |a: i64, b: i64| a > b),
            (BrIfI64GtUImm, I64GtUImm, BrIfI64LeUImm, i64, |a: i64, b: i64| (a as u64) > (b as u64)),
            (BrIfI64LeSImm, I64LeSImm, BrIfI64GtSImm, i64, |a: i64, b: i64| a <= b),
            (BrIfI64LeUImm, I64LeUImm, BrIfI64GtUImm, i64, |a: i64, b: i64| (a as u64) <= (b as u64)),
            (BrIfI64GeSImm, I64GeSImm, BrIfI64LtSImm, i64, |a: i64, b: i64| a >= b),
            (BrIfI64GeUImm, I64GeUImm, BrIfI64LtUImm, i64, |a: i64, b: i64| (a as u64) >= (b as u64)),
            }
        }
    };
}

pub(crate) use for_each_numeric;

/// Two float operations in a row whose intermediate result is used only by
/// the second: `dst = (a op1 b) op2 c`, one dispatch and no store of the
/// intermediate. Each entry is `(IrName, first IrName, second IrName, type,
/// op1, op2)`; the arithmetic is the same two IEEE operations, rounded
/// after each, as the unfused pair.
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

pub(crate) use for_each_float_chain;

/// Two `i32` operations in a row whose intermediate result is used only by
/// the second, as `for_each_float_chain` (same entry shape): the shifts,
/// masks and adds of address and bit-field arithmetic in compiled C (a
/// Lua instruction's fields, a deflate bit buffer). Every tier; the
/// compiled tier lowers the two operations (`jit/lower/forms.rs`).
macro_rules! for_each_int_chain {
    (($($m:tt)*) $(, $arg:tt)*) => {
        $($m)*! {
            [$($arg)*]
            (I32ShlAdd, I32Shl, I32Add, i32, $crate::ops::i32_shl, |x: i32, y: i32| x.wrapping_add(y)),
            (I32ShrUAnd, I32ShrU, I32And, i32, $crate::ops::i32_shr_u, |x: i32, y: i32| x & y),
            (I32AndAdd, I32And, I32Add, i32, |x: i32, y: i32| x & y, |x: i32, y: i32| x.wrapping_add(y)),
            (I32AndShl, I32And, I32Shl, i32, |x: i32, y: i32| x & y, $crate::ops::i32_shl),
            (I32AddAdd, I32Add, I32Add, i32, |x: i32, y: i32| x.wrapping_add(y), |x: i32, y: i32| x.wrapping_add(y)),
            (I32AddShrU, I32Add, I32ShrU, i32, |x: i32, y: i32| x.wrapping_add(y), $crate::ops::i32_shr_u),
        }
    };
}

pub(crate) use for_each_int_chain;
