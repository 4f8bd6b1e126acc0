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
