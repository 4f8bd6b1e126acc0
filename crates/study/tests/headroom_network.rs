//! Network-aware headroom on inputs/tiny, checked by hand.
//!
//! Canada (`can`): hydro 1,000 MW, load 300 MW, so 700 MW spare in every hour; the
//! AC line to the US carries 500 MW, and the US has at least 700 MW of its own spare
//! gas in every hour (2,500 MW + solar − load: 1,000 / 900 / 700 / 1,000 MW) besides
//! what it imports from Canada. A constant new load L in Canada is therefore served
//! up to h MW in every hour: h = 700 islanded, 700 + 500 = 1,200 with the line (the
//! line turns round and the US gas serves it). With the same h in all four hours the
//! curtailed energy is 4 (L − h) and the limit 4 L s, so the headroom is h / (1 − s):
//! islanded 707.07 / 736.84 / 777.78 MW at 1 / 5 / 10 %, existing 1,212.12 /
//! 1,263.16 / 1,333.33 MW. A candidate 100 MW DC link Canada – US adds 100 MW to h
//! (the US spare, ≥ 700 MW, covers 600): 1,313.13 / 1,368.42 / 1,444.44 MW.

use nagrid_study::headroom::{network_headroom, ConfigKind, NetworkHeadroomOptions};
use nagrid_study::StudyError;
use std::path::{Path, PathBuf};

mod common;
use common::tiny;

const TOL_MW: f64 = 1.0;
const SHARES: [f64; 3] = [1.0, 5.0, 10.0];

/// inputs/tiny with a candidate 100 MW DC link Canada – US.
fn tiny_with_candidate(dir: &Path) -> PathBuf {
    let case = dir.join("tiny");
    common::copy_tiny(&case, &["links.csv"]);
    std::fs::write(
        case.join("links.csv"),
        "id,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency,wheeling_cost_usd_per_mwh,status\n\
         usa_mex,usa,mex,back_to_back,200,200,0.97,0,existing\n\
         can_usa_dc,can,usa,hvdc,100,100,1,0,candidate\n",
    )
    .unwrap();
    case
}

fn opts(out: &Path, region: &str) -> NetworkHeadroomOptions {
    let mut o = NetworkHeadroomOptions::new(region, SHARES.to_vec());
    o.tolerance_mw = TOL_MW;
    o.out = Some(out.to_path_buf());
    o
}

fn expect(got_mw: f64, hourly_mw: f64, share_pct: f64, what: &str) {
    let want = hourly_mw / (1.0 - share_pct / 100.0);
    // The reported value is the largest load found feasible: at most the true headroom
    // (up to the LP's accuracy), and within the bisection tolerance of it.
    assert!(got_mw <= want + 0.01 && got_mw >= want - TOL_MW, "{what} at {share_pct} %: {got_mw} MW, want {want:.2} MW");
}

#[test]
fn canada_by_hand_islanded_existing_and_a_candidate() {
    let tmp = tempfile::tempdir().unwrap();
    let case = tiny_with_candidate(tmp.path());
    let out = tmp.path().join("hr");
    let rep = network_headroom(&case, &opts(&out, "can"), &|_| {}).unwrap();
    let names: Vec<&str> = rep.configs.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["islanded", "existing", "+can_usa_dc"]);
    assert!(matches!(&rep.configs[2].kind, ConfigKind::Candidate { id, capacity_mw, .. } if id == "can_usa_dc" && *capacity_mw == 100.0));
    for (c, h) in rep.configs.iter().zip([700.0, 1200.0, 1300.0]) {
        assert_eq!(c.baseline.unserved_mwh, 0.0);
        for (s, share) in c.shares.iter().zip(SHARES) {
            assert_eq!(s.share_pct, share);
            expect(s.lo_mw, h, share, &c.name);
            let hi = s.hi_mw.expect("a bracket closed from above");
            assert!(hi - s.lo_mw <= TOL_MW + 1e-9, "{}: bracket [{}, {hi}]", c.name, s.lo_mw);
            assert!(!s.unconverged);
        }
        // Monotone in the share.
        assert!(c.shares.windows(2).all(|w| w[0].lo_mw <= w[1].lo_mw), "{}", c.name);
    }
    // The candidate's search starts from the existing network's bracket, so its first
    // share needs fewer runs than the existing network's did from the region's peak.
    assert!(
        rep.configs[2].shares[0].runs < rep.configs[1].shares[0].runs,
        "{:?}",
        rep.configs.iter().map(|c| c.shares[0].runs).collect::<Vec<_>>()
    );
    // Islanded ≤ existing ≤ existing + candidate, share by share.
    for i in 0..SHARES.len() {
        assert!(rep.configs[0].shares[i].lo_mw <= rep.configs[1].shares[i].lo_mw);
        assert!(rep.configs[1].shares[i].lo_mw <= rep.configs[2].shares[i].lo_mw);
    }
    // No reserves, no costlier units: the price is half the value of lost load (3,000).
    assert_eq!(rep.curtail_cost_usd_per_mwh, 1500.0);
    let csv = std::fs::read_to_string(out.join("headroom_network.csv")).unwrap();
    assert!(csv.starts_with("configuration,share_pct,headroom_gw,bracket_low_gw,bracket_high_gw,runs,binding,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 3 * SHARES.len());
    assert!(csv.contains("+can_usa_dc,1,1.313,"), "{csv}");
    let md = std::fs::read_to_string(out.join("headroom_network.md")).unwrap();
    assert!(md.contains("| +can_usa_dc | 1.31 | +0.10 |"), "{md}");
    // Nothing but the run folder is left.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
}

#[test]
fn candidates_none_and_hours() {
    let tmp = tempfile::tempdir().unwrap();
    let case = tiny_with_candidate(tmp.path());
    let mut o = opts(&tmp.path().join("hr"), "can");
    o.candidates = Some(vec!["none".into()]);
    o.shares_pct = vec![5.0];
    o.hours = Some(2);
    let rep = network_headroom(&case, &o, &|_| {}).unwrap();
    assert_eq!(rep.hours, 2);
    assert_eq!(rep.configs.len(), 2);
    expect(rep.configs[1].shares[0].lo_mw, 1200.0, 5.0, "existing, 2 hours");
}

#[test]
fn bad_arguments_fail_before_any_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let err = |o: NetworkHeadroomOptions| match network_headroom(&tiny(), &o, &|_| {}) {
        Err(e @ StudyError::Invalid(_)) => e.to_string(),
        other => panic!("expected an invalid argument, got {other:?}"),
    };
    let e = err(opts(&out, "xyz"));
    assert!(e.contains("unknown region \"xyz\"") && e.contains("valid: usa, can, mex"), "{e}");
    let mut o = opts(&out, "can");
    o.shares_pct = vec![0.0];
    assert!(err(o).contains("outside (0, 100]"));
    let mut o = opts(&out, "can");
    o.shares_pct = vec![1.0, 1.0];
    assert!(err(o).contains("given twice"));
    let mut o = opts(&out, "can");
    o.candidates = Some(vec!["nope".into()]);
    assert!(err(o).contains("the case has no candidate lines or links"));
    assert!(!out.exists());
}
