//! Typed results of a dispatch solve, indexed like the case's components.

use crate::lp::LpStatus;
use nagrid_model::Case;
use serde::ser::SerializeSeq;
use serde::Serialize;

/// How the solve ended. Only `Optimal` carries a solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

impl SolveStatus {
    /// Whether the solve found an optimal solution.
    pub fn is_optimal(&self) -> bool {
        *self == SolveStatus::Optimal
    }
}

impl From<LpStatus> for SolveStatus {
    fn from(s: LpStatus) -> Self {
        match s {
            LpStatus::Optimal => SolveStatus::Optimal,
            LpStatus::Infeasible => SolveStatus::Infeasible,
            LpStatus::Unbounded => SolveStatus::Unbounded,
            LpStatus::TimeLimit => SolveStatus::TimeLimit,
            LpStatus::IterationLimit => SolveStatus::IterationLimit,
            LpStatus::Failed(reason) => SolveStatus::Error(reason),
        }
    }
}

/// Size and timing of a solve.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[non_exhaustive]
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
    /// Windows whose simplex started from the previous window's basis (WS1).
    pub warm_starts: usize,
    /// Relative gap of the MIP when assets are built in blocks.
    pub mip_gap: Option<f64>,
    /// (WS3) A single LP started from the rolling horizon: the seconds inside HiGHS and
    /// the simplex iterations of that rolling horizon (included in `solve_s` and
    /// `simplex_iterations`); 0 when the LP started cold.
    pub start_solve_s: f64,
    /// See `start_solve_s`.
    pub start_simplex_iterations: i64,
    /// (WS4) Seconds inside HiGHS for the rolling horizon's first pass (included in
    /// `solve_s`), and its periods (blocks); 0 without a first pass.
    pub first_pass_solve_s: f64,
    /// See `first_pass_solve_s`.
    pub first_pass_periods: usize,
}

/// What kind of asset a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AssetKind {
    /// AC line.
    Line,
    /// HVDC or back-to-back link.
    Link,
    /// Generator.
    Generator,
    /// Power (charge and discharge limit) of a storage unit, MW.
    StoragePower,
    /// Energy capacity of a storage unit, MWh.
    StorageEnergy,
}

impl AssetKind {
    /// The kind as written in outputs: `line`, `link`, `generator`, `storage_power`, `storage_energy`.
    pub fn name(self) -> &'static str {
        match self {
            AssetKind::Line => "line",
            AssetKind::Link => "link",
            AssetKind::Generator => "generator",
            AssetKind::StoragePower => "storage_power",
            AssetKind::StorageEnergy => "storage_energy",
        }
    }

    /// Unit of the capacity: `MWh` for storage energy, else `MW`.
    pub fn capacity_unit(self) -> &'static str {
        match self {
            AssetKind::StorageEnergy => "MWh",
            _ => "MW",
        }
    }
}

/// One asset of a case: its kind and its index in the case's list of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Asset {
    /// `case.network.lines[i]`.
    Line(usize),
    /// `case.network.links[i]`.
    Link(usize),
    /// `case.network.generators[i]`.
    Generator(usize),
    /// The power of `case.network.storage[i]`.
    StoragePower(usize),
    /// The energy capacity of `case.network.storage[i]`.
    StorageEnergy(usize),
}

impl Asset {
    /// Kind of the asset.
    pub fn kind(self) -> AssetKind {
        match self {
            Asset::Line(_) => AssetKind::Line,
            Asset::Link(_) => AssetKind::Link,
            Asset::Generator(_) => AssetKind::Generator,
            Asset::StoragePower(_) => AssetKind::StoragePower,
            Asset::StorageEnergy(_) => AssetKind::StorageEnergy,
        }
    }

    /// The asset's id in `case` (a storage unit's id for both its parts).
    pub fn id(self, case: &Case) -> String {
        let n = &case.network;
        match self {
            Asset::Line(i) => n.lines[i].id.clone(),
            Asset::Link(i) => n.links[i].id.clone(),
            Asset::Generator(i) => n.generators[i].id.clone(),
            Asset::StoragePower(i) | Asset::StorageEnergy(i) => n.storage[i].id.clone(),
        }
    }

    /// Capacity of the asset in `case` before any addition: a line's or link's
    /// forward limit, a generator's or storage unit's power (MW), a storage unit's
    /// energy (MWh).
    pub fn existing(self, case: &Case) -> f64 {
        let n = &case.network;
        match self {
            Asset::Line(i) => n.lines[i].s_max_mw,
            Asset::Link(i) => n.links[i].p_max_forward_mw,
            Asset::Generator(i) => n.generators[i].p_max_mw,
            Asset::StoragePower(i) => n.storage[i].p_max_mw,
            Asset::StorageEnergy(i) => n.storage[i].energy_mwh,
        }
    }
}

/// Expansion results aligned with the case: one entry per line, link, generator
/// and storage unit (its power and its energy), `Some` for the expandable ones.
/// Serialised (and iterated) as the list of expandable assets: lines, links,
/// generators, storage power, storage energy.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ExpansionResults {
    /// Per line of the case.
    pub lines: Vec<Option<BuildResult>>,
    /// Per link of the case.
    pub links: Vec<Option<BuildResult>>,
    /// Per generator of the case.
    pub generators: Vec<Option<BuildResult>>,
    /// Power of each storage unit of the case.
    pub storage_power: Vec<Option<BuildResult>>,
    /// Energy capacity of each storage unit of the case.
    pub storage_energy: Vec<Option<BuildResult>>,
}

impl ExpansionResults {
    /// No expandable asset, sized for a case with these counts (and no storage).
    pub fn empty(lines: usize, links: usize, generators: usize) -> Self {
        Self { lines: vec![None; lines], links: vec![None; links], generators: vec![None; generators], ..Default::default() }
    }

    /// No expandable asset, sized for `case`.
    pub fn for_case(case: &Case) -> Self {
        let n = &case.network;
        let s = n.storage.len();
        Self {
            storage_power: vec![None; s],
            storage_energy: vec![None; s],
            ..Self::empty(n.lines.len(), n.links.len(), n.generators.len())
        }
    }

    /// The result of `asset`, if it is expandable.
    pub fn get(&self, asset: Asset) -> Option<&BuildResult> {
        match asset {
            Asset::Line(i) => self.lines.get(i),
            Asset::Link(i) => self.links.get(i),
            Asset::Generator(i) => self.generators.get(i),
            Asset::StoragePower(i) => self.storage_power.get(i),
            Asset::StorageEnergy(i) => self.storage_energy.get(i),
        }
        .and_then(Option::as_ref)
    }

    /// Mutable access to the slot of `asset`.
    pub fn slot_mut(&mut self, asset: Asset) -> Option<&mut Option<BuildResult>> {
        match asset {
            Asset::Line(i) => self.lines.get_mut(i),
            Asset::Link(i) => self.links.get_mut(i),
            Asset::Generator(i) => self.generators.get_mut(i),
            Asset::StoragePower(i) => self.storage_power.get_mut(i),
            Asset::StorageEnergy(i) => self.storage_energy.get_mut(i),
        }
    }

    /// Capacity added to `asset`, MW (MWh for storage energy; 0 when it is not expandable).
    pub fn built_mw(&self, asset: Asset) -> f64 {
        self.get(asset).map_or(0.0, |b| b.built_mw)
    }

    /// Every expandable asset with its result: lines, links, generators, storage
    /// power, storage energy.
    pub fn assets(&self) -> impl Iterator<Item = (Asset, &BuildResult)> + '_ {
        fn each(v: &[Option<BuildResult>], f: fn(usize) -> Asset) -> impl Iterator<Item = (Asset, &BuildResult)> + '_ {
            v.iter().enumerate().filter_map(move |(i, b)| b.as_ref().map(|b| (f(i), b)))
        }
        each(&self.lines, Asset::Line)
            .chain(each(&self.links, Asset::Link))
            .chain(each(&self.generators, Asset::Generator))
            .chain(each(&self.storage_power, Asset::StoragePower))
            .chain(each(&self.storage_energy, Asset::StorageEnergy))
    }

    /// Every result, in the order of [`ExpansionResults::assets`].
    pub fn iter(&self) -> impl Iterator<Item = &BuildResult> + '_ {
        self.lines.iter().chain(&self.links).chain(&self.generators).chain(&self.storage_power).chain(&self.storage_energy).flatten()
    }

    /// The results as a list (the order of [`ExpansionResults::iter`]).
    pub fn to_vec(&self) -> Vec<BuildResult> {
        self.iter().cloned().collect()
    }

    /// Whether no asset is expandable.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Number of expandable assets.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

/// `case` with the capacity built in `builds` added to each asset (a link's addition
/// serves both directions; a storage unit's power and energy separately), except
/// `skip`, and expansion switched off: the case the builds make. (A function here rather than a `Case` method, as the model
/// crate knows nothing of results.)
pub fn with_builds(case: &Case, builds: &ExpansionResults, skip: Option<Asset>) -> Case {
    let mut c = case.clone();
    c.settings.expansion.enabled = false;
    let n = &mut c.network;
    for (asset, b) in builds.assets().filter(|(a, _)| Some(*a) != skip) {
        match asset {
            Asset::Line(i) => {
                n.lines[i].s_max_mw += b.built_mw;
                n.lines[i].s_max_reverse_mw += b.built_mw;
            }
            Asset::Link(i) => {
                n.links[i].p_max_forward_mw += b.built_mw;
                n.links[i].p_max_reverse_mw += b.built_mw;
            }
            Asset::Generator(i) => n.generators[i].p_max_mw += b.built_mw,
            Asset::StoragePower(i) => n.storage[i].p_max_mw += b.built_mw,
            Asset::StorageEnergy(i) => n.storage[i].energy_mwh += b.built_mw,
        }
    }
    c
}

impl Serialize for ExpansionResults {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for b in self.iter() {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
}

/// Result for one expandable asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BuildResult {
    /// Line, link, generator, storage power or storage energy.
    pub kind: AssetKind,
    /// Asset id.
    pub id: String,
    /// Capacity added, MW (MWh for storage energy: see [`AssetKind::capacity_unit`]).
    pub built_mw: f64,
    /// Largest addition allowed, MW (MWh for storage energy).
    pub max_added_mw: f64,
    /// Block size when built in blocks, MW.
    pub build_unit_mw: Option<f64>,
    /// Annualised cost of one MW (MWh for storage energy), USD/MW-year.
    pub annualized_cost_usd_per_mw_year: f64,
    /// Cost of the addition over the horizon (annualised × share of the year), USD.
    pub cost_usd: f64,
    /// Value of one more MW (MWh) of capacity, scaled to a year, USD/MW-year: the
    /// objective's sensitivity to the capacity (the duals of its capacity rows or
    /// bounds, E1–E4; with Benders, the cuts active at the solution, BD4). Equal to
    /// the annualised cost when a continuous addition is strictly between 0 and its
    /// maximum, at most it when nothing is built, at least it at the maximum.
    pub marginal_value_usd_per_mw_year: f64,
    /// Hours at the expanded limit (counted by `at_limit` of the verify module).
    pub hours_at_limit: usize,
}

/// Optimal dispatch. Every series is `[component][hour]`.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
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
    /// Expandable assets: what was built and what it is worth, aligned with the case.
    pub expansion: ExpansionResults,
    /// Operating reserve held by each generator, MW (0 for generators that provide none).
    pub gen_reserve_mw: Vec<Vec<f64>>,
    /// Operating reserve held by each storage unit, MW.
    pub storage_reserve_mw: Vec<Vec<f64>>,
    /// Price of each reserve (dual of its requirement row, RS1), USD/MWh: positive
    /// when the requirement binds.
    pub reserve_price_usd_per_mwh: Vec<Vec<f64>>,
    /// Shortage of each reserve below its requirement (RS3), MW.
    pub reserve_shortage_mw: Vec<Vec<f64>>,
    /// `dc` with expansion: the reactance (p.u.) each line had in the final solve,
    /// scaled to its built capacity, per line of the case; `None` for a corridor
    /// left unbuilt (outside Kirchhoff's law). Empty otherwise.
    pub line_x_pu_used: Vec<Option<f64>>,
}

impl DispatchSolution {
    /// Net flow of link `k` in hour `t` as seen at the sending end, positive from -> to.
    pub fn link_net_mw(&self, k: usize, t: usize) -> f64 {
        self.link_forward_mw[k][t] - self.link_reverse_mw[k][t]
    }
}

/// Everything a dispatch run returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DispatchOutcome {
    /// Solver outcome.
    pub status: SolveStatus,
    /// The solution, when `status` is optimal.
    pub solution: Option<DispatchSolution>,
    /// Size and timings.
    pub stats: SolveStats,
}

impl DispatchOutcome {
    /// An outcome without a solution.
    pub fn stopped(status: SolveStatus, stats: SolveStats) -> Self {
        Self { status, solution: None, stats }
    }
}
