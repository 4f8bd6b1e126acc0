//! Domain types of nagrid: regions, generators, storage, AC interties, HVDC links,
//! the hourly time axis, study settings and validation rules.
//!
//! This crate knows nothing about files or solvers. `nagrid-io` turns case folders
//! into a [`Case`]; `nagrid-opf` turns a [`Case`] into an LP.
//!
//! It is also the shared vocabulary of the crates above it: one [`Country`], one
//! input-problem type ([`Issue`], [`Issues`]), one [`time`] module (leap years from
//! chrono, the one timestamp parser [`parse_timestamp`]), the data-center
//! [`Scenario`], the [`technology`] labels that drive behaviour, and the small
//! [`numeric`] helpers (seeded generator, bisection, solar time) that nagrid-load and
//! nagrid-study both use.
#![deny(missing_docs)]

pub mod construct;
pub mod fuel;
pub mod hourly;
pub use hourly::GenDerates;
pub mod issue;
pub mod limits;
pub mod network;
pub mod numeric;
pub mod reserves;
pub mod settings;
pub mod technology;
pub mod time;

pub use fuel::{Availability, Derate, Fuel, FuelPrices, FuelUse, OutOfService};
pub use issue::{FieldIssue, Issue, Issues};
pub use network::{
    Case, Country, Expansion, FlexibleLoad, Generator, HydroBudget, IdleCandidate, Line, Link, LinkKind, LoadOrigin, Network, Region,
    Storage, StorageExpansion,
};
pub use reserves::{Reserve, ReservePeriod, ShortageSegment};
pub use settings::{
    BlockMethod, Borders, Decomposition, EconomicsSettings, ExpansionMethod, ExpansionSettings, Formulation, HorizonSettings, KvlMethod,
    LoadSettings, LoadSource, ModelSettings, NetworkSettings, OutputSettings, ReportGap, Scenario, SingleLpStart, SolverMethod,
    SolverSettings, StudySettings, TimeSettings,
};
pub use time::{parse_timestamp, TimeAxis};
