//! PyPSA's CSV folder → a nagrid [`Case`] in the `dc` formulation (docs/pypsa.md).
//!
//! Buses become regions, generators, loads (summed per bus), lines (Kirchhoff's
//! law), links and storage units their nagrid counterparts; snapshots the time
//! axis. What nagrid cannot represent faithfully is an error naming file, line,
//! column and value; what it does not translate is a warning ([`Imported::warnings`]).

use super::attrs::{Component, Role, GENERATOR, LINE, LINK, LOAD, NOT_TRANSLATED, SILENT, STORAGE_UNIT, TRANSLATED};
use super::tables::{read_series, read_snapshots, Notes, Series, Static};
use crate::IoError;
use chrono::{DateTime, Datelike, Utc};
use nagrid_model::network::MAX_RAMP_PU_PER_H;
use nagrid_model::{
    limits, Case, Country, Formulation, Generator, Issue, Issues, Line, Link, LinkKind, Network, Region, Storage, StudySettings, TimeAxis,
};
use std::collections::HashMap;
use std::path::Path;

/// A PyPSA network read as a nagrid case.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The case: `dc` formulation, no load shedding (PyPSA has none unless modelled).
    pub case: Case,
    /// What was not translated: one warning per file, column and reason, naming
    /// the components concerned.
    pub warnings: Vec<Issue>,
    /// `pypsa_version` of `network.csv`, when given.
    pub pypsa_version: Option<String>,
}

/// Read the PyPSA CSV folder `pypsa_dir` and write it as the case folder `case_dir`
/// (created; must not exist) with a `SOURCES.md` that names the origin and lists
/// what was not translated.
pub fn import_pypsa(pypsa_dir: &Path, case_dir: &Path) -> Result<Imported, IoError> {
    let imported = read_pypsa(pypsa_dir)?;
    crate::write_case(case_dir, &imported.case)?;
    let version = imported.pypsa_version.as_deref().map(|v| format!(" (written by PyPSA {v})")).unwrap_or_default();
    let mut text = format!(
        "# Sources\n\nImported by `nagrid import-pypsa` from the PyPSA CSV folder `{}`{version}; the translation is \
         described in docs/pypsa.md. Every number comes from that folder.\n\n",
        pypsa_dir.display()
    );
    if imported.warnings.is_empty() {
        text.push_str("Everything in the folder was translated.\n");
    } else {
        text.push_str("Not translated:\n\n");
        for w in &imported.warnings {
            text.push_str(&format!("- {w}\n"));
        }
    }
    let p = case_dir.join("SOURCES.md");
    std::fs::write(&p, text).map_err(|e| IoError::file(&p, e))?;
    Ok(imported)
}

/// Per unit base of nagrid's reactances, MVA.
pub(crate) const BASE_MVA: f64 = 100.0;

/// An active bus: its region, nominal voltage (kV) and whether its carrier is DC.
#[derive(Debug, Clone, Copy)]
struct Bus {
    region: usize,
    v_nom: f64,
    dc: bool,
}

/// The translation in progress.
struct Ctx {
    hours: usize,
    issues: Issues,
    notes: Notes,
    /// Active buses by name.
    buses: HashMap<String, Bus>,
    /// Carrier → CO2 t per MWh of primary energy.
    co2: HashMap<String, f64>,
    /// Time-series files present, by component list name: (attribute, file).
    series: HashMap<&'static str, Vec<(String, String)>>,
}

/// Read the PyPSA CSV folder `dir` into a case. Every problem is reported at once.
pub fn read_pypsa(dir: &Path) -> Result<Imported, IoError> {
    if !dir.is_dir() {
        let m = if dir.exists() { "is not a folder" } else { "does not exist" };
        return Err(IoError::Input(Issues(vec![Issue::file(dir.display().to_string(), format!("{m}: expected a PyPSA CSV folder"))])));
    }
    let mut issues = Issues::default();
    let (name, pypsa_version) = network_attrs(dir, &mut issues);
    let (start, hours) = read_snapshots(dir, &mut issues);
    let mut cx = Ctx { hours, issues, notes: Notes::default(), buses: HashMap::new(), co2: HashMap::new(), series: HashMap::new() };
    scan_files(dir, &mut cx);
    let mut net = Network::default();
    let tables: Vec<Option<Static>> = TRANSLATED.iter().map(|c| Static::read(dir, c, &mut cx.issues)).collect();
    for t in tables.iter().flatten() {
        t.note_columns(&mut cx.notes);
    }
    let [buses, carriers, gens, loads, lines, links, storage] = &tables[..] else { unreachable!("seven component tables") };
    match buses {
        Some(t) => read_buses(t, &mut cx, &mut net),
        None => cx.issues.push(Issue::file("buses.csv", "missing: a PyPSA network has buses")),
    }
    if let Some(t) = carriers {
        for r in t.rows() {
            let v = t.num_in(r, "co2_emissions", (0.0, 1e3), "must be a number from 0 to 1000 t/MWh", &mut cx.issues);
            cx.co2.insert(t.ids[r].clone(), v);
        }
    }
    let mut load_mw = vec![vec![0.0; cx.hours]; net.regions.len()];
    let mut gen_p_max_pu = Vec::new();
    if let Some(t) = gens {
        gen_p_max_pu = read_generators(dir, t, &mut cx, &mut net);
    }
    if let Some(t) = loads {
        read_loads(dir, t, &mut cx, &mut load_mw);
    }
    if let Some(t) = lines {
        read_lines(t, &mut cx, &mut net);
    }
    if let Some(t) = links {
        read_links(t, &mut cx, &mut net);
    }
    if let Some(t) = storage {
        read_storage(dir, t, &mut cx, &mut net);
    }
    distinct_branch_ids(lines.as_ref(), links.as_ref(), &mut cx.issues);
    let (Some(start), true) = (start, cx.issues.is_empty()) else {
        return Err(IoError::Input(cx.issues));
    };
    let case = build_case(dir, name, start, hours, net, load_mw, gen_p_max_pu)?;
    Ok(Imported { case, warnings: cx.notes.finish(), pypsa_version })
}

/// The case around the translated network: settings for the snapshots' year and
/// horizon, `dc` formulation, no load shedding.
fn build_case(
    dir: &Path,
    name: Option<String>,
    start: DateTime<Utc>,
    hours: usize,
    network: Network,
    load_mw: Vec<Vec<f64>>,
    gen_p_max_pu: Vec<Option<Vec<f64>>>,
) -> Result<Case, IoError> {
    let mut settings = StudySettings::for_year(start.year());
    settings.name = name.clone();
    settings.description = Some(format!("Imported from the PyPSA network in {} by nagrid import-pypsa (docs/pypsa.md).", dir.display()));
    settings.horizon.start = Some(start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    settings.horizon.hours = Some(hours);
    settings.model.formulation = Formulation::Dc;
    settings.economics.allow_unserved = false;
    let mut issues = Issues::default();
    for f in settings.check() {
        issues.push(Issue::at("snapshots.csv", 2, "snapshot", &f.value, format!("{}: {}", f.column, f.message)));
    }
    let case_name = name.unwrap_or_else(|| dir.file_name().map_or("pypsa".into(), |s| s.to_string_lossy().into_owned()));
    let case = Case {
        name: case_name,
        settings,
        network,
        axis: TimeAxis::new(start, hours),
        load_mw,
        gen_p_max_pu,
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    };
    if let Err(found) = case.validate() {
        issues.0.extend(found.0);
    }
    if issues.is_empty() {
        Ok(case)
    } else {
        Err(IoError::Input(issues))
    }
}

/// `name` and `pypsa_version` of `network.csv` (a name usable in paths only).
fn network_attrs(dir: &Path, issues: &mut Issues) -> (Option<String>, Option<String>) {
    let Some(t) = crate::Table::read(dir, "network.csv", issues) else { return (None, None) };
    if t.is_empty() {
        return (None, None);
    }
    let multi = t.opt_text(0, "_multi_invest").is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"));
    if multi {
        issues.push(t.issue(0, "_multi_invest", "several investment periods are not supported"));
    }
    let ok = |s: &String| !s.is_empty() && s != "Unnamed Network" && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    (t.opt_text(0, "name").filter(ok), t.opt_text(0, "pypsa_version"))
}

/// Sort the folder's files: the time series of translated components are kept;
/// other components are warnings; multi-period inputs are errors.
fn scan_files(dir: &Path, cx: &mut Ctx) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        cx.issues.push(Issue::file(dir.display().to_string(), "cannot list the folder"));
        return;
    };
    let mut files: Vec<String> = entries.flatten().filter_map(|e| e.file_name().to_str().map(str::to_string)).collect();
    files.sort();
    for f in files {
        let Some(stem) = f.strip_suffix(".csv") else { continue };
        if let Some((list, attr)) = stem.split_once('-') {
            if let Some(c) = TRANSLATED.iter().find(|c| c.list == list) {
                if attr.ends_with("-pw") {
                    cx.notes.add(&f, None, "not translated: piecewise costs and efficiencies", None);
                } else {
                    cx.series.entry(c.list).or_default().push((attr.to_string(), f.clone()));
                }
            }
            continue;
        }
        match stem {
            "investment_periods" | "scenarios" => cx.issues.push(Issue::file(
                &f,
                "several investment periods or scenarios are not supported: nagrid studies one period of hourly snapshots",
            )),
            "network" | "snapshots" => {}
            s if TRANSLATED.iter().any(|c| c.list == s) || SILENT.contains(&s) => {}
            s => match NOT_TRANSLATED.iter().find(|(list, _)| *list == s) {
                Some((_, why)) => note_table(dir, &f, why, cx),
                None => cx.notes.add(&f, None, "not a PyPSA component table nagrid knows: not read", None),
            },
        }
    }
}

/// A warning naming the active components of a table nagrid does not translate.
fn note_table(dir: &Path, file: &str, why: &str, cx: &mut Ctx) {
    let Some(t) = crate::Table::read(dir, file, &mut cx.issues) else { return };
    for r in 0..t.len() {
        let active = t.opt_text(r, "active").is_none_or(|v| !v.eq_ignore_ascii_case("false") && v != "0");
        if active {
            cx.notes.add(file, None, why, t.raw(r, "name"));
        }
    }
}

/// A time series of a translated attribute; other input series of the component
/// are warnings (their static value, or nothing, is used instead).
fn series(dir: &Path, comp: &Component, attr: &str, cx: &mut Ctx) -> Option<Series> {
    let file = cx.series.get(comp.list)?.iter().find(|(a, _)| a == attr)?.1.clone();
    read_series(dir, &file, cx.hours, &mut cx.issues)
}

/// Warn of the time series of `comp` nagrid does not translate (`used`: those it does).
fn note_series(comp: &Component, used: &[&str], cx: &mut Ctx) {
    for (attr, file) in cx.series.get(comp.list).cloned().unwrap_or_default() {
        let what = match comp.attr(&attr).map(|a| a.role) {
            _ if used.contains(&attr.as_str()) => continue,
            Some(Role::Dropped(why)) => format!("not translated: {why}"),
            Some(Role::Static | Role::Used) => format!("not translated: time-varying {attr} (the static value in {} is used)", comp.file()),
            Some(Role::Ignored) | None => continue, // no effect, or a result of PyPSA's
        };
        cx.notes.add(&file, None, &what, None);
    }
}

/// The column of a series of each active component of `t`; a column that names no
/// component of `t` is reported.
fn series_columns(s: &Series, t: &Static, issues: &mut Issues) -> HashMap<String, usize> {
    let rows: HashMap<&str, usize> = t.ids.iter().enumerate().map(|(r, id)| (id.as_str(), r)).collect();
    let mut out = HashMap::new();
    for (k, name) in s.names.iter().enumerate() {
        match rows.get(name.as_str()).copied() {
            Some(r) if t.active[r] => {
                out.insert(name.clone(), k);
            }
            Some(_) => {} // inactive: ignored, as PyPSA does
            None => issues.push(Issue::at(&s.file, 1, name, name, format!("not a {} of {}", t.comp.one, t.comp.file()))),
        }
    }
    out
}

fn read_buses(t: &Static, cx: &mut Ctx, net: &mut Network) {
    let has_country = t.table.headers.iter().any(|h| h == "country");
    if !has_country {
        cx.notes.add("buses.csv", None, "no country column: every region is put in the US (nagrid's countries are US, CA and MX)", None);
    }
    for r in t.rows() {
        let id = t.ids[r].clone();
        let v_nom = t.num_in(r, "v_nom", (1e-3, 1e4), "a nominal voltage must be a number from 0.001 to 10000 kV", &mut cx.issues);
        let (x, y) = (t.num(r, "x", &mut cx.issues), t.num(r, "y", &mut cx.issues));
        let (lon, lat) = if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
            (x, y)
        } else {
            let m = "not translated: coordinates outside longitude ±180 and latitude ±90 (projected?): the region gets 0, 0";
            cx.notes.add("buses.csv", Some((t.line(r), "x", &x.to_string())), m, Some(&id));
            (0.0, 0.0)
        };
        let country = match t.table.opt_text(r, "country") {
            None => Country::US,
            Some(c) => c.parse::<Country>().unwrap_or_else(|_| {
                let m = "country other than US, CA or MX: the region is put in the US";
                cx.notes.add("buses.csv", Some((t.line(r), "country", &c)), m, Some(&id));
                Country::US
            }),
        };
        let tz_text = t.text(r, "time_zone");
        let time_zone = tz_text.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
            cx.issues.push(t.issue(r, "time_zone", &tz_text, "not an IANA time zone (e.g. America/Chicago)"));
            chrono_tz::UTC
        });
        let interconnection = t.table.opt_text(r, "interconnection").unwrap_or_else(|| t.text(r, "carrier"));
        let dc = t.text(r, "carrier").eq_ignore_ascii_case("DC");
        cx.buses.insert(id.clone(), Bus { region: net.regions.len(), v_nom, dc });
        net.regions.push(Region { name: id.clone(), id, country, interconnection, time_zone, lat_deg: lat, lon_deg: lon });
    }
    if net.regions.is_empty() {
        cx.issues.push(Issue::file("buses.csv", "no active buses"));
    }
}

/// The region of the bus named in `col` (reported when unknown or inactive).
fn bus_of(t: &Static, r: usize, col: &str, cx: &mut Ctx) -> Option<Bus> {
    let name = t.text(r, col);
    let found = cx.buses.get(&name).copied();
    if found.is_none() {
        cx.issues.push(t.issue(r, col, &name, "not an active bus of buses.csv"));
    }
    found
}

/// `sign` must be PyPSA's default for the component (a generator feeding in, a load drawing).
fn check_sign(t: &Static, r: usize, want: f64, cx: &mut Ctx) {
    let s = t.num(r, "sign", &mut cx.issues);
    if s != want && !s.is_nan() {
        cx.issues.push(t.issue(r, "sign", &s.to_string(), &format!("only sign = {want} (PyPSA's default) is translated")));
    }
}

/// A technology label from `carrier` (`fallback` when empty).
fn technology(t: &Static, r: usize, fallback: &str, cx: &mut Ctx) -> String {
    let c = t.text(r, "carrier");
    if c.is_empty() {
        return fallback.into();
    }
    if let Some(m) = crate::table::id_problem(&c) {
        cx.issues.push(t.issue(r, "carrier", &c, &m.replace("an id", "a carrier")));
    }
    c
}

const MW: (f64, f64) = (0.0, limits::MAX_MW);
const MW_RULE: &str = "must be a number from 0 to 1e9 MW";
const PU: (f64, f64) = (0.0, 1.0);

fn read_generators(dir: &Path, t: &Static, cx: &mut Ctx, net: &mut Network) -> Vec<Option<Vec<f64>>> {
    note_series(&GENERATOR, &["p_max_pu"], cx);
    let avail = series(dir, &GENERATOR, "p_max_pu", cx);
    let cols = avail.as_ref().map(|s| series_columns(s, t, &mut cx.issues)).unwrap_or_default();
    let mut out = Vec::new();
    for r in t.rows() {
        let id = t.ids[r].clone();
        let region = bus_of(t, r, "bus", cx).map_or(usize::MAX, |b| b.region);
        check_sign(t, r, 1.0, cx);
        let p_nom = t.num_in(r, "p_nom", MW, MW_RULE, &mut cx.issues);
        let committable = t.flag(r, "committable", &mut cx.issues);
        let p_min_pu = t.num_in(r, "p_min_pu", PU, "must be in [0, 1]: nagrid's generators do not draw power", &mut cx.issues);
        let p_max_pu = t.num_in(r, "p_max_pu", PU, "must be in [0, 1]", &mut cx.issues);
        let cost =
            t.num_in(r, "marginal_cost", (-limits::MAX_COST_USD, limits::MAX_COST_USD), "must be finite, within ±1e12", &mut cx.issues);
        let tech = technology(t, r, "other", cx);
        let co2_primary = cx.co2.get(&tech).copied().unwrap_or(0.0);
        let co2 = if co2_primary > 0.0 {
            co2_primary / t.num_in(r, "efficiency", (1e-6, 1e3), "must be > 0 for a carrier with CO2 emissions", &mut cx.issues)
        } else {
            0.0
        };
        let mut ramp = |col: &str| {
            let v = t.num(r, col, &mut cx.issues);
            if v.is_nan() {
                return None;
            }
            if !(v > 0.0 && v <= MAX_RAMP_PU_PER_H) {
                cx.issues.push(t.issue(
                    r,
                    col,
                    &v.to_string(),
                    "nagrid needs a ramp limit in (0, 1000] per unit of p_nom per hour (empty: none)",
                ));
            }
            Some(v)
        };
        let (ramp_up, ramp_down) = (ramp("ramp_limit_up"), ramp("ramp_limit_down"));
        let series = match cols.get(&id) {
            Some(&k) => avail.as_ref().map(|s| checked_series(s, k, PU, "must be in [0, 1]", &mut cx.issues)),
            None if p_max_pu != 1.0 => Some(vec![p_max_pu; cx.hours]),
            None => None,
        };
        let lowest = series.as_ref().map_or(p_max_pu, |s| s.iter().copied().fold(f64::INFINITY, f64::min));
        if !committable && p_min_pu > lowest {
            let m = "not translated: p_min_pu above p_max_pu in some snapshots (PyPSA: infeasible); nagrid bounds the minimum by the availability";
            cx.notes.add("generators.csv", Some((t.line(r), "p_min_pu", &p_min_pu.to_string())), m, Some(&id));
        }
        net.generators.push(Generator {
            p_min_mw: if committable { 0.0 } else { p_min_pu * p_nom },
            co2_t_per_mwh: co2,
            ramp_up_pu_per_h: ramp_up,
            ramp_down_pu_per_h: ramp_down,
            ..Generator::new(id, region, tech, p_nom, cost)
        });
        out.push(series);
    }
    out
}

/// Column `k` of `s`, every value finite and within `range` (reported at its line).
fn checked_series(s: &Series, k: usize, (lo, hi): (f64, f64), rule: &str, issues: &mut Issues) -> Vec<f64> {
    for (t, &v) in s.values[k].iter().enumerate() {
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            issues.push(Issue::at(&s.file, s.lines[t], &s.names[k], v, rule));
        }
    }
    s.values[k].clone()
}

fn read_loads(dir: &Path, t: &Static, cx: &mut Ctx, load_mw: &mut [Vec<f64>]) {
    note_series(&LOAD, &["p_set"], cx);
    let p_set = series(dir, &LOAD, "p_set", cx);
    let cols = p_set.as_ref().map(|s| series_columns(s, t, &mut cx.issues)).unwrap_or_default();
    for r in t.rows() {
        let region = bus_of(t, r, "bus", cx);
        check_sign(t, r, -1.0, cx);
        let rule = "must be a number from 0 to 1e9 MW: nagrid's loads draw power";
        let values = match (cols.get(&t.ids[r]), &p_set) {
            (Some(&k), Some(s)) => checked_series(s, k, MW, rule, &mut cx.issues),
            _ => vec![t.num_in(r, "p_set", MW, rule, &mut cx.issues); cx.hours],
        };
        if let Some(bus) = region {
            for (acc, v) in load_mw[bus.region].iter_mut().zip(values) {
                *acc += v;
            }
        }
    }
}

/// The two ends of a line or link, which must be two different active buses.
fn ends(t: &Static, r: usize, cx: &mut Ctx) -> Option<(Bus, Bus)> {
    let (a, b) = (bus_of(t, r, "bus0", cx), bus_of(t, r, "bus1", cx));
    let (a, b) = (a?, b?);
    if a.region == b.region {
        cx.issues.push(t.issue(r, "bus1", &t.text(r, "bus1"), &format!("a {} must join two different buses", t.comp.one)));
        return None;
    }
    Some((a, b))
}

fn read_lines(t: &Static, cx: &mut Ctx, net: &mut Network) {
    note_series(&LINE, &[], cx);
    for r in t.rows() {
        let ty = t.text(r, "type");
        if !ty.is_empty() {
            let m = "line types are not translated: give the line's x (ohm) and s_nom instead";
            cx.issues.push(t.issue(r, "type", &ty, m));
        }
        let s_nom = t.num_in(r, "s_nom", MW, MW_RULE, &mut cx.issues);
        let s_max_pu = t.num_in(r, "s_max_pu", (0.0, 1e3), "must be a number from 0 to 1000", &mut cx.issues);
        let Some((a, b)) = ends(t, r, cx) else { continue };
        let (ia, ib) = (&net.regions[a.region], &net.regions[b.region]);
        if ia.interconnection != ib.interconnection {
            let m = format!(
                "the buses are in different synchronous systems ({} and {}: carrier or interconnection of buses.csv)",
                ia.interconnection, ib.interconnection
            );
            cx.issues.push(t.issue(r, "bus1", &ib.id, &m));
        }
        // PyPSA's linear power flow: x_pu = x / v_nom² (of bus0) on 1 MVA, r in place
        // of x between DC buses; nagrid: x_pu on 100 MVA, b = 100 / x_pu MW/rad.
        let col = if a.dc { "r" } else { "x" };
        let x = t.num(r, col, &mut cx.issues);
        let x_pu = x * BASE_MVA / (a.v_nom * a.v_nom);
        if !(limits::MIN_X_PU..=limits::MAX_X_PU).contains(&x_pu) {
            let m = format!("{col} / v_nom² × 100 MVA = {x_pu:e} per unit; nagrid needs 1e-6 to 1e6 ({col} > 0, ohm)");
            cx.issues.push(t.issue(r, col, &x.to_string(), &m));
        }
        let (from, to) = (a.region, b.region);
        net.lines.push(Line::new(t.ids[r].clone(), from, to, s_nom * s_max_pu, x_pu));
    }
}

fn read_links(t: &Static, cx: &mut Ctx, net: &mut Network) {
    note_series(&LINK, &[], cx);
    for r in t.rows() {
        let p_nom = t.num_in(r, "p_nom", MW, MW_RULE, &mut cx.issues);
        let p_max_pu =
            t.num_in(r, "p_max_pu", (0.0, 1e3), "must be from 0 to 1000: a minimum reverse flow is not translated", &mut cx.issues);
        let p_min_pu =
            t.num_in(r, "p_min_pu", (-1e3, 0.0), "must be from -1000 to 0: a minimum forward flow is not translated", &mut cx.issues);
        let eff =
            t.num_in(r, "efficiency", (1e-9, 1.0), "must be in (0, 1]: nagrid's links lose power, they do not convert it", &mut cx.issues);
        let cost = t.num_in(r, "marginal_cost", (0.0, limits::MAX_COST_USD), "must be a number from 0 to 1e12 USD/MWh", &mut cx.issues);
        if p_min_pu < 0.0 && (eff != 1.0 || cost != 0.0) {
            let m = "p_min_pu < 0 with efficiency < 1 or a marginal cost: PyPSA's reverse flow then gains energy or earns its cost, \
                     which nagrid cannot represent; split the link into two one-way links";
            cx.issues.push(t.issue(r, "p_min_pu", &p_min_pu.to_string(), m));
        }
        let Some((from, to)) = ends(t, r, cx).map(|(a, b)| (a.region, b.region)) else { continue };
        net.links.push(Link {
            id: t.ids[r].clone(),
            from,
            to,
            kind: LinkKind::Hvdc,
            p_max_forward_mw: p_nom * p_max_pu,
            p_max_reverse_mw: 0.0 - p_min_pu * p_nom,
            efficiency: eff,
            wheeling_cost_usd_per_mwh: cost,
            hurdle_usd_per_mwh: 0.0,
            expansion: None,
        });
    }
}

fn read_storage(dir: &Path, t: &Static, cx: &mut Ctx, net: &mut Network) {
    note_series(&STORAGE_UNIT, &["state_of_charge_set"], cx);
    let set = series(dir, &STORAGE_UNIT, "state_of_charge_set", cx);
    let cols = set.as_ref().map(|s| series_columns(s, t, &mut cx.issues)).unwrap_or_default();
    for r in t.rows() {
        let id = t.ids[r].clone();
        let region = bus_of(t, r, "bus", cx).map_or(usize::MAX, |b| b.region);
        check_sign(t, r, 1.0, cx);
        let p_nom = t.num_in(r, "p_nom", MW, MW_RULE, &mut cx.issues);
        let max_hours = t.num_in(r, "max_hours", (0.0, 1e6), "must be a number from 0 to 1e6 h", &mut cx.issues);
        let p_max_pu = t.num_in(r, "p_max_pu", (0.0, 1e3), "must be a number from 0 to 1000", &mut cx.issues);
        let p_min_pu = t.num(r, "p_min_pu", &mut cx.issues);
        if p_min_pu != -p_max_pu && !p_max_pu.is_nan() {
            let m = "charge and discharge limits must be equal (p_min_pu = -p_max_pu): nagrid's storage has one power limit";
            cx.issues.push(t.issue(r, "p_min_pu", &p_min_pu.to_string(), m));
        }
        let eff = |col: &str, cx: &mut Ctx| t.num_in(r, col, (1e-9, 1.0), "efficiency must be in (0, 1]", &mut cx.issues);
        let (eff_store, eff_dispatch) = (eff("efficiency_store", cx), eff("efficiency_dispatch", cx));
        let cost = t.num_in(r, "marginal_cost", (0.0, limits::MAX_COST_USD), "must be a number from 0 to 1e12 USD/MWh", &mut cx.issues);
        let cyclic = t.flag(r, "cyclic_state_of_charge", &mut cx.issues);
        let energy = p_nom * max_hours;
        let soc0 = t.num(r, "state_of_charge_initial", &mut cx.issues);
        if !(cyclic || (0.0..=energy).contains(&soc0)) {
            cx.issues.push(t.issue(
                r,
                "state_of_charge_initial",
                &soc0.to_string(),
                &format!("must be from 0 to p_nom × max_hours = {energy} MWh"),
            ));
        }
        let static_set = t.num(r, "state_of_charge_set", &mut cx.issues);
        if !static_set.is_nan() {
            let m = "not translated: a state of charge set in every snapshot";
            cx.notes.add("storage_units.csv", Some((t.line(r), "state_of_charge_set", &static_set.to_string())), m, Some(&id));
        }
        let soc_final = match (cols.get(&id), &set) {
            (Some(&k), Some(s)) => final_state(s, k, energy, &id, cx),
            _ => None,
        };
        if p_nom * p_max_pu == 0.0 || energy == 0.0 {
            let m = "left out: a storage unit without power or energy capacity (p_nom, p_max_pu or max_hours is 0) does nothing";
            cx.notes.add("storage_units.csv", Some((t.line(r), "p_nom", &p_nom.to_string())), m, Some(&id));
            continue;
        }
        net.storage.push(Storage {
            id,
            region,
            technology: technology(t, r, "battery", cx),
            p_max_mw: p_nom * p_max_pu,
            energy_mwh: energy,
            efficiency_charge: eff_store,
            efficiency_discharge: eff_dispatch,
            soc_initial_pu: (!cyclic).then(|| soc0 / energy),
            soc_final_pu: soc_final,
            marginal_cost_usd_per_mwh: cost,
            reserve_max_pu: 0.0,
            expansion: None,
        });
    }
}

/// The state of charge set in the last snapshot, per unit of `energy`: nagrid's
/// `soc_final_pu`. Set points in other snapshots are warnings.
fn final_state(s: &Series, k: usize, energy: f64, id: &str, cx: &mut Ctx) -> Option<f64> {
    let v = &s.values[k];
    if let Some(t) = v.iter().take(v.len().saturating_sub(1)).position(|x| !x.is_nan()) {
        let m = "not translated: states of charge set before the last snapshot (only the last one is kept)";
        cx.notes.add(&s.file, Some((s.lines[t], &s.names[k], &v[t].to_string())), m, Some(id));
    }
    let last = *v.last()?;
    if last.is_nan() {
        return None;
    }
    if !(0.0..=energy).contains(&last) || energy == 0.0 {
        cx.issues.push(Issue::at(
            &s.file,
            *s.lines.last()?,
            &s.names[k],
            last,
            format!("must be from 0 to p_nom × max_hours = {energy} MWh"),
        ));
        return None;
    }
    Some(last / energy)
}

/// nagrid's lines and links share output columns: their ids must differ.
fn distinct_branch_ids(lines: Option<&Static>, links: Option<&Static>, issues: &mut Issues) {
    let (Some(lines), Some(links)) = (lines, links) else { return };
    let line_rows: HashMap<&str, usize> = lines.rows().map(|l| (lines.ids[l].as_str(), l)).collect();
    for r in links.rows() {
        if let Some(&l) = line_rows.get(links.ids[r].as_str()) {
            let m = format!(
                "a line of lines.csv (line {}) has the same name; nagrid's lines and links share output columns: rename one",
                lines.line(l)
            );
            issues.push(links.issue(r, "name", &links.ids[r], &m));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pypsa::attrs::{BUS, CARRIER};

    #[test]
    fn every_translated_table_has_a_name_column() {
        for c in TRANSLATED {
            assert_eq!(c.all().next().map(|a| a.name), Some("name"), "{}", c.list);
        }
        assert_eq!(CARRIER.file(), "carriers.csv");
        assert_eq!(BUS.attr("carrier").map(|a| a.role), Some(Role::Used));
    }
}
