//! Resource adequacy at a glance: the reserve margin of every region in its peak
//! hour, reported in summary.json and summary.md with a warning below the target.
//!
//! margin = (available generation + storage power) ÷ peak load − 1, all in the
//! region's own peak hour of the horizon (load plus flexible load). Available
//! generation is each generator's capacity × its availability in that hour
//! (series × derate, A1), so wind and solar count with what the weather of that
//! hour gives and thermal units net of planned and forced outages. Imports are not
//! counted: a region below the target relies on its neighbours in its peak hour.

use nagrid_model::Case;
use serde::Serialize;
use std::collections::BTreeMap;

/// Planning reserve margin below which a region is flagged, percent (the order of
/// the NERC reference margin levels, ≈ 15 % in most assessment areas).
pub const TARGET_RESERVE_MARGIN_PCT: f64 = 15.0;

/// Reserve margin of one region in its peak hour.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RegionMargin {
    /// Peak load (load + flexible load), MW.
    pub peak_load_mw: f64,
    /// Hour of the peak, UTC (RFC 3339).
    pub peak_hour_utc: String,
    /// Generation available in that hour, MW.
    pub available_generation_mw: f64,
    /// Storage discharge power, MW.
    pub storage_mw: f64,
    /// (available generation + storage) ÷ peak load − 1, percent.
    pub margin_pct: f64,
    /// Below [`TARGET_RESERVE_MARGIN_PCT`].
    pub below_target: bool,
}

/// The reserve margin of every region with load.
pub fn reserve_margins(case: &Case) -> BTreeMap<String, RegionMargin> {
    let n = &case.network;
    let mut out = BTreeMap::new();
    for (r, region) in n.regions.iter().enumerate() {
        let load = |t: usize| {
            case.load_mw[r][t]
                + n.flexible_loads.iter().zip(&case.flex_load_mw).filter(|(f, _)| f.region == r).map(|(_, l)| l[t]).sum::<f64>()
        };
        let Some((t, peak)) = (0..case.axis.hours).map(|t| (t, load(t))).max_by(|a, b| a.1.total_cmp(&b.1)) else { continue };
        if peak <= 0.0 {
            continue;
        }
        let available: f64 = (0..n.generators.len()).filter(|&g| n.generators[g].region == r).map(|g| case.gen_available_mw(g, t)).sum();
        let storage: f64 = n.storage.iter().filter(|s| s.region == r).map(|s| s.p_max_mw).sum();
        let margin_pct = ((available + storage) / peak - 1.0) * 100.0;
        out.insert(
            region.id.clone(),
            RegionMargin {
                peak_load_mw: peak,
                peak_hour_utc: case.axis.timestamp(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                available_generation_mw: available,
                storage_mw: storage,
                margin_pct,
                below_target: margin_pct < TARGET_RESERVE_MARGIN_PCT,
            },
        );
    }
    out
}

/// The regions below the target, as "id (margin %)", sorted by margin.
pub fn below_target(m: &BTreeMap<String, RegionMargin>) -> Vec<String> {
    let mut v: Vec<(&String, &RegionMargin)> = m.iter().filter(|(_, r)| r.below_target).collect();
    v.sort_by(|a, b| a.1.margin_pct.total_cmp(&b.1.margin_pct));
    v.into_iter().map(|(id, r)| format!("{id} ({:.1} %)", r.margin_pct)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nagrid_model::{Generator, Network, Region, Storage, TimeAxis};

    /// One region, load 100 then 200 MW; a 150 MW unit and 80 MW of wind at 0.5 in
    /// hour 1, plus 20 MW of storage: (150 + 40 + 20) / 200 − 1 = 5 % < 15 %.
    #[test]
    fn margin_in_the_peak_hour_by_hand() {
        let regions = vec![Region::new("r", nagrid_model::Country::US, "Eastern")];
        let generators = vec![Generator::new("g", 0, "gas_cc", 150.0, 30.0), Generator::new("w", 0, "wind", 80.0, 0.0)];
        let network = Network { regions, generators, storage: vec![Storage::new("s", 0, 20.0, 40.0, 0.9)], ..Default::default() };
        let axis = TimeAxis::new(chrono::DateTime::parse_from_rfc3339("2030-07-01T00:00:00Z").unwrap().to_utc(), 2);
        let mut case = Case::new("t", network, axis, vec![vec![100.0, 200.0]]);
        case.gen_p_max_pu[1] = Some(vec![1.0, 0.5]);
        let m = reserve_margins(&case);
        let r = &m["r"];
        assert_eq!((r.peak_load_mw, r.available_generation_mw, r.storage_mw), (200.0, 190.0, 20.0));
        assert!((r.margin_pct - 5.0).abs() < 1e-12);
        assert!(r.below_target);
        assert_eq!(r.peak_hour_utc, "2030-07-01T01:00:00Z");
        assert_eq!(below_target(&m), ["r (5.0 %)"]);
    }
}
