//! The compiled tier's helpers for the `v128` operators it does not lower
//! to Cranelift's (`jit/lower/simd.rs`, through `CallHooks::simd_*`):
//! `extern "C"` functions taking the operator's code (`op as usize`
//! indexes its family's `ALL`) and each `v128` as two halves, computing it
//! with this module's functions, as the interpreter does.

use crate::ir::{V128BinOp, V128TernOp, V128UnOp};

/// A `v128` result as a helper returns it (in two registers).
#[repr(C)]
pub(crate) struct Halves {
    lo: u64,
    hi: u64,
}

fn halves(v: u128) -> Halves {
    Halves {
        lo: v as u64,
        hi: (v >> 64) as u64,
    }
}

fn join(lo: u64, hi: u64) -> u128 {
    lo as u128 | (hi as u128) << 64
}

pub(crate) extern "C" fn unary(op: u64, a0: u64, a1: u64) -> Halves {
    halves(super::unary(V128UnOp::ALL[op as usize], join(a0, a1)))
}

pub(crate) extern "C" fn binary(op: u64, a0: u64, a1: u64, b0: u64, b1: u64) -> Halves {
    let (a, b) = (join(a0, a1), join(b0, b1));
    halves(super::binary(V128BinOp::ALL[op as usize], a, b))
}

pub(crate) extern "C" fn ternary(
    op: u64,
    a0: u64,
    a1: u64,
    b0: u64,
    b1: u64,
    c0: u64,
    c1: u64,
) -> Halves {
    let (a, b, c) = (join(a0, a1), join(b0, b1), join(c0, c1));
    halves(super::ternary(V128TernOp::ALL[op as usize], a, b, c))
}
