//! Fuels, fuel prices, availability derates and service years: the time-dependent
//! inputs of a generator, looked up by the UTC year and month of an hour.
//!
//! Labels refer to `docs/formulation.md`: (C1) hourly cost from a fuel price and a
//! heat rate, (A1) availability derate, (A2) must-run share, (Y1) service years.

use crate::issue::{Issue, Issues};
use crate::network::Case;
use chrono::Datelike;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

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
    /// Index of the fuel in [`crate::Network::fuels`].
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

impl Case {
    /// UTC (year, month) of hour `t`.
    pub fn year_month(&self, t: usize) -> (i32, u32) {
        let ts = self.axis.timestamp(t);
        (ts.year(), ts.month())
    }

    /// (C1) Cost of generator `g`'s output in a hour of UTC `year` and `month`,
    /// USD/MWh: its marginal cost, or fuel price × heat rate + VOM (NaN when the
    /// fuel has no price then; [`Case::validate`] reports it).
    pub fn gen_cost_in(&self, g: usize, year: i32, month: u32) -> f64 {
        let gen = &self.network.generators[g];
        match &gen.fuel {
            None => gen.marginal_cost_usd_per_mwh,
            Some(f) => match self.network.fuel_prices.price(f.fuel, gen.region, year, month) {
                Some(p) => p * f.heat_rate_mmbtu_per_mwh + f.vom_usd_per_mwh,
                None => f64::NAN,
            },
        }
    }

    /// (C1) Cost of generator `g`'s output in hour `t`, USD/MWh.
    pub fn gen_cost_usd_per_mwh(&self, g: usize, t: usize) -> f64 {
        let (y, m) = self.year_month(t);
        self.gen_cost_in(g, y, m)
    }

    /// (A1, A2) The derate of generator `g` in hour `t` from `availability.csv`.
    pub fn gen_derate(&self, g: usize, t: usize) -> Derate {
        if self.network.availability.is_empty() {
            return Derate::default();
        }
        let gen = &self.network.generators[g];
        let (y, m) = self.year_month(t);
        self.network.availability.derate(&gen.technology, gen.region, y, m)
    }

    /// (A1) Effective availability of generator `g` in hour `t`, per unit of its
    /// capacity: its series (or 1) × the availability derate.
    pub fn gen_availability_pu(&self, g: usize, t: usize) -> f64 {
        let series = self.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t]);
        series * self.gen_derate(g, t).availability_pu
    }

    /// (G2, A2) Lower bound of generator `g`'s output in hour `t`, MW:
    /// max(min(p_min, available), must-run share × available).
    pub fn gen_min_output_mw(&self, g: usize, t: usize) -> f64 {
        let gen = &self.network.generators[g];
        let d = self.gen_derate(g, t);
        let avail = gen.p_max_mw * self.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t]) * d.availability_pu;
        gen.p_min_mw.min(avail).max(d.must_run_pu * avail)
    }

    /// Distinct UTC (year, month) pairs of the horizon, in order.
    pub fn year_months(&self) -> Vec<(i32, u32)> {
        let set: BTreeSet<(i32, u32)> = (0..self.axis.hours).map(|t| self.year_month(t)).collect();
        set.into_iter().collect()
    }

    /// Every fueled generator whose fuel has no price in a month of the horizon
    /// (file `fuel_prices.csv`).
    pub fn validate_fuel_prices(&self, issues: &mut Issues) {
        let n = &self.network;
        let yms = self.year_months();
        for (g, gen) in n.generators.iter().enumerate() {
            let Some(f) = &gen.fuel else { continue };
            let Some(fuel) = n.fuels.get(f.fuel) else {
                issues.push(Issue::file(
                    "generators.csv",
                    format!("generator '{}': fuel index {} is not a fuel of the case", gen.id, f.fuel),
                ));
                continue;
            };
            for &(y, m) in &yms {
                if !self.gen_cost_in(g, y, m).is_finite() {
                    let region = n.regions.get(gen.region).map_or("?", |r| r.id.as_str());
                    issues.push(Issue::file(
                        "fuel_prices.csv",
                        format!("no price for generator '{}' (fuel '{}', region '{region}') in {y}-{m:02}; add a row for the fuel that covers this month", gen.id, fuel.id),
                    ));
                }
            }
        }
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
