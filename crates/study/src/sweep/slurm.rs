//! The Slurm executor: the variants of a sweep as one job array (`sbatch
//! --array=0-(n-1)%max_parallel`, several arrays when n exceeds the cluster's
//! MaxArraySize), each task `nagrid sweep-task DIR INDEX`, and a merge job
//! (`nagrid sweep merge DIR`) that waits for them with `--dependency=afterok`. The
//! sweep folder must be on a file system that every node sees; job scripts and the
//! job ids go to `DIR/slurm/`, the tasks' output to `DIR/logs/`.

use super::memory::slurm_mem;
use super::{io, write_atomic, Plan};
use crate::progress::Progress;
use crate::StudyError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Options passed through to sbatch (command line over the spec's `[slurm]`).
#[derive(Debug, Clone, Default)]
pub struct SlurmArgs {
    /// The `nagrid` binary the tasks run (absolute; on the shared file system).
    pub program: PathBuf,
    /// `--partition`.
    pub partition: Option<String>,
    /// `--time`.
    pub time: Option<String>,
    /// `--mem` per task; default: the largest estimate of the variants submitted.
    pub mem: Option<String>,
    /// `--account`.
    pub account: Option<String>,
    /// `--cpus-per-task`.
    pub cpus_per_task: Option<u32>,
    /// Tasks at once (`%N` of `--array`).
    pub max_parallel: usize,
}

/// One submission: the job arrays and the merge job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// (job id, index offset, `--array` value) of each array.
    pub arrays: Vec<(String, usize, String)>,
    /// Job id of the merge job.
    pub merge_job: String,
    /// Variants submitted.
    pub indices: Vec<usize>,
}

fn fail(what: &str, detail: impl std::fmt::Display) -> StudyError {
    StudyError::Invalid(format!("{what}: {detail}"))
}

/// Run a Slurm command; its standard output, or an error with its standard error.
pub(crate) fn slurm(cmd: &str, args: &[String]) -> Result<String, StudyError> {
    let out = Command::new(cmd).args(args).output().map_err(|e| fail(&format!("cannot run {cmd} (is Slurm installed and on PATH?)"), e))?;
    if !out.status.success() {
        return Err(fail(&format!("{cmd} {}", args.join(" ")), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Why Slurm cannot take jobs here, or `Ok` when its controller answers.
pub fn check_available() -> Result<(), String> {
    let out = Command::new("scontrol").arg("ping").output().map_err(|e| format!("scontrol not found ({e}); Slurm is not installed"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if out.status.success() && text.contains("UP") {
        Ok(())
    } else {
        Err(format!("the Slurm controller does not answer: {}", text.trim()))
    }
}

/// The cluster's MaxArraySize (1001 when it cannot be read).
fn max_array_size() -> usize {
    let text = slurm("scontrol", &["show".into(), "config".into()]).unwrap_or_default();
    text.lines()
        .find(|l| l.trim_start().starts_with("MaxArraySize"))
        .and_then(|l| l.split('=').nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1001)
}

/// Sorted indices as an array range list: `0-3,7,9-10`.
pub fn ranges(indices: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        out.push(if i == j { indices[i].to_string() } else { format!("{}-{}", indices[i], indices[j]) });
        i = j + 1;
    }
    out.join(",")
}

/// A path as a single-quoted shell word.
pub(crate) fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

fn write_scripts(dir: &Path, program: &Path) -> Result<(PathBuf, PathBuf), StudyError> {
    let sdir = dir.join("slurm");
    std::fs::create_dir_all(&sdir).map_err(|e| io(&sdir, e))?;
    let (p, d) = (quote(program), quote(dir));
    let task = format!(
        "#!/bin/sh\n# One variant of a nagrid sweep per array task: index = NAGRID_OFFSET + SLURM_ARRAY_TASK_ID.\nset -eu\nexec {p} sweep-task {d} \"$(( ${{NAGRID_OFFSET:-0}} + SLURM_ARRAY_TASK_ID ))\" --quiet\n"
    );
    let merge =
        format!("#!/bin/sh\n# Merge the outcomes of a nagrid sweep once its tasks are done.\nset -eu\nexec {p} sweep merge {d} --quiet\n");
    let (tp, mp) = (sdir.join("task.sh"), sdir.join("merge.sh"));
    write_atomic(&tp, &task)?;
    write_atomic(&mp, &merge)?;
    Ok((tp, mp))
}

fn common(args: &SlurmArgs, plan: &Plan) -> Vec<String> {
    let mut v = Vec::new();
    let pick = |cli: &Option<String>, spec: &Option<String>| cli.clone().or_else(|| spec.clone());
    if let Some(p) = pick(&args.partition, &plan.slurm.partition) {
        v.push(format!("--partition={p}"));
    }
    if let Some(t) = pick(&args.time, &plan.slurm.time) {
        v.push(format!("--time={t}"));
    }
    if let Some(a) = pick(&args.account, &plan.slurm.account) {
        v.push(format!("--account={a}"));
    }
    v
}

/// `--cpus-per-task` of the array tasks (command line over the spec).
fn cpus(args: &SlurmArgs, plan: &Plan) -> Option<String> {
    args.cpus_per_task.or(plan.slurm.cpus_per_task).map(|c| format!("--cpus-per-task={c}"))
}

/// Submit the variants `indices` of `plan` (sweep folder `dir`, absolute) and the
/// merge job; the job ids are added to `DIR/slurm/submissions.json`.
pub fn submit(dir: &Path, plan: &Plan, indices: &[usize], args: &SlurmArgs) -> Result<Submission, StudyError> {
    let (task, merge) = write_scripts(dir, &args.program)?;
    let base = common(args, plan);
    let largest = indices.iter().map(|&i| plan.variants[i].memory_bytes).max().unwrap_or(0);
    let mem = args.mem.clone().or_else(|| plan.slurm.mem.clone()).unwrap_or_else(|| slurm_mem(largest));
    let chunk = max_array_size().max(1);
    let mut arrays = Vec::new();
    let mut sorted = indices.to_vec();
    sorted.sort();
    for group in sorted.chunk_by(|a, b| a / chunk == b / chunk) {
        let offset = group[0] / chunk * chunk;
        let local: Vec<usize> = group.iter().map(|i| i - offset).collect();
        let array = format!("{}%{}", ranges(&local), args.max_parallel.max(1));
        let mut a = vec!["--parsable".to_string(), format!("--job-name=nagrid-{}", plan.name), format!("--array={array}")];
        a.extend(base.iter().cloned());
        a.push(format!("--mem={mem}"));
        a.extend(cpus(args, plan));
        a.push(format!("--export=ALL,NAGRID_OFFSET={offset}"));
        a.push(format!("--output={}", dir.join("logs").join("slurm-%A_%a.out").display()));
        a.push(task.display().to_string());
        let id = slurm("sbatch", &a)?.trim().split(';').next().unwrap_or("").to_string();
        arrays.push((id, offset, array));
    }
    let after: Vec<&str> = arrays.iter().map(|a| a.0.as_str()).collect();
    let mut m = vec![
        "--parsable".to_string(),
        format!("--job-name=nagrid-{}-merge", plan.name),
        format!("--dependency=afterok:{}", after.join(":")),
    ];
    m.extend(base);
    m.push("--mem=1G".into());
    m.push(format!("--output={}", dir.join("logs").join("slurm-merge-%j.out").display()));
    m.push(merge.display().to_string());
    let merge_job = slurm("sbatch", &m)?.trim().split(';').next().unwrap_or("").to_string();
    let sub = Submission { arrays, merge_job, indices: sorted };
    record(dir, &sub)?;
    Ok(sub)
}

/// Append `sub` to `DIR/slurm/submissions.json`.
fn record(dir: &Path, sub: &Submission) -> Result<(), StudyError> {
    let path = dir.join("slurm").join("submissions.json");
    let mut all: Vec<Submission> = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    all.push(sub.clone());
    write_atomic(&path, &serde_json::to_string_pretty(&all).map_err(|e| fail("submissions.json", e))?)
}

/// Wait until the jobs of `sub` have left the queue, showing how many variants have
/// recorded their outcome. A merge job that can no longer run (a task failed, so
/// `afterok` is never satisfied) is cancelled; the caller merges.
pub fn wait(dir: &Path, plan: &Plan, sub: &Submission, quiet: bool) -> Result<(), StudyError> {
    let progress = Progress::new(quiet);
    let mut ids: Vec<String> = sub.arrays.iter().map(|a| a.0.clone()).collect();
    ids.push(sub.merge_job.clone());
    let n = sub.indices.len();
    loop {
        let recorded = sub.indices.iter().filter(|&&i| super::variant::read_outcome(dir, i).is_some()).count();
        let q = slurm("squeue", &["-h".into(), "-j".into(), ids.join(","), "-o".into(), "%i|%T|%r".into()]).unwrap_or_default();
        let lines: Vec<&str> = q.lines().filter(|l| !l.trim().is_empty()).collect();
        progress.phase(format!(
            "slurm: {recorded}/{n} variants of sweep {} recorded, {} jobs or tasks queued or running",
            plan.name,
            lines.len()
        ));
        if lines.is_empty() {
            break;
        }
        let only_merge = lines.iter().all(|l| l.starts_with(&format!("{}|", sub.merge_job)));
        if only_merge && lines.iter().any(|l| l.contains("DependencyNeverSatisfied")) {
            let _ = slurm("scancel", std::slice::from_ref(&sub.merge_job));
            progress.println(format!("a task of sweep {} failed; merge job {} cancelled (merged here instead)", plan.name, sub.merge_job));
            break;
        }
        std::thread::sleep(Duration::from_millis(1000));
    }
    progress.finish();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_become_array_ranges() {
        assert_eq!(ranges(&[0, 1, 2, 3]), "0-3");
        assert_eq!(ranges(&[0, 2, 3, 7, 9, 10]), "0,2-3,7,9-10");
        assert_eq!(ranges(&[]), "");
        assert_eq!(quote(Path::new("/a b/it's")), "'/a b/it'\\''s'");
    }
}
