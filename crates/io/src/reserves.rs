//! `reserves.csv` and `reserve_shortage.csv`: operating-reserve requirements and
//! their shortage curves (RS1, RS3 of `docs/formulation.md`).

use crate::schema;
use crate::table::Table;
use nagrid_model::{FieldIssue, Issue, Issues, Network, Reserve, ShortageSegment};

/// Field problems found on a row (0-based), for the caller to report.
pub(crate) type RowChecks = Vec<(usize, Vec<FieldIssue>)>;

/// Read the reserve requirements; a scope is a region id or an interconnection
/// named in regions.csv (a region id wins when both match).
pub(crate) fn read_reserves(t: &Table, network: &mut Network, issues: &mut Issues) -> RowChecks {
    let mut checks = Vec::new();
    let sch = &schema::RESERVES;
    t.check_schema(sch, issues);
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let scope = t.text(r, "scope", issues).unwrap_or_default();
        let regions: Vec<usize> = match network.region_index(&scope) {
            Some(i) => vec![i],
            None => network.regions.iter().enumerate().filter(|(_, g)| g.interconnection == scope).map(|(i, _)| i).collect(),
        };
        if regions.is_empty() && !scope.is_empty() {
            issues.push(Issue::at(&t.file, t.lines[r], "scope", &scope, "neither a region id nor an interconnection of regions.csv"));
        }
        let res = Reserve {
            id,
            scope,
            regions,
            load_share: t.value(sch, r, "load_share", issues),
            contingency_mw: t.value(sch, r, "contingency_mw", issues),
            shortage: Vec::new(),
        };
        checks.push((r, res.check()));
        network.reserves.push(res);
    }
    checks
}

/// Read the shortage steps of the reserves (in file order per reserve).
pub(crate) fn read_reserve_shortage(t: &Table, network: &mut Network, issues: &mut Issues) -> RowChecks {
    let mut checks = Vec::new();
    let sch = &schema::RESERVE_SHORTAGE;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let reserve = t.text(r, "reserve", issues).and_then(|id| match network.reserves.iter().position(|x| x.id == id) {
            Some(i) => Some(i),
            None => {
                issues.push(Issue::at(&t.file, t.lines[r], "reserve", &id, "unknown reserve (not in reserves.csv)"));
                None
            }
        });
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
