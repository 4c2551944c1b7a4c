//! `table.get`, `table.set` and `table.size` in compiled code, inline on
//! the instance's `TableView`s (`JitEnv::inst_tables`: any table of the
//! instance; a fiber library keeps its continuations in one). An index out
//! of bounds exits before the instruction, and the interpreter raises the
//! trap.

use std::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::I64;
use cranelift_codegen::ir::{InstBuilder, Value};

use super::{env_flags, slot_flags, Lower};
use crate::ir::{Instr, Slot};
use crate::jit::{JitEnv, TableView};

impl Lower<'_> {
    /// `table.get`, `table.set` and `table.size`; `false` for anything
    /// else.
    pub(super) fn table(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::TableGet { dst, table, index } => {
                let p = self.element(i, table, index);
                let v = self.b.ins().load(I64, slot_flags(), p, 0);
                self.set(dst, v);
            }
            Instr::TableSet {
                table,
                index,
                value,
            } => {
                let v = self.get(I64, value);
                let p = self.element(i, table, index);
                self.b.ins().store(slot_flags(), v, p, 0);
            }
            Instr::TableSize { dst, table } => {
                let (_, len) = self.table_view(table);
                self.set(dst, len);
            }
            _ => return false,
        }
        self.next(i);
        true
    }

    /// The base and length of the instance's table `table` (constant for
    /// the whole entry: only the interpreter resizes a table).
    fn table_view(&mut self, table: u32) -> (Value, Value) {
        let ptr = self.ptr;
        let views = self.env_load(ptr, offset_of!(JitEnv, inst_tables));
        let at = std::mem::size_of::<TableView>() * table as usize;
        let base = offset_of!(TableView, base) + at;
        let len = offset_of!(TableView, len) + at;
        let base = self.b.ins().load(ptr, env_flags(), views, base as i32);
        let len = self.b.ins().load(I64, env_flags(), views, len as i32);
        (base, len)
    }

    /// The address of element `index` (a slot) of table `table`, exiting
    /// at `i` if it is out of bounds.
    fn element(&mut self, i: usize, table: u32, index: Slot) -> Value {
        let x = self.get(I64, index);
        let (base, len) = self.table_view(table);
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, x, len);
        self.trap_if(oob, i);
        let xp = if self.ptr == I64 {
            x
        } else {
            self.b.ins().ireduce(self.ptr, x)
        };
        let at = self.b.ins().ishl_imm_u(xp, 3);
        self.b.ins().iadd(base, at)
    }
}
