//! `nagrid forecast plot --case` draws the load-growth charts of a run of the case:
//! the same regions, model and numbers (issue 15 item 6: the run's chart said US
//! 2040 mid 5,340 TWh, `forecast plot` 5,490 TWh, from another set of inputs).

use std::path::Path;
use std::process::Command;

fn nagrid(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_nagrid")).args(args).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{args:?}: {out}\n{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn forecast_plot_of_a_case_draws_the_numbers_of_its_run() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america");
    let case = case.to_str().unwrap();
    let d = tempfile::tempdir().unwrap();
    let (run, plot) = (d.path().join("run"), d.path().join("plot"));
    nagrid(&["run", case, "--hours", "24", "--quiet", "--out", run.to_str().unwrap()]);
    let out = nagrid(&["forecast", "plot", "--case", case, "--out-dir", plot.to_str().unwrap(), "--quiet"]);
    assert!(out.contains("\"inputs\": \"case "), "{out}");
    let of_run = std::fs::read_to_string(run.join("plots/projection.csv")).unwrap();
    let of_plot = std::fs::read_to_string(plot.join("projection.csv")).unwrap();
    assert_eq!(of_run, of_plot, "the run's load-growth numbers and forecast plot --case differ");
    for chart in ["annual_demand.png", "datacenter_growth_by_region_mid.svg", "typical_week_us_pjm_2030.svg"] {
        assert!(plot.join(chart).is_file() && run.join("plots").join(chart).is_file(), "{chart}");
    }
    // The case's 32 regions, not the 17 built-in ones.
    let regions = of_plot.lines().filter(|l| l.starts_with("mid,2030,") && l.contains(",false,")).count();
    assert_eq!(regions, 32, "{of_plot}");
    let us_2040: f64 = of_plot.lines().find(|l| l.starts_with("mid,2040,US,US,true,")).unwrap().split(',').nth(8).unwrap().parse().unwrap();
    assert!((us_2040 / 1e6 - 5345.0).abs() < 50.0, "US 2040 mid {} TWh", us_2040 / 1e6);
}
