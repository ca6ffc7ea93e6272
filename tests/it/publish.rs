//! What a published period folder holds besides the page: the open-data
//! package (validated by the Frictionless validator from PyPI) and
//! `provenance.json`, both checked against the fixture's own files.

use std::path::{Path, PathBuf};
use std::process::Command;

use jamstat::files::sha256;
use polars::prelude::{DataType, ParquetReader, SerReader};

use crate::common::{REPO, Workspace};

/// The small fixture ingested and reported for 2025-Q4.
fn published() -> Workspace {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    let ingest = ws.jamstat(&["ingest", exports.to_str().expect("a UTF-8 path"), "--quiet"]);
    assert_eq!(ingest.code, 0, "{}", ingest.stderr);
    let report = ws.publish_report(&["--period", "2025-Q4"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    ws
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("the file exists")).expect("valid JSON")
}

#[test]
fn provenance_names_every_input_and_hashes_every_output() {
    let ws = published();
    let out = ws.path().join("output/2025-Q4");
    let p = json(&out.join("provenance.json"));
    let config_text = std::fs::read(ws.config_path()).expect("the config");
    assert_eq!(p["config"]["sha256"], sha256(&config_text));
    assert_eq!(p["release_date"], "2026-01-15");
    assert_eq!(p["jamstat_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["contract_version"], jamstat::contract::CONTRACT_VERSION);

    // Every partition of the fixture is read by 2025-Q4 or its comparisons
    // (the trend months and the years 2025 and 2024), each from its export.
    let mut expected: Vec<String> = std::fs::read_dir(ws.path().join("exports"))
        .expect("the exports")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .map(|name| {
            let bytes = std::fs::read(ws.path().join("exports").join(&name)).expect("an export");
            let (dataset, month) = name.trim_end_matches(".csv").split_once('_').expect("dataset_month");
            format!("{dataset} {month} {name} {}", sha256(&bytes))
        })
        .collect();
    expected.sort();
    let got: Vec<String> = p["partitions"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|x| {
            format!("{} {} {} {}", x["dataset"], x["periode"], x["source_file"], x["source_sha256"]).replace('"', "")
        })
        .collect();
    assert_eq!(got, expected);

    for (i, q) in ["claims", "contributions", "coverage", "members"].iter().enumerate() {
        let bytes = std::fs::read(Path::new(REPO).join(format!("queries/{q}.sql"))).expect("a query file");
        assert_eq!(p["queries"][i]["file"], format!("queries/{q}.sql"));
        assert_eq!(p["queries"][i]["sha256"], sha256(&bytes));
    }
    let penyebut = std::fs::read(ws.path().join("reference/penyebut.csv")).expect("penyebut");
    assert_eq!(p["reference"][0]["sha256"], sha256(&penyebut));

    // Every published file is listed with its hash, provenance.json aside.
    let listed: Vec<(String, String)> = p["outputs"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|o| (o["file"].as_str().unwrap_or("").to_string(), o["sha256"].as_str().unwrap_or("").to_string()))
        .collect();
    let on_disk: Vec<(String, String)> = ws
        .files("output/2025-Q4")
        .into_iter()
        .filter(|(f, _)| f != "provenance.json")
        .map(|(f, bytes)| (f, sha256(&bytes)))
        .collect();
    assert_eq!(listed, on_disk, "every published file; the disclosure audit is not published");
    assert!(!ws.path().join("output/2025-Q4/disclosure.csv").exists(), "the audit is not in the published folder");
    assert!(ws.path().join("data/private/disclosure/2025-Q4.csv").is_file(), "the audit is in the private folder");
    assert!(listed.iter().any(|(f, _)| f == "data/kpi.parquet"), "{listed:?}");

    // The methodology cites it.
    let html = std::fs::read_to_string(out.join("index.html")).expect("the page");
    assert!(html.contains("href=\"provenance.json\""));
    let short = &p["config"]["sha256"].as_str().expect("a hash")[..12];
    assert!(html.contains(short), "the config hash {short} is quoted");

    // Byte for byte the same on a second run.
    let before = ws.files("output/2025-Q4");
    assert_eq!(ws.publish_report(&["--period", "2025-Q4"]).code, 0);
    assert!(before == ws.files("output/2025-Q4"), "a second run changed the output");
}

#[test]
fn open_data_is_the_tidy_table_with_markers_in_csv_and_parquet() {
    let ws = published();
    let out = ws.path().join("output/2025-Q4");
    let tidy = std::fs::read_to_string(out.join("kpi.csv")).expect("kpi.csv");
    let open = std::fs::read_to_string(out.join("data/kpi.csv")).expect("data/kpi.csv");
    assert_eq!(tidy.lines().count(), open.lines().count());
    let mut markers = 0;
    for (t, o) in tidy.lines().zip(open.lines()) {
        // A ninth column says `r` for a revised figure: none in a first release.
        let (o, revision) = o.rsplit_once(',').expect("nine columns");
        assert!(revision == "revision" || revision.is_empty(), "{o}");
        let (tc, oc): (Vec<&str>, Vec<&str>) = (t.split(',').collect(), o.split(',').collect());
        if tc[5].is_empty() && tc.len() == 8 {
            assert_eq!(oc[5], tc[7], "an empty value carries its status: {o}");
            markers += 1;
        } else {
            assert_eq!(t, o);
        }
    }
    assert!(markers > 0, "the fixture has n/a rows");

    let file = std::fs::File::open(out.join("data/kpi.parquet")).expect("the parquet file");
    let df = ParquetReader::new(file).finish().expect("readable parquet");
    assert_eq!(df.height() + 1, tidy.lines().count());
    assert_eq!(df.column("value").expect("value").dtype(), &DataType::Float64);
    let indicator = df.column("indicator").expect("indicator").str().expect("text").clone();
    let value = df.column("value").expect("value").f64().expect("floats").clone();
    for (i, line) in tidy.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(indicator.get(i), Some(cells[0]));
        let expected: Option<f64> = cells[5].parse().ok();
        assert_eq!(value.get(i), expected, "{line}");
    }

    let package = json(&out.join("data/datapackage.json"));
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(package["sources"][0]["title"], "Uji: data sintetis");
    let value_field = &package["resources"][0]["schema"]["fields"][5];
    assert_eq!(value_field["missingValues"], serde_json::json!(["", "n/a", "suppressed"]));
}

/// The Frictionless validator: `$JAMSTAT_FRICTIONLESS`, the one `tools/test`
/// installs, or `frictionless` on the PATH.
fn frictionless() -> PathBuf {
    if let Some(p) = std::env::var_os("JAMSTAT_FRICTIONLESS") {
        return PathBuf::from(p);
    }
    let local = Path::new(REPO).join("target/tools/venv/bin/frictionless");
    if local.exists() {
        return local;
    }
    let on_path = Command::new("frictionless").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(on_path, "the Frictionless validator is missing: run the tests with `tools/test`, which installs it");
    PathBuf::from("frictionless")
}

#[test]
fn the_data_package_validates_with_frictionless() {
    let ws = published();
    let package = ws.path().join("output/2025-Q4/data/datapackage.json");
    let out =
        Command::new(frictionless()).args(["validate", "--json"]).arg(&package).output().expect("the validator runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("validator output: {}", String::from_utf8_lossy(&out.stderr)));
    let tasks = report["tasks"].as_array().expect("one task per resource");
    assert_eq!(tasks.len(), 3, "CSV, Parquet and the changes since the last release");
    for t in tasks {
        assert_eq!(t["valid"], true, "{}: {}", t["name"], t["errors"]);
        let rows = t["stats"]["rows"].as_u64().unwrap_or(0);
        // A first release changes nothing: its changes.csv is a header.
        let expected = if t["name"] == "perubahan" { rows == 0 } else { rows > 100 };
        assert!(expected, "{}: {}", t["name"], t["stats"]);
    }
    assert_eq!(report["valid"], true);

    // And it does catch a broken file: a text value in the number column.
    let csv = ws.path().join("output/2025-Q4/data/kpi.csv");
    let text = std::fs::read_to_string(&csv).expect("the CSV").replacen(",n/a,", ",tidak ada,", 1);
    std::fs::write(&csv, text).expect("write");
    let out = Command::new(frictionless()).args(["validate", "--json"]).arg(&package).output().expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["valid"], false);
}

#[test]
fn the_landing_page_lists_every_published_period_newest_first() {
    let ws = published();
    for period in ["2025-10..2025-11", "2025-12"] {
        assert_eq!(ws.publish_report(&["--period", period]).code, 0);
    }
    std::fs::create_dir_all(ws.path().join("output/catatan")).expect("a folder that is no period");
    std::fs::create_dir_all(ws.path().join("output/2025-09")).expect("a period folder without a report");
    assert_eq!(ws.publish_report(&["--period", "2025-12"]).code, 0, "the landing page is rebuilt");
    let html = std::fs::read_to_string(ws.path().join("output/index.html")).expect("the landing page");
    let links: Vec<&str> =
        html.split("<th scope=\"row\"><a href=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(links, ["2025-Q4/index.html", "2025-12/index.html", "2025-10..2025-11/index.html"]);
    for link in links {
        assert!(ws.path().join("output").join(link).is_file(), "{link} exists");
    }
    assert!(html.contains("Triwulan IV 2025"), "periods are labelled");
    assert!(html.contains("15 Januari 2026"), "with the release date from provenance.json");
}

/// The small fixture's quarter has only small area counts: every non-zero
/// kelurahan and kecamatan cell is hidden, the region totals stay, and an
/// internal run without disclosure control goes to the private folder
/// (`data/private/internal/`), never to `output/`, with every page stamped.
#[test]
fn small_cells_are_hidden_and_an_internal_run_is_stamped_on_every_page() {
    let ws = published();
    let csv = std::fs::read_to_string(ws.path().join("output/2025-Q4/kpi.csv")).expect("kpi.csv");
    for line in csv.lines().skip(1).filter(|l| l.contains(",2025-Q4,")) {
        let f: Vec<&str> = line.split(',').collect();
        let area = f[3] == "kelurahan" || f[3] == "kecamatan";
        let small = f[5].parse::<i64>().is_ok_and(|v| (1..5).contains(&v)) && (f[6] == "orang" || f[6] == "klaim");
        assert!(!(area && small), "a small area count is published: {line}");
        if f[3] == "total" && f[0] == "members_active" {
            assert_ne!(f[7], "suppressed", "region totals stay: {line}");
        }
    }
    let audit = std::fs::read_to_string(ws.path().join("data/private/disclosure/2025-Q4.csv")).expect("the audit");
    assert!(audit.contains("members_active,2025-Q4,programme,kelurahan,35.77.01.1001,primary,"), "{audit}");

    let internal = ws.jamstat(&["report", "--period", "2025-Q4", "--no-disclosure"]);
    assert_eq!(internal.code, 0, "{}", internal.stderr);
    assert!(internal.stdout.trim_end().ends_with("data/private/internal/2025-Q4/index.html"), "{}", internal.stdout);
    assert!(!ws.path().join("output/internal").exists(), "nothing internal in the published folder");
    let dir = ws.path().join("data/private/internal/2025-Q4");
    let html = std::fs::read_to_string(dir.join("index.html")).expect("the internal page");
    assert_eq!(html.matches("INTERNAL - NOT FOR PUBLICATION").count(), 2, "top and bottom of the page");
    assert!(!dir.join("disclosure.csv").exists());
    let pages = crate::figures::pdf_pages(&dir.join("report.pdf"));
    let text = crate::figures::pdf_text(&dir.join("report.pdf"));
    assert_eq!(text.matches("INTERNAL - NOT FOR PUBLICATION").count(), pages, "every PDF page");
    let public = std::fs::read_to_string(ws.path().join("output/2025-Q4/index.html")).expect("the public page");
    assert!(!public.contains("INTERNAL"), "the published report is untouched");
}

/// A template that would print a member's NIK, or a birth date from the
/// lake, is refused by the privacy guard: exit 1, the file and line named,
/// and the period's folder left as it was (here: never created).
#[test]
fn the_privacy_guard_refuses_a_nik_a_name_or_a_birth_date_planted_in_a_template() {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    assert_eq!(ws.jamstat(&["ingest", exports.to_str().expect("UTF-8"), "--quiet"]).code, 0);
    let templates = ws.path().join("templates");
    std::fs::create_dir_all(&templates).expect("a folder");
    for entry in std::fs::read_dir(Path::new(REPO).join("report_templates")).expect("templates") {
        let path = entry.expect("an entry").path();
        std::fs::copy(&path, templates.join(path.file_name().expect("a name"))).expect("copy");
    }
    let config = ws.path().join("jamstat.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let repo_templates = format!("{}/report_templates", REPO);
    std::fs::write(&config, text.replace(&repo_templates, templates.to_str().expect("UTF-8"))).expect("write");
    let html = std::fs::read_to_string(templates.join("report.html")).expect("report.html");
    for (planted, found) in [
        ("<p>NIK 3577011005900001</p>", "the NIK 357701… of a member"),
        ("<p>Lahir 1990-05-10</p>", "the birth date 1990-05-10"),
        ("<p>Terima kasih kepada <b>Budi</b> contoh.</p>", "the name of a member in the lake (initials BC)"),
    ] {
        std::fs::write(
            templates.join("report.html"),
            html.replace("<main class=\"wrap\">", &format!("<main class=\"wrap\">{planted}")),
        )
        .expect("plant");
        let out = ws.publish_report(&["--period", "2025-Q4"]);
        assert_eq!(out.code, 1, "{planted} must be refused: {}", out.stderr);
        assert!(
            out.stderr.contains("refusing to publish: `index.html` line") && out.stderr.contains(found),
            "{}",
            out.stderr
        );
        assert!(!ws.path().join("output/2025-Q4").exists(), "nothing published");
        assert_eq!(ws.files("data/private/staging"), Vec::new(), "no staging left");
    }
    // The PDF's template is checked as text too.
    std::fs::write(templates.join("report.html"), &html).expect("restore");
    let typ = std::fs::read_to_string(templates.join("report.typ")).expect("report.typ");
    for planted in ["// 3577011005900001", "// Citra Contoh"] {
        std::fs::write(templates.join("report.typ"), format!("{typ}\n{planted}\n")).expect("plant");
        let out = ws.publish_report(&["--period", "2025-Q4"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains("report.typ` line"), "{}", out.stderr);
    }
    std::fs::write(templates.join("report.typ"), &typ).expect("restore");
    assert_eq!(ws.publish_report(&["--period", "2025-Q4"]).code, 0, "clean templates publish");
}
