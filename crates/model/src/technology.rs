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
/// Gas-fired steam turbine (older boiler units).
pub const GAS_STEAM: &str = "gas_steam";
/// Oil (combustion turbines and internal-combustion engines).
pub const OIL: &str = "oil";
/// Fuel-oil steam turbine (e.g. Mexico's *termoeléctrica convencional* fleet).
pub const OIL_STEAM: &str = "oil_steam";
/// Biomass and other renewables.
pub const BIOMASS_OTHER: &str = "biomass_other";
/// Geothermal.
pub const GEOTHERMAL: &str = "geothermal";
/// Battery storage.
pub const BATTERY: &str = "battery";
/// All storage discharge, as one layer of a chart.
pub const STORAGE: &str = "storage";

/// Stacking order of charts: baseload at the bottom, variable renewables and storage on top.
pub const MERIT_ORDER: [&str; 14] =
    [NUCLEAR, GEOTHERMAL, HYDRO_ROR, BIOMASS_OTHER, COAL, HYDRO_RESERVOIR, GAS_CC, GAS_STEAM, GAS_CT, OIL_STEAM, OIL, WIND, SOLAR, STORAGE];

/// Position of `tech` in [`MERIT_ORDER`] (unknown labels after all known ones).
pub fn merit_rank(tech: &str) -> usize {
    MERIT_ORDER.iter().position(|t| *t == tech).unwrap_or(MERIT_ORDER.len())
}

/// EIA's fuel groups (Electric Power Monthly, net generation by energy source),
/// the groups the public record reports generation in.
pub const FUEL_GROUPS: [&str; 8] = ["coal", "natural_gas", "nuclear", "hydro", "wind", "solar", "oil", "other"];

/// The EIA fuel group of a technology label: gas turbines are `natural_gas`, both
/// kinds of hydro `hydro`, geothermal, biomass and any label nagrid does not know
/// `other`.
pub fn fuel_group(tech: &str) -> &'static str {
    match tech {
        COAL => "coal",
        GAS_CC | GAS_CT | GAS_STEAM => "natural_gas",
        NUCLEAR => "nuclear",
        HYDRO_ROR | HYDRO_RESERVOIR => "hydro",
        WIND => "wind",
        SOLAR => "solar",
        OIL | OIL_STEAM => "oil",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_generating_label_has_its_fuel_group() {
        assert_eq!(fuel_group(GAS_CT), "natural_gas");
        assert_eq!(fuel_group(GAS_STEAM), "natural_gas");
        assert_eq!(fuel_group(OIL_STEAM), "oil");
        assert_eq!(fuel_group(HYDRO_ROR), fuel_group(HYDRO_RESERVOIR));
        assert_eq!(fuel_group(GEOTHERMAL), "other");
        assert_eq!(fuel_group("fusion"), "other");
        for t in MERIT_ORDER.iter().filter(|t| **t != STORAGE) {
            assert!(FUEL_GROUPS.contains(&fuel_group(t)), "{t}");
        }
    }
}
