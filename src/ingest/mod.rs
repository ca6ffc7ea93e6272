//! `jamstat ingest`: export files -> checked rows -> the lake, in one
//! atomic commit. Files are checked in a fixed order (dataset, month,
//! originals before `_revisi`), so the result depends on the set of files,
//! not on the order they are named. A file-level fault in any file stops
//! the whole run before anything is committed: the lake stays as it was.

pub mod contract;
pub mod file;
pub mod quarantine;
pub mod read;
pub mod rows;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use hmac::{Hmac, Mac};
use polars::prelude::{Column, DataFrame, Int32Chunked, IntoSeries, NewChunkedArray, col};
use serde::Serialize;
use sha2::Sha256;

use crate::config::Config;
use crate::lake::{FileEntry, Lake, Transaction};
use crate::period::Month;
use crate::reference::Wilayah;
use contract::{CONTRACT_VERSION, Cell, Dataset, Kind};
use file::{CheckContext, CheckedFile, ClaimIndex, check_file};

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub dataset: String,
    pub months: Vec<String>,
    pub rows_read: u64,
    pub rows_ingested: u64,
    pub rows_quarantined: u64,
    pub rows_skipped: u64,
    pub warnings: u64,
    /// `ingested`, `unchanged` (identical file already in the lake) or `checked` (dry run).
    pub outcome: String,
    pub extra_columns: Vec<String>,
}

impl FileSummary {
    /// One line for people: `peserta_2025-11.csv: 51.300 read = ...`.
    pub fn line(&self) -> String {
        if self.outcome == "unchanged" {
            return format!("{}: unchanged (this exact file is already in the lake)", self.file);
        }
        let mut s = format!(
            "{}: {} rows read = {} kept + {} quarantined + {} exact duplicates skipped",
            self.file, self.rows_read, self.rows_ingested, self.rows_quarantined, self.rows_skipped
        );
        if self.warnings > 0 {
            s.push_str(&format!("; {} warnings", self.warnings));
        }
        if !self.extra_columns.is_empty() {
            s.push_str(&format!("; extra columns left out: {}", self.extra_columns.join(", ")));
        }
        s
    }
}

/// Keyed hash (HMAC-SHA256, 128 bits in hex) used for NIK pseudonyms.
pub fn keyed_hash(key: &str, text: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(text.as_bytes());
    file::hex(&mac.finalize().into_bytes()[..16])
}

/// Every export file named by `inputs` (files, or folders read one level
/// deep), in the order they are applied.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in std::fs::read_dir(input).with_context(|| format!("failed to list `{}`", input.display()))? {
                let path = entry?.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                if path.is_file() && (ext == "csv" || ext == "xlsx") {
                    files.push(path);
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            bail!("`{}` does not exist", input.display());
        }
    }
    let mut keyed = Vec::new();
    for path in files {
        let name = file::parse_file_name(&path)?;
        keyed.push(((name.dataset, name.month, name.revisi, path.file_name().map(|n| n.to_os_string())), path));
    }
    keyed.sort();
    keyed.dedup_by(|a, b| a.1 == b.1);
    Ok(keyed.into_iter().map(|(_, p)| p).collect())
}

/// Checks `inputs` and, when `commit`, writes them to the lake in one step.
pub fn run(config: &Config, inputs: &[PathBuf], commit: bool) -> Result<Vec<FileSummary>> {
    let files = discover(inputs)?;
    if files.is_empty() {
        bail!(
            "no export files (peserta_*.csv, klaim_*.csv) in {}",
            inputs.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
        );
    }
    let wilayah = Wilayah::load(&config.paths.reference.join("wilayah.csv"))?;
    let mut lake = Lake::open(&config.paths.lake)?;
    let ctx = CheckContext {
        wilayah: &wilayah,
        vulnerable_kategori: &config.programme.vulnerable_kategori,
        release_month: Month::of_date(config.publication.release_date),
        nik_key: &config.nik_key,
    };
    let mut claims = lake_claims(&lake)?;
    let mut tx = Transaction::default();
    let mut summaries = Vec::new();
    let result = (|| -> Result<()> {
        for path in &files {
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
                bail!(
                    "`{}`: XLSX is not read yet: save the first sheet as CSV (UTF-8) and ingest that",
                    path.display()
                );
            }
            let sha = file::sha256_file(path).with_context(|| format!("failed to read `{}`", path.display()))?;
            if let Some(done) = unchanged(&lake, &sha) {
                summaries.push(FileSummary { outcome: "unchanged".into(), ..summary_of_entry(done) });
                continue;
            }
            let checked = check_file(path, sha, &ctx, &mut claims)?;
            quarantine::write(&config.paths.quarantine, &checked)?;
            let outcome = if commit { "ingested" } else { "checked" };
            let summary = summary(&checked, outcome);
            if commit {
                let entry = file_entry(&summary, &checked.sha256);
                stage_file(&lake, &mut tx, &checked, &entry, &config.nik_key)?;
                Lake::record_file(&mut tx, entry);
            }
            summaries.push(summary);
        }
        Ok(())
    })();
    match result {
        Ok(()) if commit => lake.commit(tx)?,
        Ok(()) => {}
        Err(e) => {
            // Nothing was committed; drop the staged files now.
            drop(tx);
            Lake::open(&config.paths.lake)?;
            return Err(e).context("nothing was ingested: the lake is unchanged");
        }
    }
    Ok(summaries)
}

/// The file entry when this exact content is already the source of all its months.
fn unchanged<'a>(lake: &'a Lake, sha: &str) -> Option<&'a FileEntry> {
    let entry = lake.file_by_sha(sha)?;
    let dataset = Dataset::from_name(&entry.dataset)?;
    entry
        .months
        .iter()
        .all(|m| m.parse().ok().and_then(|m| lake.partition(dataset, m)).is_some_and(|p| p.source_sha256 == sha))
        .then_some(entry)
}

fn summary(c: &CheckedFile, outcome: &str) -> FileSummary {
    let mut months: Vec<String> = c.kept.keys().map(Month::to_string).collect();
    if let (Dataset::Klaim, Some(m)) = (c.name.dataset, c.name.month)
        && months.is_empty()
    {
        months.push(m.to_string()); // a header-only klaim file: a month with no claims
    }
    FileSummary {
        file: c.source_file.clone(),
        dataset: c.name.dataset.name().to_string(),
        months,
        rows_read: c.rows_read,
        rows_ingested: c.rows_kept(),
        rows_quarantined: c.quarantined.len() as u64,
        rows_skipped: c.skipped,
        warnings: c.warnings.len() as u64,
        outcome: outcome.to_string(),
        extra_columns: c.extra_columns.clone(),
    }
}

fn summary_of_entry(e: &FileEntry) -> FileSummary {
    FileSummary {
        file: e.source_file.clone(),
        dataset: e.dataset.clone(),
        months: e.months.clone(),
        rows_read: e.rows_read,
        rows_ingested: e.rows_ingested,
        rows_quarantined: e.rows_quarantined,
        rows_skipped: e.rows_skipped,
        warnings: e.warnings,
        outcome: String::new(),
        extra_columns: Vec::new(),
    }
}

fn file_entry(s: &FileSummary, sha256: &str) -> FileEntry {
    FileEntry {
        source_file: s.file.clone(),
        sha256: sha256.to_string(),
        dataset: s.dataset.clone(),
        months: s.months.clone(),
        rows_read: s.rows_read,
        rows_ingested: s.rows_ingested,
        rows_quarantined: s.rows_quarantined,
        rows_skipped: s.rows_skipped,
        warnings: s.warnings,
        contract_version: CONTRACT_VERSION.to_string(),
    }
}

fn stage_file(lake: &Lake, tx: &mut Transaction, c: &CheckedFile, source: &FileEntry, nik_key: &str) -> Result<()> {
    for month in &source.months {
        let month: Month = month.parse()?;
        let rows = c.kept.get(&month).map(Vec::as_slice).unwrap_or(&[]);
        let content = c.content.get(&month).map(Vec::as_slice).unwrap_or(&[]);
        let mut df = to_frame(c.name.dataset, rows, content, nik_key)?;
        lake.stage(tx, c.name.dataset, month, &mut df, source)?;
    }
    Ok(())
}

/// Checked rows -> a frame with the lake's columns: no `periode` (it is the
/// partition), no `nama`, `nik` replaced by `nik_hash`.
pub fn to_frame(dataset: Dataset, rows: &[Vec<Cell>], content: &[String], nik_key: &str) -> Result<DataFrame> {
    let mut columns = Vec::new();
    for (i, column) in dataset.columns().iter().enumerate() {
        if !column.stored || column.name == "periode" {
            continue;
        }
        let cells = rows.iter().map(|r| &r[i]);
        let col = match column.kind {
            Kind::Nik => {
                Column::new("nik_hash".into(), cells.map(|c| keyed_hash(nik_key, c.text())).collect::<Vec<_>>())
            }
            Kind::Date => {
                let days: Vec<Option<i32>> = cells.map(|c| c.date().map(days_since_epoch)).collect();
                Int32Chunked::from_iter_options(column.name.into(), days.into_iter()).into_date().into_series().into()
            }
            Kind::Rupiah | Kind::Count => Column::new(column.name.into(), cells.map(Cell::int).collect::<Vec<_>>()),
            _ => Column::new(
                column.name.into(),
                cells.map(|c| if let Cell::Text(s) = c { Some(s.as_str()) } else { None }).collect::<Vec<_>>(),
            ),
        };
        columns.push(col);
    }
    if dataset == Dataset::Klaim {
        columns.push(Column::new("isi_hash".into(), content.to_vec()));
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")).num_days() as i32
}

/// The claims already in the lake, by `no_klaim`.
fn lake_claims(lake: &Lake) -> Result<ClaimIndex> {
    let mut index = ClaimIndex::new();
    let months = lake.months(Dataset::Klaim);
    let Some(lf) = lake.scan(Dataset::Klaim, &months)? else { return Ok(index) };
    let df = lf.select([col("no_klaim"), col("isi_hash"), col("periode")]).collect()?;
    let (no, isi, periode) =
        (df.column("no_klaim")?.str()?, df.column("isi_hash")?.str()?, df.column("periode")?.str()?);
    for i in 0..df.height() {
        if let (Some(n), Some(h), Some(p)) = (no.get(i), isi.get(i), periode.get(i)) {
            index.insert(n.to_string(), file::HeldClaim { month: p.parse()?, content: h.to_string(), in_lake: true });
        }
    }
    Ok(index)
}
