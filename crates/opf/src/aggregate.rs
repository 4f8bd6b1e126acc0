//! (AG1) Identical units solved as one. A fleet table with vintages (one row per
//! year's additions of a region's solar, or a coal band split by retirement year)
//! has many generators and storage units that the LP cannot tell apart: same
//! region, technology, cost, emissions, availability series, must-run and reserve
//! shares, ramp limits in per unit. Without unit commitment, such units are one unit
//! of their summed capacity: every constraint of a member (G1, G2, A1, A2, R1, RS2,
//! S1–S3) is the group's scaled by the member's share of the capacity. The dispatch
//! solves the smaller LP and gives each member its capacity share of the group's
//! output, reserve and state of charge; the objective and every dual are those of
//! the full LP, and the verification runs on the full case.

use crate::solution::DispatchSolution;
use nagrid_model::{Case, Generator, Storage};
use std::collections::HashMap;

/// Members of the merged units: `groups[k]` lists the original indices merged into
/// unit `k` of the reduced case, each with its share of the group's capacity.
pub(crate) struct Merged {
    gens: Vec<Vec<(usize, f64)>>,
    storage: Vec<Vec<(usize, f64)>>,
}

/// Everything the LP sees of a generator, bar its capacity and id.
fn gen_key(case: &Case, g: usize, budgeted: &[bool]) -> Option<String> {
    let x: &Generator = &case.network.generators[g];
    let plain = x.p_min_mw == 0.0
        && x.cost_quadratic_usd_per_mw2h == 0.0
        && x.cost_constant_usd_per_h == 0.0
        && x.expansion.is_none()
        && !budgeted[g]
        && x.p_max_mw > 0.0;
    if !plain {
        return None;
    }
    // The availability series: by profile name when shared, else by its values.
    let series = match (&x.profile, &case.gen_p_max_pu[g]) {
        (_, None) => "none".to_string(),
        (Some(p), Some(_)) => format!("profile:{p}"),
        (None, Some(s)) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.iter().for_each(|v| v.to_bits().hash(&mut h));
            format!("series:{:x}:{}", h.finish(), s.len())
        }
    };
    let fuel = x.fuel.as_ref().map(|f| (f.fuel, f.heat_rate_mmbtu_per_mwh.to_bits(), f.vom_usd_per_mwh.to_bits()));
    Some(format!(
        "{}|{}|{:?}|{}|{}|{:?}|{:?}|{}|{}",
        x.region,
        x.technology,
        fuel,
        x.marginal_cost_usd_per_mwh.to_bits(),
        x.co2_t_per_mwh.to_bits(),
        x.ramp_up_pu_per_h.map(f64::to_bits),
        x.ramp_down_pu_per_h.map(f64::to_bits),
        x.reserve_max_pu.to_bits(),
        series
    ))
}

/// Everything the LP sees of a storage unit, bar its size and id (hours of storage
/// compared to 1e-9 relative).
fn storage_key(s: &Storage) -> Option<String> {
    if s.p_max_mw <= 0.0 || s.expansion.is_some() {
        return None;
    }
    let hours = s.energy_mwh / s.p_max_mw;
    Some(format!(
        "{}|{}|{}|{}|{:?}|{:?}|{}|{}|{:.9e}",
        s.region,
        s.technology,
        s.efficiency_charge.to_bits(),
        s.efficiency_discharge.to_bits(),
        s.soc_initial_pu.map(f64::to_bits),
        s.soc_final_pu.map(f64::to_bits),
        s.marginal_cost_usd_per_mwh.to_bits(),
        s.reserve_max_pu.to_bits(),
        hours
    ))
}

/// Group indices by key (a unit without a key stays alone), in order of first member.
fn groups(keys: Vec<Option<String>>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, k) in keys.into_iter().enumerate() {
        match k {
            Some(k) => match at.get(&k) {
                Some(&j) => out[j].push(i),
                None => {
                    at.insert(k, out.len());
                    out.push(vec![i]);
                }
            },
            None => out.push(vec![i]),
        }
    }
    out
}

fn shares(members: &[usize], size: impl Fn(usize) -> f64) -> Vec<(usize, f64)> {
    let total: f64 = members.iter().map(|&i| size(i)).sum();
    members.iter().map(|&i| (i, if total > 0.0 { size(i) / total } else { 1.0 / members.len() as f64 })).collect()
}

/// The reduced case, or `None` when no two units merge. Expandable units are never
/// merged (capacity decisions are per asset).
pub(crate) fn merge(case: &Case) -> Option<(Case, Merged)> {
    let n = &case.network;
    let mut budgeted = vec![false; n.generators.len()];
    for b in &n.hydro_budgets {
        if let Some(x) = budgeted.get_mut(b.generator) {
            *x = true;
        }
    }
    let gen_groups = groups((0..n.generators.len()).map(|g| gen_key(case, g, &budgeted)).collect());
    let st_groups = groups(n.storage.iter().map(storage_key).collect());
    if gen_groups.len() == n.generators.len() && st_groups.len() == n.storage.len() {
        return None;
    }
    // Hydro budgets refer to generators by index: renumber them.
    let mut new_index = vec![0; n.generators.len()];
    for (k, members) in gen_groups.iter().enumerate() {
        for &g in members {
            new_index[g] = k;
        }
    }
    let mut reduced = case.clone();
    let rn = &mut reduced.network;
    rn.generators = gen_groups
        .iter()
        .map(|m| {
            let mut g = n.generators[m[0]].clone();
            g.p_max_mw = m.iter().map(|&i| n.generators[i].p_max_mw).sum();
            g
        })
        .collect();
    rn.storage = st_groups
        .iter()
        .map(|m| {
            let mut s = n.storage[m[0]].clone();
            s.p_max_mw = m.iter().map(|&i| n.storage[i].p_max_mw).sum();
            s.energy_mwh = m.iter().map(|&i| n.storage[i].energy_mwh).sum();
            s
        })
        .collect();
    for b in &mut rn.hydro_budgets {
        b.generator = new_index[b.generator];
    }
    reduced.gen_p_max_pu = gen_groups.iter().map(|m| case.gen_p_max_pu[m[0]].clone()).collect();
    let merged = Merged {
        gens: gen_groups.iter().map(|m| shares(m, |i| n.generators[i].p_max_mw)).collect(),
        storage: st_groups.iter().map(|m| shares(m, |i| n.storage[i].p_max_mw)).collect(),
    };
    Some((reduced, merged))
}

fn spread(groups: &[Vec<(usize, f64)>], n: usize, reduced: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); n];
    for (k, members) in groups.iter().enumerate() {
        for &(i, share) in members {
            out[i] = reduced[k].iter().map(|v| v * share).collect();
        }
    }
    out
}

/// The solution of the full case from the reduced case's: each member takes its
/// capacity share of its group's output, reserve, charge, discharge and energy.
pub(crate) fn split(m: &Merged, case: &Case, mut s: DispatchSolution) -> DispatchSolution {
    let (ng, ns) = (case.network.generators.len(), case.network.storage.len());
    s.gen_p_mw = spread(&m.gens, ng, &s.gen_p_mw);
    if !s.gen_reserve_mw.is_empty() {
        s.gen_reserve_mw = spread(&m.gens, ng, &s.gen_reserve_mw);
    }
    s.storage_charge_mw = spread(&m.storage, ns, &s.storage_charge_mw);
    s.storage_discharge_mw = spread(&m.storage, ns, &s.storage_discharge_mw);
    s.storage_soc_mwh = spread(&m.storage, ns, &s.storage_soc_mwh);
    if !s.storage_reserve_mw.is_empty() {
        s.storage_reserve_mw = spread(&m.storage, ns, &s.storage_reserve_mw);
    }
    let mut init = vec![0.0; ns];
    for (k, members) in m.storage.iter().enumerate() {
        for &(i, share) in members {
            init[i] = s.storage_soc_initial_mwh.get(k).copied().unwrap_or(0.0) * share;
        }
    }
    s.storage_soc_initial_mwh = init;
    // Expandable generators are never merged: their results keep their own index.
    let mut built = vec![None; ng];
    for (k, members) in m.gens.iter().enumerate() {
        if let [(i, _)] = members.as_slice() {
            built[*i] = s.expansion.generators.get(k).cloned().flatten();
        }
    }
    s.expansion.generators = built;
    // So is expandable storage.
    let (mut power, mut energy) = (vec![None; ns], vec![None; ns]);
    for (k, members) in m.storage.iter().enumerate() {
        if let [(i, _)] = members.as_slice() {
            power[*i] = s.expansion.storage_power.get(k).cloned().flatten();
            energy[*i] = s.expansion.storage_energy.get(k).cloned().flatten();
        }
    }
    s.expansion.storage_power = power;
    s.expansion.storage_energy = energy;
    s
}

/// The dispatch `s` of the full case as a dispatch of the reduced one: each merged
/// unit's output, reserve, charge, discharge and stored energy are its members' sums
/// (the inverse of [`split`] for a dispatch in which members move in proportion, and
/// a feasible point of the reduced LP for any feasible dispatch of the full one).
pub(crate) fn join(m: &Merged, s: &DispatchSolution) -> DispatchSolution {
    let sum = |groups: &[Vec<(usize, f64)>], v: &[Vec<f64>]| -> Vec<Vec<f64>> {
        if v.is_empty() {
            return Vec::new();
        }
        let h = v.first().map_or(0, Vec::len);
        groups
            .iter()
            .map(|members| {
                let mut total = vec![0.0; h];
                for &(i, _) in members {
                    for (a, b) in total.iter_mut().zip(&v[i]) {
                        *a += b;
                    }
                }
                total
            })
            .collect()
    };
    let mut r = s.clone();
    r.gen_p_mw = sum(&m.gens, &s.gen_p_mw);
    r.gen_reserve_mw = sum(&m.gens, &s.gen_reserve_mw);
    r.storage_charge_mw = sum(&m.storage, &s.storage_charge_mw);
    r.storage_discharge_mw = sum(&m.storage, &s.storage_discharge_mw);
    r.storage_soc_mwh = sum(&m.storage, &s.storage_soc_mwh);
    r.storage_reserve_mw = sum(&m.storage, &s.storage_reserve_mw);
    r
}
