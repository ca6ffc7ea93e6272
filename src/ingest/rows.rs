//! Checking one record against the contract: every cell parsed, then the
//! rules that span cells of one row (period, region code, dates inside the
//! period, paid claims). Rules that span rows (duplicates, `no_klaim`
//! across months) live in `file.rs`.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::read::Record;
use crate::contract::{Cell, CellError, Dataset, Reason, Warning, parse_cell};
use crate::period::Month;
use crate::reference::{Wilayah, same_name};

/// A problem with one row: a quarantine reason or a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub code: String,
    pub message: String,
}

/// What a row is checked against.
pub struct RowContext<'a> {
    pub dataset: Dataset,
    pub wilayah: &'a Wilayah,
    /// The month in the file name, when there is one.
    pub file_month: Option<Month>,
    /// For each contract column, the field that holds it (None: absent).
    pub mapping: &'a [Option<usize>],
    pub vulnerable_kategori: &'a [String],
}

/// A row that passed: its month, its cells in contract order, its warnings
/// as (column, code, message).
#[derive(Debug)]
pub struct CheckedRow {
    pub month: Month,
    pub cells: Vec<Cell>,
    pub warnings: Vec<(&'static str, Warning, String)>,
}

/// A refused row: which column and why.
#[derive(Debug)]
pub struct Refusal {
    pub column: String,
    pub error: CellError,
}

fn refuse(column: &str, reason: Reason, message: String) -> Refusal {
    Refusal { column: column.to_string(), error: CellError { reason, message } }
}

/// Checks a record that has exactly the header's number of fields.
pub fn check_row(ctx: &RowContext, rec: &Record) -> Result<CheckedRow, Refusal> {
    let columns = ctx.dataset.columns();
    let mut cells = Vec::with_capacity(columns.len());
    for (column, field) in columns.iter().zip(ctx.mapping) {
        let raw = field.map(|i| &rec.fields[i]).unwrap_or("");
        let cell = match (column.name, field) {
            // `periode` may come from the file name alone.
            ("periode", None) => Cell::Null,
            _ => parse_cell(column, raw).map_err(|error| Refusal { column: column.name.to_string(), error })?,
        };
        cells.push(cell);
    }

    let at = |name: &str| ctx.dataset.index(name);
    let row_month = match &cells[at("periode")] {
        Cell::Month(m) => Some(*m),
        _ => None,
    };
    let month = match (row_month, ctx.file_month) {
        (Some(r), Some(f)) if r != f => {
            return Err(refuse(
                "periode",
                Reason::PeriodeMismatch,
                format!("`periode` is {r} but the file name says {f}: one file holds one month"),
            ));
        }
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => {
            return Err(refuse(
                "periode",
                Reason::MissingValue,
                "`periode` is empty and the file name has no month".into(),
            ));
        }
    };
    cells[at("periode")] = Cell::Month(month);
    let last_day = month.last_day();

    let mut warnings = Vec::new();
    let code = cells[at("kode_wilayah")].text().to_string();
    let Some(kel) = ctx.wilayah.get(&code) else {
        return Err(refuse(
            "kode_wilayah",
            Reason::UnknownKodeWilayah,
            format!("`kode_wilayah` `{code}` is not in the wilayah reference: check the code with the BPJS branch"),
        ));
    };
    for (name, reference) in [("kecamatan", &kel.kecamatan), ("kelurahan", &kel.kelurahan)] {
        let given = cells[at(name)].text();
        if !same_name(given, reference) {
            warnings.push((
                if name == "kecamatan" { "kecamatan" } else { "kelurahan" },
                Warning::NameDiffersFromCode,
                format!("`{name}` is `{given}` but code {code} is {reference}: the code is used"),
            ));
        }
    }

    let date_after = |name: &str, cells: &[Cell]| -> Result<(), Refusal> {
        match cells[at(name)].date() {
            Some(d) if d > last_day => {
                Err(refuse(name, Reason::DateAfterPeriode, format!("`{name}` {d} is after the end of periode {month}")))
            }
            _ => Ok(()),
        }
    };

    match ctx.dataset {
        Dataset::Peserta => {
            date_after("tgl_lahir", &cells)?;
            date_after("tgl_kepesertaan", &cells)?;
            let birth = cells[at("tgl_lahir")].date().expect("tgl_lahir is required and parsed");
            let sex = cells[at("jenis_kelamin")].text();
            match crate::contract::nik_birth(cells[at("nik")].text(), birth.year()) {
                Some((d, s)) if d == birth && s == sex => {}
                _ => warnings.push((
                    "nik",
                    Warning::NikMismatch,
                    "the birth date or sex encoded in `nik` differs from `tgl_lahir`/`jenis_kelamin`".into(),
                )),
            }
            let kategori = cells[at("kategori")].text();
            if ctx.vulnerable_kategori.iter().any(|k| k == kategori) {
                let age = age_on(birth, last_day);
                if !(18..=65).contains(&age) {
                    warnings.push((
                        "tgl_lahir",
                        Warning::AgeOutside18To65,
                        format!(
                            "a {kategori} member aged {age} at the end of {month}: the programme covers ages 18-65"
                        ),
                    ));
                }
            }
        }
        Dataset::Klaim => {
            date_after("tgl_kejadian", &cells)?;
            let paid = cells[at("status")].text() == "DIBAYAR";
            match (paid, cells[at("tgl_bayar")].date()) {
                (true, None) => {
                    return Err(refuse(
                        "tgl_bayar",
                        Reason::TglBayarMissing,
                        "a paid claim (DIBAYAR) needs `tgl_bayar`".into(),
                    ));
                }
                (true, Some(d)) if Month::of_date(d) != month => {
                    return Err(refuse(
                        "tgl_bayar",
                        Reason::TglBayarOutsidePeriode,
                        format!("`tgl_bayar` {d} is outside periode {month}: a claim belongs to the month it was paid"),
                    ));
                }
                _ => {}
            }
            if !paid && cells[at("nominal")].int().unwrap_or(0) != 0 {
                return Err(refuse(
                    "nominal",
                    Reason::NominalOnRejected,
                    "a rejected claim (DITOLAK) has a `nominal` other than 0".into(),
                ));
            }
        }
    }
    Ok(CheckedRow { month, cells, warnings })
}

/// Completed years on `day`; a 29 February birthday is reached on 1 March
/// in common years.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let before_birthday = (day.month(), day.day()) < (birth.month(), birth.day());
    day.year() - birth.year() - i32::from(before_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_on(d("1990-12-31"), d("2025-12-31")), 35);
        assert_eq!(age_on(d("1991-01-01"), d("2025-12-31")), 34);
        assert_eq!(age_on(d("2004-02-29"), d("2022-02-28")), 17);
        assert_eq!(age_on(d("2004-02-29"), d("2022-03-01")), 18);
    }
}
