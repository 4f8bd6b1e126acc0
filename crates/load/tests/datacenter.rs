//! Data-center scenarios, calibration, cooling model and input validation.

use nagrid_load::datacenter::{DataCenterInputs, FacilityProfile, FacilityType};
use nagrid_load::{Country, DataCenterModel, LoadError, ProjectionRow, Scenario};
use std::io::Write;

fn country_rows<'a>(rows: &'a [ProjectionRow], sc: &str, c: &str) -> Vec<&'a ProjectionRow> {
    rows.iter().filter(|r| r.is_country && r.scenario == sc && r.area == c).collect()
}

#[test]
fn projections_reproduce_published_totals() {
    let t = std::time::Instant::now();
    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().unwrap(), 1);
    let scs: Vec<Scenario> = [Scenario::low(), Scenario::mid(), Scenario::high()].iter().map(|s| model.calibrate(s).unwrap()).collect();
    let rows = model.project(&scs, 2040).unwrap();
    eprintln!("projection took {:?}", t.elapsed());
    for sc in ["low", "mid", "high"] {
        for c in ["US", "CA", "MX"] {
            let v = country_rows(&rows, sc, c);
            let s: Vec<String> = v
                .iter()
                .filter(|r| [2023, 2024, 2026, 2028, 2030, 2035, 2040].contains(&r.year))
                .map(|r| {
                    format!("{}:{:.1}TWh/{:.0}MW/{:.1}%", r.year, r.datacenter_energy_mwh / 1e6, r.it_capacity_mw, r.datacenter_share_pct)
                })
                .collect();
            eprintln!("{sc} {c} {}", s.join(" "));
        }
    }
    let us = |sc: &str, y: i32| country_rows(&rows, sc, "US").into_iter().find(|r| r.year == y).unwrap().datacenter_energy_mwh / 1e6;
    for sc in ["low", "mid", "high"] {
        assert!((us(sc, 2023) / 176.0 - 1.0).abs() < 0.05, "{sc} 2023: {}", us(sc, 2023));
    }
    assert!((us("low", 2028) / 325.0 - 1.0).abs() < 0.05);
    assert!((us("high", 2028) / 580.0 - 1.0).abs() < 0.05);
    assert!(us("low", 2028) < us("mid", 2028) && us("mid", 2028) < us("high", 2028));
    // Canada: CER reports ~750 MW of data-centre consumption in 2024.
    let ca_2024 = country_rows(&rows, "mid", "CA").into_iter().find(|r| r.year == 2024).unwrap().datacenter_energy_mwh / 8784.0;
    assert!((550.0..1000.0).contains(&ca_2024), "Canada 2024 average {ca_2024} MW");
    // Mexico: "up to ~3 GW by 2030" (Wired/MBN 2025) bounds the high case; MEXDC ~236 MW in 2025.
    let mx = |sc: &str, y: i32| country_rows(&rows, sc, "MX").into_iter().find(|r| r.year == y).unwrap().it_capacity_mw;
    assert!((1000.0..=3000.0).contains(&mx("high", 2030)), "Mexico 2030 high {}", mx("high", 2030));
    assert!((150.0..400.0).contains(&mx("mid", 2025)), "Mexico 2025 {}", mx("mid", 2025));
    // US 2030 inside the LBNL 2025-update range 521–843 TWh for mid and high.
    assert!((521.0..=843.0).contains(&us("mid", 2030)) && (521.0..=843.0).contains(&us("high", 2030)));
    // Every year has rows for every region and country, and growth is monotone in the mid case.
    let mid_us: Vec<f64> = country_rows(&rows, "mid", "US").iter().map(|r| r.datacenter_energy_mwh).collect();
    assert_eq!(mid_us.len(), 18);
    assert!(mid_us.windows(2).all(|w| w[1] >= w[0]));
}

#[test]
fn pue_is_monotone_in_temperature_and_in_documented_ranges() {
    for ft in FacilityType::ALL {
        let p = FacilityProfile::default_for(ft);
        let mut last = 0.0;
        for i in -400..=500 {
            let t = i as f64 / 10.0;
            let v = p.pue(p.pue_base, t);
            assert!(v >= last, "{ft}: PUE decreases at {t} °C");
            assert!(v >= p.pue_base && v <= p.pue_max);
            last = v;
        }
        assert_eq!(p.pue(p.pue_base, -10.0), p.pue_base);
        assert!(p.pue(p.pue_base, 35.0) > p.pue_base);
    }
    // Annual mean PUE of a hyperscale-like AI site in a hot climate stays near the §2.1 range.
    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().unwrap(), 1);
    let sc = model.calibrate(&Scenario::mid()).unwrap();
    let h = model.region_hourly(&sc, "us_ercot", 2023).unwrap();
    let prof = FacilityProfile::default_for(FacilityType::AiTraining);
    let mean_pue = h.temperature_c.iter().map(|t| prof.pue(prof.pue_base, *t)).sum::<f64>() / h.temperature_c.len() as f64;
    eprintln!("ERCOT AI-training mean PUE {mean_pue:.4}");
    assert!((1.12..1.25).contains(&mean_pue), "mean PUE {mean_pue}");
}

#[test]
fn hourly_study_year_series() {
    let model = DataCenterModel::new(DataCenterInputs::north_america_defaults().unwrap(), 1);
    let sc = model.calibrate(&Scenario::high()).unwrap();
    let h = model.region_hourly(&sc, "us_pjm", 2030).unwrap();
    assert_eq!(h.base_mw.len(), 8760);
    assert_eq!(h.datacenter_mw.len(), 8760);
    assert!(h.flexible_mw.iter().zip(&h.datacenter_mw).all(|(f, d)| *f >= 0.0 && f < d));
    let dc_mean = h.datacenter_mw.iter().sum::<f64>() / 8760.0;
    assert!(dc_mean > 0.3 * h.it_capacity_mw && dc_mean < 1.2 * h.it_capacity_mw);
    let base_2023 = model.region_hourly(&sc, "us_pjm", 2023).unwrap();
    assert!(h.it_capacity_mw > 2.0 * base_2023.it_capacity_mw);
    assert!(model.region_hourly(&sc, "nowhere", 2030).is_err());
    assert_eq!(h.country, Country::US);
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(text.as_bytes()).unwrap();
    p
}

#[test]
fn bad_datacenter_inputs_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let regions = write(
        dir.path(),
        "regions.csv",
        "region,country,annual_energy_mwh,peak_mw,base_growth_pct_per_year,latitude_deg,longitude_deg,climate,timezone\n\
         r1,US,1000000,200,1,40,-75,cold,America/New_York\n\
         r2,XX,abc,200,1,40,-75,arctic,Mars/Base\n",
    );
    let dcs = write(dir.path(), "datacenters.csv", "region,facility_type,it_capacity_mw_base\nr1,ai_training,100\nr1,quantum,5\n");
    let pipe = write(
        dir.path(),
        "datacenter_pipeline.csv",
        "region,project,facility_type,mw,online_year,stage,probability\n\
         r1,a,ai_training,100,2026,maybe,\n\
         r1,b,ai_training,100,2019,announced,0.5\n\
         r1,c,ai_inference,100,2027,announced,1.5\n\
         r1,d,ai_inference,lots,2027,announced,0.5\n",
    );
    let err = DataCenterInputs::from_files(&regions, &dcs, &pipe, 2023).unwrap_err();
    let LoadError::Input(problems) = &err else { panic!("{err}") };
    let msg = err.to_string();
    eprintln!("{msg}");
    for needle in [
        "regions.csv, line 3, column 'country', value 'XX'",
        "regions.csv, line 3, column 'annual_energy_mwh', value 'abc'",
        "regions.csv, line 3, column 'climate', value 'arctic'",
        "regions.csv, line 3, column 'timezone', value 'Mars/Base'",
        "datacenters.csv, line 3, column 'facility_type', value 'quantum'",
        "datacenter_pipeline.csv, line 2, column 'stage', value 'maybe'",
        "datacenter_pipeline.csv, line 3, column 'online_year', value '2019': online year before the base year 2023",
        "datacenter_pipeline.csv, line 4, column 'probability', value '1.5'",
        "datacenter_pipeline.csv, line 5, column 'mw', value 'lots'",
    ] {
        assert!(msg.contains(needle), "missing {needle:?} in\n{msg}");
    }
    assert_eq!(problems.len(), 9);
}

#[test]
fn typed_regions_give_the_inputs_of_the_regions_table_and_are_checked_alike() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (dcs, pipe) = (data.join("datacenters.csv"), data.join("datacenter_pipeline.csv"));
    let from_csv = DataCenterInputs::from_files(&data.join("regions.csv"), &dcs, &pipe, 2023).unwrap();
    let typed = DataCenterInputs::from_regions(from_csv.regions.clone(), "regions", &dcs, &pipe, 2023).unwrap();
    assert_eq!(typed, from_csv);

    let mut bad = from_csv.regions.clone();
    bad[1].base_growth_pct_per_year = 60.0;
    bad[2].spec.name = bad[0].spec.name.clone();
    bad[3].spec.annual_energy_mwh = -1.0;
    let err = DataCenterInputs::from_regions(bad, "regions", &dcs, &pipe, 2023).unwrap_err().to_string();
    assert!(err.contains("regions, line 3, column 'base_growth_pct_per_year', value '60': outside [-20, 50]"), "{err}");
    assert!(err.contains("regions, line 4, column 'region'") && err.contains("duplicate region"), "{err}");
    assert!(err.contains("regions, line 5, column 'annual_energy_mwh', value '-1'"), "{err}");
}
