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
use crate::publish::draft::{Prepared, Published};
use crate::publish::{Content, Extras, Provenance, Release};
use crate::release::Register;

mod releases;
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

/// The report of `period`: for publication a draft (disclosure control
/// applied, the release it will be planned from the register and the
/// calendar; returns the stamped draft's `index.html`), or an internal run
/// written at once to the private folder (returns its `index.html`).
pub fn report_with(config: &Config, period: &Period, lang: Lang, disclosure: Disclosure) -> Result<PathBuf> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    let (periods, _) = crate::report::input::periods(period);
    let (table, provenance) = compute(config, &lake, &periods, &Engine::Polars)?;
    let release = Release { config, lake: &lake, period: *period, lang };
    if disclosure == Disclosure::Internal {
        let note = provenance_note(&provenance);
        return crate::publish::publish(&release, Content::Internal(table), provenance, |table, dir| {
            let mut input = crate::report::input::input(config, &lake, period, table.clone(), note)?;
            input.internal = true;
            crate::report::render(&input, lang, &config.paths.templates, dir).map(|_| ())
        });
    }
    let _output = crate::publish::output_lock(config)?;
    let register = Register::load(&config.paths.private)?;
    let planned = releases::plan(config, &register, period, &provenance);
    let note = provenance_note(&provenance);
    let (protected, told) = releases::make(&release, &register, &planned.entry, table, note)?;
    let provenance = provenance.for_release(&planned.entry);
    let prepared = Prepared {
        content: Content::Public(protected),
        provenance,
        extras: Extras { release: Some(&planned.entry), changes: &told.changes },
        planned: planned.clone(),
    };
    crate::publish::draft::write(&release, prepared, |table, dir, stamped| {
        told.render(&release, &planned.entry, table, dir, stamped)
    })
}

/// Drafts and publishes the report of `period` at once (the demo; tests):
/// returns the published `index.html`.
pub fn report(config: &Config, period: &Period, lang: Lang) -> Result<PathBuf> {
    report_with(config, period, lang, Disclosure::Applied)?;
    Ok(publish(config, period, lang)?.index)
}

/// Publishes the checked draft of `period` in `lang`: refused when what it
/// was computed from changed since.
pub fn publish(config: &Config, period: &Period, lang: Lang) -> Result<Published> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    let (periods, _) = crate::report::input::periods(period);
    let queries = sql::load(&config.paths.queries)?;
    let current = Provenance::inputs(config, &lake, &queries, &periods)?.release_inputs();
    crate::publish::draft::publish(config, period, lang, &current)
}

/// Rebuilds release `seq` in `lang` from the lake partitions it was
/// computed from (archived ones included) into `dest`, and compares every
/// file with what was published then: returns the files that differ
/// (empty: byte-identical).
pub fn rebuild(config: &Config, seq: u32, lang: Lang, dest: &std::path::Path) -> Result<Vec<String>> {
    releases::rebuild(config, seq, lang, dest)
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
