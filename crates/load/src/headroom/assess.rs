//! The headroom of each requested area and share: the options, the per-area result
//! with its statistics and Duke's published values beside it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, Utc};

use super::data::{area_by_id, default_areas, read_area, Area};
use super::{check_share, seasonal_thresholds, slacks, ShareResult, Thresholds};
use crate::error::{LoadError, Result};

/// What to compute and where to write it.
#[derive(Debug, Clone)]
pub struct HeadroomOptions {
    /// The EIA-930 cleaned-demand folder (with `regions/` and `subregions_and_balancing_authorities/`).
    pub data_dir: PathBuf,
    /// Area ids; empty: Duke's BAs that the data cover.
    pub ids: Vec<String>,
    /// Curtailment shares, % of the new load's energy, each in (0, 100].
    pub shares_pct: Vec<f64>,
    /// Run folder to create (must not exist).
    pub out: PathBuf,
}

/// Result of one area.
#[derive(Debug, Clone)]
pub struct AreaResult {
    /// The area.
    pub area: &'static Area,
    /// UTC start of the first and last hour.
    pub period_utc: (DateTime<Utc>, DateTime<Utc>),
    /// Hours of data.
    pub hours: usize,
    /// Highest hourly load, MW.
    pub peak_mw: f64,
    /// Seasonal thresholds.
    pub thresholds: Thresholds,
    /// Hours above their seasonal threshold before any new load (shoulder months).
    pub hours_above_threshold: usize,
    /// One result per requested share, in order.
    pub shares: Vec<ShareResult>,
    /// Slacks below the threshold, MW, ascending (for charts).
    pub sorted_slack: Vec<f64>,
}

impl AreaResult {
    /// First and last calendar year of the data (of the hour-ending stamps, UTC).
    pub fn years(&self) -> (i32, i32) {
        let y = |t: DateTime<Utc>| (t + Duration::hours(1)).year();
        (y(self.period_utc.0), y(self.period_utc.1))
    }
    /// Our headroom (GW) at `share_pct`, if computed.
    pub fn headroom_gw(&self, share_pct: f64) -> Option<f64> {
        self.shares.iter().find(|s| (s.share_pct - share_pct).abs() < 1e-9).map(|s| s.headroom_mw / 1e3)
    }
    /// Relative difference to Duke at `share_pct`, %, if both exist.
    pub fn diff_to_duke_pct(&self, share_pct: f64) -> Option<f64> {
        let duke = self.area.duke?.at(share_pct)?;
        Some(100.0 * (self.headroom_gw(share_pct)? - duke) / duke)
    }
}

/// Everything `nagrid headroom` computed, and where it went.
#[derive(Debug, Clone)]
pub struct HeadroomReport {
    /// One result per area, in the order asked.
    pub areas: Vec<AreaResult>,
    /// The shares, %.
    pub shares_pct: Vec<f64>,
    /// The run folder written.
    pub out: PathBuf,
    /// Files written (names inside `out`).
    pub files: Vec<String>,
    /// Wall time of reading and computing, s.
    pub compute_seconds: f64,
    /// Wall time of everything, s.
    pub total_seconds: f64,
}

/// A share as it appears in column names: `0.25`, `1`, `5`.
pub fn share_label(share_pct: f64) -> String {
    format!("{share_pct}")
}

/// Checks the shares (each in (0, 100], no repeats) and resolves the area ids.
pub fn resolve(opts: &HeadroomOptions) -> Result<Vec<&'static Area>> {
    if opts.shares_pct.is_empty() {
        return Err(LoadError::Invalid("give at least one curtailment share (e.g. --shares 0.25,0.5,1,5)".into()));
    }
    for (i, s) in opts.shares_pct.iter().enumerate() {
        check_share(*s)?;
        if opts.shares_pct[..i].contains(s) {
            return Err(LoadError::Invalid(format!("curtailment share {s} % is given twice")));
        }
    }
    if opts.ids.iter().all(|s| s.trim().is_empty()) {
        return default_areas(&opts.data_dir);
    }
    let mut areas: Vec<&'static Area> = Vec::new();
    for id in opts.ids.iter().filter(|s| !s.trim().is_empty()) {
        let a = area_by_id(id)?;
        if !areas.iter().any(|b| b.id == a.id) {
            areas.push(a);
        }
    }
    Ok(areas)
}

/// Reads an area and computes its headroom at every share.
pub fn assess_area(data_dir: &Path, area: &'static Area, shares_pct: &[f64]) -> Result<AreaResult> {
    let d = read_area(data_dir, area)?;
    let thresholds = seasonal_thresholds(&d.load_mw, &d.months, area.windows)?;
    let slack = slacks(&d.load_mw, &d.months, &thresholds);
    let mut sorted_slack = slack.clone();
    sorted_slack.sort_by(f64::total_cmp);
    let shares = shares_pct.iter().map(|&s| super::assess_share(&slack, &sorted_slack, s)).collect();
    let hours = d.load_mw.len();
    Ok(AreaResult {
        area,
        period_utc: (d.start_utc, d.start_utc + Duration::hours(hours.saturating_sub(1) as i64)),
        hours,
        peak_mw: d.load_mw.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        thresholds,
        hours_above_threshold: sorted_slack.iter().take_while(|s| **s < 0.0).count(),
        shares,
        sorted_slack,
    })
}
