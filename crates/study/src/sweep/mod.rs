//! `nagrid sweep`: many variants of one case (the product of axes over study.toml
//! keys and table values, or an explicit list), one run folder each, merged into one
//! table with charts across weather years. `nagrid compare` is a small sweep.
//!
//! A sweep folder holds
//! - `plan.json`: the case, the variants and their overrides, written once before any
//!   variant runs; everything a task needs (tasks are stateless);
//! - `sweep.toml`: the spec as given;
//! - `<variant>/`: one run folder per variant (written atomically);
//! - `results/<index>.json`: each variant's outcome (status, error, figures),
//!   written atomically when the variant ends, whatever its status;
//! - `logs/`, `slurm/`: executor logs and job scripts;
//! - `sweep.csv`, `sweep.md`, `plots/*.svg`, `report.html`: the merged table, charts
//!   and the page of them all.
//!
//! Executors: [`local`] (a pool of processes or threads whose concurrency respects
//! memory) and [`slurm`] (a job array and a merge job).

mod charts;
pub mod local;
pub mod memory;
mod merge;
mod report;
pub mod slurm;
mod variant;

pub use merge::{merge, merge_outcomes};
pub(crate) use merge::{merge_dir, num};
pub use variant::{run_task, Metrics, Outcome};

use crate::StudyError;
use nagrid_io::overrides::{self, Override, OverrideRecord};
use nagrid_io::sweep_spec::{SlurmOptions, SweepSpec};
use nagrid_model::{Issue, Issues};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Version of `plan.json`.
const PLAN_VERSION: u32 = 1;

/// Options of a sweep from the command line.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Study only the first hours (overrides the spec's `hours`).
    pub hours: Option<usize>,
    /// Study year (`--year`), before every override.
    pub year: Option<i32>,
    /// Overrides of every variant (`--set` ...), after the spec's `[set]`.
    pub overrides: Vec<Override>,
    /// Variants at once (overrides the spec's `max_parallel`).
    pub max_parallel: Option<usize>,
    /// No progress display.
    pub quiet: bool,
}

/// One variant of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVariant {
    /// 0-based index.
    pub index: usize,
    /// Folder name.
    pub name: String,
    /// Name in the spec's explicit list.
    pub list_name: Option<String>,
    /// Value of each axis (in the order of [`Plan::axes`]), as labels.
    pub axis_values: Vec<String>,
    /// Every override, in the order applied.
    pub sets: Vec<OverrideRecord>,
    /// Estimated peak memory of its run, bytes.
    pub memory_bytes: u64,
}

impl PlanVariant {
    /// The overrides.
    pub fn overrides(&self) -> Vec<Override> {
        self.sets.iter().map(Override::from_record).collect()
    }
}

/// What a merge found.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The sweep folder.
    pub dir: PathBuf,
    /// Variants.
    pub variants: usize,
    /// Optimal ones.
    pub optimal: usize,
    /// Not optimal (solver status or error).
    pub failed: usize,
    /// Without an outcome.
    pub missing: usize,
    /// The outcomes, by index.
    pub outcomes: Vec<Option<Outcome>>,
}

/// `plan.json`: a sweep, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Format version.
    pub version: u32,
    /// Sweep name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Case folder (absolute).
    pub case_dir: PathBuf,
    /// Hours studied (all when `None`).
    pub hours: Option<usize>,
    /// Study year override (`--year`).
    pub year: Option<i32>,
    /// Axis keys.
    pub axes: Vec<String>,
    /// Whether the spec has an explicit list.
    pub has_list: bool,
    /// Variants at once.
    pub max_parallel: usize,
    /// sbatch options of the spec.
    pub slurm: SlurmOptions,
    /// The variants.
    pub variants: Vec<PlanVariant>,
}

fn invalid(file: &str, message: String) -> StudyError {
    StudyError::Io(nagrid_io::IoError::Input(Issues(vec![Issue::file(file, message)])))
}

fn io(path: &Path, e: std::io::Error) -> StudyError {
    StudyError::Io(nagrid_io::IoError::File { path: path.display().to_string(), source: e })
}

/// Write `text` to `path` atomically (a temporary file renamed).
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<(), StudyError> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Folder names a variant may not take (they hold the sweep's own files).
const RESERVED: [&str; 4] = ["results", "logs", "slurm", "plots"];

/// Resolve `spec` on the case folder `case`: every variant's overrides checked
/// (keys, values, table ids) and its memory estimated from the LP of the case.
pub fn plan(case: &Path, spec: &SweepSpec, opts: &SweepOptions) -> Result<Plan, StudyError> {
    nagrid_io::check_case_folder(case)?;
    let hours = opts.hours.or(spec.hours);
    nagrid_io::check_hours_override(hours)?;
    let base_sets: Vec<Override> = spec.base.iter().chain(&opts.overrides).cloned().collect();
    let raw = crate::settings_for_year(case, opts.year)?;
    let base = overrides::apply_settings(&raw, &base_sets)?;
    let planned = spec.variants();
    // Every distinct table value once against the case's tables, every variant's
    // settings in full.
    let mut cells: Vec<Override> = Vec::new();
    for v in &planned {
        for o in v.sets.iter().filter(|o| matches!(overrides::target(&o.key), Ok(overrides::Target::Cell { .. }))) {
            if !cells.iter().any(|c| c.key == o.key && c.value == o.value) {
                cells.push(o.clone());
            }
        }
    }
    for c in &cells {
        nagrid_io::read_network_edited(case, Some(base.clone()), &overrides::cell_edits(std::slice::from_ref(c))?)?;
    }
    let (base_case, _) = crate::load_case_edited(case, hours, base.clone(), &base_sets)?;
    let per_hour = memory::LpPerHour::of(&base_case);
    let mut variants = Vec::with_capacity(planned.len());
    for p in planned {
        if RESERVED.contains(&p.name.as_str()) {
            return Err(invalid("sweep spec", format!("a variant may not be named {} (the sweep folder's own)", p.name)));
        }
        let sets: Vec<Override> = opts.overrides.iter().cloned().chain(p.sets.iter().skip(spec.base.len()).cloned()).collect();
        let all: Vec<Override> = spec.base.iter().cloned().chain(sets).collect();
        let s = overrides::apply_settings(&raw, &all)?;
        check_fuels(&s, &base_case, &all)?;
        let h = hours.unwrap_or_else(|| nagrid_io::axis_of(&s, None).hours);
        let memory_bytes = memory::estimate_bytes(&per_hour, &s, h);
        variants.push(PlanVariant {
            index: p.index,
            name: p.name,
            list_name: p.list_name,
            axis_values: p.axis_values.into_iter().map(|(_, v)| v).collect(),
            sets: all.iter().map(Override::record).collect(),
            memory_bytes,
        });
    }
    // By default one variant per core its solves use (rolling-horizon chunks solve side by side).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let per_variant = match base.solver.decomposition {
        nagrid_model::Decomposition::Rolling if base.solver.parallel_windows => cores,
        nagrid_model::Decomposition::Rolling => base.solver.chunks.max(1),
        nagrid_model::Decomposition::None => 1,
    };
    let case_dir = std::fs::canonicalize(case).map_err(|e| io(case, e))?;
    Ok(Plan {
        version: PLAN_VERSION,
        name: spec.name.clone(),
        description: spec.description.clone(),
        case_dir,
        hours,
        year: opts.year,
        axes: spec.axes.iter().map(|a| a.key.clone()).collect(),
        has_list: !spec.list.is_empty(),
        max_parallel: opts.max_parallel.or(spec.max_parallel).unwrap_or(cores / per_variant.min(cores)).max(1),
        slurm: spec.slurm.clone(),
        variants,
    })
}

/// A variant's `economics.fuel_price_multiplier.FUEL` must name a fuel of the case
/// (read with its tables only when the case is): checked before anything runs.
fn check_fuels(s: &nagrid_model::StudySettings, case: &nagrid_model::Case, sets: &[Override]) -> Result<(), StudyError> {
    let fuels = &case.network.fuels;
    for fuel in s.economics.fuel_price_multiplier.keys().filter(|k| *k != "all") {
        if !fuels.iter().any(|f| &f.id == fuel) {
            let key = format!("economics.fuel_price_multiplier.{fuel}");
            let by = sets.iter().rev().find(|o| o.key == key).map(|o| o.source.clone()).unwrap_or_else(|| "study.toml".into());
            let known: Vec<&str> = fuels.iter().map(|f| f.id.as_str()).collect();
            return Err(invalid(
                &by,
                format!(
                    "column '{key}', value '{fuel}': not a fuel of the case's fuels.csv (its fuels: {}; or all)",
                    if known.is_empty() { "none".into() } else { known.join(", ") }
                ),
            ));
        }
    }
    Ok(())
}

/// The default sweep folder: `<outputs>/<case name>/sweep-<name>-<UTC time>`.
pub fn default_dir(outputs: &Path, case: &Path, name: &str) -> Result<PathBuf, StudyError> {
    let case_name = nagrid_io::read_settings(case)?.name.unwrap_or_else(|| "case".into());
    Ok(outputs.join(case_name).join(format!("sweep-{name}-{}", chrono::Utc::now().format("%Y%m%dT%H%M%SZ"))))
}

/// Create the sweep folder `dir` (it must not exist, or be empty) with `plan.json`
/// and the spec's text as `sweep.toml`.
pub fn create(dir: &Path, plan: &Plan, spec_text: Option<&str>) -> Result<(), StudyError> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(StudyError::Io(nagrid_io::IoError::Exists(dir.display().to_string())));
        }
    }
    for sub in ["results", "logs"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| io(&dir.join(sub), e))?;
    }
    if let Some(t) = spec_text {
        write_atomic(&dir.join("sweep.toml"), t)?;
    }
    write_plan(dir, plan)
}

/// Write `plan.json` atomically.
pub fn write_plan(dir: &Path, plan: &Plan) -> Result<(), StudyError> {
    let text = serde_json::to_string_pretty(plan).map_err(|e| invalid("plan.json", e.to_string()))?;
    write_atomic(&dir.join("plan.json"), &text)
}

/// Read `dir/plan.json`.
pub fn read_plan(dir: &Path) -> Result<Plan, StudyError> {
    let path = dir.join("plan.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            invalid(&path.display().to_string(), "missing: not a sweep folder (made by nagrid sweep or nagrid compare)".into())
        } else {
            io(&path, e)
        }
    })?;
    let plan: Plan = serde_json::from_str(&text).map_err(|e| invalid(&path.display().to_string(), format!("not a sweep plan: {e}")))?;
    if plan.version != PLAN_VERSION {
        return Err(invalid(&path.display().to_string(), format!("plan version {} (this nagrid reads {PLAN_VERSION})", plan.version)));
    }
    Ok(plan)
}

/// The variants to run again: those without a result and those whose result is
/// not optimal.
pub fn unfinished(dir: &Path, plan: &Plan) -> Vec<usize> {
    plan.variants.iter().filter(|v| variant::read_outcome(dir, v.index).is_none_or(|o| o.status != "optimal")).map(|v| v.index).collect()
}
