//! `nagrid import-pypsa` and `nagrid export-pypsa` end to end (the translation
//! itself is tested in nagrid-io and nagrid-study).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nagrid(args: &[&Path]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nagrid"));
    c.args(args);
    c.output().unwrap()
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

/// `objective_usd` of a run folder's run.json.
fn objective(run: &Path) -> f64 {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(run.join("run.json")).unwrap()).unwrap();
    fn find(v: &serde_json::Value) -> Option<f64> {
        match v {
            serde_json::Value::Object(m) => m.get("objective_usd").and_then(|x| x.as_f64()).or_else(|| m.values().find_map(find)),
            _ => None,
        }
    }
    find(&v).expect("objective_usd in run.json")
}

fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn imported_pypsa_fixture_runs_to_pypsas_objective() {
    let d = tempfile::tempdir().unwrap();
    let (case, run) = (d.path().join("case"), d.path().join("run"));
    let fixture = repo("crates/io/tests/fixtures/pypsa/five-bus");
    let out = ok(&nagrid(&[Path::new("import-pypsa"), &fixture, &case]));
    assert!(out.contains("5 regions, 11 generators, 2 storage units, 5 AC lines (dc formulation), 2 links; 48 hours"), "{out}");
    ok(&nagrid(&[Path::new("run"), &case, Path::new("--quiet"), Path::new("--out"), &run]));
    let rec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("crates/io/tests/fixtures/pypsa/five-bus.pypsa.json")).unwrap()).unwrap();
    let pypsa = rec["objective_usd"].as_f64().unwrap();
    assert!((objective(&run) - pypsa).abs() <= 1e-6 * pypsa, "{} vs {pypsa}", objective(&run));
    // An existing case folder is not overwritten.
    let again = nagrid(&[Path::new("import-pypsa"), &fixture, &case]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn export_then_import_of_tiny_keeps_its_cost() {
    let d = tempfile::tempdir().unwrap();
    let (pypsa, case) = (d.path().join("pypsa"), d.path().join("case"));
    let out = ok(&nagrid(&[Path::new("export-pypsa"), &repo("inputs/tiny"), &pypsa]));
    assert!(out.contains("pypsa.Network"), "{out}");
    for f in ["network.csv", "snapshots.csv", "buses.csv", "generators.csv", "loads-p_set.csv", "links.csv", "storage_units.csv"] {
        assert!(pypsa.join(f).is_file(), "{f}");
    }
    ok(&nagrid(&[Path::new("import-pypsa"), &pypsa, &case]));
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    ok(&nagrid(&[Path::new("run"), &repo("inputs/tiny"), Path::new("-q"), Path::new("--out"), &a]));
    ok(&nagrid(&[Path::new("run"), &case, Path::new("-q"), Path::new("--out"), &b]));
    assert!((objective(&a) - objective(&b)).abs() <= 1e-9 * objective(&a), "{} vs {}", objective(&a), objective(&b));
}

#[test]
fn warnings_go_to_stderr_and_errors_fail() {
    let d = tempfile::tempdir().unwrap();
    let net = d.path().join("net");
    std::fs::create_dir_all(&net).unwrap();
    for e in std::fs::read_dir(repo("crates/io/tests/fixtures/pypsa/five-bus")).unwrap().flatten() {
        std::fs::copy(e.path(), net.join(e.file_name())).unwrap();
    }
    std::fs::write(net.join("stores.csv"), "name,bus,e_nom\nh2,west,1000\n").unwrap();
    let o = nagrid(&[Path::new("import-pypsa"), &net, &d.path().join("case")]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: stores.csv: stores (energy stores on their own bus) are not translated (h2)"), "{err}");
    std::fs::write(net.join("links.csv"), "name,bus0,bus1,p_nom\nk,west,atlantis,100\n").unwrap();
    let o = nagrid(&[Path::new("import-pypsa"), &net, &d.path().join("case2")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("links.csv, line 2, column 'bus1', value 'atlantis': not an active bus of buses.csv"), "{err}");
    assert!(!d.path().join("case2").exists(), "nothing is written on error");
}
