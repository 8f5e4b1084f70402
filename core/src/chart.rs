//! Charts as SVG text, drawn with plotters' SVG backend: the dashboard's and those of the
//! reports the engine writes (the scenario comparison). Each chart has axes, units and
//! the values people would rather read as numbers printed on it.
//!
//! In a browser plotters measures text through the DOM (so the dashboard draws on the
//! main thread, not in a worker); elsewhere it estimates text widths from the font size.
//! Coordinates are `f64`: a chart places amounts, it never computes with them.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

const BLUE: RGBColor = RGBColor(37, 99, 235);
const GREEN: RGBColor = RGBColor(22, 163, 74);
const ORANGE: RGBColor = RGBColor(234, 88, 12);
const RED: RGBColor = RGBColor(185, 28, 28);
const GREY: RGBColor = RGBColor(100, 116, 139);

/// Bar colours from current to very late.
const AGING: [RGBColor; 5] = [GREEN, BLUE, ORANGE, RED, RGBColor(127, 29, 29)];

/// The drawing area of a bar chart.
type Bars<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A `w`×`h` bar chart as SVG: one `labels` entry under the middle of each bar (bar `i`
/// spans `i..i + 1`), amounts in `unit` from 0 to `max` on the y axis; `draw` draws the
/// bars.
fn bar_chart(
    labels: &[String],
    max: f64,
    unit: &str,
    font: u32,
    (w, h): (u32, u32),
    draw: impl FnOnce(&mut Bars<'_, '_>),
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).ok();
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..labels.len() as f64, 0f64..max)
        else {
            return String::new();
        };
        let names = labels.to_vec();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len() * 2 + 1)
            .x_label_formatter(&move |x| {
                let i = (*x - 0.5).round();
                if (x - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .light_line_style(RGBColor(241, 245, 249))
            .y_desc(unit)
            .y_label_formatter(&|y| short(*y))
            .label_style(("sans-serif", font))
            .draw()
            .ok();
        draw(&mut chart);
        root.present().ok();
    }
    out
}

/// A bar chart of the aging buckets: `labels`, amounts, and the text printed above each
/// bar (the formatted amount).
pub fn aging(
    labels: &[String],
    values: &[f64],
    printed: &[String],
    unit: &str,
    w: u32,
    h: u32,
) -> String {
    let max = values.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.15;
    bar_chart(labels, max, unit, 12, (w, h), |chart| {
        for (i, v) in values.iter().enumerate() {
            let c = AGING[i.min(AGING.len() - 1)];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(i as f64 + 0.15, 0.0), (i as f64 + 0.85, *v)],
                    c.filled(),
                )))
                .ok();
            if let Some(t) = printed.get(i) {
                chart
                    .draw_series(std::iter::once(Text::new(
                        t.clone(),
                        (i as f64 + 0.12, *v + max * 0.07),
                        ("sans-serif", 11).into_font(),
                    )))
                    .ok();
            }
        }
    })
}

/// A line chart of monthly series: `months` labels, and `(name, values)` per series
/// (`None` = no value that month), with a legend and the last value printed.
pub fn trend(
    months: &[String],
    series: &[(String, Vec<Option<f64>>)],
    unit: &str,
    w: u32,
    h: u32,
) -> String {
    let mut out = String::new();
    let all: Vec<f64> = series
        .iter()
        .flat_map(|s| s.1.iter().flatten().cloned())
        .collect();
    if all.is_empty() {
        return out;
    }
    let (lo, hi) = y_range(&all, series.len(), h);
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).ok();
        let last = (months.len().max(2) - 1) as f64;
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.3f64..last + 0.6, lo..hi)
        else {
            return String::new();
        };
        let names = months.to_vec();
        chart
            .configure_mesh()
            .x_labels(months.len())
            .x_label_formatter(&move |x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .light_line_style(RGBColor(241, 245, 249))
            .y_desc(unit)
            .label_style(("sans-serif", 11))
            .draw()
            .ok();
        let colours = [BLUE, GREEN, ORANGE, GREY];
        let lasts: Vec<f64> = (series.iter())
            .map(|(_, v)| v.iter().rev().flatten().next().copied().unwrap_or(lo))
            .collect();
        let plot_px = f64::from(h.saturating_sub(TREND_FRAME_PX)).max(1.0);
        let label_at = spread_labels(&lasts, LABEL_PX * (hi - lo) / plot_px);
        for (k, (name, values)) in series.iter().enumerate() {
            let c = colours[k % colours.len()];
            let pts: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            if let Ok(drawn) = chart.draw_series(LineSeries::new(pts.clone(), c.stroke_width(2))) {
                drawn.label(name.clone()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(2))
                });
            }
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 2, c.filled())))
                .ok();
            if let Some(&(x, y)) = pts.last() {
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{y:.1}"),
                        (x + 0.1, label_at[k]),
                        ("sans-serif", 11).into_font().color(&c),
                    )))
                    .ok();
            }
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(GREY)
            .label_font(("sans-serif", 11))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .ok();
        root.present().ok();
    }
    out
}

/// The pixels above and below a trend chart's plot area (margins and the x labels).
const TREND_FRAME_PX: u32 = 48;

/// The height of a printed last value, with a little room (11 px text).
const LABEL_PX: f64 = 13.0;

/// Where to print the series' last values `ys` (in the chart's units): each at its
/// value, but at least `gap` above the label below it, so that two series ending close
/// together keep two legible labels (lowest value first; a label moves up only as far
/// as the one below it pushes it, and the order of the values is kept).
fn spread_labels(ys: &[f64], gap: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut at = ys.to_vec();
    let mut below: Option<f64> = None;
    for k in order {
        let y = below.map_or(ys[k], |b| ys[k].max(b + gap));
        at[k] = y;
        below = Some(y);
    }
    at
}

/// Pixels of the legend: a frame and a row per series.
fn legend_px(rows: usize) -> f64 {
    10.0 + 15.0 * rows as f64
}

/// The y axis of a trend chart `h` pixels high: from 0 (or the lowest value) to above
/// the highest value with room, and a band on top for the legend of `rows` series
/// (drawn in the top-left corner), so that the legend never covers a line.
fn y_range(values: &[f64], rows: usize, h: u32) -> (f64, f64) {
    let lo = values
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let top = values.iter().cloned().fold(f64::NEG_INFINITY, f64::max) * 1.1 + 1.0;
    let plot_px = f64::from(h.saturating_sub(TREND_FRAME_PX)).max(1.0);
    let band = (legend_px(rows) / plot_px).min(0.5);
    (lo, lo + (top - lo).max(1.0) / (1.0 - band))
}

/// 1234567 → "1.2M", 12345 → "12k".
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// Bars of expected amounts with a whisker for each band (`low`..`high`): the cash-flow
/// forecast. `labels` under the bars, `unit` on the y axis.
pub fn band_bars(
    labels: &[String],
    expected: &[f64],
    band: &[(f64, f64)],
    unit: &str,
    w: u32,
    h: u32,
) -> String {
    let max = band
        .iter()
        .map(|b| b.1)
        .chain(expected.iter().cloned())
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    bar_chart(labels, max, unit, 11, (w, h), |chart| {
        for (i, v) in expected.iter().enumerate() {
            let x = i as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.2, 0.0), (x + 0.8, *v)],
                    BLUE.mix(0.8).filled(),
                )))
                .ok();
            if let Some(&(lo, hi)) = band.get(i) {
                let style = GREY.stroke_width(2);
                chart
                    .draw_series([
                        PathElement::new(vec![(x + 0.5, lo), (x + 0.5, hi)], style),
                        PathElement::new(vec![(x + 0.35, lo), (x + 0.65, lo)], style),
                        PathElement::new(vec![(x + 0.35, hi), (x + 0.65, hi)], style),
                    ])
                    .ok();
            }
        }
    })
}

/// A 12-month sparkline (no text, so no font layout): an SVG line of `points` (`None` = no value that month), `w`×`h` pixels.
pub fn sparkline(points: &[Option<f64>], w: u32, h: u32) -> String {
    let values: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let mut out = String::new();
    if values.len() < 2 {
        return out;
    }
    let lo = values.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = values.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(0.01);
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        let Ok(mut chart) = ChartBuilder::on(&root).margin(2).build_cartesian_2d(
            0f64..(points.len().max(2) - 1) as f64,
            (lo - pad)..(hi + pad),
        ) else {
            return String::new();
        };
        let line = RGBColor(37, 99, 235);
        chart
            .draw_series(LineSeries::new(
                values.iter().map(|&(i, v)| (i as f64, v)),
                line.stroke_width(2),
            ))
            .ok();
        if let Some(&(i, v)) = values.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (i as f64, v),
                    3,
                    line.filled(),
                )))
                .ok();
        }
        root.present().ok();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_values_close_together_get_labels_a_line_apart() {
        // The scenario report's two series ending at 9459.1 and 9020.2 on an axis of
        // 0..16 000 over 212 px: 13 px is 13 × 16 000 / 212 = 981.1, so the higher label
        // moves to 9020.2 + 981.1 = 10 001.3; a third series far below stays where it is.
        let gap = LABEL_PX * 16_000.0 / 212.0;
        let at = spread_labels(&[9459.1, 9020.2, 2000.0], gap);
        assert_eq!(at[1], 9020.2);
        assert!((at[0] - 10_001.3).abs() < 0.1, "{at:?}");
        assert_eq!(at[2], 2000.0);
        // Three at the same value: one above the other, a gap apart, in series order.
        assert_eq!(spread_labels(&[5.0, 5.0, 5.0], 1.0), [5.0, 6.0, 7.0]);
        // Far apart: unchanged.
        assert_eq!(spread_labels(&[1.0, 50.0], 1.0), [1.0, 50.0]);
    }

    #[test]
    fn the_legend_band_is_above_every_value() {
        // DSO 40..60 days, three series, the dashboard's 260 px: plot 212 px, legend
        // 10 + 3 × 15 = 55 px, so the band is 55 / 212 = 0.259 of the axis. The top of
        // the data is 60 × 1.1 + 1 = 67, so hi = 67 / (1 - 0.2594) = 90.47.
        let (lo, hi) = y_range(&[40.0, 60.0, 15.0], 3, 260);
        assert_eq!(lo, 0.0);
        assert!((hi - 90.47).abs() < 0.01, "{hi}");
        // In pixels: the highest value sits below the legend's lowest pixel.
        let value_px_from_top = (hi - 60.0) / (hi - lo) * 212.0;
        assert!(value_px_from_top > 55.0, "{value_px_from_top}");
        // Negative values: the axis starts at the lowest, the band stays on top.
        let (lo, hi) = y_range(&[-5.0, 10.0], 1, 260);
        assert_eq!(lo, -5.0);
        let band = 25.0 / 212.0;
        assert!(((10.0 * 1.1 + 1.0 + 5.0) / (1.0 - band) - 5.0 - hi).abs() < 1e-9);
    }
}
