//! Tiers mode: the differential generator's wasm-smith modules run on
//! Spindle's interpreter, on its compiled tier (`Tier::Compiled`, every
//! function compiled with Cranelift when it first runs) and tiered
//! (`Tier::Tiered` with a threshold of `TIERED_THRESHOLD`, compiling on
//! the interpreter's thread: a function switches to compiled code at its
//! second call or after a few loop iterations, inside mixed call chains),
//! with the same fuel and the same calls (every export with zeros, then
//! with drawn arguments, three rounds).
//!
//! Both tiers are one engine with one fuel count (compiled code stops at
//! the same `Tick`s), so everything must agree exactly: each call's
//! results, trap code and message, running out of fuel or stack at the
//! same call, and the exported memories, globals and tables after every
//! call. Only NaN payloads may differ (Wasm leaves them
//! nondeterministic), unless wasm-smith canonicalised NaNs. A panic in
//! either tier is a finding.

use crate::differential::{self, compare_state, Outcome, Trace};
use crate::panics::catch;
use crate::{Artifact, Case, Verdict};

/// The tiered run's `Config::tier_threshold`: a call counts 10, a loop
/// iteration 1.
pub(crate) const TIERED_THRESHOLD: u32 = 15;

/// Runs one tiers case. A divergence in a module without NaN
/// canonicalisation is inconclusive unless its canonicalised twin
/// ([`differential::generate_canonical_twin`]) diverges too: float
/// arithmetic may give any arithmetic NaN when an operand is a
/// non-canonical NaN, and the compiled tier's Cranelift code (e.g.
/// `f64.min`, which passes such an operand through) and the interpreter's
/// Rust (which returns the canonical NaN) choose differently. Those bits
/// reach integer globals (`i64.reinterpret_f64`), memory, `v128` lanes
/// (XORs of them are no longer NaNs) and signs (`copysign`), where no
/// comparison can tell them apart.
pub fn run_case(case: &Case) -> Verdict {
    let g = match differential::generate(case) {
        Ok(g) => g,
        Err(v) => return v,
    };
    match check(&g.wasm, g.canonical_nans, g.arg_seed) {
        Checked::Verdict(v) => v,
        Checked::Diverge(why) if g.canonical_nans => Verdict::Finding(why, artifact(&g.wasm)),
        Checked::Diverge(why) => {
            let twin = match differential::generate_canonical_twin(case) {
                Ok(t) => t,
                Err(v) => return v,
            };
            match check(&twin.wasm, true, twin.arg_seed) {
                Checked::Diverge(t) => Verdict::Finding(
                    format!("{t} (module with NaN canonicalisation; without it: {why})"),
                    artifact(&twin.wasm),
                ),
                Checked::Verdict(Verdict::Finding(f, art)) => Verdict::Finding(f, art),
                Checked::Verdict(_) => Verdict::Inconclusive(
                    "divergence without NaN canonicalisation, none in the canonicalised twin"
                        .into(),
                ),
            }
        }
    }
}

fn artifact(wasm: &[u8]) -> Artifact {
    Artifact {
        wasm: wasm.to_vec(),
        wat: None,
    }
}

/// What running one module in both tiers gave: a verdict (pass,
/// inconclusive, a panic) or a divergence.
enum Checked {
    Verdict(Verdict),
    Diverge(String),
}

fn check(wasm: &[u8], canonical_nans: bool, arg_seed: u64) -> Checked {
    let art = || artifact(wasm);
    let mut config = spindle::Config::new();
    config.consume_fuel(true);
    let engine = spindle::Engine::new(&config);
    let module = match catch(|| spindle::Module::new(&engine, wasm)) {
        Err(p) => {
            return Checked::Verdict(Verdict::Finding(
                format!("Spindle panicked compiling: {p}"),
                art(),
            ))
        }
        Ok(Err(_)) => {
            return Checked::Verdict(Verdict::Inconclusive("Spindle rejects the module".into()))
        }
        Ok(Ok(m)) => m,
    };
    let exports = differential::export_names(&module);
    let run = |tier| differential::spindle_trace(true, tier, wasm, &exports, &[], arg_seed);
    let interp = run(spindle::Tier::Interp);
    let compiled = run(spindle::Tier::Compiled);
    let tiered = run(spindle::Tier::Tiered);
    match (interp, compiled, tiered) {
        (Err(p), _, _) => Checked::Verdict(Verdict::Finding(
            format!("the interpreter panicked: {p}"),
            art(),
        )),
        (_, Err(p), _) => Checked::Verdict(Verdict::Finding(
            format!("the compiled tier panicked: {p}"),
            art(),
        )),
        (_, _, Err(p)) => Checked::Verdict(Verdict::Finding(
            format!("the tiered run panicked: {p}"),
            art(),
        )),
        (Ok(i), Ok(c), Ok(t)) => match compare(&i, &c, canonical_nans) {
            Err(why) => Checked::Diverge(why),
            Ok(()) => match compare(&i, &t, canonical_nans) {
                Ok(()) => Checked::Verdict(Verdict::Pass),
                Err(why) => Checked::Diverge(format!("tiered: {why}")),
            },
        },
    }
}

/// The first difference between the interpreter's trace and the compiled
/// tier's.
pub(crate) fn compare(
    interp: &Trace,
    compiled: &Trace,
    canonical_nans: bool,
) -> Result<(), String> {
    if interp.len() != compiled.len() {
        return Err(format!(
            "interpreter and compiled tier made {} vs {} steps",
            interp.len(),
            compiled.len()
        ));
    }
    for (i, ((o1, s1), (o2, s2))) in interp.iter().zip(compiled).enumerate() {
        let state = compare_state(s1, s2, canonical_nans);
        if !same(o1, o2) || state.is_err() {
            return Err(format!(
                "interpreter vs compiled tier, step {i}: {o1} vs {o2}{}",
                state.err().map(|e| format!("; {e}")).unwrap_or_default()
            ));
        }
    }
    Ok(())
}

/// Two outcomes of the same engine: equal values (any NaN equals any
/// NaN), the same trap with the same message, or exhaustion of the same.
fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Values(x), Outcome::Values(y)) => x == y,
        (Outcome::Trap(c1, m1), Outcome::Trap(c2, m2)) => c1 == c2 && m1 == m2,
        (Outcome::Exhausted(x), Outcome::Exhausted(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::differential::{StateItem, TrapClass, Value};
    use crate::Case;

    fn step(o: Outcome, mem: &[u8]) -> (Outcome, Vec<StateItem>) {
        (o, vec![StateItem::Memory(mem.to_vec())])
    }

    /// The comparison is not vacuous: each kind of difference is caught.
    #[test]
    fn differences_are_caught() {
        let base = vec![
            step(Outcome::Values(vec![]), &[0, 0]),
            step(Outcome::Values(vec![Value::I32(7)]), &[1, 0]),
        ];
        assert_eq!(compare(&base, &base, true), Ok(()));
        let mut other = base.clone();
        other[1].0 = Outcome::Values(vec![Value::I32(8)]);
        assert!(compare(&base, &other, true).is_err(), "a result");
        let mut other = base.clone();
        other[1].1 = vec![StateItem::Memory(vec![1, 1])];
        assert!(compare(&base, &other, true).is_err(), "a memory byte");
        let mut other = base.clone();
        other[1].0 = Outcome::Trap(TrapClass::Memory, "out of bounds memory access".into());
        assert!(compare(&base, &other, true).is_err(), "a trap for a result");
        let mut other = base.clone();
        other[1].0 = Outcome::Exhausted("all fuel consumed".into());
        assert!(
            compare(&base, &other, true).is_err(),
            "fuel ran out in one tier"
        );
        let mut other = base.clone();
        other.pop();
        assert!(compare(&base, &other, true).is_err(), "a missing step");
        // Any NaN equals any NaN.
        let nan = |bits| vec![step(Outcome::Values(vec![Value::F32(bits)]), &[])];
        assert_eq!(compare(&nan(0x7fc0_0000), &nan(0xffc0_0001), true), Ok(()));
        // A `v128` global: lanes that are NaNs in both may differ, any
        // other bit may not.
        let v = |bits| {
            vec![(
                Outcome::Values(vec![]),
                vec![StateItem::Global(Value::V128(bits))],
            )]
        };
        let x = 0x7ff8_0000_0000_0000_0000_0000_3f80_0000u128;
        assert_eq!(
            compare(&v(x), &v(x | 0x1_0000_0000_0000_0000), false),
            Ok(())
        );
        assert!(compare(&v(x), &v(x ^ 1), false).is_err(), "a v128 lane");
        assert!(
            compare(&v(x), &v(x ^ 1 << 31), false).is_err(),
            "the sign of a lane that is not a NaN"
        );
    }

    /// Case `0xd47c57c10e8a7205` of `tiers --seed 11` (findings/README.md):
    /// `f64.min(-nan:0xfffffffffffdf, x)` is the canonical NaN in the
    /// interpreter and the operand NaN in compiled code, which an `i64`
    /// global XORing `i64.reinterpret_f64`s shows. Both are arithmetic
    /// NaNs, which the spec allows for a non-canonical NaN operand: the
    /// case is inconclusive, and its canonicalised twin agrees in both
    /// tiers.
    #[test]
    fn nan_payload_case_is_inconclusive() {
        let case = Case::new(0xd47c_57c1_0e8a_7205);
        let g = differential::generate(&case).unwrap();
        assert!(!g.canonical_nans);
        let twin = differential::generate_canonical_twin(&case).unwrap();
        assert_eq!(twin.arg_seed, g.arg_seed);
        // wasm-smith counts the inserted canonicalisations against its
        // instruction budget, so the twin starts like the module and then
        // goes its own way; it has canonical NaN constants, the module none.
        let canon_nan = [0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f];
        let count = |w: &[u8]| w.windows(9).filter(|x| *x == canon_nan).count();
        assert_eq!(count(&g.wasm), 0);
        assert!(count(&twin.wasm) > 0);
        assert!(matches!(
            check(&twin.wasm, true, twin.arg_seed),
            Checked::Verdict(Verdict::Pass)
        ));
        assert!(matches!(
            run_case(&case),
            Verdict::Inconclusive(_) | Verdict::Pass
        ));
    }
}
