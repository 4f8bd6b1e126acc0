//! GEFCom2012 evaluation: fit 2005–2006 (terms chosen by validation 2005 → 2006),
//! forecast all of 2007 with the actual temperatures (mean of the 11 stations).
//! Targets: system (z21) MAPE ≤ 4.5 %, zone average (z1..z20 without the quirky z4
//! and z9, the definition under which the vanilla benchmark scores ~7.5 %) ≤ 6.8 %.

use nagrid_load::{evaluate, fit_selected, read_hourly_csv, ClockZone, Country, CsvSpec, DatePeriod, FeatureSpec, FitOptions, TimeColumns};
use std::path::PathBuf;

fn data_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/load/gefcom2012/gefcom2012_hourly_tidy.csv.gz")
}

#[test]
fn gefcom2012_accuracy_targets() {
    let zones: Vec<String> = (1..=21).map(|z| format!("z{z}")).collect();
    let stations: Vec<String> = (1..=11).map(|s| format!("t{s}")).collect();
    let mut cols = zones.clone();
    cols.extend(stations.iter().cloned());
    let spec = CsvSpec {
        time: TimeColumns::gefcom(),
        columns: cols,
        zone: ClockZone::Fixed(-5 * 3600),
        period: Some("2004-12-01..2007-12-31".parse().unwrap()),
    };
    let frame = read_hourly_csv(&data_path(), &spec).unwrap();
    let train: DatePeriod = "2005-01-01..2006-12-31".parse().unwrap();
    let test: DatePeriod = "2007-01-01..2007-12-31".parse().unwrap();

    // The benchmark reproduces the published 5.22 % system MAPE.
    let bench = fit_selected(&frame, &zones, &stations, &train, &FitOptions::fixed(FeatureSpec::vanilla())).unwrap();
    let bench_ev = evaluate(&frame, &bench.models, &test).unwrap();
    let bench_sys = bench_ev.results[20].metrics.mape_pct;
    assert!((bench_sys - 5.22).abs() < 0.01, "vanilla benchmark system MAPE {bench_sys}");

    let rep = fit_selected(&frame, &zones, &stations, &train, &FitOptions::recency_grid(Some(Country::US))).unwrap();
    let ev = evaluate(&frame, &rep.models, &test).unwrap();
    let sys = ev.results[20].metrics;
    let avg18: f64 =
        ev.results[..20].iter().filter(|r| r.target != "z4" && r.target != "z9").map(|r| r.metrics.mape_pct).sum::<f64>() / 18.0;
    for c in &rep.validation {
        let v = &c.validation_mape_pct;
        let a: f64 = (1..=20).filter(|z| *z != 4 && *z != 9).map(|z| v[&format!("z{z}")]).sum::<f64>() / 18.0;
        eprintln!("validation {:45} cols {:4} sys {:.3} zavg18 {:.3}", c.label, c.n_columns, v["z21"], a);
    }
    for r in &ev.results {
        eprintln!(
            "{:4} {:45} MAPE {:6.2} % RMSE {:9.0} daily-peak MAPE {:5.2} % annual-peak err {:+5.2} %",
            r.target, r.model, r.metrics.mape_pct, r.metrics.rmse, r.metrics.daily_peak_mape_pct, r.metrics.annual_peak_error_pct
        );
    }
    eprintln!("system MAPE {:.3} %, zone average (18) {avg18:.3} %, fit {:.1} s", sys.mape_pct, rep.fit_seconds);
    assert!(sys.mape_pct <= 4.5, "system MAPE {}", sys.mape_pct);
    assert!(avg18 <= 6.8, "zone-average MAPE {avg18}");
    // Recency model beats the benchmark on the system daily peaks too.
    assert!(sys.daily_peak_mape_pct < bench_ev.results[20].metrics.daily_peak_mape_pct);

    // Optional weather-station selection (chosen by cross-validation on 2005–2006 only)
    // improves the system forecast further.
    let sys_only = vec!["z21".to_string()];
    let opts = FitOptions::recency_grid(Some(Country::US)).with_station_selection(Some(Country::US));
    let rep = fit_selected(&frame, &sys_only, &stations, &train, &opts).unwrap();
    let ev2 = evaluate(&frame, &rep.models, &test).unwrap();
    let m2 = ev2.results[0].metrics.mape_pct;
    eprintln!("system with station selection {:?}: MAPE {m2:.3} % (fit {:.1} s)", rep.models[0].temperature_columns, rep.fit_seconds);
    assert!(rep.models[0].temperature_columns.len() < stations.len());
    assert!(m2 < sys.mape_pct, "station selection {m2} vs {}", sys.mape_pct);
}
