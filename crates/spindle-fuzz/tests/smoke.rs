//! CI budget: every generator with a fixed seed for a bounded number of
//! cases; any finding fails. Also checks that the checks can fail (a wrong
//! expectation is caught) and that the generators produce work that is
//! actually compared.

use std::time::Duration;

use spindle_fuzz::stackswitch::{self, emit, host, model};
use spindle_fuzz::{run, Generator, Report, RunConfig};

const SEED: u64 = 0x5eed;

fn run_mode(g: Generator, count: u64) -> Report {
    let out = std::env::temp_dir().join(format!("spindle-fuzz-smoke-{}", g.name()));
    let cfg = RunConfig {
        seed: SEED,
        count: Some(count),
        time: None,
        out_dir: Some(out),
        progress: None,
        hang_limit: Duration::from_secs(60),
        ..RunConfig::default()
    };
    let report = run(&[g], &cfg, |line| eprintln!("{line}"));
    eprintln!("{}", report.summary());
    report
}

#[test]
fn differential_smoke() {
    let r = run_mode(Generator::Differential, 400);
    let s = &r.stats[&Generator::Differential];
    assert_eq!(s.findings, 0, "findings:\n{}", r.summary());
    assert_eq!(s.cases, 400);
    // Most cases must be compared to the end (fuel chosen so).
    assert!(
        s.passed >= 250,
        "too few conclusive cases:\n{}",
        r.summary()
    );
}

#[test]
fn tiers_smoke() {
    let r = run_mode(Generator::Tiers, 150);
    let s = &r.stats[&Generator::Tiers];
    assert_eq!(s.findings, 0, "findings:\n{}", r.summary());
    assert_eq!(s.cases, 150);
    // Only wasm-smith failures are inconclusive: the rest is compared.
    assert!(s.passed >= 140, "too few compared cases:\n{}", r.summary());
}

#[test]
fn mutation_smoke() {
    let r = run_mode(Generator::Mutation, 1500);
    let s = &r.stats[&Generator::Mutation];
    assert_eq!(s.findings, 0, "findings:\n{}", r.summary());
    assert_eq!(s.passed, 1500, "{}", r.summary());
    assert!(
        spindle_fuzz::mutate::corpus().len() > 50,
        "the repository's modules were not found"
    );
}

#[test]
fn stack_switching_smoke() {
    let r = run_mode(Generator::StackSwitching, 1500);
    let s = &r.stats[&Generator::StackSwitching];
    assert_eq!(s.findings, 0, "findings:\n{}", r.summary());
    assert!(s.passed >= 1450, "{}", r.summary());
}

#[test]
fn gc_smoke() {
    let r = run_mode(Generator::Gc, 300);
    let s = &r.stats[&Generator::Gc];
    assert_eq!(s.findings, 0, "findings:\n{}", r.summary());
    assert_eq!(s.cases, 300);
    // Most modules are compared to the end (the rest: v128 fields, no
    // functions).
    assert!(
        s.passed >= 200,
        "too few conclusive cases:\n{}",
        r.summary()
    );
}

/// The stack-switching check is not vacuous: a program's run is compared
/// with the model, so a changed expectation (one log entry, the checksum,
/// or how the run ends) is reported.
#[test]
fn stack_switching_check_catches_wrong_expectations() {
    let mut checked = 0;
    for seed in 0..200u64 {
        let mut rng = spindle_fuzz::rng::Rng::new(seed);
        let program = stackswitch::generate(&mut rng, seed % 3 == 0);
        let Some(expected) = model::expect(&program, true) else {
            continue;
        };
        let modules = emit::emit(&program);
        assert!(
            host::check(&program, &modules, &expected).is_ok(),
            "seed {seed}: the true expectation fails"
        );
        let mut wrong = expected.clone();
        match (&mut wrong.end, wrong.log.last_mut()) {
            (model::End::Returned(c), _) => *c = c.wrapping_add(1),
            (_, Some(v)) => *v = v.wrapping_add(1),
            (end, None) => *end = model::End::Returned(0),
        }
        assert!(
            matches!(
                host::check(&program, &modules, &wrong),
                Err(host::Failure::Finding(_))
            ),
            "seed {seed}: a wrong expectation passed"
        );
        checked += 1;
    }
    assert!(checked > 150);
}

/// The generator reaches every construct, and programs of every ending.
#[test]
fn stack_switching_generator_covers_the_constructs() {
    use stackswitch::{Entry, Stmt};
    let mut seen = [false; 13];
    let mut ends = [false; 4];
    for seed in 0..400u64 {
        let mut rng = spindle_fuzz::rng::Rng::new(seed);
        let p = stackswitch::generate(&mut rng, seed % 3 == 0);
        let checks: [&dyn Fn(&Stmt) -> bool; 10] = [
            &|s| matches!(s, Stmt::Suspend(_)),
            &|s| matches!(s, Stmt::HostSuspend(_)),
            &|s| matches!(s, Stmt::Throw(_)),
            &|s| matches!(s, Stmt::Try(..)),
            &|s| matches!(s, Stmt::Spin),
            &|s| matches!(s, Stmt::Run(r) if r.bind),
            &|s| matches!(s, Stmt::Run(r) if r.throw_at.is_some()),
            &|s| matches!(s, Stmt::Run(r) if r.via_table),
            &|s| matches!(s, Stmt::Run(r) if r.max_resumes == 0),
            &|s| matches!(s, Stmt::Ring(_)),
        ];
        for (i, c) in checks.iter().enumerate() {
            seen[i] |= p.any(c);
        }
        seen[10] |= p.entry == Entry::Host;
        seen[11] |= p.split.is_some();
        seen[12] |= !p.host;
        if let Some(e) = model::expect(&p, true) {
            ends[match e.end {
                model::End::Returned(_) => 0,
                model::End::UnhandledTag => 1,
                model::End::Exception(_) => 2,
                model::End::Interrupted => 3,
            }] = true;
        }
    }
    assert!(seen.iter().all(|s| *s), "{seen:?}");
    assert!(ends.iter().all(|s| *s), "{ends:?}");
}

/// The mutation corpus holds the modules of the spec scripts of every
/// proposal landed since the core suite (legacy `try` in its folded form
/// included), when the suite is present (`CI=true` requires it).
#[test]
fn mutation_corpus_has_the_proposals_scripts() {
    let root = spindle_fuzz::mutate::repo_root();
    let suite = std::env::var_os("SPINDLE_TESTSUITE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/testsuite"));
    if !suite.join("gc").is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "spec testsuite not found at {}",
            suite.display()
        );
        eprintln!("SKIPPED: spec testsuite not found at {}", suite.display());
        return;
    }
    let corpus = spindle_fuzz::mutate::corpus();
    for dir in [
        "stack-switching",
        "simd",
        "relaxed-simd",
        "memory64",
        "gc",
        "legacy-exceptions",
    ] {
        let n = corpus
            .iter()
            .filter(|(name, _)| name.contains(&format!("/{dir}/")))
            .count();
        assert!(n >= 5, "{n} modules from {dir}/");
    }
}
