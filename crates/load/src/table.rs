//! Small helper for reading typed CSV tables with every problem reported at once
//! (file, row, column, value).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::error::{issue, LoadError, Result};
use crate::io::open_maybe_gz;
use nagrid_model::Issues;

/// A CSV table held as strings, with a collector of problems.
pub struct Table {
    /// File label used in messages.
    pub file: String,
    headers: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
    /// Problems found so far.
    pub problems: Issues,
}

impl Table {
    /// Reads a CSV file (gzip allowed).
    pub fn from_path(path: &Path) -> Result<Self> {
        Self::from_reader(&path.display().to_string(), open_maybe_gz(path)?)
    }

    /// Reads CSV text from any reader; `file` labels messages.
    pub fn from_reader(file: &str, r: impl Read) -> Result<Self> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(r);
        let err = |line: u64, e: csv::Error| LoadError::Input(Issues(vec![issue(file, Some(line), None, None, e.to_string())]));
        let headers = rdr.headers().map_err(|e| err(1, e))?.iter().enumerate().map(|(i, h)| (h.to_string(), i)).collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| err(0, e))?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(str::is_empty) {
                continue;
            }
            rows.push((line, rec));
        }
        Ok(Table { file: file.to_string(), headers, rows, problems: Issues::default() })
    }

    /// Checks that the required columns exist (recording a problem for each missing one).
    pub fn require(&mut self, columns: &[&str]) -> bool {
        let mut ok = true;
        for c in columns {
            if !self.headers.contains_key(*c) {
                let mut have: Vec<_> = self.headers.iter().collect();
                have.sort_by_key(|(_, i)| **i);
                let have: Vec<&str> = have.into_iter().map(|(h, _)| h.as_str()).collect();
                self.problems.push(issue(&self.file, Some(1), Some(c), None, format!("missing column (header has: {})", have.join(","))));
                ok = false;
            }
        }
        ok
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Raw (trimmed) string of a cell; empty if the column is absent.
    pub fn raw(&self, row: usize, column: &str) -> &str {
        self.headers.get(column).and_then(|&i| self.rows[row].1.get(i)).unwrap_or("")
    }

    /// Line number of a data row.
    pub fn line(&self, row: usize) -> u64 {
        self.rows[row].0
    }

    /// Records a problem at a cell.
    pub fn problem(&mut self, row: usize, column: &str, message: impl Into<String>) {
        let value = self.raw(row, column).to_string();
        let line = self.line(row);
        self.problems.push(issue(&self.file, Some(line), Some(column), Some(&value), message));
    }

    /// Parses a cell, recording a problem (and returning `None`) when it fails.
    pub fn parse<T: FromStr>(&mut self, row: usize, column: &str, what: &str) -> Option<T> {
        let raw = self.raw(row, column);
        match raw.parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                let msg = if raw.is_empty() { format!("missing {what}") } else { format!("not {what}") };
                self.problem(row, column, msg);
                None
            }
        }
    }

    /// Parses a finite number, optionally checking a closed range.
    pub fn number(&mut self, row: usize, column: &str, range: Option<(f64, f64)>) -> Option<f64> {
        let v: f64 = self.parse(row, column, "a number")?;
        if !v.is_finite() {
            self.problem(row, column, "not a finite number");
            return None;
        }
        if let Some((lo, hi)) = range {
            if v < lo || v > hi {
                self.problem(row, column, format!("outside [{lo}, {hi}]"));
                return None;
            }
        }
        Some(v)
    }

    /// Returns the collected problems as an error, if any.
    pub fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(LoadError::Input(self.problems))
        }
    }
}
