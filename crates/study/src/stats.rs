//! Statistics a planner reads first: cost, energy by country and technology,
//! emissions, border flows, congestion rents, unserved energy.

use nagrid_model::technology::{fuel_group, FUEL_GROUPS};
use nagrid_model::{Case, Country, Network};
use nagrid_opf::verify::Residuals;
use nagrid_opf::{Asset, DispatchSolution};
use serde::Serialize;
use std::collections::BTreeMap;

/// Cost breakdown, USD over the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct CostSummary {
    /// Generation (marginal cost × output).
    pub generation_usd: f64,
    /// Storage wear cost.
    pub storage_usd: f64,
    /// Link wheeling charges.
    pub wheeling_usd: f64,
    /// Unserved energy at the value of lost load.
    pub unserved_usd: f64,
    /// Curtailment of flexible loads at their curtailment cost.
    pub flexible_curtailment_usd: f64,
    /// Annualised cost of added capacity for the share of the year studied.
    pub expansion_usd: f64,
    /// Hurdle rates on lines and links (T3); only when some line or link has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hurdle_usd: Option<f64>,
    /// Reserve shortage penalties (RS3); only when the case has reserves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve_shortage_usd: Option<f64>,
    /// Sum of the above; equals the LP objective.
    pub total_usd: f64,
}

/// Energy and emissions of one country.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CountryEnergy {
    /// Load, MWh.
    pub load_mwh: f64,
    /// Generation, MWh.
    pub generation_mwh: f64,
    /// Generation per technology, MWh.
    pub generation_by_technology_mwh: BTreeMap<String, f64>,
    /// Generation by EIA fuel group (`coal`, `natural_gas`, `nuclear`, `hydro`,
    /// `wind`, `solar`, `oil`, `other`; see `nagrid_model::technology::fuel_group`),
    /// MWh: the groups of the public record. Every group is listed, zeros included.
    pub generation_by_fuel_mwh: BTreeMap<String, f64>,
    /// Storage discharged minus charged, MWh (negative: losses).
    pub storage_net_mwh: f64,
    /// Unserved energy, MWh.
    pub unserved_mwh: f64,
    /// Flexible demand (included in `load_mwh`), MWh.
    pub flexible_load_mwh: f64,
    /// Flexible demand curtailed, MWh.
    pub flexible_curtailed_mwh: f64,
    /// Data-center demand (included in `load_mwh`), MWh; only when the case's load is
    /// synthesised with its data-center part (`[load] source = "forecast"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datacenter_load_mwh: Option<f64>,
    /// CO2, tonnes.
    pub co2_t: f64,
    /// Net imports (received minus sent at the border), MWh.
    pub net_import_mwh: f64,
    /// Load-weighted average price, USD/MWh; `None` (null) when the country has no load.
    pub load_weighted_price_usd_per_mwh: Option<f64>,
}

/// Flows across one border (pair of countries), both directions, measured where
/// the power leaves the exporting country.
#[derive(Debug, Clone, Serialize)]
pub struct BorderFlow {
    /// First country (alphabetical order of codes).
    pub country_a: String,
    /// Second country.
    pub country_b: String,
    /// Energy sent from a to b, MWh.
    pub a_to_b_mwh: f64,
    /// Energy sent from b to a, MWh.
    pub b_to_a_mwh: f64,
    /// Net a to b, MWh.
    pub net_a_to_b_mwh: f64,
}

/// Use of one interconnector (AC line or link).
#[derive(Debug, Clone, Serialize)]
pub struct InterconnectorStats {
    /// Component id.
    pub id: String,
    /// `ac_line`, `hvdc` or `back_to_back`.
    pub kind: String,
    /// From region id.
    pub from: String,
    /// To region id.
    pub to: String,
    /// Forward limit, MW.
    pub capacity_forward_mw: f64,
    /// Reverse limit, MW.
    pub capacity_reverse_mw: f64,
    /// Energy sent from -> to, MWh.
    pub forward_mwh: f64,
    /// Energy sent to -> from, MWh.
    pub reverse_mwh: f64,
    /// Hours at a limit (either direction).
    pub hours_at_limit: usize,
    /// Σ flow × price difference (net of losses, wheeling and hurdle rates), USD.
    pub congestion_rent_usd: f64,
    /// Σ shadow price of the limit × capacity, USD; equals the above at an optimum.
    pub congestion_rent_from_duals_usd: f64,
}

/// Price statistics of a region, USD/MWh.
#[derive(Debug, Clone, Serialize)]
pub struct PriceStats {
    /// Simple average over hours.
    pub mean: f64,
    /// Load-weighted average; `None` (null) when the region has no load.
    pub load_weighted: Option<f64>,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

/// The summary written to `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Case name.
    pub case: String,
    /// Study year.
    pub study_year: i32,
    /// First hour (UTC).
    pub start_utc: String,
    /// Hours studied.
    pub hours: usize,
    /// Costs.
    pub cost: CostSummary,
    /// Load over all regions, MWh.
    pub load_mwh: f64,
    /// Unserved energy over all regions, MWh.
    pub unserved_mwh: f64,
    /// Flexible demand curtailed over all regions, MWh.
    pub flexible_curtailed_mwh: f64,
    /// Data-center demand over all regions (included in `load_mwh`), MWh; only when
    /// the case knows it (`[load] source = "forecast"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datacenter_load_mwh: Option<f64>,
    /// Region-hours with unserved energy.
    pub unserved_region_hours: usize,
    /// CO2 over all regions, tonnes.
    pub co2_t: f64,
    /// Per country.
    pub countries: BTreeMap<String, CountryEnergy>,
    /// Unserved energy per region (only regions with some), MWh.
    pub unserved_by_region_mwh: BTreeMap<String, f64>,
    /// Prices per region.
    pub prices_usd_per_mwh: BTreeMap<String, PriceStats>,
    /// Cross-border flows per pair of countries.
    pub borders: Vec<BorderFlow>,
    /// Every interconnector, most congestion rent first.
    pub interconnectors: Vec<InterconnectorStats>,
    /// Expandable assets: capacity built and its value.
    pub expansion: Vec<nagrid_opf::BuildResult>,
    /// Reserve margin of every region in its peak hour (adequacy module).
    pub reserve_margins: BTreeMap<String, crate::adequacy::RegionMargin>,
    /// Operating reserves by id (absent without reserves).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reserves: BTreeMap<String, ReserveStats>,
    /// Independent check of the solution.
    pub checks: Residuals,
}

const LIMIT_TOL_MW: f64 = 1e-6;

/// Hourly congestion rent of every line then every link, USD: `[component][hour]`.
pub fn hourly_congestion_rent(case: &Case, s: &DispatchSolution) -> Vec<Vec<f64>> {
    let n = &case.network;
    let p = &s.price_usd_per_mwh;
    let mut out = Vec::with_capacity(n.lines.len() + n.links.len());
    for (i, l) in n.lines.iter().enumerate() {
        let h = l.hurdle_usd_per_mwh;
        out.push(
            (0..case.axis.hours)
                .map(|t| {
                    let f = s.line_flow_mw[i][t];
                    let rent = f * (p[l.to][t] - p[l.from][t]);
                    // (T3) net of the hurdle paid on the flow.
                    if h != 0.0 {
                        rent - h * f.abs()
                    } else {
                        rent
                    }
                })
                .collect(),
        );
    }
    for (i, k) in n.links.iter().enumerate() {
        out.push(
            (0..case.axis.hours)
                .map(|t| {
                    let w = k.wheeling_cost_usd_per_mwh;
                    let hr = k.hurdle_usd_per_mwh;
                    let fw = s.link_forward_mw[i][t] * (k.efficiency * p[k.to][t] - p[k.from][t] - w - hr);
                    let rv = s.link_reverse_mw[i][t] * (k.efficiency * p[k.from][t] - p[k.to][t] - w - hr);
                    fw + rv
                })
                .collect(),
        );
    }
    out
}

/// Totals over every region and flexible load.
#[derive(Default)]
struct Totals {
    load_mwh: f64,
    unserved_mwh: f64,
    unserved_region_hours: usize,
    flexible_curtailed_mwh: f64,
    co2_t: f64,
}

/// Compute the summary of an optimal dispatch.
pub fn summarize(case: &Case, s: &DispatchSolution, checks: Residuals) -> Summary {
    let n = &case.network;
    let mut countries: BTreeMap<Country, CountryEnergy> = BTreeMap::new();
    for c in Country::ALL {
        if n.regions.iter().any(|r| r.country == c) {
            countries.insert(c, CountryEnergy::default());
        }
    }
    let mut totals = Totals::default();
    add_supply(case, s, &mut countries, &mut totals);
    let (prices, price_x_load, unserved_by_region) = add_regions(case, s, &mut countries, &mut totals);
    let (interconnectors, borders) = interconnectors(case, s, &mut countries);
    let cost = nagrid_opf::verify::cost_breakdown(case, s);
    let mut out_countries = BTreeMap::new();
    for (c, e) in countries {
        out_countries.insert(c.code().to_string(), rounded(e, price_x_load.get(&c).copied().unwrap_or(0.0)));
    }
    Summary {
        case: case.name.clone(),
        study_year: case.settings.study_year,
        start_utc: case.axis.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        hours: case.axis.hours,
        cost: CostSummary {
            generation_usd: round(cost.generation_usd),
            storage_usd: round(cost.storage_usd),
            wheeling_usd: round(cost.wheeling_usd),
            unserved_usd: round(cost.unserved_usd),
            flexible_curtailment_usd: round(cost.flexible_curtailment_usd),
            expansion_usd: round(cost.expansion_usd),
            hurdle_usd: (n.lines.iter().any(|l| l.hurdle_usd_per_mwh != 0.0) || n.links.iter().any(|k| k.hurdle_usd_per_mwh != 0.0))
                .then(|| round(cost.hurdle_usd)),
            reserve_shortage_usd: (!n.reserves.is_empty()).then(|| round(cost.reserve_shortage_usd)),
            total_usd: round(cost.total_usd()),
        },
        load_mwh: round(totals.load_mwh),
        unserved_mwh: round(totals.unserved_mwh),
        flexible_curtailed_mwh: round(totals.flexible_curtailed_mwh),
        datacenter_load_mwh: (!case.datacenter_mw.is_empty()).then(|| round(case.datacenter_mw.iter().flatten().sum())),
        unserved_region_hours: totals.unserved_region_hours,
        co2_t: round(totals.co2_t),
        countries: out_countries,
        unserved_by_region_mwh: unserved_by_region,
        prices_usd_per_mwh: prices,
        borders: borders
            .into_iter()
            .map(|((a, b), (ab, ba))| BorderFlow {
                country_a: a.into(),
                country_b: b.into(),
                a_to_b_mwh: round(ab),
                b_to_a_mwh: round(ba),
                net_a_to_b_mwh: round(ab - ba),
            })
            .collect(),
        interconnectors,
        expansion: s.expansion.to_vec(),
        reserve_margins: crate::adequacy::reserve_margins(case),
        reserves: summarize_reserves(case, s),
        checks,
    }
}

/// Generation, emissions, storage and flexible loads by country.
fn add_supply(case: &Case, s: &DispatchSolution, countries: &mut BTreeMap<Country, CountryEnergy>, totals: &mut Totals) {
    let n = &case.network;
    let country = |r: usize| n.regions[r].country;
    for (g, gen) in n.generators.iter().enumerate() {
        let e: f64 = s.gen_p_mw[g].iter().sum();
        totals.co2_t += e * gen.co2_t_per_mwh;
        let ce = countries.entry(country(gen.region)).or_default();
        ce.generation_mwh += e;
        ce.co2_t += e * gen.co2_t_per_mwh;
        *ce.generation_by_technology_mwh.entry(gen.technology.clone()).or_default() += e;
        *ce.generation_by_fuel_mwh.entry(fuel_group(&gen.technology).to_string()).or_default() += e;
    }
    for (i, u) in n.storage.iter().enumerate() {
        let d: f64 = s.storage_discharge_mw[i].iter().sum();
        let c: f64 = s.storage_charge_mw[i].iter().sum();
        countries.entry(country(u.region)).or_default().storage_net_mwh += d - c;
    }
    for (f, fl) in n.flexible_loads.iter().enumerate() {
        let e: f64 = case.flex_load_mw[f].iter().sum();
        let c: f64 = s.flex_curtailed_mw[f].iter().sum();
        totals.load_mwh += e;
        totals.flexible_curtailed_mwh += c;
        let ce = countries.entry(country(fl.region)).or_default();
        ce.load_mwh += e;
        ce.flexible_load_mwh += e;
        ce.flexible_curtailed_mwh += c;
    }
}

/// Prices by region, price × load by country, and load and unserved energy.
type RegionTables = (BTreeMap<String, PriceStats>, BTreeMap<Country, f64>, BTreeMap<String, f64>);

fn add_regions(case: &Case, s: &DispatchSolution, countries: &mut BTreeMap<Country, CountryEnergy>, totals: &mut Totals) -> RegionTables {
    let h = case.axis.hours;
    let mut unserved_by_region = BTreeMap::new();
    let mut prices = BTreeMap::new();
    let mut price_x_load: BTreeMap<Country, f64> = BTreeMap::new();
    for (r, reg) in case.network.regions.iter().enumerate() {
        let load: f64 = case.load_mw[r].iter().sum();
        let un: f64 = s.unserved_mw[r].iter().sum();
        totals.unserved_region_hours += s.unserved_mw[r].iter().filter(|&&u| u > LIMIT_TOL_MW).count();
        totals.load_mwh += load;
        totals.unserved_mwh += un;
        if un > LIMIT_TOL_MW {
            unserved_by_region.insert(reg.id.clone(), round(un));
        }
        let ce = countries.entry(reg.country).or_default();
        ce.load_mwh += load;
        ce.unserved_mwh += un;
        if let Some(dc) = case.datacenter_mw.get(r) {
            *ce.datacenter_load_mwh.get_or_insert(0.0) += dc.iter().sum::<f64>();
        }
        let p = &s.price_usd_per_mwh[r];
        let pl: f64 = (0..h).map(|t| p[t] * case.load_mw[r][t]).sum();
        *price_x_load.entry(reg.country).or_default() += pl;
        prices.insert(
            reg.id.clone(),
            PriceStats {
                mean: round(p.iter().sum::<f64>() / h as f64),
                load_weighted: (load > 0.0).then(|| round(pl / load)),
                min: round(p.iter().cloned().fold(f64::INFINITY, f64::min)),
                max: round(p.iter().cloned().fold(f64::NEG_INFINITY, f64::max)),
            },
        );
    }
    (prices, price_x_load, unserved_by_region)
}

/// Energy each country sent to (a → b) and received from (b → a) each other
/// country, keyed by the pair of country codes in alphabetical order.
type Borders = BTreeMap<(&'static str, &'static str), (f64, f64)>;

/// Statistics of every line and link, most congested first, and the border flows
/// they add up to; net imports are added to `countries`.
fn interconnectors(
    case: &Case,
    s: &DispatchSolution,
    countries: &mut BTreeMap<Country, CountryEnergy>,
) -> (Vec<InterconnectorStats>, Borders) {
    let n = &case.network;
    let h = case.axis.hours;
    let rent = hourly_congestion_rent(case, s);
    let mut ics = Vec::new();
    let mut borders = Borders::new();
    let hours_at_limit = |asset: Asset| nagrid_opf::verify::at_limit(case, s, asset).into_iter().filter(|&x| x).count();
    for (i, l) in n.lines.iter().enumerate() {
        let f = &s.line_flow_mw[i];
        let fwd: f64 = f.iter().filter(|&&v| v > 0.0).sum();
        let rev: f64 = -f.iter().filter(|&&v| v < 0.0).sum::<f64>();
        add_border(n, l.from, l.to, fwd, rev, 1.0, countries, &mut borders);
        let dual_rent: f64 = (0..h).map(|t| s.line_limit_dual_usd_per_mwh[i][t] * f[t]).sum();
        ics.push(InterconnectorStats {
            id: l.id.clone(),
            kind: "ac_line".into(),
            from: n.regions[l.from].id.clone(),
            to: n.regions[l.to].id.clone(),
            capacity_forward_mw: l.s_max_mw,
            capacity_reverse_mw: l.s_max_reverse_mw,
            forward_mwh: round(fwd),
            reverse_mwh: round(rev),
            hours_at_limit: hours_at_limit(Asset::Line(i)),
            congestion_rent_usd: round(rent[i].iter().sum()),
            congestion_rent_from_duals_usd: round(dual_rent),
        });
    }
    for (i, k) in n.links.iter().enumerate() {
        let fwd: f64 = s.link_forward_mw[i].iter().sum();
        let rev: f64 = s.link_reverse_mw[i].iter().sum();
        add_border(n, k.from, k.to, fwd, rev, k.efficiency, countries, &mut borders);
        let dual_rent: f64 = (0..h)
            .map(|t| {
                s.link_forward_dual_usd_per_mwh[i][t] * s.link_forward_mw[i][t]
                    + s.link_reverse_dual_usd_per_mwh[i][t] * s.link_reverse_mw[i][t]
            })
            .sum();
        ics.push(InterconnectorStats {
            id: k.id.clone(),
            kind: k.kind.to_string(),
            from: n.regions[k.from].id.clone(),
            to: n.regions[k.to].id.clone(),
            capacity_forward_mw: k.p_max_forward_mw,
            capacity_reverse_mw: k.p_max_reverse_mw,
            forward_mwh: round(fwd),
            reverse_mwh: round(rev),
            hours_at_limit: hours_at_limit(Asset::Link(i)),
            congestion_rent_usd: round(rent[n.lines.len() + i].iter().sum()),
            congestion_rent_from_duals_usd: round(dual_rent),
        });
    }
    ics.sort_by(|a, b| {
        b.congestion_rent_usd.total_cmp(&a.congestion_rent_usd).then(b.hours_at_limit.cmp(&a.hours_at_limit)).then(a.id.cmp(&b.id))
    });
    (ics, borders)
}

/// Add a flow between two regions to the net imports of their countries and to the
/// border totals, when the regions are in different countries. `eff` is the share
/// of what is sent that arrives.
#[allow(clippy::too_many_arguments)]
fn add_border(
    n: &Network,
    from: usize,
    to: usize,
    fwd: f64,
    rev: f64,
    eff: f64,
    countries: &mut BTreeMap<Country, CountryEnergy>,
    borders: &mut Borders,
) {
    let (a, b) = (n.regions[from].country, n.regions[to].country);
    if a == b {
        return;
    }
    countries.entry(a).or_default().net_import_mwh += rev * eff - fwd;
    countries.entry(b).or_default().net_import_mwh += fwd * eff - rev;
    if a.code() < b.code() {
        let e = borders.entry((a.code(), b.code())).or_default();
        e.0 += fwd;
        e.1 += rev;
    } else {
        let e = borders.entry((b.code(), a.code())).or_default();
        e.0 += rev;
        e.1 += fwd;
    }
}

/// A country's figures rounded for the summary, with its load-weighted price from
/// the sum of price × load over its regions.
fn rounded(mut e: CountryEnergy, price_x_load: f64) -> CountryEnergy {
    e.load_weighted_price_usd_per_mwh = (e.load_mwh > 0.0).then(|| round(price_x_load / e.load_mwh));
    e.load_mwh = round(e.load_mwh);
    e.generation_mwh = round(e.generation_mwh);
    e.storage_net_mwh = round(e.storage_net_mwh);
    e.unserved_mwh = round(e.unserved_mwh);
    e.flexible_load_mwh = round(e.flexible_load_mwh);
    e.flexible_curtailed_mwh = round(e.flexible_curtailed_mwh);
    e.datacenter_load_mwh = e.datacenter_load_mwh.map(round);
    e.co2_t = round(e.co2_t);
    e.net_import_mwh = round(e.net_import_mwh);
    for f in FUEL_GROUPS {
        e.generation_by_fuel_mwh.entry(f.to_string()).or_default();
    }
    for v in e.generation_by_fuel_mwh.values_mut() {
        *v = round(*v);
    }
    for v in e.generation_by_technology_mwh.values_mut() {
        *v = round(*v);
    }
    e
}

/// Round to 3 decimals so summaries are stable and readable.
pub fn round(v: f64) -> f64 {
    if !v.is_finite() {
        return v;
    }
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Shortage below this (MW) does not count as a shortage hour.
const SHORTAGE_TOL_MW: f64 = 1e-6;

/// One reserve over the horizon (`reserves.<id>` in summary.json).
#[derive(Debug, Clone, Serialize)]
pub struct ReserveStats {
    /// Mean over hours of the reserve price (dual of the requirement, RS1), USD/MWh.
    pub mean_price_usd_per_mwh: f64,
    /// Highest hourly reserve price, USD/MWh.
    pub max_price_usd_per_mwh: f64,
    /// Energy short of the requirement (RS3), MWh.
    pub shortage_mwh: f64,
    /// Hours with a shortage above 1e-6 MW.
    pub shortage_hours: usize,
    /// Requirement summed over hours, MWh.
    pub requirement_mwh: f64,
}

/// Statistics of every reserve of the case, by id (empty without reserves).
pub fn summarize_reserves(case: &Case, s: &DispatchSolution) -> BTreeMap<String, ReserveStats> {
    let h = case.axis.hours;
    let mut out = BTreeMap::new();
    for (i, r) in case.network.reserves.iter().enumerate() {
        let p = &s.reserve_price_usd_per_mwh[i];
        let short = &s.reserve_shortage_mw[i];
        out.insert(
            r.id.clone(),
            ReserveStats {
                mean_price_usd_per_mwh: round(p.iter().sum::<f64>() / h.max(1) as f64),
                max_price_usd_per_mwh: round(p.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                shortage_mwh: round(short.iter().sum()),
                shortage_hours: short.iter().filter(|&&v| v > SHORTAGE_TOL_MW).count(),
                requirement_mwh: round((0..h).map(|t| r.requirement_mw(&case.load_mw, t, case.year_month(t))).sum()),
            },
        );
    }
    out
}
