//! The chart sections of a run's report: mix, dispatch, prices, ties, emissions.

use super::charts::{hbars_height, heatmap_height, HBars, Heatmap};
use super::html::{esc, figure, table, Section};
use super::{RunData, CHART_W, HALF_W};
use crate::chart::{duration, svg, tech_color, Curves, Layer};
use crate::plots::{price_curves, regions_by_size};
use crate::statistics::TechStats;
use crate::units::{musd, price, thousands, twh};
use crate::weeks::{self, Week};
use crate::StudyError;
use nagrid_load::plot::categorical;
use nagrid_model::technology::merit_rank;
use nagrid_model::Country;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Countries of the case, in [`Country::ALL`] order.
fn countries(d: &RunData) -> Vec<Country> {
    Country::ALL.into_iter().filter(|c| d.case.network.regions.iter().any(|r| r.country == *c)).collect()
}

/// One bar series per technology (merit order) of `value` summed by `group` (row).
fn by_technology(
    d: &RunData,
    rows: usize,
    keep: impl Fn(&TechStats) -> bool,
    group: impl Fn(&TechStats) -> Option<usize>,
    value: impl Fn(&TechStats) -> f64,
) -> Vec<(String, plotters::style::RGBColor, Vec<f64>)> {
    let mut by: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
    for t in d.statistics.techs.iter().filter(|t| keep(t)) {
        if let Some(row) = group(t) {
            by.entry((merit_rank(&t.technology), t.technology.clone())).or_insert_with(|| vec![0.0; rows])[row] += value(t);
        }
    }
    by.into_iter()
        .filter(|(_, v)| v.iter().any(|x| x.abs() > 1e-12))
        .enumerate()
        .map(|(i, ((_, name), v))| (name.replace('_', " "), tech_color(&name, i), v))
        .collect()
}

/// Most regions charted one by one (bars, dispatch stacks): the largest.
const MAX_REGIONS: usize = 40;
/// Most ties in flow-duration charts and rows of the congestion heatmap.
const MAX_TIES: usize = 64;

/// The regions charted one by one: the [`MAX_REGIONS`] largest, largest first.
fn shown_regions(d: &RunData) -> Vec<usize> {
    let mut order = regions_by_size(d.hourly);
    order.truncate(MAX_REGIONS);
    order
}

/// A note on the regions left out of the charts by region, if any.
fn regions_note(d: &RunData) -> String {
    let n = d.case.network.regions.len();
    if n > MAX_REGIONS {
        format!("<p class=\"note\">Charts by region show the {MAX_REGIONS} largest of {n} regions (statistics.csv has them all).</p>\n")
    } else {
        String::new()
    }
}

/// The row of each region in charts by region (`None`: not shown).
fn ranks(d: &RunData, order: &[usize]) -> Vec<Option<usize>> {
    let mut rank = vec![None; d.case.network.regions.len()];
    for (i, &r) in order.iter().enumerate() {
        rank[r] = Some(i);
    }
    rank
}

/// A bar chart as a figure, `w` pixels wide.
fn bars(b: HBars, w: u32, caption: &str) -> Result<String, StudyError> {
    let h = hbars_height(&b);
    Ok(figure("bars", &svg(&b, (w, h))?, caption))
}

/// Capacity and generation by technology, per country and per region.
pub fn mix(d: &RunData) -> Result<Section, StudyError> {
    let n = &d.case.network;
    let cs = countries(d);
    let crow = |t: &TechStats| t.country.and_then(|c| cs.iter().position(|x| *x == c));
    let names: Vec<String> = cs.iter().map(|c| c.name().to_string()).collect();
    let order = shown_regions(d);
    let rank = ranks(d, &order);
    let rrow = |t: &TechStats| rank[t.region];
    let rnames: Vec<String> = order.iter().map(|&r| format!("{} ({})", n.regions[r].id, n.regions[r].country.code())).collect();
    let gen = |t: &TechStats| !t.storage;
    let cap = |t: &TechStats| t.capacity_mw / 1e3;
    let energy = |t: &TechStats| t.energy_mwh / 1e6;
    let charts = [
        (
            names.clone(),
            by_technology(d, cs.len(), |_| true, crow, cap),
            "Installed capacity by country",
            "GW",
            "Storage counts its power (GW).",
        ),
        (names, by_technology(d, cs.len(), gen, crow, energy), "Generation by country", "TWh", "Energy over the horizon."),
        (
            rnames.clone(),
            by_technology(d, order.len(), |_| true, rrow, cap),
            "Installed capacity by region (largest demand first)",
            "GW",
            "",
        ),
        (rnames, by_technology(d, order.len(), gen, rrow, energy), "Generation by region (largest demand first)", "TWh", ""),
    ];
    let figs: Vec<Result<String, StudyError>> = charts
        .into_par_iter()
        .enumerate()
        .map(|(i, (categories, series, title, unit, cap))| {
            let w = if i < 2 { HALF_W } else { CHART_W };
            bars(HBars { title: title.into(), x_desc: unit.into(), categories, series, stacked: true }, w, cap)
        })
        .collect();
    let mut html = String::from("<div class=\"grid2\">\n");
    for (i, f) in figs.into_iter().enumerate() {
        if i == 2 {
            html.push_str("</div>\n");
            html.push_str(&regions_note(d));
        }
        html.push_str(&f?);
    }
    html.push_str(&tech_table(d));
    Ok(Section::new("mix", "Capacity and generation", html))
}

/// statistics.csv summed by country and technology.
fn tech_table(d: &RunData) -> String {
    let mut by: BTreeMap<(usize, usize, String), TechStats> = BTreeMap::new();
    for t in &d.statistics.techs {
        let c = t.country.and_then(|c| Country::ALL.iter().position(|x| *x == c)).unwrap_or(9);
        let e = by.entry((c, merit_rank(&t.technology), t.technology.clone())).or_default();
        e.country = t.country;
        e.storage = t.storage;
        e.capacity_mw += t.capacity_mw;
        e.energy_mwh += t.energy_mwh;
        e.withdrawal_mwh += t.withdrawal_mwh;
        e.curtailment_mwh += t.curtailment_mwh;
        e.supply_value_usd += t.supply_value_usd;
        e.revenue_usd += t.revenue_usd;
        e.operating_cost_usd += t.operating_cost_usd;
        e.emissions_t += t.emissions_t;
    }
    let h = d.statistics.hours;
    let rows: Vec<Vec<String>> = by
        .into_iter()
        .map(|((_, _, tech), t)| {
            vec![
                t.country.map(|c| c.code()).unwrap_or_default().to_string(),
                esc(&tech) + if t.storage { " (storage)" } else { "" },
                thousands(t.capacity_mw / 1e3, 2),
                twh(t.energy_mwh),
                t.capacity_factor(h).map_or_else(|| "n/a".into(), |v| format!("{:.1} %", 100.0 * v)),
                twh(t.curtailment_mwh),
                t.market_value_usd_per_mwh().map_or_else(|| "n/a".into(), price),
                musd(t.revenue_usd),
                musd(t.operating_cost_usd),
                thousands(t.emissions_t / 1e6, 3),
            ]
        })
        .collect();
    let header = [
        "country",
        "technology",
        "capacity, GW",
        "energy, TWh",
        "capacity factor",
        "curtailed, TWh",
        "market value, USD/MWh",
        "revenue, M USD",
        "operating cost, M USD",
        "CO2, Mt",
    ];
    format!("<h3>By country and technology (statistics.csv)</h3>\n{}", table(&header, &rows, &[2, 3, 4, 5, 6, 7, 8, 9]))
}

/// One stack chart as a figure.
fn stack_figure(d: &RunData, regions: &[usize], week: Week, title: String) -> Result<String, StudyError> {
    let st = weeks::stack(d.case, d.sol, d.hourly, regions, week, title);
    Ok(figure("stack", &svg(&st, (HALF_W, 400))?, ""))
}

/// Dispatch stacks per country and, folded, per region.
pub fn dispatch(d: &RunData) -> Result<Section, StudyError> {
    let n = &d.case.network;
    let (chosen, note) = weeks::chosen_week(d.case, d.hourly);
    let configured = d.case.settings.output.report_week_date().is_some() && note.is_none();
    let why = if configured { "[output] report_week" } else { "lowest net load: load minus available wind and solar" };
    let short = if configured { "chosen week" } else { "week of lowest net load" };
    // Jobs: (group label, regions, is_region).
    let mut jobs: Vec<(String, Vec<usize>, bool)> = Vec::new();
    let order = shown_regions(d);
    for c in countries(d) {
        jobs.push((c.name().to_string(), (0..n.regions.len()).filter(|&r| n.regions[r].country == c).collect(), false));
        for &r in order.iter().filter(|&&r| n.regions[r].country == c) {
            jobs.push((n.regions[r].id.clone(), vec![r], true));
        }
    }
    let figs: Vec<Result<(String, String), StudyError>> = jobs
        .par_iter()
        .map(|(label, regions, _)| {
            let peak = weeks::peak_week(d.case, d.hourly, regions);
            let a = stack_figure(d, regions, peak, format!("{label}: peak week (highest load)"))?;
            let b = stack_figure(d, regions, chosen, format!("{label}: {short}"))?;
            Ok((a, b))
        })
        .collect();
    let mut html = format!(
        "<p class=\"note\">Each group is shown in the week of its highest load and in the week chosen for the report ({}), hourly. \
         Above zero: generation in merit order, storage discharge, net imports and unserved energy; below zero: storage charging and net exports; \
         light green on top: available wind, solar and run-of-river not used (curtailed); black line: load served. \
         Regions are folded under their country, largest demand first.{}</p>\n",
        esc(why),
        note.map(|n| format!(" {}.", esc(&n))).unwrap_or_default()
    );
    let mut open = false;
    for ((label, _, is_region), f) in jobs.iter().zip(figs) {
        let (a, b) = f?;
        if !is_region {
            if open {
                html.push_str("</details>\n");
            }
            let _ = write!(
                html,
                "<h3>{}</h3>\n<div class=\"grid2\">\n{a}{b}</div>\n<details><summary>Regions of {} (largest first)</summary>\n",
                esc(label),
                esc(label)
            );
            open = true;
        } else {
            let _ = write!(html, "<h3>{}</h3>\n<div class=\"grid2\">\n{a}{b}</div>\n", esc(label));
        }
    }
    if open {
        html.push_str("</details>\n");
    }
    html.push_str(&regions_note(d));
    Ok(Section::new("dispatch", "Dispatch", html))
}

/// Price duration per country and the price table.
pub fn prices(d: &RunData) -> Result<Section, StudyError> {
    let curves: Vec<Curves> = countries(d).into_iter().filter_map(|c| price_curves(d.case, d.sol, d.hourly, c, 500)).collect();
    let figs: Vec<Result<String, StudyError>> = curves
        .par_iter()
        .map(|c| {
            Ok(figure(
                "curves",
                &svg(c, (CHART_W, curves_height(c)))?,
                "Hourly price of each region, sorted from highest to lowest (500 points per curve).",
            ))
        })
        .collect();
    let mut html = String::new();
    for f in figs {
        html.push_str(&f?);
    }
    let rows: Vec<Vec<String>> = d
        .summary
        .prices_usd_per_mwh
        .iter()
        .map(|(r, p)| {
            let hi = d.case.network.region_index(r).map_or(0, |i| d.sol.price_usd_per_mwh[i].iter().filter(|v| **v >= 1000.0).count());
            vec![
                esc(r),
                price(p.mean),
                p.load_weighted.map_or_else(|| "n/a".into(), price),
                price(p.min),
                price(p.max),
                thousands(hi as f64, 0),
            ]
        })
        .collect();
    let header = ["region", "mean", "load-weighted", "min", "max", "hours ≥ 1,000 USD/MWh"];
    html.push_str(&table(&header, &rows, &[1, 2, 3, 4, 5]));
    Ok(Section::new("prices", "Prices", html))
}

/// Net flow of tie `k` (lines, then links) in each hour as a share of the limit in
/// its direction, %.
fn flow_pct(d: &RunData, k: usize) -> Vec<f64> {
    let n = &d.case.network;
    let t = &d.statistics.ties[k];
    let pct = |f: f64| {
        let lim = if f >= 0.0 { t.capacity_forward_mw } else { t.capacity_reverse_mw };
        if lim > 0.0 {
            100.0 * f / lim
        } else {
            0.0
        }
    };
    if k < n.lines.len() {
        d.sol.line_flow_mw[k].iter().map(|f| pct(*f)).collect()
    } else {
        let i = k - n.lines.len();
        (0..d.case.axis.hours).map(|h| pct(d.sol.link_net_mw(i, h))).collect()
    }
}

/// Most curves in one flow-duration chart.
const MAX_CURVES: usize = 16;

/// Height of a chart of duration curves with its legend, pixels.
fn curves_height(c: &Curves) -> u32 {
    (90 + crate::chart::LEGEND_ROW * c.curves.len() as u32).max(420)
}

/// Flow duration curves by group of ties (cross-border, then within each country),
/// at most [`MAX_CURVES`] curves a chart.
fn flow_curves(d: &RunData) -> Vec<Curves> {
    let n = &d.case.network;
    let ties = &d.statistics.ties;
    let country = |r: usize| n.regions[r].country;
    let mut groups: Vec<(String, Vec<usize>)> = vec![("cross-border ties".into(), Vec::new())];
    for c in countries(d) {
        groups.push((format!("ties within {}", c.name()), Vec::new()));
    }
    let energy = |k: usize| ties[k].forward_mwh + ties[k].reverse_mwh;
    let mut most: Vec<usize> = (0..ties.len()).collect();
    most.sort_by(|a, b| energy(*b).total_cmp(&energy(*a)).then(a.cmp(b)));
    most.truncate(MAX_TIES);
    most.sort();
    for k in most {
        let t = &ties[k];
        let g = if country(t.from) != country(t.to) { 0 } else { 1 + countries(d).iter().position(|c| *c == country(t.from)).unwrap_or(0) };
        groups[g].1.push(k);
    }
    let mut out = Vec::new();
    for (name, mut ks) in groups.into_iter().filter(|g| !g.1.is_empty()) {
        ks.sort_by(|a, b| energy(*b).total_cmp(&energy(*a)).then(a.cmp(b)));
        let parts = ks.len().div_ceil(MAX_CURVES);
        for (p, chunk) in ks.chunks(MAX_CURVES).enumerate() {
            let curves = chunk
                .iter()
                .enumerate()
                .map(|(i, &k)| Layer { name: ties[k].id.clone(), color: categorical(i), values: duration(&flow_pct(d, k), 500) })
                .collect();
            let part = if parts > 1 { format!(" ({} of {parts})", p + 1) } else { String::new() };
            out.push(Curves {
                title: format!("Flow duration, {name}{part}"),
                y_desc: "Flow (% of limit; + from → to)".into(),
                unit: "%".into(),
                curves,
                y_range: Some((-105.0, 105.0)),
            });
        }
    }
    out
}

/// Tie flow duration curves and the congestion heatmap.
pub fn ties(d: &RunData) -> Result<Section, StudyError> {
    let st = d.statistics;
    if st.ties.is_empty() {
        return Ok(Section::new("ties", "Ties", "<p class=\"note\">The case has no lines or links.</p>\n".into()));
    }
    let curves = flow_curves(d);
    let figs: Vec<Result<String, StudyError>> = curves
        .par_iter()
        .map(|c| {
            let cap = "Hourly net flow as a share of the limit in its direction, sorted; ties with the most energy first.";
            Ok(figure("curves", &svg(c, (CHART_W, curves_height(c)))?, cap))
        })
        .collect();
    let mut html = String::new();
    for f in figs {
        html.push_str(&f?);
    }
    if st.ties.len() > MAX_TIES {
        html.push_str(&format!(
            "<p class=\"note\">Flow duration of the {MAX_TIES} ties carrying the most energy of {} (statistics-ties.csv has them all).</p>\n",
            st.ties.len()
        ));
    }
    let mut congested: Vec<usize> = (0..st.ties.len()).filter(|&k| st.ties[k].hours_congested > 0).collect();
    congested.sort_by(|a, b| st.ties[*b].hours_congested.cmp(&st.ties[*a].hours_congested).then(a.cmp(b)));
    let at_limit = congested.len();
    congested.truncate(MAX_TIES);
    if congested.is_empty() {
        html.push_str("<p class=\"note\">No tie reached its limit in any hour.</p>\n");
    } else {
        let month = |&(y, m): &(i32, u32)| {
            chrono::NaiveDate::from_ymd_opt(y, m, 1).map_or_else(|| format!("{y}-{m:02}"), |dt| dt.format("%b %Y").to_string())
        };
        let map = Heatmap {
            title: "Congestion by tie and month (share of the month's hours at a limit)".into(),
            rows: congested.iter().map(|&k| st.ties[k].id.clone()).collect(),
            columns: st.months.iter().map(month).collect(),
            values: congested
                .iter()
                .map(|&k| {
                    st.ties[k].hours_congested_by_month.iter().zip(&st.month_hours).map(|(c, h)| *c as f64 / (*h).max(1) as f64).collect()
                })
                .collect(),
            scale_desc: "share of hours at a limit (either direction)".into(),
        };
        let skipped = st.ties.len() - at_limit;
        let mut cap = format!("Ties that reached a limit, most hours first; {skipped} ties never at a limit are not shown.");
        if at_limit > congested.len() {
            cap += &format!(" The {} with the most hours of {at_limit} are shown.", congested.len());
        }
        html.push_str(&figure("heatmap", &svg(&map, (CHART_W, heatmap_height(&map)))?, &cap));
    }
    Ok(Section::new("ties", "Ties", html))
}

/// Every tie, most congestion rent first (statistics-ties.csv).
pub fn ties_table(d: &RunData) -> String {
    let n = &d.case.network;
    let st = d.statistics;
    let mut idx: Vec<usize> = (0..st.ties.len()).collect();
    idx.sort_by(|a, b| st.ties[*b].congestion_rent_usd.total_cmp(&st.ties[*a].congestion_rent_usd).then(a.cmp(b)));
    let rows: Vec<Vec<String>> = idx
        .iter()
        .map(|&k| {
            let t = &st.ties[k];
            vec![
                esc(&t.id),
                esc(&t.kind),
                format!("{} → {}", esc(&n.regions[t.from].id), esc(&n.regions[t.to].id)),
                format!("{} / {}", thousands(t.capacity_forward_mw, 0), thousands(t.capacity_reverse_mw, 0)),
                thousands(t.built_mw, 0),
                twh(t.forward_mwh),
                twh(t.reverse_mwh),
                format!("{:.1} %", 100.0 * t.utilisation_pu),
                thousands(t.hours_congested as f64, 0),
                musd(t.congestion_rent_usd),
            ]
        })
        .collect();
    let header = [
        "tie",
        "kind",
        "from → to",
        "limit fwd / rev, MW",
        "built, MW",
        "forward, TWh",
        "reverse, TWh",
        "utilisation",
        "hours at limit",
        "rent, M USD",
    ];
    format!("<h3>Ties, most congestion rent first (statistics-ties.csv)</h3>\n{}", table(&header, &rows, &[3, 4, 5, 6, 7, 8, 9]))
}

/// Emissions by country and by region, by technology.
pub fn emissions(d: &RunData) -> Result<Section, StudyError> {
    let n = &d.case.network;
    let cs = countries(d);
    let crow = |t: &TechStats| t.country.and_then(|c| cs.iter().position(|x| *x == c));
    let order = shown_regions(d);
    let rank = ranks(d, &order);
    let mt = |t: &TechStats| t.emissions_t / 1e6;
    let emits = |t: &TechStats| t.emissions_t > 0.0;
    let c = HBars {
        title: "CO2 by country".into(),
        x_desc: "Mt CO2".into(),
        categories: cs.iter().map(|c| c.name().to_string()).collect(),
        series: by_technology(d, cs.len(), emits, crow, mt),
        stacked: true,
    };
    let r = HBars {
        title: "CO2 by region (largest demand first)".into(),
        x_desc: "Mt CO2".into(),
        categories: order.iter().map(|&r| format!("{} ({})", n.regions[r].id, n.regions[r].country.code())).collect(),
        series: by_technology(d, order.len(), emits, |t| rank[t.region], mt),
        stacked: true,
    };
    let mut html = String::new();
    if d.summary.co2_t <= 0.0 {
        html.push_str("<p class=\"note\">No emissions in this run.</p>\n");
        return Ok(Section::new("emissions", "Emissions", html));
    }
    html.push_str(&bars(c, CHART_W, "Emissions over the horizon by technology.")?);
    html.push_str(&bars(r, CHART_W, "")?);
    html.push_str(&regions_note(d));
    let rows: Vec<Vec<String>> = d
        .summary
        .countries
        .iter()
        .map(|(k, e)| {
            let intensity = if e.generation_mwh > 0.0 { format!("{:.3}", e.co2_t / e.generation_mwh) } else { "n/a".into() };
            vec![esc(k), thousands(e.co2_t / 1e6, 3), intensity]
        })
        .collect();
    html.push_str(&table(&["country", "CO2, Mt", "t/MWh generated"], &rows, &[1, 2]));
    Ok(Section::new("emissions", "Emissions", html))
}
