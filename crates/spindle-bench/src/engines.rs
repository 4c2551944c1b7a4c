//! The engines the runner compares and how each is invoked.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::workloads::INVOKE;

/// A WebAssembly engine the runner knows how to invoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineKind {
    /// Spindle's own CLI: `spindle run FILE --invoke run ARG`.
    Spindle,
    /// The same CLI held to its interpreter (`spindle run --tier interp
    /// ...`): the reference the default tier must not fall behind.
    SpindleInterp,
    /// `wasmtime run --invoke run FILE ARG`.
    Wasmtime,
    /// `wasmi --invoke run FILE ARG` (the `wasmi_cli` crate's CLI, named
    /// `wasmi` since wasmi_cli 2.0 and `wasmi_cli` before).
    Wasmi,
}

impl EngineKind {
    /// All engines, in report order.
    pub const ALL: [EngineKind; 4] = [
        EngineKind::Spindle,
        EngineKind::SpindleInterp,
        EngineKind::Wasmtime,
        EngineKind::Wasmi,
    ];

    /// Whether this is Spindle's own CLI (in any tier).
    pub fn is_spindle(self) -> bool {
        matches!(self, EngineKind::Spindle | EngineKind::SpindleInterp)
    }

    /// The name shown in the report.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Spindle => "spindle",
            EngineKind::SpindleInterp => "spindle-interp",
            EngineKind::Wasmtime => "wasmtime",
            EngineKind::Wasmi => "wasmi",
        }
    }

    /// The executables searched for on `PATH`, in order (peers only).
    pub fn program_names(self) -> &'static [&'static str] {
        match self {
            EngineKind::Spindle | EngineKind::SpindleInterp => &["spindle"],
            EngineKind::Wasmtime => &["wasmtime"],
            EngineKind::Wasmi => &["wasmi", "wasmi_cli"],
        }
    }

    /// Whether `program` must be given a binary `.wasm` module rather than
    /// `.wat` text. Spindle, wasmtime and wasmi_cli 2.x (`wasmi`) accept
    /// text; older CLIs installed as `wasmi_cli` get binary to be safe.
    pub fn needs_binary(self, program: &Path) -> bool {
        self == EngineKind::Wasmi && program.file_name().is_some_and(|name| name == "wasmi_cli")
    }

    /// The command that runs `module` as `entry` says (its `run` export
    /// with an argument, printing the result on stdout, or as a WASI command
    /// with a preloaded module); `flags` (per-workload engine options, such
    /// as `-W stack-switching=y`) go before the module.
    pub fn command(
        self,
        program: &Path,
        flags: &[&str],
        module: &Path,
        entry: &Entry<'_>,
    ) -> Command {
        let mut cmd = Command::new(program);
        if self != EngineKind::Wasmi {
            cmd.arg("run");
        }
        if self == EngineKind::SpindleInterp {
            cmd.args(["--tier", "interp"]);
        }
        // Options must precede the module: later words go to the program.
        cmd.args(flags);
        match entry {
            Entry::Invoke(arg) => {
                if self.is_spindle() {
                    cmd.arg(module).args(["--invoke", INVOKE, arg]);
                } else {
                    cmd.args(["--invoke", INVOKE]).arg(module).arg(arg);
                }
            }
            Entry::Command { args, preload } => {
                let mut spec = std::ffi::OsString::from("env=");
                spec.push(preload);
                cmd.arg("--preload").arg(spec).arg(module).args(*args);
            }
            Entry::Wasi { args, dir } => {
                cmd.args(["--dir", "."]).arg(module);
                if self.is_spindle() {
                    cmd.arg("--");
                }
                cmd.args(*args).current_dir(dir);
            }
        }
        // A Rust backtrace on a failure (wasmtime honours RUST_BACKTRACE)
        // would bury the error message the report shows.
        cmd.env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE");
        cmd.stdin(Stdio::null());
        cmd
    }
}

/// How a workload's module is started.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// Invoke its `run` export with this argument.
    Invoke(&'a str),
    /// Run it as a WASI command with `args`, after loading `preload` as
    /// module `env` (wasmtime's and Spindle's `--preload env=FILE`).
    Command {
        args: &'a [&'a str],
        preload: &'a Path,
    },
    /// Run it as a WASI command with `args` in directory `dir`, which it
    /// sees as `.`.
    Wasi { args: &'a [&'a str], dir: &'a Path },
}

/// An engine as found on this machine.
#[derive(Debug, Clone)]
pub struct Engine {
    pub kind: EngineKind,
    pub program: PathBuf,
    /// First line of `PROGRAM --version`, when it answers.
    pub version: Option<String>,
    /// Why the engine cannot run at all (every row then reports this).
    pub unavailable: Option<String>,
}

impl Engine {
    /// Spindle (`kind` says in which tier) at `program`; a missing binary
    /// makes every Spindle row fail with a hint on how to build it.
    pub fn spindle(kind: EngineKind, program: PathBuf) -> Engine {
        let unavailable = (!program.is_file()).then(|| {
            format!(
                "spindle binary not found at {} (build it with `cargo build --release -p spindle-cli`, or pass --spindle PATH)",
                program.display()
            )
        });
        let version = if unavailable.is_none() {
            version_of(&program)
        } else {
            None
        };
        Engine {
            kind,
            program,
            version,
            unavailable,
        }
    }

    /// A peer engine at `program` (explicitly given or found on `PATH`).
    pub fn peer(kind: EngineKind, program: PathBuf) -> Engine {
        let version = version_of(&program);
        Engine {
            kind,
            program,
            version,
            unavailable: None,
        }
    }
}

/// The default Spindle binary: `spindle` in the same target profile
/// directory as the running executable (`target/release/spindle` when this
/// is `target/release/spindle-bench` or `target/release/deps/kernels-*`).
pub fn default_spindle_path() -> PathBuf {
    match profile_dir() {
        Some(dir) => dir.join(format!("spindle{}", std::env::consts::EXE_SUFFIX)),
        None => PathBuf::from("spindle"),
    }
}

/// The target profile directory holding the running executable, if known.
pub fn profile_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    if dir.file_name().is_some_and(|name| name == "deps") {
        dir.parent().map(Path::to_path_buf)
    } else {
        Some(dir.to_path_buf())
    }
}

/// Looks `name` up on `PATH`, like `which`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// First line of `program --version`, if it succeeds quickly.
fn version_of(program: &Path) -> Option<String> {
    let out = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(cmd: &Command) -> Vec<String> {
        cmd.get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn command_lines() {
        let m = Path::new("k.wat");
        let s = EngineKind::Spindle.command(Path::new("spindle"), &[], m, &Entry::Invoke("7"));
        assert_eq!(args(&s), ["run", "k.wat", "--invoke", "run", "7"]);
        let s =
            EngineKind::SpindleInterp.command(Path::new("spindle"), &[], m, &Entry::Invoke("7"));
        assert_eq!(
            args(&s),
            ["run", "--tier", "interp", "k.wat", "--invoke", "run", "7"]
        );
        let w = EngineKind::Wasmtime.command(Path::new("wasmtime"), &[], m, &Entry::Invoke("7"));
        assert_eq!(args(&w), ["run", "--invoke", "run", "k.wat", "7"]);
        let w = EngineKind::Wasmtime.command(
            Path::new("wasmtime"),
            &["-W", "stack-switching=y"],
            m,
            &Entry::Invoke("7"),
        );
        assert_eq!(
            args(&w),
            [
                "run",
                "-W",
                "stack-switching=y",
                "--invoke",
                "run",
                "k.wat",
                "7"
            ]
        );
        let i = EngineKind::Wasmi.command(Path::new("wasmi"), &[], m, &Entry::Invoke("7"));
        assert_eq!(args(&i), ["--invoke", "run", "k.wat", "7"]);
        let c = Entry::Command {
            args: &["10", "2"],
            preload: Path::new("/r/fiber.wat"),
        };
        let p = Path::new("p.wasm");
        let s = EngineKind::Spindle.command(Path::new("spindle"), &[], p, &c);
        assert_eq!(
            args(&s),
            ["run", "--preload", "env=/r/fiber.wat", "p.wasm", "10", "2"]
        );
        let w = EngineKind::Wasmtime.command(Path::new("wasmtime"), &["-W", "x=y"], p, &c);
        assert_eq!(
            args(&w),
            [
                "run",
                "-W",
                "x=y",
                "--preload",
                "env=/r/fiber.wat",
                "p.wasm",
                "10",
                "2"
            ]
        );
        assert!(!EngineKind::Wasmi.needs_binary(Path::new("/bin/wasmi")));
        assert!(EngineKind::Wasmi.needs_binary(Path::new("/bin/wasmi_cli")));
        assert!(!EngineKind::Wasmtime.needs_binary(Path::new("wasmtime")));
    }
}
