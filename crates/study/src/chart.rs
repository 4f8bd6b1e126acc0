//! The charts of nagrid-study, drawn with nagrid-load's chart scaffolding
//! ([`nagrid_load::plot::Chart`]) so that each can be written as a file of `plots/`
//! (PNG and SVG, fonts embedded) and inline in report.html ([`svg`]):
//!
//! - [`Stack`]: a dispatch stack over a week: generation by technology in merit order,
//!   storage discharge, imports and unserved energy above zero; storage charging and
//!   exports below zero; curtailed wind and solar on top; the load as a line;
//! - [`Curves`]: duration curves (values sorted from highest to lowest) whose value
//!   axis is clipped to the 0.5th–99.5th percentiles when a few hours would flatten
//!   it, with the extremes written on the chart.

use crate::StudyError;
use chrono::{NaiveDateTime, Timelike};
use chrono_tz::Tz;
use nagrid_load::plot::{categorical, e, render_svg, Chart, DrawResult};
use nagrid_model::technology as tech;
use nagrid_model::TimeAxis;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Colour of a technology (fixed, so a technology looks the same in every chart);
/// labels nagrid does not know take colour `i` of the categorical palette.
pub fn tech_color(label: &str, i: usize) -> RGBColor {
    match label {
        tech::NUCLEAR => RGBColor(148, 103, 189),
        tech::COAL => RGBColor(77, 77, 77),
        tech::GAS_CC => RGBColor(255, 127, 14),
        tech::GAS_CT => RGBColor(255, 187, 120),
        tech::GAS_STEAM => RGBColor(205, 133, 63),
        tech::OIL => RGBColor(140, 86, 75),
        tech::OIL_STEAM => RGBColor(101, 67, 33),
        tech::HYDRO_RESERVOIR => RGBColor(31, 119, 180),
        tech::HYDRO_ROR => RGBColor(114, 170, 220),
        tech::WIND => RGBColor(44, 160, 44),
        tech::SOLAR => RGBColor(250, 210, 40),
        tech::BIOMASS_OTHER => RGBColor(150, 190, 90),
        tech::GEOTHERMAL => RGBColor(188, 189, 34),
        tech::STORAGE | tech::BATTERY => RGBColor(227, 119, 194),
        "pumped_hydro" => RGBColor(23, 190, 207),
        _ => categorical(i),
    }
}

/// Imports and exports in dispatch stacks.
pub const TRADE_COLOR: RGBColor = RGBColor(170, 170, 170);
/// Unserved energy.
pub const UNSERVED_COLOR: RGBColor = RGBColor(214, 39, 40);
/// Curtailed wind, solar and run-of-river (drawn translucent).
pub const CURTAILED_COLOR: RGBColor = RGBColor(120, 200, 120);

/// A named series of a chart.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Legend text.
    pub name: String,
    /// Colour.
    pub color: RGBColor,
    /// Values (MW for stacks).
    pub values: Vec<f64>,
}

/// Where the hours of a chart lie on the calendar of the output time zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekAxis {
    tz: Tz,
    /// Local midnight of the first day shown.
    day0: NaiveDateTime,
    /// Hours from `day0` to the first hour.
    h0: f64,
    /// Hours per unit of the x axis: 24 (days) or 1 (hours, for short horizons).
    unit: f64,
}

impl WeekAxis {
    /// The axis of `len` hours from hour `start` of `axis`, in `tz`.
    pub fn new(axis: &TimeAxis, tz: Tz, start: usize, len: usize) -> Self {
        let local = axis.timestamp(start).with_timezone(&tz);
        let day0 = local.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
        let h0 = local.hour() as f64 + local.minute() as f64 / 60.0;
        Self { tz, day0, h0, unit: if len > 48 { 24.0 } else { 1.0 } }
    }

    /// Position of the `k`-th hour on the x axis.
    pub fn x(&self, k: usize) -> f64 {
        (self.h0 + k as f64) / self.unit
    }

    /// Range of the x axis for `len` hours.
    pub fn range(&self, len: usize) -> (f64, f64) {
        let a = self.x(0);
        (a, self.x(len.saturating_sub(1)).max(a + 0.5 / self.unit))
    }

    /// Number of axis labels for `len` hours (one per day).
    pub fn ticks(&self, len: usize) -> usize {
        if self.unit > 1.0 {
            len / 24 + 2
        } else {
            6
        }
    }

    /// The date (and hour, for short horizons) at `x`.
    pub fn label(&self, x: f64) -> String {
        let t = self.day0 + chrono::Duration::minutes((x * self.unit * 60.0).round() as i64);
        if self.unit > 1.0 {
            t.format("%a %-d").to_string()
        } else {
            t.format("%-d %b %H:%M").to_string()
        }
    }

    /// Text of the x axis.
    pub fn description(&self) -> String {
        let first = self.day0 + chrono::Duration::minutes((self.h0 * 60.0).round() as i64);
        format!("{} ({}), days from midnight", first.format("%B %Y"), self.tz.name())
    }

    /// The time zone's name.
    pub fn zone_name(&self) -> String {
        self.tz.name().to_string()
    }
}

/// A dispatch stack (see the module documentation). Values in MW; drawn in GW when
/// the largest exceeds 2 GW.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Title.
    pub title: String,
    /// Where the hours lie on the calendar.
    pub axis: WeekAxis,
    /// Layers above zero, bottom first.
    pub above: Vec<Layer>,
    /// Layers below zero (positive values drawn downwards), nearest zero first.
    pub below: Vec<Layer>,
    /// Curtailed wind, solar and run-of-river, drawn on top of the stack.
    pub curtailed: Vec<f64>,
    /// Load served (fixed load plus flexible demand not curtailed).
    pub load: Vec<f64>,
}

/// Legend entry: a filled box or a line.
pub(crate) struct Entry {
    /// Legend text.
    pub name: String,
    /// Colour.
    pub color: RGBColor,
    /// A line (else a filled box).
    pub line: bool,
}

/// Width of the legend column on the right of a chart, pixels.
const LEGEND_W: u32 = 200;
/// Height of a legend entry, pixels.
pub const LEGEND_ROW: u32 = 19;

/// Split `root` into the plot (left) and a legend column (right) and draw `entries`
/// in the column, top first.
pub(crate) fn with_legend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, entries: &[Entry]) -> Result<DrawingArea<DB, Shift>, String> {
    let (w, _) = root.dim_in_pixel();
    let (plot, side) = root.split_horizontally(w.saturating_sub(LEGEND_W));
    let font = ("sans-serif", 15).into_font();
    for (k, en) in entries.iter().enumerate() {
        let y = 40 + LEGEND_ROW as i32 * k as i32;
        if en.line {
            side.draw(&PathElement::new(vec![(6, y + 6), (24, y + 6)], en.color.stroke_width(3))).map_err(e)?;
        } else {
            side.draw(&Rectangle::new([(6, y), (24, y + 12)], en.color.filled())).map_err(e)?;
        }
        let mut name = en.name.clone();
        if name.chars().count() > 26 {
            name = name.chars().take(25).collect::<String>() + "…";
        }
        side.draw(&Text::new(name, (30, y - 1), font.clone())).map_err(e)?;
    }
    Ok(plot)
}

/// `pts` (x increasing) without the points that lie within `tol` (in y) of the line
/// through their kept neighbours: the same drawing at a fraction of the SVG size.
pub fn simplify(pts: &[(f64, f64)], tol: f64) -> Vec<(f64, f64)> {
    if pts.len() < 3 {
        return pts.to_vec();
    }
    let mut out = vec![pts[0]];
    let mut a = 0;
    let mut j = 2;
    while j < pts.len() {
        let (p, q) = (pts[a], pts[j]);
        let fits = (a + 1..j).all(|k| {
            let (x, y) = pts[k];
            let f = if q.0 != p.0 { (x - p.0) / (q.0 - p.0) } else { 0.0 };
            (p.1 + f * (q.1 - p.1) - y).abs() <= tol
        });
        if !fits {
            a = j - 1;
            out.push(pts[a]);
        }
        j += 1;
    }
    out.push(pts[pts.len() - 1]);
    out
}

/// An axis label of `v` on an axis spanning `span`: decimals only where the steps
/// need them, thousands separated.
pub fn tick(v: f64, span: f64) -> String {
    let d = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span > 0.0 {
        // One decimal more than the order of a tenth of the span (the steps).
        ((-(span / 10.0).log10().floor()) as i64 + 1).clamp(1, 6) as usize
    } else {
        2
    };
    crate::units::thousands(v, d)
}

/// Highest value, or 0.
fn max_of(v: impl IntoIterator<Item = f64>) -> f64 {
    v.into_iter().fold(0.0, f64::max)
}

/// Running sums of `layers` hour by hour: `out[i][k]` is the sum of layers 0..=i.
fn cumulative(layers: &[Layer], len: usize) -> Vec<Vec<f64>> {
    let mut acc = vec![0.0; len];
    layers
        .iter()
        .map(|l| {
            for k in 0..len {
                acc[k] += l.values[k];
            }
            acc.clone()
        })
        .collect()
}

impl Chart for Stack {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let len = self.load.len();
        let up = cumulative(&self.above, len);
        let down = cumulative(&self.below, len);
        let top: Vec<f64> = (0..len).map(|k| up.last().map_or(0.0, |u| u[k])).collect();
        let hi = max_of((0..len).map(|k| (top[k] + self.curtailed[k]).max(self.load[k])));
        let lo = max_of(down.last().into_iter().flatten().copied());
        let (scale, unit) = if hi.max(lo) > 2000.0 { (1e-3, "GW") } else { (1.0, "MW") };
        let mut entries: Vec<Entry> =
            self.above.iter().rev().map(|l| Entry { name: l.name.clone(), color: l.color, line: false }).collect();
        if self.curtailed.iter().any(|v| *v > 1e-6) {
            entries.insert(0, Entry { name: "curtailed wind/solar/RoR".into(), color: CURTAILED_COLOR, line: false });
        }
        entries.insert(0, Entry { name: "load served".into(), color: BLACK, line: true });
        entries.extend(self.below.iter().map(|l| Entry { name: l.name.clone(), color: l.color, line: false }));
        let root = root.titled(&self.title, ("sans-serif", 22)).map_err(e)?;
        let plot = with_legend(&root, &entries)?;
        let (x0, x1) = self.axis.range(len);
        let ymax = (hi * scale * 1.05).max(1e-6);
        let ymin = -lo * scale * 1.05;
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(65)
            .build_cartesian_2d(x0..x1, ymin..ymax)
            .map_err(e)?;
        let fmt = |x: &f64| self.axis.label(*x);
        let yfmt = |y: &f64| tick(*y, ymax - ymin);
        chart
            .configure_mesh()
            .y_label_formatter(&yfmt)
            .disable_x_mesh()
            .max_light_lines(0)
            .bold_line_style(RGBColor(225, 229, 234))
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 15))
            .x_desc(self.axis.description())
            .y_desc(format!("Power ({unit})"))
            .x_labels(self.axis.ticks(len))
            .x_label_formatter(&fmt)
            .draw()
            .map_err(e)?;
        let x = |k: usize| self.axis.x(k);
        // Half a pixel of a plot about 330 pixels high.
        let tol = (ymax - ymin) / 660.0;
        let band = |lower: &dyn Fn(usize) -> f64, upper: &dyn Fn(usize) -> f64| -> Vec<(f64, f64)> {
            let up: Vec<(f64, f64)> = (0..len).map(|k| (x(k), upper(k) * scale)).collect();
            let lo: Vec<(f64, f64)> = (0..len).map(|k| (x(k), lower(k) * scale)).collect();
            let mut pts = simplify(&up, tol);
            pts.extend(simplify(&lo, tol).into_iter().rev());
            pts
        };
        for (i, l) in self.above.iter().enumerate() {
            let pts = band(&|k| if i == 0 { 0.0 } else { up[i - 1][k] }, &|k| up[i][k]);
            chart.draw_series(std::iter::once(Polygon::new(pts, l.color.filled()))).map_err(e)?;
        }
        for (i, l) in self.below.iter().enumerate() {
            let pts = band(&|k| -down[i][k], &|k| if i == 0 { 0.0 } else { -down[i - 1][k] });
            chart.draw_series(std::iter::once(Polygon::new(pts, l.color.filled()))).map_err(e)?;
        }
        if self.curtailed.iter().any(|v| *v > 1e-6) {
            let pts = band(&|k| top[k], &|k| top[k] + self.curtailed[k]);
            chart.draw_series(std::iter::once(Polygon::new(pts, CURTAILED_COLOR.mix(0.45).filled()))).map_err(e)?;
        }
        if lo > 0.0 {
            chart.draw_series(LineSeries::new(vec![(x0, 0.0), (x1, 0.0)], BLACK.mix(0.6).stroke_width(1))).map_err(e)?;
        }
        let load: Vec<(f64, f64)> = (0..len).map(|k| (x(k), self.load[k] * scale)).collect();
        chart.draw_series(LineSeries::new(simplify(&load, tol), BLACK.stroke_width(2))).map_err(e)?;
        Ok(())
    }
}

/// Duration curves (see the module documentation).
#[derive(Debug, Clone)]
pub struct Curves {
    /// Title.
    pub title: String,
    /// Value axis text.
    pub y_desc: String,
    /// Unit written after the extremes.
    pub unit: String,
    /// Curves, each sorted from highest to lowest (e.g. by [`duration`]).
    pub curves: Vec<Layer>,
    /// Fixed value range; otherwise from the data, clipped to the 0.5th–99.5th
    /// percentiles when the extremes lie far outside them.
    pub y_range: Option<(f64, f64)>,
}

/// `v` sorted from highest to lowest, at most `n` points (≥ 2) taken evenly along
/// the sorted values: the first is the maximum, the last the minimum.
pub fn duration(v: &[f64], n: usize) -> Vec<f64> {
    let mut s = v.to_vec();
    s.sort_by(|a, b| b.total_cmp(a));
    if s.len() <= n || n < 2 {
        return s;
    }
    (0..n).map(|i| s[i * (s.len() - 1) / (n - 1)]).collect()
}

/// Value at quantile `q` (0..=1) of sorted-descending values.
fn quantile_desc(all: &[f64], q: f64) -> f64 {
    if all.is_empty() {
        return 0.0;
    }
    all[(((1.0 - q) * (all.len() - 1) as f64).round() as usize).min(all.len() - 1)]
}

/// Value range of duration curves and the notes about the values outside it.
fn value_range(curves: &[Layer], unit: &str) -> ((f64, f64), Vec<String>) {
    let mut all: Vec<f64> = curves.iter().flat_map(|c| c.values.iter().copied()).collect();
    all.sort_by(|a, b| b.total_cmp(a));
    let (max, min) = (all.first().copied().unwrap_or(1.0), all.last().copied().unwrap_or(0.0));
    let (p_hi, p_lo) = (quantile_desc(&all, 0.995), quantile_desc(&all, 0.005));
    let spread = (p_hi - p_lo).abs().max(1.0);
    let mut notes = Vec::new();
    let arg = |v: f64| curves.iter().find(|c| c.values.contains(&v)).map_or(String::new(), |c| c.name.clone());
    let hi = if max > p_hi + spread {
        notes.push(format!("axis clipped at the 99.5th percentile; max {} {unit} ({})", crate::units::thousands(max, 0), arg(max)));
        p_hi + 0.1 * spread
    } else {
        max + 0.05 * spread
    };
    let lo = if min < p_lo - spread {
        notes.push(format!("axis clipped at the 0.5th percentile; min {} {unit} ({})", crate::units::thousands(min, 0), arg(min)));
        p_lo - 0.1 * spread
    } else {
        min.min(0.0) - if min < 0.0 { 0.05 * spread } else { 0.0 }
    };
    ((lo, hi.max(lo + 1e-6)), notes)
}

impl Chart for Curves {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let entries: Vec<Entry> = self.curves.iter().map(|c| Entry { name: c.name.clone(), color: c.color, line: true }).collect();
        let root = root.titled(&self.title, ("sans-serif", 22)).map_err(e)?;
        let plot = with_legend(&root, &entries)?;
        let ((lo, hi), notes) = match self.y_range {
            Some(r) => (r, Vec::new()),
            None => value_range(&self.curves, &self.unit),
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(65)
            .build_cartesian_2d(0f64..100f64, lo..hi)
            .map_err(e)?;
        let yfmt = |y: &f64| tick(*y, hi - lo);
        let xfmt = |x: &f64| tick(*x, 100.0);
        chart
            .configure_mesh()
            .max_light_lines(0)
            .bold_line_style(RGBColor(225, 229, 234))
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 15))
            .y_label_formatter(&yfmt)
            .x_label_formatter(&xfmt)
            .x_desc("Share of hours (%), sorted from highest to lowest")
            .y_desc(&self.y_desc)
            .draw()
            .map_err(e)?;
        let tol = (hi - lo) / 660.0;
        for c in &self.curves {
            let n = c.values.len().max(2) - 1;
            let pts: Vec<(f64, f64)> = c.values.iter().enumerate().map(|(i, v)| (100.0 * i as f64 / n as f64, v.clamp(lo, hi))).collect();
            chart.draw_series(LineSeries::new(simplify(&pts, tol), c.color.stroke_width(2))).map_err(e)?;
        }
        for (k, note) in notes.iter().enumerate() {
            let style = ("sans-serif", 13).into_font().color(&RGBColor(160, 30, 30));
            plot.draw(&Text::new(note.clone(), (80, 14 + 16 * k as i32), style)).map_err(e)?;
        }
        Ok(())
    }
}

/// `chart` as an SVG document in memory, `size` pixels.
pub fn svg(chart: &impl Chart, size: (u32, u32)) -> Result<String, StudyError> {
    Ok(render_svg(size, chart)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scarcity_hour_does_not_flatten_the_price_axis() {
        // A year of prices from 20 to 60 USD/MWh and one hour at the value of lost load.
        let mut p: Vec<f64> = (0..8760).map(|t| 20.0 + (t % 41) as f64).collect();
        p[4000] = 10_000.0;
        let c = Layer { name: "r1".into(), color: categorical(0), values: duration(&p, 500) };
        assert_eq!(c.values.len(), 500);
        assert_eq!((c.values[0], c.values[499]), (10_000.0, 20.0), "the extremes are kept");
        let ((lo, hi), notes) = value_range(&[c], "USD/MWh");
        assert!(lo <= 0.0 && hi > 60.0 && hi < 70.0, "{lo}..{hi}");
        assert_eq!(notes, ["axis clipped at the 99.5th percentile; max 10,000 USD/MWh (r1)"]);
        // Without the spike the axis is the data's.
        let flat = Layer { name: "r1".into(), color: categorical(0), values: duration(&p[..4000], 500) };
        let ((_, hi), notes) = value_range(&[flat], "USD/MWh");
        assert!(notes.is_empty() && (60.0..63.0).contains(&hi), "{hi}");
    }

    #[test]
    fn simplified_lines_stay_within_the_tolerance() {
        let pts: Vec<(f64, f64)> = (0..200).map(|k| (k as f64, if k < 100 { 5.0 } else { (k as f64 / 7.0).sin() * 3.0 })).collect();
        let s = simplify(&pts, 0.01);
        assert!(s.len() < 150 && s.first() == pts.first() && s.last() == pts.last(), "{} points", s.len());
        // Every dropped point lies within the tolerance of the simplified line.
        for &(x, y) in &pts {
            let i = s.iter().position(|p| p.0 >= x).unwrap();
            let (a, b) = (s[i.saturating_sub(1)], s[i]);
            let f = if b.0 > a.0 { (x - a.0) / (b.0 - a.0) } else { 0.0 };
            assert!((a.1 + f * (b.1 - a.1) - y).abs() <= 0.01 + 1e-12, "x = {x}");
        }
    }

    #[test]
    fn axis_ticks_have_the_decimals_their_steps_need() {
        assert_eq!(tick(1500.0, 2000.0), "1,500");
        assert_eq!(tick(2.5, 10.0), "2.5");
        assert_eq!(tick(0.25, 1.0), "0.25");
    }
}
