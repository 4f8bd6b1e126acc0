//! The `nagrid` binary on bad settings, bad output folders, concurrent runs and
//! interruptions: a clear error (exit 1), a solver status (exit 3) or a clean exit
//! on a signal (130, 143), never a panic (101), an abort or a folder left behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn nagrid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nagrid"))
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let to = dst.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &to);
        } else {
            fs::copy(&p, &to).unwrap();
        }
    }
}

/// inputs/tiny copied to `<d>/tiny`, with `from` replaced by `to` in `file`.
fn tiny_with(d: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let c = d.join("tiny");
    if !c.exists() {
        copy_dir(&tiny(), &c);
    }
    let p = c.join(file);
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every entry of a folder, hidden ones included.
fn entries(p: &Path) -> Vec<String> {
    fs::read_dir(p).map(|r| r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default()
}

#[test]
fn validate_and_run_agree_on_hours() {
    let d = tempfile::tempdir().unwrap();
    for h in ["0", "87841", "18446744073709551615"] {
        for cmd in ["validate", "run", "expand"] {
            let mut c = nagrid();
            c.arg(cmd).arg(tiny()).args(["--hours", h]);
            if cmd != "validate" {
                c.arg("--outputs").arg(d.path());
            }
            let o = c.output().unwrap();
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{cmd} --hours {h}: {err}");
            assert!(err.contains("column '--hours', value '") && err.contains("must be from 1 to 87840"), "{err}");
        }
    }
    assert!(entries(d.path()).is_empty(), "{:?}", entries(d.path()));
}

#[test]
fn settings_highs_would_refuse_fail_validate_not_run() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        ("decimals = 4", "decimals = 309", "output.decimals"),
        ("time_limit_s = 60", "time_limit_s = 60\nthreads = 4294967295", "solver.threads"),
        ("time_limit_s = 60", "time_limit_s = 60\nfeasibility_tolerance = 1e-300", "solver.feasibility_tolerance"),
        ("time_limit_s = 60", "time_limit_s = inf", "solver.time_limit_s"),
        ("study_year = 2030", "study_year = 300000", "study_year"),
        ("hours = 4", "hours = 9999999999", "horizon.hours"),
    ];
    for (from, to, key) in cases {
        let d = tempfile::tempdir_in(d.path()).unwrap();
        let c = tiny_with(d.path(), "study.toml", from, to);
        let v = nagrid().arg("validate").arg(&c).output().unwrap();
        assert_eq!(v.status.code(), Some(1), "{to}: {}", stderr(&v));
        assert!(stderr(&v).contains("study.toml, line ") && stderr(&v).contains(&format!("column '{key}'")), "{}", stderr(&v));
        let r = nagrid().arg("run").arg(&c).arg("--outputs").arg(d.path().join("out")).output().unwrap();
        assert_eq!(r.status.code(), Some(1), "{to}: {}", stderr(&r));
        assert!(!d.path().join("out").exists());
    }
}

#[test]
fn study_year_must_match_the_horizon() {
    let d = tempfile::tempdir().unwrap();
    let c = tiny_with(d.path(), "study.toml", "study_year = 2030", "study_year = 2035");
    let o = nagrid().arg("validate").arg(&c).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("column 'horizon.start'") && err.contains("starts in 2030, but study_year is 2035"), "{err}");
}

#[test]
fn unknown_key_gives_no_consequential_problems() {
    let d = tempfile::tempdir().unwrap();
    // A forecast case: before, the full reader also claimed the load series missing.
    let c = tiny_with(d.path(), "study.toml", "[output]", "[load]\nsource = \"forecast\"\n\n[output]\ncolour = \"red\"");
    fs::remove_file(c.join("series/loads-p_mw.csv")).unwrap();
    let o = nagrid().arg("validate").arg(&c).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("1 input problem(s)"), "{err}");
    assert!(err.contains("study.toml, line 25, column 'colour'"), "{err}");
    assert!(!err.contains("loads-p_mw.csv"), "{err}");
}

#[test]
fn invalid_scenario_names_file_line_and_choices() {
    let d = tempfile::tempdir().unwrap();
    let c = tiny_with(d.path(), "study.toml", "[output]", "[load]\nscenario = \"extreme\"\n\n[output]");
    let o = nagrid().arg("validate").arg(&c).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("study.toml, line 22, column 'scenario', value '\"extreme\"': in [load]") && err.contains("low, mid, high"),
        "{err}"
    );
    assert!(!err.contains("invalid argument"), "{err}");
}

#[test]
fn unreadable_case_folder_is_named() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("case.txt");
    fs::write(&file, "x").unwrap();
    for (path, says) in [(file.clone(), "is a file"), (d.path().join("missing"), "does not exist")] {
        for cmd in ["validate", "run", "expand"] {
            let mut c = nagrid();
            c.arg(cmd).arg(&path);
            if cmd != "validate" {
                c.arg("--outputs").arg(d.path().join("out"));
            }
            let o = c.output().unwrap();
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{err}");
            assert!(err.contains(says) && !err.contains("regions.csv: missing"), "{cmd}: {err}");
        }
    }
}

#[test]
fn out_under_a_file_fails_at_once_with_a_clear_message() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("notes.txt");
    fs::write(&file, "x").unwrap();
    for cmd in ["run", "expand"] {
        let o = nagrid().arg(cmd).arg(tiny()).arg("--out").arg(file.join("run")).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("notes.txt is a file, not a folder") && !err.contains("File exists"), "{err}");
    }
}

#[test]
fn existing_out_is_refused_before_solving() {
    let d = tempfile::tempdir().unwrap();
    // An infeasible case: solving first would end with exit 3, not the --out error.
    let c = tiny_with(d.path(), "study.toml", "value_of_lost_load_usd_per_mwh = 3000", "allow_unserved = false");
    tiny_with(d.path(), "series/loads-p_mw.csv", "1500,300,600", "1000000,300,600");
    let taken = d.path().join("taken");
    fs::create_dir(&taken).unwrap();
    let o = nagrid().arg("run").arg(&c).arg("--out").arg(&taken).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // Without the conflict it is a solver status, and nothing is written.
    let o = nagrid().arg("run").arg(&c).arg("--out").arg(d.path().join("new")).output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("infeasible"), "{}", stderr(&o));
    assert!(!d.path().join("new").exists());
    // Nor are the folders made to hold a default run folder left behind.
    let o = nagrid().arg("run").arg(&c).arg("--outputs").arg(d.path().join("outs")).output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(entries(d.path()).len(), 2, "{:?}", entries(d.path()));
}

#[test]
fn values_the_solver_cannot_take_are_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let c = tiny_with(d.path(), "series/loads-p_mw.csv", "1500,300,600", "1e20,300,600");
    let o = nagrid().arg("run").arg(&c).arg("--outputs").arg(d.path().join("out")).output().unwrap();
    let err = stderr(&o);
    // Refused by validation (exit 1) or reported as a solver status (exit 3).
    assert!(matches!(o.status.code(), Some(1) | Some(3)), "{:?}: {err}", o.status);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!d.path().join("out").join("tiny").exists() || entries(&d.path().join("out").join("tiny")).is_empty());
}

#[test]
fn runs_started_in_the_same_second_get_their_own_folders() {
    let d = tempfile::tempdir().unwrap();
    let kids: Vec<_> = (0..4)
        .map(|_| {
            nagrid().args(["run", "--quiet", "--outputs"]).arg(d.path()).arg(tiny()).stdout(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let mut dirs = Vec::new();
    for k in kids {
        let o = k.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        dirs.push(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    }
    dirs.sort();
    dirs.dedup();
    assert_eq!(dirs.len(), 4, "{dirs:?}");
    for dir in &dirs {
        assert!(dir.join("summary.json").is_file(), "{}", dir.display());
    }
    let names = entries(&d.path().join("tiny"));
    assert_eq!(names.len(), 4, "no hidden folders left: {names:?}");
    // Same second: the later ones carry -1, -2…
    if dirs.iter().all(|p| p.file_name().unwrap().to_string_lossy().starts_with(&*dirs[0].file_name().unwrap().to_string_lossy())) {
        assert!(names.iter().any(|n| n.ends_with("-1")), "{names:?}");
    }
}

#[test]
fn stale_partial_folders_are_removed_by_the_next_run() {
    let d = tempfile::tempdir().unwrap();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = d.path().join("tiny").join(format!(".20300101T000000Z.partial-{dead}"));
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join("generators-p_mw.csv"), "timestamp\n").unwrap();
    let o = nagrid().args(["run", "--quiet", "--outputs"]).arg(d.path()).arg(tiny()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stale.exists());
    assert_eq!(entries(&d.path().join("tiny")).len(), 1);
}

/// A synthetic case that takes seconds to solve.
fn slow_case(d: &Path) -> PathBuf {
    let c = d.join("slow");
    let o = nagrid().arg("synthetic").arg(&c).args(["--regions", "20", "--hours", "2000"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    c
}

#[cfg(unix)]
fn interrupt_leaves_nothing(signal: &str, code: i32) {
    let d = tempfile::tempdir().unwrap();
    let c = slow_case(d.path());
    let outputs = d.path().join("outputs");
    let child = nagrid().args(["run", "--quiet", "--outputs"]).arg(&outputs).arg(&c).stderr(std::process::Stdio::piped()).spawn().unwrap();
    // Wait for the hidden run folder, then interrupt.
    let runs = outputs.join("synthetic-20");
    let t = Instant::now();
    while entries(&runs).is_empty() && t.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(entries(&runs).iter().any(|n| n.contains(".partial-")), "{:?}", entries(&runs));
    let k = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().unwrap();
    assert!(k.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(code), "{:?} {}", o.status, stderr(&o));
    assert!(stderr(&o).contains(&format!("interrupted by SIG{signal}")), "{}", stderr(&o));
    assert!(entries(&runs).is_empty(), "left behind: {:?}", entries(&runs));
}

#[cfg(unix)]
#[test]
fn sigint_removes_the_partial_folder_and_exits_130() {
    interrupt_leaves_nothing("INT", 130);
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_partial_folder_and_exits_143() {
    interrupt_leaves_nothing("TERM", 143);
}

/// Output read by a reader that stops early (`nagrid run … | head -1`): nagrid ends
/// by SIGPIPE like `cat` does, never by a panic on the failed write, and the run
/// folder it committed is whole.
#[test]
fn a_closed_pipe_ends_quietly_not_by_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    let mut child = nagrid()
        .args(["run", tiny().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before anything is written
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.signal(), Some(13), "ended by SIGPIPE: {:?} {err}", o.status);
    assert!(out.join("summary.json").is_file() && out.join("run.json").is_file());
}
