//! (BD6) Risk over scenarios (weather years): the operating part of the expansion
//! objective is (1 − λ) × the expected cost + λ × CVaR_α of the scenario costs, with
//! CVaR_α the expected cost of the worst 1 − α of the probability mass
//! (Rockafellar and Uryasev 2000): CVaR_α = min_η η + Σ_s w_s (c_s − η)⁺ ÷ (1 − α).

use serde::Serialize;

/// The risk measure of an expansion over scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Risk {
    /// λ: weight of CVaR in the operating objective (0: the expected cost only).
    pub weight: f64,
    /// α: CVaR is the mean of the worst 1 − α of the scenarios' weight.
    pub alpha: f64,
}

impl Risk {
    /// The expected cost alone.
    pub const NEUTRAL: Risk = Risk { weight: 0.0, alpha: 0.0 };

    /// (1 − λ) Σ_s w_s c_s + λ CVaR_α(c) for costs `c` with weights `w` (summing to 1).
    pub fn objective(&self, w: &[f64], c: &[f64]) -> f64 {
        let mean: f64 = w.iter().zip(c).map(|(w, c)| w * c).sum();
        if self.weight == 0.0 {
            return mean;
        }
        (1.0 - self.weight) * mean + self.weight * cvar(self.alpha, w, c)
    }
}

/// CVaR_α of costs `c` with weights `w` (summing to 1): the minimum over η of
/// η + Σ_s w_s (c_s − η)⁺ ÷ (1 − α), reached at one of the costs (the function is
/// piecewise linear with its kinks there).
pub fn cvar(alpha: f64, w: &[f64], c: &[f64]) -> f64 {
    let tail = 1.0 - alpha;
    c.iter().map(|&eta| eta + w.iter().zip(c).map(|(w, c)| w * (c - eta).max(0.0)).sum::<f64>() / tail).fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvar_is_the_mean_of_the_worst_tail() {
        let w = [0.25; 4];
        let c = [10.0, 40.0, 20.0, 30.0];
        // α = 0: the mean; α = 0.5: the mean of the worst two (40, 30); α = 0.75: the worst.
        assert!((cvar(0.0, &w, &c) - 25.0).abs() < 1e-12);
        assert!((cvar(0.5, &w, &c) - 35.0).abs() < 1e-12);
        assert!((cvar(0.75, &w, &c) - 40.0).abs() < 1e-12);
        // α = 0.6: the worst (0.25 of the mass) and 0.15 of the second, over 0.4.
        assert!((cvar(0.6, &w, &c) - (0.25 * 40.0 + 0.15 * 30.0) / 0.4).abs() < 1e-12);
        let r = Risk { weight: 0.5, alpha: 0.75 };
        assert!((r.objective(&w, &c) - (0.5 * 25.0 + 0.5 * 40.0)).abs() < 1e-12);
        assert_eq!(Risk::NEUTRAL.objective(&w, &c), 25.0);
    }
}
