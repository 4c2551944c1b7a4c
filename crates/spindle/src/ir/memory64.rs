//! Accesses to 64-bit memories (memory64). Their addresses are full `i64`
//! values, so they get their own instructions (`Instr::Load64`,
//! `Instr::Store64`, `Instr::AddrOffset64`) instead of widening the
//! address computation of the 32-bit loads and stores, which stay as they
//! are. One instruction per direction carries the access's kind, made from
//! the same `load`/`store` lists of `for_each_numeric!` as the 32-bit ones.

/// Bits of `Load64::op`/`Store64::op` that hold the kind; the memory index
/// is above them (validation allows at most 100 memories).
pub const KIND_BITS: u32 = 8;

/// `op` of a `Load64`/`Store64`: `kind` of memory `mem`.
pub fn pack_op(kind: u8, mem: u32) -> Option<u32> {
    (mem < 1 << (32 - KIND_BITS)).then_some(mem << KIND_BITS | kind as u32)
}

/// The kind and memory index of a `Load64`/`Store64` `op`.
#[inline(always)]
pub fn unpack_op(op: u32) -> (u8, u32) {
    (op as u8, op >> KIND_BITS)
}

macro_rules! access_kinds {
    ([]
     binop { $($b:tt)* }
     trapping_binop { $($tb:tt)* }
     unop { $($u:tt)* }
     trapping_unop { $($tu:tt)* }
     load { $( ($ln:ident, $lo:ident, $lb:literal, $lf:expr) ),* $(,)? }
     cmp_branch { $($cb:tt)* }
     store { $( ($sn:ident, $so:ident, $sb:literal) ),* $(,)? }
    ) => {
        /// What a `Load64` loads: one of the 32-bit loads' instructions.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names)]
        pub enum LoadKind {
            $( $ln, )*
        }

        impl LoadKind {
            const ALL: &[LoadKind] = &[$( LoadKind::$ln, )*];

            /// The kind of load operator `op`, if it is one.
            pub fn of(op: &wasmparser::Operator<'_>) -> Option<(LoadKind, wasmparser::MemArg)> {
                match *op {
                    $( wasmparser::Operator::$lo { memarg } => Some((LoadKind::$ln, memarg)), )*
                    _ => None,
                }
            }

            /// The kind stored in an instruction.
            #[inline(always)]
            pub fn from_u8(k: u8) -> LoadKind {
                LoadKind::ALL[k as usize]
            }

            /// Bytes read.
            pub fn width(self) -> usize {
                match self {
                    $( LoadKind::$ln => $lb, )*
                }
            }

            /// Loads from `data` at `ea` (in bounds for `width` bytes): the
            /// slot value.
            #[inline(always)]
            pub fn load(self, data: &[u8], ea: usize) -> u64 {
                match self {
                    $( LoadKind::$ln => {
                        let bytes: [u8; $lb] = data[ea..ea + $lb].try_into().unwrap();
                        ($lf)(bytes)
                    } )*
                }
            }
        }

        /// What a `Store64` stores: one of the 32-bit stores' instructions.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names)]
        pub enum StoreKind {
            $( $sn, )*
        }

        impl StoreKind {
            const ALL: &[StoreKind] = &[$( StoreKind::$sn, )*];

            /// The kind of store operator `op`, if it is one.
            pub fn of(op: &wasmparser::Operator<'_>) -> Option<(StoreKind, wasmparser::MemArg)> {
                match *op {
                    $( wasmparser::Operator::$so { memarg } => Some((StoreKind::$sn, memarg)), )*
                    _ => None,
                }
            }

            /// The kind stored in an instruction.
            #[inline(always)]
            pub fn from_u8(k: u8) -> StoreKind {
                StoreKind::ALL[k as usize]
            }

            /// Bytes written: the low `width` bytes of the value.
            pub fn width(self) -> usize {
                match self {
                    $( StoreKind::$sn => $sb, )*
                }
            }
        }
    };
}
crate::ir::for_each_numeric!((access_kinds));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_round_trip() {
        let op = pack_op(LoadKind::I64Load32S as u8, 99).unwrap();
        assert_eq!(unpack_op(op), (LoadKind::I64Load32S as u8, 99));
        assert_eq!(
            LoadKind::from_u8(LoadKind::I64Load32S as u8),
            LoadKind::I64Load32S
        );
        assert_eq!(
            StoreKind::from_u8(StoreKind::I64Store16 as u8),
            StoreKind::I64Store16
        );
        assert_eq!(LoadKind::I64Load16S.width(), 2);
        assert_eq!(LoadKind::I32Load8S.load(&[0x80], 0), 0xffff_ff80);
        assert!(pack_op(0, 1 << 24).is_none());
    }
}
