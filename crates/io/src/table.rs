//! A CSV table read as text, with typed, located field access that records issues
//! instead of stopping. The one CSV table of the workspace: the case-folder reader
//! ([`Table::read`]) and other crates (e.g. nagrid-load, through
//! [`Table::from_reader`], gzip or not) read their static tables with it.
//!
//! The file is read line by line and its fields are kept in one text buffer, so
//! memory stays close to the size of the table's text. A static table has at most
//! [`MAX_TABLE_ROWS`] rows, [`MAX_TABLE_BYTES`] of field text and lines of at most
//! [`MAX_LINE_BYTES`]; reading stops at the first limit exceeded, with an issue.
//! Fields may be quoted (`"a, b"`, `""` for a quote) but a quote must close on its
//! line: static tables have no multi-line fields.

use crate::schema::TableSchema;
use nagrid_model::{Issue, Issues, Network};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Most data rows of a static table (PGLib's largest case has about 126,000 branches).
pub(crate) const MAX_TABLE_ROWS: usize = 250_000;
/// Most field text of a static table, bytes (64 MiB), counting 4 bytes per field.
pub(crate) const MAX_TABLE_BYTES: usize = 64 << 20;
/// Longest line of a static table, bytes (1 MiB).
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// Id → index of the components of one kind.
pub(crate) type IdIndex = HashMap<String, usize>;

/// Id → index of the regions of `net`.
pub(crate) fn region_index(net: &Network) -> IdIndex {
    net.regions.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect()
}

/// One static table: header and rows of trimmed text fields, with typed, located
/// field access that pushes problems to an [`Issues`] and goes on.
pub struct Table {
    /// File label used in issues.
    pub file: String,
    /// Column names, in file order.
    pub headers: Vec<String>,
    /// 1-based line number of each row.
    pub lines: Vec<usize>,
    /// The fields of every row, one after the other.
    text: String,
    /// End of each field in `text`; row `r` has `headers.len()` entries from `r * headers.len()`.
    ends: Vec<u32>,
    /// Number of fields actually written on each row (fewer than the header is reported).
    widths: Vec<u32>,
    index: HashMap<String, usize>,
}

/// Whether `dir/file` is absent (as opposed to present but unreadable).
pub(crate) fn is_missing(dir: &Path, file: &str) -> bool {
    matches!(std::fs::metadata(dir.join(file)), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// The message for a file that exists but cannot be read.
pub(crate) fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    let hint = if e.kind() == std::io::ErrorKind::PermissionDenied { " (make it readable, e.g. chmod u+r)" } else { "" };
    format!("cannot read {}: {e}{hint}", path.display())
}

impl Table {
    /// Read `dir/file`. `None` if the file does not exist or cannot be opened (the
    /// latter is pushed to `issues`, as are problems in its lines).
    pub fn read(dir: &Path, file: &str, issues: &mut Issues) -> Option<Table> {
        let path = dir.join(file);
        let f = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                issues.push(Issue::file(file, cannot_read(&path, &e)));
                return None;
            }
        };
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            issues.push(Issue::file(file, "is a folder; expected a CSV file"));
            return None;
        }
        Some(Table::from_reader(file, f, issues))
    }

    /// Read CSV text from any reader (a file, a gzip decoder, a built-in string);
    /// `file` labels the issues. Problems in its lines are pushed to `issues` and the
    /// rows that could be read are kept; the limits of a static table apply.
    pub fn from_reader(file: &str, r: impl Read, issues: &mut Issues) -> Table {
        let mut t = Table {
            file: file.into(),
            headers: Vec::new(),
            lines: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            widths: Vec::new(),
            index: HashMap::new(),
        };
        t.read_lines(&mut BufReader::with_capacity(1 << 16, r), issues);
        t
    }

    fn read_lines(&mut self, rdr: &mut impl BufRead, issues: &mut Issues) {
        let file = self.file.clone();
        let (mut buf, mut fields) = (Vec::new(), Vec::new());
        let mut header_seen = false;
        let mut line = 0;
        loop {
            let long = match read_line(rdr, &mut buf) {
                Ok(None) => break,
                Ok(Some(long)) => long,
                Err(e) => {
                    issues.push(Issue {
                        file: file.clone(),
                        row: Some(line + 1),
                        column: None,
                        value: None,
                        message: format!("cannot read: {e}"),
                    });
                    break;
                }
            };
            line += 1;
            let at = |value: &str, message: String| Issue {
                file: file.clone(),
                row: Some(line),
                column: None,
                value: Some(value.into()),
                message,
            };
            if long {
                issues.push(at("", format!("line longer than {} MiB; a static table has short lines", MAX_LINE_BYTES >> 20)));
                continue;
            }
            let bytes = if line == 1 { buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf) } else { &buf[..] };
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let text = match std::str::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    let ok = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
                    issues.push(at(&ok, format!("not UTF-8 text after byte {}; save the file as UTF-8", e.valid_up_to())));
                    continue;
                }
            };
            if text.trim().is_empty() || text.trim_start().starts_with('#') {
                continue;
            }
            // A header of any width; rows keep one field past the header's to show.
            let max = if header_seen { self.headers.len() + 1 } else { MAX_LINE_BYTES };
            let count = match split_fields(text, &mut fields, max) {
                Ok(n) => n,
                Err(m) => {
                    issues.push(at(&shorten(text), m.into()));
                    continue;
                }
            };
            if !header_seen {
                header_seen = true;
                self.set_headers(std::mem::take(&mut fields), line, issues);
                continue;
            }
            // Field text plus 4 bytes per field (a row of empty fields still takes room).
            if self.lines.len() == MAX_TABLE_ROWS || self.text.len() + 4 * self.ends.len() > MAX_TABLE_BYTES {
                issues.push(Issue::file(
                    &file,
                    format!(
                        "too large: reading stopped at line {line}; a static table has at most {MAX_TABLE_ROWS} rows and {} MiB of text",
                        MAX_TABLE_BYTES >> 20
                    ),
                ));
                break;
            }
            self.push_row(&fields, count, line, issues);
        }
    }

    fn set_headers(&mut self, headers: Vec<String>, line: usize, issues: &mut Issues) {
        if let Some(i) = headers.iter().position(|h| h.is_empty()) {
            let m = format!("column {} of the header has no name (a stray comma?); name every column", i + 1);
            issues.push(Issue::at(&self.file, line, "", "", m));
        }
        for (i, h) in headers.iter().enumerate() {
            if self.index.insert(h.clone(), i).is_some() && !h.is_empty() {
                issues.push(Issue::at(&self.file, line, h, h, "column appears twice in the header"));
            }
        }
        self.headers = headers;
    }

    /// Store a row of `count` fields (the first of them in `fields`).
    fn push_row(&mut self, fields: &[String], count: usize, line: usize, issues: &mut Issues) {
        let n = self.headers.len();
        if count != n {
            let message = if count > n {
                format!("{count} fields but the header has {n}; remove the extra fields or name them in the header")
            } else {
                format!(
                    "{count} fields but the header has {n}; write every field, leaving optional ones empty (e.g. `a,b,,`): no value for {}",
                    self.headers[count..].join(", ")
                )
            };
            let value = (count > n).then(|| shorten(&fields[n..].join(",")) + if count > fields.len() { ",…" } else { "" });
            let column = self.headers.get(count).cloned();
            issues.push(Issue { file: self.file.clone(), row: Some(line), column, value, message });
        }
        for i in 0..n {
            self.text.push_str(fields.get(i).map_or("", |s| s.as_str()));
            self.ends.push(self.text.len() as u32);
        }
        self.widths.push(count.min(n) as u32);
        self.lines.push(line);
    }

    /// Set the field of `row` in column `col` to `value` (an override), adding the
    /// column when the header does not have it (other rows then read it as absent).
    pub(crate) fn edit(&mut self, row: usize, col: &str, value: &str) {
        let old_n = self.headers.len();
        if !self.index.contains_key(col) {
            self.index.insert(col.to_string(), old_n);
            self.headers.push(col.to_string());
        }
        let n = self.headers.len();
        let target = self.index[col];
        let mut text = String::with_capacity(self.text.len() + value.len());
        let mut ends = Vec::with_capacity(self.lines.len() * n);
        for r in 0..self.lines.len() {
            for i in 0..n {
                let k = r * old_n + i;
                let old = if i < old_n {
                    let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
                    &self.text[start..self.ends[k] as usize]
                } else {
                    ""
                };
                text.push_str(if r == row && i == target { value } else { old });
                ends.push(text.len() as u32);
            }
        }
        if self.widths[row] as usize == old_n {
            self.widths[row] = n as u32;
        }
        self.text = text;
        self.ends = ends;
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the table has no data rows.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Check the header against the table's schema ([`crate::schema`]): unknown
    /// columns (typos) and missing required ones are reported.
    pub fn check_schema(&self, schema: &TableSchema, issues: &mut Issues) {
        self.check_columns(&schema.required(), &schema.optional(), issues);
    }

    /// A number of a column of `schema`: empty or absent gives the schema's default
    /// ([`crate::schema::Need::Number`]); without one the value is required.
    pub fn value(&self, schema: &TableSchema, row: usize, col: &str, issues: &mut Issues) -> f64 {
        let default = schema.column(col).and_then(|c| c.need.number());
        debug_assert!(schema.column(col).is_some(), "{col} is not a column of {}", schema.file);
        self.number(row, col, default, issues)
    }

    /// A text field of a column of `schema`: empty or absent gives the schema's
    /// default text ([`crate::schema::Need::Text`]).
    pub fn text_or_default(&self, schema: &TableSchema, row: usize, col: &str) -> Option<String> {
        self.opt_text(row, col).or_else(|| match schema.column(col).map(|c| c.need) {
            Some(crate::schema::Need::Text(t)) => Some(t.to_string()),
            _ => None,
        })
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
        self.require(required, issues);
    }

    /// Report each of `required` missing from the header; true when none is.
    pub fn require(&self, required: &[&str], issues: &mut Issues) -> bool {
        let mut ok = true;
        for r in required {
            if !self.index.contains_key(*r) {
                issues.push(Issue::file(&self.file, format!("required column '{r}' is missing")));
                ok = false;
            }
        }
        ok
    }

    /// 1-based line number of a data row (the header is line 1).
    pub fn line(&self, row: usize) -> usize {
        self.lines[row]
    }

    /// Raw text of a field; `None` if the column is absent or the row is too short
    /// to have it (both reported already).
    pub fn raw(&self, row: usize, col: &str) -> Option<&str> {
        let i = *self.index.get(col)?;
        if i >= self.widths[row] as usize {
            return None;
        }
        let k = row * self.headers.len() + i;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        Some(&self.text[start..self.ends[k] as usize])
    }

    /// An issue at a field of a row, showing its value as written.
    pub fn issue(&self, row: usize, col: &str, message: impl Into<String>) -> Issue {
        Issue::at(&self.file, self.lines[row], col, self.raw(row, col).unwrap_or(""), message)
    }

    /// A required text field.
    pub fn text(&self, row: usize, col: &str, issues: &mut Issues) -> Option<String> {
        match self.raw(row, col) {
            Some(s) if !s.is_empty() => Some(s.to_string()),
            Some(_) => {
                issues.push(Issue::at(&self.file, self.lines[row], col, "", "value is required"));
                None
            }
            None => None, // missing column or short row already reported
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
            Some(s) if !s.is_empty() => self.parse_number(row, col, s, issues).unwrap_or(f64::NAN),
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
            Some(s) if !s.is_empty() => self.parse_number(row, col, s, issues),
            _ => None,
        }
    }

    fn parse_number(&self, row: usize, col: &str, s: &str, issues: &mut Issues) -> Option<f64> {
        match s.parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let hint = match s.to_ascii_lowercase().as_str() {
                    "null" | "none" | "na" | "n/a" | "nil" | "-" => "; leave the field empty for the default, or write a number",
                    _ => "",
                };
                issues.push(Issue::at(&self.file, self.lines[row], col, s, format!("not a number{hint}")));
                None
            }
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

    /// Parse a field with `FromStr`, naming `what` was expected: an empty field is
    /// reported as `missing {what}`, one that does not parse as `not {what}`. `None`
    /// also when the column is absent or the row too short (both reported already).
    pub fn parse_as<T: std::str::FromStr>(&self, row: usize, col: &str, what: &str, issues: &mut Issues) -> Option<T> {
        let raw = self.raw(row, col)?;
        match raw.parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                let m = if raw.is_empty() { format!("missing {what}") } else { format!("not {what}") };
                issues.push(self.issue(row, col, m));
                None
            }
        }
    }

    /// A required finite number, within the closed `range` if one is given.
    pub fn number_in(&self, row: usize, col: &str, range: Option<(f64, f64)>, issues: &mut Issues) -> Option<f64> {
        let v: f64 = self.parse_as(row, col, "a number", issues)?;
        if !v.is_finite() {
            issues.push(self.issue(row, col, "not a finite number"));
            return None;
        }
        match range {
            Some((lo, hi)) if v < lo || v > hi => {
                issues.push(self.issue(row, col, format!("outside [{lo}, {hi}]")));
                None
            }
            _ => Some(v),
        }
    }

    /// A required region id, as an index into the network's regions (`regions` from
    /// [`region_index`]); an unknown id is reported at its row and column.
    pub fn region(&self, row: usize, col: &str, regions: &IdIndex, issues: &mut Issues) -> Option<usize> {
        let id = self.text(row, col, issues)?;
        let found = regions.get(&id).copied();
        if found.is_none() {
            issues.push(Issue::at(&self.file, self.lines[row], col, &id, "unknown region (not in regions.csv)"));
        }
        found
    }

    /// Check ids are unique and usable as column names of the hourly files; returns
    /// the ids (empty string for missing).
    pub fn ids(&self, col: &str, issues: &mut Issues) -> Vec<String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(self.len());
        for r in 0..self.len() {
            let id = self.text(r, col, issues).unwrap_or_default();
            if !id.is_empty() {
                if let Some(m) = id_problem(&id) {
                    issues.push(Issue::at(&self.file, self.lines[r], col, &id, m));
                }
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

/// Why `id` cannot name a component (it becomes a column name of the hourly files).
pub(crate) fn id_problem(id: &str) -> Option<&'static str> {
    if id == "timestamp" {
        Some("'timestamp' is reserved: it names the time column of the hourly files; choose another id")
    } else if id.parse::<f64>().is_ok_and(|v| !v.is_finite()) {
        Some("an id may not read as a non-finite number (NaN, inf): tools reading the outputs would take it for a missing value")
    } else if id.chars().any(|c| c == ',' || c == '"' || c.is_control()) {
        Some("an id may not contain commas, quotes or control characters (it names a column of the hourly files)")
    } else {
        None
    }
}

/// Read one line into `buf` (without its `\n`). `Ok(None)` at the end of the file,
/// `Ok(Some(true))` when the line is longer than [`MAX_LINE_BYTES`] (the rest of it
/// is skipped, not stored).
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let (mut any, mut long) = (false, false);
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(any.then_some(long));
        }
        any = true;
        let newline = avail.iter().position(|&c| c == b'\n');
        let chunk = &avail[..newline.unwrap_or(avail.len())];
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        long |= chunk.len() > room;
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = newline.map_or(avail.len(), |p| p + 1);
        r.consume(used);
        if newline.is_some() {
            return Ok(Some(long));
        }
    }
}

/// Split a line into trimmed fields, keeping the first `max` in `out`; returns the
/// number of fields. A field may be quoted (`"a, b"`, `""` inside for one quote);
/// the quote must close on the same line.
fn split_fields(line: &str, out: &mut Vec<String>, max: usize) -> Result<usize, &'static str> {
    const UNTERMINATED: &str = "unterminated quote: a field opens a quote (\") that does not close on its line; close it or remove it";
    out.clear();
    let mut rest = line;
    loop {
        if out.len() == max {
            // Only count the rest (a line of a million commas must not take a minute).
            let mut quoted = false;
            let mut n = out.len() + 1;
            for b in rest.bytes() {
                match b {
                    b'"' => quoted = !quoted,
                    b',' if !quoted => n += 1,
                    _ => {}
                }
            }
            return if quoted { Err(UNTERMINATED) } else { Ok(n) };
        }
        let start = rest.trim_start();
        if let Some(quoted) = start.strip_prefix('"') {
            let mut field = String::new();
            let mut s = quoted;
            loop {
                let Some(q) = s.find('"') else {
                    return Err(UNTERMINATED);
                };
                field.push_str(&s[..q]);
                s = &s[q + 1..];
                match s.strip_prefix('"') {
                    Some(after) => {
                        field.push('"');
                        s = after;
                    }
                    None => break,
                }
            }
            out.push(field.trim().to_string());
            let s = s.trim_start();
            if s.is_empty() {
                return Ok(out.len());
            }
            match s.strip_prefix(',') {
                Some(after) => rest = after,
                None => return Err("text after a closing quote; put the whole field inside the quotes"),
            }
        } else {
            match rest.find(',') {
                Some(p) => {
                    out.push(rest[..p].trim().to_string());
                    rest = &rest[p + 1..];
                }
                None => {
                    out.push(rest.trim().to_string());
                    return Ok(out.len());
                }
            }
        }
    }
}

/// A long line cut for display.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Result<Vec<String>, &'static str> {
        let mut v = Vec::new();
        split_fields(s, &mut v, usize::MAX).map(|_| v)
    }

    #[test]
    fn fields_are_split_trimmed_and_unquoted() {
        assert_eq!(split("a, b ,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split("a,,").unwrap(), ["a", "", ""]);
        assert_eq!(split(r#"x, "Hydro, Quebec" ,"say ""hi""",z"#).unwrap(), ["x", "Hydro, Quebec", r#"say "hi""#, "z"]);
        assert!(split(r#"x,"open,y"#).unwrap_err().contains("unterminated quote"));
        assert!(split(r#"x,"a"b,y"#).unwrap_err().contains("after a closing quote"));
        let mut v = Vec::new();
        assert_eq!(split_fields(r#"a,b,"c,d",e,,"#, &mut v, 2), Ok(6));
        assert_eq!(v, ["a", "b"]);
        assert!(split_fields(r#"a,b,"c,d"#, &mut v, 2).is_err());
    }

    #[test]
    fn long_lines_are_cut_not_stored() {
        let text = format!("a,b\n{}\nc,d\n", "x".repeat(MAX_LINE_BYTES + 10));
        let mut r = std::io::Cursor::new(text.into_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(false));
        assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(true));
        assert_eq!(buf.len(), MAX_LINE_BYTES);
        assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"c,d");
        assert_eq!(read_line(&mut r, &mut buf).unwrap(), None);
    }

    #[test]
    fn any_reader_gives_typed_located_fields() {
        let mut issues = Issues::default();
        let text = "name,mw,year\n# a comment\na, 5 ,2030\nb,inf,\nc,-1,later\n";
        let t = Table::from_reader("t.csv", text.as_bytes(), &mut issues);
        assert!(issues.is_empty() && t.len() == 3 && t.line(1) == 4);
        assert!(t.require(&["name", "mw"], &mut issues) && !t.require(&["zone"], &mut issues));
        assert_eq!(t.number_in(0, "mw", Some((0.0, 10.0)), &mut issues), Some(5.0));
        assert_eq!(t.parse_as::<i32>(0, "year", "a year", &mut issues), Some(2030));
        assert_eq!(t.number_in(1, "mw", None, &mut issues), None);
        assert_eq!(t.parse_as::<i32>(1, "year", "a year", &mut issues), None);
        assert_eq!(t.number_in(2, "mw", Some((0.0, 10.0)), &mut issues), None);
        assert_eq!(t.parse_as::<i32>(2, "year", "a year", &mut issues), None);
        let got: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        assert_eq!(
            got,
            [
                "t.csv: required column 'zone' is missing",
                "t.csv, line 4, column 'mw', value 'inf': not a finite number",
                "t.csv, line 4, column 'year', value '': missing a year",
                "t.csv, line 5, column 'mw', value '-1': outside [0, 10]",
                "t.csv, line 5, column 'year', value 'later': not a year",
            ]
        );
    }
}
