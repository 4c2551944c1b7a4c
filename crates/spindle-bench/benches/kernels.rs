//! `cargo bench -p spindle-bench` entry point (`harness = false`).
//!
//! Runs the same benchmark runner as the `spindle-bench` binary. Build the
//! Spindle CLI first: `cargo build --release -p spindle-cli`. Runner options
//! go after `--`, e.g. `cargo bench -p spindle-bench -- --runs 3 fib`.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Cargo appends `--bench` for benchmark targets; the runner does not use it.
    let args = std::env::args_os().filter(|arg| arg != "--bench");
    spindle_bench::main_with_args(args, spindle_bench::Mode::CargoBench)
}
