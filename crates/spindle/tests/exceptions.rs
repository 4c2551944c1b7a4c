//! Exception objects are freed once unreachable: at once when caught by a
//! clause that takes no reference, else by the collector. Exceptions the
//! host holds (`WasmException`, `ExnRef` values) stay alive.

use anyhow::Result;
use spindle::{
    Caller, Engine, FuncType, Instance, Linker, Module, RefType, Store, Val, ValType, WasmException,
};

/// Live exceptions below which allocation never collects (`exn.rs`).
const MIN_COLLECTION: usize = 4096;

const WAT: &str = r#"(module
  (import "env" "keep" (func $keep (param exnref)))
  (import "env" "callback" (func $callback (param i32)))
  (tag $e (export "e") (param i32))
  (tag $w (param exnref))
  (global $g (export "g") (mut exnref) (ref.null exn))

  (func $make (export "make") (param $v i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e (local.get $v)))
      (unreachable)))
  (func $payload (export "payload") (param $x exnref) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable)))

  ;; throw / catch without a reference
  (func (export "throw_catch") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (block $h (result i32)
            (try_table (catch $e $h) (throw $e (local.get $i)))
            (unreachable))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; catch_ref + throw_ref, the exnref dropped
  (func $churn_ref (export "catch_ref_throw_ref") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (call $payload (call $make (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; catch_all_ref, the exnref dropped at once
  (func (export "catch_ref_drop") (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (call $make (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; an exception carrying another's exnref, unwrapped and rethrown
  (func (export "wrapped") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (call $payload
            (block $h (result exnref)
              (try_table (catch $w $h) (throw $w (call $make (local.get $i))))
              (unreachable)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  (func (export "set_g") (param $v i32) (global.set $g (call $make (local.get $v))))
  (func (export "g_payload") (param i32) (result i32) (call $payload (global.get $g)))
  (func (export "clear_g") (param i32) (result i32) (global.set $g (ref.null exn)) (i32.const 0))

  (func (export "throw_out") (param $v i32) (throw $e (local.get $v)))
  (func (export "to_host") (param $v i32) (call $keep (call $make (local.get $v))))
  (func (export "return_exnref") (param $v i32) (result exnref) (call $make (local.get $v)))

  ;; The host's callback calls "throw_out" and passes the exception on;
  ;; it is caught here by payload. n rounds.
  (func (export "through_host") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (block $h (result i32)
            (try_table (catch $e $h) (call $callback (local.get $i)))
            (unreachable))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))
)"#;

/// Host data: the exnrefs `env.keep` was given.
type Kept = Vec<Val>;

fn setup() -> Result<(Store<Kept>, Instance)> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, Vec::new());
    let mut linker = Linker::new(&engine);
    linker.func_new(
        "env",
        "keep",
        FuncType::new([ValType::Ref(RefType::EXNREF)], []),
        |mut caller: Caller<'_, Kept>, params, _| {
            caller.data_mut().push(params[0]);
            Ok(())
        },
    )?;
    linker.func_new(
        "env",
        "callback",
        FuncType::new([ValType::I32], []),
        |mut caller: Caller<'_, Kept>, params, _| {
            let f = caller
                .get_export("throw_out")
                .and_then(|e| e.into_func())
                .unwrap();
            // Propagates the WasmException to the caller's activation.
            f.call(&mut caller, params, &mut [])
        },
    )?;
    let inst = linker.instantiate(&mut store, &module)?;
    Ok((store, inst))
}

fn call_i32(store: &mut Store<Kept>, inst: &Instance, name: &str, arg: i32) -> Result<i32> {
    inst.get_typed_func::<i32, i32, _>(&mut *store, name)?
        .call(&mut *store, arg)
}

/// The payload of an exnref, through Wasm's `throw_ref`.
fn payload(store: &mut Store<Kept>, inst: &Instance, x: Val) -> Result<i32> {
    let f = inst.get_func(&mut *store, "payload").unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut *store, &[x], &mut out)?;
    Ok(out[0].i32().unwrap())
}

/// 0 + 1 + ... + (n - 1), wrapping like `i32.add`.
fn sum_below(n: i32) -> i32 {
    (0..n).fold(0, i32::wrapping_add)
}

#[test]
fn caught_without_reference_is_freed_at_once() -> Result<()> {
    let (mut store, inst) = setup()?;
    let n = 100_000;
    assert_eq!(call_i32(&mut store, &inst, "throw_catch", n)?, sum_below(n));
    // No collection was needed: more than MIN_COLLECTION were thrown, and
    // none is left without calling the collector.
    assert_eq!(store.live_exceptions(), 0);
    Ok(())
}

#[test]
fn dropped_exnrefs_are_collected() -> Result<()> {
    let (mut store, inst) = setup()?;
    let n = 100_000;
    assert_eq!(
        call_i32(&mut store, &inst, "catch_ref_throw_ref", n)?,
        sum_below(n)
    );
    let live = store.live_exceptions();
    assert!(
        live <= 2 * MIN_COLLECTION,
        "{live} live after {n} dropped exnrefs"
    );
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 0);

    inst.get_typed_func::<i32, (), _>(&mut store, "catch_ref_drop")?
        .call(&mut store, n)?;
    let live = store.live_exceptions();
    assert!(
        live <= 2 * MIN_COLLECTION,
        "{live} live after {n} dropped exnrefs"
    );
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 0);
    Ok(())
}

#[test]
fn exnrefs_in_payloads_are_collected() -> Result<()> {
    let (mut store, inst) = setup()?;
    let n = 50_000;
    assert_eq!(call_i32(&mut store, &inst, "wrapped", n)?, sum_below(n));
    assert!(store.live_exceptions() <= 2 * MIN_COLLECTION);
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 0);
    Ok(())
}

#[test]
fn an_exnref_in_a_global_lives_as_long_as_it_is_there() -> Result<()> {
    let (mut store, inst) = setup()?;
    inst.get_typed_func::<i32, (), _>(&mut store, "set_g")?
        .call(&mut store, 123)?;
    call_i32(&mut store, &inst, "catch_ref_throw_ref", 20_000)?;
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 1, "only the global's");
    assert_eq!(call_i32(&mut store, &inst, "g_payload", 0)?, 123);
    call_i32(&mut store, &inst, "clear_g", 0)?;
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 0);

    // Set by the host from a result it got (which pins the exception).
    let make = inst.get_func(&mut store, "make").unwrap();
    let mut out = [Val::ExnRef(None)];
    make.call(&mut store, &[Val::I32(124)], &mut out)?;
    let g = inst.get_global(&mut store, "g").unwrap();
    g.set(&mut store, out[0])?;
    call_i32(&mut store, &inst, "catch_ref_throw_ref", 20_000)?;
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 1);
    let x = g.get(&mut store);
    assert_eq!(payload(&mut store, &inst, x)?, 124);
    Ok(())
}

#[test]
fn a_held_wasm_exception_keeps_its_exception() -> Result<()> {
    let (mut store, inst) = setup()?;
    let throw_out = inst.get_typed_func::<i32, (), _>(&mut store, "throw_out")?;
    let kept = throw_out.call(&mut store, 11).unwrap_err();
    let dropped = throw_out.call(&mut store, 12).unwrap_err();
    assert!(kept.is::<WasmException>() && dropped.is::<WasmException>());
    call_i32(&mut store, &inst, "catch_ref_throw_ref", 20_000)?;
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 2, "both errors are alive");

    drop(dropped);
    store.collect_garbage();
    assert_eq!(
        store.live_exceptions(),
        1,
        "a dropped error frees its exception"
    );

    // The ExnRef taken from the error stays valid after the error is gone.
    let x = kept.downcast_ref::<WasmException>().unwrap().exn_ref();
    drop(kept);
    call_i32(&mut store, &inst, "catch_ref_throw_ref", 20_000)?;
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 1);
    assert_eq!(payload(&mut store, &inst, Val::ExnRef(Some(x)))?, 11);
    Ok(())
}

#[test]
fn exnrefs_given_to_the_host_stay_valid() -> Result<()> {
    let (mut store, inst) = setup()?;
    // As a host-function argument (kept in the host data) and as a result.
    let to_host = inst.get_typed_func::<i32, (), _>(&mut store, "to_host")?;
    to_host.call(&mut store, 21)?;
    let ret = inst.get_func(&mut store, "return_exnref").unwrap();
    let mut out = [Val::ExnRef(None)];
    ret.call(&mut store, &[Val::I32(22)], &mut out)?;
    for _ in 0..3 {
        call_i32(&mut store, &inst, "catch_ref_throw_ref", 10_000)?;
        store.collect_garbage();
    }
    assert_eq!(store.live_exceptions(), 2);
    let arg = store.data()[0];
    assert_eq!(payload(&mut store, &inst, arg)?, 21);
    assert_eq!(payload(&mut store, &inst, out[0])?, 22);
    Ok(())
}

#[test]
fn exceptions_through_host_frames_are_freed() -> Result<()> {
    let (mut store, inst) = setup()?;
    let n = 10_000;
    assert_eq!(
        call_i32(&mut store, &inst, "through_host", n)?,
        sum_below(n)
    );
    // Each crossed the host inside a WasmException that is gone now.
    assert!(store.live_exceptions() <= 2 * MIN_COLLECTION);
    store.collect_garbage();
    assert_eq!(store.live_exceptions(), 0);
    Ok(())
}
