//! Synthetic hourly base load for regions without load history.
//!
//! A region known only by annual energy, peak, location, climate and time zone gets:
//! 1. hourly temperature from its [`ClimateParams`] (seeded, deterministic);
//! 2. a relative hourly *shape* from a calendar/temperature response — either the
//!    documented [`DefaultResponse`] or a fitted [`LoadModel`];
//! 3. a power transform `L(t) = a · s(t)^b` with `b` found by Newton's method so that the load
//!    factor matches `energy / (hours · peak)` and `a` so that the peak matches: annual
//!    energy and peak are then reproduced to round-off.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{hours_in_year, ClockZone, LocalHour};
use crate::climate::ClimateParams;
use crate::error::{LoadError, Result};
use crate::holidays::{Country, HolidayCalendar, HolidayKind};
use crate::model::LoadModel;
use nagrid_model::numeric::fnv1a;

/// Default calendar/temperature response (relative units; documented defaults are typical
/// of North-American utility loads, cf. GEFCom2012 and EIA-930 shapes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefaultResponse {
    /// Relative load by local hour 0..23 on working days (mean ≈ 1).
    pub weekday_shape: [f64; 24],
    /// Relative load by local hour 0..23 on weekends (mean ≈ 1, multiplied by `weekend_factor`).
    pub weekend_shape: [f64; 24],
    /// Level of Saturdays/Sundays relative to working days.
    pub weekend_factor: f64,
    /// Level of major holidays relative to working days (shape of a weekend day).
    pub holiday_factor: f64,
    /// Heating sensitivity: fraction of the weather-neutral load added per °C below `heating_balance_c`.
    pub heating_per_c: f64,
    /// Heating balance temperature, °C.
    pub heating_balance_c: f64,
    /// Cooling sensitivity: fraction added per °C above `cooling_balance_c`.
    pub cooling_per_c: f64,
    /// Cooling balance temperature, °C.
    pub cooling_balance_c: f64,
    /// Time constant of the building thermal inertia (exponential smoothing of T), hours.
    pub inertia_h: f64,
}

impl Default for DefaultResponse {
    fn default() -> Self {
        DefaultResponse {
            weekday_shape: [
                0.84, 0.81, 0.79, 0.78, 0.79, 0.83, 0.91, 0.99, 1.03, 1.05, 1.06, 1.07, 1.07, 1.07, 1.07, 1.07, 1.08, 1.10, 1.12, 1.12,
                1.10, 1.06, 0.99, 0.91,
            ],
            weekend_shape: [
                0.88, 0.84, 0.81, 0.80, 0.80, 0.81, 0.85, 0.90, 0.96, 1.01, 1.04, 1.06, 1.07, 1.07, 1.07, 1.07, 1.08, 1.10, 1.13, 1.14,
                1.12, 1.08, 1.02, 0.94,
            ],
            weekend_factor: 0.90,
            holiday_factor: 0.88,
            heating_per_c: 0.012,
            heating_balance_c: 15.0,
            cooling_per_c: 0.030,
            cooling_balance_c: 20.0,
            inertia_h: 6.0,
        }
    }
}

impl DefaultResponse {
    /// Relative load for hours with the given local calendar and temperatures.
    pub fn shape(&self, local: &[LocalHour], temperature_c: &[f64], holidays: Option<&HolidayCalendar>) -> Vec<f64> {
        self.parts(local, temperature_c, holidays).shape(self.heating_per_c, self.cooling_per_c)
    }

    /// The parts of [`Self::shape`] that the two sensitivities do not change.
    fn parts(&self, local: &[LocalHour], temperature_c: &[f64], holidays: Option<&HolidayCalendar>) -> ShapeParts {
        let alpha = 1.0 / self.inertia_h.max(1.0);
        let mut smooth = temperature_c.first().copied().unwrap_or(0.0);
        let n = local.len().min(temperature_c.len());
        let mut parts = ShapeParts { calendar: Vec::with_capacity(n), heating_c: Vec::with_capacity(n), cooling_c: Vec::with_capacity(n) };
        for (lh, &t) in local.iter().zip(temperature_c) {
            smooth += alpha * (t - smooth);
            let holiday = holidays.and_then(|c| c.kind(lh.date)) == Some(HolidayKind::Major);
            let weekend = lh.weekday >= 5;
            let h = lh.hour as usize;
            parts.calendar.push(if holiday {
                self.holiday_factor * self.weekend_shape[h]
            } else if weekend {
                self.weekend_factor * self.weekend_shape[h]
            } else {
                self.weekday_shape[h]
            });
            parts.heating_c.push((self.heating_balance_c - smooth).max(0.0));
            parts.cooling_c.push((smooth - self.cooling_balance_c).max(0.0));
        }
        parts
    }
}

/// Per hour, what [`DefaultResponse::shape`] multiplies and weighs: the calendar factor
/// and the degrees of the smoothed temperature below the heating and above the cooling
/// balance. The LD1 fit tries many sensitivities on one calendar and one weather, so it
/// walks them once.
struct ShapeParts {
    calendar: Vec<f64>,
    heating_c: Vec<f64>,
    cooling_c: Vec<f64>,
}

impl ShapeParts {
    /// calendar × (1 + heating sensitivity × heating degrees + cooling sensitivity × cooling degrees).
    fn shape(&self, heating_per_c: f64, cooling_per_c: f64) -> Vec<f64> {
        self.calendar
            .iter()
            .zip(self.heating_c.iter().zip(&self.cooling_c))
            .map(|(cal, (h, c))| cal * (1.0 + heating_per_c * h + cooling_per_c * c))
            .collect()
    }
}

/// Where the relative hourly shape comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The documented default response.
    Default(Box<DefaultResponse>),
    /// A fitted regression model; its temperature unit is given by `fahrenheit`.
    Fitted {
        /// The model (its trend is frozen at the end of its training period).
        model: Box<LoadModel>,
        /// Whether the model was fitted on °F (GEFCom2012) rather than °C.
        fahrenheit: bool,
    },
}

/// A region known only by aggregate figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionSpec {
    /// Region name (also seeds the weather noise).
    pub name: String,
    /// Country (holiday calendar).
    pub country: Country,
    /// Annual energy of the base load, MWh.
    pub annual_energy_mwh: f64,
    /// Annual peak of the base load, MW.
    pub peak_mw: f64,
    /// Latitude, degrees north.
    pub latitude_deg: f64,
    /// Longitude, degrees east (negative in North America).
    pub longitude_deg: f64,
    /// Climate parameters.
    pub climate: ClimateParams,
    /// Local clock (IANA zone).
    pub zone: ClockZone,
    /// (LD1) The base load's highest hour in May–September ÷ its highest in
    /// November–March (local months), if known.
    pub summer_winter_peak_ratio: Option<f64>,
}

/// An hourly series for one calendar year, hour 0 = 1 January 00:00 UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearProfile {
    /// Region name.
    pub region: String,
    /// Calendar year.
    pub year: i32,
    /// UTC start of hour 0.
    pub start_utc: DateTime<Utc>,
    /// Hourly load, MW (8760 or 8784 values).
    pub load_mw: Vec<f64>,
    /// Hourly outdoor temperature, °C.
    pub temperature_c: Vec<f64>,
}

/// Deterministic seed for a region, year and user seed.
pub fn region_seed(name: &str, year: i32, seed: u64) -> u64 {
    fnv1a(name) ^ (year as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed.rotate_left(17)
}

/// First UTC hour of a calendar year.
pub fn year_start_utc(year: i32) -> Result<DateTime<Utc>> {
    Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single().ok_or_else(|| LoadError::Invalid(format!("bad year {year}")))
}

/// Hourly temperature (°C) of a region for a year, with 7 days of spin-up history before
/// 1 January (returned separately as the number of history hours).
pub fn region_temperature_c(region: &RegionSpec, year: i32, seed: u64) -> Result<(Vec<f64>, usize)> {
    let history = 24 * 7;
    let start = year_start_utc(year)? - Duration::hours(history as i64);
    let n = history + hours_in_year(year);
    let t =
        region.climate.hourly_temperature_c(start, n, region.latitude_deg, region.longitude_deg, region_seed(&region.name, year, seed))?;
    Ok((t, history))
}

/// Synthetic hourly base load of a region for a calendar year (UTC hours), scaled so
/// that annual energy and peak match the region's figures exactly.
pub fn synthetic_year(region: &RegionSpec, response: &Response, year: i32, seed: u64) -> Result<YearProfile> {
    if !(region.annual_energy_mwh > 0.0 && region.peak_mw > 0.0) {
        return Err(LoadError::Invalid(format!("region {}: energy and peak must be positive", region.name)));
    }
    let (temps, history) = region_temperature_c(region, year, seed)?;
    let start_hist = year_start_utc(year)? - Duration::hours(history as i64);
    let shape_all: Vec<f64> = match response {
        Response::Default(r) => {
            let r: &DefaultResponse = r;
            let local: Vec<LocalHour> =
                (0..temps.len()).map(|i| LocalHour::of(region.zone.to_local(start_hist + Duration::hours(i as i64)))).collect();
            let cal = HolidayCalendar::new(region.country, year - 1, year + 1);
            match region.summer_winter_peak_ratio {
                Some(q) => fitted_to_seasons(r, q, (&local, &temps, history), &cal, (region.annual_energy_mwh, region.peak_mw))?,
                None => r.shape(&local, &temps, Some(&cal)),
            }
        }
        Response::Fitted { model, fahrenheit } => {
            let mut m = (**model).clone();
            m.zone = region.zone;
            m.spec.holidays = m.spec.holidays.map(|_| region.country);
            // Freeze the trend at the end of training: shift the origin by the elapsed time.
            let train_end = NaiveDate::and_hms_opt(&m.train.last, 23, 0, 0).expect("valid").and_utc();
            m.scaling.trend_origin_utc += start_hist - train_end;
            let t: Vec<f64> = if *fahrenheit { temps.iter().map(|c| c * 1.8 + 32.0).collect() } else { temps.clone() };
            m.predict(start_hist, &t, 0..t.len())
        }
    };
    let shape = &shape_all[history..];
    let load_mw = scale_to_energy_and_peak(shape, region.annual_energy_mwh, region.peak_mw)?;
    Ok(YearProfile {
        region: region.name.clone(),
        year,
        start_utc: year_start_utc(year)?,
        load_mw,
        temperature_c: temps[history..].to_vec(),
    })
}

/// (LD1) The highest hour of `load_mw` (hour 0 at `start_utc`, hourly) in May–September
/// over its highest in November–March, local months of `zone`: the quantity
/// [`RegionSpec::summer_winter_peak_ratio`] asks for. `None` without hours in both seasons.
pub fn summer_winter_peak_ratio(zone: ClockZone, start_utc: DateTime<Utc>, load_mw: &[f64]) -> Option<f64> {
    let local: Vec<LocalHour> = (0..load_mw.len()).map(|i| LocalHour::of(zone.to_local(start_utc + Duration::hours(i as i64)))).collect();
    let (summer, winter) = season_maxima(&local, load_mw);
    (summer > f64::MIN && winter > 0.0).then(|| summer / winter)
}

/// Highest load in May–September and in November–March (local months).
fn season_maxima(local: &[LocalHour], load: &[f64]) -> (f64, f64) {
    let (mut summer, mut winter) = (f64::MIN, f64::MIN);
    for (l, &v) in local.iter().zip(load) {
        match l.month {
            5..=9 => summer = summer.max(v),
            11 | 12 | 1..=3 => winter = winter.max(v),
            _ => {}
        }
    }
    (summer, winter)
}

/// (LD1) The default response's shape with its two weather sensitivities refitted so that
/// the scaled load's highest summer hour (May–September) is `q` times its highest winter
/// hour (November–March), for the year's load factor: cooling × k·m and heating × k/m.
/// The magnitude k (ln k in [ln 1/64, ln 64]) makes the shape's own load factor the
/// year's, so the power transform below (`peak · (s / max s)^b`) keeps b ≈ 1 and does not
/// compress the seasons again; the balance m (ln m in [ln 1/16, ln 16], bisection to 0.1 %
/// of `q`) sets the ratio. The scaled load's ratio is (S/W)^b with S, W the shape's season
/// maxima and b the exponent that meets the load factor (found here to 2⁻⁵⁰ of its
/// bracket; the exact scaling follows). Where k's range cannot meet the load factor the
/// end nearer to it is kept (b then differs from 1); where no m reaches `q`, the thermal
/// inertia is lengthened (below). Returns the shape and the ratio it reaches.
/// `local` and `temps` start `history` warm-up hours before the year.
fn fitted_balance(
    r: &DefaultResponse,
    q: f64,
    (local, temps, history): (&[LocalHour], &[f64], usize),
    cal: &HolidayCalendar,
    (energy_mwh, peak_mw): (f64, f64),
) -> Result<(Vec<f64>, f64)> {
    let parts = r.parts(local, temps, Some(cal));
    let shape_at = |ln_k: f64, ln_m: f64| {
        let (k, m) = (ln_k.exp(), ln_m.exp());
        parts.shape(r.heating_per_c * (k / m), r.cooling_per_c * (k * m))
    };
    let n = (temps.len() - history) as f64;
    let target_lf = energy_mwh / (n * peak_mw);
    if !(target_lf > 0.0 && target_lf < 1.0) {
        return Err(LoadError::Invalid(format!("load factor {target_lf:.4} cannot be met by a shape")));
    }
    // The year's part of a shape, normalised to max 1 (values ≤ 0 clipped to 1 % of the mean).
    let normalised = |shape: &[f64]| -> Result<Vec<f64>> {
        let year = &shape[history..];
        let mean = year.iter().sum::<f64>() / n;
        let smax = year.iter().cloned().fold(f64::MIN, f64::max);
        if !(mean > 0.0 && smax > 0.0) {
            return Err(LoadError::Numerical("load shape has a non-positive mean or maximum".into()));
        }
        Ok(year.iter().map(|v| v.max(0.01 * mean) / smax).collect())
    };
    // The magnitude whose shape has the year's load factor (more weather, lower factor).
    let magnitude = |ln_m: f64| -> Result<f64> {
        let lf = |ln_k: f64| -> Result<f64> { Ok(normalised(&shape_at(ln_k, ln_m))?.iter().sum::<f64>() / n) };
        let (mut lo, mut hi) = (-(64.0_f64.ln()), 64.0_f64.ln());
        if lf(lo)? <= target_lf {
            return Ok(lo);
        }
        if lf(hi)? >= target_lf {
            return Ok(hi);
        }
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            let v = lf(mid)?;
            if (v - target_lf).abs() <= 1e-4 * target_lf {
                return Ok(mid);
            }
            if v > target_lf {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Ok(0.5 * (lo + hi))
    };
    let ratio = |shape: &[f64]| -> Result<f64> {
        let s = normalised(shape)?;
        let ln_s: Vec<f64> = s.iter().map(|v| v.ln()).collect();
        let b = load_factor_exponent(&ln_s, target_lf).unwrap_or(MAX_EXPONENT);
        let (summer, winter) = season_maxima(&local[history..], &s);
        Ok((summer / winter).powf(b))
    };
    let fitted = |ln_m: f64| -> Result<(Vec<f64>, f64)> {
        let shape = shape_at(magnitude(ln_m)?, ln_m);
        let q_now = ratio(&shape)?;
        Ok((shape, q_now))
    };
    let (mut lo, mut hi) = (-(16.0_f64.ln()), 16.0_f64.ln());
    let (s_lo, q_lo) = fitted(lo)?;
    if q_lo >= q {
        return Ok((s_lo, q_lo));
    }
    let (s_hi, q_hi) = fitted(hi)?;
    if q_hi <= q {
        return Ok((s_hi, q_hi));
    }
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        let (shape, rm) = fitted(mid)?;
        if (rm - q).abs() <= 1e-3 * q {
            return Ok((shape, rm));
        }
        if rm < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    fitted(0.5 * (lo + hi))
}

/// Longest thermal inertia the LD1 fit may use, hours (one week).
const MAX_INERTIA_H: f64 = 168.0;

/// (LD1) [`fitted_balance`] with the response's own thermal inertia; where no balance
/// reaches `q` at the year's load factor (a heating- or cooling-only response then
/// makes one season's maximum too spiky against its energy), the inertia is lengthened:
/// heating and cooling then follow the temperature of the last days rather than hours,
/// so a long cold or hot season weighs more against its extreme hours. The inertia is
/// scanned upwards on a geometric grid (×√2 steps up to [`MAX_INERTIA_H`]) to the first
/// step whose fit passes `q`, then bisected between that step and the one before (on its
/// logarithm, to 0.1 % of `q`): the shortest inertia that reaches `q` is kept. The ratio
/// reached need not grow monotonically with the inertia (a mild region's week-long
/// inertia can lose its balance fit), so where no step passes `q` the step that came
/// nearest to it is kept — never a fit worse than the response's own inertia.
fn fitted_to_seasons(
    r: &DefaultResponse,
    q: f64,
    weather: (&[LocalHour], &[f64], usize),
    cal: &HolidayCalendar,
    targets: (f64, f64),
) -> Result<Vec<f64>> {
    let with_inertia = |ln_h: f64| {
        let mut x = r.clone();
        x.inertia_h = ln_h.exp();
        fitted_balance(&x, q, weather, cal, targets)
    };
    let short = r.inertia_h.max(1.0).ln();
    let (shape, q0) = with_inertia(short)?;
    let met = |reached: f64| (reached - q).abs() <= 1e-3 * q;
    if met(q0) || short >= MAX_INERTIA_H.ln() {
        return Ok(shape);
    }
    // Which side q lies on: the fit stopped below it (a summer ratio) or above it.
    let wants_more = q0 < q;
    let passed = |reached: f64| if wants_more { reached >= q } else { reached <= q };
    let (mut best, mut best_miss) = (shape, (q0 - q).abs());
    let mut prev = short;
    let step = 0.5 * 2.0_f64.ln();
    let mut ln_h = short;
    while ln_h < MAX_INERTIA_H.ln() {
        ln_h = (ln_h + step).min(MAX_INERTIA_H.ln());
        let (s_h, q_h) = with_inertia(ln_h)?;
        if met(q_h) {
            return Ok(s_h);
        }
        if passed(q_h) {
            // Bisection between the last step short of q and this one.
            let (mut lo, mut hi, mut keep) = (prev, ln_h, s_h);
            for _ in 0..20 {
                let mid = 0.5 * (lo + hi);
                let (s_mid, q_mid) = with_inertia(mid)?;
                if met(q_mid) {
                    return Ok(s_mid);
                }
                if passed(q_mid) {
                    (hi, keep) = (mid, s_mid);
                } else {
                    lo = mid;
                }
            }
            return Ok(keep);
        }
        if (q_h - q).abs() < best_miss {
            (best, best_miss) = (s_h, (q_h - q).abs());
        }
        prev = ln_h;
    }
    Ok(best)
}

/// Largest exponent b of a shape's power transform.
const MAX_EXPONENT: f64 = 1e4;

/// The exponent b ≥ 0 at which a shape s (normalised to max 1, given as ln s) has the
/// load factor `target_lf` in (0, 1): mean(s^b) = target_lf, to 1e-15 of b; `None`
/// when no b up to [`MAX_EXPONENT`] reaches it (a flat shape). mean(s^b) falls and is
/// convex in b, so Newton's steps from b = 0 rise towards the root without passing it
/// (each tangent meets zero before the curve does): a few steps instead of bisection's
/// fifty, each of exponentials rather than powers.
fn load_factor_exponent(ln_s: &[f64], target_lf: f64) -> Option<f64> {
    let n = ln_s.len() as f64;
    let mut b = 0.0_f64;
    for _ in 0..200 {
        let (mut f, mut df) = (0.0, 0.0);
        for l in ln_s {
            let p = (b * l).exp();
            f += p;
            df += l * p;
        }
        let (g, dg) = (f / n - target_lf, df / n);
        if g <= 0.0 {
            return Some(b);
        }
        if dg >= 0.0 {
            return None;
        }
        let step = -g / dg;
        b += step;
        if b > MAX_EXPONENT {
            return None;
        }
        if step <= 1e-15 * b {
            return Some(b);
        }
    }
    Some(b)
}

/// Transforms a positive shape into `L = a · s^b` with `Σ L = energy_mwh` (1-hour steps)
/// and `max L = peak_mw`. `b > 0` is found by Newton's method on the load factor, which
/// decreases monotonically and convexly in `b`. Shape values ≤ 0 are clipped to 1 % of the mean.
pub fn scale_to_energy_and_peak(shape: &[f64], energy_mwh: f64, peak_mw: f64) -> Result<Vec<f64>> {
    let n = shape.len();
    if n == 0 {
        return Err(LoadError::Invalid("empty shape".into()));
    }
    if shape.iter().any(|v| !v.is_finite()) {
        return Err(LoadError::Numerical("non-finite value in load shape".into()));
    }
    let target_lf = energy_mwh / (n as f64 * peak_mw);
    if !(target_lf > 0.0 && target_lf <= 1.0) {
        return Err(LoadError::Invalid(format!(
            "energy {energy_mwh} MWh and peak {peak_mw} MW give load factor {target_lf:.4} over {n} h (must be in (0, 1])"
        )));
    }
    let mean = shape.iter().sum::<f64>() / n as f64;
    if mean <= 0.0 {
        return Err(LoadError::Numerical("load shape has non-positive mean".into()));
    }
    let smax = shape.iter().cloned().fold(f64::MIN, f64::max);
    // Normalised to max 1 (so s^b stays in (0, 1] and never overflows).
    let s: Vec<f64> = shape.iter().map(|v| v.max(0.01 * mean) / smax).collect();
    let ln_s: Vec<f64> = s.iter().map(|v| v.ln()).collect();
    let b = if target_lf == 1.0 {
        0.0
    } else {
        load_factor_exponent(&ln_s, target_lf).ok_or_else(|| {
            let lf = ln_s.iter().map(|l| (MAX_EXPONENT * l).exp()).sum::<f64>() / n as f64;
            LoadError::Invalid(format!("load factor {target_lf:.4} is below what the shape can reach ({lf:.4})"))
        })?
    };
    let powered: Vec<f64> = ln_s.iter().map(|l| (b * l).exp()).collect();
    // Peak is exactly peak_mw (max of s^b is 1); correct the residual energy error of the
    // root finding by a tiny affine blend that keeps the peak hour fixed.
    let e_now: f64 = powered.iter().sum::<f64>() * peak_mw;
    let mut load: Vec<f64> = powered.iter().map(|v| v * peak_mw).collect();
    let gap = energy_mwh - e_now;
    if gap != 0.0 {
        // L' = L + c·(peak − L): leaves the peak unchanged, shifts energy by c·Σ(peak − L).
        let room: f64 = load.iter().map(|v| peak_mw - v).sum();
        if room > 0.0 {
            let c = gap / room;
            for v in &mut load {
                *v += c * (peak_mw - *v);
            }
        }
    }
    Ok(load)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// mean(s^b) for s = (1, ½): ¾ at b = 1, ⅝ at b = 2 (½² = ¼); a flat shape cannot
    /// fall below 1, and a load factor of 1 needs b = 0.
    #[test]
    fn the_exponent_of_a_load_factor_is_found_by_newton_to_round_off() {
        let ln_s = [0.0, 0.5_f64.ln()];
        let one = load_factor_exponent(&ln_s, 0.75).unwrap();
        let two = load_factor_exponent(&ln_s, 0.625).unwrap();
        assert!((one - 1.0).abs() < 1e-14 && (two - 2.0).abs() < 1e-14, "{one} {two}");
        assert_eq!(load_factor_exponent(&[0.0, 0.0], 0.5), None);
        assert_eq!(load_factor_exponent(&ln_s, 1.0), Some(0.0));
    }
}
