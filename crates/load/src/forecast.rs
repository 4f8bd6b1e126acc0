//! High-level forecasting workflow: choose the model terms by validation inside the
//! training period, refit on the whole training period, and evaluate on a test period.
//! The CLI (`nagrid forecast fit|eval`) is a thin layer over these functions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Instant;

use crate::calendar::DatePeriod;
use crate::error::{LoadError, Result};
use crate::features::FeatureSpec;
use crate::holidays::Country;
use crate::io::HourlyFrame;
use crate::metrics::{average, metrics, Metrics};
use crate::model::{fit_models, zone_temperature, LoadModel};
use crate::selection::{select_stations, CrossValidation};

/// Options of [`fit_selected`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// Candidate term sets; with one candidate no validation is done.
    pub candidates: Vec<FeatureSpec>,
    /// Number of cross-validation folds (≥ 2) used to choose among candidates.
    pub cv_folds: usize,
    /// Length of the blocks of consecutive days assigned to folds in turn.
    pub cv_block_days: i64,
    /// When set, choose each target's weather stations (mean of its best-ranked `k`
    /// stations) by cross-validating this term set; `None` = mean of all stations.
    #[serde(default)]
    pub station_selection: Option<FeatureSpec>,
}

impl FitOptions {
    /// The default candidate set: the vanilla benchmark plus holidays of `country` and
    /// recency terms (a small fixed grid of hourly lags up to 24 h and daily means of the previous 1–2 days, with or without month/hour interactions), the choice
    /// being made per target by blocked cross-validation inside the training period.
    pub fn recency_grid(country: Option<Country>) -> Self {
        let mut candidates = vec![FeatureSpec::vanilla()];
        if country.is_some() {
            candidates.push(FeatureSpec::recency(country, 0, 0));
        }
        // (lags, daily means, recency × month, recency × hour)
        for (lags, days, by_m, by_h) in
            [(12, 2, false, false), (24, 2, false, false), (3, 1, true, false), (1, 1, true, true), (3, 1, true, true)]
        {
            let mut s = FeatureSpec::recency(country, lags, days);
            s.recency_by_month = by_m;
            s.recency_by_hour = by_h;
            candidates.push(s);
        }
        FitOptions { candidates, cv_folds: 2, cv_block_days: 14, station_selection: None }
    }

    /// Also select weather stations per target (Hong, Wang & White 2015), scoring station
    /// combinations with the vanilla terms plus holidays of `country`.
    pub fn with_station_selection(mut self, country: Option<Country>) -> Self {
        self.station_selection = Some(FeatureSpec::recency(country, 0, 0));
        self
    }

    /// A single fixed term set (no selection).
    pub fn fixed(spec: FeatureSpec) -> Self {
        FitOptions { candidates: vec![spec], cv_folds: 2, cv_block_days: 14, station_selection: None }
    }
}

/// Validation score of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateScore {
    /// Candidate label (see [`FeatureSpec::label`]).
    pub label: String,
    /// Number of regression columns.
    pub n_columns: usize,
    /// Validation MAPE per target, in %.
    pub validation_mape_pct: BTreeMap<String, f64>,
}

/// Targets sharing a candidate index and a station set share the final fit.
type GroupKey = (usize, Vec<String>);

/// Result of [`fit_selected`].
#[derive(Debug, Clone)]
pub struct FitReport {
    /// One model per target.
    pub models: Vec<LoadModel>,
    /// Validation scores of all candidates (empty when only one candidate).
    pub validation: Vec<CandidateScore>,
    /// Wall-clock time of selection + final fits, in seconds.
    pub fit_seconds: f64,
}

/// Fits one model per target on `train`. With several candidates, each candidate is
/// scored by blocked cross-validation inside `train` (blocks of `cv_block_days` days
/// assigned to `cv_folds` folds in turn; every fold predicted by a fit on the others;
/// MAPE over all held-out hours), each target keeps its best candidate, and the chosen
/// terms are refitted on all of `train`. With `station_selection`, each target's
/// stations are chosen the same way (see [`crate::selection::select_stations`]); the
/// term choice is made with the mean of all stations. Nothing outside `train` is used.
pub fn fit_selected(
    frame: &HourlyFrame,
    targets: &[String],
    temperature_columns: &[String],
    train: &DatePeriod,
    options: &FitOptions,
) -> Result<FitReport> {
    let t0 = Instant::now();
    if options.candidates.is_empty() {
        return Err(LoadError::Invalid("no candidate feature sets".into()));
    }
    let mut chosen: Vec<usize> = vec![0; targets.len()];
    let mut validation = Vec::new();
    if options.candidates.len() > 1 {
        let cv = CrossValidation::new(frame, targets, train, options.cv_folds, options.cv_block_days)?;
        let temperature = zone_temperature(frame, temperature_columns)?;
        let mut best = vec![f64::INFINITY; targets.len()];
        for (ci, spec) in options.candidates.iter().enumerate() {
            let mapes = cv.mape(frame, spec, &temperature)?;
            let mut scores = BTreeMap::new();
            for (k, t) in targets.iter().enumerate() {
                if mapes[k] < best[k] {
                    best[k] = mapes[k];
                    chosen[k] = ci;
                }
                scores.insert(t.clone(), mapes[k]);
            }
            validation.push(CandidateScore { label: spec.label(), n_columns: spec.n_columns(), validation_mape_pct: scores });
        }
    }
    let station_sets: Vec<Vec<String>> = match &options.station_selection {
        Some(spec) => select_stations(frame, targets, temperature_columns, train, spec, options.cv_folds, options.cv_block_days)?,
        None => vec![temperature_columns.to_vec(); targets.len()],
    };
    let mut models: Vec<Option<LoadModel>> = vec![None; targets.len()];
    // Targets sharing terms and stations share one final factorisation.
    let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
    for k in 0..targets.len() {
        let key = (chosen[k], station_sets[k].clone());
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    for ((ci, stations), idx) in groups {
        let sub: Vec<String> = idx.iter().map(|&k| targets[k].clone()).collect();
        let ms = fit_models(frame, &sub, &stations, &options.candidates[ci], train)?;
        for (k, m) in idx.into_iter().zip(ms) {
            models[k] = Some(m);
        }
    }
    Ok(FitReport {
        models: models.into_iter().map(|m| m.expect("every target has a model")).collect(),
        validation,
        fit_seconds: t0.elapsed().as_secs_f64(),
    })
}

/// Accuracy of one target on the test period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    /// Load column.
    pub target: String,
    /// Terms of the model used.
    pub model: String,
    /// Temperature columns averaged for the model.
    pub temperature_columns: Vec<String>,
    /// Metrics of the model.
    #[serde(flatten)]
    pub metrics: Metrics,
}

/// Evaluation of models on a test period.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Per-target results in input order.
    pub results: Vec<TargetResult>,
    /// Field-wise mean over targets.
    pub average: Metrics,
    /// UTC start of the first test hour.
    pub start_utc: chrono::DateTime<chrono::Utc>,
    /// Hourly forecasts per target (same order as `results`).
    pub forecasts: Vec<Vec<f64>>,
    /// Hourly actual loads per target.
    pub actuals: Vec<Vec<f64>>,
}

/// Forecasts every model over `test` (with the actual temperatures in `frame`) and scores it.
pub fn evaluate(frame: &HourlyFrame, models: &[LoadModel], test: &DatePeriod) -> Result<Evaluation> {
    let rows = frame.range_of(test)?;
    let dates: Vec<NaiveDate> = rows.clone().map(|i| frame.local(i).date()).collect();
    let mut results = Vec::new();
    let mut forecasts = Vec::new();
    let mut actuals = Vec::new();
    let mut start = frame.start_utc;
    for m in models {
        let (s, f) = m.predict_frame(frame, test)?;
        start = s;
        let a = frame.column(&m.target)?[rows.clone()].to_vec();
        results.push(TargetResult {
            target: m.target.clone(),
            model: m.spec.label(),
            temperature_columns: m.temperature_columns.clone(),
            metrics: metrics(&a, &f, &dates),
        });
        forecasts.push(f);
        actuals.push(a);
    }
    let average = average(&results.iter().map(|r| r.metrics).collect::<Vec<_>>());
    Ok(Evaluation { results, average, start_utc: start, forecasts, actuals })
}

/// Days of history read before the first modelled day (for lagged temperatures).
pub const HISTORY_DAYS: i64 = 8;

/// Reads the columns needed to model `needed` (plus [`HISTORY_DAYS`] of lag history when
/// the file has it) and checks that `needed` is fully covered.
pub fn read_history(
    path: &std::path::Path,
    time: &crate::io::TimeColumns,
    zone: crate::calendar::ClockZone,
    columns: &[String],
    needed: &DatePeriod,
) -> Result<HourlyFrame> {
    let mut cols: Vec<String> = Vec::new();
    for c in columns {
        if !cols.contains(c) {
            cols.push(c.clone());
        }
    }
    let spec = crate::io::CsvSpec {
        time: time.clone(),
        columns: cols,
        zone,
        period: Some(DatePeriod::new(needed.first - chrono::Duration::days(HISTORY_DAYS), needed.last)?),
    };
    let frame = crate::io::read_hourly_csv(path, &spec)?;
    frame.check_covers(needed, &path.display().to_string())?;
    Ok(frame)
}

/// Resolves a `--target` argument: a column name, a comma list, or `all-zones`
/// (every header column named `z<number>` except `system_column`).
pub fn resolve_targets(path: &std::path::Path, target: &str, system_column: &str) -> Result<Vec<String>> {
    if target.trim() == "all-zones" {
        let headers = crate::io::csv_headers(path)?;
        let mut zones: Vec<(u32, String)> = headers
            .iter()
            .filter(|h| h.as_str() != system_column)
            .filter_map(|h| h.strip_prefix('z').and_then(|n| n.parse::<u32>().ok()).map(|n| (n, h.clone())))
            .collect();
        zones.sort();
        if zones.is_empty() {
            return Err(LoadError::Invalid(format!("{}: no z<number> columns for all-zones", path.display())));
        }
        return Ok(zones.into_iter().map(|z| z.1).collect());
    }
    let v: Vec<String> = target.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if v.is_empty() {
        return Err(LoadError::Invalid("empty --target".into()));
    }
    Ok(v)
}
