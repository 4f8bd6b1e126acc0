//! A thin column-wise LP builder over HiGHS (`highs::ColProblem`), plus the solve
//! call that maps HiGHS's outcome to a [`SolveStatus`].

use crate::solution::SolveStatus;
use crate::OpfError;
use highs::{ColProblem, HighsModelStatus, Row, Sense};
use nagrid_model::{SolverMethod, SolverSettings};

/// HiGHS's name for an LP algorithm (its `solver` option).
fn highs_method(m: SolverMethod) -> &'static str {
    match m {
        SolverMethod::Choose => "choose",
        SolverMethod::Simplex => "simplex",
        SolverMethod::Ipm => "ipm",
        SolverMethod::Pdlp => "pdlp",
    }
}

/// Rows are declared first (with bounds), then columns with their coefficients.
pub(crate) struct LpBuilder {
    problem: ColProblem,
    rows: Vec<Row>,
    n_cols: usize,
    nnz: usize,
    /// Diagonal Hessian entries (column, value) of a quadratic objective ½ xᵀQx.
    hessian: Vec<(usize, f64)>,
    /// Whether any column is integer (a MIP).
    has_integer: bool,
    /// Relative MIP gap to stop at.
    mip_rel_gap: f64,
}

/// Raw result of a solve.
pub(crate) struct LpResult {
    pub status: SolveStatus,
    pub objective: f64,
    pub x: Vec<f64>,
    pub row_duals: Vec<f64>,
    pub col_duals: Vec<f64>,
    pub simplex_iterations: i64,
    pub ipm_iterations: i64,
    /// Relative gap of a MIP (None for an LP).
    pub mip_gap: Option<f64>,
}

impl LpBuilder {
    pub fn new() -> Self {
        Self {
            problem: ColProblem::default(),
            rows: Vec::new(),
            n_cols: 0,
            nnz: 0,
            hessian: Vec::new(),
            has_integer: false,
            mip_rel_gap: 1e-4,
        }
    }

    /// Add an equality row `a·x = rhs`; returns its index.
    pub fn add_eq_row(&mut self, rhs: f64) -> usize {
        self.rows.push(self.problem.add_row(rhs..=rhs));
        self.rows.len() - 1
    }

    /// Add a row `a·x <= rhs`; returns its index.
    pub fn add_le_row(&mut self, rhs: f64) -> usize {
        self.rows.push(self.problem.add_row(..=rhs));
        self.rows.len() - 1
    }

    /// Add a column with objective coefficient `cost`, bounds and row entries
    /// `(row index, coefficient)`.
    pub fn add_col(&mut self, cost: f64, lb: f64, ub: f64, entries: &[(usize, f64)]) {
        let rows = &self.rows;
        self.nnz += entries.len();
        self.problem.add_column(cost, lb..=ub, entries.iter().map(|&(r, a)| (rows[r], a)));
        self.n_cols += 1;
    }

    /// Add an integer column (see [`LpBuilder::add_col`]); the problem becomes a MIP
    /// solved to `mip_rel_gap`.
    pub fn add_integer_col(&mut self, cost: f64, lb: f64, ub: f64, entries: &[(usize, f64)], mip_rel_gap: f64) {
        let rows = &self.rows;
        self.nnz += entries.len();
        self.problem.add_integer_column(cost, lb..=ub, entries.iter().map(|&(r, a)| (rows[r], a)));
        self.n_cols += 1;
        self.has_integer = true;
        self.mip_rel_gap = mip_rel_gap;
    }

    /// Add Q[col][col] = `value` to the objective's Hessian (½ xᵀQx).
    pub fn add_hessian_diagonal(&mut self, col: usize, value: f64) {
        self.hessian.push((col, value));
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }
    pub fn nnz(&self) -> usize {
        self.nnz
    }

    /// Minimise with HiGHS.
    ///
    /// Only the non-panicking calls of the `highs` crate are used: a model HiGHS
    /// refuses (a NaN, or a bound or coefficient it cannot take) or a run that fails
    /// is a [`SolveStatus::Error`], which the command line reports with exit code 3;
    /// an option HiGHS refuses is an [`OpfError::Solver`] (validation bounds every
    /// option first).
    pub fn solve(self, opts: &SolverSettings) -> Result<LpResult, OpfError> {
        let n_cols = self.n_cols;
        let hessian = self.hessian;
        let has_integer = self.has_integer;
        let mip_rel_gap = self.mip_rel_gap;
        let mut model = match self.problem.try_optimise(Sense::Minimise) {
            Ok(m) => m,
            Err(e) => {
                return Ok(LpResult::failed(format!(
                    "HiGHS refused the model ({e:?}): a bound or coefficient is NaN or too large for the solver"
                )))
            }
        };
        if !hessian.is_empty() {
            let mut cols: Vec<Vec<(i32, f64)>> = vec![Vec::new(); n_cols];
            for (c, v) in hessian {
                cols[c].push((c as i32, v));
            }
            if let Err(e) = model.try_pass_hessian(highs::HessianFormat::Triangular, cols) {
                return Ok(LpResult::failed(format!("HiGHS refused the quadratic costs ({e:?}): a coefficient is NaN or too large")));
            }
        }
        let set = |m: &mut highs::Model, k: &str, v: OptVal| -> Result<(), OpfError> {
            let r = match v {
                OptVal::B(b) => m.try_set_option(k, b),
                OptVal::I(i) => m.try_set_option(k, i),
                OptVal::F(f) => m.try_set_option(k, f),
                OptVal::S(s) => m.try_set_option(k, s),
            };
            r.map_err(|e| OpfError::Solver(format!("option {k}: {e:?}")))
        };
        set(&mut model, "output_flag", OptVal::B(opts.log))?;
        set(&mut model, "log_to_console", OptVal::B(opts.log))?;
        if opts.threads > 0 {
            set(&mut model, "threads", OptVal::I(opts.threads as i32))?;
        }
        set(&mut model, "time_limit", OptVal::F(opts.time_limit_s))?;
        set(&mut model, "solver", OptVal::S(highs_method(opts.method)))?;
        set(&mut model, "primal_feasibility_tolerance", OptVal::F(opts.feasibility_tolerance))?;
        set(&mut model, "dual_feasibility_tolerance", OptVal::F(opts.feasibility_tolerance))?;
        set(&mut model, "random_seed", OptVal::I(0))?;
        if has_integer {
            set(&mut model, "mip_rel_gap", OptVal::F(mip_rel_gap))?;
        }
        let solved = match model.try_solve() {
            Ok(s) => s,
            Err(e) => return Ok(LpResult::failed(format!("HiGHS failed to solve the model ({e:?})"))),
        };
        let status = match solved.status() {
            HighsModelStatus::Optimal => SolveStatus::Optimal,
            HighsModelStatus::Infeasible => SolveStatus::Infeasible,
            HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => SolveStatus::Unbounded,
            HighsModelStatus::ReachedTimeLimit => SolveStatus::TimeLimit,
            HighsModelStatus::ReachedIterationLimit => SolveStatus::IterationLimit,
            other => SolveStatus::Error(format!("{other:?}")),
        };
        let mip_gap = has_integer.then(|| solved.double_info_value(c"mip_gap").unwrap_or(f64::NAN));
        let simplex_iterations = solved.int_info_value(c"simplex_iteration_count").unwrap_or(0);
        let ipm_iterations = solved.int_info_value(c"ipm_iteration_count").unwrap_or(0);
        let (x, row_duals, col_duals, objective) = if status == SolveStatus::Optimal {
            let sol = solved.get_solution();
            (sol.columns().to_vec(), sol.dual_rows().to_vec(), sol.dual_columns().to_vec(), solved.objective_value())
        } else {
            (Vec::new(), Vec::new(), Vec::new(), f64::NAN)
        };
        Ok(LpResult { status, objective, x, row_duals, col_duals, simplex_iterations, ipm_iterations, mip_gap })
    }
}

impl LpResult {
    /// The outcome of a model HiGHS refused or failed on: no solution.
    fn failed(reason: String) -> Self {
        Self {
            status: SolveStatus::Error(reason),
            objective: f64::NAN,
            x: Vec::new(),
            row_duals: Vec::new(),
            col_duals: Vec::new(),
            simplex_iterations: 0,
            ipm_iterations: 0,
            mip_gap: None,
        }
    }
}

enum OptVal {
    B(bool),
    I(i32),
    F(f64),
    S(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An LP HiGHS refuses at load time: a status, not the `highs` crate's panic.
    fn refused(rhs: f64, cost: f64) -> SolveStatus {
        let mut lp = LpBuilder::new();
        let r = lp.add_eq_row(rhs);
        lp.add_col(cost, 0.0, f64::INFINITY, &[(r, 1.0)]);
        lp.solve(&SolverSettings::default()).expect("no option is refused").status
    }

    #[test]
    fn models_highs_refuses_are_a_status_not_a_panic() {
        for (rhs, cost) in [(1e20, 1.0), (f64::NAN, 1.0), (-1e30, 1.0)] {
            let status = refused(rhs, cost);
            assert!(matches!(status, SolveStatus::Error(_)), "rhs {rhs}, cost {cost}: {status}");
        }
        assert_eq!(refused(1.0, 1.0), SolveStatus::Optimal);
    }
}
