//! Study settings: the typed form of a case's `study.toml`.
//!
//! Every table rejects unknown keys so a typo is an error, not a silent default.

use crate::limits::{
    within, FEASIBILITY_TOLERANCE_RANGE, MAX_CHUNKS, MAX_COST_USD, MAX_DECIMALS, MAX_FIRST_PASS_HOURS, MAX_HOURS, MAX_THREADS,
    MAX_TIME_LIMIT_S, MAX_YEAR, MIN_YEAR,
};
use crate::{Country, FieldIssue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod expansion;
pub use expansion::{BlockMethod, ExpansionMethod, ExpansionSettings};

/// The whole `study.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudySettings {
    /// Study name (defaults to the case folder name).
    #[serde(default)]
    pub name: Option<String>,
    /// Free text shown in summaries.
    #[serde(default)]
    pub description: Option<String>,
    /// Year studied.
    pub study_year: i32,
    /// Hours to study.
    #[serde(default)]
    pub horizon: HorizonSettings,
    /// Time-zone handling.
    #[serde(default)]
    pub time: TimeSettings,
    /// Economic parameters.
    #[serde(default)]
    pub economics: EconomicsSettings,
    /// LP solver options.
    #[serde(default)]
    pub solver: SolverSettings,
    /// What to write.
    #[serde(default)]
    pub output: OutputSettings,
    /// Which optional network elements are in the study.
    #[serde(default)]
    pub network: NetworkSettings,
    /// How the network is modelled.
    #[serde(default)]
    pub model: ModelSettings,
    /// Where hourly load comes from.
    #[serde(default)]
    pub load: LoadSettings,
    /// Capacity expansion.
    #[serde(default)]
    pub expansion: ExpansionSettings,
}

/// Source of hourly load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadSource {
    /// `series/loads-p_mw.csv`.
    #[default]
    Series,
    /// Synthesised for the study year from `load/regions_load.csv` (sourced annual
    /// demand, peak and climate of the base year), grown to the study year, plus
    /// data-center load of the chosen scenario (`load/datacenters.csv`,
    /// `load/datacenter_pipeline.csv`).
    Forecast,
}

/// `[load]`: hourly load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadSettings {
    /// `series` (default) or `forecast`.
    #[serde(default)]
    pub source: LoadSource,
    /// Data-center growth scenario: `low`, `mid` (default) or `high`.
    #[serde(default)]
    pub scenario: Scenario,
    /// Seed of the synthetic weather.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Growth of the non-data-center load per country, % per year (keys US, CA, MX;
    /// any other key is refused when `study.toml` is read).
    #[serde(default, serialize_with = "by_code")]
    pub base_growth_pct_per_year: BTreeMap<Country, f64>,
    /// When set, the flexible share of data-center load may be curtailed at this
    /// price, USD/MWh.
    #[serde(default)]
    pub flexible_curtail_cost_usd_per_mwh: Option<f64>,
    /// Largest curtailed share of the flexible data-center energy over the horizon.
    #[serde(default = "default_flex_share")]
    pub flexible_max_curtail_share: f64,
    /// Weather year: the hourly shape of US load from this historical year of
    /// `weather_loads`, and the synthetic weather of Canada, Mexico and the
    /// renewables seeded by it (only with `source = "forecast"`).
    #[serde(default)]
    pub weather_year: Option<i32>,
    /// Hourly load of historical years per US region (UTC, whole years), relative to
    /// the case folder: where `weather_year` takes its shapes.
    #[serde(default)]
    pub weather_loads: Option<String>,
}

impl Default for LoadSettings {
    fn default() -> Self {
        Self {
            source: LoadSource::Series,
            scenario: Scenario::default(),
            seed: default_seed(),
            base_growth_pct_per_year: Default::default(),
            flexible_curtail_cost_usd_per_mwh: None,
            flexible_max_curtail_share: default_flex_share(),
            weather_year: None,
            weather_loads: None,
        }
    }
}

/// Written in the order of the country codes (as when the keys were strings).
fn by_code<S: serde::Serializer>(m: &BTreeMap<Country, f64>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(m.iter().map(|(c, v)| (c.code(), v)).collect::<BTreeMap<_, _>>())
}

/// Data-center growth scenario of `[load] scenario` (and of a `compare.toml` variant),
/// written `low`, `mid` or `high`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// Slow adoption.
    Low,
    /// Central case.
    #[default]
    Mid,
    /// Fast adoption.
    High,
}

impl Scenario {
    /// All scenarios, low to high.
    pub const ALL: [Scenario; 3] = [Scenario::Low, Scenario::Mid, Scenario::High];
    /// The name as written in `study.toml` (`low`, `mid`, `high`).
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Low => "low",
            Scenario::Mid => "mid",
            Scenario::High => "high",
        }
    }
}

/// Reads the name through [`std::str::FromStr`], so an unknown name is refused with
/// the list of choices.
impl<'de> Deserialize<'de> for Scenario {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Scenario {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scenario::ALL.into_iter().find(|c| c.name() == s.trim()).ok_or_else(|| format!("unknown scenario {s:?} (low, mid, high)"))
    }
}
fn default_seed() -> u64 {
    1
}
fn default_flex_share() -> f64 {
    0.005
}

/// How AC lines are modelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formulation {
    /// Net transfer capacities only: flows are limited but not tied to physics.
    #[default]
    Transport,
    /// Linearised (DC) power flow on AC lines within each synchronous area;
    /// HVDC and back-to-back links stay controllable.
    Dc,
}

/// How Kirchhoff's voltage law is written in the `dc` formulation. Both give the
/// same optimum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KvlMethod {
    /// Flows tied to voltage-angle variables: f = b (θ_from − θ_to − shift).
    Angles,
    /// Flow variables only, with the voltage law around each cycle of a cycle basis.
    #[default]
    Cycles,
    /// Flows as power transfer distribution factors times the regions' net
    /// injections, one balance per synchronous area (zonal networks only).
    Ptdf,
}

/// `[model]`: network formulation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    /// `transport` (default) or `dc`.
    #[serde(default)]
    pub formulation: Formulation,
    /// `cycles` (default), `angles` or `ptdf`; used by `dc` only.
    #[serde(default)]
    pub kvl: KvlMethod,
}

/// `[network]`: optional elements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSettings {
    /// Ids of candidate lines and links (`status = candidate` in lines.csv or
    /// links.csv) to switch on; `["all"]` switches on every candidate.
    #[serde(default)]
    pub candidates: Vec<String>,
}

/// `[horizon]`: which hours are studied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HorizonSettings {
    /// First hour, RFC 3339 (e.g. `2030-01-01T00:00:00Z`); default: 1 January of the
    /// study year, 00:00 UTC.
    #[serde(default)]
    pub start: Option<String>,
    /// Number of hours; default: the whole study year (8,760 or 8,784).
    #[serde(default)]
    pub hours: Option<usize>,
}

/// `[time]`: time zones. Inputs and the LP are always in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSettings {
    /// IANA zone (or `UTC`) in which output timestamps are written.
    #[serde(default = "default_utc")]
    pub output_time_zone: String,
}

impl Default for TimeSettings {
    fn default() -> Self {
        Self { output_time_zone: default_utc() }
    }
}

fn default_utc() -> String {
    "UTC".into()
}

/// `[economics]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicsSettings {
    /// Cost of unserved energy, USD/MWh.
    #[serde(default = "default_voll")]
    pub value_of_lost_load_usd_per_mwh: f64,
    /// Allow load shedding (false for a pure OPF as in MATPOWER).
    #[serde(default = "default_true")]
    pub allow_unserved: bool,
    /// Multiplier of the prices of `fuel_prices.csv` by fuel id (`all`: every fuel
    /// without its own), e.g. `{ natural_gas = 1.5 }` (a sweep axis of fuel prices).
    #[serde(default)]
    pub fuel_price_multiplier: BTreeMap<String, f64>,
}

impl Default for EconomicsSettings {
    fn default() -> Self {
        Self { value_of_lost_load_usd_per_mwh: default_voll(), allow_unserved: true, fuel_price_multiplier: BTreeMap::new() }
    }
}

fn default_voll() -> f64 {
    10_000.0
}

/// LP algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SolverMethod {
    /// Let HiGHS choose (dual simplex for LPs).
    #[default]
    Choose,
    /// Dual simplex.
    Simplex,
    /// Interior point with crossover.
    Ipm,
    /// First-order primal-dual (PDLP); approximate.
    Pdlp,
}

/// `[solver]`: HiGHS options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverSettings {
    /// Algorithm.
    #[serde(default)]
    pub method: SolverMethod,
    /// Threads for HiGHS; 0 lets HiGHS decide. HiGHS fixes its thread pool at the
    /// first solve of a process, so use one value per process.
    #[serde(default)]
    pub threads: u32,
    /// Wall-clock limit, seconds; the status says when it is reached.
    #[serde(default = "default_time_limit")]
    pub time_limit_s: f64,
    /// Primal and dual feasibility tolerance.
    #[serde(default = "default_tol")]
    pub feasibility_tolerance: f64,
    /// Print HiGHS's log.
    #[serde(default)]
    pub log: bool,
    /// `none`: one LP over the whole horizon; `rolling`: consecutive windows.
    #[serde(default)]
    pub decomposition: Decomposition,
    /// Hours committed per rolling window.
    #[serde(default = "default_window")]
    pub window_hours: usize,
    /// Extra look-ahead hours solved with each window but not committed.
    #[serde(default = "default_overlap")]
    pub overlap_hours: usize,
    /// Solve rolling windows in parallel, each with cyclic storage and prorated
    /// energy budgets, instead of in sequence with the state handed over.
    #[serde(default)]
    pub parallel_windows: bool,
    /// With `rolling`, also solve the single LP and report the gap (cost and
    /// unserved energy): `auto` (default) when the horizon is at most
    /// [`GAP_AUTO_MAX_HOURS`](crate::limits::GAP_AUTO_MAX_HOURS), `true` always, `false` never.
    #[serde(default)]
    pub report_gap: ReportGap,
    /// With `rolling` in sequence, start each window's simplex from the previous
    /// window's optimal basis (same LP, fewer iterations).
    #[serde(default = "default_true")]
    pub warm_start: bool,
    /// With `rolling` in sequence, cut the horizon at month starts into this many
    /// chunks of windows solved side by side (WS2); 1 = one sequence.
    #[serde(default = "default_chunks")]
    pub chunks: usize,
    /// Where the simplex of a single LP over the whole horizon starts (WS3): from the
    /// rolling horizon's dispatch (`rolling`), from HiGHS's own start (`cold`), or
    /// `auto` (default): `rolling` when the horizon is longer than two windows.
    #[serde(default)]
    pub single_lp_start: SingleLpStart,
    /// (WS4) With `rolling` in sequence, first solve the whole horizon as one LP in
    /// blocks of this many hours (each the average of its hours); its dispatch sets
    /// how the windows share monthly budgets and the curtailment allowance. 0: no
    /// first pass (shares by hours).
    #[serde(default = "default_first_pass_hours")]
    pub first_pass_hours: usize,
}

/// `[solver] single_lp_start`: how a single LP over the whole horizon starts (WS3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SingleLpStart {
    /// `rolling` when the horizon is longer than two windows (`window_hours` + `overlap_hours` each), else `cold`.
    #[default]
    Auto,
    /// Solve the rolling horizon first; crossover turns its dispatch into the simplex's starting basis.
    Rolling,
    /// HiGHS's own start (presolve, then the simplex from the slack basis).
    Cold,
}

impl SolverSettings {
    /// (WS3) Whether a single LP over `hours` hours starts from the rolling horizon's
    /// dispatch: asked for, or `auto` over more than two windows; never with
    /// interior point or PDLP (which take no starting basis).
    pub fn single_lp_from_rolling(&self, hours: usize) -> bool {
        let simplex = matches!(self.method, SolverMethod::Choose | SolverMethod::Simplex);
        simplex
            && match self.single_lp_start {
                SingleLpStart::Auto => hours > 2 * (self.window_hours.max(1) + self.overlap_hours),
                SingleLpStart::Rolling => hours > self.window_hours.max(1),
                SingleLpStart::Cold => false,
            }
    }
}

/// `[solver] report_gap`: when a rolling run also solves the single LP.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportGap {
    /// When the horizon is at most [`GAP_AUTO_MAX_HOURS`](crate::limits::GAP_AUTO_MAX_HOURS)
    /// (a month: the single LP is then affordable).
    #[default]
    Auto,
    /// Always (`true`).
    Always,
    /// Never (`false`).
    Never,
}

impl ReportGap {
    /// True when a rolling run over `hours` hours also solves the single LP.
    pub fn applies(self, hours: usize) -> bool {
        match self {
            ReportGap::Auto => hours <= crate::limits::GAP_AUTO_MAX_HOURS,
            ReportGap::Always => true,
            ReportGap::Never => false,
        }
    }
}

impl Serialize for ReportGap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ReportGap::Auto => s.serialize_str("auto"),
            ReportGap::Always => s.serialize_bool(true),
            ReportGap::Never => s.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for ReportGap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ReportGap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or \"auto\"")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<ReportGap, E> {
                Ok(if v { ReportGap::Always } else { ReportGap::Never })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ReportGap, E> {
                match v {
                    "auto" => Ok(ReportGap::Auto),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// How the horizon is split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decomposition {
    /// One LP over the whole horizon (exact).
    #[default]
    None,
    /// Rolling horizon: windows of `window_hours` (+ `overlap_hours` look-ahead).
    Rolling,
}

fn default_window() -> usize {
    168
}
fn default_overlap() -> usize {
    24
}

impl Default for SolverSettings {
    fn default() -> Self {
        Self {
            method: SolverMethod::default(),
            threads: 0,
            time_limit_s: default_time_limit(),
            feasibility_tolerance: default_tol(),
            log: false,
            decomposition: Decomposition::None,
            window_hours: default_window(),
            overlap_hours: default_overlap(),
            parallel_windows: false,
            report_gap: ReportGap::Auto,
            warm_start: true,
            chunks: default_chunks(),
            single_lp_start: SingleLpStart::Auto,
            first_pass_hours: default_first_pass_hours(),
        }
    }
}

fn default_chunks() -> usize {
    1
}
fn default_first_pass_hours() -> usize {
    6
}
fn default_time_limit() -> f64 {
    3600.0
}
fn default_tol() -> f64 {
    1e-7
}

/// `[output]`: what a run writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    /// Write the hourly result tables (prices, dispatch, flows...).
    #[serde(default = "default_true")]
    pub hourly: bool,
    /// Decimals written for MW, MWh and USD/MWh values in hourly tables.
    #[serde(default = "default_decimals")]
    pub decimals: usize,
    /// Number of interconnectors listed as "top congested" in the summary.
    #[serde(default = "default_top")]
    pub top_congested: usize,
    /// Draw charts (PNG and SVG) into the run folder's `plots/`.
    #[serde(default = "default_true")]
    pub plots: bool,
    /// Write `report.html`, the run's self-contained HTML report.
    #[serde(default = "default_true")]
    pub report: bool,
    /// First day (`YYYY-MM-DD`, in `[time] output_time_zone`) of the week report.html
    /// shows beside each peak week; by default the week of the lowest net load
    /// (load minus available wind and solar) of the whole system.
    #[serde(default)]
    pub report_week: Option<String>,
}

impl Default for OutputSettings {
    fn default() -> Self {
        Self { hourly: true, decimals: default_decimals(), top_congested: default_top(), plots: true, report: true, report_week: None }
    }
}

impl OutputSettings {
    /// `report_week` as a date; `None` when unset or not a `YYYY-MM-DD` date.
    pub fn report_week_date(&self) -> Option<chrono::NaiveDate> {
        self.report_week.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }
}

fn default_true() -> bool {
    true
}
fn default_decimals() -> usize {
    3
}
fn default_top() -> usize {
    5
}

impl StudySettings {
    /// Settings with defaults for a study year.
    pub fn for_year(study_year: i32) -> Self {
        Self {
            name: None,
            description: None,
            study_year,
            horizon: HorizonSettings::default(),
            time: TimeSettings::default(),
            economics: EconomicsSettings::default(),
            solver: SolverSettings::default(),
            output: OutputSettings::default(),
            network: NetworkSettings::default(),
            model: ModelSettings::default(),
            load: LoadSettings::default(),
            expansion: ExpansionSettings::default(),
        }
    }

    /// The same study in `year` (`--year`): `study_year` becomes `year`, and the
    /// horizon starts on 1 January of it, or on the same date and time of `year` when
    /// `[horizon] start` is given (unless that date does not exist in `year`: then 1 January).
    pub fn in_year(mut self, year: i32) -> Self {
        use chrono::Datelike;
        self.study_year = year;
        self.horizon.start = self
            .horizon
            .start
            .as_deref()
            .and_then(crate::time::parse_timestamp)
            .and_then(|t| t.with_year(year))
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        self
    }
}

/// Solver `dc_iterations` accepted (each is a full solve).
const MAX_DC_ITERATIONS: usize = 1000;
/// Benders iterations accepted (each solves every window once at most).
const MAX_BENDERS_ITERATIONS: usize = 100_000;

impl StudySettings {
    /// Check every setting against [`crate::limits`] and its meaning; the column of
    /// each [`FieldIssue`] is the dotted key (`solver.threads`). The horizon's start
    /// and time zone are checked by the reader, which parses them.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut out = Vec::new();
        let mut bad = |key: &str, value: String, msg: String| out.push(FieldIssue::new(key, value, msg));
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.study_year) {
            bad("study_year", self.study_year.to_string(), format!("must be a year from {MIN_YEAR} to {MAX_YEAR}"));
        }
        if let Some(h) = self.horizon.hours {
            if !(1..=MAX_HOURS).contains(&h) {
                bad("horizon.hours", h.to_string(), format!("must be from 1 to {MAX_HOURS} hours (ten years)"));
            }
        }
        let voll = self.economics.value_of_lost_load_usd_per_mwh;
        if !(within(voll, MAX_COST_USD) && voll > 0.0) {
            bad("economics.value_of_lost_load_usd_per_mwh", num(voll), format!("must be a positive number up to {MAX_COST_USD:e}"));
        }
        for (fuel, m) in &self.economics.fuel_price_multiplier {
            if !(m.is_finite() && (0.0..=100.0).contains(m)) {
                bad(&format!("economics.fuel_price_multiplier.{fuel}"), num(*m), "must be a factor from 0 to 100".into());
            }
        }
        self.solver.check_into(&mut bad);
        if self.output.decimals > MAX_DECIMALS {
            bad("output.decimals", self.output.decimals.to_string(), format!("must be from 0 to {MAX_DECIMALS}"));
        }
        if let Some(w) = &self.output.report_week {
            if self.output.report_week_date().is_none() {
                bad("output.report_week", w.clone(), "must be a date YYYY-MM-DD (the first day of the week to show)".into());
            }
        }
        let ex = &self.expansion;
        if !(ex.mip_rel_gap.is_finite() && (0.0..=1.0).contains(&ex.mip_rel_gap)) {
            bad("expansion.mip_rel_gap", num(ex.mip_rel_gap), "must be a fraction from 0 to 1 (e.g. 1e-4)".into());
        }
        if ex.dc_iterations > MAX_DC_ITERATIONS {
            bad("expansion.dc_iterations", ex.dc_iterations.to_string(), format!("must be from 1 to {MAX_DC_ITERATIONS}"));
        }
        if !(1..=MAX_HOURS).contains(&ex.window_hours) {
            bad("expansion.window_hours", ex.window_hours.to_string(), format!("must be from 1 to {MAX_HOURS}"));
        }
        if let Some(g) = ex.abs_gap_usd_per_year {
            if !(g.is_finite() && g >= 0.0 && within(g, MAX_COST_USD * 1e6)) {
                bad("expansion.abs_gap_usd_per_year", num(g), "must be a number of USD per year ≥ 0".into());
            }
        }
        if !(1..=MAX_BENDERS_ITERATIONS).contains(&ex.max_iterations) {
            bad("expansion.max_iterations", ex.max_iterations.to_string(), format!("must be from 1 to {MAX_BENDERS_ITERATIONS}"));
        }
        if !(0.0..=1.0).contains(&ex.cvar_weight) {
            bad("expansion.cvar_weight", num(ex.cvar_weight), "must be a weight from 0 (expected cost) to 1 (CVaR alone)".into());
        }
        if !(0.0..1.0).contains(&ex.cvar_alpha) {
            bad("expansion.cvar_alpha", num(ex.cvar_alpha), "must be a level from 0 up to (not including) 1, e.g. 0.9".into());
        }
        if !(0.0..=1.0).contains(&ex.near_optimal_share) {
            bad(
                "expansion.near_optimal_share",
                num(ex.near_optimal_share),
                "must be a share of the net saving from 0 (no ranges) to 1, e.g. 0.1".into(),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for y in &ex.weather_years {
            if !seen.insert(*y) {
                bad("expansion.weather_years", y.to_string(), "appears twice: each weather year is one scenario".into());
            }
        }
        let l = &self.load;
        for (country, g) in &l.base_growth_pct_per_year {
            if !(g.is_finite() && *g > -100.0 && *g <= 100.0) {
                bad(
                    &format!("load.base_growth_pct_per_year.{country}"),
                    num(*g),
                    "must be a growth in % per year, above -100 and up to 100".into(),
                );
            }
        }
        if let Some(c) = l.flexible_curtail_cost_usd_per_mwh {
            if !(within(c, MAX_COST_USD) && c >= 0.0) {
                bad("load.flexible_curtail_cost_usd_per_mwh", num(c), format!("must be a number from 0 to {MAX_COST_USD:e}"));
            }
        }
        let share = l.flexible_max_curtail_share;
        if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
            bad("load.flexible_max_curtail_share", num(share), "must be a fraction from 0 to 1".into());
        }
        if let Some(w) = l.weather_year {
            if !(MIN_YEAR..=MAX_YEAR).contains(&w) {
                bad("load.weather_year", w.to_string(), format!("must be a year from {MIN_YEAR} to {MAX_YEAR}"));
            } else if l.source != LoadSource::Forecast {
                bad("load.weather_year", w.to_string(), "needs [load] source = \"forecast\" (the load of a series case is its own)".into());
            } else if l.weather_loads.is_none() {
                bad(
                    "load.weather_year",
                    w.to_string(),
                    "needs [load] weather_loads: the file of historical hourly load per US region".into(),
                );
            }
        }
        out
    }
}

impl SolverSettings {
    fn check_into(&self, bad: &mut impl FnMut(&str, String, String)) {
        let t = self.time_limit_s;
        if !(t.is_finite() && t > 0.0 && t <= MAX_TIME_LIMIT_S) {
            bad("solver.time_limit_s", num(t), format!("must be a positive number of seconds up to {MAX_TIME_LIMIT_S:e}"));
        }
        if self.threads > MAX_THREADS {
            bad("solver.threads", self.threads.to_string(), format!("must be from 0 (HiGHS decides) to {MAX_THREADS}"));
        }
        let (lo, hi) = FEASIBILITY_TOLERANCE_RANGE;
        let tol = self.feasibility_tolerance;
        if !(tol >= lo && tol <= hi) {
            bad("solver.feasibility_tolerance", num(tol), format!("must be from {lo:e} to {hi:e} (default 1e-7)"));
        }
        if !(1..=MAX_HOURS).contains(&self.window_hours) {
            bad("solver.window_hours", self.window_hours.to_string(), format!("must be from 1 to {MAX_HOURS}"));
        }
        if self.first_pass_hours > MAX_FIRST_PASS_HOURS {
            bad(
                "solver.first_pass_hours",
                self.first_pass_hours.to_string(),
                format!("must be from 0 (no first pass) to {MAX_FIRST_PASS_HOURS} (a week per block)"),
            );
        }
        if !(1..=MAX_CHUNKS).contains(&self.chunks) {
            bad("solver.chunks", self.chunks.to_string(), format!("must be from 1 to {MAX_CHUNKS} (a chunk starts at a month start)"));
        }
        if self.overlap_hours > MAX_HOURS {
            bad("solver.overlap_hours", self.overlap_hours.to_string(), format!("must be from 0 to {MAX_HOURS}"));
        }
    }
}

/// A number as written in TOML (`1e-300`, `inf`), not expanded to all its digits.
fn num(v: f64) -> String {
    format!("{v:?}")
}

/// Borders of a comparison variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Borders {
    /// As in the case.
    #[default]
    Existing,
    /// Every line and link between regions of different countries removed.
    Islanded,
}
