//! The stages chained: what `jamstat indicators`, `report` and `demo` do.
//! Each command opens the lake once, as a reader; the stages are
//! `indicators` (the table and its provenance), `disclosure` (the
//! protected table), `report` (the pages) and `publish` (the folder).

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::config::Config;
use crate::contract::Dataset;
use crate::indicators::{Engine, Sources, sql};
use crate::lake::Lake;
use crate::period::Period;
use crate::publish::{Content, Provenance, Release};
use crate::reference;
use crate::report::i18n::Lang;
use crate::table::KpiTable;

/// The indicator table for `periods` from the lake and reference tables.
pub fn indicators(config: &Config, periods: &[Period]) -> Result<KpiTable> {
    indicators_on(config, periods, &Engine::Polars)
}

/// The same table, its SQL run by `engine`.
pub fn indicators_on(config: &Config, periods: &[Period], engine: &Engine) -> Result<KpiTable> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    Ok(compute(config, &lake, periods, engine)?.0)
}

/// The table and the provenance of its inputs.
fn compute(config: &Config, lake: &Lake, periods: &[Period], engine: &Engine) -> Result<(KpiTable, Provenance)> {
    if lake.manifest().partitions.is_empty() {
        bail!(
            "the lake `{}` is empty: run `jamstat ingest` on the exports first (or `jamstat demo`)",
            config.paths.lake.display()
        );
    }
    let penyebut = reference::load_penyebut(&config.paths.reference.join("penyebut.csv"))?;
    let queries = sql::load(&config.paths.queries)?;
    let table = Sources { config, lake, penyebut: &penyebut, queries: &queries, engine }.compute(periods)?;
    Ok((table, Provenance::inputs(config, lake, &queries, periods)?))
}

/// The latest quarter whose last month has a membership snapshot.
pub fn latest_full_quarter(config: &Config) -> Result<Period> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    let months = lake.months(Dataset::Peserta);
    let Some(&last) = months.last() else {
        bail!("the lake has no membership snapshot: run `jamstat ingest` first");
    };
    Ok(Period::latest_full_quarter(last))
}

/// Whether a report applies disclosure control (the default, for
/// publication) or is an internal run without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Applied,
    /// `--no-disclosure`: written under the private folder's `internal/`,
    /// every page stamped "INTERNAL - NOT FOR PUBLICATION".
    Internal,
}

/// Writes the published report of a period, disclosure control applied;
/// returns the path of its `index.html`.
pub fn report(config: &Config, period: &Period, lang: Lang) -> Result<PathBuf> {
    report_with(config, period, lang, Disclosure::Applied)
}

/// Computes, protects (unless internal), renders and publishes the report
/// of `period`; returns the path of its `index.html`.
pub fn report_with(config: &Config, period: &Period, lang: Lang, disclosure: Disclosure) -> Result<PathBuf> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    let (periods, _) = crate::report::input::periods(period);
    let (table, provenance) = compute(config, &lake, &periods, &Engine::Polars)?;
    let content = match disclosure {
        Disclosure::Applied => {
            let shown = period.with_comparisons();
            Content::Public(crate::disclosure::protect(table, &shown, config.publication.disclosure_threshold)?)
        }
        Disclosure::Internal => Content::Internal(table),
    };
    let note = provenance_note(&provenance);
    let internal = content.is_internal();
    let release = Release { config, lake: &lake, period: *period, lang };
    crate::publish::publish(&release, content, provenance, |table, dir| {
        let mut input = crate::report::input::input(config, &lake, period, table.clone(), note)?;
        input.internal = internal;
        crate::report::render(&input, lang, &config.paths.templates, dir).map(|_| ())
    })
}

/// What the report's methodology cites of the provenance.
fn provenance_note(p: &Provenance) -> crate::report::ProvenanceNote {
    crate::report::ProvenanceNote {
        jamstat_version: p.jamstat_version.clone(),
        config_sha256: p.config.sha256.clone(),
        partitions: p.partitions.len(),
        source_files: p.partitions.iter().map(|p| &p.source_sha256).collect::<std::collections::BTreeSet<_>>().len(),
        queries: p.queries.iter().map(|q| (q.file.clone(), q.sha256.clone())).collect(),
    }
}
