//! A synthetic N-region case for benchmarks and scale tests: deterministic for a
//! seed, with the shape of a continental zonal model (8 technologies and a
//! battery per region, a meshed AC grid, some HVDC links, daily and seasonal load,
//! wind and solar availability).

use chrono::{Datelike, Timelike};
use nagrid_model::numeric::{solar::mean_solar_hour, SplitMix64};
use nagrid_model::technology as tech;
use nagrid_model::{Case, Country, Generator, Line, Link, LinkKind, Network, Region, Storage, StudySettings, TimeAxis};

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

/// A synthetic case with `regions` regions and `hours` hours of the year 2030.
pub fn synthetic_case(regions: usize, hours: usize, seed: u64) -> Case {
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
        });
    }
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
    let mut settings = StudySettings::for_year(2030);
    settings.name = Some(format!("synthetic-{regions}"));
    settings.horizon.hours = Some(hours);
    settings.economics.value_of_lost_load_usd_per_mwh = 5000.0;
    Case { name: format!("synthetic-{regions}"), settings, network: net, axis, load_mw, gen_p_max_pu, flex_load_mw: Vec::new() }
}
