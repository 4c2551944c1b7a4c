//! WASI preview 1 through the embedding API: hand-written modules (always
//! run) and C programs built with clang for wasm32-wasi (see `common`).

mod common;

use std::path::Path;
use std::sync::{Arc, RwLock};

use spindle::{Engine, Linker, Module, Store};
use spindle_wasi::wasi_common::pipe::{ReadPipe, WritePipe};
use spindle_wasi::{ambient_authority, Dir, I32Exit, WasiCtx, WasiCtxBuilder};

/// What a run left behind.
struct Outcome {
    /// The `proc_exit` code, or 0 when `_start` returned.
    code: i32,
    stdout: String,
    stderr: String,
}

/// A guest's settings.
#[derive(Default)]
struct Guest<'a> {
    args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
    dirs: &'a [(&'a Path, &'a str)],
    stdin: &'a str,
}

/// Host data with the WASI context in a field, as an embedder would have it.
struct Host {
    wasi: WasiCtx,
}

fn run(module: &[u8], g: &Guest) -> Outcome {
    let engine = Engine::default();
    let module = Module::new(&engine, module).expect("module");
    let mut linker = Linker::new(&engine);
    spindle_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi).unwrap();

    let stdout = Arc::new(RwLock::new(Vec::<u8>::new()));
    let stderr = Arc::new(RwLock::new(Vec::<u8>::new()));
    let mut b = WasiCtxBuilder::new();
    b.stdin(Box::new(ReadPipe::from(g.stdin)))
        .stdout(Box::new(WritePipe::from_shared(stdout.clone())))
        .stderr(Box::new(WritePipe::from_shared(stderr.clone())));
    let mut argv = vec!["prog.wasm".to_string()];
    argv.extend(g.args.iter().map(|a| a.to_string()));
    b.args(&argv).unwrap();
    for (k, v) in g.env {
        b.env(k, v).unwrap();
    }
    for (host, guest) in g.dirs {
        let dir = Dir::open_ambient_dir(host, ambient_authority()).unwrap();
        b.preopened_dir(dir, guest).unwrap();
    }
    let mut store = Store::new(&engine, Host { wasi: b.build() });
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let start = instance
        .get_typed_func::<(), (), _>(&mut store, "_start")
        .expect("_start");
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => panic!("guest failed: {e:#}"),
        },
    };
    drop(store);
    let text = |b: &Arc<RwLock<Vec<u8>>>| String::from_utf8_lossy(&b.read().unwrap()).into_owned();
    Outcome {
        code,
        stdout: text(&stdout),
        stderr: text(&stderr),
    }
}

fn run_c(name: &str, g: &Guest) -> Option<Outcome> {
    let wasm = common::build(name)?;
    Some(run(&std::fs::read(wasm).unwrap(), g))
}

// ---- Hand-written modules: no toolchain needed. ----

/// Writes its argument count and "hi" to stdout, then exits with 7.
const ARGS_AND_EXIT: &str = r#"
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "argc=?\0Ahi\0A")
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    ;; argc as one digit
    (i32.store8 (i32.const 105) (i32.add (i32.const 48) (i32.load (i32.const 0))))
    ;; iovec at 16: (100, 10)
    (i32.store (i32.const 16) (i32.const 100))
    (i32.store (i32.const 20) (i32.const 10))
    (if (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))
      (then unreachable))
    (call $proc_exit (i32.const 7))
    unreachable))
"#;

#[test]
fn hand_written_module_writes_and_exits() {
    let out = run(
        ARGS_AND_EXIT.as_bytes(),
        &Guest {
            args: &["x", "y"],
            ..Default::default()
        },
    );
    assert_eq!(out.stdout, "argc=3\nhi\n");
    assert_eq!(out.code, 7);
}

#[test]
fn errno_for_a_bad_descriptor() {
    let wat = r#"
      (module
        (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
        (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start")
          ;; EBADF is 8
          (if (i32.ne (call $close (i32.const 77)) (i32.const 8)) (then unreachable))
          (if (call $random (i32.const 0) (i32.const 64)) (then unreachable))
          (call $exit (i32.const 0))))
    "#;
    assert_eq!(run(wat.as_bytes(), &Guest::default()).code, 0);
}

/// The error that ends `_start` of `wat`, run with an empty WASI context.
fn start_error(wat: &str) -> anyhow::Error {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut linker = Linker::new(&engine);
    spindle_wasi::add_to_linker(&mut linker, |ctx| ctx).unwrap();
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    instance
        .get_typed_func::<(), (), _>(&mut store, "_start")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err()
}

#[test]
fn out_of_bounds_pointer_traps() {
    // WASI: "If an out-of-bounds pointer is passed to a function and the
    // function needs to dereference it, the function shall trap."
    let err = start_error(
        r#"(module
             (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start") (drop (call $random (i32.const 65530) (i32.const 100)))))"#,
    );
    assert!(err.downcast_ref::<I32Exit>().is_none());
    assert!(format!("{err:#}").contains("out of bounds"), "{err:#}");
}

#[test]
fn exit_code_outside_wasi_range_traps() {
    let err = start_error(
        r#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (func (export "_start") (call $exit (i32.const 300))))"#,
    );
    assert!(err.downcast_ref::<I32Exit>().is_none());
    assert!(format!("{err:#}").contains("exit status"), "{err:#}");
}

#[test]
fn module_without_memory_can_exit() {
    let err = start_error(
        r#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (func (export "_start") (call $exit (i32.const 3))))"#,
    );
    assert_eq!(err.downcast_ref::<I32Exit>().map(|e| e.0), Some(3));
}

// ---- C programs built with clang. ----

#[test]
fn c_hello_sees_args_env_and_stdio() {
    let Some(out) = run_c(
        "hello",
        &Guest {
            args: &["one", "two words"],
            env: &[("GREETING", "bonjour")],
            ..Default::default()
        },
    ) else {
        return;
    };
    assert_eq!(
        out.stdout,
        "hello from wasi\nargc=3\narg[1]=one\narg[2]=two words\nGREETING=bonjour\n"
    );
    assert_eq!(out.stderr, "to stderr\n");
    assert_eq!(out.code, 0);
}

#[test]
fn c_exit_code() {
    let Some(out) = run_c("exit42", &Guest::default()) else {
        return;
    };
    assert_eq!(out.code, 42);
    assert_eq!(out.stdout, "about to exit");
}

#[test]
fn c_files_in_a_preopened_directory() {
    let dir = common::scratch("embed-files");
    let Some(out) = run_c(
        "files",
        &Guest {
            args: &["/data"],
            dirs: &[(&dir, "/data")],
            ..Default::default()
        },
    ) else {
        return;
    };
    assert_eq!((out.code, out.stdout.as_str()), (0, "files ok\n"));
    // What the guest left is on the host.
    assert_eq!(
        std::fs::read_to_string(dir.join("note.txt")).unwrap(),
        "first line\nsecond line\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("moved.txt")).unwrap(),
        "inner"
    );
}

#[test]
fn c_cannot_leave_its_preopened_directory() {
    let (root, pre) = common::sandbox_dirs("embed-sandbox");
    for guest in ["/data", "."] {
        let Some(out) = run_c(
            "sandbox",
            &Guest {
                args: &[guest],
                dirs: &[(&pre, guest)],
                ..Default::default()
            },
        ) else {
            return;
        };
        assert!(!out.stdout.contains("OPENED"), "{}", out.stdout);
        assert!(out.stdout.contains("inside.txt: inside"), "{}", out.stdout);
        assert_eq!(out.code, 0, "{}", out.stdout);
        assert!(!root.join("created.txt").exists());
    }
}

#[test]
fn c_clocks_sleep_random_and_stdin() {
    let Some(out) = run_c(
        "misc",
        &Guest {
            stdin: "from stdin",
            ..Default::default()
        },
    ) else {
        return;
    };
    assert_eq!(out.stdout, "misc ok; stdin had 10 bytes: from stdin\n");
    assert_eq!(out.code, 0);
}
