//! Weather years on the default case (`[load] weather_year`, docs/sweeps.md): US load
//! takes the hourly shape of the historical year (EIA-930 through
//! inputs/north-america-2024), so Winter Storm Uri (ERCOT, February 2021) and Elliott
//! (the Southeast, December 2022) show in the study year's load; the study year's
//! energy stays; Canada, Mexico and the renewables take a weather seeded by the year.

use nagrid_io::Override;
use nagrid_model::Case;
use std::path::{Path, PathBuf};

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america")
}

fn load(weather_year: Option<i32>) -> Case {
    let sets: Vec<Override> = weather_year.map(|w| Override::new("load.weather_year", &w.to_string(), "test")).into_iter().collect();
    nagrid_study::load_case_with(&case_dir(), None, None, &sets).unwrap().0
}

/// Peak of `month` (1-12, UTC) of a region's load over its annual mean.
fn month_peak_ratio(c: &Case, region: &str, month: u32) -> f64 {
    use chrono::Datelike;
    let r = c.network.regions.iter().position(|x| x.id == region).unwrap();
    let l = &c.load_mw[r];
    let mean = l.iter().sum::<f64>() / l.len() as f64;
    let peak = (0..l.len()).filter(|&t| c.axis.timestamp(t).month() == month).map(|t| l[t]).fold(0.0, f64::max);
    peak / mean
}

fn energy(c: &Case, region: &str) -> f64 {
    c.load_mw[c.network.regions.iter().position(|x| x.id == region).unwrap()].iter().sum()
}

#[test]
fn uri_and_elliott_show_in_the_load_of_their_weather_years() {
    let years = [2020, 2021, 2022, 2023];
    let cases: Vec<Case> = years.iter().map(|w| load(Some(*w))).collect();
    let feb: Vec<f64> = cases.iter().map(|c| month_peak_ratio(c, "us_ercot", 2)).collect();
    eprintln!("ERCOT February peak / annual mean, weather years {years:?}: {feb:.3?}");
    // ERCOT's February peak over its annual mean: 2021 (Uri) clearly above the others.
    for (i, w) in years.iter().enumerate().filter(|(_, w)| **w != 2021) {
        assert!(feb[1] > feb[i] + 0.08, "ERCOT February peak/mean {:.3} in 2021 vs {:.3} in {w}", feb[1], feb[i]);
    }
    // Elliott: the Tennessee Valley's and the Carolinas' December peak in 2022.
    for region in ["us_tva", "us_car"] {
        let dec: Vec<f64> = cases.iter().map(|c| month_peak_ratio(c, region, 12)).collect();
        eprintln!("{region} December peak / annual mean, weather years {years:?}: {dec:.3?}");
        for (i, w) in years.iter().enumerate().filter(|(_, w)| **w != 2022) {
            assert!(dec[2] > dec[i] + 0.08, "{region} December peak/mean {:.3} in 2022 vs {:.3} in {w}", dec[2], dec[i]);
        }
    }
    // The study year's energy does not depend on the weather year (data centers within 1 %).
    for c in &cases[1..] {
        for r in ["us_ercot", "us_pjm", "ca_qc", "mx_cen"] {
            let (a, b) = (energy(&cases[0], r), energy(c, r));
            assert!((a - b).abs() < 0.01 * a, "{r}: {a} vs {b} MWh");
        }
    }
    // Canada and the renewables take another weather; the study year stays 2030.
    let base = load(None);
    assert_eq!(cases[1].axis.start_year(), 2030);
    assert_ne!(cases[1].load_mw, cases[2].load_mw);
    let qc = |c: &Case| c.load_mw[c.network.regions.iter().position(|x| x.id == "ca_qc").unwrap()].clone();
    assert_ne!(qc(&cases[1]), qc(&base));
    let wind = base.network.generators.iter().position(|g| g.technology == "wind").unwrap();
    let (w0, w1) = (base.gen_p_max_pu[wind].clone().unwrap(), cases[1].gen_p_max_pu[wind].clone().unwrap());
    assert_ne!(w0, w1);
    let cf = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    assert!((cf(&w0) - cf(&w1)).abs() < 0.01, "wind capacity factor {} vs {}", cf(&w0), cf(&w1));
}

#[test]
fn a_weather_year_outside_the_history_is_refused() {
    let sets = [Override::new("load.weather_year", "2019", "--set")];
    let e = nagrid_study::load_case_with(&case_dir(), Some(24), None, &sets).unwrap_err().to_string();
    assert!(e.contains("load.weather_year") && e.contains("does not cover 2019") && e.contains("2020–2024"), "{e}");
    let e = nagrid_study::load_case_with(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny"), None, None, &sets)
        .unwrap_err()
        .to_string();
    assert!(e.contains("--set, column 'load.weather_year', value '2019'") && e.contains("source = \"forecast\""), "{e}");
}
