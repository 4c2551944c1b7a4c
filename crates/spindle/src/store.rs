//! The store: every runtime object (functions, instances, memories, tables,
//! globals, tags, exceptions, stacks) lives in one of its vectors and is named
//! by index. Handles given to the embedder (`Func`, `Memory`, ...) are such
//! indices plus the store's id, so no `unsafe` or reference counting is
//! needed to share objects between instances.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::engine::Engine;
use crate::memory::LinearMemory;
use crate::module::{FuncCode, Module};
use crate::stack::{StackId, Stacks};
use crate::types::TypeId;
use crate::values::Val;

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

/// The view of the store a host function gets: host data and exports of
/// the calling instance. Its methods are in `func.rs`.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}

/// The continuation references handed to the host (`host_val`, `ContRef::new`,
/// a host resume's suspension): roots of the collector until consumed (the
/// collector drops those that no longer resolve). Behind a lock, since the
/// host also gets values through a shared `&Store` (`Global::get`,
/// `Table::get`); a set, since it may get the same reference many times.
#[derive(Debug, Default)]
pub(crate) struct HostRoots(std::sync::Mutex<std::collections::HashSet<u64>>);

impl HostRoots {
    /// Roots contref `bits`.
    pub fn add(&self, bits: u64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(bits);
    }

    /// The roots, for the collector.
    pub fn get_mut(&mut self) -> &mut std::collections::HashSet<u64> {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner())
    }
}

/// A host function: the closure behind a `Func` created by the embedder.
pub(crate) type HostFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> anyhow::Result<()> + Send + Sync + 'static>;

#[derive(Debug, Clone)]
pub(crate) enum FuncKind {
    Wasm {
        instance: u32,
        /// Index within its module (for names in backtraces).
        index: u32,
        code: Arc<FuncCode>,
        /// Store index of its instance's memory 0 (`u32::MAX`: none), so
        /// that entering a frame does not look it up through the instance.
        mem0: u32,
    },
    Host {
        host: u32,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct FuncEntity {
    pub ty: TypeId,
    pub kind: FuncKind,
}

#[derive(Debug, Default)]
pub(crate) struct InstanceEntity {
    pub module: Option<Module>,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    pub tags: Vec<u32>,
    pub elems: Vec<u32>,
    pub datas: Vec<u32>,
    /// The interpreter's view of memory 0 of this instance (`interp::exec`):
    /// set whenever its loop starts running a function of this instance,
    /// and after a `memory.grow`; meaningless outside the loop. (Here, not
    /// in the store, so that the loop reads it through the instance it
    /// holds anyway: LLVM hoists the address of a store field out of the
    /// loop and keeps it in a stack slot.)
    pub mem0: std::cell::Cell<crate::memory::BytesView>,
}

#[derive(Debug, Clone)]
pub(crate) struct TableEntity {
    pub ty: crate::types::TableType,
    pub elements: Vec<u64>,
}

/// A linear memory: its type (`min` kept equal to the current size) and
/// its bytes, which grow in place (see `memory.rs`).
#[derive(Debug)]
pub(crate) struct MemoryEntity {
    pub ty: crate::types::MemoryType,
    pub data: LinearMemory,
}

impl MemoryEntity {
    pub const PAGE: usize = 65536;
    /// Address space a 64-bit memory reserves at most up front (64 GiB):
    /// its declared maximum below that, else this much; one that grows
    /// beyond its reservation moves to a larger one (`LinearMemory::grow_to`).
    const RESERVE64: usize = 64 << 30;

    /// A memory of `ty.min` zero pages, with address space reserved for
    /// its maximum (`ty.max`, else 4 GiB; a 64-bit memory's at most
    /// `RESERVE64`). `None` if `ty.min` pages cannot be had.
    pub fn new(ty: crate::types::MemoryType) -> Option<MemoryEntity> {
        if ty.min > ty.max_pages_limit() {
            return None;
        }
        let len = usize::try_from(ty.min).ok()?.checked_mul(Self::PAGE)?;
        let reserve = if ty.memory64 {
            let declared = ty.max.map_or(1 << 16, |m| m.min(ty.max_pages_limit()));
            Self::bytes_of(declared).map_or(Self::RESERVE64, |b| b.min(Self::RESERVE64))
        } else {
            Self::bytes_of(Self::max_pages(&ty)).unwrap_or(len)
        };
        Some(MemoryEntity {
            ty,
            data: LinearMemory::new(len, reserve)?,
        })
    }

    /// `pages` in bytes, if that fits a `usize`.
    fn bytes_of(pages: u64) -> Option<usize> {
        usize::try_from(pages).ok()?.checked_mul(Self::PAGE)
    }

    /// The most pages it may grow to: its declared maximum, within what its
    /// index type allows.
    fn max_pages(ty: &crate::types::MemoryType) -> u64 {
        let limit = ty.max_pages_limit();
        ty.max.unwrap_or(limit).min(limit)
    }

    pub fn pages(&self) -> u64 {
        (self.data.len() / Self::PAGE) as u64
    }

    /// `memory.grow`: the old size in pages, or `None` on failure (which
    /// leaves the size unchanged).
    pub fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        let max = Self::max_pages(&self.ty);
        if new > max {
            return None;
        }
        let bytes = Self::bytes_of(new)?;
        // Room to grow on if it has to move: twice the new size, at least
        // `RESERVE64`, at most the maximum.
        let room = bytes
            .saturating_mul(2)
            .max(Self::RESERVE64)
            .min(Self::bytes_of(max).unwrap_or(usize::MAX));
        if !self.data.grow_to(bytes, room) {
            return None;
        }
        self.ty.min = new;
        Some(old)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct GlobalEntity {
    pub ty: crate::types::GlobalType,
    /// The value's slot (the low half of a `v128`).
    pub value: u64,
    /// The high half of a `v128` (0 for every other type).
    pub hi: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct TagEntity {
    pub ty: TypeId,
    /// Slots of the parameters (the payload of `throw` / `suspend`).
    pub params: u32,
}

impl TagEntity {
    pub fn new(engine: &Engine, ty: TypeId) -> Self {
        let params = crate::convert::slot_count(engine.types().get(ty).sub.unwrap_func().params());
        TagEntity { ty, params }
    }
}

/// The part of a store that does not depend on the host data type.
pub(crate) struct StoreOpaque {
    pub id: u64,
    pub engine: Engine,
    pub funcs: Vec<FuncEntity>,
    /// Under `Tier::Compiled`, what compiled code needs to call each of
    /// `funcs` natively (`jit::NativeTarget`, filled in as functions get
    /// compiled; made as long as `funcs` at each entry into compiled code).
    pub native_targets: Vec<crate::jit::NativeTarget>,
    /// Per instance, what compiled code needs to call each of its
    /// functions natively by the instance's function index (only its own
    /// compiled functions have an entry; made as long as the instance's
    /// functions when compiled code first runs in it).
    pub instance_targets: Vec<Vec<crate::jit::NativeTarget>>,
    /// Each instance's tables as compiled code sees them
    /// (`jit::JitEnv::inst_tables`), by instance: filled in when compiled
    /// code starts running a function of the instance, each instance's
    /// allocated once (its number of tables never changes), so that a
    /// `JitEnv` of the instance stays valid while its values are written
    /// anew.
    pub table_views: Vec<Vec<crate::jit::TableView>>,
    pub instances: Vec<InstanceEntity>,
    pub tables: Vec<TableEntity>,
    pub memories: Vec<MemoryEntity>,
    pub globals: Vec<GlobalEntity>,
    pub tags: Vec<TagEntity>,
    /// Element segments (empty once dropped).
    pub elems: Vec<Vec<u64>>,
    /// Data segments (empty once dropped).
    pub datas: Vec<Arc<[u8]>>,
    /// Thrown exceptions (`exn.rs`).
    pub exns: crate::exn::Exns,
    pub stacks: Stacks,
    pub gc: crate::gc::GcHeap,
    /// Continuation references handed to the host: roots for the collector
    /// until the continuation is consumed.
    pub host_roots: HostRoots,
    /// Values passed from a host-resumed continuation to the host.
    pub host_values: Vec<u64>,
    /// Scratch buffer for values passed between stacks (kept to avoid an
    /// allocation per switch).
    pub transfer: Vec<u64>,
    /// Fuel not yet handed to the interpreter (`None`: fuel is off).
    pub fuel: Option<u64>,
    /// Calls and loop iterations the interpreter may run before it looks at
    /// the fuel and the interrupt flag again.
    pub budget: u64,
    pub interrupt: Arc<AtomicBool>,
    /// A guest profiler's sampling hook (`profile.rs`).
    pub sampler: Option<Box<crate::profile::Sampler>>,
    /// The backtrace of the last exception that `throw` found no handler
    /// for, until `finish_unwind` takes it for the `WasmException`.
    pub escaping_backtrace: Vec<crate::trap::FrameInfo>,
    /// Why the last `TrapCode::TranslationFailed` trap happened (a body
    /// translated on first call, `module/code.rs`).
    pub translation_error: Option<String>,
    /// The base stack and frame depth of the activation `execute` runs
    /// (`interp::Activation`), for the stack switches of compiled code.
    pub running: (StackId, usize),
    /// Entries into compiled code not yet added to the engine's count
    /// (`Engine::compiled_entries`): `execute` adds them when it returns.
    /// An atomic add at each entry was a full barrier, waiting for the
    /// interpreter's stores to drain (30% of `run_top`'s samples in
    /// `cont_many_live`, whose every continuation enters compiled code
    /// three times; 1.5% of its time).
    pub compiled_entries: u64,
}

/// How many calls and loop iterations run between checks of the interrupt
/// flag (and refills from the fuel tank).
const BUDGET_CHUNK: u64 = 1 << 16;

/// Called when the interpreter's budget is used up: checks for an
/// interrupt, then takes the next chunk of fuel (or traps when there is
/// none left).
#[cold]
pub(crate) fn refuel(
    budget: &mut u64,
    fuel: &mut Option<u64>,
    interrupt: &AtomicBool,
) -> Result<(), crate::trap::TrapCode> {
    if interrupt.swap(false, Ordering::Relaxed) {
        *budget = 0;
        return Err(crate::trap::TrapCode::Interrupted);
    }
    match fuel {
        None => *budget = BUDGET_CHUNK,
        Some(0) => {
            *budget = 0;
            return Err(crate::trap::TrapCode::OutOfFuel);
        }
        Some(f) => {
            let take = (*f).min(BUDGET_CHUNK);
            *f -= take;
            *budget = take;
        }
    }
    Ok(())
}

impl StoreOpaque {
    pub fn new(engine: &Engine) -> Self {
        StoreOpaque {
            id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
            engine: engine.clone(),
            funcs: Vec::new(),
            native_targets: Vec::new(),
            instance_targets: Vec::new(),
            table_views: Vec::new(),
            instances: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            tags: Vec::new(),
            elems: Vec::new(),
            datas: Vec::new(),
            exns: crate::exn::Exns::default(),
            stacks: Stacks::new(&engine.inner.config),
            gc: crate::gc::GcHeap::default(),
            host_roots: HostRoots::default(),
            host_values: Vec::new(),
            transfer: Vec::new(),
            fuel: None,
            budget: BUDGET_CHUNK,
            interrupt: Arc::new(AtomicBool::new(false)),
            sampler: None,
            escaping_backtrace: Vec::new(),
            translation_error: None,
            running: (StackId::from_index(0), 0),
            compiled_entries: 0,
        }
    }

    /// Slot `v` of type `ty` as a `Val` for the host: an exception it
    /// names is pinned (the host may keep the `ExnRef` for as long as it
    /// likes).
    pub fn host_val(&self, ty: &crate::types::ValType, v: u64) -> Val {
        let val = crate::convert::slot_to_val(&self.engine, self.id, ty, v);
        match val {
            Val::ExnRef(Some(_)) => self.exns.pin(v),
            // The host may keep it while Wasm drops every other reference
            // (a global or table element overwritten).
            Val::ContRef(Some(_)) => self.host_roots.add(v),
            // Structs and arrays stay while the host may hold them.
            Val::AnyRef(_) if crate::gc::is_object(v & !crate::gc::EXTERNALIZED) => {
                self.host_roots.add(v)
            }
            _ => {}
        }
        val
    }

    /// Values of `types` from consecutive slots (a `v128` takes two), as
    /// `host_val` gives them.
    pub fn host_vals(&self, types: &[crate::types::ValType], slots: &[u64]) -> Vec<Val> {
        let mut out = Vec::with_capacity(types.len());
        let mut at = 0;
        for t in types {
            let Some(&lo) = slots.get(at) else { break };
            if *t == crate::types::ValType::V128 {
                let hi = slots.get(at + 1).copied().unwrap_or(0);
                out.push(Val::V128(lo as u128 | (hi as u128) << 64));
                at += 2;
            } else {
                out.push(self.host_val(t, lo));
                at += 1;
            }
        }
        out
    }

    /// Does `v` have (a subtype of) type `ty`? (Host-provided arguments,
    /// results, global, table and field values.)
    pub fn val_matches(&self, v: &Val, ty: &crate::types::ValType) -> bool {
        let (funcs, gc) = (&self.funcs, &self.gc);
        crate::convert::val_matches(
            &self.engine,
            |f| funcs[f as usize].ty,
            |w| gc.resolve(w).map(|_| gc.type_of(w)),
            v,
            ty,
        )
    }

    pub fn func_type(&self, func: u32) -> crate::types::FuncType {
        crate::convert::func_type_of(&self.engine, self.funcs[func as usize].ty)
    }
}

/// A collection of Wasm objects and host data `T`; every instance, function
/// and memory belongs to exactly one store.
pub struct Store<T> {
    pub(crate) opaque: StoreOpaque,
    pub(crate) host_funcs: Vec<HostFn<T>>,
    data: T,
}

impl<T> Store<T> {
    /// A new, empty store holding `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Store {
            opaque: StoreOpaque::new(engine),
            host_funcs: Vec::new(),
            data,
        }
    }

    /// The engine of this store.
    pub fn engine(&self) -> &Engine {
        &self.opaque.engine
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning its host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Sets the remaining fuel (only with `Config::consume_fuel`). Every
    /// call and every loop iteration consumes one unit; when none is left,
    /// execution traps with "all fuel consumed".
    ///
    /// ```
    /// use spindle::{Config, Engine, Linker, Module, Store, Trap, TrapCode};
    /// let mut config = Config::new();
    /// config.consume_fuel(true);
    /// let engine = Engine::new(&config);
    /// let module = Module::new(&engine, r#"(module
    ///   (func (export "spin") (loop $l (br $l))))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    /// store.set_fuel(1_000_000)?;
    /// let spin = instance.get_typed_func::<(), (), _>(&mut store, "spin")?;
    /// let err = spin.call(&mut store, ()).unwrap_err();
    /// assert_eq!(err.downcast_ref::<Trap>().unwrap().code(), TrapCode::OutOfFuel);
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    pub fn set_fuel(&mut self, fuel: u64) -> anyhow::Result<()> {
        if !self.opaque.engine.inner.config.consume_fuel {
            anyhow::bail!("fuel is not enabled: use Config::consume_fuel(true)");
        }
        // Whatever the interpreter holds counts as fuel: hand it all back.
        self.opaque.budget = 0;
        self.opaque.fuel = Some(fuel);
        Ok(())
    }

    /// The remaining fuel.
    pub fn get_fuel(&self) -> anyhow::Result<u64> {
        match self.opaque.fuel {
            Some(f) => Ok(f + self.opaque.budget),
            None => anyhow::bail!("fuel is not enabled: use Config::consume_fuel(true)"),
        }
    }

    /// A handle that stops this store's running Wasm code from another
    /// thread: the code traps with "interrupted" at its next call or loop
    /// iteration (within about 65,536 of them).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: self.opaque.interrupt.clone(),
        }
    }

    /// Number of continuations that exist now (created and not yet
    /// finished or collected).
    pub fn live_continuations(&self) -> usize {
        self.opaque.stacks.live_continuations
    }

    /// Bytes of Wasm stack held by all stacks of the store (slots plus the
    /// fixed cost of each continuation), as counted against
    /// `Config::max_total_stack_bytes`.
    pub fn stack_bytes(&self) -> usize {
        self.opaque.stacks.total_slots * 8
    }

    /// Number of exception objects that exist now (thrown and not yet
    /// freed). An exception is freed when a `catch` or `catch_all` clause
    /// catches it and its reference was never a value, or, once
    /// unreachable, by the collector.
    pub fn live_exceptions(&self) -> usize {
        self.opaque.exns.live()
    }

    /// Number of GC objects (structs and arrays) that exist now: allocated
    /// and not yet freed by the collector.
    pub fn live_gc_objects(&self) -> usize {
        self.opaque.gc.live()
    }

    /// Frees unreachable GC objects, continuations and exceptions now (this
    /// also happens on its own as allocations add up).
    pub fn collect_garbage(&mut self) {
        crate::gc::collect(&mut self.opaque, &[]);
    }

    /// Frees unreachable continuations (and exceptions) now: the same as
    /// [`Store::collect_garbage`].
    pub fn collect_continuations(&mut self) {
        self.collect_garbage();
    }
}

/// Stops the Wasm code running in a store, from any thread.
#[derive(Debug, Clone)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Makes the store's running (or next) Wasm code trap with
    /// "interrupted".
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
}

/// Access to a store, by shared reference.
pub trait AsContext {
    /// The host data type.
    type Data;
    #[doc(hidden)]
    fn as_store(&self) -> &Store<Self::Data>;
}

/// Access to a store, by mutable reference.
pub trait AsContextMut: AsContext {
    #[doc(hidden)]
    fn as_store_mut(&mut self) -> &mut Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_store(&self) -> &Store<T> {
        self
    }
}
impl<T> AsContextMut for Store<T> {
    fn as_store_mut(&mut self) -> &mut Store<T> {
        self
    }
}
impl<S: AsContext + ?Sized> AsContext for &S {
    type Data = S::Data;
    fn as_store(&self) -> &Store<S::Data> {
        (**self).as_store()
    }
}
impl<S: AsContext + ?Sized> AsContext for &mut S {
    type Data = S::Data;
    fn as_store(&self) -> &Store<S::Data> {
        (**self).as_store()
    }
}
impl<S: AsContextMut + ?Sized> AsContextMut for &mut S {
    fn as_store_mut(&mut self) -> &mut Store<S::Data> {
        (**self).as_store_mut()
    }
}
