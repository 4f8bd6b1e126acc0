//! The crate's error type (bottom of the module graph: imports nothing of the crate).

/// Errors that are not solver outcomes (those are statuses, `SolveStatus`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpfError {
    /// The case is inconsistent in a way validation should have caught.
    #[error("invalid model input: {0}")]
    Input(String),
    /// HiGHS refused an option or the model.
    #[error("HiGHS error: {0}")]
    Solver(String),
    /// Writing the LP to a file failed.
    #[error("cannot write the LP to {path}: {reason}")]
    Write {
        /// The file.
        path: String,
        /// What HiGHS or the file system said.
        reason: String,
    },
}
