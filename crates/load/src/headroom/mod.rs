//! Curtailment-enabled headroom of a balancing authority: the largest constant new
//! load that fits under the BA's historical seasonal peak if it accepts curtailment
//! of a given share of its energy (Norris et al., *Rethinking Load Growth*, Duke
//! University, 2025). See `docs/headroom.md`.
//!
//! Definitions (Duke §3.3, as implemented here):
//!
//! * **Thresholds**: the summer threshold is the highest hourly load in Jun–Aug over
//!   all years of the data, the winter threshold the highest in Dec–Feb; the summer
//!   threshold applies to Apr–Oct, the winter one to Nov–Mar. Some BAs take the
//!   window one month wider (May–Sep, Nov–Mar) where their seasonal peak fell just
//!   outside the core months ([`SeasonWindows`]). Months are local standard time.
//! * **Curtailment** of a constant new load `L` in hour `t`:
//!   `c_t(L) = min(L, max(0, D_t + L − Thr_t))`, i.e. `clamp(L − s_t, 0, L)` with the
//!   slack `s_t = Thr_t − D_t`.
//! * **Limit**: `Σ_t c_t(L) ≤ share × L × hours` over the whole series: the mean of the
//!   annual curtailment rates is the total rate when every year has the same number
//!   of hours, so the years are pooled.
//! * **Headroom**: the largest such `L`, found exactly ([`headroom_mw`]): the
//!   curtailed energy is convex and piecewise linear in `L` with breaks at the sorted
//!   slacks, zero at `L = 0`, so the feasible set is an interval `[0, L*]`.

pub mod assess;
pub mod data;
pub mod plot;
pub mod report;

use crate::error::{LoadError, Result};

pub use assess::{AreaResult, HeadroomOptions, HeadroomReport};
pub use data::{area_by_id, default_areas, read_area, Area, AreaLoad, Duke, AREAS, DUKE_SHARES_PCT};
pub use report::run_headroom;

/// Hours in a (non-leap) year: the unit of "per year" figures.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// The served fractions of the new load that [`ShareResult::served_ge_pct`] counts.
pub const SERVED_LEVELS: [f64; 3] = [0.5, 0.75, 0.9];

/// Which months set the seasonal thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeasonWindows {
    /// Summer peak over May–Sep instead of Jun–Aug.
    pub summer_extended: bool,
    /// Winter peak over Nov–Mar instead of Dec–Feb.
    pub winter_extended: bool,
}

impl SeasonWindows {
    /// Whether month `m` (1..=12) is in the summer peak window.
    pub fn in_summer_window(&self, m: u32) -> bool {
        (6..=8).contains(&m) || (self.summer_extended && (m == 5 || m == 9))
    }
    /// Whether month `m` (1..=12) is in the winter peak window.
    pub fn in_winter_window(&self, m: u32) -> bool {
        m == 12 || m <= 2 || (self.winter_extended && (m == 11 || m == 3))
    }
}

/// Whether the summer threshold applies in month `m` (Apr–Oct); else the winter one.
pub fn summer_threshold_applies(m: u32) -> bool {
    (4..=10).contains(&m)
}

/// The two seasonal thresholds of a series, MW.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Highest load in the summer window.
    pub summer_mw: f64,
    /// Highest load in the winter window.
    pub winter_mw: f64,
}

impl Thresholds {
    /// Threshold of an hour in month `m`.
    pub fn of_month(&self, m: u32) -> f64 {
        if summer_threshold_applies(m) {
            self.summer_mw
        } else {
            self.winter_mw
        }
    }
}

/// Seasonal thresholds of `load_mw` whose hours fall in local months `months` (1..=12).
pub fn seasonal_thresholds(load_mw: &[f64], months: &[u32], windows: SeasonWindows) -> Result<Thresholds> {
    if load_mw.len() != months.len() {
        return Err(LoadError::Invalid(format!("{} loads but {} months", load_mw.len(), months.len())));
    }
    let peak =
        |f: &dyn Fn(u32) -> bool| load_mw.iter().zip(months).filter(|(_, m)| f(**m)).map(|(d, _)| *d).fold(f64::NEG_INFINITY, f64::max);
    let summer_mw = peak(&|m| windows.in_summer_window(m));
    let winter_mw = peak(&|m| windows.in_winter_window(m));
    if !summer_mw.is_finite() || !winter_mw.is_finite() {
        return Err(LoadError::Invalid("the data must cover both a summer (Jun–Aug) and a winter (Dec–Feb) month".into()));
    }
    Ok(Thresholds { summer_mw, winter_mw })
}

/// Slack below the threshold of each hour, `Thr_t − D_t` (negative above it).
pub fn slacks(load_mw: &[f64], months: &[u32], thr: &Thresholds) -> Vec<f64> {
    load_mw.iter().zip(months).map(|(d, m)| thr.of_month(*m) - d).collect()
}

/// Curtailed energy (MWh) of a constant new load `l` MW: `Σ_t clamp(l − s_t, 0, l)`.
pub fn curtailed_energy(slack: &[f64], l: f64) -> f64 {
    slack.iter().map(|s| (l - s).clamp(0.0, l)).sum()
}

/// Largest constant new load (MW) whose curtailed energy is at most `share_pct` % of
/// its energy `L × hours`, given the slacks sorted ascending. Exact (no iteration):
/// between consecutive nonnegative slacks `a_j ≤ L ≤ a_{j+1}` the curtailed energy is
/// `(m + j)·L − S_j` (`m` hours above the threshold, `S_j` the sum of the `j` smallest
/// nonnegative slacks), so the limit binds at `L = S_j / (m + j − k)`, `k = share × hours`.
/// Infinite when the share allows curtailing everything (100 %); 0 for an empty series.
pub fn headroom_mw(sorted_slack: &[f64], share_pct: f64) -> f64 {
    let n = sorted_slack.len();
    if n == 0 {
        return 0.0;
    }
    let k = share_pct / 100.0 * n as f64;
    let m = sorted_slack.iter().take_while(|s| **s < 0.0).count();
    let pos = &sorted_slack[m..];
    let mut sum = 0.0;
    for (j, &next) in pos.iter().enumerate() {
        // Segment [a_j, a_{j+1}] with j = the number of nonnegative slacks below it.
        let coef = (m + j) as f64 - k;
        if coef * next - sum > 0.0 {
            return sum / coef;
        }
        sum += next;
    }
    let coef = n as f64 - k;
    if coef > 0.0 {
        sum / coef
    } else {
        f64::INFINITY
    }
}

/// Headroom and curtailment statistics of one curtailment share.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareResult {
    /// Curtailment limit, % of the new load's energy.
    pub share_pct: f64,
    /// The headroom, MW.
    pub headroom_mw: f64,
    /// Curtailed energy at the headroom, % of the new load's energy (= the share unless
    /// the headroom is 0 or infinite).
    pub curtailed_energy_pct: f64,
    /// Hours with some curtailment (`s_t < L`; an hour exactly at the threshold is not curtailed).
    pub curtailed_hours: usize,
    /// Curtailed hours per 8,760 hours of data.
    pub curtailed_hours_per_year: f64,
    /// Curtailment events: runs of consecutive curtailed hours.
    pub events: usize,
    /// Mean event length, hours (`None` without events).
    pub mean_event_hours: Option<f64>,
    /// Of the curtailed hours, % with at least 50 / 75 / 90 % of the new load still
    /// served ([`SERVED_LEVELS`]; `None` without curtailed hours).
    pub served_ge_pct: [Option<f64>; 3],
}

/// Headroom and statistics for `share_pct` on `slack` (time order) and its sorted copy.
pub fn assess_share(slack: &[f64], sorted_slack: &[f64], share_pct: f64) -> ShareResult {
    let l = headroom_mw(sorted_slack, share_pct);
    let hours = slack.len();
    let (mut curtailed, mut events, mut prev) = (0usize, 0usize, false);
    let mut served = [0usize; 3];
    if l > 0.0 && l.is_finite() {
        for &s in slack {
            let cut = s < l;
            if cut {
                curtailed += 1;
                events += usize::from(!prev);
                for (k, level) in SERVED_LEVELS.iter().enumerate() {
                    served[k] += usize::from(s >= level * l);
                }
            }
            prev = cut;
        }
    } else if l.is_infinite() {
        // Everything may be curtailed: every hour is an hour of (full) curtailment.
        curtailed = hours;
        events = usize::from(hours > 0);
    }
    let energy_pct = if l > 0.0 && l.is_finite() { 100.0 * curtailed_energy(slack, l) / (l * hours as f64) } else { 0.0 };
    let pct = |c: usize| (curtailed > 0).then(|| 100.0 * c as f64 / curtailed as f64);
    ShareResult {
        share_pct,
        headroom_mw: l,
        curtailed_energy_pct: energy_pct,
        curtailed_hours: curtailed,
        curtailed_hours_per_year: if hours > 0 { curtailed as f64 * HOURS_PER_YEAR / hours as f64 } else { 0.0 },
        events,
        mean_event_hours: (events > 0).then(|| curtailed as f64 / events as f64),
        served_ge_pct: [pct(served[0]), pct(served[1]), pct(served[2])],
    }
}

/// Checks a curtailment share (% of the new load's energy): in (0, 100].
pub fn check_share(share_pct: f64) -> Result<()> {
    if share_pct.is_finite() && share_pct > 0.0 && share_pct <= 100.0 {
        Ok(())
    } else {
        Err(LoadError::Invalid(format!(
            "curtailment share {share_pct} % is outside (0, 100] (a percentage of the new load's energy, e.g. 0.25,0.5,1,5)"
        )))
    }
}

/// Headroom of every share for one series: slacks sorted once, each share in O(hours).
pub fn assess(slack: &[f64], shares_pct: &[f64]) -> Vec<ShareResult> {
    let mut sorted = slack.to_vec();
    sorted.sort_by(f64::total_cmp);
    shares_pct.iter().map(|&s| assess_share(slack, &sorted, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten hours under a constant threshold of 100 MW; slacks 10,5,2,20,30,4,1,40,50,15.
    const SLACK: [f64; 10] = [10.0, 5.0, 2.0, 20.0, 30.0, 4.0, 1.0, 40.0, 50.0, 15.0];

    fn sorted(s: &[f64]) -> Vec<f64> {
        let mut v = s.to_vec();
        v.sort_by(f64::total_cmp);
        v
    }

    #[test]
    fn ten_hours_by_hand() {
        let s = sorted(&SLACK);
        // 0 %: no curtailment at all: L = the smallest slack (that hour ends exactly at the threshold).
        assert_eq!(headroom_mw(&s, 0.0), 1.0);
        // 10 %: budget 1 h × L. At L = 3: cut (3 − 1) + (3 − 2) = 3 = 0.1 × 10 × 3.
        assert!((headroom_mw(&s, 10.0) - 3.0).abs() < 1e-12);
        // 20 %: at L = 6: 5 + 4 + 2 + 1 = 12 = 0.2 × 10 × 6.
        assert!((headroom_mw(&s, 20.0) - 6.0).abs() < 1e-12);
        // 100 %: everything may be curtailed.
        assert!(headroom_mw(&s, 100.0).is_infinite());
        assert_eq!(headroom_mw(&[], 1.0), 0.0);
    }

    #[test]
    fn statistics_by_hand() {
        let r = assess(&SLACK, &[10.0]).remove(0);
        assert!((r.curtailed_energy_pct - 10.0).abs() < 1e-9);
        // Hours with slack 2 and 1 (positions 2 and 6): two one-hour events.
        assert_eq!((r.curtailed_hours, r.events, r.mean_event_hours), (2, 2, Some(1.0)));
        assert!((r.curtailed_hours_per_year - 2.0 * 876.0).abs() < 1e-9);
        // Served fractions 2/3 and 1/3: one of two hours has ≥ 50 % served, none ≥ 75 %.
        assert_eq!(r.served_ge_pct, [Some(50.0), Some(0.0), Some(0.0)]);
        // The same hours back to back: one event of two hours.
        let mut adjacent = SLACK;
        adjacent.swap(3, 6);
        let r = assess(&adjacent, &[10.0]).remove(0);
        assert_eq!((r.curtailed_hours, r.events, r.mean_event_hours), (2, 1, Some(2.0)));
        // 20 %: slacks 5, 2 (positions 1–2) and 4, 1 (positions 5–6) under L = 6: two events of two hours.
        let r = assess(&SLACK, &[20.0]).remove(0);
        assert_eq!((r.curtailed_hours, r.events), (4, 2));
        assert_eq!(r.mean_event_hours, Some(2.0));
        // Served 5/6, 4/6, 2/6, 1/6 of L: ≥ 50 % two hours, ≥ 75 % one, ≥ 90 % none.
        assert_eq!(r.served_ge_pct, [Some(50.0), Some(25.0), Some(0.0)]);
    }

    #[test]
    fn share_zero_and_ties_at_the_threshold() {
        // An hour exactly at the threshold (slack 0): no headroom without curtailment,
        // and the 0 % result has no curtailed hour.
        let mut s = SLACK;
        s[4] = 0.0;
        let r = assess(&s, &[0.0]).remove(0);
        assert_eq!((r.headroom_mw, r.curtailed_hours, r.events, r.mean_event_hours), (0.0, 0, 0, None));
        assert_eq!(r.served_ge_pct, [None, None, None]);
        // 12.5 %: the limit binds exactly at L = 4, a slack: that hour reaches the
        // threshold but is not curtailed (only slacks 1 and 2 are).
        let r = assess(&SLACK, &[12.5]).remove(0);
        assert_eq!(r.headroom_mw, 4.0);
        assert_eq!(r.curtailed_hours, 2);
        assert!((r.curtailed_energy_pct - 12.5).abs() < 1e-9);
        // Equal slacks: two hours at slack 1 → 0 % gives L = 1, 10 % solves 2(L − 1) = L.
        let two = [1.0, 1.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0];
        assert_eq!(headroom_mw(&sorted(&two), 0.0), 1.0);
        assert!((headroom_mw(&sorted(&two), 10.0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn hours_above_the_threshold_are_fully_curtailed() {
        // One hour 5 MW above the threshold: curtailed in full (capped at L), so it
        // uses 1 h of the budget; with 10 % (1 h) the next hour (slack 1) is not.
        let mut s = SLACK;
        s[0] = -5.0;
        assert_eq!(headroom_mw(&sorted(&s), 0.0), 0.0);
        assert_eq!(headroom_mw(&sorted(&s), 10.0), 1.0);
        // 20 %: L + (L − 1) + (L − 2) = 2L → L = 3.
        assert!((headroom_mw(&sorted(&s), 20.0) - 3.0).abs() < 1e-12);
        let r = assess(&s, &[20.0]).remove(0);
        assert_eq!(r.curtailed_hours, 3);
        assert_eq!(r.served_ge_pct[0], Some(100.0 / 3.0));
    }

    #[test]
    fn exact_solution_matches_the_definition() {
        // A longer deterministic series: the exact root has curtailed energy = share × L × hours
        // and any larger load breaks the limit.
        let slack: Vec<f64> = (0..5000).map(|i| ((i * 7919) % 1000) as f64 + 0.5 * ((i * 31) % 7) as f64).collect();
        let s = sorted(&slack);
        for share in [0.25, 0.5, 1.0, 5.0, 50.0] {
            let l = headroom_mw(&s, share);
            let budget = share / 100.0 * slack.len() as f64 * l;
            assert!((curtailed_energy(&slack, l) - budget).abs() < 1e-6 * budget.max(1.0), "share {share}");
            let more = l * 1.001;
            assert!(curtailed_energy(&slack, more) > share / 100.0 * slack.len() as f64 * more);
        }
    }

    #[test]
    fn thresholds_and_windows() {
        // Months: a peak in September counts only with the extended summer window;
        // a March load above the winter threshold is a slack below zero.
        let months = [1, 3, 4, 7, 9, 11, 12];
        let load = [50.0, 70.0, 30.0, 80.0, 90.0, 40.0, 60.0];
        let core = seasonal_thresholds(&load, &months, SeasonWindows::default()).unwrap();
        assert_eq!(core, Thresholds { summer_mw: 80.0, winter_mw: 60.0 });
        let ext = seasonal_thresholds(&load, &months, SeasonWindows { summer_extended: true, winter_extended: true }).unwrap();
        assert_eq!(ext, Thresholds { summer_mw: 90.0, winter_mw: 70.0 });
        assert_eq!(slacks(&load, &months, &core), vec![10.0, -10.0, 50.0, 0.0, -10.0, 20.0, 0.0]);
        assert!(seasonal_thresholds(&[1.0], &[7], SeasonWindows::default()).is_err());
        assert!(seasonal_thresholds(&[1.0, 2.0], &[7], SeasonWindows::default()).is_err());
        assert!(check_share(0.0).is_err() && check_share(100.5).is_err() && check_share(f64::NAN).is_err());
        assert!(check_share(100.0).is_ok() && check_share(0.25).is_ok());
    }
}
