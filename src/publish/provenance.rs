//! `provenance.json`: every input the figures were computed from (the
//! jamstat version, the config, the queries, the reference tables, each
//! lake partition read with the export it came from) and the hash of every
//! file published beside it. Deterministic: no clock (the date is the
//! config's release date), inputs in sorted order, relative paths only.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::config::Config;
pub use crate::files::Hashed;
use crate::files::{sha256, write_atomic};
use crate::indicators::sql::QueryFile;
use crate::lake::{Lake, PartitionEntry};
use crate::period::{Month, Period};

/// The provenance file of a period's output folder.
pub const PROVENANCE: &str = "provenance.json";

/// Every input of a published period: what `provenance.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub jamstat_version: String,
    pub release_date: String,
    /// The period published and every period computed for it (comparisons, trend).
    pub period: String,
    pub periods_computed: Vec<String>,
    pub contract_version: String,
    pub config: Hashed,
    pub queries: Vec<Hashed>,
    pub reference: Vec<Hashed>,
    /// The lake partitions read (dataset, month, Parquet file relative to
    /// the lake, rows), with the export each came from and its SHA-256.
    pub partitions: Vec<PartitionEntry>,
    /// The release this folder is (number, revision, what it revises);
    /// none for an internal run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleaseRef>,
    /// Every published file of the folder but this one, filled in last.
    pub outputs: Vec<Hashed>,
}

/// Which release a folder is.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseRef {
    pub number: String,
    pub revision: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revises: Option<String>,
    pub time: String,
}

impl Provenance {
    /// The inputs of `periods` (the first is the published one): the lake
    /// partitions of every month they read, including the snapshot before
    /// each period (for lapsed members).
    pub fn inputs(config: &Config, lake: &Lake, queries: &[QueryFile], periods: &[Period]) -> Result<Provenance> {
        let months: BTreeSet<String> = periods
            .iter()
            .flat_map(|p| std::iter::once(p.first_month().plus(-1)).chain(p.months()))
            .map(|m: Month| m.to_string())
            .collect();
        // The claim candidates are ingest's working state, not an input.
        let mut partitions: Vec<PartitionEntry> = lake
            .manifest()
            .partitions
            .iter()
            .filter(|p| months.contains(&p.periode))
            .map(|p| PartitionEntry { candidates: None, ..p.clone() })
            .collect();
        partitions.sort();
        let mut reference = Vec::new();
        for name in ["penyebut.csv", "wilayah.csv"] {
            let path = config.paths.reference.join(name);
            let bytes = std::fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
            reference.push(Hashed { file: format!("reference/{name}"), sha256: sha256(&bytes) });
        }
        let queries =
            queries.iter().map(|q| Hashed { file: format!("queries/{}.sql", q.family), sha256: q.sha256.clone() });
        Ok(Provenance {
            jamstat_version: env!("CARGO_PKG_VERSION").to_string(),
            release_date: config.publication.release_date.to_string(),
            period: periods.first().map(Period::to_string).unwrap_or_default(),
            periods_computed: periods.iter().map(Period::to_string).collect(),
            contract_version: lake.manifest().contract_version.clone(),
            config: Hashed { file: "jamstat.toml".into(), sha256: config.sha256.clone() },
            queries: queries.collect(),
            reference,
            partitions,
            release: None,
            outputs: Vec::new(),
        })
    }

    /// What a release computed from these inputs depends on: equal inputs
    /// make the same release.
    pub fn release_inputs(&self) -> crate::release::Inputs {
        crate::release::Inputs {
            jamstat_version: self.jamstat_version.clone(),
            config_sha256: self.config.sha256.clone(),
            queries: self.queries.clone(),
            reference: self.reference.clone(),
            partitions: self.partitions.clone(),
        }
    }

    /// Marks the folder as `entry`, dated as it is.
    pub fn for_release(mut self, entry: &crate::release::Entry) -> Provenance {
        self.release_date = entry.date.to_string();
        self.release = Some(ReleaseRef {
            number: entry.number.clone(),
            revision: entry.revision,
            revises: entry.revises.clone(),
            time: entry.time.clone(),
        });
        self
    }

    /// Hashes every published file under `out_dir` (not this one) and
    /// writes `provenance.json`.
    pub fn write(mut self, out_dir: &Path) -> Result<()> {
        self.outputs = crate::files::hashed_files(out_dir)?.into_iter().filter(|h| h.file != PROVENANCE).collect();
        let mut text = serde_json::to_string_pretty(&self)?;
        text.push('\n');
        write_atomic(&out_dir.join(PROVENANCE), text.as_bytes())
    }
}
