//! Charts of a dispatch result (PNG and SVG, fonts embedded through nagrid-load's
//! registration of DejaVu, so they render without system fonts):
//!
//! - `dispatch_peak_week.{png,svg}`: generation by technology, stacked, in the week
//!   with the highest system load, with the load on top;
//! - `price_duration.{png,svg}`: load-weighted hourly price of each country, sorted
//!   from highest to lowest.

use crate::StudyError;
use nagrid_model::{Case, Country};
use nagrid_opf::DispatchSolution;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

fn err<E: std::fmt::Display>(e: E) -> StudyError {
    StudyError::Load(nagrid_load::LoadError::Plot(e.to_string()))
}

fn tech_color(tech: &str, i: usize) -> RGBColor {
    match tech {
        "nuclear" => RGBColor(148, 103, 189),
        "coal" => RGBColor(90, 90, 90),
        "gas_cc" => RGBColor(255, 127, 14),
        "gas_ct" => RGBColor(255, 187, 120),
        "oil" => RGBColor(140, 86, 75),
        "hydro_reservoir" => RGBColor(31, 119, 180),
        "hydro_ror" => RGBColor(114, 170, 220),
        "wind" => RGBColor(44, 160, 44),
        "solar" => RGBColor(250, 210, 40),
        "biomass_other" => RGBColor(150, 190, 90),
        "geothermal" => RGBColor(214, 39, 40),
        "storage" => RGBColor(227, 119, 194),
        _ => {
            let (r, g, b) = Palette99::pick(i).to_rgba().rgb();
            RGBColor(r, g, b)
        }
    }
}

/// Draw both charts into `dir` (created).
pub fn dispatch_plots(case: &Case, sol: &DispatchSolution, dir: &Path) -> Result<(), StudyError> {
    std::fs::create_dir_all(dir).map_err(|e| StudyError::Io(nagrid_io::IoError::File { path: dir.display().to_string(), source: e }))?;
    nagrid_load::plot::register_fonts();
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
        let v = by_tech.entry((merit(&gen.technology), gen.technology.as_str())).or_insert_with(|| vec![0.0; len]);
        for k in 0..len {
            v[k] += sol.gen_p_mw[g][start + k];
        }
    }
    let storage: Vec<f64> = (0..len).map(|k| (0..n.storage.len()).map(|s| sol.storage_discharge_mw[s][start + k]).sum()).collect();
    if storage.iter().any(|v| *v > 0.0) {
        by_tech.insert((merit("storage"), "storage"), storage);
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
    for ext in ["png", "svg"] {
        let path = dir.join(format!("dispatch_peak_week.{ext}"));
        if ext == "png" {
            stacked(BitMapBackend::new(&path, (1200, 600)).into_drawing_area(), &title, &by_tech, &week_load)?;
        } else {
            stacked(SVGBackend::new(&path, (1200, 600)).into_drawing_area(), &title, &by_tech, &week_load)?;
        }
        let path = dir.join(format!("price_duration.{ext}"));
        if ext == "png" {
            duration(BitMapBackend::new(&path, (1000, 550)).into_drawing_area(), &curves)?;
        } else {
            duration(SVGBackend::new(&path, (1000, 550)).into_drawing_area(), &curves)?;
        }
    }
    Ok(())
}

/// Stacking order: baseload at the bottom, variable renewables and storage on top.
fn merit(tech: &str) -> usize {
    const ORDER: [&str; 12] = [
        "nuclear",
        "geothermal",
        "hydro_ror",
        "biomass_other",
        "coal",
        "hydro_reservoir",
        "gas_cc",
        "gas_ct",
        "oil",
        "wind",
        "solar",
        "storage",
    ];
    ORDER.iter().position(|t| *t == tech).unwrap_or(ORDER.len())
}

fn stacked<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    title: &str,
    layers: &BTreeMap<(usize, &str), Vec<f64>>,
    load: &[f64],
) -> Result<(), StudyError> {
    root.fill(&WHITE).map_err(err)?;
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
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..len as f64, 0f64..ymax)
        .map_err(err)?;
    chart.configure_mesh().x_desc("Hours from the start of the week").y_desc("Power (GW)").draw().map_err(err)?;
    let names: Vec<&str> = layers.keys().map(|k| k.1).collect();
    for i in (0..names.len()).rev() {
        let color = tech_color(names[i], i);
        let pts: Vec<(f64, f64)> = (0..len).map(|k| (k as f64, cum[i][k])).collect();
        chart
            .draw_series(AreaSeries::new(pts, 0.0, color.filled()))
            .map_err(err)?
            .label(names[i].replace('_', " "))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
    }
    chart
        .draw_series(LineSeries::new((0..len).map(|k| (k as f64, load[k] / 1000.0)), BLACK.stroke_width(2)))
        .map_err(err)?
        .label("load")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

fn duration<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, curves: &[(Country, Vec<f64>)]) -> Result<(), StudyError> {
    root.fill(&WHITE).map_err(err)?;
    let h = curves.first().map_or(1, |c| c.1.len()).max(1);
    let ymax = curves.iter().flat_map(|c| c.1.iter()).cloned().fold(0.0, f64::max) * 1.05 + 1.0;
    let ymin = curves.iter().flat_map(|c| c.1.iter()).cloned().fold(0.0, f64::min).min(0.0);
    let mut chart = ChartBuilder::on(&root)
        .caption("Price duration curves (load-weighted by country)", ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..h as f64, ymin..ymax)
        .map_err(err)?;
    chart.configure_mesh().x_desc("Hours of the horizon, sorted by price").y_desc("Price (USD/MWh)").draw().map_err(err)?;
    for (i, (c, p)) in curves.iter().enumerate() {
        let color = [RGBColor(31, 119, 180), RGBColor(214, 39, 40), RGBColor(44, 160, 44)][i % 3];
        chart
            .draw_series(LineSeries::new(p.iter().enumerate().map(|(k, v)| (k as f64, *v)), color.stroke_width(2)))
            .map_err(err)?
            .label(match c {
                Country::US => "United States",
                Country::CA => "Canada",
                Country::MX => "Mexico",
            })
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}
