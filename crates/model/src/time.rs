//! The hourly time axis of a study. Time is always UTC inside nagrid.

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
    pub fn full_year(year: i32) -> Self {
        let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single().expect("valid year");
        Self { start, hours: hours_in_year(year) }
    }

    /// Timestamp of hour `t` (interval beginning).
    pub fn timestamp(&self, t: usize) -> DateTime<Utc> {
        self.start + Duration::hours(t as i64)
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
pub fn hours_in_month(year: i32, month: u32) -> usize {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let a = chrono::NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let b = chrono::NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid month");
    (b - a).num_days() as usize * 24
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
    fn index_round_trip() {
        let ax = TimeAxis::full_year(2030);
        assert_eq!(ax.index_of(ax.timestamp(100)), Some(100));
        assert_eq!(ax.index_of(ax.timestamp(0) - Duration::hours(1)), None);
        assert_eq!(ax.index_of(ax.timestamp(0) + Duration::minutes(30)), None);
    }
}
