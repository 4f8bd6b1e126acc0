//! An independent formulation of the same dispatch LP written with good_lp
//! expressions (row-wise, named variables), used to check objectives and prices.
#![allow(dead_code)]

use good_lp::solvers::DualValues;
use good_lp::{constraint, highs, variable, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable};
use nagrid_model::Case;

pub struct Reference {
    pub objective: f64,
    pub prices: Vec<Vec<f64>>,
}

pub fn solve(case: &Case) -> Option<Reference> {
    let n = &case.network;
    let h = case.axis.hours;
    let voll = case.settings.economics.value_of_lost_load_usd_per_mwh;
    let mut vars = ProblemVariables::new();
    let mut cost = Expression::from(0.0);
    let mut balance: Vec<Vec<Expression>> = vec![vec![Expression::from(0.0); h]; n.regions.len()];
    let mut gvars: Vec<Vec<Variable>> = Vec::new();
    for (g, gen) in n.generators.iter().enumerate() {
        let mut row = Vec::new();
        for t in 0..h {
            let ub = case.gen_available_mw(g, t);
            let v = vars.add(variable().min(gen.p_min_mw.min(ub)).max(ub));
            cost += gen.marginal_cost_usd_per_mwh * v;
            balance[gen.region][t] += v;
            row.push(v);
        }
        gvars.push(row);
    }
    let mut ramp_rows = Vec::new();
    for (g, gen) in n.generators.iter().enumerate() {
        for t in 1..h {
            if let Some(r) = gen.ramp_up_pu_per_h {
                ramp_rows.push(constraint!(gvars[g][t] - gvars[g][t - 1] <= r * gen.p_max_mw));
            }
            if let Some(r) = gen.ramp_down_pu_per_h {
                ramp_rows.push(constraint!(gvars[g][t - 1] - gvars[g][t] <= r * gen.p_max_mw));
            }
        }
    }
    let mut flex_rows = Vec::new();
    for (f, fl) in n.flexible_loads.iter().enumerate() {
        let mut total = Expression::from(0.0);
        for t in 0..h {
            let c = vars.add(variable().min(0.0).max(case.flex_load_mw[f][t]));
            cost += fl.curtail_cost_usd_per_mwh * c;
            balance[fl.region][t] += c - case.flex_load_mw[f][t];
            total += c;
        }
        flex_rows.push(constraint!(total <= fl.max_curtail_share * case.flex_load_mw[f].iter().sum::<f64>()));
    }
    let mut budget_rows = Vec::new();
    for b in &n.hydro_budgets {
        use chrono::Datelike;
        let hours: Vec<usize> = (0..h).filter(|&t| case.axis.timestamp(t).month() == b.month).collect();
        if hours.is_empty() {
            continue;
        }
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][b.month as usize - 1] as f64
            + if b.month == 2 && case.axis.timestamp(hours[0]).year() % 4 == 0 { 1.0 } else { 0.0 };
        let used: Expression = hours.iter().map(|&t| gvars[b.generator][t]).sum();
        budget_rows.push(constraint!(used <= b.energy_mwh * hours.len() as f64 / (24.0 * days)));
    }
    for r in 0..n.regions.len() {
        for t in 0..h {
            let v = vars.add(variable().min(0.0).max(case.load_mw[r][t]));
            cost += voll * v;
            balance[r][t] += v;
        }
    }
    let mut soc_rows = Vec::new();
    for s in &n.storage {
        let c: Vec<Variable> = (0..h).map(|_| vars.add(variable().min(0.0).max(s.p_max_mw))).collect();
        let d: Vec<Variable> = (0..h).map(|_| vars.add(variable().min(0.0).max(s.p_max_mw))).collect();
        let e: Vec<Variable> = (0..h).map(|_| vars.add(variable().min(0.0).max(s.energy_mwh))).collect();
        for t in 0..h {
            cost += s.marginal_cost_usd_per_mwh * d[t];
            balance[s.region][t] += d[t] - c[t];
            let prev: Expression = if t > 0 {
                e[t - 1].into()
            } else {
                match s.soc_initial_pu {
                    Some(pu) => Expression::from(pu * s.energy_mwh),
                    None => e[h - 1].into(),
                }
            };
            soc_rows.push(constraint!(e[t] == prev + s.efficiency_charge * c[t] - (1.0 / s.efficiency_discharge) * d[t]));
        }
    }
    for l in &n.lines {
        for t in 0..h {
            let f = vars.add(variable().min(-l.s_max_mw).max(l.s_max_mw));
            balance[l.from][t] -= f;
            balance[l.to][t] += f;
        }
    }
    for k in &n.links {
        for t in 0..h {
            let fw = vars.add(variable().min(0.0).max(k.p_max_forward_mw));
            let rv = vars.add(variable().min(0.0).max(k.p_max_reverse_mw));
            cost += k.wheeling_cost_usd_per_mwh * (fw + rv);
            balance[k.from][t] += k.efficiency * rv - fw;
            balance[k.to][t] += k.efficiency * fw - rv;
        }
    }
    let mut model = vars.minimise(cost.clone()).using(highs);
    for c in ramp_rows.into_iter().chain(flex_rows) {
        model.add_constraint(c);
    }
    for c in budget_rows {
        model.add_constraint(c);
    }
    for c in soc_rows {
        model.add_constraint(c);
    }
    let mut refs = Vec::new();
    for (r, row) in balance.into_iter().enumerate() {
        let mut rr = Vec::new();
        for (t, e) in row.into_iter().enumerate() {
            rr.push(model.add_constraint(constraint!(e == case.load_mw[r][t])));
        }
        refs.push(rr);
    }
    let mut sol = model.solve().ok()?;
    let objective = sol.eval(&cost);
    let duals = sol.compute_dual();
    let prices = refs.iter().map(|rr| rr.iter().map(|c| duals.dual(c.clone())).collect()).collect();
    Some(Reference { objective, prices })
}
