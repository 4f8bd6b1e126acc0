//! The comparison with the record on inputs/tiny, whose optimum is known by hand
//! (docs/formulation.md, "Worked example: inputs/tiny"): every model figure of
//! inputs/tiny/record/record_2030.csv, its deviation in the tolerance's terms and
//! its verdict, three rows failing on purpose (one pp, one pct, one sign).

use nagrid_study::backcast::BackcastRow;
use nagrid_study::run_backcast;
use nagrid_study::{run, RunOptions};
mod common;

use common::tiny;

// The optimum by hand: the link delivers 650 − 6 − 50 + 50 / 0.81 MWh to Mexico
// (the battery's charging included) and sends that / 0.97.
const DELIVERED: f64 = 650.0 - 6.0 - 50.0 + 50.0 / 0.81;
const SENT: f64 = DELIVERED / 0.97;
/// US gas: load 7,100 + sent to Mexico − 2,000 from Canada − 2,000 nuclear − 700 solar.
const US_GAS: f64 = 7100.0 + SENT - 2000.0 - 2000.0 - 700.0;
const US_TOTAL: f64 = 2000.0 + US_GAS + 700.0;
/// Mexico's load-weighted price: 40 / 0.97 in hours 1, 2, 4 (load 1,900), the peaker's 100 in hour 3 (750).
const MX_PRICE: f64 = (40.0 / 0.97 * 1900.0 + 100.0 * 750.0) / 2650.0;

fn row<'a>(rows: &'a [BackcastRow], quantity: &str, scope: &str) -> &'a BackcastRow {
    rows.iter().find(|r| r.quantity == quantity && r.scope == scope).unwrap_or_else(|| panic!("no row {quantity} {scope}"))
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 1e-6 * b.abs().max(1e-3), "{what}: {a} against {b} by hand");
}

#[test]
fn tiny_against_its_hand_made_record() {
    let rows = run_backcast(&tiny(), None).unwrap();
    assert_eq!(rows.len(), 25);
    // (quantity, scope, model by hand, deviation by hand, pass)
    let pp = |record: f64, model: f64| model - record;
    let pct = |record: f64, model: f64| 100.0 * (model - record) / record.abs();
    let want: [(&str, &str, f64, f64, Option<bool>); 25] = [
        ("generation_share_pct:nuclear", "US", 100.0 * 2000.0 / US_TOTAL, pp(34.6, 100.0 * 2000.0 / US_TOTAL), Some(true)),
        ("generation_share_pct:natural_gas", "US", 100.0 * US_GAS / US_TOTAL, pp(50.0, 100.0 * US_GAS / US_TOTAL), Some(false)),
        ("generation_share_pct:solar", "US", 100.0 * 700.0 / US_TOTAL, pp(12.12, 100.0 * 700.0 / US_TOTAL), Some(true)),
        ("generation_share_pct:coal", "US", 0.0, 0.0, Some(true)),
        ("generation_share_pct:hydro", "CA", 100.0, 0.0, Some(true)),
        ("generation_share_pct:oil", "MX", 100.0 * 6.0 / 2006.0, pp(0.3, 100.0 * 6.0 / 2006.0), Some(true)),
        ("generation_twh", "US", US_TOTAL / 1e6, pct(0.005776, US_TOTAL / 1e6), Some(true)),
        ("generation_twh:hydro", "CA", 0.0032, 0.0, Some(true)),
        ("co2_mt", "US", US_GAS * 0.37 / 1e6, pct(0.001, US_GAS * 0.37 / 1e6), Some(false)),
        ("co2_mt", "MX", 744.2 / 1e6, 0.0, Some(true)),
        ("net_import_twh", "CA>US", 0.002, 0.0, Some(true)),
        ("net_import_twh", "MX>US", -SENT / 1e6, -SENT / 1e6 - 0.0005, Some(false)),
        ("net_import_twh", "US>MX", SENT / 1e6, SENT / 1e6 - 0.0007, Some(true)),
        ("import_twh", "US>MX", SENT / 1e6, pct(0.0007, SENT / 1e6), Some(true)),
        ("import_twh", "MX>US", 0.0, 0.0, None),
        // Sides made of regions (a country's regions, or several joined by +).
        ("import_twh", "can+mex>usa", 0.002, 0.0, Some(true)),
        ("net_import_twh", "usa>can+mex", (SENT - 2000.0) / 1e6, pct(-0.001324, (SENT - 2000.0) / 1e6), Some(true)),
        ("price_usd_per_mwh", "usa", 40.0, 0.0, Some(true)),
        ("price_usd_per_mwh", "mex", MX_PRICE, pct(57.87, MX_PRICE), Some(true)),
        (
            "price_usd_per_mwh",
            "usa+can+mex",
            (40.0 * 7100.0 + 5.0 * 1200.0 + MX_PRICE * 2650.0) / 10950.0,
            (40.0 * 7100.0 + 5.0 * 1200.0 + MX_PRICE * 2650.0) / 10950.0 - 40.49,
            None,
        ),
        ("load_twh", "US", 0.0071, 0.0, Some(true)),
        ("load_twh", "mex", 0.00265, 0.0, None),
        // Generation and CO2 of regions (an ISO or a province) rather than a country.
        ("generation_share_pct:oil", "mex", 100.0 * 6.0 / 2006.0, pp(0.3, 100.0 * 6.0 / 2006.0), Some(true)),
        ("generation_twh:natural_gas", "usa+mex", (US_GAS + 2000.0) / 1e6, pct(0.005076, (US_GAS + 2000.0) / 1e6), Some(true)),
        ("co2_mt", "usa+mex", (US_GAS * 0.37 + 744.2) / 1e6, pct(0.0018823, (US_GAS * 0.37 + 744.2) / 1e6), Some(true)),
    ];
    for (q, scope, model, dev, pass) in want {
        let r = row(&rows, q, scope);
        close(r.model.unwrap(), model, &format!("{q} {scope} model"));
        // The LP's figures agree with the hand's to its tolerances (about 1e-7 relative).
        let tol = if r.deviation_unit == "%" { 1e-4 } else { 1e-6 * model.abs().max(1e-3) };
        let got = r.deviation.unwrap();
        assert!((got - dev).abs() <= tol, "{q} {scope} deviation: {got} against {dev} by hand");
        assert_eq!(r.pass, pass, "{r}");
    }
    // The deviation's unit follows the tolerance: pp for shares, % for pct rows, the unit otherwise.
    assert_eq!(row(&rows, "generation_share_pct:coal", "US").deviation_unit, "pp");
    assert_eq!(row(&rows, "co2_mt", "US").deviation_unit, "%");
    assert_eq!(row(&rows, "net_import_twh", "MX>US").deviation_unit, "TWh");
    assert_eq!(row(&rows, "price_usd_per_mwh", "usa").deviation_unit, "USD/MWh");
}

#[test]
fn run_writes_the_comparison_when_the_case_has_a_record() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    let t = std::time::Instant::now();
    let r = run(&tiny(), &RunOptions { out: Some(out.clone()), ..Default::default() }).unwrap();
    assert!(r.timings.backcast_s < 1.0 && t.elapsed().as_secs_f64() < 60.0);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("backcast.json")).unwrap()).unwrap();
    assert_eq!((json["passed"].as_u64(), json["failed"].as_u64(), json["report_only"].as_u64()), (Some(19), Some(3), Some(3)));
    assert_eq!(json["rows"].as_array().unwrap().len(), 25);
    let csv = std::fs::read_to_string(out.join("backcast.csv")).unwrap();
    assert!(
        csv.starts_with("quantity,scope,unit,record,model,deviation,deviation_unit,tolerance,tolerance_kind,pass,source,months\n"),
        "{csv}"
    );
    assert!(csv.contains("\nco2_mt,US,Mt,0.001,0.001138123"), "{csv}");
    let md = std::fs::read_to_string(out.join("backcast.md")).unwrap();
    assert!(md.contains("19 passed, 3 failed, 3 report only."), "{md}");
    assert!(md.contains("| net_import_twh | MX>US | TWh | 0.0005 | -0.0006760 | -0.001176 TWh | same sign | FAIL |"), "{md}");
    let run_json = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run_json.contains("record/record_2030.csv"), "the record is hashed with the inputs");
    // A case without a record for its year: no comparison, and no error.
    let bare = d.path().join("bare");
    common::copy_tiny(&bare, &[]);
    let r = run(&bare, &RunOptions { out: Some(d.path().join("run2")), ..Default::default() }).unwrap();
    let out2 = r.out_dir.unwrap();
    assert!(out2.join("summary.json").is_file() && !out2.join("backcast.csv").exists());
}

#[test]
fn a_year_without_record_is_an_error_naming_the_path() {
    let e = run_backcast(&tiny(), Some(2029)).unwrap_err().to_string();
    assert!(e.contains("record/record_2029.csv") && e.contains("inputs/tiny") && e.contains("the case has records for 2030"), "{e}");
}

#[test]
fn flows_over_some_months_sum_the_hours_of_those_months() {
    // inputs/tiny's four hours are all in January: January's flows are the year's,
    // and February to June have no hour (no model figure, reported as such).
    let d = tempfile::tempdir().unwrap();
    common::copy_tiny(d.path(), &[]);
    std::fs::create_dir_all(d.path().join("record")).unwrap();
    std::fs::write(
        d.path().join("record/record_2030.csv"),
        "quantity,scope,value,unit,tolerance,tolerance_kind,source,months\n\
         import_twh,US>MX,0.0007,TWh,5,pct,hand,1\n\
         net_import_twh,usa>can+mex,-0.001324,TWh,,,hand,1-12\n\
         import_twh,US>MX,0.0007,TWh,,,hand,2-6\n\
         import_twh,US>MX,0.0007,TWh,,,hand,\n",
    )
    .unwrap();
    let rows = run_backcast(d.path(), None).unwrap();
    assert_eq!(rows.len(), 4);
    close(rows[0].model.unwrap(), SENT / 1e6, "US>MX in January");
    assert_eq!((rows[0].months.as_str(), rows[0].pass), ("1", Some(true)));
    close(rows[1].model.unwrap(), (SENT - 2000.0) / 1e6, "usa>can+mex over the year's months");
    assert_eq!((rows[2].model, rows[2].deviation, rows[2].pass, rows[2].months.as_str()), (None, None, None, "2-6"));
    // The whole year's figure comes from the summary (rounded to 1e-3 MWh).
    close(rows[3].model.unwrap(), rows[0].model.unwrap(), "the year's US>MX");
    assert_eq!(rows[3].months, "");
}
