//! The driver: the public entry points. It chooses between one LP over the horizon
//! ([`crate::single`], with the expansion loops) and a rolling horizon
//! ([`crate::rolling`]); nothing below it calls up.

use crate::builder::{build_dispatch_with, Capacities, DispatchModel};
use crate::error::OpfError;
use crate::options::DispatchOptions;
use crate::rolling::dispatch_rolling;
use crate::single::{rounds, solve_single};
use crate::solution::DispatchOutcome;
use nagrid_model::{Case, Decomposition};
use std::path::Path;

/// Least-cost dispatch of `case` with `options`.
///
/// One LP over the whole horizon, or with `options.solver.decomposition =
/// Rolling` window by window (see the `rolling` module's documentation).
/// Capacity expansion decides over the whole horizon: by Benders decomposition
/// over windows (`[expansion] method = "benders"`, `transport`, a horizon longer
/// than one window; see the `benders` module) or as one LP or MIP. A solver outcome
/// other than optimal is a status of the [`DispatchOutcome`], not an error.
pub fn dispatch(case: &Case, options: &DispatchOptions) -> Result<DispatchOutcome, OpfError> {
    dispatch_with_progress(case, options, &|_, _| {})
}

/// Like [`dispatch`], reporting rolling-horizon windows done as `progress(done, total)`.
pub fn dispatch_with_progress(
    case: &Case,
    options: &DispatchOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DispatchOutcome, OpfError> {
    checked(case)?;
    // A capacity decision spans the whole horizon: one LP, or Benders over windows.
    if options.expanding(case) {
        if crate::benders::applies(case, options) {
            return crate::benders::dispatch(case, options);
        }
        return dispatch_single(case, options);
    }
    // (AG1) Identical units are solved as one and split by capacity afterwards.
    let merged = crate::aggregate::merge(case);
    let solve_case = merged.as_ref().map_or(case, |(reduced, _)| reduced);
    let mut outcome = match options.solver.decomposition {
        Decomposition::None if options.solver.single_lp_from_rolling(solve_case.axis.hours) => {
            single_from_rolling(solve_case, options, progress)?
        }
        Decomposition::None => solve_single(solve_case, options)?,
        Decomposition::Rolling => dispatch_rolling(solve_case, options, progress)?,
    };
    if let Some((_, m)) = &merged {
        outcome.solution = outcome.solution.map(|s| crate::aggregate::split(m, case, s));
    }
    Ok(outcome)
}

/// (WS3) One LP over the whole horizon, started from the rolling horizon's
/// dispatch (solved first, in sequence and without its own gap report).
fn single_from_rolling(
    case: &Case,
    options: &DispatchOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DispatchOutcome, OpfError> {
    let mut rolling = options.clone();
    rolling.solver.decomposition = Decomposition::Rolling;
    rolling.solver.parallel_windows = false;
    rolling.write_lp = None;
    let first = dispatch_rolling(case, &rolling, progress)?;
    let Some(sol) = &first.solution else { return solve_single(case, options) };
    let mut out = single_from(case, options, sol)?;
    let s = &mut out.stats;
    s.start_solve_s = first.stats.solve_s;
    s.start_simplex_iterations = first.stats.simplex_iterations;
    s.solve_s += first.stats.solve_s;
    s.build_s += first.stats.build_s;
    s.extract_s += first.stats.extract_s;
    s.simplex_iterations += first.stats.simplex_iterations;
    s.windows += first.stats.windows;
    s.warm_starts += first.stats.warm_starts;
    Ok(out)
}

/// (WS3) The single LP of `case` whose simplex starts from the basis crossover makes
/// of `start`, a dispatch of the same case over the same hours.
fn single_from(case: &Case, options: &DispatchOptions, start: &crate::DispatchSolution) -> Result<DispatchOutcome, OpfError> {
    let mut m = build_dispatch_with(case, options, Capacities::Decide { relaxed: false })?;
    let x = m.point_of(start);
    m.lp.set_start_point(x);
    m.solve()
}

/// One LP over the whole horizon like [`dispatch_single`], its simplex started from
/// `start`, a dispatch of `case` over the same hours (e.g. the rolling horizon's):
/// the same optimum, usually reached in fewer iterations (WS3). With expansion the
/// LP starts cold.
pub fn dispatch_single_from(case: &Case, options: &DispatchOptions, start: &crate::DispatchSolution) -> Result<DispatchOutcome, OpfError> {
    checked(case)?;
    if options.expanding(case) || !matches!(options.solver.method, nagrid_model::SolverMethod::Choose | nagrid_model::SolverMethod::Simplex)
    {
        return solve_single(case, options);
    }
    // (AG1) Identical units as one, as in `dispatch`: the start point joined to them.
    match crate::aggregate::merge(case) {
        Some((reduced, m)) => {
            let mut out = single_from(&reduced, options, &crate::aggregate::join(&m, start))?;
            out.solution = out.solution.map(|s| crate::aggregate::split(&m, case, s));
            Ok(out)
        }
        None => single_from(case, options, start),
    }
}

/// One LP over the whole horizon, whatever the decomposition option. With
/// expansion, a MIP (blocks) is solved and then re-solved as an LP with its builds
/// fixed, for prices; in the `dc` formulation expandable lines' susceptances are
/// updated to their built capacity and the problem solved again.
pub fn dispatch_single(case: &Case, options: &DispatchOptions) -> Result<DispatchOutcome, OpfError> {
    checked(case)?;
    solve_single(case, options)
}

/// Build the dispatch LP of `case` without solving it (see [`dispatch`]); solve it
/// with [`DispatchModel::solve`].
pub fn build_dispatch<'a>(case: &'a Case, options: &DispatchOptions) -> Result<DispatchModel<'a>, OpfError> {
    checked(case)?;
    build_dispatch_with(case, options, Capacities::Decide { relaxed: false })
}

/// Write the first LP [`dispatch`] would solve to `path` (MPS format, written by
/// HiGHS) without solving it, for bug reports: the whole horizon, or the first
/// window of a rolling horizon; with expansion, the LP or MIP that decides the builds.
pub fn write_lp(case: &Case, options: &DispatchOptions, path: &Path) -> Result<(), OpfError> {
    checked(case)?;
    let window;
    let first = if options.solver.decomposition == Decomposition::Rolling && !options.expanding(case) {
        window = case.window(0, options.solver.window_hours.max(1) + options.solver.overlap_hours);
        &window
    } else {
        case
    };
    build_dispatch_with(first, options, Capacities::Decide { relaxed: rounds(first, options) })?.write_mps(path)
}

/// The case passes [`Case::validate`]: a case built in code meets the same rules
/// as one read from a folder before it reaches the LP (indexes, series lengths,
/// magnitudes), so a bad one is an error, never a panic or a solver failure.
fn checked(case: &Case) -> Result<(), OpfError> {
    case.validate().map_err(|issues| OpfError::Input(issues.to_string().trim_end().to_string()))
}
