//! The column tables of docs/case-format.md are the schema's ([`nagrid_io::schema`]).
//! `NAGRID_BLESS_DOCS=1 cargo test -p nagrid-io --test schema_docs` rewrites them
//! from the schema.

mod common;

use nagrid_io::schema::TABLES;

#[test]
fn docs_tables_match_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/case-format.md");
    let tables: Vec<(String, String)> = TABLES.iter().map(|t| (t.heading.to_string(), t.markdown())).collect();
    common::check_doc_tables(&path, &tables, "the schema");
}
