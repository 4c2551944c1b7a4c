//! Building the C test programs in `tests/c/` with clang for wasm32-wasi.
//!
//! Shared by this crate's tests and the CLI's (`crates/spindle-cli/tests/wasi.rs`
//! includes this file). The toolchain is Debian's `clang`, `lld`,
//! `wasi-libc` and `libclang-rt-dev-wasm32` (`.ci/run` installs them);
//! `WASI_CC`, `WASI_TARGET` and `WASI_SYSROOT` override the compiler
//! (`clang`), target (`wasm32-wasi`) and sysroot (`/usr`). Without a working
//! toolchain a test prints a loud SKIPPED message and passes, except with
//! `CI=true`, where it fails.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The directory of the C sources.
pub fn c_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spindle-wasi/tests/c")
}

/// A fresh scratch directory for one test (removed first if it exists),
/// under a directory of this test process.
pub fn scratch(test: &str) -> PathBuf {
    static SWEPT: OnceLock<()> = OnceLock::new();
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    SWEPT.get_or_init(|| sweep(tmp));
    let dir = tmp
        .join(format!("spindle-wasi-{}", std::process::id()))
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes the scratch directories of test processes that have ended.
fn sweep(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("spindle-wasi-") {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

fn compiler() -> (String, String, String) {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    (
        var("WASI_CC", "clang"),
        var("WASI_TARGET", "wasm32-wasi"),
        var("WASI_SYSROOT", "/usr"),
    )
}

/// Compiles and links `srcs` with `flags` into `out`; the compiler's
/// complaint on failure.
pub fn clang(srcs: &[PathBuf], flags: &[&str], out: &Path) -> Result<(), String> {
    let (cc, target, sysroot) = compiler();
    let result = Command::new(&cc)
        .arg(format!("--target={target}"))
        .arg(format!("--sysroot={sysroot}"))
        .args(flags)
        .arg("-o")
        .arg(out)
        .args(srcs)
        .output();
    match result {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
        Err(e) => Err(format!("cannot run `{cc}`: {e}")),
    }
}

/// Whether the toolchain builds a trivial program (checked once).
fn toolchain_works() -> Result<(), String> {
    static WORKS: OnceLock<Result<(), String>> = OnceLock::new();
    WORKS
        .get_or_init(|| {
            let dir = scratch("toolchain-probe");
            let src = dir.join("probe.c");
            std::fs::write(&src, "#include <stdio.h>\nint main(void) { return 0; }\n").unwrap();
            clang(&[src], &["-O2"], &dir.join("probe.wasm"))
        })
        .clone()
}

/// Whether the C toolchain works. When it does not, `false` after a loud
/// SKIPPED message for `what`, or a panic under `CI=true`.
pub fn toolchain_or_skip(what: &str) -> bool {
    let Err(why) = toolchain_works() else {
        return true;
    };
    let (cc, target, sysroot) = compiler();
    let msg = format!(
        "no C toolchain for WASI ({cc} --target={target} --sysroot={sysroot}): {}\n\
         install it with: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32",
        why.trim()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    // One call, so that parallel tests do not interleave the lines.
    eprintln!(
        "\n**************** SKIPPED: C test `{what}` ****************\n{msg}\n\
         *****************************************************************\n"
    );
    false
}

/// `srcs` built with `flags` to `NAME.wasm` (once per test process and
/// `key`), or `None` when the toolchain is missing and the test should be
/// skipped. Panics under `CI=true` when the toolchain is missing, and always
/// when the program itself does not compile.
pub fn build_with(key: &str, name: &str, srcs: &[PathBuf], flags: &[&str]) -> Option<PathBuf> {
    if !toolchain_or_skip(name) {
        return None;
    }
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    if let Some(p) = built.get(key) {
        return Some(p.clone());
    }
    let out = scratch(&format!("build-{key}")).join(format!("{name}.wasm"));
    if let Err(e) = clang(srcs, flags, &out) {
        panic!("{} does not compile:\n{e}", srcs[0].display());
    }
    built.insert(key.to_string(), out.clone());
    Some(out)
}

/// `tests/c/NAME.c` built to a `.wasm` file (see `build_with`).
pub fn build(name: &str) -> Option<PathBuf> {
    build_with(
        name,
        name,
        &[c_dir().join(format!("{name}.c"))],
        &["-O2", "-Wall"],
    )
}

/// A preopen `pre` inside `root`, with `root/secret.txt` outside it and
/// symbolic links that lead out: `pre/escape` (to that file's absolute
/// path), `pre/rel-escape` (`../secret.txt`) and `pre/updir` (`..`).
pub fn sandbox_dirs(test: &str) -> (PathBuf, PathBuf) {
    let root = scratch(test);
    let pre = root.join("pre");
    std::fs::create_dir_all(pre.join("sub")).unwrap();
    std::fs::write(root.join("secret.txt"), "secret").unwrap();
    std::fs::write(pre.join("inside.txt"), "inside").unwrap();
    std::os::unix::fs::symlink(root.join("secret.txt"), pre.join("escape")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", pre.join("rel-escape")).unwrap();
    std::os::unix::fs::symlink("..", pre.join("updir")).unwrap();
    (root, pre)
}
