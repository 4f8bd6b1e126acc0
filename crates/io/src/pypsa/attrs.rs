//! The input attributes of the PyPSA components nagrid reads (PyPSA 1.4's
//! component tables), with their defaults and what nagrid does with each: `Used`
//! (translated), `Ignored` (no effect on the dispatch that nagrid solves from these
//! tables: display, AC power flow, results, or capacity expansion, which is reported
//! through `*_extendable`) or `Dropped` (changes PyPSA's optimisation and is not
//! translated: a warning names the components that set it).
//!
//! docs/pypsa.md lists the same attributes; a test keeps them equal.

/// An attribute's default, as PyPSA fills an empty field or an absent column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Def {
    /// A number (`f64::NAN` for "not set", `f64::INFINITY` for "no limit").
    Num(f64),
    /// A boolean (`True`/`False` in PyPSA's CSV files).
    Bool(bool),
    /// Text.
    Text(&'static str),
}

/// What nagrid does with an attribute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Role {
    /// Translated (docs/pypsa.md says how).
    Used,
    /// Read as a static value only; a time series of it is not translated.
    Static,
    /// Without effect on the translated dispatch.
    Ignored,
    /// Not translated; the text says what is lost.
    Dropped(&'static str),
}

/// One input attribute of a component table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attr {
    pub name: &'static str,
    pub default: Def,
    pub role: Role,
}

/// A PyPSA component nagrid reads: its table and attributes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Component {
    /// PyPSA's list name, the stem of its files (`generators`).
    pub list: &'static str,
    /// Singular, for messages (`generator`).
    pub one: &'static str,
    /// The attributes, in groups (some groups are shared by several components).
    pub attrs: &'static [&'static [Attr]],
    /// Columns of PyPSA's results and derived values found in exported tables
    /// (read by nobody, never reported).
    pub outputs: &'static [&'static str],
}

impl Component {
    /// The static table's file name.
    pub fn file(&self) -> String {
        format!("{}.csv", self.list)
    }

    /// Every input attribute, in order.
    pub fn all(&self) -> impl Iterator<Item = &'static Attr> + '_ {
        self.attrs.iter().flat_map(|g| g.iter())
    }

    /// An attribute by name.
    pub fn attr(&self, name: &str) -> Option<&'static Attr> {
        self.all().find(|a| a.name == name)
    }

    /// The default of an attribute (a number, `NAN` when it has none).
    pub fn num_default(&self, name: &str) -> f64 {
        match self.attr(name).map(|a| a.default) {
            Some(Def::Num(v)) => v,
            _ => f64::NAN,
        }
    }
}

const fn a(name: &'static str, default: Def, role: Role) -> Attr {
    Attr { name, default, role }
}

use Def::{Bool, Num, Text};
use Role::{Dropped, Ignored, Static, Used};

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

const EXPANSION: &str = "capacity expansion: the component is dispatched at its existing capacity";
const UC: &str =
    "unit commitment: nagrid dispatches linear units (no start-up, shut-down or minimum up/down times; p_min_pu is not applied)";
const MAINTENANCE: &str = "maintenance scheduling";
const FIXED: &str = "fixed dispatch set points";
const BEFORE: &str = "output before the first snapshot (the first hour's ramp limit)";
const E_SUM: &str = "energy sums over the horizon";
const QUADRATIC: &str = "quadratic costs";

/// `buses.csv`. `country`, `interconnection` and `time_zone` are nagrid's extra
/// columns (written by `nagrid export-pypsa`; PyPSA keeps extra columns as they are).
pub(crate) static BUS: Component = Component {
    list: "buses",
    one: "bus",
    attrs: &[&[
        a("name", Text(""), Used),
        a("v_nom", Num(1.0), Used),
        a("type", Text(""), Ignored),
        a("x", Num(0.0), Used),
        a("y", Num(0.0), Used),
        a("carrier", Text("AC"), Used),
        a("unit", Text(""), Ignored),
        a("location", Text(""), Ignored),
        a("v_mag_pu_set", Num(1.0), Ignored),
        a("v_mag_pu_min", Num(0.0), Ignored),
        a("v_mag_pu_max", Num(INF), Ignored),
        a("active", Bool(true), Used),
        a("country", Text(""), Used),
        a("interconnection", Text(""), Used),
        a("time_zone", Text("UTC"), Used),
    ]],
    outputs: &["control", "generator", "sub_network"],
};

/// `carriers.csv`.
pub(crate) static CARRIER: Component = Component {
    list: "carriers",
    one: "carrier",
    attrs: &[&[
        a("name", Text(""), Used),
        a("co2_emissions", Num(0.0), Used),
        a("color", Text(""), Ignored),
        a("nice_name", Text(""), Ignored),
        a("max_growth", Num(INF), Ignored),
        a("max_relative_growth", Num(0.0), Ignored),
    ]],
    outputs: &[],
};

/// Investment and life-cycle attributes of the expandable components: without
/// capacity expansion (reported through `*_extendable`) they are not part of PyPSA's
/// objective, and in a single investment period build years do not switch
/// components off.
static INVESTMENT: &[Attr] = &[
    a("build_year", Num(0.0), Ignored),
    a("lifetime", Num(INF), Ignored),
    a("capital_cost", Num(0.0), Ignored),
    a("overnight_cost", Num(NAN), Ignored),
    a("discount_rate", Num(NAN), Ignored),
    a("fom_cost", Num(0.0), Ignored),
];

/// The nominal power of generators, links and storage units: only `p_nom` is used.
static P_NOM: &[Attr] = &[
    a("p_nom", Num(0.0), Used),
    a("p_nom_mod", Num(0.0), Ignored),
    a("p_nom_extendable", Bool(false), Dropped(EXPANSION)),
    a("p_nom_min", Num(0.0), Ignored),
    a("p_nom_max", Num(INF), Ignored),
    a("p_nom_set", Num(NAN), Ignored),
];

/// Unit commitment and maintenance of generators and links.
static COMMITMENT: &[Attr] = &[
    a("committable", Bool(false), Dropped(UC)),
    a("maintainable", Bool(false), Dropped(MAINTENANCE)),
    a("maintenance_duration", Num(0.0), Ignored),
    a("maintenance_pu", Num(1.0), Ignored),
    a("maintenance_events", Num(1.0), Ignored),
    a("start_up_cost", Num(0.0), Dropped(UC)),
    a("shut_down_cost", Num(0.0), Dropped(UC)),
    a("stand_by_cost", Num(0.0), Dropped(UC)),
    a("min_up_time", Num(0.0), Dropped(UC)),
    a("min_down_time", Num(0.0), Dropped(UC)),
    a("up_time_before", Num(1.0), Ignored),
    a("down_time_before", Num(0.0), Ignored),
    a("ramp_limit_start_up", Num(NAN), Ignored),
    a("ramp_limit_shut_down", Num(NAN), Ignored),
];

/// `generators.csv`.
pub(crate) static GENERATOR: Component = Component {
    list: "generators",
    one: "generator",
    attrs: &[
        &[a("name", Text(""), Used), a("bus", Text(""), Used), a("control", Text("PQ"), Ignored), a("type", Text(""), Ignored)],
        P_NOM,
        &[
            a("p_min_pu", Num(0.0), Static),
            a("p_max_pu", Num(1.0), Used),
            a("p_set", Num(NAN), Dropped(FIXED)),
            a("p_init", Num(NAN), Dropped(BEFORE)),
            a("e_sum_min", Num(-INF), Dropped(E_SUM)),
            a("e_sum_max", Num(INF), Dropped(E_SUM)),
            a("q_set", Num(0.0), Ignored),
            a("sign", Num(1.0), Used),
            a("carrier", Text(""), Used),
            a("marginal_cost", Num(0.0), Static),
            a("marginal_cost_quadratic", Num(0.0), Dropped(QUADRATIC)),
            a("active", Bool(true), Used),
            a("efficiency", Num(1.0), Static),
            a("ramp_limit_up", Num(NAN), Static),
            a("ramp_limit_down", Num(NAN), Static),
            a("weight", Num(1.0), Ignored),
        ],
        COMMITMENT,
        INVESTMENT,
    ],
    outputs: &["p_nom_opt"],
};

/// `loads.csv`.
pub(crate) static LOAD: Component = Component {
    list: "loads",
    one: "load",
    attrs: &[&[
        a("name", Text(""), Used),
        a("bus", Text(""), Used),
        a("carrier", Text(""), Ignored),
        a("type", Text(""), Ignored),
        a("p_set", Num(0.0), Used),
        a("q_set", Num(0.0), Ignored),
        a("sign", Num(-1.0), Used),
        a("active", Bool(true), Used),
    ]],
    outputs: &[],
};

/// `lines.csv`.
pub(crate) static LINE: Component = Component {
    list: "lines",
    one: "line",
    attrs: &[
        &[
            a("name", Text(""), Used),
            a("bus0", Text(""), Used),
            a("bus1", Text(""), Used),
            a("type", Text(""), Used),
            a("x", Num(0.0), Used),
            a("r", Num(0.0), Used),
            a("g", Num(0.0), Ignored),
            a("b", Num(0.0), Ignored),
            a("s_nom", Num(0.0), Used),
            a("s_nom_mod", Num(0.0), Ignored),
            a("s_nom_extendable", Bool(false), Dropped(EXPANSION)),
            a("s_nom_min", Num(0.0), Ignored),
            a("s_nom_max", Num(INF), Ignored),
            a("s_nom_set", Num(NAN), Ignored),
            a("s_max_pu", Num(1.0), Static),
            a("active", Bool(true), Used),
            a("length", Num(0.0), Ignored),
            a("carrier", Text(""), Ignored),
            a("terrain_factor", Num(1.0), Ignored),
            a("num_parallel", Num(1.0), Ignored),
            a("v_ang_min", Num(-INF), Dropped("angle-difference limits")),
            a("v_ang_max", Num(INF), Dropped("angle-difference limits")),
        ],
        INVESTMENT,
    ],
    outputs: &["sub_network", "x_pu", "r_pu", "g_pu", "b_pu", "x_pu_eff", "r_pu_eff", "s_nom_opt", "v_nom"],
};

/// `links.csv` (two ports; more ports are reported by the importer).
pub(crate) static LINK: Component = Component {
    list: "links",
    one: "link",
    attrs: &[
        &[
            a("name", Text(""), Used),
            a("bus0", Text(""), Used),
            a("bus1", Text(""), Used),
            a("type", Text(""), Ignored),
            a("carrier", Text(""), Ignored),
            a("efficiency", Num(1.0), Static),
            a("active", Bool(true), Used),
        ],
        P_NOM,
        &[
            a("p_set", Num(NAN), Dropped(FIXED)),
            a("p_init", Num(NAN), Dropped(BEFORE)),
            a("p_min_pu", Num(0.0), Static),
            a("p_max_pu", Num(1.0), Static),
            a("marginal_cost", Num(0.0), Static),
            a("marginal_cost_quadratic", Num(0.0), Dropped(QUADRATIC)),
            a("length", Num(0.0), Ignored),
            a("terrain_factor", Num(1.0), Ignored),
            a("ramp_limit_up", Num(NAN), Dropped("ramp limits of links")),
            a("ramp_limit_down", Num(NAN), Dropped("ramp limits of links")),
            a("delay", Num(0.0), Dropped("delayed delivery")),
            a("cyclic_delay", Bool(true), Ignored),
        ],
        COMMITMENT,
        INVESTMENT,
    ],
    outputs: &["p_nom_opt"],
};

/// `storage_units.csv`.
pub(crate) static STORAGE_UNIT: Component = Component {
    list: "storage_units",
    one: "storage unit",
    attrs: &[
        &[a("name", Text(""), Used), a("bus", Text(""), Used), a("control", Text("PQ"), Ignored), a("type", Text(""), Ignored)],
        P_NOM,
        &[
            a("p_min_pu", Num(-1.0), Static),
            a("p_max_pu", Num(1.0), Static),
            a("p_set", Num(NAN), Dropped(FIXED)),
            a("q_set", Num(0.0), Ignored),
            a("p_dispatch_set", Num(NAN), Dropped(FIXED)),
            a("p_store_set", Num(NAN), Dropped(FIXED)),
            a("sign", Num(1.0), Used),
            a("carrier", Text(""), Used),
            a("spill_cost", Num(0.0), Dropped("spillage costs (with inflow)")),
            a("marginal_cost", Num(0.0), Static),
            a("marginal_cost_quadratic", Num(0.0), Dropped(QUADRATIC)),
            a("marginal_cost_storage", Num(0.0), Dropped("costs of the energy stored")),
            a("active", Bool(true), Used),
            a("state_of_charge_initial", Num(0.0), Used),
            a("state_of_charge_initial_per_period", Bool(false), Ignored),
            a("state_of_charge_set", Num(NAN), Used),
            a("cyclic_state_of_charge", Bool(false), Used),
            a("cyclic_state_of_charge_per_period", Bool(false), Ignored),
            a("max_hours", Num(1.0), Used),
            a("efficiency_store", Num(1.0), Static),
            a("efficiency_dispatch", Num(1.0), Static),
            a("standing_loss", Num(0.0), Dropped("standing losses")),
            a("inflow", Num(0.0), Dropped("natural inflow")),
        ],
        INVESTMENT,
    ],
    outputs: &["p_nom_opt"],
};

/// The components nagrid translates, in reading order.
pub(crate) static TRANSLATED: [&Component; 7] = [&BUS, &CARRIER, &GENERATOR, &LOAD, &LINE, &LINK, &STORAGE_UNIT];

/// Component tables nagrid does not translate at all: (list name, what is lost).
pub(crate) static NOT_TRANSLATED: [(&str, &str); 5] = [
    ("stores", "stores (energy stores on their own bus) are not translated"),
    ("transformers", "transformers are not translated: the buses they join are not joined in nagrid"),
    ("shunt_impedances", "shunt impedances are not translated (they carry no active power in the linear power flow)"),
    ("global_constraints", "global constraints (CO2 limits, transmission volume limits, ...) are not translated"),
    ("processes", "processes are not translated"),
];

/// Tables read by nobody (standard types, shapes, PyPSA's topology).
pub(crate) static SILENT: [&str; 4] = ["line_types", "transformer_types", "shapes", "sub_networks"];

/// The documentation table of a component's attributes (Markdown): default and
/// what nagrid does with each (docs/pypsa.md).
pub(crate) fn markdown(c: &Component) -> String {
    let mut s = String::from("| attribute | default | nagrid |\n|---|---|---|\n");
    for at in c.all() {
        let default = match at.default {
            Def::Num(v) if v.is_nan() => "—".to_string(),
            Def::Num(v) => v.to_string(),
            Def::Bool(b) => if b { "True" } else { "False" }.to_string(),
            Def::Text("") => "—".to_string(),
            Def::Text(t) => format!("`{t}`"),
        };
        let what = match at.role {
            Role::Used => "translated".to_string(),
            Role::Static => "translated (static value; a time series is a warning)".to_string(),
            Role::Ignored => "no effect on the dispatch".to_string(),
            Role::Dropped(why) => format!("**not translated** (warning): {why}"),
        };
        s.push_str(&format!("| `{}` | {default} | {what} |\n", at.name));
    }
    s
}
