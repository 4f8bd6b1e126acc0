//! A CSV table read as text, with typed, located field access that records issues
//! instead of stopping.

use nagrid_model::{Issue, Issues};
use std::collections::HashMap;
use std::path::Path;

/// One static table: header and rows of text fields.
pub(crate) struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// 1-based line number of each row.
    pub lines: Vec<usize>,
    index: HashMap<String, usize>,
}

impl Table {
    /// Read `dir/file`. `Ok(None)` if the file does not exist. Problems reading the
    /// file are pushed to `issues`.
    pub fn read(dir: &Path, file: &str, issues: &mut Issues) -> Option<Table> {
        let path = dir.join(file);
        if !path.exists() {
            return None;
        }
        let mut rdr = match csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).flexible(true).from_path(&path) {
            Ok(r) => r,
            Err(e) => {
                issues.push(Issue::file(file, format!("cannot open: {e}")));
                return None;
            }
        };
        let headers: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.to_string()).collect(),
            Err(e) => {
                issues.push(Issue::file(file, format!("cannot read the header: {e}")));
                return None;
            }
        };
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            if index.insert(h.clone(), i).is_some() {
                issues.push(Issue::at(file, 1, h, h, "column appears twice in the header"));
            }
        }
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for rec in rdr.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                    if r.len() > headers.len() {
                        issues.push(Issue {
                            file: file.into(),
                            row: Some(line),
                            column: None,
                            value: Some(r.iter().skip(headers.len()).collect::<Vec<_>>().join(",")),
                            message: format!(
                                "{} fields but the header has {}; remove the extra fields or name them in the header",
                                r.len(),
                                headers.len()
                            ),
                        });
                        continue;
                    }
                    // Missing trailing fields are empty: optional columns take their defaults.
                    lines.push(line);
                    rows.push(r.iter().map(|s| s.to_string()).collect());
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                    issues.push(Issue {
                        file: file.into(),
                        row: Some(line),
                        column: None,
                        value: None,
                        message: format!("malformed CSV row: {e}"),
                    });
                }
            }
        }
        Some(Table { file: file.into(), headers, rows, lines, index })
    }

    /// Report columns not in `known` (typos).
    pub fn check_columns(&self, required: &[&str], optional: &[&str], issues: &mut Issues) {
        for h in &self.headers {
            if !required.contains(&h.as_str()) && !optional.contains(&h.as_str()) {
                let mut all: Vec<&str> = required.to_vec();
                all.extend_from_slice(optional);
                issues.push(Issue::at(&self.file, 1, h, h, format!("unknown column; known columns are: {}", all.join(", "))));
            }
        }
        for r in required {
            if !self.index.contains_key(*r) {
                issues.push(Issue::file(&self.file, format!("required column '{r}' is missing")));
            }
        }
    }

    /// Raw text of a field; `None` if the column is absent.
    pub fn raw(&self, row: usize, col: &str) -> Option<&str> {
        let i = *self.index.get(col)?;
        Some(self.rows[row].get(i).map_or("", |s| s.as_str()))
    }

    /// A required text field.
    pub fn text(&self, row: usize, col: &str, issues: &mut Issues) -> Option<String> {
        match self.raw(row, col) {
            Some(s) if !s.is_empty() => Some(s.to_string()),
            Some(_) => {
                issues.push(Issue::at(&self.file, self.lines[row], col, "", "value is required"));
                None
            }
            None => None, // missing column already reported
        }
    }

    /// An optional text field (empty or absent gives `None`).
    pub fn opt_text(&self, row: usize, col: &str) -> Option<String> {
        self.raw(row, col).filter(|s| !s.is_empty()).map(|s| s.to_string())
    }

    /// A number; `default` used when the field is empty or the column absent
    /// (`None` default means required).
    pub fn number(&self, row: usize, col: &str, default: Option<f64>, issues: &mut Issues) -> f64 {
        match self.raw(row, col) {
            Some(s) if !s.is_empty() => match s.parse::<f64>() {
                Ok(v) => v,
                Err(_) => {
                    issues.push(Issue::at(&self.file, self.lines[row], col, s, "not a number"));
                    f64::NAN
                }
            },
            _ => match default {
                Some(d) => d,
                None => {
                    if self.raw(row, col).is_some() {
                        issues.push(Issue::at(&self.file, self.lines[row], col, "", "value is required"));
                    }
                    f64::NAN
                }
            },
        }
    }

    /// An optional number: empty gives `None`.
    pub fn opt_number(&self, row: usize, col: &str, issues: &mut Issues) -> Option<f64> {
        match self.raw(row, col) {
            Some(s) if !s.is_empty() => match s.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    issues.push(Issue::at(&self.file, self.lines[row], col, s, "not a number"));
                    None
                }
            },
            _ => None,
        }
    }

    /// Parse a field with `FromStr`, recording the parser's message.
    pub fn parsed<T: std::str::FromStr<Err = String>>(&self, row: usize, col: &str, issues: &mut Issues) -> Option<T> {
        let s = self.text(row, col, issues)?;
        match s.parse::<T>() {
            Ok(v) => Some(v),
            Err(m) => {
                issues.push(Issue::at(&self.file, self.lines[row], col, &s, m));
                None
            }
        }
    }

    /// A required region id, as an index into `net.regions`; an unknown id is
    /// reported at its row and column.
    pub fn region(&self, row: usize, col: &str, net: &nagrid_model::Network, issues: &mut Issues) -> Option<usize> {
        let id = self.text(row, col, issues)?;
        let found = net.region_index(&id);
        if found.is_none() {
            issues.push(Issue::at(&self.file, self.lines[row], col, &id, "unknown region (not in regions.csv)"));
        }
        found
    }

    /// Check ids are unique; returns the ids (empty string for missing).
    pub fn ids(&self, col: &str, issues: &mut Issues) -> Vec<String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(self.rows.len());
        for r in 0..self.rows.len() {
            let id = self.text(r, col, issues).unwrap_or_default();
            if !id.is_empty() {
                if let Some(first) = seen.get(&id) {
                    issues.push(Issue::at(&self.file, self.lines[r], col, &id, format!("duplicate id (first defined on line {first})")));
                } else {
                    seen.insert(id.clone(), self.lines[r]);
                }
            }
            out.push(id);
        }
        out
    }
}
