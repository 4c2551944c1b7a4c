//! The C-to-Wasm toolchain: a clang that can build the corpus, found once.
//!
//! The corpus needs clang with the wasm32 backend and wasm-ld, wasi-libc,
//! and, for setjmp/longjmp, LLVM's Wasm exception-handling lowering with
//! the standard (`try_table`/`exnref`) encoding: Debian's `clang-22`,
//! `lld-22`, `wasi-libc` and `libclang-rt-22-dev-wasm32`. `WASI_CC`
//! names the compiler and `WASI_SYSROOT` the sysroot (default `/usr`).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{bail, Context as _, Result};

/// A compiler that builds the corpus.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// The clang executable.
    pub cc: String,
    /// wasi-libc's sysroot.
    pub sysroot: PathBuf,
}

/// The packages that provide the toolchain, for messages.
pub const INSTALL_HINT: &str =
    "install Debian's clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32 (or set WASI_CC)";

impl Toolchain {
    /// The first usable compiler: `$WASI_CC`, else `clang-22`, `clang-21`,
    /// `clang-20`, `clang`. Probed once per process (a tiny program that
    /// uses setjmp must build).
    pub fn find() -> Result<&'static Toolchain> {
        static FOUND: OnceLock<std::result::Result<Toolchain, String>> = OnceLock::new();
        FOUND
            .get_or_init(|| Self::probe().map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn probe() -> Result<Toolchain> {
        let sysroot =
            PathBuf::from(std::env::var("WASI_SYSROOT").unwrap_or_else(|_| "/usr".into()));
        let candidates: Vec<String> = match std::env::var("WASI_CC") {
            Ok(cc) => vec![cc],
            Err(_) => ["clang-22", "clang-21", "clang-20", "clang"]
                .map(String::from)
                .to_vec(),
        };
        let dir = std::env::temp_dir().join(format!("spindle-corpus-probe-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let src = dir.join("probe.c");
        std::fs::write(
            &src,
            "#include <setjmp.h>\nstatic jmp_buf b;\nint main(void) { if (setjmp(b)) return 0; longjmp(b, 1); }\n",
        )?;
        let mut complaints = Vec::new();
        for cc in candidates {
            let t = Toolchain {
                cc: cc.clone(),
                sysroot: sysroot.clone(),
            };
            let mut cmd = t.command(true);
            cmd.arg("-O1")
                .arg(&src)
                .arg(crate::support_dir().join("sjlj.c"));
            cmd.arg(crate::support_dir().join("c_longjmp.s"))
                .arg("-o")
                .arg(dir.join("probe.wasm"));
            match cmd.output() {
                Ok(out) if out.status.success() => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Ok(t);
                }
                Ok(out) => {
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    let first = stderr
                        .lines()
                        .find(|l| l.contains("error"))
                        .unwrap_or("failed");
                    complaints.push(format!("{cc}: {first}"));
                }
                Err(e) => complaints.push(format!("{cc}: {e}")),
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        bail!(
            "no C-to-Wasm compiler builds the corpus ({}); {INSTALL_HINT}",
            complaints.join("; ")
        )
    }

    /// A compiler command with the target, sysroot and, when `sjlj`, the
    /// setjmp/longjmp lowering on Wasm exceptions (standard encoding).
    pub fn command(&self, sjlj: bool) -> Command {
        let mut cmd = Command::new(&self.cc);
        cmd.arg("--target=wasm32-wasi")
            .arg(format!("--sysroot={}", self.sysroot.display()))
            .arg("-Wno-deprecated")
            .arg("-I")
            .arg(crate::support_dir());
        if sjlj {
            cmd.args(["-mexception-handling", "-mllvm", "-wasm-enable-sjlj"]);
            cmd.args(["-mllvm", "-wasm-use-legacy-eh=false"]);
        }
        cmd
    }

    /// The compiler's version line, for reports.
    pub fn version(&self) -> Result<String> {
        let out = Command::new(&self.cc)
            .arg("--version")
            .output()
            .with_context(|| format!("cannot run {}", self.cc))?;
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string())
    }
}
