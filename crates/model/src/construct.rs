//! Building a case in code: constructors with the defaults of the case format
//! (docs/case-format.md), and [`Case::validate`], the checks a case must pass before
//! it reaches the solver whether it came from a case folder or from a program.

use crate::limits::{self, within};
use crate::network::{Case, Country, FlexibleLoad, Generator, Link, LinkKind, Network, Region, Storage};
use crate::{Issue, Issues, StudySettings, TimeAxis};

impl Region {
    /// A region of `country` in the synchronous `interconnection`, named by its id,
    /// in UTC, without coordinates.
    pub fn new(id: impl Into<String>, country: Country, interconnection: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            country,
            interconnection: interconnection.into(),
            time_zone: chrono_tz::UTC,
            lat_deg: 0.0,
            lon_deg: 0.0,
        }
    }
}

impl Generator {
    /// A generator of `technology` in region `region` (an index into
    /// [`Network::regions`]) with `p_max_mw` of capacity at `marginal_cost_usd_per_mwh`;
    /// no minimum output, emissions, ramp limits or expansion.
    pub fn new(id: impl Into<String>, region: usize, technology: impl Into<String>, p_max_mw: f64, marginal_cost_usd_per_mwh: f64) -> Self {
        Self {
            id: id.into(),
            region,
            technology: technology.into(),
            p_max_mw,
            p_min_mw: 0.0,
            marginal_cost_usd_per_mwh,
            fuel: None,
            profile: None,
            co2_t_per_mwh: 0.0,
            cost_quadratic_usd_per_mw2h: 0.0,
            cost_constant_usd_per_h: 0.0,
            ramp_up_pu_per_h: None,
            ramp_down_pu_per_h: None,
            reserve_max_pu: 0.0,
            expansion: None,
        }
    }
}

impl Storage {
    /// A battery of `p_max_mw` and `energy_mwh` with the same efficiency both ways,
    /// cyclic over the horizon, without wear cost.
    pub fn new(id: impl Into<String>, region: usize, p_max_mw: f64, energy_mwh: f64, efficiency: f64) -> Self {
        Self {
            id: id.into(),
            region,
            technology: crate::technology::BATTERY.into(),
            p_max_mw,
            energy_mwh,
            efficiency_charge: efficiency,
            efficiency_discharge: efficiency,
            soc_initial_pu: None,
            soc_final_pu: None,
            marginal_cost_usd_per_mwh: 0.0,
            reserve_max_pu: 0.0,
            expansion: None,
        }
    }
}

impl Link {
    /// A lossless HVDC link of `p_max_mw` in both directions, without wheeling cost.
    pub fn new(id: impl Into<String>, from: usize, to: usize, p_max_mw: f64) -> Self {
        Self {
            id: id.into(),
            from,
            to,
            kind: LinkKind::Hvdc,
            p_max_forward_mw: p_max_mw,
            p_max_reverse_mw: p_max_mw,
            efficiency: 1.0,
            wheeling_cost_usd_per_mwh: 0.0,
            hurdle_usd_per_mwh: 0.0,
            expansion: None,
        }
    }
}

impl Case {
    /// A case of `network` over `axis` with hourly `load_mw[region][hour]`, every
    /// generator always available and no flexible load; settings are the defaults
    /// of `study.toml` for the axis's year with the horizon set to the axis.
    pub fn new(name: impl Into<String>, network: Network, axis: TimeAxis, load_mw: Vec<Vec<f64>>) -> Self {
        let mut settings = StudySettings::for_year(axis.start_year());
        settings.horizon.start = Some(axis.start.to_rfc3339());
        settings.horizon.hours = Some(axis.hours);
        let gen_p_max_pu = vec![None; network.generators.len()];
        Self {
            name: name.into(),
            settings,
            network,
            axis,
            load_mw,
            gen_p_max_pu,
            flex_load_mw: Vec::new(),
            datacenter_mw: Vec::new(),
            load_origin: None,
        }
    }

    /// Every problem that keeps this case from the solver: indexes that point
    /// nowhere, numbers that are not finite or beyond [`limits`] (an infinite line
    /// rating means no limit), a reactance too small for the dc formulation,
    /// efficiencies outside (0, 1], minimums above maximums, and series whose length
    /// is not the horizon's or whose values are not finite and in range.
    ///
    /// These are the solver's needs, looser than the rules of a case folder (which
    /// `nagrid-io` applies when reading): MATPOWER cases have negative loads,
    /// minimum outputs and reactances, and lines without limits. A case read by
    /// `nagrid-io` passes them; a case built in code should be checked before it is
    /// dispatched (`nagrid_opf::dispatch` does).
    pub fn validate(&self) -> Result<(), Issues> {
        let mut issues = Issues::default();
        let n = &self.network;
        let regions = n.regions.len();
        let (mw, usd) = (limits::MAX_MW, limits::MAX_COST_USD);
        let mut found: Vec<(String, String, String, String)> = Vec::new();
        let mut check = |kind: &str, id: &str, field: &str, v: f64, ok: bool, rule: &str| {
            if !ok {
                found.push((format!("{kind} '{id}'"), field.to_string(), v.to_string(), rule.to_string()));
            }
        };
        let bounded = |v: f64, max: f64| within(v, max);
        let region = |r: usize| r < regions;
        let idx = "must be the index of a region of the network";
        let big = "must be finite and within the bounds of limits.rs";
        for g in &n.generators {
            check("generator", &g.id, "region", g.region as f64, region(g.region), idx);
            for (f, v, max) in [
                ("p_max_mw", g.p_max_mw, mw),
                ("p_min_mw", g.p_min_mw, mw),
                ("marginal_cost_usd_per_mwh", g.marginal_cost_usd_per_mwh, usd),
                ("co2_t_per_mwh", g.co2_t_per_mwh, usd),
                ("cost_quadratic_usd_per_mw2h", g.cost_quadratic_usd_per_mw2h, usd),
                ("cost_constant_usd_per_h", g.cost_constant_usd_per_h, usd),
            ] {
                check("generator", &g.id, f, v, bounded(v, max), big);
            }
            check(
                "generator",
                &g.id,
                "p_min_mw",
                g.p_min_mw,
                g.p_min_mw.partial_cmp(&g.p_max_mw) != Some(std::cmp::Ordering::Greater),
                "must not exceed p_max_mw",
            );
        }
        for u in &n.storage {
            check("storage", &u.id, "region", u.region as f64, region(u.region), idx);
            check("storage", &u.id, "p_max_mw", u.p_max_mw, bounded(u.p_max_mw, mw) && u.p_max_mw >= 0.0, "must be from 0 to 1e9 MW");
            let empty_candidate = u.energy_mwh == 0.0 && u.expansion.as_ref().is_some_and(|e| e.max_added_energy_mwh > 0.0);
            let ok = bounded(u.energy_mwh, mw) && (u.energy_mwh > 0.0 || empty_candidate);
            check("storage", &u.id, "energy_mwh", u.energy_mwh, ok, "must be in (0, 1e9] MWh (0 only when energy may be added)");
            for (f, v) in [("efficiency_charge", u.efficiency_charge), ("efficiency_discharge", u.efficiency_discharge)] {
                check("storage", &u.id, f, v, v > 0.0 && v <= 1.0, "must be in (0, 1]");
            }
        }
        for l in &n.lines {
            check("line", &l.id, "from", l.from as f64, region(l.from), idx);
            check("line", &l.id, "to", l.to as f64, region(l.to), idx);
            let rating_ok = l.s_max_mw == f64::INFINITY || bounded(l.s_max_mw, mw) && l.s_max_mw >= 0.0;
            check("line", &l.id, "s_max_mw", l.s_max_mw, rating_ok, "must be from 0 to 1e9 MW, or infinite for no limit");
            let x = (l.x_pu * l.tap_ratio).abs();
            check(
                "line",
                &l.id,
                "x_pu",
                l.x_pu,
                (limits::MIN_X_PU..=limits::MAX_X_PU).contains(&x),
                "|x_pu × tap_ratio| must be from 1e-6 to 1e6",
            );
            check("line", &l.id, "phase_shift_deg", l.phase_shift_deg, bounded(l.phase_shift_deg, 360.0), "must be within ±360 degrees");
        }
        for k in &n.links {
            check("link", &k.id, "from", k.from as f64, region(k.from), idx);
            check("link", &k.id, "to", k.to as f64, region(k.to), idx);
            for (f, v) in [("p_max_forward_mw", k.p_max_forward_mw), ("p_max_reverse_mw", k.p_max_reverse_mw)] {
                check("link", &k.id, f, v, bounded(v, mw) && v >= 0.0, "must be from 0 to 1e9 MW");
            }
            check("link", &k.id, "efficiency", k.efficiency, k.efficiency > 0.0 && k.efficiency <= 1.0, "must be in (0, 1]");
            check("link", &k.id, "wheeling_cost_usd_per_mwh", k.wheeling_cost_usd_per_mwh, bounded(k.wheeling_cost_usd_per_mwh, usd), big);
        }
        for f in &n.flexible_loads {
            check("flexible load", &f.id, "region", f.region as f64, region(f.region), idx);
            check(
                "flexible load",
                &f.id,
                "curtail_cost_usd_per_mwh",
                f.curtail_cost_usd_per_mwh,
                bounded(f.curtail_cost_usd_per_mwh, usd),
                big,
            );
            let share = f.max_curtail_share;
            check("flexible load", &f.id, "max_curtail_share", share, (0.0..=1.0).contains(&share), "must be in [0, 1]");
        }
        for (i, b) in n.hydro_budgets.iter().enumerate() {
            let ok = b.generator < n.generators.len() && (1..=12).contains(&b.month) && bounded(b.energy_mwh, mw) && b.energy_mwh >= 0.0;
            check("hydro budget", &i.to_string(), "energy_mwh", b.energy_mwh, ok, "needs a generator index, a month 1-12 and 0 to 1e9 MWh");
        }
        found.extend(reserve_problems(n));
        let listed = found.len().min(limits::MAX_ISSUES_PER_FILE);
        for (file, column, value, message) in found.drain(..listed) {
            issues.push(Issue { file, row: None, column: Some(column), value: Some(value), message });
        }
        if !found.is_empty() {
            issues.push(Issue::file("case", format!("… and {} more problems with its components", found.len())));
        }
        self.validate_series(&mut issues);
        self.validate_fuel_prices(&mut issues);
        if issues.is_empty() {
            Ok(())
        } else {
            Err(issues)
        }
    }

    /// The hourly series: one per component, each as long as the horizon, with
    /// finite values in range.
    fn validate_series(&self, issues: &mut Issues) {
        let n = &self.network;
        let h = self.axis.hours;
        if h == 0 || h > limits::MAX_HOURS {
            issues.push(Issue::file("time axis", format!("{h} hours: a horizon has 1 to {} hours", limits::MAX_HOURS)));
        }
        let mut series = |what: &str, count: usize, want: usize, lens: Vec<usize>| {
            if count != want {
                issues.push(Issue::file(what, format!("{count} series for {want} components: one per component")));
            }
            if let Some((i, len)) = lens.into_iter().enumerate().find(|&(_, len)| len != h) {
                issues.push(Issue::file(what, format!("series {i} has {len} hours, the horizon {h}")));
            }
        };
        series("load_mw", self.load_mw.len(), n.regions.len(), self.load_mw.iter().map(Vec::len).collect());
        series("gen_p_max_pu", self.gen_p_max_pu.len(), n.generators.len(), self.gen_p_max_pu.iter().flatten().map(Vec::len).collect());
        series("flex_load_mw", self.flex_load_mw.len(), n.flexible_loads.len(), self.flex_load_mw.iter().map(Vec::len).collect());
        // A negative load is an injection (MATPOWER allows it).
        let load_ok = |v: f64| within(v, limits::MAX_MW);
        let mw_ok = |v: f64| within(v, limits::MAX_MW) && v >= 0.0;
        let mut values = |what: &str, rows: &[Vec<f64>], ok: &dyn Fn(f64) -> bool, rule: &str| {
            for (i, row) in rows.iter().enumerate() {
                if let Some((t, v)) = row.iter().enumerate().find(|(_, v)| !ok(**v)) {
                    let v = *v;
                    let v = if v.is_finite() && (v.abs() >= 1e9 || v != 0.0 && v.abs() < 1e-6) { format!("{v:e}") } else { v.to_string() };
                    issues.push(Issue::file(what, format!("series {i}, hour {t}: {v} {rule}")));
                }
            }
        };
        values("load_mw", &self.load_mw, &load_ok, "is not a load from -1e9 to 1e9 MW");
        values("flex_load_mw", &self.flex_load_mw, &mw_ok, "is not a load from 0 to 1e9 MW");
        let avail: Vec<Vec<f64>> = self.gen_p_max_pu.iter().flatten().cloned().collect();
        values("gen_p_max_pu", &avail, &|v| (0.0..=1.0).contains(&v), "is not a fraction in [0, 1]");
    }
}

/// Problems of the reserve and hurdle fields that keep a case from the solver, as
/// (component, field, value, rule); used by `Case::validate`.
pub(crate) fn reserve_problems(n: &Network) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let mut push = |kind: &str, id: &str, f: &str, v: f64, ok: bool, rule: &str| {
        if !ok {
            out.push((format!("{kind} '{id}'"), f.to_string(), v.to_string(), rule.to_string()));
        }
    };
    let share = |v: f64| (0.0..=1.0).contains(&v);
    for g in &n.generators {
        push("generator", &g.id, "reserve_max_pu", g.reserve_max_pu, share(g.reserve_max_pu), "must be in [0, 1]");
    }
    for u in &n.storage {
        push("storage", &u.id, "reserve_max_pu", u.reserve_max_pu, share(u.reserve_max_pu), "must be in [0, 1]");
    }
    for l in &n.lines {
        let r = l.s_max_reverse_mw;
        let ok = r == f64::INFINITY || within(r, limits::MAX_MW) && r >= 0.0;
        push("line", &l.id, "s_max_reverse_mw", r, ok, "must be from 0 to 1e9 MW, or infinite for no limit");
        let h = l.hurdle_usd_per_mwh;
        push("line", &l.id, "hurdle_usd_per_mwh", h, within(h, limits::MAX_COST_USD) && h >= 0.0, "must be from 0 to 1e9 USD/MWh");
    }
    for k in &n.links {
        let h = k.hurdle_usd_per_mwh;
        push("link", &k.id, "hurdle_usd_per_mwh", h, within(h, limits::MAX_COST_USD) && h >= 0.0, "must be from 0 to 1e9 USD/MWh");
    }
    for r in &n.reserves {
        let ok = r.regions.iter().all(|&i| i < n.regions.len());
        push("reserve", &r.id, "regions", r.regions.len() as f64, ok, "must be indices of regions of the network");
    }
    for r in &n.reserves {
        for f in r.check().into_iter().chain(r.shortage.iter().flat_map(crate::reserves::ShortageSegment::check)) {
            out.push((format!("reserve '{}'", r.id), f.column, f.value, f.message));
        }
    }
    out
}

impl FlexibleLoad {
    /// A flexible load in `region` that may be curtailed at `curtail_cost_usd_per_mwh`
    /// for up to `max_curtail_share` of its energy over the horizon.
    pub fn new(id: impl Into<String>, region: usize, curtail_cost_usd_per_mwh: f64, max_curtail_share: f64) -> Self {
        Self { id: id.into(), region, curtail_cost_usd_per_mwh, max_curtail_share }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Line;
    use chrono::TimeZone;

    fn two_regions() -> Case {
        let network = Network {
            regions: vec![Region::new("north", Country::CA, "east"), Region::new("south", Country::US, "east")],
            generators: vec![Generator::new("hydro", 0, "hydro_reservoir", 500.0, 5.0), Generator::new("gas", 1, "gas_cc", 500.0, 40.0)],
            lines: vec![Line::new("north_south", 0, 1, 100.0, 0.1)],
            ..Network::default()
        };
        let axis = TimeAxis::new(chrono::Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(), 2);
        Case::new("two", network, axis, vec![vec![50.0, 60.0], vec![300.0, 350.0]])
    }

    #[test]
    fn a_case_built_with_the_constructors_is_valid() {
        let c = two_regions();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.settings.horizon.hours, Some(2));
        assert_eq!(c.gen_p_max_pu, vec![None, None]);
    }

    #[test]
    fn validate_names_what_would_break_the_solver() {
        let mut c = two_regions();
        c.network.generators[1].region = 7;
        c.network.generators[0].p_max_mw = f64::NAN;
        c.load_mw[1][1] = 1e20;
        c.load_mw[0].pop();
        c.gen_p_max_pu[0] = Some(vec![0.5, 1.5]);
        c.network.flexible_loads.push(FlexibleLoad::new("dc", 0, 500.0, 0.1));
        let found = c.validate().unwrap_err();
        let text = found.to_string();
        for needle in ["generator 'gas'", "index of a region", "generator 'hydro'", "series 0 has 1 hours", "1e20", "1.5", "flex_load_mw"] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
    }
}
