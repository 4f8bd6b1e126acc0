//! HTML building blocks of the reports: escaping, tables, figures, the page frame and
//! its style sheet (inline: a report loads nothing from the network).

use std::fmt::Write as _;

/// `s` with the characters HTML gives a meaning to escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A table: header cells, then rows; cells are HTML (escape text with [`esc`]).
/// Columns listed in `numeric` are right-aligned.
pub fn table(header: &[&str], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let mut t = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let _ = write!(t, "<th{}>{}</th>", if numeric.contains(&i) { " class=\"num\"" } else { "" }, esc(h));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        t.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(t, "<td{}>{c}</td>", if numeric.contains(&i) { " class=\"num\"" } else { "" });
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody></table></div>\n");
    t
}

/// A chart (an inline SVG document) with a caption.
pub fn figure(class: &str, svg: &str, caption: &str) -> String {
    format!("<figure class=\"chart {class}\">\n{svg}\n<figcaption>{}</figcaption></figure>\n", esc(caption))
}

/// Key figures as cards: (label, value, unit).
pub fn cards(items: &[(String, String, String)]) -> String {
    let mut s = String::from("<div class=\"cards\">\n");
    for (label, value, unit) in items {
        let _ = writeln!(
            s,
            "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"unit\">{}</div></div>",
            esc(label),
            esc(value),
            esc(unit)
        );
    }
    s.push_str("</div>\n");
    s
}

/// One section of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Anchor (`id` attribute).
    pub id: String,
    /// Heading and navigation text.
    pub title: String,
    /// Content (HTML).
    pub html: String,
}

impl Section {
    /// A section from its parts.
    pub fn new(id: &str, title: &str, html: String) -> Self {
        Self { id: id.into(), title: title.into(), html }
    }
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6673; --line: #d9dee4; --bg: #f5f7f9; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header { background: #16324f; color: #fff; padding: 18px 32px 14px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header p { margin: 0; color: #c9d6e3; }
nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav a { color: var(--accent); text-decoration: none; font-weight: 500; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 24px 40px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 24px 20px; margin: 18px 0; }
h2 { font-size: 20px; margin: 14px 0 8px; }
h3 { font-size: 16px; margin: 18px 0 6px; color: #28384a; }
p.note { color: var(--muted); margin: 4px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fbfcfd; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .unit { color: var(--muted); font-size: 12px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
figure.chart { margin: 8px 0 14px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 2px; }
.scroll { overflow-x: auto; max-height: 520px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eef1f4; text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f0f3f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #b3261e; font-weight: 600; }
details { margin: 8px 0; }
summary { cursor: pointer; font-weight: 600; color: var(--accent); padding: 4px 0; }
.map svg { width: 100%; height: auto; display: block; background: #f3f6f9; border-radius: 6px; }
.map .tie:hover, .map .candidate:hover { stroke-opacity: 1; }
.legend-swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin: 0 4px 0 12px; border-radius: 2px; }
footer { color: var(--muted); font-size: 13px; max-width: 1280px; margin: 0 auto; padding: 0 24px 30px; }
@media print { nav { display: none; } section { break-inside: avoid-page; } }
"#;

/// The whole page: head with the style sheet, header, navigation, sections, footer.
pub fn page(title: &str, subtitle: &str, sections: &[Section], footer: &str) -> String {
    let mut s = String::with_capacity(sections.iter().map(|x| x.html.len()).sum::<usize>() + 8192);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p>{}</p></header>\n<nav>",
        esc(title),
        esc(title),
        esc(subtitle)
    );
    for sec in sections {
        let _ = write!(s, "<a href=\"#{}\">{}</a>", esc(&sec.id), esc(&sec.title));
    }
    s.push_str("</nav>\n<main>\n");
    for sec in sections {
        let _ = write!(s, "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", esc(&sec.id), esc(&sec.title), sec.html);
    }
    let _ = write!(s, "</main>\n<footer>{footer}</footer>\n</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_frames() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let p = page("T <1>", "sub", &[Section::new("x", "X", "<p>hi</p>".into())], "f");
        assert!(p.starts_with("<!DOCTYPE html>"));
        assert!(p.contains("<title>T &lt;1&gt;</title>") && p.contains("<section id=\"x\">") && p.contains("<a href=\"#x\">X</a>"));
    }
}
