//! Inputs used to prepare a case's hourly series (`renewables.csv`), and writing
//! a series file.

use crate::results::{push_number, write_hourly_csv};
use crate::table::{self, Table};
use crate::IoError;
use nagrid_model::{limits, Issue, Issues, Network, TimeAxis};
use std::path::Path;

/// One row of `renewables.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewableCf {
    /// Region index.
    pub region: usize,
    /// Annual wind capacity factor, fraction.
    pub wind_cf: f64,
    /// Annual solar capacity factor, fraction.
    pub solar_cf: f64,
}

/// Read `dir/renewables.csv` (`region,wind_cf,solar_cf`), checking regions and
/// ranges; every problem is reported.
pub fn read_renewables(dir: &Path, net: &Network) -> Result<Vec<RenewableCf>, IoError> {
    let mut issues = Issues::default();
    let file = "renewables.csv";
    let Some(t) = Table::read(dir, file, &mut issues) else {
        if issues.is_empty() {
            issues.push(Issue::file(file, "missing: annual wind and solar capacity factors per region (region,wind_cf,solar_cf)"));
        }
        return Err(IoError::Input(issues));
    };
    let sch = &crate::schema::RENEWABLES;
    t.check_schema(sch, &mut issues);
    let regions = table::region_index(net);
    let mut out = Vec::new();
    for r in 0..t.len() {
        let region = t.region(r, "region", &regions, &mut issues);
        let mut cf = |col: &str| {
            let v = t.value(sch, r, col, &mut issues);
            if !(v.is_nan() || v > 0.0 && v < 1.0) {
                issues.push(Issue::at(file, t.lines[r], col, v, "a capacity factor is a fraction in (0, 1)"));
            }
            v
        };
        let (wind_cf, solar_cf) = (cf("wind_cf"), cf("solar_cf"));
        if let Some(region) = region {
            out.push(RenewableCf { region, wind_cf, solar_cf });
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(IoError::Input(issues))
    }
}

/// Write an hourly series file (`timestamp` in UTC, one column per id) atomically:
/// written next to its destination and renamed.
pub fn write_series(path: &Path, axis: &TimeAxis, headers: &[&str], columns: &[&[f64]], decimals: usize) -> Result<(), IoError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| IoError::file(parent, e))?;
    }
    let tmp = path.with_extension("csv.partial");
    let f = std::fs::File::create(&tmp).map_err(|e| IoError::file(&tmp, e))?;
    let number = |s: &mut String, v: f64| push_number(s, v, decimals);
    write_hourly_csv(f, axis, chrono_tz::UTC, headers, columns, number).map_err(|e| IoError::file(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| IoError::file(path, e))
}

/// One row of `load/regions_load.csv`: sourced demand and climate of a region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionLoad {
    /// Region index.
    pub region: usize,
    /// Year of the figures.
    pub base_year: i32,
    /// Annual demand, MWh (all load, data centers included).
    pub annual_energy_mwh: f64,
    /// Annual peak, MW.
    pub peak_mw: f64,
    /// `summer` or `winter`.
    pub peak_season: String,
    /// Annual mean temperature of the load centre, °C.
    pub mean_temp_c: f64,
    /// January mean, °C.
    pub jan_mean_temp_c: f64,
    /// July mean, °C.
    pub jul_mean_temp_c: f64,
    /// Mean daily temperature range, °C.
    pub diurnal_range_c: f64,
    /// (LD1) Highest summer hour ÷ highest winter hour of the base load, if given.
    pub summer_winter_peak_ratio: Option<f64>,
}

/// Read `dir/load/regions_load.csv`; every region of the network must have a row.
pub fn read_regions_load(dir: &Path, net: &Network) -> Result<Vec<RegionLoad>, IoError> {
    let mut issues = Issues::default();
    let file = "load/regions_load.csv";
    let Some(t) = Table::read(dir, file, &mut issues) else {
        if issues.is_empty() {
            issues.push(Issue::file(file, "missing: annual demand, peak and climate per region ([load] source = \"forecast\")"));
        }
        return Err(IoError::Input(issues));
    };
    let sch = &crate::schema::REGIONS_LOAD;
    t.check_schema(sch, &mut issues);
    let regions = table::region_index(net);
    let mut out: Vec<RegionLoad> = Vec::new();
    for r in 0..t.len() {
        let region = t.region(r, "region", &regions, &mut issues);
        let base_year = t.value(sch, r, "base_year", &mut issues);
        let years = f64::from(limits::MIN_YEAR)..=f64::from(limits::MAX_YEAR);
        if !(base_year.is_nan() || base_year.fract() == 0.0 && years.contains(&base_year)) {
            let m = format!("a year from {} to {}", limits::MIN_YEAR, limits::MAX_YEAR);
            issues.push(t.issue(r, "base_year", m));
        }
        let e = t.value(sch, r, "annual_energy_mwh", &mut issues);
        let p = t.value(sch, r, "peak_mw", &mut issues);
        let p_ok = p > 0.0 && limits::within(p, limits::MAX_MW);
        if !(p.is_nan() || p_ok) {
            issues.push(t.issue(r, "peak_mw", format!("must be a number in (0, {:e}]", limits::MAX_MW)));
        }
        if p_ok && !(e.is_nan() || e > 0.0 && e <= p * 8784.0) {
            issues.push(t.issue(r, "annual_energy_mwh", format!("needs 0 < energy <= peak × 8,784 h (peak {p} MW)")));
        }
        let season = t.text(r, "peak_season", &mut issues).unwrap_or_default();
        if !season.is_empty() && season != "summer" && season != "winter" {
            issues.push(Issue::at(file, t.lines[r], "peak_season", &season, "expected summer or winter"));
        }
        let row = RegionLoad {
            region: region.unwrap_or(usize::MAX),
            base_year: base_year as i32,
            annual_energy_mwh: e,
            peak_mw: p,
            peak_season: season,
            mean_temp_c: temperature(&t, r, "mean_temp_c", -90.0, &mut issues),
            jan_mean_temp_c: temperature(&t, r, "jan_mean_temp_c", -90.0, &mut issues),
            jul_mean_temp_c: temperature(&t, r, "jul_mean_temp_c", -90.0, &mut issues),
            diurnal_range_c: temperature(&t, r, "diurnal_range_c", 0.0, &mut issues),
            summer_winter_peak_ratio: t.opt_number(r, "summer_winter_peak_ratio", &mut issues).filter(|q| {
                let ok = (0.2..=5.0).contains(q);
                if !ok {
                    issues.push(t.issue(
                        r,
                        "summer_winter_peak_ratio",
                        "must be a number in [0.2, 5] (summer peak ÷ winter peak)".to_string(),
                    ));
                }
                ok
            }),
        };
        if let Some(reg) = region {
            if out.iter().any(|o| o.region == reg) {
                issues.push(Issue::at(file, t.lines[r], "region", &net.regions[reg].id, "a second row for the same region"));
            }
            out.push(row);
        }
    }
    for (i, reg) in net.regions.iter().enumerate() {
        if !out.iter().any(|o| o.region == i) && !t.is_empty() {
            issues.push(Issue::file(file, format!("no row for region '{}'", reg.id)));
        }
    }
    if issues.is_empty() {
        out.sort_by_key(|o| o.region);
        Ok(out)
    } else {
        Err(IoError::Input(issues))
    }
}

/// A required temperature (or temperature range) in [`min`, 60] °C.
fn temperature(t: &Table, r: usize, col: &str, min: f64, issues: &mut Issues) -> f64 {
    let v = t.value(&crate::schema::REGIONS_LOAD, r, col, issues);
    if !v.is_nan() && !(min..=60.0).contains(&v) {
        issues.push(t.issue(r, col, format!("must be in [{min}, 60] °C")));
    }
    v
}

/// `compare.toml` is read as a small sweep ([`crate::sweep_spec`]).
pub use crate::sweep_spec::read_compare;
