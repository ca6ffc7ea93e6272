//! The landing page `output/index.html`: every published period folder
//! (one holding `index.html` and `provenance.json`), newest first, so the
//! output folder can be copied to the city website as it is. Rebuilt after
//! every report from what is on disk; the release date of each period is
//! read from its `provenance.json`, never from the clock. The English
//! reports live in `output/en/` with a landing page of their own; each
//! landing page links to the other when it exists.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::provenance::PROVENANCE;
use crate::config::{Config, Scheduled};
use crate::release::Register;
use crate::report::format::{label_of, parse_period};
use crate::report::i18n::{Lang, Messages};
use crate::report::period::kind_key;

/// The template of the landing page, beside `report.html`.
const TEMPLATE: &str = "landing.html";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The folder name, `2025-Q4`.
    pub period: String,
    pub label: String,
    pub kind: String,
    /// ISO date from the period's provenance.
    pub release_date: String,
    /// `No. 01/01/3577/Th.I` and its revision, from the provenance (empty
    /// for a folder published before releases were numbered, or internal).
    pub release: String,
    pub revision: u32,
}

/// One line of the release history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct HistoryRow {
    number: String,
    period: String,
    label: String,
    revision: u32,
    revises: String,
    release_date: String,
    time: String,
    /// Published in this page's language (the folder holds its latest revision).
    here: bool,
}

/// One period of the release calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct CalendarRow {
    label: String,
    /// The planned date (the new one when postponed).
    release_date: String,
    first_date: String,
    time: String,
    /// `published`, `postponed` or `upcoming`.
    status: &'static str,
    reason: String,
}

#[derive(Debug, Clone, Serialize)]
struct Landing<'a> {
    lang: &'static str,
    /// The landing page in the other language, relative to this one, when it exists.
    other_lang: Option<&'static str>,
    /// `en` or `id`: the language of that link's words.
    other_code: &'static str,
    region: &'a str,
    programme: &'a str,
    periods: Vec<Published>,
    history: Vec<HistoryRow>,
    calendar: Vec<CalendarRow>,
}

/// The published periods under `output`, newest last month first, longer periods first on a tie.
pub fn published(output: &Path, m: &Messages) -> Result<Vec<Published>> {
    let mut found = Vec::new();
    let entries = fs::read_dir(output).with_context(|| format!("failed to list `{}`", output.display()))?;
    for entry in entries {
        let dir = entry?.path();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(period) = parse_period(&name) else { continue };
        let provenance = dir.join(PROVENANCE);
        if !dir.join("index.html").is_file() || !provenance.is_file() {
            continue;
        }
        let text =
            fs::read_to_string(&provenance).with_context(|| format!("failed to read `{}`", provenance.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("`{}` is not valid JSON", provenance.display()))?;
        let release_date = json["release_date"].as_str().unwrap_or_default().to_string();
        let release = json["release"]["number"].as_str().map(|n| format!("No. {n}")).unwrap_or_default();
        let revision = json["release"]["revision"].as_u64().unwrap_or(0) as u32;
        found.push((
            period.last_month(),
            std::cmp::Reverse(period.len_months()),
            Published {
                label: label_of(&name, m.lang),
                kind: m.t(&format!("kind_{}", kind_key(period))),
                period: name,
                release_date,
                release,
                revision,
            },
        ));
    }
    found.sort_by(|a, b| (b.0, &a.1, &a.2.period).cmp(&(a.0, &b.1, &b.2.period)));
    Ok(found.into_iter().map(|(_, _, p)| p).collect())
}

/// Rewrites the landing page of `lang` (public, or the internal folder's)
/// and the other language's when it exists, with the release history and
/// calendar of the register and config (none for the internal folder).
pub fn refresh(config: &Config, lang: Lang, internal: bool) -> Result<()> {
    let register = if internal { Register::default() } else { Register::load(&config.paths.private)? };
    let calendar = if internal { &[][..] } else { &config.release.calendar[..] };
    let history = History { register: &register, calendar };
    let site =
        Site { templates: &config.paths.templates, region: &config.region.name, programme: &config.programme.name };
    write(&super::output_root(config, lang, internal), &site, lang, &history)?;
    let other = lang.other();
    let other_root = super::output_root(config, other, internal);
    if other_root.join("index.html").is_file() {
        write(&other_root, &site, other, &history)?;
    }
    Ok(())
}

/// The words every landing page shows.
struct Site<'a> {
    templates: &'a Path,
    region: &'a str,
    programme: &'a str,
}

/// The releases so far and the calendar.
pub struct History<'a> {
    pub register: &'a Register,
    pub calendar: &'a [Scheduled],
}

/// Writes `output/index.html` listing every published period of `output`
/// (the Indonesian root, or its `en/` folder for English), the release
/// history and the release calendar.
fn write(output: &Path, site: &Site, lang: Lang, history: &History) -> Result<PathBuf> {
    let Site { templates, region, programme } = *site;
    let m = Messages::load(templates, lang)?;
    let tera = crate::report::load_templates(templates, &m)?;
    let other_lang = match lang {
        Lang::Id => output.join("en").join("index.html").is_file().then_some("en/index.html"),
        Lang::En => output.parent().is_some_and(|root| root.join("index.html").is_file()).then_some("../index.html"),
    };
    let other_code = lang.other().code();
    let label = |p: &str| label_of(p, m.lang);
    let mut releases: Vec<HistoryRow> = history
        .register
        .releases
        .iter()
        .map(|e| HistoryRow {
            number: e.label(),
            period: e.period.clone(),
            label: label(&e.period),
            revision: e.revision,
            revises: e.revises.as_ref().map(|n| format!("No. {n}")).unwrap_or_default(),
            release_date: e.date.to_string(),
            time: e.time.replace(':', "."),
            here: e.languages.iter().any(|l| l == lang.code()),
        })
        .collect();
    releases.reverse();
    let calendar = history
        .calendar
        .iter()
        .map(|s| {
            let period = s.period.to_string();
            let out = history.register.latest(&period).is_some();
            CalendarRow {
                label: label(&period),
                release_date: s.planned().to_string(),
                first_date: s.date.to_string(),
                time: s.time.format("%H.%M").to_string(),
                status: if out {
                    "published"
                } else if s.postponed.is_some() {
                    "postponed"
                } else {
                    "upcoming"
                },
                reason: s.postponed.as_ref().map(|p| p.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let page = Landing {
        lang: lang.code(),
        other_lang,
        other_code,
        region,
        programme,
        periods: published(output, &m)?,
        history: releases,
        calendar,
    };
    let mut context = tera::Context::from_serialize(&page).context("failed to prepare the landing page")?;
    context.insert("font_css", &crate::report::font_css());
    let html = tera
        .render(TEMPLATE, &context)
        .with_context(|| format!("failed to render template `{}`", templates.join(TEMPLATE).display()))?;
    let index = output.join("index.html");
    crate::files::write_atomic(&index, html.as_bytes())?;
    Ok(index)
}
