//! `nagrid`: yearly dispatch studies of the North American grid.
//!
//! This binary is glue: parsing arguments, calling `nagrid-study`, printing
//! results and choosing the exit code. Exit codes: 0 success, 1 bad input or I/O
//! failure, 2 bad command line, 3 the solver did not reach an optimum.

mod forecast;
mod headroom;
mod overrides;
mod pypsa;
mod sweep;

use anyhow::Context;
use clap::{Parser, Subcommand};
use nagrid_study::{report, RunOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "nagrid",
    version,
    about = "Least-cost hourly dispatch of the US-Canada-Mexico grid, case folder in, result tables out.",
    long_about = "Least-cost hourly dispatch of the US-Canada-Mexico grid.\n\n\
A case is a folder with study.toml, regions.csv, generators.csv, optional storage.csv, \
lines.csv and links.csv, and hourly series in series/ (see docs/case-format.md).\n\n\
Typical use:\n  nagrid validate inputs/tiny\n  nagrid run inputs/tiny\n  nagrid opf case14.m --costs quadratic\n  nagrid run inputs/tiny --hours 2 --out /tmp/run1\n  nagrid backcast inputs/tiny",
    after_help = "Results go to outputs/<case>/<UTC time>/ unless --out is given; a run never overwrites another."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where a study's results go and how much it says: shared by `run`, `expand`
/// and `compare`.
#[derive(clap::Args)]
struct StudyArgs {
    /// Case folder, e.g. inputs/tiny.
    case: PathBuf,
    /// Study only the first N hours of the horizon (overrides study.toml).
    #[arg(long)]
    hours: Option<usize>,
    /// Study year Y instead of study.toml's study_year; the horizon starts in Y
    /// (fleet by online/retirement years, fuel prices, availability and budgets of Y).
    #[arg(long)]
    year: Option<i32>,
    /// Folder to create (must not exist). Default: <outputs>/<case>/<UTC time>.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Parent folder of default output folders.
    #[arg(long, default_value = "outputs")]
    outputs: PathBuf,
    /// No progress display and no summary; only the output folder is printed.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    overrides: overrides::OverrideArgs,
}

impl StudyArgs {
    fn run_options(&self) -> anyhow::Result<RunOptions> {
        let (hours, year, out, outputs_root, quiet) = (self.hours, self.year, self.out.clone(), self.outputs.clone(), self.quiet);
        Ok(RunOptions { hours, year, out, outputs_root, quiet, overrides: self.overrides.overrides()? })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check a case folder and report every problem found (file, line, column, value).
    Validate {
        /// Case folder, e.g. inputs/tiny.
        case: PathBuf,
        /// Check only the first N hours of the horizon.
        #[arg(long)]
        hours: Option<usize>,
        /// Check the case for year Y instead of study.toml's study_year.
        #[arg(long)]
        year: Option<i32>,
    },
    /// Solve the least-cost dispatch of a case and write a run folder.
    Run {
        #[command(flatten)]
        study: StudyArgs,
        /// Also write the (first) dispatch LP to FILE in MPS format, for bug reports.
        #[arg(long, value_name = "FILE")]
        write_lp: Option<PathBuf>,
    },
    /// Co-optimise the expansion of expandable lines, links and generators with the
    /// dispatch; writes upgrades.csv and expansion.json besides the dispatch outputs.
    Expand {
        #[command(flatten)]
        study: StudyArgs,
        #[command(flatten)]
        exec: sweep::ExpandExecArgs,
    },
    /// Run the variants of a comparison file (default <case>/compare.toml) in
    /// parallel and write a comparison table.
    Compare {
        #[command(flatten)]
        study: StudyArgs,
        /// Comparison file (default: compare.toml in the case folder).
        #[arg(long)]
        variants: Option<PathBuf>,
    },
    /// Run the study like `run` and compare it with the public record of its year
    /// (record/record_<year>.csv in the case folder): writes backcast.csv, backcast.md
    /// and backcast.json into the run folder and prints the table. Failing rows are
    /// reported, not errors (exit code 0).
    Backcast {
        #[command(flatten)]
        study: StudyArgs,
    },
    /// Nodal DC optimal power flow of a MATPOWER case file (.m).
    Opf {
        /// MATPOWER case file, e.g. ../shared/cases/pglib/pglib_opf_case14_ieee.m.
        case: PathBuf,
        /// Run folder to create (must not exist). Default: <outputs>/opf/<case>/<UTC time>.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Parent folder of default run folders.
        #[arg(long, default_value = "outputs")]
        outputs: PathBuf,
        /// `linear` drops the quadratic cost terms (an LP); `quadratic` keeps them (a convex QP).
        #[arg(long, value_enum, default_value_t = Costs::Linear)]
        costs: Costs,
        /// How Kirchhoff's voltage law is written: `cycles` (default), `angles` or `ptdf` (distribution factors; up to 2,000 buses).
        #[arg(long, value_enum, default_value_t = Kvl::Cycles)]
        kvl: Kvl,
        /// Print only the run folder.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write a case's hourly wind, solar and run-of-river availability
    /// (series/generators-p_max_pu.csv) for its study horizon, calibrated to the
    /// capacity factors in renewables.csv; deterministic for a seed.
    Series {
        /// Case folder, e.g. inputs/north-america.
        case: PathBuf,
        /// Seed of the weather generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Load forecasting: fit and evaluate models on hourly history, project
    /// data-center growth and plot load growth (see docs/load-forecasting.md).
    Forecast {
        #[command(flatten)]
        args: Box<forecast::ForecastArgs>,
        /// No progress messages.
        #[arg(long, short, global = true)]
        quiet: bool,
    },
    /// Curtailment-enabled headroom of balancing authorities from EIA-930 demand
    /// (Duke's "Rethinking Load Growth" method; see docs/headroom.md).
    Headroom(headroom::HeadroomArgs),
    /// Read a PyPSA CSV folder (n.export_to_csv_folder) into a case folder (docs/pypsa.md).
    ImportPypsa(pypsa::ImportArgs),
    /// Write a case as a PyPSA CSV folder (pypsa.Network(dir) reads it; docs/pypsa.md).
    ExportPypsa(pypsa::ExportArgs),
    /// Run the variants of a sweep file (axes over study.toml keys and table values,
    /// or a list) locally or as a Slurm job array, and merge them (docs/sweeps.md).
    Sweep(Box<sweep::SweepArgs>),
    /// Run one variant of a sweep folder and record its outcome (what each Slurm array task runs).
    SweepTask {
        /// Sweep folder (with plan.json).
        dir: PathBuf,
        /// Variant index, from 0.
        index: usize,
        /// Print nothing.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Solve one task's share of the Benders windows of an expansion (what each Slurm
    /// array task of `nagrid expand --executor slurm` runs).
    #[command(hide = true)]
    ExpandTask {
        /// Work folder (with setup.json).
        work: PathBuf,
        /// Evaluation number, from 0.
        eval: usize,
        /// Task index within the evaluation's array, from 0.
        task: usize,
        /// Print nothing.
        #[arg(long, short)]
        quiet: bool,
    },
    /// What changed between two run folders: settings, system cost, energy by fuel and
    /// country, cross-border flows, load-weighted prices (absolute and relative).
    Diff {
        /// Run folder A.
        a: PathBuf,
        /// Run folder B.
        b: PathBuf,
    },
    /// Write a synthetic N-region case folder (for benchmarks and scale tests).
    Synthetic {
        /// Case folder to create (must not exist).
        dir: PathBuf,
        /// Number of regions.
        #[arg(long, default_value_t = 30)]
        regions: usize,
        /// Number of hours from 2030-01-01 00:00 UTC.
        #[arg(long, default_value_t = 8760)]
        hours: usize,
        /// Seed of the deterministic generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// `transport`: a ring of AC transfer limits with chords and a few HVDC links;
        /// `dc`: Kirchhoff's law on an AC grid meshed like an interconnection (about
        /// two lines per region between near neighbours, with loops) and about one
        /// HVDC link per 2.5 regions.
        #[arg(long, value_enum, default_value_t = SyntheticFormulation::Transport)]
        formulation: SyntheticFormulation,
    },
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    handle_interrupts();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // The chain of causes, without repeating one its parent already shows.
            let mut msg = e.to_string();
            for cause in e.chain().skip(1).map(|c| c.to_string()) {
                if !msg.contains(&cause) {
                    msg = format!("{msg}: {cause}");
                }
            }
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Output piped into a reader that stops early (`nagrid … | head`) ends nagrid the
/// way it ends `cat` or `grep`: by SIGPIPE, quietly, rather than by a panic on the
/// failed write (Rust ignores SIGPIPE unless told otherwise). Run folders are
/// committed before anything is printed to standard output, so none is left partial.
fn restore_sigpipe() {
    // SAFETY: called first in main, before any other thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// On SIGINT or SIGTERM, remove the temporary folders of the run folders being
/// written (a run never leaves a partial folder behind) and exit with 128 + the
/// signal number (130, 143), as a shell reports a process killed by the signal.
fn handle_interrupts() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            nagrid_io::results::remove_partial_folders();
            let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
            eprintln!("\nnagrid: interrupted by {name}; the run folder being written was removed");
            std::process::exit(128 + sig);
        }
    });
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate { case, hours, year } => validate(&case, hours, year),
        Command::Run { study, write_lp } => dispatch(&study, write_lp.as_deref()),
        Command::Opf { case, out, outputs, costs, kvl, quiet } => opf(&case, out, &outputs, costs, kvl, quiet),
        Command::Expand { study, exec } => expand(&study, &exec),
        Command::Compare { study, variants } => compare(&study, variants),
        Command::Backcast { study } => backcast(&study),
        Command::Forecast { args, quiet } => {
            forecast::run(*args, quiet)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Headroom(args) => {
            headroom::run(args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Series { case, seed } => {
            let (path, n) = nagrid_study::renewables::write_availability(&case, seed)?;
            println!("{}: {n} availability series (wind, solar, run-of-river hydro)", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportPypsa(a) => pypsa::import(&a).map(|_| ExitCode::SUCCESS),
        Command::ExportPypsa(a) => pypsa::export(&a).map(|_| ExitCode::SUCCESS),
        Command::Synthetic { dir, regions, hours, seed, formulation } => synthetic(&dir, regions, hours, seed, formulation),
        Command::Sweep(args) => sweep::run(*args),
        Command::SweepTask { dir, index, quiet } => sweep::task(&dir, index, quiet),
        Command::ExpandTask { work, eval, task, quiet } => sweep::expand_task(&work, eval, task, quiet),
        Command::Diff { a, b } => sweep::diff(&a, &b),
    }
}

/// Exit code 3 and the solver's status, when it stopped without an optimum.
fn solver_stopped(status: &nagrid_opf::SolveStatus, after: Option<f64>) -> anyhow::Result<ExitCode> {
    let after = after.map(|s| format!(" after {s:.1} s")).unwrap_or_default();
    eprintln!("error: the solver stopped with status '{status}'{after}; no outputs were written{}", hint(status));
    Ok(ExitCode::from(3))
}

fn validate(case: &Path, hours: Option<usize>, year: Option<i32>) -> anyhow::Result<ExitCode> {
    let c = nagrid_study::validate_in_year(case, hours, year)?;
    let n = &c.network;
    println!(
        "{}: valid. {} regions, {} generators, {} storage units, {} AC lines, {} links; {} hours from {}",
        case.display(),
        n.regions.len(),
        n.generators.len(),
        n.storage.len(),
        n.lines.len(),
        n.links.len(),
        c.axis.hours,
        c.axis.start.to_rfc3339()
    );
    let out = &n.out_of_service;
    if out.count() > 0 {
        println!(
            "  not in service in {} (left out): {} generators, {} storage units, {} AC lines, {} links",
            c.settings.study_year,
            out.generators.len(),
            out.storage.len(),
            out.lines.len(),
            out.links.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn dispatch(study: &StudyArgs, write_lp: Option<&Path>) -> anyhow::Result<ExitCode> {
    let opts = study.run_options()?;
    if let Some(path) = write_lp {
        let (c, _) = nagrid_study::load_case_with(&study.case, study.hours, study.year, &opts.overrides)?;
        nagrid_opf::write_lp(&c, &nagrid_opf::DispatchOptions::from_settings(&c.settings), path)?;
    }
    let r = nagrid_study::run(&study.case, &opts)?;
    let (Some(dir), Some(s)) = (&r.out_dir, &r.summary) else {
        return solver_stopped(&r.status, Some(r.timings.solve_s));
    };
    if study.quiet {
        println!("{}", dir.display());
    } else {
        println!("Results written to {}", dir.display());
        print!("{}", report::console(s, 5));
        println!(
            "Timings: read {:.2} s, build {:.2} s, solve {:.2} s, extract {:.2} s, write {:.2} s",
            r.timings.read_s, r.timings.build_s, r.timings.solve_s, r.timings.extract_s, r.timings.write_s
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn opf(case: &Path, out: Option<PathBuf>, outputs: &Path, costs: Costs, kvl: Kvl, quiet: bool) -> anyhow::Result<ExitCode> {
    use nagrid_io::matpower::CostMode;
    let opts = nagrid_study::opf::OpfOptions {
        costs: match costs {
            Costs::Linear => CostMode::Linear,
            Costs::Quadratic => CostMode::Quadratic,
        },
        kvl: match kvl {
            Kvl::Cycles => nagrid_model::KvlMethod::Cycles,
            Kvl::Angles => nagrid_model::KvlMethod::Angles,
            Kvl::Ptdf => nagrid_model::KvlMethod::Ptdf,
        },
        ..Default::default()
    };
    let (r, dir) = nagrid_study::opf::run_opf(case, &opts, out, outputs)?;
    let Some(dir) = dir else {
        return solver_stopped(&r.status, None);
    };
    if quiet {
        println!("{}", dir.display());
    } else {
        println!("Results written to {}", dir.display());
        println!(
            "{}: {}, objective {:.4} USD/h, generation {:.3} MW, load {:.3} MW",
            r.case, r.status, r.objective_usd_per_h, r.total_generation_mw, r.total_load_mw
        );
        println!(
            "Timings: parse {:.3} s, build {:.3} s, solve {:.3} s, write {:.3} s",
            r.timings_s.parse_s, r.timings_s.build_s, r.timings_s.solve_s, r.timings_s.write_s
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// USD as M USD with one decimal, without a sign on a zero.
fn musd(usd: f64) -> f64 {
    let m = (usd / 1e5).round() / 10.0;
    if m == 0.0 {
        0.0
    } else {
        m
    }
}

fn expand(study: &StudyArgs, exec: &sweep::ExpandExecArgs) -> anyhow::Result<ExitCode> {
    let opts = study.run_options()?;
    let executor = sweep::expand_executor(&study.case, &opts, exec)?;
    let (r, rep) = nagrid_study::expand::expand_with(&study.case, &opts, executor)?;
    let (Some(dir), Some(rep)) = (&r.out_dir, rep) else {
        return solver_stopped(&r.status, None);
    };
    if study.quiet {
        println!("{}", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("Results written to {}", dir.display());
    println!(
        "System cost per year: {:.1} M USD with expansion ({:.1} M USD of it annualised capital), {:.1} M USD without; net saving {:.1} M USD",
        musd(rep.system_cost_with_expansion_usd_per_year),
        musd(rep.expansion_cost_usd_per_year),
        musd(rep.system_cost_without_expansion_usd_per_year),
        musd(rep.net_savings_usd_per_year)
    );
    match &rep.benders {
        Some(b) => println!(
            "Benders: {} iterations over {} windows of up to {} h, gap {:.3} M USD/yr ({:.1e}; target {:.3} M USD/yr): {}",
            b.iterations,
            b.windows,
            b.window_hours.min(rep.hours),
            b.gap_usd_per_year / 1e6,
            b.gap_rel,
            b.abs_gap_target_usd_per_year / 1e6,
            b.stop_reason
        ),
        None => println!("Optimality gap {:.3} M USD/yr (one LP over the horizon)", rep.optimality_gap_usd_per_year / 1e6),
    }
    if !rep.weather_years.is_empty() {
        let risk = if rep.cvar_weight > 0.0 {
            format!("{:.2} × expected + {:.2} × CVaR at α = {}", 1.0 - rep.cvar_weight, rep.cvar_weight, rep.cvar_alpha)
        } else {
            "the expected cost".into()
        };
        println!("Over {} weather years, minimising {risk}:", rep.weather_years.len());
        for y in &rep.weather_years {
            println!(
                "  {}: operating cost {:.1} M USD/yr with expansion ({:.1} without), unserved {:.0} MWh/yr ({:.0} without)",
                y.weather_year,
                musd(y.operating_cost_usd_per_year_with_expansion),
                musd(y.operating_cost_usd_per_year_without_expansion),
                y.unserved_mwh_per_year_with_expansion.round() + 0.0,
                y.unserved_mwh_per_year_without_expansion.round() + 0.0
            );
        }
    }
    let share = rep.near_optimal_share;
    for u in rep.upgrades.iter().filter(|u| u.build.built_mw > 0.0) {
        let unit = u.build.kind.capacity_unit();
        println!(
            "  {} ({} {}{}): +{:.0} {unit}, {:.1} M USD/yr, saves {:.1} M USD/yr (B/C {:.2}), {} h at its new limit, EUE avoided {:.0} MWh/yr{}",
            u.build.id,
            u.build.kind.name(),
            u.from,
            if u.to.is_empty() { String::new() } else { format!(" -> {}", u.to) },
            u.build.built_mw,
            u.annualized_cost_usd_per_year / 1e6,
            u.production_cost_savings_usd_per_year / 1e6,
            u.benefit_cost_ratio,
            u.build.hours_at_limit,
            u.eue_reduction_mwh_per_year.round() + 0.0,
            if u.benefit_cost_note.is_empty() { String::new() } else { format!(" ({})", u.benefit_cost_note) }
        );
        if u.near_optimal_min_mw.is_finite() {
            println!(
                "    within {:.0} % of the net saving: {:.0} to {:.0} {unit}",
                100.0 * share,
                u.near_optimal_min_mw,
                u.near_optimal_max_mw
            );
        }
    }
    // (BD8) Assets not built that some near-optimal plan builds: the five largest by
    // annualised cost at their most (every one is in upgrades.csv).
    let mut also: Vec<(f64, String)> = rep
        .upgrades
        .iter()
        .filter(|u| u.build.built_mw <= 0.0 && u.near_optimal_max_mw > 0.0)
        .map(|u| {
            let unit = u.build.kind.capacity_unit();
            (
                u.build.annualized_cost_usd_per_mw_year * u.near_optimal_max_mw,
                format!("{} up to {:.0} {unit}", u.build.id, u.near_optimal_max_mw),
            )
        })
        .collect();
    if !also.is_empty() {
        also.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let more = also.len().saturating_sub(5);
        let shown: Vec<&str> = also.iter().take(5).map(|(_, t)| t.as_str()).collect();
        println!(
            "  not built, but within {:.0} % of the net saving: {}{}",
            100.0 * share,
            shown.join(", "),
            if more > 0 { format!(" and {more} more (upgrades.csv, near_optimal_max_mw)") } else { String::new() }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn compare(study: &StudyArgs, variants: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let file = variants.unwrap_or_else(|| study.case.join("compare.toml"));
    let spec = nagrid_io::sweep_spec::read_compare(&file)?;
    let o = study.run_options()?;
    let opts =
        nagrid_study::sweep::SweepOptions { hours: o.hours, year: o.year, overrides: o.overrides, quiet: o.quiet, max_parallel: None };
    let (dir, rows) = nagrid_study::compare::compare_with(&study.case, &spec, &opts, study.out.clone(), &study.outputs)?;
    if study.quiet {
        println!("{}", dir.display());
    } else {
        println!("Comparison written to {}", dir.display());
        print!("{}", std::fs::read_to_string(dir.join("comparison.md")).unwrap_or_default());
    }
    Ok(if rows.iter().all(|r| r.status == nagrid_opf::SolveStatus::Optimal) { ExitCode::SUCCESS } else { ExitCode::from(3) })
}

fn backcast(study: &StudyArgs) -> anyhow::Result<ExitCode> {
    let (r, b) = nagrid_study::backcast(&study.case, &study.run_options()?, study.year)?;
    let (Some(dir), Some(b)) = (&r.out_dir, b) else {
        return solver_stopped(&r.status, Some(r.timings.solve_s));
    };
    if study.quiet {
        println!("{}", dir.display());
    } else {
        println!("Results written to {}", dir.display());
        print!("{}", nagrid_study::backcast::markdown(&b));
        println!("Timings: solve {:.2} s, comparison with the record {:.3} s", r.timings.solve_s, r.timings.backcast_s);
    }
    Ok(ExitCode::SUCCESS)
}

fn synthetic(dir: &Path, regions: usize, hours: usize, seed: u64, formulation: SyntheticFormulation) -> anyhow::Result<ExitCode> {
    anyhow::ensure!((2..=MAX_SYNTHETIC_REGIONS).contains(&regions), "--regions must be from 2 to {MAX_SYNTHETIC_REGIONS}");
    let max_hours = nagrid_model::limits::MAX_HOURS;
    anyhow::ensure!((1..=max_hours).contains(&hours), "--hours must be from 1 to {max_hours}");
    let case = match formulation {
        SyntheticFormulation::Transport => nagrid_study::synthetic::synthetic_case(regions, hours, seed),
        SyntheticFormulation::Dc => nagrid_study::synthetic::synthetic_case_with(regions, hours, seed, nagrid_model::Formulation::Dc),
    };
    nagrid_io::write_case(dir, &case).with_context(|| format!("writing {}", dir.display()))?;
    match formulation {
        SyntheticFormulation::Transport => println!("{}: synthetic case with {regions} regions and {hours} hours", dir.display()),
        SyntheticFormulation::Dc => println!(
            "{}: synthetic dc case with {regions} regions, {} AC lines and {} HVDC links, {hours} hours",
            dir.display(),
            case.network.lines.len(),
            case.network.links.len()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Grid and formulation of `nagrid synthetic`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SyntheticFormulation {
    Transport,
    Dc,
}

/// Most regions of `nagrid synthetic` (the benchmarks use up to a few hundred).
const MAX_SYNTHETIC_REGIONS: usize = 10_000;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Costs {
    Linear,
    Quadratic,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kvl {
    Cycles,
    Angles,
    Ptdf,
}

fn hint(s: &nagrid_opf::SolveStatus) -> &'static str {
    use nagrid_opf::SolveStatus::*;
    match s {
        Infeasible => " (check must-run minimums against load plus export capacity)",
        TimeLimit => " (raise [solver] time_limit_s in study.toml or study fewer --hours)",
        _ => "",
    }
}
