//! MATPOWER case files (`.m`, format version 2) read into a nodal [`Case`]:
//! buses become regions, `gen` rows generators, `branch` rows AC lines, and the
//! bus demand (Pd plus the shunt conductance Gs at 1 p.u.) a one-hour load.
//!
//! Conventions follow MATPOWER's DC-OPF: per unit on `baseMVA`; branch
//! susceptance 1/(x·τ) with τ = ratio (0 meaning 1); shift angles in degrees;
//! `rate_a` = 0 means unlimited; angle-difference limits of 0 or beyond ±360°
//! mean no limit; out-of-service branches and generators and isolated buses
//! (type 4) are removed.

use crate::IoError;
use nagrid_model::{Case, Country, Formulation, Generator, Issue, Issues, Line, Network, Region, StudySettings, TimeAxis};
use std::path::Path;

/// Raw matrices of a MATPOWER case, row by row.
#[derive(Debug, Clone, Default)]
pub struct MatpowerCase {
    /// Case name (file stem).
    pub name: String,
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

// Column positions (0-based) of the MATPOWER format.
const BUS_I: usize = 0;
const BUS_TYPE: usize = 1;
const PD: usize = 2;
const GS: usize = 4;
const GEN_BUS: usize = 0;
const PG: usize = 1;
const GEN_STATUS: usize = 7;
const PMAX: usize = 8;
const PMIN: usize = 9;
const F_BUS: usize = 0;
const T_BUS: usize = 1;
const BR_X: usize = 3;
const RATE_A: usize = 5;
const TAP: usize = 8;
const SHIFT: usize = 9;
const BR_STATUS: usize = 10;
const ANGMIN: usize = 11;
const ANGMAX: usize = 12;

/// Read a MATPOWER `.m` file.
pub fn read_matpower(path: &Path) -> Result<MatpowerCase, IoError> {
    let text = std::fs::read_to_string(path).map_err(|e| IoError::file(path, e))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse_matpower(&name, &path.display().to_string(), &text)
}

/// Parse the text of a MATPOWER case. `file` is used in messages.
pub fn parse_matpower(name: &str, file: &str, text: &str) -> Result<MatpowerCase, IoError> {
    let mut issues = Issues::default();
    let mut mpc = MatpowerCase { name: name.to_string(), base_mva: f64::NAN, ..Default::default() };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = strip_comment(lines[i]).trim();
        if let Some(rest) = line.strip_prefix("mpc.") {
            let (field, value) = match rest.split_once('=') {
                Some((f, v)) => (f.trim(), v.trim()),
                None => {
                    i += 1;
                    continue;
                }
            };
            if field == "baseMVA" {
                let v = value.trim_end_matches(';').trim();
                match v.parse::<f64>() {
                    Ok(b) if b > 0.0 => mpc.base_mva = b,
                    _ => issues.push(Issue::at(file, i + 1, "baseMVA", v, "baseMVA must be a positive number")),
                }
            } else if value.starts_with('[') {
                let start_line = i;
                let mut rows = Vec::new();
                let mut body = value.strip_prefix('[').unwrap_or(value).to_string();
                loop {
                    let done = body.contains(']');
                    let part = body.split(']').next().unwrap_or("");
                    for row in part.split(';') {
                        let row = row.trim();
                        if row.is_empty() {
                            continue;
                        }
                        let mut vals = Vec::new();
                        for tok in row.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()) {
                            match parse_number(tok) {
                                Some(v) => vals.push(v),
                                None => issues.push(Issue::at(file, i + 1, format!("mpc.{field}"), tok, "not a number")),
                            }
                        }
                        rows.push(vals);
                    }
                    if done {
                        break;
                    }
                    i += 1;
                    if i >= lines.len() {
                        issues.push(Issue::at(file, start_line + 1, format!("mpc.{field}"), "[", "matrix is not closed with ']'"));
                        break;
                    }
                    body = strip_comment(lines[i]).to_string();
                }
                match field {
                    "bus" => mpc.bus = rows,
                    "gen" => mpc.gen = rows,
                    "branch" => mpc.branch = rows,
                    "gencost" => mpc.gencost = rows,
                    _ => {}
                }
            }
        }
        i += 1;
    }
    if mpc.base_mva.is_nan() {
        issues.push(Issue::file(file, "no mpc.baseMVA"));
    }
    for (field, rows, min_cols) in [("bus", &mpc.bus, 13), ("gen", &mpc.gen, 10), ("branch", &mpc.branch, 11)] {
        if rows.is_empty() {
            issues.push(Issue::file(file, format!("no mpc.{field} matrix")));
        }
        for (r, row) in rows.iter().enumerate() {
            if row.len() < min_cols {
                issues.push(Issue {
                    file: file.into(),
                    row: None,
                    column: Some(format!("mpc.{field} row {}", r + 1)),
                    value: Some(row.len().to_string()),
                    message: format!("expected at least {min_cols} columns"),
                });
            }
        }
    }
    if !mpc.gencost.is_empty() && mpc.gencost.len() < mpc.gen.len() {
        issues.push(Issue::file(file, format!("mpc.gencost has {} rows for {} generators", mpc.gencost.len(), mpc.gen.len())));
    }
    if issues.is_empty() {
        Ok(mpc)
    } else {
        Err(IoError::Input(issues))
    }
}

fn strip_comment(s: &str) -> &str {
    s.split('%').next().unwrap_or("")
}

fn parse_number(tok: &str) -> Option<f64> {
    match tok {
        "Inf" | "inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        _ => tok.parse().ok(),
    }
}

/// Polynomial cost (c2, c1, c0) of a gencost row (model 2).
fn poly_cost(file: &str, r: usize, row: &[f64], issues: &mut Issues) -> (f64, f64, f64) {
    let model = row.first().copied().unwrap_or(0.0);
    if model != 2.0 {
        issues.push(Issue {
            file: file.into(),
            row: None,
            column: Some(format!("mpc.gencost row {}", r + 1)),
            value: Some(model.to_string()),
            message: "only polynomial costs (model 2) are supported; piecewise-linear (model 1) is not yet".into(),
        });
        return (0.0, 0.0, 0.0);
    }
    let n = row.get(3).copied().unwrap_or(0.0) as usize;
    let c: Vec<f64> = row.iter().skip(4).take(n).copied().collect();
    if c.len() < n || n > 3 {
        issues.push(Issue {
            file: file.into(),
            row: None,
            column: Some(format!("mpc.gencost row {}", r + 1)),
            value: Some(n.to_string()),
            message: "NCOST must be 1, 2 or 3 with that many coefficients".into(),
        });
        return (0.0, 0.0, 0.0);
    }
    match n {
        3 => (c[0], c[1], c[2]),
        2 => (0.0, c[0], c[1]),
        1 => (0.0, 0.0, c[0]),
        _ => (0.0, 0.0, 0.0),
    }
}

fn angle_limit(v: Option<&f64>) -> Option<f64> {
    v.copied().filter(|a| *a != 0.0 && a.abs() < 360.0)
}

/// Turn a MATPOWER case into a one-hour nodal DC-OPF [`Case`].
pub fn matpower_to_case(mpc: &MatpowerCase, costs: CostMode) -> Result<(Case, MatpowerMap), IoError> {
    let file = format!("{}.m", mpc.name);
    let mut issues = Issues::default();
    let mut net = Network { base_mva: mpc.base_mva, ..Default::default() };
    let mut map = MatpowerMap::default();
    let mut load_mw = Vec::new();
    let mut region_of_bus = std::collections::HashMap::new();
    for row in &mpc.bus {
        let number = row[BUS_I] as i64;
        map.bus_number.push(number);
        if row[BUS_TYPE] == 4.0 {
            map.bus_region.push(None);
            continue;
        }
        let r = net.regions.len();
        if region_of_bus.insert(number, r).is_some() {
            issues.push(Issue {
                file: file.clone(),
                row: None,
                column: Some("mpc.bus".into()),
                value: Some(number.to_string()),
                message: "duplicate bus number".into(),
            });
        }
        map.bus_region.push(Some(r));
        if row[BUS_TYPE] == 3.0 {
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
        load_mw.push(vec![row[PD] + row[GS]]);
    }
    for (g, row) in mpc.gen.iter().enumerate() {
        let bus = row[GEN_BUS] as i64;
        map.gen_bus.push(bus);
        let region = region_of_bus.get(&bus).copied();
        if region.is_none() && !mpc.bus.iter().any(|b| b[BUS_I] as i64 == bus) {
            issues.push(Issue {
                file: file.clone(),
                row: None,
                column: Some(format!("mpc.gen row {}", g + 1)),
                value: Some(bus.to_string()),
                message: "generator at an unknown bus".into(),
            });
        }
        let (Some(region), true) = (region, row[GEN_STATUS] > 0.0) else {
            map.gen_index.push(None);
            continue;
        };
        let (c2, c1, c0) = match mpc.gencost.get(g) {
            Some(gc) => poly_cost(&file, g, gc, &mut issues),
            None => (0.0, 0.0, 0.0),
        };
        map.gen_index.push(Some(net.generators.len()));
        map.constant_cost_usd_per_h += c0;
        let _ = row[PG];
        net.generators.push(Generator {
            id: format!("gen{}", g + 1),
            region,
            technology: "generator".into(),
            p_max_mw: row[PMAX],
            p_min_mw: row[PMIN],
            marginal_cost_usd_per_mwh: c1,
            co2_t_per_mwh: 0.0,
            cost_quadratic_usd_per_mw2h: if costs == CostMode::Quadratic { c2 } else { 0.0 },
            cost_constant_usd_per_h: c0,
            ramp_up_pu_per_h: None,
            ramp_down_pu_per_h: None,
            expansion: None,
        });
    }
    for (b, row) in mpc.branch.iter().enumerate() {
        let (f, t) = (row[F_BUS] as i64, row[T_BUS] as i64);
        let (Some(&from), Some(&to)) = (region_of_bus.get(&f), region_of_bus.get(&t)) else {
            map.branch_line.push(None);
            continue;
        };
        if row[BR_STATUS] <= 0.0 {
            map.branch_line.push(None);
            continue;
        }
        if row[BR_X] == 0.0 {
            issues.push(Issue {
                file: file.clone(),
                row: None,
                column: Some(format!("mpc.branch row {} x", b + 1)),
                value: Some("0".into()),
                message: "zero reactance: the DC model needs x != 0".into(),
            });
        }
        map.branch_line.push(Some(net.lines.len()));
        let rate = row[RATE_A];
        net.lines.push(Line {
            id: format!("br{}", b + 1),
            from,
            to,
            s_max_mw: if rate == 0.0 { f64::INFINITY } else { rate },
            x_pu: row[BR_X],
            tap_ratio: if row[TAP] == 0.0 { 1.0 } else { row[TAP] },
            phase_shift_deg: row[SHIFT],
            angle_min_deg: angle_limit(row.get(ANGMIN)),
            angle_max_deg: angle_limit(row.get(ANGMAX)),
            expansion: None,
        });
    }
    if !issues.is_empty() {
        return Err(IoError::Input(issues));
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
