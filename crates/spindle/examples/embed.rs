//! Embedding Spindle: host functions, linear memory access and a trap.
//!
//! Run with `cargo run -p spindle --example embed`.

use anyhow::Result;
use spindle::{Caller, Engine, Linker, Module, Store, Trap};

fn main() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "log" (func $log (param i32 i32)))
          (import "host" "add" (func $add (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello from wasm")
          (func (export "greet") (call $log (i32.const 16) (i32.const 15)))
          (func (export "sum") (param i32 i32) (result i32)
            (call $add (local.get 0) (local.get 1)))
          (func (export "crash") (param i32) (result i32)
            (i32.div_u (i32.const 1) (local.get 0))))"#,
    )?;

    // The store's host data: a log of what the guest printed.
    let mut store = Store::new(&engine, Vec::<String>::new());
    let mut linker = Linker::new(&engine);
    // A host function that reads the caller's memory.
    linker.func_wrap(
        "host",
        "log",
        |mut caller: Caller<'_, Vec<String>>, ptr: i32, len: i32| {
            let memory = caller
                .get_export("memory")
                .and_then(|e| e.into_memory())
                .expect("the module exports its memory");
            let bytes = memory.data(&caller)[ptr as usize..(ptr + len) as usize].to_vec();
            caller
                .data_mut()
                .push(String::from_utf8_lossy(&bytes).into_owned());
        },
    )?;
    // A typed host function.
    linker.func_wrap("host", "add", |a: i32, b: i32| a.wrapping_add(b))?;

    let instance = linker.instantiate(&mut store, &module)?;
    let greet = instance.get_typed_func::<(), (), _>(&mut store, "greet")?;
    greet.call(&mut store, ())?;
    println!("guest said: {:?}", store.data());

    let sum = instance.get_typed_func::<(i32, i32), i32, _>(&mut store, "sum")?;
    println!("sum(2, 40) = {}", sum.call(&mut store, (2, 40))?);

    // The host writes into guest memory and reads it back.
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    memory.write(&mut store, 100, b"spindle")?;
    let mut buf = [0u8; 7];
    memory.read(&store, 100, &mut buf)?;
    println!("memory[100..107] = {}", String::from_utf8_lossy(&buf));

    // A trap carries its message and a Wasm backtrace.
    let crash = instance.get_typed_func::<i32, i32, _>(&mut store, "crash")?;
    let err = crash.call(&mut store, 0).unwrap_err();
    let trap = err.downcast_ref::<Trap>().expect("a trap");
    println!("trap: {} (code {:?})", trap.message(), trap.code());
    println!("{trap}");
    Ok(())
}
