//! A scheduler written in Rust that drives Wasm green threads: each thread
//! is a continuation; when a thread calls the host's `sleep`, the host
//! function suspends it, and the scheduler resumes it later.
//!
//! Run with `cargo run -p spindle --example host_scheduler`.

use std::collections::VecDeque;

use anyhow::Result;
use spindle::{
    ContRef, Engine, Extern, FuncType, Linker, Module, Resumed, Store, Tag, Val, ValType,
};

fn main() -> Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());

    // The tag the host handles: `sleep` suspends with the thread id and
    // gets back the current tick.
    let sleep_tag = Tag::new(&mut store, &FuncType::new([ValType::I32], [ValType::I32]));
    let mut linker = Linker::new(&engine);
    linker.define(&store, "sched", "sleep_tag", Extern::Tag(sleep_tag))?;
    linker.func_new(
        "sched",
        "sleep",
        FuncType::new([ValType::I32], [ValType::I32]),
        move |mut caller, params, _| Err(caller.suspend(sleep_tag, &[params[0]])),
    )?;
    linker.func_wrap("sched", "print", |id: i32, step: i32, tick: i32| {
        println!("thread {id}: step {step} at tick {tick}");
    })?;

    let module = Module::new(
        &engine,
        r#"(module
          (import "sched" "sleep_tag" (tag $sleep (param i32) (result i32)))
          (import "sched" "sleep" (func $sleep (param i32) (result i32)))
          (import "sched" "print" (func $print (param i32 i32 i32)))
          ;; a green thread: three steps, sleeping between them
          (func (export "thread") (param $id i32) (result i32)
            (local $step i32) (local $tick i32)
            (loop $l
              (local.set $tick (call $sleep (local.get $id)))
              (call $print (local.get $id) (local.get $step) (local.get $tick))
              (local.set $step (i32.add (local.get $step) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $step) (i32.const 3))))
            (i32.mul (local.get $id) (i32.const 100))))"#,
    )?;
    let instance = linker.instantiate(&mut store, &module)?;
    let thread = instance.get_func(&mut store, "thread").unwrap();

    // Round-robin over the runnable threads.
    let mut queue: VecDeque<(ContRef, Vec<Val>)> = VecDeque::new();
    for id in 1..=3 {
        queue.push_back((ContRef::new(&mut store, thread)?, vec![Val::I32(id)]));
    }
    let mut tick = 0;
    while let Some((k, args)) = queue.pop_front() {
        tick += 1;
        match k.resume(&mut store, &args, &[sleep_tag])? {
            Resumed::Suspended { cont, .. } => queue.push_back((cont, vec![Val::I32(tick)])),
            Resumed::Returned(results) => println!("thread finished with {:?}", results[0]),
        }
    }
    println!("live continuations: {}", store.live_continuations());
    Ok(())
}
