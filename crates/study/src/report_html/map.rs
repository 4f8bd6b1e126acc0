//! The map of report.html: regions at their load centres (regions.csv `lat_deg`,
//! `lon_deg`, an equirectangular projection scaled by the cosine of the mean
//! latitude) sized by demand and coloured by load-weighted price; ties as curves
//! sized by annual energy, coloured by the share of hours at a limit, with an arrow
//! in the direction of the net flow; built capacity highlighted; candidate ties not
//! in the run dashed. Every element has a tooltip (`<title>`).

use super::html::esc;
use crate::hourly::RegionHourly;
use crate::statistics::{Statistics, TieStats};
use crate::units::{musd, price, thousands, twh};
use nagrid_model::Case;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Width of the map, pixels.
const W: f64 = 1100.0;
/// Margin around the regions, pixels.
const PAD: f64 = 70.0;
/// Height of the legend strip under the map, pixels.
const LEGEND_H: f64 = 70.0;

/// Positions of the regions in pixels and the map's height; `None` as the note when
/// the coordinates are used, else why the regions are placed on a circle.
fn layout(case: &Case) -> (Vec<(f64, f64)>, f64, Option<&'static str>) {
    let regs = &case.network.regions;
    let n = regs.len();
    let missing = regs.iter().any(|r| r.lat_deg == 0.0 && r.lon_deg == 0.0);
    let pts: Vec<(f64, f64)> = if missing {
        Vec::new()
    } else {
        let lat0 = regs.iter().map(|r| r.lat_deg).sum::<f64>() / n.max(1) as f64;
        let k = lat0.to_radians().cos().max(0.2);
        regs.iter().map(|r| (r.lon_deg * k, -r.lat_deg)).collect()
    };
    let (x0, x1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    if missing || n < 2 || (x1 - x0) < 1e-9 && (y1 - y0) < 1e-9 {
        let h = 560.0;
        let (cx, cy, r) = (W / 2.0, h / 2.0, h / 2.0 - PAD);
        let pos = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        let note = if missing { "regions.csv gives no coordinates for some regions: regions placed on a circle" } else { "" };
        return (pos, h, (!note.is_empty()).then_some(note));
    }
    let sx = (W - 2.0 * PAD) / (x1 - x0).max(1e-9);
    let sy_fit = (760.0 - 2.0 * PAD) / (y1 - y0).max(1e-9);
    let s = sx.min(sy_fit);
    let h = ((y1 - y0) * s + 2.0 * PAD).clamp(360.0, 760.0);
    let ox = (W - (x1 - x0) * s) / 2.0;
    let oy = (h - (y1 - y0) * s) / 2.0;
    (pts.iter().map(|p| (ox + (p.0 - x0) * s, oy + (p.1 - y0) * s)).collect(), h, None)
}

/// Linear interpolation through colour stops, `v` in 0..=1, as `#rrggbb`.
fn ramp(stops: &[(u8, u8, u8)], v: f64) -> String {
    let v = if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
    let x = v * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let m = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Viridis (matplotlib), five stops: low prices dark blue, high yellow.
const VIRIDIS: [(u8, u8, u8); 5] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];
/// Share of hours congested: blue-grey (never) through purple to dark red (no yellow,
/// which marks builds).
const CONGESTION: [(u8, u8, u8); 4] = [(120, 144, 170), (150, 100, 175), (215, 48, 39), (125, 0, 25)];

/// The congestion colour of a share of hours; the scale saturates at 50 %.
fn congestion_color(share: f64) -> String {
    ramp(&CONGESTION, share / 0.5)
}

/// A tie's curve: from, control point, to.
type Curve = ((f64, f64), (f64, f64), (f64, f64));

/// The curve of the `k`-th of `m` ties between two points (straight when alone).
fn curve(a: (f64, f64), b: (f64, f64), k: usize, m: usize) -> Curve {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let off = (k as f64 - (m as f64 - 1.0) / 2.0) * 22.0;
    let c = ((a.0 + b.0) / 2.0 - dy / len * off, (a.1 + b.1) / 2.0 + dx / len * off);
    (a, c, b)
}

fn path_d(c: &Curve) -> String {
    let ((x0, y0), (cx, cy), (x1, y1)) = *c;
    format!("M{x0:.1} {y0:.1}Q{cx:.1} {cy:.1} {x1:.1} {y1:.1}")
}

/// An arrow head at the middle of `c`, pointing to its end (or start when `reverse`).
fn arrow(c: &Curve, size: f64, reverse: bool) -> String {
    let ((x0, y0), (cx, cy), (x1, y1)) = *c;
    let (mx, my) = (0.25 * x0 + 0.5 * cx + 0.25 * x1, 0.25 * y0 + 0.5 * cy + 0.25 * y1);
    let (mut dx, mut dy) = (x1 - x0, y1 - y0);
    if reverse {
        dx = -dx;
        dy = -dy;
    }
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let (tx, ty) = (mx + ux * size, my + uy * size);
    let (bx, by) = (mx - ux * size * 0.6, my - uy * size * 0.6);
    let (px, py) = (-uy * size * 0.7, ux * size * 0.7);
    format!("M{tx:.1} {ty:.1}L{:.1} {:.1}L{:.1} {:.1}Z", bx + px, by + py, bx - px, by - py)
}

/// Tooltip of a tie.
fn tie_title(case: &Case, t: &TieStats, hours: usize) -> String {
    let r = &case.network.regions;
    let (a, b) = (&r[t.from].id, &r[t.to].id);
    let net = t.forward_mwh - t.reverse_mwh;
    let (s, d) = if net >= 0.0 { (a, b) } else { (b, a) };
    let mut title = format!(
        "{} ({}): {a} ↔ {b}\nnet {} TWh {s} → {d}\n{a} → {b} {} TWh, {b} → {a} {} TWh\nlimit {} / {} MW\nat a limit {} h ({:.1} % of hours)\ncongestion rent {} M USD\nutilisation {:.1} %",
        t.id,
        t.kind,
        twh(net.abs()),
        twh(t.forward_mwh),
        twh(t.reverse_mwh),
        thousands(t.capacity_forward_mw, 0),
        thousands(t.capacity_reverse_mw, 0),
        thousands(t.hours_congested as f64, 0),
        100.0 * t.hours_congested as f64 / hours.max(1) as f64,
        musd(t.congestion_rent_usd),
        100.0 * t.utilisation_pu
    );
    if t.built_mw > 0.0 {
        let _ = write!(title, "\nbuilt +{} MW", thousands(t.built_mw, 0));
    }
    title
}

/// Tooltip of a region.
fn region_title(case: &Case, rh: &RegionHourly, r: usize, p: Option<f64>) -> String {
    let reg = &case.network.regions[r];
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let mut t = format!(
        "{} — {} ({})\ndemand {} TWh\ngeneration {} TWh\nnet export {} TWh",
        reg.id,
        reg.name,
        reg.country.code(),
        twh(sum(&rh.demand_mw[r])),
        twh(sum(&rh.generation_mw[r])),
        twh(sum(&rh.net_export_mw[r]))
    );
    if let Some(dc) = case.datacenter_mw.get(r) {
        let _ = write!(t, "\ndata centers {} TWh", twh(sum(dc)));
    }
    if let Some(p) = p {
        let _ = write!(t, "\nload-weighted price {} USD/MWh", price(p));
    }
    t
}

/// The colour range of region prices: the 5th to the 95th percentile of the regions'
/// prices (all of them with fewer than 20 regions), so one outlier does not wash out the rest.
fn price_range(prices: &[f64]) -> (f64, f64) {
    let mut p = prices.to_vec();
    p.sort_by(|a, b| a.total_cmp(b));
    if p.is_empty() {
        return (0.0, 1.0);
    }
    let k = if p.len() >= 20 { p.len() / 20 } else { 0 };
    (p[k], p[p.len() - 1 - k])
}

/// Load-weighted price of each region (mean price without load).
fn region_prices(case: &Case, sol: &nagrid_opf::DispatchSolution, rh: &RegionHourly) -> Vec<f64> {
    (0..case.network.regions.len())
        .map(|r| {
            let p = &sol.price_usd_per_mwh[r];
            let d = &rh.demand_mw[r];
            let l: f64 = d.iter().sum();
            if l > 0.0 {
                p.iter().zip(d).map(|(p, d)| p * d).sum::<f64>() / l
            } else {
                p.iter().sum::<f64>() / p.len().max(1) as f64
            }
        })
        .collect()
}

/// The map as an inline SVG document, with the note about its layout if any.
pub fn map_svg(case: &Case, sol: &nagrid_opf::DispatchSolution, st: &Statistics, rh: &RegionHourly) -> (String, Option<&'static str>) {
    let n = &case.network;
    let (pos, h, note) = layout(case);
    let total_h = h + LEGEND_H;
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {total_h}\" width=\"{W}\" height=\"{total_h}\" font-family=\"sans-serif\">"
    );
    // Idle candidates, then builds (halo), then ties, then arrows, then regions.
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut slot = |a: usize, b: usize| {
        let e = pairs.entry((a.min(b), a.max(b))).or_default();
        *e += 1;
        *e - 1
    };
    let slots: Vec<usize> = st.ties.iter().map(|t| slot(t.from, t.to)).collect();
    let idle_slots: Vec<usize> = n.idle_candidates.iter().map(|c| slot(c.from, c.to)).collect();
    let count = |a: usize, b: usize| pairs.get(&(a.min(b), a.max(b))).copied().unwrap_or(1);
    let oriented = |a: usize, b: usize, k: usize| {
        let c = curve(pos[a.min(b)], pos[a.max(b)], k, count(a, b));
        if a <= b {
            c
        } else {
            (c.2, c.1, c.0)
        }
    };
    for (c, k) in n.idle_candidates.iter().zip(&idle_slots) {
        let cv = oriented(c.from, c.to, *k);
        let _ = writeln!(
            s,
            "<path class=\"candidate\" d=\"{}\" fill=\"none\" stroke=\"#8a8f96\" stroke-width=\"1.6\" stroke-dasharray=\"5 4\" stroke-opacity=\"0.8\"><title>{}: candidate {}, not in this run ({} ↔ {})</title></path>",
            path_d(&cv),
            esc(&c.id),
            if c.is_link { "link" } else { "line" },
            esc(&n.regions[c.from].id),
            esc(&n.regions[c.to].id)
        );
    }
    let emax = st.ties.iter().map(|t| t.forward_mwh + t.reverse_mwh).fold(0.0, f64::max).max(1e-9);
    let width = |t: &TieStats| 1.5 + 7.5 * ((t.forward_mwh + t.reverse_mwh) / emax).sqrt();
    let curves: Vec<Curve> = st.ties.iter().zip(&slots).map(|(t, k)| oriented(t.from, t.to, *k)).collect();
    for (t, cv) in st.ties.iter().zip(&curves).filter(|(t, _)| t.built_mw > 0.0) {
        let _ = writeln!(
            s,
            "<path class=\"build\" d=\"{}\" fill=\"none\" stroke=\"#f2c500\" stroke-width=\"{:.1}\" stroke-opacity=\"0.75\" stroke-linecap=\"round\"/>",
            path_d(cv),
            width(t) + 8.0
        );
    }
    let hours = st.hours;
    for (t, cv) in st.ties.iter().zip(&curves) {
        let _ = writeln!(
            s,
            "<path class=\"tie\" data-id=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{:.1}\" stroke-opacity=\"0.85\" stroke-linecap=\"round\"><title>{}</title></path>",
            esc(&t.id),
            path_d(cv),
            congestion_color(t.hours_congested as f64 / hours.max(1) as f64),
            width(t),
            esc(&tie_title(case, t, hours))
        );
    }
    for (t, cv) in st.ties.iter().zip(&curves) {
        if t.forward_mwh + t.reverse_mwh > 1e-6 {
            let d = arrow(cv, 3.5 + 0.6 * width(t), t.forward_mwh < t.reverse_mwh);
            let _ = writeln!(s, "<path class=\"arrow\" d=\"{d}\" fill=\"#26323f\" fill-opacity=\"0.8\"/>");
        }
    }
    labels(&mut s, case, st, &curves);
    regions(&mut s, case, sol, rh, &pos);
    legend(&mut s, case, sol, rh, h);
    s.push_str("</svg>\n");
    (s, note)
}

/// Labels of the built ties and of the ties with the highest congestion rent.
fn labels(s: &mut String, case: &Case, st: &Statistics, curves: &[Curve]) {
    let mut top: Vec<usize> = (0..st.ties.len()).filter(|&i| st.ties[i].congestion_rent_usd > 0.5).collect();
    top.sort_by(|a, b| st.ties[*b].congestion_rent_usd.total_cmp(&st.ties[*a].congestion_rent_usd).then(a.cmp(b)));
    top.truncate(if case.network.regions.len() > 12 { 8 } else { 20 });
    for (i, t) in st.ties.iter().enumerate() {
        let built = t.built_mw > 0.0;
        if !built && !top.contains(&i) {
            continue;
        }
        let ((x0, y0), (cx, cy), (x1, y1)) = curves[i];
        let (mx, my) = (0.25 * x0 + 0.5 * cx + 0.25 * x1, 0.25 * y0 + 0.5 * cy + 0.25 * y1);
        let text = if built {
            format!("+{} MW", thousands(t.built_mw, 0))
        } else {
            format!("{} h · {} M$", thousands(t.hours_congested as f64, 0), musd(t.congestion_rent_usd))
        };
        let _ = writeln!(
            s,
            "<text class=\"tie-label\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#3a1d00\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            mx + 8.0,
            my - 6.0,
            esc(&text)
        );
    }
}

/// The regions: circles by demand, coloured by price, with their ids.
fn regions(s: &mut String, case: &Case, sol: &nagrid_opf::DispatchSolution, rh: &RegionHourly, pos: &[(f64, f64)]) {
    let prices = region_prices(case, sol, rh);
    let (pmin, pmax) = price_range(&prices);
    let energy: Vec<f64> = rh.demand_mw.iter().map(|v| v.iter().sum()).collect();
    let emax = energy.iter().copied().fold(0.0, f64::max).max(1e-9);
    // Circles shrink when there are many regions; ids are written up to 60 regions
    // (beyond, the tooltips name them).
    let n = case.network.regions.len();
    let rmax = (22.0 * (32.0 / n.max(1) as f64).sqrt()).clamp(6.0, 22.0);
    for (r, reg) in case.network.regions.iter().enumerate() {
        let (x, y) = pos[r];
        let rad = rmax * (0.23 + 0.77 * (energy[r] / emax).sqrt());
        let fill = ramp(&VIRIDIS, (prices[r] - pmin) / (pmax - pmin).max(1e-9));
        let _ = writeln!(
            s,
            "<circle class=\"region\" data-id=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{rad:.1}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"1.5\"><title>{}</title></circle>",
            esc(&reg.id),
            esc(&region_title(case, rh, r, Some(prices[r])))
        );
        if n <= 60 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#1d2733\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                x + rad + 3.0,
                y + 4.0,
                esc(&reg.id)
            );
        }
    }
}

/// Colour scales and symbols under the map.
fn legend(s: &mut String, case: &Case, sol: &nagrid_opf::DispatchSolution, rh: &RegionHourly, h: f64) {
    let prices = region_prices(case, sol, rh);
    let (pmin, pmax) = price_range(&prices);
    let (lo, hi) = if prices.len() >= 20 { ("≤ ", "≥ ") } else { ("", "") };
    let y = h + 18.0;
    let _ = writeln!(s, "<g class=\"legend\" font-size=\"12\" fill=\"#333\">");
    let _ = writeln!(s, "<text x=\"20\" y=\"{:.1}\">region: load-weighted price, USD/MWh (size: demand)</text>", y - 4.0);
    for k in 0..10 {
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{:.1}\" width=\"24\" height=\"12\" fill=\"{}\"/>",
            20 + 24 * k,
            y + 4.0,
            ramp(&VIRIDIS, k as f64 / 9.0)
        );
    }
    let _ = writeln!(s, "<text x=\"20\" y=\"{:.1}\">{lo}{}</text>", y + 32.0, price(pmin));
    let _ = writeln!(s, "<text x=\"260\" y=\"{:.1}\" text-anchor=\"end\">{hi}{}</text>", y + 32.0, price(pmax));
    let _ =
        writeln!(s, "<text x=\"320\" y=\"{:.1}\">tie: share of hours at a limit (width: annual energy; arrow: net flow)</text>", y - 4.0);
    for k in 0..10 {
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{:.1}\" width=\"24\" height=\"12\" fill=\"{}\"/>",
            320 + 24 * k,
            y + 4.0,
            congestion_color(0.5 * k as f64 / 9.0)
        );
    }
    let _ = writeln!(s, "<text x=\"320\" y=\"{:.1}\">0 %</text>", y + 32.0);
    let _ = writeln!(s, "<text x=\"560\" y=\"{:.1}\" text-anchor=\"end\">≥ 50 %</text>", y + 32.0);
    let _ = writeln!(
        s,
        "<path d=\"M760 {:.1}h40\" stroke=\"#8a8f96\" stroke-width=\"1.6\" stroke-dasharray=\"5 4\"/><text x=\"808\" y=\"{:.1}\">candidate not in this run</text>",
        y + 10.0,
        y + 14.0
    );
    let _ = writeln!(
        s,
        "<path d=\"M760 {:.1}h40\" stroke=\"#f2c500\" stroke-width=\"9\" stroke-opacity=\"0.75\"/><text x=\"808\" y=\"{:.1}\">capacity built</text>",
        y + 32.0,
        y + 36.0
    );
    s.push_str("</g>\n");
}
