//! Hourly availability of wind, solar and run-of-river hydro for a case, generated
//! deterministically from a seed and calibrated to annual capacity factors.
//!
//! - **Solar**: clear-sky output from the sun's position at the region's load
//!   centre (declination, equation of time, hour angle at mid-hour, air-mass
//!   attenuation 0.7^(AM^0.678)), times a daily cloudiness index that follows an
//!   AR(1) process, scaled so that the annual mean equals the target capacity
//!   factor (bisection on the scale, output capped at 1).
//! - **Wind**: hub-height speed = mean × seasonal factor (higher in winter) ×
//!   diurnal factor (higher at night) × exp(AR(1) noise, φ = 0.97 per hour), through
//!   a generic power curve (cut-in 3 m/s, rated 12 m/s, cut-out 25 m/s); the mean
//!   speed is found by bisection so the annual mean equals the target.
//! - **Run-of-river hydro**: the monthly capacity factors of the region's reservoir
//!   budgets (same water, same season), flat within each month; without reservoir
//!   budgets, a flat `default_hydro_cf`.
//!
//! Everything is in UTC; the same inputs and seed give identical series.

use chrono::{Datelike, Timelike};
use nagrid_model::numeric::{bisect, solar, SplitMix64};
use nagrid_model::{technology, Network, TimeAxis};
use std::f64::consts::PI;

/// SplitMix64 stream, one per (seed, region, kind).
fn rng(seed: u64, region: usize, kind: u64) -> SplitMix64 {
    SplitMix64::new(seed ^ (region as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ kind.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// Cosine of the solar zenith angle at `lat`/`lon` (degrees) for hour `t` of `axis`
/// (evaluated at mid-hour, UTC).
pub fn cos_zenith(axis: &TimeAxis, t: usize, lat_deg: f64, lon_deg: f64) -> f64 {
    solar::cos_zenith(axis.timestamp(t), lat_deg, lon_deg)
}

/// Mean of `f(scale)` values capped at 1, and the scale that hits `target` by bisection.
fn calibrate(raw: &[f64], target: f64) -> Vec<f64> {
    let mean = |s: f64| raw.iter().map(|v| (v * s).min(1.0)).sum::<f64>() / raw.len() as f64;
    let mut hi = 1.0;
    while mean(hi) < target && hi < 1e6 {
        hi *= 2.0;
    }
    let s = bisect(0.0, hi, 200, 0.0, |s| mean(s) < target);
    raw.iter().map(|v| (v * s).min(1.0)).collect()
}

/// Hourly solar availability calibrated to `cf`.
pub fn solar_series(axis: &TimeAxis, lat_deg: f64, lon_deg: f64, cf: f64, seed: u64, region: usize) -> Vec<f64> {
    let mut rng = rng(seed, region, 1);
    let mut cloud = 0.0f64;
    let mut day = u32::MAX;
    let mut k = 1.0;
    let raw: Vec<f64> = (0..axis.hours)
        .map(|t| {
            let d = axis.timestamp(t).ordinal();
            if d != day {
                day = d;
                cloud = 0.6 * cloud + 0.8 * rng.next_normal_unpaired();
                // Clearness index in [0.25, 1]: mostly clear, sometimes overcast.
                k = (0.75 + 0.2 * cloud).clamp(0.25, 1.0);
            }
            let cz = cos_zenith(axis, t, lat_deg, lon_deg);
            if cz <= 0.01 {
                0.0
            } else {
                let air_mass = 1.0 / cz;
                cz * 0.7f64.powf(air_mass.powf(0.678)) * k
            }
        })
        .collect();
    calibrate(&raw, cf)
}

fn power_curve(v: f64) -> f64 {
    if !(3.0..25.0).contains(&v) {
        0.0
    } else if v >= 12.0 {
        1.0
    } else {
        ((v - 3.0) / 9.0).powi(3)
    }
}

/// Hourly wind availability calibrated to `cf`.
pub fn wind_series(axis: &TimeAxis, lat_deg: f64, lon_deg: f64, cf: f64, seed: u64, region: usize) -> Vec<f64> {
    let mut rng = rng(seed, region, 2);
    let mut x = 0.0f64;
    let winter_peak = if lat_deg >= 0.0 { 15.0 } else { 196.0 };
    let shape: Vec<f64> = (0..axis.hours)
        .map(|t| {
            let ts = axis.timestamp(t);
            let seasonal = 1.0 + 0.15 * (2.0 * PI * (ts.ordinal() as f64 - winter_peak) / 365.25).cos();
            let local_hour = solar::mean_solar_hour(ts.hour() as f64, lon_deg);
            let diurnal = 1.0 + 0.08 * (2.0 * PI * (local_hour - 2.0) / 24.0).cos();
            x = 0.97 * x + (1.0f64 - 0.97 * 0.97).sqrt() * 0.45 * rng.next_normal_unpaired();
            seasonal * diurnal * x.exp()
        })
        .collect();
    let mean_cf = |v_mean: f64| shape.iter().map(|s| power_curve(v_mean * s)).sum::<f64>() / shape.len() as f64;
    // Mean CF rises with the mean speed over the range of interest; bisect on it.
    let v = bisect(0.5, 20.0, 100, 0.0, |v| mean_cf(v) < cf);
    shape.iter().map(|s| power_curve(v * s)).collect()
}

/// Run-of-river availability: each hour gets its month's capacity factor.
pub fn monthly_series(axis: &TimeAxis, monthly_cf: &[f64; 12]) -> Vec<f64> {
    (0..axis.hours).map(|t| monthly_cf[axis.timestamp(t).month0() as usize].clamp(0.0, 1.0)).collect()
}

/// Capacity factors per region for generating series.
#[derive(Debug, Clone, Copy)]
pub struct RegionCf {
    /// Region index.
    pub region: usize,
    /// Annual wind capacity factor.
    pub wind_cf: f64,
    /// Annual solar capacity factor.
    pub solar_cf: f64,
}

/// Availability series for every `wind`, `solar` and `hydro_ror` generator of
/// `net`: `(generator index, series)` in generator order.
pub fn availability(net: &Network, axis: &TimeAxis, cfs: &[RegionCf], default_hydro_cf: f64, seed: u64) -> Vec<(usize, Vec<f64>)> {
    availability_of(net, axis, cfs, default_hydro_cf, seed, |_| true)
}

/// [`availability`] of the generators `g` for which `wanted(g)` holds (e.g. one per
/// shared profile: the series of a generator depends only on its region and technology).
pub fn availability_of(
    net: &Network,
    axis: &TimeAxis,
    cfs: &[RegionCf],
    default_hydro_cf: f64,
    seed: u64,
    wanted: impl Fn(usize) -> bool,
) -> Vec<(usize, Vec<f64>)> {
    let mut out = Vec::new();
    for (g, gen) in net.generators.iter().enumerate().filter(|(g, _)| wanted(*g)) {
        let r = gen.region;
        let reg = &net.regions[r];
        let cf = cfs.iter().find(|c| c.region == r);
        let series = match (gen.technology.as_str(), cf) {
            (technology::SOLAR, Some(c)) => Some(solar_series(axis, reg.lat_deg, reg.lon_deg, c.solar_cf, seed, r)),
            (technology::WIND, Some(c)) => Some(wind_series(axis, reg.lat_deg, reg.lon_deg, c.wind_cf, seed, r)),
            (technology::HYDRO_ROR, _) => Some(monthly_series(axis, &monthly_hydro_cf(net, r, default_hydro_cf))),
            _ => None,
        };
        if let Some(s) = series {
            out.push((g, s));
        }
    }
    out
}

/// Monthly capacity factors of a region's reservoir hydro from its budgets.
fn monthly_hydro_cf(net: &Network, region: usize, default_cf: f64) -> [f64; 12] {
    let mut energy = [0.0; 12];
    let mut cap = 0.0;
    for (g, gen) in net.generators.iter().enumerate() {
        if gen.region == region && net.hydro_budgets.iter().any(|b| b.generator == g) {
            cap += gen.p_max_mw;
            for b in net.hydro_budgets.iter().filter(|b| b.generator == g) {
                energy[b.month as usize - 1] += b.energy_mwh;
            }
        }
    }
    if cap <= 0.0 {
        return [default_cf; 12];
    }
    const DAYS: [f64; 12] = [31.0, 28.25, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0];
    let mut cf = [0.0; 12];
    for m in 0..12 {
        cf[m] = energy[m] / (cap * DAYS[m] * 24.0);
    }
    cf
}

/// Hydro capacity factor for run-of-river plants in regions without reservoir
/// budgets: the US hydro fleet average 2019–2021 (EIA Electric Power Monthly,
/// Table 6.07.B), as used in inputs/north-america/SOURCES.md.
pub const DEFAULT_HYDRO_CF: f64 = 0.39;

/// Write `series/generators-p_max_pu.csv` of the case folder `dir` for its study
/// horizon, from `renewables.csv` and the reservoir budgets (`nagrid series`).
/// Returns the path written and the number of series.
pub fn write_availability(dir: &std::path::Path, seed: u64) -> Result<(std::path::PathBuf, usize), crate::StudyError> {
    let (settings, net, _) = nagrid_io::read_network(dir)?;
    let cfs: Vec<RegionCf> = nagrid_io::prepare::read_renewables(dir, &net)?
        .into_iter()
        .map(|c| RegionCf { region: c.region, wind_cf: c.wind_cf, solar_cf: c.solar_cf })
        .collect();
    let axis = nagrid_io::axis_of(&settings, None);
    let series = availability(&net, &axis, &cfs, DEFAULT_HYDRO_CF, seed);
    // One column per shared profile (generators.csv `profile`, e.g. the vintages of a
    // region's wind fleet), named by the profile, else one per generator id.
    let mut headers: Vec<&str> = Vec::new();
    let mut cols: Vec<&[f64]> = Vec::new();
    for (g, s) in &series {
        let gen = &net.generators[*g];
        let name = gen.profile.as_deref().unwrap_or(gen.id.as_str());
        if !headers.contains(&name) {
            headers.push(name);
            cols.push(s.as_slice());
        }
    }
    let path = dir.join("series/generators-p_max_pu.csv");
    nagrid_io::prepare::write_series(&path, &axis, &headers, &cols, 4)?;
    Ok((path, headers.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solar_hits_its_capacity_factor_and_sleeps_at_night() {
        let axis = TimeAxis::full_year(2030);
        let s = solar_series(&axis, 33.45, -112.07, 0.262, 7, 3);
        let mean = s.iter().sum::<f64>() / s.len() as f64;
        assert!((mean - 0.262).abs() < 1e-6, "{mean}");
        // Phoenix at 10:00 UTC (03:00 local) is dark; at 19:00 UTC (noon) it is bright.
        assert_eq!(s[10], 0.0);
        assert!(s[19] > 0.3);
        assert!(s.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(s, solar_series(&axis, 33.45, -112.07, 0.262, 7, 3), "deterministic");
    }

    #[test]
    fn wind_hits_its_capacity_factor_with_variation() {
        let axis = TimeAxis::full_year(2030);
        let w = wind_series(&axis, 35.5, -97.5, 0.38, 7, 6);
        let mean = w.iter().sum::<f64>() / w.len() as f64;
        assert!((mean - 0.38).abs() < 0.002, "{mean}");
        // Hour-to-hour variation, and a winter mean above the summer mean.
        let steps = w.windows(2).map(|p| (p[1] - p[0]).abs()).sum::<f64>() / (w.len() - 1) as f64;
        assert!(steps > 0.01 && steps < 0.2, "{steps}");
        let jan: f64 = w[..744].iter().sum::<f64>() / 744.0;
        let jul: f64 = w[4344..5088].iter().sum::<f64>() / 744.0;
        assert!(jan > jul, "{jan} {jul}");
    }

    #[test]
    fn zenith_at_equinox_noon() {
        // 2030-03-20 12:00-13:00 UTC at lat 0, lon 0: mid-hour the sun is 5.6° from
        // overhead (half an hour past noon, less 7.5 minutes of equation of time).
        let axis = TimeAxis::new(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2030, 3, 20, 12, 0, 0).unwrap(), 1);
        let cz = cos_zenith(&axis, 0, 0.0, 0.0);
        assert!(cz > 0.99, "{cz}");
    }
}
