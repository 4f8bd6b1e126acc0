//! Case folders in, result tables out.
//!
//! [`read_case`] reads `study.toml`, the static component tables and the hourly
//! series of a case folder into a validated [`nagrid_model::Case`], collecting every
//! problem in one pass. [`results`] writes result tables and finalises run folders
//! atomically.
#![deny(missing_docs)]

mod case;
mod costs;
pub mod matpower;
pub mod overrides;
pub mod prepare;
pub mod pypsa;
pub mod record;
mod reserves;
pub mod results;
pub mod schema;
mod series;
mod settings;
pub mod sweep_spec;
mod table;
mod write_case;

pub use case::{
    axis_of, read_case, read_case_edited, read_case_full, read_case_with, read_network, read_network_edited, read_settings, CaseFiles,
    ProvidedLoads,
};
pub use overrides::Override;
pub use results::{file_sha256, RunFolder};
pub use settings::{check_case_folder, check_hours_override};
pub use table::Table;
pub use write_case::write_case;

use nagrid_model::Issues;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// The inputs have problems; every one found is listed.
    #[error("{0}")]
    Input(Issues),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A result could not be serialised (e.g. to JSON); nothing was written.
    #[error("cannot serialise {file}: {reason}")]
    Serialize {
        /// The file that was to be written.
        file: String,
        /// What the serialiser said.
        reason: String,
    },
    /// Refusing to overwrite an existing run folder.
    #[error("{0} already exists; nagrid never overwrites a run (choose another --out)")]
    Exists(String),
}

impl IoError {
    pub(crate) fn file(path: &std::path::Path, source: std::io::Error) -> Self {
        IoError::File { path: path.display().to_string(), source }
    }
}
