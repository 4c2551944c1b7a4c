//! Running a case on an engine's command line, and checking its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context as _, Result};

use crate::programs::{Case, Program};

/// An engine's command-line tool, as the corpus runs it: WASI, the run
/// directory preopened as `.`, the program's arguments after the module.
#[derive(Debug, Clone)]
pub enum EngineCli {
    /// `spindle run --dir . FILE -- ARGS`
    Spindle(PathBuf),
    /// `wasmi run --dir . FILE ARGS`
    Wasmi(PathBuf),
    /// `wasmtime run -W exceptions=y --dir . FILE ARGS`
    Wasmtime(PathBuf),
}

impl EngineCli {
    /// The engine's name.
    pub fn name(&self) -> &'static str {
        match self {
            EngineCli::Spindle(_) => "spindle",
            EngineCli::Wasmi(_) => "wasmi",
            EngineCli::Wasmtime(_) => "wasmtime",
        }
    }

    /// The command that runs `wasm` with `args`; the caller sets the
    /// working directory (the run directory).
    pub fn command(&self, wasm: &Path, args: &[&str]) -> Command {
        let mut cmd;
        match self {
            EngineCli::Spindle(exe) => {
                cmd = Command::new(exe);
                cmd.args(["run", "--dir", "."]).arg(wasm).arg("--");
            }
            EngineCli::Wasmi(exe) => {
                cmd = Command::new(exe);
                cmd.args(["run", "--dir", "."]).arg(wasm);
            }
            EngineCli::Wasmtime(exe) => {
                cmd = Command::new(exe);
                cmd.args(["run", "-W", "exceptions=y", "--dir", "."])
                    .arg(wasm);
            }
        }
        cmd.args(args);
        cmd
    }
}

/// A fresh directory for one run, with the case's input files copied in;
/// removed when dropped.
#[derive(Debug)]
pub struct RunDir(PathBuf);

impl RunDir {
    /// Creates the directory for `case`.
    pub fn new(case: &Case) -> Result<RunDir> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("spindle-corpus-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        for input in case.inputs {
            let src = crate::corpus_dir().join(input);
            let name = Path::new(input)
                .file_name()
                .context("input without a file name")?;
            std::fs::copy(&src, dir.join(name))
                .with_context(|| format!("cannot copy {}", src.display()))?;
        }
        Ok(RunDir(dir))
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The case's arguments: the check's or the benchmark's.
pub fn case_args(case: &Case, bench: bool) -> &'static [&'static str] {
    if bench {
        case.bench_args
    } else {
        case.args
    }
}

/// Runs `case` of a program built as `wasm` on `engine` in `dir`.
pub fn run(
    engine: &EngineCli,
    wasm: &Path,
    case: &Case,
    bench: bool,
    dir: &RunDir,
) -> Result<Output> {
    engine
        .command(wasm, case_args(case, bench))
        .current_dir(dir.path())
        .output()
        .with_context(|| format!("cannot run {}", engine.name()))
}

/// What a run produced, as compared with the expected file: its standard
/// output, then a line for the output file (size and FNV-1a checksum).
pub fn observed(case: &Case, dir: &RunDir, stdout: &[u8]) -> Result<String> {
    let mut text = String::from_utf8_lossy(stdout).into_owned();
    if let Some(file) = case.output_file {
        let path = dir.path().join(file);
        let bytes = std::fs::read(&path).with_context(|| format!("the program wrote no {file}"))?;
        text += &format!(
            "file {file}: {} bytes, fnv {:016x}\n",
            bytes.len(),
            fnv1a(&bytes)
        );
    }
    Ok(text)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `corpus/expected/PROGRAM.CASE.txt`.
pub fn expected_path(program: &Program, case: &Case) -> PathBuf {
    crate::corpus_dir()
        .join("expected")
        .join(format!("{}.{}.txt", program.name, case.name))
}

/// Runs the check of `case` and compares the output with the expected
/// file; the error says which line differs first.
pub fn check(engine: &EngineCli, wasm: &Path, program: &Program, case: &Case) -> Result<()> {
    let expected_file = expected_path(program, case);
    let expected = std::fs::read_to_string(&expected_file)
        .with_context(|| format!("cannot read {}", expected_file.display()))?;
    let dir = RunDir::new(case)?;
    let out = run(engine, wasm, case, false, &dir)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!(
            "{} exited with {}: {}",
            engine.name(),
            out.status,
            stderr.trim()
        );
    }
    let got = observed(case, &dir, &out.stdout)?;
    if got != expected {
        let line = got.lines().zip(expected.lines()).position(|(a, b)| a != b);
        let n = line.unwrap_or_else(|| got.lines().count().min(expected.lines().count()));
        bail!(
            "output differs from {} at line {}:\n  expected: {:?}\n  got:      {:?}\n(stderr: {})",
            expected_file.display(),
            n + 1,
            expected.lines().nth(n).unwrap_or("<end>"),
            got.lines().nth(n).unwrap_or("<end>"),
            stderr.trim()
        );
    }
    Ok(())
}
