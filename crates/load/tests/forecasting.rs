//! Regression, model round-trip, holiday and input-error tests on synthetic data.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use nagrid_load::features::{design_matrix, FeatureScaling, HourlyInput};
use nagrid_load::holidays::{easter_sunday, holidays, HolidayKind};
use nagrid_load::regression::least_squares;
use nagrid_load::{
    fit_selected, read_hourly_csv, ClockZone, Country, CsvSpec, DatePeriod, FeatureSpec, FitOptions, HourLabel, HourlyFrame, LoadError,
    LoadModel, TimeColumns,
};
use std::io::Write;

/// Deterministic pseudo-random numbers in [-1, 1).
fn noise(seed: &mut u64) -> f64 {
    *seed = seed.wrapping_add(0x9E3779B97F4A7C15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

fn synthetic_temperature(n: usize) -> Vec<f64> {
    let mut s = 7;
    (0..n)
        .map(|i| {
            let day = i as f64 / 24.0;
            15.0 - 12.0 * (2.0 * std::f64::consts::PI * (day - 15.0) / 365.25).cos()
                + 5.0 * (2.0 * std::f64::consts::PI * ((i % 24) as f64 - 9.0) / 24.0).cos()
                + 3.0 * noise(&mut s)
        })
        .collect()
}

#[test]
fn regression_recovers_known_coefficients() {
    let n = 2 * 8760;
    let start = Utc.with_ymd_and_hms(2021, 1, 1, 5, 0, 0).unwrap();
    let zone: ClockZone = "America/New_York".parse().unwrap();
    let temperature = synthetic_temperature(n);
    let spec = FeatureSpec::recency(Some(Country::US), 2, 1);
    let scaling = FeatureScaling { temperature_center: 15.0, temperature_scale: 10.0, trend_origin_utc: start };
    let input = HourlyInput { start_utc: start, zone, temperature: &temperature };
    let x = design_matrix(&spec, &scaling, &input, 0..n);
    let p = spec.n_columns();
    assert_eq!(x.ncols(), p);
    let mut s = 99;
    let beta: Vec<f64> = (0..p).map(|_| 100.0 * noise(&mut s)).collect();
    let b = nalgebra::DVector::from_column_slice(&beta);
    let y_exact = &x * &b;
    // Exact data: coefficients recovered to round-off.
    let fit = least_squares(x.clone(), &nalgebra::DMatrix::from_column_slice(n, 1, y_exact.as_slice())).unwrap();
    assert!(fit.dropped.is_empty(), "dropped {:?}", fit.dropped);
    for (j, b) in beta.iter().enumerate() {
        assert!((fit.coefficients[(j, 0)] - b).abs() < 1e-6 * (1.0 + b.abs()), "coef {j}");
    }
    // Noisy data: close to the truth, and the fitted values far closer than the noise.
    let y_noisy: Vec<f64> = y_exact.iter().map(|v| v + 5.0 * noise(&mut s)).collect();
    let fit = least_squares(x.clone(), &nalgebra::DMatrix::from_column_slice(n, 1, &y_noisy)).unwrap();
    let fitted = &x * fit.coefficients.column(0);
    let rms_err = ((&fitted - &y_exact).norm_squared() / n as f64).sqrt();
    assert!(rms_err < 1.0, "fitted RMS error {rms_err}");
    // A small, well-identified model (intercept, trend, T, T², T³) with noise:
    // every coefficient within 1 % of the truth.
    let small = FeatureSpec {
        month: false,
        weekday_hour: false,
        temperature_by_month: false,
        temperature_by_hour: false,
        holidays: None,
        lags_h: 0,
        daily_means_d: 0,
        ..FeatureSpec::vanilla()
    };
    let xs = design_matrix(&small, &scaling, &input, 0..n);
    assert_eq!(xs.ncols(), 5);
    let truth = [1000.0, 30.0, -50.0, 120.0, 15.0];
    let y: Vec<f64> = (0..n).map(|i| (0..5).map(|j| xs[(i, j)] * truth[j]).sum::<f64>() + 5.0 * noise(&mut s)).collect();
    let fit = least_squares(xs, &nalgebra::DMatrix::from_column_slice(n, 1, &y)).unwrap();
    for (j, t) in truth.iter().enumerate() {
        let c = fit.coefficients[(j, 0)];
        assert!((c - t).abs() < 0.01 * t.abs(), "coef {j}: {c} vs {t}");
    }
}

#[test]
fn dependent_columns_are_dropped_not_fatal() {
    let n = 50;
    let x = nalgebra::DMatrix::from_fn(n, 3, |i, j| match j {
        0 => 1.0,
        1 => i as f64,
        _ => 2.0 * i as f64 + 1.0, // = 2·col1 + col0
    });
    let y = nalgebra::DMatrix::from_fn(n, 1, |i, _| 3.0 + 0.5 * i as f64);
    let fit = least_squares(x.clone(), &y).unwrap();
    assert_eq!(fit.dropped, vec![2]);
    let r = &x * &fit.coefficients - &y;
    assert!(r.norm() < 1e-9);
}

fn synthetic_frame() -> HourlyFrame {
    let n = 3 * 8760;
    let start = Utc.with_ymd_and_hms(2019, 1, 1, 6, 0, 0).unwrap();
    let zone: ClockZone = "America/Chicago".parse().unwrap();
    let t = synthetic_temperature(n);
    let mut s = 3;
    let load: Vec<f64> = (0..n)
        .map(|i| {
            let local = zone.to_local(start + Duration::hours(i as i64));
            let h = chrono::Timelike::hour(&local) as f64;
            1000.0 + 8.0 * (t[i] - 18.0).powi(2) + 150.0 * (std::f64::consts::PI * (h - 4.0) / 24.0).sin().max(0.0) + 20.0 * noise(&mut s)
        })
        .collect();
    HourlyFrame { start_utc: start, zone, names: vec!["load_mw".into(), "temperature_c".into()], values: vec![load, t] }
}

#[test]
fn model_json_round_trip_gives_identical_forecasts() {
    let frame = synthetic_frame();
    let train: DatePeriod = "2019-01-02..2020-12-31".parse().unwrap();
    let test: DatePeriod = "2021-01-01..2021-12-30".parse().unwrap();
    let targets = vec!["load_mw".to_string()];
    let temps = vec!["temperature_c".to_string()];
    let rep = fit_selected(&frame, &targets, &temps, &train, &FitOptions::fixed(FeatureSpec::recency(Some(Country::US), 3, 1))).unwrap();
    let model = &rep.models[0];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    model.save(&path).unwrap();
    let back = LoadModel::load(&path).unwrap();
    assert_eq!(&back, model);
    let (s1, f1) = model.predict_frame(&frame, &test).unwrap();
    let (s2, f2) = back.predict_frame(&frame, &test).unwrap();
    assert_eq!(s1, s2);
    assert!(f1.iter().zip(&f2).all(|(a, b)| a.to_bits() == b.to_bits()));
    // And the model is a good one on this easy synthetic load.
    let ev = nagrid_load::evaluate(&frame, &rep.models, &test).unwrap();
    assert!(ev.results[0].metrics.mape_pct < 2.5, "{:?}", ev.results[0].metrics);
    // A corrupted model (wrong coefficient count) is rejected.
    let mut bad = model.clone();
    bad.coefficients.pop();
    assert!(LoadModel::from_json(&bad.to_json().unwrap()).is_err());
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn has(c: Country, date: NaiveDate, name: &str) -> bool {
    holidays(c, chrono::Datelike::year(&date)).iter().any(|h| h.date == date && h.name.contains(name))
}

#[test]
fn us_holidays_by_rule() {
    assert!(has(Country::US, d(2024, 11, 28), "Thanksgiving"));
    assert!(has(Country::US, d(2007, 11, 22), "Thanksgiving"));
    assert!(has(Country::US, d(2024, 1, 15), "Martin Luther King"));
    assert!(has(Country::US, d(2024, 5, 27), "Memorial"));
    assert!(has(Country::US, d(2024, 9, 2), "Labor"));
    assert!(has(Country::US, d(2021, 7, 5), "Independence")); // 4 Jul 2021 was a Sunday
    assert!(has(Country::US, d(2020, 7, 3), "Independence")); // 4 Jul 2020 was a Saturday
    assert!(has(Country::US, d(2022, 12, 26), "Christmas"));
    assert!(has(Country::US, d(2021, 12, 31), "New Year")); // 1 Jan 2022 was a Saturday
    assert!(has(Country::US, d(2023, 6, 19), "Juneteenth"));
    assert!(!holidays(Country::US, 2019).iter().any(|h| h.name == "Juneteenth"));
    let n2007 = holidays(Country::US, 2007);
    assert_eq!(n2007.len(), 10);
    assert_eq!(n2007.iter().filter(|h| h.kind == HolidayKind::Major).count(), 6);
}

#[test]
fn canada_and_mexico_holidays_by_rule() {
    assert_eq!(easter_sunday(2024), d(2024, 3, 31));
    assert_eq!(easter_sunday(2025), d(2025, 4, 20));
    assert_eq!(easter_sunday(2019), d(2019, 4, 21));
    assert!(has(Country::CA, d(2024, 3, 29), "Good Friday"));
    assert!(has(Country::CA, d(2024, 5, 20), "Victoria"));
    assert!(has(Country::CA, d(2023, 5, 22), "Victoria"));
    assert!(has(Country::CA, d(2024, 10, 14), "Thanksgiving"));
    assert!(has(Country::CA, d(2024, 9, 2), "Labour"));
    assert!(has(Country::CA, d(2018, 7, 2), "Canada Day")); // 1 Jul 2018 was a Sunday
    assert!(has(Country::CA, d(2021, 12, 27), "Christmas")); // Sat 25 Dec 2021
    assert!(has(Country::CA, d(2021, 12, 28), "Boxing")); // Sun 26 Dec 2021
    assert!(has(Country::MX, d(2024, 2, 5), "Constitución"));
    assert!(has(Country::MX, d(2024, 3, 18), "Juárez"));
    assert!(has(Country::MX, d(2024, 11, 18), "Revolución"));
    assert!(has(Country::MX, d(2005, 3, 21), "Juárez")); // before the 2006 Monday rule
    assert!(has(Country::MX, d(2024, 10, 1), "Transmisión"));
    assert!(has(Country::MX, d(2018, 12, 1), "Transmisión"));
    assert!(has(Country::MX, d(2023, 9, 16), "Independencia"));
    assert!(!holidays(Country::MX, 2025).iter().any(|h| h.name.contains("Transmisión")));
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(text.as_bytes()).unwrap();
    p
}

#[test]
fn bad_input_reports_every_problem_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let text = "date,hour,load,temp\n\
                2020-01-01,1,100,5\n\
                2020-01-01,2,abc,5\n\
                2020-01-01,3,102,\n\
                2020-01-01,5,104,6\n\
                2020-01-01,6,105,x7\n";
    let p = write(dir.path(), "bad.csv", text);
    let spec = CsvSpec { time: TimeColumns::gefcom(), columns: vec!["load".into(), "temp".into()], zone: ClockZone::UTC, period: None };
    let err = read_hourly_csv(&p, &spec).unwrap_err();
    let LoadError::Input(problems) = &err else { panic!("{err}") };
    let msg = err.to_string();
    assert_eq!(problems.len(), 4, "{msg}");
    assert!(msg.contains("bad.csv, line 3, column 'load', value 'abc'"), "{msg}");
    assert!(msg.contains("line 4, column 'temp', value '': missing value"), "{msg}");
    assert!(msg.contains("line 5") && msg.contains("1 missing hour(s)"), "{msg}");
    assert!(msg.contains("line 6, column 'temp', value 'x7'"), "{msg}");

    // Unknown columns are reported together with the value problems of the known ones.
    let spec2 = CsvSpec { columns: vec!["load".into(), "tmp".into(), "zz".into()], ..spec.clone() };
    let err = read_hourly_csv(&p, &spec2).unwrap_err().to_string();
    assert!(err.contains("4 input problem(s)") && err.contains("column 'tmp'") && err.contains("column 'zz'"), "{err}");
    assert!(err.contains("line 3, column 'load', value 'abc'"), "{err}");
    let spec3 = CsvSpec { time: TimeColumns::Timestamp { column: "when".into(), label: HourLabel::Beginning }, ..spec.clone() };
    let err = read_hourly_csv(&p, &spec3).unwrap_err().to_string();
    assert!(err.contains("column 'when'") && err.contains("value 'x7'"), "{err}");

    let p3 = write(dir.path(), "hours.csv", "date,hour,load,temp\n2020-01-01,0,1,2\n2020-13-01,25,1,2\n");
    let err = read_hourly_csv(&p3, &spec).unwrap_err().to_string();
    assert!(err.contains("line 2, column 'hour', value '0'"), "{err}");
    assert!(err.contains("line 3, column 'date', value '2020-13-01': not a date"), "{err}");
    assert!(err.contains("line 3, column 'hour', value '25'"), "{err}");
}

#[test]
fn gzip_and_dst_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    // US/Eastern fall-back day 2021-11-07: local 01:00 occurs twice.
    let mut text = String::from("time,load\n");
    for (h, v) in [(0, 1), (1, 2), (1, 3), (2, 4), (3, 5)] {
        text.push_str(&format!("2021-11-07 {h:02}:00,{v}\n"));
    }
    let gz = dir.path().join("fall.data");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
    let spec = CsvSpec {
        time: TimeColumns::Timestamp { column: "time".into(), label: HourLabel::Beginning },
        columns: vec!["load".into()],
        zone: "America/New_York".parse().unwrap(),
        period: None,
    };
    let f = read_hourly_csv(&gz, &spec).unwrap();
    assert_eq!(f.len(), 5);
    assert_eq!(f.start_utc, Utc.with_ymd_and_hms(2021, 11, 7, 4, 0, 0).unwrap());
    assert_eq!(f.column("load").unwrap(), &[1.0, 2.0, 3.0, 4.0, 5.0]);
    // Spring-forward gap: 02:00 does not exist on 2021-03-14.
    let p = write(dir.path(), "spring.csv", "time,load\n2021-03-14 01:00,1\n2021-03-14 02:00,2\n2021-03-14 03:00,3\n");
    let err = read_hourly_csv(&p, &spec).unwrap_err().to_string();
    assert!(err.contains("line 3") && err.contains("DST gap"), "{err}");
    // Hour-ending labels: "01:00" ending = interval starting 00:00.
    let p = write(dir.path(), "he.csv", "time,load\n2021-06-01T01:00:00Z,1\n2021-06-01T02:00:00Z,2\n");
    let spec_he = CsvSpec { time: TimeColumns::Timestamp { column: "time".into(), label: HourLabel::Ending }, ..spec };
    let f = read_hourly_csv(&p, &spec_he).unwrap();
    assert_eq!(f.start_utc, Utc.with_ymd_and_hms(2021, 6, 1, 0, 0, 0).unwrap());
}

#[test]
fn station_selection_finds_the_informative_station() {
    let mut frame = synthetic_frame();
    let t = frame.column("temperature_c").unwrap().to_vec();
    // Two decoy stations: the true temperature plus strong, persistent independent errors.
    for (name, seed) in [("decoy_a", 11u64), ("decoy_b", 12)] {
        let mut s = seed;
        let mut e = 0.0;
        let v: Vec<f64> = t
            .iter()
            .map(|x| {
                e = 0.95 * e + 2.0 * noise(&mut s);
                x + e
            })
            .collect();
        frame.names.push(name.into());
        frame.values.push(v);
    }
    let stations: Vec<String> = ["decoy_a", "temperature_c", "decoy_b"].iter().map(|s| s.to_string()).collect();
    let train: DatePeriod = "2019-01-02..2020-12-31".parse().unwrap();
    let sets = nagrid_load::selection::select_stations(&frame, &["load_mw".to_string()], &stations, &train, &FeatureSpec::vanilla(), 2, 14)
        .unwrap();
    assert_eq!(sets, vec![vec!["temperature_c".to_string()]]);
}
