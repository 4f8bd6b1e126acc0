//! MATPOWER case files (`.m`, format version 2) read into a nodal [`Case`]:
//! buses become regions, `gen` rows generators, `branch` rows AC lines, and the
//! bus demand (Pd plus the shunt conductance Gs at 1 p.u.) a one-hour load.
//!
//! Conventions follow MATPOWER's DC-OPF: per unit on `baseMVA`; branch
//! susceptance 1/(x·τ) with τ = ratio (0 meaning 1); shift angles in degrees;
//! `rate_a` = 0 means unlimited; angle-difference limits of 0 or beyond ±360°
//! mean no limit; out-of-service branches and generators and isolated buses
//! (type 4) are removed.

mod check;

use crate::IoError;
use check::{Checker, Collector, *};
use nagrid_model::{Case, Country, Formulation, Generator, Issue, Line, Network, Region, StudySettings, TimeAxis};
use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

/// Raw matrices of a MATPOWER case, row by row.
#[derive(Debug, Clone, Default)]
pub struct MatpowerCase {
    /// Case name (file stem).
    pub name: String,
    /// File named in messages (empty: `<name>.m`).
    pub file: String,
    /// System base, MVA.
    pub base_mva: f64,
    /// `mpc.bus` rows.
    pub bus: Vec<Vec<f64>>,
    /// `mpc.gen` rows.
    pub gen: Vec<Vec<f64>>,
    /// `mpc.branch` rows.
    pub branch: Vec<Vec<f64>>,
    /// `mpc.gencost` rows.
    pub gencost: Vec<Vec<f64>>,
    /// File line of each row, for messages.
    pub lines: MatpowerLines,
}

/// The 1-based file line of each matrix row (empty when the case was not read from a file).
#[derive(Debug, Clone, Default)]
pub struct MatpowerLines {
    /// Line of `mpc.baseMVA`.
    pub base_mva: Option<usize>,
    /// Line of each `mpc.bus` row.
    pub bus: Vec<usize>,
    /// Line of each `mpc.gen` row.
    pub gen: Vec<usize>,
    /// Line of each `mpc.branch` row.
    pub branch: Vec<usize>,
    /// Line of each `mpc.gencost` row.
    pub gencost: Vec<usize>,
}

impl MatpowerLines {
    fn of(&self, m: Matrix, r: usize) -> Option<usize> {
        match m {
            Matrix::Bus => &self.bus,
            Matrix::Gen => &self.gen,
            Matrix::Branch => &self.branch,
            Matrix::Gencost => &self.gencost,
        }
        .get(r)
        .copied()
    }
}

/// The matrices nagrid reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Matrix {
    Bus,
    Gen,
    Branch,
    Gencost,
}

impl Matrix {
    fn name(self) -> &'static str {
        match self {
            Matrix::Bus => "bus",
            Matrix::Gen => "gen",
            Matrix::Branch => "branch",
            Matrix::Gencost => "gencost",
        }
    }

    fn of_field(field: &str) -> Option<Self> {
        [Matrix::Bus, Matrix::Gen, Matrix::Branch, Matrix::Gencost].into_iter().find(|m| m.name() == field)
    }
}

/// How generator costs are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostMode {
    /// c1·P + c0 (c2 dropped): a linear program.
    Linear,
    /// c2·P² + c1·P + c0: a convex quadratic program.
    Quadratic,
}

/// Where each MATPOWER row went in the [`Case`].
#[derive(Debug, Clone, Default)]
pub struct MatpowerMap {
    /// Bus number of each bus row.
    pub bus_number: Vec<i64>,
    /// Region index of each bus row (None if isolated).
    pub bus_region: Vec<Option<usize>>,
    /// Generator index of each gen row (None if out of service).
    pub gen_index: Vec<Option<usize>>,
    /// Bus number of each gen row.
    pub gen_bus: Vec<i64>,
    /// Line index of each branch row (None if out of service).
    pub branch_line: Vec<Option<usize>>,
    /// Sum of the constant cost terms c0 of in-service generators, USD/h.
    pub constant_cost_usd_per_h: f64,
}

/// Read a MATPOWER `.m` file, line by line (bytes that are not UTF-8, as in a
/// Latin-1 comment, are replaced and reported only if they stand in a number).
pub fn read_matpower(path: &Path) -> Result<MatpowerCase, IoError> {
    let f = std::fs::File::open(path).map_err(|e| IoError::file(path, e))?;
    let mut reader = std::io::BufReader::new(f);
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut p = Parser::new(&name, &path.display().to_string());
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(|e| IoError::file(path, e))? == 0 {
            break;
        }
        n += 1;
        let line = String::from_utf8_lossy(&buf);
        p.line(n, line.trim_end_matches(['\n', '\r']));
    }
    p.finish()
}

/// Parse the text of a MATPOWER case. `file` is used in messages. Every problem
/// (syntax, missing matrices, short rows, values out of range, unknown buses,
/// malformed costs) is reported in one pass.
pub fn parse_matpower(name: &str, file: &str, text: &str) -> Result<MatpowerCase, IoError> {
    let mut p = Parser::new(name, file);
    for (i, line) in text.lines().enumerate() {
        p.line(i + 1, line);
    }
    p.finish()
}

/// What an open `[` ... `]` matrix is read into.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Matrix(Matrix),
    Dcline,
    Other,
}

/// A line-by-line reader of a case file.
struct Parser {
    mpc: MatpowerCase,
    out: Collector,
    /// Cells whose text is not a number (already reported).
    skip: HashSet<(Matrix, usize, usize)>,
    /// The matrix being read: what, its name and the line of its `[`.
    open: Option<(Target, String, usize)>,
    defined: HashSet<String>,
    base_reported: bool,
    dcline_rows: usize,
}

impl Parser {
    fn new(name: &str, file: &str) -> Self {
        let mpc = MatpowerCase { name: name.into(), file: file.into(), base_mva: f64::NAN, ..Default::default() };
        Self {
            mpc,
            out: Collector::new(file),
            skip: HashSet::new(),
            open: None,
            defined: HashSet::new(),
            base_reported: false,
            dcline_rows: 0,
        }
    }

    fn line(&mut self, n: usize, raw: &str) {
        let raw = if n == 1 { raw.trim_start_matches('\u{feff}') } else { raw };
        let text = raw.split('%').next().unwrap_or("");
        let t = text.trim();
        if let Some((_, field, start)) = &self.open {
            if !(t.starts_with("mpc.") || t.starts_with("function") || t.contains('=')) {
                self.body(n, text);
                return;
            }
            let msg = format!("the matrix is not closed with ']' before line {n}");
            self.out.push(Issue::at(&self.mpc.file, *start, format!("mpc.{field}"), "[", msg));
            self.open = None;
        }
        let Some((field, value)) = t.strip_prefix("mpc.").and_then(|r| r.split_once('=')) else { return };
        let (field, value) = (field.trim(), value.trim());
        if field == "baseMVA" {
            self.base_mva(n, value);
            return;
        }
        let base = field.split('(').next().unwrap_or("").trim();
        if base != field && (Matrix::of_field(base).is_some() || base == "baseMVA") {
            let msg = "indexed assignments are not supported: write the value into the matrix itself";
            self.out.push(Issue::at(&self.mpc.file, n, format!("mpc.{field}"), value.trim_end_matches(';').trim(), msg));
            return;
        }
        let Some(body) = value.strip_prefix('[') else { return };
        let target = match field {
            "dcline" => Target::Dcline,
            f => Matrix::of_field(f).map_or(Target::Other, Target::Matrix),
        };
        if let Target::Matrix(m) = target {
            if !self.defined.insert(field.to_string()) {
                self.out.push(Issue::at(&self.mpc.file, n, format!("mpc.{field}"), "[", "the matrix is defined twice; keep one"));
            }
            self.rows_of(m).clear();
            self.lines_of(m).clear();
        }
        self.open = Some((target, field.to_string(), n));
        self.body(n, body);
    }

    fn base_mva(&mut self, n: usize, value: &str) {
        let v = value.trim_end_matches(';').trim();
        self.mpc.lines.base_mva = Some(n);
        match parse_number(v) {
            Some(b) => self.mpc.base_mva = b,
            None => {
                self.base_reported = true;
                self.mpc.base_mva = f64::NAN;
                self.out.push(Issue::at(&self.mpc.file, n, "mpc.baseMVA", v, "baseMVA must be a positive number of MVA, e.g. 100"));
            }
        }
    }

    fn rows_of(&mut self, m: Matrix) -> &mut Vec<Vec<f64>> {
        match m {
            Matrix::Bus => &mut self.mpc.bus,
            Matrix::Gen => &mut self.mpc.gen,
            Matrix::Branch => &mut self.mpc.branch,
            Matrix::Gencost => &mut self.mpc.gencost,
        }
    }

    fn lines_of(&mut self, m: Matrix) -> &mut Vec<usize> {
        let l = &mut self.mpc.lines;
        match m {
            Matrix::Bus => &mut l.bus,
            Matrix::Gen => &mut l.gen,
            Matrix::Branch => &mut l.branch,
            Matrix::Gencost => &mut l.gencost,
        }
    }

    /// Rows of an open matrix on one line, up to its `]`.
    fn body(&mut self, n: usize, text: &str) {
        let Some((target, field, _)) = self.open.clone() else { return };
        let (part, done) = match text.split_once(']') {
            Some((p, _)) => (p, true),
            None => (text, false),
        };
        for row in part.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let m = match target {
                Target::Matrix(m) => m,
                Target::Dcline => {
                    self.dcline_rows += 1;
                    continue;
                }
                Target::Other => continue,
            };
            if self.out.full() {
                // The file is refused already: keep memory bounded on a huge bad file.
                continue;
            }
            let r = self.rows_of(m).len();
            let mut vals = Vec::new();
            for (c, tok) in row.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).enumerate() {
                vals.push(parse_number(tok).unwrap_or_else(|| {
                    if !self.out.full() {
                        self.skip.insert((m, r, c));
                    }
                    let column = format!("mpc.{field} row {}, column {}", r + 1, c + 1);
                    self.out.push(Issue::at(&self.mpc.file, n, column, tok, "not a number"));
                    f64::NAN
                }));
            }
            self.rows_of(m).push(vals);
            self.lines_of(m).push(n);
        }
        if done {
            self.open = None;
        }
    }

    fn finish(mut self) -> Result<MatpowerCase, IoError> {
        if let Some((_, field, start)) = self.open.take() {
            let msg = "the matrix is not closed with ']' before the end of the file";
            self.out.push(Issue::at(&self.mpc.file, start, format!("mpc.{field}"), "[", msg));
        }
        if self.dcline_rows > 0 {
            let msg = format!(
                "{} HVDC line(s) in mpc.dcline: not supported by nagrid opf; remove them (or model them as generator pairs)",
                self.dcline_rows
            );
            self.out.push(Issue::file(&self.mpc.file, msg));
        }
        Checker::new(&self.mpc, &self.skip, &mut self.out, self.base_reported).run();
        if self.out.is_empty() {
            Ok(self.mpc)
        } else {
            Err(IoError::Input(self.out.finish()))
        }
    }
}

fn parse_number(tok: &str) -> Option<f64> {
    match tok {
        "Inf" | "inf" | "+Inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        _ => tok.parse().ok(),
    }
}

/// Value of a column of a checked row.
fn col(row: &[f64], c: usize) -> f64 {
    row.get(c).copied().unwrap_or(0.0)
}

/// Polynomial cost (c2, c1, c0) of a checked gencost row (model 2, NCOST 1 to 3
/// or higher with zero leading terms).
fn poly_cost(row: &[f64]) -> (f64, f64, f64) {
    let n = col(row, NCOST) as usize;
    let c = |degree: usize| if degree < n { col(row, COST + n - 1 - degree) } else { 0.0 };
    (c(2), c(1), c(0))
}

fn angle_limit(v: Option<f64>) -> Option<f64> {
    v.filter(|a| *a != 0.0 && a.abs() < 360.0)
}

/// Turn a MATPOWER case into a one-hour nodal DC-OPF [`Case`]. The case is checked
/// first (as [`parse_matpower`] does); with quadratic costs a negative c2 of an
/// in-service generator is refused (the problem would not be convex).
pub fn matpower_to_case(mpc: &MatpowerCase, costs: CostMode) -> Result<(Case, MatpowerMap), IoError> {
    let file = if mpc.file.is_empty() { format!("{}.m", mpc.name) } else { mpc.file.clone() };
    let mut out = Collector::new(&file);
    let skip = HashSet::new();
    let mut ck = Checker::new(mpc, &skip, &mut out, false);
    ck.run();
    if ck.out.is_empty() && costs == CostMode::Quadratic {
        for (g, row) in mpc.gen.iter().enumerate() {
            let Some(gc) = mpc.gencost.get(g) else { continue };
            let c2 = poly_cost(gc).0;
            if col(row, GEN_STATUS) > 0.0 && c2 < 0.0 {
                let c = (COST + col(gc, NCOST) as usize).saturating_sub(3);
                let msg = "a negative quadratic cost makes the problem non-convex: correct it, or use linear costs";
                ck.push(Matrix::Gencost, g, c, check::fmt_num(c2), msg);
            }
        }
    }
    if !out.is_empty() {
        return Err(IoError::Input(out.finish()));
    }
    let mut net = Network { base_mva: mpc.base_mva, ..Default::default() };
    let mut map = MatpowerMap::default();
    let mut load_mw = Vec::new();
    let mut region_of_bus = std::collections::HashMap::new();
    for row in &mpc.bus {
        let number = col(row, BUS_I) as i64;
        map.bus_number.push(number);
        if col(row, BUS_TYPE) == 4.0 {
            map.bus_region.push(None);
            continue;
        }
        let r = net.regions.len();
        region_of_bus.insert(number, r);
        map.bus_region.push(Some(r));
        if col(row, BUS_TYPE) == 3.0 {
            net.reference_regions.push(r);
        }
        net.regions.push(Region {
            id: number.to_string(),
            name: format!("bus {number}"),
            country: Country::US,
            interconnection: "ac".into(),
            time_zone: chrono_tz::UTC,
            lat_deg: 0.0,
            lon_deg: 0.0,
        });
        load_mw.push(vec![col(row, PD) + col(row, GS)]);
    }
    for (g, row) in mpc.gen.iter().enumerate() {
        let bus = col(row, GEN_BUS) as i64;
        map.gen_bus.push(bus);
        let (Some(&region), true) = (region_of_bus.get(&bus), col(row, GEN_STATUS) > 0.0) else {
            map.gen_index.push(None);
            continue;
        };
        let (c2, c1, c0) = mpc.gencost.get(g).map_or((0.0, 0.0, 0.0), |gc| poly_cost(gc));
        map.gen_index.push(Some(net.generators.len()));
        map.constant_cost_usd_per_h += c0;
        net.generators.push(Generator {
            id: format!("gen{}", g + 1),
            region,
            technology: "generator".into(),
            p_max_mw: col(row, PMAX),
            p_min_mw: col(row, PMIN),
            marginal_cost_usd_per_mwh: c1,
            fuel: None,
            profile: None,
            co2_t_per_mwh: 0.0,
            cost_quadratic_usd_per_mw2h: if costs == CostMode::Quadratic { c2 } else { 0.0 },
            cost_constant_usd_per_h: c0,
            ramp_up_pu_per_h: None,
            ramp_down_pu_per_h: None,
            reserve_max_pu: 0.0,
            expansion: None,
        });
    }
    for (b, row) in mpc.branch.iter().enumerate() {
        let (f, t) = (col(row, F_BUS) as i64, col(row, T_BUS) as i64);
        let (Some(&from), Some(&to), true) = (region_of_bus.get(&f), region_of_bus.get(&t), col(row, BR_STATUS) > 0.0) else {
            map.branch_line.push(None);
            continue;
        };
        map.branch_line.push(Some(net.lines.len()));
        let rate = col(row, RATE_A);
        let tap = col(row, TAP);
        net.lines.push(Line {
            id: format!("br{}", b + 1),
            from,
            to,
            s_max_mw: if rate == 0.0 { f64::INFINITY } else { rate },
            s_max_reverse_mw: if rate == 0.0 { f64::INFINITY } else { rate },
            hurdle_usd_per_mwh: 0.0,
            x_pu: col(row, BR_X),
            tap_ratio: if tap == 0.0 { 1.0 } else { tap },
            phase_shift_deg: col(row, SHIFT),
            angle_min_deg: angle_limit(row.get(ANGMIN).copied()),
            angle_max_deg: angle_limit(row.get(ANGMAX).copied()),
            expansion: None,
        });
    }
    let mut settings = StudySettings::for_year(2000);
    settings.name = Some(mpc.name.clone());
    settings.horizon.hours = Some(1);
    settings.model.formulation = Formulation::Dc;
    settings.economics.allow_unserved = false;
    let n_gens = net.generators.len();
    let case = Case {
        name: mpc.name.clone(),
        settings,
        network: net,
        axis: TimeAxis::new(TimeAxis::full_year(2000).start, 1),
        load_mw,
        gen_p_max_pu: vec![None; n_gens],
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    };
    Ok((case, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE3: &str = "function mpc = case3
% a comment
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
	1	3	0	0	0	0	1	1	0	230	1	1.1	0.9;
	2	2	0	0	0	0	1	1	0	230	1	1.1	0.9;   % trailing comment
	3	1	300	0	5	0	1	1	0	230	1	1.1	0.9;
	4	4	0	0	0	0	1	1	0	230	1	1.1	0.9;
];
mpc.gen = [
	1	0	0	100	-100	1	100	1	1000	0;
	2	0	0	100	-100	1	100	1	1000	0;
	2	0	0	100	-100	1	100	0	1000	0;
];
mpc.branch = [
	1	2	0	0.1	0	1000	0	0	0	0	1	-360	360;
	1	3	0	0.1	0	120	0	0	0	0	1	-30	30;
	2	3	0	0.1	0	0	0	0	0.95	2	1	0	0;
	2	3	0	0.1	0	0	0	0	0	0	0	-360	360;
];
mpc.gencost = [
	2	0	0	3	0.01	10	5;
	2	0	0	3	0	30	0;
	2	0	0	2	30	7;
];
";

    #[test]
    fn parses_and_converts_with_matpower_conventions() {
        let mpc = parse_matpower("case3", "case3.m", CASE3).unwrap();
        assert_eq!(mpc.bus.len(), 4);
        assert_eq!(mpc.branch.len(), 4);
        let (case, map) = matpower_to_case(&mpc, CostMode::Linear).unwrap();
        assert_eq!(case.network.regions.len(), 3, "isolated bus removed");
        assert_eq!(case.load_mw[2], vec![305.0], "Pd + Gs");
        assert_eq!(map.gen_index, vec![Some(0), Some(1), None]);
        assert_eq!(map.branch_line, vec![Some(0), Some(1), Some(2), None]);
        let l = &case.network.lines;
        assert_eq!(l[1].angle_min_deg, Some(-30.0));
        assert_eq!(l[0].angle_max_deg, None, "±360 means no limit");
        assert!(l[2].s_max_mw.is_infinite(), "rate_a 0 means unlimited");
        assert_eq!(l[2].tap_ratio, 0.95);
        assert_eq!(l[2].phase_shift_deg, 2.0);
        assert_eq!(l[0].tap_ratio, 1.0, "ratio 0 means 1");
        assert_eq!(case.network.generators[0].cost_quadratic_usd_per_mw2h, 0.0);
        assert_eq!(map.constant_cost_usd_per_h, 5.0);
        let (q, _) = matpower_to_case(&mpc, CostMode::Quadratic).unwrap();
        assert_eq!(q.network.generators[0].cost_quadratic_usd_per_mw2h, 0.01);
    }

    #[test]
    fn bad_files_are_reported() {
        let bad = CASE3.replace("mpc.baseMVA = 100;", "").replace("0.1\t0\t120", "0.1\t0\tx20");
        let err = parse_matpower("case3", "case3.m", &bad).unwrap_err().to_string();
        assert!(err.contains("baseMVA") && err.contains("x20"), "{err}");
    }
}
