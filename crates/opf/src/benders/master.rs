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
//!
//! (BD6) With risk over scenarios (λ > 0) the windows' cost enters as
//! (1 − λ) Σ_k φ_k θ_k + λ (η + Σ_s w_s z_s ÷ (1 − α)), with
//! z_s ≥ Σ_{k ∈ s} ρ_k (θ_k + f_k(y⁰)) − η, z_s ≥ 0 and ρ_k = 8,760 / H_s: the
//! linear form of CVaR_α over the scenarios' yearly operating costs.

use super::risk::Risk;
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
    risk: Option<MasterRisk>,
}

/// (BD6) The scenarios of the windows, for CVaR.
pub(crate) struct MasterRisk {
    pub risk: Risk,
    /// Scenario of each window.
    pub scenario: Vec<usize>,
    /// ρ_k = 8,760 / H_s per window.
    pub scale: Vec<f64>,
    /// Weight of each scenario (summing to 1).
    pub weights: Vec<f64>,
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
            risk: None,
        }
    }

    /// Weigh the scenarios by `risk` (BD6) instead of the expected cost alone.
    pub fn with_risk(mut self, risk: MasterRisk) -> Self {
        if risk.risk.weight > 0.0 {
            self.risk = Some(risk);
        }
        self
    }

    /// 1 − λ: the weight of the expected cost.
    fn mean_weight(&self) -> f64 {
        self.risk.as_ref().map_or(1.0, |r| 1.0 - r.risk.weight)
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

    /// The master with the first `n_cuts` cuts; `fixed` fixes the integer blocks, and
    /// with `fix_all` the continuous builds too.
    /// With `range = Some((c, sign, limit))` (BD8) it minimises sign × b_c instead, among
    /// the builds whose objective is at most `limit` USD/year.
    fn build(&self, n_cuts: usize, fixed: Option<&[f64]>, abs_gap: f64, range: Option<(usize, f64, f64)>, fix_all: bool) -> LpBuilder {
        let mut lp = LpBuilder::new();
        // (BD8) Σ_c C_c u_c b_c + (objective of θ, η, z) ≤ limit − constant, as ≥ with signs flipped.
        let budget = range.map(|(_, _, limit)| lp.add_ge_row(-(limit - self.constant())));
        let rows: Vec<usize> = self.cuts[..n_cuts].iter().map(|c| lp.add_ge_row(c.rhs)).collect();
        // A column's cost in the objective, or (BD8) its entry in the budget row and the range's cost.
        let col = |cost: f64, c: Option<usize>, e: &mut Vec<(usize, f64)>| -> f64 {
            match (budget, range) {
                (Some(row), Some((target, sign, _))) => {
                    if cost != 0.0 {
                        e.push((row, -cost));
                    }
                    if c == Some(target) {
                        sign
                    } else {
                        0.0
                    }
                }
                _ => cost,
            }
        };
        let mut entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.cost.len()];
        for (cut, &r) in self.cuts[..n_cuts].iter().zip(&rows) {
            for &(c, a) in &cut.coef {
                entries[c].push((r, -a));
            }
        }
        for (c, e) in entries.iter_mut().enumerate() {
            let cost = col(self.cost[c], Some(c), e);
            match fixed {
                Some(b) if self.integer[c] || fix_all => lp.add_col(cost, b[c], b[c], e),
                None if self.integer[c] => lp.add_integer_col(cost, 0.0, self.max_blocks[c], e, 0.0),
                _ => lp.add_col(cost, 0.0, self.max_blocks[c], e),
            }
        }
        // (BD6) z_s + η − Σ_{k ∈ s} ρ_k θ_k ≥ Σ_{k ∈ s} ρ_k f_k(y⁰).
        let risk_rows: Vec<usize> = match &self.risk {
            Some(r) => (0..r.weights.len())
                .map(|s| {
                    let rhs = (0..self.offset.len()).filter(|&k| r.scenario[k] == s).map(|k| r.scale[k] * self.offset[k]).sum();
                    lp.add_ge_row(rhs)
                })
                .collect(),
            None => Vec::new(),
        };
        let mean = self.mean_weight();
        for (k, &phi) in self.factor.iter().enumerate() {
            let mut e: Vec<(usize, f64)> =
                self.cuts[..n_cuts].iter().zip(&rows).filter(|(c, _)| c.window == k).map(|(_, &r)| (r, 1.0)).collect();
            if let Some(r) = &self.risk {
                e.push((risk_rows[r.scenario[k]], -r.scale[k]));
            }
            let cost = col(mean * phi, None, &mut e);
            lp.add_col(cost, f64::NEG_INFINITY, f64::INFINITY, &e);
        }
        if let Some(r) = &self.risk {
            let lambda = r.risk.weight;
            let mut eta: Vec<(usize, f64)> = risk_rows.iter().map(|&row| (row, 1.0)).collect();
            let cost = col(lambda, None, &mut eta);
            lp.add_col(cost, f64::NEG_INFINITY, f64::INFINITY, &eta);
            for (s, &row) in risk_rows.iter().enumerate() {
                let mut e = vec![(row, 1.0)];
                let cost = col(lambda * r.weights[s] / (1.0 - r.risk.alpha), None, &mut e);
                lp.add_col(cost, 0.0, f64::INFINITY, &e);
            }
        }
        if fixed.is_none() {
            lp.set_mip_gaps(0.0, abs_gap);
        }
        lp
    }

    /// (1 − λ) Σ_k φ_k f_k(y⁰): the part of the objective measured by the offsets
    /// outside the rows of BD6.
    fn constant(&self) -> f64 {
        self.mean_weight() * self.factor.iter().zip(&self.offset).map(|(p, o)| p * o).sum::<f64>()
    }

    /// Solve the master with every cut; a MIP stops within `abs_gap` USD/year.
    pub fn solve(&self, abs_gap: f64) -> Result<Result<MasterSolution, LpStatus>, OpfError> {
        let res = self.build(self.cuts.len(), None, abs_gap, None, false).solve(&self.solver, None, None)?;
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
    /// With `every` (BD9: a plan that is not the master's optimum) the continuous
    /// builds are fixed too: the value at exactly these builds.
    pub fn values(&self, n_cuts: usize, blocks: &[f64], every: bool) -> Result<Option<Vec<f64>>, OpfError> {
        let res = self.build(n_cuts, Some(blocks), 0.0, None, every).solve(&self.solver, None, None)?;
        if res.status != LpStatus::Optimal {
            return Ok(None);
        }
        Ok(Some((0..self.cost.len()).map(|c| (self.cost[c] - res.col_duals[c]) / self.unit[c]).collect()))
    }

    /// (BD9) The master's estimate of the cost of builds `blocks` (every cut), USD/year:
    /// capital plus the operating objective, at most the true cost (the cuts understate
    /// each window's); `None` when the master has no optimum there.
    pub fn cost_at(&self, blocks: &[f64]) -> Result<Option<f64>, OpfError> {
        let res = self.build(self.cuts.len(), Some(blocks), 0.0, None, true).solve(&self.solver, None, None)?;
        Ok((res.status == LpStatus::Optimal).then(|| res.objective + self.constant()))
    }

    /// (BD8) The fewest and most blocks of candidate `c` among the builds whose
    /// objective in the master (every cut) is at most `limit` USD/year, the fewest
    /// taken as 0 when `zero_fits` (a plan within the limit builds none); `None` when
    /// no build is within it (the limit is below the lower bound) or a solve fails.
    /// Each end is a MIP stopped within 1 % of the candidate's largest build, taken at
    /// its best bound (whole blocks: rounded inwards to whole numbers). The cuts
    /// understate each window's cost and a bound lies beyond the optimum, so the true
    /// range lies within this one.
    pub fn range(&self, c: usize, limit: f64, zero_fits: bool) -> Result<Option<(f64, f64)>, OpfError> {
        let mut ends = [0.0; 2];
        for (i, sign) in [1.0, -1.0].into_iter().enumerate() {
            if i == 0 && zero_fits {
                continue;
            }
            let gap = 0.01 * self.max_blocks[c];
            let res = self.build(self.cuts.len(), None, gap, Some((c, sign, limit)), false).solve(&self.solver, None, None)?;
            if res.status != LpStatus::Optimal {
                return Ok(None);
            }
            // The best bound of min sign × b_c: below the fewest, or minus above the most.
            let bound = res.mip_dual_bound.filter(|b| b.is_finite()).unwrap_or(res.objective).min(res.objective);
            let x = (sign * bound).clamp(0.0, self.max_blocks[c]);
            ends[i] = match (self.integer[c], i) {
                (true, 0) => (x - 1e-6).ceil(),
                (true, _) => (x + 1e-6).floor(),
                _ => x,
            };
        }
        Ok((ends[0] <= ends[1]).then_some((ends[0], ends[1])))
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
        let v = m.values(2, &s.blocks, false).unwrap().unwrap();
        assert!((v[0] - 10.0).abs() < 1e-6, "{v:?}");
        // With blocks of 50 MW: 0 blocks cost 1,000, one block 500 + 400.
        let mut m = Master::new(&[cand(Some(50.0))], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        let s = m.solve(0.0).unwrap().unwrap();
        assert_eq!(s.blocks, vec![1.0]);
        assert!((s.lower_bound - 900.0).abs() < 1e-6, "{}", s.lower_bound);
    }

    /// (BD9) The master's estimate of a plan is capital plus the highest cut there: at
    /// 10 MW 100 + (1,000 − 300) = 800, at 40 MW 400 + 400 = 800, at 0 MW 1,000; it
    /// never exceeds the window's true cost (the cuts are below it).
    #[test]
    fn the_cost_of_a_plan_from_the_cuts() {
        let mut m = Master::new(&[cand(None)], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        for (y, want) in [(10.0, 800.0), (40.0, 800.0), (0.0, 1000.0), (20.0, 600.0)] {
            let got = m.cost_at(&[y]).unwrap().unwrap();
            assert!((got - want).abs() < 1e-6, "{y} MW: {got} against {want}");
        }
        // The value of one more MW at exactly 10 MW (every build fixed): the first cut's 30
        // less nothing (the cost is in C_c), i.e. 30 USD/MW-year; at 40 MW the flat cut's 0.
        for (y, want) in [(10.0, 30.0), (40.0, 0.0)] {
            let v = m.values(2, &[y], true).unwrap().unwrap();
            assert!((v[0] - want).abs() < 1e-6, "{y} MW: {v:?}");
        }
    }

    /// (BD8) The window of `two_cuts_give_the_kink_and_its_value` (1,000 − 30 y up to
    /// 20 MW, then 400) at 10 USD/MW-year: the plans within 640 USD/year (the optimum
    /// 600 plus 10 % of the 400 saved) are 1,000 − 20 y ≤ 640 below 20 MW and
    /// 400 + 10 y ≤ 640 above: 18 to 24 MW. Below the lower bound there is none; in
    /// blocks of 10 MW only 20 MW is.
    #[test]
    fn near_optimal_range_of_the_kink() {
        let mut m = Master::new(&[cand(None)], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        let (lo, hi) = m.range(0, 640.0, false).unwrap().unwrap();
        assert!((lo - 18.0).abs() < 1e-6 && (hi - 24.0).abs() < 1e-6, "{lo} {hi}");
        assert_eq!(m.range(0, 599.0, false).unwrap(), None);
        // Nothing built fits the limit: the fewest is 0 without a solve.
        assert_eq!(m.range(0, 1000.0, true).unwrap().map(|r| r.0), Some(0.0));
        let mut m = Master::new(&[cand(Some(10.0))], vec![1.0], vec![1000.0], &SolverSettings::default());
        m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
        m.add_cut(0, &[50.0], 400.0, &[0.0]);
        assert_eq!(m.range(0, 640.0, false).unwrap(), Some((2.0, 2.0)));
    }

    /// Two scenarios of weight ½, one window each: A costs 1,000 − 30 y up to 20 MW
    /// and 400 after, B a flat 200. At 20 USD/MW-year the expected cost (slope 15)
    /// builds nothing (bound ½ × 1,000 + ½ × 200 = 600); CVaR at α = ½ is A's cost
    /// (the worse half), slope 30, so λ = 1 builds 20 MW (400 + 400 = 800) and
    /// λ = ½ (slope 22.5) builds 20 MW too: 400 + ½ × 300 + ½ × 400 = 750.
    #[test]
    fn cvar_over_scenarios_builds_for_the_worse_one() {
        let mut c = cand(None);
        c.exp.capital_cost_usd_per_mw = 20.0;
        let master = |weight: f64| {
            let risk =
                MasterRisk { risk: Risk { weight, alpha: 0.5 }, scenario: vec![0, 1], scale: vec![1.0, 1.0], weights: vec![0.5, 0.5] };
            let mut m = Master::new(&[c.clone()], vec![0.5, 0.5], vec![1000.0, 200.0], &SolverSettings::default()).with_risk(risk);
            m.add_cut(0, &[0.0], 1000.0, &[-30.0]);
            m.add_cut(0, &[50.0], 400.0, &[0.0]);
            m.add_cut(1, &[0.0], 200.0, &[0.0]);
            m.solve(0.0).unwrap().unwrap()
        };
        let s = master(0.0);
        assert!(s.blocks[0].abs() < 1e-6 && (s.lower_bound - 600.0).abs() < 1e-6, "{s:?}");
        let s = master(1.0);
        assert!((s.blocks[0] - 20.0).abs() < 1e-6 && (s.lower_bound - 800.0).abs() < 1e-6, "{s:?}");
        let s = master(0.5);
        assert!((s.blocks[0] - 20.0).abs() < 1e-6 && (s.lower_bound - 750.0).abs() < 1e-6, "{s:?}");
        // The objective the master optimises is Risk::objective at the optimum.
        let r = Risk { weight: 0.5, alpha: 0.5 };
        assert!((400.0 + r.objective(&[0.5, 0.5], &[400.0, 200.0]) - 750.0).abs() < 1e-9);
    }
}
