//! The default North American case: calibration to its sources and the sanity of a
//! full-year dispatch (the year a planner would look at).

use nagrid_study::{demand, renewables, run, RunOptions};
use std::path::{Path, PathBuf};

fn case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america")
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(',').map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn base_year_demand_and_peak_match_sources_within_2_pct() {
    let dir = case();
    let (settings, net, _) = nagrid_io::read_network(&dir).unwrap();
    let rows = nagrid_io::prepare::read_regions_load(&dir, &net).unwrap();
    let mut years: Vec<i32> = rows.iter().map(|r| r.base_year).collect();
    years.sort();
    years.dedup();
    let by_year: Vec<(i32, demand::YearDemand)> =
        years.iter().map(|&y| (y, demand::year_demand(&dir, &net, &settings.load, y).unwrap())).collect();
    for row in &rows {
        let r = row.region;
        let d = &by_year.iter().find(|(y, _)| *y == row.base_year).unwrap().1;
        let total: Vec<f64> = (0..d.base_mw[r].len()).map(|t| d.base_mw[r][t] + d.datacenter_mw[r][t]).collect();
        let e: f64 = total.iter().sum();
        let p = total.iter().cloned().fold(0.0, f64::max);
        let id = &net.regions[r].id;
        assert!((e / row.annual_energy_mwh - 1.0).abs() < 0.02, "{id}: energy {e} vs {}", row.annual_energy_mwh);
        assert!((p / row.peak_mw - 1.0).abs() < 0.02, "{id}: peak {p} vs {}", row.peak_mw);
    }
}

#[test]
fn wind_and_solar_capacity_factors_within_1_point_and_series_reproducible() {
    let dir = case();
    let committed = std::fs::read_to_string(dir.join("series/generators-p_max_pu.csv")).unwrap();
    let rows = csv_rows(&dir.join("series/generators-p_max_pu.csv"));
    let header = &rows[0];
    let cfs = csv_rows(&dir.join("renewables.csv"));
    let mut checked = 0;
    for r in &cfs[1..] {
        for (tech, col) in [("wind", 1), ("solar", 2)] {
            let id = format!("{}_{tech}", r[0]);
            if let Some(j) = header.iter().position(|h| *h == id) {
                let mean = rows[1..].iter().map(|x| x[j].parse::<f64>().unwrap()).sum::<f64>() / (rows.len() - 1) as f64;
                let target: f64 = r[col].parse().unwrap();
                assert!((mean - target).abs() < 0.01, "{id}: {mean} vs {target}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
    // The shipped series is exactly what `nagrid series` writes.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("na");
    std::fs::create_dir_all(copy.join("series")).unwrap();
    for e in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        if e.extension().is_some_and(|x| x == "csv" || x == "toml") {
            std::fs::copy(&e, copy.join(e.file_name().unwrap())).unwrap();
        }
    }
    renewables::write_availability(&copy, 1).unwrap();
    assert!(
        std::fs::read_to_string(copy.join("series/generators-p_max_pu.csv")).unwrap() == committed,
        "rerun `nagrid series inputs/north-america`"
    );
}

/// In-service capacity (generators + storage) per country for `year` of the case in
/// `dir`, GW, as nagrid reads it (online/retirement years, Y1).
fn capacity_gw(dir: &Path, year: i32) -> Vec<(String, f64)> {
    // The static tables with study.toml's year replaced (the series cover other years).
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
        if e.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&e, tmp.path().join(e.file_name().unwrap())).unwrap();
        }
    }
    let toml = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    let toml: String =
        toml.lines().map(|l| if l.starts_with("study_year") { format!("study_year = {year}\n") } else { format!("{l}\n") }).collect();
    std::fs::write(tmp.path().join("study.toml"), toml).unwrap();
    let (_, net, _) = nagrid_io::read_network(tmp.path()).unwrap();
    let net = &net;
    ["US", "CA", "MX"]
        .iter()
        .map(|&cc| {
            let mw: f64 = net.generators.iter().filter(|g| net.regions[g.region].country.code() == cc).map(|g| g.p_max_mw).sum::<f64>()
                + net.storage.iter().filter(|s| net.regions[s.region].country.code() == cc).map(|s| s.p_max_mw).sum::<f64>();
            (cc.to_string(), mw / 1000.0)
        })
        .collect()
}

/// The fleet by online and retirement year, as read by nagrid, equals the capacity
/// table the fleet script prints from its sources (inputs/north-america-2024/tools/
/// capacity_check.md, SOURCES.fleet.md) for the historical years and for 2030, and
/// the default 2030 case carries the same fleet as the historical case.
#[test]
fn installed_capacity_per_country_matches_the_fleet_table() {
    let hist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america-2024");
    let table = std::fs::read_to_string(hist.join("tools/capacity_check.md")).unwrap();
    let total = |year: i32, cc: &str| -> f64 {
        let row = table.lines().find(|l| l.starts_with(&format!("| {year} | {cc} |"))).unwrap_or_else(|| panic!("{year} {cc}"));
        row.trim_end_matches('|').rsplit('|').next().unwrap().trim().parse().unwrap()
    };
    for year in [2020, 2023, 2024, 2030] {
        for (cc, gw) in capacity_gw(&hist, year) {
            let want = total(year, &cc);
            assert!((gw - want).abs() < 0.15, "{year} {cc}: {gw:.1} GW read vs {want} GW in capacity_check.md");
        }
    }
    // The same fleet to 1 kW (the historical case has New York in two regions, so the
    // rows are summed in another order).
    let (default, historical) = (capacity_gw(&case(), 2030), capacity_gw(&hist, 2030));
    for ((a, x), (b, y)) in default.iter().zip(&historical) {
        assert!(a == b && (x - y).abs() < 1e-6, "the default case's 2030 fleet is the historical case's: {default:?} vs {historical:?}");
    }
}

/// (AG1) merges storage units only when their durations agree to 1e-9: every
/// vintage of a region's batteries (or pumped hydro) must have exactly one duration,
/// or the LP keeps up to 14 storage units per region where one does (the default
/// case's 2030 window had 281,664 columns with 163 storage units, 210,240 with 38).
#[test]
fn storage_vintages_of_a_region_share_one_duration_so_they_merge() {
    let hist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/north-america-2024");
    for dir in [case(), hist] {
        let rows = csv_rows(&dir.join("storage.csv"));
        let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
        let (region, tech, p, e) = (col("region"), col("technology"), col("p_max_mw"), col("energy_mwh"));
        let expandable = rows[0].iter().position(|c| c == "expandable");
        let mut hours: std::collections::BTreeMap<(String, String), Vec<f64>> = Default::default();
        for r in &rows[1..] {
            let (pw, en): (f64, f64) = (r[p].parse().unwrap(), r[e].parse().unwrap());
            if pw > 0.0 && expandable.is_none_or(|x| r[x].is_empty()) {
                hours.entry((r[region].clone(), r[tech].clone())).or_default().push(en / pw);
            }
        }
        assert!(hours.len() > 30, "{}: {} groups", dir.display(), hours.len());
        for (k, h) in &hours {
            let (lo, hi) = h.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            assert!((hi - lo) / hi < 1e-10, "{}: {k:?} has durations from {lo} to {hi} h", dir.display());
        }
    }
}

/// Net export of a set of regions over the horizon, MWh (received energy counted
/// after link losses).
fn net_export(case: &nagrid_model::Case, sol: &nagrid_opf::DispatchSolution, inside: &dyn Fn(usize) -> bool) -> f64 {
    let n = &case.network;
    let mut e = 0.0;
    for (i, l) in n.lines.iter().enumerate() {
        let f: f64 = sol.line_flow_mw[i].iter().sum();
        match (inside(l.from), inside(l.to)) {
            (true, false) => e += f,
            (false, true) => e -= f,
            _ => {}
        }
    }
    for (i, k) in n.links.iter().enumerate() {
        let (fw, rv): (f64, f64) = (sol.link_forward_mw[i].iter().sum(), sol.link_reverse_mw[i].iter().sum());
        match (inside(k.from), inside(k.to)) {
            (true, false) => e += fw - k.efficiency * rv,
            (false, true) => e += rv - k.efficiency * fw,
            _ => {}
        }
    }
    e
}

#[test]
fn study_year_2030_sheds_load_only_where_the_reserve_margin_warns() {
    let d = tempfile::tempdir().unwrap();
    let r = run(&case(), &RunOptions { out: Some(d.path().join("run")), ..Default::default() }).unwrap();
    let s = r.summary.expect("optimal");
    assert_eq!((s.study_year, s.hours), (2030, 8760));
    // The 2030 fleet (planned additions and retirements) leaves some regions short
    // of a 15 % reserve margin; any unserved energy must be in one of them (the
    // warning of summary.md) and small against the load.
    let short: Vec<&String> = s.reserve_margins.iter().filter(|(_, m)| m.below_target).map(|(id, _)| id).collect();
    for (region, mwh) in &s.unserved_by_region_mwh {
        assert!(short.contains(&region), "{region} sheds {mwh} MWh without a reserve-margin warning");
    }
    assert!(s.unserved_mwh < 1e-5 * s.load_mwh, "unserved {} MWh of {} MWh", s.unserved_mwh, s.load_mwh);
    assert!(s.checks.max_balance_mw < 1e-6 && s.checks.max_storage_mwh < 1e-6 && s.checks.max_budget_mwh < 1e-4);
    assert!(s.countries["CA"].net_import_mwh < 0.0, "Canada is a net exporter");
    assert!(d.path().join("run/interconnectors-congestion_rent_usd.csv").is_file());
    assert!(d.path().join("run/regions-price_usd_per_mwh.csv").is_file());
    // Issue 15: data-center load from the forecast, the report within 5 MB, candidate
    // projects (off in this case) in the flow files.
    let dc = s.datacenter_load_mwh.expect("the forecast knows the data-center load");
    assert!(dc > 0.02 * s.load_mwh && dc < 0.5 * s.load_mwh, "data centers {dc} MWh of {} MWh", s.load_mwh);
    let size = std::fs::metadata(d.path().join("run/report.html")).unwrap().len();
    assert!(size < 5_000_000, "report.html is {size} bytes");
    let links = std::fs::read_to_string(d.path().join("run/links-flow_mw.csv")).unwrap();
    assert!(links.lines().next().unwrap().contains("ca_on_us_pjm_lake_erie"), "candidate links are columns of the flow file");
    for f in
        ["statistics.csv", "statistics-ties.csv", "regions-load_mw.csv", "regions-datacenter_load_mw.csv", "regions-net_interchange_mw.csv"]
    {
        assert!(d.path().join("run").join(f).is_file(), "{f}");
    }
}

/// The base year (2024): a copy of the case with `study_year = 2024` and its
/// availability series regenerated for that year.
#[test]
fn base_year_dispatch_is_sane() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("na2024");
    for dir in ["", "load"] {
        std::fs::create_dir_all(copy.join(dir)).unwrap();
        for e in std::fs::read_dir(case().join(dir)).unwrap().map(|e| e.unwrap().path()) {
            if e.extension().is_some_and(|x| x == "csv") {
                std::fs::copy(&e, copy.join(dir).join(e.file_name().unwrap())).unwrap();
            }
        }
    }
    let toml = std::fs::read_to_string(case().join("study.toml")).unwrap().replace("study_year = 2030", "study_year = 2024");
    std::fs::write(copy.join("study.toml"), toml).unwrap();
    renewables::write_availability(&copy, 1).unwrap();
    let r = run(&copy, &RunOptions { out: Some(tmp.path().join("run")), ..Default::default() }).unwrap();
    let s = r.summary.expect("optimal");
    // As in 2030: any unserved energy is small and in a region the reserve-margin
    // warning names (the synthetic load of the forecast has its own peaks).
    let short: Vec<&String> = s.reserve_margins.iter().filter(|(_, m)| m.below_target).map(|(id, _)| id).collect();
    for (region, mwh) in &s.unserved_by_region_mwh {
        assert!(short.contains(&region), "{region} sheds {mwh} MWh without a reserve-margin warning");
    }
    assert!(s.unserved_mwh < 1e-5 * s.load_mwh, "unserved {} MWh of {} MWh", s.unserved_mwh, s.load_mwh);
    let sol = r.solution.unwrap();
    let (case, _) = nagrid_study::load_case(&copy, None).unwrap();
    let n = &case.network;
    // Québec (its interconnection: Québec and Churchill Falls in Labrador) and
    // Manitoba are net exporters over the year, as they are in reality.
    let quebec = net_export(&case, &sol, &|r| n.regions[r].interconnection == "Quebec");
    let manitoba = net_export(&case, &sol, &|r| n.regions[r].id == "ca_mb");
    assert!(quebec > 0.0, "Québec interconnection net export {quebec} MWh");
    assert!(manitoba > 0.0, "Manitoba net export {manitoba} MWh");
    // Prices are higher in hours of high load: top vs bottom decile of system load.
    let h = case.axis.hours;
    let load: Vec<f64> = (0..h).map(|t| case.load_mw.iter().map(|l| l[t]).sum::<f64>()).collect();
    let price: Vec<f64> =
        (0..h).map(|t| (0..n.regions.len()).map(|r| sol.price_usd_per_mwh[r][t] * case.load_mw[r][t]).sum::<f64>() / load[t]).collect();
    let mut idx: Vec<usize> = (0..h).collect();
    idx.sort_by(|a, b| load[*a].total_cmp(&load[*b]));
    let dec = h / 10;
    let low: f64 = idx[..dec].iter().map(|&t| price[t]).sum::<f64>() / dec as f64;
    let high: f64 = idx[h - dec..].iter().map(|&t| price[t]).sum::<f64>() / dec as f64;
    assert!(high > low * 1.05, "price in high-load hours {high} vs low-load hours {low}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().map(|e| e.unwrap()) {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// Issue 12: July 2030 in the high scenario used to shed 5,506 MWh by rolling
/// horizon and nothing as one LP (budgets and the curtailment allowance were
/// applied window by window). A month is short enough for `report_gap = "auto"`
/// to solve the single LP too: the rolling horizon may cost a little more but may
/// not shed load that the single LP serves.
#[test]
fn july_2030_high_rolling_horizon_sheds_no_more_than_the_single_lp() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("july");
    copy_dir(&case(), &copy);
    let toml = std::fs::read_to_string(case().join("study.toml")).unwrap();
    assert!(toml.contains("scenario = \"mid\"") && toml.contains("decomposition = \"rolling\"") && !toml.contains("report_gap"));
    let toml = toml
        .replace("scenario = \"mid\"", "scenario = \"high\"")
        .replace("[economics]", "[horizon]\nstart = \"2030-07-01T00:00:00Z\"\nhours = 744\n\n[economics]");
    std::fs::write(copy.join("study.toml"), toml).unwrap();
    let r = run(&copy, &RunOptions { out: Some(tmp.path().join("run")), quiet: true, ..Default::default() }).unwrap();
    let s = r.summary.expect("optimal");
    assert_eq!((s.start_utc.as_str(), s.hours), ("2030-07-01T00:00:00Z", 744));
    let g = r.rolling_gap.expect("a month is short enough for the automatic gap report");
    assert!(g.gap_pct > -1e-6 && g.gap_pct < 0.1, "rolling horizon {} % above the single LP", g.gap_pct);
    assert!(
        g.rolling_unserved_mwh <= g.single_lp_unserved_mwh + 1.0,
        "rolling sheds {} MWh, the single LP {} MWh",
        g.rolling_unserved_mwh,
        g.single_lp_unserved_mwh
    );
    assert!((g.rolling_unserved_mwh - s.unserved_mwh).abs() < 1e-6);
    let run_json = std::fs::read_to_string(tmp.path().join("run/run.json")).unwrap();
    assert!(run_json.contains("\"single_lp_unserved_mwh\""), "{run_json}");
    // The synthesised load's origin, and the regions whose LD1 seasons are not reached.
    let rj: serde_json::Value = serde_json::from_str(&run_json).unwrap();
    assert_eq!(rj["load"]["origin"], "forecast: study year 2030, data-center scenario high");
    let notes: Vec<&str> = rj["load"]["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.starts_with("ca_mar: ")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.starts_with("ca_qc: ") || n.starts_with("us_")), "{notes:?}");
}
