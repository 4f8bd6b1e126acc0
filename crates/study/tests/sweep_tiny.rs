//! Sweeps of inputs/tiny run in-process (nagrid_study::sweep): the plan, the pool's
//! memory-aware concurrency, the merged table against single runs with the same
//! overrides, resuming, and specs that are refused before anything runs.

mod common;

use nagrid_io::sweep_spec::read_sweep;
use nagrid_io::Override;
use nagrid_study::sweep::{self, local, SweepOptions};
use std::fs;
use std::path::Path;

fn spec(dir: &Path, text: &str) -> nagrid_io::sweep_spec::SweepSpec {
    let p = dir.join("sweep.toml");
    fs::write(&p, text).unwrap();
    read_sweep(&p).unwrap()
}

const TIES: &str =
    "name = \"ties\"\n[set]\noutput.plots = false\n[axes]\nlines.can_usa.s_max_mw = [250, 500]\nborders = [\"existing\", \"islanded\"]\n";

#[test]
fn a_sweep_merges_what_single_runs_give() {
    let d = tempfile::tempdir().unwrap();
    let s = spec(d.path(), TIES);
    let plan = sweep::plan(&common::tiny(), &s, &SweepOptions::default()).unwrap();
    assert_eq!(plan.variants.len(), 4);
    assert_eq!(plan.variants[1].name, "0001_250_islanded");
    let dir = d.path().join("sw");
    sweep::create(&dir, &plan, None).unwrap();
    let all: Vec<usize> = (0..4).collect();
    let r = local::run(&dir, &plan, &all, &local::Worker::InProcess, 2, true).unwrap();
    assert_eq!((r.ran, r.failed), (4, 0));
    assert!(r.most_at_once <= 2);
    let m = sweep::merge(&dir).unwrap();
    assert_eq!((m.optimal, m.failed, m.missing), (4, 0, 0));
    let csv = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].starts_with("index,variant,lines.can_usa.s_max_mw,borders,status,"), "{}", rows[0]);
    // The variant with today's 500 MW tie and borders is the case itself: 219,640.35 USD.
    assert!(rows[3].starts_with("2,0002_500_existing,500,existing,optimal,mid,existing,2030,,219640.35,"), "{}", rows[3]);
    // Each variant equals a single run with its overrides.
    for (i, sets) in [(0, vec!["lines.can_usa.s_max_mw=250"]), (1, vec!["lines.can_usa.s_max_mw=250", "borders=islanded"])] {
        let overrides: Vec<Override> = sets.iter().map(|s| Override::parse(s, "test").unwrap()).collect();
        let opts = nagrid_study::RunOptions { out: Some(d.path().join(format!("single{i}"))), overrides, ..Default::default() };
        let single = nagrid_study::run(&common::tiny(), &opts).unwrap().summary.unwrap();
        let cost = m.outcomes[i].as_ref().unwrap().metrics.as_ref().unwrap().system_cost_usd;
        assert!((single.cost.total_usd - cost).abs() < 1e-6, "variant {i}: {} vs {cost}", single.cost.total_usd);
    }
    let islanded = m.outcomes[1].as_ref().unwrap();
    assert_eq!((islanded.borders.as_str(), islanded.metrics.as_ref().unwrap().cross_border_trade_twh), ("islanded", 0.0));
    // Each variant is a run folder recording its overrides; the charts are drawn.
    let run: serde_json::Value = serde_json::from_str(&fs::read_to_string(dir.join("0001_250_islanded/run.json")).unwrap()).unwrap();
    let keys: Vec<&str> = run["overrides"].as_array().unwrap().iter().map(|o| o["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["output.plots", "lines.can_usa.s_max_mw", "borders"]);
    assert!(dir.join("plots/sweep_system_cost.svg").is_file());
    // Merging again gives the same files.
    let md = fs::read_to_string(dir.join("sweep.md")).unwrap();
    sweep::merge(&dir).unwrap();
    assert_eq!(fs::read_to_string(dir.join("sweep.csv")).unwrap(), csv);
    assert_eq!(fs::read_to_string(dir.join("sweep.md")).unwrap(), md);
    // Resume finds nothing to do; a lost outcome is run again, and only it.
    assert!(sweep::unfinished(&dir, &plan).is_empty());
    fs::remove_file(dir.join("results/000002.json")).unwrap();
    assert_eq!(sweep::unfinished(&dir, &plan), [2]);
    let m = sweep::merge(&dir).unwrap();
    assert_eq!(m.missing, 1);
    assert!(fs::read_to_string(dir.join("sweep.csv")).unwrap().contains("2,0002_500_existing,500,existing,missing,"));
    let o = sweep::run_task(&dir, 2).unwrap();
    assert_eq!(o.status, "optimal");
    assert!(sweep::unfinished(&dir, &plan).is_empty());
    assert!(sweep::run_task(&dir, 4).unwrap_err().to_string().contains("variants 0 to 3"));
}

#[test]
fn the_pool_runs_alone_what_does_not_fit_in_memory() {
    let d = tempfile::tempdir().unwrap();
    let s = spec(d.path(), TIES);
    let mut plan = sweep::plan(&common::tiny(), &s, &SweepOptions::default()).unwrap();
    // Estimates of a tiny case are small: two at once with max_parallel 2.
    assert!(plan.variants.iter().all(|v| v.memory_bytes > 100 << 20 && v.memory_bytes < 1 << 30), "{:?}", plan.variants[0].memory_bytes);
    let avail = sweep::memory::mem_available_bytes().expect("/proc/meminfo");
    // Variants estimated at 60 % of the memory available run one at a time.
    for v in &mut plan.variants {
        v.memory_bytes = avail / 10 * 6;
    }
    let dir = d.path().join("sw");
    sweep::create(&dir, &plan, None).unwrap();
    let r = local::run(&dir, &plan, &[0, 1, 2, 3], &local::Worker::InProcess, 4, true).unwrap();
    assert_eq!((r.ran, r.failed, r.most_at_once), (4, 0, 1));
}

#[test]
fn bad_specs_fail_before_anything_runs() {
    let d = tempfile::tempdir().unwrap();
    let plan =
        |text: &str| sweep::plan(&common::tiny(), &spec(d.path(), text), &SweepOptions::default()).map(|_| ()).unwrap_err().to_string();
    let e = plan("[axes]\nlines.can_usa.s_max_mw = [250, -1]\n");
    assert!(e.contains("lines.csv, line 2, column 's_max_mw', value '-1'") && e.contains("set by sweep axis"), "{e}");
    let e = plan("[axes]\nlines.can_uss.s_max_mw = [250]\n");
    assert!(e.contains("no row with id 'can_uss'") && e.contains("can_usa"), "{e}");
    let e = plan("[axes]\nsolver.threads = [1, \"two\"]\n");
    assert!(e.contains("column 'solver.threads', value 'two'"), "{e}");
    // A fuel the case does not have (inputs/tiny has no fuels.csv): named before
    // anything runs, not by every variant failing.
    let e = plan("[axes]\neconomics.fuel_price_multiplier.gas = [1, 2]\n");
    assert!(e.contains("column 'economics.fuel_price_multiplier.gas', value 'gas'") && e.contains("not a fuel"), "{e}");
    assert!(plan_ok(d.path(), "[axes]\neconomics.fuel_price_multiplier.all = [1, 2]\n"));
    // A table value of a table the case does not have.
    let bare = d.path().join("bare");
    common::copy_tiny(&bare, &["lines.csv"]);
    let e = sweep::plan(&bare, &spec(d.path(), TIES), &SweepOptions::default()).map(|_| ()).unwrap_err().to_string();
    assert!(e.contains("the case has no lines.csv"), "{e}");
    let p = d.path().join("bad.toml");
    fs::write(&p, "[axes]\nload.senario = [\"high\"]\n").unwrap();
    let e = read_sweep(&p).unwrap_err().to_string();
    assert!(e.contains("load.senario") && e.contains("did you mean load.scenario"), "{e}");
}

fn plan_ok(dir: &std::path::Path, text: &str) -> bool {
    sweep::plan(&common::tiny(), &spec(dir, text), &SweepOptions::default()).is_ok()
}
