//! Numbers for people: thousands separators and the units of a planning report
//! (TWh, GW, M USD), shared by summary.md, the console and report.html.

/// `v` with `decimals` decimals and a comma every three digits (`-1,234,567.9`);
/// `n/a` when not finite.
pub fn thousands(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(s.len() + int.len() / 3 + 1);
    // "-0.0" is written without its sign.
    if v < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Decimals that show `v` to about three significant digits, at least `min` and at
/// most 6 (`5,340.2`, `76.8`, `0.00578`).
pub fn decimals_for(v: f64, min: usize) -> usize {
    let a = v.abs();
    if !a.is_finite() || a == 0.0 {
        return min;
    }
    let mag = a.log10().floor() as i64;
    (2 - mag).clamp(min as i64, 6) as usize
}

/// A number to about three significant digits (at least one decimal), with separators.
pub fn sig(v: f64) -> String {
    thousands(v, decimals_for(v, 1))
}

/// MWh as TWh, e.g. `5,340.2`.
pub fn twh(mwh: f64) -> String {
    sig(mwh / 1e6)
}

/// MW as GW.
pub fn gw(mw: f64) -> String {
    sig(mw / 1e3)
}

/// USD as million USD.
pub fn musd(usd: f64) -> String {
    sig(usd / 1e6)
}

/// Tonnes as million tonnes.
pub fn mt(t: f64) -> String {
    sig(t / 1e6)
}

/// A price, USD/MWh, with two decimals.
pub fn price(v: f64) -> String {
    thousands(v, 2)
}

/// A share as a percentage with one decimal (`12.3 %`); `n/a` for a zero whole.
pub fn pct(part: f64, whole: f64) -> String {
    if whole == 0.0 || !whole.is_finite() {
        return "n/a".into();
    }
    format!("{} %", thousands(100.0 * part / whole, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_significant_digits() {
        assert_eq!(thousands(76_821_844_655.15, 2), "76,821,844,655.15");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-0.001, 1), "0.0");
        assert_eq!(thousands(f64::NAN, 1), "n/a");
        assert_eq!(musd(76_821_844_655.15), "76,821.8");
        assert_eq!(twh(5_340_200_000.0), "5,340.2");
        assert_eq!(twh(5_776.009), "0.00578");
        assert_eq!(gw(500.0), "0.500");
        assert_eq!(sig(0.0), "0.0");
        assert_eq!(pct(1.0, 8.0), "12.5 %");
    }
}
