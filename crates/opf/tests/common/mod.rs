//! Shared fixtures: the tiny three-country case built in code, and random small
//! cases for property tests.
#![allow(dead_code, clippy::needless_range_loop, clippy::field_reassign_with_default)]

use chrono::{TimeZone, Utc};
use nagrid_model::*;

pub fn region(id: &str, country: Country, ic: &str) -> Region {
    Region { id: id.into(), name: id.into(), country, interconnection: ic.into(), time_zone: chrono_tz::UTC, lat_deg: 0.0, lon_deg: 0.0 }
}

pub fn gen(id: &str, region: usize, tech: &str, p_max: f64, p_min: f64, cost: f64, co2: f64) -> Generator {
    Generator { p_min_mw: p_min, co2_t_per_mwh: co2, ..Generator::new(id, region, tech, p_max, cost) }
}

pub fn axis(hours: usize) -> TimeAxis {
    TimeAxis::new(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(), hours)
}

/// inputs/tiny with 100 MW of flexible data-center demand in Mexico every hour,
/// curtailable at `cost` USD/MWh up to `share` of its energy.
pub fn tiny_with_flexible_load(cost: f64, share: f64) -> Case {
    let mut case = tiny();
    case.network.flexible_loads.push(FlexibleLoad {
        id: "mx_dc".into(),
        region: 2,
        curtail_cost_usd_per_mwh: cost,
        max_curtail_share: share,
    });
    case.flex_load_mw = vec![vec![100.0; case.axis.hours]];
    case
}

/// The same case as inputs/tiny (see docs/formulation.md, worked example).
pub fn tiny() -> Case {
    let mut n = Network::default();
    n.regions = vec![region("usa", Country::US, "Eastern"), region("can", Country::CA, "Eastern"), region("mex", Country::MX, "SIN")];
    n.generators = vec![
        gen("can_hydro", 1, "hydro_reservoir", 1000.0, 0.0, 5.0, 0.0),
        gen("usa_nuclear", 0, "nuclear", 500.0, 500.0, 10.0, 0.0),
        gen("usa_gas", 0, "gas_cc", 2000.0, 0.0, 40.0, 0.37),
        gen("usa_solar", 0, "solar", 400.0, 0.0, 0.0, 0.0),
        gen("mex_gas", 2, "gas_cc", 500.0, 0.0, 30.0, 0.37),
        gen("mex_peaker", 2, "oil", 300.0, 0.0, 100.0, 0.7),
    ];
    n.storage = vec![Storage {
        id: "mex_battery".into(),
        region: 2,
        technology: "battery".into(),
        p_max_mw: 50.0,
        energy_mwh: 100.0,
        efficiency_charge: 0.9,
        efficiency_discharge: 0.9,
        soc_initial_pu: None,
        soc_final_pu: None,
        marginal_cost_usd_per_mwh: 0.0,
        reserve_max_pu: 0.0,
        expansion: None,
    }];
    n.lines = vec![Line::new("can_usa", 1, 0, 500.0, 0.01)];
    n.links = vec![Link {
        id: "usa_mex".into(),
        from: 0,
        to: 2,
        kind: LinkKind::BackToBack,
        p_max_forward_mw: 200.0,
        p_max_reverse_mw: 200.0,
        efficiency: 0.97,
        wheeling_cost_usd_per_mwh: 0.0,
        hurdle_usd_per_mwh: 0.0,
        expansion: None,
    }];
    let mut settings = StudySettings::for_year(2030);
    settings.economics.value_of_lost_load_usd_per_mwh = 3000.0;
    let mut gen_p_max_pu = vec![None; 6];
    gen_p_max_pu[3] = Some(vec![0.0, 0.5, 1.0, 0.25]);
    Case {
        name: "tiny".into(),
        settings,
        network: n,
        axis: axis(4),
        load_mw: vec![vec![1500.0, 1800.0, 2200.0, 1600.0], vec![300.0; 4], vec![600.0, 650.0, 750.0, 650.0]],
        gen_p_max_pu,
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}

/// SplitMix64 for reproducible random cases.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.next()
    }
}

/// A random connected case: `r` regions, `h` hours, generators, storage, lines, links.
pub fn random_case(seed: u64, r: usize, h: usize) -> Case {
    let mut rng = Rng(seed);
    let mut n = Network::default();
    for i in 0..r {
        n.regions.push(region(&format!("r{i}"), Country::ALL[i % 3], "X"));
        for j in 0..3 {
            let p_max = rng.range(50.0, 400.0).round();
            let p_min = if rng.next() < 0.2 { (0.3 * p_max).round() } else { 0.0 };
            n.generators.push(gen(&format!("g{i}_{j}"), i, "t", p_max, p_min, rng.range(0.0, 120.0).round(), 0.5));
        }
        if rng.next() < 0.6 {
            n.storage.push(Storage {
                id: format!("s{i}"),
                region: i,
                technology: "battery".into(),
                p_max_mw: rng.range(10.0, 80.0).round(),
                energy_mwh: rng.range(20.0, 300.0).round(),
                efficiency_charge: rng.range(0.8, 1.0),
                efficiency_discharge: rng.range(0.8, 1.0),
                soc_initial_pu: if rng.next() < 0.5 { None } else { Some(rng.range(0.0, 1.0)) },
                soc_final_pu: None,
                marginal_cost_usd_per_mwh: rng.range(0.0, 3.0),
                reserve_max_pu: 0.0,
                expansion: None,
            });
        }
    }
    for i in 1..r {
        let j = (rng.next() * i as f64) as usize;
        n.lines.push(Line::new(format!("l{i}"), j, i, rng.range(20.0, 300.0).round(), 0.01));
    }
    for i in 0..r / 2 {
        let a = (rng.next() * r as f64) as usize % r;
        let b = (a + 1 + (rng.next() * (r - 1) as f64) as usize) % r;
        n.links.push(Link {
            id: format!("k{i}"),
            from: a,
            to: b,
            kind: LinkKind::Hvdc,
            p_max_forward_mw: rng.range(0.0, 200.0).round(),
            p_max_reverse_mw: rng.range(0.0, 200.0).round(),
            efficiency: rng.range(0.9, 1.0),
            wheeling_cost_usd_per_mwh: rng.range(0.0, 2.0),
            hurdle_usd_per_mwh: 0.0,
            expansion: None,
        });
    }
    let load_mw = (0..r).map(|_| (0..h).map(|_| rng.range(100.0, 700.0).round()).collect()).collect();
    let gen_p_max_pu =
        n.generators.iter().map(|_| if rng.next() < 0.3 { Some((0..h).map(|_| rng.next()).collect()) } else { None }).collect();
    let mut settings = StudySettings::for_year(2030);
    settings.economics.value_of_lost_load_usd_per_mwh = 1000.0;
    Case {
        name: format!("random-{seed}"),
        settings,
        network: n,
        axis: axis(h),
        load_mw,
        gen_p_max_pu,
        flex_load_mw: Vec::new(),
        datacenter_mw: Vec::new(),
        load_origin: None,
    }
}
pub mod reference;

/// Dispatch `case` with the options its settings ask for.
pub fn dispatch(case: &Case) -> Result<nagrid_opf::DispatchOutcome, nagrid_opf::OpfError> {
    nagrid_opf::dispatch(case, &nagrid_opf::DispatchOptions::from_settings(&case.settings))
}
