//! (BD3) The first pass of Benders, at the first point (nothing built): the
//! boundaries every window is held to, then every window solved.
//!
//! The boundaries come from the case's own rolling horizon at that point (its
//! `[solver]` window, look-ahead and chunks, WS1–WS2), whose dispatch of the whole
//! horizon is feasible and near the single LP's: each window starts and ends every
//! storage unit at the states that dispatch had there, and may use the energy of each
//! monthly budget (H1) that it used in the window's hours. That dispatch meets these,
//! so every held window is feasible, and the stitched windows are a feasible dispatch
//! of the whole horizon (continuous state of charge, budgets kept). Windows of
//! different lengths are held to the same trajectory (a longer window holds fewer of
//! its states).
//!
//! The trajectories of several scenarios (BD6: weather years) are computed side by
//! side. The first scenario's windows are then solved in two fixed chains side by
//! side, each from the basis of the window before (WS1); every other scenario's
//! window from the basis of the first scenario's window over the same hours (the
//! weather years share the study year's calendar, so the two LPs are laid out alike
//! and their data differ only by the weather), all side by side. Every start is
//! fixed, so the results do not depend on the cores.

use super::window::{self, level, Boundary, Eval, Window};
use super::{Benders, FIRST_PASS_CHAINS};
use crate::error::OpfError;
use crate::inputs::month_of_hour;
use crate::solution::{DispatchSolution, SolveStats, SolveStatus};
use crate::warm::WindowBasis;
use nagrid_model::Case;
use rayon::prelude::*;
use std::ops::Range;

/// What the first pass gives each window.
pub(crate) type FirstSolve = (Eval, Option<WindowBasis>, SolveStats);

type Chain = Result<Result<Vec<FirstSolve>, SolveStatus>, OpfError>;

impl Benders<'_> {
    /// Set every window's boundary from its scenario's trajectory at `y` (the first
    /// point), then solve every window at `y`.
    pub(super) fn first_pass(&mut self, y: &[f64]) -> Result<Result<Vec<FirstSolve>, SolveStatus>, OpfError> {
        let held: Vec<Vec<usize>> = (0..self.scenarios.len())
            .map(|s| (0..self.windows.len()).filter(|&k| self.windows[k].scenario == s && !self.whole(k)).collect())
            .collect();
        // The trajectories of all scenarios side by side (BD6: each is deterministic).
        let t0 = std::time::Instant::now();
        let need: Vec<usize> = (0..self.scenarios.len()).filter(|&s| !held[s].is_empty()).collect();
        let trajectories: Vec<_> = need.par_iter().map(|&s| self.trajectory(s)).collect();
        self.boundaries_s += t0.elapsed().as_secs_f64();
        for (&s, trajectory) in need.iter().zip(trajectories) {
            let sol = match trajectory? {
                Ok(sol) => sol,
                Err(status) => return Ok(Err(status)),
            };
            let case = &self.scenarios[s].case;
            let months = month_of_hour(case);
            for &k in &held[s] {
                self.bounds[k] = Some(held_at(case, &self.windows[k], &sol, &months));
            }
        }
        // The first scenario's windows in fixed chains, each from the basis of the one before.
        let n = self.windows.len();
        let m = self.windows.iter().take_while(|w| w.scenario == 0).count();
        let per_chain = m.div_ceil(FIRST_PASS_CHAINS).max(1);
        let chains: Vec<Range<usize>> = (0..m).step_by(per_chain).map(|a| a..(a + per_chain).min(m)).collect();
        let done: Vec<Chain> = chains.into_par_iter().map(|ks| self.chain(ks, y)).collect();
        let mut out = Vec::with_capacity(n);
        for c in done {
            match c? {
                Ok(v) => out.extend(v),
                Err(status) => return Ok(Err(status)),
            }
        }
        // (BD6) Every other scenario's window from the basis of the first scenario's window
        // over the same hours (weather years share the study year's calendar), side by side.
        let twin =
            |k: usize| (0..m).find(|&j| self.windows[j].start == self.windows[k].start && self.windows[j].hours == self.windows[k].hours);
        let rest: Vec<Result<Result<FirstSolve, SolveStatus>, OpfError>> = (m..n)
            .into_par_iter()
            .map(|k| {
                let w = &self.windows[k];
                let start = twin(k).and_then(|j| out[j].1.as_ref());
                let case = &self.scenarios[w.scenario].case;
                Ok(window::solve(case, w, &self.opts, &self.cands, y, (self.bounds[k].as_ref(), start), false)?
                    .map(|s| (s.eval, s.basis, s.stats)))
            })
            .collect();
        for r in rest {
            match r? {
                Ok(x) => out.push(x),
                Err(status) => return Ok(Err(status)),
            }
        }
        Ok(Ok(out))
    }

    /// Whether window `k` is its scenario's whole horizon.
    fn whole(&self, k: usize) -> bool {
        self.windows[k].first && self.windows[k].last
    }

    /// The dispatch of scenario `s` by its rolling horizon with nothing built.
    fn trajectory(&self, s: usize) -> Result<Result<DispatchSolution, SolveStatus>, OpfError> {
        let mut opts = self.opts.clone();
        opts.expansion.enabled = false;
        opts.solver.parallel_windows = false;
        let out = crate::rolling::dispatch_rolling(&self.scenarios[s].case, &opts, &|_, _| {})?;
        Ok(out.solution.ok_or(out.status))
    }

    /// The windows `ks` in sequence, each from the basis of the one before.
    fn chain(&self, ks: Range<usize>, y: &[f64]) -> Chain {
        let mut out = Vec::with_capacity(ks.len());
        let mut basis: Option<WindowBasis> = None;
        for k in ks.clone() {
            let w = &self.windows[k];
            let case = &self.scenarios[w.scenario].case;
            let start = basis.as_ref().filter(|_| k > ks.start && self.windows[k - 1].scenario == w.scenario);
            match window::solve(case, w, &self.opts, &self.cands, y, (self.bounds[k].as_ref(), start), false)? {
                Ok(s) => {
                    basis.clone_from(&s.basis);
                    out.push((s.eval, s.basis, s.stats));
                }
                Err(status) => return Ok(Err(status)),
            }
        }
        Ok(Ok(out))
    }
}

/// (BD3) The boundary of window `w` from the trajectory `sol` of its case: the states
/// of charge before its first and after its last hour (per unit of the energy
/// capacity; L for storage without any), the energy each budget used in its hours.
fn held_at(case: &Case, w: &Window, sol: &DispatchSolution, months: &[u32]) -> Boundary {
    let n = &case.network;
    let pu = |s: usize, mwh: f64| {
        let u = &n.storage[s];
        if u.energy_mwh > 0.0 {
            (mwh / u.energy_mwh).clamp(0.0, 1.0)
        } else {
            level(u)
        }
    };
    let before = |s: usize| if w.start == 0 { sol.storage_soc_initial_mwh[s] } else { sol.storage_soc_mwh[s][w.start - 1] };
    let end = w.start + w.hours;
    Boundary {
        start_pu: (0..n.storage.len()).map(|s| pu(s, before(s))).collect(),
        end_pu: (0..n.storage.len()).map(|s| Some(pu(s, sol.storage_soc_mwh[s][end - 1]))).collect(),
        budget_mwh: n
            .hydro_budgets
            .iter()
            .map(|b| {
                let hours: Vec<usize> = (w.start..end).filter(|&t| months[t] == b.month).collect();
                (!hours.is_empty()).then(|| hours.iter().map(|&t| sol.gen_p_mw[b.generator][t]).sum())
            })
            .collect(),
    }
}
