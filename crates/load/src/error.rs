//! Error types of the load crate.

use nagrid_model::{Issue, Issues};
use std::path::PathBuf;

/// An [`Issue`] at an optional row (1-based line, header = 1), column and value.
pub(crate) fn issue(
    file: impl Into<String>,
    row: Option<u64>,
    column: Option<&str>,
    value: Option<&str>,
    message: impl Into<String>,
) -> Issue {
    Issue {
        file: file.into(),
        row: row.map(|r| usize::try_from(r).unwrap_or(usize::MAX)),
        column: column.map(str::to_string),
        value: value.map(str::to_string),
        message: message.into(),
    }
}

/// Errors of the `nagrid-load` crate.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// One or more problems in input data, all collected in one pass.
    #[error("{0}")]
    Input(Issues),
    /// An invalid argument or configuration.
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// A numerical failure (e.g. a rank-deficient regression that cannot be repaired).
    #[error("numerical error: {0}")]
    Numerical(String),
    /// JSON (de)serialisation failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// Plot rendering failed.
    #[error("plot error: {0}")]
    Plot(String),
    /// Writing a run folder failed (or it exists already).
    #[error(transparent)]
    Output(#[from] nagrid_io::IoError),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, LoadError>;
