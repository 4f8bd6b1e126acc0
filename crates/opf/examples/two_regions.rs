//! Dispatch a two-region case built in code and print prices and flows.
//!
//! `cargo run --release -p nagrid-opf --example two_regions`

use nagrid_model::{Case, Country, Generator, Line, Network, Region, StudySettings, TimeAxis};
use nagrid_opf::{dispatch, DispatchOptions, SolveStatus};

fn region(id: &str) -> Region {
    Region {
        id: id.into(),
        name: id.into(),
        country: Country::US,
        interconnection: "east".into(),
        time_zone: chrono_tz::UTC,
        lat_deg: 0.0,
        lon_deg: 0.0,
    }
}

fn generator(id: &str, region: usize, p_max_mw: f64, cost: f64) -> Generator {
    Generator {
        id: id.into(),
        region,
        technology: id.into(),
        p_max_mw,
        p_min_mw: 0.0,
        marginal_cost_usd_per_mwh: cost,
        co2_t_per_mwh: 0.0,
        cost_quadratic_usd_per_mw2h: 0.0,
        cost_constant_usd_per_h: 0.0,
        ramp_up_pu_per_h: None,
        ramp_down_pu_per_h: None,
        expansion: None,
    }
}

fn main() -> Result<(), nagrid_opf::OpfError> {
    // Cheap hydro in the north, gas in the south, a 250 MW line between them, and
    // a southern load that peaks in the middle of the day.
    let network = Network {
        regions: vec![region("north"), region("south")],
        generators: vec![generator("hydro", 0, 600.0, 5.0), generator("gas", 1, 800.0, 40.0)],
        lines: vec![Line::new("north-south", 0, 1, 250.0, 0.1)],
        ..Network::default()
    };
    let hours = 6;
    let start = chrono::NaiveDate::from_ymd_opt(2030, 7, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a date").and_utc();
    let case = Case {
        name: "two regions".into(),
        settings: StudySettings::for_year(2030),
        network,
        axis: TimeAxis::new(start, hours),
        load_mw: vec![vec![100.0; hours], vec![150.0, 200.0, 400.0, 500.0, 300.0, 200.0]],
        gen_p_max_pu: vec![None, None],
        flex_load_mw: vec![],
    };

    // Options come from the settings, and can be changed without touching the case.
    let mut options = DispatchOptions::from_settings(&case.settings);
    options.solver.log = false;
    let outcome = dispatch(&case, &options)?;
    let Some(solution) = outcome.solution.filter(|_| outcome.status == SolveStatus::Optimal) else {
        println!("no solution: {}", outcome.status);
        return Ok(());
    };
    println!("total cost {:.0} USD", solution.objective_usd);
    println!("hour  flow MW  north USD/MWh  south USD/MWh");
    for t in 0..hours {
        println!(
            "{t:>4}  {:>7.1}  {:>13.2}  {:>13.2}",
            solution.line_flow_mw[0][t], solution.price_usd_per_mwh[0][t], solution.price_usd_per_mwh[1][t]
        );
    }
    Ok(())
}
