//! Synthetic profiles for regions without history.

use chrono::{Datelike, Duration, TimeZone, Timelike, Utc};
use nagrid_load::synthetic::scale_to_energy_and_peak;
use nagrid_load::{
    fit_selected, synthetic_year, ClimateClass, ClimateParams, ClockZone, Country, FeatureSpec, FitOptions, HourlyFrame, RegionSpec,
    Response,
};

fn region(name: &str, class: ClimateClass, zone: &str, lat: f64, lon: f64, energy_mwh: f64, peak_mw: f64) -> RegionSpec {
    RegionSpec {
        name: name.into(),
        country: Country::US,
        annual_energy_mwh: energy_mwh,
        peak_mw,
        latitude_deg: lat,
        longitude_deg: lon,
        climate: ClimateParams::preset(class),
        zone: zone.parse().unwrap(),
        summer_winter_peak_ratio: None,
    }
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn energy_and_peak_match_exactly() {
    let regions = [
        region("ercot_houston", ClimateClass::HotHumid, "America/Chicago", 29.8, -95.4, 60.0e6, 11_500.0),
        region("pjm_dom", ClimateClass::MixedHumid, "America/New_York", 38.9, -77.0, 100.0e6, 20_000.0),
        region("aeso", ClimateClass::VeryCold, "America/Edmonton", 53.5, -113.5, 85.0e6, 12_400.0),
        region("bajio", ClimateClass::TropicalHighland, "America/Mexico_City", 20.6, -100.4, 30.0e6, 4_600.0),
    ];
    for r in &regions {
        for year in [2023, 2024] {
            let p = synthetic_year(r, &Response::Default(Box::default()), year, 7).unwrap();
            let n = if year == 2024 { 8784 } else { 8760 };
            assert_eq!(p.load_mw.len(), n);
            assert_eq!(p.start_utc, Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap());
            let e: f64 = p.load_mw.iter().sum();
            let pk = p.load_mw.iter().cloned().fold(f64::MIN, f64::max);
            assert!(rel(e, r.annual_energy_mwh) < 1e-9, "{} {year}: energy {e}", r.name);
            assert!(rel(pk, r.peak_mw) < 1e-12, "{} {year}: peak {pk}", r.name);
            assert!(p.load_mw.iter().all(|v| *v > 0.0));
        }
    }
}

/// Highest hour of May–September over the highest of November–March, local months.
fn summer_winter(p: &nagrid_load::YearProfile, zone: &ClockZone) -> f64 {
    let month = |k: usize| zone.to_local(p.start_utc + Duration::hours(k as i64)).month();
    let max_in = |ms: &[u32]| (0..p.load_mw.len()).filter(|&k| ms.contains(&month(k))).map(|k| p.load_mw[k]).fold(f64::MIN, f64::max);
    max_in(&[5, 6, 7, 8, 9]) / max_in(&[11, 12, 1, 2, 3])
}

#[test]
fn the_seasons_follow_a_given_summer_winter_peak_ratio() {
    // (LD1) A humid-subtropical region (the default response puts its summer peak well
    // above its winter one) fitted to a near-dual 1.05, then to a strongly summer 1.30:
    // the scaled load meets each ratio to 0.5 %, with energy and peak still exact.
    let mut r = region("r", ClimateClass::MixedHumid, "America/New_York", 35.2, -80.8, 240.0e6, 48_000.0);
    let free = synthetic_year(&r, &Response::Default(Box::default()), 2024, 7).unwrap();
    let q0 = summer_winter(&free, &r.zone);
    for q in [1.05, 1.30] {
        assert!((q0 - q).abs() > 0.02, "the default response already gives {q0}");
        r.summer_winter_peak_ratio = Some(q);
        let p = synthetic_year(&r, &Response::Default(Box::default()), 2024, 7).unwrap();
        let got = summer_winter(&p, &r.zone);
        assert!(rel(got, q) < 5e-3, "asked {q}, got {got} (default response {q0})");
        assert!(rel(p.load_mw.iter().sum::<f64>(), 240.0e6) < 1e-9);
        assert!(rel(p.load_mw.iter().cloned().fold(f64::MIN, f64::max), 48_000.0) < 1e-12);
    }
}

#[test]
fn deterministic_for_a_seed() {
    let r = region("x", ClimateClass::Cold, "America/Toronto", 43.7, -79.4, 140.0e6, 24_000.0);
    let resp = Response::Default(Box::default());
    let a = synthetic_year(&r, &resp, 2030, 1).unwrap();
    let b = synthetic_year(&r, &resp, 2030, 1).unwrap();
    let c = synthetic_year(&r, &resp, 2030, 2).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.temperature_c, c.temperature_c);
}

#[test]
fn climate_model_statistics() {
    let c = ClimateParams::preset(ClimateClass::MixedHumid);
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
    let t = c.hourly_temperature_c(start, 8760, 38.9, -77.0, 3).unwrap();
    let mean = t.iter().sum::<f64>() / t.len() as f64;
    assert!((mean - c.mean_temperature_c).abs() < 1.5, "annual mean {mean}");
    let month_mean = |m: u32| {
        let v: Vec<f64> = (0..8760).filter(|&i| (start + Duration::hours(i as i64)).month() == m).map(|i| t[i]).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let swing = month_mean(7) - month_mean(1);
    assert!(swing > 1.6 * c.seasonal_amplitude_c && swing < 2.2 * c.seasonal_amplitude_c, "Jul-Jan {swing}");
    // Diurnal maximum in the local afternoon: at longitude −77 the solar 15:00 is ~20:00 UTC.
    let mut by_hour = [0.0; 24];
    for (i, v) in t.iter().enumerate() {
        by_hour[(start + Duration::hours(i as i64)).hour() as usize] += v;
    }
    let warmest = (0..24).max_by(|&a, &b| by_hour[a].partial_cmp(&by_hour[b]).unwrap()).unwrap();
    assert!((19..=21).contains(&warmest), "warmest UTC hour {warmest}");
    // Southern hemisphere: seasons flip.
    let s = c.hourly_temperature_c(start, 8760, -34.0, -58.0, 3).unwrap();
    let jan: f64 = s[..744].iter().sum::<f64>() / 744.0;
    let jul: f64 = s[4344..5088].iter().sum::<f64>() / 744.0;
    assert!(jan > jul + 10.0);
    assert!(c.hourly_temperature_c(start, 10, 95.0, 0.0, 1).is_err());
}

#[test]
fn scaling_is_exact_and_rejects_impossible_targets() {
    let shape: Vec<f64> = (0..8760).map(|i| 1.0 + 0.3 * ((i as f64) / 500.0).sin() + 0.1 * ((i % 24) as f64 / 24.0)).collect();
    for (e, p) in [(5.0e6, 900.0), (7.0e6, 900.0), (2.0e6, 900.0), (7.8e6, 900.0)] {
        let l = scale_to_energy_and_peak(&shape, e, p).unwrap();
        let se: f64 = l.iter().sum();
        let pk = l.iter().cloned().fold(f64::MIN, f64::max);
        assert!(rel(se, e) < 1e-9 && rel(pk, p) < 1e-12, "e {se} vs {e}, peak {pk} vs {p}");
    }
    assert!(scale_to_energy_and_peak(&shape, 9.0e6, 900.0).is_err()); // load factor > 1
    assert!(scale_to_energy_and_peak(&shape, -1.0, 900.0).is_err());
}

#[test]
fn fitted_response_profile() {
    // Fit a model on a synthetic history (°C), then use it as the response of a region.
    let n = 2 * 8760 + 24;
    let start = Utc.with_ymd_and_hms(2020, 12, 31, 0, 0, 0).unwrap();
    let zone: ClockZone = "America/Chicago".parse().unwrap();
    let clim = ClimateParams::preset(ClimateClass::HotHumid);
    let t = clim.hourly_temperature_c(start, n, 29.8, -95.4, 11).unwrap();
    let load: Vec<f64> = (0..n)
        .map(|i| {
            let h = zone.to_local(start + Duration::hours(i as i64)).hour() as f64;
            5000.0 + 120.0 * (t[i] - 18.0).max(0.0) + 60.0 * (16.0 - t[i]).max(0.0) + 600.0 * (h / 24.0)
        })
        .collect();
    let frame = HourlyFrame { start_utc: start, zone, names: vec!["load".into(), "t".into()], values: vec![load, t] };
    let rep = fit_selected(
        &frame,
        &["load".to_string()],
        &["t".to_string()],
        &"2021-01-01..2022-12-30".parse().unwrap(),
        &FitOptions::fixed(FeatureSpec::recency(Some(Country::US), 2, 1)),
    )
    .unwrap();
    let r = region("houston", ClimateClass::HotHumid, "America/Chicago", 29.8, -95.4, 50.0e6, 9_000.0);
    let resp = Response::Fitted { model: Box::new(rep.models[0].clone()), fahrenheit: false };
    let p = synthetic_year(&r, &resp, 2035, 5).unwrap();
    let e: f64 = p.load_mw.iter().sum();
    let pk = p.load_mw.iter().cloned().fold(f64::MIN, f64::max);
    assert!(rel(e, 50.0e6) < 1e-9 && rel(pk, 9000.0) < 1e-12);
    // Hot region with a cooling response: summer energy above winter energy.
    let jul: f64 = p.load_mw[4344..5088].iter().sum();
    let jan: f64 = p.load_mw[..744].iter().sum();
    assert!(jul > 1.1 * jan, "jul {jul} jan {jan}");
}

#[test]
fn the_seasons_and_the_load_factor_are_both_carried_by_the_weather() {
    // (LD1) Ratios the balance alone cannot reach at these load factors: with the default
    // magnitude and the power b meeting the load factor, a Québec-like winter region at a
    // 0.47 load factor stops at 0.655 and a desert region at 0.51 at 1.362 (below its
    // unfitted 1.367: the peakier shape gets a smaller b, which squeezes the seasons back
    // towards 1). With the magnitude k giving the shape the year's load factor they reach
    // 0.632 and 1.399 at the response's 6-hour inertia; beyond, the fit lengthens the
    // inertia (0.520 and 1.60 asked here; at 168 h the limits are 0.49 and 1.83).
    let cases = [
        (region("qc", ClimateClass::Cold, "America/Toronto", 45.5, -73.6, 193.0e6, 46_800.0), 0.52),
        (region("az", ClimateClass::HotDry, "America/Phoenix", 33.4, -112.1, 36.0e6, 8_000.0), 1.60),
    ];
    for (mut r, q) in cases {
        let free = synthetic_year(&r, &Response::Default(Box::default()), 2023, 3).unwrap();
        let q0 = summer_winter(&free, &r.zone);
        r.summer_winter_peak_ratio = Some(q);
        let p = synthetic_year(&r, &Response::Default(Box::default()), 2023, 3).unwrap();
        let got = summer_winter(&p, &r.zone);
        assert!(rel(got, q) < 5e-3, "{}: asked {q}, got {got} (default response {q0})", r.name);
        assert!(rel(p.load_mw.iter().sum::<f64>(), r.annual_energy_mwh) < 1e-9);
        assert!(rel(p.load_mw.iter().cloned().fold(f64::MIN, f64::max), r.peak_mw) < 1e-12);
    }
}

/// (LD1) The ratio a run checks: May–September maximum over November–March maximum,
/// in local months (an hour at 02:00 UTC on 1 May is still April in UTC−05:00).
#[test]
fn the_summer_winter_peak_ratio_is_read_in_local_months() {
    let start = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    let n = 8760;
    let mut load = vec![100.0; n];
    let hour = |m: u32, d: u32, h: u32| (Utc.with_ymd_and_hms(2030, m, d, h, 0, 0).unwrap() - start).num_hours() as usize;
    load[hour(1, 15, 12)] = 400.0; // winter maximum
    load[hour(7, 15, 12)] = 300.0; // summer maximum
    load[hour(5, 1, 2)] = 500.0; // May in UTC, 30 April 21:00 at UTC−05:00
    load[hour(4, 10, 12)] = 900.0; // April: in neither season
    let utc = nagrid_load::summer_winter_peak_ratio(ClockZone::Fixed(0), start, &load).unwrap();
    let east = nagrid_load::summer_winter_peak_ratio(ClockZone::Fixed(-5 * 3600), start, &load).unwrap();
    assert_eq!((utc, east), (500.0 / 400.0, 300.0 / 400.0));
    assert_eq!(nagrid_load::summer_winter_peak_ratio(ClockZone::Fixed(0), start, &load[..2000]), None);
}
