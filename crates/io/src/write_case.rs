//! Writing a [`Case`] back as a case folder (generated cases, converted cases).
//!
//! Lossless: reading the folder gives the same [`Case`]. Every table's columns come
//! from [`crate::schema`]; a column is written when it is required or some row has a
//! value for it. Numbers are written in their shortest exact form and fields are
//! quoted where needed (csv::Writer).

use crate::results::{write_csv_to, write_hourly_csv};
use crate::schema::{self, TableSchema};
use crate::IoError;
use nagrid_model::{Case, Expansion, Issue, Issues, Network};
use std::fs;
use std::path::Path;

/// Write `case` into `dir` (created; must not exist) in the documented case format.
///
/// Values the format has no column for (a quadratic or constant generator cost,
/// line angle limits) are refused with [`IoError::Input`] rather than dropped.
pub fn write_case(dir: &Path, case: &Case) -> Result<(), IoError> {
    unsupported(&case.network)?;
    if dir.exists() {
        return Err(IoError::Exists(dir.display().to_string()));
    }
    let series = dir.join("series");
    fs::create_dir_all(&series).map_err(|e| IoError::file(&series, e))?;
    let p = dir.join("study.toml");
    let toml = settings_toml(dir, case).map_err(|e| IoError::file(&p, std::io::Error::other(e)))?;
    fs::write(&p, toml).map_err(|e| IoError::file(&p, e))?;
    for (table, rows) in tables(case) {
        if table.file == schema::REGIONS.file || table.file == schema::GENERATORS.file || !rows.is_empty() {
            write_table(dir, table, rows)?;
        }
    }
    write_series(dir, case)
}

/// Fields of the model the case format cannot hold.
fn unsupported(n: &Network) -> Result<(), IoError> {
    let mut issues = Issues::default();
    for g in &n.generators {
        for (col, v) in
            [("cost_quadratic_usd_per_mw2h", g.cost_quadratic_usd_per_mw2h), ("cost_constant_usd_per_h", g.cost_constant_usd_per_h)]
        {
            if v != 0.0 {
                issues.push(Issue {
                    file: "generators.csv".into(),
                    row: None,
                    column: Some(col.into()),
                    value: Some(format!("{v} ({})", g.id)),
                    message: "the case format has no such column; write_case cannot save it".into(),
                });
            }
        }
    }
    for l in &n.lines {
        if l.angle_min_deg.is_some() || l.angle_max_deg.is_some() {
            issues.push(Issue {
                file: "lines.csv".into(),
                row: None,
                column: Some("angle limits".into()),
                value: Some(l.id.clone()),
                message: "the case format has no angle-limit columns; write_case cannot save them".into(),
            });
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(IoError::Input(issues))
    }
}

/// One row: a value (empty for none) per column of the table's schema, in order.
type Row = Vec<String>;

fn num(v: f64) -> String {
    v.to_string()
}

/// A number whose default is 0, left empty when 0 (so cases without it keep their columns).
fn nonzero(v: f64) -> String {
    if v == 0.0 {
        String::new()
    } else {
        num(v)
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// The expansion columns ([`schema::EXPANSION`]) of a row.
fn expansion(e: &Option<Expansion>) -> Row {
    match e {
        None => vec![String::new(); schema::EXPANSION.own.len()],
        Some(e) => vec![
            "true".into(),
            num(e.max_added_mw),
            num(e.capital_cost_usd_per_mw),
            num(e.lifetime_years),
            num(e.discount_rate),
            num(e.fixed_om_pct_per_year),
            opt(e.build_unit_mw),
        ],
    }
}

/// A row of `storage.csv` ([`schema::STORAGE`]), with its expansion columns (E4).
fn storage_row(u: &nagrid_model::Storage, region: String, status: String) -> Row {
    let own = vec![
        u.id.clone(),
        region,
        u.technology.clone(),
        num(u.p_max_mw),
        num(u.energy_mwh),
        num(u.efficiency_charge),
        num(u.efficiency_discharge),
        opt(u.soc_initial_pu),
        opt(u.soc_final_pu),
        num(u.marginal_cost_usd_per_mwh),
        String::new(),
        String::new(),
        nonzero(u.reserve_max_pu),
        status,
    ];
    let e = match &u.expansion {
        None => vec![String::new(); 8],
        Some(e) => vec![
            "true".into(),
            num(e.max_added_power_mw),
            num(e.power_cost_usd_per_mw),
            num(e.max_added_energy_mwh),
            num(e.energy_cost_usd_per_mwh),
            num(e.lifetime_years),
            num(e.discount_rate),
            num(e.fixed_om_pct_per_year),
        ],
    };
    [own, e].concat()
}

/// Every static table with its rows.
fn tables(case: &Case) -> Vec<(&'static TableSchema, Vec<Row>)> {
    let n = &case.network;
    let rid = |i: usize| n.regions[i].id.clone();
    // A candidate switched on by id is written as a candidate, so that study.toml's
    // `[network] candidates` still names one (a candidate left off is not in the case).
    let status = |id: &str| if case.settings.network.candidates.iter().any(|c| c == id) { "candidate" } else { "" }.to_string();
    let regions = n.regions.iter().map(|r| {
        let name = if r.name == r.id { String::new() } else { r.name.clone() };
        vec![
            r.id.clone(),
            name,
            r.country.to_string(),
            r.interconnection.clone(),
            r.time_zone.name().into(),
            num(r.lat_deg),
            num(r.lon_deg),
        ]
    });
    let generators = n.generators.iter().map(|g| {
        let own = vec![
            g.id.clone(),
            rid(g.region),
            g.technology.clone(),
            num(g.p_max_mw),
            num(g.p_min_mw),
            if g.fuel.is_some() { String::new() } else { num(g.marginal_cost_usd_per_mwh) },
            g.fuel.map(|f| n.fuels[f.fuel].id.clone()).unwrap_or_default(),
            opt(g.fuel.map(|f| f.heat_rate_mmbtu_per_mwh)),
            opt(g.fuel.map(|f| f.vom_usd_per_mwh)),
            num(g.co2_t_per_mwh),
            opt(g.ramp_up_pu_per_h),
            opt(g.ramp_down_pu_per_h),
            // The series are written per generator id (a generator's own column wins over
            // its profile, which is kept as a name); service years are resolved.
            g.profile.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            nonzero(g.reserve_max_pu),
            status(&g.id),
        ];
        [own, expansion(&g.expansion)].concat()
    });
    let storage = n.storage.iter().map(|u| storage_row(u, rid(u.region), status(&u.id)));
    let lines = n.lines.iter().map(|l| {
        let own = vec![
            l.id.clone(),
            String::new(),
            rid(l.from),
            rid(l.to),
            num(l.s_max_mw),
            if l.s_max_reverse_mw == l.s_max_mw { String::new() } else { num(l.s_max_reverse_mw) },
            nonzero(l.hurdle_usd_per_mwh),
            num(l.x_pu),
            num(l.tap_ratio),
            num(l.phase_shift_deg),
            status(&l.id),
            String::new(),
            String::new(),
        ];
        [own, expansion(&l.expansion)].concat()
    });
    let links = n.links.iter().map(|k| {
        let own = vec![
            k.id.clone(),
            String::new(),
            rid(k.from),
            rid(k.to),
            k.kind.to_string(),
            num(k.p_max_forward_mw),
            num(k.p_max_reverse_mw),
            num(k.efficiency),
            num(k.wheeling_cost_usd_per_mwh),
            nonzero(k.hurdle_usd_per_mwh),
            status(&k.id),
            String::new(),
            String::new(),
        ];
        [own, expansion(&k.expansion)].concat()
    });
    let budgets =
        n.hydro_budgets.iter().map(|b| vec![n.generators[b.generator].id.clone(), b.month.to_string(), num(b.energy_mwh), String::new()]);
    let fuels =
        n.fuels.iter().map(|f| vec![f.id.clone(), if f.name == f.id { String::new() } else { f.name.clone() }, num(f.co2_t_per_mmbtu)]);
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let prices = n.fuel_prices.rows().into_iter().map(|(f, (r, y, m), p)| {
        vec![n.fuels[f].id.clone(), r.map(rid).unwrap_or_default(), int(y.map(i64::from)), int(m.map(i64::from)), num(p)]
    });
    let carbon = n.carbon_prices.rows().into_iter().map(|((r, y, m), p)| {
        let b = p.benchmark_t_per_mwh;
        let b = if b == 0.0 { String::new() } else { num(b) };
        vec![r.map(rid).unwrap_or_default(), int(y.map(i64::from)), int(m.map(i64::from)), num(p.price_usd_per_t), b]
    });
    let availability = n.availability.rows().into_iter().map(|(t, (r, y, m), d)| {
        vec![
            t.to_string(),
            r.map(rid).unwrap_or_default(),
            int(m.map(i64::from)),
            int(y.map(i64::from)),
            num(d.availability_pu),
            num(d.must_run_pu),
        ]
    });
    let flexible =
        n.flexible_loads.iter().map(|f| vec![f.id.clone(), rid(f.region), num(f.curtail_cost_usd_per_mwh), num(f.max_curtail_share)]);
    let reserves = n.reserves.iter().map(|r| vec![r.id.clone(), r.scope.clone(), num(r.load_share), num(r.contingency_mw)]);
    let shortage = n.reserves.iter().flat_map(|r| r.shortage.iter().map(|s| vec![r.id.clone(), num(s.share), num(s.price_usd_per_mwh)]));
    let requirements = n.reserves.iter().flat_map(|r| {
        r.periods.iter().map(|p| vec![r.id.clone(), int(p.year.map(i64::from)), int(p.month.map(i64::from)), num(p.contingency_mw)])
    });
    vec![
        (&schema::REGIONS, regions.collect()),
        (&schema::GENERATORS, generators.collect()),
        (&schema::STORAGE, storage.collect()),
        (&schema::LINES, lines.collect()),
        (&schema::LINKS, links.collect()),
        (&schema::HYDRO_BUDGETS, budgets.collect()),
        (&schema::FLEXIBLE_LOADS, flexible.collect()),
        (&schema::FUELS, fuels.collect()),
        (&schema::FUEL_PRICES, prices.collect()),
        (&schema::CARBON_PRICES, carbon.collect()),
        (&schema::AVAILABILITY, availability.collect()),
        (&schema::RESERVES, reserves.collect()),
        (&schema::RESERVE_REQUIREMENTS, requirements.collect()),
        (&schema::RESERVE_SHORTAGE, shortage.collect()),
    ]
}

/// Write one table: the required columns and the optional ones some row fills.
fn write_table(dir: &Path, table: &TableSchema, rows: Vec<Row>) -> Result<(), IoError> {
    let columns: Vec<&schema::Column> = table.columns().collect();
    debug_assert!(rows.iter().all(|r| r.len() == columns.len()), "{}: rows do not match the schema", table.file);
    let keep: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].need.is_required() || rows.iter().any(|r| r.get(i).is_some_and(|v| !v.is_empty())))
        .collect();
    let header: Vec<&str> = keep.iter().map(|&i| columns[i].name).collect();
    let rows = rows.into_iter().map(|r| keep.iter().map(|&i| r.get(i).cloned().unwrap_or_default()).collect::<Vec<String>>());
    let p = dir.join(table.file);
    let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
    write_csv_to(f, &header, rows).map_err(|e| IoError::file(&p, e))
}

/// The hourly series, every value in its shortest exact form.
fn write_series(dir: &Path, case: &Case) -> Result<(), IoError> {
    let n = &case.network;
    let regions: Vec<&str> = n.regions.iter().map(|r| r.id.as_str()).collect();
    let loads: Vec<&[f64]> = case.load_mw.iter().map(|v| v.as_slice()).collect();
    let (gens, avail): (Vec<&str>, Vec<&[f64]>) =
        n.generators.iter().zip(&case.gen_p_max_pu).filter_map(|(g, s)| s.as_ref().map(|s| (g.id.as_str(), s.as_slice()))).unzip();
    let flex: Vec<&str> = n.flexible_loads.iter().map(|f| f.id.as_str()).collect();
    let flex_mw: Vec<&[f64]> = case.flex_load_mw.iter().map(|v| v.as_slice()).collect();
    let files = [
        ("series/loads-p_mw.csv", regions, loads),
        ("series/generators-p_max_pu.csv", gens, avail),
        ("series/flexible_loads-p_mw.csv", flex, flex_mw),
    ];
    for (i, (file, headers, cols)) in files.into_iter().enumerate() {
        if i > 0 && headers.is_empty() {
            continue;
        }
        let p = dir.join(file);
        let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
        let number = |s: &mut String, v: f64| {
            use std::fmt::Write as _;
            let _ = write!(s, "{v}");
        };
        write_hourly_csv(f, &case.axis, chrono_tz::UTC, &headers, &cols, number).map_err(|e| IoError::file(&p, e))?;
    }
    Ok(())
}

/// `study.toml`: the case's settings, named after the case unless the folder's name
/// already gives it.
fn settings_toml(dir: &Path, case: &Case) -> Result<String, toml::ser::Error> {
    let mut s = case.settings.clone();
    if s.name.is_none() && dir.file_name().and_then(|f| f.to_str()) != Some(case.name.as_str()) {
        s.name = Some(case.name.clone());
    }
    toml::to_string(&s)
}
