//! The benchmark workloads.
//!
//! To add a workload, add one line to [`WORKLOADS`]: a module under the
//! repository's `benches/` directory that exports `run(i32)`, the argument to
//! pass, the result the engine must print, and which peer engines run it
//! (with any extra command-line flags they need). A workload can also be a
//! C program using the fiber library (`lib/fiber/`): the runner builds it
//! with clang for wasm32-wasi and runs it as a WASI command, with the
//! library's `fiber.wat` preloaded as module `env`.

use crate::engines::EngineKind;

/// The function every workload module exports and the runner invokes.
pub const INVOKE: &str = "run";

/// One benchmark: a module, the argument given to its `run` export and the
/// result `run` must return for that argument (or a C program, its
/// command-line arguments and a value its output must show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    /// Short name, matched by `--filter` and shown in the report.
    pub name: &'static str,
    /// Module path relative to the `benches/` directory (`.wat` or `.wasm`);
    /// for a C program, its main source, relative to the repository root.
    pub file: &'static str,
    /// The argument passed to `run` (an i32, as text); for a C program, its
    /// command-line arguments, separated by spaces.
    pub arg: &'static str,
    /// The value `run(arg)` returns, as the engine prints it; for a C
    /// program, a word its output must contain.
    pub expected: &'static str,
    /// How the workload is built and started.
    pub program: Program,
    /// At most this many measured runs (for workloads that take tens of
    /// seconds), whatever `--runs` says.
    pub max_runs: Option<u32>,
    /// The peer engines that run it, and how; peers not listed are skipped
    /// (for example wasmi, which has no stack switching, on the
    /// continuation workloads). Spindle always runs every workload.
    pub peers: &'static [Peer],
}

/// What kind of program a workload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// A module whose `run(i32)` export is invoked with the argument.
    Invoke,
    /// A C program for wasm32-wasi using the fiber library: `file` plus
    /// `lib/fiber/fiber.c`, built by clang (see [`crate::cbuild`]) and run
    /// with `lib/fiber/fiber.wat` preloaded as module `env`.
    FiberC,
    /// A program of the real-program corpus (`crates/spindle-corpus`):
    /// `file` names it and `arg` the case (empty: the first); its build at
    /// this level (`-O2`, or `-O3 -msimd128` for the `simd_*` rows) runs
    /// the case with the benchmark's arguments, as a WASI command in a
    /// fresh directory.
    Corpus(spindle_corpus::Opt),
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

/// C programs on the fiber library: wasmtime with stack switching and
/// exceptions (the library's `fiber.wat` uses both).
pub const FIBER_C: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &["-W", "stack-switching=y,exceptions=y"],
}];

/// Real programs: wasmtime with exception handling (Lua's setjmp/longjmp
/// uses it) and wasmi (whose CLI has no exception handling, so Lua fails
/// there with the reason in the report).
pub const CORPUS: &[Peer] = &[
    Peer {
        engine: EngineKind::Wasmtime,
        flags: &["-W", "exceptions=y"],
    },
    Peer::plain(EngineKind::Wasmi),
];

/// Stack switching with 100,000-frame recursion on a continuation's stack.
/// Wasmtime sizes continuation stacks by `max-wasm-stack` (default 512 KiB,
/// which traps with "call stack exhausted" after about 5,400 frames of
/// `benches/continuations/deep_recursion.wat`), so it gets 16 MiB; Spindle
/// grows its stacks on demand.
pub const STACK_SWITCHING_DEEP: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &["-W", "stack-switching=y,max-wasm-stack=16777216"],
}];

/// GC (structs, arrays): wasmtime with the GC proposal enabled (`-W
/// gc=y`; its GC needs function references); wasmi has no GC.
pub const GC: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &["-W", "gc=y,function-references=y"],
}];

/// GC objects and stack switching in one store: wasmtime with both (and
/// exceptions, which its stack switching needs).
pub const GC_STACK_SWITCHING: &[Peer] = &[Peer {
    engine: EngineKind::Wasmtime,
    flags: &[
        "-W",
        "gc=y,function-references=y,stack-switching=y,exceptions=y",
    ],
}];

/// All workloads, in report order.
#[rustfmt::skip]
pub const WORKLOADS: &[Workload] = &[
    Workload::invoke("fib", "kernels/fib.wat", "32", "2178309", ALL_PEERS),
    Workload::invoke("sieve", "kernels/sieve.wat", "10000000", "664579", ALL_PEERS),
    Workload::invoke("mandelbrot", "kernels/mandelbrot.wat", "300", "22319491", ALL_PEERS),
    Workload::invoke("simd", "kernels/simd.wat", "20000", "1618633440", ALL_PEERS),
    Workload::invoke("cont_generator", "continuations/generator.wat", "10000000", "49999995000000", STACK_SWITCHING),
    Workload::invoke("cont_switch", "continuations/switch_pingpong.wat", "10000000", "271447232", STACK_SWITCHING),
    Workload::invoke("cont_primes", "continuations/sieve.wat", "5000", "48611", STACK_SWITCHING),
    Workload::invoke("cont_state", "continuations/state.wat", "10000000", "2000872864", STACK_SWITCHING),
    Workload::invoke("cont_skynet", "continuations/skynet.wat", "1000000", "499999500000", STACK_SWITCHING),
    Workload::invoke("cont_many_live", "continuations/many_live.wat", "1000000", "2500000500000", STACK_SWITCHING),
    Workload::invoke("cont_many_parked", "continuations/many_parked.wat", "1000000", "2499997500000", STACK_SWITCHING),
    Workload::invoke("cont_drop_generators", "continuations/drop_generators.wat", "10000000", "70000000", STACK_SWITCHING),
    Workload::invoke("cont_deep_recursion", "continuations/deep_recursion.wat", "100000", "100000", STACK_SWITCHING_DEEP),
    Workload::invoke("gc_binary_trees", "gc/binary_trees.wat", "16", "14985902", GC),
    Workload::invoke("gc_generator", "gc/generator.wat", "10000000", "-1737812800", GC_STACK_SWITCHING),
    Workload::invoke("gc_cycles", "gc/cycles.wat", "10000000", "10000000", GC_STACK_SWITCHING),
    Workload::fiber_c("c_generator", "benches/c/generator.c", "10000000", "49999995000000"),
    Workload::fiber_c("c_sieve", "examples/c/sieve.c", "2000", "16274627"),
    Workload::fiber_c("c_itersum", "benches/c/itersum.c", "1000000 10", "327609319200"),
    Workload::fiber_c("c_treesum", "benches/c/treesum.c", "20 10", "21465355190"),
    Workload::fiber_c("c_scheduler", "benches/c/scheduler.c", "1000 10000", "2162728926664"),
    Workload::fiber_c("c_state", "benches/c/state.c", "10000000", "580328263"),
    Workload { max_runs: Some(3), ..Workload::fiber_c("c_c10m", "examples/c/c10m.c", "10000000 10000 2048", "b77babb2") },
    Workload::corpus("real_lua", "lua", "caught"),
    Workload::corpus("real_lua_plain", "lua_plain", "gc"),
    Workload::corpus("real_sqlite", "sqlite", "ok"),
    Workload::corpus("real_zlib", "zlib", "streaming"),
    Workload::corpus("real_lz4", "lz4", "frame"),
    Workload::corpus("real_zstd", "zstd", "streaming"),
    Workload::corpus_simd("simd_sqlite", "sqlite", "ok"),
    Workload::corpus_simd("simd_zlib", "zlib", "streaming"),
    Workload::corpus_simd("simd_lz4", "lz4", "frame"),
    Workload::corpus_simd("simd_zstd", "zstd", "streaming"),
    Workload::corpus("real_flite", "flite", ""),
    Workload { arg: "hi", ..Workload::corpus("real_flite_startup", "flite", "") },
];

impl Workload {
    /// A module whose `run` export is invoked with `arg`.
    pub const fn invoke(
        name: &'static str,
        file: &'static str,
        arg: &'static str,
        expected: &'static str,
        peers: &'static [Peer],
    ) -> Workload {
        Workload {
            name,
            file,
            arg,
            expected,
            peers,
            program: Program::Invoke,
            max_runs: None,
        }
    }

    /// A C program on the fiber library, run on Spindle and wasmtime.
    pub const fn fiber_c(
        name: &'static str,
        file: &'static str,
        args: &'static str,
        expected: &'static str,
    ) -> Workload {
        Workload {
            name,
            file,
            arg: args,
            expected,
            peers: FIBER_C,
            program: Program::FiberC,
            max_runs: None,
        }
    }

    /// A program of the real-program corpus, checked by a token of its
    /// output (`""`: only its exit status; the corpus test checks the
    /// whole output at small sizes).
    pub const fn corpus(
        name: &'static str,
        program: &'static str,
        expected: &'static str,
    ) -> Workload {
        Workload {
            name,
            file: program,
            arg: "",
            expected,
            peers: CORPUS,
            program: Program::Corpus(spindle_corpus::Opt::O2),
            max_runs: None,
        }
    }

    /// A corpus program's `-O3 -msimd128` build (auto-vectorised to Wasm
    /// SIMD), otherwise as [`Workload::corpus`].
    pub const fn corpus_simd(
        name: &'static str,
        program: &'static str,
        expected: &'static str,
    ) -> Workload {
        Workload {
            program: Program::Corpus(spindle_corpus::Opt::O3Simd),
            ..Workload::corpus(name, program, expected)
        }
    }

    /// The corpus case a `Program::Corpus` workload runs.
    pub fn corpus_case(
        &self,
    ) -> Option<(
        &'static spindle_corpus::Program,
        &'static spindle_corpus::Case,
    )> {
        let p = spindle_corpus::program(self.file)
            .filter(|_| matches!(self.program, Program::Corpus(_)))?;
        let case = match self.arg {
            "" => p.cases.first(),
            name => p.cases.iter().find(|c| c.name == name),
        };
        Some((p, case?))
    }

    /// Measured runs when `--runs` asks for `runs`.
    pub fn runs(&self, runs: u32) -> u32 {
        self.max_runs.map_or(runs, |max| runs.min(max))
    }

    /// The program's command-line arguments (C programs) or the argument of
    /// `run` (modules).
    pub fn args(&self) -> Vec<&'static str> {
        match self.corpus_case() {
            Some((_, case)) => case.bench_args.to_vec(),
            None => self.arg.split_whitespace().collect(),
        }
    }

    /// `name(arg)`, as shown in the report.
    pub fn label(&self) -> String {
        match self.corpus_case() {
            Some((_, case)) => {
                let shown: Vec<&str> = case
                    .bench_args
                    .iter()
                    .map(|a| if a.len() > 16 { "..." } else { a })
                    .collect();
                format!("{}({})", self.name, shown.join(" "))
            }
            None => format!("{}({})", self.name, self.arg),
        }
    }

    /// How `engine` runs this workload: `Some(flags)` (empty for Spindle),
    /// or `None` if it is not one of the workload's peers.
    pub fn flags_for(&self, engine: EngineKind) -> Option<&'static [&'static str]> {
        if engine.is_spindle() {
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
            if w.program == Program::Invoke {
                w.arg.parse::<i32>().expect("arg must be an i32");
            }
            let corpus = matches!(w.program, Program::Corpus(_));
            assert!(!w.expected.is_empty() || corpus);
            if corpus {
                assert!(
                    w.corpus_case().is_some(),
                    "{}: no such corpus program",
                    w.name
                );
            }
        }
    }

    #[test]
    fn peers() {
        let fib = WORKLOADS[0];
        assert_eq!(fib.flags_for(EngineKind::Wasmi), Some(&[][..]));
        let cont: Vec<&Workload> = WORKLOADS
            .iter()
            .filter(|w| w.file.starts_with("continuations/") || w.program == Program::FiberC)
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
