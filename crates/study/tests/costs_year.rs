//! Hand-checked fuel costs (C1), availability and must-run (A1, A2), service years
//! (Y1), budget years, shared profiles and `--year` on a one-region case.
//!
//! One region, load 100 MW, four hours 2024-01-31 22:00 .. 2024-02-01 01:00 UTC
//! (two in January, two in February):
//! - `gas`: fuel gas (3 USD/MMBtu in January, 5 in February), heat rate 7, VOM 2
//!   → 23 and 37 USD/MWh (C1); CO2 7 × 0.0531 = 0.3717 t/MWh;
//! - `nuclear` at 50 USD/MWh: availability.csv gives February 0.8 available and
//!   a must-run share of 0.5 → 40 MW forced in February (A1, A2), nothing in January;
//! - `w1`, `w2`: 10 MW of wind each, free, sharing the profile `wind_r` at 0.5 → 10 MW;
//! - `hydro`: free, budget for January 744 MWh (general) overridden by 7440 MWh for
//!   2024 → 7440 × 2/744 = 20 MWh over the two January hours; February 0;
//! - `coal` at 1 USD/MWh retired in 2024 (Y1): absent, its series column and budget
//!   row ignored.
//!
//! January: wind 20 MWh, hydro 20, gas 160 × 23 = 3,680 USD.
//! February: nuclear 2 × 40 × 50 = 4,000, wind 20, gas 2 × 50 × 37 = 3,700 USD.
//! Total 11,380 USD.

use nagrid_study::{load_case_in_year, run, RunOptions};
use std::fs;
use std::path::Path;

const STUDY: &str = r#"study_year = 2024
[horizon]
start = "2024-01-31T22:00:00Z"
hours = 4
"#;

fn write_case(dir: &Path, study: &str) {
    let files = [
        ("study.toml", study),
        ("regions.csv", "id,country,interconnection,time_zone\nr,US,Eastern,UTC\n"),
        (
            "generators.csv",
            "id,region,technology,p_max_mw,marginal_cost_usd_per_mwh,fuel,heat_rate_mmbtu_per_mwh,vom_usd_per_mwh,profile,online_year,retirement_year\n\
             gas,r,gas_cc,200,,gas,7,2,,,\n\
             nuclear,r,nuclear,100,50,,,,,,\n\
             w1,r,wind,10,0,,,,wind_r,2020,\n\
             w2,r,wind,10,0,,,,wind_r,,\n\
             hydro,r,hydro_reservoir,100,0,,,,,,\n\
             coal,r,coal,500,1,,,,,1990,2024\n",
        ),
        ("fuels.csv", "id,co2_t_per_mmbtu\ngas,0.0531\n"),
        ("fuel_prices.csv", "fuel,region,year,month,price_usd_per_mmbtu\ngas,,,1,3\ngas,,,2,5\n"),
        ("availability.csv", "technology,region,month,year,availability_pu,must_run_pu\nnuclear,,2,,0.8,0.5\n"),
        ("hydro_budgets.csv", "generator,month,energy_mwh,year\nhydro,1,744,\nhydro,1,7440,2024\nhydro,2,0,\nhydro,2,6960,2023\ncoal,1,5,\n"),
    ];
    for (f, text) in files {
        fs::write(dir.join(f), text).unwrap();
    }
    fs::create_dir_all(dir.join("series")).unwrap();
    let mut loads = String::from("timestamp,r\n");
    let mut avail = String::from("timestamp,wind_r,coal\n");
    for year in [2023, 2024] {
        for ts in [
            format!("{year}-01-31T22:00:00Z"),
            format!("{year}-01-31T23:00:00Z"),
            format!("{year}-02-01T00:00:00Z"),
            format!("{year}-02-01T01:00:00Z"),
        ] {
            loads.push_str(&format!("{ts},100\n"));
            avail.push_str(&format!("{ts},0.5,1\n"));
        }
    }
    // Several years in one file: rows outside the horizon are ignored (a gap is not).
    let hourly = |s: &str| s.lines().filter(|l| !l.starts_with("2023")).collect::<Vec<_>>().join("\n") + "\n";
    fs::write(dir.join("series/loads-p_mw.csv"), hourly(&loads)).unwrap();
    fs::write(dir.join("series/generators-p_max_pu.csv"), hourly(&avail)).unwrap();
}

#[test]
fn hourly_fuel_costs_must_run_and_service_years_by_hand() {
    let d = tempfile::tempdir().unwrap();
    write_case(d.path(), STUDY);
    let (case, _) = load_case_in_year(d.path(), None, None).unwrap();
    let n = &case.network;
    let g = |id: &str| n.generators.iter().position(|x| x.id == id).unwrap();
    // Y1: coal is left out, and its series column and budget row are ignored.
    assert_eq!(n.out_of_service.generators, ["coal"]);
    assert!(n.generators.iter().all(|x| x.id != "coal"));
    // C1: 3 × 7 + 2 in January, 5 × 7 + 2 in February.
    let costs: Vec<f64> = (0..4).map(|t| case.gen_cost_usd_per_mwh(g("gas"), t)).collect();
    assert_eq!(costs, [23.0, 23.0, 37.0, 37.0]);
    assert!((n.generators[g("gas")].co2_t_per_mwh - 0.3717).abs() < 1e-12);
    // A1, A2: nuclear 80 MW available and 40 MW must-run in February.
    let nuc: Vec<(f64, f64)> = (0..4).map(|t| (case.gen_available_mw(g("nuclear"), t), case.gen_min_output_mw(g("nuclear"), t))).collect();
    assert_eq!(nuc, [(100.0, 0.0), (100.0, 0.0), (80.0, 40.0), (80.0, 40.0)]);
    // The same numbers from the table of derates looked up once per month, for every unit and hour.
    let derates = case.gen_derates();
    for gi in 0..n.generators.len() {
        for t in 0..4 {
            assert_eq!(derates.available_mw(&case, gi, t).to_bits(), case.gen_available_mw(gi, t).to_bits());
            assert_eq!(derates.availability_pu(&case, gi, t).to_bits(), case.gen_availability_pu(gi, t).to_bits());
            assert_eq!(derates.min_output_mw(&case, gi, t).to_bits(), case.gen_min_output_mw(gi, t).to_bits());
        }
    }
    assert_eq!(derates.derate(g("nuclear"), 2).availability_pu, 0.8);
    // Profiles: both wind units read the shared column.
    assert_eq!(case.gen_p_max_pu[g("w1")].as_deref(), Some(&[0.5; 4][..]));
    assert_eq!(case.gen_p_max_pu[g("w2")].as_deref(), Some(&[0.5; 4][..]));
    // Budget years: the 2024 row replaces the general one; the 2023 row is ignored.
    let budgets: Vec<(u32, f64)> = n.hydro_budgets.iter().map(|b| (b.month, b.energy_mwh)).collect();
    assert_eq!(budgets, [(1, 7440.0), (2, 0.0)]);

    let out = d.path().join("run");
    let r = run(d.path(), &RunOptions { out: Some(out.clone()), ..Default::default() }).unwrap();
    let s = r.summary.unwrap();
    assert!((s.cost.total_usd - 11_380.0).abs() < 1e-6, "{}", s.cost.total_usd);
    let sol = r.solution.unwrap();
    assert_eq!(sol.gen_p_mw[g("nuclear")], [0.0, 0.0, 40.0, 40.0]);
    let run_json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["out_of_service"]["count"], 1);
    assert_eq!(run_json["out_of_service"]["generators"][0], "coal");
}

#[test]
fn rolling_windows_price_hours_like_the_single_lp() {
    let d = tempfile::tempdir().unwrap();
    write_case(d.path(), &format!("{STUDY}[solver]\ndecomposition = \"rolling\"\nwindow_hours = 1\noverlap_hours = 0\n"));
    let r = run(d.path(), &RunOptions { out: Some(d.path().join("run")), ..Default::default() }).unwrap();
    assert!((r.summary.unwrap().cost.total_usd - 11_380.0).abs() < 1e-6);
}

#[test]
fn another_year_brings_back_the_retired_unit_and_its_budgets() {
    let d = tempfile::tempdir().unwrap();
    write_case(d.path(), STUDY);
    // The 2023 hours are not in the series: put them back.
    let p = d.path().join("series/loads-p_mw.csv");
    let both = "timestamp,r\n2023-01-31T22:00:00Z,100\n2023-01-31T23:00:00Z,100\n2023-02-01T00:00:00Z,100\n2023-02-01T01:00:00Z,100\n";
    fs::write(&p, both).unwrap();
    let avail = "timestamp,wind_r,coal\n2023-01-31T22:00:00Z,0.5,1\n2023-01-31T23:00:00Z,0.5,1\n2023-02-01T00:00:00Z,0.5,1\n2023-02-01T01:00:00Z,0.5,1\n";
    fs::write(d.path().join("series/generators-p_max_pu.csv"), avail).unwrap();
    let (case, _) = load_case_in_year(d.path(), None, Some(2023)).unwrap();
    assert_eq!(case.settings.study_year, 2023);
    assert_eq!(case.axis.start.to_rfc3339(), "2023-01-31T22:00:00+00:00");
    assert!(case.network.out_of_service.generators.is_empty());
    let budgets: Vec<(String, u32, f64)> =
        case.network.hydro_budgets.iter().map(|b| (case.network.generators[b.generator].id.clone(), b.month, b.energy_mwh)).collect();
    assert_eq!(budgets, [("hydro".into(), 1, 744.0), ("hydro".into(), 2, 6960.0), ("coal".into(), 1, 5.0)]);
    // Out of range years are refused.
    assert!(load_case_in_year(d.path(), None, Some(1800)).is_err());
}

/// With `carbon_prices` written into the case at `dir`: gas costs `gas_usd_per_mwh`
/// (January, February) in its two hours of each month, nuclear (no emissions) keeps its
/// 50 USD/MWh, and the run's total cost is `total_usd`.
fn check_carbon_costs(dir: &Path, carbon_prices: &str, gas_usd_per_mwh: [f64; 2], total_usd: f64) {
    fs::write(dir.join("carbon_prices.csv"), carbon_prices).unwrap();
    let (case, _) = load_case_in_year(dir, None, None).unwrap();
    let g = |id: &str| case.network.generators.iter().position(|x| x.id == id).unwrap();
    let gas: Vec<f64> = (0..4).map(|t| case.gen_cost_usd_per_mwh(g("gas"), t)).collect();
    for (t, c) in gas.iter().enumerate() {
        assert!((c - gas_usd_per_mwh[t / 2]).abs() < 1e-9, "{gas:?}");
    }
    assert_eq!(case.gen_cost_usd_per_mwh(g("nuclear"), 3), 50.0);
    let r = run(dir, &RunOptions { out: Some(dir.join("run")), ..Default::default() }).unwrap();
    let total = r.summary.unwrap().cost.total_usd;
    assert!((total - total_usd).abs() < 1e-6, "{total}");
}

/// (C2) A carbon price of 20 USD/t in February only: gas pays 0.3717 × 20 = 7.434
/// USD/MWh more in February (37 → 44.434, still below nuclear's 50, so the dispatch
/// is unchanged); nuclear emits nothing and pays nothing. Total 11,380 + 100 MWh ×
/// 7.434 = 12,123.4 USD.
#[test]
fn carbon_price_adds_emissions_times_price_by_hand() {
    let d = tempfile::tempdir().unwrap();
    write_case(d.path(), STUDY);
    check_carbon_costs(d.path(), "region,year,month,price_usd_per_t\nr,2024,2,20\n,,,0\n", [23.0, 44.434], 12_123.4);
    // A second price for the same scope is an error naming the file and column.
    fs::write(d.path().join("carbon_prices.csv"), "region,year,month,price_usd_per_t\nr,2024,2,20\nr,2024,2,25\n").unwrap();
    let e = load_case_in_year(d.path(), None, None).unwrap_err().to_string();
    assert!(e.contains("carbon_prices.csv") && e.contains("price_usd_per_t"), "{e}");
}

/// (C2) Output-based pricing: only emissions above the benchmark pay, and a unit
/// below it earns a credit. January 20 USD/t above 0.2 t/MWh: gas pays
/// (0.3717 − 0.2) × 20 = 3.434 more (23 → 26.434); February 40 USD/t above
/// 0.5 t/MWh: gas earns (0.5 − 0.3717) × 40 = 5.132 (37 → 31.868). Nuclear emits
/// nothing and neither pays nor earns. The dispatch is unchanged (gas stays below
/// nuclear's 50): 160 × 26.434 + 4,000 + 100 × 31.868 = 11,416.24 USD.
#[test]
fn carbon_benchmark_charges_only_emissions_above_it_by_hand() {
    let d = tempfile::tempdir().unwrap();
    write_case(d.path(), STUDY);
    let rows = "region,year,month,price_usd_per_t,benchmark_t_per_mwh\nr,,1,20,0.2\nr,,2,40,0.5\n";
    check_carbon_costs(d.path(), rows, [26.434, 31.868], 11_416.24);
    // A benchmark outside 0–5 t/MWh is an error naming the file, column and value.
    fs::write(d.path().join("carbon_prices.csv"), "region,year,month,price_usd_per_t,benchmark_t_per_mwh\nr,,,20,370\n").unwrap();
    let e = load_case_in_year(d.path(), None, None).unwrap_err().to_string();
    assert!(e.contains("carbon_prices.csv") && e.contains("benchmark_t_per_mwh") && e.contains("370"), "{e}");
}
