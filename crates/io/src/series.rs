//! Hourly series files: a `timestamp` column (UTC) and one column per component.

use chrono::{DateTime, Utc};
use nagrid_model::{limits, Issue, Issues, TimeAxis};
use std::collections::HashMap;
use std::path::Path;

pub(crate) use nagrid_model::time::parse_timestamp;

/// Rule applied to each value of a series.
pub(crate) type ValueRule = fn(f64) -> Option<&'static str>;

/// Values must be finite, >= 0 and at most [`limits::MAX_MW`].
pub(crate) fn non_negative(v: f64) -> Option<&'static str> {
    if !(v.is_finite() && v >= 0.0) {
        Some("must be a finite number >= 0")
    } else if v > limits::MAX_MW {
        Some("larger than 1e9 MW (limits::MAX_MW); check the units (MW, not W or kW)")
    } else {
        None
    }
}

/// Values must be within [0, 1].
pub(crate) fn per_unit(v: f64) -> Option<&'static str> {
    (!(v.is_finite() && (0.0..=1.0).contains(&v))).then_some("must be a fraction in [0, 1]")
}

/// Read `dir/file` (if present) and return, for each known component column, its
/// values on `axis`. With `required`, every known component must have a column.
/// Every problem found is pushed to `issues`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_series(
    dir: &Path,
    file: &str,
    known_ids: &[String],
    kind: &str,
    axis: &TimeAxis,
    rule: ValueRule,
    check_coverage: bool,
    required: bool,
    issues: &mut Issues,
) -> HashMap<String, Vec<f64>> {
    let mut out = HashMap::new();
    let path = dir.join(file);
    if !path.exists() {
        return out;
    }
    // `#` starts a comment line, as in every CSV file of a case (docs/case-format.md);
    // rows of the wrong length are reported and skipped, so later problems still show.
    let mut rdr = match csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).flexible(true).from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            issues.push(Issue::file(file, format!("cannot open: {e}")));
            return out;
        }
    };
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.to_string()).collect(),
        Err(e) => {
            issues.push(Issue::file(file, format!("cannot read the header: {e}")));
            return out;
        }
    };
    let Some(cols) = header_columns(file, &headers, known_ids, kind, required, issues) else {
        return out;
    };
    let rows = read_rows(&mut rdr, file, &headers, &cols, axis, rule, issues);
    if !rows.order_ok {
        return out;
    }
    let (Some(f), Some(l)) = (rows.first, rows.last) else {
        issues.push(Issue::file(file, "the series has no rows"));
        return out;
    };
    let need_end = axis.timestamp(axis.hours.saturating_sub(1));
    if check_coverage && (f > axis.start || l < need_end) {
        issues.push(Issue::file(
            file,
            format!(
                "covers {} .. {} but the study horizon needs {} .. {}; extend the series or change [horizon] in study.toml",
                f.to_rfc3339(),
                l.to_rfc3339(),
                axis.start.to_rfc3339(),
                need_end.to_rfc3339()
            ),
        ));
        return out;
    }
    for (c, v) in rows.values.into_iter().enumerate().skip(1) {
        if let Some(k) = cols[c] {
            out.insert(known_ids[k].clone(), v);
        }
    }
    out
}

/// Check the header of a series file: `timestamp` first, then component ids. Returns,
/// per column, the index of its component in `known_ids` (`None` for the timestamp
/// and unknown columns); `None` when the file cannot be read further.
fn header_columns(
    file: &str,
    headers: &[String],
    known_ids: &[String],
    kind: &str,
    required: bool,
    issues: &mut Issues,
) -> Option<Vec<Option<usize>>> {
    if headers.first().map(|s| s.as_str()) != Some("timestamp") {
        issues.push(Issue::at(
            file,
            1,
            headers.first().cloned().unwrap_or_default(),
            headers.first().cloned().unwrap_or_default(),
            "the first column must be 'timestamp' (UTC, ISO 8601)",
        ));
        return None;
    }
    let mut cols: Vec<Option<usize>> = vec![None];
    let mut seen = HashMap::new();
    for h in headers.iter().skip(1) {
        let pos = known_ids.iter().position(|id| id == h);
        if pos.is_none() {
            issues.push(Issue::at(file, 1, h, h, format!("column names no known {kind}; check the id (or remove the column)")));
        }
        if seen.insert(h.clone(), ()).is_some() {
            issues.push(Issue::at(file, 1, h, h, "column appears twice"));
        }
        cols.push(pos);
    }
    if required {
        for id in known_ids.iter().filter(|id| !headers.iter().skip(1).any(|h| h == *id)) {
            issues.push(Issue::file(
                file,
                format!("no column for {kind} '{id}'; every {kind} needs one (a column of zeros where it has none)"),
            ));
        }
    }
    Some(cols)
}

/// The rows of a series file read by [`read_rows`].
struct Rows {
    /// Values per column on the axis (empty for unknown columns and the timestamp).
    values: Vec<Vec<f64>>,
    /// First and last timestamps.
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// False when a row was malformed or out of order (reported).
    order_ok: bool,
}

/// Read the data rows: checks their length, timestamps (hourly, sorted, no gaps) and
/// values; keeps the values of known columns inside the axis.
fn read_rows(
    rdr: &mut csv::Reader<std::fs::File>,
    file: &str,
    headers: &[String],
    cols: &[Option<usize>],
    axis: &TimeAxis,
    rule: ValueRule,
    issues: &mut Issues,
) -> Rows {
    let n_cols = headers.len();
    // Values are kept for known columns only, so memory is bounded by the horizon and
    // the case's components whatever the file holds.
    let values = cols.iter().map(|c| if c.is_some() { Vec::with_capacity(axis.hours) } else { Vec::new() }).collect();
    let mut rows = Rows { values, first: None, last: None, order_ok: true };
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                issues.push(Issue { file: file.into(), row: Some(line), column: None, value: None, message: csv_error_message(&e) });
                rows.order_ok = false;
                if fatal {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        // A row of the wrong length is reported; its timestamp still counts for the
        // order checks so the next row is not reported as a gap.
        let wrong_length = rec.len() != n_cols;
        if wrong_length {
            issues.push(Issue {
                file: file.into(),
                row: Some(line),
                column: None,
                value: Some(rec.iter().collect::<Vec<_>>().join(",")),
                message: format!("{} fields but the header has {n_cols}; every row needs a value for every column", rec.len()),
            });
            rows.order_ok = false;
        }
        let ts_s = rec.get(0).unwrap_or("");
        let Some(ts) = parse_timestamp(ts_s) else {
            issues.push(Issue::at(file, line, "timestamp", ts_s, "not an ISO 8601 timestamp (e.g. 2030-01-01T00:00:00Z)"));
            rows.order_ok = false;
            continue;
        };
        match rows.last {
            Some(p) => {
                if let Some(msg) = step_problem(p, ts) {
                    issues.push(Issue::at(file, line, "timestamp", ts_s, msg));
                    rows.order_ok = false;
                }
            }
            None => rows.first = Some(ts),
        }
        rows.last = Some(ts);
        if wrong_length || axis.index_of(ts).is_none() {
            continue;
        }
        for c in 1..n_cols {
            let s = rec.get(c).unwrap_or("");
            let v = match s.parse::<f64>() {
                Ok(v) => {
                    if let Some(m) = rule(v) {
                        issues.push(Issue::at(file, line, &headers[c], s, m));
                    }
                    v
                }
                Err(_) => {
                    issues.push(Issue::at(file, line, &headers[c], s, "not a number"));
                    f64::NAN
                }
            };
            if cols[c].is_some() {
                rows.values[c].push(v);
            }
        }
    }
    rows
}

/// What is wrong with a row at `ts` after one at `prev` (rows are hourly and sorted).
fn step_problem(prev: DateTime<Utc>, ts: DateTime<Utc>) -> Option<String> {
    let step = (ts - prev).num_seconds();
    if step == 3600 {
        None
    } else if step == 0 {
        Some("duplicate hour".to_string())
    } else if step < 0 {
        Some(format!("timestamps are not sorted (previous row is {})", prev.to_rfc3339()))
    } else if step % 3600 == 0 {
        Some(format!("{} missing hour(s) after {}", step / 3600 - 1, prev.to_rfc3339()))
    } else {
        Some("not on the hour grid of the previous rows".to_string())
    }
}

/// A CSV reader's error in words a user can act on, without the reader's byte
/// offsets (the issue names the line).
pub(crate) fn csv_error_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text; save the file as UTF-8".into(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields but the header has {expected_len}; every row needs a value for every column")
        }
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("malformed CSV row: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let a = parse_timestamp("2030-01-01T00:00:00Z").unwrap();
        assert_eq!(parse_timestamp("2030-01-01 00:00").unwrap(), a);
        assert_eq!(parse_timestamp("2029-12-31T19:00:00-05:00").unwrap(), a);
        assert!(parse_timestamp("01/01/2030").is_none());
    }
}
