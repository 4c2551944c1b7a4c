//! Calls and returns: `call` as a native call of the callee's compiled code
//! and `return` to a native caller (`jit`'s docs, "Native calls").

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::I32;
use cranelift_codegen::ir::{AbiParam, BlockArg, InstBuilder, Signature, Type, Value};

use super::{slot_flags, Lower};
use crate::ir::{Instr, Slot};
use crate::jit::{JitEnv, RELOAD, RETURNED};

impl Lower<'_> {
    /// `call`, `return` and `return` of one value; `false` for anything
    /// else.
    pub(super) fn call(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::Call { func, base } => self.native_call(i, func, base),
            Instr::Return => self.ret(i, None),
            Instr::Return1 { src } => self.ret(i, Some(src)),
            _ => return false,
        }
        true
    }

    /// Calls the instance's function `func` with its frame at slot `base`
    /// natively, or exits at `i` when the hook does not push a frame or
    /// the native stack is used up.
    fn native_call(&mut self, i: usize, func: u32, base: u32) {
        // The frame in memory exact, as at an exit: the callee reads its
        // arguments there, and if it exits, the interpreter runs the rest
        // of this frame from memory.
        self.store_dirty(i, |_| true);
        let exit = self.b.create_block();
        let push = self.b.create_block();
        let flags = slot_flags();
        let sp = self.b.ins().get_stack_pointer(self.ptr);
        let off = std::mem::offset_of!(JitEnv, stack_limit) as i32;
        let limit = self.b.ins().load(self.ptr, flags, self.env, off);
        let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.b.ins().brif(deep, exit, &[], push, &[]);

        self.b.switch_to_block(push);
        let f = self.b.ins().iconst(I32, func as i64);
        let at = self.b.ins().iconst(I32, base as i64);
        let ret_pc = self.b.ins().iconst(I32, i as i64 + 1);
        let env = self.env;
        let entry = self.call_hook(self.hooks.push, &[env, f, at, ret_pc], self.ptr);
        let run = self.b.create_block();
        self.b.ins().brif(entry, run, &[], exit, &[]);

        self.b.switch_to_block(run);
        let callee_regs = self.b.ins().iadd_imm_s(self.regs, base as i64 * 8);
        let pc0 = self.b.ins().iconst(I32, 0);
        let nested = self.b.ins().iconst(I32, 1);
        let sig = self.b.func.signature.clone();
        let sig = self.b.import_signature(sig);
        let call = self
            .b
            .ins()
            .call_indirect(sig, entry, &[callee_regs, env, pc0, nested]);
        let outcome = self.b.inst_results(call)[0];
        let returned = self.call_hook(self.hooks.done, &[env, outcome], I32);
        let unwind = self.b.create_block();
        // Returned: on at `i + 1` with the slots reloaded, like an entry
        // (the callee wrote its results into the frame).
        let next = if i + 1 < self.code.instrs.len() {
            self.entry_load(i + 1)
        } else {
            let past = self.b.create_block();
            let cur = self.b.current_block().expect("a block");
            self.b.switch_to_block(past);
            self.leave(i as u32 + 1);
            self.b.switch_to_block(cur);
            past
        };
        self.b.ins().brif(returned, next, &[], unwind, &[]);

        self.b.switch_to_block(unwind);
        let reload = self.b.ins().iconst(I32, RELOAD as i64);
        self.b.ins().jump(self.exit, &[BlockArg::Value(reload)]);

        self.b.switch_to_block(exit);
        self.leave(i as u32);
    }

    /// `return` (the results already in slots `0..num_results`) or, with
    /// `src`, `return` of the one-slot value in `src`: to a native caller
    /// with the results stored into the frame, else (the outermost entry)
    /// an exit, and the interpreter returns.
    fn ret(&mut self, i: usize, src: Option<Slot>) {
        let outermost = self.b.create_block();
        let nested = self.b.create_block();
        self.b.ins().brif(self.nested, nested, &[], outermost, &[]);

        self.b.switch_to_block(outermost);
        self.exit_at(i);

        self.b.switch_to_block(nested);
        match src {
            Some(s) => {
                let v = self.get(cranelift_codegen::ir::types::I64, s);
                self.b.ins().store(slot_flags(), v, self.regs, 0);
            }
            None => {
                let n = self.code.num_results;
                self.store_dirty(i, |s| s < n);
            }
        }
        let returned = self.b.ins().iconst(I32, RETURNED as i64);
        self.b.ins().jump(self.exit, &[BlockArg::Value(returned)]);
    }

    /// Calls the `extern "C"` hook at `f` with `args` (parameter types are
    /// the arguments'); returns its one result, of type `ret`.
    fn call_hook(&mut self, f: usize, args: &[Value], ret: Type) -> Value {
        let mut sig = Signature::new(self.b.func.signature.call_conv);
        for &a in args {
            let ty = self.b.func.dfg.value_type(a);
            sig.params.push(AbiParam::new(ty));
        }
        sig.returns.push(AbiParam::new(ret));
        let sig = self.b.import_signature(sig);
        let callee = self.b.ins().iconst(self.ptr, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Instr;
    use crate::jit::CallHooks;
    use crate::module::FuncCode;

    /// `f(x) = g(x) + 1` with `g` called natively, then `return` of the
    /// results in place and of one slot: Cranelift accepts the code (its
    /// verifier runs in debug builds) and nothing needs a relocation.
    #[test]
    fn calls_and_returns_compile() {
        let code = FuncCode {
            instrs: Box::new([
                Instr::Copy { dst: 2, src: 0 },
                Instr::Call { func: 3, base: 2 },
                Instr::I32AddImm {
                    dst: 0,
                    a: 2,
                    imm: 1,
                },
                Instr::BrIfNez { cond: 0, target: 5 },
                Instr::Return,
                Instr::Return1 { src: 2 },
            ]),
            num_params: 1,
            num_results: 1,
            num_locals: 1,
            max_slots: 4,
            offsets: vec![0; 6].into(),
            ..FuncCode::default()
        };
        // Never called: the code is only compiled.
        let hooks = CallHooks { push: 16, done: 32 };
        if super::super::isa().is_some() {
            assert!(super::super::compile(&code, hooks).is_some());
        }
    }
}
