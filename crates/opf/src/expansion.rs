//! Capacity expansion (E1–E4): the candidates of a case (lines, links, generators,
//! storage power and storage energy), and how their capacity enters one LP.
//!
//! - An LP that *decides* capacities has a capacity column n per candidate (in MW,
//!   or a number of blocks of u MW, integer, when `build_unit_mw` is set or an HVDC
//!   link is built whole), priced at c_year × u n × hours / 8,760 in (O1), with
//!   c_year = capital × CRF + fixed O&M, and the hourly rows that tie flows, output,
//!   charge, discharge and stored energy to it (`ExpansionRows` in [`crate::registry`]).
//! - An LP with capacities *given* (builds fixed: a Benders subproblem, BD2, or the
//!   re-solve that prices a MIP) has no such columns or rows: the additions are in
//!   the bounds and right-hand sides, and the value of one more MW is read from their
//!   duals (`extract::capacity_sensitivity`).

use crate::inputs::availability_pu;
use crate::lp::LpBuilder;
use crate::options::DispatchOptions;
use crate::registry::ExpansionRows;
use crate::solution::Asset;
use nagrid_model::{Case, Expansion, ExpansionSettings, LinkKind};

/// One expandable asset.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub asset: Asset,
    pub exp: Expansion,
    /// Block size (1 for continuous sizing).
    pub unit: f64,
    pub integer: bool,
}

impl Candidate {
    /// Largest number of blocks (of MW when continuous).
    pub fn max_blocks(&self) -> f64 {
        if self.integer {
            (self.exp.max_added_mw / self.unit + 1e-9).floor()
        } else {
            self.exp.max_added_mw
        }
    }

    /// Annualised cost of one block, USD/year.
    pub fn block_cost_usd_per_year(&self) -> f64 {
        self.exp.annualized_cost_usd_per_mw_year() * self.unit
    }
}

/// The expandable assets of `case`, in the order of `ExpansionResults::assets`:
/// lines, links, generators, storage power, storage energy. An HVDC link without a
/// block size is built whole (one block of its largest addition) when
/// `hvdc_built_whole` is set.
pub(crate) fn candidates(case: &Case, settings: &ExpansionSettings) -> Vec<Candidate> {
    let n = &case.network;
    let mut out = Vec::new();
    let mut push = |asset, e: &Expansion, whole: bool| {
        let unit = match e.build_unit_mw {
            Some(u) => Some(u),
            None if whole && e.max_added_mw > 0.0 => Some(e.max_added_mw),
            None => None,
        };
        out.push(Candidate { asset, exp: e.clone(), unit: unit.unwrap_or(1.0), integer: unit.is_some() });
    };
    for (i, l) in n.lines.iter().enumerate() {
        l.expansion.iter().for_each(|e| push(Asset::Line(i), e, false));
    }
    for (i, k) in n.links.iter().enumerate() {
        let whole = settings.hvdc_built_whole && k.kind == LinkKind::Hvdc;
        k.expansion.iter().for_each(|e| push(Asset::Link(i), e, whole));
    }
    for (i, g) in n.generators.iter().enumerate() {
        g.expansion.iter().for_each(|e| push(Asset::Generator(i), e, false));
    }
    for (i, s) in n.storage.iter().enumerate() {
        s.expansion.as_ref().and_then(|e| e.power()).iter().for_each(|e| push(Asset::StoragePower(i), e, false));
    }
    for (i, s) in n.storage.iter().enumerate() {
        s.expansion.as_ref().and_then(|e| e.energy()).iter().for_each(|e| push(Asset::StorageEnergy(i), e, false));
    }
    out
}

/// The expansion part of one LP.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExpansionModel {
    pub cands: Vec<Candidate>,
    /// Candidate of each line / link / generator / storage unit (power, energy), if any.
    pub line: Vec<Option<usize>>,
    pub link: Vec<Option<usize>>,
    pub gen: Vec<Option<usize>>,
    pub power: Vec<Option<usize>>,
    pub energy: Vec<Option<usize>>,
    /// (E1–E4) rows of each candidate (an LP that decides capacities).
    pub rows: ExpansionRows,
    /// Capacities given (MW or MWh, in candidate order): no capacity columns or rows.
    pub fixed_mw: Option<Vec<f64>>,
    /// With capacities given: whether their annualised cost is in the objective.
    pub priced: bool,
    /// Blocks treated as continuous (the LP relaxation).
    pub relaxed: bool,
    /// Capacity columns held at these blocks (`Some`) while the others are decided:
    /// the LP that prices a MIP's solution (its continuous builds stay optimal).
    pub pinned: Option<Vec<Option<f64>>>,
    pub mip_rel_gap: f64,
    /// Absolute MIP gap, USD over the horizon.
    pub mip_abs_gap: f64,
}

impl ExpansionModel {
    /// The candidates of `case` when expansion is on; capacities decided by the LP,
    /// or given by `fixed_mw` (then `priced` says whether their cost is in the objective).
    pub fn new(case: &Case, opts: &DispatchOptions, fixed_mw: Option<Vec<f64>>, relaxed: bool, priced: bool) -> Self {
        let n = &case.network;
        let mut m = ExpansionModel {
            line: vec![None; n.lines.len()],
            link: vec![None; n.links.len()],
            gen: vec![None; n.generators.len()],
            power: vec![None; n.storage.len()],
            energy: vec![None; n.storage.len()],
            fixed_mw,
            priced,
            relaxed,
            mip_rel_gap: opts.expansion.mip_rel_gap,
            ..Default::default()
        };
        if !opts.expansion.enabled {
            m.fixed_mw = None;
            return m;
        }
        m.cands = candidates(case, &opts.expansion);
        // (E1–E4) The default absolute MIP gap: 10 % of the smallest annualised block,
        // over the horizon's share of the year.
        let share = case.axis.hours as f64 / 8760.0;
        let smallest = m.cands.iter().filter(|c| c.integer).map(Candidate::block_cost_usd_per_year).fold(f64::INFINITY, f64::min);
        m.mip_abs_gap = opts.expansion.abs_gap_usd_per_year.unwrap_or(0.1 * smallest) * share;
        for (c, cand) in m.cands.iter().enumerate() {
            let slot = match cand.asset {
                Asset::Line(i) => &mut m.line[i],
                Asset::Link(i) => &mut m.link[i],
                Asset::Generator(i) => &mut m.gen[i],
                Asset::StoragePower(i) => &mut m.power[i],
                Asset::StorageEnergy(i) => &mut m.energy[i],
            };
            *slot = Some(c);
        }
        m
    }

    /// Whether the LP decides capacities (capacity columns and E rows).
    pub fn decides(&self) -> bool {
        self.fixed_mw.is_none() && !self.cands.is_empty()
    }

    /// Addition of candidate `c` the bounds allow, MW (MWh): its largest when the LP
    /// decides, the given one otherwise.
    fn extra(&self, c: Option<usize>) -> f64 {
        match (c, &self.fixed_mw) {
            (None, _) => 0.0,
            (Some(c), Some(f)) => f[c],
            (Some(c), None) => self.cands[c].exp.max_added_mw,
        }
    }

    /// Addition of candidate `c` that is a constant of the LP (given capacities only).
    fn given(&self, c: Option<usize>) -> f64 {
        if self.fixed_mw.is_some() {
            self.extra(c)
        } else {
            0.0
        }
    }

    /// The candidate when the LP has its capacity column and E rows.
    fn decided(&self, c: Option<usize>) -> Option<usize> {
        c.filter(|_| self.fixed_mw.is_none())
    }

    /// Line `l`'s added-capacity bound, MW (0 when not expandable).
    pub fn line_extra(&self, l: usize) -> f64 {
        self.extra(self.line[l])
    }
    /// Link `k`'s added-capacity bound, MW.
    pub fn link_extra(&self, k: usize) -> f64 {
        self.extra(self.link[k])
    }
    /// Generator `g`'s added-capacity bound, MW.
    pub fn gen_extra(&self, g: usize) -> f64 {
        self.extra(self.gen[g])
    }
    /// Storage `s`'s added-power bound, MW.
    pub fn power_extra(&self, s: usize) -> f64 {
        self.extra(self.power[s])
    }
    /// Storage `s`'s added-energy bound, MWh.
    pub fn energy_extra(&self, s: usize) -> f64 {
        self.extra(self.energy[s])
    }
    /// Generator `g`'s given addition (a right-hand-side constant), MW.
    pub fn gen_given(&self, g: usize) -> f64 {
        self.given(self.gen[g])
    }
    /// Storage `s`'s given power addition, MW.
    pub fn power_given(&self, s: usize) -> f64 {
        self.given(self.power[s])
    }
    /// Storage `s`'s given energy addition, MWh.
    pub fn energy_given(&self, s: usize) -> f64 {
        self.given(self.energy[s])
    }
    /// The candidate of line `l` when the LP decides its capacity.
    pub fn line_decided(&self, l: usize) -> Option<usize> {
        self.decided(self.line[l])
    }
    /// The candidate of link `k` when the LP decides its capacity.
    pub fn link_decided(&self, k: usize) -> Option<usize> {
        self.decided(self.link[k])
    }
    /// Whether generator `g` is an expansion candidate (its capacity decided or given).
    pub fn is_gen_candidate(&self, g: usize) -> bool {
        self.gen[g].is_some()
    }
    /// The candidate of generator `g` when the LP decides its capacity.
    pub fn gen_decided(&self, g: usize) -> Option<usize> {
        self.decided(self.gen[g])
    }
    /// The power candidate of storage `s` when the LP decides it.
    pub fn power_decided(&self, s: usize) -> Option<usize> {
        self.decided(self.power[s])
    }
    /// The energy candidate of storage `s` when the LP decides it.
    pub fn energy_decided(&self, s: usize) -> Option<usize> {
        self.decided(self.energy[s])
    }

    /// (E1–E4) rows of an LP that decides capacities: 2 × `hours` per line, link or
    /// storage power, `hours` per generator or storage energy, plus a final-state row
    /// for storage energy with a required final state.
    pub fn add_rows(&mut self, case: &Case, lp: &mut LpBuilder) {
        let h = case.axis.hours;
        let n = &case.network;
        self.rows.blocks.clear();
        if !self.decides() {
            return;
        }
        for c in &self.cands {
            let first = lp.n_rows();
            let per_hour = match c.asset {
                Asset::Line(i) => {
                    for _ in 0..h {
                        lp.add_le_row(n.lines[i].s_max_mw);
                        lp.add_le_row(n.lines[i].s_max_reverse_mw);
                    }
                    2
                }
                Asset::Link(i) => {
                    for _ in 0..h {
                        lp.add_le_row(n.links[i].p_max_forward_mw);
                        lp.add_le_row(n.links[i].p_max_reverse_mw);
                    }
                    2
                }
                Asset::Generator(g) => {
                    for t in 0..h {
                        lp.add_le_row(case.gen_available_mw(g, t));
                    }
                    1
                }
                Asset::StoragePower(s) => {
                    for _ in 0..2 * h {
                        lp.add_le_row(n.storage[s].p_max_mw);
                    }
                    2
                }
                Asset::StorageEnergy(s) => {
                    let u = &n.storage[s];
                    for _ in 0..h {
                        lp.add_le_row(u.energy_mwh);
                    }
                    if let Some(f) = u.soc_final_pu {
                        lp.add_eq_row(f * u.energy_mwh);
                    }
                    1
                }
            };
            self.rows.blocks.push((first, per_hour));
        }
    }

    /// Capacity columns of an LP that decides capacities, one per candidate;
    /// `coupling[c]` holds candidate c's entries in rows outside its own block
    /// (storage boundary states and reserve rows, from the builder).
    pub fn add_columns(&self, case: &Case, coupling: &[Vec<(usize, f64)>], lp: &mut LpBuilder) {
        if !self.decides() {
            return;
        }
        let h = case.axis.hours;
        let share = h as f64 / 8760.0;
        let mut entries = Vec::new();
        for (i, c) in self.cands.iter().enumerate() {
            entries.clear();
            for t in 0..h {
                match c.asset {
                    Asset::Line(_) | Asset::Link(_) | Asset::StoragePower(_) => {
                        entries.push((self.rows.row(i, t, 0), -c.unit));
                        entries.push((self.rows.row(i, t, 1), -c.unit));
                    }
                    Asset::Generator(g) => entries.push((self.rows.row(i, t, 0), -availability_pu(case, g, t) * c.unit)),
                    Asset::StorageEnergy(_) => entries.push((self.rows.row(i, t, 0), -c.unit)),
                }
            }
            if let Asset::StorageEnergy(s) = c.asset {
                if let Some(f) = case.network.storage[s].soc_final_pu {
                    entries.push((self.rows.final_row(i, h), -f * c.unit));
                }
            }
            entries.extend(coupling.get(i).into_iter().flatten().map(|&(r, a)| (r, a * c.unit)));
            let cost = c.block_cost_usd_per_year() * share;
            match self.pinned.as_ref().and_then(|p| p[i]) {
                Some(b) => lp.add_col(cost, b, b, &entries),
                None if c.integer && !self.relaxed => lp.add_integer_col(cost, 0.0, c.max_blocks(), &entries, self.mip_rel_gap),
                None => lp.add_col(cost, 0.0, c.max_blocks(), &entries),
            }
        }
        if self.is_mip() && self.mip_abs_gap.is_finite() {
            lp.set_mip_gaps(self.mip_rel_gap, self.mip_abs_gap);
        }
    }

    /// Capacity columns in the LP.
    pub fn n_columns(&self) -> usize {
        if self.decides() {
            self.cands.len()
        } else {
            0
        }
    }

    /// Annualised cost of the given capacities over the horizon, USD (0 unless priced).
    pub fn given_cost_usd(&self, case: &Case) -> f64 {
        match (&self.fixed_mw, self.priced) {
            (Some(f), true) => {
                let share = case.axis.hours as f64 / 8760.0;
                self.cands.iter().zip(f).map(|(c, mw)| c.exp.annualized_cost_usd_per_mw_year() * mw * share).sum()
            }
            _ => 0.0,
        }
    }

    /// Whether the LP is a MIP.
    pub fn is_mip(&self) -> bool {
        self.decides() && !self.relaxed && self.pinned.is_none() && self.cands.iter().any(|c| c.integer)
    }
}
