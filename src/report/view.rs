//! The view model's building blocks: takes the indicator table and gives
//! display cells (`17.484`, `[c]`, `n/a`, `–`), tables with their own
//! footnotes, figures and headline cards, all plain serialisable values
//! that the template prints without computing anything.

use serde::Serialize;

use super::format::{self, Change};
use crate::indicators::{KpiTable, Status, Value};

/// Shown for a suppressed figure.
pub const SUPPRESSED: &str = "[c]";
/// Shown for a figure that cannot be computed.
pub const NOT_AVAILABLE: &str = "n/a";
/// Shown where the table has no row at all.
pub const ABSENT: &str = "–";

pub const NOTE_SUPPRESSED: &str = "[c] disembunyikan untuk melindungi kerahasiaan (kurang dari ambang pengungkapan)";
pub const NOTE_NOT_AVAILABLE: &str =
    "n/a tidak tersedia: data bulan yang diperlukan belum lengkap, atau penyebutnya nol";
pub const NOTE_ABSENT: &str = "– tidak ada angka untuk kategori dan periode ini";

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
    pub cells: Vec<String>,
    /// `""`, `subtotal` or `total`.
    pub class: &'static str,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Row {
        Row { cells, class: "" }
    }

    pub fn with_class(mut self, class: &'static str) -> Row {
        self.class = class;
        self
    }
}

impl Table {
    /// A table whose footnotes follow from the cells it shows.
    pub fn new(caption: String, head: Vec<String>, label_cols: usize, rows: Vec<Row>) -> Table {
        let mut t = Table { number: 0, caption, groups: Vec::new(), head, label_cols, rows, notes: Vec::new() };
        t.notes = notes_for(t.rows.iter().flat_map(|r| r.cells.iter().skip(label_cols)));
        t
    }

    pub fn with_groups(mut self, groups: Vec<(String, usize)>) -> Table {
        self.groups = groups;
        self
    }
}

/// The footnotes that the given display cells need.
pub fn notes_for<'a>(cells: impl Iterator<Item = &'a String>) -> Vec<String> {
    let (mut c, mut na, mut absent) = (false, false, false);
    for cell in cells {
        c |= cell == SUPPRESSED;
        na |= cell == NOT_AVAILABLE;
        absent |= cell == ABSENT;
    }
    let mut notes = Vec::new();
    for (on, note) in [(c, NOTE_SUPPRESSED), (na, NOTE_NOT_AVAILABLE), (absent, NOTE_ABSENT)] {
        if on {
            notes.push(note.to_string());
        }
    }
    notes
}

/// A chart with its caption, its SVG and its data.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub number: usize,
    pub caption: String,
    /// File name under `charts/`.
    pub file: String,
    /// The SVG inlined in the page (our own markup, printed with `| safe`).
    pub svg: String,
    pub data: Table,
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
    pub period: &'a str,
    pub previous: &'a str,
    pub year_ago: &'a str,
    /// `triwulan lalu`.
    pub previous_words: String,
    /// `Triwulan IV 2024`.
    pub year_ago_label: String,
}

impl Look<'_> {
    /// The display cell of one figure; `exact` writes Rupiah in full.
    pub fn cell(&self, indicator: &str, period: &str, scope: &str, dim: &str, cat: &str, exact: bool) -> String {
        match self.table.get(indicator, period, scope, dim, cat) {
            None => ABSENT.to_string(),
            Some(r) => match (r.status, r.value) {
                (Status::Suppressed, _) => SUPPRESSED.to_string(),
                (Status::NotAvailable, _) | (_, None) => NOT_AVAILABLE.to_string(),
                (Status::Ok, Some(v)) if exact => format::by_unit_exact(v, &r.unit),
                (Status::Ok, Some(v)) => format::by_unit(v, &r.unit),
            },
        }
    }

    /// A total in the short form.
    pub fn total(&self, indicator: &str, period: &str, scope: &str) -> String {
        self.cell(indicator, period, scope, "total", "total", false)
    }

    /// The value of one total, when it has one.
    pub fn value(&self, indicator: &str, period: &str, scope: &str) -> Option<Value> {
        self.table.value(indicator, period, scope, "total", "total")
    }

    /// The categories of a breakdown over several (period, scope) pairs, in
    /// `order` first, then as the table sorts them.
    pub fn categories(&self, indicator: &str, dim: &str, pairs: &[(&str, &str)], order: &[&str]) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for (period, scope) in pairs {
            for r in self.table.breakdown(indicator, period, scope, dim) {
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
    #[allow(clippy::too_many_arguments)]
    pub fn change(
        &self,
        indicator: &str,
        scope: &str,
        dim: &str,
        cat: &str,
        now: &str,
        then: &str,
        words: &str,
    ) -> Change {
        let points = self.table.get(indicator, now, scope, dim, cat).is_some_and(|r| r.unit == "persen");
        match (self.table.value(indicator, now, scope, dim, cat), self.table.value(indicator, then, scope, dim, cat)) {
            (Some(a), Some(b)) if points => Change::points(a, b, words),
            (Some(a), Some(b)) => Change::relative(a, b, words),
            _ => Change::none(words),
        }
    }

    /// A headline card: the period's figure and its changes.
    pub fn card(&self, label: &str, indicator: &str, scope: &str, detail: String) -> Card {
        let unit = self.table.get(indicator, self.period, scope, "total", "total").map(|r| r.unit.as_str());
        let compare =
            |other: &str, words: &str| self.change(indicator, scope, "total", "total", self.period, other, words);
        Card {
            label: label.to_string(),
            value: self.total(indicator, self.period, scope),
            unit: match unit {
                Some(u @ ("orang" | "klaim")) if self.value(indicator, self.period, scope).is_some() => u.to_string(),
                _ => String::new(),
            },
            detail,
            change: compare(self.previous, &self.previous_words),
            change_year: compare(self.year_ago, &self.year_ago_label),
        }
    }
}

/// Display names of the codes the breakdowns use; unknown codes read as
/// written, with `_` as spaces.
pub fn category_label(dim: &str, code: &str) -> String {
    let known = match (dim, code) {
        ("segmen", "PU") => "Penerima upah (PU)",
        ("segmen", "BPU") => "Bukan penerima upah (BPU)",
        ("segmen", "JAKON") => "Jasa konstruksi (Jakon)",
        ("segmen", "PMI") => "Pekerja migran Indonesia (PMI)",
        ("kategori", "NON_ASN") => "Non-ASN",
        ("kategori", "RENTAN") => "Pekerja rentan",
        ("kategori", "FORMAL") => "Formal",
        ("kategori", "MANDIRI") => "Mandiri",
        ("jenis_kelamin", "L") => "Laki-laki",
        ("jenis_kelamin", "P") => "Perempuan",
        ("age_band", "other") => "Di luar 18–65 tahun",
        ("program", "JKK") => "Jaminan Kecelakaan Kerja (JKK)",
        ("program", "JKM") => "Jaminan Kematian (JKM)",
        ("program", "JHT") => "Jaminan Hari Tua (JHT)",
        ("program", "JP") => "Jaminan Pensiun (JP)",
        ("program", "JKP") => "Jaminan Kehilangan Pekerjaan (JKP)",
        ("program", "BEASISWA") => "Beasiswa pendidikan anak",
        ("jenis_manfaat", "STMB") => "Santunan tidak mampu bekerja (STMB)",
        ("sumber_iuran", "CSR") => "CSR",
        ("denominator", "potensi_kepesertaan") => "Potensi kepesertaan",
        ("denominator", "bekerja") => "Penduduk bekerja",
        ("denominator", "angkatan_kerja") => "Angkatan kerja",
        ("sumber_iuran", c) if c.starts_with("APB") => c,
        ("age_band", band) => return format!("{} tahun", band.replace('-', "–")),
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let words = code.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The order categories are listed in, per dimension.
pub fn category_order(dim: &str) -> &'static [&'static str] {
    match dim {
        "segmen" => &["PU", "BPU", "JAKON", "PMI"],
        "kategori" => &["NON_ASN", "RENTAN", "FORMAL", "MANDIRI"],
        "jenis_kelamin" => &["L", "P"],
        "age_band" => &["18-24", "25-34", "35-44", "45-54", "55-65", "other"],
        "program" => &["JKK", "JKM", "JHT", "JP", "BEASISWA"],
        "denominator" => &["potensi_kepesertaan", "bekerja", "angkatan_kerja"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::KpiRow;

    #[test]
    fn cells_show_values_suppression_and_gaps() {
        let mut hidden = KpiRow::new("m", "2025-Q4", "all", "kelurahan", "35.77.01.1001", None, "orang");
        hidden.status = Status::Suppressed;
        let table = KpiTable::new(vec![
            KpiRow::total("m", "2025-Q4", "all", Some(Value::Int(17_484)), "orang"),
            KpiRow::total("m", "2025-Q3", "all", None, "orang"),
            hidden,
        ]);
        let look = Look {
            table: &table,
            period: "2025-Q4",
            previous: "2025-Q3",
            year_ago: "2024-Q4",
            previous_words: "triwulan lalu".into(),
            year_ago_label: "Triwulan IV 2024".into(),
        };
        assert_eq!(look.total("m", "2025-Q4", "all"), "17.484");
        assert_eq!(look.total("m", "2025-Q3", "all"), "n/a");
        assert_eq!(look.total("m", "2024-Q4", "all"), "–");
        assert_eq!(look.cell("m", "2025-Q4", "all", "kelurahan", "35.77.01.1001", false), "[c]");
        let card = look.card("Peserta", "m", "all", String::new());
        assert_eq!(card.change.direction, "none");
        let cells = ["[c]".to_string(), "1".to_string()];
        assert_eq!(notes_for(cells.iter()), vec![NOTE_SUPPRESSED.to_string()]);
    }

    #[test]
    fn category_labels_are_indonesian() {
        assert_eq!(category_label("kategori", "RENTAN"), "Pekerja rentan");
        assert_eq!(category_label("age_band", "18-24"), "18–24 tahun");
        assert_eq!(category_label("jenis_manfaat", "SANTUNAN_KEMATIAN"), "Santunan kematian");
        assert_eq!(category_label("jenis_manfaat", "STMB"), "Santunan tidak mampu bekerja (STMB)");
        assert_eq!(category_label("sumber_iuran", "CSR"), "CSR");
        assert_eq!(category_label("x", ""), "");
    }
}
