//! `nagrid headroom CASE --region R` (network-aware headroom): a run on inputs/tiny
//! and a clear error for each kind of bad argument; `--data` is unchanged.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

fn nagrid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nagrid")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn tiny_case_writes_the_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let (case, out_s) = (tiny(), out.to_str().unwrap().to_string());
    let o = nagrid(&["headroom", case.to_str().unwrap(), "--region", "can", "--shares", "5", "--tolerance-gw", "0.001", "--out", &out_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("islanded") && stdout.contains("1.26"), "{stdout}");
    assert!(stderr(&o).contains("[existing] share 5 %: bracket"), "progress: {}", stderr(&o));
    for f in ["headroom_network.csv", "headroom_network.md"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // --quiet prints only the folder.
    let out2 = tmp.path().join("hr2");
    let o = nagrid(&["headroom", case.to_str().unwrap(), "--region", "can", "--quiet", "--out", out2.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), out2.to_str().unwrap());
}

#[test]
fn bad_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hr");
    let (case, out_s) = (tiny().to_str().unwrap().to_string(), out.to_str().unwrap().to_string());
    let fails = |args: &[&str], code: i32, needle: &str| {
        let o = nagrid(args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    };
    fails(&["headroom", &case, "--region", "us_pjm", "--out", &out_s], 1, "unknown region \"us_pjm\" in case tiny (valid: usa, can, mex)");
    fails(&["headroom", &case, "--region", "can", "--shares", "0", "--out", &out_s], 1, "curtailment share 0 % is outside (0, 100]");
    fails(&["headroom", &case, "--region", "can", "--shares", "150", "--out", &out_s], 1, "curtailment share 150 % is outside (0, 100]");
    fails(&["headroom", &case, "--region", "can", "--candidates", "x", "--out", &out_s], 1, "the case has no candidate lines or links");
    fails(&["headroom", &case, "--region", "can", "--start", "July", "--out", &out_s], 1, "is not an RFC 3339 time");
    fails(&["headroom", &case, "--region", "can", "--hours", "0", "--out", &out_s], 1, "--hours");
    // Forms are exclusive, and each needs its own arguments.
    fails(&["headroom", &case, "--region", "can", "--data", "/nonexistent"], 2, "cannot be used with");
    fails(&["headroom", &case], 2, "--region");
    fails(&["headroom", "--region", "can", "--data", "/x", "--out", &out_s], 1, "--region needs a case folder");
    fails(&["headroom"], 2, "--data");
    assert!(!out.exists());
}
