//! Period strings as the report shows them: takes `2025-11`, `2025-Q4`,
//! `2025-H2`, `2025` or `2025-01..2025-11`, gives the Indonesian label
//! (`Triwulan IV 2025`), the report's kind (`Laporan Triwulan`) and the
//! "from last period" words (`triwulan lalu`). Unknown strings are shown
//! as written, never rejected: parsing belongs to the main crate.

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

/// A parsed period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year { year: i32 },
    Range { from: (i32, u32), to: (i32, u32) },
}

fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (year, month) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&month).then_some((year, month))
}

impl Period {
    /// Parses a period string; `None` when it is none of the five forms.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Some(Period::Range { from: parse_month(a)?, to: parse_month(b)? });
        }
        if s.len() == 4 {
            return s.parse().ok().map(|year| Period::Year { year });
        }
        let (y, rest) = s.split_once('-')?;
        let year: i32 = if y.len() == 4 {
            y.parse().ok()?
        } else {
            return None;
        };
        if let Some(q) = rest.strip_prefix('Q') {
            let quarter = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return Some(Period::Quarter { year, quarter });
        }
        if let Some(h) = rest.strip_prefix('H') {
            let half = h.parse().ok().filter(|h| (1..=2).contains(h))?;
            return Some(Period::Half { year, half });
        }
        parse_month(s).map(|(year, month)| Period::Month { year, month })
    }

    /// `Triwulan IV 2025`, `Januari–November 2025`, `November 2024–Februari 2025`.
    pub fn label(self) -> String {
        match self {
            Period::Month { year, month } => format!("{} {year}", month_name(month)),
            Period::Quarter { year, quarter } => {
                format!("Triwulan {} {year}", roman(quarter))
            }
            Period::Half { year, half } => {
                format!("Semester {} {year}", roman(half))
            }
            Period::Year { year } => format!("Tahun {year}"),
            Period::Range { from, to } if from.0 == to.0 => {
                format!("{}–{} {}", month_name(from.1), month_name(to.1), to.0)
            }
            Period::Range { from, to } => {
                format!("{} {}–{} {}", month_name(from.1), from.0, month_name(to.1), to.0)
            }
        }
    }

    /// The label of any period string; an unknown one is shown as written.
    pub fn label_of(s: &str) -> String {
        Period::parse(s).map(Period::label).unwrap_or_else(|| s.to_string())
    }

    /// `Laporan Triwulan`.
    pub fn report_kind(self) -> &'static str {
        match self {
            Period::Month { .. } => "Laporan Bulanan",
            Period::Quarter { .. } => "Laporan Triwulan",
            Period::Half { .. } => "Laporan Semester",
            Period::Year { .. } => "Laporan Tahunan",
            Period::Range { .. } => "Laporan Periode",
        }
    }

    /// `triwulan lalu`: the previous period of the same length.
    pub fn previous_words(self) -> &'static str {
        match self {
            Period::Month { .. } => "bulan lalu",
            Period::Quarter { .. } => "triwulan lalu",
            Period::Half { .. } => "semester lalu",
            Period::Year { .. } => "tahun lalu",
            Period::Range { .. } => "periode sebelumnya",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> String {
        Period::label_of(s)
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
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(p("2025-11").previous_words(), "bulan lalu");
        assert_eq!(p("2025-Q4").previous_words(), "triwulan lalu");
        assert_eq!(p("2025-H1").previous_words(), "semester lalu");
        assert_eq!(p("2025").previous_words(), "tahun lalu");
        assert_eq!(p("2025-01..2025-11").previous_words(), "periode sebelumnya");
        assert_eq!(p("2025-Q4").report_kind(), "Laporan Triwulan");
        assert_eq!(p("2025-11").report_kind(), "Laporan Bulanan");
        assert_eq!(month_short(8), "Agu");
        assert_eq!(month_name(0), "?");
    }
}
