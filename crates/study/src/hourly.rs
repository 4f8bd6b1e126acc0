//! Hourly series per region shared by the output tables, the statistics and the
//! report: demand with its flexible part, storage, and net interchange.
//!
//! The energy balance (B1, F1 in docs/formulation.md) per region and hour reads, with
//! these series,
//!
//! generation + discharge − charge + unserved + flexible curtailed − demand = net export,
//!
//! where demand is the fixed load plus the flexible demand before curtailment, and net
//! export is what the region's lines and links take out of it at its own terminals
//! (sent minus received, so link losses count at the receiving end). Summed over the
//! regions, net exports are the link losses (zero without links).

use nagrid_model::Case;
use nagrid_opf::DispatchSolution;

/// Hourly series per region, `[region][hour]`, MW.
#[derive(Debug, Clone)]
pub struct RegionHourly {
    /// Fixed load plus flexible demand before curtailment.
    pub demand_mw: Vec<Vec<f64>>,
    /// Flexible demand (part of `demand_mw`) before curtailment.
    pub flexible_mw: Vec<Vec<f64>>,
    /// Flexible demand curtailed.
    pub flexible_curtailed_mw: Vec<Vec<f64>>,
    /// Generation.
    pub generation_mw: Vec<Vec<f64>>,
    /// Storage charging drawn from the grid.
    pub charge_mw: Vec<Vec<f64>>,
    /// Storage discharging delivered to the grid.
    pub discharge_mw: Vec<Vec<f64>>,
    /// Net export at the region's terminals (positive: the region sends).
    pub net_export_mw: Vec<Vec<f64>>,
}

/// Add `v[t]` to `acc[t]` for every hour.
fn add(acc: &mut [f64], v: &[f64], sign: f64) {
    for (a, x) in acc.iter_mut().zip(v) {
        *a += sign * x;
    }
}

/// The series of every region of `case` under `sol`.
pub fn region_hourly(case: &Case, sol: &DispatchSolution) -> RegionHourly {
    let n = &case.network;
    let (nr, h) = (n.regions.len(), case.axis.hours);
    let zero = || vec![vec![0.0; h]; nr];
    let mut out = RegionHourly {
        demand_mw: case.load_mw.clone(),
        flexible_mw: zero(),
        flexible_curtailed_mw: zero(),
        generation_mw: zero(),
        charge_mw: zero(),
        discharge_mw: zero(),
        net_export_mw: net_export_mw(case, sol),
    };
    for (f, fl) in n.flexible_loads.iter().enumerate() {
        add(&mut out.flexible_mw[fl.region], &case.flex_load_mw[f], 1.0);
        add(&mut out.demand_mw[fl.region], &case.flex_load_mw[f], 1.0);
        add(&mut out.flexible_curtailed_mw[fl.region], &sol.flex_curtailed_mw[f], 1.0);
    }
    for (g, gen) in n.generators.iter().enumerate() {
        add(&mut out.generation_mw[gen.region], &sol.gen_p_mw[g], 1.0);
    }
    for (s, u) in n.storage.iter().enumerate() {
        add(&mut out.charge_mw[u.region], &sol.storage_charge_mw[s], 1.0);
        add(&mut out.discharge_mw[u.region], &sol.storage_discharge_mw[s], 1.0);
    }
    out
}

/// Net export of every region and hour, MW: power its lines and links take out at its
/// terminals minus what they deliver to it (a link delivers efficiency × sent).
pub fn net_export_mw(case: &Case, sol: &DispatchSolution) -> Vec<Vec<f64>> {
    let n = &case.network;
    let mut out = vec![vec![0.0; case.axis.hours]; n.regions.len()];
    for (i, l) in n.lines.iter().enumerate() {
        add(&mut out[l.from], &sol.line_flow_mw[i], 1.0);
        add(&mut out[l.to], &sol.line_flow_mw[i], -1.0);
    }
    for (i, k) in n.links.iter().enumerate() {
        let (fw, rv) = (&sol.link_forward_mw[i], &sol.link_reverse_mw[i]);
        add(&mut out[k.from], fw, 1.0);
        add(&mut out[k.from], rv, -k.efficiency);
        add(&mut out[k.to], rv, 1.0);
        add(&mut out[k.to], fw, -k.efficiency);
    }
    out
}
