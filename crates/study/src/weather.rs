//! Weather years (`[load] weather_year = 2021`, also a sweep axis): the study year's
//! load and renewables with the weather of a historical year.
//!
//! - **US regions**: the hourly shape of that year in `[load] weather_loads`, a file of
//!   historical hourly load per region (UTC, whole years). The default case points at
//!   inputs/north-america-2024/series/loads-p_mw.csv, whose US columns are EIA-930
//!   demand 2020–2024 mapped to the case's regions by that case's
//!   tools/build_load.py (SOURCES.load.md); nothing is mapped again here. The shape is
//!   moved by whole days so that weekdays line up with the study year's (at most three
//!   days; the days moved past the year's end come from its start), and scaled
//!   ([`nagrid_load::synthetic::scale_to_energy_and_peak`]) to the study year's
//!   non-data-center energy and to its peak times the weather year's peak-to-mean
//!   ratio over the mean ratio of every whole year of the file: a hot or cold year
//!   keeps its higher peak, and Winter Storm Uri (February 2021) and Elliott
//!   (December 2022) stay where they were. EIA-930 is the load served: the load shed
//!   during Uri is not in it.
//! - **Canada and Mexico** (no public hourly history on this machine): the forecast's
//!   synthetic weather with a seed made of `[load] seed` and the weather year
//!   ([`weather_seed`]): another year of weather of the same climate, not that year's.
//! - **Renewables**: when the case has `renewables.csv` (its wind and solar come from
//!   `nagrid series`), wind, solar and run-of-river availability is generated again
//!   for the study year with the weather-year seed, at the same annual capacity factors.

use crate::StudyError;
use chrono::Datelike;
use nagrid_model::{Country, Issue, Issues, Network, TimeAxis};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Seed of the synthetic weather of `year` from the case's `[load] seed`.
pub fn weather_seed(seed: u64, year: i32) -> u64 {
    nagrid_model::numeric::SplitMix64::new(seed ^ (year as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

fn err(file: &str, row: Option<usize>, column: Option<&str>, value: Option<String>, message: String) -> StudyError {
    StudyError::Io(nagrid_io::IoError::Input(Issues(vec![Issue {
        file: file.into(),
        row,
        column: column.map(str::to_string),
        value,
        message,
    }])))
}

/// Per region: the hourly values of the weather year and the peak-to-mean ratio of
/// that year and the mean ratio over every whole year of the file.
struct Shapes {
    values: HashMap<String, Vec<f64>>,
    ratio: HashMap<String, (f64, f64)>,
}

/// Running energy, peak and count of one region in one year.
#[derive(Default, Clone, Copy)]
struct YearStats {
    sum: f64,
    max: f64,
    n: usize,
}

/// Read the columns `regions` of `file` (relative to `dir`): the hours of `year` and
/// each whole year's peak-to-mean ratio.
fn read_shapes(dir: &Path, file: &str, year: i32, regions: &[&str]) -> Result<Shapes, StudyError> {
    let path = dir.join(file);
    let key = "load.weather_loads";
    let f = std::fs::File::open(&path)
        .map_err(|e| err("study.toml", None, Some(key), Some(file.into()), format!("cannot open {}: {e}", path.display())))?;
    let mut lines = std::io::BufReader::new(f).lines();
    let header = lines.next().and_then(|l| l.ok()).unwrap_or_default();
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    // Columns of each region: its own, or else the sum of its parts `<region>_<part>`
    // (inputs/north-america-2024 has New York as us_nyiso_west and us_nyiso_east).
    let mut idx: Vec<Vec<usize>> = Vec::new();
    for r in regions {
        let parts: Vec<usize> = match cols.iter().position(|c| c == r) {
            Some(i) => vec![i],
            None => {
                cols.iter().enumerate().filter(|(_, c)| c.strip_prefix(r).is_some_and(|t| t.starts_with('_'))).map(|(i, _)| i).collect()
            }
        };
        if parts.is_empty() {
            return Err(err(
                file,
                Some(1),
                Some(r),
                None,
                format!("no column for the US region {r} (nor columns {r}_<part> to add): the weather-year file needs one per US region of the case"),
            ));
        }
        idx.push(parts);
    }
    let mut stats: HashMap<(usize, i32), YearStats> = HashMap::new();
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); regions.len()];
    for (n, line) in lines.enumerate() {
        let line = line.map_err(|e| err(file, Some(n + 2), None, None, format!("cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        let y: i32 = fields[0].get(..4).and_then(|s| s.parse().ok()).ok_or_else(|| {
            err(file, Some(n + 2), Some("timestamp"), Some(fields[0].into()), "not a UTC timestamp (e.g. 2021-02-15T00:00:00Z)".into())
        })?;
        for (k, parts) in idx.iter().enumerate() {
            let mut v = 0.0;
            for &i in parts {
                let raw = fields.get(i).map_or("", |s| s.trim());
                v += raw
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| err(file, Some(n + 2), Some(cols[i]), Some(raw.into()), "not a load in MW (a number ≥ 0)".into()))?;
            }
            let s = stats.entry((k, y)).or_default();
            s.sum += v;
            s.max = s.max.max(v);
            s.n += 1;
            if y == year {
                values[k].push(v);
            }
        }
    }
    let whole = |y: i32| (0..regions.len()).all(|k| stats.get(&(k, y)).is_some_and(|s| s.n == nagrid_model::time::hours_in_year(y)));
    let mut years: Vec<i32> = stats.keys().map(|(_, y)| *y).filter(|y| whole(*y)).collect();
    years.sort();
    years.dedup();
    if !years.contains(&year) {
        let have = match (years.first(), years.last()) {
            (Some(a), Some(b)) => format!("it has the whole years {a}–{b}"),
            _ => "it has no whole year".into(),
        };
        return Err(err(
            "study.toml",
            None,
            Some("load.weather_year"),
            Some(year.to_string()),
            format!("{file} does not cover {year} in full; {have}"),
        ));
    }
    let ratio = |k: usize, y: i32| stats[&(k, y)].max / (stats[&(k, y)].sum / stats[&(k, y)].n as f64).max(1e-9);
    let mut out = Shapes { values: HashMap::new(), ratio: HashMap::new() };
    for (k, r) in regions.iter().enumerate() {
        let mean = years.iter().map(|y| ratio(k, *y)).sum::<f64>() / years.len() as f64;
        out.ratio.insert(r.to_string(), (ratio(k, year), mean));
        out.values.insert(r.to_string(), std::mem::take(&mut values[k]));
    }
    Ok(out)
}

/// The weather year's hours moved so that weekdays match the study year's (by at most
/// three days), one value per hour of `study_year`.
fn aligned(values: &[f64], weather_year: i32, study_year: i32) -> Vec<f64> {
    let wd = |y: i32| chrono::NaiveDate::from_ymd_opt(y, 1, 1).map_or(0, |d| d.weekday().num_days_from_monday() as i64);
    // Days d in -3..=3 with weekday(W + d) = weekday(Y).
    let mut d = (wd(study_year) - wd(weather_year)).rem_euclid(7);
    if d > 3 {
        d -= 7;
    }
    let n = values.len() as i64;
    (0..nagrid_model::time::hours_in_year(study_year) as i64).map(|t| values[(t + 24 * d).rem_euclid(n) as usize]).collect()
}

/// The non-data-center load of the US regions of `net` for `study_year` with the
/// weather of `weather_year`: `base_mw` (the forecast's, giving energy and peak) is
/// replaced region by region. Returns the file read, relative to the case folder.
pub fn us_base_load(
    dir: &Path,
    net: &Network,
    settings: &nagrid_model::LoadSettings,
    study_year: i32,
    base_mw: &mut [Vec<f64>],
) -> Result<Option<PathBuf>, StudyError> {
    let (Some(w), Some(file)) = (settings.weather_year, settings.weather_loads.as_deref()) else { return Ok(None) };
    let us: Vec<usize> = (0..net.regions.len()).filter(|&r| net.regions[r].country == Country::US).collect();
    let names: Vec<&str> = us.iter().map(|&r| net.regions[r].id.as_str()).collect();
    if names.is_empty() {
        return Ok(None);
    }
    let shapes = read_shapes(dir, file, w, &names)?;
    for (&r, name) in us.iter().zip(&names) {
        let base = &base_mw[r];
        let energy: f64 = base.iter().sum();
        let peak = base.iter().cloned().fold(0.0, f64::max);
        let (this, mean) = shapes.ratio[*name];
        let shape = aligned(&shapes.values[*name], w, study_year);
        let scaled = nagrid_load::synthetic::scale_to_energy_and_peak(&shape, energy, peak * this / mean).map_err(|e| {
            err(file, None, Some(name), None, format!("cannot scale the {w} shape to the study year's energy and peak: {e}"))
        })?;
        base_mw[r] = scaled;
    }
    Ok(Some(PathBuf::from(file)))
}

/// Wind, solar and run-of-river availability of the study year with the weather-year
/// seed, by series column (profile or generator id), on `axis` (within the study
/// year); `None` without `renewables.csv` or a weather year.
pub fn renewables(
    dir: &Path,
    net: &Network,
    settings: &nagrid_model::StudySettings,
    axis: &TimeAxis,
) -> Result<Option<HashMap<String, Vec<f64>>>, StudyError> {
    let Some(w) = settings.load.weather_year else { return Ok(None) };
    if !dir.join("renewables.csv").is_file() {
        return Ok(None);
    }
    use crate::renewables::{availability_of, RegionCf, DEFAULT_HYDRO_CF};
    let cfs: Vec<RegionCf> = nagrid_io::prepare::read_renewables(dir, net)?
        .into_iter()
        .map(|c| RegionCf { region: c.region, wind_cf: c.wind_cf, solar_cf: c.solar_cf })
        .collect();
    let year = TimeAxis::full_year(settings.study_year);
    let Some(start) = year.index_of(axis.start).filter(|s| s + axis.hours <= year.hours) else { return Ok(None) };
    // One series per column (the vintages of a region's fleet share a profile).
    let column = |g: usize| net.generators[g].profile.clone().unwrap_or_else(|| net.generators[g].id.clone());
    let mut first: HashMap<String, usize> = HashMap::new();
    for g in 0..net.generators.len() {
        first.entry(column(g)).or_insert(g);
    }
    let wanted = |g: usize| first.get(&column(g)) == Some(&g);
    let mut out = HashMap::new();
    for (g, s) in availability_of(net, &year, &cfs, DEFAULT_HYDRO_CF, weather_seed(settings.load.seed, w), wanted) {
        out.insert(column(g), s[start..start + axis.hours].to_vec());
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_line_up_within_three_days() {
        // 2021-01-01 is a Friday, 2030-01-01 a Tuesday: the shape starts 3 days
        // before (2020-12-29 wraps to the end of 2021).
        let v: Vec<f64> = (0..8760).map(|h| h as f64).collect();
        let a = aligned(&v, 2021, 2030);
        assert_eq!(a[0], (8760 - 72) as f64);
        assert_eq!(a[72], 0.0);
        // 2022 (Saturday) to 2030 (Tuesday): 3 days later.
        assert_eq!(aligned(&v, 2022, 2030)[0], 72.0);
        assert_eq!(aligned(&v, 2030, 2030), v);
        // A leap study year takes 8,784 values.
        assert_eq!(aligned(&v, 2021, 2032).len(), 8784);
        assert_ne!(weather_seed(1, 2021), weather_seed(1, 2022));
    }

    /// A region missing from the file is the sum of its parts `<region>_<part>`
    /// (New York in inputs/north-america-2024); a region with neither is named.
    #[test]
    fn a_region_split_in_the_file_is_read_as_the_sum_of_its_parts() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("timestamp,us_a,us_b_west,us_b_east,us_bx\n");
        let t0 = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        for h in 0..8760 {
            let t = t0 + chrono::Duration::hours(h);
            text += &format!("{},{},{},{},1000\n", t.format("%Y-%m-%dT%H:%M:%SZ"), 100 + h % 7, 10 + h % 3, 20);
        }
        std::fs::write(dir.path().join("w.csv"), text).unwrap();
        let s = read_shapes(dir.path(), "w.csv", 2021, &["us_a", "us_b"]).unwrap();
        assert_eq!(s.values["us_a"][..3], [100.0, 101.0, 102.0]);
        // us_b = us_b_west + us_b_east; us_bx is not a part (no underscore after the id).
        assert_eq!(s.values["us_b"][..4], [30.0, 31.0, 32.0, 30.0]);
        let e = read_shapes(dir.path(), "w.csv", 2021, &["us_c"]).err().unwrap().to_string();
        assert!(e.contains("us_c") && e.contains("us_c_<part>"), "{e}");
    }
}
