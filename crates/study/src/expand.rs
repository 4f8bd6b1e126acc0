//! `nagrid expand`: co-optimised capacity expansion of a case, with the system cost
//! with and without expansion and what each built asset is worth.
//!
//! Steps: (1) the case with `[expansion] enabled` and every candidate corridor
//! switched on unless `[network] candidates` names some (one LP or MIP over the
//! horizon);
//! (2) the case without expansion (its own decomposition), for the system cost
//! without expansion; (3) the case with every build fixed, and (4) for each built
//! asset the same without that asset's build, in parallel: the difference of (4) and
//! (3) is the production-cost saving the asset brings given the others. Costs of a
//! horizon shorter than a year are annualised by 8,760 / hours.

use crate::pipeline::{run_loaded, RunOptions, RunReport};
use crate::progress::Progress;
use crate::report_html::Section;
use crate::StudyError;
use nagrid_model::Case;
use nagrid_opf::{dispatch, Asset, BuildResult, DispatchOptions, ExpansionResults, SolveStatus};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// One row of `upgrades.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Upgrade {
    /// Asset.
    pub build: BuildResult,
    /// Existing capacity, MW.
    pub existing_mw: f64,
    /// From / to region (lines and links) or region (generators).
    pub from: String,
    /// To region (empty for generators).
    pub to: String,
    /// Annualised cost of the build, USD/year.
    pub annualized_cost_usd_per_year: f64,
    /// Production-cost saving of the build given the other builds, USD/year.
    pub production_cost_savings_usd_per_year: f64,
    /// Savings ÷ annualised cost (NaN when nothing is built).
    pub benefit_cost_ratio: f64,
}

/// Result of `nagrid expand`.
#[derive(Debug, Serialize)]
pub struct ExpansionReport {
    /// Case name.
    pub case: String,
    /// Hours studied.
    pub hours: usize,
    /// Operating cost (builds fixed, same solve method as the cost without
    /// expansion) plus annualised expansion cost, USD/year.
    pub system_cost_with_expansion_usd_per_year: f64,
    /// Of which annualised expansion cost, USD/year.
    pub expansion_cost_usd_per_year: f64,
    /// System (operating) cost of the existing network, USD/year.
    pub system_cost_without_expansion_usd_per_year: f64,
    /// Net saving of the expansion, USD/year.
    pub net_savings_usd_per_year: f64,
    /// Every expandable asset.
    pub upgrades: Vec<Upgrade>,
}

/// A number with `d` decimals, empty when not finite.
fn num(v: f64, d: usize) -> String {
    if v.is_finite() {
        format!("{v:.d$}")
    } else {
        String::new()
    }
}

fn total_cost(case: &Case) -> Result<(SolveStatus, f64), StudyError> {
    let out = dispatch(case, &DispatchOptions::from_settings(&case.settings))?;
    Ok((out.status.clone(), out.solution.map_or(f64::NAN, |s| s.objective_usd)))
}

/// Case with the given builds added to the assets' capacity (but `skip`'s), expansion off.
pub(crate) fn with_builds(case: &Case, builds: &ExpansionResults, skip: Option<Asset>) -> Case {
    nagrid_opf::with_builds(case, builds, skip)
}

/// Run the expansion study of the case folder `dir`.
pub fn expand(dir: &Path, opts: &RunOptions) -> Result<(RunReport, Option<ExpansionReport>), StudyError> {
    if let Some(out) = &opts.out {
        nagrid_io::RunFolder::check(out)?;
    }
    let t0 = Instant::now();
    let progress = Progress::new(opts.quiet);
    progress.phase(format!("reading {}", dir.display()));
    nagrid_io::check_case_folder(dir)?;
    crate::check_year_override(opts.year)?;
    let mut settings = crate::settings_for_year(dir, opts.year)?;
    settings = nagrid_io::overrides::apply_settings(&settings, &opts.overrides)?;
    settings.expansion.enabled = true;
    // Candidate corridors compete too, unless the study names which ones.
    if settings.network.candidates.is_empty() {
        settings.network.candidates = vec!["all".into()];
    }
    let (case, files) = crate::pipeline::load_case_edited(dir, opts.hours, settings, &opts.overrides)?;
    let read_s = t0.elapsed().as_secs_f64();
    let year = 8760.0 / case.axis.hours as f64;
    let last: std::sync::Mutex<Option<ExpansionReport>> = std::sync::Mutex::new(None);
    let extra = |folder: &nagrid_io::RunFolder, case: &Case, sol: &nagrid_opf::DispatchSolution| -> Result<Vec<Section>, StudyError> {
        let builds = &sol.expansion;
        let assets: Vec<(Asset, &BuildResult)> = builds.assets().collect();
        progress.phase("system cost without expansion");
        let (st0, without) = total_cost(&with_builds(case, &ExpansionResults::default(), None))?;
        progress.phase(format!("production-cost savings of {} built assets", assets.iter().filter(|(_, b)| b.built_mw > 0.0).count()));
        let (st1, with_all) = total_cost(&with_builds(case, builds, None))?;
        let leave_out: Vec<Result<(SolveStatus, f64), StudyError>> = assets
            .par_iter()
            .map(
                |&(a, b)| {
                    if b.built_mw > 0.0 {
                        total_cost(&with_builds(case, builds, Some(a)))
                    } else {
                        Ok((SolveStatus::Optimal, with_all))
                    }
                },
            )
            .collect();
        let expansion_cost: f64 = builds.iter().map(|b| b.cost_usd).sum::<f64>() * year;
        let n = &case.network;
        let mut upgrades = Vec::new();
        for (&(asset, b), lo) in assets.iter().zip(leave_out) {
            let (st, without_i) = lo?;
            let (existing, from, to) = match asset {
                Asset::Line(i) => {
                    let l = &n.lines[i];
                    (l.s_max_mw, n.regions[l.from].id.clone(), n.regions[l.to].id.clone())
                }
                Asset::Link(i) => {
                    let l = &n.links[i];
                    (l.p_max_forward_mw, n.regions[l.from].id.clone(), n.regions[l.to].id.clone())
                }
                Asset::Generator(i) => {
                    let g = &n.generators[i];
                    (g.p_max_mw, n.regions[g.region].id.clone(), String::new())
                }
                _ => continue,
            };
            let annual = b.annualized_cost_usd_per_mw_year * b.built_mw;
            let savings = if st == SolveStatus::Optimal && st1 == SolveStatus::Optimal { (without_i - with_all) * year } else { f64::NAN };
            upgrades.push(Upgrade {
                build: b.clone(),
                existing_mw: existing,
                from,
                to,
                annualized_cost_usd_per_year: annual,
                production_cost_savings_usd_per_year: savings,
                benefit_cost_ratio: if annual > 0.0 { savings / annual } else { f64::NAN },
            });
        }
        let header = [
            "id",
            "kind",
            "from",
            "to",
            "existing_mw",
            "built_mw",
            "max_added_mw",
            "build_unit_mw",
            "annualized_cost_usd_per_mw_year",
            "annualized_cost_usd_per_year",
            "production_cost_savings_usd_per_year",
            "benefit_cost_ratio",
            "marginal_value_usd_per_mw_year",
            "hours_congested",
        ];
        let rows = upgrades.iter().map(|u| {
            let b = &u.build;
            vec![
                b.id.clone(),
                b.kind.name().to_string(),
                u.from.clone(),
                u.to.clone(),
                format!("{:.3}", u.existing_mw),
                format!("{:.3}", b.built_mw),
                format!("{:.3}", b.max_added_mw),
                b.build_unit_mw.map(|v| v.to_string()).unwrap_or_default(),
                format!("{:.2}", b.annualized_cost_usd_per_mw_year),
                format!("{:.2}", u.annualized_cost_usd_per_year),
                num(u.production_cost_savings_usd_per_year, 2),
                num(u.benefit_cost_ratio, 4),
                format!("{:.2}", b.marginal_value_usd_per_mw_year),
                b.hours_at_limit.to_string(),
            ]
        });
        folder.write_csv("upgrades.csv", &header, rows)?;
        // The hours in which each built asset is at its new limit (1) or not (0).
        let built: Vec<&(Asset, &BuildResult)> = assets.iter().filter(|(_, b)| b.built_mw > 0.0).collect();
        let cols: Vec<Vec<f64>> = built
            .iter()
            .map(|(a, _)| nagrid_opf::verify::at_limit(case, sol, *a).into_iter().map(|x| if x { 1.0 } else { 0.0 }).collect())
            .collect();
        let headers: Vec<&str> = built.iter().map(|(_, b)| b.id.as_str()).collect();
        let refs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
        let tz: chrono_tz::Tz = case.settings.time.output_time_zone.parse().unwrap_or(chrono_tz::UTC);
        folder.write_hourly("upgrades-congested.csv", &case.axis, tz, &headers, &refs, 0)?;
        // With and without expansion both from the same solve method (the case's
        // decomposition, builds fixed), so the difference is the expansion's alone.
        let with = with_all * year + expansion_cost;
        let report = ExpansionReport {
            case: case.name.clone(),
            hours: case.axis.hours,
            system_cost_with_expansion_usd_per_year: with,
            expansion_cost_usd_per_year: expansion_cost,
            system_cost_without_expansion_usd_per_year: if st0 == SolveStatus::Optimal { without * year } else { f64::NAN },
            net_savings_usd_per_year: without * year - with,
            upgrades,
        };
        folder.write_json("expansion.json", &report)?;
        let sections = vec![expansion_section(&report)?];
        *last.lock().expect("lock") = Some(report);
        Ok(sections)
    };
    let r = run_loaded(&case, Some((dir, &files)), opts, &progress, t0, read_s, Some(&extra))?;
    progress.finish();
    Ok((r, last.into_inner().expect("lock")))
}

/// The section `nagrid expand` adds to report.html: system cost with and without the
/// expansion, annualised cost against production-cost savings of each build, and
/// the table of upgrades.csv.
fn expansion_section(r: &ExpansionReport) -> Result<Section, StudyError> {
    use crate::report_html::charts::{hbars_height, HBars};
    use crate::report_html::html::{cards, esc, figure, table};
    use crate::units::{musd, thousands};
    use plotters::style::RGBColor;
    let mut html = cards(&[
        ("Without expansion".into(), musd(r.system_cost_without_expansion_usd_per_year), "M USD/year".into()),
        ("With expansion".into(), musd(r.system_cost_with_expansion_usd_per_year), "M USD/year, capital included".into()),
        ("Of which capital".into(), musd(r.expansion_cost_usd_per_year), "M USD/year, annualised".into()),
        ("Net saving".into(), musd(r.net_savings_usd_per_year), "M USD/year".into()),
    ]);
    let built: Vec<&Upgrade> = r.upgrades.iter().filter(|u| u.build.built_mw > 0.0).collect();
    if built.is_empty() {
        html.push_str("<p class=\"note\">Nothing is worth building: no expandable asset was built.</p>\n");
    } else {
        let chart = HBars {
            title: "Benefit and cost of each build, M USD/year".into(),
            x_desc: "M USD/year".into(),
            categories: built.iter().map(|u| format!("{} (+{} MW)", u.build.id, thousands(u.build.built_mw, 0))).collect(),
            series: vec![
                ("annualised cost".into(), RGBColor(127, 127, 127), built.iter().map(|u| u.annualized_cost_usd_per_year / 1e6).collect()),
                (
                    "production-cost saving (given the other builds)".into(),
                    RGBColor(44, 160, 44),
                    built.iter().map(|u| u.production_cost_savings_usd_per_year / 1e6).collect(),
                ),
            ],
            stacked: false,
        };
        let svg = crate::chart::svg(&chart, (crate::report_html::CHART_W, hbars_height(&chart)))?;
        html.push_str(&figure(
            "bars",
            &svg,
            "A build is worth it where the green bar is longer than the grey one (benefit-cost ratio above 1).",
        ));
    }
    let rows: Vec<Vec<String>> = r
        .upgrades
        .iter()
        .map(|u| {
            let b = &u.build;
            vec![
                esc(&b.id),
                b.kind.name().to_string(),
                format!("{} → {}", esc(&u.from), esc(&u.to)),
                thousands(u.existing_mw, 0),
                thousands(b.built_mw, 0),
                thousands(b.max_added_mw, 0),
                musd(u.annualized_cost_usd_per_year),
                musd(u.production_cost_savings_usd_per_year),
                if u.benefit_cost_ratio.is_finite() { format!("{:.2}", u.benefit_cost_ratio) } else { "n/a".into() },
                thousands(b.hours_at_limit as f64, 0),
            ]
        })
        .collect();
    let header = [
        "asset",
        "kind",
        "where",
        "existing, MW",
        "built, MW",
        "max, MW",
        "cost, M USD/yr",
        "saving, M USD/yr",
        "benefit/cost",
        "hours at new limit",
    ];
    html.push_str(&table(&header, &rows, &[3, 4, 5, 6, 7, 8, 9]));
    html.push_str("<p class=\"note\">Builds are drawn on the map (gold). Figures of upgrades.csv and expansion.json; costs of a horizon shorter than a year are annualised.</p>\n");
    Ok(Section::new("expansion", "Expansion", html))
}
