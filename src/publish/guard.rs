//! The privacy guard, the last gate before a report folder is published:
//! takes the folders jamstat has just written (still in staging) and what
//! the lake knows of people (the keyed hash of every NIK and of every
//! name, every birth date), and refuses, naming the file, the line and
//! what it found, when any text file in them holds
//! - a NIK of the lake: a run of 16 digits whose keyed hash the lake has;
//! - a name of the lake: two to six consecutive words of one line whose
//!   keyed hash (`pseudonym::name_hash`: letters only, upper-cased) the lake
//!   has, so `Adi Contoh`, `ADI CONTOH` and `<td>Adi</td> <td>Contoh</td>`
//!   are all found. A name of one word is not looked for (it cannot be told
//!   from an ordinary word), nor a part of a name (`Adi` alone);
//! - one of the lake's birth dates, written `1990-05-10`, `10-05-1990` or
//!   `10/05/1990`.
//!
//! The folders are small and the lake is large, so the guard works from
//! the folders: it first gathers every place of their text that could be
//! personal data (each 16-digit run, each window of two to six words,
//! each date) and its keyed hash, then reads the lake one month at a time
//! asking only for those hashes and dates. Whatever the lake holds of
//! them is then looked for again in the folders' order, so the message
//! names the first file and line, as a check of every line against every
//! person would.
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

/// The privacy guard over the lake: reads nothing until it checks.
pub struct Guard<'a> {
    lake: &'a Lake,
    keyed: Keyed,
}

impl<'a> Guard<'a> {
    pub fn new(lake: &'a Lake, nik_key: &str) -> Guard<'a> {
        Guard { lake, keyed: Keyed::new(nik_key) }
    }

    /// Refuses when any text file under one of `dirs`, or any of `also`
    /// (a template the PDF was made from), holds personal data of the
    /// lake. The lake is read once for all of them.
    pub fn check(&self, dirs: &[&Path], also: &[PathBuf]) -> Result<()> {
        let mut texts = Vec::new();
        for dir in dirs {
            let mut names = Vec::new();
            crate::files::list_files(dir, dir, &mut names)?;
            names.sort();
            for name in names {
                let path = dir.join(&name);
                if let Some(text) = text_of(&path)? {
                    texts.push((PathBuf::from(name), text));
                }
            }
        }
        for path in also {
            if let Some(text) = text_of(path)? {
                texts.push((path.clone(), text));
            }
        }
        let mut asked = Secrets::empty(self.keyed.clone());
        for (_, text) in &texts {
            candidates(text, |_, c| {
                match c {
                    Candidate::Nik(run) => asked.nik_hashes.extend(asked.digest_of(run)),
                    Candidate::Name(window) => asked.name_hashes.extend(asked.digest_of(&window.join(" "))),
                    Candidate::Birth(day, _) => {
                        asked.births.insert(day);
                    }
                }
                false
            });
        }
        let held = asked.held_by(self.lake)?;
        for (shown, text) in &texts {
            if let Some((line, what)) = held.find(text).into_iter().next() {
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

/// A file's text as the guard reads it; `None` for a file it does not
/// read (PDF, Parquet, pictures).
fn text_of(path: &Path) -> Result<Option<String>> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    Ok(Some(match extension {
        "html" | "csv" | "json" | "svg" | "typ" | "txt" => {
            std::fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))?
        }
        "xlsx" => workbook_text(path)?,
        _ => return Ok(None),
    }))
}

/// Keyed hashes (128 bits) of NIK and of names, and birth dates: what the
/// folders might show, or what of that the lake holds.
struct Secrets {
    keyed: Keyed,
    nik_hashes: HashSet<u128>,
    name_hashes: HashSet<u128>,
    births: HashSet<NaiveDate>,
}

/// A place of a text that could be personal data.
enum Candidate<'t> {
    /// A run of exactly 16 digits.
    Nik(&'t str),
    /// Two to six consecutive words of a line, upper-cased.
    Name(&'t [String]),
    /// A date in one of the three spellings, and that spelling.
    Birth(NaiveDate, &'t str),
}

/// Every candidate of `text` in order, with its line (from 1). When
/// `visit` returns true for a name, the line's later names are skipped.
fn candidates(text: &str, mut visit: impl FnMut(usize, Candidate) -> bool) {
    for (n, line) in text.lines().enumerate() {
        for run in line.split(|c: char| !c.is_ascii_digit()).filter(|r| r.len() == 16) {
            visit(n + 1, Candidate::Nik(run));
        }
        let words: Vec<String> = crate::pseudonym::words(&without_tags(line)).collect();
        'names: for start in 0..words.len() {
            for len in 2..=MAX_NAME_WORDS.min(words.len() - start) {
                if visit(n + 1, Candidate::Name(&words[start..start + len])) {
                    break 'names;
                }
            }
        }
        let bytes = line.as_bytes();
        for i in 0..bytes.len().saturating_sub(9) {
            // Each spelling has two separators, which chrono matches
            // exactly: a window without two is no date (and parsing it three
            // times was a second of a report's time).
            let window = &bytes[i..i + 10];
            if window.iter().filter(|&&b| b == b'-' || b == b'/').nth(1).is_none() {
                continue;
            }
            let Ok(w) = std::str::from_utf8(window) else { continue };
            if let Some(d) = date_in(w) {
                visit(n + 1, Candidate::Birth(d, w));
            }
        }
    }
}

/// The date `w` is in one of the three spellings of a birth date, read by chrono.
fn date_in(w: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"].iter().find_map(|f| NaiveDate::parse_from_str(w, f).ok())
}

impl Secrets {
    fn empty(keyed: Keyed) -> Secrets {
        Secrets { keyed, nik_hashes: HashSet::new(), name_hashes: HashSet::new(), births: HashSet::new() }
    }

    /// The keyed hash of `text` as a number.
    fn digest_of(&self, text: &str) -> Option<u128> {
        digest(&self.keyed.hash(text))
    }

    /// Whether `set` holds the keyed hash of `text`.
    fn holds(&self, set: &HashSet<u128>, text: &str) -> bool {
        self.digest_of(text).is_some_and(|d| set.contains(&d))
    }

    /// What of these hashes and dates the lake holds, read one month at a
    /// time and only the rows that match.
    fn held_by(&self, lake: &Lake) -> Result<Secrets> {
        let mut held = Secrets::empty(self.keyed.clone());
        if self.nik_hashes.is_empty() && self.name_hashes.is_empty() && self.births.is_empty() {
            return Ok(held);
        }
        // What to ask each month for, as the lake writes it (built once).
        let hex = |set: &HashSet<u128>| {
            let mut v: Vec<String> = set.iter().map(|d| format!("{d:032x}")).collect();
            v.sort();
            lit(Series::new("".into(), v)).implode(false)
        };
        let (niks, names) = (hex(&self.nik_hashes), hex(&self.name_hashes));
        let days: Vec<i32> = self.births.iter().map(|d| crate::period::epoch_days(*d)).collect();
        let days = lit(Series::new("".into(), days)).implode(false);
        for dataset in [Dataset::Peserta, Dataset::Klaim] {
            let peserta = dataset == Dataset::Peserta;
            for month in lake.months(dataset) {
                let Some(lf) = lake.scan(dataset, &[month])? else { continue };
                let mut columns = vec![col("nik_hash")];
                let mut wanted = col("nik_hash").is_in(niks.clone(), false);
                if peserta {
                    columns.extend([col("nama_hash"), col("tgl_lahir").cast(DataType::Int32)]);
                    wanted = wanted
                        .or(col("nama_hash").is_in(names.clone(), false))
                        .or(col("tgl_lahir").is_in(days.clone(), false));
                }
                let df = lf.select(columns).filter(wanted).collect()?;
                hashes(&df, "nik_hash", &self.nik_hashes, &mut held.nik_hashes)?;
                if peserta {
                    hashes(&df, "nama_hash", &self.name_hashes, &mut held.name_hashes)?;
                    let found =
                        df.column("tgl_lahir")?.i32()?.iter().flatten().filter_map(crate::period::from_epoch_days);
                    held.births.extend(found.filter(|d| self.births.contains(d)));
                }
            }
        }
        Ok(held)
    }

    /// What in `text` is personal data: (line, what), in order.
    fn find(&self, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        candidates(text, |n, c| match c {
            Candidate::Nik(run) => {
                if self.holds(&self.nik_hashes, run) {
                    out.push((n, format!("the NIK {}… of a member in the lake", &run[..6])));
                }
                false
            }
            Candidate::Name(window) => {
                let found = self.holds(&self.name_hashes, &window.join(" "));
                if found {
                    let initials: String = window.iter().filter_map(|w| w.chars().next()).collect();
                    out.push((n, format!("the name of a member in the lake (initials {initials})")));
                }
                found
            }
            Candidate::Birth(d, w) => {
                if self.births.contains(&d) {
                    out.push((n, format!("the birth date {w} of a member in the lake")));
                }
                false
            }
        });
        out
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

/// Adds to `held` the hashes of a text column of the lake that `asked` has.
fn hashes(df: &DataFrame, column: &str, asked: &HashSet<u128>, held: &mut HashSet<u128>) -> Result<()> {
    for hex in df.column(column)?.str()?.iter().flatten() {
        let Some(d) = digest(hex) else {
            bail!(
                "the lake's `{column}` holds `{hex}`, not a keyed hash: the lake is damaged; rebuild it with `jamstat ingest`"
            )
        };
        if asked.contains(&d) {
            held.insert(d);
        }
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
    use proptest::prelude::*;

    use super::*;

    /// The dates `candidates` finds in a line.
    fn dates_found(line: &str) -> Vec<(NaiveDate, String)> {
        let mut found = Vec::new();
        candidates(line, |_, c| {
            if let Candidate::Birth(d, w) = c {
                found.push((d, w.to_string()));
            }
            false
        });
        found
    }

    /// Every 10-byte window chrono reads as a date in one of the three
    /// spellings ([`date_in`] on each): what the guard found before it
    /// skipped windows without two separators.
    fn dates_by_chrono(line: &str) -> Vec<(NaiveDate, String)> {
        let bytes = line.as_bytes();
        (0..bytes.len().saturating_sub(9))
            .filter_map(|i| std::str::from_utf8(&bytes[i..i + 10]).ok())
            .filter_map(|w| date_in(w).map(|d| (d, w.to_string())))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn skipping_windows_without_two_separators_loses_no_date(line in "([ +a]?[0-9]{1,4}[-/]?){0,8}") {
            prop_assert_eq!(dates_found(&line), dates_by_chrono(&line));
        }
    }

    #[test]
    fn dates_in_odd_spellings_are_found_as_chrono_reads_them() {
        let lines =
            ["lahir 1990-05-10.", " 2025-1-31 ", "+2025-12-31", "10/05/1990 dan 1-5-1990", "1990/05/10", "9-9-2020 x"];
        for line in lines {
            assert_eq!(dates_found(line), dates_by_chrono(line), "{line}");
        }
        assert!(dates_found("lahir 1990-05-10.").iter().any(|(_, w)| w == "1990-05-10"));
    }

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
