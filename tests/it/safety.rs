//! The cases of "the lake and the published folder survive real use", one
//! test each: input that used to panic, a demo that must not touch real
//! data, what the output folder may hold, values compared as read, a
//! column given twice, formulas in quarantined cells, and the smaller
//! cases (a refused ingest and the quarantine, a query value that is not
//! whole, comparison periods before the data, what a UTF-16 file or a CSV
//! named `.xlsx` is told).

use std::path::Path;

use crate::common::{REPO, Workspace};

fn ingest_fixture(ws: &Workspace) {
    let out = ws.jamstat(&["ingest", "--quiet", ws.path().join("exports").to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_euro_sign_in_a_file_name_a_period_or_a_periode_cell_is_an_error_not_a_panic() {
    let ws = Workspace::fixture("small");
    ingest_fixture(&ws);
    let odd = ws.path().join("peserta_20€5.csv");
    std::fs::copy(ws.path().join("exports/peserta_2025-12.csv"), &odd).expect("copy");
    let out = ws.jamstat(&["check", odd.to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "a file without a month in its name takes it from `periode`: {}", out.stderr);
    for period in ["20€5..2025-01", "20€5", "2025-€1", "2€25-Q4"] {
        let out = ws.jamstat(&["indicators", "--period", period]);
        assert_eq!(out.code, 1, "{period}: {}", out.stderr);
        assert!(out.stderr.contains("is not a period") || out.stderr.contains("is not a month"), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    let text = std::fs::read_to_string(ws.path().join("exports/peserta_2025-12.csv")).expect("read");
    let broken = text.replacen("\n2025-12,", "\n20€5-1,", 1);
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    std::fs::write(drop.join("peserta.csv"), broken).expect("write");
    let out = ws.jamstat(&["check", drop.to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("peserta.csv:2: quarantine BAD_PERIODE [periode]"), "{}", out.stdout);
}

/// A workspace whose config points at folders the demo did not make.
fn demo_refuses(ws: &Workspace, folder: &str) -> String {
    let out = ws.jamstat(&["demo"]);
    assert_eq!(out.code, 1, "the demo must refuse: {}", out.stderr);
    assert!(out.stderr.contains(&format!("{}` holds", ws.path().join(folder).display())), "{}", out.stderr);
    assert!(out.stderr.contains("the demo only touches what it made itself"), "{}", out.stderr);
    out.stderr
}

#[test]
fn the_demo_refuses_folders_that_hold_anything_it_did_not_make() {
    // Real exports and no penyebut.csv: nothing is deleted or added.
    let ws = Workspace::fixture("small");
    std::fs::remove_file(ws.path().join("reference/penyebut.csv")).expect("no penyebut");
    let exports = ws.files("exports");
    demo_refuses(&ws, "exports");
    assert_eq!(ws.files("exports"), exports, "the exports are untouched");
    assert!(!ws.path().join("reference/penyebut.csv").exists(), "no synthetic penyebut.csv");
    assert!(!ws.path().join("lake").exists(), "nothing ingested");

    // An empty exports folder but a real penyebut.csv: kept as it is.
    let ws = Workspace::fixture("small");
    std::fs::remove_dir_all(ws.path().join("exports")).expect("clear");
    std::fs::create_dir_all(ws.path().join("exports")).expect("an empty folder");
    let penyebut = std::fs::read(ws.path().join("reference/penyebut.csv")).expect("penyebut");
    demo_refuses(&ws, "reference");
    assert_eq!(std::fs::read(ws.path().join("reference/penyebut.csv")).expect("penyebut"), penyebut);
    assert_eq!(ws.files("exports"), Vec::new(), "no sample put in");

    // A lake of real data (its exports and penyebut.csv since moved away;
    // the fixture's file names are names the sample uses too).
    let ws = Workspace::fixture("small");
    ingest_fixture(&ws);
    std::fs::remove_dir_all(ws.path().join("exports")).expect("clear");
    std::fs::remove_file(ws.path().join("reference/penyebut.csv")).expect("no penyebut");
    std::fs::remove_dir_all(ws.path().join("quarantine")).ok();
    let lake = ws.files("lake");
    demo_refuses(&ws, "lake");
    assert_eq!(ws.files("lake"), lake, "no synthetic rows in the lake");
}

/// Every file under `output/` is one a city website may show: a landing
/// page, or one of a period report's published files; nothing internal,
/// no audit, no leftovers.
pub fn assert_only_public(output: &Path) {
    let ws_files = crate::common::files_under(output);
    assert!(ws_files.len() > 10, "{ws_files:?}");
    for (rel, bytes) in &ws_files {
        let parts: Vec<&str> = rel.split('/').collect();
        let parts = if parts[0] == "en" { &parts[1..] } else { &parts[..] };
        let ok = match parts {
            ["index.html"] => true,
            [period, rest @ ..] => {
                jamstat::report::format::parse_period(period).is_some()
                    && match rest {
                        [f] => ["index.html", "report.pdf", "report.xlsx", "kpi.csv", "kpi.json", "provenance.json"]
                            .contains(f),
                        ["data", f] => {
                            ["kpi.csv", "kpi.parquet", "datapackage.json", "changes.csv", "changes.json", "ckan.json"]
                                .contains(f)
                        }
                        ["kelurahan", f] => f.ends_with(".pdf") && !f.starts_with('.'),
                        ["charts", f] => {
                            (f.ends_with(".svg") || f.ends_with(".csv") || f.ends_with(".png")) && !f.starts_with('.')
                        }
                        _ => false,
                    }
            }
            _ => false,
        };
        assert!(ok, "`{rel}` is not a file meant for the public");
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("INTERNAL - NOT FOR PUBLICATION"), "`{rel}` is an internal report");
    }
}

#[test]
fn the_output_folder_holds_only_public_files_after_reports_in_both_languages_and_an_internal_run() {
    let ws = Workspace::fixture("small");
    ingest_fixture(&ws);
    for args in [
        &["--period", "2025-Q4"][..],
        &["--period", "2025-Q4", "--lang", "en"],
        &["--period", "2025-Q4", "--no-disclosure"],
        &["--period", "2025-12", "--no-disclosure", "--lang", "en"],
    ] {
        let internal = args.contains(&"--no-disclosure");
        let out = if internal { ws.jamstat(&[&["report"], args].concat()) } else { ws.publish_report(args) };
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(!out.stdout.contains("/output/") || !args.contains(&"--no-disclosure"), "{}", out.stdout);
    }
    assert_only_public(&ws.path().join("output"));
    assert!(ws.path().join("data/private/disclosure/2025-Q4.csv").is_file());
    assert!(ws.path().join("data/private/internal/2025-Q4/index.html").is_file());
    assert!(ws.path().join("data/private/internal/en/2025-12/index.html").is_file());
}

#[test]
fn a_private_folder_inside_the_output_folder_is_refused() {
    let ws = Workspace::fixture("small");
    let config = std::fs::read_to_string(ws.config_path()).expect("config");
    std::fs::write(ws.config_path(), config.replace("[paths]\n", "[paths]\nprivate = \"output/private\"\n"))
        .expect("write");
    let out = ws.jamstat(&["indicators", "--period", "2025-Q4"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`paths.private`") && out.stderr.contains("inside `paths.output`"), "{}", out.stderr);
}

/// November repeats the October claim K1 with its amount and payment date
/// written another way: the same values once read, so an exact duplicate.
#[test]
fn a_claim_repeated_with_its_amount_and_date_written_another_way_is_the_same_claim() {
    let ws = Workspace::fixture("small");
    let october = std::fs::read_to_string(ws.path().join("exports/klaim_2025-10.csv")).expect("read");
    let k1 = october.lines().find(|l| l.split(',').nth(1) == Some("K1")).expect("K1 in October").to_string();
    let f: Vec<&str> = k1.split(',').collect();
    let (bayar, nominal) = (f[13], f[15]);
    let date = chrono::NaiveDate::parse_from_str(bayar, "%Y-%m-%d").expect("an ISO date in the fixture");
    let amount: i64 = nominal.chars().filter(char::is_ascii_digit).collect::<String>().parse().expect("an amount");
    let mut g: Vec<String> = f.iter().map(|s| s.to_string()).collect();
    g[0] = "2025-11".into();
    g[13] = date.format("%d/%m/%Y").to_string();
    g[15] = format!("\"Rp {}\"", jamstat::report::format::ribuan(amount, jamstat::report::i18n::Lang::Id));
    let november = ws.path().join("exports/klaim_2025-11.csv");
    let mut text = std::fs::read_to_string(&november).expect("read");
    text.push_str(&g.join(","));
    text.push('\n');
    std::fs::write(&november, text).expect("write");
    let out =
        ws.jamstat(&["ingest", "--format", "json", "--quiet", ws.path().join("exports").to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let problems: Vec<&serde_json::Value> =
        json["quarantined"].as_array().expect("a list").iter().filter(|p| p["file"] == "klaim_2025-11.csv").collect();
    assert!(problems.is_empty(), "the repeat is not quarantined: {problems:?}");
    let nov = json["files"].as_array().expect("files").iter().find(|f| f["file"] == "klaim_2025-11.csv").expect("nov");
    assert_eq!(nov["rows_skipped"], 1, "skipped as the same claim: {nov}");
}

/// The same participant twice in one snapshot, the contribution written
/// `16800` and then `Rp 16.800`: one row, the second skipped and counted.
#[test]
fn a_membership_row_repeated_with_its_values_written_another_way_is_an_exact_duplicate() {
    let ws = Workspace::fixture("small");
    let path = ws.path().join("exports/peserta_2025-12.csv");
    let text = std::fs::read_to_string(&path).expect("read");
    let row = text.lines().nth(1).expect("a row").to_string();
    let f: Vec<&str> = row.split(',').collect();
    let amount: i64 = f[16].parse().expect("a plain amount in the fixture");
    let mut g: Vec<String> = f.iter().map(|s| s.to_string()).collect();
    g[16] = format!("Rp {}", jamstat::report::format::ribuan(amount, jamstat::report::i18n::Lang::Id));
    let joined = g.join(",");
    let skipped = |stderr: &str| -> u64 {
        let before = stderr.split(" exact duplicates skipped").next().expect("the summary");
        before.rsplit(' ').next().and_then(|n| n.parse().ok()).expect("a count")
    };
    let before = skipped(&ws.jamstat(&["check", "--quiet", path.to_str().expect("UTF-8")]).stderr);
    std::fs::write(&path, format!("{text}{joined}\n")).expect("write");
    let line = text.lines().count() + 1;
    let out = ws.jamstat(&["check", "--quiet", path.to_str().expect("UTF-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains(&format!("peserta_2025-12.csv:{line}:")), "{}", out.stdout);
    assert_eq!(skipped(&out.stderr), before + 1, "{}", out.stderr);
}

#[test]
fn a_contract_column_given_twice_is_refused_naming_both_copies() {
    let ws = Workspace::fixture("small");
    let text = std::fs::read_to_string(ws.path().join("exports/klaim_2025-12.csv")).expect("read");
    let doubled: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{l},Nominal\n") } else { format!("{l},999\n") })
        .collect();
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    std::fs::write(drop.join("klaim_2025-12.csv"), doubled).expect("write");
    let out = ws.jamstat(&["check", drop.to_str().expect("UTF-8")]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("has the column `nominal` 2 times, column 16 (`nominal`), column 18 (`Nominal`)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("delete all but one"), "{}", out.stderr);
}

#[test]
fn formulas_in_quarantined_cells_are_neutralised_for_spreadsheets() {
    let ws = Workspace::fixture("small");
    let path = ws.path().join("exports/klaim_2025-10.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    // Rows that start with a formula: the raw row is one cell of the quarantine.
    let attack = "@SUM(1+1)*cmd|' /C calc'!A0";
    let k2 = text.lines().nth(2).expect("a second claim").to_string();
    for start in [attack, "=1+1", "+2", "-3+3"] {
        text.push_str(&k2.replacen("2025-10", start, 1));
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write");
    ingest_fixture(&ws);
    let q = std::fs::read_to_string(ws.path().join("quarantine/klaim_2025-10.quarantine.csv")).expect("quarantine");
    let mut reader = csv::Reader::from_reader(q.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        cells.extend(record.expect("a record").iter().map(str::to_string));
    }
    assert!(cells.len() > 5, "{q}");
    for cell in &cells {
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a cell a spreadsheet would run: `{cell}`");
    }
    let raw = cells.iter().find(|c| c.contains("SUM(1+1)") && c.contains(",K2,")).expect("the raw row is kept");
    assert!(raw.starts_with(&format!("'{attack},K2,")), "the row as it was, after one quote: {raw}");
    assert!(cells.iter().any(|c| c.starts_with("'=1+1,K2,")) && cells.iter().any(|c| c.starts_with("'-3+3,K2,")));
}

#[test]
fn a_refused_ingest_leaves_the_quarantine_as_it_was() {
    let ws = Workspace::fixture("small");
    let path = ws.path().join("exports/klaim_2025-10.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("2025-10,K9,10000000001\n");
    std::fs::write(&path, text).expect("write");
    ingest_fixture(&ws);
    let quarantine = ws.files("quarantine");
    assert!(!quarantine.is_empty());
    // A drop whose October correction has a bad row of its own (checked
    // first) and whose December file is refused (checked after it).
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    let mut october =
        std::fs::read_to_string(Path::new(REPO).join("tests/fixtures/small/exports/klaim_2025-10.csv")).expect("read");
    october.push_str("2025-10,K8,10000000001\n");
    std::fs::write(drop.join("klaim_2025-10_revisi.csv"), october).expect("write");
    std::fs::write(drop.join("klaim_2025-12_revisi.csv"), "periode,no_klaim\n2025-12,K1\n").expect("write");
    let out = ws.jamstat(&["ingest", "--quiet", drop.to_str().expect("UTF-8")]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(ws.files("quarantine"), quarantine, "the quarantine of the refused run is not written");
}

/// The small fixture, ingested, with its own copy of the queries in which
/// `members.sql` has `from` replaced by `to`.
fn with_members_query(from: &str, to: &str) -> Workspace {
    let ws = Workspace::fixture("small");
    ingest_fixture(&ws);
    let queries = ws.path().join("queries");
    std::fs::create_dir_all(&queries).expect("a folder");
    for entry in std::fs::read_dir(Path::new(REPO).join("queries")).expect("queries") {
        let p = entry.expect("an entry").path();
        std::fs::copy(&p, queries.join(p.file_name().expect("a name"))).expect("copy");
    }
    let members = std::fs::read_to_string(queries.join("members.sql")).expect("members.sql");
    let changed = members.replacen(from, to, 1);
    assert_ne!(changed, members, "the query was changed");
    std::fs::write(queries.join("members.sql"), changed).expect("write");
    let config = std::fs::read_to_string(ws.config_path()).expect("config");
    let repo_queries = format!("{REPO}/queries");
    std::fs::write(ws.config_path(), config.replace(&repo_queries, queries.to_str().expect("UTF-8"))).expect("write");
    ws
}

#[test]
fn a_query_value_that_is_not_a_whole_number_stops_the_run() {
    let ws = with_members_query("CAST(COUNT(DISTINCT kpj) AS BIGINT)", "COUNT(DISTINCT kpj) + 0.5");
    let out = ws.jamstat(&["indicators", "--period", "2025-12"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("not a whole number"), "{}", out.stderr);
}

#[test]
fn a_query_whose_scope_or_dimension_is_not_a_word_of_the_table_is_refused_naming_the_statement() {
    let ws = with_members_query("'segmen' AS dimension", "'Segmen' AS dimension");
    let out = ws.jamstat(&["indicators", "--period", "2025-12"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("query `queries/members.sql`, statement "), "{}", out.stderr);
    assert!(
        out.stderr.contains("the dimension `Segmen` of `members_active` is not one of `total`, `segmen`"),
        "{}",
        out.stderr
    );
    let ws = with_members_query(
        "SELECT 'members_active' AS indicator, scope,",
        "SELECT 'members_active' AS indicator, UPPER(scope) AS scope,",
    );
    let out = ws.jamstat(&["indicators", "--period", "2025-12"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let refused =
        ["ALL", "PROGRAMME"].iter().any(|s| out.stderr.contains(&format!("the scope `{s}` of `members_active`")));
    assert!(refused && out.stderr.contains("is not one of `all`, `programme`"), "{}", out.stderr);
}

#[test]
fn a_comparison_period_before_the_data_has_n_a_ratios_not_missing_rows() {
    let ws = Workspace::fixture("small");
    ingest_fixture(&ws);
    let out = ws.jamstat(&["indicators", "--period", "2024-Q4", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for indicator in ["non_asn_covered_pct", "vulnerable_covered_pct", "vulnerable_eligible_uncovered"] {
        let row = format!("{indicator},2023-Q4,programme,total,total,,");
        let line = out.stdout.lines().find(|l| l.starts_with(&row));
        assert!(line.is_some_and(|l| l.ends_with(",n/a")), "{indicator} for 2023-Q4 is n/a: {line:?}");
    }
}

#[test]
fn a_utf16_export_and_a_csv_named_xlsx_are_told_what_they_are_and_what_to_do() {
    let ws = Workspace::fixture("small");
    let text = std::fs::read_to_string(ws.path().join("exports/peserta_2025-12.csv")).expect("read");
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(drop.join("peserta_2025-12.csv"), &utf16).expect("write");
    let out = ws.jamstat(&["check", drop.join("peserta_2025-12.csv").to_str().expect("UTF-8")]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("is UTF-16 text") && out.stderr.contains("CSV UTF-8 (Comma delimited)"),
        "{}",
        out.stderr
    );
    std::fs::write(drop.join("peserta_2025-12.xlsx"), &text).expect("write");
    let out = ws.jamstat(&["check", drop.join("peserta_2025-12.xlsx").to_str().expect("UTF-8")]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("is a CSV (text) file although its name ends in .xlsx: rename it to .csv"),
        "{}",
        out.stderr
    );
}
