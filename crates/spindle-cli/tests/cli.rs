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
fn malformed_module_is_one_error_line() {
    let p = write_tmp("bad.wat", "(module (func (result i32) (i32.add)))) oops");
    let out = spindle(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: "), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
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
