//! `sweep.toml` (for `nagrid sweep`) and `compare.toml` (for `nagrid compare`): the
//! variants of one case, as lists of [`Override`]s. A comparison is a sweep with an
//! explicit list of named variants and no axes.
//!
//! ```toml
//! name = "tiny-ties"
//! hours = 4                    # optional: study only the first hours
//! max_parallel = 4             # optional: variants at once (local pool, Slurm array %)
//! [set]                        # optional: every variant
//! output.hourly = false
//! [axes]                       # the product of every axis
//! lines.can_usa.s_max_mw = [250, 500]
//! load.weather_year = [2020, 2021]
//! [[variant]]                  # optional: named variants, each crossed with the axes
//! name = "islanded"
//! borders = "islanded"
//! [slurm]                      # optional: defaults of sbatch options
//! partition = "debug"
//! ```

use crate::overrides::{self, Override};
use crate::IoError;
use nagrid_model::{Issue, Issues};
use std::path::Path;

/// Most variants of one sweep.
pub const MAX_VARIANTS: usize = 100_000;

/// One axis: a key and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Dotted key (study.toml key, TABLE.ID.COLUMN or `borders`).
    pub key: String,
    /// Values, in the order written.
    pub values: Vec<toml::Value>,
}

/// One named variant of the explicit list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListVariant {
    /// Name (names its folder); `None` in a sweep list without names.
    pub name: Option<String>,
    /// What it changes.
    pub sets: Vec<Override>,
}

/// sbatch options of `[slurm]` (the command line's take precedence).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlurmOptions {
    /// `--partition`.
    #[serde(default)]
    pub partition: Option<String>,
    /// `--time` (e.g. `01:00:00`).
    #[serde(default)]
    pub time: Option<String>,
    /// `--mem` per task (e.g. `8G`); default: the estimate of the largest variant.
    #[serde(default)]
    pub mem: Option<String>,
    /// `--account`.
    #[serde(default)]
    pub account: Option<String>,
    /// `--cpus-per-task` (HiGHS threads and rolling-horizon chunks of each variant).
    #[serde(default)]
    pub cpus_per_task: Option<u32>,
}

/// A sweep or comparison file.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Study only the first hours.
    pub hours: Option<usize>,
    /// Variants at once.
    pub max_parallel: Option<usize>,
    /// Overrides of every variant (`[set]`).
    pub base: Vec<Override>,
    /// The axes, in the order written; the last varies fastest.
    pub axes: Vec<Axis>,
    /// The explicit list (empty: one variant, the case itself, crossed with the axes).
    pub list: Vec<ListVariant>,
    /// sbatch options.
    pub slurm: SlurmOptions,
}

/// One variant of a sweep: its index, folder name, axis values and overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedVariant {
    /// 0-based index (the Slurm array index).
    pub index: usize,
    /// Folder name.
    pub name: String,
    /// Name in the explicit list, if any.
    pub list_name: Option<String>,
    /// (axis key, value label) for each axis.
    pub axis_values: Vec<(String, String)>,
    /// Every override: `[set]`, then the list variant's, then the axes'.
    pub sets: Vec<Override>,
}

/// Keys that a variant or axis may write short.
fn long_key(k: &str) -> &str {
    match k {
        "scenario" => "load.scenario",
        "weather_year" => "load.weather_year",
        "candidates" => "network.candidates",
        "expansion" => "expansion.enabled",
        _ => k,
    }
}

/// Dotted leaves of a TOML table; an array or scalar is a leaf.
fn leaves(prefix: &str, t: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
    for (k, v) in t {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(sub) => leaves(&key, sub, out),
            _ => out.push((key, overrides::normalize(v.clone()))),
        }
    }
}

fn issue(file: &str, column: Option<String>, value: Option<String>, message: impl Into<String>) -> Issue {
    Issue { file: file.into(), row: None, column, value, message: message.into() }
}

fn parse_toml(path: &Path) -> Result<(String, toml::Table), IoError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| IoError::file(path, e))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|sp| text[..sp.start.min(text.len())].lines().count().max(1));
        let key = e.span().and_then(|sp| text.get(sp)).map(str::to_string);
        IoError::Input(Issues(vec![Issue {
            file: file.clone(),
            row: line,
            column: key.clone(),
            value: key,
            message: e.message().to_string(),
        }]))
    })?;
    Ok((text, table))
}

/// Read `sweep.toml` (or, with `compare`, `compare.toml`: variants need names).
fn read(path: &Path, compare: bool) -> Result<SweepSpec, IoError> {
    let file = path.display().to_string();
    let (text, mut t) = parse_toml(path)?;
    let mut issues = Issues::default();
    let mut take = |k: &str| t.remove(k);
    let name = match take("name") {
        Some(toml::Value::String(s)) => s,
        Some(v) => {
            issues.push(issue(&file, Some("name".into()), Some(v.to_string()), "expected text"));
            String::new()
        }
        None if compare => {
            issues.push(issue(&file, Some("name".into()), None, "missing: name = \"...\""));
            String::new()
        }
        None => path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "sweep".into()),
    };
    let description = take("description").and_then(|v| v.as_str().map(str::to_string));
    let int = |v: Option<toml::Value>, key: &str, issues: &mut Issues| -> Option<usize> {
        let v = v?;
        match v.as_integer().filter(|i| *i > 0) {
            Some(i) => Some(i as usize),
            None => {
                issues.push(issue(&file, Some(key.into()), Some(v.to_string()), "expected a positive whole number"));
                None
            }
        }
    };
    let hours = int(take("hours"), "hours", &mut issues);
    let max_parallel = int(take("max_parallel"), "max_parallel", &mut issues);
    let slurm = match take("slurm") {
        None => SlurmOptions::default(),
        Some(v) => v.try_into().unwrap_or_else(|e: toml::de::Error| {
            issues.push(issue(&file, Some("slurm".into()), None, e.message().trim().to_string()));
            SlurmOptions::default()
        }),
    };
    let mut base = Vec::new();
    if let Some(v) = take("set") {
        let mut out = Vec::new();
        match v {
            toml::Value::Table(s) => leaves("", &s, &mut out),
            _ => issues.push(issue(&file, Some("set".into()), None, "expected a table: [set]")),
        }
        base = out.into_iter().map(|(k, v)| Override { key: long_key(&k).into(), value: v, source: format!("{file} [set]") }).collect();
    }
    let axes = read_axes(&file, &text, take("axes"), &mut issues);
    let list = read_list(&file, take("variant"), compare, &mut issues);
    for (k, _) in t {
        let known = ["name", "description", "hours", "max_parallel", "set", "axes", "variant", "slurm"];
        issues.push(issue(&file, Some(k.clone()), None, format!("unknown key{}", overrides::suggest(&k, known.into_iter()))));
    }
    let spec = SweepSpec { name, description, hours, max_parallel, base, axes, list, slurm };
    if spec.axes.is_empty() && spec.list.is_empty() {
        issues.push(issue(&file, None, None, if compare { "no [[variant]]" } else { "no [axes] and no [[variant]]: nothing to sweep" }));
    }
    let n = spec.count();
    if n > MAX_VARIANTS {
        issues.push(issue(&file, Some("axes".into()), Some(n.to_string()), format!("too many variants (at most {MAX_VARIANTS})")));
    }
    let all: Vec<Override> = spec
        .base
        .iter()
        .cloned()
        .chain(spec.list.iter().flat_map(|v| v.sets.clone()))
        .chain(spec.axes.iter().flat_map(|a| {
            a.values.iter().map(|v| Override { key: a.key.clone(), value: v.clone(), source: format!("{file} [axes]") }).collect::<Vec<_>>()
        }))
        .collect();
    if let Err(IoError::Input(found)) = overrides::check_keys(&all) {
        let mut seen = std::collections::HashSet::new();
        issues.0.extend(found.0.into_iter().filter(|i| seen.insert((i.file.clone(), i.column.clone()))));
    }
    if issues.is_empty() {
        Ok(spec)
    } else {
        Err(IoError::Input(issues))
    }
}

fn read_axes(file: &str, text: &str, v: Option<toml::Value>, issues: &mut Issues) -> Vec<Axis> {
    let Some(v) = v else { return Vec::new() };
    let toml::Value::Table(t) = v else {
        issues.push(issue(file, Some("axes".into()), None, "expected a table: [axes]"));
        return Vec::new();
    };
    let mut found = Vec::new();
    leaves("", &t, &mut found);
    let mut axes = Vec::new();
    for (key, v) in found {
        let toml::Value::Array(values) = v else {
            let m = format!("an axis lists its values, e.g. {key} = [{}]", v);
            issues.push(issue(file, Some(key), Some(v.to_string()), m));
            continue;
        };
        if values.is_empty() {
            issues.push(issue(file, Some(key.clone()), Some("[]".into()), "an axis needs at least one value"));
        }
        for (i, x) in values.iter().enumerate() {
            if values[..i].contains(x) {
                issues.push(issue(file, Some(key.clone()), Some(x.to_string()), "the value appears twice on the axis"));
            }
        }
        let line = crate::settings::key_line(text, &format!("axes.{key}")).unwrap_or(usize::MAX);
        axes.push((line, Axis { key: long_key(&key).to_string(), values }));
    }
    // The order written (TOML tables are read sorted).
    axes.sort_by_key(|(line, _)| *line);
    axes.into_iter().map(|(_, a)| a).collect()
}

fn read_list(file: &str, v: Option<toml::Value>, compare: bool, issues: &mut Issues) -> Vec<ListVariant> {
    let Some(v) = v else { return Vec::new() };
    let toml::Value::Array(items) = v else {
        issues.push(issue(file, Some("variant".into()), None, "expected [[variant]] tables"));
        return Vec::new();
    };
    let mut out: Vec<ListVariant> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let toml::Value::Table(mut t) = item else {
            issues.push(issue(file, Some(format!("variant {}", i + 1)), None, "expected a table"));
            continue;
        };
        let name = t.remove("name").map(|n| n.as_str().map(str::to_string).unwrap_or_else(|| n.to_string()));
        let col = Some(format!("variant {} name", i + 1));
        match &name {
            Some(n) if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') => {
                issues.push(issue(file, col, Some(n.clone()), "use letters, digits, '-' and '_' (it names a folder)"))
            }
            Some(n) if out.iter().any(|w| w.name.as_ref() == Some(n)) => {
                issues.push(issue(file, col, Some(n.clone()), "two variants with the same name"))
            }
            None if compare => issues.push(issue(file, col, None, "missing: every variant has a name")),
            _ => {}
        }
        let source = format!("{file} [[variant]] {}", name.clone().unwrap_or_else(|| (i + 1).to_string()));
        let mut found = Vec::new();
        leaves("", &t, &mut found);
        let sets = found.into_iter().map(|(k, v)| Override { key: long_key(&k).into(), value: v, source: source.clone() }).collect();
        out.push(ListVariant { name, sets });
    }
    out
}

/// Read a sweep file.
pub fn read_sweep(path: &Path) -> Result<SweepSpec, IoError> {
    read(path, false)
}

/// Read a comparison file (`compare.toml`): named `[[variant]]`s, each setting
/// `scenario`, `borders`, `candidates`, `expansion` or any key of a sweep.
pub fn read_compare(path: &Path) -> Result<SweepSpec, IoError> {
    read(path, true)
}

impl SweepSpec {
    /// Number of variants.
    pub fn count(&self) -> usize {
        self.axes.iter().fold(self.list.len().max(1), |n, a| n.saturating_mul(a.values.len()))
    }

    /// Every variant: each list variant (or the case itself) crossed with the
    /// product of the axes, the last axis varying fastest.
    pub fn variants(&self) -> Vec<PlannedVariant> {
        let n = self.count().min(MAX_VARIANTS);
        let list: Vec<Option<&ListVariant>> = if self.list.is_empty() { vec![None] } else { self.list.iter().map(Some).collect() };
        let per_list = n / list.len().max(1);
        let mut out = Vec::with_capacity(n);
        for index in 0..n {
            let lv = list[index / per_list.max(1)];
            let mut rest = index % per_list.max(1);
            let mut picks = vec![0; self.axes.len()];
            for (k, a) in self.axes.iter().enumerate().rev() {
                picks[k] = rest % a.values.len();
                rest /= a.values.len();
            }
            let mut sets = self.base.clone();
            sets.extend(lv.map(|v| v.sets.clone()).unwrap_or_default());
            let mut axis_values = Vec::new();
            for (a, &p) in self.axes.iter().zip(&picks) {
                let o = Override { key: a.key.clone(), value: a.values[p].clone(), source: "sweep axis".into() };
                axis_values.push((a.key.clone(), o.value_label()));
                sets.push(o);
            }
            let list_name = lv.and_then(|v| v.name.clone());
            let name = if self.axes.is_empty() {
                list_name.clone().unwrap_or_else(|| format!("{index:04}"))
            } else {
                let mut parts: Vec<String> = list_name.iter().cloned().collect();
                parts.extend(axis_values.iter().map(|(_, v)| v.clone()));
                let label: String = parts
                    .join("_")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
                    .take(80)
                    .collect();
                format!("{index:04}_{label}")
            };
            out.push(PlannedVariant { index, name, list_name, axis_values, sets });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<SweepSpec, IoError> {
        let d = std::env::temp_dir().join(format!("nagrid-spec-{}-{}", std::process::id(), text.len()));
        std::fs::write(&d, text).unwrap();
        let r = read_sweep(&d);
        let _ = std::fs::remove_file(&d);
        r
    }

    #[test]
    fn axes_make_a_product_in_the_order_written() {
        let s = spec("name = \"t\"\n[axes]\nscenario = [\"mid\", \"high\"]\nlines.can_usa.s_max_mw = [250, 500, 750]\n").unwrap();
        assert_eq!(s.axes[0].key, "load.scenario");
        let v = s.variants();
        assert_eq!(v.len(), 6);
        assert_eq!(v[1].name, "0001_mid_500");
        assert_eq!(v[5].axis_values, [("load.scenario".into(), "high".into()), ("lines.can_usa.s_max_mw".into(), "750".into())]);
        assert_eq!(v[4].sets.len(), 2);
    }

    #[test]
    fn lists_cross_axes_and_bad_specs_are_refused() {
        let s = spec(
            "[[variant]]\nname = \"a\"\nborders = \"islanded\"\n[[variant]]\nname = \"b\"\n[axes]\nload.weather_year = [2020, 2021]\n",
        )
        .unwrap();
        let v = s.variants();
        assert_eq!(v.len(), 4);
        assert_eq!(v[1].name, "0001_a_2021");
        assert_eq!(v[2].list_name.as_deref(), Some("b"));
        let e = spec("[axes]\nload.scenarioo = [\"mid\"]\n").unwrap_err().to_string();
        assert!(e.contains("load.scenarioo") && e.contains("did you mean load.scenario"), "{e}");
        let e = spec("[axes]\nload.scenario = \"mid\"\n").unwrap_err().to_string();
        assert!(e.contains("an axis lists its values"), "{e}");
        let e = spec("nmae = 1\n[axes]\nload.scenario = [\"mid\", \"mid\"]\n").unwrap_err().to_string();
        assert!(e.contains("appears twice") && e.contains("did you mean name"), "{e}");
        assert!(spec("name = \"x\"\n").unwrap_err().to_string().contains("nothing to sweep"));
    }
}
