//! (AG1) Identical units solved as one: splitting every unit of the tiny case into
//! two identical halves leaves the optimum, the prices and the per-unit dispatch
//! (each half gets half) unchanged, in the single LP and in rolling windows.

mod common;

use common::*;
use nagrid_model::Decomposition;
use nagrid_opf::{verify, DispatchOptions, SolveStatus};

/// The tiny case with every generator without an energy budget and every storage
/// unit split into two halves (`<id>` and `<id>_b`, appended at the end).
fn halves() -> (nagrid_model::Case, Vec<usize>, Vec<usize>) {
    let mut case = tiny();
    let budgeted: Vec<usize> = case.network.hydro_budgets.iter().map(|b| b.generator).collect();
    let (mut gens, mut stor) = (Vec::new(), Vec::new());
    for g in 0..case.network.generators.len() {
        if budgeted.contains(&g) {
            continue;
        }
        let x = &mut case.network.generators[g];
        x.p_max_mw /= 2.0;
        x.p_min_mw /= 2.0;
        let mut b = x.clone();
        b.id.push_str("_b");
        case.network.generators.push(b);
        let series = case.gen_p_max_pu[g].clone();
        case.gen_p_max_pu.push(series);
        gens.push(g);
    }
    for s in 0..case.network.storage.len() {
        let x = &mut case.network.storage[s];
        x.p_max_mw /= 2.0;
        x.energy_mwh /= 2.0;
        let mut b = x.clone();
        b.id.push_str("_b");
        case.network.storage.push(b);
        stor.push(s);
    }
    (case, gens, stor)
}

fn check(decomposition: Decomposition) {
    let whole = tiny();
    let (case, gens, stor) = halves();
    let mut opts = DispatchOptions::from_settings(&case.settings);
    opts.solver.decomposition = decomposition;
    opts.solver.window_hours = 2;
    opts.solver.overlap_hours = 1;
    let out_a = nagrid_opf::dispatch(&whole, &opts).unwrap();
    let a = out_a.solution.unwrap();
    let out = nagrid_opf::dispatch(&case, &opts).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    if decomposition == Decomposition::None {
        // The halves were merged: only the halves with a must-run minimum (kept
        // apart) add columns, one per hour each.
        let kept = gens.iter().filter(|&&g| case.network.generators[g].p_min_mw > 0.0).count();
        assert_eq!(out.stats.columns, out_a.stats.columns + kept * case.axis.hours);
    }
    let b = out.solution.unwrap();
    assert!((a.objective_usd - b.objective_usd).abs() < 1e-6, "{} vs {}", a.objective_usd, b.objective_usd);
    assert_eq!(a.price_usd_per_mwh, b.price_usd_per_mwh);
    let n = whole.network.generators.len();
    for (k, &g) in gens.iter().enumerate() {
        for t in 0..case.axis.hours {
            let (h1, h2) = (b.gen_p_mw[g][t], b.gen_p_mw[n + k][t]);
            assert!((h1 - h2).abs() < 1e-9 && (h1 + h2 - a.gen_p_mw[g][t]).abs() < 1e-6, "generator {g} hour {t}");
        }
    }
    let ns = whole.network.storage.len();
    for (k, &s) in stor.iter().enumerate() {
        for t in 0..case.axis.hours {
            let sum = b.storage_soc_mwh[s][t] + b.storage_soc_mwh[ns + k][t];
            assert!((sum - a.storage_soc_mwh[s][t]).abs() < 1e-6, "storage {s} hour {t}");
        }
    }
    // The split solution satisfies every constraint of the full case.
    let r = verify::check(&case, &b);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6, "{r:?}");
}

#[test]
fn identical_halves_give_the_same_optimum_single_lp() {
    check(Decomposition::None);
}

#[test]
fn identical_halves_give_the_same_optimum_rolling() {
    check(Decomposition::Rolling);
}

/// (AG1, WS3) The single LP started from a dispatch of the halved case is solved
/// with the halves merged (the start joined to them): the same optimum as the whole
/// case, the columns of the merged LP, and a dispatch of the full case that passes
/// its check.
#[test]
fn identical_halves_merge_in_the_single_lp_started_from_a_dispatch() {
    let whole = tiny();
    let (case, gens, _) = halves();
    let mut opts = DispatchOptions::from_settings(&case.settings);
    opts.solver.decomposition = Decomposition::Rolling;
    opts.solver.window_hours = 2;
    opts.solver.overlap_hours = 1;
    let start = nagrid_opf::dispatch(&case, &opts).unwrap().solution.unwrap();
    opts.solver.decomposition = Decomposition::None;
    let a = nagrid_opf::dispatch(&whole, &opts).unwrap();
    let out = nagrid_opf::dispatch_single_from(&case, &opts, &start).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let kept = gens.iter().filter(|&&g| case.network.generators[g].p_min_mw > 0.0).count();
    assert_eq!(out.stats.columns, a.stats.columns + kept * case.axis.hours, "the merged LP");
    let (a, b) = (a.solution.unwrap(), out.solution.unwrap());
    assert!((a.objective_usd - b.objective_usd).abs() < 1e-6, "{} vs {}", a.objective_usd, b.objective_usd);
    let r = verify::check(&case, &b);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6, "{r:?}");
}
