//! Criterion benchmarks of the nodal DC-OPF of every MATPOWER / PGLib case in
//! `../shared/cases/{pglib,matpower}/*.m` (relative to the repository root), with
//! both ways of writing Kirchhoff's voltage law, up to the largest case
//! (`pglib_opf_case3012wp_k`). Each iteration is a whole
//! `nagrid_study::opf::solve_matpower` call: parse, build, solve, extract.
//!
//! Benchmark ids: `dc_opf/<kvl>/<case>` with kvl `angles` or `cycles`; cases in
//! order of bus count. Before timing, each case is solved once per method and a
//! line with the phase breakdown (parse, build, solve) and the LP size is
//! printed; the two methods must give the same objective.
//! Filter with e.g. `cargo bench -p nagrid-benches --bench opf -- case3012`.
//! `NAGRID_CASES=/path` replaces the case folder (subfolders `pglib`, `matpower`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use nagrid_io::matpower::read_matpower;
use nagrid_model::KvlMethod;
use nagrid_opf::SolveStatus;
use nagrid_study::opf::{solve_matpower, OpfOptions};
use std::path::PathBuf;
use std::time::Duration;

const METHODS: [(&str, KvlMethod); 2] = [("angles", KvlMethod::Angles), ("cycles", KvlMethod::Cycles)];

/// Every case file with its bus count, smallest first.
fn cases() -> Vec<(String, PathBuf, usize)> {
    let root = std::env::var_os("NAGRID_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/cases")));
    let mut out = Vec::new();
    for dir in ["pglib", "matpower"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            eprintln!("opf bench: no folder {}, skipped", root.join(dir).display());
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "m") {
                let mpc = read_matpower(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                out.push((name, p, mpc.bus.len()));
            }
        }
    }
    out.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
    out
}

fn opf(c: &mut Criterion) {
    let cases = cases();
    assert!(!cases.is_empty(), "no MATPOWER cases found");
    // One untimed solve per case and method: check and show the phase breakdown.
    println!(
        "{:<28} {:>6} {:>7} {:>8} {:>8} {:>9} {:>9} {:>9} {:>16}",
        "case", "buses", "kvl", "columns", "rows", "parse_ms", "build_ms", "solve_ms", "objective_usd/h"
    );
    for (name, path, buses) in &cases {
        let mut objectives = Vec::new();
        for (label, kvl) in METHODS {
            let (r, _, _) = solve_matpower(path, &OpfOptions { kvl, ..Default::default() }).expect("solves");
            assert_eq!(r.status, SolveStatus::Optimal, "{name} {label}");
            let t = &r.timings_s;
            println!(
                "{:<28} {:>6} {:>7} {:>8} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>16.2}",
                name,
                buses,
                label,
                r.solver.columns,
                r.solver.rows,
                1e3 * t.parse_s,
                1e3 * t.build_s,
                1e3 * t.solve_s,
                r.objective_usd_per_h
            );
            objectives.push(r.objective_usd_per_h);
        }
        let (a, b) = (objectives[0], objectives[1]);
        assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{name}: angles {a} vs cycles {b}");
    }

    let mut g = c.benchmark_group("dc_opf");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    // Interleaved (each case with both methods in turn) so that a change in the
    // machine's load during the run affects both methods alike.
    for (name, path, _) in &cases {
        for (label, kvl) in METHODS {
            let opts = OpfOptions { kvl, ..Default::default() };
            g.bench_with_input(BenchmarkId::new(label, name), path, |b, path| {
                b.iter(|| {
                    let (r, _, _) = solve_matpower(path, &opts).expect("solves");
                    assert_eq!(r.status, SolveStatus::Optimal);
                    r
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, opf);
criterion_main!(benches);
