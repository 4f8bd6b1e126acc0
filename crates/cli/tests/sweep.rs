//! The `nagrid` binary's overrides (`--set`, `--scenario`, `--start`, `--threads`,
//! `--no-plots`), `nagrid diff`, and `nagrid sweep` with the local process pool on
//! inputs/tiny/sweep.toml.

use std::fs;
use std::path::Path;

mod common;
use common::{nagrid, text, tiny};

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn overrides_change_the_run_and_are_recorded() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let o = nagrid().arg("run").arg(tiny()).arg("--out").arg(&a).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = nagrid()
        .arg("run")
        .arg(tiny())
        .args(["--set", "lines.can_usa.s_max_mw=700", "--scenario", "high", "--threads", "1", "--no-plots", "--start", "2030-01-01"])
        .args(["--hours", "4", "--quiet", "--out"])
        .arg(&b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let run = json(&b.join("run.json"));
    let recorded: Vec<String> = run["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} {}={}", o["source"], o["key"], o["value"].as_str().unwrap()).replace('"', ""))
        .collect();
    assert_eq!(
        recorded,
        [
            "--scenario load.scenario=high",
            "--start start=2030-01-01",
            "--threads solver.threads=1",
            "--no-plots output.plots=false",
            "--set lines.can_usa.s_max_mw=700"
        ]
    );
    assert_eq!((run["settings"]["solver"]["threads"].as_u64(), run["settings"]["output"]["plots"].as_bool()), (Some(1), Some(false)));
    assert!(!b.join("plots").exists());
    // 200 MW more of Canadian hydro at 5 USD/MWh instead of US gas at 40, for 4 hours.
    let cost = |p: &Path| json(&p.join("summary.json"))["cost"]["total_usd"].as_f64().unwrap();
    assert!((cost(&a) - cost(&b) - 200.0 * 35.0 * 4.0).abs() < 1e-6, "{} {}", cost(&a), cost(&b));
    // nagrid diff shows the change, absolute and relative.
    let o = nagrid().arg("diff").arg(&a).arg(&b).output().unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("| total_usd | 0.220 | 0.192 | -0.028 | -12.75 % |"), "{out}");
    assert!(out.contains("| CA → US |") && !out.contains("| lines.can_usa"), "{out}");
    assert!(out.contains("| load.scenario | \"mid\" | \"high\" |"), "{out}");
    let o = nagrid().arg("diff").arg(&a).arg(d.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("no summary.json: not a run folder"), "{}", text(&o));
}

#[test]
fn bad_overrides_are_named_not_panicked_on() {
    let d = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = nagrid().arg("run").arg(tiny()).args(args).arg("--out").arg(d.path().join("x")).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(!d.path().join("x").exists());
        text(&o)
    };
    let e = run(&["--set", "economics.value_of_lost_load=5"]);
    assert!(
        e.contains("--set, column 'economics.value_of_lost_load', value '5'") && e.contains("economics.value_of_lost_load_usd_per_mwh"),
        "{e}"
    );
    let e = run(&["--set", "lines.can_usa.s_max_mw=lots"]);
    assert!(e.contains("lines.csv, line 2, column 's_max_mw', value 'lots': not a number") && e.contains("set by --set"), "{e}");
    let e = run(&["--scenario", "huge", "--start", "jly"]);
    assert!(e.contains("--scenario, column 'load.scenario', value 'huge'") && e.contains("--start, column 'start', value 'jly'"), "{e}");
    let e = run(&["--set", "novalue"]);
    assert!(e.contains("expected KEY=VALUE"), "{e}");
}

#[test]
fn local_sweep_of_tiny_merges_every_variant() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("sw");
    let spec = tiny().join("sweep.toml");
    let o = nagrid().arg("sweep").arg(tiny()).arg("--spec").arg(&spec).arg("--out").arg(&dir).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), fs::canonicalize(&dir).unwrap().display().to_string());
    let csv = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains(",optimal,")).count(), 6, "{csv}");
    assert!(csv.contains("3,0003_500_200,500,200,optimal,mid,existing,2030,,219640.35,"), "{csv}");
    // Each variant ran in its own process, whose peak memory was measured.
    let t = json(&dir.join("sweep.json"));
    assert!(t["variant_runs"].as_array().unwrap().iter().all(|r| r["peak_rss_bytes"].as_u64().is_some_and(|b| b > 1 << 20)));
    // The folder exists: a second sweep into it is refused; resume has nothing to do.
    let o = nagrid().arg("sweep").arg(tiny()).arg("--spec").arg(&spec).arg("--out").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    fs::remove_file(dir.join("results/000004.json")).unwrap();
    let o = nagrid().args(["sweep", "resume"]).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 of 6 variants to run again"), "{}", text(&o));
    assert_eq!(fs::read_to_string(dir.join("sweep.csv")).unwrap(), csv);
    let o = nagrid().arg("sweep-task").arg(&dir).arg("9").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("the sweep has variants 0 to 5"), "{}", text(&o));
}

#[test]
fn compare_variants_may_set_any_key() {
    let d = tempfile::tempdir().unwrap();
    let spec = d.path().join("cmp.toml");
    fs::write(&spec, "name = \"ties\"\n[[variant]]\nname = \"today\"\n[[variant]]\nname = \"big\"\nlines.can_usa.s_max_mw = 700\n")
        .unwrap();
    let out = d.path().join("cmp");
    let o = nagrid().arg("compare").arg(tiny()).arg("--variants").arg(&spec).arg("--out").arg(&out).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let csv = fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.contains("today,mid,existing,optimal,219640.35,") && csv.contains("big,mid,existing,optimal,191640.35,"), "{csv}");
    assert!(out.join("sweep.csv").is_file() && out.join("big/run.json").is_file());
}
