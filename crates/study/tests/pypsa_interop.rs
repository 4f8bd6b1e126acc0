//! PyPSA interop against PyPSA itself: the network of
//! crates/io/tests/fixtures/pypsa/five-bus/ was built and solved with PyPSA and
//! HiGHS by benches/peer/make_pypsa_fixture.py, which recorded PyPSA's objective in
//! five-bus.pypsa.json. Imported by nagrid and solved, it must give that objective
//! (1e-6 relative); written back in PyPSA's format and imported again, the same.
//! No Python is needed here.

use nagrid_io::pypsa::{import_pypsa, read_pypsa, write_pypsa};
use nagrid_model::{Case, Formulation};
use nagrid_opf::{dispatch, DispatchOptions};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../io/tests/fixtures/pypsa")
}

/// PyPSA's objective and version as recorded by make_pypsa_fixture.py.
fn recorded() -> (f64, String) {
    let text = std::fs::read_to_string(fixtures().join("five-bus.pypsa.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    (v["objective_usd"].as_f64().unwrap(), v["versions"]["pypsa"].as_str().unwrap().to_string())
}

fn objective(case: &Case) -> f64 {
    let out = dispatch(case, &DispatchOptions::from_settings(&case.settings)).unwrap();
    assert!(out.status.is_optimal(), "{:?}", out.status);
    out.solution.unwrap().objective_usd
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

#[test]
fn imported_pypsa_network_solves_to_pypsas_objective() {
    let imp = read_pypsa(&fixtures().join("five-bus")).unwrap();
    assert!(imp.warnings.is_empty(), "everything in the fixture translates: {:?}", imp.warnings);
    let c = &imp.case;
    assert_eq!(c.settings.model.formulation, Formulation::Dc);
    assert_eq!((c.network.regions.len(), c.network.lines.len(), c.network.links.len(), c.network.storage.len()), (5, 5, 2, 2));
    assert_eq!(c.axis.hours, 48);
    let (pypsa, version) = recorded();
    let nagrid = objective(c);
    let d = rel(nagrid, pypsa);
    println!("five-bus: nagrid {nagrid:.6} USD, PyPSA {version} {pypsa:.6} USD, relative difference {d:.2e}");
    assert!(d <= 1e-6, "nagrid {nagrid} vs PyPSA {pypsa}: {d:e}");
}

/// The lines carry Kirchhoff's law: as transfer limits the same network is cheaper,
/// so matching PyPSA's objective needs the `dc` formulation.
#[test]
fn the_fixture_needs_kirchhoffs_law() {
    let mut c = read_pypsa(&fixtures().join("five-bus")).unwrap().case;
    let dc = objective(&c);
    c.settings.model.formulation = Formulation::Transport;
    let transport = objective(&c);
    assert!(transport < dc * (1.0 - 1e-4), "transport {transport} should be below dc {dc}");
}

#[test]
fn export_then_import_keeps_the_objective() {
    let tmp = tempfile::tempdir().unwrap();
    let a = read_pypsa(&fixtures().join("five-bus")).unwrap().case;
    let out = tmp.path().join("exported");
    let warnings = write_pypsa(&a, &out).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let b = read_pypsa(&out).unwrap();
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let n = &b.case.network;
    assert_eq!((n.regions.len(), n.generators.len(), n.lines.len(), n.links.len(), n.storage.len()), (5, 11, 5, 2, 2));
    assert_eq!(b.case.network.regions, a.network.regions, "countries, zones and coordinates survive");
    let (oa, ob) = (objective(&a), objective(&b.case));
    assert!(rel(ob, oa) <= 1e-9, "before {oa}, after {ob}");
    // A second export of the re-imported case is the same files (but for the last
    // bit of line reactances: ohm ↔ per unit rounds).
    let again = tmp.path().join("again");
    write_pypsa(&b.case, &again).unwrap();
    for (l, m) in a.network.lines.iter().zip(&n.lines) {
        assert!(rel(m.x_pu, l.x_pu) < 1e-15, "{}: {} vs {}", l.id, l.x_pu, m.x_pu);
    }
    for f in ["generators.csv", "links.csv", "storage_units.csv", "loads-p_set.csv", "generators-p_max_pu.csv"] {
        let (x, y) = (std::fs::read_to_string(out.join(f)).unwrap(), std::fs::read_to_string(again.join(f)).unwrap());
        assert_eq!(x, y, "{f}");
    }
}

/// The case folder `nagrid import-pypsa` writes reads back (through the study's
/// reader) to the same objective.
#[test]
fn imported_case_folder_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("five-bus");
    let imp = import_pypsa(&fixtures().join("five-bus"), &dir).unwrap();
    let (c, _) = nagrid_study::load_case(&dir, None).unwrap();
    assert!(rel(objective(&c), objective(&imp.case)) <= 1e-12);
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).unwrap();
    assert!(sources.contains("PyPSA 1.4.0") && sources.contains("Everything in the folder was translated"), "{sources}");
}
