//! (BD1, BD4) The investment master of Benders decomposition: the build of every
//! candidate (blocks b_c, integer for assets built in blocks) and one cost variable
//! θ_k per window (multi-cut), bounded below by the optimality cuts of the windows.
//!
//! minimise Σ_c C_c u_c b_c + Σ_k φ_k θ_k
//! subject to θ_k ≥ f_k(ŷ) + Σ_c s_{k,c} (u_c b_c − ŷ_c) for every cut of window k,
//! 0 ≤ b_c ≤ b̄_c,
//!
//! with C_c the annualised cost per MW, u_c the block size, φ_k = w_s × 8,760 / H_s
//! (scenario weight, scaling its H_s hours to a year) and s_{k,c} the slope of window
//! k's cost at ŷ. θ_k is measured from f_k(y⁰), the window's cost at the first point,
//! which keeps the master's numbers small.

use crate::error::OpfError;
use crate::expansion::Candidate;
use crate::lp::{LpBuilder, LpStatus};
use nagrid_model::SolverSettings;

/// One optimality cut of a window: θ_k − Σ_c a_c b_c ≥ rhs.
#[derive(Debug, Clone, PartialEq)]
struct Cut {
    window: usize,
    /// (candidate, coefficient per block).
    coef: Vec<(usize, f64)>,
    rhs: f64,
}

/// The master problem and its cuts.
pub(crate) struct Master {
    unit: Vec<f64>,
    /// Annualised cost of one block, USD/year.
    cost: Vec<f64>,
    max_blocks: Vec<f64>,
    integer: Vec<bool>,
    /// φ_k per window.
    factor: Vec<f64>,
    /// f_k(y⁰) per window, USD.
    offset: Vec<f64>,
    cuts: Vec<Cut>,
    solver: SolverSettings,
}

/// The master's solution.
#[derive(Debug, Clone)]
pub(crate) struct MasterSolution {
    /// Blocks per candidate.
    pub blocks: Vec<f64>,
    /// A lower bound of the optimum, USD/year (the master's optimum, or its MIP's best bound).
    pub lower_bound: f64,
}

impl Master {
    pub fn new(cands: &[Candidate], factor: Vec<f64>, offset: Vec<f64>, solver: &SolverSettings) -> Self {
        Self {
            unit: cands.iter().map(|c| c.unit).collect(),
            cost: cands.iter().map(Candidate::block_cost_usd_per_year).collect(),
            max_blocks: cands.iter().map(Candidate::max_blocks).collect(),
            integer: cands.iter().map(|c| c.integer).collect(),
            factor,
            offset,
            cuts: Vec::new(),
            solver: SolverSettings { log: false, ..solver.clone() },
        }
    }

    /// Cuts so far.
    pub fn n_cuts(&self) -> usize {
        self.cuts.len()
    }

    /// Add the cut of window `k` from its cost `cost_usd` and slopes at `at` (MW).
    pub fn add_cut(&mut self, k: usize, at: &[f64], cost_usd: f64, slope: &[f64]) {
        let coef: Vec<(usize, f64)> = slope.iter().enumerate().filter(|(_, s)| **s != 0.0).map(|(c, s)| (c, s * self.unit[c])).collect();
        let rhs = cost_usd - self.offset[k] - slope.iter().zip(at).map(|(s, y)| s * y).sum::<f64>();
        self.cuts.push(Cut { window: k, coef, rhs });
    }

    /// The master with the first `n_cuts` cuts; `fixed` fixes the integer blocks.
    fn build(&self, n_cuts: usize, fixed: Option<&[f64]>, abs_gap: f64) -> LpBuilder {
        let mut lp = LpBuilder::new();
        let rows: Vec<usize> = self.cuts[..n_cuts].iter().map(|c| lp.add_ge_row(c.rhs)).collect();
        let mut entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.cost.len()];
        for (cut, &r) in self.cuts[..n_cuts].iter().zip(&rows) {
            for &(c, a) in &cut.coef {
                entries[c].push((r, -a));
            }
        }
        for (c, e) in entries.iter().enumerate() {
            match (fixed, self.integer[c]) {
                (Some(b), true) => lp.add_col(self.cost[c], b[c], b[c], e),
                (None, true) => lp.add_integer_col(self.cost[c], 0.0, self.max_blocks[c], e, 0.0),
                _ => lp.add_col(self.cost[c], 0.0, self.max_blocks[c], e),
            }
        }
        for (k, &phi) in self.factor.iter().enumerate() {
            let e: Vec<(usize, f64)> =
                self.cuts[..n_cuts].iter().zip(&rows).filter(|(c, _)| c.window == k).map(|(_, &r)| (r, 1.0)).collect();
            lp.add_col(phi, f64::NEG_INFINITY, f64::INFINITY, &e);
        }
        if fixed.is_none() {
            lp.set_mip_gaps(0.0, abs_gap);
        }
        lp
    }

    /// Σ_k φ_k f_k(y⁰): the part of the objective measured by the offsets.
    fn constant(&self) -> f64 {
        self.factor.iter().zip(&self.offset).map(|(p, o)| p * o).sum()
    }

    /// Solve the master with every cut; a MIP stops within `abs_gap` USD/year.
    pub fn solve(&self, abs_gap: f64) -> Result<Result<MasterSolution, LpStatus>, OpfError> {
        let res = self.build(self.cuts.len(), None, abs_gap).solve(&self.solver, None, None)?;
        if res.status != LpStatus::Optimal {
            return Ok(Err(res.status));
        }
        let bound = res.mip_dual_bound.filter(|b| b.is_finite()).unwrap_or(res.objective).min(res.objective);
        // Blocks are whole; continuous builds within 1e-9 of a bound sit on it.
        let blocks = (0..self.cost.len())
            .map(|c| {
                let (b, max) = (res.x[c], self.max_blocks[c]);
                match () {
                    _ if self.integer[c] => b.round(),
                    _ if b <= 1e-9 * max.max(1.0) => 0.0,
                    _ if b >= max * (1.0 - 1e-9) => max,
                    _ => b,
                }
            })
            .collect();
        Ok(Ok(MasterSolution { blocks, lower_bound: bound + self.constant() }))
    }

    /// (BD4) The value of one more MW of each candidate, USD/MW-year, from the master
    /// with its first `n_cuts` cuts and the integer blocks fixed at `blocks` (whose
    /// continuous part is then optimal): C_c − (reduced cost of b_c) / u_c, the cuts
    /// active at the solution weighted by their duals. For a continuous build at its
    /// maximum it is at least C_c, strictly inside equal to C_c, and at 0 at most C_c.
    pub fn values(&self, n_cuts: usize, blocks: &[f64]) -> Result<Option<Vec<f64>>, OpfError> {
        let res = self.build(n_cuts, Some(blocks), 0.0).solve(&self.solver, None, None)?;
        if res.status != LpStatus::Optimal {
            return Ok(None);
        }
        Ok(Some((0..self.cost.len()).map(|c| (self.cost[c] - res.col_duals[c]) / self.unit[c]).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solution::Asset;
    use nagrid_model::Expansion;

    fn cand(unit: Option<f64>) -> Candidate {
        let exp = Expansion {
            max_added_mw: 100.0,
            capital_cost_usd_per_mw: 10.0,
            lifetime_years: 1.0,
            discount_rate: 0.0,
            fixed_om_pct_per_year: 0.0,
            build_unit_mw: unit,
        };
        Candidate { asset: Asset::Line(0), exp, unit: unit.unwrap_or(1.0), integer: unit.is_some() }
    }

    /// One window whose cost is 1,000 − 30 y for y ≤ 20 and 400 after (two cuts,
    /// at 0 and at 50): at 10 USD/MW-year the optimum builds 20 MW, where the value
    /// of one more MW is the cost, and the lower bound is 200 + 400 = 600.
    #[test]
    fn two_cuts_give_the_kink_and_its_value() {
        let mut m = Master::new(&[cand(None)], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        let s = m.solve(0.0).unwrap().unwrap();
        assert!((s.blocks[0] - 20.0).abs() < 1e-6, "{:?}", s.blocks);
        assert!((s.lower_bound - 600.0).abs() < 1e-6, "{}", s.lower_bound);
        let v = m.values(2, &s.blocks).unwrap().unwrap();
        assert!((v[0] - 10.0).abs() < 1e-6, "{v:?}");
        // With blocks of 50 MW: 0 blocks cost 1,000, one block 500 + 400.
        let mut m = Master::new(&[cand(Some(50.0))], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        let s = m.solve(0.0).unwrap().unwrap();
        assert_eq!(s.blocks, vec![1.0]);
        assert!((s.lower_bound - 900.0).abs() < 1e-6, "{}", s.lower_bound);
    }
}
