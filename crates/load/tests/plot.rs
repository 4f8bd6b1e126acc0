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
    assert_eq!(files.len(), 8);
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
}
