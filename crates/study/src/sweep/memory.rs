//! How much memory a run takes at its peak, estimated from the size of its LP, and
//! how much the machine has (`MemAvailable` of /proc/meminfo): the local executor
//! starts a variant only when the estimates of the running ones and its own fit, and
//! the Slurm executor asks for the largest estimate as `--mem` unless told.
//!
//! The LP of the first 24 hours of the case is built (not solved) to count its
//! columns, rows and non-zeros per hour; a variant's LP is that times the hours it
//! solves at once (the horizon, or window + overlap of a rolling horizon, times the
//! windows solved side by side, or the rolling horizon's first pass when its monthly
//! LPs side by side are larger). Bytes per column, row and non-zero were fitted on
//! the full-year single LP of the 30-region synthetic case (3.6 M columns, 0.53 M
//! rows, 4.8 M non-zeros: 2.27 GiB peak; docs/benchmarks.md), rounded up; the
//! hourly results (8 bytes per column-hour, kept about three times while written)
//! and a fixed 120 MiB for the program and the case come on top. Rolling horizons
//! are over-estimated about twice (0.11 GiB measured, 0.2 GiB estimated).

use nagrid_model::{Case, Decomposition, StudySettings};
use serde::{Deserialize, Serialize};

/// Bytes per LP column.
const BYTES_PER_COLUMN: f64 = 320.0;
/// Bytes per LP row.
const BYTES_PER_ROW: f64 = 320.0;
/// Bytes per LP non-zero.
const BYTES_PER_NONZERO: f64 = 220.0;
/// The program, the case and HiGHS's own.
const FIXED_BYTES: f64 = 120.0 * 1024.0 * 1024.0;
/// Copies of the hourly results kept while they are written.
const RESULT_COPIES: f64 = 3.0;
/// A MIP (expansion in blocks) keeps more: branch and bound nodes, a second LP.
const EXPANSION_FACTOR: f64 = 1.5;

/// LP size per hour of a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LpPerHour {
    /// Columns per hour.
    pub columns: f64,
    /// Rows per hour.
    pub rows: f64,
    /// Non-zeros per hour.
    pub nonzeros: f64,
    /// Hourly input values (load, availability) per hour.
    pub inputs: f64,
}

impl LpPerHour {
    /// Count the LP of the first 24 hours of `case` (built, not solved).
    pub fn of(case: &Case) -> Self {
        let h = case.axis.hours.clamp(1, 24);
        let w = case.window(0, h);
        let opts = nagrid_opf::DispatchOptions::from_settings(&w.settings);
        let inputs = (case.load_mw.len() + case.gen_p_max_pu.iter().flatten().count() + case.flex_load_mw.len()) as f64;
        match nagrid_opf::build_dispatch(&w, &opts) {
            Ok(m) => {
                let (c, r, nz) = m.size();
                let h = h as f64;
                Self { columns: c as f64 / h, rows: r as f64 / h, nonzeros: nz as f64 / h, inputs }
            }
            // A case whose LP cannot be built fails in its run; count its components.
            Err(_) => {
                let n = &case.network;
                let cols = (n.generators.len() + 3 * n.storage.len() + n.lines.len() + 2 * n.links.len() + n.regions.len()) as f64;
                Self { columns: cols, rows: (n.regions.len() + n.storage.len()) as f64, nonzeros: 3.0 * cols, inputs }
            }
        }
    }
}

/// Estimated peak memory of a run of `settings` over `hours` hours, bytes.
pub fn estimate_bytes(per_hour: &LpPerHour, settings: &StudySettings, hours: usize) -> u64 {
    let s = &settings.solver;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (lp_hours, at_once) = if s.decomposition == Decomposition::Rolling && !settings.expansion.enabled {
        let side_by_side = if s.parallel_windows { cores } else { s.chunks.max(1).min(cores) };
        let windows = ((s.window_hours + s.overlap_hours).min(hours), side_by_side);
        // (WS4) The first pass: a month of blocks per LP, months side by side.
        let first = match s.first_pass_hours {
            0 => (0, 0),
            k => (hours.min(744).div_ceil(k), hours.div_ceil(672).min(cores)),
        };
        if first.0 * first.1 > windows.0 * windows.1 {
            first
        } else {
            windows
        }
    } else {
        (hours, 1)
    };
    let lp = lp_hours as f64
        * at_once as f64
        * (per_hour.columns * BYTES_PER_COLUMN + per_hour.rows * BYTES_PER_ROW + per_hour.nonzeros * BYTES_PER_NONZERO);
    let results = hours as f64 * (per_hour.columns * 8.0 * RESULT_COPIES + per_hour.inputs * 8.0 * 2.0);
    let factor = if settings.expansion.enabled { EXPANSION_FACTOR } else { 1.0 };
    (FIXED_BYTES + factor * lp + results).ceil() as u64
}

/// `MemAvailable` of /proc/meminfo, bytes (`None` where there is none).
pub fn mem_available_bytes() -> Option<u64> {
    parse_meminfo(&std::fs::read_to_string("/proc/meminfo").ok()?)
}

fn parse_meminfo(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Bytes as `1.5 GiB`, `300 MiB`.
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} GiB", b / (1024.0 * 1024.0 * 1024.0))
    } else {
        format!("{:.0} MiB", (b / (1024.0 * 1024.0)).ceil())
    }
}

/// Bytes as an sbatch `--mem` value in whole MiB (`--mem=1536M`), rounded up.
pub fn slurm_mem(bytes: u64) -> String {
    format!("{}M", bytes.div_ceil(1024 * 1024).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_year_single_lp_of_the_benchmark_is_met() {
        // 30-region synthetic case, full year, single LP: 2.27 GiB measured.
        let h = 8760.0;
        let per_hour = LpPerHour { columns: 3_600_360.0 / h, rows: 525_600.0 / h, nonzeros: 4_840_000.0 / h, inputs: 90.0 };
        let s = StudySettings::for_year(2030);
        let e = estimate_bytes(&per_hour, &s, 8760) as f64 / (1u64 << 30) as f64;
        assert!((2.27..3.2).contains(&e), "{e} GiB");
        let mut rolling = s.clone();
        rolling.solver.decomposition = Decomposition::Rolling;
        let r = estimate_bytes(&per_hour, &rolling, 8760) as f64 / (1u64 << 30) as f64;
        assert!((0.11..0.5).contains(&r), "{r} GiB");
        // (WS4) The first pass's monthly LPs side by side (124 blocks of 6 hours, the
        // default) outgrow one 192-hour window on two cores; with 1-hour blocks each is
        // a month's single LP.
        let with = |k: usize| {
            let mut s = rolling.clone();
            s.solver.first_pass_hours = k;
            estimate_bytes(&per_hour, &s, 8760)
        };
        assert!(with(1) > with(6) && with(6) >= with(0), "{} {} {}", with(1), with(6), with(0));
    }

    #[test]
    fn meminfo_is_read() {
        assert_eq!(parse_meminfo("MemTotal: 10 kB\nMemAvailable:   2048 kB\n"), Some(2 * 1024 * 1024));
        assert_eq!(parse_meminfo("MemTotal: 10 kB\n"), None);
        assert_eq!(slurm_mem(1), "1M");
        assert_eq!(human(3 << 30), "3.0 GiB");
    }
}
