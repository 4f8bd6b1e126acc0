//! Box charts of a sweep (`plots/sweep_<figure>.svg`): for every combination of
//! the other axes (and named variant), the spread of a figure across the weather
//! years (box from the first to the third quartile, median line, whiskers from
//! minimum to maximum, one dot per weather year). Without a weather-year axis each
//! variant is one dot.

use super::variant::{Metrics, Outcome};
use super::Plan;
use crate::StudyError;
use nagrid_load::plot::{e, render, Chart, DrawResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// The charted figures: file stem, title, unit and value.
type Figure = (&'static str, &'static str, &'static str, fn(&Metrics) -> Option<f64>);
const FIGURES: [Figure; 4] = [
    ("system_cost", "System cost", "M USD", |m| Some(m.system_cost_usd / 1e6)),
    ("unserved_energy", "Unserved energy", "GWh", |m| Some(m.unserved_mwh / 1e3)),
    ("co2", "CO2 emissions", "Mt", |m| Some(m.co2_t / 1e6)),
    ("price_us", "Load-weighted price, US", "USD/MWh", |m| m.price_us_usd_per_mwh),
];

/// One box: its label and (weather year, value) samples.
struct Group {
    label: String,
    samples: Vec<(Option<i32>, f64)>,
}

/// Draw every figure's chart into `dir` (created).
pub(crate) fn draw(plan: &Plan, outcomes: &[Option<Outcome>], dir: &Path) -> Result<(), StudyError> {
    let weather = plan.axes.iter().position(|a| a == "load.weather_year");
    std::fs::create_dir_all(dir).map_err(|err| super::io(dir, err))?;
    for (stem, title, unit, value) in FIGURES {
        let mut groups: Vec<Group> = Vec::new();
        for (v, o) in plan.variants.iter().zip(outcomes) {
            let mut parts: Vec<&str> = v.list_name.iter().map(String::as_str).collect();
            parts.extend(v.axis_values.iter().enumerate().filter(|(i, _)| Some(*i) != weather).map(|(_, x)| x.as_str()));
            let label = if parts.is_empty() { "all".to_string() } else { parts.join(" / ") };
            let sample = o.as_ref().and_then(|o| o.metrics.as_ref().and_then(value).map(|x| (o.weather_year, x)));
            match groups.iter_mut().find(|g| g.label == label) {
                Some(g) => g.samples.extend(sample),
                None => groups.push(Group { label, samples: sample.into_iter().collect() }),
            }
        }
        if groups.iter().all(|g| g.samples.is_empty()) {
            continue;
        }
        let across = if weather.is_some() { "across weather years" } else { "by variant" };
        let mut by: Vec<&str> = if plan.has_list { vec!["variant"] } else { Vec::new() };
        by.extend(plan.axes.iter().enumerate().filter(|(i, _)| Some(*i) != weather).map(|(_, a)| a.as_str()));
        let chart =
            Boxes { title: format!("{title} {across} ({unit}) — sweep {}", plan.name), unit, x_desc: by.join(" / "), groups: &groups };
        let width = (200 + 60 * groups.len() as u32).clamp(800, 2400);
        render(&dir.join(format!("sweep_{stem}.svg")), (width, 560), &chart)?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!((quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75)), (2.0, 3.0, 4.0));
        assert_eq!(quantile(&[1.0, 2.0], 0.5), 1.5);
    }
}
