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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// Add one issue.
    pub fn push(&mut self, i: Issue) {
        self.0.push(i);
    }
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of issues.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Iterate over the issues.
    pub fn iter(&self) -> impl Iterator<Item = &Issue> {
        self.0.iter()
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} input problem(s):", self.0.len())?;
        for i in &self.0 {
            writeln!(f, "  - {i}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Issues {}
