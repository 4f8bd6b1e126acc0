//! The outputs of issue 15 on inputs/tiny and small variants of it: statistics.csv
//! and statistics-ties.csv against the summary and the worked example, hourly load
//! and net interchange against the energy balance recomputed from the other hourly
//! files, UTC timestamps, candidate ties in the flow files, summary.md's units and
//! report.html's structure.

mod common;

use common::{copy_tiny, tiny};
use nagrid_study::{run, RunOptions};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

fn opts(out: &Path) -> RunOptions {
    RunOptions { out: Some(out.to_path_buf()), ..Default::default() }
}

/// A CSV file as its header and rows of fields.
fn csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// An hourly table as column name → values (the timestamp columns left out).
fn hourly(path: &Path) -> HashMap<String, Vec<f64>> {
    let (header, rows) = csv(path);
    let mut out = HashMap::new();
    for (j, h) in header.iter().enumerate().filter(|(_, h)| !h.starts_with("timestamp")) {
        out.insert(h.clone(), rows.iter().map(|r| r[j].parse::<f64>().unwrap()).collect());
    }
    out
}

/// Rows of statistics.csv keyed by (region, technology), as column → value.
fn stat_rows(path: &Path) -> HashMap<(String, String), HashMap<String, String>> {
    let (header, rows) = csv(path);
    rows.into_iter().map(|r| ((r[1].clone(), r[2].clone()), header.iter().cloned().zip(r).collect())).collect()
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col].parse().unwrap_or_else(|_| panic!("{col}: {:?}", row[col]))
}

#[test]
fn statistics_match_the_worked_example_and_add_up_to_the_summary() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    let r = run(&tiny(), &opts(&out)).unwrap();
    let s = r.summary.unwrap();
    let st = stat_rows(&out.join("statistics.csv"));
    // Canada's hydro (docs/formulation.md, worked example): 800 MW in each of the 4
    // hours at Canada's price of 5 USD/MWh.
    let hydro = &st[&("can".into(), "hydro_reservoir".into())];
    assert_eq!(hydro["country"], "CA");
    assert_eq!(num(hydro, "capacity_mw"), 1000.0);
    assert_eq!(num(hydro, "energy_mwh"), 3200.0);
    assert!((num(hydro, "capacity_factor") - 0.8).abs() < 1e-9);
    assert!((num(hydro, "market_value_usd_per_mwh") - 5.0).abs() < 1e-9);
    assert!((num(hydro, "revenue_usd") - 16_000.0).abs() < 1e-6);
    assert!((num(hydro, "operating_cost_usd") - 16_000.0).abs() < 1e-6, "marginal cost 5 USD/MWh");
    // The US nuclear runs at its 500 MW minimum and earns the US price of 40.
    let nuclear = &st[&("usa".into(), "nuclear".into())];
    assert!((num(nuclear, "revenue_usd") - 2000.0 * 40.0).abs() < 1e-6);
    // Totals: energy by country, emissions, generation and storage costs.
    let mut energy: HashMap<String, f64> = HashMap::new();
    let (mut co2, mut gen_cost, mut sto_cost) = (0.0, 0.0, 0.0);
    for row in st.values() {
        if row["kind"] == "generator" {
            *energy.entry(row["country"].clone()).or_default() += num(row, "energy_mwh");
            gen_cost += num(row, "operating_cost_usd");
        } else {
            sto_cost += num(row, "operating_cost_usd");
        }
        co2 += num(row, "emissions_t");
    }
    for (c, e) in &s.countries {
        assert!((energy[c] - e.generation_mwh).abs() < 1e-2, "{c}: {} vs {}", energy[c], e.generation_mwh);
    }
    assert!((co2 - s.co2_t).abs() < 1e-2);
    assert!((gen_cost - s.cost.generation_usd).abs() < 1e-2 && (sto_cost - s.cost.storage_usd).abs() < 1e-2);
    // Revenue: Σ price × (generation + discharge − charge) from the hourly tables.
    let price = hourly(&out.join("regions-price_usd_per_mwh.csv"));
    let gen = hourly(&out.join("generators-p_mw.csv"));
    let (dis, chg) = (hourly(&out.join("storage-discharge_mw.csv")), hourly(&out.join("storage-charge_mw.csv")));
    let region_of =
        [("can_hydro", "can"), ("usa_nuclear", "usa"), ("usa_gas", "usa"), ("usa_solar", "usa"), ("mex_gas", "mex"), ("mex_peaker", "mex")];
    let mut revenue: f64 = region_of.iter().map(|(g, r)| gen[*g].iter().zip(&price[*r]).map(|(p, l)| p * l).sum::<f64>()).sum();
    revenue += (0..4).map(|t| (dis["mex_battery"][t] - chg["mex_battery"][t]) * price["mex"][t]).sum::<f64>();
    let total: f64 = st.values().map(|r| num(r, "revenue_usd")).sum();
    assert!((total - revenue).abs() < 1.0, "{total} vs {revenue}");
    // Ties: energy, hours at the limit and rent as in summary.json.
    let (header, rows) = csv(&out.join("statistics-ties.csv"));
    assert_eq!(rows.len(), 2);
    for row in rows {
        let row: HashMap<String, String> = header.iter().cloned().zip(row).collect();
        let ic = s.interconnectors.iter().find(|i| i.id == row["id"]).unwrap();
        assert!((num(&row, "energy_forward_mwh") - ic.forward_mwh).abs() < 1e-2);
        assert!((num(&row, "energy_reverse_mwh") - ic.reverse_mwh).abs() < 1e-2);
        assert_eq!(row["hours_congested"], ic.hours_at_limit.to_string());
        assert!((num(&row, "congestion_rent_usd") - ic.congestion_rent_usd).abs() < 1e-2);
        if ic.id == "can_usa" {
            // 500 MW, at its limit, in all 4 hours.
            assert_eq!(num(&row, "utilisation_pu"), 1.0);
            assert_eq!((row["from_country"].as_str(), row["to_country"].as_str()), ("CA", "US"));
        } else {
            // A back-to-back link loses 3 % of what it carries.
            assert!((num(&row, "losses_mwh") - 0.03 * (ic.forward_mwh + ic.reverse_mwh)).abs() < 1e-2);
        }
    }
}

/// Per region and hour: generation + discharge − charge + unserved + flexible load
/// curtailed − load = net interchange; summed over regions, net interchange is the
/// link losses. Checked on tiny with a curtailable flexible load in the US.
#[test]
fn net_interchange_closes_the_energy_balance() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    copy_tiny(&case, &[]);
    fs::write(case.join("flexible_loads.csv"), "id,region,curtail_cost_usd_per_mwh,max_curtail_share\nusa_dc,usa,35,0.5\n").unwrap();
    fs::write(
        case.join("series/flexible_loads-p_mw.csv"),
        "timestamp,usa_dc\n2030-01-01T00:00:00Z,100\n2030-01-01T01:00:00Z,100\n2030-01-01T02:00:00Z,100\n2030-01-01T03:00:00Z,100\n",
    )
    .unwrap();
    let out = d.path().join("run");
    run(&case, &opts(&out)).unwrap();
    let gen = hourly(&out.join("generators-p_mw.csv"));
    let (dis, chg) = (hourly(&out.join("storage-discharge_mw.csv")), hourly(&out.join("storage-charge_mw.csv")));
    let unserved = hourly(&out.join("regions-unserved_mw.csv"));
    let load = hourly(&out.join("regions-load_mw.csv"));
    let flex = hourly(&out.join("regions-flexible_load_mw.csv"));
    let cut = hourly(&out.join("flexible_loads-curtailed_mw.csv"));
    let net = hourly(&out.join("regions-net_interchange_mw.csv"));
    let links = hourly(&out.join("links-flow_mw.csv"));
    let base = hourly(&tiny().join("series/loads-p_mw.csv"));
    assert!(cut["usa_dc"].iter().sum::<f64>() > 1.0, "the flexible load is curtailed (cheaper than US gas)");
    let supply = |r: &str, t: usize| -> f64 {
        let g: f64 = gen.iter().filter(|(id, _)| id.starts_with(r)).map(|(_, v)| v[t]).sum();
        let s = if r == "mex" { dis["mex_battery"][t] - chg["mex_battery"][t] } else { 0.0 };
        let c = if r == "usa" { cut["usa_dc"][t] } else { 0.0 };
        g + s + unserved[r][t] + c
    };
    for t in 0..4 {
        for r in ["usa", "can", "mex"] {
            // The load column is the fixed load plus the flexible demand.
            let f = flex.get(r).map_or(0.0, |v| v[t]);
            assert!((load[r][t] - base[r][t] - f).abs() < 1e-3, "{r} hour {t}");
            assert!((supply(r, t) - load[r][t] - net[r][t]).abs() < 2e-3, "{r} hour {t}: {} vs {}", supply(r, t) - load[r][t], net[r][t]);
        }
        let losses = 0.03 * links["usa_mex"][t].abs();
        let sum: f64 = ["usa", "can", "mex"].iter().map(|r| net[*r][t]).sum();
        assert!((sum - losses).abs() < 1e-3, "hour {t}: {sum} vs losses {losses}");
    }
}

#[test]
fn local_timestamps_come_with_utc() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    copy_tiny(&case, &["study.toml"]);
    let toml = fs::read_to_string(tiny().join("study.toml"))
        .unwrap()
        .replace("output_time_zone = \"UTC\"", "output_time_zone = \"America/Toronto\"");
    fs::write(case.join("study.toml"), toml).unwrap();
    let out = d.path().join("run");
    run(&case, &opts(&out)).unwrap();
    let text = fs::read_to_string(out.join("regions-price_usd_per_mwh.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("timestamp,timestamp_utc,usa,can,mex"));
    assert!(lines.next().unwrap().starts_with("2029-12-31T19:00:00-05:00,2030-01-01T00:00:00Z,40.0000,"), "{text}");
}

#[test]
fn candidate_ties_appear_in_the_flow_files() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    copy_tiny(&case, &["lines.csv", "links.csv"]);
    fs::write(
        case.join("lines.csv"),
        "id,from_region,to_region,s_max_mw,x_pu,status\ncan_usa,can,usa,500,0.01,existing\ncan_usa_2,can,usa,300,0.01,candidate\n",
    )
    .unwrap();
    fs::write(
        case.join("links.csv"),
        "id,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency,wheeling_cost_usd_per_mwh,status\n\
         usa_mex,usa,mex,back_to_back,200,200,0.97,0,existing\ncan_mex,can,mex,hvdc,100,100,0.95,0,candidate\n",
    )
    .unwrap();
    let out = d.path().join("off");
    run(&case, &opts(&out)).unwrap();
    let lines = hourly(&out.join("lines-flow_mw.csv"));
    let links = hourly(&out.join("links-flow_mw.csv"));
    assert_eq!(lines["can_usa_2"], vec![0.0; 4], "a candidate left out carries no flow");
    assert_eq!(links["can_mex"], vec![0.0; 4]);
    assert_eq!(lines["can_usa"], vec![500.0; 4]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("class=\"candidate\"").count(), 2, "drawn dashed on the map");
    // Switched on, the candidate line carries flow (Canada's hydro is cheaper than US gas).
    let toml = fs::read_to_string(case.join("study.toml")).unwrap() + "\n[network]\ncandidates = [\"can_usa_2\"]\n";
    fs::write(case.join("study.toml"), toml).unwrap();
    let on = d.path().join("on");
    run(&case, &opts(&on)).unwrap();
    let lines = hourly(&on.join("lines-flow_mw.csv"));
    assert!(lines["can_usa_2"].iter().sum::<f64>() > 0.0);
    assert_eq!(hourly(&on.join("links-flow_mw.csv"))["can_mex"], vec![0.0; 4]);
}

#[test]
fn summary_md_speaks_twh_gw_and_million_usd() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    run(&tiny(), &opts(&out)).unwrap();
    let md = fs::read_to_string(out.join("summary.md")).unwrap();
    // Total cost 219,640.346 USD (docs/formulation.md) is 0.220 M USD.
    assert!(md.contains("| item | M USD |") && md.contains("| **total** | 0.220 |"), "{md}");
    assert!(md.contains("## Energy by country (TWh)"), "{md}");
    // Canada's 1 GW of hydro at a capacity factor of 80 %.
    assert!(md.contains("| CA | hydro_reservoir | 1.00 | 0.00320 | 100.0 % | 80.0 % | 5.00 |"), "{md}");
    // No long number without separators (e.g. 76821844655.15).
    let long =
        md.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter(|w| w.split('.').next().unwrap_or("").len() > 3).collect::<Vec<_>>();
    assert!(long.iter().all(|w| w.len() == 4 && w.starts_with("20")), "unseparated numbers {long:?}");
}

#[test]
fn report_html_is_self_contained_and_draws_every_tie_and_region() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("run");
    run(&tiny(), &opts(&out)).unwrap();
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<path class=\"tie\"").count(), 2);
    assert_eq!(html.matches("<circle class=\"region\"").count(), 3);
    for id in ["overview", "map", "mix", "dispatch", "prices", "ties", "emissions"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    // Nothing is fetched: no scripts, no external sources or style sheets.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link") && !html.contains("@import"));
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    // No chart is empty: each inline SVG of a figure draws something.
    let figures: Vec<&str> = html.split("<figure class=\"chart").skip(1).collect();
    assert!(figures.len() >= 12, "{} figures", figures.len());
    for f in figures {
        let svg = &f[..f.find("</svg>").unwrap()];
        assert!(
            svg.contains("<polygon") || svg.contains("<polyline") || svg.contains("<rect x"),
            "empty chart: {}",
            &svg[..200.min(svg.len())]
        );
    }
    // Without a report.
    let case = d.path().join("case");
    copy_tiny(&case, &["study.toml"]);
    fs::write(
        case.join("study.toml"),
        fs::read_to_string(tiny().join("study.toml")).unwrap().replace("[output]", "[output]\nreport = false"),
    )
    .unwrap();
    run(&case, &opts(&d.path().join("no"))).unwrap();
    assert!(!d.path().join("no/report.html").exists());
}

#[test]
fn report_week_must_be_a_date() {
    let d = tempfile::tempdir().unwrap();
    let case = d.path().join("case");
    copy_tiny(&case, &["study.toml"]);
    let toml = fs::read_to_string(tiny().join("study.toml")).unwrap().replace("[output]", "[output]\nreport_week = \"July\"");
    fs::write(case.join("study.toml"), toml).unwrap();
    let e = run(&case, &opts(&d.path().join("run"))).unwrap_err().to_string();
    assert!(e.contains("output.report_week") && e.contains("YYYY-MM-DD"), "{e}");
    assert!(!d.path().join("run").exists());
}

#[test]
fn report_week_picks_the_chosen_week_or_says_why_not() {
    let d = tempfile::tempdir().unwrap();
    for (week, expect) in [("2030-01-01", "tiny: chosen week"), ("2031-07-01", "[output] report_week = 2031-07-01 is outside the horizon")]
    {
        let case = d.path().join(week);
        copy_tiny(&case, &["study.toml"]);
        let toml =
            fs::read_to_string(tiny().join("study.toml")).unwrap().replace("[output]", &format!("[output]\nreport_week = \"{week}\""));
        fs::write(case.join("study.toml"), toml).unwrap();
        let out = d.path().join(format!("run-{week}"));
        run(&case, &opts(&out)).unwrap();
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(&expect.replace("tiny", "United States")), "{week}: {expect}");
    }
}
