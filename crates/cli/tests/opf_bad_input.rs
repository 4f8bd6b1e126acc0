//! `nagrid opf` on bad MATPOWER files: exit code 1 (never 0 and never a panic's 101),
//! every problem on stderr naming the file, line, matrix row, column and value, and
//! no run folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn case5() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/pglib/pglib_opf_case5_pjm.m");
    std::fs::read_to_string(p).unwrap()
}

/// Replace the 1-based column `col` of the matrix row on file line `line`.
fn set(text: &str, line: usize, col: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let row = lines[line - 1].trim().trim_end_matches(';').to_string();
    let mut toks: Vec<String> = row.split_whitespace().map(String::from).collect();
    toks[col - 1] = value.to_string();
    lines[line - 1] = format!("\t{};", toks.join("\t"));
    lines.join("\n") + "\n"
}

/// Run `nagrid opf` on `text` with these extra arguments; the run folder it was given.
fn opf(dir: &Path, text: &str, args: &[&str]) -> (Output, PathBuf) {
    let file = dir.join("bad.m");
    std::fs::write(&file, text).unwrap();
    let out = dir.join("run");
    let o = Command::new(env!("CARGO_BIN_EXE_nagrid")).arg("opf").arg(&file).arg("--out").arg(&out).args(args).output().unwrap();
    (o, out)
}

/// Exit 1, nothing on stdout, no run folder, and each of `says` on stderr.
fn refused(text: &str, args: &[&str], says: &[&str]) {
    let d = tempfile::tempdir().unwrap();
    let (o, out) = opf(d.path(), text, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(o.stdout.is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(!out.exists());
    for s in says {
        assert!(err.contains(s), "no '{s}' in:\n{err}");
    }
}

#[test]
fn branch_to_a_missing_bus_is_refused() {
    // Dropped before, and case5's objective moved from 17,479.90 to 18,290.04 USD/h.
    refused(
        &set(&case5(), 74, 2, "9"),
        &[],
        &["bad.m, line 74, column 'mpc.branch row 6, T_BUS (column 2)', value '9': no bus 9 in mpc.bus"],
    );
}

#[test]
fn values_the_solver_cannot_take_are_input_errors() {
    // PD NaN or 1e308 made HiGHS panic; x 1e-30 with angles too.
    refused(&set(&case5(), 40, 3, "NaN"), &[], &["line 40, column 'mpc.bus row 2, PD (column 3)', value 'NaN'"]);
    refused(&set(&case5(), 40, 3, "1e308"), &["--kvl", "angles"], &["line 40, column 'mpc.bus row 2, PD (column 3)', value '1e308'"]);
    refused(&set(&case5(), 70, 4, "1e-30"), &["--kvl", "angles"], &["line 70, column 'mpc.branch row 2, BR_X (column 4)', value '1e-30'"]);
    refused(&set(&case5(), 70, 4, "NaN"), &[], &["value 'NaN': reactance BR_X (p.u.) must be a finite number"]);
}

#[test]
fn silent_changes_are_refused() {
    refused(&set(&case5(), 59, 4, "-1"), &[], &["line 59, column 'mpc.gencost row 1, NCOST (column 4)', value '-1'"]);
    refused(&set(&case5(), 51, 8, "NaN"), &[], &["line 51, column 'mpc.gen row 3, GEN_STATUS (column 8)', value 'NaN'"]);
    refused(&set(&case5(), 49, 10, "50"), &[], &["line 49, column 'mpc.gen row 1, PMIN (column 10)', value '50': PMIN exceeds PMAX (40)"]);
    refused(&set(&case5(), 40, 1, "2.5"), &[], &["line 40, column 'mpc.bus row 2, BUS_I (column 1)', value '2.5'"]);
    refused(&set(&case5(), 60, 5, "-1"), &["--costs", "quadratic"], &["mpc.gencost row 2, COST (column 5)', value '-1'", "non-convex"]);
}

#[test]
fn every_problem_in_one_run() {
    let mut t = set(&case5(), 40, 3, "NaN");
    t = set(&t, 51, 8, "NaN");
    t = set(&t, 74, 2, "9");
    t = t.replace("mpc.baseMVA = 100.0;", "mpc.baseMVA = 0;");
    refused(&t, &[], &["4 input problem(s)", "mpc.baseMVA", "PD (column 3)", "GEN_STATUS", "T_BUS"]);
}

#[test]
fn broken_files_are_refused() {
    refused("", &[], &["no mpc.baseMVA", "no mpc.bus matrix", "no mpc.gen matrix", "no mpc.branch matrix"]);
    // Line 44 closes mpc.bus.
    let text = case5();
    let unclosed: Vec<&str> = text.lines().enumerate().filter(|(i, _)| *i != 43).map(|(_, l)| l).collect();
    refused(&unclosed.join("\n"), &[], &["line 38, column 'mpc.bus', value '[': the matrix is not closed"]);
    refused("\u{0}\u{1}\u{2}\u{ff}garbage", &[], &["no mpc.bus matrix"]);
}

#[test]
fn valid_case_still_solves() {
    let d = tempfile::tempdir().unwrap();
    let (o, out) = opf(d.path(), &case5(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("objective 17479.8969 USD/h"));
    assert!(out.join("summary.json").is_file());
}

#[test]
fn isolated_bus_gives_empty_price_not_nan() {
    // An isolated bus 6 (type 4) without load: valid, left out as in MATPOWER.
    let t = case5();
    let row = "\t5\t 2\t 0.0\t 0.0\t 0.0\t 0.0\t 1\t    1.00000\t    0.00000\t 230.0\t 1\t    1.10000\t    0.90000;\n";
    let t = t.replacen(row, &format!("{row}\t6 4 0 0 0 0 1 1 0 230 1 1.1 0.9;\n"), 1);
    let d = tempfile::tempdir().unwrap();
    let (o, out) = opf(d.path(), &t, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("objective 17479.8969 USD/h"));
    let buses = std::fs::read_to_string(out.join("buses.csv")).unwrap();
    assert!(!buses.to_lowercase().contains("nan") && buses.ends_with("\n6,,\n"), "{buses}");
    // With load, the load would be dropped silently: refused.
    refused(&set(&t, 44, 3, "10"), &[], &["line 44, column 'mpc.bus row 6, PD (column 3)', value '10'", "would not be served"]);
}
