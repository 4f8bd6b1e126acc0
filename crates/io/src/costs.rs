//! The cost and availability tables of a case folder (`fuels.csv`,
//! `fuel_prices.csv`, `availability.csv`), the fuel columns of `generators.csv`
//! (C1) and the service years of every component (Y1).

use crate::schema;
use crate::table::{self, IdIndex, Table};
use nagrid_model::fuel::{in_service, CarbonPrice, ScopeKey};
use nagrid_model::{limits, Derate, Fuel, FuelUse, Issues, Network};

/// An optional integer field within `lo..=hi` (`what` names it in messages): `Ok(None)`
/// when empty, `Err` (reported) when not such an integer.
fn opt_int(t: &Table, r: usize, col: &str, (lo, hi): (i64, i64), what: &str, issues: &mut Issues) -> Result<Option<i64>, ()> {
    let Some(s) = t.opt_text(r, col) else { return Ok(None) };
    match s.parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 => Ok(Some(v as i64)),
        _ => {
            issues.push(t.issue(r, col, format!("{what} must be an integer from {lo} to {hi} (or empty)")));
            Err(())
        }
    }
}

/// An optional year (1900–2200).
pub(crate) fn opt_year(t: &Table, r: usize, col: &str, issues: &mut Issues) -> Result<Option<i32>, ()> {
    opt_int(t, r, col, (limits::MIN_YEAR as i64, limits::MAX_YEAR as i64), "a year", issues).map(|y| y.map(|y| y as i32))
}

/// An optional month (1–12).
pub(crate) fn opt_month(t: &Table, r: usize, issues: &mut Issues) -> Result<Option<u32>, ()> {
    opt_int(t, r, "month", (1, 12), "a month", issues).map(|m| m.map(|m| m as u32))
}

/// (Y1) Whether row `r` is in service in `study_year` (always when the year is
/// unknown because study.toml is invalid); bad years are reported.
pub(crate) fn row_in_service(t: &Table, r: usize, study_year: Option<i32>, issues: &mut Issues) -> bool {
    let on = opt_year(t, r, "online_year", issues).unwrap_or(None);
    let off = opt_year(t, r, "retirement_year", issues).unwrap_or(None);
    if let (Some(a), Some(b)) = (on, off) {
        if b <= a {
            issues.push(t.issue(
                r,
                "retirement_year",
                format!("must be after online_year ({a}): in service from online_year to the year before retirement_year"),
            ));
        }
    }
    study_year.is_none_or(|y| in_service(on, off, y))
}

/// An optional region of row `r` (`Err` when given but unknown, reported).
fn opt_region(t: &Table, r: usize, regions: &IdIndex, issues: &mut Issues) -> Result<Option<usize>, ()> {
    match t.opt_text(r, "region") {
        None => Ok(None),
        Some(_) => t.region(r, "region", regions, issues).map(Some).ok_or(()),
    }
}

/// A number of column `col` of `sch` that must lie in `lo..=hi`; `None` (reported) otherwise.
fn number_within(t: &Table, sch: &schema::TableSchema, r: usize, col: &str, (lo, hi): (f64, f64), issues: &mut Issues) -> Option<f64> {
    let v = t.value(sch, r, col, issues);
    if v.is_nan() && t.raw(r, col).is_some_and(|s| s.parse::<f64>().is_err()) {
        return None; // not a number: reported
    }
    if !(lo..=hi).contains(&v) {
        issues.push(t.issue(r, col, format!("must be a number from {lo} to {hi:e}")));
        return None;
    }
    Some(v)
}

/// `fuels.csv`; returns the fuel index by id.
pub(crate) fn read_fuels(t: &Table, network: &mut Network, issues: &mut Issues) -> IdIndex {
    let sch = &schema::FUELS;
    t.check_schema(sch, issues);
    let mut index = IdIndex::new();
    for (r, id) in t.ids("id", issues).into_iter().enumerate() {
        let co2 = number_within(t, sch, r, "co2_t_per_mmbtu", (0.0, 1.0), issues).unwrap_or(0.0);
        if !id.is_empty() {
            index.entry(id.clone()).or_insert(network.fuels.len());
        }
        network.fuels.push(Fuel { name: t.opt_text(r, "name").unwrap_or_else(|| id.clone()), id, co2_t_per_mmbtu: co2 });
    }
    index
}

/// `fuel_prices.csv` (C1): one price per fuel, region, year and month at most, times
/// the fuel's `[economics] fuel_price_multiplier` (or that of `all`).
pub(crate) fn read_fuel_prices(
    t: &Table,
    fuels: &IdIndex,
    regions: &IdIndex,
    multipliers: &std::collections::BTreeMap<String, f64>,
    network: &mut Network,
    issues: &mut Issues,
) {
    let sch = &schema::FUEL_PRICES;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let fuel = t.text(r, "fuel", issues).and_then(|f| match fuels.get(&f) {
            Some(&i) => Some(i),
            None => {
                issues.push(t.issue(r, "fuel", "unknown fuel (not in fuels.csv)"));
                None
            }
        });
        let region = opt_region(t, r, regions, issues);
        let year = opt_year(t, r, "year", issues);
        let month = opt_month(t, r, issues);
        let price = number_within(t, sch, r, "price_usd_per_mmbtu", (0.0, limits::MAX_COST_USD), issues);
        if let (Some(f), Ok(reg), Some(p), Ok(year), Ok(month)) = (fuel, region, price, year, month) {
            let scope: ScopeKey = (reg, year, month);
            let id = &network.fuels[f].id;
            let p = p * multipliers.get(id).or_else(|| multipliers.get("all")).copied().unwrap_or(1.0);
            if !network.fuel_prices.insert(f, scope, p) {
                issues.push(t.issue(r, "price_usd_per_mmbtu", "a second price for the same fuel, region, year and month"));
            }
        }
    }
}

/// `carbon_prices.csv` (C2): one price (and benchmark) per region, year and month at most.
pub(crate) fn read_carbon_prices(t: &Table, regions: &IdIndex, network: &mut Network, issues: &mut Issues) {
    let sch = &schema::CARBON_PRICES;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let region = opt_region(t, r, regions, issues);
        let year = opt_year(t, r, "year", issues);
        let month = opt_month(t, r, issues);
        let price = number_within(t, sch, r, "price_usd_per_t", (0.0, limits::MAX_COST_USD), issues);
        // The most CO2-intensive generation (lignite, oil steam) is about 1.3 t/MWh.
        let benchmark = number_within(t, sch, r, "benchmark_t_per_mwh", (0.0, 5.0), issues);
        if let (Ok(reg), Some(p), Some(b), Ok(year), Ok(month)) = (region, price, benchmark, year, month) {
            let row = CarbonPrice { price_usd_per_t: p, benchmark_t_per_mwh: b };
            if !network.carbon_prices.insert((reg, year, month), row) {
                issues.push(t.issue(r, "price_usd_per_t", "a second carbon price for the same region, year and month"));
            }
        }
    }
}

/// `availability.csv` (A1, A2): one row per technology, region, year and month at most.
pub(crate) fn read_availability(t: &Table, regions: &IdIndex, network: &mut Network, issues: &mut Issues) {
    let sch = &schema::AVAILABILITY;
    t.check_schema(sch, issues);
    for r in 0..t.len() {
        let tech = t.text(r, "technology", issues);
        let region = opt_region(t, r, regions, issues);
        let year = opt_year(t, r, "year", issues);
        let month = opt_month(t, r, issues);
        let a = number_within(t, sch, r, "availability_pu", (0.0, 1.0), issues);
        let m = number_within(t, sch, r, "must_run_pu", (0.0, 1.0), issues);
        if let (Some(tech), Ok(reg), Some(a), Some(m), Ok(year), Ok(month)) = (tech, region, a, m, year, month) {
            if !network.availability.insert(&tech, (reg, year, month), Derate { availability_pu: a, must_run_pu: m }) {
                issues.push(t.issue(r, "technology", "a second row for the same technology, region, year and month"));
            }
        }
    }
}

/// The cost columns of generator row `r` (C1): (fuel, marginal cost, CO2 intensity).
/// Either `marginal_cost_usd_per_mwh`, or `fuel` with `heat_rate_mmbtu_per_mwh`
/// (and an optional VOM); the CO2 intensity defaults to heat rate × the fuel's CO2.
pub(crate) fn generator_costs(t: &Table, r: usize, fuels: &IdIndex, network: &Network, issues: &mut Issues) -> (Option<FuelUse>, f64, f64) {
    let sch = &schema::GENERATORS;
    let either = "give either marginal_cost_usd_per_mwh or fuel + heat_rate_mmbtu_per_mwh";
    let co2 = t.opt_number(r, "co2_t_per_mwh", issues);
    let Some(fuel_id) = t.opt_text(r, "fuel") else {
        for col in ["heat_rate_mmbtu_per_mwh", "vom_usd_per_mwh"] {
            if t.opt_text(r, col).is_some() {
                issues.push(t.issue(r, col, format!("only with a fuel: {either}")));
            }
        }
        let cost = match t.opt_text(r, "marginal_cost_usd_per_mwh") {
            Some(_) => t.value(sch, r, "marginal_cost_usd_per_mwh", issues),
            None => {
                issues.push(t.issue(r, "marginal_cost_usd_per_mwh", format!("value is required: {either}")));
                f64::NAN
            }
        };
        return (None, cost, co2.unwrap_or(0.0));
    };
    if t.opt_text(r, "marginal_cost_usd_per_mwh").is_some() {
        issues.push(t.issue(r, "marginal_cost_usd_per_mwh", format!("must be empty with a fuel: {either}")));
    }
    let fuel = fuels.get(&fuel_id).copied();
    if fuel.is_none() {
        issues.push(t.issue(r, "fuel", "unknown fuel (not in fuels.csv)"));
    }
    let heat_rate = match t.opt_text(r, "heat_rate_mmbtu_per_mwh") {
        Some(_) => t.number(r, "heat_rate_mmbtu_per_mwh", None, issues),
        None => {
            issues.push(t.issue(r, "heat_rate_mmbtu_per_mwh", format!("required with a fuel: {either}")));
            f64::NAN
        }
    };
    let vom = t.value(sch, r, "vom_usd_per_mwh", issues);
    let co2 = co2.unwrap_or_else(|| fuel.map_or(0.0, |f| heat_rate * network.fuels[f].co2_t_per_mmbtu));
    let co2 = if co2.is_nan() { 0.0 } else { co2 };
    match fuel {
        Some(f) => (Some(FuelUse { fuel: f, heat_rate_mmbtu_per_mwh: heat_rate, vom_usd_per_mwh: vom }), 0.0, co2),
        None => (None, 0.0, co2),
    }
}

/// The `profile` of generator row `r`: a name usable as a series column.
pub(crate) fn profile(t: &Table, r: usize, issues: &mut Issues) -> Option<String> {
    let p = t.opt_text(r, "profile")?;
    if let Some(m) = table::id_problem(&p) {
        issues.push(t.issue(r, "profile", m.replace("an id", "a profile name")));
        return None;
    }
    Some(p)
}
