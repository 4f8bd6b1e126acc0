//! Technology labels that nagrid gives a meaning to.
//!
//! `generators.csv` and `storage.csv` accept any label (it only groups results),
//! but the labels below drive behaviour: availability series are generated for
//! [`WIND`], [`SOLAR`] and [`HYDRO_ROR`] generators, and charts stack technologies
//! in [`MERIT_ORDER`]. Code compares against these constants, never against literals,
//! so a label is spelled once.

/// Onshore wind.
pub const WIND: &str = "wind";
/// Utility-scale solar PV.
pub const SOLAR: &str = "solar";
/// Run-of-river hydro (availability follows the region's reservoir budgets).
pub const HYDRO_ROR: &str = "hydro_ror";
/// Reservoir hydro (monthly energy budgets).
pub const HYDRO_RESERVOIR: &str = "hydro_reservoir";
/// Nuclear.
pub const NUCLEAR: &str = "nuclear";
/// Coal.
pub const COAL: &str = "coal";
/// Combined-cycle gas turbine.
pub const GAS_CC: &str = "gas_cc";
/// Open-cycle (combustion) gas turbine.
pub const GAS_CT: &str = "gas_ct";
/// Oil.
pub const OIL: &str = "oil";
/// Biomass and other renewables.
pub const BIOMASS_OTHER: &str = "biomass_other";
/// Geothermal.
pub const GEOTHERMAL: &str = "geothermal";
/// Battery storage.
pub const BATTERY: &str = "battery";
/// All storage discharge, as one layer of a chart.
pub const STORAGE: &str = "storage";

/// Stacking order of charts: baseload at the bottom, variable renewables and storage on top.
pub const MERIT_ORDER: [&str; 12] =
    [NUCLEAR, GEOTHERMAL, HYDRO_ROR, BIOMASS_OTHER, COAL, HYDRO_RESERVOIR, GAS_CC, GAS_CT, OIL, WIND, SOLAR, STORAGE];

/// Position of `tech` in [`MERIT_ORDER`] (unknown labels after all known ones).
pub fn merit_rank(tech: &str) -> usize {
    MERIT_ORDER.iter().position(|t| *t == tech).unwrap_or(MERIT_ORDER.len())
}
