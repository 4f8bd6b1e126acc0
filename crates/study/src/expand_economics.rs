//! The economics of `nagrid expand`: the builds and their values from Benders or
//! one LP, the system without expansion, and each built asset left out in turn by
//! the same method (production-cost saving, benefit-cost ratio, reliability value).
//!
//! Consistency (docs/outputs.md, expansion): every cost comes from one method; a
//! built asset's saving is at least its annualised cost less the optimality gap, so
//! its benefit-cost ratio is at least 1 within the gap; a ratio below that is
//! explained in `benefit_cost_note`.

use crate::progress::Progress;
use crate::StudyError;
use nagrid_model::Case;
use nagrid_opf::benders::{Benders, BendersReport, CandidateInfo, Evaluation};
use nagrid_opf::{Asset, BuildResult, DispatchOptions, DispatchOutcome, DispatchSolution, SolveStatus};

/// One row of `upgrades.csv`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Upgrade {
    /// Asset.
    pub build: BuildResult,
    /// Existing capacity, MW (MWh for storage energy).
    pub existing_mw: f64,
    /// From / to region (lines and links) or region (generators, storage).
    pub from: String,
    /// To region (empty for generators and storage).
    pub to: String,
    /// Annualised cost of the build, USD/year.
    pub annualized_cost_usd_per_year: f64,
    /// Production-cost saving of the build given the other builds, USD/year.
    pub production_cost_savings_usd_per_year: f64,
    /// Savings ÷ annualised cost (NaN when nothing is built).
    pub benefit_cost_ratio: f64,
    /// Why a built asset's ratio is below 1, if it is (empty otherwise).
    pub benefit_cost_note: String,
    /// Expected unserved energy without this build (the others kept) minus with it, MWh/year.
    pub eue_reduction_mwh_per_year: f64,
    /// Loss-of-load hours without this build minus with it, hours/year.
    pub lolh_reduction_hours_per_year: f64,
    /// The unserved power it avoids on average in the loss-of-load hours without it,
    /// MW: `eue_reduction_mwh_per_year` ÷ the loss-of-load hours per year without it
    /// (0 when there are none).
    pub capacity_value_mw: f64,
    /// (BD8, Benders) The fewest and the most MW (MWh) of this asset among the plans
    /// whose cost is within `[expansion] near_optimal_share` of the net saving of the
    /// optimum; NaN when not computed (one LP, or the share is 0).
    pub near_optimal_min_mw: f64,
    /// See `near_optimal_min_mw`.
    pub near_optimal_max_mw: f64,
    /// Per weather year (`[expansion] weather_years`; empty without): the saving and
    /// the reliability value of this build in that year.
    pub by_weather_year: Vec<YearValue>,
}

/// The value of one build in one weather year (the other builds kept).
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearValue {
    /// The weather year.
    pub weather_year: i32,
    /// Operating cost without the build minus with it, USD/year.
    pub production_cost_savings_usd_per_year: f64,
    /// Unserved energy without the build minus with it, MWh/year.
    pub eue_reduction_mwh_per_year: f64,
    /// Loss-of-load hours without the build minus with it, per year.
    pub lolh_reduction_hours_per_year: f64,
}

/// How the expansion is solved.
pub(crate) enum Engine<'a> {
    /// Benders decomposition over windows (BD1–BD5).
    Benders(Box<Benders<'a>>),
    /// One LP or MIP over the horizon; the system at other builds by the case's own dispatch.
    Single,
}

/// The builds chosen and the system with and without them.
pub(crate) struct Decision {
    pub candidates: Vec<CandidateInfo>,
    /// Per candidate, MW (MWh).
    pub builds_mw: Vec<f64>,
    /// Value of one more MW per candidate, USD/MW-year.
    pub values: Vec<f64>,
    pub with: Evaluation,
    pub without: Evaluation,
    /// The optimality gap of the builds, USD/year.
    pub gap_usd_per_year: f64,
    pub mip_gap: Option<f64>,
    pub report: Option<BendersReport>,
    /// (BD8) Per candidate, its range of builds among the near-optimal plans (Benders;
    /// empty when not computed).
    pub near_optimal_mw: Vec<Option<(f64, f64)>>,
    /// One LP: its solution (the run folder's dispatch).
    pub single: Option<DispatchOutcome>,
    /// (BD9) The builds left out of the converged plan, by candidate, in the order left out.
    pub pruned: Vec<(usize, Pruned)>,
}

/// (BD9) A build of the converged plan left out because its net saving could not be
/// told from zero: the plan without it is still within the optimality target.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Pruned {
    /// Asset id.
    pub id: String,
    /// What the converged plan built, MW (MWh).
    pub built_mw: f64,
    /// Its saving less its annualised cost in the plan it was left out of, USD/year.
    pub net_saving_usd_per_year: f64,
    /// Cost of the plan without it above the lower bound, USD/year.
    pub above_lower_bound_usd_per_year: f64,
    /// The optimality target it is within, USD/year.
    pub target_usd_per_year: f64,
}

/// A decision, or the solve that stopped without one.
pub(crate) enum Outcome {
    Decided(Box<Decision>),
    Stopped(Box<DispatchOutcome>),
}

/// Expected operation at builds `y`, by the case's own dispatch (its decomposition),
/// scaled to a year.
fn evaluate_single(case: &Case, cands: &[CandidateInfo], y: &[f64]) -> Result<Option<Evaluation>, StudyError> {
    let fixed = nagrid_opf::with_builds(case, &nagrid_opf::benders::results_at(case, cands, y), None);
    let out = nagrid_opf::dispatch(&fixed, &DispatchOptions::from_settings(&fixed.settings))?;
    let Some(s) = out.solution else { return Ok(None) };
    let f = 8760.0 / case.axis.hours as f64;
    let short: Vec<f64> = (0..case.axis.hours).map(|t| s.unserved_mw.iter().map(|u| u[t]).sum()).collect();
    let capacity: f64 = cands.iter().zip(y).map(|(c, y)| c.annualized_cost_usd_per_mw_year * y).sum();
    Ok(Some(Evaluation::new(
        s.objective_usd * f,
        capacity,
        short.iter().sum::<f64>() * f,
        short.iter().filter(|&&u| u > nagrid_opf::benders::LOSS_OF_LOAD_MW).count() as f64 * f,
    )))
}

/// The builds by Benders decomposition, with its iterations on standard error.
pub(crate) fn decide_benders(b: &mut Benders, progress: &Progress) -> Result<Outcome, StudyError> {
    let note = |it: &nagrid_opf::benders::Iteration| {
        let m = |v: f64| v / 1e6;
        match (it.lower_bound_usd_per_year, it.gap_usd_per_year, it.gap_rel) {
            (Some(lo), Some(gap), Some(rel)) => progress.note(format!(
                "Benders {:>3}: lower {:.2} M, upper {:.2} M USD/year, gap {:.3} M USD/year ({rel:.1e}), step {:.2}, {} windows solved, {} still optimal, {:.0} s",
                it.iteration,
                m(lo),
                m(it.upper_bound_usd_per_year),
                m(gap),
                it.step,
                it.windows_solved,
                it.windows_reused,
                it.elapsed_s
            )),
            _ => progress.note(format!(
                "Benders   0: nothing built, {:.2} M USD/year, {} windows solved, {:.0} s",
                m(it.upper_bound_usd_per_year),
                it.windows_solved,
                it.elapsed_s
            )),
        }
    };
    let r = b.solve(&note)?;
    let (Some(with), Some(without)) = (r.evaluation.clone(), r.without_expansion.clone()) else {
        return Ok(Outcome::Stopped(Box::new(DispatchOutcome::stopped(r.status, r.stats))));
    };
    if !r.report.converged {
        progress.note(format!(
            "warning: Benders stopped ({}) with a gap of {:.3} M USD/year, above the target {:.3} M USD/year",
            r.report.stop_reason,
            r.report.gap_usd_per_year / 1e6,
            r.report.abs_gap_target_usd_per_year / 1e6
        ));
    }
    Ok(Outcome::Decided(Box::new(Decision {
        candidates: b.candidates(),
        gap_usd_per_year: r.report.gap_usd_per_year,
        builds_mw: r.builds_mw,
        values: r.marginal_value_usd_per_mw_year,
        near_optimal_mw: r.near_optimal_mw,
        with,
        without,
        mip_gap: None,
        report: Some(r.report),
        single: None,
        pruned: Vec::new(),
    })))
}

/// The builds by one LP or MIP; the system with and without them by the case's own dispatch.
pub(crate) fn decide_single(case: &Case, dopts: &DispatchOptions) -> Result<Outcome, StudyError> {
    let out = nagrid_opf::dispatch_single(case, dopts)?;
    let Some(sol) = &out.solution else { return Ok(Outcome::Stopped(Box::new(out))) };
    let candidates = nagrid_opf::benders::candidates_of(case, dopts);
    let builds_mw: Vec<f64> = sol.expansion.iter().map(|b| b.built_mw).collect();
    let values = sol.expansion.iter().map(|b| b.marginal_value_usd_per_mw_year).collect();
    let zero = vec![0.0; builds_mw.len()];
    let (Some(with), Some(without)) = (evaluate_single(case, &candidates, &builds_mw)?, evaluate_single(case, &candidates, &zero)?) else {
        return Ok(Outcome::Stopped(Box::new(DispatchOutcome::stopped(
            SolveStatus::Error("the dispatch with the builds fixed failed".into()),
            out.stats,
        ))));
    };
    // The MIP's gap (relative to its objective over the horizon), scaled to a year.
    let gap = out.stats.mip_gap.map_or(0.0, |g| g * sol.objective_usd.abs() * 8760.0 / case.axis.hours as f64);
    Ok(Outcome::Decided(Box::new(Decision {
        candidates,
        builds_mw,
        values,
        with,
        without,
        gap_usd_per_year: gap,
        mip_gap: out.stats.mip_gap,
        report: None,
        near_optimal_mw: Vec::new(),
        single: Some(out.clone()),
        pruned: Vec::new(),
    })))
}

/// The dispatch written to the run folder: Benders' windows stitched at the builds,
/// or the single LP's own solution.
pub(crate) fn final_dispatch(engine: &mut Engine, d: &mut Decision) -> Result<DispatchOutcome, StudyError> {
    match engine {
        Engine::Benders(b) => {
            let mut out = b.dispatch_at(0, &d.builds_mw, &d.values)?;
            // run.json's solver statistics: every window solve of the decomposition too.
            let all = b.stats();
            let s = &mut out.stats;
            (s.build_s, s.solve_s, s.extract_s) = (s.build_s + all.build_s, s.solve_s + all.solve_s, s.extract_s + all.extract_s);
            s.simplex_iterations += all.simplex_iterations;
            s.warm_starts += all.warm_starts;
            s.windows += all.windows;
            Ok(out)
        }
        Engine::Single => Ok(d.single.take().expect("the single LP's solution")),
    }
}

/// Why a built asset's benefit-cost ratio is below 1, if it is.
fn bc_note(annual: f64, savings: f64, gap: f64, single_rolling: bool) -> String {
    let short = annual - savings;
    if !(savings.is_finite() && short > 1e-6 * annual.abs()) {
        return String::new();
    }
    if short <= gap + 1e-9 * annual.abs() {
        format!("below 1 by {short:.0} USD/year, within the optimality gap of {gap:.0} USD/year")
    } else if single_rolling {
        format!("below 1 by {short:.0} USD/year: the builds were decided by one LP, the savings by the case's rolling-horizon dispatch")
    } else {
        format!("below 1 by {short:.0} USD/year, more than the optimality gap of {gap:.0} USD/year (numerical tolerance of the windows)")
    }
}

/// The system without each built asset in turn (the others kept), per candidate;
/// the system with every build for a candidate not built (`None`: no optimum).
/// Those in `known` (evaluated at this plan) are not evaluated again.
fn without_each(
    case: &Case,
    engine: &mut Engine,
    d: &Decision,
    mut known: Vec<Option<Evaluation>>,
    progress: &Progress,
) -> Result<Vec<Option<Evaluation>>, StudyError> {
    let built: Vec<usize> = (0..d.builds_mw.len()).filter(|&c| d.builds_mw[c] > 0.0 && known[c].is_none()).collect();
    let ys: Vec<Vec<f64>> = built
        .iter()
        .map(|&c| {
            let mut y = d.builds_mw.clone();
            y[c] = 0.0;
            y
        })
        .collect();
    let evaluated: Vec<Option<Evaluation>> = match engine {
        Engine::Benders(bd) => {
            // (WS6) Every window solves all of them in turn in one LP kept in HiGHS.
            bd.evaluate_many(&ys, false)?.into_iter().map(Result::ok).collect()
        }
        Engine::Single => {
            let mut v = Vec::with_capacity(ys.len());
            for (y, &c) in ys.iter().zip(&built) {
                let cand = &d.candidates[c];
                progress.phase(format!("the system without {} ({:.0} {})", cand.id, d.builds_mw[c], cand.kind.capacity_unit()));
                v.push(evaluate_single(case, &d.candidates, y)?);
            }
            v
        }
    };
    let mut out: Vec<Option<Evaluation>> =
        (0..d.builds_mw.len()).map(|c| if d.builds_mw[c] > 0.0 { known[c].take() } else { Some(d.with.clone()) }).collect();
    for (c, e) in built.into_iter().zip(evaluated) {
        out[c] = e;
    }
    Ok(out)
}

/// (BD9) With `[expansion] prune_within_gap` and a converged decomposition: while
/// the plan without some build is still within the optimality target of the lower
/// bound (`abs_gap_usd_per_year` or its automatic value, and `mip_rel_gap`), leave out
/// the build whose plan is cheapest without it. Only plans the master's cuts do not
/// already rule out are evaluated (the cuts understate every cost); their windows add
/// cuts to the master, whose lower bound with them is the one compared. Each build of
/// what remains pays by more than the optimality tolerance, and among the plans
/// within it this one builds less. The system without each build of the final plan,
/// per candidate ([`without_each`]).
pub(crate) fn prune(
    case: &Case,
    engine: &mut Engine,
    d: &mut Decision,
    progress: &Progress,
) -> Result<Vec<Option<Evaluation>>, StudyError> {
    let mut known: Vec<Option<Evaluation>> = vec![None; d.builds_mw.len()];
    let bounds = d
        .report
        .as_ref()
        .filter(|r| r.converged && case.settings.expansion.prune_within_gap)
        .map(|r| (r.lower_bound_usd_per_year, r.abs_gap_target_usd_per_year.min(r.rel_gap_target * r.upper_bound_usd_per_year.abs())));
    if let (Engine::Benders(bd), Some((mut lower, target))) = (&mut *engine, bounds) {
        while let Some((c, with)) = prune_one(bd, d, (&mut lower, target), &mut known)? {
            let p = &d.pruned[d.pruned.len() - 1].1;
            progress.note(format!(
                    "left out {} (+{:.0} {}): it saves {:.3} M USD/year more than it costs, and the plan without it is {:.3} M USD/year above the lower bound, within the optimality target of {:.3} M USD/year (BD9)",
                    p.id,
                    p.built_mw,
                    d.candidates[c].kind.capacity_unit(),
                    p.net_saving_usd_per_year / 1e6,
                    p.above_lower_bound_usd_per_year / 1e6,
                    target / 1e6
                ));
            d.builds_mw[c] = 0.0;
            // (WS8) The windows' state moves to the plan that remains.
            bd.adopt(&d.builds_mw);
            d.gap_usd_per_year = total(&with) - lower;
            d.with = with;
            known = vec![None; d.builds_mw.len()];
        }
        if !d.pruned.is_empty() {
            d.values = bd.values_at(&d.builds_mw)?;
        }
        d.gap_usd_per_year = d.gap_usd_per_year.min((total(&d.with) - lower).max(0.0));
    }
    without_each(case, engine, d, known, progress)
}

/// Capital plus the operating objective (BD6), USD/year.
fn total(e: &Evaluation) -> f64 {
    e.capacity_cost_usd_per_year + e.risk_adjusted_operating_cost_usd_per_year
}

/// (BD9) The build to leave out of `d`'s plan, with the system without it, if some plan
/// without one build is within `target` of `lower`; `known` keeps the plans evaluated.
fn prune_one(
    bd: &mut Benders,
    d: &mut Decision,
    (lower, target): (&mut f64, f64),
    known: &mut [Option<Evaluation>],
) -> Result<Option<(usize, Evaluation)>, StudyError> {
    let without = |c: usize| {
        let mut y = d.builds_mw.clone();
        y[c] = 0.0;
        y
    };
    let mut open = Vec::new();
    for c in (0..d.builds_mw.len()).filter(|&c| d.builds_mw[c] > 0.0) {
        if bd.cost_estimate(&without(c))?.is_none_or(|e| e - *lower <= target) {
            open.push(c);
        }
    }
    let ys: Vec<Vec<f64>> = open.iter().map(|&c| without(c)).collect();
    for (&c, e) in open.iter().zip(bd.evaluate_many(&ys, true)?) {
        known[c] = e.ok();
    }
    if !open.is_empty() {
        // Their windows are cuts of the master too (`evaluate_many`): the lower bound with them.
        *lower = lower.max(bd.lower_bound(0.01 * target)?.unwrap_or(*lower));
    }
    let lower = *lower;
    let pick = open
        .iter()
        .filter_map(|&c| known[c].as_ref().map(|e| (c, total(e))))
        .filter(|&(_, cost)| cost - lower <= target)
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let Some((c, cost)) = pick else { return Ok(None) };
    let with = known[c].take().expect("evaluated");
    d.pruned.push((
        c,
        Pruned {
            id: d.candidates[c].id.clone(),
            built_mw: d.builds_mw[c],
            net_saving_usd_per_year: cost - total(&d.with),
            above_lower_bound_usd_per_year: cost - lower,
            target_usd_per_year: target,
        },
    ));
    Ok(Some((c, with)))
}

/// Every expandable asset of the solution `sol` with its economics from `withouts`,
/// the system without each build in turn (the others kept; [`prune`]).
pub(crate) fn economics(
    case: &Case,
    engine: &Engine,
    d: &Decision,
    sol: &DispatchSolution,
    weather_years: &[i32],
    withouts: Vec<Option<Evaluation>>,
) -> Result<Vec<Upgrade>, StudyError> {
    let single_rolling = matches!(engine, Engine::Single) && case.settings.solver.decomposition == nagrid_model::Decomposition::Rolling;
    let results: Vec<(Asset, &BuildResult)> = sol.expansion.assets().collect();
    let mut out = Vec::new();
    for (c, ((asset, b), without)) in results.into_iter().zip(withouts).enumerate() {
        let annual = b.annualized_cost_usd_per_mw_year * b.built_mw;
        let nan = f64::NAN;
        // The saving in the objective the builds were decided by (BD6: risk-adjusted).
        let savings = without
            .as_ref()
            .map_or(nan, |w| w.risk_adjusted_operating_cost_usd_per_year - d.with.risk_adjusted_operating_cost_usd_per_year);
        let by_weather_year = match &without {
            Some(w) if !weather_years.is_empty() => weather_years
                .iter()
                .zip(w.per_scenario.iter().zip(&d.with.per_scenario))
                .map(|(&weather_year, (wo, wi))| YearValue {
                    weather_year,
                    production_cost_savings_usd_per_year: wo.0 - wi.0,
                    eue_reduction_mwh_per_year: wo.1 - wi.1,
                    lolh_reduction_hours_per_year: wo.2 - wi.2,
                })
                .collect(),
            _ => Vec::new(),
        };
        let eue = without.as_ref().map_or(nan, |w| w.unserved_mwh_per_year - d.with.unserved_mwh_per_year);
        let lolh = without.as_ref().map_or(nan, |w| w.loss_of_load_hours_per_year - d.with.loss_of_load_hours_per_year);
        let short_hours = without.as_ref().map_or(nan, |w| w.loss_of_load_hours_per_year);
        let (from, to) = ends(case, asset);
        let near = d.near_optimal_mw.get(c).copied().flatten();
        out.push(Upgrade {
            build: b.clone(),
            existing_mw: asset.existing(case),
            from,
            to,
            annualized_cost_usd_per_year: annual,
            production_cost_savings_usd_per_year: savings,
            benefit_cost_ratio: if annual > 0.0 { savings / annual } else { nan },
            benefit_cost_note: match d.pruned.iter().find(|(k, _)| *k == c) {
                Some((_, p)) => format!(
                    "left out (BD9): +{:.0} {} saved {:.0} USD/year more than it cost; the plan without it is within the optimality target of {:.0} USD/year",
                    p.built_mw,
                    b.kind.capacity_unit(),
                    p.net_saving_usd_per_year,
                    p.target_usd_per_year
                ),
                None if annual > 0.0 => bc_note(annual, savings, d.gap_usd_per_year, single_rolling),
                None => String::new(),
            },
            eue_reduction_mwh_per_year: eue,
            lolh_reduction_hours_per_year: lolh,
            capacity_value_mw: if short_hours > 0.0 {
                eue / short_hours
            } else if eue.is_nan() {
                nan
            } else {
                0.0
            },
            near_optimal_min_mw: near.map_or(nan, |r| r.0),
            near_optimal_max_mw: near.map_or(nan, |r| r.1),
            by_weather_year,
        });
    }
    Ok(out)
}

/// From / to regions of a line or link; the region of a generator or storage unit.
fn ends(case: &Case, asset: Asset) -> (String, String) {
    let n = &case.network;
    let id = |r: usize| n.regions[r].id.clone();
    match asset {
        Asset::Line(i) => (id(n.lines[i].from), id(n.lines[i].to)),
        Asset::Link(i) => (id(n.links[i].from), id(n.links[i].to)),
        Asset::Generator(i) => (id(n.generators[i].region), String::new()),
        Asset::StoragePower(i) | Asset::StorageEnergy(i) => (id(n.storage[i].region), String::new()),
        _ => (String::new(), String::new()),
    }
}
