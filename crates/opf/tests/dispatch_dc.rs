//! The `dc` formulation: a hand-solved loop flow, both Kirchhoff implementations
//! against each other, and Kirchhoff's voltage law on random networks.

mod common;

use common::*;
use nagrid_model::{Case, Formulation, KvlMethod, Line, Network, StudySettings};
use nagrid_opf::{verify, DispatchSolution, SolveStatus};

fn solve(case: &Case) -> DispatchSolution {
    let out = dispatch(case).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(case, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6, "{r:?}");
    if case.settings.model.formulation == Formulation::Dc {
        assert!(r.max_kvl_mw < 1e-5, "Kirchhoff's voltage law violated by {} MW", r.max_kvl_mw);
    }
    s
}

fn with(mut case: Case, f: Formulation, k: KvlMethod) -> Case {
    case.settings.model.formulation = f;
    case.settings.model.kvl = k;
    case
}

/// Three buses in a triangle with equal reactances; cheap generation at bus 1,
/// expensive at bus 2, 300 MW of load at bus 3, and line 1–3 limited to 120 MW.
fn triangle() -> Case {
    let mut n = Network::default();
    for i in 1..=3 {
        n.regions.push(region(&format!("b{i}"), nagrid_model::Country::US, "X"));
    }
    n.generators = vec![gen("g1", 0, "cheap", 1000.0, 0.0, 10.0, 0.0), gen("g2", 1, "dear", 1000.0, 0.0, 30.0, 0.0)];
    n.lines = vec![Line::new("l12", 0, 1, 1000.0, 0.1), Line::new("l13", 0, 2, 120.0, 0.1), Line::new("l23", 1, 2, 1000.0, 0.1)];
    Case {
        name: "triangle".into(),
        settings: StudySettings::for_year(2030),
        network: n,
        axis: axis(1),
        load_mw: vec![vec![0.0], vec![0.0], vec![300.0]],
        gen_p_max_pu: vec![None, None],
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}

#[test]
fn triangle_loop_flow_by_hand() {
    // Injection at 1 splits 2/3 on 1–3 and 1/3 via 2; from 2, 1/3 goes via 1.
    // f13 = 2/3 g1 + 1/3 g2 = 100 + g1/3 <= 120, so g1 = 60 and g2 = 240.
    for k in [KvlMethod::Angles, KvlMethod::Cycles, KvlMethod::Ptdf] {
        let s = solve(&with(triangle(), Formulation::Dc, k));
        assert!((s.objective_usd - 7800.0).abs() < 1e-6, "{k:?}: {}", s.objective_usd);
        assert!((s.gen_p_mw[0][0] - 60.0).abs() < 1e-6);
        assert!((s.line_flow_mw[0][0] + 60.0).abs() < 1e-6, "f12 = -60");
        assert!((s.line_flow_mw[1][0] - 120.0).abs() < 1e-6, "f13 at its limit");
        assert!((s.line_flow_mw[2][0] - 180.0).abs() < 1e-6, "f23 = 180");
        // One more MW at bus 3 needs g1 -1 and g2 +2: 50 USD/MWh.
        let p: Vec<f64> = s.price_usd_per_mwh.iter().map(|v| v[0]).collect();
        assert!((p[0] - 10.0).abs() < 1e-6 && (p[1] - 30.0).abs() < 1e-6 && (p[2] - 50.0).abs() < 1e-6, "{p:?}");
        // Angles: reference bus 1 at 0; θ1 − θ3 = f13 / b = 120 / 1000 rad.
        assert!(s.angle_deg[0][0].abs() < 1e-9);
        assert!((s.angle_deg[2][0] + 0.12f64.to_degrees()).abs() < 1e-6);
    }
    // Transport ignores the loop: all 300 MW come from bus 1.
    let s = solve(&triangle());
    assert!((s.objective_usd - 3000.0).abs() < 1e-6);
}

#[test]
fn phase_shifter_moves_flow() {
    // A positive shift on line 1–3 (f = b (θ1 − θ3 − shift)) pushes flow away from
    // it: more cheap energy fits; a negative one does the opposite.
    let mut case = with(triangle(), Formulation::Dc, KvlMethod::Angles);
    case.network.lines[1].phase_shift_deg = -2.0;
    assert!(solve(&case).objective_usd > 7800.0 + 1.0);
    case.network.lines[1].phase_shift_deg = 2.0;
    let a = solve(&case);
    case.settings.model.kvl = KvlMethod::Cycles;
    let c = solve(&case);
    assert!((a.objective_usd - c.objective_usd).abs() < 1e-6);
    assert!(a.objective_usd < 7800.0 - 1.0, "{}", a.objective_usd);
    // (K4) The shift enters the distribution factors' standing flow f⁰.
    case.settings.model.kvl = KvlMethod::Ptdf;
    let p = solve(&case);
    assert!((a.objective_usd - p.objective_usd).abs() < 1e-6, "ptdf {} vs angles {}", p.objective_usd, a.objective_usd);
    for (fa, fp) in a.line_flow_mw.iter().zip(&p.line_flow_mw) {
        assert!((fa[0] - fp[0]).abs() < 1e-6, "{fa:?} vs {fp:?}");
    }
}

#[test]
fn angle_difference_limit_binds_in_both_methods() {
    let mut case = with(triangle(), Formulation::Dc, KvlMethod::Angles);
    case.network.lines[1].s_max_mw = 1000.0;
    case.network.lines[1].angle_max_deg = Some(0.1f64.to_degrees()); // θ1 − θ3 <= 0.1 rad: f13 <= 100
    let a = solve(&case);
    case.settings.model.kvl = KvlMethod::Cycles;
    let c = solve(&case);
    case.settings.model.kvl = KvlMethod::Ptdf;
    let p = solve(&case);
    assert!((a.line_flow_mw[1][0] - 100.0).abs() < 1e-6);
    assert!((a.objective_usd - c.objective_usd).abs() < 1e-6 && (a.objective_usd - p.objective_usd).abs() < 1e-6);
}

#[test]
fn tiny_has_no_cycles_so_dc_equals_transport() {
    let t = solve(&tiny());
    let d = solve(&with(tiny(), Formulation::Dc, KvlMethod::Cycles));
    assert!((t.objective_usd - d.objective_usd).abs() < 1e-6);
}

/// Random meshed networks with taps and phase shifts: the three implementations give
/// the same optimum, and the flows satisfy Kirchhoff's voltage law around every
/// cycle (checked from the angles by `verify`).
#[test]
fn random_meshed_networks_both_methods_agree() {
    for seed in 100..130 {
        let mut rng = Rng(seed);
        let r = 3 + (seed as usize % 6);
        let mut case = random_case(seed, r, 4);
        for g in &mut case.network.generators {
            g.p_min_mw = 0.0; // must-run can make a meshed case infeasible; not the point here
        }
        // Extra lines to make loops, some parallel, with taps and shifts.
        for i in 0..r {
            let a = (rng.next() * r as f64) as usize % r;
            let b = (a + 1 + (rng.next() * (r - 1) as f64) as usize) % r;
            let mut l = Line::new(format!("m{i}"), a, b, rng.range(30.0, 300.0).round(), 0.05);
            if rng.next() < 0.3 {
                l.tap_ratio = rng.range(0.9, 1.1);
            }
            if rng.next() < 0.3 {
                l.phase_shift_deg = rng.range(-0.3, 0.3); // larger shifts drive loop flows above the limits: infeasible
            }
            case.network.lines.push(l);
        }
        for l in &mut case.network.lines {
            l.x_pu = rng.range(0.02, 0.1);
        }
        let a = solve(&with(case.clone(), Formulation::Dc, KvlMethod::Angles));
        let c = solve(&with(case.clone(), Formulation::Dc, KvlMethod::Cycles));
        let rel = (a.objective_usd - c.objective_usd).abs() / a.objective_usd.abs().max(1.0);
        assert!(rel < 1e-7, "seed {seed}: angles {} vs cycles {}", a.objective_usd, c.objective_usd);
        let p = solve(&with(case.clone(), Formulation::Dc, KvlMethod::Ptdf));
        let rel = (a.objective_usd - p.objective_usd).abs() / a.objective_usd.abs().max(1.0);
        assert!(rel < 1e-7, "seed {seed}: angles {} vs ptdf {}", a.objective_usd, p.objective_usd);
        // Prices are the balance rows' duals in every method.
        for (pa, pp) in a.price_usd_per_mwh.iter().zip(&p.price_usd_per_mwh) {
            for (x, y) in pa.iter().zip(pp) {
                assert!(
                    (x - y).abs() < 1e-5 * x.abs().max(1.0) || a.unserved_mw.iter().flatten().any(|u| *u > 0.0),
                    "seed {seed}: price {x} vs {y}"
                );
            }
        }
        let t = solve(&case);
        assert!(t.objective_usd <= a.objective_usd + 1e-6 * a.objective_usd.abs().max(1.0), "seed {seed}: transport is a relaxation of dc");
    }
}
