//! Least-cost dispatch LPs solved with HiGHS, with prices from the duals of the
//! energy-balance rows.
//!
//! The problem function [`dispatch`] lists what the model contains; the modules
//! under it decide how each piece becomes rows and columns. Equations are labelled
//! as in `docs/formulation.md`.
#![deny(missing_docs)]
#![allow(clippy::needless_range_loop)]

pub mod expansion;
mod expansion_solve;
mod flow;
mod layout;
mod lp;
mod problem;
pub mod rolling;
mod solution;
pub mod topology;
pub mod verify;

pub use problem::{build_dispatch, dispatch, dispatch_single, dispatch_with_progress, DispatchModel};
pub use solution::{BuildResult, DispatchOutcome, DispatchSolution, SolveStats, SolveStatus};

/// Errors that are not solver outcomes (those are [`SolveStatus`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpfError {
    /// The case is inconsistent in a way validation should have caught.
    #[error("invalid model input: {0}")]
    Input(String),
    /// HiGHS refused an option or the model.
    #[error("HiGHS error: {0}")]
    Solver(String),
}
