//! `nagrid_io::pypsa` on bad and partly untranslatable PyPSA folders: every error
//! names file, line, column and value; what is not translated is a warning naming
//! the components; nothing panics. The solved fixture itself is checked against
//! PyPSA's objective in crates/study/tests/pypsa_interop.rs.
//!
//! `NAGRID_BLESS_DOCS=1 cargo test -p nagrid-io --test pypsa` rewrites the attribute
//! tables of docs/pypsa.md from the importer's catalogue.

mod common;

use nagrid_io::pypsa::{attribute_tables, read_pypsa, write_pypsa};
use nagrid_io::IoError;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pypsa/five-bus")
}

/// A copy of the fixture to edit.
fn copy(dest: &Path) -> PathBuf {
    let dir = dest.join("net");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(fixture()).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir
}

/// Replace `from` (which must occur) by `to` in `dir/file`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn errors(dir: &Path) -> String {
    match read_pypsa(dir) {
        Err(IoError::Input(issues)) => issues.to_string(),
        Err(e) => panic!("not an input error: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn invalid_values_are_errors_naming_file_line_column_and_value() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy(tmp.path());
    edit(&d, "generators.csv", "central_coal,central,PQ,2000.0", "central_coal,central,PQ,-5");
    edit(&d, "generators.csv", "0.15,0.2,2000.0", "0,0.2,2000.0");
    edit(&d, "generators-p_max_pu.csv", "1,0.5652,", "1,1.5652,");
    edit(&d, "links.csv", "east-north,east,north,DC,0.96,400.0,0.0", "east-north,east,north,DC,0.96,400.0,-1");
    edit(&d, "lines.csv", "east-south,east,south,35.0", "east-south,east,nowhere,35.0");
    edit(&d, "lines.csv", "south-west,south,west,40.0", "south-west,south,west,0");
    edit(&d, "storage_units.csv", "west_phs,west,500.0,pumped_hydro,0.0,2000.0", "west_phs,west,500.0,pumped_hydro,0.0,9000.0");
    edit(&d, "loads-p_set.csv", "2,1747.5", "2,-1747.5");
    edit(&d, "snapshots.csv", "5,2030-07-01 05:00:00,1,1,1", "5,2030-07-01 06:00:00,1,2,1");
    let e = errors(&d);
    for want in [
        "generators.csv, line 3, column 'p_nom', value '-5': must be a number from 0 to 1e9 MW",
        "generators.csv, line 3, column 'ramp_limit_up', value '0': nagrid needs a ramp limit in (0, 1000]",
        "generators-p_max_pu.csv, line 3, column 'west_wind', value '1.5652': must be in [0, 1]",
        "links.csv, line 3, column 'p_min_pu', value '-1': p_min_pu < 0 with efficiency < 1",
        "lines.csv, line 4, column 'bus1', value 'nowhere': not an active bus of buses.csv",
        "lines.csv, line 5, column 'x', value '0': x / v_nom² × 100 MVA = 0e0 per unit",
        "storage_units.csv, line 3, column 'state_of_charge_initial', value '9000': must be from 0 to p_nom × max_hours = 4000 MWh",
        "loads-p_set.csv, line 4, column 'west_load', value '-1747.5': must be a number from 0 to 1e9 MW",
        "snapshots.csv, line 7, column 'snapshot', value '2030-07-01 06:00:00': snapshots must be consecutive hours: expected 2030-07-01 05:00:00",
        "snapshots.csv, line 7, column 'stores', value '2': snapshot weightings other than 1 are not supported",
    ] {
        assert!(e.contains(want), "missing {want:?} in\n{e}");
    }
}

#[test]
fn what_is_not_translated_is_a_warning_naming_the_components() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy(tmp.path());
    edit(&d, "generators.csv", "p_nom_opt\n", "p_nom_opt,committable,start_up_cost,my_note\n");
    let text = std::fs::read_to_string(d.join("generators.csv")).unwrap();
    let rows: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => l.to_string(),
            2 => format!("{l},True,500,x"),
            _ => format!("{l},False,0,"),
        })
        .collect();
    std::fs::write(d.join("generators.csv"), rows.join("\n") + "\n").unwrap();
    edit(&d, "links.csv", "marginal_cost,p_nom_opt\n", "marginal_cost,p_nom_opt,ramp_limit_up\n");
    edit(&d, "links.csv", "0.8,400.0\n", "0.8,400.0,0.5\n");
    edit(&d, "links.csv", "0.0,800.0\n", "0.0,800.0,\n");
    edit(&d, "storage_units.csv", "efficiency_dispatch,p_nom_opt\n", "efficiency_dispatch,p_nom_opt,standing_loss\n");
    edit(&d, "storage_units.csv", "0.92,0.92,300.0\n", "0.92,0.92,300.0,0.01\n");
    edit(&d, "storage_units.csv", "0.9,500.0\n", "0.9,500.0,\n");
    std::fs::write(
        d.join("global_constraints.csv"),
        "name,type,carrier_attribute,sense,constant\nco2_limit,primary_energy,co2_emissions,<=,1e9\n",
    )
    .unwrap();
    std::fs::write(d.join("transformers.csv"), "name,bus0,bus1,x,s_nom\nt1,west,central,0.1,100\n").unwrap();
    let cost: String = (0..48).map(|t| format!("{t},{}\n", 30 + t % 3)).collect();
    std::fs::write(d.join("generators-marginal_cost.csv"), format!(",west_gas\n{cost}")).unwrap();
    let imp = read_pypsa(&d).unwrap();
    let w: Vec<String> = imp.warnings.iter().map(|i| i.to_string()).collect();
    let all = w.join("\n");
    for want in [
        "generators.csv, line 3, column 'committable', value 'True': not translated: unit commitment",
        "generators.csv, line 3, column 'start_up_cost', value '500': not translated: unit commitment",
        "(central_coal)",
        "generators.csv, line 1, column 'my_note', value 'my_note': column unknown to PyPSA 1.4 and to nagrid",
        "links.csv, line 3, column 'ramp_limit_up', value '0.5': not translated: ramp limits of links (east-north)",
        "storage_units.csv, line 2, column 'standing_loss', value '0.01': not translated: standing losses (east_battery)",
        "global_constraints.csv: global constraints (CO2 limits, transmission volume limits, ...) are not translated (co2_limit)",
        "transformers.csv: transformers are not translated: the buses they join are not joined in nagrid (t1)",
        "generators-marginal_cost.csv: not translated: time-varying marginal_cost (the static value in generators.csv is used)",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // The committable unit is dispatched without its minimum output.
    let coal = imp.case.network.generators.iter().find(|g| g.id == "central_coal").unwrap();
    assert_eq!(coal.p_min_mw, 0.0);
    assert_eq!(coal.ramp_up_pu_per_h, Some(0.15), "generator ramp limits are translated");
}

/// Between DC buses PyPSA's linear power flow uses r in place of x.
#[test]
fn dc_lines_take_their_resistance() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy(tmp.path());
    edit(&d, "buses.csv", "country,time_zone\n", "country,time_zone,carrier\n");
    let text = std::fs::read_to_string(d.join("buses.csv")).unwrap();
    let rows: Vec<String> = text.lines().enumerate().map(|(i, l)| if i == 0 { l.into() } else { format!("{l},AC") }).collect();
    let extra = "north_dc,230.0,-95.0,50.0,PQ,,1,CA,America/Winnipeg,DC\nhub_dc,230.0,-90.0,48.0,PQ,,1,CA,America/Winnipeg,DC\n";
    std::fs::write(d.join("buses.csv"), rows.join("\n") + "\n" + extra).unwrap();
    let lines = std::fs::read_to_string(d.join("lines.csv")).unwrap();
    let dc_line = "dc-1,north_dc,hub_dc,0.0,5.29,1000.0,DC,1,,,,,1000.0,230.0\n";
    std::fs::write(d.join("lines.csv"), lines + dc_line).unwrap();
    let case = read_pypsa(&d).unwrap().case;
    let l = case.network.lines.iter().find(|l| l.id == "dc-1").unwrap();
    assert!((l.x_pu - 5.29 * 100.0 / (230.0 * 230.0)).abs() < 1e-15, "{}", l.x_pu);
    let (a, b) = (&case.network.regions[l.from], &case.network.regions[l.to]);
    assert_eq!((a.interconnection.as_str(), b.interconnection.as_str()), ("DC", "DC"));
    // An AC line may not join a DC bus.
    std::fs::write(
        d.join("lines.csv"),
        std::fs::read_to_string(d.join("lines.csv")).unwrap() + "bad,west,hub_dc,1.0,0.1,10.0,AC,0,,,,,10.0,345.0\n",
    )
    .unwrap();
    let e = errors(&d);
    assert!(
        e.contains("lines.csv, line 8, column 'bus1', value 'hub_dc': the buses are in different synchronous systems (AC and DC"),
        "{e}"
    );
}

#[test]
fn an_exported_case_names_what_pypsa_does_not_get() {
    let mut case = read_pypsa(&fixture()).unwrap().case;
    case.settings.economics.allow_unserved = true;
    case.network.lines[0].s_max_reverse_mw = 10.0;
    case.network.lines[1].phase_shift_deg = 5.0;
    let tmp = tempfile::tempdir().unwrap();
    let w: Vec<String> = write_pypsa(&case, &tmp.path().join("out")).unwrap().iter().map(|i| i.to_string()).collect();
    let all = w.join("\n");
    assert!(all.contains("lines.csv: not exported: a reverse limit other than s_max_mw") && all.contains("(west-central)"), "{all}");
    assert!(all.contains("not exported: phase shifts") && all.contains("(central-east)"), "{all}");
    // Unserved load: one generator per bus at the value of lost load.
    let gens = std::fs::read_to_string(tmp.path().join("out/generators.csv")).unwrap();
    assert!(gens.contains("west_unserved,west,unserved,") && gens.contains(",10000,"), "{gens}");
    assert!(write_pypsa(&case, &tmp.path().join("out")).is_err(), "an existing folder is never overwritten");
}

/// Every file of the fixture cut short, emptied or replaced by junk: an error or a
/// case, never a panic.
#[test]
fn damaged_files_do_not_panic() {
    let names: Vec<String> =
        std::fs::read_dir(fixture()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    let tmp = tempfile::tempdir().unwrap();
    for (k, name) in names.iter().enumerate() {
        let original = std::fs::read(fixture().join(name)).unwrap();
        for (v, damaged) in [original[..original.len() / 2].to_vec(), Vec::new(), b"\xff\xfe,\"\n,,\n\"".to_vec()].into_iter().enumerate() {
            let d = copy(&tmp.path().join(format!("{k}-{v}")));
            std::fs::write(d.join(name), damaged).unwrap();
            let _ = read_pypsa(&d);
        }
    }
    assert!(read_pypsa(&tmp.path().join("none")).is_err());
}

#[test]
fn docs_list_the_attributes_of_the_catalogue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/pypsa.md");
    let tables: Vec<(String, String)> = attribute_tables().into_iter().map(|(file, t)| (format!("### {file}"), t)).collect();
    common::check_doc_tables(&path, &tables, "the importer's catalogue");
}
