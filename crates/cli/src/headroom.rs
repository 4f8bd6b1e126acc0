//! `nagrid headroom`: curtailment-enabled headroom. Two forms (see docs/headroom.md):
//! `--data DIR`, balancing authorities from EIA-930 hourly demand (Duke's *Rethinking
//! Load Growth* method, `nagrid_load::headroom`); and `CASE --region R`, a region of a
//! case folder with nagrid's dispatch under several network configurations
//! (`nagrid_study::headroom`).

use anyhow::Result;
use clap::Args;
use nagrid_load::headroom::assess::share_label;
use nagrid_load::headroom::{run_headroom, HeadroomOptions};
use nagrid_study::headroom::{network_headroom, NetworkHeadroomOptions, DEFAULT_TOLERANCE_MW};
use std::path::{Path, PathBuf};

/// The EIA-930 folder used beside the case form when `--eia930` is not given and it exists.
const DEFAULT_EIA930: &str = "../shared/data/load/eia930_cleaned";

/// Arguments of `nagrid headroom`.
#[derive(Args, Debug)]
pub struct HeadroomArgs {
    /// Case folder for the network-aware headroom of one region (with --region), e.g.
    /// inputs/north-america. Not with --data.
    #[arg(conflicts_with_all = ["data", "bas"], requires = "region")]
    pub case: Option<PathBuf>,
    /// The EIA-930 cleaned-demand folder (holding regions/ and subregions_and_balancing_authorities/),
    /// e.g. ../shared/data/load/eia930_cleaned.
    #[arg(long, required_unless_present = "case")]
    pub data: Option<PathBuf>,
    /// Balancing authorities or regions, comma-separated. Default: Duke's BAs that the data cover
    /// (PJM, ERCO, CISO, NYIS, ISNE, SOCO, TVA, FPL, DUK, BPAT, AZPS, PACE); also PJM-ZONES and
    /// the EIA regions CAL, CAR, CENT, FLA, MIDW, NW, SE, SW, TEN.
    #[arg(long, value_delimiter = ',')]
    pub bas: Vec<String>,
    /// Curtailment limits, % of the new load's energy, each in (0, 100]. Default: 0.25,0.5,1,5
    /// with --data, 0.5,1 with a case.
    #[arg(long, value_delimiter = ',')]
    pub shares: Vec<f64>,
    /// Folder to create (must not exist). With --data (required): headroom.csv, headroom.md and
    /// SVG charts. With a case: headroom_network.csv and .md; default
    /// outputs/<case>/headroom-<region>/<UTC time>.
    #[arg(long, required_unless_present = "case")]
    pub out: Option<PathBuf>,
    /// Print only the output folder.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub network: NetworkArgs,
}

/// Options of the case form.
#[derive(Args, Debug)]
pub struct NetworkArgs {
    /// Region of the case (its id in regions.csv, e.g. us_pjm).
    #[arg(long, requires = "case")]
    pub region: Option<String>,
    /// Study only the first N hours of the horizon (tests and quick looks).
    #[arg(long, requires = "case")]
    pub hours: Option<usize>,
    /// First hour of the horizon, RFC 3339 in the study year (e.g. 2030-07-01T00:00:00Z).
    #[arg(long, requires = "case")]
    pub start: Option<String>,
    /// Candidate lines/links to try one at a time: ids, `all` or `none`. Default: those with an
    /// end in the region, a neighbour of it or its interconnection.
    #[arg(long, value_delimiter = ',', requires = "case")]
    pub candidates: Option<Vec<String>>,
    /// Bisection tolerance, GW.
    #[arg(long, default_value_t = DEFAULT_TOLERANCE_MW / 1e3)]
    pub tolerance_gw: f64,
    /// Curtailment price of the new load, USD/MWh. Default: 0.9 × the cheapest
    /// reserve-shortage step reachable from the region (at most half the value of lost load).
    #[arg(long, requires = "case")]
    pub curtail_cost: Option<f64>,
    /// EIA-930 cleaned-demand folder for the Duke-method headroom of the matching BA
    /// (default ../shared/data/load/eia930_cleaned when it exists; else Duke's published values).
    #[arg(long, requires = "case")]
    pub eia930: Option<PathBuf>,
}

/// Runs `nagrid headroom`.
pub fn run(a: HeadroomArgs) -> Result<()> {
    match (&a.case, &a.data, &a.out) {
        (Some(case), _, _) => run_case(case, &a),
        (None, Some(data), Some(out)) => {
            let n = &a.network;
            let case_only = [
                ("--region", n.region.is_some()),
                ("--hours", n.hours.is_some()),
                ("--start", n.start.is_some()),
                ("--candidates", n.candidates.is_some()),
                ("--curtail-cost", n.curtail_cost.is_some()),
                ("--eia930", n.eia930.is_some()),
            ];
            if let Some((flag, _)) = case_only.iter().find(|(_, given)| *given) {
                anyhow::bail!("invalid argument: {flag} needs a case folder (nagrid headroom CASE --region R); not with --data");
            }
            run_data(data.clone(), a.bas, a.shares, out.clone(), a.quiet)
        }
        _ => anyhow::bail!("give a case folder with --region, or --data DIR --out DIR"),
    }
}

fn run_data(data: PathBuf, bas: Vec<String>, shares: Vec<f64>, out: PathBuf, quiet: bool) -> Result<()> {
    let shares = if shares.is_empty() { vec![0.25, 0.5, 1.0, 5.0] } else { shares };
    let opts = HeadroomOptions { data_dir: data, ids: bas, shares_pct: shares, out };
    let rep = run_headroom(&opts)?;
    if !quiet {
        let mut head = format!("{:<10} {:>8}", "BA", "peak GW");
        for s in &rep.shares_pct {
            head.push_str(&format!(" {:>16}", format!("{} % GW (Duke)", share_label(*s))));
        }
        println!("{head}");
        for r in &rep.areas {
            let mut line = format!("{:<10} {:>8.1}", r.area.id, r.peak_mw / 1e3);
            for s in &r.shares {
                let duke = r.area.duke.and_then(|d| d.at(s.share_pct)).map(|d| format!(" ({d:.1})")).unwrap_or_default();
                line.push_str(&format!(" {:>16}", format!("{:.2}{duke}", s.headroom_mw / 1e3)));
            }
            println!("{line}");
        }
        eprintln!("computed in {:.2} s, written in {:.2} s in all", rep.compute_seconds, rep.total_seconds);
    }
    println!("{}", rep.out.display());
    Ok(())
}

fn run_case(case: &Path, a: &HeadroomArgs) -> Result<()> {
    let n = &a.network;
    let region = n.region.clone().ok_or_else(|| anyhow::anyhow!("--region is required with a case folder"))?;
    let shares = if a.shares.is_empty() { vec![0.5, 1.0] } else { a.shares.clone() };
    let mut opts = NetworkHeadroomOptions::new(region, shares);
    opts.hours = n.hours;
    opts.start = n.start.clone();
    opts.candidates = n.candidates.clone();
    opts.tolerance_mw = n.tolerance_gw * 1e3;
    opts.curtail_cost_usd_per_mwh = n.curtail_cost;
    opts.eia930_dir = n.eia930.clone().or_else(|| Some(PathBuf::from(DEFAULT_EIA930)).filter(|p| p.is_dir()));
    opts.out = a.out.clone();
    let quiet = a.quiet;
    let progress = move |line: &str| {
        if !quiet {
            eprintln!("{line}");
        }
    };
    let rep = network_headroom(case, &opts, &progress)?;
    if !quiet {
        let mut head = format!("{:<40}", "configuration");
        for s in &rep.shares_pct {
            head.push_str(&format!(" {:>12}", format!("{} % GW", share_label(*s))));
        }
        println!("{head}");
        for c in &rep.configs {
            let mut line = format!("{:<40}", c.name);
            for s in &c.shares {
                let open = if s.hi_mw.is_none() { "≥" } else { "" };
                line.push_str(&format!(" {:>12}", format!("{open}{:.2}", s.lo_mw / 1e3)));
            }
            println!("{line}");
        }
        if let Some(e) = &rep.eia930 {
            let mut line = format!("{:<40}", format!("EIA-930 {} (Duke method)", e.ba));
            for v in &e.headroom_gw {
                line.push_str(&format!(" {:>12}", v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into())));
            }
            println!("{line}");
        }
        eprintln!("{:.0} s in all", rep.total_s);
    }
    println!("{}", rep.out.display());
    Ok(())
}
