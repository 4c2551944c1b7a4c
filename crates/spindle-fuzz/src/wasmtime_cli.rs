//! The `wasmtime` CLI as a second opinion, when it is on PATH:
//! `wasmtime run [FLAGS] --invoke NAME FILE ARGS...`.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::differential::{Arg, Value};

/// Where `wasmtime` is, if it is on PATH (looked up once;
/// `SPINDLE_FUZZ_NO_WASMTIME=1` pretends it is not).
pub fn path() -> Option<&'static PathBuf> {
    static PATH: OnceLock<Option<PathBuf>> = OnceLock::new();
    PATH.get_or_init(|| {
        if std::env::var_os("SPINDLE_FUZZ_NO_WASMTIME").is_some() {
            return None;
        }
        let paths = std::env::var_os("PATH")?;
        std::env::split_paths(&paths)
            .map(|d| d.join("wasmtime"))
            .find(|p| p.is_file())
    })
    .as_ref()
}

/// What the CLI said.
#[derive(Debug, Clone)]
pub enum CliOutcome {
    /// It printed these results.
    Values(Vec<Value>),
    /// It trapped (its message).
    Trap(String),
    /// It could not be used for this call (unsupported argument or result
    /// types, a failure to compile, output not understood).
    Unusable,
}

fn temp_file(bytes: &[u8], ext: &str) -> Option<tempfile_like::TempPath> {
    tempfile_like::TempPath::new(bytes, ext)
}

/// Runs `NAME` with `args` on `wasm` (binary). `None` if wasmtime is not
/// on PATH.
pub fn invoke(wasm: &[u8], name: &str, args: &[Arg], flags: &[&str]) -> Option<CliOutcome> {
    let exe = path()?;
    let mut arg_text = Vec::new();
    for a in args {
        arg_text.push(match a {
            Arg::I32(v) => v.to_string(),
            Arg::I64(v) => v.to_string(),
            Arg::F32(v) => format!("{:?}", f32::from_bits(*v)),
            Arg::F64(v) => format!("{:?}", f64::from_bits(*v)),
            Arg::V128(v) => v.to_string(),
            Arg::Null => return Some(CliOutcome::Unusable),
        });
    }
    let file = temp_file(wasm, "wasm")?;
    let out = Command::new(exe)
        .arg("run")
        .args(flags)
        .arg("--invoke")
        .arg(name)
        .arg(file.path())
        .args(&arg_text)
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        if err.contains("wasm trap") || err.contains("trap") {
            let line = err
                .lines()
                .find(|l| l.contains("trap"))
                .unwrap_or("trap")
                .to_string();
            return Some(CliOutcome::Trap(line));
        }
        return Some(CliOutcome::Unusable);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut vals = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Ok(v) = line.parse::<i64>() {
            vals.push(Value::I64(v));
        } else if let Ok(v) = line.parse::<u128>() {
            // wasmtime prints a v128 as a decimal number.
            vals.push(Value::V128(v));
        } else if let Ok(v) = line.parse::<f64>() {
            vals.push(Value::F64(v.to_bits()));
        } else {
            return Some(CliOutcome::Unusable);
        }
    }
    Some(CliOutcome::Values(vals))
}

/// A printed number as an `f64` (the CLI's output was read as an `i64`,
/// a `u128` or an `f64`, whichever parsed first).
fn cli_float(c: Value) -> Option<f64> {
    match c {
        Value::F64(b) => Some(f64::from_bits(b)),
        Value::I64(b) => Some(b as f64),
        Value::V128(b) => Some(b as f64),
        _ => None,
    }
}

/// Does a wasmtime value (parsed as `i64` or `f64`) match Spindle's?
pub fn matches(spindle: &[Value], cli: &[Value]) -> bool {
    spindle.len() == cli.len()
        && spindle.iter().zip(cli).all(|(s, c)| match (*s, *c) {
            (Value::I32(a), Value::I64(b)) => i64::from(a) == b || i64::from(a as u32) == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::V128(a), Value::V128(b)) => crate::differential::v128_eq(a, b),
            // A small v128 prints like an integer.
            (Value::V128(a), Value::I64(b)) => b >= 0 && a == b as u128,
            // wasmtime prints a float with the digits that identify it
            // among its type's values (an integral one without a point):
            // read back as a number and narrowed to that type, it is the
            // same value (`-0` reads as `0`: zeros match either way).
            (Value::F32(a), c) => cli_float(c).is_some_and(|b| {
                let (a, b) = (f32::from_bits(a), b as f32);
                a == b || (a.is_nan() && b.is_nan())
            }),
            (Value::F64(a), c) => cli_float(c).is_some_and(|b| {
                let a = f64::from_bits(a);
                a == b || (a.is_nan() && b.is_nan())
            }),
            _ => false,
        })
}

/// Runs export `run` (no arguments, one `i32` result) of a stack-switching
/// module given as text, with the stack-switching flags. `None` if wasmtime
/// is not on PATH; `Some(Err)` with its message if it failed or trapped.
pub fn run_checksum(wat: &str) -> Option<Result<i64, String>> {
    let exe = path()?;
    let file = temp_file(wat.as_bytes(), "wat")?;
    let out = Command::new(exe)
        .arg("run")
        .arg("-W")
        .arg("stack-switching=y,exceptions=y,function-references=y")
        .arg("--invoke")
        .arg("run")
        .arg(file.path())
        .output()
        .ok()?;
    if !out.status.success() {
        return Some(Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .next()
            .unwrap_or("failed")
            .to_string()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some(
        text.trim()
            .parse::<i64>()
            .map_err(|_| format!("unexpected output: {}", text.trim())),
    )
}

/// A temporary file removed on drop (std only).
mod tempfile_like {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    pub struct TempPath(PathBuf);

    impl TempPath {
        pub fn new(bytes: &[u8], ext: &str) -> Option<TempPath> {
            static N: AtomicU64 = AtomicU64::new(0);
            let n = N.fetch_add(1, Ordering::Relaxed);
            let p =
                std::env::temp_dir().join(format!("spindle-fuzz-{}-{n}.{ext}", std::process::id()));
            std::fs::write(&p, bytes).ok()?;
            Some(TempPath(p))
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f32_results_match_their_shortest_decimal() {
        // As wasmtime 50 prints them (`-0x1.fffffep127`, 0xffff as bits,
        // 0.1, 1e18 as f32).
        let printed = [
            (0xff7f_ffff_u32, "-340282350000000000000000000000000000000"),
            (0xffff, "0.000000000000000000000000000000000000000091834"),
            (0x3dcc_cccd, "0.1"),
            (0x5d5e_0b6b, "1000000000000000000"),
            (0x7f7f_ffff, "340282350000000000000000000000000000000"),
        ];
        for (bits, printed) in printed {
            let cli = if let Ok(v) = printed.parse::<i64>() {
                Value::I64(v)
            } else if let Ok(v) = printed.parse::<u128>() {
                Value::V128(v)
            } else {
                Value::F64(printed.parse::<f64>().unwrap().to_bits())
            };
            assert!(matches(&[Value::F32(bits)], &[cli]), "{printed}");
            assert!(!matches(&[Value::F32(bits + 1)], &[cli]), "{printed}");
        }
    }
}
