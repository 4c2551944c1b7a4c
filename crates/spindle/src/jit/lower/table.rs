//! `table.get` and `table.set` in compiled code, through the
//! `CallHooks::table_get` and `table_set` hooks (any table of the
//! instance; a fiber library keeps its continuations in one). An index out
//! of bounds exits before the instruction, and the interpreter raises the
//! trap.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;

use super::Lower;
use crate::ir::Instr;
use crate::jit::{Hook, Target};

impl Lower<'_> {
    /// `table.get` and `table.set`; `false` for anything else, and for
    /// `table.get` where a pair of results does not come back in two
    /// registers (`jit::Pair`).
    pub(super) fn table(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::TableGet { dst, table, index } => {
                let call_conv = self.b.func.signature.call_conv;
                if !matches!(call_conv, CallConv::SystemV | CallConv::AppleAarch64) {
                    return false;
                }
                let table = self.b.ins().iconst(I32, i64::from(table));
                let x = self.get(I64, index);
                let mut sig = Signature::new(call_conv);
                sig.params.extend([
                    AbiParam::new(self.ptr),
                    AbiParam::new(I32),
                    AbiParam::new(I64),
                ]);
                sig.returns.extend([AbiParam::new(I64), AbiParam::new(I64)]);
                let sig = self.b.import_signature(sig);
                let args = [self.env, table, x];
                let call = self.call_target(Target::Hook(Hook::TableGet), sig, &args);
                let (ok, v) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
                let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
                self.trap_if(bad, i);
                self.set(dst, v);
            }
            Instr::TableSet {
                table,
                index,
                value,
            } => {
                let table = self.b.ins().iconst(I32, i64::from(table));
                let x = self.get(I64, index);
                let v = self.get(I64, value);
                let env = self.env;
                let ok = self.call_hook(Hook::TableSet, &[env, table, x, v], I32);
                let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
                self.trap_if(bad, i);
            }
            _ => return false,
        }
        self.next(i);
        true
    }
}
