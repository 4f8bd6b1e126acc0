//! (BD2, BD3) The operational subproblems of Benders decomposition: consecutive
//! windows of a scenario's horizon, each the dispatch LP of its hours with every
//! capacity given (E1–E4 as bounds), storage held at a fixed level at the window
//! boundaries and monthly budgets prorated by hours.
//!
//! A window's optimum f_k(y) is convex and piecewise linear in the capacities y; the
//! duals of the bounds and rows the capacities move give its slope
//! (`extract::capacity_sensitivity`), hence an optimality cut.

use crate::builder::{build_dispatch_with, Capacities};
use crate::error::OpfError;
use crate::expansion::Candidate;
use crate::inputs::{hours_in_month, month_of_hour};
use crate::lp::Kept;
use crate::options::DispatchOptions;
use crate::solution::{Asset, DispatchSolution, SolveStatus};
use crate::warm::{Snapshot, WindowBasis};
use nagrid_model::Case;

/// Hours `start..start + hours` of scenario `scenario`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub scenario: usize,
    pub start: usize,
    pub hours: usize,
    /// First and last window of its scenario.
    pub first: bool,
    pub last: bool,
}

/// The windows of a horizon of `hours` cut every `len` hours.
pub(crate) fn windows(scenario: usize, hours: usize, len: usize) -> Vec<Window> {
    let len = len.max(1);
    let starts: Vec<usize> = (0..hours).step_by(len).collect();
    let n = starts.len();
    starts
        .into_iter()
        .enumerate()
        .map(|(k, start)| Window { scenario, start, hours: len.min(hours - start), first: k == 0, last: k + 1 == n })
        .collect()
}

/// (BD3) What a window is held to at its boundaries, set by the first pass.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Boundary {
    /// State of charge of each storage unit before the window's first hour, per unit.
    pub start_pu: Vec<f64>,
    /// ... and after its last hour (`None`: free).
    pub end_pu: Vec<Option<f64>>,
    /// Energy each hydro budget (H1) may use in the window, MWh (`None`: prorated by hours).
    pub budget_mwh: Vec<Option<f64>>,
}

/// (BD3) The case of window `w` of `case`, held to `boundary`. A window covering the
/// whole horizon is the case itself. Without a boundary every storage unit starts and
/// ends the window at the level L (its initial state, 50 % when cyclic) and budgets
/// are prorated by hours; flexible-load allowances (F1) always are (`Case::window`).
pub(crate) fn window_case(case: &Case, w: &Window, boundary: Option<&Boundary>) -> Case {
    let mut c = case.window(w.start, w.hours);
    if w.first && w.last {
        return c;
    }
    let Some(b) = boundary else {
        for u in &mut c.network.storage {
            let level = level(u);
            u.soc_initial_pu = Some(level);
            u.soc_final_pu = Some(level);
        }
        return c;
    };
    for (i, u) in c.network.storage.iter_mut().enumerate() {
        u.soc_initial_pu = Some(b.start_pu[i]);
        u.soc_final_pu = b.end_pu[i];
    }
    // The LP allows energy × inside ÷ hours of the month (H1, `budget_allowance_mwh`): aim at the target.
    let months = month_of_hour(&c);
    let energies: Vec<Option<f64>> = c
        .network
        .hydro_budgets
        .iter()
        .zip(&b.budget_mwh)
        .map(|(budget, e)| {
            let inside = months.iter().filter(|&&m| m == budget.month).count() as f64;
            e.filter(|_| inside > 0.0).map(|e| e.max(0.0) * hours_in_month(&c, &months, budget.month) / inside)
        })
        .collect();
    for (budget, e) in c.network.hydro_budgets.iter_mut().zip(energies) {
        if let Some(e) = e {
            budget.energy_mwh = e;
        }
    }
    c
}

/// (BD3) The level L a storage unit is held to where nothing else decides: its
/// initial state, 50 % when cyclic.
pub(crate) fn level(u: &nagrid_model::Storage) -> f64 {
    u.soc_initial_pu.unwrap_or(0.5)
}

/// What one solve of a window tells the master, at capacities `at` (MW or MWh per candidate).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Eval {
    pub at: Vec<f64>,
    /// Operating cost over the window, USD (the optimum without capacity cost).
    pub cost_usd: f64,
    /// Its derivative with respect to each capacity, USD per MW (MWh) over the window.
    pub slope: Vec<f64>,
    /// (BD5) The smallest addition of each candidate that keeps this dispatch feasible, MW.
    pub need: Vec<f64>,
    /// Unserved energy, MWh, and hours with unserved load in some region.
    pub unserved_mwh: f64,
    pub lol_hours: f64,
}

impl Eval {
    /// (BD5) Whether this optimum is still optimal at capacities `y`: every capacity
    /// that changed has a zero slope here (no bound or row it moves has a dual), its
    /// dispatch fits within the new capacity, and it is not a storage energy (whose
    /// boundary states move with it). The primal and dual solutions then stay
    /// feasible and complementary, so f_k(y) = f_k(at) with the same slope.
    pub fn still_optimal(&self, cands: &[Candidate], y: &[f64], hours: usize) -> bool {
        let tol = 1e-7 * hours as f64;
        cands.iter().enumerate().all(|(c, cand)| {
            (y[c] - self.at[c]).abs() <= 1e-9
                || !matches!(cand.asset, Asset::StorageEnergy(_)) && self.slope[c].abs() <= tol && self.need[c] <= y[c] + 1e-6
        })
    }
}

/// A window solved: what the master needs, its basis, and (when asked) its dispatch.
pub(crate) struct Solved {
    pub eval: Eval,
    pub basis: Option<WindowBasis>,
    pub solution: Option<DispatchSolution>,
    pub stats: crate::solution::SolveStats,
}

/// Where a window's simplex starts.
#[derive(Clone, Copy)]
pub(crate) enum Start<'a> {
    /// (WS1) A basis of this or a like window.
    Window(&'a WindowBasis),
    /// (WS5) The basis of a trajectory's window that overlaps this one.
    Inside(&'a Snapshot),
}

/// Solve window `w` of `case` at capacities `at`, held to `boundary`, from `start`;
/// the status when there is no optimum.
pub(crate) fn solve(
    case: &Case,
    w: &Window,
    opts: &DispatchOptions,
    cands: &[Candidate],
    at: &[f64],
    (boundary, start): (Option<&Boundary>, Option<Start>),
    keep_solution: bool,
) -> Result<Result<Solved, SolveStatus>, OpfError> {
    let wc = window_case(case, w, boundary);
    let model = build_dispatch_with(&wc, opts, Capacities::Given { mw: at.to_vec(), priced: false })?;
    let begin = match start {
        Some(Start::Window(b)) => b.carry(&model),
        Some(Start::Inside(x)) => x.restrict(&model, w.start),
        None => None,
    };
    let (out, basis) = model.solve_from(begin.as_ref())?;
    Ok(solved(&wc, w, cands, at, (out, basis), keep_solution))
}

/// (WS6) Solve window `w` of `case` at each capacities of `ys` in turn, held to
/// `boundary`: the first from `start` (WS1), each next one in the LP kept in HiGHS
/// with only the bounds that change, from the last one's basis. The status of each
/// without an optimum.
pub(crate) fn solve_many(
    case: &Case,
    w: &Window,
    opts: &DispatchOptions,
    cands: &[Candidate],
    ys: &[&[f64]],
    (boundary, start): (Option<&Boundary>, Option<&WindowBasis>),
) -> Result<Vec<Result<Solved, SolveStatus>>, OpfError> {
    let wc = window_case(case, w, boundary);
    let model_at = |at: &[f64]| build_dispatch_with(&wc, opts, Capacities::Given { mw: at.to_vec(), priced: false });
    let mut kept: Option<Kept> = None;
    let mut out = Vec::with_capacity(ys.len());
    for &at in ys {
        let again = match kept.as_mut() {
            Some(k) => model_at(at)?.resolve(k)?,
            None => None,
        };
        let result = match again {
            Some(r) => r,
            None => {
                let model = model_at(at)?;
                let begin = start.and_then(|b| b.carry(&model));
                let (o, basis, k) = model.solve_kept(begin.as_ref(), true)?;
                kept = k;
                (o, basis)
            }
        };
        out.push(solved(&wc, w, cands, at, result, false));
    }
    Ok(out)
}

/// What the master needs from the outcome of window `w` (its case `wc`) at capacities `at`.
fn solved(
    wc: &Case,
    w: &Window,
    cands: &[Candidate],
    at: &[f64],
    (out, basis): (crate::solution::DispatchOutcome, Option<WindowBasis>),
    keep_solution: bool,
) -> Result<Solved, SolveStatus> {
    let Some(sol) = out.solution else { return Err(out.status) };
    let share = w.hours as f64 / 8760.0;
    let slope = sol.expansion.assets().map(|(_, b)| -b.marginal_value_usd_per_mw_year * share).collect();
    let need = cands.iter().map(|c| need_mw(wc, &sol, c.asset)).collect();
    let load: Vec<f64> = (0..w.hours).map(|t| sol.unserved_mw.iter().map(|u| u[t]).sum()).collect();
    let eval = Eval {
        at: at.to_vec(),
        cost_usd: sol.objective_usd,
        slope,
        need,
        unserved_mwh: load.iter().sum(),
        lol_hours: load.iter().filter(|&&u| u > LOSS_OF_LOAD_MW).count() as f64,
    };
    Ok(Solved { eval, basis, solution: keep_solution.then_some(sol), stats: out.stats })
}

/// Unserved load above which an hour counts as a loss-of-load hour, MW.
pub const LOSS_OF_LOAD_MW: f64 = 1e-3;

/// (BD5) The smallest addition to `asset` under which `sol` (of the window case
/// `wc`) stays feasible, MW: its largest use beyond the existing capacity.
fn need_mw(wc: &Case, sol: &DispatchSolution, asset: Asset) -> f64 {
    let n = &wc.network;
    let h = wc.axis.hours;
    let most = |f: &dyn Fn(usize) -> f64| (0..h).map(f).fold(0.0f64, f64::max);
    match asset {
        Asset::Line(i) => {
            let l = &n.lines[i];
            most(&|t| (sol.line_flow_mw[i][t] - l.s_max_mw).max(-sol.line_flow_mw[i][t] - l.s_max_reverse_mw))
        }
        Asset::Link(i) => {
            let k = &n.links[i];
            most(&|t| (sol.link_forward_mw[i][t] - k.p_max_forward_mw).max(sol.link_reverse_mw[i][t] - k.p_max_reverse_mw))
        }
        Asset::Generator(g) => most(&|t| {
            let pi = wc.gen_availability_pu(g, t);
            let used = sol.gen_p_mw[g][t] + sol.gen_reserve_mw.get(g).map_or(0.0, |r| r[t]) - wc.gen_available_mw(g, t);
            if pi > 0.0 {
                used / pi
            } else {
                0.0
            }
        }),
        Asset::StoragePower(s) => {
            let u = &n.storage[s];
            most(&|t| {
                let (c, d) = (sol.storage_charge_mw[s][t], sol.storage_discharge_mw[s][t]);
                let r = sol.storage_reserve_mw.get(s).map_or(0.0, |r| r[t]);
                c.max(d).max(d - c + r) - u.p_max_mw
            })
        }
        Asset::StorageEnergy(s) => most(&|t| sol.storage_soc_mwh[s][t] - n.storage[s].energy_mwh),
    }
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_cover_the_horizon_once_in_order() {
        let w = windows(0, 400, 168);
        assert_eq!(
            w.iter().map(|w| (w.start, w.hours, w.first, w.last)).collect::<Vec<_>>(),
            [(0, 168, true, false), (168, 168, false, false), (336, 64, false, true)]
        );
        let one = windows(1, 4, 168);
        assert_eq!((one.len(), one[0].hours, one[0].first && one[0].last), (1, 4, true));
    }
}
