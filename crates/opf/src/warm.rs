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
