//! Typed results of a dispatch solve, indexed like the case's components.

use serde::Serialize;

/// How the solve ended. Only `Optimal` carries a solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Optimal solution found.
    Optimal,
    /// No dispatch meets every constraint (e.g. must-run output above load plus export capacity).
    Infeasible,
    /// Unbounded (a negative cost without a limit).
    Unbounded,
    /// The time limit was reached before optimality; no solution is reported.
    TimeLimit,
    /// The iteration limit was reached.
    IterationLimit,
    /// Any other solver outcome.
    Error(String),
}

impl std::fmt::Display for SolveStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SolveStatus::Optimal => f.write_str("optimal"),
            SolveStatus::Infeasible => f.write_str("infeasible"),
            SolveStatus::Unbounded => f.write_str("unbounded"),
            SolveStatus::TimeLimit => f.write_str("time_limit"),
            SolveStatus::IterationLimit => f.write_str("iteration_limit"),
            SolveStatus::Error(s) => write!(f, "error ({s})"),
        }
    }
}

/// Size and timing of a solve.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SolveStats {
    /// Columns (variables).
    pub columns: usize,
    /// Rows (constraints).
    pub rows: usize,
    /// Non-zero coefficients.
    pub nonzeros: usize,
    /// Seconds spent building the LP.
    pub build_s: f64,
    /// Seconds inside HiGHS (passing the model, presolve, solve).
    pub solve_s: f64,
    /// Seconds extracting results.
    pub extract_s: f64,
    /// Simplex iterations.
    pub simplex_iterations: i64,
    /// Interior-point iterations.
    pub ipm_iterations: i64,
    /// LPs solved (rolling-horizon windows; 1 for a single LP).
    pub windows: usize,
    /// Relative gap of the MIP when assets are built in blocks.
    pub mip_gap: Option<f64>,
}

/// Result for one expandable asset.
#[derive(Debug, Clone, Serialize)]
pub struct BuildResult {
    /// Line, link or generator.
    pub kind: crate::expansion::AssetKind,
    /// Asset id.
    pub id: String,
    /// Capacity added, MW.
    pub built_mw: f64,
    /// Largest addition allowed, MW.
    pub max_added_mw: f64,
    /// Block size when built in blocks, MW.
    pub build_unit_mw: Option<f64>,
    /// Annualised cost of one MW, USD/MW-year.
    pub annualized_cost_usd_per_mw_year: f64,
    /// Cost of the addition over the horizon (annualised × share of the year), USD.
    pub cost_usd: f64,
    /// Value of one more MW of capacity, from the duals of its capacity rows,
    /// scaled to a year, USD/MW-year: equal to the annualised cost when the
    /// addition is strictly between 0 and its maximum, at most it when nothing is
    /// built (continuous sizing).
    pub marginal_value_usd_per_mw_year: f64,
    /// Hours at the expanded limit.
    pub hours_at_limit: usize,
}

/// Optimal dispatch. Every series is `[component][hour]`.
#[derive(Debug, Clone, Serialize)]
pub struct DispatchSolution {
    /// Total cost over the horizon, USD (the LP objective).
    pub objective_usd: f64,
    /// Generator output, MW.
    pub gen_p_mw: Vec<Vec<f64>>,
    /// Unserved load per region, MW.
    pub unserved_mw: Vec<Vec<f64>>,
    /// Storage charging power drawn from the grid, MW.
    pub storage_charge_mw: Vec<Vec<f64>>,
    /// Storage discharging power delivered to the grid, MW.
    pub storage_discharge_mw: Vec<Vec<f64>>,
    /// Storage state of charge at the end of each hour, MWh.
    pub storage_soc_mwh: Vec<Vec<f64>>,
    /// Storage state of charge before the first hour, MWh (equal to the last hour's
    /// state for cyclic storage in a single LP).
    pub storage_soc_initial_mwh: Vec<f64>,
    /// AC line flow, MW, positive from `from` to `to`.
    pub line_flow_mw: Vec<Vec<f64>>,
    /// Power sent into the link at `from` towards `to`, MW.
    pub link_forward_mw: Vec<Vec<f64>>,
    /// Power sent into the link at `to` towards `from`, MW.
    pub link_reverse_mw: Vec<Vec<f64>>,
    /// Marginal price of energy per region (dual of its balance row), USD/MWh.
    pub price_usd_per_mwh: Vec<Vec<f64>>,
    /// Shadow price of each AC line's limit, USD/MWh: minus the reduced cost of its
    /// flow, i.e. price(to) − price(from) when the limit binds and 0 when it does not
    /// (positive at the forward limit, negative at the reverse limit).
    pub line_limit_dual_usd_per_mwh: Vec<Vec<f64>>,
    /// Shadow price of each link's forward limit, USD/MWh sent: minus the reduced
    /// cost of the forward flow (efficiency × price(to) − price(from) − wheeling
    /// when the limit binds, 0 when it does not).
    pub link_forward_dual_usd_per_mwh: Vec<Vec<f64>>,
    /// Same for the reverse direction.
    pub link_reverse_dual_usd_per_mwh: Vec<Vec<f64>>,
    /// Voltage angle per region, degrees, 0 at each area's reference region
    /// (`dc` formulation only; empty otherwise).
    pub angle_deg: Vec<Vec<f64>>,
    /// Curtailed demand of each flexible load, MW.
    pub flex_curtailed_mw: Vec<Vec<f64>>,
    /// Expandable assets: what was built and what it is worth.
    pub expansion: Vec<BuildResult>,
    /// `dc` with expansion: the reactance (p.u.) each line had in the final solve,
    /// scaled to its built capacity (empty otherwise).
    pub line_x_pu_used: Vec<(String, f64)>,
}

impl DispatchSolution {
    /// Net flow of link `k` in hour `t` as seen at the sending end, positive from -> to.
    pub fn link_net_mw(&self, k: usize, t: usize) -> f64 {
        self.link_forward_mw[k][t] - self.link_reverse_mw[k][t]
    }
}

/// Everything a dispatch run returns.
#[derive(Debug, Clone)]
pub struct DispatchOutcome {
    /// Solver outcome.
    pub status: SolveStatus,
    /// The solution, when `status` is optimal.
    pub solution: Option<DispatchSolution>,
    /// Size and timings.
    pub stats: SolveStats,
}
