//! Fuel and the interrupt handle stop runaway code, at top level and inside
//! continuations.

use anyhow::Result;
use spindle::{Config, Engine, Linker, Module, Store, Trap, TrapCode};

const LOOPS: &str = r#"(module
  (type $f (func))
  (type $k (cont $f))
  (func $spin (export "spin") (loop $l (br $l)))
  (func $count (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (elem declare func $spin)
  (func (export "spin-in-continuation")
    (resume $k (cont.new $k (ref.func $spin)))))"#;

fn code(e: &anyhow::Error) -> TrapCode {
    e.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("expected a trap, got {e:#}"))
        .code()
}

fn fueled() -> Result<(Store<()>, spindle::Instance)> {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, LOOPS)?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    Ok((store, inst))
}

#[test]
fn out_of_fuel_at_top_level() -> Result<()> {
    let (mut store, inst) = fueled()?;
    store.set_fuel(1_000_000)?;
    let spin = inst.get_typed_func::<(), (), _>(&mut store, "spin")?;
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(code(&err), TrapCode::OutOfFuel);
    assert!(err.to_string().contains("all fuel consumed"), "{err}");
    assert_eq!(store.get_fuel()?, 0);
    // Refuelled, bounded work completes and uses about one unit per
    // iteration (plus one for the call).
    store.set_fuel(1_000_000)?;
    let count = inst.get_typed_func::<i32, i32, _>(&mut store, "count")?;
    assert_eq!(count.call(&mut store, 1000)?, 1000);
    let used = 1_000_000 - store.get_fuel()?;
    assert!((1000..=1002).contains(&used), "used {used}");
    Ok(())
}

#[test]
fn out_of_fuel_inside_a_continuation() -> Result<()> {
    let (mut store, inst) = fueled()?;
    store.set_fuel(1_000_000)?;
    let f = inst.get_typed_func::<(), (), _>(&mut store, "spin-in-continuation")?;
    let err = f.call(&mut store, ()).unwrap_err();
    assert_eq!(code(&err), TrapCode::OutOfFuel);
    assert_eq!(store.live_continuations(), 0);
    Ok(())
}

#[test]
fn fuel_needs_the_config() -> Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    assert!(store.set_fuel(10).is_err());
    assert!(store.get_fuel().is_err());
    Ok(())
}

#[test]
fn interrupt_from_another_thread() -> Result<()> {
    let mut config = Config::new();
    config.interruptible(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, LOOPS)?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    for name in ["spin", "spin-in-continuation"] {
        let f = inst.get_typed_func::<(), (), _>(&mut store, name)?;
        let handle = store.interrupt_handle();
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            handle.interrupt();
        });
        let err = f.call(&mut store, ()).unwrap_err();
        assert_eq!(code(&err), TrapCode::Interrupted, "{name}");
        t.join().unwrap();
    }
    // The store still works afterwards.
    let count = inst.get_typed_func::<i32, i32, _>(&mut store, "count")?;
    assert_eq!(count.call(&mut store, 10)?, 10);
    Ok(())
}

#[test]
fn sampler_sees_the_continuation_chain_and_fuel_stays_exact() -> Result<()> {
    use std::sync::{Arc, Mutex};
    let mut config = Config::new();
    config.consume_fuel(true).interruptible(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, LOOPS)?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    type Seen = Vec<Vec<(String, bool)>>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let log = seen.clone();
    let handle = store.set_sampler(64, move |bt| {
        let frames = bt
            .iter()
            .map(|f| (f.func_name.clone().unwrap(), f.continuation_boundary))
            .collect();
        log.lock().unwrap().push(frames);
    })?;
    store.set_fuel(1_000_000)?;
    // No sample asked for: none taken, and one unit per call and iteration
    // as without a sampler.
    let count = inst.get_typed_func::<i32, i32, _>(&mut store, "count")?;
    assert_eq!(count.call(&mut store, 1000)?, 1000);
    let used = 1_000_000 - store.get_fuel()?;
    assert!((1000..=1002).contains(&used), "used {used}");
    assert!(seen.lock().unwrap().is_empty());
    // One asked for: one taken at the next look at the flag (within 2,048
    // `Tick`s), and the code goes on.
    handle.sample();
    let before = store.get_fuel()?;
    assert_eq!(count.call(&mut store, 5000)?, 5000);
    let used = before - store.get_fuel()?;
    assert!((5000..=5002).contains(&used), "used {used}");
    assert_eq!(*seen.lock().unwrap(), [vec![("count".to_string(), false)]]);
    // Inside a continuation: the sample runs through the resume. (Another
    // thread asks while the continuation spins, then interrupts it.)
    store.set_fuel(u64::MAX / 2)?;
    let stop = store.interrupt_handle();
    let timer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(30));
        handle.sample();
        std::thread::sleep(std::time::Duration::from_millis(30));
        stop.interrupt();
    });
    let f = inst.get_typed_func::<(), (), _>(&mut store, "spin-in-continuation")?;
    assert_eq!(
        code(&f.call(&mut store, ()).unwrap_err()),
        TrapCode::Interrupted
    );
    timer.join().unwrap();
    assert_eq!(seen.lock().unwrap().len(), 2);
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        last,
        [
            ("spin".to_string(), true),
            ("spin-in-continuation".to_string(), false)
        ]
    );
    Ok(())
}

#[test]
fn sampling_leaves_compiled_code_seldom() -> Result<()> {
    // Compiled code leaves at a `Tick` whose budget ran out: with a
    // sampler the budget is a stride of about a thousand `Tick`s, not one.
    let mut config = Config::new();
    config.interruptible(true).tier(spindle::Tier::Compiled);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, LOOPS)?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let log = taken.clone();
    let handle = store.set_sampler(64, move |_| {
        log.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })?;
    handle.sample();
    let count = inst.get_typed_func::<i32, i32, _>(&mut store, "count")?;
    assert_eq!(count.call(&mut store, 1_000_000)?, 1_000_000);
    assert_eq!(taken.load(std::sync::atomic::Ordering::Relaxed), 1);
    let entries = engine.compiled_entries();
    assert!(entries < 10_000, "{entries} entries into compiled code");
    Ok(())
}
