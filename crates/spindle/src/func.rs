//! Functions: `Func` handles, host functions, `Caller`, typed calls, and the
//! driver that runs an activation and serves its host calls.

use std::marker::PhantomData;
use std::sync::Arc;

use anyhow::{bail, Result};

use crate::convert::{slot_count, vals_to_slots};
use crate::interp::{self, Exit, Unwind};
use crate::store::{AsContext, AsContextMut, Caller, FuncEntity, FuncKind, Store, StoreOpaque};
use crate::trap::{Trap, TrapCode};
use crate::types::{FuncType, ValType};
use crate::values::{Func, Val};

/// An uncaught Wasm exception that reached the host.
#[derive(Debug, Clone)]
pub struct WasmException {
    pub(crate) store: u64,
    /// Index in the store's exceptions.
    pub(crate) exn: u32,
    /// Its `exnref` bits.
    pub(crate) bits: u64,
    pub(crate) backtrace: Vec<crate::FrameInfo>,
    /// Keeps the exception alive while this error (or a clone) exists.
    pub(crate) hold: crate::exn::ExnHold,
    /// Its tag and payload in words, for the message.
    pub(crate) what: String,
}

impl WasmException {
    /// The exception as an `exnref`. The exception then stays in the store
    /// for as long as the store lives (the host may keep the reference).
    pub fn exn_ref(&self) -> crate::ExnRef {
        self.hold.taken();
        crate::ExnRef {
            store: self.store,
            bits: self.bits,
        }
    }
}

impl std::fmt::Display for WasmException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "uncaught wasm exception: {}", self.what)?;
        crate::trap::write_backtrace(f, &self.backtrace)
    }
}
impl std::error::Error for WasmException {}

impl<T> Caller<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }
    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }
    /// An export of the calling instance (e.g. its `memory`).
    pub fn get_export(&mut self, name: &str) -> Option<crate::Extern> {
        let inst = self.instance?;
        crate::Instance {
            store: self.store.opaque.id,
            index: inst,
        }
        .get_export(&mut *self.store, name)
    }
    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }
}

impl<T> Caller<'_, T> {
    /// Suspends the Wasm continuation that called this host function, as if
    /// it had executed `suspend` with `tag` and `payload`: the innermost
    /// `resume` with a handler for `tag` receives the payload and the
    /// continuation. When the continuation is resumed, the values passed to
    /// `resume` become this host function's results (so the tag's result
    /// types must be the function's result types).
    ///
    /// Return the value from the host function: `return Err(caller.suspend(tag, &[..]))`.
    /// With no handler the call traps with "unhandled tag".
    ///
    /// ```
    /// use spindle::{Extern, FuncType, Linker, Module, Store, Tag, ValType, Engine};
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, ());
    /// // `io` hands an i32 request to a Wasm scheduler and gets an i32 reply.
    /// let io = Tag::new(&mut store, &FuncType::new([ValType::I32], [ValType::I32]));
    /// let mut linker = Linker::new(&engine);
    /// linker.define(&store, "env", "io", Extern::Tag(io))?;
    /// linker.func_new("env", "read", FuncType::new([ValType::I32], [ValType::I32]),
    ///     move |mut caller, args, _| Err(caller.suspend(io, &[args[0]])))?;
    /// let module = Module::new(&engine, r#"(module
    ///   (type $f (func (result i32))) (type $k (cont $f))
    ///   (type $g (func (param i32) (result i32))) (type $k2 (cont $g))
    ///   (import "env" "io" (tag $io (param i32) (result i32)))
    ///   (import "env" "read" (func $read (param i32) (result i32)))
    ///   (func $task (result i32) (i32.add (call $read (i32.const 20)) (i32.const 1)))
    ///   (elem declare func $task)
    ///   (func (export "run") (result i32)
    ///     (local $k (ref null $k2))
    ///     (block $on_io (result i32 (ref $k2))
    ///       (return (resume $k (on $io $on_io) (cont.new $k (ref.func $task)))))
    ///     (local.set $k)
    ///     ;; the scheduler answers request n with 2n
    ///     (resume $k2 (i32.mul (i32.const 2)) (local.get $k))))"#)?;
    /// let instance = linker.instantiate(&mut store, &module)?;
    /// let run = instance.get_typed_func::<(), i32, _>(&mut store, "run")?;
    /// assert_eq!(run.call(&mut store, ())?, 41);
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    pub fn suspend(&mut self, tag: crate::Tag, payload: &[Val]) -> anyhow::Error {
        HostSuspend {
            tag,
            payload: payload.to_vec(),
        }
        .into()
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_store(&self) -> &Store<T> {
        self.store
    }
}
impl<T> AsContextMut for Caller<'_, T> {
    fn as_store_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

impl Func {
    /// A host function of type `ty`.
    ///
    /// # Panics
    ///
    /// If `ty` names a concrete (module-defined) reference type, which host
    /// functions do not support yet; [`Func::try_new`] returns that error.
    pub fn new<T: 'static>(
        store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        Func::try_new(store, ty, f).unwrap_or_else(|e| panic!("Func::new: {e}"))
    }

    /// A host function of type `ty`; an error if the engine cannot name
    /// `ty` (a concrete reference type).
    pub fn try_new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<Func> {
        let store = store.as_store_mut();
        let tid = store.opaque.engine.intern_func_type(&ty)?;
        store.host_funcs.push(Arc::new(f));
        let host = (store.host_funcs.len() - 1) as u32;
        store.opaque.funcs.push(FuncEntity {
            ty: tid,
            kind: FuncKind::Host { host },
        });
        Ok(Func {
            store: store.opaque.id,
            index: (store.opaque.funcs.len() - 1) as u32,
        })
    }

    /// A host function from a closure with typed parameters and results,
    /// e.g. `|a: i32, b: i32| a + b`.
    pub fn wrap<T: 'static, Params, Results>(
        store: impl AsContextMut<Data = T>,
        f: impl crate::IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, f) = f.into_func();
        Func::new(store, ty, move |c, p, r| f(c, p, r))
    }

    pub(crate) fn check_store(&self, s: &StoreOpaque) -> Result<()> {
        if self.store != s.id {
            bail!("function used with the wrong store");
        }
        Ok(())
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        store.as_store().opaque.func_type(self.index)
    }

    /// Calls the function. `results` must have room for every result.
    pub fn call<T>(
        &self,
        mut store: impl AsContextMut<Data = T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_store_mut();
        self.check_store(&store.opaque)?;
        let ty = store.opaque.func_type(self.index);
        if params.len() != ty.params().len() {
            bail!(
                "expected {} arguments, got {}",
                ty.params().len(),
                params.len()
            );
        }
        if results.len() < ty.results().len() {
            bail!(
                "expected room for {} results, got {}",
                ty.results().len(),
                results.len()
            );
        }
        for (p, t) in params.iter().zip(ty.params()) {
            if !store.opaque.val_matches(p, t) {
                bail!("argument type mismatch: expected {t}, got {p:?}");
            }
        }
        let args = vals_to_slots(params);
        let out = call_raw(store, self.index, &args)?;
        let vals = store.opaque.host_vals(ty.results(), &out);
        for (r, v) in results.iter_mut().zip(vals) {
            *r = v;
        }
        Ok(())
    }

    /// A typed view of the function, checked against its type.
    pub fn typed<P: crate::WasmParams, R: crate::WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>> {
        let ty = self.ty(store);
        if ty.params() != P::types().as_slice() || ty.results() != R::types().as_slice() {
            bail!("function type mismatch: the function has type {ty}");
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// A function with statically known parameter and result types.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P: crate::WasmParams, R: crate::WasmResults> TypedFunc<P, R> {
    /// Calls the function.
    pub fn call<T>(&self, mut store: impl AsContextMut<Data = T>, params: P) -> Result<R> {
        let store = store.as_store_mut();
        self.func.check_store(&store.opaque)?;
        let args = params.to_slots();
        let out = call_raw(store, self.func.index, &args)?;
        Ok(R::from_slots(&out))
    }
    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}

/// Calls store function `func` with raw slot arguments; returns raw results.
pub(crate) fn call_raw<T>(store: &mut Store<T>, func: u32, args: &[u64]) -> Result<Vec<u64>> {
    if let FuncKind::Host { .. } = store.opaque.funcs[func as usize].kind {
        return call_host(store, func, args, None);
    }
    let (act, fp) = interp::enter(&mut store.opaque, func, args)?;
    match drive(store, &act, None)? {
        Exit::Return => {
            let n = store.opaque.func_type_results(func);
            let stack = &store.opaque.stacks[act.stack];
            Ok(stack.slots()[fp..fp + n].to_vec())
        }
        other => unreachable!("a call activation ends with a return, not {other:?}"),
    }
}

/// Runs activation `act` until it leaves the interpreter for the host
/// (returns, or a host-resumed continuation returns or suspends), serving
/// host calls on the way. `first` is an exit to serve before running.
pub(crate) fn drive<T>(
    store: &mut Store<T>,
    act: &interp::Activation,
    mut first: Option<Exit>,
) -> Result<Exit> {
    loop {
        let exit = match first.take() {
            Some(e) => Ok(e),
            None => interp::execute(&mut store.opaque, act),
        };
        let (hf, base) = match exit {
            Ok(Exit::HostCall { func, base }) => (func, base),
            Ok(other) => return Ok(other),
            Err(u) => return Err(finish_unwind(store, act, u)),
        };
        let np = store.opaque.func_type_params(hf);
        let cur = store.opaque.stacks.current();
        let hargs = store.opaque.stacks[cur].slots()[base..base + np].to_vec();
        let caller_inst = store.opaque.stacks[cur].top_frame().and_then(|f| {
            match store.opaque.funcs[f.func as usize].kind {
                FuncKind::Wasm { instance, .. } => Some(instance),
                FuncKind::Host { .. } => None,
            }
        });
        match call_host(store, hf, &hargs, caller_inst) {
            Ok(results) => {
                let need = base + results.len();
                if let Err(code) = store.opaque.stacks.ensure_slots(cur, need) {
                    return Err(finish_unwind(store, act, Unwind::Trap(code)));
                }
                let stack = &mut store.opaque.stacks[cur];
                stack.slots_mut()[base..need].copy_from_slice(&results);
            }
            Err(e) if e.is::<HostSuspend>() => {
                let req = e.downcast::<HostSuspend>().expect("checked");
                match host_suspend(store, act, hf, base, req) {
                    Ok(exit) => first = exit,
                    Err(u) => return Err(finish_unwind(store, act, u)),
                }
            }
            Err(e) => {
                // An exception thrown by Wasm under the host function goes on
                // unwinding in this activation.
                if let Some(exn) = e.downcast_ref::<WasmException>() {
                    if exn.store == store.opaque.id {
                        match interp::throw(&mut store.opaque, act, exn.exn) {
                            Ok(()) => continue,
                            Err(u) => return Err(finish_unwind(store, act, u)),
                        }
                    }
                }
                let bt = interp::backtrace(&store.opaque, act);
                interp::unwind_activation(&mut store.opaque, act);
                return Err(match e.downcast::<Trap>() {
                    Ok(t) => {
                        let mut full = t.backtrace().to_vec();
                        full.extend(bt);
                        Trap::with_backtrace(t.code(), full).into()
                    }
                    Err(e) => e,
                });
            }
        }
    }
}

/// Returned (as the error) by a host function that suspends the
/// continuation calling it; see [`Caller::suspend`].
#[derive(Debug)]
pub struct HostSuspend {
    tag: crate::Tag,
    payload: Vec<Val>,
}

impl std::fmt::Display for HostSuspend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a host function suspended outside of any continuation")
    }
}
impl std::error::Error for HostSuspend {}

/// Suspends the current continuation on behalf of host function `hf`,
/// called with arguments at `base`: the payload goes to the handler, and the
/// values of the next resume become the host function's results.
fn host_suspend<T>(
    store: &mut Store<T>,
    act: &interp::Activation,
    hf: u32,
    base: usize,
    req: HostSuspend,
) -> std::result::Result<Option<Exit>, Unwind> {
    let s = &mut store.opaque;
    let bad = || Unwind::Trap(TrapCode::UnhandledTag);
    if req.tag.store != s.id {
        return Err(bad());
    }
    let tag_ty = s.tags[req.tag.index as usize].ty;
    let (tparams, tresults) = {
        let reg = s.engine.types();
        let f = reg.get(tag_ty).sub.unwrap_func();
        (f.params().len(), slot_count(f.results()) as usize)
    };
    // The resume values become the host function's results.
    if tparams != req.payload.len() || tresults != s.func_type_results(hf) {
        return Err(bad());
    }
    let payload = vals_to_slots(&req.payload);
    interp::suspend(s, act, req.tag.index, &payload, base)
}

fn finish_unwind<T>(store: &mut Store<T>, act: &interp::Activation, u: Unwind) -> anyhow::Error {
    let mut bt = interp::backtrace(&store.opaque, act);
    if matches!(u, Unwind::Exception(_)) {
        // The frames the exception unwound, kept by `throw`.
        let thrown = std::mem::take(&mut store.opaque.escaping_backtrace);
        if !thrown.is_empty() {
            bt = thrown;
        }
    }
    interp::unwind_activation(&mut store.opaque, act);
    match u {
        Unwind::Trap(code) => {
            let detail = match code {
                TrapCode::TranslationFailed => store.opaque.translation_error.take(),
                _ => None,
            };
            Trap::with_backtrace(code, bt).with_detail(detail).into()
        }
        Unwind::Exception(exn) => WasmException {
            store: store.opaque.id,
            exn,
            bits: store.opaque.exns.bits(exn),
            backtrace: bt,
            hold: store.opaque.exns.hold(exn),
            what: crate::instance::describe_exception(&store.opaque, exn),
        }
        .into(),
    }
}

fn call_host<T>(
    store: &mut Store<T>,
    func: u32,
    args: &[u64],
    instance: Option<u32>,
) -> Result<Vec<u64>> {
    let FuncKind::Host { host } = store.opaque.funcs[func as usize].kind else {
        unreachable!()
    };
    let ty = store.opaque.func_type(func);
    let params = store.opaque.host_vals(ty.params(), args);
    let mut results: Vec<Val> = ty.results().iter().map(Val::default_for).collect();
    let f = store.host_funcs[host as usize].clone();
    f(Caller { store, instance }, &params, &mut results)?;
    for (r, t) in results.iter().zip(ty.results()) {
        if !store.opaque.val_matches(r, t) {
            return Err(Trap::new(TrapCode::Unreachable))
                .map_err(|_| anyhow::anyhow!("host function returned {r:?}, expected {t}"));
        }
    }
    Ok(vals_to_slots(&results))
}

impl StoreOpaque {
    /// Slots of the parameters of store function `func`.
    pub(crate) fn func_type_params(&self, func: u32) -> usize {
        let ty = self.funcs[func as usize].ty;
        slot_count(self.engine.types().get(ty).sub.unwrap_func().params()) as usize
    }
    /// Slots of the results of store function `func`.
    pub(crate) fn func_type_results(&self, func: u32) -> usize {
        let ty = self.funcs[func as usize].ty;
        slot_count(self.engine.types().get(ty).sub.unwrap_func().results()) as usize
    }
}

/// Types usable as typed parameters or results.
pub trait WasmTy: Sized {
    #[doc(hidden)]
    fn valtype() -> ValType;
    #[doc(hidden)]
    fn to_slot(self) -> u64;
    #[doc(hidden)]
    fn from_slot(s: u64) -> Self;
    #[doc(hidden)]
    fn to_val(self) -> Val;
    #[doc(hidden)]
    fn from_val(v: &Val) -> Option<Self>;
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, $to:expr, $from:expr, $tov:expr, $fromv:pat => $fv:expr) => {
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::$vt
            }
            fn to_slot(self) -> u64 {
                ($to)(self)
            }
            fn from_slot(s: u64) -> Self {
                ($from)(s)
            }
            fn to_val(self) -> Val {
                ($tov)(self)
            }
            fn from_val(v: &Val) -> Option<Self> {
                match *v {
                    $fromv => Some($fv),
                    _ => None,
                }
            }
        }
    };
}
wasm_ty!(i32, I32, |v: i32| v as u32 as u64, |s: u64| s as u32 as i32, Val::I32, Val::I32(x) => x);
wasm_ty!(u32, I32, |v: u32| v as u64, |s: u64| s as u32, |v: u32| Val::I32(v as i32), Val::I32(x) => x as u32);
wasm_ty!(i64, I64, |v: i64| v as u64, |s: u64| s as i64, Val::I64, Val::I64(x) => x);
wasm_ty!(u64, I64, |v: u64| v, |s: u64| s, |v: u64| Val::I64(v as i64), Val::I64(x) => x as u64);
wasm_ty!(f32, F32, |v: f32| v.to_bits() as u64, |s: u64| f32::from_bits(s as u32), |v: f32| Val::F32(v.to_bits()), Val::F32(x) => f32::from_bits(x));
wasm_ty!(f64, F64, |v: f64| v.to_bits(), f64::from_bits, |v: f64| Val::F64(v.to_bits()), Val::F64(x) => f64::from_bits(x));

/// Tuples of `WasmTy` usable as typed parameters.
pub trait WasmParams: Sized {
    #[doc(hidden)]
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn to_slots(self) -> Vec<u64>;
    #[doc(hidden)]
    fn from_vals(v: &[Val]) -> Option<Self>;
}

/// Tuples of `WasmTy` (or a single one) usable as typed results.
pub trait WasmResults: Sized {
    #[doc(hidden)]
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn from_slots(s: &[u64]) -> Self;
    #[doc(hidden)]
    fn to_vals(self, out: &mut [Val]);
}

macro_rules! tuples {
    ($($n:ident $i:tt),*) => {
        impl<$($n: WasmTy),*> WasmParams for ($($n,)*) {
            fn types() -> Vec<ValType> { vec![$($n::valtype()),*] }
            #[allow(unused_variables)]
            fn to_slots(self) -> Vec<u64> { vec![$(self.$i.to_slot()),*] }
            #[allow(unused_variables)]
            fn from_vals(v: &[Val]) -> Option<Self> { Some(($($n::from_val(v.get($i)?)?,)*)) }
        }
        impl<$($n: WasmTy),*> WasmResults for ($($n,)*) {
            fn types() -> Vec<ValType> { vec![$($n::valtype()),*] }
            #[allow(unused_variables, clippy::unused_unit)]
            fn from_slots(s: &[u64]) -> Self { ($($n::from_slot(s[$i]),)*) }
            #[allow(unused_variables)]
            fn to_vals(self, out: &mut [Val]) { $(out[$i] = self.$i.to_val();)* }
        }
    };
}
tuples!();
tuples!(A 0);
tuples!(A 0, B 1);
tuples!(A 0, B 1, C 2);
tuples!(A 0, B 1, C 2, D 3);
tuples!(A 0, B 1, C 2, D 3, E 4);
tuples!(A 0, B 1, C 2, D 3, E 4, F 5);

macro_rules! single {
    ($($t:ty),*) => {$(
        impl WasmParams for $t {
            fn types() -> Vec<ValType> { vec![<$t>::valtype()] }
            fn to_slots(self) -> Vec<u64> { vec![self.to_slot()] }
            fn from_vals(v: &[Val]) -> Option<Self> { <$t>::from_val(v.first()?) }
        }
        impl WasmResults for $t {
            fn types() -> Vec<ValType> { vec![<$t>::valtype()] }
            fn from_slots(s: &[u64]) -> Self { <$t>::from_slot(s[0]) }
            fn to_vals(self, out: &mut [Val]) { out[0] = self.to_val(); }
        }
    )*};
}
single!(i32, u32, i64, u64, f32, f64);

/// Closures usable as host functions with typed signatures.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    #[allow(clippy::type_complexity)]
    fn into_func(
        self,
    ) -> (
        FuncType,
        Box<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync>,
    );
}

macro_rules! into_func {
    ($($n:ident),*) => {
        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($n: WasmTy + 'static),*> IntoFunc<T, ($($n,)*), R> for F
        where
            F: Fn($($n),*) -> R + Send + Sync + 'static,
            R: WasmResults + 'static,
        {
            fn into_func(self) -> (FuncType, Box<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync>) {
                let ty = FuncType::new(<($($n,)*) as WasmParams>::types(), R::types());
                (ty, Box::new(move |_c, p, r| {
                    let ($($n,)*) = <($($n,)*) as WasmParams>::from_vals(p)
                        .ok_or_else(|| anyhow::anyhow!("argument type mismatch"))?;
                    (self)($($n),*).to_vals(r);
                    Ok(())
                }))
            }
        }
        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($n: WasmTy + 'static),*> IntoFunc<T, (Caller<'static, T>, $($n,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($n),*) -> R + Send + Sync + 'static,
            R: WasmResults + 'static,
        {
            fn into_func(self) -> (FuncType, Box<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync>) {
                let ty = FuncType::new(<($($n,)*) as WasmParams>::types(), R::types());
                (ty, Box::new(move |c, p, r| {
                    let ($($n,)*) = <($($n,)*) as WasmParams>::from_vals(p)
                        .ok_or_else(|| anyhow::anyhow!("argument type mismatch"))?;
                    (self)(c, $($n),*).to_vals(r);
                    Ok(())
                }))
            }
        }
    };
}
into_func!();
into_func!(A);
into_func!(A, B);
into_func!(A, B, C);
into_func!(A, B, C, D);
into_func!(A, B, C, D, E);
