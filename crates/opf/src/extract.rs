//! Result extraction: from HiGHS's primal and dual values to the typed
//! [`DispatchSolution`], by the [`crate::registry`]'s indices.

use crate::builder::DispatchModel;
use crate::error::OpfError;
use crate::expansion::ExpansionModel;
use crate::flow;
use crate::inputs::availability_pu;
use crate::lp::{Basis, Kept};
use crate::registry::{Layout, Rows};
use crate::reserve::ReserveModel;
use crate::solution::{Asset, BuildResult, DispatchOutcome, DispatchSolution, ExpansionResults, SolveStatus};
use crate::verify::at_limit;
use crate::warm::WindowBasis;
use nagrid_model::Case;
use std::time::Instant;

impl DispatchModel<'_> {
    /// Solve with the options' solver settings and extract the typed solution.
    pub fn solve(self) -> Result<DispatchOutcome, OpfError> {
        Ok(self.solve_from(None)?.0)
    }

    /// Solve starting from `start` (WS1), if given; the outcome and the optimal
    /// basis, to start the next rolling window from.
    pub(crate) fn solve_from(self, start: Option<&Basis>) -> Result<(DispatchOutcome, Option<WindowBasis>), OpfError> {
        let (out, basis, _) = self.solve_kept(start, false)?;
        Ok((out, basis))
    }

    /// [`DispatchModel::solve_from`]; with `keep`, the LP is also kept in HiGHS when
    /// optimal, to solve the same window again with other capacities (WS6).
    pub(crate) fn solve_kept(
        mut self,
        start: Option<&Basis>,
        keep: bool,
    ) -> Result<(DispatchOutcome, Option<WindowBasis>, Option<Kept>), OpfError> {
        let t1 = Instant::now();
        let lp = std::mem::take(&mut self.lp);
        let (res, kept) = lp.solve_kept(&self.opts.solver, self.opts.write_lp.as_deref(), start, keep)?;
        let (out, basis) = self.finish(res, t1)?;
        Ok((out, basis, kept))
    }

    /// (WS6) Solve this LP by changing `kept`'s costs and bounds to its own; `None`
    /// when `kept` holds an LP of another shape or matrix.
    pub(crate) fn resolve(mut self, kept: &mut Kept) -> Result<Option<(DispatchOutcome, Option<WindowBasis>)>, OpfError> {
        let t1 = Instant::now();
        let lp = std::mem::take(&mut self.lp);
        match kept.resolve(lp)? {
            Some(res) => Ok(Some(self.finish(res, t1)?)),
            None => Ok(None),
        }
    }

    /// The typed outcome of the LP's result `res` (solved since `t1`) and its basis.
    fn finish(self, mut res: crate::lp::LpResult, t1: Instant) -> Result<(DispatchOutcome, Option<WindowBasis>), OpfError> {
        let DispatchModel { case, opts: _, fm, ex, rm, layout, rows, lp: _, mut stats } = self;
        stats.solve_s = t1.elapsed().as_secs_f64();
        stats.warm_starts = usize::from(res.warm_started);
        let basis = res.basis.take().map(|b| WindowBasis::new(&layout, &rows, b));
        stats.simplex_iterations = res.simplex_iterations;
        stats.ipm_iterations = res.ipm_iterations;
        stats.mip_gap = res.mip_gap;
        let t2 = Instant::now();
        let status = SolveStatus::from(res.status.clone());
        let constant: f64 =
            case.network.generators.iter().map(|g| g.cost_constant_usd_per_h).sum::<f64>() * layout.hours as f64 + ex.given_cost_usd(case);
        if status.is_optimal() {
            hurdle_flows(&layout, &rows, &mut res.x, &mut res.col_duals);
        }
        let solution = status.is_optimal().then(|| {
            let mut sol = extract(&layout, &rows, &res.x, &res.row_duals, &res.col_duals, res.objective + constant);
            sol.angle_deg = flow::angles_deg(case, &fm, &layout, &res.x, &sol.line_flow_mw);
            sol.expansion = build_results(
                case,
                &ex,
                &layout,
                &res.x,
                &capacity_sensitivity(case, &ex, &rm, &layout, &rows, &res.col_duals, &res.row_duals),
            );
            set_reserves(case, &rm, &layout, &rows, &res.x, &res.row_duals, &mut sol);
            set_hours_at_limit(case, &mut sol);
            sol.storage_soc_initial_mwh = case
                .network
                .storage
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let energy = u.energy_mwh + sol.expansion.built_mw(Asset::StorageEnergy(i));
                    u.soc_initial_pu.map_or_else(|| sol.storage_soc_mwh[i].last().copied().unwrap_or(0.0), |p| p * energy)
                })
                .collect();
            sol
        });
        stats.extract_s = t2.elapsed().as_secs_f64();
        Ok((DispatchOutcome { status, solution, stats }, basis))
    }
}

fn extract(l: &Layout, rows: &Rows, x: &[f64], row_duals: &[f64], col_duals: &[f64], objective: f64) -> DispatchSolution {
    let price = (0..l.n_regions).map(|r| (0..l.hours).map(|t| row_duals[rows.balance.row(r, t)]).collect()).collect();
    DispatchSolution {
        objective_usd: objective,
        gen_p_mw: l.unpack(x, l.gen, l.n_gens),
        unserved_mw: l.unpack(x, l.shed, l.n_regions),
        storage_charge_mw: l.unpack(x, l.charge, l.n_storage),
        storage_discharge_mw: l.unpack(x, l.discharge, l.n_storage),
        storage_soc_mwh: l.unpack(x, l.soc, l.n_storage),
        storage_soc_initial_mwh: Vec::new(),
        line_flow_mw: l.unpack(x, l.line, l.n_lines),
        link_forward_mw: l.unpack(x, l.link_fwd, l.n_links),
        link_reverse_mw: l.unpack(x, l.link_rev, l.n_links),
        price_usd_per_mwh: price,
        line_limit_dual_usd_per_mwh: negated(l.unpack(col_duals, l.line, l.n_lines)),
        link_forward_dual_usd_per_mwh: negated(l.unpack(col_duals, l.link_fwd, l.n_links)),
        link_reverse_dual_usd_per_mwh: negated(l.unpack(col_duals, l.link_rev, l.n_links)),
        angle_deg: Vec::new(),
        flex_curtailed_mw: l.unpack(x, l.flex, l.n_flex),
        expansion: ExpansionResults::default(),
        line_x_pu_used: Vec::new(),
        gen_reserve_mw: Vec::new(),
        storage_reserve_mw: Vec::new(),
        reserve_price_usd_per_mwh: Vec::new(),
        reserve_shortage_mw: Vec::new(),
    }
}

/// (RS1–RS3) Reserve held per generator and storage unit, reserve prices (duals of
/// the requirement rows, ≥ 0 for a binding requirement) and shortages.
fn set_reserves(case: &Case, rm: &ReserveModel, l: &Layout, rows: &Rows, x: &[f64], duals: &[f64], sol: &mut DispatchSolution) {
    let n = &case.network;
    let h = l.hours;
    let held = |slot: Option<usize>| match slot {
        Some(k) => (0..h).map(|t| x[l.reserve_col(k, t)]).collect(),
        None => vec![0.0; h],
    };
    sol.gen_reserve_mw = rm.gen_slot.iter().map(|&s| held(s)).collect();
    // (RS4) A band generator's column holds its output in the top band: its output is
    // both parts, its reserve all it can hold at that output (at least what is left of
    // the band, which the requirement counts; the split of an output between the two
    // parts is arbitrary where the reserve has no value).
    let derates = case.gen_derates();
    for k in 0..rm.providers.len() {
        let Some(g) = rm.band_gen(k) else { continue };
        for t in 0..h {
            let p = sol.gen_p_mw[g][t] + x[l.reserve_col(k, t)];
            sol.gen_p_mw[g][t] = p;
            let band = ReserveModel::band_mw(case, &derates, g, t);
            sol.gen_reserve_mw[g][t] = band.min(derates.available_mw(case, g, t) - p).max(0.0);
        }
    }
    sol.storage_reserve_mw = rm.storage_slot.iter().map(|&s| held(s)).collect();
    sol.reserve_price_usd_per_mwh =
        (0..n.reserves.len()).map(|i| (0..h).map(|t| duals[rows.reserve.requirement(i, t)] + 0.0).collect()).collect();
    sol.reserve_shortage_mw = n
        .reserves
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let first = rm.shortage_offset[i];
            (0..h).map(|t| (0..=r.shortage.len()).map(|j| x[l.shortage_col(first + j, t)]).sum()).collect()
        })
        .collect();
}

/// (T3) A hurdled line's flow column is held at zero and its flow is f⁺ − f⁻: write
/// the flow and the reduced cost of its limits into that column's place, so that
/// everything that reads a line's flow column sees the flow. The limit's reduced
/// cost is f⁺'s when f⁺ is at its upper limit (negative), minus f⁻'s when f⁻ is
/// (positive, as the flow's at its lower limit), else 0.
fn hurdle_flows(l: &Layout, rows: &Rows, x: &mut [f64], rc: &mut [f64]) {
    for (i, slot) in rows.hurdle.slot.iter().enumerate() {
        let Some(k) = *slot else { continue };
        for t in 0..l.hours {
            let (pos, neg) = (l.line_pos + t * l.n_hurdle + k, l.line_neg + t * l.n_hurdle + k);
            let col = l.line_col(i, t);
            x[col] = x[pos] - x[neg];
            rc[col] = rc[pos].min(0.0) - rc[neg].min(0.0);
        }
    }
}

fn negated(v: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    v.into_iter().map(|r| r.into_iter().map(|d| if d == 0.0 { 0.0 } else { -d }).collect()).collect()
}

/// The value of one more MW (MWh) of each candidate over the horizon, USD per MW:
/// minus the derivative of the optimum with respect to its capacity.
///
/// - An LP that decides capacities: (cost − reduced cost) ÷ block size of its
///   capacity column (the duals of its E rows, weighted by their coefficients).
/// - Capacities given (E1–E4 as bounds and right-hand sides): the duals of every
///   bound and row the addition moves, each times how far it moves per MW: the
///   flow, output, charge, discharge and stored-energy bounds it relaxes (a reduced
///   cost counts only on the side of the bound that relaxes, so a line counts
///   |reduced cost|), the reserve rows (RS2) of providers, and for storage energy the
///   given initial and final states L (Ē + added).
pub(crate) fn capacity_sensitivity(
    case: &Case,
    ex: &ExpansionModel,
    rm: &ReserveModel,
    l: &Layout,
    rows: &Rows,
    rc: &[f64],
    y: &[f64],
) -> Vec<f64> {
    let h = l.hours;
    let n = &case.network;
    if ex.decides() {
        let share = h as f64 / 8760.0;
        return ex
            .cands
            .iter()
            .enumerate()
            .map(|(c, cand)| (cand.block_cost_usd_per_year() * share - rc[l.exp_col(c)]) / cand.unit)
            .collect();
    }
    // A bound that relaxes upwards counts a negative reduced cost, downwards a positive one.
    let up = |col: usize| -rc[col].min(0.0);
    let down = |col: usize| rc[col].max(0.0);
    let row = |r: Option<usize>| r.map_or(0.0, |r| -y[r]);
    let dc = case.settings.model.formulation == nagrid_model::Formulation::Dc;
    ex.cands
        .iter()
        .enumerate()
        .map(|(c, cand)| match cand.asset {
            Asset::Line(i) => {
                let line = &n.lines[i];
                let added = ex.fixed_mw.as_ref().map_or(0.0, |f| f[c]);
                // (K3) In `dc` an angle limit may be the binding bound instead.
                let (lo, hi) = flow::line_bounds(line, dc, n.base_mva, added);
                let (hi_moves, lo_moves) = (hi == line.s_max_mw + added, lo == -line.s_max_reverse_mw - added);
                (0..h)
                    .map(|t| {
                        let col = l.line_col(i, t);
                        let upper = if hi_moves { up(col) } else { 0.0 };
                        upper + if lo_moves { down(col) } else { 0.0 }
                    })
                    .sum()
            }
            Asset::Link(k) => (0..h).map(|t| up(l.link_col(k, t, 0)) + up(l.link_col(k, t, 1))).sum(),
            Asset::Generator(g) => (0..h).map(|t| availability_pu(case, g, t) * (up(l.gen_col(g, t)) + row(rm.gen_row(rows, g, t)))).sum(),
            Asset::StoragePower(s) => {
                (0..h).map(|t| up(l.charge_col(s, t)) + up(l.discharge_col(s, t)) + row(rm.storage_power_row(rows, s, t))).sum()
            }
            Asset::StorageEnergy(s) => {
                let u = &n.storage[s];
                let last = if u.soc_final_pu.is_some() { h - 1 } else { h };
                let mut v: f64 = (0..last).map(|t| up(l.soc_col(s, t))).sum();
                if let Some(f) = u.soc_final_pu {
                    v -= f * rc[l.soc_col(s, h - 1)];
                }
                if let Some(level) = u.soc_initial_pu {
                    v -= level * y[rows.storage.row(s, 0)];
                    v += u.efficiency_discharge * level * row(rm.storage_initial_energy_row(rows, s));
                }
                v
            }
        })
        .collect()
}

/// Built capacity and value of each expandable asset, aligned with the case
/// (hours at the limit are filled in by [`set_hours_at_limit`]); `value` from
/// [`capacity_sensitivity`].
fn build_results(case: &Case, ex: &ExpansionModel, l: &Layout, x: &[f64], value: &[f64]) -> ExpansionResults {
    let share = l.hours as f64 / 8760.0;
    let mut out = ExpansionResults::for_case(case);
    for (i, c) in ex.cands.iter().enumerate() {
        let built = match &ex.fixed_mw {
            Some(f) => f[i],
            None => x[l.exp_col(i)] * c.unit,
        };
        let result = BuildResult {
            kind: c.asset.kind(),
            id: c.asset.id(case),
            built_mw: if built.abs() < 1e-9 { 0.0 } else { built },
            max_added_mw: c.exp.max_added_mw,
            build_unit_mw: c.integer.then_some(c.unit),
            annualized_cost_usd_per_mw_year: c.exp.annualized_cost_usd_per_mw_year(),
            cost_usd: c.exp.annualized_cost_usd_per_mw_year() * built * share,
            marginal_value_usd_per_mw_year: value[i] / share,
            hours_at_limit: 0,
        };
        if let Some(slot) = out.slot_mut(c.asset) {
            *slot = Some(result);
        }
    }
    out
}

/// Count the hours each expandable asset spends at its expanded limit.
pub(crate) fn set_hours_at_limit(case: &Case, sol: &mut DispatchSolution) {
    let counts: Vec<(Asset, usize)> =
        sol.expansion.assets().map(|(a, _)| (a, at_limit(case, sol, a).into_iter().filter(|&x| x).count())).collect();
    for (a, hours) in counts {
        if let Some(Some(b)) = sol.expansion.slot_mut(a) {
            b.hours_at_limit = hours;
        }
    }
}
