//! The local executor: a pool that runs the variants of a sweep on this machine,
//! each in its own process (`nagrid sweep-task DIR INDEX`) or, inside a library call
//! such as `compare`, on a thread. At most `max_parallel` variants run at once, and a
//! variant starts only when the estimated peak memory of the running ones and its own
//! fits in 85 % of the memory available when the sweep started (`MemAvailable`); the
//! first always starts.

use super::memory::{human, mem_available_bytes};
use super::variant::{run_planned, Outcome};
use super::{io, Plan};
use crate::progress::Progress;
use crate::StudyError;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// How a variant is run.
#[derive(Debug, Clone)]
pub enum Worker {
    /// On a thread of this process.
    InProcess,
    /// As `PROGRAM sweep-task DIR INDEX --quiet` (the `nagrid` binary), its standard
    /// error in `logs/<index>.log`.
    Program(PathBuf),
}

/// Share of the available memory the pool plans to use.
const MEMORY_SHARE: f64 = 0.85;

/// What the pool did.
#[derive(Debug, Clone, Default)]
pub struct PoolReport {
    /// Variants run.
    pub ran: usize,
    /// Of which not optimal (or not recorded).
    pub failed: usize,
    /// Most variants that ran at once.
    pub most_at_once: usize,
    /// Memory budget, bytes.
    pub budget_bytes: u64,
}

/// Run the variants `indices` of `plan` (sweep folder `dir`) with at most `max_parallel`
/// at once and within the memory available.
pub fn run(
    dir: &Path,
    plan: &Plan,
    indices: &[usize],
    worker: &Worker,
    max_parallel: usize,
    quiet: bool,
) -> Result<PoolReport, StudyError> {
    let progress = Progress::new(quiet);
    let budget = mem_available_bytes().map_or(u64::MAX, |b| (b as f64 * MEMORY_SHARE) as u64);
    let mut report = PoolReport { budget_bytes: budget, ..Default::default() };
    let (tx, rx) = mpsc::channel::<(usize, bool)>();
    let mut pending: std::collections::VecDeque<usize> = indices.iter().copied().collect();
    let mut running: Vec<(usize, u64)> = Vec::new();
    let est = |i: usize| plan.variants[i].memory_bytes;
    let n = indices.len();
    std::thread::scope(|scope| -> Result<(), StudyError> {
        loop {
            while let Some(&next) = pending.front() {
                let used: u64 = running.iter().map(|r| r.1).sum();
                let fits = running.is_empty() || used.saturating_add(est(next)) <= budget;
                if running.len() >= max_parallel.max(1) || !fits {
                    break;
                }
                pending.pop_front();
                running.push((next, est(next)));
                report.most_at_once = report.most_at_once.max(running.len());
                let tx = tx.clone();
                let worker = worker.clone();
                scope.spawn(move || {
                    let ok = run_one(dir, plan, next, &worker);
                    let _ = tx.send((next, ok));
                });
            }
            if running.is_empty() {
                return Ok(());
            }
            let used: u64 = running.iter().map(|r| r.1).sum();
            progress.phase(format!(
                "sweep {}: {}/{n} variants done ({} failed), {} running (estimated {} of {})",
                plan.name,
                report.ran,
                report.failed,
                running.len(),
                human(used),
                human(budget)
            ));
            let (done, ok) = rx.recv().map_err(|_| StudyError::Invalid("a sweep worker stopped unexpectedly".into()))?;
            running.retain(|r| r.0 != done);
            report.ran += 1;
            if !ok {
                report.failed += 1;
                let name = &plan.variants[done].name;
                progress.println(format!(
                    "variant {done} ({name}) did not end optimal; see {}",
                    dir.join("results").join(format!("{done:06}.json")).display()
                ));
            }
        }
    })?;
    progress.finish();
    Ok(report)
}

/// Run one variant; true when it ended optimal.
fn run_one(dir: &Path, plan: &Plan, index: usize, worker: &Worker) -> bool {
    match worker {
        Worker::InProcess => run_planned(dir, plan, index, false).is_ok_and(|o: Outcome| o.status == "optimal"),
        Worker::Program(p) => {
            let log = dir.join("logs").join(format!("{index:06}.log"));
            let stderr = match std::fs::File::create(&log).map_err(|e| io(&log, e)) {
                Ok(f) => std::process::Stdio::from(f),
                Err(_) => std::process::Stdio::null(),
            };
            let status = std::process::Command::new(p)
                .arg("sweep-task")
                .arg(dir)
                .arg(index.to_string())
                .arg("--quiet")
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(stderr)
                .status();
            status.is_ok_and(|s| s.success()) && super::variant::read_outcome(dir, index).is_some_and(|o| o.status == "optimal")
        }
    }
}
