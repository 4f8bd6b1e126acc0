//! Least-cost dispatch LPs solved with HiGHS, with prices from the duals of the
//! energy-balance rows.
//!
//! ```
//! use nagrid_model::{Case, Country, Generator, Line, Network, Region, TimeAxis};
//! use nagrid_opf::{dispatch, DispatchOptions, SolveStatus};
//!
//! // Two regions joined by a 100 MW line: cheap hydro in the north, gas in the south.
//! let network = Network {
//!     regions: vec![Region::new("north", Country::CA, "east"), Region::new("south", Country::US, "east")],
//!     generators: vec![
//!         Generator::new("hydro", 0, "hydro_reservoir", 500.0, 5.0),
//!         Generator::new("gas", 1, "gas_cc", 500.0, 40.0),
//!     ],
//!     lines: vec![Line::new("north-south", 0, 1, 100.0, 0.1)],
//!     ..Network::default()
//! };
//! let hours = 2;
//! let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
//! let case = Case::new("two regions", network, TimeAxis::new(start, hours), vec![vec![50.0; hours], vec![300.0; hours]]);
//! case.validate().expect("a valid case");
//!
//! let options = DispatchOptions::from_settings(&case.settings);
//! let outcome = dispatch(&case, &options).unwrap();
//! assert_eq!(outcome.status, SolveStatus::Optimal);
//! let solution = outcome.solution.unwrap();
//! // The line is congested: the north prices at hydro's cost, the south at gas's.
//! assert!((solution.line_flow_mw[0][0] - 100.0).abs() < 1e-6);
//! assert!((solution.price_usd_per_mwh[0][0] - 5.0).abs() < 1e-6);
//! assert!((solution.price_usd_per_mwh[1][0] - 40.0).abs() < 1e-6);
//! ```
//!
//! # Modules, top to bottom
//!
//! Each module imports only modules below it (`tests/module_graph.rs` checks it):
//!
//! - driver: `dispatch` (entry points) → [`benders`] (expansion by Benders
//!   decomposition over windows and scenarios) and `rolling` (windows) → `single`
//!   (one LP, expansion loops: MIP then blocks held, `dc` reactance updates) →
//!   `stitch` (a horizon's solution from its windows');
//! - `extract` (HiGHS values → [`DispatchSolution`]), `crash` (a dispatch →
//!   the LP's columns, WS3) and `verify` (independent checks, cost, hours at limit);
//! - builder: `builder` (what the LP contains) → `flow` (lines, links, Kirchhoff) →
//!   `expansion` (candidates, E1–E3);
//! - `solution` (public result types), `inputs` (availability, budget shares),
//!   `registry` (row blocks per equation label and column layout), `topology`,
//!   `options`;
//! - `lp` (HiGHS, with its own status) and `error`.
//!
//! Equations are labelled as in `docs/formulation.md`.
#![deny(missing_docs)]
#![allow(clippy::needless_range_loop)]

mod aggregate;
pub mod benders;
mod builder;
mod coarse;
mod crash;
mod dispatch;
mod error;
mod expansion;
mod extract;
mod flow;
pub mod inputs;
mod lp;
mod options;
mod ptdf;
mod registry;
mod reserve;
mod rolling;
mod single;
mod solution;
mod stitch;
pub mod topology;
pub mod verify;
mod warm;

pub use builder::DispatchModel;
pub use dispatch::{build_dispatch, dispatch, dispatch_single, dispatch_single_from, dispatch_with_progress, write_lp};
pub use error::OpfError;
pub use options::DispatchOptions;
pub use solution::{
    with_builds, Asset, AssetKind, BuildResult, DispatchOutcome, DispatchSolution, ExpansionResults, SolveStats, SolveStatus,
};
