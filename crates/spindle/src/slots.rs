//! Helpers on slots, the `u64`s that hold every value (stacks, globals,
//! tables, exception payloads; see `values.rs` for the encoding).

/// `dst.copy_from_slice(src)` for the few values of a switch or a new
/// frame's constants: straight-line code for up to four values (no loop
/// whose exit the branch predictor must guess, no `memcpy` call), a loop
/// beyond.
#[inline(always)]
pub(crate) fn copy_small(dst: &mut [u64], src: &[u64]) {
    match (dst, src) {
        ([], _) => {}
        ([d0], [s0, ..]) => *d0 = *s0,
        ([d0, d1], [s0, s1, ..]) => (*d0, *d1) = (*s0, *s1),
        ([d0, d1, d2], [s0, s1, s2, ..]) => (*d0, *d1, *d2) = (*s0, *s1, *s2),
        ([d0, d1, d2, d3], [s0, s1, s2, s3, ..]) => (*d0, *d1, *d2, *d3) = (*s0, *s1, *s2, *s3),
        (dst, src) => {
            for (d, &v) in dst.iter_mut().zip(src) {
                *d = v;
            }
        }
    }
}
