//! The balancing authorities and regions of the headroom study, their files in the
//! EIA-930 cleaned-demand folder (Ruggles et al.: gzip CSV, UTC hour-ending
//! `date_time`, column `cleaned demand (MW)`) and Duke's published headroom.

use chrono::{DateTime, Datelike, Utc};
use std::path::Path;

use super::SeasonWindows;
use crate::calendar::{ClockZone, HourLabel};
use crate::error::{LoadError, Result};
use crate::io::{read_hourly_csv, CsvSpec, TimeColumns};

/// Timestamp column of the EIA-930 cleaned files.
pub const TIME_COLUMN: &str = "date_time";
/// Demand column of the EIA-930 cleaned files.
pub const DEMAND_COLUMN: &str = "cleaned demand (MW)";

/// The curtailment shares (%) of Duke's per-BA table.
pub const DUKE_SHARES_PCT: [f64; 3] = [0.25, 0.5, 1.0];

/// Duke's published per-BA result (*Rethinking Load Growth*, Figure 1 / 8; 2016–2024).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duke {
    /// Headroom at 0.25 / 0.5 / 1 % ([`DUKE_SHARES_PCT`]), GW.
    pub headroom_gw: [f64; 3],
    /// Peak of a third-party reproduction with Duke's cleaning, GW.
    pub peak_gw: f64,
}

impl Duke {
    /// Duke's headroom at `share_pct`, if published per BA.
    pub fn at(&self, share_pct: f64) -> Option<f64> {
        DUKE_SHARES_PCT.iter().position(|s| (s - share_pct).abs() < 1e-9).map(|i| self.headroom_gw[i])
    }
}

/// A balancing authority or region: how to build its hourly demand from the files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Id accepted by `--bas` (EIA code of the BA, or of the EIA region).
    pub id: &'static str,
    /// Name for tables and charts.
    pub name: &'static str,
    /// Files (relative to the data folder) whose demand is summed.
    pub files: &'static [&'static str],
    /// Local standard time, hours from UTC (months are taken in this clock).
    pub utc_offset_h: i32,
    /// Seasonal peak windows.
    pub windows: SeasonWindows,
    /// Duke's result (BAs of the paper only).
    pub duke: Option<Duke>,
}

const CORE: SeasonWindows = SeasonWindows { summer_extended: false, winter_extended: false };
const WINTER_EXT: SeasonWindows = SeasonWindows { summer_extended: false, winter_extended: true };
const BOTH_EXT: SeasonWindows = SeasonWindows { summer_extended: true, winter_extended: true };

const fn duke(a: f64, b: f64, c: f64, peak_gw: f64) -> Option<Duke> {
    Some(Duke { headroom_gw: [a, b, c], peak_gw })
}

const fn area(
    id: &'static str,
    name: &'static str,
    files: &'static [&'static str],
    utc_offset_h: i32,
    windows: SeasonWindows,
    duke: Option<Duke>,
) -> Area {
    Area { id, name, files, utc_offset_h, windows, duke }
}

const PJM_ZONES: [&str; 19] = [
    "subregions_and_balancing_authorities/PJM-AE.csv.gz",
    "subregions_and_balancing_authorities/PJM-AEP.csv.gz",
    "subregions_and_balancing_authorities/PJM-AP.csv.gz",
    "subregions_and_balancing_authorities/PJM-ATSI.csv.gz",
    "subregions_and_balancing_authorities/PJM-BC.csv.gz",
    "subregions_and_balancing_authorities/PJM-CE.csv.gz",
    "subregions_and_balancing_authorities/PJM-DAY.csv.gz",
    "subregions_and_balancing_authorities/PJM-DEOK.csv.gz",
    "subregions_and_balancing_authorities/PJM-DOM.csv.gz",
    "subregions_and_balancing_authorities/PJM-DPL.csv.gz",
    "subregions_and_balancing_authorities/PJM-DUQ.csv.gz",
    "subregions_and_balancing_authorities/PJM-EKPC.csv.gz",
    "subregions_and_balancing_authorities/PJM-JC.csv.gz",
    "subregions_and_balancing_authorities/PJM-ME.csv.gz",
    "subregions_and_balancing_authorities/PJM-PE.csv.gz",
    "subregions_and_balancing_authorities/PJM-PEP.csv.gz",
    "subregions_and_balancing_authorities/PJM-PL.csv.gz",
    "subregions_and_balancing_authorities/PJM-PN.csv.gz",
    "subregions_and_balancing_authorities/PJM-PS.csv.gz",
];

/// Every area `--bas` accepts: Duke's BAs that the data cover (first; the default),
/// `PJM-ZONES` (PJM as the sum of its 19 zones, for comparison with the MIDA region),
/// then the other EIA regions. Seasonal windows: Duke's one-month extensions (AZPS and
/// FPL winter, CAISO summer and winter), carried over to the regions that hold those
/// BAs (SW, FLA, CAL).
pub const AREAS: [Area; 22] = [
    area("PJM", "PJM (EIA region MIDA)", &["regions/MIDA.csv.gz"], -5, CORE, duke(13.3, 17.8, 23.6, 153.1)),
    area("ERCO", "ERCOT (EIA region TEX)", &["regions/TEX.csv.gz"], -6, CORE, duke(6.5, 10.0, 14.7, 85.5)),
    area(
        "CISO",
        "CAISO (PG&E + SCE + SDG&E)",
        &[
            "subregions_and_balancing_authorities/CISO-PGAE.csv.gz",
            "subregions_and_balancing_authorities/CISO-SCE.csv.gz",
            "subregions_and_balancing_authorities/CISO-SDGE.csv.gz",
        ],
        -8,
        BOTH_EXT,
        duke(4.2, 5.0, 5.9, 51.1),
    ),
    area("NYIS", "NYISO (EIA region NY)", &["regions/NY.csv.gz"], -5, CORE, duke(3.2, 4.0, 4.8, 32.1)),
    area("ISNE", "ISO-NE (EIA region NE)", &["regions/NE.csv.gz"], -5, CORE, duke(2.8, 3.5, 4.3, 25.8)),
    area("SOCO", "Southern Company", &["subregions_and_balancing_authorities/SOCO.csv.gz"], -6, CORE, duke(6.4, 7.7, 9.3, 48.1)),
    area("TVA", "TVA", &["subregions_and_balancing_authorities/TVA.csv.gz"], -6, CORE, duke(3.5, 4.5, 5.9, 34.4)),
    area("FPL", "Florida Power & Light", &["subregions_and_balancing_authorities/FPL.csv.gz"], -5, WINTER_EXT, duke(3.3, 4.2, 5.3, 31.1)),
    area("DUK", "Duke Energy Carolinas", &["subregions_and_balancing_authorities/DUK.csv.gz"], -5, CORE, duke(2.2, 2.8, 3.7, 21.6)),
    area(
        "BPAT",
        "Bonneville Power Administration",
        &["subregions_and_balancing_authorities/BPAT.csv.gz"],
        -8,
        CORE,
        duke(1.6, 1.9, 2.3, 11.5),
    ),
    area("AZPS", "Arizona Public Service", &["subregions_and_balancing_authorities/AZPS.csv.gz"], -7, WINTER_EXT, duke(1.2, 1.6, 2.1, 8.3)),
    area("PACE", "PacifiCorp East", &["subregions_and_balancing_authorities/PACE.csv.gz"], -7, CORE, duke(1.2, 1.5, 1.8, 9.6)),
    area("PJM-ZONES", "PJM (sum of 19 zones)", &PJM_ZONES, -5, CORE, None),
    area("CAL", "California (EIA region)", &["regions/CAL.csv.gz"], -8, BOTH_EXT, None),
    area("CAR", "Carolinas (EIA region)", &["regions/CAR.csv.gz"], -5, CORE, None),
    area("CENT", "Central EIA region (~SPP)", &["regions/CENT.csv.gz"], -6, CORE, None),
    area("FLA", "Florida (EIA region)", &["regions/FLA.csv.gz"], -5, WINTER_EXT, None),
    area("MIDW", "Midwest EIA region (~MISO)", &["regions/MIDW.csv.gz"], -6, CORE, None),
    area("NW", "Northwest (EIA region)", &["regions/NW.csv.gz"], -8, CORE, None),
    area("SE", "Southeast (EIA region)", &["regions/SE.csv.gz"], -6, CORE, None),
    area("SW", "Southwest (EIA region)", &["regions/SW.csv.gz"], -7, WINTER_EXT, None),
    area("TEN", "Tennessee (EIA region)", &["regions/TEN.csv.gz"], -6, CORE, None),
];

/// Ids of all areas, comma-separated (for messages).
pub fn valid_ids() -> String {
    AREAS.iter().map(|a| a.id).collect::<Vec<_>>().join(", ")
}

/// The area with this id (case-insensitive), or an error naming the valid ids.
pub fn area_by_id(id: &str) -> Result<&'static Area> {
    let t = id.trim();
    AREAS
        .iter()
        .find(|a| a.id.eq_ignore_ascii_case(t))
        .ok_or_else(|| LoadError::Invalid(format!("unknown balancing authority or region {t:?} (valid: {})", valid_ids())))
}

/// The default areas: Duke's BAs whose files are all in `data_dir`.
pub fn default_areas(data_dir: &Path) -> Result<Vec<&'static Area>> {
    let v: Vec<&Area> = AREAS.iter().filter(|a| a.duke.is_some() && a.files.iter().all(|f| data_dir.join(f).is_file())).collect();
    if v.is_empty() {
        return Err(LoadError::Invalid(format!(
            "{} holds none of the EIA-930 files of Duke's balancing authorities (expected e.g. {}; give the eia930_cleaned folder)",
            data_dir.display(),
            AREAS[0].files[0]
        )));
    }
    Ok(v)
}

/// Hourly demand of an area: consecutive UTC hours.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLoad {
    /// The area.
    pub area: &'static Area,
    /// UTC start of the first hour.
    pub start_utc: DateTime<Utc>,
    /// Demand, MW.
    pub load_mw: Vec<f64>,
    /// Local (standard time) month of each hour's start, 1..=12.
    pub months: Vec<u32>,
}

/// Reads one file's cleaned demand (UTC, hour-ending).
fn read_file(data_dir: &Path, rel: &str, id: &str) -> Result<(DateTime<Utc>, Vec<f64>)> {
    let path = data_dir.join(rel);
    if !path.is_file() {
        return Err(LoadError::Invalid(format!(
            "{}: not found; {id} needs {rel} under --data {} (the EIA-930 cleaned folder)",
            path.display(),
            data_dir.display()
        )));
    }
    let spec = CsvSpec {
        time: TimeColumns::Timestamp { column: TIME_COLUMN.into(), label: HourLabel::Ending },
        columns: vec![DEMAND_COLUMN.into()],
        zone: ClockZone::UTC,
        period: None,
    };
    let mut frame = read_hourly_csv(&path, &spec)?;
    Ok((frame.start_utc, frame.values.swap_remove(0)))
}

/// Reads and sums the files of an area (each must cover the same hours).
pub fn read_area(data_dir: &Path, area: &'static Area) -> Result<AreaLoad> {
    let parts: Vec<Result<(DateTime<Utc>, Vec<f64>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = area.files.iter().map(|f| s.spawn(move || read_file(data_dir, f, area.id))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(LoadError::Invalid("a reader thread panicked".into())))).collect()
    });
    let mut parts = parts.into_iter();
    let (start_utc, mut load_mw) = parts.next().ok_or_else(|| LoadError::Invalid(format!("{} has no files", area.id)))??;
    for (k, p) in parts.enumerate() {
        let (start, values) = p?;
        if start != start_utc || values.len() != load_mw.len() {
            return Err(LoadError::Invalid(format!(
                "{}: {} covers {} hours from {start}, {} covers {} hours from {start_utc}; the files of an area must cover the same hours",
                area.id,
                area.files[k + 1],
                values.len(),
                area.files[0],
                load_mw.len()
            )));
        }
        load_mw.iter_mut().zip(&values).for_each(|(a, b)| *a += b);
    }
    let zone = ClockZone::Fixed(area.utc_offset_h * 3600);
    let months = (0..load_mw.len()).map(|i| zone.to_local(start_utc + chrono::Duration::hours(i as i64)).month()).collect();
    Ok(AreaLoad { area, start_utc, load_mw, months })
}
