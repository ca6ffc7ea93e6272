//! The quarantine: for every source file with refused rows, a CSV a planner
//! can open in Excel (UTF-8 with BOM) listing each refused row's original
//! line, the column, the reason code, a plain message and the raw row; and
//! beside it the warnings (rows kept, but worth a look). These files hold
//! raw rows with personal data: they stay in `data/`, never published.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::file::CheckedFile;
use super::rows::Problem;

pub fn write(dir: &Path, checked: &CheckedFile) -> Result<()> {
    let quarantine = sidecar(dir, &checked.source_file, "quarantine");
    let warnings = sidecar(dir, &checked.source_file, "warnings");
    let rows: Vec<(&Problem, Option<&str>)> =
        checked.quarantined.iter().map(|(p, raw)| (p, Some(raw.as_str()))).collect();
    write_one(&quarantine, &rows)?;
    let rows: Vec<(&Problem, Option<&str>)> = checked.warnings.iter().map(|p| (p, None)).collect();
    write_one(&warnings, &rows)
}

/// `<dir>/<source stem>.conflicts.csv`: the claims of `source_file` that
/// another month holds with different content (`CONFLICTING_NO_KLAIM`).
/// Rewritten whenever claims are resolved anew; no raw row (the lake keeps
/// none), the line points into the original file.
pub fn write_conflicts(dir: &Path, source_file: &str, conflicts: &[Problem]) -> Result<()> {
    let rows: Vec<(&Problem, Option<&str>)> = conflicts.iter().map(|p| (p, None)).collect();
    write_one(&sidecar(dir, source_file, "conflicts"), &rows)
}

/// `<dir>/<source stem>.<kind>.csv`
fn sidecar(dir: &Path, source_file: &str, kind: &str) -> PathBuf {
    let stem = Path::new(source_file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    dir.join(format!("{stem}.{kind}.csv"))
}

fn write_one(path: &Path, rows: &[(&Problem, Option<&str>)]) -> Result<()> {
    if rows.is_empty() {
        if path.exists() {
            std::fs::remove_file(path).with_context(|| format!("failed to remove the stale `{}`", path.display()))?;
        }
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let with_raw = rows[0].1.is_some();
        let mut header = vec!["file", "line", "column", "code", "message"];
        if with_raw {
            header.push("raw_row");
        }
        w.write_record(&header)?;
        for (p, raw) in rows {
            let line = p.line.to_string();
            let mut record = vec![p.file.as_str(), &line, &p.column, &p.code, &p.message];
            if let Some(raw) = raw {
                record.push(raw);
            }
            w.write_record(&record)?;
        }
        w.flush()?;
    }
    crate::lake::write_atomic(path, &out)
}
