//! `nagrid forecast`: fit / evaluate hourly load models and plot load-growth scenarios.
//! A thin layer over the `nagrid-load` library (see docs/load-forecasting.md).

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use nagrid_load::datacenter::DataCenterInputs;
use nagrid_load::forecast::{read_history, resolve_targets};
use nagrid_load::io::write_hourly_csv;
use nagrid_load::metrics::{average, Metrics};
use nagrid_load::{
    evaluate, fit_selected, growth_charts, ClockZone, Country, DataCenterModel, DatePeriod, FeatureSpec, FitOptions, GrowthOptions,
    HourLabel, LoadModel, TimeColumns,
};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Load forecasting from history, synthetic profiles and data-center load growth (`nagrid forecast`).
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ForecastCommand,
}

/// Subcommands of `nagrid forecast`.
#[derive(Subcommand, Debug)]
pub enum ForecastCommand {
    /// Fit load models on history and save them as JSON.
    Fit(FitArgs),
    /// Fit (or load) models, forecast a test period with actual temperatures, print JSON metrics.
    Eval(EvalArgs),
    /// Project data-center growth per scenario and draw load-growth charts (PNG/SVG).
    Plot(PlotArgs),
}

/// Which end of the hour a label denotes.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum HourLabelArg {
    /// Hour numbers 1..24 / timestamps at the interval end (GEFCom2012).
    Ending,
    /// Hour numbers 0..23 / timestamps at the interval start.
    Beginning,
}

/// Input data and model options shared by `fit` and `eval`.
#[derive(Args, Debug)]
pub struct DataArgs {
    /// Hourly CSV file (gzip read transparently).
    #[arg(long)]
    pub data: PathBuf,
    /// Load column, comma list of columns, or `all-zones` (every `z<number>` column except --system-column).
    #[arg(long)]
    pub target: String,
    /// Temperature column(s); the model uses their hourly mean.
    #[arg(long, value_delimiter = ',', required = true)]
    pub temperature: Vec<String>,
    /// Training period, e.g. 2005-01-01..2006-12-31 (local dates).
    #[arg(long)]
    pub train: String,
    /// Holiday calendar: US, CA, MX or `none`.
    #[arg(long, default_value = "US")]
    pub country: String,
    /// Clock of the file: IANA zone (America/Chicago) or fixed offset (UTC-05:00).
    #[arg(long, default_value = "UTC")]
    pub timezone: String,
    /// Timestamp column (instead of date + hour columns).
    #[arg(long)]
    pub timestamp: Option<String>,
    /// Date column (with --hour-column).
    #[arg(long, default_value = "date")]
    pub date_column: String,
    /// Hour column (with --date-column).
    #[arg(long, default_value = "hour")]
    pub hour_column: String,
    /// Hour convention: `ending` (1..24, GEFCom2012) or `beginning` (0..23). Timestamps default to beginning.
    #[arg(long, value_enum)]
    pub hour_label: Option<HourLabelArg>,
    /// System-total column left out of `all-zones`.
    #[arg(long, default_value = "z21")]
    pub system_column: String,
    /// Fit only Tao Hong's vanilla benchmark (no holidays, no recency terms, no selection).
    #[arg(long)]
    pub vanilla: bool,
    /// Also choose each target's weather stations by cross-validation inside the training
    /// period (Hong, Wang & White 2015); slower (~30 s for the 21 GEFCom2012 columns).
    #[arg(long)]
    pub select_stations: bool,
}

/// Arguments of `nagrid forecast fit`.
#[derive(Args, Debug)]
pub struct FitArgs {
    /// Data and model options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Where to write the model JSON (an array when several targets).
    #[arg(long)]
    pub model_out: PathBuf,
}

/// Arguments of `nagrid forecast eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Data and model options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Test period, e.g. 2007-01-01..2007-12-31.
    #[arg(long)]
    pub test: String,
    /// Use saved model(s) instead of fitting.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the hourly forecast (and actuals) to this CSV.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also report an average leaving out these targets (e.g. z4,z9 for GEFCom2012).
    #[arg(long, value_delimiter = ',')]
    pub average_exclude: Vec<String>,
    /// Also fit and report the vanilla benchmark.
    #[arg(long)]
    pub benchmark: bool,
}

/// Arguments of `nagrid forecast plot`.
#[derive(Args, Debug)]
pub struct PlotArgs {
    /// Output directory for charts and projection.csv (the numbers the charts draw).
    #[arg(long, default_value = "outputs/load-growth")]
    pub out_dir: PathBuf,
    /// Image formats.
    #[arg(long, value_delimiter = ',', default_value = "png,svg")]
    pub format: Vec<String>,
    /// Case folder whose load/ inputs and [load] settings to project: the same
    /// regions, model and numbers as the load-growth charts of a run of the case.
    #[arg(long, conflicts_with_all = ["regions", "datacenters", "pipeline", "base_year", "seed"])]
    pub case: Option<PathBuf>,
    /// regions.csv (with --datacenters and --pipeline; default: built-in North-American inputs).
    #[arg(long)]
    pub regions: Option<PathBuf>,
    /// datacenters.csv.
    #[arg(long)]
    pub datacenters: Option<PathBuf>,
    /// datacenter_pipeline.csv.
    #[arg(long)]
    pub pipeline: Option<PathBuf>,
    /// Base year of the inputs [default: 2023].
    #[arg(long)]
    pub base_year: Option<i32>,
    /// Last projection year [default: 2040; with --case the study year or 2040, the later].
    #[arg(long)]
    pub last_year: Option<i32>,
    /// Scenarios to project [default: low,mid,high].
    #[arg(long, value_delimiter = ',')]
    pub scenarios: Option<Vec<String>>,
    /// Scenario of the stacked by-region chart and of the typical week [default: mid; with --case the case's].
    #[arg(long)]
    pub scenario: Option<String>,
    /// Region of the typical-week chart [default: us_pjm; with --case its region of largest demand].
    #[arg(long)]
    pub week_region: Option<String>,
    /// Year of the typical-week chart [default: 2030; with --case the study year].
    #[arg(long)]
    pub week_year: Option<i32>,
    /// The typical week starts on the first local Monday on/after this day of year.
    #[arg(long, default_value_t = 190)]
    pub week_day: u32,
    /// Weather seed [default: 1].
    #[arg(long)]
    pub seed: Option<u64>,
}

impl PlotArgs {
    /// The options given on the command line, over `o`.
    fn apply(&self, o: &mut GrowthOptions) {
        if let Some(y) = self.last_year {
            o.last_year = y;
        }
        if let Some(s) = &self.scenarios {
            o.scenarios = s.clone();
        }
        if let Some(s) = &self.scenario {
            o.scenario = s.clone();
        }
        if let Some(r) = &self.week_region {
            o.week_region = r.clone();
        }
        if let Some(y) = self.week_year {
            o.week_year = y;
        }
        o.week_day = self.week_day;
        o.formats = self.format.clone();
    }
}

/// Runs `nagrid forecast`.
pub fn run(args: ForecastArgs, quiet: bool) -> Result<()> {
    match args.command {
        ForecastCommand::Fit(a) => fit(a, quiet),
        ForecastCommand::Eval(a) => eval(a, quiet),
        ForecastCommand::Plot(a) => plot(a, quiet),
    }
}

struct Prepared {
    frame: nagrid_load::HourlyFrame,
    targets: Vec<String>,
    train: DatePeriod,
    options: FitOptions,
}

fn prepare(d: &DataArgs, test: Option<&DatePeriod>) -> Result<Prepared> {
    let train: DatePeriod = d.train.parse().context("--train")?;
    let zone: ClockZone = d.timezone.parse().context("--timezone")?;
    let country: Option<Country> = if d.country.eq_ignore_ascii_case("none") {
        None
    } else {
        Some(d.country.parse().map_err(anyhow::Error::msg).context("--country")?)
    };
    let time = match &d.timestamp {
        Some(c) => TimeColumns::Timestamp {
            column: c.clone(),
            label: match d.hour_label {
                Some(HourLabelArg::Ending) => HourLabel::Ending,
                _ => HourLabel::Beginning,
            },
        },
        None => TimeColumns::DateHour {
            date_column: d.date_column.clone(),
            hour_column: d.hour_column.clone(),
            label: match d.hour_label {
                Some(HourLabelArg::Beginning) => HourLabel::Beginning,
                _ => HourLabel::Ending,
            },
        },
    };
    let targets = resolve_targets(&d.data, &d.target, &d.system_column)?;
    let mut cols = targets.clone();
    cols.extend(d.temperature.iter().cloned());
    let first = test.map_or(train.first, |t| t.first.min(train.first));
    let last = test.map_or(train.last, |t| t.last.max(train.last));
    let frame = read_history(&d.data, &time, zone, &cols, &DatePeriod::new(first, last)?)?;
    let mut options = if d.vanilla { FitOptions::fixed(FeatureSpec::vanilla()) } else { FitOptions::recency_grid(country) };
    if d.select_stations {
        options.station_selection = Some(if d.vanilla { FeatureSpec::vanilla() } else { FeatureSpec::recency(country, 0, 0) });
    }
    Ok(Prepared { frame, targets, train, options })
}

fn fit(a: FitArgs, quiet: bool) -> Result<()> {
    let p = prepare(&a.data, None)?;
    if !quiet {
        eprintln!("fitting {} target(s) on {} ...", p.targets.len(), p.train);
    }
    let rep = fit_selected(&p.frame, &p.targets, &a.data.temperature, &p.train, &p.options)?;
    LoadModel::save_all(&rep.models, &a.model_out)?;
    let models: Vec<Value> = rep
        .models
        .iter()
        .map(|m| {
            json!({
                "target": m.target,
                "model": m.spec.label(),
                "n_columns": m.spec.n_columns(),
                "temperature_columns": m.temperature_columns,
            })
        })
        .collect();
    let out = json!({
        "model_out": a.model_out.display().to_string(),
        "train": p.train.to_string(),
        "fit_seconds": rep.fit_seconds,
        "models": models,
        "validation": rep.validation,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn metrics_json(m: &Metrics) -> Value {
    serde_json::to_value(m).unwrap_or(Value::Null)
}

fn eval(a: EvalArgs, quiet: bool) -> Result<()> {
    let test: DatePeriod = a.test.parse().context("--test")?;
    let p = prepare(&a.data, Some(&test))?;
    let (models, fit_seconds) = match &a.model {
        Some(path) => {
            let ms = LoadModel::load_all(path)?;
            let ms: Vec<LoadModel> = p
                .targets
                .iter()
                .map(|t| ms.iter().find(|m| &m.target == t).cloned().with_context(|| format!("{}: no model for {t}", path.display())))
                .collect::<Result<_>>()?;
            (ms, 0.0)
        }
        None => {
            if !quiet {
                eprintln!("fitting {} target(s) on {} ...", p.targets.len(), p.train);
            }
            let rep = fit_selected(&p.frame, &p.targets, &a.data.temperature, &p.train, &p.options)?;
            (rep.models, rep.fit_seconds)
        }
    };
    let ev = evaluate(&p.frame, &models, &test)?;
    let mut out = json!({
        "data": a.data.data.display().to_string(),
        "train": p.train.to_string(),
        "test": test.to_string(),
        "fit_seconds": fit_seconds,
        "targets": ev.results,
    });
    if ev.results.len() == 1 {
        let r = &ev.results[0];
        out["target"] = json!(r.target);
        out["model"] = json!(r.model);
        if let (Value::Object(o), Value::Object(m)) = (&mut out, metrics_json(&r.metrics)) {
            o.extend(m);
        }
    } else {
        out["average"] = metrics_json(&ev.average);
        if !a.average_exclude.is_empty() {
            let kept: Vec<Metrics> = ev.results.iter().filter(|r| !a.average_exclude.contains(&r.target)).map(|r| r.metrics).collect();
            let mut v = metrics_json(&average(&kept));
            v["excluded"] = json!(a.average_exclude);
            out["average_excluding"] = v;
        }
    }
    if a.benchmark {
        let rep = fit_selected(&p.frame, &p.targets, &a.data.temperature, &p.train, &FitOptions::fixed(FeatureSpec::vanilla()))?;
        let b = evaluate(&p.frame, &rep.models, &test)?;
        let per: Vec<Value> = b.results.iter().map(|r| json!({"target": r.target, "mape_pct": r.metrics.mape_pct})).collect();
        out["benchmark"] = json!({"model": "vanilla", "targets": per, "average": metrics_json(&b.average)});
    }
    if let Some(path) = &a.out {
        let mut names: Vec<String> = Vec::new();
        let mut cols: Vec<&[f64]> = Vec::new();
        for (k, r) in ev.results.iter().enumerate() {
            names.push(format!("{}_forecast", r.target));
            cols.push(&ev.forecasts[k]);
            names.push(format!("{}_actual", r.target));
            cols.push(&ev.actuals[k]);
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        write_hourly_csv(path, ev.start_utc, p.frame.zone, &refs, &cols)?;
        if !quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn plot(a: PlotArgs, quiet: bool) -> Result<()> {
    let (charts, inputs) = match &a.case {
        Some(case) => (nagrid_study::demand::case_growth_charts(case, &a.out_dir, |o| a.apply(o))?, format!("case {}", case.display())),
        None => {
            let (inputs, label) = match (&a.regions, &a.datacenters, &a.pipeline) {
                (None, None, None) => {
                    (DataCenterInputs::north_america_defaults()?, "built-in North-American inputs (not a case's: use --case)".into())
                }
                (Some(r), Some(d), Some(p)) => {
                    (DataCenterInputs::from_files(r, d, p, a.base_year.unwrap_or(2023))?, format!("{}", r.display()))
                }
                _ => bail!("give all of --regions, --datacenters and --pipeline, or --case, or none for the built-in inputs"),
            };
            let mut o = GrowthOptions {
                scenarios: ["low", "mid", "high"].map(String::from).to_vec(),
                scenario: "mid".into(),
                last_year: 2040,
                week_region: "us_pjm".into(),
                week_year: 2030,
                week_day: a.week_day,
                formats: a.format.clone(),
            };
            a.apply(&mut o);
            (growth_charts(&DataCenterModel::new(inputs, a.seed.unwrap_or(1)), &o, &a.out_dir)?, label)
        }
    };
    let calib: Vec<Value> =
        charts.scenarios.iter().map(|s| json!({"scenario": s.name, "saturation_multiple": s.saturation_multiple})).collect();
    let out = json!({
        "inputs": inputs,
        "projection_csv": charts.projection_csv.display().to_string(),
        "charts": charts.charts.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        "scenarios": calib,
    });
    if !quiet {
        eprintln!("wrote {} chart(s) and {}", charts.charts.len(), charts.projection_csv.display());
    }
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
