//! Co-optimised expansion: a hand-solvable optimum, marginal values against
//! costs, discrete builds (MIP), generation expansion, and the `dc` susceptance
//! update.
#![allow(clippy::field_reassign_with_default)]

mod common;

use common::*;
use nagrid_model::{Case, Country, Expansion, Line, Network, StudySettings};
use nagrid_opf::{verify, Asset, DispatchSolution, SolveStatus};

/// Annualised cost equal to the capital cost (no discounting, one-year life, no O&M).
fn exp(max: f64, cost_per_mw_year: f64, unit: Option<f64>) -> Expansion {
    Expansion {
        max_added_mw: max,
        capital_cost_usd_per_mw: cost_per_mw_year,
        lifetime_years: 1.0,
        discount_rate: 0.0,
        fixed_om_pct_per_year: 0.0,
        build_unit_mw: unit,
    }
}

/// Cheap generation in A (10 USD/MWh) behind a 100 MW line; expensive in B (50);
/// B's load rises 100, 200, …, 1000 MW over ten hours.
fn two_zone() -> Case {
    let mut n = Network::default();
    n.regions = vec![region("a", Country::CA, "X"), region("b", Country::US, "X")];
    n.generators = vec![gen("cheap", 0, "hydro", 2000.0, 0.0, 10.0, 0.0), gen("dear", 1, "gas", 2000.0, 0.0, 50.0, 0.4)];
    n.lines = vec![Line::new("ab", 0, 1, 100.0, 0.01)];
    let mut settings = StudySettings::for_year(2030);
    settings.expansion.enabled = true;
    Case {
        name: "two-zone".into(),
        settings,
        network: n,
        axis: axis(10),
        load_mw: vec![vec![0.0; 10], (1..=10).map(|k| 100.0 * k as f64).collect()],
        gen_p_max_pu: vec![None, None],
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}

fn solve(case: &Case) -> DispatchSolution {
    let out = dispatch(case).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(case, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_kvl_mw < 1e-5, "{r:?}");
    assert!((verify::cost_usd(case, &s) - s.objective_usd).abs() < 1e-6 * s.objective_usd, "objective includes the capacity cost");
    s
}

/// Generation cost of serving the two-zone load with `k` MW of transfer capacity.
fn operating_cost(case: &Case, k: f64) -> f64 {
    case.load_mw[1].iter().map(|&l| 10.0 * l.min(k) + 50.0 * (l - k).max(0.0)).sum()
}

#[test]
fn built_capacity_is_where_marginal_savings_meet_the_cost() {
    // One more MW above K saves 40 USD in every hour whose load exceeds K. The cost of
    // a MW over these 10 hours is 180 USD (157,680 USD/MW-year × 10/8,760): worth it
    // while at least 5 hours exceed K, so K = 600 MW and 500 MW are built.
    let mut case = two_zone();
    case.network.lines[0].expansion = Some(exp(1000.0, 157_680.0, None));
    let s = solve(&case);
    let b = s.expansion.lines[0].as_ref().unwrap();
    assert!((b.built_mw - 500.0).abs() < 1e-6, "built {}", b.built_mw);
    let expected = operating_cost(&case, 600.0) + 180.0 * 500.0;
    assert!((s.objective_usd - expected).abs() < 1e-6 * expected, "{} vs {expected}", s.objective_usd);
    // Built strictly between 0 and its maximum: its marginal value equals its cost.
    assert!((b.marginal_value_usd_per_mw_year - 157_680.0).abs() < 1e-3, "{}", b.marginal_value_usd_per_mw_year);
    assert!((b.annualized_cost_usd_per_mw_year - 157_680.0).abs() < 1e-9);
    assert_eq!(b.hours_at_limit, 5, "hours with load 600 (exactly at the limit) to 1,000 MW");
}

#[test]
fn an_unbuilt_candidate_is_worth_less_than_it_costs() {
    let mut case = two_zone();
    case.network.lines[0].expansion = Some(exp(1000.0, 157_680.0, None));
    let mut dear = Line::new("ab_new", 0, 1, 0.0, 0.01);
    dear.expansion = Some(exp(1000.0, 400_000.0, None));
    case.network.lines.push(dear);
    let s = solve(&case);
    let b = s.expansion.iter().find(|b| b.id == "ab_new").unwrap();
    assert_eq!(b.built_mw, 0.0);
    assert!(b.marginal_value_usd_per_mw_year <= b.annualized_cost_usd_per_mw_year + 1e-6);
    assert!(b.marginal_value_usd_per_mw_year > 0.0, "still worth something");
}

#[test]
fn blocks_are_built_whole_by_a_mip() {
    // Blocks of 300 MW up to 900: K ∈ {100, 400, 700, 1000}; pick the cheapest.
    let mut case = two_zone();
    case.network.lines[0].expansion = Some(exp(900.0, 157_680.0, Some(300.0)));
    let s = solve(&case);
    let best = [0.0, 300.0, 600.0, 900.0]
        .iter()
        .map(|&add| (add, operating_cost(&case, 100.0 + add) + 180.0 * add))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let built = s.expansion.built_mw(Asset::Line(0));
    assert!((built - best.0).abs() < 1e-6, "built {built} expected {}", best.0);
    assert!((s.objective_usd - best.1).abs() < 1e-6 * best.1);
    let out = dispatch(&case).unwrap();
    assert!(out.stats.mip_gap.is_some_and(|g| g <= 1e-4), "{:?}", out.stats.mip_gap);
}

#[test]
fn local_generation_competes_with_transmission() {
    // A new gas turbine in B at 20 USD/MWh competes with the line.
    let mut case = two_zone();
    case.network.lines[0].expansion = Some(exp(1000.0, 157_680.0, None));
    let mut ct = gen("new_ct", 1, "gas_ct", 0.0, 0.0, 20.0, 0.5);
    ct.expansion = Some(exp(1000.0, 20_000.0, None));
    case.network.generators.push(ct);
    case.gen_p_max_pu.push(None);
    let s = solve(&case);
    let g = s.expansion.generators[2].as_ref().unwrap();
    assert_eq!(g.id, "new_ct");
    // Hours at the limit count the expanded capacity, the same as `verify::at_limit`.
    let at = verify::at_limit(&case, &s, Asset::Generator(2));
    assert_eq!(g.hours_at_limit, at.iter().filter(|&&x| x).count());
    for (t, &x) in at.iter().enumerate() {
        assert_eq!(x, s.gen_p_mw[2][t] >= g.built_mw - 1e-6 && g.built_mw > 1e-6, "hour {t}");
    }
    assert!(g.built_mw > 0.0, "cheap local generation is built");
    let r = common::reference::solve(&{
        // The same problem with the chosen capacities fixed, solved independently.
        let mut c = case.clone();
        c.settings.expansion.enabled = false;
        c.network.generators[2].p_max_mw += s.expansion.built_mw(Asset::Generator(2));
        c.network.lines[0].s_max_mw += s.expansion.built_mw(Asset::Line(0));
        assert_eq!(nagrid_opf::with_builds(&case, &s.expansion, None).network, c.network);
        c
    })
    .unwrap();
    let capacity_cost: f64 = s.expansion.iter().map(|b| b.cost_usd).sum();
    assert!((r.objective + capacity_cost - s.objective_usd).abs() < 1e-6 * s.objective_usd);
}

#[test]
fn dc_reinforced_line_gets_proportionally_more_susceptance() {
    // The triangle of the dc tests with line 1–3 (120 MW, x = 0.1) expandable.
    let mut case = two_zone();
    case.network.regions.push(region("c", Country::US, "X"));
    case.load_mw = vec![vec![0.0; 10], vec![0.0; 10], (1..=10).map(|k| 60.0 * k as f64).collect()];
    case.network.generators[1].region = 1;
    case.network.lines = vec![Line::new("l12", 0, 1, 1000.0, 0.1), Line::new("l13", 0, 2, 120.0, 0.1), Line::new("l23", 1, 2, 1000.0, 0.1)];
    case.network.lines[1].expansion = Some(exp(500.0, 100_000.0, None));
    case.settings.model.formulation = nagrid_model::Formulation::Dc;
    let s = solve(&case);
    let b = s.expansion.get(Asset::Line(1)).unwrap();
    assert!(b.built_mw > 1.0, "reinforced: {}", b.built_mw);
    let x13 = s.line_x_pu_used[1].unwrap();
    // The last solve used the reactance of the previous one's capacity; the
    // iterations stop when the capacity moves by less than 0.1 %.
    let expected = 0.1 * 120.0 / (120.0 + b.built_mw);
    assert!((x13 / expected - 1.0).abs() < 2e-3, "x = x0 F̄ / (F̄ + added): {x13} vs {expected} (built {})", b.built_mw);
    let untouched = s.line_x_pu_used[0].unwrap();
    assert_eq!(untouched, 0.1);
}

#[test]
fn relax_and_round_builds_whole_blocks_and_bounds_its_gap() {
    let mut case = two_zone();
    case.network.lines[0].expansion = Some(exp(900.0, 157_680.0, Some(300.0)));
    let exact = solve(&case);
    case.settings.expansion.blocks = nagrid_model::BlockMethod::RelaxAndRound;
    let out = dispatch(&case).unwrap();
    let s = out.solution.as_ref().unwrap();
    let built = s.expansion.built_mw(Asset::Line(0));
    assert!((built / 300.0 - (built / 300.0).round()).abs() < 1e-9, "whole blocks: {built}");
    assert!(s.objective_usd >= exact.objective_usd - 1e-6);
    let gap = out.stats.mip_gap.unwrap();
    assert!(gap >= 0.0 && (s.objective_usd - exact.objective_usd) / s.objective_usd <= gap + 1e-9, "the gap bounds the error");
}
