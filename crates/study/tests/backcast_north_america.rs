//! Calibration of the historical case against the public record (issue 11): run the
//! full year of `inputs/north-america-2024` and compare it with
//! `record/record_<year>.csv` (generation shares by fuel, CO2, cross-border flows,
//! load-weighted prices). The targets live in the record file (its `tolerance`
//! columns), not here: the test fails when any toleranced row fails.
//!
//! 2024 is the calibrated year. 2023 is the same case with `--year 2023` and no
//! retuning: it must pass the same record tolerances.

use nagrid_study::run_backcast;
use std::path::PathBuf;

fn case() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america-2024")
}

fn check(year: i32) {
    let rows = run_backcast(&case(), Some(year)).unwrap_or_else(|e| panic!("backcast {year}: {e}"));
    for r in &rows {
        println!("{year}: {r}");
    }
    let failed: Vec<String> = rows.iter().filter(|r| r.pass == Some(false)).map(|r| r.to_string()).collect();
    let tested = rows.iter().filter(|r| r.pass.is_some()).count();
    assert!(tested >= 20, "{year}: only {tested} rows carry a tolerance");
    assert!(failed.is_empty(), "{year}: {} of {tested} record rows outside their tolerance:\n{}", failed.len(), failed.join("\n"));
}

#[test]
fn year_2024_matches_the_record() {
    check(2024);
}

#[test]
fn year_2023_matches_the_record_without_retuning() {
    check(2023);
}
