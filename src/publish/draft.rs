//! Draft, then publish. `jamstat report` writes the draft of a release
//! outside the published folder, in `<private>/drafts/[en/]<P>/`:
//! `review/` is the report stamped DRAFT with its planned release date on
//! every HTML and PDF page, for the office to check; `release/` is the
//! same report rendered from the same table without the stamp, exactly
//! what `jamstat publish` will put in `output/`; `draft.json` is the
//! release it will be (number, revision, inputs, the hash of every file of
//! `release/`). `jamstat publish` refuses when the lake, the config, the
//! queries or the reference tables changed since the draft, when another
//! release was published in between, or when a file of `release/` was
//! changed; otherwise it copies `release/` in, byte for byte, keeps the
//! release's table for later revisions, and records the release in the
//! register (the last step: a release is recorded only once it is out).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::{Content, Extras, Release, build, landing, output_root, swap_in, write_audit};
use crate::config::Config;
use crate::release::{Entry, Inputs, Planned, Register};
use crate::report::i18n::Lang;
use crate::table::KpiTable;

/// The folder of the stamped draft, inside a draft.
pub const REVIEW: &str = "review";
/// The folder that `publish` puts out, inside a draft.
pub const RELEASE: &str = "release";
const DRAFT_JSON: &str = "draft.json";

/// The draft folder of `period` in `lang`.
pub fn folder(config: &Config, lang: Lang, period: &crate::period::Period) -> PathBuf {
    let base = config.paths.private.join("drafts");
    match lang {
        Lang::Id => base.join(period.to_string()),
        Lang::En => base.join("en").join(period.to_string()),
    }
}

/// What a draft will be published as (`draft.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    pub lang: String,
    /// The release; `outputs` holds this language's files.
    pub entry: Entry,
    /// The register holds this release already (nothing changed since it).
    pub existing: bool,
}

/// What a draft is made of: the release it will be, the table and the
/// provenance of its report, and what it changes.
pub struct Prepared<'a> {
    pub planned: Planned,
    pub content: Content,
    pub provenance: super::Provenance,
    pub extras: Extras<'a>,
}

/// Writes the draft of `release` (the caller holds the output folder's
/// lock); `render(table, dir, stamped)` writes the report. Returns the
/// path of the stamped `index.html`.
pub fn write(
    release: &Release,
    prepared: Prepared,
    render: impl Fn(&KpiTable, &Path, bool) -> Result<()>,
) -> Result<PathBuf> {
    let Release { config, period, lang, .. } = *release;
    let Prepared { planned, content, provenance, extras } = prepared;
    let target = folder(config, lang, &period);
    let staging = config.paths.private.join("staging");
    let out = staging.join(format!("draft-{}-{period}", lang.code()));
    let written = (|| -> Result<()> {
        crate::files::clear(&out)?;
        let (review, final_dir) = (out.join(REVIEW), out.join(RELEASE));
        build(release, &content, provenance.clone(), &extras, |t, d| render(t, d, true), &review)?;
        build(release, &content, provenance, &extras, |t, d| render(t, d, false), &final_dir)?;
        let guard = super::guard::Guard::new(release.lake, &config.nik_key);
        guard.check(&[&review, &final_dir], &super::pdf_templates(config))?;
        let mut entry = planned.entry;
        entry.outputs.insert(lang.code().to_string(), crate::files::hashed_files(&final_dir)?);
        let draft = Draft { lang: lang.code().to_string(), entry, existing: planned.existing };
        let mut text = serde_json::to_string_pretty(&draft)?;
        text.push('\n');
        crate::files::write_atomic(&out.join(DRAFT_JSON), text.as_bytes())?;
        write_audit(config, &period, &content)
    })();
    if let Err(e) = written.and_then(|()| swap_in(&out, &target, &staging)) {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("no draft was written: `{}` is as it was", target.display()));
    }
    Ok(target.join(REVIEW).join("index.html"))
}

/// A release put out.
#[derive(Debug, Clone)]
pub struct Published {
    /// The published `index.html`.
    pub index: PathBuf,
    pub entry: Entry,
    /// The register held it in this language already (nothing changed
    /// since): its folder was written again, the same bytes.
    pub again: bool,
}

/// Publishes the draft of `period` in `lang`, computed from `current` (the
/// inputs the lake and config give now).
pub fn publish(config: &Config, period: &crate::period::Period, lang: Lang, current: &Inputs) -> Result<Published> {
    let _output = super::output_lock(config)?;
    let dir = folder(config, lang, period);
    let json = dir.join(DRAFT_JSON);
    if !json.is_file() {
        bail!("there is no draft of {period} to publish: run `jamstat report --period {period}` first and check it");
    }
    let text = std::fs::read_to_string(&json).with_context(|| format!("failed to read `{}`", json.display()))?;
    let draft: Draft = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is damaged: run `jamstat report --period {period}` again", json.display()))?;
    let redo = format!("run `jamstat report --period {period}` again, check the new draft, then publish it");
    if draft.entry.inputs != *current {
        bail!("the lake, the config, the queries or the reference tables changed since the draft of {period}: {redo}");
    }
    let mut register = Register::load(&config.paths.private)?;
    let code = lang.code().to_string();
    let again = check_register(&register, &draft, &code, &redo)?;
    let release_dir = dir.join(RELEASE);
    let expected = draft.entry.outputs.get(&code).cloned().unwrap_or_default();
    let found = crate::files::hashed_files(&release_dir)?;
    if found != expected {
        let changed = found.iter().chain(&expected).find(|h| !(found.contains(h) && expected.contains(h)));
        let name = changed.map_or_else(String::new, |h| format!(" (`{}`)", h.file));
        bail!("the draft `{}` was changed after it was made{name}: {redo}", release_dir.display());
    }

    let root = output_root(config, lang, false);
    let published = root.join(period.to_string());
    let staging = config.paths.private.join("staging");
    let out = staging.join(format!("publish-{}-{period}", lang.code()));
    let copied = crate::files::clear(&out).and_then(|()| crate::files::copy_dir(&release_dir, &out));
    if let Err(e) = copied.and_then(|()| swap_in(&out, &published, &staging)) {
        let _ = std::fs::remove_dir_all(&out);
        return Err(e).context(format!("nothing was published: `{}` is as it was", published.display()));
    }
    let mut entry = draft.entry;
    let kept = crate::release::archived_table(&config.paths.private, entry.seq);
    let recorded = (|| -> Result<()> {
        if !kept.is_file() {
            std::fs::create_dir_all(kept.parent().unwrap_or(&config.paths.private))
                .with_context(|| format!("failed to create the folder of `{}`", kept.display()))?;
            let table = std::fs::read(release_dir.join("kpi.csv")).context("failed to read the draft's `kpi.csv`")?;
            crate::files::write_atomic(&kept, &table)?;
        }
        match register.releases.iter_mut().find(|e| e.seq == entry.seq) {
            Some(existing) => {
                existing.outputs.insert(code.clone(), expected.clone());
                if !existing.languages.contains(&code) {
                    existing.languages.push(code.clone());
                    existing.languages.sort();
                }
                entry = existing.clone();
            }
            None => {
                entry.languages = vec![code.clone()];
                register.releases.push(entry.clone());
            }
        }
        register.save(&config.paths.private)
    })();
    recorded.with_context(|| {
        format!(
            "`{}` is published but the release could not be recorded in the register: run `jamstat publish --period \
             {period}` again to record it",
            published.display()
        )
    })?;
    landing::refresh(config, lang, false).with_context(|| {
        format!("the report is published in `{}`, but the landing page could not be updated", published.display())
    })?;
    Ok(Published { index: published.join("index.html"), entry, again })
}

/// The register must be as the draft saw it: the same release when it
/// existed, else the next one. True when the release is out in `lang` already.
fn check_register(register: &Register, draft: &Draft, lang: &str, redo: &str) -> Result<bool> {
    let e = &draft.entry;
    match register.get(e.seq) {
        Some(recorded) if recorded.number == e.number && recorded.inputs == e.inputs => {
            let published = recorded.outputs.get(lang);
            if published.is_some_and(|files| Some(files) != e.outputs.get(lang)) {
                bail!(
                    "release {} of {} was published in this language with other files than this draft (the \
                     templates changed?): a release is never changed once out; {redo} after a corrected export",
                    e.label(),
                    e.period
                );
            }
            Ok(published.is_some())
        }
        Some(_) => bail!("another release was published as number {} since the draft was made: {redo}", e.seq),
        None if draft.existing => bail!("the register no longer holds release {}: {redo}", e.label()),
        None => {
            let last = register.latest(&e.period).map(|l| l.number.clone());
            let next = register.releases.iter().map(|r| r.seq).max().unwrap_or(0) + 1;
            if last != e.revises || next != e.seq {
                bail!("another release was published since the draft of {} was made: {redo}", e.period);
            }
            Ok(false)
        }
    }
}
