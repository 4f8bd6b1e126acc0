//! Fuels, fuel prices, availability derates and service years: the time-dependent
//! inputs of a generator, looked up by the UTC year and month of an hour.
//!
//! The hourly values of a case are read in `hourly.rs`. Labels refer to `docs/formulation.md`: (C1) hourly cost from a fuel price and a
//! heat rate, (A1) availability derate, (A2) must-run share, (Y1) service years.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// A fuel of `fuels.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fuel {
    /// Unique id (referred to by `generators.csv` `fuel` and `fuel_prices.csv`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// CO2 emitted per MMBtu burnt, t/MMBtu.
    pub co2_t_per_mmbtu: f64,
}

/// How a generator burns a fuel: its cost in hour t is (C1)
/// price(fuel, region, year(t), month(t)) × heat rate + VOM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuelUse {
    /// Index of the fuel in `Network::fuels`.
    pub fuel: usize,
    /// Heat rate, MMBtu per MWh of output (> 0).
    pub heat_rate_mmbtu_per_mwh: f64,
    /// Variable O&M, USD/MWh (≥ 0).
    pub vom_usd_per_mwh: f64,
}

/// Key of a most-specific lookup: region index, year, month (each `None` = all).
pub type ScopeKey = (Option<usize>, Option<i32>, Option<u32>);

/// The keys tried for (region, year, month), most specific first: region beats no
/// region, then year beats no year, then month beats no month.
pub fn scopes(region: usize, year: i32, month: u32) -> [ScopeKey; 8] {
    let (r, y, m) = (Some(region), Some(year), Some(month));
    [(r, y, m), (r, y, None), (r, None, m), (r, None, None), (None, y, m), (None, y, None), (None, None, m), (None, None, None)]
}

/// Fuel prices by fuel, region, year and month (`fuel_prices.csv`), USD/MMBtu.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FuelPrices {
    rows: HashMap<(usize, ScopeKey), f64>,
}

impl FuelPrices {
    /// Add a price for fuel index `fuel` in `scope`; false (and nothing changed) when
    /// the same fuel and scope already has one.
    pub fn insert(&mut self, fuel: usize, scope: ScopeKey, price_usd_per_mmbtu: f64) -> bool {
        match self.rows.entry((fuel, scope)) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(price_usd_per_mmbtu);
                true
            }
        }
    }

    /// The price of the most specific row for fuel `fuel` in `region`, `year` and `month`.
    pub fn price(&self, fuel: usize, region: usize, year: i32, month: u32) -> Option<f64> {
        scopes(region, year, month).iter().find_map(|s| self.rows.get(&(fuel, *s)).copied())
    }

    /// Every row, sorted (fuel, scope, price), for writing.
    pub fn rows(&self) -> Vec<(usize, ScopeKey, f64)> {
        let mut v: Vec<_> = self.rows.iter().map(|(&(f, s), &p)| (f, s, p)).collect();
        v.sort_by_key(|a| (a.0, a.1));
        v
    }

    /// True when there are no prices.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// One row of `carbon_prices.csv`: the allowance price and, for output-based pricing,
/// the emission intensity that is free (C2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CarbonPrice {
    /// Price paid per tonne of CO2 above the benchmark, USD/t (≥ 0).
    pub price_usd_per_t: f64,
    /// Output-based benchmark, t CO2 per MWh of output (≥ 0; 0 = every tonne pays):
    /// a generator pays price × (intensity − benchmark) per MWh, which is a credit
    /// when it emits less than the benchmark (Alberta's TIER, Canada's OBPS).
    pub benchmark_t_per_mwh: f64,
}

/// Carbon prices by region, year and month (`carbon_prices.csv`), USD per tonne of
/// CO2 (C2): e.g. RGGI allowances, California's cap-and-trade, or an output-based
/// system with a benchmark. The same most-specific-row rule as [`FuelPrices`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CarbonPrices {
    rows: HashMap<ScopeKey, CarbonPrice>,
}

impl CarbonPrices {
    /// Add a row for `scope`; false (and nothing changed) when the scope already has one.
    pub fn insert(&mut self, scope: ScopeKey, row: CarbonPrice) -> bool {
        match self.rows.entry(scope) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(row);
                true
            }
        }
    }

    /// The most specific row for `region`, `year` and `month` (`None` when none applies).
    pub fn row(&self, region: usize, year: i32, month: u32) -> Option<CarbonPrice> {
        scopes(region, year, month).iter().find_map(|s| self.rows.get(s).copied())
    }

    /// The price of the most specific row for `region`, `year` and `month` (0 when none applies).
    pub fn price(&self, region: usize, year: i32, month: u32) -> f64 {
        self.row(region, year, month).map_or(0.0, |r| r.price_usd_per_t)
    }

    /// (C2) The carbon cost of a MWh emitting `co2_t_per_mwh` in `region`, `year` and
    /// `month`, USD/MWh: price × (intensity − benchmark); 0 when no row applies.
    pub fn charge_usd_per_mwh(&self, region: usize, year: i32, month: u32, co2_t_per_mwh: f64) -> f64 {
        // With no benchmark, (e − 0) × P is e × P to the last bit.
        self.row(region, year, month).map_or(0.0, |r| (co2_t_per_mwh - r.benchmark_t_per_mwh) * r.price_usd_per_t)
    }

    /// Every row, sorted by scope, for writing.
    pub fn rows(&self) -> Vec<(ScopeKey, CarbonPrice)> {
        let mut v: Vec<_> = self.rows.iter().map(|(&s, &p)| (s, p)).collect();
        v.sort_by_key(|a| a.0);
        v
    }

    /// True when there are no prices.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Availability derate and must-run share of one row of `availability.csv`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derate {
    /// (A1) Share of the capacity available, in [0, 1].
    pub availability_pu: f64,
    /// (A2) Share of the available capacity that must run, in [0, 1].
    pub must_run_pu: f64,
}

impl Default for Derate {
    fn default() -> Self {
        Self { availability_pu: 1.0, must_run_pu: 0.0 }
    }
}

/// Availability derates by technology, region, year and month (`availability.csv`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Availability {
    rows: HashMap<String, HashMap<ScopeKey, Derate>>,
}

impl Availability {
    /// Add a row for `technology` in `scope`; false (nothing changed) when the same
    /// technology and scope already has one.
    pub fn insert(&mut self, technology: &str, scope: ScopeKey, d: Derate) -> bool {
        let m = self.rows.entry(technology.to_string()).or_default();
        match m.entry(scope) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(d);
                true
            }
        }
    }

    /// The derate of the most specific row for `technology` in `region`, `year` and
    /// `month` (no derate without a row).
    pub fn derate(&self, technology: &str, region: usize, year: i32, month: u32) -> Derate {
        let Some(m) = self.rows.get(technology) else { return Derate::default() };
        scopes(region, year, month).iter().find_map(|s| m.get(s).copied()).unwrap_or_default()
    }

    /// Every row, sorted, for writing.
    pub fn rows(&self) -> Vec<(&str, ScopeKey, Derate)> {
        let mut v: Vec<_> = self.rows.iter().flat_map(|(t, m)| m.iter().map(move |(s, d)| (t.as_str(), *s, *d))).collect();
        v.sort_by_key(|a| (a.0, a.1));
        v
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// (Y1) Service years: a component is in service in year y iff
/// online_year ≤ y < retirement_year (an empty bound is unbounded).
pub fn in_service(online_year: Option<i32>, retirement_year: Option<i32>, year: i32) -> bool {
    online_year.is_none_or(|o| o <= year) && retirement_year.is_none_or(|r| year < r)
}

/// Ids of the components left out of a study because they are not in service in
/// its year (Y1).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OutOfService {
    /// Generators.
    pub generators: Vec<String>,
    /// Storage units.
    pub storage: Vec<String>,
    /// AC lines.
    pub lines: Vec<String>,
    /// HVDC and back-to-back links.
    pub links: Vec<String>,
}

impl OutOfService {
    /// Number of components left out.
    pub fn count(&self) -> usize {
        self.generators.len() + self.storage.len() + self.lines.len() + self.links.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_row_wins() {
        let mut p = FuelPrices::default();
        assert!(p.insert(0, (None, None, None), 3.0));
        assert!(p.insert(0, (None, None, Some(2)), 5.0));
        assert!(p.insert(0, (None, Some(2024), None), 4.0));
        assert!(p.insert(0, (Some(1), None, None), 9.0));
        assert!(!p.insert(0, (None, None, None), 1.0));
        assert_eq!(p.price(0, 0, 2023, 1), Some(3.0));
        assert_eq!(p.price(0, 0, 2023, 2), Some(5.0));
        // year beats month
        assert_eq!(p.price(0, 0, 2024, 2), Some(4.0));
        // region beats year
        assert_eq!(p.price(0, 1, 2024, 2), Some(9.0));
        assert_eq!(p.price(1, 0, 2024, 2), None);
    }

    #[test]
    fn service_years() {
        assert!(in_service(None, None, 2024));
        assert!(in_service(Some(2024), Some(2025), 2024));
        assert!(!in_service(Some(2025), None, 2024));
        assert!(!in_service(None, Some(2024), 2024));
    }
}
