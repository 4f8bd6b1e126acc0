//! Inputs used to prepare a case's hourly series (`renewables.csv`), and writing
//! a series file.

use crate::results::{format_timestamp, push_number};
use crate::table::Table;
use crate::IoError;
use nagrid_model::{Issue, Issues, Network, TimeAxis};
use std::path::Path;

/// One row of `renewables.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewableCf {
    /// Region index.
    pub region: usize,
    /// Annual wind capacity factor, fraction.
    pub wind_cf: f64,
    /// Annual solar capacity factor, fraction.
    pub solar_cf: f64,
}

/// Read `dir/renewables.csv` (`region,wind_cf,solar_cf`), checking regions and
/// ranges; every problem is reported.
pub fn read_renewables(dir: &Path, net: &Network) -> Result<Vec<RenewableCf>, IoError> {
    let mut issues = Issues::default();
    let file = "renewables.csv";
    let Some(t) = Table::read(dir, file, &mut issues) else {
        if issues.is_empty() {
            issues.push(Issue::file(file, "missing: annual wind and solar capacity factors per region (region,wind_cf,solar_cf)"));
        }
        return Err(IoError::Input(issues));
    };
    t.check_columns(&["region", "wind_cf", "solar_cf"], &[], &mut issues);
    let mut out = Vec::new();
    for r in 0..t.rows.len() {
        let region = t.text(r, "region", &mut issues).and_then(|id| match net.region_index(&id) {
            Some(i) => Some(i),
            None => {
                issues.push(Issue::at(file, t.lines[r], "region", &id, "unknown region (not in regions.csv)"));
                None
            }
        });
        let mut cf = |col: &str| {
            let v = t.number(r, col, None, &mut issues);
            if !(v.is_nan() || v > 0.0 && v < 1.0) {
                issues.push(Issue::at(file, t.lines[r], col, v, "a capacity factor is a fraction in (0, 1)"));
            }
            v
        };
        let (wind_cf, solar_cf) = (cf("wind_cf"), cf("solar_cf"));
        if let Some(region) = region {
            out.push(RenewableCf { region, wind_cf, solar_cf });
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(IoError::Input(issues))
    }
}

/// Write an hourly series file (`timestamp` in UTC, one column per id) atomically:
/// written next to its destination and renamed.
pub fn write_series(path: &Path, axis: &TimeAxis, headers: &[&str], columns: &[&[f64]], decimals: usize) -> Result<(), IoError> {
    let mut s = String::with_capacity(axis.hours * (24 + 8 * columns.len()));
    s.push_str("timestamp");
    for h in headers {
        s.push(',');
        s.push_str(h);
    }
    s.push('\n');
    for t in 0..axis.hours {
        s.push_str(&format_timestamp(axis, t, chrono_tz::UTC));
        for c in columns {
            s.push(',');
            push_number(&mut s, c[t], decimals);
        }
        s.push('\n');
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| IoError::file(parent, e))?;
    }
    let tmp = path.with_extension("csv.partial");
    std::fs::write(&tmp, s).map_err(|e| IoError::file(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| IoError::file(path, e))
}
