//! Rendering the hand-made fixture end to end.

use std::path::{Path, PathBuf};

use super::fixture::{self, SCRIPT_NAME};
use super::i18n::Lang;
use super::render;

fn templates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates")
}

/// A fresh, empty folder under the target directory for one test.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("report-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn render_to(name: &str) -> (PathBuf, String) {
    let dir = out_dir(name);
    let index = render(&fixture::input(), Lang::Id, &templates(), &dir).unwrap();
    let html = std::fs::read_to_string(&index).unwrap();
    (dir, html)
}

#[test]
fn report_shows_the_headline_numbers_in_indonesian_form() {
    let (_, html) = render_to("headline");
    for text in [
        "Laporan Triwulan",
        "Triwulan IV 2025",
        "Dirilis 15 Januari 2026",
        "17.484",
        "51.293",
        "Rp6,2 miliar",
        "Rp6.200.000.000",
        "206,7%",
        "naik 4,2 persen dari triwulan lalu",
        "poin persen dari triwulan lalu",
        "7.902 Non-ASN",
        "44.800 pekerja belum terlindungi",
        "[c] disembunyikan untuk melindungi kerahasiaan (kurang dari ambang pengungkapan)",
        "href=\"kpi.csv\"",
        "href=\"kpi.json\"",
        "51.410",
    ] {
        assert!(html.contains(text), "index.html lacks `{text}`");
    }
}

#[test]
fn report_in_english_uses_english_words_and_number_formats() {
    let dir = out_dir("english");
    let index = render(&fixture::input(), Lang::En, &templates(), &dir).unwrap();
    let html = std::fs::read_to_string(&index).unwrap();
    for text in [
        "<html lang=\"en\">",
        "Quarterly Report",
        "Q4 2025",
        "Released 15 January 2026",
        "17,484",
        "IDR 6.2 billion",
        "IDR 6,200,000,000",
        "206.7%",
        "up 4.2 per cent from last quarter",
        "44,800 workers not yet covered",
        "Jan",
        "Dec",
    ] {
        assert!(html.contains(text), "the English index.html lacks `{text}`");
    }
    for indonesian in ["Triwulan", "Dirilis", "Rp6", "naik ", "Ringkasan", "Desember"] {
        assert!(!html.contains(indonesian), "the English index.html has `{indonesian}`");
    }
    assert!(!html.contains('⟦'), "a message is missing from the catalogue");
    for file in std::fs::read_dir(dir.join("charts")).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.contains('⟦') && !text.contains("Rp"), "a chart has Indonesian or missing words");
    }
}

#[test]
fn every_message_the_report_uses_is_in_the_catalogue() {
    let (dir, html) = render_to("catalogue");
    assert!(!html.contains('⟦'), "a message is missing from the catalogue");
    let pdf = std::fs::read(dir.join(super::PDF)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "report.pdf is a PDF");
}

#[test]
fn report_makes_no_outside_reference() {
    let (_, html) = render_to("offline");
    assert!(!html.contains("http://"), "index.html has an http:// reference");
    assert!(!html.contains("https://"), "index.html has an https:// reference");
    assert!(!html.contains("<script"), "index.html has a script element");
    assert!(!html.contains("<link"), "index.html links a resource");
}

#[test]
fn report_escapes_names_from_data() {
    let (_, html) = render_to("escape");
    assert!(!html.contains(SCRIPT_NAME));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
}

#[test]
fn report_is_byte_identical_when_rendered_twice() {
    let (dir_a, a) = render_to("twice-a");
    let (dir_b, b) = render_to("twice-b");
    assert_eq!(a, b);
    let pdf = |d: &Path| std::fs::read(d.join(super::PDF)).unwrap();
    assert_eq!(pdf(&dir_a), pdf(&dir_b), "report.pdf differs");
    for chart in [
        "peserta_tren.svg",
        "klaim_program.svg",
        "rasio_klaim_tren.svg",
        "cakupan.svg",
        "rentan_kelurahan.svg",
        "cakupan.csv",
    ] {
        let read = |d: &Path| std::fs::read(d.join("charts").join(chart)).unwrap();
        assert_eq!(read(&dir_a), read(&dir_b), "charts/{chart} differs");
    }
}

#[test]
fn report_lists_every_kelurahan_under_its_kecamatan() {
    let (_, html) = render_to("kelurahan");
    // From the first kecamatan subtotal on (the FGD list before it names
    // the kelurahan too, by rank).
    let html = &html[html.find("Jumlah kecamatan").expect("a subtotal") - 200..];
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("missing `{s}`"));
    assert!(at("<th scope=\"row\">Manguharjo</th><th scope=\"row\">Jumlah kecamatan</th>") < at(">Patihan<"));
    assert!(at(">Patihan<") < at("<th scope=\"row\">Taman</th><th scope=\"row\">Jumlah kecamatan</th>"));
    assert!(html.contains("<td>19.000</td>"), "kecamatan subtotal from the table");
}

#[test]
fn report_survives_missing_comparison_periods() {
    let mut input = fixture::input();
    // Periods the table has no row of.
    input.previous_period = "2020-Q1".parse().unwrap();
    input.year_ago_period = "2023-Q4".parse().unwrap();
    input.trend_months.clear();
    let dir = out_dir("missing");
    let index = render(&input, Lang::Id, &templates(), &dir).unwrap();
    let html = std::fs::read_to_string(index).unwrap();
    assert!(html.contains("perbandingan dengan triwulan lalu tidak tersedia"));
    assert!(html.contains("17.484"));
}

#[test]
fn a_missing_template_folder_is_named_in_the_error() {
    let err =
        render(&fixture::input(), Lang::Id, Path::new("/nonexistent/templates"), &out_dir("no-templates")).unwrap_err();
    assert!(format!("{err:#}").contains("`/nonexistent/templates/messages.toml`"), "{err:#}");
}
