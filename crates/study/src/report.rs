//! Human-readable renderings of a [`Summary`]: Markdown for `summary.md` and the
//! short text printed by `nagrid run`.

use crate::statistics::{Statistics, TechStats};
use crate::stats::Summary;
use crate::units::{gw, mt, musd, pct, price, thousands, twh};
use nagrid_model::technology::merit_rank;
use nagrid_model::Country;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn money(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{} M USD", musd(v))
    } else {
        format!("{} USD", thousands(v, 2))
    }
}

fn energy(mwh: f64) -> String {
    let a = mwh.abs();
    if a >= 1e6 {
        format!("{} TWh", twh(mwh))
    } else if a >= 1e3 {
        format!("{} GWh", thousands(mwh / 1e3, 3))
    } else {
        format!("{} MWh", thousands(mwh, 3))
    }
}

/// The Markdown report written as `summary.md`: energy in TWh, power in GW, money in
/// million USD, with thousands separators; `st` adds capacity by technology.
pub fn markdown(s: &Summary, st: Option<&Statistics>, top: usize) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Dispatch study: {}\n", s.case);
    let _ = writeln!(m, "Study year {}, {} hours from {} (UTC).\n", s.study_year, thousands(s.hours as f64, 0), s.start_utc);
    cost_section(&mut m, s);
    let short = crate::adequacy::below_target(&s.reserve_margins);
    if !short.is_empty() {
        let _ = writeln!(
            m,
            "**Warning:** reserve margin below {} % in the peak hour (available generation and storage, imports not counted): {}.\n",
            crate::adequacy::TARGET_RESERVE_MARGIN_PCT,
            short.join(", ")
        );
    }
    energy_section(&mut m, s);
    match st {
        Some(st) => technology_section(&mut m, s, st),
        None => {
            let _ = writeln!(m, "\n## Generation by country and technology (TWh)\n\n| country | technology | TWh |\n|---|---|---:|");
            for (k, e) in &s.countries {
                for (t, v) in &e.generation_by_technology_mwh {
                    let _ = writeln!(m, "| {k} | {t} | {} |", twh(*v));
                }
            }
        }
    }
    let _ =
        writeln!(m, "\n## Cross-border flows (TWh, at the sending end)\n\n| border | A to B | B to A | net A to B |\n|---|---:|---:|---:|");
    for b in &s.borders {
        let _ =
            writeln!(m, "| {}–{} | {} | {} | {} |", b.country_a, b.country_b, twh(b.a_to_b_mwh), twh(b.b_to_a_mwh), twh(b.net_a_to_b_mwh));
    }
    let _ = writeln!(
        m,
        "\n## Unserved energy\n\nTotal {} MWh in {} region-hours.",
        thousands(s.unserved_mwh, 1),
        thousands(s.unserved_region_hours as f64, 0)
    );
    for (r, v) in &s.unserved_by_region_mwh {
        let _ = writeln!(m, "- {r}: {} MWh", thousands(*v, 1));
    }
    congestion_section(&mut m, s, top);
    let _ = writeln!(m, "\n## Prices (USD/MWh)\n\n| region | mean | load-weighted | min | max |\n|---|---:|---:|---:|---:|");
    for (r, p) in &s.prices_usd_per_mwh {
        let _ = writeln!(m, "| {r} | {} | {} | {} | {} |", price(p.mean), price_or_no_load(p.load_weighted), price(p.min), price(p.max));
    }
    if !s.expansion.is_empty() {
        let _ = writeln!(m, "\n## Capacity expansion\n\n| asset | kind | built MW | max MW | USD/MW-year | value of 1 more MW, USD/MW-year | hours at limit |\n|---|---|---:|---:|---:|---:|---:|");
        for b in &s.expansion {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} | {} |",
                b.id,
                b.kind.name(),
                thousands(b.built_mw, 1),
                thousands(b.max_added_mw, 1),
                thousands(b.annualized_cost_usd_per_mw_year, 0),
                thousands(b.marginal_value_usd_per_mw_year, 0),
                thousands(b.hours_at_limit as f64, 0)
            );
        }
    }
    let k = &s.checks;
    let _ = writeln!(m, "\n## Checks\n\nLargest energy-balance residual {:.2e} MW; largest bound violation {:.2e}; largest storage continuity error {:.2e} MWh.", k.max_balance_mw, k.max_bound_mw, k.max_storage_mwh);
    m
}

fn cost_section(m: &mut String, s: &Summary) {
    let _ = writeln!(m, "## Cost\n\n| item | M USD |\n|---|---:|");
    let c = &s.cost;
    let mut items = vec![
        ("generation", c.generation_usd),
        ("storage", c.storage_usd),
        ("wheeling", c.wheeling_usd),
        ("unserved energy", c.unserved_usd),
        ("flexible load curtailment", c.flexible_curtailment_usd),
        ("capacity expansion (annualised)", c.expansion_usd),
    ];
    if let Some(h) = c.hurdle_usd {
        items.push(("hurdle rates", h));
    }
    if let Some(r) = c.reserve_shortage_usd {
        items.push(("reserve shortage", r));
    }
    items.push(("**total**", c.total_usd));
    for (k, v) in items {
        let _ = writeln!(m, "| {k} | {} |", musd(v));
    }
    m.push('\n');
}

fn energy_section(m: &mut String, s: &Summary) {
    let _ = writeln!(m, "\n## Energy by country (TWh)\n\n| country | load | of which data centers | generation | net import | storage net | unserved | CO2, Mt | load-weighted price, USD/MWh |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let dc = |v: Option<f64>, load: f64| v.map_or_else(|| "n/a".to_string(), |v| format!("{} ({})", twh(v), pct(v, load)));
    for (k, e) in &s.countries {
        let _ = writeln!(
            m,
            "| {k} | {} | {} | {} | {} | {} | {} | {} | {} |",
            twh(e.load_mwh),
            dc(e.datacenter_load_mwh, e.load_mwh),
            twh(e.generation_mwh),
            twh(e.net_import_mwh),
            twh(e.storage_net_mwh),
            twh(e.unserved_mwh),
            mt(e.co2_t),
            price_or_no_load(e.load_weighted_price_usd_per_mwh)
        );
    }
    let _ = writeln!(
        m,
        "| **all** | {} | {} | | | | {} | {} | |",
        twh(s.load_mwh),
        dc(s.datacenter_load_mwh, s.load_mwh),
        twh(s.unserved_mwh),
        mt(s.co2_t)
    );
    if s.datacenter_load_mwh.is_none() {
        let _ = writeln!(m, "\nData-center load is known when the case's load is synthesised (`[load] source = \"forecast\"`).");
    }
}

/// Capacity, generation and capacity factor by country and technology.
fn technology_section(m: &mut String, s: &Summary, st: &Statistics) {
    let _ = writeln!(m, "\n## Capacity and generation by country and technology\n\n| country | technology | capacity, GW | generation, TWh | share of the country's generation | capacity factor | market value, USD/MWh | curtailed, TWh |\n|---|---|---:|---:|---:|---:|---:|---:|");
    let mut by: BTreeMap<(usize, String, usize, String), TechStats> = BTreeMap::new();
    for r in &st.techs {
        let c = r.country.map_or(usize::MAX, |c| Country::ALL.iter().position(|x| *x == c).unwrap_or(usize::MAX));
        let key = (c, r.country.map(|c| c.code().to_string()).unwrap_or_default(), merit_rank(&r.technology), r.technology.clone());
        let e = by.entry(key).or_default();
        e.capacity_mw += r.capacity_mw;
        e.energy_mwh += r.energy_mwh;
        e.supply_value_usd += r.supply_value_usd;
        e.curtailment_mwh += r.curtailment_mwh;
        e.storage = r.storage;
    }
    for ((_, code, _, tech), e) in &by {
        let gen = s.countries.get(code).map_or(0.0, |c| c.generation_mwh);
        let name = if e.storage { format!("{tech} (storage, discharge)") } else { tech.clone() };
        let share = if e.storage { String::new() } else { pct(e.energy_mwh, gen) };
        let cf = e.capacity_factor(st.hours).map_or_else(|| "n/a".into(), |v| format!("{} %", thousands(100.0 * v, 1)));
        let mv = e.market_value_usd_per_mwh().map_or_else(|| "n/a".into(), price);
        let _ = writeln!(
            m,
            "| {code} | {name} | {} | {} | {share} | {cf} | {mv} | {} |",
            gw(e.capacity_mw),
            twh(e.energy_mwh),
            twh(e.curtailment_mwh)
        );
    }
}

fn congestion_section(m: &mut String, s: &Summary, top: usize) {
    let _ = writeln!(m, "\n## Most congested interconnectors\n\n| id | kind | from | to | hours at limit | congestion rent, M USD | rent from duals, M USD | forward, TWh | reverse, TWh |\n|---|---|---|---|---:|---:|---:|---:|---:|");
    for i in s.interconnectors.iter().take(top) {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i.id,
            i.kind,
            i.from,
            i.to,
            thousands(i.hours_at_limit as f64, 0),
            musd(i.congestion_rent_usd),
            musd(i.congestion_rent_from_duals_usd),
            twh(i.forward_mwh),
            twh(i.reverse_mwh)
        );
    }
}

/// The short text printed at the end of `nagrid run`.
pub fn console(s: &Summary, top: usize) -> String {
    let mut m = String::new();
    let _ = writeln!(
        m,
        "Total cost: {} over {} hours ({} generation, {} unserved energy)",
        money(s.cost.total_usd),
        s.hours,
        money(s.cost.generation_usd),
        money(s.cost.unserved_usd)
    );
    let _ = writeln!(
        m,
        "Load {}, unserved {} ({} region-hours), CO2 {} Mt",
        energy(s.load_mwh),
        energy(s.unserved_mwh),
        s.unserved_region_hours,
        mt(s.co2_t)
    );
    if let Some(dc) = s.datacenter_load_mwh {
        let _ = writeln!(m, "Data centers {} ({} of the load)", energy(dc), pct(dc, s.load_mwh));
    }
    let _ = writeln!(m, "Energy by country and technology:");
    for (k, e) in &s.countries {
        let techs: Vec<String> =
            e.generation_by_technology_mwh.iter().filter(|(_, v)| **v > 0.0).map(|(t, v)| format!("{t} {}", energy(*v))).collect();
        let _ = writeln!(
            m,
            "  {k}: load {}, generation {}, net import {}, price {} USD/MWh",
            energy(e.load_mwh),
            energy(e.generation_mwh),
            energy(e.net_import_mwh),
            price_or_no_load(e.load_weighted_price_usd_per_mwh)
        );
        if !techs.is_empty() {
            let _ = writeln!(m, "      {}", techs.join(", "));
        }
    }
    if !s.borders.is_empty() {
        let _ = writeln!(m, "Borders (sent):");
        for b in &s.borders {
            let _ = writeln!(
                m,
                "  {}->{} {}, {}->{} {}",
                b.country_a,
                b.country_b,
                energy(b.a_to_b_mwh),
                b.country_b,
                b.country_a,
                energy(b.b_to_a_mwh)
            );
        }
    }
    let congested: Vec<_> = s.interconnectors.iter().filter(|i| i.hours_at_limit > 0).take(top).collect();
    if !congested.is_empty() {
        let _ = writeln!(m, "Most congested interconnectors:");
        for i in congested {
            let _ =
                writeln!(m, "  {} ({} -> {}): {} h at limit, rent {}", i.id, i.from, i.to, i.hours_at_limit, money(i.congestion_rent_usd));
        }
    }
    m
}

/// A load-weighted price, or "n/a (no load)" where there is no load to weight by.
fn price_or_no_load(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a (no load)".to_string(), price)
}
