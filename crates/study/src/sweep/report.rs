//! The sweep's `report.html`, written by every merge: a self-contained page (inline
//! CSS and SVG, no scripts, nothing fetched) on the page frame of the run reports
//! ([`crate::report_html::html`]), the same for the same outcomes. Sections: the
//! sweep (counts, axes and their values, what every variant sets, how much each
//! axis moves each figure), every variant (axis values, status, figures, a link to
//! its own report), the box charts of `plots/`, and each figure along each axis.
//! Run times and memory (sweep.json) are left out: they differ from run to run.

use super::charts::{axis_chart, axis_values, group_desc, AxisLines, Drawn, Figure, FIGURES, MAX_LINES};
use super::variant::{status, Metrics};
use super::{Merged, Plan};
use crate::report_html::html::{cards, esc, figure, page, table, Section};
use crate::report_html::HALF_W;
use crate::units::{mt, musd, price, sig, thousands};
use crate::StudyError;
use std::path::Path;

/// Size of the charts of a figure along an axis, pixels.
const AXIS_CHART: (u32, u32) = (HALF_W, 400);
/// Characters of an error shown in the table (the whole text is its tooltip).
const ERROR_CHARS: usize = 120;

/// `report.html` of the sweep merged in `m`; `boxes` are the box charts of
/// `plots/`, `dir` the sweep folder (for the links to the variants' reports).
pub(crate) fn sweep_report(plan: &Plan, m: &Merged, boxes: &[Drawn], dir: &Path) -> Result<String, StudyError> {
    let sections = vec![overview(plan, m), variants(plan, m, dir), distributions(plan, boxes), along_axes(plan, m)?];
    let case = plan.case_dir.file_name().map_or_else(|| plan.case_dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let hours = plan.hours.map_or_else(|| "the case's horizon".to_string(), |h| format!("the first {} hours", thousands(h as f64, 0)));
    let year = plan.year.map_or(String::new(), |y| format!(", study year {y}"));
    let sub = format!(
        "{} variants of the case {case} ({}), {hours}{year}; nagrid {}",
        m.variants,
        plan.case_dir.display(),
        env!("CARGO_PKG_VERSION")
    );
    let footer = "Tables behind this report: sweep.csv (every figure of every variant), sweep.md, plan.json (every variant's overrides) \
                  and results/*.json (each variant's outcome) of this folder; docs/sweeps.md. Run times and memory are in sweep.json, \
                  not here, so that the same outcomes give the same page.";
    Ok(page(&format!("Sweep: {}", plan.name), &sub, &sections, &esc(footer)))
}

/// The lowest and highest value of `figure` over the variants that have it.
fn range(m: &Merged, figure: &Figure) -> Option<(f64, f64)> {
    let v = m.outcomes.iter().flatten().filter_map(|o| o.metrics.as_ref().and_then(figure.3)).filter(|v| v.is_finite());
    v.fold(None, |r, x| Some(r.map_or((x, x), |(a, b): (f64, f64)| (a.min(x), b.max(x)))))
}

/// Counts, ranges, the axes and their values, the overrides of every variant and
/// how far each axis moves each figure.
fn overview(plan: &Plan, m: &Merged) -> Section {
    let mut html = String::new();
    if let Some(d) = &plan.description {
        html.push_str(&format!("<p>{}</p>\n", esc(d)));
    }
    let mut items = vec![
        ("Variants".to_string(), m.variants.to_string(), "in the sweep".to_string()),
        ("Optimal".into(), m.optimal.to_string(), "variants".into()),
        ("Not optimal".into(), m.failed.to_string(), "solver status or error".into()),
        ("Missing".into(), m.missing.to_string(), "no outcome recorded".into()),
    ];
    for f in &FIGURES {
        if let Some((lo, hi)) = range(m, f) {
            items.push((f.1.to_string(), format!("{} – {}", sig(lo), sig(hi)), format!("{}, lowest – highest", f.2)));
        }
    }
    html.push_str(&cards(&items));
    let mut rows: Vec<Vec<String>> = Vec::new();
    if plan.has_list {
        let mut names: Vec<&str> = Vec::new();
        for n in plan.variants.iter().filter_map(|v| v.list_name.as_deref()) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        rows.push(vec!["named variant".into(), esc(&names.join(", ")), names.len().to_string()]);
    }
    for (a, key) in plan.axes.iter().enumerate() {
        let values = axis_values(plan, a);
        rows.push(vec![esc(key), esc(&values.join(", ")), values.len().to_string()]);
    }
    if rows.is_empty() {
        html.push_str("<p class=\"note\">The sweep has no axes and no named variants.</p>\n");
    } else {
        html.push_str("<h3>Axes</h3>\n");
        html.push_str(&table(&["axis", "values", "count"], &rows, &[2]));
        html.push_str("<p class=\"note\">The variants are the product of these, the last varying fastest.</p>\n");
    }
    let common: Vec<String> = plan.variants.first().map_or_else(Vec::new, |first| {
        first
            .sets
            .iter()
            .filter(|s| !plan.axes.contains(&s.key))
            .filter(|s| plan.variants.iter().all(|v| v.sets.iter().any(|t| t.key == s.key && t.value == s.value)))
            .map(|s| format!("<code>{} = {}</code> ({})", esc(&s.key), esc(&s.value), esc(&s.source)))
            .collect()
    });
    if !common.is_empty() {
        html.push_str(&format!("<p class=\"note\">Set in every variant: {}.</p>\n", common.join("; ")));
    }
    html.push_str(&swings(plan, m));
    Section::new("sweep", "Sweep", html)
}

/// For each axis, how far apart the means of each figure lie across its values.
fn swings(plan: &Plan, m: &Merged) -> String {
    if plan.axes.is_empty() || m.optimal == 0 {
        return String::new();
    }
    let mut header = vec!["axis".to_string()];
    header.extend(FIGURES.iter().map(|f| format!("{}, {}", f.1, f.2)));
    let rows: Vec<Vec<String>> = (0..plan.axes.len())
        .map(|a| {
            let mut row = vec![esc(&plan.axes[a])];
            for f in &FIGURES {
                let means: Vec<f64> = AxisLines::of(plan, &m.outcomes, a, f).means().into_iter().flatten().collect();
                let (lo, hi) = means.iter().fold((f64::MAX, f64::MIN), |(x, y), v| (x.min(*v), y.max(*v)));
                row.push(if means.len() >= 2 { sig(hi - lo) } else { String::new() });
            }
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut html = String::from("<h3>How far each axis moves each figure</h3>\n");
    html.push_str(&table(&header, &rows, &[1, 2, 3, 4]));
    html.push_str(
        "<p class=\"note\">Highest minus lowest of the figure's mean at each value of the axis (the mean over the optimal variants \
         with that value; section <a href=\"#axes\">By axis</a> has the means and charts).</p>\n",
    );
    html
}

/// The figure columns of the table of variants: header and cell.
type Column = (&'static str, fn(&Metrics) -> String);
const COLUMNS: [Column; 7] = [
    ("system cost, M USD", |m| musd(m.system_cost_usd)),
    ("expansion, M USD", |m| musd(m.expansion_cost_usd)),
    ("built, MW", |m| thousands(m.built_mw, 0)),
    ("CO2, Mt", |m| mt(m.co2_t)),
    ("unserved, MWh", |m| thousands(m.unserved_mwh, 0)),
    ("price US / CA / MX, USD/MWh", |m| {
        let p = |v: Option<f64>| v.filter(|v| v.is_finite()).map_or_else(|| "–".to_string(), price);
        format!("{} / {} / {}", p(m.price_us_usd_per_mwh), p(m.price_ca_usd_per_mwh), p(m.price_mx_usd_per_mwh))
    }),
    ("cross-border, TWh", |m| sig(m.cross_border_trade_twh)),
];

/// The table of every variant, with links to their reports. The expansion columns
/// are left out when no variant builds, the note column when every variant is optimal.
fn variants(plan: &Plan, m: &Merged, dir: &Path) -> Section {
    let metrics = || m.outcomes.iter().flatten().filter_map(|o| o.metrics.as_ref());
    let builds = metrics().any(|x| x.built_mw != 0.0 || x.expansion_cost_usd != 0.0);
    let columns: Vec<&Column> = COLUMNS.iter().enumerate().filter(|(i, _)| builds || !matches!(i, 1 | 2)).map(|(_, c)| c).collect();
    let notes = m.optimal < m.variants;
    let mut header: Vec<&str> = vec!["#", "variant"];
    if plan.has_list {
        header.push("named variant");
    }
    header.extend(plan.axes.iter().map(String::as_str));
    header.push("status");
    let first = header.len();
    header.extend(columns.iter().map(|c| c.0));
    if notes {
        header.push("note");
    }
    let mut linked = 0;
    let rows: Vec<Vec<String>> = plan
        .variants
        .iter()
        .zip(&m.outcomes)
        .map(|(v, o)| {
            let name = if dir.join(&v.name).join("report.html").is_file() {
                linked += 1;
                format!("<a href=\"{0}/report.html\">{0}</a>", esc(&v.name))
            } else {
                esc(&v.name)
            };
            let mut row = vec![v.index.to_string(), name];
            if plan.has_list {
                row.push(esc(v.list_name.as_deref().unwrap_or("")));
            }
            row.extend(v.axis_values.iter().map(|x| esc(x)));
            let s = status(o);
            row.push(if s == "optimal" { s.to_string() } else { format!("<span class=\"bad\">{}</span>", esc(s)) });
            let mm = o.as_ref().and_then(|o| o.metrics.as_ref());
            row.extend(columns.iter().map(|c| mm.map_or_else(String::new, c.1)));
            if notes {
                row.push(note(o.as_ref().map(|o| (o.status.as_str(), o.error.as_deref()))));
            }
            row
        })
        .collect();
    let numeric: Vec<usize> = (first..first + columns.len()).collect();
    let mut html = table(&header, &rows, &numeric);
    html.push_str(&format!(
        "<p class=\"note\">Figures over the horizon; system cost is operation plus annualised expansion{}; prices load-weighted. \
         {linked} of {} variant names link to the variant's own report.html (a variant without a run folder has none).</p>\n",
        if builds { "" } else { " (no variant builds capacity)" },
        m.variants
    ));
    Section::new("variants", "Variants", html)
}

/// Why a variant has no figures: its error (shortened, whole as the tooltip), or what
/// its status means.
fn note(o: Option<(&str, Option<&str>)>) -> String {
    match o {
        None => "no outcome recorded (not run yet, or killed): <code>nagrid sweep resume</code> runs it".into(),
        Some(("optimal", _)) => String::new(),
        Some((_, Some(err))) => {
            let short: String = err.chars().take(ERROR_CHARS).collect();
            let more = if err.chars().count() > ERROR_CHARS { "…" } else { "" };
            format!("<span title=\"{}\">{}{more}</span>", esc(err), esc(&short))
        }
        Some((_, None)) => "the solver stopped without an optimum".into(),
    }
}

/// The box charts of `plots/`, inline.
fn distributions(plan: &Plan, boxes: &[Drawn]) -> Section {
    let weather = plan.axes.iter().any(|a| a == "load.weather_year");
    let mut html = String::from(if weather {
        "<p class=\"note\">For each combination of the other axes, the spread across weather years: box from the first to the third \
         quartile, black line the median, whiskers minimum to maximum, one dot per weather year.</p>\n"
    } else {
        "<p class=\"note\">One dot per variant (the sweep has no weather-year axis: with one, each box would show the spread across \
         the weather years).</p>\n"
    });
    if boxes.is_empty() {
        html.push_str("<p class=\"note\">No variant has figures yet.</p>\n");
    }
    html.push_str("<div class=\"grid2\">\n");
    for b in boxes {
        html.push_str(&figure("boxes", &b.svg, &format!("plots/sweep_{}.svg", b.figure.0)));
    }
    html.push_str("</div>\n");
    Section::new("distributions", "Distributions", html)
}

/// For each axis: the mean of each figure at each value, and a chart of each figure
/// along the axis.
fn along_axes(plan: &Plan, m: &Merged) -> Result<Section, StudyError> {
    let mut html = String::new();
    if plan.axes.is_empty() {
        html.push_str("<p class=\"note\">The sweep has no axes.</p>\n");
    }
    // A figure that is zero in every variant has no chart (its table says so).
    let shown: Vec<&Figure> = FIGURES.iter().filter(|f| range(m, f).is_some_and(|(lo, hi)| lo != 0.0 || hi != 0.0)).collect();
    let zero: Vec<&str> = FIGURES.iter().filter(|f| range(m, f) == Some((0.0, 0.0))).map(|f| f.1).collect();
    for (a, key) in plan.axes.iter().enumerate() {
        html.push_str(&format!("<h3>{}</h3>\n", esc(key)));
        html.push_str(&means_table(plan, m, a));
        let desc = group_desc(plan, Some(a));
        let lines = AxisLines::of(plan, &m.outcomes, a, &FIGURES[0]).lines.len();
        let caption = if desc.is_empty() {
            "The sweep has no other axis: one line.".to_string()
        } else if lines > MAX_LINES {
            format!("Grey: each combination of {desc}; black: their mean.")
        } else {
            format!("One line per combination of {desc}.")
        };
        html.push_str("<div class=\"grid2\">\n");
        for f in &shown {
            if let Some(svg) = axis_chart(plan, &m.outcomes, a, f, AXIS_CHART)? {
                html.push_str(&figure("lines", &svg, &caption));
            }
        }
        html.push_str("</div>\n");
    }
    if !zero.is_empty() {
        html.push_str(&format!("<p class=\"note\">Zero in every variant, not charted: {}.</p>\n", esc(&zero.join("; "))));
    }
    Ok(Section::new("axes", "By axis", html))
}

/// The mean of each figure at each value of axis `a`.
fn means_table(plan: &Plan, m: &Merged, a: usize) -> String {
    let values = axis_values(plan, a);
    let means: Vec<Vec<Option<f64>>> = FIGURES.iter().map(|f| AxisLines::of(plan, &m.outcomes, a, f).means()).collect();
    let mut header = vec!["value".to_string(), "optimal / variants".to_string()];
    header.extend(FIGURES.iter().map(|f| format!("{}, {} (mean)", f.1, f.2)));
    let rows: Vec<Vec<String>> = values
        .iter()
        .enumerate()
        .map(|(j, x)| {
            let with = plan.variants.iter().zip(&m.outcomes).filter(|(v, _)| v.axis_values.get(a) == Some(x));
            let (n, optimal) = with.fold((0, 0), |(n, k), (_, o)| (n + 1, k + usize::from(status(o) == "optimal")));
            let mut row = vec![esc(x), format!("{optimal} / {n}")];
            row.extend(means.iter().map(|f| f[j].map_or_else(String::new, sig)));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(&header, &rows, &[1, 2, 3, 4, 5])
}
