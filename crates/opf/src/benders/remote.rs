//! (BD7) Windows solved elsewhere: the subproblems of an iteration as jobs that
//! another process (a Slurm array task, docs/expansion.md) solves with a
//! [`Benders`] of its own, built from the same inputs.
//!
//! A job carries what the window's solve depends on besides the case: the builds,
//! the window's boundary from the first pass (BD3) and its last optimal basis (WS1).
//! The reply carries what the master keeps: the evaluation (optimum, slope, BD5
//! feasibility), the new basis and the solver statistics. A window solved from the
//! same basis gives the same optimum in any process, so the iterations, cuts and
//! builds are those of the windows solved here.

use super::window::{self, Boundary, Eval};
use super::Benders;
use crate::error::OpfError;
use crate::solution::{SolveStats, SolveStatus};
use crate::warm::WindowBasis;
use serde::{Deserialize, Serialize};

/// One window to solve at some builds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WindowJob {
    window: usize,
    builds_mw: Vec<f64>,
    boundary: Option<Boundary>,
    basis: Option<WindowBasis>,
}

impl WindowJob {
    /// Index of the window (over every scenario, in the decomposition's order).
    pub fn window(&self) -> usize {
        self.window
    }
}

/// A window solved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SolvedWindow {
    pub eval: Eval,
    pub basis: Option<WindowBasis>,
    pub stats: SolveStats,
}

/// The answer to a [`WindowJob`]: the window solved, or the status when it has no optimum.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WindowReply {
    window: usize,
    outcome: Result<SolvedWindow, SolveStatus>,
}

impl WindowReply {
    /// Index of the window.
    pub fn window(&self) -> usize {
        self.window
    }
}

/// Solves the jobs of one evaluation somewhere else (e.g. a Slurm job array).
pub trait WindowExecutor: Send + Sync {
    /// Solve every job; one reply per job, in any order. An error stops the expansion.
    fn run(&self, jobs: Vec<WindowJob>) -> Result<Vec<WindowReply>, OpfError>;
}

impl Benders<'_> {
    /// Send the windows of every later evaluation to `executor` (the first pass, the
    /// final dispatch and its statistics stay in this process).
    pub fn set_executor(&mut self, executor: Box<dyn WindowExecutor>) {
        self.executor = Some(executor);
    }

    /// The job of window `k` at builds `y`, from its boundary and last basis.
    pub(crate) fn job(&self, k: usize, y: &[f64]) -> WindowJob {
        WindowJob { window: k, builds_mw: y.to_vec(), boundary: self.bounds[k].clone(), basis: self.states[k].basis.clone() }
    }

    /// Solve `job` (what a worker process does with the job another process wrote).
    pub fn solve_job(&self, job: &WindowJob) -> Result<WindowReply, OpfError> {
        let k = job.window;
        if k >= self.windows.len() || job.builds_mw.len() != self.cands.len() {
            return Err(OpfError::Input(format!(
                "window job {k} with {} builds does not fit this decomposition ({} windows, {} candidates): the inputs differ from those of the expansion that wrote it",
                job.builds_mw.len(),
                self.windows.len(),
                self.cands.len()
            )));
        }
        let w = &self.windows[k];
        let case = &self.scenarios[w.scenario].case;
        let start = (job.boundary.as_ref(), job.basis.as_ref().map(window::Start::Window));
        let solved = window::solve(case, w, &self.opts, &self.cands, &job.builds_mw, start, false)?;
        let outcome = solved.map(|s| SolvedWindow { eval: s.eval, basis: s.basis, stats: s.stats });
        Ok(WindowReply { window: k, outcome })
    }
}

/// The replies of `jobs` from `executor`, in the order of the jobs: one per job, each
/// for the window asked.
pub(crate) fn run_remote(executor: &dyn WindowExecutor, jobs: Vec<WindowJob>) -> Result<Vec<Result<SolvedWindow, SolveStatus>>, OpfError> {
    let order: Vec<usize> = jobs.iter().map(|j| j.window).collect();
    if order.is_empty() {
        return Ok(Vec::new());
    }
    let mut replies = executor.run(jobs)?;
    let mut out = Vec::with_capacity(order.len());
    for k in order {
        let Some(i) = replies.iter().position(|r| r.window == k) else {
            return Err(OpfError::Input(format!("the window executor returned no reply for window {k}")));
        };
        out.push(replies.swap_remove(i).outcome);
    }
    Ok(out)
}
