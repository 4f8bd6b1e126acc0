//! Charts of a dispatch result (PNG and SVG, fonts embedded through nagrid-load's
//! registration of DejaVu, so they render without system fonts):
//!
//! - `dispatch_peak_week.{png,svg}`: generation by technology, stacked, in the week
//!   with the highest system load, with the load on top;
//! - `price_duration.{png,svg}`: load-weighted hourly price of each country, sorted
//!   from highest to lowest.

use crate::StudyError;
use nagrid_load::plot::{e, render, Chart, DrawResult};
use nagrid_model::technology::{self as tech, merit_rank};
use nagrid_model::{Case, Country};
use nagrid_opf::DispatchSolution;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

fn tech_color(tech: &str, i: usize) -> RGBColor {
    match tech {
        tech::NUCLEAR => RGBColor(148, 103, 189),
        tech::COAL => RGBColor(90, 90, 90),
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
        tech::GEOTHERMAL => RGBColor(214, 39, 40),
        tech::STORAGE => RGBColor(227, 119, 194),
        _ => {
            let (r, g, b) = Palette99::pick(i).to_rgba().rgb();
            RGBColor(r, g, b)
        }
    }
}

/// Draw both charts into `dir` (created).
pub fn dispatch_plots(case: &Case, sol: &DispatchSolution, dir: &Path) -> Result<(), StudyError> {
    std::fs::create_dir_all(dir).map_err(|e| StudyError::Io(nagrid_io::IoError::File { path: dir.display().to_string(), source: e }))?;
    let h = case.axis.hours;
    let n = &case.network;
    let load: Vec<f64> =
        (0..h).map(|t| case.load_mw.iter().map(|l| l[t]).sum::<f64>() + case.flex_load_mw.iter().map(|l| l[t]).sum::<f64>()).collect();
    // Peak week: the 168 hours around the hour of highest load, within the horizon.
    let peak = (0..h).max_by(|a, b| load[*a].total_cmp(&load[*b])).unwrap_or(0);
    let len = h.min(168);
    let start = peak.saturating_sub(len / 2).min(h - len);
    let mut by_tech: BTreeMap<(usize, &str), Vec<f64>> = BTreeMap::new();
    for (g, gen) in n.generators.iter().enumerate() {
        let v = by_tech.entry((merit_rank(&gen.technology), gen.technology.as_str())).or_insert_with(|| vec![0.0; len]);
        for k in 0..len {
            v[k] += sol.gen_p_mw[g][start + k];
        }
    }
    let storage: Vec<f64> = (0..len).map(|k| (0..n.storage.len()).map(|s| sol.storage_discharge_mw[s][start + k]).sum()).collect();
    if storage.iter().any(|v| *v > 0.0) {
        by_tech.insert((merit_rank(tech::STORAGE), tech::STORAGE), storage);
    }
    let week_load: Vec<f64> = load[start..start + len].to_vec();
    let title = format!("Generation by technology, peak week from {} (UTC)", case.axis.timestamp(start).format("%Y-%m-%d %H:%M"));
    // Price duration per country.
    let mut curves = Vec::new();
    for c in Country::ALL {
        let regions: Vec<usize> = (0..n.regions.len()).filter(|&r| n.regions[r].country == c).collect();
        if regions.is_empty() {
            continue;
        }
        let mut p: Vec<f64> = (0..h)
            .map(|t| {
                let l: f64 = regions.iter().map(|&r| case.load_mw[r][t]).sum();
                if l > 0.0 {
                    regions.iter().map(|&r| sol.price_usd_per_mwh[r][t] * case.load_mw[r][t]).sum::<f64>() / l
                } else {
                    regions.iter().map(|&r| sol.price_usd_per_mwh[r][t]).sum::<f64>() / regions.len() as f64
                }
            })
            .collect();
        p.sort_by(|a, b| b.total_cmp(a));
        curves.push((c, p));
    }
    let week = Stacked { title: &title, layers: &by_tech, load: &week_load };
    let prices = Duration { curves: &curves };
    for ext in ["png", "svg"] {
        render(&dir.join(format!("dispatch_peak_week.{ext}")), (1200, 600), &week)?;
        render(&dir.join(format!("price_duration.{ext}")), (1000, 550), &prices)?;
    }
    Ok(())
}

/// Generation stacked by technology (merit order from the bottom) with the load on top.
struct Stacked<'a> {
    title: &'a str,
    layers: &'a BTreeMap<(usize, &'a str), Vec<f64>>,
    load: &'a [f64],
}

impl Chart for Stacked<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let Stacked { title, layers, load } = *self;
        let len = load.len();
        let mut cum: Vec<Vec<f64>> = Vec::new();
        let mut acc = vec![0.0; len];
        for v in layers.values() {
            for k in 0..len {
                acc[k] += v[k] / 1000.0;
            }
            cum.push(acc.clone());
        }
        let ymax = acc.iter().chain(load.iter().map(|l| l / 1000.0).collect::<Vec<_>>().iter()).cloned().fold(0.0, f64::max) * 1.45 + 1e-9;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..len as f64, 0f64..ymax)
            .map_err(e)?;
        chart.configure_mesh().x_desc("Hours from the start of the week").y_desc("Power (GW)").draw().map_err(e)?;
        let names: Vec<&str> = layers.keys().map(|k| k.1).collect();
        for i in (0..names.len()).rev() {
            let color = tech_color(names[i], i);
            let pts: Vec<(f64, f64)> = (0..len).map(|k| (k as f64, cum[i][k])).collect();
            chart
                .draw_series(AreaSeries::new(pts, 0.0, color.filled()))
                .map_err(e)?
                .label(names[i].replace('_', " "))
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
        }
        chart
            .draw_series(LineSeries::new((0..len).map(|k| (k as f64, load[k] / 1000.0)), BLACK.stroke_width(2)))
            .map_err(e)?
            .label("load")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BLACK.stroke_width(2)));
        legend(&mut chart)
    }
}

/// Load-weighted price duration curve of each country.
struct Duration<'a> {
    curves: &'a [(Country, Vec<f64>)],
}

impl Chart for Duration<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let curves = self.curves;
        let h = curves.first().map_or(1, |c| c.1.len()).max(1);
        let ymax = curves.iter().flat_map(|c| c.1.iter()).cloned().fold(0.0, f64::max) * 1.05 + 1.0;
        let ymin = curves.iter().flat_map(|c| c.1.iter()).cloned().fold(0.0, f64::min).min(0.0);
        let mut chart = ChartBuilder::on(root)
            .caption("Price duration curves (load-weighted by country)", ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..h as f64, ymin..ymax)
            .map_err(e)?;
        chart.configure_mesh().x_desc("Hours of the horizon, sorted by price").y_desc("Price (USD/MWh)").draw().map_err(e)?;
        for (i, (c, p)) in curves.iter().enumerate() {
            let color = [RGBColor(31, 119, 180), RGBColor(214, 39, 40), RGBColor(44, 160, 44)][i % 3];
            chart
                .draw_series(LineSeries::new(p.iter().enumerate().map(|(k, v)| (k as f64, *v)), color.stroke_width(2)))
                .map_err(e)?
                .label(c.name())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2)));
        }
        legend(&mut chart)
    }
}

/// The legend box of a chart, in its upper right corner.
fn legend<'a, DB: DrawingBackend + 'a>(chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>) -> DrawResult {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(e)?;
    Ok(())
}
