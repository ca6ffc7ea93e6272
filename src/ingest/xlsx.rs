//! Reading an XLSX export (calamine) into the same records as a CSV: the
//! sheet named after the dataset, else the first sheet; the first non-empty
//! row is the header; line numbers are the sheet's row numbers.
//!
//! Cells become the text a person would type, so that one set of parsing
//! rules serves both formats: Excel dates become ISO dates, whole numbers
//! their digits, other numbers their decimal form (so a fractional Rupiah
//! is `AMBIGUOUS_AMOUNT`). A number of 15 or more digits is written the way
//! Excel shows it (`3.577011005900E15`): Excel keeps only 15 significant
//! digits, so a NIK stored as a number is damaged and must be refused, not
//! read.

use std::io::Cursor;
use std::path::Path;

use anyhow::{Result, bail};
use calamine::{Data, Reader, Xlsx};

use super::read::{Record, Sniffed, Table};

/// Reads the workbook `bytes`, as read from `path` (named in messages).
pub fn read_xlsx<'a>(path: &Path, bytes: &[u8], dataset: &str) -> Result<Table<'a>> {
    let display = path.display();
    match super::read::sniff(bytes) {
        Sniffed::Zip => {}
        Sniffed::Text => bail!(
            "`{display}` is a CSV (text) file although its name ends in .xlsx: rename it to .csv and ingest it again"
        ),
        Sniffed::Utf16 => bail!(
            "`{display}` is UTF-16 text although its name ends in .xlsx: open it in Excel and save it as \
             \"Excel Workbook (*.xlsx)\" or \"CSV UTF-8 (Comma delimited) (*.csv)\""
        ),
        Sniffed::OldExcel => bail!(
            "`{display}` is an old Excel workbook (.xls) although its name ends in .xlsx: open it in Excel and \
             save it as \"Excel Workbook (*.xlsx)\""
        ),
        Sniffed::Binary => bail!(
            "`{display}` is not an Excel workbook although its name ends in .xlsx: open it in Excel and save it as \
             \"Excel Workbook (*.xlsx)\", or export CSV"
        ),
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        anyhow::anyhow!(
            "`{display}` is damaged or cut short ({e}): copy it again from the original e-mail or flash disk"
        )
    })?;
    let names = book.sheet_names();
    let Some(sheet) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(dataset)).or(names.first()).cloned() else {
        bail!("`{display}` has no sheet: export the month again");
    };
    let range = book.worksheet_range(&sheet).map_err(|e| {
        anyhow::anyhow!("failed to read sheet `{sheet}` of `{display}` ({e}): open it in Excel and save it again")
    })?;
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let mut rows = range.rows().enumerate().map(|(i, cells)| (first_row + i as u64 + 1, cells));
    let Some((_, header_cells)) = rows.find(|(_, cells)| cells.iter().any(|c| !text(c).trim().is_empty())) else {
        bail!("`{display}` is empty (sheet `{sheet}` has no rows): export the month again");
    };
    let mut header: Vec<String> = header_cells.iter().map(text).collect();
    while header.last().is_some_and(|h| h.trim().is_empty()) {
        header.pop();
    }
    let mut records = Vec::new();
    for (line, cells) in rows {
        let mut fields: Vec<String> = cells.iter().map(text).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // The sheet is as wide as its widest row: empty cells right of the header are not fields.
        while fields.len() > header.len() && fields.last().is_some_and(|f| f.trim().is_empty()) {
            fields.pop();
        }
        records.push(Record { line, fields: csv::StringRecord::from(fields) });
    }
    Ok(Table::of_rows(header, records))
}

/// A cell as the text a person would type.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) => d.date().format("%Y-%m-%d").to_string(),
            None => number(dt.as_f64()),
        },
        Data::DateTime(dt) => number(dt.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).filter(|d| d.parse::<chrono::NaiveDate>().is_ok()).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// Whole numbers as digits while Excel can hold them exactly (< 10^15),
/// larger ones in Excel's exponent form, fractions as decimals.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.fract() == 0.0 {
        format!("{f:E}")
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_would_type_them() {
        assert_eq!(number(16800.0), "16800");
        assert_eq!(number(16800.5), "16800.5");
        assert_eq!(number(3577011005900000.0), "3.5770110059E15");
        assert_eq!(text(&Data::Bool(true)), "TRUE");
        assert_eq!(text(&Data::DateTimeIso("2025-12-29T00:00:00".into())), "2025-12-29");
    }
}
