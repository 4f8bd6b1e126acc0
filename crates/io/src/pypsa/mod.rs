//! PyPSA interoperability: a network in PyPSA's CSV folder format (as written by
//! `n.export_to_csv_folder`) read as a nagrid case ([`read_pypsa`],
//! [`import_pypsa`]), and a case written in that format ([`write_pypsa`]).
//!
//! The mapping, and what is not translated, is in docs/pypsa.md: buses are
//! regions, generators, loads, lines (Kirchhoff's law: the case's formulation is
//! `dc`), links and storage units their nagrid counterparts, snapshots the hours.
//! Input PyPSA cannot be translated faithfully is an error naming file, line,
//! column and value; features nagrid does not model are warnings.

mod attrs;
mod export;
mod import;
mod tables;

pub use export::{write_pypsa, V_NOM_KV};
pub use import::{import_pypsa, read_pypsa, Imported};

/// The attribute tables of docs/pypsa.md: (component file, Markdown table), one per
/// component nagrid translates, generated from the importer's catalogue.
pub fn attribute_tables() -> Vec<(String, String)> {
    attrs::TRANSLATED.iter().map(|c| (c.file(), attrs::markdown(c))).collect()
}
