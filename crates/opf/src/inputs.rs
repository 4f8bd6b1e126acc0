//! Numbers read from a case the same way everywhere: availability and the share of
//! a monthly energy budget that falls inside a horizon. (Free functions here rather
//! than methods of `Case`, whose crate this one does not own.)

use chrono::Datelike;
use nagrid_model::Case;

/// Availability π_{g,t} of generator `g` in hour `t`, per unit of its capacity
/// (1 when it has no series).
pub fn availability_pu(case: &Case, g: usize, t: usize) -> f64 {
    case.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t])
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
