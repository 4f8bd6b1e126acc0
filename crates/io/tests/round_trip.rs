//! read → write_case → read gives the same case, for inputs/north-america and for a
//! fixture that uses every optional column of every table.

use nagrid_io::{read_case, read_case_with, write_case, ProvidedLoads};
use nagrid_model::{Case, LinkKind};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every_column")
}

/// Write `case` into `<tmp>/<name>` and read it back; also check that writing the
/// case read back gives the same files.
fn round_trip(case: &Case, name: &str) -> Case {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join(name);
    write_case(&dir, case).unwrap();
    let (back, _) = read_case(&dir, None).unwrap_or_else(|e| panic!("reading the written case: {e}"));
    let again = d.path().join("again");
    write_case(&again, &back).unwrap();
    for f in files(&dir) {
        let (a, b) = (std::fs::read(dir.join(&f)).unwrap(), std::fs::read(again.join(&f)).unwrap());
        assert!(a == b, "{} differs when written twice", f.display());
    }
    back
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p).into_iter().map(|f| Path::new(p.file_name().unwrap()).join(f)));
        } else {
            out.push(PathBuf::from(p.file_name().unwrap()));
        }
    }
    out
}

#[test]
fn every_column_round_trips() {
    let (case, _) = read_case(&fixture(), None).unwrap_or_else(|e| panic!("{e}"));
    let n = &case.network;
    // The fixture does use every optional column.
    assert_eq!(n.regions[0].name, "East, with a comma");
    assert_eq!(n.regions[1].name, "Say \"west\"");
    assert_eq!(n.regions[2].name, "que");
    assert_eq!(n.generators[0].ramp_up_pu_per_h, Some(0.5));
    assert_eq!(n.generators[0].expansion.as_ref().unwrap().build_unit_mw, Some(250.0));
    assert_eq!(n.generators[2].expansion.as_ref().unwrap().lifetime_years, 40.0);
    assert_eq!(n.storage[0].technology, "battery");
    assert_eq!(n.storage[0].soc_final_pu, Some(0.6));
    let e = n.storage[0].expansion.as_ref().unwrap();
    assert_eq!((e.max_added_power_mw, e.energy_cost_usd_per_mwh, e.lifetime_years), (200.0, 245690.0, 15.0));
    assert!(n.storage[1].expansion.is_none());
    assert_eq!((n.lines[0].tap_ratio, n.lines[0].phase_shift_deg), (1.02, -5.5));
    assert!(n.lines[0].expansion.is_some());
    let line_ids: Vec<&str> = n.lines.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(line_ids, ["l_ew", "l_cand"], "the candidate left off is not read");
    assert_eq!(n.links[0].kind, LinkKind::BackToBack);
    assert_eq!(n.links[1].p_max_reverse_mw, 1200.0);
    assert_eq!(n.flexible_loads.len(), 2);
    assert_eq!(n.hydro_budgets.len(), 2);
    assert_eq!(case.flex_load_mw[0][1], 51.5);
    assert_eq!(case.gen_p_max_pu[1].as_ref().unwrap()[2], 0.123456789);
    // The candidate left off is listed for the outputs, but it is not part of the
    // model and is not written back.
    let ids: Vec<&str> = n.idle_candidates.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["l_off"]);
    let mut case = case;
    case.network.idle_candidates.clear();

    let back = round_trip(&case, "every_column");
    assert_eq!(back, case);
    // Under another folder name the name is written into study.toml.
    let back = round_trip(&case, "elsewhere");
    assert_eq!(back, case);
}

#[test]
fn written_tables_quote_only_where_needed() {
    let (case, _) = read_case(&fixture(), None).unwrap();
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("every_column");
    write_case(&dir, &case).unwrap();
    let regions = std::fs::read_to_string(dir.join("regions.csv")).unwrap();
    assert_eq!(
        regions,
        "id,name,country,interconnection,time_zone,lat_deg,lon_deg\n\
         east,\"East, with a comma\",US,Eastern,America/New_York,40.7,-74\n\
         west,\"Say \"\"west\"\"\",US,Eastern,America/Chicago,41.9,-87.6\n\
         que,,CA,Quebec,America/Toronto,0,0\n"
    );
    let lines = std::fs::read_to_string(dir.join("lines.csv")).unwrap();
    assert!(lines.starts_with("id,from_region,to_region,s_max_mw,x_pu,tap_ratio,phase_shift_deg,status,expandable,"), "{lines}");
    assert!(lines.contains("\nl_cand,west,east,800,0.08,1,0,candidate,"), "{lines}");
}

#[test]
fn north_america_round_trips() {
    let dir = root().join("inputs/north-america");
    // Its load comes from the forecast (nagrid-load); any hourly load will do here.
    let (net_settings, net, _) = nagrid_io::read_network(&dir).unwrap();
    let hours = 48;
    let load_mw = net
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), (0..hours).map(|t| 1000.0 + i as f64 * 10.5 + t as f64 / 3.0).collect()))
        .collect();
    let provided = ProvidedLoads { load_mw, origin: "test".into(), ..Default::default() };
    let (case, _) = read_case_with(&dir, Some(hours), Some(provided)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(case.settings.name, net_settings.name);
    assert!(!case.network.lines.is_empty() && !case.network.links.is_empty() && !case.network.hydro_budgets.is_empty());
    let back = round_trip(&case, "north-america");
    // The components out of service in the study year are left out of what is
    // written; the rest must come back as read.
    let mut case = case;
    assert!(!case.network.out_of_service.generators.is_empty(), "the default case's fleet has vintages out of service in 2030");
    case.network.out_of_service = Default::default();
    assert!(!case.network.idle_candidates.is_empty(), "the default case has candidate projects, switched off");
    case.network.idle_candidates.clear();
    // The written case reads its load from series/loads-p_mw.csv: it was not synthesised.
    assert_eq!(case.load_origin.take().map(|o| o.origin), Some("test".to_string()));
    assert_eq!(back, case);
}

#[test]
fn write_case_refuses_what_the_format_cannot_hold() {
    let (mut case, _) = read_case(&fixture(), None).unwrap();
    case.network.generators[0].cost_quadratic_usd_per_mw2h = 0.01;
    let d = tempfile::tempdir().unwrap();
    let e = write_case(&d.path().join("x"), &case).unwrap_err().to_string();
    assert!(e.contains("cost_quadratic_usd_per_mw2h"), "{e}");
    assert!(!d.path().join("x").exists());
}
