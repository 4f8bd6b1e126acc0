//! The study pipeline as a library: read a case, dispatch it, check and summarise
//! the result, and write a run folder. The `nagrid` binary is a thin shell over it.
#![deny(missing_docs)]
#![allow(clippy::needless_range_loop)]

pub mod adequacy;
pub mod backcast;
pub mod chart;
pub mod compare;
pub mod demand;
pub mod diff;
pub mod expand;
mod expand_economics;
pub mod expand_remote;
pub mod headroom;
pub mod hourly;
pub mod opf;
mod pipeline;
pub mod plots;
mod progress;
pub mod renewables;
pub mod report;
pub mod report_html;
pub mod statistics;
pub mod stats;
pub mod sweep;
pub mod synthetic;
pub mod units;
pub mod weather;
pub mod weeks;

pub use pipeline::{
    backcast, check_year_override, create_run_folder, island, load_case, load_case_as, load_case_edited, load_case_in_year, load_case_with,
    run, run_backcast, run_case, settings_for_year, validate, validate_in_year, RollingGap, RunOptions, RunReport, Timings,
};
pub use progress::Progress;

/// Errors of the pipeline. Solver outcomes are not errors: see [`RunReport::status`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StudyError {
    /// Reading inputs or writing outputs failed.
    #[error(transparent)]
    Io(#[from] nagrid_io::IoError),
    /// The LP could not be built or passed to the solver.
    #[error(transparent)]
    Opf(#[from] nagrid_opf::OpfError),
    /// Load forecasting inputs or models failed.
    #[error(transparent)]
    Load(#[from] nagrid_load::LoadError),
    /// The solver stopped without an optimum where one is needed (e.g. to compare with the record).
    #[error("the solver stopped with status '{0}'; there is no solution to compare")]
    NotSolved(String),
    /// An argument out of its range or naming nothing in the case (e.g. an unknown region).
    #[error("invalid argument: {0}")]
    Invalid(String),
}
