//! `nagrid expand --executor slurm` (BD7): the Benders windows of each evaluation as
//! a Slurm job array of `nagrid expand-task`, on a running cluster (CI starts a
//! one-node cluster with `scripts/slurm-local.sh start`). The expansion must be the
//! one solved on this machine's cores, and the work folder must be gone afterwards.
//! Skipped, with the reason printed, when no Slurm controller answers; the argument
//! checks run everywhere.

use std::fs;
use std::path::Path;

mod common;
use common::{nagrid, slurm_missing, text, tiny_expandable as case};

const BENDERS: [&str; 6] = ["--hours", "4", "--set", "expansion.method=\"benders\"", "--set", "expansion.window_hours=2"];

/// expansion.json without its wall times.
fn expansion_json(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(dir.join("expansion.json")).unwrap()).unwrap();
    for it in v.pointer_mut("/benders/history").and_then(|h| h.as_array_mut()).unwrap() {
        it.as_object_mut().unwrap().remove("elapsed_s");
    }
    if let Some(b) = v.pointer_mut("/benders").and_then(|b| b.as_object_mut()) {
        b.remove("boundaries_s");
    }
    v
}

#[test]
fn benders_windows_run_as_slurm_job_arrays_and_give_the_local_expansion() {
    if let Some(why) = slurm_missing() {
        let msg = format!("expand_slurm: skipped: {why}; start a local cluster with `make slurm-start` (.ci/run does)\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
        return;
    }
    // The work folder must be visible to slurmd: a temporary folder of this machine.
    let d = tempfile::tempdir().unwrap();
    let c = case(d.path());
    let local = nagrid().arg("expand").arg(&c).args(BENDERS).arg("--out").arg(d.path().join("local")).output().unwrap();
    assert!(local.status.success(), "{}", text(&local));
    let outputs = d.path().join("outputs");
    let o = nagrid()
        .arg("expand")
        .arg(&c)
        .args(BENDERS)
        .args(["--executor", "slurm", "--time", "00:10:00", "--max-parallel", "2", "--outputs"])
        .arg(&outputs)
        .arg("--out")
        .arg(d.path().join("slurm"))
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Benders: 5 iterations over 2 windows") && out.contains("can_usa (line can -> usa): +200 MW"), "{out}");
    // No --mem given: each task asks for the estimate of its window and inputs.
    assert!(out.contains("slurm: --mem=") && out.contains("M per task (estimated"), "{out}");
    assert_eq!(expansion_json(&d.path().join("local")), expansion_json(&d.path().join("slurm")));
    for f in ["upgrades.csv", "summary.json", "lines-flow_mw.csv"] {
        assert_eq!(
            fs::read_to_string(d.path().join("local").join(f)).unwrap(),
            fs::read_to_string(d.path().join("slurm").join(f)).unwrap(),
            "{f}"
        );
    }
    // The default work folder (<outputs>/tiny/expand-windows-…) and the folders made for it are gone.
    assert!(!outputs.exists(), "{:?}", fs::read_dir(&outputs).map(|r| r.count()));
}

#[test]
fn slurm_options_need_the_slurm_executor_and_a_single_lp_has_no_windows() {
    let d = tempfile::tempdir().unwrap();
    let c = case(d.path());
    let o = nagrid().arg("expand").arg(&c).args(BENDERS).args(["--work-dir", "w", "--out"]).arg(d.path().join("x")).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("are for --executor slurm"), "{}", text(&o));
    if slurm_missing().is_some() {
        return;
    }
    let o = nagrid()
        .arg("expand")
        .arg(&c)
        .args(["--hours", "4", "--executor", "slurm", "--work-dir"])
        .arg(d.path().join("w"))
        .arg("--out")
        .arg(d.path().join("y"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("no windows to send to an executor"), "{}", text(&o));
    assert!(!d.path().join("w").exists() && !d.path().join("y").exists());
}
