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
