//! The view model's building blocks: takes the indicator table and gives
//! display cells (`17.484`, `[c]`, `n/a`, `–`), tables with their own
//! footnotes, figures and headline cards, all plain serialisable values
//! that the template prints without computing anything.

use std::collections::BTreeSet;

use serde::Serialize;

use super::format::{self, Change};
use super::i18n::Messages;
use crate::period::Period;
use crate::release::changes::FigureKey;
use crate::table::{Dimension, Key, KpiTable, Scope, Status, Unit, Value};

/// Shown for a suppressed figure.
pub const SUPPRESSED: &str = "[c]";
/// Shown for a figure that cannot be computed.
pub const NOT_AVAILABLE: &str = "n/a";
/// Shown where the table has no row at all.
pub const ABSENT: &str = "–";
/// Shown after a figure that changed since an earlier release.
pub const REVISED: &str = "[r]";

/// A table as the template prints it: the first `label_cols` cells of each
/// row are text, the rest are right-aligned numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub number: usize,
    pub caption: String,
    /// Optional first header row: (text, columns spanned).
    pub groups: Vec<(String, usize)>,
    pub head: Vec<String>,
    pub label_cols: usize,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// `""`, `subtotal` or `total`.
    pub class: &'static str,
}

/// One cell of a table: the text the page prints (all the templates see)
/// and, for a figure of the indicator table, the figure itself, which the
/// workbook stores as a number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    pub num: Option<Num>,
}

/// The figure behind a cell: its value as the table holds it, its unit,
/// and whether an earlier release published another value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: Value,
    pub unit: Unit,
    pub revised: bool,
}

impl Cell {
    /// The same figure with `suffix` after its text (`*`).
    pub fn marked(self, suffix: &str) -> Cell {
        Cell { text: format!("{}{suffix}", self.text), ..self }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, num: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

impl AsRef<str> for Cell {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Row {
    pub fn new<C: Into<Cell>>(cells: Vec<C>) -> Row {
        Row { cells: cells.into_iter().map(Into::into).collect(), class: "" }
    }

    pub fn with_class(mut self, class: &'static str) -> Row {
        self.class = class;
        self
    }
}

impl Table {
    /// A table; the footnotes its cells need are added when the page numbers it.
    pub fn new(caption: String, head: Vec<String>, label_cols: usize, rows: Vec<Row>) -> Table {
        Table { number: 0, caption, groups: Vec::new(), head, label_cols, rows, notes: Vec::new() }
    }

    /// Puts the footnotes of the markers its cells show before its own notes.
    pub fn add_marker_notes(&mut self, m: &Messages) {
        let markers = notes_for(self.rows.iter().flat_map(|r| r.cells.iter().skip(self.label_cols)), m);
        self.notes.splice(0..0, markers);
    }

    pub fn with_groups(mut self, groups: Vec<(String, usize)>) -> Table {
        self.groups = groups;
        self
    }
}

/// The footnotes that the given display cells need.
pub fn notes_for<'a, S: AsRef<str> + 'a>(cells: impl Iterator<Item = &'a S>, m: &Messages) -> Vec<String> {
    let (mut c, mut na, mut absent, mut revised) = (false, false, false, false);
    for cell in cells.map(AsRef::as_ref) {
        c |= cell == SUPPRESSED;
        na |= cell == NOT_AVAILABLE;
        absent |= cell == ABSENT;
        revised |= cell.ends_with(REVISED);
    }
    let mut notes = Vec::new();
    let markers =
        [(c, "note_suppressed"), (na, "note_not_available"), (absent, "note_absent"), (revised, "note_revised")];
    for (on, key) in markers {
        if on {
            notes.push(m.t(key));
        }
    }
    notes
}

/// A chart with its caption, its SVG, its text description and its data.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub number: usize,
    pub caption: String,
    /// The chart's message, its statistic, and what it shows in words
    /// (type, main trend, period): also the SVG's `<title>` and `<desc>`.
    pub title: String,
    pub subtitle: String,
    pub description: String,
    /// File name under `charts/` (SVG); its data is the same name in `.csv`.
    pub file: String,
    pub csv: String,
    /// The SVG inlined in the page (our own markup, printed with `| safe`).
    pub svg: String,
    pub data: Table,
}

/// The words of a chart: message, statistic and description.
pub struct ChartText {
    pub title: String,
    pub subtitle: String,
    pub description: String,
}

/// A headline figure with its change from the previous period.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub label: String,
    pub value: String,
    /// `orang` or `klaim` after a count; empty otherwise.
    pub unit: String,
    pub detail: String,
    pub change: Change,
    pub change_year: Change,
}

/// Lookups into the table for one report: the periods and the words.
pub struct Look<'a> {
    pub table: &'a KpiTable,
    pub m: &'a Messages,
    pub period: Period,
    pub previous: Period,
    pub year_ago: Period,
    /// `triwulan lalu`.
    pub previous_words: String,
    /// `Triwulan IV 2024`.
    pub year_ago_label: String,
    /// Figures changed since an earlier release: their cells say `[r]`.
    pub revised: BTreeSet<FigureKey>,
}

impl Look<'_> {
    /// The display cell of one figure; `exact` writes Rupiah in full.
    pub fn cell(&self, key: Key, exact: bool) -> Cell {
        match self.table.get(&key) {
            None => ABSENT.into(),
            Some(r) => match (r.status, r.value) {
                (Status::Suppressed, _) => SUPPRESSED.into(),
                (Status::NotAvailable, _) | (_, None) => NOT_AVAILABLE.into(),
                (Status::Ok, Some(v)) => {
                    let text = if exact {
                        format::by_unit_exact(v, r.unit, self.m.lang)
                    } else {
                        format::by_unit(v, r.unit, self.m.lang)
                    };
                    let revised =
                        !self.revised.is_empty() && self.revised.contains(&crate::release::changes::key_of(r));
                    let text = if revised { format!("{text} {REVISED}") } else { text };
                    Cell { text, num: Some(Num { value: v, unit: r.unit, revised }) }
                }
            },
        }
    }

    /// The label of a period in the report's language.
    pub fn label(&self, period: Period) -> String {
        super::period::label(&period, self.m.lang)
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.m.t(key)
    }

    /// The message `key` with its placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.m.f(key, args)
    }

    /// The display name of a breakdown's category.
    pub fn category(&self, dim: Dimension, code: &str) -> String {
        category_label(self.m, dim, code)
    }

    /// A total in the short form.
    pub fn total(&self, indicator: &str, period: Period, scope: Scope) -> String {
        self.cell(Key::total(indicator, period, scope), false).text
    }

    /// The value of one total, when it has one.
    pub fn value(&self, indicator: &str, period: Period, scope: Scope) -> Option<Value> {
        self.table.value(&Key::total(indicator, period, scope))
    }

    /// The categories of a breakdown over several (period, scope) pairs, in
    /// the dimension's order ([`category_order`]) first, then as the table
    /// sorts them.
    pub fn categories(&self, indicator: &str, dim: Dimension, pairs: &[(Period, Scope)]) -> Vec<String> {
        let order = category_order(dim);
        let mut seen: Vec<String> = Vec::new();
        for (period, scope) in pairs {
            for r in self.table.breakdown(indicator, *period, *scope, dim) {
                if !seen.contains(&r.category) {
                    seen.push(r.category.clone());
                }
            }
        }
        seen.sort_by_key(|c| (order.iter().position(|o| o == c).unwrap_or(order.len()), c.clone()));
        seen
    }

    /// The change of one figure from `then` to `now`: in percentage points
    /// for a percentage, relative otherwise; `words` names `then`.
    pub fn change(&self, of: Of, now: Period, then: Period, words: &str) -> Change {
        let points = self.table.get(&of.at(now)).is_some_and(|r| r.unit == Unit::Persen);
        match (self.table.value(&of.at(now)), self.table.value(&of.at(then))) {
            (Some(a), Some(b)) if points => Change::points(a, b, words, self.m),
            (Some(a), Some(b)) => Change::relative(a, b, words, self.m),
            _ => Change::none(words, self.m),
        }
    }

    /// A headline card: the period's figure and its changes.
    pub fn card(&self, label: &str, indicator: &str, scope: Scope, detail: String) -> Card {
        let unit = self.table.get(&Key::total(indicator, self.period, scope)).map(|r| r.unit);
        let compare = |other: Period, words: &str| self.change(Of::total(indicator, scope), self.period, other, words);
        Card {
            label: label.to_string(),
            value: self.total(indicator, self.period, scope),
            unit: match unit {
                Some(u) if u.is_count() && self.value(indicator, self.period, scope).is_some() => {
                    self.m.t(&format!("unit_{u}"))
                }
                _ => String::new(),
            },
            detail,
            change: compare(self.previous, &self.previous_words),
            change_year: compare(self.year_ago, &self.year_ago_label),
        }
    }
}

/// One figure of the table, whatever its period.
#[derive(Debug, Clone, Copy)]
pub struct Of<'a> {
    pub indicator: &'a str,
    pub scope: Scope,
    pub dim: Dimension,
    pub cat: &'a str,
}

impl<'a> Of<'a> {
    pub fn total(indicator: &'a str, scope: Scope) -> Of<'a> {
        Of { indicator, scope, dim: Dimension::Total, cat: "total" }
    }

    /// The figure of `period`.
    pub fn at(self, period: Period) -> Key<'a> {
        Key::of(self.indicator, period, self.scope, self.dim, self.cat)
    }
}

/// Display names of the codes the breakdowns use (`cat_<dim>_<code>` in
/// the catalogue); unknown codes read as written, with `_` as spaces.
pub fn category_label(m: &Messages, dim: Dimension, code: &str) -> String {
    let key = format!("cat_{dim}_{code}");
    if m.has(&key) {
        return m.t(&key);
    }
    match (dim, code) {
        (Dimension::SumberIuran, c) if c.starts_with("APB") => return c.to_string(),
        (Dimension::AgeBand, band) => return m.f("age_band", &[("band", &band.replace('-', "–"))]),
        (Dimension::KelurahanKategori, c) => {
            if let Some((kel, kategori)) = Dimension::split_kelurahan_kategori(c) {
                return format!("{kel}, {}", category_label(m, Dimension::Kategori, kategori));
            }
        }
        _ => {}
    }
    let words = code.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The order categories are listed in, per dimension.
pub fn category_order(dim: Dimension) -> &'static [&'static str] {
    match dim {
        Dimension::Segmen => &["PU", "BPU", "JAKON", "PMI"],
        Dimension::Kategori => &["NON_ASN", "RENTAN", "FORMAL", "MANDIRI"],
        Dimension::JenisKelamin => &["L", "P"],
        Dimension::AgeBand => &["18-24", "25-34", "35-44", "45-54", "55-65", "other"],
        Dimension::Program => &["JKK", "JKM", "JHT", "JP", "BEASISWA"],
        Dimension::Denominator => &crate::indicators::derived::WORKER_DENOMINATORS,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::KpiRow;
    use crate::report::i18n::Lang;

    fn per(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn cells_show_values_suppression_and_gaps() {
        let row = |f: [&str; 8]| KpiRow::from_fields(&f).unwrap();
        let table = KpiTable::new(vec![
            row(["m", "2025-Q4", "all", "total", "total", "17484", "orang", ""]),
            row(["m", "2025-Q3", "all", "total", "total", "", "orang", "n/a"]),
            row(["m", "2025-Q4", "all", "kelurahan", "35.77.01.1001", "", "orang", "suppressed"]),
        ]);
        let m = Messages::shipped(Lang::Id);
        let look = Look {
            table: &table,
            m: &m,
            period: per("2025-Q4"),
            previous: per("2025-Q3"),
            year_ago: per("2024-Q4"),
            previous_words: "triwulan lalu".into(),
            year_ago_label: "Triwulan IV 2024".into(),
            revised: [("m".to_string(), per("2025-Q4"), Scope::All, Dimension::Total, "total".to_string())].into(),
        };
        assert_eq!(look.total("m", per("2025-Q4"), Scope::All), "17.484 [r]", "a revised figure is marked");
        assert_eq!(look.total("m", per("2025-Q3"), Scope::All), "n/a");
        assert_eq!(look.total("m", per("2024-Q4"), Scope::All), "–");
        let hidden = Key::of("m", per("2025-Q4"), Scope::All, Dimension::Kelurahan, "35.77.01.1001");
        assert_eq!(look.cell(hidden, false), Cell::from("[c]"));
        let shown = look.cell(Key::total("m", per("2025-Q4"), Scope::All), false);
        assert_eq!(shown.num, Some(Num { value: Value::Int(17484), unit: Unit::Orang, revised: true }));
        let card = look.card("Peserta", "m", Scope::All, String::new());
        assert_eq!(card.change.direction, "none");
        let cells = [Cell::from("[c]"), Cell::from("1")];
        assert_eq!(notes_for(cells.iter(), &m), vec![m.t("note_suppressed")]);
        let cells = [Cell::from("17.484 [r]")];
        assert_eq!(notes_for(cells.iter(), &m), vec![m.t("note_revised")]);
        assert!(m.t("note_suppressed").starts_with("[c] "));
    }

    #[test]
    fn category_labels_in_both_languages() {
        use Dimension as D;
        let (id, en) = (Messages::shipped(Lang::Id), Messages::shipped(Lang::En));
        assert_eq!(category_label(&id, D::Kategori, "RENTAN"), "Pekerja rentan");
        assert_eq!(category_label(&en, D::Kategori, "RENTAN"), "Vulnerable workers");
        assert_eq!(category_label(&id, D::AgeBand, "18-24"), "18–24 tahun");
        assert_eq!(category_label(&en, D::AgeBand, "18-24"), "18–24 years");
        assert_eq!(category_label(&id, D::JenisManfaat, "SANTUNAN_KEMATIAN"), "Santunan kematian");
        assert_eq!(category_label(&id, D::JenisManfaat, "STMB"), "Santunan tidak mampu bekerja (STMB)");
        assert_eq!(category_label(&id, D::SumberIuran, "CSR"), "CSR");
        assert_eq!(category_label(&id, D::SumberIuran, "APBD"), "APBD");
        assert_eq!(category_label(&id, D::Total, ""), "");
    }
}
