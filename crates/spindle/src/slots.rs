//! Helpers on slots, the `u64`s that hold every value (stacks, globals,
//! tables, exception payloads; see `values.rs` for the encoding).

/// `dst.copy_from_slice(src)` for the few values of a switch or a new
/// frame's locals and constants: straight-line code for up to four values
/// (no loop whose exit the branch predictor must guess, no `memcpy` call),
/// `memcpy` beyond (an element-wise loop cost Lua's interpreter, whose
/// frames have dozens of locals, 2.7% of its instructions).
#[inline(always)]
pub(crate) fn copy_small(dst: &mut [u64], src: &[u64]) {
    match (dst, src) {
        ([], _) => {}
        ([d0], [s0, ..]) => *d0 = *s0,
        ([d0, d1], [s0, s1, ..]) => (*d0, *d1) = (*s0, *s1),
        ([d0, d1, d2], [s0, s1, s2, ..]) => (*d0, *d1, *d2) = (*s0, *s1, *s2),
        ([d0, d1, d2, d3], [s0, s1, s2, s3, ..]) => (*d0, *d1, *d2, *d3) = (*s0, *s1, *s2, *s3),
        (dst, src) => dst.copy_from_slice(&src[..dst.len()]),
    }
}

/// A slot's value viewed as a typed Wasm value.
pub(crate) trait SlotVal: Sized {
    fn from_slot(s: u64) -> Self;
    fn to_slot(self) -> u64;
}
impl SlotVal for i32 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        s as u32 as i32
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u32 as u64
    }
}
impl SlotVal for i64 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        s as i64
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u64
    }
}
impl SlotVal for f32 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        f32::from_bits(s as u32)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits() as u64
    }
}
impl SlotVal for f64 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        f64::from_bits(s)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits()
    }
}
