//! Nodal DC-OPF of MATPOWER / PGLib cases checked against the independent
//! reference results in ../shared/cases/reference (PYPOWER and a separate HiGHS
//! model): objective within 1e-6 relative, dispatch and branch flows within
//! 1e-3 MW (or inside the optimal face where the dispatch is not unique), bus
//! prices within 1e-3 USD/MWh; with both ways of writing Kirchhoff's law.

use nagrid_io::matpower::CostMode;
use nagrid_model::KvlMethod;
use nagrid_opf::SolveStatus;
use nagrid_study::opf::{solve_matpower, OpfOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases")
}

fn arr(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect()
}

fn check_case(name: &str) {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(shared().join(format!("reference/{name}.json"))).unwrap()).unwrap();
    let file = shared().join(format!("pglib/{name}.m"));
    for (variant, costs) in [("linear", CostMode::Linear), ("quadratic", CostMode::Quadratic)] {
        let v = &reference["variants"][variant];
        for kvl in [KvlMethod::Angles, KvlMethod::Cycles, KvlMethod::Ptdf] {
            let ctx = format!("{name} {variant} {kvl:?}");
            let (r, _, _) = solve_matpower(&file, &OpfOptions { costs, kvl, ..Default::default() }).unwrap();
            assert_eq!(r.status, SolveStatus::Optimal, "{ctx}");
            let obj = v["objective"].as_f64().unwrap();
            assert!((r.objective_usd_per_h - obj).abs() <= 1e-6 * obj.abs(), "{ctx}: objective {} vs {obj}", r.objective_usd_per_h);
            assert!((r.total_generation_mw - v["total_generation_MW"].as_f64().unwrap()).abs() < 1e-3, "{ctx}");
            let pg = arr(&v["pg_MW"]);
            let lo = arr(&v["pg_range_MW"]["min"]);
            let hi = arr(&v["pg_range_MW"]["max"]);
            for (i, p) in r.pg_mw.iter().enumerate() {
                if v["dispatch_unique"].as_bool().unwrap() {
                    assert!((p - pg[i]).abs() < 1e-3, "{ctx}: gen {i} {p} vs {}", pg[i]);
                } else {
                    assert!(*p > lo[i] - 1e-3 && *p < hi[i] + 1e-3, "{ctx}: gen {i} {p} outside [{}, {}]", lo[i], hi[i]);
                }
            }
            if v["flows_unique"].as_bool().unwrap() {
                for (i, (f, g)) in r.branch_flow_mw.iter().zip(arr(&v["branch_flow_MW"])).enumerate() {
                    assert!((f - g).abs() < 1e-3, "{ctx}: branch {i} flow {f} vs {g}");
                }
            }
            if v["dispatch_unique"].as_bool().unwrap() {
                for (i, (p, q)) in r.lmp_usd_per_mwh.iter().zip(arr(&v["lmp_per_MWh"])).enumerate() {
                    assert!((p - q).abs() < 1e-3, "{ctx}: bus {i} price {p} vs {q}");
                }
                for (i, (a, b)) in r.va_deg.iter().zip(arr(&v["va_deg_ref0"])).enumerate() {
                    assert!((a - b).abs() < 1e-4, "{ctx}: bus {i} angle {a} vs {b}");
                }
            }
        }
    }
}

#[test]
fn pglib_case5_pjm() {
    check_case("pglib_opf_case5_pjm");
}

#[test]
fn pglib_case14_ieee() {
    check_case("pglib_opf_case14_ieee");
}

#[test]
fn pglib_case30_ieee() {
    check_case("pglib_opf_case30_ieee");
}

/// Every other case in the shared store solves, with the Kirchhoff methods
/// agreeing on the objective (ptdf up to MAX_PTDF_REGIONS buses).
#[test]
fn all_shared_cases_solve() {
    let mut files: Vec<PathBuf> = ["matpower", "pglib"]
        .iter()
        .flat_map(|d| std::fs::read_dir(shared().join(d)).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "m"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for f in files {
        let mut objs = Vec::new();
        for kvl in [KvlMethod::Angles, KvlMethod::Cycles, KvlMethod::Ptdf] {
            let res = solve_matpower(&f, &OpfOptions { kvl, ..Default::default() });
            let (r, _, _) = match res {
                // Dense factors are refused beyond MAX_PTDF_REGIONS buses, with a message.
                Err(e) if kvl == KvlMethod::Ptdf => {
                    assert!(e.to_string().contains("zonal networks"), "{}: {e}", f.display());
                    continue;
                }
                r => r.unwrap(),
            };
            assert_eq!(r.status, SolveStatus::Optimal, "{}", f.display());
            assert!((r.total_generation_mw - r.total_load_mw).abs() < 1e-4, "{}: lossless balance", f.display());
            objs.push(r.objective_usd_per_h);
            println!(
                "{}: {:?} objective {:.4} USD/h, build {:.3} s, solve {:.3} s",
                f.display(),
                kvl,
                r.objective_usd_per_h,
                r.timings_s.build_s,
                r.timings_s.solve_s
            );
        }
        for o in &objs[1..] {
            assert!((objs[0] - o).abs() <= 1e-6 * objs[0].abs(), "{}: {objs:?}", f.display());
        }
    }
}
