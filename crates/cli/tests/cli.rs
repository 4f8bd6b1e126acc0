//! End-to-end tests of the `nagrid` binary.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn nagrid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nagrid"))
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// A copy of the `files` of inputs/tiny in a new case folder `dest`.
fn tiny_files(dest: &Path, files: &[&str]) {
    for f in files {
        let to = dest.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(tiny().join(f), to).unwrap();
    }
}

#[test]
fn run_tiny_end_to_end() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run1");
    let o = nagrid().arg("run").arg(tiny()).arg("--out").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains(&format!("Results written to {}", out.display())), "{stdout}");
    assert!(stdout.contains("Total cost: 219,640.35 USD"), "{stdout}");
    assert!(stdout.contains("can_usa (can -> usa): 4 h at limit"), "{stdout}");
    assert!(out.join("summary.json").is_file());
}

#[test]
fn quiet_prints_only_the_run_folder() {
    let d = tempfile::tempdir().unwrap();
    let o = nagrid().args(["run", "--quiet", "--hours", "2", "--outputs"]).arg(d.path()).arg(tiny()).output().unwrap();
    assert!(o.status.success());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let dir = PathBuf::from(stdout.trim());
    assert!(dir.join("regions-price_usd_per_mwh.csv").is_file());
    let prices = std::fs::read_to_string(dir.join("regions-price_usd_per_mwh.csv")).unwrap();
    assert_eq!(prices.lines().count(), 3, "header + 2 hours");
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn validate_reports_problems_and_fails() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("case");
    tiny_files(&c, &["study.toml", "regions.csv", "lines.csv", "links.csv", "storage.csv", "series/loads-p_mw.csv"]);
    std::fs::write(c.join("generators.csv"), "id,region,technology,p_max_mw,marginal_cost_usd_per_mwh\ng1,atlantis,gas,-5,30\n").unwrap();
    let o = nagrid().arg("validate").arg(&c).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("generators.csv, line 2, column 'region', value 'atlantis'"), "{err}");
    assert!(err.contains("column 'p_max_mw', value '-5'"), "{err}");
    let ok = nagrid().arg("validate").arg(tiny()).output().unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("valid"));
}

#[test]
fn help_and_bad_usage() {
    let o = nagrid().arg("--help").output().unwrap();
    assert!(o.status.success());
    let h = String::from_utf8_lossy(&o.stdout);
    for w in ["validate", "run", "docs/case-format.md"] {
        assert!(h.contains(w), "{h}");
    }
    let o = nagrid().args(["run"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = nagrid().args(["run", "/no/such/case"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/case"));
}

#[test]
fn synthetic_case_is_written_and_validates() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("syn");
    let o = nagrid().arg("synthetic").arg(&c).args(["--regions", "5", "--hours", "24"]).output().unwrap();
    assert!(o.status.success());
    let v = nagrid().arg("validate").arg(&c).output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // The Kirchhoff case: dc formulation, meshed grid (10 AC lines, 2 HVDC links for 5 regions).
    let dc = d.path().join("syn-dc");
    let o = nagrid().arg("synthetic").arg(&dc).args(["--regions", "5", "--hours", "24", "--formulation", "dc"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(dc.join("study.toml")).unwrap().contains("formulation = \"dc\""));
    let v = nagrid().arg("validate").arg(&dc).output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    assert!(String::from_utf8_lossy(&v.stdout).contains("10 AC lines, 2 links"), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn opf_on_a_matpower_case() {
    let d = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/pglib/pglib_opf_case5_pjm.m");
    let out = d.path().join("opf");
    let o = nagrid().arg("opf").arg(&case).arg("--out").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("objective 17479.8969 USD/h"));
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["status"], "optimal");
    assert!((s["objective_usd_per_h"].as_f64().unwrap() - 17479.89692538103).abs() < 1e-6);
    assert!((s["total_generation_mw"].as_f64().unwrap() - 1000.0).abs() < 1e-6);
    for k in ["parse_s", "build_s", "solve_s", "write_s"] {
        assert!(s["timings_s"][k].is_number());
    }
    let buses = std::fs::read_to_string(out.join("buses.csv")).unwrap();
    assert_eq!(buses.lines().count(), 6);
    let bad = d.path().join("bad.m");
    std::fs::write(&bad, "mpc.bus = [ 1 3 x ];").unwrap();
    let o = nagrid().arg("opf").arg(&bad).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn forecast_eval_prints_metrics_and_plot_writes_charts() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/load/gefcom2012/gefcom2012_hourly_tidy.csv.gz");
    let d = tempfile::tempdir().unwrap();
    let fc = d.path().join("forecast.csv");
    let o = nagrid()
        .args(["forecast", "eval", "--quiet", "--data"])
        .arg(&data)
        .args(["--target", "z21", "--temperature", "t1,t2,t3,t4,t5,t6,t7,t8,t9,t10,t11"])
        .args([
            "--train",
            "2005-01-01..2006-12-31",
            "--test",
            "2007-01-01..2007-12-31",
            "--date-column",
            "date",
            "--hour-column",
            "hour",
            "--out",
        ])
        .arg(&fc)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mape = v["mape_pct"].as_f64().unwrap();
    assert!(mape < 4.5, "system MAPE {mape}");
    for k in ["rmse", "daily_peak_mape_pct", "annual_peak_error_pct"] {
        assert!(v[k].is_number(), "{k}");
    }
    assert!(std::fs::read_to_string(&fc).unwrap().lines().count() > 8000);
    let plots = d.path().join("plots");
    let o = nagrid().args(["forecast", "plot", "--quiet", "--out-dir"]).arg(&plots).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pngs = std::fs::read_dir(&plots).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png")).count();
    assert!(pngs >= 4, "{pngs} charts");
}

#[test]
fn backcast_tiny_prints_and_writes_the_comparison() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("bc");
    let o = nagrid().arg("backcast").arg(tiny()).arg("--out").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    // Failing rows are a report, not an error.
    assert!(o.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("19 passed, 3 failed, 3 report only."), "{stdout}");
    assert!(stdout.contains("| generation_share_pct:natural_gas | US | % | 50 | 53.25 | +3.255 pp | ± 3 pp | FAIL |"), "{stdout}");
    for f in ["backcast.csv", "backcast.md", "backcast.json", "summary.json", "run.json"] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let q = nagrid().args(["backcast", "--quiet", "--outputs"]).arg(d.path()).arg(tiny()).output().unwrap();
    assert!(q.status.success());
    let stdout = String::from_utf8_lossy(&q.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(PathBuf::from(stdout.trim()).join("backcast.md").is_file());
    // A year without a record: exit 1 before solving, naming the expected file.
    let e = nagrid().args(["backcast", "--year", "2029", "--out"]).arg(d.path().join("x")).arg(tiny()).output().unwrap();
    let err = String::from_utf8_lossy(&e.stderr);
    assert_eq!(e.status.code(), Some(1), "{err}");
    assert!(err.contains("record/record_2029.csv") && err.contains("the case has records for 2030"), "{err}");
    assert!(!d.path().join("x").exists());
}

#[test]
fn a_bad_record_row_is_an_input_error_of_validate_and_run() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("case");
    std::fs::create_dir_all(c.join("record")).unwrap();
    tiny_files(
        &c,
        &[
            "study.toml",
            "regions.csv",
            "generators.csv",
            "lines.csv",
            "links.csv",
            "storage.csv",
            "series/loads-p_mw.csv",
            "series/generators-p_max_pu.csv",
        ],
    );
    std::fs::write(
        c.join("record/record_2030.csv"),
        "quantity,scope,value,unit,tolerance,tolerance_kind,source\nco2_mt,ERCOT,1,Mt,7,pct,EIA\n",
    )
    .unwrap();
    for cmd in ["validate", "run"] {
        let o = nagrid().arg(cmd).arg(&c).arg("--hours").arg("1").output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains(
                "record/record_2030.csv, line 2, column 'scope', value 'ERCOT': not a country or region of the case; valid scopes are US, CA, MX, or regions joined by + (usa, can, mex)"
            ),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn expand_lists_its_candidates_and_refuses_a_short_horizon_without_hours() {
    let d = tempfile::tempdir().unwrap();
    let case = common::tiny_expandable(d.path());
    let refused = nagrid().arg("expand").arg(&case).arg("--out").arg(d.path().join("no")).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("give --hours 4"), "{}", String::from_utf8_lossy(&refused.stderr));
    let o = nagrid().args(["expand", "--hours", "4"]).arg(&case).arg("--out").arg(d.path().join("yes")).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("expansion candidates (1):") && stderr.contains("can_usa (line, 500 MW existing): up to 1000 MW"), "{stderr}");
    assert!(stderr.contains("scaling the 4-hour horizon to a year: costs and energies × 2190"), "{stderr}");
    assert!(stdout.contains("can_usa (line can -> usa): +200 MW"), "{stdout}");
    // --quiet prints the run folder only.
    let q = nagrid().args(["expand", "--quiet", "--hours", "4"]).arg(&case).arg("--out").arg(d.path().join("q")).output().unwrap();
    assert!(q.status.success() && q.stderr.is_empty(), "{}", String::from_utf8_lossy(&q.stderr));
}
