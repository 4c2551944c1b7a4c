//! The benchmark workloads.
//!
//! To add a workload, add one line to [`WORKLOADS`]: a module under the
//! repository's `benches/` directory that exports `run(i32)`, the argument to
//! pass, the result the engine must print, and which peer engines run it
//! (with any extra command-line flags they need).

use crate::engines::EngineKind;

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
    /// The peer engines that run it, and how; peers not listed are skipped
    /// (for example wasmi, which has no stack switching, on the
    /// continuation workloads). Spindle always runs every workload.
    pub peers: &'static [Peer],
}

/// A peer engine that runs a workload, with the extra command-line flags it
/// needs for it (placed before the module, e.g. `-W stack-switching=y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer {
    pub engine: EngineKind,
    pub flags: &'static [&'static str],
}

impl Peer {
    /// `engine` with its default settings.
    pub const fn plain(engine: EngineKind) -> Peer {
        Peer { engine, flags: &[] }
    }
}

/// Core WebAssembly: every peer, default settings.
pub const ALL_PEERS: &[Peer] = &[
    Peer::plain(EngineKind::Wasmtime),
    Peer::plain(EngineKind::Wasmi),
];

/// Stack switching: wasmtime with the proposal enabled (`-W
/// stack-switching=y`); wasmi has no stack switching and is skipped.
pub const STACK_SWITCHING: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &["-W", "stack-switching=y"],
}];

/// Stack switching with 100,000-frame recursion on a continuation's stack.
/// Wasmtime sizes continuation stacks by `max-wasm-stack` (default 512 KiB,
/// which traps with "call stack exhausted" after about 5,400 frames of
/// `benches/continuations/deep_recursion.wat`), so it gets 16 MiB; Spindle
/// grows its stacks on demand.
pub const STACK_SWITCHING_DEEP: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &["-W", "stack-switching=y,max-wasm-stack=16777216"],
}];

/// All workloads, in report order.
#[rustfmt::skip]
pub const WORKLOADS: &[Workload] = &[
    Workload { name: "fib", file: "kernels/fib.wat", arg: "32", expected: "2178309", peers: ALL_PEERS },
    Workload { name: "sieve", file: "kernels/sieve.wat", arg: "10000000", expected: "664579", peers: ALL_PEERS },
    Workload { name: "mandelbrot", file: "kernels/mandelbrot.wat", arg: "300", expected: "22319491", peers: ALL_PEERS },
    Workload { name: "cont_generator", file: "continuations/generator.wat", arg: "10000000", expected: "49999995000000", peers: STACK_SWITCHING },
    Workload { name: "cont_switch", file: "continuations/switch_pingpong.wat", arg: "10000000", expected: "271447232", peers: STACK_SWITCHING },
    Workload { name: "cont_primes", file: "continuations/sieve.wat", arg: "5000", expected: "48611", peers: STACK_SWITCHING },
    Workload { name: "cont_state", file: "continuations/state.wat", arg: "10000000", expected: "2000872864", peers: STACK_SWITCHING },
    Workload { name: "cont_skynet", file: "continuations/skynet.wat", arg: "1000000", expected: "499999500000", peers: STACK_SWITCHING },
    Workload { name: "cont_many_live", file: "continuations/many_live.wat", arg: "1000000", expected: "2500000500000", peers: STACK_SWITCHING },
    Workload { name: "cont_drop_generators", file: "continuations/drop_generators.wat", arg: "10000000", expected: "70000000", peers: STACK_SWITCHING },
    Workload { name: "cont_deep_recursion", file: "continuations/deep_recursion.wat", arg: "100000", expected: "100000", peers: STACK_SWITCHING_DEEP },
];

impl Workload {
    /// `name(arg)`, as shown in the report.
    pub fn label(&self) -> String {
        format!("{}({})", self.name, self.arg)
    }

    /// How `engine` runs this workload: `Some(flags)` (empty for Spindle),
    /// or `None` if it is not one of the workload's peers.
    pub fn flags_for(&self, engine: EngineKind) -> Option<&'static [&'static str]> {
        if engine == EngineKind::Spindle {
            return Some(&[]);
        }
        self.peers
            .iter()
            .find(|p| p.engine == engine)
            .map(|p| p.flags)
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
    fn peers() {
        let fib = WORKLOADS[0];
        assert_eq!(fib.flags_for(EngineKind::Wasmi), Some(&[][..]));
        let cont: Vec<&Workload> = WORKLOADS
            .iter()
            .filter(|w| w.file.starts_with("continuations/"))
            .collect();
        assert!(!cont.is_empty());
        for w in cont {
            assert_eq!(w.flags_for(EngineKind::Spindle), Some(&[][..]));
            assert_eq!(w.flags_for(EngineKind::Wasmi), None, "{}", w.name);
            let flags = w.flags_for(EngineKind::Wasmtime).expect(w.name);
            assert!(
                flags.iter().any(|f| f.contains("stack-switching=y")),
                "{}",
                w.name
            );
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
