//! Hand-checked operating reserves (RS1–RS3), hurdle rates (T3) and
//! direction-specific line limits (T2), in the transport and `dc` formulations, in
//! one LP and by rolling horizon, and with expansion.
#![allow(clippy::field_reassign_with_default)]

mod common;

use common::*;
use nagrid_model::{
    Case, Country, Decomposition, Expansion, Formulation, KvlMethod, Line, Link, Network, Reserve, ShortageSegment, StudySettings,
};
use nagrid_opf::{verify, Asset, DispatchSolution, SolveStatus};

const TOL: f64 = 1e-6;

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-6 * b.abs().max(1.0), "{what}: {a} against {b}");
}

fn solve(case: &Case) -> DispatchSolution {
    let out = dispatch(case).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(case, &s);
    assert!(r.max_balance_mw < TOL && r.max_bound_mw < TOL && r.max_storage_mwh < TOL, "{r:?}");
    assert!(r.max_reserve_mw.unwrap_or(0.0) < TOL && r.max_reserve_provision_mw.unwrap_or(0.0) < TOL, "{r:?}");
    assert!(r.max_kvl_mw < 1e-5, "{r:?}");
    close(verify::cost_usd(case, &s), s.objective_usd, "recomputed cost (O1)");
    s
}

fn case(n: Network, load_mw: Vec<Vec<f64>>) -> Case {
    let hours = load_mw[0].len();
    let mut settings = StudySettings::for_year(2030);
    settings.economics.value_of_lost_load_usd_per_mwh = 5000.0;
    let gens = n.generators.len();
    Case {
        name: "hand".into(),
        settings,
        network: n,
        axis: axis(hours),
        load_mw,
        gen_p_max_pu: vec![None; gens],
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}

/// Cheap (10 USD/MWh) in a, dear (`dear` USD/MWh) in b, a line a → b of `cap` MW
/// with a hurdle of 5 USD/MWh; loads 100 MW in a and 300 MW in b.
fn hurdle_case(dear: f64, cap: f64) -> Case {
    let mut n = Network::default();
    n.regions = vec![region("a", Country::US, "X"), region("b", Country::US, "X")];
    n.generators = vec![gen("cheap", 0, "hydro", 1000.0, 0.0, 10.0, 0.0), gen("dear", 1, "gas", 1000.0, 0.0, dear, 0.0)];
    let mut line = Line::new("ab", 0, 1, cap, 0.01);
    line.hurdle_usd_per_mwh = 5.0;
    n.lines = vec![line];
    case(n, vec![vec![100.0; 2], vec![300.0; 2]])
}

#[test]
fn hurdle_flow_only_when_the_price_difference_exceeds_it() {
    for (f, k) in [(Formulation::Transport, KvlMethod::Cycles), (Formulation::Dc, KvlMethod::Cycles), (Formulation::Dc, KvlMethod::Angles)]
    {
        // Difference 3 < 5: no flow, each region at its own cost.
        let mut c = hurdle_case(13.0, 500.0);
        c.settings.model.formulation = f;
        c.settings.model.kvl = k;
        let s = solve(&c);
        close(s.line_flow_mw[0][0], 0.0, "flow below the hurdle");
        close(s.price_usd_per_mwh[0][0], 10.0, "price a");
        close(s.price_usd_per_mwh[1][0], 13.0, "price b");
        // Difference 10 > 5, line not congested: all of b's load flows, prices differ by exactly 5.
        let mut c = hurdle_case(20.0, 500.0);
        c.settings.model.formulation = f;
        c.settings.model.kvl = k;
        let s = solve(&c);
        close(s.line_flow_mw[0][1], 300.0, "flow");
        close(s.price_usd_per_mwh[1][1] - s.price_usd_per_mwh[0][1], 5.0, "price difference");
        let cost = verify::cost_breakdown(&c, &s);
        close(cost.hurdle_usd, 300.0 * 5.0 * 2.0, "hurdle cost");
        close(s.objective_usd, 400.0 * 10.0 * 2.0 + 3000.0, "objective");
        // Congested at 200 MW: b at 20, the limit's shadow price 20 − 10 − 5.
        let mut c = hurdle_case(20.0, 200.0);
        c.settings.model.formulation = f;
        c.settings.model.kvl = k;
        let s = solve(&c);
        close(s.line_flow_mw[0][0], 200.0, "congested flow");
        close(s.price_usd_per_mwh[1][0], 20.0, "price b congested");
        close(s.line_limit_dual_usd_per_mwh[0][0], 5.0, "limit dual net of the hurdle");
        assert!(verify::at_limit(&c, &s, Asset::Line(0)).iter().all(|&x| x));
    }
}

#[test]
fn link_hurdle_adds_to_wheeling() {
    let mut c = hurdle_case(20.0, 500.0);
    c.network.lines.clear();
    let mut k = Link::new("ab", 0, 1, 500.0);
    k.wheeling_cost_usd_per_mwh = 1.0;
    k.hurdle_usd_per_mwh = 5.0;
    c.network.links = vec![k];
    let s = solve(&c);
    close(s.link_forward_mw[0][0], 300.0, "sent");
    close(s.price_usd_per_mwh[1][0] - s.price_usd_per_mwh[0][0], 6.0, "wheeling + hurdle");
    let cost = verify::cost_breakdown(&c, &s);
    close(cost.hurdle_usd, 3000.0, "hurdle");
    close(cost.wheeling_usd, 600.0, "wheeling");
}

/// A line a → b with 500 MW forward and `rev` MW reverse; the cheap generator is
/// in b and the load in a, so power flows in reverse.
fn reverse_case(rev: f64) -> Case {
    let mut n = Network::default();
    n.regions = vec![region("a", Country::US, "X"), region("b", Country::US, "X")];
    n.generators = vec![gen("dear", 0, "gas", 1000.0, 0.0, 50.0, 0.0), gen("cheap", 1, "hydro", 1000.0, 0.0, 10.0, 0.0)];
    let mut line = Line::new("ab", 0, 1, 500.0, 0.01);
    line.s_max_reverse_mw = rev;
    n.lines = vec![line];
    case(n, vec![vec![300.0], vec![0.0]])
}

#[test]
fn reverse_limit_binds_in_its_own_direction() {
    // (T3) With a hurdle of 5 the flow is f⁺ − f⁻ and its reverse limit is f⁻'s upper
    // bound: the limit's shadow price is net of the hurdle, 50 − 10 − 5.
    for (f, hurdle) in [(Formulation::Transport, 0.0), (Formulation::Dc, 0.0), (Formulation::Transport, 5.0), (Formulation::Dc, 5.0)] {
        let mut c = reverse_case(150.0);
        c.settings.model.formulation = f;
        c.network.lines[0].hurdle_usd_per_mwh = hurdle;
        let s = solve(&c);
        close(s.line_flow_mw[0][0], -150.0, "reverse flow at its limit");
        close(s.price_usd_per_mwh[0][0], 50.0, "price a");
        close(s.price_usd_per_mwh[1][0], 10.0, "price b");
        close(s.line_limit_dual_usd_per_mwh[0][0], -40.0 + hurdle, "reverse limit dual");
        close(verify::cost_breakdown(&c, &s).hurdle_usd, 150.0 * hurdle, "hurdle cost");
        assert!(verify::at_limit(&c, &s, Asset::Line(0))[0]);
    }
    // The forward limit (500) does not bind a 300 MW reverse flow when the reverse limit is 400.
    let s = solve(&reverse_case(400.0));
    close(s.line_flow_mw[0][0], -300.0, "reverse flow");
    assert!(!verify::at_limit(&reverse_case(400.0), &s, Asset::Line(0))[0]);
}

#[test]
fn expansion_adds_to_the_reverse_limit_too() {
    let mut c = reverse_case(150.0);
    c.settings.expansion.enabled = true;
    c.network.lines[0].expansion = Some(Expansion {
        max_added_mw: 500.0,
        capital_cost_usd_per_mw: 1.0,
        lifetime_years: 1.0,
        discount_rate: 0.0,
        fixed_om_pct_per_year: 0.0,
        build_unit_mw: None,
    });
    let s = solve(&c);
    close(s.line_flow_mw[0][0], -300.0, "reverse flow");
    close(s.expansion.built_mw(Asset::Line(0)), 150.0, "added to reach the reverse need");
    let built = nagrid_opf::with_builds(&c, &s.expansion, None);
    close(built.network.lines[0].s_max_mw, 650.0, "forward after the build");
    close(built.network.lines[0].s_max_reverse_mw, 300.0, "reverse after the build");
}

/// One region: A 300 MW at 10 USD/MWh holding reserve (reserve_max_pu 1), B
/// `b_mw` at 30 without reserve; load 250 MW; a 100 MW contingency requirement
/// with shortage steps of 10 % at 1,000 and 50 % at 2,000 USD/MWh.
fn reserve_case(b_mw: f64, hours: usize) -> Case {
    let mut n = Network::default();
    n.regions = vec![region("a", Country::US, "X")];
    let mut a = gen("A", 0, "gas_cc", 300.0, 0.0, 10.0, 0.0);
    a.reserve_max_pu = 1.0;
    n.generators = vec![a, gen("B", 0, "gas_ct", b_mw, 0.0, 30.0, 0.0)];
    let mut r = Reserve::new("spin", "X", vec![0], 0.0, 100.0);
    r.shortage = vec![ShortageSegment { share: 0.1, price_usd_per_mwh: 1000.0 }, ShortageSegment { share: 0.5, price_usd_per_mwh: 2000.0 }];
    n.reserves = vec![r];
    case(n, vec![vec![250.0; hours]])
}

#[test]
fn reserve_price_is_the_opportunity_cost() {
    // A holds 100 MW, so produces 200; B makes the other 50 MW and sets the energy
    // price (30); one more MW of requirement moves 1 MW from A to B: 20 USD/MWh.
    let c = reserve_case(300.0, 1);
    let s = solve(&c);
    close(s.gen_p_mw[0][0], 200.0, "A");
    close(s.gen_reserve_mw[0][0], 100.0, "A's reserve");
    close(s.price_usd_per_mwh[0][0], 30.0, "energy price");
    close(s.reserve_price_usd_per_mwh[0][0], 20.0, "reserve price");
    close(s.reserve_shortage_mw[0][0], 0.0, "no shortage");
}

#[test]
fn shortage_steps_set_the_price() {
    // B (30 MW) is too small: A must make 220 MW and holds 80; 20 MW short: 10 on
    // the 1,000 step, 10 on the 2,000 step. Reserve price 2,000; energy 2,000 + 10.
    let c = reserve_case(30.0, 1);
    let s = solve(&c);
    close(s.reserve_shortage_mw[0][0], 20.0, "shortage");
    close(s.reserve_price_usd_per_mwh[0][0], 2000.0, "reserve price");
    close(s.price_usd_per_mwh[0][0], 2010.0, "energy price");
    let cost = verify::cost_breakdown(&c, &s);
    close(cost.reserve_shortage_usd, 10.0 * 1000.0 + 10.0 * 2000.0, "shortage cost");
    close(s.objective_usd, 220.0 * 10.0 + 30.0 * 30.0 + 30000.0, "objective");
}

#[test]
fn a_requirement_of_some_months_applies_in_their_hours_only() {
    // B 60 MW. 31 Jan 22:00 to 1 Feb 02:00 UTC: January keeps reserves.csv's 100 MW
    // (A makes 200 and holds 100, B makes 50 and sets energy at 30; reserve price
    // 30 − 10 = 20, as in the test above); February's row (2030, 2) = 130 MW beats the every-year February row (500)
    // and a 2031 row: A can hold only 110, 20 MW short (13 on the 1,000 step = 10 %
    // of 130, 7 on the 2,000 step): reserve price 2,000, energy 2,010.
    use nagrid_model::ReservePeriod;
    let mut c = reserve_case(60.0, 4);
    c.axis = nagrid_model::TimeAxis::new(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2030, 1, 31, 22, 0, 0).unwrap(), 4);
    c.network.reserves[0].periods = vec![
        ReservePeriod { year: None, month: Some(2), contingency_mw: 500.0 },
        ReservePeriod { year: Some(2030), month: Some(2), contingency_mw: 130.0 },
        ReservePeriod { year: Some(2031), month: None, contingency_mw: 1000.0 },
    ];
    let s = solve(&c);
    for t in 0..2 {
        close(s.gen_reserve_mw[0][t], 100.0, "January reserve");
        close(s.reserve_shortage_mw[0][t], 0.0, "January shortage");
        close(s.reserve_price_usd_per_mwh[0][t], 20.0, "January reserve price");
        close(s.price_usd_per_mwh[0][t], 30.0, "January energy price");
    }
    for t in 2..4 {
        close(s.gen_reserve_mw[0][t], 110.0, "February reserve");
        close(s.reserve_shortage_mw[0][t], 20.0, "February shortage");
        close(s.reserve_price_usd_per_mwh[0][t], 2000.0, "February reserve price");
        close(s.price_usd_per_mwh[0][t], 2010.0, "February energy price");
    }
    let cost = verify::cost_breakdown(&c, &s);
    close(cost.reserve_shortage_usd, 2.0 * (13.0 * 1000.0 + 7.0 * 2000.0), "shortage cost");
}

#[test]
fn storage_reserve_is_limited_by_stored_energy() {
    // Only a battery holds reserve: 20 MWh stored, 90 % discharge efficiency, so at
    // most 18 MW in the first hour; 30 MW required, 12 MW short at 1,000.
    let mut n = Network::default();
    n.regions = vec![region("a", Country::US, "X")];
    n.generators = vec![gen("A", 0, "gas_cc", 300.0, 0.0, 10.0, 0.0)];
    let mut b = nagrid_model::Storage::new("bat", 0, 50.0, 100.0, 0.9);
    b.soc_initial_pu = Some(0.2);
    b.reserve_max_pu = 1.0;
    n.storage = vec![b];
    let mut r = Reserve::new("spin", "a", vec![0], 0.0, 30.0);
    r.shortage = vec![ShortageSegment { share: 1.0, price_usd_per_mwh: 1000.0 }];
    n.reserves = vec![r];
    let c = case(n, vec![vec![100.0]]);
    let s = solve(&c);
    close(s.storage_reserve_mw[0][0], 18.0, "battery reserve");
    close(s.reserve_shortage_mw[0][0], 12.0, "shortage");
    close(s.reserve_price_usd_per_mwh[0][0], 1000.0, "reserve price");
}

#[test]
fn reserves_by_rolling_horizon_and_dc_match_the_single_lp() {
    let mut c = reserve_case(40.0, 48);
    c.load_mw = vec![(0..48).map(|t| 200.0 + 2.0 * t as f64).collect()];
    let single = solve(&c);
    let mut r = c.clone();
    r.settings.solver.decomposition = Decomposition::Rolling;
    r.settings.solver.window_hours = 12;
    r.settings.solver.overlap_hours = 4;
    let rolled = solve(&r);
    close(rolled.objective_usd, single.objective_usd, "rolling objective");
    assert_eq!(rolled.reserve_price_usd_per_mwh, single.reserve_price_usd_per_mwh);
    assert!(single.reserve_shortage_mw[0].iter().any(|&v| v > 1.0), "some hours short");
    let mut d = c.clone();
    d.settings.model.formulation = Formulation::Dc;
    close(solve(&d).objective_usd, single.objective_usd, "dc objective");
}

/// (WS3) A single LP started from the rolling horizon's dispatch, with reserve
/// shortage steps and a hurdled line in both formulations (their columns are the
/// ones the start point sets by rule): the same optimum as the cold start.
#[test]
fn single_lp_from_the_rolling_horizon_matches_the_cold_start_with_reserves_and_hurdles() {
    let mut r = reserve_case(40.0, 72);
    r.load_mw = vec![(0..72).map(|t| 200.0 + 2.0 * (t % 30) as f64).collect()];
    let mut h = hurdle_case(30.0, 150.0);
    h.load_mw = vec![(0..72).map(|t| 100.0 + (t % 7) as f64 * 40.0).collect(), (0..72).map(|t| 300.0 - (t % 5) as f64 * 50.0).collect()];
    h.axis = axis(72);
    for (name, base) in [("reserves", r), ("hurdle", h)] {
        for formulation in [Formulation::Transport, Formulation::Dc] {
            let mut c = base.clone();
            c.settings.model.formulation = formulation;
            c.settings.solver.window_hours = 12;
            c.settings.solver.overlap_hours = 4;
            c.settings.solver.single_lp_start = nagrid_model::SingleLpStart::Cold;
            let cold = nagrid_opf::dispatch(&c, &nagrid_opf::DispatchOptions::from_settings(&c.settings)).unwrap();
            c.settings.solver.single_lp_start = nagrid_model::SingleLpStart::Auto;
            let warm = nagrid_opf::dispatch(&c, &nagrid_opf::DispatchOptions::from_settings(&c.settings)).unwrap();
            assert_eq!((cold.stats.start_simplex_iterations, warm.stats.windows), (0, 7), "{name}: 6 windows and the single LP");
            assert!(warm.stats.warm_starts >= 1, "{name}: crossover's start accepted");
            let (a, b) = (solve_checked(&c, cold), solve_checked(&c, warm));
            close(b.objective_usd, a.objective_usd, name);
        }
    }
}

fn solve_checked(c: &Case, out: nagrid_opf::DispatchOutcome) -> DispatchSolution {
    assert_eq!(out.status, nagrid_opf::SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(c, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_reserve_mw.unwrap_or(0.0) < 1e-6, "{r:?}");
    s
}

#[test]
fn reserve_columns_and_hurdles_leave_other_cases_alone() {
    // The tiny case has neither: its optimum is the worked example's.
    let s = solve(&tiny());
    close(s.objective_usd, 219_640.346, "tiny");
    assert!(s.reserve_price_usd_per_mwh.is_empty());
    assert!(verify::check(&tiny(), &s).max_reserve_mw.is_none());
}

/// (RS4) Generators with reserve caps, must-run minimums, derates, ramp limits and a
/// monthly budget over 48 hours, with shortage steps; `as_candidates`: every provider
/// is also an expansion candidate that is never worth building, which keeps its
/// reserve column and provision row (RS2) instead of the top band.
fn band_case(as_candidates: bool) -> Case {
    let mut n = Network::default();
    n.regions = vec![region("a", Country::US, "X"), region("b", Country::US, "X")];
    let mut cc = gen("cc", 0, "gas_cc", 400.0, 150.0, 20.0, 0.0);
    cc.reserve_max_pu = 0.15;
    cc.ramp_up_pu_per_h = Some(0.05);
    cc.ramp_down_pu_per_h = Some(0.06);
    let mut ct = gen("ct", 1, "gas_ct", 200.0, 0.0, 60.0, 0.0);
    ct.reserve_max_pu = 0.35;
    let mut hydro = gen("hydro", 1, "hydro_reservoir", 300.0, 20.0, 1.0, 0.0);
    hydro.reserve_max_pu = 0.5;
    // Its must-run minimum reaches into its top band (150 − 0.9 × 150 < 100).
    let mut oil = gen("oil", 0, "oil", 150.0, 100.0, 120.0, 0.0);
    oil.reserve_max_pu = 0.9;
    n.generators = vec![gen("nuclear", 0, "nuclear", 300.0, 250.0, 5.0, 0.0), cc, ct, hydro, oil];
    n.lines = vec![Line::new("ab", 0, 1, 250.0, 0.01)];
    // January: 48 of its 744 hours get 744 × 150 MW × 48/744 of energy, less than the 300 MW the hydro could make.
    n.hydro_budgets = vec![nagrid_model::HydroBudget { generator: 3, month: 1, energy_mwh: 744.0 * 150.0 }];
    let mut r = Reserve::new("spin", "X", vec![0, 1], 0.05, 300.0);
    r.shortage = vec![ShortageSegment { share: 0.2, price_usd_per_mwh: 300.0 }, ShortageSegment { share: 0.5, price_usd_per_mwh: 900.0 }];
    n.reserves = vec![r];
    if as_candidates {
        for g in n.generators.iter_mut().filter(|g| g.reserve_max_pu > 0.0) {
            g.expansion = Some(Expansion {
                max_added_mw: 10.0,
                capital_cost_usd_per_mw: 1e9,
                lifetime_years: 1.0,
                discount_rate: 0.0,
                fixed_om_pct_per_year: 0.0,
                build_unit_mw: None,
            });
        }
    }
    let hours = 48;
    let wave = |t: usize, lo: f64, amp: f64| lo + amp * (1.0 + (t as f64 * std::f64::consts::PI / 12.0).sin());
    let mut c = case(n, vec![(0..hours).map(|t| wave(t, 300.0, 150.0)).collect(), (0..hours).map(|t| wave(t + 5, 250.0, 170.0)).collect()]);
    // The cc is derated to 80–100 % (RS4: its band is at most what is available).
    c.gen_p_max_pu[1] = Some((0..hours).map(|t| 0.8 + 0.2 * ((t % 6) as f64 / 5.0)).collect());
    c.settings.expansion.enabled = as_candidates;
    c
}

#[test]
fn reserve_as_the_top_band_gives_the_optimum_of_reserve_columns() {
    // The same LP optimum whether a provider's reserve is a column with its own
    // provision row (RS2) or what its top band leaves (RS4); prices agree too.
    let rows = solve(&band_case(true));
    let band = solve(&band_case(false));
    assert_eq!(rows.expansion.built_mw(Asset::Generator(1)), 0.0);
    close(band.objective_usd, rows.objective_usd, "objective");
    assert!(band.reserve_shortage_mw[0].iter().any(|&v| v > 1.0), "some hours short");
    assert!(band.reserve_price_usd_per_mwh[0].iter().any(|&v| v > 1.0), "the requirement binds");
    for t in 0..48 {
        for r in 0..2 {
            close(band.price_usd_per_mwh[r][t], rows.price_usd_per_mwh[r][t], "energy price");
        }
        close(band.reserve_price_usd_per_mwh[0][t], rows.reserve_price_usd_per_mwh[0][t], "reserve price");
        close(band.reserve_shortage_mw[0][t], rows.reserve_shortage_mw[0][t], "shortage");
        // The band's reserve is the most the unit can hold at its output.
        let derated = 400.0 * (0.8 + 0.2 * ((t % 6) as f64 / 5.0));
        close(band.gen_reserve_mw[1][t], (0.15f64 * 400.0).min(derated - band.gen_p_mw[1][t]), "cc reserve");
    }
}
