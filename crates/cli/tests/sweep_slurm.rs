//! `nagrid sweep --executor slurm` on a running Slurm cluster (CI starts a one-node
//! cluster with `scripts/slurm-local.sh start`): inputs/tiny/sweep.toml as a job array
//! with a merge job (`--dependency=afterok`), `--no-wait` with the merge left to
//! Slurm, and `sweep resume` resubmitting only a lost variant. Skipped, with the
//! reason printed, when no Slurm controller answers.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::{nagrid, slurm_missing, text, tiny};

fn optimal_rows(dir: &Path) -> usize {
    fs::read_to_string(dir.join("sweep.csv")).map_or(0, |c| c.lines().filter(|l| l.contains(",optimal,")).count())
}

#[test]
fn tiny_sweep_runs_as_a_slurm_job_array() {
    if let Some(why) = slurm_missing() {
        // Written past the test harness's capture, so that `make test` shows it.
        let msg = format!("sweep_slurm: skipped: {why}; start a local cluster with `make slurm-start` (.ci/run does)\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
        return;
    }
    let t0 = Instant::now();
    // The sweep folder must be visible to slurmd: a temporary folder of this machine.
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("sw");
    let spec = tiny().join("sweep.toml");
    let o = nagrid()
        .arg("sweep")
        .arg(tiny())
        .arg("--spec")
        .arg(&spec)
        .args(["--executor", "slurm", "--time", "00:10:00", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Submitted job array") && out.contains("(--array=0-5%"), "{out}");
    let csv = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert_eq!(optimal_rows(&dir), 6, "{csv}");
    assert!(csv.contains("3,0003_500_200,500,200,optimal,mid,existing,2030,,219640.35,"), "{csv}");
    // The tasks ran under Slurm: one output file per array task, one of the merge job.
    let logs: Vec<String> =
        fs::read_dir(dir.join("logs")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(logs.iter().filter(|l| l.starts_with("slurm-") && l.contains('_')).count(), 6, "{logs:?}");

    // --no-wait: the merge job of Slurm writes the table.
    let dir2 = d.path().join("sw2");
    let o = nagrid()
        .arg("sweep")
        .arg(tiny())
        .arg("--spec")
        .arg(&spec)
        .args(["--executor", "slurm", "--no-wait", "--out"])
        .arg(&dir2)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let deadline = Instant::now() + Duration::from_secs(300);
    while optimal_rows(&dir2) < 6 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(optimal_rows(&dir2), 6, "the merge job did not write sweep.csv in 300 s");
    assert_eq!(fs::read_to_string(dir2.join("sweep.csv")).unwrap(), csv, "same sweep, same table");
    // The merge job's report.html (written after sweep.csv) is the submitter's, byte for byte.
    while !dir2.join("report.html").is_file() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    let report = fs::read(dir.join("report.html")).unwrap();
    assert_eq!(fs::read(dir2.join("report.html")).unwrap(), report, "same sweep, same report.html");

    // resume resubmits only the variant whose outcome is gone.
    fs::remove_file(dir.join("results/000001.json")).unwrap();
    let o = nagrid().args(["sweep", "resume"]).arg(&dir).args(["--executor", "slurm"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 of 6 variants to run again") && text(&o).contains("(--array=1%"), "{}", text(&o));
    assert_eq!(fs::read_to_string(dir.join("sweep.csv")).unwrap(), csv);
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), report, "resumed: the same report.html");
    println!("slurm sweep test: {:.1} s", t0.elapsed().as_secs_f64());
}
