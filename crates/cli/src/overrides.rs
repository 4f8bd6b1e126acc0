//! Command-line overrides of `run`, `expand`, `compare`, `backcast` and `sweep`:
//! each flag becomes an [`Override`] of nagrid-io (the same code as the axes of a
//! sweep), applied after `--year` in the order below and recorded in run.json.

use nagrid_io::Override;

/// What planners change most, without editing study.toml.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OverrideArgs {
    /// Data-center scenario: low, mid or high (sets load.scenario).
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// First day (2030-07-15; the horizon runs to the end of the year unless --hours),
    /// or a month (2030-07, jul, july; the horizon is that month), 00:00 UTC in the study year.
    #[arg(long, value_name = "DATE|MONTH")]
    pub start: Option<String>,
    /// Set a study.toml key (load.weather_year=2021), a table value
    /// (lines.can_usa.s_max_mw=700) or borders=islanded; the value is TOML, a bare
    /// word is text. Repeatable; applied in order.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// HiGHS threads (sets solver.threads; 0 lets HiGHS decide).
    #[arg(long, value_name = "N")]
    pub threads: Option<String>,
    /// Draw no charts (sets output.plots = false).
    #[arg(long)]
    pub no_plots: bool,
}

impl OverrideArgs {
    /// The overrides, in the order: --scenario, --start, --threads, --no-plots, --set.
    pub fn overrides(&self) -> anyhow::Result<Vec<Override>> {
        let mut out = Vec::new();
        if let Some(s) = &self.scenario {
            out.push(Override::new("load.scenario", &format!("{s:?}"), "--scenario"));
        }
        if let Some(s) = &self.start {
            out.push(Override::new("start", &format!("{s:?}"), "--start"));
        }
        if let Some(t) = &self.threads {
            out.push(Override::new("solver.threads", t, "--threads"));
        }
        if self.no_plots {
            out.push(Override::new("output.plots", "false", "--no-plots"));
        }
        for s in &self.set {
            out.push(Override::parse(s, "--set")?);
        }
        nagrid_io::overrides::check_keys(&out)?;
        Ok(out)
    }
}
