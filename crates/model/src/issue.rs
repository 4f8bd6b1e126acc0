//! Input problems: one [`Issue`] names the file, row, column and value at fault.
//!
//! Readers collect every issue in one pass and report them together.

use std::fmt;

/// A problem with one field of a component, before its location is known.
///
/// Validation rules in this crate return these; the reader that knows the file and
/// row turns them into [`Issue`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIssue {
    /// Column (field) name, as spelled in the input table.
    pub column: String,
    /// The offending value, as text.
    pub value: String,
    /// What is wrong and, when obvious, how to fix it.
    pub message: String,
}

impl FieldIssue {
    /// A new field issue.
    pub fn new(column: impl Into<String>, value: impl fmt::Display, message: impl Into<String>) -> Self {
        Self { column: column.into(), value: value.to_string(), message: message.into() }
    }
}

/// A located input problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// File path relative to the case folder (e.g. `generators.csv`).
    pub file: String,
    /// 1-based line number in the file (the header is line 1), if the problem is in a row.
    pub row: Option<usize>,
    /// Column or key name, if any.
    pub column: Option<String>,
    /// The offending value, if any.
    pub value: Option<String>,
    /// Explanation and fix.
    pub message: String,
}

impl Issue {
    /// An issue about a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: file.into(), row: None, column: None, value: None, message: message.into() }
    }

    /// An issue at a row, column and value.
    pub fn at(
        file: impl Into<String>,
        row: usize,
        column: impl Into<String>,
        value: impl fmt::Display,
        message: impl Into<String>,
    ) -> Self {
        Self { file: file.into(), row: Some(row), column: Some(column.into()), value: Some(value.to_string()), message: message.into() }
    }

    /// Locate a [`FieldIssue`] in a file row.
    pub fn from_field(file: &str, row: usize, f: FieldIssue) -> Self {
        Self::at(file, row, f.column, f.value, f.message)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", line {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{v}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All problems found in one pass over the inputs.
///
/// At most [`MAX_ISSUES_PER_FILE`](crate::limits::MAX_ISSUES_PER_FILE) problems in
/// rows of one file are kept; the rest are counted in one closing line per file
/// ("… and N more problems in this file"), so a huge file of bad rows cannot flood
/// the report or the memory. Problems about a whole file (no row) are always kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Issues(pub Vec<Issue>);

const MORE_PREFIX: &str = "… and ";
const MORE_SUFFIX: &str = " more problems in this file";

/// The count of a "… and N more problems in this file" line.
fn more_count(i: &Issue) -> Option<usize> {
    if i.row.is_some() || i.column.is_some() {
        return None;
    }
    i.message.strip_prefix(MORE_PREFIX)?.strip_suffix(MORE_SUFFIX)?.parse().ok()
}

impl Issues {
    /// Add one issue (counted only, past the per-file cap on row problems).
    pub fn push(&mut self, i: Issue) {
        if i.row.is_some() {
            let shown = self.0.iter().filter(|j| j.row.is_some() && j.file == i.file).count();
            if shown >= crate::limits::MAX_ISSUES_PER_FILE {
                self.count_more(&i.file);
                return;
            }
        }
        self.0.push(i);
    }

    fn count_more(&mut self, file: &str) {
        for j in self.0.iter_mut().rev() {
            if j.file == file {
                if let Some(n) = more_count(j) {
                    j.message = format!("{MORE_PREFIX}{}{MORE_SUFFIX}", n + 1);
                    return;
                }
            }
        }
        self.0.push(Issue::file(file, format!("{MORE_PREFIX}1{MORE_SUFFIX}")));
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of issues listed (a "… and N more" line counts as one).
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Number of problems found, those only counted included.
    pub fn total(&self) -> usize {
        self.0.iter().map(|i| more_count(i).unwrap_or(1)).sum()
    }
    /// Iterate over the issues.
    pub fn iter(&self) -> impl Iterator<Item = &Issue> {
        self.0.iter()
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} input problem(s):", self.total())?;
        for i in &self.0 {
            writeln!(f, "  - {i}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Issues {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_ISSUES_PER_FILE;

    #[test]
    fn row_problems_are_capped_per_file_and_counted() {
        let mut v = Issues::default();
        v.push(Issue::file("a.csv", "required column 'id' is missing"));
        for r in 0..MAX_ISSUES_PER_FILE + 7 {
            v.push(Issue::at("a.csv", r + 2, "x", "y", "bad"));
            v.push(Issue::at("b.csv", r + 2, "x", "y", "bad"));
        }
        v.push(Issue::file("a.csv", "too large"));
        assert_eq!(v.len(), 2 * MAX_ISSUES_PER_FILE + 4);
        assert_eq!(v.total(), 2 * MAX_ISSUES_PER_FILE + 2 * 7 + 2);
        let text = v.to_string();
        assert!(text.contains("a.csv: … and 7 more problems in this file"), "{text}");
        assert!(text.contains("b.csv: … and 7 more problems in this file"), "{text}");
        assert!(text.contains("a.csv: too large"), "{text}");
        assert!(text.starts_with(&format!("{} input problem(s)", v.total())), "{text}");
    }
}
