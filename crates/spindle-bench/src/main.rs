//! `spindle-bench`: runs the benchmark kernels on Spindle and peer engines.
//! See `spindle-bench --help` and the crate documentation.

use std::process::ExitCode;

fn main() -> ExitCode {
    spindle_bench::main_with_args(std::env::args_os(), spindle_bench::Mode::Binary)
}
