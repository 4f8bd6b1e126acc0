//! Calibration of the historical case against the public record (issue 11): run the
//! full year of `inputs/north-america-2024` and compare it with
//! `record/record_<year>.csv` (generation shares by fuel, CO2, cross-border flows,
//! load-weighted prices). The targets live in the record file (its `tolerance`
//! columns), not here: the test fails when any toleranced row fails.
//!
//! 2024 is the calibrated year: every toleranced row must pass. 2023 is the same
//! case with `--year 2023` and no retuning: every toleranced row but Mexico's gas
//! and fuel-oil shares must pass (measured 2026-12-04, after New York became two
//! regions and ERCOT's contingency reserve service entered its requirement:
//! Canada→US net 33.6 against 27.3 TWh, +22.9 %; ERCOT price 49.4 against 55.5,
//! −11.0 %; Mexico gas +5.6 pp and fuel oil −5.7 pp, still outside).

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

/// 2023 without retuning: every toleranced row but Mexico's gas and oil shares
/// (63.6 % against 58 and 6.3 % against 12: CFE's fuel-oil burn is not a cost
/// choice; SOURCES.fleet.md). The CA>US net is within ±25 % since New York is two
/// regions with its own hydro energy (+22.9 %), the ERCOT price since ERCOT's
/// contingency reserve service (June 2023) is in its requirement (−11.0 %).
#[test]
fn year_2023_matches_the_record_without_retuning_but_mexicos_gas_and_oil() {
    let mexico_fuel = |r: &nagrid_study::backcast::BackcastRow| {
        r.scope == "MX" && (r.quantity == "generation_share_pct:natural_gas" || r.quantity == "generation_share_pct:oil")
    };
    check(2023, |r| !mexico_fuel(r));
}
