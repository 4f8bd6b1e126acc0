//! The dispatch LP builder: pure, from a case and options to rows and columns. It
//! lists *what* the model contains ([`build_dispatch_with`]); the `add_*` functions
//! decide how each part is written. Row and column numbers come from the
//! [`crate::registry`]; labels refer to `docs/formulation.md`.

use crate::error::OpfError;
use crate::expansion::ExpansionModel;
use crate::flow::{self, FlowModel};
use crate::inputs::{budget_allowance_mwh, month_of_hour, GenCosts};
use crate::lp::LpBuilder;
use crate::options::DispatchOptions;
use crate::registry::{BalanceRows, BudgetRows, FlexRows, HourlyBlock, Layout, RampRows, Rows, Sizes, StorageRows};
use crate::reserve::ReserveModel;
use crate::solution::SolveStats;
use nagrid_model::Case;
use std::time::Instant;

/// Numbers the constraint code needs, prepared once from the case.
struct Prepared<'a> {
    case: &'a Case,
    layout: Layout,
    voll: f64,
    allow_unserved: bool,
    /// Calendar month (1..=12, UTC) of each hour.
    month_of_hour: Vec<u32>,
    /// Row blocks, filled as rows are added.
    rows: Rows,
    /// Expandable assets (E1–E3).
    ex: ExpansionModel,
    /// Operating reserves (RS1–RS3).
    rm: ReserveModel,
}

/// A dispatch LP built and ready to solve (made by the driver's `build_dispatch`).
pub struct DispatchModel<'a> {
    pub(crate) case: &'a Case,
    pub(crate) opts: DispatchOptions,
    pub(crate) fm: FlowModel,
    pub(crate) ex: ExpansionModel,
    pub(crate) rm: ReserveModel,
    pub(crate) layout: Layout,
    pub(crate) rows: Rows,
    pub(crate) lp: LpBuilder,
    pub(crate) stats: SolveStats,
}

/// How the capacity of the expandable assets enters an LP.
#[derive(Debug, Clone)]
pub(crate) enum Capacities {
    /// The LP decides them (capacity columns, E1–E4); `relaxed` solves blocks as continuous.
    Decide { relaxed: bool },
    /// The LP decides them with some held at given blocks (`Some`), the rest continuous.
    Pinned { blocks: Vec<Option<f64>> },
    /// Given, MW or MWh in candidate order, as bounds and right-hand sides; `priced`:
    /// their annualised cost is part of the objective.
    Given { mw: Vec<f64>, priced: bool },
}

/// Build the LP with the capacities of the expandable assets decided or given.
///
/// Contains: generation within availability and must-run (G1, G2), monthly energy
/// budgets (H1), unserved load at the value of lost load (U1), storage with
/// state-of-charge continuity (S1, S2), AC interties as transfer limits (T1) and in
/// `dc` Kirchhoff's law (K1–K3), controllable links with losses (L1), ramp limits
/// (R1), flexible loads (F1), direction-specific line limits and hurdle rates (T2,
/// T3), operating reserves (RS1–RS3), expansion (E1–E3), and one energy balance per
/// region and hour (B1) whose duals are the prices; the objective is (O1).
pub(crate) fn build_dispatch_with<'a>(
    case: &'a Case,
    opts: &DispatchOptions,
    capacities: Capacities,
) -> Result<DispatchModel<'a>, OpfError> {
    let t0 = Instant::now();
    check_shape(case)?;
    let n = &case.network;
    let fm = FlowModel::new(case, opts)?;
    let ex = match capacities {
        Capacities::Decide { relaxed } => ExpansionModel::new(case, opts, None, relaxed, true),
        Capacities::Pinned { blocks } => ExpansionModel { pinned: Some(blocks), ..ExpansionModel::new(case, opts, None, true, true) },
        Capacities::Given { mw, priced } => ExpansionModel::new(case, opts, Some(mw), false, priced),
    };
    let mut rm = ReserveModel::new(case);
    rm.set_bands(case, |g| ex.is_gen_candidate(g));
    let layout = Layout::new(Sizes {
        hours: case.axis.hours,
        regions: n.regions.len(),
        gens: n.generators.len(),
        storage: n.storage.len(),
        lines: n.lines.len(),
        links: n.links.len(),
        angles: fm.n_angles(case),
        flex: n.flexible_loads.len(),
        hurdle: flow::hurdled_lines(case),
        reserve: rm.providers.len(),
        shortage: rm.n_shortage,
        expansion: ex.n_columns(),
    });
    let mut p = Prepared {
        case,
        layout,
        voll: opts.economics.value_of_lost_load_usd_per_mwh,
        allow_unserved: opts.economics.allow_unserved,
        month_of_hour: month_of_hour(case),
        rows: Rows::default(),
        ex,
        rm,
    };
    let mut lp = LpBuilder::new();
    p.rows.balance = add_balance_rows(&p, &mut lp);
    p.rows.storage = add_storage_rows(&p, &mut lp);
    p.rows.kirchhoff = flow::add_network_rows(case, &fm, layout.hours, &mut lp);
    p.rows.budget = add_budget_rows(&p, &mut lp);
    p.rows.ramp = add_ramp_rows(&p, &mut lp);
    p.rows.flex = add_flexible_rows(&p, &mut lp);
    p.rows.hurdle = flow::add_hurdle_rows(case, &lp);
    p.rows.reserve = p.rm.add_rows(case, &p.ex, &mut lp);
    p.ex.add_rows(case, &mut lp);
    add_generator_columns(&p, &mut lp);
    add_unserved_columns(&p, &mut lp);
    add_storage_columns(&p, &mut lp);
    flow::add_line_columns(case, &fm, &p.ex, &layout, &p.rows, &mut lp);
    flow::add_link_columns(case, &p.ex, &layout, &p.rows, &mut lp);
    flow::add_angle_columns(case, &fm, &layout, &p.rows, &mut lp);
    add_flexible_columns(&p, &mut lp);
    flow::add_hurdle_columns(case, &fm, &p.ex, &layout, &p.rows, &mut lp);
    let costs = GenCosts::new(case);
    let derates = case.gen_derates();
    // (RS4) A band generator's output in its top band: like its output (G1, H1, R1, B1), at the same cost.
    let band = |g: usize, t: usize, e: &mut Vec<(usize, f64)>| {
        let (_, lower_ub, w) = lower_band(&p, &derates, g, t);
        e.push((p.rows.balance.row(n.generators[g].region, t), 1.0));
        e.extend(p.rows.budget.row(g, p.month_of_hour[t]).map(|r| (r, 1.0)));
        e.extend(p.rows.ramp.entries(g, t, layout.hours));
        // The must-run minimum beyond the lower part.
        let lb = (derates.min_output_mw(case, g, t) - lower_ub).clamp(0.0, w);
        (costs.cost(g, t), lb, w)
    };
    p.rm.add_columns(case, &p.ex, (&layout, &p.rows), p.voll, &band, &mut lp);
    p.ex.add_columns(case, &capacity_coupling(&p), &mut lp);
    add_quadratic_costs(&p, &mut lp);
    debug_assert_eq!(lp.n_cols(), layout.n_cols);
    let mut stats = SolveStats { columns: lp.n_cols(), rows: lp.n_rows(), nonzeros: lp.nnz(), windows: 1, ..Default::default() };
    stats.build_s = t0.elapsed().as_secs_f64();
    Ok(DispatchModel { case, opts: opts.clone(), fm, ex: p.ex, rm: p.rm, layout, rows: p.rows, lp, stats })
}

impl DispatchModel<'_> {
    /// Whether some asset is built in blocks (a MIP).
    pub fn is_mip(&self) -> bool {
        self.ex.is_mip()
    }

    /// Write the LP to `path` (MPS format, written by HiGHS) without solving it.
    pub fn write_mps(self, path: &std::path::Path) -> Result<(), OpfError> {
        self.lp.write(path)
    }

    /// Columns, rows and non-zeros of the LP.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.stats.columns, self.stats.rows, self.stats.nonzeros)
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

/// (B1) One balance row per region and hour; the right-hand side is the load plus
/// the flexible loads of the region.
fn add_balance_rows(p: &Prepared, lp: &mut LpBuilder) -> BalanceRows {
    let block = BalanceRows(HourlyBlock { first: lp.n_rows(), per_hour: p.layout.n_regions });
    for t in 0..p.layout.hours {
        for r in 0..p.layout.n_regions {
            let flex: f64 =
                p.case.network.flexible_loads.iter().zip(&p.case.flex_load_mw).filter(|(f, _)| f.region == r).map(|(_, l)| l[t]).sum();
            let row = lp.add_eq_row(p.case.load_mw[r][t] + flex);
            debug_assert_eq!(row, block.row(r, t));
        }
    }
    block
}

/// (S1) State-of-charge continuity rows; the right-hand side carries the initial
/// energy when the storage is not cyclic.
fn add_storage_rows(p: &Prepared, lp: &mut LpBuilder) -> StorageRows {
    let block = StorageRows(HourlyBlock { first: lp.n_rows(), per_hour: p.layout.n_storage });
    for t in 0..p.layout.hours {
        for (i, s) in p.case.network.storage.iter().enumerate() {
            let rhs = match (t, s.soc_initial_pu) {
                (0, Some(pu)) => pu * (s.energy_mwh + p.ex.energy_given(i)),
                _ => 0.0,
            };
            let row = lp.add_eq_row(rhs);
            debug_assert_eq!(row, block.row(i, t));
        }
    }
    block
}

/// (H1) Monthly energy budgets: one row per budget whose month is in the horizon,
/// with the month's share of the budget ([`budget_allowance_mwh`]).
fn add_budget_rows(p: &Prepared, lp: &mut LpBuilder) -> BudgetRows {
    let mut rows = BudgetRows { by_generator: vec![[None; 12]; p.case.network.generators.len()], first: lp.n_rows(), len: 0 };
    for b in &p.case.network.hydro_budgets {
        if !p.month_of_hour.contains(&b.month) {
            continue;
        }
        let rhs = budget_allowance_mwh(p.case, &p.month_of_hour, b.month, b.energy_mwh);
        rows.by_generator[b.generator][b.month as usize - 1] = Some(lp.add_le_row(rhs));
        rows.len += 1;
    }
    rows
}

/// (R1) Ramp limits, two rows per ramp-limited generator and hour t ≥ 1 (a missing
/// direction gets an infinite bound).
fn add_ramp_rows(p: &Prepared, lp: &mut LpBuilder) -> RampRows {
    let mut rows = RampRows(vec![None; p.case.network.generators.len()]);
    if p.layout.hours < 2 {
        return rows;
    }
    for (g, gen) in p.case.network.generators.iter().enumerate() {
        if gen.ramp_up_pu_per_h.is_none() && gen.ramp_down_pu_per_h.is_none() {
            continue;
        }
        let up = gen.ramp_up_pu_per_h.map_or(f64::INFINITY, |r| r * gen.p_max_mw);
        let down = gen.ramp_down_pu_per_h.map_or(f64::INFINITY, |r| r * gen.p_max_mw);
        rows.0[g] = Some(lp.n_rows());
        for _ in 1..p.layout.hours {
            lp.add_le_row(up);
            lp.add_le_row(down);
        }
    }
    rows
}

/// (F1) Curtailment of each flexible load over the horizon ≤ its share of the
/// flexible energy.
fn add_flexible_rows(p: &Prepared, lp: &mut LpBuilder) -> FlexRows {
    let mut rows = FlexRows::default();
    for (f, fl) in p.case.network.flexible_loads.iter().enumerate() {
        let energy: f64 = p.case.flex_load_mw[f].iter().sum();
        rows.0.push(lp.add_le_row(fl.max_curtail_share * energy));
    }
    rows
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
                &[(p.rows.balance.row(fl.region, t), 1.0), (p.rows.flex.row(f), 1.0)],
            );
        }
    }
}

/// (G1, G2, A1, A2) Output between the must-run minimum and the available capacity
/// (with a given addition, E3), at the hour's cost (C1); budgeted generators also
/// enter their month's (H1) row, ramp-limited ones their (R1) rows, those whose
/// capacity the LP decides their (E3) row, reserve providers their (RS2) row.
fn add_generator_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    let costs = GenCosts::new(p.case);
    let derates = p.case.gen_derates();
    let mut entries = Vec::with_capacity(6);
    for t in 0..l.hours {
        for (g, gen) in p.case.network.generators.iter().enumerate() {
            let avail = derates.available_mw(p.case, g, t);
            let lb = derates.min_output_mw(p.case, g, t);
            entries.clear();
            entries.push((p.rows.balance.row(gen.region, t), 1.0));
            if let Some(c) = p.ex.gen_decided(g) {
                entries.push((p.ex.rows.row(c, t, 0), 1.0));
            }
            let ub = avail + derates.availability_pu(p.case, g, t) * p.ex.gen_extra(g);
            // (RS4) A band generator's output here is its output below the top band.
            let (lb, ub) = if p.rm.is_band(g) {
                let (lb, ub, _) = lower_band(p, &derates, g, t);
                (lb, ub)
            } else {
                (lb, ub)
            };
            if let Some(row) = p.rows.budget.row(g, p.month_of_hour[t]) {
                entries.push((row, 1.0));
            }
            entries.extend(p.rows.ramp.entries(g, t, l.hours));
            entries.extend(p.rm.gen_entry(&p.rows, g, t));
            lp.add_col(costs.cost(g, t), lb, ub, &entries);
        }
    }
}

/// (RS4) Bounds of band generator `g`'s output below its top band in hour `t`, and
/// the band's width: the must-run minimum as far as it reaches, the available
/// capacity less the band.
fn lower_band(p: &Prepared, derates: &nagrid_model::GenDerates, g: usize, t: usize) -> (f64, f64, f64) {
    let w = ReserveModel::band_mw(p.case, derates, g, t);
    let ub = (derates.available_mw(p.case, g, t) - w).max(0.0);
    (derates.min_output_mw(p.case, g, t).min(ub), ub, w)
}

/// (O1) Quadratic generation costs c2·p² (MATPOWER cases): HiGHS then solves a
/// convex QP. The Hessian of ½ pᵀQp has Q = 2·c2 on the diagonal.
fn add_quadratic_costs(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    for t in 0..l.hours {
        for (g, gen) in p.case.network.generators.iter().enumerate() {
            if gen.cost_quadratic_usd_per_mw2h != 0.0 {
                lp.add_hessian_diagonal(l.gen_col(g, t), 2.0 * gen.cost_quadratic_usd_per_mw2h);
            }
        }
    }
}

/// (U1) Unserved load, priced at the value of lost load, at most the load.
fn add_unserved_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    for t in 0..l.hours {
        for r in 0..l.n_regions {
            let ub = if p.allow_unserved { p.case.load_mw[r][t].max(0.0) } else { 0.0 };
            lp.add_col(p.voll, 0.0, ub, &[(p.rows.balance.row(r, t), 1.0)]);
        }
    }
}

/// (S1, S2, E4) Charge, discharge and state-of-charge columns within the power and
/// energy capacity (with a given addition); those whose capacity the LP decides also
/// enter their (E4) rows, reserve providers their (RS2) rows.
fn add_storage_columns(p: &Prepared, lp: &mut LpBuilder) {
    let l = &p.layout;
    let st = &p.case.network.storage;
    // Charging: draws from the balance, adds eta_c per MWh to the state.
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            let mut e = vec![(p.rows.balance.row(u.region, t), -1.0), (p.rows.storage.row(s, t), -u.efficiency_charge)];
            e.extend(p.rm.storage_power_entry(&p.rows, s, t, -1.0));
            e.extend(p.ex.power_decided(s).map(|c| (p.ex.rows.row(c, t, 0), 1.0)));
            lp.add_col(0.0, 0.0, u.p_max_mw + p.ex.power_extra(s), &e);
        }
    }
    // Discharging: feeds the balance, removes 1/eta_d per MWh from the state.
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            let mut e = vec![(p.rows.balance.row(u.region, t), 1.0), (p.rows.storage.row(s, t), 1.0 / u.efficiency_discharge)];
            e.extend(p.rm.storage_power_entry(&p.rows, s, t, 1.0));
            e.extend(p.ex.power_decided(s).map(|c| (p.ex.rows.row(c, t, 1), 1.0)));
            lp.add_col(u.marginal_cost_usd_per_mwh, 0.0, u.p_max_mw + p.ex.power_extra(s), &e);
        }
    }
    // State of charge e_t: +1 in its own hour's row, -1 in the next hour's row
    // (the last hour wraps to the first when cyclic).
    for t in 0..l.hours {
        for (s, u) in st.iter().enumerate() {
            let mut e = vec![(p.rows.storage.row(s, t), 1.0)];
            if t + 1 < l.hours {
                e.push((p.rows.storage.row(s, t + 1), -1.0));
            } else if u.soc_initial_pu.is_none() {
                if l.hours == 1 {
                    e.clear(); // e_0 - e_0: the state is free but must be within [0, E]
                    e.push((p.rows.storage.row(s, 0), 0.0));
                } else {
                    e.push((p.rows.storage.row(s, 0), -1.0));
                }
            }
            // (RS2) The state at the end of hour t bounds the reserve of the next hour.
            e.extend(p.rm.storage_energy_entry(p.case, &p.rows, s, t));
            let decided = p.ex.energy_decided(s);
            e.extend(decided.map(|c| (p.ex.rows.row(c, t, 0), 1.0)));
            let energy = u.energy_mwh + p.ex.energy_given(s);
            let (lo, hi) = match (u.soc_final_pu, decided) {
                // (E4) The final state f (Ē + added) is a row when the LP decides the energy.
                (Some(_), Some(c)) if t + 1 == l.hours => {
                    e.push((p.ex.rows.final_row(c, l.hours), 1.0));
                    (0.0, energy + p.ex.energy_extra(s))
                }
                (Some(f), None) if t + 1 == l.hours => (f * energy, f * energy),
                _ => (0.0, u.energy_mwh + p.ex.energy_extra(s)),
            };
            lp.add_col(0.0, lo, hi, &e);
        }
    }
}

/// (E4, RS2) Entries of the capacity columns in rows outside their own (E) block:
/// a storage unit's added power relaxes its reserve power row (RS2); its added
/// energy moves a given initial state L (Ē + added) in the first (S1) row and the
/// first hour's reserve energy row (RS2). Per candidate, per MW (MWh) added.
fn capacity_coupling(p: &Prepared) -> Vec<Vec<(usize, f64)>> {
    let st = &p.case.network.storage;
    let mut out = vec![Vec::new(); p.ex.cands.len()];
    if !p.ex.decides() {
        return out;
    }
    for (c, cand) in p.ex.cands.iter().enumerate() {
        match cand.asset {
            crate::solution::Asset::StoragePower(s) => {
                for t in 0..p.layout.hours {
                    out[c].extend(p.rm.storage_power_entry(&p.rows, s, t, -1.0).map(|(r, _)| (r, -1.0)));
                }
            }
            crate::solution::Asset::StorageEnergy(s) => {
                if let Some(level) = st[s].soc_initial_pu {
                    out[c].push((p.rows.storage.row(s, 0), -level));
                    out[c].extend(p.rm.storage_initial_energy_row(&p.rows, s).map(|r| (r, -st[s].efficiency_discharge * level)));
                }
            }
            _ => {}
        }
    }
    out
}
