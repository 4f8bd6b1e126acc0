//! The transport dispatch LP: hand-checked optimum, independent reference model,
//! properties on every solve, and solver statuses.

mod common;

use common::*;
use nagrid_opf::{verify, DispatchSolution, SolveStatus};

const TOL: f64 = 1e-6;

fn solve_ok(case: &nagrid_model::Case) -> DispatchSolution {
    let out = dispatch(case).expect("LP builds");
    assert_eq!(out.status, SolveStatus::Optimal);
    let sol = out.solution.expect("optimal has a solution");
    let r = verify::check(case, &sol);
    assert!(r.max_balance_mw < TOL, "energy balance residual {}", r.max_balance_mw);
    assert!(r.max_bound_mw < TOL, "bound violation {}", r.max_bound_mw);
    assert!(r.max_storage_mwh < TOL, "storage continuity {}", r.max_storage_mwh);
    assert!(r.max_budget_mwh < TOL, "energy budget excess {}", r.max_budget_mwh);
    assert!(r.max_ramp_mw < TOL, "ramp excess {}", r.max_ramp_mw);
    assert!(r.max_flex_mwh < TOL, "flexible curtailment excess {}", r.max_flex_mwh);
    sol
}

/// The worked example of docs/formulation.md.
#[test]
fn tiny_matches_hand_computed_optimum() {
    let case = tiny();
    let s = solve_ok(&case);
    // Objective: hydro 16,000 + nuclear 20,000 + Mexican gas 60,000 + peaker 600
    // + US gas 40 × (7,100 + 655.7284/0.97 − 2,000 − 2,000 − 700).
    let charge = 50.0 / 0.81;
    let delivered = 650.0 - 6.0 - 50.0 + charge;
    let us_gas = 7100.0 + delivered / 0.97 - 4700.0;
    let expected = 16_000.0 + 20_000.0 + 60_000.0 + 600.0 + 40.0 * us_gas;
    assert!((s.objective_usd - expected).abs() < 1e-6 * expected, "{} vs {expected}", s.objective_usd);
    assert!((expected - 219_640.346_188).abs() < 1e-3);
    // Dispatch that is unique at the optimum.
    for t in 0..4 {
        assert!((s.gen_p_mw[0][t] - 800.0).abs() < TOL, "hydro");
        assert!((s.gen_p_mw[1][t] - 500.0).abs() < TOL, "nuclear must-run");
        assert!((s.gen_p_mw[3][t] - [0.0, 200.0, 400.0, 100.0][t]).abs() < TOL, "solar uses all it has");
        assert!((s.gen_p_mw[4][t] - 500.0).abs() < TOL, "mexican gas");
        assert!((s.line_flow_mw[0][t] - 500.0).abs() < TOL, "Canada exports at the limit");
    }
    assert!((s.gen_p_mw[5][2] - 6.0).abs() < TOL, "peaker covers the rest of hour 3");
    assert!((s.gen_p_mw[2][2] - 1000.0).abs() < TOL);
    assert!((s.storage_discharge_mw[0][2] - 50.0).abs() < TOL, "battery discharges fully at the peak");
    assert!((s.link_forward_mw[0][2] - 200.0).abs() < TOL, "link at its limit at the peak");
    // Prices: the congested line separates Canada (hydro at 5) from the US (gas at 40).
    for t in 0..4 {
        assert!((s.price_usd_per_mwh[1][t] - 5.0).abs() < TOL);
        assert!((s.price_usd_per_mwh[0][t] - 40.0).abs() < TOL);
        assert!((s.line_limit_dual_usd_per_mwh[0][t] - 35.0).abs() < TOL, "price difference = congestion");
    }
    assert!((s.price_usd_per_mwh[2][2] - 100.0).abs() < TOL, "peaker sets the Mexican peak price");
    for t in [0, 1, 3] {
        assert!((s.price_usd_per_mwh[2][t] - 40.0 / 0.97).abs() < 1e-6, "imports through a lossy link");
    }
}

#[test]
fn random_cases_match_independent_good_lp_model() {
    for seed in 1..=12 {
        let case = random_case(seed, 2 + (seed as usize % 5), 6 + (seed as usize % 7));
        let s = solve_ok(&case);
        let r = common::reference::solve(&case).expect("reference solves");
        let rel = (s.objective_usd - r.objective).abs() / r.objective.abs().max(1.0);
        assert!(rel < 1e-7, "seed {seed}: {} vs {}", s.objective_usd, r.objective);
        // Prices may differ where the dual is not unique; the load-weighted cost of
        // the balance must match: Σ price × load = objective when no bounds bind...
        // so compare only the price ranges, which are bounded by costs and VOLL.
        for row in &s.price_usd_per_mwh {
            for p in row {
                assert!(*p >= -1e-6 && *p <= case.settings.economics.value_of_lost_load_usd_per_mwh + 1e-6, "seed {seed}: price {p}");
            }
        }
        assert_eq!(r.prices.len(), s.price_usd_per_mwh.len());
    }
}

#[test]
fn prices_agree_with_reference_where_unique() {
    let case = tiny();
    let s = solve_ok(&case);
    let r = common::reference::solve(&case).unwrap();
    assert!((s.price_usd_per_mwh[0][0] - r.prices[0][0]).abs() < 1e-6);
    assert!((s.price_usd_per_mwh[1][0] - r.prices[1][0]).abs() < 1e-6);
    assert!((s.price_usd_per_mwh[2][2] - r.prices[2][2]).abs() < 1e-6);
}

#[test]
fn shortage_is_shed_at_the_value_of_lost_load() {
    let mut case = tiny();
    case.load_mw[2][2] = 1400.0; // Mexico: 500 gas + 300 peaker + 194 import + 50 battery < 1400
    let s = solve_ok(&case);
    let shed = s.unserved_mw[2][2];
    assert!((shed - (1400.0 - 500.0 - 300.0 - 194.0 - 50.0)).abs() < 1e-6, "shed {shed}");
    assert!((s.price_usd_per_mwh[2][2] - 3000.0).abs() < 1e-6);
}

#[test]
fn storage_with_fixed_initial_state() {
    let mut case = tiny();
    case.network.storage[0].soc_initial_pu = Some(1.0);
    let s = solve_ok(&case);
    // Full at the start: it can discharge at the peak without charging first.
    assert!((s.storage_discharge_mw[0][2] - 50.0).abs() < 1e-6);
    let cyc = solve_ok(&tiny());
    assert!(s.objective_usd < cyc.objective_usd);
}

#[test]
fn must_run_above_load_is_reported_infeasible() {
    let mut case = tiny();
    case.network.generators[4].p_min_mw = 500.0;
    case.load_mw[2] = vec![100.0; 4]; // Mexico cannot absorb 500 MW of must-run
    case.network.storage.clear();
    case.network.links[0].p_max_reverse_mw = 0.0;
    let out = dispatch(&case).unwrap();
    assert_eq!(out.status, SolveStatus::Infeasible);
    assert!(out.solution.is_none());
}

#[test]
fn time_limit_is_a_status() {
    let mut case = random_case(7, 12, 400);
    case.settings.solver.time_limit_s = 1e-4;
    let out = dispatch(&case).unwrap();
    assert!(matches!(out.status, SolveStatus::TimeLimit | SolveStatus::Optimal), "{:?}", out.status);
    if out.status == SolveStatus::TimeLimit {
        assert!(out.solution.is_none());
    }
}

#[test]
fn single_hour_cyclic_storage() {
    let mut case = tiny();
    case.truncate_hours(1);
    let s = solve_ok(&case);
    assert!(s.storage_discharge_mw[0][0].abs() < 1e-6, "cyclic over one hour: no free energy");
}

#[test]
fn link_losses_and_wheeling_in_prices() {
    let mut case = tiny();
    case.network.links[0].wheeling_cost_usd_per_mwh = 2.0;
    let s = solve_ok(&case);
    assert!((s.price_usd_per_mwh[2][0] - 42.0 / 0.97).abs() < 1e-6);
}

#[test]
fn monthly_hydro_budget_limits_reservoir_output() {
    let mut case = tiny();
    // January has 744 hours; the 4-hour horizon gets 4/744 of the budget.
    case.network.hydro_budgets.push(nagrid_model::HydroBudget { generator: 0, month: 1, energy_mwh: 2000.0 * 744.0 / 4.0 });
    let s = solve_ok(&case);
    let used: f64 = s.gen_p_mw[0].iter().sum();
    assert!((used - 2000.0).abs() < 1e-6, "hydro limited to its budget: {used}");
    // Canada's own 1,200 MWh of load comes first; 800 MWh are left to export.
    let exported: f64 = s.line_flow_mw[0].iter().sum();
    assert!((exported - 800.0).abs() < 1e-6);
    // With a scarce budget the Canadian price rises to the US price: water is
    // worth what it displaces.
    for t in 0..4 {
        assert!((s.price_usd_per_mwh[1][t] - 40.0).abs() < 1e-6, "{}", s.price_usd_per_mwh[1][t]);
    }
    let r = common::reference::solve(&case).unwrap();
    assert!((r.objective - s.objective_usd).abs() < 1e-6 * r.objective);
}

#[test]
fn random_cases_with_budgets_respect_them() {
    for seed in 20..26 {
        let mut case = random_case(seed, 3, 30);
        case.axis.start = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2030, 1, 31, 12, 0, 0).unwrap();
        for g in 0..case.network.generators.len().min(4) {
            if case.network.generators[g].p_min_mw > 0.0 {
                continue; // a budget below the must-run output would be infeasible
            }
            for month in [1, 2] {
                case.network.hydro_budgets.push(nagrid_model::HydroBudget { generator: g, month, energy_mwh: 3000.0 * g as f64 });
            }
        }
        let s = solve_ok(&case);
        let r = common::reference::solve(&case).unwrap();
        assert!((r.objective - s.objective_usd).abs() < 1e-7 * r.objective.abs().max(1.0), "seed {seed}");
    }
}

#[test]
fn quadratic_costs_equalise_marginal_costs() {
    // Two units, no network limit: 2·c2a·Pa + c1a = 2·c2b·Pb + c1b and Pa + Pb = 300.
    // c2a = 0.01, c1a = 10; c2b = 0.02, c1b = 12 → 0.02 Pa + 10 = 0.04 (300 − Pa) + 12,
    // so Pa = 233.333…, Pb = 66.666…, price = 14.6667.
    let mut case = tiny();
    case.network.generators = vec![gen("a", 0, "x", 1000.0, 0.0, 10.0, 0.0), gen("b", 0, "x", 1000.0, 0.0, 12.0, 0.0)];
    case.network.generators[0].cost_quadratic_usd_per_mw2h = 0.01;
    case.network.generators[1].cost_quadratic_usd_per_mw2h = 0.02;
    case.network.generators[0].cost_constant_usd_per_h = 5.0;
    case.network.storage.clear();
    case.network.lines.clear();
    case.network.links.clear();
    case.gen_p_max_pu = vec![None, None];
    case.truncate_hours(1);
    case.load_mw = vec![vec![300.0], vec![0.0], vec![0.0]];
    let s = solve_ok(&case);
    let pa = 700.0 / 3.0;
    assert!((s.gen_p_mw[0][0] - pa).abs() < 1e-3, "{}", s.gen_p_mw[0][0]); // HiGHS QP tolerance
    assert!((s.price_usd_per_mwh[0][0] - (0.02 * pa + 10.0)).abs() < 1e-4);
    let pb = 300.0 - pa;
    let cost = 0.01 * pa * pa + 10.0 * pa + 0.02 * pb * pb + 12.0 * pb + 5.0;
    assert!((s.objective_usd - cost).abs() < 1e-6 * cost, "{} vs {cost}", s.objective_usd);
}

#[test]
fn ramp_limits_bind_and_match_the_reference() {
    let mut case = tiny();
    // US gas runs 621 → 755 → 1000 → 700 MW unconstrained; limit it to 150 MW/h.
    case.network.generators[2].ramp_up_pu_per_h = Some(0.075);
    case.network.generators[2].ramp_down_pu_per_h = Some(0.075);
    let s = solve_ok(&case);
    for t in 1..4 {
        assert!((s.gen_p_mw[2][t] - s.gen_p_mw[2][t - 1]).abs() <= 150.0 + 1e-6);
    }
    let free = solve_ok(&tiny());
    assert!(s.objective_usd > free.objective_usd + 1.0, "the limit costs something");
    let r = common::reference::solve(&case).unwrap();
    assert!((r.objective - s.objective_usd).abs() < 1e-6 * r.objective, "{} vs {}", s.objective_usd, r.objective);
}

#[test]
fn flexible_load_is_curtailed_when_cheaper_up_to_its_share() {
    // 100 MW of flexible data-center demand in Mexico, curtailable at 60 USD/MWh up
    // to 25 % of its energy: only the peak hour (price 100) is worth curtailing.
    let case = common::tiny_with_flexible_load(60.0, 0.25);
    let s = solve_ok(&case);
    let curtailed: f64 = s.flex_curtailed_mw[0].iter().sum();
    assert!((curtailed - 100.0).abs() < 1e-6, "curtailed {curtailed}");
    assert!(s.flex_curtailed_mw[0][2] > 99.0, "in the peak hour");
    let r = common::reference::solve(&case).unwrap();
    assert!((r.objective - s.objective_usd).abs() < 1e-6 * r.objective);
    assert!((verify::cost_usd(&case, &s) - s.objective_usd).abs() < 1e-6 * s.objective_usd);
}
