//! The model against the public record of its year (`nagrid backcast`, and the
//! report of `nagrid run` on a case with `record/record_<year>.csv`): one row per
//! record figure with the model's figure, the deviation in the tolerance's terms
//! and whether it passes. The model's figures are those of `summary.json`
//! (generation by fuel group, CO2, border flows, load) and, for prices over several
//! regions, the hourly prices weighted by the hourly loads.

use crate::stats::Summary;
use crate::StudyError;
use chrono::Datelike;
use nagrid_io::record::{read_record, record_file, Quantity, RecordRow, Scope, ToleranceKind};
use nagrid_io::{CaseFiles, RunFolder};
use nagrid_model::technology::fuel_group;
use nagrid_model::{Case, Country};
use nagrid_opf::DispatchSolution;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::Path;

/// Deviations this close to the tolerance pass (rounding of the summary, 3 decimals of MWh).
const PASS_SLACK: f64 = 1e-9;

/// One figure of the record against the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackcastRow {
    /// Quantity as written in the record (`generation_share_pct:coal`).
    pub quantity: String,
    /// Scope as written (`US`, `ercot+spp`, `CA>US`).
    pub scope: String,
    /// Unit of `record` and `model`.
    pub unit: String,
    /// The recorded figure.
    pub record: f64,
    /// The model's figure; `None` (null) when undefined (a share without generation, a price without load).
    pub model: Option<f64>,
    /// `pct`: (model − record) / |record| × 100; otherwise model − record (in `unit`; percentage points for shares).
    pub deviation: Option<f64>,
    /// Unit of `deviation` and `tolerance`: `pp` for shares, `%` for `pct` rows, else `unit`.
    pub deviation_unit: String,
    /// Largest deviation that passes (`pp` and `pct` rows).
    pub tolerance: Option<f64>,
    /// `pp`, `pct`, `sign` or empty (report only).
    pub tolerance_kind: String,
    /// Whether the row passes; `None` (null) for report-only rows.
    pub pass: Option<bool>,
    /// Where the figure comes from.
    pub source: String,
    /// Calendar months a flow figure covers (`2-6`, `3`); empty for the whole year.
    pub months: String,
}

impl fmt::Display for BackcastRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: record {} {}, model {}", self.quantity, self.scope, self.record, self.unit, opt(self.model))?;
        write!(f, ", deviation {} {}", opt(self.deviation), self.deviation_unit)?;
        write!(f, " ({}: {})", tolerance_text(self), pass_text(self.pass))
    }
}

/// `backcast.json`: the rows and how many passed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backcast {
    /// Year of the record.
    pub year: i32,
    /// The record file, relative to the case folder.
    pub record_file: String,
    /// One row per record figure, in file order.
    pub rows: Vec<BackcastRow>,
    /// Rows within their tolerance.
    pub passed: usize,
    /// Rows outside it.
    pub failed: usize,
    /// Rows without a tolerance.
    pub report_only: usize,
}

impl Backcast {
    /// The rows of the record of `year`, with their counts.
    pub fn new(year: i32, rows: Vec<BackcastRow>) -> Self {
        let count = |p: Option<bool>| rows.iter().filter(|r| r.pass == p).count();
        let (passed, failed, report_only) = (count(Some(true)), count(Some(false)), count(None));
        Backcast { year, record_file: record_file(year), rows, passed, failed, report_only }
    }
}

/// The deviation of `model` from `record` in the terms of `kind`: relative, in %,
/// for `pct`; model − record (percentage points for shares) otherwise.
pub fn deviation(kind: ToleranceKind, record: f64, model: f64) -> f64 {
    match kind {
        ToleranceKind::Pct => 100.0 * (model - record) / record.abs(),
        _ => model - record,
    }
}

/// Whether `model` passes against `record`: within ± `tolerance` for `pp` and
/// `pct`, of the same (non-zero) sign for `sign`; `None` for report-only rows. An
/// undefined model figure (`None`) fails.
pub fn passes(kind: ToleranceKind, tolerance: Option<f64>, record: f64, model: Option<f64>) -> Option<bool> {
    let m = model.filter(|m| m.is_finite());
    match kind {
        ToleranceKind::ReportOnly => None,
        ToleranceKind::Sign => Some(m.is_some_and(|m| m != 0.0 && m.signum() == record.signum())),
        _ => Some(m.is_some_and(|m| deviation(kind, record, m).abs() <= tolerance.unwrap_or(0.0) + PASS_SLACK)),
    }
}

/// Compare every row of a record with an optimal run of `case`.
pub fn compare(record: &[RecordRow], case: &Case, sol: &DispatchSolution, summary: &Summary) -> Vec<BackcastRow> {
    record
        .iter()
        .map(|r| {
            let model = model_value(r, case, sol, summary);
            let unit = r.quantity.unit();
            let deviation_unit = match (r.kind, unit) {
                (ToleranceKind::Pct, _) => "%",
                (_, "%") => "pp",
                (_, u) => u,
            };
            BackcastRow {
                quantity: r.quantity.to_string(),
                scope: r.scope_text.clone(),
                unit: unit.into(),
                record: r.value,
                model,
                deviation: model.map(|m| deviation(r.kind, r.value, m)),
                deviation_unit: deviation_unit.into(),
                tolerance: r.tolerance,
                tolerance_kind: r.kind.name().into(),
                pass: passes(r.kind, r.tolerance, r.value, model),
                source: r.source.clone(),
                months: r.months_text(),
            }
        })
        .collect()
}

/// The model's figure for one record row, in the row's unit.
fn model_value(r: &RecordRow, case: &Case, sol: &DispatchSolution, s: &Summary) -> Option<f64> {
    let country = |c: &Country| s.countries.get(c.code());
    if let Some(months) = r.months {
        return months_flow_twh(r, case, sol, months);
    }
    match (&r.quantity, &r.scope) {
        (Quantity::GenerationSharePct(g), Scope::Country(c)) => {
            let by_fuel = &country(c)?.generation_by_fuel_mwh;
            let total: f64 = by_fuel.values().sum();
            (total > 0.0).then(|| 100.0 * by_fuel.get(*g).copied().unwrap_or(0.0) / total)
        }
        (Quantity::GenerationTwh(g), Scope::Country(c)) => {
            let by_fuel = &country(c)?.generation_by_fuel_mwh;
            Some(match g {
                Some(g) => by_fuel.get(*g).copied().unwrap_or(0.0) / 1e6,
                None => by_fuel.values().sum::<f64>() / 1e6,
            })
        }
        (Quantity::GenerationSharePct(g), Scope::Regions(rs)) => {
            let by_fuel = region_generation_by_fuel_mwh(case, sol, rs);
            let total: f64 = by_fuel.values().sum();
            (total > 0.0).then(|| 100.0 * by_fuel.get(*g).copied().unwrap_or(0.0) / total)
        }
        (Quantity::GenerationTwh(g), Scope::Regions(rs)) => {
            let by_fuel = region_generation_by_fuel_mwh(case, sol, rs);
            Some(match g {
                Some(g) => by_fuel.get(*g).copied().unwrap_or(0.0) / 1e6,
                None => by_fuel.values().sum::<f64>() / 1e6,
            })
        }
        (Quantity::Co2Mt, Scope::Country(c)) => Some(country(c)?.co2_t / 1e6),
        (Quantity::Co2Mt, Scope::Regions(rs)) => {
            let gens = case.network.generators.iter().enumerate().filter(|(_, gen)| rs.contains(&gen.region));
            Some(gens.map(|(g, gen)| sol.gen_p_mw[g].iter().sum::<f64>() * gen.co2_t_per_mwh).sum::<f64>() / 1e6)
        }
        (Quantity::LoadTwh, Scope::Country(c)) => Some(country(c)?.load_mwh / 1e6),
        (Quantity::NetImportTwh, Scope::Pair(a, b)) => {
            let (ab, ba) = country_flows_mwh(s, a.code(), b.code());
            Some((ab - ba) / 1e6)
        }
        (Quantity::ImportTwh, Scope::Pair(a, b)) => Some(country_flows_mwh(s, a.code(), b.code()).0 / 1e6),
        (Quantity::NetImportTwh, Scope::Sides(a, b)) => {
            let (ab, ba) = region_flows_mwh(case, s, a, b);
            Some((ab - ba) / 1e6)
        }
        (Quantity::ImportTwh, Scope::Sides(a, b)) => Some(region_flows_mwh(case, s, a, b).0 / 1e6),
        (Quantity::LoadTwh, Scope::Regions(rs)) => Some(rs.iter().map(|&r| region_load_mwh(case, r)).sum::<f64>() / 1e6),
        (Quantity::PriceUsdPerMwh, Scope::Regions(rs)) => load_weighted_price(case, sol, rs),
        _ => None,
    }
}

/// Generation of the regions `rs` by EIA fuel group (`nagrid_model::technology::fuel_group`,
/// as `generation_by_fuel_mwh` of a country in summary.json), MWh.
fn region_generation_by_fuel_mwh(case: &Case, sol: &DispatchSolution, rs: &[usize]) -> BTreeMap<&'static str, f64> {
    let mut by_fuel = BTreeMap::new();
    for (g, gen) in case.network.generators.iter().enumerate().filter(|(_, gen)| rs.contains(&gen.region)) {
        *by_fuel.entry(fuel_group(&gen.technology)).or_insert(0.0) += sol.gen_p_mw[g].iter().sum::<f64>();
    }
    by_fuel
}

/// Energy sent from country `a` to country `b` and from `b` to `a` over the
/// horizon, MWh, at the sending end (the summary's `borders`).
fn country_flows_mwh(s: &Summary, a: &str, b: &str) -> (f64, f64) {
    s.borders
        .iter()
        .find_map(|f| match (f.country_a.as_str(), f.country_b.as_str()) {
            (x, y) if x == a && y == b => Some((f.a_to_b_mwh, f.b_to_a_mwh)),
            (x, y) if x == b && y == a => Some((f.b_to_a_mwh, f.a_to_b_mwh)),
            _ => None,
        })
        .unwrap_or((0.0, 0.0))
}

/// Energy sent from the regions `a` to the regions `b` and back, summed over
/// the lines and links that join a region of `a` to one of `b`, MWh.
fn region_flows_mwh(case: &Case, s: &Summary, a: &[usize], b: &[usize]) -> (f64, f64) {
    let ids = |v: &[usize]| v.iter().map(|&r| case.network.regions[r].id.as_str()).collect::<Vec<_>>();
    let (a, b) = (ids(a), ids(b));
    s.interconnectors.iter().fold((0.0, 0.0), |(ab, ba), k| {
        let (f, t) = (k.from.as_str(), k.to.as_str());
        if a.contains(&f) && b.contains(&t) {
            (ab + k.forward_mwh, ba + k.reverse_mwh)
        } else if b.contains(&f) && a.contains(&t) {
            (ab + k.reverse_mwh, ba + k.forward_mwh)
        } else {
            (ab, ba)
        }
    })
}

/// A flow figure over the horizon's hours in calendar months `first..=last`, TWh;
/// `None` when the horizon has no hour in them.
fn months_flow_twh(r: &RecordRow, case: &Case, sol: &DispatchSolution, (first, last): (u32, u32)) -> Option<f64> {
    let n = &case.network;
    let of = |c: &Country| (0..n.regions.len()).filter(|&i| n.regions[i].country == *c).collect::<Vec<_>>();
    let (a, b) = match &r.scope {
        Scope::Pair(a, b) => (of(a), of(b)),
        Scope::Sides(a, b) => (a.clone(), b.clone()),
        _ => return None,
    };
    let hours: Vec<usize> = (0..case.axis.hours).filter(|&t| (first..=last).contains(&case.axis.timestamp(t).month())).collect();
    if hours.is_empty() {
        return None;
    }
    let (ab, ba) = hourly_flows_mwh(case, sol, (&a, &b), &hours);
    match r.quantity {
        Quantity::NetImportTwh => Some((ab - ba) / 1e6),
        Quantity::ImportTwh => Some(ab / 1e6),
        _ => None,
    }
}

/// Energy sent from the regions `a` to the regions `b` and back in `hours`, over the
/// lines and links that join them, MWh, at the sending end (as the summary's flows).
fn hourly_flows_mwh(case: &Case, sol: &DispatchSolution, (a, b): (&[usize], &[usize]), hours: &[usize]) -> (f64, f64) {
    let n = &case.network;
    let mut sent = (0.0, 0.0);
    let mut add = |from: usize, to: usize, fwd: f64, rev: f64| {
        if a.contains(&from) && b.contains(&to) {
            sent = (sent.0 + fwd, sent.1 + rev);
        } else if b.contains(&from) && a.contains(&to) {
            sent = (sent.0 + rev, sent.1 + fwd);
        }
    };
    for (i, l) in n.lines.iter().enumerate() {
        let f = &sol.line_flow_mw[i];
        add(l.from, l.to, hours.iter().map(|&t| f[t].max(0.0)).sum(), hours.iter().map(|&t| (-f[t]).max(0.0)).sum());
    }
    for (i, k) in n.links.iter().enumerate() {
        let (fwd, rev) = (&sol.link_forward_mw[i], &sol.link_reverse_mw[i]);
        add(k.from, k.to, hours.iter().map(|&t| fwd[t]).sum(), hours.iter().map(|&t| rev[t]).sum());
    }
    sent
}

/// Load of a region over the horizon, flexible loads included, MWh.
fn region_load_mwh(case: &Case, r: usize) -> f64 {
    let flexible: f64 =
        case.network.flexible_loads.iter().zip(&case.flex_load_mw).filter(|(f, _)| f.region == r).map(|(_, l)| l.iter().sum::<f64>()).sum();
    case.load_mw[r].iter().sum::<f64>() + flexible
}

/// Σ_r Σ_t price × load / Σ_r Σ_t load over the regions `rs` (the load of the
/// regions' price statistics in summary.json); `None` without load.
pub fn load_weighted_price(case: &Case, sol: &DispatchSolution, rs: &[usize]) -> Option<f64> {
    let (mut pl, mut l) = (0.0, 0.0);
    for &r in rs {
        for (p, load) in sol.price_usd_per_mwh[r].iter().zip(&case.load_mw[r]) {
            pl += p * load;
            l += load;
        }
    }
    (l > 0.0).then(|| pl / l)
}

/// A number with about four significant digits (at least one decimal).
fn num(v: f64) -> String {
    if v.abs() < 1e-9 || !v.is_finite() {
        return if v.is_finite() { "0".into() } else { String::new() };
    }
    let d = (3 - v.abs().log10().floor() as i32).clamp(1, 9) as usize;
    format!("{v:.d$}")
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), num)
}

fn tolerance_text(r: &BackcastRow) -> String {
    match (r.tolerance_kind.as_str(), r.tolerance) {
        ("sign", _) => "same sign".into(),
        (_, Some(t)) => format!("± {t} {}", r.deviation_unit),
        _ => "report only".into(),
    }
}

fn pass_text(p: Option<bool>) -> &'static str {
    match p {
        Some(true) => "pass",
        Some(false) => "FAIL",
        None => "—",
    }
}

/// `backcast.md`: the table, with the counts.
pub fn markdown(b: &Backcast) -> String {
    let mut m = format!("# Backcast {}: model against {}\n\n", b.year, b.record_file);
    let _ = writeln!(m, "{} passed, {} failed, {} report only.\n", b.passed, b.failed, b.report_only);
    m.push_str(
        "| quantity | scope | unit | record | model | deviation | tolerance | pass | source |\n|---|---|---|---:|---:|---:|---|---|---|\n",
    );
    for r in &b.rows {
        let dev = r
            .deviation
            .map(|d| format!("{}{} {}", if d > 1e-9 { "+" } else { "" }, num(d), r.deviation_unit))
            .unwrap_or_else(|| "n/a".into());
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {dev} | {} | {} | {} |",
            r.quantity,
            if r.months.is_empty() { r.scope.clone() } else { format!("{}, months {}", r.scope, r.months) },
            r.unit,
            r.record,
            opt(r.model),
            tolerance_text(r),
            pass_text(r.pass),
            r.source.replace('|', "/")
        );
    }
    m
}

/// Write `backcast.csv`, `backcast.md` and `backcast.json` into a run folder.
pub(crate) fn write(f: &RunFolder, b: &Backcast) -> Result<(), StudyError> {
    // Ten significant digits, written in the shortest form that reads back the same.
    let fixed = |v: Option<f64>| {
        let v = v.filter(|v| v.is_finite())?;
        let v = if v.abs() < 1e-12 { 0.0 } else { v };
        let rounded: f64 = format!("{v:.9e}").parse().unwrap_or(v);
        Some(format!("{}", rounded + 0.0))
    };
    let fixed = |v: Option<f64>| fixed(v).unwrap_or_default();
    let header = [
        "quantity",
        "scope",
        "unit",
        "record",
        "model",
        "deviation",
        "deviation_unit",
        "tolerance",
        "tolerance_kind",
        "pass",
        "source",
        "months",
    ];
    let rows = b.rows.iter().map(|r| {
        vec![
            r.quantity.clone(),
            r.scope.clone(),
            r.unit.clone(),
            fixed(Some(r.record)),
            fixed(r.model),
            fixed(r.deviation),
            r.deviation_unit.clone(),
            fixed(r.tolerance),
            r.tolerance_kind.clone(),
            r.pass.map(|p| p.to_string()).unwrap_or_default(),
            r.source.clone(),
            r.months.clone(),
        ]
    });
    f.write_csv("backcast.csv", &header, rows)?;
    f.write_text("backcast.md", &markdown(b))?;
    f.write_json("backcast.json", b)?;
    Ok(())
}

/// Check the record of the case's study year, if the case folder has one, and
/// list it among the inputs (hashed in run.json): a bad record fails before solving.
pub(crate) fn check_record(dir: &Path, case: &Case, files: &mut CaseFiles) -> Result<(), StudyError> {
    if read_record(dir, case.settings.study_year, &case.network)?.is_some() {
        files.0.push(record_file(case.settings.study_year).into());
    }
    Ok(())
}

/// Compare an optimal run with the record of its study year and write the
/// comparison into its run folder, when the case folder has that record.
pub(crate) fn write_if_recorded(
    f: &RunFolder,
    dir: &Path,
    case: &Case,
    sol: &DispatchSolution,
    summary: &Summary,
) -> Result<Option<Backcast>, StudyError> {
    let year = case.settings.study_year;
    let Some(record) = read_record(dir, year, &case.network)? else { return Ok(None) };
    let b = Backcast::new(year, compare(&record, case, sol, summary));
    write(f, &b)?;
    Ok(Some(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ToleranceKind::*;

    #[test]
    fn deviations_are_in_the_tolerance_terms() {
        // pp: model − record, in the record's unit (percentage points for shares).
        assert_eq!(deviation(Pp, 16.0, 19.5), 3.5);
        assert_eq!(deviation(Pp, 16.0, 12.5), -3.5);
        // pct: relative to the size of the record, so a negative record keeps the sign of model − record.
        assert_eq!(deviation(Pct, 200.0, 250.0), 25.0);
        assert_eq!(deviation(Pct, -8.0, -6.0), 25.0);
        assert_eq!(deviation(Pct, -8.0, -10.0), -25.0);
        // sign and report only: model − record.
        assert_eq!(deviation(Sign, -2.0, 3.0), 5.0);
        assert_eq!(deviation(ReportOnly, 1.0, 0.5), -0.5);
    }

    #[test]
    fn rows_pass_within_the_tolerance_and_fail_outside() {
        assert_eq!(passes(Pp, Some(3.0), 16.0, Some(19.0)), Some(true), "at the edge");
        assert_eq!(passes(Pp, Some(3.0), 16.0, Some(19.01)), Some(false));
        assert_eq!(passes(Pp, Some(3.0), 16.0, Some(13.0)), Some(true));
        assert_eq!(passes(Pct, Some(25.0), 40.0, Some(50.0)), Some(true));
        assert_eq!(passes(Pct, Some(25.0), 40.0, Some(29.9)), Some(false));
        assert_eq!(passes(Pct, Some(7.0), -100.0, Some(-106.0)), Some(true));
        assert_eq!(passes(Sign, None, -5.0, Some(-0.1)), Some(true));
        assert_eq!(passes(Sign, None, -5.0, Some(0.0)), Some(false), "no flow has no sign");
        assert_eq!(passes(Sign, None, 5.0, Some(-1.0)), Some(false));
        assert_eq!(passes(ReportOnly, None, 5.0, Some(500.0)), None);
        assert_eq!(passes(Pp, Some(1.0), 5.0, None), Some(false), "an undefined model figure fails");
        assert_eq!(passes(ReportOnly, None, 5.0, None), None);
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(num(34.62598), "34.63");
        assert_eq!(num(0.0007442), "0.0007442");
        assert_eq!(num(1234.56), "1234.6");
        assert_eq!(num(1e-14), "0");
        let b = Backcast::new(2024, vec![]);
        assert_eq!((b.passed, b.failed, b.report_only, b.record_file.as_str()), (0, 0, 0, "record/record_2024.csv"));
    }
}
