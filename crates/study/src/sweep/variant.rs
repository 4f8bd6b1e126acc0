//! One variant of a sweep: its overrides applied to the case, solved, its run folder
//! written and its outcome recorded in `results/<index>.json`.

use super::{io, read_plan, write_atomic, Plan, PlanVariant};
use crate::pipeline::{run_loaded, RunOptions};
use crate::progress::Progress;
use crate::stats::Summary;
use crate::StudyError;
use nagrid_io::overrides::{self, Override};
use nagrid_io::RunFolder;
use nagrid_model::{Borders, Country};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The figures of one variant in the merged table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Total system cost over the horizon (operation + annualised expansion), USD.
    pub system_cost_usd: f64,
    /// Of which annualised expansion, USD.
    pub expansion_cost_usd: f64,
    /// Capacity built, MW.
    pub built_mw: f64,
    /// CO2, t.
    pub co2_t: f64,
    /// Load, MWh.
    pub load_mwh: f64,
    /// Unserved energy, MWh.
    pub unserved_mwh: f64,
    /// Load-weighted price of the US, USD/MWh (none without US regions).
    pub price_us_usd_per_mwh: Option<f64>,
    /// Canada.
    pub price_ca_usd_per_mwh: Option<f64>,
    /// Mexico.
    pub price_mx_usd_per_mwh: Option<f64>,
    /// Energy across the US–Canada and US–Mexico borders, both ways, TWh.
    pub cross_border_trade_twh: f64,
}

impl Metrics {
    /// The figures of a run's summary (expansion added by the caller).
    pub fn of(s: &Summary) -> Self {
        let price = |c: Country| s.countries.get(c.code()).and_then(|e| e.load_weighted_price_usd_per_mwh);
        Self {
            system_cost_usd: s.cost.total_usd,
            expansion_cost_usd: s.cost.expansion_usd,
            built_mw: s.expansion.iter().map(|b| b.built_mw).sum(),
            co2_t: s.co2_t,
            load_mwh: s.load_mwh,
            unserved_mwh: s.unserved_mwh,
            price_us_usd_per_mwh: price(Country::US),
            price_ca_usd_per_mwh: price(Country::CA),
            price_mx_usd_per_mwh: price(Country::MX),
            cross_border_trade_twh: s.borders.iter().map(|b| b.a_to_b_mwh + b.b_to_a_mwh).sum::<f64>() / 1e6,
        }
    }
}

/// What became of a variant (`results/<index>.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Index.
    pub index: usize,
    /// Folder name.
    pub name: String,
    /// `optimal`, a solver status (`infeasible`, `time_limit`…) or `error`.
    pub status: String,
    /// The error, when the variant could not be run.
    pub error: Option<String>,
    /// Data-center scenario.
    pub scenario: String,
    /// `existing` or `islanded`.
    pub borders: String,
    /// Study year.
    pub study_year: i32,
    /// Weather year, if any.
    pub weather_year: Option<i32>,
    /// Figures, when optimal.
    pub metrics: Option<Metrics>,
    /// Wall-clock seconds of the run.
    pub run_s: f64,
    /// Peak resident memory of the task's process (VmHWM), bytes; none in-process.
    pub peak_rss_bytes: Option<u64>,
    /// Estimated peak memory, bytes.
    pub estimated_bytes: u64,
}

/// The status of an outcome, `missing` without one.
pub(crate) fn status(o: &Option<Outcome>) -> &str {
    o.as_ref().map_or("missing", |o| o.status.as_str())
}

fn result_path(dir: &Path, index: usize) -> PathBuf {
    dir.join("results").join(format!("{index:06}.json"))
}

/// The recorded outcome of variant `index`, if any (unreadable counts as none).
pub(crate) fn read_outcome(dir: &Path, index: usize) -> Option<Outcome> {
    serde_json::from_str(&std::fs::read_to_string(result_path(dir, index)).ok()?).ok()
}

/// `nagrid sweep-task DIR INDEX`: run variant `index` of the sweep in `dir` (plan.json)
/// unless it is done already (an optimal outcome and its folder), and record its
/// outcome. Stateless: any number of tasks may run at once, on any machine that sees
/// `dir`. `Err` only when the outcome cannot be recorded.
pub fn run_task(dir: &Path, index: usize) -> Result<Outcome, StudyError> {
    let plan = read_plan(dir)?;
    run_planned(dir, &plan, index, true)
}

/// [`run_task`] with the plan at hand; `own_process` when the task is alone in its
/// process (its peak memory is then measured).
pub(crate) fn run_planned(dir: &Path, plan: &Plan, index: usize, own_process: bool) -> Result<Outcome, StudyError> {
    let Some(v) = plan.variants.get(index) else {
        return Err(StudyError::Invalid(format!(
            "variant index {index}: the sweep has variants 0 to {}",
            plan.variants.len().saturating_sub(1)
        )));
    };
    let folder = dir.join(&v.name);
    if let Some(o) = read_outcome(dir, index).filter(|o| o.status == "optimal" && folder.is_dir()) {
        return Ok(o);
    }
    // A variant killed between its folder and its outcome runs again from scratch.
    if folder.join("run.json").is_file() {
        std::fs::remove_dir_all(&folder).map_err(|e| io(&folder, e))?;
    }
    let t0 = Instant::now();
    let mut out = match run_variant(plan, v, &folder) {
        Ok(o) => o,
        Err(e) => {
            // The same variant run twice at once (a requeued Slurm task): the one that
            // lost the race to its folder keeps the winner's outcome.
            if let Some(o) = read_outcome(dir, index).filter(|o| o.status == "optimal" && folder.is_dir()) {
                return Ok(o);
            }
            failed(v, e.to_string())
        }
    };
    out.run_s = t0.elapsed().as_secs_f64();
    out.peak_rss_bytes = if own_process { peak_rss_bytes() } else { None };
    let text = serde_json::to_string_pretty(&out).map_err(|e| StudyError::Invalid(e.to_string()))?;
    std::fs::create_dir_all(dir.join("results")).map_err(|e| io(&dir.join("results"), e))?;
    write_atomic(&result_path(dir, index), &text)?;
    Ok(out)
}

fn failed(v: &PlanVariant, error: String) -> Outcome {
    Outcome {
        index: v.index,
        name: v.name.clone(),
        status: "error".into(),
        error: Some(error),
        scenario: String::new(),
        borders: String::new(),
        study_year: 0,
        weather_year: None,
        metrics: None,
        run_s: 0.0,
        peak_rss_bytes: None,
        estimated_bytes: v.memory_bytes,
    }
}

/// `VmHWM` of /proc/self/status, bytes.
fn peak_rss_bytes() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Solve variant `v` of `plan` into the run folder `out`.
fn run_variant(plan: &Plan, v: &PlanVariant, out: &Path) -> Result<Outcome, StudyError> {
    let t0 = Instant::now();
    let sets: Vec<Override> = v.overrides();
    let dir = plan.case_dir.as_path();
    let settings = overrides::apply_settings(&crate::settings_for_year(dir, plan.year)?, &sets)?;
    let borders = overrides::borders(&sets)?.unwrap_or_default();
    let (case, files) = crate::load_case_edited(dir, plan.hours, settings, &sets)?;
    let opts = RunOptions { out: Some(out.to_path_buf()), quiet: true, overrides: sets, ..Default::default() };
    let hidden = Progress::new(true);
    let read_s = t0.elapsed().as_secs_f64();
    let mut o = Outcome {
        status: String::new(),
        error: None,
        scenario: case.settings.load.scenario.to_string(),
        borders: (if borders == Borders::Islanded { "islanded" } else { "existing" }).into(),
        study_year: case.settings.study_year,
        weather_year: case.settings.load.weather_year,
        metrics: None,
        ..failed(v, String::new())
    };
    if !case.settings.expansion.enabled {
        let r = run_loaded(&case, Some((dir, &files)), &opts, &hidden, t0, read_s, None)?;
        o.status = r.status.to_string();
        o.metrics = r.summary.as_ref().map(Metrics::of);
        return Ok(o);
    }
    crate::expand::annualization(&case, plan.hours.is_some())?;
    // Expansion is decided by one problem over the horizon; the variant is then
    // dispatched with its builds fixed by the case's own solve method, so that every
    // variant's operating cost comes from the same method.
    let decided = nagrid_opf::dispatch(&case, &nagrid_opf::DispatchOptions::from_settings(&case.settings))?;
    let Some(sol) = decided.solution else {
        o.status = decided.status.to_string();
        return Ok(o);
    };
    let builds = sol.expansion;
    let fixed = crate::expand::with_builds(&case, &builds, None);
    let write_builds =
        |f: &RunFolder, _: &nagrid_model::Case, _: &nagrid_opf::DispatchSolution| -> Result<Vec<crate::report_html::Section>, StudyError> {
            f.write_json("builds.json", &builds)?;
            Ok(Vec::new())
        };
    let r = run_loaded(&fixed, Some((dir, &files)), &opts, &hidden, t0, read_s, Some(&write_builds))?;
    o.status = r.status.to_string();
    o.metrics = r.summary.as_ref().map(|s| {
        let mut m = Metrics::of(s);
        let capex: f64 = builds.iter().map(|b| b.cost_usd).sum();
        m.expansion_cost_usd = capex;
        m.system_cost_usd += capex;
        m.built_mw = builds.iter().map(|b| b.built_mw).sum();
        m
    });
    Ok(o)
}
