//! The compiled-code cache (`Config::cache_dir`): a module's compiled
//! functions, saved by `Module::save_compiled_code`, start compiled in the
//! next `Module` of the same bytes, and compute what the interpreter does;
//! a damaged cache file is ignored.

use std::path::{Path, PathBuf};

use spindle::{Config, Engine, Linker, Module, Store, Tier, Trap};

/// `sum` loops (an entry at its loop header), calls `step` (a native
/// call, through the `resolve` hook), divides (a helper of its own:
/// `i64.div_s` traps on zero) and loads from memory; `run(n)` traps out of
/// bounds for `n` of 16384 and more.
const WAT: &str = r#"(module
  (memory 1)
  (func $step (param i64 i64) (result i64)
    (i64.add (i64.div_s (local.get 0) (local.get 1)) (i64.const 3)))
  (func $sum (export "run") (param $n i32) (result i32)
    (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (call $step
        (i64.add (local.get $s) (i64.extend_i32_u (local.get $i)))
        (i64.const 2)))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.wrap_i64 (local.get $s)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32.wrap_i64 (local.get $s))
             (i32.load (i32.shl (local.get $n) (i32.const 2))))))"#;

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spindle-code-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The cache's files in `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Runs `run` with each of `args` in a fresh engine: tiered with
/// `threshold` and the cache in `dir` (or the interpreter alone). Returns
/// each result or trap message, the functions compiled or linked from the
/// cache, and what saving wrote.
fn runs(dir: Option<&Path>, threshold: u32, args: &[i32]) -> (Vec<String>, usize, usize) {
    let mut config = Config::default();
    match dir {
        Some(d) => config
            .tier(Tier::Tiered)
            .tier_threshold(threshold)
            .tier_background(false)
            .cache_dir(Some(d.to_path_buf())),
        None => config.tier(Tier::Interp),
    };
    let engine = Engine::new(&config);
    let module = Module::new(&engine, WAT).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    let run = instance
        .get_typed_func::<i32, i32, _>(&mut store, "run")
        .expect("export");
    let out = args
        .iter()
        .map(|&n| match run.call(&mut store, n) {
            Ok(v) => v.to_string(),
            Err(e) => e.downcast_ref::<Trap>().expect("a trap").to_string(),
        })
        .collect();
    let compiled = engine.compiled_functions();
    let saved = module.save_compiled_code().expect("the cache is written");
    (out, compiled, saved)
}

const ARGS: [i32; 4] = [3, 500, 20_000, 1000];

#[test]
fn compiled_code_is_saved_and_starts_the_next_run_compiled() {
    let d = dir("reuse");
    let (interp, n, saved) = runs(None, 0, &ARGS);
    assert_eq!((n, saved), (0, 0), "the interpreter has no cache");
    assert!(interp[2].contains("out of bounds"), "{interp:?}");

    // First run: both functions get hot and are compiled, then saved.
    let (first, compiled, saved) = runs(Some(&d), 100, &ARGS);
    assert_eq!(first, interp);
    assert_eq!((compiled, saved), (2, 2));
    assert_eq!(files(&d).len(), 1);

    // Next run, with a threshold no function reaches: both start compiled
    // from the cache; nothing new to save.
    let (next, compiled, saved) = runs(Some(&d), 1_000_000_000, &ARGS);
    assert_eq!(next, interp);
    assert_eq!((compiled, saved), (2, 0));

    // The same without the cache: nothing is compiled.
    let (_, compiled, _) = runs(Some(&dir("none")), 1_000_000_000, &ARGS);
    assert_eq!(compiled, 0);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_damaged_cache_file_is_ignored() {
    let d = dir("damaged");
    let (interp, _, _) = runs(None, 0, &ARGS);
    runs(Some(&d), 100, &ARGS);
    let [file] = &files(&d)[..] else {
        panic!("one cache file")
    };
    let good = std::fs::read(file).unwrap();
    // A flipped byte in the code, a truncation, and no file at all.
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    for bytes in [flipped, good[..good.len() - 9].to_vec(), Vec::new()] {
        std::fs::write(file, &bytes).unwrap();
        let (out, compiled, _) = runs(Some(&d), 1_000_000_000, &ARGS);
        assert_eq!(out, interp);
        assert_eq!(compiled, 0, "nothing comes from a damaged file");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn another_module_has_another_file() {
    let d = dir("other");
    runs(Some(&d), 100, &ARGS);
    let mut config = Config::default();
    config
        .tier(Tier::Tiered)
        .tier_threshold(1)
        .tier_background(false)
        .cache_dir(Some(d.clone()));
    let engine = Engine::new(&config);
    let other = WAT.replace("(i64.const 3)", "(i64.const 4)");
    let module = Module::new(&engine, other).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = instance
        .get_typed_func::<i32, i32, _>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, 3).unwrap(), 8);
    assert_eq!(module.save_compiled_code().unwrap(), 2);
    assert_eq!(files(&d).len(), 2);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn each_run_adds_what_it_compiled_to_what_the_file_held() {
    // Two functions; each run calls one of them (or both), many times.
    let wat = r#"(module
      (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "g") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))"#;
    let d = dir("merge");
    let run = |threshold: u32, names: &[&str]| {
        let mut config = Config::default();
        config
            .tier(Tier::Tiered)
            .tier_threshold(threshold)
            .tier_background(false)
            .cache_dir(Some(d.clone()));
        let engine = Engine::new(&config);
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        for name in names {
            let f = instance
                .get_typed_func::<i32, i32, _>(&mut store, name)
                .unwrap();
            for i in 0..100 {
                f.call(&mut store, i).unwrap();
            }
        }
        (
            engine.compiled_functions(),
            module.save_compiled_code().unwrap(),
        )
    };
    assert_eq!(run(100, &["f"]), (1, 1));
    // `g` is new; `f`'s entry, not reached, is written back.
    assert_eq!(run(100, &["g"]), (1, 2));
    // Both start compiled.
    assert_eq!(run(1_000_000_000, &["f", "g"]), (2, 0));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn concurrent_saves_leave_one_whole_file() {
    let d = dir("concurrent");
    let (interp, _, _) = runs(None, 0, &ARGS);
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| runs(Some(&d), 100, &ARGS)))
            .collect();
        for r in runs {
            assert_eq!(r.join().unwrap().0, interp);
        }
    });
    assert_eq!(files(&d).len(), 1, "{:?}", files(&d));
    let (next, compiled, _) = runs(Some(&d), 1_000_000_000, &ARGS);
    assert_eq!((next, compiled), (interp, 2));
    let _ = std::fs::remove_dir_all(&d);
}
