//! Charts of a sweep, drawn with nagrid-load's chart scaffolding:
//!
//! - box charts (`plots/sweep_<figure>.svg`, and inline in the sweep's report.html):
//!   for every combination of the other axes (and named variant), the spread of a
//!   figure across the weather years (box from the first to the third quartile,
//!   median line, whiskers from minimum to maximum, one dot per weather year).
//!   Without a weather-year axis each variant is one dot;
//! - axis charts (report.html only): a figure against the values of one axis, one
//!   line per combination of the other axes, or every combination in grey and their
//!   mean when there are more than [`MAX_LINES`].

use super::variant::{Metrics, Outcome};
use super::{write_atomic, Plan, PlanVariant};
use crate::chart::{svg, tick, with_legend, Entry};
use crate::StudyError;
use nagrid_load::plot::{categorical, e, Chart, DrawResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// A charted figure: file stem, title, unit and value.
pub(crate) type Figure = (&'static str, &'static str, &'static str, fn(&Metrics) -> Option<f64>);
/// The charted figures.
pub(crate) const FIGURES: [Figure; 4] = [
    ("system_cost", "System cost", "M USD", |m| Some(m.system_cost_usd / 1e6)),
    ("unserved_energy", "Unserved energy", "GWh", |m| Some(m.unserved_mwh / 1e3)),
    ("co2", "CO2 emissions", "Mt", |m| Some(m.co2_t / 1e6)),
    ("price_us", "Load-weighted price, US", "USD/MWh", |m| m.price_us_usd_per_mwh),
];

/// Most lines of an axis chart drawn one by one, each in its colour.
pub(crate) const MAX_LINES: usize = 8;

/// One box: its label and (weather year, value) samples.
struct Group {
    label: String,
    samples: Vec<(Option<i32>, f64)>,
}

/// The group of variant `v`: its named variant and axis values but that of axis `skip`.
fn group_label(v: &PlanVariant, skip: Option<usize>) -> String {
    let mut parts: Vec<&str> = v.list_name.iter().map(String::as_str).collect();
    parts.extend(v.axis_values.iter().enumerate().filter(|(i, _)| Some(*i) != skip).map(|(_, x)| x.as_str()));
    if parts.is_empty() {
        "all".to_string()
    } else {
        parts.join(" / ")
    }
}

/// What makes the groups: `variant` (with a list) and the axes but `skip`.
pub(crate) fn group_desc(plan: &Plan, skip: Option<usize>) -> String {
    let mut by: Vec<&str> = if plan.has_list { vec!["variant"] } else { Vec::new() };
    by.extend(plan.axes.iter().enumerate().filter(|(i, _)| Some(*i) != skip).map(|(_, a)| a.as_str()));
    by.join(" / ")
}

/// The value of `figure` for an outcome, when it has one.
fn value_of(o: &Option<Outcome>, figure: &Figure) -> Option<f64> {
    o.as_ref().and_then(|o| o.metrics.as_ref()).and_then(figure.3).filter(|v| v.is_finite())
}

/// A box chart drawn: its figure and SVG document.
pub(crate) struct Drawn {
    /// The figure.
    pub figure: Figure,
    /// The SVG document.
    pub svg: String,
}

/// Draw every figure's box chart into `dir` (created) and return them.
pub(crate) fn draw(plan: &Plan, outcomes: &[Option<Outcome>], dir: &Path) -> Result<Vec<Drawn>, StudyError> {
    let weather = plan.axes.iter().position(|a| a == "load.weather_year");
    std::fs::create_dir_all(dir).map_err(|err| super::io(dir, err))?;
    let mut drawn = Vec::new();
    for figure in FIGURES {
        let (stem, title, unit, _) = figure;
        let mut groups: Vec<Group> = Vec::new();
        for (v, o) in plan.variants.iter().zip(outcomes) {
            let label = group_label(v, weather);
            let sample = value_of(o, &figure).zip(o.as_ref()).map(|(x, o)| (o.weather_year, x));
            match groups.iter_mut().find(|g| g.label == label) {
                Some(g) => g.samples.extend(sample),
                None => groups.push(Group { label, samples: sample.into_iter().collect() }),
            }
        }
        if groups.iter().all(|g| g.samples.is_empty()) {
            continue;
        }
        let across = if weather.is_some() { "across weather years" } else { "by variant" };
        let chart = Boxes {
            title: format!("{title} {across} ({unit}) — sweep {}", plan.name),
            unit,
            x_desc: group_desc(plan, weather),
            groups: &groups,
        };
        let width = (200 + 60 * groups.len() as u32).clamp(800, 2400);
        let text = svg(&chart, (width, 560))?;
        write_atomic(&dir.join(format!("sweep_{stem}.svg")), &text)?;
        drawn.push(Drawn { figure, svg: text });
    }
    Ok(drawn)
}

struct Boxes<'a> {
    title: String,
    unit: &'a str,
    /// The axes that make the groups.
    x_desc: String,
    groups: &'a [Group],
}

/// The `q` quantile of sorted values (linear interpolation).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

impl Chart for Boxes<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let all: Vec<f64> = self.groups.iter().flat_map(|g| g.samples.iter().map(|s| s.1)).collect();
        let (lo, hi) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 1e-3);
        let n = self.groups.len();
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(70)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo - pad)..(hi + pad))
            .map_err(e)?;
        let labels: Vec<String> = self.groups.iter().map(|g| g.label.chars().take(24).collect()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(40))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc(&self.x_desc)
            .y_desc(self.unit)
            .draw()
            .map_err(e)?;
        let fill = RGBColor(158, 202, 225);
        let line = RGBColor(31, 119, 180);
        for (i, g) in self.groups.iter().enumerate() {
            let mut v: Vec<f64> = g.samples.iter().map(|s| s.1).collect();
            v.sort_by(f64::total_cmp);
            let x = i as f64;
            if v.len() >= 2 {
                let (q1, med, q3) = (quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75));
                let w = 0.3;
                chart.draw_series([PathElement::new(vec![(x, v[0]), (x, v[v.len() - 1])], line.stroke_width(1))]).map_err(e)?;
                chart.draw_series([Rectangle::new([(x - w, q1), (x + w, q3)], fill.filled())]).map_err(e)?;
                chart.draw_series([Rectangle::new([(x - w, q1), (x + w, q3)], line.stroke_width(1))]).map_err(e)?;
                chart.draw_series([PathElement::new(vec![(x - w, med), (x + w, med)], BLACK.stroke_width(2))]).map_err(e)?;
            }
            chart.draw_series(g.samples.iter().map(|s| Circle::new((x, s.1), 3, line.filled()))).map_err(e)?;
            // Which weather year each dot is (while the labels stay readable).
            if n <= 30 {
                let years = g.samples.iter().filter_map(|s| s.0.map(|y| (y, s.1)));
                chart
                    .draw_series(years.map(|(y, v)| Text::new(y.to_string(), (x + 0.04, v), ("sans-serif", 11).into_font().color(&BLACK))))
                    .map_err(e)?;
            }
        }
        Ok(())
    }
}

/// The values of axis `axis`, in the order the variants take them.
pub(crate) fn axis_values(plan: &Plan, axis: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in plan.variants.iter().filter_map(|v| v.axis_values.get(axis)) {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// A figure along one axis: one line per combination of the other axes (and named
/// variant), with the figure of its variant at each value of the axis (none when
/// the variant has no figure).
pub(crate) struct AxisLines {
    /// The axis values.
    pub values: Vec<String>,
    /// Label of each combination and its line.
    pub lines: Vec<(String, Vec<Option<f64>>)>,
}

impl AxisLines {
    /// `figure` along axis `axis` of `plan`.
    pub(crate) fn of(plan: &Plan, outcomes: &[Option<Outcome>], axis: usize, figure: &Figure) -> Self {
        let values = axis_values(plan, axis);
        let mut lines: Vec<(String, Vec<Option<f64>>)> = Vec::new();
        for (v, o) in plan.variants.iter().zip(outcomes) {
            let Some(j) = v.axis_values.get(axis).and_then(|x| values.iter().position(|y| y == x)) else { continue };
            let label = group_label(v, Some(axis));
            let k = match lines.iter().position(|l| l.0 == label) {
                Some(k) => k,
                None => {
                    lines.push((label, vec![None; values.len()]));
                    lines.len() - 1
                }
            };
            lines[k].1[j] = value_of(o, figure);
        }
        Self { values, lines }
    }

    /// At each axis value, the mean over the combinations that have the figure.
    pub(crate) fn means(&self) -> Vec<Option<f64>> {
        (0..self.values.len())
            .map(|j| {
                let v: Vec<f64> = self.lines.iter().filter_map(|l| l.1[j]).collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            })
            .collect()
    }

    /// Whether no combination has the figure at any value.
    pub(crate) fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.1.iter().all(Option::is_none))
    }
}

/// The chart of `figure` along axis `axis` as an SVG document, `size` pixels; `None`
/// when no variant has the figure.
pub(crate) fn axis_chart(
    plan: &Plan,
    outcomes: &[Option<Outcome>],
    axis: usize,
    figure: &Figure,
    size: (u32, u32),
) -> Result<Option<String>, StudyError> {
    let data = AxisLines::of(plan, outcomes, axis, figure);
    if data.is_empty() {
        return Ok(None);
    }
    // At the values themselves when every value is a distinct number, else evenly.
    let numbers: Vec<f64> = data.values.iter().filter_map(|x| x.parse::<f64>().ok().filter(|v| v.is_finite())).collect();
    let distinct = numbers.len() == data.values.len() && numbers.iter().enumerate().all(|(i, a)| numbers[..i].iter().all(|b| b != a));
    let xs: Vec<f64> = if distinct { numbers } else { (0..data.values.len()).map(|j| j as f64).collect() };
    let (_, title, unit, _) = *figure;
    let chart = AlongAxis {
        title: format!("{title} ({unit}) by {}", plan.axes[axis]),
        x_desc: &plan.axes[axis],
        unit,
        xs,
        numeric: distinct,
        data,
    };
    Ok(Some(svg(&chart, size)?))
}

struct AlongAxis<'a> {
    title: String,
    x_desc: &'a str,
    unit: &'a str,
    /// Position of each axis value.
    xs: Vec<f64>,
    /// Whether the positions are the values.
    numeric: bool,
    data: AxisLines,
}

impl Chart for AlongAxis<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let lines = &self.data.lines;
        let many = lines.len() > MAX_LINES;
        let grey = RGBColor(175, 175, 175);
        let entries: Vec<Entry> = if many {
            vec![
                Entry { name: "mean".into(), color: BLACK, line: true },
                Entry { name: format!("each of {} combinations", lines.len()), color: grey, line: true },
            ]
        } else {
            lines.iter().enumerate().map(|(i, l)| Entry { name: l.0.clone(), color: categorical(i), line: true }).collect()
        };
        let root = root.titled(&self.title, ("sans-serif", 20)).map_err(e)?;
        let plot = with_legend(&root, &entries)?;
        let all = lines.iter().flat_map(|l| l.1.iter().flatten().copied());
        let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
        let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 1e-3);
        let (x0, x1) = self.xs.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
        let xpad = match (x1 > x0, self.numeric) {
            (false, _) => 0.5,
            (true, true) => 0.06 * (x1 - x0),
            (true, false) => 0.3,
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x0 - xpad..x1 + xpad, (lo - pad)..(hi + pad))
            .map_err(e)?;
        let yfmt = |y: &f64| tick(*y, hi - lo + 2.0 * pad);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .max_light_lines(0)
            .bold_line_style(RGBColor(225, 229, 234))
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 14))
            .y_label_formatter(&yfmt)
            .x_desc(self.x_desc)
            .y_desc(self.unit)
            .draw()
            .map_err(e)?;
        // The axis values as labels at their positions (every k-th when there are many).
        let base = plot.get_base_pixel();
        let style = ("sans-serif", 14).into_font().into_text_style(&plot).pos(Pos::new(HPos::Center, VPos::Top));
        for (x, label) in self.xs.iter().zip(&self.data.values).step_by(self.xs.len().div_ceil(15).max(1)) {
            let (px, py) = chart.backend_coord(&(*x, lo - pad));
            let (px, py) = (px - base.0, py - base.1);
            plot.draw(&PathElement::new(vec![(px, py), (px, py + 5)], BLACK.stroke_width(1))).map_err(e)?;
            plot.draw_text(&label.chars().take(16).collect::<String>(), &style, (px, py + 8)).map_err(e)?;
        }
        let points =
            |vals: &[Option<f64>]| -> Vec<(f64, f64)> { self.xs.iter().zip(vals).filter_map(|(x, v)| v.map(|v| (*x, v))).collect() };
        for (i, (_, vals)) in lines.iter().enumerate() {
            let (color, width) = if many { (grey, 1) } else { (categorical(i), 2) };
            let pts = points(vals);
            chart.draw_series(LineSeries::new(pts.clone(), color.stroke_width(width))).map_err(e)?;
            if !many {
                chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled()))).map_err(e)?;
            }
        }
        if many {
            let pts = points(&self.data.means());
            chart.draw_series(LineSeries::new(pts.clone(), BLACK.stroke_width(3))).map_err(e)?;
            chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 4, BLACK.filled()))).map_err(e)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Plan, PlanVariant};
    use super::{quantile, AxisLines, FIGURES};
    use crate::sweep::{Metrics, Outcome};

    /// A plan of axes `a` (1, 2, 3) × `b` (x, y) whose variant i costs i M USD; variants
    /// `failed` are infeasible and `missing` have no outcome.
    fn two_axes(failed: &[usize], missing: &[usize]) -> (Plan, Vec<Option<Outcome>>) {
        let mut variants = Vec::new();
        let mut outcomes = Vec::new();
        for (i, (a, b)) in ["1", "2", "3"].iter().flat_map(|a| ["x", "y"].map(|b| (*a, b))).enumerate() {
            let name = format!("{i:04}_{a}_{b}");
            let metrics = Metrics { system_cost_usd: i as f64 * 1e6, ..Default::default() };
            outcomes.push((!missing.contains(&i)).then(|| Outcome {
                index: i,
                name: name.clone(),
                status: if failed.contains(&i) { "infeasible" } else { "optimal" }.into(),
                error: None,
                scenario: "mid".into(),
                borders: "existing".into(),
                study_year: 2030,
                weather_year: None,
                metrics: (!failed.contains(&i)).then_some(metrics),
                run_s: 0.0,
                peak_rss_bytes: None,
                estimated_bytes: 0,
            }));
            variants.push(PlanVariant {
                index: i,
                name,
                list_name: None,
                axis_values: vec![a.into(), b.into()],
                sets: Vec::new(),
                memory_bytes: 0,
            });
        }
        let plan = Plan {
            version: 1,
            name: "t".into(),
            description: None,
            case_dir: "/case".into(),
            hours: None,
            year: None,
            axes: vec!["a".into(), "b".into()],
            has_list: false,
            max_parallel: 1,
            slurm: Default::default(),
            variants,
        };
        (plan, outcomes)
    }

    #[test]
    fn a_figure_along_an_axis_has_a_line_per_other_value_and_means_over_the_optimal() {
        let (plan, outcomes) = two_axes(&[], &[]);
        let cost = &FIGURES[0];
        let a = AxisLines::of(&plan, &outcomes, 0, cost);
        assert_eq!(a.values, ["1", "2", "3"]);
        assert_eq!(
            a.lines,
            [("x".to_string(), vec![Some(0.0), Some(2.0), Some(4.0)]), ("y".to_string(), vec![Some(1.0), Some(3.0), Some(5.0)])]
        );
        assert_eq!(a.means(), [Some(0.5), Some(2.5), Some(4.5)]);
        let b = AxisLines::of(&plan, &outcomes, 1, cost);
        assert_eq!(
            (b.values.as_slice(), b.lines.len(), b.means()),
            (["x", "y"].map(String::from).as_slice(), 3, vec![Some(2.0), Some(3.0)])
        );
        // Variant 2 (a = 2, b = x) infeasible, variant 3 (2, y) and 5 (3, y) without an outcome.
        let (plan, outcomes) = two_axes(&[2], &[3, 5]);
        let a = AxisLines::of(&plan, &outcomes, 0, cost);
        assert_eq!(a.means(), [Some(0.5), None, Some(4.0)]);
        assert!(!a.is_empty());
        let (plan, outcomes) = two_axes(&[0, 1, 2, 3, 4, 5], &[]);
        assert!(AxisLines::of(&plan, &outcomes, 0, cost).is_empty());
    }

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!((quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75)), (2.0, 3.0, 4.0));
        assert_eq!(quantile(&[1.0, 2.0], 0.5), 1.5);
    }
}
