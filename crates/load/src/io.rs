//! Reading hourly CSV files (plain or gzip) into an [`HourlyFrame`], collecting every
//! problem (unknown column, non-numeric value, missing or duplicate hour, DST gap)
//! in one pass.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::calendar::{ClockZone, DatePeriod, HourLabel};
use crate::error::{issue, LoadError, Result};
use nagrid_model::time::{parse_time, ParsedTime};
use nagrid_model::Issues;

/// How the time of each row is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeColumns {
    /// One timestamp column: RFC 3339 with offset (exact instant) or a naive
    /// `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` read in the frame's clock zone.
    Timestamp {
        /// Column name.
        column: String,
        /// Whether the timestamp labels the interval start or end.
        label: HourLabel,
    },
    /// A date column (`YYYY-MM-DD`) plus an hour-number column.
    DateHour {
        /// Date column name.
        date_column: String,
        /// Hour column name.
        hour_column: String,
        /// `Ending` for 1..24 (GEFCom2012), `Beginning` for 0..23.
        label: HourLabel,
    },
}

impl TimeColumns {
    /// GEFCom2012 tidy layout: `date` + hour-ending `hour` (1..24).
    pub fn gefcom() -> Self {
        TimeColumns::DateHour { date_column: "date".into(), hour_column: "hour".into(), label: HourLabel::Ending }
    }
}

/// What to read from an hourly CSV file.
#[derive(Debug, Clone)]
pub struct CsvSpec {
    /// Time columns.
    pub time: TimeColumns,
    /// Value columns to read (all must exist and be numeric inside `period`).
    pub columns: Vec<String>,
    /// Clock zone of naive times in the file.
    pub zone: ClockZone,
    /// Keep only rows whose local date lies in this period (others are skipped unchecked).
    pub period: Option<DatePeriod>,
}

/// A contiguous hourly table: values of named columns for consecutive UTC hours.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlyFrame {
    /// UTC start of the first interval.
    pub start_utc: DateTime<Utc>,
    /// Clock zone used for calendar features.
    pub zone: ClockZone,
    /// Column names.
    pub names: Vec<String>,
    /// Column values (same order as `names`), each of length `len()`.
    pub values: Vec<Vec<f64>>,
}

impl HourlyFrame {
    /// Number of hours.
    pub fn len(&self) -> usize {
        self.values.first().map_or(0, Vec::len)
    }
    /// True when there are no hours.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// UTC start of hour `i`.
    pub fn utc(&self, i: usize) -> DateTime<Utc> {
        self.start_utc + Duration::hours(i as i64)
    }
    /// Local wall-clock start of hour `i`.
    pub fn local(&self, i: usize) -> NaiveDateTime {
        self.zone.to_local(self.utc(i))
    }
    /// Local start times of all hours.
    pub fn local_times(&self) -> Vec<NaiveDateTime> {
        (0..self.len()).map(|i| self.local(i)).collect()
    }
    /// Values of a column.
    pub fn column(&self, name: &str) -> Result<&[f64]> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| self.values[i].as_slice())
            .ok_or_else(|| LoadError::Invalid(format!("no column {name:?} in frame (have {})", self.names.join(","))))
    }
    /// Checks that the frame covers every local date of `period` (error names `file`).
    pub fn check_covers(&self, period: &DatePeriod, file: &str) -> Result<()> {
        if self.is_empty() {
            return Err(LoadError::Input(Issues(vec![issue(file, None, None, None, "no data")])));
        }
        let f = self.local(0).date();
        let l = self.local(self.len() - 1).date();
        if f > period.first || l < period.last {
            return Err(LoadError::Input(Issues(vec![issue(
                file,
                None,
                None,
                None,
                format!("data cover {f}..{l}, not the whole period {period}"),
            )])));
        }
        Ok(())
    }

    /// Index range of the hours whose local date lies in `period`.
    pub fn range_of(&self, period: &DatePeriod) -> Result<std::ops::Range<usize>> {
        let mut first = None;
        let mut last = None;
        for i in 0..self.len() {
            if period.contains(self.local(i).date()) {
                first.get_or_insert(i);
                last = Some(i);
            }
        }
        match (first, last) {
            (Some(a), Some(b)) => Ok(a..b + 1),
            _ => Err(LoadError::Invalid(format!("period {period} is not covered by the data"))),
        }
    }
}

/// Opens a file, transparently decompressing gzip (by `.gz` extension or magic bytes).
pub fn open_maybe_gz(path: &Path) -> Result<Box<dyn Read>> {
    let io = |e| LoadError::Io { path: path.to_path_buf(), source: e };
    let mut f = File::open(path).map_err(io)?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(io)?;
    drop(f);
    let f = BufReader::new(File::open(path).map_err(io)?);
    let gz_ext = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz_ext || (n == 2 && magic == [0x1f, 0x8b]) {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(f)))
    } else {
        Ok(Box::new(f))
    }
}

/// Parses a date in one of the accepted layouts: `2015-01-31`, `01/31/2015`, `31-Jan-15`,
/// `31-Jan-2015`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    const FORMATS: [&str; 4] = ["%Y-%m-%d", "%m/%d/%Y", "%d-%b-%y", "%d-%b-%Y"];
    FORMATS.iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Reads an hourly CSV file. Every problem is collected and returned together in
/// [`LoadError::Input`], each naming file, row (1-based line, header = 1), column and value.
pub fn read_hourly_csv(path: &Path, spec: &CsvSpec) -> Result<HourlyFrame> {
    let file = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(open_maybe_gz(path)?);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| LoadError::Input(Issues(vec![issue(&file, Some(1), None, None, e.to_string())])))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut r = HourlyReader { file, spec, problems: Issues::default() };
    let time_idx: Vec<Option<usize>> = match &spec.time {
        TimeColumns::Timestamp { column, .. } => vec![r.find(&headers, column, "timestamp")],
        TimeColumns::DateHour { date_column, hour_column, .. } => {
            vec![r.find(&headers, date_column, "date"), r.find(&headers, hour_column, "hour")]
        }
    };
    let val_idx: Vec<Option<usize>> = spec.columns.iter().map(|c| r.find(&headers, c, "value")).collect();
    if time_idx.iter().any(Option::is_none) {
        // Without time columns rows cannot be placed, but the value columns that exist are
        // still checked so that every problem is reported in this one pass.
        r.check_values_only(&mut rdr, &val_idx);
        return Err(LoadError::Input(r.problems));
    }
    let time_idx: Vec<usize> = time_idx.into_iter().flatten().collect();
    let (times, values) = r.read_rows(&mut rdr, &time_idx, &val_idx);
    r.check_continuity(&times);
    if times.is_empty() && r.problems.is_empty() {
        r.problems.push(issue(&r.file, None, None, None, "no data rows (in the requested period)"));
    }
    if !r.problems.is_empty() {
        return Err(LoadError::Input(r.problems));
    }
    Ok(HourlyFrame { start_utc: times[0].0, zone: spec.zone, names: spec.columns.clone(), values })
}

/// Reading one hourly file: what was asked and the problems found so far.
struct HourlyReader<'a> {
    file: String,
    spec: &'a CsvSpec,
    problems: Issues,
}

/// A CSV reader of an hourly file (gzip or not).
type CsvReader = csv::Reader<Box<dyn Read>>;

/// The UTC start and line of each row read.
type RowTimes = Vec<(DateTime<Utc>, u64)>;

impl HourlyReader<'_> {
    /// Index of a column named in the spec (`what` kind of column), reported if absent.
    fn find(&mut self, headers: &[String], name: &str, what: &str) -> Option<usize> {
        let r = headers.iter().position(|h| h == name);
        if r.is_none() {
            let m = format!("unknown {what} column (header has: {})", headers.join(","));
            self.problems.push(issue(&self.file, Some(1), Some(name), None, m));
        }
        r
    }

    /// A finite value, or NaN with a problem recorded.
    fn value(&mut self, line: u64, column: &str, raw: &str) -> f64 {
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                let msg = if raw.is_empty() { "missing value" } else { "not a finite number" };
                self.problems.push(issue(&self.file, Some(line), Some(column), Some(raw), msg));
                f64::NAN
            }
        }
    }

    /// Check the value columns that exist of every row (the time columns are missing).
    fn check_values_only(&mut self, rdr: &mut CsvReader, val_idx: &[Option<usize>]) {
        let spec = self.spec;
        for rec in rdr.records() {
            let Ok(rec) = rec else { break };
            let line = rec.position().map_or(0, |p| p.line());
            for (k, ci) in val_idx.iter().enumerate() {
                if let Some(ci) = ci {
                    self.value(line, &spec.columns[k], rec.get(*ci).unwrap_or("").trim());
                }
            }
        }
    }

    /// The rows inside the spec's period: UTC start and line of each, and the values
    /// of each value column.
    fn read_rows(&mut self, rdr: &mut CsvReader, time_idx: &[usize], val_idx: &[Option<usize>]) -> (RowTimes, Vec<Vec<f64>>) {
        let spec = self.spec;
        let mut times: RowTimes = Vec::new();
        let mut values: Vec<Vec<f64>> = vec![Vec::new(); val_idx.len()];
        let mut record = csv::StringRecord::new();
        let mut line: u64 = 1;
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    self.problems.push(issue(&self.file, Some(line + 1), None, None, e.to_string()));
                    break;
                }
            }
            line = record.position().map_or(line + 1, |p| p.line());
            let get = |i: usize| record.get(i).unwrap_or("").trim();
            let Some((local, exact)) = self.row_time(time_idx.iter().map(|&i| get(i)), line) else { continue };
            if spec.period.as_ref().is_some_and(|p| !p.contains(local.date())) {
                continue;
            }
            let utc = match exact {
                Some(u) => u,
                None => match self.utc_of(local, times.last().map(|t| t.0), line) {
                    Some(u) => u,
                    None => continue,
                },
            };
            for (k, ci) in val_idx.iter().enumerate() {
                let v = match ci {
                    Some(ci) => self.value(line, &spec.columns[k], get(*ci)),
                    None => f64::NAN,
                };
                values[k].push(v);
            }
            times.push((utc, line));
        }
        (times, values)
    }

    /// Local start time of a row's interval and, for a timestamp with an offset, its
    /// exact instant; `None` (reported) when the time fields do not parse. `raw` gives
    /// the time fields in the order of the spec's time columns.
    fn row_time<'r>(&mut self, mut raw: impl Iterator<Item = &'r str>, line: u64) -> Option<(NaiveDateTime, Option<DateTime<Utc>>)> {
        let spec = self.spec;
        let mut next = || raw.next().unwrap_or("");
        match &spec.time {
            TimeColumns::Timestamp { column, label } => {
                let raw = next();
                let shift = if *label == HourLabel::Ending { Duration::hours(-1) } else { Duration::zero() };
                match parse_time(raw) {
                    Some(ParsedTime::Instant(t)) => Some((spec.zone.to_local(t + shift), Some(t + shift))),
                    Some(ParsedTime::Local(t)) => Some((t + shift, None)),
                    None => {
                        self.problems.push(issue(&self.file, Some(line), Some(column), Some(raw), "not a timestamp"));
                        None
                    }
                }
            }
            TimeColumns::DateHour { date_column, hour_column, label } => {
                let (rd, rh) = (next(), next());
                let d = parse_date(rd);
                if d.is_none() {
                    let m = "not a date (YYYY-MM-DD, MM/DD/YYYY or D-Mon-YY)";
                    self.problems.push(issue(&self.file, Some(line), Some(date_column), Some(rd), m));
                }
                let (lo, hi) = if *label == HourLabel::Ending { (1, 24) } else { (0, 23) };
                let h = rh.parse::<i64>().ok().filter(|h| (lo..=hi).contains(h));
                if h.is_none() {
                    let m = format!("hour must be an integer {lo}..{hi} ({label:?} convention)");
                    self.problems.push(issue(&self.file, Some(line), Some(hour_column), Some(rh), m));
                }
                Some((d?.and_time(NaiveTime::MIN) + Duration::hours(h? - lo), None))
            }
        }
    }

    /// The UTC instant of a naive local time (`prev`: the previous row's); `None`
    /// (reported) in a DST gap. Of a repeated hour when clocks fall back, the second
    /// occurrence follows the first.
    fn utc_of(&mut self, local: NaiveDateTime, prev: Option<DateTime<Utc>>, line: u64) -> Option<DateTime<Utc>> {
        match self.spec.zone.from_local(local).as_slice() {
            [] => {
                let m = format!("local time does not exist in {} (DST gap)", self.spec.zone);
                self.problems.push(issue(&self.file, Some(line), None, Some(&local.to_string()), m));
                None
            }
            [one] => Some(*one),
            [a, b, ..] => Some(if prev == Some(*a) { *b } else { *a }),
        }
    }

    /// Continuity: strictly consecutive UTC hours.
    fn check_continuity(&mut self, times: &[(DateTime<Utc>, u64)]) {
        for w in times.windows(2) {
            let (t0, l0) = w[0];
            let (t1, l1) = w[1];
            let dh = (t1 - t0).num_minutes();
            if dh != 60 {
                let msg = if dh <= 0 {
                    format!("duplicate or out-of-order hour (row {l0} is {t0}, this row is {t1})")
                } else {
                    format!("{} missing hour(s) between row {l0} ({t0}) and this row ({t1})", dh / 60 - 1)
                };
                self.problems.push(issue(&self.file, Some(l1), None, Some(&t1.to_rfc3339()), msg));
            }
        }
    }
}

/// Header names of a CSV file (gzip allowed).
pub fn csv_headers(path: &Path) -> Result<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(open_maybe_gz(path)?);
    let h =
        rdr.headers().map_err(|e| LoadError::Input(Issues(vec![issue(path.display().to_string(), Some(1), None, None, e.to_string())])))?;
    Ok(h.iter().map(|s| s.trim().to_string()).collect())
}

/// Writes named hourly series as CSV with `utc_start,local_start,<names...>` columns
/// (csv::Writer: names with commas or quotes are quoted).
pub fn write_hourly_csv(path: &Path, start_utc: DateTime<Utc>, zone: ClockZone, names: &[&str], columns: &[&[f64]]) -> Result<()> {
    let io = |e: std::io::Error| LoadError::Io { path: path.to_path_buf(), source: e };
    let csv_err = |e: csv::Error| io(e.into());
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(File::create(path).map_err(io)?));
    let n = columns.first().map_or(0, |c| c.len());
    w.write_record(["utc_start", "local_start"].into_iter().chain(names.iter().copied())).map_err(csv_err)?;
    let mut record: Vec<String> = Vec::with_capacity(names.len() + 2);
    for i in 0..n {
        let t = start_utc + Duration::hours(i as i64);
        record.clear();
        record.push(t.format("%Y-%m-%dT%H:%MZ").to_string());
        record.push(zone.to_local(t).format("%Y-%m-%d %H:%M").to_string());
        record.extend(columns.iter().map(|c| format!("{:.3}", c[i])));
        w.write_record(&record).map_err(csv_err)?;
    }
    w.flush().map_err(io)
}
