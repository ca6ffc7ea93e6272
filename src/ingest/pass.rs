//! One pass over a file's records (all of them, or one half): the rules
//! that span rows (exact duplicates, `DUPLICATE_KPJ` within a snapshot,
//! `no_klaim` across months) and each row's own checks, into the kept
//! rows, the quarantine and the warnings.
//!
//! A large `peserta` file is read in two halves at once, one per core
//! ([`halves`]), and the second half's results appended to the first's.
//! That is exactly the sequential result unless a rule of the second half
//! would have looked at a row of the first (a row whose trimmed fields hash
//! like one of the first half's, or a kpj the first half kept in the same
//! month); then the file is read again whole, in order. The lake is the one
//! a sequential run writes, byte for byte (tested).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, bail};

use super::checked::{CheckContext, CheckedFile};
use super::claims::Known;
use super::frame::Frame;
use super::read::{At, Cut, Part, Record, Table, raw_line};
use super::rows::{Problem, RowContext, check_row};
use crate::contract::{Cell, Dataset, Reason};
use crate::period::Month;
use crate::pseudonym::Keyed;

/// `no_klaim` and a keyed hash of every other contract field as read
/// (`Rp 15.685.000` and `Rp15.685.000` are one amount, `18/06/2025` and
/// `2025-06-18` one date, text compared upper-cased), so that the same
/// claim re-exported in another month is recognised, however its cells are
/// written, without storing its NIK. A cell that cannot be read counts as
/// its text, never equal to a value that can.
pub(super) fn claim_content(rec: &Record, mapping: &[Option<usize>], key: &str) -> (String, String) {
    let columns = Dataset::Klaim.columns();
    let mut no_klaim = String::new();
    let mut text = String::new();
    for (column, field) in columns.iter().zip(mapping) {
        let raw = field.map(|i| &rec.fields[i]).unwrap_or("");
        match column.name {
            "periode" => {}
            "no_klaim" => no_klaim = raw.trim().to_uppercase(),
            _ => {
                match crate::contract::parse_cell(column, raw) {
                    Ok(Cell::Null) => {}
                    Ok(Cell::Text(t)) => text.push_str(&t.to_uppercase()),
                    Ok(Cell::Int(n)) => text.push_str(&format!("#{n}")),
                    Ok(Cell::Date(d)) => text.push_str(&format!("@{d}")),
                    Ok(Cell::Month(m)) => text.push_str(&format!("@{m}")),
                    Err(_) => {
                        text.push('!');
                        text.push_str(&raw.trim().to_uppercase());
                    }
                }
                text.push('\u{1f}');
            }
        }
    }
    (no_klaim, crate::pseudonym::keyed_hash(key, &text))
}

/// A fast, fixed-seed hasher for the per-file sets (rows, kpj): their
/// order is never read, so nothing depends on the hash values.
type FastState = foldhash::fast::FixedState;
type FastMap<K, V> = HashMap<K, V, FastState>;

/// What a pass reads besides the records.
pub struct Rules<'a> {
    pub table: &'a Table<'a>,
    pub row: &'a RowContext<'a>,
    pub ctx: &'a CheckContext<'a>,
    pub display: String,
    /// Set by another thread when the file's check is no longer wanted
    /// (its hash shows it already in the lake): the pass stops at the next record.
    pub stop: Option<&'a AtomicBool>,
}

/// A pass's state: the file's results so far and what the rules that span
/// rows remember.
pub struct Pass {
    pub out: CheckedFile,
    /// Exact duplicates: each row's trimmed fields hashed (foldhash, fast),
    /// then compared in full, read again, with the first row of that hash
    /// and with every row whose hash collided with an earlier one, so a
    /// collision never drops a row. Cheaper than a set of the rows.
    first_of_hash: FastMap<u64, At>,
    collided: Vec<At>,
    /// Per month, each kept kpj and where its first row is.
    kpj_seen: HashMap<Month, FastMap<u64, At>>,
    months_seen: HashSet<Month>,
    keyed: Keyed,
    per_month: usize,
}

impl Pass {
    /// A pass expecting about `expected` records; `out` holds no rows yet.
    pub fn new(out: CheckedFile, nik_key: &str, expected: usize) -> Pass {
        // Sized once for the rows to come; per month only when the file is
        // one month (a file of many months would reserve its size for each).
        let per_month = if out.name.month.is_some() { expected } else { 0 };
        Pass {
            out,
            first_of_hash: FastMap::with_capacity_and_hasher(expected, FastState::default()),
            collided: Vec::new(),
            kpj_seen: HashMap::new(),
            months_seen: HashSet::new(),
            keyed: Keyed::new(nik_key),
            per_month,
        }
    }

    /// Reads the records of `part` in order.
    pub fn run(mut self, rules: &Rules<'_>, part: Part, mut known: Option<&mut Known>) -> Result<Pass> {
        rules.table.each_in(part, |rec, at| {
            if rules.stop.is_some_and(|stop| stop.load(Ordering::Relaxed)) {
                bail!("the check of `{}` was stopped: the file is already in the lake", rules.display);
            }
            self.record(rules, rec, at, known.as_deref_mut())
        })?;
        Ok(self)
    }

    fn problem(&self, line: u64, column: &str, code: &str, message: String) -> Problem {
        Problem {
            file: self.out.source_file.clone(),
            line,
            column: column.to_string(),
            code: code.to_string(),
            message,
        }
    }

    fn record(&mut self, rules: &Rules<'_>, rec: &Record, at: At, mut known: Option<&mut Known>) -> Result<()> {
        let table = rules.table;
        let dataset = rules.row.dataset;
        self.out.rows_read += 1;
        let raw = || raw_line(&rec.fields, table.delimiter);
        let same = |other: At| -> Result<bool> {
            let o = table.fields_at(other)?;
            Ok(o.len() == rec.fields.len() && o.iter().zip(&rec.fields).all(|(a, b)| a.trim() == b.trim()))
        };
        let hash = {
            let mut h = FastState::default().build_hasher();
            rec.fields.iter().for_each(|f| f.trim().hash(&mut h));
            h.finish()
        };
        match self.first_of_hash.get(&hash) {
            None => {
                self.first_of_hash.insert(hash, at);
            }
            Some(&first) => {
                for earlier in std::iter::once(first).chain(self.collided.iter().copied()) {
                    if same(earlier)? {
                        self.out.skipped += 1;
                        return Ok(());
                    }
                }
                self.collided.push(at);
            }
        }
        // Before any rule reads a field by position.
        if rec.fields.len() != table.header.len() {
            let message = format!(
                "the row has {} fields, the header has {}: a delimiter or quote is probably misplaced",
                rec.fields.len(),
                table.header.len()
            );
            let problem = self.problem(rec.line, "", &Reason::WrongFieldCount.code(), message);
            self.out.quarantined.push((problem, raw()));
            return Ok(());
        }
        let checked = check_row(rules.row, rec);
        let mut claim = None;
        if dataset == Dataset::Klaim
            && let Some(known) = known.as_deref_mut()
        {
            let mapping = rules.row.mapping;
            let (no_klaim, content) = claim_content(rec, mapping, rules.ctx.nik_key);
            let month = match &checked {
                Ok(c) => Some(c.month),
                Err(_) => self.out.name.month.or_else(|| mapping[0].and_then(|i| Month::parse_loose(&rec.fields[i]))),
            };
            if let Some(month) = month {
                if self.months_seen.insert(month) {
                    known.forget(month); // this file delivers the month anew
                }
                if known.repeats_earlier(&no_klaim, month, &content) {
                    self.out.skipped += 1; // an earlier month's claim, repeated
                    return Ok(());
                }
            }
            claim = Some((no_klaim, content));
        }
        let checked = match checked {
            Ok(c) => c,
            Err(r) => {
                let problem = self.problem(rec.line, &r.column, &r.error.reason.code(), r.error.message);
                self.out.quarantined.push((problem, raw()));
                return Ok(());
            }
        };
        if checked.month > rules.ctx.release_month {
            bail!(
                "`{}` line {}: periode {} is after the release date in the config ({}): set `publication.release_date` first",
                rules.display,
                rec.line,
                checked.month,
                rules.ctx.release_month
            );
        }
        if dataset == Dataset::Peserta {
            let kpj = checked.cells[dataset.index("kpj")].text();
            // A checked kpj is 11 digits: it fits a u64.
            let number: u64 = kpj.parse().expect("a checked kpj is 11 digits");
            let per_month = self.per_month;
            let seen = self
                .kpj_seen
                .entry(checked.month)
                .or_insert_with(|| FastMap::with_capacity_and_hasher(per_month, FastState::default()));
            if let Some(&first) = seen.get(&number) {
                // The same values once read (`Rp 16.800` = `16800`): an exact duplicate.
                let earlier = Record { line: 0, fields: table.fields_at(first)? };
                if check_row(rules.row, &earlier).is_ok_and(|e| e.cells == checked.cells) {
                    self.out.skipped += 1;
                    return Ok(());
                }
                let message =
                    format!("`kpj` {kpj} appears twice in the {} snapshot: the later row is set aside", checked.month);
                let problem = self.problem(rec.line, "kpj", &Reason::DuplicateKpj.code(), message);
                self.out.quarantined.push((problem, raw()));
                return Ok(());
            }
            seen.insert(number, at);
        }
        for (column, code, message) in checked.warnings {
            let problem = self.problem(rec.line, column, &code.to_string(), message);
            self.out.warnings.push(problem);
        }
        if let Some((no_klaim, content)) = claim {
            if let Some(known) = known {
                known.insert(&no_klaim, checked.month, &content);
            }
            self.out.no_klaim.entry(checked.month).or_default().push(no_klaim);
            self.out.content.entry(checked.month).or_default().push(content);
        }
        let per_month = self.per_month;
        self.out.lines.entry(checked.month).or_insert_with(|| Vec::with_capacity(per_month)).push(rec.line);
        let keyed = &self.keyed;
        self.out
            .kept
            .entry(checked.month)
            .or_insert_with(|| Frame::new(dataset, keyed, per_month))
            .push(&checked.cells);
        Ok(())
    }

    /// Whether a rule of `later` (the second half) would have looked at a
    /// row of this pass (the first half) had the file been read in order.
    fn meets(&self, later: &Pass) -> bool {
        later.first_of_hash.keys().any(|h| self.first_of_hash.contains_key(h))
            || later.kpj_seen.iter().any(|(month, kpj)| {
                self.kpj_seen.get(month).is_some_and(|earlier| kpj.keys().any(|k| earlier.contains_key(k)))
            })
    }

    /// The second half's results after this pass's, as one file read in order.
    fn append(mut self, later: Pass) -> Result<Pass> {
        let (a, b) = (&mut self.out, later.out);
        a.rows_read += b.rows_read;
        a.skipped += b.skipped;
        a.quarantined.extend(b.quarantined);
        a.warnings.extend(b.warnings);
        for (month, lines) in b.lines {
            a.lines.entry(month).or_default().extend(lines);
        }
        for (month, frame) in b.kept {
            match a.kept.entry(month) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(frame);
                }
                std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().append(frame)?,
            }
        }
        Ok(self)
    }
}

/// Checks `out`'s file in two halves at once when `cut` splits it (a
/// `peserta` file: its rows depend on no other file), else in one pass.
pub fn check(rules: &Rules<'_>, out: CheckedFile, cut: Option<Cut>, known: &mut Known) -> Result<CheckedFile> {
    let whole = |out: CheckedFile, known: &mut Known| -> Result<CheckedFile> {
        let pass = Pass::new(out, rules.ctx.nik_key, rules.table.rows_hint());
        Ok(pass.run(rules, Part::Whole, Some(known))?.out)
    };
    let Some(cut) = cut.filter(|_| rules.row.dataset == Dataset::Peserta) else { return whole(out, known) };
    let (first_hint, second_hint) = cut.rows;
    let template = out.empty_copy();
    let later = out.empty_copy();
    let (first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| Pass::new(later, rules.ctx.nik_key, second_hint).run(rules, Part::From(cut.at), None));
        let first = Pass::new(out, rules.ctx.nik_key, first_hint).run(rules, Part::Before(cut.at), None);
        (first, second.join())
    });
    // An error comes in file order: the first half's first, and the second
    // half's as a sequential read meets it.
    let first = first?;
    let second = match second {
        Ok(second) => second,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    match second {
        Ok(second) if !first.meets(&second) => Ok(first.append(second)?.out),
        _ => whole(template, known),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::ingest::file::check_file; // the tests compare a file read in halves with check_file
    use crate::reference::Wilayah;

    const HEADER: &str = "periode,kpj,nik,nama,tgl_lahir,jenis_kelamin,kode_wilayah,kecamatan,kelurahan,segmen,kategori,sumber_iuran,program,pekerjaan,tgl_kepesertaan,status,iuran";
    /// (nik, nama, tgl_lahir, jenis_kelamin, wilayah, kategori, sumber) of the small fixture's people.
    const PEOPLE: [&str; 4] = [
        "3577011005900001,Adi Contoh,1990-05-10,L,35.77.01.1001,Kartoharjo,Oro-oro Ombo,BPU,RENTAN,APBD,JKK+JKM,ojek,2023-01-15,AKTIF,16800",
        "3577017112000002,Budi Contoh,2000-12-31,P,35.77.01.1002,Kartoharjo,Sukosari,PU,NON_ASN,APBD,JKK+JKM,staf,2024-06-01,AKTIF,12000",
        "3577020101600003,Citra Contoh,1960-01-01,L,35.77.02.1001,Manguharjo,Manguharjo,PU,FORMAL,PEMBERI_KERJA,JKK+JKM+JHT+JP,,2020-01-01,AKTIF,300000",
        "3577014707950006,Fitri Contoh,1995-07-07,P,35.77.01.1002,Kartoharjo,Sukosari,BPU,RENTAN,CSR,JKK+JKM,ART,2021-03-03,AKTIF,16800",
    ];

    /// A `peserta` export from a list of (kind, person, kpj): valid rows, a
    /// row again (an exact duplicate), a kpj again with other values, a
    /// quoted field with a comma and a line break, a stray quote, a row with
    /// a field too few, a blank line.
    fn export(ops: &[(u8, u8, u8)]) -> String {
        let mut lines: Vec<String> = vec![HEADER.to_string()];
        for &(kind, person, kpj) in ops {
            let kpj = 10_000_000_000u64 + u64::from(kpj);
            let person = PEOPLE[usize::from(person) % PEOPLE.len()];
            let row = format!("2025-11,{kpj},{person}");
            let line = match kind % 7 {
                0 | 1 => row,
                2 => lines.get(usize::from(kpj as u8) % lines.len()).cloned().unwrap_or(row),
                3 => row.replacen("AKTIF,", "NONAKTIF,", 1),
                4 => row.replacen(",ojek,", ",\"ojek, pangkalan\nutara\",", 1).replacen(
                    ",staf,",
                    ",\"staf \"\"A\"\"\",",
                    1,
                ),
                5 => row.replacen(",ART,", ",A\"RT,", 1),
                _ if kpj.is_multiple_of(2) => row.rsplit_once(',').map(|(a, _)| a.to_string()).unwrap_or(row),
                _ => String::new(),
            };
            lines.push(line);
        }
        lines.join("\n") + "\n"
    }

    fn check(text: &str, split_from: Option<usize>) -> String {
        let wilayah =
            Wilayah::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/reference/wilayah.csv"))
                .expect("the fixture's wilayah");
        let kategori = vec!["RENTAN".to_string()];
        let ctx = CheckContext {
            wilayah: &wilayah,
            vulnerable_kategori: &kategori,
            release_month: "2026-01".parse().expect("a month"),
            nik_key: "kunci",
            split_from,
        };
        let path = Path::new("peserta_2025-11.csv");
        match check_file(path, text.as_bytes(), "sha".into(), &ctx, &mut Known::default()) {
            Err(e) => format!("error: {e:#}"),
            Ok(c) => {
                let frames: Vec<String> = c
                    .kept
                    .into_iter()
                    .map(|(m, f)| format!("{m}: {:?}", f.finish(&[]).map(|d| format!("{d:?}")).expect("a frame")))
                    .collect();
                format!(
                    "read {} skipped {} lines {:?}\nquarantined {:?}\nwarnings {:?}\n{frames:?}",
                    c.rows_read, c.skipped, c.lines, c.quarantined, c.warnings
                )
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn a_file_read_in_two_halves_gives_what_one_pass_gives(ops in proptest::collection::vec((0u8..7, 0u8..4, 0u8..40), 1..120)) {
            let text = export(&ops);
            prop_assert_eq!(check(&text, Some(0)), check(&text, None));
        }

        #[test]
        fn the_cut_is_where_the_csv_reader_starts_a_record(ops in proptest::collection::vec((0u8..7, 0u8..4, 0u8..40), 2..120)) {
            let text = export(&ops);
            let table = super::super::read::read_csv(Path::new("peserta.csv"), text.as_bytes()).expect("a table");
            let mut starts = Vec::new();
            let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
            let mut record = csv::StringRecord::new();
            while reader.read_record(&mut record).expect("a record") {
                starts.push(record.position().map(|p| p.byte() as usize).unwrap_or(0));
            }
            starts.push(text.len());
            if let Some(cut) = table.middle() {
                prop_assert!(cut >= text.len() / 2, "{cut}");
                // A record starts at the cut (the reader puts a record's
                // position on the line break before it, or at its first byte).
                prop_assert!(starts.iter().any(|&s| s == cut || (s + 1 == cut && text.as_bytes()[s] == b'\n')), "{cut} {starts:?}");
            }
        }
    }

    #[test]
    fn a_large_clean_file_is_cut_and_a_second_half_meeting_the_first_is_read_again() {
        // Forty people, then forty others each twice: the second half's
        // duplicates are its own, so the halves do not meet.
        let mut ops: Vec<(u8, u8, u8)> = (0..40u8).map(|k| (0, k % 4, k)).collect();
        let head = export(&ops);
        let mut text = head.clone();
        for k in 100..140u64 {
            let row = format!("2025-11,{},{}\n", 10_000_000_000u64 + k, PEOPLE[(k % 4) as usize]);
            text.push_str(&row);
            text.push_str(&row);
        }
        let table = super::super::read::read_csv(Path::new("peserta.csv"), text.as_bytes()).expect("a table");
        assert!(table.middle().is_some_and(|cut| cut > head.len()), "cut inside the pairs");
        let whole = check(&text, None);
        assert!(whole.starts_with("read 120 skipped 40 "), "{whole}");
        assert_eq!(check(&text, Some(0)), whole);
        ops.truncate(40);
        // The second half repeats the first half's kpj: the rules meet.
        let mut twice = ops.clone();
        twice.extend(ops.iter().map(|&(_, p, k)| (3, p, k)));
        let text = export(&twice);
        let (split, whole) = (check(&text, Some(0)), check(&text, None));
        assert_eq!(split, whole);
        assert!(whole.contains("DUPLICATE_KPJ"), "{whole}");
    }
}
