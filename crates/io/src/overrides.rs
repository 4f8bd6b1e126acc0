//! Overrides of a case without editing its files: `--set key=value` (and `--scenario`,
//! `--start`, `--threads`, `--no-plots`) on the command line, and the axes and variants
//! of `sweep.toml` and `compare.toml`. One implementation serves all of them.
//!
//! A key is one of
//! - a `study.toml` key, dotted: `load.scenario`, `solver.threads`,
//!   `load.base_growth_pct_per_year.US`, `study_year` (which moves the horizon into
//!   that year, as `--year` does);
//! - a value of a static table, `TABLE.ID.COLUMN`: `lines.ca_on_us_miso.s_max_mw`,
//!   `generators.us_pjm_gas_cc.p_max_mw` (TABLE is the file name without `.csv`; the
//!   column may be one of the table's schema the file does not have yet);
//! - `borders`: `existing` or `islanded` (every line and link between countries removed).
//!
//! Values are TOML (`2700`, `true`, `"high"`, `["all"]`); a bare word that is not
//! TOML is taken as text (`--set load.scenario=high`). Every problem names the key, the
//! value and where the override came from; a misspelt key gets the close matches.

use crate::schema::{self, TableSchema};
use crate::table::Table;
use crate::IoError;
use nagrid_model::{Borders, FieldIssue, Issue, Issues, StudySettings};

/// One override: `key = value`, and where it was written (for messages and run.json).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted key.
    pub key: String,
    /// Value.
    pub value: toml::Value,
    /// Where it came from, e.g. `--set`, `sweep.toml axis`.
    pub source: String,
}

/// An override as recorded in `run.json` and a sweep's `plan.json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OverrideRecord {
    /// Dotted key.
    pub key: String,
    /// Value as TOML text (`"high"`, `2700`).
    pub value: String,
    /// Where it came from.
    pub source: String,
}

impl Override {
    /// An override of `key` with a value given as TOML text (or a bare word).
    pub fn new(key: impl Into<String>, value: &str, source: impl Into<String>) -> Self {
        Self { key: key.into(), value: parse_value(value), source: source.into() }
    }

    /// `key=value` as written after `--set`.
    pub fn parse(assignment: &str, source: &str) -> Result<Self, IoError> {
        match assignment.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Self::new(k.trim(), v.trim(), source)),
            _ => Err(input(Issue {
                file: source.into(),
                row: None,
                column: None,
                value: Some(assignment.into()),
                message: "expected KEY=VALUE, e.g. load.scenario=high or lines.can_usa.s_max_mw=700".into(),
            })),
        }
    }

    /// The value as TOML text.
    pub fn value_text(&self) -> String {
        value_text(&self.value)
    }

    /// The value for a table or a label: text without quotes, else TOML.
    pub fn value_label(&self) -> String {
        match &self.value {
            toml::Value::String(s) => s.clone(),
            v => value_text(v),
        }
    }

    /// The record written to run.json.
    pub fn record(&self) -> OverrideRecord {
        OverrideRecord { key: self.key.clone(), value: self.value_text(), source: self.source.clone() }
    }

    /// Back from a record.
    pub fn from_record(r: &OverrideRecord) -> Self {
        Self::new(r.key.clone(), &r.value, r.source.clone())
    }

    fn issue(&self, message: impl Into<String>) -> Issue {
        Issue {
            file: self.source.clone(),
            row: None,
            column: Some(self.key.clone()),
            value: Some(self.value_label()),
            message: message.into(),
        }
    }
}

/// TOML text of a value (inline, one line).
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.1}"),
        _ => v.to_string(),
    }
}

/// A value written as TOML (`2700`, `true`, `"x"`, `[1, 2]`), or a bare word as text.
/// Dates and times are kept as text (study.toml writes them as text).
pub fn parse_value(text: &str) -> toml::Value {
    let t = text.trim();
    match toml::from_str::<toml::Table>(&format!("v = {t}")) {
        Ok(mut table) => normalize(table.remove("v").unwrap_or_else(|| toml::Value::String(t.into()))),
        Err(_) => toml::Value::String(t.into()),
    }
}

/// TOML dates and times as text, inside arrays and tables too.
pub fn normalize(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Datetime(d) => toml::Value::String(d.to_string()),
        toml::Value::Array(a) => toml::Value::Array(a.into_iter().map(normalize).collect()),
        toml::Value::Table(t) => toml::Value::Table(t.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        v => v,
    }
}

fn input(issue: Issue) -> IoError {
    IoError::Input(Issues(vec![issue]))
}

/// What a key names.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A `study.toml` key (dotted path).
    Setting(Vec<String>),
    /// A field of a static table.
    Cell {
        /// The table.
        table: &'static TableSchema,
        /// Row id.
        id: String,
        /// Column.
        column: String,
    },
    /// `borders`.
    Borders,
    /// `start`: the horizon's first day (`2030-07-15`) or month (`2030-07`, `jul`).
    Start,
}

/// Tables whose rows are named by an `id` column, by the name used in keys.
const ID_TABLES: [(&str, &TableSchema); 8] = [
    ("regions", &schema::REGIONS),
    ("generators", &schema::GENERATORS),
    ("storage", &schema::STORAGE),
    ("lines", &schema::LINES),
    ("links", &schema::LINKS),
    ("fuels", &schema::FUELS),
    ("flexible_loads", &schema::FLEXIBLE_LOADS),
    ("reserves", &schema::RESERVES),
];

/// Every `study.toml` key, dotted; a key ending in `.*` takes any name below it (a
/// table such as `load.base_growth_pct_per_year`).
pub fn settings_keys() -> Vec<String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) if !m.is_empty() => {
                for (k, v) in m {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::Object(_) => out.push(format!("{prefix}.*")),
            _ => out.push(prefix.to_string()),
        }
    }
    let mut out = Vec::new();
    // Every field is written (None as null), so the defaults list every key.
    if let Ok(v) = serde_json::to_value(StudySettings::for_year(2030)) {
        walk("", &v, &mut out);
    }
    out.sort();
    out
}

/// What `key` names, or why it names nothing (with the close matches).
pub fn target(key: &str) -> Result<Target, String> {
    match key {
        "borders" => return Ok(Target::Borders),
        "start" => return Ok(Target::Start),
        _ => {}
    }
    let parts: Vec<&str> = key.split('.').collect();
    let known = settings_keys();
    let is_setting = known.iter().any(|k| {
        let kp: Vec<&str> = k.split('.').collect();
        match kp.last() {
            Some(&"*") => parts.len() == kp.len() && parts[..kp.len() - 1] == kp[..kp.len() - 1],
            _ => kp == parts,
        }
    });
    if is_setting {
        return Ok(Target::Setting(parts.iter().map(|s| s.to_string()).collect()));
    }
    if let Some((_, table)) = ID_TABLES.iter().find(|(n, _)| *n == parts[0]) {
        if parts.len() < 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(format!("a table value is written TABLE.ID.COLUMN, e.g. {}.<id>.{}", parts[0], table.own[1].name));
        }
        let column = parts[parts.len() - 1];
        let names: Vec<&str> = table.columns().map(|c| c.name).filter(|c| *c != "id").collect();
        if !names.contains(&column) {
            return Err(format!("{} has no column '{column}'{}", table.file, suggest(column, names.iter().copied())));
        }
        let id = parts[1..parts.len() - 1].join(".");
        return Ok(Target::Cell { table, id, column: column.to_string() });
    }
    let leaves = known.iter().map(|k| k.trim_end_matches(".*"));
    let tables = ID_TABLES.iter().map(|(n, _)| *n);
    let mut all: Vec<&str> = leaves.chain(tables).chain(["borders", "start"]).collect();
    all.sort();
    let head_match = suggest(parts[0], ID_TABLES.iter().map(|(n, _)| *n));
    let m = suggest(key, all.iter().copied());
    let hint = if m.is_empty() && parts.len() >= 3 { head_match } else { m };
    Err(format!(
        "unknown key: neither a study.toml key (docs/case-format.md) nor TABLE.ID.COLUMN of {} nor borders or start{hint}",
        ID_TABLES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    ))
}

/// "; did you mean a, b?" for the names of `candidates` close to `word` (none: "").
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let close = close_matches(word, candidates);
    if close.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", close.join(", "))
    }
}

/// Up to three of `candidates` closest to `word` (edit distance at most a third of its
/// length, or sharing its last dotted part), closest first.
pub fn close_matches<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    let limit = (word.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, String)> = candidates
        .filter_map(|c| {
            // A key written without its unit (`value_of_lost_load`) is close too.
            let prefix = last(word).len() >= 4 && last(c).starts_with(&last(word)) && word.matches('.').count() == c.matches('.').count();
            let d = distance(word, c).min(distance(&last(word), &last(c)) + 1).min(if prefix { 1 } else { usize::MAX });
            (d <= limit && c != word).then(|| (d, c.to_string()))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Edit distance with adjacent transpositions (optimal string alignment): a swapped
/// pair of letters (`nmae`) counts one.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Check every key of `list` (problems of all of them at once).
pub fn check_keys(list: &[Override]) -> Result<(), IoError> {
    let issues: Vec<Issue> = list.iter().filter_map(|o| target(&o.key).err().map(|m| o.issue(m))).collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(IoError::Input(Issues(issues)))
    }
}

/// The `borders` of `list` (the last one wins), `None` when not overridden.
pub fn borders(list: &[Override]) -> Result<Option<Borders>, IoError> {
    let mut out = None;
    for o in list.iter().filter(|o| o.key == "borders") {
        out = Some(o.value.clone().try_into::<Borders>().map_err(|_| input(o.issue("expected \"existing\" or \"islanded\"")))?);
    }
    Ok(out)
}

/// `base` with the `study.toml` keys of `list` set, in order (table values and
/// `borders` are left to [`cell_edits`] and [`borders`]). Every key is checked; a
/// value of the wrong type or out of range is refused with the key, value and source.
pub fn apply_settings(base: &StudySettings, list: &[Override]) -> Result<StudySettings, IoError> {
    check_keys(list)?;
    let mut s = base.clone();
    let mut applied: Vec<&Override> = Vec::new();
    let mut issues = Issues::default();
    for o in list {
        let next = if o.key == "start" {
            start(s.clone(), o)
        } else {
            let Ok(Target::Setting(path)) = target(&o.key) else { continue };
            let mut v = toml::Value::try_from(&s).map_err(|e| input(o.issue(format!("cannot apply: {e}"))))?;
            set_path(&mut v, &path, o.value.clone());
            match v.try_into::<StudySettings>() {
                // Like --year: a new study year moves the horizon into it.
                Ok(n) if o.key == "study_year" => Ok(n.clone().in_year(n.study_year)),
                Ok(n) => Ok(n),
                Err(e) => Err(input(o.issue(type_message(&e)))),
            }
        };
        match next {
            Ok(n) => {
                s = n;
                applied.push(o);
            }
            Err(IoError::Input(found)) => issues.0.extend(found.0),
            Err(e) => return Err(e),
        }
    }
    if !issues.is_empty() {
        return Err(IoError::Input(issues));
    }
    let mut found = s.check();
    found.extend(crate::settings::parsed_checks(&s));
    let issues: Vec<Issue> = found
        .into_iter()
        .map(|f: FieldIssue| match applied.iter().rev().find(|o| o.key == f.column || f.column.starts_with(&format!("{}.", o.key))) {
            Some(o) => o.issue(f.message),
            None => Issue {
                file: "study.toml (with overrides)".into(),
                row: None,
                column: Some(f.column),
                value: Some(f.value),
                message: f.message,
            },
        })
        .collect();
    if issues.is_empty() {
        Ok(s)
    } else {
        Err(IoError::Input(Issues(issues)))
    }
}

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// `start`: a day `YYYY-MM-DD` (the horizon runs to the end of the study year unless
/// its hours are given) or a month `YYYY-MM` or `jul`/`july` (the horizon is that
/// month), at 00:00 UTC, in the study year.
fn start(mut s: StudySettings, o: &Override) -> Result<StudySettings, IoError> {
    use chrono::{NaiveDate, TimeZone};
    let text = o.value_label().trim().to_ascii_lowercase();
    let bad = |m: String| input(o.issue(m));
    let month_name = MONTHS.iter().position(|m| text.len() >= 3 && m.starts_with(&text));
    let (year, month, day, whole_month) = if let Some(m) = month_name {
        (s.study_year, m as u32 + 1, 1, true)
    } else {
        let parts: Vec<&str> = text.split('-').collect();
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i64>().ok());
        match (parts.len(), num(0), num(1), num(2)) {
            (2, Some(y), Some(m), _) => (y as i32, m as u32, 1, true),
            (3, Some(y), Some(m), Some(d)) => (y as i32, m as u32, d as u32, false),
            _ => return Err(bad("expected a day (2030-07-15), a month (2030-07) or a month's name (jul)".into())),
        }
    };
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        return Err(bad("no such date".into()));
    };
    if year != s.study_year {
        return Err(bad(format!(
            "the start is in {year} but the study year is {}; add --year {year} (or set study_year = {year})",
            s.study_year
        )));
    }
    let t0 = chrono::Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default());
    let end = if whole_month {
        let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1)
    } else {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    };
    let end = chrono::Utc.from_utc_datetime(&end.and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default());
    s.horizon.start = Some(t0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    if whole_month || s.horizon.hours.is_none() {
        s.horizon.hours = Some(((end - t0).num_hours().max(1)) as usize);
    }
    Ok(s)
}

/// The deserialiser's message without its location (the key is shown already).
fn type_message(e: &toml::de::Error) -> String {
    let m = e.message().trim();
    let m = m.split("\nin ").next().unwrap_or(m);
    format!("not accepted: {m}")
}

fn set_path(v: &mut toml::Value, path: &[String], value: toml::Value) {
    let mut cur = v;
    for (i, p) in path.iter().enumerate() {
        let toml::Value::Table(t) = cur else { return };
        if i + 1 == path.len() {
            t.insert(p.clone(), value);
            return;
        }
        cur = t.entry(p.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
}

/// One table value to set while a case is read.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEdit {
    /// The table's file (`lines.csv`).
    pub file: &'static str,
    /// Row id.
    pub id: String,
    /// Column.
    pub column: String,
    /// Field text.
    pub text: String,
    /// The override it comes from.
    pub from: Override,
}

/// The table values of `list` (keys checked; values must be a number, text or bool).
pub fn cell_edits(list: &[Override]) -> Result<Vec<CellEdit>, IoError> {
    check_keys(list)?;
    let mut out = Vec::new();
    let mut issues = Issues::default();
    for o in list {
        let Ok(Target::Cell { table, id, column }) = target(&o.key) else { continue };
        let text = match &o.value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                issues.push(o.issue("a table value is one number, text or true/false"));
                continue;
            }
        };
        if text.contains(['\n', '"']) {
            issues.push(o.issue("a table value may not contain quotes or line breaks"));
            continue;
        }
        out.push(CellEdit { file: table.file, id, column, text, from: o.clone() });
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(IoError::Input(issues))
    }
}

/// Set the fields of `edits` that belong to `t` (by its file name); a row id the
/// table does not have is reported with the close matches.
pub(crate) fn edit_table(t: &mut Table, edits: &[CellEdit], issues: &mut Issues) {
    let file = t.file.clone();
    for e in edits.iter().filter(|e| e.file == file) {
        let ids: Vec<String> = (0..t.len()).map(|r| t.raw(r, "id").unwrap_or("").to_string()).collect();
        match ids.iter().position(|id| *id == e.id) {
            Some(r) => t.edit(r, &e.column, &e.text),
            None => issues.push(e.from.issue(format!(
                "{} has no row with id '{}'{}",
                e.file,
                e.id,
                suggest(&e.id, ids.iter().map(String::as_str))
            ))),
        }
    }
}

/// Edits of tables the case does not have.
pub(crate) fn missing_tables(present: &[std::path::PathBuf], edits: &[CellEdit], issues: &mut Issues) {
    for e in edits {
        if !present.iter().any(|p| p.as_os_str() == e.file) {
            issues.push(e.from.issue(format!("the case has no {}; a table value can only change a table the case has", e.file)));
        }
    }
}

/// The fields of one table set by overrides: (file, [(line, column, override)]).
pub(crate) type EditedTable = (String, Vec<(usize, String, Override)>);

/// Say which problems of an edited field come from an override.
pub(crate) fn annotate(issues: &mut Issues, tables: &[EditedTable]) {
    for i in issues.0.iter_mut() {
        let Some((_, fields)) = tables.iter().find(|(f, _)| *f == i.file) else { continue };
        if let Some((_, _, o)) = fields.iter().find(|(line, col, _)| Some(*line) == i.row && Some(col) == i.column.as_ref()) {
            i.message = format!("{} (the value was set by {} {}={})", i.message, o.source, o.key, o.value_text());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_toml_or_bare_text() {
        assert_eq!(parse_value("2700"), toml::Value::Integer(2700));
        assert_eq!(parse_value("high"), toml::Value::String("high".into()));
        assert_eq!(parse_value("\"high\""), toml::Value::String("high".into()));
        assert_eq!(parse_value("[\"all\"]").as_array().map(|a| a.len()), Some(1));
        assert_eq!(parse_value("true"), toml::Value::Boolean(true));
    }

    #[test]
    fn keys_name_settings_cells_or_nothing() {
        assert_eq!(target("load.scenario"), Ok(Target::Setting(vec!["load".into(), "scenario".into()])));
        assert!(matches!(target("load.base_growth_pct_per_year.US"), Ok(Target::Setting(_))));
        assert!(matches!(target("lines.ca.on.s_max_mw"), Ok(Target::Cell { id, .. }) if id == "ca.on"));
        let e = target("load.scenarioo").unwrap_err();
        assert!(e.contains("did you mean load.scenario"), "{e}");
        let e = target("lines.x.smax_mw").unwrap_err();
        assert!(e.contains("lines.csv has no column 'smax_mw'") && e.contains("s_max_mw"), "{e}");
        let e = target("liens.x.s_max_mw").unwrap_err();
        assert!(e.contains("did you mean lines"), "{e}");
        assert_eq!(target("borders"), Ok(Target::Borders));
    }

    #[test]
    fn settings_are_set_checked_and_blamed() {
        let base = StudySettings::for_year(2030);
        let s = apply_settings(&base, &[Override::new("load.scenario", "high", "--set"), Override::new("solver.threads", "2", "--set")])
            .unwrap();
        assert_eq!((s.load.scenario, s.solver.threads), (nagrid_model::Scenario::High, 2));
        let e = apply_settings(&base, &[Override::new("load.scenario", "hgh", "--set")]).unwrap_err().to_string();
        assert!(e.contains("--set, column 'load.scenario', value 'hgh'") && e.contains("low, mid, high"), "{e}");
        let e = apply_settings(&base, &[Override::new("solver.threads", "-3", "--threads")]).unwrap_err().to_string();
        assert!(e.contains("--threads, column 'solver.threads', value '-3'"), "{e}");
        let e = apply_settings(&base, &[Override::new("output.decimals", "99", "sweep.toml")]).unwrap_err().to_string();
        assert!(e.contains("sweep.toml, column 'output.decimals', value '99': must be from 0"), "{e}");
        let mut timed = base.clone();
        timed.horizon.start = Some("2030-07-01T00:00:00Z".into());
        let s = apply_settings(&timed, &[Override::new("study_year", "2035", "--set")]).unwrap();
        assert_eq!(s.horizon.start.as_deref(), Some("2035-07-01T00:00:00Z"));
        let month =
            |v: &str| apply_settings(&base, &[Override::new("start", v, "--start")]).map(|s| (s.horizon.start.unwrap(), s.horizon.hours));
        assert_eq!(month("jul").unwrap(), ("2030-07-01T00:00:00Z".into(), Some(744)));
        assert_eq!(month("2030-02").unwrap(), ("2030-02-01T00:00:00Z".into(), Some(672)));
        assert_eq!(month("2030-12-31").unwrap(), ("2030-12-31T00:00:00Z".into(), Some(24)));
        let e = month("2031-07").unwrap_err().to_string();
        assert!(e.contains("--start, column 'start', value '2031-07'") && e.contains("add --year 2031"), "{e}");
        assert!(month("juli").is_err() && month("2030-13").is_err());
    }

    #[test]
    fn every_documented_study_toml_key_is_known() {
        let doc = include_str!("../../../docs/case-format.md");
        let keys = settings_keys();
        let section = doc.split("## study.toml").nth(1).and_then(|s| s.split("\n## ").next()).unwrap_or("");
        let mut n = 0;
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let cell = line.split('|').nth(1).unwrap_or("").trim().replace('`', "");
            let key = match cell.split_once("] ") {
                Some((t, k)) => format!("{}.{k}", t.trim_start_matches('[')),
                None => cell,
            };
            n += 1;
            assert!(keys.iter().any(|k| k == &key || k.trim_end_matches(".*") == key), "{key} not in {keys:?}");
        }
        assert!(n > 30, "{n} keys documented");
    }
}
