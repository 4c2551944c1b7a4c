//! Exact WebAssembly numeric semantics as small pure functions.
//!
//! Integers are passed and returned as signed `i32`/`i64` holding the bit
//! pattern; unsigned operations reinterpret internally. Except for the pure
//! bit operations (abs, neg, copysign), which must keep NaN payloads as they
//! are, every NaN a float operation returns is quiet (an "arithmetic NaN" in
//! the spec's terms), and canonical NaN inputs give a canonical result.

use crate::trap::TrapCode;

// ---------------------------------------------------------------- integers

macro_rules! int_ops {
    ($t:ty, $u:ty, $div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident,
     $shl:ident, $shr_s:ident, $shr_u:ident, $rotl:ident, $rotr:ident,
     $clz:ident, $ctz:ident, $popcnt:ident) => {
        /// Signed division; traps on a zero divisor and on `MIN / -1`.
        #[inline]
        pub fn $div_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivideByZero)
            } else {
                a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
            }
        }

        /// Unsigned division; traps on a zero divisor.
        #[inline]
        pub fn $div_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_div(b as $u) {
                Some(q) => Ok(q as $t),
                None => Err(TrapCode::IntegerDivideByZero),
            }
        }

        /// Signed remainder (sign of the dividend); `MIN % -1` is 0.
        #[inline]
        pub fn $rem_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivideByZero)
            } else {
                Ok(a.wrapping_rem(b))
            }
        }

        /// Unsigned remainder; traps on a zero divisor.
        #[inline]
        pub fn $rem_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_rem(b as $u) {
                Some(r) => Ok(r as $t),
                None => Err(TrapCode::IntegerDivideByZero),
            }
        }

        /// Shift left, count taken modulo the width.
        #[inline]
        pub fn $shl(a: $t, b: $t) -> $t {
            a.wrapping_shl(b as u32)
        }

        /// Arithmetic shift right, count taken modulo the width.
        #[inline]
        pub fn $shr_s(a: $t, b: $t) -> $t {
            a.wrapping_shr(b as u32)
        }

        /// Logical shift right, count taken modulo the width.
        #[inline]
        pub fn $shr_u(a: $t, b: $t) -> $t {
            (a as $u).wrapping_shr(b as u32) as $t
        }

        /// Rotate left, count taken modulo the width.
        #[inline]
        pub fn $rotl(a: $t, b: $t) -> $t {
            a.rotate_left((b as u32) & (<$t>::BITS - 1))
        }

        /// Rotate right, count taken modulo the width.
        #[inline]
        pub fn $rotr(a: $t, b: $t) -> $t {
            a.rotate_right((b as u32) & (<$t>::BITS - 1))
        }

        /// Count leading zero bits.
        #[inline]
        pub fn $clz(a: $t) -> $t {
            a.leading_zeros() as $t
        }

        /// Count trailing zero bits.
        #[inline]
        pub fn $ctz(a: $t) -> $t {
            a.trailing_zeros() as $t
        }

        /// Count one bits.
        #[inline]
        pub fn $popcnt(a: $t) -> $t {
            a.count_ones() as $t
        }
    };
}

int_ops! {
    i32, u32, i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32_shl, i32_shr_s, i32_shr_u, i32_rotl,
    i32_rotr, i32_clz, i32_ctz, i32_popcnt
}
int_ops! {
    i64, u64, i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64_shl, i64_shr_s, i64_shr_u, i64_rotl,
    i64_rotr, i64_clz, i64_ctz, i64_popcnt
}

// ------------------------------------------------------------------ floats

macro_rules! float_ops {
    ($f:ty, $sign:expr, $quiet:expr, $canon:expr, $min:ident, $max:ident, $abs:ident,
     $neg:ident, $copysign:ident, $($round:ident => $method:ident),*) => {
        /// Wasm `min`: NaN if either operand is NaN; `min(-0, +0) = -0`.
        #[inline]
        pub fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                <$f>::from_bits($canon)
            } else if a == b {
                // Equal values differ in bits only for zeros of opposite sign.
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else if a < b {
                a
            } else {
                b
            }
        }

        /// Wasm `max`: NaN if either operand is NaN; `max(-0, +0) = +0`.
        #[inline]
        pub fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                <$f>::from_bits($canon)
            } else if a == b {
                <$f>::from_bits(a.to_bits() & b.to_bits())
            } else if a > b {
                a
            } else {
                b
            }
        }

        $(
            /// Rounding / square root; a NaN input gives the same NaN, quieted.
            /// (`nearest` rounds half to even and keeps the sign of zero.)
            #[inline]
            pub fn $round(x: $f) -> $f {
                if x.is_nan() {
                    <$f>::from_bits(x.to_bits() | $quiet)
                } else {
                    x.$method()
                }
            }
        )*

        /// Clear the sign bit (bit operation; NaN payload untouched).
        #[inline]
        pub fn $abs(x: $f) -> $f {
            <$f>::from_bits(x.to_bits() & !$sign)
        }

        /// Flip the sign bit (bit operation; NaN payload untouched).
        #[inline]
        pub fn $neg(x: $f) -> $f {
            <$f>::from_bits(x.to_bits() ^ $sign)
        }

        /// Magnitude of `a` with the sign of `b` (bit operation).
        #[inline]
        pub fn $copysign(a: $f, b: $f) -> $f {
            <$f>::from_bits((a.to_bits() & !$sign) | (b.to_bits() & $sign))
        }
    };
}

float_ops! {
    f32, 0x8000_0000u32, 0x0040_0000u32, 0x7fc0_0000u32, f32_min, f32_max, f32_abs, f32_neg,
    f32_copysign, f32_nearest => round_ties_even, f32_ceil => ceil, f32_floor => floor,
    f32_trunc => trunc, f32_sqrt => sqrt
}
float_ops! {
    f64, 0x8000_0000_0000_0000u64, 0x0008_0000_0000_0000u64, 0x7ff8_0000_0000_0000u64,
    f64_min, f64_max, f64_abs, f64_neg, f64_copysign, f64_nearest => round_ties_even,
    f64_ceil => ceil, f64_floor => floor, f64_trunc => trunc, f64_sqrt => sqrt
}

/// `f32.demote_f64`: round to nearest; a NaN stays a quiet NaN with the same
/// sign and the top payload bits.
#[inline]
pub fn f32_demote_f64(x: f64) -> f32 {
    if x.is_nan() {
        let b = x.to_bits();
        let sign = ((b >> 63) as u32) << 31;
        let payload = ((b >> 29) as u32) & 0x007f_ffff;
        f32::from_bits(sign | 0x7fc0_0000 | payload)
    } else {
        x as f32
    }
}

/// `f64.promote_f32`: exact; a NaN stays a quiet NaN with the same sign and
/// payload.
#[inline]
pub fn f64_promote_f32(x: f32) -> f64 {
    if x.is_nan() {
        let b = x.to_bits();
        let sign = ((b >> 31) as u64) << 63;
        let payload = ((b & 0x007f_ffff) as u64) << 29;
        f64::from_bits(sign | 0x7ff8_0000_0000_0000 | payload)
    } else {
        x as f64
    }
}

// ------------------------------------------------- float -> int, trapping

// Each range check is written so that both bounds are exactly representable
// in the source float type: for signed targets the lower bound is either
// `> MIN - 1` (when MIN - 1 is representable) or `>= MIN`; the upper bound
// is always `< 2^N` / `< 2^(N-1)`. Inside the range, `as` truncates exactly.

macro_rules! trunc_trap {
    ($name:ident, $f:ty, $via:ty, $out:ty, $ok:expr) => {
        /// Truncate toward zero; NaN and out-of-range inputs trap.
        #[inline]
        pub fn $name(x: $f) -> Result<$out, TrapCode> {
            if x.is_nan() {
                Err(TrapCode::InvalidConversionToInteger)
            } else if $ok(x) {
                Ok(x as $via as $out)
            } else {
                Err(TrapCode::IntegerOverflow)
            }
        }
    };
}

trunc_trap! {
    i32_trunc_f32_s, f32, i32, i32, |x| (-2147483648.0f32..2147483648.0f32).contains(&x)
}
trunc_trap! { i32_trunc_f32_u, f32, u32, i32, |x| x > -1.0f32 && x < 4294967296.0f32 }
trunc_trap! { i32_trunc_f64_s, f64, i32, i32, |x| x > -2147483649.0f64 && x < 2147483648.0f64 }
trunc_trap! { i32_trunc_f64_u, f64, u32, i32, |x| x > -1.0f64 && x < 4294967296.0f64 }
trunc_trap! {
    i64_trunc_f32_s, f32, i64, i64,
    |x| (-9223372036854775808.0f32..9223372036854775808.0f32).contains(&x)
}
trunc_trap! { i64_trunc_f32_u, f32, u64, i64, |x| x > -1.0f32 && x < 18446744073709551616.0f32 }
trunc_trap! {
    i64_trunc_f64_s, f64, i64, i64,
    |x| (-9223372036854775808.0f64..9223372036854775808.0f64).contains(&x)
}
trunc_trap! { i64_trunc_f64_u, f64, u64, i64, |x| x > -1.0f64 && x < 18446744073709551616.0f64 }

// ----------------------------------------------- float -> int, saturating

/// One-line conversions `x as $via as $out`. Rust's float-to-int `as`
/// saturates and maps NaN to 0, and int-to-float `as` rounds to nearest
/// even (u64 -> f32 included), exactly as Wasm requires.
macro_rules! casts {
    ($doc:literal $($name:ident($in:ty) -> $via:ty => $out:ty;)*) => {
        $(
            #[doc = $doc]
            #[inline]
            pub fn $name(x: $in) -> $out {
                x as $via as $out
            }
        )*
    };
}

casts! {
    "Truncate toward zero, saturating; NaN gives 0."
    i32_trunc_sat_f32_s(f32) -> i32 => i32;
    i32_trunc_sat_f32_u(f32) -> u32 => i32;
    i32_trunc_sat_f64_s(f64) -> i32 => i32;
    i32_trunc_sat_f64_u(f64) -> u32 => i32;
    i64_trunc_sat_f32_s(f32) -> i64 => i64;
    i64_trunc_sat_f32_u(f32) -> u64 => i64;
    i64_trunc_sat_f64_s(f64) -> i64 => i64;
    i64_trunc_sat_f64_u(f64) -> u64 => i64;
}

casts! {
    "Convert an integer to float, rounding to nearest even."
    f32_convert_i32_s(i32) -> i32 => f32;
    f32_convert_i32_u(i32) -> u32 => f32;
    f32_convert_i64_s(i64) -> i64 => f32;
    f32_convert_i64_u(i64) -> u64 => f32;
    f64_convert_i32_s(i32) -> i32 => f64;
    f64_convert_i32_u(i32) -> u32 => f64;
    f64_convert_i64_s(i64) -> i64 => f64;
    f64_convert_i64_u(i64) -> u64 => f64;
}

casts! {
    "Sign-extension, wrapping and widening between integer types."
    i32_extend8_s(i32) -> i8 => i32;
    i32_extend16_s(i32) -> i16 => i32;
    i64_extend8_s(i64) -> i8 => i64;
    i64_extend16_s(i64) -> i16 => i64;
    i64_extend32_s(i64) -> i32 => i64;
    i32_wrap_i64(i64) -> i32 => i32;
    i64_extend_i32_s(i32) -> i32 => i64;
    i64_extend_i32_u(i32) -> u32 => i64;
}

// -------------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;
    use TrapCode::*;
    const OV: TrapCode = IntegerOverflow;
    const INV: TrapCode = InvalidConversionToInteger;
    const DIV0: TrapCode = IntegerDivideByZero;
    const SNAN32: u32 = 0x7fa0_0000; // nan:0x200000 (signalling)
    const SNAN64: u64 = 0x7ff4_0000_0000_0000; // nan:0x4000000000000 (signalling)

    fn f(b: u32) -> f32 {
        f32::from_bits(b)
    }
    fn d(b: u64) -> f64 {
        f64::from_bits(b)
    }
    /// Quiet NaN of either sign ("arithmetic"); with `canon`, payload exactly the quiet bit.
    fn nan32(x: f32, canon: bool) -> bool {
        let m = if canon { 0x7fff_ffff } else { 0x7fc0_0000 };
        x.to_bits() & m == 0x7fc0_0000
    }
    fn nan64(x: f64, canon: bool) -> bool {
        let m = if canon {
            0x7fff_ffff_ffff_ffff
        } else {
            0x7ff8_0000_0000_0000
        };
        x.to_bits() & m == 0x7ff8_0000_0000_0000
    }

    /// `eq! { a => b; ... }` asserts equality; `bits! { .. }` compares float bits.
    macro_rules! eq {
        ($($a:expr => $b:expr;)*) => { $( assert_eq!($a, $b, "{}", stringify!($a)); )* };
    }
    macro_rules! bits {
        ($($a:expr => $b:expr;)*) => {
            $( assert_eq!($a.to_bits(), $b.to_bits(), "{}", stringify!($a)); )*
        };
    }

    #[test]
    fn int_div_rem() {
        for op in [i32_div_s, i32_div_u, i32_rem_s, i32_rem_u] {
            eq! { op(1, 0) => Err(DIV0); op(i32::MIN, 0) => Err(DIV0); op(0, 0) => Err(DIV0); }
        }
        for op in [i64_div_s, i64_div_u, i64_rem_s, i64_rem_u] {
            eq! { op(1, 0) => Err(DIV0); op(i64::MIN, 0) => Err(DIV0); op(0, 0) => Err(DIV0); }
        }
        eq! {
            i32_div_s(i32::MIN, -1) => Err(OV); i32_div_s(i32::MIN, 2) => Ok(-0x4000_0000);
            i32_div_s(-5, 2) => Ok(-2); i32_div_u(i32::MIN, -1) => Ok(0);
            i32_div_u(-5, 2) => Ok(0x7fff_fffd); i32_rem_s(i32::MIN, -1) => Ok(0);
            i32_rem_s(-7, 3) => Ok(-1); i32_rem_s(7, -3) => Ok(1); i32_rem_u(-5, 2) => Ok(1);
            i64_div_s(i64::MIN, -1) => Err(OV);
            i64_div_s(0x8000_0000_0000_0001u64 as i64, 1000) => Ok(0xffdf_3b64_5a1c_ac09u64 as i64);
            i64_div_u(i64::MIN, 2) => Ok(0x4000_0000_0000_0000);
            i64_rem_s(i64::MIN, -1) => Ok(0); i64_rem_s(i64::MAX, -1) => Ok(0);
            i64_rem_s(0x8000_0000_0000_0001u64 as i64, 1000) => Ok(-807);
            i64_rem_u(i64::MIN, -1) => Ok(i64::MIN);
        }
    }

    #[test]
    fn int_shifts_bits_extends() {
        eq! {
            i32_shl(1, 32) => 1; i32_shl(1, 31) => i32::MIN; i32_shr_s(-1, 33) => -1;
            i32_shr_s(i32::MIN, 31) => -1; i32_shr_u(-1, 1) => 0x7fff_ffff; i32_shr_u(-1, -1) => 1;
            i32_rotl(0xabcd_9876u32 as i32, 1) => 0x579b_30ed; i32_rotl(0x8000, 37) => 0x0010_0000;
            i32_rotl(0xb0c1_d2e3u32 as i32, 0xff05) => 0x183a_5c76;
            i32_rotl(0x769a_bcdf, 0xffff_ffedu32 as i32) => 0x579b_eed3;
            i32_rotl(0x769a_bcdf, 0x8000_000du32 as i32) => 0x579b_eed3;
            i32_rotr(1, 1) => i32::MIN; i32_rotr(0xff00_cc00u32 as i32, 1) => 0x7f80_6600;
            i64_shl(1, 64) => 1; i64_shr_s(-1, i64::MIN) => -1; i64_shr_s(1, -1) => 0;
            i64_shr_u(i64::MIN, 63) => 1; i64_rotl(1, 65) => 2; i64_rotr(1, -1) => 2;
            i64_rotl(1, i64::MIN) => 1;
            (i32_clz(0), i32_ctz(0), i32_popcnt(-1)) => (32, 32, 32);
            (i64_clz(1), i64_ctz(i64::MIN), i64_popcnt(-1)) => (63, 63, 64);
            i32_extend8_s(0x80) => -128; i32_extend8_s(0x0123_4580) => -128;
            i32_extend8_s(0x7f) => 127; i32_extend16_s(0x8000) => -32768;
            i32_extend16_s(0x0123_7fff) => 32767;
            i64_extend8_s(0xfedc_ba98_7654_3280u64 as i64) => -0x80;
            i64_extend8_s(0x0123_4567_89ab_cd00) => 0; i64_extend16_s(0x8000) => -32768;
            i64_extend32_s(0x8000_0000) => -0x8000_0000;
            i64_extend32_s(0x0123_4567_7fff_ffff) => 0x7fff_ffff;
            i32_wrap_i64(0x1_8000_0000) => i32::MIN; i64_extend_i32_u(-1) => 0xffff_ffff;
            i64_extend_i32_s(-1) => -1;
        }
    }

    #[test]
    fn min_max() {
        let (p, n) = (0.0f32, -0.0f32);
        bits! {
            f32_min(n, p) => n; f32_min(p, n) => n; f32_min(p, p) => p; f32_min(n, n) => n;
            f32_max(n, p) => p; f32_max(p, n) => p; f32_max(n, n) => n; f32_max(p, p) => p;
            f32_min(p, -f(1)) => -f(1); f32_min(n, f(1)) => n; f32_max(n, -f(1)) => n;
            f32_max(-1.0f32, f32::NEG_INFINITY) => -1.0f32;
        }
        for nan in [f32::NAN, -f32::NAN, f(SNAN32), -f(SNAN32)] {
            for x in [1.0, n, f32::INFINITY, nan] {
                assert!(nan32(f32_min(nan, x), true) && nan32(f32_min(x, nan), true));
                assert!(nan32(f32_max(nan, x), true) && nan32(f32_max(x, nan), true));
            }
        }
        let (p, n) = (0.0f64, -0.0f64);
        bits! {
            f64_min(n, p) => n; f64_min(p, n) => n; f64_max(n, p) => p; f64_max(p, n) => p;
            f64_min(f64::INFINITY, 2.0f64) => 2.0f64; f64_max(n, -d(1)) => n;
        }
        for nan in [f64::NAN, -f64::NAN, d(SNAN64), -d(SNAN64)] {
            for x in [1.0, n, f64::NEG_INFINITY, nan] {
                assert!(nan64(f64_min(nan, x), true) && nan64(f64_min(x, nan), true));
                assert!(nan64(f64_max(nan, x), true) && nan64(f64_max(x, nan), true));
            }
        }
    }

    #[test]
    fn nearest_and_rounding() {
        bits! {
            f32_nearest(-0.0) => -0.0f32; f32_nearest(-0.5) => -0.0f32;
            f32_nearest(-f(1)) => -0.0f32; f32_nearest(0.5) => 0.0f32;
            f32_nearest(4.5) => 4.0f32; f32_nearest(-4.5) => -4.0f32; f32_nearest(-3.5) => -4.0f32;
            f32_nearest(f(0x3eff_ffff)) => 0.0f32; // 0x1.fffffep-2
            f32_nearest(f(0x4b00_0001)) => f(0x4b00_0001); // 0x1.000002p+23
            f32_nearest(f(0x4aff_ffff)) => 8388608.0f32; // 0x1.fffffep+22
            f32_nearest(-f(0x4aff_ffff)) => -8388608.0f32;
            f32_nearest(f32::MAX) => f32::MAX; f32_nearest(f32::NEG_INFINITY) => f32::NEG_INFINITY;
            f64_nearest(-0.0) => -0.0f64; f64_nearest(-0.5) => -0.0f64;
            f64_nearest(-4.5) => -4.0f64; f64_nearest(2.5) => 2.0f64;
            f64_nearest(d(0x3fdf_ffff_ffff_ffff)) => 0.0f64; // 0x1.fffffffffffffp-2
            f64_nearest(d(0x432f_ffff_ffff_ffff)) => 4503599627370496.0f64;
            f64_nearest(d(0x4330_0000_0000_0001)) => 4503599627370497.0f64;
            f32_ceil(-0.5) => -0.0f32; f64_trunc(-0.9) => -0.0f64; f64_floor(-0.5) => -1.0f64;
            f64_sqrt(-0.0) => -0.0f64; f32_sqrt(4.0) => 2.0f32;
        }
        for op in [f32_nearest, f32_ceil, f32_floor, f32_trunc, f32_sqrt] {
            assert!(nan32(op(f(SNAN32)), false) && nan32(op(-f(SNAN32)), false));
            assert!(nan32(op(f32::NAN), true) && nan32(op(-f32::NAN), true));
        }
        for op in [f64_nearest, f64_ceil, f64_floor, f64_trunc, f64_sqrt] {
            assert!(nan64(op(d(SNAN64)), false) && nan64(op(-d(SNAN64)), false));
            assert!(nan64(op(f64::NAN), true) && nan64(op(-f64::NAN), true));
        }
        assert!(f32_sqrt(-1.0).is_nan() && f64_sqrt(-1.0).is_nan());
    }

    #[test]
    fn sign_ops() {
        bits! {
            f32_abs(f(0xffa0_0001)) => f(0x7fa0_0001); f32_neg(f(SNAN32)) => f(0xffa0_0000);
            f32_neg(0.0) => -0.0f32; f32_copysign(f(SNAN32), -1.0) => f(0xffa0_0000);
            f32_copysign(2.0, -f32::NAN) => -2.0f32;
            f64_abs(d(0xfff4_0000_0000_0001)) => d(0x7ff4_0000_0000_0001);
            f64_neg(d(SNAN64)) => d(0xfff4_0000_0000_0000); f64_copysign(-3.0, 0.0) => 3.0f64;
        }
    }

    #[test]
    fn trunc_trapping() {
        eq! {
            i32_trunc_f32_s(-2147483648.0) => Ok(i32::MIN);
            i32_trunc_f32_s(2147483520.0) => Ok(2147483520);
            i32_trunc_f32_s(-1.9) => Ok(-1); i32_trunc_f32_s(-f(1)) => Ok(0);
            i32_trunc_f32_s(2147483648.0) => Err(OV); i32_trunc_f32_s(-2147483904.0) => Err(OV);
            i32_trunc_f32_s(f32::INFINITY) => Err(OV);
            i32_trunc_f32_s(f32::NEG_INFINITY) => Err(OV);
            i32_trunc_f32_u(2147483648.0) => Ok(i32::MIN);
            i32_trunc_f32_u(4294967040.0) => Ok(-256);
            i32_trunc_f32_u(f(0xbf7f_ffff)) => Ok(0); // -0x1.fffffep-1
            i32_trunc_f32_u(4294967296.0) => Err(OV); i32_trunc_f32_u(-1.0) => Err(OV);
            i32_trunc_f64_s(2147483647.0) => Ok(i32::MAX);
            i32_trunc_f64_s(-2147483648.9) => Ok(i32::MIN);
            i32_trunc_f64_s(2147483647.9) => Ok(i32::MAX);
            i32_trunc_f64_s(2147483648.0) => Err(OV); i32_trunc_f64_s(-2147483649.0) => Err(OV);
            i32_trunc_f64_u(-0.9) => Ok(0); i32_trunc_f64_u(d(0xbfef_ffff_ffff_ffff)) => Ok(0);
            i32_trunc_f64_u(4294967295.9) => Ok(-1); i32_trunc_f64_u(1e8) => Ok(100000000);
            i32_trunc_f64_u(4294967296.0) => Err(OV); i32_trunc_f64_u(-1.0) => Err(OV);
            i32_trunc_f64_u(9223372036854775808.0) => Err(OV);
            i64_trunc_f32_s(-4294967296.0) => Ok(-4294967296);
            i64_trunc_f32_s(9223371487098961920.0) => Ok(9223371487098961920);
            i64_trunc_f32_s(-9223372036854775808.0) => Ok(i64::MIN);
            i64_trunc_f32_s(9223372036854775808.0) => Err(OV);
            i64_trunc_f32_s(-9223373136366403584.0) => Err(OV);
            i64_trunc_f32_u(18446742974197923840.0) => Ok(-1099511627776);
            i64_trunc_f32_u(f(0xbf7f_ffff)) => Ok(0);
            i64_trunc_f32_u(18446744073709551616.0) => Err(OV); i64_trunc_f32_u(-1.0) => Err(OV);
            i64_trunc_f64_s(9223372036854774784.0) => Ok(9223372036854774784);
            i64_trunc_f64_s(-9223372036854775808.0) => Ok(i64::MIN);
            i64_trunc_f64_s(9223372036854775808.0) => Err(OV);
            i64_trunc_f64_s(-9223372036854777856.0) => Err(OV);
            i64_trunc_f64_u(18446744073709549568.0) => Ok(-2048);
            i64_trunc_f64_u(9223372036854775808.0) => Ok(i64::MIN);
            i64_trunc_f64_u(1e16) => Ok(10000000000000000); i64_trunc_f64_u(-0.9) => Ok(0);
            i64_trunc_f64_u(18446744073709551616.0) => Err(OV); i64_trunc_f64_u(-1.0) => Err(OV);
            i64_trunc_f64_u(f64::NEG_INFINITY) => Err(OV);
        }
        for n in [f32::NAN, -f32::NAN, f(SNAN32), -f(SNAN32)] {
            eq! { i32_trunc_f32_s(n) => Err(INV); i32_trunc_f32_u(n) => Err(INV); }
            eq! { i64_trunc_f32_s(n) => Err(INV); i64_trunc_f32_u(n) => Err(INV); }
        }
        for n in [f64::NAN, -f64::NAN, d(SNAN64), -d(SNAN64)] {
            eq! { i32_trunc_f64_s(n) => Err(INV); i32_trunc_f64_u(n) => Err(INV); }
            eq! { i64_trunc_f64_s(n) => Err(INV); i64_trunc_f64_u(n) => Err(INV); }
        }
    }

    #[test]
    fn trunc_saturating() {
        eq! {
            i32_trunc_sat_f32_s(f32::INFINITY) => i32::MAX;
            i32_trunc_sat_f32_s(f32::NEG_INFINITY) => i32::MIN;
            i32_trunc_sat_f32_s(-f32::NAN) => 0; i32_trunc_sat_f32_u(4294967296.0) => -1;
            i32_trunc_sat_f32_u(-1.0) => 0; i32_trunc_sat_f64_s(-2147483649.0) => i32::MIN;
            i32_trunc_sat_f64_u(4294967295.9) => -1; i32_trunc_sat_f64_u(f64::NAN) => 0;
            i64_trunc_sat_f32_s(9223372036854775808.0) => i64::MAX;
            i64_trunc_sat_f32_u(18446742974197923840.0) => -1099511627776;
            i64_trunc_sat_f64_s(f64::NEG_INFINITY) => i64::MIN;
            i64_trunc_sat_f64_u(18446744073709551616.0) => -1;
            i64_trunc_sat_f64_u(9223372036854775808.0) => i64::MIN;
            i64_trunc_sat_f64_u(-d(SNAN64)) => 0;
        }
    }

    #[test]
    fn conversions() {
        bits! {
            f32_convert_i32_s(i32::MAX) => 2147483648.0f32;
            f32_convert_i32_u(-1) => 4294967296.0f32;
            f32_convert_i64_s(16777217) => 16777216.0f32;
            f32_convert_i64_u(-1) => 18446744073709551616.0f32;
            f32_convert_i64_u(16777219) => 16777220.0f32;
            f32_convert_i64_u(0x0020_0000_2000_0001) => f(0x5a00_0001); // 0x1.000002p+53
            f32_convert_i64_u(0x7fff_ffbf_ffff_ffff) => f(0x5eff_ffff); // 0x1.fffffep+62
            f32_convert_i64_u(0x8000_0080_0000_0001u64 as i64) => f(0x5f00_0001);
            f32_convert_i64_u(0xffff_fe80_0000_0001u64 as i64) => f(0x5f7f_ffff);
            f64_convert_i32_u(-1) => 4294967295.0f64;
            f64_convert_i32_s(i32::MIN) => -2147483648.0f64;
            f64_convert_i64_s(9007199254740993) => 9007199254740992.0f64;
            f64_convert_i64_u(9007199254740995) => 9007199254740996.0f64;
            f64_convert_i64_u(0x8000_0000_0000_0401u64 as i64) => d(0x43e0_0000_0000_0001);
            f64_convert_i64_u(0xffff_ffff_ffff_f400u64 as i64) => d(0x43ef_ffff_ffff_fffe);
            f32_demote_f64(-0.0) => -0.0f32; f32_demote_f64(-d(1)) => -0.0f32;
            f32_demote_f64(d(0x380f_ffff_e000_0000)) => f32::MIN_POSITIVE; // 0x1.fffffe0000000p-127
            f32_demote_f64(d(0x47ef_ffff_d000_0000)) => f(0x7f7f_fffe); // 0x1.fffffd0000000p+127
            f32_demote_f64(d(0x47ef_ffff_d000_0001)) => f32::MAX;
            f32_demote_f64(d(0x47ef_ffff_f000_0000)) => f32::INFINITY;
            f64_promote_f32(f(1)) => d(0x36a0_0000_0000_0000); f64_promote_f32(-0.0) => -0.0f64;
            f64_promote_f32(f32::MAX) => f32::MAX as f64;
        }
        assert!(nan32(f32_demote_f64(f64::NAN), true) && nan32(f32_demote_f64(-f64::NAN), true));
        assert!(nan32(f32_demote_f64(d(SNAN64)), false));
        assert!(nan32(f32_demote_f64(-d(SNAN64)), false));
        assert!(nan64(f64_promote_f32(f32::NAN), true) && nan64(f64_promote_f32(-f32::NAN), true));
        assert!(nan64(f64_promote_f32(f(SNAN32)), false));
        assert!(nan64(f64_promote_f32(-f(SNAN32)), false));
    }
}
