//! Building the C workloads: a program plus the fiber library
//! (`lib/fiber/fiber.c`), compiled by clang for wasm32-wasi.
//!
//! The toolchain is Debian's `clang`, `lld`, `wasi-libc` and
//! `libclang-rt-dev-wasm32`; `WASI_CC`, `WASI_TARGET` and `WASI_SYSROOT`
//! override the compiler (`clang`), target (`wasm32-wasi`) and sysroot
//! (`/usr`), as for the project's tests. Without a toolchain the workload's
//! rows fail with the compiler's complaint; the runner goes on.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _, Result};

/// The fiber library's switching module, preloaded as module `env`.
pub fn fiber_wat(repo: &Path) -> PathBuf {
    repo.join("lib/fiber/fiber.wat")
}

/// Compiles `main` (relative to `repo`) with the fiber library at `-O2`
/// into `out_dir/NAME.wasm`.
pub fn build_fiber_program(repo: &Path, main: &str, name: &str, out_dir: &Path) -> Result<PathBuf> {
    let src = repo.join(main);
    if !src.is_file() {
        bail!("workload source {} not found", src.display());
    }
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let out = out_dir.join(format!("{name}.wasm"));
    let var = |key: &str, default: &str| std::env::var(key).unwrap_or_else(|_| default.to_string());
    let cc = var("WASI_CC", "clang");
    let output = Command::new(&cc)
        .arg(format!("--target={}", var("WASI_TARGET", "wasm32-wasi")))
        .arg(format!("--sysroot={}", var("WASI_SYSROOT", "/usr")))
        .args(["-O2", "-I"])
        .arg(repo.join("lib/fiber"))
        .args(["-Wl,--import-table", "-Wl,--growable-table", "-o"])
        .arg(&out)
        .arg(&src)
        .arg(repo.join("lib/fiber/fiber.c"))
        .output()
        .with_context(|| {
            format!("cannot run `{cc}` (install clang lld wasi-libc libclang-rt-dev-wasm32)")
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        bail!("`{cc}` could not build {main}: {first}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::{Program, WORKLOADS};

    /// Whether the wasm32-wasi toolchain can build a C program here.
    fn toolchain_works(dir: &Path) -> bool {
        let src = dir.join("probe.c");
        std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
        let var = |key: &str, default: &str| std::env::var(key).unwrap_or_else(|_| default.into());
        Command::new(var("WASI_CC", "clang"))
            .arg(format!("--target={}", var("WASI_TARGET", "wasm32-wasi")))
            .arg(format!("--sysroot={}", var("WASI_SYSROOT", "/usr")))
            .arg("-o")
            .arg(dir.join("probe.wasm"))
            .arg(&src)
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Every C workload compiles with the fiber library. Without a
    /// toolchain this says so loudly and passes, except under `CI=true`.
    #[test]
    fn c_workloads_build() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = std::env::temp_dir().join(format!("spindle-bench-cbuild-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        if !toolchain_works(&dir) {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "CI=true but no wasm32-wasi C toolchain (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32)");
            eprintln!("SKIPPED: no wasm32-wasi C toolchain; the C workloads were not built");
            return;
        }
        let c: Vec<_> = WORKLOADS
            .iter()
            .filter(|w| w.program == Program::FiberC)
            .collect();
        assert!(!c.is_empty());
        for w in c {
            let wasm = build_fiber_program(&repo, w.file, w.name, &dir)
                .unwrap_or_else(|e| panic!("{}: {e:#}", w.name));
            let bytes = std::fs::read(&wasm).unwrap();
            assert!(bytes.starts_with(b"\0asm"), "{}", w.name);
        }
        let err = build_fiber_program(&repo, "benches/c/missing.c", "missing", &dir).unwrap_err();
        assert!(format!("{err:#}").contains("not found"), "{err:#}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
