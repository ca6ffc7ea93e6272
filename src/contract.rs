//! The data contract as code: the two datasets, their columns and types,
//! header matching, and the parsing rules for one cell (Rupiah, dates, NIK,
//! codes). Row-level rules that span cells live in `ingest/rows.rs`; the lake
//! and the ingest both build on it.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

/// Bumped whenever the lake's columns or the rules change meaning.
pub const CONTRACT_VERSION: &str = "4";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Peserta,
    Klaim,
}

impl Dataset {
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Peserta => "peserta",
            Dataset::Klaim => "klaim",
        }
    }

    pub fn from_name(s: &str) -> Option<Dataset> {
        match s.to_ascii_lowercase().as_str() {
            "peserta" => Some(Dataset::Peserta),
            "klaim" => Some(Dataset::Klaim),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Peserta => PESERTA,
            Dataset::Klaim => KLAIM,
        }
    }

    /// Index of a contract column by name.
    pub fn index(self, name: &str) -> usize {
        self.columns().iter().position(|c| c.name == name).expect("contract column names are fixed")
    }
}

/// How a cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, trimmed.
    Text,
    /// A code: trimmed and upper-cased.
    Code,
    /// One of a fixed list, after upper-casing.
    Enum(&'static [&'static str]),
    /// A month `YYYY-MM`.
    Periode,
    /// Participant number: 11 digits.
    Kpj,
    /// National ID: 16 digits (PII: hashed before the lake).
    Nik,
    /// A person's name, trimmed (PII: the lake keeps only the keyed hash of
    /// its words, for the privacy guard to recognise it in published text).
    Nama,
    /// Kemendagri kelurahan code `NN.NN.NN.NNNN`.
    KodeWilayah,
    Date,
    /// Whole Rupiah, Indonesian or plain notation, never negative.
    Rupiah,
    /// A whole number >= 1.
    Count,
}

/// One contract column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// An empty cell is allowed (otherwise `MISSING_VALUE`).
    pub optional: bool,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind, optional: false }
}
const fn opt(name: &'static str, kind: Kind) -> Column {
    Column { name, kind, optional: true }
}

pub const SEGMEN: &[&str] = &["PU", "BPU", "JAKON", "PMI"];
pub const SUMBER_IURAN: &[&str] = &["APBD", "APBDES", "CSR", "PEMBERI_KERJA", "MANDIRI"];
pub const STATUS_PESERTA: &[&str] = &["AKTIF", "NONAKTIF"];
pub const PROGRAM_KLAIM: &[&str] = &["JKK", "JKM", "JHT", "JP", "JKP"];
pub const JENIS_MANFAAT: &[&str] =
    &["SANTUNAN_KEMATIAN", "BIAYA_PEMAKAMAN", "SANTUNAN_BERKALA", "PENGOBATAN", "STMB", "CACAT", "BEASISWA", "LAINNYA"];
pub const STATUS_KLAIM: &[&str] = &["DIBAYAR", "DITOLAK"];

const PESERTA: &[Column] = &[
    col("periode", Kind::Periode),
    col("kpj", Kind::Kpj),
    col("nik", Kind::Nik),
    opt("nama", Kind::Nama),
    col("tgl_lahir", Kind::Date),
    col("jenis_kelamin", Kind::Enum(&["L", "P"])),
    col("kode_wilayah", Kind::KodeWilayah),
    col("kecamatan", Kind::Text),
    col("kelurahan", Kind::Text),
    col("segmen", Kind::Enum(SEGMEN)),
    col("kategori", Kind::Code),
    col("sumber_iuran", Kind::Enum(SUMBER_IURAN)),
    col("program", Kind::Code),
    opt("pekerjaan", Kind::Text),
    col("tgl_kepesertaan", Kind::Date),
    col("status", Kind::Enum(STATUS_PESERTA)),
    col("iuran", Kind::Rupiah),
];

const KLAIM: &[Column] = &[
    col("periode", Kind::Periode),
    col("no_klaim", Kind::Code),
    col("kpj", Kind::Kpj),
    col("nik", Kind::Nik),
    col("kecamatan", Kind::Text),
    col("kelurahan", Kind::Text),
    col("kode_wilayah", Kind::KodeWilayah),
    col("segmen", Kind::Enum(SEGMEN)),
    col("kategori", Kind::Code),
    col("sumber_iuran", Kind::Enum(SUMBER_IURAN)),
    col("program", Kind::Enum(PROGRAM_KLAIM)),
    col("jenis_manfaat", Kind::Enum(JENIS_MANFAAT)),
    col("tgl_kejadian", Kind::Date),
    opt("tgl_bayar", Kind::Date),
    col("status", Kind::Enum(STATUS_KLAIM)),
    col("nominal", Kind::Rupiah),
    col("jumlah_penerima", Kind::Count),
];

/// Header names match case-insensitively after trimming, with `_`, space
/// and `-` the same: `Tgl Lahir` = `tgl_lahir`, `no-klaim` = `no_klaim`.
pub fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

/// A parsed cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cell {
    Null,
    /// Text; a value from a fixed list borrows the list's spelling (no
    /// allocation for the codes every row repeats).
    Text(Cow<'static, str>),
    Month(crate::period::Month),
    Int(i64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) => s,
            _ => "",
        }
    }
    pub fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(v) => Some(*v),
            _ => None,
        }
    }
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            _ => None,
        }
    }
}

/// Why a cell (or a row) is refused. The code is what planners filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, thiserror::Error)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    #[error("MISSING_VALUE")]
    MissingValue,
    #[error("BAD_PERIODE")]
    BadPeriode,
    #[error("PERIODE_MISMATCH")]
    PeriodeMismatch,
    #[error("BAD_KPJ")]
    BadKpj,
    #[error("BAD_NIK")]
    BadNik,
    #[error("BAD_DATE")]
    BadDate,
    #[error("BAD_VALUE")]
    BadValue,
    #[error("BAD_KODE_WILAYAH")]
    BadKodeWilayah,
    #[error("UNKNOWN_KODE_WILAYAH")]
    UnknownKodeWilayah,
    #[error("BAD_AMOUNT")]
    BadAmount,
    #[error("AMBIGUOUS_AMOUNT")]
    AmbiguousAmount,
    #[error("NEGATIVE_AMOUNT")]
    NegativeAmount,
    #[error("BAD_COUNT")]
    BadCount,
    #[error("WRONG_FIELD_COUNT")]
    WrongFieldCount,
    #[error("DUPLICATE_KPJ")]
    DuplicateKpj,
    #[error("CONFLICTING_NO_KLAIM")]
    ConflictingNoKlaim,
    #[error("TGL_BAYAR_MISSING")]
    TglBayarMissing,
    #[error("TGL_BAYAR_OUTSIDE_PERIODE")]
    TglBayarOutsidePeriode,
    #[error("DATE_AFTER_PERIODE")]
    DateAfterPeriode,
    #[error("NOMINAL_ON_REJECTED")]
    NominalOnRejected,
}

impl Reason {
    pub fn code(self) -> String {
        self.to_string()
    }
}

/// Why a kept row deserves a look (it is counted in the data quality
/// section; nothing is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, thiserror::Error)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Warning {
    /// A kecamatan or kelurahan name differs from the reference for its code.
    #[error("NAME_DIFFERS_FROM_CODE")]
    NameDiffersFromCode,
    /// The birth date or sex coded in the NIK differs from the row.
    #[error("NIK_MISMATCH")]
    NikMismatch,
    /// A vulnerable (RENTAN) member outside ages 18-65 at the end of the month.
    #[error("AGE_OUTSIDE_18_65")]
    AgeOutside18To65,
}

/// A refused cell: the reason and a plain-language message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub reason: Reason,
    pub message: String,
}

fn err(reason: Reason, message: String) -> CellError {
    CellError { reason, message }
}

/// Reads one cell of `column`.
pub fn parse_cell(column: &Column, raw: &str) -> Result<Cell, CellError> {
    let s = raw.trim();
    if s.is_empty() {
        if column.optional {
            return Ok(Cell::Null);
        }
        return Err(err(Reason::MissingValue, format!("`{}` is empty: it is required", column.name)));
    }
    let name = column.name;
    match column.kind {
        Kind::Text | Kind::Nama => Ok(Cell::Text(s.to_string().into())),
        Kind::Code => Ok(Cell::Text(s.to_uppercase().into())),
        // The list is upper case: the same as comparing after upper-casing.
        Kind::Enum(allowed) => match allowed.iter().find(|a| {
            // The lists are ASCII upper case: for ASCII text, the same as
            // comparing after upper-casing, without decoding each char.
            if s.is_ascii() { a.eq_ignore_ascii_case(s) } else { a.chars().eq(s.chars().flat_map(char::to_uppercase)) }
        }) {
            Some(a) => Ok(Cell::Text(Cow::Borrowed(a))),
            None => Err(err(Reason::BadValue, format!("`{name}` is `{s}`: expected one of {}", allowed.join(", ")))),
        },
        Kind::Periode => crate::period::Month::parse_loose(s)
            .map(Cell::Month)
            .ok_or_else(|| err(Reason::BadPeriode, format!("`periode` is `{s}`: write the month as YYYY-MM"))),
        Kind::Kpj => digits(s, 11)
            .map(|d| Cell::Text(d.into()))
            .ok_or_else(|| err(Reason::BadKpj, format!("`kpj` is `{s}`: a participant number has 11 digits"))),
        Kind::Nik => digits(s, 16).map(|d| Cell::Text(d.into())).ok_or_else(|| {
            let hint = if s.contains(['E', 'e']) || s.ends_with('0') && s.len() > 16 {
                " (Excel may have turned it into a number: format the column as text)"
            } else {
                ""
            };
            err(Reason::BadNik, format!("`nik` is not 16 digits{hint}"))
        }),
        Kind::KodeWilayah => {
            if crate::reference::is_kelurahan_code(s) {
                Ok(Cell::Text(s.to_string().into()))
            } else {
                Err(err(Reason::BadKodeWilayah, format!("`kode_wilayah` is `{s}`: expected a code like 35.77.02.1001")))
            }
        }
        Kind::Date => parse_date(s).map(Cell::Date).ok_or_else(|| {
            err(Reason::BadDate, format!("`{name}` is `{s}`: not a date (use 2025-12-29 or 29/12/2025)"))
        }),
        Kind::Rupiah => {
            parse_rupiah(s).map(Cell::Int).map_err(|(reason, why)| err(reason, format!("`{name}` is `{s}`: {why}")))
        }
        Kind::Count => match s.parse::<i64>() {
            Ok(n) if n >= 1 => Ok(Cell::Int(n)),
            _ => Err(err(Reason::BadCount, format!("`{name}` is `{s}`: expected a whole number of at least 1"))),
        },
    }
}

/// Some(s) when `s` is exactly `n` ASCII digits.
fn digits(s: &str, n: usize) -> Option<String> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
}

/// ISO `2025-12-29`, `29/12/2025`, `29-12-2025`, or an Excel serial day
/// number (`46020`, what a date cell becomes when its format is lost).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        return excel_serial(s.parse().ok()?);
    }
    // The common case, `2025-12-29`, without chrono's format parser (two
    // dates in every row); anything else takes the general path below.
    iso_date(s.as_bytes()).or_else(|| general_date(s))
}

/// The notations through chrono's format parser.
fn general_date(s: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"].iter().find_map(|f| {
        // chrono accepts 1-digit days and months; years must be 4 digits.
        NaiveDate::parse_from_str(s, f).ok().filter(|d| {
            use chrono::Datelike;
            (1900..=9999).contains(&d.year())
        })
    })
}

/// `YYYY-MM-DD`, exactly ten bytes, a real date from 1900 on.
fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(0..4)? as i32;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).filter(|_| year >= 1900)
}

/// Excel's day numbers (1900 system): 61 is 1900-03-01, 46020 is
/// 2025-12-29. Serials before March 1900 are refused: Excel counts a
/// 29 February 1900 that never was, so they are off by one.
fn excel_serial(n: i64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (61..=73050).contains(&n).then(|| epoch + chrono::Days::new(n as u64))
}

/// Whole Rupiah from `16800`, `16.800`, `Rp 6.200.000`, `16.800,00`,
/// `16800.00`. `16,800`, `100.50` and non-zero fractions are ambiguous.
pub fn parse_rupiah(s: &str) -> Result<i64, (Reason, &'static str)> {
    const AMBIGUOUS: &str = "the amount can be read in more than one way: write whole Rupiah, e.g. 16800 or 16.800";
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    // `get`, not `[..2]`: a cell starting with a multi-byte letter (`ಹ`) is
    // no amount, never a panic.
    if t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("rp")) {
        t = t[2..].trim_start_matches('.').to_string();
    }
    let negative = t.starts_with('-');
    let t = t.trim_start_matches('-');
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err((Reason::BadAmount, "not an amount of Rupiah"));
    }
    let is_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let zeros = |p: &str| is_digits(p) && p.bytes().all(|b| b == b'0');
    // Indonesian thousands: 1-3 digits, then groups of exactly 3 after dots.
    let thousands = |p: &str| {
        let mut groups = p.split('.');
        let first = groups.next().unwrap_or("");
        is_digits(first) && first.len() <= 3 && p.contains('.') && groups.all(|g| g.len() == 3 && is_digits(g))
    };
    let whole = |p: &str| -> Result<i64, (Reason, &'static str)> {
        let digits: String = p.chars().filter(char::is_ascii_digit).collect();
        digits.parse::<i64>().map_err(|_| (Reason::BadAmount, "the amount is too large"))
    };
    let value = match t.split_once(',') {
        // `16.800,00` or `16800,00`: a zero decimal part after a comma.
        Some((int, frac)) if !frac.contains(',') && (is_digits(int) || thousands(int)) => {
            if zeros(frac) {
                whole(int)?
            } else {
                return Err((Reason::AmbiguousAmount, AMBIGUOUS));
            }
        }
        Some(_) => return Err((Reason::AmbiguousAmount, AMBIGUOUS)),
        None if is_digits(t) => whole(t)?,
        None if thousands(t) => whole(t)?,
        // `16800.00`: a zero decimal part after a single dot.
        None => match t.split_once('.') {
            Some((int, frac)) if is_digits(int) && zeros(frac) && !frac.contains('.') => whole(int)?,
            Some((int, frac)) if is_digits(int) && is_digits(frac) => return Err((Reason::AmbiguousAmount, AMBIGUOUS)),
            _ => return Err((Reason::BadAmount, "not an amount of Rupiah")),
        },
    };
    if negative {
        return Err((Reason::NegativeAmount, "an amount cannot be negative"));
    }
    Ok(value)
}

/// What a NIK says about its holder: birth date and sex (digits 7-12 are
/// DDMMYY, with 40 added to DD for women). `None` when they do not form a date.
pub fn nik_birth(nik: &str, birth_year: i32) -> Option<(NaiveDate, &'static str)> {
    let d: u32 = nik.get(6..8)?.parse().ok()?;
    let m: u32 = nik.get(8..10)?.parse().ok()?;
    let yy: i32 = nik.get(10..12)?.parse().ok()?;
    let (day, sex) = if d > 40 { (d - 40, "P") } else { (d, "L") };
    // The century is not in the NIK: take the one that matches the stated year.
    let year = birth_year - birth_year.rem_euclid(100) + yy;
    NaiveDate::from_ymd_opt(year, m, day).map(|date| (date, sex))
}

#[cfg(test)]
mod tests;
