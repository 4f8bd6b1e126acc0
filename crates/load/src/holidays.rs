//! National public holidays of the United States, Canada and Mexico, computed by rule.
//!
//! * US: the federal holidays (5 U.S.C. 6103) with the weekend "observed" rule
//!   (Saturday → Friday, Sunday → Monday); Juneteenth from 2021.
//! * Canada: the federal statutory holidays (Canada Labour Code s.166) — New Year,
//!   Good Friday, Victoria Day, Canada Day, Labour Day, Thanksgiving, Remembrance Day,
//!   Christmas, Boxing Day; Truth and Reconciliation Day from 2021. Sunday holidays move
//!   to Monday (Boxing Day to Tuesday when Christmas also moves).
//! * Mexico: the mandatory rest days of the Ley Federal del Trabajo art. 74 — 1 Jan,
//!   Constitution Day (1st Monday of February from 2006, else 5 Feb), Benito Juárez
//!   (3rd Monday of March from 2006, else 21 Mar), 1 May, 16 Sep, Revolution Day
//!   (3rd Monday of November from 2006, else 20 Nov), 25 Dec, and the presidential
//!   inauguration day (1 Dec of 2000, 2006, 2012, 2018; 1 Oct from 2024 every 6 years).
//!
//! Each holiday has a [`HolidayKind`]: `Major` days close most businesses and shift
//! load strongly; `Minor` days (e.g. US Columbus/Veterans Day) barely do.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Country whose holiday calendar applies: the model's [`nagrid_model::Country`].
pub use nagrid_model::Country;

/// How strongly a holiday affects electricity demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HolidayKind {
    /// Most businesses closed.
    Major,
    /// Government holiday with most businesses open.
    Minor,
}

/// One holiday on a given (observed) date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The date the holiday is observed (a day off).
    pub date: NaiveDate,
    /// English name.
    pub name: &'static str,
    /// Demand relevance.
    pub kind: HolidayKind,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid holiday date")
}

/// The `n`-th (1-based) given weekday of a month.
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8).expect("nth weekday exists")
}

/// The last given weekday of a month.
pub fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let next = if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) };
    let mut d = next - Duration::days(1);
    while d.weekday() != weekday {
        d -= Duration::days(1);
    }
    d
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// US federal "observed" rule: Saturday → Friday before, Sunday → Monday after.
fn us_observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// Canadian rule: a holiday on Sunday (or Saturday, for federal employees) moves to Monday.
fn ca_observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Duration::days(2),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// All holidays of a country in a calendar year, sorted by date.
pub fn holidays(country: Country, year: i32) -> Vec<Holiday> {
    use HolidayKind::*;
    let h = |date, name, kind| Holiday { date, name, kind };
    let mut v = match country {
        Country::US => {
            let mut v = vec![
                h(us_observed(ymd(year, 1, 1)), "New Year's Day", Major),
                h(nth_weekday(year, 1, Weekday::Mon, 3), "Martin Luther King Jr. Day", Minor),
                h(nth_weekday(year, 2, Weekday::Mon, 3), "Washington's Birthday", Minor),
                h(last_weekday(year, 5, Weekday::Mon), "Memorial Day", Major),
                h(us_observed(ymd(year, 7, 4)), "Independence Day", Major),
                h(nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day", Major),
                h(nth_weekday(year, 10, Weekday::Mon, 2), "Columbus Day", Minor),
                h(us_observed(ymd(year, 11, 11)), "Veterans Day", Minor),
                h(nth_weekday(year, 11, Weekday::Thu, 4), "Thanksgiving Day", Major),
                h(us_observed(ymd(year, 12, 25)), "Christmas Day", Major),
            ];
            if year >= 2021 {
                v.push(h(us_observed(ymd(year, 6, 19)), "Juneteenth", Minor));
            }
            // New Year's Day of the next year observed on Friday 31 Dec of this year.
            let next_ny = us_observed(ymd(year + 1, 1, 1));
            if next_ny.year() == year {
                v.push(h(next_ny, "New Year's Day (observed)", Major));
            }
            v.retain(|x| x.date.year() == year);
            v
        }
        Country::CA => {
            let christmas = ca_observed(ymd(year, 12, 25));
            let boxing = {
                let b = ca_observed(ymd(year, 12, 26));
                if b == christmas {
                    b + Duration::days(1)
                } else {
                    b
                }
            };
            // Victoria Day: the Monday preceding 25 May.
            let mut victoria = ymd(year, 5, 24);
            while victoria.weekday() != Weekday::Mon {
                victoria -= Duration::days(1);
            }
            let mut v = vec![
                h(ca_observed(ymd(year, 1, 1)), "New Year's Day", Major),
                h(easter_sunday(year) - Duration::days(2), "Good Friday", Major),
                h(victoria, "Victoria Day", Major),
                h(ca_observed(ymd(year, 7, 1)), "Canada Day", Major),
                h(nth_weekday(year, 9, Weekday::Mon, 1), "Labour Day", Major),
                h(nth_weekday(year, 10, Weekday::Mon, 2), "Thanksgiving", Major),
                h(ca_observed(ymd(year, 11, 11)), "Remembrance Day", Minor),
                h(christmas, "Christmas Day", Major),
                h(boxing, "Boxing Day", Major),
            ];
            if year >= 2021 {
                v.push(h(ca_observed(ymd(year, 9, 30)), "National Day for Truth and Reconciliation", Minor));
            }
            v
        }
        Country::MX => {
            let mondays = year >= 2006;
            let mut v = vec![
                h(ymd(year, 1, 1), "Año Nuevo", Major),
                h(if mondays { nth_weekday(year, 2, Weekday::Mon, 1) } else { ymd(year, 2, 5) }, "Día de la Constitución", Major),
                h(if mondays { nth_weekday(year, 3, Weekday::Mon, 3) } else { ymd(year, 3, 21) }, "Natalicio de Benito Juárez", Major),
                h(ymd(year, 5, 1), "Día del Trabajo", Major),
                h(ymd(year, 9, 16), "Día de la Independencia", Major),
                h(if mondays { nth_weekday(year, 11, Weekday::Mon, 3) } else { ymd(year, 11, 20) }, "Día de la Revolución", Major),
                h(ymd(year, 12, 25), "Navidad", Major),
            ];
            if year >= 2024 && (year - 2024) % 6 == 0 {
                v.push(h(ymd(year, 10, 1), "Transmisión del Poder Ejecutivo", Major));
            } else if (1970..2024).contains(&year) && (year - 1970) % 6 == 0 {
                v.push(h(ymd(year, 12, 1), "Transmisión del Poder Ejecutivo", Major));
            }
            v
        }
    };
    v.sort_by_key(|x| x.date);
    v
}

/// A fast lookup of holiday dates over a span of years.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    first_year: i32,
    by_year: Vec<Vec<Holiday>>,
}

impl HolidayCalendar {
    /// Builds the calendar of `country` for the inclusive year range.
    pub fn new(country: Country, first_year: i32, last_year: i32) -> Self {
        let by_year = (first_year..=last_year).map(|y| holidays(country, y)).collect();
        HolidayCalendar { first_year, by_year }
    }

    /// The holiday kind of a date, if it is a holiday.
    pub fn kind(&self, d: NaiveDate) -> Option<HolidayKind> {
        let i = d.year() - self.first_year;
        if i < 0 || i as usize >= self.by_year.len() {
            return None;
        }
        self.by_year[i as usize].iter().find(|h| h.date == d).map(|h| h.kind)
    }
}
