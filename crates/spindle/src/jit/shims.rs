//! Out-of-line helpers that compiled code calls for the numeric
//! instructions it does not lower inline. They are generated from the same
//! `for_each_numeric!` lists as the interpreter's arms, so both tiers
//! compute every such instruction with the same Rust function.

use crate::ir::{Instr, Slot};
use crate::slots::SlotVal;

/// How compiled code calls a helper: the helpers' addresses and the slots.
pub(super) enum Shim {
    /// `extern "C" fn(a, b) -> result` (one operand for unary ones, three
    /// for the fused float chains).
    Pure {
        f: usize,
        dst: Slot,
        args: [Slot; 3],
        n: usize,
    },
    /// `extern "C" fn(a, [b]) -> u32`, 1 if the instruction does not trap,
    /// then `extern "C" fn(a, [b]) -> result` (called only if it does not).
    Trapping {
        ok: usize,
        f: usize,
        dst: Slot,
        args: [Slot; 2],
        n: usize,
    },
}

macro_rules! shims {
    ([chains { $( ($chn:ident, $ch1:ident, $ch2:ident, $cht:ty, $chf1:expr, $chf2:expr) ),* $(,)? }]
     binop { $( ($bn:ident, $bo:ident, $bta:ty, $btr:ty, $bf:expr) ),* $(,)? }
     trapping_binop { $( ($tbn:ident, $tbo:ident, $tbta:ty, $tbtr:ty, $tbf:expr) ),* $(,)? }
     unop { $( ($un:ident, $uo:ident, $uta:ty, $utr:ty, $uf:expr) ),* $(,)? }
     trapping_unop { $( ($tun:ident, $tuo:ident, $tuta:ty, $tutr:ty, $tuf:expr) ),* $(,)? }
     load { $($load:tt)* }
     cmp_branch { $($cmp:tt)* }
     store { $($store:tt)* }
     binop_imm { $($bi:tt)* }
     cmp_branch_imm { $($ci:tt)* }
    ) => {
        /// The helper computing `instr`, if it is a numeric instruction.
        pub(super) fn shim(instr: &Instr) -> Option<Shim> {
            match *instr {
                $( Instr::$bn { dst, a, b } => {
                    extern "C" fn f(a: u64, b: u64) -> u64 {
                        let r: $btr = ($bf)(<$bta>::from_slot(a), <$bta>::from_slot(b));
                        r.to_slot()
                    }
                    Some(Shim::Pure { f: f as extern "C" fn(u64, u64) -> u64 as usize, dst, args: [a, b, 0], n: 2 })
                } )*
                $( Instr::$chn { dst, a, b, c } => {
                    extern "C" fn f(a: u64, b: u64, c: u64) -> u64 {
                        let x: $cht = ($chf1)(<$cht>::from_slot(a), <$cht>::from_slot(b));
                        let r: $cht = ($chf2)(x, <$cht>::from_slot(c));
                        r.to_slot()
                    }
                    Some(Shim::Pure { f: f as extern "C" fn(u64, u64, u64) -> u64 as usize, dst, args: [a, b, c], n: 3 })
                } )*
                $( Instr::$un { dst, src } => {
                    extern "C" fn f(a: u64) -> u64 {
                        let r: $utr = ($uf)(<$uta>::from_slot(a));
                        r.to_slot()
                    }
                    Some(Shim::Pure { f: f as extern "C" fn(u64) -> u64 as usize, dst, args: [src, 0, 0], n: 1 })
                } )*
                $( Instr::$tbn { dst, a, b } => {
                    extern "C" fn ok(a: u64, b: u64) -> u32 {
                        let r: Result<$tbtr, _> = ($tbf)(<$tbta>::from_slot(a), <$tbta>::from_slot(b));
                        r.is_ok() as u32
                    }
                    extern "C" fn f(a: u64, b: u64) -> u64 {
                        let r: Result<$tbtr, _> = ($tbf)(<$tbta>::from_slot(a), <$tbta>::from_slot(b));
                        r.map_or(0, SlotVal::to_slot)
                    }
                    Some(Shim::Trapping {
                        ok: ok as extern "C" fn(u64, u64) -> u32 as usize,
                        f: f as extern "C" fn(u64, u64) -> u64 as usize,
                        dst, args: [a, b], n: 2,
                    })
                } )*
                $( Instr::$tun { dst, src } => {
                    extern "C" fn ok(a: u64) -> u32 {
                        let r: Result<$tutr, _> = ($tuf)(<$tuta>::from_slot(a));
                        r.is_ok() as u32
                    }
                    extern "C" fn f(a: u64) -> u64 {
                        let r: Result<$tutr, _> = ($tuf)(<$tuta>::from_slot(a));
                        r.map_or(0, SlotVal::to_slot)
                    }
                    Some(Shim::Trapping {
                        ok: ok as extern "C" fn(u64) -> u32 as usize,
                        f: f as extern "C" fn(u64) -> u64 as usize,
                        dst, args: [src, 0], n: 1,
                    })
                } )*
                _ => None,
            }
        }
    };
}

macro_rules! with_chains {
    ($( $entry:tt ),* $(,)?) => {
        crate::ir::for_each_numeric!((shims), chains, { $($entry),* });
    };
}
crate::ir::for_each_float_chain!(with_chains);
