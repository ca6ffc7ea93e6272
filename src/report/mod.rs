//! The report stage: takes the indicator table of one period with its
//! comparison periods ([`ReportInput`]) and a language, gives a
//! self-contained `index.html` (inline CSS, fonts and SVG, no outside
//! request), `report.pdf` (typst, in process), and `charts/*.svg` with each
//! chart's data as `charts/*.csv`. The HTML comes from tera templates and
//! the PDF from a typst template, both loaded at run time from the
//! templates folder with the message catalogue ([`i18n`]); both print the
//! same view model.
//!
//! Every number on the page comes from the table; this module only looks
//! rows up and formats them ([`format`]), builds the view model
//! (`page`, `sections`) and the charts ([`super::charts`]).

mod builder;
pub mod charts;
mod coverage;
mod describe;
pub mod format;
pub mod i18n;
pub mod input;
mod kelurahan;
mod lurah;
pub mod map;
mod page;
mod pdf;
mod performance;
pub mod period;
pub mod png;
mod revision;
mod sections;
mod statement;
mod trend;
mod view;
pub mod workbook;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use tera::Tera;

/// Everything the report needs; the caller reads it from the lake and config.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub region_name: String,
    pub programme_name: String,
    /// `2025-Q4`, `2025-11`, `2025-H2`, `2025` or `2025-01..2025-11`.
    pub period: crate::period::Period,
    /// The period of the same length just before.
    pub previous_period: crate::period::Period,
    /// The same period a year earlier.
    pub year_ago_period: crate::period::Period,
    /// Months of the trend charts, oldest first.
    pub trend_months: Vec<crate::period::Month>,
    pub release_date: chrono::NaiveDate,
    /// The Kemendagri reference, sorted by code.
    pub wilayah: Vec<crate::reference::Kelurahan>,
    /// Every number shown comes from here.
    pub table: crate::indicators::KpiTable,
    pub data_quality: Vec<QualityLine>,
    /// The Paritrana panel's calendar year and the year before (`2025`, `2024`),
    /// when the table has them.
    pub paritrana_years: Option<(i32, i32)>,
    pub regulations: Vec<crate::config::Regulation>,
    pub innovation: Vec<String>,
    pub provenance: ProvenanceNote,
    /// An internal run without disclosure control: every page says so.
    pub internal: bool,
    /// Counts below this are hidden at kecamatan and kelurahan level.
    pub disclosure_threshold: i64,
    /// The release the report is; none for an internal run.
    pub release: Option<ReleaseNote>,
    /// The open data's licence (SPDX id).
    pub licence: String,
    /// Who publishes and where the figures come from (the workbook's cover).
    pub publisher: Publisher,
    /// The kelurahan boundaries, when the reference folder has the region's.
    pub boundaries: Option<map::Boundaries>,
}

/// The publisher's lines of the workbook's cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publisher {
    /// The Kemendagri code of the region, `35.77`.
    pub region_code: String,
    pub source: String,
    pub producer: String,
    pub contact: String,
    pub licence_url: String,
}

/// What a report says of its release: its number on the cover, whether it
/// is the draft (every page stamped with the planned date), and for a
/// revision what changed and why.
#[derive(Debug, Clone, Default)]
pub struct ReleaseNote {
    /// `No. 01/01/3577/Th.I`.
    pub number: String,
    pub revision: u32,
    /// The number of the release it revises.
    pub revises: Option<String>,
    /// `11:00` (WIB).
    pub time: String,
    /// The release against the calendar.
    pub schedule: Schedule,
    pub draft: bool,
    /// The exports that replaced earlier ones since the revised release.
    pub replaced: Vec<Replaced>,
    /// Every published figure that differs from an earlier release (`[r]`).
    pub changes: Vec<crate::release::changes::Change>,
}

/// A release against the release calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Schedule {
    /// On the date the calendar first gave.
    OnTime,
    /// Moved from `first`, for `reason`.
    Postponed { first: chrono::NaiveDate, reason: String },
    /// The calendar does not list the period.
    #[default]
    Unscheduled,
}

/// One export that replaced another for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replaced {
    pub dataset: String,
    /// `2025-11`.
    pub month: String,
    /// Empty when the month was not in the revised release.
    pub old_file: String,
    pub new_file: String,
}

/// What the methodology says of `provenance.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProvenanceNote {
    pub jamstat_version: String,
    pub config_sha256: String,
    /// Lake partitions read, and the distinct export files they came from.
    pub partitions: usize,
    pub source_files: usize,
    /// (file, SHA-256) of each query file.
    pub queries: Vec<(String, String)>,
}

/// Ingest counts of one file, for the methodology section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualityLine {
    pub dataset: String,
    pub periode: String,
    pub source_file: String,
    pub rows_read: u64,
    pub rows_ingested: u64,
    pub rows_quarantined: u64,
    pub rows_skipped: u64,
    pub warnings: u64,
}

/// The template every report starts from.
const MAIN_TEMPLATE: &str = "report.html";

/// Every PDF template: the report's and the kelurahan pages'.
pub const PDF_TEMPLATES: [&str; 2] = [pdf::TEMPLATE, lurah::TEMPLATE];

/// The PDF's file name in the period folder.
pub const PDF: &str = "report.pdf";

/// Renders `out_dir/index.html` (self-contained), `out_dir/report.pdf` and
/// `out_dir/charts/*.svg` from templates in `templates_dir`, loaded at run
/// time, in `lang`. Returns the path of index.html.
pub fn render(input: &ReportInput, lang: i18n::Lang, templates_dir: &Path, out_dir: &Path) -> Result<PathBuf> {
    let m = i18n::Messages::load(templates_dir, lang)?;
    let (page, charts) = page::build(input, &m)?;
    let tera = load_templates(templates_dir, &m)?;
    let mut context = tera::Context::from_serialize(&page).context("failed to prepare the report's view model")?;
    context.insert("font_css", &font_css());
    let html = tera
        .render(MAIN_TEMPLATE, &context)
        .with_context(|| format!("failed to render template `{}`", templates_dir.join(MAIN_TEMPLATE).display()))?;

    let charts_dir = out_dir.join("charts");
    fs::create_dir_all(&charts_dir).with_context(|| format!("failed to create `{}`", charts_dir.display()))?;
    for (file, svg) in &charts {
        let path = charts_dir.join(file);
        fs::write(&path, svg).with_context(|| format!("failed to write `{}`", path.display()))?;
        if file.ends_with(".svg") {
            for (name, bytes) in png::names(file).iter().zip(png::pictures(svg, file)?) {
                let path = charts_dir.join(name);
                fs::write(&path, bytes).with_context(|| format!("failed to write `{}`", path.display()))?;
            }
        }
    }
    let index = out_dir.join("index.html");
    fs::write(&index, html).with_context(|| format!("failed to write `{}`", index.display()))?;
    let page_json = serde_json::to_string(&page).context("failed to serialise the view model for the PDF")?;
    let pdf = pdf::compile(
        &pdf::PdfInput {
            template: pdf::TEMPLATE,
            page_json,
            json_name: "page.json",
            charts: &charts,
            folder: "charts",
            release_date: input.release_date,
            ident: format!("jamstat {} {} {}", input.region_name, input.period, lang.code()),
        },
        templates_dir,
    )?;
    crate::files::write_atomic(&out_dir.join(PDF), &pdf)?;
    // Into the staging folder, which is put in place whole (as the charts).
    let xlsx = workbook::workbook(&page, input, &m)?;
    let path = out_dir.join(workbook::FILE);
    fs::write(&path, xlsx).with_context(|| format!("failed to write `{}`", path.display()))?;
    kelurahan_pages(input, &page, &m, templates_dir, out_dir)?;
    Ok(index)
}

/// `kelurahan/<kode>.pdf` for every kelurahan of the reference and
/// `kelurahan/semua.pdf` with all of them, from `kelurahan.typ`.
fn kelurahan_pages(
    input: &ReportInput,
    page: &page::Page,
    m: &i18n::Messages,
    templates_dir: &Path,
    out_dir: &Path,
) -> Result<()> {
    let (sheets, maps) = (&page.lurah_sheets, &page.lurah_maps);
    let dir = out_dir.join(lurah::FOLDER);
    fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let pages = |sheets: &[lurah::Sheet]| lurah::Pages {
        lang: m.lang.code(),
        msg: m.all().clone(),
        region: input.region_name.clone(),
        programme: input.programme_name.clone(),
        period_label: page.period_label.clone(),
        previous_label: page.previous_label.clone(),
        release_date: page.release_date.clone(),
        release_line: page.release_line.clone(),
        draft_stamp: page.draft_stamp.clone(),
        internal: input.internal,
        head: vec![m.t("col_measure"), page.period_label.clone(), page.previous_label.clone()],
        credit: map::CREDIT.to_string(),
        sheets: sheets.to_vec(),
    };
    let mut jobs: Vec<(String, lurah::Pages)> =
        sheets.iter().map(|s| (format!("{}.pdf", s.code), pages(std::slice::from_ref(s)))).collect();
    jobs.push((lurah::ALL.to_string(), pages(sheets)));
    let mut written = jobs.iter().map(|(file, _)| dir.join(file));
    let compile = |(file, pages): &(String, lurah::Pages)| {
        let json = serde_json::to_string(pages).context("failed to serialise the kelurahan pages")?;
        let ident = format!("jamstat {} {} {} {file}", input.region_name, input.period, m.lang.code());
        let input = pdf::PdfInput {
            template: lurah::TEMPLATE,
            page_json: json,
            json_name: "pages.json",
            charts: maps,
            folder: "maps",
            release_date: input.release_date,
            ident,
        };
        pdf::compile(&input, templates_dir)
    };
    crate::parallel::in_order(&jobs, 2, compile, |bytes| match written.next() {
        Some(path) => fs::write(&path, bytes).with_context(|| format!("failed to write `{}`", path.display())),
        None => anyhow::bail!("more kelurahan pages than kelurahan"),
    })
}

/// `@font-face` rules with the vendored DejaVu Sans subset inlined (WOFF2,
/// about 57 kB in all), so the page and its charts render the same on any
/// machine and make no outside request.
pub(crate) fn font_css() -> String {
    use base64::Engine;
    const FACES: [(&[u8], &str); 2] = [
        (include_bytes!("../../assets/fonts/DejaVuSans.woff2"), "400"),
        (include_bytes!("../../assets/fonts/DejaVuSans-Bold.woff2"), "700"),
    ];
    FACES
        .iter()
        .map(|(data, weight)| {
            let b64 = base64::engine::general_purpose::STANDARD.encode(data);
            format!(
                "@font-face {{ font-family: \"DejaVu Sans\"; font-weight: {weight}; font-style: normal; src: url(data:font/woff2;base64,{b64}) format(\"woff2\"); }}\n"
            )
        })
        .collect()
}

/// Every `*.html` file of `dir`, named by its file name, with the filters
/// and the message function of `m`'s language registered; autoescaping is
/// on for `.html`.
pub(crate) fn load_templates(dir: &Path, m: &i18n::Messages) -> Result<Tera> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("failed to read the templates folder `{}`", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("failed to list `{}`", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            files.push((path, name));
        }
    }
    files.sort();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    format::register_filters(&mut tera, m);
    tera.add_template_files(files).with_context(|| format!("failed to load the templates in `{}`", dir.display()))?;
    if tera.get_template_names().all(|n| n != MAIN_TEMPLATE) {
        anyhow::bail!("the templates folder `{}` has no `{MAIN_TEMPLATE}`", dir.display());
    }
    Ok(tera)
}

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod fixture_periods;
#[cfg(test)]
mod tests;
