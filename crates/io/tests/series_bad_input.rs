//! Hourly series files: comments allowed, every problem of a file reported in one
//! pass (a short row does not stop the reading), magnitudes bounded, every region
//! given a load column.

use nagrid_io::{read_case, IoError};
use nagrid_model::Issue;
use std::fs;
use std::path::{Path, PathBuf};

fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

fn copy_tiny() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("series")).unwrap();
    for f in ["study.toml", "regions.csv", "generators.csv", "storage.csv", "lines.csv", "links.csv"] {
        fs::copy(tiny_dir().join(f), d.path().join(f)).unwrap();
    }
    for f in ["series/loads-p_mw.csv", "series/generators-p_max_pu.csv"] {
        fs::copy(tiny_dir().join(f), d.path().join(f)).unwrap();
    }
    d
}

const LOADS: &str = "series/loads-p_mw.csv";

fn write_loads(dir: &Path, text: &str) {
    fs::write(dir.join(LOADS), text).unwrap();
}

fn issues(dir: &Path) -> Vec<Issue> {
    match read_case(dir, None) {
        Err(IoError::Input(i)) => i.0,
        Ok(_) => panic!("expected input problems"),
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn has(found: &[Issue], line: usize, needle: &str) -> bool {
    found.iter().any(|i| i.file == LOADS && i.row == Some(line) && i.message.contains(needle))
}

#[test]
fn comment_lines_are_allowed_in_series() {
    let d = copy_tiny();
    let text = fs::read_to_string(d.path().join(LOADS)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "# hourly load, MW (a comment line)");
    write_loads(d.path(), &(lines.join("\n") + "\n"));
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.load_mw[0].len(), 4);
}

#[test]
fn a_short_row_does_not_hide_later_problems() {
    let d = copy_tiny();
    write_loads(
        d.path(),
        "timestamp,usa,can,mex\n\
         2030-01-01T00:00:00Z,1500,300\n\
         2030-01-01T01:00:00Z,1800,300,650\n\
         2030-01-01T02:00:00Z,2200,abc,750\n\
         2030-01-01T03:00:00Z,1600,300,650,7\n",
    );
    let found = issues(d.path());
    assert!(has(&found, 2, "3 fields but the header has 4"), "{found:#?}");
    assert!(
        found.iter().any(|i| i.row == Some(4) && i.column.as_deref() == Some("can") && i.value.as_deref() == Some("abc")),
        "{found:#?}"
    );
    assert!(has(&found, 5, "5 fields but the header has 4"), "{found:#?}");
    // The short row's hour still counts: line 3 is not reported as a gap.
    assert!(!found.iter().any(|i| i.row == Some(3)), "{found:#?}");
}

#[test]
fn huge_and_non_finite_values_are_refused() {
    let d = copy_tiny();
    write_loads(
        d.path(),
        "timestamp,usa,can,mex\n\
         2030-01-01T00:00:00Z,1e20,300,600\n\
         2030-01-01T01:00:00Z,NaN,inf,-inf\n\
         2030-01-01T02:00:00Z,2200,300,750\n\
         2030-01-01T03:00:00Z,1600,300,650\n",
    );
    let found = issues(d.path());
    assert!(has(&found, 2, "larger than 1e9 MW"), "{found:#?}");
    for col in ["usa", "can", "mex"] {
        assert!(
            found.iter().any(|i| i.row == Some(3) && i.column.as_deref() == Some(col) && i.message.contains("finite")),
            "{col}: {found:#?}"
        );
    }
}

#[test]
fn every_value_nan_in_availability_is_refused() {
    let d = copy_tiny();
    fs::write(
        d.path().join("series/generators-p_max_pu.csv"),
        "timestamp,usa_solar\n2030-01-01T00:00:00Z,NaN\n2030-01-01T01:00:00Z,NaN\n2030-01-01T02:00:00Z,nan\n2030-01-01T03:00:00Z,inf\n",
    )
    .unwrap();
    let found = issues(d.path());
    assert_eq!(
        found.iter().filter(|i| i.file == "series/generators-p_max_pu.csv" && i.column.as_deref() == Some("usa_solar")).count(),
        4,
        "{found:#?}"
    );
}

#[test]
fn a_region_without_a_load_column_is_an_error() {
    let d = copy_tiny();
    write_loads(
        d.path(),
        "timestamp,usa,can\n2030-01-01T00:00:00Z,1500,300\n2030-01-01T01:00:00Z,1800,300\n2030-01-01T02:00:00Z,2200,300\n2030-01-01T03:00:00Z,1600,300\n",
    );
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == LOADS && i.message.contains("no column for region 'mex'")), "{found:#?}");
}

#[test]
fn invalid_utf8_is_named_as_such() {
    let d = copy_tiny();
    let mut bytes = fs::read(d.path().join(LOADS)).unwrap();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 5;
    bytes.insert(at, 0xE9);
    fs::write(d.path().join(LOADS), bytes).unwrap();
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == LOADS && i.row == Some(2) && i.message.contains("UTF-8")), "{found:#?}");
}
