//! `nagrid headroom CASE --region R`: network-aware curtailment-enabled headroom.
//! The largest constant new flexible load (GW) a region of a case can take at a
//! curtailment share with no more unserved energy and reserve shortage than without
//! it, under several network configurations: the region islanded, today's interties,
//! and today's interties plus each candidate line or link. Method and measured
//! results: docs/headroom.md, "Network-aware headroom".

pub mod report;
pub mod search;

use crate::StudyError;
use chrono::Datelike;
use nagrid_io::RunFolder;
use nagrid_model::{Case, FlexibleLoad, StudySettings};
use search::{run_limit, Probe, Search, SearchSpec, ShareOutcome};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Default bisection tolerance, MW.
pub const DEFAULT_TOLERANCE_MW: f64 = 250.0;

/// The new load's curtailment price as a fraction of the cheapest reserve-shortage
/// step it could otherwise cause (see [`curtail_price`]).
pub const CURTAIL_PRICE_FRACTION: f64 = 0.9;

/// What to compute.
#[derive(Debug, Clone)]
pub struct NetworkHeadroomOptions {
    /// Region id of the case.
    pub region: String,
    /// Curtailment shares, % of the new load's energy, each in (0, 100].
    pub shares_pct: Vec<f64>,
    /// Study only this many hours (`--hours`).
    pub hours: Option<usize>,
    /// First hour of the horizon, RFC 3339 (overrides `[horizon] start`).
    pub start: Option<String>,
    /// Candidate lines and links to try one at a time: `None` = the default rule
    /// ([`default_candidates`]); `Some(["all"])` every one; `Some([])` none.
    pub candidates: Option<Vec<String>>,
    /// Bisection tolerance, MW.
    pub tolerance_mw: f64,
    /// Curtailment price of the new load, USD/MWh (default: [`curtail_price`]).
    pub curtail_cost_usd_per_mwh: Option<f64>,
    /// EIA-930 cleaned-demand folder for the Duke-method headroom of the matching BA.
    pub eia930_dir: Option<PathBuf>,
    /// Run folder to create; default `<outputs_root>/<case>/headroom-<region>/<time>`.
    pub out: Option<PathBuf>,
    /// Parent of default run folders.
    pub outputs_root: PathBuf,
}

impl NetworkHeadroomOptions {
    /// Options for `region` and `shares_pct`, everything else by default.
    pub fn new(region: impl Into<String>, shares_pct: Vec<f64>) -> Self {
        Self {
            region: region.into(),
            shares_pct,
            hours: None,
            start: None,
            candidates: None,
            tolerance_mw: DEFAULT_TOLERANCE_MW,
            curtail_cost_usd_per_mwh: None,
            eia930_dir: None,
            out: None,
            outputs_root: PathBuf::from("outputs"),
        }
    }
}

/// A network configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigKind {
    /// Every line and link with an end in the region removed.
    Islanded,
    /// The case as it is.
    Existing,
    /// The case plus one candidate line or link at its full capacity.
    Candidate {
        /// Line or link id.
        id: String,
        /// From region id.
        from: String,
        /// To region id.
        to: String,
        /// Capacity switched on, MW (forward direction).
        capacity_mw: f64,
    },
}

/// Results of one configuration.
#[derive(Debug, Clone)]
pub struct ConfigResult {
    /// Name in the outputs: `islanded`, `existing` or `+<candidate id>`.
    pub name: String,
    /// What it is.
    pub kind: ConfigKind,
    /// The run without the new load.
    pub baseline: Probe,
    /// One result per share, in the order asked.
    pub shares: Vec<ShareOutcome>,
}

/// Everything the command computed, and where it went.
#[derive(Debug, Clone)]
pub struct NetworkHeadroomReport {
    /// Case name.
    pub case: String,
    /// Region id.
    pub region: String,
    /// Hours studied.
    pub hours: usize,
    /// First hour (UTC, RFC 3339).
    pub start_utc: String,
    /// Shares, %.
    pub shares_pct: Vec<f64>,
    /// Curtailment price of the new load, USD/MWh.
    pub curtail_cost_usd_per_mwh: f64,
    /// Capacity of generators in the regions connected to the region that cost more than
    /// that price in some month of the horizon, MW (they are not run to serve the new load).
    pub costlier_capacity_mw: f64,
    /// Bisection tolerance, MW.
    pub tolerance_mw: f64,
    /// Candidates in the case that were not studied (the selection rule left them out).
    pub candidates_left_out: Vec<String>,
    /// One per configuration.
    pub configs: Vec<ConfigResult>,
    /// The Duke-method EIA-930 headroom of the matching BA per share, GW, and where it comes from.
    pub eia930: Option<report::Eia930>,
    /// The run folder written.
    pub out: PathBuf,
    /// Wall time of everything, s.
    pub total_s: f64,
}

fn invalid(msg: String) -> StudyError {
    StudyError::Invalid(msg)
}

/// Checks the shares: each in (0, 100], none twice, at least one.
pub fn check_shares(shares_pct: &[f64]) -> Result<(), StudyError> {
    if shares_pct.is_empty() {
        return Err(invalid("no curtailment share given (--shares, e.g. 0.5,1)".into()));
    }
    for (i, s) in shares_pct.iter().enumerate() {
        if !(s.is_finite() && *s > 0.0 && *s <= 100.0) {
            return Err(invalid(format!(
                "curtailment share {s} % is outside (0, 100] (a percentage of the new load's energy, e.g. 0.5,1)"
            )));
        }
        if shares_pct[..i].contains(s) {
            return Err(invalid(format!("curtailment share {s} % is given twice")));
        }
    }
    Ok(())
}

/// Reads the case for the study: its settings with `start`, expansion off.
fn settings(dir: &Path, opts: &NetworkHeadroomOptions) -> Result<StudySettings, StudyError> {
    nagrid_io::check_case_folder(dir)?;
    nagrid_io::check_hours_override(opts.hours)?;
    let mut s = nagrid_io::read_settings(dir)?;
    if let Some(start) = &opts.start {
        let t = nagrid_model::time::parse_timestamp(start)
            .ok_or_else(|| invalid(format!("--start {start:?} is not an RFC 3339 time (e.g. 2030-07-01T00:00:00Z)")))?;
        if t.year() != s.study_year {
            return Err(invalid(format!("--start {start}: the horizon must start in the study year {}", s.study_year)));
        }
        s.horizon.start = Some(start.clone());
    }
    s.expansion.enabled = false;
    s.output.plots = false;
    Ok(s)
}

/// Region ids joined to region `r` by a line or link of `case`.
fn neighbours(case: &Case, r: usize) -> BTreeSet<usize> {
    let n = &case.network;
    let ends = n.lines.iter().map(|l| (l.from, l.to)).chain(n.links.iter().map(|l| (l.from, l.to)));
    ends.filter_map(|(a, b)| {
        if a == r {
            Some(b)
        } else if b == r {
            Some(a)
        } else {
            None
        }
    })
    .collect()
}

/// The default rule for candidates: those with an end in the region, in a region
/// joined to it by an existing line or link, or in the region's interconnection.
pub fn default_candidates(case: &Case, r: usize, ends: &[(String, usize, usize)]) -> Vec<String> {
    let near = neighbours(case, r);
    let ic = &case.network.regions[r].interconnection;
    let touches = |x: usize| x == r || near.contains(&x) || &case.network.regions[x].interconnection == ic;
    ends.iter().filter(|(_, a, b)| touches(*a) || touches(*b)).map(|(id, _, _)| id.clone()).collect()
}

/// Regions reachable from `r` through the lines and links of `case`.
fn reachable(case: &Case, r: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::from([r]);
    let mut stack = vec![r];
    while let Some(x) = stack.pop() {
        for y in neighbours(case, x) {
            if seen.insert(y) {
                stack.push(y);
            }
        }
    }
    seen
}

/// The new load's curtailment price: [`CURTAIL_PRICE_FRACTION`] × the cheapest
/// reserve-shortage step of any reserve covering a region reachable from `r` (the
/// value of lost load for reserves without steps), at most half the value of lost
/// load. Below every step, so the LP curtails the new load before it runs short of
/// reserves or sheds load anywhere it could send power. Also returns the capacity
/// of reachable generators costlier than that price in some month.
pub fn curtail_price(case: &Case, r: usize) -> (f64, f64) {
    let n = &case.network;
    let voll = case.settings.economics.value_of_lost_load_usd_per_mwh;
    let reach = reachable(case, r);
    let mut cheapest = voll;
    for res in n.reserves.iter().filter(|res| res.regions.iter().any(|x| reach.contains(x))) {
        let steps = res.shortage.iter().map(|s| s.price_usd_per_mwh).fold(voll, f64::min);
        cheapest = cheapest.min(steps);
    }
    let price = (CURTAIL_PRICE_FRACTION * cheapest).min(0.5 * voll);
    (price, costlier_capacity(case, &reach, price))
}

/// Capacity of the generators of `regions` whose cost exceeds `price` in some month of the horizon, MW.
fn costlier_capacity(case: &Case, regions: &BTreeSet<usize>, price: f64) -> f64 {
    let months = case.year_months();
    let n = &case.network;
    (0..n.generators.len())
        .filter(|&g| regions.contains(&n.generators[g].region))
        .filter(|&g| months.iter().any(|&(y, m)| case.gen_cost_in(g, y, m) > price))
        .map(|g| n.generators[g].p_max_mw)
        .sum::<f64>()
        + 0.0
}

/// The case with the candidate `id` of `all` (the case with every candidate) added at
/// its full capacity: its own capacity plus its largest expansion.
fn with_candidate(base: &Case, all: &Case, id: &str) -> (Case, ConfigKind) {
    let mut c = base.clone();
    let rid = |i: usize| all.network.regions[i].id.clone();
    let kind = if let Some(l) = all.network.lines.iter().find(|l| l.id == id) {
        let mut l = l.clone();
        let add = l.expansion.take().map_or(0.0, |e| e.max_added_mw);
        l.s_max_mw += add;
        l.s_max_reverse_mw += add;
        let k = ConfigKind::Candidate { id: id.into(), from: rid(l.from), to: rid(l.to), capacity_mw: l.s_max_mw };
        c.network.lines.push(l);
        k
    } else {
        let l = all.network.links.iter().find(|l| l.id == id).expect("candidate ids come from the case's lines and links");
        let mut l = l.clone();
        let add = l.expansion.take().map_or(0.0, |e| e.max_added_mw);
        l.p_max_forward_mw += add;
        l.p_max_reverse_mw += add;
        let k = ConfigKind::Candidate { id: id.into(), from: rid(l.from), to: rid(l.to), capacity_mw: l.p_max_forward_mw };
        c.network.links.push(l);
        k
    };
    (c, kind)
}

/// The case with every line and link with an end in region `r` removed.
fn islanded(base: &Case, r: usize) -> Case {
    let mut c = base.clone();
    c.network.lines.retain(|l| l.from != r && l.to != r);
    c.network.links.retain(|l| l.from != r && l.to != r);
    c
}

/// Candidate ids with their from and to regions.
type Ends = Vec<(String, usize, usize)>;

/// Candidate lines and links of the case folder (those `["all"]` adds to the case as
/// it is), with their ends, and the case with all of them.
fn candidates_of(dir: &Path, settings: &StudySettings, base: &Case, hours: Option<usize>) -> Result<(Ends, Case), StudyError> {
    let mut s = settings.clone();
    s.network.candidates = vec!["all".into()];
    let (all, _) = crate::load_case_as(dir, hours, s)?;
    let have: BTreeSet<&str> =
        base.network.lines.iter().map(|l| l.id.as_str()).chain(base.network.links.iter().map(|l| l.id.as_str())).collect();
    let lines = all.network.lines.iter().map(|l| (&l.id, l.from, l.to));
    let ends = lines.chain(all.network.links.iter().map(|l| (&l.id, l.from, l.to)));
    let cands = ends.filter(|(id, _, _)| !have.contains(id.as_str())).map(|(id, a, b)| (id.clone(), a, b)).collect();
    Ok((cands, all))
}

/// The candidates to study: `asked` (ids, `all`, or none) or the default rule.
fn select_candidates(case: &Case, r: usize, ends: &[(String, usize, usize)], asked: Option<&[String]>) -> Result<Vec<String>, StudyError> {
    let valid = || {
        let v: Vec<&str> = ends.iter().map(|e| e.0.as_str()).collect();
        if v.is_empty() {
            "the case has no candidate lines or links".to_string()
        } else {
            format!("candidates of the case: {}", v.join(", "))
        }
    };
    match asked {
        None => Ok(default_candidates(case, r, ends)),
        Some(a) if a.iter().any(|x| x == "all") => Ok(ends.iter().map(|e| e.0.clone()).collect()),
        Some(a) => {
            for id in a.iter().filter(|x| *x != "none") {
                if !ends.iter().any(|e| &e.0 == id) {
                    return Err(invalid(format!("--candidates: {id:?} is not a candidate line or link of the case ({})", valid())));
                }
            }
            Ok(a.iter().filter(|x| *x != "none").cloned().collect())
        }
    }
}

/// The region's index, or an error listing the valid ids.
fn region_index(case: &Case, id: &str) -> Result<usize, StudyError> {
    case.network.region_index(id).ok_or_else(|| {
        let ids: Vec<&str> = case.network.regions.iter().map(|r| r.id.as_str()).collect();
        invalid(format!("unknown region {id:?} in case {} (valid: {})", case.name, ids.join(", ")))
    })
}

/// Highest hourly load of region `r`, its flexible loads included, MW.
fn peak_mw(case: &Case, r: usize) -> f64 {
    let flex: Vec<usize> = (0..case.network.flexible_loads.len()).filter(|&f| case.network.flexible_loads[f].region == r).collect();
    (0..case.axis.hours).map(|t| case.load_mw[r][t] + flex.iter().map(|&f| case.flex_load_mw[f][t]).sum::<f64>()).fold(0.0, f64::max)
}

/// The open-bracket probes of a configuration per share of `shares_pct`
/// ([`SearchSpec::ladder_mw`]): the region's peak `peak_mw`; for a candidate, when the
/// existing network's bracket [lo, hi] at that share is closed, first `hi` (a candidate
/// adds capacity, so the existing network's first infeasible load is the likeliest
/// bracket end) and then `hi` plus the candidate's capacity (about the most a tie of
/// that size can add), then doublings.
fn ladder(kind: &ConfigKind, existing: Option<&ConfigResult>, shares_pct: &[f64], peak_mw: f64) -> Vec<Vec<f64>> {
    let seeded = |s: f64| -> Option<Vec<f64>> {
        let (ConfigKind::Candidate { capacity_mw, .. }, Some(e)) = (kind, existing) else { return None };
        let hi = e.shares.iter().find(|o| o.share_pct == s)?.hi_mw?;
        Some(vec![hi, hi + capacity_mw.max(0.0)])
    };
    shares_pct.iter().map(|&s| seeded(s).unwrap_or_else(|| vec![peak_mw])).collect()
}

/// Run the network-aware headroom of `opts.region` in the case folder `dir`.
/// `progress` receives one line per run (configuration, share, bracket, run k of at most m).
pub fn network_headroom(
    dir: &Path,
    opts: &NetworkHeadroomOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<NetworkHeadroomReport, StudyError> {
    let t0 = Instant::now();
    check_shares(&opts.shares_pct)?;
    if !(opts.tolerance_mw.is_finite() && opts.tolerance_mw > 0.0) {
        return Err(invalid(format!("tolerance {} MW must be a positive number", opts.tolerance_mw)));
    }
    if let Some(out) = &opts.out {
        RunFolder::check(out)?;
    }
    let settings = settings(dir, opts)?;
    progress(&format!("reading {}", dir.display()));
    let (base, _) = crate::load_case_as(dir, opts.hours, settings.clone())?;
    let r = region_index(&base, &opts.region)?;
    let voll = base.settings.economics.value_of_lost_load_usd_per_mwh;
    if let Some(c) = opts.curtail_cost_usd_per_mwh {
        if !(c.is_finite() && c > 0.0 && c < voll) {
            return Err(invalid(format!(
                "curtailment cost {c} USD/MWh must be positive and below the value of lost load ({voll} USD/MWh)"
            )));
        }
    }
    let wants_candidates = opts.candidates.as_ref().is_none_or(|c| c.iter().any(|x| x != "none"));
    let (ends, all) = if wants_candidates { candidates_of(dir, &settings, &base, opts.hours)? } else { (Vec::new(), base.clone()) };
    let studied = select_candidates(&base, r, &ends, opts.candidates.as_deref())?;
    let left_out: Vec<String> = ends.iter().map(|e| e.0.clone()).filter(|id| !studied.contains(id)).collect();
    let folder = crate::create_run_folder(opts.out.as_deref(), &opts.outputs_root.join(&base.name), &format!("headroom-{}", opts.region))?;

    // One price for every configuration: the largest network (every studied candidate on) decides it.
    let mut widest = base.clone();
    for id in &studied {
        widest = with_candidate(&widest, &all, id).0;
    }
    let (auto_price, _) = curtail_price(&widest, r);
    let price = opts.curtail_cost_usd_per_mwh.unwrap_or(auto_price);
    let costlier = costlier_capacity(&widest, &reachable(&widest, r), price);
    drop(widest);
    let first_mw = match peak_mw(&base, r) {
        p if p > 0.0 => p,
        _ => 1000.0,
    };
    let max_runs = run_limit(first_mw, opts.tolerance_mw, opts.shares_pct.len());
    progress(&format!(
        "{}: region {}, {} hours from {}, new load curtailable at {price:.1} USD/MWh, first probe {:.3} GW, tolerance {:.3} GW; configurations: islanded, existing{}",
        base.name,
        opts.region,
        base.axis.hours,
        base.axis.timestamp(0).to_rfc3339(),
        first_mw / 1e3,
        opts.tolerance_mw / 1e3,
        studied.iter().map(|c| format!(", +{c}")).collect::<String>()
    ));

    let mut configs = Vec::new();
    let mut plan: Vec<(String, ConfigKind)> = vec![("islanded".into(), ConfigKind::Islanded), ("existing".into(), ConfigKind::Existing)];
    plan.extend(studied.iter().map(|id| (format!("+{id}"), ConfigKind::Existing)));
    for (name, kind) in plan {
        let (mut case, kind) = match (&kind, name.strip_prefix('+')) {
            (_, Some(id)) => with_candidate(&base, &all, id),
            (ConfigKind::Islanded, _) => (islanded(&base, r), kind),
            _ => (base.clone(), kind),
        };
        let flex = case.network.flexible_loads.len();
        case.network.flexible_loads.push(FlexibleLoad::new(format!("{}_headroom_new_load", opts.region), r, price, 1.0));
        case.flex_load_mw.push(vec![0.0; case.axis.hours]);
        let ladder_mw = ladder(&kind, configs.iter().find(|c: &&ConfigResult| c.kind == ConfigKind::Existing), &opts.shares_pct, first_mw);
        let max_runs = max_runs + ladder_mw.iter().map(|l| l.len().saturating_sub(1)).sum::<usize>();
        let spec = SearchSpec { name: &name, flex, shares_pct: &opts.shares_pct, tol_mw: opts.tolerance_mw, ladder_mw, max_runs };
        let (baseline, shares) = Search::new(case, spec, progress).run()?;
        for s in &shares {
            progress(&format!("[{name}] share {} %: headroom {:.3} GW ({} runs, {:.0} s)", s.share_pct, s.lo_mw / 1e3, s.runs, s.seconds));
        }
        configs.push(ConfigResult { name, kind, baseline, shares });
    }
    let eia930 = report::eia930(&opts.region, opts.eia930_dir.as_deref(), &opts.shares_pct);
    let mut rep = NetworkHeadroomReport {
        case: base.name.clone(),
        region: opts.region.clone(),
        hours: base.axis.hours,
        start_utc: base.axis.timestamp(0).to_rfc3339(),
        shares_pct: opts.shares_pct.clone(),
        curtail_cost_usd_per_mwh: price,
        costlier_capacity_mw: costlier,
        tolerance_mw: opts.tolerance_mw,
        candidates_left_out: left_out,
        configs,
        eia930,
        out: PathBuf::new(),
        total_s: 0.0,
    };
    rep.total_s = t0.elapsed().as_secs_f64();
    report::write(&folder, &rep)?;
    rep.out = folder.commit()?;
    Ok(rep)
}
