//! `Tier::Tiered`: functions start interpreted and are compiled when their
//! counter (calls count 10, loop iterations 1) reaches the threshold; the
//! switch happens at a function entry or a loop header (on-stack
//! replacement), inside call chains that mix the tiers. Results, traps,
//! backtraces and suspensions across the switch must be the interpreter's.
//! These tests compile on the interpreter's thread
//! (`Config::tier_background(false)`), so the switch is at a known count.

use spindle::{Config, Engine, Instance, Linker, Module, Store, Tier, Trap};

/// The engine, store and instance of `wat`: interpreted (`None`), or
/// tiered with `threshold`.
fn setup(threshold: Option<u32>, wat: &str) -> (Engine, Store<()>, Instance) {
    let mut config = Config::default();
    match threshold {
        Some(n) => config
            .tier(Tier::Tiered)
            .tier_threshold(n)
            .tier_background(false),
        // Not the default: that is `Tier::Tiered`, whose background thread
        // may compile `fib(20)` before the call returns.
        None => config.tier(Tier::Interp),
    };
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    (engine, store, instance)
}

/// Each call's result (or its trap, printed with its backtrace) and the
/// number of compiled functions after it.
fn calls(threshold: Option<u32>, wat: &str, name: &str, args: &[i32]) -> Vec<(String, usize)> {
    let (engine, mut store, inst) = setup(threshold, wat);
    let f = inst
        .get_typed_func::<i32, i32, _>(&mut store, name)
        .expect("export");
    args.iter()
        .map(|&a| {
            let out = match f.call(&mut store, a) {
                Ok(v) => v.to_string(),
                Err(e) => {
                    let t = e.downcast_ref::<Trap>().expect("a trap");
                    format!("{t}\n{:?}", t.backtrace())
                }
            };
            (out, engine.compiled_functions())
        })
        .collect()
}

/// The results of `calls`, without the counts.
fn results(v: &[(String, usize)]) -> Vec<&str> {
    v.iter().map(|(r, _)| r.as_str()).collect()
}

const FIB: &str = r#"(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2))))))))"#;

#[test]
fn a_function_tiers_up_at_its_threshold() {
    // fib(5) makes 15 calls (150 counts), fib(12) 465: compiled at its
    // 100th call, inside the third call's recursion.
    let tiered = calls(Some(1000), FIB, "fib", &[5, 5, 12, 12, 20]);
    let counts: Vec<usize> = tiered.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [0, 0, 1, 1, 1]);
    let interp = calls(None, FIB, "fib", &[5, 5, 12, 12, 20]);
    assert_eq!(results(&tiered), results(&interp));
    assert_eq!(
        interp.last().unwrap().1,
        0,
        "the interpreter compiles nothing"
    );
    // Deep inside the recursion: interpreted frames below compiled ones.
    let deep = calls(Some(300), FIB, "fib", &[20]);
    assert_eq!(deep, [("6765".to_string(), 1)]);
}

const LOOP: &str = r#"(module
  (memory 1)
  ;; Sums i*i for i below n into memory, and loads at n*256 at the end
  ;; (out of bounds from n = 256 on).
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $i))))
      (i32.store (i32.const 0) (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32.load (i32.const 0))
             (i32.load (i32.mul (local.get $n) (i32.const 256)))))
  (func (export "outer") (param $n i32) (result i32)
    (i32.add (call $sum (local.get $n)) (i32.const 1))))"#;

#[test]
fn a_loop_switches_to_compiled_code_at_its_header() {
    // One call of 10 + 200 iterations: compiled in the middle of the loop
    // (threshold 100), which finishes in compiled code.
    let tiered = calls(Some(100), LOOP, "sum", &[1, 200]);
    assert_eq!(tiered[0].1, 0);
    assert_eq!(tiered[1].1, 1, "tiered up during the loop");
    assert_eq!(
        results(&tiered),
        results(&calls(None, LOOP, "sum", &[1, 200]))
    );
}

#[test]
fn traps_after_the_switch_have_the_interpreters_backtrace() {
    // `sum` tiers up in its loop, then traps out of bounds in compiled
    // code, below an interpreted `outer`.
    let args = [3, 200, 300];
    let tiered = calls(Some(150), LOOP, "outer", &args);
    let interp = calls(None, LOOP, "outer", &args);
    assert!(tiered[2].0.contains("out of bounds"), "{}", tiered[2].0);
    assert!(tiered[2].0.contains("sum"), "{}", tiered[2].0);
    assert_eq!(tiered[0].1, 0);
    assert_eq!(tiered[1].1, 1);
    assert_eq!(results(&tiered), results(&interp));
}

const GENERATOR: &str = r#"(module
  (type $f (func (param i32) (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32) (result i32))
  (func $leaf (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 99)) (then unreachable))
    (i32.mul (suspend $yield (local.get 0)) (i32.const 3)))
  (func $body (param i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $leaf (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (if (result i32) (i32.gt_u (local.get 0) (i32.const 40))
      (then (i32.add (local.get $sum) (call $leaf (i32.const 99))))
      (else (local.get $sum))))
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
fn suspensions_across_the_switch_resume_as_interpreted() {
    // The body tiers up while it is suspended inside its loop; the last
    // run traps in the continuation. (The leaf and the consumer switch
    // stacks, so they stay interpreted: see `module::code`.)
    let args = [5, 30, 30, 50];
    for threshold in [1, 25, 40, 50] {
        let tiered = calls(Some(threshold), GENERATOR, "run", &args);
        let interp = calls(None, GENERATOR, "run", &args);
        assert_eq!(results(&tiered), results(&interp), "threshold {threshold}");
        assert!(tiered[3].0.contains("unreachable"), "{}", tiered[3].0);
        assert!(tiered[3].1 >= 1, "threshold {threshold}: {tiered:?}");
    }
}

#[test]
fn the_default_threshold_compiles_in_the_background() {
    // The compile thread's function is entered once ready; whenever that
    // is, the results are the interpreter's.
    let mut config = Config::default();
    config.tier(Tier::Tiered);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, FIB).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let fib = inst
        .get_typed_func::<i32, i32, _>(&mut store, "fib")
        .unwrap();
    for _ in 0..200 {
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
        if engine.compiled_functions() == 1 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("fib was never compiled");
}

const SWITCHING: &str = r#"(module
  (type $f (func (param i32) (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32) (result i32))
  (func $leaf (param i32) (result i32) (suspend $yield (local.get 0)))
  (func $body (param i32) (result i32) (local $i i32)
    (loop $l
      (drop (call $leaf (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
  (elem declare func $body)
  ;; Runs `body(10)` to the end.
  (func (export "run") (param i32) (result i32)
    (local $k (ref null $k))
    (local.set $k (cont.new $k (ref.func $body)))
    (loop $next
      (block $h (result i32 (ref $k))
        (return (resume $k (on $yield $h) (i32.const 10) (local.get $k))))
      (local.set $k)
      (drop)
      (br $next))
    (unreachable)))"#;

#[test]
fn functions_that_switch_stacks_stay_interpreted() {
    // `leaf` suspends and `run` resumes: compiled, they would return to
    // the run time at every switch, so they stay interpreted; `body`
    // compiles.
    let runs = calls(Some(1), SWITCHING, "run", &[0, 0, 0]);
    assert!(runs.iter().all(|(r, n)| r == "10" && *n == 1), "{runs:?}");
}

#[test]
fn short_entries_from_the_host_keep_their_results() {
    // Each call of `inc` from the host is one short entry into its compiled
    // code: once compiled in the background, the probe times its first
    // entries and may send it back to the interpreter; either way every
    // result is the interpreter's.
    let mut config = Config::default();
    config.tier(Tier::Tiered);
    let engine = Engine::new(&config);
    let wat = r#"(module (func (export "inc") (param i32) (result i32)
        (i32.add (local.get 0) (i32.const 1))))"#;
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let inc = inst
        .get_typed_func::<i32, i32, _>(&mut store, "inc")
        .unwrap();
    let mut after = 0;
    for i in 0..200_000 {
        assert_eq!(inc.call(&mut store, i).unwrap(), i + 1);
        if engine.compiled_functions() == 1 {
            // Past the probe's entries.
            after += 1;
            if after > 1_000 {
                return;
            }
        } else if i % 1_000 == 0 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
    panic!("inc was never compiled");
}

/// A function too large for the flow analysis of `jit/lower/flow.rs`: 20
/// locals written all along and 1,200 loads and stores of memory 0, each of
/// which can trap with about 20 slots written since the entry (over the
/// budget of 16,384 moves several times over), so its compiled code keeps
/// the slots in the frame, and Cranelift's alias analysis forwards the
/// stores of slots to their loads across the stores to memory (frame slots
/// and memory 0 are different alias regions).
fn slots_in_memory_wat() -> String {
    let mut body = String::new();
    for k in 0..600 {
        let (dst, src) = (1 + k % 20, 1 + (k + 7) % 20);
        let (load, store) = ((k % 64) * 4, ((k * 7) % 64) * 4);
        body.push_str(&format!(
            "(local.set {dst} (i32.add (i32.load offset={load} (local.get 0)) \
             (i32.mul (local.get {src}) (i32.const {m}))))\n\
             (i32.store offset={store} (local.get 0) (i32.xor (local.get {dst}) (i32.const {k})))\n",
            m = 2 * k + 1
        ));
    }
    let mut sum = String::from("(local.get 1)");
    for l in 2..=20 {
        sum = format!("(i32.add (i32.rotl {sum} (i32.const 3)) (local.get {l}))");
    }
    format!(
        r#"(module
  (memory 1)
  (func (export "run") (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    {body}
    {sum})
  (func (export "checksum") (param i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5))
        (i32.load (i32.add (local.get 0) (i32.shl (local.get $i) (i32.const 2))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (local.get $s)))"#
    )
}

#[test]
fn slots_kept_in_memory_compute_what_the_interpreter_does() {
    let wat = slots_in_memory_wat();
    let outcomes = |tier: Tier| {
        let mut config = Config::default();
        config.tier(tier);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, &wat).expect("module compiles");
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .expect("module instantiates");
        let run = inst
            .get_typed_func::<i32, i32, _>(&mut store, "run")
            .expect("export");
        let checksum = inst
            .get_typed_func::<i32, i32, _>(&mut store, "checksum")
            .expect("export");
        // In bounds twice (the second run starts from the first's
        // memory), then a base whose accesses run out of bounds part of
        // the way through: the trap, and the stores before it.
        let out: Vec<String> = [0, 0, 65536 - 200, 0]
            .into_iter()
            .map(|base| {
                let r = match run.call(&mut store, base) {
                    Ok(v) => v.to_string(),
                    Err(e) => e.downcast_ref::<Trap>().expect("a trap").to_string(),
                };
                let sum = checksum.call(&mut store, 0).expect("checksum runs");
                let top = checksum
                    .call(&mut store, 65536 - 256)
                    .expect("checksum runs");
                format!("{r} {sum} {top}")
            })
            .collect();
        (out, engine.compiled_functions())
    };
    let (interp, _) = outcomes(Tier::Interp);
    let (compiled, n) = outcomes(Tier::Compiled);
    assert!(interp[2].contains("out of bounds"), "{interp:?}");
    assert_eq!(compiled, interp);
    assert_eq!(n, 2, "both functions ran compiled");
}
