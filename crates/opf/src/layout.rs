//! Where each variable and row of the dispatch LP lives.
//!
//! Each block of columns is time-major: column `base + t * n + i` is item `i` in
//! hour `t`. Balance rows are `t * R + r`; storage rows follow, then the network
//! rows of the `dc` formulation (one per line per hour with angles, one per cycle
//! per hour with cycles); energy-budget rows come last.

/// Index arithmetic for one dispatch LP.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub hours: usize,
    pub n_regions: usize,
    pub n_gens: usize,
    pub n_storage: usize,
    pub n_lines: usize,
    pub n_links: usize,
    pub gen: usize,
    pub shed: usize,
    pub charge: usize,
    pub discharge: usize,
    pub soc: usize,
    pub line: usize,
    pub link_fwd: usize,
    pub link_rev: usize,
    /// Voltage-angle columns per hour (regions, in the angle formulation; else 0).
    pub n_angles: usize,
    pub angle: usize,
    /// Network (Kirchhoff) rows per hour.
    pub n_kvl: usize,
    /// Flexible-load curtailment columns per hour.
    pub n_flex: usize,
    pub flex: usize,
    /// Capacity columns of expandable assets (not hourly), after everything else.
    pub exp: usize,
    pub n_exp: usize,
    pub n_cols: usize,
}

impl Layout {
    #[allow(clippy::too_many_arguments)]
    pub fn new(hours: usize, r: usize, g: usize, s: usize, l: usize, k: usize, n_angles: usize, n_kvl: usize, n_flex: usize) -> Self {
        let gen = 0;
        let shed = gen + hours * g;
        let charge = shed + hours * r;
        let discharge = charge + hours * s;
        let soc = discharge + hours * s;
        let line = soc + hours * s;
        let link_fwd = line + hours * l;
        let link_rev = link_fwd + hours * k;
        let angle = link_rev + hours * k;
        let flex = angle + hours * n_angles;
        let n_cols = flex + hours * n_flex;
        Self {
            hours,
            n_regions: r,
            n_gens: g,
            n_storage: s,
            n_lines: l,
            n_links: k,
            gen,
            shed,
            charge,
            discharge,
            soc,
            line,
            link_fwd,
            link_rev,
            n_angles,
            angle,
            n_kvl,
            n_flex,
            flex,
            exp: n_cols,
            n_exp: 0,
            n_cols,
        }
    }

    /// Balance row of region `r` in hour `t` (B1).
    pub fn balance_row(&self, r: usize, t: usize) -> usize {
        t * self.n_regions + r
    }

    /// State-of-charge row of storage `s` in hour `t` (S1).
    pub fn soc_row(&self, s: usize, t: usize) -> usize {
        self.hours * self.n_regions + t * self.n_storage + s
    }

    /// Network row `i` in hour `t` (K1 or K2).
    pub fn kvl_row(&self, i: usize, t: usize) -> usize {
        self.hours * (self.n_regions + self.n_storage) + t * self.n_kvl + i
    }

    /// Values of block `base` with `n` items, as `[item][hour]`.
    pub fn unpack(&self, x: &[f64], base: usize, n: usize) -> Vec<Vec<f64>> {
        (0..n).map(|i| (0..self.hours).map(|t| x[base + t * n + i]).collect()).collect()
    }
}
