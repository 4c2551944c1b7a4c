//! Runs the project's own scripts in `tests/wast/` in each tier; every
//! command must pass.

use std::path::Path;

#[test]
fn own_wast_scripts_pass() {
    run(spindle::Tier::Interp);
}

/// The same scripts with every function compiled (`Tier::Compiled`).
#[test]
fn own_wast_scripts_pass_compiled() {
    run(spindle::Tier::Compiled);
}

/// The same scripts tiered with thresholds at which functions switch to
/// compiled code at their first call (1) and at their second call or
/// inside a loop (15), with interpreted and compiled frames mixed.
#[test]
fn own_wast_scripts_pass_tiered() {
    for threshold in [1, 15] {
        run_with(spindle::Tier::Tiered, Some(threshold));
    }
}

fn run(tier: spindle::Tier) {
    run_with(tier, None)
}

fn run_with(tier: spindle::Tier, tier_threshold: Option<u32>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wast");
    let files =
        spindle_wast::collect_wast_files(std::slice::from_ref(&dir)).expect("list tests/wast");
    assert!(!files.is_empty(), "no scripts in {}", dir.display());
    let opts = spindle_wast::Options {
        file_timeout: Some(std::time::Duration::from_secs(300)),
        tier,
        tier_threshold,
        // CI also runs these scripts with `spindle wast`, which translates
        // lazily; here every function is translated, called or not.
        eager_translation: true,
        ..Default::default()
    };
    let reports = spindle_wast::run_wast_files(&files, &opts, 0, |_| {});
    let mut bad = Vec::new();
    for r in &reports {
        println!("{r}");
        for f in &r.failures {
            bad.push(format!(
                "{}:{}:{}: {}",
                r.path.display(),
                f.line,
                f.col,
                f.reason
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} command(s) failed:\n{}",
        bad.len(),
        bad.join("\n")
    );
    let total: usize = reports.iter().map(|r| r.passed).sum();
    assert!(total > 0);
}
