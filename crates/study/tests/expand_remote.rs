//! (BD7) Benders windows solved elsewhere: every evaluation after the first pass
//! goes to a window executor as jobs, here one that passes each job and reply
//! through JSON text and solves it with a decomposition rebuilt from the case
//! folder, as a Slurm task does (`nagrid expand-task`; the Slurm path itself:
//! crates/cli/tests/expand_slurm.rs). The expansion must be the one solved here:
//! same iterations, bounds, builds and values.

use nagrid_opf::benders::{Benders, WindowExecutor, WindowJob, WindowReply};
use nagrid_opf::{DispatchOptions, OpfError};
use nagrid_study::expand::{expand, expand_with, expansion_scenarios};
use nagrid_study::{Progress, RunOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod common;

/// inputs/tiny with its Canada–US line expandable.
fn case(dir: &Path) -> PathBuf {
    let case = dir.join("tiny");
    common::copy_tiny(&case, &["lines.csv"]);
    std::fs::write(case.join("lines.csv"), include_str!("fixtures/tiny-expandable-lines.csv")).unwrap();
    case
}

/// Benders over two 2-hour windows of the 4 hours.
fn options(out: PathBuf) -> RunOptions {
    use nagrid_io::overrides::Override;
    let overrides = vec![Override::new("expansion.method", "\"benders\"", "--set"), Override::new("expansion.window_hours", "2", "--set")];
    RunOptions { hours: Some(4), out: Some(out), overrides, ..Default::default() }
}

/// A worker in this process: each evaluation rebuilds the decomposition from the case
/// folder and solves the jobs read back from their JSON text.
struct JsonWorker {
    case: PathBuf,
    opts: RunOptions,
    evaluations: Arc<AtomicUsize>,
    jobs: Arc<AtomicUsize>,
}

fn text_err(e: impl std::fmt::Display) -> OpfError {
    OpfError::Input(e.to_string())
}

impl WindowExecutor for JsonWorker {
    fn run(&self, jobs: Vec<WindowJob>) -> Result<Vec<WindowReply>, OpfError> {
        self.evaluations.fetch_add(1, Ordering::SeqCst);
        let (scenarios, _, _) = expansion_scenarios(&self.case, &self.opts, &Progress::new(true)).map_err(text_err)?;
        let b = Benders::new(&scenarios, &DispatchOptions::from_settings(&scenarios[0].case.settings))?;
        let mut out = Vec::new();
        for j in jobs {
            self.jobs.fetch_add(1, Ordering::SeqCst);
            let job: WindowJob = serde_json::from_str(&serde_json::to_string(&j).map_err(text_err)?).map_err(text_err)?;
            let reply = b.solve_job(&job)?;
            out.push(serde_json::from_str(&serde_json::to_string(&reply).map_err(text_err)?).map_err(text_err)?);
        }
        // Replies in another order than the jobs: the master must match them by window.
        out.reverse();
        Ok(out)
    }
}

/// expansion.json without its wall times.
fn expansion_json(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expansion.json")).unwrap()).unwrap();
    if let Some(h) = v.pointer_mut("/benders/history").and_then(|h| h.as_array_mut()) {
        for it in h {
            it.as_object_mut().unwrap().remove("elapsed_s");
        }
    }
    if let Some(b) = v.pointer_mut("/benders").and_then(|b| b.as_object_mut()) {
        b.remove("boundaries_s");
    }
    v
}

#[test]
fn windows_solved_through_json_by_a_rebuilt_decomposition_give_the_same_expansion() {
    let d = tempfile::tempdir().unwrap();
    let case = case(d.path());
    let (local, _) = expand(&case, &options(d.path().join("local"))).unwrap();
    let (evaluations, jobs) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let worker =
        JsonWorker { case: case.clone(), opts: options(d.path().join("unused")), evaluations: evaluations.clone(), jobs: jobs.clone() };
    let (remote, rep) = expand_with(&case, &options(d.path().join("remote")), Some(Box::new(worker))).unwrap();
    let rep = rep.unwrap();
    let b = rep.benders.as_ref().expect("Benders decomposition");
    // Every iteration's evaluation (5 master solves) and the leave-one-out value of
    // the build went through the executor; the first pass stayed here.
    assert_eq!(b.iterations, 5, "{b:?}");
    assert!(evaluations.load(Ordering::SeqCst) >= b.iterations, "{} evaluations", evaluations.load(Ordering::SeqCst));
    assert_eq!(
        jobs.load(Ordering::SeqCst),
        b.history.iter().skip(1).map(|h| h.windows_solved).sum::<usize>() + 2 * (evaluations.load(Ordering::SeqCst) - b.iterations)
    );
    assert_eq!(rep.upgrades.len(), 1);
    assert!((rep.upgrades[0].build.built_mw - 200.0).abs() < 1e-6, "{:?}", rep.upgrades[0]);
    let (l, r) = (local.out_dir.unwrap(), remote.out_dir.unwrap());
    assert_eq!(expansion_json(&l), expansion_json(&r));
    for f in ["upgrades.csv", "summary.json", "lines-flow_mw.csv", "regions-price_usd_per_mwh.csv"] {
        assert_eq!(std::fs::read_to_string(l.join(f)).unwrap(), std::fs::read_to_string(r.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn a_job_from_other_inputs_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let case = case(d.path());
    let opts = options(d.path().join("x"));
    let (scenarios, _, _) = expansion_scenarios(&case, &opts, &Progress::new(true)).unwrap();
    let b = Benders::new(&scenarios, &DispatchOptions::from_settings(&scenarios[0].case.settings)).unwrap();
    // A job naming a window the decomposition does not have.
    let job: WindowJob = serde_json::from_str(r#"{"window":7,"builds_mw":[0.0],"boundary":null,"basis":null}"#).unwrap();
    let err = b.solve_job(&job).unwrap_err().to_string();
    assert!(err.contains("window job 7 with 1 builds does not fit this decomposition (2 windows, 1 candidates)"), "{err}");
    let job: WindowJob = serde_json::from_str(r#"{"window":1,"builds_mw":[0.0],"boundary":null,"basis":null}"#).unwrap();
    assert_eq!(b.solve_job(&job).unwrap().window(), 1);
}

#[test]
fn an_expansion_without_windows_refuses_an_executor() {
    let d = tempfile::tempdir().unwrap();
    let case = case(d.path());
    let opts = RunOptions { hours: Some(4), out: Some(d.path().join("one")), ..Default::default() };
    let worker = JsonWorker { case: case.clone(), opts: opts.clone(), evaluations: Default::default(), jobs: Default::default() };
    let err = expand_with(&case, &opts, Some(Box::new(worker))).unwrap_err().to_string();
    assert!(err.contains("is one LP over the 4 hours") && err.contains("no windows to send to an executor"), "{err}");
    assert!(!d.path().join("one").exists());
}

/// A Slurm task's default `--mem`: the LP of one window with capacity columns plus
/// every scenario's hourly inputs. A second scenario adds its inputs (4 hours × the
/// inputs per hour × 8 bytes, kept twice); a window of 4 hours instead of 2 adds LP.
#[test]
fn a_slurm_task_asks_for_its_window_and_every_scenario_s_inputs() {
    use nagrid_study::expand_remote::task_memory_bytes;
    let d = tempfile::tempdir().unwrap();
    let case = case(d.path());
    let progress = Progress::new(true);
    let (one, _, _) = expansion_scenarios(&case, &options(d.path().join("a")), &progress).unwrap();
    let a = task_memory_bytes(&one);
    assert!((120 << 20..1 << 30).contains(&a), "{a}");
    let mut two = one.clone();
    two.extend(one.iter().cloned());
    let inputs = nagrid_study::sweep::memory::LpPerHour::of(&one[0].case).inputs;
    assert_eq!(task_memory_bytes(&two) - a, (4.0 * inputs * 16.0) as u64, "{inputs}");
    let mut wide = options(d.path().join("b"));
    wide.overrides[1] = nagrid_io::overrides::Override::new("expansion.window_hours", "4", "--set");
    let (w, _, _) = expansion_scenarios(&case, &wide, &progress).unwrap();
    assert!(task_memory_bytes(&w) > a, "a 4-hour window needs more than a 2-hour one");
}
