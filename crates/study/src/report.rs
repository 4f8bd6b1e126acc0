//! Human-readable renderings of a [`Summary`]: Markdown for `summary.md` and the
//! short text printed by `nagrid run`.

use crate::stats::Summary;
use std::fmt::Write as _;

fn money(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.3} billion USD", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.3} million USD", v / 1e6)
    } else {
        format!("{v:.2} USD")
    }
}

fn energy(mwh: f64) -> String {
    let a = mwh.abs();
    if a >= 1e6 {
        format!("{:.3} TWh", mwh / 1e6)
    } else if a >= 1e3 {
        format!("{:.3} GWh", mwh / 1e3)
    } else {
        format!("{mwh:.3} MWh")
    }
}

/// The Markdown report written as `summary.md`.
pub fn markdown(s: &Summary, top: usize) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Dispatch study: {}\n", s.case);
    let _ = writeln!(m, "Study year {}, {} hours from {} (UTC).\n", s.study_year, s.hours, s.start_utc);
    let _ = writeln!(m, "## Cost\n\n| item | USD |\n|---|---:|");
    let c = &s.cost;
    for (k, v) in [
        ("generation", c.generation_usd),
        ("storage", c.storage_usd),
        ("wheeling", c.wheeling_usd),
        ("unserved energy", c.unserved_usd),
        ("flexible load curtailment", c.flexible_curtailment_usd),
        ("capacity expansion (annualised)", c.expansion_usd),
        ("**total**", c.total_usd),
    ] {
        let _ = writeln!(m, "| {k} | {v:.2} |");
    }
    let short = crate::adequacy::below_target(&s.reserve_margins);
    if !short.is_empty() {
        let _ = writeln!(
            m,
            "**Warning:** reserve margin below {} % in the peak hour (available generation and storage, imports not counted): {}.\n",
            crate::adequacy::TARGET_RESERVE_MARGIN_PCT,
            short.join(", ")
        );
    }
    let _ = writeln!(m, "\n## Energy by country\n\n| country | load MWh | generation MWh | net import MWh | storage net MWh | unserved MWh | CO2 t | load-weighted price USD/MWh |\n|---|---:|---:|---:|---:|---:|---:|---:|");
    for (k, e) in &s.countries {
        let _ = writeln!(
            m,
            "| {k} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            e.load_mwh,
            e.generation_mwh,
            e.net_import_mwh,
            e.storage_net_mwh,
            e.unserved_mwh,
            e.co2_t,
            price_or_no_load(e.load_weighted_price_usd_per_mwh)
        );
    }
    let _ = writeln!(m, "\n## Generation by country and technology (MWh)\n\n| country | technology | MWh |\n|---|---|---:|");
    for (k, e) in &s.countries {
        for (t, v) in &e.generation_by_technology_mwh {
            let _ = writeln!(m, "| {k} | {t} | {v:.1} |");
        }
    }
    let _ =
        writeln!(m, "\n## Cross-border flows (MWh, at the sending end)\n\n| border | A to B | B to A | net A to B |\n|---|---:|---:|---:|");
    for b in &s.borders {
        let _ = writeln!(m, "| {}–{} | {:.1} | {:.1} | {:.1} |", b.country_a, b.country_b, b.a_to_b_mwh, b.b_to_a_mwh, b.net_a_to_b_mwh);
    }
    let _ = writeln!(m, "\n## Unserved energy\n\nTotal {:.3} MWh in {} region-hours.", s.unserved_mwh, s.unserved_region_hours);
    for (r, v) in &s.unserved_by_region_mwh {
        let _ = writeln!(m, "- {r}: {v:.3} MWh");
    }
    let _ = writeln!(m, "\n## Most congested interconnectors\n\n| id | kind | from | to | hours at limit | congestion rent USD | rent from duals USD | forward MWh | reverse MWh |\n|---|---|---|---|---:|---:|---:|---:|---:|");
    for i in s.interconnectors.iter().take(top) {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.1} | {:.1} |",
            i.id,
            i.kind,
            i.from,
            i.to,
            i.hours_at_limit,
            i.congestion_rent_usd,
            i.congestion_rent_from_duals_usd,
            i.forward_mwh,
            i.reverse_mwh
        );
    }
    let _ = writeln!(m, "\n## Prices (USD/MWh)\n\n| region | mean | load-weighted | min | max |\n|---|---:|---:|---:|---:|");
    for (r, p) in &s.prices_usd_per_mwh {
        let _ = writeln!(m, "| {r} | {:.2} | {} | {:.2} | {:.2} |", p.mean, price_or_no_load(p.load_weighted), p.min, p.max);
    }
    if !s.expansion.is_empty() {
        let _ = writeln!(m, "\n## Capacity expansion\n\n| asset | kind | built MW | max MW | USD/MW-year | value of 1 more MW, USD/MW-year | hours at limit |\n|---|---|---:|---:|---:|---:|---:|");
        for b in &s.expansion {
            let _ = writeln!(
                m,
                "| {} | {:?} | {:.1} | {:.1} | {:.0} | {:.0} | {} |",
                b.id,
                b.kind,
                b.built_mw,
                b.max_added_mw,
                b.annualized_cost_usd_per_mw_year,
                b.marginal_value_usd_per_mw_year,
                b.hours_at_limit
            );
        }
    }
    let k = &s.checks;
    let _ = writeln!(m, "\n## Checks\n\nLargest energy-balance residual {:.2e} MW; largest bound violation {:.2e}; largest storage continuity error {:.2e} MWh.", k.max_balance_mw, k.max_bound_mw, k.max_storage_mwh);
    m
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
        "Load {}, unserved {} ({} region-hours), CO2 {:.3} Mt",
        energy(s.load_mwh),
        energy(s.unserved_mwh),
        s.unserved_region_hours,
        s.co2_t / 1e6
    );
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
    p.map_or_else(|| "n/a (no load)".to_string(), |p| format!("{p:.2}"))
}
