//! The C fiber library (`lib/fiber/`) and its examples (`examples/c/`), run
//! by the `spindle` binary with `--preload env=lib/fiber/fiber.wat`.
//!
//! The C examples are built with clang for wasm32-wasi at test time (into a
//! scratch directory) and their output is compared with the
//! `examples/c/*.expected` files. The toolchain is Debian's `clang`, `lld`,
//! `wasi-libc` and `libclang-rt-dev-wasm32` (`.ci/run` installs them);
//! `WASI_CC`, `WASI_TARGET` and `WASI_SYSROOT` override the compiler
//! (`clang`), target (`wasm32-wasi`) and sysroot (`/usr`). Without a working
//! toolchain those tests print a loud SKIPPED message and pass, except with
//! `CI=true`, where they fail. The tests of the library from WAT and of
//! `--preload` itself need no toolchain.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

#[path = "../../spindle-wasi/tests/common/mod.rs"]
mod common;
use common::scratch;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fiber_wat() -> PathBuf {
    repo().join("lib/fiber/fiber.wat")
}

fn preload_flag() -> String {
    format!("env={}", fiber_wat().display())
}

fn spindle(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spindle"))
        .args(args)
        .output()
        .expect("run spindle")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Compiler flags for a program using the fiber library, at `opt`.
fn fiber_flags(opt: &str) -> Vec<String> {
    let include = repo().join("lib/fiber");
    [opt, "-Wall", "-Wextra", "-Werror", "-I", path(&include)]
        .iter()
        .chain(&["-Wl,--import-table", "-Wl,--growable-table"])
        .map(|s| s.to_string())
        .collect()
}

/// Compiles and links `srcs` with the fiber library at `opt` into `out`.
fn clang(srcs: &[PathBuf], opt: &str, out: &Path) -> Result<(), String> {
    let flags = fiber_flags(opt);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    common::clang(srcs, &flags, out)
}

/// `examples/c/NAME.c` with `lib/fiber/fiber.c`, built at `opt` (once per
/// test process), or `None` when the toolchain is missing (see
/// `common::build_with`).
fn build(name: &str, opt: &str) -> Option<PathBuf> {
    build_from("examples/c", name, opt)
}

/// `DIR/NAME.c` (a directory of the repository) with the fiber library,
/// built at `opt`, as `build` does.
fn build_from(dir: &str, name: &str, opt: &str) -> Option<PathBuf> {
    let srcs = [
        repo().join(format!("{dir}/{name}.c")),
        repo().join("lib/fiber/fiber.c"),
    ];
    let flags = fiber_flags(opt);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    common::build_with(&format!("{name}{opt}"), name, &srcs, &flags)
}

/// Builds example `name` at `opt`, runs it with `args` and compares its
/// output with `examples/c/EXPECTED`.
fn check_example(name: &str, opt: &str, args: &[&str], expected: &str) {
    let Some(wasm) = build(name, opt) else {
        return;
    };
    let want = std::fs::read_to_string(repo().join("examples/c").join(expected)).unwrap();
    run_preloaded(&[], &wasm, args, &want, &format!("{name} {args:?} ({opt})"));
}

/// Runs `wasm` with `args` and the fiber library preloaded, after the
/// `run` flags `flags`, and checks it succeeds, prints `want` and nothing
/// on stderr (`label` names the case).
fn run_preloaded(flags: &[&str], wasm: &Path, args: &[&str], want: &str, label: &str) {
    let preload = preload_flag();
    let mut argv = vec!["run"];
    argv.extend_from_slice(flags);
    argv.extend_from_slice(&["--preload", &preload, path(wasm)]);
    argv.extend_from_slice(args);
    let out = spindle(&argv);
    assert!(
        out.status.success(),
        "{label} failed: {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), want, "{label}");
    assert_eq!(text(&out.stderr), "", "{label}");
}

#[test]
fn generator_example() {
    check_example("generator", "-O2", &[], "generator.expected");
}

#[test]
fn sieve_example() {
    check_example("sieve", "-O2", &[], "sieve.expected");
}

#[test]
fn ring_example_switches_symmetrically() {
    check_example("ring", "-O2", &[], "ring.expected");
}

#[test]
fn c10m_example_small() {
    check_example(
        "c10m",
        "-O2",
        &["100000", "1000"],
        "c10m-100000-1000.expected",
    );
}

/// The fiber-c style benchmarks (`benches/c/`: `spindle-bench`'s `c_*`
/// rows) at small sizes, in every tier: each checks its result against
/// the same computation without fibers and prints it with "ok".
#[test]
fn fiber_benchmarks_check_themselves() {
    let cases: [(&str, &[&str], &str); 4] = [
        ("itersum", &["1000", "3"], "sum: 97507272 ok\n"),
        ("treesum", &["8", "3"], "sum: 1648956 ok\n"),
        ("scheduler", &["50", "30"], "result: 123269149336 ok\n"),
        ("state", &["1000"], "state: 781885179 ok\n"),
    ];
    for (name, args, want) in cases {
        let Some(wasm) = build_from("benches/c", name, "-O2") else {
            return;
        };
        for tier in [
            &["--tier", "interp"][..],
            &["--tier", "compiled"],
            &["--tier", "tiered", "--tier-threshold", "1"],
        ] {
            run_preloaded(tier, &wasm, args, want, &format!("{name} {tier:?}"));
        }
    }
}

/// Unoptimised code keeps every local on the shadow stack, so a wrong
/// stack pointer after a switch would show at once.
#[test]
fn examples_without_optimisation() {
    check_example("generator", "-O0", &[], "generator.expected");
    check_example("ring", "-O0", &[], "ring.expected");
    check_example("c10m", "-O0", &["3000", "100"], "c10m-3000-100.expected");
}

/// Misuse is reported by the C side and aborts (a trap).
#[test]
fn yield_outside_a_fiber_aborts() {
    let Some(_) = build("generator", "-O2") else {
        return;
    };
    let dir = scratch("misuse");
    let src = dir.join("misuse.c");
    std::fs::write(
        &src,
        "#include \"fiber.h\"\nint main(void) { fiber_yield(1); return 0; }\n",
    )
    .unwrap();
    let wasm = dir.join("misuse.wasm");
    clang(&[src, repo().join("lib/fiber/fiber.c")], "-O2", &wasm).unwrap();
    let preload = preload_flag();
    let out = spindle(&["run", "--preload", &preload, path(&wasm)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("fiber: fiber_yield outside a fiber\n"),
        "{err}"
    );
    assert!(err.contains("unreachable"), "{err}");
}

/// A WAT program using the library directly: a generator (resume/yield),
/// symmetric switches between three fibers, and handle reuse.
const WAT_USER: &str = r#"
(module
  (import "env" "__indirect_function_table" (table 4 funcref))
  (import "env" "fiber_new" (func $new (param i32 i32) (result i32)))
  (import "env" "fiber_resume" (func $resume (param i32 i32) (result i32)))
  (import "env" "fiber_yield" (func $yield (param i32) (result i32)))
  (import "env" "fiber_switch_to" (func $switch_to (param i32 i32) (result i32)))
  (import "env" "fiber_done" (func $done (param i32) (result i32)))
  (import "env" "fiber_free" (func $free (param i32)))
  (import "env" "fiber_live" (func $live (result i32)))
  (elem (i32.const 1) func $count $player)

  ;; yields 0 .. n-1, returns -1
  (func $count (param $n i32) (param $first i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (call $yield (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.const -1))

  (func (export "sum") (param $n i32) (result i32)
    (local $h i32) (local $s i32) (local $v i32)
    (local.set $h (call $new (i32.const 1) (local.get $n)))
    (block $out
      (loop $l
        (local.set $v (call $resume (local.get $h) (i32.const 0)))
        (br_if $out (call $done (local.get $h)))
        (local.set $s (i32.add (local.get $s) (local.get $v)))
        (br $l)))
    (call $free (local.get $h))
    (local.get $s))

  ;; Three players pass a token: player i (handle $p_i) appends its number
  ;; and switches to the next; after `rounds` passes the token goes back
  ;; to main with a yield.
  (global $p1 (mut i32) (i32.const 0))
  (global $p2 (mut i32) (i32.const 0))
  (global $p3 (mut i32) (i32.const 0))
  (global $passes (mut i32) (i32.const 0))
  (func $next_of (param $id i32) (result i32)
    (if (result i32) (i32.eq (local.get $id) (i32.const 1))
      (then (global.get $p2))
      (else (if (result i32) (i32.eq (local.get $id) (i32.const 2))
        (then (global.get $p3))
        (else (global.get $p1))))))
  (func $player (param $id i32) (param $token i32) (result i32)
    (loop $l
      (local.set $token
        (i32.add (i32.mul (local.get $token) (i32.const 10)) (local.get $id)))
      (global.set $passes (i32.sub (global.get $passes) (i32.const 1)))
      (if (i32.eqz (global.get $passes))
        (then (local.set $token (call $yield (local.get $token))))
        (else
          (local.set $token
            (call $switch_to (call $next_of (local.get $id)) (local.get $token)))))
      (br $l))
    (unreachable))
  (func (export "ring") (param $rounds i32) (result i32)
    (local $r i32)
    (global.set $passes (local.get $rounds))
    (global.set $p1 (call $new (i32.const 2) (i32.const 1)))
    (global.set $p2 (call $new (i32.const 2) (i32.const 2)))
    (global.set $p3 (call $new (i32.const 2) (i32.const 3)))
    (local.set $r (call $resume (global.get $p1) (i32.const 0)))
    (call $free (global.get $p1))
    (call $free (global.get $p2))
    (call $free (global.get $p3))
    (local.get $r))

  ;; Makes and finishes n fibers one after another; the live count after.
  (func (export "churn") (param $n i32) (result i32)
    (local $h i32)
    (block $out
      (loop $l
        (br_if $out (i32.eqz (local.get $n)))
        (local.set $h (call $new (i32.const 1) (i32.const 2)))
        (drop (call $resume (local.get $h) (i32.const 0)))
        (drop (call $resume (local.get $h) (i32.const 0)))
        (drop (call $resume (local.get $h) (i32.const 0)))
        (if (i32.eqz (call $done (local.get $h))) (then (unreachable)))
        (call $free (local.get $h))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (call $live))

  ;; Resuming a finished fiber traps.
  (func (export "resume_finished") (result i32)
    (local $h i32)
    (local.set $h (call $new (i32.const 1) (i32.const 0)))
    (drop (call $resume (local.get $h) (i32.const 0)))
    (call $resume (local.get $h) (i32.const 0))))
"#;

fn run_wat_user(args: &[&str]) -> Output {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    let file = FILE.get_or_init(|| {
        let f = scratch("wat-user").join("user.wat");
        std::fs::write(&f, WAT_USER).unwrap();
        f
    });
    let preload = preload_flag();
    let mut argv = vec!["run", "--preload", &preload, path(file), "--invoke"];
    argv.extend_from_slice(args);
    spindle(&argv)
}

#[test]
fn wat_program_uses_the_library() {
    for (args, want) in [
        (&["sum", "100"][..], "4950\n"),
        (&["sum", "0"][..], "0\n"),
        (&["ring", "7"][..], "1231231\n"),
        (&["churn", "10000"][..], "0\n"),
    ] {
        let out = run_wat_user(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), want, "{args:?}");
    }
    let out = run_wat_user(&["resume_finished"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("null"), "{}", text(&out.stderr));
}

#[test]
fn preload_flag_errors() {
    let dir = scratch("preload-errors");
    let main = dir.join("main.wat");
    std::fs::write(
        &main,
        r#"(module (import "lib" "f" (func (result i32)))
                   (func (export "g") (result i32) (call 0)))"#,
    )
    .unwrap();
    let out = spindle(&["run", "--preload", "nofile", path(&main)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("expected NAME=FILE"),
        "{}",
        text(&out.stderr)
    );
    let missing = format!("lib={}", dir.join("missing.wat").display());
    let out = spindle(&["run", "--preload", &missing, path(&main)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: --preload lib=") && err.contains("cannot read"),
        "{err}"
    );
    // Without the preload the import is unresolved.
    let out = spindle(&["run", path(&main), "--invoke", "g"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unknown import"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn preloads_chain_and_run_initialize() {
    let dir = scratch("preload-chain");
    // `a` is a reactor: `_initialize` sets its global before its exports
    // are registered.
    let a = dir.join("a.wat");
    std::fs::write(
        &a,
        r#"(module
             (global $x (mut i32) (i32.const 1))
             (func (export "_initialize") (global.set $x (i32.const 40)))
             (func (export "f") (result i32) (global.get $x)))"#,
    )
    .unwrap();
    // `b` imports `a`.
    let b = dir.join("b.wat");
    std::fs::write(
        &b,
        r#"(module (import "a" "f" (func $f (result i32)))
                   (func (export "f") (result i32)
                     (i32.add (call $f) (i32.const 2))))"#,
    )
    .unwrap();
    let main = dir.join("main.wat");
    std::fs::write(
        &main,
        r#"(module (import "b" "f" (func (result i32)))
                   (func (export "g") (result i32) (call 0)))"#,
    )
    .unwrap();
    let pa = format!("a={}", a.display());
    let pb = format!("b={}", b.display());
    let out = spindle(&[
        "run",
        "--preload",
        &pa,
        "--preload",
        &pb,
        path(&main),
        "--invoke",
        "g",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42\n");
    // Order matters: `b` cannot import `a` before `a` is loaded.
    let out = spindle(&[
        "run",
        "--preload",
        &pb,
        "--preload",
        &pa,
        path(&main),
        "--invoke",
        "g",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("--preload b=") && err.contains("unknown import"),
        "{err}"
    );
}

/// WASI calls from inside fibers: green threads print and write files in a
/// preopened directory, taking turns.
#[test]
fn green_threads_print_and_write_files() {
    let Some(wasm) = build("green_io", "-O2") else {
        return;
    };
    let dir = scratch("green-io-out");
    std::fs::create_dir_all(&dir).unwrap();
    let preload = preload_flag();
    let mapping = format!("{}::/out", path(&dir));
    let out = spindle(&[
        "run",
        "--dir",
        &mapping,
        "--preload",
        &preload,
        path(&wasm),
        "/out",
    ]);
    assert!(
        out.status.success(),
        "green_io failed: {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    let want = std::fs::read_to_string(repo().join("examples/c/green_io.expected")).unwrap();
    assert_eq!(text(&out.stdout), want);
    // The files are really on the host, in the preopened directory.
    let w1 = std::fs::read_to_string(dir.join("worker1.txt")).unwrap();
    assert_eq!(w1.lines().count(), 3);
}
