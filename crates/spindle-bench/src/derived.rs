//! Figures derived from the continuation workloads: time per operation and
//! memory per parked continuation.
//!
//! Each figure divides a measurement by the workload's `N` (its argument).
//! To separate the per-operation cost from what every run pays (process
//! start-up, compilation, the engine's own memory), the runner also runs
//! each such workload with a trivial argument on the same engine with the
//! same flags (the "trivial run"), and the report gives the figure both
//! with and without that baseline subtracted.

use crate::engines::EngineKind;
use crate::report::{Outcome, Row};
use crate::workloads::Workload;

/// What is derived from a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Nanoseconds per operation: median wall time / N. `op` names one
    /// operation (N of them per run).
    TimePerOp { op: &'static str },
    /// Bytes per parked continuation: (peak RSS - trivial run's peak RSS) / N,
    /// for a workload that keeps N continuations suspended at once.
    BytesPerParked,
}

/// A derived figure for one workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derivation {
    /// The workload's name (see [`crate::workloads::WORKLOADS`]).
    pub workload: &'static str,
    pub figure: Figure,
    /// The argument of the trivial run, and what `run` returns for it.
    pub trivial_arg: &'static str,
    pub trivial_expected: &'static str,
}

/// The derived figures the report gives.
pub const DERIVATIONS: &[Derivation] = &[
    Derivation {
        workload: "cont_generator",
        figure: Figure::TimePerOp {
            op: "round trip (resume + suspend)",
        },
        trivial_arg: "0",
        trivial_expected: "0",
    },
    Derivation {
        workload: "cont_switch",
        figure: Figure::TimePerOp { op: "switch" },
        trivial_arg: "0",
        trivial_expected: "0",
    },
    Derivation {
        workload: "c_generator",
        figure: Figure::TimePerOp {
            op: "round trip (fiber_resume + fiber_yield)",
        },
        trivial_arg: "0",
        trivial_expected: "0",
    },
    Derivation {
        workload: "cont_many_live",
        figure: Figure::BytesPerParked,
        trivial_arg: "0",
        trivial_expected: "0",
    },
    Derivation {
        workload: "cont_many_parked",
        figure: Figure::BytesPerParked,
        trivial_arg: "0",
        trivial_expected: "0",
    },
];

impl Derivation {
    /// The derivation for `workload`, if it has one.
    pub fn for_workload(workload: &Workload) -> Option<&'static Derivation> {
        DERIVATIONS.iter().find(|d| d.workload == workload.name)
    }

    /// `workload` with the trivial argument (same module, same flags).
    pub fn trivial(&self, workload: &Workload) -> Workload {
        Workload {
            arg: self.trivial_arg,
            expected: self.trivial_expected,
            ..*workload
        }
    }
}

/// `N` for a workload: its argument.
pub fn n_of(workload: &Workload) -> Option<u64> {
    workload.arg.parse().ok().filter(|&n| n > 0)
}

/// One derived result: a workload on one engine, and its trivial run.
#[derive(Debug, Clone)]
pub struct DerivedRow {
    pub derivation: Derivation,
    pub workload: Workload,
    pub engine: EngineKind,
    pub full: Outcome,
    pub trivial: Outcome,
}

impl DerivedRow {
    /// Median time per operation in ns: (median, (median - trivial median)).
    pub fn ns_per_op(&self) -> Option<(f64, Option<f64>)> {
        let n = n_of(&self.workload)? as f64;
        let full = self.full.median_ms()?;
        let net = self.trivial.median_ms().map(|t| (full - t) * 1e6 / n);
        Some((full * 1e6 / n, net))
    }

    /// Bytes per parked continuation: (peak RSS - trivial peak RSS) / N.
    pub fn bytes_per_parked(&self) -> Option<f64> {
        let n = n_of(&self.workload)? as f64;
        let full = self.full.peak_rss_kib()?;
        let trivial = self.trivial.peak_rss_kib()?;
        Some((full as f64 - trivial as f64) * 1024.0 / n)
    }
}

/// Pairs each measured row that has a derivation with its trivial run
/// (from `trivial_rows`, matched by workload name and engine).
pub fn derive(rows: &[Row], trivial_rows: &[Row]) -> Vec<DerivedRow> {
    let mut out = Vec::new();
    for row in rows {
        let Some(derivation) = Derivation::for_workload(&row.workload) else {
            continue;
        };
        let trivial = trivial_rows
            .iter()
            .find(|t| t.workload.name == row.workload.name && t.engine == row.engine)
            .map_or_else(
                || Outcome::Failed("trivial run missing".to_string()),
                |t| t.outcome.clone(),
            );
        out.push(DerivedRow {
            derivation: *derivation,
            workload: row.workload,
            engine: row.engine,
            full: row.outcome.clone(),
            trivial,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::WORKLOADS;

    #[test]
    fn derivations_name_real_workloads() {
        for d in DERIVATIONS {
            let w = WORKLOADS
                .iter()
                .find(|w| w.name == d.workload)
                .unwrap_or_else(|| panic!("{}", d.workload));
            assert!(n_of(w).is_some(), "{}", w.name);
            let t = d.trivial(w);
            assert_eq!((t.name, t.file, t.arg), (w.name, w.file, "0"));
            assert_eq!(t.peers, w.peers);
        }
    }
}
