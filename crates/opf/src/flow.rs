//! Power flow between regions: AC lines (T1 limits; K1, K2 or K4 Kirchhoff rows in
//! the `dc` formulation), voltage angles (K1) or net injections (K4), and
//! controllable links (L1).

use crate::error::OpfError;
use crate::expansion::ExpansionModel;
use crate::lp::LpBuilder;
use crate::options::DispatchOptions;
use crate::ptdf::Ptdf;
use crate::registry::{HourlyBlock, HurdleRows, KirchhoffRows, Layout, Rows};
use crate::topology::Topology;
use nagrid_model::{Case, Formulation, KvlMethod, Line};

/// The network formulation in force, prepared from the case settings.
pub(crate) struct FlowModel {
    pub formulation: Formulation,
    pub kvl: KvlMethod,
    pub topology: Option<Topology>,
    /// (K4) Distribution factors, with `kvl = "ptdf"`.
    pub ptdf: Option<Ptdf>,
}

impl FlowModel {
    pub fn new(case: &Case, opts: &DispatchOptions) -> Result<Self, OpfError> {
        let m = &opts.model;
        let dc = m.formulation == Formulation::Dc;
        let topology = dc.then(|| Topology::new(&case.network));
        let ptdf = match (&topology, m.kvl) {
            (Some(t), KvlMethod::Ptdf) => Some(Ptdf::new(&case.network, t)?),
            _ => None,
        };
        Ok(Self { formulation: m.formulation, kvl: m.kvl, topology, ptdf })
    }

    /// Angle columns (K1) or net-injection columns (K4) per hour.
    pub fn n_angles(&self, case: &Case) -> usize {
        match (self.formulation, self.kvl) {
            (Formulation::Dc, KvlMethod::Angles | KvlMethod::Ptdf) => case.network.regions.len(),
            _ => 0,
        }
    }

    /// Network rows per hour.
    pub fn n_rows(&self, case: &Case) -> usize {
        match (self.formulation, self.kvl, &self.topology, &self.ptdf) {
            (Formulation::Dc, KvlMethod::Angles, _, _) => case.network.lines.len(),
            (Formulation::Dc, KvlMethod::Cycles, Some(t), _) => t.cycles.len(),
            (Formulation::Dc, KvlMethod::Ptdf, _, Some(p)) => case.network.lines.len() + p.areas,
            _ => 0,
        }
    }
}

/// Phase shift in radians.
fn shift_rad(line: &Line) -> f64 {
    line.phase_shift_deg.to_radians()
}

/// Flow bounds of a line: the thermal limit in each direction (T1, T2) intersected, in the `dc`
/// formulation, with its angle-difference limits expressed as flow limits (K3):
/// θ_from − θ_to = f / b + shift.
pub(crate) fn line_bounds(line: &Line, dc: bool, base_mva: f64, extra_mw: f64) -> (f64, f64) {
    let mut lo = -line.s_max_reverse_mw - extra_mw;
    let mut hi = line.s_max_mw + extra_mw;
    if dc {
        // θ_from − θ_to ∈ [amin, amax]  ⇔  f ∈ b·([amin, amax] − shift); b < 0 for a
        // series capacitor (negative reactance) flips the interval.
        let b = line.b_mw_per_rad(base_mva);
        let s = shift_rad(line);
        let amin = line.angle_min_deg.map_or(f64::NEG_INFINITY, f64::to_radians);
        let amax = line.angle_max_deg.map_or(f64::INFINITY, f64::to_radians);
        let (a, c) = (b * (amin - s), b * (amax - s));
        let (flo, fhi) = if b >= 0.0 { (a, c) } else { (c, a) };
        lo = lo.max(if flo.is_nan() { f64::NEG_INFINITY } else { flo });
        hi = hi.min(if fhi.is_nan() { f64::INFINITY } else { fhi });
    }
    (lo, hi)
}

/// (K1, K2, K4) Kirchhoff rows (see [`KirchhoffRows`]); with K4, a flow row per line
/// (f − Φ p = f⁰) and then a balance row per synchronous area (Σ p = 0).
pub(crate) fn add_network_rows(case: &Case, fm: &FlowModel, hours: usize, lp: &mut LpBuilder) -> KirchhoffRows {
    let block = KirchhoffRows(HourlyBlock { first: lp.n_rows(), per_hour: fm.n_rows(case) });
    if fm.formulation != Formulation::Dc {
        return block;
    }
    let net = &case.network;
    for t in 0..hours {
        match (fm.kvl, &fm.topology) {
            (KvlMethod::Angles, _) => {
                for (i, line) in net.lines.iter().enumerate() {
                    let row = lp.add_eq_row(-line.b_mw_per_rad(net.base_mva) * shift_rad(line));
                    debug_assert_eq!(row, block.row(i, t));
                }
            }
            (KvlMethod::Cycles, Some(topo)) => {
                for (i, cycle) in topo.cycles.iter().enumerate() {
                    let rhs: f64 = -net.base_mva * cycle.iter().map(|&(k, d)| d * shift_rad(&net.lines[k])).sum::<f64>();
                    let row = lp.add_eq_row(rhs);
                    debug_assert_eq!(row, block.row(i, t));
                }
            }
            (KvlMethod::Ptdf, _) => {
                let p = fm.ptdf.as_ref().expect("ptdf is prepared with the dc topology");
                for (i, &f0) in p.f0_mw.iter().enumerate() {
                    let row = lp.add_eq_row(f0);
                    debug_assert_eq!(row, block.row(i, t));
                }
                for a in 0..p.areas {
                    let row = lp.add_eq_row(0.0);
                    debug_assert_eq!(row, block.row(net.lines.len() + a, t));
                }
            }
            _ => {}
        }
    }
    block
}

/// The flow column's bounds and entries of each line in each hour.
struct LineEntries<'a> {
    case: &'a Case,
    fm: &'a FlowModel,
    ex: &'a ExpansionModel,
    rows: &'a Rows,
    /// Cycle membership of each line: (cycle, coefficient x·τ·dir).
    member: Vec<Vec<(usize, f64)>>,
}

impl<'a> LineEntries<'a> {
    fn new(case: &'a Case, fm: &'a FlowModel, ex: &'a ExpansionModel, rows: &'a Rows) -> Self {
        let net = &case.network;
        let mut member: Vec<Vec<(usize, f64)>> = vec![Vec::new(); net.lines.len()];
        if let (Formulation::Dc, KvlMethod::Cycles, Some(topo)) = (fm.formulation, fm.kvl, &fm.topology) {
            for (c, cycle) in topo.cycles.iter().enumerate() {
                for &(k, d) in cycle {
                    let line = &net.lines[k];
                    member[k].push((c, d * line.x_pu * line.tap_ratio));
                }
            }
        }
        Self { case, fm, ex, rows, member }
    }

    /// Bounds of line `i`'s flow in hour `t`, with its entries (× `sign`) in `entries`.
    fn get(&self, i: usize, t: usize, sign: f64, entries: &mut Vec<(usize, f64)>) -> (f64, f64) {
        let (net, fm, rows, ex) = (&self.case.network, self.fm, self.rows, self.ex);
        let dc = fm.formulation == Formulation::Dc;
        let line = &net.lines[i];
        entries.clear();
        if !(dc && fm.kvl == KvlMethod::Ptdf) {
            entries.push((rows.balance.row(line.from, t), -sign));
            entries.push((rows.balance.row(line.to, t), sign));
        }
        if let Some(c) = ex.line_decided(i) {
            // (E1) |f| ≤ F̄ + added.
            entries.push((ex.rows.row(c, t, 0), sign));
            entries.push((ex.rows.row(c, t, 1), -sign));
        }
        if dc {
            match fm.kvl {
                KvlMethod::Angles | KvlMethod::Ptdf => entries.push((rows.kirchhoff.row(i, t), sign)),
                KvlMethod::Cycles => entries.extend(self.member[i].iter().map(|&(c, a)| (rows.kirchhoff.row(c, t), sign * a))),
            }
        }
        line_bounds(line, dc, net.base_mva, ex.line_extra(i))
    }
}

/// (T1) AC line flows; in the `dc` formulation they also enter their K1 or K2 rows,
/// and with K4 their flow row instead of the regions' balances (the injections do).
/// (T3) A line with a hurdle rate keeps its flow column at zero: its flow is written
/// as f⁺ − f⁻ ([`add_hurdle_columns`]).
pub(crate) fn add_line_columns(case: &Case, fm: &FlowModel, ex: &ExpansionModel, l: &Layout, rows: &Rows, lp: &mut LpBuilder) {
    let lines = LineEntries::new(case, fm, ex, rows);
    let mut entries = Vec::new();
    for t in 0..l.hours {
        for i in 0..case.network.lines.len() {
            if rows.hurdle.slot[i].is_some() {
                lp.add_col(0.0, 0.0, 0.0, &[]);
                continue;
            }
            let (lo, hi) = lines.get(i, t, 1.0, &mut entries);
            lp.add_col(0.0, lo, hi, &entries);
        }
    }
}

/// Lines with a hurdle rate (T3), which get forward and reverse flow columns.
pub(crate) fn hurdled_lines(case: &Case) -> usize {
    case.network.lines.iter().filter(|l| l.hurdle_usd_per_mwh > 0.0).count()
}

/// (T3) The lines with a hurdle rate (see [`HurdleRows`]); their flows need no row.
pub(crate) fn add_hurdle_rows(case: &Case, lp: &LpBuilder) -> HurdleRows {
    let mut slot = Vec::with_capacity(case.network.lines.len());
    let mut k = 0;
    for l in &case.network.lines {
        slot.push((l.hurdle_usd_per_mwh > 0.0).then(|| {
            k += 1;
            k - 1
        }));
    }
    HurdleRows { block: HourlyBlock { first: lp.n_rows(), per_hour: 0 }, slot }
}

/// (T3) Forward and reverse parts of hurdled lines' flows, f = f⁺ − f⁻: f⁺ with the
/// flow's entries, f⁻ with them negated, each priced at the hurdle rate in (O1), f⁺
/// within [max(lo, 0), max(hi, 0)] and f⁻ within [max(−hi, 0), max(−lo, 0)] for the
/// flow's bounds [lo, hi]; all forward parts, then all reverse parts.
pub(crate) fn add_hurdle_columns(case: &Case, fm: &FlowModel, ex: &ExpansionModel, l: &Layout, rows: &Rows, lp: &mut LpBuilder) {
    debug_assert_eq!(l.line_neg - l.line_pos, l.hours * l.n_hurdle);
    let lines = LineEntries::new(case, fm, ex, rows);
    let mut entries = Vec::new();
    for sign in [1.0, -1.0] {
        debug_assert_eq!(lp.n_cols(), if sign > 0.0 { l.line_pos } else { l.line_neg });
        for t in 0..l.hours {
            for (i, line) in case.network.lines.iter().enumerate() {
                if rows.hurdle.slot[i].is_some() {
                    let (lo, hi) = lines.get(i, t, sign, &mut entries);
                    let (lo, hi) = if sign > 0.0 { (lo, hi) } else { (-hi, -lo) };
                    lp.add_col(line.hurdle_usd_per_mwh, lo.max(0.0), hi.max(0.0), &entries);
                }
            }
        }
    }
}

/// (K1) Voltage angles θ_{r,t} in radians: free, except 0 at the reference region
/// of each connected AC area. (K4) Net injections p_{r,t}, MW: free, leaving the
/// region's balance, entering its area's balance and every line's flow row with −Φ.
pub(crate) fn add_angle_columns(case: &Case, fm: &FlowModel, l: &Layout, rows: &Rows, lp: &mut LpBuilder) {
    if l.n_angles == 0 {
        return;
    }
    let net = &case.network;
    let topo = fm.topology.as_ref().expect("dc has a topology");
    let mut incident: Vec<Vec<(usize, f64)>> = vec![Vec::new(); net.regions.len()];
    if let Some(p) = &fm.ptdf {
        for (i, f) in p.factors.iter().enumerate() {
            for &(r, a) in f {
                incident[r].push((i, -a));
            }
        }
    } else {
        for (i, line) in net.lines.iter().enumerate() {
            let b = line.b_mw_per_rad(net.base_mva);
            incident[line.from].push((i, -b));
            incident[line.to].push((i, b));
        }
    }
    let mut entries = Vec::new();
    for t in 0..l.hours {
        for (r, rr) in incident.iter().enumerate() {
            entries.clear();
            entries.extend(rr.iter().map(|&(i, a)| (rows.kirchhoff.row(i, t), a)));
            let (lo, hi) = if fm.ptdf.is_some() {
                entries.push((rows.balance.row(r, t), -1.0));
                entries.push((rows.kirchhoff.row(net.lines.len() + topo.component[r], t), 1.0));
                (f64::NEG_INFINITY, f64::INFINITY)
            } else if topo.reference[topo.component[r]] == r {
                (0.0, 0.0)
            } else {
                (f64::NEG_INFINITY, f64::INFINITY)
            };
            lp.add_col(0.0, lo, hi, &entries);
        }
    }
}

/// (L1) Links: each direction sends up to its limit; `efficiency` of it arrives.
pub(crate) fn add_link_columns(case: &Case, ex: &ExpansionModel, l: &Layout, rows: &Rows, lp: &mut LpBuilder) {
    let links = &case.network.links;
    let mut e = Vec::with_capacity(3);
    for dir in 0..2 {
        for t in 0..l.hours {
            for (i, k) in links.iter().enumerate() {
                let (from, to, cap) = if dir == 0 { (k.from, k.to, k.p_max_forward_mw) } else { (k.to, k.from, k.p_max_reverse_mw) };
                e.clear();
                e.push((rows.balance.row(from, t), -1.0));
                e.push((rows.balance.row(to, t), k.efficiency));
                if let Some(c) = ex.link_decided(i) {
                    // (E2) sent ≤ F̄ + added.
                    e.push((ex.rows.row(c, t, dir), 1.0));
                }
                // (L1, T3) Wheeling and hurdle rate per MWh sent.
                lp.add_col(k.wheeling_cost_usd_per_mwh + k.hurdle_usd_per_mwh, 0.0, cap + ex.link_extra(i), &e);
            }
        }
    }
}

/// Voltage angles in degrees, `[region][hour]`: read from the angle columns (K1),
/// or rebuilt from the flows along the spanning forest (K2, K4). Empty for `transport`.
pub(crate) fn angles_deg(case: &Case, fm: &FlowModel, l: &Layout, x: &[f64], flows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let Some(topo) = &fm.topology else { return Vec::new() };
    let net = &case.network;
    if l.n_angles > 0 && fm.kvl == KvlMethod::Angles {
        return l.unpack(x, l.angle, l.n_angles).into_iter().map(|v| v.into_iter().map(f64::to_degrees).collect()).collect();
    }
    // Regions in order of depth so parents come first.
    let mut order: Vec<usize> = (0..net.regions.len()).collect();
    order.sort_by_key(|&r| topo.depth[r]);
    let mut theta = vec![vec![0.0; l.hours]; net.regions.len()];
    for &c in &order {
        if let Some((p, k)) = topo.parent[c] {
            let line = &net.lines[k];
            let b = line.b_mw_per_rad(net.base_mva);
            let s = shift_rad(line);
            for t in 0..l.hours {
                let drop = flows[k][t] / b + s; // θ_from − θ_to
                theta[c][t] = if line.from == p { theta[p][t] - drop } else { theta[p][t] + drop };
            }
        }
    }
    // The tree is rooted at the first region of each area; move the zero to the
    // area's reference region.
    let shift: Vec<Vec<f64>> = (0..net.regions.len()).map(|r| theta[topo.reference[topo.component[r]]].clone()).collect();
    theta.iter().zip(shift).map(|(v, z)| v.iter().zip(z).map(|(a, b)| (a - b).to_degrees()).collect()).collect()
}
