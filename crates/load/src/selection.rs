//! Blocked cross-validation inside the training period, used to choose regression
//! terms and weather-station combinations without looking at the test period.
//!
//! Station selection follows Hong, Wang & White, "Weather station selection for
//! electric load forecasting" (IJF 31(2), 2015): every station is scored alone, the
//! stations are ranked per target, and the mean of the best `k` stations is kept for
//! the `k` with the lowest cross-validated MAPE.

use chrono::NaiveDate;
use nalgebra::DMatrix;
use std::collections::HashMap;
use std::ops::Range;

use crate::calendar::DatePeriod;
use crate::error::{LoadError, Result};
use crate::features::{design_matrix, FeatureScaling, FeatureSpec, HourlyInput};
use crate::io::HourlyFrame;
use crate::metrics::metrics;
use crate::regression::least_squares;

/// Fold assignment and targets of a blocked cross-validation.
pub(crate) struct CrossValidation {
    rows: Range<usize>,
    fold_of: Vec<usize>,
    folds: usize,
    dates: Vec<NaiveDate>,
    y_all: DMatrix<f64>,
}

/// Temperature scaling from the training rows.
pub(crate) fn scaling_for(frame: &HourlyFrame, temperature: &[f64], rows: &Range<usize>) -> FeatureScaling {
    let tr = &temperature[rows.clone()];
    let mean = tr.iter().sum::<f64>() / tr.len() as f64;
    let sd = (tr.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / tr.len() as f64).sqrt();
    FeatureScaling { temperature_center: mean, temperature_scale: if sd > 0.0 { sd } else { 1.0 }, trend_origin_utc: frame.utc(rows.start) }
}

impl CrossValidation {
    /// Consecutive blocks of `block_days` local days of `train` go to `folds` folds in turn.
    pub(crate) fn new(frame: &HourlyFrame, targets: &[String], train: &DatePeriod, folds: usize, block_days: i64) -> Result<Self> {
        if folds < 2 || block_days < 1 {
            return Err(LoadError::Invalid("cross-validation needs ≥ 2 folds and blocks ≥ 1 day".into()));
        }
        let rows = frame.range_of(train)?;
        let first_day = frame.local(rows.start).date();
        let dates: Vec<NaiveDate> = rows.clone().map(|i| frame.local(i).date()).collect();
        let fold_of = dates.iter().map(|d| ((*d - first_day).num_days() / block_days) as usize % folds).collect();
        let ys = targets.iter().map(|t| frame.column(t)).collect::<Result<Vec<_>>>()?;
        let y_all = DMatrix::from_fn(rows.len(), ys.len(), |r, k| ys[k][rows.start + r]);
        Ok(CrossValidation { rows, fold_of, folds, dates, y_all })
    }

    /// Cross-validated MAPE (%) per target of `spec` with the given hourly temperature.
    pub(crate) fn mape(&self, frame: &HourlyFrame, spec: &FeatureSpec, temperature: &[f64]) -> Result<Vec<f64>> {
        let scaling = scaling_for(frame, temperature, &self.rows);
        let input = HourlyInput { start_utc: frame.start_utc, zone: frame.zone, temperature };
        let x_all = design_matrix(spec, &scaling, &input, self.rows.clone());
        let n = self.rows.len();
        let k = self.y_all.ncols();
        let mut pred = DMatrix::<f64>::zeros(n, k);
        for fold in 0..self.folds {
            let fit_idx: Vec<usize> = (0..n).filter(|&r| self.fold_of[r] != fold).collect();
            let val_idx: Vec<usize> = (0..n).filter(|&r| self.fold_of[r] == fold).collect();
            let fit = least_squares(x_all.select_rows(fit_idx.iter()), &self.y_all.select_rows(fit_idx.iter()))?;
            let p = x_all.select_rows(val_idx.iter()) * &fit.coefficients;
            for (a, &r) in val_idx.iter().enumerate() {
                for t in 0..k {
                    pred[(r, t)] = p[(a, t)];
                }
            }
        }
        Ok((0..k)
            .map(|t| {
                let actual: Vec<f64> = self.y_all.column(t).iter().copied().collect();
                let forecast: Vec<f64> = pred.column(t).iter().copied().collect();
                metrics(&actual, &forecast, &self.dates).mape_pct
            })
            .collect())
    }
}

/// Hourly mean of a subset of station columns.
fn mean_of(frame: &HourlyFrame, stations: &[String], set: &[usize]) -> Result<Vec<f64>> {
    let cols = set.iter().map(|&s| frame.column(&stations[s])).collect::<Result<Vec<_>>>()?;
    let k = cols.len() as f64;
    Ok((0..frame.len()).map(|i| cols.iter().map(|c| c[i]).sum::<f64>() / k).collect())
}

/// Chooses, per target, the station combination (mean of the best-ranked `k` stations)
/// with the lowest cross-validated MAPE of `spec` inside `train`. Returns one list of
/// station names per target. Every station subset is scored once for all targets.
pub fn select_stations(
    frame: &HourlyFrame,
    targets: &[String],
    stations: &[String],
    train: &DatePeriod,
    spec: &FeatureSpec,
    folds: usize,
    block_days: i64,
) -> Result<Vec<Vec<String>>> {
    if stations.is_empty() {
        return Err(LoadError::Invalid("no stations to select from".into()));
    }
    let cv = CrossValidation::new(frame, targets, train, folds, block_days)?;
    let mut cache: HashMap<Vec<usize>, Vec<f64>> = HashMap::new();
    let mut score = |set: Vec<usize>| -> Result<Vec<f64>> {
        if let Some(v) = cache.get(&set) {
            return Ok(v.clone());
        }
        let v = cv.mape(frame, spec, &mean_of(frame, stations, &set)?)?;
        cache.insert(set, v.clone());
        Ok(v)
    };
    let singles: Vec<Vec<f64>> = (0..stations.len()).map(|s| score(vec![s])).collect::<Result<_>>()?;
    let mut chosen = Vec::with_capacity(targets.len());
    let by_target: Vec<Vec<f64>> = (0..targets.len()).map(|t| singles.iter().map(|s| s[t]).collect()).collect();
    for (t, single) in by_target.iter().enumerate() {
        let single_score = |s: usize| single[s];
        let mut order: Vec<usize> = (0..stations.len()).collect();
        order.sort_by(|&a, &b| single_score(a).total_cmp(&single_score(b)).then(a.cmp(&b)));
        let mut best = (f64::INFINITY, Vec::new());
        for k in 1..=stations.len() {
            let mut set = order[..k].to_vec();
            set.sort_unstable();
            let m = score(set.clone())?[t];
            if m < best.0 {
                best = (m, set);
            }
        }
        chosen.push(best.1.iter().map(|&s| stations[s].clone()).collect());
    }
    Ok(chosen)
}
