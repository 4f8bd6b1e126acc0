//! Headroom charts (SVG or PNG by extension), drawn with the crate's chart scaffolding
//! ([`crate::plot::Chart`], [`crate::plot::render`]): per area, curtailed energy
//! against the new load and the hours nearest the threshold; across areas, ours
//! against Duke's published headroom.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::path::Path;

use super::assess::{share_label, AreaResult};
use super::curtailed_energy;
use super::data::DUKE_SHARES_PCT;
use super::HOURS_PER_YEAR;
use crate::error::Result;
use crate::plot::{categorical, e, render, Chart, DrawResult};

fn color(k: usize) -> RGBColor {
    categorical(k)
}

/// The per-area chart: curtailed energy share vs new load (left), the hours nearest the
/// threshold with the new load of each share (right).
pub fn plot_area(r: &AreaResult, path: &Path) -> Result<()> {
    render(path, (1400, 600), &AreaChart { r })
}

/// Ours vs Duke's per-BA headroom at the shares both have (areas with Duke values).
pub fn plot_summary(results: &[AreaResult], path: &Path) -> Result<()> {
    let rows: Vec<&AreaResult> = results.iter().filter(|r| r.area.duke.is_some()).collect();
    render(path, (1400, 900), &Summary { rows })
}

struct AreaChart<'a> {
    r: &'a AreaResult,
}

impl Chart for AreaChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let r = self.r;
        let (y0, y1) = r.years();
        let title = format!("{}: curtailment-enabled headroom (EIA-930 {y0}–{y1})", r.area.name);
        let root = root.titled(&title, ("sans-serif", 22).into_font().style(FontStyle::Bold)).map_err(e)?;
        let (left, right) = root.split_horizontally(700);
        curve_panel(&left, r)?;
        margin_panel(&right, r)
    }
}

/// Largest finite headroom of an area, MW (at least 1 MW).
fn max_headroom(r: &AreaResult) -> f64 {
    let duke = r.area.duke.map_or(0.0, |d| d.headroom_gw.iter().fold(0.0, |a: f64, b| a.max(*b)) * 1e3);
    r.shares.iter().map(|s| s.headroom_mw).filter(|l| l.is_finite()).fold(duke, f64::max).max(1.0)
}

fn curve_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &AreaResult) -> DrawResult {
    let lmax = 1.25 * max_headroom(r) / 1e3;
    let n = r.sorted_slack.len().max(1) as f64;
    let pts: Vec<(f64, f64)> = (1..=200)
        .map(|i| lmax * i as f64 / 200.0)
        .map(|l| (l, 100.0 * curtailed_energy(&r.sorted_slack, l * 1e3) / (l * 1e3 * n)))
        .filter(|p| p.1 > 0.0)
        .collect();
    let ymax = pts.iter().map(|p| p.1).fold(10.0, f64::max).min(100.0);
    let mut chart = ChartBuilder::on(area)
        .caption("Curtailed share of the new load's energy", ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..lmax, (0.01..ymax).log_scale())
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("Constant new load (GW)")
        .y_desc("Curtailed energy (% of new load's energy, log)")
        .y_label_formatter(&|v| format!("{v}"))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    chart
        .draw_series(LineSeries::new(pts, BLACK.stroke_width(2)))
        .map_err(e)?
        .label("curtailed energy at new load L")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    for (k, s) in r.shares.iter().enumerate().filter(|(_, s)| s.headroom_mw.is_finite()) {
        let c = color(k);
        chart
            .draw_series(std::iter::once(Circle::new((s.headroom_mw / 1e3, s.share_pct), 6, c.filled())))
            .map_err(e)?
            .label(format!("ours at {} %: {:.2} GW", share_label(s.share_pct), s.headroom_mw / 1e3))
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, c.filled()));
    }
    if let Some(d) = r.area.duke {
        let pts: Vec<(f64, f64)> = DUKE_SHARES_PCT.iter().zip(d.headroom_gw).map(|(s, g)| (g, *s)).collect();
        chart
            .draw_series(pts.iter().map(|p| TriangleMarker::new(*p, 8, BLACK.stroke_width(2))))
            .map_err(e)?
            .label("Duke 2025 (2016–2024 data)")
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BLACK.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

fn margin_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: &AreaResult) -> DrawResult {
    let per_year = HOURS_PER_YEAR / r.hours.max(1) as f64;
    let max_hours = r.shares.iter().filter(|s| s.headroom_mw.is_finite()).map(|s| s.curtailed_hours_per_year).fold(50.0, f64::max) * 1.3;
    let take = ((max_hours / per_year).ceil() as usize).min(r.sorted_slack.len());
    let pts: Vec<(f64, f64)> = r.sorted_slack[..take].iter().enumerate().map(|(i, s)| ((i + 1) as f64 * per_year, s / 1e3)).collect();
    let ymax = 1.15 * max_headroom(r) / 1e3;
    let ymin = pts.first().map_or(0.0, |p| p.1.min(0.0));
    let mut chart = ChartBuilder::on(area)
        .caption("Hours nearest the seasonal peak threshold", ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..max_hours, ymin..ymax)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("Hours per year, sorted by margin")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("Margin below the threshold (GW)")
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    chart
        .draw_series(LineSeries::new(pts, BLACK.stroke_width(2)))
        .map_err(e)?
        .label(format!("threshold − load (summer {:.1} GW, winter {:.1} GW)", r.thresholds.summer_mw / 1e3, r.thresholds.winter_mw / 1e3))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    for (k, s) in r.shares.iter().enumerate().filter(|(_, s)| s.headroom_mw.is_finite()) {
        let (c, l) = (color(k), s.headroom_mw / 1e3);
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(0.0, l), (max_hours, l)], c.stroke_width(2))))
            .map_err(e)?
            .label(format!("new load at {} %: {:.2} GW, {:.0} h/yr curtailed", share_label(s.share_pct), l, s.curtailed_hours_per_year))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// The legend box every headroom chart draws, at `pos`.
fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    pos: SeriesLabelPosition,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(pos)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(e)
}

struct Summary<'a> {
    rows: Vec<&'a AreaResult>,
}

impl Chart for Summary<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let shares: Vec<f64> = DUKE_SHARES_PCT.iter().copied().filter(|s| self.rows.iter().any(|r| r.headroom_gw(*s).is_some())).collect();
        let (y0, y1) = self.rows.first().map_or((0, 0), |r| r.years());
        let title = format!("Curtailment-enabled headroom per BA: nagrid (EIA-930 {y0}–{y1}) vs Duke 2025 (EIA-930 2016–2024)");
        let root = root.titled(&title, ("sans-serif", 22).into_font().style(FontStyle::Bold)).map_err(e)?;
        let (top, bottom) = root.split_vertically(520);
        summary_gw(&top, &self.rows, &shares)?;
        summary_ratio(&bottom, &self.rows, &shares)
    }
}

/// Bar x-range of share `k` of `n` in BA slot `i`.
fn bar(i: usize, k: usize, n: usize) -> (f64, f64) {
    let w = 0.8 / n.max(1) as f64;
    let x0 = i as f64 - 0.4 + k as f64 * w;
    (x0, x0 + w * 0.9)
}

type Bars<'a, DB> = ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// A chart with one slot per area on x (labelled with the area ids) and 0..`ymax` on y.
fn area_bars<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    rows: &[&AreaResult],
    ymax: f64,
    x_desc: &str,
    y_desc: &str,
) -> std::result::Result<Bars<'a, DB>, String> {
    let n = rows.len();
    let ids: Vec<&str> = rows.iter().map(|r| r.area.id).collect();
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(if x_desc.is_empty() { 35 } else { 40 })
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..ymax)
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(4)
        .x_labels(n.max(1))
        .x_label_formatter(&|x| {
            ids.get(x.round() as usize).filter(|_| (x - x.round()).abs() < 0.01).map(|s| s.to_string()).unwrap_or_default()
        })
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    Ok(chart)
}

fn summary_gw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, rows: &[&AreaResult], shares: &[f64]) -> DrawResult {
    let shown =
        |r: &AreaResult| shares.iter().flat_map(|s| [r.headroom_gw(*s), r.area.duke.and_then(|d| d.at(*s))]).flatten().fold(0.0, f64::max);
    let ymax = rows.iter().map(|r| shown(r)).fold(1.0, f64::max) * 1.1;
    let mut chart = area_bars(area, rows, ymax, "", "Headroom (GW)")?;
    for (k, s) in shares.iter().enumerate() {
        let c = color(k);
        let bars: Vec<Rectangle<(f64, f64)>> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.headroom_gw(*s).map(|g| (i, g)))
            .map(|(i, g)| {
                let (x0, x1) = bar(i, k, shares.len());
                Rectangle::new([(x0, 0.0), (x1, g)], c.mix(0.8).filled())
            })
            .collect();
        chart
            .draw_series(bars)
            .map_err(e)?
            .label(format!("nagrid at {} %", share_label(*s)))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
    }
    let duke: Vec<(f64, f64)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            shares.iter().enumerate().filter_map(move |(k, s)| {
                let (x0, x1) = bar(i, k, shares.len());
                r.area.duke.and_then(|d| d.at(*s)).map(|g| ((x0 + x1) / 2.0, g))
            })
        })
        .collect();
    chart
        .draw_series(duke.iter().map(|p| TriangleMarker::new(*p, 6, BLACK.filled())))
        .map_err(e)?
        .label("Duke 2025 (same share)")
        .legend(|(x, y)| TriangleMarker::new((x + 7, y), 5, BLACK.filled()));
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

fn summary_ratio<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, rows: &[&AreaResult], shares: &[f64]) -> DrawResult {
    let n = rows.len();
    let ratios: Vec<(usize, usize, f64)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| shares.iter().enumerate().filter_map(move |(k, s)| r.diff_to_duke_pct(*s).map(|d| (i, k, 1.0 + d / 100.0))))
        .collect();
    let ymax = ratios.iter().map(|t| t.2).fold(1.5, f64::max) * 1.05;
    let mut chart = area_bars(area, rows, ymax, "Balancing authority", "nagrid ÷ Duke")?;
    let band = RGBColor(44, 160, 44).mix(0.15);
    chart
        .draw_series(std::iter::once(Rectangle::new([(-0.5, 0.8), (n as f64 - 0.5, 1.2)], band.filled())))
        .map_err(e)?
        .label("within ±20 %")
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], band.filled()));
    chart.draw_series(std::iter::once(PathElement::new(vec![(-0.5, 1.0), (n as f64 - 0.5, 1.0)], BLACK))).map_err(e)?;
    for (k, s) in shares.iter().enumerate() {
        let c = color(k);
        let bars = ratios.iter().filter(|t| t.1 == k).map(|&(i, _, v)| {
            let (x0, x1) = bar(i, k, shares.len());
            Rectangle::new([(x0, 0.0), (x1, v)], c.mix(0.8).filled())
        });
        chart
            .draw_series(bars)
            .map_err(e)?
            .label(format!("{} %", share_label(*s)))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}
