//! The benchmark workloads.
//!
//! To add a workload, add one line to [`WORKLOADS`]: a module under the
//! repository's `benches/` directory that exports `run(i32)`, the argument to
//! pass, and the result the engine must print.

/// The function every workload module exports and the runner invokes.
pub const INVOKE: &str = "run";

/// One benchmark: a module, the argument given to its `run` export and the
/// result `run` must return for that argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    /// Short name, matched by `--filter` and shown in the report.
    pub name: &'static str,
    /// Module path relative to the `benches/` directory (`.wat` or `.wasm`).
    pub file: &'static str,
    /// The argument passed to `run` (an i32, as text).
    pub arg: &'static str,
    /// The value `run(arg)` returns, as the engine prints it.
    pub expected: &'static str,
    /// Whether peer engines run it too; `false` for workloads that need
    /// features only Spindle has (such as stack switching).
    pub peers: bool,
}

/// All workloads, in report order.
#[rustfmt::skip]
pub const WORKLOADS: &[Workload] = &[
    Workload { name: "fib", file: "kernels/fib.wat", arg: "32", expected: "2178309", peers: true },
    Workload { name: "sieve", file: "kernels/sieve.wat", arg: "10000000", expected: "664579", peers: true },
    Workload { name: "mandelbrot", file: "kernels/mandelbrot.wat", arg: "300", expected: "22319491", peers: true },
];

impl Workload {
    /// `name(arg)`, as shown in the report.
    pub fn label(&self) -> String {
        format!("{}({})", self.name, self.arg)
    }

    /// Whether this workload is selected by `filters` (no filters selects all;
    /// otherwise the name must contain one of them, ignoring case).
    pub fn matches(&self, filters: &[String]) -> bool {
        filters.is_empty()
            || filters
                .iter()
                .any(|f| self.name.to_lowercase().contains(&f.to_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_args_are_i32() {
        for (i, w) in WORKLOADS.iter().enumerate() {
            assert!(
                WORKLOADS[..i].iter().all(|o| o.name != w.name),
                "{}",
                w.name
            );
            w.arg.parse::<i32>().expect("arg must be an i32");
            assert!(!w.expected.is_empty());
        }
    }

    #[test]
    fn filter_matches_substrings() {
        let fib = WORKLOADS[0];
        assert!(fib.matches(&[]));
        assert!(fib.matches(&["FI".to_string()]));
        assert!(!fib.matches(&["sieve".to_string()]));
    }
}
