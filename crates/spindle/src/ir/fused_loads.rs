//! Loads of memory 0 with the `i32.add` that computes their address fused
//! in: `local.get p; local.get i; i32.add; i32.load8_u` is one instruction
//! (`I32Load8UAdd`) instead of two, and an `I32AddImm` likewise
//! (`I32Load8UAddImm`). Real C code indexes arrays this way all the time
//! (zlib: a tenth of its instructions). Every tier (the compiled tier
//! lowers the add and the load: `jit/lower/forms.rs`); the address is computed exactly as the
//! two instructions would (a wrapping `i32` add, then `offset` without
//! wrapping), so a fused load traps exactly when the plain one would.

use super::{Instr, Slot};

/// Calls `$m!` with `[extra arguments]` and then every fused load as
/// `(AddForm, AddImmForm, Load)`.
macro_rules! for_each_fused_load {
    (($($m:tt)*) $(, $arg:tt)*) => {
        $($m)*! {
            [$($arg)*]
            (I32LoadAdd, I32LoadAddImm, I32Load),
            (I32Load8UAdd, I32Load8UAddImm, I32Load8U),
            (I32Load8SAdd, I32Load8SAddImm, I32Load8S),
            (I32Load16UAdd, I32Load16UAddImm, I32Load16U),
            (I32Load16SAdd, I32Load16SAddImm, I32Load16S),
            (I64LoadAdd, I64LoadAddImm, I64Load),
        }
    };
}
pub(crate) use for_each_fused_load;

/// `load` (of memory 0) fused with `producer`, the instruction that wrote
/// its address: an `I32Add` or `I32AddImm` into the slot the load reads.
/// `None` if the pair has no fused form.
pub fn fuse(producer: &Instr, load: &Instr) -> Option<Instr> {
    macro_rules! fuse {
        ([] $( ($add:ident, $imm:ident, $load:ident) ),* $(,)?) => {
            match (*producer, *load) {
                $(
                    (Instr::I32Add { dst: t, a, b }, Instr::$load { dst, addr, offset })
                        if t == addr => Some(Instr::$add { dst, a, b, offset }),
                    (Instr::I32AddImm { dst: t, a, imm }, Instr::$load { dst, addr, offset })
                        if t == addr => Some(Instr::$imm { dst, a, imm, offset }),
                )*
                _ => None,
            }
        };
    }
    for_each_fused_load!((fuse))
}

/// The result slot of a fused load (`None` for any other instruction).
pub fn dst_mut(instr: &mut Instr) -> Option<&mut Slot> {
    macro_rules! dst {
        ([] $( ($add:ident, $imm:ident, $load:ident) ),* $(,)?) => {
            match instr {
                $( Instr::$add { dst, .. } | Instr::$imm { dst, .. } => Some(dst), )*
                _ => None,
            }
        };
    }
    for_each_fused_load!((dst))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuses_only_the_address_producer() {
        let add = Instr::I32Add { dst: 5, a: 1, b: 2 };
        let load = Instr::I32Load8U {
            dst: 5,
            addr: 5,
            offset: 7,
        };
        assert_eq!(
            fuse(&add, &load),
            Some(Instr::I32Load8UAdd {
                dst: 5,
                a: 1,
                b: 2,
                offset: 7
            })
        );
        let imm = Instr::I32AddImm {
            dst: 5,
            a: 1,
            imm: 3,
        };
        assert_eq!(
            fuse(&imm, &load),
            Some(Instr::I32Load8UAddImm {
                dst: 5,
                a: 1,
                imm: 3,
                offset: 7
            })
        );
        // The add wrote another slot than the address.
        let other = Instr::I32Load8U {
            dst: 5,
            addr: 4,
            offset: 7,
        };
        assert_eq!(fuse(&add, &other), None);
        // No fused form: another producer, another load.
        assert_eq!(fuse(&Instr::I32Sub { dst: 5, a: 1, b: 2 }, &load), None);
        let f32_load = Instr::F32Load {
            dst: 5,
            addr: 5,
            offset: 0,
        };
        assert_eq!(fuse(&add, &f32_load), None);
        let mut fused = fuse(&add, &load).unwrap();
        *dst_mut(&mut fused).unwrap() = 9;
        assert_eq!(
            fused,
            Instr::I32Load8UAdd {
                dst: 9,
                a: 1,
                b: 2,
                offset: 7
            }
        );
    }
}
