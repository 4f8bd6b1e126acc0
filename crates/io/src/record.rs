//! The public record of a year, `record/record_<year>.csv`: figures a model run is
//! compared with (`nagrid backcast`). Every row is typed here: its quantity (with
//! its unit), its scope (a country, regions or a country pair of the case) and its
//! tolerance; bad rows are issues naming file, line, column and value.

use crate::schema::RECORD;
use crate::table::{is_missing, Table};
use crate::IoError;
use nagrid_model::technology::FUEL_GROUPS;
use nagrid_model::{Country, Issues, Network};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The record file of `year`, relative to the case folder.
pub fn record_file(year: i32) -> String {
    format!("record/record_{year}.csv")
}

/// What a record row measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quantity {
    /// Share of a fuel group in the country's generation, % (`generation_share_pct:<group>`).
    GenerationSharePct(&'static str),
    /// Generation of a fuel group (`generation_twh:<group>`) or of all of them (`generation_twh`), TWh.
    GenerationTwh(Option<&'static str>),
    /// Power-sector CO2 of a country, Mt.
    Co2Mt,
    /// Net flow from the first country of the pair into the second, TWh.
    NetImportTwh,
    /// Gross flow from the first country (or region) of the pair into the second, TWh:
    /// the second one's imports from the first.
    ImportTwh,
    /// Load-weighted average price over one or more regions, USD/MWh.
    PriceUsdPerMwh,
    /// Load of a country or region, TWh.
    LoadTwh,
}

impl Quantity {
    /// The unit of the record's value.
    pub fn unit(&self) -> &'static str {
        match self {
            Quantity::GenerationSharePct(_) => "%",
            Quantity::GenerationTwh(_) | Quantity::NetImportTwh | Quantity::ImportTwh | Quantity::LoadTwh => "TWh",
            Quantity::Co2Mt => "Mt",
            Quantity::PriceUsdPerMwh => "USD/MWh",
        }
    }

    fn parse(s: &str) -> Result<Quantity, String> {
        let group = |g: &str| FUEL_GROUPS.iter().copied().find(|f| *f == g);
        let q = match s.split_once(':') {
            Some(("generation_share_pct", g)) => group(g).map(Quantity::GenerationSharePct),
            Some(("generation_twh", g)) => group(g).map(|g| Quantity::GenerationTwh(Some(g))),
            Some(_) => None,
            None => match s {
                "generation_twh" => Some(Quantity::GenerationTwh(None)),
                "co2_mt" => Some(Quantity::Co2Mt),
                "net_import_twh" => Some(Quantity::NetImportTwh),
                "import_twh" => Some(Quantity::ImportTwh),
                "price_usd_per_mwh" => Some(Quantity::PriceUsdPerMwh),
                "load_twh" => Some(Quantity::LoadTwh),
                _ => None,
            },
        };
        q.ok_or_else(|| {
            format!(
                "unknown quantity; valid quantities are generation_share_pct:<group>, generation_twh:<group>, generation_twh, co2_mt, \
                 net_import_twh, import_twh, price_usd_per_mwh, load_twh, with <group> one of {}",
                FUEL_GROUPS.join(", ")
            )
        })
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::GenerationSharePct(g) => write!(f, "generation_share_pct:{g}"),
            Quantity::GenerationTwh(Some(g)) => write!(f, "generation_twh:{g}"),
            Quantity::GenerationTwh(None) => f.write_str("generation_twh"),
            Quantity::Co2Mt => f.write_str("co2_mt"),
            Quantity::NetImportTwh => f.write_str("net_import_twh"),
            Quantity::ImportTwh => f.write_str("import_twh"),
            Quantity::PriceUsdPerMwh => f.write_str("price_usd_per_mwh"),
            Quantity::LoadTwh => f.write_str("load_twh"),
        }
    }
}

/// Where a record row applies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// A country.
    Country(Country),
    /// One or more regions (indices into the network's regions).
    Regions(Vec<usize>),
    /// Flow from the first country into the second.
    Pair(Country, Country),
    /// Flow from the first set of regions into the second (indices into the
    /// network's regions; disjoint), summed over every line and link that joins
    /// a region of the first set to one of the second. A side written as a
    /// country code stands for all of that country's regions.
    Sides(Vec<usize>, Vec<usize>),
}

/// How a deviation is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ToleranceKind {
    /// Absolute: |model − record| ≤ tolerance, in the record's unit (percentage points for shares).
    Pp,
    /// Relative: |model − record| / |record| × 100 ≤ tolerance.
    Pct,
    /// Model and record have the same sign.
    Sign,
    /// No test: the row is reported only.
    ReportOnly,
}

impl ToleranceKind {
    /// The name in the record file (`pp`, `pct`, `sign`, empty).
    pub fn name(&self) -> &'static str {
        match self {
            ToleranceKind::Pp => "pp",
            ToleranceKind::Pct => "pct",
            ToleranceKind::Sign => "sign",
            ToleranceKind::ReportOnly => "",
        }
    }
}

/// One row of a record file.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    /// 1-based line in the file.
    pub line: usize,
    /// What is measured.
    pub quantity: Quantity,
    /// Where.
    pub scope: Scope,
    /// The scope as written.
    pub scope_text: String,
    /// The recorded figure, in [`Quantity::unit`].
    pub value: f64,
    /// Allowed deviation (`None` for `sign` and report-only rows).
    pub tolerance: Option<f64>,
    /// How the deviation is judged.
    pub kind: ToleranceKind,
    /// Where the figure comes from.
    pub source: String,
    /// The calendar months (first, last; 1–12) a flow figure covers; `None`: the whole year.
    pub months: Option<(u32, u32)>,
}

impl RecordRow {
    /// The months as written in a record file (`2-6`, `3`), empty for the whole year.
    pub fn months_text(&self) -> String {
        match self.months {
            None => String::new(),
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a}-{b}"),
        }
    }
}

/// Read `dir/record/record_<year>.csv` for a case whose network is `net`; `Ok(None)`
/// when the file does not exist. Every problem of every row is reported at once.
pub fn read_record(dir: &Path, year: i32, net: &Network) -> Result<Option<Vec<RecordRow>>, IoError> {
    let file = record_file(year);
    if is_missing(dir, &file) {
        return Ok(None);
    }
    let mut issues = Issues::default();
    let Some(t) = Table::read(dir, &file, &mut issues) else {
        return Err(IoError::Input(issues));
    };
    t.check_schema(&RECORD, &mut issues);
    let rows = if issues.is_empty() { rows(&t, net, &mut issues) } else { Vec::new() };
    if !issues.is_empty() {
        return Err(IoError::Input(issues));
    }
    Ok(Some(rows))
}

/// Parse a record table (e.g. built in memory) against a network.
pub fn rows(t: &Table, net: &Network, issues: &mut Issues) -> Vec<RecordRow> {
    let scopes = Scopes::of(net);
    // A row is known by its quantity, its scope as written and its months.
    type Key = (Quantity, String, Option<(u32, u32)>);
    let mut seen: HashMap<Key, usize> = HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    for r in 0..t.len() {
        let Some(row) = row(t, r, &scopes, issues) else { continue };
        let key = (row.quantity, row.scope_text.clone(), row.months);
        if let Some(first) = seen.get(&key) {
            let what = if row.months.is_some() { " and months" } else { "" };
            issues.push(t.issue(r, "scope", format!("{} for this scope{what} is given twice (first on line {first})", row.quantity)));
            continue;
        }
        seen.insert(key, row.line);
        out.push(row);
    }
    out
}

fn row(t: &Table, r: usize, scopes: &Scopes, issues: &mut Issues) -> Option<RecordRow> {
    let n = issues.len();
    let quantity = t.text(r, "quantity", issues).and_then(|q| match Quantity::parse(&q) {
        Ok(q) => Some(q),
        Err(m) => {
            issues.push(t.issue(r, "quantity", m));
            None
        }
    });
    let value = t.number_in(r, "value", None, issues);
    let source = t.text(r, "source", issues);
    let (kind, tolerance) = tolerance(t, r, issues);
    let scope_text = t.text(r, "scope", issues);
    let (Some(quantity), Some(value), Some(source), Some(kind), Some(scope_text)) = (quantity, value, source, kind, scope_text) else {
        return None;
    };
    let scope = match scopes.parse(quantity, &scope_text) {
        Ok(s) => Some(s),
        Err(m) => {
            issues.push(t.issue(r, "scope", m));
            None
        }
    };
    if let Some(u) = t.opt_text(r, "unit") {
        if u != quantity.unit() {
            issues.push(t.issue(r, "unit", format!("the unit of {quantity} is {}", quantity.unit())));
        }
    }
    let bad_value = match quantity {
        Quantity::GenerationSharePct(_) if !(0.0..=100.0).contains(&value) => Some("a share is from 0 to 100 %"),
        Quantity::GenerationTwh(_) | Quantity::Co2Mt | Quantity::LoadTwh | Quantity::ImportTwh if value < 0.0 => Some("must be ≥ 0"),
        _ if value == 0.0 && kind == ToleranceKind::Pct => Some("a relative (pct) tolerance needs a record value other than 0; use pp"),
        _ if value == 0.0 && kind == ToleranceKind::Sign => Some("a sign test needs a record value other than 0"),
        _ => None,
    };
    if let Some(m) = bad_value {
        issues.push(t.issue(r, "value", m));
    }
    let months = months(t, r, quantity, issues);
    let scope = scope?;
    (issues.len() == n).then(|| RecordRow { line: t.line(r), quantity, scope, scope_text, value, tolerance, kind, source, months })
}

/// The optional `months` of a row: one calendar month or a range `a-b`, for flows only.
fn months(t: &Table, r: usize, quantity: Quantity, issues: &mut Issues) -> Option<(u32, u32)> {
    let text = t.opt_text(r, "months")?;
    if !matches!(quantity, Quantity::NetImportTwh | Quantity::ImportTwh) {
        issues.push(t.issue(r, "months", format!("months apply to net_import_twh and import_twh only, not to {quantity}; leave it empty")));
        return None;
    }
    let month = |s: &str| s.trim().parse::<u32>().ok().filter(|m| (1..=12).contains(m));
    let parsed = match text.split_once('-') {
        Some((a, b)) => month(a).zip(month(b)).filter(|(a, b)| a <= b),
        None => month(&text).map(|m| (m, m)),
    };
    if parsed.is_none() {
        issues.push(t.issue(r, "months", "not a calendar month (1-12) or a range of them from first to last (e.g. 2-6)"));
    }
    parsed
}

/// The tolerance kind and value of a row; `None` kind when either is wrong (reported).
fn tolerance(t: &Table, r: usize, issues: &mut Issues) -> (Option<ToleranceKind>, Option<f64>) {
    let kind = match t.opt_text(r, "tolerance_kind").as_deref() {
        None => Some(ToleranceKind::ReportOnly),
        Some("pp") => Some(ToleranceKind::Pp),
        Some("pct") => Some(ToleranceKind::Pct),
        Some("sign") => Some(ToleranceKind::Sign),
        Some(_) => {
            issues.push(t.issue(r, "tolerance_kind", "unknown tolerance kind; valid kinds are pp, pct, sign, or empty (report only)"));
            None
        }
    };
    let given = t.opt_text(r, "tolerance").is_some();
    let Some(kind) = kind else { return (None, None) };
    match kind {
        ToleranceKind::Pp | ToleranceKind::Pct => {
            if !given {
                issues.push(t.issue(r, "tolerance", format!("a tolerance is required with tolerance_kind {}", kind.name())));
                return (None, None);
            }
            match t.number_in(r, "tolerance", Some((0.0, f64::MAX)), issues) {
                Some(v) => (Some(kind), Some(v)),
                None => (None, None),
            }
        }
        ToleranceKind::Sign | ToleranceKind::ReportOnly if given => {
            let m = if kind == ToleranceKind::Sign {
                "a sign test has no tolerance; leave it empty"
            } else {
                "a tolerance needs a tolerance_kind (pp, pct); leave both empty to report only"
            };
            issues.push(t.issue(r, "tolerance", m));
            (None, None)
        }
        _ => (Some(kind), None),
    }
}

/// The scopes a case offers: its countries and region ids.
struct Scopes<'a> {
    countries: Vec<Country>,
    regions: HashMap<&'a str, usize>,
    net: &'a Network,
}

impl<'a> Scopes<'a> {
    fn of(net: &'a Network) -> Self {
        let countries = Country::ALL.into_iter().filter(|c| net.regions.iter().any(|r| r.country == *c)).collect();
        let regions = net.regions.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        Scopes { countries, regions, net }
    }

    fn country(&self, s: &str) -> Option<Country> {
        self.countries.iter().copied().find(|c| c.code() == s)
    }

    fn country_list(&self) -> String {
        self.countries.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
    }

    /// The error for a flow scope, with the forms it may take.
    fn pair_help(&self, what: &str) -> String {
        let mut valid = Vec::new();
        for a in &self.countries {
            for b in self.countries.iter().filter(|b| *b != a) {
                valid.push(format!("{a}>{b}"));
            }
        }
        format!(
            "{what}; a flow scope is from>to, each side a country ({}), a region or regions joined by + \
             (e.g. {}, ca_on>us_nyiso, ca_qc>US, us_nw+ca_ab>ca_bc)",
            self.country_list(),
            valid.join(", ")
        )
    }

    fn region_list(&self) -> String {
        self.net.regions.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    fn parse(&self, q: Quantity, s: &str) -> Result<Scope, String> {
        match q {
            // A country, or an ISO / province as one region or several joined by +.
            Quantity::GenerationSharePct(_) | Quantity::GenerationTwh(_) | Quantity::Co2Mt => match self.country(s) {
                Some(c) => Ok(Scope::Country(c)),
                None => self.regions(s).map_err(|_| {
                    format!(
                        "not a country or region of the case; valid scopes are {}, or regions joined by + ({})",
                        self.country_list(),
                        self.region_list()
                    )
                }),
            },
            Quantity::NetImportTwh | Quantity::ImportTwh => {
                let Some((a, b)) = s.split_once('>') else {
                    return Err(self.pair_help("no '>' between the sending and the receiving side"));
                };
                let pair = self.country(a).zip(self.country(b)).filter(|(a, b)| a != b);
                if let Some((a, b)) = pair {
                    return Ok(Scope::Pair(a, b));
                }
                let side = |x: &str| match self.country(x) {
                    Some(c) => Ok(self.net.regions.iter().enumerate().filter(|(_, r)| r.country == c).map(|(i, _)| i).collect()),
                    None => match self.regions(x) {
                        Ok(Scope::Regions(v)) => Ok(v),
                        Ok(_) => unreachable!("regions() returns Scope::Regions"),
                        Err(e) => Err(self.pair_help(&e)),
                    },
                };
                let (a, b): (Vec<usize>, Vec<usize>) = (side(a)?, side(b)?);
                if a.iter().any(|r| b.contains(r)) {
                    return Err(self.pair_help("the two sides share a region"));
                }
                Ok(Scope::Sides(a, b))
            }
            Quantity::PriceUsdPerMwh => self.regions(s),
            Quantity::LoadTwh => match self.country(s) {
                Some(c) => Ok(Scope::Country(c)),
                None => self.regions(s).and_then(|r| match r {
                    Scope::Regions(v) if v.len() == 1 => Ok(Scope::Regions(v)),
                    _ => Err(format!(
                        "not a country or region of the case; valid scopes are {}, {}",
                        self.country_list(),
                        self.region_list()
                    )),
                }),
            },
        }
    }

    /// Region ids joined by `+`, each once.
    fn regions(&self, s: &str) -> Result<Scope, String> {
        let mut out = Vec::new();
        for id in s.split('+') {
            let Some(&i) = self.regions.get(id.trim()) else {
                return Err(format!(
                    "'{}' is not a region of the case; valid regions are {} (join several with +)",
                    id.trim(),
                    self.region_list()
                ));
            };
            if out.contains(&i) {
                return Err(format!("region '{}' is listed twice", id.trim()));
            }
            out.push(i);
        }
        Ok(Scope::Regions(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nagrid_model::Region;

    fn net() -> Network {
        let regions = vec![Region::new("usa", Country::US, "Eastern"), Region::new("can", Country::CA, "Eastern")];
        Network { regions, ..Default::default() }
    }

    fn read(text: &str) -> Result<Vec<RecordRow>, Vec<String>> {
        read_as("quantity,scope,value,unit,tolerance,tolerance_kind,source\n", text)
    }

    fn read_with_months(text: &str) -> Result<Vec<RecordRow>, Vec<String>> {
        read_as("quantity,scope,value,unit,tolerance,tolerance_kind,source,months\n", text)
    }

    fn read_as(header: &str, text: &str) -> Result<Vec<RecordRow>, Vec<String>> {
        let mut issues = Issues::default();
        let t = Table::from_reader("record/record_2030.csv", format!("{header}{text}").as_bytes(), &mut issues);
        let rows = rows(&t, &net(), &mut issues);
        if issues.is_empty() {
            Ok(rows)
        } else {
            Err(issues.iter().map(|i| i.to_string()).collect())
        }
    }

    #[test]
    fn flow_rows_may_cover_some_months() {
        let rows = read_with_months(
            "import_twh,CA>US,11.7,TWh,,,StatCan,2-6\nimport_twh,CA>US,35.64,TWh,,,CER,\nnet_import_twh,CA>US,-1.3,TWh,,,StatCan,3\n",
        )
        .unwrap();
        assert_eq!((rows[0].months, rows[1].months, rows[2].months), (Some((2, 6)), None, Some((3, 3))));
        assert_eq!((rows[0].months_text(), rows[1].months_text(), rows[2].months_text()), ("2-6".into(), String::new(), "3".into()));
        // Every bad value at once, each naming its line, column and value.
        let bad = read_with_months(
            "import_twh,CA>US,1,TWh,,,x,0\nimport_twh,US>CA,1,TWh,,,x,6-2\nnet_import_twh,CA>US,1,TWh,,,x,spring\n\
             load_twh,US,1,TWh,,,x,2-6\nimport_twh,CA>US,1,TWh,,,x,2-6\nimport_twh,CA>US,2,TWh,,,y,2-6\n",
        )
        .unwrap_err();
        assert_eq!(bad.len(), 5, "{bad:?}");
        for (i, (line, value)) in [(2, "0"), (3, "6-2"), (4, "spring")].into_iter().enumerate() {
            assert!(bad[i].contains(&format!("line {line}, column 'months', value '{value}'")), "{bad:?}");
            assert!(bad[i].contains("not a calendar month (1-12)"), "{bad:?}");
        }
        assert!(bad[3].contains("line 5, column 'months'") && bad[3].contains("not to load_twh"), "{bad:?}");
        assert!(bad[4].contains("line 7") && bad[4].contains("given twice (first on line 6)"), "{bad:?}");
    }

    #[test]
    fn good_rows_are_typed() {
        let rows = read(
            "generation_share_pct:coal,US,16,%,3,pp,EIA\nnet_import_twh,CA>US,0.002,,25,pct,CER\nprice_usd_per_mwh,usa+can,30,USD/MWh,,,x\n\
             load_twh,can,1,TWh,,sign,y\n",
        )
        .unwrap();
        assert_eq!(rows[0].quantity, Quantity::GenerationSharePct("coal"));
        assert_eq!((rows[0].kind, rows[0].tolerance, rows[0].line), (ToleranceKind::Pp, Some(3.0), 2));
        assert_eq!(rows[1].scope, Scope::Pair(Country::CA, Country::US));
        // A pair of region ids is a flow between two regions (summed over their ties).
        let pair = read("net_import_twh,can>usa,7.8,TWh,,,IESO\n").unwrap();
        assert_eq!(pair[0].scope, Scope::Sides(vec![1], vec![0]));
        // A side may be a country or several regions; sides may not overlap.
        let mixed = read("import_twh,can>US,5.9,TWh,,,StatCan\nnet_import_twh,usa+can>can,1,TWh,,,x\n").unwrap_err();
        assert_eq!(mixed.len(), 1, "{mixed:?}");
        assert!(mixed[0].contains("the two sides share a region"), "{mixed:?}");
        let mixed = read("import_twh,can>US,5.9,TWh,,,StatCan\n").unwrap();
        assert_eq!(mixed[0].scope, Scope::Sides(vec![1], vec![0]));
        assert_eq!(rows[2].scope, Scope::Regions(vec![0, 1]));
        assert_eq!((rows[2].kind, rows[2].tolerance), (ToleranceKind::ReportOnly, None));
        assert_eq!((rows[3].scope.clone(), rows[3].kind), (Scope::Regions(vec![1]), ToleranceKind::Sign));
        // Generation and CO2 of an ISO or province: one region or several.
        let iso = read(
            "generation_twh:natural_gas,can,19.09,TWh,,,IESO
co2_mt,usa+can,1,Mt,,,x
",
        )
        .unwrap();
        assert_eq!((iso[0].scope.clone(), iso[1].scope.clone()), (Scope::Regions(vec![1]), Scope::Regions(vec![0, 1])));
    }

    #[test]
    fn bad_rows_name_line_column_value_and_the_valid_choices() {
        let err = read(
            "generation_share_pct:peat,US,1,%,3,pp,s\nco2_mt,MX,1,Mt,3,pp,s\nnet_import_twh,CA-US,1,TWh,,sign,s\n\
             price_usd_per_mwh,usa+ercot,30,,,,s\nco2_mt,US,1,t,,,s\nco2_mt,CA,x,Mt,,,s\nco2_mt,CA,1,Mt,3,,s\nload_twh,US,1,TWh,5,pct,\n\
             load_twh,US,0,TWh,5,pct,s\nload_twh,US,1,TWh,,pp,s\nload_twh,can,1,TWh,,abs,s\nload_twh,can,1,TWh,1,sign,s\n\
             co2_mt,US,1,Mt,1,pp,s\nco2_mt,US,2,Mt,1,pp,s\n",
        )
        .unwrap_err();
        let want = [
            "line 2, column 'quantity', value 'generation_share_pct:peat': unknown quantity; valid quantities are generation_share_pct:<group>",
            "line 3, column 'scope', value 'MX': not a country or region of the case; valid scopes are US, CA, or regions joined by + (usa, can)",
            "line 4, column 'scope', value 'CA-US': no '>' between the sending and the receiving side; a flow scope is from>to, each side a country (US, CA), a region or regions joined by + (e.g. US>CA, CA>US, ca_on>us_nyiso, ca_qc>US, us_nw+ca_ab>ca_bc)",
            "line 5, column 'scope', value 'usa+ercot': 'ercot' is not a region of the case; valid regions are usa, can",
            "line 6, column 'unit', value 't': the unit of co2_mt is Mt",
            "line 7, column 'value', value 'x': not a number",
            "line 8, column 'tolerance', value '3': a tolerance needs a tolerance_kind",
            "line 9, column 'source', value '': value is required",
            "line 10, column 'value', value '0': a relative (pct) tolerance needs a record value other than 0",
            "line 11, column 'tolerance', value '': a tolerance is required with tolerance_kind pp",
            "line 12, column 'tolerance_kind', value 'abs': unknown tolerance kind; valid kinds are pp, pct, sign",
            "line 13, column 'tolerance', value '1': a sign test has no tolerance",
            "line 15, column 'scope', value 'US': co2_mt for this scope is given twice (first on line 14)",
        ];
        assert_eq!(err.len(), want.len(), "{err:#?}");
        for (e, w) in err.iter().zip(want) {
            assert!(e.starts_with("record/record_2030.csv, ") && e.contains(w), "{e}\n  wanted {w}");
        }
    }

    #[test]
    fn a_missing_file_is_none_and_a_bad_header_is_an_error() {
        let d = std::env::temp_dir().join(format!("nagrid-record-{}", std::process::id()));
        std::fs::create_dir_all(d.join("record")).unwrap();
        assert_eq!(read_record(&d, 2030, &net()).unwrap(), None);
        std::fs::write(d.join("record/record_2030.csv"), "quantity,scope,value,tolerence\n").unwrap();
        let e = read_record(&d, 2030, &net()).unwrap_err().to_string();
        assert!(e.contains("unknown column; known columns are") && e.contains("required column 'source' is missing"), "{e}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
