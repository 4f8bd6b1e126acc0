//! Nodal DC-OPF of a MATPOWER case (`nagrid opf`): read, solve, report in
//! MATPOWER's row order, and write a run folder.

use crate::StudyError;
use nagrid_io::matpower::{matpower_to_case, read_matpower, CostMode, MatpowerMap};
use nagrid_io::RunFolder;
use nagrid_model::KvlMethod;
use nagrid_opf::{dispatch, SolveStats, SolveStatus};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of a DC-OPF run.
#[derive(Debug, Clone)]
pub struct OpfOptions {
    /// Linear (c2 dropped) or quadratic costs.
    pub costs: CostMode,
    /// How Kirchhoff's voltage law is written.
    pub kvl: KvlMethod,
    /// HiGHS time limit, seconds.
    pub time_limit_s: f64,
}

impl Default for OpfOptions {
    fn default() -> Self {
        Self { costs: CostMode::Linear, kvl: KvlMethod::default(), time_limit_s: 600.0 }
    }
}

/// Results in MATPOWER row order (0 for out-of-service rows).
#[derive(Debug, Clone, Serialize)]
pub struct OpfResult {
    /// Case name.
    pub case: String,
    /// Solver outcome.
    pub status: SolveStatus,
    /// Cost, USD/h, including the constant terms c0.
    pub objective_usd_per_h: f64,
    /// Sum of generation, MW.
    pub total_generation_mw: f64,
    /// Sum of demand including shunt conductance, MW.
    pub total_load_mw: f64,
    /// Output per gen row, MW.
    pub pg_mw: Vec<f64>,
    /// From-end flow per branch row, MW.
    pub branch_flow_mw: Vec<f64>,
    /// Shadow price of each branch's limit, USD/MWh (price difference when binding).
    pub branch_limit_dual_usd_per_mwh: Vec<f64>,
    /// Price per bus row, USD/MWh (NaN for isolated buses).
    pub lmp_usd_per_mwh: Vec<f64>,
    /// Voltage angle per bus row, degrees, reference bus of each island at 0.
    pub va_deg: Vec<f64>,
    /// Timings and LP size.
    pub timings_s: OpfTimings,
    /// LP statistics.
    pub solver: SolveStats,
}

/// Seconds per phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OpfTimings {
    /// Reading and converting the file.
    pub parse_s: f64,
    /// Building the LP.
    pub build_s: f64,
    /// HiGHS.
    pub solve_s: f64,
    /// Writing outputs.
    pub write_s: f64,
}

/// Solve the DC-OPF of a MATPOWER file.
pub fn solve_matpower(path: &Path, opts: &OpfOptions) -> Result<(OpfResult, MatpowerMap, Vec<i64>), StudyError> {
    let t0 = Instant::now();
    let mpc = read_matpower(path)?;
    let (mut case, map) = matpower_to_case(&mpc, opts.costs)?;
    case.settings.model.kvl = opts.kvl;
    case.settings.solver.time_limit_s = opts.time_limit_s;
    let parse_s = t0.elapsed().as_secs_f64();
    let out = dispatch(&case, &nagrid_opf::DispatchOptions::from_settings(&case.settings))?;
    let nan = f64::NAN;
    let mut r = OpfResult {
        case: case.name.clone(),
        status: out.status.clone(),
        objective_usd_per_h: nan,
        total_generation_mw: nan,
        total_load_mw: case.load_mw.iter().map(|v| v[0]).sum(),
        pg_mw: vec![0.0; map.gen_index.len()],
        branch_flow_mw: vec![0.0; map.branch_line.len()],
        branch_limit_dual_usd_per_mwh: vec![0.0; map.branch_line.len()],
        lmp_usd_per_mwh: vec![nan; map.bus_region.len()],
        va_deg: vec![nan; map.bus_region.len()],
        timings_s: OpfTimings { parse_s, build_s: out.stats.build_s, solve_s: out.stats.solve_s, write_s: 0.0 },
        solver: out.stats.clone(),
    };
    if let Some(s) = &out.solution {
        r.objective_usd_per_h = s.objective_usd;
        r.total_generation_mw = s.gen_p_mw.iter().map(|v| v[0]).sum();
        for (row, g) in map.gen_index.iter().enumerate() {
            if let Some(g) = g {
                r.pg_mw[row] = s.gen_p_mw[*g][0];
            }
        }
        for (row, l) in map.branch_line.iter().enumerate() {
            if let Some(l) = l {
                r.branch_flow_mw[row] = s.line_flow_mw[*l][0];
                r.branch_limit_dual_usd_per_mwh[row] = s.line_limit_dual_usd_per_mwh[*l][0];
            }
        }
        for (row, b) in map.bus_region.iter().enumerate() {
            if let Some(b) = b {
                r.lmp_usd_per_mwh[row] = s.price_usd_per_mwh[*b][0];
                r.va_deg[row] = s.angle_deg[*b][0];
            }
        }
    }
    let buses = map.bus_number.clone();
    Ok((r, map, buses))
}

/// Solve and write `generators.csv`, `branches.csv`, `buses.csv` and
/// `summary.json` into a new run folder (default `<root>/opf/<case>/<UTC time>`).
pub fn run_opf(path: &Path, opts: &OpfOptions, out: Option<PathBuf>, root: &Path) -> Result<(OpfResult, Option<PathBuf>), StudyError> {
    if let Some(o) = &out {
        RunFolder::check(o)?;
    }
    let (mut r, map, buses) = solve_matpower(path, opts)?;
    if r.status != SolveStatus::Optimal {
        return Ok((r, None));
    }
    let t = Instant::now();
    let folder = crate::create_run_folder(out.as_deref(), &root.join("opf"), &r.case)?;
    let gens = r.pg_mw.iter().enumerate().map(|(row, p)| {
        vec![(row + 1).to_string(), map.gen_bus[row].to_string(), map.gen_index[row].is_some().to_string(), format!("{p:.6}")]
    });
    folder.write_csv("generators.csv", &["row", "bus", "in_service", "p_mw"], gens)?;
    let branches = r.branch_flow_mw.iter().enumerate().map(|(row, f)| {
        let dual = r.branch_limit_dual_usd_per_mwh[row];
        vec![(row + 1).to_string(), map.branch_line[row].is_some().to_string(), format!("{f:.6}"), format!("{dual:.6}")]
    });
    folder.write_csv("branches.csv", &["row", "in_service", "flow_mw", "limit_dual_usd_per_mwh"], branches)?;
    let bus_rows = buses.iter().enumerate().map(|(row, bus)| match map.bus_region[row] {
        Some(_) => vec![bus.to_string(), format!("{:.6}", r.lmp_usd_per_mwh[row]), format!("{:.6}", r.va_deg[row])],
        // An isolated bus (type 4) is not in the model: no price, no angle.
        None => vec![bus.to_string(), String::new(), String::new()],
    });
    folder.write_csv("buses.csv", &["bus", "lmp_usd_per_mwh", "va_deg"], bus_rows)?;
    r.timings_s.write_s = t.elapsed().as_secs_f64();
    #[derive(Serialize)]
    struct Summary<'a> {
        case: &'a str,
        source: String,
        status: String,
        costs: &'static str,
        kvl: KvlMethod,
        objective_usd_per_h: f64,
        total_generation_mw: f64,
        total_load_mw: f64,
        timings_s: &'a OpfTimings,
        solver: &'a SolveStats,
    }
    let s = Summary {
        case: &r.case,
        source: path.display().to_string(),
        status: r.status.to_string(),
        costs: if opts.costs == CostMode::Linear { "linear" } else { "quadratic" },
        kvl: opts.kvl,
        objective_usd_per_h: r.objective_usd_per_h,
        total_generation_mw: r.total_generation_mw,
        total_load_mw: r.total_load_mw,
        timings_s: &r.timings_s,
        solver: &r.solver,
    };
    folder.write_json("summary.json", &s)?;
    let dir = folder.commit()?;
    Ok((r, Some(dir)))
}
