//! The operation codes of the `v128` instruction families (`Instr::V128*`).
//!
//! Each family is one `Instr` variant whose `op` selects the lane
//! operation, so the interpreter's main `match` gains one arm per family
//! (not one per SIMD instruction) and the scalar arms stay as they were.
//! A code is named after its Wasm operator; `from_operator` maps the
//! decoder's operator to it. The lane semantics live in `crate::simd`.

use super::{Instr, Slot};

macro_rules! simd_family {
    ($(#[$doc:meta])* $enum:ident { $($name:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        // The names are the Wasm operators' (`I8x16Splat`, ...).
        #[allow(clippy::enum_variant_names)]
        pub enum $enum { $($name),* }

        impl $enum {
            /// Every code, in declaration order (`op as usize` indexes it).
            #[allow(dead_code)] // (Used for the families with helpers.)
            pub const ALL: &'static [Self] = &[$(Self::$name),*];

            /// The code of `op`, if it belongs to this family.
            pub fn from_operator(op: &wasmparser::Operator<'_>) -> Option<Self> {
                match op {
                    $( wasmparser::Operator::$name => Some(Self::$name), )*
                    _ => None,
                }
            }
        }
    };
}

simd_family! {
    /// `v128 -> v128`.
    V128UnOp {
        V128Not,
        I8x16Abs, I8x16Neg, I8x16Popcnt,
        I16x8ExtAddPairwiseI8x16S, I16x8ExtAddPairwiseI8x16U, I16x8Abs, I16x8Neg,
        I16x8ExtendLowI8x16S, I16x8ExtendHighI8x16S, I16x8ExtendLowI8x16U, I16x8ExtendHighI8x16U,
        I32x4ExtAddPairwiseI16x8S, I32x4ExtAddPairwiseI16x8U, I32x4Abs, I32x4Neg,
        I32x4ExtendLowI16x8S, I32x4ExtendHighI16x8S, I32x4ExtendLowI16x8U, I32x4ExtendHighI16x8U,
        I64x2Abs, I64x2Neg,
        I64x2ExtendLowI32x4S, I64x2ExtendHighI32x4S, I64x2ExtendLowI32x4U, I64x2ExtendHighI32x4U,
        F32x4Ceil, F32x4Floor, F32x4Trunc, F32x4Nearest, F32x4Abs, F32x4Neg, F32x4Sqrt,
        F64x2Ceil, F64x2Floor, F64x2Trunc, F64x2Nearest, F64x2Abs, F64x2Neg, F64x2Sqrt,
        I32x4TruncSatF32x4S, I32x4TruncSatF32x4U, F32x4ConvertI32x4S, F32x4ConvertI32x4U,
        I32x4TruncSatF64x2SZero, I32x4TruncSatF64x2UZero, F64x2ConvertLowI32x4S,
        F64x2ConvertLowI32x4U, F32x4DemoteF64x2Zero, F64x2PromoteLowF32x4,
        I32x4RelaxedTruncF32x4S, I32x4RelaxedTruncF32x4U, I32x4RelaxedTruncF64x2SZero,
        I32x4RelaxedTruncF64x2UZero,
    }
}

simd_family! {
    /// `v128 v128 -> v128`.
    V128BinOp {
        I8x16Swizzle, I8x16RelaxedSwizzle,
        I8x16Eq, I8x16Ne, I8x16LtS, I8x16LtU, I8x16GtS, I8x16GtU, I8x16LeS, I8x16LeU, I8x16GeS,
        I8x16GeU,
        I16x8Eq, I16x8Ne, I16x8LtS, I16x8LtU, I16x8GtS, I16x8GtU, I16x8LeS, I16x8LeU, I16x8GeS,
        I16x8GeU,
        I32x4Eq, I32x4Ne, I32x4LtS, I32x4LtU, I32x4GtS, I32x4GtU, I32x4LeS, I32x4LeU, I32x4GeS,
        I32x4GeU,
        I64x2Eq, I64x2Ne, I64x2LtS, I64x2GtS, I64x2LeS, I64x2GeS,
        F32x4Eq, F32x4Ne, F32x4Lt, F32x4Gt, F32x4Le, F32x4Ge,
        F64x2Eq, F64x2Ne, F64x2Lt, F64x2Gt, F64x2Le, F64x2Ge,
        V128And, V128AndNot, V128Or, V128Xor,
        I8x16NarrowI16x8S, I8x16NarrowI16x8U,
        I8x16Add, I8x16AddSatS, I8x16AddSatU, I8x16Sub, I8x16SubSatS, I8x16SubSatU,
        I8x16MinS, I8x16MinU, I8x16MaxS, I8x16MaxU, I8x16AvgrU,
        I16x8Q15MulrSatS, I16x8NarrowI32x4S, I16x8NarrowI32x4U,
        I16x8Add, I16x8AddSatS, I16x8AddSatU, I16x8Sub, I16x8SubSatS, I16x8SubSatU, I16x8Mul,
        I16x8MinS, I16x8MinU, I16x8MaxS, I16x8MaxU, I16x8AvgrU,
        I16x8ExtMulLowI8x16S, I16x8ExtMulHighI8x16S, I16x8ExtMulLowI8x16U, I16x8ExtMulHighI8x16U,
        I32x4Add, I32x4Sub, I32x4Mul, I32x4MinS, I32x4MinU, I32x4MaxS, I32x4MaxU,
        I32x4DotI16x8S,
        I32x4ExtMulLowI16x8S, I32x4ExtMulHighI16x8S, I32x4ExtMulLowI16x8U, I32x4ExtMulHighI16x8U,
        I64x2Add, I64x2Sub, I64x2Mul,
        I64x2ExtMulLowI32x4S, I64x2ExtMulHighI32x4S, I64x2ExtMulLowI32x4U, I64x2ExtMulHighI32x4U,
        F32x4Add, F32x4Sub, F32x4Mul, F32x4Div, F32x4Min, F32x4Max, F32x4PMin, F32x4PMax,
        F64x2Add, F64x2Sub, F64x2Mul, F64x2Div, F64x2Min, F64x2Max, F64x2PMin, F64x2PMax,
        F32x4RelaxedMin, F32x4RelaxedMax, F64x2RelaxedMin, F64x2RelaxedMax,
        I16x8RelaxedQ15mulrS, I16x8RelaxedDotI8x16I7x16S,
    }
}

simd_family! {
    /// `v128 v128 v128 -> v128`.
    V128TernOp {
        V128Bitselect,
        F32x4RelaxedMadd, F32x4RelaxedNmadd, F64x2RelaxedMadd, F64x2RelaxedNmadd,
        I8x16RelaxedLaneselect, I16x8RelaxedLaneselect, I32x4RelaxedLaneselect,
        I64x2RelaxedLaneselect, I32x4RelaxedDotI8x16I7x16AddS,
    }
}

simd_family! {
    /// `v128 -> i32`.
    V128TestOp {
        V128AnyTrue, I8x16AllTrue, I8x16Bitmask, I16x8AllTrue, I16x8Bitmask, I32x4AllTrue,
        I32x4Bitmask, I64x2AllTrue, I64x2Bitmask,
    }
}

simd_family! {
    /// A scalar -> `v128` with it in every lane.
    V128SplatOp { I8x16Splat, I16x8Splat, I32x4Splat, I64x2Splat, F32x4Splat, F64x2Splat }
}

simd_family! {
    /// `v128 i32 -> v128`.
    V128ShiftOp {
        I8x16Shl, I8x16ShrS, I8x16ShrU, I16x8Shl, I16x8ShrS, I16x8ShrU,
        I32x4Shl, I32x4ShrS, I32x4ShrU, I64x2Shl, I64x2ShrS, I64x2ShrU,
    }
}

/// The lane shape of `extract_lane` / `replace_lane` (the sign extension
/// of the narrow integer extracts included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LaneKind {
    I8S,
    I8U,
    I16S,
    I16U,
    I32,
    I64,
    F32,
    F64,
}

/// `v128.load*` forms that produce a whole vector from memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum V128LoadOp {
    Load,
    Load8x8S,
    Load8x8U,
    Load16x4S,
    Load16x4U,
    Load32x2S,
    Load32x2U,
    Load8Splat,
    Load16Splat,
    Load32Splat,
    Load64Splat,
    Load32Zero,
    Load64Zero,
}

impl V128LoadOp {
    /// Every form, in declaration order (`op as usize` indexes it).
    pub const ALL: [V128LoadOp; 13] = [
        V128LoadOp::Load,
        V128LoadOp::Load8x8S,
        V128LoadOp::Load8x8U,
        V128LoadOp::Load16x4S,
        V128LoadOp::Load16x4U,
        V128LoadOp::Load32x2S,
        V128LoadOp::Load32x2U,
        V128LoadOp::Load8Splat,
        V128LoadOp::Load16Splat,
        V128LoadOp::Load32Splat,
        V128LoadOp::Load64Splat,
        V128LoadOp::Load32Zero,
        V128LoadOp::Load64Zero,
    ];

    /// Bytes read from memory.
    pub fn bytes(self) -> usize {
        match self {
            V128LoadOp::Load => 16,
            V128LoadOp::Load8Splat => 1,
            V128LoadOp::Load16Splat => 2,
            V128LoadOp::Load32Splat | V128LoadOp::Load32Zero => 4,
            _ => 8,
        }
    }
}

/// The variant of its own (`crate::simd::inline`) of `v128` binary operator
/// `op` with these operands, if it has one.
pub fn inline_v128_binary(op: V128BinOp, dst: Slot, a: Slot, b: Slot) -> Option<Instr> {
    use V128BinOp as O;
    Some(match op {
        O::F32x4Add => Instr::F32x4Add { dst, a, b },
        O::F32x4Sub => Instr::F32x4Sub { dst, a, b },
        O::F32x4Mul => Instr::F32x4Mul { dst, a, b },
        O::F64x2Add => Instr::F64x2Add { dst, a, b },
        O::F64x2Mul => Instr::F64x2Mul { dst, a, b },
        O::I8x16Add => Instr::I8x16Add { dst, a, b },
        O::I8x16Sub => Instr::I8x16Sub { dst, a, b },
        O::I16x8Add => Instr::I16x8Add { dst, a, b },
        O::I16x8Sub => Instr::I16x8Sub { dst, a, b },
        O::I16x8Mul => Instr::I16x8Mul { dst, a, b },
        O::I32x4Add => Instr::I32x4Add { dst, a, b },
        O::I32x4Sub => Instr::I32x4Sub { dst, a, b },
        O::I32x4DotI16x8S => Instr::I32x4DotI16x8S { dst, a, b },
        O::V128And => Instr::V128And { dst, a, b },
        O::V128Or => Instr::V128Or { dst, a, b },
        O::V128Xor => Instr::V128Xor { dst, a, b },
        _ => return None,
    })
}

/// The variant of its own (`crate::simd::inline`) of lane shift `op` with
/// these operands, if it has one.
pub fn inline_v128_shift(op: V128ShiftOp, dst: Slot, a: Slot, b: Slot) -> Option<Instr> {
    use V128ShiftOp as O;
    Some(match op {
        O::I16x8Shl => Instr::I16x8Shl { dst, a, b },
        O::I16x8ShrS => Instr::I16x8ShrS { dst, a, b },
        O::I16x8ShrU => Instr::I16x8ShrU { dst, a, b },
        O::I32x4Shl => Instr::I32x4Shl { dst, a, b },
        O::I32x4ShrS => Instr::I32x4ShrS { dst, a, b },
        O::I32x4ShrU => Instr::I32x4ShrU { dst, a, b },
        _ => return None,
    })
}
