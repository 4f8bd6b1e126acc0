//! `report.html`: a self-contained HTML report of a run (inline CSS and SVG, no
//! scripts, nothing fetched), deterministic for the same inputs. Sections: key
//! figures, a map of regions and ties, capacity and generation mix, dispatch stacks
//! per country and region over the peak week and a chosen week, price duration,
//! ties (flow duration, congestion by month), emissions, and sections that `nagrid
//! expand` adds. `nagrid compare` writes its own page with [`html::page`].
//!
//! The charts are [`crate::chart`] charts (dispatch stacks, duration curves) and
//! [`charts`] (bars, heatmap), rendered to SVG with nagrid-load's scaffolding; the
//! map is drawn here ([`map`]) so that each tie and region carries a tooltip.

pub mod charts;
pub mod html;
pub mod map;
mod sections;

pub use html::Section;

use crate::hourly::RegionHourly;
use crate::statistics::Statistics;
use crate::stats::Summary;
use crate::units::{mt, musd, pct, price, thousands, twh};
use crate::StudyError;
use html::{cards, esc, page, table};
use nagrid_model::Case;
use nagrid_opf::DispatchSolution;

/// Width of the report's charts, pixels (they scale to the page).
pub const CHART_W: u32 = 1100;
/// Width of the charts shown two side by side, pixels.
pub const HALF_W: u32 = 680;

/// What a run's report is made from.
#[derive(Clone, Copy)]
pub struct RunData<'a> {
    /// The case studied.
    pub case: &'a Case,
    /// Its optimal dispatch.
    pub sol: &'a DispatchSolution,
    /// The summary (summary.json).
    pub summary: &'a Summary,
    /// Statistics per technology and tie (statistics.csv).
    pub statistics: &'a Statistics,
    /// Hourly series per region.
    pub hourly: &'a RegionHourly,
}

/// The report of a run, with `extra` sections after the standard ones.
pub fn run_report(d: &RunData, extra: &[Section]) -> Result<String, StudyError> {
    let mut secs = vec![overview(d), map_section(d)];
    secs.push(sections::mix(d)?);
    secs.push(sections::dispatch(d)?);
    secs.push(sections::prices(d)?);
    secs.push(sections::ties(d)?);
    secs.push(sections::emissions(d)?);
    secs.extend(extra.iter().cloned());
    let s = d.summary;
    let title = format!("Dispatch study: {}", s.case);
    let sub = format!(
        "Study year {}, {} hours from {} (UTC); times on charts in {}; nagrid {}",
        s.study_year,
        thousands(s.hours as f64, 0),
        s.start_utc,
        d.case.settings.time.output_time_zone,
        env!("CARGO_PKG_VERSION")
    );
    let k = &s.checks;
    let footer = format!(
        "Tables behind this report: summary.json, statistics.csv, statistics-ties.csv and the hourly CSV files of this folder (docs/outputs.md). \
         Independent checks: largest energy-balance residual {:.1e} MW, bound violation {:.1e}, storage continuity error {:.1e} MWh.",
        k.max_balance_mw, k.max_bound_mw, k.max_storage_mwh
    );
    Ok(page(&title, &sub, &secs, &esc(&footer)))
}

/// Key figures and the table by country.
fn overview(d: &RunData) -> Section {
    let s = d.summary;
    let trade: f64 = s.borders.iter().map(|b| b.a_to_b_mwh + b.b_to_a_mwh).sum();
    let lw = {
        let (mut pl, mut l) = (0.0, 0.0);
        for c in s.countries.values() {
            if let Some(p) = c.load_weighted_price_usd_per_mwh {
                pl += p * c.load_mwh;
                l += c.load_mwh;
            }
        }
        if l > 0.0 {
            price(pl / l)
        } else {
            "n/a".into()
        }
    };
    let mut items = vec![
        ("System cost".to_string(), musd(s.cost.total_usd), "M USD over the horizon".to_string()),
        ("Load".into(), twh(s.load_mwh), "TWh".into()),
    ];
    if let Some(dc) = s.datacenter_load_mwh {
        items.push(("Data centers".into(), twh(dc), format!("TWh, {} of load", pct(dc, s.load_mwh))));
    }
    items.extend([
        ("CO2".into(), mt(s.co2_t), "Mt".into()),
        (
            "Unserved energy".into(),
            thousands(s.unserved_mwh / 1e3, 1),
            format!("GWh in {} region-hours", thousands(s.unserved_region_hours as f64, 0)),
        ),
        ("Cross-border trade".into(), twh(trade), "TWh, both ways".into()),
        ("Load-weighted price".into(), lw, "USD/MWh".into()),
    ]);
    let mut html = cards(&items);
    let header = [
        "country",
        "load, TWh",
        "data centers, TWh",
        "generation, TWh",
        "net import, TWh",
        "storage net, TWh",
        "unserved, GWh",
        "CO2, Mt",
        "price, USD/MWh",
    ];
    let rows: Vec<Vec<String>> = s
        .countries
        .iter()
        .map(|(k, e)| {
            vec![
                esc(k),
                twh(e.load_mwh),
                e.datacenter_load_mwh.map_or_else(|| "n/a".into(), |v| format!("{} ({})", twh(v), pct(v, e.load_mwh))),
                twh(e.generation_mwh),
                twh(e.net_import_mwh),
                twh(e.storage_net_mwh),
                thousands(e.unserved_mwh / 1e3, 2),
                mt(e.co2_t),
                e.load_weighted_price_usd_per_mwh.map_or_else(|| "n/a".into(), price),
            ]
        })
        .collect();
    html.push_str(&table(&header, &rows, &[1, 2, 3, 4, 5, 6, 7, 8]));
    let c = &s.cost;
    html.push_str(&format!(
        "<p class=\"note\">Cost: generation {} M USD, storage {} M USD, wheeling {} M USD, unserved energy {} M USD, flexible-load curtailment {} M USD, capacity expansion {} M USD.</p>\n",
        musd(c.generation_usd),
        musd(c.storage_usd),
        musd(c.wheeling_usd),
        musd(c.unserved_usd),
        musd(c.flexible_curtailment_usd),
        musd(c.expansion_usd)
    ));
    Section::new("overview", "Overview", html)
}

/// The map and the table of every tie.
fn map_section(d: &RunData) -> Section {
    let (svg, note) = map::map_svg(d.case, d.sol, d.statistics, d.hourly);
    let mut html = String::from("<div class=\"map\">\n");
    html.push_str(&svg);
    html.push_str("</div>\n<p class=\"note\">Hover a region or a tie for its figures. Labels: hours at a limit and congestion rent of the ties with the highest rent; capacity built by an expansion.");
    if let Some(n) = note {
        html.push_str(&format!(" Note: {}.", esc(n)));
    }
    html.push_str("</p>\n");
    html.push_str(&sections::ties_table(d));
    Section::new("map", "Map", html)
}
