//! Load-growth charts (PNG or SVG by file extension): annual demand by country and
//! scenario, data-center share, stacked data-center growth by region, and a typical
//! week of hourly load with and without data centers. Fonts: DejaVu Sans embedded
//! through the `dejavu` crate (no system fonts).

use chrono::{Datelike, Duration};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Once;

use crate::calendar::ClockZone;
use crate::error::{LoadError, Result};
use crate::projection::{ProjectionRow, RegionHourly};
use nagrid_model::Country;

static FONTS: Once = Once::new();

/// Registers DejaVu Sans (regular and bold) as the `sans-serif` family; idempotent.
pub fn register_fonts() {
    FONTS.call_once(|| {
        // The embedded fonts are valid TrueType files; registration cannot fail for them.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Outcome of drawing a chart (an error as text).
pub type DrawResult = std::result::Result<(), String>;

/// Error text of plotters (for `map_err`).
pub fn e<T: std::fmt::Display>(x: T) -> String {
    x.to_string()
}

/// A chart that draws on a white area of any plotters backend. The one chart
/// scaffolding of nagrid: nagrid-load's growth charts and nagrid-study's dispatch
/// charts implement it and are written by [`render`].
pub trait Chart {
    /// Draw on `root` (already filled white; presented by [`render`]).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult;
}

fn render_on<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, chart: &impl Chart) -> DrawResult {
    root.fill(&WHITE).map_err(e)?;
    chart.draw(&root)?;
    root.present().map_err(e)
}

/// Writes `chart` at `size` pixels to `path`, PNG or SVG by its extension, with the
/// embedded DejaVu fonts registered.
pub fn render(path: &Path, size: (u32, u32), chart: &impl Chart) -> Result<()> {
    register_fonts();
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
    let res = match ext.as_str() {
        "png" => render_on(BitMapBackend::new(path, size).into_drawing_area(), chart),
        "svg" => render_on(SVGBackend::new(path, size).into_drawing_area(), chart),
        _ => Err(format!("unsupported image format {:?} (use .png or .svg)", path.display().to_string())),
    };
    res.map_err(|m| LoadError::Plot(format!("{}: {m}", path.display())))
}

/// Draws `chart` at `size` pixels as an SVG document in memory (for HTML reports),
/// with the embedded DejaVu fonts registered for text measurement.
pub fn render_svg(size: (u32, u32), chart: &impl Chart) -> Result<String> {
    register_fonts();
    let mut out = String::new();
    render_on(SVGBackend::with_string(&mut out, size).into_drawing_area(), chart).map_err(LoadError::Plot)?;
    Ok(out)
}

/// A categorical palette of 20 colours that keeps 15+ series apart: matplotlib's
/// `tab20` (the Tableau 20 palette, <https://matplotlib.org/stable/users/explain/colors/colormaps.html#qualitative>),
/// reordered so that the ten saturated colours come first and their light partners
/// after them: series 1–10 differ in hue, series 11–20 in hue and lightness.
pub const CATEGORICAL: [RGBColor; 20] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(174, 199, 232),
    RGBColor(255, 187, 120),
    RGBColor(152, 223, 138),
    RGBColor(255, 152, 150),
    RGBColor(197, 176, 213),
    RGBColor(196, 156, 148),
    RGBColor(247, 182, 210),
    RGBColor(199, 199, 199),
    RGBColor(219, 219, 141),
    RGBColor(158, 218, 229),
];

/// Colour `i` of [`CATEGORICAL`] (repeating after 20).
pub fn categorical(i: usize) -> RGBColor {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// Where the numbers of the load-growth charts come from, written under each of them.
pub const GROWTH_SOURCES: &str = "Sources: data-center energy calibrated on LBNL-2001637 (Shehabi et al. 2024) and LBNL-2001758 \
(2025 update); base demand from load/regions_load.csv of the case (see its SOURCES.md); method: docs/load-forecasting.md";

/// Write `text` in small type along the bottom of `root` and return the area above it.
pub fn with_footnote<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, text: &str) -> std::result::Result<DrawingArea<DB, Shift>, String> {
    let (_, h) = root.dim_in_pixel();
    let (upper, lower) = root.split_vertically(h.saturating_sub(22));
    let style = ("sans-serif", 12).into_font().color(&RGBColor(90, 90, 90));
    lower.draw(&Text::new(text.to_string(), (10, 4), style)).map_err(e)?;
    Ok(upper)
}

const SCENARIO_COLORS: [(&str, RGBColor); 3] =
    [("low", RGBColor(31, 119, 180)), ("mid", RGBColor(255, 127, 14)), ("high", RGBColor(214, 39, 40))];

fn scenario_color(name: &str, i: usize) -> RGBColor {
    SCENARIO_COLORS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).unwrap_or_else(|| categorical(i))
}

fn scenarios_of(rows: &[ProjectionRow]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in rows {
        if !v.contains(&r.scenario) {
            v.push(r.scenario.clone());
        }
    }
    v
}

fn countries_of(rows: &[ProjectionRow]) -> Vec<Country> {
    let mut v: Vec<Country> = rows.iter().filter(|r| r.is_country).map(|r| r.country).collect();
    v.sort();
    v.dedup();
    v
}

/// One panel per country: a line per scenario of `value(row)` over the years.
struct CountryLines<'a> {
    rows: &'a [ProjectionRow],
    title: &'a str,
    y_label: &'a str,
    value: fn(&ProjectionRow) -> f64,
}

impl Chart for CountryLines<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        draw_country_lines(root, self.rows, self.title, self.y_label, self.value)
    }
}

fn draw_country_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[ProjectionRow],
    title: &str,
    y_label: &str,
    value: fn(&ProjectionRow) -> f64,
) -> DrawResult {
    let countries = countries_of(rows);
    let scenarios = scenarios_of(rows);
    let root = with_footnote(root, GROWTH_SOURCES)?;
    let root = root.titled(title, ("sans-serif", 24).into_font().style(FontStyle::Bold)).map_err(e)?;
    let panels = root.split_evenly((1, countries.len().max(1)));
    for (panel, country) in panels.iter().zip(&countries) {
        let pts: Vec<&ProjectionRow> = rows.iter().filter(|r| r.is_country && r.country == *country).collect();
        let (y0, y1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), r| (a.min(value(r)), b.max(value(r))));
        let (x0, x1) = pts.iter().fold((i32::MAX, i32::MIN), |(a, b), r| (a.min(r.year), b.max(r.year)));
        let pad = 0.08 * (y1 - y0).max(1e-9);
        let mut chart = ChartBuilder::on(panel)
            .caption(country.name(), ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0.min(0.0)..(y1 + pad))
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc("Year")
            .y_desc(y_label)
            .x_labels(6)
            .x_label_formatter(&|y| format!("{y}"))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 14))
            .draw()
            .map_err(e)?;
        for (i, sc) in scenarios.iter().enumerate() {
            let color = scenario_color(sc, i);
            let series: Vec<(i32, f64)> = pts.iter().filter(|r| &r.scenario == sc).map(|r| (r.year, value(r))).collect();
            chart
                .draw_series(LineSeries::new(series.clone(), color.stroke_width(3)))
                .map_err(e)?
                .label(sc.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
            chart.draw_series(series.iter().map(|p| Circle::new(*p, 3, color.filled()))).map_err(e)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(e)?;
    }
    Ok(())
}

/// Annual total demand (TWh) by country and scenario.
pub fn plot_annual_demand(rows: &[ProjectionRow], path: &Path) -> Result<()> {
    render(
        path,
        (1500, 520),
        &CountryLines {
            rows,
            title: "Annual electricity demand incl. data centers",
            y_label: "Demand (TWh/yr)",
            value: |r| r.total_energy_mwh / 1e6,
        },
    )
}

/// Data-center share of annual demand (%) by country and scenario.
pub fn plot_datacenter_share(rows: &[ProjectionRow], path: &Path) -> Result<()> {
    render(
        path,
        (1500, 520),
        &CountryLines {
            rows,
            title: "Data-center share of annual electricity demand",
            y_label: "Data-center share (%)",
            value: |r| r.datacenter_share_pct,
        },
    )
}

/// US data-center energy by scenario (lines) beside the published outlooks
/// ([`crate::projection::us_outlooks`]: ranges as bars, points as diamonds).
pub fn plot_us_outlooks(rows: &[ProjectionRow], path: &Path) -> Result<()> {
    render(path, (1100, 620), &UsOutlooks { rows })
}

struct UsOutlooks<'a> {
    rows: &'a [ProjectionRow],
}

impl Chart for UsOutlooks<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let us: Vec<&ProjectionRow> = self.rows.iter().filter(|r| r.is_country && r.country == Country::US).collect();
        let outlooks = crate::projection::us_outlooks();
        let (x0, x1) = us.iter().fold((2023, 2030), |(a, b), r| (a.min(r.year), b.max(r.year)));
        let ymax = us.iter().map(|r| r.datacenter_energy_mwh / 1e6).chain(outlooks.iter().map(|o| o.high_twh)).fold(0.0, f64::max);
        let root = with_footnote(root, GROWTH_SOURCES)?;
        let root = root
            .titled("US data-center electricity: scenarios and published outlooks", ("sans-serif", 22).into_font().style(FontStyle::Bold))
            .map_err(e)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d((x0 as f64 - 0.5)..(x1 as f64 + 0.5), 0.0..ymax * 1.1)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc("Year")
            .y_desc("Data-center energy (TWh/yr)")
            .x_label_formatter(&|y| format!("{y:.0}"))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 14))
            .draw()
            .map_err(e)?;
        for (i, sc) in scenarios_of(self.rows).iter().enumerate() {
            let color = scenario_color(sc, i);
            let pts: Vec<(f64, f64)> =
                us.iter().filter(|r| &r.scenario == sc).map(|r| (r.year as f64, r.datacenter_energy_mwh / 1e6)).collect();
            chart
                .draw_series(LineSeries::new(pts, color.stroke_width(3)))
                .map_err(e)?
                .label(format!("nagrid {sc}"))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
        }
        for (k, o) in outlooks.iter().enumerate() {
            const COLORS: [RGBColor; 5] =
                [RGBColor(110, 40, 150), RGBColor(0, 150, 160), RGBColor(200, 40, 160), RGBColor(120, 120, 0), RGBColor(140, 90, 40)];
            let color = COLORS[k % COLORS.len()];
            // Offset the outlooks of one year side by side.
            let x = o.year as f64 + 0.12 * (k as f64 - 2.0);
            let series = if o.low_twh < o.high_twh {
                chart.draw_series(std::iter::once(PathElement::new(vec![(x, o.low_twh), (x, o.high_twh)], color.stroke_width(6))))
            } else {
                chart.draw_series(std::iter::once(Circle::new((x, o.low_twh), 7, color.filled())))
            };
            series.map_err(e)?.label(o.label).legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(e)?;
        Ok(())
    }
}

/// Stacked data-center energy (TWh) by region for one scenario, one panel per country.
pub fn plot_stacked_growth(rows: &[ProjectionRow], scenario: &str, path: &Path) -> Result<()> {
    let rows: Vec<ProjectionRow> = rows.iter().filter(|r| r.scenario == scenario).cloned().collect();
    if rows.is_empty() {
        return Err(LoadError::Invalid(format!("no projection rows for scenario {scenario:?}")));
    }
    render(path, (1500, 560), &StackedGrowth { rows: &rows, scenario })
}

/// Stacked data-center energy by region, one panel per country.
struct StackedGrowth<'a> {
    rows: &'a [ProjectionRow],
    scenario: &'a str,
}

impl Chart for StackedGrowth<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let (rows, scenario) = (self.rows, self.scenario);
        let countries = countries_of(rows);
        let title = format!("Data-center electricity by region, {scenario} scenario (largest region at the bottom)");
        let root = with_footnote(root, GROWTH_SOURCES)?;
        let root = root.titled(&title, ("sans-serif", 24).into_font().style(FontStyle::Bold)).map_err(e)?;
        let panels = root.split_evenly((1, countries.len().max(1)));
        for (panel, country) in panels.iter().zip(&countries) {
            let regional: Vec<&ProjectionRow> = rows.iter().filter(|r| !r.is_country && r.country == *country).collect();
            let mut by_name: BTreeMap<&str, Vec<(i32, f64)>> = BTreeMap::new();
            for r in &regional {
                by_name.entry(r.area.as_str()).or_default().push((r.year, r.datacenter_energy_mwh / 1e6));
            }
            // Largest region (in the last year) first: at the bottom, first colour.
            let mut by_region: Vec<(&str, Vec<(i32, f64)>)> = by_name.into_iter().collect();
            let last = |v: &[(i32, f64)]| v.last().map_or(0.0, |p| p.1);
            by_region.sort_by(|a, b| last(&b.1).total_cmp(&last(&a.1)).then(a.0.cmp(b.0)));
            let years: Vec<i32> = by_region.first().map(|v| v.1.iter().map(|p| p.0).collect()).unwrap_or_default();
            let (x0, x1) = (*years.first().unwrap_or(&0), *years.last().unwrap_or(&1));
            let ymax = years.iter().enumerate().map(|(k, _)| by_region.iter().map(|v| v.1[k].1).sum::<f64>()).fold(0.0, f64::max);
            let mut chart = ChartBuilder::on(panel)
                .caption(country.name(), ("sans-serif", 18))
                .margin(10)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d(x0..x1, 0.0..ymax * 1.08 + 1e-9)
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("Year")
                .y_desc("Data-center energy (TWh/yr)")
                .x_labels(6)
                .label_style(("sans-serif", 13))
                .axis_desc_style(("sans-serif", 14))
                .draw()
                .map_err(e)?;
            let mut lower = vec![0.0; years.len()];
            for (i, (name, series)) in by_region.iter().enumerate() {
                let color = categorical(i);
                let upper: Vec<f64> = lower.iter().zip(series).map(|(l, p)| l + p.1).collect();
                let mut poly: Vec<(i32, f64)> = years.iter().zip(&upper).map(|(y, u)| (*y, *u)).collect();
                poly.extend(years.iter().zip(&lower).rev().map(|(y, l)| (*y, *l)));
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, color.mix(0.75).filled())))
                    .map_err(e)?
                    .label(*name)
                    .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
                lower = upper;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 12))
                .draw()
                .map_err(e)?;
        }
        Ok(())
    }
}

/// One week of hourly load of a region (from local Monday 00:00 of the week containing
/// `first_day_of_year` + day offset): base load and base + data centers, in MW.
pub fn plot_typical_week(h: &RegionHourly, zone: ClockZone, start_day_of_year: u32, path: &Path) -> Result<()> {
    let start = crate::synthetic::year_start_utc(h.year)?;
    // First hour at or after the requested day whose local time is Monday 00:00.
    let first = (0..h.base_mw.len().saturating_sub(168))
        .find(|&i| {
            let l = zone.to_local(start + Duration::hours(i as i64));
            l.ordinal() >= start_day_of_year && l.weekday() == chrono::Weekday::Mon && chrono::Timelike::hour(&l) == 0
        })
        .ok_or_else(|| LoadError::Invalid("no full week after the requested day".into()))?;
    let idx: Vec<usize> = (first..first + 168).collect();
    let base: Vec<(f64, f64)> = idx.iter().map(|&i| ((i - first) as f64 / 24.0, h.base_mw[i] / 1e3)).collect();
    let total: Vec<(f64, f64)> = idx.iter().map(|&i| ((i - first) as f64 / 24.0, (h.base_mw[i] + h.datacenter_mw[i]) / 1e3)).collect();
    let ymax = total.iter().map(|p| p.1).fold(0.0, f64::max) * 1.1;
    // Power and energy axes start from zero.
    let ymin = 0.0;
    let local0 = zone.to_local(start + Duration::hours(first as i64));
    render(path, (1200, 560), &TypicalWeek { h, zone, local0, base, total, ymin, ymax })
}

/// A week of base and total load (GW) against days from local Monday 00:00.
struct TypicalWeek<'a> {
    h: &'a RegionHourly,
    zone: ClockZone,
    local0: chrono::NaiveDateTime,
    base: Vec<(f64, f64)>,
    total: Vec<(f64, f64)>,
    ymin: f64,
    ymax: f64,
}

impl Chart for TypicalWeek<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let TypicalWeek { h, zone, local0, base, total, ymin, ymax } = self;
        let (ymin, ymax) = (*ymin, *ymax);
        let title = format!("{}: a week of hourly load from {} ({} local time)", h.region, local0.date(), zone);
        let root = with_footnote(root, GROWTH_SOURCES)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22).into_font().style(FontStyle::Bold))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(75)
            .build_cartesian_2d(0.0..7.0, ymin..ymax)
            .map_err(e)?;
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        chart
            .configure_mesh()
            .x_desc("Day of week (local time)")
            .y_desc("Load (GW)")
            .x_labels(8)
            .x_label_formatter(&|x: &f64| days.get(x.floor() as usize).map(|s| s.to_string()).unwrap_or_default())
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 15))
            .draw()
            .map_err(e)?;
        let mut band = total.clone();
        band.extend(base.iter().rev().cloned());
        chart
            .draw_series(std::iter::once(Polygon::new(band, RGBColor(214, 39, 40).mix(0.25).filled())))
            .map_err(e)?
            .label("data-center load")
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], RGBColor(214, 39, 40).mix(0.25).filled()));
        chart
            .draw_series(LineSeries::new(total.clone(), RGBColor(214, 39, 40).stroke_width(2)))
            .map_err(e)?
            .label("total with data centers")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RGBColor(214, 39, 40).stroke_width(2)));
        chart
            .draw_series(LineSeries::new(base.clone(), RGBColor(31, 119, 180).stroke_width(2)))
            .map_err(e)?
            .label("base load without data centers")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RGBColor(31, 119, 180).stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 14))
            .draw()
            .map_err(e)?;
        Ok(())
    }
}

/// Writes all four charts into `out_dir` for each extension in `formats` (`png`, `svg`);
/// returns the files written. `week` is the region-year to show as a typical week.
pub fn plot_all(
    rows: &[ProjectionRow],
    stacked_scenario: &str,
    week: Option<(&RegionHourly, ClockZone, u32)>,
    out_dir: &Path,
    formats: &[&str],
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).map_err(|err| LoadError::Io { path: out_dir.to_path_buf(), source: err })?;
    let mut files = Vec::new();
    for ext in formats {
        let p = out_dir.join(format!("annual_demand.{ext}"));
        plot_annual_demand(rows, &p)?;
        files.push(p);
        let p = out_dir.join(format!("datacenter_share.{ext}"));
        plot_datacenter_share(rows, &p)?;
        files.push(p);
        let p = out_dir.join(format!("datacenter_us_outlooks.{ext}"));
        plot_us_outlooks(rows, &p)?;
        files.push(p);
        let p = out_dir.join(format!("datacenter_growth_by_region_{stacked_scenario}.{ext}"));
        plot_stacked_growth(rows, stacked_scenario, &p)?;
        files.push(p);
        if let Some((h, zone, day)) = week {
            let p = out_dir.join(format!("typical_week_{}_{}.{ext}", h.region, h.year));
            plot_typical_week(h, zone, day, &p)?;
            files.push(p);
        }
    }
    Ok(files)
}
