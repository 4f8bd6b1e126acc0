//! Issue 9, static tables: values the solver cannot take, or that would pass
//! silently, end in an input error (exit 1) naming file, line and column, never a
//! panic (exit 101) or a run that sheds all the load with exit 0.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// A copy of inputs/tiny with `file` replaced by `text`.
fn case_with(file: &str, text: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("series")).unwrap();
    for f in fs::read_dir(tiny()).unwrap().chain(fs::read_dir(tiny().join("series")).unwrap()) {
        let p = f.unwrap().path();
        if p.is_file() {
            let rel = p.strip_prefix(tiny()).unwrap();
            fs::copy(&p, d.path().join(rel)).unwrap();
        }
    }
    fs::write(d.path().join(file), text).unwrap();
    d
}

fn nagrid(args: &[&str], case: &Path) -> Output {
    let out = case.join("out");
    let mut c = Command::new(env!("CARGO_BIN_EXE_nagrid"));
    c.args(args).arg(case);
    if args[0] == "run" {
        c.arg("--out").arg(out);
    }
    c.output().unwrap()
}

fn assert_input_error(o: &Output, expect: &[&str]) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stdout: {}\nstderr: {err}", String::from_utf8_lossy(&o.stdout));
    for e in expect {
        assert!(err.contains(e), "no '{e}' in {err}");
    }
}

const GEN_HEADER: &str = "id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n";

#[test]
fn huge_p_min_and_p_max_are_input_errors_not_solver_panics() {
    let d = case_with(
        "generators.csv",
        &format!("{GEN_HEADER}can_hydro,can,hydro,1000,0,5,0\nusa_solar,usa,solar,400,0,0,0\nusa_gas,usa,gas_cc,1e308,1e300,40,0.37\n"),
    );
    for cmd in ["validate", "run"] {
        assert_input_error(
            &nagrid(&[cmd], d.path()),
            &["generators.csv, line 4, column 'p_max_mw', value '1e308'", "column 'p_min_mw', value '1e300'"],
        );
    }
}

#[test]
fn tiny_reactance_with_angles_is_an_input_error() {
    let d = case_with("lines.csv", "id,from_region,to_region,s_max_mw,x_pu\ncan_usa,can,usa,500,1e-30\n");
    let toml = fs::read_to_string(d.path().join("study.toml")).unwrap();
    fs::write(d.path().join("study.toml"), toml.replace("[output]", "[model]\nformulation = \"dc\"\nkvl = \"angles\"\n\n[output]"))
        .unwrap();
    assert_input_error(&nagrid(&["run"], d.path()), &["lines.csv, line 2, column 'x_pu', value '1e-30'"]);
}

#[test]
fn header_only_generators_fail_instead_of_shedding_all_load() {
    let d = case_with("generators.csv", GEN_HEADER);
    fs::remove_file(d.path().join("series/generators-p_max_pu.csv")).unwrap();
    for cmd in ["validate", "run"] {
        assert_input_error(&nagrid(&[cmd], d.path()), &["generators.csv: no generators: the case cannot serve its load"]);
    }
}

#[test]
fn a_file_of_bad_rows_prints_fifty_problems_and_a_count() {
    let mut g = String::from(GEN_HEADER);
    for k in 0..5000 {
        g.push_str(&format!("g{k},atlantis,gas,-1,0,30\n"));
    }
    let d = case_with("generators.csv", &g);
    fs::remove_file(d.path().join("series/generators-p_max_pu.csv")).unwrap();
    let o = nagrid(&["validate"], d.path());
    assert_input_error(&o, &["15000 input problem(s)", "generators.csv: … and 14950 more problems in this file"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.lines().filter(|l| l.contains("generators.csv")).count() == 51, "{err}");
}
