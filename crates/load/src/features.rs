//! Regression features: calendar dummies, holidays, temperature polynomials and their
//! interactions, and recency-effect terms (lagged hourly temperatures and 24-hour
//! moving averages, Wang–Liu–Hong 2016).
//!
//! Coding (full rank, one intercept): month dummies for months 2..12; one dummy per
//! weekday×hour cell except Monday 00:00; each temperature term `x^k` enters either
//! as 12 month-specific slopes (which contain the main effect) or as one main slope,
//! plus, optionally, 23 hour-specific deviations (hours 1..23).

use chrono::{DateTime, Datelike, Duration, Utc};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::ops::Range;

use crate::calendar::{ClockZone, LocalHour};
use crate::holidays::{Country, HolidayCalendar, HolidayKind};

/// Which regression terms a model uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSpec {
    /// Linear trend in years since the start of the training data.
    pub trend: bool,
    /// Month-of-year dummies.
    pub month: bool,
    /// Weekday × hour-of-day dummies (168 cells).
    pub weekday_hour: bool,
    /// Polynomial degree of the temperature terms (3 in the vanilla benchmark).
    pub temperature_degree: u32,
    /// Temperature polynomial × month interactions.
    pub temperature_by_month: bool,
    /// Temperature polynomial × hour interactions.
    pub temperature_by_hour: bool,
    /// Holiday calendar (major holidays × hour dummies and a minor-holiday dummy).
    pub holidays: Option<Country>,
    /// Lagged temperatures T(t−1) .. T(t−lags_h).
    pub lags_h: u32,
    /// 24-hour mean temperatures of the previous `daily_means_d` days (day d = hours t−24d .. t−24d+23).
    pub daily_means_d: u32,
    /// Polynomial degree of the recency terms.
    pub recency_degree: u32,
    /// Recency terms × month interactions.
    pub recency_by_month: bool,
    /// Recency terms × hour interactions.
    pub recency_by_hour: bool,
}

impl FeatureSpec {
    /// Tao Hong's GEFCom2012 "vanilla" benchmark: trend, month, weekday×hour,
    /// T, T², T³ and their interactions with month and with hour.
    pub fn vanilla() -> Self {
        FeatureSpec {
            trend: true,
            month: true,
            weekday_hour: true,
            temperature_degree: 3,
            temperature_by_month: true,
            temperature_by_hour: true,
            holidays: None,
            lags_h: 0,
            daily_means_d: 0,
            recency_degree: 3,
            recency_by_month: true,
            recency_by_hour: true,
        }
    }

    /// The vanilla model plus holidays and recency terms.
    pub fn recency(holidays: Option<Country>, lags_h: u32, daily_means_d: u32) -> Self {
        FeatureSpec { holidays, lags_h, daily_means_d, ..Self::vanilla() }
    }

    fn temp_columns(&self, degree: u32, by_month: bool, by_hour: bool) -> usize {
        degree as usize * (if by_month { 12 } else { 1 } + if by_hour { 23 } else { 0 })
    }

    /// Number of regression columns (including the intercept).
    pub fn n_columns(&self) -> usize {
        let mut n = 1;
        n += usize::from(self.trend);
        n += if self.month { 11 } else { 0 };
        n += if self.weekday_hour { 167 } else { 0 };
        n += if self.holidays.is_some() { 25 } else { 0 };
        n += self.temp_columns(self.temperature_degree, self.temperature_by_month, self.temperature_by_hour);
        n += (self.lags_h + self.daily_means_d) as usize
            * self.temp_columns(self.recency_degree, self.recency_by_month, self.recency_by_hour);
        n
    }

    /// Hours of temperature history needed before the first modelled hour.
    pub fn history_h(&self) -> usize {
        (self.lags_h as usize).max(24 * self.daily_means_d as usize)
    }

    /// Short human-readable label, e.g. `vanilla+hol+lag3+ma1`.
    pub fn label(&self) -> String {
        let mut s = String::from("vanilla");
        if let Some(c) = self.holidays {
            s.push_str(&format!("+hol{c}"));
        }
        if self.lags_h > 0 {
            s.push_str(&format!("+lag{}", self.lags_h));
        }
        if self.daily_means_d > 0 {
            s.push_str(&format!("+ma{}", self.daily_means_d));
        }
        if self.lags_h + self.daily_means_d > 0 {
            s.push_str(&format!(
                "[deg{}{}{}]",
                self.recency_degree,
                if self.recency_by_month { ",xM" } else { "" },
                if self.recency_by_hour { ",xH" } else { "" }
            ));
        }
        s
    }
}

/// Everything besides the spec needed to turn hours into regression rows:
/// temperature centring/scaling and the trend origin (fixed at fit time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureScaling {
    /// Temperature subtracted before taking powers (training mean).
    pub temperature_center: f64,
    /// Temperature divisor before taking powers (training standard deviation).
    pub temperature_scale: f64,
    /// Instant where the trend is zero (start of training data).
    pub trend_origin_utc: DateTime<Utc>,
}

/// An hourly input series for the features: clock, first UTC hour and temperatures.
#[derive(Debug, Clone, Copy)]
pub struct HourlyInput<'a> {
    /// UTC start of hour 0.
    pub start_utc: DateTime<Utc>,
    /// Clock zone for calendar features.
    pub zone: ClockZone,
    /// Zone temperature per hour (any unit, consistent with training).
    pub temperature: &'a [f64],
}

const HOURS_PER_YEAR: f64 = 8766.0;

/// Builds the design matrix of `rows` (indices into `input`). Lagged values before
/// hour 0 are taken as hour 0's temperature.
pub fn design_matrix(spec: &FeatureSpec, scaling: &FeatureScaling, input: &HourlyInput<'_>, rows: Range<usize>) -> DMatrix<f64> {
    let p = spec.n_columns();
    let n = rows.len();
    let mut x = DMatrix::<f64>::zeros(n, p);
    let t = input.temperature;
    // Prefix sums for the daily means.
    let mut prefix = Vec::with_capacity(t.len() + 1);
    prefix.push(0.0);
    for v in t {
        prefix.push(prefix.last().unwrap() + v);
    }
    // Mean of t[i-24d .. i-24d+24) with clamping at 0: written as the sum over hours t−24d..t−24(d−1)−1.
    let window_mean = |i: usize, d: usize| -> f64 {
        let mut s = 0.0;
        let lo = i as i64 - 24 * d as i64;
        let hi = lo + 24; // exclusive
        let (a, b) = (lo.max(0) as usize, hi.max(0) as usize);
        s += prefix[b] - prefix[a];
        let missing = (a as i64 - lo).min(24) as f64;
        s += missing * t[0];
        s / 24.0
    };
    let (first_year, last_year) = {
        let a = input.zone.to_local(input.start_utc).year();
        let b = input.zone.to_local(input.start_utc + Duration::hours(t.len() as i64)).year();
        (a - 1, b + 1)
    };
    let cal = spec.holidays.map(|c| HolidayCalendar::new(c, first_year, last_year));
    let mut row = vec![0.0; p];
    let mut terms: Vec<f64> = Vec::with_capacity(1 + (spec.lags_h + spec.daily_means_d) as usize);
    for (r, i) in rows.enumerate() {
        let utc = input.start_utc + Duration::hours(i as i64);
        let lh = LocalHour::of(input.zone.to_local(utc));
        row.iter_mut().for_each(|v| *v = 0.0);
        let mut c = 0;
        row[c] = 1.0;
        c += 1;
        if spec.trend {
            row[c] = (utc - scaling.trend_origin_utc).num_hours() as f64 / HOURS_PER_YEAR;
            c += 1;
        }
        if spec.month {
            if lh.month >= 2 {
                row[c + lh.month as usize - 2] = 1.0;
            }
            c += 11;
        }
        if spec.weekday_hour {
            let cell = (lh.weekday * 24 + lh.hour) as usize;
            if cell > 0 {
                row[c + cell - 1] = 1.0;
            }
            c += 167;
        }
        if let Some(cal) = &cal {
            match cal.kind(lh.date) {
                Some(HolidayKind::Major) => row[c + lh.hour as usize] = 1.0,
                Some(HolidayKind::Minor) => row[c + 24] = 1.0,
                None => {}
            }
            c += 25;
        }
        let scale = |v: f64| (v - scaling.temperature_center) / scaling.temperature_scale;
        terms.clear();
        terms.push(scale(t[i]));
        let put = |row: &mut [f64], c: &mut usize, x: f64, deg: u32, by_m: bool, by_h: bool| {
            let mut xp = 1.0;
            for _ in 0..deg {
                xp *= x;
                if by_m {
                    row[*c + lh.month as usize - 1] = xp;
                    *c += 12;
                } else {
                    row[*c] = xp;
                    *c += 1;
                }
                if by_h {
                    if lh.hour > 0 {
                        row[*c + lh.hour as usize - 1] = xp;
                    }
                    *c += 23;
                }
            }
        };
        put(&mut row, &mut c, terms[0], spec.temperature_degree, spec.temperature_by_month, spec.temperature_by_hour);
        for h in 1..=spec.lags_h as usize {
            let v = scale(t[i.saturating_sub(h)]);
            put(&mut row, &mut c, v, spec.recency_degree, spec.recency_by_month, spec.recency_by_hour);
        }
        for d in 1..=spec.daily_means_d as usize {
            let v = scale(window_mean(i, d));
            put(&mut row, &mut c, v, spec.recency_degree, spec.recency_by_month, spec.recency_by_hour);
        }
        debug_assert_eq!(c, p);
        for (j, v) in row.iter().enumerate() {
            if *v != 0.0 {
                x[(r, j)] = *v;
            }
        }
    }
    x
}
