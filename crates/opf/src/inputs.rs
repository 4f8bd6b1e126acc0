//! Numbers read from a case the same way everywhere: availability and the share of
//! a monthly energy budget that falls inside a horizon. (Free functions here rather
//! than methods of `Case`, whose crate this one does not own.)

use chrono::Datelike;
use nagrid_model::Case;

/// (A1) Availability π_{g,t} of generator `g` in hour `t`, per unit of its capacity:
/// its series (1 when it has none) × the derate of `availability.csv`.
pub fn availability_pu(case: &Case, g: usize, t: usize) -> f64 {
    case.gen_availability_pu(g, t)
}

/// (G2, A2) Lower bound of generator `g`'s output in hour `t`, MW.
pub fn min_output_mw(case: &Case, g: usize, t: usize) -> f64 {
    case.gen_min_output_mw(g, t)
}

/// (C1) Hourly generation costs, USD/MWh, looked up once per generator and UTC
/// month of the horizon from the hour's timestamp (so a rolling-horizon window and
/// the single LP over the same hours price every hour alike). The one accessor of
/// a generator's cost: the objective (O1) and the cost breakdown read it.
pub struct GenCosts {
    /// Index into `by_month` of each hour.
    month_of_hour: Vec<usize>,
    /// Cost per generator in each distinct (year, month) of the horizon.
    by_month: Vec<Vec<f64>>,
}

impl GenCosts {
    /// The costs of every generator of `case` in every hour.
    pub fn new(case: &Case) -> Self {
        let yms = case.year_months();
        let by_month = yms.iter().map(|&(y, m)| (0..case.network.generators.len()).map(|g| case.gen_cost_in(g, y, m)).collect()).collect();
        let month_of_hour = (0..case.axis.hours).map(|t| yms.binary_search(&case.year_month(t)).unwrap_or(0)).collect();
        Self { month_of_hour, by_month }
    }

    /// (C1) Cost of generator `g`'s output in hour `t`, USD/MWh.
    pub fn cost(&self, g: usize, t: usize) -> f64 {
        self.by_month[self.month_of_hour[t]][g]
    }
}

/// Calendar month (1..=12, UTC) of every hour of the horizon.
pub fn month_of_hour(case: &Case) -> Vec<u32> {
    (0..case.axis.hours).map(|t| case.axis.timestamp(t).month()).collect()
}

/// Hours of calendar month `month` in the year of its first hour inside the horizon
/// (the year of the horizon's start when the month is not in it). This is the
/// denominator of every budget share (H1).
pub fn hours_in_month(case: &Case, months: &[u32], month: u32) -> f64 {
    let year = months.iter().position(|&m| m == month).map_or(case.axis.start.year(), |t| case.axis.timestamp(t).year());
    nagrid_model::time::hours_in_month(year, month) as f64
}

/// (H1) Energy a budget of `energy_mwh` for calendar month `month` allows over the
/// hours `months` of a horizon: energy × hours of the month inside ÷ hours of the
/// month, at most the whole budget.
pub fn budget_allowance_mwh(case: &Case, months: &[u32], month: u32, energy_mwh: f64) -> f64 {
    let inside = months.iter().filter(|&&m| m == month).count() as f64;
    energy_mwh * (inside / hours_in_month(case, months, month)).min(1.0)
}
