//! Every bad MATPOWER input is refused with an issue naming the file, the line, the
//! matrix, its data row, the MATPOWER column and the value; all issues of a file are
//! reported in one pass. The edits are made to PGLib's case5 (pglib_opf_case5_pjm.m).

use nagrid_io::matpower::{matpower_to_case, parse_matpower, read_matpower, CostMode};
use nagrid_io::IoError;
use nagrid_model::Issue;
use std::path::{Path, PathBuf};

const FILE: &str = "case5.m";
// File lines of the first row of each matrix in case5.
const BUS: usize = 39;
const GEN: usize = 49;
const GENCOST: usize = 59;
const BRANCH: usize = 69;

fn case5_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/pglib/pglib_opf_case5_pjm.m")
}

fn case5() -> String {
    std::fs::read_to_string(case5_path()).unwrap()
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

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no '{from}'");
    text.replacen(from, to, 1)
}

fn issues(text: &str) -> Vec<Issue> {
    match parse_matpower("case5", FILE, text) {
        Err(IoError::Input(i)) => i.0,
        Ok(_) => panic!("expected input problems"),
        Err(e) => panic!("unexpected error {e}"),
    }
}

/// An issue at this file line, column label and value, whose message contains `says`.
fn assert_issue(found: &[Issue], line: Option<usize>, column: &str, value: &str, says: &str) {
    assert!(
        found.iter().any(|i| i.file == FILE
            && i.row == line
            && i.column.as_deref() == Some(column)
            && i.value.as_deref() == Some(value)
            && i.message.contains(says)),
        "no issue at line {line:?} {column}='{value}' saying '{says}' in:\n{}",
        found.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n")
    );
}

/// Shortcut: exactly one issue, at this line, column and value.
fn only_issue(text: &str, line: usize, column: &str, value: &str, says: &str) {
    let found = issues(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_issue(&found, Some(line), column, value, says);
}

#[test]
fn case5_reads_cleanly_with_line_numbers() {
    let mpc = parse_matpower("case5", FILE, &case5()).unwrap();
    assert_eq!((mpc.bus.len(), mpc.gen.len(), mpc.branch.len(), mpc.gencost.len()), (5, 5, 6, 5));
    assert_eq!(mpc.lines.bus[0], BUS);
    assert_eq!(mpc.lines.branch[5], BRANCH + 5);
    assert_eq!(mpc.lines.base_mva, Some(28));
    let from_file = read_matpower(&case5_path()).unwrap();
    assert_eq!(from_file.bus, mpc.bus);
    assert_eq!(from_file.lines.gencost, mpc.lines.gencost);
    let (case, map) = matpower_to_case(&mpc, CostMode::Quadratic).unwrap();
    assert_eq!(case.network.lines.len(), 6);
    assert_eq!(map.gen_index.iter().flatten().count(), 5);
}

#[test]
fn branch_to_a_missing_bus() {
    // Dropped before: case5's objective moved from 17,479.90 to 18,290.04 USD/h.
    let t = set(&case5(), BRANCH + 5, 2, "9");
    only_issue(&t, BRANCH + 5, "mpc.branch row 6, T_BUS (column 2)", "9", "no bus 9 in mpc.bus");
}

#[test]
fn generator_at_a_missing_bus() {
    let t = set(&case5(), GEN + 2, 1, "33");
    only_issue(&t, GEN + 2, "mpc.gen row 3, GEN_BUS (column 1)", "33", "no bus 33");
}

#[test]
fn bad_ncost_and_model() {
    let c = "mpc.gencost row 1, NCOST (column 4)";
    only_issue(&set(&case5(), GENCOST, 4, "-1"), GENCOST, c, "-1", "whole number from 1 to 3");
    only_issue(&set(&case5(), GENCOST, 4, "2.5"), GENCOST, c, "2.5", "whole number");
    only_issue(&set(&case5(), GENCOST, 4, "0"), GENCOST, c, "0", "whole number");
    only_issue(&set(&case5(), GENCOST, 4, "NaN"), GENCOST, c, "NaN", "whole number");
    only_issue(&set(&case5(), GENCOST, 4, "5"), GENCOST, c, "5", "NCOST = 5 needs 5 cost coefficients after it, found 3");
    only_issue(&set(&case5(), GENCOST + 1, 1, "3"), GENCOST + 1, "mpc.gencost row 2, MODEL (column 1)", "3", "MODEL must be 1");
    only_issue(&set(&case5(), GENCOST + 1, 1, "1"), GENCOST + 1, "mpc.gencost row 2, MODEL (column 1)", "1", "piecewise-linear");
    // A cubic term is refused unless it is zero.
    let cubic = replace(&case5(), "2\t 0.0\t 0.0\t 3\t   0.000000\t  14.000000", "2\t 0.0\t 0.0\t 4\t 0.5\t   0.000000\t  14.000000");
    let cubic = replace(&cubic, "2\t 0.0\t 0.0\t 3\t   0.000000\t  15.000000\t   0.000000;", "2 0 0 3 0 15 0 0;");
    only_issue(&cubic, GENCOST, "mpc.gencost row 1, COST (column 5)", "0.5", "c3 must be 0");
    let zero_cubic = replace(&cubic, "4\t 0.5", "4\t 0");
    parse_matpower("case5", FILE, &zero_cubic).unwrap();
}

#[test]
fn gencost_rows_do_not_match_generators() {
    let t = replace(&case5(), "\t2\t 0.0\t 0.0\t 3\t   0.000000\t  10.000000\t   0.000000;\n", "");
    let found = issues(&t);
    assert!(found.len() == 1 && found[0].message.contains("mpc.gencost has 4 rows for 5 generators"), "{found:#?}");
}

#[test]
fn generator_status_nan() {
    let t = set(&case5(), GEN + 2, 8, "NaN");
    only_issue(&t, GEN + 2, "mpc.gen row 3, GEN_STATUS (column 8)", "NaN", "status must be a number");
    // Any finite number is a status, as in MATPOWER: > 0 in service.
    let (_, map) = matpower_to_case(&parse_matpower("c", FILE, &set(&case5(), GEN + 2, 8, "-1")).unwrap(), CostMode::Linear).unwrap();
    assert_eq!(map.gen_index[2], None);
    let (_, map) = matpower_to_case(&parse_matpower("c", FILE, &set(&case5(), GEN + 2, 8, "2")).unwrap(), CostMode::Linear).unwrap();
    assert!(map.gen_index[2].is_some());
}

#[test]
fn pmin_above_pmax() {
    let t = set(&case5(), GEN, 10, "50");
    only_issue(&t, GEN, "mpc.gen row 1, PMIN (column 10)", "50", "PMIN exceeds PMAX (40)");
}

#[test]
fn bus_numbers_must_be_positive_whole_and_unique() {
    let c = "mpc.bus row 2, BUS_I (column 1)";
    let found = issues(&set(&case5(), BUS + 1, 1, "2.5"));
    assert_issue(&found, Some(BUS + 1), c, "2.5", "positive whole numbers");
    // Bus 2 is then unknown to the branch that names it, and that is said too.
    assert_issue(&found, Some(BRANCH), "mpc.branch row 1, T_BUS (column 2)", "2", "no bus 2");
    assert_issue(&issues(&set(&case5(), BUS + 1, 1, "0")), Some(BUS + 1), c, "0", "positive whole");
    assert_issue(&issues(&set(&case5(), BUS + 1, 1, "-2")), Some(BUS + 1), c, "-2", "positive whole");
    assert_issue(&issues(&set(&case5(), BUS + 1, 1, "Inf")), Some(BUS + 1), c, "inf", "positive whole");
    let found = issues(&set(&case5(), BUS + 2, 1, "2"));
    assert_issue(&found, Some(BUS + 2), "mpc.bus row 3, BUS_I (column 1)", "2", "duplicate bus number (also in row 2)");
    let found = issues(&set(&case5(), BRANCH, 2, "1.5"));
    assert_issue(&found, Some(BRANCH), "mpc.branch row 1, T_BUS (column 2)", "1.5", "positive whole");
}

#[test]
fn branch_reactance() {
    let c = "mpc.branch row 2, BR_X (column 4)";
    only_issue(&set(&case5(), BRANCH + 1, 4, "NaN"), BRANCH + 1, c, "NaN", "finite number");
    only_issue(&set(&case5(), BRANCH + 1, 4, "0"), BRANCH + 1, c, "0", "|x| >= 1e-6 p.u.");
    only_issue(&set(&case5(), BRANCH + 1, 4, "1e-9"), BRANCH + 1, c, "1e-9", "|x| >= 1e-6 p.u.");
    only_issue(&set(&case5(), BRANCH + 1, 4, "1e7"), BRANCH + 1, c, "1e7", "within ±1e6");
    // Negative reactance (series compensation) is valid; x = 0 on a branch out of service too.
    parse_matpower("case5", FILE, &set(&case5(), BRANCH + 1, 4, "-0.03")).unwrap();
    parse_matpower("case5", FILE, &set(&set(&case5(), BRANCH + 1, 4, "0"), BRANCH + 1, 11, "0")).unwrap();
    // A tap ratio that takes x·τ out of range.
    let t = set(&case5(), BRANCH + 1, 9, "1e-5");
    only_issue(&t, BRANCH + 1, "mpc.branch row 2, TAP (column 9)", "1e-5", "BR_X × TAP");
}

#[test]
fn non_finite_and_huge_numbers() {
    let c = case5();
    only_issue(&set(&c, BUS + 1, 3, "NaN"), BUS + 1, "mpc.bus row 2, PD (column 3)", "NaN", "PD (MW) must be a finite number");
    only_issue(&set(&c, BUS + 1, 3, "1e308"), BUS + 1, "mpc.bus row 2, PD (column 3)", "1e308", "within ±1e9");
    only_issue(&set(&c, BUS + 1, 4, "-Inf"), BUS + 1, "mpc.bus row 2, QD (column 4)", "-inf", "finite");
    only_issue(&set(&c, BUS + 1, 5, "2e9"), BUS + 1, "mpc.bus row 2, GS (column 5)", "2e9", "within");
    only_issue(&set(&c, GEN, 2, "inf"), GEN, "mpc.gen row 1, PG (column 2)", "inf", "finite");
    only_issue(&set(&c, GEN, 9, "1e300"), GEN, "mpc.gen row 1, PMAX (column 9)", "1e300", "within ±1e9");
    only_issue(&set(&c, GEN, 10, "-1e300"), GEN, "mpc.gen row 1, PMIN (column 10)", "-1e300", "within ±1e9");
    only_issue(&set(&c, BRANCH, 6, "1e308"), BRANCH, "mpc.branch row 1, RATE_A (column 6)", "1e308", "0 for no limit");
    only_issue(&set(&c, BRANCH, 6, "-5"), BRANCH, "mpc.branch row 1, RATE_A (column 6)", "-5", "cannot be negative");
    only_issue(&set(&c, BRANCH, 9, "-1"), BRANCH, "mpc.branch row 1, TAP (column 9)", "-1", "cannot be negative");
    only_issue(&set(&c, BRANCH, 9, "NaN"), BRANCH, "mpc.branch row 1, TAP (column 9)", "NaN", "finite");
    only_issue(&set(&c, BRANCH, 10, "NaN"), BRANCH, "mpc.branch row 1, SHIFT (column 10)", "NaN", "finite");
    only_issue(&set(&c, BRANCH, 10, "400"), BRANCH, "mpc.branch row 1, SHIFT (column 10)", "400", "within ±360");
    only_issue(&set(&c, BRANCH, 12, "NaN"), BRANCH, "mpc.branch row 1, ANGMIN (column 12)", "NaN", "angle limit");
    only_issue(&set(&c, BRANCH, 12, "40"), BRANCH, "mpc.branch row 1, ANGMIN (column 12)", "40", "ANGMIN exceeds ANGMAX (30)");
    only_issue(&set(&c, GENCOST, 6, "1e300"), GENCOST, "mpc.gencost row 1, COST (column 6)", "1e300", "c1 must be within ±1e12");
    only_issue(&set(&c, GENCOST, 7, "NaN"), GENCOST, "mpc.gencost row 1, COST (column 7)", "NaN", "c0 must be a finite");
    only_issue(&set(&c, GENCOST, 2, "Inf"), GENCOST, "mpc.gencost row 1, STARTUP (column 2)", "inf", "finite");
    // No limit on angles may be written as ±Inf.
    parse_matpower("case5", FILE, &set(&set(&c, BRANCH, 12, "-Inf"), BRANCH, 13, "Inf")).unwrap();
}

#[test]
fn base_mva() {
    for (v, shown) in [("0", "0"), ("-100", "-100"), ("NaN", "NaN"), ("Inf", "inf"), ("1e308", "1e308")] {
        let t = replace(&case5(), "mpc.baseMVA = 100.0;", &format!("mpc.baseMVA = {v};"));
        only_issue(&t, 28, "mpc.baseMVA", shown, "baseMVA must be a positive number");
    }
    only_issue(&replace(&case5(), "mpc.baseMVA = 100.0;", "mpc.baseMVA = hundred;"), 28, "mpc.baseMVA", "hundred", "positive number");
    let found = issues(&replace(&case5(), "mpc.baseMVA = 100.0;", ""));
    assert!(found.len() == 1 && found[0].message.contains("no mpc.baseMVA"), "{found:#?}");
}

#[test]
fn rows_with_too_few_columns() {
    let t = replace(
        &case5(),
        "\t3\t 4\t 0.00297\t 0.0297\t 0.00674\t 426\t 426\t 426\t 0.0\t 0.0\t 1\t -30.0\t 30.0;",
        "\t3\t 4\t 0.00297\t 0.0297;",
    );
    only_issue(&t, BRANCH + 4, "mpc.branch row 5", "4", "at least 11 columns");
    let t = replace(
        &case5(),
        "\t5\t 2\t 0.0\t 0.0\t 0.0\t 0.0\t 1\t    1.00000\t    0.00000\t 230.0\t 1\t    1.10000\t    0.90000;",
        "\t5 2 0;",
    );
    only_issue(&t, BUS + 4, "mpc.bus row 5", "3", "at least 13 columns");
    let t = replace(&case5(), "\t4\t 100.0\t 0.0\t 150.0\t -150.0\t 1.0\t 100.0\t 1\t 200.0\t 0.0;", "\t4\t 100.0;");
    only_issue(&t, GEN + 3, "mpc.gen row 4", "2", "at least 10 columns");
    let t = replace(&case5(), "\t2\t 0.0\t 0.0\t 3\t   0.000000\t  30.000000\t   0.000000;", "\t2 0 0;");
    only_issue(&t, GENCOST + 2, "mpc.gencost row 3", "3", "at least 5 columns");
}

#[test]
fn not_a_number() {
    let t = set(&case5(), BUS + 2, 3, "3OO");
    only_issue(&t, BUS + 2, "mpc.bus row 3, column 3", "3OO", "not a number");
}

#[test]
fn unterminated_matrices() {
    // The gen matrix runs into the gencost one: reported at its '[' line, and the rest is still read.
    let t = replace(
        &case5(),
        "\t5\t 300.0\t 0.0\t 450.0\t -450.0\t 1.0\t 100.0\t 1\t 600.0\t 0.0;\n];",
        "\t5\t 300.0\t 0.0\t 450.0\t -450.0\t 1.0\t 100.0\t 1\t 600.0\t 0.0;",
    );
    let found = issues(&t);
    assert_issue(&found, Some(48), "mpc.gen", "[", "not closed with ']' before line");
    assert_eq!(found.len(), 1, "{found:#?}");
    let t = replace(&case5(), "\t4\t 5\t 0.00297\t 0.0297\t 0.00674\t 240.0\t 240.0\t 240.0\t 0.0\t 0.0\t 1\t -30.0\t 30.0;\n];", "");
    let found = issues(&t);
    assert_issue(&found, Some(68), "mpc.branch", "[", "before the end of the file");
}

#[test]
fn missing_matrices() {
    for m in ["bus", "gen", "branch", "gencost"] {
        let t = replace(&case5(), &format!("mpc.{m} = ["), &format!("mpc.x{m} = ["));
        let found = issues(&t);
        assert!(found.iter().any(|i| i.message.contains(&format!("no mpc.{m} matrix"))), "{m}: {found:#?}");
    }
    let found = issues("mpc.baseMVA = 100;\nmpc.bus = [];\n");
    assert!(found.iter().any(|i| i.message.contains("no mpc.bus matrix (or it is empty)")), "{found:#?}");
}

#[test]
fn bus_types_and_reference() {
    only_issue(&set(&case5(), BUS, 2, "7"), BUS, "mpc.bus row 1, BUS_TYPE (column 2)", "7", "unknown bus type");
    only_issue(&set(&case5(), BUS, 2, "NaN"), BUS, "mpc.bus row 1, BUS_TYPE (column 2)", "NaN", "unknown bus type");
    let found = issues(&set(&case5(), BUS + 3, 2, "2"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("no reference bus") && found[0].column.as_deref() == Some("mpc.bus BUS_TYPE"), "{found:#?}");
}

#[test]
fn isolated_bus_with_load_generators_or_branches() {
    // Bus 2 isolated: its 300 MW and the two branches in service at it.
    let found = issues(&set(&case5(), BUS + 1, 2, "4"));
    assert_issue(&found, Some(BUS + 1), "mpc.bus row 2, PD (column 3)", "300", "would not be served");
    assert_issue(&found, Some(BRANCH), "mpc.branch row 1, T_BUS (column 2)", "2", "isolated bus 2");
    assert_issue(&found, Some(BRANCH + 3), "mpc.branch row 4, F_BUS (column 1)", "2", "isolated bus 2");
    assert_eq!(found.len(), 3, "{found:#?}");
    // Bus 5 isolated: no load, but a generator and a branch in service.
    let found = issues(&set(&case5(), BUS + 4, 2, "4"));
    assert_issue(&found, Some(GEN + 4), "mpc.gen row 5, GEN_STATUS (column 8)", "1", "isolated bus 5");
    assert_eq!(found.len(), 3, "{found:#?}");
    // Out of service, they are left out as in MATPOWER.
    let mut t = set(&case5(), BUS + 4, 2, "4");
    t = set(&t, GEN + 4, 8, "0");
    t = set(&t, BRANCH + 2, 11, "0");
    t = set(&t, BRANCH + 5, 11, "0");
    let (case, map) = matpower_to_case(&parse_matpower("case5", FILE, &t).unwrap(), CostMode::Linear).unwrap();
    assert_eq!((case.network.regions.len(), case.network.lines.len(), map.bus_region[4]), (4, 4, None));
}

#[test]
fn branch_from_a_bus_to_itself() {
    let t = set(&case5(), BRANCH, 2, "1");
    only_issue(&t, BRANCH, "mpc.branch row 1, T_BUS (column 2)", "1", "connects bus 1 to itself");
}

#[test]
fn unsupported_constructs() {
    let t =
        replace(&case5(), "%% generator data", "mpc.dcline = [\n\t1 2 1 10 10 0 0 1 1 0 100 -10 10 -10 10 0 0 ;\n];\n%% generator data");
    let found = issues(&t);
    assert!(found.len() == 1 && found[0].message.contains("mpc.dcline"), "{found:#?}");
    let t = replace(&case5(), "%% generator data", "mpc.bus(2, 3) = 50;\n%% generator data");
    only_issue(&t, 46, "mpc.bus(2, 3)", "50", "indexed assignments are not supported");
    let t = replace(&case5(), "%% generator data", "mpc.bus = [\n1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n];\n%% generator data");
    let found = issues(&t);
    assert_issue(&found, Some(46), "mpc.bus", "[", "defined twice");
}

#[test]
fn negative_quadratic_cost_with_quadratic_costs() {
    let mpc = parse_matpower("case5", FILE, &set(&case5(), GENCOST + 1, 5, "-0.5")).unwrap();
    assert!(matpower_to_case(&mpc, CostMode::Linear).is_ok(), "c2 is dropped with linear costs");
    let Err(IoError::Input(found)) = matpower_to_case(&mpc, CostMode::Quadratic) else { panic!("expected an error") };
    assert_issue(&found.0, Some(GENCOST + 1), "mpc.gencost row 2, COST (column 5)", "-0.5", "non-convex");
}

#[test]
fn all_problems_in_one_pass() {
    let mut t = set(&case5(), BUS + 1, 3, "NaN");
    t = set(&t, GEN + 2, 8, "NaN");
    t = set(&t, GEN, 10, "50");
    t = set(&t, GENCOST + 3, 4, "-1");
    t = set(&t, BRANCH + 5, 2, "9");
    t = set(&t, BRANCH + 1, 4, "NaN");
    t = set(&t, BUS + 2, 6, "x");
    let found = issues(&t);
    assert_eq!(found.len(), 7, "{found:#?}");
    let text = IoError::Input(nagrid_model::Issues(found)).to_string();
    assert!(text.contains("case5.m, line 62, column 'mpc.gencost row 4, NCOST (column 4)', value '-1'"), "{text}");
    assert!(text.contains("case5.m, line 51, column 'mpc.gen row 3, GEN_STATUS (column 8)', value 'NaN'"), "{text}");
}

#[test]
fn issues_are_capped_per_file() {
    let mut t = case5();
    for line in GEN..GEN + 5 {
        for col in 1..=10 {
            t = set(&t, line, col, "NaN");
        }
    }
    for line in BRANCH..BRANCH + 6 {
        for col in 1..=13 {
            t = set(&t, line, col, "NaN");
        }
    }
    let found = issues(&t);
    assert_eq!(found.len(), nagrid_model::limits::MAX_ISSUES_PER_FILE + 1);
    assert!(found.last().unwrap().message.contains("more problems not listed (at least"), "{:?}", found.last());
}

#[test]
fn latin1_comments_and_crlf_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.m");
    let mut bytes = b"% Jos\xe9 M\xfcller\r\n".to_vec();
    bytes.extend(case5().replace('\n', "\r\n").into_bytes());
    std::fs::write(&p, bytes).unwrap();
    let mpc = read_matpower(&p).unwrap();
    assert_eq!(mpc.lines.bus[0], BUS + 1);
    assert_eq!(mpc.bus, parse_matpower("c", FILE, &case5()).unwrap().bus);
}
