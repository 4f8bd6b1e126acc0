//! (K4) Power transfer distribution factors: the flow of every AC line as a linear
//! function of the regions' net injections, f = Φ p + f⁰, for the `ptdf` way of
//! writing Kirchhoff's law (docs/formulation.md, K4).
//!
//! With the line–region incidence A (+1 at the `from` end, −1 at the `to` end),
//! susceptances b (MW/rad) and phase shifts φ (rad), the angle model is
//! f = diag(b) (A θ − φ) and the injections are p = Aᵀ f. Fixing θ = 0 at each
//! area's reference region, θ = B⁻¹ (p + Aᵀ (b∘φ)) on the other regions with
//! B = Aᵀ diag(b) A, so Φ = diag(b) A B⁻¹ (zero columns at the references) and
//! f⁰ = Φ Aᵀ (b∘φ) − b∘φ.

use crate::error::OpfError;
use crate::topology::Topology;
use nagrid_model::Network;

/// Largest number of regions (buses) the dense factors are computed for: Φ has
/// lines × regions entries, and every one is a non-zero of each hour's rows.
pub const MAX_PTDF_REGIONS: usize = 2_000;

/// Factors smaller than this (relative to the largest of their line) are dropped:
/// they are round-off, e.g. for regions on a radial branch behind the reference.
const DROP: f64 = 1e-10;

/// Distribution factors of a network's AC lines.
#[derive(Debug, Clone)]
pub(crate) struct Ptdf {
    /// Non-zero factors of each line: (region, Φ_{l,r}).
    pub factors: Vec<Vec<(usize, f64)>>,
    /// Flow of each line with no injection (phase shifters only), MW.
    pub f0_mw: Vec<f64>,
    /// Synchronous areas (connected components), one balance row each per hour.
    pub areas: usize,
}

impl Ptdf {
    /// Factors of `net`'s lines on its AC topology `topo`.
    pub fn new(net: &Network, topo: &Topology) -> Result<Self, OpfError> {
        let nr = net.regions.len();
        if nr > MAX_PTDF_REGIONS {
            return Err(OpfError::Input(format!(
                "kvl = \"ptdf\" is for zonal networks: {nr} regions is more than {MAX_PTDF_REGIONS} (the factors are dense); use kvl = \"cycles\""
            )));
        }
        // Column of each non-reference region in the reduced matrix.
        let is_ref = |r: usize| topo.reference[topo.component[r]] == r;
        let mut col = vec![usize::MAX; nr];
        let mut m = 0;
        for (r, c) in col.iter_mut().enumerate() {
            if !is_ref(r) {
                *c = m;
                m += 1;
            }
        }
        let b: Vec<f64> = net.lines.iter().map(|l| l.b_mw_per_rad(net.base_mva)).collect();
        let mut bbus = nalgebra::DMatrix::<f64>::zeros(m, m);
        for (l, line) in net.lines.iter().enumerate() {
            let (i, j) = (col[line.from], col[line.to]);
            for (x, y, v) in [(i, i, b[l]), (j, j, b[l]), (i, j, -b[l]), (j, i, -b[l])] {
                if x != usize::MAX && y != usize::MAX {
                    bbus[(x, y)] += v;
                }
            }
        }
        let inv = bbus.try_inverse().ok_or_else(|| {
            OpfError::Input(
                "kvl = \"ptdf\": the susceptance matrix is singular (reactances cancel around a cut); use kvl = \"cycles\"".into(),
            )
        })?;
        let mut factors: Vec<Vec<(usize, f64)>> = Vec::with_capacity(net.lines.len());
        for (l, line) in net.lines.iter().enumerate() {
            // Row l of diag(b) A B⁻¹: b_l (row `from` − row `to`) of B⁻¹.
            let row = |r: usize| if col[r] == usize::MAX { None } else { Some(inv.row(col[r])) };
            let mut dense = vec![0.0; nr];
            for (r, &c) in col.iter().enumerate() {
                if c == usize::MAX {
                    continue;
                }
                let from = row(line.from).map_or(0.0, |v| v[c]);
                let to = row(line.to).map_or(0.0, |v| v[c]);
                dense[r] = b[l] * (from - to);
            }
            let big = dense.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
            factors.push(dense.into_iter().enumerate().filter(|&(_, v)| v.abs() > DROP * big.max(1.0)).collect());
        }
        // f⁰ = Φ Aᵀ (b∘φ) − b∘φ.
        let bphi: Vec<f64> = net.lines.iter().zip(&b).map(|(l, b)| b * l.phase_shift_deg.to_radians()).collect();
        let mut inj = vec![0.0; nr];
        for (line, v) in net.lines.iter().zip(&bphi) {
            inj[line.from] += v;
            inj[line.to] -= v;
        }
        let f0_mw = factors.iter().zip(&bphi).map(|(f, v)| f.iter().map(|&(r, a)| a * inj[r]).sum::<f64>() - v).collect();
        Ok(Self { factors, f0_mw, areas: topo.reference.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nagrid_model::{Country, Line, Region};

    /// A triangle a–b–c with equal reactances: an injection at b taken out at the
    /// reference a flows 2/3 on the direct line and 1/3 around through c.
    #[test]
    fn triangle_by_hand() {
        let regions = ["a", "b", "c"].map(|id| Region::new(id, Country::US, "Eastern")).to_vec();
        let line = |id: &str, f, t| Line::new(id, f, t, 1000.0, 0.1);
        let net = Network { regions, lines: vec![line("ab", 0, 1), line("bc", 1, 2), line("ca", 2, 0)], ..Default::default() };
        let p = Ptdf::new(&net, &Topology::new(&net)).unwrap();
        assert_eq!(p.areas, 1);
        let phi = |l: usize, r: usize| p.factors[l].iter().find(|&&(x, _)| x == r).map_or(0.0, |&(_, v)| v);
        // Injection at b (withdrawn at a): ab carries b → a, i.e. −2/3 in its from→to sense.
        assert!((phi(0, 1) + 2.0 / 3.0).abs() < 1e-12 && (phi(1, 1) - 1.0 / 3.0).abs() < 1e-12 && (phi(2, 1) - 1.0 / 3.0).abs() < 1e-12);
        // The reference has no factors, and no phase shifter means no standing flow.
        assert!((0..3).all(|l| phi(l, 0) == 0.0) && p.f0_mw.iter().all(|v| v.abs() < 1e-12));
    }

    /// A phase shifter on one line of a loop drives a circulating flow with no injection.
    #[test]
    fn phase_shifter_drives_a_loop_flow() {
        let regions = ["a", "b"].map(|id| Region::new(id, Country::US, "Eastern")).to_vec();
        let mut l1 = Line::new("l1", 0, 1, 1000.0, 0.1);
        l1.phase_shift_deg = 1.0;
        let net = Network { regions, lines: vec![l1, Line::new("l2", 0, 1, 1000.0, 0.1)], ..Default::default() };
        let p = Ptdf::new(&net, &Topology::new(&net)).unwrap();
        // Two equal parallel lines: the shift splits b·φ/2 against l1 and along l2's reverse.
        let b = net.lines[0].b_mw_per_rad(net.base_mva);
        let half = b * 1f64.to_radians() / 2.0;
        assert!((p.f0_mw[0] + half).abs() < 1e-9 && (p.f0_mw[1] - half).abs() < 1e-9, "{:?}", p.f0_mw);
    }
}
