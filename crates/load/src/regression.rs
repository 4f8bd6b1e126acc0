//! Linear least squares by Householder QR (never the normal equations), with column
//! equilibration and removal of numerically dependent columns.

use nalgebra::DMatrix;

use crate::error::{LoadError, Result};

/// Relative threshold on |R_jj| below which a column is considered dependent on the
/// preceding ones and dropped (its coefficient is set to zero).
pub const RANK_TOLERANCE: f64 = 1e-9;

/// Solution of a multi-response least-squares problem.
#[derive(Debug, Clone)]
pub struct LeastSquaresFit {
    /// Coefficients, one column per response (p × k).
    pub coefficients: DMatrix<f64>,
    /// Indices of columns dropped as linearly dependent (coefficient zero).
    pub dropped: Vec<usize>,
}

/// Solves min ‖X β − Y‖ for every column of `y` with one QR factorisation of `x`.
///
/// Columns are scaled to unit norm first; all-zero columns and columns whose
/// R-diagonal falls below [`RANK_TOLERANCE`] (relative to the largest) are dropped and
/// the factorisation repeated on the remaining columns.
pub fn least_squares(x: DMatrix<f64>, y: &DMatrix<f64>) -> Result<LeastSquaresFit> {
    let (n, p) = x.shape();
    if y.nrows() != n {
        return Err(LoadError::Invalid(format!("least squares: {n} rows in X but {} in Y", y.nrows())));
    }
    if x.iter().chain(y.iter()).any(|v| !v.is_finite()) {
        return Err(LoadError::Numerical("non-finite value in regression data".into()));
    }
    let norms: Vec<f64> = (0..p).map(|j| x.column(j).norm()).collect();
    let mut keep: Vec<usize> = (0..p).filter(|&j| norms[j] > 0.0).collect();
    let mut xs = x;
    for j in 0..p {
        if norms[j] > 0.0 {
            xs.column_mut(j).scale_mut(1.0 / norms[j]);
        }
    }
    for _attempt in 0..4 {
        if keep.len() > n {
            return Err(LoadError::Numerical(format!(
                "{} regression columns but only {n} observations",
                keep.len()
            )));
        }
        let sub = if keep.len() == p { xs.clone() } else { xs.select_columns(keep.iter()) };
        let qr = sub.qr();
        let r = qr.r();
        let m = keep.len();
        let rmax = (0..m).map(|j| r[(j, j)].abs()).fold(0.0, f64::max);
        let bad: Vec<usize> = (0..m).filter(|&j| r[(j, j)].abs() <= RANK_TOLERANCE * rmax).collect();
        if !bad.is_empty() {
            let bad_cols: Vec<usize> = bad.iter().map(|&j| keep[j]).collect();
            keep.retain(|j| !bad_cols.contains(j));
            continue;
        }
        let mut qty = y.clone();
        qr.q_tr_mul(&mut qty);
        let rhs = qty.rows(0, m).into_owned();
        let beta_s = r
            .solve_upper_triangular(&rhs)
            .ok_or_else(|| LoadError::Numerical("singular triangular factor".into()))?;
        let mut coefficients = DMatrix::<f64>::zeros(p, y.ncols());
        for (a, &j) in keep.iter().enumerate() {
            for k in 0..y.ncols() {
                coefficients[(j, k)] = beta_s[(a, k)] / norms[j];
            }
        }
        let dropped = (0..p).filter(|j| !keep.contains(j)).collect();
        return Ok(LeastSquaresFit { coefficients, dropped });
    }
    Err(LoadError::Numerical("could not remove dependent regression columns".into()))
}
