//! `nagrid expand` over weather years (BD6): one Benders scenario per year, the
//! expected cost or CVaR over the years, and every figure per year. On one day of the
//! default case (the windows are small; the rules do not depend on the length).

use nagrid_io::Override;
use nagrid_study::expand::{expand, ExpansionReport};
use nagrid_study::RunOptions;
use std::path::Path;

fn case() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america")
}

fn run(out: &Path, sets: &[(&str, &str)]) -> Result<ExpansionReport, String> {
    let mut overrides = vec![Override::new("start", "2030-02-15", "test"), Override::new("output.plots", "false", "test")];
    overrides.extend(sets.iter().map(|(k, v)| Override::new(*k, v, "test")));
    let opts = RunOptions { out: Some(out.to_path_buf()), hours: Some(24), quiet: true, overrides, ..Default::default() };
    match expand(&case(), &opts) {
        Ok((_, Some(rep))) => Ok(rep),
        Ok((r, None)) => Err(format!("stopped: {}", r.status)),
        Err(e) => Err(e.to_string()),
    }
}

fn builds(r: &ExpansionReport) -> Vec<(String, f64)> {
    r.upgrades.iter().filter(|u| u.build.built_mw > 0.0).map(|u| (u.build.id.clone(), u.build.built_mw)).collect()
}

#[test]
fn weather_years_are_scenarios_and_cvar_builds_for_the_worst() {
    let d = tempfile::tempdir().unwrap();
    let worst = run(&d.path().join("2021"), &[("expansion.weather_years", "[2021]")]).unwrap();
    let mean = run(&d.path().join("mean"), &[("expansion.weather_years", "[2021, 2023]")]).unwrap();
    let cvar = run(
        &d.path().join("cvar"),
        &[("expansion.weather_years", "[2021, 2023]"), ("expansion.cvar_weight", "1"), ("expansion.cvar_alpha", "0.5")],
    )
    .unwrap();
    // Per year: both years reported, and the objective without CVaR is their mean.
    assert_eq!(mean.weather_years.iter().map(|y| y.weather_year).collect::<Vec<_>>(), vec![2021, 2023]);
    let ops: Vec<f64> = mean.weather_years.iter().map(|y| y.operating_cost_usd_per_year_with_expansion).collect();
    let expected = (ops[0] + ops[1]) / 2.0;
    let with = mean.system_cost_with_expansion_usd_per_year - mean.expansion_cost_usd_per_year;
    assert!((with - expected).abs() < 1e-9 * expected, "{with} against the mean {expected}");
    assert!((mean.expected_operating_cost_usd_per_year_with_expansion - expected).abs() < 1e-9 * expected);
    // February 2021 (winter storm Uri) is the dearer year of the two.
    assert!(ops[0] > ops[1], "{ops:?}");
    // CVaR at α = ½ of two equal years is the worse year: the builds of 2021 alone,
    // and its cost, to the gap of the decomposition.
    let gap = worst.optimality_gap_usd_per_year.max(cvar.optimality_gap_usd_per_year) + 1.0;
    assert_eq!(builds(&cvar).len(), builds(&worst).len(), "{:?} against {:?}", builds(&cvar), builds(&worst));
    for ((a, x), (b, y)) in builds(&cvar).iter().zip(builds(&worst)) {
        assert_eq!(a, &b);
        assert!((x - y).abs() <= 1e-3 * y.max(1.0), "{a}: {x} against {y} MW");
    }
    let (c, w) = (cvar.system_cost_with_expansion_usd_per_year, worst.system_cost_with_expansion_usd_per_year);
    assert!((c - w).abs() <= 2.0 * gap, "{c} against {w}");
    // The mean weighs 2023 too and builds otherwise.
    assert_ne!(builds(&mean), builds(&cvar));
    let csv = std::fs::read_to_string(d.path().join("mean/weather_years.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("2021,"), "{csv}");
    let per = std::fs::read_to_string(d.path().join("mean/upgrades-weather_years.csv")).unwrap();
    assert_eq!(per.lines().count(), 1 + 2 * mean.upgrades.len(), "{per}");
    let html = std::fs::read_to_string(d.path().join("cvar/report.html")).unwrap();
    assert!(html.contains("Weather years") && html.contains("CVaR at α = 0.5"), "the report names the risk measure");
    // Each built upgrade is valued in each year, and its mean saving is the reported one.
    for u in mean.upgrades.iter().filter(|u| u.build.built_mw > 0.0) {
        assert_eq!(u.by_weather_year.len(), 2, "{}", u.build.id);
        let m = u.by_weather_year.iter().map(|y| y.production_cost_savings_usd_per_year).sum::<f64>() / 2.0;
        assert!((m - u.production_cost_savings_usd_per_year).abs() <= 1e-6 * m.abs().max(1.0), "{}: {m}", u.build.id);
    }
}

#[test]
fn bad_weather_year_settings_are_named() {
    let d = tempfile::tempdir().unwrap();
    let e = run(&d.path().join("a"), &[("expansion.weather_years", "[2021, 2021]")]).unwrap_err();
    assert!(e.contains("expansion.weather_years") && e.contains("twice"), "{e}");
    let e = run(&d.path().join("b"), &[("expansion.cvar_weight", "2")]).unwrap_err();
    assert!(e.contains("expansion.cvar_weight"), "{e}");
    let e = run(&d.path().join("c"), &[("expansion.cvar_alpha", "1")]).unwrap_err();
    assert!(e.contains("expansion.cvar_alpha"), "{e}");
    let e = run(&d.path().join("d"), &[("expansion.weather_years", "[2021]"), ("model.formulation", "dc")]).unwrap_err();
    assert!(e.contains("Benders") && e.contains("transport"), "{e}");
    let e = run(&d.path().join("e"), &[("expansion.weather_years", "[2019]")]).unwrap_err();
    assert!(e.contains("2019"), "{e}");
    let e = run(&d.path().join("f"), &[("expansion.near_optimal_share", "1.5")]).unwrap_err();
    assert!(e.contains("expansion.near_optimal_share") && e.contains("1.5"), "{e}");
    for x in ["a", "b", "c", "d", "e", "f"] {
        assert!(!d.path().join(x).exists(), "a refused run leaves no folder");
    }
}
