//! Spindle's internal code to Cranelift IR, one block per instruction, and
//! on to machine code for the host.
//!
//! Slots hold what the interpreter keeps in them (integers zero-extended to
//! 64 bits, floats as their bits). Between an entry and an exit they live
//! in Cranelift variables: an entry loads the slots it reads before writing
//! from the frame (`regs + 8 * slot`), an exit stores the ones written since
//! the entry (`flow`, computed from a first lowering pass that records what
//! each instruction reads, writes and jumps to). Entry points: instruction
//! 0, every instruction after one that exits (but not after an exit at
//! an instruction that traps: `Lower::trap_if`), and every catch and
//! resume-handler target, that is, every place the interpreter can hand a
//! frame back at. Anything else exits.

mod arith;
mod call;
mod flow;
mod forms;
mod gc;
mod simd;
mod slots;
mod table;

use std::sync::OnceLock;

use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F32, F64, I16, I32, I64, I64X2, I8};
use cranelift_codegen::ir::{
    AbiParam, AliasRegion, AliasRegionData, Block, BlockArg, BlockCall, ExtFuncData, ExternalName,
    FuncRef, Function, Inst, InstBuilder, JumpTableData, MemFlagsData, SigRef, Signature, Type,
    UserExternalName, UserFuncName, Value,
};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::FinalizedRelocTarget;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};

use super::shims::{shim, Shim};
use super::{AllocOffsets, Artifact, Hook, JitEnv, Target};
use crate::ir::{Instr, ResumeHandler, Slot};
use crate::module::FuncCode;
use flow::{Facts, Flow};
use slots::{fold_slot_round_trips, var_types, HI};

/// What the host's code generator makes code for: its target and its
/// settings (the CPU features it found included); `None` without one.
pub(super) fn isa_fingerprint() -> Option<String> {
    let isa = isa()?;
    Some(format!(
        "{} {} {}",
        isa.triple(),
        isa.flags(),
        isa.isa_flags()
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join(",")
    ))
}

/// The host's code generator, or `None` where Cranelift has no backend.
fn isa() -> Option<&'static OwnedTargetIsa> {
    static ISA: OnceLock<Option<OwnedTargetIsa>> = OnceLock::new();
    ISA.get_or_init(|| {
        // Slots are read at their low bytes (`Lower::get`).
        if cfg!(target_endian = "big") {
            return None;
        }
        let mut flags = settings::builder();
        flags.set("opt_level", "speed").ok()?;
        let verify = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        flags.set("enable_verifier", verify).ok()?;
        cranelift_native::builder()
            .ok()?
            .finish(settings::Flags::new(flags))
            .ok()
    })
    .as_ref()
}

/// The signature of every compiled function: `(regs, env, pc, nested, func) -> pc`.
fn entry_signature(isa: &OwnedTargetIsa) -> Signature {
    let ptr = isa.pointer_type();
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(I32));
    sig.params.push(AbiParam::new(I32));
    sig.params.push(AbiParam::new(I32));
    sig.returns.push(AbiParam::new(I32));
    sig
}

/// What `Lower::run` returns: the mode (the first pass's facts), which
/// instructions exit other than to trap, the helpers the code calls, and
/// what the first pass saw each slot read and written as (`kind`).
type Lowered = (Mode, Vec<bool>, Vec<Target>, Vec<u8>);

/// Machine code for `code`: a function `(regs, env, pc, nested, func) -> pc`
/// whose calls of helpers are relocations (`Artifact::relocs`), and whose
/// inline `struct.new` reads the allocation state at `gc_alloc`.
pub(super) fn compile(code: &FuncCode, gc_alloc: AllocOffsets) -> Option<Artifact> {
    let isa = isa()?;
    let ptr = isa.pointer_type();
    let sig = entry_signature(isa);
    let mut fctx = FunctionBuilderContext::new();
    // First pass: what each instruction reads, writes and jumps to, and
    // code that keeps slots in the frame in memory.
    let mut func = Function::with_name_signature(UserFuncName::user(0, 0), sig.clone());
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let first = Lower::new(
        b,
        code,
        ptr,
        gc_alloc,
        Mode::Record(vec![Facts::default(); code.instrs.len()]),
    );
    let (Mode::Record(facts), _, mut targets, kinds) = first.run(isa.frontend_config()) else {
        unreachable!("the first pass records")
    };
    // Second pass: the code with slots in variables, unless the function
    // is too large for the flow analysis (then the first pass's code runs).
    // Every slot an instruction names counts (a resume handler's payload
    // can reach past `max_slots`: see `flow::slot_count`).
    let slots = flow::slot_count(&facts, code.max_slots as usize);
    if let Some(flow) = flow::solve(&facts, slots) {
        func = Function::with_name_signature(UserFuncName::user(0, 0), sig);
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let types = var_types(&kinds, slots);
        let second = Lower::new(b, code, ptr, gc_alloc, Mode::Emit(flow, types));
        (_, _, targets, _) = second.run(isa.frontend_config());
    }
    fold_slot_round_trips(&mut func);
    let mut ctx = cranelift_codegen::Context::for_function(func);
    // `SPINDLE_DISASM`: print the machine code (ARCHITECTURE.md, section 5).
    let disasm = std::env::var_os("SPINDLE_DISASM").is_some();
    ctx.set_disasm(disasm);
    let mut ctrl = cranelift_codegen::control::ControlPlane::default();
    let compiled = ctx.compile(&**isa, &mut ctrl).ok()?;
    if let Some(text) = compiled.vcode.as_ref().filter(|_| disasm) {
        eprintln!("compiled {} IR instructions:\n{text}", code.instrs.len());
    }
    // Each relocation is the address of a helper (`Lower::call_target`);
    // any other (a libcall Cranelift chose for an operator the host's ISA
    // lacks) keeps the function interpreted.
    let names = ctx.func.params.user_named_funcs();
    let compiled = ctx.compiled_code()?;
    let mut relocs = Vec::new();
    for r in compiled.buffer.relocs() {
        let FinalizedRelocTarget::ExternalName(ExternalName::User(name)) = &r.target else {
            return None;
        };
        let index = names.get(*name)?.index as usize;
        if r.kind != Reloc::Abs8 || r.addend != 0 {
            return None;
        }
        relocs.push((r.offset, *targets.get(index)?));
    }
    Some(Artifact {
        bytes: compiled.code_buffer().into(),
        relocs: relocs.into(),
    })
}

/// Which instructions of `code` leave compiled code other than to trap
/// (the first pass's `Lower::exits`); `None` without a Cranelift backend.
#[cfg(test)]
fn exits(code: &FuncCode) -> Option<Vec<bool>> {
    let isa = isa()?;
    let mut fctx = FunctionBuilderContext::new();
    let mut func = Function::with_name_signature(UserFuncName::user(0, 0), entry_signature(isa));
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let record = Mode::Record(vec![Facts::default(); code.instrs.len()]);
    let lower = Lower::new(b, code, isa.pointer_type(), AllocOffsets::default(), record);
    Some(lower.run(isa.frontend_config()).1)
}

/// The most slots a native callee's code initialises with stores of its
/// own (more go through `CallHooks::init`).
const INLINE_FRAME_INIT: usize = 32;

/// Flags of a slot access: the frame is in bounds and 8-byte aligned.
fn slot_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Flags of a load of a `JitEnv` field or of the instance's global and
/// function indices: constant for a whole entry (see `JitEnv`), so
/// Cranelift may merge such loads and hoist them out of loops.
fn env_flags() -> MemFlagsData {
    MemFlagsData::trusted().with_readonly().with_can_move()
}

/// The alias regions of a compiled function's memory accesses: memory 0
/// and each of its frame's slots never overlap each other or anything else
/// compiled code reads and writes (the environment, stack records,
/// globals, the GC arena), so Cranelift's alias analysis forwards a slot's
/// stored value to its next load across stores to memory and to other
/// slots (a function whose slots stay in memory, `flow::solve`), and the
/// reverse. Slot `s`'s region is `FRAME_REGIONS + s`.
const HEAP_REGION: u32 = 1;
const FRAME_REGIONS: u32 = 2;

/// How a load of memory 0 widens what it reads.
#[derive(Clone, Copy)]
enum Widen {
    Plain(Type),
    U(Type),
    S(Type),
}

/// A load of memory 0: `dst = load(addr + offset)` of `bytes` bytes.
struct Load0 {
    dst: Slot,
    addr: Slot,
    offset: u32,
    bytes: i64,
    kind: Widen,
}

/// `instr`'s parts if it is a plain load of memory 0.
fn load_kind(instr: &Instr) -> Option<Load0> {
    use Widen::{Plain, S, U};
    let (dst, addr, offset, bytes, kind) = match *instr {
        Instr::I32Load { dst, addr, offset } => (dst, addr, offset, 4, Plain(I32)),
        Instr::I64Load { dst, addr, offset } => (dst, addr, offset, 8, Plain(I64)),
        Instr::F32Load { dst, addr, offset } => (dst, addr, offset, 4, Plain(I32)),
        Instr::F64Load { dst, addr, offset } => (dst, addr, offset, 8, Plain(I64)),
        Instr::I32Load8S { dst, addr, offset } => (dst, addr, offset, 1, S(I32)),
        Instr::I32Load8U { dst, addr, offset } => (dst, addr, offset, 1, U(I32)),
        Instr::I32Load16S { dst, addr, offset } => (dst, addr, offset, 2, S(I32)),
        Instr::I32Load16U { dst, addr, offset } => (dst, addr, offset, 2, U(I32)),
        Instr::I64Load8S { dst, addr, offset } => (dst, addr, offset, 1, S(I64)),
        Instr::I64Load8U { dst, addr, offset } => (dst, addr, offset, 1, U(I64)),
        Instr::I64Load16S { dst, addr, offset } => (dst, addr, offset, 2, S(I64)),
        Instr::I64Load16U { dst, addr, offset } => (dst, addr, offset, 2, U(I64)),
        Instr::I64Load32S { dst, addr, offset } => (dst, addr, offset, 4, S(I64)),
        Instr::I64Load32U { dst, addr, offset } => (dst, addr, offset, 4, U(I64)),
        _ => return None,
    };
    Some(Load0 {
        dst,
        addr,
        offset,
        bytes,
        kind,
    })
}

/// The lowering pass: recording what instructions do with slots (in
/// memory), or emitting the code (slots in variables).
enum Mode {
    Record(Vec<Facts>),
    /// The flow, and the type of each slot's variable (`var_type`).
    Emit(Flow, Vec<Type>),
}

struct Lower<'a> {
    b: FunctionBuilder<'a>,
    mode: Mode,
    /// The instruction being lowered.
    cur: usize,
    /// One variable per slot (emitting).
    vars: Vec<Variable>,
    code: &'a FuncCode,
    ptr: Type,
    /// One block per instruction.
    blocks: Vec<Block>,
    /// Returns its parameter: the `pc` the interpreter goes on at.
    exit: Block,
    /// Per entry point, the block that loads its live slots (made on
    /// demand: by the dispatch on `pc` and by native calls' returns).
    entry_loads: Vec<Option<Block>>,
    /// Where the inline `struct.new` finds the allocation state.
    gc_alloc: AllocOffsets,
    /// The helpers the code calls, by their index in its imported names.
    targets: Vec<Target>,
    regs: Value,
    env: Value,
    /// The number of frames below the function's own (its depth) times
    /// two, plus one when a native call entered it (`jit`'s docs).
    nested: Value,
    /// The store function the frame runs.
    func: Value,
    /// The block native calls unwind through (`call::unwind_block`).
    unwind: Option<Block>,
    mem_base: Value,
    mem_len: Value,
    /// Each slot's alias region (`FRAME_REGIONS`), made on demand, and
    /// `HEAP_REGION`, in this function.
    slot_regions: Vec<Option<AliasRegion>>,
    /// Per slot, the `kind`s the first pass read or wrote it as.
    kinds: Vec<u8>,
    heap_region: AliasRegion,
    /// Instructions that exit (always or on some condition).
    exits: Vec<bool>,
}

impl<'a> Lower<'a> {
    fn new(
        mut b: FunctionBuilder<'a>,
        code: &'a FuncCode,
        ptr: Type,
        gc_alloc: AllocOffsets,
        mode: Mode,
    ) -> Lower<'a> {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let (regs, env, nested, func) = (params[0], params[1], params[3], params[4]);
        let flags = slot_flags();
        let mem_base = b.ins().load(
            ptr,
            flags,
            env,
            std::mem::offset_of!(JitEnv, mem0_base) as i32,
        );
        let mem_len = b.ins().load(
            I64,
            flags,
            env,
            std::mem::offset_of!(JitEnv, mem0_len) as i32,
        );
        let mut region = |user_id, description: &'static str| {
            b.func.dfg.alias_regions.insert(AliasRegionData {
                user_id,
                description: description.into(),
            })
        };
        let heap_region = region(HEAP_REGION, "memory 0");
        let exit = b.create_block();
        b.append_block_param(exit, I32);
        let blocks = (0..code.instrs.len()).map(|_| b.create_block()).collect();
        let vars = match mode {
            Mode::Emit(_, ref types) => types
                .iter()
                .map(|&t| b.declare_var(if t == HI { I64 } else { t }))
                .collect(),
            Mode::Record(_) => Vec::new(),
        };
        Lower {
            b,
            mode,
            cur: 0,
            vars,
            code,
            ptr,
            blocks,
            exit,
            entry_loads: vec![None; code.instrs.len()],
            gc_alloc,
            targets: Vec::new(),
            regs,
            env,
            nested,
            func,
            unwind: None,
            mem_base,
            mem_len,
            slot_regions: Vec::new(),
            kinds: Vec::new(),
            heap_region,
            exits: vec![false; code.instrs.len()],
        }
    }

    /// Lowers every instruction; returns the dispatch block (for `run`).
    fn body(&mut self) -> Block {
        let dispatch = self.b.create_block();
        // A native call (at `pc` 0) first initialises the frame.
        let init = self.b.create_block();
        let nested = self.is_nested();
        self.b.ins().brif(nested, init, &[], dispatch, &[]);
        self.b.switch_to_block(init);
        self.init_frame();
        let start = self.entry_load(0);
        self.b.ins().jump(start, &[]);
        for i in 0..self.code.instrs.len() {
            self.cur = i;
            self.b.switch_to_block(self.blocks[i]);
            self.instr(i);
        }
        dispatch
    }

    /// Lowers the function; returns the mode (the first pass's facts),
    /// which instructions exit other than to trap (`exits`) and the
    /// helpers it calls (`targets`).
    fn run(mut self, frontend: cranelift_codegen::isa::TargetFrontendConfig) -> Lowered {
        // The entry block jumps to the dispatch on `pc`, filled in last
        // (when the exits are known).
        let entry = self.b.current_block().expect("entry block");
        let pc = self.b.block_params(entry)[2];
        let dispatch = self.body();

        self.b.switch_to_block(self.exit);
        let ret = self.b.block_params(self.exit)[0];
        self.top_if_nested(ret);
        self.b.ins().return_(&[ret]);

        // Entry points: see the module docs.
        let n = self.code.instrs.len();
        let mut entries: Vec<usize> = vec![0];
        entries.extend((0..n).filter(|&i| self.exits[i]).map(|i| i + 1));
        // The interpreter goes on in compiled code at a `HotCount` (at a
        // function's entry, loop headers and after calls), which makes no
        // entry point of the instruction after it: after a call that
        // exits, one entry point (the `HotCount`) and no second merge of
        // every live slot with the fall-through values right after it.
        entries.extend((0..n).filter(|&i| matches!(self.code.instrs[i], Instr::HotCount { .. })));
        for region in &*self.code.try_regions {
            entries.extend(region.catches.iter().map(|c| c.target as usize));
        }
        for table in &*self.code.resume_tables {
            for clause in &*table.clauses {
                if let ResumeHandler::OnLabel { target, .. } = clause {
                    entries.push(*target as usize);
                }
            }
        }
        entries.retain(|&e| e < n);
        entries.sort_unstable();
        entries.dedup();
        self.b.switch_to_block(dispatch);
        // Each entry loads its live slots, then goes to its instruction.
        let mut switch = Switch::new();
        for &e in &entries {
            let load = self.entry_load(e);
            switch.set_entry(e as u128, load);
        }
        let otherwise = self.b.create_block();
        switch.emit(&mut self.b, pc, otherwise);
        for e in entries {
            let load = self.entry_load(e);
            self.b.switch_to_block(load);
            let live: Vec<Slot> = match &self.mode {
                Mode::Emit(flow, _) => flow.live[e].iter().collect(),
                Mode::Record(_) => Vec::new(),
            };
            let mut k = 0;
            while k < live.len() {
                let s = live[k];
                // Both halves of a vector variable: one vector.
                if self.vec_var(s).is_some() && live.get(k + 1) == Some(&(s + 1)) {
                    let (lo, hi) = (self.load_slot(s), self.load_slot(s + 1));
                    let v = self.b.ins().scalar_to_vector(I64X2, lo);
                    let v = self.b.ins().insertlane(v, hi, 1);
                    self.set_vec(s, v);
                    k += 2;
                    continue;
                }
                let v = self.load_slot(s);
                self.def_bits(s, v);
                k += 1;
            }
            self.b.ins().jump(self.blocks[e], &[]);
        }
        self.b.switch_to_block(otherwise);
        self.b.ins().jump(self.exit, &[BlockArg::Value(pc)]);

        self.b.seal_all_blocks();
        self.b.finalize(frontend);
        (self.mode, self.exits, self.targets, self.kinds)
    }

    /// What `FuncCode::init_frame` does, for a frame a native call pushed:
    /// zeroes the declared locals and writes the constants, inline when
    /// they are few, else through `CallHooks::init`.
    fn init_frame(&mut self) {
        let init = &*self.code.frame_init;
        let np = self.code.num_params as i64;
        if init.len() > INLINE_FRAME_INIT {
            let (env, func, regs) = (self.env, self.func, self.regs);
            self.call_hook(Hook::Init, &[env, func, regs], I32);
            return;
        }
        for (k, &v) in init.iter().enumerate() {
            let v = self.b.ins().iconst(I64, v as i64);
            let s = Slot::try_from(np + k as i64).expect("a slot");
            self.store_slot(s, v);
        }
    }

    /// Flags of a bounds-checked access of memory 0 (may be unaligned).
    fn heap_flags(&self) -> MemFlagsData {
        MemFlagsData::new()
            .with_notrap()
            .with_alias_region(Some(self.heap_region))
    }

    /// The block that loads entry point `e`'s live slots and goes to it.
    fn entry_load(&mut self, e: usize) -> Block {
        match self.entry_loads[e] {
            Some(b) => b,
            None => {
                let b = self.b.create_block();
                self.entry_loads[e] = Some(b);
                b
            }
        }
    }

    /// Instruction `t`'s block, as a jump target of the current one.
    fn target(&mut self, t: usize) -> Block {
        if let Mode::Record(facts) = &mut self.mode {
            facts[self.cur].succs.push(t);
        }
        self.blocks[t]
    }

    // ---- control ----

    fn goto(&mut self, target: u32) {
        let t = self.target(target as usize);
        self.b.ins().jump(t, &[]);
    }

    fn next(&mut self, i: usize) {
        self.goto(i as u32 + 1);
    }

    /// Leaves compiled code at instruction `i` (not yet run); the
    /// interpreter may hand the frame back right after it.
    fn exit_at(&mut self, i: usize) {
        self.store_dirty(i, |_| true);
        self.leave(i as u32);
    }

    /// Stores the slots (among those `keep` selects) written since the
    /// entry, at instruction `i`, which exits; the instruction after it
    /// becomes an entry point.
    fn store_dirty(&mut self, i: usize, keep: impl Fn(Slot) -> bool) {
        self.exits[i] = true;
        self.store_written(i, keep);
    }

    /// Stores the slots (among those `keep` selects) written since the
    /// entry, at instruction `i`, which exits.
    fn store_written(&mut self, i: usize, keep: impl Fn(Slot) -> bool) {
        let dirty: Vec<Slot> = match &mut self.mode {
            Mode::Record(facts) => {
                facts[i].exits = true;
                Vec::new()
            }
            Mode::Emit(flow, _) => flow.dirty[i].iter().filter(|&s| keep(s)).collect(),
        };
        self.store_vars(&dirty);
    }

    /// Stores the variables of `slots` into their frame slots.
    fn store_vars(&mut self, slots: &[Slot]) {
        for &s in slots {
            let v = self.read_var(s);
            let v = self.bits(v);
            self.store_slot(s, v);
        }
    }

    /// Returns `pc` to the interpreter (the frame in memory is exact).
    fn leave(&mut self, pc: u32) {
        let pc = self.b.ins().iconst(I32, pc as i64);
        self.b.ins().jump(self.exit, &[BlockArg::Value(pc)]);
    }

    /// Branches to `target` if `cond` (an `i8` or wider), else to `i + 1`.
    fn branch(&mut self, cond: Value, target: u32, i: usize) {
        let (t, f) = (self.target(target as usize), self.target(i + 1));
        self.b.ins().brif(cond, t, &[], f, &[]);
    }

    /// Exits at `i` if `cond`, where the instruction at `i` traps (an
    /// out-of-bounds access, a zero divisor...), else goes on in a new
    /// block. The interpreter runs `i` again and raises the trap, so it
    /// never goes on at `i + 1`: unlike other exits, this one makes no
    /// entry point there (fewer entries: less code, and a much smaller
    /// register allocation problem for Cranelift).
    fn trap_if(&mut self, cond: Value, i: usize) {
        let trap = self.b.create_block();
        let ok = self.b.create_block();
        self.b.ins().brif(cond, trap, &[], ok, &[]);
        self.b.switch_to_block(trap);
        // The interpreter reads the operands again; it raises the trap, so
        // nothing reads the rest of the frame.
        let stores: Vec<Slot> = match &mut self.mode {
            Mode::Record(facts) => {
                facts[i].traps = true;
                Vec::new()
            }
            Mode::Emit(flow, _) => flow.trap_stores[i].clone(),
        };
        self.store_vars(&stores);
        self.leave(i as u32);
        self.b.switch_to_block(ok);
    }

    /// Exits at `i` if `cond`, else goes on in a new block.
    fn exit_if(&mut self, cond: Value, i: usize) {
        let trap = self.b.create_block();
        let ok = self.b.create_block();
        self.b.ins().brif(cond, trap, &[], ok, &[]);
        self.b.switch_to_block(trap);
        self.exit_at(i);
        self.b.switch_to_block(ok);
    }

    // ---- instructions ----

    fn instr(&mut self, i: usize) {
        let instr = self.code.instrs[i];
        if self.control(i, &instr)
            || self.call(i, &instr)
            || self.stack_switch(i, &instr)
            || self.numeric(i, &instr)
            || self.arith(i, &instr)
            || self.memory(i, &instr)
            || self.gc(i, &instr)
            || self.table(i, &instr)
            || self.simd(i, &instr)
            || self.short_form(i, &instr)
        {
            return;
        }
        if let Some(s) = shim(&instr) {
            self.call_shim(i, s);
            return;
        }
        self.exit_at(i);
    }

    fn control(&mut self, i: usize, instr: &Instr) -> bool {
        match *instr {
            Instr::Br { target } => self.goto(target),
            Instr::BrIfNez { cond, target } => {
                let c = self.get(I32, cond);
                self.branch(c, target, i);
            }
            Instr::BrIfEqz { cond, target } => {
                let c = self.get(I32, cond);
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, c, 0);
                self.branch(z, target, i);
            }
            Instr::BrTable { index, len } => {
                let x = self.get(I32, index);
                let targets: Vec<Block> =
                    (0..=len as usize).map(|k| self.target(i + 1 + k)).collect();
                let pool = &mut self.b.func.dfg.value_lists;
                let default = BlockCall::new(targets[len as usize], [], pool);
                let entries: Vec<BlockCall> = targets[..len as usize]
                    .iter()
                    .map(|&t| BlockCall::new(t, [], pool))
                    .collect();
                let jt = self
                    .b
                    .create_jump_table(JumpTableData::new(default, &entries));
                self.b.ins().br_table(x, jt);
            }
            Instr::BrOnNull { src, target } => {
                let v = self.get(I64, src);
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                self.branch(z, target, i);
            }
            Instr::BrOnNonNull { src, target } => {
                let v = self.get(I64, src);
                let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0);
                self.branch(nz, target, i);
            }
            Instr::Tick => {
                let flags = slot_flags();
                let p = self.env_load(self.ptr, std::mem::offset_of!(JitEnv, budget));
                let budget = self.b.ins().load(I64, flags, p, 0);
                let out = self.b.ins().icmp_imm_s(IntCC::Equal, budget, 0);
                self.exit_if(out, i);
                let left = self.b.ins().iadd_imm_s(budget, -1);
                self.b.ins().store(flags, left, p, 0);
                self.next(i);
            }
            Instr::HotCount { .. } => {
                // A no-op here, and an entry point (where the interpreter
                // goes on in compiled code: `run`). It never exits.
                self.next(i);
            }
            Instr::Copy { dst, src } => {
                let v = self.get_any(src);
                self.set_any(dst, v);
                self.next(i);
            }
            Instr::CopyN { dst, src, n } => {
                // As if through a buffer: the ranges may overlap.
                let vals: Vec<Value> = (0..n).map(|k| self.get_any(src + k)).collect();
                for (k, v) in vals.into_iter().enumerate() {
                    self.set_any(dst + k as u32, v);
                }
                self.next(i);
            }
            Instr::Const32 { dst, value } => {
                let v = self.b.ins().iconst(I64, value as i64);
                self.set_any(dst, v);
                self.next(i);
            }
            Instr::Const64 { dst, lo, hi } => {
                let v = self
                    .b
                    .ins()
                    .iconst(I64, ((lo as u64) | ((hi as u64) << 32)) as i64);
                self.set_any(dst, v);
                self.next(i);
            }
            Instr::Select { dst, cond, a, b } => {
                let c = self.get(I32, cond);
                let (x, y) = (self.get(I64, a), self.get(I64, b));
                let v = self.b.ins().select(c, x, y);
                self.set(dst, v);
                self.next(i);
            }
            Instr::RefIsNull { dst, src } => {
                let v = self.get(I64, src);
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                let z = self.b.ins().uextend(I64, z);
                self.set(dst, z);
                self.next(i);
            }
            Instr::RefEq { dst, a, b } => {
                let (x, y) = (self.get(I64, a), self.get(I64, b));
                let e = self.b.ins().icmp(IntCC::Equal, x, y);
                let e = self.b.ins().uextend(I64, e);
                self.set(dst, e);
                self.next(i);
            }
            Instr::RefAsNonNull { src } => {
                let v = self.get(I64, src);
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                self.trap_if(z, i);
                self.next(i);
            }
            Instr::GlobalGet { dst, global } => {
                let addr = self.global_addr(global);
                let v = self.b.ins().load(I64, slot_flags(), addr, 0);
                self.set(dst, v);
                self.next(i);
            }
            Instr::GlobalSet { src, global } => {
                let v = self.get(I64, src);
                let addr = self.global_addr(global);
                self.b.ins().store(slot_flags(), v, addr, 0);
                self.next(i);
            }
            // Through a hook that checks the ranges: on a range out of
            // bounds it does nothing, and the interpreter traps.
            Instr::MemoryCopy {
                dst_mem: 0,
                src_mem: 0,
                base,
            } => self.bulk_memory(i, Hook::MemoryCopy, base),
            Instr::MemoryFill { mem: 0, base } => self.bulk_memory(i, Hook::MemoryFill, base),
            Instr::MemorySize { dst, mem: 0 } => {
                let pages = self.b.ins().ushr_imm_u(self.mem_len, 16);
                self.set(dst, pages);
                self.next(i);
            }
            _ => return self.fused(i, instr),
        }
        true
    }

    /// `memory.copy` or `memory.fill` of memory 0 (operands at `base`)
    /// through `hook`; exits at `i` (the interpreter traps) when the hook
    /// says a range is out of bounds.
    fn bulk_memory(&mut self, i: usize, hook: Hook, base: Slot) {
        let mut args = vec![self.env];
        for k in 0..3 {
            args.push(self.get(I64, base + k));
        }
        let ok = self.call_hook(hook, &args, I32);
        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
        self.trap_if(bad, i);
        self.next(i);
    }

    /// The address of the `value` of the instance's global `global`.
    fn global_addr(&mut self, global: u32) -> Value {
        let ptr = self.ptr;
        let idx_base = self.env_load(ptr, std::mem::offset_of!(JitEnv, inst_globals));
        let idx = self
            .b
            .ins()
            .load(I32, env_flags(), idx_base, (global * 4) as i32);
        let idx = self.b.ins().uextend(ptr, idx);
        let stride = self.env_load(ptr, std::mem::offset_of!(JitEnv, global_stride));
        let byte = self.b.ins().imul(idx, stride);
        let globals = self.env_load(ptr, std::mem::offset_of!(JitEnv, globals));
        self.b.ins().iadd(globals, byte)
    }

    /// Compare-and-branch and the fused counted-loop steps.
    fn fused(&mut self, i: usize, instr: &Instr) -> bool {
        use IntCC::*;
        let int = Some;
        let long = Some;
        let (cc, ty, a, b, target) = match *instr {
            Instr::BrIfI32Eq { a, b, target } => (int(Equal), I32, a, b, target),
            Instr::BrIfI32Ne { a, b, target } => (int(NotEqual), I32, a, b, target),
            Instr::BrIfI32LtS { a, b, target } => (int(SignedLessThan), I32, a, b, target),
            Instr::BrIfI32LtU { a, b, target } => (int(UnsignedLessThan), I32, a, b, target),
            Instr::BrIfI32GtS { a, b, target } => (int(SignedGreaterThan), I32, a, b, target),
            Instr::BrIfI32GtU { a, b, target } => (int(UnsignedGreaterThan), I32, a, b, target),
            Instr::BrIfI32LeS { a, b, target } => (int(SignedLessThanOrEqual), I32, a, b, target),
            Instr::BrIfI32LeU { a, b, target } => (int(UnsignedLessThanOrEqual), I32, a, b, target),
            Instr::BrIfI32GeS { a, b, target } => {
                (int(SignedGreaterThanOrEqual), I32, a, b, target)
            }
            Instr::BrIfI32GeU { a, b, target } => {
                (int(UnsignedGreaterThanOrEqual), I32, a, b, target)
            }
            Instr::BrIfI64Eq { a, b, target } => (long(Equal), I64, a, b, target),
            Instr::BrIfI64Ne { a, b, target } => (long(NotEqual), I64, a, b, target),
            Instr::BrIfI64LtS { a, b, target } => (long(SignedLessThan), I64, a, b, target),
            Instr::BrIfI64LtU { a, b, target } => (long(UnsignedLessThan), I64, a, b, target),
            Instr::BrIfI64GtS { a, b, target } => (long(SignedGreaterThan), I64, a, b, target),
            Instr::BrIfI64GtU { a, b, target } => (long(UnsignedGreaterThan), I64, a, b, target),
            Instr::BrIfI64LeS { a, b, target } => (long(SignedLessThanOrEqual), I64, a, b, target),
            Instr::BrIfI64LeU { a, b, target } => {
                (long(UnsignedLessThanOrEqual), I64, a, b, target)
            }
            Instr::BrIfI64GeS { a, b, target } => {
                (long(SignedGreaterThanOrEqual), I64, a, b, target)
            }
            Instr::BrIfI64GeU { a, b, target } => {
                (long(UnsignedGreaterThanOrEqual), I64, a, b, target)
            }
            Instr::BrIfF64Lt { a, b, target } => (None, F64, a, b, target),
            Instr::BrIfF64Gt { a, b, target } => (None, F64, a, b, target),
            Instr::BrIfF64Le { a, b, target } => (None, F64, a, b, target),
            Instr::BrIfF64Ge { a, b, target } => (None, F64, a, b, target),
            Instr::BrIfF32Lt { a, b, target } => (None, F32, a, b, target),
            Instr::BrIfF32Gt { a, b, target } => (None, F32, a, b, target),
            Instr::BrIfF32Le { a, b, target } => (None, F32, a, b, target),
            Instr::BrIfF32Ge { a, b, target } => (None, F32, a, b, target),
            _ => return self.counted(i, instr),
        };
        let (x, y) = (self.get(ty, a), self.get(ty, b));
        let c = match cc {
            Some(cc) => self.b.ins().icmp(cc, x, y),
            None => {
                let fcc = match *instr {
                    Instr::BrIfF64Lt { .. } | Instr::BrIfF32Lt { .. } => FloatCC::LessThan,
                    Instr::BrIfF64Gt { .. } | Instr::BrIfF32Gt { .. } => FloatCC::GreaterThan,
                    Instr::BrIfF64Le { .. } | Instr::BrIfF32Le { .. } => FloatCC::LessThanOrEqual,
                    _ => FloatCC::GreaterThanOrEqual,
                };
                self.b.ins().fcmp(fcc, x, y)
            }
        };
        self.branch(c, target, i);
        true
    }

    /// `I32AddImm`, `I64AddImm` and the counted-loop steps: `dst += step`,
    /// then to `target` if `test(dst, b)`, else past the compare-and-branch
    /// the step stands for.
    fn counted(&mut self, i: usize, instr: &Instr) -> bool {
        use IntCC::*;
        let (dst, step, b, target, cc) = match *instr {
            Instr::I32AddImm { dst, a, imm } => {
                let x = self.get(I32, a);
                let v = self.b.ins().iadd_imm_s(x, imm as i32 as i64);
                self.set(dst, v);
                self.next(i);
                return true;
            }
            Instr::I64AddImm { dst, a, imm } => {
                let x = self.get(I64, a);
                let v = self.b.ins().iadd_imm_s(x, imm as i32 as i64);
                self.set(dst, v);
                self.next(i);
                return true;
            }
            Instr::I32AddImmBrIfLtU {
                dst,
                imm,
                b,
                target,
            } => (dst, Err(imm), b, target, UnsignedLessThan),
            Instr::I32AddImmBrIfLtS {
                dst,
                imm,
                b,
                target,
            } => (dst, Err(imm), b, target, SignedLessThan),
            Instr::I32AddImmBrIfNe {
                dst,
                imm,
                b,
                target,
            } => (dst, Err(imm), b, target, NotEqual),
            Instr::I32AddBrIfLtU {
                dst,
                step,
                b,
                target,
            } => (dst, Ok(step), b, target, UnsignedLessThan),
            Instr::I32AddBrIfLtS {
                dst,
                step,
                b,
                target,
            } => (dst, Ok(step), b, target, SignedLessThan),
            _ => return false,
        };
        let x = self.get(I32, dst);
        let v = match step {
            Ok(s) => {
                let s = self.get(I32, s);
                self.b.ins().iadd(x, s)
            }
            Err(imm) => self.b.ins().iadd_imm_s(x, imm as i32 as i64),
        };
        self.set(dst, v);
        let bound = self.get(I32, b);
        let c = self.b.ins().icmp(cc, v, bound);
        let (t, f) = (self.target(target as usize), self.target(i + 2));
        self.b.ins().brif(c, t, &[], f, &[]);
        true
    }

    /// Integer and float instructions lowered inline.
    fn numeric(&mut self, i: usize, instr: &Instr) -> bool {
        use IntCC::*;
        macro_rules! bin {
            ($ty:expr, $dst:expr, $a:expr, $b:expr, $op:ident) => {{
                let (x, y) = (self.get($ty, $a), self.get($ty, $b));
                let v = self.b.ins().$op(x, y);
                self.set($dst, v);
            }};
        }
        macro_rules! cmp {
            ($ty:expr, $dst:expr, $a:expr, $b:expr, $cc:expr) => {{
                let (x, y) = (self.get($ty, $a), self.get($ty, $b));
                let c = self.b.ins().icmp($cc, x, y);
                let c = self.b.ins().uextend(I32, c);
                self.set($dst, c);
            }};
        }
        macro_rules! fcmp {
            ($ty:expr, $dst:expr, $a:expr, $b:expr, $cc:expr) => {{
                let (x, y) = (self.get($ty, $a), self.get($ty, $b));
                let c = self.b.ins().fcmp($cc, x, y);
                let c = self.b.ins().uextend(I32, c);
                self.set($dst, c);
            }};
        }
        match *instr {
            Instr::I32Add { dst, a, b } => bin!(I32, dst, a, b, iadd),
            Instr::I32Sub { dst, a, b } => bin!(I32, dst, a, b, isub),
            Instr::I32Mul { dst, a, b } => bin!(I32, dst, a, b, imul),
            Instr::I32And { dst, a, b } => bin!(I32, dst, a, b, band),
            Instr::I32Or { dst, a, b } => bin!(I32, dst, a, b, bor),
            Instr::I32Xor { dst, a, b } => bin!(I32, dst, a, b, bxor),
            Instr::I32Shl { dst, a, b } => bin!(I32, dst, a, b, ishl),
            Instr::I32ShrS { dst, a, b } => bin!(I32, dst, a, b, sshr),
            Instr::I32ShrU { dst, a, b } => bin!(I32, dst, a, b, ushr),
            Instr::I32Rotl { dst, a, b } => bin!(I32, dst, a, b, rotl),
            Instr::I32Rotr { dst, a, b } => bin!(I32, dst, a, b, rotr),
            Instr::I64Add { dst, a, b } => bin!(I64, dst, a, b, iadd),
            Instr::I64Sub { dst, a, b } => bin!(I64, dst, a, b, isub),
            Instr::I64Mul { dst, a, b } => bin!(I64, dst, a, b, imul),
            Instr::I64And { dst, a, b } => bin!(I64, dst, a, b, band),
            Instr::I64Or { dst, a, b } => bin!(I64, dst, a, b, bor),
            Instr::I64Xor { dst, a, b } => bin!(I64, dst, a, b, bxor),
            Instr::I64Shl { dst, a, b } => bin!(I64, dst, a, b, ishl),
            Instr::I64ShrS { dst, a, b } => bin!(I64, dst, a, b, sshr),
            Instr::I64ShrU { dst, a, b } => bin!(I64, dst, a, b, ushr),
            Instr::I64Rotl { dst, a, b } => bin!(I64, dst, a, b, rotl),
            Instr::I64Rotr { dst, a, b } => bin!(I64, dst, a, b, rotr),
            Instr::F32Add { dst, a, b } => bin!(F32, dst, a, b, fadd),
            Instr::F32Sub { dst, a, b } => bin!(F32, dst, a, b, fsub),
            Instr::F32Mul { dst, a, b } => bin!(F32, dst, a, b, fmul),
            Instr::F32Div { dst, a, b } => bin!(F32, dst, a, b, fdiv),
            Instr::F64Add { dst, a, b } => bin!(F64, dst, a, b, fadd),
            Instr::F64Sub { dst, a, b } => bin!(F64, dst, a, b, fsub),
            Instr::F64Mul { dst, a, b } => bin!(F64, dst, a, b, fmul),
            Instr::F64Div { dst, a, b } => bin!(F64, dst, a, b, fdiv),
            Instr::I32Eq { dst, a, b } => cmp!(I32, dst, a, b, Equal),
            Instr::I32Ne { dst, a, b } => cmp!(I32, dst, a, b, NotEqual),
            Instr::I32LtS { dst, a, b } => cmp!(I32, dst, a, b, SignedLessThan),
            Instr::I32LtU { dst, a, b } => cmp!(I32, dst, a, b, UnsignedLessThan),
            Instr::I32GtS { dst, a, b } => cmp!(I32, dst, a, b, SignedGreaterThan),
            Instr::I32GtU { dst, a, b } => cmp!(I32, dst, a, b, UnsignedGreaterThan),
            Instr::I32LeS { dst, a, b } => cmp!(I32, dst, a, b, SignedLessThanOrEqual),
            Instr::I32LeU { dst, a, b } => cmp!(I32, dst, a, b, UnsignedLessThanOrEqual),
            Instr::I32GeS { dst, a, b } => cmp!(I32, dst, a, b, SignedGreaterThanOrEqual),
            Instr::I32GeU { dst, a, b } => cmp!(I32, dst, a, b, UnsignedGreaterThanOrEqual),
            Instr::I64Eq { dst, a, b } => cmp!(I64, dst, a, b, Equal),
            Instr::I64Ne { dst, a, b } => cmp!(I64, dst, a, b, NotEqual),
            Instr::I64LtS { dst, a, b } => cmp!(I64, dst, a, b, SignedLessThan),
            Instr::I64LtU { dst, a, b } => cmp!(I64, dst, a, b, UnsignedLessThan),
            Instr::I64GtS { dst, a, b } => cmp!(I64, dst, a, b, SignedGreaterThan),
            Instr::I64GtU { dst, a, b } => cmp!(I64, dst, a, b, UnsignedGreaterThan),
            Instr::I64LeS { dst, a, b } => cmp!(I64, dst, a, b, SignedLessThanOrEqual),
            Instr::I64LeU { dst, a, b } => cmp!(I64, dst, a, b, UnsignedLessThanOrEqual),
            Instr::I64GeS { dst, a, b } => cmp!(I64, dst, a, b, SignedGreaterThanOrEqual),
            Instr::I64GeU { dst, a, b } => cmp!(I64, dst, a, b, UnsignedGreaterThanOrEqual),
            Instr::F32Eq { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::Equal),
            Instr::F32Ne { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::NotEqual),
            Instr::F32Lt { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::LessThan),
            Instr::F32Gt { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::GreaterThan),
            Instr::F32Le { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::LessThanOrEqual),
            Instr::F32Ge { dst, a, b } => fcmp!(F32, dst, a, b, FloatCC::GreaterThanOrEqual),
            Instr::F64Eq { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::Equal),
            Instr::F64Ne { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::NotEqual),
            Instr::F64Lt { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::LessThan),
            Instr::F64Gt { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::GreaterThan),
            Instr::F64Le { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::LessThanOrEqual),
            Instr::F64Ge { dst, a, b } => fcmp!(F64, dst, a, b, FloatCC::GreaterThanOrEqual),
            Instr::I32Eqz { dst, src } => {
                let x = self.get(I32, src);
                let c = self.b.ins().icmp_imm_s(Equal, x, 0);
                let c = self.b.ins().uextend(I32, c);
                self.set(dst, c);
            }
            Instr::I64Eqz { dst, src } => {
                let x = self.get(I64, src);
                let c = self.b.ins().icmp_imm_s(Equal, x, 0);
                let c = self.b.ins().uextend(I32, c);
                self.set(dst, c);
            }
            Instr::I32WrapI64 { dst, src } => {
                let x = self.get(I32, src);
                self.set(dst, x);
            }
            Instr::I64ExtendI32S { dst, src } => {
                let x = self.get(I32, src);
                let v = self.b.ins().sextend(I64, x);
                self.set(dst, v);
            }
            Instr::I64ExtendI32U { dst, src } => {
                let x = self.get(I32, src);
                self.set(dst, x);
            }
            Instr::I32Extend8S { dst, src } => self.extend(dst, src, I8, I32),
            Instr::I32Extend16S { dst, src } => self.extend(dst, src, I16, I32),
            Instr::I64Extend8S { dst, src } => self.extend(dst, src, I8, I64),
            Instr::I64Extend16S { dst, src } => self.extend(dst, src, I16, I64),
            Instr::I64Extend32S { dst, src } => self.extend(dst, src, I32, I64),
            // Reinterpretations keep the slot's bits.
            Instr::I32ReinterpretF32 { dst, src }
            | Instr::F32ReinterpretI32 { dst, src }
            | Instr::I64ReinterpretF64 { dst, src }
            | Instr::F64ReinterpretI64 { dst, src } => {
                let x = self.get(I64, src);
                self.set(dst, x);
            }
            _ => return false,
        }
        self.next(i);
        true
    }

    /// Sign-extends the low `from` bits of `src` to `to`.
    fn extend(&mut self, dst: Slot, src: Slot, from: Type, to: Type) {
        let x = self.get(from, src);
        let v = self.b.ins().sextend(to, x);
        self.set(dst, v);
    }

    /// Loads and stores of memory 0, with an explicit bounds check that
    /// exits (the interpreter then traps).
    fn memory(&mut self, i: usize, instr: &Instr) -> bool {
        let Some(load) = load_kind(instr) else {
            return self.store(i, instr);
        };
        let a = self.get(I32, load.addr);
        self.load_from(i, &load, a);
        true
    }

    /// Lowers `load` from the `i32` address `a` (a plain load's `addr`
    /// slot, or a fused load's sum).
    fn load_from(&mut self, i: usize, load: &Load0, a: Value) {
        let p = self.effective_at(i, a, load.offset, load.bytes);
        let f = self.heap_flags();
        let v = match (load.kind, load.bytes) {
            (Widen::Plain(ty), _) => self.b.ins().load(ty, f, p, 0),
            (Widen::U(ty), 1) => self.b.ins().uload8(ty, f, p, 0),
            (Widen::S(ty), 1) => self.b.ins().sload8(ty, f, p, 0),
            (Widen::U(ty), 2) => self.b.ins().uload16(ty, f, p, 0),
            (Widen::S(ty), 2) => self.b.ins().sload16(ty, f, p, 0),
            (Widen::U(_), _) => self.b.ins().uload32(f, p, 0),
            (Widen::S(_), _) => self.b.ins().sload32(f, p, 0),
        };
        self.set(load.dst, v);
        self.next(i);
    }

    fn store(&mut self, i: usize, instr: &Instr) -> bool {
        let (addr, value, offset, bytes) = match *instr {
            Instr::I32Store {
                addr,
                value,
                offset,
            } => (addr, value, offset, 4),
            Instr::I64Store {
                addr,
                value,
                offset,
            } => (addr, value, offset, 8),
            Instr::F32Store {
                addr,
                value,
                offset,
            } => (addr, value, offset, 4),
            Instr::F64Store {
                addr,
                value,
                offset,
            } => (addr, value, offset, 8),
            Instr::I32Store8 {
                addr,
                value,
                offset,
            } => (addr, value, offset, 1),
            Instr::I32Store16 {
                addr,
                value,
                offset,
            } => (addr, value, offset, 2),
            Instr::I64Store8 {
                addr,
                value,
                offset,
            } => (addr, value, offset, 1),
            Instr::I64Store16 {
                addr,
                value,
                offset,
            } => (addr, value, offset, 2),
            Instr::I64Store32 {
                addr,
                value,
                offset,
            } => (addr, value, offset, 4),
            _ => return false,
        };
        let p = self.effective(i, addr, offset, bytes);
        let f = self.heap_flags();
        let v = self.get(I64, value);
        match bytes {
            1 => self.b.ins().istore8(f, v, p, 0),
            2 => self.b.ins().istore16(f, v, p, 0),
            4 => self.b.ins().istore32(f, v, p, 0),
            _ => self.b.ins().store(f, v, p, 0),
        };
        self.next(i);
        true
    }

    /// The host address of an access of `bytes` at `addr + offset` in
    /// memory 0; exits at `i` if it is out of bounds.
    fn effective(&mut self, i: usize, addr: Slot, offset: u32, bytes: i64) -> Value {
        let a = self.get(I32, addr);
        self.effective_at(i, a, offset, bytes)
    }

    /// `effective` of the `i32` address `a`.
    fn effective_at(&mut self, i: usize, a: Value, offset: u32, bytes: i64) -> Value {
        let a = self.b.ins().uextend(I64, a);
        // addr + offset + bytes <= len, all in 64 bits (no overflow).
        let end = self.b.ins().iadd_imm_s(a, offset as i64 + bytes);
        let oob = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThan, end, self.mem_len);
        self.trap_if(oob, i);
        let ea = self.b.ins().iadd_imm_s(a, offset as i64);
        self.b.ins().iadd(self.mem_base, ea)
    }

    fn call_shim(&mut self, i: usize, s: Shim) {
        let shim = |ok| Target::Shim {
            instr: i as u32,
            ok,
        };
        let (dst, args) = match s {
            Shim::Pure { dst, args, n, .. } => (dst, args[..n].to_vec()),
            Shim::Trapping { dst, args, n, .. } => (dst, args[..n].to_vec()),
        };
        let vals: Vec<Value> = args.iter().map(|&a| self.get(I64, a)).collect();
        if let Shim::Trapping { .. } = s {
            let ok = self.call_extern(shim(true), &vals, I32);
            let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
            self.trap_if(bad, i);
        }
        let r = self.call_extern(shim(false), &vals, I64);
        self.set(dst, r);
        self.next(i);
    }

    /// A call of `t` with signature `sig`: an imported function whose
    /// address `link` writes into the code (a relocation), so that the
    /// code names no address of this process and can be cached.
    pub(super) fn call_target(&mut self, t: Target, sig: SigRef, args: &[Value]) -> Inst {
        let f = self.import_target(t, sig);
        self.b.ins().call(f, args)
    }

    /// The address `t` names (`Target::Code`), written into the code by
    /// `link` as a call's target is.
    pub(super) fn target_address(&mut self, t: Target) -> Value {
        let sig = Signature::new(self.b.func.signature.call_conv);
        let sig = self.b.import_signature(sig);
        let f = self.import_target(t, sig);
        self.b.ins().func_addr(self.ptr, f)
    }

    /// `t` as an imported function, numbered by its place in `targets`.
    fn import_target(&mut self, t: Target, sig: SigRef) -> FuncRef {
        let index = match self.targets.iter().position(|&x| x == t) {
            Some(k) => k,
            None => {
                self.targets.push(t);
                self.targets.len() - 1
            }
        };
        let name = self
            .b
            .func
            .declare_imported_user_function(UserExternalName::new(0, index as u32));
        self.b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature: sig,
            colocated: false,
            patchable: false,
        })
    }
}
