//! Checked files -> staged lake partitions. `peserta` months are written as
//! they are; `klaim` months are written after the claims of every live
//! month have been resolved together (`claims.rs`): the candidate rows are
//! kept under `_kandidat/`, the partition holds the claims its month holds,
//! and a month already in the lake is rewritten when a new file changes
//! which of its claims it holds.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use polars::prelude::{BooleanChunked, Column, DataFrame};
use sha2::{Digest, Sha256};

use super::claims::{Candidate, Outcome, resolve};
use super::file::CheckedFile;
use super::frame::Frame;
use super::rows::Problem;
use super::{IngestReport, Options, file_entry, summary};
use crate::config::Config;
use crate::contract::{Dataset, Reason};
use crate::files::hex;
use crate::lake::{Candidates, FileEntry, Lake, PartitionEntry, Staged, Transaction};
use crate::period::Month;
use crate::pseudonym::Keyed;

/// Writes every month of a checked `peserta` file to the lake, not yet
/// live: the entries go to the transaction in file order. The rows are
/// taken out of `c` as they are written.
pub fn peserta(lake: &Lake, c: &mut CheckedFile) -> Result<Vec<PartitionEntry>> {
    let mut entries = Vec::new();
    for (month, frame) in std::mem::take(&mut c.kept) {
        let mut df = frame.finish(&[])?;
        let part = staged(c.name.dataset, month, &c.source_file, &c.sha256, None, None);
        entries.push(lake.write_partition(part, &mut df)?);
    }
    Ok(entries)
}

fn staged<'a>(
    dataset: Dataset,
    month: Month,
    source_file: &str,
    sha256: &str,
    variant: Option<String>,
    candidates: Option<Candidates<'a>>,
) -> Staged<'a> {
    Staged {
        dataset,
        month,
        source_file: source_file.to_string(),
        source_sha256: sha256.to_string(),
        variant,
        candidates,
    }
}

/// The claim candidates already in the lake, each with the index of its
/// partition in the manifest.
pub fn lake_candidates(lake: &Lake) -> Result<Vec<(Candidate, usize)>> {
    let mut out = Vec::new();
    for (i, p) in lake.manifest().partitions.iter().enumerate() {
        if p.dataset != Dataset::Klaim.name() {
            continue;
        }
        let file = p.candidates.as_deref().with_context(|| format!("the lake lists no candidates for `{}`", p.file))?;
        let df = lake.read_parquet(file)?;
        let month: Month = p.periode.parse()?;
        let (no, isi, line) =
            (df.column("no_klaim")?.str()?, df.column("isi_hash")?.str()?, df.column("baris")?.u64()?);
        for r in 0..df.height() {
            let candidate = Candidate {
                no_klaim: no.get(r).unwrap_or_default().to_string(),
                content: isi.get(r).unwrap_or_default().to_string(),
                month,
                line: line.get(r).unwrap_or_default(),
            };
            out.push((candidate, i));
        }
    }
    Ok(out)
}

/// Where a candidate came from: a partition of the lake (its index in the
/// manifest) or a file of this run (its index in `files`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Lake(usize),
    File(usize),
}

/// What resolution gives one origin.
#[derive(Default)]
struct Tally {
    /// Per month, each candidate's line and whether its month holds it.
    held: BTreeMap<Month, Vec<(u64, bool)>>,
    held_elsewhere: u64,
    conflicts: Vec<Problem>,
}

/// Resolves the claims of the live lake months and of `files`, stages the
/// `klaim` partitions that change, and adds summaries and conflicts to `report`.
/// What a claims resolution runs against: the lake as opened, the config
/// and whether it writes.
pub struct Run<'a> {
    pub lake: &'a Lake,
    pub config: &'a Config,
    pub opts: Options,
}

pub fn claims(
    run: &Run,
    tx: &mut Transaction,
    files: &[CheckedFile],
    lake_claims: Vec<(Candidate, usize)>,
    report: &mut IngestReport,
) -> Result<()> {
    let Run { lake, config, opts } = *run;
    let partitions = &lake.manifest().partitions;
    let keyed = Keyed::new(&config.nik_key);
    // The last file of this run that delivers each month: an earlier one
    // (an original before its `_revisi`) is applied and then replaced.
    let mut last_file: BTreeMap<Month, usize> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for m in f.months() {
            last_file.insert(m, i);
        }
    }
    let mut source_of: BTreeMap<Month, String> = BTreeMap::new();
    let mut candidates = Vec::new();
    let mut origins = Vec::new();
    for (c, p) in lake_claims {
        if !last_file.contains_key(&c.month) {
            source_of.insert(c.month, partitions[p].source_file.clone());
            candidates.push(c);
            origins.push(Origin::Lake(p));
        }
    }
    for (i, f) in files.iter().enumerate() {
        for (month, numbers) in f.no_klaim.iter().filter(|(m, _)| last_file[m] == i) {
            source_of.insert(*month, f.source_file.clone());
            for ((no_klaim, content), line) in numbers.iter().zip(&f.content[month]).zip(&f.lines[month]) {
                let no_klaim = no_klaim.clone();
                candidates.push(Candidate { no_klaim, content: content.clone(), month: *month, line: *line });
                origins.push(Origin::File(i));
            }
        }
    }

    let mut tallies: BTreeMap<Origin, Tally> = BTreeMap::new();
    for ((c, &origin), outcome) in candidates.iter().zip(&origins).zip(resolve(&candidates)) {
        let source = match origin {
            Origin::Lake(p) => partitions[p].source_file.as_str(),
            Origin::File(i) => files[i].source_file.as_str(),
        };
        let tally = tallies.entry(origin).or_default();
        tally.held.entry(c.month).or_default().push((c.line, outcome == Outcome::Held));
        match outcome {
            Outcome::Held => {}
            Outcome::Duplicate(..) => tally.held_elsewhere += 1,
            Outcome::Conflict(month, line) => tally.conflicts.push(Problem {
                file: source.to_string(),
                line: c.line,
                column: "no_klaim".into(),
                code: Reason::ConflictingNoKlaim.code(),
                message: format!(
                    "`no_klaim` {} is already counted in {month} (line {line} of `{}`) with different content: \
                     the earliest month holds a claim; send one corrected row",
                    c.no_klaim,
                    source_of.get(&month).map_or("", String::as_str)
                ),
            }),
        }
    }

    for (i, f) in files.iter().enumerate() {
        let tally = tallies.remove(&Origin::File(i)).unwrap_or_default();
        let mut s = summary(f, if opts.commit { super::Outcome::Ingested } else { super::Outcome::Checked });
        let mut held = BTreeMap::new();
        for month in f.months() {
            let lines = f.lines.get(&month).map(Vec::as_slice).unwrap_or(&[]);
            let h = match tally.held.get(&month) {
                Some(h) if last_file[&month] == i => h.clone(),
                _ if last_file[&month] == i => Vec::new(), // a month with no claims
                _ => lines.iter().map(|&l| (l, true)).collect(), // replaced later in this run
            };
            held.insert(month, h);
        }
        s.rows_skipped += tally.held_elsewhere;
        s.rows_quarantined += tally.conflicts.len() as u64;
        s.rows_ingested = held.values().flatten().filter(|(_, h)| *h).count() as u64;
        if opts.commit {
            for (&month, held) in &held {
                let content = f.content.get(&month).map(Vec::as_slice).unwrap_or(&[]);
                let lines = f.lines.get(&month).map(Vec::as_slice).unwrap_or(&[]);
                let frame = f.kept.get(&month).cloned().unwrap_or_else(|| Frame::new(Dataset::Klaim, &keyed, 0));
                let mut all = frame.finish(content)?;
                all.with_column(Column::new("baris".into(), lines))?;
                let mut live = held_rows(&all, held)?;
                let variant = variant(held);
                let part =
                    staged(Dataset::Klaim, month, &f.source_file, &f.sha256, variant, Some(Candidates::New(&mut all)));
                lake.stage(tx, part, &mut live)?;
            }
            let mut entry = file_entry(&s, &f.sha256);
            entry.claims_held_elsewhere = tally.held_elsewhere;
            entry.claims_conflicting = tally.conflicts.len() as u64;
            Lake::record_file(tx, entry);
            report.sidecars.conflicts(&config.paths.quarantine, &f.source_file, &tally.conflicts);
        }
        report.quarantined.extend(tally.conflicts);
        report.files.push(s);
    }

    // Months already in the lake whose held claims changed.
    let mut by_source: BTreeMap<String, (u64, Vec<Problem>, bool)> = BTreeMap::new();
    for (origin, tally) in tallies {
        let Origin::Lake(p) = origin else { continue };
        let entry = &partitions[p];
        let month: Month = entry.periode.parse()?;
        let held = tally.held.get(&month).cloned().unwrap_or_default();
        let variant = variant(&held);
        let changed = expected_file(entry, variant.as_deref()) != entry.file;
        let agg = by_source.entry(entry.source_sha256.clone()).or_default();
        agg.0 += tally.held_elsewhere;
        agg.1.extend(tally.conflicts);
        agg.2 |= changed;
        if changed && opts.commit {
            let all = lake.read_parquet(entry.candidates.as_deref().unwrap_or_default())?;
            let mut live = held_rows(&all, &held)?;
            let existing = Candidates::Existing(entry.candidates.clone().unwrap_or_default());
            let part = staged(Dataset::Klaim, month, &entry.source_file, &entry.source_sha256, variant, Some(existing));
            lake.stage(tx, part, &mut live)?;
        }
    }
    for (sha, (held_elsewhere, conflicts, changed)) in by_source {
        let Some(old) = lake.file_by_sha(&sha) else { continue };
        if !changed || !all_months_live(lake, old) {
            continue;
        }
        let new = recount(old, held_elsewhere, conflicts.len() as u64);
        if opts.commit {
            report.sidecars.conflicts(&config.paths.quarantine, &old.source_file, &conflicts);
            Lake::record_file(tx, new.clone());
        }
        report.quarantined.extend(conflicts);
        report.files.push(super::FileSummary { outcome: super::Outcome::ReResolved, ..super::summary_of_entry(&new) });
    }
    Ok(())
}

/// A source file's counts after its claims were resolved anew.
fn recount(old: &FileEntry, held_elsewhere: u64, conflicting: u64) -> FileEntry {
    // Saturating: a manifest edited by hand must not make this panic.
    let rows_skipped = old.rows_skipped.saturating_sub(old.claims_held_elsewhere) + held_elsewhere;
    let rows_quarantined = old.rows_quarantined.saturating_sub(old.claims_conflicting) + conflicting;
    FileEntry {
        rows_skipped,
        rows_quarantined,
        rows_ingested: old.rows_read.saturating_sub(rows_skipped + rows_quarantined),
        claims_held_elsewhere: held_elsewhere,
        claims_conflicting: conflicting,
        ..old.clone()
    }
}

fn all_months_live(lake: &Lake, f: &FileEntry) -> bool {
    f.months.iter().all(|m| {
        m.parse().ok().and_then(|m| lake.partition(Dataset::Klaim, m)).is_some_and(|p| p.source_sha256 == f.sha256)
    })
}

/// The live file's name suffix: none when every candidate is held, else a
/// digest of the held lines (a new name for new content, so a commit never
/// overwrites a file the manifest lists).
fn variant(held: &[(u64, bool)]) -> Option<String> {
    if held.iter().all(|(_, h)| *h) {
        return None;
    }
    let kept: Vec<String> = held.iter().filter(|(_, h)| *h).map(|(l, _)| l.to_string()).collect();
    Some(hex(&Sha256::digest(kept.join(",").as_bytes())[..4]))
}

fn expected_file(p: &PartitionEntry, variant: Option<&str>) -> String {
    let sha = &p.source_sha256[..16];
    let name = variant.map_or(format!("part-{sha}.parquet"), |v| format!("part-{sha}-{v}.parquet"));
    format!("dataset=klaim/periode={}/{name}", p.periode)
}

/// The held rows of a candidate frame (`held` in its row order), without the `baris` column.
fn held_rows(all: &DataFrame, held: &[(u64, bool)]) -> Result<DataFrame> {
    let mask: BooleanChunked = held.iter().map(|(_, h)| Some(*h)).collect();
    Ok(all.filter(&mask)?.drop("baris")?)
}
