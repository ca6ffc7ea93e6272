//! Period strings as the report shows them: takes `2025-11`, `2025-Q4`,
//! `2025-H2`, `2025` or `2025-01..2025-11`, gives the Indonesian label
//! (`Triwulan IV 2025`), the report's kind (`Laporan Triwulan`) and the
//! "from last period" words (`triwulan lalu`). Unknown strings are shown
//! as written, never rejected: parsing is `crate::period`'s.

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_SHORT: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// `4` -> `IV`; out of range gives `?`.
fn roman(n: u32) -> &'static str {
    ROMAN.get((n as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// `12` -> `Desember`; out of range gives `?`.
pub fn month_name(m: u32) -> &'static str {
    MONTHS.get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// `8` -> `Agu`; out of range gives `?`.
pub fn month_short(m: u32) -> &'static str {
    MONTHS_SHORT.get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

pub use crate::period::Period;

/// `Triwulan IV 2025`, `Januari–November 2025`, `November 2024–Februari 2025`.
pub fn label(p: &Period) -> String {
    match *p {
        Period::Month(m) => format!("{} {}", month_name(m.month), m.year),
        Period::Quarter { year, quarter } => format!("Triwulan {} {year}", roman(quarter)),
        Period::Half { year, half } => format!("Semester {} {year}", roman(half)),
        Period::Year(year) => format!("Tahun {year}"),
        Period::Range { first, last } if first.year == last.year => {
            format!("{}–{} {}", month_name(first.month), month_name(last.month), last.year)
        }
        Period::Range { first, last } => {
            format!("{} {}–{} {}", month_name(first.month), first.year, month_name(last.month), last.year)
        }
    }
}

/// A period string as the crate writes it (`Period`'s `Display`).
pub fn parse(s: &str) -> Option<Period> {
    s.parse().ok()
}

/// The label of any period string; an unknown one is shown as written.
pub fn label_of(s: &str) -> String {
    parse(s).map_or_else(|| s.to_string(), |p| label(&p))
}

/// `Laporan Triwulan`.
pub fn report_kind(p: Period) -> &'static str {
    match p {
        Period::Month(_) => "Laporan Bulanan",
        Period::Quarter { .. } => "Laporan Triwulan",
        Period::Half { .. } => "Laporan Semester",
        Period::Year(_) => "Laporan Tahunan",
        Period::Range { .. } => "Laporan Periode",
    }
}

/// `triwulan lalu`: the previous period of the same length.
pub fn previous_words(p: Period) -> &'static str {
    match p {
        Period::Month(_) => "bulan lalu",
        Period::Quarter { .. } => "triwulan lalu",
        Period::Half { .. } => "semester lalu",
        Period::Year(_) => "tahun lalu",
        Period::Range { .. } => "periode sebelumnya",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> String {
        label_of(s)
    }

    #[test]
    fn periods_have_indonesian_labels() {
        assert_eq!(label("2025-11"), "November 2025");
        assert_eq!(label("2025-Q4"), "Triwulan IV 2025");
        assert_eq!(label("2025-Q1"), "Triwulan I 2025");
        assert_eq!(label("2025-H2"), "Semester II 2025");
        assert_eq!(label("2025"), "Tahun 2025");
        assert_eq!(label("2025-01..2025-11"), "Januari–November 2025");
        assert_eq!(label("2024-11..2025-02"), "November 2024–Februari 2025");
    }

    #[test]
    fn unknown_periods_are_shown_as_written() {
        assert_eq!(label("n/a"), "n/a");
        assert_eq!(label("2025-13"), "2025-13");
        assert_eq!(label("2025-Q5"), "2025-Q5");
        assert_eq!(label(""), "");
    }

    #[test]
    fn kinds_and_previous_words() {
        let p = |s| parse(s).unwrap();
        assert_eq!(previous_words(p("2025-11")), "bulan lalu");
        assert_eq!(previous_words(p("2025-Q4")), "triwulan lalu");
        assert_eq!(previous_words(p("2025-H1")), "semester lalu");
        assert_eq!(previous_words(p("2025")), "tahun lalu");
        assert_eq!(previous_words(p("2025-01..2025-11")), "periode sebelumnya");
        assert_eq!(report_kind(p("2025-Q4")), "Laporan Triwulan");
        assert_eq!(report_kind(p("2025-11")), "Laporan Bulanan");
        assert_eq!(month_short(8), "Agu");
        assert_eq!(month_name(0), "?");
    }
}
