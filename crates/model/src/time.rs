//! The hourly time axis of a study. Time is always UTC inside nagrid.

use crate::limits::{MAX_YEAR, MIN_YEAR};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Consecutive hours starting at `start` (UTC, on the hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeAxis {
    /// First hour (interval beginning), UTC.
    pub start: DateTime<Utc>,
    /// Number of hours (of periods when `step_hours` > 1).
    pub hours: usize,
    /// Hours per period: 1, except in the rolling horizon's first pass (WS4), whose
    /// periods are blocks of hours.
    pub step_hours: usize,
}

impl TimeAxis {
    /// A time axis of `hours` hours from `start`.
    pub fn new(start: DateTime<Utc>, hours: usize) -> Self {
        Self { start, hours, step_hours: 1 }
    }

    /// (WS4) An axis of `periods` blocks of `step_hours` hours each from `start`.
    pub fn blocks(start: DateTime<Utc>, periods: usize, step_hours: usize) -> Self {
        Self { start, hours: periods, step_hours: step_hours.max(1) }
    }

    /// The full calendar year `year` in UTC (8,760 or 8,784 hours).
    ///
    /// A year outside [`MIN_YEAR`]..=[`MAX_YEAR`] is clamped into that range: such years
    /// are refused by validation (`study.toml`'s `study_year`), and clamping keeps this
    /// function total instead of panicking on a year chrono cannot represent. Use
    /// [`TimeAxis::try_full_year`] to learn whether the year is accepted.
    pub fn full_year(year: i32) -> Self {
        let year = year.clamp(MIN_YEAR, MAX_YEAR);
        // Every year of MIN_YEAR..=MAX_YEAR is representable; the fallback is never taken.
        let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single().unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        Self { start, hours: hours_in_year(year), step_hours: 1 }
    }

    /// The full calendar year `year`, or `None` when the year is outside
    /// [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn try_full_year(year: i32) -> Option<Self> {
        (MIN_YEAR..=MAX_YEAR).contains(&year).then(|| Self::full_year(year))
    }

    /// Timestamp of hour (period) `t` (interval beginning).
    ///
    /// Saturates at the last instant chrono can represent when `start + t` hours is
    /// beyond it; validated axes (years and horizon length bounded by
    /// [`crate::limits`]) never come near it.
    pub fn timestamp(&self, t: usize) -> DateTime<Utc> {
        t.checked_mul(self.step_hours)
            .and_then(|h| i64::try_from(h).ok())
            .and_then(Duration::try_hours)
            .and_then(|d| self.start.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Index of `ts` on this axis, if it is one of its hours.
    pub fn index_of(&self, ts: DateTime<Utc>) -> Option<usize> {
        let d = ts - self.start;
        if d.num_seconds() % 3600 != 0 {
            return None;
        }
        let step = self.step_hours.max(1) as i64;
        let h = d.num_hours();
        (h >= 0 && h % step == 0 && ((h / step) as usize) < self.hours).then_some((h / step) as usize)
    }

    /// Year of the first hour.
    pub fn start_year(&self) -> i32 {
        self.start.year()
    }
}

/// Hours of calendar month `month` (1–12) of `year`.
///
/// `month` is clamped into 1..=12 and `year` into [`MIN_YEAR`]..=[`MAX_YEAR`]: callers
/// pass validated months (`hydro_budgets.csv` refuses others) and study years, and
/// clamping keeps this function total instead of panicking.
pub fn hours_in_month(year: i32, month: u32) -> usize {
    let year = year.clamp(MIN_YEAR, MAX_YEAR);
    let month = month.clamp(1, 12);
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    match (chrono::NaiveDate::from_ymd_opt(year, month, 1), chrono::NaiveDate::from_ymd_opt(ny, nm, 1)) {
        (Some(a), Some(b)) => (b - a).num_days().unsigned_abs() as usize * 24,
        // Unreachable for clamped inputs; 31 days is the longest month.
        _ => 744,
    }
}

/// True for leap years of the proleptic Gregorian calendar (chrono's rule).
///
/// A year chrono cannot represent falls back to the Gregorian rule by hand.
pub fn is_leap_year(year: i32) -> bool {
    match NaiveDate::from_ymd_opt(year, 1, 1) {
        Some(d) => d.leap_year(),
        None => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0,
    }
}

/// 8,784 in leap years, else 8,760.
pub fn hours_in_year(year: i32) -> usize {
    if is_leap_year(year) {
        8784
    } else {
        8760
    }
}

/// Wall-clock layouts without an offset accepted by [`parse_time`], tried in order.
/// (`%Y-%m-%d %H` without minutes was listed by nagrid-load once; chrono never
/// accepted it for a date-time, so it is not listed.)
pub const NAIVE_TIMESTAMP_FORMATS: [&str; 5] =
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%m/%d/%Y %H:%M"];

/// A timestamp as written: an exact instant (it carried an offset) or a wall-clock
/// time whose zone the caller knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedTime {
    /// RFC 3339 with an offset (`Z`, `+01:00`), converted to UTC.
    Instant(DateTime<Utc>),
    /// No offset: one of [`NAIVE_TIMESTAMP_FORMATS`].
    Local(NaiveDateTime),
}

/// Parse a timestamp: RFC 3339 with an offset, or one of [`NAIVE_TIMESTAMP_FORMATS`]
/// (`2030-01-01 00:00`, `2030-01-01T00:00:00`, `01/31/2030 13:00`).
/// The one timestamp parser of nagrid (case series, `study.toml`, load history).
pub fn parse_time(s: &str) -> Option<ParsedTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(ParsedTime::Instant(t.with_timezone(&Utc)));
    }
    NAIVE_TIMESTAMP_FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok()).map(ParsedTime::Local)
}

/// Parse a timestamp as [`parse_time`] does; a time without an offset is taken as UTC.
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    match parse_time(s)? {
        ParsedTime::Instant(t) => Some(t),
        ParsedTime::Local(n) => Some(n.and_utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_year_lengths() {
        assert_eq!(TimeAxis::full_year(2030).hours, 8760);
        assert_eq!(TimeAxis::full_year(2028).hours, 8784);
        assert_eq!(hours_in_year(2100), 8760);
        assert_eq!(hours_in_year(2000), 8784);
    }

    #[test]
    fn leap_years_follow_chrono() {
        for y in [1900, 2000, 2023, 2024, 2100, 2400, 300_000] {
            let by_hand = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            assert_eq!(is_leap_year(y), by_hand, "{y}");
        }
    }

    #[test]
    fn one_parser_for_every_layout() {
        let a = parse_timestamp("2030-01-01T00:00:00Z").unwrap();
        for s in ["2030-01-01 00:00", "2030-01-01T00:00", "2030-01-01 00:00:00", "2030-01-01T00:00:00", "01/01/2030 00:00"] {
            assert_eq!(parse_timestamp(s), Some(a), "{s}");
            assert!(matches!(parse_time(s), Some(ParsedTime::Local(_))), "{s}");
        }
        assert_eq!(parse_timestamp("2029-12-31T19:00:00-05:00"), Some(a));
        assert_eq!(parse_time("2030-01-01T00:00:00Z"), Some(ParsedTime::Instant(a)));
        assert!(parse_timestamp("01/01/2030").is_none());
        assert!(parse_timestamp("noon").is_none());
        assert!(parse_timestamp("2030-01-01 05").is_none());
    }

    #[test]
    fn month_lengths() {
        assert_eq!(hours_in_month(2030, 1), 744);
        assert_eq!(hours_in_month(2028, 2), 696);
        assert_eq!(hours_in_month(2030, 12), 744);
    }

    #[test]
    fn out_of_range_years_and_hours_do_not_panic() {
        assert_eq!(TimeAxis::full_year(300_000), TimeAxis::full_year(MAX_YEAR));
        assert_eq!(TimeAxis::full_year(i32::MIN), TimeAxis::full_year(MIN_YEAR));
        assert!(TimeAxis::try_full_year(300_000).is_none());
        assert!(TimeAxis::try_full_year(2030).is_some());
        let ax = TimeAxis::full_year(2030);
        assert_eq!(ax.timestamp(usize::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(hours_in_month(2030, 0), 744);
        assert_eq!(hours_in_month(2030, 13), 744);
        assert_eq!(hours_in_month(i32::MAX, 12), 744);
    }

    #[test]
    fn index_round_trip() {
        let ax = TimeAxis::full_year(2030);
        assert_eq!(ax.index_of(ax.timestamp(100)), Some(100));
        assert_eq!(ax.index_of(ax.timestamp(0) - Duration::hours(1)), None);
        assert_eq!(ax.index_of(ax.timestamp(0) + Duration::minutes(30)), None);
    }
}
