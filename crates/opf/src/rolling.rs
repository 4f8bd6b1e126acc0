//! Rolling-horizon dispatch: the horizon is cut into windows of `window_hours`,
//! each solved with `overlap_hours` of look-ahead, of which only the first
//! `window_hours` are kept.
//!
//! - In sequence (default): the state of charge at the end of each committed part is
//!   handed to the next window as its initial state, and each month's energy
//!   budget is shared out over the remaining hours of the month as it is used.
//!   Storage marked cyclic is cyclic within the first window, and the last window
//!   ends at the state the first one started from, so the year is cyclic as well.
//! - In parallel (`parallel_windows`): windows without look-ahead are made
//!   independent by fixing every storage's state at each window boundary to a
//!   level L (its `soc_initial_pu`, else 50 %) and prorating energy budgets by
//!   hours; the stitched solution is still feasible (continuous storage, budgets
//!   kept) but gives up shifting energy across window boundaries.
//!
//! The stitched solution's cost is recomputed from its primal values (O1).

use crate::builder::build_dispatch_with;
use crate::error::OpfError;
use crate::inputs::{budget_allowance_mwh, hours_in_month, month_of_hour};
use crate::options::DispatchOptions;
use crate::single::solve_single;
use crate::solution::{DispatchOutcome, DispatchSolution, ExpansionResults, SolveStats, SolveStatus};
use crate::verify::cost_usd;
use crate::warm::WindowBasis;
use nagrid_model::Case;
use rayon::prelude::*;

/// Windows as (start, committed hours, solved hours).
fn windows(hours: usize, window: usize, overlap: usize) -> Vec<(usize, usize, usize)> {
    let w = window.max(1);
    (0..hours).step_by(w).map(|s| (s, w.min(hours - s), (w + overlap).min(hours - s))).collect()
}

/// Dispatch `case` by rolling horizon (see the module documentation), calling
/// `progress(windows done, windows)` as it goes.
pub(crate) fn dispatch_rolling(
    case: &Case,
    opts: &DispatchOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DispatchOutcome, OpfError> {
    let cfg = &opts.solver;
    let overlap = if cfg.parallel_windows { 0 } else { cfg.overlap_hours };
    let wins = windows(case.axis.hours, cfg.window_hours, overlap);
    // Only the first window's LP is written (`write_lp`).
    let later = DispatchOptions { write_lp: None, ..opts.clone() };
    let window_opts = |k: usize| if k == 0 { opts } else { &later };
    let mut stats = SolveStats::default();
    let mut full = empty_solution(case, opts);
    let done = std::sync::atomic::AtomicUsize::new(0);
    if cfg.parallel_windows {
        let results: Vec<Result<DispatchOutcome, OpfError>> = wins
            .par_iter()
            .enumerate()
            .map(|(k, &(s, _, len))| {
                let mut w = case.window(s, len);
                for u in &mut w.network.storage {
                    let level = u.soc_initial_pu.unwrap_or(0.5);
                    u.soc_initial_pu = Some(level);
                    u.soc_final_pu = if s + len == case.axis.hours { u.soc_final_pu.or(Some(level)) } else { Some(level) };
                }
                let out = solve_single(&w, window_opts(k));
                progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, wins.len());
                out
            })
            .collect();
        for (&(s, commit, _), r) in wins.iter().zip(results) {
            let out = r?;
            add_stats(&mut stats, &out.stats);
            match out.solution {
                Some(sol) => copy_into(&mut full, &sol, s, commit),
                None => return Ok(DispatchOutcome { status: out.status, solution: None, stats }),
            }
        }
    } else if let Some(stopped) = in_sequence(case, &wins, &window_opts, progress, &mut stats, &mut full)? {
        return Ok(DispatchOutcome { status: stopped, solution: None, stats });
    }
    full.objective_usd = cost_usd(case, &full);
    Ok(DispatchOutcome { status: SolveStatus::Optimal, solution: Some(full), stats })
}

/// Windows one after the other, each starting where the last one's committed
/// hours ended; the status of the first window without a solution, if any.
fn in_sequence<'o>(
    case: &Case,
    wins: &[(usize, usize, usize)],
    window_opts: &dyn Fn(usize) -> &'o DispatchOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    stats: &mut SolveStats,
    full: &mut DispatchSolution,
) -> Result<Option<SolveStatus>, OpfError> {
    let n = &case.network;
    let month_of = month_of_hour(case);
    // Energy left per budget, over the horizon's hours of its month.
    let mut left: Vec<f64> = n.hydro_budgets.iter().map(|b| budget_allowance_mwh(case, &month_of, b.month, b.energy_mwh)).collect();
    let mut soc: Vec<Option<f64>> = n.storage.iter().map(|u| u.soc_initial_pu).collect();
    // Initial state of cyclic storage, fixed by the first window; the last
    // window must end there so the stitched year is cyclic too.
    let mut first_soc: Vec<f64> = vec![0.0; n.storage.len()];
    let last = wins.len() - 1;
    let mut basis: Option<WindowBasis> = None;
    for (k, &(s, commit, len)) in wins.iter().enumerate() {
        let mut w = case.window(s, len);
        for (i, u) in w.network.storage.iter_mut().enumerate() {
            u.soc_initial_pu = if k == 0 { n.storage[i].soc_initial_pu } else { soc[i] };
            if k == last && k > 0 && n.storage[i].soc_initial_pu.is_none() && n.storage[i].soc_final_pu.is_none() {
                u.soc_final_pu = Some(first_soc[i]);
            }
        }
        for (j, b) in w.network.hydro_budgets.iter_mut().enumerate() {
            let remaining_hours = month_of[s..].iter().filter(|&&m| m == b.month).count() as f64;
            let in_window = month_of[s..s + len].iter().filter(|&&m| m == b.month).count() as f64;
            if in_window > 0.0 {
                // The LP gives a window energy × in_window / hours_in_month; aim at
                // left × in_window / remaining_hours.
                b.energy_mwh = left[j].max(0.0) * hours_in_month(case, &month_of, b.month) / remaining_hours;
            }
        }
        // (WS1) Rolling windows never expand: one LP each, started from the last window's basis.
        let model = build_dispatch_with(&w, window_opts(k), None, false)?;
        let start = if window_opts(k).solver.warm_start { basis.as_ref().and_then(|b| b.carry(&model)) } else { None };
        let (out, next) = model.solve_from(start.as_ref())?;
        basis = next;
        progress(k + 1, wins.len());
        add_stats(stats, &out.stats);
        let Some(sol) = out.solution else {
            return Ok(Some(out.status));
        };
        if k == 0 {
            for (i, u) in n.storage.iter().enumerate() {
                first_soc[i] = if u.energy_mwh > 0.0 { (sol.storage_soc_initial_mwh[i] / u.energy_mwh).clamp(0.0, 1.0) } else { 0.0 };
            }
        }
        for (i, u) in n.storage.iter().enumerate() {
            soc[i] = Some(if u.energy_mwh > 0.0 { (sol.storage_soc_mwh[i][commit - 1] / u.energy_mwh).clamp(0.0, 1.0) } else { 0.0 });
        }
        for (j, b) in n.hydro_budgets.iter().enumerate() {
            left[j] -= (0..commit).filter(|&t| month_of[s + t] == b.month).map(|t| sol.gen_p_mw[b.generator][t]).sum::<f64>();
        }
        copy_into(full, &sol, s, commit);
    }
    Ok(None)
}

fn add_stats(a: &mut SolveStats, b: &SolveStats) {
    a.columns = a.columns.max(b.columns);
    a.rows = a.rows.max(b.rows);
    a.nonzeros = a.nonzeros.max(b.nonzeros);
    a.build_s += b.build_s;
    a.solve_s += b.solve_s;
    a.extract_s += b.extract_s;
    a.simplex_iterations += b.simplex_iterations;
    a.ipm_iterations += b.ipm_iterations;
    a.windows += 1;
    a.warm_starts += b.warm_starts;
}

fn empty_solution(case: &Case, opts: &DispatchOptions) -> DispatchSolution {
    let n = &case.network;
    let h = case.axis.hours;
    let z = |k: usize| vec![vec![0.0; h]; k];
    let dc = opts.model.formulation == nagrid_model::Formulation::Dc;
    DispatchSolution {
        objective_usd: 0.0,
        gen_p_mw: z(n.generators.len()),
        unserved_mw: z(n.regions.len()),
        storage_charge_mw: z(n.storage.len()),
        storage_discharge_mw: z(n.storage.len()),
        storage_soc_mwh: z(n.storage.len()),
        storage_soc_initial_mwh: vec![0.0; n.storage.len()],
        line_flow_mw: z(n.lines.len()),
        link_forward_mw: z(n.links.len()),
        link_reverse_mw: z(n.links.len()),
        price_usd_per_mwh: z(n.regions.len()),
        line_limit_dual_usd_per_mwh: z(n.lines.len()),
        link_forward_dual_usd_per_mwh: z(n.links.len()),
        link_reverse_dual_usd_per_mwh: z(n.links.len()),
        angle_deg: if dc { z(n.regions.len()) } else { Vec::new() },
        flex_curtailed_mw: z(n.flexible_loads.len()),
        expansion: ExpansionResults::empty(n.lines.len(), n.links.len(), n.generators.len()),
        line_x_pu_used: Vec::new(),
        gen_reserve_mw: z(n.generators.len()),
        storage_reserve_mw: z(n.storage.len()),
        reserve_price_usd_per_mwh: z(n.reserves.len()),
        reserve_shortage_mw: z(n.reserves.len()),
    }
}

fn copy_into(full: &mut DispatchSolution, w: &DispatchSolution, start: usize, commit: usize) {
    let cp = |dst: &mut Vec<Vec<f64>>, src: &Vec<Vec<f64>>| {
        for (d, s) in dst.iter_mut().zip(src) {
            d[start..start + commit].copy_from_slice(&s[..commit]);
        }
    };
    if start == 0 {
        full.storage_soc_initial_mwh.clone_from(&w.storage_soc_initial_mwh);
    }
    cp(&mut full.gen_p_mw, &w.gen_p_mw);
    cp(&mut full.unserved_mw, &w.unserved_mw);
    cp(&mut full.storage_charge_mw, &w.storage_charge_mw);
    cp(&mut full.storage_discharge_mw, &w.storage_discharge_mw);
    cp(&mut full.storage_soc_mwh, &w.storage_soc_mwh);
    cp(&mut full.line_flow_mw, &w.line_flow_mw);
    cp(&mut full.link_forward_mw, &w.link_forward_mw);
    cp(&mut full.link_reverse_mw, &w.link_reverse_mw);
    cp(&mut full.price_usd_per_mwh, &w.price_usd_per_mwh);
    cp(&mut full.line_limit_dual_usd_per_mwh, &w.line_limit_dual_usd_per_mwh);
    cp(&mut full.link_forward_dual_usd_per_mwh, &w.link_forward_dual_usd_per_mwh);
    cp(&mut full.link_reverse_dual_usd_per_mwh, &w.link_reverse_dual_usd_per_mwh);
    cp(&mut full.angle_deg, &w.angle_deg);
    cp(&mut full.flex_curtailed_mw, &w.flex_curtailed_mw);
    cp(&mut full.gen_reserve_mw, &w.gen_reserve_mw);
    cp(&mut full.storage_reserve_mw, &w.storage_reserve_mw);
    cp(&mut full.reserve_price_usd_per_mwh, &w.reserve_price_usd_per_mwh);
    cp(&mut full.reserve_shortage_mw, &w.reserve_shortage_mw);
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_cover_the_horizon_once() {
        let w = windows(400, 168, 24);
        assert_eq!(w, vec![(0, 168, 192), (168, 168, 192), (336, 64, 64)]);
        assert_eq!(w.iter().map(|x| x.1).sum::<usize>(), 400);
    }
}
