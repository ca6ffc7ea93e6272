//! The quarantine: for every source file with refused rows, a CSV a planner
//! can open in Excel (UTF-8 with BOM) listing each refused row's original
//! line, the column, the reason code, a plain message and the raw row; and
//! beside it the warnings (rows kept, but worth a look). These files hold
//! raw rows with personal data: they stay in `data/`, never published.
//!
//! An ingest collects its files in [`Pending`], writes them beside their
//! places before the lake's commit and renames them in only after it, so
//! a refused ingest leaves the quarantine as it was. Every cell is
//! neutralised against spreadsheet formulas (`crate::csvcell`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::file::CheckedFile;
use super::rows::Problem;

/// The quarantine files an ingest will write (the content) or remove
/// (`None`: the file has no rows any more), in the order planned.
#[derive(Debug, Clone, Default)]
pub struct Pending(Vec<(PathBuf, Option<Vec<u8>>)>);

impl Pending {
    /// The refused rows and the warnings of a checked file.
    pub fn file(&mut self, dir: &Path, checked: &CheckedFile) {
        let rows: Vec<(&Problem, Option<&str>)> =
            checked.quarantined.iter().map(|(p, raw)| (p, Some(raw.as_str()))).collect();
        self.plan(sidecar(dir, &checked.source_file, "quarantine"), &rows);
        let rows: Vec<(&Problem, Option<&str>)> = checked.warnings.iter().map(|p| (p, None)).collect();
        self.plan(sidecar(dir, &checked.source_file, "warnings"), &rows);
    }

    /// `<dir>/<source stem>.conflicts.csv`: the claims of `source_file` that
    /// another month holds with different content (`CONFLICTING_NO_KLAIM`).
    /// Rewritten whenever claims are resolved anew; no raw row (the lake keeps
    /// none), the line points into the original file.
    pub fn conflicts(&mut self, dir: &Path, source_file: &str, conflicts: &[Problem]) {
        let rows: Vec<(&Problem, Option<&str>)> = conflicts.iter().map(|p| (p, None)).collect();
        self.plan(sidecar(dir, source_file, "conflicts"), &rows);
    }

    fn plan(&mut self, path: PathBuf, rows: &[(&Problem, Option<&str>)]) {
        self.0.retain(|(p, _)| *p != path);
        self.0.push((path, (!rows.is_empty()).then(|| csv_bytes(rows))));
    }

    /// Writes every new file under a temporary name beside its place; on
    /// failure removes what it wrote. Nothing visible changes.
    pub fn prepare(&self) -> Result<()> {
        let written = (|| -> Result<()> {
            for (path, bytes) in &self.0 {
                let Some(bytes) = bytes else { continue };
                let failed = || format!("failed to write `{}`", path.display());
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(failed)?;
                }
                crate::failpoint::hit("before writing a quarantine file").with_context(failed)?;
                std::fs::write(temporary(path), bytes).with_context(failed)?;
            }
            Ok(())
        })();
        if written.is_err() {
            self.discard();
        }
        written
    }

    /// Removes the temporary files of [`Pending::prepare`].
    pub fn discard(&self) {
        for (path, _) in &self.0 {
            let _ = std::fs::remove_file(temporary(path));
        }
    }

    /// Puts the prepared files in their places (renames, no new space needed)
    /// and removes the files that have no rows any more.
    pub fn apply(&self) -> Result<()> {
        for (path, bytes) in &self.0 {
            match bytes {
                Some(_) => std::fs::rename(temporary(path), path)
                    .with_context(|| format!("failed to replace `{}`", path.display()))?,
                None if path.exists() => std::fs::remove_file(path)
                    .with_context(|| format!("failed to remove the stale `{}`", path.display()))?,
                None => {}
            }
        }
        Ok(())
    }
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".pending");
    path.with_file_name(name)
}

/// `<dir>/<source stem>.<kind>.csv`
fn sidecar(dir: &Path, source_file: &str, kind: &str) -> PathBuf {
    let stem = Path::new(source_file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    dir.join(format!("{stem}.{kind}.csv"))
}

/// The CSV of `rows` (UTF-8 with BOM, for Excel), every cell neutralised.
fn csv_bytes(rows: &[(&Problem, Option<&str>)]) -> Vec<u8> {
    let with_raw = rows.first().is_some_and(|r| r.1.is_some());
    let mut header = vec!["file", "line", "column", "code", "message"];
    if with_raw {
        header.push("raw_row");
    }
    let header: Vec<String> = header.into_iter().map(String::from).collect();
    let records = rows.iter().map(|(p, raw)| {
        let mut record = vec![p.file.clone(), p.line.to_string(), p.column.clone(), p.code.clone(), p.message.clone()];
        record.extend(raw.map(str::to_string));
        record
    });
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    out.extend(crate::csvcell::records(std::iter::once(header).chain(records)).into_bytes());
    out
}
