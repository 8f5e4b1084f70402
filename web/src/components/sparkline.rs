//! A 12-month sparkline drawn with plotters' SVG backend (no text, so no font layout).

use plotters::prelude::*;

/// An SVG sparkline of `points` (`None` = no value that month), `w`×`h` pixels.
pub fn svg(points: &[Option<f64>], w: u32, h: u32) -> String {
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
