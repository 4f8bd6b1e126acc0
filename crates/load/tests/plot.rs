//! Load-growth charts render to PNG and SVG with embedded fonts.

use nagrid_load::datacenter::DataCenterInputs;
use nagrid_load::plot::plot_all;
use nagrid_load::{DataCenterModel, Scenario};

#[test]
fn charts_render_png_and_svg() {
    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().unwrap(), 1);
    let scs: Vec<Scenario> = [Scenario::low(), Scenario::mid(), Scenario::high()].iter().map(|s| model.calibrate(s).unwrap()).collect();
    let rows = model.project(&scs, 2032).unwrap();
    let week = model.region_hourly(&scs[2], "us_pjm", 2030).unwrap();
    let zone = model.inputs.regions.iter().find(|r| r.spec.name == "us_pjm").unwrap().spec.zone;
    let tmp = tempfile::tempdir().unwrap();
    let dir = std::env::var("NAGRID_PLOT_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| tmp.path().to_path_buf());
    let files = plot_all(&rows, "mid", Some((&week, zone, 190)), &dir, &["png", "svg"]).unwrap();
    assert_eq!(files.len(), 10);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes.len() > 5_000, "{} is only {} bytes", f.display(), bytes.len());
        if f.extension().unwrap() == "png" {
            assert_eq!(&bytes[..4], b"\x89PNG");
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("<svg"));
            assert!(["Data-center", "Load (GW)", "Demand (TWh/yr)"].iter().any(|t| text.contains(t)), "{} lacks axis text", f.display());
        }
    }
    assert!(nagrid_load::plot::plot_annual_demand(&rows, &dir.join("x.bmp2")).is_err());
    // The scenarios are drawn beside the published outlooks, each labelled.
    let svg = std::fs::read_to_string(dir.join("datacenter_us_outlooks.svg")).unwrap();
    for o in nagrid_load::projection::us_outlooks() {
        assert!(svg.contains(o.label), "{} missing", o.label);
    }
    assert!(svg.contains("nagrid mid"));
}

/// The outlooks beside the scenarios: IEA's 2030 base case and EPRI's 2030 range,
/// and the LBNL figures the scenarios are calibrated on.
#[test]
fn published_outlooks_are_the_fact_sheet_figures() {
    let o = nagrid_load::projection::us_outlooks();
    let find = |l: &str| o.iter().find(|x| x.label == l).unwrap();
    assert_eq!((find("IEA 2025 base").year, find("IEA 2025 base").low_twh), (2030, 426.0));
    assert_eq!((find("EPRI 2024 range").low_twh, find("EPRI 2024 range").high_twh), (196.0, 404.0));
    assert_eq!(find("LBNL 2025 update").low_twh, nagrid_load::Scenario::mid().calibration[0].energy_twh);
    assert_eq!(find("LBNL 2024 range").low_twh, nagrid_load::Scenario::low().calibration[0].energy_twh);
    assert_eq!(find("LBNL 2024 range").high_twh, nagrid_load::Scenario::high().calibration[0].energy_twh);
}

/// `growth_charts`, the one entry point of every load-growth chart: the numbers it
/// writes to projection.csv are the projection's, and a scenario drawn must be one
/// projected.
#[test]
fn growth_charts_write_the_numbers_they_draw() {
    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().unwrap(), 1);
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = nagrid_load::GrowthOptions {
        scenarios: vec!["low".into(), "high".into()],
        scenario: "high".into(),
        last_year: 2025,
        week_region: "us_pjm".into(),
        week_year: 2025,
        week_day: 190,
        formats: vec!["svg".into()],
    };
    let g = nagrid_load::growth_charts(&model, &opts, tmp.path()).unwrap();
    assert_eq!(g.charts.len(), 5);
    let csv = std::fs::read_to_string(&g.projection_csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + g.rows.len());
    let rows = model.project(&g.scenarios, 2025).unwrap();
    let us = rows.iter().find(|r| r.scenario == "high" && r.year == 2025 && r.area == "US").unwrap();
    assert!(csv.contains(&format!("high,2025,US,US,true,{:.1},{:.0},", us.it_capacity_mw, us.datacenter_energy_mwh)), "{csv}");
    opts.scenario = "mid".into();
    let e = nagrid_load::growth_charts(&model, &opts, tmp.path()).unwrap_err().to_string();
    assert!(e.contains("scenario mid is not among the scenarios projected (low, high)"), "{e}");
}
