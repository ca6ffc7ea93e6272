//! The stages chained: what `jamstat indicators`, `report` and `demo` do,
//! each reading what the previous stage left on disk.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Datelike;

use crate::config::Config;
use crate::indicators::{Engine, KpiTable, Sources, sql};
use crate::ingest::contract::Dataset;
use crate::lake::Lake;
use crate::period::{Month, Period};
use crate::publish::Provenance;
use crate::reference::{self, Wilayah};
use crate::report::i18n::Lang;

/// The periods a report shows: the period, the previous one, the same one a
/// year earlier, the 12 months ending with it (the trend) and the two
/// calendar years of the Paritrana panel ([`paritrana_year`] and the one before).
pub fn report_periods(period: &Period) -> (Vec<Period>, Vec<Month>) {
    let last = period.last_month();
    let trend: Vec<Month> = last.plus(-11).through(last);
    let year = paritrana_year(period);
    let mut periods = vec![*period, period.previous(), period.year_ago()];
    let extra = trend.iter().map(|m| Period::Month(*m)).chain([Period::Year(year), Period::Year(year - 1)]);
    for p in extra {
        if !periods.contains(&p) {
            periods.push(p);
        }
    }
    (periods, trend)
}

/// The calendar year of the Paritrana panel: the period's year when the
/// period ends in December, else the year before (the last complete one).
pub fn paritrana_year(period: &Period) -> i32 {
    let last = period.last_month();
    if last.last_day().month() == 12 { period.year() } else { period.year() - 1 }
}

/// `period`, the one before it and the same one a year earlier, each once
/// (a year's previous period is its year-ago period): what `jamstat
/// indicators` computes.
pub fn with_comparisons(period: &Period) -> Vec<Period> {
    let mut out = Vec::new();
    for p in [*period, period.previous(), period.year_ago()] {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

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

/// The folder a report's period folders go in: `output/` for Indonesian,
/// `output/en/` for English; internal runs under `<private>/internal/`,
/// never under `output/`.
pub fn output_root(config: &Config, lang: Lang, disclosure: Disclosure) -> PathBuf {
    let base = match disclosure {
        Disclosure::Applied => config.paths.output.clone(),
        Disclosure::Internal => config.paths.private.join("internal"),
    };
    match lang {
        Lang::Id => base,
        Lang::En => base.join("en"),
    }
}

/// The audit of disclosure control of a period, for the office that checks
/// the release: every hidden cell and its true value. In the private
/// folder, never in `output/`.
pub fn disclosure_audit(config: &Config, period: &Period) -> PathBuf {
    config.paths.private.join("disclosure").join(format!("{period}.csv"))
}

/// The lock of the output folder (one report written at a time), in the
/// private folder so that `output/` holds only what may be published.
fn output_lock(config: &Config) -> Result<Option<crate::lock::Lock>> {
    let private = &config.paths.private;
    std::fs::create_dir_all(private).with_context(|| format!("failed to create `{}`", private.display()))?;
    let what = format!("the output folder `{}`", config.paths.output.display());
    crate::lock::acquire(&private.join("output.lock"), &what, crate::lock::Access::Write, config.wait)
}

/// Writes the published report of a period, disclosure control applied;
/// returns the path of its `index.html`.
pub fn report(config: &Config, period: &Period, lang: Lang) -> Result<PathBuf> {
    report_with(config, period, lang, Disclosure::Applied)
}

/// Writes `<output root>/<period>/` and returns the path of its `index.html`.
/// The lake is read under a reader's lock, the output folder written under
/// its own; everything is written to a staging folder in the private
/// folder, checked by the privacy guard, and only then put in place.
pub fn report_with(config: &Config, period: &Period, lang: Lang, disclosure: Disclosure) -> Result<PathBuf> {
    let lake = Lake::reader(&config.paths.lake, config.wait)?;
    let _output = output_lock(config)?;
    let (periods, trend) = report_periods(period);
    let (table, provenance) = compute(config, &lake, &periods, &Engine::Polars)?;
    let root = output_root(config, lang, disclosure);
    let published = root.join(period.to_string());
    let staging = config.paths.private.join("staging");
    let out = staging.join(format!("{}-{period}", lang.code()));
    let written = (|| -> Result<()> {
        clear(&out)?;
        std::fs::create_dir_all(&out).with_context(|| format!("failed to create `{}`", out.display()))?;
        let (table, audit) = match disclosure {
            Disclosure::Applied => {
                let shown: Vec<String> =
                    [*period, period.previous(), period.year_ago()].iter().map(Period::to_string).collect();
                let protected = crate::disclosure::protect(table, &shown, config.publication.disclosure_threshold)?;
                (protected.table, Some(crate::disclosure::audit_csv(&protected.audit)))
            }
            Disclosure::Internal => (table, None),
        };
        write_table(&table, &out)?;
        crate::publish::write_open_data(&table, config, period, &out)?;
        let mut input = report_input(config, &lake, period, &trend, table, &provenance)?;
        input.internal = disclosure == Disclosure::Internal;
        crate::report::render(&input, lang, &config.paths.templates, &out)?;
        provenance.write(&out)?;
        let secrets = crate::guard::Secrets::from_lake(&lake, &config.nik_key)?;
        secrets.check(&out, &[config.paths.templates.join(crate::report::PDF_TEMPLATE)])?;
        if let Some(audit) = audit {
            let path = disclosure_audit(config, period);
            std::fs::create_dir_all(path.parent().unwrap_or(&config.paths.private))
                .with_context(|| format!("failed to create the folder of `{}`", path.display()))?;
            crate::lake::write_atomic(&path, audit.as_bytes())?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("nothing was published: `{}` is as it was", published.display()));
    }
    if let Err(e) = swap_in(&out, &published, &staging) {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("nothing was published: `{}` is as it was", published.display()));
    }
    let index = published.join("index.html");
    let (templates, region, programme) = (&config.paths.templates, &config.region.name, &config.programme.name);
    let landing = (|| -> Result<()> {
        crate::report::landing::write(&root, templates, region, programme, lang)?;
        // The other language's landing page links to this one once it exists.
        let other = lang.other();
        let other_root = output_root(config, other, disclosure);
        if other_root.join("index.html").is_file() {
            crate::report::landing::write(&other_root, templates, region, programme, other)?;
        }
        Ok(())
    })();
    landing.with_context(|| {
        format!("the report is published in `{}`, but the landing page could not be updated", published.display())
    })?;
    Ok(index)
}

fn clear(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("failed to clear `{}`", dir.display()))?;
    }
    Ok(())
}

/// Puts the checked staging folder in place of the published one: the old
/// folder is moved aside first (into the private staging folder), so a
/// reader sees the old or the new, and removed after; if the new one cannot
/// be moved in, the old one is put back.
fn swap_in(staging: &Path, published: &Path, aside_in: &Path) -> Result<()> {
    let name = published.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let old = aside_in.join(format!("old-{name}"));
    clear(&old)?;
    if let Some(parent) = published.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let same_disk =
        "the private folder and the output folder must be on the same disk (`paths.private`, `paths.output`)";
    let had_old = published.exists();
    if had_old {
        crate::failpoint::hit("before moving the published folder aside")?;
        std::fs::rename(published, &old)
            .with_context(|| format!("failed to move `{}` aside: {same_disk}", published.display()))?;
    }
    let moved =
        crate::failpoint::hit("before moving the new folder in").and_then(|()| std::fs::rename(staging, published));
    if let Err(e) = moved {
        if had_old {
            std::fs::rename(&old, published)
                .with_context(|| format!("failed to put `{}` back from `{}`", published.display(), old.display()))?;
        }
        return Err(e).with_context(|| format!("failed to publish `{}`: {same_disk}", published.display()));
    }
    if had_old && let Err(e) = std::fs::remove_dir_all(&old) {
        eprintln!("warning: failed to remove the replaced folder `{}`: {e}", old.display());
    }
    Ok(())
}

/// `kpi.csv` and `kpi.json` in `dir`.
pub fn write_table(table: &KpiTable, dir: &Path) -> Result<()> {
    crate::lake::write_atomic(&dir.join("kpi.csv"), table.to_csv().as_bytes())?;
    let mut json = serde_json::to_string_pretty(table)?;
    json.push('\n');
    crate::lake::write_atomic(&dir.join("kpi.json"), json.as_bytes())
}

fn report_input(
    config: &Config,
    lake: &Lake,
    period: &Period,
    trend: &[Month],
    table: KpiTable,
    provenance: &Provenance,
) -> Result<crate::report::ReportInput> {
    let wilayah = Wilayah::load(&config.paths.reference.join("wilayah.csv"))?;
    let months: Vec<String> = period.months().iter().map(Month::to_string).collect();
    let data_quality = lake
        .manifest()
        .files
        .iter()
        .filter(|f| f.months.iter().any(|m| months.contains(m)))
        .map(|f| crate::report::QualityLine {
            dataset: f.dataset.clone(),
            periode: f.months.join(", "),
            source_file: f.source_file.clone(),
            rows_read: f.rows_read,
            rows_ingested: f.rows_ingested,
            rows_quarantined: f.rows_quarantined,
            rows_skipped: f.rows_skipped,
            warnings: f.warnings,
        })
        .collect();
    Ok(crate::report::ReportInput {
        region_name: config.region.name.clone(),
        programme_name: config.programme.name.clone(),
        period: period.to_string(),
        previous_period: period.previous().to_string(),
        year_ago_period: period.year_ago().to_string(),
        trend_months: trend.iter().map(Month::to_string).collect(),
        release_date: config.publication.release_date,
        wilayah: wilayah.rows().cloned().collect(),
        paritrana_years: {
            let year = paritrana_year(period);
            Some((year.to_string(), (year - 1).to_string()))
        },
        regulations: config.paritrana.regulations.clone(),
        innovation: config.paritrana.innovation.clone(),
        provenance: crate::report::ProvenanceNote {
            jamstat_version: provenance.jamstat_version.clone(),
            config_sha256: provenance.config.sha256.clone(),
            partitions: provenance.partitions.len(),
            source_files: provenance
                .partitions
                .iter()
                .map(|p| &p.source_sha256)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            queries: provenance.queries.iter().map(|q| (q.file.clone(), q.sha256.clone())).collect(),
        },
        internal: false,
        disclosure_threshold: config.publication.disclosure_threshold,
        table,
        data_quality,
    })
}
