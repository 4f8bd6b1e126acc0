//! Data-center demand: facility types and their hourly behaviour (utilisation profile,
//! temperature-dependent PUE, flexible share), region and project inputs read from CSV.
//!
//! Cooling model (monotone in outdoor temperature, documented in docs/load-forecasting.md):
//! `PUE(T) = min(pue_max, pue_base + pue_slope_per_c · max(0, T − pue_threshold_c))`.
//! Below the threshold the site runs on economisers and PUE is flat; above it, chiller
//! work rises roughly linearly with the outdoor temperature (Lei & Masanet 2020/2022).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::calendar::{ClockZone, LocalHour};
use crate::climate::{ClimateClass, ClimateParams};
use crate::error::{issue, LoadError, Result};
use crate::io::open_maybe_gz;
use crate::synthetic::RegionSpec;
use nagrid_io::Table;
use nagrid_model::Country;
use nagrid_model::Issues;

/// Kind of data-center facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityType {
    /// AI model training: nearly flat, high utilisation, partly curtailable.
    AiTraining,
    /// AI inference serving: diurnal pattern following users.
    AiInference,
    /// Conventional cloud / colocation / enterprise.
    ConventionalCloud,
}

impl FacilityType {
    /// All types.
    pub const ALL: [FacilityType; 3] = [FacilityType::AiTraining, FacilityType::AiInference, FacilityType::ConventionalCloud];
    /// Snake-case name.
    pub fn name(&self) -> &'static str {
        match self {
            FacilityType::AiTraining => "ai_training",
            FacilityType::AiInference => "ai_inference",
            FacilityType::ConventionalCloud => "conventional_cloud",
        }
    }
}

impl fmt::Display for FacilityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FacilityType {
    type Err = LoadError;
    fn from_str(s: &str) -> Result<Self> {
        FacilityType::ALL
            .into_iter()
            .find(|t| t.name() == s.trim())
            .ok_or_else(|| LoadError::Invalid(format!("unknown facility type {s:?}")))
    }
}

/// Development stage of a pipeline project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Energised (counts with probability 1 from its online year).
    Operating,
    /// Under construction / signed service agreement.
    UnderConstruction,
    /// Announced / advanced planning / construction letter.
    Announced,
    /// Early inquiry, interconnection-queue-only.
    Speculative,
}

impl Stage {
    /// All stages.
    pub const ALL: [Stage; 4] = [Stage::Operating, Stage::UnderConstruction, Stage::Announced, Stage::Speculative];
    /// Snake-case name.
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Operating => "operating",
            Stage::UnderConstruction => "under_construction",
            Stage::Announced => "announced",
            Stage::Speculative => "speculative",
        }
    }
}

impl FromStr for Stage {
    type Err = LoadError;
    fn from_str(s: &str) -> Result<Self> {
        Stage::ALL.into_iter().find(|t| t.name() == s.trim()).ok_or_else(|| LoadError::Invalid(format!("unknown stage {s:?}")))
    }
}

/// Hourly behaviour of one facility type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityProfile {
    /// Mean IT power / installed IT capacity.
    pub utilisation: f64,
    /// Relative amplitude of the daily utilisation cycle (±).
    pub diurnal_amplitude: f64,
    /// Local hour of the daily utilisation maximum.
    pub peak_hour_local: f64,
    /// Utilisation on weekends relative to weekdays.
    pub weekend_factor: f64,
    /// PUE at or below the economiser threshold in the base year.
    pub pue_base: f64,
    /// Outdoor temperature above which PUE rises, °C.
    pub pue_threshold_c: f64,
    /// PUE increase per °C above the threshold.
    pub pue_slope_per_c: f64,
    /// Upper bound of the PUE.
    pub pue_max: f64,
    /// Share of the facility load that can be curtailed at a price.
    pub flexible_share: f64,
}

impl FacilityProfile {
    /// Documented defaults (facts sheet §2.1–2.5: AI-specialised PUE ≈ 1.14, hyperscale
    /// ≈ 1.25, colocation/enterprise 1.5–1.6 → fleet mix ≈ 1.4 in 2023; load factors 0.5–0.9;
    /// inference ±5–15 % diurnal, training ±0–5 %, cloud ±5–10 %).
    pub fn default_for(t: FacilityType) -> Self {
        match t {
            FacilityType::AiTraining => FacilityProfile {
                utilisation: 0.75,
                diurnal_amplitude: 0.02,
                peak_hour_local: 14.0,
                weekend_factor: 1.0,
                pue_base: 1.12,
                pue_threshold_c: 18.0,
                pue_slope_per_c: 0.006,
                pue_max: 1.40,
                flexible_share: 0.25,
            },
            FacilityType::AiInference => FacilityProfile {
                utilisation: 0.60,
                diurnal_amplitude: 0.10,
                peak_hour_local: 13.0,
                weekend_factor: 0.93,
                pue_base: 1.17,
                pue_threshold_c: 18.0,
                pue_slope_per_c: 0.007,
                pue_max: 1.45,
                flexible_share: 0.05,
            },
            FacilityType::ConventionalCloud => FacilityProfile {
                utilisation: 0.50,
                diurnal_amplitude: 0.06,
                peak_hour_local: 14.0,
                weekend_factor: 0.96,
                pue_base: 1.40,
                pue_threshold_c: 15.0,
                pue_slope_per_c: 0.012,
                pue_max: 1.90,
                flexible_share: 0.10,
            },
        }
    }

    /// PUE at an outdoor temperature, with the base-year `pue_base` replaced by `pue_base`.
    /// Non-decreasing in `temperature_c`.
    pub fn pue(&self, pue_base: f64, temperature_c: f64) -> f64 {
        (pue_base + self.pue_slope_per_c * (temperature_c - self.pue_threshold_c).max(0.0)).min(self.pue_max.max(pue_base))
    }

    /// Utilisation (IT power / IT capacity) in a local hour; averages `utilisation` over a week.
    pub fn utilisation_at(&self, lh: &LocalHour) -> f64 {
        let w = if lh.weekday >= 5 { self.weekend_factor } else { 1.0 };
        let week_mean = (5.0 + 2.0 * self.weekend_factor) / 7.0;
        let cycle =
            1.0 + self.diurnal_amplitude * (2.0 * std::f64::consts::PI * (f64::from(lh.hour) + 0.5 - self.peak_hour_local) / 24.0).cos();
        (self.utilisation * w / week_mean * cycle).min(1.0)
    }
}

/// A region: synthetic base-load figures plus growth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionInput {
    /// Base-year description (energy, peak, location, climate, zone).
    pub spec: RegionSpec,
    /// Growth of the base (non-data-center) load, % per year, applied to energy and peak.
    pub base_growth_pct_per_year: f64,
}

/// Installed IT capacity of one facility type in a region in the base year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledBase {
    /// Region name.
    pub region: String,
    /// Facility type.
    pub facility_type: FacilityType,
    /// Installed IT capacity in the base year, MW.
    pub it_capacity_mw_base: f64,
}

/// One project of the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineProject {
    /// Region name.
    pub region: String,
    /// Project name.
    pub project: String,
    /// Facility type.
    pub facility_type: FacilityType,
    /// IT capacity, MW.
    pub it_capacity_mw: f64,
    /// Planned year of energisation.
    pub online_year: i32,
    /// Stage.
    pub stage: Stage,
    /// Probability of realisation; `None` = the scenario's default for the stage.
    pub probability: Option<f64>,
}

/// All data-center projection inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataCenterInputs {
    /// Base year of the installed capacities and region figures.
    pub base_year: i32,
    /// Regions.
    pub regions: Vec<RegionInput>,
    /// Installed IT capacity in the base year.
    pub installed: Vec<InstalledBase>,
    /// Project pipeline.
    pub pipeline: Vec<PipelineProject>,
}

const DEFAULT_REGIONS: &str = include_str!("../data/regions.csv");
const DEFAULT_DATACENTERS: &str = include_str!("../data/datacenters.csv");
const DEFAULT_PIPELINE: &str = include_str!("../data/datacenter_pipeline.csv");

impl DataCenterInputs {
    /// The built-in North-American inputs (base year 2023; see docs/load-forecasting.md for sources).
    pub fn north_america_defaults() -> Result<Self> {
        Self::from_tables(
            Input::builtin("regions.csv (built-in)", DEFAULT_REGIONS),
            Input::builtin("datacenters.csv (built-in)", DEFAULT_DATACENTERS),
            Input::builtin("datacenter_pipeline.csv (built-in)", DEFAULT_PIPELINE),
            2023,
        )
    }

    /// Reads `regions.csv`, `datacenters.csv` and `datacenter_pipeline.csv` (columns in
    /// docs/load-forecasting.md). All problems of all three files are reported together.
    pub fn from_files(regions: &Path, datacenters: &Path, pipeline: &Path, base_year: i32) -> Result<Self> {
        Self::from_tables(Input::read(regions)?, Input::read(datacenters)?, Input::read(pipeline)?, base_year)
    }

    /// Like [`DataCenterInputs::from_files`], with typed regions (e.g. built by a study
    /// from its case) labelled `regions_label` in messages, their rows numbered from 2
    /// as if they were a table. Regions are checked against the same bounds as
    /// `regions.csv`; all problems of the regions and both files are reported together.
    pub fn from_regions(
        regions: Vec<RegionInput>,
        regions_label: &str,
        datacenters: &Path,
        pipeline: &Path,
        base_year: i32,
    ) -> Result<Self> {
        let problems = check_regions(regions_label, &regions);
        Self::with_regions(regions, problems, Input::read(datacenters)?, Input::read(pipeline)?, base_year)
    }

    fn from_tables(mut rt: Input, dt: Input, pt: Input, base_year: i32) -> Result<Self> {
        let regions = regions_from_table(&rt.table, &mut rt.problems);
        Self::with_regions(regions, rt.problems, dt, pt, base_year)
    }

    fn with_regions(regions: Vec<RegionInput>, mut problems: Issues, dt: Input, pt: Input, base_year: i32) -> Result<Self> {
        let known = |r: &str| regions.iter().any(|x| x.spec.name == r);
        let (Input { table: dt, problems: mut dp }, Input { table: pt, problems: mut pp }) = (dt, pt);
        let mut installed = Vec::new();
        if dt.require(&["region", "facility_type", "it_capacity_mw_base"], &mut dp) {
            for i in 0..dt.len() {
                let region = dt.raw(i, "region").unwrap_or("").to_string();
                if !known(&region) {
                    dp.push(dt.issue(i, "region", "region not in regions.csv"));
                }
                let ft = dt.parse_as::<FacilityType>(i, "facility_type", FACILITY_TYPES, &mut dp);
                let mw = dt.number_in(i, "it_capacity_mw_base", Some((0.0, f64::MAX)), &mut dp);
                if let (Some(facility_type), Some(mw)) = (ft, mw) {
                    installed.push(InstalledBase { region, facility_type, it_capacity_mw_base: mw });
                }
            }
        }
        let mut pipeline = Vec::new();
        if pt.require(&["region", "project", "facility_type", "mw", "online_year", "stage", "probability"], &mut pp) {
            for i in 0..pt.len() {
                let region = pt.raw(i, "region").unwrap_or("").to_string();
                if !known(&region) {
                    pp.push(pt.issue(i, "region", "region not in regions.csv"));
                }
                let project = pt.raw(i, "project").unwrap_or("").to_string();
                let ft = pt.parse_as::<FacilityType>(i, "facility_type", FACILITY_TYPES, &mut pp);
                let mw = pt.number_in(i, "mw", Some((0.0, f64::MAX)), &mut pp);
                let year = pt.parse_as::<i32>(i, "online_year", "an integer year", &mut pp);
                if let Some(y) = year {
                    if y < base_year {
                        pp.push(pt.issue(i, "online_year", format!("online year before the base year {base_year}")));
                    }
                }
                let stage = pt.parse_as::<Stage>(i, "stage", "a stage (operating, under_construction, announced, speculative)", &mut pp);
                let probability = if pt.raw(i, "probability").unwrap_or("").is_empty() {
                    Some(None)
                } else {
                    pt.number_in(i, "probability", Some((0.0, 1.0)), &mut pp).map(Some)
                };
                if let (Some(facility_type), Some(mw), Some(y), Some(stage), Some(probability)) = (ft, mw, year, stage, probability) {
                    if y >= base_year {
                        pipeline.push(PipelineProject {
                            region,
                            project,
                            facility_type,
                            it_capacity_mw: mw,
                            online_year: y,
                            stage,
                            probability,
                        });
                    }
                }
            }
        }
        for i in dp.0.into_iter().chain(pp.0) {
            problems.push(i);
        }
        if !problems.is_empty() {
            return Err(LoadError::Input(problems));
        }
        if regions.is_empty() {
            return Err(LoadError::Invalid("no regions".into()));
        }
        Ok(DataCenterInputs { base_year, regions, installed, pipeline })
    }
}

/// What a facility type column must hold.
const FACILITY_TYPES: &str = "a facility type (ai_training, ai_inference, conventional_cloud)";

/// One input table with the problems found reading it (each file's problems are
/// reported together, file after file).
struct Input {
    table: Table,
    problems: Issues,
}

impl Input {
    /// Read a CSV file (gzip allowed), labelled by its path.
    fn read(path: &Path) -> Result<Input> {
        let mut problems = Issues::default();
        let table = Table::from_reader(&path.display().to_string(), open_maybe_gz(path)?, &mut problems);
        Ok(Input { table, problems })
    }

    /// A built-in table.
    fn builtin(label: &str, text: &str) -> Input {
        let mut problems = Issues::default();
        let table = Table::from_reader(label, text.as_bytes(), &mut problems);
        Input { table, problems }
    }
}

/// The regions of a `regions.csv` table; problems are pushed to `problems`.
fn regions_from_table(rt: &Table, problems: &mut Issues) -> Vec<RegionInput> {
    let mut regions = Vec::new();
    if rt.require(
        &[
            "region",
            "country",
            "annual_energy_mwh",
            "peak_mw",
            "base_growth_pct_per_year",
            "latitude_deg",
            "longitude_deg",
            "climate",
            "timezone",
        ],
        problems,
    ) {
        for i in 0..rt.len() {
            let name = rt.raw(i, "region").unwrap_or("").to_string();
            if name.is_empty() {
                problems.push(rt.issue(i, "region", "missing region name"));
            }
            if regions.iter().any(|r: &RegionInput| r.spec.name == name) {
                problems.push(rt.issue(i, "region", "duplicate region"));
            }
            let country = rt.parse_as::<Country>(i, "country", "a country (US, CA, MX)", problems);
            let e = rt.number_in(i, "annual_energy_mwh", Some(ENERGY_RANGE), problems);
            let p = rt.number_in(i, "peak_mw", Some(ENERGY_RANGE), problems);
            if let (Some(e), Some(p)) = (e, p) {
                if e > p * 8784.0 {
                    problems.push(rt.issue(i, "annual_energy_mwh", "energy exceeds peak × hours (load factor > 1)"));
                }
            }
            let g = rt.number_in(i, "base_growth_pct_per_year", Some(GROWTH_RANGE), problems);
            let lat = rt.number_in(i, "latitude_deg", Some((-90.0, 90.0)), problems);
            let lon = rt.number_in(i, "longitude_deg", Some((-180.0, 180.0)), problems);
            let climate = rt.parse_as::<ClimateClass>(i, "climate", "a known climate class", problems);
            let zone = rt.parse_as::<ClockZone>(i, "timezone", "an IANA time zone", problems);
            // Optional climate normals of the load centre override the class preset.
            let mut overrides = [None; 3];
            for (k, (col, range)) in NORMALS.into_iter().enumerate() {
                if rt.raw(i, col).is_some_and(|s| !s.is_empty()) {
                    overrides[k] = rt.number_in(i, col, Some(range), problems);
                }
            }
            if let (Some(country), Some(e), Some(p), Some(g), Some(lat), Some(lon), Some(c), Some(z)) =
                (country, e, p, g, lat, lon, climate, zone)
            {
                regions.push(RegionInput {
                    spec: RegionSpec {
                        name,
                        country,
                        annual_energy_mwh: e,
                        peak_mw: p,
                        latitude_deg: lat,
                        longitude_deg: lon,
                        climate: {
                            let mut cp = ClimateParams::preset(c);
                            if let Some(v) = overrides[0] {
                                cp.mean_temperature_c = v;
                            }
                            if let Some(v) = overrides[1] {
                                cp.seasonal_amplitude_c = v;
                            }
                            if let Some(v) = overrides[2] {
                                cp.diurnal_amplitude_c = v;
                            }
                            cp
                        },
                        zone: z,
                        summer_winter_peak_ratio: None,
                    },
                    base_growth_pct_per_year: g,
                });
            }
        }
    }
    regions
}

/// Bounds of the numeric region columns (as in `regions.csv`).
const ENERGY_RANGE: (f64, f64) = (f64::MIN_POSITIVE, f64::MAX);
const GROWTH_RANGE: (f64, f64) = (-20.0, 50.0);
const NORMALS: [(&str, (f64, f64)); 3] =
    [("mean_temp_c", (-40.0, 40.0)), ("seasonal_amplitude_c", (0.0, 40.0)), ("diurnal_amplitude_c", (0.0, 20.0))];

/// The checks of `regions.csv` applied to typed regions (row `i` is line `i + 2`).
fn check_regions(label: &str, regions: &[RegionInput]) -> Issues {
    let mut out = Issues::default();
    for (i, r) in regions.iter().enumerate() {
        let line = Some(i as u64 + 2);
        let mut bad = |column: &str, value: String, msg: String| out.push(issue(label, line, Some(column), Some(&value), msg));
        if r.spec.name.is_empty() {
            bad("region", String::new(), "missing region name".into());
        }
        if regions[..i].iter().any(|x| x.spec.name == r.spec.name) {
            bad("region", r.spec.name.clone(), "duplicate region".into());
        }
        let c = &r.spec.climate;
        let numbers = [
            ("annual_energy_mwh", r.spec.annual_energy_mwh, ENERGY_RANGE),
            ("peak_mw", r.spec.peak_mw, ENERGY_RANGE),
            ("base_growth_pct_per_year", r.base_growth_pct_per_year, GROWTH_RANGE),
            ("latitude_deg", r.spec.latitude_deg, (-90.0, 90.0)),
            ("longitude_deg", r.spec.longitude_deg, (-180.0, 180.0)),
            (NORMALS[0].0, c.mean_temperature_c, NORMALS[0].1),
            (NORMALS[1].0, c.seasonal_amplitude_c, NORMALS[1].1),
            (NORMALS[2].0, c.diurnal_amplitude_c, NORMALS[2].1),
        ];
        for (column, v, (lo, hi)) in numbers {
            if !v.is_finite() {
                bad(column, v.to_string(), "not a finite number".into());
            } else if v < lo || v > hi {
                bad(column, v.to_string(), format!("outside [{lo}, {hi}]"));
            }
        }
        if r.spec.annual_energy_mwh > r.spec.peak_mw * 8784.0 {
            bad("annual_energy_mwh", r.spec.annual_energy_mwh.to_string(), "energy exceeds peak × hours (load factor > 1)".into());
        }
    }
    out
}
