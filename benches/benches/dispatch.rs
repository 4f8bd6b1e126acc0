//! Criterion benchmarks of the dispatch LP: model build and solve timed
//! separately on the synthetic 30-region case at 24 and 168 hours.
//! The full-year run is timed by `benches/full_year.sh` (see `make bench`).

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use nagrid_opf::{build_dispatch, SolveStatus};
use nagrid_study::synthetic::synthetic_case;

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("dispatch_build_30_regions");
    for hours in [24usize, 168] {
        let case = synthetic_case(30, hours, 1);
        g.bench_with_input(BenchmarkId::from_parameter(format!("{hours}h")), &case, |b, case| {
            b.iter(|| build_dispatch(case).expect("builds"))
        });
    }
    g.finish();
}

fn solve(c: &mut Criterion) {
    let mut g = c.benchmark_group("dispatch_solve_30_regions");
    g.sample_size(10);
    for hours in [24usize, 168] {
        let case = synthetic_case(30, hours, 1);
        g.bench_with_input(BenchmarkId::from_parameter(format!("{hours}h")), &case, |b, case| {
            b.iter_batched(
                || build_dispatch(case).expect("builds"),
                |m| {
                    let out = m.solve().expect("solves");
                    assert_eq!(out.status, SolveStatus::Optimal);
                    out
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, build, solve);
criterion_main!(benches);
