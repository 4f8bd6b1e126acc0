//! Solar time and the sun's position, for synthetic weather and availability.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::f64::consts::PI;

/// Local mean solar hour (0 ≤ h < 24) of a UTC clock hour at longitude `lon_deg`
/// (degrees east): the UTC hour shifted by 1 h per 15° of longitude.
pub fn mean_solar_hour(utc_hour: f64, lon_deg: f64) -> f64 {
    (utc_hour + lon_deg / 15.0).rem_euclid(24.0)
}

/// Cosine of the solar zenith angle at `lat_deg`/`lon_deg` (degrees) in the middle of
/// the hour starting at `hour_start` (UTC): Spencer (1971) series for the declination
/// and the equation of time, hour angle from the apparent solar time.
pub fn cos_zenith(hour_start: DateTime<Utc>, lat_deg: f64, lon_deg: f64) -> f64 {
    let doy = hour_start.ordinal() as f64;
    let hour_utc = hour_start.hour() as f64 + 0.5;
    let g = 2.0 * PI / 365.0 * (doy - 1.0 + (hour_utc - 12.0) / 24.0);
    let decl = 0.006918 - 0.399912 * g.cos() + 0.070257 * g.sin() - 0.006758 * (2.0 * g).cos() + 0.000907 * (2.0 * g).sin()
        - 0.002697 * (3.0 * g).cos()
        + 0.00148 * (3.0 * g).sin();
    let eot_min = 229.18 * (0.000075 + 0.001868 * g.cos() - 0.032077 * g.sin() - 0.014615 * (2.0 * g).cos() - 0.040849 * (2.0 * g).sin());
    let solar_time = hour_utc + lon_deg / 15.0 + eot_min / 60.0;
    let omega = (15.0 * (solar_time - 12.0)).to_radians();
    let phi = lat_deg.to_radians();
    phi.sin() * decl.sin() + phi.cos() * decl.cos() * omega.cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn solar_noon_and_hours() {
        assert_eq!(mean_solar_hour(18.0, -90.0), 12.0);
        assert_eq!(mean_solar_hour(2.0, -90.0), 20.0);
        // Equinox noon at the equator on the Greenwich meridian: sun nearly overhead.
        let t = Utc.with_ymd_and_hms(2030, 3, 20, 12, 0, 0).unwrap();
        assert!(cos_zenith(t, 0.0, 0.0) > 0.99);
    }
}
