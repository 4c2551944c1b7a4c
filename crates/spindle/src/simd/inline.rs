//! The `v128` operations the interpreter runs inline, each with an `Instr`
//! variant of its own (`Instr::F32x4Add`, ...; the translator picks them
//! with `crate::ir::inline_v128_binary` / `inline_v128_shift`) rather than
//! through the `V128Binary`/`V128Shift` families: for the common lane
//! arithmetic a call, a second dispatch on the op code and moving the
//! operands between general and vector registers cost more than the
//! operation.
//!
//! Each takes and returns arrays of lanes, not `u128`s: the interpreter
//! reads and writes those as whole 16-byte vectors, and the compiler turns
//! the lane loops into a few vector instructions (a `u128` would make it
//! assemble the result in general registers). The families' lane
//! functions (`super::binary`, `super::shift`) call the same functions, so
//! both paths give the same bits.

/// `f` on each pair of lanes.
#[inline(always)]
fn zip<T: Copy, R, const N: usize>(a: [T; N], b: [T; N], f: impl Fn(T, T) -> R) -> [R; N] {
    std::array::from_fn(|i| f(a[i], b[i]))
}

/// `i8x16.add`.
#[inline(always)]
pub(crate) fn i8x16_add(a: [u8; 16], b: [u8; 16]) -> [u8; 16] {
    zip(a, b, u8::wrapping_add)
}

/// `i8x16.sub`.
#[inline(always)]
pub(crate) fn i8x16_sub(a: [u8; 16], b: [u8; 16]) -> [u8; 16] {
    zip(a, b, u8::wrapping_sub)
}

/// `i16x8.add`.
#[inline(always)]
pub(crate) fn i16x8_add(a: [u16; 8], b: [u16; 8]) -> [u16; 8] {
    zip(a, b, u16::wrapping_add)
}

/// `i16x8.sub`.
#[inline(always)]
pub(crate) fn i16x8_sub(a: [u16; 8], b: [u16; 8]) -> [u16; 8] {
    zip(a, b, u16::wrapping_sub)
}

/// `i16x8.mul`.
#[inline(always)]
pub(crate) fn i16x8_mul(a: [u16; 8], b: [u16; 8]) -> [u16; 8] {
    zip(a, b, u16::wrapping_mul)
}

/// `i32x4.add`.
#[inline(always)]
pub(crate) fn i32x4_add(a: [u32; 4], b: [u32; 4]) -> [u32; 4] {
    zip(a, b, u32::wrapping_add)
}

/// `i32x4.sub`.
#[inline(always)]
pub(crate) fn i32x4_sub(a: [u32; 4], b: [u32; 4]) -> [u32; 4] {
    zip(a, b, u32::wrapping_sub)
}

/// `i32x4.dot_i16x8_s`, on the `i32` lanes that hold each pair of `i16`
/// lanes (low lane in the low half): the low halves' product plus the high
/// halves', wrapping (only two products of -32768 overflow, to
/// `i32::MIN`). Written on `i32` lanes, the compiler keeps it in vector
/// registers.
#[inline(always)]
pub(crate) fn i32x4_dot_i16x8_s(a: [i32; 4], b: [i32; 4]) -> [i32; 4] {
    zip(a, b, |x, y| {
        let low = ((x << 16) >> 16).wrapping_mul((y << 16) >> 16);
        low.wrapping_add((x >> 16).wrapping_mul(y >> 16))
    })
}

/// `f32x4.add`.
#[inline(always)]
pub(crate) fn f32x4_add(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    zip(a, b, |x, y| x + y)
}

/// `f32x4.sub`.
#[inline(always)]
pub(crate) fn f32x4_sub(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    zip(a, b, |x, y| x - y)
}

/// `f32x4.mul`.
#[inline(always)]
pub(crate) fn f32x4_mul(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    zip(a, b, |x, y| x * y)
}

/// `f64x2.add`.
#[inline(always)]
pub(crate) fn f64x2_add(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    zip(a, b, |x, y| x + y)
}

/// `f64x2.mul`.
#[inline(always)]
pub(crate) fn f64x2_mul(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    zip(a, b, |x, y| x * y)
}

/// `v128.and`.
#[inline(always)]
pub(crate) fn v128_and(a: [u32; 4], b: [u32; 4]) -> [u32; 4] {
    zip(a, b, |x, y| x & y)
}

/// `v128.or`.
#[inline(always)]
pub(crate) fn v128_or(a: [u32; 4], b: [u32; 4]) -> [u32; 4] {
    zip(a, b, |x, y| x | y)
}

/// `v128.xor`.
#[inline(always)]
pub(crate) fn v128_xor(a: [u32; 4], b: [u32; 4]) -> [u32; 4] {
    zip(a, b, |x, y| x ^ y)
}

/// `i16x8.shl`: the count is taken modulo 16.
#[inline(always)]
pub(crate) fn i16x8_shl(a: [u16; 8], n: u32) -> [u16; 8] {
    a.map(|x| x << (n & 15))
}

/// `i16x8.shr_s`, modulo 16.
#[inline(always)]
pub(crate) fn i16x8_shr_s(a: [i16; 8], n: u32) -> [i16; 8] {
    a.map(|x| x >> (n & 15))
}

/// `i16x8.shr_u`, modulo 16.
#[inline(always)]
pub(crate) fn i16x8_shr_u(a: [u16; 8], n: u32) -> [u16; 8] {
    a.map(|x| x >> (n & 15))
}

/// `i32x4.shl`, modulo 32.
#[inline(always)]
pub(crate) fn i32x4_shl(a: [u32; 4], n: u32) -> [u32; 4] {
    a.map(|x| x << (n & 31))
}

/// `i32x4.shr_s`, modulo 32.
#[inline(always)]
pub(crate) fn i32x4_shr_s(a: [i32; 4], n: u32) -> [i32; 4] {
    a.map(|x| x >> (n & 31))
}

/// `i32x4.shr_u`, modulo 32.
#[inline(always)]
pub(crate) fn i32x4_shr_u(a: [u32; 4], n: u32) -> [u32; 4] {
    a.map(|x| x >> (n & 31))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_pairs_lanes_and_wraps() {
        let a: [i32; 4] = bytemuck::cast([1i16, 2, -3, 4, i16::MIN, i16::MIN, 7, -1]);
        let b: [i32; 4] = bytemuck::cast([5i16, 6, 7, -8, i16::MIN, i16::MIN, i16::MAX, 1]);
        assert_eq!(i32x4_dot_i16x8_s(a, b), [17, -53, i32::MIN, 7 * 32767 - 1]);
    }

    #[test]
    fn shift_counts_wrap_at_the_lane_width() {
        assert_eq!(i16x8_shr_s([-32768; 8], 17), [-16384; 8]);
        assert_eq!(i16x8_shl([1; 8], 31), [0x8000; 8]);
        assert_eq!(i32x4_shr_u([u32::MAX; 4], 63), [1; 4]);
        assert_eq!(i32x4_shr_s([i32::MIN; 4], 32), [i32::MIN; 4]);
    }
}
