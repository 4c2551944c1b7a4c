//! The report's chart: a grouped horizontal bar chart, as SVG, of each
//! engine's median wall time per workload relative to Spindle's (Spindle =
//! 1.0), on a log scale.

use anyhow::{anyhow, Result};
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::engines::EngineKind;
use crate::report::Row;

/// One bar: an engine's time on a workload relative to Spindle's.
#[derive(Debug, Clone, PartialEq)]
pub enum Bar {
    /// Engine median / Spindle median.
    Ratio(f64),
    /// No ratio; the short text shown instead (e.g. `failed`).
    Missing(String),
}

/// The bars of one workload, at most one per engine (engines that do not
/// run the workload have none).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub bars: Vec<(EngineKind, Bar)>,
}

/// The chart's data: one group per workload, in report order.
pub fn groups(rows: &[Row]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for row in rows {
        let label = row.workload.label();
        let index = match groups.iter().position(|g| g.label == label) {
            Some(i) => i,
            None => {
                groups.push(Group {
                    label,
                    bars: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let spindle = rows
            .iter()
            .find(|r| r.engine == EngineKind::Spindle && r.workload.name == row.workload.name)
            .and_then(|r| r.outcome.median_ms());
        let bar = match (row.outcome.median_ms(), spindle) {
            (None, _) => Bar::Missing("failed".to_string()),
            (Some(ms), Some(base)) if base > 0.0 => Bar::Ratio(ms / base),
            (Some(_), _) => Bar::Missing("no Spindle time".to_string()),
        };
        groups[index].bars.push((row.engine, bar));
    }
    groups
}

/// Bar colours, one per engine.
fn colour(engine: EngineKind) -> RGBColor {
    match engine {
        EngineKind::Spindle => RGBColor(0x2b, 0x6c, 0xb0),
        EngineKind::SpindleInterp => RGBColor(0x8f, 0xb8, 0xde),
        EngineKind::Wasmtime => RGBColor(0xdd, 0x84, 0x52),
        EngineKind::Wasmi => RGBColor(0x55, 0xa8, 0x68),
    }
}

/// The smallest and largest ratio the axis shows; bars beyond are clipped
/// (their labels still give the value).
const CLIP: (f64, f64) = (1e-3, 1e3);

/// `1`, `2` and `5` times the powers of ten within [`CLIP`], ascending.
fn steps() -> Vec<f64> {
    let (lo, hi) = (CLIP.0.log10().round() as i32, CLIP.1.log10().round() as i32);
    (lo..=hi)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .filter(|&v| v <= CLIP.1 * 1.000_001)
        .collect()
}

/// The axis range: `1`, `2` or `5` times a power of ten on either side of
/// every ratio (and of 1.0, with room for Spindle's bar), with room on the
/// right for the value labels; within [`CLIP`].
pub fn axis_range(groups: &[Group]) -> (f64, f64) {
    let ratios = groups
        .iter()
        .flat_map(|g| &g.bars)
        .filter_map(|(_, bar)| match bar {
            Bar::Ratio(r) if r.is_finite() && *r > 0.0 => Some(*r),
            _ => None,
        });
    let (min, max) = ratios.fold((1.0f64, 1.0f64), |(lo, hi), r| (lo.min(r), hi.max(r)));
    let steps = steps();
    let lo = steps
        .iter()
        .copied()
        .rev()
        .find(|&v| v <= (min / 1.3).min(0.5))
        .unwrap_or(CLIP.0);
    let hi = steps
        .iter()
        .copied()
        .find(|&v| v >= (max * 2.0).max(2.0))
        .unwrap_or(CLIP.1);
    (lo, hi)
}

/// The ticks in `lo..=hi` (`1`, `2` and `5` times powers of ten): labelled
/// ones and light grid lines. All are labelled when there are few; else
/// only the powers of ten and the ends.
fn ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let within: Vec<f64> = steps()
        .into_iter()
        .filter(|&v| v >= lo / 1.000_001 && v <= hi * 1.000_001)
        .collect();
    if within.len() <= 8 {
        return (within, Vec::new());
    }
    let is_decade = |v: f64| (v.log10() - v.log10().round()).abs() < 1e-9;
    within
        .into_iter()
        .partition(|&v| is_decade(v) || v == lo || v == hi)
}

/// A ratio as a bar label: `0.042×`, `1.00×`, `12.3×`, `456×`.
pub fn ratio_label(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}\u{d7}")
    } else if r >= 10.0 {
        format!("{r:.1}\u{d7}")
    } else if r >= 0.1 {
        format!("{r:.2}\u{d7}")
    } else {
        format!("{r:.3}\u{d7}")
    }
}

/// An axis tick label: `0.01`, `1`, `100`.
fn tick_label(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.0}")
    } else {
        let decimals = (-v.log10() - 1e-9).ceil().max(0.0) as usize;
        format!("{v:.decimals$}")
    }
}

/// The workload axis: `n` bands of height 1 over `0..n`, with ticks (and
/// labels) at the band centres.
struct Bands {
    n: usize,
}

impl Bands {
    fn centres(&self) -> Vec<f64> {
        (0..self.n).map(|i| i as f64 + 0.5).collect()
    }
}

impl Ranged for Bands {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = value / self.n.max(1) as f64;
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.centres()
        }
    }

    fn range(&self) -> Range<f64> {
        0.0..self.n as f64
    }
}

/// The chart as an SVG document; `subtitle` goes under the title.
pub fn svg(rows: &[Row], subtitle: &str) -> Result<String> {
    let groups = groups(rows);
    let mut out = String::new();
    draw(&groups, subtitle, &mut out).map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
    Ok(out)
}

const WIDTH: u32 = 960;
const HEADER: u32 = 84;
const BAND: u32 = 64;
const FOOTER: u32 = 62;
const FONT: &str = "sans-serif";

fn draw(
    groups: &[Group],
    subtitle: &str,
    out: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = groups.len().max(1);
    let height = HEADER + BAND * n as u32 + FOOTER;
    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(HEADER);

    // Title, subtitle and legend.
    let left =
        |size| TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Left, VPos::Top));
    header.draw(&Text::new(
        "Median wall time relative to Spindle (Spindle = 1, log scale, shorter = faster)",
        (16, 10),
        left(21).into_text_style(&header),
    ))?;
    header.draw(&Text::new(
        subtitle.to_string(),
        (16, 36),
        left(15).color(&RGBColor(0x55, 0x55, 0x55)),
    ))?;
    let mut x = 16;
    for engine in EngineKind::ALL {
        if !groups
            .iter()
            .any(|g| g.bars.iter().any(|(e, _)| *e == engine))
        {
            continue;
        }
        header.draw(&Rectangle::new(
            [(x, 60), (x + 16, 74)],
            colour(engine).filled(),
        ))?;
        header.draw(&Text::new(
            engine.name(),
            (x + 22, 59),
            left(16).into_text_style(&header),
        ))?;
        x += 36 + 10 * engine.name().len() as i32;
    }

    let (lo, hi) = axis_range(groups);
    let (bold, light) = ticks(lo, hi);
    let n_f = n as f64;
    // Workload i's band is y in [n-1-i, n-i] (the first workload on top).
    let labels: Vec<(f64, String)> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (n_f - i as f64 - 0.5, g.label.clone()))
        .collect();
    let mut chart = ChartBuilder::on(&body)
        .margin_left(16)
        .margin_right(24)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(230)
        .build_cartesian_2d(
            (lo..hi)
                .log_scale()
                .with_key_points(bold)
                .with_light_points(light),
            Bands { n },
        )?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc("engine median / Spindle median")
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| {
            labels
                .iter()
                .find(|(c, _)| (c - v).abs() < 1e-6)
                .map_or_else(String::new, |(_, l)| l.clone())
        })
        .label_style((FONT, 16))
        .axis_desc_style((FONT, 16))
        .draw()?;

    // Spindle's line at 1.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, 0.0), (1.0, n_f)],
        RGBColor(0x33, 0x33, 0x33).stroke_width(1),
    )))?;

    let value_style = |h| TextStyle::from((FONT, 14).into_font()).pos(Pos::new(h, VPos::Center));
    let slots = EngineKind::ALL.len() as f64;
    let slot = 0.8 / slots;
    for (i, group) in groups.iter().enumerate() {
        let top = n_f - i as f64 - 0.1;
        for (engine, bar) in &group.bars {
            let index = EngineKind::ALL
                .iter()
                .position(|e| e == engine)
                .unwrap_or(0) as f64;
            let y1 = top - index * slot - 0.02;
            let y0 = y1 - slot + 0.04;
            let mid = (y0 + y1) / 2.0;
            match bar {
                Bar::Ratio(r) => {
                    let end = r.clamp(lo, hi);
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(lo, y0), (end, y1)],
                        colour(*engine).filled(),
                    )))?;
                    if *engine == EngineKind::Spindle {
                        // Always 1; the line at 1 says so.
                        continue;
                    }
                    let text = ratio_label(*r);
                    let element = if *r > hi {
                        // Clipped on the right: the label goes inside the bar.
                        Text::new(
                            format!("{text} >"),
                            (hi / 1.05, mid),
                            value_style(HPos::Right).color(&WHITE),
                        )
                    } else {
                        Text::new(text, (end * 1.06, mid), value_style(HPos::Left))
                    };
                    chart.draw_series(std::iter::once(element))?;
                }
                Bar::Missing(text) => {
                    chart.draw_series(std::iter::once(Text::new(
                        format!("{}: {text}", engine.name()),
                        (lo * 1.06, mid),
                        value_style(HPos::Left).color(&RGBColor(0xb0, 0x20, 0x20)),
                    )))?;
                }
            }
        }
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Sample;
    use crate::report::Outcome;
    use crate::workloads::WORKLOADS;
    use std::time::Duration;

    fn ok(ms: u64) -> Outcome {
        Outcome::Ok(vec![Sample {
            wall: Duration::from_millis(ms),
            max_rss_kib: 4096,
        }])
    }

    fn rows() -> Vec<Row> {
        let fib = WORKLOADS[0];
        let cont = *WORKLOADS
            .iter()
            .find(|w| w.name == "cont_many_live")
            .unwrap();
        vec![
            Row {
                workload: fib,
                engine: EngineKind::Spindle,
                outcome: ok(400),
            },
            Row {
                workload: fib,
                engine: EngineKind::Wasmtime,
                outcome: ok(20),
            },
            Row {
                workload: fib,
                engine: EngineKind::Wasmi,
                outcome: ok(600),
            },
            Row {
                workload: cont,
                engine: EngineKind::Spindle,
                outcome: ok(100),
            },
            Row {
                workload: cont,
                engine: EngineKind::Wasmtime,
                outcome: Outcome::Failed("Cannot allocate memory".into()),
            },
        ]
    }

    #[test]
    fn groups_normalise_to_spindle() {
        let g = groups(&rows());
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].label, "fib(32)");
        assert_eq!(
            g[0].bars,
            [
                (EngineKind::Spindle, Bar::Ratio(1.0)),
                (EngineKind::Wasmtime, Bar::Ratio(0.05)),
                (EngineKind::Wasmi, Bar::Ratio(1.5)),
            ]
        );
        assert_eq!(
            g[1].bars,
            [
                (EngineKind::Spindle, Bar::Ratio(1.0)),
                (EngineKind::Wasmtime, Bar::Missing("failed".into())),
            ]
        );
        // No Spindle time: peers cannot be normalised.
        let mut r = rows();
        r[0].outcome = Outcome::Failed("x".into());
        let g = groups(&r);
        assert_eq!(
            g[0].bars[0],
            (EngineKind::Spindle, Bar::Missing("failed".into()))
        );
        assert_eq!(
            g[0].bars[1],
            (EngineKind::Wasmtime, Bar::Missing("no Spindle time".into()))
        );
    }

    #[test]
    fn axis_and_labels() {
        let g = groups(&rows());
        // 0.05 .. 1.5
        assert_eq!(axis_range(&g), (0.02, 5.0));
        let only = |r: f64| {
            vec![Group {
                label: "w".into(),
                bars: vec![(EngineKind::Wasmtime, Bar::Ratio(r))],
            }]
        };
        assert_eq!(axis_range(&only(30.0)), (0.5, 100.0));
        assert_eq!(axis_range(&only(0.3)), (0.2, 2.0));
        assert_eq!(axis_range(&only(1e-6)), (1e-3, 2.0));
        assert_eq!(axis_range(&only(1e6)), (0.5, 1e3));
        assert_eq!(axis_range(&[]), (0.5, 2.0));
        // Few ticks: all labelled.
        assert_eq!(ticks(0.2, 2.0), (vec![0.2, 0.5, 1.0, 2.0], vec![]));
        // Many: powers of ten and the ends labelled, the rest light.
        let (bold, light) = ticks(0.02, 50.0);
        assert_eq!(bold, [0.02, 0.1, 1.0, 10.0, 50.0]);
        assert_eq!(light, [0.05, 0.2, 0.5, 2.0, 5.0, 20.0]);
        assert_eq!(tick_label(0.2), "0.2");
        assert_eq!(tick_label(0.05), "0.05");
        assert_eq!(tick_label(0.01), "0.01");
        assert_eq!(tick_label(0.1), "0.1");
        assert_eq!(tick_label(100.0), "100");
        assert_eq!(ratio_label(0.05), "0.050\u{d7}");
        assert_eq!(ratio_label(1.0), "1.00\u{d7}");
        assert_eq!(ratio_label(12.34), "12.3\u{d7}");
        assert_eq!(ratio_label(1234.0), "1234\u{d7}");
    }

    #[test]
    fn svg_has_bars_labels_and_text() {
        let svg = svg(&rows(), "synthetic data").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        // Text is SVG <text>, not glyph outlines: no font files needed.
        for text in [
            "fib(32)",
            "cont_many_live(1000000)",
            "synthetic data",
            "wasmtime",
            "wasmi",
            "0.050\u{d7}",
            "1.50\u{d7}",
            "wasmtime: failed",
            "engine median / Spindle median",
        ] {
            assert!(
                svg.contains(&format!(">\n{text}\n</text>")),
                "missing text {text:?}:\n{svg}"
            );
        }
        // One background, three legend swatches, four bars.
        let rects = svg.matches("<rect").count();
        assert!(rects >= 8, "{rects} rects:\n{svg}");
        // Deterministic for the same input.
        assert_eq!(svg, super::svg(&rows(), "synthetic data").unwrap());
    }
}
