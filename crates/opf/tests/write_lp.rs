//! `write_lp` (the `--write-lp FILE` of `nagrid run`) writes the LP as MPS.

mod common;

use nagrid_opf::{write_lp, DispatchOptions};

#[test]
fn the_written_lp_is_mps_with_rows_and_columns() {
    let case = common::tiny();
    let dir = std::env::temp_dir().join(format!("nagrid-write-lp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tiny.mps");
    write_lp(&case, &DispatchOptions::from_settings(&case.settings), &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    for section in ["ROWS", "COLUMNS", "RHS", "BOUNDS"] {
        assert!(text.lines().any(|l| l.trim_end() == section), "no {section} section in\n{text}");
    }
    // 3 regions × 4 hours of balance rows, and 1 storage × 4 hours.
    let rows = text.lines().skip_while(|l| l.trim_end() != "ROWS").skip(2).take_while(|l| l.starts_with(' ')).count();
    assert_eq!(rows, 16);
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let case = common::tiny();
    let path = std::env::temp_dir().join("nagrid-no-such-folder/x/tiny.mps");
    assert!(write_lp(&case, &DispatchOptions::from_settings(&case.settings), &path).is_err());
}

/// A case built in code that breaks the rules is an input error from `dispatch`,
/// never a panic inside the builder or the solver.
#[test]
fn dispatch_refuses_an_invalid_case_built_in_code() {
    use nagrid_model::{Case, Country, Generator, Network, Region, TimeAxis};
    let network = Network {
        regions: vec![Region::new("a", Country::US, "east")],
        generators: vec![Generator::new("g", 3, "gas_cc", 1e300, 40.0)],
        ..Network::default()
    };
    let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let case = Case::new("bad", network, TimeAxis::new(start, 2), vec![vec![10.0]]);
    let options = nagrid_opf::DispatchOptions::from_settings(&case.settings);
    let e = nagrid_opf::dispatch(&case, &options).unwrap_err().to_string();
    for needle in ["generator 'g'", "region", "p_max_mw", "series 0 has 1 hours"] {
        assert!(e.contains(needle), "{needle} not in {e}");
    }
}
