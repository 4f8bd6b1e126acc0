//! Capacity expansion by Benders decomposition (BD1–BD5 in docs/formulation.md).
//!
//! The investment master ([`master`]) chooses every candidate's build; the
//! operational subproblems ([`window`]) are the windows of one or more scenarios
//! (e.g. weather years, each with its own load and renewable series and a weight),
//! each a dispatch LP with the builds given. Their optima and slopes are the
//! optimality cuts of the master, one cost variable per window (multi-cut).
//!
//! - Iteration: solve the master (its optimum is a lower bound); evaluate the
//!   windows at a point between the best builds so far (the stability centre) and
//!   the master's solution (in-out stabilisation, BD4); add their cuts; the point's
//!   capacity cost plus the windows' operating costs, scaled to a year and weighted
//!   by scenario, is an upper bound when it is the best so far.
//! - Windows are solved in parallel on every core and combined in window order, so
//!   results do not depend on the number of cores; each starts from its own last
//!   optimal basis, and a window whose last optimum is still optimal at the new
//!   point is not solved again (BD5).
//! - Stop when the gap (upper − lower bound) is within `[expansion]
//!   abs_gap_usd_per_year` and `mip_rel_gap` × the upper bound, at a point the
//!   master chose (so that the value of one more MW from the master's cuts is
//!   consistent with the build, BD4), or at `max_iterations`.

mod first;
mod master;
mod remote;
mod risk;
mod solve;
mod window;

use crate::aggregate::{self, Merged};
use crate::error::OpfError;
use crate::expansion::{candidates, Candidate};
use crate::options::DispatchOptions;
use crate::solution::{Asset, AssetKind, SolveStats, SolveStatus};
use crate::stitch::add_stats;
use crate::warm::WindowBasis;
use nagrid_model::Case;
use rayon::prelude::*;
pub use remote::{WindowExecutor, WindowJob, WindowReply};
pub use risk::{cvar, Risk};
use serde::Serialize;
pub use solve::dispatch;
pub use window::LOSS_OF_LOAD_MW;
use window::{Boundary, Eval, Window};

/// The candidates of `case` under `opts`' expansion settings (whether or not
/// expansion is on), in the order of every vector of builds and of
/// `ExpansionResults::assets`.
pub fn candidates_of(case: &Case, opts: &DispatchOptions) -> Vec<CandidateInfo> {
    candidate_info(case, &candidates(case, &opts.expansion))
}

fn candidate_info(case: &Case, cands: &[Candidate]) -> Vec<CandidateInfo> {
    cands
        .iter()
        .map(|c| CandidateInfo {
            asset: c.asset,
            kind: c.asset.kind(),
            id: c.asset.id(case),
            existing_mw: c.asset.existing(case),
            max_added_mw: c.exp.max_added_mw,
            build_unit_mw: c.integer.then_some(c.unit),
            annualized_cost_usd_per_mw_year: c.exp.annualized_cost_usd_per_mw_year(),
        })
        .collect()
}

/// Whether [`dispatch`] expands `case` by Benders decomposition: `[expansion] method =
/// "benders"`, the `transport` formulation and a horizon longer than one window (one
/// window is the single LP).
pub fn applies(case: &Case, opts: &DispatchOptions) -> bool {
    opts.expansion.method == nagrid_model::ExpansionMethod::Benders
        && opts.model.formulation == nagrid_model::Formulation::Transport
        && case.axis.hours > opts.expansion.window_hours
}

/// One operational scenario (e.g. a weather year): a case with its own load and
/// renewable series, and its weight in the expected cost. Every scenario must have
/// the same candidates.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name shown in outputs.
    pub name: String,
    /// Weight (normalised over the scenarios).
    pub weight: f64,
    /// The case; its horizon is scaled to a year (× 8,760 / hours).
    pub case: Case,
}

/// One candidate of the expansion, as the master sees it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CandidateInfo {
    /// Asset kind.
    pub kind: AssetKind,
    /// Asset id.
    pub id: String,
    /// The asset in the case (generators and storage numbered as in the scenarios' cases).
    #[serde(skip)]
    pub asset: Asset,
    /// Capacity before expansion, MW (MWh for storage energy).
    pub existing_mw: f64,
    /// Largest addition, MW (MWh).
    pub max_added_mw: f64,
    /// Block size when built in whole blocks, MW.
    pub build_unit_mw: Option<f64>,
    /// Annualised cost, USD per MW (MWh) and year.
    pub annualized_cost_usd_per_mw_year: f64,
}

/// One iteration of the decomposition (progress and expansion.json).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Iteration {
    /// 0 for the first evaluation (nothing built), then one per master solve.
    pub iteration: usize,
    /// Lower bound, USD/year (none before the first master solve).
    pub lower_bound_usd_per_year: Option<f64>,
    /// Upper bound (best point so far), USD/year.
    pub upper_bound_usd_per_year: f64,
    /// Upper − lower bound, USD/year.
    pub gap_usd_per_year: Option<f64>,
    /// Gap ÷ upper bound.
    pub gap_rel: Option<f64>,
    /// Step from the stability centre towards the master's solution (in-out, BD4).
    pub step: f64,
    /// Windows solved.
    pub windows_solved: usize,
    /// Windows whose last optimum still held (BD5).
    pub windows_reused: usize,
    /// Seconds since the start.
    pub elapsed_s: f64,
}

/// How the decomposition ended.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct BendersReport {
    /// Master solves.
    pub iterations: usize,
    /// Best lower bound, USD/year.
    pub lower_bound_usd_per_year: f64,
    /// Cost of the builds chosen (annualised capacity + expected operation), USD/year.
    pub upper_bound_usd_per_year: f64,
    /// Upper − lower bound, USD/year.
    pub gap_usd_per_year: f64,
    /// Gap ÷ upper bound.
    pub gap_rel: f64,
    /// The absolute gap asked for (`abs_gap_usd_per_year`, or automatic), USD/year.
    pub abs_gap_target_usd_per_year: f64,
    /// The relative gap asked for (`mip_rel_gap`).
    pub rel_gap_target: f64,
    /// How the absolute target was chosen.
    pub abs_gap_rule: String,
    /// Whether both gaps were reached at a point the master chose.
    pub converged: bool,
    /// Why it stopped.
    pub stop_reason: String,
    /// Hours per window.
    pub window_hours: usize,
    /// Windows over every scenario.
    pub windows: usize,
    /// Scenarios.
    pub scenarios: usize,
    /// Window solves.
    pub windows_solved: usize,
    /// Reuses of a still-optimal window (BD5).
    pub windows_reused: usize,
    /// (BD3) Seconds of the rolling-horizon dispatches with nothing built that set the
    /// windows' boundaries, one per scenario (part of iteration 0's `elapsed_s`).
    pub boundaries_s: f64,
    /// Every iteration.
    pub history: Vec<Iteration>,
}

/// The expected operation of the system at some builds, scaled to a year.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// Expected operating cost, USD/year.
    pub operating_cost_usd_per_year: f64,
    /// The operating cost the expansion minimises (BD6): (1 − λ) × expected + λ ×
    /// CVaR_α over the scenarios; the expected cost when λ = 0, USD/year.
    pub risk_adjusted_operating_cost_usd_per_year: f64,
    /// Annualised cost of the builds, USD/year.
    pub capacity_cost_usd_per_year: f64,
    /// Expected unserved energy, MWh/year.
    pub unserved_mwh_per_year: f64,
    /// Expected hours with unserved load somewhere, per year (loss-of-load hours).
    pub loss_of_load_hours_per_year: f64,
    /// Per scenario: (operating cost USD/year, unserved MWh/year, loss-of-load hours/year).
    pub per_scenario: Vec<(f64, f64, f64)>,
}

impl Evaluation {
    /// An evaluation without scenarios: operating and capacity cost (USD/year),
    /// unserved energy (MWh/year) and loss-of-load hours per year.
    pub fn new(
        operating_cost_usd_per_year: f64,
        capacity_cost_usd_per_year: f64,
        unserved_mwh_per_year: f64,
        loss_of_load_hours_per_year: f64,
    ) -> Self {
        Self {
            operating_cost_usd_per_year,
            risk_adjusted_operating_cost_usd_per_year: operating_cost_usd_per_year,
            capacity_cost_usd_per_year,
            unserved_mwh_per_year,
            loss_of_load_hours_per_year,
            per_scenario: vec![(operating_cost_usd_per_year, unserved_mwh_per_year, loss_of_load_hours_per_year)],
        }
    }
}

/// Expansion results of `case` with builds `y` (MW, MWh) of `cands` and nothing else
/// known (for `with_builds`).
pub fn results_at(case: &Case, cands: &[CandidateInfo], y: &[f64]) -> crate::ExpansionResults {
    let mut out = crate::ExpansionResults::for_case(case);
    for (c, mw) in cands.iter().zip(y) {
        if let Some(slot) = out.slot_mut(c.asset) {
            *slot = Some(crate::BuildResult {
                kind: c.kind,
                id: c.id.clone(),
                built_mw: *mw,
                max_added_mw: c.max_added_mw,
                build_unit_mw: c.build_unit_mw,
                annualized_cost_usd_per_mw_year: c.annualized_cost_usd_per_mw_year,
                cost_usd: c.annualized_cost_usd_per_mw_year * mw * case.axis.hours as f64 / 8760.0,
                marginal_value_usd_per_mw_year: f64::NAN,
                hours_at_limit: 0,
            });
        }
    }
    out
}

/// The result of [`Benders::solve`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BendersResult {
    /// Optimal when every window had an optimum (also when the gap was not reached:
    /// see the report).
    pub status: SolveStatus,
    /// Builds per candidate, MW (MWh), in the order of [`Benders::candidates`].
    pub builds_mw: Vec<f64>,
    /// Value of one more MW (MWh) per candidate, USD/MW-year (BD4).
    pub marginal_value_usd_per_mw_year: Vec<f64>,
    /// (BD8) Per candidate, the fewest and most MW (MWh) among the plans within
    /// `[expansion] near_optimal_share` of the net saving (`None`: not computed).
    pub near_optimal_mw: Vec<Option<(f64, f64)>>,
    /// The iterations and bounds.
    pub report: BendersReport,
    /// The system at the builds.
    pub evaluation: Option<Evaluation>,
    /// The system without any build (the first evaluation), by the same windows.
    pub without_expansion: Option<Evaluation>,
    /// Solver statistics of every window solve.
    pub stats: SolveStats,
}

/// A scenario ready for the windows: its case with identical units merged (AG1).
struct Prepared<'a> {
    original: &'a Case,
    case: Case,
    merged: Option<Merged>,
    weight: f64,
}

/// The windows' state between evaluations: their last optimum and basis.
#[derive(Default)]
struct State {
    eval: Option<Eval>,
    basis: Option<WindowBasis>,
}

/// The decomposition of one expansion problem over one or more scenarios.
pub struct Benders<'a> {
    scenarios: Vec<Prepared<'a>>,
    opts: DispatchOptions,
    cands: Vec<Candidate>,
    windows: Vec<Window>,
    states: Vec<State>,
    /// (BD3) What each window is held to, from the first pass.
    bounds: Vec<Option<Boundary>>,
    stats: SolveStats,
    /// (BD3) Seconds spent on the rolling-horizon dispatches that set the boundaries.
    boundaries_s: f64,
    /// (BD7) Where the windows of later evaluations are solved (`None`: here, on every core).
    executor: Option<Box<dyn WindowExecutor>>,
    /// The master with every cut, once solved (for the values at other builds).
    master: Option<master::Master>,
    /// (WS8) The builds of each variant of the last [`Benders::evaluate_many`] asked to
    /// keep them, with the optimum and basis of every window solved for it.
    variants: Vec<(Vec<f64>, Vec<Option<State>>)>,
}

/// One evaluation of every window at a point.
struct Point {
    evals: Vec<(Eval, bool)>,
    solved: usize,
    reused: usize,
}

impl<'a> Benders<'a> {
    /// Prepare the windows of `scenarios` with the options' expansion settings
    /// (`[expansion] window_hours`); every scenario must have the same candidates.
    pub fn new(scenarios: &'a [Scenario], opts: &DispatchOptions) -> Result<Self, OpfError> {
        let Some(first) = scenarios.first() else { return Err(OpfError::Input("Benders needs at least one scenario".into())) };
        let total: f64 = scenarios.iter().map(|s| s.weight).sum();
        if !(total > 0.0 && scenarios.iter().all(|s| s.weight >= 0.0 && s.weight.is_finite())) {
            return Err(OpfError::Input("scenario weights must be ≥ 0 with a positive sum".into()));
        }
        let mut opts = opts.clone();
        opts.expansion.enabled = true;
        opts.write_lp = None;
        let ids = |c: &Case| candidates(c, &opts.expansion).iter().map(|k| (k.asset.kind(), k.asset.id(c))).collect::<Vec<_>>();
        let want = ids(&first.case);
        let mut prepared = Vec::new();
        let mut windows = Vec::new();
        for (i, s) in scenarios.iter().enumerate() {
            s.case.validate().map_err(|e| OpfError::Input(e.to_string().trim_end().to_string()))?;
            if ids(&s.case) != want {
                return Err(OpfError::Input(format!("scenario '{}' has other candidates than '{}'", s.name, first.name)));
            }
            let (case, merged) = match aggregate::merge(&s.case) {
                Some((c, m)) => (c, Some(m)),
                None => (s.case.clone(), None),
            };
            windows.extend(window::windows(i, case.axis.hours, opts.expansion.window_hours));
            prepared.push(Prepared { original: &s.case, case, merged, weight: s.weight / total });
        }
        let cands = candidates(&prepared[0].case, &opts.expansion);
        let states = windows.iter().map(|_| State::default()).collect();
        let bounds = vec![None; windows.len()];
        Ok(Self {
            scenarios: prepared,
            opts,
            cands,
            windows,
            states,
            variants: Vec::new(),
            bounds,
            stats: SolveStats::default(),
            boundaries_s: 0.0,
            executor: None,
            master: None,
        })
    }

    /// The candidates, in the order of every vector of builds.
    pub fn candidates(&self) -> Vec<CandidateInfo> {
        candidate_info(&self.scenarios[0].case, &self.cands)
    }

    /// Windows of the decomposition.
    pub fn n_windows(&self) -> usize {
        self.windows.len()
    }

    /// φ_k: the weight of window k's cost in the yearly expected cost.
    fn factor(&self, w: &Window) -> f64 {
        let s = &self.scenarios[w.scenario];
        s.weight * 8760.0 / s.case.axis.hours as f64
    }

    /// The risk measure over the scenarios (BD6): `[expansion] cvar_weight` and
    /// `cvar_alpha`; with one scenario CVaR is its cost, so the expected cost alone.
    pub fn risk(&self) -> Risk {
        let e = &self.opts.expansion;
        if self.scenarios.len() < 2 {
            return Risk::NEUTRAL;
        }
        Risk { weight: e.cvar_weight, alpha: e.cvar_alpha }
    }

    /// Annualised cost of builds `y`, USD/year.
    fn capacity_cost(&self, y: &[f64]) -> f64 {
        self.cands.iter().zip(y).map(|(c, mw)| c.exp.annualized_cost_usd_per_mw_year() * mw).sum()
    }

    /// Solve every window at builds `y` (MW), reusing still-optimal ones (BD5); the
    /// first pass solves groups of windows in sequence (WS1). With `update` the
    /// windows keep the new optima and bases.
    fn evaluate_at(&mut self, y: &[f64], update: bool) -> Result<Result<Point, SolveStatus>, OpfError> {
        type Out = Result<Result<(Eval, Option<WindowBasis>, SolveStats, bool), SolveStatus>, OpfError>;
        let results: Vec<Out> = if self.states.iter().all(|s| s.eval.is_none()) {
            // (BD3) The first pass sets every window's boundary.
            match self.first_pass(y)? {
                Ok(v) => v.into_iter().map(|(eval, basis, stats)| Ok(Ok((eval, basis, stats, false)))).collect(),
                Err(status) => return Ok(Err(status)),
            }
        } else if let Some(executor) = self.executor.as_deref() {
            // (BD7) The windows that need a solve go to the executor; reuses stay here.
            let reused: Vec<Option<Eval>> = (0..self.windows.len())
                .map(|k| self.states[k].eval.as_ref().filter(|e| e.still_optimal(&self.cands, y, self.windows[k].hours)).cloned())
                .collect();
            let jobs = (0..self.windows.len()).filter(|&k| reused[k].is_none()).map(|k| self.job(k, y)).collect();
            let mut replies = remote::run_remote(executor, jobs)?.into_iter();
            reused
                .into_iter()
                .map(|r| -> Out {
                    match r {
                        Some(e) => Ok(Ok((e, None, SolveStats::default(), true))),
                        None => Ok(replies.next().expect("one reply per job").map(|s| (s.eval, s.basis, s.stats, false))),
                    }
                })
                .collect()
        } else {
            let (cands, opts, windows, states, scenarios, bounds) =
                (&self.cands, &self.opts, &self.windows, &self.states, &self.scenarios, &self.bounds);
            (0..windows.len())
                .into_par_iter()
                .map(|k| -> Out {
                    let w = &windows[k];
                    if let Some(e) = states[k].eval.as_ref().filter(|e| e.still_optimal(cands, y, w.hours)) {
                        return Ok(Ok((e.clone(), None, SolveStats::default(), true)));
                    }
                    let start = (bounds[k].as_ref(), states[k].basis.as_ref().map(window::Start::Window));
                    let solved = window::solve(&scenarios[w.scenario].case, w, opts, cands, y, start, false)?;
                    Ok(solved.map(|s| (s.eval, s.basis, s.stats, false)))
                })
                .collect()
        };
        let mut point = Point { evals: Vec::with_capacity(results.len()), solved: 0, reused: 0 };
        for (k, r) in results.into_iter().enumerate() {
            let (eval, basis, stats, reused) = match r? {
                Ok(x) => x,
                Err(status) => return Ok(Err(status)),
            };
            if reused {
                point.reused += 1;
            } else {
                point.solved += 1;
                add_stats(&mut self.stats, &stats);
            }
            if update && !reused {
                self.states[k].basis = basis;
                self.states[k].eval = Some(eval.clone());
            }
            point.evals.push((eval, reused));
        }
        Ok(Ok(point))
    }

    /// The expected system at builds `y` from a point's window evaluations.
    fn summarise(&self, y: &[f64], point: &Point) -> Evaluation {
        let mut per = vec![(0.0, 0.0, 0.0); self.scenarios.len()];
        for (w, (e, _)) in self.windows.iter().zip(&point.evals) {
            let scale = 8760.0 / self.scenarios[w.scenario].case.axis.hours as f64;
            let p = &mut per[w.scenario];
            p.0 += e.cost_usd * scale;
            p.1 += e.unserved_mwh * scale;
            p.2 += e.lol_hours * scale;
        }
        let weighted = |f: fn(&(f64, f64, f64)) -> f64| self.scenarios.iter().zip(&per).map(|(s, p)| s.weight * f(p)).sum::<f64>();
        let weights: Vec<f64> = self.scenarios.iter().map(|s| s.weight).collect();
        let costs: Vec<f64> = per.iter().map(|p| p.0).collect();
        Evaluation {
            operating_cost_usd_per_year: weighted(|p| p.0),
            risk_adjusted_operating_cost_usd_per_year: self.risk().objective(&weights, &costs),
            capacity_cost_usd_per_year: self.capacity_cost(y),
            unserved_mwh_per_year: weighted(|p| p.1),
            loss_of_load_hours_per_year: weighted(|p| p.2),
            per_scenario: per,
        }
    }

    /// The expected system at builds `y` (MW per candidate), every window solved
    /// from the bases of the last solution (which stay as they are): e.g. the
    /// system without one of the builds.
    pub fn evaluate(&mut self, y: &[f64]) -> Result<Result<Evaluation, SolveStatus>, OpfError> {
        Ok(self.evaluate_at(y, false)?.map(|p| self.summarise(y, &p)))
    }

    /// The expected system at each of the builds `ys` (e.g. without each build in
    /// turn), every window solving the ones its last optimum does not settle one after
    /// the other in one LP kept in HiGHS (WS6), from the basis of the last solution
    /// (which stays as it is): the same evaluations as [`Benders::evaluate`] one by one.
    /// With `keep` (WS8), each variant's window optima and bases are kept until the
    /// next such call, for [`Benders::adopt`].
    pub fn evaluate_many(&mut self, ys: &[Vec<f64>], keep: bool) -> Result<Vec<Result<Evaluation, SolveStatus>>, OpfError> {
        self.variants.clear();
        if self.executor.is_some() || (ys.len() < 2 && !keep) {
            return ys.iter().map(|y| self.evaluate(y)).collect();
        }
        type PerWindow = Vec<Result<(Eval, bool, SolveStats, Option<WindowBasis>), SolveStatus>>;
        let (cands, opts, windows, states, scenarios, bounds) =
            (&self.cands, &self.opts, &self.windows, &self.states, &self.scenarios, &self.bounds);
        let per_window: Vec<Result<PerWindow, OpfError>> = (0..windows.len())
            .into_par_iter()
            .map(|k| {
                let w = &windows[k];
                let reuse: Vec<Option<&Eval>> =
                    ys.iter().map(|y| states[k].eval.as_ref().filter(|e| e.still_optimal(cands, y, w.hours))).collect();
                let need: Vec<&[f64]> = ys.iter().zip(&reuse).filter(|(_, r)| r.is_none()).map(|(y, _)| y.as_slice()).collect();
                let solved = if need.is_empty() {
                    Vec::new()
                } else {
                    let start = (bounds[k].as_ref(), states[k].basis.as_ref());
                    window::solve_many(&scenarios[w.scenario].case, w, opts, cands, &need, start)?
                };
                let mut solved = solved.into_iter();
                Ok(reuse
                    .into_iter()
                    .map(|r| match r {
                        Some(e) => Ok((e.clone(), true, SolveStats::default(), None)),
                        None => solved
                            .next()
                            .expect("one solve per variant not reused")
                            .map(|s| (s.eval, false, s.stats, s.basis.filter(|_| keep))),
                    })
                    .collect())
            })
            .collect();
        let mut points: Vec<Result<Point, SolveStatus>> =
            ys.iter().map(|_| Ok(Point { evals: Vec::with_capacity(windows.len()), solved: 0, reused: 0 })).collect();
        let mut kept: Vec<Vec<Option<State>>> = ys.iter().map(|_| Vec::with_capacity(if keep { windows.len() } else { 0 })).collect();
        for r in per_window {
            for (v, x) in r?.into_iter().enumerate() {
                let Ok(p) = points[v].as_mut() else { continue };
                match x {
                    Ok((eval, reused, stats, basis)) => {
                        if reused {
                            p.reused += 1;
                        } else {
                            p.solved += 1;
                            add_stats(&mut self.stats, &stats);
                        }
                        if keep {
                            kept[v].push((!reused).then(|| State { eval: Some(eval.clone()), basis }));
                        }
                        p.evals.push((eval, reused));
                    }
                    Err(status) => points[v] = Err(status),
                }
            }
        }
        if keep {
            self.variants = ys.iter().cloned().zip(kept).filter(|(_, k)| k.len() == windows.len()).collect();
        }
        // (BD9) Every window solved is a cut for the master: its lower bound can only rise.
        if let Some(m) = self.master.as_mut() {
            for p in points.iter().flatten() {
                for (k, (e, reused)) in p.evals.iter().enumerate() {
                    if !reused {
                        m.add_cut(k, &e.at, e.cost_usd, &e.slope);
                    }
                }
            }
        }
        Ok(ys.iter().zip(points).map(|(y, p)| p.map(|p| self.summarise(y, &p))).collect())
    }

    /// (WS8) Make builds `y` the windows' state, as if the last evaluation had been
    /// at `y`, when the last [`Benders::evaluate_many`] kept that variant: each window
    /// solved for it takes that optimum and basis (a window whose optimum was still
    /// optimal keeps it). Later evaluations near `y` (each build left out in turn) and
    /// the dispatch at `y` then start from the optimal bases there. Whether it was kept;
    /// the kept variants are dropped either way.
    pub fn adopt(&mut self, y: &[f64]) -> bool {
        let variants = std::mem::take(&mut self.variants);
        let Some((_, states)) = variants.into_iter().find(|(v, _)| v.as_slice() == y) else { return false };
        for (k, st) in states.into_iter().enumerate() {
            if let Some(st) = st {
                self.states[k] = st;
            }
        }
        true
    }

    /// (BD4, BD9) The value of one more MW (MWh) of each candidate at exactly builds `y`
    /// (MW per candidate; every build fixed), USD/MW-year, from the master's cuts after
    /// [`Benders::solve`]; NaN before, or when the master has no optimum there.
    pub fn values_at(&self, y: &[f64]) -> Result<Vec<f64>, OpfError> {
        let nan = vec![f64::NAN; self.cands.len()];
        let Some(m) = &self.master else { return Ok(nan) };
        let blocks: Vec<f64> = self.cands.iter().zip(y).map(|(c, mw)| if c.integer { (mw / c.unit).round() } else { *mw }).collect();
        Ok(m.values(m.n_cuts(), &blocks, true)?.unwrap_or(nan))
    }

    /// (BD9) The master's estimate of the cost of builds `y` (MW per candidate),
    /// USD/year, after [`Benders::solve`]: capital plus the operating objective, at most
    /// the true cost; `None` before, or when the master has no optimum there.
    pub fn cost_estimate(&self, y: &[f64]) -> Result<Option<f64>, OpfError> {
        let Some(m) = &self.master else { return Ok(None) };
        let blocks: Vec<f64> = self.cands.iter().zip(y).map(|(c, mw)| if c.integer { (mw / c.unit).round() } else { *mw }).collect();
        m.cost_at(&blocks)
    }

    /// (BD9) The master's lower bound with every cut so far (its MIP within `abs_gap`
    /// USD/year), after [`Benders::solve`]; `None` before or without an optimum.
    pub fn lower_bound(&self, abs_gap: f64) -> Result<Option<f64>, OpfError> {
        let Some(m) = &self.master else { return Ok(None) };
        Ok(m.solve(abs_gap)?.ok().map(|s| s.lower_bound))
    }

    /// Solver statistics of every window solve so far.
    pub fn stats(&self) -> &SolveStats {
        &self.stats
    }
}
