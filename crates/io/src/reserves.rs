//! `reserves.csv`, `reserve_requirements.csv` and `reserve_shortage.csv`:
//! operating-reserve requirements, their fixed parts by year and month, and their
//! shortage curves (RS1, RS3 of `docs/formulation.md`).

use crate::schema;
use crate::table::Table;
use nagrid_model::{FieldIssue, Issue, Issues, Network, Reserve, ReservePeriod, ShortageSegment};

/// Field problems found on a row (0-based), for the caller to report.
pub(crate) type RowChecks = Vec<(usize, Vec<FieldIssue>)>;

/// Read the reserve requirements; a scope is a region id, an interconnection
/// named in regions.csv (a region id wins when both match), or region ids joined
/// by `+` (a reserve zone of several regions, e.g. an ISO modelled as two regions).
pub(crate) fn read_reserves(t: &Table, network: &mut Network, issues: &mut Issues) -> RowChecks {
    let mut checks = Vec::new();
    let sch = &schema::RESERVES;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let scope = t.text(r, "scope", issues).unwrap_or_default();
        let regions = match scope_regions(network, &scope) {
            Ok(v) => v,
            Err(msg) => {
                issues.push(Issue::at(&t.file, t.lines[r], "scope", &scope, &msg));
                Vec::new()
            }
        };
        let res = Reserve {
            id,
            scope,
            regions,
            load_share: t.value(sch, r, "load_share", issues),
            contingency_mw: t.value(sch, r, "contingency_mw", issues),
            shortage: Vec::new(),
            periods: Vec::new(),
        };
        checks.push((r, res.check()));
        network.reserves.push(res);
    }
    checks
}

/// The regions of a reserve scope: one region id, an interconnection, or region
/// ids joined by `+` (each a region id, each once). An empty scope has none.
fn scope_regions(network: &Network, scope: &str) -> Result<Vec<usize>, String> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(i) = network.region_index(scope) {
        return Ok(vec![i]);
    }
    if !scope.contains('+') {
        let v: Vec<usize> = network.regions.iter().enumerate().filter(|(_, g)| g.interconnection == scope).map(|(i, _)| i).collect();
        return if v.is_empty() {
            Err("neither a region id nor an interconnection of regions.csv (or region ids joined by +)".into())
        } else {
            Ok(v)
        };
    }
    let mut out = Vec::new();
    for part in scope.split('+').map(str::trim) {
        match network.region_index(part) {
            Some(i) if out.contains(&i) => return Err(format!("region '{part}' is listed twice")),
            Some(i) => out.push(i),
            None => return Err(format!("'{part}' is not a region id of regions.csv (a scope joins region ids with +)")),
        }
    }
    Ok(out)
}

/// The reserve named in column `reserve` of row `r` (`None`, reported, when unknown).
fn reserve_of(t: &Table, r: usize, network: &Network, issues: &mut Issues) -> Option<usize> {
    let id = t.text(r, "reserve", issues)?;
    let found = network.reserves.iter().position(|x| x.id == id);
    if found.is_none() {
        issues.push(Issue::at(&t.file, t.lines[r], "reserve", &id, "unknown reserve (not in reserves.csv)"));
    }
    found
}

/// Read the fixed parts of the reserves for some years and/or months (RS1).
pub(crate) fn read_reserve_requirements(t: &Table, network: &mut Network, issues: &mut Issues) -> RowChecks {
    let mut checks = Vec::new();
    let sch = &schema::RESERVE_REQUIREMENTS;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let reserve = reserve_of(t, r, network, issues);
        let year = crate::costs::opt_year(t, r, "year", issues);
        let month = crate::costs::opt_month(t, r, issues);
        let period = ReservePeriod {
            year: year.unwrap_or(None),
            month: month.unwrap_or(None),
            contingency_mw: t.value(sch, r, "contingency_mw", issues),
        };
        checks.push((r, period.check()));
        let (Some(i), Ok(y), Ok(m)) = (reserve, year, month) else { continue };
        if y.is_none() && m.is_none() {
            issues.push(t.issue(
                r,
                "year",
                "give a year, a month or both (the fixed part for every hour is reserves.csv's contingency_mw)".to_string(),
            ));
        } else if network.reserves[i].periods.iter().any(|p| p.year == y && p.month == m) {
            issues.push(t.issue(r, "month", format!("reserve '{}' already has a row for this year and month", network.reserves[i].id)));
        } else {
            network.reserves[i].periods.push(period);
        }
    }
    checks
}

/// Read the shortage steps of the reserves (in file order per reserve).
pub(crate) fn read_reserve_shortage(t: &Table, network: &mut Network, issues: &mut Issues) -> RowChecks {
    let mut checks = Vec::new();
    let sch = &schema::RESERVE_SHORTAGE;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let reserve = reserve_of(t, r, network, issues);
        let seg = ShortageSegment {
            share: t.value(sch, r, "segment_share", issues),
            price_usd_per_mwh: t.value(sch, r, "price_usd_per_mwh", issues),
        };
        checks.push((r, seg.check()));
        if let Some(i) = reserve {
            network.reserves[i].shortage.push(seg);
        }
    }
    checks
}
