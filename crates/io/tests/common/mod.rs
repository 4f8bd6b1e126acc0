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

/// Compare the first Markdown table under each heading of the doc at `path` with
/// the generated one (`(heading line, table)`); with `NAGRID_BLESS_DOCS` set, rewrite
/// the tables that differ instead of failing. `source` names what they come from.
pub fn check_doc_tables(path: &Path, tables: &[(String, String)], source: &str) {
    let doc = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = doc.lines().map(String::from).collect();
    let bless = std::env::var_os("NAGRID_BLESS_DOCS").is_some();
    let mut wrong = Vec::new();
    for (heading, want) in tables {
        let Some(h) = lines.iter().position(|l| l == heading) else {
            wrong.push(format!("no heading `{heading}` in {}", path.display()));
            continue;
        };
        // The first table after the heading, before the next heading.
        let start = (h + 1..lines.len()).find(|&i| lines[i].starts_with('|') || lines[i].starts_with('#')).unwrap_or(lines.len());
        let end = (start..lines.len()).find(|&i| !lines[i].starts_with('|')).unwrap_or(lines.len());
        let found: String = lines[start..end].iter().map(|l| format!("{l}\n")).collect();
        if found != *want {
            wrong.push(format!("table under `{heading}` differs from {source}; it should read:\n\n{want}"));
            if bless {
                let mut new: Vec<String> = want.lines().map(String::from).collect();
                if start == end {
                    new.push(String::new());
                }
                lines.splice(start..end, new);
            }
        }
    }
    if bless {
        std::fs::write(path, lines.join("\n") + "\n").unwrap();
    } else {
        assert!(wrong.is_empty(), "{}\n(NAGRID_BLESS_DOCS=1 rewrites the tables)", wrong.join("\n"));
    }
}
