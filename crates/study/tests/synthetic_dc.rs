//! The synthetic `dc` case (`nagrid synthetic --formulation dc`): a meshed grid
//! that validates, reaches every region, has loops for Kirchhoff's voltage law,
//! is deterministic for a seed, and solves to optimality; the `transport` case is
//! unchanged by it.

use nagrid_model::{Case, Formulation};
use nagrid_study::synthetic::{synthetic_case, synthetic_case_with};
use nagrid_study::{run, validate_in_year, RunOptions};

/// Number of connected components of the AC graph (union-find over the lines).
fn components(case: &Case) -> usize {
    fn root(p: &mut [usize], mut a: usize) -> usize {
        while p[a] != a {
            a = p[a];
        }
        a
    }
    let n = case.network.regions.len();
    let mut p: Vec<usize> = (0..n).collect();
    for l in &case.network.lines {
        let (a, b) = (root(&mut p, l.from), root(&mut p, l.to));
        p[a] = b;
    }
    (0..n).filter(|&r| root(&mut p, r) == r).count()
}

#[test]
fn dc_case_is_meshed_connected_and_deterministic() {
    let case = synthetic_case_with(30, 24, 1, Formulation::Dc);
    let net = &case.network;
    assert_eq!(case.settings.model.formulation, Formulation::Dc);
    assert_eq!(net.regions.len(), 30);
    assert_eq!(net.lines.len(), 60, "about two AC lines per region");
    assert_eq!(net.links.len(), 12, "about one HVDC link per 2.5 regions");
    assert_eq!(components(&case), 1, "every region reachable over AC lines");
    let cycles = net.lines.len() - net.regions.len() + components(&case);
    assert!(cycles >= 15, "independent cycles: {cycles}");
    // Corridors: each pair of regions at most once, lines and links not in parallel.
    let mut pairs: Vec<(usize, usize)> = net
        .lines
        .iter()
        .map(|l| (l.from.min(l.to), l.from.max(l.to)))
        .chain(net.links.iter().map(|k| (k.from.min(k.to), k.from.max(k.to))))
        .collect();
    let n = pairs.len();
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), n, "a corridor appears twice");
    for l in &net.lines {
        assert!(l.from != l.to);
        assert!((1e-3..0.2).contains(&l.x_pu), "{}: x_pu {}", l.id, l.x_pu);
        assert!((1000.0..=3000.0).contains(&l.s_max_mw), "{}: s_max {}", l.id, l.s_max_mw);
        assert_eq!((l.s_max_reverse_mw, l.hurdle_usd_per_mwh, l.tap_ratio, l.phase_shift_deg), (l.s_max_mw, 0.0, 1.0, 0.0));
    }
    for k in &net.links {
        assert!(k.from != k.to && k.efficiency > 0.85 && k.efficiency < 1.0, "{k:?}");
        assert_eq!(k.p_max_forward_mw, k.p_max_reverse_mw);
    }
    // Deterministic for a seed; another seed gives another grid.
    assert_eq!(synthetic_case_with(30, 24, 1, Formulation::Dc), case);
    assert_ne!(synthetic_case_with(30, 24, 2, Formulation::Dc).network.lines, net.lines);
    // Regions, fleet and series do not depend on the formulation.
    let tr = synthetic_case(30, 24, 1);
    assert_eq!((&tr.network.regions, &tr.network.generators, &tr.network.storage), (&net.regions, &net.generators, &net.storage));
    assert_eq!((&tr.load_mw, &tr.gen_p_max_pu), (&case.load_mw, &case.gen_p_max_pu));
    // Small and large cases stay connected and meshed.
    for regions in [2, 3, 5, 12, 200] {
        let c = synthetic_case_with(regions, 2, 7, Formulation::Dc);
        assert_eq!(components(&c), 1, "{regions} regions");
        let cycles = c.network.lines.len() + 1 - regions;
        assert!(cycles > 0 || regions < 4, "{regions} regions: {} lines", c.network.lines.len());
    }
}

/// The `transport` case's grid is unchanged by the `dc` case: a ring with chords,
/// 3 HVDC links at 30 regions, and the first line that `nagrid synthetic
/// --regions 30 --hours 24 --seed 1` wrote before the `dc` case existed.
#[test]
fn transport_case_is_unchanged() {
    let c = synthetic_case(30, 24, 1);
    assert_eq!(c.settings.model.formulation, Formulation::Transport);
    assert_eq!(c.name, "synthetic-30");
    assert_eq!((c.network.lines.len(), c.network.links.len()), (45, 3));
    let l = &c.network.lines[0];
    assert_eq!((l.id.as_str(), l.from, l.to, l.s_max_mw, l.x_pu), ("ac_00_01", 0, 1, 1947.0, 0.010669891270670353));
}

#[test]
fn dc_case_validates_and_solves_a_day_to_optimality() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("syn-dc");
    let case = synthetic_case_with(30, 24, 1, Formulation::Dc);
    nagrid_io::write_case(&dir, &case).unwrap();
    let back = validate_in_year(&dir, None, None).unwrap();
    assert_eq!(back.settings.model.formulation, Formulation::Dc);
    assert_eq!((back.network.lines.len(), back.network.links.len(), back.axis.hours), (60, 12, 24));
    let r = run(&dir, &RunOptions { out: Some(d.path().join("run")), quiet: true, ..Default::default() }).unwrap();
    assert_eq!(r.status, nagrid_opf::SolveStatus::Optimal);
    let s = r.summary.unwrap();
    assert!(s.checks.max_balance_mw < 1e-6, "{:?}", s.checks);
    assert!(s.checks.max_kvl_mw < 1e-6, "{:?}", s.checks);
    // One row per region, storage unit and basis cycle per hour: cycles are in the LP.
    assert_eq!(r.stats.rows, 24 * (30 + 30 + 31));
}
