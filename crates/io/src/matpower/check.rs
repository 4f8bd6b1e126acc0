//! Validation of the matrices of a MATPOWER case: every number the DC-OPF uses must
//! be finite and within the bounds of [`nagrid_model::limits`], bus numbers positive
//! whole numbers, references to buses resolvable, costs well formed. Each problem
//! names the matrix, the data row (and its file line), the MATPOWER column and the
//! value; all are collected in one pass.

use super::{MatpowerCase, Matrix};
use nagrid_model::limits::{within, MAX_COST_USD, MAX_ISSUES_PER_FILE, MAX_MW, MAX_X_PU, MIN_X_PU};
use nagrid_model::{Issue, Issues};
use std::collections::{HashMap, HashSet};

// Column positions (0-based) of the MATPOWER format.
pub(super) const BUS_I: usize = 0;
pub(super) const BUS_TYPE: usize = 1;
pub(super) const PD: usize = 2;
const QD: usize = 3;
pub(super) const GS: usize = 4;
pub(super) const GEN_BUS: usize = 0;
const PG: usize = 1;
const QG: usize = 2;
pub(super) const GEN_STATUS: usize = 7;
pub(super) const PMAX: usize = 8;
pub(super) const PMIN: usize = 9;
pub(super) const F_BUS: usize = 0;
pub(super) const T_BUS: usize = 1;
const BR_R: usize = 2;
pub(super) const BR_X: usize = 3;
const BR_B: usize = 4;
pub(super) const RATE_A: usize = 5;
pub(super) const TAP: usize = 8;
pub(super) const SHIFT: usize = 9;
pub(super) const BR_STATUS: usize = 10;
pub(super) const ANGMIN: usize = 11;
pub(super) const ANGMAX: usize = 12;
pub(super) const MODEL: usize = 0;
const STARTUP: usize = 1;
const SHUTDOWN: usize = 2;
pub(super) const NCOST: usize = 3;
pub(super) const COST: usize = 4;

const BUS_COLS: [&str; 13] = ["BUS_I", "BUS_TYPE", "PD", "QD", "GS", "BS", "BUS_AREA", "VM", "VA", "BASE_KV", "ZONE", "VMAX", "VMIN"];
const GEN_COLS: [&str; 10] = ["GEN_BUS", "PG", "QG", "QMAX", "QMIN", "VG", "MBASE", "GEN_STATUS", "PMAX", "PMIN"];
const BRANCH_COLS: [&str; 13] =
    ["F_BUS", "T_BUS", "BR_R", "BR_X", "BR_B", "RATE_A", "RATE_B", "RATE_C", "TAP", "SHIFT", "BR_STATUS", "ANGMIN", "ANGMAX"];
const GENCOST_COLS: [&str; 4] = ["MODEL", "STARTUP", "SHUTDOWN", "NCOST"];
/// Largest bus number (whole numbers are exact in f64 up to 2^53).
const MAX_BUS_NUMBER: f64 = 9_007_199_254_740_992.0;
/// Largest phase-shift angle, degrees.
const MAX_SHIFT_DEG: f64 = 360.0;

impl Matrix {
    fn column_name(self, c: usize) -> String {
        let names: &[&str] = match self {
            Matrix::Bus => &BUS_COLS,
            Matrix::Gen => &GEN_COLS,
            Matrix::Branch => &BRANCH_COLS,
            Matrix::Gencost if c >= COST => return "COST".into(),
            Matrix::Gencost => &GENCOST_COLS,
        };
        names.get(c).map(|s| s.to_string()).unwrap_or_else(|| format!("column {}", c + 1))
    }
}

/// A number as written in messages: `NaN`, `inf`, `1e308`, `2.5`.
pub(super) fn fmt_num(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-4..1e6).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Collects issues, at most [`MAX_ISSUES_PER_FILE`] listed and the rest counted.
pub(super) struct Collector {
    pub(super) file: String,
    issues: Issues,
    more: usize,
}

impl Collector {
    pub(super) fn new(file: &str) -> Self {
        Self { file: file.to_string(), issues: Issues::default(), more: 0 }
    }

    pub(super) fn push(&mut self, i: Issue) {
        if self.issues.len() < MAX_ISSUES_PER_FILE {
            self.issues.push(i);
        } else {
            self.more += 1;
        }
    }

    /// True when no more issues are listed: the file is refused anyway.
    pub(super) fn full(&self) -> bool {
        self.issues.len() >= MAX_ISSUES_PER_FILE
    }

    pub(super) fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    pub(super) fn finish(mut self) -> Issues {
        if self.more > 0 {
            let msg = format!("more problems not listed (at least {}); fix the ones above and run again", self.more);
            self.issues.push(Issue::file(self.file, msg));
        }
        self.issues
    }
}

/// Checks of one case; `skip` holds the cells (matrix, row, column) whose text was
/// not a number and is already reported.
pub(super) struct Checker<'a> {
    mpc: &'a MatpowerCase,
    skip: &'a HashSet<(Matrix, usize, usize)>,
    pub(super) out: &'a mut Collector,
    /// Bus type of each valid bus number.
    bus_type: HashMap<i64, f64>,
    /// baseMVA is not a number and already reported.
    base_reported: bool,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
        mpc: &'a MatpowerCase,
        skip: &'a HashSet<(Matrix, usize, usize)>,
        out: &'a mut Collector,
        base_reported: bool,
    ) -> Self {
        Self { mpc, skip, out, bus_type: HashMap::new(), base_reported }
    }

    fn rows(&self, m: Matrix) -> &'a [Vec<f64>] {
        match m {
            Matrix::Bus => &self.mpc.bus,
            Matrix::Gen => &self.mpc.gen,
            Matrix::Branch => &self.mpc.branch,
            Matrix::Gencost => &self.mpc.gencost,
        }
    }

    /// `mpc.gen row 3, GEN_STATUS (column 8)` and the file line of the row.
    fn at(&self, m: Matrix, r: usize, c: Option<usize>) -> (Option<usize>, String) {
        let line = self.mpc.lines.of(m, r);
        let label = match c {
            Some(c) => format!("mpc.{} row {}, {} (column {})", m.name(), r + 1, m.column_name(c), c + 1),
            None => format!("mpc.{} row {}", m.name(), r + 1),
        };
        (line, label)
    }

    /// Report a problem at a cell.
    pub(super) fn push(&mut self, m: Matrix, r: usize, c: usize, value: impl ToString, message: impl Into<String>) {
        let (row, column) = self.at(m, r, Some(c));
        let file = self.out.file.clone();
        self.out.push(Issue { file, row, column: Some(column), value: Some(value.to_string()), message: message.into() });
    }

    /// The value of a cell, None when absent or already reported as not a number.
    pub(super) fn cell(&self, m: Matrix, r: usize, c: usize) -> Option<f64> {
        if self.skip.contains(&(m, r, c)) {
            return None;
        }
        self.rows(m).get(r).and_then(|row| row.get(c)).copied()
    }

    /// A finite number with |v| <= max, else reported (`what` names the quantity and unit).
    pub(super) fn number(&mut self, m: Matrix, r: usize, c: usize, max: f64, what: &str) -> Option<f64> {
        let v = self.cell(m, r, c)?;
        if within(v, max) {
            return Some(v);
        }
        let msg = if v.is_finite() {
            format!("{what} must be within ±{} (a larger value is not a real system and the solver cannot take it)", fmt_num(max))
        } else {
            format!("{what} must be a finite number")
        };
        self.push(m, r, c, fmt_num(v), msg);
        None
    }

    /// A bus number: a positive whole number.
    fn bus_number(&mut self, m: Matrix, r: usize, c: usize) -> Option<i64> {
        let v = self.cell(m, r, c)?;
        if (1.0..=MAX_BUS_NUMBER).contains(&v) && v.fract() == 0.0 {
            return Some(v as i64);
        }
        self.push(m, r, c, fmt_num(v), "bus numbers must be positive whole numbers");
        None
    }

    /// A bus number of a gen or branch row that must be in `mpc.bus`; its type.
    fn bus_ref(&mut self, m: Matrix, r: usize, c: usize) -> Option<(i64, f64)> {
        let n = self.bus_number(m, r, c)?;
        match self.bus_type.get(&n) {
            Some(t) => Some((n, *t)),
            None => {
                self.push(m, r, c, n, format!("no bus {n} in mpc.bus"));
                None
            }
        }
    }

    /// A row shorter than its matrix needs is reported; true when long enough.
    fn long_enough(&mut self, m: Matrix, r: usize, need: usize, what: &str) -> bool {
        let len = self.rows(m)[r].len();
        if len >= need {
            return true;
        }
        let (row, column) = self.at(m, r, None);
        let file = self.out.file.clone();
        let message = format!("a row of mpc.{} needs at least {need} columns ({what}), found {len}", m.name());
        self.out.push(Issue { file, row, column: Some(column), value: Some(len.to_string()), message });
        false
    }

    /// Run every check.
    pub(super) fn run(&mut self) {
        self.base_mva();
        for m in [Matrix::Bus, Matrix::Gen, Matrix::Branch, Matrix::Gencost] {
            if self.rows(m).is_empty() && (m != Matrix::Gencost || !self.mpc.gen.is_empty()) {
                let what = match m {
                    Matrix::Bus => "the buses",
                    Matrix::Gen => "the generators",
                    Matrix::Branch => "the branches",
                    Matrix::Gencost => "the generator costs",
                };
                let msg = format!("no mpc.{} matrix (or it is empty): a case needs {what}", m.name());
                self.out.push(Issue::file(self.out.file.clone(), msg));
            }
        }
        self.buses();
        for r in 0..self.mpc.gen.len() {
            self.gen(r);
        }
        for r in 0..self.mpc.branch.len() {
            self.branch(r);
        }
        self.gencosts();
    }

    fn base_mva(&mut self) {
        let b = self.mpc.base_mva;
        if self.base_reported || (b.is_finite() && b > 0.0 && b <= MAX_MW) {
            return;
        }
        let file = self.out.file.clone();
        let issue = match self.mpc.lines.base_mva {
            Some(line) => Issue::at(
                file,
                line,
                "mpc.baseMVA",
                fmt_num(b),
                format!("baseMVA must be a positive number of MVA up to {}, e.g. 100", fmt_num(MAX_MW)),
            ),
            None if b.is_nan() => Issue::file(file, "no mpc.baseMVA: add a line such as 'mpc.baseMVA = 100;'"),
            None => Issue {
                file,
                row: None,
                column: Some("mpc.baseMVA".into()),
                value: Some(fmt_num(b)),
                message: "baseMVA must be a positive number of MVA".into(),
            },
        };
        self.out.push(issue);
    }

    fn buses(&mut self) {
        let mut first_row: HashMap<i64, usize> = HashMap::new();
        let mut reference = false;
        for r in 0..self.mpc.bus.len() {
            if !self.long_enough(Matrix::Bus, r, 13, "BUS_I to VMIN") {
                // Known still, so that the rows naming it are not reported as well.
                if let Some(n) = self.cell(Matrix::Bus, r, BUS_I).filter(|v| v.fract() == 0.0 && (1.0..=MAX_BUS_NUMBER).contains(v)) {
                    self.bus_type.entry(n as i64).or_insert(1.0);
                }
                continue;
            }
            let number = self.bus_number(Matrix::Bus, r, BUS_I);
            let kind = self.cell(Matrix::Bus, r, BUS_TYPE);
            let kind = match kind {
                Some(t) if [1.0, 2.0, 3.0, 4.0].contains(&t) => Some(t),
                Some(t) => {
                    let msg = "unknown bus type: 1 (PQ), 2 (PV), 3 (reference) or 4 (isolated)";
                    self.push(Matrix::Bus, r, BUS_TYPE, fmt_num(t), msg);
                    None
                }
                None => None,
            };
            reference |= kind == Some(3.0);
            if let Some(n) = number {
                if let Some(first) = first_row.get(&n) {
                    self.push(Matrix::Bus, r, BUS_I, n, format!("duplicate bus number (also in row {})", first + 1));
                } else {
                    first_row.insert(n, r);
                    self.bus_type.insert(n, kind.unwrap_or(1.0));
                }
            }
            let pd = self.number(Matrix::Bus, r, PD, MAX_MW, "real power demand PD (MW)");
            self.number(Matrix::Bus, r, QD, MAX_MW, "reactive power demand QD (MVAr)");
            let gs = self.number(Matrix::Bus, r, GS, MAX_MW, "shunt conductance GS (MW at 1 p.u.)");
            if kind == Some(4.0) {
                for (c, v) in [(PD, pd), (GS, gs)] {
                    if let Some(v) = v.filter(|v| *v != 0.0) {
                        let msg = "an isolated bus (BUS_TYPE 4) is left out, so its demand would not be served: set it to 0 or connect the bus (BUS_TYPE 1)";
                        self.push(Matrix::Bus, r, c, fmt_num(v), msg);
                    }
                }
            }
        }
        if !self.mpc.bus.is_empty() && !reference {
            let message = "no reference bus: set BUS_TYPE (column 2) of one bus to 3; it is the angle reference";
            self.out.push(Issue {
                file: self.out.file.clone(),
                row: None,
                column: Some("mpc.bus BUS_TYPE".into()),
                value: None,
                message: message.into(),
            });
        }
    }

    fn gen(&mut self, r: usize) {
        let m = Matrix::Gen;
        if !self.long_enough(m, r, 10, "GEN_BUS to PMIN") {
            return;
        }
        let status = self.cell(m, r, GEN_STATUS);
        if let Some(s) = status.filter(|s| !s.is_finite()) {
            self.push(m, r, GEN_STATUS, fmt_num(s), "status must be a number: 0 out of service, 1 in service");
        }
        let in_service = status.is_some_and(|s| s.is_finite() && s > 0.0);
        if let Some((n, t)) = self.bus_ref(m, r, GEN_BUS) {
            if t == 4.0 && in_service {
                let msg = format!("generator in service at isolated bus {n} (BUS_TYPE 4): set GEN_STATUS to 0 or connect the bus");
                self.push(m, r, GEN_STATUS, fmt_num(status.unwrap_or(1.0)), msg);
            }
        }
        self.number(m, r, PG, MAX_MW, "real power output PG (MW)");
        self.number(m, r, QG, MAX_MW, "reactive power output QG (MVAr)");
        let pmax = self.number(m, r, PMAX, MAX_MW, "maximum output PMAX (MW)");
        let pmin = self.number(m, r, PMIN, MAX_MW, "minimum output PMIN (MW)");
        if let (Some(lo), Some(hi)) = (pmin, pmax) {
            if lo > hi {
                self.push(m, r, PMIN, fmt_num(lo), format!("PMIN exceeds PMAX ({}): swap them or correct one", fmt_num(hi)));
            }
        }
    }

    fn branch(&mut self, r: usize) {
        let m = Matrix::Branch;
        if !self.long_enough(m, r, 11, "F_BUS to BR_STATUS") {
            return;
        }
        let status = self.cell(m, r, BR_STATUS);
        if let Some(s) = status.filter(|s| !s.is_finite()) {
            self.push(m, r, BR_STATUS, fmt_num(s), "status must be a number: 0 out of service, 1 in service");
        }
        let in_service = status.is_some_and(|s| s.is_finite() && s > 0.0);
        let from = self.bus_ref(m, r, F_BUS);
        let to = self.bus_ref(m, r, T_BUS);
        if let (Some((f, _)), Some((t, _))) = (from, to) {
            if f == t {
                self.push(m, r, T_BUS, t, format!("the branch connects bus {f} to itself"));
            }
        }
        for (c, end) in [(F_BUS, from), (T_BUS, to)] {
            if let Some((n, _)) = end.filter(|e| e.1 == 4.0 && in_service) {
                let msg = format!("branch in service at isolated bus {n} (BUS_TYPE 4): set BR_STATUS to 0 or connect the bus");
                self.push(m, r, c, n, msg);
            }
        }
        self.number(m, r, BR_R, MAX_X_PU, "resistance BR_R (p.u.)");
        self.number(m, r, BR_B, MAX_X_PU, "charging susceptance BR_B (p.u.)");
        let x = self.number(m, r, BR_X, MAX_X_PU, "reactance BR_X (p.u.)");
        if let Some(rate) = self.number(m, r, RATE_A, MAX_MW, "rating RATE_A (MVA; 0 for no limit)") {
            if rate < 0.0 {
                self.push(m, r, RATE_A, fmt_num(rate), "a rating cannot be negative (0 means no limit)");
            }
        }
        let tap = self.number(m, r, TAP, MAX_X_PU, "tap ratio TAP (0 means 1)");
        if let Some(t) = tap.filter(|t| *t < 0.0) {
            self.push(m, r, TAP, fmt_num(t), "a tap ratio cannot be negative (0 means 1)");
        }
        self.number(m, r, SHIFT, MAX_SHIFT_DEG, "phase shift SHIFT (degrees)");
        if let (Some(x), true) = (x, in_service) {
            let tau = tap.filter(|t| *t > 0.0).unwrap_or(1.0);
            if x.abs() < MIN_X_PU {
                let msg = format!(
                    "the DC model needs |x| >= {} p.u. on an in-service branch: give its reactance, or set BR_STATUS to 0",
                    fmt_num(MIN_X_PU)
                );
                self.push(m, r, BR_X, fmt_num(x), msg);
            } else if !(MIN_X_PU..=MAX_X_PU).contains(&(x * tau).abs()) {
                let msg = format!("BR_X × TAP ({}) must be within {} to {} p.u.", fmt_num(x * tau), fmt_num(MIN_X_PU), fmt_num(MAX_X_PU));
                self.push(m, r, TAP, fmt_num(tau), msg);
            }
        }
        let lo = self.cell(m, r, ANGMIN);
        let hi = self.cell(m, r, ANGMAX);
        for (c, v) in [(ANGMIN, lo), (ANGMAX, hi)] {
            if let Some(v) = v.filter(|v| v.is_nan()) {
                self.push(m, r, c, fmt_num(v), "angle limit must be a number (0 or ±360 for no limit)");
            }
        }
        if let (Some(lo), Some(hi)) = (super::angle_limit(lo.filter(|v| !v.is_nan())), super::angle_limit(hi.filter(|v| !v.is_nan()))) {
            if lo > hi {
                self.push(m, r, ANGMIN, fmt_num(lo), format!("ANGMIN exceeds ANGMAX ({}): no angle difference is allowed", fmt_num(hi)));
            }
        }
    }

    fn gencosts(&mut self) {
        let (ng, nc) = (self.mpc.gen.len(), self.mpc.gencost.len());
        if self.mpc.gen.is_empty() {
            return;
        }
        if nc != ng && nc != 2 * ng {
            let msg = format!(
                "mpc.gencost has {nc} rows for {ng} generators: it needs one row per mpc.gen row ({ng}, or {} with reactive costs)",
                2 * ng
            );
            self.out.push(Issue::file(self.out.file.clone(), msg));
        }
        for r in 0..nc.min(ng) {
            self.gencost(r);
        }
    }

    fn gencost(&mut self, r: usize) {
        let m = Matrix::Gencost;
        if !self.long_enough(m, r, 5, "MODEL, STARTUP, SHUTDOWN, NCOST and a cost") {
            return;
        }
        match self.cell(m, r, MODEL) {
            Some(2.0) => {}
            Some(1.0) => {
                self.push(m, r, MODEL, 1, "piecewise-linear costs (MODEL 1) are not supported yet; use polynomial costs (MODEL 2)");
                return;
            }
            Some(v) => {
                self.push(m, r, MODEL, fmt_num(v), "MODEL must be 1 (piecewise linear) or 2 (polynomial)");
                return;
            }
            None => return,
        }
        self.number(m, r, STARTUP, MAX_COST_USD, "startup cost STARTUP (USD)");
        self.number(m, r, SHUTDOWN, MAX_COST_USD, "shutdown cost SHUTDOWN (USD)");
        let Some(n) = self.cell(m, r, NCOST) else { return };
        let len = self.rows(m)[r].len();
        if !(n.is_finite() && n >= 1.0 && n.fract() == 0.0) {
            self.push(m, r, NCOST, fmt_num(n), "NCOST, the number of polynomial coefficients, must be a whole number from 1 to 3");
            return;
        }
        if COST as f64 + n > len as f64 {
            let msg = format!("NCOST = {0} needs {0} cost coefficients after it, found {1}", fmt_num(n), len - COST);
            self.push(m, r, NCOST, fmt_num(n), msg);
            return;
        }
        let n = n as usize;
        for c in COST..COST + n {
            let degree = COST + n - 1 - c;
            if let Some(v) = self.number(m, r, c, MAX_COST_USD, &format!("cost coefficient c{degree}")) {
                if degree > 2 && v != 0.0 {
                    self.push(m, r, c, fmt_num(v), format!("cost terms above quadratic are not supported (c{degree} must be 0)"));
                }
            }
        }
    }
}
