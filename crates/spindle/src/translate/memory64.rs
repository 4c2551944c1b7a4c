//! Loads and stores on 64-bit memories (memory64): `Load64`/`Store64`
//! with the kind of access packed into the instruction, and an
//! `AddrOffset64` first when the static offset does not fit 32 bits. The
//! 32-bit memories' accesses are translated by `lazy_op` as before (and
//! the `v128` ones of both by `simd_op`, with `V128Access64` here).

use super::*;
use crate::ir::memory64::{pack_op, LoadKind, StoreKind};

impl Translator<'_> {
    /// Whether memory `mem` of the module is a 64-bit one.
    fn is_memory64(&self, mem: u32) -> bool {
        self.module
            .memories
            .get(mem as usize)
            .is_some_and(|m| m.memory64)
    }

    /// Translates `op` if it is a load or store on a 64-bit memory;
    /// returns `false` for every other operator.
    pub(super) fn memory64_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        if let Some((kind, memarg)) = LoadKind::of(op) {
            let Some(mem) = self.memory64_index(&memarg)? else {
                return Ok(false);
            };
            let (addr, offset) = self.address64(0, memarg.offset);
            let dst = self.slot(self.h - 1);
            self.operands[self.h as usize - 1] = Operand::Temp;
            let op = pack_mem_op(kind as u8, mem)?;
            self.emit_producer(Instr::Load64 {
                dst,
                addr,
                offset,
                op,
            });
            return Ok(true);
        }
        if let Some((kind, memarg)) = StoreKind::of(op) {
            let Some(mem) = self.memory64_index(&memarg)? else {
                return Ok(false);
            };
            let value = self.use_slot(0);
            let (addr, offset) = self.address64(1, memarg.offset);
            let op = pack_mem_op(kind as u8, mem)?;
            self.emit(Instr::Store64 {
                addr,
                value,
                offset,
                op,
            });
            self.pop(2);
            return Ok(true);
        }
        Ok(false)
    }

    /// The memory index of `memarg` if it names a 64-bit memory.
    pub(super) fn memory64_index(&self, memarg: &wasmparser::MemArg) -> Result<Option<u32>> {
        let mem = mem_index(memarg)?;
        Ok(self.is_memory64(mem).then_some(mem))
    }

    /// The address slot and 32-bit offset of an access whose address is
    /// operand `depth`: the operand where it is and `offset` if that fits
    /// 32 bits, else the sum (`AddrOffset64`) in the operand's own slot and
    /// offset 0.
    pub(super) fn address64(&mut self, depth: u32, offset: u64) -> (Slot, u32) {
        let addr = self.use_slot(depth);
        match u32::try_from(offset) {
            Ok(offset) => (addr, offset),
            Err(_) => {
                let dst = self.slot(self.h - 1 - depth);
                self.emit(Instr::AddrOffset64 {
                    dst,
                    addr,
                    lo: offset as u32,
                    hi: (offset >> 32) as u32,
                });
                self.operands[(self.h - 1 - depth) as usize] = Operand::Temp;
                (dst, 0)
            }
        }
    }
}

/// `op` of a `Load64`/`Store64`/`LoadMem`/`StoreMem`: access kind `kind` of
/// memory `mem`.
pub(super) fn pack_mem_op(kind: u8, mem: u32) -> Result<u32> {
    pack_op(kind, mem).ok_or_else(|| anyhow::anyhow!("too many memories"))
}
