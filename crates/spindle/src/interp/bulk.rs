//! The bulk table and memory operators (`table.grow`, `table.fill`,
//! `table.copy`, `table.init`, `memory.fill`, `memory.copy`,
//! `memory.init`), out of the interpreter loop: the loop reads their
//! operands and turns an error into a trap.

use crate::store::{MemoryEntity, TableEntity};
use crate::trap::TrapCode;

/// `table.grow`: the old size, or -1.
pub(crate) fn table_grow(t: &mut TableEntity, delta: u32, init: u64) -> i64 {
    let old = t.elements.len() as u64;
    let new = old + delta as u64;
    let max = t.ty.max.unwrap_or(u32::MAX as u64).min(u32::MAX as u64);
    if new > max || t.elements.try_reserve(delta as usize).is_err() {
        return -1;
    }
    t.elements.resize(new as usize, init);
    t.ty.min = new;
    old as i64
}

/// `table.copy` between two (possibly equal) tables.
pub(crate) fn table_copy(
    tables: &mut [TableEntity],
    dt: usize,
    st: usize,
    d: u32,
    sr: u32,
    n: u32,
) -> Result<(), TrapCode> {
    let (d, sr, n) = (d as usize, sr as usize, n as usize);
    if sr + n > tables[st].elements.len() || d + n > tables[dt].elements.len() {
        return Err(TrapCode::TableOutOfBounds);
    }
    if dt == st {
        tables[dt].elements.copy_within(sr..sr + n, d);
    } else {
        let src: Vec<u64> = tables[st].elements[sr..sr + n].to_vec();
        tables[dt].elements[d..d + n].copy_from_slice(&src);
    }
    Ok(())
}

/// `memory.copy` between two (possibly equal) memories.
pub(crate) fn memory_copy(
    mems: &mut [MemoryEntity],
    dm: usize,
    sm: usize,
    d: u32,
    sr: u32,
    n: u32,
) -> Result<(), TrapCode> {
    let (d, sr, n) = (d as usize, sr as usize, n as usize);
    if sr + n > mems[sm].data.len() || d + n > mems[dm].data.len() {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    if dm == sm {
        mems[dm].data.bytes_mut().copy_within(sr..sr + n, d);
    } else if dm < sm {
        let (a, b) = mems.split_at_mut(sm);
        a[dm].data.bytes_mut()[d..d + n].copy_from_slice(&b[0].data.bytes()[sr..sr + n]);
    } else {
        let (a, b) = mems.split_at_mut(dm);
        b[0].data.bytes_mut()[d..d + n].copy_from_slice(&a[sm].data.bytes()[sr..sr + n]);
    }
    Ok(())
}

/// `table.fill`: `n` elements from `i` set to `v`.
pub(crate) fn table_fill(elems: &mut [u64], i: u32, v: u64, n: u32) -> Result<(), TrapCode> {
    let end = i as u64 + n as u64;
    if end > elems.len() as u64 {
        return Err(TrapCode::TableOutOfBounds);
    }
    elems[i as usize..end as usize].fill(v);
    Ok(())
}

/// `table.init`: `n` elements of segment `seg` from `sr` copied to `d`.
pub(crate) fn table_init(
    elems: &mut [u64],
    seg: &[u64],
    d: u32,
    sr: u32,
    n: u32,
) -> Result<(), TrapCode> {
    if sr as u64 + n as u64 > seg.len() as u64 || d as u64 + n as u64 > elems.len() as u64 {
        return Err(TrapCode::TableOutOfBounds);
    }
    elems[d as usize..(d + n) as usize].copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
    Ok(())
}

/// `memory.fill`: `n` bytes from `d` set to `v`.
pub(crate) fn memory_fill(data: &mut [u8], d: u32, v: u8, n: u32) -> Result<(), TrapCode> {
    let end = d as u64 + n as u64;
    if end > data.len() as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    data[d as usize..end as usize].fill(v);
    Ok(())
}

/// `memory.init`: `n` bytes of data segment `seg` from `sr` copied to `d`.
pub(crate) fn memory_init(
    mem: &mut [u8],
    seg: &[u8],
    d: u32,
    sr: u32,
    n: u32,
) -> Result<(), TrapCode> {
    if sr as u64 + n as u64 > seg.len() as u64 || d as u64 + n as u64 > mem.len() as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    mem[d as usize..(d + n) as usize].copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
    Ok(())
}
