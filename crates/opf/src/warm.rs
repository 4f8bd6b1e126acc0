//! (WS1) Warm starts of rolling-horizon windows.
//!
//! Consecutive windows of equal length have the same columns and rows, hour for
//! hour, except the monthly budget rows (H1), which follow the months a window
//! covers. The optimal basis of one window is carried to the next:
//! - every column and every row outside the budget block keeps the status it ended
//!   with at the same position (windows start on the same weekday and hour, so
//!   hour t of the next window starts as hour t of the last one ended);
//! - a budget row of a month both windows cover keeps its status, and a budget
//!   row that is new starts basic (its constraint slack);
//! - for each budget row that left while binding (nonbasic), one basic output
//!   column of its generator becomes nonbasic at its lower bound, so the basis
//!   still has exactly one basic variable per row.
//!
//! The start only changes the simplex path, never the LP: the optimum is the same
//! (among equally cheap dispatches, the vertex reached may differ).

use crate::builder::DispatchModel;
use crate::lp::{Basis, AT_LOWER, BASIC};
use crate::registry::{Layout, Rows};
use std::collections::HashMap;

/// The optimal basis of one window and what is needed to map it to the next.
/// Serialised (BD7: windows solved in other processes) with the budget map as a
/// sorted list, so that equal bases give equal text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct WindowBasis {
    basis: Basis,
    hours: usize,
    n_gens: usize,
    /// Rows before the budget block, and the budget rows as (generator, month) → status.
    budget_first: usize,
    budget_len: usize,
    #[serde(with = "budget_list")]
    budget: HashMap<(usize, u32), i32>,
}

/// The budget map of a [`WindowBasis`] as a list of (generator, month, status), sorted.
mod budget_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::HashMap;

    pub fn serialize<S: Serializer>(m: &HashMap<(usize, u32), i32>, s: S) -> Result<S::Ok, S::Error> {
        let mut v: Vec<(usize, u32, i32)> = m.iter().map(|(&(g, mo), &st)| (g, mo, st)).collect();
        v.sort_unstable();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<HashMap<(usize, u32), i32>, D::Error> {
        let v = Vec::<(usize, u32, i32)>::deserialize(d)?;
        Ok(v.into_iter().map(|(g, mo, st)| ((g, mo), st)).collect())
    }
}

impl WindowBasis {
    /// Keep `basis`, the optimal basis of the LP laid out by `layout` and `rows`.
    pub fn new(layout: &Layout, rows: &Rows, basis: Basis) -> Self {
        let budget = rows.budget.all().map(|(g, m, r)| ((g, m), basis.rows[r])).collect();
        Self { hours: layout.hours, n_gens: layout.n_gens, budget_first: rows.budget.first, budget_len: rows.budget.len, budget, basis }
    }

    /// The basis itself.
    pub fn basis(&self) -> &Basis {
        &self.basis
    }

    /// A starting basis for `model` (the next window), or `None` when the two LPs
    /// are not laid out alike (another length, another fleet) or the basis cannot
    /// be made whole.
    pub fn carry(&self, model: &DispatchModel) -> Option<Basis> {
        let (layout, rows) = (&model.layout, &model.rows);
        let n_rows = model.lp.n_rows();
        let old = &self.basis;
        let same_shape = layout.hours == self.hours
            && layout.n_gens == self.n_gens
            && layout.n_cols == old.cols.len()
            && rows.budget.first == self.budget_first
            && n_rows + self.budget_len == old.rows.len() + rows.budget.len;
        if !same_shape {
            return None;
        }
        let (first, new_len) = (rows.budget.first, rows.budget.len);
        let mut row_status = Vec::with_capacity(n_rows);
        row_status.extend_from_slice(&old.rows[..first]);
        row_status.resize(first + new_len, BASIC);
        let mut kept = std::collections::HashSet::new();
        for (g, m, r) in rows.budget.all() {
            if let Some(&s) = self.budget.get(&(g, m)) {
                row_status[r] = s;
                kept.insert((g, m));
            }
        }
        row_status.extend_from_slice(&old.rows[self.budget_first + self.budget_len..]);
        let mut cols = old.cols.clone();
        // Budget rows that left while binding: one basic output column each leaves the basis.
        let mut left: Vec<(usize, u32)> = self.budget.iter().filter(|(k, &s)| s != BASIC && !kept.contains(k)).map(|(&k, _)| k).collect();
        left.sort_unstable();
        for (g, _) in left {
            let col = (0..layout.hours).rev().map(|t| layout.gen_col(g, t)).find(|&c| cols[c] == BASIC)?;
            cols[col] = AT_LOWER;
        }
        let basic = cols.iter().chain(&row_status).filter(|&&s| s == BASIC).count();
        (basic == n_rows).then_some(Basis { cols, rows: row_status })
    }
}

/// (WS5) The optimal basis of one rolling-horizon window, kept to start another
/// window of the same horizon that overlaps it (a Benders window of the trajectory
/// it belongs to, BD3).
///
/// The other window's LP has the same blocks of columns and rows over other hours:
/// each of its hours starts as the same hour of the horizon ended here, or, outside
/// this window, as the nearest hour inside it at the same time of day (every block
/// is time-major, so this is index arithmetic on [`Layout`] and [`Rows`]); a budget
/// row keeps the status of the same generator and month, a new one starts basic.
/// The count of basic variables may then differ from the rows; HiGHS completes
/// such a basis (or drops the surplus) when it is handed over, and the start only
/// changes the simplex path, never the LP.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// First hour of the window in its horizon.
    pub start: usize,
    layout: Layout,
    rows: Rows,
    basis: Basis,
}

impl Snapshot {
    /// Keep `basis`, optimal for the window starting at hour `start` laid out by `layout` and `rows`.
    pub fn new(start: usize, layout: Layout, rows: Rows, basis: Basis) -> Self {
        Self { start, layout, rows, basis }
    }

    /// Hours that a window of `hours` hours starting at hour `start` shares with this one.
    pub fn overlap(&self, start: usize, hours: usize) -> usize {
        (start + hours).min(self.start + self.layout.hours).saturating_sub(start.max(self.start))
    }

    /// A starting basis for `model`, the window starting at hour `start` of the same
    /// horizon, when the two share an hour and have the same blocks without
    /// capacity columns; else `None`.
    pub fn restrict(&self, model: &DispatchModel, start: usize) -> Option<Basis> {
        let (a, b) = (&self.layout, &model.layout);
        let same = a.n_regions == b.n_regions
            && a.n_gens == b.n_gens
            && a.n_storage == b.n_storage
            && a.n_lines == b.n_lines
            && a.n_links == b.n_links
            && a.n_angles == b.n_angles
            && a.n_flex == b.n_flex
            && a.n_hurdle == b.n_hurdle
            && a.n_reserve == b.n_reserve
            && a.n_shortage == b.n_shortage
            && a.exp == a.n_cols
            && b.exp == b.n_cols
            && a.n_cols == self.basis.cols.len();
        if !same || self.overlap(start, b.hours) == 0 {
            return None;
        }
        // Hour t of `model` starts as hour src[t] of this window ended.
        let (own, day) = (a.hours as isize, 24.min(a.hours) as isize);
        let src: Vec<usize> = (0..b.hours)
            .map(|t| {
                let mut h = (start + t) as isize - self.start as isize;
                while h < 0 {
                    h += day;
                }
                while h >= own {
                    h -= day;
                }
                h as usize
            })
            .collect();
        let mut cols = vec![AT_LOWER; b.n_cols];
        let col_blocks = [
            (a.gen, b.gen, a.n_gens),
            (a.shed, b.shed, a.n_regions),
            (a.charge, b.charge, a.n_storage),
            (a.discharge, b.discharge, a.n_storage),
            (a.soc, b.soc, a.n_storage),
            (a.line, b.line, a.n_lines),
            (a.link_fwd, b.link_fwd, a.n_links),
            (a.link_rev, b.link_rev, a.n_links),
            (a.angle, b.angle, a.n_angles),
            (a.flex, b.flex, a.n_flex),
            (a.line_pos, b.line_pos, a.n_hurdle),
            (a.line_neg, b.line_neg, a.n_hurdle),
            (a.reserve, b.reserve, a.n_reserve),
            (a.shortage, b.shortage, a.n_shortage),
        ];
        for (from, to, n) in col_blocks {
            hourly(&self.basis.cols, &mut cols, (from, to, n), &src);
        }
        let (ra, rb) = (&self.rows, &model.rows);
        let mut rows = vec![BASIC; model.lp.n_rows()];
        let row_blocks = [
            (ra.balance.0, rb.balance.0),
            (ra.storage.0, rb.storage.0),
            (ra.kirchhoff.0, rb.kirchhoff.0),
            (ra.hurdle.block, rb.hurdle.block),
            (ra.reserve.requirement, rb.reserve.requirement),
            (ra.reserve.provision, rb.reserve.provision),
        ];
        for (x, y) in row_blocks {
            if x.per_hour != y.per_hour {
                return None;
            }
            hourly(&self.basis.rows, &mut rows, (x.first, y.first, x.per_hour), &src);
        }
        for (g, m, r) in rb.budget.all() {
            if let Some(old) = ra.budget.row(g, m) {
                rows[r] = self.basis.rows[old];
            }
        }
        for (g, first) in rb.ramp.0.iter().enumerate() {
            let (Some(_), Some(_)) = (first, ra.ramp.0.get(g).copied().flatten()) else { continue };
            for (t, &h) in src.iter().enumerate().skip(1) {
                for dir in 0..2 {
                    if let (Some(new), Some(old)) = (rb.ramp.row(g, t, dir), ra.ramp.row(g, h.max(1), dir)) {
                        rows[new] = self.basis.rows[old];
                    }
                }
            }
        }
        for (f, &r) in rb.flex.0.iter().enumerate() {
            if let Some(&old) = ra.flex.0.get(f) {
                rows[r] = self.basis.rows[old];
            }
        }
        Some(Basis { cols, rows })
    }
}

/// Copy a time-major block of `n` items per hour from `from` in `src` to `to` in
/// `dst`: hour t of `dst` from hour `hour[t]` of `src`.
fn hourly(src: &[i32], dst: &mut [i32], (from, to, n): (usize, usize, usize), hour: &[usize]) {
    for (t, &h) in hour.iter().enumerate() {
        dst[to + t * n..to + (t + 1) * n].copy_from_slice(&src[from + h * n..from + (h + 1) * n]);
    }
}

#[cfg(test)]
mod tests {
    use super::Snapshot;
    use crate::builder::{build_dispatch_with, Capacities};
    use crate::options::DispatchOptions;
    use chrono::{TimeZone, Utc};
    use nagrid_model::{Case, Country, Generator, HydroBudget, Line, Network, Region, Storage, TimeAxis};

    /// Two regions over 72 hours: a ramp-limited cheap unit, a dear peaker, a budgeted
    /// hydro unit, a battery and a line.
    fn case() -> Case {
        let ramped =
            Generator { ramp_up_pu_per_h: Some(0.2), ramp_down_pu_per_h: Some(0.2), ..Generator::new("coal", 0, "coal", 300.0, 20.0) };
        let n = Network {
            regions: vec![Region::new("a", Country::US, "East"), Region::new("b", Country::CA, "East")],
            generators: vec![
                ramped,
                Generator::new("peaker", 1, "gas_ct", 400.0, 90.0),
                Generator::new("hydro", 1, "hydro_reservoir", 200.0, 1.0),
            ],
            hydro_budgets: vec![HydroBudget { generator: 2, month: 1, energy_mwh: 200.0 * 744.0 * 0.3 }],
            storage: vec![Storage::new("bat", 0, 50.0, 200.0, 0.9)],
            lines: vec![Line::new("ab", 0, 1, 150.0, 0.01)],
            ..Default::default()
        };
        let load = |r: usize| (0..72).map(|t| 250.0 + 100.0 * ((t as f64 + 6.0 * r as f64) / 24.0 * std::f64::consts::TAU).sin()).collect();
        Case::new("ws5", n, TimeAxis::new(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(), 72), vec![load(0), load(1)])
    }

    /// (WS5) A window's own optimal basis restarts it without an iteration; restricted
    /// to a window inside it, and mapped onto one that runs past it, it starts a solve
    /// that reaches the same optimum as a cold one.
    #[test]
    fn a_basis_maps_onto_windows_inside_and_across() {
        let case = case();
        let opts = DispatchOptions::from_settings(&case.settings);
        let given = || Capacities::Given { mw: Vec::new(), priced: false };
        let whole = case.window(0, 48);
        let model = build_dispatch_with(&whole, &opts, given()).unwrap();
        let (layout, rows) = (model.layout, model.rows.clone());
        let (out, basis) = model.solve_from(None).unwrap();
        assert!(out.solution.is_some());
        let snap = Snapshot::new(0, layout, rows, basis.expect("a basis").basis().clone());
        let again = build_dispatch_with(&whole, &opts, given()).unwrap();
        let start = snap.restrict(&again, 0).expect("the same window");
        assert_eq!(start, snap.basis);
        assert_eq!(again.solve_from(Some(&start)).unwrap().0.stats.simplex_iterations, 0);
        for (s, h) in [(12, 24), (24, 48)] {
            assert_eq!(snap.overlap(s, h), (48 - s).min(h));
            let w = case.window(s, h);
            let warm = build_dispatch_with(&w, &opts, given()).unwrap();
            let start = snap.restrict(&warm, s).expect("overlapping windows");
            assert_eq!((start.cols.len(), start.rows.len()), (warm.layout.n_cols, warm.lp.n_rows()));
            let (warm, _) = warm.solve_from(Some(&start)).unwrap();
            let (cold, _) = build_dispatch_with(&w, &opts, given()).unwrap().solve_from(None).unwrap();
            let (a, b) = (warm.solution.unwrap().objective_usd, cold.solution.unwrap().objective_usd);
            assert!((a - b).abs() <= 1e-7 * b.abs(), "hours {s}..{}: {a} against {b}", s + h);
        }
        assert!(snap.restrict(&build_dispatch_with(&case.window(48, 24), &opts, given()).unwrap(), 48).is_none());
    }
}
