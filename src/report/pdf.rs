//! The PDF: takes the same view model as the HTML page (serialised to
//! JSON) and the same chart SVGs, and gives `report.pdf`, compiled in
//! process by the typst compiler from `report.typ` in the templates folder.
//!
//! typst runs in a sealed in-memory world: the template, `page.json` and
//! `charts/*.svg` are its only files, the vendored DejaVu Sans subset
//! (`assets/fonts`, compiled into the binary) its only fonts, and "today"
//! is the release date. Nothing is read from the machine, so the same
//! inputs give the same bytes; the PDF's identifier and date come from
//! the region, period and release date, never from the clock.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use chrono::Datelike;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The template the PDF starts from, beside `report.html`.
pub const TEMPLATE: &str = "report.typ";

/// The fonts every PDF (and every chart in it) is set in.
const FONTS: [&[u8]; 2] =
    [include_bytes!("../../assets/fonts/DejaVuSans.ttf"), include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf")];

/// An in-memory typst world: the main source plus named virtual files.
struct Sealed {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    /// (path inside the world, bytes), e.g. `/page.json`.
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow!("bad virtual path `{path}`: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for Sealed {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        Err(FileError::NotSource)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// What the PDF is made of; the caller gives the same view model and
/// charts the HTML page got.
pub struct PdfInput<'a> {
    /// The template's file name in the templates folder (`report.typ`).
    pub template: &'a str,
    /// The view model as JSON, and the name the template reads it by.
    pub page_json: String,
    pub json_name: &'a str,
    /// (file name under `folder/`, SVG): the charts, or the maps.
    pub charts: &'a [(String, String)],
    pub folder: &'a str,
    pub release_date: chrono::NaiveDate,
    /// Names the document for its PDF identifier: `Kota Madiun 2025-Q4 id`.
    pub ident: String,
}

/// Compiles `templates_dir/report.typ` with the page and charts; gives the PDF bytes.
pub fn compile(input: &PdfInput<'_>, templates_dir: &Path) -> Result<Vec<u8>> {
    let template_path = templates_dir.join(input.template);
    let text = std::fs::read_to_string(&template_path)
        .with_context(|| format!("failed to read the PDF template `{}`", template_path.display()))?;
    let main = Source::new(file_id(&format!("/{}", input.template))?, text);
    let mut files = vec![(file_id(&format!("/{}", input.json_name))?, Bytes::from_string(input.page_json.clone()))];
    for (name, svg) in input.charts {
        files.push((file_id(&format!("/{}/{name}", input.folder))?, Bytes::from_string(svg.clone())));
    }
    let fonts: Vec<Font> = FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    let d = input.release_date;
    let today = Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .ok_or_else(|| anyhow!("release date {d} is out of typst's range"))?;
    let world = Sealed {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main,
        files,
        today,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned.output.map_err(|errors| diagnostics(&template_path, &world, &errors))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(input.ident.clone()),
        creator: Smart::Custom(Some(format!("jamstat {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| diagnostics(&template_path, &world, &errors))
}

/// typst's errors as one message naming the template line of each.
fn diagnostics(template: &Path, world: &Sealed, errors: &[SourceDiagnostic]) -> anyhow::Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            let line = world
                .range(e.span)
                .and_then(|r| world.main.lines().byte_to_line(r.start))
                .map_or_else(String::new, |l| format!(" line {}", l + 1));
            let hints = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect::<String>();
            format!("{}{line}: {}{hints}", template.display(), e.message)
        })
        .collect();
    anyhow!("failed to typeset the PDF:\n{}", lines.join("\n"))
}
