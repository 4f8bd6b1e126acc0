//! Reading PyPSA's CSV folder (`n.export_to_csv_folder`): the static table of a
//! component (through [`crate::Table`], so every problem names its file, line,
//! column and value), the snapshots and the time series, and the collection of
//! what is not translated (warnings, one per file, column and reason).

use super::attrs::{Component, Def, Role};
use crate::table::Table;
use chrono::{DateTime, Utc};
use nagrid_model::{limits, time::parse_timestamp, Issue, Issues};
use std::path::Path;

/// What is not translated, one warning per file, column and reason, naming the
/// components concerned.
#[derive(Debug, Default)]
pub(crate) struct Notes(Vec<(Issue, Vec<String>)>);

/// Components named in a warning before "and N more".
const NAMED: usize = 5;

impl Notes {
    /// Note that `what` is not translated for component `name` (at `line` of `file`,
    /// in `column`, with `value`); notes of the same file, column and text merge.
    pub fn add(&mut self, file: &str, at: Option<(usize, &str, &str)>, what: &str, name: Option<&str>) {
        let column = at.map(|(_, c, _)| c.to_string());
        let found = self.0.iter_mut().find(|(i, _)| i.file == file && i.column == column && i.message == what);
        let entry = match found {
            Some(e) => e,
            None => {
                let issue = Issue {
                    file: file.into(),
                    row: at.map(|(l, _, _)| l).filter(|l| *l > 0),
                    column,
                    value: at.map(|(_, _, v)| v.to_string()).filter(|v| !v.is_empty()),
                    message: what.into(),
                };
                self.0.push((issue, Vec::new()));
                self.0.last_mut().expect("just pushed")
            }
        };
        if let Some(n) = name.filter(|n| !entry.1.iter().any(|x| x == n)) {
            entry.1.push(n.to_string());
        }
    }

    /// The warnings, each naming its first components.
    pub fn finish(self) -> Vec<Issue> {
        self.0
            .into_iter()
            .map(|(mut i, names)| {
                if !names.is_empty() {
                    let shown = names.iter().take(NAMED).map(String::as_str).collect::<Vec<_>>().join(", ");
                    let more = if names.len() > NAMED { format!(" and {} more", names.len() - NAMED) } else { String::new() };
                    i.message = format!("{} ({shown}{more})", i.message);
                }
                i
            })
            .collect()
    }
}

/// The static table of one component: its rows, ids and which rows are active.
pub(crate) struct Static {
    pub comp: &'static Component,
    pub table: Table,
    pub ids: Vec<String>,
    pub active: Vec<bool>,
}

/// Whether a field means true or false as pandas writes it (`True`, `False`) or a
/// user might (`true`, `1`, ...).
fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "1.0" | "yes" => Some(true),
        "false" | "0" | "0.0" | "no" => Some(false),
        _ => None,
    }
}

impl Static {
    /// Read `<list>.csv` of `dir` (`None` when absent); ids must be unique and
    /// usable as nagrid ids.
    pub fn read(dir: &Path, comp: &'static Component, issues: &mut Issues) -> Option<Static> {
        let table = Table::read(dir, &comp.file(), issues)?;
        if !table.require(&["name"], issues) {
            return None;
        }
        let ids = table.ids("name", issues);
        let mut s = Static { comp, active: vec![true; table.len()], table, ids };
        if comp.attr("active").is_some() {
            for r in 0..s.table.len() {
                s.active[r] = s.flag(r, "active", issues);
            }
        }
        Some(s)
    }

    /// Rows of active components.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.table.len()).filter(|&r| self.active[r])
    }

    /// The 1-based line of row `r`.
    pub fn line(&self, r: usize) -> usize {
        self.table.line(r)
    }

    /// A number: empty or absent gives the attribute's default (`inf`, `nan` as
    /// pandas writes them); text that is no number is reported (NaN returned).
    pub fn num(&self, r: usize, col: &str, issues: &mut Issues) -> f64 {
        let default = self.comp.num_default(col);
        self.table.number(r, col, Some(default), issues)
    }

    /// A finite number within `[lo, hi]`, reported with `rule` otherwise (NaN returned).
    pub fn num_in(&self, r: usize, col: &str, (lo, hi): (f64, f64), rule: &str, issues: &mut Issues) -> f64 {
        let v = self.num(r, col, issues);
        if v.is_nan() && self.table.raw(r, col).is_some_and(|s| s.parse::<f64>().is_err()) {
            return f64::NAN; // not a number: reported
        }
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            let shown = self.table.opt_text(r, col).unwrap_or_else(|| v.to_string());
            issues.push(self.issue(r, col, &shown, rule));
            return f64::NAN;
        }
        v
    }

    /// Text: empty or absent gives the attribute's default.
    pub fn text(&self, r: usize, col: &str) -> String {
        match self.table.opt_text(r, col) {
            Some(s) => s,
            None => match self.comp.attr(col).map(|a| a.default) {
                Some(Def::Text(t)) => t.to_string(),
                _ => String::new(),
            },
        }
    }

    /// A boolean: empty or absent gives the attribute's default.
    pub fn flag(&self, r: usize, col: &str, issues: &mut Issues) -> bool {
        let default = matches!(self.comp.attr(col).map(|a| a.default), Some(Def::Bool(true)));
        match self.table.opt_text(r, col) {
            None => default,
            Some(s) => parse_bool(&s).unwrap_or_else(|| {
                issues.push(self.issue(r, col, &s, "not a boolean (True or False)"));
                default
            }),
        }
    }

    /// An issue at row `r`, column `col`.
    pub fn issue(&self, r: usize, col: &str, value: &str, message: &str) -> Issue {
        Issue::at(self.comp.file(), self.line(r), col, value, message)
    }

    /// Whether row `r` leaves `col` at its default (fields that do not parse count
    /// as set: they are not the default).
    fn is_default(&self, r: usize, col: &str, default: Def) -> bool {
        let Some(raw) = self.table.opt_text(r, col) else { return true };
        match default {
            Def::Num(d) => raw.parse::<f64>().is_ok_and(|v| v == d || (v.is_nan() && d.is_nan())),
            Def::Bool(d) => parse_bool(&raw) == Some(d),
            Def::Text(d) => raw == d,
        }
    }

    /// Warn of every column that is not translated and that an active row sets to
    /// other than its default, and of columns PyPSA does not know.
    pub fn note_columns(&self, notes: &mut Notes) {
        let file = self.comp.file();
        for h in &self.table.headers {
            let role = self.comp.attr(h).map(|a| (a.role, a.default));
            match role {
                Some((Role::Dropped(why), default)) => {
                    for r in self.rows().filter(|&r| !self.is_default(r, h, default)) {
                        let v = self.table.raw(r, h).unwrap_or("");
                        notes.add(&file, Some((self.line(r), h, v)), &format!("not translated: {why}"), Some(&self.ids[r]));
                    }
                }
                Some(_) => {}
                None if self.comp.outputs.contains(&h.as_str()) || h.starts_with("mu_") => {}
                None if is_extra_port(self.comp, h) => {
                    for r in self.rows().filter(|&r| self.table.opt_text(r, h).is_some()) {
                        let v = self.table.raw(r, h).unwrap_or("");
                        let what = "not translated: links with more than two ports (bus2, efficiency2, ...)";
                        notes.add(&file, Some((self.line(r), h, v)), what, Some(&self.ids[r]));
                    }
                }
                None => {
                    if self.rows().any(|r| self.table.opt_text(r, h).is_some()) {
                        notes.add(&file, Some((1, h, h)), "column unknown to PyPSA 1.4 and to nagrid: not translated", None);
                    }
                }
            }
        }
    }
}

/// `bus2`, `efficiency3`, `marginal_cost2`, ... of a multi-port link.
fn is_extra_port(comp: &Component, col: &str) -> bool {
    if comp.list != "links" {
        return false;
    }
    let stem = col.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &col[stem.len()..];
    !digits.is_empty() && digits.parse::<u32>().is_ok_and(|n| n >= 2) && !stem.is_empty()
}

/// Read the CSV file `dir/file` of PyPSA's folder row by row: `row(line, record,
/// issues)` gets every record with its 1-based line and returns false to stop.
/// Returns the header, or `None` when the file cannot be read (reported).
fn each_row(
    dir: &Path,
    file: &str,
    issues: &mut Issues,
    mut row: impl FnMut(&[String], usize, &csv::StringRecord, &mut Issues) -> bool,
) -> Option<Vec<String>> {
    let opened = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_path(dir.join(file));
    let mut rdr = match opened {
        Ok(r) => r,
        Err(e) => {
            issues.push(Issue::file(file, format!("cannot open: {e}")));
            return None;
        }
    };
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            issues.push(Issue::file(file, format!("cannot read the header: {e}")));
            return None;
        }
    };
    for rec in rdr.records() {
        match rec {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                if !row(&headers, line, &rec, issues) {
                    break;
                }
            }
            Err(e) => {
                issues.push(Issue::file(file, format!("cannot read: {e}")));
                return None;
            }
        }
    }
    Some(headers)
}

/// The snapshots of the network: consecutive hours (UTC), each weighted 1. Returns
/// the first hour (`None` when a snapshot has a problem, reported) and the number of
/// snapshots.
pub(crate) fn read_snapshots(dir: &Path, issues: &mut Issues) -> (Option<DateTime<Utc>>, usize) {
    const FILE: &str = "snapshots.csv";
    if !dir.join(FILE).exists() {
        issues.push(Issue::file(FILE, "missing: a PyPSA CSV folder has snapshots.csv (n.export_to_csv_folder writes it)"));
        return (None, 0);
    }
    let (mut start, mut hours) = (None::<DateTime<Utc>>, 0usize);
    let before = issues.total();
    let read = each_row(dir, FILE, issues, |headers, line, rec, issues| {
        if let Some(p) = headers.iter().find(|h| *h == "period" || *h == "timestep") {
            let m = "several investment periods are not supported: nagrid studies one period of hourly snapshots";
            issues.push(Issue::at(FILE, 1, p, p, m));
            return false;
        }
        // `snapshot` (PyPSA ≥ 0.18) or the index column (older files).
        let time_col = headers.iter().position(|h| h == "snapshot").unwrap_or(0);
        let raw = rec.get(time_col).unwrap_or("");
        let col = if headers[time_col].is_empty() { "snapshot" } else { headers[time_col].as_str() };
        let expected = start.map(|s| s + chrono::Duration::hours(hours as i64));
        match (parse_timestamp(raw), expected) {
            (None, _) => {
                issues.push(Issue::at(FILE, line, col, raw, "not a time (e.g. 2030-01-01 00:00:00): nagrid needs hourly snapshots"))
            }
            (Some(t), None) => start = Some(t),
            (Some(t), Some(e)) if t != e => {
                let m = format!("snapshots must be consecutive hours: expected {}", e.format("%Y-%m-%d %H:%M:%S"));
                issues.push(Issue::at(FILE, line, col, raw, m));
            }
            (Some(_), Some(_)) => {}
        }
        for (w, h) in headers.iter().enumerate().filter(|(_, h)| ["objective", "stores", "generators", "weightings"].contains(&h.as_str()))
        {
            let v = rec.get(w).unwrap_or("");
            if v.parse::<f64>().ok() != Some(1.0) {
                let m = "snapshot weightings other than 1 are not supported: nagrid's snapshots are single hours";
                issues.push(Issue::at(FILE, line, h, v, m));
            }
        }
        hours += 1;
        if hours > limits::MAX_HOURS {
            issues.push(Issue::file(FILE, format!("more than {} snapshots (ten years of hours)", limits::MAX_HOURS)));
            return false;
        }
        true
    });
    if read.is_some() && hours == 0 {
        issues.push(Issue::file(FILE, "no snapshots"));
    }
    (start.filter(|_| issues.total() == before), hours)
}

/// One time-series file `<list>-<attr>.csv`: a column per component, a row per
/// snapshot (PyPSA matches rows to snapshots by position).
pub(crate) struct Series {
    pub file: String,
    pub names: Vec<String>,
    /// `values[column][snapshot]`; an empty field is NaN.
    pub values: Vec<Vec<f64>>,
    /// 1-based line of each snapshot's row.
    pub lines: Vec<usize>,
}

/// Read a time series of `hours` rows; `None` (with issues) when it cannot be read.
pub(crate) fn read_series(dir: &Path, file: &str, hours: usize, issues: &mut Issues) -> Option<Series> {
    let (mut values, mut lines): (Vec<Vec<f64>>, Vec<usize>) = (Vec::new(), Vec::new());
    let before = issues.total();
    let headers = each_row(dir, file, issues, |headers, line, rec, issues| {
        if rec.len() != headers.len() {
            let m = format!("{} fields but the header has {}", rec.len(), headers.len());
            issues.push(Issue { file: file.into(), row: Some(line), column: None, value: None, message: m });
            return true;
        }
        values.resize_with(headers.len() - 1, || Vec::with_capacity(hours));
        for (k, col) in values.iter_mut().enumerate() {
            let raw = rec.get(k + 1).unwrap_or("");
            let v = if raw.is_empty() { Ok(f64::NAN) } else { raw.parse::<f64>() };
            if v.is_err() {
                issues.push(Issue::at(file, line, &headers[k + 1], raw, "not a number"));
            }
            col.push(v.unwrap_or(f64::NAN));
        }
        lines.push(line);
        lines.len() <= hours
    })?;
    if lines.len() != hours {
        let m = format!("{} rows but snapshots.csv has {hours} snapshots (PyPSA matches rows to snapshots by position)", lines.len());
        issues.push(Issue::file(file, m));
    }
    let names: Vec<String> = headers.into_iter().skip(1).collect();
    values.resize_with(names.len(), Vec::new);
    (issues.total() == before).then_some(Series { file: file.into(), names, values, lines })
}
