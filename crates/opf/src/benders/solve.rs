//! The Benders iterations (BD1–BD5) and the dispatch at the builds chosen.

use super::master::{Master, MasterRisk, MasterSolution};
use super::{window, Benders, BendersReport, BendersResult, Iteration, Scenario};
use crate::aggregate;
use crate::error::OpfError;
use crate::extract::set_hours_at_limit;
use crate::options::DispatchOptions;
use crate::solution::{BuildResult, ExpansionResults, SolveStats};
use crate::solution::{DispatchOutcome, SolveStatus};
use crate::stitch::{add_stats, copy_into, empty_solution};
use nagrid_model::Case;
use rayon::prelude::*;
use std::time::Instant;

/// Step towards the master's solution while the lower bound rises (in-out).
const STEP: f64 = 0.5;
/// The first step: the master then knows only the cuts at the first point, whose
/// straight lines overstate every build; a short step keeps the windows' re-solves
/// short (default case, full year: 0.1 took 42 s to re-solve the windows, 0.03
/// 20 s and one iteration more of 6 s, 0.01 14 s and no further iteration).
const FIRST_STEP: f64 = 0.01;
/// Iterations without a rising lower bound after which the step becomes 1.
const STALL: usize = 2;
/// The automatic absolute gap: this share of the smallest annualised build.
const AUTO_GAP_SHARE: f64 = 0.1;
/// The automatic absolute gap is at least this share of the upper bound (the
/// accuracy of the windows' optima).
const AUTO_GAP_FLOOR_REL: f64 = 1e-6;

/// Where the iterations stand.
struct Bounds {
    upper: f64,
    /// Best builds so far, in blocks and MW.
    best_blocks: Vec<f64>,
    best_mw: Vec<f64>,
    lower: f64,
}

impl Benders<'_> {
    /// Builds in MW of `blocks`.
    fn mw(&self, blocks: &[f64]) -> Vec<f64> {
        self.cands.iter().zip(blocks).map(|(c, b)| c.unit * b).collect()
    }

    /// The absolute gap asked for at builds `y` (MW) with upper bound `upper`, USD/year,
    /// and how it was chosen.
    fn abs_target(&self, y: &[f64], upper: f64) -> (f64, String) {
        if let Some(g) = self.opts.expansion.abs_gap_usd_per_year {
            return (g, "abs_gap_usd_per_year".into());
        }
        let built = self.cands.iter().zip(y).filter(|(_, &mw)| mw > 1e-6).map(|(c, mw)| c.exp.annualized_cost_usd_per_mw_year() * mw);
        let smallest = built.fold(f64::INFINITY, f64::min);
        let (base, what) = if smallest.is_finite() {
            (smallest, "the smallest annualised build")
        } else {
            let full = self.cands.iter().map(|c| c.block_cost_usd_per_year() * if c.integer { 1.0 } else { c.exp.max_added_mw });
            (full.fold(f64::INFINITY, f64::min), "the smallest candidate's full build (nothing built)")
        };
        let floor = AUTO_GAP_FLOOR_REL * upper.abs();
        if AUTO_GAP_SHARE * base < floor {
            (
                floor,
                format!(
                    "{AUTO_GAP_FLOOR_REL:e} × the upper bound: 10 % of {what} ({:.0} USD/year) is below the windows' accuracy",
                    AUTO_GAP_SHARE * base
                ),
            )
        } else if base.is_finite() {
            (AUTO_GAP_SHARE * base, format!("10 % of {what}"))
        } else {
            (floor, "no candidates".into())
        }
    }

    /// Solve the expansion problem; `progress` is called after every iteration.
    pub fn solve(&mut self, progress: &(dyn Fn(&Iteration) + Sync)) -> Result<BendersResult, OpfError> {
        let t0 = Instant::now();
        let n = self.cands.len();
        let zero = vec![0.0; n];
        let stopped = |status: SolveStatus, stats| BendersResult {
            status,
            builds_mw: Vec::new(),
            marginal_value_usd_per_mw_year: Vec::new(),
            near_optimal_mw: Vec::new(),
            report: BendersReport::empty(),
            evaluation: None,
            without_expansion: None,
            stats,
        };
        let p0 = match self.evaluate_at(&zero, true)? {
            Ok(p) => p,
            Err(status) => return Ok(stopped(status, self.stats.clone())),
        };
        let factor: Vec<f64> = self.windows.iter().map(|w| self.factor(w)).collect();
        let risk = MasterRisk {
            risk: self.risk(),
            scenario: self.windows.iter().map(|w| w.scenario).collect(),
            scale: self.windows.iter().map(|w| 8760.0 / self.scenarios[w.scenario].case.axis.hours as f64).collect(),
            weights: self.scenarios.iter().map(|s| s.weight).collect(),
        };
        let mut master =
            Master::new(&self.cands, factor, p0.evals.iter().map(|(e, _)| e.cost_usd).collect(), &self.opts.solver).with_risk(risk);
        for (k, (e, _)) in p0.evals.iter().enumerate() {
            master.add_cut(k, &e.at, e.cost_usd, &e.slope);
        }
        let without = self.summarise(&zero, &p0);
        let upper = without.risk_adjusted_operating_cost_usd_per_year;
        let mut b = Bounds { upper, best_blocks: zero.clone(), best_mw: zero.clone(), lower: f64::NEG_INFINITY };
        let mut history = vec![Iteration {
            iteration: 0,
            lower_bound_usd_per_year: None,
            upper_bound_usd_per_year: upper,
            gap_usd_per_year: None,
            gap_rel: None,
            step: 0.0,
            windows_solved: p0.solved,
            windows_reused: p0.reused,
            elapsed_s: t0.elapsed().as_secs_f64(),
        }];
        progress(&history[0]);
        let (mut solved, mut reused) = (p0.solved, p0.reused);
        let (mut stall, mut final_phase, mut nothing_new) = (0, n == 0, false);
        let rel = self.opts.expansion.mip_rel_gap;
        let met = |gap: f64, upper: f64, abs: f64| gap <= abs && gap <= rel * upper.abs();
        let mut end: Option<(Vec<f64>, usize, String, bool)> = None;
        for it in 1..=self.opts.expansion.max_iterations {
            let (abs, _) = self.abs_target(&b.best_mw, b.upper);
            let ms: MasterSolution = match master.solve(abs * 0.01)? {
                Ok(m) => m,
                Err(s) => return Ok(stopped(SolveStatus::from(s), self.stats.clone())),
            };
            let lower = ms.lower_bound.min(b.upper);
            // The lower bound stalls when it rises by less than 10 % of the gap, or when
            // the last point told the master nothing new (every window still optimal).
            let rising = lower > b.lower + 0.1 * (b.upper - b.lower) && !nothing_new;
            stall = if rising { 0 } else { stall + 1 };
            b.lower = b.lower.max(lower);
            let step = match () {
                _ if final_phase || stall >= STALL || nothing_new => 1.0,
                _ if it == 1 => FIRST_STEP,
                _ => STEP,
            };
            let blocks: Vec<f64> = (0..n)
                .map(|c| {
                    let v = b.best_blocks[c] + step * (ms.blocks[c] - b.best_blocks[c]);
                    if self.cands[c].integer {
                        v.round()
                    } else {
                        v
                    }
                })
                .collect();
            let at_master = blocks.iter().zip(&ms.blocks).all(|(a, m)| (a - m).abs() <= 1e-9 * m.abs().max(1.0));
            let y = self.mw(&blocks);
            let before = master.n_cuts();
            let p = match self.evaluate_at(&y, true)? {
                Ok(p) => p,
                Err(status) => return Ok(stopped(status, self.stats.clone())),
            };
            for (k, (e, was_reused)) in p.evals.iter().enumerate() {
                if !was_reused {
                    master.add_cut(k, &e.at, e.cost_usd, &e.slope);
                }
            }
            solved += p.solved;
            reused += p.reused;
            nothing_new = p.solved == 0;
            let total = self.capacity_cost(&y) + self.summarise(&y, &p).risk_adjusted_operating_cost_usd_per_year;
            if total < b.upper {
                (b.upper, b.best_blocks, b.best_mw) = (total, blocks.clone(), y.clone());
            }
            let gap = (b.upper - b.lower).max(0.0);
            history.push(Iteration {
                iteration: it,
                lower_bound_usd_per_year: Some(b.lower),
                upper_bound_usd_per_year: b.upper,
                gap_usd_per_year: Some(gap),
                gap_rel: Some(gap / b.upper.abs().max(1e-9)),
                step,
                windows_solved: p.solved,
                windows_reused: p.reused,
                elapsed_s: t0.elapsed().as_secs_f64(),
            });
            progress(&history[history.len() - 1]);
            // The target of the plan the master proposes: the stability centre mixes in
            // residues of earlier plans (halved at every step), whose tiny builds would
            // make the target tiny.
            let (abs, _) = self.abs_target(&self.mw(&ms.blocks), b.upper);
            if met(gap, b.upper, abs) {
                final_phase = true;
                if at_master && met((total - lower).max(0.0), total, abs) {
                    (b.upper, b.best_blocks, b.best_mw) = (total, blocks, y);
                    end = Some((ms.blocks, before, "gap reached at the master's solution".into(), true));
                    break;
                }
            }
            if t0.elapsed().as_secs_f64() > self.opts.solver.time_limit_s {
                end = Some((b.best_blocks.clone(), master.n_cuts(), "time limit ([solver] time_limit_s)".into(), false));
                break;
            }
        }
        let (value_blocks, n_cuts, reason, converged) =
            end.unwrap_or_else(|| (b.best_blocks.clone(), master.n_cuts(), "iteration limit ([expansion] max_iterations)".into(), false));
        let values = master.values(n_cuts, &value_blocks, false)?.unwrap_or_else(|| vec![f64::NAN; n]);
        let near_optimal_mw = self.near_optimal(&master, upper, &b)?;
        let best = b.best_mw.clone();
        // The windows' state must be the optimum at the builds chosen.
        let p = match self.evaluate_at(&best, true)? {
            Ok(p) => p,
            Err(status) => return Ok(stopped(status, self.stats.clone())),
        };
        let report = self.report(&b, history, (solved, reused), reason, converged);
        self.master = Some(master);
        Ok(BendersResult {
            status: SolveStatus::Optimal,
            evaluation: Some(self.summarise(&best, &p)),
            without_expansion: Some(without),
            builds_mw: best,
            marginal_value_usd_per_mw_year: values,
            near_optimal_mw,
            report,
            stats: self.stats.clone(),
        })
    }
}

impl Benders<'_> {
    /// (BD8) Each candidate's range of builds, MW (MWh), among the plans whose cost in
    /// the master is at most the best plan's plus `near_optimal_share` × its net
    /// saving (`without`: the cost with nothing built); empty when the share is 0.
    /// The master's cuts understate the windows' costs, so each range holds the true one.
    fn near_optimal(&self, master: &Master, without: f64, b: &Bounds) -> Result<Vec<Option<(f64, f64)>>, OpfError> {
        let share = self.opts.expansion.near_optimal_share;
        if share <= 0.0 {
            return Ok(Vec::new());
        }
        let limit = b.upper + share * (without - b.upper).max(0.0);
        // A candidate the plan chosen does not build has 0 as its fewest.
        let ranges: Vec<Result<Option<(f64, f64)>, OpfError>> =
            (0..self.cands.len()).into_par_iter().map(|c| master.range(c, limit, b.best_blocks[c] <= 0.0)).collect();
        ranges.into_iter().zip(&self.cands).map(|(r, cand)| Ok(r?.map(|(lo, hi)| (lo * cand.unit, hi * cand.unit)))).collect()
    }

    /// The dispatch of scenario `s` at builds `y` (MW per candidate), stitched from
    /// its windows (started from their last bases), with each build's value of one
    /// more MW `values` (USD/MW-year) and hours at its limit; identical units split
    /// again (AG1). Only that scenario's windows are solved again (BD6: the run
    /// folder holds one weather year's dispatch).
    pub fn dispatch_at(&mut self, s: usize, y: &[f64], values: &[f64]) -> Result<DispatchOutcome, OpfError> {
        let ks: Vec<usize> = (0..self.windows.len()).filter(|&k| self.windows[k].scenario == s).collect();
        let case = &self.scenarios[s].case;
        let mut full = empty_solution(case, &self.opts);
        let mut stats = SolveStats::default();
        // A few windows at a time, so that only those are held besides the whole.
        for chunk in ks.chunks(2 * rayon::current_num_threads().max(1)) {
            let solved: Vec<_> = chunk
                .par_iter()
                .map(|&k| {
                    let w = &self.windows[k];
                    window::solve(
                        case,
                        w,
                        &self.opts,
                        &self.cands,
                        y,
                        (self.bounds[k].as_ref(), self.states[k].basis.as_ref().map(window::Start::Window)),
                        true,
                    )
                })
                .collect();
            for (&k, r) in chunk.iter().zip(solved) {
                let solved = match r? {
                    Ok(x) => x,
                    Err(status) => return Ok(DispatchOutcome { status, solution: None, stats }),
                };
                add_stats(&mut stats, &solved.stats);
                let w = &self.windows[k];
                let sol = solved.solution.expect("kept");
                full.objective_usd += sol.objective_usd;
                copy_into(&mut full, &sol, w.start, w.hours);
            }
        }
        let share = case.axis.hours as f64 / 8760.0;
        let mut builds = ExpansionResults::for_case(case);
        for (c, cand) in self.cands.iter().enumerate() {
            let result = BuildResult {
                kind: cand.asset.kind(),
                id: cand.asset.id(case),
                built_mw: y[c],
                max_added_mw: cand.exp.max_added_mw,
                build_unit_mw: cand.integer.then_some(cand.unit),
                annualized_cost_usd_per_mw_year: cand.exp.annualized_cost_usd_per_mw_year(),
                cost_usd: cand.exp.annualized_cost_usd_per_mw_year() * y[c] * share,
                marginal_value_usd_per_mw_year: values[c],
                hours_at_limit: 0,
            };
            full.objective_usd += result.cost_usd;
            if let Some(slot) = builds.slot_mut(cand.asset) {
                *slot = Some(result);
            }
        }
        full.expansion = builds;
        set_hours_at_limit(case, &mut full);
        let p = &self.scenarios[s];
        let solution = match &p.merged {
            Some(m) => aggregate::split(m, p.original, full),
            None => full,
        };
        stats.windows = ks.len();
        Ok(DispatchOutcome { status: SolveStatus::Optimal, solution: Some(solution), stats })
    }
}

impl Benders<'_> {
    /// The report of iterations that ended at `b` for `reason`.
    fn report(
        &self,
        b: &Bounds,
        history: Vec<Iteration>,
        (solved, reused): (usize, usize),
        reason: String,
        converged: bool,
    ) -> BendersReport {
        let (abs, rule) = self.abs_target(&b.best_mw, b.upper);
        let gap = (b.upper - b.lower).max(0.0);
        BendersReport {
            iterations: history.len() - 1,
            lower_bound_usd_per_year: b.lower,
            upper_bound_usd_per_year: b.upper,
            gap_usd_per_year: gap,
            gap_rel: gap / b.upper.abs().max(1e-9),
            abs_gap_target_usd_per_year: abs,
            rel_gap_target: self.opts.expansion.mip_rel_gap,
            abs_gap_rule: rule,
            converged,
            stop_reason: reason,
            window_hours: self.opts.expansion.window_hours,
            windows: self.windows.len(),
            scenarios: self.scenarios.len(),
            windows_solved: solved,
            windows_reused: reused,
            boundaries_s: self.boundaries_s,
            history,
        }
    }
}

impl BendersReport {
    fn empty() -> Self {
        Self {
            iterations: 0,
            lower_bound_usd_per_year: f64::NAN,
            upper_bound_usd_per_year: f64::NAN,
            gap_usd_per_year: f64::NAN,
            gap_rel: f64::NAN,
            abs_gap_target_usd_per_year: f64::NAN,
            rel_gap_target: f64::NAN,
            abs_gap_rule: String::new(),
            converged: false,
            stop_reason: "a window has no optimum".into(),
            window_hours: 0,
            windows: 0,
            scenarios: 0,
            windows_solved: 0,
            windows_reused: 0,
            boundaries_s: 0.0,
            history: Vec::new(),
        }
    }
}

/// Expansion of `case` by Benders decomposition (one scenario), then its dispatch
/// with the builds chosen, like [`crate::dispatch`] with one LP: the outcome's
/// solution holds the builds and their values; its statistics add up every window
/// solve.
pub fn dispatch(case: &Case, opts: &DispatchOptions) -> Result<DispatchOutcome, OpfError> {
    let scenarios = [Scenario { name: case.name.clone(), weight: 1.0, case: case.clone() }];
    let mut b = Benders::new(&scenarios, opts)?;
    let r = b.solve(&|_| {})?;
    if r.status != SolveStatus::Optimal {
        return Ok(DispatchOutcome { status: r.status, solution: None, stats: r.stats });
    }
    b.dispatch_at(0, &r.builds_mw, &r.marginal_value_usd_per_mw_year)
}
