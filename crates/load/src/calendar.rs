//! Clock and calendar handling: time zones (IANA or fixed offsets), DST-aware
//! local↔UTC conversion, hour-ending labels and date periods.
//!
//! Convention used throughout the crate: an hourly value is attached to the
//! **start** of its interval. Series are stored as a UTC start instant plus a
//! contiguous hourly index; calendar features use the local clock time of the
//! interval start (so "hour ending 1" of a day is local hour 0).

use chrono::{DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::{LoadError, Result};

/// The clock a series is recorded in: an IANA zone (with DST) or a fixed UTC offset
/// (a clock without DST, e.g. GEFCom2012 whose days always have 24 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockZone {
    /// IANA time zone such as `America/Chicago`.
    Iana(Tz),
    /// Fixed offset from UTC in seconds east (e.g. -18000 for UTC-05:00).
    Fixed(i32),
}

impl ClockZone {
    /// UTC itself.
    pub const UTC: ClockZone = ClockZone::Fixed(0);

    /// Local wall-clock time of a UTC instant.
    pub fn to_local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        match self {
            ClockZone::Iana(tz) => utc.with_timezone(tz).naive_local(),
            ClockZone::Fixed(s) => utc.naive_utc() + Duration::seconds(i64::from(*s)),
        }
    }

    /// All UTC instants a local wall-clock time can denote: none (DST gap),
    /// one, or two (the repeated hour when clocks fall back; earliest first).
    pub fn from_local(&self, local: NaiveDateTime) -> Vec<DateTime<Utc>> {
        match self {
            ClockZone::Iana(tz) => match tz.from_local_datetime(&local) {
                LocalResult::None => vec![],
                LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
                LocalResult::Ambiguous(a, b) => {
                    vec![a.with_timezone(&Utc), b.with_timezone(&Utc)]
                }
            },
            ClockZone::Fixed(s) => {
                let off = FixedOffset::east_opt(*s).expect("offset validated at parse");
                match off.from_local_datetime(&local) {
                    LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
                    _ => vec![],
                }
            }
        }
    }
}

impl fmt::Display for ClockZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClockZone::Iana(tz) => write!(f, "{}", tz.name()),
            ClockZone::Fixed(0) => write!(f, "UTC"),
            ClockZone::Fixed(s) => {
                let sign = if *s < 0 { '-' } else { '+' };
                let a = s.unsigned_abs();
                write!(f, "UTC{}{:02}:{:02}", sign, a / 3600, (a % 3600) / 60)
            }
        }
    }
}

impl FromStr for ClockZone {
    type Err = LoadError;
    /// Parses `UTC`, `UTC-05:00`, `UTC+1`, or an IANA name such as `America/New_York`.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") {
            return Ok(ClockZone::UTC);
        }
        if let Some(rest) = t.strip_prefix("UTC").or_else(|| t.strip_prefix("utc")) {
            let (sign, body) = match rest.chars().next() {
                Some('+') => (1, &rest[1..]),
                Some('-') => (-1, &rest[1..]),
                _ => return Err(LoadError::Invalid(format!("bad UTC offset {s:?}"))),
            };
            let (h, m) = match body.split_once(':') {
                Some((h, m)) => (h, m),
                None => (body, "0"),
            };
            let h: i32 = h.parse().map_err(|_| LoadError::Invalid(format!("bad UTC offset {s:?}")))?;
            let m: i32 = m.parse().map_err(|_| LoadError::Invalid(format!("bad UTC offset {s:?}")))?;
            if !(0..=14).contains(&h) || !(0..60).contains(&m) {
                return Err(LoadError::Invalid(format!("UTC offset out of range {s:?}")));
            }
            return Ok(ClockZone::Fixed(sign * (h * 3600 + m * 60)));
        }
        t.parse::<Tz>()
            .map(ClockZone::Iana)
            .map_err(|_| LoadError::Invalid(format!("unknown time zone {s:?} (use an IANA name or UTC±HH:MM)")))
    }
}

impl Serialize for ClockZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ClockZone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Which end of the hourly interval a timestamp or hour number labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HourLabel {
    /// The label is the interval start (hour numbers 0..23).
    #[default]
    Beginning,
    /// The label is the interval end (hour numbers 1..24, as in GEFCom2012 `h1..h24`).
    Ending,
}

/// An inclusive range of local calendar dates, written `2005-01-01..2006-12-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatePeriod {
    /// First day (inclusive).
    pub first: NaiveDate,
    /// Last day (inclusive).
    pub last: NaiveDate,
}

impl DatePeriod {
    /// Creates a period, checking `first <= last`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<Self> {
        if first > last {
            return Err(LoadError::Invalid(format!("period {first}..{last} ends before it starts")));
        }
        Ok(DatePeriod { first, last })
    }
    /// Whether a local date lies in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.first && d <= self.last
    }
    /// Number of days.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

impl fmt::Display for DatePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

impl FromStr for DatePeriod {
    type Err = LoadError;
    fn from_str(s: &str) -> Result<Self> {
        let (a, b) = s.split_once("..").ok_or_else(|| LoadError::Invalid(format!("period {s:?} must look like 2005-01-01..2006-12-31")))?;
        let p = |x: &str| {
            NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").map_err(|_| LoadError::Invalid(format!("bad date {x:?} in period {s:?}")))
        };
        DatePeriod::new(p(a)?, p(b)?)
    }
}

/// Number of hours in a calendar year (8760 or 8784): the model's rule.
pub use nagrid_model::time::hours_in_year;

/// Calendar attributes of one local hour used by the regression features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalHour {
    /// Local date of the interval start.
    pub date: NaiveDate,
    /// Month 1..12.
    pub month: u32,
    /// Weekday, Monday = 0 .. Sunday = 6.
    pub weekday: u32,
    /// Local hour of day of the interval start, 0..23.
    pub hour: u32,
}

impl LocalHour {
    /// Extracts the calendar attributes of a local date-time.
    pub fn of(t: NaiveDateTime) -> Self {
        LocalHour { date: t.date(), month: t.month(), weekday: t.weekday().num_days_from_monday(), hour: t.hour() }
    }
}
