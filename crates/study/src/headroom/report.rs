//! Outputs of the network-aware headroom: `headroom_network.csv`, `headroom_network.md`
//! and `headroom_network.json`, with the EIA-930 (Duke-method) headroom of the
//! balancing authority that matches the region beside it.

use super::search::ShareOutcome;
use super::{ConfigKind, NetworkHeadroomReport};
use crate::StudyError;
use nagrid_io::RunFolder;
use nagrid_load::headroom::area_by_id;
use nagrid_load::headroom::assess::{assess_area, share_label};
use std::fmt::Write as _;
use std::path::Path;

/// Regions of the default case and the EIA-930 balancing authority (id of
/// `nagrid headroom --data`) each corresponds to; `true` when only approximately.
pub const BA_OF_REGION: [(&str, &str, bool); 5] = [
    ("us_pjm", "PJM", false),
    ("us_ercot", "ERCO", false),
    ("us_nyiso", "NYIS", false),
    ("us_isone", "ISNE", false),
    ("us_cal", "CISO", true),
];

/// The Duke-method headroom of the BA matching a region.
#[derive(Debug, Clone)]
pub struct Eia930 {
    /// BA id.
    pub ba: &'static str,
    /// The region covers more or less than the BA.
    pub approximate: bool,
    /// Headroom per share (in the order asked), GW; `None` where not available.
    pub headroom_gw: Vec<Option<f64>>,
    /// Where the values come from.
    pub source: String,
}

/// The EIA-930 headroom of the BA matching `region`: computed from `data_dir` when it
/// holds the BA's files, else Duke's published values (0.25, 0.5 and 1 % only).
pub fn eia930(region: &str, data_dir: Option<&Path>, shares_pct: &[f64]) -> Option<Eia930> {
    let &(_, ba, approximate) = BA_OF_REGION.iter().find(|(r, _, _)| *r == region)?;
    let area = area_by_id(ba).ok()?;
    if let Some(d) = data_dir {
        if let Ok(res) = assess_area(d, area, shares_pct) {
            let (y0, y1) = res.years();
            return Some(Eia930 {
                ba,
                approximate,
                headroom_gw: shares_pct.iter().map(|s| res.headroom_gw(*s)).collect(),
                source: format!("EIA-930 cleaned demand {y0}-{y1} in {}, Duke's method (`nagrid headroom --data`)", d.display()),
            });
        }
    }
    let duke = area.duke?;
    Some(Eia930 {
        ba,
        approximate,
        headroom_gw: shares_pct.iter().map(|s| duke.at(*s)).collect(),
        source: "Duke's published per-BA values (2016-2024; no EIA-930 folder given)".into(),
    })
}

fn gw(v: f64) -> String {
    if v.is_finite() {
        format!("{:.3}", v / 1e3)
    } else {
        String::new()
    }
}

/// The headroom of the `existing` configuration at share index `i`, MW.
fn existing_mw(rep: &NetworkHeadroomReport, i: usize) -> Option<f64> {
    rep.configs.iter().find(|c| c.kind == ConfigKind::Existing).map(|c| c.shares[i].lo_mw)
}

/// The headroom as text: `≥ x` when no infeasible load was found.
fn headroom_text(s: &ShareOutcome) -> String {
    match (s.hi_mw, s.unconverged) {
        (None, _) => format!("≥ {:.2}", s.lo_mw / 1e3),
        (Some(_), true) => format!("{:.2} (unconverged)", s.lo_mw / 1e3),
        _ => format!("{:.2}", s.lo_mw / 1e3),
    }
}

/// Write the run folder's tables.
pub fn write(folder: &RunFolder, rep: &NetworkHeadroomReport) -> Result<(), StudyError> {
    let header = [
        "configuration",
        "share_pct",
        "headroom_gw",
        "bracket_low_gw",
        "bracket_high_gw",
        "runs",
        "binding",
        "curtailed_pct_at_headroom",
        "added_over_existing_gw",
        "baseline_unserved_mwh",
        "baseline_reserve_shortage_mwh",
        "wall_s",
        "eia930_ba",
        "eia930_headroom_gw",
    ];
    let mut rows = Vec::new();
    for c in &rep.configs {
        for (i, s) in c.shares.iter().enumerate() {
            let added = match (&c.kind, existing_mw(rep, i)) {
                (ConfigKind::Candidate { .. }, Some(e)) => gw(s.lo_mw - e),
                _ => String::new(),
            };
            let eia = rep.eia930.as_ref();
            rows.push(vec![
                c.name.clone(),
                share_label(s.share_pct),
                gw(s.lo_mw),
                gw(s.lo_mw),
                s.hi_mw.map(gw).unwrap_or_default(),
                s.runs.to_string(),
                s.binding.map(|b| b.name().to_string()).unwrap_or_else(|| "open".into()),
                format!("{:.4}", s.curtailed_pct_at_lo),
                added,
                format!("{:.1}", c.baseline.unserved_mwh),
                format!("{:.1}", c.baseline.shortage_mwh),
                format!("{:.1}", s.seconds),
                eia.map(|e| e.ba.to_string()).unwrap_or_default(),
                eia.and_then(|e| e.headroom_gw[i]).map(|v| format!("{v:.2}")).unwrap_or_default(),
            ]);
        }
    }
    folder.write_csv("headroom_network.csv", &header, rows)?;
    folder.write_text("headroom_network.md", &markdown(rep))?;
    Ok(())
}

/// `headroom_network.md`: the table a planner reads, then how it was computed.
pub fn markdown(rep: &NetworkHeadroomReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Network-aware headroom: {} in {}\n", rep.region, rep.case);
    let _ = writeln!(
        s,
        "Largest constant new flexible load (GW) in `{}` that the {}-hour horizon from {} serves with no more unserved \
         energy and reserve shortage than without it (each within {} MWh), when at most the share of its energy is curtailed. \
         Bisection over full dispatch runs to {:.3} GW; the value shown is the largest load found feasible.\n",
        rep.region,
        rep.hours,
        rep.start_utc,
        super::search::ENERGY_TOL_MWH,
        rep.tolerance_mw / 1e3
    );
    let mut head = String::from("| configuration |");
    let mut rule = String::from("|---|");
    for sh in &rep.shares_pct {
        let _ = write!(head, " {} % | Δ existing |", share_label(*sh));
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(s, "{head}\n{rule}");
    for c in &rep.configs {
        let mut line = format!("| {} |", c.name);
        for (i, sh) in c.shares.iter().enumerate() {
            let delta = match (&c.kind, existing_mw(rep, i)) {
                (ConfigKind::Candidate { .. }, Some(e)) => format!("{:+.2}", (sh.lo_mw - e) / 1e3),
                (ConfigKind::Islanded, Some(e)) => format!("{:+.2}", (sh.lo_mw - e) / 1e3),
                _ => String::new(),
            };
            let _ = write!(line, " {} | {delta} |", headroom_text(sh));
        }
        let _ = writeln!(s, "{line}");
    }
    if let Some(e) = &rep.eia930 {
        let mut line = format!("| EIA-930 {} (Duke method){} |", e.ba, if e.approximate { ", approximate match" } else { "" });
        for v in &e.headroom_gw {
            let _ = write!(line, " {} | |", v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into()));
        }
        let _ = writeln!(s, "{line}\n\nEIA-930 row: {}.", e.source);
    }
    let _ = writeln!(s, "\n## Runs\n");
    let _ = writeln!(
        s,
        "| configuration | share % | headroom GW | bracket GW | binding | curtailed % at headroom | runs | wall s | baseline unserved MWh | baseline reserve shortage MWh |"
    );
    let _ = writeln!(s, "|---|---:|---:|---|---|---:|---:|---:|---:|---:|");
    for c in &rep.configs {
        for sh in &c.shares {
            let _ = writeln!(
                s,
                "| {} | {} | {} | [{:.3}, {}] | {} | {:.3} | {} | {:.0} | {:.1} | {:.1} |",
                c.name,
                share_label(sh.share_pct),
                headroom_text(sh),
                sh.lo_mw / 1e3,
                sh.hi_mw.map(|h| format!("{:.3}", h / 1e3)).unwrap_or_else(|| "open".into()),
                sh.binding.map(|b| b.name()).unwrap_or("—"),
                sh.curtailed_pct_at_lo,
                sh.runs,
                sh.seconds,
                c.baseline.unserved_mwh,
                c.baseline.shortage_mwh
            );
        }
    }
    let _ = writeln!(s, "\n## Configurations and settings\n");
    let _ = writeln!(s, "- `islanded`: every line and link with an end in `{}` removed.", rep.region);
    let _ = writeln!(s, "- `existing`: the case as it is (its own `[network] candidates`).");
    for c in &rep.configs {
        if let ConfigKind::Candidate { id, from, to, capacity_mw } = &c.kind {
            let _ = writeln!(s, "- `+{id}`: existing plus candidate `{id}` ({from} – {to}) at {capacity_mw:.0} MW (its capacity plus its largest expansion).");
        }
    }
    if !rep.candidates_left_out.is_empty() {
        let _ = writeln!(
            s,
            "- Candidates not studied (no end in the region, a neighbour of it or its interconnection): {}.",
            rep.candidates_left_out.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "- The new load may be curtailed in any hour at {:.1} USD/MWh (below every reserve-shortage step and the value of lost \
         load reachable from the region); {:.1} GW of generators reachable from the region cost more than that in some month \
         and are not run for it. The share is checked on the whole horizon after each run.",
        rep.curtail_cost_usd_per_mwh,
        rep.costlier_capacity_mw / 1e3
    );
    let _ = writeln!(s, "- Wall time of everything: {:.0} s.", rep.total_s);
    s
}
