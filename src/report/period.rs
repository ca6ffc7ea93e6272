//! Period strings as the report shows them: takes `2025-11`, `2025-Q4`,
//! `2025-H2`, `2025` or `2025-01..2025-11` and a [`Lang`], gives the label
//! (`Triwulan IV 2025` / `Q4 2025`) and the month names. The words around
//! them (report kind, "last quarter") are in the message catalogue under
//! [`kind_key`]. Unknown strings are shown as written, never rejected:
//! parsing is `crate::period`'s.

use super::i18n::Lang;

const MONTHS: [[&str; 12]; 2] = [
    [
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
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

const MONTHS_SHORT: [[&str; 12]; 2] = [
    ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
];

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn index(lang: Lang) -> usize {
    if lang == Lang::En { 1 } else { 0 }
}

/// `4` -> `IV`; out of range gives `?`.
fn roman(n: u32) -> &'static str {
    ROMAN.get((n as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// `12` -> `Desember` / `December`; out of range gives `?`.
pub fn month_name(m: u32, lang: Lang) -> &'static str {
    MONTHS[index(lang)].get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// `8` -> `Agu` / `Aug`; out of range gives `?`.
pub fn month_short(m: u32, lang: Lang) -> &'static str {
    MONTHS_SHORT[index(lang)].get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

pub use crate::period::Period;

/// `Triwulan IV 2025`, `Januari–November 2025`, `November 2024–Februari 2025`;
/// in English `Q4 2025`, `H2 2025`, `2025`, `January–November 2025`.
pub fn label(p: &Period, lang: Lang) -> String {
    let en = lang == Lang::En;
    let month = |m| month_name(m, lang);
    match *p {
        Period::Month(m) => format!("{} {}", month(m.month), m.year),
        Period::Quarter { year, quarter } if en => format!("Q{quarter} {year}"),
        Period::Quarter { year, quarter } => format!("Triwulan {} {year}", roman(quarter)),
        Period::Half { year, half } if en => format!("H{half} {year}"),
        Period::Half { year, half } => format!("Semester {} {year}", roman(half)),
        Period::Year(year) if en => format!("{year}"),
        Period::Year(year) => format!("Tahun {year}"),
        Period::Range { first, last } if first.year == last.year => {
            format!("{}–{} {}", month(first.month), month(last.month), last.year)
        }
        Period::Range { first, last } => {
            format!("{} {}–{} {}", month(first.month), first.year, month(last.month), last.year)
        }
    }
}

/// A period string as the crate writes it (`Period`'s `Display`).
pub fn parse(s: &str) -> Option<Period> {
    s.parse().ok()
}

/// The label of any period string; an unknown one is shown as written.
pub fn label_of(s: &str, lang: Lang) -> String {
    parse(s).map_or_else(|| s.to_string(), |p| label(&p, lang))
}

/// The catalogue's word for a period's length: `month`, `quarter`, `half`,
/// `year` or `range`; the report kind is `kind_<it>`, "the previous one"
/// is `previous_<it>`.
pub fn kind_key(p: Period) -> &'static str {
    match p {
        Period::Month(_) => "month",
        Period::Quarter { .. } => "quarter",
        Period::Half { .. } => "half",
        Period::Year(_) => "year",
        Period::Range { .. } => "range",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{En, Id};

    #[test]
    fn periods_have_labels_in_both_languages() {
        let label = |s| label_of(s, Id);
        assert_eq!(label("2025-11"), "November 2025");
        assert_eq!(label("2025-Q4"), "Triwulan IV 2025");
        assert_eq!(label("2025-Q1"), "Triwulan I 2025");
        assert_eq!(label("2025-H2"), "Semester II 2025");
        assert_eq!(label("2025"), "Tahun 2025");
        assert_eq!(label("2025-01..2025-11"), "Januari–November 2025");
        assert_eq!(label("2024-11..2025-02"), "November 2024–Februari 2025");
        let en = |s| label_of(s, En);
        assert_eq!(en("2025-08"), "August 2025");
        assert_eq!(en("2025-Q4"), "Q4 2025");
        assert_eq!(en("2025-H1"), "H1 2025");
        assert_eq!(en("2025"), "2025");
        assert_eq!(en("2024-11..2025-02"), "November 2024–February 2025");
    }

    #[test]
    fn unknown_periods_are_shown_as_written() {
        assert_eq!(label_of("n/a", Id), "n/a");
        assert_eq!(label_of("2025-13", Id), "2025-13");
        assert_eq!(label_of("2025-Q5", En), "2025-Q5");
        assert_eq!(label_of("", Id), "");
    }

    #[test]
    fn kinds_and_month_names() {
        let p = |s| parse(s).unwrap();
        assert_eq!(kind_key(p("2025-11")), "month");
        assert_eq!(kind_key(p("2025-Q4")), "quarter");
        assert_eq!(kind_key(p("2025-H1")), "half");
        assert_eq!(kind_key(p("2025")), "year");
        assert_eq!(kind_key(p("2025-01..2025-11")), "range");
        assert_eq!(month_short(8, Id), "Agu");
        assert_eq!(month_short(8, En), "Aug");
        assert_eq!(month_name(0, Id), "?");
    }
}
