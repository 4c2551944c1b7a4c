//! `spindle run` with WASI programs: C sources from
//! `crates/spindle-wasi/tests/c/` built with clang for wasm32-wasi (a
//! missing toolchain skips these tests loudly, or fails them with CI=true).

#[path = "../../spindle-wasi/tests/common/mod.rs"]
mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `spindle ARGS` in `cwd` with `stdin` as standard input.
fn spindle_in(cwd: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spindle"))
        .args(args)
        .current_dir(cwd)
        .env_remove("GREETING")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run spindle");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn hello_prints_its_args_and_env() {
    let Some(wasm) = common::build("hello") else {
        return;
    };
    let dir = common::scratch("cli-hello");
    let out = spindle_in(
        &dir,
        &[
            "run",
            "--env",
            "GREETING=hello there",
            path(&wasm),
            "first",
            "--second",
            "3rd arg",
        ],
        "",
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "hello from wasi\nargc=4\narg[1]=first\narg[2]=--second\narg[3]=3rd arg\n\
         GREETING=hello there\n"
    );
    assert_eq!(text(&out.stderr), "to stderr\n");
}

#[test]
fn env_is_not_inherited_unless_named() {
    let Some(wasm) = common::build("hello") else {
        return;
    };
    let dir = common::scratch("cli-env");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spindle"));
    cmd.current_dir(&dir).env("GREETING", "from host");
    let out = cmd.args(["run", path(&wasm)]).output().unwrap();
    assert!(text(&out.stdout).contains("GREETING=(unset)\n"));
    let out = Command::new(env!("CARGO_BIN_EXE_spindle"))
        .current_dir(&dir)
        .env("GREETING", "from host")
        .args(["run", "--env", "GREETING", path(&wasm)])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("GREETING=from host\n"));
}

#[test]
fn exit_code_reaches_the_shell() {
    let Some(wasm) = common::build("exit42") else {
        return;
    };
    let dir = common::scratch("cli-exit");
    let out = spindle_in(&dir, &["run", path(&wasm)], "");
    assert_eq!(out.status.code(), Some(42), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "about to exit");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn file_written_and_read_back_in_a_preopened_dir() {
    let Some(wasm) = common::build("files") else {
        return;
    };
    let dir = common::scratch("cli-files");
    std::fs::create_dir(dir.join("work")).unwrap();
    // HOST::GUEST, and a bare HOST (seen at the same relative path).
    for (flag, guest) in [("work::/sandbox", "/sandbox"), ("work", "work")] {
        let out = spindle_in(&dir, &["run", "--dir", flag, path(&wasm), guest], "");
        assert!(
            out.status.success(),
            "--dir {flag}: stdout: {} stderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "files ok\n");
        assert_eq!(
            std::fs::read_to_string(dir.join("work/note.txt")).unwrap(),
            "first line\nsecond line\n"
        );
    }
}

#[test]
fn files_outside_the_preopens_are_unreachable() {
    let Some(wasm) = common::build("sandbox") else {
        return;
    };
    let (root, pre) = common::sandbox_dirs("cli-sandbox");
    for guest in ["/data", "."] {
        let flag = format!("{}::{guest}", path(&pre));
        let out = spindle_in(&root, &["run", "--dir", &flag, path(&wasm), guest], "");
        let stdout = text(&out.stdout);
        assert!(!stdout.contains("OPENED"), "--dir {flag}:\n{stdout}");
        assert!(stdout.contains("/etc/passwd: blocked"), "{stdout}");
        assert!(stdout.contains("inside.txt: inside"), "{stdout}");
        assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
        assert!(!root.join("created.txt").exists());
    }
    // Without --dir nothing at all is reachable.
    let out = spindle_in(&root, &["run", path(&wasm), "/"], "");
    assert!(
        !text(&out.stdout).contains("OPENED"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn stdin_clocks_and_random() {
    let Some(wasm) = common::build("misc") else {
        return;
    };
    let dir = common::scratch("cli-misc");
    let out = spindle_in(&dir, &["run", path(&wasm)], "piped in");
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "misc ok; stdin had 8 bytes: piped in\n");
}

#[test]
fn missing_dir_is_an_error() {
    let Some(wasm) = common::build("hello") else {
        return;
    };
    let dir = common::scratch("cli-missing-dir");
    let out = spindle_in(&dir, &["run", "--dir", "no/such/dir", path(&wasm)], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--dir: cannot open directory no/such/dir"),
        "{}",
        text(&out.stderr)
    );
}
