//! A documented synthetic climate: hourly outdoor temperature of a location from an
//! annual sinusoid, a diurnal sinusoid in local solar time and AR(1) weather noise.
//!
//! ```text
//! T(t) = mean_c
//!      − seasonal_amplitude_c · cos(2π (doy(t) − coldest_day) / 365.25)   (north; phase +½ year south)
//!      + diurnal_amplitude_c  · cos(2π (solar_hour(t) − warmest_solar_hour) / 24)
//!      + e(t),   e(t) = φ e(t−1) + σ √(1−φ²) z(t),  z ~ N(0,1) from SplitMix64(seed)
//! ```
//! `solar_hour = UTC hour + longitude/15`, so the afternoon maximum falls at the right
//! clock hour for the location; `σ` is the stationary standard deviation of the noise
//! and `φ` its hour-to-hour persistence (0.97 ≈ a 1.4-day e-folding time).

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::{LoadError, Result};
use nagrid_model::numeric::{solar::mean_solar_hour, SplitMix64};

/// Broad climate classes with preset parameters (typical North-American values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClimateClass {
    /// Hot and humid (Gulf coast, e.g. Houston): mean 21 °C, seasonal ±8, diurnal ±4.5.
    HotHumid,
    /// Hot and dry (desert south-west, e.g. Phoenix): mean 24 °C, seasonal ±10, diurnal ±7.
    HotDry,
    /// Mixed humid (mid-Atlantic, e.g. Washington DC): mean 14 °C, seasonal ±12, diurnal ±5.
    MixedHumid,
    /// Marine (Pacific north-west, e.g. Seattle): mean 11.5 °C, seasonal ±7, diurnal ±4.5.
    Marine,
    /// Cold (Great Lakes, southern Canada, e.g. Chicago/Toronto): mean 9.5 °C, seasonal ±14, diurnal ±5.
    Cold,
    /// Very cold (Prairies and north, e.g. Edmonton/Winnipeg): mean 3 °C, seasonal ±17, diurnal ±6.
    VeryCold,
    /// Tropical highland (central Mexico, e.g. Querétaro/Mexico City): mean 18 °C, seasonal ±3.5, diurnal ±7.
    TropicalHighland,
}

impl FromStr for ClimateClass {
    type Err = LoadError;
    fn from_str(s: &str) -> Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
            LoadError::Invalid(format!(
                "unknown climate {s:?} (hot_humid, hot_dry, mixed_humid, marine, cold, very_cold, tropical_highland)"
            ))
        })
    }
}

/// Parameters of the synthetic climate of one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClimateParams {
    /// Annual mean temperature, °C.
    pub mean_temperature_c: f64,
    /// Half peak-to-peak amplitude of the annual cycle, °C.
    pub seasonal_amplitude_c: f64,
    /// Day of year (1..365) of the coldest point of the annual cycle in the northern hemisphere.
    pub coldest_day_of_year: f64,
    /// Half peak-to-peak amplitude of the daily cycle, °C.
    pub diurnal_amplitude_c: f64,
    /// Local solar hour of the daily maximum.
    pub warmest_solar_hour: f64,
    /// Stationary standard deviation of the weather noise, °C.
    pub noise_sd_c: f64,
    /// Hour-to-hour AR(1) coefficient of the noise (0 ≤ φ < 1).
    pub noise_ar1: f64,
}

impl ClimateParams {
    /// Preset parameters of a climate class.
    pub fn preset(class: ClimateClass) -> Self {
        let (mean, seas, diur, sd) = match class {
            ClimateClass::HotHumid => (21.0, 8.0, 4.5, 3.0),
            ClimateClass::HotDry => (24.0, 10.0, 7.0, 2.5),
            ClimateClass::MixedHumid => (14.0, 12.0, 5.0, 4.0),
            ClimateClass::Marine => (11.5, 7.0, 4.5, 2.5),
            ClimateClass::Cold => (9.5, 14.0, 5.0, 4.5),
            ClimateClass::VeryCold => (3.0, 17.0, 6.0, 5.5),
            ClimateClass::TropicalHighland => (18.0, 3.5, 7.0, 1.5),
        };
        ClimateParams {
            mean_temperature_c: mean,
            seasonal_amplitude_c: seas,
            coldest_day_of_year: 20.0,
            diurnal_amplitude_c: diur,
            warmest_solar_hour: 15.0,
            noise_sd_c: sd,
            noise_ar1: 0.97,
        }
    }

    /// Checks ranges.
    pub fn validate(&self) -> Result<()> {
        let ok = self.mean_temperature_c.is_finite()
            && self.seasonal_amplitude_c >= 0.0
            && self.diurnal_amplitude_c >= 0.0
            && self.noise_sd_c >= 0.0
            && (0.0..1.0).contains(&self.noise_ar1)
            && (0.0..24.0).contains(&self.warmest_solar_hour);
        if ok {
            Ok(())
        } else {
            Err(LoadError::Invalid(format!("climate parameters out of range: {self:?}")))
        }
    }

    /// Hourly temperatures (°C) for `n_hours` hours from `start_utc` at a location.
    /// Deterministic for a given seed.
    pub fn hourly_temperature_c(
        &self,
        start_utc: DateTime<Utc>,
        n_hours: usize,
        latitude_deg: f64,
        longitude_deg: f64,
        seed: u64,
    ) -> Result<Vec<f64>> {
        self.validate()?;
        if !(-90.0..=90.0).contains(&latitude_deg) || !(-180.0..=180.0).contains(&longitude_deg) {
            return Err(LoadError::Invalid(format!("location ({latitude_deg}, {longitude_deg}) out of range")));
        }
        let two_pi = 2.0 * std::f64::consts::PI;
        let phase_days = if latitude_deg < 0.0 { 365.25 / 2.0 } else { 0.0 };
        let mut rng = SplitMix64::new(seed);
        let innov = self.noise_sd_c * (1.0 - self.noise_ar1 * self.noise_ar1).sqrt();
        let mut e = self.noise_sd_c * rng.next_normal();
        let mut out = Vec::with_capacity(n_hours);
        for i in 0..n_hours {
            let t = start_utc + Duration::hours(i as i64);
            let doy = t.ordinal0() as f64 + t.hour() as f64 / 24.0;
            let solar_hour = mean_solar_hour(t.hour() as f64, longitude_deg);
            let seasonal = -self.seasonal_amplitude_c * (two_pi * (doy - self.coldest_day_of_year - phase_days) / 365.25).cos();
            let diurnal = self.diurnal_amplitude_c * (two_pi * (solar_hour - self.warmest_solar_hour) / 24.0).cos();
            if i > 0 {
                e = self.noise_ar1 * e + innov * rng.next_normal();
            }
            out.push(self.mean_temperature_c + seasonal + diurnal + e);
        }
        Ok(out)
    }
}
