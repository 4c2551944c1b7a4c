//! Exceptions caught by legacy `catch`/`catch_all` handlers are freed
//! without the collector: at once by a handler that does not `rethrow`,
//! and when a handler that can `rethrow` ends (falling through, branching
//! out, or rethrowing to a catch without reference). The module is in
//! binary-equivalent plain text: the `wat` crate does not read the folded
//! `try`.

use anyhow::Result;
use spindle::{Engine, Instance, Module, Store};

/// Live exceptions below which allocation never collects (`exn.rs`).
const MIN_COLLECTION: usize = 4096;

const WAT: &str = r#"(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))

  ;; a rethrow caught by an outer catch without reference
  (func $rethrow_once (export "rethrow_once") (param $v i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $v
        call $throw
        i32.const -1
      catch $e
        drop
        rethrow 0
      end
    catch $e
    end)

  ;; a handler that holds its exception, left by a branch
  (func $branch_out (export "branch_out") (param $v i32) (result i32)
    block $out (result i32)
      try (result i32)
        local.get $v
        call $throw
        i32.const -1
      catch $e
        local.get $v
        i32.const 0
        i32.ge_s
        br_if $out
        rethrow 0
      end
    end)

  ;; the exception held twice: an inner catch_all does not free it
  (func $nested (export "nested") (param $v i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $v
        call $throw
        i32.const -1
      catch $e
        drop
        try
          rethrow 1
        catch_all
        end
        rethrow 0
      end
    catch $e
    end)

  ;; a rethrow caught by try_table without reference
  (func $to_try_table (export "to_try_table") (param $v i32) (result i32)
    block $h (result i32)
      try_table (catch $e $h)
        try
          local.get $v
          call $throw
        catch_all
          rethrow 0
        end
      end
      i32.const -1
    end)

  ;; delegate to an outer try
  (func $delegated (export "delegated") (param $v i32) (result i32)
    try (result i32)
      try (result i32)
        local.get $v
        call $throw
        i32.const -1
      delegate 0
    catch $e
    end)

  ;; a handler that falls through (no rethrow: freed when caught)
  (func $plain (export "plain") (param $v i32) (result i32)
    try (result i32)
      local.get $v
      call $throw
      i32.const -1
    catch_all
      local.get $v
    end)

  ;; a holding handler left by return and by a tail call
  (func $returns (export "returns") (param $v i32) (result i32)
    try (result i32)
      local.get $v
      call $throw
      i32.const -1
    catch $e
      local.get $v
      i32.const -1
      i32.eq
      if
        rethrow 1
      end
      return
    end)
  (func $id (param i32) (result i32) (local.get 0))
  (func $tail (export "tail") (param $v i32) (result i32)
    try (result i32)
      local.get $v
      call $throw
      i32.const -1
    catch $e
      local.get $v
      i32.const -1
      i32.eq
      if
        rethrow 1
      end
      return_call $id
    end)

  (func (export "churn") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    block $done
      loop $l
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        (call $rethrow_once (local.get $i))
        (call $branch_out (local.get $i))
        (call $nested (local.get $i))
        (call $to_try_table (local.get $i))
        (call $delegated (local.get $i))
        (call $plain (local.get $i))
        i32.add i32.add i32.add i32.add i32.add
        local.get $sum
        i32.add
        local.set $sum
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        br $l
      end
    end
    local.get $sum)
)"#;

fn setup() -> Result<(Store<()>, Instance)> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[])?;
    Ok((store, inst))
}

fn churn(store: &mut Store<()>, inst: &Instance, n: i32) -> Result<i32> {
    inst.get_typed_func::<i32, i32, _>(&mut *store, "churn")?
        .call(&mut *store, n)
}

/// 6 * (0 + 1 + ... + (n - 1)), wrapping like `i32.add`.
fn expected(n: i32) -> i32 {
    (0..n).fold(0i32, |s, i| s.wrapping_add(i.wrapping_mul(6)))
}

#[test]
fn legacy_handlers_free_their_exceptions_without_the_collector() -> Result<()> {
    let (mut store, inst) = setup()?;
    // Fewer throws than a collection needs: nothing but the handlers
    // themselves can have freed them.
    let n = (MIN_COLLECTION / 8) as i32;
    assert_eq!(churn(&mut store, &inst, n)?, expected(n));
    assert_eq!(store.live_exceptions(), 0);
    Ok(())
}

#[test]
fn each_kind_of_handler_frees_its_exception() -> Result<()> {
    let (mut store, inst) = setup()?;
    for name in [
        "rethrow_once",
        "branch_out",
        "nested",
        "to_try_table",
        "delegated",
        "plain",
        "returns",
        "tail",
    ] {
        let f = inst.get_typed_func::<i32, i32, _>(&mut store, name)?;
        assert_eq!(f.call(&mut store, 42)?, 42, "{name}");
        assert_eq!(store.live_exceptions(), 0, "{name}");
    }
    Ok(())
}

#[test]
fn a_loop_of_legacy_rethrows_stays_flat() -> Result<()> {
    let (mut store, inst) = setup()?;
    for round in 1..=20 {
        let n = 10_000;
        assert_eq!(churn(&mut store, &inst, n)?, expected(n), "round {round}");
        assert_eq!(store.live_exceptions(), 0, "round {round}");
    }
    Ok(())
}
