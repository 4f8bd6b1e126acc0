//! (WS3) The single LP started from the rolling horizon: the stitched dispatch of
//! the windows is feasible for the single LP and close to its optimum, so HiGHS's
//! crossover turns it into a basis and the dual simplex starts there instead of
//! from the slack basis. The LP is unchanged; only the path to its optimum is.

use crate::builder::DispatchModel;
use crate::reserve::ReserveModel;
use crate::solution::DispatchSolution;

impl DispatchModel<'_> {
    /// The columns of this LP at the values of `sol`, a dispatch of the same case
    /// over the same hours (the stitched rolling-horizon dispatch). Shortage of a
    /// reserve is put on its first step; the hurdle split of a flow is f⁺ = max(f, 0),
    /// f⁻ = max(−f, 0). A point outside a bound is allowed (crossover projects it).
    pub(crate) fn point_of(&self, sol: &DispatchSolution) -> Vec<f64> {
        let l = &self.layout;
        let mut x = vec![0.0; self.lp.n_cols()];
        let mut put = |base: usize, per_hour: usize, v: &[Vec<f64>]| {
            for (i, s) in v.iter().enumerate().take(per_hour) {
                for (t, &a) in s.iter().enumerate().take(l.hours) {
                    x[base + t * per_hour + i] = a;
                }
            }
        };
        put(l.gen, l.n_gens, &sol.gen_p_mw);
        put(l.shed, l.n_regions, &sol.unserved_mw);
        put(l.charge, l.n_storage, &sol.storage_charge_mw);
        put(l.discharge, l.n_storage, &sol.storage_discharge_mw);
        put(l.soc, l.n_storage, &sol.storage_soc_mwh);
        put(l.line, l.n_lines, &sol.line_flow_mw);
        put(l.link_fwd, l.n_links, &sol.link_forward_mw);
        put(l.link_rev, l.n_links, &sol.link_reverse_mw);
        put(l.flex, l.n_flex, &sol.flex_curtailed_mw);
        if l.n_angles > 0 && sol.angle_deg.len() == l.n_angles {
            let rad: Vec<Vec<f64>> = sol.angle_deg.iter().map(|v| v.iter().map(|d| d.to_radians()).collect()).collect();
            put(l.angle, l.n_angles, &rad);
        }
        for (line, slot) in self.rows.hurdle.slot.iter().enumerate() {
            let Some(k) = *slot else { continue };
            for t in 0..l.hours {
                let f = sol.line_flow_mw[line][t];
                x[l.line_pos + t * l.n_hurdle + k] = f.max(0.0);
                x[l.line_neg + t * l.n_hurdle + k] = (-f).max(0.0);
                x[l.line_col(line, t)] = 0.0;
            }
        }
        let held = self.rm.gen_slot.iter().zip(&sol.gen_reserve_mw).chain(self.rm.storage_slot.iter().zip(&sol.storage_reserve_mw));
        for (slot, v) in held {
            if let Some(k) = *slot {
                for t in 0..l.hours.min(v.len()) {
                    x[l.reserve_col(k, t)] = v[t];
                }
            }
        }
        // (RS4) A band generator's output split at the top of its lower part.
        let case = self.case;
        let derates = case.gen_derates();
        for k in 0..self.rm.providers.len() {
            let Some(g) = self.rm.band_gen(k) else { continue };
            for t in 0..l.hours.min(sol.gen_p_mw[g].len()) {
                let w = ReserveModel::band_mw(case, &derates, g, t);
                let lower = (derates.available_mw(case, g, t) - w).max(0.0);
                let p = sol.gen_p_mw[g][t];
                x[l.gen_col(g, t)] = p.min(lower);
                x[l.reserve_col(k, t)] = (p - lower).max(0.0);
            }
        }
        for (i, v) in sol.reserve_shortage_mw.iter().enumerate() {
            let first = self.rm.shortage_offset[i];
            for t in 0..l.hours.min(v.len()) {
                x[l.shortage_col(first, t)] = v[t];
            }
        }
        x
    }
}
