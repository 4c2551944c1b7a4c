//! Translation of `memory.size`, `memory.grow` and the bulk memory
//! operators (loads and stores are numeric: `numeric.rs`).

use super::*;

impl Translator<'_> {
    /// `memory.size`, `memory.grow` and the bulk memory operators. Returns `false` for other operators.
    pub(super) fn memory_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::MemorySize { mem } => {
                let dst = self.slot(self.h);
                self.emit(Instr::MemorySize { dst, mem });
                self.push(1);
            }
            O::MemoryGrow { mem } => {
                let s = self.top(0);
                self.emit(Instr::MemoryGrow {
                    dst: s,
                    delta: s,
                    mem,
                });
            }
            O::MemoryFill { mem } => {
                let base = self.top(2);
                self.emit(Instr::MemoryFill { mem, base });
                self.pop(3);
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let base = self.top(2);
                self.emit(Instr::MemoryCopy {
                    dst_mem,
                    src_mem,
                    base,
                });
                self.pop(3);
            }
            O::MemoryInit { data_index, mem } => {
                let base = self.top(2);
                self.emit(Instr::MemoryInit {
                    mem,
                    data: data_index,
                    base,
                });
                self.pop(3);
            }
            O::DataDrop { data_index } => {
                self.emit(Instr::DataDrop { data: data_index });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
