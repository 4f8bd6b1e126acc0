//! Bounds on input magnitudes: a value outside them is an input error, reported by
//! validation, because the LP solver cannot take it (HiGHS treats |v| >= 1e20 as
//! infinite and loses accuracy long before) or because no real study has it.
//!
//! Every reader (case folders, series, MATPOWER files, study.toml) checks against
//! these, so `validate` and `run` agree.

/// Largest power or energy figure accepted, in MW or MWh (1e9 MW = 1,000 TW, far
/// above any system on Earth).
pub const MAX_MW: f64 = 1e9;
/// Largest cost accepted, in USD per MWh (or USD per MW-year, per MW2h, per hour).
pub const MAX_COST_USD: f64 = 1e12;
/// Smallest and largest per-unit reactance (or resistance) of a line.
pub const MIN_X_PU: f64 = 1e-6;
/// Largest per-unit reactance of a line.
pub const MAX_X_PU: f64 = 1e6;
/// Study years accepted (chrono and the load calendar are exact over this range).
pub const MIN_YEAR: i32 = 1900;
/// Last study year accepted.
pub const MAX_YEAR: i32 = 2200;
/// Longest horizon, in hours (ten leap years).
pub const MAX_HOURS: usize = 87_840;
/// Most decimals written in output files (beyond 12, f64 output is noise).
pub const MAX_DECIMALS: usize = 12;
/// Most solver threads.
pub const MAX_THREADS: u32 = 1024;
/// Most rolling-horizon chunks (one per month of the longest horizon).
pub const MAX_CHUNKS: usize = 120;
/// Longest block of the rolling horizon's first pass, hours (WS4).
pub const MAX_FIRST_PASS_HOURS: usize = 168;
/// Longest horizon, in hours, for which a rolling run measures its gap to the
/// single LP by default (`[solver] report_gap = "auto"`): a 31-day month, whose
/// single LP of the 32-region case solves in about a minute here.
pub const GAP_AUTO_MAX_HOURS: usize = 744;
/// Solver feasibility tolerance range HiGHS accepts and that is meaningful.
pub const FEASIBILITY_TOLERANCE_RANGE: (f64, f64) = (1e-10, 1e-2);
/// Most input problems listed per file; the rest are counted.
pub const MAX_ISSUES_PER_FILE: usize = 50;

/// True when `v` is finite and |v| <= `max`.
pub fn within(v: f64, max: f64) -> bool {
    v.is_finite() && v.abs() <= max
}

/// Longest solver time limit accepted, seconds (about 116 days); HiGHS takes any
/// finite value, but a larger limit is a typo, and `inf` is not a number of seconds.
pub const MAX_TIME_LIMIT_S: f64 = 1e7;
