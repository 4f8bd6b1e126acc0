//! `nagrid sweep merge DIR`: the outcomes of every variant (`results/*.json`) merged
//! into `sweep.csv` (one row per variant, in index order), `sweep.md`, `sweep.json`
//! (run times and memory, which differ from run to run), the charts of `plots/` and
//! `report.html` ([`super::report`]). A variant without an outcome is listed as
//! `missing`.

use super::variant::{read_outcome, status, Metrics, Outcome};
use super::{read_plan, write_atomic, Merged, Plan};
use crate::StudyError;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// Merge the sweep folder `dir`.
pub fn merge(dir: &Path) -> Result<Merged, StudyError> {
    merge_dir(dir, true)
}

/// Merge the sweep folder `dir`, with or without its `report.html` (`nagrid compare`
/// writes its own).
pub(crate) fn merge_dir(dir: &Path, report: bool) -> Result<Merged, StudyError> {
    let plan = read_plan(dir)?;
    let outcomes: Vec<Option<Outcome>> = plan.variants.iter().map(|v| read_outcome(dir, v.index)).collect();
    write_merged(&plan, outcomes, dir, report)
}

/// A number with `d` decimals; empty when not finite (or absent).
pub(crate) fn num(v: Option<f64>, d: usize) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let v = if v == 0.0 { 0.0 } else { v };
            format!("{v:.d$}")
        }
        _ => String::new(),
    }
}

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"").replace(['\n', '\r'], " "))
    } else {
        s.to_string()
    }
}

/// The figure columns of sweep.csv: header, decimals and value.
type Column = (&'static str, usize, fn(&Metrics) -> Option<f64>);
const FIGURES: [Column; 10] = [
    ("system_cost_usd", 2, |m| Some(m.system_cost_usd)),
    ("expansion_cost_usd", 2, |m| Some(m.expansion_cost_usd)),
    ("built_mw", 3, |m| Some(m.built_mw)),
    ("co2_t", 3, |m| Some(m.co2_t)),
    ("load_mwh", 3, |m| Some(m.load_mwh)),
    ("unserved_mwh", 3, |m| Some(m.unserved_mwh)),
    ("price_us_usd_per_mwh", 3, |m| m.price_us_usd_per_mwh),
    ("price_ca_usd_per_mwh", 3, |m| m.price_ca_usd_per_mwh),
    ("price_mx_usd_per_mwh", 3, |m| m.price_mx_usd_per_mwh),
    ("cross_border_trade_twh", 4, |m| Some(m.cross_border_trade_twh)),
];

/// Write sweep.csv, sweep.md, sweep.json, the charts and report.html of `outcomes`
/// into `out`.
pub fn merge_outcomes(plan: &Plan, outcomes: Vec<Option<Outcome>>, out: &Path) -> Result<Merged, StudyError> {
    write_merged(plan, outcomes, out, true)
}

fn write_merged(plan: &Plan, outcomes: Vec<Option<Outcome>>, out: &Path, report: bool) -> Result<Merged, StudyError> {
    let mut csv = String::from("index,variant");
    if plan.has_list {
        csv.push_str(",case");
    }
    for a in &plan.axes {
        csv.push(',');
        csv.push_str(&field(a));
    }
    csv.push_str(",status,scenario,borders,study_year,weather_year");
    for (h, _, _) in FIGURES {
        csv.push(',');
        csv.push_str(h);
    }
    csv.push_str(",error\n");
    for (v, o) in plan.variants.iter().zip(&outcomes) {
        let mut row = vec![v.index.to_string(), field(&v.name)];
        if plan.has_list {
            row.push(field(v.list_name.as_deref().unwrap_or("")));
        }
        row.extend(v.axis_values.iter().map(|x| field(x)));
        row.push(status(o).to_string());
        let oo = o.as_ref();
        row.push(field(oo.map_or("", |o| o.scenario.as_str())));
        row.push(oo.map_or(String::new(), |o| o.borders.clone()));
        row.push(oo.filter(|o| o.study_year != 0).map_or(String::new(), |o| o.study_year.to_string()));
        row.push(oo.and_then(|o| o.weather_year).map_or(String::new(), |y| y.to_string()));
        let m = oo.and_then(|o| o.metrics.as_ref());
        for (_, d, f) in FIGURES {
            row.push(num(m.and_then(f), d));
        }
        row.push(field(oo.and_then(|o| o.error.as_deref()).unwrap_or("")));
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let merged = Merged {
        dir: out.to_path_buf(),
        variants: plan.variants.len(),
        optimal: outcomes.iter().filter(|o| status(o) == "optimal").count(),
        failed: outcomes.iter().filter(|o| o.as_ref().is_some_and(|o| o.status != "optimal")).count(),
        missing: outcomes.iter().filter(|o| o.is_none()).count(),
        outcomes,
    };
    write_atomic(&out.join("sweep.csv"), &csv)?;
    write_atomic(&out.join("sweep.md"), &markdown(plan, &merged))?;
    write_atomic(&out.join("sweep.json"), &timings_json(plan, &merged)?)?;
    let boxes = super::charts::draw(plan, &merged.outcomes, &out.join("plots"))?;
    if report {
        write_atomic(&out.join("report.html"), &super::report::sweep_report(plan, &merged, &boxes, out)?)?;
    }
    Ok(merged)
}

fn markdown(plan: &Plan, m: &Merged) -> String {
    let mut md = format!("# Sweep: {}\n\n", plan.name);
    if let Some(d) = &plan.description {
        let _ = writeln!(md, "{d}\n");
    }
    let _ = writeln!(
        md,
        "Case `{}`; {} variants: {} optimal, {} not optimal, {} missing. Figures over the horizon; prices load-weighted; sweep.csv has every column.\n",
        plan.case_dir.display(),
        m.variants,
        m.optimal,
        m.failed,
        m.missing
    );
    let mut head = String::from("| variant |");
    let mut rule = String::from("|---|");
    for a in &plan.axes {
        let _ = write!(head, " {a} |");
        rule.push_str("---|");
    }
    head.push_str(" status | system cost, M USD | unserved, MWh | CO2, Mt | price US / CA / MX, USD/MWh | cross-border, TWh | built, MW |");
    rule.push_str("---|---:|---:|---:|---|---:|---:|");
    let _ = writeln!(md, "{head}\n{rule}");
    for (v, o) in plan.variants.iter().zip(&m.outcomes) {
        let mm = o.as_ref().and_then(|o| o.metrics.as_ref());
        let f = |g: fn(&Metrics) -> Option<f64>, scale: f64, d: usize| num(mm.and_then(g).map(|x| x / scale), d);
        let _ = writeln!(
            md,
            "| {} |{} {} | {} | {} | {} | {} / {} / {} | {} | {} |",
            v.name,
            v.axis_values.iter().map(|x| format!(" {x} |")).collect::<String>(),
            status(o),
            f(|m| Some(m.system_cost_usd), 1e6, 1),
            f(|m| Some(m.unserved_mwh), 1.0, 0),
            f(|m| Some(m.co2_t), 1e6, 2),
            f(|m| m.price_us_usd_per_mwh, 1.0, 2),
            f(|m| m.price_ca_usd_per_mwh, 1.0, 2),
            f(|m| m.price_mx_usd_per_mwh, 1.0, 2),
            f(|m| Some(m.cross_border_trade_twh), 1.0, 2),
            f(|m| Some(m.built_mw), 1.0, 0),
        );
    }
    let problems: Vec<&Outcome> = m.outcomes.iter().flatten().filter(|o| o.status != "optimal").collect();
    if !problems.is_empty() || m.missing > 0 {
        md.push_str("\n## Not optimal or missing\n\n");
        for o in problems {
            let _ = writeln!(md, "- {} ({}): {}", o.name, o.status, o.error.as_deref().unwrap_or("the solver stopped without an optimum"));
        }
        for (v, o) in plan.variants.iter().zip(&m.outcomes) {
            if o.is_none() {
                let _ = writeln!(md, "- {}: no outcome recorded (not run yet, or killed); `nagrid sweep resume` runs it", v.name);
            }
        }
    }
    md
}

#[derive(Serialize)]
struct TimingRow<'a> {
    index: usize,
    name: &'a str,
    status: &'a str,
    run_s: Option<f64>,
    peak_rss_bytes: Option<u64>,
    estimated_bytes: u64,
}

/// `sweep.json`: run time and memory (measured and estimated) of every variant.
fn timings_json(plan: &Plan, m: &Merged) -> Result<String, StudyError> {
    let rows: Vec<TimingRow> = plan
        .variants
        .iter()
        .zip(&m.outcomes)
        .map(|(v, o)| TimingRow {
            index: v.index,
            name: &v.name,
            status: status(o),
            run_s: o.as_ref().map(|o| o.run_s),
            peak_rss_bytes: o.as_ref().and_then(|o| o.peak_rss_bytes),
            estimated_bytes: v.memory_bytes,
        })
        .collect();
    let total: f64 = rows.iter().filter_map(|r| r.run_s).sum();
    let v = serde_json::json!({ "name": plan.name, "variants": m.variants, "optimal": m.optimal, "failed": m.failed, "missing": m.missing, "run_s_total": total, "variant_runs": rows });
    serde_json::to_string_pretty(&v).map_err(|e| StudyError::Invalid(e.to_string()))
}
