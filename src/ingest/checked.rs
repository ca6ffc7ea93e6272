//! What checking a file takes and gives: the file's name read
//! ([`FileName`]), the context of the run ([`CheckContext`]) and the
//! checked file ([`CheckedFile`]: kept rows per month, quarantine,
//! warnings), which `pass.rs` fills and `stage.rs` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::frame::Frame;
use super::rows::Problem;
use crate::contract::Dataset;
use crate::period::Month;
use crate::reference::Wilayah;

/// What a file's name says: its dataset, its month, whether it is a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub dataset: Dataset,
    pub month: Option<Month>,
    pub revisi: bool,
}

/// A checked file, ready to be written to the lake.
#[derive(Debug)]
pub struct CheckedFile {
    pub path: PathBuf,
    pub source_file: String,
    pub name: FileName,
    pub sha256: String,
    pub rows_read: u64,
    /// Kept rows per month, as the lake's columns.
    pub kept: BTreeMap<Month, Frame>,
    /// For `klaim`: the `no_klaim` of each kept row, same order as `kept`.
    pub no_klaim: BTreeMap<Month, Vec<String>>,
    /// For `klaim`: the content hash of each kept row, same order as `kept`.
    pub content: BTreeMap<Month, Vec<String>>,
    /// The line of each kept row, same order as `kept`.
    pub lines: BTreeMap<Month, Vec<u64>>,
    pub quarantined: Vec<(Problem, String)>,
    pub warnings: Vec<Problem>,
    pub skipped: u64,
    pub extra_columns: Vec<String>,
}

impl CheckedFile {
    /// A file with no rows read yet.
    pub(super) fn empty(
        path: &Path,
        source_file: String,
        name: FileName,
        sha256: String,
        extra_columns: Vec<String>,
    ) -> Self {
        CheckedFile {
            path: path.to_path_buf(),
            source_file,
            name,
            sha256,
            rows_read: 0,
            kept: BTreeMap::new(),
            no_klaim: BTreeMap::new(),
            content: BTreeMap::new(),
            lines: BTreeMap::new(),
            quarantined: Vec::new(),
            warnings: Vec::new(),
            skipped: 0,
            extra_columns,
        }
    }

    /// The same file with no rows read yet.
    pub(super) fn empty_copy(&self) -> CheckedFile {
        let (source, name, sha) = (self.source_file.clone(), self.name.clone(), self.sha256.clone());
        CheckedFile::empty(&self.path, source, name, sha, self.extra_columns.clone())
    }

    pub fn rows_kept(&self) -> u64 {
        self.kept.values().map(|f| f.height() as u64).sum()
    }

    /// The months this file delivers: those with kept rows, or, for a
    /// header-only `klaim` file, the month in its name (a month with no claims).
    pub fn months(&self) -> Vec<Month> {
        let months: Vec<Month> = self.kept.keys().copied().collect();
        match (self.name.dataset, self.name.month) {
            (Dataset::Klaim, Some(m)) if months.is_empty() => vec![m],
            _ => months,
        }
    }
}

/// What checking needs besides the file.
pub struct CheckContext<'a> {
    pub wilayah: &'a Wilayah,
    pub vulnerable_kategori: &'a [String],
    pub release_month: Month,
    pub nik_key: &'a str,
    /// A `peserta` CSV of at least this many lines is read in two halves at
    /// once (None: never; see `pass.rs`).
    pub split_from: Option<usize>,
}
