//! Small numerical helpers shared by nagrid-load and nagrid-study: the seeded
//! random generator ([`SplitMix64`]), bisection ([`bisect`]) and solar time and
//! position ([`solar`]). They live in the bottom crate so that every crate above
//! can use one definition.

pub mod solar;

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, seedable, deterministic
/// generator with uniform and standard-normal draws. Every seeded series of nagrid
/// (synthetic weather, availability, synthetic cases) draws from it.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
    spare_normal: Option<f64>,
}

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed, spare_normal: None }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal draw (Box–Muller; the second value of each pair is cached and
    /// returned by the next call).
    pub fn next_normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let u1 = 1.0 - self.next_f64(); // (0, 1]
        let u2 = self.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (2.0 * std::f64::consts::PI * u2).sin_cos();
        self.spare_normal = Some(r * s);
        r * c
    }

    /// Standard normal draw from a fresh pair of uniforms (Box–Muller, cosine branch
    /// only: two uniforms per draw). The availability series use this stream.
    pub fn next_normal_unpaired(&mut self) -> f64 {
        let u1 = self.next_f64().max(1e-300);
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Roughly standard normal: the sum of four uniforms, centred and rescaled
    /// (bounded at ±2√3; cheap, for synthetic benchmark cases).
    pub fn next_normal_sum4(&mut self) -> f64 {
        ((0..4).map(|_| self.next_f64()).sum::<f64>() - 2.0) * (3.0f64).sqrt()
    }
}

/// Stable 64-bit FNV-1a hash of a string (for deriving per-item seeds).
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// Bisection on `[lo, hi]` for the boundary of a monotone predicate: `go_up(x)` is
/// true left of the root (the root lies above `x`). Runs at most `max_iter` halvings,
/// stopping early once `hi - lo <= rel_tol * hi`, and returns the midpoint.
pub fn bisect(mut lo: f64, mut hi: f64, max_iter: usize, rel_tol: f64, mut go_up: impl FnMut(f64) -> bool) -> f64 {
    for _ in 0..max_iter {
        let mid = 0.5 * (lo + hi);
        if go_up(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= rel_tol * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values_and_normal_moments() {
        // Reference outputs of SplitMix64 seeded with 1234567 (from the public-domain C code).
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
        let n = 200_000;
        for draw in [SplitMix64::next_normal, SplitMix64::next_normal_unpaired] {
            let mut r = SplitMix64::new(42);
            let xs: Vec<f64> = (0..n).map(|_| draw(&mut r)).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
            assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.01, "mean {m} var {v}");
        }
    }

    #[test]
    fn bisection_finds_a_root() {
        let x = bisect(0.0, 4.0, 200, 0.0, |x| x * x < 2.0);
        assert!((x - 2f64.sqrt()).abs() < 1e-12);
        let x = bisect(0.0, 4.0, 200, 1e-6, |x| x * x < 2.0);
        assert!((x - 2f64.sqrt()).abs() < 1e-5);
    }
}
