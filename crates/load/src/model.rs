//! The fitted hourly load model: features + coefficients, JSON (de)serialisation,
//! fitting several load columns at once with one QR factorisation, and prediction.

use chrono::{DateTime, Duration, Utc};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;

use crate::calendar::{ClockZone, DatePeriod};
use crate::error::{LoadError, Result};
use crate::features::{design_matrix, FeatureScaling, FeatureSpec, HourlyInput};
use crate::io::HourlyFrame;
use crate::regression::least_squares;

/// A fitted linear load model for one load column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadModel {
    /// Name of the load column the model was fitted to.
    pub target: String,
    /// Temperature columns whose hourly mean is the model's temperature input.
    pub temperature_columns: Vec<String>,
    /// Clock zone of the calendar features.
    pub zone: ClockZone,
    /// Regression terms.
    pub spec: FeatureSpec,
    /// Temperature scaling and trend origin.
    pub scaling: FeatureScaling,
    /// Training period (local dates).
    pub train: DatePeriod,
    /// One coefficient per design column (see [`FeatureSpec::n_columns`]).
    pub coefficients: Vec<f64>,
}

/// Mean of the named temperature columns, hour by hour.
pub fn zone_temperature(frame: &HourlyFrame, columns: &[String]) -> Result<Vec<f64>> {
    if columns.is_empty() {
        return Err(LoadError::Invalid("at least one temperature column is needed".into()));
    }
    let cols = columns.iter().map(|c| frame.column(c)).collect::<Result<Vec<_>>>()?;
    let k = cols.len() as f64;
    Ok((0..frame.len()).map(|i| cols.iter().map(|c| c[i]).sum::<f64>() / k).collect())
}

/// Fits one model per target column over the hours `train_rows` of `frame`, sharing a
/// single QR factorisation (all targets use the same design matrix).
pub fn fit_models(
    frame: &HourlyFrame,
    targets: &[String],
    temperature_columns: &[String],
    spec: &FeatureSpec,
    train: &DatePeriod,
) -> Result<Vec<LoadModel>> {
    let rows = frame.range_of(train)?;
    let temperature = zone_temperature(frame, temperature_columns)?;
    let tr = &temperature[rows.clone()];
    let mean = tr.iter().sum::<f64>() / tr.len() as f64;
    let sd = (tr.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / tr.len() as f64).sqrt();
    let scaling = FeatureScaling {
        temperature_center: mean,
        temperature_scale: if sd > 0.0 { sd } else { 1.0 },
        trend_origin_utc: frame.utc(rows.start),
    };
    let input = HourlyInput { start_utc: frame.start_utc, zone: frame.zone, temperature: &temperature };
    let coefs = fit_coefficients(frame, targets, spec, &scaling, &input, rows)?;
    Ok(targets
        .iter()
        .enumerate()
        .map(|(k, t)| LoadModel {
            target: t.clone(),
            temperature_columns: temperature_columns.to_vec(),
            zone: frame.zone,
            spec: spec.clone(),
            scaling: scaling.clone(),
            train: *train,
            coefficients: coefs.column(k).iter().copied().collect(),
        })
        .collect())
}

/// Least-squares coefficients (p × targets) for the given rows.
pub(crate) fn fit_coefficients(
    frame: &HourlyFrame,
    targets: &[String],
    spec: &FeatureSpec,
    scaling: &FeatureScaling,
    input: &HourlyInput<'_>,
    rows: Range<usize>,
) -> Result<DMatrix<f64>> {
    let ys = targets.iter().map(|t| frame.column(t)).collect::<Result<Vec<_>>>()?;
    let y = DMatrix::from_fn(rows.len(), ys.len(), |r, k| ys[k][rows.start + r]);
    let x = design_matrix(spec, scaling, input, rows);
    Ok(least_squares(x, &y)?.coefficients)
}

impl LoadModel {
    /// Hourly forecast for `rows` of an hourly temperature series starting at
    /// `start_utc` (hours before `rows.start` serve as lag history).
    pub fn predict(&self, start_utc: DateTime<Utc>, temperature: &[f64], rows: Range<usize>) -> Vec<f64> {
        let input = HourlyInput { start_utc, zone: self.zone, temperature };
        let x = design_matrix(&self.spec, &self.scaling, &input, rows);
        let b = nalgebra::DVector::from_column_slice(&self.coefficients);
        (x * b).iter().copied().collect()
    }

    /// Forecast for the local dates of `period`, with temperatures from `frame`.
    /// Returns the UTC start of the first forecast hour and the hourly values.
    pub fn predict_frame(&self, frame: &HourlyFrame, period: &DatePeriod) -> Result<(DateTime<Utc>, Vec<f64>)> {
        let rows = frame.range_of(period)?;
        let t = zone_temperature(frame, &self.temperature_columns)?;
        let start = frame.start_utc + Duration::hours(rows.start as i64);
        Ok((start, self.predict(frame.start_utc, &t, rows)))
    }

    /// Serialises to pretty JSON (floats round-trip exactly).
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Parses a model from JSON, checking the coefficient count.
    pub fn from_json(s: &str) -> Result<Self> {
        let m: LoadModel = serde_json::from_str(s)?;
        if m.coefficients.len() != m.spec.n_columns() {
            return Err(LoadError::Invalid(format!(
                "model has {} coefficients but its features need {}",
                m.coefficients.len(),
                m.spec.n_columns()
            )));
        }
        Ok(m)
    }

    /// Writes the model as JSON.
    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_json()?).map_err(|e| LoadError::Io { path: path.to_path_buf(), source: e })
    }

    /// Writes several models: one JSON object for a single model, else a JSON array.
    pub fn save_all(models: &[LoadModel], path: &Path) -> Result<()> {
        let text = if models.len() == 1 { models[0].to_json()? } else { serde_json::to_string_pretty(models)? };
        std::fs::write(path, text).map_err(|e| LoadError::Io { path: path.to_path_buf(), source: e })
    }

    /// Reads one model (JSON object) or several (JSON array) from a file.
    pub fn load_all(path: &Path) -> Result<Vec<LoadModel>> {
        let s = std::fs::read_to_string(path).map_err(|e| LoadError::Io { path: path.to_path_buf(), source: e })?;
        let v: serde_json::Value = serde_json::from_str(&s)?;
        let texts: Vec<String> = match v {
            serde_json::Value::Array(items) => items.iter().map(|m| m.to_string()).collect(),
            _ => vec![s],
        };
        texts.iter().map(|t| Self::from_json(t)).collect()
    }

    /// Reads a model from a JSON file.
    pub fn load(path: &Path) -> Result<Self> {
        let s = std::fs::read_to_string(path).map_err(|e| LoadError::Io { path: path.to_path_buf(), source: e })?;
        Self::from_json(&s)
    }
}
