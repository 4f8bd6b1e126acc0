//! The zonal (transport) dispatch problem. This function lists *what* the model
//! contains; the `add_*` functions below decide how each part is written.
//!
//! Labels refer to `docs/formulation.md`.

use crate::expansion::{AssetKind, ExpansionModel};
use crate::flow::{self, FlowModel};
use crate::layout::Layout;
use crate::lp::LpBuilder;
use crate::solution::{DispatchOutcome, DispatchSolution, SolveStats, SolveStatus};
use crate::OpfError;
use chrono::Datelike;
use nagrid_model::time::hours_in_month;
use nagrid_model::{Case, Decomposition};
use std::time::Instant;

/// Numbers the constraint code needs, prepared once from the case.
struct Prepared<'a> {
    case: &'a Case,
    layout: Layout,
    voll: f64,
    /// Calendar month (1..=12, UTC) of each hour.
    month_of_hour: Vec<u32>,
    /// For each generator, the budget row of each month (index 0 = January), once created.
    budget_rows: Vec<[Option<usize>; 12]>,
    /// For each ramp-limited generator, the index of its first (R1) row: hour t ≥ 1
    /// has its up row at `first + 2 (t − 1)` and its down row just after.
    ramp_rows: Vec<Option<usize>>,
    /// (F1) row of each flexible load.
    flex_rows: Vec<usize>,
    /// Expandable assets (E1–E3).
    ex: ExpansionModel,
}

/// A dispatch LP built and ready to solve.
pub struct DispatchModel<'a> {
    case: &'a Case,
    fm: FlowModel,
    ex: ExpansionModel,
    layout: Layout,
    lp: LpBuilder,
    stats: SolveStats,
}

/// Build and solve the least-cost dispatch of `case` over its whole horizon as one LP.
///
/// Contains: generation within availability and must-run (G1, G2), monthly energy
/// budgets (H1), unserved load at the value of lost load (U1), storage with
/// state-of-charge continuity (S1, S2), AC interties as transfer limits (T1),
/// controllable links with losses (L1), and one energy balance per region and hour
/// (B1) whose duals are the prices; the objective is (O1).
///
/// With `[solver] decomposition = "rolling"` the horizon is solved window by window
/// instead (see [`crate::rolling`]).
pub fn dispatch(case: &Case) -> Result<DispatchOutcome, OpfError> {
    dispatch_with_progress(case, &|_, _| {})
}

/// Like [`dispatch`], reporting rolling-horizon windows done as `progress(done, total)`.
pub fn dispatch_with_progress(case: &Case, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<DispatchOutcome, OpfError> {
    let expanding = case.settings.expansion.enabled
        && (case.network.lines.iter().any(|l| l.expansion.is_some())
            || case.network.links.iter().any(|l| l.expansion.is_some())
            || case.network.generators.iter().any(|g| g.expansion.is_some()));
    match case.settings.solver.decomposition {
        // A capacity decision spans the whole horizon: expansion is one problem.
        _ if expanding => dispatch_single(case),
        Decomposition::None => dispatch_single(case),
        Decomposition::Rolling => crate::rolling::dispatch_rolling_with_progress(case, progress),
    }
}

/// One LP over the whole horizon, whatever the decomposition setting. With
/// expansion, a MIP (blocks) is solved and then re-solved as an LP with its builds
/// fixed, for prices; in the `dc` formulation expandable lines' susceptances are
/// updated to their built capacity and the problem solved again (see
/// [`crate::expansion`]).
pub fn dispatch_single(case: &Case) -> Result<DispatchOutcome, OpfError> {
    crate::expansion_solve::solve_with_expansion(case)
}

/// Build the dispatch LP of `case` without solving it (see [`dispatch`]).
pub fn build_dispatch(case: &Case) -> Result<DispatchModel<'_>, OpfError> {
    build_dispatch_with(case, None, false)
}

/// Build the LP with the capacity of every expandable asset fixed at `fixed_mw`
/// (in candidate order), or free when `None`.
pub(crate) fn build_dispatch_with(case: &Case, fixed_mw: Option<Vec<f64>>, relaxed: bool) -> Result<DispatchModel<'_>, OpfError> {
    let t0 = Instant::now();
    check_shape(case)?;
    let n = &case.network;
    let fm = FlowModel::new(case);
    let layout = Layout::new(
        case.axis.hours,
        n.regions.len(),
        n.generators.len(),
        n.storage.len(),
        n.lines.len(),
        n.links.len(),
        fm.n_angles(case),
        fm.n_rows(case),
        n.flexible_loads.len(),
    );
    let mut layout = layout;
    let ex = ExpansionModel::new(case, fixed_mw, relaxed);
    layout.n_exp = ex.cands.len();
    layout.n_cols += layout.n_exp;
    let month_of_hour = (0..case.axis.hours).map(|t| case.axis.timestamp(t).month()).collect();
    let mut p = Prepared {
        case,
        layout,
        voll: case.settings.economics.value_of_lost_load_usd_per_mwh,
        month_of_hour,
        budget_rows: vec![[None; 12]; n.generators.len()],
        ramp_rows: vec![None; n.generators.len()],
        flex_rows: Vec::new(),
        ex,
    };
    let mut lp = LpBuilder::new();
    add_balance_rows(&p, &mut lp);
    add_storage_rows(&p, &mut lp);
    flow::add_network_rows(case, &fm, &layout, &mut lp);
    add_budget_rows(&mut p, &mut lp);
    add_ramp_rows(&mut p, &mut lp);
    add_flexible_rows(&mut p, &mut lp);
    p.ex.add_rows(case, &mut lp);
    add_generator_columns(&p, &mut lp);
    add_unserved_columns(&p, &mut lp);
    add_storage_columns(&p, &mut lp);
    flow::add_line_columns(case, &fm, &p.ex, &layout, &mut lp);
    flow::add_link_columns(case, &p.ex, &layout, &mut lp);
    flow::add_angle_columns(case, &fm, &layout, &mut lp);
    add_flexible_columns(&p, &mut lp);
    p.ex.add_columns(case, &mut lp);
    add_quadratic_costs(&p, &mut lp);
    debug_assert_eq!(lp.n_cols(), layout.n_cols);
    let mut stats = SolveStats { columns: lp.n_cols(), rows: lp.n_rows(), nonzeros: lp.nnz(), windows: 1, ..Default::default() };
    stats.build_s = t0.elapsed().as_secs_f64();
    Ok(DispatchModel { case, fm, ex: p.ex, layout, lp, stats })
}

impl DispatchModel<'_> {
    /// Whether some asset is built in blocks (a MIP).
    pub fn is_mip(&self) -> bool {
        self.ex.is_mip()
    }

    /// Columns, rows and non-zeros of the LP.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.stats.columns, self.stats.rows, self.stats.nonzeros)
    }

    /// Solve with the case's solver settings and extract the typed solution.
    pub fn solve(self) -> Result<DispatchOutcome, OpfError> {
        let DispatchModel { case, fm, ex, layout, lp, mut stats } = self;
        let t1 = Instant::now();
        let res = lp.solve(&case.settings.solver)?;
        stats.solve_s = t1.elapsed().as_secs_f64();
        stats.simplex_iterations = res.simplex_iterations;
        stats.ipm_iterations = res.ipm_iterations;
        stats.mip_gap = res.mip_gap;
        let t2 = Instant::now();
        let constant: f64 = case.network.generators.iter().map(|g| g.cost_constant_usd_per_h).sum::<f64>() * layout.hours as f64;
        let solution = (res.status == SolveStatus::Optimal).then(|| {
            let mut sol = extract(&layout, &res.x, &res.row_duals, &res.col_duals, res.objective + constant);
            sol.angle_deg = flow::angles_deg(case, &fm, &layout, &res.x, &sol.line_flow_mw);
            sol.expansion = build_results(case, &ex, &layout, &res.x, &res.row_duals, &sol);
            sol.storage_soc_initial_mwh = case
                .network
                .storage
                .iter()
                .enumerate()
                .map(|(i, u)| u.soc_initial_pu.map_or_else(|| sol.storage_soc_mwh[i].last().copied().unwrap_or(0.0), |p| p * u.energy_mwh))
                .collect();
            sol
        });
        stats.extract_s = t2.elapsed().as_secs_f64();
        Ok(DispatchOutcome { status: res.status, solution, stats })
    }
}

fn check_shape(case: &Case) -> Result<(), OpfError> {
    let n = &case.network;
    let h = case.axis.hours;
    if case.load_mw.len() != n.regions.len() || case.load_mw.iter().any(|l| l.len() != h) {
        return Err(OpfError::Input("load series do not match regions × hours".into()));
    }
    if case.gen_p_max_pu.len() != n.generators.len() || case.gen_p_max_pu.iter().flatten().any(|s| s.len() != h) {
        return Err(OpfError::Input("availability series do not match generators × hours".into()));
    }
    if case.flex_load_mw.len() != n.flexible_loads.len() || case.flex_load_mw.iter().any(|s| s.len() != h) {
        return Err(OpfError::Input("flexible-load series do not match flexible loads × hours".into()));
    }
    if n.flexible_loads.iter().any(|f| f.region >= n.regions.len()) {
        return Err(OpfError::Input("a flexible load refers to a region index out of range".into()));
    }
    let r = n.regions.len();
    let bad = n.generators.iter().any(|g| g.region >= r)
        || n.storage.iter().any(|s| s.region >= r)
        || n.lines.iter().any(|l| l.from >= r || l.to >= r)
        || n.links.iter().any(|l| l.from >= r || l.to >= r);
    if bad {
        return Err(OpfError::Input("a component refers to a region index out of range".into()));
    }
    if n.hydro_budgets.iter().any(|b| b.generator >= n.generators.len() || !(1..=12).contains(&b.month)) {
        return Err(OpfError::Input("a hydro budget refers to an unknown generator or month".into()));
    }
    Ok(())
}

/// (B1) One balance row per region and hour: supply − demand-side terms = load.
fn add_balance_rows(p: &Prepared, lp: &mut LpBuilder) {
    for t in 0..p.layout.hours {
        for r in 0..p.layout.n_regions {
            let flex: f64 =
                p.case.network.flexible_loads.iter().zip(&p.case.flex_load_mw).filter(|(f, _)| f.region == r).map(|(_, l)| l[t]).sum();
            let row = lp.add_eq_row(p.case.load_mw[r][t] + flex);
            debug_assert_eq!(row, p.layout.balance_row(r, t));
        }
    }
}

/// (S1) State-of-charge continuity rows; the right-hand side carries the initial
/// energy when the storage is not cyclic.
fn add_storage_rows(p: &Prepared, lp: &mut LpBuilder) {
    for t in 0..p.layout.hours {
        for s in &p.case.network.storage {
            let rhs = match (t, s.soc_initial_pu) {
                (0, Some(pu)) => pu * s.energy_mwh,
                _ => 0.0,
            };
            lp.add_eq_row(rhs);
        }
    }
}

/// (H1) Monthly energy budgets: output summed over the month's hours in the
/// horizon ≤ budget × (share of the month's hours inside the horizon).
fn add_budget_rows(p: &mut Prepared, lp: &mut LpBuilder) {
    let mut hours_in_horizon = [0usize; 12];
    for &m in &p.month_of_hour {
        hours_in_horizon[m as usize - 1] += 1;
    }
    let year = p.case.axis.start.year();
    for b in &p.case.network.hydro_budgets {
        let m = b.month as usize - 1;
        if hours_in_horizon[m] == 0 {
            continue;
        }
        let share = hours_in_horizon[m] as f64 / hours_in_month(year, b.month) as f64;
        p.budget_rows[b.generator][m] = Some(lp.add_le_row(b.energy_mwh * share.min(1.0)));
    }
}

/// (R1) Ramp limits: p_t − p_{t−1} ≤ r_up P̄ and p_{t−1} − p_t ≤ r_down P̄ for t ≥ 1
/// (a missing direction gets an infinite bound).
fn add_ramp_rows(p: &mut Prepared, lp: &mut LpBuilder) {
    if p.layout.hours < 2 {
        return;
    }
    for (g, gen) in p.case.network.generators.iter().enumerate() {
        if gen.ramp_up_pu_per_h.is_none() && gen.ramp_down_pu_per_h.is_none() {
            continue;
        }
        let up = gen.ramp_up_pu_per_h.map_or(f64::INFINITY, |r| r * gen.p_max_mw);
        let down = gen.ramp_down_pu_per_h.map_or(f64::INFINITY, |r| r * gen.p_max_mw);
        let first = lp.n_rows();
        for _ in 1..p.layout.hours {
            lp.add_le_row(up);
            lp.add_le_row(down);
        }
        p.ramp_rows[g] = Some(first);
    }
}

/// (F1) Curtailment of each flexible load over the horizon ≤ its share of the
/// flexible energy.
fn add_flexible_rows(p: &mut Prepared, lp: &mut LpBuilder) {
    for (f, fl) in p.case.network.flexible_loads.iter().enumerate() {
        let energy: f64 = p.case.flex_load_mw[f].iter().sum();
        p.flex_rows.push(lp.add_le_row(fl.max_curtail_share * energy));
    }
}

/// (F1) Curtailment columns: 0 ≤ c_{f,t} ≤ flexible demand, priced at the
/// curtailment cost, relieving the region's balance.
fn add_flexible_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    for t in 0..l.hours {
        for (f, fl) in p.case.network.flexible_loads.iter().enumerate() {
            lp.add_col(
                fl.curtail_cost_usd_per_mwh,
                0.0,
                p.case.flex_load_mw[f][t],
                &[(l.balance_row(fl.region, t), 1.0), (p.flex_rows[f], 1.0)],
            );
        }
    }
}

/// (G1, G2) Output between the must-run minimum and the available capacity;
/// budgeted generators also enter their month's (H1) row.
fn add_generator_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    let mut entries = Vec::with_capacity(2);
    for t in 0..l.hours {
        let m = p.month_of_hour[t] as usize - 1;
        for (g, gen) in p.case.network.generators.iter().enumerate() {
            let avail = p.case.gen_available_mw(g, t);
            let lb = gen.p_min_mw.min(avail);
            entries.clear();
            entries.push((l.balance_row(gen.region, t), 1.0));
            let ub = match p.ex.gen[g] {
                Some(c) => {
                    entries.push((p.ex.cands[c].first_row + t, 1.0));
                    let pu = p.case.gen_p_max_pu[g].as_ref().map_or(1.0, |s| s[t]);
                    avail + pu * p.ex.gen_extra(g)
                }
                None => avail,
            };
            if let Some(row) = p.budget_rows[g][m] {
                entries.push((row, 1.0));
            }
            if let Some(first) = p.ramp_rows[g] {
                // p_t enters hour t's rows with +1 (up) / −1 (down) and hour t+1's
                // rows with −1 (up) / +1 (down).
                if t >= 1 {
                    entries.push((first + 2 * (t - 1), 1.0));
                    entries.push((first + 2 * (t - 1) + 1, -1.0));
                }
                if t + 1 < l.hours {
                    entries.push((first + 2 * t, -1.0));
                    entries.push((first + 2 * t + 1, 1.0));
                }
            }
            lp.add_col(gen.marginal_cost_usd_per_mwh, lb, ub, &entries);
        }
    }
}

/// (O1) Quadratic generation costs c2·p² (MATPOWER cases): HiGHS then solves a
/// convex QP. The Hessian of ½ pᵀQp has Q = 2·c2 on the diagonal.
fn add_quadratic_costs(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    for t in 0..l.hours {
        for (g, gen) in p.case.network.generators.iter().enumerate() {
            if gen.cost_quadratic_usd_per_mw2h != 0.0 {
                lp.add_hessian_diagonal(l.gen + t * l.n_gens + g, 2.0 * gen.cost_quadratic_usd_per_mw2h);
            }
        }
    }
}

/// (U1) Unserved load, priced at the value of lost load, at most the load.
fn add_unserved_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    for t in 0..l.hours {
        for r in 0..l.n_regions {
            let ub = if p.case.settings.economics.allow_unserved { p.case.load_mw[r][t].max(0.0) } else { 0.0 };
            lp.add_col(p.voll, 0.0, ub, &[(l.balance_row(r, t), 1.0)]);
        }
    }
}

/// (S1, S2) Charge, discharge and state-of-charge columns.
fn add_storage_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    let st = &p.case.network.storage;
    // Charging: draws from the balance, adds eta_c per MWh to the state.
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            lp.add_col(0.0, 0.0, u.p_max_mw, &[(l.balance_row(u.region, t), -1.0), (l.soc_row(s, t), -u.efficiency_charge)]);
        }
    }
    // Discharging: feeds the balance, removes 1/eta_d per MWh from the state.
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            lp.add_col(
                u.marginal_cost_usd_per_mwh,
                0.0,
                u.p_max_mw,
                &[(l.balance_row(u.region, t), 1.0), (l.soc_row(s, t), 1.0 / u.efficiency_discharge)],
            );
        }
    }
    // State of charge e_t: +1 in its own hour's row, -1 in the next hour's row
    // (the last hour wraps to the first when cyclic).
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            let mut e = vec![(l.soc_row(s, t), 1.0)];
            if t + 1 < l.hours {
                e.push((l.soc_row(s, t + 1), -1.0));
            } else if u.soc_initial_pu.is_none() {
                if l.hours == 1 {
                    e.clear(); // e_0 - e_0: the state is free but must be within [0, E]
                    e.push((l.soc_row(s, 0), 0.0));
                } else {
                    e.push((l.soc_row(s, 0), -1.0));
                }
            }
            let (lo, hi) = match u.soc_final_pu {
                Some(f) if t + 1 == l.hours => (f * u.energy_mwh, f * u.energy_mwh),
                _ => (0.0, u.energy_mwh),
            };
            lp.add_col(0.0, lo, hi, &e);
        }
    }
}

fn extract(l: &Layout, x: &[f64], row_duals: &[f64], col_duals: &[f64], objective: f64) -> DispatchSolution {
    let price = (0..l.n_regions).map(|r| (0..l.hours).map(|t| row_duals[l.balance_row(r, t)]).collect()).collect();
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
        expansion: Vec::new(),
        line_x_pu_used: Vec::new(),
    }
}

fn negated(v: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    v.into_iter().map(|r| r.into_iter().map(|d| if d == 0.0 { 0.0 } else { -d }).collect()).collect()
}

/// Built capacity and value of each expandable asset.
fn build_results(
    case: &Case,
    ex: &ExpansionModel,
    l: &Layout,
    x: &[f64],
    duals: &[f64],
    sol: &DispatchSolution,
) -> Vec<crate::solution::BuildResult> {
    let h = l.hours;
    let n = &case.network;
    ex.cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let built = x[l.exp + i] * c.unit;
            let (id, value, at_limit) = match c.kind {
                AssetKind::Line => {
                    let line = &n.lines[c.index];
                    let v: f64 = (0..h).map(|t| -(duals[c.first_row + 2 * t] + duals[c.first_row + 2 * t + 1])).sum();
                    let cap = line.s_max_mw + built;
                    let hrs = (0..h).filter(|&t| cap > 1e-6 && sol.line_flow_mw[c.index][t].abs() >= cap - 1e-6).count();
                    (line.id.clone(), v, hrs)
                }
                AssetKind::Link => {
                    let k = &n.links[c.index];
                    let v: f64 = (0..h).map(|t| -(duals[c.first_row + 2 * t] + duals[c.first_row + 2 * t + 1])).sum();
                    let hrs = (0..h)
                        .filter(|&t| {
                            let (f, r) = (sol.link_forward_mw[c.index][t], sol.link_reverse_mw[c.index][t]);
                            (k.p_max_forward_mw + built > 1e-6 && f >= k.p_max_forward_mw + built - 1e-6)
                                || (k.p_max_reverse_mw + built > 1e-6 && r >= k.p_max_reverse_mw + built - 1e-6)
                        })
                        .count();
                    (k.id.clone(), v, hrs)
                }
                AssetKind::Generator => {
                    let g = &n.generators[c.index];
                    let v: f64 = (0..h).map(|t| -duals[c.first_row + t] * case.gen_p_max_pu[c.index].as_ref().map_or(1.0, |s| s[t])).sum();
                    let hrs = (0..h)
                        .filter(|&t| sol.gen_p_mw[c.index][t] >= case.gen_available_mw(c.index, t) + built * 0.0 - 1e-6 && built > 0.0)
                        .count();
                    (g.id.clone(), v, hrs)
                }
            };
            let share = h as f64 / 8760.0;
            crate::solution::BuildResult {
                kind: c.kind,
                id,
                built_mw: if built.abs() < 1e-9 { 0.0 } else { built },
                max_added_mw: c.exp.max_added_mw,
                build_unit_mw: c.exp.build_unit_mw,
                annualized_cost_usd_per_mw_year: c.exp.annualized_cost_usd_per_mw_year(),
                cost_usd: c.exp.annualized_cost_usd_per_mw_year() * built * share,
                marginal_value_usd_per_mw_year: value / share,
                hours_at_limit: at_limit,
            }
        })
        .collect()
}
