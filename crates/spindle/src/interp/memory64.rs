//! Loads and stores on 64-bit memories (`Instr::Load64`, `Store64`,
//! `AddrOffset64`, `V128Access64`; see `ir/memory64.rs`), and on 32-bit
//! memories other than memory 0 (`LoadMem`, `StoreMem`, with the `i32`
//! address zero-extended). Kept out of line so that the instruction loop
//! only gains a few small arms.

use crate::ir::memory64::{LoadKind, StoreKind, V128Access};
use crate::simd;
use crate::trap::TrapCode;

/// Effective address of an access of `len` bytes at `addr + offset`, all
/// 64 bits wide, or a trap if any byte lies outside `mem_len` (an address
/// that overflows included).
#[inline(always)]
fn effective64(mem_len: usize, addr: u64, offset: u32, len: usize) -> Result<usize, TrapCode> {
    let end = addr
        .checked_add(offset as u64)
        .and_then(|ea| ea.checked_add(len as u64));
    match end {
        Some(end) if end <= mem_len as u64 => Ok(end as usize - len),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// `Load64`: the slot value loaded.
#[inline(never)]
pub(super) fn load(data: &[u8], kind: u8, addr: u64, offset: u32) -> Result<u64, TrapCode> {
    let kind = LoadKind::from_u8(kind);
    let ea = effective64(data.len(), addr, offset, kind.width())?;
    Ok(kind.load(data, ea))
}

/// `Store64`: writes the low bytes of `value`.
#[inline(never)]
pub(super) fn store(
    data: &mut [u8],
    kind: u8,
    addr: u64,
    offset: u32,
    value: u64,
) -> Result<(), TrapCode> {
    let n = StoreKind::from_u8(kind).width();
    let ea = effective64(data.len(), addr, offset, n)?;
    data[ea..ea + n].copy_from_slice(&value.to_le_bytes()[..n]);
    Ok(())
}

/// `V128Access64` with the vector `v` of its `val` slots: the vector it
/// loads, or `None` for a store.
#[inline(never)]
pub(super) fn v128_access(
    data: &mut [u8],
    access: V128Access,
    addr: u64,
    offset: u32,
    v: u128,
) -> Result<Option<u128>, TrapCode> {
    let n = access.width();
    let ea = effective64(data.len(), addr, offset, n)?;
    let bytes = &mut data[ea..ea + n];
    Ok(match access {
        V128Access::Load(op) => Some(simd::load(op, bytes)),
        V128Access::Store => {
            bytes.copy_from_slice(&v.to_le_bytes());
            None
        }
        V128Access::LoadLane { lane, .. } => Some(simd::load_lane(v, lane, bytes)),
        V128Access::StoreLane { lane, .. } => {
            simd::store_lane(v, lane, bytes);
            None
        }
    })
}

/// `AddrOffset64`: `addr + offset`, or `u64::MAX` (out of bounds for
/// every access) when the sum overflows.
#[inline(always)]
pub(super) fn add_offset(addr: u64, lo: u32, hi: u32) -> u64 {
    addr.saturating_add((hi as u64) << 32 | lo as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_at_the_end_and_on_overflow() {
        let data = [1u8, 2, 3, 4];
        let k = LoadKind::I32Load16U as u8;
        assert_eq!(load(&data, k, 2, 0), Ok(0x0403));
        assert_eq!(load(&data, k, 1, 1), Ok(0x0403));
        assert_eq!(load(&data, k, 3, 0), Err(TrapCode::MemoryOutOfBounds));
        assert_eq!(
            load(&data, k, u64::MAX, 1),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(load(&data, k, 1 << 32, 0), Err(TrapCode::MemoryOutOfBounds));
        assert_eq!(add_offset(u64::MAX - 1, 1, 0), u64::MAX);
        assert_eq!(add_offset(u64::MAX - 1, 0, 1), u64::MAX);
        assert_eq!(add_offset(5, 1, 1), (1 << 32) + 6);
        let mut data = [0u8; 4];
        let k = StoreKind::I64Store16 as u8;
        assert_eq!(store(&mut data, k, 2, 0, 0xa1b2c3), Ok(()));
        assert_eq!(data, [0, 0, 0xc3, 0xb2]);
        assert_eq!(
            store(&mut data, k, 3, 0, 1),
            Err(TrapCode::MemoryOutOfBounds)
        );
    }

    #[test]
    fn v128_accesses_at_64_bit_addresses() {
        use crate::ir::V128LoadOp;
        let mut data: Vec<u8> = (0..32).collect();
        let load = V128Access::Load(V128LoadOp::Load);
        let v = u128::from_le_bytes(data[16..32].try_into().unwrap());
        assert_eq!(v128_access(&mut data, load, 8, 8, 0), Ok(Some(v)));
        assert_eq!(
            v128_access(&mut data, load, 8, 9, 0),
            Err(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            v128_access(&mut data, load, 1 << 32, 0, 0),
            Err(TrapCode::MemoryOutOfBounds)
        );
        let lane = V128Access::LoadLane { bytes: 2, lane: 7 };
        assert_eq!(
            v128_access(&mut data, lane, 30, 0, 0),
            Ok(Some(0x1f1e << 112))
        );
        assert_eq!(v128_access(&mut data, V128Access::Store, 0, 0, 0), Ok(None));
        assert!(data[..16].iter().all(|&b| b == 0) && data[16] == 16);
        let store_lane = V128Access::StoreLane { bytes: 1, lane: 15 };
        assert_eq!(
            v128_access(&mut data, store_lane, 31, 0, 0xab << 120),
            Ok(None)
        );
        assert_eq!(data[31], 0xab);
    }
}
