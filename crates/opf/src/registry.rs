//! Where each variable and row of the dispatch LP lives: the only place with index
//! arithmetic.
//!
//! Columns ([`Layout`]) are in blocks by kind, each block time-major: column
//! `base + t * n + i` is item `i` in hour `t`; capacity columns of expandable assets
//! (not hourly) come last.
//!
//! Rows ([`Rows`]) are typed blocks, one per equation label of
//! `docs/formulation.md`, in the order the builder adds them: (B1) balance, (S1)
//! storage, (K1/K2) Kirchhoff, (H1) budgets, (R1) ramps, (F1) flexible loads, (T3)
//! hurdle splits, (RS1, RS2) reserves, (E1–E3) expansion. Each block states its equation once; the builder cites the label.

/// Column blocks of one dispatch LP.
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
    /// Flexible-load curtailment columns per hour.
    pub n_flex: usize,
    pub flex: usize,
    /// (T3) Forward and reverse parts f⁺, f⁻ of each line with a hurdle rate, per hour.
    pub n_hurdle: usize,
    pub line_pos: usize,
    pub line_neg: usize,
    /// (RS2) Reserve held by each provider (eligible generators, then storage), per hour.
    pub n_reserve: usize,
    pub reserve: usize,
    /// (RS3) Shortage steps of every reserve (its steps, then one at the value of lost load), per hour.
    pub n_shortage: usize,
    pub shortage: usize,
    /// Capacity columns of expandable assets (not hourly), after everything else.
    pub exp: usize,
    pub n_cols: usize,
}

/// Sizes of the column blocks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub hours: usize,
    pub regions: usize,
    pub gens: usize,
    pub storage: usize,
    pub lines: usize,
    pub links: usize,
    pub angles: usize,
    pub flex: usize,
    pub hurdle: usize,
    pub reserve: usize,
    pub shortage: usize,
    pub expansion: usize,
}

impl Layout {
    pub fn new(z: Sizes) -> Self {
        let hours = z.hours;
        let gen = 0;
        let shed = gen + hours * z.gens;
        let charge = shed + hours * z.regions;
        let discharge = charge + hours * z.storage;
        let soc = discharge + hours * z.storage;
        let line = soc + hours * z.storage;
        let link_fwd = line + hours * z.lines;
        let link_rev = link_fwd + hours * z.links;
        let angle = link_rev + hours * z.links;
        let flex = angle + hours * z.angles;
        let line_pos = flex + hours * z.flex;
        let line_neg = line_pos + hours * z.hurdle;
        let reserve = line_neg + hours * z.hurdle;
        let shortage = reserve + hours * z.reserve;
        let exp = shortage + hours * z.shortage;
        Self {
            hours,
            n_regions: z.regions,
            n_gens: z.gens,
            n_storage: z.storage,
            n_lines: z.lines,
            n_links: z.links,
            gen,
            shed,
            charge,
            discharge,
            soc,
            line,
            link_fwd,
            link_rev,
            n_angles: z.angles,
            angle,
            n_flex: z.flex,
            flex,
            n_hurdle: z.hurdle,
            line_pos,
            line_neg,
            n_reserve: z.reserve,
            reserve,
            n_shortage: z.shortage,
            shortage,
            exp,
            n_cols: exp + z.expansion,
        }
    }

    /// Output column of generator `g` in hour `t`.
    pub fn gen_col(&self, g: usize, t: usize) -> usize {
        self.gen + t * self.n_gens + g
    }

    /// Flow column of line `i` in hour `t`.
    pub fn line_col(&self, i: usize, t: usize) -> usize {
        self.line + t * self.n_lines + i
    }

    /// Column of link `k` in hour `t`, `dir` 0 forward, 1 reverse.
    pub fn link_col(&self, k: usize, t: usize, dir: usize) -> usize {
        if dir == 0 {
            self.link_fwd + t * self.n_links + k
        } else {
            self.link_rev + t * self.n_links + k
        }
    }

    /// Charge column of storage `s` in hour `t`.
    pub fn charge_col(&self, s: usize, t: usize) -> usize {
        self.charge + t * self.n_storage + s
    }

    /// Discharge column of storage `s` in hour `t`.
    pub fn discharge_col(&self, s: usize, t: usize) -> usize {
        self.discharge + t * self.n_storage + s
    }

    /// State-of-charge column of storage `s` at the end of hour `t`.
    pub fn soc_col(&self, s: usize, t: usize) -> usize {
        self.soc + t * self.n_storage + s
    }

    /// Reserve column of provider `k` in hour `t` (RS2).
    pub fn reserve_col(&self, k: usize, t: usize) -> usize {
        self.reserve + t * self.n_reserve + k
    }

    /// Shortage column `j` (over every reserve's steps) in hour `t` (RS3).
    pub fn shortage_col(&self, j: usize, t: usize) -> usize {
        self.shortage + t * self.n_shortage + j
    }

    /// Capacity column of expansion candidate `c`.
    pub fn exp_col(&self, c: usize) -> usize {
        self.exp + c
    }

    /// Values of block `base` with `n` items, as `[item][hour]`.
    pub fn unpack(&self, x: &[f64], base: usize, n: usize) -> Vec<Vec<f64>> {
        (0..n).map(|i| (0..self.hours).map(|t| x[base + t * n + i]).collect()).collect()
    }
}

/// A block of `per_hour` rows in each of `hours` hours, time-major.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HourlyBlock {
    pub first: usize,
    pub per_hour: usize,
}

impl HourlyBlock {
    /// Row of item `i` in hour `t`.
    pub fn row(&self, i: usize, t: usize) -> usize {
        self.first + t * self.per_hour + i
    }
}

/// (B1) Energy balance, one equality row per region and hour:
/// Σ_{g∈G_r} p + Σ_{s∈S_r} (d − c) + u + Σ_f c^flex + line and link terms = D_{r,t} + Σ_f L_{f,t}.
/// Its dual is the price of region r in hour t.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BalanceRows(pub HourlyBlock);

impl BalanceRows {
    pub fn row(&self, r: usize, t: usize) -> usize {
        self.0.row(r, t)
    }
}

/// (S1) State-of-charge continuity, one equality row per storage and hour:
/// e_{s,t} − e_{s,t−1} − η^c c_{s,t} + d_{s,t} / η^d = 0 (the initial energy on the
/// right-hand side of hour 0 when the storage is not cyclic).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StorageRows(pub HourlyBlock);

impl StorageRows {
    pub fn row(&self, s: usize, t: usize) -> usize {
        self.0.row(s, t)
    }
}

/// (K1) f_l − b_l (θ_from − θ_to) = −b_l φ_l, one row per line and hour, or (K2)
/// Σ_{l∈c} d_l x_l τ_l f_l = −base Σ_{l∈c} d_l φ_l, one row per basis cycle and hour
/// (`dc` formulation only; empty otherwise).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KirchhoffRows(pub HourlyBlock);

impl KirchhoffRows {
    pub fn row(&self, i: usize, t: usize) -> usize {
        self.0.row(i, t)
    }
}

/// (H1) Monthly energy budgets: Σ_{t in month m} p_{g,t} ≤ B_{g,m} × share of the
/// month in the horizon; at most one row per generator and calendar month. The
/// rows are `len` contiguous rows from `first` (none when no budget's month is in the horizon).
#[derive(Debug, Clone, Default)]
pub(crate) struct BudgetRows {
    pub by_generator: Vec<[Option<usize>; 12]>,
    pub first: usize,
    pub len: usize,
}

impl BudgetRows {
    /// Budget row of generator `g` in calendar month `month` (1..=12), if any.
    pub fn row(&self, g: usize, month: u32) -> Option<usize> {
        self.by_generator[g][month as usize - 1]
    }

    /// Every budget row as (generator, month, row).
    pub fn all(&self) -> impl Iterator<Item = (usize, u32, usize)> + '_ {
        self.by_generator
            .iter()
            .enumerate()
            .flat_map(|(g, months)| months.iter().enumerate().filter_map(move |(m, r)| r.map(|r| (g, m as u32 + 1, r))))
    }
}

/// (R1) Ramp limits, for each ramp-limited generator and hour t ≥ 1, an up row
/// p_t − p_{t−1} ≤ r^up P̄ and a down row p_{t−1} − p_t ≤ r^down P̄, interleaved.
#[derive(Debug, Clone, Default)]
pub(crate) struct RampRows(pub Vec<Option<usize>>);

impl RampRows {
    /// Up (`dir` 0) or down (`dir` 1) row of generator `g` for the step into hour `t ≥ 1`.
    pub fn row(&self, g: usize, t: usize, dir: usize) -> Option<usize> {
        self.0[g].map(|first| first + 2 * (t - 1) + dir)
    }

    /// Rows of generator `g` in which its output in hour `t` (of `hours`) appears,
    /// with the coefficient: +1 / −1 in the step into t, −1 / +1 in the step out of it.
    pub fn entries(&self, g: usize, t: usize, hours: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let into = (t >= 1).then(|| [(self.row(g, t, 0), 1.0), (self.row(g, t, 1), -1.0)]);
        let out = (t + 1 < hours).then(|| [(self.row(g, t + 1, 0), -1.0), (self.row(g, t + 1, 1), 1.0)]);
        into.into_iter().flatten().chain(out.into_iter().flatten()).filter_map(|(r, a)| r.map(|r| (r, a)))
    }
}

/// (F1) Flexible loads: Σ_t c_{f,t} ≤ s_f Σ_t L_{f,t}, one row per flexible load.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlexRows(pub Vec<usize>);

impl FlexRows {
    pub fn row(&self, f: usize) -> usize {
        self.0[f]
    }
}

/// (E1–E4) Expansion limits of capacity columns n (in blocks of u), per candidate and hour:
/// (E1) line: f − u n ≤ F̄ and −f − u n ≤ F̄ (two rows, forward then reverse);
/// (E2) link: q⁺ − u n ≤ F̄⁺ and q⁻ − u n ≤ F̄⁻ (two rows);
/// (E3) generator: p − π u n ≤ π P̄ (one row);
/// (E4) storage power: c − n ≤ P̄ and d − n ≤ P̄ (two rows); storage energy: e − n ≤ Ē
/// (one row), and after the last hour, for a required final state f, e_{T−1} − f n = f Ē.
/// Only in an LP that decides capacities; with capacities given they are bounds.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExpansionRows {
    /// First row and rows per hour of each candidate.
    pub blocks: Vec<(usize, usize)>,
}

impl ExpansionRows {
    /// Row of candidate `c` in hour `t`; `dir` 0 forward (charge), 1 reverse
    /// (discharge); always 0 for a generator or storage energy.
    pub fn row(&self, c: usize, t: usize, dir: usize) -> usize {
        let (first, per_hour) = self.blocks[c];
        first + per_hour * t + dir
    }

    /// The final-state row of a storage-energy candidate `c` over `hours` hours
    /// (present when the storage has a required final state).
    pub fn final_row(&self, c: usize, hours: usize) -> usize {
        self.row(c, hours, 0)
    }
}

/// (T3) Lines with a hurdle rate: their flow is f⁺ − f⁻ (columns `line_pos`,
/// `line_neg` of [`Layout`]), each priced at the hurdle in (O1); no rows (`block`
/// is empty, kept so that bases map block by block).
#[derive(Debug, Clone, Default)]
pub(crate) struct HurdleRows {
    pub block: HourlyBlock,
    /// Position of each line among the hurdled lines, if it has a hurdle.
    pub slot: Vec<Option<usize>>,
}

/// (RS1) Requirement rows, one per reserve and hour:
/// Σ_{providers in scope} r + Σ_k σ_k ≥ R_t; the dual is the reserve price.
/// (RS2) Provision rows, per provider and hour: a generator without expansion
/// p + r ≤ π P̄ (one row; an expandable generator's r enters its (E3) row instead);
/// a storage unit d − c + r ≤ P̄ and r − η^d e_{t−1} ≤ η^d e_{−1} [t = 0] (two rows).
#[derive(Debug, Clone, Default)]
pub(crate) struct ReserveRows {
    pub requirement: HourlyBlock,
    pub provision: HourlyBlock,
    /// First provision row (within an hour) of each provider, `None` when the (E3) row serves.
    pub offset: Vec<Option<usize>>,
}

impl ReserveRows {
    /// Requirement row of reserve `i` in hour `t`.
    pub fn requirement(&self, i: usize, t: usize) -> usize {
        self.requirement.row(i, t)
    }

    /// Provision row `j` (0, or 1 for storage's energy row) of provider `k` in hour `t`.
    pub fn provision(&self, k: usize, t: usize, j: usize) -> Option<usize> {
        self.offset.get(k).copied().flatten().map(|o| self.provision.row(o + j, t))
    }
}

/// Every hourly row block of one dispatch LP.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    pub balance: BalanceRows,
    pub storage: StorageRows,
    pub kirchhoff: KirchhoffRows,
    pub budget: BudgetRows,
    pub ramp: RampRows,
    pub flex: FlexRows,
    pub hurdle: HurdleRows,
    pub reserve: ReserveRows,
    // (E1–E3) rows belong to the expansion model (`ExpansionModel::rows`), which
    // adds them after these.
}
