//! Driver of one LP over the whole horizon: with expansion, blocks (MIP) then
//! prices from the LP with the builds fixed; in the `dc` formulation, a few solves
//! with the susceptance of each expandable line scaled to its built capacity.

use crate::builder::{build_dispatch_with, Capacities};
use crate::error::OpfError;
use crate::options::DispatchOptions;
use crate::solution::{Asset, DispatchOutcome, SolveStatus};
use nagrid_model::{Case, Formulation};

/// Solve `case` as one LP (or MIP), with expansion when enabled.
pub(crate) fn solve_single(case: &Case, opts: &DispatchOptions) -> Result<DispatchOutcome, OpfError> {
    let ex = &opts.expansion;
    let dc_lines = ex.enabled && opts.model.formulation == Formulation::Dc && case.network.lines.iter().any(|l| l.expansion.is_some());
    if !dc_lines {
        return solve_once(case, opts);
    }
    // (E1, dc) Sequential linear approximation: a line's susceptance is proportional
    // to its capacity, b = b_ref (F̄ + added) / F_ref, with F_ref = F̄ (or the largest
    // addition for a new corridor, whose reactance is given for its full size).
    // Solve, rescale every expandable line's reactance to its built capacity, solve
    // again; corridors left unbuilt leave Kirchhoff's law (and the case) for the
    // following solves and are reported with nothing built.
    // `index[j]`: the line of `case` that line j of `current` is.
    let mut current = case.clone();
    let mut index: Vec<usize> = (0..case.network.lines.len()).collect();
    let mut out = solve_once(&current, opts)?;
    let mut dropped = Vec::new();
    for _ in 1..ex.dc_iterations.max(1) {
        let Some(sol) = &out.solution else { return Ok(out) };
        let mut next = case.clone();
        let mut keep = vec![true; next.network.lines.len()];
        for (j, b) in sol.expansion.lines.iter().enumerate() {
            let Some(b) = b else { continue };
            let i = index[j];
            let line = &mut next.network.lines[i];
            let reference = if line.s_max_mw > 0.0 { line.s_max_mw } else { b.max_added_mw };
            let capacity = line.s_max_mw + b.built_mw;
            if capacity <= 1e-6 {
                keep[i] = false;
                dropped.push((i, b.clone()));
            } else {
                line.x_pu *= reference / capacity;
            }
        }
        let mut k = 0;
        next.network.lines.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        let next_index: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
        // Stop when no capacity moved by more than 0.1 %.
        let changed = next.network.lines.len() != current.network.lines.len()
            || next.network.lines.iter().zip(&current.network.lines).any(|(a, b)| (a.x_pu / b.x_pu - 1.0).abs() > 1e-3);
        if !changed {
            break;
        }
        current = next;
        index = next_index;
        out = solve_once(&current, opts)?;
    }
    if let Some(sol) = &mut out.solution {
        realign_lines(case, &index, sol, &current);
        for (i, mut b) in dropped {
            b.built_mw = 0.0;
            b.cost_usd = 0.0;
            b.hours_at_limit = 0;
            if let Some(slot @ None) = sol.expansion.slot_mut(Asset::Line(i)) {
                *slot = Some(b);
            }
        }
    }
    Ok(out)
}

/// Whether blocks are decided by relax-and-round rather than branch and bound.
pub(crate) fn rounds(case: &Case, opts: &DispatchOptions) -> bool {
    let ex = &opts.expansion;
    match ex.blocks {
        nagrid_model::BlockMethod::Exact => false,
        nagrid_model::BlockMethod::RelaxAndRound => true,
        nagrid_model::BlockMethod::Auto => case.axis.hours > ex.exact_mip_max_hours,
    }
}

/// Put the per-line results of a solve of `current` (whose line j is line
/// `index[j]` of `case`) back in the order of `case`'s lines; dropped corridors
/// carry no flow and no reactance.
fn realign_lines(case: &Case, index: &[usize], sol: &mut crate::solution::DispatchSolution, current: &Case) {
    let n = case.network.lines.len();
    let h = case.axis.hours;
    let mut x_used = vec![None; n];
    let mut flows = vec![vec![0.0; h]; n];
    let mut duals = vec![vec![0.0; h]; n];
    let mut builds = vec![None; n];
    for (j, &i) in index.iter().enumerate() {
        x_used[i] = Some(current.network.lines[j].x_pu);
        flows[i] = std::mem::take(&mut sol.line_flow_mw[j]);
        duals[i] = std::mem::take(&mut sol.line_limit_dual_usd_per_mwh[j]);
        builds[i] = sol.expansion.lines[j].take();
    }
    sol.line_x_pu_used = x_used;
    sol.line_flow_mw = flows;
    sol.line_limit_dual_usd_per_mwh = duals;
    sol.expansion.lines = builds;
}

/// One solve; a MIP is re-solved as an LP with its blocks held, for prices and the
/// values of one more MW. Long horizons (`[expansion] blocks = "auto"`) use
/// relax-and-round instead of branch and bound: the LP relaxation, each block count
/// rounded to the nearest whole number, and the LP with those blocks; the reported
/// gap is the distance to the relaxation's bound, an upper bound of the true MIP gap.
fn solve_once(case: &Case, opts: &DispatchOptions) -> Result<DispatchOutcome, OpfError> {
    let ex = &opts.expansion;
    let round = rounds(case, opts);
    let has_blocks = ex.enabled && crate::expansion::candidates(case, ex).iter().any(|c| c.integer);
    let m = build_dispatch_with(case, opts, Capacities::Decide { relaxed: round })?;
    if !(m.is_mip() || round && has_blocks) {
        return m.solve();
    }
    let first = m.solve()?;
    let Some(sol) = &first.solution else { return Ok(first) };
    // Candidate order is the order of `ExpansionResults::iter`. Blocks are held at the
    // MIP's (or the rounded relaxation's) counts and the continuous builds decided
    // again, so that their values of one more MW agree with them.
    let blocks: Vec<Option<f64>> = sol
        .expansion
        .iter()
        .map(|b| {
            b.build_unit_mw.map(|u| {
                let n = b.built_mw / u;
                if round {
                    n.round().min((b.max_added_mw / u + 1e-9).floor())
                } else {
                    n.round()
                }
            })
        })
        .collect();
    let mut out = build_dispatch_with(case, opts, Capacities::Pinned { blocks })?.solve()?;
    out.stats.mip_gap = if round {
        out.solution.as_ref().map(|s| ((s.objective_usd - sol.objective_usd) / s.objective_usd.abs().max(1e-9)).max(0.0))
    } else {
        first.stats.mip_gap
    };
    out.stats.solve_s += first.stats.solve_s;
    out.stats.build_s += first.stats.build_s;
    if out.status != SolveStatus::Optimal {
        return Ok(DispatchOutcome { status: out.status, solution: None, stats: out.stats });
    }
    Ok(out)
}
