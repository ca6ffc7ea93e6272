//! `report.xlsx` read back with calamine: every number in it is a value of
//! the period's `kpi.csv`, and the workbook passes the items of the
//! Analysis Function's accessible-spreadsheet checklist that reading it can
//! check (cover, contents linking every table, notes, one table per sheet
//! with its title in A1 and a single header row, no merged cells, no blank
//! rows, numbers stored as numbers, markers explained).

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// The values of `kpi.csv`, exactly as the table holds them.
fn kpi_values(dir: &Path) -> Vec<f64> {
    let text = std::fs::read_to_string(dir.join("kpi.csv")).expect("kpi.csv");
    let table = jamstat::indicators::KpiTable::from_csv(&text).expect("a table");
    table.rows().iter().filter_map(|r| r.value).map(|v| v.as_f64()).collect()
}

/// A text that reads as a figure (`17.484`, `53,4%`, `Rp1.200`): it should
/// have been a number.
fn looks_numeric(text: &str) -> bool {
    let t = text.trim().trim_start_matches("Rp").trim_end_matches('%').trim_end_matches(" [r]");
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".,-".contains(c)) && t.chars().any(|c| c.is_ascii_digit())
}

/// Checks the workbook of a report folder; `sheets` are the names of the
/// cover, contents and notes sheets, `table` the prefix of a table sheet.
/// Returns how many numbers it read.
pub fn assert_workbook(dir: &Path, sheets: [&str; 3], table: &str) -> usize {
    let path = dir.join("report.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names();
    assert_eq!(names[..3], sheets, "cover, contents and notes come first");
    let tables: Vec<String> = names[3..].to_vec();
    for (i, name) in tables.iter().enumerate() {
        assert_eq!(name, &format!("{table}{}", i + 1), "table sheets in order");
    }
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    // Every table of the page but the ingest counts of the methodology
    // (which provenance.json holds).
    let captions = crate::figures::texts(&html, "<caption", "</caption>").len();
    let ingest_counts = html.matches("<table class=\"quality\"").count();
    assert_eq!(tables.len(), captions - ingest_counts, "one sheet per table of the page");
    wb.load_tables().expect("the workbook's tables");
    let values = kpi_values(dir);
    let found = |v: f64| values.iter().any(|x| (x - v).abs() < 1e-9);
    let mut numbers = 0;
    let mut refs: BTreeSet<String> = BTreeSet::new();

    for name in &names {
        let range = wb.worksheet_range(name).expect("a sheet");
        assert_eq!(range.start(), Some((0, 0)), "`{name}` starts in A1");
        assert!(matches!(range.get((0, 0)), Some(Data::String(s)) if !s.is_empty()), "`{name}`: a title in A1");
        let merged = wb.merge_cells_by_sheet_name(name).expect("merged cells");
        assert!(merged.is_empty(), "`{name}` has merged cells: {merged:?}");
        for (r, row) in range.rows().enumerate() {
            assert!(row.iter().any(|c| !matches!(c, Data::Empty)), "`{name}` row {} is blank", r + 1);
        }
        // A table sheet names its notes in A2: `[note 2], [note 5]`.
        if let (true, Some(Data::String(s))) = (tables.contains(name), range.get((1, 0))) {
            let mut rest = s.as_str();
            while let Some(at) = rest.find("[note ") {
                let end = rest[at..].find(']').map_or(rest.len(), |e| at + e + 1);
                refs.insert(rest[at..end].to_string());
                rest = &rest[end..];
            }
        }
        if name == sheets[0] {
            continue;
        }
        // One Excel table on the sheet, its single header row the row
        // above the data, every column named.
        let in_sheet: Vec<String> = wb.table_names_in_sheet(name).into_iter().cloned().collect();
        assert_eq!(in_sheet.len(), 1, "`{name}` holds one table");
        let t = wb.table_by_name(&in_sheet[0]).expect("the table");
        let header = 3;
        for (c, column) in t.columns().iter().enumerate() {
            assert!(!column.is_empty(), "`{name}`: column {c} is named");
            assert_eq!(range.get((header, c)), Some(&Data::String(column.clone())), "`{name}`: the header row");
        }
        let label_cols = if tables.contains(name) { label_columns(&range, header) } else { t.columns().len() };
        for row in range.rows().skip(header + 1) {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Data::Float(v) => {
                        assert!(found(*v), "`{name}`: {v} is not a value of kpi.csv");
                        numbers += 1;
                    }
                    Data::Int(v) => {
                        assert!(found(*v as f64), "`{name}`: {v} is not a value of kpi.csv");
                        numbers += 1;
                    }
                    Data::String(s) if c >= label_cols => {
                        assert!(!looks_numeric(s), "`{name}`: the figure `{s}` is stored as text");
                    }
                    Data::String(_) => {}
                    other => panic!("`{name}`: unexpected cell {other:?}"),
                }
            }
        }
    }

    // The contents sheet links every table sheet; the notes sheet holds
    // every note referred to and explains the markers.
    let links = wb.hyperlinks_by_sheet_name(sheets[1]).expect("links");
    let targets: BTreeSet<String> = links.iter().filter_map(|l| l.location.clone()).collect();
    for name in &tables {
        assert!(targets.contains(&format!("'{name}'!A1")), "the contents link `{name}`: {targets:?}");
    }
    let notes = wb.worksheet_range(sheets[2]).expect("notes");
    let numbered: BTreeSet<String> = notes.rows().skip(4).filter_map(|r| r.first()).map(|c| c.to_string()).collect();
    for marker in ["[c]", "n/a", "–", "[r]"] {
        assert!(numbered.contains(marker), "the notes explain `{marker}`");
    }
    assert!(!refs.is_empty(), "the tables refer to notes");
    for r in &refs {
        assert!(numbered.contains(r), "`{r}` is in the notes sheet");
    }
    numbers
}

/// The leading columns of a table sheet that hold labels: those whose
/// cells below the header are all text.
fn label_columns(range: &calamine::Range<Data>, header: usize) -> usize {
    let width = range.width();
    (0..width)
        .take_while(|c| {
            range.rows().skip(header + 1).all(|r| matches!(r.get(*c), Some(Data::String(_)) | Some(Data::Empty)))
        })
        .count()
        .min(width)
}

/// The document's properties: a title and an author, and no clock (its
/// date is the release date).
pub fn assert_properties(dir: &Path, release_date: &str) {
    let file = std::fs::File::open(dir.join("report.xlsx")).expect("the workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").expect("core.xml"), &mut core).expect("text");
    for tag in ["<dc:title>", "<dc:creator>", "<dc:subject>", "<cp:keywords>"] {
        let at = core.find(tag).unwrap_or_else(|| panic!("{tag} in {core}"));
        assert!(!core[at + tag.len()..].starts_with('<'), "{tag} is set");
    }
    assert!(core.contains(&format!(">{release_date}T00:00:00Z<")), "dated by the release: {core}");
}

/// Every cell of every sheet as text, a line per row.
pub fn cells_text(path: &Path) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = String::new();
    for name in wb.sheet_names() {
        for row in wb.worksheet_range(&name).expect("a sheet").rows() {
            out.push_str(&row.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" "));
            out.push('\n');
        }
    }
    out
}

/// The pictures of every chart: a PNG at 1920x1080 and one 2480 pixels
/// wide, beside each SVG.
pub fn assert_pictures(dir: &Path) {
    let size = |path: &Path| {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", path.display());
        let be = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        (be(16), be(20))
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir.join("charts")).expect("charts") {
        let path = entry.expect("an entry").path();
        let Some(stem) = path.file_name().and_then(|f| f.to_str()).and_then(|f| f.strip_suffix(".svg")) else {
            continue;
        };
        assert_eq!(size(&dir.join(format!("charts/{stem}-1920x1080.png"))), (1920, 1080), "{stem}");
        assert_eq!(size(&dir.join(format!("charts/{stem}-300dpi.png"))).0, 2480, "{stem}");
        n += 1;
    }
    assert!(n >= 7, "every chart and map has its pictures ({n})");
}

/// Every kelurahan of the reference has its page, and all are in one PDF;
/// every number of a page's text is a figure of `kpi.csv`, but the place
/// in the FGD list (`Urutan 3 dari 27`: a position, not a statistic), the
/// kelurahan's code, years, and the footer's release line (tested with
/// the report).
pub fn assert_kelurahan_pages(dir: &Path, lang: crate::figures::Lang, codes: &[&str]) {
    let figures = crate::figures::Figures::from_csv(&dir.join("kpi.csv"));
    let all = dir.join("kelurahan/semua.pdf");
    assert_eq!(crate::figures::pdf_pages(&all), codes.len(), "one page per kelurahan in the printing file");
    for code in codes {
        let path = dir.join(format!("kelurahan/{code}.pdf"));
        assert_eq!(crate::figures::pdf_pages(&path), 1, "{code}: one page");
        let text = crate::figures::pdf_text(&path);
        let place = ["Urutan ", "Place "];
        let footer = ["Berita Resmi", "Official release"];
        let cut: String = text
            .lines()
            .filter(|l| !place.iter().any(|p| l.trim_start().starts_with(p)))
            .filter(|l| !footer.iter().any(|f| l.contains(f)))
            .map(|l| l.replace(code, ""))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(cut.lines().count() > 10, "{code}: the page has its figures");
        let bad = crate::figures::unmatched(&cut, lang, &figures, &|_| false);
        assert!(bad.is_empty(), "{code}: numbers that kpi.csv does not have: {bad:?}");
        assert!(text.contains("Kota Madiun"), "{code}");
        assert_members_by_kategori(dir, lang, code, &text);
    }
}

/// A kelurahan page lists its members by kategori, programme and all: one
/// row per kategori cell of the period in `kpi.csv`, with its value.
fn assert_members_by_kategori(dir: &Path, lang: crate::figures::Lang, code: &str, text: &str) {
    let period = dir.file_name().and_then(|n| n.to_str()).expect("the period folder");
    let kpi = std::fs::read_to_string(dir.join("kpi.csv")).expect("kpi.csv");
    let prefix = format!("members_active,{period},");
    let cells: Vec<Vec<&str>> = kpi
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[3] == "kelurahan_kategori" && f[4].starts_with(&format!("{code}/")))
        .collect();
    assert!(cells.len() >= 2, "{code}: kpi.csv has its members by kategori");
    let marker = if lang == crate::figures::Lang::Id { "– kategori " } else { "– category " };
    let rows: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with(marker)).collect();
    // (A kategori found only last quarter has a row too.)
    assert!(rows.len() >= cells.len(), "{code}: a row per kategori and scope: {rows:?}");
    for f in &cells {
        let shown = if f[7] == "suppressed" { "[c]".to_string() } else { lang.count(f[5].parse().expect("a count")) };
        assert!(
            rows.iter().any(|r| format!("{r} ").contains(&format!(" {shown} "))),
            "{code}: {} {} shows {shown}: {rows:?}",
            f[2],
            f[4]
        );
    }
}
