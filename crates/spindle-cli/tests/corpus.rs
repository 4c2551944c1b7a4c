//! The real-program corpus (`crates/spindle-corpus`, `corpus/`): every
//! program at `-O0`, `-O2`, `-Os` and `-O3 -msimd128` (npm binaries as published) runs on
//! the `spindle` binary and must print exactly its expected output.
//!
//! Without a C-to-Wasm toolchain or npm the tests say so and pass, except
//! under `CI=true`, where they fail.

use spindle_corpus::{build, check, program, EngineCli, Origin, OPTS};

fn engine() -> EngineCli {
    EngineCli::Spindle(env!("CARGO_BIN_EXE_spindle").into())
}

fn corpus(name: &str) {
    let p = program(name).expect("a corpus program");
    let opts: &[_] = match p.origin {
        Origin::C(_) => &OPTS,
        Origin::Npm { .. } => &OPTS[..1],
    };
    let mut failures = Vec::new();
    for &opt in opts {
        let wasm = match build(p, opt) {
            Ok(wasm) => wasm,
            Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
                eprintln!("SKIPPED: corpus program {name}: {e:#}");
                return;
            }
            Err(e) => panic!("corpus program {name} ({}): {e:#}", opt),
        };
        for case in p.cases {
            if let Err(e) = check(&engine(), &wasm, p, case) {
                failures.push(format!("{name} {} {}: {e:#}", opt, case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lua() {
    corpus("lua");
}

#[test]
fn lua_plain() {
    corpus("lua_plain");
}

#[test]
fn sqlite() {
    corpus("sqlite");
}

#[test]
fn zlib() {
    corpus("zlib");
}

#[test]
fn lz4() {
    corpus("lz4");
}

#[test]
fn zstd() {
    corpus("zstd");
}

#[test]
fn flite() {
    corpus("flite");
}

#[test]
fn every_program_has_a_test() {
    let source = include_str!("corpus.rs");
    for p in spindle_corpus::PROGRAMS {
        assert!(
            source.contains(&format!("corpus(\"{}\")", p.name)),
            "no test runs corpus program {}",
            p.name
        );
    }
}
