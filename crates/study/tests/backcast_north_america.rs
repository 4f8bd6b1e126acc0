//! Calibration of the historical case against the public record (issue 11): run the
//! full year of `inputs/north-america-2024` and compare it with
//! `record/record_<year>.csv` (generation shares by fuel, CO2, cross-border flows,
//! load-weighted prices). The targets live in the record file (its `tolerance`
//! columns), not here: the test fails when any toleranced row fails.
//!
//! 2024 is the calibrated year: every toleranced row must pass. 2023 is the same
//! case with `--year 2023` and no retuning: its US rows (generation shares by fuel
//! and CO2) must pass the same tolerances; its other rows are reported (measured
//! on 2026-12-04, with Alberta's output-based carbon price: Canada→US net flow 35.3
//! against 27.3 TWh, +29 %; ERCOT North Hub price −31 %, the August 2023 scarcity is
//! not reproduced; Mexico gas +5.6 pp and fuel oil −5.7 pp).

use nagrid_study::run_backcast;
use std::path::PathBuf;

fn case() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america-2024")
}

fn check(year: i32, asserted: impl Fn(&nagrid_study::backcast::BackcastRow) -> bool) {
    let rows = run_backcast(&case(), Some(year)).unwrap_or_else(|e| panic!("backcast {year}: {e}"));
    for r in &rows {
        println!("{year}: {r}");
    }
    let failed: Vec<String> = rows.iter().filter(|r| asserted(r) && r.pass == Some(false)).map(|r| r.to_string()).collect();
    let tested = rows.iter().filter(|r| asserted(r) && r.pass.is_some()).count();
    assert!(tested >= 7, "{year}: only {tested} asserted rows carry a tolerance");
    assert!(failed.is_empty(), "{year}: {} of {tested} record rows outside their tolerance:\n{}", failed.len(), failed.join("\n"));
}

#[test]
fn year_2024_matches_the_record() {
    check(2024, |_| true);
}

#[test]
fn year_2023_us_matches_the_record_without_retuning() {
    check(2023, |r| r.scope == "US");
}

/// 2023 without retuning, beyond the US: Canada's shares and the cross-border nets
/// (CA>US within ±25 % since New York is two regions with its own hydro energy:
/// +22.9 %; MX>US by sign). Still outside and not asserted: the ERCOT price and
/// Mexico's gas and oil shares (see SOURCES.fleet.md).
#[test]
fn year_2023_canada_and_border_flows_match_the_record_without_retuning() {
    check(2023, |r| r.scope == "CA" || r.scope == "CA>US" || r.scope == "MX>US");
}
