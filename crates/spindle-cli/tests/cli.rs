//! End-to-end checks of the `spindle` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spindle(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spindle"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run spindle")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write_tmp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spindle-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn runs_the_readme_example() {
    let out = spindle(&["run", "examples/fib.wat", "--invoke", "fib", "20"]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "6765\n");
}

#[test]
fn parses_arguments_by_type() {
    let p = write_tmp(
        "args.wat",
        r#"(module
             (func (export "f") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
               local.get 0 local.get 1 local.get 2 local.get 3))"#,
    );
    let out = spindle(&[
        "run",
        p.to_str().unwrap(),
        "--invoke",
        "f",
        "-5",
        "0x10",
        "1.5",
        "-0.25",
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "-5\n16\n1.5\n-0.25\n");
}

#[test]
fn parses_and_prints_v128() {
    let p = write_tmp(
        "v128.wat",
        r#"(module
             (func (export "f") (param v128 i32) (result i32 v128)
               local.get 1
               (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4))))"#,
    );
    let arg = "0x000000040000000300000002ffffffff";
    let out = spindle(&["run", p.to_str().unwrap(), "--invoke", "f", arg, "7"]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "7\n0x00000008000000060000000400000000\n");
}

#[test]
fn trap_prints_message_and_exits_1() {
    let p = write_tmp(
        "trap.wat",
        r#"(module (func (export "boom") (param i32) (result i32)
             (i32.div_u (i32.const 1) (local.get 0))))"#,
    );
    let out = spindle(&["run", p.to_str().unwrap(), "--invoke", "boom", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("wasm trap: integer divide by zero"),
        "stderr: {err}"
    );
    assert!(!err.contains("panicked"), "stderr: {err}");
}

#[test]
fn missing_file_is_one_error_line() {
    let out = spindle(&["run", "no/such/file.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: "), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
}

#[test]
fn invalid_module_is_one_error_line() {
    let p = write_tmp("bad.wat", "(module (func (result i32) (i32.add)))");
    let out = spindle(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: "), "stderr: {err}");
    assert!(err.contains("bad.wat"), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
}

// --- issue 18: the command line people expect -----------------------------

#[test]
fn run_without_start_lists_the_exports() {
    // No `_start`, no `--invoke`: instantiation is the run, and a note says
    // what could be called and how.
    let out = spindle(&["run", "examples/fib.wat"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "stderr: {err}");
    assert!(err.contains("no `_start`"), "stderr: {err}");
    assert!(
        err.contains("fib: (func (param i64) (result i64))"),
        "stderr: {err}"
    );
    assert!(
        err.contains("spindle run --invoke fib examples/fib.wat ARGS..."),
        "stderr: {err}"
    );
    // With arguments (meant for `fib`) it is an error that says the same.
    let out = spindle(&["run", "examples/fib.wat", "20"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.contains("no exported function `_start`"),
        "stderr: {err}"
    );
    assert!(err.contains("--invoke fib"), "stderr: {err}");
}

#[test]
fn text_error_names_the_file_and_shows_the_line() {
    let p = write_tmp(
        "typo.wat",
        "(module\n  (func (result i32)\n    i32.cnst 1))\n",
    );
    let out = spindle(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(!err.contains("<anon>"), "stderr: {err}");
    assert!(err.contains("typo.wat:3:5"), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() >= 4, "a multi-line snippet: {err}");
    assert!(lines[0].starts_with("error: "), "stderr: {err}");
    // The offending line, and a caret under the token on the next line.
    let at = lines
        .iter()
        .position(|l| l.contains("i32.cnst 1))"))
        .unwrap();
    let caret = lines[at + 1];
    let col = lines[at].find("i32.cnst").unwrap();
    assert_eq!(caret.find('^'), Some(col), "stderr: {err}");
}

#[test]
fn binary_with_a_bad_header_is_read_as_binary() {
    let dir = std::env::temp_dir().join(format!("spindle-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("garbage.wasm");
    std::fs::write(&p, [0u8, 0x61, 0x73, 0x00, 1, 0, 0, 0, 0xff, 0xfe]).unwrap();
    let out = spindle(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("garbage.wasm"), "stderr: {err}");
    assert!(err.contains("magic"), "stderr: {err}");
    assert!(!err.contains("unexpected character"), "stderr: {err}");
}

#[test]
fn fiber_program_without_preload_gets_a_hint() {
    let p = write_tmp(
        "needs_fiber.wat",
        r#"(module
             (import "env" "__indirect_function_table" (table 1 funcref))
             (import "env" "fiber_yield" (func (param i32) (result i32)))
             (func (export "_start")))"#,
    );
    let out = spindle(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown import"), "stderr: {err}");
    assert!(
        err.contains("--preload env=lib/fiber/fiber.wat"),
        "stderr: {err}"
    );
    // Another missing module gets the general hint.
    let p = write_tmp(
        "needs_host.wat",
        r#"(module (import "host" "log" (func (param i32))))"#,
    );
    let err = text(&spindle(&["run", p.to_str().unwrap()]).stderr);
    assert!(
        err.contains("nothing provides module `host`"),
        "stderr: {err}"
    );
    assert!(err.contains("--preload NAME=FILE"), "stderr: {err}");
}

#[test]
fn incompatible_import_says_what_was_expected_and_found() {
    let lib = write_tmp(
        "lib.wat",
        r#"(module (func (export "f") (param i32)) (global (export "g") i32 (i32.const 1)))"#,
    );
    let p = write_tmp(
        "uses_lib.wat",
        r#"(module (import "lib" "f" (func (param i64) (result i32))))"#,
    );
    let preload = format!("lib={}", lib.display());
    let out = spindle(&["run", "--preload", &preload, p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "incompatible import type: expected (func (param i64) (result i32)), \
             found (func (param i32))"
        ),
        "stderr: {err}"
    );
    assert!(err.contains("`lib::f`"), "stderr: {err}");
    let p = write_tmp(
        "uses_lib_global.wat",
        r#"(module (import "lib" "g" (global (mut i32))))"#,
    );
    let err = text(&spindle(&["run", "--preload", &preload, p.to_str().unwrap()]).stderr);
    assert!(
        err.contains("expected (global (mut i32)), found (global i32)"),
        "stderr: {err}"
    );
}

#[test]
fn uncaught_exception_shows_tag_and_backtrace() {
    let p = write_tmp(
        "throws.wat",
        r#"(module
             (tag $oops (param i32))
             (func $inner (throw $oops (i32.const 42)))
             (func $outer (call $inner))
             (func (export "main") (call $outer)))"#,
    );
    let out = spindle(&["run", p.to_str().unwrap(), "--invoke", "main"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("uncaught wasm exception"), "stderr: {err}");
    assert!(err.contains("oops"), "the tag's name: {err}");
    assert!(err.contains("42"), "the payload: {err}");
    let inner = err.find("inner").expect("backtrace");
    let outer = err.find("outer").expect("backtrace");
    assert!(inner < outer, "innermost first: {err}");
}

#[test]
fn uncaught_exception_shows_a_v128_payload() {
    let p = write_tmp(
        "throws_v128.wat",
        r#"(module
             (tag $oops (param v128 i32))
             (func (export "main")
               (throw $oops (v128.const i64x2 1 2) (i32.const 7))))"#,
    );
    let out = spindle(&["run", p.to_str().unwrap(), "--invoke", "main"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("v128 0x00000000000000020000000000000001, i32 7"),
        "the payload: {err}"
    );
}

#[test]
fn deep_recursion_folds_repeated_frames() {
    let p = write_tmp(
        "recurse.wat",
        r#"(module
             (func $r (param i32) (call $r (i32.add (local.get 0) (i32.const 1))))
             (func (export "main") (call $r (i32.const 0))))"#,
    );
    let out = spindle(&[
        "--max-call-depth",
        "1000",
        "run",
        p.to_str().unwrap(),
        "--invoke",
        "main",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("call stack exhausted"), "stderr: {err}");
    // 999 frames of `r` from one call site (plus the innermost one, at its
    // entry), then `main`.
    let r_lines: Vec<&str> = err.lines().filter(|l| l.contains(": r @ ")).collect();
    assert!(r_lines.len() <= 2, "stderr: {err}");
    assert!(
        r_lines
            .iter()
            .any(|l| l.trim_end().ends_with("(x998)") || l.trim_end().ends_with("(x999)")),
        "stderr: {err}"
    );
    assert!(err.contains("main"), "stderr: {err}");
    assert!(err.contains("--max-call-depth"), "stderr: {err}");
}

#[test]
fn total_stack_limit_names_its_flag() {
    let p = write_tmp(
        "recurse_total.wat",
        r#"(module
             (func $r (param i32) (call $r (i32.add (local.get 0) (i32.const 1))))
             (func (export "main") (call $r (i32.const 0))))"#,
    );
    let out = spindle(&[
        "--max-total-stack-bytes",
        "65536",
        "run",
        p.to_str().unwrap(),
        "--invoke",
        "main",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("stack memory limit exceeded"), "stderr: {err}");
    assert!(!err.contains("continuation"), "stderr: {err}");
    assert!(err.contains("--max-total-stack-bytes"), "stderr: {err}");
}

#[test]
fn help_groups_options_and_shows_no_zero_default() {
    let out = spindle(&["wast", "--help"]);
    let help = text(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("--jobs"), "{help}");
    assert!(!help.contains("[default: 0]"), "{help}");

    // (`-h`: one line per option, a blank line between groups.)
    let out = spindle(&["run", "-h"]);
    let help = text(&out.stdout);
    assert!(out.status.success());
    // Each group under its own heading: the limits together after
    // "Limits:", the WASI flags after "WASI:".
    let section = |heading: &str| -> String {
        let start = help
            .find(&format!("\n{heading}:\n"))
            .unwrap_or_else(|| panic!("no {heading} heading in {help}"));
        let rest = &help[start + heading.len() + 3..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let limits = section("Limits");
    for flag in [
        "--max-stack-bytes",
        "--max-call-depth",
        "--max-continuations",
        "--max-total-stack-bytes",
    ] {
        assert!(limits.contains(flag), "{flag} not under Limits: {help}");
    }
    let wasi = section("WASI");
    assert!(wasi.contains("--dir") && wasi.contains("--env"), "{help}");
    assert!(!wasi.contains("--max-"), "{help}");
    assert!(section("Profiling").contains("--profile"), "{help}");
}

#[test]
fn wasmtime_spellings_work() {
    // Features Spindle always has are no-ops, in wasmtime's spelling.
    let out = spindle(&[
        "run",
        "-W",
        "exceptions=y,stack-switching=y",
        "--wasm",
        "tail-call",
        "--invoke",
        "fib",
        "examples/fib.wat",
        "20",
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "6765\n");
    // Turning one off, or asking for a missing one, is an error.
    let out = spindle(&["run", "-W", "exceptions=n", "examples/fib.wat"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot be turned off"));
    let out = spindle(&["run", "-W", "threads=y", "examples/fib.wat"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("does not support threads"));
    let out = spindle(&[
        "run",
        "-W",
        "simd,relaxed-simd",
        "--invoke",
        "fib",
        "examples/fib.wat",
        "20",
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    // fuel and timeout mean what they mean in wasmtime.
    let p = write_tmp(
        "spin.wat",
        r#"(module (func (export "_start") (loop $l (br $l))))"#,
    );
    let out = spindle(&["run", "-W", "fuel=10000", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("all fuel consumed"));
    let out = spindle(&["run", "-W", "timeout=50ms", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("interrupted"));
    // --dir HOST::GUEST and --env as in wasmtime are covered in wasi.rs.
}

// --- the guest profiler ------------------------------------------------------

/// A processed-format profile's samples, each as its stack of frame names,
/// outermost first.
fn profile_stacks(json: &serde_json::Value) -> Vec<Vec<String>> {
    let thread = &json["threads"][0];
    let strings: Vec<&str> = thread["stringArray"]
        .as_array()
        .expect("stringArray")
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let idx = |v: &serde_json::Value| v.as_u64().map(|i| i as usize);
    let func_names = thread["funcTable"]["name"].as_array().expect("funcTable");
    let frame_funcs = thread["frameTable"]["func"].as_array().expect("frameTable");
    let prefixes = thread["stackTable"]["prefix"]
        .as_array()
        .expect("stackTable");
    let frames = thread["stackTable"]["frame"]
        .as_array()
        .expect("stackTable");
    let samples = thread["samples"]["stack"].as_array().expect("samples");
    assert_eq!(prefixes.len(), frames.len());
    samples
        .iter()
        .map(|s| {
            let mut names = Vec::new();
            let mut at = idx(s);
            while let Some(i) = at {
                let func = idx(&frame_funcs[idx(&frames[i]).unwrap()]).unwrap();
                names.push(strings[idx(&func_names[func]).unwrap()].to_string());
                at = idx(&prefixes[i]);
            }
            names.reverse();
            names
        })
        .collect()
}

fn tmp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spindle-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn profile_of_the_scheduler_spans_continuations() {
    let json_path = tmp_dir().join("scheduler-profile.json");
    let out = spindle(&[
        "run",
        "--profile",
        json_path.to_str().unwrap(),
        "--profile-interval",
        "200us",
        "examples/continuations/scheduler.wat",
        "--invoke",
        "run",
        "3000000",
    ]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "stderr: {err}");
    assert!(err.contains("profile: "), "stderr: {err}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    // The processed format's frame: metadata, categories, one thread.
    assert!(
        json["meta"]["version"].is_number(),
        "meta: {}",
        json["meta"]
    );
    assert_eq!(json["meta"]["product"], "spindle");
    let categories: Vec<&str> = json["meta"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(categories.contains(&"Wasm") && categories.contains(&"Continuation"));
    let stacks = profile_stacks(&json);
    assert!(stacks.len() >= 10, "{} samples", stacks.len());
    // Every sample starts at `run`; samples taken inside a green thread go
    // on through the resume site into the thread's frames.
    assert!(stacks.iter().all(|s| s[0] == "run"), "{stacks:?}");
    let across: Vec<&Vec<String>> = stacks
        .iter()
        .filter(|s| s.len() >= 3 && s[1] == "[resume]" && s[2] == "thread")
        .collect();
    assert!(
        across.len() * 2 >= stacks.len(),
        "most samples are in the threads: {stacks:?}"
    );
    // Frames called from a thread sit above it: `yield` (which switches).
    assert!(
        across
            .iter()
            .any(|s| s.get(3).is_some_and(|f| f == "yield")),
        "{stacks:?}"
    );

    // The folded stacks say the same, with counts adding up to the samples.
    let folded = std::fs::read_to_string(json_path.with_extension("folded")).unwrap();
    let mut total = 0;
    for line in folded.lines() {
        let (stack, n) = line.rsplit_once(' ').expect("STACK COUNT");
        total += n.parse::<usize>().expect("a count");
        assert!(stack.starts_with("run"), "{line}");
    }
    assert_eq!(total, stacks.len());
    assert!(folded.contains("run;[resume];thread"), "{folded}");
}

#[test]
fn profile_stacks_run_through_nested_continuations() {
    // main resumes a continuation running `outer`, which resumes one running
    // `inner`, which spins: samples show both resume sites.
    let p = write_tmp(
        "nested.wat",
        r#"(module
             (type $f (func))
             (type $k (cont $f))
             (func $spin (param $n i32)
               (loop $l
                 (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                 (br_if $l (local.get $n))))
             (func $inner (call $spin (i32.const 30000000)))
             (func $outer (resume $k (cont.new $k (ref.func $inner))))
             (func (export "main") (resume $k (cont.new $k (ref.func $outer))))
             (elem declare func $inner $outer))"#,
    );
    let json_path = tmp_dir().join("nested-profile.json");
    let out = spindle(&[
        "run",
        "--profile",
        &format!("guest,{},500us", json_path.display()),
        "--invoke",
        "main",
        p.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let stacks = profile_stacks(&json);
    let want = ["main", "[resume]", "outer", "[resume]", "inner", "spin"];
    assert!(
        stacks.iter().any(|s| s == &want),
        "no sample with {want:?}: {stacks:?}"
    );
    let folded = std::fs::read_to_string(json_path.with_extension("folded")).unwrap();
    assert!(
        folded.contains("main;[resume];outer;[resume];inner;spin "),
        "{folded}"
    );
}

#[test]
fn wast_prints_totals_last() {
    let out = spindle(&["wast", "tests/wast"]);
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "stdout: {stdout}\nstderr: {}",
        text(&out.stderr)
    );
    let last = stdout.trim_end().lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "last line: {last}");
}

#[test]
fn wast_failure_exits_1_with_position() {
    let p = write_tmp(
        "fail.wast",
        "(module (func (export \"one\") (result i32) (i32.const 1)))\n\
         (assert_return (invoke \"one\") (i32.const 2))\n",
    );
    let out = spindle(&["wast", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("fail.wast:2:2: "), "stdout: {stdout}");
    assert_eq!(stdout.trim_end().lines().last(), Some("1 passed, 1 failed"));
}

/// `spindle run` with `SPINDLE_CACHE_DIR` set to `dir`.
fn spindle_cached(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spindle"))
        .args(args)
        .env("SPINDLE_CACHE_DIR", dir)
        .current_dir(root())
        .output()
        .expect("run spindle")
}

#[test]
fn compiled_code_is_cached_between_runs_unless_told_not_to() {
    let dir = std::env::temp_dir().join(format!("spindle-cli-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let count = || std::fs::read_dir(&dir).map_or(0, |d| d.count());
    let run = |flags: &[&str]| {
        let mut args = vec!["run", "--tier-threshold", "1"];
        args.extend_from_slice(flags);
        args.extend(["examples/fib.wat", "--invoke", "fib", "20"]);
        let out = spindle_cached(&dir, &args);
        assert!(out.status.success(), "stderr: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "6765\n");
    };
    run(&["-C", "cache=n"]);
    assert_eq!(count(), 0, "-C cache=n writes nothing");
    run(&[]);
    assert_eq!(count(), 1, "one file for the module");
    run(&["-C", "cache=y"]);
    assert_eq!(count(), 1);
    let out = spindle(&["run", "-C", "opt-level=2", "examples/fib.wat"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("-C opt-level"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn perfmap_names_compiled_functions() {
    // Every function compiled: `double` is named by the name section,
    // the export-less helper by its index.
    let p = write_tmp(
        "perfmap.wat",
        r#"(module
          (func $helper (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $double (export "double") (param i32) (result i32)
            (i32.mul (call $helper (local.get 0)) (i32.const 2))))"#,
    );
    let wat = p.to_str().unwrap();
    let args = [
        "--tier",
        "compiled",
        "run",
        "--profile",
        "perfmap",
        wat,
        "--invoke",
        "double",
        "20",
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_spindle"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run spindle");
    let map_path = format!("/tmp/perf-{}.map", child.id());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42\n");
    let map = std::fs::read_to_string(&map_path).unwrap_or_default();
    let _ = std::fs::remove_file(&map_path);
    // `START SIZE NAME`, in hex, for both functions.
    for name in ["double", "helper"] {
        let line = map.lines().find(|l| l.ends_with(&format!(" {name}")));
        let line = line.unwrap_or_else(|| panic!("no {name} in {map:?}"));
        let mut f = line.split(' ');
        let start = u64::from_str_radix(f.next().unwrap(), 16).unwrap();
        let size = u64::from_str_radix(f.next().unwrap(), 16).unwrap();
        assert!(start > 0 && size > 0, "{line}");
    }
    // Profilers of other tools' formats are refused with a message.
    let out = spindle(&["run", "--profile", "jitdump", wat]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("perfmap"),
        "{}",
        text(&out.stderr)
    );
}
