//! Reserves, reverse line limits and hurdle rates in a case folder: read back as
//! written, and every bad value reported with file, line, column and value.

mod common;

use common::{assert_issue, issues};
use nagrid_io::{read_case, write_case};
use std::fs;
use std::path::{Path, PathBuf};

fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// A copy of inputs/tiny with a reverse limit and hurdle on the line, a hurdle on
/// the link, reserve shares on two generators and the battery, two reserves and a
/// shortage curve; `edit` changes one of the new files before it is written.
fn case_with(edit: &dyn Fn(&str, String) -> String) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("series")).unwrap();
    for f in ["study.toml", "regions.csv", "series/loads-p_mw.csv", "series/generators-p_max_pu.csv"] {
        fs::copy(tiny_dir().join(f), d.path().join(f)).unwrap();
    }
    let files = [
        ("lines.csv", "id,from_region,to_region,s_max_mw,s_max_reverse_mw,hurdle_usd_per_mwh,x_pu\ncan_usa,can,usa,500,300,5,0.01\n"),
        (
            "links.csv",
            "id,from_region,to_region,kind,p_max_forward_mw,efficiency,hurdle_usd_per_mwh\nusa_mex,usa,mex,back_to_back,200,0.97,2\n",
        ),
        (
            "generators.csv",
            "id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh,reserve_max_pu\n\
             can_hydro,can,hydro_reservoir,1000,0,5,0,0.2\nusa_nuclear,usa,nuclear,500,500,10,0,\nusa_gas,usa,gas_cc,2000,0,40,0.37,0.5\n\
             usa_solar,usa,solar,400,0,0,0,\nmex_gas,mex,gas_cc,500,0,30,0.37,0.1\nmex_peaker,mex,oil,300,0,100,0.7,1\n",
        ),
        (
            "storage.csv",
            "id,region,p_max_mw,energy_mwh,efficiency_charge,efficiency_discharge,reserve_max_pu\nmex_battery,mex,50,100,0.9,0.9,1\n",
        ),
        ("reserves.csv", "id,scope,load_share,contingency_mw\neast,Eastern,0.03,200\nmex,mex,,150\n"),
        ("reserve_shortage.csv", "reserve,segment_share,price_usd_per_mwh\neast,0.5,1000\neast,0.5,2000\nmex,1,500\n"),
    ];
    for (f, text) in files {
        fs::write(d.path().join(f), edit(f, text.to_string())).unwrap();
    }
    d
}

/// The case validates, and written into `dir`/written it reads back the same.
fn round_trips(case: &nagrid_model::Case, dir: &Path) {
    case.validate().unwrap();
    let out = dir.join("written");
    write_case(&out, case).unwrap();
    let (again, _) = read_case(&out, None).unwrap();
    assert_eq!(again.network, case.network);
}

#[test]
fn reads_reserves_limits_and_hurdles_and_writes_them_back() {
    let d = case_with(&|_, s| s);
    let (case, _) = read_case(d.path(), None).unwrap();
    let n = &case.network;
    assert_eq!((n.lines[0].s_max_mw, n.lines[0].s_max_reverse_mw, n.lines[0].hurdle_usd_per_mwh), (500.0, 300.0, 5.0));
    assert_eq!(n.links[0].hurdle_usd_per_mwh, 2.0);
    assert_eq!(n.generators.iter().map(|g| g.reserve_max_pu).collect::<Vec<_>>(), vec![0.2, 0.0, 0.5, 0.0, 0.1, 1.0]);
    assert_eq!(n.storage[0].reserve_max_pu, 1.0);
    assert_eq!(n.reserves.len(), 2);
    // Eastern: usa and can (regions 0, 1); mex by region id.
    assert_eq!(n.reserves[0].regions, vec![0, 1]);
    assert_eq!((n.reserves[0].load_share, n.reserves[0].contingency_mw), (0.03, 200.0));
    assert_eq!((n.reserves[1].regions.clone(), n.reserves[1].load_share), (vec![2], 0.0));
    assert_eq!(n.reserves[0].shortage.len(), 2);
    assert_eq!(n.reserves[1].shortage[0].price_usd_per_mwh, 500.0);
    round_trips(&case, d.path());
}

#[test]
fn tiny_has_no_reserves_and_symmetric_limits() {
    let (case, _) = read_case(&tiny_dir(), None).unwrap();
    assert!(case.network.reserves.is_empty());
    assert!(case.network.lines.iter().all(|l| l.s_max_reverse_mw == l.s_max_mw && l.hurdle_usd_per_mwh == 0.0));
}

#[test]
fn bad_values_name_file_line_column_and_value() {
    let d = case_with(&|f, s| match f {
        "lines.csv" => s.replace(",300,5,", ",-1,-5,"),
        "links.csv" => s.replace(",0.97,2", ",0.97,-2"),
        "generators.csv" => s.replace(",0.37,0.5", ",0.37,1.5"),
        "storage.csv" => s.replace(",0.9,1\n", ",0.9,-0.1\n"),
        "reserves.csv" => s.replace("0.03,200", "1.2,-5").replace("mex,mex", "mex,Atlantis"),
        "reserve_shortage.csv" => s.replace("east,0.5,2000", "east,0,-3").replace("mex,1,500", "nope,1,500"),
        _ => s,
    });
    let found = issues(d.path());
    assert_issue(&found, "lines.csv", 2, "s_max_reverse_mw", "-1");
    assert_issue(&found, "lines.csv", 2, "hurdle_usd_per_mwh", "-5");
    assert_issue(&found, "links.csv", 2, "hurdle_usd_per_mwh", "-2");
    assert_issue(&found, "generators.csv", 4, "reserve_max_pu", "1.5");
    assert_issue(&found, "storage.csv", 2, "reserve_max_pu", "-0.1");
    assert_issue(&found, "reserves.csv", 2, "load_share", "1.2");
    assert_issue(&found, "reserves.csv", 2, "contingency_mw", "-5");
    assert_issue(&found, "reserves.csv", 3, "scope", "Atlantis");
    assert_issue(&found, "reserve_shortage.csv", 3, "segment_share", "0");
    assert_issue(&found, "reserve_shortage.csv", 3, "price_usd_per_mwh", "-3");
    assert_issue(&found, "reserve_shortage.csv", 4, "reserve", "nope");
}

#[test]
fn unknown_column_in_reserves_is_reported() {
    let d = case_with(&|f, s| if f == "reserves.csv" { s.replace("contingency_mw", "contingency") } else { s });
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "reserves.csv" && i.message.contains("contingency")), "{found:#?}");
}

#[test]
fn a_scope_may_join_regions_with_plus() {
    let d = case_with(&|f, s| if f == "reserves.csv" { s.replace("mex,mex,", "mex,mex + usa,") } else { s });
    let (case, _) = read_case(d.path(), None).unwrap();
    // regions.csv of tiny: usa 0, can 1, mex 2; the union keeps the order written.
    assert_eq!(case.network.reserves[1].regions, vec![2, 0]);
    round_trips(&case, d.path());

    let d = case_with(&|f, s| {
        if f == "reserves.csv" {
            s.replace("east,Eastern", "east,usa+usa").replace("mex,mex", "mex,mex+atlantis")
        } else {
            s
        }
    });
    let found = issues(d.path());
    assert_issue(&found, "reserves.csv", 2, "scope", "usa+usa");
    assert_issue(&found, "reserves.csv", 3, "scope", "mex+atlantis");
    assert!(
        found.iter().any(|i| i.message.contains("listed twice")) && found.iter().any(|i| i.message.contains("'atlantis'")),
        "{found:#?}"
    );
}

#[test]
fn reserve_requirements_by_year_and_month_are_read_and_written_back() {
    let d = case_with(&|_, s| s);
    fs::write(d.path().join("reserve_requirements.csv"), "reserve,year,month,contingency_mw\nmex,,6,250\nmex,2030,6,300\neast,2031,,0\n")
        .unwrap();
    let (case, _) = read_case(d.path(), None).unwrap();
    let (east, mex) = (&case.network.reserves[0], &case.network.reserves[1]);
    assert_eq!(mex.periods.len(), 2);
    // Year and month beat month; other months keep reserves.csv's 150 MW.
    assert_eq!((mex.fixed_mw(2030, 6), mex.fixed_mw(2029, 6), mex.fixed_mw(2030, 5)), (300.0, 250.0, 150.0));
    assert_eq!((east.fixed_mw(2031, 1), east.fixed_mw(2030, 1)), (0.0, 200.0));
    round_trips(&case, d.path());
}

#[test]
fn bad_reserve_requirements_name_file_line_column_and_value() {
    let d = case_with(&|_, s| s);
    fs::write(
        d.path().join("reserve_requirements.csv"),
        "reserve,year,month,contingency_mw\nnope,,6,250\nmex,,13,1\nmex,,,5\nmex,2030,6,-4\nmex,,6,1\nmex,,6,2\n",
    )
    .unwrap();
    let found = issues(d.path());
    assert_issue(&found, "reserve_requirements.csv", 2, "reserve", "nope");
    assert_issue(&found, "reserve_requirements.csv", 3, "month", "13");
    assert_issue(&found, "reserve_requirements.csv", 5, "contingency_mw", "-4");
    assert!(
        found.iter().any(|i| i.file == "reserve_requirements.csv" && i.row == Some(4) && i.message.contains("a year, a month or both")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|i| i.file == "reserve_requirements.csv" && i.row == Some(7) && i.message.contains("already has a row")),
        "{found:#?}"
    );
}
