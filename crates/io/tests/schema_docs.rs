//! The column tables of docs/case-format.md are the schema's ([`nagrid_io::schema`]).
//! `NAGRID_BLESS_DOCS=1 cargo test -p nagrid-io --test schema_docs` rewrites them
//! from the schema.

use nagrid_io::schema::TABLES;

#[test]
fn docs_tables_match_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/case-format.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = doc.lines().map(String::from).collect();
    let bless = std::env::var_os("NAGRID_BLESS_DOCS").is_some();
    let mut wrong = Vec::new();
    for t in TABLES {
        let Some(h) = lines.iter().position(|l| l == t.heading) else {
            wrong.push(format!("no heading `{}` in docs/case-format.md", t.heading));
            continue;
        };
        // The first table after the heading, before the next heading.
        let start = (h + 1..lines.len()).find(|&i| lines[i].starts_with('|') || lines[i].starts_with('#')).unwrap_or(lines.len());
        let end = (start..lines.len()).find(|&i| !lines[i].starts_with('|')).unwrap_or(lines.len());
        let found: String = lines[start..end].iter().map(|l| format!("{l}\n")).collect();
        let want = t.markdown();
        if found != want {
            wrong.push(format!("table under `{}` differs from the schema; it should read:\n\n{want}", t.heading));
            if bless {
                let mut new: Vec<String> = want.lines().map(String::from).collect();
                if start == end {
                    new.push(String::new());
                }
                lines.splice(start..end, new);
            }
        }
    }
    if bless {
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    } else {
        assert!(wrong.is_empty(), "{}\n(NAGRID_BLESS_DOCS=1 rewrites the tables)", wrong.join("\n"));
    }
}
