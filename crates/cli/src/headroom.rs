//! `nagrid headroom`: curtailment-enabled headroom of balancing authorities from
//! EIA-930 hourly demand (Duke's *Rethinking Load Growth* method). A thin layer over
//! `nagrid_load::headroom` (see docs/headroom.md).

use anyhow::Result;
use clap::Args;
use nagrid_load::headroom::assess::share_label;
use nagrid_load::headroom::{run_headroom, HeadroomOptions};
use std::path::PathBuf;

/// Arguments of `nagrid headroom`.
#[derive(Args, Debug)]
pub struct HeadroomArgs {
    /// The EIA-930 cleaned-demand folder (holding regions/ and subregions_and_balancing_authorities/),
    /// e.g. ../shared/data/load/eia930_cleaned.
    #[arg(long)]
    pub data: PathBuf,
    /// Balancing authorities or regions, comma-separated. Default: Duke's BAs that the data cover
    /// (PJM, ERCO, CISO, NYIS, ISNE, SOCO, TVA, FPL, DUK, BPAT, AZPS, PACE); also PJM-ZONES and
    /// the EIA regions CAL, CAR, CENT, FLA, MIDW, NW, SE, SW, TEN.
    #[arg(long, value_delimiter = ',')]
    pub bas: Vec<String>,
    /// Curtailment limits, % of the new load's energy, each in (0, 100].
    #[arg(long, value_delimiter = ',', default_value = "0.25,0.5,1,5")]
    pub shares: Vec<f64>,
    /// Folder to create (must not exist): headroom.csv, headroom.md and SVG charts.
    #[arg(long)]
    pub out: PathBuf,
    /// Print only the output folder.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `nagrid headroom`.
pub fn run(a: HeadroomArgs) -> Result<()> {
    let opts = HeadroomOptions { data_dir: a.data, ids: a.bas, shares_pct: a.shares, out: a.out };
    let rep = run_headroom(&opts)?;
    if !a.quiet {
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
