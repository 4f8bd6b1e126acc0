//! Domain types of nagrid: regions, generators, storage, AC interties, HVDC links,
//! the hourly time axis, study settings and validation rules.
//!
//! This crate knows nothing about files or solvers. `nagrid-io` turns case folders
//! into a [`Case`]; `nagrid-opf` turns a [`Case`] into an LP.
#![deny(missing_docs)]

pub mod issue;
pub mod limits;
pub mod network;
pub mod numeric;
pub mod settings;
pub mod technology;
pub mod time;

pub use issue::{FieldIssue, Issue, Issues};
pub use network::{Case, Country, Expansion, FlexibleLoad, Generator, HydroBudget, Line, Link, LinkKind, Network, Region, Storage};
pub use settings::{
    BlockMethod, Borders, CompareSpec, Decomposition, EconomicsSettings, ExpansionSettings, Formulation, HorizonSettings, KvlMethod,
    LoadSettings, LoadSource, ModelSettings, NetworkSettings, OutputSettings, Scenario, SolverMethod, SolverSettings, StudySettings,
    TimeSettings, Variant,
};
pub use time::{parse_timestamp, TimeAxis};
