//! Fetching third-party code: source crates through cargo, WASI binaries
//! through npm. Nothing third-party is kept in the repository.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use anyhow::{bail, Context as _, Result};

/// The unpacked directory of every crate that `corpus/sources/Cargo.toml`
/// names, by crate name. `cargo metadata` downloads and unpacks them into
/// cargo's registry (pinned by `corpus/sources/Cargo.lock`); once per
/// process.
pub fn crate_dirs() -> Result<&'static HashMap<String, PathBuf>> {
    static DIRS: OnceLock<std::result::Result<HashMap<String, PathBuf>, String>> = OnceLock::new();
    DIRS.get_or_init(|| locate_crates().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn locate_crates() -> Result<HashMap<String, PathBuf>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = crate::corpus_dir().join("sources/Cargo.toml");
    let out = Command::new(&cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
        ])
        .arg(&manifest)
        .output()
        .with_context(|| format!("cannot run `{cargo} metadata`"))?;
    if !out.status.success() {
        bail!(
            "`cargo metadata` on {} failed: {}",
            manifest.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("cargo metadata: bad JSON")?;
    let mut dirs = HashMap::new();
    for p in meta["packages"]
        .as_array()
        .context("cargo metadata: no packages")?
    {
        let (Some(name), Some(manifest)) = (p["name"].as_str(), p["manifest_path"].as_str()) else {
            continue;
        };
        if let Some(dir) = Path::new(manifest).parent() {
            dirs.insert(name.to_string(), dir.to_path_buf());
        }
    }
    Ok(dirs)
}

/// The directory of crate `krate` (one named in `corpus/sources`).
pub fn crate_dir(krate: &str) -> Result<&'static Path> {
    crate_dirs()?
        .get(krate)
        .map(PathBuf::as_path)
        .with_context(|| format!("crate {krate} is not in corpus/sources/Cargo.toml"))
}

/// `file` from npm package `package@version`, unpacked under `dir`
/// (`npm pack` once; later calls find it there).
pub fn npm_file(package: &str, version: &str, file: &str, dir: &Path) -> Result<PathBuf> {
    let unpacked = dir.join(format!("{}-{version}", package.replace(['@', '/'], "_")));
    let wanted = unpacked.join(file);
    if wanted.is_file() {
        return Ok(wanted);
    }
    std::fs::create_dir_all(&unpacked)?;
    let spec = format!("{package}@{version}");
    let out = Command::new("npm")
        .args(["pack", "--silent", &spec])
        .current_dir(&unpacked)
        .output()
        .context("cannot run npm (install Node.js and npm)")?;
    if !out.status.success() {
        bail!(
            "npm pack {spec} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let tarball = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    let status = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(&unpacked)
        .status()
        .context("cannot run tar")?;
    if !status.success() || !wanted.is_file() {
        bail!("{spec}: {file} not found in the package");
    }
    let _ = std::fs::remove_file(unpacked.join(&tarball));
    Ok(wanted)
}
