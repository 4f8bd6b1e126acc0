//! Linear least squares by Householder QR (never the normal equations), with column
//! equilibration and removal of numerically dependent columns.
//!
//! The factorisation is a blocked Householder QR (LAPACK `dgeqrf` style, compact WY
//! form `Q = I − V T Vᵀ`) on nalgebra matrices: each panel of columns is reduced with
//! Householder reflections, and the trailing matrix is updated with matrix–matrix
//! products, which nalgebra runs through its cache-blocked GEMM. The right-hand sides
//! are appended as extra columns so `Qᵀ y` comes out of the same sweep. The result is
//! checked against nalgebra's own `QR` in the tests.

use nalgebra::DMatrix;

use crate::error::{LoadError, Result};

/// Relative threshold on |R_jj| below which a column is considered dependent on the
/// preceding ones and dropped (its coefficient is set to zero).
pub const RANK_TOLERANCE: f64 = 1e-9;

/// Panel width of the blocked QR.
const PANEL: usize = 32;

/// Solution of a multi-response least-squares problem.
#[derive(Debug, Clone)]
pub struct LeastSquaresFit {
    /// Coefficients, one column per response (p × k).
    pub coefficients: DMatrix<f64>,
    /// Indices of columns dropped as linearly dependent (coefficient zero).
    pub dropped: Vec<usize>,
}

/// Blocked Householder triangularisation of the first `p` columns of `a` (n × m, m ≥ p,
/// n ≥ p), applying the same reflections to the remaining columns. On return the top
/// `p` rows of `a` hold `[R | Qᵀ B]` for `a = [X | B]`.
pub fn householder_triangularize(a: &mut DMatrix<f64>, p: usize) {
    let (n, m) = a.shape();
    assert!(p <= m && p <= n, "householder_triangularize: p = {p} for a {n}×{m} matrix");
    let mut k = 0;
    while k < p {
        let b = PANEL.min(p - k);
        let rows = n - k;
        let mut v = DMatrix::<f64>::zeros(rows, b);
        let mut tau = vec![0.0; b];
        for j in 0..b {
            let col = k + j;
            let norm = a.view((col, col), (n - col, 1)).norm();
            if norm == 0.0 {
                continue;
            }
            let x0 = a[(col, col)];
            let alpha = if x0 >= 0.0 { -norm } else { norm };
            for i in col..n {
                v[(i - k, j)] = a[(i, col)];
            }
            v[(j, j)] -= alpha;
            let vn = v.view((j, j), (n - col, 1)).norm();
            if vn == 0.0 {
                continue;
            }
            v.view_mut((j, j), (n - col, 1)).scale_mut(1.0 / vn);
            tau[j] = 2.0;
            a[(col, col)] = alpha;
            for i in col + 1..n {
                a[(i, col)] = 0.0;
            }
            // Apply H = I − 2 v vᵀ to the rest of the panel.
            let vj = v.column(j);
            let vj = vj.rows(j, n - col);
            for c in col + 1..k + b {
                let mut cc = a.column_mut(c);
                let mut cv = cc.rows_mut(col, n - col);
                let s = 2.0 * vj.dot(&cv);
                cv.axpy(-s, &vj, 1.0);
            }
        }
        if k + b < m {
            // T (b × b, upper): H_0 … H_{b−1} = I − V T Vᵀ.
            let mut t = DMatrix::<f64>::zeros(b, b);
            for j in 0..b {
                t[(j, j)] = tau[j];
                if j > 0 && tau[j] != 0.0 {
                    let z = v.columns(0, j).tr_mul(&v.column(j));
                    let tz = t.view((0, 0), (j, j)) * z;
                    for i in 0..j {
                        t[(i, j)] = -tau[j] * tz[i];
                    }
                }
            }
            // Trailing update C ← (I − V Tᵀ Vᵀ) C = C − V (Tᵀ (Vᵀ C)).
            let mt = m - k - b;
            let vt = v.transpose();
            let w = {
                let c = a.view((k, k + b), (rows, mt));
                t.transpose() * (&vt * c)
            };
            let mut c = a.view_mut((k, k + b), (rows, mt));
            c.gemm(-1.0, &v, &w, 1.0);
        }
        k += b;
    }
}

/// Solves min ‖X β − Y‖ for every column of `y` with one QR factorisation of `x`.
///
/// Columns are scaled to unit norm first; all-zero columns and columns whose
/// R-diagonal falls below [`RANK_TOLERANCE`] (relative to the largest) are dropped and
/// the factorisation repeated on the remaining columns.
pub fn least_squares(x: DMatrix<f64>, y: &DMatrix<f64>) -> Result<LeastSquaresFit> {
    let (n, p) = x.shape();
    let k = y.ncols();
    if y.nrows() != n {
        return Err(LoadError::Invalid(format!("least squares: {n} rows in X but {} in Y", y.nrows())));
    }
    if x.iter().chain(y.iter()).any(|v| !v.is_finite()) {
        return Err(LoadError::Numerical("non-finite value in regression data".into()));
    }
    let norms: Vec<f64> = (0..p).map(|j| x.column(j).norm()).collect();
    let mut keep: Vec<usize> = (0..p).filter(|&j| norms[j] > 0.0).collect();
    for _attempt in 0..4 {
        let m = keep.len();
        if m > n {
            return Err(LoadError::Numerical(format!("{m} regression columns but only {n} observations")));
        }
        // Augmented, equilibrated matrix [X_keep | Y].
        let mut a = DMatrix::<f64>::zeros(n, m + k);
        for (c, &j) in keep.iter().enumerate() {
            let s = 1.0 / norms[j];
            for (dst, src) in a.column_mut(c).iter_mut().zip(x.column(j).iter()) {
                *dst = src * s;
            }
        }
        a.view_mut((0, m), (n, k)).copy_from(y);
        householder_triangularize(&mut a, m);
        let rmax = (0..m).map(|j| a[(j, j)].abs()).fold(0.0, f64::max);
        let bad: Vec<usize> = (0..m).filter(|&j| a[(j, j)].abs() <= RANK_TOLERANCE * rmax).map(|j| keep[j]).collect();
        if !bad.is_empty() {
            keep.retain(|j| !bad.contains(j));
            continue;
        }
        let r = a.view((0, 0), (m, m)).upper_triangle();
        let rhs = a.view((0, m), (m, k)).into_owned();
        let beta_s = r.solve_upper_triangular(&rhs).ok_or_else(|| LoadError::Numerical("singular triangular factor".into()))?;
        let mut coefficients = DMatrix::<f64>::zeros(p, k);
        for (c, &j) in keep.iter().enumerate() {
            for t in 0..k {
                coefficients[(j, t)] = beta_s[(c, t)] / norms[j];
            }
        }
        let dropped = (0..p).filter(|j| !keep.contains(j)).collect();
        return Ok(LeastSquaresFit { coefficients, dropped });
    }
    Err(LoadError::Numerical("could not remove dependent regression columns".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nagrid_model::numeric::SplitMix64;

    #[test]
    fn blocked_qr_matches_nalgebra_qr() {
        let mut rng = SplitMix64::new(5);
        let (n, p, k) = (500, 77, 3);
        let x = DMatrix::from_fn(n, p, |_, _| rng.next_normal());
        let y = DMatrix::from_fn(n, k, |_, _| rng.next_normal());
        let fit = least_squares(x.clone(), &y).unwrap();
        // Reference: nalgebra's Householder QR.
        let qr = x.clone().qr();
        let mut qty = y.clone();
        qr.q_tr_mul(&mut qty);
        let reference = qr.r().solve_upper_triangular(&qty.rows(0, p).into_owned()).unwrap();
        let diff = (&fit.coefficients - &reference).abs().max();
        assert!(diff < 1e-10, "max coefficient difference {diff}");
        // |R| agrees with nalgebra's R up to row signs.
        let mut a = DMatrix::zeros(n, p);
        a.copy_from(&x);
        householder_triangularize(&mut a, p);
        let r_ref = qr.r();
        for i in 0..p {
            for j in i..p {
                assert!((a[(i, j)].abs() - r_ref[(i, j)].abs()).abs() < 1e-9 * (1.0 + r_ref[(i, j)].abs()));
            }
        }
    }
}
