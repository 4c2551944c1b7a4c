//! The real-program corpus: third-party C code that crates on crates.io
//! bundle (Lua, SQLite, zlib, LZ4, Zstandard), compiled by clang for
//! wasm32-wasi at `-O0`, `-O2` and `-Os` with the project's own drivers,
//! and WASI binaries published on npm (Flite). Every case has an expected
//! output under `corpus/expected/`, made with another engine (wasmi) and
//! checked against a native build where the output does not depend on the
//! word size.
//!
//! Used by the corpus test (`crates/spindle-cli/tests/corpus.rs`), the
//! benchmark runner's real-programs section, and the `spindle-corpus`
//! command (build, run on any engine, bless expected outputs).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;

pub mod compile;
pub mod programs;
pub mod run;
pub mod sources;
pub mod toolchain;

pub use compile::{build, Opt, OPTS};
pub use programs::{program, Case, Origin, Program, PROGRAMS};
pub use run::{check, EngineCli, RunDir};
pub use toolchain::Toolchain;

/// The repository's root.
pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `corpus/`: the manifest of sources, drivers, scripts, expected outputs.
pub fn corpus_dir() -> PathBuf {
    repo_dir().join("corpus")
}

/// `corpus/support/`: setjmp/longjmp on Wasm exceptions.
pub fn support_dir() -> PathBuf {
    corpus_dir().join("support")
}

/// Cargo's target directory (`$CARGO_TARGET_DIR` or `target/`); builds go
/// to `corpus/` inside it.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_dir().join("target"))
}
