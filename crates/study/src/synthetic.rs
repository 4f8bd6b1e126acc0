//! A synthetic N-region case for benchmarks and scale tests: deterministic for a
//! seed, with the shape of a continental zonal model (8 technologies and a
//! battery per region, a meshed AC grid, some HVDC links, daily and seasonal load,
//! wind and solar availability).
//!
//! Two grids: the `transport` case ([`synthetic_case`]) has a ring with chords and
//! a few HVDC links; the `dc` case ([`synthetic_case_with`] with
//! [`Formulation::Dc`]) is meshed like a real interconnection, for Kirchhoff's
//! law: corridors between near neighbours (a spanning tree of the shortest ones,
//! then the shortest remaining ones up to about two AC lines per region, which
//! closes about one loop per region), reactances from corridor length and
//! capacity, and about one HVDC link per 2.5 regions across the system.

use chrono::{Datelike, Timelike};
use nagrid_model::numeric::{solar::mean_solar_hour, SplitMix64};
use nagrid_model::technology as tech;
use nagrid_model::{Case, Country, Formulation, Generator, Line, Link, LinkKind, Network, Region, Storage, StudySettings, TimeAxis};

/// Technologies of each synthetic region: (name, share of peak load as capacity,
/// marginal cost USD/MWh, CO2 t/MWh, must-run share of capacity).
const TECHS: [(&str, f64, f64, f64, f64); 8] = [
    (tech::NUCLEAR, 0.15, 10.0, 0.0, 0.8),
    (tech::COAL, 0.15, 28.0, 0.95, 0.0),
    (tech::GAS_CC, 0.35, 38.0, 0.37, 0.0),
    (tech::GAS_CT, 0.20, 65.0, 0.55, 0.0),
    (tech::OIL, 0.05, 140.0, 0.75, 0.0),
    (tech::HYDRO_ROR, 0.08, 2.0, 0.0, 0.0),
    (tech::WIND, 0.30, 0.0, 0.0, 0.0),
    (tech::SOLAR, 0.25, 0.0, 0.0, 0.0),
];

/// A synthetic case with `regions` regions and `hours` hours of the year 2030
/// (`transport` formulation).
pub fn synthetic_case(regions: usize, hours: usize, seed: u64) -> Case {
    synthetic_case_with(regions, hours, seed, Formulation::Transport)
}

/// A synthetic case with `regions` regions and `hours` hours of the year 2030 for
/// the given formulation. Regions, generators, storage and series are the same
/// for both formulations and a seed; the grid differs (module documentation).
pub fn synthetic_case_with(regions: usize, hours: usize, seed: u64, formulation: Formulation) -> Case {
    let mut rng = SplitMix64::new(seed);
    let mut net = Network::default();
    let axis = TimeAxis::new(TimeAxis::full_year(2030).start, hours);
    let mut load_mw = Vec::new();
    let mut gen_p_max_pu = Vec::new();
    for r in 0..regions {
        let country = match r % 10 {
            7 => Country::CA,
            9 => Country::MX,
            _ => Country::US,
        };
        let lon = -125.0 + 60.0 * r as f64 / regions.max(1) as f64;
        let lat = 30.0 + 15.0 * rng.next_f64();
        net.regions.push(Region {
            id: format!("z{r:02}"),
            name: format!("Synthetic zone {r}"),
            country,
            interconnection: "Eastern".into(),
            time_zone: chrono_tz::America::Chicago,
            lat_deg: lat,
            lon_deg: lon,
        });
        let peak = 3000.0 + 12000.0 * rng.next_f64();
        let phase = rng.next_f64() * 2.0;
        let mut ar = 0.0;
        let load: Vec<f64> = (0..hours)
            .map(|t| {
                let ts = axis.timestamp(t);
                let hour = ((ts.hour() as f64) - 6.0 + lon / 15.0).rem_euclid(24.0);
                let doy = ts.ordinal() as f64;
                let daily = 0.12 * (std::f64::consts::TAU * (hour - 11.0 - phase) / 24.0).cos();
                let seasonal = 0.10 * (std::f64::consts::TAU * (doy - 200.0) / 365.0).cos().abs();
                ar = 0.9 * ar + 0.02 * rng.next_normal_sum4();
                peak * (0.70 + daily + seasonal + ar).clamp(0.35, 1.0)
            })
            .collect();
        load_mw.push(load);
        for (name, share, cost, co2, must) in TECHS {
            let cap = (peak * share * (0.6 + 0.8 * rng.next_f64())).round();
            let g = net.generators.len();
            net.generators.push(Generator {
                id: format!("z{r:02}_{name}"),
                region: r,
                technology: name.into(),
                p_max_mw: cap,
                p_min_mw: (cap * must).round(),
                marginal_cost_usd_per_mwh: cost * (0.9 + 0.2 * rng.next_f64()),
                fuel: None,
                profile: None,
                co2_t_per_mwh: co2,
                cost_quadratic_usd_per_mw2h: 0.0,
                cost_constant_usd_per_h: 0.0,
                ramp_up_pu_per_h: None,
                ramp_down_pu_per_h: None,
                reserve_max_pu: 0.0,
                expansion: None,
            });
            let series = match name {
                tech::WIND => {
                    let mut w = 0.35;
                    Some(
                        (0..hours)
                            .map(|_| {
                                w = (0.97 * w + 0.03 * 0.35 + 0.06 * rng.next_normal_sum4()).clamp(0.0, 1.0);
                                w
                            })
                            .collect(),
                    )
                }
                tech::SOLAR => Some(
                    (0..hours)
                        .map(|t| {
                            let ts = axis.timestamp(t);
                            let hour = mean_solar_hour(ts.hour() as f64, lon);
                            let day = (std::f64::consts::PI * (hour - 6.0) / 12.0).sin().max(0.0);
                            (day * (0.7 + 0.3 * rng.next_f64())).clamp(0.0, 1.0)
                        })
                        .collect(),
                ),
                tech::HYDRO_ROR => Some(
                    (0..hours)
                        .map(|t| {
                            let doy = axis.timestamp(t).ordinal() as f64;
                            0.55 + 0.35 * (std::f64::consts::TAU * (doy - 140.0) / 365.0).cos()
                        })
                        .collect(),
                ),
                _ => None,
            };
            debug_assert_eq!(g, gen_p_max_pu.len());
            gen_p_max_pu.push(series);
        }
        net.storage.push(Storage {
            id: format!("z{r:02}_battery"),
            region: r,
            technology: tech::BATTERY.into(),
            p_max_mw: (0.05 * peak).round(),
            energy_mwh: (0.2 * peak).round(),
            efficiency_charge: 0.92,
            efficiency_discharge: 0.92,
            soc_initial_pu: None,
            soc_final_pu: None,
            marginal_cost_usd_per_mwh: 1.0,
            reserve_max_pu: 0.0,
            expansion: None,
        });
    }
    let name = match formulation {
        Formulation::Transport => {
            transport_grid(&mut net, &mut rng, regions);
            format!("synthetic-{regions}")
        }
        Formulation::Dc => {
            meshed_grid(&mut net, &mut rng);
            format!("synthetic-dc-{regions}")
        }
    };
    let mut settings = StudySettings::for_year(2030);
    settings.name = Some(name.clone());
    settings.horizon.hours = Some(hours);
    settings.economics.value_of_lost_load_usd_per_mwh = 5000.0;
    settings.model.formulation = formulation;
    let mut case = Case::new(name, net, axis, load_mw);
    (case.settings, case.gen_p_max_pu) = (settings, gen_p_max_pu);
    case
}

/// The `transport` case's grid: a ring plus chords to the region three steps
/// ahead, and an HVDC link from every fifth region across the system.
fn transport_grid(net: &mut Network, rng: &mut SplitMix64, regions: usize) {
    // Meshed AC grid: a ring plus chords to the region three steps ahead.
    for r in 0..regions {
        for (step, cap) in [(1, 2500.0), (3, 1500.0)] {
            if regions > step && (step == 1 || r % 2 == 0) {
                let to = (r + step) % regions;
                if to != r {
                    let s_max_mw = (cap * (0.6 + 0.8 * rng.next_f64())).round();
                    net.lines.push(Line::new(format!("ac_{r:02}_{to:02}"), r, to, s_max_mw, 0.01 + 0.02 * rng.next_f64()));
                }
            }
        }
    }
    // HVDC links across the system.
    for r in (0..regions).step_by(5) {
        let to = (r + regions / 2) % regions;
        // One link per corridor: skip the reverse of a link already made.
        if to != r && !net.links.iter().any(|k| k.from == to && k.to == r) {
            net.links.push(Link {
                id: format!("dc_{r:02}_{to:02}"),
                from: r,
                to,
                kind: LinkKind::Hvdc,
                p_max_forward_mw: 2000.0,
                p_max_reverse_mw: 2000.0,
                efficiency: 0.97,
                wheeling_cost_usd_per_mwh: 0.5,
                hurdle_usd_per_mwh: 0.0,
                expansion: None,
            });
        }
    }
}

/// Candidate corridors per region in the `dc` grid: its nearest neighbours.
const NEAREST: usize = 8;
/// AC lines per region in the `dc` grid (about; fewer when the degree cap binds).
const LINES_PER_REGION: usize = 2;
/// Most AC lines at one region in the `dc` grid (beyond the spanning tree).
const MAX_DEGREE: usize = 6;
/// HVDC links per region in the `dc` grid (12 for 30 regions).
const LINKS_PER_REGION: f64 = 0.4;
/// Series reactance of one 500 kV circuit per km on 100 MVA, per unit
/// (0.33 Ω/km ÷ (500 kV)² × 100 MVA).
const X_PU_PER_KM: f64 = 1.3e-4;
/// Transfer capacity of one such circuit, MW (a corridor of s MW has s / this circuits in parallel).
const MW_PER_CIRCUIT: f64 = 1000.0;

/// Distance between two regions, km (equirectangular; fine at these scales).
fn distance_km(a: &Region, b: &Region) -> f64 {
    let cos_lat = (0.5 * (a.lat_deg + b.lat_deg)).to_radians().cos();
    let dx = (b.lon_deg - a.lon_deg) * cos_lat;
    let dy = b.lat_deg - a.lat_deg;
    111.2 * (dx * dx + dy * dy).sqrt()
}

/// Union-find root with path halving.
fn root(parent: &mut [usize], mut a: usize) -> usize {
    while parent[a] != a {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    a
}

/// The `dc` case's grid, meshed like a real interconnection. Corridors join near
/// neighbours: each region's [`NEAREST`] nearest regions are candidates; a
/// spanning tree of the shortest candidates (Kruskal; regions adjacent in
/// longitude join what the candidates leave apart) makes every region reachable,
/// then the shortest remaining candidates close loops until there are
/// [`LINES_PER_REGION`] lines per region, with at most [`MAX_DEGREE`] lines at a
/// region. A corridor of `s` MW and `d` km is `s / 1000` parallel 500 kV
/// circuits: x = 1.3e-4 · d · 1000 / s per unit (±10 %). HVDC links join regions
/// about a third of the system apart that no AC line joins (where there are such).
fn meshed_grid(net: &mut Network, rng: &mut SplitMix64) {
    let n = net.regions.len();
    let regions = net.regions.clone();
    let dist = |a: usize, b: usize| distance_km(&regions[a], &regions[b]);
    let by_length = |x: &(f64, usize, usize), y: &(f64, usize, usize)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2));
    // Candidate corridors (length, a < b), shortest first, each once.
    let mut cand: Vec<(f64, usize, usize)> = Vec::new();
    for a in 0..n {
        let mut near: Vec<(f64, usize, usize)> = (0..n).filter(|&b| b != a).map(|b| (dist(a, b), a.min(b), a.max(b))).collect();
        let k = NEAREST.min(near.len());
        if k < near.len() {
            near.select_nth_unstable_by(k, by_length);
        }
        cand.extend_from_slice(&near[..k]);
    }
    cand.sort_by(by_length);
    cand.dedup_by(|x, y| x.1 == y.1 && x.2 == y.2);
    // Spanning tree of the shortest corridors.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut degree = vec![0usize; n];
    let mut chosen: Vec<(f64, usize, usize)> = Vec::new();
    let mut used = vec![false; cand.len()];
    for (i, &(d, a, b)) in cand.iter().enumerate() {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra] = rb;
            used[i] = true;
            degree[a] += 1;
            degree[b] += 1;
            chosen.push((d, a, b));
        }
    }
    for a in 1..n {
        let (ra, rb) = (root(&mut parent, a - 1), root(&mut parent, a));
        if ra != rb {
            parent[ra] = rb;
            degree[a - 1] += 1;
            degree[a] += 1;
            chosen.push((dist(a - 1, a), a - 1, a));
        }
    }
    // Loops: the shortest remaining corridors.
    let target = (LINES_PER_REGION * n).min(n * n.saturating_sub(1) / 2);
    for (i, &(d, a, b)) in cand.iter().enumerate() {
        if chosen.len() >= target {
            break;
        }
        if !used[i] && degree[a] < MAX_DEGREE && degree[b] < MAX_DEGREE {
            degree[a] += 1;
            degree[b] += 1;
            chosen.push((d, a, b));
        }
    }
    chosen.sort_by_key(|&(_, a, b)| (a, b));
    for &(d, a, b) in &chosen {
        let s_max_mw = (2000.0 * (0.6 + 0.8 * rng.next_f64())).round();
        let x_pu = X_PU_PER_KM * d.max(10.0) * (MW_PER_CIRCUIT / s_max_mw) * (0.9 + 0.2 * rng.next_f64());
        net.lines.push(Line::new(format!("ac_{a:02}_{b:02}"), a, b, s_max_mw, x_pu));
    }
    // HVDC links across the system, from evenly spread regions: to the first region
    // from a random one a third of the system ahead that no link joins yet, and no AC
    // line either where there is one.
    let links = (LINKS_PER_REGION * n as f64).round() as usize;
    let ac = |a: usize, b: usize| chosen.iter().any(|&(_, x, y)| (x, y) == (a.min(b), a.max(b)));
    for k in 0..links {
        let from = k * n / links;
        let start = (from + n / 3 + (rng.next_f64() * (n / 3) as f64) as usize) % n;
        let free = |to: usize, allow_ac: bool| {
            to != from
                && (allow_ac || !ac(from, to))
                && !net.links.iter().any(|l| (l.from.min(l.to), l.from.max(l.to)) == (from.min(to), from.max(to)))
        };
        let Some(to) = [false, true].into_iter().find_map(|allow_ac| (0..n).map(|i| (start + i) % n).find(|&to| free(to, allow_ac))) else {
            continue;
        };
        let p_max_mw = (2000.0 * (0.6 + 0.8 * rng.next_f64())).round();
        let efficiency = (0.985 - 0.03 * dist(from, to) / 1000.0).clamp(0.85, 0.99);
        net.links.push(Link {
            id: format!("dc_{from:02}_{to:02}"),
            from,
            to,
            kind: LinkKind::Hvdc,
            p_max_forward_mw: p_max_mw,
            p_max_reverse_mw: p_max_mw,
            efficiency,
            wheeling_cost_usd_per_mwh: 0.5,
            hurdle_usd_per_mwh: 0.0,
            expansion: None,
        });
    }
}
