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
        Decomposition::None => solve_single(solve_case, options)?,
        Decomposition::Rolling => dispatch_rolling(solve_case, options, progress)?,
    };
    if let Some((_, m)) = &merged {
        outcome.solution = outcome.solution.map(|s| crate::aggregate::split(m, case, s));
    }
    Ok(outcome)
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
