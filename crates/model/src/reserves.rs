//! Operating reserves (RS1–RS3 of `docs/formulation.md`): a requirement per region
//! or interconnection, met by the headroom of generators and storage, with a
//! stepped shortage curve.

use crate::issue::FieldIssue;
use crate::limits::{within, MAX_COST_USD, MAX_MW};

/// One step of a reserve's shortage curve: up to `share` of the requirement may be
/// left short at `price_usd_per_mwh` (RS3).
#[derive(Debug, Clone, PartialEq)]
pub struct ShortageSegment {
    /// Fraction of the requirement this step covers, > 0.
    pub share: f64,
    /// Penalty per MWh short, USD/MWh, > 0.
    pub price_usd_per_mwh: f64,
}

/// The fixed part of a requirement in the hours of a year and/or month
/// (`reserve_requirements.csv`), e.g. a product introduced in mid-year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReservePeriod {
    /// UTC year of the hours it applies to (`None` = every year).
    pub year: Option<i32>,
    /// UTC month 1–12 of the hours it applies to (`None` = every month).
    pub month: Option<u32>,
    /// Fixed part of the requirement in those hours, MW (replaces `contingency_mw`).
    pub contingency_mw: f64,
}

/// An operating-reserve requirement (RS1): in hour t,
/// `load_share` × (load of `regions` in t) + the fixed part of t's year and month
/// (the most specific of `periods`, else `contingency_mw`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reserve {
    /// Unique id.
    pub id: String,
    /// The scope as given: a region id or an interconnection name.
    pub scope: String,
    /// Indices of the regions in the scope (their load sets the requirement, their
    /// generators and storage may provide it).
    pub regions: Vec<usize>,
    /// Share of the scope's load held as reserve, in [0, 1].
    pub load_share: f64,
    /// Fixed part (e.g. the largest contingency), MW.
    pub contingency_mw: f64,
    /// Shortage steps in the order given; shortage beyond them costs the value of lost load.
    pub shortage: Vec<ShortageSegment>,
    /// Fixed parts for some years and/or months, in file order (at most one per
    /// (year, month) key, with at least one of the two given).
    pub periods: Vec<ReservePeriod>,
}

impl Reserve {
    /// A requirement of `load_share` × load + `contingency_mw` over `regions`, without shortage steps.
    pub fn new(id: impl Into<String>, scope: impl Into<String>, regions: Vec<usize>, load_share: f64, contingency_mw: f64) -> Self {
        Self { id: id.into(), scope: scope.into(), regions, load_share, contingency_mw, shortage: Vec::new(), periods: Vec::new() }
    }

    /// The fixed part of the requirement in an hour of UTC `year` and `month`, MW:
    /// the period of that year and month, else of that year, else of that month,
    /// else `contingency_mw` (RS1).
    pub fn fixed_mw(&self, year: i32, month: u32) -> f64 {
        let find = |y: Option<i32>, m: Option<u32>| self.periods.iter().find(|p| p.year == y && p.month == m);
        find(Some(year), Some(month))
            .or_else(|| find(Some(year), None))
            .or_else(|| find(None, Some(month)))
            .map_or(self.contingency_mw, |p| p.contingency_mw)
    }

    /// The requirement in hour `t` of UTC `(year, month)`, MW (RS1), from the load
    /// `load_mw[region][hour]`.
    pub fn requirement_mw(&self, load_mw: &[Vec<f64>], t: usize, (year, month): (i32, u32)) -> f64 {
        let load: f64 = self.regions.iter().map(|&r| load_mw[r][t].max(0.0)).sum();
        self.load_share * load + self.fixed_mw(year, month)
    }

    /// Whether region `r` is in the scope.
    pub fn covers(&self, r: usize) -> bool {
        self.regions.contains(&r)
    }

    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        if !(0.0..=1.0).contains(&self.load_share) {
            v.push(FieldIssue::new("load_share", self.load_share, "must be a fraction of the load in [0, 1]"));
        }
        if !(self.contingency_mw >= 0.0 && within(self.contingency_mw, MAX_MW)) {
            v.push(FieldIssue::new("contingency_mw", self.contingency_mw, format!("must be a number from 0 to {MAX_MW:e}")));
        }
        v
    }

    /// Cost of being `short_mw` below the requirement `req_mw` for one hour (RS3):
    /// the cheapest steps first, each up to its share of the requirement, the rest
    /// at `voll`. This is what the LP pays, as it fills cheaper steps first.
    pub fn shortage_cost_usd(&self, short_mw: f64, req_mw: f64, voll: f64) -> f64 {
        let mut steps: Vec<&ShortageSegment> = self.shortage.iter().collect();
        steps.sort_by(|a, b| a.price_usd_per_mwh.total_cmp(&b.price_usd_per_mwh));
        let mut left = short_mw.max(0.0);
        let mut cost = 0.0;
        for s in steps.into_iter().filter(|s| s.price_usd_per_mwh < voll) {
            let take = left.min(s.share * req_mw.max(0.0));
            cost += take * s.price_usd_per_mwh;
            left -= take;
        }
        cost + left * voll
    }
}

impl ReservePeriod {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        if !(self.contingency_mw >= 0.0 && within(self.contingency_mw, MAX_MW)) {
            v.push(FieldIssue::new("contingency_mw", self.contingency_mw, format!("must be a number from 0 to {MAX_MW:e}")));
        }
        v
    }
}

impl ShortageSegment {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        if !(self.share > 0.0 && self.share <= 1.0) {
            v.push(FieldIssue::new("segment_share", self.share, "must be a fraction of the requirement in (0, 1]"));
        }
        if !(self.price_usd_per_mwh > 0.0 && within(self.price_usd_per_mwh, MAX_COST_USD)) {
            v.push(FieldIssue::new("price_usd_per_mwh", self.price_usd_per_mwh, format!("must be a number in (0, {MAX_COST_USD:e}]")));
        }
        v
    }
}
