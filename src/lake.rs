//! The lake: Hive-partitioned Parquet (`dataset=<name>/periode=YYYY-MM/`)
//! plus `manifest.json`, the single source of truth for what is in it.
//!
//! Atomicity: new partition files are written under names no manifest
//! lists yet; the commit is one atomic rename of `manifest.json`; replaced
//! files are then moved to `_archive/` (listed in the manifest, so an old
//! report can be rebuilt). A kill at any moment thus leaves the lake as
//! before or as after, as far as any reader that goes through the manifest
//! is concerned; plain Parquet readers (DuckDB, Spark) see the same after
//! the next writer has opened it.
//!
//! Who may run at once (`crate::lock`): one writer ([`Lake::open`], held
//! for its whole ingest) or any number of readers ([`Lake::read_only`]:
//! `check`, `indicators`, `report`). Only a writer, under its lock, finishes
//! or undoes an interrupted commit (moves files the manifest says are
//! archived, deletes files no manifest lists); a reader never changes the
//! lake.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use polars::prelude::{
    DataFrame, LazyFrame, ParquetReader, PlRefPath, ScanArgsParquet, SerReader, UnionArgs, concat, lit,
};
use serde::{Deserialize, Serialize};

use crate::contract::{CONTRACT_VERSION, Dataset};
use crate::lock::{self, Access, Lock, Wait};
use crate::period::Month;

const MANIFEST: &str = "manifest.json";
const ARCHIVE: &str = "_archive";
const CANDIDATES: &str = "_kandidat";
/// The lock file of the lake (holds nothing; not lake content).
pub const LOCK: &str = ".jamstat-lock";

/// One live partition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartitionEntry {
    pub dataset: String,
    pub periode: String,
    /// Path of the Parquet file, relative to the lake root.
    pub file: String,
    pub rows: u64,
    pub source_file: String,
    pub source_sha256: String,
    /// For `klaim`: every row that passed the row rules, with its line
    /// (`baris`), before claims are resolved across months (`ingest::claims`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidates: Option<String>,
}

/// One ingested source file and what became of its rows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileEntry {
    pub source_file: String,
    pub sha256: String,
    pub dataset: String,
    pub months: Vec<String>,
    pub rows_read: u64,
    pub rows_ingested: u64,
    pub rows_quarantined: u64,
    pub rows_skipped: u64,
    pub warnings: u64,
    /// For `klaim`: rows skipped because another month holds the same claim,
    /// and rows quarantined because it holds a different one (included in
    /// `rows_skipped` and `rows_quarantined`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub claims_held_elsewhere: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub claims_conflicting: u64,
    pub contract_version: String,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A partition that was replaced by a correction, kept for rebuilding old reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArchiveEntry {
    pub partition: PartitionEntry,
    /// Where the file lives now, relative to the lake root.
    pub archived_file: String,
    pub replaced_by_sha256: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub contract_version: String,
    pub partitions: Vec<PartitionEntry>,
    pub files: Vec<FileEntry>,
    pub archive: Vec<ArchiveEntry>,
}

pub struct Lake {
    root: PathBuf,
    manifest: Manifest,
    /// For a past state ([`Lake::as_of`]): where a replaced partition file
    /// lives now, by the path the manifest of then gave it.
    moved: std::collections::BTreeMap<String, String>,
    /// The writer's or a reader's lock, held as long as this value.
    _lock: Option<Lock>,
}

/// Where a new partition file goes and where it came from.
pub struct Staged<'a> {
    pub dataset: Dataset,
    pub month: Month,
    pub source_file: String,
    pub source_sha256: String,
    pub variant: Option<String>,
    pub candidates: Option<Candidates<'a>>,
}

/// The candidate rows of a `klaim` partition: new ones to write, or the
/// file already in the lake when only the resolution changed.
pub enum Candidates<'a> {
    New(&'a mut DataFrame),
    Existing(String),
}

/// Changes to apply in one commit.
#[derive(Default)]
pub struct Transaction {
    partitions: Vec<PartitionEntry>,
    files: Vec<FileEntry>,
}

impl Transaction {
    /// A partition written by `Lake::write_partition`, to go live at commit.
    pub fn add_partition(&mut self, entry: PartitionEntry) {
        self.partitions.push(entry);
    }
}

impl Lake {
    /// Opens (or creates) the lake at `root` as its one writer, waiting for
    /// other commands, and finishes or undoes any interrupted commit.
    pub fn open(root: &Path) -> Result<Lake> {
        Lake::writer(root, Wait::Yes)
    }

    /// Reads the lake at `root` without changing anything in it, waiting
    /// while a writer works; a missing lake reads as empty.
    pub fn read_only(root: &Path) -> Result<Lake> {
        Lake::reader(root, Wait::Yes)
    }

    /// [`Lake::open`], refusing at once when another command holds the lake
    /// and `wait` is `Wait::No`.
    pub fn writer(root: &Path, wait: Wait) -> Result<Lake> {
        fs::create_dir_all(root).with_context(|| format!("failed to create the lake folder `{}`", root.display()))?;
        let lock = lock::acquire(&root.join(LOCK), &what(root), Access::Write, wait)?;
        let lake = Lake::load(root, lock)?;
        lake.recover().with_context(|| format!("failed to finish an interrupted commit in `{}`", root.display()))?;
        Ok(lake)
    }

    /// [`Lake::read_only`], refusing at once while a writer works when
    /// `wait` is `Wait::No`.
    pub fn reader(root: &Path, wait: Wait) -> Result<Lake> {
        let lock = if root.is_dir() { lock::acquire(&root.join(LOCK), &what(root), Access::Read, wait)? } else { None };
        Lake::load(root, lock)
    }

    fn load(root: &Path, lock: Option<Lock>) -> Result<Lake> {
        let path = root.join(MANIFEST);
        let manifest: Manifest = if path.exists() {
            let text = fs::read_to_string(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("`{}` is damaged: restore it from a backup", path.display()))?
        } else {
            Manifest { contract_version: CONTRACT_VERSION.to_string(), ..Manifest::default() }
        };
        if manifest.contract_version != CONTRACT_VERSION {
            bail!(
                "the lake `{}` was written under data contract {} and this jamstat reads {CONTRACT_VERSION}: \
                 move the folder aside and ingest the exports again",
                root.display(),
                manifest.contract_version
            );
        }
        // Every file the manifest names is moved, read or deleted inside the
        // lake only: a damaged manifest naming another place is refused.
        let named = manifest.partitions.iter().chain(manifest.archive.iter().map(|a| &a.partition));
        let named = named.flat_map(|p| [Some(&p.file), p.candidates.as_ref()]).flatten();
        for file in named.chain(manifest.archive.iter().map(|a| &a.archived_file)) {
            let inside = Path::new(file).components().all(|c| matches!(c, std::path::Component::Normal(_)));
            if file.is_empty() || !inside {
                bail!(
                    "`{}` is damaged: it names `{file}`, which is not a file inside the lake; restore it from a backup",
                    path.display()
                );
            }
        }
        Ok(Lake { root: root.to_path_buf(), manifest, moved: Default::default(), _lock: lock })
    }

    /// The lake as it was when `partitions` were live (the inputs of a past
    /// release): partitions replaced since are read from the archive, and
    /// only the export files those partitions came from are listed. Reads
    /// only; the lock stays with `self`, which must outlive the view.
    pub fn as_of(&self, partitions: &[PartitionEntry]) -> Result<Lake> {
        let same = |a: &PartitionEntry, b: &PartitionEntry| {
            (&a.dataset, &a.periode, &a.file, &a.source_sha256) == (&b.dataset, &b.periode, &b.file, &b.source_sha256)
        };
        let mut moved = std::collections::BTreeMap::new();
        for p in partitions {
            if self.manifest.partitions.iter().any(|live| same(live, p)) {
                continue;
            }
            let Some(archived) = self.manifest.archive.iter().find(|a| same(&a.partition, p)) else {
                bail!(
                    "the lake `{}` no longer holds `{}` ({} {}, from `{}`): the archive was emptied or the lake \
                     was rebuilt; restore the lake from a backup",
                    self.root.display(),
                    p.file,
                    p.dataset,
                    p.periode,
                    p.source_file
                );
            };
            moved.insert(p.file.clone(), archived.archived_file.clone());
        }
        let sources: std::collections::BTreeSet<&str> = partitions.iter().map(|p| p.source_sha256.as_str()).collect();
        let manifest = Manifest {
            contract_version: self.manifest.contract_version.clone(),
            partitions: partitions.to_vec(),
            files: self.manifest.files.iter().filter(|f| sources.contains(f.sha256.as_str())).cloned().collect(),
            archive: Vec::new(),
        };
        Ok(Lake { root: self.root.clone(), manifest, moved, _lock: None })
    }

    /// Removes what an ingest that stopped before its commit wrote (only a
    /// writer holds a lake that can have such files).
    pub fn discard_uncommitted(&self) -> Result<()> {
        self.recover()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn partition(&self, dataset: Dataset, month: Month) -> Option<&PartitionEntry> {
        let periode = month.to_string();
        self.manifest.partitions.iter().find(|p| p.dataset == dataset.name() && p.periode == periode)
    }

    /// Months that have a partition, oldest first.
    pub fn months(&self, dataset: Dataset) -> Vec<Month> {
        let mut months: Vec<Month> = self
            .manifest
            .partitions
            .iter()
            .filter(|p| p.dataset == dataset.name())
            .filter_map(|p| p.periode.parse().ok())
            .collect();
        months.sort();
        months
    }

    /// The file entry of a source file's content, if it was ingested.
    pub fn file_by_sha(&self, sha256: &str) -> Option<&FileEntry> {
        self.manifest.files.iter().find(|f| f.sha256 == sha256)
    }

    /// Lazily reads the partitions of `months` with their `periode` column;
    /// `None` when one of them is missing.
    pub fn scan(&self, dataset: Dataset, months: &[Month]) -> Result<Option<LazyFrame>> {
        let mut frames = Vec::with_capacity(months.len());
        for &month in months {
            let Some(entry) = self.partition(dataset, month) else { return Ok(None) };
            let path = self.root.join(self.moved.get(&entry.file).unwrap_or(&entry.file));
            let mut args = ScanArgsParquet::default();
            args.hive_options.enabled = Some(false);
            let lf = LazyFrame::scan_parquet(PlRefPath::new(path.to_string_lossy().as_ref()), args)
                .with_context(|| format!("failed to read `{}`", path.display()))?
                .with_column(lit(month.to_string()).alias("periode"));
            frames.push(lf);
        }
        if frames.is_empty() {
            return Ok(None);
        }
        Ok(Some(concat(frames, UnionArgs::default())?))
    }

    /// Writes `df` as the new partition of (`dataset`, `month`) inside `tx`,
    /// with the candidate rows it was resolved from (`klaim`); nothing is
    /// visible until `commit`. `variant` tells apart the live files of one
    /// source whose claims were resolved differently.
    pub fn stage(&self, tx: &mut Transaction, part: Staged, df: &mut DataFrame) -> Result<()> {
        let entry = self.write_partition(part, df)?;
        tx.add_partition(entry);
        Ok(())
    }

    /// Writes a partition's files (not yet live: `tx.add_partition` then
    /// `commit` make them so; an uncommitted file is removed when the lake
    /// is next opened). Safe to call from several threads at once.
    pub fn write_partition(&self, part: Staged, df: &mut DataFrame) -> Result<PartitionEntry> {
        let name = match &part.variant {
            Some(v) => format!("part-{}-{v}.parquet", &part.source_sha256[..16]),
            None => format!("part-{}.parquet", &part.source_sha256[..16]),
        };
        let file = format!("dataset={}/periode={}/{name}", part.dataset.name(), part.month);
        self.write_parquet(&file, df)?;
        let candidates = match part.candidates {
            Some(Candidates::New(c)) => {
                let file = format!(
                    "{CANDIDATES}/dataset={}/periode={}/part-{}.parquet",
                    part.dataset.name(),
                    part.month,
                    &part.source_sha256[..16]
                );
                self.write_parquet(&file, c)?;
                Some(file)
            }
            Some(Candidates::Existing(file)) => Some(file),
            None => None,
        };
        Ok(PartitionEntry {
            dataset: part.dataset.name().to_string(),
            periode: part.month.to_string(),
            file,
            rows: df.height() as u64,
            source_file: part.source_file,
            source_sha256: part.source_sha256,
            candidates,
        })
    }

    fn write_parquet(&self, file: &str, df: &mut DataFrame) -> Result<()> {
        let path = self.root.join(file);
        fs::create_dir_all(path.parent().expect("partition files are in a folder"))?;
        let failed = || format!("failed to write `{}`", path.display());
        // Encoded in memory first (a month is tens of MB at a province's
        // size): the Parquet writer reports a full disk as a "thrift
        // transport error", plain file writes say what the system says.
        let bytes = crate::parquet::encode(df).with_context(failed)?;
        crate::failpoint::hit("before writing a partition file").with_context(failed)?;
        let mut out = fs::File::create(&path).with_context(failed)?;
        crate::failpoint::hit("a partition file created, still empty").with_context(failed)?;
        out.write_all(&bytes).with_context(failed)?;
        out.sync_all().with_context(failed)?;
        Ok(())
    }

    /// Reads a file of the lake (a partition or its candidates) whole.
    pub fn read_parquet(&self, file: &str) -> Result<DataFrame> {
        let path = self.root.join(file);
        let f = fs::File::open(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        ParquetReader::new(f).finish().with_context(|| format!("failed to read `{}`", path.display()))
    }

    /// Records a source file's counts in `tx`.
    pub fn record_file(tx: &mut Transaction, entry: FileEntry) {
        tx.files.push(entry);
    }

    /// Applies `tx` atomically: one rename of the manifest, then the
    /// replaced files are moved to the archive.
    pub fn commit(&mut self, tx: Transaction) -> Result<()> {
        let mut next = self.manifest.clone();
        for new in tx.partitions {
            if let Some(pos) = next.partitions.iter().position(|p| p.dataset == new.dataset && p.periode == new.periode)
            {
                let old = next.partitions.remove(pos);
                if old.file != new.file {
                    let archived_file = format!(
                        "{ARCHIVE}/{}/{:04}-{}",
                        parent(&old.file),
                        next.archive.len() + 1,
                        file_name(&old.file)
                    );
                    next.archive.push(ArchiveEntry {
                        partition: old,
                        archived_file,
                        replaced_by_sha256: new.source_sha256.clone(),
                    });
                }
            }
            next.partitions.push(new);
        }
        for f in tx.files {
            next.files.retain(|e| e.sha256 != f.sha256);
            next.files.push(f);
        }
        next.partitions.sort();
        next.files.sort();
        next.contract_version = CONTRACT_VERSION.to_string();
        let manifest = self.root.join(MANIFEST);
        let failed = || format!("failed to replace `{}`", manifest.display());
        crate::failpoint::hit("before replacing the manifest").with_context(failed)?;
        crate::files::write_atomic(&manifest, serde_json::to_string_pretty(&next)?.as_bytes())?;
        self.manifest = next;
        // The commit is done: what follows only tidies (archive moves, leftovers),
        // and the next writer finishes it if this one cannot.
        let tidy = crate::failpoint::hit("after replacing the manifest").map_err(anyhow::Error::from);
        if let Err(e) = tidy.and_then(|()| self.recover()) {
            eprintln!(
                "warning: the ingest is committed, but tidying `{}` failed ({e:#}); the next ingest finishes it",
                self.root.display()
            );
        }
        Ok(())
    }

    /// Moves files the manifest says are archived, deletes unlisted files.
    fn recover(&self) -> Result<()> {
        let stale = self.root.join(MANIFEST).with_extension("tmp");
        if stale.exists() {
            fs::remove_file(&stale).with_context(|| format!("failed to remove the leftover `{}`", stale.display()))?;
        }
        for a in &self.manifest.archive {
            let (live, archived) = (self.root.join(&a.partition.file), self.root.join(&a.archived_file));
            let still_live = self.manifest.partitions.iter().any(|p| p.file == a.partition.file);
            if live.exists() && !archived.exists() && !still_live {
                if let Some(folder) = archived.parent() {
                    fs::create_dir_all(folder)?;
                }
                crate::failpoint::hit("before archiving a replaced file")?;
                fs::rename(&live, &archived).with_context(|| format!("failed to archive `{}`", live.display()))?;
            }
        }
        let listed: BTreeSet<PathBuf> = self
            .manifest
            .partitions
            .iter()
            .flat_map(|p| std::iter::once(&p.file).chain(&p.candidates))
            .map(|f| self.root.join(f))
            .collect();
        let mut datasets = read_dirs(&self.root, "dataset=")?;
        if self.root.join(CANDIDATES).is_dir() {
            datasets.extend(read_dirs(&self.root.join(CANDIDATES), "dataset=")?);
        }
        for dataset in datasets {
            for partition in read_dirs(&dataset, "periode=")? {
                for entry in fs::read_dir(&partition)? {
                    let path = entry?.path();
                    if path.is_file() && !listed.contains(&path) {
                        fs::remove_file(&path)
                            .with_context(|| format!("failed to remove the leftover `{}`", path.display()))?;
                    }
                }
                if fs::read_dir(&partition)?.next().is_none() {
                    fs::remove_dir(&partition)?;
                }
            }
        }
        Ok(())
    }
}

fn what(root: &Path) -> String {
    format!("the lake `{}`", root.display())
}

fn read_dirs(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

fn file_name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, f)| f)
}
