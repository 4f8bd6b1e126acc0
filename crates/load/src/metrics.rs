//! Forecast accuracy metrics.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Accuracy of an hourly forecast against actual load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean absolute percentage error over hours with non-zero actual load, in %.
    pub mape_pct: f64,
    /// Root mean square error, in the unit of the load column.
    pub rmse: f64,
    /// RMSE divided by mean actual load, in %.
    pub cv_rmse_pct: f64,
    /// MAPE of the daily (local-date) peak, in %.
    pub daily_peak_mape_pct: f64,
    /// (forecast peak − actual peak) / actual peak over the whole period, in %.
    pub annual_peak_error_pct: f64,
    /// Number of hours compared.
    pub n_hours: usize,
    /// Hours left out of the MAPE because the actual load is zero.
    pub n_zero_actual: usize,
}

/// Computes the metrics; `dates` gives the local date of every hour (for daily peaks).
pub fn metrics(actual: &[f64], forecast: &[f64], dates: &[NaiveDate]) -> Metrics {
    assert_eq!(actual.len(), forecast.len());
    assert_eq!(actual.len(), dates.len());
    let n = actual.len();
    let mut ape = 0.0;
    let mut n_ape = 0usize;
    let mut se = 0.0;
    for (a, f) in actual.iter().zip(forecast) {
        if *a != 0.0 {
            ape += ((a - f) / a).abs();
            n_ape += 1;
        }
        se += (a - f) * (a - f);
    }
    let mean = actual.iter().sum::<f64>() / n.max(1) as f64;
    let rmse = (se / n.max(1) as f64).sqrt();
    // Daily peaks.
    let mut dpe = 0.0;
    let mut nd = 0usize;
    let mut i = 0;
    while i < n {
        let mut j = i;
        let (mut pa, mut pf) = (f64::MIN, f64::MIN);
        while j < n && dates[j] == dates[i] {
            pa = pa.max(actual[j]);
            pf = pf.max(forecast[j]);
            j += 1;
        }
        if pa != 0.0 {
            dpe += ((pa - pf) / pa).abs();
            nd += 1;
        }
        i = j;
    }
    let peak_a = actual.iter().cloned().fold(f64::MIN, f64::max);
    let peak_f = forecast.iter().cloned().fold(f64::MIN, f64::max);
    Metrics {
        mape_pct: 100.0 * ape / n_ape.max(1) as f64,
        rmse,
        cv_rmse_pct: if mean != 0.0 { 100.0 * rmse / mean } else { f64::NAN },
        daily_peak_mape_pct: 100.0 * dpe / nd.max(1) as f64,
        annual_peak_error_pct: 100.0 * (peak_f - peak_a) / peak_a,
        n_hours: n,
        n_zero_actual: n - n_ape,
    }
}

/// Field-wise mean of several metric sets (e.g. over zones).
pub fn average(ms: &[Metrics]) -> Metrics {
    let k = ms.len().max(1) as f64;
    let avg = |f: fn(&Metrics) -> f64| ms.iter().map(f).sum::<f64>() / k;
    Metrics {
        mape_pct: avg(|m| m.mape_pct),
        rmse: avg(|m| m.rmse),
        cv_rmse_pct: avg(|m| m.cv_rmse_pct),
        daily_peak_mape_pct: avg(|m| m.daily_peak_mape_pct),
        annual_peak_error_pct: avg(|m| m.annual_peak_error_pct),
        n_hours: ms.iter().map(|m| m.n_hours).sum(),
        n_zero_actual: ms.iter().map(|m| m.n_zero_actual).sum(),
    }
}
