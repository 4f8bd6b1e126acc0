//! Dispatch a two-region case built in code and print prices and flows.
//!
//! `cargo run --release -p nagrid-opf --example two_regions`

use nagrid_model::{Case, Country, Generator, Line, Network, Region, TimeAxis};
use nagrid_opf::{dispatch, DispatchOptions, SolveStatus};

fn main() -> Result<(), nagrid_opf::OpfError> {
    // Cheap hydro in the north, gas in the south, a 250 MW line between them, and
    // a southern load that peaks in the middle of the day.
    let network = Network {
        regions: vec![Region::new("north", Country::CA, "east"), Region::new("south", Country::US, "east")],
        generators: vec![Generator::new("hydro", 0, "hydro_reservoir", 600.0, 5.0), Generator::new("gas", 1, "gas_cc", 800.0, 40.0)],
        lines: vec![Line::new("north-south", 0, 1, 250.0, 0.1)],
        ..Network::default()
    };
    let hours = 6;
    let start = chrono::NaiveDate::from_ymd_opt(2030, 7, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a date").and_utc();
    let load_mw = vec![vec![100.0; hours], vec![150.0, 200.0, 400.0, 500.0, 300.0, 200.0]];
    let case = Case::new("two regions", network, TimeAxis::new(start, hours), load_mw);

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
