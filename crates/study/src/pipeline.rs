//! read → build → solve → check → summarise → write, with timings per phase.

use crate::backcast::{Backcast, BackcastRow};
use crate::progress::Progress;
use crate::report;
use crate::stats::{self, Summary};
use crate::StudyError;
use nagrid_io::overrides::{self, Override};
use nagrid_io::record::{read_record, record_file};
use nagrid_io::{file_sha256, CaseFiles, IoError, RunFolder};
use nagrid_model::{Case, Issue, Issues, StudySettings};
use nagrid_opf::{DispatchSolution, SolveStats, SolveStatus};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of one run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Override the number of hours studied.
    pub hours: Option<usize>,
    /// Study this year instead of `study_year` (`--year`; see [`load_case_in_year`]).
    pub year: Option<i32>,
    /// Exact run folder to create; default `<outputs_root>/<case>/<run-id>`.
    pub out: Option<PathBuf>,
    /// Parent of default run folders.
    pub outputs_root: PathBuf,
    /// No progress display.
    pub quiet: bool,
    /// Overrides of study.toml keys and table values (`--set`, sweep variants),
    /// applied after `year`; recorded in run.json.
    pub overrides: Vec<Override>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { hours: None, year: None, out: None, outputs_root: PathBuf::from("outputs"), quiet: true, overrides: Vec::new() }
    }
}

/// Wall-clock seconds per phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Reading and validating the case.
    pub read_s: f64,
    /// Building the LP.
    pub build_s: f64,
    /// HiGHS.
    pub solve_s: f64,
    /// Extracting, checking and summarising results.
    pub extract_s: f64,
    /// Writing the run folder.
    pub write_s: f64,
    /// Writing report.html (within `write_s`, beside the tables and charts).
    pub report_s: f64,
    /// Comparing with the record of the study year (`record/record_<year>.csv`), when the case has one.
    pub backcast_s: f64,
    /// Further solves of an analysis (e.g. `nagrid expand`'s comparison runs).
    pub analysis_s: f64,
    /// Everything.
    pub total_s: f64,
}

/// What a run produced.
#[derive(Debug)]
pub struct RunReport {
    /// Solver outcome; outputs are written only when optimal.
    pub status: SolveStatus,
    /// The run folder, when written.
    pub out_dir: Option<PathBuf>,
    /// The summary, when optimal.
    pub summary: Option<Summary>,
    /// The solution, when optimal.
    pub solution: Option<DispatchSolution>,
    /// LP size and solver statistics.
    pub stats: SolveStats,
    /// Phase timings.
    pub timings: Timings,
    /// Rolling horizon against the single LP, when asked for (`report_gap`).
    pub rolling_gap: Option<RollingGap>,
}

impl RunReport {
    /// The report of a solve that stopped without an optimum: nothing written.
    pub(crate) fn stopped(outcome: nagrid_opf::DispatchOutcome) -> Self {
        Self {
            status: outcome.status,
            out_dir: None,
            summary: None,
            solution: None,
            stats: outcome.stats,
            timings: Timings::default(),
            rolling_gap: None,
        }
    }
}

/// Cost of a rolling-horizon solution against the single LP over the same hours.
#[derive(Debug, Clone, Serialize)]
pub struct RollingGap {
    /// Single LP optimum, USD.
    pub single_lp_objective_usd: f64,
    /// Rolling-horizon cost, USD.
    pub rolling_objective_usd: f64,
    /// (rolling − single) / single, percent (≥ 0).
    pub gap_pct: f64,
    /// Time to solve the single LP, seconds.
    pub single_lp_solve_s: f64,
    /// Unserved energy of the single LP over the horizon, MWh.
    pub single_lp_unserved_mwh: f64,
    /// Unserved energy of the rolling horizon, MWh (the rolling horizon may not
    /// shed load the single LP serves: a larger figure is a warning).
    pub rolling_unserved_mwh: f64,
}

/// Read and validate a case folder without solving it.
pub fn validate(dir: &Path, hours: Option<usize>) -> Result<Case, StudyError> {
    Ok(load_case(dir, hours)?.0)
}

/// Read and validate a case folder for `year` (`--year`) without solving it.
pub fn validate_in_year(dir: &Path, hours: Option<usize>, year: Option<i32>) -> Result<Case, StudyError> {
    Ok(load_case_in_year(dir, hours, year)?.0)
}

/// Read a case folder; with `[load] source = "forecast"` its hourly load is
/// synthesised for the study year first (see [`crate::demand`]).
pub fn load_case(dir: &Path, hours: Option<usize>) -> Result<(Case, CaseFiles), StudyError> {
    load_case_in_year(dir, hours, None)
}

/// `--year`: a year from [`MIN_YEAR`](nagrid_model::limits::MIN_YEAR) to `MAX_YEAR`.
pub fn check_year_override(year: Option<i32>) -> Result<(), StudyError> {
    use nagrid_model::limits::{MAX_YEAR, MIN_YEAR};
    match year {
        Some(y) if !(MIN_YEAR..=MAX_YEAR).contains(&y) => {
            let mut issues = nagrid_model::Issues::default();
            issues.push(nagrid_model::Issue::file("--year", format!("{y}: a study year is from {MIN_YEAR} to {MAX_YEAR}")));
            Err(nagrid_io::IoError::Input(issues).into())
        }
        _ => Ok(()),
    }
}

/// Read a case folder as [`load_case`] does, for `year` instead of its `study_year`
/// when given: the study year and the horizon's start move to that year
/// ([`nagrid_model::StudySettings::in_year`]); service years (Y1), fuel prices (C1),
/// availability (A1, A2) and hydro budgets follow it.
pub fn load_case_in_year(dir: &Path, hours: Option<usize>, year: Option<i32>) -> Result<(Case, CaseFiles), StudyError> {
    load_case_with(dir, hours, year, &[])
}

/// [`load_case_in_year`] with `overrides` (study.toml keys, table values, `borders`,
/// `start`; [`nagrid_io::overrides`]) applied after `year`.
pub fn load_case_with(
    dir: &Path,
    hours: Option<usize>,
    year: Option<i32>,
    overrides: &[Override],
) -> Result<(Case, CaseFiles), StudyError> {
    nagrid_io::check_case_folder(dir)?;
    nagrid_io::check_hours_override(hours)?;
    check_year_override(year)?;
    overrides::check_keys(overrides)?;
    let settings = match nagrid_io::read_settings(dir) {
        Ok(s) => match year {
            Some(y) => s.in_year(y),
            None => s,
        },
        // Report the problems of study.toml with those of the static tables. The
        // series are checked once study.toml is valid: without a valid horizon and
        // load source, their problems would be consequential (or false).
        Err(e) => {
            return Err(match nagrid_io::read_network(dir) {
                Err(all) => all.into(),
                Ok(_) => e.into(),
            })
        }
    };
    let settings = overrides::apply_settings(&settings, overrides)?;
    load_case_edited(dir, hours, settings, overrides)
}

/// Read a case folder with `settings` in place of its `study.toml`; the record of
/// the study year, if the folder has one, is checked too.
pub fn load_case_as(dir: &Path, hours: Option<usize>, settings: nagrid_model::StudySettings) -> Result<(Case, CaseFiles), StudyError> {
    load_case_edited(dir, hours, settings, &[])
}

/// [`load_case_as`] with the table values and `borders` of `overrides` (their
/// study.toml keys are expected in `settings` already: [`overrides::apply_settings`]).
pub fn load_case_edited(
    dir: &Path,
    hours: Option<usize>,
    settings: nagrid_model::StudySettings,
    overrides: &[Override],
) -> Result<(Case, CaseFiles), StudyError> {
    nagrid_io::check_hours_override(hours)?;
    let edits = overrides::cell_edits(overrides)?;
    let borders = overrides::borders(overrides)?;
    let (mut case, mut files) = if settings.load.source != nagrid_model::LoadSource::Forecast {
        nagrid_io::read_case_edited(dir, hours, None, Some(settings), &edits)?
    } else {
        let (_, net, _) = nagrid_io::read_network_edited(dir, Some(settings.clone()), &edits)?;
        let axis = nagrid_io::axis_of(&settings, hours);
        let (provided, used) = crate::demand::provided_loads(dir, &net, &settings, &axis)?;
        let (case, mut files) = nagrid_io::read_case_edited(dir, hours, Some(provided), Some(settings), &edits)?;
        for f in
            ["load/regions_load.csv", "load/datacenters.csv", "load/datacenter_pipeline.csv"].into_iter().map(PathBuf::from).chain(used)
        {
            files.0.push(f);
        }
        (case, files)
    };
    if borders == Some(nagrid_model::Borders::Islanded) {
        island(&mut case);
    }
    crate::backcast::check_record(dir, &case, &mut files)?;
    Ok((case, files))
}

/// Remove every line and link between regions of different countries.
pub fn island(case: &mut Case) {
    let country: Vec<nagrid_model::Country> = case.network.regions.iter().map(|r| r.country).collect();
    case.network.lines.retain(|l| country[l.from] == country[l.to]);
    case.network.links.retain(|l| country[l.from] == country[l.to]);
}

/// A new run folder: `out` exactly (it must not exist), or by default
/// `<root>/<case>/<UTC time>`, with the next free `-1`, `-2`… suffix if that is
/// taken when the run completes (two runs started in the same second).
pub fn create_run_folder(out: Option<&Path>, root: &Path, case: &str) -> Result<RunFolder, StudyError> {
    Ok(match out {
        Some(p) => RunFolder::create(p)?,
        None => {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
            RunFolder::create_numbered(&root.join(case).join(stamp))?
        }
    })
}

/// Run the study of the case folder `dir`.
pub fn run(dir: &Path, opts: &RunOptions) -> Result<RunReport, StudyError> {
    if let Some(out) = &opts.out {
        RunFolder::check(out)?;
    }
    let progress = Progress::new(opts.quiet);
    let t0 = Instant::now();
    progress.phase(format!("reading {}", dir.display()));
    let (case, files) = load_case_with(dir, opts.hours, opts.year, &opts.overrides)?;
    let read_s = t0.elapsed().as_secs_f64();
    let report = run_loaded(&case, Some((dir, &files)), opts, &progress, t0, read_s, None)?;
    progress.finish();
    Ok(report)
}

/// Run an in-memory case (no input files to hash).
pub fn run_case(case: &Case, opts: &RunOptions) -> Result<RunReport, StudyError> {
    let progress = Progress::new(opts.quiet);
    let t0 = Instant::now();
    run_loaded(case, None, opts, &progress, t0, 0.0, None)
}

/// Extra files written into a run folder before it is committed, returning the
/// sections they add to report.html.
pub(crate) type ExtraWriter<'a> = &'a dyn Fn(&RunFolder, &Case, &DispatchSolution) -> Result<Vec<crate::report_html::Section>, StudyError>;

#[allow(clippy::too_many_arguments)]
pub(crate) fn run_loaded(
    case: &Case,
    inputs: Option<(&Path, &CaseFiles)>,
    opts: &RunOptions,
    progress: &Progress,
    t0: Instant,
    read_s: f64,
    extra: Option<ExtraWriter>,
) -> Result<RunReport, StudyError> {
    // Created before solving: a bad --out fails at once, and the folder (removed if
    // the run fails or is interrupted) is named by the run's start time.
    let folder = create_run_folder(opts.out.as_deref(), &opts.outputs_root, &case.name)?;
    let n = &case.network;
    progress.phase(format!(
        "building and solving the dispatch LP: {} regions, {} generators, {} hours (HiGHS)",
        n.regions.len(),
        n.generators.len(),
        case.axis.hours
    ));
    let windows = |done: usize, total: usize| progress.phase(format!("rolling horizon: {done}/{total} windows solved (HiGHS)"));
    let outcome = nagrid_opf::dispatch_with_progress(case, &nagrid_opf::DispatchOptions::from_settings(&case.settings), &windows)?;
    let solver = &case.settings.solver;
    let mut rolling_gap = None;
    if solver.decomposition == nagrid_model::Decomposition::Rolling && solver.report_gap.applies(case.axis.hours) {
        if let (Some(sol), SolveStatus::Optimal) = (&outcome.solution, &outcome.status) {
            progress.phase("solving the single LP to measure the rolling-horizon gap");
            // (WS3) The single LP starts from the rolling horizon's dispatch unless told otherwise.
            let options = nagrid_opf::DispatchOptions::from_settings(&case.settings);
            let single = if solver.single_lp_start == nagrid_model::SingleLpStart::Cold {
                nagrid_opf::dispatch_single(case, &options)?
            } else {
                nagrid_opf::dispatch_single_from(case, &options, sol)?
            };
            if let Some(s) = single.solution {
                rolling_gap = Some(RollingGap {
                    single_lp_objective_usd: s.objective_usd,
                    rolling_objective_usd: sol.objective_usd,
                    gap_pct: 100.0 * (sol.objective_usd - s.objective_usd) / s.objective_usd.abs().max(1e-9),
                    single_lp_solve_s: single.stats.solve_s,
                    single_lp_unserved_mwh: s.unserved_mw.iter().flatten().sum(),
                    rolling_unserved_mwh: sol.unserved_mw.iter().flatten().sum(),
                });
            }
        }
    }
    finish_run(folder, case, inputs, opts, progress, (t0, read_s), outcome, rolling_gap, extra)
}

/// Write the run folder of `case` from a dispatch solved elsewhere (`outcome`, e.g.
/// by Benders decomposition), like [`run_loaded`] does after its own solve.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_solved(
    case: &Case,
    inputs: Option<(&Path, &CaseFiles)>,
    opts: &RunOptions,
    progress: &Progress,
    t0: Instant,
    read_s: f64,
    outcome: nagrid_opf::DispatchOutcome,
    extra: Option<ExtraWriter>,
) -> Result<RunReport, StudyError> {
    let folder = create_run_folder(opts.out.as_deref(), &opts.outputs_root, &case.name)?;
    finish_run(folder, case, inputs, opts, progress, (t0, read_s), outcome, None, extra)
}

/// Check, summarise and write a solved run into `folder`, then commit it.
#[allow(clippy::too_many_arguments)]
fn finish_run(
    folder: RunFolder,
    case: &Case,
    inputs: Option<(&Path, &CaseFiles)>,
    opts: &RunOptions,
    progress: &Progress,
    (t0, read_s): (Instant, f64),
    outcome: nagrid_opf::DispatchOutcome,
    rolling_gap: Option<RollingGap>,
    extra: Option<ExtraWriter>,
) -> Result<RunReport, StudyError> {
    let mut timings = Timings { read_s, build_s: outcome.stats.build_s, solve_s: outcome.stats.solve_s, ..Default::default() };
    let Some(sol) = outcome.solution else {
        timings.total_s = t0.elapsed().as_secs_f64();
        return Ok(RunReport {
            status: outcome.status,
            out_dir: None,
            summary: None,
            solution: None,
            stats: outcome.stats,
            timings,
            rolling_gap: None,
        });
    };
    progress.phase("checking and summarising");
    let t = Instant::now();
    let checks = nagrid_opf::verify::check(case, &sol);
    let summary = stats::summarize(case, &sol, checks);
    timings.extract_s = outcome.stats.extract_s + t.elapsed().as_secs_f64();
    for note in case.load_origin.iter().flat_map(|o| &o.notes) {
        progress.note(format!("warning: {note}"));
    }
    let short = crate::adequacy::below_target(&summary.reserve_margins);
    if !short.is_empty() {
        progress.note(format!(
            "warning: reserve margin below {} % in the peak hour (imports not counted): {}",
            crate::adequacy::TARGET_RESERVE_MARGIN_PCT,
            short.join(", ")
        ));
    }

    if let Some(g) = &rolling_gap {
        progress.note(format!(
            "rolling horizon against the single LP: cost {:+.4} %, unserved {:.1} MWh against {:.1} MWh (single LP solved in {:.1} s)",
            g.gap_pct, g.rolling_unserved_mwh, g.single_lp_unserved_mwh, g.single_lp_solve_s
        ));
        if g.rolling_unserved_mwh > g.single_lp_unserved_mwh + 1.0 {
            progress.note(format!(
                "warning: the rolling horizon sheds {:.1} MWh more than the single LP; solve this horizon with decomposition = \"none\"",
                g.rolling_unserved_mwh - g.single_lp_unserved_mwh
            ));
        }
    }
    progress.phase(if case.settings.output.plots { "writing outputs and drawing charts" } else { "writing outputs" });
    let t = Instant::now();
    let rh = crate::hourly::region_hourly(case, &sol);
    let st = crate::statistics::statistics(case, &sol);
    let data = crate::report_html::RunData { case, sol: &sol, summary: &summary, statistics: &st, hourly: &rh };
    let want_report = case.settings.output.report;
    let report_now = want_report && extra.is_none();
    // Tables, charts and the report are independent files: written side by side. With
    // an extra writer (expand), the report waits for the sections it adds.
    let charts = || -> Result<(), StudyError> {
        if case.settings.output.plots {
            crate::plots::dispatch_plots(case, &sol, &rh, &folder.path("plots"))?;
            if let (Some((dir, _)), nagrid_model::LoadSource::Forecast) = (inputs, case.settings.load.source) {
                crate::demand::growth_plots(dir, &case.network, &case.settings, &folder.path("plots"))?;
            }
        }
        Ok(())
    };
    let html = || -> Result<f64, StudyError> {
        let t = Instant::now();
        if report_now {
            folder.write_text("report.html", &crate::report_html::run_report(&data, &[])?)?;
        }
        Ok(t.elapsed().as_secs_f64())
    };
    let tables = || write_outputs(&folder, case, &sol, &summary, &rh, &st);
    let (tables, (charts, html)) = rayon::join(tables, || rayon::join(charts, html));
    tables?;
    charts?;
    timings.report_s = html?;
    if let Some((dir, _)) = inputs {
        let t = Instant::now();
        crate::backcast::write_if_recorded(&folder, dir, case, &sol, &summary)?;
        timings.backcast_s = t.elapsed().as_secs_f64();
    }
    if let Some(extra) = extra {
        let t = Instant::now();
        let sections = extra(&folder, case, &sol)?;
        timings.analysis_s = t.elapsed().as_secs_f64();
        if want_report {
            let t = Instant::now();
            folder.write_text("report.html", &crate::report_html::run_report(&data, &sections)?)?;
            timings.report_s = t.elapsed().as_secs_f64();
        }
    }
    timings.write_s = t.elapsed().as_secs_f64() - timings.analysis_s;
    timings.total_s = t0.elapsed().as_secs_f64();
    let run = RunFacts { status: &outcome.status, stats: &outcome.stats, timings: &timings, rolling_gap: rolling_gap.as_ref() };
    write_run_json(&folder, case, inputs, &run, &summary, &opts.overrides)?;
    let out_dir = folder.commit()?;
    Ok(RunReport {
        status: outcome.status,
        out_dir: Some(out_dir),
        summary: Some(summary),
        solution: Some(sol),
        stats: outcome.stats,
        timings,
        rolling_gap,
    })
}

fn write_outputs(
    f: &RunFolder,
    case: &Case,
    sol: &DispatchSolution,
    summary: &Summary,
    rh: &crate::hourly::RegionHourly,
    st: &crate::statistics::Statistics,
) -> Result<(), StudyError> {
    if case.settings.output.hourly {
        write_hourly(f, case, sol, rh)?;
    }
    crate::statistics::write(f, case, st)?;
    f.write_json("summary.json", summary)?;
    f.write_text("summary.md", &report::markdown(summary, Some(st), case.settings.output.top_congested))?;
    Ok(())
}

/// One hourly table: file name, column headers and columns.
type HourlyFile<'a> = (&'a str, Vec<&'a str>, Vec<&'a [f64]>);

/// The hourly tables of docs/outputs.md, written side by side (each file is
/// independent; the largest, generators-p_mw.csv, takes about as long as the rest).
fn write_hourly(f: &RunFolder, case: &Case, sol: &DispatchSolution, rh: &crate::hourly::RegionHourly) -> Result<(), StudyError> {
    use rayon::prelude::*;
    let n = &case.network;
    let dec = case.settings.output.decimals;
    let tz = crate::weeks::output_tz(case);
    let ax = &case.axis;
    let reg: Vec<&str> = n.regions.iter().map(|r| r.id.as_str()).collect();
    let gen: Vec<&str> = n.generators.iter().map(|g| g.id.as_str()).collect();
    let sto: Vec<&str> = n.storage.iter().map(|g| g.id.as_str()).collect();
    let mut files: Vec<HourlyFile> = vec![
        ("generators-p_mw.csv", gen, cols(&sol.gen_p_mw)),
        ("storage-soc_mwh.csv", sto.clone(), cols(&sol.storage_soc_mwh)),
        ("storage-charge_mw.csv", sto.clone(), cols(&sol.storage_charge_mw)),
        ("storage-discharge_mw.csv", sto, cols(&sol.storage_discharge_mw)),
    ];
    // Candidate lines and links left out of the study carry no flow: columns of zeros
    // after those of the study, so every run of a case has the same columns.
    let zeros = vec![0.0; ax.hours];
    let idle = |link: bool| n.idle_candidates.iter().filter(move |c| c.is_link == link).map(|c| c.id.as_str());
    let lin: Vec<&str> = n.lines.iter().map(|g| g.id.as_str()).collect();
    let lnk: Vec<&str> = n.links.iter().map(|g| g.id.as_str()).collect();
    let mut lin_all = lin.clone();
    lin_all.extend(idle(false));
    let mut lin_cols = cols(&sol.line_flow_mw);
    lin_cols.resize(lin_all.len(), &zeros);
    files.push(("lines-flow_mw.csv", lin_all, lin_cols));
    let net: Vec<Vec<f64>> = (0..n.links.len()).map(|k| (0..ax.hours).map(|t| sol.link_net_mw(k, t)).collect()).collect();
    let mut lnk_all = lnk.clone();
    lnk_all.extend(idle(true));
    let mut lnk_cols = cols(&net);
    lnk_cols.resize(lnk_all.len(), &zeros);
    files.push(("links-flow_mw.csv", lnk_all, lnk_cols));
    files.push(("regions-price_usd_per_mwh.csv", reg.clone(), cols(&sol.price_usd_per_mwh)));
    files.push(("regions-unserved_mw.csv", reg.clone(), cols(&sol.unserved_mw)));
    files.push(("regions-load_mw.csv", reg.clone(), cols(&rh.demand_mw)));
    files.push(("regions-net_interchange_mw.csv", reg.clone(), cols(&rh.net_export_mw)));
    if !case.datacenter_mw.is_empty() {
        files.push(("regions-datacenter_load_mw.csv", reg.clone(), cols(&case.datacenter_mw)));
    }
    if !n.flexible_loads.is_empty() {
        let fl: Vec<&str> = n.flexible_loads.iter().map(|g| g.id.as_str()).collect();
        files.push(("flexible_loads-curtailed_mw.csv", fl, cols(&sol.flex_curtailed_mw)));
        files.push(("regions-flexible_load_mw.csv", reg.clone(), cols(&rh.flexible_mw)));
    }
    if !n.reserves.is_empty() {
        // (RS1, RS3) Reserve prices and shortages.
        let res: Vec<&str> = n.reserves.iter().map(|r| r.id.as_str()).collect();
        files.push(("reserves-price_usd_per_mwh.csv", res.clone(), cols(&sol.reserve_price_usd_per_mwh)));
        files.push(("reserves-shortage_mw.csv", res, cols(&sol.reserve_shortage_mw)));
    }
    let rent = stats::hourly_congestion_rent(case, sol);
    let ic: Vec<&str> = lin.iter().chain(lnk.iter()).copied().collect();
    files.push(("interconnectors-congestion_rent_usd.csv", ic, cols(&rent)));
    files.par_iter().try_for_each(|(name, headers, columns)| f.write_hourly(name, ax, tz, headers, columns, dec))?;
    Ok(())
}

#[derive(Serialize)]
struct InputHash {
    file: String,
    sha256: String,
}

#[derive(Serialize)]
struct RunJson<'a> {
    tool: &'static str,
    version: &'static str,
    /// SHA-256 of the program that made the run (which build).
    program_sha256: Option<String>,
    case: &'a str,
    case_dir: Option<String>,
    inputs: Vec<InputHash>,
    settings: &'a nagrid_model::StudySettings,
    horizon_start_utc: String,
    hours: usize,
    /// Where the hourly load comes from when synthesised, and what the synthesis could
    /// not meet (absent when the load is read from `series/loads-p_mw.csv`).
    #[serde(skip_serializing_if = "Option::is_none")]
    load: Option<&'a nagrid_model::LoadOrigin>,
    /// (Y1) Components of the case folder not in service in the study year, left out
    /// (absent when none are).
    #[serde(skip_serializing_if = "Option::is_none")]
    out_of_service: Option<OutOfServiceJson<'a>>,
    solver: SolverJson<'a>,
    timings_s: &'a Timings,
    checks: &'a nagrid_opf::verify::Residuals,
    rolling_gap: Option<&'a RollingGap>,
    /// Overrides of the case (`--set`, `--scenario`, sweep variants), in the order applied.
    overrides: Vec<overrides::OverrideRecord>,
}

#[derive(Serialize)]
struct OutOfServiceJson<'a> {
    count: usize,
    #[serde(flatten)]
    ids: &'a nagrid_model::OutOfService,
}

#[derive(Serialize)]
struct SolverJson<'a> {
    name: &'static str,
    status: String,
    objective_usd: f64,
    stats: &'a SolveStats,
}

fn cols(v: &[Vec<f64>]) -> Vec<&[f64]> {
    v.iter().map(|x| x.as_slice()).collect()
}

/// What the solve of a run gave, for run.json.
struct RunFacts<'a> {
    status: &'a SolveStatus,
    stats: &'a SolveStats,
    timings: &'a Timings,
    rolling_gap: Option<&'a RollingGap>,
}

fn write_run_json(
    f: &RunFolder,
    case: &Case,
    inputs: Option<(&Path, &CaseFiles)>,
    run: &RunFacts,
    summary: &Summary,
    overrides: &[Override],
) -> Result<(), StudyError> {
    let RunFacts { status, stats, timings, rolling_gap } = *run;
    let mut hashes = Vec::new();
    if let Some((dir, files)) = inputs {
        for rel in &files.0 {
            hashes.push(InputHash { file: rel.display().to_string(), sha256: file_sha256(&dir.join(rel))? });
        }
    }
    let rj = RunJson {
        tool: "nagrid",
        version: env!("CARGO_PKG_VERSION"),
        program_sha256: std::env::current_exe().ok().and_then(|p| file_sha256(&p).ok()),
        case: &case.name,
        case_dir: inputs.map(|(d, _)| d.display().to_string()),
        inputs: hashes,
        settings: &case.settings,
        horizon_start_utc: summary.start_utc.clone(),
        hours: case.axis.hours,
        load: case.load_origin.as_ref(),
        out_of_service: (case.network.out_of_service.count() > 0)
            .then(|| OutOfServiceJson { count: case.network.out_of_service.count(), ids: &case.network.out_of_service }),
        solver: SolverJson { name: "HiGHS", status: status.to_string(), objective_usd: summary.cost.total_usd, stats },
        timings_s: timings,
        checks: &summary.checks,
        rolling_gap,
        overrides: overrides.iter().map(Override::record).collect(),
    };
    f.write_json("run.json", &rj)?;
    Ok(())
}

/// The settings of `dir` for the study year `year` (when given): the study year and
/// the horizon moved into that year ([`StudySettings::in_year`]).
pub fn settings_for_year(dir: &Path, year: Option<i32>) -> Result<StudySettings, StudyError> {
    check_year_override(year)?;
    let s = nagrid_io::read_settings(dir)?;
    Ok(match year {
        Some(y) => s.in_year(y),
        None => s,
    })
}

/// `nagrid backcast`: run the study of `dir` like `nagrid run` (for `year`, default
/// the case's study year) and compare it with `record/record_<year>.csv`, which must
/// exist. The comparison is `None` when the solver stopped without an optimum.
pub fn backcast(dir: &Path, opts: &RunOptions, year: Option<i32>) -> Result<(RunReport, Option<Backcast>), StudyError> {
    if let Some(out) = &opts.out {
        RunFolder::check(out)?;
    }
    nagrid_io::check_case_folder(dir)?;
    let settings = overrides::apply_settings(&settings_for_year(dir, year)?, &opts.overrides)?;
    let year = settings.study_year;
    let file = record_file(year);
    if !dir.join(&file).is_file() {
        return Err(IoError::Input(Issues(vec![Issue::file(&file, missing_record(dir, year))])).into());
    }
    let progress = Progress::new(opts.quiet);
    let t0 = Instant::now();
    progress.phase(format!("reading {}", dir.display()));
    let (case, files) = load_case_edited(dir, opts.hours, settings, &opts.overrides)?;
    let read_s = t0.elapsed().as_secs_f64();
    let report = run_loaded(&case, Some((dir, &files)), opts, &progress, t0, read_s, None)?;
    progress.finish();
    let b = match (&report.solution, &report.summary) {
        (Some(sol), Some(summary)) => {
            let record = read_record(dir, year, &case.network)?.unwrap_or_default();
            Some(Backcast::new(year, crate::backcast::compare(&record, &case, sol, summary)))
        }
        _ => None,
    };
    Ok((report, b))
}

/// Why `nagrid backcast` cannot run without the record of `year`, with the years the case has.
fn missing_record(dir: &Path, year: i32) -> String {
    let mut years: Vec<String> = std::fs::read_dir(dir.join("record"))
        .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.strip_prefix("record_")?.strip_suffix(".csv").map(String::from)).collect())
        .unwrap_or_default();
    years.sort();
    let have = if years.is_empty() {
        "the case has no record files".to_string()
    } else {
        format!("the case has records for {}", years.join(", "))
    };
    format!(
        "missing: nagrid backcast compares the run of {year} with {} ({have}); write it (docs/case-format.md, record section) or choose another --year",
        dir.join(record_file(year)).display()
    )
}

/// Run the backcast of a case folder into a temporary run folder (removed again)
/// and return its rows: what a calibration test needs, e.g.
/// `nagrid_study::run_backcast(dir, Some(2024))?.iter().all(|r| r.pass != Some(false))`.
pub fn run_backcast(case_dir: &Path, year: Option<i32>) -> Result<Vec<BackcastRow>, StudyError> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out: PathBuf = std::env::temp_dir().join(format!("nagrid-backcast-{}-{n}", std::process::id()));
    let opts = RunOptions { out: Some(out.clone()), ..Default::default() };
    let result = backcast(case_dir, &opts, year);
    let _ = std::fs::remove_dir_all(&out);
    let (report, b) = result?;
    b.map(|b| b.rows).ok_or_else(|| StudyError::NotSolved(report.status.to_string()))
}
