//! Reading an export file into records: encoding (UTF-8 with or without
//! BOM, else Windows-1252), delimiter (`,` or `;`, detected from the
//! header), quoted fields with embedded delimiters and newlines. Each record
//! keeps the physical line it starts on (the header is line 1).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// One data record as read, before any checking. Its fields live in one
/// buffer (`csv::StringRecord`), not one allocation each.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: u64,
    pub fields: csv::StringRecord,
}

/// Where a record can be read again: a CSV record's first byte, or a
/// sheet row's index. Only the exact-duplicate check reads a record twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At(usize);

/// A whole file: its header and where its records come from. A CSV is
/// read record by record from its text (a province's month is a million
/// rows: they are never all held as records at once); a sheet's rows are
/// already in memory.
#[derive(Debug)]
pub struct Table<'a> {
    pub header: Vec<String>,
    pub delimiter: u8,
    rows: Rows<'a>,
}

#[derive(Debug)]
enum Rows<'a> {
    Csv { text: std::borrow::Cow<'a, str>, path: PathBuf },
    Sheet(Vec<Record>),
}

impl<'a> Table<'a> {
    /// A table of rows already read (a worksheet).
    pub fn of_rows(header: Vec<String>, records: Vec<Record>) -> Table<'a> {
        Table { header, delimiter: b',', rows: Rows::Sheet(records) }
    }

    /// At least as many as the records (the lines of a CSV), to size what
    /// is built per record once rather than by doubling.
    pub fn rows_hint(&self) -> usize {
        match &self.rows {
            Rows::Sheet(records) => records.len(),
            Rows::Csv { text, .. } => newlines(text.as_bytes()) as usize + 1,
        }
    }

    /// Where a CSV of at least `min_rows` lines can be cut in two near the
    /// middle ([`Table::middle`]), with about how many records lie on each
    /// side (None for a sheet, a smaller file, or no cut).
    pub fn halves(&self, min_rows: usize) -> Option<Cut> {
        let Rows::Csv { text, .. } = &self.rows else { return None };
        let at = self.middle()?;
        let b = text.as_bytes();
        let rows = (newlines(&b[..at]) as usize + 1, newlines(&b[at..]) as usize + 1);
        (rows.0 + rows.1 >= min_rows).then_some(Cut { at, rows })
    }

    /// Calls `f` with every record that is not blank, in file order, and
    /// where it can be read again. Stops at the first error.
    pub fn each(&self, f: impl FnMut(&Record, At) -> Result<()>) -> Result<()> {
        self.each_in(Part::Whole, f)
    }

    /// Where a CSV's records can be cut in two near the middle: the first
    /// byte of the first record that starts at or after half the text (None
    /// for a sheet, or when no record starts there).
    pub fn middle(&self) -> Option<usize> {
        let Rows::Csv { text, .. } = &self.rows else { return None };
        let bytes = text.as_bytes();
        let half = bytes.len() / 2;
        let line_break = half + bytes[half..].iter().position(|&b| b == b'\n')?;
        let cut = if bytes[..line_break].contains(&b'"') {
            record_start_after(bytes, self.delimiter, half)?
        } else {
            // No quote up to it: that line break ends a record.
            line_break + 1
        };
        (cut < bytes.len()).then_some(cut)
    }

    /// [`Table::each`] over a part of the records only.
    pub fn each_in(&self, part: Part, mut f: impl FnMut(&Record, At) -> Result<()>) -> Result<()> {
        match &self.rows {
            Rows::Sheet(records) => records.iter().enumerate().try_for_each(|(i, r)| f(r, At(i))),
            Rows::Csv { text, path } => {
                let all = text.as_bytes();
                let (start, end) = match part {
                    Part::Whole => (0, all.len()),
                    Part::Before(cut) => (0, cut),
                    Part::From(cut) => (cut, all.len()),
                };
                let mut reader = reader(&all[start..end], self.delimiter, start == 0);
                if start == 0 {
                    reader.headers().with_context(|| format!("failed to read the header of `{}`", path.display()))?;
                }
                let bytes = &all[..end];
                let mut rec = Record { line: 1, fields: csv::StringRecord::new() };
                // The csv crate counts records, not physical lines: count
                // the line breaks up to each record's first byte, so that a
                // record after a quoted line break keeps its line.
                let (mut counted_to, mut line) = (start, 1 + newlines(&all[..start]));
                while reader
                    .read_record(&mut rec.fields)
                    .with_context(|| format!("failed to read `{}`", path.display()))?
                {
                    if rec.fields.iter().all(|f| f.trim().is_empty()) {
                        continue; // blank lines, e.g. Excel's trailing empty rows
                    }
                    // A record's position can fall on the `\n` of the line break before it.
                    let mut byte = start + rec.fields.position().map_or(0, |p| p.byte() as usize);
                    while matches!(bytes.get(byte), Some(b'\r' | b'\n')) {
                        byte += 1;
                    }
                    line += newlines(&bytes[counted_to..byte]);
                    counted_to = byte;
                    rec.line = line;
                    f(&rec, At(byte))?;
                }
                Ok(())
            }
        }
    }

    /// The fields of the record at `at`, read again.
    pub fn fields_at(&self, at: At) -> Result<csv::StringRecord> {
        match &self.rows {
            Rows::Sheet(records) => Ok(records[at.0].fields.clone()),
            Rows::Csv { text, path } => {
                let mut fields = csv::StringRecord::new();
                reader(&text.as_bytes()[at.0..], self.delimiter, false)
                    .read_record(&mut fields)
                    .with_context(|| format!("failed to read `{}` again", path.display()))?;
                Ok(fields)
            }
        }
    }
}

/// Which records [`Table::each_in`] reads: all, those before a cut (a
/// record's first byte, from [`Table::middle`]), or those from it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Before(usize),
    From(usize),
}

/// Where [`Table::halves`] cuts a CSV: the first byte of the second half,
/// and about how many records the halves hold (to size what each builds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub at: usize,
    pub rows: (usize, usize),
}

/// The line breaks in `bytes` (memchr: a whole month's text is counted
/// several times faster than byte by byte).
fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// The first byte after the first line break at or after `from` that ends
/// a record, reading the text as the csv crate does: a quote opens a quoted
/// field only at a field's start (elsewhere it is a character), `""` in a
/// quoted field is a quote, and a line break inside quotes is data.
fn record_start_after(bytes: &[u8], delimiter: u8, from: usize) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Start,
        Field,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    for (i, &b) in bytes.iter().enumerate() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') | (State::Start, b'"') => State::Quoted,
            (_, b'\n') if i >= from => return Some(i + 1),
            (_, b'\n' | b'\r') => State::Start,
            (_, d) if d == delimiter => State::Start,
            _ => State::Field,
        };
    }
    None
}

/// A reader of export text: records may have more or fewer fields than
/// the header (such a row is quarantined, not a reason to stop).
fn reader(bytes: &[u8], delimiter: u8, has_headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(has_headers).from_reader(bytes)
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

/// What a file's bytes are, whatever its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip container: an XLSX workbook (or another zip).
    Zip,
    /// An OLE container: an old `.xls` workbook.
    OldExcel,
    /// UTF-16 text, with a byte-order mark or NUL in every other byte.
    Utf16,
    /// Other bytes with NUL in them.
    Binary,
    Text,
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::OldExcel;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Sniffed::Utf16;
    }
    if !bytes.contains(&0) {
        return Sniffed::Text;
    }
    // ASCII text in UTF-16 without a mark: every other byte is NUL.
    let head = &bytes[..bytes.len().min(512) & !1];
    let (even, odd) = head.chunks(2).fold((0, 0), |(e, o), p| (e + usize::from(p[0] == 0), o + usize::from(p[1] == 0)));
    let half = head.len() / 2;
    if half > 0 && (even == half || odd == half) && even + odd == half { Sniffed::Utf16 } else { Sniffed::Binary }
}

/// Reads a CSV export (`bytes` of `path`). Fails (file-level) when it
/// cannot be read at all.
pub fn read_csv<'a>(path: &Path, bytes: &'a [u8]) -> Result<Table<'a>> {
    match sniff(bytes) {
        Sniffed::Zip => bail!("`{}` is an Excel workbook saved under a .csv name: rename it to .xlsx", path.display()),
        Sniffed::OldExcel => bail!(
            "`{}` is an old Excel workbook (.xls) saved under a .csv name: open it in Excel and save it as \
             \"CSV UTF-8 (Comma delimited) (*.csv)\" or \"Excel Workbook (*.xlsx)\"",
            path.display()
        ),
        Sniffed::Utf16 => bail!(
            "`{}` is UTF-16 text (what Excel saves as \"Unicode Text\"), which jamstat does not read: open it in \
             Excel and save it as \"CSV UTF-8 (Comma delimited) (*.csv)\"",
            path.display()
        ),
        Sniffed::Binary => bail!(
            "`{}` is not a text file (it contains NUL bytes): export it again from the BPJS application as CSV or XLSX",
            path.display()
        ),
        Sniffed::Text => {}
    }
    let text = decode(bytes);
    if text.trim().is_empty() {
        bail!("`{}` is empty: export the month again", path.display());
    }
    let delimiter = detect_delimiter(&text);
    let header = reader(text.as_bytes(), delimiter, true)
        .headers()
        .with_context(|| format!("failed to read the header of `{}`", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    Ok(Table { header, delimiter, rows: Rows::Csv { text, path: path.to_path_buf() } })
}

/// The record as one line again, quoted where needed, for the quarantine.
pub fn raw_line(fields: &csv::StringRecord, delimiter: u8) -> String {
    let d = delimiter as char;
    fields
        .iter()
        .map(
            |f| {
                if f.contains([d, '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() }
            },
        )
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
        let bytes = std::fs::read(&path).unwrap();
        let t = read_csv(&path, &bytes).unwrap();
        let mut seen = Vec::new();
        t.each(|r, at| {
            seen.push((r.line, r.fields.clone(), at));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.iter().map(|(line, ..)| *line).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!(&seen[0].1[1], "x\r\ny");
        // Each record read again from where it starts is the same record.
        for (_, fields, at) in &seen {
            assert_eq!(&t.fields_at(*at).unwrap(), fields);
        }
    }

    #[test]
    fn blank_records_are_passed_over_and_lines_still_count_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "a,b\n1,2\n,\n\n3,4\n").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let mut lines = Vec::new();
        read_csv(&path, &bytes)
            .unwrap()
            .each(|r, _| {
                lines.push((r.line, r.fields[0].to_string()));
                Ok(())
            })
            .unwrap();
        assert_eq!(lines, vec![(2, "1".to_string()), (5, "3".to_string())]);
    }

    #[test]
    fn raw_lines_requote() {
        let f = csv::StringRecord::from(vec!["a", "b,c", "say \"hi\""]);
        assert_eq!(raw_line(&f, b','), "a,\"b,c\",\"say \"\"hi\"\"\"");
    }
}
