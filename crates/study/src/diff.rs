//! `nagrid diff RUN_A RUN_B`: what changed between two run folders — the settings
//! and overrides (run.json), system cost, energy by fuel and country, cross-border
//! flows and load-weighted prices (summary.json), each with its absolute and
//! relative change.

use crate::StudyError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One compared figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What it is, e.g. `US gas`.
    pub what: String,
    /// In run A (none when A does not have it).
    pub a: Option<f64>,
    /// In run B.
    pub b: Option<f64>,
}

impl Change {
    /// B − A.
    pub fn abs(&self) -> Option<f64> {
        Some(self.b.unwrap_or(0.0) - self.a.unwrap_or(0.0)).filter(|_| self.a.is_some() || self.b.is_some())
    }

    /// (B − A) / |A|, percent (none when A is zero or absent).
    pub fn rel_pct(&self) -> Option<f64> {
        let a = self.a.filter(|a| *a != 0.0)?;
        Some(100.0 * (self.b.unwrap_or(0.0) - a) / a.abs())
    }
}

/// The comparison of two runs, section by section (title, unit, changes).
#[derive(Debug, Clone, Default)]
pub struct Diff {
    /// Settings whose values differ (dotted key, A, B), and the overrides of each run.
    pub settings: Vec<(String, String, String)>,
    /// Sections of figures.
    pub sections: Vec<(String, &'static str, Vec<Change>)>,
}

fn read_json(dir: &Path, file: &str) -> Result<Value, StudyError> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let why =
            if e.kind() == std::io::ErrorKind::NotFound { format!("no {file}: not a run folder of nagrid run") } else { e.to_string() };
        StudyError::Invalid(format!("{}: {why}", dir.display()))
    })?;
    serde_json::from_str(&text).map_err(|e| StudyError::Invalid(format!("{}: not JSON: {e}", path.display())))
}

/// Dotted leaves of a JSON value.
fn leaves(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                leaves(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, v, out);
            }
        }
        _ => {
            out.insert(prefix.to_string(), v.to_string());
        }
    }
}

/// Numbers under `get` in both runs, by the keys of either, scaled by `scale`.
fn figures(a: &Value, b: &Value, keys: &[(String, Vec<String>)], scale: f64) -> Vec<Change> {
    let at = |v: &Value, path: &[String]| path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_f64).map(|x| x / scale);
    keys.iter().map(|(what, path)| Change { what: what.clone(), a: at(a, path), b: at(b, path) }).collect()
}

fn keys_of<'a>(a: &'a Value, b: &'a Value, path: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = [a, b]
        .iter()
        .filter_map(|v| path.iter().try_fold(*v, |v, k| v.get(*k)).and_then(Value::as_object))
        .flat_map(|m| m.keys().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Compare the run folders `a` and `b`.
pub fn diff(a: &Path, b: &Path) -> Result<Diff, StudyError> {
    let (sa, sb) = (read_json(a, "summary.json")?, read_json(b, "summary.json")?);
    let (ra, rb) = (read_json(a, "run.json").unwrap_or(Value::Null), read_json(b, "run.json").unwrap_or(Value::Null));
    let mut d = Diff::default();
    let (mut la, mut lb) = (BTreeMap::new(), BTreeMap::new());
    leaves("", &ra["settings"], &mut la);
    leaves("", &rb["settings"], &mut lb);
    for k in la.keys().chain(lb.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (x, y) = (la.get(k).cloned().unwrap_or_default(), lb.get(k).cloned().unwrap_or_default());
        if x != y {
            d.settings.push((k.clone(), x, y));
        }
    }
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let cost: Vec<(String, Vec<String>)> = keys_of(&sa, &sb, &["cost"]).into_iter().map(|k| (k.clone(), path(&["cost", &k]))).collect();
    d.sections.push(("System cost".into(), "M USD", figures(&sa, &sb, &cost, 1e6)));
    let totals = [("load".to_string(), path(&["load_mwh"])), ("unserved".into(), path(&["unserved_mwh"]))];
    d.sections.push(("Energy".into(), "GWh", figures(&sa, &sb, &totals, 1e3)));
    d.sections.push(("Emissions".into(), "Mt CO2", figures(&sa, &sb, &[("CO2".into(), path(&["co2_t"]))], 1e6)));
    let mut energy = Vec::new();
    let mut prices = Vec::new();
    for c in keys_of(&sa, &sb, &["countries"]) {
        let c = c.as_str();
        let by = if keys_of(&sa, &sb, &["countries", c, "generation_by_fuel_mwh"]).is_empty() {
            "generation_by_technology_mwh"
        } else {
            "generation_by_fuel_mwh"
        };
        energy.push((format!("{c} load"), path(&["countries", c, "load_mwh"])));
        for f in keys_of(&sa, &sb, &["countries", c, by]) {
            energy.push((format!("{c} {f}"), path(&["countries", c, by, &f])));
        }
        energy.push((format!("{c} net import"), path(&["countries", c, "net_import_mwh"])));
        prices.push((c.to_string(), path(&["countries", c, "load_weighted_price_usd_per_mwh"])));
    }
    d.sections.push(("Energy by country and fuel".into(), "TWh", figures(&sa, &sb, &energy, 1e6)));
    let mut flows: Vec<(String, String, String, &str)> = Vec::new();
    for v in [&sa, &sb] {
        for bf in v["borders"].as_array().into_iter().flatten() {
            let (x, y) = (bf["country_a"].as_str().unwrap_or("?"), bf["country_b"].as_str().unwrap_or("?"));
            for (name, key) in [(format!("{x} → {y}"), "a_to_b_mwh"), (format!("{y} → {x}"), "b_to_a_mwh")] {
                if !flows.iter().any(|f| f.0 == name) {
                    flows.push((name, x.to_string(), y.to_string(), key));
                }
            }
        }
    }
    flows.sort();
    let flow = |v: &Value, x: &str, y: &str, key: &str| {
        v["borders"].as_array()?.iter().find(|b| b["country_a"] == x && b["country_b"] == y)?[key].as_f64().map(|m| m / 1e6)
    };
    let flow_changes =
        flows.iter().map(|(name, x, y, key)| Change { what: name.clone(), a: flow(&sa, x, y, key), b: flow(&sb, x, y, key) });
    d.sections.push(("Cross-border flows".into(), "TWh", flow_changes.collect()));
    for r in keys_of(&sa, &sb, &["prices_usd_per_mwh"]) {
        prices.push((r.clone(), path(&["prices_usd_per_mwh", &r, "load_weighted"])));
    }
    d.sections.push(("Load-weighted prices (countries, then regions)".into(), "USD/MWh", figures(&sa, &sb, &prices, 1.0)));
    Ok(d)
}

fn fmt(v: Option<f64>, d: usize) -> String {
    v.filter(|x| x.is_finite()).map_or("—".into(), |x| format!("{:.d$}", if x == 0.0 { 0.0 } else { x }))
}

/// The comparison as Markdown; rows equal in both runs are left out of the figure
/// tables (their count is given).
pub fn markdown(a: &Path, b: &Path, d: &Diff) -> String {
    let mut m = format!("# Diff\n\nA: `{}`\nB: `{}`\n\n## Settings\n\n", a.display(), b.display());
    if d.settings.is_empty() {
        m.push_str("The same settings.\n");
    } else {
        m.push_str("| key | A | B |\n|---|---|---|\n");
        for (k, x, y) in &d.settings {
            let _ = writeln!(m, "| {k} | {x} | {y} |");
        }
    }
    for (title, unit, rows) in &d.sections {
        let changed: Vec<&Change> = rows.iter().filter(|c| c.abs().is_some_and(|x| x.abs() > 1e-9)).collect();
        let _ = writeln!(m, "\n## {title}, {unit}\n");
        if changed.is_empty() {
            let _ = writeln!(m, "No change ({} figures).", rows.len());
            continue;
        }
        m.push_str("| | A | B | B − A | change |\n|---|---:|---:|---:|---:|\n");
        for c in &changed {
            let rel = c.rel_pct().map_or("—".into(), |p| format!("{p:+.2} %"));
            let _ = writeln!(m, "| {} | {} | {} | {} | {rel} |", c.what, fmt(c.a, 3), fmt(c.b, 3), fmt(c.abs(), 3));
        }
        if changed.len() < rows.len() {
            let _ = writeln!(m, "\n{} more unchanged.", rows.len() - changed.len());
        }
    }
    m
}
