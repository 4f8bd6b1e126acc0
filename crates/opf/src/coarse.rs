//! (WS4) The rolling horizon's first pass: the whole horizon in blocks of
//! `[solver] first_pass_hours` hours, each block the average of its hours, one LP
//! per calendar month (blocks start at the month's, or the horizon's, first hour). Its
//! dispatch says *where* the energy of each limit that spans windows is worth using
//! (a monthly budget, a flexible load's curtailment allowance), so that each window
//! is given its share of what is left in proportion to the first pass's use of the
//! limit in the window's hours, instead of in proportion to its hours.
//!
//! A block of k hours is written as one period of the ordinary builder with every
//! energy divided by k (storage energy, budgets through the block axis, the
//! curtailment allowance through the averaged series) and ramp limits multiplied by
//! k: the same LP as periods of k hours, its objective divided by k.

use crate::builder::{build_dispatch_with, Capacities};
use crate::error::OpfError;
use crate::inputs::month_of_hour;
use crate::options::DispatchOptions;
use crate::solution::{DispatchOutcome, DispatchSolution, SolveStats};
use crate::stitch::add_stats;
use nagrid_model::{Case, Decomposition, TimeAxis};
use rayon::prelude::*;

/// The first pass's use of each energy limit, cumulative over the horizon's blocks.
pub(crate) struct Guide {
    /// First hour of each block, then the horizon's hours.
    bounds: Vec<usize>,
    /// Per budget (order of `hydro_budgets`): energy its generator produced in its
    /// month before the end of each block, MWh (first entry 0).
    budget: Vec<Vec<f64>>,
    /// Per flexible load: curtailment before the end of each block, MWh.
    flex: Vec<Vec<f64>>,
    /// Per storage: state of charge (per unit) at the start and the end of each
    /// block, for storage of at least two blocks' duration (`None` otherwise).
    soc: Vec<Option<Vec<f64>>>,
    /// The first pass's solve.
    pub stats: SolveStats,
}

impl Guide {
    /// Hours of the horizon.
    fn hours(&self) -> usize {
        self.bounds[self.bounds.len() - 1]
    }

    /// Value of `cum` (one entry per block bound) at hour `h`, linear within a block.
    fn before(&self, cum: &[f64], h: usize) -> f64 {
        let h = h.min(self.hours());
        let i = self.bounds.partition_point(|&x| x <= h).saturating_sub(1);
        if i + 1 >= self.bounds.len() {
            return cum[cum.len() - 1];
        }
        let frac = (h - self.bounds[i]) as f64 / (self.bounds[i + 1] - self.bounds[i]) as f64;
        cum[i] + frac * (cum[i + 1] - cum[i])
    }

    /// Share of `cum`'s use from hour `a` to `end` that falls in hours `a..b`, when
    /// that use is not (nearly) zero.
    fn share(&self, cum: &[f64], a: usize, b: usize, end: usize) -> Option<f64> {
        let total = cum[cum.len() - 1];
        let rest = self.before(cum, end) - self.before(cum, a);
        (rest > 1e-9 * total.max(1.0)).then(|| ((self.before(cum, b) - self.before(cum, a)) / rest).clamp(0.0, 1.0))
    }

    /// (WS4) State of charge (per unit) the first pass gives storage `i` at hour `h`
    /// (linear within a block), for storage of at least two blocks' duration.
    pub(crate) fn soc_target(&self, i: usize, h: usize) -> Option<f64> {
        self.soc[i].as_ref().map(|s| self.before(s, h))
    }

    /// Share of budget `j`'s energy left at hour `a` that a window over hours `a..b` may use.
    pub(crate) fn budget_share(&self, j: usize, a: usize, b: usize) -> Option<f64> {
        self.share(&self.budget[j], a, b, self.hours())
    }

    /// Fraction of budget `j`'s whole use in the first pass that falls in hours `a..b`.
    pub(crate) fn budget_fraction(&self, j: usize, a: usize, b: usize) -> Option<f64> {
        self.share(&self.budget[j], 0, b, self.hours())?;
        self.share(&self.budget[j], 0, self.hours(), self.hours()).map(|_| {
            let cum = &self.budget[j];
            ((self.before(cum, b) - self.before(cum, a)) / cum[cum.len() - 1]).clamp(0.0, 1.0)
        })
    }

    /// Share of flexible load `f`'s curtailment left at hour `a` (for hours `a..end`)
    /// that a window over hours `a..b` may use.
    pub(crate) fn flex_share(&self, f: usize, a: usize, b: usize, end: usize) -> Option<f64> {
        self.share(&self.flex[f], a, b, end)
    }
}

/// Whether storage `u` is long enough for the first pass to set its state: at least
/// two blocks of `step` hours at full power.
fn long_storage(u: &nagrid_model::Storage, step: usize) -> bool {
    u.p_max_mw > 0.0 && u.energy_mwh > 0.0 && u.energy_mwh >= 2.0 * step as f64 * u.p_max_mw
}

/// Whether a rolling horizon over `case` runs a first pass: asked for, more than one
/// window, and some limit that spans windows (a budget, a curtailment allowance,
/// storage of at least two blocks).
pub(crate) fn applies(case: &Case, opts: &DispatchOptions) -> bool {
    let cfg = &opts.solver;
    let n = &case.network;
    cfg.first_pass_hours > 0
        && case.axis.hours > cfg.window_hours.max(1)
        && (!n.hydro_budgets.is_empty() || !n.flexible_loads.is_empty() || n.storage.iter().any(|u| long_storage(u, cfg.first_pass_hours)))
}

/// `case` in blocks of `step` hours (the last may be shorter): series averaged over
/// each block, storage energy ÷ `step`, ramp limits × `step`.
pub(crate) fn blocks(case: &Case, step: usize) -> Case {
    let step = step.max(1);
    let h = case.axis.hours;
    let n = h.div_ceil(step);
    let avg = |s: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|i| {
                let (a, b) = (i * step, ((i + 1) * step).min(h));
                s[a..b].iter().sum::<f64>() / (b - a) as f64
            })
            .collect()
    };
    let mut network = case.network.clone();
    let k = step as f64;
    for u in &mut network.storage {
        u.energy_mwh /= k;
    }
    for g in &mut network.generators {
        g.ramp_up_pu_per_h = g.ramp_up_pu_per_h.map(|r| r * k);
        g.ramp_down_pu_per_h = g.ramp_down_pu_per_h.map(|r| r * k);
    }
    let mut settings = case.settings.clone();
    settings.horizon.hours = Some(n);
    Case {
        name: case.name.clone(),
        settings,
        network,
        axis: TimeAxis::blocks(case.axis.start, n, step),
        load_mw: case.load_mw.iter().map(|l| avg(l)).collect(),
        gen_p_max_pu: case.gen_p_max_pu.iter().map(|s| s.as_ref().map(|s| avg(s))).collect(),
        flex_load_mw: case.flex_load_mw.iter().map(|l| avg(l)).collect(),
        datacenter_mw: case.datacenter_mw.iter().map(|l| avg(l)).collect(),
        load_origin: case.load_origin.clone(),
    }
}

/// (WS4) Solve the first pass of a rolling horizon over `case`; `None` when it does
/// not apply or found no optimum (the windows then share by hours).
///
/// Operating reserves are left out of the first pass (default case: its HiGHS time
/// 24.7 → 14.2 s, the rolling horizon's objective −4e-6).
///
/// Budgets are monthly, so each calendar month of the horizon is an LP of its own
/// (blocks of k hours from its first hour, the last one shorter), solved side by
/// side: storage is cyclic within each month after the first (the first starts as
/// the case says), and each month's curtailment allowance is its share of the
/// flexible energy (F1), as the windows' would be.
pub(crate) fn first_pass(case: &Case, opts: &DispatchOptions) -> Result<Option<Guide>, OpfError> {
    if !applies(case, opts) {
        return Ok(None);
    }
    let k = opts.solver.first_pass_hours;
    let mut o = DispatchOptions { write_lp: None, ..opts.clone() };
    o.solver.decomposition = Decomposition::None;
    let h = case.axis.hours;
    let months = month_of_hour(case);
    let starts: Vec<usize> = (0..h).filter(|&t| t == 0 || months[t] != months[t - 1]).collect();
    let pieces: Vec<(usize, usize)> = starts.iter().enumerate().map(|(c, &a)| (a, starts.get(c + 1).copied().unwrap_or(h))).collect();
    let solved: Vec<Result<DispatchOutcome, OpfError>> = pieces
        .par_iter()
        .map(|&(a, b)| {
            let mut piece = blocks(&case.window(a, b - a), k.min(b - a));
            // Operating reserves (RS1–RS3) hold hourly headroom, not energy over the
            // month: left out, the first pass guides alike and solves in about half the time.
            piece.network.reserves.clear();
            for u in &mut piece.network.storage {
                if a > 0 {
                    u.soc_initial_pu = None;
                }
                if b < h {
                    u.soc_final_pu = None;
                }
            }
            build_dispatch_with(&piece, &o, Capacities::Decide { relaxed: false })?.solve()
        })
        .collect();
    let mut stats = SolveStats::default();
    let mut sols = Vec::with_capacity(pieces.len());
    for r in solved {
        let out = r?;
        add_stats(&mut stats, &out.stats);
        match out.solution {
            Some(sol) => sols.push(sol),
            None => return Ok(None),
        }
    }
    // Blocks of every piece in order: first hours, month and hours of each.
    let mut bounds = Vec::new();
    let mut block_month = Vec::new();
    for &(a, b) in &pieces {
        let step = k.min(b - a);
        for s in (a..b).step_by(step) {
            bounds.push(s);
            block_month.push(months[a]);
        }
    }
    bounds.push(h);
    let len = |i: usize| (bounds[i + 1] - bounds[i]) as f64;
    // A series of the pieces end to end, per unit `x` of the pieces' solutions.
    let joined = |x: &dyn Fn(&DispatchSolution) -> &[f64]| -> Vec<f64> { sols.iter().flat_map(|s| x(s).iter().copied()).collect() };
    let cumulative = |per_block: Vec<f64>| -> Vec<f64> {
        let mut cum = Vec::with_capacity(per_block.len() + 1);
        cum.push(0.0);
        for (i, e) in per_block.iter().enumerate() {
            cum.push(cum[i] + e);
        }
        cum
    };
    let n = &case.network;
    let budget = n
        .hydro_budgets
        .iter()
        .map(|b| {
            let p = joined(&|s| &s.gen_p_mw[b.generator]);
            cumulative(p.iter().enumerate().map(|(i, x)| if block_month[i] == b.month { x * len(i) } else { 0.0 }).collect())
        })
        .collect();
    let flex = (0..n.flexible_loads.len())
        .map(|f| cumulative(joined(&|s| &s.flex_curtailed_mw[f]).iter().enumerate().map(|(i, x)| x * len(i)).collect()))
        .collect();
    // The state at the end of each block, per unit of the energy of its piece's LP.
    let soc = n
        .storage
        .iter()
        .enumerate()
        .map(|(u_i, u)| {
            long_storage(u, k).then(|| {
                let pu = |(a, b): (usize, usize), x: f64| (x * k.min(b - a) as f64 / u.energy_mwh).clamp(0.0, 1.0);
                let mut v = vec![pu(pieces[0], sols[0].storage_soc_initial_mwh[u_i])];
                for (sol, &piece) in sols.iter().zip(&pieces) {
                    v.extend(sol.storage_soc_mwh[u_i].iter().map(|&x| pu(piece, x)));
                }
                v
            })
        })
        .collect();
    stats.first_pass_solve_s = stats.solve_s;
    stats.first_pass_periods = bounds.len() - 1;
    stats.windows = 1;
    Ok(Some(Guide { bounds, budget, flex, soc, stats }))
}

#[cfg(test)]
mod tests {
    use super::Guide;
    use crate::solution::SolveStats;

    #[test]
    fn shares_follow_the_first_pass_use_linearly_within_blocks() {
        // Three blocks of 4 hours (the last of 2): 0, 8 and 4 MWh used.
        let g = Guide {
            bounds: vec![0, 4, 8, 10],
            budget: vec![vec![0.0, 0.0, 8.0, 12.0]],
            flex: vec![vec![0.0; 4]],
            soc: vec![],
            stats: SolveStats::default(),
        };
        assert_eq!(g.budget_share(0, 0, 4), Some(0.0));
        assert_eq!(g.budget_share(0, 0, 6), Some(4.0 / 12.0));
        assert_eq!(g.budget_share(0, 6, 9), Some(6.0 / 8.0));
        assert_eq!(g.budget_share(0, 4, 10), Some(1.0));
        // Nothing used: no share (the windows fall back to hours).
        assert_eq!(g.flex_share(0, 0, 4, 10), None);
        // The whole use: a quarter of it in hours 5..7 (linear in the second block).
        assert_eq!(g.budget_fraction(0, 5, 7), Some(4.0 / 12.0));
        assert_eq!(g.budget_fraction(0, 0, 10), Some(1.0));
    }
}
