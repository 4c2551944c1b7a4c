//! Tiers mode: the differential generator's wasm-smith modules run on
//! Spindle's interpreter and on its compiled tier (`Tier::Compiled`, every
//! function compiled with Cranelift when it first runs), with the same
//! fuel and the same calls (every export with zeros, then with drawn
//! arguments, three rounds).
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

/// Runs one tiers case.
pub fn run_case(case: &Case) -> Verdict {
    let g = match differential::generate(case) {
        Ok(g) => g,
        Err(v) => return v,
    };
    let art = Artifact {
        wasm: g.wasm.clone(),
        wat: None,
    };
    let mut config = spindle::Config::new();
    config.consume_fuel(true);
    let engine = spindle::Engine::new(&config);
    let module = match catch(|| spindle::Module::new(&engine, &g.wasm)) {
        Err(p) => return Verdict::Finding(format!("Spindle panicked compiling: {p}"), art),
        Ok(Err(_)) => return Verdict::Inconclusive("Spindle rejects the module".into()),
        Ok(Ok(m)) => m,
    };
    let exports = differential::export_names(&module);
    let run = |tier| differential::spindle_trace(true, tier, &g.wasm, &exports, &[], g.arg_seed);
    let interp = run(spindle::Tier::Interp);
    let compiled = run(spindle::Tier::Compiled);
    match (interp, compiled) {
        (Err(p), _) => Verdict::Finding(format!("the interpreter panicked: {p}"), art),
        (_, Err(p)) => Verdict::Finding(format!("the compiled tier panicked: {p}"), art),
        (Ok(i), Ok(c)) => match compare(&i, &c, g.canonical_nans) {
            Ok(()) => Verdict::Pass,
            Err(why) => Verdict::Finding(why, art),
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
    }
}
