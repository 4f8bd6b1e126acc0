//! The shape the developers' guide asks of the code: no function longer than 150
//! lines and no source file longer than 800, in every crate of the workspace. A
//! plain brace count over the sources (string literals and comments with braces
//! are rare enough here; a false count shows up as an absurd length).

use std::fs;
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 150;
const MAX_FILE_LINES: usize = 800;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Whether a trimmed line starts a function item.
fn starts_fn(line: &str) -> bool {
    let mut rest = line;
    for prefix in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    rest.starts_with("fn ")
}

/// A line without its comment, string literals and character literals (whose
/// braces do not count).
fn code_of(line: &str) -> String {
    let c: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let (mut i, mut in_str) = (0, false);
    while i < c.len() {
        if in_str {
            match c[i] {
                '\\' => i += 1,
                '"' => in_str = false,
                _ => {}
            }
        } else if c[i] == '"' {
            in_str = true;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            break;
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i += 2;
        } else {
            out.push(c[i]);
        }
        i += 1;
    }
    out
}

/// (first line, length) of every function of `text`.
fn functions(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !starts_fn(lines[i].trim_start()) {
            i += 1;
            continue;
        }
        let (mut depth, mut opened, mut j) = (0i64, false, i);
        while j < lines.len() {
            let code = code_of(lines[j]);
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                break;
            }
            j += 1;
        }
        out.push((i + 1, j - i + 1));
        i = if opened { j + 1 } else { i + 1 };
    }
    out
}

#[test]
fn functions_and_files_stay_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "benches"] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} source files", files.len());
    let mut long = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        if text.lines().count() > MAX_FILE_LINES {
            long.push(format!("{rel}: {} lines (at most {MAX_FILE_LINES})", text.lines().count()));
        }
        for (line, n) in functions(&text) {
            if n > MAX_FN_LINES {
                long.push(format!("{rel}:{line}: a function of {n} lines (at most {MAX_FN_LINES})"));
            }
        }
    }
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

#[test]
fn the_counter_counts() {
    let text = "fn a() {\n    let x = 1;\n}\n\npub(crate) fn b(\n    y: u8,\n) -> u8 {\n    if y > 0 { 1 } else { 0 }\n}\n";
    assert_eq!(functions(text), vec![(1, 3), (5, 5)]);
    let braces_in_literals = "fn c(b: u8) -> bool {\n    let s = \"{{\"; // {\n    b == b'{' || s.is_empty()\n}\nfn d() {}\n";
    assert_eq!(functions(braces_in_literals), vec![(1, 4), (5, 1)]);
}
