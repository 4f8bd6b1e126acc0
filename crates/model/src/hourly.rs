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
        availability_with(self, g, t, self.gen_derate(g, t))
    }

    /// (G2, A2) Lower bound of generator `g`'s output in hour `t`, MW:
    /// max(min(p_min, available), must-run share × available).
    pub fn gen_min_output_mw(&self, g: usize, t: usize) -> f64 {
        min_output_with(self, g, t, self.gen_derate(g, t))
    }

    /// The derates of every generator, looked up once per UTC month of the horizon
    /// (for loops over every generator and hour; see [`GenDerates`]).
    pub fn gen_derates(&self) -> GenDerates {
        let yms = self.year_months();
        let n = &self.network;
        let by_month = yms
            .iter()
            .map(|&(y, m)| {
                (0..n.generators.len())
                    .map(|g| {
                        let gen = &n.generators[g];
                        if n.availability.is_empty() {
                            Derate::default()
                        } else {
                            n.availability.derate(&gen.technology, gen.region, y, m)
                        }
                    })
                    .collect()
            })
            .collect();
        let month_of_hour = (0..self.axis.hours).map(|t| yms.binary_search(&self.year_month(t)).unwrap_or(0)).collect();
        GenDerates { month_of_hour, by_month }
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

/// (A1) Series (or 1) × derate `d`.
fn availability_with(case: &Case, g: usize, t: usize, d: Derate) -> f64 {
    let series = case.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t]);
    series * d.availability_pu
}

/// (G2, A2) max(min(p_min, available), must-run share × available) with derate `d`.
fn min_output_with(case: &Case, g: usize, t: usize, d: Derate) -> f64 {
    let gen = &case.network.generators[g];
    let avail = gen.p_max_mw * case.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t]) * d.availability_pu;
    gen.p_min_mw.min(avail).max(d.must_run_pu * avail)
}

/// (A1, A2) The `availability.csv` derate of every generator in every UTC month of a
/// case's horizon, looked up once ([`Case::gen_derates`]). Its accessors give the
/// same numbers, to the bit, as [`Case::gen_availability_pu`],
/// [`Case::gen_available_mw`] and [`Case::gen_min_output_mw`], without a lookup
/// per generator and hour; pass the case the table was made from.
pub struct GenDerates {
    /// Index into `by_month` of each hour.
    month_of_hour: Vec<usize>,
    /// `by_month[k][g]`: derate of generator g in the k-th (year, month) of the horizon.
    by_month: Vec<Vec<Derate>>,
}

impl GenDerates {
    /// The derate of generator `g` in hour `t`.
    pub fn derate(&self, g: usize, t: usize) -> Derate {
        self.by_month[self.month_of_hour[t]][g]
    }

    /// (A1) As [`Case::gen_availability_pu`].
    pub fn availability_pu(&self, case: &Case, g: usize, t: usize) -> f64 {
        availability_with(case, g, t, self.derate(g, t))
    }

    /// (A1) As [`Case::gen_available_mw`].
    pub fn available_mw(&self, case: &Case, g: usize, t: usize) -> f64 {
        case.network.generators[g].p_max_mw * self.availability_pu(case, g, t)
    }

    /// (G2, A2) As [`Case::gen_min_output_mw`].
    pub fn min_output_mw(&self, case: &Case, g: usize, t: usize) -> f64 {
        min_output_with(case, g, t, self.derate(g, t))
    }
}
