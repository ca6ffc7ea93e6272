//! The privacy guard, the last gate before a report folder is published:
//! takes the folder jamstat has just written (still a staging folder) and
//! what the lake knows of people (the keyed hash of every NIK and of every
//! name, every birth date), and refuses, naming the file, the line and
//! what it found, when any text file in it holds
//! - a NIK of the lake: a run of 16 digits whose keyed hash the lake has;
//! - a name of the lake: two to six consecutive words of one line whose
//!   keyed hash (`pseudonym::name_hash`: letters only, upper-cased) the lake
//!   has, so `Adi Contoh`, `ADI CONTOH` and `<td>Adi</td> <td>Contoh</td>`
//!   are all found. A name of one word is not looked for (it cannot be told
//!   from an ordinary word), nor a part of a name (`Adi` alone);
//! - one of the lake's birth dates, written `1990-05-10`, `10-05-1990` or
//!   `10/05/1990`.
//!
//! The workbook (`report.xlsx`) is read cell by cell, a line per row. The
//! PDF and the Parquet file are binary: they are made from the same view
//! model and table as `index.html` and `kpi.csv`, which are scanned, and
//! the PDF templates (the report's, the kelurahan pages') are scanned as
//! text.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use polars::prelude::*;

use crate::contract::Dataset;
use crate::lake::Lake;
use crate::pseudonym::Keyed;

/// The longest name looked for, in words.
const MAX_NAME_WORDS: usize = 6;

/// What the lake knows of people, to look for in published text.
pub struct Secrets {
    keyed: Keyed,
    /// The keyed hashes (128 bits) of NIK and of names.
    nik_hashes: HashSet<u128>,
    name_hashes: HashSet<u128>,
    births: HashSet<NaiveDate>,
}

impl Secrets {
    /// Every NIK hash, name hash and birth date of the lake, read one month
    /// at a time: the sets hold each person once, and no more than a month
    /// of the lake is in memory at once.
    pub fn from_lake(lake: &Lake, nik_key: &str) -> Result<Secrets> {
        let (mut nik_hashes, mut name_hashes, mut days) = (HashSet::new(), HashSet::new(), HashSet::new());
        for dataset in [Dataset::Peserta, Dataset::Klaim] {
            let peserta = dataset == Dataset::Peserta;
            for month in lake.months(dataset) {
                let Some(lf) = lake.scan(dataset, &[month])? else { continue };
                let mut columns = vec![col("nik_hash")];
                if peserta {
                    columns.extend([col("nama_hash"), col("tgl_lahir").cast(DataType::Int32)]);
                }
                let df = lf.select(columns).collect()?;
                hashes(&df, "nik_hash", &mut nik_hashes)?;
                if peserta {
                    hashes(&df, "nama_hash", &mut name_hashes)?;
                    days.extend(df.column("tgl_lahir")?.i32()?.iter().flatten());
                }
            }
        }
        let births = days.into_iter().filter_map(crate::period::from_epoch_days).collect();
        Ok(Secrets { keyed: Keyed::new(nik_key), nik_hashes, name_hashes, births })
    }

    /// Whether `set` holds the keyed hash of `text`.
    fn holds(&self, set: &HashSet<u128>, text: &str) -> bool {
        digest(&self.keyed.hash(text)).is_some_and(|d| set.contains(&d))
    }

    /// What in `text` is personal data: (line, what), in order.
    fn find(&self, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            for run in line.split(|c: char| !c.is_ascii_digit()).filter(|r| r.len() == 16) {
                if self.holds(&self.nik_hashes, run) {
                    out.push((n + 1, format!("the NIK {}… of a member in the lake", &run[..6])));
                }
            }
            let words: Vec<String> = crate::pseudonym::words(&without_tags(line)).collect();
            'names: for start in 0..words.len() {
                for len in 2..=MAX_NAME_WORDS.min(words.len() - start) {
                    let window = words[start..start + len].join(" ");
                    if self.holds(&self.name_hashes, &window) {
                        let initials: String =
                            words[start..start + len].iter().filter_map(|w| w.chars().next()).collect();
                        out.push((n + 1, format!("the name of a member in the lake (initials {initials})")));
                        break 'names;
                    }
                }
            }
            let bytes = line.as_bytes();
            for i in 0..bytes.len().saturating_sub(9) {
                let Ok(w) = std::str::from_utf8(&bytes[i..i + 10]) else { continue };
                let date = NaiveDate::parse_from_str(w, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(w, "%d-%m-%Y"))
                    .or_else(|_| NaiveDate::parse_from_str(w, "%d/%m/%Y"));
                if let Ok(d) = date
                    && self.births.contains(&d)
                {
                    out.push((n + 1, format!("the birth date {w} of a member in the lake")));
                }
            }
        }
        out
    }

    /// Refuses when any text file under `dir`, or any of `also` (a
    /// template the PDF was made from), holds personal data of the lake.
    pub fn check(&self, dir: &Path, also: &[PathBuf]) -> Result<()> {
        let mut names = Vec::new();
        crate::files::list_files(dir, dir, &mut names)?;
        names.sort();
        let mut files: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
        files.extend(also.iter().cloned());
        for path in files {
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let text = match extension {
                "html" | "csv" | "json" | "svg" | "typ" | "txt" => {
                    std::fs::read_to_string(&path).with_context(|| format!("failed to read `{}`", path.display()))?
                }
                "xlsx" => workbook_text(&path)?,
                _ => continue,
            };
            if let Some((line, what)) = self.find(&text).into_iter().next() {
                let shown = path.strip_prefix(dir).unwrap_or(&path);
                bail!(
                    "refusing to publish: `{}` line {line} holds {what}. Personal data must never be published: \
                     find where it comes from (a template, the config, a category code in the exports) and remove it",
                    shown.display()
                );
            }
        }
        Ok(())
    }
}

/// The cells of every sheet of a workbook as text: a line per row, cells
/// apart by a space, the sheets one after the other.
fn workbook_text(path: &Path) -> Result<String> {
    use calamine::Reader;
    let opened: Result<calamine::Xlsx<_>, calamine::XlsxError> = calamine::open_workbook(path);
    let mut wb = anyhow::Context::with_context(opened, || format!("failed to read the workbook `{}`", path.display()))?;
    let mut text = String::new();
    for name in wb.sheet_names() {
        let range = anyhow::Context::with_context(wb.worksheet_range(&name), || {
            format!("failed to read sheet `{name}` of `{}`", path.display())
        })?;
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            text.push_str(&cells.join(" "));
            text.push('\n');
        }
    }
    Ok(text)
}

/// A keyed hash as the lake writes it (32 hex digits) as a number.
fn digest(hex: &str) -> Option<u128> {
    (hex.len() == 32).then(|| u128::from_str_radix(hex, 16).ok()).flatten()
}

/// Adds the hashes of a text column of the lake to `set`.
fn hashes(df: &DataFrame, column: &str, set: &mut HashSet<u128>) -> Result<()> {
    for hex in df.column(column)?.str()?.iter().flatten() {
        let Some(d) = digest(hex) else {
            bail!(
                "the lake's `{column}` holds `{hex}`, not a keyed hash: the lake is damaged; rebuild it with `jamstat ingest`"
            )
        };
        set.insert(d);
    }
    Ok(())
}

/// `line` with each markup tag (`<td class="n">`) replaced by a space, so
/// the words of a name set in two cells still follow each other.
fn without_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => {
                in_tag = false;
                out.push(' ');
            }
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn niks_and_birth_dates_of_the_lake_are_found_and_nothing_else() {
        let key = "k";
        let secrets = Secrets {
            keyed: Keyed::new(key),
            nik_hashes: [crate::pseudonym::keyed_hash(key, "3577011005900001")]
                .iter()
                .filter_map(|h| digest(h))
                .collect(),
            name_hashes: [
                crate::pseudonym::name_hash(key, "Adi Contoh"),
                crate::pseudonym::name_hash(key, "Sri Ayu Nur Aini Putri Lestari"),
            ]
            .iter()
            .flatten()
            .filter_map(|h| digest(h))
            .collect(),
            births: [NaiveDate::from_ymd_opt(1990, 5, 10).unwrap()].into_iter().collect(),
        };
        assert_eq!(secrets.find("a\n<td>3577011005900001</td>").len(), 1);
        assert_eq!(secrets.find("lahir 1990-05-10").len(), 1);
        assert_eq!(secrets.find("lahir 10/05/1990").len(), 1);
        assert!(secrets.find("3577011005900002 1990-05-11 2026-01-15 35770110059000011").is_empty());
        assert_eq!(
            secrets.find("<td>Adi Contoh</td>"),
            vec![(1, "the name of a member in the lake (initials AC)".to_string())]
        );
        assert_eq!(secrets.find("Nama: ADI  contoh.").len(), 1);
        assert_eq!(secrets.find("<td>Adi</td><td>Contoh</td>").len(), 1);
        assert_eq!(secrets.find("Kepada Sri Ayu Nur Aini Putri Lestari, S.Pd").len(), 1, "six words");
        // Parts of a name, other names, a name split over two lines.
        assert!(secrets.find("Adi Contohnya, Adi Budi Contoh, Sri Ayu Nur Aini Putri").is_empty());
        assert!(secrets.find("Adi\nContoh").is_empty());
        assert_eq!(digest("00000000000000000000000000000001"), Some(1));
        assert_eq!(digest("zz"), None);
        let found = secrets.find("x\ny 10-05-1990");
        assert_eq!(found, vec![(2, "the birth date 10-05-1990 of a member in the lake".to_string())]);
    }
}
