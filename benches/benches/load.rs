//! Criterion benchmarks of load forecasting (`nagrid-load`):
//!
//! * `load_read/gefcom2012_20_zones_4_years`: reading the gzip CSV (20 zones and 11
//!   temperature stations, 2004-01-01..2007-12-31 plus the lag history);
//! * `load_fit_20_zones_4_years/vanilla`: the GEFCom2012 vanilla benchmark
//!   regression fitted to the 20 zones on 2004–2007 (one shared QR);
//! * `load_fit_20_zones_4_years/recency_grid`: the production fit
//!   (`FitOptions::recency_grid`, 7 candidate term sets chosen per zone by blocked
//!   2-fold cross-validation, then refitted) — about 20 s an iteration, so the
//!   10 samples take a few minutes;
//! * `load_synthetic_40_regions/synthetic_year`: a year (2030, 8,760 h) of synthetic
//!   base load for 40 regions of the three countries (`synthetic_year`, default response);
//! * `load_synthetic_40_regions/datacenter_region_hourly`: the data-center model's
//!   `region_hourly` (base + data-center + flexible load) for 40 regions (the built-in
//!   North-American regions, repeated to 40).
//!
//! The GEFCom2012 file is `../shared/data/load/gefcom2012/gefcom2012_hourly_tidy.csv.gz`
//! relative to the repository root (`NAGRID_GEFCOM=/path` overrides); without it the
//! fitting benchmarks are skipped with a message.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use nagrid_load::forecast::read_history;
use nagrid_load::{
    fit_selected, synthetic_year, ClimateClass, ClimateParams, ClockZone, Country, DataCenterInputs, DataCenterModel, DatePeriod,
    DefaultResponse, FeatureSpec, FitOptions, HourlyFrame, RegionSpec, Response, Scenario, TimeColumns,
};
use std::path::PathBuf;
use std::time::Duration;

const TRAIN: &str = "2004-01-01..2007-12-31";
const YEAR: i32 = 2030;
const SYNTHETIC_REGIONS: usize = 40;

fn gefcom_path() -> PathBuf {
    std::env::var_os("NAGRID_GEFCOM").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/load/gefcom2012/gefcom2012_hourly_tidy.csv.gz"))
    })
}

fn zones() -> Vec<String> {
    (1..=20).map(|z| format!("z{z}")).collect()
}

fn stations() -> Vec<String> {
    (1..=11).map(|t| format!("t{t}")).collect()
}

fn read(path: &std::path::Path) -> HourlyFrame {
    let train: DatePeriod = TRAIN.parse().expect("period");
    let mut cols = zones();
    cols.extend(stations());
    read_history(path, &TimeColumns::gefcom(), ClockZone::UTC, &cols, &train).expect("reads GEFCom2012")
}

fn fit(c: &mut Criterion) {
    let path = gefcom_path();
    if !path.exists() {
        eprintln!("load bench: {} not found, fitting benchmarks skipped", path.display());
        return;
    }
    let train: DatePeriod = TRAIN.parse().expect("period");
    let (zones, stations) = (zones(), stations());

    let mut g = c.benchmark_group("load_read");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    g.bench_function("gefcom2012_20_zones_4_years", |b| b.iter(|| read(&path)));
    g.finish();

    let frame = read(&path);
    let mut g = c.benchmark_group("load_fit_20_zones_4_years");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(5));
    let variants = [("vanilla", FitOptions::fixed(FeatureSpec::vanilla())), ("recency_grid", FitOptions::recency_grid(Some(Country::US)))];
    for (label, options) in variants {
        g.bench_with_input(BenchmarkId::from_parameter(label), &options, |b, options| {
            b.iter(|| {
                let rep = fit_selected(&frame, &zones, &stations, &train, options).expect("fits");
                assert_eq!(rep.models.len(), zones.len());
                rep
            })
        });
    }
    g.finish();
}

/// 40 regions spread over the three countries, seven climates and six clocks.
fn regions() -> Vec<RegionSpec> {
    const CLIMATES: [ClimateClass; 7] = [
        ClimateClass::HotHumid,
        ClimateClass::HotDry,
        ClimateClass::MixedHumid,
        ClimateClass::Marine,
        ClimateClass::Cold,
        ClimateClass::VeryCold,
        ClimateClass::TropicalHighland,
    ];
    const ZONES: [(&str, Country, f64); 8] = [
        ("America/New_York", Country::US, -75.0),
        ("America/Chicago", Country::US, -90.0),
        ("America/Denver", Country::US, -105.0),
        ("America/Los_Angeles", Country::US, -120.0),
        ("America/Toronto", Country::CA, -79.0),
        ("America/Winnipeg", Country::CA, -97.0),
        ("America/Mexico_City", Country::MX, -99.0),
        ("America/Monterrey", Country::MX, -100.0),
    ];
    (0..SYNTHETIC_REGIONS)
        .map(|i| {
            let (zone, country, lon) = ZONES[i % ZONES.len()];
            let peak_mw = 2_000.0 + 1_000.0 * (i % 13) as f64;
            RegionSpec {
                name: format!("r{i:02}"),
                country,
                annual_energy_mwh: peak_mw * 8_760.0 * (0.55 + 0.01 * (i % 10) as f64),
                peak_mw,
                latitude_deg: 20.0 + (i % 30) as f64,
                longitude_deg: lon,
                climate: ClimateParams::preset(CLIMATES[i % CLIMATES.len()]),
                zone: zone.parse().expect("IANA zone"),
                summer_winter_peak_ratio: None,
            }
        })
        .collect()
}

fn synthetic(c: &mut Criterion) {
    let regions = regions();
    let response = Response::Default(Box::<DefaultResponse>::default());
    let mut g = c.benchmark_group("load_synthetic_40_regions");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    g.bench_function("synthetic_year", |b| {
        b.iter(|| {
            let profiles: Vec<_> = regions.iter().map(|r| synthetic_year(r, &response, YEAR, 1).expect("profile")).collect();
            assert!(profiles.iter().all(|p| p.load_mw.len() == 8_760));
            profiles
        })
    });

    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().expect("built-in inputs"), 1);
    let mid = model.calibrate(&Scenario::mid()).expect("calibrates");
    let names: Vec<String> = model.inputs.regions.iter().map(|r| r.spec.name.clone()).collect();
    let names: Vec<&String> = names.iter().cycle().take(SYNTHETIC_REGIONS).collect();
    g.bench_function("datacenter_region_hourly", |b| {
        b.iter(|| {
            let hourly: Vec<_> = names.iter().map(|n| model.region_hourly(&mid, n, YEAR).expect("hourly")).collect();
            assert!(hourly.iter().all(|h| h.base_mw.len() == 8_760));
            hourly
        })
    });
    g.finish();
}

criterion_group!(benches, synthetic, fit);
criterion_main!(benches);
