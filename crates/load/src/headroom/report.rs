//! `nagrid headroom`: headroom of every requested area and share, written atomically
//! into a run folder as `headroom.csv`, `headroom.md` and SVG charts.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use chrono::Duration;
use nagrid_io::results::RunFolder;

use super::assess::{assess_area, resolve, share_label, AreaResult, HeadroomOptions, HeadroomReport};
use super::data::DUKE_SHARES_PCT;
use super::HOURS_PER_YEAR;
use crate::error::{LoadError, Result};

/// Runs the study: checks the arguments and `out` first, reads and computes every area
/// (in parallel), then writes the run folder, which appears only when complete.
pub fn run_headroom(opts: &HeadroomOptions) -> Result<HeadroomReport> {
    let t0 = Instant::now();
    let areas = resolve(opts)?;
    RunFolder::check(&opts.out)?;
    let results: Vec<Result<AreaResult>> = std::thread::scope(|s| {
        let hs: Vec<_> = areas.iter().map(|a| s.spawn(|| assess_area(&opts.data_dir, a, &opts.shares_pct))).collect();
        hs.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(LoadError::Invalid("a worker thread panicked".into())))).collect()
    });
    let results: Vec<AreaResult> = results.into_iter().collect::<Result<_>>()?;
    let compute_seconds = t0.elapsed().as_secs_f64();
    let folder = RunFolder::create(&opts.out)?;
    let mut files = vec!["headroom.csv".to_string(), "headroom.md".to_string()];
    folder.write_csv("headroom.csv", &csv_header(&opts.shares_pct).iter().map(String::as_str).collect::<Vec<_>>(), csv_rows(&results))?;
    for r in &results {
        let name = format!("headroom_{}.svg", r.area.id);
        super::plot::plot_area(r, &folder.path(&name))?;
        files.push(name);
    }
    if results.iter().any(|r| r.area.duke.is_some()) {
        super::plot::plot_summary(&results, &folder.path("headroom_summary.svg"))?;
        files.push("headroom_summary.svg".into());
    }
    let total_seconds = t0.elapsed().as_secs_f64();
    folder.write_text("headroom.md", &markdown(&results, &opts.shares_pct, &opts.data_dir, compute_seconds))?;
    let out = folder.commit()?;
    Ok(HeadroomReport { areas: results, shares_pct: opts.shares_pct.clone(), out, files, compute_seconds, total_seconds })
}

/// Column names of `headroom.csv`.
pub fn csv_header(shares: &[f64]) -> Vec<String> {
    let mut h: Vec<String> = vec!["ba".into(), "peak_mw".into()];
    h.extend(shares.iter().map(|s| format!("headroom_{}pct_gw", share_label(*s))));
    h.extend(["name", "summer_threshold_mw", "winter_threshold_mw", "hours", "hours_above_threshold"].map(String::from));
    for s in shares {
        let l = share_label(*s);
        h.extend([
            format!("curtailed_hours_per_year_{l}pct"),
            format!("mean_event_hours_{l}pct"),
            format!("served_ge50_pct_{l}pct"),
            format!("served_ge75_pct_{l}pct"),
            format!("served_ge90_pct_{l}pct"),
            format!("curtailed_energy_pct_{l}pct"),
        ]);
    }
    h.extend(shares.iter().filter(|s| DUKE_SHARES_PCT.contains(s)).map(|s| format!("duke_headroom_{}pct_gw", share_label(*s))));
    h
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| format!("{x:.decimals$}")).unwrap_or_default()
}

fn gw(mw: f64) -> String {
    if mw.is_finite() {
        format!("{:.3}", mw / 1e3)
    } else {
        "inf".into()
    }
}

fn csv_rows(results: &[AreaResult]) -> Vec<Vec<String>> {
    results
        .iter()
        .map(|r| {
            let mut row = vec![r.area.id.to_string(), format!("{:.0}", r.peak_mw)];
            row.extend(r.shares.iter().map(|s| gw(s.headroom_mw)));
            row.push(r.area.name.to_string());
            row.push(format!("{:.0}", r.thresholds.summer_mw));
            row.push(format!("{:.0}", r.thresholds.winter_mw));
            row.push(r.hours.to_string());
            row.push(r.hours_above_threshold.to_string());
            for s in &r.shares {
                row.push(format!("{:.1}", s.curtailed_hours_per_year));
                row.push(opt(s.mean_event_hours, 2));
                row.extend(s.served_ge_pct.iter().map(|v| opt(*v, 1)));
                row.push(format!("{:.4}", s.curtailed_energy_pct));
            }
            for s in r.shares.iter().filter(|s| DUKE_SHARES_PCT.contains(&s.share_pct)) {
                row.push(opt(r.area.duke.and_then(|d| d.at(s.share_pct)), 1));
            }
            row
        })
        .collect()
}

fn fmt_gw(mw: f64) -> String {
    if mw.is_finite() {
        format!("{:.2}", mw / 1e3)
    } else {
        "∞".into()
    }
}

fn signed_pct(v: Option<f64>) -> String {
    v.map(|x| if x.round() == 0.0 { "0 %".into() } else { format!("{x:+.0} %") }).unwrap_or_else(|| "–".into())
}

/// Duke's headline (22-BA) means: hours curtailed per year, hours with ≥ 50 / 75 / 90 %
/// served, mean event duration — at 0.25 / 0.5 / 1 / 5 %.
const DUKE_HEADLINE: [(f64, [f64; 5]); 4] = [
    (0.25, [85.0, 73.0, 50.0, 24.0, 1.7]),
    (0.5, [177.0, 155.0, 106.0, 52.0, 2.1]),
    (1.0, [366.0, 323.0, 224.0, 110.0, 2.5]),
    (5.0, [1848.0, 1644.0, 1127.0, 543.0, 4.5]),
];

/// `headroom.md`: ours beside Duke per BA, the curtailment statistics, the agreement.
pub fn markdown(results: &[AreaResult], shares: &[f64], data_dir: &Path, seconds: f64) -> String {
    let mut m = String::from("# Curtailment-enabled headroom (Duke *Rethinking Load Growth* method)\n\n");
    if let Some(r) = results.first() {
        let _ = writeln!(
            m,
            "Data: `{}` (EIA-930 cleaned demand), hours ending {} .. {} UTC, {} hours. Duke: 2016–2024 EIA-930 with their own cleaning.\n",
            data_dir.display(),
            (r.period_utc.0 + Duration::hours(1)).format("%Y-%m-%d %H:%M"),
            (r.period_utc.1 + Duration::hours(1)).format("%Y-%m-%d %H:%M"),
            r.hours
        );
    }
    m.push_str(
        "Headroom = largest constant new load whose curtailment, needed to keep load + new load at or below the seasonal \
         peak threshold (summer: max of Jun–Aug, applied Apr–Oct; winter: max of Dec–Feb, applied Nov–Mar; over all years), \
         is at most the share of the new load's energy. Method and data mapping: docs/headroom.md.\n\n## Headroom, GW: ours vs Duke\n\n",
    );
    let mut head = String::from("| BA | name | peak GW |");
    let mut rule = String::from("|---|---|---:|");
    for s in shares {
        let l = share_label(*s);
        let _ = write!(head, " {l} % | Duke {l} % | Δ {l} % |");
        rule.push_str("---:|---:|---:|");
    }
    let _ = writeln!(m, "{head}\n{rule}");
    for r in results {
        let _ = write!(m, "| {} | {} | {:.1} |", r.area.id, r.area.name, r.peak_mw / 1e3);
        for s in &r.shares {
            let duke = r.area.duke.and_then(|d| d.at(s.share_pct));
            let duke = duke.map_or_else(|| "–".into(), |d| format!("{d:.1}"));
            let _ = write!(m, " {} | {duke} | {} |", fmt_gw(s.headroom_mw), signed_pct(r.diff_to_duke_pct(s.share_pct)));
        }
        m.push('\n');
    }
    m.push_str("\nDuke publishes per-BA values at 0.25, 0.5 and 1 % only (5 %: the 22-BA total, 215 GW).\n");
    agreement(&mut m, results, shares);
    statistics(&mut m, results, shares);
    let _ = writeln!(m, "\nComputed in {seconds:.2} s (reading and solving).");
    m
}

/// The BAs within 20 % of Duke at every published share, and the others.
fn agreement(m: &mut String, results: &[AreaResult], shares: &[f64]) {
    let compared: Vec<f64> = shares.iter().copied().filter(|s| DUKE_SHARES_PCT.contains(s)).collect();
    let with_duke: Vec<&AreaResult> = results.iter().filter(|r| r.area.duke.is_some()).collect();
    if compared.is_empty() || with_duke.is_empty() {
        return;
    }
    let worst = |r: &AreaResult| {
        compared.iter().filter_map(|s| r.diff_to_duke_pct(*s)).fold(0.0, |a: f64, d| if d.abs() > a.abs() { d } else { a })
    };
    let (within, off): (Vec<&AreaResult>, Vec<&AreaResult>) = with_duke.iter().partition(|r| worst(r).abs() <= 20.0);
    let list = |v: &[&AreaResult]| v.iter().map(|r| format!("{} ({:+.0} %)", r.area.id, worst(r))).collect::<Vec<_>>().join(", ");
    let _ = writeln!(m, "\nWithin 20 % of Duke at every published share (largest difference): {}.", list(&within));
    if !off.is_empty() {
        let _ = writeln!(m, "More than 20 % off: {} (see docs/headroom.md for the reasons).", list(&off));
    }
    let sum = |f: &dyn Fn(&AreaResult) -> Option<f64>| with_duke.iter().map(|r| f(r).unwrap_or(0.0)).sum::<f64>();
    for s in &compared {
        let ours = sum(&|r| r.headroom_gw(*s));
        let duke = sum(&|r| r.area.duke.and_then(|d| d.at(*s)));
        let _ = writeln!(
            m,
            "Sum over these {} BAs at {s} %: ours {ours:.1} GW, Duke {duke:.1} GW ({:+.1} %).",
            with_duke.len(),
            100.0 * (ours - duke) / duke
        );
    }
}

/// Curtailment statistics per area and share, and the mean over the areas beside Duke's headline.
fn statistics(m: &mut String, results: &[AreaResult], shares: &[f64]) {
    m.push_str(
        "\n## Curtailment at the headroom\n\nHours per year = curtailed hours ÷ (hours of data / 8,760). Event = run of consecutive \
         curtailed hours. ≥ 50/75/90 % = share of the curtailed hours in which at least that fraction of the new load is still served.\n\n\
         | BA | share % | headroom GW | curtailed energy % | hours above threshold at 0 GW | curtailed h/yr | mean event h | ≥ 50 % served | ≥ 75 % | ≥ 90 % |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in results {
        for s in &r.shares {
            let [a, b, c] = s.served_ge_pct.map(|v| opt(v, 0));
            let _ = writeln!(
                m,
                "| {} | {} | {} | {:.3} | {} | {:.0} | {} | {a} | {b} | {c} |",
                r.area.id,
                share_label(s.share_pct),
                fmt_gw(s.headroom_mw),
                s.curtailed_energy_pct,
                r.hours_above_threshold,
                s.curtailed_hours_per_year,
                opt(s.mean_event_hours, 2)
            );
        }
    }
    m.push_str(
        "\nMean over the areas above (hours per year; served buckets as hours per year) beside Duke's 22-BA headline:\n\n\
         | share % | curtailed h/yr | Duke | ≥ 50 % served h/yr | Duke | ≥ 75 % | Duke | ≥ 90 % | Duke | mean event h | Duke |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let n = results.len().max(1) as f64;
    for (k, s) in shares.iter().enumerate() {
        let hours = results.iter().map(|r| r.shares[k].curtailed_hours_per_year).sum::<f64>() / n;
        let bucket = |j: usize| {
            results.iter().map(|r| r.shares[k].curtailed_hours_per_year * r.shares[k].served_ge_pct[j].unwrap_or(0.0) / 100.0).sum::<f64>()
                / n
        };
        let events: f64 = results.iter().map(|r| r.shares[k].events as f64 * HOURS_PER_YEAR / r.hours.max(1) as f64).sum::<f64>() / n;
        let mean_event = if events > 0.0 { format!("{:.2}", hours / events) } else { "–".into() };
        let duke = DUKE_HEADLINE.iter().find(|d| (d.0 - s).abs() < 1e-9).map(|d| d.1);
        let dk = |j: usize| duke.map(|d| format!("{}", d[j])).unwrap_or_else(|| "–".into());
        let _ = writeln!(
            m,
            "| {} | {hours:.0} | {} | {:.0} | {} | {:.0} | {} | {:.0} | {} | {mean_event} | {} |",
            share_label(*s),
            dk(0),
            bucket(0),
            dk(1),
            bucket(1),
            dk(2),
            bucket(2),
            dk(3),
            dk(4)
        );
    }
}
