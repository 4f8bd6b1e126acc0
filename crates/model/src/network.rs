//! Components of the network and their validation rules.
//!
//! Components refer to each other by index into the [`Network`] vectors; ids are the
//! user's names and are unique per component kind.

use crate::fuel::{Availability, Fuel, FuelPrices, FuelUse, OutOfService};
use crate::issue::FieldIssue;
use crate::limits::{within, MAX_COST_USD, MAX_MW, MAX_X_PU, MIN_X_PU};
use crate::settings::StudySettings;
use crate::time::TimeAxis;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Country of a region (and of its holiday calendar in nagrid-load).
///
/// Serialised as its two-letter code; deserialisation accepts exactly `US`, `CA`
/// and `MX` (the keys of `[load] base_growth_pct_per_year`), so an unknown key is an
/// error rather than an entry nobody reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Country {
    /// United States.
    US,
    /// Canada.
    CA,
    /// Mexico.
    MX,
}

impl Country {
    /// All countries in report order.
    pub const ALL: [Country; 3] = [Country::US, Country::CA, Country::MX];
    /// Two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Country::US => "US",
            Country::CA => "CA",
            Country::MX => "MX",
        }
    }
    /// English name (`United States`, `Canada`, `Mexico`).
    pub fn name(self) -> &'static str {
        match self {
            Country::US => "United States",
            Country::CA => "Canada",
            Country::MX => "Mexico",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Country {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "US" | "USA" => Ok(Country::US),
            "CA" | "CAN" | "CANADA" => Ok(Country::CA),
            "MX" | "MEX" | "MEXICO" => Ok(Country::MX),
            _ => Err("expected a country code US, CA or MX".into()),
        }
    }
}

/// A bidding zone / balancing region: one energy balance per hour.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Unique id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Country.
    pub country: Country,
    /// Synchronous interconnection (e.g. `Eastern`, `Western`, `ERCOT`, `Quebec`, `SIN`).
    pub interconnection: String,
    /// IANA time zone of the region's load centre.
    pub time_zone: chrono_tz::Tz,
    /// Latitude of the load centre, degrees north.
    pub lat_deg: f64,
    /// Longitude of the load centre, degrees east (negative in North America).
    pub lon_deg: f64,
}

/// A dispatchable or variable generator (aggregated per region and technology).
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    /// Unique id.
    pub id: String,
    /// Index of its region in [`Network::regions`].
    pub region: usize,
    /// Technology / carrier label (e.g. `gas_cc`, `wind`, `nuclear`).
    pub technology: String,
    /// Installed capacity, MW.
    pub p_max_mw: f64,
    /// Must-run minimum output, MW (bounded by the hour's availability).
    pub p_min_mw: f64,
    /// Marginal (variable) cost, USD/MWh, when it burns no fuel (0 with a fuel:
    /// read the hour's cost with [`Case::gen_cost_usd_per_mwh`], C1).
    pub marginal_cost_usd_per_mwh: f64,
    /// Fuel, heat rate and VOM (C1); `None`: the cost is `marginal_cost_usd_per_mwh`.
    pub fuel: Option<FuelUse>,
    /// Name of a shared availability series (a column of `series/generators-p_max_pu.csv`)
    /// used when no column is named by its id.
    pub profile: Option<String>,
    /// CO2 emission intensity, t/MWh of output.
    pub co2_t_per_mwh: f64,
    /// Quadratic cost coefficient c2 of c2·P² (P in MW), USD/MW²h; 0 for a linear cost.
    pub cost_quadratic_usd_per_mw2h: f64,
    /// Constant cost c0 per hour while available, USD/h (MATPOWER's c0).
    pub cost_constant_usd_per_h: f64,
    /// Largest increase of output from one hour to the next, fraction of `p_max_mw`
    /// per hour (None: no limit).
    pub ramp_up_pu_per_h: Option<f64>,
    /// Largest decrease of output from one hour to the next (None: no limit).
    pub ramp_down_pu_per_h: Option<f64>,
    /// Largest share of `p_max_mw` that may be held as operating reserve (RS2), in [0, 1].
    pub reserve_max_pu: f64,
    /// Capacity that may be added (None: fixed).
    pub expansion: Option<Expansion>,
}

impl Generator {
    /// Field-level rules (units, ranges, consistency).
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "p_max_mw", self.p_max_mw);
        power(&mut v, "p_min_mw", self.p_min_mw);
        bounded(&mut v, "marginal_cost_usd_per_mwh", self.marginal_cost_usd_per_mwh, MAX_COST_USD);
        if !(self.co2_t_per_mwh >= 0.0 && self.co2_t_per_mwh <= MAX_CO2_T_PER_MWH) {
            v.push(FieldIssue::new("co2_t_per_mwh", self.co2_t_per_mwh, format!("must be a number from 0 to {MAX_CO2_T_PER_MWH} t/MWh")));
        }
        for (col, r) in [("ramp_up_pu_per_h", self.ramp_up_pu_per_h), ("ramp_down_pu_per_h", self.ramp_down_pu_per_h)] {
            if let Some(r) = r {
                if !(r > 0.0 && r <= MAX_RAMP_PU_PER_H) {
                    v.push(FieldIssue::new(
                        col,
                        r,
                        format!("a ramp limit is a fraction of p_max_mw per hour in (0, {MAX_RAMP_PU_PER_H}] (empty for none)"),
                    ));
                }
            }
        }
        if let Some(f) = &self.fuel {
            if !(f.heat_rate_mmbtu_per_mwh > 0.0 && f.heat_rate_mmbtu_per_mwh <= MAX_HEAT_RATE_MMBTU_PER_MWH) {
                v.push(FieldIssue::new(
                    "heat_rate_mmbtu_per_mwh",
                    f.heat_rate_mmbtu_per_mwh,
                    format!("a heat rate must be a number in (0, {MAX_HEAT_RATE_MMBTU_PER_MWH}] MMBtu/MWh"),
                ));
            }
            cost(&mut v, "vom_usd_per_mwh", f.vom_usd_per_mwh);
        }
        reserve_share(&mut v, self.reserve_max_pu);
        if self.p_min_mw.is_finite() && self.p_max_mw >= 0.0 && self.p_min_mw > self.p_max_mw {
            v.push(FieldIssue::new("p_min_mw", self.p_min_mw, format!("must not exceed p_max_mw ({})", self.p_max_mw)));
        }
        v
    }
}

/// Storage (battery or pumped hydro): charge, discharge and a state of charge.
#[derive(Debug, Clone, PartialEq)]
pub struct Storage {
    /// Unique id.
    pub id: String,
    /// Index of its region.
    pub region: usize,
    /// Technology label (e.g. `battery`, `pumped_hydro`).
    pub technology: String,
    /// Charge and discharge power limit, MW.
    pub p_max_mw: f64,
    /// Energy capacity, MWh.
    pub energy_mwh: f64,
    /// Charging efficiency, in (0, 1].
    pub efficiency_charge: f64,
    /// Discharging efficiency, in (0, 1].
    pub efficiency_discharge: f64,
    /// Initial state of charge as a fraction of `energy_mwh`; `None` means cyclic
    /// (the state at the end of the horizon equals the state at its start).
    pub soc_initial_pu: Option<f64>,
    /// Required state of charge after the last hour, fraction of `energy_mwh`
    /// (None: free, or equal to the initial state when cyclic).
    pub soc_final_pu: Option<f64>,
    /// Cost per MWh discharged, USD/MWh (wear).
    pub marginal_cost_usd_per_mwh: f64,
    /// Largest share of `p_max_mw` that may be held as operating reserve (RS2), in [0, 1].
    pub reserve_max_pu: f64,
    /// Power and energy capacity that may be added (E4; None: fixed).
    pub expansion: Option<StorageExpansion>,
}

/// Capacity expansion of a storage unit (E4): power (charge and discharge limit) and
/// energy, each with its own limit and overnight cost, sharing lifetime, discount
/// rate and fixed O&M. A zero limit leaves that part fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageExpansion {
    /// Largest power that may be added, MW (0: power fixed).
    pub max_added_power_mw: f64,
    /// Overnight cost per MW of power added, USD/MW.
    pub power_cost_usd_per_mw: f64,
    /// Largest energy capacity that may be added, MWh (0: energy fixed).
    pub max_added_energy_mwh: f64,
    /// Overnight cost per MWh of energy capacity added, USD/MWh.
    pub energy_cost_usd_per_mwh: f64,
    /// Economic lifetime, years.
    pub lifetime_years: f64,
    /// Real discount rate, fraction in [0, 1).
    pub discount_rate: f64,
    /// Fixed operation and maintenance, % of the capital cost per year.
    pub fixed_om_pct_per_year: f64,
}

impl StorageExpansion {
    fn part(&self, max: f64, cost: f64) -> Option<Expansion> {
        (max > 0.0).then_some(Expansion {
            max_added_mw: max,
            capital_cost_usd_per_mw: cost,
            lifetime_years: self.lifetime_years,
            discount_rate: self.discount_rate,
            fixed_om_pct_per_year: self.fixed_om_pct_per_year,
            build_unit_mw: None,
        })
    }

    /// The power part as a continuous [`Expansion`] in MW, if power is expandable.
    pub fn power(&self) -> Option<Expansion> {
        self.part(self.max_added_power_mw, self.power_cost_usd_per_mw)
    }

    /// The energy part as a continuous [`Expansion`] whose capacity unit is the MWh
    /// (`max_added_mw` holds MWh, `capital_cost_usd_per_mw` USD/MWh), if energy is expandable.
    pub fn energy(&self) -> Option<Expansion> {
        self.part(self.max_added_energy_mwh, self.energy_cost_usd_per_mwh)
    }

    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "max_added_power_mw", self.max_added_power_mw);
        power(&mut v, "max_added_energy_mwh", self.max_added_energy_mwh);
        cost(&mut v, "power_cost_usd_per_mw", self.power_cost_usd_per_mw);
        cost(&mut v, "energy_cost_usd_per_mwh", self.energy_cost_usd_per_mwh);
        if self.max_added_power_mw <= 0.0 && self.max_added_energy_mwh <= 0.0 {
            v.push(FieldIssue::new(
                "max_added_power_mw",
                self.max_added_power_mw,
                "an expandable storage unit needs max_added_power_mw or max_added_energy_mwh above 0",
            ));
        }
        // Lifetime, discount rate and fixed O&M follow the rules of every expansion.
        v.extend(self.part(1.0, 0.0).map(|e| e.check()).unwrap_or_default());
        v
    }
}

impl Storage {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "p_max_mw", self.p_max_mw);
        // A candidate whose energy capacity may be added may start without any.
        let may_start_empty = self.expansion.as_ref().is_some_and(|e| e.max_added_energy_mwh > 0.0) && self.energy_mwh == 0.0;
        if !(self.energy_mwh > 0.0 && within(self.energy_mwh, MAX_MW) || may_start_empty) {
            v.push(FieldIssue::new(
                "energy_mwh",
                self.energy_mwh,
                format!("storage needs an energy capacity in (0, {MAX_MW:e}] MWh (0 only when energy may be added)"),
            ));
        }
        efficiency(&mut v, "efficiency_charge", self.efficiency_charge);
        efficiency(&mut v, "efficiency_discharge", self.efficiency_discharge);
        if let Some(s) = self.soc_initial_pu {
            if !(0.0..=1.0).contains(&s) {
                v.push(FieldIssue::new("soc_initial_pu", s, "must be in [0, 1], or empty for cyclic"));
            }
        }
        if let Some(s) = self.soc_final_pu {
            if !(0.0..=1.0).contains(&s) {
                v.push(FieldIssue::new("soc_final_pu", s, "must be in [0, 1], or empty"));
            }
        }
        cost(&mut v, "marginal_cost_usd_per_mwh", self.marginal_cost_usd_per_mwh);
        reserve_share(&mut v, self.reserve_max_pu);
        if let Some(e) = &self.expansion {
            v.extend(e.check());
        }
        v
    }
}

/// An AC intertie between two regions. In the transport formulation it is a
/// transfer limit; Kirchhoff's voltage law uses its reactance.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Unique id.
    pub id: String,
    /// Index of the `from` region (positive flow goes from -> to).
    pub from: usize,
    /// Index of the `to` region.
    pub to: usize,
    /// Thermal / transfer limit from -> to (and to -> from unless
    /// `s_max_reverse_mw` differs), MW.
    pub s_max_mw: f64,
    /// Transfer limit to -> from, MW (T2; equal to `s_max_mw` unless given).
    pub s_max_reverse_mw: f64,
    /// Hurdle rate charged per MWh in either direction, USD/MWh (T3).
    pub hurdle_usd_per_mwh: f64,
    /// Series reactance on the network's `base_mva`, per unit.
    pub x_pu: f64,
    /// Off-nominal tap ratio (1 for a line).
    pub tap_ratio: f64,
    /// Phase-shift angle, degrees (0 for a line).
    pub phase_shift_deg: f64,
    /// Lower limit of the angle difference θ_from − θ_to, degrees (None: no limit).
    pub angle_min_deg: Option<f64>,
    /// Upper limit of the angle difference, degrees (None: no limit).
    pub angle_max_deg: Option<f64>,
    /// Capacity that may be added (None: fixed). In the `dc` formulation the
    /// susceptance grows in proportion to the capacity.
    pub expansion: Option<Expansion>,
}

impl Line {
    /// A plain line (no tap, no phase shift, no angle limits).
    pub fn new(id: impl Into<String>, from: usize, to: usize, s_max_mw: f64, x_pu: f64) -> Self {
        Self {
            id: id.into(),
            from,
            to,
            s_max_mw,
            s_max_reverse_mw: s_max_mw,
            hurdle_usd_per_mwh: 0.0,
            x_pu,
            tap_ratio: 1.0,
            phase_shift_deg: 0.0,
            angle_min_deg: None,
            angle_max_deg: None,
            expansion: None,
        }
    }

    /// Susceptance in MW per radian of angle difference: base / (x · tap).
    pub fn b_mw_per_rad(&self, base_mva: f64) -> f64 {
        base_mva / (self.x_pu * self.tap_ratio)
    }
}

impl Line {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "s_max_mw", self.s_max_mw);
        power(&mut v, "s_max_reverse_mw", self.s_max_reverse_mw);
        cost(&mut v, "hurdle_usd_per_mwh", self.hurdle_usd_per_mwh);
        let x_ok = (MIN_X_PU..=MAX_X_PU).contains(&self.x_pu);
        if !x_ok {
            v.push(FieldIssue::new("x_pu", self.x_pu, format!("reactance must be a number from {MIN_X_PU:e} to {MAX_X_PU:e} per unit")));
        }
        let (lo, hi) = TAP_RATIO_RANGE;
        if !(lo..=hi).contains(&self.tap_ratio) {
            v.push(FieldIssue::new("tap_ratio", self.tap_ratio, format!("tap ratio must be a number from {lo} to {hi} (1 for a line)")));
        } else if x_ok && !(MIN_X_PU..=MAX_X_PU).contains(&(self.x_pu * self.tap_ratio)) {
            v.push(FieldIssue::new(
                "tap_ratio",
                self.tap_ratio,
                format!("x_pu × tap_ratio must be from {MIN_X_PU:e} to {MAX_X_PU:e} per unit (x_pu is {})", self.x_pu),
            ));
        }
        if !(self.phase_shift_deg.is_finite() && self.phase_shift_deg.abs() <= 90.0) {
            v.push(FieldIssue::new("phase_shift_deg", self.phase_shift_deg, "phase shift must be within ±90 degrees"));
        }
        v
    }
}

/// Kind of controllable link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Point-to-point HVDC line.
    Hvdc,
    /// Back-to-back converter between asynchronous grids.
    BackToBack,
}

impl FromStr for LinkKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hvdc" => Ok(LinkKind::Hvdc),
            "b2b" | "back_to_back" | "back-to-back" => Ok(LinkKind::BackToBack),
            _ => Err("expected hvdc or back_to_back".into()),
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkKind::Hvdc => "hvdc",
            LinkKind::BackToBack => "back_to_back",
        })
    }
}

/// A controllable link (HVDC or back-to-back), with losses and a wheeling cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Unique id.
    pub id: String,
    /// Index of the `from` region.
    pub from: usize,
    /// Index of the `to` region.
    pub to: usize,
    /// Kind of link.
    pub kind: LinkKind,
    /// Limit from -> to, MW (measured at the sending end).
    pub p_max_forward_mw: f64,
    /// Limit to -> from, MW (measured at the sending end).
    pub p_max_reverse_mw: f64,
    /// Share of sent power that arrives, in (0, 1].
    pub efficiency: f64,
    /// Cost per MWh sent, USD/MWh.
    pub wheeling_cost_usd_per_mwh: f64,
    /// Hurdle rate per MWh sent in either direction, USD/MWh (T3), on top of wheeling.
    pub hurdle_usd_per_mwh: f64,
    /// Capacity that may be added in both directions (None: fixed).
    pub expansion: Option<Expansion>,
}

impl Link {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "p_max_forward_mw", self.p_max_forward_mw);
        power(&mut v, "p_max_reverse_mw", self.p_max_reverse_mw);
        efficiency(&mut v, "efficiency", self.efficiency);
        cost(&mut v, "wheeling_cost_usd_per_mwh", self.wheeling_cost_usd_per_mwh);
        cost(&mut v, "hurdle_usd_per_mwh", self.hurdle_usd_per_mwh);
        v
    }
}

/// Flexible load (e.g. the flexible share of data centers): an hourly demand in a
/// region, on top of its ordinary load, that may be curtailed at a price, up to a
/// share of its energy over the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct FlexibleLoad {
    /// Unique id.
    pub id: String,
    /// Index of its region.
    pub region: usize,
    /// Cost of curtailing one MWh, USD/MWh.
    pub curtail_cost_usd_per_mwh: f64,
    /// Largest curtailed share of its energy over the horizon, in [0, 1].
    pub max_curtail_share: f64,
}

impl FlexibleLoad {
    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        cost(&mut v, "curtail_cost_usd_per_mwh", self.curtail_cost_usd_per_mwh);
        if !(0.0..=1.0).contains(&self.max_curtail_share) {
            v.push(FieldIssue::new("max_curtail_share", self.max_curtail_share, "must be a fraction in [0, 1]"));
        }
        v
    }
}

/// Capacity expansion of an asset (a line, link or generator): how much may be
/// added and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// Largest capacity that may be added, MW.
    pub max_added_mw: f64,
    /// Overnight capital cost per MW added, USD/MW.
    pub capital_cost_usd_per_mw: f64,
    /// Economic lifetime, years.
    pub lifetime_years: f64,
    /// Real discount rate, fraction in [0, 1).
    pub discount_rate: f64,
    /// Fixed operation and maintenance, % of the capital cost per year.
    pub fixed_om_pct_per_year: f64,
    /// Build in whole blocks of this size (a MIP); None for continuous sizing.
    pub build_unit_mw: Option<f64>,
}

impl Expansion {
    /// Capital recovery factor r (1+r)^n / ((1+r)^n − 1) (1/n when r = 0).
    pub fn capital_recovery_factor(&self) -> f64 {
        let (r, n) = (self.discount_rate, self.lifetime_years);
        if r == 0.0 {
            1.0 / n
        } else {
            let a = (1.0 + r).powf(n);
            r * a / (a - 1.0)
        }
    }

    /// Annualised cost of one MW, USD/MW-year: capital × CRF + fixed O&M.
    pub fn annualized_cost_usd_per_mw_year(&self) -> f64 {
        self.capital_cost_usd_per_mw * (self.capital_recovery_factor() + self.fixed_om_pct_per_year / 100.0)
    }

    /// Field-level rules.
    pub fn check(&self) -> Vec<FieldIssue> {
        let mut v = Vec::new();
        power(&mut v, "max_added_mw", self.max_added_mw);
        cost(&mut v, "capital_cost_usd_per_mw", self.capital_cost_usd_per_mw);
        let (lo, hi) = LIFETIME_YEARS_RANGE;
        if !(lo..=hi).contains(&self.lifetime_years) {
            v.push(FieldIssue::new("lifetime_years", self.lifetime_years, format!("lifetime must be a number of years from {lo} to {hi}")));
        }
        if !(0.0..1.0).contains(&self.discount_rate) {
            v.push(FieldIssue::new(
                "discount_rate",
                self.discount_rate,
                "discount rate must be a fraction in [0, 1) (e.g. 0.054, not 5.4)",
            ));
        }
        if !(0.0..=100.0).contains(&self.fixed_om_pct_per_year) {
            v.push(FieldIssue::new(
                "fixed_om_pct_per_year",
                self.fixed_om_pct_per_year,
                "must be a percentage of the capital cost from 0 to 100",
            ));
        }
        if let Some(u) = self.build_unit_mw {
            if !(MIN_BUILD_UNIT_MW..=MAX_MW).contains(&u) {
                v.push(FieldIssue::new(
                    "build_unit_mw",
                    u,
                    format!("a block size must be from {MIN_BUILD_UNIT_MW} to {MAX_MW:e} MW (empty for continuous sizing)"),
                ));
            }
        }
        v
    }
}

/// A monthly energy budget of a (reservoir hydro) generator: its output summed
/// over the hours of `month` (UTC calendar) may not exceed `energy_mwh`.
#[derive(Debug, Clone, PartialEq)]
pub struct HydroBudget {
    /// Index of the generator.
    pub generator: usize,
    /// Month, 1 to 12.
    pub month: u32,
    /// Energy available in a full month, MWh.
    pub energy_mwh: f64,
}

/// A candidate line or link (`status = candidate`) that the study did not switch
/// on: not part of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleCandidate {
    /// Line or link id.
    pub id: String,
    /// `true` for a link (links.csv), `false` for an AC line (lines.csv).
    pub is_link: bool,
    /// Index of the from region.
    pub from: usize,
    /// Index of the to region.
    pub to: usize,
}

/// All static components of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Regions (balance nodes).
    pub regions: Vec<Region>,
    /// Generators.
    pub generators: Vec<Generator>,
    /// Storage units.
    pub storage: Vec<Storage>,
    /// AC interties.
    pub lines: Vec<Line>,
    /// HVDC / back-to-back links.
    pub links: Vec<Link>,
    /// Monthly energy budgets of generators (reservoir hydro).
    pub hydro_budgets: Vec<HydroBudget>,
    /// Curtailable loads.
    pub flexible_loads: Vec<FlexibleLoad>,
    /// Fuels (`fuels.csv`), referred to by [`FuelUse::fuel`].
    pub fuels: Vec<Fuel>,
    /// Fuel prices (C1).
    pub fuel_prices: FuelPrices,
    /// Carbon prices (C2).
    pub carbon_prices: crate::fuel::CarbonPrices,
    /// Availability derates and must-run shares by technology (A1, A2).
    pub availability: Availability,
    /// Components of the case folder not in service in the study year (Y1), left out.
    pub out_of_service: OutOfService,
    /// Candidate lines and links of the case folder not switched on in `[network]
    /// candidates`: not in the model; listed so outputs can show them (flow tables,
    /// the report's map).
    pub idle_candidates: Vec<IdleCandidate>,
    /// Operating-reserve requirements (RS1).
    pub reserves: Vec<crate::reserves::Reserve>,
    /// Base power for per-unit reactances, MVA (100 unless a MATPOWER case says otherwise).
    pub base_mva: f64,
    /// Regions preferred as the angle reference of their AC area (MATPOWER's
    /// reference bus); otherwise the first region of each area is used.
    pub reference_regions: Vec<usize>,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            regions: Vec::new(),
            generators: Vec::new(),
            storage: Vec::new(),
            lines: Vec::new(),
            links: Vec::new(),
            hydro_budgets: Vec::new(),
            flexible_loads: Vec::new(),
            fuels: Vec::new(),
            fuel_prices: FuelPrices::default(),
            carbon_prices: crate::fuel::CarbonPrices::default(),
            availability: Availability::default(),
            out_of_service: OutOfService::default(),
            idle_candidates: Vec::new(),
            reserves: Vec::new(),
            base_mva: 100.0,
            reference_regions: Vec::new(),
        }
    }
}

impl Network {
    /// Index of the region with this id.
    pub fn region_index(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.id == id)
    }
}

/// A complete, validated study input: settings, network and hourly series on the
/// study's time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Case name (folder name unless `study.toml` says otherwise).
    pub name: String,
    /// Settings from `study.toml`.
    pub settings: StudySettings,
    /// Static components.
    pub network: Network,
    /// Hours of the study.
    pub axis: TimeAxis,
    /// Load per region and hour, MW: `load_mw[region][hour]`.
    pub load_mw: Vec<Vec<f64>>,
    /// Hourly availability per generator as a fraction of `p_max_mw`:
    /// `None` means always 1.
    pub gen_p_max_pu: Vec<Option<Vec<f64>>>,
    /// Hourly demand of each flexible load, MW: `flex_load_mw[flexible load][hour]`.
    pub flex_load_mw: Vec<Vec<f64>>,
    /// Data-center demand per region and hour, MW, included in `load_mw` and
    /// `flex_load_mw` (its flexible share): `datacenter_mw[region][hour]`. Known when
    /// the load is synthesised (`[load] source = "forecast"`); empty otherwise.
    pub datacenter_mw: Vec<Vec<f64>>,
    /// Where the hourly load comes from when it was synthesised rather than read
    /// (written to run.json); `None` for `series/loads-p_mw.csv`.
    pub load_origin: Option<LoadOrigin>,
}

/// The provenance of a case's synthesised load: what made it and what it could not do.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoadOrigin {
    /// What made the load (e.g. "forecast: study year 2030, data-center scenario mid").
    pub origin: String,
    /// What the synthesis could not meet, one sentence each (shown as warnings).
    pub notes: Vec<String>,
}

impl Case {
    /// Available capacity of generator `g` in hour `t`, MW (A1: series × derate × capacity).
    pub fn gen_available_mw(&self, g: usize, t: usize) -> f64 {
        self.network.generators[g].p_max_mw * self.gen_availability_pu(g, t)
    }

    /// The hours `start .. start + hours` of this case as a case of their own
    /// (same network and settings; the horizon settings follow the window).
    pub fn window(&self, start: usize, hours: usize) -> Case {
        let end = (start + hours).min(self.axis.hours);
        let mut settings = self.settings.clone();
        settings.horizon.hours = Some(end - start);
        Case {
            name: self.name.clone(),
            settings,
            network: self.network.clone(),
            axis: TimeAxis::blocks(self.axis.timestamp(start), end - start, self.axis.step_hours),
            load_mw: self.load_mw.iter().map(|l| l[start..end].to_vec()).collect(),
            gen_p_max_pu: self.gen_p_max_pu.iter().map(|s| s.as_ref().map(|s| s[start..end].to_vec())).collect(),
            flex_load_mw: self.flex_load_mw.iter().map(|l| l[start..end].to_vec()).collect(),
            datacenter_mw: self.datacenter_mw.iter().map(|l| l[start..end].to_vec()).collect(),
            load_origin: self.load_origin.clone(),
        }
    }

    /// Keep only the first `hours` hours.
    pub fn truncate_hours(&mut self, hours: usize) {
        let h = hours.min(self.axis.hours);
        self.axis.hours = h;
        for l in &mut self.load_mw {
            l.truncate(h);
        }
        for s in self.gen_p_max_pu.iter_mut().flatten() {
            s.truncate(h);
        }
        for l in &mut self.flex_load_mw {
            l.truncate(h);
        }
    }
}

/// Largest CO2 intensity accepted, t/MWh (coal emits about 1).
pub const MAX_CO2_T_PER_MWH: f64 = 100.0;
/// Largest ramp limit accepted, fraction of capacity per hour (above 1 it is no limit).
pub const MAX_RAMP_PU_PER_H: f64 = 1000.0;
/// Largest heat rate accepted, MMBtu/MWh (old steam units are near 15).
pub const MAX_HEAT_RATE_MMBTU_PER_MWH: f64 = 100.0;
/// Tap ratios accepted.
pub const TAP_RATIO_RANGE: (f64, f64) = (0.01, 100.0);
/// Economic lifetimes accepted, years.
pub const LIFETIME_YEARS_RANGE: (f64, f64) = (1.0, 1000.0);
/// Smallest build block accepted, MW.
pub const MIN_BUILD_UNIT_MW: f64 = 1e-3;

/// A number within ±`max` (a cost may be negative).
fn bounded(v: &mut Vec<FieldIssue>, col: &str, x: f64, max: f64) {
    if !within(x, max) {
        v.push(FieldIssue::new(col, x, format!("must be a number from {:e} to {max:e}", -max)));
    }
}

/// A power or energy figure: from 0 to [`MAX_MW`].
fn power(v: &mut Vec<FieldIssue>, col: &str, x: f64) {
    if !(x >= 0.0 && within(x, MAX_MW)) {
        v.push(FieldIssue::new(col, x, format!("must be a number from 0 to {MAX_MW:e}")));
    }
}

/// A non-negative cost: from 0 to [`MAX_COST_USD`].
fn cost(v: &mut Vec<FieldIssue>, col: &str, x: f64) {
    if !(x >= 0.0 && within(x, MAX_COST_USD)) {
        v.push(FieldIssue::new(col, x, format!("must be a number from 0 to {MAX_COST_USD:e}")));
    }
}

/// A reserve share of capacity: a fraction in [0, 1].
fn reserve_share(v: &mut Vec<FieldIssue>, x: f64) {
    if !(0.0..=1.0).contains(&x) {
        v.push(FieldIssue::new("reserve_max_pu", x, "must be a fraction of p_max_mw in [0, 1]"));
    }
}

fn efficiency(v: &mut Vec<FieldIssue>, col: &str, x: f64) {
    if !(x.is_finite() && x > 0.0 && x <= 1.0) {
        v.push(FieldIssue::new(col, x, "efficiency must be in (0, 1] (a fraction, not a percentage)"));
    }
}

#[cfg(test)]
mod tests;
