//! A run of inputs/tiny with a hurdle rate on its AC line, a reverse limit and a
//! reserve in Mexico: summary.json and the hourly reserve files.

use nagrid_study::{run, RunOptions};
use std::fs;
use std::path::Path;

#[test]
fn hurdle_and_reserve_outputs() {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny");
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    fs::create_dir_all(case.join("series")).unwrap();
    for f in ["study.toml", "regions.csv", "links.csv", "storage.csv", "series/loads-p_mw.csv", "series/generators-p_max_pu.csv"] {
        fs::copy(tiny.join(f), case.join(f)).unwrap();
    }
    // The line stays at its 500 MW limit (5 against 40 USD/MWh beats a hurdle of 5).
    fs::write(
        case.join("lines.csv"),
        "id,from_region,to_region,s_max_mw,s_max_reverse_mw,hurdle_usd_per_mwh,x_pu\ncan_usa,can,usa,500,250,5,0.01\n",
    )
    .unwrap();
    let gens: String = fs::read_to_string(tiny.join("generators.csv"))
        .unwrap()
        .lines()
        .map(|l| match l {
            l if l.starts_with("id,") => format!("{l},reserve_max_pu\n"),
            l if l.starts_with("mex_peaker,") => format!("{l},1\n"),
            l => format!("{l},\n"),
        })
        .collect();
    fs::write(case.join("generators.csv"), gens).unwrap();
    fs::write(case.join("reserves.csv"), "id,scope,contingency_mw\nmex_spin,mex,100\n").unwrap();
    fs::write(case.join("reserve_shortage.csv"), "reserve,segment_share,price_usd_per_mwh\nmex_spin,1,1000\n").unwrap();
    let out = d.path().join("run");
    let r = run(&case, &RunOptions { out: Some(out.clone()), ..Default::default() }).unwrap();
    assert!(r.out_dir.is_some());
    let s: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // The worked example plus 500 MW × 4 h × 5 USD/MWh of hurdle; the peaker's idle
    // 294–300 MW cover the 100 MW reserve for free.
    assert_eq!(s["cost"]["hurdle_usd"], 10000.0);
    assert_eq!(s["cost"]["reserve_shortage_usd"], 0.0);
    assert!((s["cost"]["total_usd"].as_f64().unwrap() - 229_640.35).abs() < 0.01, "{}", s["cost"]);
    let spin = &s["reserves"]["mex_spin"];
    assert_eq!(spin["requirement_mwh"], 400.0);
    assert_eq!(spin["shortage_mwh"], 0.0);
    assert_eq!(spin["shortage_hours"], 0);
    assert_eq!(spin["max_price_usd_per_mwh"], 0.0);
    assert!(s["checks"]["max_reserve_mw"].as_f64().unwrap() < 1e-6);
    let line = s["interconnectors"].as_array().unwrap().iter().find(|i| i["id"] == "can_usa").unwrap();
    assert_eq!((line["capacity_forward_mw"].as_f64(), line["capacity_reverse_mw"].as_f64()), (Some(500.0), Some(250.0)));
    // Rent net of the hurdle: 500 × (40 − 5 − 5) × 4.
    assert_eq!(line["congestion_rent_usd"], 60000.0);
    assert_eq!(line["congestion_rent_from_duals_usd"], 60000.0);
    let prices = fs::read_to_string(out.join("reserves-price_usd_per_mwh.csv")).unwrap();
    assert_eq!(prices.lines().next(), Some("timestamp,mex_spin"));
    assert_eq!(prices.lines().count(), 5);
    assert!(out.join("reserves-shortage_mw.csv").is_file());
}
