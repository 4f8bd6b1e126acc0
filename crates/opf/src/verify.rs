//! Independent checks of a dispatch solution against the case: recomputed from
//! primal values, not from the LP rows, so a formulation bug shows up here.

use crate::inputs::{availability_pu, budget_allowance_mwh, month_of_hour, GenCosts};
use crate::solution::{Asset, DispatchSolution};
use nagrid_model::{Case, GenDerates};

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
    /// Largest excess over a ramp limit (R1), MW.
    pub max_ramp_mw: f64,
    /// Largest excess of curtailed flexible energy over its allowed share, MWh.
    pub max_flex_mwh: f64,
    /// `dc` only: largest |f − b (θ_from − θ_to − shift)| over lines and hours, MW,
    /// with angles from the solution: Kirchhoff's voltage law on every cycle.
    pub max_kvl_mw: f64,
    /// Cases with reserves: largest shortfall of reserve held plus shortage below the
    /// requirement (RS1), MW (absent without reserves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reserve_mw: Option<f64>,
    /// Cases with reserves: largest violation of a provision limit (RS2: output plus
    /// reserve within available capacity, reserve within its share, storage reserve
    /// within its power headroom and stored energy), MW (absent without reserves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reserve_provision_mw: Option<f64>,
}

/// Recompute energy balance, bounds and storage continuity for every hour.
pub fn check(case: &Case, s: &DispatchSolution) -> Residuals {
    let n = &case.network;
    let h = case.axis.hours;
    let mut res = Residuals::default();
    let mut net = vec![vec![0.0f64; h]; n.regions.len()];
    let built = |a: Asset| s.expansion.built_mw(a);
    let derates = case.gen_derates();
    let mut bound = |v: f64, lo: f64, hi: f64| {
        let viol = (lo - v).max(v - hi).max(0.0);
        if viol > res.max_bound_mw {
            res.max_bound_mw = viol;
        }
    };
    for (g, gen) in n.generators.iter().enumerate() {
        for t in 0..h {
            let p = s.gen_p_mw[g][t];
            let avail = derates.available_mw(case, g, t);
            bound(p, derates.min_output_mw(case, g, t), avail + derates.availability_pu(case, g, t) * built(Asset::Generator(g)));
            net[gen.region][t] += p;
        }
    }
    for (f, fl) in n.flexible_loads.iter().enumerate() {
        for t in 0..h {
            bound(s.flex_curtailed_mw[f][t], 0.0, case.flex_load_mw[f][t]);
            net[fl.region][t] += s.flex_curtailed_mw[f][t] - case.flex_load_mw[f][t];
        }
        let allowed = fl.max_curtail_share * case.flex_load_mw[f].iter().sum::<f64>();
        res.max_flex_mwh = res.max_flex_mwh.max(s.flex_curtailed_mw[f].iter().sum::<f64>() - allowed);
    }
    for (g, gen) in n.generators.iter().enumerate() {
        for t in 1..h {
            let d = s.gen_p_mw[g][t] - s.gen_p_mw[g][t - 1];
            if let Some(r) = gen.ramp_up_pu_per_h {
                res.max_ramp_mw = res.max_ramp_mw.max(d - r * gen.p_max_mw);
            }
            if let Some(r) = gen.ramp_down_pu_per_h {
                res.max_ramp_mw = res.max_ramp_mw.max(-d - r * gen.p_max_mw);
            }
        }
    }
    for r in 0..n.regions.len() {
        for t in 0..h {
            bound(s.unserved_mw[r][t], 0.0, case.load_mw[r][t].max(0.0));
            net[r][t] += s.unserved_mw[r][t] - case.load_mw[r][t];
        }
    }
    for (i, u) in n.storage.iter().enumerate() {
        let (power, energy) = (u.p_max_mw + built(Asset::StoragePower(i)), u.energy_mwh + built(Asset::StorageEnergy(i)));
        for t in 0..h {
            let (c, d, e) = (s.storage_charge_mw[i][t], s.storage_discharge_mw[i][t], s.storage_soc_mwh[i][t]);
            bound(c, 0.0, power);
            bound(d, 0.0, power);
            match u.soc_final_pu {
                Some(f) if t + 1 == h => bound(e, f * energy, f * energy),
                _ => bound(e, 0.0, energy),
            }
            net[u.region][t] += d - c;
            let prev = if t > 0 { s.storage_soc_mwh[i][t - 1] } else { s.storage_soc_initial_mwh[i] };
            if t == 0 {
                // The initial state the solution used must be the case's, or (cyclic)
                // a state within the storage's limits.
                let want = u.soc_initial_pu.map(|pu| pu * energy);
                let err = match want {
                    Some(w) => (w - prev).abs(),
                    None => (prev - energy).max(-prev).max(0.0),
                };
                res.max_storage_mwh = res.max_storage_mwh.max(err);
            }
            let err = (e - prev - u.efficiency_charge * c + d / u.efficiency_discharge).abs();
            res.max_storage_mwh = res.max_storage_mwh.max(err);
        }
    }
    for (i, l) in n.lines.iter().enumerate() {
        for t in 0..h {
            let f = s.line_flow_mw[i][t];
            let add = built(Asset::Line(i));
            bound(f, -l.s_max_reverse_mw - add, l.s_max_mw + add);
            net[l.from][t] -= f;
            net[l.to][t] += f;
        }
    }
    for (i, k) in n.links.iter().enumerate() {
        for t in 0..h {
            let (fw, rv) = (s.link_forward_mw[i][t], s.link_reverse_mw[i][t]);
            let add = built(Asset::Link(i));
            bound(fw, 0.0, k.p_max_forward_mw + add);
            bound(rv, 0.0, k.p_max_reverse_mw + add);
            net[k.from][t] += k.efficiency * rv - fw;
            net[k.to][t] += k.efficiency * fw - rv;
        }
    }
    let months = month_of_hour(case);
    for b in &n.hydro_budgets {
        if !months.contains(&b.month) {
            continue;
        }
        let used: f64 = (0..h).filter(|&t| months[t] == b.month).map(|t| s.gen_p_mw[b.generator][t]).sum();
        let allowed = budget_allowance_mwh(case, &months, b.month, b.energy_mwh);
        res.max_budget_mwh = res.max_budget_mwh.max(used - allowed);
    }
    if !s.angle_deg.is_empty() {
        for (i, l) in n.lines.iter().enumerate() {
            let x = match s.line_x_pu_used.get(i) {
                Some(Some(x)) => *x,
                Some(None) => continue, // an unbuilt corridor, outside Kirchhoff's law
                None => l.x_pu,
            };
            let b = n.base_mva / (x * l.tap_ratio);
            for t in 0..h {
                let d = (s.angle_deg[l.from][t] - s.angle_deg[l.to][t] - l.phase_shift_deg).to_radians();
                res.max_kvl_mw = res.max_kvl_mw.max((s.line_flow_mw[i][t] - b * d).abs());
            }
        }
    }
    res.max_balance_mw = net.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    if !n.reserves.is_empty() {
        let (req, prov) = check_reserves(case, s, &derates);
        res.max_reserve_mw = Some(req);
        res.max_reserve_provision_mw = Some(prov);
    }
    res
}

/// (RS1) Largest shortfall below a requirement and (RS2) largest violation of a
/// provision limit, MW, recomputed from the case.
fn check_reserves(case: &Case, s: &DispatchSolution, derates: &GenDerates) -> (f64, f64) {
    let n = &case.network;
    let h = case.axis.hours;
    let (mut req_gap, mut prov): (f64, f64) = (0.0, 0.0);
    for (i, r) in n.reserves.iter().enumerate() {
        let gens: Vec<usize> = (0..n.generators.len()).filter(|&g| r.covers(n.generators[g].region)).collect();
        let sto: Vec<usize> = (0..n.storage.len()).filter(|&k| r.covers(n.storage[k].region)).collect();
        for t in 0..h {
            let held: f64 =
                gens.iter().map(|&g| s.gen_reserve_mw[g][t]).chain(sto.iter().map(|&k| s.storage_reserve_mw[k][t])).sum::<f64>()
                    + s.reserve_shortage_mw[i][t];
            req_gap = req_gap.max(r.requirement_mw(&case.load_mw, t, case.year_month(t)) - held);
        }
    }
    for (g, gen) in n.generators.iter().enumerate() {
        let add = s.expansion.built_mw(Asset::Generator(g));
        for t in 0..h {
            let r = s.gen_reserve_mw[g][t];
            let avail = derates.available_mw(case, g, t) + derates.availability_pu(case, g, t) * add;
            prov = prov.max(s.gen_p_mw[g][t] + r - avail).max(r - gen.reserve_max_pu * gen.p_max_mw).max(-r);
        }
    }
    for (k, u) in n.storage.iter().enumerate() {
        let power = u.p_max_mw + s.expansion.built_mw(Asset::StoragePower(k));
        for t in 0..h {
            let r = s.storage_reserve_mw[k][t];
            let before = if t > 0 { s.storage_soc_mwh[k][t - 1] } else { s.storage_soc_initial_mwh[k] };
            let head = s.storage_discharge_mw[k][t] - s.storage_charge_mw[k][t] + r - power;
            prov = prov.max(head).max(r - u.efficiency_discharge * before).max(r - u.reserve_max_pu * u.p_max_mw).max(-r);
        }
    }
    (req_gap.max(0.0), prov.max(0.0))
}

/// Cost of a solution by component, USD over the horizon, recomputed from its
/// primal values (O1).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct CostBreakdown {
    /// Generation: marginal cost × output, quadratic terms and constant costs.
    pub generation_usd: f64,
    /// Storage wear cost (discharge × marginal cost).
    pub storage_usd: f64,
    /// Link wheeling charges.
    pub wheeling_usd: f64,
    /// Unserved energy at the value of lost load.
    pub unserved_usd: f64,
    /// Curtailment of flexible loads at their curtailment cost.
    pub flexible_curtailment_usd: f64,
    /// Annualised cost of added capacity for the share of the year studied.
    pub expansion_usd: f64,
    /// Hurdle rates on lines (× |flow|) and links (× power sent), T3.
    pub hurdle_usd: f64,
    /// Reserve shortage at the steps of the shortage curves and the value of lost load (RS3).
    pub reserve_shortage_usd: f64,
}

impl CostBreakdown {
    /// Sum of the components.
    pub fn total_usd(&self) -> f64 {
        self.generation_usd
            + self.storage_usd
            + self.wheeling_usd
            + self.unserved_usd
            + self.flexible_curtailment_usd
            + self.expansion_usd
            + self.hurdle_usd
            + self.reserve_shortage_usd
    }
}

/// The cost of a solution by component (O1), with the value of lost load of
/// `case`'s settings.
pub fn cost_breakdown(case: &Case, s: &DispatchSolution) -> CostBreakdown {
    let n = &case.network;
    let voll = case.settings.economics.value_of_lost_load_usd_per_mwh;
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let mut c = CostBreakdown::default();
    let costs = GenCosts::new(case);
    for g in 0..n.generators.len() {
        c.generation_usd += generator_cost_usd(case, s, &costs, g);
    }
    for (i, u) in n.storage.iter().enumerate() {
        c.storage_usd += sum(&s.storage_discharge_mw[i]) * u.marginal_cost_usd_per_mwh;
    }
    for (f, fl) in n.flexible_loads.iter().enumerate() {
        c.flexible_curtailment_usd += sum(&s.flex_curtailed_mw[f]) * fl.curtail_cost_usd_per_mwh;
    }
    c.unserved_usd = s.unserved_mw.iter().map(|u| sum(u)).sum::<f64>() * voll;
    for (i, k) in n.links.iter().enumerate() {
        c.wheeling_usd += (sum(&s.link_forward_mw[i]) + sum(&s.link_reverse_mw[i])) * k.wheeling_cost_usd_per_mwh;
    }
    c.expansion_usd = s.expansion.iter().map(|b| b.cost_usd).sum();
    for (i, l) in n.lines.iter().enumerate().filter(|(_, l)| l.hurdle_usd_per_mwh != 0.0) {
        c.hurdle_usd += s.line_flow_mw[i].iter().map(|f| f.abs()).sum::<f64>() * l.hurdle_usd_per_mwh;
    }
    for (i, k) in n.links.iter().enumerate().filter(|(_, k)| k.hurdle_usd_per_mwh != 0.0) {
        c.hurdle_usd += (sum(&s.link_forward_mw[i]) + sum(&s.link_reverse_mw[i])) * k.hurdle_usd_per_mwh;
    }
    for (i, r) in n.reserves.iter().enumerate() {
        for t in 0..case.axis.hours {
            c.reserve_shortage_usd +=
                r.shortage_cost_usd(s.reserve_shortage_mw[i][t], r.requirement_mw(&case.load_mw, t, case.year_month(t)), voll);
        }
    }
    c
}

/// Operating cost of generator `g` over the horizon (O1), USD: energy at its hourly
/// cost (C1), plus the quadratic and constant terms of MATPOWER cases.
pub fn generator_cost_usd(case: &Case, s: &DispatchSolution, costs: &GenCosts, g: usize) -> f64 {
    let gen = &case.network.generators[g];
    let p = &s.gen_p_mw[g];
    // (C1) A fixed marginal cost times the energy (as before hourly costs), or the hourly sum.
    let energy_cost = match gen.fuel {
        None => p.iter().sum::<f64>() * gen.marginal_cost_usd_per_mwh,
        Some(_) => p.iter().enumerate().map(|(t, p)| p * costs.cost(g, t)).sum(),
    };
    energy_cost
        + gen.cost_quadratic_usd_per_mw2h * p.iter().map(|p| p * p).sum::<f64>()
        + gen.cost_constant_usd_per_h * case.axis.hours as f64
}

/// Total cost of a solution recomputed from its primal values (O1), USD: the
/// independent check of the LP objective, and the cost of stitched rolling-horizon
/// solutions. The total of [`cost_breakdown`].
pub fn cost_usd(case: &Case, s: &DispatchSolution) -> f64 {
    cost_breakdown(case, s).total_usd()
}

/// Whether `asset` is at its limit in each hour: its flow or output within 1e-6 MW
/// of its capacity including what the solution built (a link in either direction;
/// a storage unit's charge or discharge at its power, its state at its energy
/// capacity), counting only hours with a capacity above 1e-6 MW (MWh). The one definition behind
/// `hours_at_limit` of the expansion results and `upgrades-congested.csv`.
pub fn at_limit(case: &Case, s: &DispatchSolution, asset: Asset) -> Vec<bool> {
    const TOL: f64 = 1e-6;
    let n = &case.network;
    let built = s.expansion.built_mw(asset);
    let at = |v: f64, cap: f64| cap > TOL && v >= cap - TOL;
    let h = case.axis.hours;
    match asset {
        Asset::Line(i) => {
            // (T2) each direction against its own limit.
            let l = &n.lines[i];
            (0..h)
                .map(|t| {
                    let f = s.line_flow_mw[i][t];
                    at(f, l.s_max_mw + built) || at(-f, l.s_max_reverse_mw + built)
                })
                .collect()
        }
        Asset::Link(i) => {
            let k = &n.links[i];
            (0..h)
                .map(|t| at(s.link_forward_mw[i][t], k.p_max_forward_mw + built) || at(s.link_reverse_mw[i][t], k.p_max_reverse_mw + built))
                .collect()
        }
        Asset::Generator(g) => {
            (0..h).map(|t| at(s.gen_p_mw[g][t], case.gen_available_mw(g, t) + availability_pu(case, g, t) * built)).collect()
        }
        Asset::StoragePower(i) => {
            let cap = n.storage[i].p_max_mw + built;
            (0..h).map(|t| at(s.storage_charge_mw[i][t], cap) || at(s.storage_discharge_mw[i][t], cap)).collect()
        }
        Asset::StorageEnergy(i) => {
            let cap = n.storage[i].energy_mwh + built;
            (0..h).map(|t| at(s.storage_soc_mwh[i][t], cap)).collect()
        }
    }
}
