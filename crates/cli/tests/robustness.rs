//! Property test: random mutations of every file of `inputs/tiny` and of a MATPOWER
//! case never make `nagrid validate`, `run` or `opf` panic or abort, and never let
//! them exit 0 with NaN or inf in their outputs. `validate` and `run` agree: a case
//! that `validate` accepts is solved (exit 0) or ends in a solver status (exit 3); a
//! case it refuses is refused by `run` too (exit 1).
//!
//! Mutations: byte flips, truncations, deleted, swapped and duplicated fields, lines
//! and columns, huge, tiny and non-finite numbers, and odd encodings (BOM, CRLF,
//! Latin-1, UTF-16, NUL bytes).
//!
//! A bounded number of cases runs in `make test` (under a minute); set
//! `NAGRID_FUZZ_CASES=N` for N cases per target (e.g. 5000 overnight).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nagrid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nagrid"))
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

fn case5() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/pglib/pglib_opf_case5_pjm.m")
}

/// A runner of `default` cases (or `NAGRID_FUZZ_CASES`), from a fixed seed so `make
/// test` is repeatable; `NAGRID_FUZZ_SEED=N` picks another sequence.
fn runner(default: u32) -> TestRunner {
    let cases = std::env::var("NAGRID_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    let seed: u64 = std::env::var("NAGRID_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key))
}

/// Numbers that break naive readers and solvers.
const NASTY: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "infinity",
    "1e308",
    "-1e308",
    "1e300",
    "1e20",
    "1e-300",
    "-1e-30",
    "0",
    "-0",
    "-1",
    "2.5",
    "99999999999999999999999",
    "18446744073709551615",
    "",
    "\"",
    "null",
    "true",
    "0x10",
    "1,5",
    "é",
    " ",
];

/// One mutation, chosen and parameterised by the strategy.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte { at: usize, bit: u8 },
    Truncate { at: usize },
    DeleteField { line: usize, field: usize },
    SwapFields { line: usize, a: usize, b: usize },
    DeleteColumn { field: usize },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    NastyNumber { line: usize, field: usize, nasty: usize },
    NastyEverywhere { field: usize, nasty: usize },
    Bom,
    Crlf,
    Latin1 { at: usize },
    Utf16,
    Nul { at: usize },
    Empty,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>();
    prop_oneof![
        (n, 0u8..8).prop_map(|(at, bit)| Mutation::FlipByte { at, bit }),
        n.prop_map(|at| Mutation::Truncate { at }),
        (n, n).prop_map(|(line, field)| Mutation::DeleteField { line, field }),
        (n, n, n).prop_map(|(line, a, b)| Mutation::SwapFields { line, a, b }),
        n.prop_map(|field| Mutation::DeleteColumn { field }),
        n.prop_map(|line| Mutation::DeleteLine { line }),
        n.prop_map(|line| Mutation::DuplicateLine { line }),
        (n, n, n).prop_map(|(line, field, nasty)| Mutation::NastyNumber { line, field, nasty }),
        (n, n, n).prop_map(|(line, field, nasty)| Mutation::NastyNumber { line, field, nasty }),
        (n, n).prop_map(|(field, nasty)| Mutation::NastyEverywhere { field, nasty }),
        Just(Mutation::Bom),
        Just(Mutation::Crlf),
        n.prop_map(|at| Mutation::Latin1 { at }),
        Just(Mutation::Utf16),
        n.prop_map(|at| Mutation::Nul { at }),
        Just(Mutation::Empty),
    ]
}

/// Fields of a line: comma-separated (CSV) or whitespace-separated (MATPOWER rows).
fn split(line: &str, csv: bool) -> Vec<String> {
    if csv {
        line.split(',').map(str::to_string).collect()
    } else {
        line.split_whitespace().map(str::to_string).collect()
    }
}

fn join(fields: &[String], csv: bool) -> String {
    fields.join(if csv { "," } else { "\t" })
}

/// `line` with its field number `field` (modulo the count) replaced by `value`; a
/// MATPOWER row keeps its closing ';'.
fn with_field(line: &str, csv: bool, field: usize, value: &str) -> String {
    let semi = !csv && line.trim_end().ends_with(';');
    let body = if semi { line.trim_end().trim_end_matches(';') } else { line };
    let mut f = split(body, csv);
    if !f.is_empty() {
        let n = f.len();
        f[field % n] = value.to_string();
    }
    join(&f, csv) + if semi { ";" } else { "" }
}

/// Apply `m` to `bytes`; `csv` says how fields are separated.
fn apply(m: &Mutation, bytes: &[u8], csv: bool) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let nl = lines.len().max(1);
    // Lines with fields: in MATPOWER files, only matrix rows (ending in ';').
    let data: Vec<usize> = (0..lines.len()).filter(|&i| csv || lines[i].trim_end().ends_with(';') && !lines[i].contains('=')).collect();
    let pick = |i: usize| if data.is_empty() { i % nl } else { data[i % data.len()] };
    let with_lines = |lines: Vec<String>| (lines.join("\n") + "\n").into_bytes();
    match *m {
        Mutation::FlipByte { at, bit } => {
            if !b.is_empty() {
                let i = at % b.len();
                b[i] ^= 1 << bit;
            }
            b
        }
        Mutation::Truncate { at } => {
            b.truncate(at % (b.len() + 1));
            b
        }
        Mutation::DeleteField { line, field } => {
            if lines.is_empty() {
                return b;
            }
            let l = pick(line);
            let mut f = split(&lines[l], csv);
            if !f.is_empty() {
                f.remove(field % f.len());
            }
            lines[l] = join(&f, csv);
            with_lines(lines)
        }
        Mutation::SwapFields { line, a, b: c } => {
            if lines.is_empty() {
                return b;
            }
            let l = pick(line);
            let mut f = split(&lines[l], csv);
            if !f.is_empty() {
                let n = f.len();
                f.swap(a % n, c % n);
            }
            lines[l] = join(&f, csv);
            with_lines(lines)
        }
        Mutation::DeleteColumn { field } => {
            for &l in &data {
                let mut f = split(&lines[l], csv);
                if !f.is_empty() {
                    f.remove(field % f.len());
                }
                lines[l] = join(&f, csv);
            }
            with_lines(lines)
        }
        Mutation::DeleteLine { line } => {
            if !lines.is_empty() {
                lines.remove(line % nl);
            }
            with_lines(lines)
        }
        Mutation::DuplicateLine { line } => {
            if !lines.is_empty() {
                let l = pick(line);
                let dup = lines[l].clone();
                lines.insert(l, dup);
            }
            with_lines(lines)
        }
        Mutation::NastyNumber { line, field, nasty } => {
            if lines.is_empty() {
                return b;
            }
            let l = pick(line);
            lines[l] = with_field(&lines[l], csv, field, NASTY[nasty % NASTY.len()]);
            with_lines(lines)
        }
        Mutation::NastyEverywhere { field, nasty } => {
            for &l in data.iter().skip(usize::from(csv)) {
                lines[l] = with_field(&lines[l], csv, field, NASTY[nasty % NASTY.len()]);
            }
            with_lines(lines)
        }
        Mutation::Bom => [&[0xEF, 0xBB, 0xBF][..], &b].concat(),
        Mutation::Crlf => text.replace('\n', "\r\n").into_bytes(),
        Mutation::Latin1 { at } => {
            let i = at % (b.len() + 1);
            b.insert(i, 0xE9);
            b
        }
        Mutation::Utf16 => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
        Mutation::Nul { at } => {
            let i = at % (b.len() + 1);
            b.insert(i, 0);
            b
        }
        Mutation::Empty => Vec::new(),
    }
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

/// Files of a case folder, relative.
fn files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "csv" || e == "toml") {
            out.push(p.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

/// The process ended by itself with one of nagrid's exit codes: 0 success, 1
/// error, 2 usage, 3 solver status. A panic exits 101; an abort is a signal.
fn exit_code(o: &Output, what: &str) -> Result<i32, TestCaseError> {
    let stderr = String::from_utf8_lossy(&o.stderr);
    match o.status.code() {
        Some(c @ 0..=3) => Ok(c),
        Some(c) => Err(TestCaseError::fail(format!("{what}: exit code {c}\n{stderr}"))),
        None => Err(TestCaseError::fail(format!("{what}: killed by a signal (abort?)\n{stderr}"))),
    }
}

/// A non-finite number anywhere in a run folder's tables, JSON or Markdown.
fn non_finite_in(dir: &Path) -> Option<String> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).ok()? {
            let p = e.ok()?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if !p.extension().is_some_and(|e| e == "csv" || e == "json" || e == "md") {
                continue;
            }
            let text = fs::read_to_string(&p).unwrap_or_default();
            for tok in text.split(|c: char| c == ',' || c == '"' || c == ':' || c == '|' || c == '[' || c == ']' || c.is_whitespace()) {
                let t = tok.trim_start_matches(['-', '+']).to_ascii_lowercase();
                if t == "nan" || t == "inf" || t == "infinity" {
                    return Some(format!("{}: '{tok}'", p.display()));
                }
            }
        }
    }
    None
}

fn check_case(dir: &Path, out: &Path) -> Result<(), TestCaseError> {
    let v = nagrid().arg("validate").arg(dir).output().unwrap();
    let vc = exit_code(&v, "validate")?;
    let r = nagrid().arg("run").arg(dir).arg("--quiet").arg("--out").arg(out).output().unwrap();
    let rc = exit_code(&r, "run")?;
    let (verr, rerr) = (String::from_utf8_lossy(&v.stderr), String::from_utf8_lossy(&r.stderr));
    match (vc, rc) {
        (0, 0) => {
            if let Some(bad) = non_finite_in(out) {
                return Err(TestCaseError::fail(format!("run exited 0 with a non-finite number in {bad}")));
            }
        }
        (0, 3) | (1, 1) => {
            if rc != 0 && out.exists() {
                return Err(TestCaseError::fail("a failed run left its output folder behind"));
            }
        }
        _ => return Err(TestCaseError::fail(format!("validate exited {vc} but run exited {rc}\nvalidate: {verr}\nrun: {rerr}"))),
    }
    Ok(())
}

#[test]
fn mutated_tiny_never_crashes() {
    let src = tiny();
    let mut names = Vec::new();
    files(&src, &src, &mut names);
    assert!(names.len() >= 7, "{names:?}");
    let mut runner = runner(300);
    let strategy = (0..names.len(), mutation());
    runner
        .run(&strategy, |(f, m)| {
            let d = tempfile::tempdir().unwrap();
            let case = d.path().join("case");
            copy_dir(&src, &case);
            let p = case.join(&names[f]);
            let csv = p.extension().is_some_and(|e| e == "csv");
            let mutated = apply(&m, &fs::read(&p).unwrap(), csv);
            fs::write(&p, mutated).unwrap();
            check_case(&case, &d.path().join("out")).map_err(|e| TestCaseError::fail(format!("{} {m:?}: {e}", names[f].display())))
        })
        .unwrap();
}

#[test]
fn mutated_matpower_never_crashes() {
    let src = case5();
    let text = fs::read(&src).unwrap();
    let mut runner = runner(300);
    runner
        .run(&mutation(), |m| {
            let d = tempfile::tempdir().unwrap();
            let p = d.path().join("case5.m");
            fs::write(&p, apply(&m, &text, false)).unwrap();
            let out = d.path().join("out");
            let o = nagrid().arg("opf").arg(&p).arg("--quiet").arg("--out").arg(&out).output().unwrap();
            let code = exit_code(&o, "opf").map_err(|e| TestCaseError::fail(format!("{m:?}: {e}")))?;
            if code == 0 {
                if let Some(bad) = non_finite_in(&out) {
                    return Err(TestCaseError::fail(format!("{m:?}: opf exited 0 with a non-finite number in {bad}")));
                }
            } else if out.exists() {
                return Err(TestCaseError::fail(format!("{m:?}: a failed opf left its output folder behind")));
            }
            Ok(())
        })
        .unwrap();
}

/// The mutations themselves do what they say (a test of the test).
#[test]
fn mutations_change_the_input() {
    let csv = b"id,a,b\nx,1,2\ny,3,4\n";
    assert_eq!(apply(&Mutation::DeleteColumn { field: 1 }, csv, true), b"id,b\nx,2\ny,4\n");
    assert_eq!(apply(&Mutation::NastyNumber { line: 1, field: 2, nasty: 0 }, csv, true), b"id,a,b\nx,1,NaN\ny,3,4\n");
    assert_eq!(apply(&Mutation::Truncate { at: 4 }, csv, true), b"id,a");
    let m = b"mpc.bus = [\n\t1\t2\t3;\n];\n";
    assert_eq!(apply(&Mutation::NastyNumber { line: 0, field: 1, nasty: 2 }, m, false), b"mpc.bus = [\n1\tinf\t3;\n];\n");
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("x.csv"), "timestamp,a\n2030-01-01T00:00:00Z,-inf\n").unwrap();
    assert!(non_finite_in(d.path()).is_some());
}
