//! Statistics of a dispatch per technology × region and per tie, like PyPSA's
//! `n.statistics()`: `statistics.csv` and `statistics-ties.csv` (docs/outputs.md).

use crate::stats::hourly_congestion_rent;
use crate::StudyError;
use chrono::Datelike;
use nagrid_io::results::push_number;
use nagrid_io::RunFolder;
use nagrid_model::technology::{merit_rank, HYDRO_ROR, SOLAR, WIND};
use nagrid_model::{Case, Country};
use nagrid_opf::verify::{at_limit, generator_cost_usd};
use nagrid_opf::{inputs::GenCosts, Asset, DispatchSolution};
use std::collections::BTreeMap;

/// Technologies whose unused availability is curtailment (variable renewables).
pub const CURTAILABLE: [&str; 3] = [WIND, SOLAR, HYDRO_ROR];

/// One technology in one region, over the horizon.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TechStats {
    /// Country of the region.
    pub country: Option<Country>,
    /// Region index.
    pub region: usize,
    /// Technology label (generators.csv or storage.csv).
    pub technology: String,
    /// Whether the rows are storage units.
    pub storage: bool,
    /// Installed capacity (with what an expansion built), MW.
    pub capacity_mw: f64,
    /// Energy supplied to the grid (generation, or storage discharge), MWh.
    pub energy_mwh: f64,
    /// Energy drawn from the grid (storage charging), MWh.
    pub withdrawal_mwh: f64,
    /// Available energy not used (wind, solar, run-of-river), MWh.
    pub curtailment_mwh: f64,
    /// Σ price × supply, USD.
    pub supply_value_usd: f64,
    /// Σ price × (supply − withdrawal), USD.
    pub revenue_usd: f64,
    /// Operating cost (O1: fuel, carbon, VOM; storage wear), USD.
    pub operating_cost_usd: f64,
    /// CO2, t.
    pub emissions_t: f64,
}

impl TechStats {
    /// Energy ÷ (capacity × hours); `None` without capacity.
    pub fn capacity_factor(&self, hours: usize) -> Option<f64> {
        (self.capacity_mw > 0.0 && hours > 0).then(|| self.energy_mwh / (self.capacity_mw * hours as f64))
    }

    /// Σ price × supply ÷ supply, USD/MWh; `None` without supply.
    pub fn market_value_usd_per_mwh(&self) -> Option<f64> {
        (self.energy_mwh > 0.0).then(|| self.supply_value_usd / self.energy_mwh)
    }
}

/// One line or link over the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct TieStats {
    /// Line or link id.
    pub id: String,
    /// `ac_line`, `hvdc` or `back_to_back`.
    pub kind: String,
    /// From region index.
    pub from: usize,
    /// To region index.
    pub to: usize,
    /// Limit from → to, with what an expansion built, MW.
    pub capacity_forward_mw: f64,
    /// Limit to → from, MW.
    pub capacity_reverse_mw: f64,
    /// Capacity built by an expansion, MW.
    pub built_mw: f64,
    /// Energy sent from → to, at the sending end, MWh.
    pub forward_mwh: f64,
    /// Energy sent to → from, MWh.
    pub reverse_mwh: f64,
    /// Energy lost (links: sent × (1 − efficiency)), MWh.
    pub losses_mwh: f64,
    /// Mean over hours of |flow| ÷ the limit in the flow's direction.
    pub utilisation_pu: f64,
    /// Hours at a limit (either direction).
    pub hours_congested: usize,
    /// Hours at a limit in each calendar month of the horizon (see [`Statistics::months`]).
    pub hours_congested_by_month: Vec<usize>,
    /// Σ flow × price difference, net of losses, wheeling and hurdles, USD.
    pub congestion_rent_usd: f64,
}

/// Statistics of a run.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// Hours of the horizon.
    pub hours: usize,
    /// Per technology and region: countries in [`Country::ALL`] order, regions in
    /// case order, technologies in merit order.
    pub techs: Vec<TechStats>,
    /// Per line, then per link, in case order.
    pub ties: Vec<TieStats>,
    /// (year, month) of each month of the horizon (UTC), in order.
    pub months: Vec<(i32, u32)>,
    /// Hours of the horizon in each of `months`.
    pub month_hours: Vec<usize>,
}

/// Compute the statistics of an optimal dispatch.
pub fn statistics(case: &Case, sol: &DispatchSolution) -> Statistics {
    let (months, month_of_hour) = months(case);
    let mut month_hours = vec![0; months.len()];
    for &m in &month_of_hour {
        month_hours[m] += 1;
    }
    Statistics { hours: case.axis.hours, techs: techs(case, sol), ties: ties(case, sol, &month_of_hour, months.len()), months, month_hours }
}

/// The (year, month) of the horizon and the index into it of every hour.
fn months(case: &Case) -> (Vec<(i32, u32)>, Vec<usize>) {
    let mut months: Vec<(i32, u32)> = Vec::new();
    let mut idx = Vec::with_capacity(case.axis.hours);
    for t in 0..case.axis.hours {
        let ts = case.axis.timestamp(t);
        let ym = (ts.year(), ts.month());
        if months.last() != Some(&ym) {
            months.push(ym);
        }
        idx.push(months.len() - 1);
    }
    (months, idx)
}

fn techs(case: &Case, sol: &DispatchSolution) -> Vec<TechStats> {
    let n = &case.network;
    let price = &sol.price_usd_per_mwh;
    let costs = GenCosts::new(case);
    let derates = case.gen_derates();
    let mut by: BTreeMap<(usize, usize, String, bool), TechStats> = BTreeMap::new();
    fn entry<'a>(
        by: &'a mut BTreeMap<(usize, usize, String, bool), TechStats>,
        n: &nagrid_model::Network,
        region: usize,
        tech: &str,
        storage: bool,
    ) -> &'a mut TechStats {
        let key = (merit_rank(tech), region, tech.to_string(), storage);
        by.entry(key).or_insert_with(|| TechStats {
            country: Some(n.regions[region].country),
            region,
            technology: tech.to_string(),
            storage,
            ..Default::default()
        })
    }
    for (g, gen) in n.generators.iter().enumerate() {
        let p = &sol.gen_p_mw[g];
        let e = entry(&mut by, n, gen.region, &gen.technology, false);
        let energy: f64 = p.iter().sum();
        e.capacity_mw += gen.p_max_mw + sol.expansion.built_mw(Asset::Generator(g));
        e.energy_mwh += energy;
        let value: f64 = p.iter().zip(&price[gen.region]).map(|(p, l)| p * l).sum();
        e.supply_value_usd += value;
        e.revenue_usd += value;
        e.operating_cost_usd += generator_cost_usd(case, sol, &costs, g);
        e.emissions_t += energy * gen.co2_t_per_mwh;
        if CURTAILABLE.contains(&gen.technology.as_str()) {
            let built = sol.expansion.built_mw(Asset::Generator(g));
            e.curtailment_mwh += (0..case.axis.hours)
                .map(|t| (derates.available_mw(case, g, t) + derates.availability_pu(case, g, t) * built - p[t]).max(0.0))
                .sum::<f64>();
        }
    }
    for (s, u) in n.storage.iter().enumerate() {
        let (d, c) = (&sol.storage_discharge_mw[s], &sol.storage_charge_mw[s]);
        let e = entry(&mut by, n, u.region, &u.technology, true);
        e.capacity_mw += u.p_max_mw;
        let supplied: f64 = d.iter().sum();
        e.energy_mwh += supplied;
        e.withdrawal_mwh += c.iter().sum::<f64>();
        let value: f64 = d.iter().zip(&price[u.region]).map(|(d, l)| d * l).sum();
        let cost: f64 = c.iter().zip(&price[u.region]).map(|(c, l)| c * l).sum();
        e.supply_value_usd += value;
        e.revenue_usd += value - cost;
        e.operating_cost_usd += supplied * u.marginal_cost_usd_per_mwh;
    }
    // Countries, then regions in case order, then merit order.
    let country_rank = |c: Option<Country>| Country::ALL.iter().position(|x| Some(*x) == c).unwrap_or(Country::ALL.len());
    let mut rows: Vec<TechStats> = by.into_values().collect();
    rows.sort_by(|a, b| {
        (country_rank(a.country), a.region, merit_rank(&a.technology), &a.technology, a.storage).cmp(&(
            country_rank(b.country),
            b.region,
            merit_rank(&b.technology),
            &b.technology,
            b.storage,
        ))
    });
    rows
}

/// What [`tie`] needs of one line or link besides the solution.
struct TieInput<'a> {
    asset: Asset,
    id: &'a str,
    kind: String,
    ends: (usize, usize),
    capacity: (f64, f64),
    /// Energy sent forward and in reverse, MWh.
    energy: (f64, f64),
    /// Net flow in each hour, MW (positive from → to).
    net: Vec<f64>,
    rent: &'a [f64],
}

fn tie(case: &Case, sol: &DispatchSolution, x: TieInput, month_of_hour: &[usize], months: usize) -> TieStats {
    let built = sol.expansion.built_mw(x.asset);
    let (cf, cr) = (x.capacity.0 + built, x.capacity.1 + built);
    let congested = at_limit(case, sol, x.asset);
    let mut by_month = vec![0; months];
    for (t, c) in congested.iter().enumerate() {
        if *c {
            by_month[month_of_hour[t]] += 1;
        }
    }
    let util: f64 = x
        .net
        .iter()
        .map(|&f| {
            let lim = if f >= 0.0 { cf } else { cr };
            if lim > 0.0 {
                f.abs() / lim
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / x.net.len().max(1) as f64;
    TieStats {
        id: x.id.to_string(),
        kind: x.kind,
        from: x.ends.0,
        to: x.ends.1,
        capacity_forward_mw: cf,
        capacity_reverse_mw: cr,
        built_mw: built,
        forward_mwh: x.energy.0,
        reverse_mwh: x.energy.1,
        losses_mwh: 0.0,
        utilisation_pu: util,
        hours_congested: congested.iter().filter(|c| **c).count(),
        hours_congested_by_month: by_month,
        congestion_rent_usd: x.rent.iter().sum(),
    }
}

fn ties(case: &Case, sol: &DispatchSolution, month_of_hour: &[usize], months: usize) -> Vec<TieStats> {
    let n = &case.network;
    let rent = hourly_congestion_rent(case, sol);
    let mut out = Vec::with_capacity(n.lines.len() + n.links.len());
    for (i, l) in n.lines.iter().enumerate() {
        let f = &sol.line_flow_mw[i];
        let fwd: f64 = f.iter().filter(|v| **v > 0.0).sum();
        let rev: f64 = -f.iter().filter(|v| **v < 0.0).sum::<f64>();
        let x = TieInput {
            asset: Asset::Line(i),
            id: &l.id,
            kind: "ac_line".into(),
            ends: (l.from, l.to),
            capacity: (l.s_max_mw, l.s_max_reverse_mw),
            energy: (fwd, rev),
            net: f.clone(),
            rent: &rent[i],
        };
        out.push(tie(case, sol, x, month_of_hour, months));
    }
    for (i, k) in n.links.iter().enumerate() {
        let fwd: f64 = sol.link_forward_mw[i].iter().sum();
        let rev: f64 = sol.link_reverse_mw[i].iter().sum();
        let x = TieInput {
            asset: Asset::Link(i),
            id: &k.id,
            kind: k.kind.to_string(),
            ends: (k.from, k.to),
            capacity: (k.p_max_forward_mw, k.p_max_reverse_mw),
            energy: (fwd, rev),
            net: (0..case.axis.hours).map(|t| sol.link_net_mw(i, t)).collect(),
            rent: &rent[n.lines.len() + i],
        };
        let mut t = tie(case, sol, x, month_of_hour, months);
        t.losses_mwh = (fwd + rev) * (1.0 - k.efficiency);
        out.push(t);
    }
    out
}

/// A number with `d` decimals, or empty when `None`.
fn num(v: Option<f64>, d: usize) -> String {
    let mut s = String::new();
    if let Some(v) = v.filter(|v| v.is_finite()) {
        push_number(&mut s, v, d);
    }
    s
}

/// Write `statistics.csv` and `statistics-ties.csv`.
pub fn write(folder: &RunFolder, case: &Case, st: &Statistics) -> Result<(), StudyError> {
    let n = &case.network;
    let header = [
        "country",
        "region",
        "technology",
        "kind",
        "capacity_mw",
        "energy_mwh",
        "withdrawal_mwh",
        "capacity_factor",
        "curtailment_mwh",
        "market_value_usd_per_mwh",
        "revenue_usd",
        "operating_cost_usd",
        "emissions_t",
    ];
    let rows = st.techs.iter().map(|r| {
        vec![
            r.country.map(|c| c.code()).unwrap_or_default().to_string(),
            n.regions[r.region].id.clone(),
            r.technology.clone(),
            (if r.storage { "storage" } else { "generator" }).to_string(),
            num(Some(r.capacity_mw), 3),
            num(Some(r.energy_mwh), 3),
            num(Some(r.withdrawal_mwh), 3),
            num(r.capacity_factor(st.hours), 6),
            num(Some(r.curtailment_mwh), 3),
            num(r.market_value_usd_per_mwh(), 3),
            num(Some(r.revenue_usd), 2),
            num(Some(r.operating_cost_usd), 2),
            num(Some(r.emissions_t), 3),
        ]
    });
    folder.write_csv("statistics.csv", &header, rows)?;
    let header = [
        "id",
        "kind",
        "from_region",
        "to_region",
        "from_country",
        "to_country",
        "capacity_forward_mw",
        "capacity_reverse_mw",
        "built_mw",
        "energy_forward_mwh",
        "energy_reverse_mwh",
        "net_energy_mwh",
        "losses_mwh",
        "utilisation_pu",
        "hours_congested",
        "congestion_rent_usd",
    ];
    let rows = st.ties.iter().map(|t| {
        let (a, b) = (&n.regions[t.from], &n.regions[t.to]);
        vec![
            t.id.clone(),
            t.kind.clone(),
            a.id.clone(),
            b.id.clone(),
            a.country.code().to_string(),
            b.country.code().to_string(),
            num(Some(t.capacity_forward_mw), 3),
            num(Some(t.capacity_reverse_mw), 3),
            num(Some(t.built_mw), 3),
            num(Some(t.forward_mwh), 3),
            num(Some(t.reverse_mwh), 3),
            num(Some(t.forward_mwh - t.reverse_mwh), 3),
            num(Some(t.losses_mwh), 3),
            num(Some(t.utilisation_pu), 6),
            t.hours_congested.to_string(),
            num(Some(t.congestion_rent_usd), 2),
        ]
    });
    folder.write_csv("statistics-ties.csv", &header, rows)?;
    Ok(())
}
