//! (BD7) The Benders windows of `nagrid expand` as Slurm job arrays
//! (`nagrid expand --executor slurm`, docs/expansion.md).
//!
//! Each evaluation after the first pass writes its window jobs (builds, boundary,
//! last basis; `nagrid_opf::benders::WindowJob`) to a work folder that every node
//! sees, submits one array whose tasks run `nagrid expand-task WORK EVAL TASK`, waits
//! for the replies and hands them to the master. A task rebuilds the decomposition
//! from the inputs recorded in `WORK/setup.json` (case folder, hours, year,
//! overrides) exactly as `expand` does, so a window solved there from the same basis
//! gives the same optimum as here. The work folder is removed when the expansion
//! ends, whether it succeeded, failed or was interrupted.

use crate::expand::expansion_scenarios;
use crate::progress::Progress;
use crate::sweep::memory::{estimate_bytes, human, slurm_mem, LpPerHour};
use crate::sweep::slurm::{quote, slurm, SlurmArgs};
use crate::{RunOptions, StudyError};
use nagrid_io::overrides::{Override, OverrideRecord};
use nagrid_opf::benders::{Benders, WindowExecutor, WindowJob, WindowReply};
use nagrid_opf::{DispatchOptions, OpfError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What a task needs to rebuild the decomposition (`WORK/setup.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Setup {
    /// Case folder, absolute.
    case_dir: PathBuf,
    hours: Option<usize>,
    year: Option<i32>,
    overrides: Vec<OverrideRecord>,
}

fn io(path: &Path, e: impl std::fmt::Display) -> StudyError {
    StudyError::Invalid(format!("{}: {e}", path.display()))
}

fn opf(e: StudyError) -> OpfError {
    OpfError::Input(e.to_string())
}

/// Write `text` to `path` through a temporary file renamed into place.
fn write_atomic(path: &Path, text: &str) -> Result<(), StudyError> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, StudyError> {
    let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    serde_json::from_str(&text).map_err(|e| io(path, e))
}

fn eval_dir(work: &Path, eval: usize) -> PathBuf {
    work.join(format!("eval-{eval:04}"))
}

fn job_path(dir: &Path, k: usize) -> PathBuf {
    dir.join(format!("job-{k:05}.json"))
}

fn reply_path(dir: &Path, k: usize) -> PathBuf {
    dir.join(format!("reply-{k:05}.json"))
}

/// `<outputs_root>/<case>/expand-windows-<UTC time>-<pid>`: the default work folder.
pub fn default_work_dir(case: &Path, outputs_root: &Path) -> PathBuf {
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "case".into());
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    outputs_root.join(name).join(format!("expand-windows-{stamp}-{}", std::process::id()))
}

/// The windows of each evaluation as one Slurm job array.
pub struct SlurmWindows {
    /// The work folder: a run folder never committed, so that it is removed when the
    /// expansion ends or is interrupted (SIGINT/SIGTERM), with the folders made for it.
    _folder: nagrid_io::RunFolder,
    work: PathBuf,
    args: SlurmArgs,
    evals: AtomicUsize,
    progress: Progress,
}

impl SlurmWindows {
    /// An executor for the expansion of case folder `dir` with `opts`, working in a
    /// temporary folder beside `work` (which must not exist; its parent must be on a
    /// file system that every node sees). Refused when no Slurm controller answers.
    pub fn new(dir: &Path, opts: &RunOptions, work: &Path, mut args: SlurmArgs) -> Result<Self, StudyError> {
        crate::sweep::slurm::check_available().map_err(|m| StudyError::Invalid(format!("--executor slurm: {m}")))?;
        if args.mem.is_none() {
            // Without --mem a task gets the cluster's default, which may be far too little.
            let (scenarios, _, _) = expansion_scenarios(dir, opts, &Progress::new(true))?;
            let bytes = task_memory_bytes(&scenarios);
            args.mem = Some(slurm_mem(bytes));
            if !opts.quiet {
                eprintln!("slurm: --mem={} per task (estimated {}; give --mem to change it)", slurm_mem(bytes), human(bytes));
            }
        }
        let folder = nagrid_io::RunFolder::create(work)?;
        let logs = folder.path("logs");
        std::fs::create_dir_all(&logs).map_err(|e| io(&logs, e))?;
        let work = std::fs::canonicalize(folder.path("")).map_err(|e| io(work, e))?;
        let case_dir = std::fs::canonicalize(dir).map_err(|e| io(dir, e))?;
        let setup =
            Setup { case_dir, hours: opts.hours, year: opts.year, overrides: opts.overrides.iter().map(Override::record).collect() };
        let text = serde_json::to_string_pretty(&setup).map_err(|e| io(&work, e))?;
        write_atomic(&work.join("setup.json"), &text)?;
        let script = format!(
            "#!/bin/sh\n# One task of the Benders windows of a nagrid expansion: its share of evaluation NAGRID_EVAL.\nset -eu\nexec {} expand-task {} \"$NAGRID_EVAL\" \"$SLURM_ARRAY_TASK_ID\" --quiet\n",
            quote(&args.program),
            quote(&work)
        );
        write_atomic(&work.join("task.sh"), &script)?;
        Ok(Self { _folder: folder, work, args, evals: AtomicUsize::new(0), progress: Progress::new(opts.quiet) })
    }

    /// The work folder.
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    fn submit(&self, eval: usize, tasks: usize) -> Result<String, StudyError> {
        let array = format!("0-{}%{}", tasks - 1, self.args.max_parallel.max(1));
        let mut a = vec!["--parsable".to_string(), "--job-name=nagrid-expand".into(), format!("--array={array}")];
        for (flag, v) in
            [("partition", &self.args.partition), ("time", &self.args.time), ("account", &self.args.account), ("mem", &self.args.mem)]
        {
            if let Some(v) = v {
                a.push(format!("--{flag}={v}"));
            }
        }
        if let Some(c) = self.args.cpus_per_task {
            a.push(format!("--cpus-per-task={c}"));
        }
        a.push(format!("--export=ALL,NAGRID_EVAL={eval}"));
        a.push(format!("--output={}", self.work.join("logs").join(format!("eval-{eval:04}-%a.out")).display()));
        a.push(self.work.join("task.sh").display().to_string());
        Ok(slurm("sbatch", &a)?.trim().split(';').next().unwrap_or("").to_string())
    }

    /// Wait until array `job` has left the queue, showing how many of `windows` replied.
    fn wait(&self, eval: usize, job: &str, windows: &[usize]) {
        let dir = eval_dir(&self.work, eval);
        loop {
            let done = windows.iter().filter(|&&k| reply_path(&dir, k).exists()).count();
            self.progress.phase(format!("slurm: evaluation {eval}: {done}/{} windows solved (job {job})", windows.len()));
            let q = slurm("squeue", &["-h".into(), "-j".into(), job.into(), "-o".into(), "%i".into()]).unwrap_or_default();
            if q.trim().is_empty() {
                return;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    fn evaluate(&self, jobs: Vec<WindowJob>) -> Result<Vec<WindowReply>, StudyError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let eval = self.evals.fetch_add(1, Ordering::SeqCst);
        let dir = eval_dir(&self.work, eval);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let windows: Vec<usize> = jobs.iter().map(WindowJob::window).collect();
        for j in &jobs {
            write_atomic(&job_path(&dir, j.window()), &serde_json::to_string(j).map_err(|e| io(&dir, e))?)?;
        }
        // Round robin over at most max_parallel tasks, each rebuilding the decomposition once.
        let n_tasks = windows.len().min(self.args.max_parallel.max(1));
        let tasks: Vec<Vec<usize>> = (0..n_tasks).map(|t| windows.iter().copied().skip(t).step_by(n_tasks).collect()).collect();
        write_atomic(&dir.join("tasks.json"), &serde_json::to_string(&tasks).map_err(|e| io(&dir, e))?)?;
        let job = self.submit(eval, n_tasks)?;
        self.wait(eval, &job, &windows);
        let mut replies = Vec::with_capacity(windows.len());
        for (t, ks) in tasks.iter().enumerate() {
            for &k in ks {
                let path = reply_path(&dir, k);
                if !path.exists() {
                    let log = self.work.join("logs").join(format!("eval-{eval:04}-{t}.out"));
                    let tail = std::fs::read_to_string(&log).unwrap_or_default();
                    let tail: Vec<&str> = tail.lines().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
                    return Err(StudyError::Invalid(format!(
                        "Slurm job {job}, task {t}: window {k} of evaluation {eval} has no reply; the task's output ended with:\n{}",
                        tail.join("\n")
                    )));
                }
                replies.push(read_json(&path)?);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(replies)
    }
}

impl WindowExecutor for SlurmWindows {
    fn run(&self, jobs: Vec<WindowJob>) -> Result<Vec<WindowReply>, OpfError> {
        self.evaluate(jobs).map_err(opf)
    }
}

impl Drop for SlurmWindows {
    fn drop(&mut self) {
        self.progress.finish();
    }
}

/// Estimated peak memory of one `nagrid expand-task`, bytes: it holds every
/// scenario's hourly inputs (load and availability, kept twice while read) and solves
/// one Benders window at a time, an LP of `[expansion] window_hours` with capacity
/// columns (the sweep estimate of a window with expansion, sweep/memory.rs).
pub fn task_memory_bytes(scenarios: &[nagrid_opf::benders::Scenario]) -> u64 {
    let Some(first) = scenarios.first() else { return 0 };
    let case = &first.case;
    let per_hour = LpPerHour::of(case);
    let window = case.settings.expansion.window_hours.clamp(1, case.axis.hours.max(1));
    let inputs = scenarios.iter().map(|s| s.case.axis.hours as f64 * per_hour.inputs * 8.0 * 2.0).sum::<f64>();
    estimate_bytes(&per_hour, &case.settings, window) + inputs.ceil() as u64
}

/// What Slurm array task `task` of evaluation `eval` runs (`nagrid expand-task`):
/// rebuild the decomposition from `WORK/setup.json`, solve the task's windows from
/// their job files, and write each reply.
pub fn run_task(work: &Path, eval: usize, task: usize) -> Result<usize, StudyError> {
    let setup: Setup = read_json(&work.join("setup.json"))?;
    let dir = eval_dir(work, eval);
    let tasks: Vec<Vec<usize>> = read_json(&dir.join("tasks.json"))?;
    let Some(mine) = tasks.get(task) else {
        return Err(StudyError::Invalid(format!("evaluation {eval} has {} tasks, not task {task}", tasks.len())));
    };
    let opts = RunOptions {
        hours: setup.hours,
        year: setup.year,
        overrides: setup.overrides.iter().map(Override::from_record).collect(),
        ..Default::default()
    };
    let (scenarios, _, _) = expansion_scenarios(&setup.case_dir, &opts, &Progress::new(true))?;
    let dopts = DispatchOptions::from_settings(&scenarios[0].case.settings);
    let benders = Benders::new(&scenarios, &dopts)?;
    for &k in mine {
        let job: WindowJob = read_json(&job_path(&dir, k))?;
        let reply = benders.solve_job(&job)?;
        write_atomic(&reply_path(&dir, k), &serde_json::to_string(&reply).map_err(|e| io(&dir, e))?)?;
    }
    Ok(mine.len())
}
