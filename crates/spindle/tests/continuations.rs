//! Integration tests for typed continuations (the stack-switching proposal)
//! through the embedding API: the examples in `examples/continuations/`,
//! the traps (consumed / null continuation, unhandled tag, suspending
//! through a host frame, stack exhaustion), exceptions crossing `resume`,
//! `resume_throw`, backtraces across stacks, `switch`, nested handlers,
//! `cont.bind`, deep recursion and many live continuations.

use anyhow::Result;
use spindle::{
    Caller, Config, Engine, FuncType, Instance, Linker, Module, Store, Trap, TrapCode, Val, ValType,
};

// ---------------------------------------------------------------------------
// helpers

fn setup_with<T: 'static>(
    engine: &Engine,
    linker: &Linker<T>,
    data: T,
    wat: &str,
) -> (Store<T>, Instance) {
    let module = Module::new(engine, wat).expect("module compiles");
    let mut store = Store::new(engine, data);
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    (store, instance)
}

fn setup(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let linker = Linker::new(&engine);
    setup_with(&engine, &linker, (), wat)
}

fn example(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/continuations")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The trap inside `err`, or a panic that shows what the error was.
fn trap(err: &anyhow::Error) -> &Trap {
    err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("expected a trap, got: {err:#}"))
}

fn expect_trap<R: std::fmt::Debug>(r: Result<R>, code: TrapCode) -> Trap {
    match r {
        Ok(v) => panic!("expected trap {code:?}, got result {v:?}"),
        Err(e) => {
            let t = trap(&e);
            assert_eq!(t.code(), code, "wrong trap: {e:#}");
            t.clone()
        }
    }
}

fn names(t: &Trap) -> Vec<String> {
    t.backtrace()
        .iter()
        .map(|f| {
            f.func_name
                .clone()
                .unwrap_or_else(|| format!("<func {}>", f.func_index))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// the examples

#[test]
fn example_generator() -> Result<()> {
    let (mut store, inst) = setup(&example("generator.wat"));
    let run = inst.get_typed_func::<i32, i64, _>(&mut store, "run")?;
    assert_eq!(run.call(&mut store, 0)?, 0);
    assert_eq!(run.call(&mut store, 1)?, 0);
    assert_eq!(run.call(&mut store, 100)?, 4950);
    assert_eq!(run.call(&mut store, 100_000)?, 4_999_950_000);
    // Same instance again: no state left over.
    assert_eq!(run.call(&mut store, 100)?, 4950);
    Ok(())
}

#[test]
fn example_scheduler() -> Result<()> {
    let (mut store, inst) = setup(&example("scheduler.wat"));
    let run = inst.get_typed_func::<i32, i64, _>(&mut store, "run")?;
    let counter = inst.get_typed_func::<(), i32, _>(&mut store, "counter")?;
    assert_eq!(run.call(&mut store, 0)?, 0);
    assert_eq!(run.call(&mut store, 1)?, 123);
    assert_eq!(run.call(&mut store, 3)?, 123_123_123);
    assert_eq!(counter.call(&mut store, ())?, 9);
    // A long run: the checksum of the round-robin order 1,2,3,1,2,3,...
    let k = 1000;
    let mut expected = 0i64;
    for _ in 0..k {
        for id in 1..=3 {
            expected = expected.wrapping_mul(10).wrapping_add(id);
        }
    }
    assert_eq!(run.call(&mut store, k)?, expected);
    assert_eq!(counter.call(&mut store, ())?, 3 * k);
    Ok(())
}

#[test]
fn example_async_await() -> Result<()> {
    let (mut store, inst) = setup(&example("async_await.wat"));
    let run = inst.get_typed_func::<(), i64, _>(&mut store, "run")?;
    let clock = inst.get_typed_func::<(), i32, _>(&mut store, "clock")?;
    assert_eq!(run.call(&mut store, ())?, 3_124_050_125);
    assert_eq!(clock.call(&mut store, ())?, 7);
    assert_eq!(run.call(&mut store, ())?, 3_124_050_125);
    Ok(())
}

#[test]
fn example_sieve() -> Result<()> {
    let (mut store, inst) = setup(&example("sieve.wat"));
    let run = inst.get_typed_func::<i32, i32, _>(&mut store, "run")?;
    let sum = inst.get_typed_func::<i32, i64, _>(&mut store, "sum")?;
    let mut primes = Vec::new();
    let mut n = 2u32;
    while primes.len() < 1000 {
        if primes.iter().all(|p| !n.is_multiple_of(*p)) {
            primes.push(n);
        }
        n += 1;
    }
    for k in [1usize, 2, 10, 100, 1000] {
        assert_eq!(
            run.call(&mut store, k as i32)?,
            primes[k - 1] as i32,
            "prime #{k}"
        );
    }
    assert_eq!(run.call(&mut store, 100)?, 541);
    let s: u64 = primes[..100].iter().map(|&p| p as u64).sum();
    assert_eq!(sum.call(&mut store, 100)?, s as i64);
    assert_eq!(s, 24133);
    Ok(())
}

// ---------------------------------------------------------------------------
// traps

#[test]
fn resuming_a_consumed_continuation_traps() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $f1 (func (param i32) (result i32)))
          (type $k1 (cont $f1))
          (tag $yield)
          (func $seven (result i32) (i32.const 7))
          (func $add1 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $yields (result i32) (suspend $yield) (i32.const 8))
          (elem declare func $seven $add1 $yields)

          ;; resume a finished continuation again
          (func (export "twice") (result i32)
            (local $k (ref null $k))
            (local.set $k (cont.new $k (ref.func $seven)))
            (drop (resume $k (local.get $k)))
            (resume $k (local.get $k)))
          ;; resume the reference the continuation had before it suspended
          (func (export "stale_after_suspend") (result i32)
            (local $k (ref null $k))
            (local.set $k (cont.new $k (ref.func $yields)))
            (block $h (result (ref $k))
              (drop (resume $k (on $yield $h) (local.get $k)))
              (unreachable))
            (drop)
            (resume $k (local.get $k)))
          ;; cont.bind consumes its operand
          (func (export "after_bind") (result i32)
            (local $k (ref null $k1))
            (local.set $k (cont.new $k1 (ref.func $add1)))
            (drop (cont.bind $k1 $k (i32.const 1) (local.get $k)))
            (resume $k1 (i32.const 2) (local.get $k)))
          (func (export "once") (result i32)
            (resume $k (cont.new $k (ref.func $seven)))))"#,
    );
    for name in ["twice", "stale_after_suspend", "after_bind"] {
        let f = inst.get_typed_func::<(), i32, _>(&mut store, name)?;
        let t = expect_trap(
            f.call(&mut store, ()),
            TrapCode::ContinuationAlreadyConsumed,
        );
        assert_eq!(t.message(), "continuation already consumed");
    }
    let once = inst.get_typed_func::<(), i32, _>(&mut store, "once")?;
    assert_eq!(once.call(&mut store, ())?, 7);
    Ok(())
}

#[test]
fn null_continuation_traps() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $f1 (func (param i32) (result i32)))
          (type $k1 (cont $f1))
          (tag $e)
          (func (export "resume") (result i32)
            (resume $k (ref.null $k)))
          (func (export "bind") (result i32)
            (resume $k (cont.bind $k1 $k (i32.const 1) (ref.null $k1))))
          (func (export "resume_throw") (result i32)
            (resume_throw $k $e (ref.null $k)))
          (func (export "ok") (result i32) (i32.const 1)))"#,
    );
    for name in ["resume", "bind", "resume_throw"] {
        let f = inst.get_typed_func::<(), i32, _>(&mut store, name)?;
        expect_trap(f.call(&mut store, ()), TrapCode::NullContinuation);
    }
    let ok = inst.get_typed_func::<(), i32, _>(&mut store, "ok")?;
    assert_eq!(ok.call(&mut store, ())?, 1);
    Ok(())
}

#[test]
fn unhandled_tag_traps() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (tag $t)
          (tag $other)
          (func $body (result i32) (suspend $t) (i32.const 1))
          (elem declare func $body)
          ;; no resume at all
          (func (export "top") (result i32) (suspend $t) (i32.const 0))
          ;; a resume that handles another tag only
          (func (export "wrong_tag") (result i32)
            (block $h (result (ref $k))
              (return (resume $k (on $other $h) (cont.new $k (ref.func $body)))))
            (drop)
            (i32.const -1))
          (func (export "handled") (result i32)
            (block $h (result (ref $k))
              (return (resume $k (on $t $h) (cont.new $k (ref.func $body)))))
            (drop)
            (i32.const 42)))"#,
    );
    for name in ["top", "wrong_tag"] {
        let f = inst.get_typed_func::<(), i32, _>(&mut store, name)?;
        let t = expect_trap(f.call(&mut store, ()), TrapCode::UnhandledTag);
        assert_eq!(t.message(), "unhandled tag");
    }
    let handled = inst.get_typed_func::<(), i32, _>(&mut store, "handled")?;
    assert_eq!(handled.call(&mut store, ())?, 42);
    Ok(())
}

const THROUGH_HOST: &str = r#"(module
  (type $f (func (result i32)))
  (type $k (cont $f))
  (type $fi (func (param i32) (result i32)))
  (type $ki (cont $fi))
  (tag $t (result i32))
  (tag $local)
  (import "env" "callback" (func $callback (result i32)))
  ;; the continuation calls the host, which calls back into "inner"
  (func $body (result i32) (i32.add (call $callback) (i32.const 1)))
  (func $local_body (result i32) (suspend $local) (i32.const 5))
  (elem declare func $body $local_body)
  ;; suspends to the handler in "outer", beyond the host frame
  (func $inner (export "inner") (result i32) (suspend $t))
  ;; suspends to a handler of its own: allowed under a host frame
  (func (export "inner_local") (result i32)
    (local $k (ref null $k))
    (block $h (result (ref $k))
      (return (resume $k (on $local $h) (cont.new $k (ref.func $local_body)))))
    (local.set $k)
    (i32.add (resume $k (local.get $k)) (i32.const 100)))
  (func $outer (export "outer") (result i32)
    (block $h (result (ref $ki))
      (return (resume $k (on $t $h) (cont.new $k (ref.func $body)))))
    (drop)
    (i32.const -1))
  (func (export "double") (param i32) (result i32)
    (i32.mul (local.get 0) (i32.const 2))))"#;

/// The host function `env.callback` calls the export named in the store's
/// data; with `swallow` it returns 41 instead of propagating a trap, and
/// records the trap's code.
fn through_host_linker(engine: &Engine, swallow: bool) -> Linker<(String, Option<TrapCode>)> {
    let mut linker = Linker::new(engine);
    linker
        .func_new(
            "env",
            "callback",
            FuncType::new([], [ValType::I32]),
            move |mut caller: Caller<'_, (String, Option<TrapCode>)>, _params, results| {
                let name = caller.data().0.clone();
                let f = caller
                    .get_export(&name)
                    .and_then(|e| e.into_func())
                    .expect("export");
                let mut out = [Val::I32(0)];
                match f.call(&mut caller, &[], &mut out) {
                    Ok(()) => results[0] = out[0],
                    Err(e) if swallow => {
                        caller.data_mut().1 = e.downcast_ref::<Trap>().map(|t| t.code());
                        results[0] = Val::I32(41);
                    }
                    Err(e) => return Err(e),
                }
                Ok(())
            },
        )
        .unwrap();
    linker
}

#[test]
fn suspend_through_host_frame_traps_and_store_stays_usable() -> Result<()> {
    let engine = Engine::default();
    let linker = through_host_linker(&engine, false);
    let (mut store, inst) = setup_with(&engine, &linker, ("inner".to_string(), None), THROUGH_HOST);
    let outer = inst.get_typed_func::<(), i32, _>(&mut store, "outer")?;
    let t = expect_trap(outer.call(&mut store, ()), TrapCode::SuspendThroughHost);
    // The backtrace covers the inner activation and the outer one, across
    // the continuation's stack: inner, (host), body, outer.
    let n = names(&t);
    let pos = |name: &str| n.iter().position(|x| x == name);
    let (i, b, o) = (pos("inner"), pos("body"), pos("outer"));
    assert!(
        i.is_some() && b.is_some() && o.is_some() && i < b && b < o,
        "backtrace: {n:?}"
    );

    // The store is still usable: plain calls, and continuations again.
    let double = inst.get_typed_func::<i32, i32, _>(&mut store, "double")?;
    assert_eq!(double.call(&mut store, 21)?, 42);
    store.data_mut().0 = "inner_local".into();
    assert_eq!(outer.call(&mut store, ())?, 106);
    // And the failing case fails the same way a second time.
    store.data_mut().0 = "inner".into();
    expect_trap(outer.call(&mut store, ()), TrapCode::SuspendThroughHost);
    assert_eq!(double.call(&mut store, 5)?, 10);
    Ok(())
}

#[test]
fn suspend_through_host_frame_caught_by_host_continues() -> Result<()> {
    let engine = Engine::default();
    let linker = through_host_linker(&engine, true);
    let (mut store, inst) = setup_with(&engine, &linker, ("inner".to_string(), None), THROUGH_HOST);
    let outer = inst.get_typed_func::<(), i32, _>(&mut store, "outer")?;
    // The host sees the trap, returns 41, and the continuation goes on.
    assert_eq!(outer.call(&mut store, ())?, 42);
    assert_eq!(store.data().1, Some(TrapCode::SuspendThroughHost));
    assert_eq!(outer.call(&mut store, ())?, 42);
    let double = inst.get_typed_func::<i32, i32, _>(&mut store, "double")?;
    assert_eq!(double.call(&mut store, 4)?, 8);
    Ok(())
}

#[test]
fn stack_exhaustion_inside_continuation() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $fn (func (param i32) (result i32)))
          (type $kn (cont $fn))
          (tag $yield)
          (func $forever (param i32) (result i32)
            (i32.add (call $forever (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func $count (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.const 0))
              (else (i32.add (call $count (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
          (func $start (result i32) (call $forever (i32.const 0)))
          (func $later (result i32) (suspend $yield) (call $forever (i32.const 0)))
          (elem declare func $start $later $count)
          (func (export "overflow") (result i32)
            (resume $k (cont.new $k (ref.func $start))))
          ;; overflow after the continuation was suspended and resumed
          (func (export "overflow_after_resume") (result i32)
            (local $k (ref null $k))
            (block $h (result (ref $k))
              (return (resume $k (on $yield $h) (cont.new $k (ref.func $later)))))
            (local.set $k)
            (resume $k (local.get $k)))
          (func (export "count") (param i32) (result i32)
            (resume $kn (local.get 0) (cont.new $kn (ref.func $count))))
          (func (export "overflow_main") (result i32) (call $forever (i32.const 0))))"#,
    );
    let count = inst.get_typed_func::<i32, i32, _>(&mut store, "count")?;
    for name in [
        "overflow",
        "overflow_after_resume",
        "overflow_main",
        "overflow",
    ] {
        let f = inst.get_typed_func::<(), i32, _>(&mut store, name)?;
        expect_trap(f.call(&mut store, ()), TrapCode::StackExhausted);
        // Usable afterwards, with continuations.
        assert_eq!(count.call(&mut store, 1000)?, 1000);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// exceptions

#[test]
fn exception_from_continuation_caught_around_resume() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (tag $e (param i32))
          (tag $yield)
          (func $thrower (param i32) (result i32)
            (throw $e (i32.add (local.get 0) (i32.const 37))))
          (func $body (result i32) (call $thrower (i32.const 5)))
          (func $body2 (result i32) (suspend $yield) (throw $e (i32.const 99)))
          (elem declare func $body $body2)
          (func (export "catch_fresh") (result i32)
            (block $caught (result i32)
              (try_table (catch $e $caught)
                (return (resume $k (cont.new $k (ref.func $body)))))
              (unreachable)))
          ;; thrown after a suspend/resume round trip
          (func (export "catch_after_suspend") (result i32)
            (local $k (ref null $k))
            (block $h (result (ref $k))
              (return (resume $k (on $yield $h) (cont.new $k (ref.func $body2)))))
            (local.set $k)
            (block $caught (result i32)
              (try_table (catch $e $caught)
                (return (resume $k (local.get $k))))
              (unreachable)))
          ;; the handler clause of the resume does not catch exceptions
          (func (export "catch_all_ref") (result i32)
            (block $caught (result exnref)
              (block $on_yield (result (ref $k))
                (try_table (catch_all_ref $caught)
                  (return (resume $k (on $yield $on_yield) (cont.new $k (ref.func $body)))))
                (unreachable))
              (drop)
              (return (i32.const -1)))
            (drop)
            (i32.const 1))
          (func (export "uncaught") (result i32)
            (resume $k (cont.new $k (ref.func $body)))))"#,
    );
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "catch_fresh")?;
    assert_eq!(f.call(&mut store, ())?, 42);
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "catch_after_suspend")?;
    assert_eq!(f.call(&mut store, ())?, 99);
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "catch_all_ref")?;
    assert_eq!(f.call(&mut store, ())?, 1);
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "uncaught")?;
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(
        err.downcast_ref::<spindle::WasmException>().is_some(),
        "expected an uncaught exception, got {err:#}"
    );
    // Still fine afterwards.
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "catch_fresh")?;
    assert_eq!(f.call(&mut store, ())?, 42);
    Ok(())
}

#[test]
fn resume_throw_raises_at_the_suspension_point() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (tag $e (param i32))
          (tag $yield)
          ;; catches $e around its suspend and returns payload + 1000
          (func $catcher (result i32)
            (block $caught (result i32)
              (try_table (catch $e $caught)
                (suspend $yield)
                (return (i32.const 0)))
              (unreachable))
            (i32.add (i32.const 1000)))
          ;; does not catch: the exception leaves the continuation
          (func $passive (result i32) (suspend $yield) (i32.const 0))
          (elem declare func $catcher $passive)
          (func $suspended (param $f (ref $f)) (result (ref $k))
            (block $h (result (ref $k))
              (drop (resume $k (on $yield $h) (cont.new $k (local.get $f))))
              (unreachable)))
          (func (export "caught_inside") (result i32)
            (resume_throw $k $e (i32.const 7) (call $suspended (ref.func $catcher))))
          (func (export "caught_outside") (result i32)
            (block $out (result i32)
              (try_table (catch $e $out)
                (return (resume_throw $k $e (i32.const 8) (call $suspended (ref.func $passive)))))
              (unreachable)))
          ;; on a continuation that never ran, the exception comes out at once
          (func (export "fresh") (result i32)
            (block $out (result i32)
              (try_table (catch $e $out)
                (return (resume_throw $k $e (i32.const 9) (cont.new $k (ref.func $catcher)))))
              (unreachable))))"#,
    );
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "caught_inside")?;
    assert_eq!(f.call(&mut store, ())?, 1007);
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "caught_outside")?;
    assert_eq!(f.call(&mut store, ())?, 8);
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "fresh")?;
    assert_eq!(f.call(&mut store, ())?, 9);
    Ok(())
}

#[test]
fn resume_throw_ref_raises_a_caught_exception() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (tag $e (param i32))
          (tag $yield)
          (func $catcher (result i32)
            (block $caught (result i32)
              (try_table (catch $e $caught)
                (suspend $yield)
                (return (i32.const 0)))
              (unreachable))
            (i32.add (i32.const 2000)))
          (elem declare func $catcher)
          (func (export "run") (result i32)
            (local $k (ref null $k))
            (local $x exnref)
            (block $h (result (ref $k))
              (return (resume $k (on $yield $h) (cont.new $k (ref.func $catcher)))))
            (local.set $k)
            (block $caught (result i32 exnref)
              (try_table (catch_ref $e $caught)
                (throw $e (i32.const 11)))
              (unreachable))
            (local.set $x)
            (drop)
            (resume_throw_ref $k (local.get $x) (local.get $k))))"#,
    );
    let f = inst.get_typed_func::<(), i32, _>(&mut store, "run")?;
    assert_eq!(f.call(&mut store, ())?, 2011);
    Ok(())
}

// ---------------------------------------------------------------------------
// backtraces

#[test]
fn trap_backtrace_spans_continuation_stacks() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func))
          (type $k (cont $f))
          (tag $yield)
          (func $leaf (unreachable))
          (func $inner_body (call $leaf))
          (func $mid (resume $k (cont.new $k (ref.func $inner_body))))
          (func $outer_body (call $mid))
          (func $driver (resume $k (cont.new $k (ref.func $outer_body))))
          (func $main (export "main") (call $driver))
          ;; trap after a suspend/resume round trip
          (func $later (suspend $yield) (call $leaf))
          (func $resumer
            (local $k (ref null $k))
            (block $h (result (ref $k))
              (resume $k (on $yield $h) (cont.new $k (ref.func $later)))
              (return))
            (local.set $k)
            (resume $k (local.get $k)))
          (func $main2 (export "main2") (call $resumer))
          (elem declare func $inner_body $outer_body $later))"#,
    );
    let main = inst.get_typed_func::<(), (), _>(&mut store, "main")?;
    let t = expect_trap(main.call(&mut store, ()), TrapCode::Unreachable);
    assert_eq!(
        names(&t),
        ["leaf", "inner_body", "mid", "outer_body", "driver", "main"],
        "{t}"
    );
    // The first frame of each continuation stack is marked.
    let marks: Vec<bool> = t
        .backtrace()
        .iter()
        .map(|f| f.continuation_boundary)
        .collect();
    assert_eq!(marks, [false, true, false, true, false, false], "{t}");

    let main2 = inst.get_typed_func::<(), (), _>(&mut store, "main2")?;
    let t = expect_trap(main2.call(&mut store, ()), TrapCode::Unreachable);
    assert_eq!(names(&t), ["leaf", "later", "resumer", "main2"], "{t}");
    Ok(())
}

#[test]
fn trap_display_separates_stacks_after_the_boundary_frame() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func))
          (type $k (cont $f))
          (func $leaf (unreachable))
          (func $body (call $leaf))
          (func $main (export "main") (resume $k (cont.new $k (ref.func $body))))
          (elem declare func $body))"#,
    );
    let main = inst.get_typed_func::<(), (), _>(&mut store, "main")?;
    let t = expect_trap(main.call(&mut store, ()), TrapCode::Unreachable);
    // `continuation_boundary` is documented as "this stack was entered by a
    // resume in the frame printed next", so the separator belongs between
    // `body` and `main`.
    let text = t.to_string();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let body = lines.iter().position(|l| l.contains("body")).unwrap();
    assert_eq!(lines.get(body + 1), Some(&"-- resumed from --"), "{text}");
    Ok(())
}

// ---------------------------------------------------------------------------
// switch, nesting, cont.bind

#[test]
fn switch_between_two_continuations() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (rec
            (type $ft (func (param i32 (ref null $ct)) (result i32)))
            (type $ct (cont $ft)))
          (type $pft (func (param i32 i32 (ref null $ct)) (result i32)))
          (type $pct (cont $pft))
          (tag $swap (result i32))
          (global $trace (mut i64) (i64.const 0))
          ;; passes an increasing counter back and forth until it reaches 6
          (func $player (param $id i32) (param $n i32) (param $other (ref null $ct)) (result i32)
            (loop $turn
              (global.set $trace
                (i64.add (i64.mul (global.get $trace) (i64.const 10))
                         (i64.extend_i32_u (local.get $id))))
              (if (i32.ge_u (local.get $n) (i32.const 6))
                (then (return (i32.add (i32.mul (local.get $n) (i32.const 100)) (local.get $id)))))
              (switch $ct $swap (i32.add (local.get $n) (i32.const 1)) (local.get $other))
              (local.set $other)
              (local.set $n)
              (br $turn))
            (unreachable))
          (elem declare func $player)
          (func $make (param $id i32) (result (ref $ct))
            (cont.bind $pct $ct (local.get $id) (cont.new $pct (ref.func $player))))
          (func (export "run") (result i64)
            (local $r i32)
            (global.set $trace (i64.const 0))
            (local.set $r
              (resume $ct (on $swap switch)
                (i32.const 0) (call $make (i32.const 2)) (call $make (i32.const 1))))
            (i64.add (i64.mul (global.get $trace) (i64.const 1000))
                     (i64.extend_i32_u (local.get $r)))))"#,
    );
    let run = inst.get_typed_func::<(), i64, _>(&mut store, "run")?;
    // 1,2,1,2,1,2,1 then player 1 returns 6*100+1.
    assert_eq!(run.call(&mut store, ())?, 1_212_121_601);
    assert_eq!(run.call(&mut store, ())?, 1_212_121_601);
    Ok(())
}

#[test]
fn continuation_spanning_nested_resumes() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $fi (func (param i32) (result i32)))
          (type $ki (cont $fi))
          (tag $outer (param i32) (result i32))
          (tag $mid_tag)
          (global $suspensions (mut i32) (i32.const 0))
          ;; suspends twice to the handler two resumes up
          (func $innermost (result i32)
            (local $a i32)
            (local.set $a (suspend $outer (i32.const 1)))
            (i32.add (i32.mul (local.get $a) (i32.const 10)) (suspend $outer (i32.const 2))))
          ;; resumes $innermost with a handler for another tag only
          (func $middle (result i32)
            (local $m i32)
            (local.set $m (i32.const 3))
            (block $h (result (ref $k))
              (return
                (i32.add
                  (resume $k (on $mid_tag $h) (cont.new $k (ref.func $innermost)))
                  (i32.mul (local.get $m) (i32.const 1000)))))
            (drop)
            (i32.const -1))
          (elem declare func $innermost $middle)
          (func (export "run") (result i32)
            (local $k (ref null $ki))
            (local $p i32)
            (local $r i32)
            (global.set $suspensions (i32.const 0))
            (block $h (result i32 (ref $ki))
              (local.set $r (resume $k (on $outer $h) (cont.new $k (ref.func $middle))))
              (return (i32.const -2)))
            (loop $again (param i32 (ref $ki))
              (local.set $k)
              (local.set $p)
              (global.set $suspensions (i32.add (global.get $suspensions) (i32.const 1)))
              ;; the captured continuation holds both stacks
              (block $h2 (result i32 (ref $ki))
                (local.set $r
                  (resume $ki (on $outer $h2)
                    (i32.add (local.get $p) (i32.const 100)) (local.get $k)))
                ;; $innermost = 101*10 + 102, $middle adds 3000
                (return (i32.add (i32.mul (local.get $r) (i32.const 10))
                                 (global.get $suspensions))))
              (br $again))
            (unreachable)))"#,
    );
    let run = inst.get_typed_func::<(), i32, _>(&mut store, "run")?;
    assert_eq!(run.call(&mut store, ())?, 41_122);
    Ok(())
}

#[test]
fn cont_bind_partial_application() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f3 (func (param i32 i32 i32) (result i32)))
          (type $k3 (cont $f3))
          (type $f2 (func (param i32 i32) (result i32)))
          (type $k2 (cont $f2))
          (type $f1 (func (param i32) (result i32)))
          (type $k1 (cont $f1))
          (type $f0 (func (result i32)))
          (type $k0 (cont $f0))
          (tag $pair (result i32 i32))
          (func $digits (param i32 i32 i32) (result i32)
            (i32.add (i32.add (i32.mul (local.get 0) (i32.const 100))
                              (i32.mul (local.get 1) (i32.const 10)))
                     (local.get 2)))
          (func $asks (result i32)
            (local $x i32) (local $y i32)
            (suspend $pair)
            (local.set $y)
            (local.set $x)
            (i32.add (i32.mul (local.get $x) (i32.const 10)) (local.get $y)))
          (elem declare func $digits $asks)
          (func (export "one_at_a_time") (result i32)
            (resume $k1 (i32.const 3)
              (cont.bind $k2 $k1 (i32.const 2)
                (cont.bind $k3 $k2 (i32.const 1)
                  (cont.new $k3 (ref.func $digits))))))
          (func (export "all_at_once") (result i32)
            (resume $k0 (cont.bind $k3 $k0 (i32.const 4) (i32.const 5) (i32.const 6)
              (cont.new $k3 (ref.func $digits)))))
          (func (export "none") (result i32)
            (resume $k3 (i32.const 7) (i32.const 8) (i32.const 9)
              (cont.bind $k3 $k3 (cont.new $k3 (ref.func $digits)))))
          ;; binding the values a suspended continuation is resumed with
          (func (export "suspended") (result i32)
            (local $k (ref null $k2))
            (block $h (result (ref $k2))
              (return (resume $k0 (on $pair $h) (cont.new $k0 (ref.func $asks)))))
            (local.set $k)
            (resume $k1 (i32.const 8) (cont.bind $k2 $k1 (i32.const 7) (local.get $k)))))"#,
    );
    for (name, want) in [
        ("one_at_a_time", 123),
        ("all_at_once", 456),
        ("none", 789),
        ("suspended", 78),
    ] {
        let f = inst.get_typed_func::<(), i32, _>(&mut store, name)?;
        assert_eq!(f.call(&mut store, ())?, want, "{name}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// scale

const DEEP: &str = r#"(module
  (type $f (func (param i64) (result i64)))
  (type $k (cont $f))
  (type $fr (func (param i64) (result i64)))
  (type $kr (cont $fr))
  (tag $bottom (result i64))
  ;; sum(n) = n + sum(n-1), non-tail
  (func $sum (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (local.get $n) (call $sum (i64.sub (local.get $n) (i64.const 1)))))))
  ;; like $sum, but suspends at the bottom and uses the value resumed with
  (func $sum_suspend (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (suspend $bottom))
      (else (i64.add (local.get $n) (call $sum_suspend (i64.sub (local.get $n) (i64.const 1)))))))
  (elem declare func $sum $sum_suspend)
  (func (export "sum") (param i64) (result i64)
    (resume $k (local.get 0) (cont.new $k (ref.func $sum))))
  (func (export "sum_suspend") (param i64) (param $v i64) (result i64)
    (local $k (ref null $kr))
    (block $h (result (ref $kr))
      (return (resume $k (on $bottom $h) (local.get 0) (cont.new $k (ref.func $sum_suspend)))))
    (local.set $k)
    (resume $kr (local.get $v) (local.get $k))))"#;

fn triangle(n: i64) -> i64 {
    n * (n + 1) / 2
}

#[test]
fn deep_recursion_in_continuation_default_config() -> Result<()> {
    let (mut store, inst) = setup(DEEP);
    let sum = inst.get_typed_func::<i64, i64, _>(&mut store, "sum")?;
    let sum_suspend = inst.get_typed_func::<(i64, i64), i64, _>(&mut store, "sum_suspend")?;
    assert_eq!(sum.call(&mut store, 100_000)?, triangle(100_000));
    // Suspended 100,000 frames deep, then resumed.
    assert_eq!(
        sum_suspend.call(&mut store, (100_000, 7))?,
        triangle(100_000) + 7
    );
    Ok(())
}

#[test]
fn million_frames_in_continuation_with_raised_limit() -> Result<()> {
    let mut config = Config::new();
    config.max_stack_bytes(1 << 30).max_call_depth(2_000_000);
    let engine = Engine::new(&config);
    let linker = Linker::new(&engine);
    let (mut store, inst) = setup_with(&engine, &linker, (), DEEP);
    let sum = inst.get_typed_func::<i64, i64, _>(&mut store, "sum")?;
    let sum_suspend = inst.get_typed_func::<(i64, i64), i64, _>(&mut store, "sum_suspend")?;
    assert_eq!(sum.call(&mut store, 1_000_000)?, triangle(1_000_000));
    assert_eq!(
        sum_suspend.call(&mut store, (1_000_000, 5))?,
        triangle(1_000_000) + 5
    );
    // Beyond the raised frame limit it still traps, and the store survives.
    expect_trap(sum.call(&mut store, 3_000_000), TrapCode::StackExhausted);
    assert_eq!(sum.call(&mut store, 10)?, 55);
    Ok(())
}

#[test]
fn many_suspended_continuations() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (param i32) (result i32)))
          (type $k (cont $f))
          (type $fr (func (param i32) (result i32)))
          (type $kr (cont $fr))
          (tag $park (param i32) (result i32))
          (table $parked 0 (ref null $kr))
          (global $live (mut i32) (i32.const 0))
          ;; reports its id, waits, returns id + the value it is resumed with
          (func $worker (param $id i32) (result i32)
            (i32.add (local.get $id) (suspend $park (local.get $id))))
          (elem declare func $worker)
          (func (export "run") (param $n i32) (result i64)
            (local $i i32) (local $id i32) (local $sum i64) (local $k (ref null $kr))
            (drop (table.grow $parked (ref.null $kr)
              (i32.sub (local.get $n) (table.size $parked))))
            ;; start every worker; each one parks itself
            (block $started
              (loop $spawn
                (br_if $started (i32.ge_u (local.get $i) (local.get $n)))
                (block $h (result i32 (ref $kr))
                  (drop (resume $k (on $park $h) (local.get $i) (cont.new $k (ref.func $worker))))
                  (unreachable))
                (local.set $k)
                (local.set $id)
                (table.set $parked (local.get $i) (local.get $k))
                (if (i32.ne (local.get $id) (local.get $i)) (then (unreachable)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $spawn)))
            ;; all n are suspended now; finish them in reverse order
            (block $done
              (loop $finish
                (br_if $done (i32.eqz (local.get $i)))
                (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                (local.set $sum
                  (i64.add (local.get $sum)
                    (i64.extend_i32_u
                      (resume $kr (i32.mul (local.get $i) (i32.const 2))
                        (table.get $parked (local.get $i))))))
                (table.set $parked (local.get $i) (ref.null $kr))
                (br $finish)))
            (local.get $sum)))"#,
    );
    let run = inst.get_typed_func::<i32, i64, _>(&mut store, "run")?;
    let n = 100_000i64;
    // sum of (i + 2i) for i in 0..n
    assert_eq!(run.call(&mut store, n as i32)?, 3 * n * (n - 1) / 2);
    // again, reusing the freed stacks
    assert_eq!(run.call(&mut store, n as i32)?, 3 * n * (n - 1) / 2);
    Ok(())
}

#[test]
fn continuation_count_limit() -> Result<()> {
    let mut config = Config::new();
    config.max_continuations(10);
    let engine = Engine::new(&config);
    let linker = Linker::new(&engine);
    let (mut store, inst) = setup_with(
        &engine,
        &linker,
        (),
        r#"(module
          (type $f (func))
          (type $k (cont $f))
          (table $t 32 (ref null $k))
          (func $nop)
          (elem declare func $nop)
          ;; creates n continuations and keeps them alive
          (func (export "make") (param $n i32) (result i32)
            (local $i i32)
            (block $done
              (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (table.set $t (local.get $i) (cont.new $k (ref.func $nop)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
            (local.get $i))
          ;; finishes them, freeing their stacks
          (func (export "finish") (param $n i32)
            (local $i i32)
            (block $done
              (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (resume $k (table.get $t (local.get $i)))
                (table.set $t (local.get $i) (ref.null $k))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))))"#,
    );
    let make = inst.get_typed_func::<i32, i32, _>(&mut store, "make")?;
    let finish = inst.get_typed_func::<i32, (), _>(&mut store, "finish")?;
    assert_eq!(make.call(&mut store, 10)?, 10);
    finish.call(&mut store, 10)?;
    // The 11th live continuation is one too many.
    expect_trap(make.call(&mut store, 11), TrapCode::ContinuationLimit);
    // Finishing the 10 that were made frees room again.
    finish.call(&mut store, 10)?;
    assert_eq!(make.call(&mut store, 10)?, 10);
    Ok(())
}

// ---------------------------------------------------------------------------
// the host and continuations

#[test]
fn host_drives_a_generator_through_contrefs() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func))
          (type $k (cont $f))
          (tag $y (param i32))
          (global $i (mut i32) (i32.const 0))
          (func $gen
            (loop $l
              (suspend $y (global.get $i))
              (global.set $i (i32.add (global.get $i) (i32.const 1)))
              (br $l)))
          (elem declare func $gen)
          (func (export "make") (result (ref null $k)) (cont.new $k (ref.func $gen)))
          (func (export "step") (param $c (ref null $k)) (result i32 (ref null $k))
            (block $h (result i32 (ref $k))
              (resume $k (on $y $h) (local.get $c))
              (unreachable))))"#,
    );
    let make = inst.get_func(&mut store, "make").unwrap();
    let step = inst.get_func(&mut store, "step").unwrap();
    let mut r = [Val::I32(0)];
    make.call(&mut store, &[], &mut r)?;
    let mut k = r[0];
    assert!(matches!(k, Val::ContRef(Some(_))), "{k:?}");
    for i in 0..5 {
        let mut out = [Val::I32(0), Val::I32(0)];
        step.call(&mut store, &[k], &mut out)?;
        assert_eq!(out[0], Val::I32(i));
        let old = k;
        k = out[1];
        // The reference the host held before this step is consumed.
        let err = step.call(&mut store, &[old], &mut out).unwrap_err();
        assert_eq!(trap(&err).code(), TrapCode::ContinuationAlreadyConsumed);
    }
    Ok(())
}

#[test]
fn host_function_as_continuation_body() -> Result<()> {
    let mut config = Config::new();
    config.max_continuations(4);
    let engine = Engine::new(&config);
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "twice", |x: i32| x * 2)?;
    let (mut store, inst) = setup_with(
        &engine,
        &linker,
        (),
        r#"(module
          (type $f (func (param i32) (result i32)))
          (type $k (cont $f))
          (import "env" "twice" (func $twice (type $f)))
          (elem declare func $twice)
          (func (export "run") (param i32) (result i32)
            (resume $k (local.get 0) (cont.new $k (ref.func $twice)))))"#,
    );
    let run = inst.get_typed_func::<i32, i32, _>(&mut store, "run")?;
    // More runs than the continuation limit: each one must free its stack.
    for i in 0..10 {
        assert_eq!(run.call(&mut store, i)?, 2 * i);
    }
    Ok(())
}

#[test]
fn max_total_stack_bytes_bounds_nested_continuations() -> Result<()> {
    let mut config = Config::new();
    config.max_total_stack_bytes(16 << 20);
    let engine = Engine::new(&config);
    let linker = Linker::new(&engine);
    let (mut store, inst) = setup_with(
        &engine,
        &linker,
        (),
        r#"(module
          (type $f (func (param i32) (result i32)))
          (type $k (cont $f))
          ;; n levels, each on its own continuation nested in the previous
          (func $level (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.const 0))
              (else
                (i32.add (i32.const 1)
                  (resume $k (i32.sub (local.get $n) (i32.const 1))
                    (cont.new $k (ref.func $level)))))))
          (elem declare func $level)
          (func (export "run") (param i32) (result i32) (call $level (local.get 0))))"#,
    );
    let run = inst.get_typed_func::<i32, i32, _>(&mut store, "run")?;
    // 100,000 live stacks of at least 512 bytes each: far over 16 MiB.
    expect_trap(run.call(&mut store, 100_000), TrapCode::StackMemoryLimit);
    assert_eq!(run.call(&mut store, 10)?, 10);
    Ok(())
}

/// Creating many generators, taking one value from each and dropping it,
/// keeps the number of live continuations bounded: the collector frees the
/// unreachable ones.
#[test]
fn dropped_generators_are_collected() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (tag $yield (param i32))
          (func $gen (result i32)
            (local $i i32)
            (loop $l
              (suspend $yield (local.get $i))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l))
            (i32.const 0))
          (elem declare func $gen)
          (func (export "run") (param $n i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $l
                (br_if $done (i32.eqz (local.get $n)))
                (block $on_yield (result i32 (ref $k))
                  (resume $k (on $yield $on_yield) (cont.new $k (ref.func $gen)))
                  (br $done))
                (drop)
                (local.set $sum (i32.add (local.get $sum)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $l)))
            (local.get $sum)))"#,
    );
    let run = inst.get_typed_func::<i32, i32, _>(&mut store, "run")?;
    assert_eq!(run.call(&mut store, 200_000)?, 0);
    assert!(
        store.live_continuations() <= 20_000,
        "{} continuations still live",
        store.live_continuations()
    );
    store.collect_continuations();
    assert_eq!(store.live_continuations(), 0);
    // What is left is the main stack.
    assert!(store.stack_bytes() < 4096, "{} bytes", store.stack_bytes());
    Ok(())
}

/// Parked continuations that are still referenced (from a table) survive
/// collections and finish correctly.
#[test]
fn referenced_continuations_survive_collection() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $g (func (param i32) (result i32)))
          (type $k2 (cont $g))
          (tag $park (result i32))
          (table $conts 0 (ref null $k2))
          (func $d4 (param i32) (result i32) (i32.add (local.get 0) (suspend $park)))
          (func $d3 (param i32) (result i32) (call $d4 (i32.add (local.get 0) (i32.const 1))))
          (func $d2 (param i32) (result i32) (call $d3 (i32.add (local.get 0) (i32.const 1))))
          (func $d1 (result i32) (call $d2 (i32.const 1)))
          (elem declare func $d1)
          (func (export "park") (param $n i32)
            (local $i i32) (local $c (ref null $k2))
            (drop (table.grow $conts (ref.null $k2) (local.get $n)))
            (block $done
              (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (block $on_park (result (ref $k2))
                  (drop (resume $k (on $park $on_park) (cont.new $k (ref.func $d1))))
                  (unreachable))
                (local.set $c)
                (table.set $conts (local.get $i) (local.get $c))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l))))
          (func (export "finish") (param $n i32) (result i32)
            (local $i i32) (local $sum i32)
            (block $done
              (loop $l
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $sum (i32.add (local.get $sum)
                  (resume $k2 (local.get $i) (table.get $conts (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
            (local.get $sum)))"#,
    );
    let park = inst.get_typed_func::<i32, (), _>(&mut store, "park")?;
    let finish = inst.get_typed_func::<i32, i32, _>(&mut store, "finish")?;
    let n = 50_000;
    park.call(&mut store, n)?;
    assert_eq!(store.live_continuations(), n as usize);
    store.collect_continuations();
    assert_eq!(store.live_continuations(), n as usize);
    // Each finishes with 3 + i; the sum is 3n + n(n-1)/2 (wrapping).
    let expected = (3 * n as i64 + (n as i64) * (n as i64 - 1) / 2) as i32;
    assert_eq!(finish.call(&mut store, n)?, expected);
    assert_eq!(store.live_continuations(), 0);
    Ok(())
}

/// A host function suspends the Wasm continuation that called it (an I/O
/// call handing control to a Wasm scheduler); the scheduler resumes it with
/// the value that becomes the host function's result.
#[test]
fn host_function_suspends_its_caller() -> Result<()> {
    use spindle::{Extern, Tag};
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0u32);
    // The tag is created by the host and imported by the module.
    let io = Tag::new(&mut store, &FuncType::new([ValType::I32], [ValType::I32]));
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "io", Extern::Tag(io))?;
    linker.func_new(
        "env",
        "read",
        FuncType::new([ValType::I32], [ValType::I32]),
        move |mut caller, params, _results| {
            *caller.data_mut() += 1;
            // Hand the request (fd) to the scheduler; the reply comes back
            // as this function's result.
            Err(caller.suspend(io, &[params[0]]))
        },
    )?;
    let module = Module::new(
        &engine,
        r#"(module
          (type $f (func (result i32)))
          (type $k (cont $f))
          (type $g (func (param i32) (result i32)))
          (type $k2 (cont $g))
          (import "env" "io" (tag $io (param i32) (result i32)))
          (import "env" "read" (func $read (param i32) (result i32)))
          ;; a green thread: two reads, returns their sum
          (func $thread (result i32)
            (i32.add (call $read (i32.const 3)) (call $read (i32.const 4))))
          (elem declare func $thread)
          ;; the scheduler answers each read of fd n with n * 100
          (func (export "run") (result i32)
            (local $k (ref null $k2)) (local $fd i32)
            (block $io1 (result i32 (ref $k2))
              (return (resume $k (on $io $io1) (cont.new $k (ref.func $thread)))))
            (local.set $k) (local.set $fd)
            (block $io2 (result i32 (ref $k2))
              (return (resume $k2 (on $io $io2)
                (i32.mul (local.get $fd) (i32.const 100)) (local.get $k))))
            (local.set $k) (local.set $fd)
            (resume $k2 (i32.mul (local.get $fd) (i32.const 100)) (local.get $k)))
          ;; a read outside any continuation has no handler
          (func (export "bare") (result i32) (call $read (i32.const 1))))"#,
    )?;
    let inst = linker.instantiate(&mut store, &module)?;
    let run = inst.get_typed_func::<(), i32, _>(&mut store, "run")?;
    assert_eq!(run.call(&mut store, ())?, 700);
    assert_eq!(*store.data(), 2);
    let bare = inst.get_typed_func::<(), i32, _>(&mut store, "bare")?;
    expect_trap(bare.call(&mut store, ()), TrapCode::UnhandledTag);
    // The store is still usable.
    assert_eq!(run.call(&mut store, ())?, 700);
    assert_eq!(store.live_continuations(), 0);
    Ok(())
}

/// The host resumes a continuation that Wasm created, handles its `yield`
/// suspensions itself, and also drives one it created from a Wasm function.
#[test]
fn host_resumes_continuations() -> Result<()> {
    use spindle::{ContRef, Resumed};
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module
          (type $f (func (param i32) (result i32)))
          (type $k (cont $f))
          (tag $yield (export "yield") (param i32) (result i32))
          ;; yields n, n-1, ..., 1 (each time receiving a value to add to
          ;; the total), then returns the total
          (func $countdown (export "countdown") (param $n i32) (result i32)
            (local $total i32)
            (loop $l
              (if (i32.eqz (local.get $n)) (then (return (local.get $total))))
              (local.set $total (i32.add (local.get $total)
                (suspend $yield (local.get $n))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l))
            (unreachable))
          (elem declare func $countdown)
          (func (export "make") (result (ref $k)) (cont.new $k (ref.func $countdown))))"#,
    )?;
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let yield_tag = inst.get_tag(&mut store, "yield").unwrap();

    // Drive to completion, answering each yield of n with 10 * n.
    let drive = |store: &mut Store<()>, mut k: ContRef, n: i32| -> Result<(Vec<i32>, i32)> {
        let mut seen = Vec::new();
        let mut arg = vec![Val::I32(n)];
        loop {
            match k.resume(&mut *store, &arg, &[yield_tag])? {
                Resumed::Suspended { tag, payload, cont } => {
                    assert_eq!(tag, yield_tag);
                    let v = payload[0].i32().unwrap();
                    seen.push(v);
                    arg = vec![Val::I32(10 * v)];
                    k = cont;
                }
                Resumed::Returned(r) => return Ok((seen, r[0].i32().unwrap())),
            }
        }
    };

    // A continuation created by Wasm.
    let make = inst.get_func(&mut store, "make").unwrap();
    let mut out = [Val::I32(0)];
    make.call(&mut store, &[], &mut out)?;
    let Val::ContRef(Some(k)) = out[0] else {
        panic!("expected a continuation, got {:?}", out[0])
    };
    let (seen, total) = drive(&mut store, k, 4)?;
    assert_eq!(seen, vec![4, 3, 2, 1]);
    assert_eq!(total, 100);
    // It was consumed: resuming the first reference again traps.
    let err = k
        .resume(&mut store, &[Val::I32(1)], &[yield_tag])
        .unwrap_err();
    assert_eq!(trap(&err).code(), TrapCode::ContinuationAlreadyConsumed);

    // A continuation created by the host from a Wasm function.
    let countdown = inst.get_func(&mut store, "countdown").unwrap();
    let k = ContRef::new(&mut store, countdown)?;
    let (seen, total) = drive(&mut store, k, 2)?;
    assert_eq!((seen, total), (vec![2, 1], 30));

    // A tag the host does not handle: no handler anywhere, so it traps.
    let k = ContRef::new(&mut store, countdown)?;
    let err = k.resume(&mut store, &[Val::I32(1)], &[]).unwrap_err();
    assert_eq!(trap(&err).code(), TrapCode::UnhandledTag);
    assert_eq!(store.live_continuations(), 0);
    Ok(())
}

/// A contref the host reads from a global or a table stays alive while the
/// host holds it, though Wasm then drops its only other reference and a
/// collection runs (`Global::get` and `Table::get` root it, as call
/// results are).
#[test]
fn contrefs_read_by_the_host_survive_collection() -> Result<()> {
    let (mut store, inst) = setup(
        r#"(module
          (type $f (func (param i32) (result i32)))
          (type $k (cont $f))
          (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
          (elem declare func $double)
          (global $g (export "g") (mut (ref null $k)) (ref.null $k))
          (table $t (export "t") 1 (ref null $k))
          (func (export "fill")
            (global.set $g (cont.new $k (ref.func $double)))
            (table.set $t (i32.const 0) (cont.new $k (ref.func $double))))
          (func (export "clear")
            (global.set $g (ref.null $k))
            (table.set $t (i32.const 0) (ref.null $k))))"#,
    );
    let fill = inst.get_typed_func::<(), (), _>(&mut store, "fill")?;
    let clear = inst.get_typed_func::<(), (), _>(&mut store, "clear")?;
    fill.call(&mut store, ())?;
    let global = inst.get_global(&mut store, "g").unwrap();
    let table = inst.get_table(&mut store, "t").unwrap();
    let Val::ContRef(Some(from_global)) = global.get(&store) else {
        panic!("a contref in the global")
    };
    let Some(Val::ContRef(Some(from_table))) = table.get(&store, 0) else {
        panic!("a contref in the table")
    };
    // Reading them again roots nothing twice.
    global.get(&store);
    clear.call(&mut store, ())?;
    store.collect_garbage();
    assert_eq!(store.live_continuations(), 2);
    for (k, arg) in [(from_global, 5), (from_table, 7)] {
        match k.resume(&mut store, &[Val::I32(arg)], &[])? {
            spindle::Resumed::Returned(v) => assert_eq!(v, [Val::I32(2 * arg)]),
            _ => panic!("expected a return"),
        }
    }
    // Consumed: no longer roots.
    store.collect_garbage();
    assert_eq!(store.live_continuations(), 0);
    Ok(())
}
