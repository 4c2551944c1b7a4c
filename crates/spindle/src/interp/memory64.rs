//! Loads and stores on 64-bit memories (`Instr::Load64`, `Store64`,
//! `AddrOffset64`; see `ir/memory64.rs`). Kept out of line so that the
//! instruction loop only gains three small arms.

use crate::ir::memory64::{LoadKind, StoreKind};
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
}
