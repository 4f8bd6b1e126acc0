//! Every kind of bad input gives an issue naming file, line, column and value,
//! and all issues are reported in one pass.

mod common;

use common::{assert_issue, issues};
use nagrid_io::{read_case, IoError};
use nagrid_model::Issue;
use std::fs;
use std::path::{Path, PathBuf};

fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../inputs/tiny")
}

/// A copy of inputs/tiny in a temporary folder.
fn copy_tiny() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = tiny_dir();
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).unwrap();
        let dst = d.path().join(rel);
        fs::create_dir_all(dst.parent().unwrap()).unwrap();
        fs::copy(&entry, &dst).unwrap();
    }
    d
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in fs::read_dir(p).unwrap() {
        let e = e.unwrap().path();
        if e.is_dir() {
            v.extend(walk(&e));
        } else {
            v.push(e);
        }
    }
    v
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let s = fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{file} has no '{from}'");
    fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn tiny_reads_cleanly() {
    let (case, files) = read_case(&tiny_dir(), None).unwrap();
    assert_eq!(case.network.regions.len(), 3);
    assert_eq!(case.axis.hours, 4);
    assert_eq!(case.load_mw[0], vec![1500.0, 1800.0, 2200.0, 1600.0]);
    assert_eq!(case.gen_p_max_pu[3].as_deref(), Some(&[0.0, 0.5, 1.0, 0.25][..]));
    assert!(case.gen_p_max_pu[0].is_none());
    assert_eq!(case.network.storage[0].soc_initial_pu, None, "empty means cyclic");
    assert!(files.0.len() >= 7);
}

#[test]
fn unknown_region() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "mex_gas,mex,", "mex_gas,mexico,");
    assert_issue(&issues(d.path()), "generators.csv", 6, "region", "mexico");
}

#[test]
fn duplicate_id() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "mex_peaker,", "mex_gas,");
    assert_issue(&issues(d.path()), "generators.csv", 7, "id", "mex_gas");
}

#[test]
fn negative_capacity() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "usa_gas,usa,gas_cc,2000", "usa_gas,usa,gas_cc,-2000");
    assert_issue(&issues(d.path()), "generators.csv", 4, "p_max_mw", "-2000");
}

#[test]
fn nan_capacity() {
    let d = copy_tiny();
    edit(d.path(), "lines.csv", "can_usa,can,usa,500", "can_usa,can,usa,NaN");
    assert_issue(&issues(d.path()), "lines.csv", 2, "s_max_mw", "NaN");
}

#[test]
fn efficiency_outside_unit_interval() {
    let d = copy_tiny();
    edit(d.path(), "links.csv", ",0.97,", ",97,");
    assert_issue(&issues(d.path()), "links.csv", 2, "efficiency", "97");
    let d = copy_tiny();
    edit(d.path(), "storage.csv", "100,0.9,0.9", "100,0,0.9");
    assert_issue(&issues(d.path()), "storage.csv", 2, "efficiency_charge", "0");
}

#[test]
fn series_missing_hour() {
    let d = copy_tiny();
    edit(d.path(), "series/loads-p_mw.csv", "2030-01-01T01:00:00Z,1800,300,650\n", "");
    assert_issue(&issues(d.path()), "series/loads-p_mw.csv", 3, "timestamp", "2030-01-01T02:00:00Z");
}

#[test]
fn series_duplicate_hour() {
    let d = copy_tiny();
    edit(d.path(), "series/loads-p_mw.csv", "2030-01-01T01:00:00Z,1800", "2030-01-01T00:00:00Z,1800");
    assert_issue(&issues(d.path()), "series/loads-p_mw.csv", 3, "timestamp", "2030-01-01T00:00:00Z");
}

#[test]
fn series_unsorted() {
    let d = copy_tiny();
    let p = d.path().join("series/generators-p_max_pu.csv");
    fs::write(
        &p,
        "timestamp,usa_solar\n2030-01-01T01:00:00Z,0.5\n2030-01-01T00:00:00Z,0\n2030-01-01T02:00:00Z,1\n2030-01-01T03:00:00Z,0.25\n",
    )
    .unwrap();
    assert_issue(&issues(d.path()), "series/generators-p_max_pu.csv", 3, "timestamp", "2030-01-01T00:00:00Z");
}

#[test]
fn series_column_for_unknown_component() {
    let d = copy_tiny();
    edit(d.path(), "series/generators-p_max_pu.csv", "timestamp,usa_solar", "timestamp,usa_solr");
    assert_issue(&issues(d.path()), "series/generators-p_max_pu.csv", 1, "usa_solr", "usa_solr");
}

#[test]
fn unparseable_number() {
    let d = copy_tiny();
    edit(d.path(), "series/loads-p_mw.csv", "2200,300,750", "2200,3OO,750");
    assert_issue(&issues(d.path()), "series/loads-p_mw.csv", 4, "can", "3OO");
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "mex_peaker,mex,oil,300,0,100", "mex_peaker,mex,oil,300,0,1OO");
    assert_issue(&issues(d.path()), "generators.csv", 7, "marginal_cost_usd_per_mwh", "1OO");
}

#[test]
fn unparseable_timestamp() {
    let d = copy_tiny();
    edit(d.path(), "series/loads-p_mw.csv", "2030-01-01T03:00:00Z", "2030-13-01T03:00:00Z");
    assert_issue(&issues(d.path()), "series/loads-p_mw.csv", 5, "timestamp", "2030-13-01T03:00:00Z");
}

#[test]
fn unknown_key_in_study_toml() {
    let d = copy_tiny();
    edit(d.path(), "study.toml", "time_limit_s = 60", "time_limit_s = 60\ntime_limt = 5");
    let found = issues(d.path());
    let i = found.iter().find(|i| i.file == "study.toml").expect("study.toml issue");
    assert_eq!(i.column.as_deref(), Some("time_limt"));
    assert!(i.row.is_some());
    assert!(i.message.contains("unknown field"), "{}", i.message);
}

#[test]
fn series_too_short_for_horizon() {
    let d = copy_tiny();
    edit(d.path(), "study.toml", "hours = 4", "hours = 5");
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "series/loads-p_mw.csv" && i.message.contains("horizon")), "{found:#?}");
}

#[test]
fn ac_line_across_interconnections_is_rejected() {
    let d = copy_tiny();
    edit(d.path(), "lines.csv", "can_usa,can,usa", "can_usa,can,mex");
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "lines.csv" && i.message.contains("back_to_back")), "{found:#?}");
}

#[test]
fn all_problems_in_one_pass() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "usa_gas,usa,gas_cc,2000", "usa_gas,usa,gas_cc,-2000");
    edit(d.path(), "links.csv", ",0.97,", ",1.5,");
    edit(d.path(), "series/loads-p_mw.csv", "2200,300,750", "2200,x,750");
    edit(d.path(), "study.toml", "[solver]", "[solver]\nthreds = 2");
    let found = issues(d.path());
    let files: std::collections::BTreeSet<&str> = found.iter().map(|i| i.file.as_str()).collect();
    assert_eq!(files.len(), 4, "{found:#?}");
}

#[test]
fn hours_override_shortens_the_horizon() {
    let (case, _) = read_case(&tiny_dir(), Some(2)).unwrap();
    assert_eq!(case.axis.hours, 2);
    assert_eq!(case.load_mw[2], vec![600.0, 650.0]);
}

#[test]
fn hydro_budgets_are_read_and_checked() {
    let d = copy_tiny();
    fs::write(
        d.path().join("hydro_budgets.csv"),
        "generator,month,energy_mwh\ncan_hydro,1,500000\ncan_hydro,13,1\nno_such_gen,2,5\ncan_hydro,1,7\ncan_hydro,3,-4\n",
    )
    .unwrap();
    let found = issues(d.path());
    assert_issue(&found, "hydro_budgets.csv", 3, "month", "13");
    assert_issue(&found, "hydro_budgets.csv", 4, "generator", "no_such_gen");
    assert_issue(&found, "hydro_budgets.csv", 5, "month", "1");
    assert_issue(&found, "hydro_budgets.csv", 6, "energy_mwh", "-4");
    let d = copy_tiny();
    fs::write(d.path().join("hydro_budgets.csv"), "generator,month,energy_mwh\ncan_hydro,1,500000\n").unwrap();
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.network.hydro_budgets.len(), 1);
    assert_eq!(case.network.hydro_budgets[0].month, 1);
}

#[test]
fn candidates_are_switched_on_in_study_toml() {
    let d = copy_tiny();
    let links = d.path().join("links.csv");
    let mut s = fs::read_to_string(&links).unwrap().replace("wheeling_cost_usd_per_mwh\n", "wheeling_cost_usd_per_mwh,status\n");
    s = s.replace(",0.97,0\n", ",0.97,0,existing\n");
    s.push_str("new_dc,can,mex,hvdc,1000,1000,0.95,1,candidate\n");
    fs::write(&links, s).unwrap();
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.network.links.len(), 1, "candidate off by default");
    edit(d.path(), "study.toml", "[output]", "[network]\ncandidates = [\"new_dc\"]\n\n[output]");
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.network.links.len(), 2);
    edit(d.path(), "study.toml", "candidates = [\"new_dc\"]", "candidates = [\"usa_mex\"]");
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.column.as_deref() == Some("network.candidates") && i.value.as_deref() == Some("usa_mex")), "{found:#?}");
}

#[test]
fn bad_status_value() {
    let d = copy_tiny();
    let p = d.path().join("lines.csv");
    fs::write(&p, "id,from_region,to_region,s_max_mw,x_pu,status\ncan_usa,can,usa,500,0.01,planned\n").unwrap();
    assert_issue(&issues(d.path()), "lines.csv", 2, "status", "planned");
}

#[test]
fn flexible_loads_and_ramps_are_read_and_checked() {
    let d = copy_tiny();
    fs::write(d.path().join("flexible_loads.csv"), "id,region,curtail_cost_usd_per_mwh,max_curtail_share\nmx_dc,mex,60,1.5\n").unwrap();
    let found = issues(d.path());
    assert_issue(&found, "flexible_loads.csv", 2, "max_curtail_share", "1.5");
    assert!(found.iter().any(|i| i.file == "series/flexible_loads-p_mw.csv"), "missing series reported: {found:#?}");
    fs::write(d.path().join("flexible_loads.csv"), "id,region,curtail_cost_usd_per_mwh,max_curtail_share\nmx_dc,mex,60,0.25\n").unwrap();
    fs::write(
        d.path().join("series/flexible_loads-p_mw.csv"),
        "timestamp,mx_dc\n2030-01-01T00:00:00Z,100\n2030-01-01T01:00:00Z,100\n2030-01-01T02:00:00Z,100\n2030-01-01T03:00:00Z,100\n",
    )
    .unwrap();
    let gens = d.path().join("generators.csv");
    let text = fs::read_to_string(&gens).unwrap().replace('\n', ",\n").replacen("co2_t_per_mwh,\n", "co2_t_per_mwh,ramp_up_pu_per_h\n", 1);
    fs::write(&gens, text).unwrap();
    edit(d.path(), "generators.csv", "usa_gas,usa,gas_cc,2000,0,40,0.37,\n", "usa_gas,usa,gas_cc,2000,0,40,0.37,-0.5\n");
    assert_issue(&issues(d.path()), "generators.csv", 4, "ramp_up_pu_per_h", "-0.5");
    edit(d.path(), "generators.csv", "0.37,-0.5\n", "0.37,0.075\n");
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.network.flexible_loads[0].max_curtail_share, 0.25);
    assert_eq!(case.flex_load_mw[0], vec![100.0; 4]);
    assert_eq!(case.network.generators[2].ramp_up_pu_per_h, Some(0.075));
    assert_eq!(case.network.generators[0].ramp_up_pu_per_h, None);
}

/// Issue 9: a row with fewer fields than the header is an error (it used to take
/// defaults for the missing fields), naming the line, the counts and the columns.
#[test]
fn short_rows_are_errors_naming_the_missing_columns() {
    let d = copy_tiny();
    fs::write(d.path().join("lines.csv"), "id,from_region,to_region,s_max_mw,x_pu,status\ncan_usa,can,usa,500,0.01\n").unwrap();
    let found = issues(d.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].row, found[0].column.as_deref()), (Some(2), Some("status")));
    assert!(found[0].message.contains("5 fields but the header has 6") && found[0].message.contains("status"), "{}", found[0]);
    fs::write(
        d.path().join("links.csv"),
        "id,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency\nusa_mex,usa,mex,hvdc,200\n",
    )
    .unwrap();
    let found = issues(d.path());
    let i = found.iter().find(|i| i.file == "links.csv").expect("links.csv issue");
    assert_eq!(i.row, Some(2));
    assert!(i.message.contains("5 fields but the header has 7") && i.message.contains("p_max_reverse_mw, efficiency"), "{i}");
    fs::write(d.path().join("lines.csv"), "id,from_region,to_region,s_max_mw,x_pu\ncan_usa,can,usa,500,0.01,9\n").unwrap();
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "lines.csv" && i.row == Some(2) && i.value.as_deref() == Some("9")), "{found:#?}");
}

#[test]
fn expansion_columns_are_read_and_checked() {
    let d = copy_tiny();
    let header = "id,from_region,to_region,kind,p_max_forward_mw,p_max_reverse_mw,efficiency,wheeling_cost_usd_per_mwh,status,expandable,max_added_mw,capital_cost_usd_per_mw,lifetime_years,discount_rate,build_unit_mw\n";
    fs::write(
        d.path().join("links.csv"),
        format!("{header}usa_mex,usa,mex,back_to_back,200,200,0.97,0,existing,true,500,-3,0,1.5,\nnew_dc,can,atlantis,hvdc,0,0,0.95,0,candidate,true,1000,900000,40,0.054,1000\n"),
    )
    .unwrap();
    let found = issues(d.path());
    assert_issue(&found, "links.csv", 2, "capital_cost_usd_per_mw", "-3");
    assert_issue(&found, "links.csv", 2, "lifetime_years", "0");
    assert_issue(&found, "links.csv", 2, "discount_rate", "1.5");
    assert_issue(&found, "links.csv", 3, "to_region", "atlantis");
    fs::write(
        d.path().join("links.csv"),
        format!("{header}usa_mex,usa,mex,back_to_back,200,200,0.97,0,existing,true,500,300000,40,0.054,\n"),
    )
    .unwrap();
    let (case, _) = read_case(d.path(), None).unwrap();
    let e = case.network.links[0].expansion.as_ref().unwrap();
    assert_eq!((e.max_added_mw, e.build_unit_mw), (500.0, None));
    // CRF at 5.4 % over 40 years, r (1+r)^n / ((1+r)^n − 1) = 0.06150; plus 1.5 % O&M by default.
    let a = 1.054f64.powi(40);
    let crf = 0.054 * a / (a - 1.0);
    assert!((crf - 0.0615).abs() < 1e-4);
    assert!((e.annualized_cost_usd_per_mw_year() - 300_000.0 * (crf + 0.015)).abs() < 1e-6, "{}", e.annualized_cost_usd_per_mw_year());
}

// ---- Issue 9: static tables -------------------------------------------------------

/// The message of the issue at this file, line and column (panics if none).
fn message_at(found: &[Issue], file: &str, line: usize, column: &str) -> String {
    let i = found.iter().find(|i| i.file == file && i.row == Some(line) && i.column.as_deref() == Some(column));
    i.unwrap_or_else(|| panic!("no issue at {file}:{line} {column} in {found:#?}")).message.clone()
}

#[test]
fn magnitudes_the_solver_cannot_take_are_input_errors() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "usa_gas,usa,gas_cc,2000,0,40,0.37", "usa_gas,usa,gas_cc,1e308,1e300,40,0.37");
    edit(d.path(), "generators.csv", "mex_peaker,mex,oil,300,0,100,0.7", "mex_peaker,mex,oil,300,0,1e300,1e308");
    edit(d.path(), "storage.csv", "mex_battery,mex,battery,50,100,", "mex_battery,mex,battery,50,1e300,");
    edit(d.path(), "links.csv", "0.97,0\n", "0.97,inf\n");
    fs::write(
        d.path().join("lines.csv"),
        "id,from_region,to_region,s_max_mw,x_pu,tap_ratio,phase_shift_deg\ncan_usa,can,usa,1e12,1e-30,0,inf\n",
    )
    .unwrap();
    fs::write(d.path().join("hydro_budgets.csv"), "generator,month,energy_mwh\ncan_hydro,1,1e300\n").unwrap();
    let found = issues(d.path());
    assert!(message_at(&found, "generators.csv", 4, "p_max_mw").contains("from 0 to 1e9"));
    assert_issue(&found, "generators.csv", 4, "p_min_mw", "1e300");
    assert_issue(&found, "generators.csv", 7, "marginal_cost_usd_per_mwh", "1e300");
    assert!(message_at(&found, "generators.csv", 7, "co2_t_per_mwh").contains("t/MWh"));
    assert_issue(&found, "storage.csv", 2, "energy_mwh", "1e300");
    assert_issue(&found, "links.csv", 2, "wheeling_cost_usd_per_mwh", "inf");
    assert_issue(&found, "lines.csv", 2, "s_max_mw", "1e12");
    assert!(message_at(&found, "lines.csv", 2, "x_pu").contains("1e-6"));
    assert_issue(&found, "lines.csv", 2, "tap_ratio", "0");
    assert_issue(&found, "lines.csv", 2, "phase_shift_deg", "inf");
    assert_issue(&found, "hydro_budgets.csv", 2, "energy_mwh", "1e300");

    // A huge tap ratio, or one that makes the effective reactance too small.
    fs::write(d.path().join("lines.csv"), "id,from_region,to_region,s_max_mw,x_pu,tap_ratio\ncan_usa,can,usa,500,0.01,1e300\n").unwrap();
    assert_issue(&issues(d.path()), "lines.csv", 2, "tap_ratio", "1e300");
    fs::write(d.path().join("lines.csv"), "id,from_region,to_region,s_max_mw,x_pu,tap_ratio\ncan_usa,can,usa,500,0.000001,0.5\n").unwrap();
    assert!(message_at(&issues(d.path()), "lines.csv", 2, "tap_ratio").contains("x_pu × tap_ratio"));
}

#[test]
fn every_numeric_column_is_bounded() {
    let d = copy_tiny();
    fs::write(d.path().join("flexible_loads.csv"), "id,region,curtail_cost_usd_per_mwh,max_curtail_share\nmx_dc,mex,1e300,NaN\n").unwrap();
    edit(d.path(), "regions.csv", "40.71,-74.01", "NaN,-1e300");
    let gens = d.path().join("generators.csv");
    let mut g = fs::read_to_string(&gens).unwrap().replace('\n', ",,,,,\n");
    g = g.replacen(
        "co2_t_per_mwh,,,,,\n",
        "co2_t_per_mwh,ramp_up_pu_per_h,expandable,max_added_mw,capital_cost_usd_per_mw,lifetime_years,build_unit_mw\n",
        1,
    );
    g = g.replace("usa_gas,usa,gas_cc,2000,0,40,0.37,,,,,\n", "usa_gas,usa,gas_cc,2000,0,40,0.37,1e300,true,1e300,1e300,1e-300,1e-300\n");
    fs::write(&gens, g).unwrap();
    let found = issues(d.path());
    assert_issue(&found, "flexible_loads.csv", 2, "curtail_cost_usd_per_mwh", "1e300");
    assert_issue(&found, "flexible_loads.csv", 2, "max_curtail_share", "NaN");
    assert_issue(&found, "regions.csv", 2, "lat_deg", "NaN");
    assert_issue(&found, "regions.csv", 2, "lon_deg", "-1e300");
    for col in ["ramp_up_pu_per_h", "max_added_mw", "capital_cost_usd_per_mw", "lifetime_years", "build_unit_mw"] {
        assert!(
            found.iter().any(|i| i.file == "generators.csv" && i.row == Some(4) && i.column.as_deref() == Some(col)),
            "{col}: {found:#?}"
        );
    }
}

#[test]
fn storage_without_energy_is_an_error() {
    let d = copy_tiny();
    edit(d.path(), "storage.csv", "mex_battery,mex,battery,50,100,", "mex_battery,mex,battery,50,0,");
    assert!(message_at(&issues(d.path()), "storage.csv", 2, "energy_mwh").contains("(0, 1e9]"));
}

#[test]
fn co2_written_as_null_is_an_error() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "mex_peaker,mex,oil,300,0,100,0.7", "mex_peaker,mex,oil,300,0,100,null");
    let found = issues(d.path());
    assert_issue(&found, "generators.csv", 7, "co2_t_per_mwh", "null");
    assert!(message_at(&found, "generators.csv", 7, "co2_t_per_mwh").contains("leave the field empty"));
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "mex_peaker,mex,oil,300,0,100,0.7", "mex_peaker,mex,oil,300,0,100,NaN");
    assert_issue(&issues(d.path()), "generators.csv", 7, "co2_t_per_mwh", "NaN");
}

#[test]
fn a_header_only_generators_table_is_an_error() {
    let d = copy_tiny();
    fs::write(d.path().join("generators.csv"), "id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n").unwrap();
    fs::remove_file(d.path().join("series/generators-p_max_pu.csv")).unwrap();
    let found = issues(d.path());
    assert!(
        found.iter().any(|i| i.file == "generators.csv" && i.message.starts_with("no generators: the case cannot serve its load")),
        "{found:#?}"
    );
    let d = copy_tiny();
    fs::write(d.path().join("regions.csv"), "id,name,country,interconnection,time_zone\n").unwrap();
    assert!(issues(d.path()).iter().any(|i| i.file == "regions.csv" && i.message.starts_with("no regions")));
}

#[test]
fn line_and_link_ids_must_differ() {
    let d = copy_tiny();
    edit(d.path(), "links.csv", "usa_mex,usa,mex", "can_usa,usa,mex");
    let found = issues(d.path());
    assert_issue(&found, "links.csv", 2, "id", "can_usa");
    assert!(message_at(&found, "links.csv", 2, "id").contains("lines.csv line 2"));
}

#[test]
fn an_expandable_generator_id_must_differ_from_line_ids() {
    let d = copy_tiny();
    let gens = d.path().join("generators.csv");
    let g = fs::read_to_string(&gens).unwrap().replace('\n', ",,,\n").replacen(
        "co2_t_per_mwh,,,\n",
        "co2_t_per_mwh,expandable,max_added_mw,capital_cost_usd_per_mw\n",
        1,
    );
    fs::write(&gens, g.replace("mex_gas,mex,gas_cc,500,0,30,0.37,,,", "can_usa,mex,gas_cc,500,0,30,0.37,true,100,1000")).unwrap();
    assert_issue(&issues(d.path()), "generators.csv", 6, "id", "can_usa");
}

#[test]
fn timestamp_is_not_an_id() {
    let d = copy_tiny();
    edit(d.path(), "regions.csv", "mex,Mexico", "timestamp,Mexico");
    let found = issues(d.path());
    assert!(message_at(&found, "regions.csv", 4, "id").contains("reserved"));
    let d = copy_tiny();
    edit(d.path(), "storage.csv", "mex_battery,", "timestamp,");
    assert_issue(&issues(d.path()), "storage.csv", 2, "id", "timestamp");
    let d = copy_tiny();
    edit(d.path(), "links.csv", "usa_mex,", "\"usa,mex\",");
    assert!(message_at(&issues(d.path()), "links.csv", 2, "id").contains("commas"));
    // An id that reads as NaN or inf would be taken for a missing value in the outputs.
    for bad in ["NaN", "inf", "-Infinity"] {
        let d = copy_tiny();
        edit(d.path(), "generators.csv", "can_hydro,", &format!("{bad},"));
        assert!(message_at(&issues(d.path()), "generators.csv", 2, "id").contains("non-finite"), "{bad}");
    }
    // Technologies name keys of summary.json: the same rules.
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "can,hydro_reservoir", "can,NaN");
    assert!(message_at(&issues(d.path()), "generators.csv", 2, "technology").contains("a label may not"));
}

#[test]
fn unterminated_quote_is_named_and_does_not_hide_later_rows() {
    let d = copy_tiny();
    edit(d.path(), "generators.csv", "usa_nuclear,usa,nuclear", "usa_nuclear,\"usa,nuclear");
    edit(d.path(), "generators.csv", "mex_peaker,mex,oil,300", "mex_peaker,mex,oil,-300");
    let found = issues(d.path());
    let i = found.iter().find(|i| i.file == "generators.csv" && i.row == Some(3)).expect("issue on line 3");
    assert!(i.message.starts_with("unterminated quote"), "{i}");
    assert!(!found.iter().any(|i| i.message.contains("value is required")), "{found:#?}");
    assert_issue(&found, "generators.csv", 7, "p_max_mw", "-300");
}

#[test]
fn an_unreadable_table_is_reported_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let d = copy_tiny();
    let p = d.path().join("regions.csv");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        // Running as root: permissions do not stop reading. A folder in place of the file still must be reported.
        fs::remove_file(&p).unwrap();
        fs::create_dir(&p).unwrap();
        let found = issues(d.path());
        assert!(found.iter().any(|i| i.file == "regions.csv" && i.message.contains("is a folder")), "{found:#?}");
        assert!(!found.iter().any(|i| i.message.contains("missing")), "{found:#?}");
        return;
    }
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "regions.csv" && i.message.contains("cannot read")), "{found:#?}");
    assert!(!found.iter().any(|i| i.message.contains("missing")), "{found:#?}");
}

#[test]
fn problems_per_file_are_capped_and_counted() {
    let d = copy_tiny();
    let mut g = String::from("id,region,technology,p_max_mw,p_min_mw,marginal_cost_usd_per_mwh,co2_t_per_mwh\n");
    for k in 0..1000 {
        g.push_str(&format!("g{k},atlantis,gas,-1,0,30,0\n"));
    }
    fs::write(d.path().join("generators.csv"), g).unwrap();
    fs::remove_file(d.path().join("series/generators-p_max_pu.csv")).unwrap();
    let err = match read_case(d.path(), None) {
        Err(IoError::Input(i)) => i,
        other => panic!("{:?}", other.map(|_| ())),
    };
    let gen: Vec<&Issue> = err.iter().filter(|i| i.file == "generators.csv").collect();
    assert_eq!(gen.len(), nagrid_model::limits::MAX_ISSUES_PER_FILE + 1, "{gen:#?}");
    assert_eq!(gen.last().unwrap().message, "… and 1950 more problems in this file");
    assert!(err.to_string().starts_with(&format!("{} input problem(s)", err.total())));
}

#[test]
fn an_absurdly_large_table_is_refused() {
    let d = copy_tiny();
    let mut g = String::from("id,region,technology,p_max_mw,marginal_cost_usd_per_mwh\n");
    for k in 0..260_000 {
        g.push_str(&format!("g{k},usa,gas,1,30\n"));
    }
    fs::write(d.path().join("generators.csv"), g).unwrap();
    let found = issues(d.path());
    assert!(
        found.iter().any(|i| i.file == "generators.csv" && i.message.starts_with("too large: reading stopped at line 250002")),
        "{found:#?}"
    );
}

#[test]
fn regions_load_years_peaks_and_temperatures_are_bounded() {
    let d = copy_tiny();
    let (_, net, _) = nagrid_io::read_network(d.path()).unwrap();
    fs::create_dir_all(d.path().join("load")).unwrap();
    fs::write(
        d.path().join("load/regions_load.csv"),
        "region,base_year,annual_energy_mwh,peak_mw,peak_season,mean_temp_c,jan_mean_temp_c,jul_mean_temp_c,diurnal_range_c,summer_winter_peak_ratio\n\
         usa,300000,1000,inf,summer,10,0,20,10,1.2\ncan,2024,1000,100,winter,1e300,0,20,-5,\nmex,2024,1000,100,summer,10,0,20,10,0\n",
    )
    .unwrap();
    let found = match nagrid_io::prepare::read_regions_load(d.path(), &net) {
        Err(IoError::Input(i)) => i.0,
        other => panic!("{:?}", other.map(|_| ())),
    };
    let f = "load/regions_load.csv";
    assert_issue(&found, f, 2, "base_year", "300000");
    assert_issue(&found, f, 2, "peak_mw", "inf");
    assert_issue(&found, f, 3, "mean_temp_c", "1e300");
    assert_issue(&found, f, 3, "diurnal_range_c", "-5");
    // (LD1) A summer/winter peak ratio outside [0.2, 5]; empty and 1.2 are fine.
    assert_issue(&found, f, 4, "summer_winter_peak_ratio", "0");
    assert!(!found.iter().any(|i| i.column.as_deref() == Some("summer_winter_peak_ratio") && i.row != Some(4)), "{found:#?}");
    assert!(!found.iter().any(|i| i.column.as_deref() == Some("annual_energy_mwh")), "{found:#?}");
}

#[test]
fn non_utf8_text_and_unnamed_header_columns_are_named() {
    let d = copy_tiny();
    let p = d.path().join("generators.csv");
    let mut bytes = fs::read(&p).unwrap();
    // "can_hydro" on line 2 becomes "can_hydr\xe9" (Latin-1 é).
    let at = bytes.windows(9).position(|w| w == b"can_hydro").unwrap() + 8;
    bytes[at] = 0xE9;
    fs::write(&p, bytes).unwrap();
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "generators.csv" && i.row == Some(2) && i.message.contains("not UTF-8")), "{found:#?}");

    let d = copy_tiny();
    edit(d.path(), "lines.csv", "id,", "id,,");
    let found = issues(d.path());
    assert!(found.iter().any(|i| i.file == "lines.csv" && i.row == Some(1) && i.message.contains("has no name")), "{found:#?}");
}

/// Fuel columns, fuel tables, availability and service years: each bad value is
/// reported at its file, line, column and value (C1, A1, A2, Y1).
#[test]
fn fuel_availability_and_service_year_errors_are_located() {
    let d = copy_tiny();
    let dir = d.path();
    edit(dir, "generators.csv", "co2_t_per_mwh\n", "co2_t_per_mwh,fuel,heat_rate_mmbtu_per_mwh,online_year\n");
    let p = dir.join("generators.csv");
    let text: String = fs::read_to_string(&p)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l}\n") } else { format!("{l},,,\n") })
        .collect();
    fs::write(&p, text).unwrap();
    // Line 2: a fuel and a marginal cost; line 3: a heat rate without fuel; line 4: a bad year.
    edit(dir, "generators.csv", "can_hydro,can,hydro_reservoir,1000,0,5,0,,,", "can_hydro,can,hydro_reservoir,1000,0,5,0,gas,7,");
    edit(dir, "generators.csv", "usa_nuclear,usa,nuclear,500,500,10,0,,,", "usa_nuclear,usa,nuclear,500,500,10,0,,7,");
    let third = fs::read_to_string(&p).unwrap().lines().nth(3).unwrap().to_string();
    edit(dir, "generators.csv", &third, &format!("{}2301", third.trim_end_matches(',').to_string() + ",,,"));
    fs::write(dir.join("fuels.csv"), "id,co2_t_per_mmbtu\ngas,0.0531\ncoal,-1\n").unwrap();
    fs::write(
        dir.join("fuel_prices.csv"),
        "fuel,region,year,month,price_usd_per_mmbtu\ngas,,,1,3\ngas,,,1,4\ngas,atlantis,,,3\ngas,,,13,3\n",
    )
    .unwrap();
    fs::write(dir.join("availability.csv"), "technology,month,availability_pu,must_run_pu\nnuclear,1,1.5,\nnuclear,1,0.9,\n").unwrap();
    let found = issues(dir);
    let either = found.iter().find(|i| i.file == "generators.csv" && i.row == Some(2)).unwrap();
    assert!(either.message.contains("give either marginal_cost_usd_per_mwh or fuel + heat_rate_mmbtu_per_mwh"), "{either}");
    assert_issue(&found, "generators.csv", 2, "marginal_cost_usd_per_mwh", "5");
    assert_issue(&found, "generators.csv", 3, "heat_rate_mmbtu_per_mwh", "7");
    assert_issue(&found, "generators.csv", 4, "online_year", "2301");
    assert_issue(&found, "fuels.csv", 3, "co2_t_per_mmbtu", "-1");
    assert_issue(&found, "fuel_prices.csv", 3, "price_usd_per_mmbtu", "4");
    assert_issue(&found, "fuel_prices.csv", 4, "region", "atlantis");
    assert_issue(&found, "fuel_prices.csv", 5, "month", "13");
    assert_issue(&found, "availability.csv", 2, "availability_pu", "1.5");
}

/// A fueled generator without a price in a month of the horizon names the
/// generator, fuel, region, year and month.
#[test]
fn a_missing_fuel_price_names_generator_fuel_region_and_month() {
    let d = copy_tiny();
    let dir = d.path();
    edit(dir, "generators.csv", "co2_t_per_mwh\n", "co2_t_per_mwh,fuel,heat_rate_mmbtu_per_mwh\n");
    let p = dir.join("generators.csv");
    let text: String = fs::read_to_string(&p)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l}\n") } else { format!("{l},,\n") })
        .collect();
    fs::write(&p, text).unwrap();
    edit(dir, "generators.csv", "can_hydro,can,hydro_reservoir,1000,0,5,0,,", "can_hydro,can,hydro_reservoir,1000,0,,,gas,7");
    fs::write(dir.join("fuels.csv"), "id,co2_t_per_mmbtu\ngas,0.0531\n").unwrap();
    fs::write(dir.join("fuel_prices.csv"), "fuel,region,year,month,price_usd_per_mmbtu\ngas,,2029,,3\n").unwrap();
    let found = issues(dir);
    assert!(
        found.iter().any(|i| i.file == "fuel_prices.csv"
            && i.message.contains("'can_hydro'")
            && i.message.contains("'gas'")
            && i.message.contains("'can'")
            && i.message.contains("2030-01")),
        "{found:#?}"
    );
}

#[test]
fn storage_expansion_and_candidates_are_read_and_checked() {
    let d = copy_tiny();
    let head = "id,region,technology,p_max_mw,energy_mwh,efficiency_charge,efficiency_discharge,soc_initial_pu,marginal_cost_usd_per_mwh,status,expandable,max_added_power_mw,power_cost_usd_per_mw,max_added_energy_mwh,energy_cost_usd_per_mwh,lifetime_years,discount_rate,fixed_om_pct_per_year\n";
    let good = "mex_battery,mex,battery,50,100,0.9,0.9,,0,,,,,,,,,\nnew_bat,mex,battery,0,0,0.9,0.9,,0,candidate,true,100,300000,400,200000,15,0.054,2.5\n";
    fs::write(d.path().join("storage.csv"), format!("{head}{good}")).unwrap();
    // A candidate is left out unless switched on; then an empty battery may grow.
    let (case, _) = read_case(d.path(), None).unwrap();
    assert_eq!(case.network.storage.len(), 1, "candidate off by default");
    edit(d.path(), "study.toml", "[output]", "[network]\ncandidates = [\"new_bat\"]\n\n[output]");
    let (case, _) = read_case(d.path(), None).unwrap();
    let e = case.network.storage[1].expansion.as_ref().unwrap();
    assert_eq!((e.max_added_power_mw, e.max_added_energy_mwh, e.energy_cost_usd_per_mwh), (100.0, 400.0, 200000.0));
    // Nothing to add, a negative cost, and an empty unit whose energy may not grow.
    let bad = "mex_battery,mex,battery,50,100,0.9,0.9,,0,,true,0,1,0,1,15,0.054,2.5\nnew_bat,mex,battery,0,0,0.9,0.9,,0,candidate,true,100,-5,0,0,15,0.054,2.5\n";
    fs::write(d.path().join("storage.csv"), format!("{head}{bad}")).unwrap();
    let found = issues(d.path());
    assert!(message_at(&found, "storage.csv", 2, "max_added_power_mw").contains("max_added_energy_mwh above 0"), "{found:#?}");
    assert!(message_at(&found, "storage.csv", 3, "power_cost_usd_per_mw").contains("from 0"), "{found:#?}");
    assert!(message_at(&found, "storage.csv", 3, "energy_mwh").contains("0 only when energy may be added"), "{found:#?}");
}
