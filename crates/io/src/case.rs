//! Reading a case folder: `study.toml`, static tables and hourly series.
//!
//! The format is documented in `docs/case-format.md`.

use crate::costs;
use crate::overrides::CellEdit;
use crate::schema;
use crate::series::{self, read_series};
use crate::table::{self, Table};
use crate::IoError;
// `study.toml` and the time axis live in settings.rs.
pub use crate::settings::axis_of;
use crate::settings::settings;
use nagrid_model::{
    limits, Case, Country, FieldIssue, Generator, IdleCandidate, Issue, Issues, Line, Link, LinkKind, LoadOrigin, Network, Region, Storage,
    StudySettings,
};
use std::path::{Path, PathBuf};

/// The files a case was read from (relative names), for provenance.
#[derive(Debug, Clone, Default)]
pub struct CaseFiles(pub Vec<PathBuf>);

/// Read and validate `dir/study.toml`.
pub fn read_settings(dir: &Path) -> Result<StudySettings, IoError> {
    let mut issues = Issues::default();
    let s = settings(dir, &mut issues);
    match s {
        Some(s) if issues.is_empty() => Ok(s),
        _ => Err(IoError::Input(issues)),
    }
}

/// Read `study.toml` and the static tables (everything but the hourly series).
fn read_static(dir: &Path, issues: &mut Issues, files: &mut Vec<PathBuf>, edits: &[CellEdit]) -> (Option<StudySettings>, Network) {
    let (s, n, _) = read_static_with(dir, issues, files, None, edits);
    (s, n)
}

/// Like [`read_static`], with `override_settings` used instead of `study.toml`; also
/// returns the availability-series columns to ignore (ids and profiles of the
/// generators out of service, Y1).
fn read_static_with(
    dir: &Path,
    issues: &mut Issues,
    files: &mut Vec<PathBuf>,
    override_settings: Option<StudySettings>,
    edits: &[CellEdit],
) -> (Option<StudySettings>, Network, Vec<String>) {
    let settings = match override_settings {
        Some(s) => Some(s),
        None => settings(dir, issues),
    };
    files.push(PathBuf::from("study.toml"));
    let mut network = Network::default();
    // (table, [(line, column, override)]) of the fields set by overrides.
    let mut edited: Vec<crate::overrides::EditedTable> = Vec::new();
    let mut open = |file: &str, issues: &mut Issues| {
        let mut t = Table::read(dir, file, issues);
        if let Some(t) = &mut t {
            files.push(file.into());
            crate::overrides::edit_table(t, edits, issues);
            let fields = edits.iter().filter(|e| e.file == file).filter_map(|e| {
                let r = (0..t.len()).find(|&r| t.raw(r, "id") == Some(e.id.as_str()))?;
                Some((t.lines[r], e.column.clone(), e.from.clone()))
            });
            edited.push((file.to_string(), fields.collect()));
        }
        t
    };
    match open("regions.csv", issues) {
        Some(t) => read_regions(&t, &mut network, issues),
        None if table::is_missing(dir, "regions.csv") => {
            issues.push(Issue::file("regions.csv", "missing: every case needs a regions table"))
        }
        None => {}
    }
    let regions = table::region_index(&network);
    // (Y1) Components out of service in the study year are left out.
    let year = settings.as_ref().map(|s| s.study_year);
    let fuels = match open("fuels.csv", issues) {
        Some(t) => costs::read_fuels(&t, &mut network, issues),
        None => table::IdIndex::new(),
    };
    let multipliers = settings.as_ref().map(|s| s.economics.fuel_price_multiplier.clone()).unwrap_or_default();
    for fuel in multipliers.keys().filter(|k| *k != "all" && !fuels.contains_key(*k)) {
        let column = format!("economics.fuel_price_multiplier.{fuel}");
        issues.push(Issue {
            file: "study.toml".into(),
            row: None,
            column: Some(column),
            value: Some(fuel.clone()),
            message: "not a fuel of fuels.csv (nor all)".into(),
        });
    }
    if let Some(t) = open("fuel_prices.csv", issues) {
        costs::read_fuel_prices(&t, &fuels, &regions, &multipliers, &mut network, issues);
    }
    if let Some(t) = open("carbon_prices.csv", issues) {
        costs::read_carbon_prices(&t, &regions, &mut network, issues);
    }
    if let Some(t) = open("availability.csv", issues) {
        costs::read_availability(&t, &regions, &mut network, issues);
    }
    let mut ignored_series = Vec::new();
    // Candidate components switched on in study.toml.
    let enabled: Vec<String> = settings.as_ref().map(|s| s.network.candidates.clone()).unwrap_or_default();
    let mut candidates: Vec<String> = Vec::new();
    let on = Candidates { enabled: &enabled };
    let expandable_generators = match open("generators.csv", issues) {
        Some(t) => read_generators(&t, &regions, &fuels, year, (&on, &mut candidates), &mut ignored_series, &mut network, issues),
        None => {
            if table::is_missing(dir, "generators.csv") {
                issues.push(Issue::file("generators.csv", "missing: every case needs a generators table"));
            }
            Vec::new()
        }
    };
    if let Some(t) = open("storage.csv", issues) {
        read_storage(&t, &regions, year, (&on, &mut candidates), &mut network, issues);
    }
    // Line and link ids name the columns of the same output files.
    let mut branch_ids = BranchIds::default();
    if let Some(t) = open("lines.csv", issues) {
        read_lines(&t, &regions, &enabled, &mut candidates, &mut branch_ids, year, &mut network, issues);
    }
    if let Some(t) = open("links.csv", issues) {
        read_links(&t, &regions, &enabled, &mut candidates, &mut branch_ids, year, &mut network, issues);
    }
    branch_ids.check_generators(&expandable_generators, issues);
    for c in &enabled {
        if c != "all" && !candidates.contains(c) {
            issues.push(Issue {
                file: "study.toml".into(),
                row: None,
                column: Some("network.candidates".into()),
                value: Some(c.clone()),
                message: "not a candidate (status = candidate in lines.csv, links.csv, generators.csv or storage.csv)".into(),
            });
        }
    }
    if let Some(t) = open("flexible_loads.csv", issues) {
        read_flexible_loads(&t, &regions, &mut network, issues);
    }
    if let Some(t) = open("hydro_budgets.csv", issues) {
        let start = settings.as_ref().map(|s| axis_of(s, None).start);
        read_hydro_budgets(&t, start, &mut network, issues);
    }
    if let Some(t) = open("reserves.csv", issues) {
        for (r, found) in crate::reserves::read_reserves(&t, &mut network, issues) {
            push_checks(&t, r, found, issues);
        }
    }
    if let Some(t) = open("reserve_requirements.csv", issues) {
        for (r, found) in crate::reserves::read_reserve_requirements(&t, &mut network, issues) {
            push_checks(&t, r, found, issues);
        }
    }
    if let Some(t) = open("reserve_shortage.csv", issues) {
        for (r, found) in crate::reserves::read_reserve_shortage(&t, &mut network, issues) {
            push_checks(&t, r, found, issues);
        }
    }
    crate::overrides::missing_tables(files, edits, issues);
    crate::overrides::annotate(issues, &edited);
    (settings, network, ignored_series)
}

fn read_regions(t: &Table, network: &mut Network, issues: &mut Issues) {
    let sch = &schema::REGIONS;
    t.check_schema(sch, issues);
    let ids = t.ids("id", issues);
    for (r, id) in ids.into_iter().enumerate() {
        let country = t.parsed::<Country>(r, "country", issues);
        let interconnection = t.text(r, "interconnection", issues).unwrap_or_default();
        let tz_s = t.text(r, "time_zone", issues);
        let tz = tz_s.as_deref().and_then(|s| match s.parse::<chrono_tz::Tz>() {
            Ok(z) => Some(z),
            Err(_) => {
                issues.push(Issue::at("regions.csv", t.lines[r], "time_zone", s, "not an IANA time zone (e.g. America/Toronto)"));
                None
            }
        });
        let lat = t.value(sch, r, "lat_deg", issues);
        let lon = t.value(sch, r, "lon_deg", issues);
        if !(-90.0..=90.0).contains(&lat) {
            push_checks(t, r, vec![FieldIssue::new("lat_deg", lat, "latitude must be in [-90, 90]")], issues);
        }
        if !(-180.0..=180.0).contains(&lon) {
            push_checks(t, r, vec![FieldIssue::new("lon_deg", lon, "longitude must be in [-180, 180]")], issues);
        }
        network.regions.push(Region {
            name: t.opt_text(r, "name").unwrap_or_else(|| id.clone()),
            id,
            country: country.unwrap_or(Country::US),
            interconnection,
            time_zone: tz.unwrap_or(chrono_tz::UTC),
            lat_deg: lat,
            lon_deg: lon,
        });
    }
    if t.is_empty() && t.headers.iter().any(|h| h == "id") {
        issues.push(Issue::file(&t.file, "no regions: the table has a header but no rows; add one row per region"));
    }
}

/// A region column of row `r`; `usize::MAX` marks a missing or unknown region, already reported.
fn region_of(t: &Table, r: usize, col: &str, regions: &table::IdIndex, issues: &mut Issues) -> usize {
    t.region(r, col, regions, issues).unwrap_or(usize::MAX)
}

/// Read the generators in service in `year` (Y1); returns the ids and lines of the
/// expandable ones, and adds the ids and profiles of those out of service to `ignored_series`.
#[allow(clippy::too_many_arguments)]
fn read_generators(
    t: &Table,
    regions: &table::IdIndex,
    fuels: &table::IdIndex,
    year: Option<i32>,
    (on, candidates): (&Candidates, &mut Vec<String>),
    ignored_series: &mut Vec<String>,
    network: &mut Network,
    issues: &mut Issues,
) -> Vec<(String, usize)> {
    let mut expandable = Vec::new();
    let sch = &schema::GENERATORS;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let (fuel, marginal_cost_usd_per_mwh, co2_t_per_mwh) = costs::generator_costs(t, r, fuels, network, issues);
        let profile = costs::profile(t, r, issues);
        let keep = status_keeps(t, r, &id, on.enabled, candidates, issues);
        let in_service = costs::row_in_service(t, r, year, issues);
        if !in_service || !keep {
            // A candidate left off is not in the case; its series columns are ignored too.
            ignored_series.push(id.clone());
            ignored_series.extend(profile);
            if !in_service {
                network.out_of_service.generators.push(id);
            }
            continue;
        }
        let g = Generator {
            id,
            region: region_of(t, r, "region", regions, issues),
            technology: label(t, r, "technology", issues).unwrap_or_default(),
            p_max_mw: t.value(sch, r, "p_max_mw", issues),
            p_min_mw: t.value(sch, r, "p_min_mw", issues),
            marginal_cost_usd_per_mwh,
            fuel,
            profile,
            co2_t_per_mwh,
            cost_quadratic_usd_per_mw2h: 0.0,
            cost_constant_usd_per_h: 0.0,
            ramp_up_pu_per_h: t.opt_number(r, "ramp_up_pu_per_h", issues),
            ramp_down_pu_per_h: t.opt_number(r, "ramp_down_pu_per_h", issues),
            reserve_max_pu: t.value(sch, r, "reserve_max_pu", issues),
            expansion: expansion_of(t, r, issues),
        };
        push_checks(t, r, g.check(), issues);
        if g.expansion.is_some() {
            expandable.push((g.id.clone(), t.lines[r]));
        }
        network.generators.push(g);
    }
    if t.is_empty() && t.headers.iter().any(|h| h == "id") {
        issues.push(Issue::file(
            &t.file,
            "no generators: the case cannot serve its load (the table has a header but no rows); add at least one generator",
        ));
    }
    expandable
}

fn read_storage(
    t: &Table,
    regions: &table::IdIndex,
    year: Option<i32>,
    (on, candidates): (&Candidates, &mut Vec<String>),
    network: &mut Network,
    issues: &mut Issues,
) {
    let sch = &schema::STORAGE;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let keep = status_keeps(t, r, &id, on.enabled, candidates, issues);
        if !costs::row_in_service(t, r, year, issues) {
            network.out_of_service.storage.push(id);
            continue;
        }
        let s = Storage {
            id,
            region: region_of(t, r, "region", regions, issues),
            technology: if t.opt_text(r, "technology").is_some() {
                label(t, r, "technology", issues).unwrap_or_default()
            } else {
                t.text_or_default(sch, r, "technology").unwrap_or_default()
            },
            p_max_mw: t.value(sch, r, "p_max_mw", issues),
            energy_mwh: t.value(sch, r, "energy_mwh", issues),
            efficiency_charge: t.value(sch, r, "efficiency_charge", issues),
            efficiency_discharge: t.value(sch, r, "efficiency_discharge", issues),
            soc_initial_pu: t.opt_number(r, "soc_initial_pu", issues),
            soc_final_pu: t.opt_number(r, "soc_final_pu", issues),
            marginal_cost_usd_per_mwh: t.value(sch, r, "marginal_cost_usd_per_mwh", issues),
            reserve_max_pu: t.value(sch, r, "reserve_max_pu", issues),
            expansion: storage_expansion_of(t, r, issues),
        };
        push_checks(t, r, s.check(), issues);
        if keep {
            network.storage.push(s);
        }
    }
}

/// Ids of lines and links: they share output columns (`interconnectors-*.csv`,
/// `upgrades-congested.csv` with expandable generators), so they must differ.
#[derive(Default)]
struct BranchIds(std::collections::HashMap<String, (String, usize)>);

impl BranchIds {
    fn add(&mut self, t: &Table, r: usize, id: &str, issues: &mut Issues) {
        if id.is_empty() {
            return;
        }
        match self.0.get(id) {
            Some((file, line)) if *file != t.file => issues.push(Issue::at(
                &t.file,
                t.lines[r],
                "id",
                id,
                format!("id already used by {file} line {line}; lines and links share output columns, so their ids must differ"),
            )),
            Some(_) => {} // a duplicate in the same file, reported by Table::ids
            None => {
                self.0.insert(id.to_string(), (t.file.clone(), t.lines[r]));
            }
        }
    }

    /// Expandable generators (id, line) share `upgrades-congested.csv` with lines and links.
    fn check_generators(&self, expandable: &[(String, usize)], issues: &mut Issues) {
        for (id, row) in expandable {
            if let Some((file, line)) = self.0.get(id) {
                issues.push(Issue::at(
                    "generators.csv",
                    *row,
                    "id",
                    id,
                    format!("id already used by {file} line {line}; expandable generators share output columns with lines and links"),
                ));
            }
        }
    }
}

/// A line or link must join two different regions (`usize::MAX`: an unknown
/// region, already reported).
fn distinct_ends(t: &Table, r: usize, from: usize, to: usize, what: &str, issues: &mut Issues) {
    if from == to && from != usize::MAX {
        let value = t.raw(r, "to_region").unwrap_or("");
        issues.push(Issue::at(&t.file, t.lines[r], "to_region", value, format!("a {what} must join two different regions")));
    }
}

#[allow(clippy::too_many_arguments)]
fn read_lines(
    t: &Table,
    regions: &table::IdIndex,
    enabled: &[String],
    candidates: &mut Vec<String>,
    branch_ids: &mut BranchIds,
    year: Option<i32>,
    network: &mut Network,
    issues: &mut Issues,
) {
    let sch = &schema::LINES;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        branch_ids.add(t, r, &id, issues);
        let keep = status_keeps(t, r, &id, enabled, candidates, issues);
        let s_max = t.value(sch, r, "s_max_mw", issues);
        let l = Line {
            id,
            from: region_of(t, r, "from_region", regions, issues),
            to: region_of(t, r, "to_region", regions, issues),
            s_max_mw: s_max,
            s_max_reverse_mw: t.number(r, "s_max_reverse_mw", Some(s_max), issues),
            hurdle_usd_per_mwh: t.value(sch, r, "hurdle_usd_per_mwh", issues),
            x_pu: t.value(sch, r, "x_pu", issues),
            tap_ratio: t.value(sch, r, "tap_ratio", issues),
            phase_shift_deg: t.value(sch, r, "phase_shift_deg", issues),
            angle_min_deg: None,
            angle_max_deg: None,
            expansion: expansion_of(t, r, issues),
        };
        push_checks(t, r, l.check(), issues);
        distinct_ends(t, r, l.from, l.to, "line", issues);
        if l.from != usize::MAX && l.to != usize::MAX {
            let (a, b) = (&network.regions[l.from], &network.regions[l.to]);
            if a.interconnection != b.interconnection {
                issues.push(Issue::at(&t.file, t.lines[r], "to_region", &b.id, format!(
                    "an AC line cannot join different synchronous interconnections ({} and {}); model it in links.csv as back_to_back or hvdc",
                    a.interconnection, b.interconnection)));
            }
        }
        if !costs::row_in_service(t, r, year, issues) {
            network.out_of_service.lines.push(l.id);
        } else if keep {
            network.lines.push(l);
        } else if candidates.last() == Some(&l.id) {
            network.idle_candidates.push(IdleCandidate { id: l.id, is_link: false, from: l.from, to: l.to });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_links(
    t: &Table,
    regions: &table::IdIndex,
    enabled: &[String],
    candidates: &mut Vec<String>,
    branch_ids: &mut BranchIds,
    year: Option<i32>,
    network: &mut Network,
    issues: &mut Issues,
) {
    let sch = &schema::LINKS;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        branch_ids.add(t, r, &id, issues);
        let keep = status_keeps(t, r, &id, enabled, candidates, issues);
        let kind = match t.opt_text(r, "kind") {
            None => LinkKind::Hvdc,
            Some(_) => t.parsed::<LinkKind>(r, "kind", issues).unwrap_or(LinkKind::Hvdc),
        };
        let fwd = t.value(sch, r, "p_max_forward_mw", issues);
        let l = Link {
            id,
            from: region_of(t, r, "from_region", regions, issues),
            to: region_of(t, r, "to_region", regions, issues),
            kind,
            p_max_forward_mw: fwd,
            p_max_reverse_mw: t.number(r, "p_max_reverse_mw", Some(fwd), issues),
            efficiency: t.value(sch, r, "efficiency", issues),
            wheeling_cost_usd_per_mwh: t.value(sch, r, "wheeling_cost_usd_per_mwh", issues),
            hurdle_usd_per_mwh: t.value(sch, r, "hurdle_usd_per_mwh", issues),
            expansion: expansion_of(t, r, issues),
        };
        push_checks(t, r, l.check(), issues);
        distinct_ends(t, r, l.from, l.to, "link", issues);
        if !costs::row_in_service(t, r, year, issues) {
            network.out_of_service.links.push(l.id);
        } else if keep {
            network.links.push(l);
        } else if candidates.last() == Some(&l.id) {
            network.idle_candidates.push(IdleCandidate { id: l.id, is_link: true, from: l.from, to: l.to });
        }
    }
}

fn read_flexible_loads(t: &Table, regions: &table::IdIndex, network: &mut Network, issues: &mut Issues) {
    let sch = &schema::FLEXIBLE_LOADS;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let f = nagrid_model::FlexibleLoad {
            id,
            region: region_of(t, r, "region", regions, issues),
            curtail_cost_usd_per_mwh: t.value(sch, r, "curtail_cost_usd_per_mwh", issues),
            max_curtail_share: t.value(sch, r, "max_curtail_share", issues),
        };
        push_checks(t, r, f.check(), issues);
        network.flexible_loads.push(f);
    }
}

/// Monthly energy budgets. A row with a `year` applies only when its month falls in
/// that year in the horizon starting at `start` (the first occurrence of the month
/// from the start), in place of the row without year; rows of generators out of
/// service (Y1) are ignored.
fn read_hydro_budgets(t: &Table, start: Option<chrono::DateTime<chrono::Utc>>, network: &mut Network, issues: &mut Issues) {
    use chrono::Datelike;
    let sch = &schema::HYDRO_BUDGETS;
    t.check_schema(sch, issues);
    let gens: table::IdIndex = network.generators.iter().enumerate().map(|(i, g)| (g.id.clone(), i)).collect();
    let dropped: std::collections::HashSet<&str> = network.out_of_service.generators.iter().map(|s| s.as_str()).collect();
    // Applicable rows in file order; a year-specific one replaces the general one.
    let mut chosen: Vec<((usize, u32), f64, bool)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in 0..t.len() {
        let gen = t.text(r, "generator", issues).and_then(|id| match gens.get(&id) {
            Some(&g) => Some(g),
            None if dropped.contains(id.as_str()) => None,
            None => {
                issues.push(Issue::at(&t.file, t.lines[r], "generator", &id, "unknown generator (not in generators.csv)"));
                None
            }
        });
        let month = t.value(sch, r, "month", issues);
        let ok_month = month.fract() == 0.0 && (1.0..=12.0).contains(&month);
        if !ok_month && !month.is_nan() {
            issues.push(Issue::at(&t.file, t.lines[r], "month", month, "month must be an integer from 1 to 12"));
        }
        let year = costs::opt_year(t, r, "year", issues);
        let e = t.value(sch, r, "energy_mwh", issues);
        if !(e.is_nan() || limits::within(e, limits::MAX_MW) && e >= 0.0) {
            push_checks(t, r, vec![FieldIssue::new("energy_mwh", e, format!("must be a number from 0 to {:e}", limits::MAX_MW))], issues);
        }
        if let (Some(g), true, Ok(year)) = (gen, ok_month, year) {
            let m = month as u32;
            if !seen.insert((g, m, year)) {
                issues.push(Issue::at(&t.file, t.lines[r], "month", month, "a second budget for the same generator, month and year"));
            }
            let applies = match (year, start) {
                (None, _) => true,
                (Some(y), Some(s)) => y == if m >= s.month() { s.year() } else { s.year() + 1 },
                (Some(_), None) => false,
            };
            if applies {
                match chosen.iter_mut().find(|c| c.0 == (g, m)) {
                    None => chosen.push(((g, m), e, year.is_some())),
                    Some(c) if year.is_some() || !c.2 => *c = ((g, m), e, year.is_some()),
                    Some(_) => {}
                }
            }
        }
    }
    for ((g, m), e, _) in chosen {
        network.hydro_budgets.push(nagrid_model::HydroBudget { generator: g, month: m, energy_mwh: e });
    }
}

/// Read `study.toml` and the static tables of a case folder, without its hourly
/// series (for tools that create the series).
pub fn read_network(dir: &Path) -> Result<(StudySettings, Network, CaseFiles), IoError> {
    read_network_edited(dir, None, &[])
}

/// [`read_network`] with `settings` in place of `study.toml` (when given) and the
/// table values of `edits` set.
pub fn read_network_edited(
    dir: &Path,
    settings: Option<StudySettings>,
    edits: &[CellEdit],
) -> Result<(StudySettings, Network, CaseFiles), IoError> {
    crate::settings::check_case_folder(dir)?;
    let mut issues = Issues::default();
    let mut files = Vec::new();
    let (settings, network) = match settings {
        None => read_static(dir, &mut issues, &mut files, edits),
        Some(s) => {
            let (s, n, _) = read_static_with(dir, &mut issues, &mut files, Some(s), edits);
            (s, n)
        }
    };
    match settings {
        Some(s) if issues.is_empty() => Ok((s, network, CaseFiles(files))),
        _ => Err(IoError::Input(issues)),
    }
}

/// Hourly load given by the caller instead of `series/loads-p_mw.csv` (the study
/// pipeline's load forecast), on the case's time axis.
#[derive(Debug, Clone, Default)]
pub struct ProvidedLoads {
    /// Load per region id, MW.
    pub load_mw: std::collections::HashMap<String, Vec<f64>>,
    /// Flexible loads to add, with their hourly demand.
    pub flexible: Vec<(nagrid_model::FlexibleLoad, Vec<f64>)>,
    /// Data-center demand per region id, MW, included in `load_mw` and `flexible`
    /// (becomes [`Case::datacenter_mw`]; empty when unknown).
    pub datacenter_mw: std::collections::HashMap<String, Vec<f64>>,
    /// Where the loads come from (run.json `load.origin`).
    pub origin: String,
    /// What the synthesis could not meet (run.json `load.notes`, printed as warnings).
    pub notes: Vec<String>,
    /// Availability per generator or profile column, in place of the same column of
    /// `series/generators-p_max_pu.csv` (weather years regenerate wind and solar).
    pub p_max_pu: std::collections::HashMap<String, Vec<f64>>,
}

/// Read a whole case folder. `hours` overrides the horizon length from `study.toml`.
///
/// Returns every problem found (all files, all rows) in one [`IoError::Input`].
pub fn read_case(dir: &Path, hours: Option<usize>) -> Result<(Case, CaseFiles), IoError> {
    read_case_with(dir, hours, None)
}

/// Read a case folder, taking hourly load from `provided` when given.
pub fn read_case_with(dir: &Path, hours: Option<usize>, provided: Option<ProvidedLoads>) -> Result<(Case, CaseFiles), IoError> {
    read_case_full(dir, hours, provided, None)
}

/// Read a case folder with `settings` in place of its `study.toml` (variants of a
/// study), taking hourly load from `provided` when given.
pub fn read_case_full(
    dir: &Path,
    hours: Option<usize>,
    provided: Option<ProvidedLoads>,
    settings: Option<StudySettings>,
) -> Result<(Case, CaseFiles), IoError> {
    read_case_edited(dir, hours, provided, settings, &[])
}

/// [`read_case_full`] with the table values of `edits` set (overrides).
pub fn read_case_edited(
    dir: &Path,
    hours: Option<usize>,
    provided: Option<ProvidedLoads>,
    settings: Option<StudySettings>,
    edits: &[CellEdit],
) -> Result<(Case, CaseFiles), IoError> {
    crate::settings::check_case_folder(dir)?;
    crate::settings::check_hours_override(hours)?;
    let mut issues = Issues::default();
    let mut files = Vec::new();
    let (settings, mut network, ignored_series) = read_static_with(dir, &mut issues, &mut files, settings, edits);

    // Series.
    // Without valid settings the horizon is unknown: check series rows, not coverage.
    let coverage = settings.is_some();
    let study = settings.unwrap_or_else(|| StudySettings::for_year(2030));
    let axis = axis_of(&study, hours);
    let mut study = study;
    if hours.is_some() {
        // Record what was studied: run.json shows the resolved settings.
        study.horizon.hours = Some(axis.hours);
    }
    let region_ids: Vec<String> = network.regions.iter().map(|r| r.id.clone()).collect();
    let gen_ids: Vec<String> = network.generators.iter().map(|g| g.id.clone()).collect();
    let loads_file = "series/loads-p_mw.csv";
    let mut loads = if let Some(p) = &provided {
        p.load_mw.clone()
    } else {
        if !dir.join(loads_file).exists() {
            issues.push(Issue::file(loads_file, "missing: hourly load per region (one column per region id)"));
        } else {
            files.push(loads_file.into());
        }
        read_series(dir, loads_file, &region_ids, "region", &axis, series::non_negative, coverage, true, &mut issues)
    };
    let load_origin = provided.as_ref().map(|p| LoadOrigin { origin: p.origin.clone(), notes: p.notes.clone() });
    let (provided_flexible, mut datacenter, provided_avail) =
        provided.map(|p| (p.flexible, p.datacenter_mw, p.p_max_pu)).unwrap_or_default();
    let avail_file = "series/generators-p_max_pu.csv";
    if dir.join(avail_file).exists() {
        files.push(avail_file.into());
    }
    // Columns: generator ids, shared profiles, and those of generators out of service (ignored).
    let mut avail_cols = gen_ids.clone();
    for c in network.generators.iter().filter_map(|g| g.profile.clone()).chain(ignored_series) {
        if !avail_cols.contains(&c) {
            avail_cols.push(c);
        }
    }
    let mut avail =
        read_series(dir, avail_file, &avail_cols, "generator or profile", &axis, series::per_unit, coverage, false, &mut issues);
    avail.extend(provided_avail.into_iter().filter(|(_, v)| v.len() == axis.hours));
    let flex_ids: Vec<String> = network.flexible_loads.iter().map(|f| f.id.clone()).collect();
    let flex_file = "series/flexible_loads-p_mw.csv";
    if !flex_ids.is_empty() {
        if dir.join(flex_file).exists() {
            files.push(flex_file.into());
        } else {
            issues.push(Issue::file(flex_file, "missing: flexible_loads.csv lists flexible loads but their hourly demand is not given"));
        }
    }
    let mut flex = read_series(dir, flex_file, &flex_ids, "flexible load", &axis, series::non_negative, coverage, true, &mut issues);
    let mut provided_flex = Vec::new();
    for (f, series) in provided_flexible {
        network.flexible_loads.push(f);
        provided_flex.push(series);
    }

    if !issues.is_empty() {
        return Err(IoError::Input(issues));
    }
    let load_mw = region_ids.iter().map(|id| loads.remove(id).unwrap_or_else(|| vec![0.0; axis.hours])).collect();
    let gen_p_max_pu =
        network.generators.iter().map(|g| avail.get(&g.id).or_else(|| g.profile.as_ref().and_then(|p| avail.get(p))).cloned()).collect();
    let mut flex_load_mw: Vec<Vec<f64>> = flex_ids.iter().map(|id| flex.remove(id).unwrap_or_else(|| vec![0.0; axis.hours])).collect();
    flex_load_mw.extend(provided_flex);
    let name = study.name.clone().unwrap_or_else(|| {
        dir.canonicalize().ok().and_then(|p| p.file_name().map(|s| s.to_string_lossy().into_owned())).unwrap_or_else(|| "case".into())
    });
    let datacenter_mw = if datacenter.is_empty() {
        Vec::new()
    } else {
        region_ids.iter().map(|id| datacenter.remove(id).unwrap_or_else(|| vec![0.0; axis.hours])).collect()
    };
    let case = Case { name, settings: study, network, axis, load_mw, gen_p_max_pu, flex_load_mw, datacenter_mw, load_origin };
    // (C1) Every fueled generator needs a price in every month of the horizon.
    case.validate_fuel_prices(&mut issues);
    if !issues.is_empty() {
        return Err(IoError::Input(issues));
    }
    Ok((case, CaseFiles(files)))
}

/// A case folder must be a folder whose entries can be read.
/// A required label (a technology) that names keys of summary.json and columns of
/// charts: the same rules as ids.
fn label(t: &Table, r: usize, col: &str, issues: &mut Issues) -> Option<String> {
    let s = t.text(r, col, issues)?;
    if let Some(m) = table::id_problem(&s) {
        issues.push(Issue::at(&t.file, t.lines[r], col, &s, m.replace("an id", "a label")));
        return None;
    }
    Some(s)
}

fn push_checks(t: &Table, r: usize, found: Vec<nagrid_model::FieldIssue>, issues: &mut Issues) {
    for mut f in found {
        // A NaN from an unparseable or missing field was already reported.
        let raw = t.raw(r, &f.column).filter(|s| !s.is_empty() && s.parse::<f64>().is_ok());
        if raw.is_some() || f.value != "NaN" {
            // Show the value as written (1e300, not its 301 digits).
            if let Some(s) = raw {
                f.value = s.to_string();
            }
            issues.push(Issue::from_field(&t.file, t.lines[r], f));
        }
    }
}

/// Read the `status` column of a row: `existing` (default) is kept,
/// `candidate` only when switched on in `[network] candidates`.
fn status_keeps(t: &Table, r: usize, id: &str, enabled: &[String], candidates: &mut Vec<String>, issues: &mut Issues) -> bool {
    match t.opt_text(r, "status").as_deref() {
        None | Some("existing") => true,
        Some("candidate") => {
            candidates.push(id.to_string());
            enabled.iter().any(|e| e == id || e == "all")
        }
        Some(other) => {
            issues.push(Issue::at(&t.file, t.lines[r], "status", other, "expected existing or candidate"));
            false
        }
    }
}

/// The candidates `[network] candidates` switches on (`all`: every one).
struct Candidates<'a> {
    enabled: &'a [String],
}

/// Whether an `expandable` column says true (an unreadable value is reported).
fn expandable(t: &Table, r: usize, issues: &mut Issues) -> bool {
    match t.opt_text(r, "expandable").as_deref() {
        None | Some("false") | Some("no") | Some("0") => false,
        Some("true") | Some("yes") | Some("1") => true,
        Some(other) => {
            issues.push(Issue::at(&t.file, t.lines[r], "expandable", other, "expected true or false"));
            false
        }
    }
}

/// The optional expansion columns of a storage row (E4).
fn storage_expansion_of(t: &Table, r: usize, issues: &mut Issues) -> Option<nagrid_model::StorageExpansion> {
    if !expandable(t, r, issues) {
        return None;
    }
    let sch = &schema::STORAGE;
    Some(nagrid_model::StorageExpansion {
        max_added_power_mw: t.value(sch, r, "max_added_power_mw", issues),
        power_cost_usd_per_mw: t.value(sch, r, "power_cost_usd_per_mw", issues),
        max_added_energy_mwh: t.value(sch, r, "max_added_energy_mwh", issues),
        energy_cost_usd_per_mwh: t.value(sch, r, "energy_cost_usd_per_mwh", issues),
        lifetime_years: t.value(sch, r, "lifetime_years", issues),
        discount_rate: t.value(sch, r, "discount_rate", issues),
        fixed_om_pct_per_year: t.value(sch, r, "fixed_om_pct_per_year", issues),
    })
}

/// The optional expansion columns of a line, link or generator row.
fn expansion_of(t: &Table, r: usize, issues: &mut Issues) -> Option<nagrid_model::Expansion> {
    if !expandable(t, r, issues) {
        return None;
    }
    let sch = &schema::EXPANSION;
    let e = nagrid_model::Expansion {
        max_added_mw: t.value(sch, r, "max_added_mw", issues),
        capital_cost_usd_per_mw: t.value(sch, r, "capital_cost_usd_per_mw", issues),
        lifetime_years: t.value(sch, r, "lifetime_years", issues),
        discount_rate: t.value(sch, r, "discount_rate", issues),
        fixed_om_pct_per_year: t.value(sch, r, "fixed_om_pct_per_year", issues),
        build_unit_mw: t.opt_number(r, "build_unit_mw", issues),
    };
    for col in sch.columns().filter(|c| c.need == schema::Need::IfExpandable).map(|c| c.name) {
        if t.raw(r, col).is_none() {
            issues.push(Issue::at(&t.file, t.lines[r], col, "", format!("an expandable asset needs '{col}' (add the column)")));
        }
    }
    push_checks(t, r, e.check(), issues);
    Some(e)
}
