//! Expansion by Benders decomposition (BD1–BD5) against the single LP: the same
//! builds and objective within the stated gap, on inputs/tiny and on a two-week case
//! cut into weekly windows; determinism with parallel windows; two scenarios.
#![allow(clippy::field_reassign_with_default)]

mod common;

use common::*;
use nagrid_model::{Case, Country, Expansion, ExpansionMethod, Line, Link, Network, StorageExpansion, StudySettings};
use nagrid_opf::benders::{Benders, BendersResult, Scenario};
use nagrid_opf::{dispatch_single, verify, Asset, DispatchOptions, SolveStatus};

/// Annualised cost `cost` USD/MW-year (no discounting, one-year life, no O&M).
fn exp(max: f64, cost: f64, unit: Option<f64>) -> Expansion {
    Expansion {
        max_added_mw: max,
        capital_cost_usd_per_mw: cost,
        lifetime_years: 1.0,
        discount_rate: 0.0,
        fixed_om_pct_per_year: 0.0,
        build_unit_mw: unit,
    }
}

fn options(case: &Case, window_hours: usize) -> DispatchOptions {
    let mut o = DispatchOptions::from_settings(&case.settings);
    o.expansion.enabled = true;
    o.expansion.window_hours = window_hours;
    o.expansion.mip_rel_gap = 1e-7;
    o
}

fn benders(scenarios: &[Scenario], window_hours: usize) -> BendersResult {
    let opts = options(&scenarios[0].case, window_hours);
    let mut b = Benders::new(scenarios, &opts).unwrap();
    let r = b.solve(&|_| {}).unwrap();
    assert_eq!(r.status, SolveStatus::Optimal);
    assert!(r.report.converged, "{:?}", r.report.stop_reason);
    r
}

/// The single LP's builds (candidate order) and objective scaled to a year.
fn single(case: &Case) -> (Vec<f64>, f64) {
    let mut c = case.clone();
    c.settings.expansion.enabled = true;
    c.settings.expansion.method = ExpansionMethod::Single;
    c.settings.expansion.mip_rel_gap = 1e-9;
    let out = dispatch_single(&c, &DispatchOptions::from_settings(&c.settings)).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    (s.expansion.iter().map(|b| b.built_mw).collect(), s.objective_usd * 8760.0 / c.axis.hours as f64)
}

/// inputs/tiny with every kind of candidate: the Canada–US line (continuous), the
/// US–Mexico link as an HVDC built whole (one 150 MW block), a peaker in Mexico and
/// the Mexican battery's power and energy.
fn tiny_candidates() -> Case {
    let mut case = tiny();
    case.settings.expansion.enabled = true;
    case.network.lines[0].expansion = Some(exp(1000.0, 60_000.0, None));
    case.network.links[0].kind = nagrid_model::LinkKind::Hvdc;
    case.network.links[0].expansion = Some(exp(150.0, 5_000.0, None));
    case.network.generators[4].expansion = Some(exp(200.0, 120_000.0, None));
    case.network.storage[0].expansion = Some(StorageExpansion {
        max_added_power_mw: 100.0,
        power_cost_usd_per_mw: 40_000.0,
        max_added_energy_mwh: 400.0,
        energy_cost_usd_per_mwh: 15_000.0,
        lifetime_years: 1.0,
        discount_rate: 0.0,
        fixed_om_pct_per_year: 0.0,
    });
    case
}

#[test]
fn benders_on_tiny_matches_the_single_lp() {
    let case = tiny_candidates();
    let (builds, objective) = single(&case);
    let r = benders(&[Scenario { name: "tiny".into(), weight: 1.0, case: case.clone() }], 168);
    let gap = r.report.abs_gap_target_usd_per_year.min(r.report.rel_gap_target * r.report.upper_bound_usd_per_year);
    assert!(r.report.lower_bound_usd_per_year <= objective + 1e-6 * objective, "{} > {objective}", r.report.lower_bound_usd_per_year);
    assert!(
        (r.report.upper_bound_usd_per_year - objective).abs() <= gap + 1e-9 * objective,
        "{} vs {objective}",
        r.report.upper_bound_usd_per_year
    );
    for (b, s) in r.builds_mw.iter().zip(&builds) {
        assert!((b - s).abs() <= 1e-3 * s.max(1.0), "Benders {:?}, single LP {builds:?}", r.builds_mw);
    }
    assert_eq!(r.builds_mw[1], 150.0, "the HVDC link is built whole or not at all");
    assert!(r.builds_mw.iter().any(|&b| b > 0.0) && r.builds_mw.contains(&0.0), "{:?}", r.builds_mw);
}

/// Three regions over two weeks: hydro in A (5 USD/MWh) behind an expandable line
/// to B, gas in B (40) and C (30) with peakers (100), a link B–C built in blocks, a
/// candidate peaker in C; the load follows a daily and weekly cycle.
fn two_weeks() -> Case {
    let hours = 336;
    let mut n = Network::default();
    n.regions = vec![region("a", Country::CA, "E"), region("b", Country::US, "E"), region("c", Country::MX, "S")];
    n.generators = vec![
        gen("a_hydro", 0, "hydro", 1500.0, 0.0, 5.0, 0.0),
        gen("b_gas", 1, "gas", 1200.0, 0.0, 40.0, 0.4),
        gen("b_peak", 1, "oil", 800.0, 0.0, 100.0, 0.7),
        gen("c_gas", 2, "gas", 500.0, 0.0, 30.0, 0.4),
        gen("c_peak", 2, "oil", 300.0, 0.0, 100.0, 0.7),
        gen("c_new", 2, "gas_ct", 0.0, 0.0, 70.0, 0.5),
    ];
    n.generators[5].expansion = Some(exp(300.0, 25_000.0, None));
    n.lines = vec![Line::new("ab", 0, 1, 400.0, 0.01)];
    n.lines[0].expansion = Some(exp(800.0, 90_000.0, None));
    n.links = vec![Link { efficiency: 0.97, ..Link::new("bc", 1, 2, 150.0) }];
    n.links[0].kind = nagrid_model::LinkKind::BackToBack;
    n.links[0].expansion = Some(exp(300.0, 40_000.0, Some(100.0)));
    let shape = |t: usize, base: f64, amp: f64| {
        let day = (2.0 * std::f64::consts::PI * (t % 24) as f64 / 24.0).sin();
        let week = if (t / 24) % 7 >= 5 { 0.85 } else { 1.0 };
        (base + amp * day) * week * (1.0 + 0.1 * (t / 168) as f64)
    };
    let load = vec![
        (0..hours).map(|t| shape(t, 300.0, 50.0)).collect(),
        (0..hours).map(|t| shape(t, 1400.0, 400.0)).collect(),
        (0..hours).map(|t| shape(t, 650.0, 200.0)).collect(),
    ];
    let mut settings = StudySettings::for_year(2030);
    settings.expansion.enabled = true;
    Case {
        name: "two-weeks".into(),
        settings,
        network: n,
        axis: axis(hours),
        load_mw: load,
        gen_p_max_pu: vec![None; 6],
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}

#[test]
fn benders_over_two_weekly_windows_matches_the_single_lp() {
    // Without storage, budgets or ramps nothing couples the weeks but the builds: the
    // decomposition is exact and the single LP's optimum lies between the bounds.
    let case = two_weeks();
    let (builds, objective) = single(&case);
    let r = benders(&[Scenario { name: "two weeks".into(), weight: 1.0, case: case.clone() }], 168);
    assert_eq!(r.report.windows, 2);
    let (lo, up) = (r.report.lower_bound_usd_per_year, r.report.upper_bound_usd_per_year);
    assert!(lo <= objective * (1.0 + 1e-9) && objective <= up * (1.0 + 1e-9), "{lo} ≤ {objective} ≤ {up}");
    assert!(up - lo <= r.report.abs_gap_target_usd_per_year + 1e-6, "{} > {}", up - lo, r.report.abs_gap_target_usd_per_year);
    for (b, s) in r.builds_mw.iter().zip(&builds) {
        assert!((b - s).abs() <= 0.01 * s.max(10.0), "Benders {:?}, single LP {builds:?}", r.builds_mw);
    }
    assert!(r.report.iterations >= 2, "the master had to learn: {:?}", r.report.history);
    // The stitched dispatch at the builds meets every constraint and costs the upper bound.
    let opts = options(&case, 168);
    let scenarios = [Scenario { name: "two weeks".into(), weight: 1.0, case: case.clone() }];
    let mut b = Benders::new(&scenarios, &opts).unwrap();
    let r2 = b.solve(&|_| {}).unwrap();
    let out = b.dispatch_at(0, &r2.builds_mw, &r2.marginal_value_usd_per_mw_year).unwrap();
    let sol = out.solution.unwrap();
    let checks = verify::check(&case, &sol);
    assert!(checks.max_balance_mw < 1e-6 && checks.max_bound_mw < 1e-6, "{checks:?}");
    assert!((verify::cost_usd(&case, &sol) - sol.objective_usd).abs() < 1e-7 * sol.objective_usd);
    assert!((sol.objective_usd * 8760.0 / 336.0 - r2.report.upper_bound_usd_per_year).abs() < 1e-7 * sol.objective_usd * 26.0);
    assert_eq!(sol.expansion.get(Asset::Link(0)).unwrap().build_unit_mw, Some(100.0));
}

#[test]
fn storage_power_and_energy_are_sized_like_the_single_lp() {
    // (E4) Only the Mexican battery may grow, cheaply: 6 MW more power replaces the
    // peaker's 6 MW in hour 3 (the energy for 56 MW fits in today's 100 MWh), so
    // power is built and energy is not; the value of one more MW of power is its cost.
    let mut case = tiny();
    case.settings.expansion.enabled = true;
    case.network.storage[0].expansion = Some(StorageExpansion {
        max_added_power_mw: 100.0,
        power_cost_usd_per_mw: 2_000.0,
        max_added_energy_mwh: 400.0,
        energy_cost_usd_per_mwh: 1_000.0,
        lifetime_years: 1.0,
        discount_rate: 0.0,
        fixed_om_pct_per_year: 0.0,
    });
    let (builds, objective) = single(&case);
    assert!((builds[0] - 6.0).abs() < 1e-6 && builds[1].abs() < 1e-6, "{builds:?}");
    let r = benders(&[Scenario { name: "tiny".into(), weight: 1.0, case: case.clone() }], 168);
    assert!((r.builds_mw[0] - 6.0).abs() < 1e-3 && r.builds_mw[1].abs() < 1e-3, "{:?}", r.builds_mw);
    assert!((r.report.upper_bound_usd_per_year - objective).abs() <= r.report.abs_gap_target_usd_per_year + 1e-9 * objective);
    assert!((r.marginal_value_usd_per_mw_year[0] - 2_000.0).abs() < 1e-3, "{:?}", r.marginal_value_usd_per_mw_year);
    assert!(r.marginal_value_usd_per_mw_year[1] <= 1_000.0 + 1e-6, "{:?}", r.marginal_value_usd_per_mw_year);
    // The single LP's dispatch with the battery grown checks out, and its E4 duals agree.
    let mut c = case.clone();
    c.settings.expansion.method = ExpansionMethod::Single;
    let s = dispatch_single(&c, &DispatchOptions::from_settings(&c.settings)).unwrap().solution.unwrap();
    let r = verify::check(&c, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6, "{r:?}");
    let power = s.expansion.get(Asset::StoragePower(0)).unwrap();
    assert!((power.marginal_value_usd_per_mw_year - 2_000.0).abs() < 1e-3, "{power:?}");
    assert!(power.hours_at_limit >= 1, "discharging 56 MW in hour 3 (and charging at the limit in some hours)");
    assert_eq!(s.expansion.get(Asset::StorageEnergy(0)).unwrap().kind.capacity_unit(), "MWh");
}

#[test]
fn builds_and_values_are_the_same_on_one_core_and_on_several() {
    let case = two_weeks();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| benders(&[Scenario { name: "w".into(), weight: 1.0, case: case.clone() }], 84))
    };
    let (a, b) = (run(1), run(3));
    assert_eq!(a.builds_mw, b.builds_mw);
    assert_eq!(a.marginal_value_usd_per_mw_year, b.marginal_value_usd_per_mw_year);
    assert_eq!(a.report.upper_bound_usd_per_year.to_bits(), b.report.upper_bound_usd_per_year.to_bits());
    assert_eq!(a.report.iterations, b.report.iterations);
}

#[test]
fn two_scenarios_are_the_weighted_extensive_form() {
    // Two synthetic variants of inputs/tiny (a weather year with 10 % more US load,
    // one with 20 % less solar), equal weights, the battery left out: the expected
    // cost C y + ½ (8,760/4) (F₁(y) + F₂(y)) is the annualised optimum of the single
    // LP over both variants' hours one after the other.
    let mut base = tiny_candidates();
    base.network.storage.clear();
    let mut hot = base.clone();
    hot.load_mw[0].iter_mut().for_each(|l| *l *= 1.1);
    let mut dull = base.clone();
    for s in dull.gen_p_max_pu.iter_mut().flatten() {
        s.iter_mut().for_each(|v| *v *= 0.8);
    }
    let mut both = hot.clone();
    both.axis = axis(8);
    both.settings.horizon.hours = Some(8);
    both.load_mw = hot.load_mw.iter().zip(&dull.load_mw).map(|(a, b)| [a.as_slice(), b].concat()).collect();
    both.gen_p_max_pu = hot
        .gen_p_max_pu
        .iter()
        .zip(&dull.gen_p_max_pu)
        .map(|(a, b)| a.as_ref().map(|a| [a.as_slice(), b.as_ref().unwrap()].concat()))
        .collect();
    let (builds, objective) = single(&both);
    let scenarios = [
        Scenario { name: "hot".into(), weight: 0.5, case: hot.clone() },
        Scenario { name: "dull".into(), weight: 0.5, case: dull.clone() },
    ];
    let r = benders(&scenarios, 168);
    assert_eq!((r.report.windows, r.report.scenarios), (2, 2));
    let (lo, up) = (r.report.lower_bound_usd_per_year, r.report.upper_bound_usd_per_year);
    assert!(lo <= objective * (1.0 + 1e-9) && objective <= up * (1.0 + 1e-9), "{lo} ≤ {objective} ≤ {up}");
    for (b, s) in r.builds_mw.iter().zip(&builds) {
        assert!((b - s).abs() <= 1e-3 * s.max(1.0), "Benders {:?}, extensive form {builds:?}", r.builds_mw);
    }
    let e = r.evaluation.as_ref().unwrap();
    let mean = 0.5 * (e.per_scenario[0].0 + e.per_scenario[1].0);
    assert!((e.operating_cost_usd_per_year - mean).abs() < 1e-9 * mean);
    // A scenario with other candidates is refused.
    let mut other = dull;
    other.network.lines[0].expansion = None;
    let bad = [Scenario { name: "a".into(), weight: 1.0, case: hot }, Scenario { name: "b".into(), weight: 1.0, case: other }];
    assert!(Benders::new(&bad, &options(&base, 168)).is_err());
}

#[test]
fn weather_years_of_several_windows_are_the_extensive_form_on_any_number_of_cores() {
    // (BD6, BD3) Two weather years of two weekly windows each: the second year's windows
    // start from the first year's bases over the same hours, all side by side. Nothing
    // couples the weeks but the builds, so the bounds hold the single LP over both years'
    // hours one after the other, and one core or three give the same builds to the bit.
    let dry = two_weeks();
    let mut hot = two_weeks();
    hot.load_mw[1].iter_mut().for_each(|l| *l *= 1.15);
    let mut both = dry.clone();
    both.axis = axis(672);
    both.settings.horizon.hours = Some(672);
    both.load_mw = dry.load_mw.iter().zip(&hot.load_mw).map(|(a, b)| [a.as_slice(), b].concat()).collect();
    let (builds, objective) = single(&both);
    let scenarios =
        [Scenario { name: "dry".into(), weight: 0.5, case: dry.clone() }, Scenario { name: "hot".into(), weight: 0.5, case: hot.clone() }];
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| benders(&scenarios, 168))
    };
    let (r, r3) = (run(1), run(3));
    assert_eq!((r.report.windows, r.report.scenarios), (4, 2));
    let (lo, up) = (r.report.lower_bound_usd_per_year, r.report.upper_bound_usd_per_year);
    assert!(lo <= objective * (1.0 + 1e-9) && objective <= up * (1.0 + 1e-9), "{lo} ≤ {objective} ≤ {up}");
    for (b, s) in r.builds_mw.iter().zip(&builds) {
        assert!((b - s).abs() <= 0.01 * s.max(10.0), "Benders {:?}, extensive form {builds:?}", r.builds_mw);
    }
    assert_eq!(r.builds_mw, r3.builds_mw);
    assert_eq!(r.report.upper_bound_usd_per_year.to_bits(), r3.report.upper_bound_usd_per_year.to_bits());
    assert_eq!(r.marginal_value_usd_per_mw_year, r3.marginal_value_usd_per_mw_year);
}

/// (BD4, E1–E4) The value of one more MW agrees with each continuous build: equal to
/// its annualised cost strictly inside its range, at least it at its maximum, at most
/// it when nothing is built.
fn values_agree(builds: &[f64], values: &[f64], case: &Case) {
    let cands = nagrid_opf::benders::candidates_of(case, &options(case, 168));
    for ((c, b), v) in cands.iter().zip(builds).zip(values) {
        let (cost, tol) = (c.annualized_cost_usd_per_mw_year, 1e-6 * c.annualized_cost_usd_per_mw_year + 1e-6);
        if c.build_unit_mw.is_some() {
            continue;
        }
        if *b <= 1e-9 {
            assert!(*v <= cost + tol, "{}: unbuilt, worth {v} > {cost}", c.id);
        } else if *b >= c.max_added_mw - 1e-9 {
            assert!(*v >= cost - tol, "{}: at its maximum, worth {v} < {cost}", c.id);
        } else {
            assert!((v - cost).abs() <= tol, "{}: {b} MW worth {v} ≠ {cost}", c.id);
        }
    }
}

#[test]
fn a_build_at_its_maximum_is_worth_at_least_its_cost() {
    // Mexican gas at 30 USD/MW-year is worth building to its 200 MW limit; the link is
    // an HVDC built whole (a MIP for the single LP, its block held for the values).
    let mut case = tiny_candidates();
    case.network.generators[4].expansion = Some(exp(200.0, 30_000.0, None));
    let r = benders(&[Scenario { name: "tiny".into(), weight: 1.0, case: case.clone() }], 168);
    assert_eq!(r.builds_mw[2], 200.0, "{:?}", r.builds_mw);
    assert!(r.marginal_value_usd_per_mw_year[2] > 30_000.0, "{:?}", r.marginal_value_usd_per_mw_year);
    values_agree(&r.builds_mw, &r.marginal_value_usd_per_mw_year, &case);
    // The single LP's values (E rows of the LP with the blocks held) agree too.
    let mut c = case.clone();
    c.settings.expansion.method = ExpansionMethod::Single;
    let s = dispatch_single(&c, &DispatchOptions::from_settings(&c.settings)).unwrap().solution.unwrap();
    let (b, v): (Vec<f64>, Vec<f64>) = s.expansion.iter().map(|b| (b.built_mw, b.marginal_value_usd_per_mw_year)).unzip();
    assert_eq!(b[2], 200.0);
    values_agree(&b, &v, &case);
    // And on the two-week case by Benders.
    let w = two_weeks();
    let r = benders(&[Scenario { name: "w".into(), weight: 1.0, case: w.clone() }], 168);
    values_agree(&r.builds_mw, &r.marginal_value_usd_per_mw_year, &w);
}

#[test]
fn held_boundaries_keep_the_stitched_dispatch_feasible_and_near_the_single_lp() {
    // (BD3) With a battery, a cyclic pumped store and a hydro budget the weeks are
    // coupled: the windows are held to the rolling horizon's states and budget use, so
    // the stitched dispatch meets every constraint of the whole horizon (continuous
    // state of charge, budgets kept) and costs at least the single LP, by little (the
    // budget here binds hard: 0.42 % above).
    let mut case = two_weeks();
    case.network.storage = vec![
        nagrid_model::Storage::new("c_bat", 2, 100.0, 400.0, 0.92),
        nagrid_model::Storage { technology: "pumped_hydro".into(), ..nagrid_model::Storage::new("b_ph", 1, 300.0, 7200.0, 0.89) },
    ];
    case.network.hydro_budgets = vec![nagrid_model::HydroBudget { generator: 0, month: 1, energy_mwh: 300_000.0 }];
    let (_, objective) = single(&case);
    let scenarios = [Scenario { name: "w".into(), weight: 1.0, case: case.clone() }];
    let opts = options(&case, 168);
    let mut b = Benders::new(&scenarios, &opts).unwrap();
    let r = b.solve(&|_| {}).unwrap();
    assert!(r.report.converged);
    let up = r.report.upper_bound_usd_per_year;
    assert!(up >= objective * (1.0 - 1e-9) && up <= objective * 1.005, "Benders {up}, single LP {objective}");
    let sol = b.dispatch_at(0, &r.builds_mw, &r.marginal_value_usd_per_mw_year).unwrap().solution.unwrap();
    let c = verify::check(&case, &sol);
    assert!(c.max_balance_mw < 1e-6 && c.max_bound_mw < 1e-6 && c.max_storage_mwh < 1e-6 && c.max_budget_mwh < 1e-6, "{c:?}");
    // The cyclic stores end the horizon where they began.
    for s in 0..2 {
        assert!((sol.storage_soc_mwh[s][335] - sol.storage_soc_initial_mwh[s]).abs() < 1e-6, "storage {s}");
    }
}
