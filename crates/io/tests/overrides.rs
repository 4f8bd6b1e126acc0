//! Overrides applied while the default case is read (static tables only, fast): a
//! fuel-price multiplier, a table value, and the problems of each named.

use nagrid_io::overrides::{apply_settings, cell_edits};
use nagrid_io::{read_network_edited, read_settings, Override};
use std::path::{Path, PathBuf};

fn case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america")
}

#[test]
fn fuel_prices_scale_by_fuel_and_table_values_are_set() {
    let base = read_settings(&case()).unwrap();
    let (_, n0, _) = read_network_edited(&case(), Some(base.clone()), &[]).unwrap();
    let sets = [
        Override::new("economics.fuel_price_multiplier.gas", "1.5", "test"),
        Override::new("economics.fuel_price_multiplier.all", "2", "test"),
        Override::new("lines.ca_on_us_miso.s_max_mw", "2700", "test"),
    ];
    let s = apply_settings(&base, &sets).unwrap();
    let (_, n1, _) = read_network_edited(&case(), Some(s), &cell_edits(&sets).unwrap()).unwrap();
    let fuel = |id: &str| n0.fuels.iter().position(|f| f.id == id).unwrap();
    let region = n0.regions.iter().position(|r| r.id == "us_pjm").unwrap();
    let price = |n: &nagrid_model::Network, f: &str| n.fuel_prices.price(fuel(f), region, 2030, 7).unwrap();
    assert!((price(&n1, "gas") - 1.5 * price(&n0, "gas")).abs() < 1e-9);
    assert!((price(&n1, "coal") - 2.0 * price(&n0, "coal")).abs() < 1e-9);
    let line = |n: &nagrid_model::Network| n.lines.iter().find(|l| l.id == "ca_on_us_miso").unwrap().s_max_mw;
    assert_eq!(line(&n1), 2700.0);
    assert_ne!(line(&n0), 2700.0);
}

#[test]
fn unknown_fuels_and_bad_factors_are_named() {
    let base = read_settings(&case()).unwrap();
    let e = apply_settings(&base, &[Override::new("economics.fuel_price_multiplier.gas", "-1", "--set")]).unwrap_err().to_string();
    assert!(e.contains("--set, column 'economics.fuel_price_multiplier.gas', value '-1': must be a factor from 0 to 100"), "{e}");
    let s = apply_settings(&base, &[Override::new("economics.fuel_price_multiplier.gaz", "1.2", "--set")]).unwrap();
    let e = read_network_edited(&case(), Some(s), &[]).unwrap_err().to_string();
    assert!(e.contains("column 'economics.fuel_price_multiplier.gaz'") && e.contains("not a fuel of fuels.csv"), "{e}");
}
