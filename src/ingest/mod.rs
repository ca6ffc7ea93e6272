//! `jamstat ingest`: export files -> checked rows -> the lake, in one
//! atomic commit. Files are checked in a fixed order (dataset, month,
//! originals before `_revisi`), so the result depends on the set of files,
//! not on the order they are named. A file-level fault in any file stops
//! the whole run before anything is committed: the lake stays as it was.

mod checked;
pub mod claims;
pub mod file;
mod frame;
mod pass;
pub mod quarantine;
pub mod read;
pub mod rows;
pub mod stage;
pub mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::config::Config;
use crate::contract::{CONTRACT_VERSION, Dataset};
use crate::lake::{FileEntry, Lake, PartitionEntry, Transaction};
use crate::period::Month;
use crate::reference::Wilayah;
use claims::Known;
use file::{CheckContext, CheckedFile, check_file};
use rows::Problem;

/// What became of a file, as `--format json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Written to the lake.
    Ingested,
    /// This exact file is already in the lake: nothing changed.
    Unchanged,
    /// Checked only (`jamstat check`).
    Checked,
    /// Already in the lake; a new file changed which of its claims count.
    ReResolved,
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub dataset: String,
    pub months: Vec<String>,
    pub rows_read: u64,
    pub rows_ingested: u64,
    pub rows_quarantined: u64,
    pub rows_skipped: u64,
    pub warnings: u64,
    pub outcome: Outcome,
    pub extra_columns: Vec<String>,
}

impl FileSummary {
    /// One line for people: `peserta_2025-11.csv: 51.300 read = ...`.
    pub fn line(&self) -> String {
        if self.outcome == Outcome::Unchanged {
            return format!("{}: unchanged (this exact file is already in the lake)", self.file);
        }
        let mut s = format!(
            "{}: {} rows read = {} kept + {} quarantined + {} exact duplicates skipped",
            self.file, self.rows_read, self.rows_ingested, self.rows_quarantined, self.rows_skipped
        );
        if self.warnings > 0 {
            s.push_str(&format!("; {} warnings", self.warnings));
        }
        if !self.extra_columns.is_empty() {
            s.push_str(&format!("; extra columns left out: {}", self.extra_columns.join(", ")));
        }
        s
    }
}

/// Every export file named by `inputs` (files, or folders read one level
/// deep), in the order they are applied.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in std::fs::read_dir(input).with_context(|| format!("failed to list `{}`", input.display()))? {
                let path = entry?.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                // `.xls` is taken too, to be refused by name rather than passed over.
                if path.is_file() && matches!(ext.as_str(), "csv" | "xlsx" | "xls") {
                    files.push(path);
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            bail!("`{}` does not exist", input.display());
        }
    }
    let mut keyed = Vec::new();
    for path in files {
        let name = file::parse_file_name(&path)?;
        keyed.push(((name.dataset, name.month, name.revisi, path.file_name().map(|n| n.to_os_string())), path));
    }
    keyed.sort();
    keyed.dedup_by(|a, b| a.1 == b.1);
    Ok(keyed.into_iter().map(|(_, p)| p).collect())
}

/// What an ingest (or a check) found: one summary per file, and every
/// quarantined row and warning with its file, line and column.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub files: Vec<FileSummary>,
    pub quarantined: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The quarantine files to write once the lake is committed (`ingest` only).
    #[serde(skip)]
    pub(crate) sidecars: quarantine::Pending,
}

impl IngestReport {
    pub fn rows_quarantined(&self) -> u64 {
        self.files.iter().map(|f| f.rows_quarantined).sum()
    }
}

/// How to run: `commit` writes the lake and the quarantine files (`ingest`);
/// without it nothing on disk changes (`check`). `progress` draws a bar on
/// stderr.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub commit: bool,
    pub progress: bool,
}

/// Checks `inputs` and, when `opts.commit`, writes them to the lake in one step.
pub fn run(config: &Config, inputs: &[PathBuf], opts: Options) -> Result<IngestReport> {
    let files = discover(inputs)?;
    if files.is_empty() {
        bail!(
            "no export files (peserta_*.csv, klaim_*.xlsx, ...) in {}",
            inputs.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
        );
    }
    let wilayah = Wilayah::load(&config.paths.reference.join("wilayah.csv"))?;
    let mut lake = if opts.commit {
        Lake::writer(&config.paths.lake, config.wait)?
    } else {
        Lake::reader(&config.paths.lake, config.wait)?
    };
    // `peserta` files are independent of each other: checked and written
    // several at once, taken in file order. `klaim` files follow, one
    // after another (each may repeat an earlier one's claims).
    let (peserta, klaim): (Vec<&PathBuf>, Vec<&PathBuf>) = files.iter().partition(|p| is_peserta(p));
    let workers = crate::parallel::workers();
    let files_at_once = files_at_once(&peserta, workers)?;
    let ctx = CheckContext {
        wilayah: &wilayah,
        vulnerable_kategori: &config.programme.vulnerable_kategori,
        release_month: Month::of_date(config.publication.release_date),
        nik_key: &config.nik_key,
        // Fewer `peserta` files than cores (the monthly job: one), or files
        // too large to hold two at once: each large one is read in two
        // halves at once.
        split_from: (peserta.len() < workers || files_at_once < workers).then(split_from_lines).flatten(),
    };
    let lake_claims = stage::lake_candidates(&lake)?;
    let mut known = Known::default();
    for (c, _) in &lake_claims {
        known.insert(&c.no_klaim, c.month, &c.content);
    }
    let bar = progress_bar(files.len() as u64, opts.progress);
    let mut tx = Transaction::default();
    let mut report = IngestReport::default();
    let result = (|| -> Result<()> {
        let outcome = if opts.commit { Outcome::Ingested } else { Outcome::Checked };
        // The run's only `peserta` file (the monthly job) is hashed beside
        // its check, which both cores then start at once.
        let hash_beside = peserta.len() == 1 && ctx.split_from.is_some();
        let check_peserta = |path: &&PathBuf| -> Result<Checked> {
            let mut checked = match read_and_check(&lake, path, &ctx, hash_beside)? {
                Export::Unchanged(summary) => return Ok(Checked::Unchanged(summary)),
                Export::New(checked) => checked,
            };
            let summary = summary(&checked, outcome);
            // `ingest` writes the rows (taking them out of `checked`), `check`
            // drops them: only the counts and problems are still wanted.
            let entries = if opts.commit { stage::peserta(&lake, &mut checked)? } else { Vec::new() };
            checked.kept.clear();
            Ok(Checked::Peserta { checked: Box::new(checked), summary, entries })
        };
        crate::parallel::in_order(&peserta, files_at_once, check_peserta, |done| {
            bar.set_message(match &done {
                Checked::Unchanged(s) | Checked::Peserta { summary: s, .. } => s.file.clone(),
            });
            match done {
                Checked::Unchanged(summary) => report.files.push(summary),
                Checked::Peserta { checked, summary, entries } => {
                    problems(config, opts, &checked, &mut report)?;
                    if opts.commit {
                        entries.into_iter().for_each(|e| tx.add_partition(e));
                        Lake::record_file(&mut tx, file_entry(&summary, &checked.sha256));
                    }
                    report.files.push(summary);
                }
            }
            bar.inc(1);
            Ok(())
        })?;
        let mut claim_files = Vec::new();
        for path in klaim {
            bar.set_message(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            let (bytes, sha) = match read_export(&lake, path)? {
                Export::Unchanged(summary) => {
                    report.files.push(summary);
                    bar.inc(1);
                    continue;
                }
                Export::New(read) => read,
            };
            let checked = check_file(path, &bytes, sha, &ctx, &mut known)?;
            problems(config, opts, &checked, &mut report)?;
            claim_files.push(checked);
            bar.inc(1);
        }
        bar.finish_and_clear();
        if !claim_files.is_empty() {
            let run = stage::Run { lake: &lake, config, opts };
            stage::claims(&run, &mut tx, &claim_files, lake_claims, &mut report)?;
        }
        Ok(())
    })();
    // The quarantine files are written beside their places first, and
    // put in place only once the lake has committed.
    let result = result.and_then(|()| if opts.commit { report.sidecars.prepare() } else { Ok(()) });
    let result = result.and_then(|()| if opts.commit { lake.commit(tx) } else { Ok(()) });
    match result {
        Ok(()) if opts.commit => report.sidecars.apply().with_context(|| {
            format!(
                "the lake is committed, but the quarantine files could not all be put in `{}`",
                config.paths.quarantine.display()
            )
        })?,
        Ok(()) => {}
        Err(e) => {
            bar.finish_and_clear();
            if !opts.commit {
                return Err(e).context("the check stopped at this file");
            }
            // Nothing was committed; drop the staged files now.
            report.sidecars.discard();
            if let Err(tidy) = lake.discard_uncommitted() {
                eprintln!("warning: {tidy:#}; the next ingest removes the leftovers");
            }
            return Err(e).context("nothing was ingested: the lake is unchanged, and so is the quarantine");
        }
    }
    report.files.sort_by(|a, b| (&a.dataset, &a.months, &a.file).cmp(&(&b.dataset, &b.months, &b.file)));
    let key = |p: &Problem| (p.file.clone(), p.line, p.column.clone(), p.code.clone());
    report.quarantined.sort_by_key(key);
    report.warnings.sort_by_key(key);
    Ok(report)
}

/// A `peserta` CSV of at least this many lines is worth two threads.
const SPLIT_FROM_LINES: usize = 20_000;

/// [`SPLIT_FROM_LINES`], or `JAMSTAT_SPLIT_FROM_LINES` (`never`: one pass
/// always), which the tests use to compare the two ways of reading a file.
fn split_from_lines() -> Option<usize> {
    match std::env::var("JAMSTAT_SPLIT_FROM_LINES") {
        Ok(v) if v == "never" => None,
        Ok(v) => v.parse().ok().or(Some(SPLIT_FROM_LINES)),
        Err(_) => Some(SPLIT_FROM_LINES),
    }
}

/// A file held in memory while it is checked and written takes about four
/// times its size (measured: 2,35 GiB for a 625 MB month of 4 million
/// participants).
const MEMORY_PER_FILE_BYTE: u64 = 4;
/// What the files checked at once may take together, so that an ingest
/// stays well under 4 GiB.
const FILES_AT_ONCE_BUDGET: u64 = 3 << 30;

/// How many `peserta` files are checked at once: one per core (at most
/// two), or one when the largest two would not fit in
/// [`FILES_AT_ONCE_BUDGET`] together (then each is read in two halves at
/// once, which uses both cores for half the memory). The budget is
/// `JAMSTAT_FILES_AT_ONCE_BUDGET` bytes when set (the tests).
fn files_at_once(peserta: &[&PathBuf], workers: usize) -> Result<usize> {
    let budget =
        std::env::var("JAMSTAT_FILES_AT_ONCE_BUDGET").ok().and_then(|v| v.parse().ok()).unwrap_or(FILES_AT_ONCE_BUDGET);
    let mut sizes = Vec::new();
    for path in peserta {
        let meta = std::fs::metadata(path).with_context(|| format!("failed to read `{}`", path.display()))?;
        sizes.push(meta.len());
    }
    Ok(at_once_within(&mut sizes, budget, workers))
}

/// `workers` files at once, or one when the largest two of `sizes` would
/// take more than `budget` bytes of memory together.
fn at_once_within(sizes: &mut [u64], budget: u64, workers: usize) -> usize {
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let largest_two = sizes.iter().take(2).fold(0u64, |sum, s| sum.saturating_add(*s));
    if workers > 1 && largest_two.saturating_mul(MEMORY_PER_FILE_BYTE) > budget { 1 } else { workers }
}

/// Whether an export's name says it is a `peserta` file.
fn is_peserta(path: &Path) -> bool {
    file::parse_file_name(path).is_ok_and(|n| n.dataset == Dataset::Peserta)
}

/// A `peserta` file after its check (and, for `ingest`, its partitions
/// written but not yet live).
enum Checked {
    Unchanged(FileSummary),
    Peserta { checked: Box<CheckedFile>, summary: FileSummary, entries: Vec<PartitionEntry> },
}

/// A bar on stderr, drawn only for a person at a terminal.
fn progress_bar(files: u64, wanted: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr()).with_style(style)
}

/// An export as read from disk: new to the lake (`T`: its bytes and
/// SHA-256, or its check), or already in it, unchanged (its summary from
/// the manifest).
enum Export<T> {
    Unchanged(FileSummary),
    New(T),
}

/// Reads an export and hashes it: unchanged when the lake already holds this exact file.
fn read_export(lake: &Lake, path: &Path) -> Result<Export<(Vec<u8>, String)>> {
    let bytes = read_file(path)?;
    let sha = crate::files::sha256(&bytes);
    Ok(match unchanged_summary(lake, &sha) {
        Some(done) => Export::Unchanged(done),
        None => Export::New((bytes, sha)),
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Reads a `peserta` export and checks it, unless the lake already holds
/// it. With `beside`, the SHA-256 is computed in a thread of its own while
/// the check starts (a month of a million rows: 0,15 s no longer waited
/// for); an unchanged file stops its check at the next record. Either
/// way, what comes out is what hashing first gives.
fn read_and_check(lake: &Lake, path: &Path, ctx: &CheckContext, beside: bool) -> Result<Export<CheckedFile>> {
    if !beside {
        return Ok(match read_export(lake, path)? {
            Export::Unchanged(summary) => Export::Unchanged(summary),
            Export::New((bytes, sha)) => Export::New(check_file(path, &bytes, sha, ctx, &mut Known::default())?),
        });
    }
    let bytes = read_file(path)?;
    let stop = AtomicBool::new(false);
    let (sha, checked) = std::thread::scope(|s| {
        let hashing = s.spawn(|| {
            let sha = crate::files::sha256(&bytes);
            if unchanged(lake, &sha).is_some() {
                stop.store(true, Ordering::Relaxed);
            }
            sha
        });
        let checked = file::check_file_unless(path, &bytes, String::new(), ctx, &mut Known::default(), Some(&stop));
        (hashing.join(), checked)
    });
    let sha = sha.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(done) = unchanged_summary(lake, &sha) {
        return Ok(Export::Unchanged(done));
    }
    let mut checked = checked?;
    checked.sha256 = sha;
    Ok(Export::New(checked))
}

/// A checked file's refused rows and warnings: written to the quarantine
/// (`ingest` only) and added to the report.
fn problems(config: &Config, opts: Options, checked: &CheckedFile, report: &mut IngestReport) -> Result<()> {
    if opts.commit {
        report.sidecars.file(&config.paths.quarantine, checked);
    }
    report.quarantined.extend(checked.quarantined.iter().map(|(p, _)| p.clone()));
    report.warnings.extend(checked.warnings.iter().cloned());
    Ok(())
}

/// The summary of a file the lake already holds (hashing to `sha`).
fn unchanged_summary(lake: &Lake, sha: &str) -> Option<FileSummary> {
    unchanged(lake, sha).map(|done| FileSummary { outcome: Outcome::Unchanged, ..summary_of_entry(done) })
}

/// The file entry when this exact content is already the source of all its months.
fn unchanged<'a>(lake: &'a Lake, sha: &str) -> Option<&'a FileEntry> {
    let entry = lake.file_by_sha(sha)?;
    let dataset = Dataset::from_name(&entry.dataset)?;
    entry
        .months
        .iter()
        .all(|m| m.parse().ok().and_then(|m| lake.partition(dataset, m)).is_some_and(|p| p.source_sha256 == sha))
        .then_some(entry)
}

pub(crate) fn summary(c: &CheckedFile, outcome: Outcome) -> FileSummary {
    FileSummary {
        file: c.source_file.clone(),
        dataset: c.name.dataset.name().to_string(),
        months: c.months().iter().map(Month::to_string).collect(),
        rows_read: c.rows_read,
        rows_ingested: c.rows_kept(),
        rows_quarantined: c.quarantined.len() as u64,
        rows_skipped: c.skipped,
        warnings: c.warnings.len() as u64,
        outcome,
        extra_columns: c.extra_columns.clone(),
    }
}

pub(crate) fn summary_of_entry(e: &FileEntry) -> FileSummary {
    FileSummary {
        file: e.source_file.clone(),
        dataset: e.dataset.clone(),
        months: e.months.clone(),
        rows_read: e.rows_read,
        rows_ingested: e.rows_ingested,
        rows_quarantined: e.rows_quarantined,
        rows_skipped: e.rows_skipped,
        warnings: e.warnings,
        outcome: Outcome::Unchanged,
        extra_columns: Vec::new(),
    }
}

pub(crate) fn file_entry(s: &FileSummary, sha256: &str) -> FileEntry {
    FileEntry {
        source_file: s.file.clone(),
        sha256: sha256.to_string(),
        dataset: s.dataset.clone(),
        months: s.months.clone(),
        rows_read: s.rows_read,
        rows_ingested: s.rows_ingested,
        rows_quarantined: s.rows_quarantined,
        rows_skipped: s.rows_skipped,
        warnings: s.warnings,
        claims_held_elsewhere: 0,
        claims_conflicting: 0,
        contract_version: CONTRACT_VERSION.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_files_at_once_unless_the_largest_two_pass_the_budget() {
        let mb = 1_000_000;
        // A million participants: months of about 165 MB, two at once.
        assert_eq!(at_once_within(&mut [165 * mb; 22], FILES_AT_ONCE_BUDGET, 2), 2);
        // Four million: 625 MB each, one at a time.
        assert_eq!(at_once_within(&mut [625 * mb; 22], FILES_AT_ONCE_BUDGET, 2), 1);
        // Only the largest two count, whatever their order.
        let budget = 4 * (300 + 200) * mb;
        assert_eq!(at_once_within(&mut [10 * mb, 300 * mb, 5 * mb, 200 * mb], budget, 2), 2);
        assert_eq!(at_once_within(&mut [10 * mb, 301 * mb, 5 * mb, 200 * mb], budget, 2), 1);
        // One core: one file, whatever the sizes; one file: within any budget it fits alone.
        assert_eq!(at_once_within(&mut [625 * mb; 3], FILES_AT_ONCE_BUDGET, 1), 1);
        assert_eq!(at_once_within(&mut [], 0, 2), 2);
        assert_eq!(at_once_within(&mut [u64::MAX, u64::MAX], FILES_AT_ONCE_BUDGET, 2), 1);
    }
}
