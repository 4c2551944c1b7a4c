//! Results and how they are reported (markdown table, JSON).

use std::fmt::Write as _;

use crate::engines::EngineKind;
use crate::measure::Sample;
use crate::workloads::Workload;

/// The result of one workload on one engine.
#[derive(Debug, Clone)]
pub struct Row {
    pub workload: Workload,
    pub engine: EngineKind,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every run printed the expected result; one sample per measured run.
    Ok(Vec<Sample>),
    /// A run failed (or the engine could not run); the reason.
    Failed(String),
}

impl Outcome {
    /// Median wall time in milliseconds.
    pub fn median_ms(&self) -> Option<f64> {
        let Outcome::Ok(samples) = self else {
            return None;
        };
        let mut ms: Vec<f64> = samples.iter().map(|s| s.wall.as_secs_f64() * 1e3).collect();
        median(&mut ms)
    }

    /// Highest peak RSS over the measured runs, in MiB.
    pub fn peak_rss_mib(&self) -> Option<f64> {
        self.peak_rss_kib().map(|kib| kib as f64 / 1024.0)
    }

    /// Highest peak RSS over the measured runs, in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let Outcome::Ok(samples) = self else {
            return None;
        };
        samples.iter().map(|s| s.max_rss_kib).max()
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// Spindle's median time divided by this row's, when both succeeded
/// (`None` for Spindle's own rows).
pub fn ratio(rows: &[Row], row: &Row) -> Option<f64> {
    if row.engine == EngineKind::Spindle {
        return None;
    }
    let spindle = rows
        .iter()
        .find(|r| r.engine == EngineKind::Spindle && r.workload.name == row.workload.name)?;
    Some(spindle.outcome.median_ms()? / row.outcome.median_ms()?)
}

/// The results as a markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| workload | engine | median wall (ms) | peak RSS (MiB) | Spindle/peer time |\n");
    out.push_str("|---|---|---:|---:|---:|\n");
    for row in rows {
        let label = row.workload.label();
        let engine = row.engine.name();
        match &row.outcome {
            Outcome::Ok(_) => {
                let median = fmt_opt(row.outcome.median_ms(), 1);
                let rss = fmt_opt(row.outcome.peak_rss_mib(), 1);
                let ratio = match (row.engine, ratio(rows, row)) {
                    (EngineKind::Spindle, _) => "-".to_string(),
                    (_, Some(r)) => format!("{r:.2}"),
                    (_, None) => "n/a".to_string(),
                };
                let _ = writeln!(out, "| {label} | {engine} | {median} | {rss} | {ratio} |");
            }
            Outcome::Failed(reason) => {
                let reason = markdown_cell(reason);
                let _ = writeln!(out, "| {label} | {engine} | failed: {reason} | | |");
            }
        }
    }
    out
}

fn fmt_opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.decimals$}"))
}

/// Makes `text` safe inside one markdown table cell, and not too long.
pub(crate) fn markdown_cell(text: &str) -> String {
    const MAX: usize = 160;
    let mut cell: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.chars().count() > MAX {
        cell = cell.chars().take(MAX).collect::<String>() + "...";
    }
    cell.replace('|', "\\|")
}

/// The results as a JSON document.
pub fn json(
    rows: &[Row],
    runs: u32,
    warmup: u32,
    engines: &[(EngineKind, String, Option<String>)],
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\n  \"runs\": {runs},\n  \"warmup\": {warmup},\n  \"engines\": ["
    );
    for (i, (kind, program, version)) in engines.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let version = version
            .as_deref()
            .map_or_else(|| "null".to_string(), json_str);
        let _ = write!(
            out,
            "{sep}\n    {{\"engine\": {}, \"program\": {}, \"version\": {version}}}",
            json_str(kind.name()),
            json_str(program),
        );
    }
    out.push_str("\n  ],\n  \"results\": [");
    for (i, row) in rows.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let w = &row.workload;
        let _ = write!(
            out,
            "{sep}\n    {{\"workload\": {}, \"file\": {}, \"arg\": {}, \"expected\": {}, \"engine\": {}, ",
            json_str(w.name),
            json_str(w.file),
            json_str(w.arg),
            json_str(w.expected),
            json_str(row.engine.name()),
        );
        match &row.outcome {
            Outcome::Ok(samples) => {
                let times: Vec<String> = samples
                    .iter()
                    .map(|s| json_num(s.wall.as_secs_f64() * 1e3))
                    .collect();
                let rss: Vec<String> = samples.iter().map(|s| s.max_rss_kib.to_string()).collect();
                let ratio = ratio(rows, row).map_or_else(|| "null".to_string(), json_num);
                let _ = write!(
                    out,
                    "\"status\": \"ok\", \"median_ms\": {}, \"peak_rss_mib\": {}, \"spindle_over_peer\": {ratio}, \"times_ms\": [{}], \"max_rss_kib\": [{}]}}",
                    json_num(row.outcome.median_ms().unwrap_or(f64::NAN)),
                    json_num(row.outcome.peak_rss_mib().unwrap_or(f64::NAN)),
                    times.join(", "),
                    rss.join(", "),
                );
            }
            Outcome::Failed(reason) => {
                let _ = write!(
                    out,
                    "\"status\": \"failed\", \"reason\": {}}}",
                    json_str(reason)
                );
            }
        }
    }
    out.push_str("\n  ]\n}\n");
    out
}

fn json_num(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.3}")
    } else {
        "null".to_string()
    }
}

fn json_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads::WORKLOADS;
    use std::time::Duration;

    fn ok(ms: &[u64]) -> Outcome {
        Outcome::Ok(
            ms.iter()
                .map(|&m| Sample {
                    wall: Duration::from_millis(m),
                    max_rss_kib: 2048,
                })
                .collect(),
        )
    }

    #[test]
    fn table_and_json() {
        let w = WORKLOADS[0];
        let rows = vec![
            Row {
                workload: w,
                engine: EngineKind::Spindle,
                outcome: ok(&[300, 100, 200]),
            },
            Row {
                workload: w,
                engine: EngineKind::Wasmtime,
                outcome: ok(&[50, 50]),
            },
            Row {
                workload: w,
                engine: EngineKind::Wasmi,
                outcome: Outcome::Failed("a|b\nc".into()),
            },
        ];
        assert_eq!(rows[0].outcome.median_ms(), Some(200.0));
        assert_eq!(ratio(&rows, &rows[1]), Some(4.0));
        let md = markdown(&rows);
        assert!(
            md.contains("| fib(32) | spindle | 200.0 | 2.0 | - |"),
            "{md}"
        );
        assert!(
            md.contains("| fib(32) | wasmtime | 50.0 | 2.0 | 4.00 |"),
            "{md}"
        );
        assert!(
            md.contains("| fib(32) | wasmi | failed: a\\|b c | | |"),
            "{md}"
        );
        let js = json(&rows, 3, 1, &[(EngineKind::Spindle, "sp\"in".into(), None)]);
        assert!(
            js.contains("\"program\": \"sp\\\"in\", \"version\": null"),
            "{js}"
        );
        assert!(js.contains("\"spindle_over_peer\": 4.000"), "{js}");
        assert!(js.contains("\"reason\": \"a|b\\nc\""), "{js}");
    }
}
