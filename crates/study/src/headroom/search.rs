//! The search of one network configuration: full dispatch runs of the case with a
//! constant new flexible load of L MW in the region, a safeguarded bisection on L,
//! and the feasibility criterion (docs/headroom.md, "Network-aware headroom").
//!
//! The new load may be curtailed in any hour (its `max_curtail_share` is 1) at a
//! price below every reserve-shortage step and the value of lost load, so the LP
//! curtails it before it sheds load or runs short of reserves; whether the curtailed
//! energy stays within a share of its energy is checked after the run, over the whole
//! horizon. One run therefore decides every share at once.

use crate::StudyError;
use nagrid_model::Case;
use nagrid_opf::{dispatch_with_progress, DispatchOptions, SolveStatus};
use std::time::Instant;

/// Energy tolerance of the criterion: unserved energy and reserve shortage may exceed
/// the baseline's by this much, MWh.
pub const ENERGY_TOL_MWH: f64 = 1.0;

/// Relative tolerance of the share check (the LP's accuracy; the share is exact).
pub const SHARE_RTOL: f64 = 1e-6;

/// Curtailment (MW) below this counts as none when reading the deliverable capacity.
const CURTAIL_EPS_MW: f64 = 1e-3;

/// Doublings of the first probe tried while it is still feasible before the bracket
/// is reported open.
pub const MAX_DOUBLINGS: usize = 4;

/// One full dispatch run at a new load of `l_mw`.
#[derive(Debug, Clone)]
pub struct Probe {
    /// New load, MW (0: the baseline).
    pub l_mw: f64,
    /// Curtailment of the new load per hour, MW.
    pub curtailed_mw: Vec<f64>,
    /// Curtailed energy of the new load, MWh.
    pub curtailed_mwh: f64,
    /// Unserved energy over all regions, MWh.
    pub unserved_mwh: f64,
    /// Reserve shortage over all reserves, MWh.
    pub shortage_mwh: f64,
    /// Wall time of the run, s.
    pub seconds: f64,
}

impl Probe {
    /// Curtailed share of the new load's energy, %.
    pub fn curtailed_pct(&self) -> f64 {
        if self.l_mw > 0.0 {
            100.0 * self.curtailed_mwh / (self.l_mw * self.curtailed_mw.len().max(1) as f64)
        } else {
            0.0
        }
    }
}

/// Why a probe is infeasible (the first criterion it fails), or `None` when feasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// More unserved energy than the baseline.
    Unserved,
    /// More reserve shortage than the baseline.
    Reserves,
    /// The curtailed energy exceeds the share.
    Share,
}

impl Binding {
    /// Name in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            Binding::Unserved => "unserved energy",
            Binding::Reserves => "reserve shortage",
            Binding::Share => "curtailment share",
        }
    }
}

/// Curtailment allowed at `share_pct` for the new load of probe `p`, MWh.
fn allowance(p: &Probe, share_pct: f64) -> f64 {
    share_pct / 100.0 * p.l_mw * p.curtailed_mw.len() as f64
}

/// The feasibility criterion of a probe at curtailment share `share_pct` against the
/// baseline (the same configuration without the new load).
pub fn infeasible(p: &Probe, base: &Probe, share_pct: f64) -> Option<Binding> {
    if p.unserved_mwh > base.unserved_mwh + ENERGY_TOL_MWH {
        Some(Binding::Unserved)
    } else if p.shortage_mwh > base.shortage_mwh + ENERGY_TOL_MWH {
        Some(Binding::Reserves)
    } else if p.curtailed_mwh > allowance(p, share_pct) * (1.0 + SHARE_RTOL) {
        Some(Binding::Share)
    } else {
        None
    }
}

/// A change in MWh as printed to 0.1 MWh: the LP's round-off (|x| < 0.05) is shown
/// as +0.0, not −0.0.
pub fn shown_change(x: f64) -> f64 {
    if x.abs() < 0.05 {
        0.0
    } else {
        x
    }
}

/// Result of one share in one configuration.
#[derive(Debug, Clone)]
pub struct ShareOutcome {
    /// Curtailment share, %.
    pub share_pct: f64,
    /// Largest new load found feasible, MW (the headroom).
    pub lo_mw: f64,
    /// Smallest new load found infeasible, MW (`None`: none was, up to the last doubling).
    pub hi_mw: Option<f64>,
    /// What the `hi_mw` probe failed.
    pub binding: Option<Binding>,
    /// Curtailed share of the new load's energy at `lo_mw`, %.
    pub curtailed_pct_at_lo: f64,
    /// Runs of the configuration (baseline included) when this share was decided.
    pub runs: usize,
    /// Wall time of the configuration when this share was decided, s.
    pub seconds: f64,
    /// The bracket is wider than the tolerance (the run limit was reached).
    pub unconverged: bool,
}

/// What the search of one configuration needs besides its case.
pub struct SearchSpec<'a> {
    /// Configuration name (for progress lines).
    pub name: &'a str,
    /// Index of the new flexible load in the case.
    pub flex: usize,
    /// Shares, % (any order).
    pub shares_pct: &'a [f64],
    /// Bisection tolerance: stop when the bracket is at most this wide, MW.
    pub tol_mw: f64,
    /// Per share (in the order of `shares_pct`), probes to try in order while its
    /// bracket is open, before doubling, MW: the region's peak load, or for a candidate
    /// the existing network's upper bracket end at that share and that plus the
    /// candidate's capacity (entries at or below a feasible load are skipped).
    pub ladder_mw: Vec<Vec<f64>>,
    /// Largest number of runs (baseline included).
    pub max_runs: usize,
}

/// The largest number of runs the search of `shares` shares may need (a generous cap):
/// the baseline, the doublings, and per share three times the halvings from the first
/// probe's doublings down to `tol_mw` (every other probe after a slow one is a midpoint,
/// geometric while the ends are far apart) and two closing probes.
pub fn run_limit(first_mw: f64, tol_mw: f64, shares: usize) -> usize {
    let halvings = (first_mw * (1 << MAX_DOUBLINGS) as f64 / tol_mw).log2().ceil().max(1.0) as usize;
    1 + MAX_DOUBLINGS + shares * (3 * halvings + 2)
}

/// The searcher: the case with the new load, its runs so far, and a progress sink.
pub struct Search<'a> {
    case: Case,
    spec: SearchSpec<'a>,
    progress: &'a (dyn Fn(&str) + Sync),
    probes: Vec<Probe>,
    t0: Instant,
}

impl<'a> Search<'a> {
    /// A search over `case` (which holds the new flexible load `spec.flex`).
    pub fn new(case: Case, spec: SearchSpec<'a>, progress: &'a (dyn Fn(&str) + Sync)) -> Self {
        Self { case, spec, progress, probes: Vec::new(), t0: Instant::now() }
    }

    /// Run the case at new load `l_mw`.
    fn probe(&mut self, l_mw: f64, what: &str) -> Result<usize, StudyError> {
        let t = Instant::now();
        let hours = self.case.axis.hours;
        self.case.flex_load_mw[self.spec.flex] = vec![l_mw; hours];
        let k = self.probes.len() + 1;
        (self.progress)(&format!("[{}] {what}: run {k} (at most {}) at {:.3} GW", self.spec.name, self.spec.max_runs, l_mw / 1e3));
        let out = dispatch_with_progress(&self.case, &DispatchOptions::from_settings(&self.case.settings), &|_, _| {})?;
        let Some(sol) = out.solution else {
            return Err(StudyError::NotSolved(match out.status {
                SolveStatus::Optimal => "optimal without a solution".into(),
                s => format!("{s} (configuration {}, new load {:.3} GW)", self.spec.name, l_mw / 1e3),
            }));
        };
        let curtailed_mw = sol.flex_curtailed_mw[self.spec.flex].clone();
        let p = Probe {
            l_mw,
            curtailed_mwh: curtailed_mw.iter().sum(),
            curtailed_mw,
            // (+ 0.0: an empty float sum is −0.0.)
            unserved_mwh: sol.unserved_mw.iter().flatten().sum::<f64>() + 0.0,
            shortage_mwh: sol.reserve_shortage_mw.iter().flatten().sum::<f64>() + 0.0,
            seconds: t.elapsed().as_secs_f64(),
        };
        self.probes.push(p);
        Ok(self.probes.len() - 1)
    }

    /// Baseline, then every share in ascending order; every run informs every share.
    pub fn run(mut self) -> Result<(Probe, Vec<ShareOutcome>), StudyError> {
        self.probe(0.0, "baseline (no new load)")?;
        let base = self.probes[0].clone();
        (self.progress)(&format!(
            "[{}] baseline: {:.1} MWh unserved, {:.1} MWh reserve shortage ({:.1} s)",
            self.spec.name, base.unserved_mwh, base.shortage_mwh, base.seconds
        ));
        let mut order: Vec<f64> = self.spec.shares_pct.to_vec();
        order.sort_by(f64::total_cmp);
        let mut out = Vec::new();
        for &s in &order {
            out.push(self.share(&base, s)?);
        }
        out.sort_by(|a, b| {
            let pos = |x: f64| self.spec.shares_pct.iter().position(|s| *s == x);
            pos(a.share_pct).cmp(&pos(b.share_pct))
        });
        Ok((base, out))
    }

    /// Largest feasible and smallest infeasible probe for share `s`.
    fn bracket(&self, base: &Probe, s: f64) -> (usize, Option<usize>) {
        let mut lo = 0;
        let mut hi: Option<usize> = None;
        for (i, p) in self.probes.iter().enumerate() {
            match infeasible(p, base, s) {
                None if p.l_mw > self.probes[lo].l_mw => lo = i,
                Some(_) if hi.is_none_or(|h| p.l_mw < self.probes[h].l_mw) => hi = Some(i),
                _ => {}
            }
        }
        (lo, hi)
    }

    fn share(&mut self, base: &Probe, s: f64) -> Result<ShareOutcome, StudyError> {
        let tol = self.spec.tol_mw;
        let mut slow = 0usize;
        let mut doublings = 0usize;
        let ladder: Vec<f64> =
            self.spec.shares_pct.iter().position(|&x| x == s).and_then(|i| self.spec.ladder_mw.get(i)).cloned().unwrap_or_default();
        let mut rung = 0usize;
        loop {
            let (lo, hi) = self.bracket(base, s);
            let lo_mw = self.probes[lo].l_mw;
            let done = match hi {
                Some(h) => self.probes[h].l_mw - lo_mw <= tol,
                None => doublings >= MAX_DOUBLINGS,
            };
            if done || self.probes.len() >= self.spec.max_runs {
                let hi_mw = hi.map(|h| self.probes[h].l_mw);
                return Ok(ShareOutcome {
                    share_pct: s,
                    lo_mw,
                    hi_mw,
                    binding: hi.and_then(|h| infeasible(&self.probes[h], base, s)),
                    curtailed_pct_at_lo: self.probes[lo].curtailed_pct(),
                    runs: self.probes.len(),
                    seconds: self.t0.elapsed().as_secs_f64(),
                    unconverged: !done,
                });
            }
            let (p, what) = match hi {
                None => {
                    while ladder.get(rung).is_some_and(|&x| x <= lo_mw) {
                        rung += 1;
                    }
                    let p = match ladder.get(rung) {
                        Some(&x) => {
                            rung += 1;
                            x
                        }
                        None if lo_mw > 0.0 => {
                            doublings += 1;
                            2.0 * lo_mw
                        }
                        None => 1000.0,
                    };
                    (p, format!("share {s} %: bracket [{:.3} GW, open)", lo_mw / 1e3))
                }
                Some(h) => {
                    let hi_mw = self.probes[h].l_mw;
                    let w = hi_mw - lo_mw;
                    let estimate = self.estimate(base, lo, h, s);
                    // Far apart, halve in log space: the scale of the answer is unknown.
                    let mid = if lo_mw > 0.0 && hi_mw > 4.0 * lo_mw { (lo_mw * hi_mw).sqrt() } else { 0.5 * (lo_mw + hi_mw) };
                    let p = match estimate {
                        // Estimates read from a far infeasible probe run low (storage, budgets and
                        // neighbours serve a huge new load less well per MW): aim 10 % above them
                        // to close the bracket from above, then at the estimate.
                        Some(e) if w > 2.0 * tol && slow < 1 => {
                            let aim = if lo_mw > 0.0 && hi_mw > 1.5 * e.max(lo_mw) { 1.1 * e.max(lo_mw) } else { e - 0.5 * tol };
                            aim.clamp(lo_mw + tol, hi_mw - tol)
                        }
                        _ => mid,
                    };
                    (p, format!("share {s} %: bracket [{:.3}, {:.3}] GW", lo_mw / 1e3, hi_mw / 1e3))
                }
            };
            let w_before = hi.map(|h| self.probes[h].l_mw - lo_mw);
            let i = self.probe(p, &what)?;
            let q = &self.probes[i];
            let verdict = match infeasible(q, base, s) {
                None => "feasible".to_string(),
                Some(b) => format!("infeasible ({})", b.name()),
            };
            (self.progress)(&format!(
                "[{}]   {verdict}: curtailed {:.3} % of the new load's energy, unserved {:+.1} MWh, reserve shortage {:+.1} MWh ({:.1} s)",
                self.spec.name,
                q.curtailed_pct(),
                shown_change(q.unserved_mwh - base.unserved_mwh),
                shown_change(q.shortage_mwh - base.shortage_mwh),
                q.seconds
            ));
            if let Some(w0) = w_before {
                let (lo2, hi2) = self.bracket(base, s);
                let w1 = hi2.map_or(w0, |h| self.probes[h].l_mw) - self.probes[lo2].l_mw;
                slow = if w1 > 0.5 * w0 { slow + 1 } else { 0 };
            }
        }
    }

    /// The headroom at share `s` if the hourly capacity the system can deliver to the
    /// new load did not depend on the load: read from the bracket's two probes, `L − c_t`
    /// in the hours the feasible probe `lo` curtails, else from the infeasible probe `hi`
    /// (`L − c_t` where it curtails, at least `L` elsewhere), then Duke's exact solution on
    /// those slacks. `None` when `hi` shed load or ran short of reserves (its
    /// curtailment then says nothing about capacity).
    fn estimate(&self, base: &Probe, lo: usize, hi: usize, s: f64) -> Option<f64> {
        let (a, b) = (&self.probes[lo], &self.probes[hi]);
        if matches!(infeasible(b, base, s), Some(Binding::Unserved) | Some(Binding::Reserves)) {
            return None;
        }
        let mut slack: Vec<f64> = (0..b.curtailed_mw.len())
            .map(|t| match (a.curtailed_mw[t], b.curtailed_mw[t]) {
                (ca, _) if a.l_mw > 0.0 && ca > CURTAIL_EPS_MW => a.l_mw - ca,
                (_, cb) if cb > CURTAIL_EPS_MW => (b.l_mw - cb).max(a.l_mw),
                _ => b.l_mw,
            })
            .collect();
        slack.sort_by(f64::total_cmp);
        let e = nagrid_load::headroom::headroom_mw(&slack, s);
        e.is_finite().then_some(e)
    }
}
