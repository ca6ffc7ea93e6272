//! `jamstat demo`: the synthetic sample in the configured folders, then
//! ingest and report. The demo touches only what it made: the sample is
//! generated afresh (it is deterministic) into the private folder, and the
//! demo refuses, naming the folder and a file, when the exports folder,
//! `penyebut.csv`, the lake, the quarantine or the output folder holds
//! anything the sample did not give:
//! - an export is the sample's when a sample file has its name and bytes;
//! - the lake, when every source file in its manifest is a sample file;
//! - the quarantine, when every file is named after a sample file;
//! - the output folder, when every report in it was made from sample files
//!   only (its `provenance.json`) and nothing else is there but the landing
//!   pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::lake::Lake;
use crate::reference::Wilayah;

/// Puts the sample in the configured folders (only what is missing) after
/// checking that they hold nothing else; returns the exports folder.
pub fn prepare(config: &Config) -> Result<PathBuf> {
    let paths = &config.paths;
    // First by name, which is quick: a folder of real data is refused
    // before the sample is generated.
    let by_name = Sample { files: crate::sample::export_names().into_iter().map(|n| (n, String::new())).collect() };
    by_name.check_names(config)?;
    let wilayah = Wilayah::load(&paths.reference.join("wilayah.csv"))?;
    let rows: Vec<_> = wilayah.rows().cloned().collect();
    let scratch = paths.private.join("sample-tmp");
    crate::files::clear(&scratch)?;
    let summary = crate::sample::generate(&scratch, &rows)?;
    let made = (|| -> Result<bool> {
        let sample = Sample::read(&scratch.join("exports"))?;
        let penyebut = paths.reference.join("penyebut.csv");
        let sample_penyebut = scratch.join("reference/penyebut.csv");
        sample.check_exports(&paths.exports)?;
        if penyebut.exists() && std::fs::read(&penyebut)? != std::fs::read(&sample_penyebut)? {
            bail!(refusal(&paths.reference, &penyebut, "a `penyebut.csv` that is not the sample's"));
        }
        sample.check_lake(&paths.lake)?;
        sample.check_quarantine(&paths.quarantine)?;
        sample.check_output(&paths.output)?;
        // Only what is missing is added; nothing in place is replaced.
        let mut added = false;
        std::fs::create_dir_all(&paths.exports)
            .with_context(|| format!("failed to create `{}`", paths.exports.display()))?;
        for name in sample.files.keys() {
            let target = paths.exports.join(name);
            if !target.exists() {
                std::fs::rename(scratch.join("exports").join(name), &target)
                    .with_context(|| format!("failed to write `{}`", target.display()))?;
                added = true;
            }
        }
        if !penyebut.exists() {
            std::fs::create_dir_all(&paths.reference)?;
            std::fs::rename(&sample_penyebut, &penyebut)
                .with_context(|| format!("failed to write `{}`", penyebut.display()))?;
        }
        Ok(added)
    })();
    crate::files::clear(&scratch)?;
    if made? {
        eprintln!(
            "generated the synthetic sample: {} files, {} membership rows, {} claim rows in `{}`",
            summary.files,
            summary.peserta_rows,
            summary.klaim_rows,
            paths.exports.display()
        );
    } else {
        eprintln!("using the sample already in `{}`", paths.exports.display());
    }
    Ok(paths.exports.clone())
}

/// The sample's export files: name -> SHA-256.
struct Sample {
    files: BTreeMap<String, String>,
}

impl Sample {
    /// The checks that need only the names of the sample's files.
    fn check_names(&self, config: &Config) -> Result<()> {
        let paths = &config.paths;
        for path in entries(&paths.exports)? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !path.is_file() || !self.files.contains_key(&name) {
                bail!(refusal(&paths.exports, &path, "a file that is not the sample's"));
            }
        }
        if paths.lake.join("manifest.json").exists() {
            let lake = Lake::read_only(&paths.lake)?;
            if let Some(f) = lake.manifest().files.iter().find(|f| !self.files.contains_key(&f.source_file)) {
                let manifest = paths.lake.join("manifest.json");
                bail!(refusal(&paths.lake, &manifest, &format!("`{}`, which is not a sample file", f.source_file)));
            }
        }
        self.check_quarantine(&paths.quarantine)
    }

    fn read(dir: &Path) -> Result<Sample> {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.insert(name, crate::files::sha256(&std::fs::read(&path)?));
        }
        Ok(Sample { files })
    }

    fn shas(&self) -> BTreeSet<&str> {
        self.files.values().map(String::as_str).collect()
    }

    fn stems(&self) -> BTreeSet<String> {
        self.files.keys().filter_map(|n| Path::new(n).file_stem().map(|s| s.to_string_lossy().into_owned())).collect()
    }

    fn check_exports(&self, dir: &Path) -> Result<()> {
        for path in entries(dir)? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let same = path.is_file()
                && self
                    .files
                    .get(&name)
                    .is_some_and(|sha| std::fs::read(&path).is_ok_and(|b| crate::files::sha256(&b) == *sha));
            if !same {
                bail!(refusal(dir, &path, "a file that is not the sample's"));
            }
        }
        Ok(())
    }

    fn check_lake(&self, dir: &Path) -> Result<()> {
        if !dir.join("manifest.json").exists() {
            if let Some(path) = entries(dir)?.into_iter().find(|p| !is_lock(p)) {
                bail!(refusal(dir, &path, "files but no manifest"));
            }
            return Ok(());
        }
        let lake = Lake::read_only(dir)?;
        let shas = self.shas();
        if let Some(f) = lake.manifest().files.iter().find(|f| !shas.contains(f.sha256.as_str())) {
            bail!(refusal(
                dir,
                &dir.join("manifest.json"),
                &format!("`{}`, which is not a sample file", f.source_file)
            ));
        }
        Ok(())
    }

    fn check_quarantine(&self, dir: &Path) -> Result<()> {
        let stems = self.stems();
        for path in entries(dir)? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = name.split('.').next().unwrap_or_default();
            if !path.is_file() || !stems.contains(stem) {
                bail!(refusal(dir, &path, "a file the sample did not give"));
            }
        }
        Ok(())
    }

    /// Period folders whose provenance names only sample files, and the
    /// landing pages; the English reports under `en/` the same way.
    fn check_output(&self, dir: &Path) -> Result<()> {
        let shas = self.shas();
        for path in entries(dir)? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.is_file() && name == "index.html" {
                continue;
            }
            if path.is_dir() && name == "en" {
                self.check_output(&path)?;
                continue;
            }
            let provenance = path.join(crate::publish::PROVENANCE);
            let sources: Option<Vec<String>> = std::fs::read_to_string(&provenance)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|json| {
                    json["partitions"].as_array().map(|parts| {
                        parts.iter().map(|p| p["source_sha256"].as_str().unwrap_or_default().to_string()).collect()
                    })
                });
            match sources {
                Some(s) if !s.is_empty() && s.iter().all(|sha| shas.contains(sha.as_str())) => {}
                _ => bail!(refusal(dir, &path, "a report or file not made from the sample")),
            }
        }
        Ok(())
    }
}

fn refusal(folder: &Path, found: &Path, what: &str) -> String {
    format!(
        "`{}` holds {what} (`{}`): the demo only touches what it made itself. Run it with a config whose \
         folders are empty or hold only the sample (`jamstat --config demo.toml demo`), or move the folder aside",
        folder.display(),
        found.display()
    )
}

fn is_lock(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(crate::lake::LOCK))
}

/// The entries of `dir`, sorted; none when it does not exist.
fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
        out.push(entry?.path());
    }
    out.sort();
    Ok(out)
}
