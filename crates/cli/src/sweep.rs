//! `nagrid sweep`, `nagrid sweep merge|resume`, `nagrid sweep-task` and `nagrid diff`:
//! argument parsing and printing over `nagrid_study::sweep` (docs/sweeps.md).

use crate::overrides::OverrideArgs;
use anyhow::Context;
use nagrid_study::sweep::{self, local, slurm, Merged, Plan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `nagrid sweep`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SweepArgs {
    #[command(subcommand)]
    action: Option<SweepAction>,
    /// Case folder, e.g. inputs/north-america.
    case: Option<PathBuf>,
    /// Sweep file (docs/sweeps.md), e.g. inputs/tiny/sweep.toml.
    #[arg(long, value_name = "SWEEP.toml")]
    spec: Option<PathBuf>,
    /// Sweep folder to create (must not exist or be empty). Default: <outputs>/<case>/sweep-<name>-<UTC time>.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Parent folder of default sweep folders.
    #[arg(long, default_value = "outputs")]
    outputs: PathBuf,
    /// Study only the first N hours (overrides the spec's hours).
    #[arg(long)]
    hours: Option<usize>,
    /// Study year Y for every variant (before the overrides).
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    overrides: OverrideArgs,
    #[command(flatten)]
    exec: ExecArgs,
    /// No progress display and no table; only the sweep folder is printed.
    #[arg(long, short)]
    quiet: bool,
}

/// Where and how the variants run.
#[derive(clap::Args, Clone)]
struct ExecArgs {
    /// `local`: a process pool on this machine, concurrency bounded by memory; `slurm`: a job array.
    #[arg(long, value_enum, default_value_t = Executor::Local)]
    executor: Executor,
    /// Variants at once (default: the spec's max_parallel, else the number of cores).
    #[arg(long)]
    max_parallel: Option<usize>,
    /// Slurm: return after submitting (merge later with `nagrid sweep merge DIR`).
    #[arg(long)]
    no_wait: bool,
    #[command(flatten)]
    sbatch: SbatchArgs,
}

/// What is passed to sbatch for each task (sweeps and expansion windows).
#[derive(clap::Args, Clone)]
struct SbatchArgs {
    /// Slurm partition (sbatch --partition).
    #[arg(long)]
    partition: Option<String>,
    /// Slurm time limit per task (sbatch --time), e.g. 01:00:00.
    #[arg(long)]
    time: Option<String>,
    /// Slurm memory per task (sbatch --mem), e.g. 8G; default: the largest estimate of a variant (sweeps) or of a window task (expand).
    #[arg(long)]
    mem: Option<String>,
    /// Slurm account (sbatch --account).
    #[arg(long)]
    account: Option<String>,
    /// Slurm CPUs per task (sbatch --cpus-per-task), for HiGHS threads and rolling-horizon chunks.
    #[arg(long)]
    cpus_per_task: Option<u32>,
}

impl SbatchArgs {
    /// Whether any option is given.
    fn any(&self) -> bool {
        self.partition.is_some() || self.time.is_some() || self.mem.is_some() || self.account.is_some() || self.cpus_per_task.is_some()
    }

    /// The Slurm options of tasks running `program`, `max_parallel` at once.
    fn slurm_args(&self, program: PathBuf, max_parallel: usize) -> slurm::SlurmArgs {
        slurm::SlurmArgs {
            program,
            partition: self.partition.clone(),
            time: self.time.clone(),
            mem: self.mem.clone(),
            account: self.account.clone(),
            cpus_per_task: self.cpus_per_task,
            max_parallel,
        }
    }
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Executor {
    Local,
    Slurm,
}

#[derive(clap::Subcommand)]
enum SweepAction {
    /// Merge the outcomes of a sweep folder into sweep.csv, sweep.md and plots/ (what the Slurm merge job runs).
    Merge {
        /// Sweep folder.
        dir: PathBuf,
        /// Print only the sweep folder.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Run again only the variants of a sweep folder that failed or have no outcome, then merge.
    Resume {
        /// Sweep folder.
        dir: PathBuf,
        #[command(flatten)]
        exec: ExecArgs,
        /// Print only the sweep folder.
        #[arg(long, short)]
        quiet: bool,
    },
}

/// `nagrid sweep ...`.
pub fn run(args: SweepArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        Some(SweepAction::Merge { dir, quiet }) => {
            let m = sweep::merge(&dir)?;
            Ok(report(&m, quiet))
        }
        Some(SweepAction::Resume { dir, exec, quiet }) => {
            let plan = sweep::read_plan(&dir)?;
            // Job scripts name the folder by its absolute path (the nodes' working folder differs).
            let dir = std::fs::canonicalize(&dir).with_context(|| format!("{}", dir.display()))?;
            let todo = sweep::unfinished(&dir, &plan);
            if !quiet {
                println!("{}: {} of {} variants to run again", dir.display(), todo.len(), plan.variants.len());
            }
            execute(&dir, &plan, &todo, &exec, quiet)
        }
        None => start(args),
    }
}

fn start(args: SweepArgs) -> anyhow::Result<ExitCode> {
    let (Some(case), Some(spec_path)) = (&args.case, &args.spec) else {
        anyhow::bail!("nagrid sweep needs a case folder and --spec SWEEP.toml (or: nagrid sweep merge|resume DIR)");
    };
    let spec = nagrid_io::sweep_spec::read_sweep(spec_path)?;
    let text = std::fs::read_to_string(spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let opts = sweep::SweepOptions {
        hours: args.hours,
        year: args.year,
        overrides: args.overrides.overrides()?,
        max_parallel: args.exec.max_parallel,
        quiet: args.quiet,
    };
    let plan = sweep::plan(case, &spec, &opts)?;
    let dir = match &args.out {
        Some(d) => d.clone(),
        None => sweep::default_dir(&args.outputs, case, &spec.name)?,
    };
    sweep::create(&dir, &plan, Some(&text))?;
    let dir = std::fs::canonicalize(&dir).with_context(|| format!("{}", dir.display()))?;
    if !args.quiet {
        let largest = plan.variants.iter().map(|v| v.memory_bytes).max().unwrap_or(0);
        println!(
            "Sweep {} of {}: {} variants into {} (largest estimated peak {})",
            plan.name,
            case.display(),
            plan.variants.len(),
            dir.display(),
            sweep::memory::human(largest)
        );
    }
    let all: Vec<usize> = (0..plan.variants.len()).collect();
    execute(&dir, &plan, &all, &args.exec, args.quiet)
}

/// Run `indices` with the executor of `exec`, then merge (unless Slurm with --no-wait).
fn execute(dir: &Path, plan: &Plan, indices: &[usize], exec: &ExecArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let program = std::env::current_exe().context("locating the nagrid binary")?;
    let parallel = exec.max_parallel.unwrap_or(plan.max_parallel);
    if indices.is_empty() {
        return Ok(report(&sweep::merge(dir)?, quiet));
    }
    match exec.executor {
        Executor::Local => {
            let r = local::run(dir, plan, indices, &local::Worker::Program(program), parallel, quiet)?;
            if !quiet {
                println!(
                    "{} variants run, at most {} at once (memory budget {})",
                    r.ran,
                    r.most_at_once,
                    sweep::memory::human(r.budget_bytes)
                );
            }
        }
        Executor::Slurm => {
            slurm::check_available().map_err(|m| anyhow::anyhow!("--executor slurm: {m}"))?;
            let a = exec.sbatch.slurm_args(program, parallel);
            let sub = slurm::submit(dir, plan, indices, &a)?;
            let arrays: Vec<String> = sub.arrays.iter().map(|(id, _, arr)| format!("{id} (--array={arr})")).collect();
            if !quiet || exec.no_wait {
                println!("Submitted job array {} and merge job {} (afterok)", arrays.join(", "), sub.merge_job);
            }
            if exec.no_wait {
                println!("{}", dir.display());
                return Ok(ExitCode::SUCCESS);
            }
            slurm::wait(dir, plan, &sub, quiet)?;
        }
    }
    Ok(report(&sweep::merge(dir)?, quiet))
}

/// Print the merged table (or only the folder); exit code 3 when a variant is not optimal.
fn report(m: &Merged, quiet: bool) -> ExitCode {
    if quiet {
        println!("{}", m.dir.display());
    } else {
        println!("Sweep merged into {}", m.dir.join("sweep.csv").display());
        print!("{}", std::fs::read_to_string(m.dir.join("sweep.md")).unwrap_or_default());
    }
    if m.optimal == m.variants {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// `nagrid sweep-task DIR INDEX`: exit code 0 once the outcome is recorded, whatever it is.
pub fn task(dir: &Path, index: usize, quiet: bool) -> anyhow::Result<ExitCode> {
    let o = sweep::run_task(dir, index)?;
    if !quiet {
        println!("variant {} ({}): {}{}", o.index, o.name, o.status, o.error.map(|e| format!(": {e}")).unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

/// Where `nagrid expand` solves its Benders windows (BD7, docs/expansion.md).
#[derive(clap::Args, Clone)]
pub struct ExpandExecArgs {
    /// `local`: on this machine's cores; `slurm`: each iteration's windows as a Slurm job array.
    #[arg(long, value_enum, default_value_t = Executor::Local)]
    executor: Executor,
    /// Slurm: work folder for the windows' jobs, on a file system every node sees (must not
    /// exist; removed at the end). Default: <outputs>/<case>/expand-windows-<UTC time>-<pid>.
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// Slurm: array tasks at once, each solving its share of the windows (default 16).
    #[arg(long)]
    max_parallel: Option<usize>,
    #[command(flatten)]
    sbatch: SbatchArgs,
}

/// The window executor of `nagrid expand` (`None`: this machine's cores).
pub fn expand_executor(
    case: &Path,
    opts: &nagrid_study::RunOptions,
    exec: &ExpandExecArgs,
) -> anyhow::Result<Option<Box<dyn nagrid_opf::benders::WindowExecutor>>> {
    if exec.executor == Executor::Local {
        if exec.work_dir.is_some() || exec.max_parallel.is_some() || exec.sbatch.any() {
            anyhow::bail!("--work-dir, --max-parallel, --partition, --time, --mem, --account and --cpus-per-task are for --executor slurm");
        }
        return Ok(None);
    }
    let program = std::env::current_exe().context("locating the nagrid binary")?;
    let work = match &exec.work_dir {
        Some(w) => w.clone(),
        None => nagrid_study::expand_remote::default_work_dir(case, &opts.outputs_root),
    };
    let a = exec.sbatch.slurm_args(program, exec.max_parallel.unwrap_or(16));
    Ok(Some(Box::new(nagrid_study::expand_remote::SlurmWindows::new(case, opts, &work, a)?)))
}

/// `nagrid expand-task WORK EVAL TASK`.
pub fn expand_task(work: &Path, eval: usize, task: usize, quiet: bool) -> anyhow::Result<ExitCode> {
    let n = nagrid_study::expand_remote::run_task(work, eval, task)?;
    if !quiet {
        println!("evaluation {eval}, task {task}: {n} windows solved");
    }
    Ok(ExitCode::SUCCESS)
}

/// `nagrid diff RUN_A RUN_B`.
pub fn diff(a: &Path, b: &Path) -> anyhow::Result<ExitCode> {
    let d = nagrid_study::diff::diff(a, b)?;
    print!("{}", nagrid_study::diff::markdown(a, b, &d));
    Ok(ExitCode::SUCCESS)
}
