//! `nagrid expand`: co-optimised capacity expansion of a case, with the system cost
//! with and without expansion, what each built asset is worth and its reliability
//! value.
//!
//! Steps: (1) the case with `[expansion] enabled` and every candidate switched on
//! unless `[network] candidates` names some (printed); a horizon shorter than a year
//! is refused unless `--hours` asks for it (the scaling is printed and written);
//! (2) the builds, by Benders decomposition over windows (BD1–BD5; `transport`, a
//! horizon longer than one window) or one LP or MIP; (3) the system without
//! expansion and (4) for each built asset the system with every build but that one,
//! by the same method: the differences give the production-cost saving of each build
//! given the others, its benefit-cost ratio, and its reduction of expected unserved
//! energy and loss-of-load hours (`crate::expand_economics`).

use crate::expand_economics::{decide_benders, decide_single, economics, final_dispatch, prune, Decision, Engine, Outcome};
pub use crate::expand_economics::{Pruned, Upgrade};
use crate::pipeline::{run_solved, RunOptions, RunReport};
use crate::progress::Progress;
use crate::report_html::Section;
use crate::StudyError;
use nagrid_model::Case;
use nagrid_opf::benders::{Benders, BendersReport, CandidateInfo, Evaluation, Scenario, WindowExecutor};
use nagrid_opf::{Asset, BuildResult, DispatchOptions, ExpansionResults};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Result of `nagrid expand`.
#[derive(Debug, Serialize)]
pub struct ExpansionReport {
    /// Case name.
    pub case: String,
    /// Hours studied.
    pub hours: usize,
    /// Costs and energies of the horizon are multiplied by this (8,760 ÷ hours) to a year.
    pub annualization_factor: f64,
    /// `benders` or `single`.
    pub method: String,
    /// The candidates the expansion included.
    pub candidates: Vec<CandidateInfo>,
    /// Operating cost plus annualised expansion cost, USD/year.
    pub system_cost_with_expansion_usd_per_year: f64,
    /// Of which annualised expansion cost, USD/year.
    pub expansion_cost_usd_per_year: f64,
    /// Operating cost of the existing network, USD/year.
    pub system_cost_without_expansion_usd_per_year: f64,
    /// Net saving of the expansion, USD/year.
    pub net_savings_usd_per_year: f64,
    /// Expected unserved energy with and without the expansion, MWh/year.
    pub unserved_mwh_per_year_with_expansion: f64,
    /// Without the expansion.
    pub unserved_mwh_per_year_without_expansion: f64,
    /// Loss-of-load hours (some region short) with and without the expansion, per year.
    pub loss_of_load_hours_per_year_with_expansion: f64,
    /// Without the expansion.
    pub loss_of_load_hours_per_year_without_expansion: f64,
    /// The optimality gap the builds were decided to, USD/year (Benders: upper − lower
    /// bound; one MIP: its gap; one LP: 0).
    pub optimality_gap_usd_per_year: f64,
    /// Relative MIP gap of the single LP or MIP (absent with Benders).
    pub mip_gap: Option<f64>,
    /// Benders iterations, bounds and gaps (absent with one LP).
    pub benders: Option<BendersReport>,
    /// λ and α of the risk measure over weather years (BD6): the system costs above
    /// are (1 − λ) × expected + λ × CVaR_α of the yearly operating cost, plus capital.
    pub cvar_weight: f64,
    /// α of the risk measure.
    pub cvar_alpha: f64,
    /// (BD8) The upgrades' `near_optimal_min_mw` / `_max_mw` span the plans within this
    /// share of the net saving (0: not computed).
    pub near_optimal_share: f64,
    /// Expected operating cost over the weather years with the expansion, USD/year.
    pub expected_operating_cost_usd_per_year_with_expansion: f64,
    /// Without the expansion.
    pub expected_operating_cost_usd_per_year_without_expansion: f64,
    /// Per weather year (empty without `[expansion] weather_years`).
    pub weather_years: Vec<WeatherYearResult>,
    /// (BD9) Builds of the converged plan left out, in the order left out
    /// (`[expansion] prune_within_gap`); empty when none was.
    pub pruned: Vec<Pruned>,
    /// Every expandable asset.
    pub upgrades: Vec<Upgrade>,
}

/// The system in one weather year, with and without the expansion.
#[derive(Debug, Serialize)]
pub struct WeatherYearResult {
    /// The weather year (load shapes and renewables of that year).
    pub weather_year: i32,
    /// Operating cost with the expansion, USD/year.
    pub operating_cost_usd_per_year_with_expansion: f64,
    /// Without it.
    pub operating_cost_usd_per_year_without_expansion: f64,
    /// Unserved energy with the expansion, MWh/year.
    pub unserved_mwh_per_year_with_expansion: f64,
    /// Without it.
    pub unserved_mwh_per_year_without_expansion: f64,
    /// Loss-of-load hours with the expansion, per year.
    pub loss_of_load_hours_per_year_with_expansion: f64,
    /// Without it.
    pub loss_of_load_hours_per_year_without_expansion: f64,
}

/// A number with `d` decimals, empty when not finite.
fn num(v: f64, d: usize) -> String {
    if v.is_finite() {
        format!("{v:.d$}")
    } else {
        String::new()
    }
}

/// Case with the given builds added to the assets' capacity (but `skip`'s), expansion off.
pub(crate) fn with_builds(case: &Case, builds: &ExpansionResults, skip: Option<Asset>) -> Case {
    nagrid_opf::with_builds(case, builds, skip)
}

/// (Item of the issue on annualised decisions) A horizon shorter than a year makes
/// annualised decisions from part of the year: refused unless `--hours` asks for it.
/// The factor that scales the horizon to a year.
pub(crate) fn annualization(case: &Case, hours_given: bool) -> Result<f64, StudyError> {
    let h = case.axis.hours;
    let factor = 8760.0 / h as f64;
    if h < 8760 && !hours_given {
        return Err(StudyError::Invalid(format!(
            "the horizon is {h} hours, shorter than a year: expansion weighs annualised costs against the operation of these hours scaled to a year (× {factor:.2}); give --hours {h} to accept that scaling"
        )));
    }
    Ok(factor)
}

/// The candidates a Benders run (or the single LP) includes, one line each.
fn candidate_lines(c: &[CandidateInfo]) -> Vec<String> {
    let mut out = vec![format!("expansion candidates ({}):", c.len())];
    for k in c {
        let unit = k.kind.capacity_unit();
        let size = match k.build_unit_mw {
            Some(u) if (u - k.max_added_mw).abs() < 1e-9 => format!("built whole: {:.0} {unit}", u),
            Some(u) => format!("in blocks of {u:.0} {unit}, up to {:.0}", k.max_added_mw),
            None => format!("up to {:.0} {unit}", k.max_added_mw),
        };
        out.push(format!(
            "  {} ({}, {:.0} {unit} existing): {size}, {:.0} USD/{unit}-year",
            k.id,
            k.kind.name(),
            k.existing_mw,
            k.annualized_cost_usd_per_mw_year
        ));
    }
    out
}

/// The operational scenarios of the expansion study of the case folder `dir` (one
/// per weather year, or the case itself), its files and the weather years. A window
/// worker (BD7, the `expand_remote` module) builds the same from the same inputs.
pub fn expansion_scenarios(
    dir: &Path,
    opts: &RunOptions,
    progress: &Progress,
) -> Result<(Vec<Scenario>, nagrid_io::CaseFiles, Vec<i32>), StudyError> {
    nagrid_io::check_case_folder(dir)?;
    crate::check_year_override(opts.year)?;
    let mut settings = crate::settings_for_year(dir, opts.year)?;
    settings = nagrid_io::overrides::apply_settings(&settings, &opts.overrides)?;
    settings.expansion.enabled = true;
    // Candidates compete too, unless the study names which ones.
    if settings.network.candidates.is_empty() {
        settings.network.candidates = vec!["all".into()];
    }
    let years = settings.expansion.weather_years.clone();
    let (scenarios, files) = weather_year_scenarios(dir, opts, settings, progress)?;
    Ok((scenarios, files, years))
}

/// Run the expansion study of the case folder `dir`.
pub fn expand(dir: &Path, opts: &RunOptions) -> Result<(RunReport, Option<ExpansionReport>), StudyError> {
    expand_with(dir, opts, None)
}

/// Run the expansion study of the case folder `dir`, the Benders windows of every
/// iteration after the first solved by `executor` when one is given (BD7; e.g.
/// the Slurm executor of the `expand_remote` module) instead of on this machine's cores.
pub fn expand_with(
    dir: &Path,
    opts: &RunOptions,
    executor: Option<Box<dyn WindowExecutor>>,
) -> Result<(RunReport, Option<ExpansionReport>), StudyError> {
    if let Some(out) = &opts.out {
        nagrid_io::RunFolder::check(out)?;
    }
    let t0 = Instant::now();
    let progress = Progress::new(opts.quiet);
    progress.phase(format!("reading {}", dir.display()));
    let (scenarios, files, years) = expansion_scenarios(dir, opts, &progress)?;
    let case = scenarios[0].case.clone();
    let factor = annualization(&case, opts.hours.is_some())?;
    if case.axis.hours != 8760 {
        progress.note(format!("scaling the {}-hour horizon to a year: costs and energies × {factor:.4}", case.axis.hours));
    }
    let read_s = t0.elapsed().as_secs_f64();
    let dopts = DispatchOptions::from_settings(&case.settings);
    let benders = nagrid_opf::benders::applies(&case, &dopts) || scenarios.len() > 1;
    if executor.is_some() && !benders {
        return Err(StudyError::Invalid(format!(
            "the expansion is one LP over the {} hours (not Benders decomposition: [expansion] method = \"benders\", formulation \"transport\" and a horizon longer than window_hours = {}), so it has no windows to send to an executor",
            case.axis.hours, dopts.expansion.window_hours
        )));
    }
    let mut engine = if benders {
        let mut b = Benders::new(&scenarios, &dopts)?;
        if let Some(e) = executor {
            b.set_executor(e);
        }
        Engine::Benders(Box::new(b))
    } else {
        Engine::Single
    };
    let decided = match &mut engine {
        Engine::Benders(b) => {
            candidate_lines(&b.candidates()).iter().for_each(|l| progress.note(l));
            progress.phase(format!("Benders decomposition over {} windows of {} h (HiGHS)", b.n_windows(), dopts.expansion.window_hours));
            decide_benders(b, &progress)?
        }
        Engine::Single => {
            candidate_lines(&nagrid_opf::benders::candidates_of(&case, &dopts)).iter().for_each(|l| progress.note(l));
            progress.phase("expansion as one LP over the horizon (HiGHS)");
            decide_single(&case, &dopts)?
        }
    };
    let mut d = match decided {
        Outcome::Decided(d) => d,
        Outcome::Stopped(outcome) => return Ok((RunReport::stopped(*outcome), None)),
    };
    progress.phase(format!("value of {} built assets (each left out in turn)", d.builds_mw.iter().filter(|&&b| b > 0.0).count()));
    let withouts = prune(&case, &mut engine, &mut d, &progress)?;
    progress.phase("dispatch at the builds chosen");
    let outcome = final_dispatch(&mut engine, &mut d)?;
    let Some(sol) = outcome.solution.as_ref() else {
        return Ok((RunReport::stopped(outcome), None));
    };
    let upgrades = economics(&case, &engine, &d, sol, &years, withouts)?;
    drop(engine);
    let mut report = expansion_report(&case, factor, benders, &d, upgrades);
    report.weather_years = year_results(&years, &d);
    if !years.is_empty() {
        progress.note(format!("the run folder's dispatch is that of weather year {} (the first)", years[0]));
    }
    let write =
        |folder: &nagrid_io::RunFolder, case: &Case, sol: &nagrid_opf::DispatchSolution| write_expansion(folder, case, sol, &report);
    let r = run_solved(&case, Some((dir, &files)), opts, &progress, t0, read_s, outcome, Some(&write))?;
    progress.finish();
    Ok((r, Some(report)))
}

/// (BD6) One scenario per weather year of `[expansion] weather_years`, of equal
/// weight (the case itself when there are none), and the case's files.
fn weather_year_scenarios(
    dir: &Path,
    opts: &RunOptions,
    settings: nagrid_model::StudySettings,
    progress: &Progress,
) -> Result<(Vec<Scenario>, nagrid_io::CaseFiles), StudyError> {
    let years = settings.expansion.weather_years.clone();
    if years.is_empty() {
        let (case, files) = crate::pipeline::load_case_edited(dir, opts.hours, settings, &opts.overrides)?;
        return Ok((vec![Scenario { name: case.name.clone(), weight: 1.0, case }], files));
    }
    let benders_ok = settings.expansion.method == nagrid_model::ExpansionMethod::Benders
        && settings.model.formulation == nagrid_model::Formulation::Transport;
    if !benders_ok {
        return Err(StudyError::Invalid(
            "study.toml, column 'expansion.weather_years': expansion over weather years is solved by Benders decomposition, which needs [expansion] method = \"benders\" and [model] formulation = \"transport\"".into(),
        ));
    }
    let mut scenarios = Vec::with_capacity(years.len());
    let mut files = None;
    for &y in &years {
        progress.phase(format!("reading weather year {y}"));
        let mut s = settings.clone();
        s.load.weather_year = Some(y);
        let (case, f) = crate::pipeline::load_case_edited(dir, opts.hours, s, &opts.overrides)?;
        files.get_or_insert(f);
        scenarios.push(Scenario { name: format!("weather year {y}"), weight: 1.0, case });
    }
    Ok((scenarios, files.expect("at least one weather year")))
}

/// Per weather year, the system with and without the expansion.
fn year_results(years: &[i32], d: &Decision) -> Vec<WeatherYearResult> {
    years
        .iter()
        .zip(d.with.per_scenario.iter().zip(&d.without.per_scenario))
        .map(|(&weather_year, (w, wo))| WeatherYearResult {
            weather_year,
            operating_cost_usd_per_year_with_expansion: w.0,
            operating_cost_usd_per_year_without_expansion: wo.0,
            unserved_mwh_per_year_with_expansion: w.1,
            unserved_mwh_per_year_without_expansion: wo.1,
            loss_of_load_hours_per_year_with_expansion: w.2,
            loss_of_load_hours_per_year_without_expansion: wo.2,
        })
        .collect()
}

/// The report from the decision and the per-asset economics.
fn expansion_report(case: &Case, factor: f64, benders: bool, d: &Decision, upgrades: Vec<Upgrade>) -> ExpansionReport {
    let (with, without) = (&d.with, &d.without);
    let total = |e: &Evaluation| e.risk_adjusted_operating_cost_usd_per_year + e.capacity_cost_usd_per_year;
    ExpansionReport {
        case: case.name.clone(),
        hours: case.axis.hours,
        annualization_factor: factor,
        method: if benders { "benders" } else { "single" }.into(),
        candidates: d.candidates.clone(),
        system_cost_with_expansion_usd_per_year: total(with),
        expansion_cost_usd_per_year: with.capacity_cost_usd_per_year,
        system_cost_without_expansion_usd_per_year: total(without),
        net_savings_usd_per_year: total(without) - total(with),
        unserved_mwh_per_year_with_expansion: with.unserved_mwh_per_year,
        unserved_mwh_per_year_without_expansion: without.unserved_mwh_per_year,
        loss_of_load_hours_per_year_with_expansion: with.loss_of_load_hours_per_year,
        loss_of_load_hours_per_year_without_expansion: without.loss_of_load_hours_per_year,
        optimality_gap_usd_per_year: d.gap_usd_per_year,
        mip_gap: d.mip_gap,
        benders: d.report.clone(),
        cvar_weight: case.settings.expansion.cvar_weight,
        cvar_alpha: case.settings.expansion.cvar_alpha,
        near_optimal_share: if d.near_optimal_mw.is_empty() { 0.0 } else { case.settings.expansion.near_optimal_share },
        expected_operating_cost_usd_per_year_with_expansion: with.operating_cost_usd_per_year,
        expected_operating_cost_usd_per_year_without_expansion: without.operating_cost_usd_per_year,
        weather_years: Vec::new(),
        pruned: d.pruned.iter().map(|(_, p)| p.clone()).collect(),
        upgrades,
    }
}

/// upgrades.csv, upgrades-congested.csv and expansion.json in the run folder.
fn write_expansion(
    folder: &nagrid_io::RunFolder,
    case: &Case,
    sol: &nagrid_opf::DispatchSolution,
    report: &ExpansionReport,
) -> Result<Vec<Section>, StudyError> {
    let header = [
        "id",
        "kind",
        "capacity_unit",
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
        "benefit_cost_note",
        "marginal_value_usd_per_mw_year",
        "hours_congested",
        "eue_reduction_mwh_per_year",
        "lolh_reduction_hours_per_year",
        "capacity_value_mw",
        "near_optimal_min_mw",
        "near_optimal_max_mw",
    ];
    let rows = report.upgrades.iter().map(|u| {
        let b = &u.build;
        vec![
            b.id.clone(),
            b.kind.name().to_string(),
            b.kind.capacity_unit().to_string(),
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
            u.benefit_cost_note.clone(),
            num(b.marginal_value_usd_per_mw_year, 2),
            b.hours_at_limit.to_string(),
            num(u.eue_reduction_mwh_per_year, 3),
            num(u.lolh_reduction_hours_per_year, 3),
            num(u.capacity_value_mw, 3),
            num(u.near_optimal_min_mw, 3),
            num(u.near_optimal_max_mw, 3),
        ]
    });
    folder.write_csv("upgrades.csv", &header, rows)?;
    // The hours in which each built asset is at its new limit (1) or not (0), by the
    // one rule (`verify::at_limit`) behind `hours_congested` and summary.json.
    let built: Vec<(Asset, &BuildResult)> = sol.expansion.assets().filter(|(_, b)| b.built_mw > 0.0).collect();
    let cols: Vec<Vec<f64>> = built
        .iter()
        .map(|(a, _)| nagrid_opf::verify::at_limit(case, sol, *a).into_iter().map(|x| if x { 1.0 } else { 0.0 }).collect())
        .collect();
    let names: Vec<String> = built
        .iter()
        .map(|(a, b)| match a {
            Asset::StoragePower(_) => format!("{}:power", b.id),
            Asset::StorageEnergy(_) => format!("{}:energy", b.id),
            _ => b.id.clone(),
        })
        .collect();
    let headers: Vec<&str> = names.iter().map(String::as_str).collect();
    let refs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let tz: chrono_tz::Tz = case.settings.time.output_time_zone.parse().unwrap_or(chrono_tz::UTC);
    folder.write_hourly("upgrades-congested.csv", &case.axis, tz, &headers, &refs, 0)?;
    folder.write_json("expansion.json", report)?;
    if !report.weather_years.is_empty() {
        write_weather_years(folder, report)?;
    }
    Ok(vec![expansion_section(report)?])
}

/// weather_years.csv (the system per weather year with and without the expansion) and
/// upgrades-weather_years.csv (each build's value per weather year).
fn write_weather_years(folder: &nagrid_io::RunFolder, report: &ExpansionReport) -> Result<(), StudyError> {
    let header = [
        "weather_year",
        "operating_cost_usd_per_year_with_expansion",
        "operating_cost_usd_per_year_without_expansion",
        "unserved_mwh_per_year_with_expansion",
        "unserved_mwh_per_year_without_expansion",
        "loss_of_load_hours_per_year_with_expansion",
        "loss_of_load_hours_per_year_without_expansion",
    ];
    let rows = report.weather_years.iter().map(|y| {
        vec![
            y.weather_year.to_string(),
            num(y.operating_cost_usd_per_year_with_expansion, 2),
            num(y.operating_cost_usd_per_year_without_expansion, 2),
            num(y.unserved_mwh_per_year_with_expansion, 3),
            num(y.unserved_mwh_per_year_without_expansion, 3),
            num(y.loss_of_load_hours_per_year_with_expansion, 3),
            num(y.loss_of_load_hours_per_year_without_expansion, 3),
        ]
    });
    folder.write_csv("weather_years.csv", &header, rows)?;
    let header = [
        "id",
        "kind",
        "weather_year",
        "production_cost_savings_usd_per_year",
        "eue_reduction_mwh_per_year",
        "lolh_reduction_hours_per_year",
    ];
    let rows = report.upgrades.iter().flat_map(|u| {
        u.by_weather_year.iter().map(move |y| {
            vec![
                u.build.id.clone(),
                u.build.kind.name().to_string(),
                y.weather_year.to_string(),
                num(y.production_cost_savings_usd_per_year, 2),
                num(y.eue_reduction_mwh_per_year, 3),
                num(y.lolh_reduction_hours_per_year, 3),
            ]
        })
    });
    folder.write_csv("upgrades-weather_years.csv", &header, rows)?;
    Ok(())
}

/// The section `nagrid expand` adds to report.html: system cost and expected unserved
/// energy with and without the expansion, the annualised cost against the
/// production-cost saving of each build, and the table of upgrades.csv (reliability
/// value included).
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
        (
            "Unserved energy".into(),
            format!(
                "{} → {}",
                thousands(r.unserved_mwh_per_year_without_expansion, 0),
                thousands(r.unserved_mwh_per_year_with_expansion, 0)
            ),
            "MWh/year, without → with".into(),
        ),
    ]);
    let built: Vec<&Upgrade> = r.upgrades.iter().filter(|u| u.build.built_mw > 0.0).collect();
    if built.is_empty() {
        html.push_str("<p class=\"note\">Nothing is worth building: no expandable asset was built.</p>\n");
    } else {
        let chart = HBars {
            title: "Benefit and cost of each build, M USD/year".into(),
            x_desc: "M USD/year".into(),
            categories: built
                .iter()
                .map(|u| format!("{} (+{} {})", u.build.id, thousands(u.build.built_mw, 0), u.build.kind.capacity_unit()))
                .collect(),
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
    for p in &r.pruned {
        html.push_str(&format!(
            "<p class=\"note\">Left out: {} (+{} MW), which saved {} M USD/year more than it cost; the plan without it is within the optimality target of {} M USD/year (BD9, <code>[expansion] prune_within_gap</code>).</p>\n",
            esc(&p.id),
            thousands(p.built_mw, 0),
            musd(p.net_saving_usd_per_year),
            musd(p.target_usd_per_year)
        ));
    }
    let ratio = |v: f64| if v.is_finite() { format!("{v:.2}") } else { "n/a".into() };
    let rows: Vec<Vec<String>> = r
        .upgrades
        .iter()
        .map(|u| {
            let b = &u.build;
            vec![
                esc(&b.id),
                b.kind.name().to_string(),
                if u.to.is_empty() { esc(&u.from) } else { format!("{} → {}", esc(&u.from), esc(&u.to)) },
                b.kind.capacity_unit().to_string(),
                thousands(u.existing_mw, 0),
                thousands(b.built_mw, 0),
                thousands(b.max_added_mw, 0),
                musd(u.annualized_cost_usd_per_year),
                musd(u.production_cost_savings_usd_per_year),
                ratio(u.benefit_cost_ratio),
                thousands(b.hours_at_limit as f64, 0),
                thousands(u.eue_reduction_mwh_per_year, 0),
                thousands(u.capacity_value_mw, 0),
            ]
        })
        .collect();
    let header = [
        "asset",
        "kind",
        "where",
        "unit",
        "existing",
        "built",
        "max",
        "cost, M USD/yr",
        "saving, M USD/yr",
        "benefit/cost",
        "hours at new limit",
        "EUE avoided, MWh/yr",
        "capacity value, MW",
    ];
    html.push_str(&table(&header, &rows, &[4, 5, 6, 7, 8, 9, 10, 11, 12]));
    if !r.weather_years.is_empty() {
        let rows: Vec<Vec<String>> = r
            .weather_years
            .iter()
            .map(|y| {
                vec![
                    y.weather_year.to_string(),
                    musd(y.operating_cost_usd_per_year_without_expansion),
                    musd(y.operating_cost_usd_per_year_with_expansion),
                    thousands(y.unserved_mwh_per_year_without_expansion, 0),
                    thousands(y.unserved_mwh_per_year_with_expansion, 0),
                    thousands(y.loss_of_load_hours_per_year_without_expansion, 0),
                    thousands(y.loss_of_load_hours_per_year_with_expansion, 0),
                ]
            })
            .collect();
        let header = [
            "weather year",
            "operation without, M USD/yr",
            "with",
            "unserved without, MWh/yr",
            "with",
            "loss-of-load hours without",
            "with",
        ];
        let risk = if r.cvar_weight > 0.0 {
            format!("{:.2} × the expected operating cost + {:.2} × its CVaR at α = {}", 1.0 - r.cvar_weight, r.cvar_weight, r.cvar_alpha)
        } else {
            "the expected operating cost over these years".into()
        };
        html.push_str(&format!("<h3>Weather years</h3>\n<p>The builds minimise the capital cost plus {risk} (BD6); the dispatch shown in this report is the first year's.</p>\n"));
        html.push_str(&table(&header, &rows, &[1, 2, 3, 4, 5, 6]));
    }
    html.push_str(&format!(
        "<p class=\"note\">Builds decided by {} ({} h studied, costs × {:.4} to a year). Builds are drawn on the map (gold). \
         Figures of upgrades.csv and expansion.json.</p>\n",
        if r.method == "benders" { "Benders decomposition" } else { "one optimisation over the horizon" },
        r.hours,
        r.annualization_factor
    ));
    Ok(Section::new("expansion", "Expansion", html))
}
