//! Fixtures shared by the study crate's integration tests.

use std::path::{Path, PathBuf};

/// The hand-checkable case folder.
pub fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// inputs/tiny's case files (no record, no README) copied into `dest`, except `skip`.
pub fn copy_tiny(dest: &Path, skip: &[&str]) {
    std::fs::create_dir_all(dest.join("series")).unwrap();
    let files = [
        "study.toml",
        "regions.csv",
        "generators.csv",
        "storage.csv",
        "lines.csv",
        "links.csv",
        "series/loads-p_mw.csv",
        "series/generators-p_max_pu.csv",
    ];
    for f in files.iter().filter(|f| !skip.contains(f)) {
        std::fs::copy(tiny().join(f), dest.join(f)).unwrap();
    }
}
