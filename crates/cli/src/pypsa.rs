//! `nagrid import-pypsa` and `nagrid export-pypsa`: glue over `nagrid_io::pypsa`
//! (the translation and what it leaves out: docs/pypsa.md).

use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `nagrid import-pypsa`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// PyPSA CSV folder (as written by `n.export_to_csv_folder`).
    pypsa_dir: PathBuf,
    /// Case folder to create (must not exist).
    case_dir: PathBuf,
    /// Print only the case folder (warnings still go to stderr).
    #[arg(long, short)]
    quiet: bool,
}

/// Arguments of `nagrid export-pypsa`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Case folder, e.g. inputs/tiny.
    case: PathBuf,
    /// PyPSA CSV folder to create (must not exist); read it with `pypsa.Network(dir)`.
    pypsa_dir: PathBuf,
    /// Export only the first N hours of the horizon.
    #[arg(long)]
    hours: Option<usize>,
    /// Export the case for year Y instead of study.toml's study_year.
    #[arg(long)]
    year: Option<i32>,
    /// Print only the PyPSA folder (warnings still go to stderr).
    #[arg(long, short)]
    quiet: bool,
}

fn warn(warnings: &[nagrid_model::Issue]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// `nagrid import-pypsa PYPSA_DIR CASE_DIR`.
pub fn import(a: &ImportArgs) -> anyhow::Result<()> {
    let imp = nagrid_io::pypsa::import_pypsa(&a.pypsa_dir, &a.case_dir)
        .with_context(|| format!("importing the PyPSA network {}", a.pypsa_dir.display()))?;
    warn(&imp.warnings);
    if a.quiet {
        println!("{}", a.case_dir.display());
        return Ok(());
    }
    let (c, n) = (&imp.case, &imp.case.network);
    let parts = [
        (n.regions.len(), "regions"),
        (n.generators.len(), "generators"),
        (n.storage.len(), "storage units"),
        (n.lines.len(), "AC lines (dc formulation)"),
        (n.links.len(), "links"),
    ];
    let counts: Vec<String> = parts.iter().map(|(k, what)| format!("{k} {what}")).collect();
    let (from, start) = (a.pypsa_dir.display(), c.axis.start.to_rfc3339());
    println!("{}: case imported from {from}: {}; {} hours from {start}", a.case_dir.display(), counts.join(", "), c.axis.hours);
    if !imp.warnings.is_empty() {
        println!(
            "{} kinds of input not translated (warnings above; listed in {})",
            imp.warnings.len(),
            a.case_dir.join("SOURCES.md").display()
        );
    }
    Ok(())
}

/// `nagrid export-pypsa CASE_DIR PYPSA_DIR`.
pub fn export(a: &ExportArgs) -> anyhow::Result<()> {
    let (case, _) = nagrid_study::load_case_in_year(&a.case, a.hours, a.year)?;
    let warnings = nagrid_io::pypsa::write_pypsa(&case, &a.pypsa_dir).with_context(|| format!("writing {}", a.pypsa_dir.display()))?;
    warn(&warnings);
    if a.quiet {
        println!("{}", a.pypsa_dir.display());
    } else {
        println!(
            "{}: PyPSA network of {} ({} hours from {}); read it with pypsa.Network(\"{}\")",
            a.pypsa_dir.display(),
            a.case.display(),
            case.axis.hours,
            case.axis.start.to_rfc3339(),
            a.pypsa_dir.display()
        );
    }
    Ok(())
}
