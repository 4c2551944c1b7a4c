//! Translation of table access and the bulk table operators.

use super::*;

impl Translator<'_> {
    /// Table access and bulk table operators. Returns `false` for other operators.
    pub(super) fn table_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::TableGet { table } => {
                let s = self.top(0);
                self.emit(Instr::TableGet {
                    dst: s,
                    table,
                    index: s,
                });
            }
            O::TableSet { table } => {
                let (index, value) = (self.top(1), self.top(0));
                self.emit(Instr::TableSet {
                    table,
                    index,
                    value,
                });
                self.pop(2);
            }
            O::TableSize { table } => {
                let dst = self.slot(self.h);
                self.emit(Instr::TableSize { dst, table });
                self.push(1);
            }
            O::TableGrow { table } => {
                let base = self.top(1);
                self.emit(Instr::TableGrow { table, base });
                self.pop(1);
            }
            O::TableFill { table } => {
                let base = self.top(2);
                self.emit(Instr::TableFill { table, base });
                self.pop(3);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let base = self.top(2);
                self.emit(Instr::TableCopy {
                    dst_table,
                    src_table,
                    base,
                });
                self.pop(3);
            }
            O::TableInit { elem_index, table } => {
                let base = self.top(2);
                self.emit(Instr::TableInit {
                    table,
                    elem: elem_index,
                    base,
                });
                self.pop(3);
            }
            O::ElemDrop { elem_index } => {
                self.emit(Instr::ElemDrop { elem: elem_index });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
