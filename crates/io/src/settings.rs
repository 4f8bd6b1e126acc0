//! Reading and checking a case's `study.toml`, the case folder itself and the
//! command line's `--hours`, and the study's time axis.
//!
//! Every bound comes from [`nagrid_model::limits`], so `validate` and `run` agree.

use crate::series;
use crate::IoError;
use chrono::Datelike;
use nagrid_model::limits::{MAX_HOURS, MAX_YEAR, MIN_YEAR};
use nagrid_model::{FieldIssue, Issue, Issues, StudySettings, TimeAxis};
use std::path::Path;

const FILE: &str = "study.toml";

/// Refuse a case folder that does not exist, is a file or cannot be read, with one
/// clear issue (instead of every table being reported missing).
pub fn check_case_folder(dir: &Path) -> Result<(), IoError> {
    let problem = match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist (expected a case folder)".to_string()),
        Err(e) => Some(format!("cannot be read: {e}")),
        Ok(m) if !m.is_dir() => {
            Some("is a file, not a case folder (expected a folder with study.toml, regions.csv, generators.csv)".into())
        }
        Ok(_) => match std::fs::read_dir(dir) {
            Err(e) => Some(format!("the case folder cannot be read: {e} (check its permissions)")),
            Ok(_) => None,
        },
    };
    match problem {
        Some(msg) => Err(IoError::Input(Issues(vec![Issue::file(dir.display().to_string(), msg)]))),
        None => Ok(()),
    }
}

/// Refuse a `--hours` override outside 1..=[`MAX_HOURS`] (the same bound as
/// `[horizon] hours`).
pub fn check_hours_override(hours: Option<usize>) -> Result<(), IoError> {
    match hours {
        Some(h) if !(1..=MAX_HOURS).contains(&h) => Err(IoError::Input(Issues(vec![Issue {
            file: "command line".into(),
            row: None,
            column: Some("--hours".into()),
            value: Some(h.to_string()),
            message: format!("must be from 1 to {MAX_HOURS} hours (ten years)"),
        }]))),
        _ => Ok(()),
    }
}

/// Read and check `dir/study.toml`, pushing every problem found to `issues`.
/// Returns the settings when the file parses (even if some values are refused).
pub(crate) fn settings(dir: &Path, issues: &mut Issues) -> Option<StudySettings> {
    if let Err(IoError::Input(found)) = check_case_folder(dir) {
        issues.0.extend(found.0);
        return None;
    }
    let path = dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            issues.push(Issue::file(FILE, "missing: every case needs a study.toml (at least `study_year = 2030`)"));
            return None;
        }
        Err(e) => {
            issues.push(Issue::file(FILE, format!("cannot read {}: {e}", path.display())));
            return None;
        }
    };
    let s: StudySettings = match toml::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            issues.push(parse_issue(&text, &e));
            return None;
        }
    };
    for f in s.check().into_iter().chain(parsed_checks(&s)) {
        let row = key_line(&text, &f.column);
        issues.push(Issue { file: FILE.into(), row, column: Some(f.column), value: Some(f.value), message: f.message });
    }
    Some(s)
}

/// The checks of settings that need parsing beyond [`StudySettings::check`]: the
/// output time zone and the horizon's start (and its year against the study year).
pub(crate) fn parsed_checks(s: &StudySettings) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    if s.time.output_time_zone.parse::<chrono_tz::Tz>().is_err() {
        out.push(FieldIssue::new("time.output_time_zone", &s.time.output_time_zone, "not an IANA time zone (e.g. UTC, America/Chicago)"));
    }
    if let Some(st) = &s.horizon.start {
        match series::parse_timestamp(st) {
            None => out.push(FieldIssue::new("horizon.start", st, "not an ISO 8601 timestamp (e.g. 2030-01-01T00:00:00Z)")),
            Some(t) => {
                // The year as written (local) or in UTC: a start at local midnight of
                // 1 January east of Greenwich is still in the study year.
                let written: Option<i32> = st.get(..4).and_then(|y| y.parse().ok());
                let year_ok = (MIN_YEAR..=MAX_YEAR).contains(&s.study_year);
                if year_ok && t.year() != s.study_year && written != Some(s.study_year) {
                    out.push(FieldIssue::new(
                        "horizon.start",
                        st,
                        format!(
                            "the horizon starts in {}, but study_year is {}; start the horizon in the study year or change study_year",
                            written.unwrap_or(t.year()),
                            s.study_year
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// One issue for a `study.toml` that does not parse (syntax, unknown key, wrong
/// type), at the exact line of the span TOML reports, with the key and value there.
fn parse_issue(text: &str, e: &toml::de::Error) -> Issue {
    let Some(span) = e.span() else {
        return Issue::file(FILE, e.message().to_string());
    };
    let start = span.start.min(text.len());
    let row = text.get(..start).map_or(1, |t| t.matches('\n').count() + 1);
    let line = text.lines().nth(row - 1).unwrap_or("");
    let (section, column, value) = describe_line(text, row, line);
    let mut message = e.message().trim().to_string();
    if !section.is_empty() {
        message = format!("in [{section}]: {message}");
    }
    Issue { file: FILE.into(), row: Some(row), column, value, message }
}

/// The table (section) a 1-based line is in, and the key and value written on it.
fn describe_line(text: &str, row: usize, line: &str) -> (String, Option<String>, Option<String>) {
    let section = text.lines().take(row.saturating_sub(1)).fold(String::new(), |sec, l| header(l).unwrap_or(sec));
    let body = strip_comment(line).trim();
    if let Some(h) = header(body) {
        return (String::new(), Some(h), None);
    }
    match body.split_once('=') {
        Some((k, v)) => (section, Some(unquote(k.trim())), Some(v.trim().to_string())),
        None if body.is_empty() => (section, None, None),
        None => (section, None, Some(body.to_string())),
    }
}

/// 1-based line of the dotted key `key` (`solver.threads`, `study_year`), written in
/// its table (`[solver]` then `threads = ...`) or dotted (`solver.threads = ...`).
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut section = String::new();
    for (i, l) in text.lines().enumerate() {
        let body = strip_comment(l).trim();
        if let Some(h) = header(body) {
            section = h;
            continue;
        }
        let Some((k, _)) = body.split_once('=') else { continue };
        let k: String = k.split('.').map(|p| unquote(p.trim())).collect::<Vec<_>>().join(".");
        let full = if section.is_empty() { k } else { format!("{section}.{k}") };
        // A map key (load.base_growth_pct_per_year.US) is found at its own line.
        if full == key {
            return Some(i + 1);
        }
    }
    // A key given its default value is not written; point at its table if present.
    let (table, _) = key.rsplit_once('.')?;
    text.lines().position(|l| header(strip_comment(l).trim()).as_deref() == Some(table)).map(|i| i + 1)
}

/// `[solver]` → `solver`; `[[variant]]` → `variant`.
fn header(body: &str) -> Option<String> {
    let inner = body.strip_prefix('[')?.strip_suffix(']')?;
    let inner = inner.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(inner);
    Some(inner.split('.').map(|p| unquote(p.trim())).collect::<Vec<_>>().join("."))
}

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// The line without a trailing `# comment` (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

/// The study's time axis from its settings, with an optional override of the
/// number of hours (the CLI's `--hours`).
///
/// Total for any settings: a start outside the accepted years falls back to 1
/// January of the (clamped) study year and the length is capped at [`MAX_HOURS`].
/// Both are refused by validation ([`StudySettings::check`], `check_hours_override`),
/// so the fallbacks only keep allocation bounded while problems are being reported.
pub fn axis_of(s: &StudySettings, hours_override: Option<usize>) -> TimeAxis {
    let full = TimeAxis::full_year(s.study_year);
    let start = s
        .horizon
        .start
        .as_deref()
        .and_then(series::parse_timestamp)
        .filter(|t| (MIN_YEAR..=MAX_YEAR).contains(&t.year()))
        .unwrap_or(full.start);
    let hours = hours_override.or(s.horizon.hours).unwrap_or(full.hours).min(MAX_HOURS);
    TimeAxis::new(start, hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_tables_and_dotted() {
        let text = "study_year = 2030\n\n[solver]\n# c\nthreads = 5 # x\n[load]\nscenario = \"x\"\n";
        assert_eq!(key_line(text, "study_year"), Some(1));
        assert_eq!(key_line(text, "solver.threads"), Some(5));
        assert_eq!(key_line(text, "load.scenario"), Some(7));
        assert_eq!(key_line(text, "solver.method"), Some(3));
        assert_eq!(key_line("solver.threads = 3\n", "solver.threads"), Some(1));
        assert_eq!(key_line(text, "output.decimals"), None);
    }

    #[test]
    fn axis_is_total() {
        let mut s = StudySettings::for_year(300_000);
        s.horizon.hours = Some(usize::MAX);
        s.horizon.start = Some("9999-01-01T00:00:00Z".into());
        let ax = axis_of(&s, None);
        assert_eq!(ax.hours, MAX_HOURS);
        assert_eq!(ax.start_year(), MAX_YEAR);
        assert_eq!(axis_of(&s, Some(usize::MAX)).hours, MAX_HOURS);
    }
}
