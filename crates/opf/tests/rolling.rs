//! Rolling-horizon dispatch against the single LP.

mod common;

use common::*;
use nagrid_model::{Case, Decomposition, HydroBudget};
use nagrid_opf::{verify, DispatchSolution, SolveStatus};

fn solve(case: &Case) -> DispatchSolution {
    let out = dispatch(case).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(case, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6 && r.max_budget_mwh < 1e-6, "{r:?}");
    s
}

fn rolling(mut c: Case, window: usize, overlap: usize, parallel: bool) -> Case {
    c.settings.solver.decomposition = Decomposition::Rolling;
    c.settings.solver.window_hours = window;
    c.settings.solver.overlap_hours = overlap;
    c.settings.solver.parallel_windows = parallel;
    c
}

#[test]
fn without_storage_or_budgets_rolling_is_exact() {
    for seed in 40..46 {
        let mut case = random_case(seed, 5, 50);
        case.network.storage.clear();
        let single = solve(&case);
        for parallel in [false, true] {
            let r = solve(&rolling(case.clone(), 12, 5, parallel));
            assert!((r.objective_usd - single.objective_usd).abs() < 1e-6 * single.objective_usd.abs().max(1.0), "seed {seed}");
            assert!((verify::cost_usd(&case, &r) - r.objective_usd).abs() < 1e-6);
        }
    }
}

#[test]
fn with_storage_and_budgets_rolling_is_feasible_and_close() {
    for seed in 50..56 {
        let mut case = random_case(seed, 4, 96);
        for g in 0..3 {
            if case.network.generators[g].p_min_mw == 0.0 {
                case.network.hydro_budgets.push(HydroBudget { generator: g, month: 1, energy_mwh: 20_000.0 });
            }
        }
        for u in &mut case.network.storage {
            u.soc_initial_pu = Some(0.5);
        }
        let single = solve(&case);
        assert!(
            (verify::cost_usd(&case, &single) - single.objective_usd).abs() < 1e-6 * single.objective_usd,
            "objective = recomputed cost"
        );
        for parallel in [false, true] {
            let r = solve(&rolling(case.clone(), 24, 12, parallel));
            let gap = (r.objective_usd - single.objective_usd) / single.objective_usd;
            assert!(gap > -1e-9, "seed {seed}: rolling cannot beat the single LP ({gap})");
            let limit = if parallel { 0.10 } else { 0.05 }; // 24-hour windows, storage large against load
            assert!(gap < limit, "seed {seed}, parallel {parallel}: gap {gap}");
        }
    }
}

#[test]
fn tiny_rolling_by_hour_hands_storage_over() {
    // One-hour windows with a one-hour look-ahead over the 4-hour tiny case.
    let mut case = tiny();
    case.network.storage[0].soc_initial_pu = Some(0.0);
    let s = solve(&rolling(case.clone(), 1, 1, false));
    let single = solve(&case);
    assert!(s.objective_usd >= single.objective_usd - 1e-6);
    // Storage continuity across windows is checked by verify in solve().
}

#[test]
fn cyclic_storage_stays_cyclic_over_the_stitched_horizon() {
    for seed in 60..64 {
        let mut case = random_case(seed, 4, 100);
        for u in &mut case.network.storage {
            u.soc_initial_pu = None;
        }
        let single = solve(&case);
        for parallel in [false, true] {
            let r = solve(&rolling(case.clone(), 24, 12, parallel));
            for (i, _) in case.network.storage.iter().enumerate() {
                let end = *r.storage_soc_mwh[i].last().unwrap();
                assert!(
                    (end - r.storage_soc_initial_mwh[i]).abs() < 1e-6,
                    "seed {seed}: storage {i} ends at {end}, started at {}",
                    r.storage_soc_initial_mwh[i]
                );
            }
            assert!(
                r.objective_usd >= single.objective_usd * (1.0 - 1e-9),
                "seed {seed}: a cyclic rolling solution is feasible for the single LP"
            );
        }
    }
}
