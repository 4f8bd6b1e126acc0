//! `expand` and `compare` on a copy of inputs/tiny with an expandable Canada–US tie.

use nagrid_study::{compare, expand, RunOptions};
use std::fs;
use std::path::{Path, PathBuf};

mod common;

fn tiny_with_expansion(dir: &Path) -> PathBuf {
    let case = dir.join("tiny");
    common::copy_tiny(&case, &["lines.csv"]);
    // Canada's hydro (5 USD/MWh) against US gas (40): one more MW of tie saves 35 USD
    // in each of the 4 hours while Canada has spare hydro (up to 1,000 − 300 MW of
    // export, i.e. 200 MW more than today's 500). Annualised cost 100,000 USD/MW-year
    // is 45.66 USD/MW over 4 hours < 140, so all 200 useful MW are built.
    fs::write(case.join("lines.csv"), include_str!("fixtures/tiny-expandable-lines.csv")).unwrap();
    fs::write(
        case.join("compare.toml"),
        "name = \"test\"\nhours = 4\n[[variant]]\nname = \"islanded\"\nborders = \"islanded\"\n[[variant]]\nname = \"existing\"\n[[variant]]\nname = \"expanded\"\nexpansion = true\n",
    )
    .unwrap();
    case
}

#[test]
fn expand_builds_what_pays_and_reports_savings() {
    let d = tempfile::tempdir().unwrap();
    let case = tiny_with_expansion(d.path());
    // A 4-hour horizon is scaled to a year only when asked for.
    let err = expand::expand(&case, &RunOptions { out: Some(d.path().join("refused")), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("--hours 4") && err.contains("shorter than a year"), "{err}");
    let (r, rep) = expand::expand(&case, &RunOptions { out: Some(d.path().join("exp")), hours: Some(4), ..Default::default() }).unwrap();
    let rep = rep.expect("optimal");
    let u = &rep.upgrades[0];
    assert!((u.build.built_mw - 200.0).abs() < 1e-6, "built {}", u.build.built_mw);
    // Savings per year: 200 MW × 35 USD/MWh × 4 h, scaled to 8,760 h.
    let savings = 200.0 * 35.0 * 4.0 * 8760.0 / 4.0;
    assert!((u.production_cost_savings_usd_per_year - savings).abs() < 1e-3 * savings, "{}", u.production_cost_savings_usd_per_year);
    assert!((u.annualized_cost_usd_per_year - 200.0 * 100_000.0).abs() < 1e-6);
    assert!((u.benefit_cost_ratio - savings / 2e7).abs() < 1e-3);
    assert!(rep.system_cost_with_expansion_usd_per_year < rep.system_cost_without_expansion_usd_per_year);
    assert!((rep.net_savings_usd_per_year - (savings - 2e7)).abs() < 1e-3 * savings);
    // The new 700 MW limit is reached every hour, together with Canada's hydro limit.
    assert_eq!(u.build.hours_at_limit, 4);
    let dir = r.out_dir.unwrap();
    let csv = fs::read_to_string(dir.join("upgrades.csv")).unwrap();
    assert!(csv.starts_with("id,kind,capacity_unit,from,to,existing_mw,built_mw"), "{csv}");
    assert!(csv.contains("can_usa,line,MW,can,usa,500.000,200.000,1000.000"), "{csv}");
    assert!(dir.join("expansion.json").is_file());
    let hours = fs::read_to_string(dir.join("upgrades-congested.csv")).unwrap();
    assert_eq!(hours.lines().next(), Some("timestamp,can_usa"));
    assert_eq!(hours.lines().filter(|l| l.ends_with(",1")).count(), 4);
    // report.html shows the build on the map and its benefit and cost.
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("<path class=\"build\"").count(), 1, "the one build is highlighted on the map");
    assert!(html.contains("+200 MW") && html.contains("<section id=\"expansion\">"));
    assert!(html.contains("Benefit and cost of each build"));
}

#[test]
fn compare_table_matches_the_individual_runs() {
    let d = tempfile::tempdir().unwrap();
    let case = tiny_with_expansion(d.path());
    let spec = nagrid_io::prepare::read_compare(&case.join("compare.toml")).unwrap();
    let (dir, rows) = compare::compare(&case, &spec, Some(d.path().join("cmp")), d.path(), true).unwrap();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        assert_eq!(r.status, nagrid_opf::SolveStatus::Optimal);
        let s: serde_json::Value = serde_json::from_str(&fs::read_to_string(dir.join(&r.variant).join("summary.json")).unwrap()).unwrap();
        // The variant's run is dispatched with its builds fixed; the table adds the
        // annualised cost of the builds.
        let total = s["cost"]["total_usd"].as_f64().unwrap() + r.expansion_cost_usd;
        assert!((total - r.system_cost_usd).abs() < 1e-6, "{}", r.variant);
    }
    let (isl, ex, exp) = (&rows[0], &rows[1], &rows[2]);
    assert_eq!(isl.cross_border_trade_twh, 0.0);
    assert!(ex.cross_border_trade_twh > 0.0);
    assert!((ex.value_of_cross_border_trade_usd - (isl.system_cost_usd - ex.system_cost_usd)).abs() < 1e-6);
    assert!(ex.value_of_cross_border_trade_usd > 0.0, "trade has value");
    assert!(exp.system_cost_usd < ex.system_cost_usd && (exp.built_mw - 200.0).abs() < 1e-6);
    let table = fs::read_to_string(dir.join("comparison.csv")).unwrap();
    assert_eq!(table.lines().count(), 4);
    // report.html: the table with links to each variant's own report, and the charts.
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    for r in &rows {
        assert!(html.contains(&format!("<a href=\"{0}/report.html\">{0}</a>", r.variant)), "{}", r.variant);
        assert!(dir.join(&r.variant).join("report.html").is_file(), "{}", r.variant);
    }
    assert!(html.matches("<figure class=\"chart").count() >= 6);
    // Bad comparison files are reported.
    fs::write(case.join("bad.toml"), "name = \"x\"\n[[variant]]\nname = \"a b\"\nbordres = \"islanded\"\n").unwrap();
    let err = nagrid_io::prepare::read_compare(&case.join("bad.toml")).unwrap_err().to_string();
    assert!(err.contains("bordres"), "{err}");
}
