//! The module graph of every crate of the workspace is one-way: no module reaches
//! itself through crate-internal paths (`crate::…`, `super::…`).
//!
//! Edges come from every `crate::` and `super::` path in a module's source (in
//! `use` items, expressions and intra-doc links alike), other comments and string
//! literals removed. A
//! path resolves to the longest module prefix it names; a name the crate root
//! re-exports (`pub use m::{a, b}`) resolves to the module it comes from, so a
//! facade in lib.rs hides no cycle. `super::` inside an inline module (`mod tests
//! { use super::*; }`) is the file's own module and makes no edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path ("" for the crate root) of each source file of a crate.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read src dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "bin") {
                    stack.push(p);
                }
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel: Vec<String> =
                p.strip_prefix(src).unwrap().with_extension("").iter().map(|s| s.to_string_lossy().into_owned()).collect();
            let name = match rel.as_slice() {
                [root] if root == "lib" || root == "main" => String::new(),
                [dirs @ .., last] if last == "mod" => dirs.join("::"),
                all => all.join("::"),
            };
            out.insert(name, p);
        }
    }
    out
}

/// Source without comments and with string and char literals emptied.
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                // A doc comment (`///`, `//!`) keeps its paths: an intra-doc link
                // such as [`crate::m::f`] is a dependency too (rustdoc resolves it).
                // Only words and `::` survive, so its prose cannot open a brace.
                let doc = matches!(b.get(i + 2), Some(b'/') | Some(b'!'));
                while i < b.len() && b[i] != b'\n' {
                    if doc {
                        let c = b[i] as char;
                        out.push(if c.is_ascii_alphanumeric() || c == '_' || c == ':' { c } else { ' ' });
                    }
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"') | Some(b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // Raw string r"…" or r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                out.push_str("\"\"");
                i = j + close.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A char literal ('x', '\n', '{') — not a lifetime ('a).
                let lit = if b.get(i + 1) == Some(&b'\\') {
                    (i + 2..b.len().min(i + 12)).find(|&j| b[j] == b'\'').map(|j| j + 1)
                } else if b.get(i + 2) == Some(&b'\'') {
                    Some(i + 3)
                } else {
                    None
                };
                match lit {
                    Some(end) => {
                        out.push_str("' '");
                        i = end;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            _ => {
                let ch = src[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// Identifiers of a path starting at `s`, e.g. `a::b::{c, d}` gives [a, b].
fn path_at(s: &str) -> Vec<String> {
    let mut segs = Vec::new();
    let mut rest = s;
    loop {
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segs.push(rest[..end].to_string());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    segs
}

/// Names the crate root re-exports, mapped to the module they come from.
fn reexports(root: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let text = strip(root);
    for item in text.split(';') {
        let Some(pos) = item.find("pub use ") else { continue };
        let item = &item[pos + 8..];
        let module = path_at(item.trim_start()).first().cloned().unwrap_or_default();
        let names = match (item.find('{'), item.rfind('}')) {
            (Some(a), Some(b)) => item[a + 1..b].to_string(),
            _ => item.rsplit("::").next().unwrap_or("").to_string(),
        };
        for n in names.split(',') {
            let n = n.split(" as ").last().unwrap_or("").trim();
            if !n.is_empty() {
                out.insert(n.to_string(), module.clone());
            }
        }
    }
    out
}

/// Modules that `text` (the source of module `me`) refers to.
fn edges(me: &str, text: &str, known: &BTreeSet<String>, reexp: &BTreeMap<String, String>) -> BTreeSet<String> {
    let resolve = |segs: &[String]| -> Option<String> {
        for k in (1..=segs.len()).rev() {
            let p = segs[..k].join("::");
            if known.contains(&p) {
                return Some(p);
            }
        }
        segs.first().and_then(|n| reexp.get(n)).cloned().or(Some(String::new()))
    };
    let parent = |m: &str| m.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string());
    // Depth of braces, and the depths at which inline modules open.
    let mut depth = 0usize;
    let mut inline: Vec<usize> = Vec::new();
    let mut out = BTreeSet::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b':');
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                while inline.last().is_some_and(|&d| d > depth) {
                    inline.pop();
                }
            }
            _ if word_start && text[i..].starts_with("mod ") => {
                let after = &text[i + 4..];
                let name_end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
                if after[name_end..].trim_start().starts_with('{') {
                    inline.push(depth + 1);
                }
            }
            _ if word_start && text[i..].starts_with("crate::") => {
                let segs = path_at(&text[i + 7..]);
                if let Some(t) = resolve(&segs) {
                    out.insert(t);
                }
            }
            // `super::` inside an inline module is the file's own module: no edge.
            _ if word_start && inline.is_empty() && text[i..].starts_with("super::") => {
                let mut rest = path_at(&text[i + 7..]);
                let mut base = parent(me);
                while rest.first().is_some_and(|s| s == "super") {
                    rest.remove(0);
                    base = parent(&base);
                }
                let mut segs: Vec<String> = base.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
                segs.extend(rest);
                if let Some(t) = resolve(&segs) {
                    out.insert(t);
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.remove(me);
    out
}

/// A cycle of the graph, if any, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // 0 unseen, 1 on the stack, 2 done.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|x| x == m).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The module graph of the crate whose `src` folder is given.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules(src);
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let root = mods.get("").map(|p| std::fs::read_to_string(p).unwrap()).unwrap_or_default();
    let reexp = reexports(&root);
    mods.iter().map(|(m, p)| (m.clone(), edges(m, &strip(&std::fs::read_to_string(p).unwrap()), &known, &reexp))).collect()
}

fn label(m: &str) -> &str {
    if m.is_empty() {
        "(crate root)"
    } else {
        m
    }
}

#[test]
fn no_crate_has_an_import_cycle() {
    // MODULE_GRAPH_CRATES points the check at another folder of crates (to try it).
    let crates = std::env::var_os("MODULE_GRAPH_CRATES").map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."), PathBuf::from);
    let mut checked = 0;
    let mut cycles = Vec::new();
    for e in std::fs::read_dir(&crates).unwrap().flatten() {
        let src = e.path().join("src");
        if !src.is_dir() {
            continue;
        }
        checked += 1;
        if let Some(c) = find_cycle(&graph(&src)) {
            let name = e.file_name().to_string_lossy().into_owned();
            cycles.push(format!("{name}: {}", c.iter().map(|m| label(m)).collect::<Vec<_>>().join(" -> ")));
        }
    }
    assert!(checked >= 6, "found only {checked} crates under {}", crates.display());
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_cycles() {
    let known: BTreeSet<String> = ["", "a", "b", "c", "c::d"].iter().map(|s| s.to_string()).collect();
    let reexp: BTreeMap<String, String> = [("Thing".to_string(), "b".to_string())].into();
    let src_a = strip("use crate::Thing; // crate::c\nfn f() { let s = \"crate::c\"; }\n#[cfg(test)]\nmod tests { use super::*; }");
    assert_eq!(edges("a", &src_a, &known, &reexp), ["b".to_string()].into());
    let src_d = strip("use super::super::a::x; fn g() -> char { '{' }");
    assert_eq!(edges("c::d", &src_d, &known, &reexp), ["a".to_string()].into());
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
        ("c".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
    let acyclic: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), ["b".to_string()].into()), ("b".to_string(), BTreeSet::new())].into();
    assert!(find_cycle(&acyclic).is_none());
}
