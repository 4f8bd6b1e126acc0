//! Criterion benchmarks of sweeps (`nagrid_study::sweep`, docs/sweeps.md), for the
//! targets of issue 14: sweep overhead under 1 s per variant beyond the run itself,
//! and merging 1,000 variants under 10 s.
//!
//! * `sweep_8_tiny_variants/runs_in_process`: 8 variants of inputs/tiny (tie and
//!   link sizes) as 8 `nagrid_study::run` calls with the same overrides — the runs alone;
//! * `sweep_8_tiny_variants/sweep_in_process`: the same 8 as a sweep: plan (every
//!   override checked, memory estimated from the LP), sweep folder, pool of one
//!   thread, outcomes, merge (sweep.csv, sweep.md, charts). Overhead per variant =
//!   (sweep − runs) / 8;
//! * `sweep_8_tiny_variants/runs_as_processes` and `sweep_as_processes`: the same with
//!   one process per variant (`nagrid run …` against `nagrid sweep …`, the local
//!   executor's way); needs target/release/nagrid (`make bench` builds it), skipped
//!   with a message otherwise;
//! * `sweep_plan/1000_variants`: planning a 10 × 10 × 10 sweep of inputs/tiny;
//! * `sweep_merge/1000_variants`: merging the outcomes of 1,000 variants (5 weather
//!   years × 200 combinations: sweep.csv, sweep.md, sweep.json and four box charts).

use criterion::{criterion_group, criterion_main, Criterion};
use nagrid_io::sweep_spec::read_sweep;
use nagrid_io::Override;
use nagrid_study::sweep::{self, local, Metrics, Outcome, Plan, PlanVariant, SweepOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tiny() -> PathBuf {
    root().join("inputs/tiny")
}

const EIGHT: &str = "name = \"bench\"\n[set]\noutput.plots = false\n[axes]\nlines.can_usa.s_max_mw = [250, 500, 750, 1000]\nlinks.usa_mex.p_max_forward_mw = [100, 200]\n";

/// The overrides of the 8 variants, as `--set` arguments.
fn eight_sets() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for tie in [250, 500, 750, 1000] {
        for link in [100, 200] {
            out.push(vec![
                "output.plots=false".into(),
                format!("lines.can_usa.s_max_mw={tie}"),
                format!("links.usa_mex.p_max_forward_mw={link}"),
            ]);
        }
    }
    out
}

fn spec_file(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("spec.toml");
    std::fs::write(&p, text).expect("spec written");
    p
}

fn eight(c: &mut Criterion) {
    let mut g = c.benchmark_group("sweep_8_tiny_variants");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = read_sweep(&spec_file(tmp.path(), EIGHT)).expect("spec");
    let mut n = 0;
    let mut fresh = || {
        n += 1;
        tmp.path().join(format!("o{n}"))
    };
    g.bench_function("runs_in_process", |b| {
        b.iter(|| {
            let out = fresh();
            for (i, sets) in eight_sets().iter().enumerate() {
                let overrides = sets.iter().map(|s| Override::parse(s, "bench").expect("override")).collect();
                let opts = nagrid_study::RunOptions { out: Some(out.join(i.to_string())), overrides, ..Default::default() };
                nagrid_study::run(&tiny(), &opts).expect("run");
            }
        })
    });
    g.bench_function("sweep_in_process", |b| {
        b.iter(|| {
            let dir = fresh();
            let plan = sweep::plan(&tiny(), &spec, &SweepOptions::default()).expect("plan");
            sweep::create(&dir, &plan, None).expect("create");
            let all: Vec<usize> = (0..plan.variants.len()).collect();
            local::run(&dir, &plan, &all, &local::Worker::InProcess, 1, true).expect("pool");
            assert_eq!(sweep::merge(&dir).expect("merge").optimal, 8);
        })
    });
    let nagrid = root().join("target/release/nagrid");
    if !nagrid.is_file() {
        println!("sweep_8_tiny_variants/*_as_processes skipped: {} not built (cargo build --release -p nagrid-cli)", nagrid.display());
    } else {
        let spec_path = spec_file(tmp.path(), EIGHT);
        g.bench_function("runs_as_processes", |b| {
            b.iter(|| {
                let out = fresh();
                for (i, sets) in eight_sets().iter().enumerate() {
                    let mut cmd = Command::new(&nagrid);
                    cmd.arg("run").arg(tiny()).arg("--quiet").arg("--out").arg(out.join(i.to_string()));
                    for s in sets {
                        cmd.arg("--set").arg(s);
                    }
                    assert!(cmd.output().expect("nagrid run").status.success());
                }
            })
        });
        g.bench_function("sweep_as_processes", |b| {
            b.iter(|| {
                let o = Command::new(&nagrid)
                    .args(["sweep", "--quiet", "--max-parallel", "1", "--spec"])
                    .arg(&spec_path)
                    .arg("--out")
                    .arg(fresh())
                    .arg(tiny())
                    .output()
                    .expect("nagrid sweep");
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            })
        });
    }
    g.finish();
}

fn plan_1000(c: &mut Criterion) {
    let mut g = c.benchmark_group("sweep_plan");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    let tmp = tempfile::tempdir().expect("temp dir");
    let values = |v: &[u32]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
    let text = format!(
        "name = \"big\"\n[axes]\nlines.can_usa.s_max_mw = [{}]\nlinks.usa_mex.p_max_forward_mw = [{}]\neconomics.value_of_lost_load_usd_per_mwh = [{}]\n",
        values(&(1..=10).map(|i| i * 100).collect::<Vec<_>>()),
        values(&(1..=10).map(|i| i * 20).collect::<Vec<_>>()),
        values(&(1..=10).map(|i| 1000 + i * 500).collect::<Vec<_>>())
    );
    let spec = read_sweep(&spec_file(tmp.path(), &text)).expect("spec");
    g.bench_function("1000_variants", |b| {
        b.iter(|| assert_eq!(sweep::plan(&tiny(), &spec, &SweepOptions::default()).expect("plan").variants.len(), 1000))
    });
    g.finish();
}

/// A sweep folder with 1,000 recorded outcomes: 5 weather years × 20 tie sizes × 10 link sizes.
fn thousand(dir: &Path) {
    let mut variants = Vec::new();
    for (i, (w, (tie, link))) in (0..1000).map(|i| (2020 + i % 5, (i / 5 % 20, i / 100))).enumerate() {
        variants.push(PlanVariant {
            index: i,
            name: format!("{i:04}_{link}_{tie}_{w}"),
            list_name: None,
            axis_values: vec![link.to_string(), tie.to_string(), w.to_string()],
            sets: Vec::new(),
            memory_bytes: 1 << 30,
        });
    }
    let plan = Plan {
        version: 1,
        name: "merge-bench".into(),
        description: None,
        case_dir: tiny(),
        hours: None,
        year: None,
        axes: vec!["links.usa_mex.p_max_forward_mw".into(), "lines.can_usa.s_max_mw".into(), "load.weather_year".into()],
        has_list: false,
        max_parallel: 2,
        slurm: Default::default(),
        variants,
    };
    sweep::create(dir, &plan, None).expect("create");
    for v in &plan.variants {
        let x = v.index as f64;
        let o = Outcome {
            index: v.index,
            name: v.name.clone(),
            status: if v.index % 97 == 5 { "infeasible".into() } else { "optimal".into() },
            error: None,
            scenario: "mid".into(),
            borders: "existing".into(),
            study_year: 2030,
            weather_year: Some(2020 + (v.index % 5) as i32),
            metrics: Some(Metrics {
                system_cost_usd: 5.2e10 + 1e7 * (x * 0.37).sin(),
                co2_t: 1.1e9 + 1e6 * (x * 0.11).cos(),
                load_mwh: 5.1e9,
                unserved_mwh: (x * 13.0) % 500.0,
                price_us_usd_per_mwh: Some(40.0 + (x * 0.7).sin()),
                price_ca_usd_per_mwh: Some(30.0),
                price_mx_usd_per_mwh: Some(55.0),
                cross_border_trade_twh: 80.0 + x / 100.0,
                ..Default::default()
            }),
            run_s: 60.0,
            peak_rss_bytes: Some(900 << 20),
            estimated_bytes: 1 << 30,
        };
        let path = dir.join("results").join(format!("{:06}.json", v.index));
        std::fs::write(path, serde_json::to_string_pretty(&o).expect("json")).expect("outcome written");
    }
}

fn merge_1000(c: &mut Criterion) {
    let mut g = c.benchmark_group("sweep_merge");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("sweep");
    thousand(&dir);
    g.bench_function("1000_variants", |b| b.iter(|| assert_eq!(sweep::merge(&dir).expect("merge").variants, 1000)));
    g.finish();
}

criterion_group!(benches, eight, plan_1000, merge_1000);
criterion_main!(benches);
