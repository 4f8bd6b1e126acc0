//! Criterion benchmarks of the dispatch LP: model build and solve timed
//! separately on the synthetic 30-region case at 24 and 168 hours, for the
//! transport formulation and for `dc` with both ways of writing Kirchhoff's
//! voltage law (`angles`, `cycles`).
//! The full-year run is timed by `benches/full_year.sh` (see `make bench`).
//!
//! Benchmark ids: `dispatch_build_30_regions/<formulation>/<hours>h` and
//! `dispatch_solve_30_regions/<formulation>/<hours>h`, with formulation one of
//! `transport`, `dc_angles`, `dc_cycles`. Filter with e.g.
//! `cargo bench -p nagrid-benches --bench dispatch -- dc_`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use nagrid_model::{Case, Formulation, KvlMethod};
use nagrid_opf::{build_dispatch, DispatchOptions, SolveStatus};
use nagrid_study::synthetic::synthetic_case;
use std::time::Duration;

const REGIONS: usize = 30;
const HOURS: [usize; 2] = [24, 168];

/// The three network formulations compared: (label, formulation, kvl).
const FORMULATIONS: [(&str, Formulation, KvlMethod); 3] = [
    ("transport", Formulation::Transport, KvlMethod::Cycles),
    ("dc_angles", Formulation::Dc, KvlMethod::Angles),
    ("dc_cycles", Formulation::Dc, KvlMethod::Cycles),
];

fn case(hours: usize, formulation: Formulation, kvl: KvlMethod) -> Case {
    let mut case = synthetic_case(REGIONS, hours, 1);
    case.settings.model.formulation = formulation;
    case.settings.model.kvl = kvl;
    case
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("dispatch_build_30_regions");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (label, formulation, kvl) in FORMULATIONS {
        for hours in HOURS {
            let case = case(hours, formulation, kvl);
            g.bench_with_input(BenchmarkId::new(label, format!("{hours}h")), &case, |b, case| {
                b.iter(|| build_dispatch(case, &DispatchOptions::from_settings(&case.settings)).expect("builds"))
            });
        }
    }
    g.finish();
}

fn solve(c: &mut Criterion) {
    let mut g = c.benchmark_group("dispatch_solve_30_regions");
    // The 168-hour dc solves take seconds each: criterion's minimum of 10 samples.
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    for (label, formulation, kvl) in FORMULATIONS {
        for hours in HOURS {
            let case = case(hours, formulation, kvl);
            g.bench_with_input(BenchmarkId::new(label, format!("{hours}h")), &case, |b, case| {
                b.iter_batched(
                    || build_dispatch(case, &DispatchOptions::from_settings(&case.settings)).expect("builds"),
                    |m| {
                        let out = m.solve().expect("solves");
                        assert_eq!(out.status, SolveStatus::Optimal, "{label} {hours} h");
                        out
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    g.finish();
}

criterion_group!(benches, build, solve);
criterion_main!(benches);
