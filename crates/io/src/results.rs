//! Writing results: hourly tables and JSON/Markdown files into a run folder that
//! appears only when complete.

use crate::IoError;
use chrono::SecondsFormat;
use nagrid_model::TimeAxis;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A run folder under construction. Files are written into a hidden temporary
/// sibling folder, which [`RunFolder::commit`] renames to the final path; if the run
/// fails (or the value is dropped) the temporary folder is removed, so a failed run
/// leaves nothing behind.
#[derive(Debug)]
pub struct RunFolder {
    tmp: PathBuf,
    dest: PathBuf,
    done: bool,
}

impl RunFolder {
    /// Prepare to write `dest`. Fails if `dest` already exists.
    pub fn create(dest: &Path) -> Result<Self, IoError> {
        if dest.exists() {
            return Err(IoError::Exists(dest.display().to_string()));
        }
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| IoError::file(parent, e))?;
        let name = dest.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into());
        let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| IoError::file(&tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| IoError::file(&tmp, e))?;
        Ok(Self { tmp, dest: dest.to_path_buf(), done: false })
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

    /// Write an hourly table: a `timestamp` column (in `tz`) and one column per
    /// component, values rounded to `decimals`.
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
        let mut w = BufWriter::with_capacity(1 << 20, f);
        let mut line = String::with_capacity(64 + 12 * headers.len());
        line.push_str("timestamp");
        for h in headers {
            line.push(',');
            line.push_str(&csv_field(h));
        }
        line.push('\n');
        w.write_all(line.as_bytes()).map_err(|e| IoError::file(&p, e))?;
        for t in 0..axis.hours {
            line.clear();
            line.push_str(&format_timestamp(axis, t, tz));
            for c in columns {
                line.push(',');
                push_number(&mut line, c[t], decimals);
            }
            line.push('\n');
            w.write_all(line.as_bytes()).map_err(|e| IoError::file(&p, e))?;
        }
        w.flush().map_err(|e| IoError::file(&p, e))
    }

    /// Rename the temporary folder to its final path.
    pub fn commit(mut self) -> Result<PathBuf, IoError> {
        if self.dest.exists() {
            return Err(IoError::Exists(self.dest.display().to_string()));
        }
        fs::rename(&self.tmp, &self.dest).map_err(|e| IoError::file(&self.dest, e))?;
        self.done = true;
        Ok(self.dest.clone())
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
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

/// Append `v` with `decimals` decimals; `-0` is written as `0`.
pub fn push_number(s: &mut String, v: f64, decimals: usize) {
    let scale = 10f64.powi(decimals as i32);
    let r = (v * scale).round() / scale;
    let r = if r == 0.0 { 0.0 } else { r };
    let _ = write!(s, "{r:.decimals$}");
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
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
    fn numbers_are_rounded_and_signless_zero() {
        let mut s = String::new();
        push_number(&mut s, -0.0000001, 3);
        s.push(' ');
        push_number(&mut s, 12.34567, 3);
        assert_eq!(s, "0.000 12.346");
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
            "timestamp,a\n2029-12-31T19:00:00-05:00,1.0\n2030-01-01T20:00:00-05:00,2.0\n".replace("2030-01-01T20", "2029-12-31T20")
        );
        assert!(matches!(RunFolder::create(&dest), Err(IoError::Exists(_))));
    }
}
