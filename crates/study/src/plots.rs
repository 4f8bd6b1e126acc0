//! The charts of `plots/` ([`dispatch_plots`]): `dispatch_peak_week` (the whole
//! system in the week of its highest load, a [`Stack`]) and `price_duration` (every
//! region, one panel per country, [`Curves`]), and the data both they and
//! report.html draw: regions by size, price duration curves.

#[cfg(doc)]
use crate::chart::Stack;
use crate::chart::{duration, Curves, Layer};
use crate::hourly::RegionHourly;
use crate::weeks;
use crate::StudyError;
use nagrid_load::plot::{categorical, render, Chart, DrawResult, CATEGORICAL};
use nagrid_model::{Case, Country};
use nagrid_opf::DispatchSolution;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Regions ordered by their demand over the horizon, largest first.
pub fn regions_by_size(rh: &RegionHourly) -> Vec<usize> {
    let energy: Vec<f64> = rh.demand_mw.iter().map(|v| v.iter().sum()).collect();
    let mut idx: Vec<usize> = (0..energy.len()).collect();
    idx.sort_by(|a, b| energy[*b].total_cmp(&energy[*a]).then(a.cmp(b)));
    idx
}

/// Price duration curves of the regions of `country` (largest region first; the
/// largest 20, one per colour of the palette), at most `points` points each; `None`
/// when the country has no region.
pub fn price_curves(case: &Case, sol: &DispatchSolution, rh: &RegionHourly, country: Country, points: usize) -> Option<Curves> {
    let n = &case.network;
    let mut regions: Vec<usize> = regions_by_size(rh).into_iter().filter(|&r| n.regions[r].country == country).collect();
    if regions.is_empty() {
        return None;
    }
    let all = regions.len();
    regions.truncate(CATEGORICAL.len());
    let curves = regions
        .iter()
        .enumerate()
        .map(|(i, &r)| Layer { name: n.regions[r].id.clone(), color: categorical(i), values: duration(&sol.price_usd_per_mwh[r], points) })
        .collect();
    let which = if all > regions.len() { format!("the largest {} of {all} regions", regions.len()) } else { "largest region first".into() };
    Some(Curves {
        title: format!("Price duration, {} ({which})", country.name()),
        y_desc: "Price (USD/MWh)".into(),
        unit: "USD/MWh".into(),
        curves,
        y_range: None,
    })
}

/// Price duration curves of every region, one panel per country.
struct CountryPanels(Vec<Curves>);

impl Chart for CountryPanels {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let panels = root.split_evenly((self.0.len().max(1), 1));
        for (p, c) in panels.iter().zip(&self.0) {
            c.draw(p)?;
        }
        Ok(())
    }
}

/// Draw the charts of `plots/` into `dir` (created).
pub fn dispatch_plots(case: &Case, sol: &DispatchSolution, rh: &RegionHourly, dir: &Path) -> Result<(), StudyError> {
    std::fs::create_dir_all(dir).map_err(|e| StudyError::Io(nagrid_io::IoError::File { path: dir.display().to_string(), source: e }))?;
    let all: Vec<usize> = (0..case.network.regions.len()).collect();
    let week = weeks::peak_week(case, rh, &all);
    let title = format!("Whole system: generation by technology in the week of peak load ({})", week.axis.zone_name());
    let stack = weeks::stack(case, sol, rh, &all, week, title);
    let panels = CountryPanels(Country::ALL.iter().filter_map(|c| price_curves(case, sol, rh, *c, 500)).collect());
    let height = 420 * panels.0.len().max(1) as u32;
    for ext in ["png", "svg"] {
        render(&dir.join(format!("dispatch_peak_week.{ext}")), (1300, 600), &stack)?;
        render(&dir.join(format!("price_duration.{ext}")), (1100, height), &panels)?;
    }
    Ok(())
}
