//! Capacity expansion (E1–E3): a capacity variable per expandable line, link or
//! generator, priced at its annualised cost for the share of the year studied, and
//! the hourly limits that tie flows or output to the built capacity (the rows and
//! their equations: `ExpansionRows` in [`crate::registry`]).
//!
//! The capacity variable n is in MW when sizing is continuous (u = 1), or a number
//! of blocks of u MW, integer, when `build_unit_mw` is set, with 0 ≤ u n ≤ max
//! added; its cost is c_year × u n × hours/8,760 in (O1), c_year = capital × CRF +
//! fixed O&M.

use crate::inputs::availability_pu;
use crate::lp::LpBuilder;
use crate::options::DispatchOptions;
use crate::registry::ExpansionRows;
use crate::solution::Asset;
use nagrid_model::{Case, Expansion};

/// One expandable asset in the LP.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub asset: Asset,
    pub exp: Expansion,
    /// Block size (1 for continuous sizing).
    pub unit: f64,
    pub integer: bool,
}

/// The expansion part of one LP.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExpansionModel {
    pub cands: Vec<Candidate>,
    /// Candidate of each line / link / generator, if any.
    pub line: Vec<Option<usize>>,
    pub link: Vec<Option<usize>>,
    pub gen: Vec<Option<usize>>,
    /// (E1–E3) rows of each candidate.
    pub rows: ExpansionRows,
    /// Builds fixed at these capacities (MW) — used to price a MIP's solution.
    pub fixed_mw: Option<Vec<f64>>,
    /// Blocks treated as continuous (the LP relaxation).
    pub relaxed: bool,
    pub mip_rel_gap: f64,
}

impl ExpansionModel {
    pub fn new(case: &Case, opts: &DispatchOptions, fixed_mw: Option<Vec<f64>>, relaxed: bool) -> Self {
        let n = &case.network;
        let mut m = ExpansionModel {
            line: vec![None; n.lines.len()],
            link: vec![None; n.links.len()],
            gen: vec![None; n.generators.len()],
            fixed_mw,
            relaxed,
            mip_rel_gap: opts.expansion.mip_rel_gap,
            ..Default::default()
        };
        if !opts.expansion.enabled {
            return m;
        }
        let push = |asset, e: &Option<Expansion>, slot: &mut Option<usize>, cands: &mut Vec<Candidate>| {
            if let Some(e) = e {
                *slot = Some(cands.len());
                let unit = e.build_unit_mw.unwrap_or(1.0);
                cands.push(Candidate { asset, exp: e.clone(), unit, integer: e.build_unit_mw.is_some() });
            }
        };
        let mut cands = Vec::new();
        for (i, l) in n.lines.iter().enumerate() {
            push(Asset::Line(i), &l.expansion, &mut m.line[i], &mut cands);
        }
        for (i, k) in n.links.iter().enumerate() {
            push(Asset::Link(i), &k.expansion, &mut m.link[i], &mut cands);
        }
        for (i, g) in n.generators.iter().enumerate() {
            push(Asset::Generator(i), &g.expansion, &mut m.gen[i], &mut cands);
        }
        m.cands = cands;
        m
    }

    /// Largest addition of candidate `c`, MW.
    pub fn max_added(&self, c: usize) -> f64 {
        self.cands[c].exp.max_added_mw
    }

    /// Line `l`'s added-capacity bound, MW (0 when not expandable).
    pub fn line_extra(&self, l: usize) -> f64 {
        self.line[l].map_or(0.0, |c| self.max_added(c))
    }
    /// Link `k`'s added-capacity bound, MW.
    pub fn link_extra(&self, k: usize) -> f64 {
        self.link[k].map_or(0.0, |c| self.max_added(c))
    }
    /// Generator `g`'s added-capacity bound, MW.
    pub fn gen_extra(&self, g: usize) -> f64 {
        self.gen[g].map_or(0.0, |c| self.max_added(c))
    }

    /// (E1–E3) rows, `hours` per generator and 2 × `hours` per line or link.
    pub fn add_rows(&mut self, case: &Case, lp: &mut LpBuilder) {
        let h = case.axis.hours;
        let n = &case.network;
        self.rows.blocks.clear();
        for c in &self.cands {
            let first = lp.n_rows();
            match c.asset {
                Asset::Line(i) => {
                    for _ in 0..h {
                        lp.add_le_row(n.lines[i].s_max_mw);
                        lp.add_le_row(n.lines[i].s_max_reverse_mw);
                    }
                }
                Asset::Link(i) => {
                    for _ in 0..h {
                        lp.add_le_row(n.links[i].p_max_forward_mw);
                        lp.add_le_row(n.links[i].p_max_reverse_mw);
                    }
                }
                Asset::Generator(g) => {
                    for t in 0..h {
                        lp.add_le_row(case.gen_available_mw(g, t));
                    }
                }
            }
            let per_hour = if matches!(c.asset, Asset::Generator(_)) { 1 } else { 2 };
            self.rows.blocks.push((first, per_hour));
        }
    }

    /// Capacity columns, one per candidate.
    pub fn add_columns(&self, case: &Case, lp: &mut LpBuilder) {
        let h = case.axis.hours;
        let share = h as f64 / 8760.0;
        let mut entries = Vec::new();
        for (i, c) in self.cands.iter().enumerate() {
            entries.clear();
            for t in 0..h {
                match c.asset {
                    Asset::Line(_) | Asset::Link(_) => {
                        entries.push((self.rows.row(i, t, 0), -c.unit));
                        entries.push((self.rows.row(i, t, 1), -c.unit));
                    }
                    Asset::Generator(g) => entries.push((self.rows.row(i, t, 0), -availability_pu(case, g, t) * c.unit)),
                }
            }
            let cost = c.exp.annualized_cost_usd_per_mw_year() * c.unit * share;
            let max_blocks = if c.integer { (c.exp.max_added_mw / c.unit + 1e-9).floor() } else { c.exp.max_added_mw };
            match &self.fixed_mw {
                Some(f) => {
                    let v = f[i] / c.unit;
                    lp.add_col(cost, v, v, &entries);
                }
                None if c.integer && !self.relaxed => lp.add_integer_col(cost, 0.0, max_blocks, &entries, self.mip_rel_gap),
                None => lp.add_col(cost, 0.0, max_blocks, &entries),
            }
        }
    }

    /// Whether the LP is a MIP.
    pub fn is_mip(&self) -> bool {
        self.fixed_mw.is_none() && !self.relaxed && self.cands.iter().any(|c| c.integer)
    }
}
