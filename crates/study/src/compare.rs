//! `nagrid compare`: named variants of one case (data-center scenario × border set ×
//! candidates × expansion, or any study.toml key or table value) solved side by side
//! as a small sweep ([`crate::sweep`]), and a comparison table with the value of
//! cross-border trade (cost of the islanded variant of the same scenario minus the
//! variant's cost).

use crate::progress::Progress;
use crate::sweep::{self, Metrics, Outcome, SweepOptions};
use crate::StudyError;
use nagrid_io::sweep_spec::SweepSpec;
use nagrid_io::Override;
use nagrid_model::{Borders, Scenario};
use nagrid_opf::SolveStatus;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One row of `comparison.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// Variant name.
    pub variant: String,
    /// Data-center scenario.
    pub scenario: Scenario,
    /// Border set.
    pub borders: Borders,
    /// Solver status (written as its name, e.g. `optimal`).
    #[serde(serialize_with = "as_text")]
    pub status: SolveStatus,
    /// Total system cost over the horizon (operation + annualised expansion), USD.
    pub system_cost_usd: f64,
    /// Of which annualised expansion, USD.
    pub expansion_cost_usd: f64,
    /// Capacity built, MW.
    pub built_mw: f64,
    /// CO2, t.
    pub co2_t: f64,
    /// Unserved energy, MWh.
    pub unserved_mwh: f64,
    /// Load-weighted price per country, USD/MWh.
    pub price_us_usd_per_mwh: f64,
    /// Canada.
    pub price_ca_usd_per_mwh: f64,
    /// Mexico.
    pub price_mx_usd_per_mwh: f64,
    /// Energy crossing the US–Canada and US–Mexico borders, both ways, TWh.
    pub cross_border_trade_twh: f64,
    /// Cost of the islanded variant of the same scenario minus this cost, USD
    /// (NaN without such a variant).
    pub value_of_cross_border_trade_usd: f64,
}

fn status_of(s: &str) -> SolveStatus {
    match s {
        "optimal" => SolveStatus::Optimal,
        "infeasible" => SolveStatus::Infeasible,
        "unbounded" => SolveStatus::Unbounded,
        "time_limit" => SolveStatus::TimeLimit,
        "iteration_limit" => SolveStatus::IterationLimit,
        other => SolveStatus::Error(other.to_string()),
    }
}

fn row(o: &Outcome) -> CompareRow {
    let nan = f64::NAN;
    let m = o.metrics.as_ref();
    let f = |g: fn(&Metrics) -> Option<f64>| m.and_then(g).unwrap_or(nan);
    CompareRow {
        variant: o.name.clone(),
        scenario: o.scenario.parse().unwrap_or_default(),
        borders: if o.borders == "islanded" { Borders::Islanded } else { Borders::Existing },
        status: status_of(&o.status),
        system_cost_usd: f(|m| Some(m.system_cost_usd)),
        expansion_cost_usd: f(|m| Some(m.expansion_cost_usd)),
        built_mw: f(|m| Some(m.built_mw)),
        co2_t: f(|m| Some(m.co2_t)),
        unserved_mwh: f(|m| Some(m.unserved_mwh)),
        price_us_usd_per_mwh: f(|m| m.price_us_usd_per_mwh),
        price_ca_usd_per_mwh: f(|m| m.price_ca_usd_per_mwh),
        price_mx_usd_per_mwh: f(|m| m.price_mx_usd_per_mwh),
        cross_border_trade_twh: f(|m| Some(m.cross_border_trade_twh)),
        value_of_cross_border_trade_usd: nan,
    }
}

/// Run every variant of `spec` (`compare.toml`, read by
/// [`nagrid_io::sweep_spec::read_compare`]) on the case folder `dir` as a small sweep
/// on this machine (charts off); write `<out>/comparison.csv`, `comparison.md`, the
/// sweep's files (`plan.json`, `sweep.csv`…) and one run folder per variant. The whole
/// folder appears only when every variant has run; a variant that cannot be read or
/// written fails the comparison.
pub fn compare(
    dir: &Path,
    spec: &SweepSpec,
    out: Option<PathBuf>,
    outputs_root: &Path,
    quiet: bool,
) -> Result<(PathBuf, Vec<CompareRow>), StudyError> {
    compare_with(dir, spec, &SweepOptions { quiet, ..Default::default() }, out, outputs_root)
}

/// [`compare`] with the options of a sweep (`--year`, `--set`… of every variant).
pub fn compare_with(
    dir: &Path,
    spec: &SweepSpec,
    opts: &SweepOptions,
    out: Option<PathBuf>,
    outputs_root: &Path,
) -> Result<(PathBuf, Vec<CompareRow>), StudyError> {
    let progress = Progress::new(opts.quiet);
    nagrid_io::check_case_folder(dir)?;
    let base = nagrid_io::read_settings(dir)?;
    let name = base.name.clone().unwrap_or_else(|| "case".into());
    let folder = crate::create_run_folder(out.as_deref(), &outputs_root.join(&name), &format!("compare-{}", spec.name))?;
    let mut spec = spec.clone();
    spec.base.insert(0, Override::new("output.plots", "false", "compare"));
    progress.phase(format!("planning {} variants of {}", spec.list.len(), dir.display()));
    let plan = sweep::plan(dir, &spec, opts)?;
    let tmp = folder.path("");
    sweep::create(&tmp, &plan, None)?;
    progress.phase(format!("solving {} variants of {} side by side", plan.variants.len(), dir.display()));
    let all: Vec<usize> = (0..plan.variants.len()).collect();
    sweep::local::run(&tmp, &plan, &all, &sweep::local::Worker::InProcess, plan.max_parallel, true)?;
    let merged = sweep::merge(&tmp)?;
    let mut rows = Vec::new();
    for (v, o) in plan.variants.iter().zip(&merged.outcomes) {
        match o {
            Some(o) if o.status == "error" => {
                return Err(StudyError::Invalid(format!("variant {}: {}", v.name, o.error.clone().unwrap_or_default())))
            }
            Some(o) => rows.push(row(o)),
            None => return Err(StudyError::Invalid(format!("variant {}: no outcome recorded", v.name))),
        }
    }
    // Value of cross-border trade against the islanded variant of the same scenario.
    let islanded: Vec<(Scenario, f64)> =
        rows.iter().filter(|r| r.borders == Borders::Islanded).map(|r| (r.scenario, r.system_cost_usd)).collect();
    for r in &mut rows {
        if let Some((_, c)) = islanded.iter().find(|(s, _)| *s == r.scenario) {
            r.value_of_cross_border_trade_usd = c - r.system_cost_usd;
        }
    }
    let num = |v: f64, d: usize| sweep::num(Some(v), d);
    let mut md = format!("# Comparison: {}\n\n{}\n\n| variant | scenario | borders | status | system cost, M USD | expansion, M USD | built MW | CO2, Mt | unserved MWh | price US / CA / MX, USD/MWh | cross-border TWh | value of trade, M USD |\n|---|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n", spec.name, spec.description.clone().unwrap_or_default());
    for r in &rows {
        let b = if r.borders == Borders::Islanded { "islanded" } else { "existing" };
        let _ = writeln!(
            md,
            "| {} | {} | {b} | {} | {} | {} | {} | {} | {} | {} / {} / {} | {} | {} |",
            r.variant,
            r.scenario,
            r.status,
            num(r.system_cost_usd / 1e6, 1),
            num(r.expansion_cost_usd / 1e6, 1),
            num(r.built_mw, 0),
            num(r.co2_t / 1e6, 2),
            num(r.unserved_mwh, 0),
            num(r.price_us_usd_per_mwh, 2),
            num(r.price_ca_usd_per_mwh, 2),
            num(r.price_mx_usd_per_mwh, 2),
            num(r.cross_border_trade_twh, 2),
            num(r.value_of_cross_border_trade_usd / 1e6, 1)
        );
    }
    let header = [
        "variant",
        "scenario",
        "borders",
        "status",
        "system_cost_usd",
        "expansion_cost_usd",
        "built_mw",
        "co2_t",
        "unserved_mwh",
        "price_us_usd_per_mwh",
        "price_ca_usd_per_mwh",
        "price_mx_usd_per_mwh",
        "cross_border_trade_twh",
        "value_of_cross_border_trade_usd",
    ];
    let csv_rows = rows.iter().map(|r| {
        vec![
            r.variant.clone(),
            r.scenario.to_string(),
            (if r.borders == Borders::Islanded { "islanded" } else { "existing" }).to_string(),
            r.status.to_string(),
            num(r.system_cost_usd, 2),
            num(r.expansion_cost_usd, 2),
            num(r.built_mw, 3),
            num(r.co2_t, 3),
            num(r.unserved_mwh, 3),
            num(r.price_us_usd_per_mwh, 3),
            num(r.price_ca_usd_per_mwh, 3),
            num(r.price_mx_usd_per_mwh, 3),
            num(r.cross_border_trade_twh, 4),
            num(r.value_of_cross_border_trade_usd, 2),
        ]
    });
    folder.write_csv("comparison.csv", &header, csv_rows)?;
    folder.write_text("comparison.md", &md)?;
    progress.finish();
    Ok((folder.commit()?, rows))
}

/// Serialise a value by its `Display` text.
fn as_text<T: std::fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}
