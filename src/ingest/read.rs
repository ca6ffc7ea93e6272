//! Reading an export file into records: encoding (UTF-8 with or without
//! BOM, else Windows-1252), delimiter (`,` or `;`, detected from the
//! header), quoted fields with embedded delimiters and newlines. Each record
//! keeps the physical line it starts on (the header is line 1).

use std::path::Path;

use anyhow::{Context, Result, bail};

/// One data record as read, before any checking.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A whole file: its header and its records.
#[derive(Debug)]
pub struct Table {
    pub header: Vec<String>,
    pub records: Vec<Record>,
    pub delimiter: u8,
}

/// Decodes bytes: UTF-8 (a BOM is dropped), or Windows-1252 when the bytes
/// are not valid UTF-8 (Excel's default "CSV" on Indonesian Windows).
/// UTF-8 is borrowed, not copied (a month of a province is hundreds of MB).
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// `;` when the header has more semicolons than commas, else `,`.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c| header.chars().filter(|&x| x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// Reads an export (`bytes`, as read from `path`), CSV or XLSX by its
/// extension; `dataset` names the sheet to prefer in a workbook.
pub fn read_table(path: &Path, bytes: &[u8], dataset: &str) -> Result<Table> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => super::xlsx::read_xlsx(path, bytes, dataset),
        "xls" => bail!(
            "`{}` is an old Excel file (.xls): open it in Excel and save it as \"Excel Workbook (*.xlsx)\"",
            path.display()
        ),
        _ => read_csv(path, bytes),
    }
}

/// Reads a CSV export (`bytes` of `path`). Fails (file-level) when it
/// cannot be read at all.
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Table> {
    if bytes.starts_with(b"PK\x03\x04") {
        bail!("`{}` is an Excel workbook saved under a .csv name: rename it to .xlsx", path.display());
    }
    if bytes.contains(&0) {
        bail!("`{}` is not a text file (it contains NUL bytes): export it again as CSV or XLSX", path.display());
    }
    let text = decode(bytes);
    if text.trim().is_empty() {
        bail!("`{}` is empty: export the month again", path.display());
    }
    let delimiter = detect_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("failed to read the header of `{}`", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    // The csv crate counts records, not physical lines: map byte offsets
    // to lines so that a record after a quoted line break keeps its line.
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1)).collect();
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.with_context(|| format!("failed to read `{}`", path.display()))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // blank lines, e.g. Excel's trailing empty rows
        }
        // A record's position can fall on the `\n` of the line break before it.
        let mut byte = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let line = line_starts.partition_point(|&start| start <= byte) as u64;
        records.push(Record { line, fields: record.iter().map(str::to_string).collect() });
    }
    Ok(Table { header, records, delimiter })
}

/// The record as one line again, quoted where needed, for the quarantine.
pub fn raw_line(fields: &[String], delimiter: u8) -> String {
    let d = delimiter as char;
    fields
        .iter()
        .map(|f| if f.contains([d, '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
        .collect::<Vec<_>>()
        .join(&d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_decoded_when_not_utf8() {
        assert_eq!(decode(b"Caf\xe9 \x80"), "Café €");
        assert_eq!(decode("\u{feff}Café".as_bytes()), "Café");
    }

    #[test]
    fn semicolons_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter("a,b,c"), b',');
    }

    #[test]
    fn a_record_after_a_quoted_line_break_keeps_its_physical_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "a;b\r\n1;\"x\r\ny\"\r\n2;z\r\n").unwrap();
        let t = read_csv(&path, &std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(t.records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!(t.records[0].fields[1], "x\r\ny");
    }

    #[test]
    fn raw_lines_requote() {
        let f = vec!["a".to_string(), "b,c".into(), "say \"hi\"".into()];
        assert_eq!(raw_line(&f, b','), "a,\"b,c\",\"say \"\"hi\"\"\"");
    }
}
