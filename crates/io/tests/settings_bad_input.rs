//! Bad `study.toml` values, `--hours` overrides, case folders and run folders: each
//! is a located issue or a clear error, never a panic, an abort or a silent default.

use nagrid_io::{check_case_folder, check_hours_override, read_case, read_settings, IoError, RunFolder};
use nagrid_model::{Issue, ReportGap, SingleLpStart};
use std::fs;
use std::path::{Path, PathBuf};

fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// A copy of inputs/tiny in a temporary folder.
fn copy_tiny() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&tiny_dir(), d.path());
    d
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

fn edit(dir: &Path, from: &str, to: &str) {
    let p = dir.join("study.toml");
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from:?} not in study.toml");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// Issues of `read_settings` (and the same from the full reader, which must not
/// panic either).
fn settings_issues(dir: &Path) -> Vec<Issue> {
    let _ = read_case(dir, None);
    match read_settings(dir) {
        Err(IoError::Input(i)) => i.0,
        Err(e) => panic!("expected input issues, got {e}"),
        Ok(_) => panic!("study.toml accepted"),
    }
}

/// The issue about `column`, checked for file, line and value.
fn issue_at(found: &[Issue], row: usize, column: &str, value: &str) -> Issue {
    let i = found.iter().find(|i| i.column.as_deref() == Some(column)).unwrap_or_else(|| panic!("no issue for {column}: {found:#?}"));
    assert_eq!(i.file, "study.toml");
    assert_eq!(i.row, Some(row), "{i}");
    assert_eq!(i.value.as_deref(), Some(value), "{i}");
    i.clone()
}

#[test]
fn study_year_outside_the_accepted_years() {
    let d = copy_tiny();
    edit(d.path(), "study_year = 2030", "study_year = 300000");
    let i = issue_at(&settings_issues(d.path()), 5, "study_year", "300000");
    assert!(i.message.contains("1900") && i.message.contains("2200"), "{i}");
}

#[test]
fn horizon_too_long_is_refused_without_allocating_it() {
    let d = copy_tiny();
    edit(d.path(), "hours = 4", "hours = 9999999999");
    let i = issue_at(&settings_issues(d.path()), 9, "horizon.hours", "9999999999");
    assert!(i.message.contains("87840"), "{i}");
}

#[test]
fn horizon_of_zero_hours() {
    let d = copy_tiny();
    edit(d.path(), "hours = 4", "hours = 0");
    issue_at(&settings_issues(d.path()), 9, "horizon.hours", "0");
}

#[test]
fn decimals_beyond_what_f64_can_write() {
    for v in ["309", "305", "100000", "13"] {
        let d = copy_tiny();
        edit(d.path(), "decimals = 4", &format!("decimals = {v}"));
        let i = issue_at(&settings_issues(d.path()), 23, "output.decimals", v);
        assert!(i.message.contains("0 to 12"), "{i}");
    }
}

#[test]
fn solver_options_highs_would_refuse() {
    let d = copy_tiny();
    edit(d.path(), "time_limit_s = 60", "time_limit_s = inf\nthreads = 4294967295\nfeasibility_tolerance = 1e-300");
    let found = settings_issues(d.path());
    issue_at(&found, 19, "solver.time_limit_s", "inf");
    issue_at(&found, 20, "solver.threads", "4294967295");
    issue_at(&found, 21, "solver.feasibility_tolerance", "1e-300");
    let d = copy_tiny();
    edit(d.path(), "time_limit_s = 60", "time_limit_s = 1e300\nwindow_hours = 0\nchunks = 0");
    let found = settings_issues(d.path());
    issue_at(&found, 19, "solver.time_limit_s", "1e300");
    issue_at(&found, 20, "solver.window_hours", "0");
    issue_at(&found, 21, "solver.chunks", "0");
}

#[test]
fn other_settings_out_of_range() {
    let d = copy_tiny();
    edit(d.path(), "value_of_lost_load_usd_per_mwh = 3000", "value_of_lost_load_usd_per_mwh = 1e300");
    fs::write(
        d.path().join("study.toml"),
        fs::read_to_string(d.path().join("study.toml")).unwrap()
            + "\n[expansion]\nmip_rel_gap = -1\n\n[load]\nflexible_max_curtail_share = 2\nbase_growth_pct_per_year = { US = nan }\n",
    )
    .unwrap();
    let found = settings_issues(d.path());
    issue_at(&found, 15, "economics.value_of_lost_load_usd_per_mwh", "1e300");
    issue_at(&found, 27, "expansion.mip_rel_gap", "-1.0");
    issue_at(&found, 30, "load.flexible_max_curtail_share", "2.0");
    assert!(found.iter().any(|i| i.column.as_deref() == Some("load.base_growth_pct_per_year.US")), "{found:#?}");
}

#[test]
fn study_year_that_does_not_match_the_horizon() {
    let d = copy_tiny();
    edit(d.path(), "start = \"2030-01-01T00:00:00Z\"", "start = \"2031-06-01T00:00:00Z\"");
    let i = issue_at(&settings_issues(d.path()), 8, "horizon.start", "2031-06-01T00:00:00Z");
    assert!(i.message.contains("2031") && i.message.contains("study_year is 2030"), "{i}");
    // Local midnight of 1 January east of Greenwich is still in the study year.
    let d = copy_tiny();
    edit(d.path(), "start = \"2030-01-01T00:00:00Z\"", "start = \"2030-01-01T00:00:00+05:00\"");
    let s = read_settings(d.path());
    assert!(s.is_ok(), "{:?}", s.err().map(|e| e.to_string()));
}

#[test]
fn unknown_key_is_reported_at_its_own_line() {
    let d = copy_tiny();
    // [solver] is on line 17; the typo goes on line 20.
    edit(d.path(), "time_limit_s = 60", "time_limit_s = 60\n\ntime_limt = 5");
    let found = settings_issues(d.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    let i = &found[0];
    assert_eq!(i.row, Some(21), "{i}");
    assert_eq!(i.column.as_deref(), Some("time_limt"));
    assert!(i.message.contains("[solver]") && i.message.contains("unknown field"), "{i}");
    // An unknown key on the first line of the file.
    let d = copy_tiny();
    let text = fs::read_to_string(d.path().join("study.toml")).unwrap();
    fs::write(d.path().join("study.toml"), format!("colour = 1\n{text}")).unwrap();
    assert_eq!(settings_issues(d.path())[0].row, Some(1));
}

#[test]
fn invalid_scenario_names_file_line_key_value_and_choices() {
    let d = copy_tiny();
    let text = fs::read_to_string(d.path().join("study.toml")).unwrap();
    fs::write(d.path().join("study.toml"), format!("{text}\n[load]\nscenario = \"extreme\"\n")).unwrap();
    let i = issue_at(&settings_issues(d.path()), 27, "scenario", "\"extreme\"");
    assert!(i.message.contains("in [load]") && i.message.contains("low, mid, high"), "{i}");
}

#[test]
fn unknown_base_growth_country_is_refused_at_its_line() {
    let d = copy_tiny();
    let text = fs::read_to_string(d.path().join("study.toml")).unwrap();
    fs::write(d.path().join("study.toml"), format!("{text}\n[load]\nbase_growth_pct_per_year = {{ USA = 1.0 }}\n")).unwrap();
    let i = issue_at(&settings_issues(d.path()), 27, "base_growth_pct_per_year", "{ USA = 1.0 }");
    assert!(i.message.contains("USA") && i.message.contains("`US`, `CA`, `MX`"), "{i}");
}

#[test]
fn hours_override_is_bounded_like_the_horizon() {
    for h in [0, 87_841, usize::MAX] {
        let e = check_hours_override(Some(h)).unwrap_err().to_string();
        assert!(e.contains("--hours") && e.contains(&h.to_string()) && e.contains("87840"), "{e}");
    }
    assert!(check_hours_override(Some(87_840)).is_ok());
    assert!(check_hours_override(None).is_ok());
    // The reader itself caps the axis, so a direct caller cannot make it allocate
    // an unbounded horizon (it reports the series as too short instead).
    assert!(matches!(read_case(&tiny_dir(), Some(usize::MAX)), Err(IoError::Input(_))));
}

#[test]
fn unreadable_case_folder_is_reported_as_such() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("nope");
    let e = check_case_folder(&missing).unwrap_err().to_string();
    assert!(e.contains("does not exist"), "{e}");
    let file = d.path().join("f.toml");
    fs::write(&file, "x").unwrap();
    let e = check_case_folder(&file).unwrap_err().to_string();
    assert!(e.contains("is a file"), "{e}");
    let e = read_settings(&file).unwrap_err().to_string();
    assert!(e.contains("is a file") && !e.contains("regions.csv: missing"), "{e}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let c = copy_tiny();
        fs::set_permissions(c.path(), fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any folder: the check only applies when the folder is unreadable.
        if fs::read_dir(c.path()).is_err() {
            let e = check_case_folder(c.path()).unwrap_err().to_string();
            assert!(e.contains("cannot be read"), "{e}");
        }
        fs::set_permissions(c.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn numbered_run_folders_take_the_next_suffix() {
    let d = tempfile::tempdir().unwrap();
    let dest = d.path().join("case").join("20300101T000000Z");
    let a = RunFolder::create_numbered(&dest).unwrap();
    let b = RunFolder::create_numbered(&dest).unwrap();
    let c = RunFolder::create_numbered(&dest).unwrap();
    a.write_text("a.txt", "a").unwrap();
    b.write_text("b.txt", "b").unwrap();
    assert_eq!(b.commit().unwrap(), dest);
    assert_eq!(a.commit().unwrap(), d.path().join("case").join("20300101T000000Z-1"));
    assert_eq!(c.commit().unwrap(), d.path().join("case").join("20300101T000000Z-2"));
    assert!(dest.join("b.txt").is_file());
    let names: Vec<String> =
        fs::read_dir(d.path().join("case")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(names.len(), 3, "no temporary folder left: {names:?}");
}

#[test]
fn exact_run_folder_taken_meanwhile_is_not_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let dest = d.path().join("run");
    let f = RunFolder::create(&dest).unwrap();
    fs::create_dir(&dest).unwrap();
    fs::write(dest.join("theirs.txt"), "x").unwrap();
    assert!(matches!(f.commit(), Err(IoError::Exists(_))));
    assert!(dest.join("theirs.txt").is_file());
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1, "temporary folder removed");
    // An empty folder created meanwhile is not replaced either.
    let dest = d.path().join("run2");
    let f = RunFolder::create(&dest).unwrap();
    fs::create_dir(&dest).unwrap();
    assert!(matches!(f.commit(), Err(IoError::Exists(_))));
}

#[test]
fn run_folder_under_a_file_is_refused_with_a_clear_message() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("notes.txt");
    fs::write(&file, "x").unwrap();
    for dest in [file.join("run"), file.join("a").join("run")] {
        let e = RunFolder::check(&dest).unwrap_err().to_string();
        assert!(e.contains("notes.txt is a file, not a folder"), "{e}");
        let e = RunFolder::create(&dest).unwrap_err().to_string();
        assert!(e.contains("is a file, not a folder"), "{e}");
    }
    assert!(matches!(RunFolder::check(&file), Err(IoError::Exists(_))));
}

#[test]
fn stale_partial_folders_of_dead_processes_are_removed() {
    let d = tempfile::tempdir().unwrap();
    // The id of a process that has exited.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = d.path().join(format!(".20300101T000000Z.partial-{dead}"));
    let stale_n = d.path().join(format!(".run.partial-{dead}-3"));
    let mine = d.path().join(format!(".other.partial-{}-999", std::process::id()));
    let unrelated = d.path().join(".partial-notes");
    for p in [&stale, &stale_n, &mine, &unrelated] {
        fs::create_dir(p).unwrap();
        fs::write(p.join("f.csv"), "x").unwrap();
    }
    let f = RunFolder::create(&d.path().join("new")).unwrap();
    if Path::new("/proc/self").exists() {
        assert!(!stale.exists() && !stale_n.exists(), "stale folders of process {dead} removed");
    }
    assert!(mine.exists(), "folders of live processes are kept");
    assert!(unrelated.exists());
    drop(f);
}

#[test]
fn removing_partial_folders_is_what_an_interrupt_does() {
    // Run in a child process: remove_partial_folders leaves the registry locked.
    if std::env::var_os("NAGRID_TEST_INTERRUPT_CHILD").is_some() {
        let dir = PathBuf::from(std::env::var_os("NAGRID_TEST_INTERRUPT_CHILD").unwrap());
        let f = RunFolder::create(&dir.join("run")).unwrap();
        f.write_text("a.csv", "x").unwrap();
        nagrid_io::results::remove_partial_folders();
        std::process::exit(0);
    }
    let d = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "removing_partial_folders_is_what_an_interrupt_does", "--nocapture"])
        .env("NAGRID_TEST_INTERRUPT_CHILD", d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "nothing left behind");
}

#[test]
fn failed_run_removes_the_folders_made_for_it() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("outputs")).unwrap();
    let f = RunFolder::create_numbered(&d.path().join("outputs").join("case").join("a").join("20300101T000000Z")).unwrap();
    f.write_text("x.csv", "1").unwrap();
    drop(f);
    assert_eq!(entries(d.path()), vec!["outputs".to_string()]);
    assert!(entries(&d.path().join("outputs")).is_empty());
}

fn entries(p: &Path) -> Vec<String> {
    fs::read_dir(p).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// The issue of the tiny case with `key = value` added to its `[solver]` table (line 20).
fn solver_key_issue(key: &str, value: &str) -> Issue {
    let d = copy_tiny();
    edit(d.path(), "time_limit_s = 60", &format!("time_limit_s = 60\n{key} = {value}"));
    issue_at(&settings_issues(d.path()), 20, key, value)
}

#[test]
fn report_gap_is_auto_true_or_false() {
    let i = solver_key_issue("report_gap", "\"sometimes\"");
    assert!(i.message.contains("expected true, false or \"auto\""), "{i}");
    for (v, want) in [("\"auto\"", ReportGap::Auto), ("true", ReportGap::Always), ("false", ReportGap::Never)] {
        let d = copy_tiny();
        edit(d.path(), "time_limit_s = 60", &format!("time_limit_s = 60\nreport_gap = {v}"));
        let s = read_settings(d.path()).unwrap();
        assert_eq!(s.solver.report_gap, want, "{v}");
    }
    // Auto measures the gap up to a month of hours.
    assert!(
        ReportGap::Auto.applies(744) && !ReportGap::Auto.applies(745) && ReportGap::Always.applies(8760) && !ReportGap::Never.applies(1)
    );
}

#[test]
fn single_lp_start_is_auto_rolling_or_cold() {
    let i = solver_key_issue("single_lp_start", "\"warm\"");
    assert!(i.message.contains("auto") && i.message.contains("cold"), "{i}");
    for (v, want) in [("auto", SingleLpStart::Auto), ("rolling", SingleLpStart::Rolling), ("cold", SingleLpStart::Cold)] {
        let d = copy_tiny();
        edit(d.path(), "time_limit_s = 60", &format!("time_limit_s = 60\nsingle_lp_start = \"{v}\""));
        assert_eq!(read_settings(d.path()).unwrap().solver.single_lp_start, want, "{v}");
    }
    // Auto: more than two windows of 168 + 24 hours; never by interior point.
    let mut s = read_settings(copy_tiny().path()).unwrap().solver;
    s.single_lp_start = SingleLpStart::Auto;
    assert!(!s.single_lp_from_rolling(384) && s.single_lp_from_rolling(385));
    s.method = nagrid_model::SolverMethod::Ipm;
    assert!(!s.single_lp_from_rolling(8760));
}
