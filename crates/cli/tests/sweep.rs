//! The `nagrid` binary's overrides (`--set`, `--scenario`, `--start`, `--threads`,
//! `--no-plots`), `nagrid diff`, and `nagrid sweep` with the local process pool on
//! inputs/tiny/sweep.toml.

use std::fs;
use std::path::Path;

mod common;
use common::{nagrid, text, tiny};

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn overrides_change_the_run_and_are_recorded() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let o = nagrid().arg("run").arg(tiny()).arg("--out").arg(&a).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = nagrid()
        .arg("run")
        .arg(tiny())
        .args(["--set", "lines.can_usa.s_max_mw=700", "--scenario", "high", "--threads", "1", "--no-plots", "--start", "2030-01-01"])
        .args(["--hours", "4", "--quiet", "--out"])
        .arg(&b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let run = json(&b.join("run.json"));
    let recorded: Vec<String> = run["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} {}={}", o["source"], o["key"], o["value"].as_str().unwrap()).replace('"', ""))
        .collect();
    assert_eq!(
        recorded,
        [
            "--scenario load.scenario=high",
            "--start start=2030-01-01",
            "--threads solver.threads=1",
            "--no-plots output.plots=false",
            "--set lines.can_usa.s_max_mw=700"
        ]
    );
    assert_eq!((run["settings"]["solver"]["threads"].as_u64(), run["settings"]["output"]["plots"].as_bool()), (Some(1), Some(false)));
    assert!(!b.join("plots").exists());
    // 200 MW more of Canadian hydro at 5 USD/MWh instead of US gas at 40, for 4 hours.
    let cost = |p: &Path| json(&p.join("summary.json"))["cost"]["total_usd"].as_f64().unwrap();
    assert!((cost(&a) - cost(&b) - 200.0 * 35.0 * 4.0).abs() < 1e-6, "{} {}", cost(&a), cost(&b));
    // nagrid diff shows the change, absolute and relative.
    let o = nagrid().arg("diff").arg(&a).arg(&b).output().unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("| total_usd | 0.220 | 0.192 | -0.028 | -12.75 % |"), "{out}");
    assert!(out.contains("| CA → US |") && !out.contains("| lines.can_usa"), "{out}");
    assert!(out.contains("| load.scenario | \"mid\" | \"high\" |"), "{out}");
    let o = nagrid().arg("diff").arg(&a).arg(d.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("no summary.json: not a run folder"), "{}", text(&o));
}

#[test]
fn bad_overrides_are_named_not_panicked_on() {
    let d = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = nagrid().arg("run").arg(tiny()).args(args).arg("--out").arg(d.path().join("x")).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(!d.path().join("x").exists());
        text(&o)
    };
    let e = run(&["--set", "economics.value_of_lost_load=5"]);
    assert!(
        e.contains("--set, column 'economics.value_of_lost_load', value '5'") && e.contains("economics.value_of_lost_load_usd_per_mwh"),
        "{e}"
    );
    let e = run(&["--set", "lines.can_usa.s_max_mw=lots"]);
    assert!(e.contains("lines.csv, line 2, column 's_max_mw', value 'lots': not a number") && e.contains("set by --set"), "{e}");
    let e = run(&["--scenario", "huge", "--start", "jly"]);
    assert!(e.contains("--scenario, column 'load.scenario', value 'huge'") && e.contains("--start, column 'start', value 'jly'"), "{e}");
    let e = run(&["--set", "novalue"]);
    assert!(e.contains("expected KEY=VALUE"), "{e}");
}

#[test]
fn local_sweep_of_tiny_merges_every_variant() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("sw");
    let spec = tiny().join("sweep.toml");
    let o = nagrid().arg("sweep").arg(tiny()).arg("--spec").arg(&spec).arg("--out").arg(&dir).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), fs::canonicalize(&dir).unwrap().display().to_string());
    let csv = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains(",optimal,")).count(), 6, "{csv}");
    assert!(csv.contains("3,0003_500_200,500,200,optimal,mid,existing,2030,,219640.35,"), "{csv}");
    // Each variant ran in its own process, whose peak memory was measured.
    let t = json(&dir.join("sweep.json"));
    assert!(t["variant_runs"].as_array().unwrap().iter().all(|r| r["peak_rss_bytes"].as_u64().is_some_and(|b| b > 1 << 20)));
    // The folder exists: a second sweep into it is refused; resume has nothing to do.
    let o = nagrid().arg("sweep").arg(tiny()).arg("--spec").arg(&spec).arg("--out").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    fs::remove_file(dir.join("results/000004.json")).unwrap();
    let o = nagrid().args(["sweep", "resume"]).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 of 6 variants to run again"), "{}", text(&o));
    assert_eq!(fs::read_to_string(dir.join("sweep.csv")).unwrap(), csv);
    let o = nagrid().arg("sweep-task").arg(&dir).arg("9").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("the sweep has variants 0 to 5"), "{}", text(&o));
}

#[test]
fn compare_variants_may_set_any_key() {
    let d = tempfile::tempdir().unwrap();
    let spec = d.path().join("cmp.toml");
    fs::write(&spec, "name = \"ties\"\n[[variant]]\nname = \"today\"\n[[variant]]\nname = \"big\"\nlines.can_usa.s_max_mw = 700\n")
        .unwrap();
    let out = d.path().join("cmp");
    let o = nagrid().arg("compare").arg(tiny()).arg("--variants").arg(&spec).arg("--out").arg(&out).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let csv = fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.contains("today,mid,existing,optimal,219640.35,") && csv.contains("big,mid,existing,optimal,191640.35,"), "{csv}");
    assert!(out.join("sweep.csv").is_file() && out.join("big/run.json").is_file());
    // The comparison's own page, not the sweep's.
    assert!(fs::read_to_string(out.join("report.html")).unwrap().contains("<title>Comparison: ties</title>"));
}

/// The part of `html` from `<section id="ID">` to its end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\">")).unwrap_or_else(|| panic!("no section {id}"));
    &html[start..start + html[start..].find("</section>").unwrap()]
}

#[test]
fn sweep_report_html_shows_every_variant_inline_and_merges_byte_identically() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("sw");
    let o = nagrid()
        .arg("sweep")
        .arg(tiny())
        .arg("--spec")
        .arg(tiny().join("sweep.toml"))
        .arg("--out")
        .arg(&dir)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    // Self-contained: no script, nothing fetched.
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script");
    for fetch in ["src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import"] {
        assert!(!lower.contains(fetch), "fetches {fetch}");
    }
    // One row per variant, linked to its own report.
    let variants = section(&html, "variants");
    let csv = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    let names: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(names.len(), 6);
    assert_eq!(variants.matches("<tr>").count(), 1 + names.len(), "header and one row per variant");
    for n in &names {
        assert!(variants.contains(&format!("<a href=\"{n}/report.html\">{n}</a>")), "no link to {n}");
        assert!(dir.join(n).join("report.html").is_file());
    }
    // Every axis and value, in the axes table and in the table of each axis.
    let overview = section(&html, "sweep");
    assert!(overview.contains("<td>lines.can_usa.s_max_mw</td><td>250, 500, 750</td>"), "{overview}");
    assert!(overview.contains("<td>links.usa_mex.p_max_forward_mw</td><td>100, 200</td>"), "{overview}");
    let axes = section(&html, "axes");
    for v in ["250", "500", "750", "100", "200"] {
        assert!(axes.contains(&format!("<tr><td>{v}</td><td class=\"num\">")), "axis value {v}");
    }
    // The mean cost at 250 MW is that of the two variants with 250 MW (sweep.csv).
    let cost = |row: usize| -> f64 { csv.lines().nth(row + 1).unwrap().split(',').nth(9).unwrap().parse().unwrap() };
    let mean = (cost(0) + cost(1)) / 2.0 / 1e6;
    assert!((0.1..1.0).contains(&mean), "{mean}");
    assert!(axes.contains(&format!("<tr><td>250</td><td class=\"num\">2 / 2</td><td class=\"num\">{mean:.3}</td>")), "{axes}");
    // The box charts inline, as written into plots/; a chart of each figure along each axis.
    let boxes = section(&html, "distributions");
    for f in ["system_cost", "unserved_energy", "co2", "price_us"] {
        let svg = fs::read_to_string(dir.join(format!("plots/sweep_{f}.svg"))).unwrap();
        assert!(boxes.contains(svg.trim()), "plots/sweep_{f}.svg is not inline");
    }
    assert_eq!(axes.matches("<svg").count(), 2 * 3, "cost, CO2 and price along both axes (unserved energy is zero)");
    assert!(axes.contains("Zero in every variant, not charted: Unserved energy."));
    // Merged again: the same bytes.
    let o = nagrid().args(["sweep", "merge"]).arg(&dir).arg("--quiet").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read(dir.join("report.html")).unwrap(), html.as_bytes(), "merging again changed report.html");

    // A variant that failed and one without an outcome keep their rows, with their status.
    let path = dir.join("results/000000.json");
    let mut failed = json(&path);
    failed["status"] = "infeasible".into();
    failed["metrics"] = serde_json::Value::Null;
    fs::write(&path, failed.to_string()).unwrap();
    fs::remove_file(dir.join("results/000005.json")).unwrap();
    let o = nagrid().args(["sweep", "merge"]).arg(&dir).arg("--quiet").output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    let variants = section(&html, "variants");
    assert_eq!(variants.matches("<tr>").count(), 7);
    assert!(variants.contains("<span class=\"bad\">infeasible</span>") && variants.contains("<span class=\"bad\">missing</span>"));
    assert!(variants.contains("the solver stopped without an optimum") && variants.contains("<code>nagrid sweep resume</code> runs it"));
    // Means over the optimal variants only.
    let one = cost(1) / 1e6;
    assert!(section(&html, "axes").contains(&format!("<tr><td>250</td><td class=\"num\">1 / 2</td><td class=\"num\">{one:.3}</td>")));
}
