//! The hourly inputs of a generator from the UTC timestamp of the hour: cost (C1),
//! availability (A1) and must-run (A2), the same in a rolling-horizon window as in
//! the single LP over the same hours.

use crate::fuel::Derate;
use crate::issue::{Issue, Issues};
use crate::network::Case;
use chrono::Datelike;
use std::collections::BTreeSet;

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
        let energy = match &gen.fuel {
            None => gen.marginal_cost_usd_per_mwh,
            Some(f) => match self.network.fuel_prices.price(f.fuel, gen.region, year, month) {
                Some(p) => p * f.heat_rate_mmbtu_per_mwh + f.vom_usd_per_mwh,
                None => f64::NAN,
            },
        };
        // (C2) Carbon price × (emission intensity − benchmark); no term at all
        // without carbon prices or emissions, so such cases keep their costs to the
        // last bit.
        if self.network.carbon_prices.is_empty() || gen.co2_t_per_mwh == 0.0 {
            return energy;
        }
        energy + self.network.carbon_prices.charge_usd_per_mwh(gen.region, year, month, gen.co2_t_per_mwh)
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
