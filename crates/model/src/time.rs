//! The hourly time axis of a study. Time is always UTC inside nagrid.

use crate::limits::{MAX_YEAR, MIN_YEAR};
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};

/// Consecutive hours starting at `start` (UTC, on the hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeAxis {
    /// First hour (interval beginning), UTC.
    pub start: DateTime<Utc>,
    /// Number of hours.
    pub hours: usize,
}

impl TimeAxis {
    /// A time axis of `hours` hours from `start`.
    pub fn new(start: DateTime<Utc>, hours: usize) -> Self {
        Self { start, hours }
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
        Self { start, hours: hours_in_year(year) }
    }

    /// The full calendar year `year`, or `None` when the year is outside
    /// [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn try_full_year(year: i32) -> Option<Self> {
        (MIN_YEAR..=MAX_YEAR).contains(&year).then(|| Self::full_year(year))
    }

    /// Timestamp of hour `t` (interval beginning).
    ///
    /// Saturates at the last instant chrono can represent when `start + t` hours is
    /// beyond it; validated axes (years and horizon length bounded by
    /// [`crate::limits`]) never come near it.
    pub fn timestamp(&self, t: usize) -> DateTime<Utc> {
        i64::try_from(t)
            .ok()
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
        let h = d.num_hours();
        (h >= 0 && (h as usize) < self.hours).then_some(h as usize)
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

/// 8,784 in leap years, else 8,760.
pub fn hours_in_year(year: i32) -> usize {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if leap {
        8784
    } else {
        8760
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
