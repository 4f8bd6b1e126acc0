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

use crate::builder::{build_dispatch_with, Capacities};
use crate::coarse::{first_pass, Guide};
use crate::error::OpfError;
use crate::inputs::{budget_allowance_mwh, hours_in_month, month_of_hour};
use crate::options::DispatchOptions;
use crate::single::solve_single;
use crate::solution::{DispatchOutcome, DispatchSolution, SolveStats, SolveStatus};
use crate::stitch::{add_stats, copy_into, empty_solution};
use crate::verify::cost_usd;
use crate::warm::{Snapshot, WindowBasis};
use nagrid_model::Case;
use rayon::prelude::*;
use std::sync::Mutex;

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
    dispatch_rolling_kept(case, opts, progress, None)
}

/// [`dispatch_rolling`], keeping (WS5) the optimal basis of every window solved in
/// sequence in `kept` (in no particular order), when given.
pub(crate) fn dispatch_rolling_kept(
    case: &Case,
    opts: &DispatchOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    kept: Option<&Mutex<Vec<Snapshot>>>,
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
        // (WS4) With a first pass, windows start and end where it is and share budgets as it uses them.
        let guide = first_pass(case, opts)?;
        if let Some(g) = &guide {
            add_stats(&mut stats, &g.stats);
        }
        let month_of = month_of_hour(case);
        let results: Vec<Result<DispatchOutcome, OpfError>> = wins
            .par_iter()
            .enumerate()
            .map(|(k, &(s, _, len))| {
                let mut w = case.window(s, len);
                for (i, u) in w.network.storage.iter_mut().enumerate() {
                    let target = |h: usize| guide.as_ref().and_then(|g| g.soc_target(i, h));
                    let level = target(s).unwrap_or(u.soc_initial_pu.unwrap_or(0.5));
                    u.soc_initial_pu = Some(level);
                    u.soc_final_pu = if s + len == case.axis.hours {
                        u.soc_final_pu.or(Some(target(0).unwrap_or(level)))
                    } else {
                        Some(target(s + len).unwrap_or(level))
                    };
                }
                if let Some(g) = &guide {
                    for (j, b) in w.network.hydro_budgets.iter_mut().enumerate() {
                        let inside = month_of[s..s + len].iter().filter(|&&m| m == b.month).count() as f64;
                        if let (Some(frac), true) = (g.budget_fraction(j, s, s + len), inside > 0.0) {
                            // The horizon's allowance of the budget × the fraction, as the window's LP reads it.
                            let allowance = budget_allowance_mwh(case, &month_of, b.month, b.energy_mwh);
                            b.energy_mwh = allowance * frac * hours_in_month(case, &month_of, b.month) / inside;
                        }
                    }
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
    } else if let Some(stopped) = in_sequence(case, &window_opts, progress, (&mut stats, &mut full), kept)? {
        return Ok(DispatchOutcome { status: stopped, solution: None, stats });
    }
    full.objective_usd = cost_usd(case, &full);
    Ok(DispatchOutcome { status: SolveStatus::Optimal, solution: Some(full), stats })
}

/// What a sequence of windows hands from one window to the next.
#[derive(Clone)]
struct Carry {
    /// State of charge (per unit) each storage starts the next window with.
    soc: Vec<Option<f64>>,
    /// Energy left per budget, over the horizon's hours of its month.
    left: Vec<f64>,
    /// (F1) Curtailment each flexible load may still use before hour `end`, MWh.
    flex_left: Vec<f64>,
    /// End (exclusive) of the hours this sequence covers.
    end: usize,
    /// Optimal basis of the last window (WS1).
    basis: Option<WindowBasis>,
}

impl Carry {
    /// The state at hour `start` of a sequence covering `start..end`: storage as the
    /// case starts it, whole budgets, and each flexible load's curtailment allowance
    /// over those hours.
    fn initial(case: &Case, month_of: &[u32], start: usize, end: usize) -> Self {
        let n = &case.network;
        Self {
            soc: n.storage.iter().map(|u| u.soc_initial_pu).collect(),
            left: n.hydro_budgets.iter().map(|b| budget_allowance_mwh(case, month_of, b.month, b.energy_mwh)).collect(),
            flex_left: n
                .flexible_loads
                .iter()
                .zip(&case.flex_load_mw)
                .map(|(f, l)| f.max_curtail_share * l[start..end].iter().sum::<f64>())
                .collect(),
            end,
            basis: None,
        }
    }
}

/// Everything a window needs besides its own carry.
struct Ctx<'a, 'o> {
    case: &'a Case,
    window_opts: &'a (dyn Fn(usize) -> &'o DispatchOptions + Sync),
    progress: &'a (dyn Fn(usize, usize) + Sync),
    done: std::sync::atomic::AtomicUsize,
    /// LPs to solve, for the progress display.
    total: usize,
    month_of: Vec<u32>,
    /// Index of the horizon's last window.
    last: usize,
    /// (WS4) The first pass's use of the limits that span windows.
    guide: Option<Guide>,
    /// (WS5) Where the optimal basis of every window is kept, if anywhere.
    kept: Option<&'a Mutex<Vec<Snapshot>>>,
}

/// A window's solution, or the status of a window without one.
type Step = Result<DispatchSolution, SolveStatus>;

impl Ctx<'_, '_> {
    fn tick(&self) {
        (self.progress)(self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, self.total);
    }

    /// Solve window `k` of the horizon, `(s, commit, len)`, from `carry` and update it;
    /// `first_soc` is the state the horizon's last window must end at (cyclic storage).
    /// With `end`, the window solves its committed hours only and ends every storage at `end` (WS2).
    fn step(
        &self,
        k: usize,
        (s, commit, len): (usize, usize, usize),
        carry: &mut Carry,
        bounds: Bounds,
        stats: &mut SolveStats,
    ) -> Result<Step, OpfError> {
        let (case, n) = (self.case, &self.case.network);
        let len = if bounds.end.is_some() { commit } else { len };
        let mut w = case.window(s, len);
        let mut targeted = Vec::new();
        for (i, u) in w.network.storage.iter_mut().enumerate() {
            u.soc_initial_pu = if k == 0 { n.storage[i].soc_initial_pu } else { carry.soc[i] };
            if k == self.last && k > 0 && n.storage[i].soc_initial_pu.is_none() && n.storage[i].soc_final_pu.is_none() {
                u.soc_final_pu = Some(bounds.first_soc[i]);
            }
            if let Some(end) = bounds.end {
                u.soc_final_pu = Some(end[i]);
            } else if s + len < case.axis.hours {
                // (WS4) A window before the horizon's end ends where the first pass is.
                if let Some(target) = self.guide.as_ref().and_then(|g| g.soc_target(i, s + len)) {
                    u.soc_final_pu = Some(target);
                    targeted.push(i);
                }
            }
        }
        for (j, b) in w.network.hydro_budgets.iter_mut().enumerate() {
            let remaining_hours = self.month_of[s..].iter().filter(|&&m| m == b.month).count() as f64;
            let in_window = self.month_of[s..s + len].iter().filter(|&&m| m == b.month).count() as f64;
            if in_window > 0.0 {
                // The LP gives a window energy × in_window / hours_in_month; aim at
                // left × in_window / remaining_hours, or (WS4) at left × the first
                // pass's share of its remaining use that falls in the window.
                let share = self.guide.as_ref().and_then(|g| g.budget_share(j, s, s + len));
                b.energy_mwh = match share {
                    Some(share) => carry.left[j].max(0.0) * share * hours_in_month(case, &self.month_of, b.month) / in_window,
                    None => carry.left[j].max(0.0) * hours_in_month(case, &self.month_of, b.month) / remaining_hours,
                };
            }
        }
        // (F1) The curtailment allowance left is shared like a budget: the window may use
        // left × its flexible energy ÷ the flexible energy left to `end`, never more than
        // left; or (WS4) left × the first pass's share of its remaining curtailment.
        for (f, fl) in w.network.flexible_loads.iter_mut().enumerate() {
            let load = &case.flex_load_mw[f];
            let remaining: f64 = load[s..carry.end.max(s)].iter().sum();
            let in_window: f64 = load[s..s + len].iter().sum();
            let base = remaining.max(in_window);
            let left = carry.flex_left[f].max(0.0);
            match self.guide.as_ref().and_then(|g| g.flex_share(f, s, s + len, carry.end)) {
                Some(share) if in_window > 0.0 => fl.max_curtail_share = (left * share / in_window).clamp(0.0, 1.0),
                _ if base > 0.0 => fl.max_curtail_share = (left / base).clamp(0.0, 1.0),
                _ => {}
            }
        }
        let opts = (self.window_opts)(k);
        // (WS1) Rolling windows never expand: one LP each, started from the last window's basis.
        let model = build_dispatch_with(&w, opts, Capacities::Decide { relaxed: false })?;
        let start = if opts.solver.warm_start { carry.basis.as_ref().and_then(|b| b.carry(&model)) } else { None };
        let shape = self.kept.map(|_| (model.layout, model.rows.clone()));
        let (mut out, mut basis) = model.solve_from(start.as_ref())?;
        if let (Some(kept), Some((layout, rows)), Some(b)) = (self.kept, shape, basis.as_ref()) {
            let snap = Snapshot::new(s, layout, rows, b.basis().clone());
            kept.lock().expect("no panic while held").push(snap);
        }
        if out.solution.is_none() && out.status == SolveStatus::Infeasible && !targeted.is_empty() {
            // (WS4) The first pass's storage states out of reach from this window's start: without them.
            add_stats(stats, &out.stats);
            for &i in &targeted {
                w.network.storage[i].soc_final_pu = n.storage[i].soc_final_pu;
            }
            (out, basis) = build_dispatch_with(&w, opts, Capacities::Decide { relaxed: false })?.solve_from(None)?;
        }
        carry.basis = basis;
        self.tick();
        add_stats(stats, &out.stats);
        let Some(sol) = out.solution else { return Ok(Err(out.status)) };
        for (i, u) in n.storage.iter().enumerate() {
            carry.soc[i] = Some(soc_pu(u, sol.storage_soc_mwh[i][commit - 1]));
        }
        for (j, b) in n.hydro_budgets.iter().enumerate() {
            carry.left[j] -= (0..commit).filter(|&t| self.month_of[s + t] == b.month).map(|t| sol.gen_p_mw[b.generator][t]).sum::<f64>();
        }
        for (f, left) in carry.flex_left.iter_mut().enumerate() {
            *left -= sol.flex_curtailed_mw[f][..commit].iter().sum::<f64>();
        }
        Ok(Ok(sol))
    }

    /// Windows `ks` (indexes into `wins`) one after the other from `carry`: the
    /// solutions kept, or the status of the first window without a solution.
    fn run(&self, wins: &[(usize, usize, usize)], ks: std::ops::Range<usize>, mut carry: Carry, bounds: Bounds) -> Result<Chunk, OpfError> {
        let mut stats = SolveStats::default();
        let mut kept = Vec::with_capacity(ks.len());
        let last = ks.end.saturating_sub(1);
        for k in ks {
            let b = Bounds { end: if k == last { bounds.end } else { None }, ..bounds };
            match self.step(k, wins[k], &mut carry, b, &mut stats)? {
                Ok(sol) => kept.push((wins[k].0, wins[k].1, sol)),
                Err(status) => return Ok(Chunk { kept: Err(status), stats }),
            }
        }
        Ok(Chunk { kept: Ok(kept), stats })
    }

    /// (WS2) The state at hour `a`, the first of a chunk: a window of `len` hours
    /// ending its committed part at `a`, from every storage at level L (its initial
    /// state, else 50 %) with budgets prorated by hours; its state at `a` and its
    /// basis start the chunk. `None` carry: the window has no solution.
    fn warm_up(&self, (a, b): (usize, usize), window: usize, len: usize) -> Result<(Result<Carry, SolveStatus>, SolveStats), OpfError> {
        let (case, n) = (self.case, &self.case.network);
        let s = a.saturating_sub(window);
        let mut w = case.window(s, len.min(case.axis.hours - s));
        for u in &mut w.network.storage {
            u.soc_initial_pu = Some(u.soc_initial_pu.unwrap_or(0.5));
            u.soc_final_pu = None;
        }
        let model = build_dispatch_with(&w, (self.window_opts)(1), Capacities::Decide { relaxed: false })?;
        let (out, basis) = model.solve_from(None)?;
        self.tick();
        let mut stats = SolveStats::default();
        add_stats(&mut stats, &out.stats);
        let Some(sol) = out.solution else { return Ok((Err(out.status), stats)) };
        let mut carry = Carry::initial(case, &self.month_of, a, b);
        carry.basis = basis;
        for (i, u) in n.storage.iter().enumerate() {
            carry.soc[i] = Some(soc_pu(u, sol.storage_soc_mwh[i][a - s - 1]));
        }
        Ok((Ok(carry), stats))
    }
}

/// Storage states a window is held to: the state cyclic storage must end the
/// horizon at, and (WS2) the state the last window of a chunk must end at.
#[derive(Clone, Copy)]
struct Bounds<'a> {
    first_soc: &'a [f64],
    end: Option<&'a [f64]>,
}

/// The windows a sequence kept, as (start, committed hours, solution), or the
/// status that stopped it; and its solver statistics.
struct Chunk {
    kept: Result<Vec<(usize, usize, DispatchSolution)>, SolveStatus>,
    stats: SolveStats,
}

/// A storage level in per unit of its energy capacity.
fn soc_pu(u: &nagrid_model::Storage, mwh: f64) -> f64 {
    if u.energy_mwh > 0.0 {
        (mwh / u.energy_mwh).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// (WS2) First hours of `chunks` chunks of the horizon: month starts, each the one
/// nearest to an equal split (fewer chunks when the horizon has fewer months).
fn chunk_starts(month_of: &[u32], chunks: usize) -> Vec<usize> {
    let hours = month_of.len();
    let month_starts: Vec<usize> = (1..hours).filter(|&t| month_of[t] != month_of[t - 1]).collect();
    let mut starts = vec![0];
    for c in 1..chunks {
        let target = c * hours / chunks;
        let best = month_starts.iter().copied().filter(|&t| t > *starts.last().unwrap_or(&0)).min_by_key(|&t| t.abs_diff(target));
        if let Some(t) = best {
            starts.push(t);
        }
    }
    starts
}

/// Windows in sequence from the start of the horizon (`[solver] chunks = 1`), or
/// (WS2) cut into chunks at month starts and solved side by side: the horizon's
/// first window (it fixes the state cyclic storage returns to) beside a warm-up
/// window before each later chunk (it sets the storage state the chunk starts from),
/// then every chunk, whose last window ends at the next chunk's start state. The
/// status of the first window without a solution, if any.
fn in_sequence<'o>(
    case: &Case,
    window_opts: &(dyn Fn(usize) -> &'o DispatchOptions + Sync),
    progress: &(dyn Fn(usize, usize) + Sync),
    (stats, full): (&mut SolveStats, &mut DispatchSolution),
    kept: Option<&Mutex<Vec<Snapshot>>>,
) -> Result<Option<SolveStatus>, OpfError> {
    let cfg = &window_opts(0).solver;
    let month_of = month_of_hour(case);
    let w = cfg.window_hours.max(1);
    let (starts, wins, first_of_chunk) = chunked_windows(&month_of, cfg.chunks.max(1), w, cfg.overlap_hours);
    // (WS4) The first pass, when asked for, before any window.
    let guide = first_pass(case, window_opts(0))?;
    if let Some(g) = &guide {
        merge_stats(stats, &g.stats);
    }
    let ctx = Ctx {
        case,
        window_opts,
        progress,
        done: std::sync::atomic::AtomicUsize::new(0),
        total: wins.len() + starts.len() - 1 + usize::from(guide.is_some()),
        last: wins.len() - 1,
        month_of,
        guide,
        kept,
    };
    if ctx.guide.is_some() {
        ctx.tick(); // the first pass counts as one step of the progress display
    }
    let no_bounds = Bounds { first_soc: &[], end: None };
    let chunk_end = |c: usize| starts.get(c + 1).copied().unwrap_or(case.axis.hours);
    let mut carry = Carry::initial(case, &ctx.month_of, 0, chunk_end(0));
    let mut first_stats = SolveStats::default();
    let (first, warm) = rayon::join(
        || ctx.step(0, wins[0], &mut carry, no_bounds, &mut first_stats),
        || (1..starts.len()).into_par_iter().map(|c| ctx.warm_up((starts[c], chunk_end(c)), w, w + cfg.overlap_hours)).collect::<Vec<_>>(),
    );
    merge_stats(stats, &first_stats);
    let first = match first? {
        Ok(sol) => sol,
        Err(status) => return Ok(Some(status)),
    };
    let mut chunk_carry = vec![carry];
    for r in warm {
        let (from, warm_stats) = r?;
        merge_stats(stats, &warm_stats);
        match from {
            Ok(c) => chunk_carry.push(c),
            Err(status) => return Ok(Some(status)),
        }
    }
    let first_soc: Vec<f64> = case.network.storage.iter().enumerate().map(|(i, u)| soc_pu(u, first.storage_soc_initial_mwh[i])).collect();
    let targets: Vec<Vec<f64>> = chunk_carry[1..].iter().map(|c| c.soc.iter().map(|x| x.unwrap_or(0.0)).collect()).collect();
    copy_into(full, &first, wins[0].0, wins[0].1);
    let ends: Vec<usize> = first_of_chunk.iter().skip(1).copied().chain([wins.len()]).collect();
    let chunks: Vec<Result<Chunk, OpfError>> = (0..starts.len())
        .into_par_iter()
        .map(|c| {
            let ks = if c == 0 { 1..ends[0] } else { first_of_chunk[c]..ends[c] };
            let bounds = Bounds { first_soc: &first_soc, end: targets.get(c).map(Vec::as_slice) };
            ctx.run(&wins, ks, chunk_carry[c].clone(), bounds)
        })
        .collect();
    for chunk in chunks {
        let chunk = chunk?;
        merge_stats(stats, &chunk.stats);
        match chunk.kept {
            Ok(kept) => kept.iter().for_each(|(s, commit, sol)| copy_into(full, sol, *s, *commit)),
            Err(status) => return Ok(Some(status)),
        }
    }
    Ok(None)
}

/// (WS2) Chunk starts, windows (start, committed hours, solved hours) chunk after
/// chunk, and each chunk's first window. With several chunks a short last window
/// (under half a window) joins the one before it, so that it can reach the next
/// chunk's start state; a chunk of one window would have to be both first and
/// last, so such a horizon is one sequence.
#[allow(clippy::type_complexity)]
fn chunked_windows(month_of: &[u32], chunks: usize, w: usize, overlap: usize) -> (Vec<usize>, Vec<(usize, usize, usize)>, Vec<usize>) {
    let hours = month_of.len();
    let cut = |starts: &[usize]| {
        let mut wins = Vec::new();
        let mut first_of_chunk = Vec::new();
        for (c, &a) in starts.iter().enumerate() {
            let b = starts.get(c + 1).copied().unwrap_or(hours);
            first_of_chunk.push(wins.len());
            let mut chunk: Vec<(usize, usize, usize)> =
                (a..b).step_by(w).map(|s| (s, w.min(b - s), (w + overlap).min(hours - s))).collect();
            if starts.len() > 1 && chunk.len() > 1 && chunk[chunk.len() - 1].1 < w / 2 {
                let (_, rest, _) = chunk.pop().expect("two windows");
                let l = chunk.last_mut().expect("one window");
                l.1 += rest;
                l.2 = (l.1 + overlap).min(hours - l.0);
            }
            wins.extend(chunk);
        }
        (wins, first_of_chunk)
    };
    let starts = chunk_starts(month_of, chunks);
    let (wins, first) = cut(&starts);
    let n = wins.len();
    let too_short = first.iter().zip(first.iter().skip(1).copied().chain([n])).any(|(&a, b)| b - a < 2);
    if starts.len() > 1 && too_short {
        let (wins, first) = cut(&[0]);
        return (vec![0], wins, first);
    }
    (starts, wins, first)
}

/// Add the statistics of a sequence of windows `b` to `a`.
fn merge_stats(a: &mut SolveStats, b: &SolveStats) {
    let windows = a.windows + b.windows;
    add_stats(a, b);
    a.windows = windows;
}

#[cfg(test)]
mod tests {
    use super::{chunk_starts, windows};

    #[test]
    fn chunks_start_at_the_month_starts_nearest_an_equal_split() {
        // January (744 h), February (696 h, a leap year), March (744 h).
        let months: Vec<u32> = [(1, 744), (2, 696), (3, 744)].iter().flat_map(|&(m, h)| std::iter::repeat_n(m, h)).collect();
        assert_eq!(chunk_starts(&months, 1), vec![0]);
        assert_eq!(chunk_starts(&months, 2), vec![0, 744]); // 1,092 is nearer to 744 than to 1,440
        assert_eq!(chunk_starts(&months, 3), vec![0, 744, 1440]);
        // More chunks than month starts: one chunk per month.
        assert_eq!(chunk_starts(&months, 5), vec![0, 744, 1440]);
        assert_eq!(chunk_starts(&months[..100], 2), vec![0]);
    }

    #[test]
    fn windows_cover_the_horizon_once() {
        let w = windows(400, 168, 24);
        assert_eq!(w, vec![(0, 168, 192), (168, 168, 192), (336, 64, 64)]);
        assert_eq!(w.iter().map(|x| x.1).sum::<usize>(), 400);
    }
}
