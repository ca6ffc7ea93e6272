//! One export file -> checked rows per month, quarantined rows, warnings,
//! exact duplicates. Rules that span rows live here: exact duplicates,
//! `DUPLICATE_KPJ` within a snapshot, and `no_klaim` across months.
//! Invariant, per file: rows read = kept + quarantined + skipped.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};

pub use super::checked::{CheckContext, CheckedFile, FileName};
use super::claims::Known;
use super::read::Table;
use super::rows::RowContext;
use crate::contract::{Dataset, normalise_header};
use crate::period::Month;

/// Reads `peserta_2025-11.csv`, `klaim-202511_revisi.xlsx`, ...
pub fn parse_file_name(path: &Path) -> Result<FileName> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let word: String = stem.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let Some(dataset) = Dataset::from_name(&word) else {
        bail!(
            "`{}`: the file name must start with the dataset, `peserta` or `klaim` (for example peserta_2025-11.csv)",
            path.display()
        );
    };
    Ok(FileName { dataset, month: month_in(stem), revisi: stem.to_ascii_lowercase().contains("revisi") })
}

/// The first `YYYY-MM` or `YYYYMM` in a name that is not part of a longer number.
fn month_in(stem: &str) -> Option<Month> {
    let b = stem.as_bytes();
    for start in 0..b.len() {
        if start > 0 && b[start - 1].is_ascii_digit() {
            continue;
        }
        for len in [7, 6] {
            let Some(candidate) = stem.get(start..start + len) else { continue };
            let after_digit = b.get(start + len).is_some_and(u8::is_ascii_digit);
            if !after_digit && let Some(m) = Month::parse_loose(candidate) {
                return Some(m);
            }
        }
    }
    None
}

/// Checks one file, `bytes` as read from `path`, whose content hashes to `sha256`. `known` holds the
/// claim candidates of the lake and of earlier files of this run; the
/// months this file delivers are forgotten there and its own candidates
/// added. Claims are only resolved across months later (`claims.rs`).
pub fn check_file(
    path: &Path,
    bytes: &[u8],
    sha256: String,
    ctx: &CheckContext,
    known: &mut Known,
) -> Result<CheckedFile> {
    check_file_unless(path, bytes, sha256, ctx, known, None)
}

/// [`check_file`], stopped with an error at the next record once `stop` is set.
pub fn check_file_unless(
    path: &Path,
    bytes: &[u8],
    sha256: String,
    ctx: &CheckContext,
    known: &mut Known,
    stop: Option<&AtomicBool>,
) -> Result<CheckedFile> {
    let name = parse_file_name(path)?;
    let display = path.display();
    let table = read_table(path, bytes, name.dataset.name())?;
    let dataset = name.dataset;

    // Header: every contract column (periode may come from the name).
    let headers: Vec<String> = table.header.iter().map(|h| normalise_header(h)).collect();
    let mut mapping = Vec::new();
    let mut missing = Vec::new();
    for column in dataset.columns() {
        let found = headers.iter().position(|h| h == column.name);
        let copies: Vec<usize> =
            headers.iter().enumerate().filter(|(_, h)| *h == column.name).map(|(i, _)| i).collect();
        if copies.len() > 1 {
            let at: Vec<String> =
                copies.iter().map(|&i| format!("column {} (`{}`)", i + 1, table.header[i].trim())).collect();
            bail!(
                "`{display}` has the column `{}` {} times, {}: jamstat does not guess which copy is right; \
                 delete all but one and ingest the file again",
                column.name,
                copies.len(),
                at.join(", ")
            );
        }
        if found.is_none() && !(column.name == "periode" && name.month.is_some()) {
            missing.push(column.name);
        }
        mapping.push(found);
    }
    if missing.contains(&"periode") {
        bail!(
            "`{display}` has no `periode` column and no month in its name: rename it like {}_2025-11.csv",
            dataset.name()
        );
    }
    if !missing.is_empty() {
        bail!(
            "`{display}` has no column {}: export it again with every column of the `{}` contract",
            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            dataset.name()
        );
    }
    let contract_columns: HashSet<&str> = dataset.columns().iter().map(|c| c.name).collect();
    let extra_columns: Vec<String> =
        headers.iter().filter(|h| !contract_columns.contains(h.as_str())).cloned().collect();
    let row_ctx = RowContext {
        dataset,
        wilayah: ctx.wilayah,
        file_month: name.month,
        mapping: &mapping,
        vulnerable_kategori: ctx.vulnerable_kategori,
    };
    let source_file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let out = CheckedFile::empty(path, source_file, name, sha256, extra_columns);
    let rules = super::pass::Rules { table: &table, row: &row_ctx, ctx, display: display.to_string(), stop };
    let cut = ctx.split_from.and_then(|from| table.halves(from));
    let out = super::pass::check(&rules, out, cut, known)?;
    if dataset == Dataset::Peserta && out.rows_read == 0 {
        bail!("`{display}` has no rows: a membership snapshot is never empty, export the month again");
    }
    debug_assert_eq!(out.rows_read, out.rows_kept() + out.quarantined.len() as u64 + out.skipped);
    Ok(out)
}

/// Reads an export (`bytes`, as read from `path`), CSV or XLSX by its
/// extension; `dataset` names the sheet to prefer in a workbook.
fn read_table<'a>(path: &Path, bytes: &'a [u8], dataset: &str) -> Result<Table<'a>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => super::xlsx::read_xlsx(path, bytes, dataset),
        "xls" => bail!(
            "`{}` is an old Excel file (.xls): open it in Excel and save it as \"Excel Workbook (*.xlsx)\"",
            path.display()
        ),
        _ => super::read::read_csv(path, bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_dataset_month_and_revisi() {
        let n = parse_file_name(Path::new("x/peserta_2025-11.csv")).unwrap();
        assert_eq!(
            (n.dataset, n.month.map(|m| m.to_string()), n.revisi),
            (Dataset::Peserta, Some("2025-11".into()), false)
        );
        let n = parse_file_name(Path::new("klaim-202511_revisi.xlsx")).unwrap();
        assert_eq!(
            (n.dataset, n.month.map(|m| m.to_string()), n.revisi),
            (Dataset::Klaim, Some("2025-11".into()), true)
        );
        assert_eq!(parse_file_name(Path::new("klaim_semua.csv")).unwrap().month, None);
        assert_eq!(parse_file_name(Path::new("klaim_12345678.csv")).unwrap().month, None);
        assert!(parse_file_name(Path::new("data_2025-11.csv")).is_err());
    }
}
