//! The compiled tier's native calls (`jit`'s "Native calls"): traps and
//! suspensions inside functions that compiled callers called natively must
//! look exactly as in the interpreter: the same backtrace (functions,
//! offsets, continuation boundaries), the same results after resuming.

use anyhow::Result;
use spindle::{Config, Engine, Instance, Linker, Module, Store, Tier, Trap, TrapCode};

fn setup(tier: Tier, wat: &str) -> (Store<()>, Instance) {
    let mut config = Config::default();
    config.tier(tier);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    (store, instance)
}

/// The trap of calling export `name` with `arg` `times` times (each call
/// must trap the same way); the trap as printed and its backtrace.
fn traps(tier: Tier, wat: &str, name: &str, arg: i32, times: usize) -> Vec<String> {
    let (mut store, inst) = setup(tier, wat);
    let f = inst
        .get_typed_func::<i32, i32, _>(&mut store, name)
        .expect("export");
    (0..times)
        .map(|_| {
            let err = f.call(&mut store, arg).expect_err("a trap");
            let t = err.downcast_ref::<Trap>().expect("a trap");
            format!("{t}\n{:?}", t.backtrace())
        })
        .collect()
}

const DEEP_TRAP: &str = r#"(module
  (memory 1)
  (func $leaf (param i32) (result i32)
    (i32.load (i32.mul (local.get 0) (i32.const 65536))))
  (func $c (param i32) (result i32) (i32.add (call $leaf (local.get 0)) (i32.const 1)))
  (func $b (param i32) (result i32) (i32.add (i32.const 2) (call $c (local.get 0))))
  (func $a (export "a") (param i32) (result i32)
    (drop (call $b (i32.const 0)))
    (call $b (local.get 0)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (call $a (i32.const 1)))
      (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))"#;

#[test]
fn trap_three_calls_deep_has_the_interpreters_backtrace() {
    // The first call compiles each function as the interpreter enters it;
    // the later ones call compiled callees natively.
    let interp = traps(Tier::Interp, DEEP_TRAP, "a", 1, 3);
    let compiled = traps(Tier::Compiled, DEEP_TRAP, "a", 1, 3);
    assert!(interp[0].contains("out of bounds"), "{}", interp[0]);
    assert!(interp[0].contains("leaf"), "{}", interp[0]);
    assert_eq!(interp, compiled);
}

#[test]
fn trap_below_deep_native_recursion_has_the_interpreters_backtrace() {
    // Past the native stack allowance the calls go through the
    // interpreter's frames; the backtrace is the same either way.
    for depth in [10, 5000] {
        let interp = traps(Tier::Interp, DEEP_TRAP, "rec", depth, 2);
        let compiled = traps(Tier::Compiled, DEEP_TRAP, "rec", depth, 2);
        assert_eq!(interp, compiled, "depth {depth}");
    }
}

const SUSPEND_DEEP: &str = r#"(module
  (type $f (func (param i32) (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32) (result i32))
  (func $leaf (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 99)) (then unreachable))
    (i32.mul (suspend $yield (local.get 0)) (i32.const 3)))
  (func $mid (param i32) (result i32) (i32.add (call $leaf (local.get 0)) (i32.const 1)))
  (func $body (param i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $mid (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (i32.add (local.get $sum) (call $mid (i32.const 99))))
  (elem declare func $body)
  ;; Resumes `body(n)`, answering a yield of `v` with `v + 7`.
  (func (export "run") (param i32) (result i32)
    (local $k (ref null $k)) (local $v i32)
    (local.set $k (cont.new $k (ref.func $body)))
    (local.set $v (local.get 0))
    (loop $next
      (block $h (result i32 (ref $k))
        (return (resume $k (on $yield $h) (local.get $v) (local.get $k))))
      (local.set $k)
      (local.set $v (i32.add (i32.const 7)))
      (br $next))
    (unreachable)))"#;

#[test]
fn suspend_inside_a_native_callee_resumes_into_its_callers() {
    // Every yield suspends two native calls below the continuation's
    // first frame; the body ends in a trap at the same depth.
    let interp = traps(Tier::Interp, SUSPEND_DEEP, "run", 50, 2);
    let compiled = traps(Tier::Compiled, SUSPEND_DEEP, "run", 50, 2);
    assert!(interp[0].contains("unreachable"), "{}", interp[0]);
    assert!(interp[0].contains("body"), "{}", interp[0]);
    assert_eq!(interp, compiled);
}

#[test]
fn deep_native_recursion_exhausts_like_the_interpreter() -> Result<()> {
    for tier in [Tier::Interp, Tier::Compiled] {
        let (mut store, inst) = setup(
            tier,
            r#"(module
              (func $f (export "f") (param i32) (result i32)
                (i32.add (call $f (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))"#,
        );
        let f = inst.get_typed_func::<i32, i32, _>(&mut store, "f")?;
        for _ in 0..2 {
            let err = f.call(&mut store, 0).expect_err("exhaustion");
            let t = err.downcast_ref::<Trap>().expect("a trap");
            assert_eq!(t.code(), TrapCode::StackExhausted, "{tier:?}: {t}");
        }
    }
    Ok(())
}

/// `DEEP_TRAP` and `SUSPEND_DEEP` with the calls made through table 0
/// (`call_indirect`) and through references (`call_ref`).
const INDIRECT_TRAP: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) func $leaf $c $b)
  (elem declare func $c)
  (func $leaf (param i32) (result i32)
    (i32.load (i32.mul (local.get 0) (i32.const 65536))))
  (func $c (param i32) (result i32)
    (i32.add (call_indirect (type $ii) (local.get 0) (i32.const 0)) (i32.const 1)))
  (func $b (param i32) (result i32)
    (i32.add (i32.const 2) (call_ref $ii (local.get 0) (ref.func $c))))
  (func $a (export "a") (param i32) (result i32)
    (drop (call_indirect (type $ii) (i32.const 0) (i32.const 2)))
    (call_indirect (type $ii) (local.get 0) (i32.const 2)))
  ;; Entry 3 is null, entry 1 of the wrong type for `$v`, 4 past the end.
  (type $v (func (param i32)))
  (func (export "bad") (param i32) (result i32)
    (drop (call $a (i32.const 0)))
    (call_indirect (type $v) (i32.const 0) (local.get 0))
    (i32.const 0)))"#;

#[test]
fn traps_below_indirect_native_calls_have_the_interpreters_backtrace() {
    let interp = traps(Tier::Interp, INDIRECT_TRAP, "a", 1, 3);
    let compiled = traps(Tier::Compiled, INDIRECT_TRAP, "a", 1, 3);
    assert!(interp[0].contains("out of bounds"), "{}", interp[0]);
    assert_eq!(interp, compiled);
    for (entry, what) in [
        (3, "uninitialized element"),
        (1, "indirect call type mismatch"),
        (4, "undefined element"),
    ] {
        let interp = traps(Tier::Interp, INDIRECT_TRAP, "bad", entry, 2);
        let compiled = traps(Tier::Compiled, INDIRECT_TRAP, "bad", entry, 2);
        assert!(interp[0].contains(what), "{}", interp[0]);
        assert_eq!(interp, compiled, "entry {entry}");
    }
}

#[test]
fn suspend_inside_an_indirect_native_callee_resumes_into_its_callers() {
    let wat = SUSPEND_DEEP
        .replace(
            "(call $leaf (local.get 0))",
            "(call_indirect (type $f) (local.get 0) (i32.const 0))",
        )
        .replace(
            "(call $mid (local.get $i))",
            "(call_ref $f (local.get $i) (ref.func $mid))",
        )
        .replace(
            "(elem declare func $body)",
            "(elem declare func $body $mid) (table 1 funcref) (elem (i32.const 0) func $leaf)",
        );
    assert!(wat.contains("call_indirect") && wat.contains("call_ref"));
    let interp = traps(Tier::Interp, &wat, "run", 50, 2);
    let compiled = traps(Tier::Compiled, &wat, "run", 50, 2);
    assert!(interp[0].contains("unreachable"), "{}", interp[0]);
    assert_eq!(interp, compiled);
}

/// A generator whose `suspend` sits in a helper that it calls natively (a
/// stack switch inside a native call), and a consumer that resumes it.
const GENERATOR: &str = r#"(module
  (type $f (func))
  (type $k (cont $f))
  (tag $yield (param i32))
  (global $n (mut i32) (i32.const 0))
  (func $put (param i32) (suspend $yield (local.get 0)))
  (func $gen
    (local $i i32)
    (loop $next
      (call $put (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (global.get $n)))))
  (elem declare func $gen)
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "sum") (param $n i32) (result i32)
    (local $k (ref null $k))
    (local $sum i32)
    (global.set $n (local.get $n))
    (local.set $k (cont.new $k (ref.func $gen)))
    (block $done
      (loop $pull
        (block $on (result i32 (ref $k))
          (resume $k (on $yield $on) (local.get $k))
          (br $done))
        (local.set $k)
        (local.set $sum (call $add (local.get $sum)))
        (br $pull)))
    (local.get $sum)))"#;

/// Stack switches that compiled code makes go on in compiled code: entries from the interpreter do not
/// grow with the number of round trips (they did by two per round trip
/// when every `resume` and `suspend` exited to the interpreter).
#[test]
fn round_trips_stay_in_compiled_code() -> Result<()> {
    let mut config = Config::default();
    config.tier(Tier::Compiled);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, GENERATOR)?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let sum = inst.get_typed_func::<i32, i32, _>(&mut store, "sum")?;
    let mut entries = Vec::new();
    for n in [10, 1_000, 100_000] {
        let before = engine.compiled_entries();
        // The module's sum wraps like `i32.add`.
        let expected = (i64::from(n) * i64::from(n - 1) / 2) as i32;
        assert_eq!(sum.call(&mut store, n)?, expected);
        entries.push(engine.compiled_entries() - before);
    }
    // The first resume of the fresh continuation and its return at the
    // end run in the interpreter (and the first call compiles the
    // functions as it enters them); after that the counts are the same for
    // any n.
    assert!(entries[0] >= entries[1] && entries[1] > 0, "{entries:?}");
    assert_eq!(entries[1], entries[2], "{entries:?}");
    Ok(())
}

/// A library instance with a memory and a global of its own: `add` counts
/// its calls in the global and leaves its last sum in its memory, `peek`
/// reads its memory at an address (out of bounds for large ones: a trap).
const LIB: &str = r#"(module
  (memory 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.const 16) (i32.add (local.get 0) (local.get 1)))
    (i32.load (i32.const 16)))
  (func (export "peek") (param i32) (result i32)
    (i32.load (local.get 0))))"#;

/// Calls the library's functions directly (imports) and through its own
/// table; its memory holds other bytes at the same address.
const USER: &str = r#"(module
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (import "lib" "peek" (func $peek (param i32) (result i32)))
  (type $bin (func (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 16) "\ff\ff\ff\ff")
  (table 1 funcref)
  (elem (i32.const 0) $add)
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $next
      (local.set $s (call $add (local.get $s) (local.get $i)))
      (local.set $s (call_indirect (type $bin) (local.get $s) (i32.const 1) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    ;; The user's own memory is untouched by the library's stores.
    (i32.add (local.get $s) (i32.load (i32.const 16))))
  (func $deep (param i32) (result i32) (i32.add (call $peek (local.get 0)) (i32.const 1)))
  (func (export "deep") (param i32) (result i32) (call $deep (local.get 0))))"#;

fn two_instances(tier: Tier) -> Result<(Engine, Store<()>, Instance, Instance)> {
    let mut config = Config::default();
    config.tier(tier);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib = linker.instantiate(&mut store, &Module::new(&engine, LIB)?)?;
    linker.instance(&mut store, "lib", lib)?;
    let user = linker.instantiate(&mut store, &Module::new(&engine, USER)?)?;
    Ok((engine, store, lib, user))
}

/// Calls into another instance (imports, and its functions in a table),
/// native calls in compiled code, run with the callee's memory and globals,
/// and never through the interpreter: the entries from the interpreter do
/// not grow with the number of calls.
#[test]
fn calls_into_another_instance_use_its_memory_and_globals() -> Result<()> {
    let (engine, mut store, lib, user) = two_instances(Tier::Compiled)?;
    let sum = user.get_typed_func::<i32, i32, _>(&mut store, "sum")?;
    let mut entries = Vec::new();
    let mut calls = 0;
    for n in [10, 1_000, 100_000] {
        let before = engine.compiled_entries();
        // s(i + 1) = s(i) + i + 1, so s(n) = n (n + 1) / 2; then -1 from
        // the user's memory.
        let expected = (i64::from(n) * i64::from(n + 1) / 2 - 1) as i32;
        assert_eq!(sum.call(&mut store, n)?, expected);
        entries.push(engine.compiled_entries() - before);
        calls += 2 * n;
        let g = lib.get_global(&mut store, "calls").expect("the global");
        assert_eq!(g.get(&mut store).i32(), Some(calls));
    }
    assert!(entries[0] >= entries[1] && entries[1] > 0, "{entries:?}");
    assert_eq!(entries[1], entries[2], "{entries:?}");
    Ok(())
}

/// A trap in another instance's function called natively has the
/// interpreter's backtrace.
#[test]
fn trap_in_another_instance_has_the_interpreters_backtrace() -> Result<()> {
    let mut seen = Vec::new();
    for tier in [Tier::Interp, Tier::Compiled] {
        let (_, mut store, _, user) = two_instances(tier)?;
        let deep = user.get_typed_func::<i32, i32, _>(&mut store, "deep")?;
        assert_eq!(deep.call(&mut store, 0)?, 1);
        let traps: Vec<String> = (0..3)
            .map(|_| {
                let err = deep.call(&mut store, 65536).expect_err("a trap");
                let t = err.downcast_ref::<Trap>().expect("a trap");
                format!("{t}\n{:?}", t.backtrace())
            })
            .collect();
        seen.push(traps);
    }
    assert!(seen[0][0].contains("out of bounds"), "{}", seen[0][0]);
    assert_eq!(seen[0], seen[1]);
    Ok(())
}
