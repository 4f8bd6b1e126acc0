//! A nagrid [`Case`] → PyPSA's CSV folder (the files `n.export_to_csv_folder` of
//! PyPSA 1.4 writes), with the same linear programme where PyPSA can express it
//! (docs/pypsa.md): regions become buses at 500 kV, generators with their hourly
//! availability, minimum output and cost (fuel and carbon prices, derates and
//! must-run resolved per hour), unserved load one generator per bus at the value of
//! lost load, storage units, AC lines as Lines in the `dc` formulation (as Links,
//! transfer limits, in `transport`), HVDC links one or two Links, flexible loads a
//! load and a curtailment generator with an energy limit. The rest is a warning.

use super::import::BASE_MVA;
use super::tables::Notes;
use crate::results::write_csv_to;
use crate::IoError;
use nagrid_model::{Case, Formulation, Issue};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// Nominal voltage of every exported bus, kV (any value gives the same LP: x in ohm
/// scales with v_nom²; 500 kV as in benches/peer/compare_pypsa.py).
pub const V_NOM_KV: f64 = 500.0;

/// The format version written to `network.csv`.
const PYPSA_FORMAT: &str = "1.4.0";

/// Write `case` as a PyPSA CSV folder `dir` (created; must not exist). Returns what
/// was not exported (warnings naming the components).
pub fn write_pypsa(case: &Case, dir: &Path) -> Result<Vec<Issue>, IoError> {
    if dir.exists() {
        return Err(IoError::Exists(dir.display().to_string()));
    }
    fs::create_dir_all(dir).map_err(|e| IoError::file(dir, e))?;
    let mut w = Writer { dir, case, notes: Notes::default(), carriers: Vec::new(), links: Vec::new(), link_names: HashSet::new() };
    w.network()?;
    w.buses()?;
    w.generators()?;
    w.loads()?;
    w.storage()?;
    w.branches()?;
    w.carriers()?;
    w.note_rest();
    Ok(w.notes.finish())
}

/// A row of text fields.
type Row = Vec<String>;

/// A line or link as PyPSA Links see it: from bus `a` to bus `b`, `fwd` MW forward
/// and `rev` MW back, with losses and a cost per MWh sent.
#[derive(Clone, Copy)]
struct Branch<'a> {
    a: &'a str,
    b: &'a str,
    carrier: &'a str,
    fwd: f64,
    rev: f64,
    efficiency: f64,
    cost: f64,
}

struct Writer<'a> {
    dir: &'a Path,
    case: &'a Case,
    notes: Notes,
    /// Carriers used, with their CO2 intensity per MWh of primary energy.
    carriers: Vec<(String, f64)>,
    /// Rows of links.csv: name, bus0, bus1, carrier, p_nom, p_max_pu, p_min_pu, efficiency, marginal_cost.
    links: Vec<Row>,
    link_names: HashSet<String>,
}

/// A number in its shortest exact form; NaN as an empty field (PyPSA's "not set").
fn num(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        v.to_string()
    }
}

/// `name`, or `name_2`, `name_3`, ... when taken.
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut n = name.clone();
    let mut k = 2;
    while !taken.insert(n.clone()) {
        n = format!("{name}_{k}");
        k += 1;
    }
    n
}

/// The value of a series when it is the same in every hour.
fn constant(v: &[f64]) -> Option<f64> {
    let first = *v.first()?;
    v.iter().all(|x| *x == first).then_some(first)
}

impl Writer<'_> {
    fn table(&self, file: &str, header: &[&str], rows: Vec<Row>) -> Result<(), IoError> {
        let p = self.dir.join(file);
        let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
        write_csv_to(std::io::BufWriter::new(f), header, rows).map_err(|e| IoError::file(&p, e))
    }

    /// A time series `<list>-<attr>.csv`, rows numbered from 0 as PyPSA 1.4 writes them.
    fn series(&self, file: &str, columns: &[(String, Vec<f64>)]) -> Result<(), IoError> {
        if columns.is_empty() {
            return Ok(());
        }
        let mut header = vec![""];
        header.extend(columns.iter().map(|(n, _)| n.as_str()));
        let rows = (0..self.case.axis.hours).map(|t| {
            let mut row = vec![t.to_string()];
            row.extend(columns.iter().map(|(_, v)| num(v[t])));
            row
        });
        let p = self.dir.join(file);
        let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
        write_csv_to(std::io::BufWriter::new(f), &header, rows).map_err(|e| IoError::file(&p, e))
    }

    fn carrier(&mut self, name: &str, co2: f64) {
        if !self.carriers.iter().any(|(n, _)| n == name) {
            self.carriers.push((name.to_string(), co2));
        }
    }

    fn network(&self) -> Result<(), IoError> {
        self.table("network.csv", &["name", "pypsa_version"], vec![vec![self.case.name.clone(), PYPSA_FORMAT.into()]])?;
        let ax = &self.case.axis;
        let rows = (0..ax.hours)
            .map(|t| vec![t.to_string(), ax.timestamp(t).format("%Y-%m-%d %H:%M:%S").to_string(), "1".into(), "1".into(), "1".into()]);
        self.table("snapshots.csv", &["", "snapshot", "objective", "stores", "generators"], rows.collect())
    }

    fn buses(&self) -> Result<(), IoError> {
        let rows = self.case.network.regions.iter().map(|r| {
            let ic = r.interconnection.clone();
            vec![
                r.id.clone(),
                num(V_NOM_KV),
                num(r.lon_deg),
                num(r.lat_deg),
                "AC".into(),
                r.country.to_string(),
                ic,
                r.time_zone.name().into(),
            ]
        });
        self.table("buses.csv", &["name", "v_nom", "x", "y", "carrier", "country", "interconnection", "time_zone"], rows.collect())
    }

    /// Carriers with CO2 per MWh of primary energy: the technology's lowest positive
    /// intensity, so that each generator's efficiency (carrier CO2 ÷ its intensity)
    /// is at most 1.
    fn carriers(&self) -> Result<(), IoError> {
        let rows = self.carriers.iter().map(|(n, c)| vec![n.clone(), num(*c)]);
        self.table("carriers.csv", &["name", "co2_emissions"], rows.collect())
    }

    fn generators(&mut self) -> Result<(), IoError> {
        let case = self.case;
        let (n, hours) = (&case.network, case.axis.hours);
        let mut names: HashSet<String> = n.generators.iter().map(|g| g.id.clone()).collect();
        let mut rows = Vec::new();
        let (mut avail, mut pmin, mut cost) = (Vec::new(), Vec::new(), Vec::new());
        // Each technology's lowest positive intensity (0 when none emits).
        let mut lowest: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
        for gen in n.generators.iter().filter(|g| g.co2_t_per_mwh > 0.0) {
            let e = lowest.entry(gen.technology.as_str()).or_insert(f64::INFINITY);
            *e = e.min(gen.co2_t_per_mwh);
        }
        for (g, gen) in n.generators.iter().enumerate() {
            let carrier_co2 = lowest.get(gen.technology.as_str()).copied().unwrap_or(0.0);
            self.carrier(&gen.technology, carrier_co2);
            let efficiency = if gen.co2_t_per_mwh > 0.0 { carrier_co2 / gen.co2_t_per_mwh } else { 1.0 };
            if gen.co2_t_per_mwh == 0.0 && carrier_co2 > 0.0 {
                let m = "not exported: zero emissions of a generator whose technology emits (its carrier's CO2 applies in PyPSA)";
                self.notes.add("generators.csv", None, m, Some(&gen.id));
            }
            let a: Vec<f64> = (0..hours).map(|t| case.gen_availability_pu(g, t)).collect();
            let m: Vec<f64> =
                (0..hours).map(|t| if gen.p_max_mw > 0.0 { case.gen_min_output_mw(g, t) / gen.p_max_mw } else { 0.0 }).collect();
            let c: Vec<f64> = (0..hours).map(|t| case.gen_cost_usd_per_mwh(g, t)).collect();
            let fixed = |v: Vec<f64>, out: &mut Vec<(String, Vec<f64>)>, default: f64| match constant(&v) {
                Some(x) => num(x),
                None => {
                    out.push((gen.id.clone(), v));
                    num(default)
                }
            };
            rows.push(vec![
                gen.id.clone(),
                n.regions[gen.region].id.clone(),
                gen.technology.clone(),
                num(gen.p_max_mw),
                fixed(m, &mut pmin, 0.0),
                fixed(a, &mut avail, 1.0),
                fixed(c, &mut cost, 0.0),
                num(efficiency),
                num(gen.ramp_up_pu_per_h.unwrap_or(f64::NAN)),
                num(gen.ramp_down_pu_per_h.unwrap_or(f64::NAN)),
                String::new(),
            ]);
            if gen.cost_quadratic_usd_per_mw2h != 0.0 || gen.cost_constant_usd_per_h != 0.0 {
                self.notes.add("generators.csv", None, "not exported: quadratic and constant cost terms", Some(&gen.id));
            }
        }
        self.shedding(&mut names, &mut rows, &mut avail);
        let header = [
            "name",
            "bus",
            "carrier",
            "p_nom",
            "p_min_pu",
            "p_max_pu",
            "marginal_cost",
            "efficiency",
            "ramp_limit_up",
            "ramp_limit_down",
            "e_sum_max",
        ];
        self.table("generators.csv", &header, rows)?;
        self.series("generators-p_max_pu.csv", &avail)?;
        self.series("generators-p_min_pu.csv", &pmin)?;
        self.series("generators-marginal_cost.csv", &cost)
    }

    /// Unserved load (one generator per bus at the value of lost load, up to the
    /// load) and the curtailment of flexible loads (a generator at the curtailment
    /// cost, up to the flexible demand, with an energy limit).
    fn shedding(&mut self, names: &mut HashSet<String>, rows: &mut Vec<Row>, avail: &mut Vec<(String, Vec<f64>)>) {
        let case = self.case;
        let n = &case.network;
        let mut add = |name: String, bus: &str, carrier: &str, series: &[f64], cost: f64, e_sum_max: f64| {
            let peak = series.iter().copied().fold(0.0, f64::max);
            if peak <= 0.0 {
                return false;
            }
            let name = unique(name, names);
            rows.push(vec![
                name.clone(),
                bus.into(),
                carrier.into(),
                num(peak),
                "0".into(),
                "1".into(),
                num(cost),
                "1".into(),
                String::new(),
                String::new(),
                num(e_sum_max),
            ]);
            avail.push((name, series.iter().map(|v| v.max(0.0) / peak).collect()));
            true
        };
        let mut carriers = Vec::new();
        if case.settings.economics.allow_unserved {
            let voll = case.settings.economics.value_of_lost_load_usd_per_mwh;
            for (r, reg) in n.regions.iter().enumerate() {
                if add(format!("{}_unserved", reg.id), &reg.id, "unserved", &case.load_mw[r], voll, f64::NAN) {
                    carriers.push("unserved");
                }
            }
        }
        for (f, fl) in n.flexible_loads.iter().enumerate() {
            let s = &case.flex_load_mw[f];
            let energy: f64 = s.iter().sum();
            let bus = &n.regions[fl.region].id;
            if add(
                format!("{}_curtailment", fl.id),
                bus,
                "flexible_load_curtailment",
                s,
                fl.curtail_cost_usd_per_mwh,
                fl.max_curtail_share * energy,
            ) {
                carriers.push("flexible_load_curtailment");
            }
        }
        for c in carriers {
            self.carrier(c, 0.0);
        }
    }

    /// Each region's load, and each flexible load's demand, as a PyPSA Load.
    fn loads(&self) -> Result<(), IoError> {
        let case = self.case;
        let n = &case.network;
        let mut names: HashSet<String> = HashSet::new();
        let mut rows = Vec::new();
        let mut p_set = Vec::new();
        let regions = n.regions.iter().zip(&case.load_mw).map(|(r, l)| (r.id.clone(), &r.id, l));
        let flex = n.flexible_loads.iter().zip(&case.flex_load_mw).map(|(f, l)| (f.id.clone(), &n.regions[f.region].id, l));
        for (name, bus, load) in regions.chain(flex) {
            if load.iter().all(|v| *v == 0.0) {
                continue;
            }
            let name = unique(name, &mut names);
            rows.push(vec![name.clone(), bus.clone()]);
            p_set.push((name, load.clone()));
        }
        self.table("loads.csv", &["name", "bus"], rows)?;
        self.series("loads-p_set.csv", &p_set)
    }

    fn storage(&mut self) -> Result<(), IoError> {
        let n = &self.case.network;
        let mut rows = Vec::new();
        let mut set = Vec::new();
        let hours = self.case.axis.hours;
        for u in &n.storage {
            if u.p_max_mw <= 0.0 {
                self.notes.add("storage_units.csv", None, "not exported: storage without power capacity (it does nothing)", Some(&u.id));
                continue;
            }
            self.carrier(&u.technology, 0.0);
            let cyclic = u.soc_initial_pu.is_none();
            rows.push(vec![
                u.id.clone(),
                n.regions[u.region].id.clone(),
                u.technology.clone(),
                num(u.p_max_mw),
                num(u.energy_mwh / u.p_max_mw),
                num(u.efficiency_charge),
                num(u.efficiency_discharge),
                if cyclic { "True" } else { "False" }.into(),
                num(u.soc_initial_pu.unwrap_or(0.0) * u.energy_mwh),
                num(u.marginal_cost_usd_per_mwh),
            ]);
            if let Some(f) = u.soc_final_pu {
                let mut v = vec![f64::NAN; hours];
                if let Some(last) = v.last_mut() {
                    *last = f * u.energy_mwh;
                }
                set.push((u.id.clone(), v));
            }
        }
        let header = [
            "name",
            "bus",
            "carrier",
            "p_nom",
            "max_hours",
            "efficiency_store",
            "efficiency_dispatch",
            "cyclic_state_of_charge",
            "state_of_charge_initial",
            "marginal_cost",
        ];
        self.table("storage_units.csv", &header, rows)?;
        self.series("storage_units-state_of_charge_set.csv", &set)
    }

    /// A PyPSA Link for `b` (its `fwd` forward, its `rev` back), named `name`.
    fn link(&mut self, name: String, b: &Branch) {
        let p_nom = b.fwd.max(b.rev);
        let pu = |v: f64| if p_nom > 0.0 { v / p_nom } else { 0.0 };
        let name = unique(name, &mut self.link_names);
        let row = vec![
            name,
            b.a.into(),
            b.b.into(),
            b.carrier.into(),
            num(p_nom),
            num(pu(b.fwd)),
            num(0.0 - pu(b.rev)),
            num(b.efficiency),
            num(b.cost),
        ];
        self.links.push(row);
    }

    /// AC lines (Lines in `dc`, transfer-limit Links in `transport`) and HVDC links.
    fn branches(&mut self) -> Result<(), IoError> {
        let case = self.case;
        let n = &case.network;
        let rid = |i: usize| n.regions[i].id.as_str();
        self.link_names = n.lines.iter().map(|l| l.id.clone()).chain(n.links.iter().map(|k| k.id.clone())).collect();
        let dc = case.settings.model.formulation == Formulation::Dc;
        let mut lines = Vec::new();
        for l in &n.lines {
            if dc {
                self.note_line(l);
                let x = l.x_pu * l.tap_ratio * V_NOM_KV * V_NOM_KV / BASE_MVA;
                lines.push(vec![l.id.clone(), rid(l.from).into(), rid(l.to).into(), num(x), "0".into(), num(l.s_max_mw)]);
            } else {
                let (fwd, rev) = (l.s_max_mw, l.s_max_reverse_mw);
                self.two_way(
                    &l.id,
                    Branch { a: rid(l.from), b: rid(l.to), carrier: "AC", fwd, rev, efficiency: 1.0, cost: l.hurdle_usd_per_mwh },
                );
            }
        }
        for k in &n.links {
            let cost = k.wheeling_cost_usd_per_mwh + k.hurdle_usd_per_mwh;
            let (fwd, rev) = (k.p_max_forward_mw, k.p_max_reverse_mw);
            self.two_way(&k.id, Branch { a: rid(k.from), b: rid(k.to), carrier: "DC", fwd, rev, efficiency: k.efficiency, cost });
        }
        self.table("lines.csv", &["name", "bus0", "bus1", "x", "r", "s_nom"], lines)?;
        let header = ["name", "bus0", "bus1", "carrier", "p_nom", "p_max_pu", "p_min_pu", "efficiency", "marginal_cost"];
        let links = std::mem::take(&mut self.links);
        self.table("links.csv", &header, links)
    }

    /// A branch usable both ways: one bidirectional Link when lossless and free
    /// (PyPSA's reverse flow then means the same), else one Link per direction
    /// (the reverse one named `<id>_reverse`, left out when its limit is 0).
    fn two_way(&mut self, id: &str, b: Branch) {
        self.link_names.remove(id);
        if b.efficiency == 1.0 && b.cost == 0.0 {
            self.link(id.into(), &b);
            return;
        }
        self.link(id.into(), &Branch { rev: 0.0, ..b });
        if b.rev > 0.0 {
            self.link(format!("{id}_reverse"), &Branch { a: b.b, b: b.a, fwd: b.rev, rev: 0.0, ..b });
        }
    }

    /// What a PyPSA Line cannot carry.
    fn note_line(&mut self, l: &nagrid_model::Line) {
        let file = "lines.csv";
        if l.s_max_reverse_mw != l.s_max_mw {
            self.notes.add(
                file,
                None,
                "not exported: a reverse limit other than s_max_mw (a PyPSA Line's limit is symmetric; s_max_mw is used)",
                Some(&l.id),
            );
        }
        if l.hurdle_usd_per_mwh != 0.0 {
            self.notes.add(file, None, "not exported: hurdle rates on AC lines under Kirchhoff's law", Some(&l.id));
        }
        if l.phase_shift_deg != 0.0 {
            self.notes.add(file, None, "not exported: phase shifts (PyPSA models them on Transformers)", Some(&l.id));
        }
        if l.angle_min_deg.is_some() || l.angle_max_deg.is_some() {
            self.notes.add(file, None, "not exported: angle-difference limits", Some(&l.id));
        }
    }

    /// Case features PyPSA's network does not get.
    fn note_rest(&mut self) {
        let case = self.case;
        let n = &case.network;
        for b in &n.hydro_budgets {
            let m = "not exported: monthly energy budgets (hydro_budgets.csv)";
            self.notes.add("generators.csv", None, m, Some(&n.generators[b.generator].id));
        }
        for r in &n.reserves {
            self.notes.add("reserves.csv", None, "not exported: operating reserves", Some(&r.id));
        }
        let expandable = n.generators.iter().filter(|g| g.expansion.is_some()).map(|g| &g.id);
        let expandable = expandable.chain(n.lines.iter().filter(|l| l.expansion.is_some()).map(|l| &l.id));
        for id in expandable.chain(n.links.iter().filter(|l| l.expansion.is_some()).map(|l| &l.id)) {
            self.notes.add("study.toml", None, "not exported: capacity expansion (exported at the existing capacity)", Some(id));
        }
        if case.settings.solver.decomposition == nagrid_model::Decomposition::Rolling {
            let m = "not exported: the rolling-horizon decomposition (PyPSA's files hold the problem; n.optimize solves it as one LP)";
            self.notes.add("study.toml", None, m, None);
        }
    }
}
