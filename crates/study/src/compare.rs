//! `nagrid compare`: variants of one case (data-center scenario × border set ×
//! candidates × expansion) solved in parallel, and a comparison table with the
//! value of cross-border trade (cost of the islanded variant of the same scenario
//! minus the variant's cost).

use crate::pipeline::{run_loaded, RunOptions};
use crate::progress::Progress;
use crate::stats::Summary;
use crate::StudyError;
use nagrid_io::RunFolder;
use nagrid_model::{Borders, CompareSpec, Country, Scenario, Variant};
use nagrid_opf::SolveStatus;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

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

/// Variant settings applied to a case's study settings.
fn apply(settings: &mut nagrid_model::StudySettings, v: &Variant) {
    if let Some(s) = &v.scenario {
        settings.load.scenario = *s;
    }
    if let Some(c) = &v.candidates {
        settings.network.candidates = c.clone();
    }
    if let Some(e) = v.expansion {
        settings.expansion.enabled = e;
    }
    settings.output.plots = false;
}

fn row(v: &Variant, scenario: Scenario, status: SolveStatus, s: Option<&Summary>) -> CompareRow {
    let nan = f64::NAN;
    let price = |c: Country| s.and_then(|s| s.countries.get(c.code())).and_then(|e| e.load_weighted_price_usd_per_mwh).unwrap_or(nan);
    CompareRow {
        variant: v.name.clone(),
        scenario,
        borders: v.borders,
        status,
        system_cost_usd: s.map_or(nan, |s| s.cost.total_usd),
        expansion_cost_usd: s.map_or(nan, |s| s.cost.expansion_usd),
        built_mw: s.map_or(nan, |s| s.expansion.iter().map(|b| b.built_mw).sum()),
        co2_t: s.map_or(nan, |s| s.co2_t),
        unserved_mwh: s.map_or(nan, |s| s.unserved_mwh),
        price_us_usd_per_mwh: price(Country::US),
        price_ca_usd_per_mwh: price(Country::CA),
        price_mx_usd_per_mwh: price(Country::MX),
        cross_border_trade_twh: s.map_or(nan, |s| s.borders.iter().map(|b| b.a_to_b_mwh + b.b_to_a_mwh).sum::<f64>() / 1e6),
        value_of_cross_border_trade_usd: nan,
    }
}

/// Run every variant of `spec` on the case folder `dir`; write
/// `<out>/comparison.csv`, `comparison.md` and one run folder per variant.
pub fn compare(
    dir: &Path,
    spec: &CompareSpec,
    out: Option<PathBuf>,
    outputs_root: &Path,
    quiet: bool,
) -> Result<(PathBuf, Vec<CompareRow>), StudyError> {
    let progress = Progress::new(quiet);
    nagrid_io::check_case_folder(dir)?;
    nagrid_io::check_hours_override(spec.hours)?;
    let base = nagrid_io::read_settings(dir)?;
    let name = base.name.clone().unwrap_or_else(|| "case".into());
    let folder = crate::create_run_folder(out.as_deref(), &outputs_root.join(&name), &format!("compare-{}", spec.name))?;
    progress.phase(format!("solving {} variants of {} in parallel", spec.variants.len(), dir.display()));
    let results: Vec<Result<CompareRow, StudyError>> = spec
        .variants
        .par_iter()
        .map(|v| {
            let t0 = Instant::now();
            let mut settings = base.clone();
            apply(&mut settings, v);
            let (mut case, files) = crate::pipeline::load_case_as(dir, spec.hours, settings)?;
            if case.settings.expansion.enabled {
                crate::expand::annualization(&case, spec.hours.is_some())?;
            }
            if v.borders == Borders::Islanded {
                let country = |r: usize| case.network.regions[r].country;
                let lines: Vec<_> = case.network.lines.iter().filter(|l| country(l.from) == country(l.to)).cloned().collect();
                let links: Vec<_> = case.network.links.iter().filter(|l| country(l.from) == country(l.to)).cloned().collect();
                case.network.lines = lines;
                case.network.links = links;
            }
            let opts = RunOptions { out: Some(folder.path(&v.name)), quiet: true, ..Default::default() };
            let hidden = Progress::new(true);
            if !case.settings.expansion.enabled {
                let r = run_loaded(&case, Some((dir, &files)), &opts, &hidden, t0, 0.0, None)?;
                return Ok(row(v, case.settings.load.scenario, r.status.clone(), r.summary.as_ref()));
            }
            // Expansion is decided by one problem over the horizon; the variant is then
            // dispatched with its builds fixed by the case's own solve method, so that
            // every variant's operating cost comes from the same method.
            let decided = nagrid_opf::dispatch(&case, &nagrid_opf::DispatchOptions::from_settings(&case.settings))?;
            let Some(sol) = decided.solution else {
                return Ok(row(v, case.settings.load.scenario, decided.status.clone(), None));
            };
            let builds = sol.expansion;
            let fixed = crate::expand::with_builds(&case, &builds, None);
            let write_builds = |f: &RunFolder, _: &nagrid_model::Case, _: &nagrid_opf::DispatchSolution| -> Result<(), StudyError> {
                f.write_json("builds.json", &builds)?;
                Ok(())
            };
            let r = run_loaded(&fixed, Some((dir, &files)), &opts, &hidden, t0, 0.0, Some(&write_builds))?;
            let mut out = row(v, case.settings.load.scenario, r.status.clone(), r.summary.as_ref());
            let capex: f64 = builds.iter().map(|b| b.cost_usd).sum();
            out.expansion_cost_usd = capex;
            out.system_cost_usd += capex;
            out.built_mw = builds.iter().map(|b| b.built_mw).sum();
            Ok(out)
        })
        .collect();
    let mut rows = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    // Value of cross-border trade against the islanded variant of the same scenario.
    let islanded: Vec<(Scenario, f64)> =
        rows.iter().filter(|r| r.borders == Borders::Islanded).map(|r| (r.scenario, r.system_cost_usd)).collect();
    for r in &mut rows {
        if let Some((_, c)) = islanded.iter().find(|(s, _)| *s == r.scenario) {
            r.value_of_cross_border_trade_usd = c - r.system_cost_usd;
        }
    }
    let num = |v: f64, d: usize| {
        let v = if v == 0.0 { 0.0 } else { v };
        if v.is_finite() {
            format!("{v:.d$}")
        } else {
            String::new()
        }
    };
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
