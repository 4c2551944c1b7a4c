//! The interpreter's side of the compiled tier (`jit`): entering a frame's
//! compiled code, and the hooks compiled code calls (frames of its native
//! calls, switches, allocation). The call is the one place that runs
//! compiled code.

use std::sync::atomic::Ordering::Relaxed;

use super::cont::{resume_clause, resume_fast, suspend_fast, switch_fast, HandlerScope};
use super::Activation;
use crate::engine::Engine;
use crate::gc::GcHeap;
use crate::ir::Instr;
use crate::jit::{
    CallHooks, CodeMemory, Compiled, JitEnv, Lazy, NativeTarget, TableView, NATIVE_STACK, RELOAD,
    RETURNED, SWITCHED,
};
use crate::module::FuncCode;
use crate::stack::{ContBits, Stacks};
use crate::store::{
    FuncEntity, FuncKind, GlobalEntity, InstanceEntity, MemoryEntity, StoreOpaque, TableEntity,
};
use crate::types::TypeId;

/// The hooks compiled into every function (`jit::CallHooks`).
fn hooks() -> CallHooks {
    use crate::simd::jit_helpers::{binary, ternary, unary, Halves};
    let simd_unary = unary as extern "C" fn(u64, u64, u64) -> Halves;
    let simd_binary = binary as extern "C" fn(u64, u64, u64, u64, u64) -> Halves;
    let simd_ternary = ternary as extern "C" fn(u64, u64, u64, u64, u64, u64, u64) -> Halves;
    CallHooks {
        resolve: resolve as extern "C" fn(*const JitEnv, u32) -> usize as usize,
        resolve_local: resolve_local as extern "C" fn(*const JitEnv, u32) -> usize as usize,
        env_for: env_for as extern "C" fn(*const JitEnv, u32) -> usize as usize,
        init: init as extern "C" fn(*const JitEnv, u32, *const u64) -> u32 as usize,
        gc_new: gc_new as extern "C" fn(*const JitEnv, u32, *const u64, u32, u32) -> u64 as usize,
        gc_test: gc_test as extern "C" fn(*const JitEnv, u64, u32, u32) -> u32 as usize,
        switch: switch as extern "C" fn(*const JitEnv, u32, *const FuncCode) -> u32 as usize,
        simd_unary: simd_unary as usize,
        simd_binary: simd_binary as usize,
        simd_ternary: simd_ternary as usize,
        memory_copy: memory_copy as extern "C" fn(*const JitEnv, u64, u64, u64) -> u32 as usize,
        memory_fill: memory_fill as extern "C" fn(*const JitEnv, u64, u64, u64) -> u32 as usize,
        gc_alloc: GcHeap::ALLOC_OFFSETS,
    }
}

/// What the hooks reach while compiled code runs (`JitEnv::rt`): the
/// store's stacks (compiled code switches them only through
/// `CallHooks::switch`, and returns right after), their frame limit, the
/// store's functions, instances, tables and native-call targets, the
/// running activation and the GC heap.
pub(super) struct Rt<'a> {
    pub stacks: &'a mut Stacks,
    pub max_frames: usize,
    pub funcs: &'a Vec<FuncEntity>,
    pub instances: &'a Vec<InstanceEntity>,
    /// The store's tables (only the interpreter resizes them: each
    /// instance's stay where its `JitEnv` says).
    pub tables: &'a mut Vec<TableEntity>,
    /// The store's memories (only the interpreter grows them: each
    /// instance's memory 0 stays where its `JitEnv` says).
    pub memories: &'a mut Vec<MemoryEntity>,
    /// The `JitEnv` of each instance that compiled code called natively
    /// from another instance (`CallHooks::env_for`), by instance; empty
    /// until the first such call, then as long as `instances`, never
    /// resized (compiled code holds pointers into it). An entry whose
    /// `instance` is not its index is not filled in yet. (`run_top`'s loop
    /// copying the instance's fields from here, rather than setting them
    /// anew when the instance changes, made `c_state` 15% slower.)
    pub envs: Vec<JitEnv>,
    /// `StoreOpaque::native_targets`, as long as `funcs` during the entry.
    pub targets: &'a mut Vec<NativeTarget>,
    /// `StoreOpaque::instance_targets`, the running instance's as long as
    /// its functions.
    pub instance_targets: &'a mut Vec<Vec<NativeTarget>>,
    /// `StoreOpaque::table_views`, as long as `instances`.
    pub table_views: &'a mut Vec<Vec<TableView>>,
    /// The activation `execute` runs (the fast paths of `suspend` and
    /// `switch` look for handlers inside it).
    pub act: Activation,
    /// The store's GC heap (struct allocation and casts).
    pub gc: &'a mut GcHeap,
    /// The engine (its count of compiled functions).
    pub engine: &'a Engine,
}

impl Rt<'_> {
    /// `CallHooks::resolve`: the store function `f`'s compiled code, if it
    /// is a Wasm function compiled already or with code in the
    /// compiled-code cache, linked here (compiling here would run
    /// Cranelift deep in the native stack; the interpreter compiles a
    /// function on its first entry), recorded in its `NativeTarget`.
    fn resolve(&mut self, f: u32) -> Option<usize> {
        let e = self.funcs.get(f as usize)?;
        let FuncKind::Wasm { instance, code, .. } = &e.kind else {
            *self.targets.get_mut(f as usize)? = NativeTarget::EXITS;
            return None;
        };
        let lazy = code.jit.as_ref()?;
        let compiled = match lazy.get() {
            Some(c) => c.as_ref()?,
            None => link_cached(lazy, code, self.engine)?,
        };
        let entry = compiled.entry();
        *self.targets.get_mut(f as usize)? = NativeTarget {
            entry,
            instance: *instance,
            max_slots: code.max_slots,
            ty: e.ty.0,
            func: f,
        };
        Some(entry)
    }

    /// `CallHooks::resolve_local`: `resolve` for function `func` of
    /// instance `instance` (the running one; an imported function may be
    /// of another instance), recorded in the instance's targets.
    fn resolve_local(&mut self, instance: u32, func: u32) -> Option<usize> {
        let f = *self
            .instances
            .get(instance as usize)?
            .funcs
            .get(func as usize)?;
        let t = match self.targets.get(f as usize)? {
            t if t.entry != 0 => *t,
            _ => {
                self.resolve(f);
                self.targets[f as usize]
            }
        };
        if t.entry == 0 {
            return None;
        }
        *self
            .instance_targets
            .get_mut(instance as usize)?
            .get_mut(func as usize)? = t;
        Some(t.entry)
    }

    /// `CallHooks::env_for`: the `JitEnv` for a native call from code
    /// running with `caller` (whose stack's fields are `fields`) into
    /// `instance`: the store's fields are `caller`'s (the same for every
    /// code running until `run_top` returns), the stack's `fields`, the
    /// instance's its own.
    fn env_for(
        &mut self,
        caller: *const JitEnv,
        fields: StackFields,
        instance: u32,
    ) -> Option<&mut JitEnv> {
        let fresh = self
            .envs
            .get(instance as usize)
            .is_none_or(|e| e.instance != instance);
        if fresh {
            // SAFETY: `caller` is the `JitEnv` compiled code runs with (an
            // entry of `envs` perhaps, copied before `envs` is borrowed).
            let caller = unsafe { *caller };
            if self.envs.is_empty() {
                let unset = JitEnv {
                    instance: u32::MAX,
                    ..caller
                };
                self.envs = vec![unset; self.instances.len()];
            }
            let mut env = caller;
            self.set_instance(&mut env, instance)?;
            *self.envs.get_mut(instance as usize)? = env;
        }
        let rt = std::ptr::from_mut(self).cast();
        let envs = self.envs.as_mut_ptr();
        // SAFETY: `caller` is a `JitEnv` that compiled code runs with, an
        // entry of `self.envs` or of `run_top`'s `Envs`, both reached
        // through pointers made from mutable references and untouched by
        // anyone else while this hook runs; `envs` stays valid (the vector
        // is never resized) until `run_top` returns and drops it with
        // every `JitEnv` that holds it.
        unsafe { (*caller.cast_mut()).envs = envs };
        let env = self.envs.get_mut(instance as usize)?;
        fields.write(env, rt);
        env.envs = envs;
        Some(env)
    }

    /// `CallHooks::init`: initialises the frame of store function `func`
    /// whose slot 0 is at `regs` (a native callee's) as `exec::push_frame`
    /// does.
    fn init(&mut self, func: u32, regs: *const u64) {
        let cur = self.stacks.current();
        let stack = &mut self.stacks[cur];
        let Some(fp) = slot_index(stack.slots(), regs) else {
            return;
        };
        if let Some(FuncKind::Wasm { code, .. }) = self.funcs.get(func as usize).map(|e| &e.kind) {
            code.init_frame(&mut stack.slots_mut()[fp..]);
        }
    }

    /// `CallHooks::gc_new`: a struct of type `ty` whose `len` fields are
    /// the slots `base..` of the running frame (slot 0 at `regs`), if it
    /// needs no collection and the arena stays in place.
    fn gc_new(&mut self, ty: u32, regs: *const u64, base: u32, len: u32) -> Option<u64> {
        let stack = &self.stacks[self.stacks.current()];
        let at = slot_index(stack.slots(), regs)? + base as usize;
        let fields = stack.slots().get(at..at + len as usize)?;
        let get = |i: usize| fields.get(i).copied().unwrap_or(0);
        self.gc.new_struct_in_place(TypeId(ty), get)
    }

    /// `CallHooks::switch`: the `resume`, `suspend` or `switch` at `pc` of
    /// the running frame, whose function's code is `code` and instance
    /// `instance` (compiled code passes both: looking them up from the
    /// frame's function was a chain of five dependent loads), on the
    /// interpreter's fast path
    /// (`cont::resume_fast`...), the frame's `pc` past it if it switched.
    fn switch(&mut self, pc: u32, code: &FuncCode, instance: u32) -> bool {
        let cur = self.stacks.current();
        let Some(&frame) = self.stacks[cur].top_frame() else {
            return false;
        };
        let (funcs, instances) = (self.funcs, self.instances);
        let Some(inst) = instances.get(instance as usize) else {
            return false;
        };
        let fp = frame.fp as usize;
        let slot = |stacks: &Stacks, i: u32| stacks[cur].slots()[fp + i as usize];
        let scope = HandlerScope {
            funcs,
            instances,
            act: &self.act,
        };
        let done = match code.instrs.get(pc as usize) {
            Some(&Instr::Resume {
                base,
                nargs,
                handlers,
                cont,
            }) => {
                let bits = ContBits::from_word(slot(self.stacks, cont));
                let clause = resume_clause(code, inst, handlers);
                resume_fast(self.stacks, bits, fp + base as usize, nargs, clause)
            }
            Some(&Instr::Suspend { tag, base, n, res }) => {
                let t = inst.tags[tag as usize];
                let (at, res) = (fp + base as usize, fp + res as usize);
                suspend_fast(self.stacks, scope, t, at, n, res)
            }
            Some(&Instr::Switch {
                packed,
                base,
                cont,
                res,
            }) => {
                let (tag, nargs) = crate::ir::unpack_switch(packed);
                let t = inst.tags[tag as usize];
                let bits = ContBits::from_word(slot(self.stacks, cont));
                let (at, res) = (fp + base as usize, fp + res as usize);
                switch_fast(self.stacks, scope, t, bits, at, nargs, res)
            }
            _ => false,
        };
        if done {
            self.stacks[cur].set_top_pc(pc + 1);
        }
        done
    }
}

/// The `CallHooks::resolve_local` of compiled code.
extern "C" fn resolve_local(env: *const JitEnv, func: u32) -> usize {
    // SAFETY: as in `resolve`.
    let (rt, instance) = unsafe { (&mut *(*env).rt.cast::<Rt<'_>>(), (*env).instance) };
    rt.resolve_local(instance, func).unwrap_or(0)
}

/// The `CallHooks::env_for` of compiled code (0: none).
extern "C" fn env_for(env: *const JitEnv, instance: u32) -> usize {
    // SAFETY: as in `resolve`. The caller's `JitEnv` (which may be an
    // entry of `Rt::envs`) is read before `Rt` is borrowed, a field at a
    // time (`StackFields`).
    let (fields, rt) = unsafe { (StackFields::of(env), (*env).rt) };
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *rt.cast::<Rt<'_>>() };
    rt.env_for(env, fields, instance)
        .map_or(0, |e| std::ptr::from_mut(e) as usize)
}

/// The `CallHooks::resolve` of compiled code.
extern "C" fn resolve(env: *const JitEnv, func: u32) -> usize {
    // SAFETY: compiled code passes the `JitEnv` it was entered with, which
    // `run` built with `rt` pointing to its `Rt`, alive and otherwise
    // untouched until compiled code returns to `run`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.resolve(func).unwrap_or(0)
}

/// The index in `slots` of the slot at `regs` (a running frame's slot 0,
/// in the running stack's slots), found by its address alone.
fn slot_index(slots: &[u64], regs: *const u64) -> Option<usize> {
    let off = (regs as usize).checked_sub(slots.as_ptr() as usize)?;
    let i = off / std::mem::size_of::<u64>();
    (i <= slots.len()).then_some(i)
}

/// The `CallHooks::init` of compiled code.
extern "C" fn init(env: *const JitEnv, func: u32, regs: *const u64) -> u32 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.init(func, regs);
    0
}

/// The `CallHooks::gc_new` of compiled code (0: exit).
extern "C" fn gc_new(env: *const JitEnv, ty: u32, regs: *const u64, base: u32, len: u32) -> u64 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.gc_new(ty, regs, base, len).unwrap_or(0)
}

/// The `CallHooks::switch` of compiled code (1: switched, 0: exit).
extern "C" fn switch(env: *const JitEnv, pc: u32, code: *const FuncCode) -> u32 {
    // SAFETY: as in `resolve`; `code` is the running function's code
    // (`jit::Target::Code`, which `link` writes into it), which outlives
    // its compiled code.
    let (rt, instance, code) =
        unsafe { (&mut *(*env).rt.cast::<Rt<'_>>(), (*env).instance, &*code) };
    u32::from(rt.switch(pc, code, instance))
}

/// The `CallHooks::gc_test` of compiled code (2: exit).
extern "C" fn gc_test(env: *const JitEnv, v: u64, heap: u32, nullable: u32) -> u32 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    super::gc::ref_test_gc(rt.gc, v, heap, nullable != 0).map_or(2, u32::from)
}

/// Memory 0's bytes, as compiled code sees them (`JitEnv::mem0_base`).
///
/// # Safety
/// `env` is the `JitEnv` compiled code was entered with, and compiled code
/// is waiting in a hook for this call to return.
unsafe fn memory0<'a>(env: *const JitEnv) -> &'a mut [u8] {
    // SAFETY: `run_top` built `env` from memory 0's bytes, which it
    // borrows mutably for the whole entry (only compiled code, now waiting
    // for the hook, uses them: no other reference to them is alive).
    unsafe {
        let (base, len) = ((*env).mem0_base, (*env).mem0_len as usize);
        match len {
            0 => &mut [],
            _ => std::slice::from_raw_parts_mut(base, len),
        }
    }
}

/// The `CallHooks::memory_copy` of compiled code.
extern "C" fn memory_copy(env: *const JitEnv, d: u64, s: u64, n: u64) -> u32 {
    // SAFETY: compiled code passes the `JitEnv` it was entered with.
    let mem = unsafe { memory0(env) };
    u32::from(super::bulk::copy_within(mem, d, s, n).is_ok())
}

/// The `CallHooks::memory_fill` of compiled code.
extern "C" fn memory_fill(env: *const JitEnv, d: u64, v: u64, n: u64) -> u32 {
    // SAFETY: as in `memory_copy`.
    let mem = unsafe { memory0(env) };
    u32::from(super::memory_fill(mem, d, v as u8, n).is_ok())
}

/// `func`'s compiled code, compiling it if no one tried yet (`None`: it
/// stays interpreted, and its counter is `HOT_NEVER`, so that the
/// interpreter no longer tries to enter it).
pub(super) fn compile<'a>(
    lazy: &'a Lazy,
    func: &FuncCode,
    engine: &Engine,
) -> Option<&'a Compiled> {
    lazy.get_or_init(|| {
        let code = match &func.cached {
            // A stale entry (its helpers do not fit) is compiled anew.
            Some(a) => crate::jit::link(a.clone(), func, &hooks())
                .or_else(|| crate::jit::compile(func, hooks())),
            None => crate::jit::compile(func, hooks()),
        };
        if let Some(c) = &code {
            compiled_now(c, func, engine);
        } else {
            func.hot.store(crate::jit::HOT_NEVER, Relaxed);
        }
        code
    })
    .as_ref()
}

/// `func`'s code from the compiled-code cache, linked (`None`, and the
/// cell left as it is, if it has none or it does not link).
fn link_cached<'a>(lazy: &'a Lazy, func: &FuncCode, engine: &Engine) -> Option<&'a Compiled> {
    let linked = crate::jit::link(func.cached.clone()?, func, &hooks())?;
    if lazy.set(Some(linked)).is_ok() {
        if let Some(Some(c)) = lazy.get() {
            compiled_now(c, func, engine);
        }
    }
    lazy.get()?.as_ref()
}

/// Counts `compiled`, `func`'s code just mapped, and names it in `perf`'s
/// map if the engine keeps one.
fn compiled_now(compiled: &Compiled, func: &FuncCode, engine: &Engine) {
    engine.inner.compiled.fetch_add(1, Relaxed);
    if let (Some(map), Some(name)) = (&engine.inner.perf_map, &func.perf_name) {
        map.record(compiled.entry(), compiled.artifact.bytes.len(), name);
    }
}

/// Runs the current stack's top frame in its function's compiled code from
/// the frame's `pc`, if the function has compiled code (its counter is 0:
/// `FuncCode::hot`), and leaves the `pc` of the instruction the
/// interpreter runs next in the frame (or, on `jit::RELOAD`, the frames as
/// compiled code left them). After a stack switch in compiled code
/// (`jit::SWITCHED`) it goes on with the new top frame in its compiled
/// code, if it has some, without going back to the interpreter: the
/// `JitEnv` keeps what holds for the whole call (memory 0, globals,
/// budget, targets, struct arena: only the interpreter changes them) and
/// takes the new stack's record and, when it changes, the instance's
/// fields. Out of line: `execute` calls it between runs of the
/// interpreter's loop.
#[inline(never)]
pub(super) fn run_top(s: &mut StoreOpaque) {
    let StoreOpaque {
        engine,
        funcs,
        native_targets,
        instance_targets,
        table_views,
        instances,
        tables,
        memories,
        globals,
        budget,
        gc,
        stacks,
        running,
        compiled_entries,
        ..
    } = s;
    if native_targets.len() < funcs.len() {
        native_targets.resize(funcs.len(), NativeTarget::default());
    }
    if instance_targets.len() < instances.len() {
        instance_targets.resize_with(instances.len(), Vec::new);
    }
    if table_views.len() < instances.len() {
        table_views.resize_with(instances.len(), Vec::new);
    }
    let (funcs, instances) = (&*funcs, &*instances);
    // About the native stack pointer here.
    let here = std::hint::black_box(0u8);
    let sp = std::ptr::addr_of!(here) as usize;
    let env = JitEnv {
        mem0_base: std::ptr::null_mut(),
        mem0_len: 0,
        budget,
        globals: globals
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(std::mem::offset_of!(GlobalEntity, value)),
        global_stride: std::mem::size_of::<GlobalEntity>() as u64,
        inst_globals: std::ptr::null(),
        inst_funcs: std::ptr::null(),
        table0_base: std::ptr::null(),
        table0_len: 0,
        inst_tables: std::ptr::null(),
        targets: native_targets.as_mut_ptr(),
        inst_targets: std::ptr::null_mut(),
        slots_end: std::ptr::null_mut(),
        slots: std::ptr::null_mut(),
        stack: std::ptr::null_mut(),
        stack_limit: sp.saturating_sub(NATIVE_STACK),
        below_limit: 0,
        // No instance yet: the first frame sets the instance's fields.
        instance: u32::MAX,
        gc_structs: gc.structs.base(),
        gc_heap: std::ptr::from_mut::<GcHeap>(gc).cast(),
        rt: std::ptr::null_mut(),
        envs: std::ptr::null_mut(),
    };
    let mut rt = Rt {
        max_frames: stacks.max_frames,
        stacks,
        funcs,
        instances,
        tables,
        memories,
        envs: Vec::new(),
        targets: native_targets,
        instance_targets,
        table_views,
        act: Activation {
            stack: running.0,
            depth: running.1,
        },
        gc,
        engine,
    };
    let mut entered = false;
    let mut envs = Envs {
        home: env,
        alt: JitEnv {
            instance: u32::MAX,
            ..env
        },
    };
    loop {
        let cur = rt.stacks.current();
        let Some(frame) = rt.stacks[cur].top_frame().copied() else {
            return;
        };
        let Some((mut entry, instance)) = entry_of(&mut rt, frame.func) else {
            return;
        };
        if !entered {
            entered = true;
            *compiled_entries += 1;
        }
        let max_frames = rt.max_frames;
        let stack = &mut rt.stacks[cur];
        // Compiled code's `nested`: the frame's depth times two (`jit`'s
        // docs), which the limit keeps within a `u32` for its callees too.
        let Some(mut nested) = u32::try_from(stack.frames_len() - 1)
            .ok()
            .filter(|&d| d <= MAX_NATIVE_DEPTH)
            .map(|d| 2 * d)
        else {
            return;
        };
        let fields = StackFields {
            below_limit: stack
                .below_capacity()
                .min(max_frames.saturating_sub(1))
                .min(MAX_NATIVE_DEPTH as usize) as u32,
            slots_end: stack.slots_end_ptr(),
            slots: stack.memory_mut().as_mut_ptr().cast(),
            stack: std::ptr::addr_of_mut!(*stack).cast(),
        };
        // The frame's slot 0 (`exec::Regs`): its slots are within the
        // stack's memory.
        let mut regs = stack.memory_mut()[frame.fp as usize..].as_mut_ptr();
        let Some(mut run_env) = envs.of(instance, fields, &mut rt) else {
            return;
        };
        let (mut pc, mut func) = (frame.pc, frame.func);
        loop {
            // SAFETY: `regs` is the running frame's slot 0 with its
            // function's `max_slots` slots after it (`Regs`' invariant), and
            // `entry` is the entry of that function's compiled code
            // (`entry_of`, or its caller's `NativeTarget` below), which
            // lives as long as its module, so longer than `funcs`' borrow.
            // `run_env` holds memory 0's current bytes of the function's
            // instance, the store's budget and globals (all borrowed
            // mutably here, so nothing else touches them until this
            // function returns; compiled code and its hooks never grow a
            // memory) and the instance's global and function indices, whose
            // entries are in range of `globals` and of the native-call
            // targets (instantiation checks it; `targets` is as long as
            // `funcs`, and the hooks never resize it), and its tables'
            // elements (`inst_tables`, and table 0's `table0_base`), in
            // `rt.tables` (the references in table 0 are store functions +
            // 1, or 0; compiled code reads and writes elements in place,
            // within the lengths there, and only the interpreter resizes a
            // table, `set_instance` writing the views anew at each call of
            // this function). After a `return` below, `regs` moves down to
            // the caller's slot 0, in the same stack's memory, which nothing
            // moved (only the interpreter grows a stack). Native calls run a function
            // of the same instance with `run_env`, one of another (compiled
            // code compares `NativeTarget::instance`) with its instance's
            // entry of `rt.envs`, built as `env` is and valid as long
            // (`Rt::env_for`); all compiled with the same layout, on frames
            // that compiled code makes without moving the stack's memory:
            // its checks keep the callee's `max_slots` slots before
            // `slots_end` and the callers' records within `below_limit`,
            // the room after the slots (`stack` is the record of the
            // current stack, whose `below_len` and top frame it writes, as
            // `Stack::push_frame` would, when a native callee does not
            // return, and before a switch), so every caller's `regs` stays
            // valid; `rt` is borrowed mutably here and only the hooks use
            // it while compiled code runs. The `switch` hook changes the
            // current stack (no stack moves or is allocated on its fast
            // paths, so the record at `stack` and its memory stay where
            // they are) and compiled code then returns at once, its native
            // callers writing their records into that stack's memory
            // (within `below_limit` still) and nothing else; the next turn
            // of the outer loop sets the stack's fields anew.
            // `gc_structs` is the struct arena of `rt.gc`, which only the
            // `gc_new` hook changes while this function runs, never moving
            // it (`GcHeap::new_struct_in_place`); compiled code reads and
            // writes the field words of the live structs whose references
            // it holds (`jit/lower/gc.rs`), in the arena's bounds.
            let out = unsafe { CodeMemory::run_entry(entry, regs, run_env, pc, nested, func) };
            match out {
                RETURNED => {}
                SWITCHED => break,
                RELOAD => {
                    if !in_place(&mut rt) {
                        return;
                    }
                    break;
                }
                pc => {
                    rt.stacks[cur].set_top_pc(pc);
                    if !in_place(&mut rt) {
                        return;
                    }
                    break;
                }
            }
            // A `return` at the outermost entry, its results in the frame
            // and its `pc` saved: made here as `return_in_place` makes it,
            // then on in the caller's compiled code, if it has some that
            // compiled code would call natively (its `NativeTarget`), at
            // its return `pc` (the frame's memory stays where it is),
            // without a turn of the outer loop (about five such returns
            // per round trip of the fiber library's programs).
            let stack = &mut rt.stacks[cur];
            if stack.frames_len() <= return_floor(&rt.act, cur) {
                return;
            }
            let callee_fp = stack.top_or_none().fp;
            let caller = stack.pop_to_caller();
            let t = rt.targets[caller.func as usize];
            if !t.runs_natively() {
                break;
            }
            run_env = match envs.of(t.instance, fields, &mut rt) {
                Some(e) => e,
                None => return,
            };
            regs = regs.wrapping_sub(callee_fp.wrapping_sub(caller.fp) as usize);
            (entry, pc, func) = (t.entry, caller.pc, caller.func);
            // (One frame less below the caller: `frames_len` was more
            // than `return_floor`, at least 1.)
            nested -= 2;
        }
    }
}

/// The most frames below a frame that compiled code runs (`run_top`
/// leaves deeper frames to the interpreter) or makes a native call from
/// (`JitEnv::below_limit`), so that compiled code's `nested`, twice the
/// depth plus one, fits in a `u32`.
const MAX_NATIVE_DEPTH: u32 = u32::MAX >> 2;

/// The `JitEnv`s `run_top` runs frames with: `home` for the first frame's
/// instance, and `alt` for one other (frames of a program and of the
/// fiber library alternate at each switch and return), its instance's
/// fields set anew when a third instance takes it over (`Rt::envs`, the
/// native calls' `JitEnv`s, made switches between two instances' frames
/// 15% slower on `c_state` than setting the fields anew each time; `alt`,
/// 11% faster).
struct Envs {
    home: JitEnv,
    alt: JitEnv,
}

/// The `JitEnv` fields of the current stack (as `run_top` computes them
/// for each stack it runs). Copied a field at a time: a copy of a whole
/// `JitEnv` (or of these fields of one), just written a field at a time,
/// loads 16 bytes of two 8-byte stores, which the processor does not
/// forward (a stall that took 5-10% of `c_state`'s time).
#[derive(Clone, Copy)]
struct StackFields {
    stack: *mut u8,
    slots_end: *mut u8,
    slots: *mut u8,
    below_limit: u32,
}

impl StackFields {
    /// The fields of `env`.
    ///
    /// # Safety
    /// `env` points to a valid `JitEnv`.
    #[inline(always)]
    unsafe fn of(env: *const JitEnv) -> StackFields {
        // SAFETY: the caller's.
        unsafe {
            StackFields {
                stack: std::ptr::read(&raw const (*env).stack),
                slots_end: std::ptr::read(&raw const (*env).slots_end),
                slots: std::ptr::read(&raw const (*env).slots),
                below_limit: std::ptr::read(&raw const (*env).below_limit),
            }
        }
    }

    /// Writes the fields, and `rt`, into `env`.
    #[inline(always)]
    fn write(self, env: &mut JitEnv, rt: *mut core::ffi::c_void) {
        env.stack = self.stack;
        env.slots_end = self.slots_end;
        env.slots = self.slots;
        env.below_limit = self.below_limit;
        env.rt = rt;
    }
}

impl Envs {
    /// The `JitEnv` for a frame of `instance` on the stack of `fields`,
    /// with `rt` (`None` if there is no such instance). Inlined, so that
    /// `fields` stay in registers: a 16-byte load of two 8-byte stores
    /// of them stalls, as the processor does not forward it.
    #[inline(always)]
    fn of(&mut self, instance: u32, fields: StackFields, rt: &mut Rt) -> Option<*mut JitEnv> {
        let Envs { home, alt } = self;
        // The first frame's instance becomes `home`'s.
        let env = if home.instance == u32::MAX || home.instance == instance {
            if home.instance != instance {
                rt.set_instance(home, instance)?;
            }
            home
        } else {
            if alt.instance != instance {
                *alt = *home;
                rt.set_instance(alt, instance)?;
            }
            alt
        };
        fields.write(env, std::ptr::from_mut(rt).cast());
        Some(std::ptr::from_mut(env))
    }
}

/// The entry of the compiled code that `run_top` runs a frame of store
/// function `func` in, and the function's instance: its `NativeTarget`'s,
/// if compiled code would call it natively; else, if it is Wasm that runs
/// compiled (compiling it on its first entry under `Tier::Compiled`), its
/// code's, and its target is filled in. `None`: the interpreter runs it.
fn entry_of(rt: &mut Rt, func: u32) -> Option<(usize, u32)> {
    let t = *rt.targets.get(func as usize)?;
    if t.runs_natively() {
        return Some((t.entry, t.instance));
    }
    let FuncKind::Wasm { instance, code, .. } = &rt.funcs.get(func as usize)?.kind else {
        return None;
    };
    // (A function that switches stacks is compiled when compiled code has
    // entered or called it often: the fiber library's fiber body, resumed
    // after a switch from compiled code for every new fiber.)
    if !super::tier_up::runs_compiled(code) && !switcher_compiled(code, rt.engine) {
        return None;
    }
    let entry = code
        .jit
        .as_ref()
        .and_then(|l| compile(l, code, rt.engine))?
        .entry();
    let instance = *instance;
    rt.resolve(func);
    Some((entry, instance))
}

/// The fewest frames a stack keeps when compiled code or `run_top` makes a
/// `return` in place: those of the running activation below its first
/// frame, and its first frame (the interpreter returns from it to the
/// host); on a continuation's stack, its last frame (whose return finishes
/// the continuation).
fn return_floor(act: &Activation, cur: crate::stack::StackId) -> usize {
    if cur == act.stack {
        act.depth + 1
    } else {
        1
    }
}

impl Rt<'_> {
    /// Sets the fields of `env` that are instance `instance`'s: its memory
    /// 0, global and function indices, tables (its `table_views`, written
    /// anew) and native-call targets (made as long as its functions).
    /// `None` if there is no such instance.
    fn set_instance(&mut self, env: &mut JitEnv, instance: u32) -> Option<()> {
        let instances = self.instances;
        let inst = instances.get(instance as usize)?;
        (env.mem0_base, env.mem0_len) = match inst.memories.first() {
            Some(&m) => {
                let b = self.memories.get_mut(m as usize)?.data.bytes_mut();
                (b.as_mut_ptr(), b.len() as u64)
            }
            None => (std::ptr::null_mut(), 0),
        };
        let views = self.table_views.get_mut(instance as usize)?;
        if views.len() != inst.tables.len() {
            *views = vec![TableView::default(); inst.tables.len()];
        }
        for (view, &t) in views.iter_mut().zip(&inst.tables) {
            let e = &mut self.tables.get_mut(t as usize)?.elements;
            *view = TableView {
                base: e.as_mut_ptr() as usize,
                len: e.len() as u64,
            };
        }
        env.inst_tables = views.as_ptr();
        let table0 = match inst.tables.first() {
            Some(&t) => &self.tables.get(t as usize)?.elements[..],
            None => &[],
        };
        env.inst_globals = inst.globals.as_ptr();
        env.inst_funcs = inst.funcs.as_ptr();
        let targets = self.instance_targets.get_mut(instance as usize)?;
        if targets.len() < inst.funcs.len() {
            targets.resize(inst.funcs.len(), NativeTarget::default());
        }
        env.inst_targets = targets.as_mut_ptr();
        env.table0_base = table0.as_ptr();
        env.table0_len = table0.len() as u64;
        env.instance = instance;
        Some(())
    }
}

/// Makes the `return` or `call` that compiled code exited at (the top
/// frame's `pc`) as `return_in_place` and `call_in_place` do; `false`,
/// having changed nothing, when neither can.
fn in_place(rt: &mut Rt) -> bool {
    let cur = rt.stacks.current();
    let Some(&top) = rt.stacks[cur].top_frame() else {
        return false;
    };
    let FuncKind::Wasm { instance, code, .. } = &rt.funcs[top.func as usize].kind else {
        return false;
    };
    return_in_place(&mut rt.stacks[cur], &rt.act, cur, &code.instrs, top.pc)
        || call_in_place(rt, *instance, code, top.fp, top.pc)
}

/// A `call` at `pc` of the running frame (at `fp`, of a function of
/// `instance` with code `code`) that compiled code exited at, made here as
/// the interpreter makes it when the callee has compiled code: one that
/// had none when compiled code looked (a function that switches stacks,
/// compiled here at its `SWITCHER_CALLS`th call), or whose frame did not
/// fit where compiled code checked. Its frame is
/// pushed, and the next turn of `run_top`'s loop enters its code without a
/// turn of the interpreter. `false`, having changed nothing, for any other
/// instruction or callee, and when the frame does not fit (the interpreter
/// then makes the call, and raises the trap).
fn call_in_place(rt: &mut Rt, instance: u32, code: &FuncCode, fp: u32, pc: u32) -> bool {
    let Some(&Instr::Call { func, base }) = code.instrs.get(pc as usize) else {
        return false;
    };
    let Some(&f) = rt.instances[instance as usize].funcs.get(func as usize) else {
        return false;
    };
    let FuncKind::Wasm { code: callee, .. } = &rt.funcs[f as usize].kind else {
        return false;
    };
    if !super::tier_up::runs_compiled(callee) && !switcher_compiled(callee, rt.engine) {
        return false;
    }
    if !matches!(callee.jit.as_ref().map(|l| l.get()), Some(Some(Some(_)))) {
        return false;
    }
    let cur = rt.stacks.current();
    let new_fp = fp as usize + base as usize;
    let need = new_fp + callee.max_slots as usize;
    let Ok(stack) = rt.stacks.room_for_frame(cur, need, rt.max_frames) else {
        return false;
    };
    stack.set_top_pc(pc + 1);
    callee.init_frame(&mut stack.slots_mut()[new_fp..]);
    stack.push_frame(crate::stack::Frame {
        func: f,
        pc: 0,
        fp: new_fp as u32,
    });
    true
}

/// The calls from compiled code (and entries from `run_top`'s loop, after
/// a switch or a return in compiled code) after which a function that
/// switches stacks is compiled (`FuncCode::switches_stacks`).
const SWITCHER_CALLS: u32 = 64;

/// Whether `code`, of a function that switches stacks and has no counter
/// under `Tier::Tiered`, was just compiled: at its `SWITCHER_CALLS`th call
/// from compiled code or entry from `run_top`'s loop (its counter is then
/// 0; a failed compilation leaves it `HOT_NEVER`).
fn switcher_compiled(code: &FuncCode, engine: &Engine) -> bool {
    let Some(lazy) = code.jit.as_ref() else {
        return false;
    };
    if !code.switches_stacks || lazy.get().is_some() {
        return false;
    }
    let n = code.compiled_calls.load(Relaxed) + 1;
    code.compiled_calls.store(n, Relaxed);
    if n < SWITCHER_CALLS || compile(lazy, code, engine).is_none() {
        return false;
    }
    code.hot.store(0, Relaxed);
    // No probe (`tier_up::probe`): its entries from the interpreter are
    // the rests of its runs after its switches, short by nature, and the
    // probe sent the fiber library's `fiber_resume` and `fiber_yield` back
    // to the interpreter, so that every switch into them left compiled
    // code (`c_state` spent 10-20% of its time in the interpreter).
    code.probed.store(u32::MAX, Relaxed);
    true
}

/// A `return` at the outermost entry of compiled code (`jit`'s exit
/// protocol), run here as the interpreter runs it when the caller is a
/// frame of the same stack inside the activation, so that the caller goes
/// on in its compiled code (if any) without a turn of the interpreter: the
/// result of `return1` goes to slot 0 and the frame is popped. `false`,
/// having changed nothing, for any other instruction, and for a return that
/// leaves the activation or finishes the stack (the interpreter does those).
fn return_in_place(
    stack: &mut crate::stack::Stack,
    act: &Activation,
    cur: crate::stack::StackId,
    instrs: &[Instr],
    pc: u32,
) -> bool {
    if stack.frames_len() <= return_floor(act, cur) {
        return false;
    }
    match instrs.get(pc as usize) {
        Some(Instr::Return) => {}
        Some(&Instr::Return1 { src }) => {
            let fp = stack.top_or_none().fp as usize;
            let slots = stack.slots_mut();
            slots[fp] = slots[fp + src as usize];
        }
        _ => return false,
    }
    stack.pop_to_caller();
    true
}
