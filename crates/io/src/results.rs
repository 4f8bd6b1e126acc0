//! Writing results: hourly tables and JSON/Markdown files into a run folder that
//! appears only when complete.

use crate::IoError;
use chrono::SecondsFormat;
use nagrid_model::limits::MAX_DECIMALS;
use nagrid_model::TimeAxis;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// A run folder under construction. Files are written into a hidden temporary
/// sibling folder `.<name>.partial-<pid>-<n>@<host>`, which [`RunFolder::commit`] renames to
/// the final path; if the run fails (or the value is dropped) the temporary folder is
/// removed, so a failed run leaves nothing behind. A signal handler removes the
/// folders of an interrupted run with [`remove_partial_folders`], and creating a run
/// folder removes the temporary folders of processes that no longer exist (killed
/// with SIGKILL).
#[derive(Debug)]
pub struct RunFolder {
    tmp: PathBuf,
    dest: PathBuf,
    /// Take `dest-1`, `dest-2`… when `dest` is taken at commit.
    numbered: bool,
    /// Folders created to hold the run folder (deepest first), removed again if
    /// the run fails and they are empty.
    created: Vec<PathBuf>,
    done: bool,
}

/// Temporary folders of this process's run folders under construction, with the
/// folders created to hold them.
static PARTIAL: Mutex<Vec<(PathBuf, Vec<PathBuf>)>> = Mutex::new(Vec::new());
/// Distinguishes run folders of one process (compare variants, tests).
static SEQ: AtomicUsize = AtomicUsize::new(0);

fn partial() -> MutexGuard<'static, Vec<(PathBuf, Vec<PathBuf>)>> {
    PARTIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove the temporary folders of every run folder under construction, for a
/// SIGINT/SIGTERM handler on the way out: the registry stays locked afterwards, so
/// no run folder of this process can be committed once this has run.
pub fn remove_partial_folders() {
    let guard = partial();
    for (tmp, created) in guard.iter() {
        // Rename first so writers still running cannot add files to the folder being
        // removed; then remove it, and the original path if a writer re-created it.
        let mut trash = tmp.clone().into_os_string();
        trash.push("-removing");
        let trash = PathBuf::from(trash);
        if fs::rename(tmp, &trash).is_ok() {
            let _ = fs::remove_dir_all(&trash);
        }
        let _ = fs::remove_dir_all(tmp);
        remove_empty(created);
    }
    std::mem::forget(guard);
}

/// Remove the folders in `created` (deepest first) that are empty.
fn remove_empty(created: &[PathBuf]) {
    for d in created {
        if fs::remove_dir(d).is_err() {
            break;
        }
    }
}

/// Process id in a temporary folder name `.<name>.partial-<pid>[-<n>][@<host>][-removing]`.
fn partial_pid(name: &str) -> Option<u32> {
    let rest = &name[name.rfind(".partial-")? + ".partial-".len()..];
    rest.split(['-', '@']).next()?.parse().ok()
}

/// This machine's name (`/proc/sys/kernel/hostname`), for temporary folder names: a
/// sweep's tasks on several nodes of a cluster write into one shared folder, and a
/// process id means something only on its own machine.
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_').collect())
        .unwrap_or_default()
}

/// Whether a temporary folder name was made on this machine (names without a host are).
fn made_here(name: &str) -> bool {
    match name.rsplit_once('@') {
        Some((_, h)) => h.trim_end_matches("-removing") == host(),
        None => true,
    }
}

/// Remove the temporary run folders in `parent` left by processes that no longer
/// exist (a run killed with SIGKILL cannot clean up). Needs `/proc` (Linux); does
/// nothing elsewhere.
fn remove_stale_partials(parent: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else { return };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            continue;
        }
        if let Some(pid) = partial_pid(&name).filter(|_| made_here(&name)) {
            if pid != me && !proc.join(pid.to_string()).exists() && e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// An I/O error with a message of nagrid's own.
fn custom(path: &Path, kind: std::io::ErrorKind, msg: String) -> IoError {
    IoError::file(path, std::io::Error::new(kind, msg))
}

/// The nearest existing ancestor of `dest` must be a folder.
fn check_ancestors(dest: &Path) -> Result<(), IoError> {
    let mut anc = dest.parent();
    while let Some(a) = anc.filter(|p| !p.as_os_str().is_empty()) {
        match fs::metadata(a) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(custom(
                    dest,
                    std::io::ErrorKind::NotADirectory,
                    format!("cannot create the run folder: {} is a file, not a folder (choose another --out)", a.display()),
                ))
            }
            Err(_) => anc = a.parent(),
        }
    }
    Ok(())
}

impl RunFolder {
    /// Check, before any work, that a run folder can be created at `dest`: it must
    /// not exist, and the nearest existing ancestor must be a folder.
    pub fn check(dest: &Path) -> Result<(), IoError> {
        if fs::symlink_metadata(dest).is_ok() {
            return Err(IoError::Exists(dest.display().to_string()));
        }
        check_ancestors(dest)
    }

    /// Prepare to write `dest`. Fails if `dest` already exists, at once and again at
    /// commit (another process may have taken it meanwhile).
    pub fn create(dest: &Path) -> Result<Self, IoError> {
        Self::open(dest, false)
    }

    /// Prepare to write `dest`, or `dest-1`, `dest-2`… if that is taken at commit
    /// (default run folders, named by their start time).
    pub fn create_numbered(dest: &Path) -> Result<Self, IoError> {
        Self::open(dest, true)
    }

    fn open(dest: &Path, numbered: bool) -> Result<Self, IoError> {
        if numbered {
            check_ancestors(dest)?;
        } else {
            Self::check(dest)?;
        }
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let created: Vec<PathBuf> =
            parent.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).map(Path::to_path_buf).collect();
        fs::create_dir_all(parent).map_err(|e| IoError::file(parent, e))?;
        remove_stale_partials(parent);
        let name = dest.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
        let seq = SEQ.fetch_add(1, Ordering::Relaxed);
        let tmp = parent.join(format!(".{name}.partial-{}-{seq}@{}", std::process::id(), host()));
        let mut reg = partial();
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| IoError::file(&tmp, e))?;
        }
        // A failing run of another process may remove `parent` if it created it and
        // it looked empty: create it again.
        let mut made = fs::create_dir(&tmp);
        if made.as_ref().is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            made = fs::create_dir_all(parent).and_then(|()| fs::create_dir(&tmp));
        }
        made.map_err(|e| IoError::file(&tmp, e))?;
        reg.push((tmp.clone(), created.clone()));
        Ok(Self { tmp, dest: dest.to_path_buf(), numbered, created, done: false })
    }
    /// Path of a file inside the (temporary) folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Write a text file.
    pub fn write_text(&self, name: &str, text: &str) -> Result<(), IoError> {
        let p = self.path(name);
        fs::write(&p, text).map_err(|e| IoError::file(&p, e))
    }

    /// Write an hourly table: a `timestamp` column (in `tz`), a `timestamp_utc` column
    /// when `tz` is not UTC, and one column per component, values rounded to `decimals`.
    pub fn write_hourly(
        &self,
        name: &str,
        axis: &TimeAxis,
        tz: chrono_tz::Tz,
        headers: &[&str],
        columns: &[&[f64]],
        decimals: usize,
    ) -> Result<(), IoError> {
        let p = self.path(name);
        let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
        let number = |s: &mut String, v: f64| push_number(s, v, decimals);
        write_hourly_csv(f, axis, tz, headers, columns, number).map_err(|e| IoError::file(&p, e))
    }

    /// Write `value` as pretty-printed JSON with a final newline. A value that cannot
    /// be serialised is an error, never an empty file.
    pub fn write_json<T: serde::Serialize + ?Sized>(&self, name: &str, value: &T) -> Result<(), IoError> {
        let text = serde_json::to_string_pretty(value).map_err(|e| IoError::Serialize { file: name.to_string(), reason: e.to_string() })?;
        self.write_text(name, &(text + "\n"))
    }

    /// Write a CSV table (a header record, then the rows), quoting fields only where
    /// needed.
    pub fn write_csv<R, F>(&self, name: &str, header: &[&str], rows: R) -> Result<(), IoError>
    where
        R: IntoIterator<Item = Vec<F>>,
        F: AsRef<[u8]>,
    {
        let p = self.path(name);
        let f = fs::File::create(&p).map_err(|e| IoError::file(&p, e))?;
        write_csv_to(f, header, rows).map_err(|e| IoError::file(&p, e))
    }

    /// Rename the temporary folder to its final path and return that path. The
    /// final folder is reserved with an atomic `create_dir` (which fails if another
    /// run took the name) and the temporary folder renamed over the empty reservation;
    /// a numbered folder takes the next free suffix.
    pub fn commit(mut self) -> Result<PathBuf, IoError> {
        let mut reg = partial();
        let stem = self.dest.clone().into_os_string();
        for i in 0usize.. {
            let cand = if i == 0 {
                self.dest.clone()
            } else {
                let mut s = stem.clone();
                s.push(format!("-{i}"));
                PathBuf::from(s)
            };
            match fs::create_dir(&cand) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && self.numbered && i < 10_000 => continue,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(IoError::Exists(cand.display().to_string())),
                Err(e) => return Err(IoError::file(&cand, e)),
            }
            if let Err(e) = fs::rename(&self.tmp, &cand) {
                let _ = fs::remove_dir(&cand);
                return Err(IoError::file(&cand, e));
            }
            self.done = true;
            reg.retain(|(p, _)| p != &self.tmp);
            return Ok(cand);
        }
        Err(IoError::Exists(self.dest.display().to_string()))
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.done {
            let mut reg = partial();
            let _ = fs::remove_dir_all(&self.tmp);
            remove_empty(&self.created);
            reg.retain(|(p, _)| p != &self.tmp);
        }
    }
}

/// Timestamp of hour `t` in `tz`, RFC 3339 (`Z` for UTC).
pub fn format_timestamp(axis: &TimeAxis, t: usize, tz: chrono_tz::Tz) -> String {
    let ts = axis.timestamp(t);
    if tz == chrono_tz::UTC {
        ts.to_rfc3339_opts(SecondsFormat::Secs, true)
    } else {
        ts.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false)
    }
}

/// Append `v` with `decimals` decimals; `-0` is written as `0`. `decimals` is
/// capped at [`MAX_DECIMALS`] (validation refuses more: 10^309 is infinite in f64).
pub fn push_number(s: &mut String, v: f64, decimals: usize) {
    let decimals = decimals.min(MAX_DECIMALS);
    let scale = 10f64.powi(decimals as i32);
    let m = (v * scale).round();
    // Fast path (the hourly tables hold millions of numbers): m ÷ 10^decimals written
    // from the integer m. The same text as formatting the double nearest to it, whose
    // error (under 1.2e-16 × |m| × 10^-decimals) cannot move the last decimal while
    // |m| < 4.5e15.
    if m.abs() < 1e15 {
        push_scaled(s, m as i64, decimals);
        return;
    }
    let r = m / scale;
    let r = if r == 0.0 { 0.0 } else { r };
    let _ = write!(s, "{r:.decimals$}");
}

/// Append `m` × 10^-`decimals` with exactly `decimals` decimals (`decimals` ≤ 18); `0`
/// has no sign.
fn push_scaled(s: &mut String, m: i64, decimals: usize) {
    let p = 10u64.pow(decimals as u32);
    let u = m.unsigned_abs();
    if m < 0 {
        s.push('-');
    }
    let _ = write!(s, "{}", u / p);
    if decimals > 0 {
        let _ = write!(s, ".{:0width$}", u % p, width = decimals);
    }
}

/// Write a header record and rows as CSV to `w` (fields quoted only where needed).
pub(crate) fn write_csv_to<W, R, F>(w: W, header: &[&str], rows: R) -> std::io::Result<()>
where
    W: Write,
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<[u8]>,
{
    let mut out = csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(w);
    out.write_record(header)?;
    for row in rows {
        out.write_record(&row)?;
    }
    out.flush()
}

/// Write an hourly table to `w`: a `timestamp` column (in `tz`), a `timestamp_utc`
/// column when `tz` is not UTC, and one column per header, each value written by
/// `number`.
pub(crate) fn write_hourly_csv<W: Write>(
    w: W,
    axis: &TimeAxis,
    tz: chrono_tz::Tz,
    headers: &[&str],
    columns: &[&[f64]],
    number: impl Fn(&mut String, f64),
) -> std::io::Result<()> {
    let mut out = csv::WriterBuilder::new().buffer_capacity(1 << 20).from_writer(w);
    let utc = tz != chrono_tz::UTC;
    out.write_field("timestamp")?;
    if utc {
        out.write_field("timestamp_utc")?;
    }
    out.write_record(headers)?;
    let mut field = String::with_capacity(32);
    for t in 0..axis.hours {
        out.write_field(format_timestamp(axis, t, tz))?;
        if utc {
            out.write_field(format_timestamp(axis, t, chrono_tz::UTC))?;
        }
        for c in columns {
            field.clear();
            number(&mut field, c[t]);
            out.write_field(&field)?;
        }
        out.write_record(None::<&[u8]>)?;
    }
    out.flush()
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String, IoError> {
    let bytes = fs::read(path).map_err(|e| IoError::file(path, e))?;
    let d = Sha256::digest(&bytes);
    Ok(d.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn temporary_folders_name_their_process_and_host() {
        assert_eq!(partial_pid(".run.partial-42-3@node7-removing"), Some(42));
        assert_eq!(partial_pid(".run.partial-42"), Some(42));
        assert!(made_here(".run.partial-42-3") && made_here(&format!(".run.partial-42-3@{}", host())));
        assert!(!made_here(".run.partial-42-3@another-node") && !made_here(".run.partial-42-3@another-node-removing"));
    }

    #[test]
    fn numbers_are_rounded_and_signless_zero() {
        let mut s = String::new();
        push_number(&mut s, -0.0000001, 3);
        s.push(' ');
        push_number(&mut s, 12.34567, 3);
        assert_eq!(s, "0.000 12.346");
    }

    /// The fast path writes what formatting the rounded double writes.
    #[test]
    fn numbers_match_formatting_the_rounded_double() {
        let reference = |v: f64, d: usize| {
            let scale = 10f64.powi(d as i32);
            let r = (v * scale).round() / scale;
            let r = if r == 0.0 { 0.0 } else { r };
            format!("{r:.d$}")
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.0005, 2.675, -1e-13, 123456.789, 999.9995, 1e14, -3.0e11];
        for _ in 0..200_000 {
            let mantissa = (next() % 2_000_000_001) as f64 - 1e9;
            let exp = (next() % 16) as i32 - 8;
            values.push(mantissa * 10f64.powi(exp));
        }
        for &v in &values {
            for d in 0..=MAX_DECIMALS {
                let mut s = String::new();
                push_number(&mut s, v, d);
                assert_eq!(s, reference(v, d), "{v:e} with {d} decimals");
            }
        }
    }

    #[test]
    fn folder_appears_only_on_commit() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("run1");
        {
            let rf = RunFolder::create(&dest).unwrap();
            rf.write_text("a.txt", "x").unwrap();
            // dropped without commit
        }
        assert!(!dest.exists());
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "temporary folder removed");
        let rf = RunFolder::create(&dest).unwrap();
        let axis = TimeAxis::new(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(), 2);
        rf.write_hourly("h.csv", &axis, chrono_tz::America::Toronto, &["a"], &[&[1.0, 2.0]], 1).unwrap();
        rf.commit().unwrap();
        let text = fs::read_to_string(dest.join("h.csv")).unwrap();
        assert_eq!(
            text,
            "timestamp,timestamp_utc,a\n2029-12-31T19:00:00-05:00,2030-01-01T00:00:00Z,1.0\n2029-12-31T20:00:00-05:00,2030-01-01T01:00:00Z,2.0\n"
        );
        assert!(matches!(RunFolder::create(&dest), Err(IoError::Exists(_))));
    }
}
