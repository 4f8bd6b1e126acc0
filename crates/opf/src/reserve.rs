//! Operating reserves (RS1–RS3): who may provide them, the requirement and
//! provision rows, and the reserve and shortage columns. The rows and their
//! equations: `ReserveRows` in [`crate::registry`].

use crate::expansion::ExpansionModel;
use crate::lp::LpBuilder;
use crate::registry::{HourlyBlock, Layout, ReserveRows, Rows};
use nagrid_model::Case;

/// (RS4) Cost, lower and upper bound of band generator g's top-band column in hour t,
/// adding its entries besides the requirement rows: `band(g, t, entries)`.
pub(crate) type BandColumn<'a> = dyn Fn(usize, usize, &mut Vec<(usize, f64)>) -> (f64, f64, f64) + 'a;

/// A unit that may hold reserve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Provider {
    Generator(usize),
    Storage(usize),
}

/// The reserve part of one LP, prepared from the case.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReserveModel {
    /// Eligible generators (reserve_max_pu > 0, region in some scope), then storage.
    pub providers: Vec<Provider>,
    /// Provider index of each generator / storage unit, if eligible.
    pub gen_slot: Vec<Option<usize>>,
    pub storage_slot: Vec<Option<usize>>,
    /// Reserves each provider counts towards (every scope containing its region).
    pub serves: Vec<Vec<usize>>,
    /// First shortage column (within an hour) of each reserve; its steps, then one at the value of lost load.
    pub shortage_offset: Vec<usize>,
    pub n_shortage: usize,
    /// Requirement `[reserve][hour]`, MW (RS1).
    pub requirement_mw: Vec<Vec<f64>>,
    /// (RS4) Per provider: whether it is a generator whose reserve is its top band
    /// (whose capacity the LP neither decides nor is given, with a linear cost).
    pub band: Vec<bool>,
}

impl ReserveModel {
    pub fn new(case: &Case) -> Self {
        let n = &case.network;
        let mut m =
            ReserveModel { gen_slot: vec![None; n.generators.len()], storage_slot: vec![None; n.storage.len()], ..Default::default() };
        if n.reserves.is_empty() {
            return m;
        }
        let scopes = |r: usize| -> Vec<usize> { n.reserves.iter().enumerate().filter(|(_, x)| x.covers(r)).map(|(i, _)| i).collect() };
        for (g, gen) in n.generators.iter().enumerate() {
            let serves = scopes(gen.region);
            if gen.reserve_max_pu > 0.0 && gen.p_max_mw > 0.0 && !serves.is_empty() {
                m.gen_slot[g] = Some(m.providers.len());
                m.providers.push(Provider::Generator(g));
                m.serves.push(serves);
            }
        }
        for (s, u) in n.storage.iter().enumerate() {
            let serves = scopes(u.region);
            if u.reserve_max_pu > 0.0 && u.p_max_mw > 0.0 && !serves.is_empty() {
                m.storage_slot[s] = Some(m.providers.len());
                m.providers.push(Provider::Storage(s));
                m.serves.push(serves);
            }
        }
        for r in &n.reserves {
            m.shortage_offset.push(m.n_shortage);
            m.n_shortage += r.shortage.len() + 1;
        }
        m.requirement_mw = n
            .reserves
            .iter()
            .map(|r| (0..case.axis.hours).map(|t| r.requirement_mw(&case.load_mw, t, case.year_month(t))).collect())
            .collect();
        m
    }

    /// (RS4) Mark the generators whose reserve is written as their top band: every
    /// eligible generator that is not an expansion candidate (`candidate(g)`) and has no
    /// quadratic cost.
    pub fn set_bands(&mut self, case: &Case, candidate: impl Fn(usize) -> bool) {
        let n = &case.network;
        self.band = self
            .providers
            .iter()
            .map(|p| match *p {
                Provider::Generator(g) => !candidate(g) && n.generators[g].cost_quadratic_usd_per_mw2h == 0.0,
                Provider::Storage(_) => false,
            })
            .collect();
    }

    /// (RS4) The band generator of provider `k`, if it is one.
    pub fn band_gen(&self, k: usize) -> Option<usize> {
        match self.providers[k] {
            Provider::Generator(g) if self.band.get(k).copied().unwrap_or(false) => Some(g),
            _ => None,
        }
    }

    /// (RS4) Whether generator `g` is a band provider.
    pub fn is_band(&self, g: usize) -> bool {
        self.gen_slot[g].is_some_and(|k| self.band_gen(k).is_some())
    }

    /// (RS4) Width of band generator `g`'s top band in hour `t`, MW: the reserve it can
    /// hold at most, min(ρ P̄, available).
    pub fn band_mw(case: &Case, derates: &nagrid_model::GenDerates, g: usize, t: usize) -> f64 {
        let gen = &case.network.generators[g];
        (gen.reserve_max_pu * gen.p_max_mw).min(derates.available_mw(case, g, t)).max(0.0)
    }

    /// (RS1) requirement rows, then (RS2) provision rows (see [`ReserveRows`]).
    pub fn add_rows(&self, case: &Case, ex: &ExpansionModel, lp: &mut LpBuilder) -> ReserveRows {
        let h = case.axis.hours;
        let n = &case.network;
        let requirement = HourlyBlock { first: lp.n_rows(), per_hour: n.reserves.len() };
        let derates = case.gen_derates();
        // (RS4) Band generators hold their whole band less the output in it: the bands move to the right-hand side.
        let mut bands = vec![0.0; n.reserves.len()];
        for t in 0..h {
            bands.iter_mut().for_each(|b| *b = 0.0);
            for k in 0..self.providers.len() {
                if let Some(g) = self.band_gen(k) {
                    let w = Self::band_mw(case, &derates, g, t);
                    self.serves[k].iter().for_each(|&i| bands[i] += w);
                }
            }
            for i in 0..n.reserves.len() {
                let row = lp.add_ge_row(self.requirement_mw[i][t] - bands[i]);
                debug_assert_eq!(row, requirement.row(i, t));
            }
        }
        let mut offset = Vec::with_capacity(self.providers.len());
        let mut per_hour = 0;
        for (k, p) in self.providers.iter().enumerate() {
            match *p {
                Provider::Generator(_) if self.band_gen(k).is_some() => offset.push(None),
                Provider::Generator(g) if ex.gen_decided(g).is_some() => offset.push(None),
                Provider::Generator(_) => {
                    offset.push(Some(per_hour));
                    per_hour += 1;
                }
                Provider::Storage(_) => {
                    offset.push(Some(per_hour));
                    per_hour += 2;
                }
            }
        }
        let provision = HourlyBlock { first: lp.n_rows(), per_hour };
        for t in 0..h {
            for (k, p) in self.providers.iter().enumerate() {
                match *p {
                    Provider::Generator(_) if self.band_gen(k).is_some() => {}
                    Provider::Generator(g) if ex.gen_decided(g).is_some() => {}
                    Provider::Generator(g) => {
                        lp.add_le_row(derates.available_mw(case, g, t) + derates.availability_pu(case, g, t) * ex.gen_given(g));
                    }
                    Provider::Storage(s) => {
                        let u = &n.storage[s];
                        lp.add_le_row(u.p_max_mw + ex.power_given(s));
                        let before = match (t, u.soc_initial_pu) {
                            (0, Some(pu)) => u.efficiency_discharge * pu * (u.energy_mwh + ex.energy_given(s)),
                            _ => 0.0,
                        };
                        lp.add_le_row(before);
                    }
                }
            }
        }
        ReserveRows { requirement, provision, offset }
    }

    /// (RS2) The entry of generator `g`'s output in hour `t` in its provision row.
    pub fn gen_entry(&self, rows: &Rows, g: usize, t: usize) -> Option<(usize, f64)> {
        self.gen_slot[g].and_then(|k| rows.reserve.provision(k, t, 0)).map(|r| (r, 1.0))
    }

    /// (RS2) The entry of storage `s`'s charge (`sign` −1) or discharge (+1) in hour `t`.
    pub fn storage_power_entry(&self, rows: &Rows, s: usize, t: usize, sign: f64) -> Option<(usize, f64)> {
        self.storage_slot[s].and_then(|k| rows.reserve.provision(k, t, 0)).map(|r| (r, sign))
    }

    /// (RS2) The energy row of storage `s` in the first hour (whose right-hand side
    /// holds the initial state), if it provides reserve.
    pub fn storage_initial_energy_row(&self, rows: &Rows, s: usize) -> Option<usize> {
        self.storage_slot[s].and_then(|k| rows.reserve.provision(k, 0, 1))
    }

    /// (RS2) The row of storage `s`'s power headroom in hour `t`, if it provides reserve.
    pub fn storage_power_row(&self, rows: &Rows, s: usize, t: usize) -> Option<usize> {
        self.storage_slot[s].and_then(|k| rows.reserve.provision(k, t, 0))
    }

    /// (RS2) The provision row of generator `g` in hour `t` (none when the LP decides
    /// its capacity: its E3 row serves).
    pub fn gen_row(&self, rows: &Rows, g: usize, t: usize) -> Option<usize> {
        self.gen_slot[g].and_then(|k| rows.reserve.provision(k, t, 0))
    }

    /// (RS2) The entry of storage `s`'s state at the end of hour `t` in the energy
    /// row of the next hour (hour 0 when the storage is cyclic and `t` the last hour).
    pub fn storage_energy_entry(&self, case: &Case, rows: &Rows, s: usize, t: usize) -> Option<(usize, f64)> {
        let k = self.storage_slot[s]?;
        let u = &case.network.storage[s];
        let h = case.axis.hours;
        let next = if t + 1 < h {
            t + 1
        } else if u.soc_initial_pu.is_none() {
            0
        } else {
            return None;
        };
        rows.reserve.provision(k, next, 1).map(|r| (r, -u.efficiency_discharge))
    }

    /// Reserve columns r (RS2), or (RS4) a band generator's output in its top band,
    /// whose cost, bounds and entries besides the requirement rows `band(g, t, entries)`
    /// gives; then shortage columns σ (RS3).
    pub fn add_columns(
        &self,
        case: &Case,
        ex: &ExpansionModel,
        (l, rows): (&Layout, &Rows),
        voll: f64,
        band: &BandColumn,
        lp: &mut LpBuilder,
    ) {
        let n = &case.network;
        let mut e = Vec::new();
        debug_assert_eq!(lp.n_cols(), l.reserve);
        for t in 0..l.hours {
            for (k, p) in self.providers.iter().enumerate() {
                e.clear();
                if let Some(g) = self.band_gen(k) {
                    e.extend(self.serves[k].iter().map(|&i| (rows.reserve.requirement(i, t), -1.0)));
                    let (cost, lb, ub) = band(g, t, &mut e);
                    lp.add_col(cost, lb, ub, &e);
                    continue;
                }
                e.extend(self.serves[k].iter().map(|&i| (rows.reserve.requirement(i, t), 1.0)));
                let ub = match *p {
                    Provider::Generator(g) => {
                        match (ex.gen_decided(g), rows.reserve.provision(k, t, 0)) {
                            (Some(c), _) => e.push((ex.rows.row(c, t, 0), 1.0)),
                            (None, Some(r)) => e.push((r, 1.0)),
                            (None, None) => {}
                        }
                        n.generators[g].reserve_max_pu * n.generators[g].p_max_mw
                    }
                    Provider::Storage(s) => {
                        e.extend(rows.reserve.provision(k, t, 0).map(|r| (r, 1.0)));
                        e.extend(rows.reserve.provision(k, t, 1).map(|r| (r, 1.0)));
                        n.storage[s].reserve_max_pu * n.storage[s].p_max_mw
                    }
                };
                lp.add_col(0.0, 0.0, ub, &e);
            }
        }
        debug_assert_eq!(lp.n_cols(), l.shortage);
        for t in 0..l.hours {
            for (i, r) in n.reserves.iter().enumerate() {
                let req = self.requirement_mw[i][t].max(0.0);
                let row = [(rows.reserve.requirement(i, t), 1.0)];
                for seg in &r.shortage {
                    lp.add_col(seg.price_usd_per_mwh, 0.0, seg.share * req, &row);
                }
                lp.add_col(voll, 0.0, req, &row);
            }
        }
    }
}
