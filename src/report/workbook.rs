//! `report.xlsx`: every table of the report in one workbook, built to the UK
//! Analysis Function's "making spreadsheets accessible" checklist (as the
//! `gptables` and `aftables` packages do): a cover sheet, a contents sheet
//! linking every table, a notes sheet (`[note 1]` markers, and what `[c]`,
//! `n/a`, `–` and `[r]` mean), then one table per sheet: its title in A1,
//! a line on what the sheet holds and its notes, the source, then a single
//! header row and the rows, as an Excel table, with no merged cells and no
//! blank rows. Figures are numbers (the table's own value, not the rounded
//! text) with display formats that Excel shows in the reader's locale
//! (`17.484`, `53,4%` in Indonesian); a hidden figure is the text `[c]`.
//! No clock: the document's date is the release date, and the zip entries
//! carry a fixed time, so the same report gives the same bytes.

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Table as XlTable, TableColumn, Url, Workbook, Worksheet};

use super::ReportInput;
use super::i18n::Messages;
use super::page::Page;
use super::view::{Cell, Num, Table};
use crate::table::{Unit, Value};

/// The file name in the period folder.
pub const FILE: &str = "report.xlsx";

/// The rows before a table's header row: title, what the sheet holds, source.
const HEADER_ROW: u32 = 3;

/// The marker notes every workbook explains, with the marker they explain.
const MARKERS: [(&str, &str); 4] = [
    (super::view::SUPPRESSED, "note_suppressed"),
    (super::view::NOT_AVAILABLE, "note_not_available"),
    (super::view::ABSENT, "note_absent"),
    (super::view::REVISED, "note_revised"),
];

/// The workbook of a report's page, as bytes.
pub fn workbook(page: &Page, input: &ReportInput, m: &Messages) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(page, input, m)?);
    let notes = Notes::of(&page.tables, m);
    cover(wb.add_worksheet(), page, input, m)?;
    contents(wb.add_worksheet(), page, m)?;
    notes.sheet(wb.add_worksheet(), m)?;
    for t in &page.tables {
        table_sheet(wb.add_worksheet(), t, &notes, input, m)?;
    }
    wb.save_to_buffer().context("failed to write the workbook")
}

/// The sheet name of table `n`: `Tabel_3` / `Table_3`.
pub fn sheet_name(n: usize, m: &Messages) -> String {
    m.f("wb_sheet_table", &[("n", &n.to_string())])
}

fn properties(page: &Page, input: &ReportInput, m: &Messages) -> Result<DocProperties> {
    let d = input.release_date;
    use chrono::Datelike;
    let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .context("the release date does not fit a workbook's date")?;
    let p = &input.publisher;
    Ok(DocProperties::new()
        .set_title(title(page, m))
        .set_subject(m.f("wb_subject", &[("region", &page.region), ("period", &page.period_label)]))
        .set_author(&p.producer)
        .set_company(&p.producer)
        .set_keywords(m.t("wb_keywords"))
        .set_comment(m.f("wb_source", &[("source", &p.source)]))
        .set_creation_datetime(&date))
}

fn title(page: &Page, m: &Messages) -> String {
    m.f(
        "wb_title",
        &[
            ("kind", &page.report_kind),
            ("programme", &page.programme),
            ("region", &page.region),
            ("period", &page.period_label),
        ],
    )
}

struct Formats {
    title: Format,
    bold: Format,
    link: Format,
}

fn formats() -> Formats {
    Formats {
        title: Format::new().set_bold().set_font_size(15),
        bold: Format::new().set_bold(),
        link: Format::new()
            .set_font_color(rust_xlsxwriter::Color::Blue)
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
    }
}

/// Title, region, period, release, source, producer, contact, licence: one
/// line each in column A, then what the workbook holds.
fn cover(ws: &mut Worksheet, page: &Page, input: &ReportInput, m: &Messages) -> Result<()> {
    ws.set_name(m.t("wb_sheet_cover"))?;
    let f = formats();
    let p = &input.publisher;
    ws.write_string_with_format(0, 0, title(page, m), &f.title)?;
    let mut lines = Vec::new();
    if page.internal {
        lines.push(m.t("internal_stamp"));
    }
    if !page.draft_stamp.is_empty() {
        lines.push(page.draft_stamp.clone());
    }
    let date = super::format::tanggal(input.release_date, m.lang);
    lines.extend([
        m.f("wb_region", &[("region", &page.region), ("code", &p.region_code)]),
        m.f("wb_period", &[("period", &page.period_label)]),
    ]);
    if !page.release_line.is_empty() {
        lines.push(m.f("wb_release", &[("release", &page.release_line)]));
    }
    lines.extend([
        m.f("wb_release_date", &[("date", &date)]),
        m.f("wb_source", &[("source", &p.source)]),
        m.f("wb_producer", &[("producer", &p.producer)]),
        m.f("wb_contact", &[("contact", &p.contact)]),
        m.f("wb_licence", &[("licence", &input.licence), ("url", &p.licence_url)]),
        m.t("wb_about"),
    ]);
    for (i, line) in lines.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, line)?;
    }
    ws.set_column_width(0, 110)?;
    Ok(())
}

/// One row per table sheet: a link to it and the table's title.
fn contents(ws: &mut Worksheet, page: &Page, m: &Messages) -> Result<()> {
    let rows: Vec<(String, String)> =
        page.tables.iter().map(|t| (sheet_name(t.number, m), t.caption.clone())).collect();
    let keys = ["wb_sheet_contents", "wb_contents_title", "wb_contents_lead", "wb_contents_links"];
    let link = formats().link;
    two_columns(ws, m, keys, &rows, &mut |ws, r, sheet| {
        let url = Url::new(format!("internal:'{sheet}'!A1")).set_text(sheet);
        ws.write_url_with_format(r, 0, url, &link)?;
        Ok(())
    })?;
    add_table(ws, "Daftar_isi", &[m.t("wb_col_sheet"), m.t("wb_col_table_title")], rows.len())
}

/// A sheet of one two-column table: named by `keys[0]`, its title in A1
/// (`keys[1]`), two lines of what it holds (`keys[2]`, `keys[3]`), the
/// rows under the header row (which [`add_table`] writes), their first
/// cell written by `first`.
fn two_columns(
    ws: &mut Worksheet,
    m: &Messages,
    keys: [&str; 4],
    rows: &[(String, String)],
    first: &mut dyn FnMut(&mut Worksheet, u32, &str) -> Result<()>,
) -> Result<()> {
    ws.set_name(m.t(keys[0]))?;
    ws.write_string_with_format(0, 0, m.t(keys[1]), &formats().title)?;
    ws.write_string(1, 0, m.t(keys[2]))?;
    ws.write_string(2, 0, m.t(keys[3]))?;
    for (i, (a, b)) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        first(ws, r, a)?;
        ws.write_string(r, 1, b)?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 110)?;
    Ok(())
}

/// The notes of the tables, numbered in the order they first appear, and
/// the markers.
struct Notes {
    /// (marker, explanation) of `[c]`, `n/a`, `–`, `[r]`.
    markers: Vec<(String, String)>,
    /// Every other note's text, `[note n]` being its place plus one.
    texts: Vec<String>,
}

impl Notes {
    fn of(tables: &[Table], m: &Messages) -> Notes {
        let markers: Vec<(String, String)> = MARKERS.iter().map(|(mk, key)| (mk.to_string(), m.t(key))).collect();
        let mut texts: Vec<String> = Vec::new();
        for note in tables.iter().flat_map(|t| &t.notes) {
            if !markers.iter().any(|(_, text)| text == note) && !texts.contains(note) {
                texts.push(note.clone());
            }
        }
        Notes { markers, texts }
    }

    /// `[note 2]`, `[note 5]` of a table's own notes.
    fn refs(&self, t: &Table) -> Vec<String> {
        t.notes
            .iter()
            .filter_map(|n| self.texts.iter().position(|x| x == n))
            .map(|i| format!("[note {}]", i + 1))
            .collect()
    }

    fn sheet(&self, ws: &mut Worksheet, m: &Messages) -> Result<()> {
        let rows: Vec<(String, String)> = (self.texts.iter().enumerate())
            .map(|(i, t)| (format!("[note {}]", i + 1), t.clone()))
            .chain(self.markers.iter().cloned())
            .collect();
        let keys = ["wb_sheet_notes", "wb_notes_title", "wb_notes_lead", "wb_notes_markers"];
        two_columns(ws, m, keys, &rows, &mut |ws, r, mark| {
            ws.write_string(r, 0, mark)?;
            Ok(())
        })?;
        add_table(ws, "Catatan", &[m.t("wb_col_note"), m.t("wb_col_note_text")], rows.len())
    }
}

/// A table's sheet: title in A1, what it holds and its notes, the source,
/// the header row, the rows.
fn table_sheet(ws: &mut Worksheet, t: &Table, notes: &Notes, input: &ReportInput, m: &Messages) -> Result<()> {
    ws.set_name(sheet_name(t.number, m))?;
    let f = formats();
    ws.write_string_with_format(0, 0, &t.caption, &f.title)?;
    let refs = notes.refs(t);
    let lead =
        if refs.is_empty() { m.t("wb_table_lead") } else { m.f("wb_table_lead_notes", &[("notes", &refs.join(", "))]) };
    ws.write_string(1, 0, lead)?;
    ws.write_string(2, 0, m.f("wb_source", &[("source", &input.publisher.source)]))?;
    let head = header(t, m);
    for (i, row) in t.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        for (c, cell) in row.cells.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, c < t.label_cols, &f)?;
        }
    }
    let n_rows = t.rows.len();
    if n_rows == 0 {
        // An Excel table needs a row: say there is no figure.
        for c in 0..head.len() {
            ws.write_string(HEADER_ROW + 1, c as u16, super::view::ABSENT)?;
        }
    }
    add_table(ws, &format!("Tabel_{}", t.number), &head, n_rows.max(1))?;
    for c in 0..head.len() {
        let width = if c < t.label_cols { 34 } else { 18 };
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// One header row: a group's name joined to each column it spans, every
/// column named once (Excel tables need unique names).
fn header(t: &Table, m: &Messages) -> Vec<String> {
    let mut groups = Vec::new();
    for (name, span) in &t.groups {
        groups.extend(std::iter::repeat_n(name.as_str(), *span));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, h) in t.head.iter().enumerate() {
        let group = groups.get(i).copied().unwrap_or("");
        let mut name = match (group.is_empty(), h.is_empty()) {
            (_, true) if group.is_empty() => m.t("wb_col_label"),
            (true, _) => h.clone(),
            (false, true) => group.to_string(),
            (false, false) => format!("{group}: {h}"),
        };
        let base = name.clone();
        let mut k = 2;
        while out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            name = format!("{base} ({k})");
            k += 1;
        }
        out.push(name);
    }
    out
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, label: bool, f: &Formats) -> Result<()> {
    match cell.num {
        Some(num) if !label => {
            ws.write_number_with_format(r, c, num.value.as_f64(), &Format::new().set_num_format(number_format(num)))?;
        }
        _ if label && c == 0 && !cell.text.is_empty() => {
            ws.write_string_with_format(r, c, &cell.text, &f.bold)?;
        }
        _ if cell.text.is_empty() => {
            ws.write_string(r, c, super::view::ABSENT)?;
        }
        _ => {
            ws.write_string(r, c, &cell.text)?;
        }
    }
    Ok(())
}

/// The display format of a figure: thousands grouped, percentages and days
/// to one decimal as the report prints them, Rupiah in full; `[r]` after a
/// revised figure.
fn number_format(num: Num) -> String {
    let base = match (num.unit, num.value) {
        (Unit::Rupiah, _) => "\"Rp\"#,##0",
        (Unit::Persen, _) => "0.0\"%\"",
        (_, Value::Fixed4(_)) => "#,##0.0",
        _ => "#,##0",
    };
    if num.revised { format!("{base}\" [r]\"") } else { base.to_string() }
}

/// Marks the rows under the header row as an Excel table with `head` as its
/// single header row.
fn add_table(ws: &mut Worksheet, name: &str, head: &[String], rows: usize) -> Result<()> {
    let columns: Vec<TableColumn> = head.iter().map(|h| TableColumn::new().set_header(h)).collect();
    let table = XlTable::new().set_name(name).set_columns(&columns);
    let last_row = HEADER_ROW + rows as u32;
    let last_col = head.len().saturating_sub(1) as u16;
    ws.add_table(HEADER_ROW, 0, last_row, last_col, &table)?;
    Ok(())
}
