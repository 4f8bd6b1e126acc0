//! Writing a [`Case`] back as a case folder (used for generated cases).

use crate::results::{format_timestamp, push_number};
use crate::IoError;
use nagrid_model::{Case, StudySettings};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Write `case` into `dir` (created; must not exist) in the documented case format.
pub fn write_case(dir: &Path, case: &Case) -> Result<(), IoError> {
    if dir.exists() {
        return Err(IoError::Exists(dir.display().to_string()));
    }
    let series = dir.join("series");
    fs::create_dir_all(&series).map_err(|e| IoError::file(&series, e))?;
    let w = |name: &str, text: String| -> Result<(), IoError> {
        let p = dir.join(name);
        fs::write(&p, text).map_err(|e| IoError::file(&p, e))
    };
    w("study.toml", settings_toml(&case.settings, &case.name))?;
    let n = &case.network;
    let rid = |i: usize| n.regions[i].id.as_str();
    let mut s = String::from("id,name,country,interconnection,time_zone,lat_deg,lon_deg\n");
    for r in &n.regions {
        let _ = writeln!(s, "{},{},{},{},{},{},{}", r.id, r.name, r.country, r.interconnection, r.time_zone.name(), r.lat_deg, r.lon_deg);
    }
    w("regions.csv", s)?;
    let mut s = String::from("id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n");
    for g in &n.generators {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{}",
            g.id,
            rid(g.region),
            g.technology,
            g.p_max_mw,
            g.p_min_mw,
            g.marginal_cost_usd_per_mwh,
            g.co2_t_per_mwh
        );
    }
    w("generators.csv", s)?;
    let mut s = String::from(
        "id,region,technology,p_max_mw,energy_mwh,efficiency_charge,efficiency_discharge,soc_initial_pu,soc_final_pu,marginal_cost_usd_per_mwh\n",
    );
    for u in &n.storage {
        let soc = u.soc_initial_pu.map(|v| v.to_string()).unwrap_or_default();
        let fin = u.soc_final_pu.map(|v| v.to_string()).unwrap_or_default();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{}",
            u.id,
            rid(u.region),
            u.technology,
            u.p_max_mw,
            u.energy_mwh,
            u.efficiency_charge,
            u.efficiency_discharge,
            soc,
            fin,
            u.marginal_cost_usd_per_mwh
        );
    }
    w("storage.csv", s)?;
    let mut s = String::from("id,from_region,to_region,s_max_mw,x_pu\n");
    for l in &n.lines {
        let _ = writeln!(s, "{},{},{},{},{}", l.id, rid(l.from), rid(l.to), l.s_max_mw, l.x_pu);
    }
    w("lines.csv", s)?;
    let mut s = String::from("id,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency,wheeling_cost_usd_per_mwh\n");
    for k in &n.links {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            k.id,
            rid(k.from),
            rid(k.to),
            k.kind,
            k.p_max_forward_mw,
            k.p_max_reverse_mw,
            k.efficiency,
            k.wheeling_cost_usd_per_mwh
        );
    }
    w("links.csv", s)?;
    if !n.hydro_budgets.is_empty() {
        let mut s = String::from("generator,month,energy_mwh\n");
        for b in &n.hydro_budgets {
            let _ = writeln!(s, "{},{},{}", n.generators[b.generator].id, b.month, b.energy_mwh);
        }
        w("hydro_budgets.csv", s)?;
    }
    // Series.
    let headers: Vec<&str> = n.regions.iter().map(|r| r.id.as_str()).collect();
    let cols: Vec<&[f64]> = case.load_mw.iter().map(|v| v.as_slice()).collect();
    w("series/loads-p_mw.csv", hourly_text(case, &headers, &cols, 3))?;
    let (h, c): (Vec<&str>, Vec<&[f64]>) =
        n.generators.iter().zip(&case.gen_p_max_pu).filter_map(|(g, s)| s.as_ref().map(|s| (g.id.as_str(), s.as_slice()))).unzip();
    if !h.is_empty() {
        w("series/generators-p_max_pu.csv", hourly_text(case, &h, &c, 4))?;
    }
    Ok(())
}

fn hourly_text(case: &Case, headers: &[&str], cols: &[&[f64]], decimals: usize) -> String {
    let mut s = String::with_capacity(case.axis.hours * (24 + 8 * cols.len()));
    s.push_str("timestamp");
    for h in headers {
        s.push(',');
        s.push_str(h);
    }
    s.push('\n');
    for t in 0..case.axis.hours {
        s.push_str(&format_timestamp(&case.axis, t, chrono_tz::UTC));
        for c in cols {
            s.push(',');
            push_number(&mut s, c[t], decimals);
        }
        s.push('\n');
    }
    s
}

fn settings_toml(s: &StudySettings, name: &str) -> String {
    let mut s2 = s.clone();
    s2.name = Some(name.to_string());
    toml::to_string(&s2).unwrap_or_default()
}
