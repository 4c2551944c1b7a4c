//! The interpreter's side of the compiled tier (`jit`): entering a frame's
//! compiled code, and the hooks through which compiled code pushes and pops
//! the frames of its native calls. The call is the one place that runs
//! compiled code.

use std::sync::atomic::Ordering::Relaxed;

use crate::engine::Engine;
use crate::gc::GcHeap;
use crate::jit::{CallHooks, Compiled, JitEnv, Lazy, NativeTarget, NATIVE_STACK};
use crate::module::FuncCode;
use crate::stack::Stack;
use crate::store::{FuncEntity, FuncKind, GlobalEntity, MemoryEntity, StoreOpaque};
use crate::types::TypeId;

/// The hooks compiled into every function (`jit::CallHooks`).
fn hooks() -> CallHooks {
    CallHooks {
        resolve: resolve as extern "C" fn(*const JitEnv, u32) -> usize as usize,
        init: init as extern "C" fn(*const JitEnv) -> u32 as usize,
        gc_new: gc_new as extern "C" fn(*const JitEnv, u32, u32, u32) -> u64 as usize,
        gc_test: gc_test as extern "C" fn(*const JitEnv, u64, u32, u32) -> u32 as usize,
    }
}

/// What the hooks reach during one entry into compiled code (`JitEnv::rt`):
/// the current stack (compiled code never switches stacks), its frame
/// limit, the store's functions and native-call targets, and the running
/// function's instance.
pub(super) struct Rt<'a> {
    pub stack: &'a mut Stack,
    pub max_frames: usize,
    pub funcs: &'a [FuncEntity],
    /// `StoreOpaque::native_targets`, as long as `funcs` during the entry.
    pub targets: &'a mut Vec<NativeTarget>,
    /// The instance's function indices into `funcs`.
    pub inst_funcs: &'a [u32],
    /// The elements of the instance's table 0 (empty if it has none).
    pub table0: &'a [u64],
    pub instance: u32,
    /// The store's GC heap (struct allocation and casts).
    pub gc: &'a mut GcHeap,
}

impl Rt<'_> {
    /// `CallHooks::resolve`: the store function `f`'s compiled code, if it
    /// is a Wasm function compiled already (compiling here would run deep in
    /// the native stack; the interpreter compiles it on its first entry),
    /// recorded in its `NativeTarget`.
    fn resolve(&mut self, f: u32) -> Option<usize> {
        let e = self.funcs.get(f as usize)?;
        let FuncKind::Wasm { instance, code, .. } = &e.kind else {
            return None;
        };
        let entry = code.jit.as_ref()?.get()?.as_ref()?.entry();
        *self.targets.get_mut(f as usize)? = NativeTarget {
            entry,
            instance: *instance,
            max_slots: code.max_slots,
            ty: e.ty.0,
            _pad: 0,
        };
        Some(entry)
    }

    /// `CallHooks::init`: initialises the top frame (a native callee's,
    /// just pushed by compiled code) as `exec::push_frame` does.
    fn init(&mut self) {
        let stack = &mut *self.stack;
        let Some(&top) = stack.top_frame() else {
            return;
        };
        if let Some(FuncKind::Wasm { code, .. }) =
            self.funcs.get(top.func as usize).map(|e| &e.kind)
        {
            code.init_frame(&mut stack.slots_mut()[top.fp as usize..]);
        }
    }

    /// `CallHooks::gc_new`: a struct of type `ty` whose `len` fields are
    /// the top frame's slots `base..`, if it needs no collection and the
    /// arena stays in place.
    fn gc_new(&mut self, ty: u32, base: u32, len: u32) -> Option<u64> {
        let top = *self.stack.top_frame()?;
        let at = top.fp as usize + base as usize;
        let fields = self.stack.slots().get(at..at + len as usize)?;
        let get = |i: usize| fields.get(i).copied().unwrap_or(0);
        self.gc.new_struct_in_place(TypeId(ty), get)
    }
}

/// The `CallHooks::resolve` of compiled code.
extern "C" fn resolve(env: *const JitEnv, func: u32) -> usize {
    // SAFETY: compiled code passes the `JitEnv` it was entered with, which
    // `run` built with `rt` pointing to its `Rt`, alive and otherwise
    // untouched until compiled code returns to `run`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.resolve(func).unwrap_or(0)
}

/// The `CallHooks::init` of compiled code.
extern "C" fn init(env: *const JitEnv) -> u32 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.init();
    0
}

/// The `CallHooks::gc_new` of compiled code (0: exit).
extern "C" fn gc_new(env: *const JitEnv, ty: u32, base: u32, len: u32) -> u64 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    rt.gc_new(ty, base, len).unwrap_or(0)
}

/// The `CallHooks::gc_test` of compiled code (2: exit).
extern "C" fn gc_test(env: *const JitEnv, v: u64, heap: u32, nullable: u32) -> u32 {
    // SAFETY: as in `resolve`.
    let rt = unsafe { &mut *(*env).rt.cast::<Rt<'_>>() };
    super::gc::ref_test_gc(rt.gc, v, heap, nullable != 0).map_or(2, u32::from)
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
        let code = crate::jit::compile(func, hooks());
        if code.is_some() {
            engine.inner.compiled.fetch_add(1, Relaxed);
        } else {
            func.hot.store(crate::jit::HOT_NEVER, Relaxed);
        }
        code
    })
    .as_ref()
}

/// Runs the current stack's top frame in its function's compiled code from
/// the frame's `pc`, if the function has compiled code (its counter is 0:
/// `FuncCode::hot`), and leaves the `pc` of the instruction the
/// interpreter runs next in the frame (or, on `jit::RELOAD`, the frames as
/// compiled code left them). Out of line: `execute` calls it between runs
/// of the interpreter's loop.
#[inline(never)]
pub(super) fn run_top(s: &mut StoreOpaque) {
    let cur = s.stacks.current();
    let Some(frame) = s.stacks[cur].top_frame().copied() else {
        return;
    };
    let FuncKind::Wasm {
        instance,
        code,
        mem0,
        ..
    } = &s.funcs[frame.func as usize].kind
    else {
        return;
    };
    if code.hot.load(Relaxed) != 0 {
        return;
    }
    let Some(lazy) = code.jit.as_ref() else {
        return;
    };
    let inst = &s.instances[*instance as usize];
    let max_frames = s.stacks.max_frames;
    let stack = &mut s.stacks[cur];
    // The frame's slot 0 (`exec::Regs`): its slots are within the stack's
    // memory.
    let regs = stack.memory_mut()[frame.fp as usize..].as_mut_ptr();
    let rt = Rt {
        stack,
        max_frames,
        funcs: &s.funcs,
        targets: &mut s.native_targets,
        inst_funcs: &inst.funcs,
        table0: inst
            .tables
            .first()
            .map_or(&[][..], |&t| &s.tables[t as usize].elements),
        instance: *instance,
        gc: &mut s.gc,
    };
    let pc = run(
        lazy,
        code,
        &s.engine,
        rt,
        &mut s.memories,
        &mut s.budget,
        &mut s.globals,
        *mem0 as usize,
        &inst.globals,
        regs,
        frame.pc,
    );
    if pc != crate::jit::RELOAD {
        s.stacks[cur].set_top_pc(pc);
    }
}

/// Runs a frame in its function's compiled code from `pc`; returns the `pc`
/// of the instruction the interpreter runs next, or `jit::RELOAD` when the
/// top frame is now another one (`jit`'s exit protocol).
///
/// `engine` counts the functions compiled (`Engine::compiled_functions`),
/// `regs` is the frame's slot 0 (`Regs`), `mem0` the store index of the
/// instance's memory 0 (out of range if it has none), `inst_globals` the
/// instance's global indices; `rt` is what native calls need (the frame
/// is `rt.stack`'s top frame).
#[allow(clippy::too_many_arguments)]
fn run(
    lazy: &Lazy,
    func: &FuncCode,
    engine: &Engine,
    mut rt: Rt<'_>,
    memories: &mut [MemoryEntity],
    budget: &mut u64,
    globals: &mut [GlobalEntity],
    mem0: usize,
    inst_globals: &[u32],
    regs: *mut u64,
    pc: u32,
) -> u32 {
    // (Compiles the function on its first entry under `Tier::Compiled`.)
    let Some(code) = compile(lazy, func, engine) else {
        return pc;
    };
    let (mem0_base, mem0_len) = match memories.get_mut(mem0) {
        Some(m) => {
            let b = m.data.bytes_mut();
            (b.as_mut_ptr(), b.len() as u64)
        }
        None => (std::ptr::null_mut(), 0),
    };
    // About the native stack pointer here.
    let here = std::hint::black_box(0u8);
    let sp = std::ptr::addr_of!(here) as usize;
    if rt.targets.len() < rt.funcs.len() {
        rt.targets.resize(rt.funcs.len(), NativeTarget::default());
    }
    let gc_structs = rt.gc.structs.base();
    let stack = &mut *rt.stack;
    let below_limit = stack
        .below_capacity()
        .min(rt.max_frames.saturating_sub(1))
        .min(u32::MAX as usize) as u32;
    let env = JitEnv {
        mem0_base,
        mem0_len,
        budget,
        globals: globals
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(std::mem::offset_of!(GlobalEntity, value)),
        global_stride: std::mem::size_of::<GlobalEntity>() as u64,
        inst_globals: inst_globals.as_ptr(),
        inst_funcs: rt.inst_funcs.as_ptr(),
        table0_base: rt.table0.as_ptr(),
        table0_len: rt.table0.len() as u64,
        targets: rt.targets.as_mut_ptr(),
        slots_end: stack.slots_end_ptr(),
        stack: std::ptr::addr_of_mut!(*stack).cast(),
        stack_limit: sp.saturating_sub(NATIVE_STACK),
        below_limit,
        instance: rt.instance,
        gc_structs,
        rt: std::ptr::addr_of_mut!(rt).cast(),
    };
    // SAFETY: `regs` is the running frame's slot 0 with its function's
    // `max_slots` slots after it (`Regs`' invariant), and `code` was
    // compiled from that function. `env` holds memory 0's current bytes,
    // the store's budget and globals (all borrowed mutably here, so nothing
    // else touches them until compiled code returns) and the instance's
    // global and function indices, whose entries are in range of `globals`
    // and of the native-call targets (instantiation checks it; `targets` is
    // as long as `funcs`), and its table 0's elements, borrowed here (the
    // references in them are store functions + 1, or 0). Native calls run
    // functions of the same instance (compiled code compares
    // `NativeTarget::instance`), compiled with the
    // same layout, on frames that compiled code pushes without moving the
    // stack's memory: its checks keep the callee's `max_slots` slots before
    // `slots_end` and the frames below the top within `below_limit`, the
    // room after the slots (`env.stack` is the record of `rt.stack`, whose
    // `below_len` and top frame it writes as `Stack::push_frame` and
    // `pop_frame` would), so every caller's `regs` stays valid; `rt` is
    // borrowed mutably here and only the hooks use it. `gc_structs` is the
    // struct arena of `rt.gc`, which only the `gc_new` hook changes during
    // the entry, never moving it (`GcHeap::new_struct_in_place`); compiled
    // code reads and writes the field words of the live structs whose
    // references it holds (`jit/lower/gc.rs`), in the arena's bounds.
    unsafe { code.run(regs, &env, pc) }
}
