//! The hostile fixtures (`tests/fixtures/hostile/`, written by its
//! `make.py`): each file is ingested on top of the small fixture's lake and
//! its exact outcome asserted: the message, the exit code, the counts, every
//! quarantined row, and an unchanged lake where the file is refused.

use std::path::PathBuf;

use jamstat::ingest::Options;

use crate::common::{REPO, Workspace};

fn hostile(file: &str) -> String {
    PathBuf::from(REPO).join("tests/fixtures/hostile").join(file).to_string_lossy().into_owned()
}

/// The small fixture with its exports in the lake.
fn ingested() -> Workspace {
    let ws = Workspace::fixture("small");
    let opts = Options { commit: true, progress: false };
    jamstat::ingest::run(&ws.config(), &[ws.path().join("exports")], opts).expect("the fixture ingests");
    ws
}

/// Files refused whole, and what the message says after the file's name.
const REFUSED: &[(&str, &str)] = &[
    (
        "peserta_2025-12_biner.csv",
        "` is not a text file (it contains NUL bytes): export it again from the BPJS application as CSV or XLSX",
    ),
    (
        "peserta_2025-12_bukan-excel.xlsx",
        "` is a CSV (text) file although its name ends in .xlsx: rename it to .csv and ingest it again",
    ),
    ("peserta_2025-12_terpotong.xlsx", "` is damaged or cut short (Zip error: invalid Zip archive"),
    ("klaim_2025-12_excel.csv", "` is an Excel workbook saved under a .csv name: rename it to .xlsx"),
    ("peserta_2025-12_kosong.csv", "` is empty: export the month again"),
    ("peserta_2025-12_judul-saja.csv", "` has no rows: a membership snapshot is never empty, export the month again"),
    (
        "peserta_2025-12_tanpa-kolom.csv",
        "` has no column `status`: export it again with every column of the `peserta` contract",
    ),
    (
        "peserta_tanpa-bulan.csv",
        "` has no `periode` column and no month in its name: rename it like peserta_2025-11.csv",
    ),
    (
        "peserta_2025-12_lama.xls",
        "` is an old Excel file (.xls): open it in Excel and save it as \"Excel Workbook (*.xlsx)\"",
    ),
    ("laporan_2025-12.csv", "`: the file name must start with the dataset, `peserta` or `klaim`"),
    (
        "peserta_2026-03.csv",
        "` line 2: periode 2026-03 is after the release date in the config (2026-01): set `publication.release_date` first",
    ),
];

#[test]
fn a_file_that_cannot_be_read_is_refused_whole_and_the_lake_is_unchanged() {
    let ws = ingested();
    let before = ws.files("lake");
    for (file, message) in REFUSED {
        for command in ["ingest", "check"] {
            let out = ws.jamstat(&[command, &hostile(file)]);
            assert_eq!(out.code, 1, "{command} {file}: {}", out.stderr);
            assert!(out.stderr.contains(&format!("{file}{message}")), "{command} {file}: {}", out.stderr);
            assert_eq!(
                out.stderr.lines().filter(|l| l.starts_with("error:")).count(),
                1,
                "one message: {}",
                out.stderr
            );
            assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        }
        assert_eq!(ws.files("lake"), before, "{file} left the lake as it was");
    }
}

/// One accepted hostile file: its counts and every problem, as
/// (line, column, code).
struct Expected {
    file: &'static str,
    /// read, kept, quarantined, skipped, warnings
    counts: [u64; 5],
    quarantined: &'static [(u64, &'static str, &'static str)],
    warnings: &'static [(u64, &'static str, &'static str)],
}

const ACCEPTED: &[Expected] = &[
    Expected {
        file: "peserta_2025-12_revisi.csv",
        counts: [16, 4, 11, 1, 1],
        quarantined: &[
            (6, "tgl_lahir", "BAD_DATE"),
            (7, "iuran", "BAD_AMOUNT"),
            (8, "iuran", "AMBIGUOUS_AMOUNT"),
            (9, "iuran", "NEGATIVE_AMOUNT"),
            (10, "nik", "BAD_NIK"),
            (11, "kode_wilayah", "UNKNOWN_KODE_WILAYAH"),
            (12, "segmen", "BAD_VALUE"),
            (13, "tgl_kepesertaan", "DATE_AFTER_PERIODE"),
            (14, "kpj", "DUPLICATE_KPJ"),
            (16, "", "WRONG_FIELD_COUNT"),
            (17, "periode", "PERIODE_MISMATCH"),
        ],
        warnings: &[(5, "kelurahan", "NAME_DIFFERS_FROM_CODE")],
    },
    Expected {
        file: "peserta_2025-11_revisi.csv",
        counts: [6, 6, 0, 0, 1],
        quarantined: &[],
        warnings: &[(2, "kelurahan", "NAME_DIFFERS_FROM_CODE")],
    },
    Expected {
        file: "peserta_2025-12.xlsx",
        counts: [5, 3, 2, 0, 0],
        quarantined: &[(3, "nik", "BAD_NIK"), (4, "iuran", "AMBIGUOUS_AMOUNT")],
        warnings: &[],
    },
    Expected {
        file: "klaim_2025-12_revisi.csv",
        counts: [9, 2, 6, 1, 0],
        quarantined: &[
            (3, "tgl_bayar", "TGL_BAYAR_MISSING"),
            (4, "tgl_bayar", "TGL_BAYAR_OUTSIDE_PERIODE"),
            (5, "nominal", "NOMINAL_ON_REJECTED"),
            (7, "no_klaim", "CONFLICTING_NO_KLAIM"),
            (8, "jumlah_penerima", "BAD_COUNT"),
            (10, "tgl_kejadian", "DATE_AFTER_PERIODE"),
        ],
        warnings: &[],
    },
];

fn problems(json: &serde_json::Value, key: &str) -> Vec<(u64, String, String)> {
    let mut out: Vec<(u64, String, String)> = json[key]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().expect("text").to_string();
            (p["line"].as_u64().expect("a line"), text("column"), text("code"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_bad_row_of_a_hostile_file_is_quarantined_with_its_line_and_reason() {
    for e in ACCEPTED {
        let ws = ingested();
        let out = ws.jamstat(&["ingest", &hostile(e.file), "--format", "json"]);
        assert_eq!(out.code, 0, "{}: {}", e.file, out.stderr);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        let f = &json["files"][0];
        let counts = ["rows_read", "rows_ingested", "rows_quarantined", "rows_skipped", "warnings"]
            .map(|k| f[k].as_u64().expect("a count"));
        assert_eq!((f["file"].as_str(), counts), (Some(e.file), e.counts));
        let want = |list: &[(u64, &str, &str)]| -> Vec<(u64, String, String)> {
            list.iter().map(|(l, c, code)| (*l, c.to_string(), code.to_string())).collect()
        };
        assert_eq!(problems(&json, "quarantined"), want(e.quarantined), "{}", e.file);
        assert_eq!(problems(&json, "warnings"), want(e.warnings), "{}", e.file);
        assert!(json["quarantined"].as_array().expect("a list").iter().all(|p| p["file"] == e.file));
    }
}

#[test]
fn an_excel_workbook_is_read_from_its_dataset_sheet_with_native_dates_and_numbers() {
    let ws = ingested();
    let out = ws.jamstat(&["ingest", &hostile("peserta_2025-12.xlsx")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lake = jamstat::lake::Lake::read_only(&ws.path().join("lake")).expect("open");
    let dec: jamstat::period::Month = "2025-12".parse().expect("a month");
    let df = lake
        .scan(jamstat::contract::Dataset::Peserta, &[dec])
        .expect("scan")
        .expect("December")
        .collect()
        .expect("collect");
    let column = |name: &str| -> Vec<String> {
        let c = df.column(name).expect("a column").cast(&polars::prelude::DataType::String).expect("as text");
        c.str().expect("text").iter().map(|v| v.unwrap_or("").to_string()).collect()
    };
    assert_eq!(column("kpj"), ["10000000001", "10000000014", "10000000015"], "numbers read as digits");
    assert_eq!(column("tgl_lahir"), ["1990-05-10", "1990-12-29", "1985-03-15"], "date cells read as dates");
    assert_eq!(column("tgl_kepesertaan")[1], "2023-03-15", "a date cell that lost its format: Excel serial 45000");
    assert_eq!(column("iuran"), ["16800", "16800", "16800"]);
    assert_eq!(column("kelurahan")[2], "SUKOSARI");
    let q = std::fs::read_to_string(ws.path().join("quarantine/peserta_2025-12.quarantine.csv")).expect("quarantine");
    assert!(q.contains("(Excel may have turned it into a number: format the column as text)"), "{q}");
}

#[test]
fn a_kelurahan_named_like_a_script_is_kept_as_text_and_never_published() {
    let ws = ingested();
    let out = ws.jamstat(&["ingest", &hostile("peserta_2025-12_revisi.csv")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = ws.publish_report(&["--period", "2025-Q4"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let html = std::fs::read_to_string(ws.path().join("output/2025-Q4/index.html")).expect("the report");
    assert!(html.contains("Manguharjo"), "names come from the wilayah reference");
    for (name, bytes) in ws.files("output") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("alert(1)") && !text.contains("Budi"), "{name}");
    }
}
