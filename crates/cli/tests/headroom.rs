//! `nagrid headroom` on the EIA-930 cleaned demand of ../shared: the run folder and its
//! files, Duke's values beside ours, and a clear error for each kind of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/load/eia930_cleaned")
}

fn nagrid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nagrid")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn writes_table_summary_and_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let o = nagrid(&["headroom", "--data", data_dir().to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("headroom.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[..6], ["ba", "peak_mw", "headroom_0.25pct_gw", "headroom_0.5pct_gw", "headroom_1pct_gw", "headroom_5pct_gw"]);
    for c in ["curtailed_hours_per_year_5pct", "mean_event_hours_1pct", "served_ge50_pct_0.5pct", "served_ge90_pct_0.25pct"] {
        assert!(header.contains(&c), "{c} missing");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 12);
    let pjm: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(pjm[0], "PJM");
    let h: f64 = pjm[3].parse().unwrap();
    assert!((h - 17.8).abs() / 17.8 < 0.2, "PJM 0.5 %: {h}");
    let md = std::fs::read_to_string(out.join("headroom.md")).unwrap();
    assert!(md.contains("| PJM |") && md.contains("Within 20 % of Duke"), "{md}");
    for id in ["PJM", "ERCO", "CISO", "PACE", "summary"] {
        let svg = std::fs::read_to_string(out.join(format!("headroom_{id}.svg"))).unwrap();
        assert!(svg.contains("<svg") && svg.contains("GW"), "{id}");
    }
    // No temporary folder left beside the run folder.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    // The same folder again is refused.
    let o = nagrid(&["headroom", "--data", data_dir().to_str().unwrap(), "--bas", "PACE", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}

#[test]
fn chosen_areas_and_shares() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let o = nagrid(&[
        "headroom",
        "--data",
        data_dir().to_str().unwrap(),
        "--bas",
        "pace,SW",
        "--shares",
        "0.1,2",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("headroom.csv")).unwrap();
    assert!(csv.starts_with("ba,peak_mw,headroom_0.1pct_gw,headroom_2pct_gw,"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("PACE,") && csv.lines().nth(2).unwrap().starts_with("SW,"));
    assert!(out.join("headroom_SW.svg").exists() && out.join("headroom_summary.svg").exists());
}

#[test]
fn bad_input_names_the_value_and_the_choices() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let data = data_dir();
    let run = |extra: &[&str], data: &Path| {
        let mut a = vec!["headroom", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()];
        a.extend_from_slice(extra);
        nagrid(&a)
    };
    let o = run(&["--bas", "PJM,XYZ"], &data);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("\"XYZ\"") && stderr(&o).contains("valid: PJM, ERCO"), "{}", stderr(&o));
    for bad in ["0", "150"] {
        let o = run(&["--shares", bad], &data);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(&format!("share {bad} %")) && stderr(&o).contains("(0, 100]"), "{}", stderr(&o));
    }
    let o = run(&["--shares", "half"], &data);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("half"));
    let o = run(&["--bas", "DUK"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("DUK.csv.gz") && stderr(&o).contains("not found"), "{}", stderr(&o));
    let o = run(&[], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("regions/MIDA.csv.gz"), "{}", stderr(&o));
    assert!(!out.exists());
    assert!(!stderr(&o).contains("panicked"));
}
