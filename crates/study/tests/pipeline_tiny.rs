//! The pipeline on inputs/tiny: outputs, summary figures, determinism, and that a
//! failed run writes nothing.

use nagrid_study::{run, RunOptions};
use std::fs;
use std::path::{Path, PathBuf};

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

fn opts(out: &Path) -> RunOptions {
    RunOptions { out: Some(out.to_path_buf()), ..Default::default() }
}

#[test]
fn writes_every_documented_output() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    let r = run(&tiny(), &opts(&out)).unwrap();
    assert_eq!(r.out_dir.as_deref(), Some(out.as_path()));
    for f in [
        "generators-p_mw.csv",
        "storage-soc_mwh.csv",
        "storage-charge_mw.csv",
        "storage-discharge_mw.csv",
        "lines-flow_mw.csv",
        "links-flow_mw.csv",
        "regions-price_usd_per_mwh.csv",
        "regions-unserved_mw.csv",
        "interconnectors-congestion_rent_usd.csv",
        "summary.json",
        "summary.md",
        "run.json",
        "backcast.csv",
        "backcast.md",
        "backcast.json",
        "plots/dispatch_peak_week.png",
        "plots/dispatch_peak_week.svg",
        "plots/price_duration.png",
        "plots/price_duration.svg",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let prices = fs::read_to_string(out.join("regions-price_usd_per_mwh.csv")).unwrap();
    assert_eq!(prices.lines().next(), Some("timestamp,usa,can,mex"));
    assert_eq!(prices.lines().nth(3), Some("2030-01-01T02:00:00Z,40.0000,5.0000,100.0000"));
    let run_json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["solver"]["status"], "optimal");
    // Seven tables and study.toml, and the record of 2030.
    assert_eq!(run_json["inputs"].as_array().unwrap().len(), 9);
    assert!(run_json["inputs"][0]["sha256"].as_str().unwrap().len() == 64);
    for k in ["read_s", "build_s", "solve_s", "write_s", "total_s"] {
        assert!(run_json["timings_s"][k].is_number(), "{k}");
    }
    let t = &run_json["timings_s"];
    let total = t["total_s"].as_f64().unwrap();
    assert!(t["read_s"].as_f64().unwrap() > 0.0 && total >= t["solve_s"].as_f64().unwrap() + t["read_s"].as_f64().unwrap());
}

#[test]
fn summary_figures() {
    let d = tempfile::tempdir().unwrap();
    let r = run(&tiny(), &opts(&d.path().join("run"))).unwrap();
    let s = r.summary.unwrap();
    assert!((s.cost.total_usd - 219_640.346).abs() < 1e-3);
    assert!((r.solution.unwrap().objective_usd - s.cost.total_usd).abs() < 1e-3, "cost breakdown adds up to the objective");
    assert_eq!(s.unserved_mwh, 0.0);
    assert_eq!(s.countries["CA"].generation_by_technology_mwh["hydro_reservoir"], 3200.0);
    assert_eq!(s.countries["CA"].net_import_mwh, -2000.0);
    // Canada -> US over the AC tie: 2,000 MWh; congestion rent 500 MW × 35 USD/MWh × 4 h.
    let ca_us = s.borders.iter().find(|b| b.country_a == "CA" && b.country_b == "US").unwrap();
    assert_eq!(ca_us.a_to_b_mwh, 2000.0);
    let top = &s.interconnectors[0];
    assert_eq!(top.id, "can_usa");
    assert_eq!(top.hours_at_limit, 4);
    assert!((top.congestion_rent_usd - 70_000.0).abs() < 1e-3);
    for ic in &s.interconnectors {
        assert!(
            (ic.congestion_rent_usd - ic.congestion_rent_from_duals_usd).abs() < 1e-3,
            "{}: rent from flows and from duals agree",
            ic.id
        );
    }
    // Energy balance per country: generation + net import + storage + unserved = load.
    for (c, e) in &s.countries {
        let lhs = e.generation_mwh + e.net_import_mwh + e.storage_net_mwh + e.unserved_mwh + e.flexible_curtailed_mwh;
        assert!((lhs - e.load_mwh).abs() < 1e-2, "{c}: {lhs} vs {}", e.load_mwh);
    }
    assert!(s.checks.max_balance_mw < 1e-6);
}

#[test]
fn same_inputs_give_identical_outputs() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    run(&tiny(), &opts(&a)).unwrap();
    run(&tiny(), &opts(&b)).unwrap();
    let mut names = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in fs::read_dir(a.join(&rel)).unwrap() {
            let e = e.unwrap();
            let r = rel.join(e.file_name());
            if e.path().is_dir() {
                stack.push(r);
            } else {
                names.push(r);
            }
        }
    }
    names.sort();
    assert!(names.iter().any(|n| n.starts_with("plots")), "charts are compared too");
    for n in names {
        if n == Path::new("run.json") {
            continue; // holds wall-clock timings
        }
        assert_eq!(fs::read(a.join(&n)).unwrap(), fs::read(b.join(&n)).unwrap(), "{n:?} differs");
    }
}

#[test]
fn never_overwrites_a_run() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    run(&tiny(), &opts(&out)).unwrap();
    let before = fs::read(out.join("summary.json")).unwrap();
    assert!(run(&tiny(), &opts(&out)).is_err());
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), before);
}

#[test]
fn infeasible_run_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    fs::create_dir_all(case.join("series")).unwrap();
    for f in ["study.toml", "regions.csv", "lines.csv", "series/loads-p_mw.csv"] {
        fs::copy(tiny().join(f), case.join(f)).unwrap();
    }
    // Nuclear must-run of 5,000 MW in the US with nowhere to go.
    fs::write(
        case.join("generators.csv"),
        "id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh\nn,usa,nuclear,5000,5000,10\n",
    )
    .unwrap();
    let out = d.path().join("outputs");
    let r = run(&case, &RunOptions { outputs_root: out.clone(), ..Default::default() }).unwrap();
    assert_eq!(r.status, nagrid_opf::SolveStatus::Infeasible);
    assert!(r.out_dir.is_none());
    assert!(!out.exists() || fs::read_dir(&out).unwrap().count() == 0);
}

#[test]
fn default_run_folders_are_unique() {
    let d = tempfile::tempdir().unwrap();
    let o = RunOptions { outputs_root: d.path().to_path_buf(), ..Default::default() };
    let a = run(&tiny(), &o).unwrap().out_dir.unwrap();
    let b = run(&tiny(), &o).unwrap().out_dir.unwrap();
    assert_ne!(a, b);
    assert!(a.starts_with(d.path().join("tiny")));
}

#[test]
fn synthetic_case_round_trips_through_a_case_folder() {
    let d = tempfile::tempdir().unwrap();
    let case = nagrid_study::synthetic::synthetic_case(6, 48, 3);
    nagrid_io::write_case(&d.path().join("syn"), &case).unwrap();
    let (back, _) = nagrid_io::read_case(&d.path().join("syn"), None).unwrap();
    assert_eq!(back.network.generators.len(), case.network.generators.len());
    assert_eq!(back.axis, case.axis);
    let r = run(&d.path().join("syn"), &opts(&d.path().join("out"))).unwrap();
    assert_eq!(r.status, nagrid_opf::SolveStatus::Optimal);
    assert!(r.summary.unwrap().checks.max_balance_mw < 1e-6);
}

/// A region without load has no load-weighted price: summary.json says null and
/// summary.md says so in words, never NaN (found by the robustness property test).
#[test]
fn a_region_without_load_has_no_load_weighted_price() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    fs::create_dir_all(case.join("series")).unwrap();
    for f in ["study.toml", "regions.csv", "generators.csv", "storage.csv", "lines.csv", "links.csv", "series/generators-p_max_pu.csv"] {
        fs::copy(tiny().join(f), case.join(f)).unwrap();
    }
    fs::write(
        case.join("series/loads-p_mw.csv"),
        "timestamp,usa,can,mex\n2030-01-01T00:00:00Z,1500,300,0\n2030-01-01T01:00:00Z,1800,300,0\n\
         2030-01-01T02:00:00Z,2200,300,0\n2030-01-01T03:00:00Z,1600,300,0\n",
    )
    .unwrap();
    let out = d.path().join("run");
    run(&case, &RunOptions { out: Some(out.clone()), quiet: true, ..Default::default() }).unwrap();
    let md = fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!md.contains("NaN"), "{md}");
    assert!(md.contains("| mex | 30.00 | n/a (no load) |"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(json["prices"]["mex"]["load_weighted"].is_null(), "{}", json["prices"]);
    assert!(json["countries"]["MX"]["load_weighted_price_usd_per_mwh"].is_null(), "{}", json["countries"]);
}

/// summary.json gives generation by EIA fuel group beside generation by technology,
/// every group listed, adding up to the country's generation.
#[test]
fn generation_by_fuel_group_adds_up() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    run(&tiny(), &opts(&out)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for (code, c) in json["countries"].as_object().unwrap() {
        let fuels = c["generation_by_fuel_mwh"].as_object().unwrap();
        assert_eq!(fuels.len(), 8, "{code}: {fuels:?}");
        let total: f64 = fuels.values().map(|v| v.as_f64().unwrap()).sum();
        assert!((total - c["generation_mwh"].as_f64().unwrap()).abs() < 0.01, "{code}");
    }
    let us = &json["countries"]["US"];
    let gas: f64 = ["gas_cc", "gas_ct"].iter().filter_map(|t| us["generation_by_technology_mwh"][t].as_f64()).sum();
    assert_eq!(us["generation_by_fuel_mwh"]["natural_gas"].as_f64().unwrap(), gas);
    assert!(gas > 0.0);
}
