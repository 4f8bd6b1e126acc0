//! Data-center growth scenarios (low / mid / high), calibration to published national
//! totals, annual projections per region and country to 2040, and hourly series of any
//! study year (base load + data centers + flexible MW).
//!
//! IT capacity of facility type `f` in region `r` and year `y`:
//! ```text
//! IT(r,f,y) = IT₀(r,f) · [1 + w_f (K_c − 1) φ(y)]  +  Σ_projects MW_p · P_p · ramp_p(y)
//! φ(y) = (L(y+½) − L(y₀+½)) / (1 − L(y₀)),   L(x) = 1 / (1 + exp(−rate (x − midpoint)))
//! ```
//! a logistic S-curve (0 in the base year y₀, → 1 at saturation) scaled by the
//! saturation multiple `K_c` of the country; `w_f` weights facility types (AI grows
//! faster than conventional cloud). `P_p` is the project's probability (or the scenario's
//! stage default); `ramp_p(y)` is the share of year `y` after the slipped online date.
//! Hourly facility load = IT · utilisation(local hour) · PUE(T, y).

use chrono::Duration;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::calendar::LocalHour;
use crate::datacenter::{DataCenterInputs, FacilityProfile, FacilityType, PipelineProject, RegionInput, Stage};
use crate::error::{LoadError, Result};
use crate::synthetic::{region_temperature_c, synthetic_year, Response, YearProfile};
use nagrid_model::{Country, Scenario as ScenarioKind};

/// A published total the scenario is calibrated to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Country whose saturation multiple is solved for.
    pub country: Country,
    /// Year of the published figure.
    pub year: i32,
    /// Published data-center electricity, TWh.
    pub energy_twh: f64,
    /// Source of the figure.
    pub source: String,
}

/// A data-center growth scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Name (`low`, `mid`, `high`).
    pub name: String,
    /// Default realisation probability per stage (operating, under_construction, announced, speculative).
    pub stage_probability: [f64; 4],
    /// Delay of pipeline projects after their planned online year, years.
    pub slip_years: f64,
    /// Steepness of the logistic adoption curve, 1/year.
    pub logistic_rate_per_year: f64,
    /// Inflection year of the logistic adoption curve.
    pub logistic_midpoint_year: f64,
    /// Saturation multiple `K` of organic capacity per country (solved for calibrated countries).
    pub saturation_multiple: BTreeMap<Country, f64>,
    /// Relative organic growth weight per facility type.
    pub type_weight: BTreeMap<FacilityType, f64>,
    /// Yearly relative improvement of the base PUE, %.
    pub pue_improvement_pct_per_year: f64,
    /// Lowest base PUE reachable.
    pub pue_floor: f64,
    /// Published totals to calibrate to.
    pub calibration: Vec<Calibration>,
}

fn weights() -> BTreeMap<FacilityType, f64> {
    [(FacilityType::AiTraining, 1.0), (FacilityType::AiInference, 1.0), (FacilityType::ConventionalCloud, 0.2)].into()
}

impl Scenario {
    /// LBNL 2024 low case: US 325 TWh in 2028; cautious pipeline (1-year slip).
    pub fn low() -> Self {
        Scenario {
            name: ScenarioKind::Low.name().into(),
            stage_probability: [1.0, 0.6, 0.2, 0.03],
            slip_years: 1.0,
            logistic_rate_per_year: 0.35,
            logistic_midpoint_year: 2030.0,
            saturation_multiple: [(Country::US, 3.0), (Country::CA, 3.0), (Country::MX, 3.0)].into(),
            type_weight: weights(),
            pue_improvement_pct_per_year: 1.5,
            pue_floor: 1.08,
            calibration: vec![Calibration {
                country: Country::US,
                year: 2028,
                energy_twh: 325.0,
                source: "LBNL 2024 (Shehabi et al., LBNL-2001637), 2028 low scenario".into(),
            }],
        }
    }

    /// Middle case: US 464 TWh in 2028 (LBNL 2025 update reference case), half-year slip.
    pub fn mid() -> Self {
        Scenario {
            name: ScenarioKind::Mid.name().into(),
            stage_probability: [1.0, 0.75, 0.35, 0.08],
            slip_years: 0.5,
            logistic_rate_per_year: 0.40,
            logistic_midpoint_year: 2029.0,
            saturation_multiple: [(Country::US, 4.0), (Country::CA, 5.0), (Country::MX, 5.0)].into(),
            type_weight: weights(),
            pue_improvement_pct_per_year: 1.0,
            pue_floor: 1.08,
            calibration: vec![Calibration {
                country: Country::US,
                year: 2028,
                energy_twh: 464.0,
                source: "LBNL 2025 update (LBNL-2001758), 2028 reference case".into(),
            }],
        }
    }

    /// LBNL 2024 high case: US 580 TWh in 2028; optimistic pipeline, no slip.
    pub fn high() -> Self {
        Scenario {
            name: ScenarioKind::High.name().into(),
            stage_probability: [1.0, 0.9, 0.5, 0.15],
            slip_years: 0.0,
            logistic_rate_per_year: 0.45,
            logistic_midpoint_year: 2028.0,
            saturation_multiple: [(Country::US, 5.0), (Country::CA, 8.0), (Country::MX, 8.0)].into(),
            type_weight: weights(),
            pue_improvement_pct_per_year: 0.5,
            pue_floor: 1.08,
            calibration: vec![Calibration {
                country: Country::US,
                year: 2028,
                energy_twh: 580.0,
                source: "LBNL 2024 (Shehabi et al., LBNL-2001637), 2028 high scenario".into(),
            }],
        }
    }

    /// The parameters of a typed scenario.
    pub fn of(kind: ScenarioKind) -> Self {
        match kind {
            ScenarioKind::Low => Self::low(),
            ScenarioKind::Mid => Self::mid(),
            ScenarioKind::High => Self::high(),
        }
    }

    /// The scenario of a name (`low`, `mid`, `high`).
    pub fn by_name(name: &str) -> Result<Self> {
        name.parse::<ScenarioKind>().map(Self::of).map_err(LoadError::Invalid)
    }

    /// Logistic adoption progress φ(y) ∈ [0, 1) relative to the base year.
    pub fn adoption(&self, base_year: i32, year: f64) -> f64 {
        let l = |y: f64| 1.0 / (1.0 + (-self.logistic_rate_per_year * (y - self.logistic_midpoint_year)).exp());
        let l0 = l(f64::from(base_year));
        ((l(year) - l0) / (1.0 - l0)).max(0.0)
    }

    /// Default or explicit probability of a project.
    pub fn probability(&self, p: &PipelineProject) -> f64 {
        p.probability.unwrap_or_else(|| {
            let i = Stage::ALL.iter().position(|s| *s == p.stage).expect("stage listed");
            self.stage_probability[i]
        })
    }

    /// Base PUE of a facility profile in a year.
    pub fn pue_base(&self, profile: &FacilityProfile, base_year: i32, year: i32) -> f64 {
        let f = (1.0 - self.pue_improvement_pct_per_year / 100.0).powi(year - base_year);
        (profile.pue_base * f).max(self.pue_floor.min(profile.pue_base))
    }
}

/// Hourly series of one region in one study year (UTC hours from 1 January 00:00).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionHourly {
    /// Region name.
    pub region: String,
    /// Country.
    pub country: Country,
    /// Study year.
    pub year: i32,
    /// Base (non-data-center) load, MW.
    pub base_mw: Vec<f64>,
    /// Data-center facility load (IT × utilisation × PUE), MW.
    pub datacenter_mw: Vec<f64>,
    /// Part of `datacenter_mw` curtailable at a price, MW.
    pub flexible_mw: Vec<f64>,
    /// Outdoor temperature, °C.
    pub temperature_c: Vec<f64>,
    /// Installed data-center IT capacity in the year, MW.
    pub it_capacity_mw: f64,
}

impl RegionHourly {
    /// Total load (base + data centers), MW.
    pub fn total_mw(&self) -> Vec<f64> {
        self.base_mw.iter().zip(&self.datacenter_mw).map(|(a, b)| a + b).collect()
    }
}

/// A published outlook for US data-center electricity, shown beside the scenarios
/// (a point when `low_twh == high_twh`, else a range).
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    /// Short label for charts.
    pub label: &'static str,
    /// Year of the figure.
    pub year: i32,
    /// Low end, TWh/yr.
    pub low_twh: f64,
    /// High end, TWh/yr.
    pub high_twh: f64,
    /// Publisher, document and grade (../shared/reference/datacenter_load_facts.md).
    pub source: &'static str,
}

/// The published US outlooks the scenarios are set beside: the scenarios are
/// calibrated on LBNL (2028: low 325 and high 580 TWh from LBNL 2024, mid 464 TWh
/// from the LBNL 2025 update), the others are shown for comparison.
pub fn us_outlooks() -> Vec<Outlook> {
    vec![
        Outlook {
            label: "LBNL 2024 range",
            year: 2028,
            low_twh: 325.0,
            high_twh: 580.0,
            source: "LBNL 2024 (Shehabi et al., LBNL-2001637), 2028 low and high scenarios (P)",
        },
        Outlook {
            label: "LBNL 2025 update",
            year: 2028,
            low_twh: 464.0,
            high_twh: 464.0,
            source: "LBNL 2025 update (Smith et al., LBNL-2001758), 2028 reference case (S)",
        },
        Outlook {
            label: "LBNL 2025 update range",
            year: 2030,
            low_twh: 521.0,
            high_twh: 843.0,
            source: "LBNL 2025 update, 2030 range 9.5-15.3 % of US electricity (reference 649 TWh) (P/S)",
        },
        Outlook {
            label: "IEA 2025 base",
            year: 2030,
            low_twh: 426.0,
            high_twh: 426.0,
            source: "IEA, Energy and AI (Apr 2025), US base case (S)",
        },
        Outlook {
            label: "EPRI 2024 range",
            year: 2030,
            low_twh: 196.0,
            high_twh: 404.0,
            source: "EPRI, Powering Intelligence (May 2024): 3.7-15 %/yr from ~152 TWh in 2023 (S/D)",
        },
    ]
}

/// One row of the annual projection (a region or a whole country).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionRow {
    /// Scenario name.
    pub scenario: String,
    /// Year.
    pub year: i32,
    /// Region name, or the country code for country totals.
    pub area: String,
    /// Country.
    pub country: Country,
    /// `true` for a country total.
    pub is_country: bool,
    /// Installed data-center IT capacity, MW.
    pub it_capacity_mw: f64,
    /// Data-center energy, MWh.
    pub datacenter_energy_mwh: f64,
    /// Base-load energy, MWh.
    pub base_energy_mwh: f64,
    /// Total energy, MWh.
    pub total_energy_mwh: f64,
    /// Peak of the data-center load, MW.
    pub datacenter_peak_mw: f64,
    /// Peak of the total load (coincident over the country's regions for countries), MW.
    pub total_peak_mw: f64,
    /// Data-center share of total energy, %.
    pub datacenter_share_pct: f64,
    /// Energy of the flexible part of the data-center load, MWh.
    pub flexible_energy_mwh: f64,
}

/// Data-center projection engine over a set of inputs.
#[derive(Debug, Clone)]
pub struct DataCenterModel {
    /// The inputs.
    pub inputs: DataCenterInputs,
    /// Hourly behaviour per facility type.
    pub profiles: BTreeMap<FacilityType, FacilityProfile>,
    /// Base-load response shape.
    pub response: Response,
    /// Weather seed.
    pub seed: u64,
}

impl DataCenterModel {
    /// Creates the engine with default facility profiles and base-load response.
    pub fn new(inputs: DataCenterInputs, seed: u64) -> Self {
        let profiles = FacilityType::ALL.into_iter().map(|t| (t, FacilityProfile::default_for(t))).collect();
        DataCenterModel { inputs, profiles, response: Response::Default(Box::default()), seed }
    }

    fn region(&self, name: &str) -> Result<&RegionInput> {
        self.inputs.regions.iter().find(|r| r.spec.name == name).ok_or_else(|| LoadError::Invalid(format!("unknown region {name:?}")))
    }

    /// Installed IT capacity (MW) of a type in a region, averaged over a year.
    pub fn it_capacity_mw(&self, sc: &Scenario, region: &RegionInput, ft: FacilityType, year: i32) -> f64 {
        let by = self.inputs.base_year;
        let k = sc.saturation_multiple.get(&region.spec.country).copied().unwrap_or(1.0);
        let w = sc.type_weight.get(&ft).copied().unwrap_or(1.0);
        // Mid-year adoption progress for the annual average.
        let phi = sc.adoption(by, f64::from(year) + 0.5) - sc.adoption(by, f64::from(by) + 0.5);
        let organic: f64 = self
            .inputs
            .installed
            .iter()
            .filter(|b| b.region == region.spec.name && b.facility_type == ft)
            .map(|b| b.it_capacity_mw_base * (1.0 + w * (k - 1.0) * phi))
            .sum();
        let pipeline: f64 = self
            .inputs
            .pipeline
            .iter()
            .filter(|p| p.region == region.spec.name && p.facility_type == ft)
            .map(|p| {
                let online = f64::from(p.online_year) + if p.stage == Stage::Operating { 0.0 } else { sc.slip_years };
                let ramp = (f64::from(year) + 1.0 - online).clamp(0.0, 1.0);
                p.it_capacity_mw * sc.probability(p) * ramp
            })
            .sum();
        organic.max(0.0) + pipeline
    }

    /// Hourly data-center load per unit of IT capacity of each type (MW per MW) for a region-year.
    fn unit_profiles(&self, sc: &Scenario, region: &RegionInput, year: i32, temps: &[f64]) -> Result<Vec<(FacilityType, Vec<f64>)>> {
        let start = crate::synthetic::year_start_utc(year)?;
        let local: Vec<LocalHour> =
            (0..temps.len()).map(|i| LocalHour::of(region.spec.zone.to_local(start + Duration::hours(i as i64)))).collect();
        Ok(FacilityType::ALL
            .into_iter()
            .map(|ft| {
                let prof = &self.profiles[&ft];
                let base = sc.pue_base(prof, self.inputs.base_year, year);
                let v = local.iter().zip(temps).map(|(lh, t)| prof.utilisation_at(lh) * prof.pue(base, *t)).collect();
                (ft, v)
            })
            .collect())
    }

    /// Solves the saturation multiple of every calibrated country so that its
    /// data-center energy in the calibration year equals the published figure
    /// (energy is linear in K, so the solution is exact). Returns the calibrated scenario.
    pub fn calibrate(&self, scenario: &Scenario) -> Result<Scenario> {
        let mut sc = scenario.clone();
        for cal in &scenario.calibration {
            let mut at = |k: f64| -> Result<f64> {
                sc.saturation_multiple.insert(cal.country, k);
                let mut e = 0.0;
                for r in self.inputs.regions.iter().filter(|r| r.spec.country == cal.country) {
                    e += self.datacenter_energy_mwh(&sc, r, cal.year)?;
                }
                Ok(e / 1e6)
            };
            let e1 = at(1.0)?;
            let e2 = at(2.0)?;
            if e2 - e1 <= 0.0 {
                return Err(LoadError::Invalid(format!("cannot calibrate {}: no organic growth potential", cal.country)));
            }
            let k = 1.0 + (cal.energy_twh - e1) / (e2 - e1);
            if k <= 0.0 {
                return Err(LoadError::Invalid(format!(
                    "cannot calibrate {} to {} TWh in {}: the pipeline alone gives {e1:.1} TWh",
                    cal.country, cal.energy_twh, cal.year
                )));
            }
            sc.saturation_multiple.insert(cal.country, k);
        }
        Ok(sc)
    }

    fn datacenter_energy_mwh(&self, sc: &Scenario, region: &RegionInput, year: i32) -> Result<f64> {
        let (temps, hist) = region_temperature_c(&region.spec, year, self.seed)?;
        let unit = self.unit_profiles(sc, region, year, &temps[hist..])?;
        Ok(unit.iter().map(|(ft, u)| self.it_capacity_mw(sc, region, *ft, year) * u.iter().sum::<f64>()).sum())
    }

    /// Base-load profile of a region in a year (energy and peak grown from the base year).
    pub fn base_profile(&self, region: &RegionInput, year: i32) -> Result<YearProfile> {
        let g = (1.0 + region.base_growth_pct_per_year / 100.0).powi(year - self.inputs.base_year);
        let mut spec = region.spec.clone();
        spec.annual_energy_mwh *= g * crate::calendar::hours_in_year(year) as f64 / 8760.0;
        spec.peak_mw *= g;
        synthetic_year(&spec, &self.response, year, self.seed)
    }

    fn hourly_with_base(&self, sc: &Scenario, region: &RegionInput, year: i32, base: YearProfile) -> Result<RegionHourly> {
        let unit = self.unit_profiles(sc, region, year, &base.temperature_c)?;
        let n = base.load_mw.len();
        let mut dc = vec![0.0; n];
        let mut flex = vec![0.0; n];
        let mut it_total = 0.0;
        for (ft, u) in &unit {
            let it = self.it_capacity_mw(sc, region, *ft, year);
            it_total += it;
            let share = self.profiles[ft].flexible_share;
            for i in 0..n {
                let v = it * u[i];
                dc[i] += v;
                flex[i] += share * v;
            }
        }
        Ok(RegionHourly {
            region: region.spec.name.clone(),
            country: region.spec.country,
            year,
            base_mw: base.load_mw,
            datacenter_mw: dc,
            flexible_mw: flex,
            temperature_c: base.temperature_c,
            it_capacity_mw: it_total,
        })
    }

    /// The data-center demand of a region in a study year, MW: the `datacenter_mw` of
    /// [`Self::region_hourly`] (the same numbers), without synthesising the base load.
    pub fn datacenter_hourly(&self, sc: &Scenario, region: &str, year: i32) -> Result<Vec<f64>> {
        let r = self.region(region)?;
        let (temps, hist) = region_temperature_c(&r.spec, year, self.seed)?;
        let unit = self.unit_profiles(sc, r, year, &temps[hist..])?;
        let mut dc = vec![0.0; temps.len() - hist];
        for (ft, u) in &unit {
            let it = self.it_capacity_mw(sc, r, *ft, year);
            for (d, x) in dc.iter_mut().zip(u) {
                *d += it * x;
            }
        }
        Ok(dc)
    }

    /// Full hourly series of a region for a study year under a (calibrated) scenario.
    pub fn region_hourly(&self, sc: &Scenario, region: &str, year: i32) -> Result<RegionHourly> {
        let r = self.region(region)?;
        let base = self.base_profile(r, year)?;
        self.hourly_with_base(sc, r, year, base)
    }

    /// Annual projection rows for every (calibrated) scenario, year `base_year..=last_year`,
    /// region and country.
    pub fn project(&self, scenarios: &[Scenario], last_year: i32) -> Result<Vec<ProjectionRow>> {
        let mut rows = Vec::new();
        for year in self.inputs.base_year..=last_year {
            // Regions side by side (each stands alone and is deterministic), summed in order.
            let bases: Vec<YearProfile> = self.inputs.regions.par_iter().map(|r| self.base_profile(r, year)).collect::<Result<_>>()?;
            for sc in scenarios {
                let mut by_country: BTreeMap<Country, (ProjectionRow, Vec<f64>, Vec<f64>)> = BTreeMap::new();
                let hourly: Vec<RegionHourly> = self
                    .inputs
                    .regions
                    .par_iter()
                    .zip(bases.par_iter())
                    .map(|(r, base)| self.hourly_with_base(sc, r, year, base.clone()))
                    .collect::<Result<_>>()?;
                for (r, h) in self.inputs.regions.iter().zip(hourly) {
                    let total = h.total_mw();
                    let row = summarize(&sc.name, year, &r.spec.name, r.spec.country, false, &h, &total);
                    let entry = by_country.entry(r.spec.country).or_insert_with(|| {
                        (
                            ProjectionRow { area: r.spec.country.to_string(), is_country: true, ..row.clone() },
                            vec![0.0; total.len()],
                            vec![0.0; total.len()],
                        )
                    });
                    for ((acc_t, acc_d), (t, d)) in entry.1.iter_mut().zip(entry.2.iter_mut()).zip(total.iter().zip(&h.datacenter_mw)) {
                        *acc_t += t;
                        *acc_d += d;
                    }
                    rows.push(row);
                }
                for (country, (mut c, total, dc)) in by_country {
                    let regional: Vec<&ProjectionRow> =
                        rows.iter().filter(|x| !x.is_country && x.country == country && x.year == year && x.scenario == sc.name).collect();
                    c.it_capacity_mw = regional.iter().map(|x| x.it_capacity_mw).sum();
                    c.datacenter_energy_mwh = regional.iter().map(|x| x.datacenter_energy_mwh).sum();
                    c.base_energy_mwh = regional.iter().map(|x| x.base_energy_mwh).sum();
                    c.total_energy_mwh = regional.iter().map(|x| x.total_energy_mwh).sum();
                    c.flexible_energy_mwh = regional.iter().map(|x| x.flexible_energy_mwh).sum();
                    c.total_peak_mw = total.iter().cloned().fold(f64::MIN, f64::max);
                    c.datacenter_peak_mw = dc.iter().cloned().fold(f64::MIN, f64::max);
                    c.datacenter_share_pct = 100.0 * c.datacenter_energy_mwh / c.total_energy_mwh;
                    rows.push(c);
                }
            }
        }
        Ok(rows)
    }
}

fn summarize(scenario: &str, year: i32, area: &str, country: Country, is_country: bool, h: &RegionHourly, total: &[f64]) -> ProjectionRow {
    let dc_e: f64 = h.datacenter_mw.iter().sum();
    let base_e: f64 = h.base_mw.iter().sum();
    ProjectionRow {
        scenario: scenario.to_string(),
        year,
        area: area.to_string(),
        country,
        is_country,
        it_capacity_mw: h.it_capacity_mw,
        datacenter_energy_mwh: dc_e,
        base_energy_mwh: base_e,
        total_energy_mwh: dc_e + base_e,
        datacenter_peak_mw: h.datacenter_mw.iter().cloned().fold(f64::MIN, f64::max),
        total_peak_mw: total.iter().cloned().fold(f64::MIN, f64::max),
        datacenter_share_pct: 100.0 * dc_e / (dc_e + base_e),
        flexible_energy_mwh: h.flexible_mw.iter().sum(),
    }
}
