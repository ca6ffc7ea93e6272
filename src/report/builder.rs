//! Numbers the tables and figures of the page in order, adds the footnotes
//! of the markers a table shows, and keeps each chart (SVG and its data as
//! CSV) for `charts/`. Every section builds through it.

use super::ReportInput;
use super::view::{ChartText, Figure, Look, Table};

/// Numbers tables and figures in page order and keeps the charts.
pub struct Builder<'a> {
    pub look: Look<'a>,
    pub input: &'a ReportInput,
    figures: usize,
    pub charts: Vec<(String, String)>,
    /// Every table in page order (figures' data tables included), for the workbook.
    pub tables: Vec<Table>,
}

impl<'a> Builder<'a> {
    pub fn new(look: Look<'a>, input: &'a ReportInput) -> Builder<'a> {
        Builder { look, input, figures: 0, charts: Vec::new(), tables: Vec::new() }
    }

    /// Gives the table its number and the footnotes of the markers it shows.
    pub fn table(&mut self, mut t: Table) -> Table {
        t.number = self.tables.len() + 1;
        t.add_marker_notes(self.look.m);
        self.tables.push(t.clone());
        t
    }

    /// Keeps the chart for `charts/` with its data as CSV, inlines it with
    /// its title and description, numbers the figure and its data table.
    pub fn figure(&mut self, file: &str, caption: String, text: ChartText, svg: String, data: Table) -> Figure {
        self.figures += 1;
        let number = self.figures;
        let id = format!("gambar-{number}");
        // Inline SVG in HTML needs no namespace (and the page names no outside URL).
        let bare = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
        let inline = super::charts::accessible(&bare, &id, &text.title, &text.description);
        let csv = file.replace(".svg", ".csv");
        self.charts.push((file.to_string(), super::charts::accessible(&svg, "chart", &text.title, &text.description)));
        self.charts.push((csv.clone(), table_csv(&data)));
        let data = self.table(data);
        let ChartText { title, subtitle, description } = text;
        Figure { number, caption, title, subtitle, description, file: file.to_string(), csv, svg: inline, data }
    }
}

/// A figure's data table as CSV: the header row, then the rows as shown.
fn table_csv(t: &Table) -> String {
    let rows = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>());
    crate::csvcell::records(std::iter::once(t.head.iter().map(String::as_str).collect()).chain(rows))
}
