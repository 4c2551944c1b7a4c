//! Runs the shared WebAssembly spec suite and compares it with the baseline
//! of known failures in `tests/spec-baseline.txt`.
//!
//! - The suite is `$SPINDLE_TESTSUITE`, or `../shared/testsuite` beside the
//!   workspace. Run: `core/` (with `stack-switching-overrides/tag.wast`
//!   instead of `core/tag.wast`), `multi-memory/`, `stack-switching/`, `memory64/`,
//!   `legacy-exceptions/`, `simd/`, `relaxed-simd/`, `gc/`.
//! - The test fails if a command fails that the baseline does not list.
//!   Baseline entries that pass now are printed (the baseline should then be
//!   regenerated), but do not fail the test.
//! - It runs twice: in the interpreter (`spec_suite_matches_baseline`) and
//!   with every function compiled (`spec_suite_compiled_matches_baseline`),
//!   against the same baseline.
//! - Regenerate the baseline with
//!   `SPINDLE_BLESS=1 cargo test --release -p spindle-wast --test spec`.
//! - Without the suite the test is skipped with a loud message, unless
//!   `CI=true`, where it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Writes to the real stderr, past the test harness's output capture, so the
/// summary shows up in CI logs.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

fn workspace() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    p.canonicalize().unwrap_or(p)
}

fn suite_dir() -> PathBuf {
    match std::env::var_os("SPINDLE_TESTSUITE") {
        Some(p) => PathBuf::from(p),
        None => workspace().join("../shared/testsuite"),
    }
}

fn baseline_path() -> PathBuf {
    workspace().join("tests/spec-baseline.txt")
}

/// The scripts to run, as (name relative to the suite, path).
fn suite_files(suite: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut add_dir = |sub: &str, skip: &[&str]| {
        let dir = suite.join(sub);
        assert!(dir.is_dir(), "{} is missing from the suite", dir.display());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| {
                e.expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".wast") && !skip.contains(&n.as_str()))
            .collect();
        names.sort();
        for n in names {
            files.push((format!("{sub}/{n}"), dir.join(&n)));
        }
    };
    // Under stack switching, tags may have results: the proposal's tag.wast
    // replaces the core one.
    add_dir("core", &["tag.wast"]);
    add_dir("stack-switching-overrides", &[]);
    add_dir("multi-memory", &[]);
    add_dir("stack-switching", &[]);
    add_dir("memory64", &[]);
    // Written with the folded `try`, which `legacy_try.rs` unfolds.
    add_dir("legacy-exceptions", &[]);
    add_dir("simd", &[]);
    add_dir("relaxed-simd", &[]);
    add_dir("gc", &[]);
    files
}

/// `file:line` of a baseline line `file:line: reason`.
fn key(entry: &str) -> Option<&str> {
    let first = entry.find(':')?;
    let second = first + 1 + entry[first + 1..].find(':')?;
    Some(&entry[..second])
}

#[test]
fn spec_suite_matches_baseline() {
    run_suite(spindle::Tier::Interp);
}

/// The suite with every function compiled (`Tier::Compiled`): the two tiers
/// must agree, so the baseline is the same.
#[test]
fn spec_suite_compiled_matches_baseline() {
    run_suite(spindle::Tier::Compiled);
}

fn run_suite(tier: spindle::Tier) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !spindle_wast::capture_panic(info) {
                prev(info);
            }
        }));
    });

    let suite = suite_dir();
    if !suite.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "spec testsuite not found at {} (CI=true: the suite is required)",
                suite.display()
            );
        }
        say!("");
        say!("************************************************************");
        say!("SKIPPED: spec testsuite not found at {}", suite.display());
        say!("         set SPINDLE_TESTSUITE to run it");
        say!("************************************************************");
        return;
    }

    let files = suite_files(&suite);
    let paths: Vec<PathBuf> = files.iter().map(|(_, p)| p.clone()).collect();
    let names: BTreeMap<PathBuf, String> =
        files.iter().map(|(n, p)| (p.clone(), n.clone())).collect();
    let opts = spindle_wast::Options {
        file_timeout: Some(Duration::from_secs(600)),
        tier,
        // Every function of the suite's modules goes through the
        // translator, called or not (`spindle wast` translates lazily).
        eager_translation: true,
        ..Default::default()
    };
    let start = Instant::now();
    let reports = spindle_wast::run_wast_files(&paths, &opts, 0, |_| {});

    let (mut passed, mut failed) = (0, 0);
    let mut current: Vec<String> = Vec::new();
    for r in &reports {
        passed += r.passed;
        failed += r.failed;
        let name = &names[&r.path];
        for f in &r.failures {
            current.push(format!("{name}:{}: {}", f.line, f.reason));
        }
    }
    say!(
        "spec suite ({tier:?}): {} files, {passed} passed, {failed} failed ({:.1}s)",
        reports.len(),
        start.elapsed().as_secs_f64()
    );

    let baseline_file = baseline_path();
    // The interpreter's run writes the baseline (the tiers share it).
    if tier == spindle::Tier::Interp && std::env::var("SPINDLE_BLESS").is_ok_and(|v| v == "1") {
        let mut text = String::from(
            "# Spec commands known to fail: `file:line: reason`, relative to the suite.\n\
             # Generated by `SPINDLE_BLESS=1 cargo test --release -p spindle-wast --test spec`.\n\
             # Only `file:line` is compared; the reason is for the reader.\n",
        );
        for line in &current {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&baseline_file, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", baseline_file.display()));
        say!(
            "blessed: wrote {} entries to {}",
            current.len(),
            baseline_file.display()
        );
        return;
    }

    let baseline_text = std::fs::read_to_string(&baseline_file).unwrap_or_default();
    let known: BTreeSet<&str> = baseline_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(key)
        .collect();
    let now_failing: BTreeSet<&str> = current.iter().filter_map(|l| key(l)).collect();

    let fixed: Vec<&str> = baseline_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| key(l).is_some_and(|k| !now_failing.contains(k)))
        .collect();
    if !fixed.is_empty() {
        say!(
            "{} baseline entries pass now (regenerate the baseline with SPINDLE_BLESS=1):",
            fixed.len()
        );
        for l in fixed.iter().take(50) {
            say!("  now passing: {l}");
        }
        if fixed.len() > 50 {
            say!("  ... and {} more", fixed.len() - 50);
        }
    }

    let new: Vec<&String> = current
        .iter()
        .filter(|l| key(l).is_some_and(|k| !known.contains(k)))
        .collect();
    if !new.is_empty() {
        let list: Vec<&str> = new.iter().map(|s| s.as_str()).collect();
        panic!(
            "{} spec command(s) fail that {} does not list:\n{}",
            new.len(),
            baseline_file.display(),
            list.join("\n")
        );
    }
}
