//! Operating reserves in summary.json: price, shortage and requirement per reserve
//! (RS1–RS3 of `docs/formulation.md`).

use crate::stats::round;
use nagrid_model::Case;
use nagrid_opf::DispatchSolution;
use serde::Serialize;
use std::collections::BTreeMap;

/// Shortage below this (MW) does not count as a shortage hour.
const SHORTAGE_TOL_MW: f64 = 1e-6;

/// One reserve over the horizon (`reserves.<id>` in summary.json).
#[derive(Debug, Clone, Serialize)]
pub struct ReserveStats {
    /// Mean over hours of the reserve price (dual of the requirement, RS1), USD/MWh.
    pub mean_price_usd_per_mwh: f64,
    /// Highest hourly reserve price, USD/MWh.
    pub max_price_usd_per_mwh: f64,
    /// Energy short of the requirement (RS3), MWh.
    pub shortage_mwh: f64,
    /// Hours with a shortage above 1e-6 MW.
    pub shortage_hours: usize,
    /// Requirement summed over hours, MWh.
    pub requirement_mwh: f64,
}

/// Statistics of every reserve of the case, by id (empty without reserves).
pub fn summarize_reserves(case: &Case, s: &DispatchSolution) -> BTreeMap<String, ReserveStats> {
    let h = case.axis.hours;
    let mut out = BTreeMap::new();
    for (i, r) in case.network.reserves.iter().enumerate() {
        let p = &s.reserve_price_usd_per_mwh[i];
        let short = &s.reserve_shortage_mw[i];
        out.insert(
            r.id.clone(),
            ReserveStats {
                mean_price_usd_per_mwh: round(p.iter().sum::<f64>() / h.max(1) as f64),
                max_price_usd_per_mwh: round(p.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                shortage_mwh: round(short.iter().sum()),
                shortage_hours: short.iter().filter(|&&v| v > SHORTAGE_TOL_MW).count(),
                requirement_mwh: round((0..h).map(|t| r.requirement_mw(&case.load_mw, t)).sum()),
            },
        );
    }
    out
}
