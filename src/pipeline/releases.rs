//! The release side of the chain: which release a draft will be (the
//! register and the calendar), its protected table with what it changes
//! since earlier releases, its rendering, and the rebuild of a past
//! release from the partitions it was computed from.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::config::{Config, DEFAULT_TIME};
use crate::indicators::Engine;
use crate::lake::Lake;
use crate::period::Period;
use crate::publish::{Content, Extras, Provenance, Release};
use crate::release::changes::{self, Change};
use crate::release::{Entry, Planned, Register, Series};
use crate::report::i18n::Lang;
use crate::report::{ProvenanceNote, ReleaseNote, Replaced};
use crate::table::KpiTable;

/// The release a draft of `period` computed with `provenance` will be: its
/// date and hour from the calendar (else `publication.release_date` at
/// 11.00), its number from the register.
pub fn plan(config: &Config, register: &Register, period: &Period, provenance: &Provenance) -> Planned {
    let (date, time) = match config.release.scheduled(period) {
        Some(s) => (s.planned(), s.time.format("%H:%M").to_string()),
        None => (config.publication.release_date, DEFAULT_TIME.to_string()),
    };
    let series = Series { region_code: &config.region.code, start: config.release.series_start };
    crate::release::plan(register, period, provenance.release_inputs(), (date, &time), series)
}

/// What the report of a release says besides its table: what changed
/// since earlier releases, which exports replaced which, the provenance.
pub struct Told {
    pub changes: Vec<Change>,
    replaced: Vec<Replaced>,
    note: ProvenanceNote,
}

/// Protects `table` for release `entry` (every cell an earlier release hid
/// stays hidden) and compares it with the earlier releases.
pub fn make(
    release: &Release,
    register: &Register,
    entry: &Entry,
    table: KpiTable,
    note: ProvenanceNote,
) -> Result<(crate::disclosure::Protected, Told)> {
    let config = release.config;
    let earlier = crate::release::earlier_tables(register, &config.paths.private, entry.seq)?;
    let kept = changes::hidden_before(&earlier);
    let threshold = config.publication.disclosure_threshold;
    let protected = crate::disclosure::protect(table, &release.period.with_comparisons(), threshold, &kept)?;
    let changes = changes::compare(protected.table(), &earlier);
    let revised = entry.revises.as_ref().and_then(|n| register.releases.iter().find(|e| &e.number == n));
    let replaced = revised.map(|old| replaced(old, entry)).unwrap_or_default();
    Ok((protected, Told { changes, replaced, note }))
}

/// The exports of `new` that replaced those of `old`, month by month.
fn replaced(old: &Entry, new: &Entry) -> Vec<Replaced> {
    let mut out = Vec::new();
    for p in &new.inputs.partitions {
        let before = old.inputs.partitions.iter().find(|o| o.dataset == p.dataset && o.periode == p.periode);
        if before.is_some_and(|b| b.source_sha256 == p.source_sha256) {
            continue;
        }
        out.push(Replaced {
            dataset: p.dataset.clone(),
            month: p.periode.clone(),
            old_file: before.map(|b| b.source_file.clone()).unwrap_or_default(),
            new_file: p.source_file.clone(),
        });
    }
    out
}

impl Told {
    /// Renders the report of `table` for release `entry` into `dir`,
    /// stamped as a draft or not.
    pub fn render(&self, release: &Release, entry: &Entry, table: &KpiTable, dir: &Path, stamped: bool) -> Result<()> {
        let Release { config, lake, period, lang } = *release;
        let mut input = crate::report::input::input(config, lake, &period, table.clone(), self.note.clone())?;
        input.release_date = entry.date;
        input.release = Some(ReleaseNote {
            number: entry.label(),
            revision: entry.revision,
            revises: entry.revises.as_ref().map(|n| format!("No. {n}")),
            time: entry.time.clone(),
            schedule: match config.release.scheduled(&period) {
                None => crate::report::Schedule::Unscheduled,
                Some(s) => match &s.postponed {
                    None => crate::report::Schedule::OnTime,
                    Some(p) => crate::report::Schedule::Postponed { first: s.date, reason: p.reason.clone() },
                },
            },
            draft: stamped,
            replaced: self.replaced.clone(),
            changes: self.changes.clone(),
        });
        crate::report::render(&input, lang, &config.paths.templates, dir).map(|_| ())
    }
}

/// Rebuilds release `seq` in `lang` into `dest` and lists the files that
/// differ from what was published (empty: every byte is the same).
pub fn rebuild(config: &Config, seq: u32, lang: Lang, dest: &Path) -> Result<Vec<String>> {
    let live = Lake::reader(&config.paths.lake, config.wait)?;
    let register = Register::load(&config.paths.private)?;
    let Some(entry) = register.get(seq).cloned() else {
        let known: Vec<String> = register.releases.iter().map(|e| format!("{} ({})", e.seq, e.label())).collect();
        bail!("there is no release {seq} in the register; the releases are: {}", known.join(", "));
    };
    let Some(published) = entry.outputs.get(lang.code()).cloned() else {
        bail!("release {} was not published in `{}`", entry.label(), lang.code());
    };
    let lake = live.as_of(&entry.inputs.partitions)?;
    let period: Period = entry.period.parse()?;
    let (periods, _) = crate::report::input::periods(&period);
    let (table, provenance) = super::compute(config, &lake, &periods, &Engine::Polars)?;
    let now = provenance.release_inputs();
    let differs = [
        (now.jamstat_version != entry.inputs.jamstat_version, "jamstat's version"),
        (now.config_sha256 != entry.inputs.config_sha256, "the config"),
        (now.queries != entry.inputs.queries, "the queries"),
        (now.reference != entry.inputs.reference, "the reference tables"),
    ];
    if let Some((_, what)) = differs.iter().find(|(d, _)| *d) {
        bail!(
            "{what} changed since release {} was made: a rebuild needs the same jamstat, config, queries and \
             reference tables (provenance.json of the release lists their SHA-256)",
            entry.label()
        );
    }
    let release = Release { config, lake: &lake, period, lang };
    let (protected, told) = make(&release, &register, &entry, table, super::provenance_note(&provenance))?;
    let provenance = provenance.for_release(&entry);
    let extras = Extras { release: Some(&entry), changes: &told.changes };
    let content = Content::Public(protected);
    let render = |t: &KpiTable, d: &Path| told.render(&release, &entry, t, d, false);
    crate::publish::build(&release, &content, provenance, &extras, render, dest)
        .and_then(|()| {
            let guard = crate::publish::guard::Guard::new(&lake, &config.nik_key);
            guard.check(&[dest], &crate::publish::pdf_templates(config))
        })
        .with_context(|| format!("failed to rebuild release {}", entry.label()))?;
    let rebuilt = crate::files::hashed_files(dest)?;
    let mut differing: Vec<String> = published
        .iter()
        .chain(&rebuilt)
        .filter(|h| !(published.contains(h) && rebuilt.contains(h)))
        .map(|h| h.file.clone())
        .collect();
    differing.sort();
    differing.dedup();
    Ok(differing)
}
