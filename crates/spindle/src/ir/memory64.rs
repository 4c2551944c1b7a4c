//! Accesses to 64-bit memories (memory64). Their addresses are full `i64`
//! values, so they get their own instructions (`Instr::Load64`,
//! `Instr::Store64`, `Instr::AddrOffset64`) instead of widening the
//! address computation of the 32-bit loads and stores, which stay as they
//! are. One instruction per direction carries the access's kind, made from
//! the same `load`/`store` lists of `for_each_numeric!` as the 32-bit ones.
//! The `v128` accesses share one more (`Instr::V128Access64`, `V128Access`).

use crate::ir::{Slot, V128LoadOp};

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
     binop_imm { $($bi:tt)* }
     cmp_branch_imm { $($ci:tt)* }
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

/// What an `Instr::V128Access64` does with the vector in its `val` slots;
/// its `op` packs this (`to_u8`) with the memory index (`pack_op`), as for
/// `Load64`/`Store64`, so `Instr` stays 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V128Access {
    /// A `v128.load*` form: the vector read goes to `val`.
    Load(V128LoadOp),
    /// `v128.store` of the vector in `val`.
    Store,
    /// `v128.loadN_lane` (`bytes` = N / 8): the vector in `val` with lane
    /// `lane` read from memory, which goes to the address's slot (the
    /// address is operand `base`, the vector `base + 1`, as for
    /// `Instr::V128LoadLane`).
    LoadLane { bytes: u8, lane: u8 },
    /// `v128.storeN_lane`: lane `lane` of the vector in `val`.
    StoreLane { bytes: u8, lane: u8 },
}

/// First codes of `V128Access::to_u8`: the load forms are `0..STORE`,
/// then `Store`, then 64 codes per lane direction (width, lane).
const STORE: u8 = V128LoadOp::ALL.len() as u8;
const LOAD_LANE: u8 = STORE + 1;
const STORE_LANE: u8 = LOAD_LANE + 64;

impl V128Access {
    /// The access as one byte (see `from_u8`).
    pub fn to_u8(self) -> u8 {
        let lane_code = |bytes: u8, lane: u8| (bytes.trailing_zeros() as u8) << 4 | lane;
        match self {
            V128Access::Load(op) => op as u8,
            V128Access::Store => STORE,
            V128Access::LoadLane { bytes, lane } => LOAD_LANE + lane_code(bytes, lane),
            V128Access::StoreLane { bytes, lane } => STORE_LANE + lane_code(bytes, lane),
        }
    }

    /// The access of a code made by `to_u8`.
    #[inline(always)]
    pub fn from_u8(k: u8) -> V128Access {
        let lane = |c: u8| (1 << (c >> 4), c & 15);
        match k {
            _ if k < STORE => V128Access::Load(V128LoadOp::ALL[k as usize]),
            STORE => V128Access::Store,
            _ if k < STORE_LANE => {
                let (bytes, lane) = lane(k - LOAD_LANE);
                V128Access::LoadLane { bytes, lane }
            }
            _ => {
                let (bytes, lane) = lane(k - STORE_LANE);
                V128Access::StoreLane { bytes, lane }
            }
        }
    }

    /// Bytes of memory accessed.
    pub fn width(self) -> usize {
        match self {
            V128Access::Load(op) => op.bytes(),
            V128Access::Store => 16,
            V128Access::LoadLane { bytes, .. } | V128Access::StoreLane { bytes, .. } => {
                bytes as usize
            }
        }
    }

    /// Where the vector a load produces goes, given the instruction's
    /// `val` and `addr` slots.
    #[inline(always)]
    pub fn dst(self, val: Slot, addr: Slot) -> Slot {
        match self {
            V128Access::LoadLane { .. } => addr,
            _ => val,
        }
    }
}

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
        assert_eq!(V128Access::Load(V128LoadOp::Load16Splat).width(), 2);
        assert_eq!(V128Access::Store.width(), 16);
        let lane = V128Access::LoadLane { bytes: 4, lane: 1 };
        assert_eq!((lane.width(), lane.dst(7, 6)), (4, 6));
        assert_eq!(V128Access::StoreLane { bytes: 8, lane: 0 }.dst(7, 6), 7);
        let mut all: Vec<V128Access> = V128LoadOp::ALL
            .iter()
            .map(|&op| V128Access::Load(op))
            .collect();
        all.push(V128Access::Store);
        for bytes in [1, 2, 4, 8] {
            for lane in 0..16 / bytes {
                all.push(V128Access::LoadLane { bytes, lane });
                all.push(V128Access::StoreLane { bytes, lane });
            }
        }
        let mut codes: Vec<u8> = all.iter().map(|a| a.to_u8()).collect();
        for (a, &k) in all.iter().zip(&codes) {
            assert_eq!(V128Access::from_u8(k), *a);
        }
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
