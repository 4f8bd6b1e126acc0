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
//! side, keeping the optimal basis of each of their windows (WS5). The first
//! scenario's windows are then solved side by side, each from the basis of the
//! trajectory's window that shares the most hours with it (held to that trajectory,
//! the window's optimum is near that window's dispatch over the shared hours); every
//! other scenario's window from the basis of the first scenario's window over the
//! same hours (the weather years share the study year's calendar, so the two LPs are
//! laid out alike and their data differ only by the weather), all side by side.
//! Every start is fixed, so the results do not depend on the cores.

use super::window::{self, level, Boundary, Eval, Start, Window};
use super::Benders;
use crate::error::OpfError;
use crate::inputs::month_of_hour;
use crate::solution::{DispatchSolution, SolveStats, SolveStatus};
use crate::warm::{Snapshot, WindowBasis};
use nagrid_model::Case;
use rayon::prelude::*;
use std::sync::Mutex;

/// What the first pass gives each window.
pub(crate) type FirstSolve = (Eval, Option<WindowBasis>, SolveStats);

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
        // (WS5) Only the first scenario's windows start from their trajectory's; the others from their twins (below).
        let trajectories: Vec<_> = need.par_iter().map(|&s| self.trajectory(s, s == 0)).collect();
        self.boundaries_s += t0.elapsed().as_secs_f64();
        let mut starts: Vec<Option<Snapshot>> = vec![None; self.windows.len()];
        for (&s, trajectory) in need.iter().zip(trajectories) {
            let (sol, snapshots) = match trajectory? {
                Ok(x) => x,
                Err(status) => return Ok(Err(status)),
            };
            let case = &self.scenarios[s].case;
            let months = month_of_hour(case);
            for &k in &held[s] {
                let w = &self.windows[k];
                self.bounds[k] = Some(held_at(case, w, &sol, &months));
                // (WS5) The trajectory's window that shares the most hours with this one (the earliest of equals).
                starts[k] = snapshots
                    .iter()
                    .filter(|x| x.overlap(w.start, w.hours) > 0)
                    .max_by_key(|x| (x.overlap(w.start, w.hours), std::cmp::Reverse(x.start)))
                    .cloned();
            }
        }
        // The first scenario's windows side by side, each from its trajectory's window (WS5).
        let m = self.windows.iter().take_while(|w| w.scenario == 0).count();
        let solve = |k: usize, start: Option<Start>| -> Result<Result<FirstSolve, SolveStatus>, OpfError> {
            let w = &self.windows[k];
            let case = &self.scenarios[w.scenario].case;
            Ok(window::solve(case, w, &self.opts, &self.cands, y, (self.bounds[k].as_ref(), start), false)?
                .map(|s| (s.eval, s.basis, s.stats)))
        };
        let mut solved: Vec<Result<Result<FirstSolve, SolveStatus>, OpfError>> =
            (0..m).into_par_iter().map(|k| solve(k, starts[k].as_ref().map(Start::Inside))).collect();
        // (BD6) Every other scenario's window from the optimal basis of the first scenario's
        // window over the same hours (weather years share the study year's calendar, so the
        // two LPs are laid out alike and differ only by the weather: a closer start than
        // its own trajectory's), else from its trajectory's; side by side.
        let twin = |k: usize| {
            let w = &self.windows[k];
            (0..m).find(|&j| self.windows[j].start == w.start && self.windows[j].hours == w.hours)
        };
        let basis_of = |j: usize| match &solved[j] {
            Ok(Ok(x)) => x.1.as_ref(),
            _ => None,
        };
        let rest: Vec<_> = (m..self.windows.len())
            .into_par_iter()
            .map(|k| match twin(k).and_then(basis_of) {
                Some(b) => solve(k, Some(Start::Window(b))),
                None => solve(k, starts[k].as_ref().map(Start::Inside)),
            })
            .collect();
        solved.extend(rest);
        let mut out = Vec::with_capacity(self.windows.len());
        for r in solved {
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

    /// The dispatch of scenario `s` by its rolling horizon with nothing built, and
    /// with `keep` (WS5) the optimal basis of each of its windows.
    fn trajectory(&self, s: usize, keep: bool) -> Result<Result<(DispatchSolution, Vec<Snapshot>), SolveStatus>, OpfError> {
        let mut opts = self.opts.clone();
        opts.expansion.enabled = false;
        opts.solver.parallel_windows = false;
        let kept = Mutex::new(Vec::new());
        let out = crate::rolling::dispatch_rolling_kept(&self.scenarios[s].case, &opts, &|_, _| {}, keep.then_some(&kept))?;
        let snapshots = kept.into_inner().expect("no panic while held");
        Ok(out.solution.map(|sol| (sol, snapshots)).ok_or(out.status))
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
