//! `[expansion]` of study.toml.

use serde::{Deserialize, Serialize};

/// `[expansion]`: co-optimised capacity of expandable assets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpansionSettings {
    /// Choose the added capacity of expandable assets together with the dispatch.
    #[serde(default)]
    pub enabled: bool,
    /// Relative MIP gap when some assets are built in blocks.
    #[serde(default = "default_mip_gap")]
    pub mip_rel_gap: f64,
    /// `dc` only: solves with susceptances updated to the chosen capacities.
    #[serde(default = "default_dc_iterations")]
    pub dc_iterations: usize,
    /// How assets built in blocks are decided: `exact` (branch and bound),
    /// `relax_and_round` (LP relaxation, blocks rounded to the nearest whole number,
    /// LP again; the gap to the relaxation bounds the error), or `auto` (exact up to
    /// `exact_mip_max_hours` hours, else relax and round).
    #[serde(default)]
    pub blocks: BlockMethod,
    /// Longest horizon solved by exact branch and bound under `auto`.
    #[serde(default = "default_exact_hours")]
    pub exact_mip_max_hours: usize,
    /// How the expansion problem is solved: `benders` (default in the `transport`
    /// formulation: an investment master and window subproblems, BD1–BD5) or
    /// `single` (one LP or MIP over the horizon; always in `dc`).
    #[serde(default)]
    pub method: ExpansionMethod,
    /// Benders: hours of each operational subproblem (window); the horizon is cut into
    /// consecutive windows of this length.
    #[serde(default = "default_expansion_window")]
    pub window_hours: usize,
    /// Benders: stop when upper − lower bound ≤ this, USD per year (besides
    /// `mip_rel_gap`). Default: 10 % of the smallest annualised build of the
    /// incumbent (of the smallest candidate block while nothing is built).
    #[serde(default)]
    pub abs_gap_usd_per_year: Option<f64>,
    /// Benders: most iterations (master solves) before stopping with the gap reached so far.
    #[serde(default = "default_max_iterations")]
    pub max_iterations: usize,
    /// HVDC links without `build_unit_mw` are built whole (one block of their
    /// `max_added_mw`) rather than sized continuously.
    #[serde(default = "yes")]
    pub hvdc_built_whole: bool,
    /// Benders over weather years: one scenario per year (its load and renewables,
    /// `[load] weather_year`), of equal weight; empty: the case's own series.
    #[serde(default)]
    pub weather_years: Vec<i32>,
    /// λ of BD6: weight of CVaR in the operating objective over scenarios (0: the
    /// expected cost; 1: CVaR alone).
    #[serde(default)]
    pub cvar_weight: f64,
    /// α of BD6: CVaR is the expected cost of the worst 1 − α of the scenarios' weight.
    #[serde(default = "default_cvar_alpha")]
    pub cvar_alpha: f64,
    /// BD8, Benders: each candidate's range of builds among the plans whose cost is
    /// within this share of the expansion's net saving of the optimum (0, the default:
    /// none computed). 0.1: plans that keep at least 90 % of the saving.
    #[serde(default)]
    pub near_optimal_share: f64,
    /// BD9, Benders: leave out, one at a time, a built asset whose net saving is too
    /// small to tell from zero (the plan without it is still within the optimality
    /// target of the lower bound). `false`: keep every build of the converged plan.
    #[serde(default = "yes")]
    pub prune_within_gap: bool,
}

fn default_cvar_alpha() -> f64 {
    0.9
}

/// How the expansion problem is solved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpansionMethod {
    /// Benders decomposition over windows (transport formulation).
    #[default]
    Benders,
    /// One LP or MIP over the whole horizon.
    Single,
}

fn default_expansion_window() -> usize {
    168
}
fn default_max_iterations() -> usize {
    200
}

/// How block-built assets are decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockMethod {
    /// Exact for short horizons, relax-and-round for long ones.
    #[default]
    Auto,
    /// HiGHS branch and bound.
    Exact,
    /// LP relaxation, rounding, LP.
    RelaxAndRound,
}

fn default_exact_hours() -> usize {
    744
}

impl Default for ExpansionSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            mip_rel_gap: default_mip_gap(),
            dc_iterations: default_dc_iterations(),
            blocks: BlockMethod::Auto,
            exact_mip_max_hours: default_exact_hours(),
            method: ExpansionMethod::Benders,
            window_hours: default_expansion_window(),
            abs_gap_usd_per_year: None,
            max_iterations: default_max_iterations(),
            hvdc_built_whole: true,
            weather_years: Vec::new(),
            cvar_weight: 0.0,
            cvar_alpha: default_cvar_alpha(),
            near_optimal_share: 0.0,
            prune_within_gap: true,
        }
    }
}

fn default_mip_gap() -> f64 {
    1e-4
}
fn default_dc_iterations() -> usize {
    10
}

fn yes() -> bool {
    true
}
