//! Load-growth charts and the numbers behind them, for every caller: the charts of
//! a run of a case with forecast load (nagrid-study), `nagrid forecast plot --case`
//! and `nagrid forecast plot` on given or built-in inputs all call
//! [`growth_charts`], so one set of inputs gives one set of numbers. Beside the
//! charts, `projection.csv` holds every number they draw.

use crate::calendar::ClockZone;
use crate::error::{LoadError, Result};
use crate::projection::{DataCenterModel, ProjectionRow, Scenario};
use std::path::{Path, PathBuf};

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthOptions {
    /// Scenarios to project, by name (`low`, `mid`, `high`); each is calibrated.
    pub scenarios: Vec<String>,
    /// Scenario of the stacked by-region chart and of the typical week.
    pub scenario: String,
    /// Last projection year (the first is the model's base year).
    pub last_year: i32,
    /// Region of the typical-week chart.
    pub week_region: String,
    /// Year of the typical week.
    pub week_year: i32,
    /// The typical week starts on the first local Monday on or after this day of year.
    pub week_day: u32,
    /// Image formats (`png`, `svg`).
    pub formats: Vec<String>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct GrowthCharts {
    /// `projection.csv`: the annual projection drawn by the charts.
    pub projection_csv: PathBuf,
    /// The chart files.
    pub charts: Vec<PathBuf>,
    /// The calibrated scenarios.
    pub scenarios: Vec<Scenario>,
    /// The projection rows (every scenario, year, region and country).
    pub rows: Vec<ProjectionRow>,
}

/// Project `model` under the scenarios of `opts`, write `projection.csv` and draw the
/// load-growth charts into `out_dir` (created).
pub fn growth_charts(model: &DataCenterModel, opts: &GrowthOptions, out_dir: &Path) -> Result<GrowthCharts> {
    if opts.last_year < model.inputs.base_year {
        return Err(LoadError::Invalid(format!("last year {} is before the base year {}", opts.last_year, model.inputs.base_year)));
    }
    let Some(k) = opts.scenarios.iter().position(|s| *s == opts.scenario) else {
        return Err(LoadError::Invalid(format!(
            "scenario {} is not among the scenarios projected ({})",
            opts.scenario,
            opts.scenarios.join(", ")
        )));
    };
    let scenarios: Vec<Scenario> =
        opts.scenarios.iter().map(|s| Scenario::by_name(s).and_then(|s| model.calibrate(&s))).collect::<Result<_>>()?;
    let week_sc = &scenarios[k];
    let rows = model.project(&scenarios, opts.last_year)?;
    std::fs::create_dir_all(out_dir).map_err(|e| LoadError::Io { path: out_dir.to_path_buf(), source: e })?;
    let projection_csv = out_dir.join("projection.csv");
    write_projection_csv(&projection_csv, &rows)?;
    let week = model.region_hourly(week_sc, &opts.week_region, opts.week_year)?;
    let zone = model.inputs.regions.iter().find(|r| r.spec.name == opts.week_region).map_or(ClockZone::UTC, |r| r.spec.zone);
    let formats: Vec<&str> = opts.formats.iter().map(String::as_str).collect();
    let charts = crate::plot::plot_all(&rows, &opts.scenario, Some((&week, zone, opts.week_day)), out_dir, &formats)?;
    Ok(GrowthCharts { projection_csv, charts, scenarios, rows })
}

/// Write the projection rows as CSV (energies in MWh, powers in MW).
pub fn write_projection_csv(path: &Path, rows: &[ProjectionRow]) -> Result<()> {
    let mut s = String::from(
        "scenario,year,area,country,is_country,it_capacity_mw,datacenter_energy_mwh,base_energy_mwh,total_energy_mwh,datacenter_peak_mw,total_peak_mw,datacenter_share_pct,flexible_energy_mwh\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{},{:.1},{:.0},{:.0},{:.0},{:.1},{:.1},{:.3},{:.0}\n",
            r.scenario,
            r.year,
            r.area,
            r.country,
            r.is_country,
            r.it_capacity_mw,
            r.datacenter_energy_mwh,
            r.base_energy_mwh,
            r.total_energy_mwh,
            r.datacenter_peak_mw,
            r.total_peak_mw,
            r.datacenter_share_pct,
            r.flexible_energy_mwh
        ));
    }
    std::fs::write(path, s).map_err(|e| LoadError::Io { path: path.to_path_buf(), source: e })
}
