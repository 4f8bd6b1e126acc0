//! Weeks shown in dispatch stacks (the peak week of a group of regions, and a chosen
//! week: `[output] report_week` or the week of the lowest net load) and the stacks'
//! layers for a group of regions.

use crate::chart::{tech_color, Layer, Stack, WeekAxis, TRADE_COLOR, UNSERVED_COLOR};
use crate::hourly::RegionHourly;
use crate::statistics::CURTAILABLE;
use chrono::{TimeZone, Timelike};
use chrono_tz::Tz;
use nagrid_model::technology::merit_rank;
use nagrid_model::Case;
use nagrid_opf::{Asset, DispatchSolution};
use std::collections::BTreeMap;

/// Hours in a week.
pub const WEEK: usize = 168;

/// Hours `start .. start + len` of a horizon and their calendar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Week {
    /// First hour.
    pub start: usize,
    /// Hours (a week, or the horizon when shorter).
    pub len: usize,
    /// Calendar.
    pub axis: WeekAxis,
}

/// The output time zone of `case`.
pub fn output_tz(case: &Case) -> Tz {
    case.settings.time.output_time_zone.parse().unwrap_or(chrono_tz::UTC)
}

fn week_at(case: &Case, start: usize) -> Week {
    let len = case.axis.hours.min(WEEK);
    let start = start.min(case.axis.hours - len);
    Week { start, len, axis: WeekAxis::new(&case.axis, output_tz(case), start, len) }
}

/// Hour of the local midnight at or before hour `t`, `days` days earlier.
fn midnight_before(case: &Case, t: usize, days: usize) -> usize {
    let local = case.axis.timestamp(t).with_timezone(&output_tz(case));
    t.saturating_sub(local.hour() as usize + 24 * days)
}

/// The week around the hour of highest load of `regions`, from the local midnight
/// three days before it.
pub fn peak_week(case: &Case, rh: &RegionHourly, regions: &[usize]) -> Week {
    let h = case.axis.hours;
    let load = |t: usize| regions.iter().map(|&r| rh.demand_mw[r][t]).sum::<f64>();
    let peak = (0..h).max_by(|a, b| load(*a).total_cmp(&load(*b)).then(b.cmp(a))).unwrap_or(0);
    week_at(case, midnight_before(case, peak, 3))
}

/// The week of `[output] report_week`, or of the lowest net load of the system (load
/// minus available wind and solar), from a local midnight; with a note when the
/// configured week is outside the horizon.
pub fn chosen_week(case: &Case, rh: &RegionHourly) -> (Week, Option<String>) {
    let tz = output_tz(case);
    let mut note = None;
    if let Some(day) = case.settings.output.report_week_date() {
        let start = day.and_hms_opt(0, 0, 0).and_then(|d| tz.from_local_datetime(&d).earliest());
        match start.and_then(|s| case.axis.index_of(s.with_timezone(&chrono::Utc))) {
            Some(t) => return (week_at(case, t), None),
            None => note = Some(format!("[output] report_week = {day} is outside the horizon; the week of lowest net load is shown")),
        }
    }
    let h = case.axis.hours;
    let n = &case.network;
    let mut net: Vec<f64> = (0..h).map(|t| rh.demand_mw.iter().map(|d| d[t]).sum()).collect();
    let derates = case.gen_derates();
    for (g, gen) in n.generators.iter().enumerate() {
        if CURTAILABLE.contains(&gen.technology.as_str()) {
            for (t, v) in net.iter_mut().enumerate() {
                *v -= derates.available_mw(case, g, t);
            }
        }
    }
    let len = h.min(WEEK);
    let mut best = (f64::INFINITY, 0);
    let mut sum: f64 = net[..len].iter().sum();
    for s in 0..=h - len {
        if s > 0 {
            sum += net[s + len - 1] - net[s - 1];
        }
        let local = case.axis.timestamp(s).with_timezone(&tz);
        if (local.hour() == 0 || h <= WEEK) && sum < best.0 {
            best = (sum, s);
        }
    }
    (week_at(case, best.1), note)
}

/// Add `v` (hours of the week) to the layer `key`.
fn add_to(layers: &mut BTreeMap<(usize, String), Vec<f64>>, key: (usize, String), len: usize, v: impl Iterator<Item = f64>) {
    let l = layers.entry(key).or_insert_with(|| vec![0.0; len]);
    for (a, x) in l.iter_mut().zip(v) {
        *a += x;
    }
}

/// Sum over `regions` of a per-region series in the week.
fn sum_over(series: &[Vec<f64>], regions: &[usize], w: &Week) -> Vec<f64> {
    (w.start..w.start + w.len).map(|t| regions.iter().map(|&r| series[r][t]).sum()).collect()
}

/// The dispatch stack of `regions` in `week`.
pub fn stack(case: &Case, sol: &DispatchSolution, rh: &RegionHourly, regions: &[usize], week: Week, title: String) -> Stack {
    let n = &case.network;
    let (a, len) = (week.start, week.len);
    let mut inside = vec![false; n.regions.len()];
    for &r in regions {
        inside[r] = true;
    }
    let mut gen: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
    let mut curtailed = vec![0.0; len];
    for (g, unit) in n.generators.iter().enumerate().filter(|(_, u)| inside[u.region]) {
        let p = &sol.gen_p_mw[g][a..a + len];
        add_to(&mut gen, (merit_rank(&unit.technology), unit.technology.clone()), len, p.iter().copied());
        if CURTAILABLE.contains(&unit.technology.as_str()) {
            let built = sol.expansion.built_mw(Asset::Generator(g));
            for (k, c) in curtailed.iter_mut().enumerate() {
                let t = a + k;
                *c += (case.gen_available_mw(g, t) + case.gen_availability_pu(g, t) * built - p[k]).max(0.0);
            }
        }
    }
    let mut discharge: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
    let mut charge: BTreeMap<(usize, String), Vec<f64>> = BTreeMap::new();
    for (s, u) in n.storage.iter().enumerate().filter(|(_, u)| inside[u.region]) {
        let key = (merit_rank(&u.technology), u.technology.clone());
        add_to(&mut discharge, key.clone(), len, sol.storage_discharge_mw[s][a..a + len].iter().copied());
        add_to(&mut charge, key, len, sol.storage_charge_mw[s][a..a + len].iter().copied());
    }
    let net = sum_over(&rh.net_export_mw, regions, &week);
    let unserved = sum_over(&sol.unserved_mw, regions, &week);
    let demand = sum_over(&rh.demand_mw, regions, &week);
    let flex_cut = sum_over(&rh.flexible_curtailed_mw, regions, &week);
    let mut above: Vec<Layer> = Vec::new();
    let mut i = 0;
    let mut push = |to: &mut Vec<Layer>, name: String, color: Option<plotters::style::RGBColor>, values: Vec<f64>| {
        if values.iter().any(|v| *v > 1e-6) {
            to.push(Layer { color: color.unwrap_or_else(|| tech_color(&name, i)), name, values });
        }
        i += 1;
    };
    for ((_, t), v) in gen {
        push(&mut above, t, None, v);
    }
    for ((_, t), v) in &discharge {
        push(&mut above, format!("{t} discharge"), Some(tech_color(t, 0)), v.clone());
    }
    push(&mut above, "net imports".into(), Some(TRADE_COLOR), net.iter().map(|v| (-v).max(0.0)).collect());
    push(&mut above, "unserved energy".into(), Some(UNSERVED_COLOR), unserved);
    let mut below: Vec<Layer> = Vec::new();
    for ((_, t), v) in charge {
        let color = tech_color(&t, 0);
        push(&mut below, format!("{t} charging"), Some(color), v);
    }
    let exports = if regions.len() == n.regions.len() {
        "link losses"
    } else if regions.len() > 1 {
        "net exports (+ losses)"
    } else {
        "net exports"
    };
    push(&mut below, exports.into(), Some(TRADE_COLOR), net.iter().map(|v| v.max(0.0)).collect());
    let load = demand.iter().zip(&flex_cut).map(|(d, c)| d - c).collect();
    Stack { title, axis: week.axis, above, below, curtailed, load }
}
