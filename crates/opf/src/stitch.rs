//! Stitching: a horizon's solution from the solutions of its windows (rolling
//! horizon, Benders subproblems), and their solver statistics added up.

use crate::options::DispatchOptions;
use crate::solution::{DispatchSolution, ExpansionResults, SolveStats};
use nagrid_model::Case;

/// Add the statistics of one window's LP `b` to `a`.
pub(crate) fn add_stats(a: &mut SolveStats, b: &SolveStats) {
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
    a.first_pass_solve_s += b.first_pass_solve_s;
    a.first_pass_periods = a.first_pass_periods.max(b.first_pass_periods);
}

/// A solution of `case` with every series zero, to copy windows into.
pub(crate) fn empty_solution(case: &Case, opts: &DispatchOptions) -> DispatchSolution {
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
        expansion: ExpansionResults::for_case(case),
        line_x_pu_used: Vec::new(),
        gen_reserve_mw: z(n.generators.len()),
        storage_reserve_mw: z(n.storage.len()),
        reserve_price_usd_per_mwh: z(n.reserves.len()),
        reserve_shortage_mw: z(n.reserves.len()),
    }
}

/// Copy the first `commit` hours of window solution `w` into `full` from hour `start`.
pub(crate) fn copy_into(full: &mut DispatchSolution, w: &DispatchSolution, start: usize, commit: usize) {
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
