//! Rolling-horizon dispatch against the single LP.

mod common;

use common::*;
use nagrid_model::{Case, Decomposition, HydroBudget};
use nagrid_opf::{verify, DispatchSolution, SolveStatus};

fn solve(case: &Case) -> DispatchSolution {
    let out = dispatch(case).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(case, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6 && r.max_budget_mwh < 1e-6, "{r:?}");
    s
}

fn rolling(mut c: Case, window: usize, overlap: usize, parallel: bool) -> Case {
    c.settings.solver.decomposition = Decomposition::Rolling;
    c.settings.solver.window_hours = window;
    c.settings.solver.overlap_hours = overlap;
    c.settings.solver.parallel_windows = parallel;
    c
}

#[test]
fn without_storage_or_budgets_rolling_is_exact() {
    for seed in 40..46 {
        let mut case = random_case(seed, 5, 50);
        case.network.storage.clear();
        let single = solve(&case);
        for parallel in [false, true] {
            let r = solve(&rolling(case.clone(), 12, 5, parallel));
            assert!((r.objective_usd - single.objective_usd).abs() < 1e-6 * single.objective_usd.abs().max(1.0), "seed {seed}");
            assert!((verify::cost_usd(&case, &r) - r.objective_usd).abs() < 1e-6);
        }
    }
}

#[test]
fn with_storage_and_budgets_rolling_is_feasible_and_close() {
    for seed in 50..56 {
        let mut case = random_case(seed, 4, 96);
        for g in 0..3 {
            if case.network.generators[g].p_min_mw == 0.0 {
                case.network.hydro_budgets.push(HydroBudget { generator: g, month: 1, energy_mwh: 20_000.0 });
            }
        }
        for u in &mut case.network.storage {
            u.soc_initial_pu = Some(0.5);
        }
        let single = solve(&case);
        assert!(
            (verify::cost_usd(&case, &single) - single.objective_usd).abs() < 1e-6 * single.objective_usd,
            "objective = recomputed cost"
        );
        for parallel in [false, true] {
            // Shares by hours: these loads and availabilities are white noise, whose
            // 6-hour averages tell the first pass nothing (WS4; it misdirects budgets
            // here, by up to 5.8 % in sequence and 25.6 % in parallel).
            let mut c = rolling(case.clone(), 24, 12, parallel);
            c.settings.solver.first_pass_hours = 0;
            let r = solve(&c);
            let gap = (r.objective_usd - single.objective_usd) / single.objective_usd;
            assert!(gap > -1e-9, "seed {seed}: rolling cannot beat the single LP ({gap})");
            let limit = if parallel { 0.10 } else { 0.05 }; // 24-hour windows, storage large against load
            assert!(gap < limit, "seed {seed}, parallel {parallel}: gap {gap}");
        }
        // (WS4) A first pass in 1-hour blocks is the single LP itself: guided by its
        // budget use and storage states, windows in sequence come within 0.01 %.
        let mut c = rolling(case.clone(), 24, 12, false);
        c.settings.solver.first_pass_hours = 1;
        let gap = (solve(&c).objective_usd - single.objective_usd) / single.objective_usd;
        assert!((-1e-9..1e-4).contains(&gap), "seed {seed}: guided by the single LP, gap {gap}");
    }
}

#[test]
fn tiny_rolling_by_hour_hands_storage_over() {
    // One-hour windows with a one-hour look-ahead over the 4-hour tiny case.
    let mut case = tiny();
    case.network.storage[0].soc_initial_pu = Some(0.0);
    let s = solve(&rolling(case.clone(), 1, 1, false));
    let single = solve(&case);
    assert!(s.objective_usd >= single.objective_usd - 1e-6);
    // Storage continuity across windows is checked by verify in solve().
}

#[test]
fn cyclic_storage_stays_cyclic_over_the_stitched_horizon() {
    for seed in 60..64 {
        let mut case = random_case(seed, 4, 100);
        for u in &mut case.network.storage {
            u.soc_initial_pu = None;
        }
        let single = solve(&case);
        for parallel in [false, true] {
            let r = solve(&rolling(case.clone(), 24, 12, parallel));
            for (i, _) in case.network.storage.iter().enumerate() {
                let end = *r.storage_soc_mwh[i].last().unwrap();
                assert!(
                    (end - r.storage_soc_initial_mwh[i]).abs() < 1e-6,
                    "seed {seed}: storage {i} ends at {end}, started at {}",
                    r.storage_soc_initial_mwh[i]
                );
            }
            assert!(
                r.objective_usd >= single.objective_usd * (1.0 - 1e-9),
                "seed {seed}: a cyclic rolling solution is feasible for the single LP"
            );
        }
    }
}

/// Dispatch of `c`: objective (recomputed from the stitched dispatch, checked
/// feasible for the single LP), statistics and the dispatch.
fn feasible(c: &Case) -> (f64, nagrid_opf::SolveStats, DispatchSolution) {
    let out = dispatch(c).unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    let s = out.solution.unwrap();
    let r = verify::check(c, &s);
    assert!(r.max_balance_mw < 1e-6 && r.max_bound_mw < 1e-6 && r.max_storage_mwh < 1e-6 && r.max_budget_mwh < 1e-6, "{r:?}");
    (verify::cost_usd(c, &s), out.stats, s)
}

/// Rolling dispatch of `case` with warm starts on or off: objective and statistics.
fn rolling_warm(case: &Case, window: usize, overlap: usize, warm: bool) -> (f64, nagrid_opf::SolveStats) {
    let mut c = rolling(case.clone(), window, overlap, false);
    c.settings.solver.warm_start = warm;
    let (cost, stats, _) = feasible(&c);
    (cost, stats)
}

/// A random case from `start` with January and February budgets on its first
/// generators (binding: 30 GWh a month).
fn across_months(seed: u64, hours: usize, start: (u32, u32)) -> Case {
    use chrono::TimeZone;
    let mut case = random_case(seed, 5, hours);
    case.axis.start = chrono::Utc.with_ymd_and_hms(2030, start.0, start.1, 0, 0, 0).unwrap() + chrono::Duration::hours(12);
    for g in 0..4 {
        if case.network.generators[g].p_min_mw == 0.0 {
            for month in [1, 2] {
                case.network.hydro_budgets.push(HydroBudget { generator: g, month, energy_mwh: 30_000.0 });
            }
        }
    }
    case
}

/// (WS1) A window started from the previous window's basis is the same LP and
/// reaches the same optimum. Two windows of 24 hours without look-ahead: the first
/// is solved cold either way, so the second gets the same state and the totals
/// must agree. The budget rows change: January, then both months (from 30 January
/// 12:00); both months, then February only (from 31 January 12:00).
#[test]
fn a_warm_started_window_reaches_the_same_optimum() {
    for (seed, day) in (70..78).flat_map(|s| [(s, 30), (s, 31)]) {
        let case = across_months(seed, 48, (1, day));
        let (cold, cold_stats) = rolling_warm(&case, 24, 0, false);
        let (warm, warm_stats) = rolling_warm(&case, 24, 0, true);
        assert_eq!((cold_stats.warm_starts, warm_stats.warm_starts), (0, 1));
        assert!((warm - cold).abs() <= 1e-7 * cold.abs().max(1.0), "seed {seed}, day {day}: warm {warm} cold {cold}");
    }
}

/// (WS1) Over many windows, warm starts save simplex iterations; the stitched
/// dispatch stays feasible and within 1 % of the cold one (windows can end at
/// different equally cheap states, which the next window inherits).
#[test]
fn warm_started_windows_take_fewer_iterations() {
    let (mut cold_it, mut warm_it) = (0, 0);
    for seed in 70..74 {
        // 28 January 12:00 to 2 February: windows with January rows, both months, February rows.
        let case = across_months(seed, 132, (1, 28));
        let (cold, c) = rolling_warm(&case, 24, 12, false);
        let (warm, w) = rolling_warm(&case, 24, 12, true);
        assert_eq!(w.warm_starts, 4, "seed {seed}: every window but the first and the last, shorter one");
        assert!((warm - cold).abs() < 0.01 * cold, "seed {seed}: warm {warm} cold {cold}");
        cold_it += c.simplex_iterations;
        warm_it += w.simplex_iterations;
    }
    assert!(warm_it * 10 < cold_it * 8, "warm {warm_it} against cold {cold_it} simplex iterations");
}

/// (WS2) Chunks of windows solved side by side: feasible for the single LP (storage
/// continuous over the chunk boundary, cyclic over the year, budgets kept), within
/// 1 % of one sequence, one warm-up window more, and the same answer every time.
#[test]
fn chunks_side_by_side_stay_feasible_and_close_to_one_sequence() {
    for seed in 80..84 {
        // 20 January 12:00 for 600 hours: the chunk boundary is 1 February 00:00.
        let case = across_months(seed, 600, (1, 20));
        let run = |chunks: usize| {
            let mut c = rolling(case.clone(), 48, 12, false);
            c.settings.solver.chunks = chunks;
            feasible(&c)
        };
        let (one, one_stats, _) = run(1);
        let (two, two_stats, two_sol) = run(2);
        assert_eq!(two_stats.windows, one_stats.windows + 1, "seed {seed}: the second chunk's warm-up window");
        let gap = (two - one) / one;
        assert!(gap.abs() < 0.01, "seed {seed}: two chunks {two}, one sequence {one}");
        let (again, _, again_sol) = run(2);
        assert_eq!(again.to_bits(), two.to_bits(), "seed {seed}: same inputs, same answer");
        assert_eq!(again_sol.gen_p_mw, two_sol.gen_p_mw);
    }
}

/// (F1) A flexible load's curtailment allowance is shared across windows like a
/// budget: what earlier windows leave unused stays available. inputs/tiny with 100 MW
/// of flexible demand in Mexico, curtailable at 70 USD/MWh up to 25 % (100 MWh of
/// 400). The single LP curtails 100 MWh in hour 2, Mexico's only hour above 70. With
/// one-hour windows (no storage shifting) hour 0 curtails the 6 MW its peaker would
/// run (price 70), leaving 94 MWh; hours 1–3 (price 100) may each use 94 × 100 / 300
/// MWh of flexible energy left = 31.3 — the whole allowance, where a fixed 25 % per
/// window would stop at 6 + 3 × 25 = 81 MWh.
#[test]
fn unused_curtailment_allowance_carries_to_later_windows() {
    let case = tiny_with_flexible_load(70.0, 0.25);
    let (_, _, single) = feasible(&case);
    let c = &single.flex_curtailed_mw[0];
    assert!((c[2] - 100.0).abs() < 1e-6 && c[0].abs() + c[1].abs() + c[3].abs() < 1e-6, "{c:?}");
    let (_, _, s) = feasible(&rolling(case.clone(), 1, 0, false));
    let c = &s.flex_curtailed_mw[0];
    let third = 94.0 / 3.0;
    assert!((c[0] - 6.0).abs() < 1e-6 && c[1..].iter().all(|x| (x - third).abs() < 1e-6), "{c:?}, prices {:?}", s.price_usd_per_mwh[2]);
    assert!(verify::check(&case, &s).max_flex_mwh <= 1e-9);
}

/// (WS3) The single LP started from the rolling horizon's dispatch (storage handed
/// over, budgets across a month's end) reaches the cold single LP's optimum, and the
/// simplex after crossover takes fewer iterations than the cold one.
#[test]
fn single_lp_from_the_rolling_horizon_reaches_the_cold_optimum() {
    let (mut cold_it, mut warm_it) = (0, 0);
    for seed in 80..84 {
        let mut case = across_months(seed, 240, (1, 25));
        case.settings.solver.window_hours = 48;
        case.settings.solver.overlap_hours = 12;
        case.settings.solver.single_lp_start = nagrid_model::SingleLpStart::Cold;
        let (cold, c, _) = feasible(&case);
        case.settings.solver.single_lp_start = nagrid_model::SingleLpStart::Auto;
        let (warm, w, _) = feasible(&case);
        assert!((warm - cold).abs() <= 1e-7 * cold.abs(), "seed {seed}: from rolling {warm}, cold {cold}");
        // 5 windows, their first pass (WS4: budgets) and the single LP.
        assert_eq!((c.windows, c.start_simplex_iterations, w.windows), (1, 0, 7), "seed {seed}");
        assert!(w.start_simplex_iterations > 0 && w.start_solve_s > 0.0 && w.solve_s >= w.start_solve_s);
        cold_it += c.simplex_iterations;
        warm_it += w.simplex_iterations - w.start_simplex_iterations;
    }
    assert!(warm_it < cold_it, "after crossover {warm_it} against cold {cold_it} simplex iterations");
}

/// (WS3) A single LP started from a given dispatch in a thread that has never
/// solved an LP: HiGHS's crossover needs the task scheduler a solve starts (it
/// crashed the process on such a thread before the scheduler was started for it).
#[test]
fn single_lp_from_a_dispatch_on_a_fresh_thread() {
    let case = rolling(across_months(90, 96, (1, 10)), 24, 6, false);
    let opts = nagrid_opf::DispatchOptions::from_settings(&case.settings);
    let start = dispatch(&case).unwrap().solution.unwrap();
    let (c, o) = (case.clone(), opts.clone());
    let out = std::thread::spawn(move || nagrid_opf::dispatch_single_from(&c, &o, &start).unwrap()).join().unwrap();
    assert_eq!(out.status, SolveStatus::Optimal);
    assert_eq!(out.stats.warm_starts, 1, "crossover's start accepted");
    let cold = nagrid_opf::dispatch_single(&case, &opts).unwrap().solution.unwrap();
    let s = out.solution.unwrap();
    assert!((s.objective_usd - cold.objective_usd).abs() <= 1e-7 * cold.objective_usd.abs());
}

/// One region through January (744 h): 150 MW in the first week, 50 MW after; hydro
/// (free, 150 MW) with a January budget of 8,400 MWh (50 MW for a week), gas (100 MW
/// at 40 USD/MWh), a peaker (100 MW at 100 USD/MWh). The single LP spends the whole
/// budget in the first week, where it displaces the peaker: 40 × (100 × 168 + 50 ×
/// 576) = 1,824,000 USD. Weekly windows sharing the budget by hours give the first
/// week 168/744 of it, and the rest displaces gas at 40 instead of the peaker at
/// 100: 60 × 8,400 × 576/744 more. The first pass (WS4), in 6-hour blocks, sees the
/// first week's load and gives it the whole budget: the single LP's optimum.
fn peak_week_case() -> Case {
    let n = nagrid_model::Network {
        regions: vec![region("r", nagrid_model::Country::US, "X")],
        generators: vec![
            gen("hydro", 0, "hydro_reservoir", 150.0, 0.0, 0.0, 0.0),
            gen("gas", 0, "gas_cc", 100.0, 0.0, 40.0, 0.37),
            gen("peaker", 0, "gas_ct", 100.0, 0.0, 100.0, 0.6),
        ],
        hydro_budgets: vec![HydroBudget { generator: 0, month: 1, energy_mwh: 8400.0 }],
        ..Default::default()
    };
    weekly_windows("peak_week", n, (0..744).map(|t| if t < 168 { 150.0 } else { 50.0 }).collect())
}

/// A one-region case of `network` with hourly `load` from 2030-01-01 (value of lost
/// load 3,000 USD/MWh), as weekly windows without look-ahead.
fn weekly_windows(name: &str, network: nagrid_model::Network, load: Vec<f64>) -> Case {
    let mut settings = nagrid_model::StudySettings::for_year(2030);
    settings.economics.value_of_lost_load_usd_per_mwh = 3000.0;
    let case = Case {
        name: name.into(),
        settings,
        gen_p_max_pu: vec![None; network.generators.len()],
        network,
        axis: axis(load.len()),
        load_mw: vec![load],
        flex_load_mw: vec![],
        datacenter_mw: vec![],
        load_origin: None,
    };
    rolling(case, 168, 0, false)
}

#[test]
fn first_pass_gives_each_window_its_share_of_a_budget_where_it_is_worth_most() {
    let single = solve(&peak_week_case());
    let by_hours = {
        let mut c = peak_week_case();
        c.settings.solver.first_pass_hours = 0;
        solve(&c)
    };
    let (guided, stats) = {
        let c = peak_week_case();
        assert_eq!(c.settings.solver.first_pass_hours, 6, "the default");
        let (cost, stats, _) = feasible(&c);
        (cost, stats)
    };
    let optimum = 40.0 * (100.0 * 168.0 + 50.0 * 576.0);
    assert!((single.objective_usd - optimum).abs() < 1e-6, "{}", single.objective_usd);
    let extra = 60.0 * 8400.0 * 576.0 / 744.0;
    assert!((by_hours.objective_usd - optimum - extra).abs() < 1e-3, "{} vs {}", by_hours.objective_usd, optimum + extra);
    assert!((guided - optimum).abs() < 1e-6 * optimum, "{guided} vs {optimum}");
    assert_eq!((stats.first_pass_periods, stats.windows), (124, 6), "744 / 6 blocks; 5 windows and the first pass");
    // Parallel windows share the budget the same way.
    let mut c = peak_week_case();
    c.settings.solver.parallel_windows = true;
    let (parallel, _, _) = feasible(&c);
    assert!((parallel - optimum).abs() < 1e-6 * optimum, "{parallel} vs {optimum}");
}

/// Two weeks in one region: 50 MW, then 150 MW; gas (100 MW at 20 USD/MWh), a
/// peaker (100 MW at 100), and 24-hour storage (50 MW, 1,200 MWh, lossless, empty at
/// the start). The single LP fills the storage in the first week (1,200 MWh at 20)
/// and empties it into the second (1,200 MWh less from the peaker): 192,000 +
/// 336,000 + 720,000 = 1,248,000 USD. A weekly window without look-ahead has no
/// reason to charge; with the first pass (WS4) it must end full, where the first
/// pass is, and the rolling horizon reaches the optimum.
#[test]
fn first_pass_sets_where_long_storage_ends_each_window() {
    let n = nagrid_model::Network {
        regions: vec![region("r", nagrid_model::Country::US, "X")],
        generators: vec![gen("gas", 0, "gas_cc", 100.0, 0.0, 20.0, 0.37), gen("peaker", 0, "gas_ct", 100.0, 0.0, 100.0, 0.6)],
        storage: vec![nagrid_model::Storage {
            id: "phs".into(),
            region: 0,
            technology: "pumped_hydro".into(),
            p_max_mw: 50.0,
            energy_mwh: 1200.0,
            efficiency_charge: 1.0,
            efficiency_discharge: 1.0,
            soc_initial_pu: Some(0.0),
            soc_final_pu: None,
            marginal_cost_usd_per_mwh: 0.0,
            reserve_max_pu: 0.0,
            expansion: None,
        }],
        ..Default::default()
    };
    // Nothing is shed (300 MW of generation), so the value of lost load plays no part.
    let case = weekly_windows("two_weeks", n, (0..336).map(|t| if t < 168 { 50.0 } else { 150.0 }).collect());
    let optimum = 1_248_000.0;
    let mut single = case.clone();
    single.settings.solver.decomposition = Decomposition::None;
    assert!((solve(&single).objective_usd - optimum).abs() < 1e-6);
    let mut by_hours = case.clone();
    by_hours.settings.solver.first_pass_hours = 0;
    assert!((feasible(&by_hours).0 - optimum - 96_000.0).abs() < 1e-6, "no reason to charge in the first week");
    let (guided, stats, s) = feasible(&case);
    assert!((guided - optimum).abs() < 1e-6 * optimum, "{guided}");
    assert!((s.storage_soc_mwh[0][167] - 1200.0).abs() < 1e-6 && stats.first_pass_periods == 56);
}

/// The progress display counts the first pass as one step before the windows.
#[test]
fn progress_counts_the_first_pass_and_every_window() {
    let case = peak_week_case();
    let seen = std::sync::Mutex::new(Vec::new());
    let opts = nagrid_opf::DispatchOptions::from_settings(&case.settings);
    nagrid_opf::dispatch_with_progress(&case, &opts, &|done, total| seen.lock().unwrap().push((done, total))).unwrap();
    assert_eq!(seen.into_inner().unwrap(), (1..=6).map(|d| (d, 6)).collect::<Vec<_>>(), "first pass, then 5 windows");
}
