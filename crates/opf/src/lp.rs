//! A thin column-wise LP builder over HiGHS (`highs::ColProblem`), plus the solve
//! call that maps HiGHS's outcome to this module's own [`LpStatus`]. Bottom of the
//! module graph: it knows nothing of dispatch, only rows, columns and HiGHS.

use crate::error::OpfError;
use highs::{ColProblem, HighsModelStatus, Row, Sense};
use nagrid_model::{SolverMethod, SolverSettings};
use std::path::Path;

/// How HiGHS ended, in this module's own words (the public `SolveStatus`
/// is mapped from it by the solution module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LpStatus {
    Optimal,
    Infeasible,
    /// Unbounded, or unbounded or infeasible.
    Unbounded,
    TimeLimit,
    IterationLimit,
    /// HiGHS refused the model, failed, or ended in another state.
    Failed(String),
}

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
    /// Absolute MIP gap to stop at (HiGHS's default when `None`).
    mip_abs_gap: Option<f64>,
    /// (WS3) A primal point to start from: crossover turns it into a basis first.
    start_point: Option<Vec<f64>>,
    /// (WS6) Costs and bounds as passed, and a fingerprint of the matrix, to solve a
    /// kept model again with only what changed ([`Kept::resolve`]).
    record: Record,
}

/// Costs and bounds of an LP as built, and a fingerprint of its matrix.
#[derive(Default)]
struct Record {
    cost: Vec<f64>,
    col_lb: Vec<f64>,
    col_ub: Vec<f64>,
    row_lb: Vec<f64>,
    row_ub: Vec<f64>,
    matrix: u64,
}

impl Record {
    fn row(&mut self, lb: f64, ub: f64) {
        self.row_lb.push(lb);
        self.row_ub.push(ub);
    }

    /// FNV-1a over the column's entries, folded into the matrix fingerprint.
    fn col(&mut self, cost: f64, lb: f64, ub: f64, entries: &[(usize, f64)]) {
        self.cost.push(cost);
        self.col_lb.push(lb);
        self.col_ub.push(ub);
        let mut h = self.matrix ^ 0xcbf2_9ce4_8422_2325;
        for &(r, a) in entries {
            for word in [r as u64, a.to_bits()] {
                h ^= word;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        self.matrix = h.rotate_left(5);
    }
}

/// A simplex basis in HiGHS's terms: one `kHighsBasisStatus` per column and row
/// (0 at lower bound, 1 basic, 2 at upper bound, 3 zero, 4 nonbasic).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Basis {
    pub cols: Vec<i32>,
    pub rows: Vec<i32>,
}

/// Basis status codes of HiGHS (`kHighsBasisStatus*`).
pub(crate) const AT_LOWER: i32 = highs_sys::kHighsBasisStatusLower;
pub(crate) const BASIC: i32 = highs_sys::kHighsBasisStatusBasic;

/// Raw result of a solve.
pub(crate) struct LpResult {
    pub status: LpStatus,
    pub objective: f64,
    pub x: Vec<f64>,
    pub row_duals: Vec<f64>,
    pub col_duals: Vec<f64>,
    pub simplex_iterations: i64,
    pub ipm_iterations: i64,
    /// Relative gap of a MIP (None for an LP).
    pub mip_gap: Option<f64>,
    /// Best bound of a MIP (a lower bound of its optimum; None for an LP).
    pub mip_dual_bound: Option<f64>,
    /// The optimal basis of an LP solved by simplex (or after crossover).
    pub basis: Option<Basis>,
    /// Whether HiGHS accepted the starting basis it was given.
    pub warm_started: bool,
}

impl Default for LpBuilder {
    fn default() -> Self {
        Self::new()
    }
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
            mip_abs_gap: None,
            start_point: None,
            record: Record::default(),
        }
    }

    /// (WS3) Start the simplex from a basis that crossover builds from the primal
    /// point `x` (one value per column; ignored otherwise, and for a MIP).
    pub fn set_start_point(&mut self, x: Vec<f64>) {
        self.start_point = Some(x);
    }

    /// Stop a MIP at these relative and absolute gaps.
    pub fn set_mip_gaps(&mut self, rel: f64, abs: f64) {
        self.mip_rel_gap = rel;
        self.mip_abs_gap = Some(abs);
    }

    /// Add an equality row `a·x = rhs`; returns its index.
    pub fn add_eq_row(&mut self, rhs: f64) -> usize {
        self.record.row(rhs, rhs);
        self.rows.push(self.problem.add_row(rhs..=rhs));
        self.rows.len() - 1
    }

    /// Add a row `a·x <= rhs`; returns its index.
    pub fn add_le_row(&mut self, rhs: f64) -> usize {
        self.record.row(f64::NEG_INFINITY, rhs);
        self.rows.push(self.problem.add_row(..=rhs));
        self.rows.len() - 1
    }

    /// Add a row `a·x >= rhs`; returns its index.
    pub fn add_ge_row(&mut self, rhs: f64) -> usize {
        self.record.row(rhs, f64::INFINITY);
        self.rows.push(self.problem.add_row(rhs..));
        self.rows.len() - 1
    }

    /// Add a column with objective coefficient `cost`, bounds and row entries
    /// `(row index, coefficient)`.
    pub fn add_col(&mut self, cost: f64, lb: f64, ub: f64, entries: &[(usize, f64)]) {
        self.record.col(cost, lb, ub, entries);
        let rows = &self.rows;
        self.nnz += entries.len();
        self.problem.add_column(cost, lb..=ub, entries.iter().map(|&(r, a)| (rows[r], a)));
        self.n_cols += 1;
    }

    /// Add an integer column (see [`LpBuilder::add_col`]); the problem becomes a MIP
    /// solved to `mip_rel_gap`.
    pub fn add_integer_col(&mut self, cost: f64, lb: f64, ub: f64, entries: &[(usize, f64)], mip_rel_gap: f64) {
        self.record.col(cost, lb, ub, entries);
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
    /// is [`LpStatus::Failed`] (the public `SolveStatus::Error`), which the command line reports with exit code 3;
    /// an option HiGHS refuses is an [`OpfError::Solver`] (validation bounds every
    /// option first).
    /// When `write_to` is given, the model is written there (MPS, by HiGHS) before
    /// the solve. A `start` basis of the right size is handed to HiGHS, whose simplex
    /// then starts from it instead of from scratch (a basis HiGHS rejects is ignored).
    pub fn solve(self, opts: &SolverSettings, write_to: Option<&Path>, start: Option<&Basis>) -> Result<LpResult, OpfError> {
        Ok(self.solve_kept(opts, write_to, start, false)?.0)
    }

    /// [`LpBuilder::solve`]; with `keep`, an optimal LP (not a MIP, no quadratic
    /// costs) is also kept in HiGHS to be solved again after changes (WS6).
    pub fn solve_kept(
        mut self,
        opts: &SolverSettings,
        write_to: Option<&Path>,
        start: Option<&Basis>,
        keep: bool,
    ) -> Result<(LpResult, Option<Kept>), OpfError> {
        let keep = keep && !self.has_integer && self.hessian.is_empty();
        let record = std::mem::take(&mut self.record);
        let has_integer = self.has_integer;
        let mip_rel_gap = self.mip_rel_gap;
        let mip_abs_gap = self.mip_abs_gap;
        let start_point = self.start_point.take();
        let mut model = match self.into_model() {
            Ok(m) => m,
            Err(reason) => return Ok((LpResult::failed(reason), None)),
        };
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
            if let Some(g) = mip_abs_gap {
                set(&mut model, "mip_abs_gap", OptVal::F(g))?;
            }
        }
        if let Some(path) = write_to {
            write_model(&mut model, path)?;
        }
        let mut warm_started = match start {
            Some(b) if !has_integer && b.cols.len() == model.num_cols() && b.rows.len() == model.num_rows() => set_basis(&mut model, b),
            _ => false,
        };
        if let Some(x) = start_point.filter(|x| !has_integer && !warm_started && x.len() == model.num_cols()) {
            warm_started = crossover_from(&mut model, &x, opts.threads);
        }
        let solved = match model.try_solve() {
            Ok(s) => s,
            Err(e) => return Ok((LpResult::failed(format!("HiGHS failed to solve the model ({e:?})")), None)),
        };
        let mut res = LpResult::of(&solved, has_integer);
        res.warm_started = warm_started;
        let kept = (keep && res.status == LpStatus::Optimal).then(|| Kept { model: Some(solved.into()), record });
        Ok((res, kept))
    }
}

impl LpResult {
    /// What HiGHS ended `solved` with (no basis for a MIP).
    fn of(solved: &highs::SolvedModel, has_integer: bool) -> Self {
        let status = match solved.status() {
            HighsModelStatus::Optimal => LpStatus::Optimal,
            HighsModelStatus::Infeasible => LpStatus::Infeasible,
            HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => LpStatus::Unbounded,
            HighsModelStatus::ReachedTimeLimit => LpStatus::TimeLimit,
            HighsModelStatus::ReachedIterationLimit => LpStatus::IterationLimit,
            other => LpStatus::Failed(format!("{other:?}")),
        };
        let mip_gap = has_integer.then(|| solved.double_info_value(c"mip_gap").unwrap_or(f64::NAN));
        let mip_dual_bound = has_integer.then(|| solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NAN));
        let simplex_iterations = solved.int_info_value(c"simplex_iteration_count").unwrap_or(0);
        let ipm_iterations = solved.int_info_value(c"ipm_iteration_count").unwrap_or(0);
        let (x, row_duals, col_duals, objective) = if status == LpStatus::Optimal {
            let sol = solved.get_solution();
            (sol.columns().to_vec(), sol.dual_rows().to_vec(), sol.dual_columns().to_vec(), solved.objective_value())
        } else {
            (Vec::new(), Vec::new(), Vec::new(), f64::NAN)
        };
        let basis = (status == LpStatus::Optimal && !has_integer).then(|| get_basis(solved, x.len(), row_duals.len())).flatten();
        Self {
            status,
            objective,
            x,
            row_duals,
            col_duals,
            simplex_iterations,
            ipm_iterations,
            mip_gap,
            mip_dual_bound,
            basis,
            warm_started: false,
        }
    }
}

/// (WS6) An LP solved and kept in HiGHS with its basis, factorisation and pricing
/// weights: the same LP with other costs or bounds (the same matrix) is solved again
/// from where the last solve ended, without passing, checking and factorising it anew.
pub(crate) struct Kept {
    /// `None` only while a solve runs.
    model: Option<highs::Model>,
    record: Record,
}

impl Kept {
    /// Solve `next` by changing the kept LP's costs and bounds to `next`'s and solving
    /// again (the simplex starts from the last basis); `None`, with nothing changed,
    /// when `next` has another shape or matrix (solve it anew then).
    pub fn resolve(&mut self, mut next: LpBuilder) -> Result<Option<LpResult>, OpfError> {
        let (old, new) = (&self.record, &next.record);
        let same = old.matrix == new.matrix
            && old.cost.len() == new.cost.len()
            && old.row_lb.len() == new.row_lb.len()
            && !next.has_integer
            && next.hessian.is_empty();
        if !same {
            return Ok(None);
        }
        let Some(mut model) = self.model.take() else { return Ok(None) };
        let changed = |a: &[f64], b: &[f64], c: &[f64], d: &[f64]| -> Vec<i32> {
            (0..a.len()).filter(|&i| a[i].to_bits() != b[i].to_bits() || c[i].to_bits() != d[i].to_bits()).map(|i| i as i32).collect()
        };
        let costs = changed(&old.cost, &new.cost, &old.cost, &new.cost);
        let cols = changed(&old.col_lb, &new.col_lb, &old.col_ub, &new.col_ub);
        let rows = changed(&old.row_lb, &new.row_lb, &old.row_ub, &new.row_ub);
        let pick = |v: &[f64], set: &[i32]| set.iter().map(|&i| v[i as usize]).collect::<Vec<f64>>();
        let ptr = model.as_mut_ptr();
        // SAFETY: `ptr` is the live HiGHS instance owned by `model`; every index in the
        // sets is below its number of columns (rows), which `same` checked equal to
        // `next`'s, and each value array has one entry per index; HiGHS only reads them.
        let status = unsafe {
            let (c, lb, ub) = (pick(&new.cost, &costs), pick(&new.col_lb, &cols), pick(&new.col_ub, &cols));
            let (rl, ru) = (pick(&new.row_lb, &rows), pick(&new.row_ub, &rows));
            [
                highs_sys::Highs_changeColsCostBySet(ptr, costs.len() as _, costs.as_ptr(), c.as_ptr()),
                highs_sys::Highs_changeColsBoundsBySet(ptr, cols.len() as _, cols.as_ptr(), lb.as_ptr(), ub.as_ptr()),
                highs_sys::Highs_changeRowsBoundsBySet(ptr, rows.len() as _, rows.as_ptr(), rl.as_ptr(), ru.as_ptr()),
            ]
        };
        if status.contains(&highs_sys::STATUS_ERROR) {
            return Ok(Some(LpResult::failed("HiGHS refused a change of costs or bounds".into())));
        }
        self.record = std::mem::take(&mut next.record);
        let solved = match model.try_solve() {
            Ok(s) => s,
            Err(e) => return Ok(Some(LpResult::failed(format!("HiGHS failed to solve the model ({e:?})")))),
        };
        let mut res = LpResult::of(&solved, false);
        res.warm_started = true;
        if res.status == LpStatus::Optimal {
            self.model = Some(solved.into());
        }
        Ok(Some(res))
    }
}

impl LpBuilder {
    /// Pass the problem (and its quadratic costs) to HiGHS; why HiGHS refused it.
    fn into_model(self) -> Result<highs::Model, String> {
        let n_cols = self.n_cols;
        let hessian = self.hessian;
        let mut model = self
            .problem
            .try_optimise(Sense::Minimise)
            .map_err(|e| format!("HiGHS refused the model ({e:?}): a bound or coefficient is NaN or too large for the solver"))?;
        if !hessian.is_empty() {
            let mut cols: Vec<Vec<(i32, f64)>> = vec![Vec::new(); n_cols];
            for (c, v) in hessian {
                cols[c].push((c as i32, v));
            }
            model
                .try_pass_hessian(highs::HessianFormat::Triangular, cols)
                .map_err(|e| format!("HiGHS refused the quadratic costs ({e:?}): a coefficient is NaN or too large"))?;
        }
        Ok(model)
    }

    /// Write the problem to `path` (MPS, by HiGHS) without solving it.
    pub fn write(self, path: &Path) -> Result<(), OpfError> {
        let mut model = self.into_model().map_err(|reason| OpfError::Write { path: path.display().to_string(), reason })?;
        model.make_quiet();
        write_model(&mut model, path)
    }
}

impl LpResult {
    /// The outcome of a model HiGHS refused or failed on: no solution.
    fn failed(reason: String) -> Self {
        Self {
            status: LpStatus::Failed(reason),
            objective: f64::NAN,
            x: Vec::new(),
            row_duals: Vec::new(),
            col_duals: Vec::new(),
            simplex_iterations: 0,
            ipm_iterations: 0,
            mip_gap: None,
            mip_dual_bound: None,
            basis: None,
            warm_started: false,
        }
    }
}

/// Hand `b` to HiGHS as its starting basis; whether HiGHS accepted it (it checks
/// that the basis has one basic variable per row).
fn set_basis(model: &mut highs::Model, b: &Basis) -> bool {
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; the two
    // arrays have exactly as many entries as the model has columns and rows (checked
    // by the caller), and HiGHS only reads them during the call.
    let status = unsafe { highs_sys::Highs_setBasis(model.as_mut_ptr(), b.cols.as_ptr(), b.rows.as_ptr()) };
    status != highs_sys::STATUS_ERROR
}

/// (WS3) Crossover from the primal point `x` to a basis the simplex then starts
/// from; whether HiGHS accepted it.
fn crossover_from(model: &mut highs::Model, x: &[f64], threads: u32) -> bool {
    scheduler_on_this_thread(threads);
    let (n_cols, n_rows) = (model.num_cols() as i32, model.num_rows() as i32);
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; `x` has one
    // entry per column (checked by the caller); the dual arrays may be null.
    let status = unsafe { highs_sys::Highs_crossover(model.as_mut_ptr(), n_cols, n_rows, x.as_ptr(), std::ptr::null(), std::ptr::null()) };
    status != highs_sys::STATUS_ERROR
}

/// HiGHS starts its task scheduler, one per thread, in a solve; its crossover uses
/// the scheduler without starting it (HiGHS 1.16: a thread that has not solved
/// before crashes there). A one-column LP solved once per thread starts it.
fn scheduler_on_this_thread(threads: u32) {
    thread_local!(static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if STARTED.get() {
        return;
    }
    let mut p = ColProblem::default();
    p.add_column(0.0, 0.0..=1.0, std::iter::empty::<(Row, f64)>());
    let mut m = p.optimise(Sense::Minimise);
    let _ = m.try_set_option("output_flag", false);
    if threads > 0 {
        let _ = m.try_set_option("threads", threads as i32);
    }
    if m.try_solve().is_ok() {
        STARTED.set(true);
    }
}

/// The basis HiGHS ended with, if it has a valid one.
fn get_basis(solved: &highs::SolvedModel, n_cols: usize, n_rows: usize) -> Option<Basis> {
    let mut b = Basis { cols: vec![0; n_cols], rows: vec![0; n_rows] };
    // SAFETY: the pointer is the live HiGHS instance owned by `solved`, and the two
    // buffers hold one entry per column and per row of its model, which HiGHS fills.
    let status = unsafe { highs_sys::Highs_getBasis(solved.as_ptr(), b.cols.as_mut_ptr(), b.rows.as_mut_ptr()) };
    (status == highs_sys::STATUS_OK).then_some(b)
}

/// Write `model` to `path` with HiGHS; the format follows the extension (`.mps`,
/// `.lp`; anything else is written as MPS).
fn write_model(model: &mut highs::Model, path: &Path) -> Result<(), OpfError> {
    let fail = |reason: String| OpfError::Write { path: path.display().to_string(), reason };
    let mut name = path.to_str().ok_or_else(|| fail("the path is not UTF-8".into()))?.to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let tmp = (ext != "mps" && ext != "lp").then(|| format!("{name}.mps"));
    if let Some(t) = &tmp {
        name.clone_from(t);
    }
    let c_name = std::ffi::CString::new(name.clone()).map_err(|_| fail("the path contains a NUL byte".into()))?;
    // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `c_name`
    // is a NUL-terminated string that outlives the call.
    let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), c_name.as_ptr()) };
    if status == highs_sys::STATUS_ERROR {
        return Err(fail("HiGHS could not write the model (does its folder exist?)".into()));
    }
    if let Some(t) = tmp {
        std::fs::rename(&t, path).map_err(|e| fail(e.to_string()))?;
    }
    Ok(())
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
    fn refused(rhs: f64, cost: f64) -> LpStatus {
        let mut lp = LpBuilder::new();
        let r = lp.add_eq_row(rhs);
        lp.add_col(cost, 0.0, f64::INFINITY, &[(r, 1.0)]);
        lp.solve(&SolverSettings::default(), None, None).expect("no option is refused").status
    }

    #[test]
    fn writes_mps_with_rows_and_columns() {
        let mut lp = LpBuilder::new();
        let r = lp.add_le_row(4.0);
        lp.add_col(-1.0, 0.0, 10.0, &[(r, 1.0)]);
        let path = std::env::temp_dir().join(format!("nagrid-lp-test-{}.txt", std::process::id()));
        lp.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(text.contains("ROWS") && text.contains("COLUMNS"), "{text}");
    }

    /// min −x − y with x + y ≤ 4, x ≤ 3 (bounds 0..10): optimum −4.
    fn small() -> LpBuilder {
        let mut lp = LpBuilder::new();
        let a = lp.add_le_row(4.0);
        let b = lp.add_le_row(3.0);
        lp.add_col(-1.0, 0.0, 10.0, &[(a, 1.0), (b, 1.0)]);
        lp.add_col(-2.0, 0.0, 10.0, &[(a, 1.0)]);
        lp
    }

    #[test]
    fn an_optimal_basis_restarts_the_same_lp_without_iterations() {
        let cold = small().solve(&SolverSettings::default(), None, None).unwrap();
        assert_eq!(cold.status, LpStatus::Optimal);
        assert!((cold.objective + 8.0).abs() < 1e-9, "{}", cold.objective);
        let basis = cold.basis.expect("simplex leaves a basis");
        assert_eq!(basis.rows.iter().chain(&basis.cols).filter(|&&s| s == BASIC).count(), 2, "{basis:?}");
        let warm = small().solve(&SolverSettings::default(), None, Some(&basis)).unwrap();
        assert!(warm.warm_started);
        assert_eq!(warm.simplex_iterations, 0);
        assert!((warm.objective - cold.objective).abs() < 1e-12);
        // A basis of the wrong size is not handed over; from an inconsistent one HiGHS still reaches the optimum.
        let short = Basis { cols: vec![BASIC], rows: basis.rows.clone() };
        assert!(!small().solve(&SolverSettings::default(), None, Some(&short)).unwrap().warm_started);
        let too_many = Basis { cols: vec![BASIC; 2], rows: vec![BASIC; 2] };
        let r = small().solve(&SolverSettings::default(), None, Some(&too_many)).unwrap();
        assert!(r.status == LpStatus::Optimal && (r.objective + 8.0).abs() < 1e-9);
    }

    /// (WS6) The LP kept in HiGHS, solved again with other bounds and costs, reaches the
    /// optimum a fresh solve of the changed LP reaches; another matrix is refused.
    #[test]
    fn a_kept_lp_solves_again_with_other_bounds() {
        let settings = SolverSettings::default();
        let (first, kept) = small().solve_kept(&settings, None, None, true).unwrap();
        assert!((first.objective + 8.0).abs() < 1e-9, "{}", first.objective);
        let mut kept = kept.expect("an optimal LP is kept");
        // x + y ≤ 6 (row bound), y ≤ 2 (column bound), and x now costs −3: optimum x = 3, y = 2, −13.
        let changed = || {
            let mut lp = LpBuilder::new();
            let a = lp.add_le_row(6.0);
            let b = lp.add_le_row(3.0);
            lp.add_col(-3.0, 0.0, 10.0, &[(a, 1.0), (b, 1.0)]);
            lp.add_col(-2.0, 0.0, 2.0, &[(a, 1.0)]);
            lp
        };
        let again = kept.resolve(changed()).unwrap().expect("same matrix");
        let fresh = changed().solve(&settings, None, None).unwrap();
        assert_eq!((again.status.clone(), fresh.status.clone()), (LpStatus::Optimal, LpStatus::Optimal));
        assert!((again.objective + 13.0).abs() < 1e-9 && (fresh.objective + 13.0).abs() < 1e-9, "{} {}", again.objective, fresh.objective);
        assert!(again.warm_started && (again.x[0] - 3.0).abs() < 1e-9 && (again.x[1] - 2.0).abs() < 1e-9, "{:?}", again.x);
        // Back to the first LP: the first optimum again.
        let back = kept.resolve(small()).unwrap().expect("same matrix");
        assert!((back.objective + 8.0).abs() < 1e-9, "{}", back.objective);
        // Another coefficient: not this LP.
        let mut other = LpBuilder::new();
        let a = other.add_le_row(4.0);
        let b = other.add_le_row(3.0);
        other.add_col(-1.0, 0.0, 10.0, &[(a, 2.0), (b, 1.0)]);
        other.add_col(-2.0, 0.0, 10.0, &[(a, 1.0)]);
        assert!(kept.resolve(other).unwrap().is_none());
        // A MIP is never kept.
        let mut mip = LpBuilder::new();
        let r = mip.add_le_row(1.5);
        mip.add_integer_col(-1.0, 0.0, 3.0, &[(r, 1.0)], 0.0);
        assert!(mip.solve_kept(&settings, None, None, true).unwrap().1.is_none());
    }

    #[test]
    fn models_highs_refuses_are_a_status_not_a_panic() {
        for (rhs, cost) in [(1e20, 1.0), (f64::NAN, 1.0), (-1e30, 1.0)] {
            let status = refused(rhs, cost);
            assert!(matches!(status, LpStatus::Failed(_)), "rhs {rhs}, cost {cost}: {status:?}");
        }
        assert_eq!(refused(1.0, 1.0), LpStatus::Optimal);
    }
}
