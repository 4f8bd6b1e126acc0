//! Helpers shared by the `nagrid` binary's sweep tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `nagrid` binary under test.
pub fn nagrid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nagrid"))
}

/// The inputs/tiny case folder.
pub fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// Standard output and standard error of a finished command, as text.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Why Slurm cannot be used here, if it cannot (no `scontrol`, or no controller answers).
pub fn slurm_missing() -> Option<String> {
    match Command::new("scontrol").arg("ping").output() {
        Err(e) => Some(format!("scontrol not found ({e})")),
        Ok(o) if !String::from_utf8_lossy(&o.stdout).contains("UP") => Some(format!("no Slurm controller answers: {}", text(&o).trim())),
        Ok(_) => None,
    }
}

/// A copy of inputs/tiny in `dir/tiny` with its Canada–US line expandable (the study
/// crate's expand fixture).
pub fn tiny_expandable(dir: &Path) -> PathBuf {
    let c = dir.join("tiny");
    for f in [
        "study.toml",
        "regions.csv",
        "generators.csv",
        "storage.csv",
        "links.csv",
        "series/loads-p_mw.csv",
        "series/generators-p_max_pu.csv",
    ] {
        std::fs::create_dir_all(c.join(f).parent().unwrap()).unwrap();
        std::fs::copy(tiny().join(f), c.join(f)).unwrap();
    }
    std::fs::write(c.join("lines.csv"), include_str!("../../../study/tests/fixtures/tiny-expandable-lines.csv")).unwrap();
    c
}
