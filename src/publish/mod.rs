//! The publish stage: a table that has been through disclosure control
//! (or, asked for by name, an internal one) becomes a period folder. In
//! order, under the output folder's lock:
//! 1. a staging folder in the private folder (`data/private/staging/`);
//! 2. the table (`kpi.csv`, `kpi.json`) and the open data (`open_data`);
//! 3. the report, rendered by the caller (the report stage) into it;
//! 4. `provenance.json` (`provenance`), hashing every file;
//! 5. the privacy guard (`guard`) over every text file (of both folders
//!    of a draft at once);
//! 6. the disclosure audit, to `data/private/disclosure/<P>.csv`;
//! 7. the swap: the old folder moved aside, the new one renamed in;
//! 8. the landing pages (`landing`).
//!
//! `output/` thus holds only what may be published, and the published
//! folder is the old one or the new one, never a part.

pub mod ckan;
pub mod draft;
pub mod guard;
pub mod landing;
pub mod open_data;
pub mod provenance;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::config::Config;
use crate::disclosure::Protected;
use crate::lake::Lake;
use crate::lock::{Access, Lock};
use crate::period::Period;
use crate::report::i18n::Lang;
use crate::table::KpiTable;
pub use provenance::{PROVENANCE, Provenance};

/// What a folder publishes: a protected table, the only kind that may go
/// to `output/`, or an unprotected one for an internal run (written to the
/// private folder, every page stamped).
pub enum Content {
    Public(Protected),
    Internal(KpiTable),
}

impl Content {
    pub fn table(&self) -> &KpiTable {
        match self {
            Content::Public(p) => p.table(),
            Content::Internal(t) => t,
        }
    }

    pub fn is_internal(&self) -> bool {
        matches!(self, Content::Internal(_))
    }
}

/// One release of a period: the config, the lake it was computed from
/// (for the guard and provenance), the period and the language.
pub struct Release<'a> {
    pub config: &'a Config,
    pub lake: &'a Lake,
    pub period: Period,
    pub lang: Lang,
}

/// The folder a report's period folders go in: `output/` for Indonesian,
/// `output/en/` for English; internal runs under `<private>/internal/`,
/// never under `output/`.
pub fn output_root(config: &Config, lang: Lang, internal: bool) -> PathBuf {
    let base = if internal { config.paths.private.join("internal") } else { config.paths.output.clone() };
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
pub fn output_lock(config: &Config) -> Result<Option<Lock>> {
    let private = &config.paths.private;
    std::fs::create_dir_all(private).with_context(|| format!("failed to create `{}`", private.display()))?;
    let what = format!("the output folder `{}`", config.paths.output.display());
    crate::lock::acquire(&private.join("output.lock"), &what, Access::Write, config.wait)
}

/// Publishes `content` for `release` straight into its folder (an
/// internal run; a public report goes through a draft, [`draft`]);
/// `render` writes the report (HTML, PDF, charts) of the table into the
/// folder it is given. Returns the path of the written `index.html`.
pub fn publish(
    release: &Release,
    content: Content,
    provenance: Provenance,
    render: impl FnOnce(&KpiTable, &Path) -> Result<()>,
) -> Result<PathBuf> {
    let Release { config, period, lang, .. } = *release;
    let _output = output_lock(config)?;
    let root = output_root(config, lang, content.is_internal());
    let published = root.join(period.to_string());
    let staging = config.paths.private.join("staging");
    let out = staging.join(format!("{}-{period}", lang.code()));
    let written = (|| -> Result<()> {
        build(release, &content, provenance, &Extras::default(), render, &out)?;
        guard::Guard::new(release.lake, &config.nik_key).check(&[&out], &pdf_templates(config))?;
        write_audit(config, &period, &content)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("nothing was published: `{}` is as it was", published.display()));
    }
    if let Err(e) = swap_in(&out, &published, &staging) {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("nothing was published: `{}` is as it was", published.display()));
    }
    landing::refresh(config, lang, content.is_internal()).with_context(|| {
        format!("the report is published in `{}`, but the landing page could not be updated", published.display())
    })?;
    Ok(published.join("index.html"))
}

/// What a release adds to its folder besides the table and the report:
/// the changes since the release it revises (`changes.csv`, `changes.json`
/// in the open data) and the figures they mark.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// The release the folder is; none for an internal run.
    pub release: Option<&'a crate::release::Entry>,
    pub changes: &'a [crate::release::changes::Change],
}

/// Writes a whole period folder into `out` (emptied first): the table, the
/// open data, the report (`render`) and `provenance.json`. The caller then
/// runs the privacy guard over it ([`guard::Guard::check`], once for all
/// the folders of one run: it reads every month of the lake).
pub fn build(
    release: &Release,
    content: &Content,
    provenance: Provenance,
    extras: &Extras,
    render: impl FnOnce(&KpiTable, &Path) -> Result<()>,
    out: &Path,
) -> Result<()> {
    let Release { config, period, .. } = *release;
    crate::files::clear(out)?;
    std::fs::create_dir_all(out).with_context(|| format!("failed to create `{}`", out.display()))?;
    let table = content.table();
    write_table(table, out)?;
    open_data::write(table, config, &period, extras, out)?;
    render(table, out)?;
    provenance.write(out)
}

/// The templates the PDFs are made from, which the guard reads as text
/// (it cannot read inside a PDF).
pub fn pdf_templates(config: &Config) -> Vec<PathBuf> {
    crate::report::PDF_TEMPLATES.map(|t| config.paths.templates.join(t)).to_vec()
}

/// The disclosure audit of a public table, in the private folder.
fn write_audit(config: &Config, period: &Period, content: &Content) -> Result<()> {
    if let Content::Public(protected) = content {
        let path = disclosure_audit(config, period);
        std::fs::create_dir_all(path.parent().unwrap_or(&config.paths.private))
            .with_context(|| format!("failed to create the folder of `{}`", path.display()))?;
        crate::files::write_atomic(&path, crate::disclosure::audit_csv(protected.audit()).as_bytes())?;
    }
    Ok(())
}

/// `kpi.csv` and `kpi.json` in `dir`.
pub fn write_table(table: &KpiTable, dir: &Path) -> Result<()> {
    crate::files::write_atomic(&dir.join("kpi.csv"), table.to_csv().as_bytes())?;
    let mut json = serde_json::to_string_pretty(table)?;
    json.push('\n');
    crate::files::write_atomic(&dir.join("kpi.json"), json.as_bytes())
}

/// Puts the checked staging folder in place of the published one: the old
/// folder is moved aside first (into the private staging folder), so a
/// reader sees the old or the new, and removed after; if the new one cannot
/// be moved in, the old one is put back.
fn swap_in(staging: &Path, published: &Path, aside_in: &Path) -> Result<()> {
    let name = published.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let old = aside_in.join(format!("old-{name}"));
    crate::files::clear(&old)?;
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
