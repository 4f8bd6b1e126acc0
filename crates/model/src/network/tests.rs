//! Field rules of the network components.

use super::*;

fn gen() -> Generator {
    Generator { co2_t_per_mwh: 0.4, ..Generator::new("g", 0, "gas", 100.0, 30.0) }
}

#[test]
fn generator_rules() {
    assert!(gen().check().is_empty());
    let mut g = gen();
    g.p_max_mw = -1.0;
    assert_eq!(g.check()[0].column, "p_max_mw");
    let mut g = gen();
    g.p_max_mw = f64::NAN;
    assert_eq!(g.check()[0].column, "p_max_mw");
    let mut g = gen();
    g.p_min_mw = 200.0;
    assert_eq!(g.check()[0].column, "p_min_mw");
}

#[test]
fn efficiency_bounds() {
    let l = Link {
        id: "k".into(),
        from: 0,
        to: 1,
        kind: LinkKind::Hvdc,
        p_max_forward_mw: 1.0,
        p_max_reverse_mw: 1.0,
        efficiency: 1.0,
        wheeling_cost_usd_per_mwh: 0.0,
        hurdle_usd_per_mwh: 0.0,
        expansion: None,
    };
    assert!(l.check().is_empty());
    for bad in [0.0, 1.01, 97.0, f64::NAN] {
        let mut k = l.clone();
        k.efficiency = bad;
        assert_eq!(k.check()[0].column, "efficiency", "{bad}");
    }
}

#[test]
fn country_parse() {
    assert_eq!("us".parse::<Country>().unwrap(), Country::US);
    assert_eq!("MEX".parse::<Country>().unwrap(), Country::MX);
    assert!("FR".parse::<Country>().is_err());
}
