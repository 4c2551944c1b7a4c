//! Calls and returns: `call` as a native call of the callee's compiled code
//! and `return` to a native caller (`jit`'s docs, "Native calls").

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use std::mem::offset_of;

use cranelift_codegen::ir::{AbiParam, Block, BlockArg, InstBuilder, Signature, Type, Value};

use super::{env_flags, slot_flags, Lower};
use crate::ir::{Instr, Slot};
use crate::jit::{Hook, Target};
use crate::jit::{
    JitEnv, NativeTarget, FRAME_BYTES, RELOAD, RETURNED, STACK_BELOW_LEN, STACK_TOP_FP,
    STACK_TOP_FUNC, STACK_TOP_PC, SWITCHED,
};

/// A callee whose compiled code a native call found: the store function
/// `f`, its `NativeTarget` at `t`, its `entry`, the type the call requires
/// (`call_indirect`) and whether it is known to be of the caller's
/// instance (a `call` of a function the module defines).
struct Callee {
    f: Value,
    t: Value,
    entry: Value,
    ty: Option<Value>,
    same_instance: bool,
}

impl Lower<'_> {
    /// `call`, `call_indirect` through table 0, `call_ref`, `return` and
    /// `return` of one value; `false` for anything else.
    pub(super) fn call(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::Call { func, base } => self.native_call(i, func, base),
            Instr::CallIndirect {
                table: 0,
                ty,
                index,
                base,
            } => self.indirect_call(i, ty, index, base),
            Instr::CallRef { func_ref, base } => self.ref_call(i, func_ref, base),
            Instr::Return => self.ret(i, None),
            Instr::Return1 { src } => self.ret(i, Some(src)),
            _ => return false,
        }
        true
    }

    /// Calls the instance's function `func` with its frame at slot `base`
    /// natively, or exits at `i` when it cannot run natively (see
    /// `call_store_func`) or the native stack is used up.
    fn native_call(&mut self, i: usize, func: u32, base: u32) {
        let exit = self.call_prologue(i);
        let ptr = self.ptr;
        // The instance's entry for `func`, resolved by the hook on the
        // first call (only to compiled code of this instance).
        let size = std::mem::size_of::<NativeTarget>() as u64;
        let off = i32::try_from(u64::from(func) * size).expect("a function index");
        let targets = self.env_load(ptr, offset_of!(JitEnv, inst_targets));
        let t = self.b.ins().iadd_imm_s(targets, i64::from(off));
        // An imported function is of another instance (or a host's):
        // the call checks which, and takes that instance's `JitEnv`.
        let same_instance = func >= self.code.imported_funcs;
        let func = self.b.ins().iconst(I32, i64::from(func));
        let entry = self.target_entry(t, Hook::ResolveLocal, func, exit);
        let f = self
            .b
            .ins()
            .load(I32, slot_flags(), t, offset_of!(NativeTarget, func) as i32);
        self.call_entry(
            i,
            Callee {
                f,
                t,
                entry,
                ty: None,
                same_instance,
            },
            base,
            exit,
        );
    }

    /// Starts a native call at `i`: stores the written slots (the frame in
    /// memory exact, as at an exit: the callee reads its arguments there,
    /// and if it exits, the interpreter runs the rest of this frame from
    /// memory) and checks the native stack. Returns the block that exits
    /// at `i` (already filled in); the current block goes on with the call.
    fn call_prologue(&mut self, i: usize) -> Block {
        self.store_dirty(i, |_| true);
        let exit = self.b.create_block();
        let go = self.b.create_block();
        let sp = self.b.ins().get_stack_pointer(self.ptr);
        let limit = self.env_load(self.ptr, offset_of!(JitEnv, stack_limit));
        let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        self.b.ins().brif(deep, exit, &[], go, &[]);
        self.b.switch_to_block(exit);
        self.leave(i as u32);
        self.b.switch_to_block(go);
        exit
    }

    /// `call_indirect` of type `ty` through table 0 natively; exits (and
    /// the interpreter raises the trap or makes the call) when the index is
    /// out of bounds, the entry null, its type not `ty` itself (a subtype
    /// is left to the interpreter) or the callee cannot run natively.
    fn indirect_call(&mut self, i: usize, ty: u32, index: Slot, base: u32) {
        let x = self.get(I64, index);
        let exit = self.call_prologue(i);
        let len = self.env_load(I64, offset_of!(JitEnv, table0_len));
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, x, len);
        let load = self.b.create_block();
        self.b.ins().brif(oob, exit, &[], load, &[]);
        self.b.switch_to_block(load);
        let elems = self.env_load(self.ptr, offset_of!(JitEnv, table0_base));
        let xp = if self.ptr == I64 {
            x
        } else {
            self.b.ins().ireduce(self.ptr, x)
        };
        let at = self.b.ins().ishl_imm_u(xp, 3);
        let p = self.b.ins().iadd(elems, at);
        let r = self.b.ins().load(I64, slot_flags(), p, 0);
        let ty = self.b.ins().iconst(I32, i64::from(ty));
        self.call_funcref(i, r, base, exit, Some(ty));
    }

    /// `call_ref` natively; exits on a null reference (the interpreter
    /// traps) or when the callee cannot run natively.
    fn ref_call(&mut self, i: usize, func_ref: Slot, base: u32) {
        let r = self.get(I64, func_ref);
        let exit = self.call_prologue(i);
        self.call_funcref(i, r, base, exit, None);
    }

    /// Calls the `funcref` slot value `r` (store function + 1, 0 for null)
    /// natively, or jumps to `exit`.
    fn call_funcref(&mut self, i: usize, r: Value, base: u32, exit: Block, ty: Option<Value>) {
        let go = self.b.create_block();
        self.b.ins().brif(r, go, &[], exit, &[]);
        self.b.switch_to_block(go);
        let f = self.b.ins().ireduce(I32, r);
        let f = self.b.ins().iadd_imm_s(f, -1);
        self.call_store_func(i, f, base, exit, ty);
    }

    /// Field `off` of the `JitEnv`, of type `ty`.
    pub(super) fn env_load(&mut self, ty: Type, off: usize) -> Value {
        let env = self.env;
        self.b.ins().load(ty, env_flags(), env, off as i32)
    }

    /// Calls the store function `f` (an `i32`) with its frame at slot
    /// `base` natively, pushing and popping its frame record as the
    /// interpreter would; jumps to `exit` (nothing pushed) unless `f` is
    /// compiled Wasm (of type `ty` if given; of another instance, it runs
    /// with that instance's `JitEnv`) and its frame fits in the stack's memory as it is, with room for its
    /// record, below the frame limit. After the call it goes on at `i + 1`
    /// if the callee returned, else it returns `RELOAD`.
    pub(super) fn call_store_func(
        &mut self,
        i: usize,
        f: Value,
        base: u32,
        exit: Block,
        ty: Option<Value>,
    ) {
        let ptr = self.ptr;
        // The target's entry, resolved by the hook on the first call.
        let fx = self.b.ins().uextend(ptr, f);
        let size = std::mem::size_of::<NativeTarget>() as i64;
        let at = self.b.ins().imul_imm_u(fx, size);
        let targets = self.env_load(ptr, offset_of!(JitEnv, targets));
        let t = self.b.ins().iadd(targets, at);
        let entry = self.target_entry(t, Hook::Resolve, f, exit);
        let callee = Callee {
            f,
            t,
            entry,
            ty,
            same_instance: false,
        };
        self.call_entry(i, callee, base, exit);
    }

    /// The `entry` of the `NativeTarget` at `t`, or, while it is 0, what
    /// `hook` (`resolve` or `resolve_local`, called with `(env, arg)`)
    /// returns: it fills the target in. Jumps to `exit` when that is 0
    /// too; the current block goes on with the entry.
    fn target_entry(&mut self, t: Value, hook: Hook, arg: Value, exit: Block) -> Value {
        let ptr = self.ptr;
        let entry = self
            .b
            .ins()
            .load(ptr, slot_flags(), t, offset_of!(NativeTarget, entry) as i32);
        let resolve = self.b.create_block();
        let have = self.b.create_block();
        self.b.append_block_param(have, ptr);
        self.b
            .ins()
            .brif(entry, have, &[BlockArg::Value(entry)], resolve, &[]);
        self.b.switch_to_block(resolve);
        let env = self.env;
        let resolved = self.call_hook(hook, &[env, arg], ptr);
        self.b
            .ins()
            .brif(resolved, have, &[BlockArg::Value(resolved)], exit, &[]);
        self.b.switch_to_block(have);
        self.b.block_params(have)[0]
    }

    /// The rest of a native call of `callee` (its entry known) with its
    /// frame at slot `base`: checks the instance unless the caller knows
    /// it, the type if given, that the callee's slots and record fit and
    /// the frame limit; pushes, calls and pops as `call_store_func` says.
    fn call_entry(&mut self, i: usize, callee: Callee, base: u32, exit: Block) {
        let flags = slot_flags();
        let ptr = self.ptr;
        let env = self.env;
        let Callee {
            f,
            t,
            entry,
            ty,
            same_instance,
        } = callee;
        let max_slots =
            self.b
                .ins()
                .load(I32, flags, t, offset_of!(NativeTarget, max_slots) as i32);
        let callee_regs = self.b.ins().iadd_imm_s(self.regs, i64::from(base) * 8);
        let slots_end = self.env_load(ptr, offset_of!(JitEnv, slots_end));
        let n = self.b.ins().uextend(ptr, max_slots);
        let bytes = self.b.ins().ishl_imm_u(n, 3);
        let end = self.b.ins().iadd(callee_regs, bytes);
        let mut bad = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end, slots_end);
        if let Some(ty) = ty {
            let actual = self
                .b
                .ins()
                .load(I32, flags, t, offset_of!(NativeTarget, ty) as i32);
            let other = self.b.ins().icmp(IntCC::NotEqual, actual, ty);
            bad = self.b.ins().bor(bad, other);
        }
        let depth = self.depth();
        let below_limit = self.env_load(I32, offset_of!(JitEnv, below_limit));
        let full = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, depth, below_limit);
        bad = self.b.ins().bor(bad, full);
        let checked = self.b.create_block();
        self.b.ins().brif(bad, exit, &[], checked, &[]);
        self.b.switch_to_block(checked);
        let callee_env = if same_instance {
            env
        } else {
            self.callee_env(t, exit)
        };

        // No record is pushed: the callee runs at `depth + 1` with its own
        // function and frame, and the records are written only if it does
        // not return (below).
        let zero = self.b.ins().iconst(I32, 0);
        // The callee's `nested`: depth + 1, and its low bit set.
        let callee_nested = self.b.ins().bor_imm_u(self.nested, 1);
        let callee_nested = self.b.ins().iadd_imm_s(callee_nested, 2);
        let sig = self.b.func.signature.clone();
        let sig = self.b.import_signature(sig);
        let call = self.b.ins().call_indirect(
            sig,
            entry,
            &[callee_regs, callee_env, zero, callee_nested, f],
        );
        let outcome = self.b.inst_results(call)[0];
        let returned = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, outcome, RETURNED as i64);
        let back = self.b.create_block();
        let unwind = self.b.create_block();
        self.b.ins().brif(returned, back, &[], unwind, &[]);

        // Returned: on at `i + 1` with the slots reloaded, like an entry
        // (the callee wrote its results into the frame).
        self.b.switch_to_block(back);
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
        self.b.ins().jump(next, &[]);

        // The callee exited (at one of its instructions, making its frame
        // the top one), or a deeper callee did (`RELOAD`), or it switched
        // stacks (`SWITCHED`): this frame's record goes below the callee's
        // and this frame is done with until the interpreter returns into
        // it.
        self.b.switch_to_block(unwind);
        let unwind = self.unwind_block();
        let ret_pc = self.b.ins().iconst(I32, i as i64 + 1);
        let args = [outcome, depth, ret_pc].map(BlockArg::Value);
        self.b.ins().jump(unwind, &args);
    }

    /// The block that calls' unwinding paths share (made on demand), with
    /// parameters `(outcome, depth, pc)`: writes the running frame's record
    /// at `depth` with `pc`, its return `pc` (each native caller writes its
    /// own as it returns; `jit`'s docs), then returns `SWITCHED` if the
    /// outcome was, else `RELOAD`.
    fn unwind_block(&mut self) -> Block {
        if let Some(b) = self.unwind {
            return b;
        }
        let cur = self.b.current_block().expect("a block");
        let block = self.b.create_block();
        for _ in 0..3 {
            self.b.append_block_param(block, I32);
        }
        self.b.switch_to_block(block);
        let [outcome, depth, pc] = [0, 1, 2].map(|k| self.b.block_params(block)[k]);
        let ptr = self.ptr;
        let flags = slot_flags();
        let fp = self.own_fp();
        let slots_end = self.env_load(ptr, offset_of!(JitEnv, slots_end));
        let depth = self.b.ins().uextend(ptr, depth);
        let at = self.b.ins().imul_imm_u(depth, FRAME_BYTES);
        let rec = self.b.ins().iadd(slots_end, at);
        let func = self.func;
        self.b.ins().store(flags, func, rec, 0);
        self.b.ins().store(flags, pc, rec, 4);
        self.b.ins().store(flags, fp, rec, 8);
        let switched = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, outcome, i64::from(SWITCHED));
        let reload = self.b.ins().iconst(I32, RELOAD as i64);
        let out = self.b.ins().select(switched, outcome, reload);
        self.b.ins().return_(&[out]);
        self.b.switch_to_block(cur);
        self.unwind = Some(block);
        block
    }

    /// For a native callee, makes its frame the stack's top frame, at `pc`
    /// (an outermost entry's frame is the top one already): in the exit
    /// block, which only exits at an instruction reach (the other outcomes
    /// return where they are made), so that its callers' records go below
    /// it as they unwind, and before a stack switch.
    pub(super) fn top_if_nested(&mut self, pc: Value) {
        let (write, done) = (self.b.create_block(), self.b.create_block());
        let nested = self.is_nested();
        self.b.ins().brif(nested, write, &[], done, &[]);
        self.b.switch_to_block(write);
        self.make_top(pc);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// The number of frames below the running frame (its depth: the
    /// entry's `nested` without its low bit).
    fn depth(&mut self) -> Value {
        self.b.ins().ushr_imm_u(self.nested, 1)
    }

    /// Whether a native call entered the running frame (`nested`'s low
    /// bit).
    pub(super) fn is_nested(&mut self) -> Value {
        self.b.ins().band_imm_u(self.nested, 1)
    }

    /// The running frame's `fp` (an `i32`): its slot 0's index in the
    /// stack's slots (`JitEnv::slots`).
    fn own_fp(&mut self) -> Value {
        let slots = self.env_load(self.ptr, offset_of!(JitEnv, slots));
        let off = self.b.ins().isub(self.regs, slots);
        let fp = self.b.ins().ushr_imm_u(off, 3);
        if self.ptr == I32 {
            fp
        } else {
            self.b.ins().ireduce(I32, fp)
        }
    }

    /// Makes the running frame the stack's top frame, at `pc` (a native
    /// callee's frame is not in the stack's record while it runs): for an
    /// exit, and for `CallHooks::switch`, which reads the top frame and
    /// parks the stack.
    fn make_top(&mut self, pc: Value) {
        let flags = slot_flags();
        let stack = self.env_load(self.ptr, offset_of!(JitEnv, stack));
        let depth = self.depth();
        let fp = self.own_fp();
        let func = self.func;
        self.b.ins().store(flags, func, stack, STACK_TOP_FUNC);
        self.b.ins().store(flags, pc, stack, STACK_TOP_PC);
        self.b.ins().store(flags, fp, stack, STACK_TOP_FP);
        self.b.ins().store(flags, depth, stack, STACK_BELOW_LEN);
    }

    /// The `JitEnv` the callee whose `NativeTarget` is at `t` runs with:
    /// the caller's own if it is of the running instance, else the one
    /// `CallHooks::env_for` returns for its instance (jumps to `exit` if
    /// that is null). The current block goes on with it.
    fn callee_env(&mut self, t: Value, exit: Block) -> Value {
        let (ptr, env) = (self.ptr, self.env);
        let inst = self.b.ins().load(
            I32,
            slot_flags(),
            t,
            offset_of!(NativeTarget, instance) as i32,
        );
        let ours = self.env_load(I32, offset_of!(JitEnv, instance));
        let other = self.b.ins().icmp(IntCC::NotEqual, inst, ours);
        let cross = self.b.create_block();
        let have = self.b.create_block();
        self.b.append_block_param(have, ptr);
        self.b
            .ins()
            .brif(other, cross, &[], have, &[BlockArg::Value(env)]);
        self.b.switch_to_block(cross);
        // The callee's `JitEnv` among `JitEnv::envs`, if it is there yet.
        let (lookup, fill, hook) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let envs = self.env_load(ptr, offset_of!(JitEnv, envs));
        self.b.ins().brif(envs, lookup, &[], hook, &[]);
        self.b.switch_to_block(lookup);
        let at = self.b.ins().uextend(ptr, inst);
        let at = self.b.ins().imul_imm_u(at, size_of::<JitEnv>() as i64);
        let theirs = self.b.ins().iadd(envs, at);
        let set = self.b.ins().load(
            I32,
            slot_flags(),
            theirs,
            offset_of!(JitEnv, instance) as i32,
        );
        let known = self.b.ins().icmp(IntCC::Equal, set, inst);
        self.b.ins().brif(known, fill, &[], hook, &[]);
        // The stack's fields, the caller's (the hook writes them too).
        self.b.switch_to_block(fill);
        for (off, ty) in [
            (offset_of!(JitEnv, stack), ptr),
            (offset_of!(JitEnv, slots_end), ptr),
            (offset_of!(JitEnv, slots), ptr),
            (offset_of!(JitEnv, below_limit), I32),
        ] {
            let v = self.env_load(ty, off);
            self.b.ins().store(slot_flags(), v, theirs, off as i32);
        }
        self.b.ins().jump(have, &[BlockArg::Value(theirs)]);
        self.b.switch_to_block(hook);
        let theirs = self.call_hook(Hook::EnvFor, &[env, inst], ptr);
        self.b
            .ins()
            .brif(theirs, have, &[BlockArg::Value(theirs)], exit, &[]);
        self.b.switch_to_block(have);
        self.b.block_params(have)[0]
    }

    /// `resume`, `suspend` and `switch`: the frame in memory made exact,
    /// `CallHooks::switch` runs the instruction on the interpreter's fast
    /// path and compiled code returns `SWITCHED` (on the new top frame
    /// next), or exits at `i` when the hook leaves it to the interpreter.
    /// No native frame outlives the switch: the run time enters the new
    /// top frame's code from `run_top`'s loop.
    pub(super) fn stack_switch(&mut self, i: usize, instr: &Instr) -> bool {
        if !matches!(
            instr,
            Instr::Resume { .. } | Instr::Suspend { .. } | Instr::Switch { .. }
        ) {
            return false;
        }
        self.store_dirty(i, |_| true);
        let env = self.env;
        let pc = self.b.ins().iconst(I32, i as i64);
        self.top_if_nested(pc);
        let code = self.target_address(Target::Code);
        let done = self.call_hook(Hook::Switch, &[env, pc, code], I32);
        let (switched, exit) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(done, switched, &[], exit, &[]);
        self.b.switch_to_block(switched);
        let out = self.b.ins().iconst(I32, i64::from(SWITCHED));
        self.b.ins().return_(&[out]);
        self.b.switch_to_block(exit);
        self.leave(i as u32);
        true
    }

    /// `return` (the results already in slots `0..num_results`) or, with
    /// `src`, `return` of the one-slot value in `src`: `RETURNED`, with the
    /// results stored into the frame. At the outermost entry, also the
    /// frame's `pc` (`i`) and, for `return1`, `src`'s slot: `run_top` pops
    /// the frame and goes on in the caller's compiled code, or leaves the
    /// `return` to the interpreter, which runs it at `i`.
    fn ret(&mut self, i: usize, src: Option<Slot>) {
        let outermost = self.b.create_block();
        let nested = self.b.create_block();
        let is_nested = self.is_nested();
        self.b.ins().brif(is_nested, nested, &[], outermost, &[]);

        self.b.switch_to_block(outermost);
        match src {
            Some(s) => {
                let v = self.get(I64, s);
                self.store_slot(0, v);
                if s != 0 {
                    self.store_slot(s, v);
                }
            }
            None => {
                let n = self.code.num_results;
                self.store_dirty(i, |s| s < n);
            }
        }
        let stack = self.env_load(self.ptr, offset_of!(JitEnv, stack));
        let pc = self.b.ins().iconst(I32, i as i64);
        self.b.ins().store(slot_flags(), pc, stack, STACK_TOP_PC);
        let returned = self.b.ins().iconst(I32, RETURNED as i64);
        self.b.ins().return_(&[returned]);

        self.b.switch_to_block(nested);
        match src {
            Some(s) => {
                let v = self.get(I64, s);
                self.store_slot(0, v);
            }
            None => {
                let n = self.code.num_results;
                self.store_dirty(i, |s| s < n);
            }
        }
        let returned = self.b.ins().iconst(I32, RETURNED as i64);
        self.b.ins().return_(&[returned]);
    }

    /// Calls the `extern "C"` hook `hook` (`call_extern`).
    pub(super) fn call_hook(&mut self, hook: Hook, args: &[Value], ret: Type) -> Value {
        self.call_extern(Target::Hook(hook), args, ret)
    }

    /// Calls the `extern "C"` helper `t` with `args` (parameter types are
    /// the arguments'); returns its one result, of type `ret`.
    pub(super) fn call_extern(&mut self, t: Target, args: &[Value], ret: Type) -> Value {
        let mut sig = Signature::new(self.b.func.signature.call_conv);
        for &a in args {
            let ty = self.b.func.dfg.value_type(a);
            sig.params.push(AbiParam::new(ty));
        }
        sig.returns.push(AbiParam::new(ret));
        let sig = self.b.import_signature(sig);
        let call = self.call_target(t, sig, args);
        self.b.inst_results(call)[0]
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Instr;
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
        if super::super::isa().is_some() {
            assert!(super::super::compile(&code, Default::default()).is_some());
        }
    }
}
