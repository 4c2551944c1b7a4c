//! Lane semantics of the SIMD (`v128`) and relaxed SIMD instructions.
//!
//! A `v128` is a `u128` whose little-endian bytes are the vector's bytes
//! (lane 0 lowest), which is also how it sits in its two slots (low half
//! first). Each operation views it as an array of lanes (`[i8; 16]`,
//! `[u16; 8]`, `[f32; 4]`, ...) through `bytemuck::cast` and works lane by
//! lane in portable Rust, in loops the compiler vectorises. The views are
//! the host's lane order on a little-endian host, which every target
//! Spindle builds for is (see the `compile_error!` below).
//!
//! Floats follow the scalar rules of `crate::ops`: `min`/`max` give the
//! canonical NaN for a NaN operand and order `-0 < +0`; rounding and square
//! root keep (quieted) NaN payloads; arithmetic gives what the host's IEEE
//! operation gives, an arithmetic NaN for NaN operands (the spec allows any
//! arithmetic NaN there, and a canonical one when no operand is a NaN).
//!
//! Relaxed SIMD: each instruction has one deterministic behaviour, the
//! same on every host:
//! - `i8x16.relaxed_swizzle` = `i8x16.swizzle` (indices >= 16 give 0);
//! - `i32x4.relaxed_trunc_*` = the saturating `trunc_sat` forms (NaN -> 0);
//! - `f32x4/f64x2.relaxed_madd`/`nmadd` are *unfused*: `a * b + c` and
//!   `-(a * b) + c`, each operation rounded (no `mul_add`: without a
//!   hardware FMA it is a slow library call);
//! - `*.relaxed_laneselect` = `v128.bitselect` (bitwise, not by lane sign);
//! - `f32x4/f64x2.relaxed_min`/`max` = `min`/`max`;
//! - `i16x8.relaxed_q15mulr_s` = `i16x8.q15mulr_sat_s`;
//! - `i16x8.relaxed_dot_i8x16_i7x16_s` treats both operands as signed and
//!   adds the pair of products with wrap-around; the `i32x4` `_add_s` form
//!   sums four signed products and the accumulator with wrap-around.

#[cfg(not(target_endian = "little"))]
compile_error!("the v128 lane views assume a little-endian host");

use bytemuck::{cast, Pod};

use crate::ir::{
    LaneKind, V128BinOp, V128LoadOp, V128ShiftOp, V128SplatOp, V128TernOp, V128TestOp, V128UnOp,
};
use crate::ops;

pub(crate) mod inline;
pub(crate) mod jit_helpers;

/// `f` on every lane of `a`.
#[inline(always)]
fn un<A: Pod, R: Pod, const N: usize>(a: u128, f: impl Fn(A) -> R) -> u128
where
    [A; N]: Pod,
    [R; N]: Pod,
{
    let a: [A; N] = cast(a);
    let r: [R; N] = std::array::from_fn(|i| f(a[i]));
    cast(r)
}

/// `f` on every pair of lanes of `a` and `b`.
#[inline(always)]
fn bin<A: Pod, R: Pod, const N: usize>(a: u128, b: u128, f: impl Fn(A, A) -> R) -> u128
where
    [A; N]: Pod,
    [R; N]: Pod,
{
    let (a, b): ([A; N], [A; N]) = (cast(a), cast(b));
    let r: [R; N] = std::array::from_fn(|i| f(a[i], b[i]));
    cast(r)
}

/// `N` output lanes, lane `i` computed by `f(i)` from the input lanes.
#[inline(always)]
fn gen<R: Pod, const N: usize>(f: impl Fn(usize) -> R) -> u128
where
    [R; N]: Pod,
{
    let r: [R; N] = std::array::from_fn(f);
    cast(r)
}

/// All ones for `true`, as a lane of any integer width.
#[inline(always)]
fn mask<T: From<i8>>(b: bool) -> T {
    T::from(-(b as i8))
}

macro_rules! cmp {
    ($a:expr, $b:expr, $t:ty, $m:ty, $n:literal, $op:tt) => {
        bin::<$t, $m, $n>($a, $b, |x, y| mask::<$m>(x $op y))
    };
}

/// Lane views of a `v128`.
#[inline(always)]
fn i8s(a: u128) -> [i8; 16] {
    cast(a)
}
#[inline(always)]
fn u8s(a: u128) -> [u8; 16] {
    cast(a)
}
#[inline(always)]
fn i16s(a: u128) -> [i16; 8] {
    cast(a)
}
#[inline(always)]
fn u16s(a: u128) -> [u16; 8] {
    cast(a)
}
#[inline(always)]
fn i32s(a: u128) -> [i32; 4] {
    cast(a)
}
#[inline(always)]
fn u32s(a: u128) -> [u32; 4] {
    cast(a)
}
#[inline(always)]
fn f32s(a: u128) -> [f32; 4] {
    cast(a)
}
#[inline(always)]
fn f64s(a: u128) -> [f64; 2] {
    cast(a)
}

/// A `match` on an op code whose every arm is a function of its own
/// (`#[inline(never)]`): the dispatching function is then only a jump
/// table and a tail call, and each operation gets the prologue it needs
/// rather than the largest any arm needs.
macro_rules! leaf_arms {
    ($op:expr; $sig:tt $call:tt -> $r:ty; { $($p:pat => $body:expr),* $(,)? }) => {
        match $op {
            $( $p => {
                #[inline(never)]
                fn leaf $sig -> $r {
                    $body
                }
                leaf $call
            } )*
        }
    };
}

/// `i8x16.narrow_i16x8_*`: lanes of `a` then `b`, saturated to `lo..=hi`.
#[inline(always)]
fn narrow8(a: u128, b: u128, lo: i32, hi: i32) -> u128 {
    let (a, b) = (i16s(a), i16s(b));
    gen::<u8, 16>(|i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        sat(x as i32, lo, hi) as u8
    })
}

/// `i16x8.narrow_i32x4_*`.
#[inline(always)]
fn narrow16(a: u128, b: u128, lo: i32, hi: i32) -> u128 {
    let (a, b) = (i32s(a), i32s(b));
    gen::<u16, 8>(|i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        sat(x, lo, hi) as u16
    })
}

/// `v128 -> v128`.
#[inline(never)]
pub(crate) fn unary(op: V128UnOp, a: u128) -> u128 {
    use V128UnOp as O;
    leaf_arms! { op; (a: u128) (a) -> u128; {
        O::V128Not => !a,
        O::I8x16Abs => un::<i8, i8, 16>(a, i8::wrapping_abs),
        O::I8x16Neg => un::<i8, i8, 16>(a, i8::wrapping_neg),
        O::I8x16Popcnt => un::<u8, u8, 16>(a, |x| x.count_ones() as u8),
        O::I16x8ExtAddPairwiseI8x16S => {
            let a = i8s(a);
            gen::<i16, 8>(|i| a[2 * i] as i16 + a[2 * i + 1] as i16)
        },
        O::I16x8ExtAddPairwiseI8x16U => {
            let a = u8s(a);
            gen::<u16, 8>(|i| a[2 * i] as u16 + a[2 * i + 1] as u16)
        },
        O::I16x8Abs => un::<i16, i16, 8>(a, i16::wrapping_abs),
        O::I16x8Neg => un::<i16, i16, 8>(a, i16::wrapping_neg),
        O::I16x8ExtendLowI8x16S => {
            let a = i8s(a);
            gen::<i16, 8>(|i| a[i] as i16)
        },
        O::I16x8ExtendHighI8x16S => {
            let a = i8s(a);
            gen::<i16, 8>(|i| a[i + 8] as i16)
        },
        O::I16x8ExtendLowI8x16U => {
            let a = u8s(a);
            gen::<u16, 8>(|i| a[i] as u16)
        },
        O::I16x8ExtendHighI8x16U => {
            let a = u8s(a);
            gen::<u16, 8>(|i| a[i + 8] as u16)
        },
        O::I32x4ExtAddPairwiseI16x8S => {
            let a = i16s(a);
            gen::<i32, 4>(|i| a[2 * i] as i32 + a[2 * i + 1] as i32)
        },
        O::I32x4ExtAddPairwiseI16x8U => {
            let a = u16s(a);
            gen::<u32, 4>(|i| a[2 * i] as u32 + a[2 * i + 1] as u32)
        },
        O::I32x4Abs => un::<i32, i32, 4>(a, i32::wrapping_abs),
        O::I32x4Neg => un::<i32, i32, 4>(a, i32::wrapping_neg),
        O::I32x4ExtendLowI16x8S => {
            let a = i16s(a);
            gen::<i32, 4>(|i| a[i] as i32)
        },
        O::I32x4ExtendHighI16x8S => {
            let a = i16s(a);
            gen::<i32, 4>(|i| a[i + 4] as i32)
        },
        O::I32x4ExtendLowI16x8U => {
            let a = u16s(a);
            gen::<u32, 4>(|i| a[i] as u32)
        },
        O::I32x4ExtendHighI16x8U => {
            let a = u16s(a);
            gen::<u32, 4>(|i| a[i + 4] as u32)
        },
        O::I64x2Abs => un::<i64, i64, 2>(a, i64::wrapping_abs),
        O::I64x2Neg => un::<i64, i64, 2>(a, i64::wrapping_neg),
        O::I64x2ExtendLowI32x4S => {
            let a = i32s(a);
            gen::<i64, 2>(|i| a[i] as i64)
        },
        O::I64x2ExtendHighI32x4S => {
            let a = i32s(a);
            gen::<i64, 2>(|i| a[i + 2] as i64)
        },
        O::I64x2ExtendLowI32x4U => {
            let a = u32s(a);
            gen::<u64, 2>(|i| a[i] as u64)
        },
        O::I64x2ExtendHighI32x4U => {
            let a = u32s(a);
            gen::<u64, 2>(|i| a[i + 2] as u64)
        },
        O::F32x4Ceil => un::<f32, f32, 4>(a, ops::f32_ceil),
        O::F32x4Floor => un::<f32, f32, 4>(a, ops::f32_floor),
        O::F32x4Trunc => un::<f32, f32, 4>(a, ops::f32_trunc),
        O::F32x4Nearest => un::<f32, f32, 4>(a, ops::f32_nearest),
        O::F32x4Abs => un::<u32, u32, 4>(a, |x| x & 0x7fff_ffff),
        O::F32x4Neg => un::<u32, u32, 4>(a, |x| x ^ 0x8000_0000),
        O::F32x4Sqrt => un::<f32, f32, 4>(a, ops::f32_sqrt),
        O::F64x2Ceil => un::<f64, f64, 2>(a, ops::f64_ceil),
        O::F64x2Floor => un::<f64, f64, 2>(a, ops::f64_floor),
        O::F64x2Trunc => un::<f64, f64, 2>(a, ops::f64_trunc),
        O::F64x2Nearest => un::<f64, f64, 2>(a, ops::f64_nearest),
        O::F64x2Abs => un::<u64, u64, 2>(a, |x| x & !(1 << 63)),
        O::F64x2Neg => un::<u64, u64, 2>(a, |x| x ^ (1 << 63)),
        O::F64x2Sqrt => un::<f64, f64, 2>(a, ops::f64_sqrt),
        O::I32x4TruncSatF32x4S | O::I32x4RelaxedTruncF32x4S => {
            un::<f32, i32, 4>(a, ops::i32_trunc_sat_f32_s)
        },
        O::I32x4TruncSatF32x4U | O::I32x4RelaxedTruncF32x4U => {
            un::<f32, i32, 4>(a, ops::i32_trunc_sat_f32_u)
        },
        O::F32x4ConvertI32x4S => un::<i32, f32, 4>(a, |x| x as f32),
        O::F32x4ConvertI32x4U => un::<u32, f32, 4>(a, |x| x as f32),
        O::I32x4TruncSatF64x2SZero | O::I32x4RelaxedTruncF64x2SZero => {
            let a = f64s(a);
            gen::<i32, 4>(|i| {
                if i < 2 {
                    ops::i32_trunc_sat_f64_s(a[i])
                } else {
                    0
                }
            })
        },
        O::I32x4TruncSatF64x2UZero | O::I32x4RelaxedTruncF64x2UZero => {
            let a = f64s(a);
            gen::<i32, 4>(|i| {
                if i < 2 {
                    ops::i32_trunc_sat_f64_u(a[i])
                } else {
                    0
                }
            })
        },
        O::F64x2ConvertLowI32x4S => {
            let a = i32s(a);
            gen::<f64, 2>(|i| a[i] as f64)
        },
        O::F64x2ConvertLowI32x4U => {
            let a = u32s(a);
            gen::<f64, 2>(|i| a[i] as f64)
        },
        O::F32x4DemoteF64x2Zero => {
            let a = f64s(a);
            gen::<f32, 4>(|i| {
                if i < 2 {
                    ops::f32_demote_f64(a[i])
                } else {
                    0.0
                }
            })
        },
        O::F64x2PromoteLowF32x4 => {
            let a = f32s(a);
            gen::<f64, 2>(|i| ops::f64_promote_f32(a[i]))
        }
    }}
}

/// Signed saturation of an `i32` to the range of `lo..=hi`.
#[inline(always)]
fn sat(x: i32, lo: i32, hi: i32) -> i32 {
    x.clamp(lo, hi)
}

/// `i16x8.q15mulr_sat_s` of one lane.
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    sat(
        (x as i32 * y as i32 + 0x4000) >> 15,
        i16::MIN as i32,
        i16::MAX as i32,
    ) as i16
}

/// `v128 v128 -> v128`.
#[inline(never)]
pub(crate) fn binary(op: V128BinOp, a: u128, b: u128) -> u128 {
    use V128BinOp as O;
    leaf_arms! { op; (a: u128, b: u128) (a, b) -> u128; {
        O::I8x16Swizzle | O::I8x16RelaxedSwizzle => {
            let (a, b) = (u8s(a), u8s(b));
            gen::<u8, 16>(|i| a.get(b[i] as usize).copied().unwrap_or(0))
        },
        O::I8x16Eq => cmp!(a, b, i8, i8, 16, ==),
        O::I8x16Ne => cmp!(a, b, i8, i8, 16, !=),
        O::I8x16LtS => cmp!(a, b, i8, i8, 16, <),
        O::I8x16LtU => cmp!(a, b, u8, i8, 16, <),
        O::I8x16GtS => cmp!(a, b, i8, i8, 16, >),
        O::I8x16GtU => cmp!(a, b, u8, i8, 16, >),
        O::I8x16LeS => cmp!(a, b, i8, i8, 16, <=),
        O::I8x16LeU => cmp!(a, b, u8, i8, 16, <=),
        O::I8x16GeS => cmp!(a, b, i8, i8, 16, >=),
        O::I8x16GeU => cmp!(a, b, u8, i8, 16, >=),
        O::I16x8Eq => cmp!(a, b, i16, i16, 8, ==),
        O::I16x8Ne => cmp!(a, b, i16, i16, 8, !=),
        O::I16x8LtS => cmp!(a, b, i16, i16, 8, <),
        O::I16x8LtU => cmp!(a, b, u16, i16, 8, <),
        O::I16x8GtS => cmp!(a, b, i16, i16, 8, >),
        O::I16x8GtU => cmp!(a, b, u16, i16, 8, >),
        O::I16x8LeS => cmp!(a, b, i16, i16, 8, <=),
        O::I16x8LeU => cmp!(a, b, u16, i16, 8, <=),
        O::I16x8GeS => cmp!(a, b, i16, i16, 8, >=),
        O::I16x8GeU => cmp!(a, b, u16, i16, 8, >=),
        O::I32x4Eq => cmp!(a, b, i32, i32, 4, ==),
        O::I32x4Ne => cmp!(a, b, i32, i32, 4, !=),
        O::I32x4LtS => cmp!(a, b, i32, i32, 4, <),
        O::I32x4LtU => cmp!(a, b, u32, i32, 4, <),
        O::I32x4GtS => cmp!(a, b, i32, i32, 4, >),
        O::I32x4GtU => cmp!(a, b, u32, i32, 4, >),
        O::I32x4LeS => cmp!(a, b, i32, i32, 4, <=),
        O::I32x4LeU => cmp!(a, b, u32, i32, 4, <=),
        O::I32x4GeS => cmp!(a, b, i32, i32, 4, >=),
        O::I32x4GeU => cmp!(a, b, u32, i32, 4, >=),
        O::I64x2Eq => cmp!(a, b, i64, i64, 2, ==),
        O::I64x2Ne => cmp!(a, b, i64, i64, 2, !=),
        O::I64x2LtS => cmp!(a, b, i64, i64, 2, <),
        O::I64x2GtS => cmp!(a, b, i64, i64, 2, >),
        O::I64x2LeS => cmp!(a, b, i64, i64, 2, <=),
        O::I64x2GeS => cmp!(a, b, i64, i64, 2, >=),
        O::F32x4Eq => cmp!(a, b, f32, i32, 4, ==),
        O::F32x4Ne => cmp!(a, b, f32, i32, 4, !=),
        O::F32x4Lt => cmp!(a, b, f32, i32, 4, <),
        O::F32x4Gt => cmp!(a, b, f32, i32, 4, >),
        O::F32x4Le => cmp!(a, b, f32, i32, 4, <=),
        O::F32x4Ge => cmp!(a, b, f32, i32, 4, >=),
        O::F64x2Eq => cmp!(a, b, f64, i64, 2, ==),
        O::F64x2Ne => cmp!(a, b, f64, i64, 2, !=),
        O::F64x2Lt => cmp!(a, b, f64, i64, 2, <),
        O::F64x2Gt => cmp!(a, b, f64, i64, 2, >),
        O::F64x2Le => cmp!(a, b, f64, i64, 2, <=),
        O::F64x2Ge => cmp!(a, b, f64, i64, 2, >=),
        O::V128And => cast(inline::v128_and(cast(a), cast(b))),
        O::V128AndNot => a & !b,
        O::V128Or => cast(inline::v128_or(cast(a), cast(b))),
        O::V128Xor => cast(inline::v128_xor(cast(a), cast(b))),
        O::I8x16NarrowI16x8S => narrow8(a, b, i8::MIN as i32, i8::MAX as i32),
        O::I8x16NarrowI16x8U => narrow8(a, b, 0, u8::MAX as i32),
        O::I8x16Add => cast(inline::i8x16_add(cast(a), cast(b))),
        O::I8x16AddSatS => bin::<i8, i8, 16>(a, b, i8::saturating_add),
        O::I8x16AddSatU => bin::<u8, u8, 16>(a, b, u8::saturating_add),
        O::I8x16Sub => cast(inline::i8x16_sub(cast(a), cast(b))),
        O::I8x16SubSatS => bin::<i8, i8, 16>(a, b, i8::saturating_sub),
        O::I8x16SubSatU => bin::<u8, u8, 16>(a, b, u8::saturating_sub),
        O::I8x16MinS => bin::<i8, i8, 16>(a, b, std::cmp::min),
        O::I8x16MinU => bin::<u8, u8, 16>(a, b, std::cmp::min),
        O::I8x16MaxS => bin::<i8, i8, 16>(a, b, std::cmp::max),
        O::I8x16MaxU => bin::<u8, u8, 16>(a, b, std::cmp::max),
        O::I8x16AvgrU => bin::<u8, u8, 16>(a, b, |x, y| ((x as u16 + y as u16).div_ceil(2)) as u8),
        O::I16x8Q15MulrSatS | O::I16x8RelaxedQ15mulrS => bin::<i16, i16, 8>(a, b, q15mulr),
        O::I16x8NarrowI32x4S => narrow16(a, b, i16::MIN as i32, i16::MAX as i32),
        O::I16x8NarrowI32x4U => narrow16(a, b, 0, u16::MAX as i32),
        O::I16x8Add => cast(inline::i16x8_add(cast(a), cast(b))),
        O::I16x8AddSatS => bin::<i16, i16, 8>(a, b, i16::saturating_add),
        O::I16x8AddSatU => bin::<u16, u16, 8>(a, b, u16::saturating_add),
        O::I16x8Sub => cast(inline::i16x8_sub(cast(a), cast(b))),
        O::I16x8SubSatS => bin::<i16, i16, 8>(a, b, i16::saturating_sub),
        O::I16x8SubSatU => bin::<u16, u16, 8>(a, b, u16::saturating_sub),
        O::I16x8Mul => cast(inline::i16x8_mul(cast(a), cast(b))),
        O::I16x8MinS => bin::<i16, i16, 8>(a, b, std::cmp::min),
        O::I16x8MinU => bin::<u16, u16, 8>(a, b, std::cmp::min),
        O::I16x8MaxS => bin::<i16, i16, 8>(a, b, std::cmp::max),
        O::I16x8MaxU => bin::<u16, u16, 8>(a, b, std::cmp::max),
        O::I16x8AvgrU => {
            bin::<u16, u16, 8>(a, b, |x, y| ((x as u32 + y as u32).div_ceil(2)) as u16)
        },
        O::I16x8ExtMulLowI8x16S => {
            let (a, b) = (i8s(a), i8s(b));
            gen::<i16, 8>(|i| a[i] as i16 * b[i] as i16)
        },
        O::I16x8ExtMulHighI8x16S => {
            let (a, b) = (i8s(a), i8s(b));
            gen::<i16, 8>(|i| a[i + 8] as i16 * b[i + 8] as i16)
        },
        O::I16x8ExtMulLowI8x16U => {
            let (a, b) = (u8s(a), u8s(b));
            gen::<u16, 8>(|i| a[i] as u16 * b[i] as u16)
        },
        O::I16x8ExtMulHighI8x16U => {
            let (a, b) = (u8s(a), u8s(b));
            gen::<u16, 8>(|i| a[i + 8] as u16 * b[i + 8] as u16)
        },
        O::I32x4Add => cast(inline::i32x4_add(cast(a), cast(b))),
        O::I32x4Sub => cast(inline::i32x4_sub(cast(a), cast(b))),
        O::I32x4Mul => bin::<u32, u32, 4>(a, b, u32::wrapping_mul),
        O::I32x4MinS => bin::<i32, i32, 4>(a, b, std::cmp::min),
        O::I32x4MinU => bin::<u32, u32, 4>(a, b, std::cmp::min),
        O::I32x4MaxS => bin::<i32, i32, 4>(a, b, std::cmp::max),
        O::I32x4MaxU => bin::<u32, u32, 4>(a, b, std::cmp::max),
        O::I32x4DotI16x8S => cast(inline::i32x4_dot_i16x8_s(cast(a), cast(b))),
        O::I32x4ExtMulLowI16x8S => {
            let (a, b) = (i16s(a), i16s(b));
            gen::<i32, 4>(|i| a[i] as i32 * b[i] as i32)
        },
        O::I32x4ExtMulHighI16x8S => {
            let (a, b) = (i16s(a), i16s(b));
            gen::<i32, 4>(|i| a[i + 4] as i32 * b[i + 4] as i32)
        },
        O::I32x4ExtMulLowI16x8U => {
            let (a, b) = (u16s(a), u16s(b));
            gen::<u32, 4>(|i| a[i] as u32 * b[i] as u32)
        },
        O::I32x4ExtMulHighI16x8U => {
            let (a, b) = (u16s(a), u16s(b));
            gen::<u32, 4>(|i| a[i + 4] as u32 * b[i + 4] as u32)
        },
        O::I64x2Add => bin::<u64, u64, 2>(a, b, u64::wrapping_add),
        O::I64x2Sub => bin::<u64, u64, 2>(a, b, u64::wrapping_sub),
        O::I64x2Mul => bin::<u64, u64, 2>(a, b, u64::wrapping_mul),
        O::I64x2ExtMulLowI32x4S => {
            let (a, b) = (i32s(a), i32s(b));
            gen::<i64, 2>(|i| a[i] as i64 * b[i] as i64)
        },
        O::I64x2ExtMulHighI32x4S => {
            let (a, b) = (i32s(a), i32s(b));
            gen::<i64, 2>(|i| a[i + 2] as i64 * b[i + 2] as i64)
        },
        O::I64x2ExtMulLowI32x4U => {
            let (a, b) = (u32s(a), u32s(b));
            gen::<u64, 2>(|i| a[i] as u64 * b[i] as u64)
        },
        O::I64x2ExtMulHighI32x4U => {
            let (a, b) = (u32s(a), u32s(b));
            gen::<u64, 2>(|i| a[i + 2] as u64 * b[i + 2] as u64)
        },
        O::F32x4Add => cast(inline::f32x4_add(cast(a), cast(b))),
        O::F32x4Sub => cast(inline::f32x4_sub(cast(a), cast(b))),
        O::F32x4Mul => cast(inline::f32x4_mul(cast(a), cast(b))),
        O::F32x4Div => bin::<f32, f32, 4>(a, b, |x, y| x / y),
        O::F32x4Min | O::F32x4RelaxedMin => bin::<f32, f32, 4>(a, b, ops::f32_min),
        O::F32x4Max | O::F32x4RelaxedMax => bin::<f32, f32, 4>(a, b, ops::f32_max),
        O::F32x4PMin => bin::<f32, f32, 4>(a, b, |x, y| if y < x { y } else { x }),
        O::F32x4PMax => bin::<f32, f32, 4>(a, b, |x, y| if x < y { y } else { x }),
        O::F64x2Add => cast(inline::f64x2_add(cast(a), cast(b))),
        O::F64x2Sub => bin::<f64, f64, 2>(a, b, |x, y| x - y),
        O::F64x2Mul => cast(inline::f64x2_mul(cast(a), cast(b))),
        O::F64x2Div => bin::<f64, f64, 2>(a, b, |x, y| x / y),
        O::F64x2Min | O::F64x2RelaxedMin => bin::<f64, f64, 2>(a, b, ops::f64_min),
        O::F64x2Max | O::F64x2RelaxedMax => bin::<f64, f64, 2>(a, b, ops::f64_max),
        O::F64x2PMin => bin::<f64, f64, 2>(a, b, |x, y| if y < x { y } else { x }),
        O::F64x2PMax => bin::<f64, f64, 2>(a, b, |x, y| if x < y { y } else { x }),
        O::I16x8RelaxedDotI8x16I7x16S => {
            let (a, b) = (i8s(a), i8s(b));
            gen::<i16, 8>(|i| {
                let p = |j: usize| a[j] as i16 * b[j] as i16;
                p(2 * i).wrapping_add(p(2 * i + 1))
            })
        }
    }}
}

/// `v128 v128 v128 -> v128`.
#[inline(never)]
pub(crate) fn ternary(op: V128TernOp, a: u128, b: u128, c: u128) -> u128 {
    use V128TernOp as O;
    leaf_arms! { op; (a: u128, b: u128, c: u128) (a, b, c) -> u128; {
        O::V128Bitselect
        | O::I8x16RelaxedLaneselect
        | O::I16x8RelaxedLaneselect
        | O::I32x4RelaxedLaneselect
        | O::I64x2RelaxedLaneselect => (a & c) | (b & !c),
        O::F32x4RelaxedMadd => {
            let (a, b, c) = (f32s(a), f32s(b), f32s(c));
            gen::<f32, 4>(|i| a[i] * b[i] + c[i])
        },
        O::F32x4RelaxedNmadd => {
            let (a, b, c) = (f32s(a), f32s(b), f32s(c));
            gen::<f32, 4>(|i| -(a[i] * b[i]) + c[i])
        },
        O::F64x2RelaxedMadd => {
            let (a, b, c) = (f64s(a), f64s(b), f64s(c));
            gen::<f64, 2>(|i| a[i] * b[i] + c[i])
        },
        O::F64x2RelaxedNmadd => {
            let (a, b, c) = (f64s(a), f64s(b), f64s(c));
            gen::<f64, 2>(|i| -(a[i] * b[i]) + c[i])
        },
        O::I32x4RelaxedDotI8x16I7x16AddS => {
            let (a, b, c): ([i8; 16], [i8; 16], [i32; 4]) = (cast(a), cast(b), cast(c));
            gen::<i32, 4>(|i| {
                (0..4).fold(c[i], |acc, j| {
                    acc.wrapping_add(a[4 * i + j] as i32 * b[4 * i + j] as i32)
                })
            })
        }
    }}
}

/// `v128 -> i32`.
#[inline(never)]
pub(crate) fn test(op: V128TestOp, a: u128) -> u32 {
    use V128TestOp as O;
    fn all<T: Pod + Default + PartialEq, const N: usize>(a: u128) -> u32
    where
        [T; N]: Pod,
    {
        let a: [T; N] = cast(a);
        a.iter().all(|x| *x != T::default()) as u32
    }
    fn bitmask<T: Pod + Default + PartialOrd, const N: usize>(a: u128) -> u32
    where
        [T; N]: Pod,
    {
        let a: [T; N] = cast(a);
        a.iter()
            .enumerate()
            .fold(0, |m, (i, x)| m | (((*x < T::default()) as u32) << i))
    }
    match op {
        O::V128AnyTrue => (a != 0) as u32,
        O::I8x16AllTrue => all::<u8, 16>(a),
        O::I16x8AllTrue => all::<u16, 8>(a),
        O::I32x4AllTrue => all::<u32, 4>(a),
        O::I64x2AllTrue => all::<u64, 2>(a),
        O::I8x16Bitmask => bitmask::<i8, 16>(a),
        O::I16x8Bitmask => bitmask::<i16, 8>(a),
        O::I32x4Bitmask => bitmask::<i32, 4>(a),
        O::I64x2Bitmask => bitmask::<i64, 2>(a),
    }
}

/// The scalar slot `x` in every lane.
#[inline(never)]
pub(crate) fn splat(op: V128SplatOp, x: u64) -> u128 {
    use V128SplatOp as O;
    match op {
        O::I8x16Splat => gen::<u8, 16>(|_| x as u8),
        O::I16x8Splat => gen::<u16, 8>(|_| x as u16),
        O::I32x4Splat | O::F32x4Splat => gen::<u32, 4>(|_| x as u32),
        O::I64x2Splat | O::F64x2Splat => gen::<u64, 2>(|_| x),
    }
}

/// Lane shifts; the count is taken modulo the lane width.
#[inline(never)]
pub(crate) fn shift(op: V128ShiftOp, a: u128, n: u32) -> u128 {
    use V128ShiftOp as O;
    leaf_arms! { op; (a: u128, n: u32) (a, n) -> u128; {
        O::I8x16Shl => un::<u8, u8, 16>(a, |x| x << (n & 7)),
        O::I8x16ShrS => un::<i8, i8, 16>(a, |x| x >> (n & 7)),
        O::I8x16ShrU => un::<u8, u8, 16>(a, |x| x >> (n & 7)),
        O::I16x8Shl => cast(inline::i16x8_shl(cast(a), n)),
        O::I16x8ShrS => cast(inline::i16x8_shr_s(cast(a), n)),
        O::I16x8ShrU => cast(inline::i16x8_shr_u(cast(a), n)),
        O::I32x4Shl => cast(inline::i32x4_shl(cast(a), n)),
        O::I32x4ShrS => cast(inline::i32x4_shr_s(cast(a), n)),
        O::I32x4ShrU => cast(inline::i32x4_shr_u(cast(a), n)),
        O::I64x2Shl => un::<u64, u64, 2>(a, |x| x << (n & 63)),
        O::I64x2ShrS => un::<i64, i64, 2>(a, |x| x >> (n & 63)),
        O::I64x2ShrU => un::<u64, u64, 2>(a, |x| x >> (n & 63)),
    }}
}

/// Lane `lane` of `a` as a scalar slot (narrow integers extended to `i32`
/// as `kind` says).
#[inline(never)]
pub(crate) fn extract(kind: LaneKind, lane: u8, a: u128) -> u64 {
    let l = lane as usize;
    match kind {
        LaneKind::I8S => cast::<u128, [i8; 16]>(a)[l] as i32 as u32 as u64,
        LaneKind::I8U => cast::<u128, [u8; 16]>(a)[l] as u64,
        LaneKind::I16S => cast::<u128, [i16; 8]>(a)[l] as i32 as u32 as u64,
        LaneKind::I16U => cast::<u128, [u16; 8]>(a)[l] as u64,
        LaneKind::I32 | LaneKind::F32 => cast::<u128, [u32; 4]>(a)[l] as u64,
        LaneKind::I64 | LaneKind::F64 => cast::<u128, [u64; 2]>(a)[l],
    }
}

/// `a` with lane `lane` replaced by the scalar slot `x`.
#[inline(never)]
pub(crate) fn replace(kind: LaneKind, lane: u8, a: u128, x: u64) -> u128 {
    let l = lane as usize;
    match kind {
        LaneKind::I8S | LaneKind::I8U => {
            let mut v: [u8; 16] = cast(a);
            v[l] = x as u8;
            cast(v)
        }
        LaneKind::I16S | LaneKind::I16U => {
            let mut v: [u16; 8] = cast(a);
            v[l] = x as u16;
            cast(v)
        }
        LaneKind::I32 | LaneKind::F32 => {
            let mut v: [u32; 4] = cast(a);
            v[l] = x as u32;
            cast(v)
        }
        LaneKind::I64 | LaneKind::F64 => {
            let mut v: [u64; 2] = cast(a);
            v[l] = x;
            cast(v)
        }
    }
}

/// `i8x16.shuffle`: byte `i` of the result is byte `mask[i]` of `a ++ b`
/// (the validator checked every index is below 32).
#[inline(never)]
pub(crate) fn shuffle(a: u128, b: u128, mask: u128) -> u128 {
    let (a, b, m): ([u8; 16], [u8; 16], [u8; 16]) = (cast(a), cast(b), cast(mask));
    gen::<u8, 16>(|i| {
        let k = (m[i] & 31) as usize;
        if k < 16 {
            a[k]
        } else {
            b[k - 16]
        }
    })
}

/// The vector `op` makes of the `op.bytes()` bytes at the start of `mem`
/// (fixed-size reads: no buffer to fill).
#[inline(never)]
pub(crate) fn load(op: V128LoadOp, mem: &[u8]) -> u128 {
    use V128LoadOp as O;
    fn bytes<const N: usize>(mem: &[u8]) -> [u8; N] {
        mem[..N].try_into().expect("N bytes")
    }
    let u64le = |mem: &[u8]| u64::from_le_bytes(bytes::<8>(mem));
    match op {
        O::Load => u128::from_le_bytes(bytes::<16>(mem)),
        O::Load32Zero => u32::from_le_bytes(bytes::<4>(mem)) as u128,
        O::Load64Zero => u64le(mem) as u128,
        O::Load8x8S => unary(V128UnOp::I16x8ExtendLowI8x16S, u64le(mem) as u128),
        O::Load8x8U => unary(V128UnOp::I16x8ExtendLowI8x16U, u64le(mem) as u128),
        O::Load16x4S => unary(V128UnOp::I32x4ExtendLowI16x8S, u64le(mem) as u128),
        O::Load16x4U => unary(V128UnOp::I32x4ExtendLowI16x8U, u64le(mem) as u128),
        O::Load32x2S => unary(V128UnOp::I64x2ExtendLowI32x4S, u64le(mem) as u128),
        O::Load32x2U => unary(V128UnOp::I64x2ExtendLowI32x4U, u64le(mem) as u128),
        O::Load8Splat => splat(V128SplatOp::I8x16Splat, mem[0] as u64),
        O::Load16Splat => splat(
            V128SplatOp::I16x8Splat,
            u16::from_le_bytes(bytes::<2>(mem)) as u64,
        ),
        O::Load32Splat => splat(
            V128SplatOp::I32x4Splat,
            u32::from_le_bytes(bytes::<4>(mem)) as u64,
        ),
        O::Load64Splat => splat(V128SplatOp::I64x2Splat, u64le(mem)),
    }
}

/// `v` with lane `lane` of `mem.len()` bytes replaced by `mem`.
#[inline(never)]
pub(crate) fn load_lane(v: u128, lane: u8, mem: &[u8]) -> u128 {
    let mut bytes = v.to_le_bytes();
    let n = mem.len();
    let at = lane as usize * n;
    bytes[at..at + n].copy_from_slice(mem);
    u128::from_le_bytes(bytes)
}

/// The bytes of lane `lane` of `v`, lanes being `out.len()` bytes wide.
#[inline(never)]
pub(crate) fn store_lane(v: u128, lane: u8, out: &mut [u8]) {
    let bytes = v.to_le_bytes();
    let n = out.len();
    let at = lane as usize * n;
    out.copy_from_slice(&bytes[at..at + n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i8x16(v: [i8; 16]) -> u128 {
        cast(v)
    }

    #[test]
    fn saturating_and_wrapping_lanes() {
        let a = i8x16([127, -128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
        let b = i8x16([1, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
        let sat: [i8; 16] = cast(binary(V128BinOp::I8x16AddSatS, a, b));
        assert_eq!(&sat[..3], &[127, -128, 2]);
        let wrap: [i8; 16] = cast(binary(V128BinOp::I8x16Add, a, b));
        assert_eq!(&wrap[..3], &[-128, 127, 2]);
        assert_eq!(wrap[15], -2);
    }

    #[test]
    fn float_min_max_follow_wasm_nan_and_zero_rules() {
        let a: u128 = cast([f32::NAN, -0.0f32, 1.0, 2.0]);
        let b: u128 = cast([1.0f32, 0.0, f32::NAN, 1.0]);
        let min: [u32; 4] = cast(binary(V128BinOp::F32x4Min, a, b));
        assert_eq!(min[0], 0x7fc0_0000);
        assert_eq!(min[1], (-0.0f32).to_bits());
        assert_eq!(min[2], 0x7fc0_0000);
        assert_eq!(min[3], 1.0f32.to_bits());
        // pmin is `b < a ? b : a`: a NaN in `a` is kept.
        let pmin: [u32; 4] = cast(binary(V128BinOp::F32x4PMin, a, b));
        assert!(f32::from_bits(pmin[0]).is_nan());
        assert_eq!(pmin[2], 1.0f32.to_bits());
    }

    #[test]
    fn narrow_bitmask_shuffle_and_lanes() {
        let a: u128 = cast([300i16, -300, 5, -5, 0, 0, 0, 0]);
        let n: [i8; 16] = cast(binary(V128BinOp::I8x16NarrowI16x8S, a, a));
        assert_eq!(&n[..4], &[127, -128, 5, -5]);
        let u: [u8; 16] = cast(binary(V128BinOp::I8x16NarrowI16x8U, a, a));
        assert_eq!(&u[..4], &[255, 0, 5, 0]);
        assert_eq!(test(V128TestOp::I16x8Bitmask, a), 0b1010);
        let x = u128::from_le_bytes(std::array::from_fn(|i| i as u8));
        let y = u128::from_le_bytes(std::array::from_fn(|i| 16 + i as u8));
        let m = u128::from_le_bytes(std::array::from_fn(|i| 31 - i as u8));
        assert_eq!(
            shuffle(x, y, m),
            u128::from_le_bytes(std::array::from_fn(|i| 31 - i as u8))
        );
        assert_eq!(
            extract(LaneKind::I8S, 17 % 16, replace(LaneKind::I8U, 1, x, 0xff)),
            0xffff_ffff
        );
        assert_eq!(load_lane(0, 1, &[1, 2]), 0x0201_0000);
    }
}
