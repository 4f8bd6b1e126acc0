//! Hourly load of a case synthesised for its study year (`[load] source =
//! "forecast"`): the sourced demand, peak and climate of a base year
//! (`load/regions_load.csv`) become a synthetic base-load profile (nagrid-load),
//! grown to the study year, plus the data-center load of the chosen scenario
//! (`load/datacenters.csv`, `load/datacenter_pipeline.csv`).
//!
//! The sourced figures include today's data centers, so the non-data-center base is
//! found first: the data-center energy (and mean load) of the sourced year is
//! subtracted from the sourced energy (and peak). The base year of the data-center
//! model is 2023 (the year of the US calibration anchor); the sourced base is
//! brought back to 2023 with the growth rate of its country.

use crate::StudyError;
use nagrid_io::prepare::{read_regions_load, RegionLoad};
use nagrid_io::ProvidedLoads;
use nagrid_load::datacenter::RegionInput;
use nagrid_load::{
    growth_charts, ClimateClass, ClimateParams, ClockZone, DataCenterInputs, DataCenterModel, GrowthCharts, GrowthOptions, RegionSpec,
    Scenario,
};
use nagrid_model::{Country, FlexibleLoad, LoadSettings, Network, Scenario as ScenarioKind, TimeAxis};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Base year of the data-center model (US calibration anchor: 176 TWh in 2023).
pub const DATACENTER_BASE_YEAR: i32 = 2023;

/// Hourly load of every region for one calendar year (UTC, from 1 January).
#[derive(Debug, Clone)]
pub struct YearDemand {
    /// Year.
    pub year: i32,
    /// Non-data-center load per region, MW.
    pub base_mw: Vec<Vec<f64>>,
    /// Data-center load per region, MW.
    pub datacenter_mw: Vec<Vec<f64>>,
    /// Flexible part of the data-center load per region, MW.
    pub flexible_mw: Vec<Vec<f64>>,
    /// (LD1) Per region, the summer/winter peak ratio `load/regions_load.csv` asks of
    /// the base load and the one the synthetic base reaches, where one is asked.
    pub seasons: Vec<Option<(f64, f64)>>,
}

/// Relative miss of an LD1 summer/winter peak ratio above which a run warns.
pub const SEASONS_TOLERANCE: f64 = 0.01;

impl YearDemand {
    /// (LD1) One sentence per region whose synthetic base load misses the summer/winter
    /// peak ratio asked of it by more than [`SEASONS_TOLERANCE`], for `keep` regions.
    pub fn season_notes(&self, region_ids: &[String], keep: impl Fn(usize) -> bool) -> Vec<String> {
        let mut notes = Vec::new();
        for (r, s) in self.seasons.iter().enumerate() {
            if let Some((asked, reached)) = *s {
                if keep(r) && (reached - asked).abs() > SEASONS_TOLERANCE * asked {
                    notes.push(format!(
                        "{}: the synthetic base load's summer/winter peak ratio is {reached:.3}, not the {asked:.3} of \
                         load/regions_load.csv: the weather response cannot reach it at a thermal inertia up to 168 h (LD1)",
                        region_ids[r]
                    ));
                }
            }
        }
        notes
    }
}

fn climate_class(mean_c: f64) -> ClimateClass {
    // Nearest preset by annual mean; the normals then override the preset.
    let presets = [
        (ClimateClass::VeryCold, 3.0),
        (ClimateClass::Cold, 9.5),
        (ClimateClass::Marine, 11.5),
        (ClimateClass::MixedHumid, 14.0),
        (ClimateClass::TropicalHighland, 18.0),
        (ClimateClass::HotHumid, 21.0),
        (ClimateClass::HotDry, 24.0),
    ];
    presets.iter().min_by(|a, b| (a.1 - mean_c).abs().total_cmp(&(b.1 - mean_c).abs())).map(|p| p.0).unwrap_or(ClimateClass::MixedHumid)
}

fn growth(settings: &LoadSettings, c: Country) -> f64 {
    settings.base_growth_pct_per_year.get(&c).copied().unwrap_or(0.0)
}

/// Regions of the data-center model, base year 2023, with base energy and peak
/// after removing `dc_energy_mwh` / `dc_mean_mw` from the sourced figures.
fn region_inputs(
    net: &Network,
    rows: &[RegionLoad],
    settings: &LoadSettings,
    dc_energy_mwh: &[f64],
    dc_mean_mw: &[f64],
) -> Vec<RegionInput> {
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let reg = &net.regions[row.region];
        let g = growth(settings, reg.country);
        let back = (1.0 + g / 100.0).powi(row.base_year - DATACENTER_BASE_YEAR);
        // Energy of a non-leap-year equivalent (the model scales by hours of the year).
        let hours = nagrid_model::time::hours_in_year(row.base_year) as f64;
        let mut climate = ClimateParams::preset(climate_class(row.mean_temp_c));
        climate.mean_temperature_c = row.mean_temp_c;
        climate.seasonal_amplitude_c = ((row.jul_mean_temp_c - row.jan_mean_temp_c) / 2.0).abs();
        climate.diurnal_amplitude_c = row.diurnal_range_c / 2.0;
        out.push(RegionInput {
            spec: RegionSpec {
                name: reg.id.clone(),
                country: reg.country,
                annual_energy_mwh: (row.annual_energy_mwh - dc_energy_mwh[i]) * 8760.0 / hours / back,
                peak_mw: (row.peak_mw - dc_mean_mw[i]) / back,
                latitude_deg: reg.lat_deg,
                longitude_deg: reg.lon_deg,
                climate,
                zone: ClockZone::Iana(reg.time_zone),
                summer_winter_peak_ratio: row.summer_winter_peak_ratio,
            },
            base_growth_pct_per_year: g,
        });
    }
    out
}

fn model(dir: &Path, regions: Vec<RegionInput>, seed: u64) -> Result<DataCenterModel, StudyError> {
    let inputs = DataCenterInputs::from_regions(
        regions,
        "load/regions_load.csv (as regions of the data-center model)",
        &dir.join("load/datacenters.csv"),
        &dir.join("load/datacenter_pipeline.csv"),
        DATACENTER_BASE_YEAR,
    )?;
    Ok(DataCenterModel::new(inputs, seed))
}

/// The data-center model of a case, with its non-data-center base calibrated so
/// that base + data centers reproduce the sourced demand of each region's base year.
fn calibrated_model(dir: &Path, net: &Network, settings: &LoadSettings) -> Result<(DataCenterModel, Vec<RegionLoad>), StudyError> {
    let rows = read_regions_load(dir, net)?;
    let n = rows.len();
    let scenario = Scenario::of(settings.scenario);
    // Pass 1: data-center load in each region's sourced year.
    let m1 = model(dir, region_inputs(net, &rows, settings, &vec![0.0; n], &vec![0.0; n]), settings.seed)?;
    let sc1 = m1.calibrate(&scenario)?;
    // Regions side by side (each is deterministic and stands alone).
    let dc: Vec<Vec<f64>> =
        rows.par_iter().map(|row| m1.datacenter_hourly(&sc1, &net.regions[row.region].id, row.base_year)).collect::<Result<_, _>>()?;
    let dc_e: Vec<f64> = dc.iter().map(|d| d.iter().sum()).collect();
    let dc_mean: Vec<f64> = dc_e.iter().zip(&dc).map(|(e, d)| e / d.len() as f64).collect();
    // Pass 2: the non-data-center base.
    let m2 = model(dir, region_inputs(net, &rows, settings, &dc_e, &dc_mean), settings.seed)?;
    Ok((m2, rows))
}

/// Hourly demand of every region of `net` for `year`.
pub fn year_demand(dir: &Path, net: &Network, settings: &LoadSettings, year: i32) -> Result<YearDemand, StudyError> {
    let (m2, rows) = calibrated_model(dir, net, settings)?;
    let sc = m2.calibrate(&Scenario::of(settings.scenario))?;
    let mut out = YearDemand { year, base_mw: Vec::new(), datacenter_mw: Vec::new(), flexible_mw: Vec::new(), seasons: Vec::new() };
    let start = nagrid_load::synthetic::year_start_utc(year)?;
    // Regions side by side (each is deterministic and stands alone), kept in order.
    let hourly: Vec<_> = rows.par_iter().map(|row| m2.region_hourly(&sc, &net.regions[row.region].id, year)).collect::<Result<_, _>>()?;
    for (row, h) in rows.iter().zip(hourly) {
        let reg = &net.regions[row.region];
        out.seasons.push(row.summer_winter_peak_ratio.and_then(|asked| {
            nagrid_load::summer_winter_peak_ratio(ClockZone::Iana(reg.time_zone), start, &h.base_mw).map(|reached| (asked, reached))
        }));
        out.base_mw.push(h.base_mw);
        out.datacenter_mw.push(h.datacenter_mw);
        out.flexible_mw.push(h.flexible_mw);
    }
    Ok(out)
}

/// Loads for the case's time axis (which must lie within its study year), with the
/// files read besides `load/` (relative to the case folder). With a weather year the
/// US base load takes its shape and the synthetic weather (and renewables) its seed
/// ([`crate::weather`]).
pub fn provided_loads(
    dir: &Path,
    net: &Network,
    settings: &nagrid_model::StudySettings,
    axis: &TimeAxis,
) -> Result<(ProvidedLoads, Vec<std::path::PathBuf>), StudyError> {
    let year = settings.study_year;
    let mut load = settings.load.clone();
    if let Some(w) = load.weather_year {
        load.seed = crate::weather::weather_seed(load.seed, w);
    }
    let mut d = year_demand(dir, net, &load, year)?;
    let synthetic = d.base_mw.clone();
    let mut used: Vec<std::path::PathBuf> =
        crate::weather::us_base_load(dir, net, &settings.load, year, &mut d.base_mw)?.into_iter().collect();
    // A weather year's recorded shape replaces a region's synthetic one: no LD1 note then.
    let ids: Vec<String> = net.regions.iter().map(|r| r.id.clone()).collect();
    let notes = d.season_notes(&ids, |r| d.base_mw[r] == synthetic[r]);
    let year_axis = TimeAxis::full_year(year);
    let start = year_axis.index_of(axis.start).filter(|s| s + axis.hours <= year_axis.hours).ok_or_else(|| {
        StudyError::Io(nagrid_io::IoError::Input(nagrid_model::Issues(vec![nagrid_model::Issue {
            file: "study.toml".into(),
            row: None,
            column: Some("horizon".into()),
            value: Some(format!("{} + {} h", axis.start.to_rfc3339(), axis.hours)),
            message: format!("with [load] source = \"forecast\" the horizon must lie within the study year {year}"),
        }])))
    })?;
    let range = start..start + axis.hours;
    let flex_on = settings.load.flexible_curtail_cost_usd_per_mwh.is_some();
    let mut load_mw = HashMap::new();
    let mut datacenter_mw = HashMap::new();
    let mut flexible = Vec::new();
    for (r, reg) in net.regions.iter().enumerate() {
        datacenter_mw.insert(reg.id.clone(), range.clone().map(|t| d.datacenter_mw[r][t]).collect());
        let total: Vec<f64> =
            range.clone().map(|t| d.base_mw[r][t] + d.datacenter_mw[r][t] - if flex_on { d.flexible_mw[r][t] } else { 0.0 }).collect();
        load_mw.insert(reg.id.clone(), total);
        if let Some(cost) = settings.load.flexible_curtail_cost_usd_per_mwh {
            let flex: Vec<f64> = range.clone().map(|t| d.flexible_mw[r][t]).collect();
            if flex.iter().any(|v| *v > 0.0) {
                flexible.push((
                    FlexibleLoad {
                        id: format!("{}_dc_flex", reg.id),
                        region: r,
                        curtail_cost_usd_per_mwh: cost,
                        max_curtail_share: settings.load.flexible_max_curtail_share,
                    },
                    flex,
                ));
            }
        }
    }
    let p_max_pu = crate::weather::renewables(dir, net, settings, axis)?;
    if p_max_pu.is_some() {
        used.push("renewables.csv".into());
    }
    let weather = settings.load.weather_year.map(|w| format!(", weather year {w}")).unwrap_or_default();
    let origin = format!("forecast: study year {year}, data-center scenario {}{weather}", settings.load.scenario);
    Ok((ProvidedLoads { load_mw, flexible, datacenter_mw, origin, notes, p_max_pu: p_max_pu.unwrap_or_default() }, used))
}

/// The load-growth charts of a case, as a run of it draws them: the three scenarios
/// from the data-center base year to the study year or 2040 (the later), the
/// stacked by-region chart of the case's scenario, and a typical summer week
/// (from day 190) of its region of largest sourced demand in the study year.
fn growth_options(net: &Network, rows: &[RegionLoad], settings: &nagrid_model::StudySettings) -> GrowthOptions {
    let largest = rows.iter().max_by(|a, b| a.annual_energy_mwh.total_cmp(&b.annual_energy_mwh)).map_or(0, |r| r.region);
    GrowthOptions {
        scenarios: ScenarioKind::ALL.iter().map(|s| s.name().to_string()).collect(),
        scenario: settings.load.scenario.name().to_string(),
        last_year: settings.study_year.max(2040),
        week_region: net.regions.get(largest).map(|r| r.id.clone()).unwrap_or_default(),
        week_year: settings.study_year,
        week_day: 190,
        formats: vec!["png".into(), "svg".into()],
    }
}

/// Load-growth charts of a case and `projection.csv`, the numbers they draw, into
/// `out_dir` ([`growth_options`]; the run folder's `plots/`).
pub fn growth_plots(
    dir: &Path,
    net: &Network,
    settings: &nagrid_model::StudySettings,
    out_dir: &Path,
) -> Result<Vec<std::path::PathBuf>, StudyError> {
    let (m, rows) = calibrated_model(dir, net, &settings.load)?;
    Ok(growth_charts(&m, &growth_options(net, &rows, settings), out_dir)?.charts)
}

/// `nagrid forecast plot --case DIR`: the case's load-growth charts and
/// `projection.csv`, the same regions, model and numbers as a run of the case draws
/// ([`growth_plots`]); `adjust` may change what is drawn (scenarios, years, the
/// typical week, formats) before.
pub fn case_growth_charts(dir: &Path, out_dir: &Path, adjust: impl FnOnce(&mut GrowthOptions)) -> Result<GrowthCharts, StudyError> {
    let (settings, net, _) = nagrid_io::read_network(dir)?;
    let (m, rows) = calibrated_model(dir, &net, &settings.load)?;
    let mut opts = growth_options(&net, &rows, &settings);
    adjust(&mut opts);
    Ok(growth_charts(&m, &opts, out_dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (LD1) A miss above 1 % of the asked ratio is named; one within it, a region
    /// without a ratio and a region `keep` leaves out are not.
    #[test]
    fn season_notes_name_the_regions_whose_ratio_is_missed() {
        let ids: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let d = YearDemand {
            year: 2030,
            base_mw: Vec::new(),
            datacenter_mw: Vec::new(),
            flexible_mw: Vec::new(),
            seasons: vec![Some((0.5, 0.571)), Some((1.2, 1.2 * 1.009)), None, Some((1.227, 1.172))],
        };
        let notes = d.season_notes(&ids, |_| true);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("a: ") && notes[0].contains("0.571") && notes[0].contains("0.500"), "{}", notes[0]);
        assert!(notes[1].starts_with("d: ") && notes[1].contains("1.172") && notes[1].contains("1.227"), "{}", notes[1]);
        assert_eq!(d.season_notes(&ids, |r| r != 0), vec![notes[1].clone()]);
    }
}
