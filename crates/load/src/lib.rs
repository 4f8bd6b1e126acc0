//! # nagrid-load
//!
//! Hourly electricity-load modelling for the nagrid North-American grid toolkit:
//!
//! * **Forecasting from history** ([`forecast`], [`model`], [`features`]): a linear
//!   regression on calendar, holidays ([`holidays`]) and temperature (the GEFCom2012
//!   "vanilla" benchmark plus recency-effect terms), solved by QR least squares
//!   ([`regression`]), with terms chosen by validation inside the training period.
//! * **Profiles for regions without history** ([`synthetic`], [`climate`]): a
//!   seeded synthetic climate, a calendar/temperature response and an exact
//!   energy-and-peak scaling.
//! * **Data-center demand** ([`datacenter`], [`projection`]): facility types with
//!   utilisation profiles and a temperature-dependent PUE, a probability-weighted
//!   project pipeline plus a logistic adoption curve per scenario (low / mid / high)
//!   calibrated to published US totals, annual projections to 2040 and hourly series.
//! * **Curtailment-enabled headroom** ([`headroom`]): the largest constant new load a
//!   balancing authority takes under its historical seasonal peak if the load accepts
//!   curtailment of a share of its energy (Duke's *Rethinking Load Growth* method on
//!   EIA-930 demand).
//! * Reading hourly CSV/gzip data with full error reporting ([`io`]), clock zones and
//!   DST ([`calendar`]), accuracy metrics ([`metrics`]).
//!
//! See `docs/load-forecasting.md` for the user documentation.
#![deny(missing_docs)]

pub mod calendar;
pub mod climate;
pub mod datacenter;
pub mod error;
pub mod features;
pub mod forecast;
pub mod growth;
pub mod headroom;
pub mod holidays;
pub mod io;
pub mod metrics;
pub mod model;
pub mod plot;
pub mod projection;
pub mod regression;
pub mod selection;
pub mod synthetic;

pub use calendar::{ClockZone, DatePeriod, HourLabel};
pub use climate::{ClimateClass, ClimateParams};
pub use datacenter::{DataCenterInputs, FacilityProfile, FacilityType, Stage};
pub use error::{LoadError, Result};
pub use features::FeatureSpec;
pub use forecast::{evaluate, fit_selected, Evaluation, FitOptions, FitReport};
pub use growth::{growth_charts, GrowthCharts, GrowthOptions};
pub use io::{read_hourly_csv, CsvSpec, HourlyFrame, TimeColumns};
pub use model::LoadModel;
pub use nagrid_model::{Country, Issue, Issues};
pub use projection::{DataCenterModel, ProjectionRow, RegionHourly, Scenario};
pub use synthetic::{summer_winter_peak_ratio, synthetic_year, DefaultResponse, RegionSpec, Response, YearProfile};
