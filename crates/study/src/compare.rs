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
    let merged = sweep::merge_dir(&tmp, false)?;
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
    folder.write_text("report.html", &comparison_html(&spec, &rows)?)?;
    progress.finish();
    Ok((folder.commit()?, rows))
}

/// Serialise a value by its `Display` text.
fn as_text<T: std::fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// `report.html` of a comparison: the table of comparison.csv, a bar chart per
/// figure, and links to each variant's own report.
fn comparison_html(spec: &SweepSpec, rows: &[CompareRow]) -> Result<String, StudyError> {
    use crate::report_html::charts::{hbars_height, HBars};
    use crate::report_html::html::{esc, figure, page, table, Section};
    use crate::units::{mt, musd, price, sig, thousands};
    use nagrid_load::plot::categorical;
    let names: Vec<String> = rows.iter().map(|r| r.variant.clone()).collect();
    let one = |title: &str, unit: &str, f: &dyn Fn(&CompareRow) -> f64, color: usize| HBars {
        title: title.into(),
        x_desc: unit.into(),
        categories: names.clone(),
        series: vec![(unit.into(), categorical(color), rows.iter().map(f).collect())],
        stacked: false,
    };
    let charts = vec![
        one("System cost (operation + annualised expansion)", "M USD", &|r| r.system_cost_usd / 1e6, 0),
        one("Value of cross-border trade (against the islanded variant)", "M USD", &|r| r.value_of_cross_border_trade_usd / 1e6, 2),
        one("Cross-border trade, both ways", "TWh", &|r| r.cross_border_trade_twh, 1),
        one("CO2", "Mt", &|r| r.co2_t / 1e6, 7),
        one("Unserved energy", "GWh", &|r| r.unserved_mwh / 1e3, 3),
        one("Capacity built", "MW", &|r| r.built_mw, 8),
        HBars {
            title: "Load-weighted price by country".into(),
            x_desc: "USD/MWh".into(),
            categories: names.clone(),
            series: vec![
                ("US".into(), categorical(0), rows.iter().map(|r| r.price_us_usd_per_mwh).collect()),
                ("CA".into(), categorical(3), rows.iter().map(|r| r.price_ca_usd_per_mwh).collect()),
                ("MX".into(), categorical(2), rows.iter().map(|r| r.price_mx_usd_per_mwh).collect()),
            ],
            stacked: false,
        },
    ];
    let mut figs = String::from("<div class=\"grid2\">\n");
    let mut zero = Vec::new();
    for c in &charts {
        if c.series.iter().flat_map(|s| s.2.iter()).all(|v| *v == 0.0 || !v.is_finite()) {
            zero.push(esc(&c.title));
            continue;
        }
        let svg = crate::chart::svg(c, (crate::report_html::HALF_W, hbars_height(c)))?;
        figs.push_str(&figure("bars", &svg, ""));
    }
    figs.push_str("</div>\n");
    if !zero.is_empty() {
        figs.push_str(&format!("<p class=\"note\">Zero (or undefined) in every variant: {}.</p>\n", zero.join("; ")));
    }
    let header = [
        "variant",
        "scenario",
        "borders",
        "status",
        "system cost, M USD",
        "expansion, M USD",
        "built, MW",
        "CO2, Mt",
        "unserved, MWh",
        "price US / CA / MX, USD/MWh",
        "cross-border, TWh",
        "value of trade, M USD",
    ];
    let trows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                format!("<a href=\"{0}/report.html\">{0}</a>", esc(&r.variant)),
                esc(&r.scenario.to_string()),
                (if r.borders == Borders::Islanded { "islanded" } else { "existing" }).into(),
                esc(&r.status.to_string()),
                musd(r.system_cost_usd),
                musd(r.expansion_cost_usd),
                thousands(r.built_mw, 0),
                mt(r.co2_t),
                thousands(r.unserved_mwh, 0),
                format!("{} / {} / {}", price(r.price_us_usd_per_mwh), price(r.price_ca_usd_per_mwh), price(r.price_mx_usd_per_mwh)),
                sig(r.cross_border_trade_twh),
                musd(r.value_of_cross_border_trade_usd),
            ]
        })
        .collect();
    let mut html = format!("<p class=\"note\">{}</p>\n", esc(spec.description.as_deref().unwrap_or("")));
    html.push_str(&table(&header, &trows, &[4, 5, 6, 7, 8, 10, 11]));
    html.push_str("<p class=\"note\">Each variant links to its own run report. The value of trade is the cost of the islanded variant of the same scenario minus the variant's cost.</p>\n");
    let sections = [Section::new("table", "Comparison", html), Section::new("charts", "Charts", figs)];
    let title = format!("Comparison: {}", spec.name);
    Ok(page(&title, &format!("{} variants (comparison.csv, comparison.md)", rows.len()), &sections, "nagrid compare"))
}
