//! `v128` values through the embedding API: `Func::call` arguments and
//! results, host functions taking and returning them (called from Wasm,
//! where a `v128` takes two slots), and `v128` globals.

use anyhow::Result;
use spindle::{
    Caller, Engine, FuncType, Global, GlobalType, Linker, Module, Mutability, Store, Val, ValType,
};

const WAT: &str = r#"(module
  (import "env" "mix" (func $mix (param i32 v128 f64) (result v128 i64)))
  (import "env" "g" (global $g (mut v128)))
  (func (export "through_host") (param v128) (result v128 i64 i32)
    (call $mix (i32.const 3) (local.get 0) (f64.const 0.5))
    (i32.const 9))
  (func (export "bump_global") (param v128) (result v128)
    (global.set $g (i64x2.add (global.get $g) (local.get 0)))
    (global.get $g))
)"#;

fn lanes32(v: &Val) -> [u32; 4] {
    let Val::V128(x) = v else {
        panic!("not a v128: {v:?}")
    };
    std::array::from_fn(|i| (x >> (32 * i)) as u32)
}

fn v128_of(l: [u32; 4]) -> Val {
    Val::V128(l.iter().rev().fold(0u128, |acc, &x| acc << 32 | x as u128))
}

#[test]
fn v128_through_calls_host_functions_and_globals() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, ());
    let g = Global::new(
        &mut store,
        GlobalType {
            content: ValType::V128,
            mutability: Mutability::Var,
        },
        Val::V128(1 | 2 << 64),
    )?;
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "g", g)?;
    linker.func_new(
        "env",
        "mix",
        FuncType::new(
            [ValType::I32, ValType::V128, ValType::F64],
            [ValType::V128, ValType::I64],
        ),
        |_: Caller<'_, ()>, params, results| {
            let (Val::I32(k), Val::V128(v), Val::F64(f)) = (params[0], params[1], params[2]) else {
                anyhow::bail!("unexpected arguments {params:?}");
            };
            assert_eq!(f64::from_bits(f), 0.5);
            // Each lane times k.
            let l = lanes32(&Val::V128(v)).map(|x| x.wrapping_mul(k as u32));
            results[0] = v128_of(l);
            results[1] = Val::I64(-(k as i64));
            Ok(())
        },
    )?;
    let inst = linker.instantiate(&mut store, &module)?;

    let f = inst.get_func(&mut store, "through_host").unwrap();
    let mut out = [Val::I32(0), Val::I32(0), Val::I32(0)];
    f.call(&mut store, &[v128_of([1, 2, 3, u32::MAX])], &mut out)?;
    assert_eq!(lanes32(&out[0]), [3, 6, 9, u32::MAX.wrapping_mul(3)]);
    assert_eq!(out[1], Val::I64(-3));
    assert_eq!(out[2], Val::I32(9));

    let bump = inst.get_func(&mut store, "bump_global").unwrap();
    let mut out = [Val::I32(0)];
    bump.call(&mut store, &[Val::V128(10 | 20 << 64)], &mut out)?;
    assert_eq!(out[0], Val::V128(11 | 22 << 64));
    assert_eq!(g.get(&store), Val::V128(11 | 22 << 64));
    g.set(&mut store, Val::V128(u128::MAX))?;
    bump.call(&mut store, &[Val::V128(1)], &mut out)?;
    assert_eq!(out[0], Val::V128(u128::MAX << 64));
    Ok(())
}
