//! Independent checks of a dispatch solution against the case: recomputed from
//! primal values, not from the LP rows, so a formulation bug shows up here.

use crate::solution::DispatchSolution;
use chrono::Datelike;
use nagrid_model::Case;

/// Worst violations found by [`check`].
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Residuals {
    /// Largest |supply − demand| over region-hours, MW.
    pub max_balance_mw: f64,
    /// Largest bound violation of any variable, MW or MWh.
    pub max_bound_mw: f64,
    /// Largest storage continuity error, MWh.
    pub max_storage_mwh: f64,
    /// Largest excess over a monthly energy budget (pro rata to the horizon), MWh.
    pub max_budget_mwh: f64,
    /// `dc` only: largest |f − b (θ_from − θ_to − shift)| over lines and hours, MW,
    /// with angles from the solution: Kirchhoff's voltage law on every cycle.
    pub max_kvl_mw: f64,
}

/// Recompute energy balance, bounds and storage continuity for every hour.
pub fn check(case: &Case, s: &DispatchSolution) -> Residuals {
    let n = &case.network;
    let h = case.axis.hours;
    let mut res = Residuals::default();
    let mut net = vec![vec![0.0f64; h]; n.regions.len()];
    let mut bound = |v: f64, lo: f64, hi: f64| {
        let viol = (lo - v).max(v - hi).max(0.0);
        if viol > res.max_bound_mw {
            res.max_bound_mw = viol;
        }
    };
    for (g, gen) in n.generators.iter().enumerate() {
        for t in 0..h {
            let p = s.gen_p_mw[g][t];
            let ub = case.gen_available_mw(g, t);
            bound(p, gen.p_min_mw.min(ub), ub);
            net[gen.region][t] += p;
        }
    }
    for r in 0..n.regions.len() {
        for t in 0..h {
            bound(s.unserved_mw[r][t], 0.0, case.load_mw[r][t]);
            net[r][t] += s.unserved_mw[r][t] - case.load_mw[r][t];
        }
    }
    for (i, u) in n.storage.iter().enumerate() {
        for t in 0..h {
            let (c, d, e) = (s.storage_charge_mw[i][t], s.storage_discharge_mw[i][t], s.storage_soc_mwh[i][t]);
            bound(c, 0.0, u.p_max_mw);
            bound(d, 0.0, u.p_max_mw);
            bound(e, 0.0, u.energy_mwh);
            net[u.region][t] += d - c;
            let prev = if t > 0 {
                s.storage_soc_mwh[i][t - 1]
            } else {
                match u.soc_initial_pu {
                    Some(pu) => pu * u.energy_mwh,
                    None => s.storage_soc_mwh[i][h - 1],
                }
            };
            let err = (e - prev - u.efficiency_charge * c + d / u.efficiency_discharge).abs();
            res.max_storage_mwh = res.max_storage_mwh.max(err);
        }
    }
    for (i, l) in n.lines.iter().enumerate() {
        for t in 0..h {
            let f = s.line_flow_mw[i][t];
            bound(f, -l.s_max_mw, l.s_max_mw);
            net[l.from][t] -= f;
            net[l.to][t] += f;
        }
    }
    for (i, k) in n.links.iter().enumerate() {
        for t in 0..h {
            let (fw, rv) = (s.link_forward_mw[i][t], s.link_reverse_mw[i][t]);
            bound(fw, 0.0, k.p_max_forward_mw);
            bound(rv, 0.0, k.p_max_reverse_mw);
            net[k.from][t] += k.efficiency * rv - fw;
            net[k.to][t] += k.efficiency * fw - rv;
        }
    }
    for b in &n.hydro_budgets {
        let hours: Vec<usize> = (0..h).filter(|&t| case.axis.timestamp(t).month() == b.month).collect();
        if hours.is_empty() {
            continue;
        }
        let year = case.axis.timestamp(hours[0]).year();
        let (ny, nm) = if b.month == 12 { (year + 1, 1) } else { (year, b.month + 1) };
        let full = (chrono::NaiveDate::from_ymd_opt(ny, nm, 1).unwrap() - chrono::NaiveDate::from_ymd_opt(year, b.month, 1).unwrap())
            .num_hours() as f64;
        let used: f64 = hours.iter().map(|&t| s.gen_p_mw[b.generator][t]).sum();
        let allowed = b.energy_mwh * (hours.len() as f64 / full).min(1.0);
        res.max_budget_mwh = res.max_budget_mwh.max(used - allowed);
    }
    if !s.angle_deg.is_empty() {
        for (i, l) in n.lines.iter().enumerate() {
            let b = l.b_mw_per_rad(n.base_mva);
            for t in 0..h {
                let d = (s.angle_deg[l.from][t] - s.angle_deg[l.to][t] - l.phase_shift_deg).to_radians();
                res.max_kvl_mw = res.max_kvl_mw.max((s.line_flow_mw[i][t] - b * d).abs());
            }
        }
    }
    res.max_balance_mw = net.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    res
}
