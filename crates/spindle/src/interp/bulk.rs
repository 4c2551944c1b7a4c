//! The bulk table and memory operators (`table.grow`, `table.fill`,
//! `table.copy`, `table.init`, `memory.fill`, `memory.copy`,
//! `memory.init`), out of the interpreter loop: the loop reads their
//! operands and turns an error into a trap.
//!
//! Operands are read from their slots as `u64`: an `i32` is zero-extended
//! there, so one check serves 32- and 64-bit memories and tables.

use crate::store::{MemoryEntity, TableEntity};
use crate::trap::TrapCode;

/// `table.grow`: the old size, or `None` (-1 for the guest). A table
/// holds at most 2^32 - 1 elements, whatever its index type.
pub(crate) fn table_grow(t: &mut TableEntity, delta: u64, init: u64) -> Option<u64> {
    let old = t.elements.len() as u64;
    let new = old.checked_add(delta)?;
    let max = t.ty.max.unwrap_or(u32::MAX as u64).min(u32::MAX as u64);
    if new > max
        || t.elements
            .try_reserve(usize::try_from(delta).ok()?)
            .is_err()
    {
        return None;
    }
    t.elements.resize(new as usize, init);
    t.ty.min = new;
    Some(old)
}

/// `[start, start + n)` as a range of indices if it lies within `len`.
pub(crate) fn range_in(start: u64, n: u64, len: usize) -> Option<std::ops::Range<usize>> {
    let end = start.checked_add(n)?;
    (end <= len as u64).then_some(start as usize..end as usize)
}

/// `table.copy` between two (possibly equal) tables.
pub(crate) fn table_copy(
    tables: &mut [TableEntity],
    dt: usize,
    st: usize,
    d: u64,
    sr: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let (Some(src), Some(dst)) = (
        range_in(sr, n, tables[st].elements.len()),
        range_in(d, n, tables[dt].elements.len()),
    ) else {
        return Err(TrapCode::TableOutOfBounds);
    };
    if dt == st {
        tables[dt].elements.copy_within(src, dst.start);
    } else {
        let src: Vec<u64> = tables[st].elements[src].to_vec();
        tables[dt].elements[dst].copy_from_slice(&src);
    }
    Ok(())
}

/// `memory.copy` between two (possibly equal) memories.
pub(crate) fn memory_copy(
    mems: &mut [MemoryEntity],
    dm: usize,
    sm: usize,
    d: u64,
    sr: u64,
    n: u64,
) -> Result<(), TrapCode> {
    if dm == sm {
        return copy_within(mems[dm].data.bytes_mut(), d, sr, n);
    }
    let (Some(src), Some(dst)) = (
        range_in(sr, n, mems[sm].data.len()),
        range_in(d, n, mems[dm].data.len()),
    ) else {
        return Err(TrapCode::MemoryOutOfBounds);
    };
    if dm < sm {
        let (a, b) = mems.split_at_mut(sm);
        a[dm].data.bytes_mut()[dst].copy_from_slice(&b[0].data.bytes()[src]);
    } else {
        let (a, b) = mems.split_at_mut(dm);
        b[0].data.bytes_mut()[dst].copy_from_slice(&a[sm].data.bytes()[src]);
    }
    Ok(())
}

/// `memory.copy` within one memory's bytes `data`: `n` bytes from `sr` to
/// `d`.
pub(crate) fn copy_within(data: &mut [u8], d: u64, sr: u64, n: u64) -> Result<(), TrapCode> {
    let (Some(src), Some(dst)) = (range_in(sr, n, data.len()), range_in(d, n, data.len())) else {
        return Err(TrapCode::MemoryOutOfBounds);
    };
    data.copy_within(src, dst.start);
    Ok(())
}

/// `table.fill`: `n` elements from `i` set to `v`.
pub(crate) fn table_fill(elems: &mut [u64], i: u64, v: u64, n: u64) -> Result<(), TrapCode> {
    let range = range_in(i, n, elems.len()).ok_or(TrapCode::TableOutOfBounds)?;
    elems[range].fill(v);
    Ok(())
}

/// `table.init`: `n` elements of segment `seg` from `sr` copied to `d`.
pub(crate) fn table_init(
    elems: &mut [u64],
    seg: &[u64],
    d: u64,
    sr: u64,
    n: u64,
) -> Result<(), TrapCode> {
    match (range_in(sr, n, seg.len()), range_in(d, n, elems.len())) {
        (Some(from), Some(to)) => elems[to].copy_from_slice(&seg[from]),
        _ => return Err(TrapCode::TableOutOfBounds),
    }
    Ok(())
}

/// `memory.fill`: `n` bytes from `d` set to `v`.
pub(crate) fn memory_fill(data: &mut [u8], d: u64, v: u8, n: u64) -> Result<(), TrapCode> {
    let range = range_in(d, n, data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
    data[range].fill(v);
    Ok(())
}

/// `memory.init`: `n` bytes of data segment `seg` from `sr` copied to `d`.
pub(crate) fn memory_init(
    mem: &mut [u8],
    seg: &[u8],
    d: u64,
    sr: u64,
    n: u64,
) -> Result<(), TrapCode> {
    match (range_in(sr, n, seg.len()), range_in(d, n, mem.len())) {
        (Some(from), Some(to)) => mem[to].copy_from_slice(&seg[from]),
        _ => return Err(TrapCode::MemoryOutOfBounds),
    }
    Ok(())
}
