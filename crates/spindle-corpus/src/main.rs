//! `spindle-corpus`: build the corpus, run it on an engine, or write its
//! expected outputs with a reference engine.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use spindle_corpus::{build, run, EngineCli, Opt, PROGRAMS};

#[derive(Parser)]
#[command(about = "The real-program corpus: build, check, bless")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build every program at every level and print the paths.
    Build,
    /// Run every case on an engine and compare with the expected output.
    Check {
        /// Engine: spindle, wasmi or wasmtime.
        #[arg(long, default_value = "spindle")]
        engine: String,
        /// The engine's executable (default: the name on PATH, or
        /// target/release/spindle).
        #[arg(long)]
        exe: Option<PathBuf>,
    },
    /// Write the expected outputs by running the -O2 builds on a reference
    /// engine (never Spindle: the expectations must come from elsewhere).
    Bless {
        /// Engine: wasmi or wasmtime.
        #[arg(long, default_value = "wasmi")]
        engine: String,
        /// Only these programs (default: all).
        programs: Vec<String>,
    },
}

fn engine(name: &str, exe: Option<PathBuf>) -> Result<EngineCli> {
    Ok(match name {
        "spindle" => EngineCli::Spindle(
            exe.unwrap_or_else(|| spindle_corpus::target_dir().join("release/spindle")),
        ),
        "wasmi" => EngineCli::Wasmi(exe.unwrap_or_else(|| "wasmi".into())),
        "wasmtime" => EngineCli::Wasmtime(exe.unwrap_or_else(|| "wasmtime".into())),
        other => bail!("unknown engine {other} (spindle, wasmi, wasmtime)"),
    })
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Build => {
            for p in PROGRAMS {
                for opt in spindle_corpus::OPTS {
                    println!("{}", build(p, opt)?.display());
                }
            }
        }
        Cmd::Check { engine: name, exe } => {
            let engine = engine(&name, exe)?;
            let (mut passed, mut failed) = (0, 0);
            for p in PROGRAMS {
                for opt in spindle_corpus::OPTS {
                    let wasm = build(p, opt)?;
                    for case in p.cases {
                        match run::check(&engine, &wasm, p, case) {
                            Ok(()) => passed += 1,
                            Err(e) => {
                                failed += 1;
                                println!("{} {} {}: {e:#}", p.name, opt, case.name);
                            }
                        }
                    }
                }
            }
            println!("{passed} passed, {failed} failed");
            if failed > 0 {
                std::process::exit(1);
            }
        }
        Cmd::Bless {
            engine: name,
            programs,
        } => {
            if name == "spindle" {
                bail!("expected outputs come from another engine than the one they check");
            }
            let engine = engine(&name, None)?;
            for p in PROGRAMS
                .iter()
                .filter(|p| programs.is_empty() || programs.iter().any(|n| n == p.name))
            {
                let wasm = build(p, Opt::O2)?;
                for case in p.cases {
                    let dir = run::RunDir::new(case)?;
                    let out = run::run(&engine, &wasm, case, false, &dir)?;
                    if !out.status.success() {
                        bail!(
                            "{} {}: {} failed: {}",
                            p.name,
                            case.name,
                            name,
                            String::from_utf8_lossy(&out.stderr)
                        );
                    }
                    let path = run::expected_path(p, case);
                    std::fs::create_dir_all(path.parent().unwrap())?;
                    std::fs::write(&path, run::observed(case, &dir, &out.stdout)?)?;
                    println!("wrote {}", path.display());
                }
            }
        }
    }
    Ok(())
}
