//! Returns from an outermost entry into compiled code (a frame that
//! `run_top` entered after an exit) into a caller with compiled code:
//! `run_top` pops the frame and enters the caller's code
//! (`return_in_place`), and so on up a chain of such returns. The results,
//! traps and backtraces must be the interpreter's, also past the native
//! stack allowance, and the chain must stop at the activation's first
//! frame (a host function's call back into Wasm returns to the host).

use anyhow::Result;
use spindle::{
    Caller, Config, Engine, FuncType, Instance, Linker, Module, Store, Tier, Trap, Val, ValType,
};

/// `down(n)` recurses `n` deep. Each level first exits compiled code
/// (`memory.grow 0`), so the interpreter makes the call and `run_top`
/// enters the callee: every return on the way up is one from an outermost
/// entry into a compiled caller. `down` traps (an unreachable) on the way
/// up at level `trap_at` (none if negative).
const DEEP: &str = r#"(module
  (memory 1)
  (global $trap_at (mut i32) (i32.const -1))
  (func (export "set_trap") (param i32) (global.set $trap_at (local.get 0)))
  (func $down (export "down") (param $n i32) (result i32)
    (local $r i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (drop (memory.grow (i32.const 0)))
    (local.set $r (i32.add (call $down (i32.sub (local.get $n) (i32.const 1)))
                           (local.get $n)))
    (if (i32.eq (local.get $n) (global.get $trap_at)) (then unreachable))
    (local.get $r))
  ;; A second function between the levels, returning two values.
  (func $pair (param $n i32) (result i32 i32)
    (drop (memory.grow (i32.const 0)))
    (call $down2 (local.get $n))
    (local.get $n))
  (func $down2 (export "down2") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else
        (call $pair (i32.sub (local.get $n) (i32.const 1)))
        (i32.add)
        (i32.const 1)
        (i32.add)))))"#;

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

/// Export `name(arg)` called three times (compiled code for each function
/// exists from the second call on): the results or traps as printed, with
/// their backtraces.
fn outcomes(tier: Tier, name: &str, arg: i32, trap_at: i32) -> Vec<String> {
    let (mut store, inst) = setup(tier, DEEP);
    inst.get_typed_func::<i32, (), _>(&mut store, "set_trap")
        .expect("export")
        .call(&mut store, trap_at)
        .expect("set_trap");
    let f = inst
        .get_typed_func::<i32, i32, _>(&mut store, name)
        .expect("export");
    (0..3)
        .map(|_| match f.call(&mut store, arg) {
            Ok(v) => format!("{v}"),
            Err(e) => {
                let t = e.downcast_ref::<Trap>().expect("a trap");
                format!("{t}\n{:?}", t.backtrace())
            }
        })
        .collect()
}

#[test]
fn chained_returns_give_the_interpreters_results() {
    // 100,000 levels: far past the native stack allowance.
    for (name, n) in [("down", 10), ("down", 100_000), ("down2", 1000)] {
        let interp = outcomes(Tier::Interp, name, n, -1);
        for tier in [Tier::Compiled, Tier::Tiered] {
            assert_eq!(interp, outcomes(tier, name, n, -1), "{name}({n})");
        }
    }
    let sum = 100_000i64 * 100_001 / 2;
    assert_eq!(
        outcomes(Tier::Compiled, "down", 100_000, -1)[2],
        format!("{}", sum as i32)
    );
    assert_eq!(outcomes(Tier::Compiled, "down2", 1000, -1)[2], "500500");
}

#[test]
fn a_trap_in_a_chained_caller_has_the_interpreters_backtrace() {
    for (n, at) in [(50, 10), (3000, 2000)] {
        let interp = outcomes(Tier::Interp, "down", n, at);
        assert!(interp[0].contains("unreachable"), "{}", interp[0]);
        for tier in [Tier::Compiled, Tier::Tiered] {
            assert_eq!(
                interp,
                outcomes(tier, "down", n, at),
                "down({n}), trap at {at}"
            );
        }
    }
}

/// `outer(n)` calls `mid`, which calls the host's `callback(n)`, which
/// calls `inner(n)` in a new activation on the same stack. `inner`'s
/// callee exits compiled code, so `run_top` enters it and its return is
/// one from an outermost entry; `inner`'s own return must go back to the
/// host, not into `mid`, the next frame below.
const REENTRY: &str = r#"(module
  (import "env" "callback" (func $callback (param i32) (result i32)))
  (memory 1)
  (func $leaf (param i32) (result i32)
    (drop (memory.grow (i32.const 0)))
    (i32.mul (local.get 0) (i32.const 3)))
  (func (export "inner") (param i32) (result i32)
    (i32.add (call $leaf (local.get 0)) (i32.const 1)))
  (func $mid (param i32) (result i32)
    (i32.add (call $callback (local.get 0)) (i32.const 1000)))
  (func (export "outer") (param i32) (result i32)
    (i32.mul (call $mid (local.get 0)) (i32.const 2))))"#;

#[test]
fn a_chain_stops_at_the_activations_first_frame() -> Result<()> {
    for tier in [Tier::Interp, Tier::Compiled, Tier::Tiered] {
        let mut config = Config::default();
        config.tier(tier);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, REENTRY)?;
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.func_new(
            "env",
            "callback",
            FuncType::new([ValType::I32], [ValType::I32]),
            |mut caller: Caller<'_, ()>, params, results| {
                let f = caller
                    .get_export("inner")
                    .and_then(|e| e.into_func())
                    .expect("inner");
                let mut out = [Val::I32(0)];
                f.call(&mut caller, params, &mut out)?;
                // What the host adds shows that `inner` returned here.
                results[0] = Val::I32(out[0].i32().expect("i32") + 100);
                Ok(())
            },
        )?;
        let inst = linker.instantiate(&mut store, &module)?;
        let outer = inst.get_typed_func::<i32, i32, _>(&mut store, "outer")?;
        for n in 0..200 {
            // ((3n + 1) + 100 + 1000) * 2
            assert_eq!(
                outer.call(&mut store, n)?,
                (3 * n + 1101) * 2,
                "{tier:?}, n = {n}"
            );
        }
    }
    Ok(())
}
