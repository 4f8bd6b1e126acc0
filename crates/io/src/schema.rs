//! The columns of every input table, as data: name, unit, whether required, default
//! and meaning. The reader checks headers and takes numeric defaults from here,
//! the case writer (`write_case`) writes these columns, and the column tables of
//! `docs/case-format.md` are generated from here (a test compares them).

/// Whether a column must be given, and what an empty field (or an absent column) means.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Need {
    /// Every row needs a value.
    Required,
    /// Required on the rows whose `expandable` is true.
    IfExpandable,
    /// Empty or absent: this number.
    Number(f64),
    /// Empty or absent: this text.
    Text(&'static str),
    /// Empty or absent: what the words say (no value, or taken from another column).
    Otherwise(&'static str),
}

impl Need {
    /// The default number of an optional numeric column (`None` when the column is
    /// required or its default is not a fixed number).
    pub fn number(&self) -> Option<f64> {
        match self {
            Need::Number(d) => Some(*d),
            _ => None,
        }
    }

    /// Whether a header must have the column.
    pub fn is_required(&self) -> bool {
        matches!(self, Need::Required)
    }

    /// The `required` cell of the documentation.
    fn doc(&self) -> String {
        match self {
            Need::Required => "yes".into(),
            Need::IfExpandable => "if expandable".into(),
            Need::Number(d) => format!("no ({d})"),
            Need::Text(t) => format!("no (`{t}`)"),
            Need::Otherwise(s) => format!("no ({s})"),
        }
    }
}

/// One column of an input table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Header name.
    pub name: &'static str,
    /// Unit or kind of value.
    pub unit: &'static str,
    /// Required or default.
    pub need: Need,
    /// What it means.
    pub meaning: &'static str,
}

/// The columns of one input table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableSchema {
    /// File name inside the case folder.
    pub file: &'static str,
    /// The heading of `docs/case-format.md` whose first table lists these columns.
    pub heading: &'static str,
    /// The table's own columns.
    pub own: &'static [Column],
    /// Whether the [`EXPANSION`] columns follow.
    pub expandable: bool,
}

impl TableSchema {
    /// Every column, expansion columns last.
    pub fn columns(&self) -> impl Iterator<Item = &'static Column> + '_ {
        let extra: &'static [Column] = if self.expandable { EXPANSION.own } else { &[] };
        self.own.iter().chain(extra)
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns().find(|c| c.name == name)
    }

    /// Names of the columns a header must have.
    pub fn required(&self) -> Vec<&'static str> {
        self.columns().filter(|c| c.need.is_required()).map(|c| c.name).collect()
    }

    /// Names of the columns a header may have.
    pub fn optional(&self) -> Vec<&'static str> {
        self.columns().filter(|c| !c.need.is_required()).map(|c| c.name).collect()
    }

    /// The documentation table of the table's own columns (Markdown).
    pub fn markdown(&self) -> String {
        let mut s = String::from("| column | unit | required | meaning |\n|---|---|---|---|\n");
        for c in self.own {
            s.push_str(&format!("| `{}` | {} | {} | {} |\n", c.name, c.unit, c.need.doc(), c.meaning));
        }
        s
    }
}

const fn col(name: &'static str, unit: &'static str, need: Need, meaning: &'static str) -> Column {
    Column { name, unit, need, meaning }
}

use Need::{IfExpandable, Number, Otherwise, Required, Text};

/// `regions.csv`.
pub static REGIONS: TableSchema = TableSchema {
    file: "regions.csv",
    heading: "## regions.csv",
    expandable: false,
    own: &[
        col("id", "—", Required, "region id"),
        col("name", "—", Otherwise("id"), "display name"),
        col("country", "`US`, `CA`, `MX`", Required, "country"),
        col(
            "interconnection",
            "text",
            Required,
            "synchronous interconnection, e.g. `Eastern`, `Western`, `ERCOT`, `Quebec`, `SIN`. AC lines may only join regions of the same one",
        ),
        col("time_zone", "IANA name", Required, "time zone of the load centre, e.g. `America/Chicago`"),
        col("lat_deg", "degrees north", Number(0.0), "load-centre latitude, in [-90, 90]"),
        col("lon_deg", "degrees east", Number(0.0), "load-centre longitude, in [-180, 180] (negative in North America)"),
    ],
};

/// `generators.csv` (with the expansion columns).
pub static GENERATORS: TableSchema = TableSchema {
    file: "generators.csv",
    heading: "## generators.csv",
    expandable: true,
    own: &[
        col("id", "—", Required, "generator id"),
        col("region", "region id", Required, "where it feeds in"),
        col("technology", "text", Required, "technology label used to group results (e.g. `nuclear`, `gas_cc`, `wind`)"),
        col("p_max_mw", "MW", Required, "installed capacity, ≥ 0"),
        col("p_min_mw", "MW", Number(0.0), "must-run minimum, ≤ `p_max_mw`; in each hour the bound is min(p_min, available capacity)"),
        col(
            "marginal_cost_usd_per_mwh",
            "USD/MWh",
            Otherwise("required without `fuel`; empty with it"),
            "variable cost of a generator without a fuel",
        ),
        col("fuel", "fuel id", Otherwise("no fuel"), "fuel of `fuels.csv`: the cost in hour t is price × heat rate + VOM (C1)"),
        col("heat_rate_mmbtu_per_mwh", "MMBtu/MWh", Otherwise("required with `fuel`"), "heat rate, > 0; only with `fuel`"),
        col("vom_usd_per_mwh", "USD/MWh", Number(0.0), "variable O&M, ≥ 0; only with `fuel`"),
        col("co2_t_per_mwh", "t/MWh", Otherwise("0, or heat rate × the fuel's `co2_t_per_mmbtu`"), "emission intensity, ≥ 0"),
        col(
            "ramp_up_pu_per_h",
            "fraction of `p_max_mw` per hour",
            Otherwise("no limit"),
            "largest increase of output from one hour to the next",
        ),
        col(
            "ramp_down_pu_per_h",
            "fraction of `p_max_mw` per hour",
            Otherwise("no limit"),
            "largest decrease of output from one hour to the next",
        ),
        col(
            "profile",
            "series column",
            Otherwise("none"),
            "column of `series/generators-p_max_pu.csv` used as its availability when none is named by its id",
        ),
        col("online_year", "year", Otherwise("always"), "first study year in service (Y1), 1900–2200"),
        col("retirement_year", "year", Otherwise("never"), "first study year out of service (Y1), after `online_year`"),
        col(
            "reserve_max_pu",
            "fraction of `p_max_mw` in [0, 1]",
            Number(0.0),
            "largest share of capacity held as operating reserve (RS2); 0: provides none",
        ),
        col(
            "status",
            "`existing`, `candidate`",
            Text("existing"),
            "a candidate (a new unit to size, normally with `p_max_mw` 0 and `expandable`) is included only when listed in `[network] candidates`",
        ),
    ],
};

/// `storage.csv` (with its own expansion columns, E4).
pub static STORAGE: TableSchema = TableSchema {
    file: "storage.csv",
    heading: "## storage.csv",
    expandable: false,
    own: &[
        col("id", "—", Required, "storage id"),
        col("region", "region id", Required, "where it connects"),
        col("technology", "text", Text("battery"), "e.g. `battery`, `pumped_hydro`"),
        col("p_max_mw", "MW", Required, "charge and discharge limit"),
        col("energy_mwh", "MWh", Required, "energy capacity"),
        col("efficiency_charge", "fraction in (0, 1]", Required, "share of charged energy stored"),
        col("efficiency_discharge", "fraction in (0, 1]", Required, "share of stored energy delivered"),
        col(
            "soc_initial_pu",
            "fraction in [0, 1]",
            Otherwise("cyclic"),
            "state of charge before the first hour; **empty means cyclic**: the state after the last hour equals the state before the first",
        ),
        col(
            "soc_final_pu",
            "fraction in [0, 1]",
            Otherwise("free"),
            "required state of charge after the last hour (when cyclic, the initial state)",
        ),
        col("marginal_cost_usd_per_mwh", "USD/MWh", Number(0.0), "cost per MWh discharged"),
        col("online_year", "year", Otherwise("always"), "first study year in service (Y1), 1900–2200"),
        col("retirement_year", "year", Otherwise("never"), "first study year out of service (Y1), after `online_year`"),
        col(
            "reserve_max_pu",
            "fraction of `p_max_mw` in [0, 1]",
            Number(0.0),
            "largest share of the power limit held as operating reserve (RS2); 0: provides none",
        ),
        col("status", "`existing`, `candidate`", Text("existing"), "as for generators"),
        col("expandable", "`true`/`false`", Text("false"), "power and/or energy may be added when `[expansion] enabled` (or `nagrid expand`), E4"),
        col("max_added_power_mw", "MW", Number(0.0), "largest power added (charge and discharge limit); 0: power fixed"),
        col("power_cost_usd_per_mw", "USD/MW", Number(0.0), "overnight cost per MW of power added (inverter, interconnection, balance of plant)"),
        col("max_added_energy_mwh", "MWh", Number(0.0), "largest energy capacity added; 0: energy fixed"),
        col("energy_cost_usd_per_mwh", "USD/MWh", Number(0.0), "overnight cost per MWh of energy capacity added (cells, reservoirs)"),
        col("lifetime_years", "years > 0", Number(40.0), "economic lifetime of an expansion"),
        col("discount_rate", "fraction in [0, 1)", Number(0.054), "real discount rate"),
        col("fixed_om_pct_per_year", "% of capital per year", Number(1.5), "fixed O&M"),
    ],
};

/// `lines.csv` (with the expansion columns).
pub static LINES: TableSchema = TableSchema {
    file: "lines.csv",
    heading: "## lines.csv (AC interties)",
    expandable: true,
    own: &[
        col("id", "—", Required, "line id"),
        col("name", "—", Otherwise("none"), "display name (e.g. a project name); not used by the model"),
        col(
            "from_region",
            "region id",
            Required,
            "sending end: positive flow goes from → to. Both ends must be in the same interconnection",
        ),
        col("to_region", "region id", Required, "receiving end"),
        col("s_max_mw", "MW", Required, "transfer limit from → to (and to → from unless `s_max_reverse_mw` is given)"),
        col("s_max_reverse_mw", "MW", Otherwise("= `s_max_mw`"), "transfer limit to → from (T2)"),
        col("hurdle_usd_per_mwh", "USD/MWh", Number(0.0), "hurdle rate charged per MWh in either direction (T3)"),
        col("x_pu", "per unit on 100 MVA", Required, "series reactance, > 0 (used by Kirchhoff's voltage law in the `dc` formulation)"),
        col("tap_ratio", "—", Number(1.0), "off-nominal tap ratio τ; susceptance is 1/(x τ)"),
        col("phase_shift_deg", "degrees", Number(0.0), "phase-shifter angle φ, within ±90"),
        col("status", "`existing`, `candidate`", Text("existing"), "candidates are included only when listed in `[network] candidates`"),
        col("online_year", "year", Otherwise("always"), "first study year in service (Y1), 1900–2200"),
        col("retirement_year", "year", Otherwise("never"), "first study year out of service (Y1), after `online_year`"),
    ],
};

/// `links.csv` (with the expansion columns).
pub static LINKS: TableSchema = TableSchema {
    file: "links.csv",
    heading: "## links.csv (HVDC and back-to-back)",
    expandable: true,
    own: &[
        col("id", "—", Required, "link id"),
        col("name", "—", Otherwise("none"), "display name; not used by the model"),
        col("from_region", "region id", Required, "one end"),
        col("to_region", "region id", Required, "the other end"),
        col("kind", "`hvdc`, `back_to_back`", Text("hvdc"), "kind of link"),
        col("p_max_forward_mw", "MW", Required, "limit from → to, at the sending end"),
        col("p_max_reverse_mw", "MW", Otherwise("= `p_max_forward_mw`"), "limit to → from, at the sending end"),
        col("efficiency", "fraction in (0, 1]", Number(1.0), "share of sent power that arrives"),
        col("wheeling_cost_usd_per_mwh", "USD/MWh", Number(0.0), "cost per MWh sent"),
        col("hurdle_usd_per_mwh", "USD/MWh", Number(0.0), "hurdle rate per MWh sent in either direction, on top of wheeling (T3)"),
        col("status", "`existing`, `candidate`", Text("existing"), "as for lines"),
        col("online_year", "year", Otherwise("always"), "first study year in service (Y1), 1900–2200"),
        col("retirement_year", "year", Otherwise("never"), "first study year out of service (Y1), after `online_year`"),
    ],
};

/// The expansion columns of `lines.csv`, `links.csv` and `generators.csv`.
pub static EXPANSION: TableSchema = TableSchema {
    file: "lines.csv, links.csv, generators.csv",
    heading: "## Expansion columns (lines.csv, links.csv, generators.csv)",
    expandable: false,
    own: &[
        col("expandable", "`true`/`false`", Text("false"), "capacity may be added when `[expansion] enabled` (or `nagrid expand`)"),
        col("max_added_mw", "MW", IfExpandable, "largest addition"),
        col(
            "capital_cost_usd_per_mw",
            "USD/MW",
            IfExpandable,
            "overnight cost per MW added (per MW-km × length plus converters for HVDC, or a named project's cost ÷ its MW)",
        ),
        col("lifetime_years", "years > 0", Number(40.0), "economic lifetime"),
        col("discount_rate", "fraction in [0, 1)", Number(0.054), "real discount rate"),
        col("fixed_om_pct_per_year", "% of capital per year", Number(1.5), "fixed O&M"),
        col(
            "build_unit_mw",
            "MW",
            Otherwise("continuous"),
            "build in whole blocks of this size (a MIP); a named project built whole or not at all has its full size here",
        ),
    ],
};

/// `hydro_budgets.csv`.
pub static HYDRO_BUDGETS: TableSchema = TableSchema {
    file: "hydro_budgets.csv",
    heading: "## hydro_budgets.csv",
    expandable: false,
    own: &[
        col("generator", "generator id", Required, "budgeted generator"),
        col("month", "1–12", Required, "calendar month; one row per generator, month and year at most"),
        col("energy_mwh", "MWh", Required, "energy available in the whole month, ≥ 0"),
        col(
            "year",
            "year",
            Otherwise("every year"),
            "applies only in this year, in place of the row without year for the same generator and month",
        ),
    ],
};

/// `fuels.csv`.
pub static FUELS: TableSchema = TableSchema {
    file: "fuels.csv",
    heading: "## fuels.csv",
    expandable: false,
    own: &[
        col("id", "—", Required, "fuel id (the `fuel` of generators.csv)"),
        col("name", "—", Otherwise("id"), "display name"),
        col("co2_t_per_mmbtu", "t/MMBtu", Required, "CO2 per MMBtu burnt, ≥ 0 (natural gas 0.0531)"),
    ],
};

/// `fuel_prices.csv`.
pub static FUEL_PRICES: TableSchema = TableSchema {
    file: "fuel_prices.csv",
    heading: "## fuel_prices.csv",
    expandable: false,
    own: &[
        col("fuel", "fuel id", Required, "fuel of fuels.csv"),
        col("region", "region id", Otherwise("all regions"), "where the price applies"),
        col("year", "year", Otherwise("all years"), "UTC calendar year it applies to"),
        col("month", "1–12", Otherwise("all months"), "UTC calendar month it applies to"),
        col("price_usd_per_mmbtu", "USD/MMBtu", Required, "delivered price, ≥ 0"),
    ],
};

/// `carbon_prices.csv`.
pub static CARBON_PRICES: TableSchema = TableSchema {
    file: "carbon_prices.csv",
    heading: "## carbon_prices.csv",
    expandable: false,
    own: &[
        col("region", "region id", Otherwise("all regions"), "where the price applies"),
        col("year", "year", Otherwise("all years"), "UTC calendar year it applies to"),
        col("month", "1–12", Otherwise("all months"), "UTC calendar month it applies to"),
        col("price_usd_per_t", "USD/t CO2", Required, "allowance price paid per tonne emitted (C2), ≥ 0"),
        col(
            "benchmark_t_per_mwh",
            "t CO2/MWh",
            Number(0.0),
            "output-based benchmark: only emissions above it pay, and a generator below it earns credits (C2), 0–5",
        ),
    ],
};

/// `availability.csv`.
pub static AVAILABILITY: TableSchema = TableSchema {
    file: "availability.csv",
    heading: "## availability.csv",
    expandable: false,
    own: &[
        col("technology", "text", Required, "technology label of generators.csv"),
        col("region", "region id", Otherwise("all regions"), "where the row applies"),
        col("month", "1–12", Otherwise("all months"), "UTC calendar month"),
        col("year", "year", Otherwise("all years"), "UTC calendar year"),
        col("availability_pu", "fraction in [0, 1]", Number(1.0), "share of capacity available (planned and forced outages), A1"),
        col("must_run_pu", "fraction in [0, 1]", Number(0.0), "share of the available capacity that must run, A2"),
    ],
};

/// `flexible_loads.csv`.
pub static FLEXIBLE_LOADS: TableSchema = TableSchema {
    file: "flexible_loads.csv",
    heading: "## flexible_loads.csv",
    expandable: false,
    own: &[
        col("id", "—", Required, "flexible load id"),
        col("region", "region id", Required, "where it is"),
        col("curtail_cost_usd_per_mwh", "USD/MWh", Required, "cost of curtailing one MWh"),
        col("max_curtail_share", "fraction in [0, 1]", Required, "largest curtailed share of its energy over the horizon"),
    ],
};

/// `reserves.csv`.
pub static RESERVES: TableSchema = TableSchema {
    file: "reserves.csv",
    heading: "## reserves.csv",
    expandable: false,
    own: &[
        col("id", "—", Required, "reserve id"),
        col(
            "scope",
            "region id(s) or interconnection",
            Required,
            "a region id, an interconnection of regions.csv, or region ids joined by + (e.g. `us_nyiso_west+us_nyiso_east`): the regions whose load sets the requirement and whose generators and storage provide it",
        ),
        col("load_share", "fraction in [0, 1]", Number(0.0), "share of the scope's load held as reserve"),
        col("contingency_mw", "MW", Number(0.0), "fixed part, e.g. the largest contingency; requirement (RS1) = load_share × load + contingency_mw"),
    ],
};

/// `reserve_requirements.csv`.
pub static RESERVE_REQUIREMENTS: TableSchema = TableSchema {
    file: "reserve_requirements.csv",
    heading: "## reserve_requirements.csv",
    expandable: false,
    own: &[
        col("reserve", "reserve id", Required, "the reserve of reserves.csv whose fixed part this row sets"),
        col("year", "year", Otherwise("all years"), "UTC year of the hours it applies to"),
        col("month", "1–12", Otherwise("all months"), "UTC month of the hours it applies to (a row gives a year, a month or both)"),
        col(
            "contingency_mw",
            "MW",
            Required,
            "fixed part of the requirement in those hours, replacing reserves.csv's contingency_mw (RS1); year and month beat year, which beats month",
        ),
    ],
};

/// `reserve_shortage.csv`.
pub static RESERVE_SHORTAGE: TableSchema = TableSchema {
    file: "reserve_shortage.csv",
    heading: "## reserve_shortage.csv",
    expandable: false,
    own: &[
        col("reserve", "reserve id", Required, "the reserve whose shortage curve this step belongs to"),
        col("segment_share", "fraction in (0, 1]", Required, "share of the requirement this step covers"),
        col(
            "price_usd_per_mwh",
            "USD/MWh",
            Required,
            "penalty per MWh short on this step, > 0 (RS3); shortage beyond the listed steps costs the value of lost load",
        ),
    ],
};

/// `load/regions_load.csv` (with `[load] source = "forecast"`).
pub static REGIONS_LOAD: TableSchema = TableSchema {
    file: "load/regions_load.csv",
    heading: "### load/regions_load.csv",
    expandable: false,
    own: &[
        col("region", "region id", Required, "one row per region"),
        col("base_year", "year", Required, "year of the figures"),
        col("annual_energy_mwh", "MWh", Required, "annual demand, data centers included; at most `peak_mw` × 8,784 h"),
        col("peak_mw", "MW", Required, "annual peak, > 0"),
        col("peak_season", "`summer`, `winter`", Required, "season of the annual peak"),
        col(
            "summer_winter_peak_ratio",
            "—",
            Otherwise("the default response's seasons"),
            "the base load's highest hour in May–September ÷ its highest in November–March (local months), in [0.2, 5]; the synthetic load is fitted to it (LD1, docs/load-forecasting.md)",
        ),
        col("mean_temp_c", "°C", Required, "annual mean temperature of the load centre (climate normal), in [-90, 60]"),
        col("jan_mean_temp_c", "°C", Required, "January mean, in [-90, 60]"),
        col("jul_mean_temp_c", "°C", Required, "July mean, in [-90, 60]"),
        col("diurnal_range_c", "°C", Required, "mean daily temperature range, in [0, 60]"),
    ],
};

/// `renewables.csv` (for `nagrid series`).
pub static RENEWABLES: TableSchema = TableSchema {
    file: "renewables.csv",
    heading: "## renewables.csv (for `nagrid series`)",
    expandable: false,
    own: &[
        col("region", "region id", Required, "one row per region"),
        col("wind_cf", "fraction in (0, 1)", Required, "annual wind capacity factor"),
        col("solar_cf", "fraction in (0, 1)", Required, "annual solar capacity factor"),
    ],
};

/// `record/record_<year>.csv` (for `nagrid backcast` and the report of `nagrid run`).
pub static RECORD: TableSchema = TableSchema {
    file: "record/record_<year>.csv",
    heading: "## record/record_<year>.csv (for `nagrid backcast`)",
    expandable: false,
    own: &[
        col(
            "quantity",
            "text",
            Required,
            "what is compared: `generation_share_pct:<fuel group>`, `generation_twh:<fuel group>`, `generation_twh`, `co2_mt`, `net_import_twh`, `import_twh`, `price_usd_per_mwh`, `load_twh` (see below)",
        ),
        col(
            "scope",
            "text",
            Required,
            "a country (`US`, `CA`, `MX`), a region id, region ids joined by `+`, or a country pair `CA>US`, as the quantity requires",
        ),
        col("value", "the quantity's unit", Required, "the recorded figure"),
        col("unit", "text", Otherwise("the quantity's unit"), "when given, the quantity's unit: `%`, `TWh`, `Mt` or `USD/MWh`"),
        col(
            "tolerance",
            "pp: the quantity's unit; pct: %",
            Otherwise("none"),
            "largest deviation that passes, ≥ 0; required with `tolerance_kind` `pp` or `pct`, empty otherwise",
        ),
        col(
            "tolerance_kind",
            "`pp`, `pct`, `sign`",
            Otherwise("report only"),
            "`pp`: model − record within ± tolerance (percentage points for shares); `pct`: (model − record) / abs(record) within ± tolerance %; `sign`: same sign as the record",
        ),
        col("source", "text", Required, "where the figure comes from (publication, table, release date)"),
        col(
            "months",
            "calendar months",
            Otherwise("the whole year"),
            "for `net_import_twh` and `import_twh` only: the calendar months the figure covers, one month (`3`) or a range (`2-6`, February to June); the model's figure is then the flow in the horizon's hours of those months",
        ),
    ],
};

/// Every table described here.
pub static TABLES: &[&TableSchema] = &[
    &REGIONS,
    &GENERATORS,
    &STORAGE,
    &LINES,
    &LINKS,
    &EXPANSION,
    &HYDRO_BUDGETS,
    &FLEXIBLE_LOADS,
    &FUELS,
    &FUEL_PRICES,
    &CARBON_PRICES,
    &AVAILABILITY,
    &RESERVES,
    &RESERVE_REQUIREMENTS,
    &RESERVE_SHORTAGE,
    &REGIONS_LOAD,
    &RENEWABLES,
    &RECORD,
];

/// The schema of a case-folder file.
pub fn of_file(file: &str) -> Option<&'static TableSchema> {
    TABLES.iter().copied().find(|t| t.file == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_meanings_have_no_pipes() {
        for t in TABLES {
            let names: Vec<&str> = t.columns().map(|c| c.name).collect();
            for (i, n) in names.iter().enumerate() {
                assert!(!names[..i].contains(n), "{} lists {n} twice", t.file);
            }
            for c in t.columns() {
                assert!(!c.meaning.contains('|') && !c.unit.contains('|'), "{} {}", t.file, c.name);
            }
        }
    }
}
