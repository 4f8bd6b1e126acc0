//! Error types of the load crate.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file: which file, row, column and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// File name (as given by the caller).
    pub file: String,
    /// 1-based line number in the file (header = line 1), if the problem is tied to a row.
    pub row: Option<u64>,
    /// Column name, if the problem is tied to a column.
    pub column: Option<String>,
    /// The offending raw value, if any.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl InputProblem {
    /// Builds a problem record.
    pub fn new(file: impl Into<String>, row: Option<u64>, column: Option<&str>, value: Option<&str>, message: impl Into<String>) -> Self {
        InputProblem {
            file: file.into(),
            row,
            column: column.map(str::to_string),
            value: value.map(str::to_string),
            message: message.into(),
        }
    }
}

/// Formats a list of problems, one per line.
fn list(problems: &[InputProblem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
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
    #[error("{} problem(s) in input data:\n{}", .0.len(), list(.0))]
    Input(Vec<InputProblem>),
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
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, LoadError>;
