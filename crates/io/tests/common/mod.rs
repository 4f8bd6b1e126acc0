//! Helpers shared by the bad-input tests of case folders.
#![allow(dead_code)]

use nagrid_io::{read_case, IoError};
use nagrid_model::Issue;
use std::path::Path;

/// The problems `read_case` reports for the case folder `dir` (it must fail with them).
pub fn issues(dir: &Path) -> Vec<Issue> {
    match read_case(dir, None) {
        Err(IoError::Input(i)) => i.0,
        Ok(_) => panic!("expected input problems"),
        Err(e) => panic!("unexpected error {e}"),
    }
}

/// Assert an issue at this file, line, column and value, and that its text names
/// the file and the column.
pub fn assert_issue(found: &[Issue], file: &str, line: usize, column: &str, value: &str) {
    assert!(
        found
            .iter()
            .any(|i| i.file == file && i.row == Some(line) && i.column.as_deref() == Some(column) && i.value.as_deref() == Some(value)),
        "no issue at {file}:{line} {column}='{value}' in {found:#?}"
    );
    let text = found.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
    assert!(text.contains(file) && text.contains(column), "{text}");
}
