//! The embedded sample, run through the whole pipeline once (generation,
//! ingest, indicators, report), must reproduce every published Madiun
//! figure of `shared/spec/published-figures.md`, render byte-identical
//! reports, and publish no NIK and no name.

use std::collections::HashSet;
use std::sync::OnceLock;

use jamstat::indicators::KpiTable;
use jamstat::period::Period;

use crate::common::Workspace;

struct Demo {
    ws: Workspace,
    figures: KpiTable,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let ws = Workspace::empty();
        std::fs::create_dir_all(ws.path().join("reference")).expect("a folder");
        std::fs::copy(
            std::path::Path::new(crate::common::REPO).join("data/reference/wilayah.csv"),
            ws.path().join("reference/wilayah.csv"),
        )
        .expect("copy wilayah");
        let batas = ws.path().join("reference/batas");
        std::fs::create_dir_all(&batas).expect("a folder");
        std::fs::copy(
            std::path::Path::new(crate::common::REPO).join("data/reference/batas/kelurahan-35.77.geojson"),
            batas.join("kelurahan-35.77.geojson"),
        )
        .expect("copy the boundaries");
        let mut config = ws.config();
        config.programme.quota.insert(2025, 17_600);
        let exports = jamstat::demo::prepare(&config).expect("the sample generates");
        jamstat::ingest::run(&config, &[exports], jamstat::ingest::Options { commit: true, progress: false })
            .expect("the sample ingests");
        let periods: Vec<Period> =
            ["2024-04", "2024-01..2024-08", "2024-10", "2024-11", "2025-01..2025-08", "2025-01..2025-11", "2025-12"]
                .iter()
                .map(|p| p.parse().expect("a period"))
                .collect();
        let figures = jamstat::pipeline::indicators(&config, &periods).expect("indicators");
        Demo { ws, figures }
    })
}

fn figure(indicator: &str, period: &str, dimension: &str, category: &str) -> String {
    figure_in(indicator, period, "programme", dimension, category)
}

fn figure_in(indicator: &str, period: &str, scope: &str, dimension: &str, category: &str) -> String {
    demo().figures.find([indicator, period, scope, dimension, category]).map(|r| r.value_text()).unwrap_or_default()
}

#[test]
fn april_2024_has_14087_programme_members_7750_pu_and_6337_bpu() {
    assert_eq!(figure("members_active", "2024-04", "total", "total"), "14087");
    assert_eq!(figure("members_active", "2024-04", "segmen", "PU"), "7750");
    assert_eq!(figure("members_active", "2024-04", "segmen", "BPU"), "6337");
}

#[test]
fn january_to_august_2024_paid_43_jkm_and_10_jkk_claims_for_rp_1_9_miliar() {
    let p = "2024-01..2024-08";
    assert_eq!(figure("claims_paid_count", p, "program", "JKM"), "43");
    assert_eq!(figure("claims_paid_count", p, "program", "JKK"), "10");
    assert_eq!(figure("death_claims_count", p, "program", "JKK"), "1", "one work-accident death");
    assert_eq!(figure("scholarship_recipients", p, "total", "total"), "3");
    let amount: i64 = figure("claims_paid_amount", p, "total", "total").parse().expect("a number");
    assert!((1_850_000_000..1_950_000_000).contains(&amount), "Rp1,9 miliar when rounded: {amount}");
}

#[test]
fn october_2024_has_16344_programme_members() {
    assert_eq!(figure("members_active", "2024-10", "total", "total"), "16344");
}

#[test]
fn november_2024_has_16524_members_and_628_quota_left() {
    assert_eq!(figure("members_active", "2024-11", "total", "total"), "16524");
    assert_eq!(figure("quota_remaining", "2024-11", "total", "total"), "628");
}

#[test]
fn january_to_august_2025_has_103_jkm_deaths() {
    assert_eq!(figure("death_claims_count", "2025-01..2025-08", "program", "JKM"), "103");
}

#[test]
fn january_to_november_2025_paid_144_claims_for_rp_6_2_miliar() {
    assert_eq!(figure("claims_paid_count", "2025-01..2025-11", "total", "total"), "144");
    let amount: i64 = figure("claims_paid_amount", "2025-01..2025-11", "total", "total").parse().expect("a number");
    assert!((6_150_000_000..6_250_000_000).contains(&amount), "Rp6,2 miliar when rounded: {amount}");
}

#[test]
fn january_to_november_2025_contributions_make_a_claim_ratio_of_206_percent() {
    let paid: i64 = figure("contributions_paid", "2025-01..2025-11", "total", "total").parse().expect("a number");
    assert!((2_950_000_000..3_050_000_000).contains(&paid), "Rp3 miliar when rounded: {paid}");
    let ratio: f64 = figure("claim_ratio_pct", "2025-01..2025-11", "total", "total").parse().expect("a number");
    assert!((206.0..207.0).contains(&ratio), "{ratio}");
}

#[test]
fn december_2025_has_17484_programme_members_7902_non_asn_and_9582_rentan() {
    assert_eq!(figure("members_active", "2025-12", "total", "total"), "17484");
    assert_eq!(figure("members_active", "2025-12", "kategori", "NON_ASN"), "7902");
    assert_eq!(figure("members_active", "2025-12", "kategori", "RENTAN"), "9582");
}

#[test]
fn december_2025_has_51293_participants_in_the_city() {
    assert_eq!(figure_in("members_active", "2025-12", "all", "total", "total"), "51293");
}

#[test]
fn december_2025_leaves_44800_workers_uncovered() {
    assert_eq!(figure_in("workers_uncovered", "2025-12", "all", "total", "total"), "44800");
}

#[test]
fn the_report_is_byte_identical_when_rendered_twice_and_publishes_no_nik_or_name() {
    let d = demo();
    let config = d.ws.config();
    let q4: Period = "2025-Q4".parse().expect("a period");
    let index = jamstat::pipeline::report(&config, &q4, jamstat::report::i18n::Lang::Id).expect("the report renders");
    assert!(index.ends_with("output/2025-Q4/index.html"));
    let first = d.ws.files("output/2025-Q4");
    jamstat::pipeline::report(&config, &q4, jamstat::report::i18n::Lang::Id).expect("the report renders again");
    assert_eq!(d.ws.files("output/2025-Q4"), first, "same inputs, same bytes");
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "index.html",
        "report.pdf",
        "report.xlsx",
        "kpi.csv",
        "kpi.json",
        "charts/peserta_tren.svg",
        "charts/klaim_program.svg",
        "charts/peta_cakupan_rentan.svg",
        "charts/peta_cakupan_rentan-1920x1080.png",
        "kelurahan/35.77.01.1001.pdf",
        "kelurahan/semua.pdf",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // The PDF's streams are compressed: its text is checked as pdftotext reads it.
    let pdf_text = crate::figures::pdf_text(&d.ws.path().join("output/2025-Q4/report.pdf"));
    let mut first = first;
    first.push(("report.pdf (text)".to_string(), pdf_text.into_bytes()));
    let pages = crate::figures::pdf_text(&d.ws.path().join("output/2025-Q4/kelurahan/semua.pdf"));
    first.push(("kelurahan/semua.pdf (text)".to_string(), pages.into_bytes()));
    let cells = crate::workbook::cells_text(&d.ws.path().join("output/2025-Q4/report.xlsx"));
    first.push(("report.xlsx (cells)".to_string(), cells.into_bytes()));

    // Every NIK, name and birth date of the exports, against every published byte.
    let (mut niks, mut people, mut births) = (HashSet::new(), HashSet::new(), HashSet::new());
    for (name, bytes) in d.ws.files("exports") {
        let text = String::from_utf8(bytes).expect("UTF-8 exports");
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
        let at = |c: &str| header.iter().position(|h| *h == c).unwrap_or_else(|| panic!("{name} has {c}"));
        let nik = at("nik");
        let nama = header.iter().position(|h| *h == "nama");
        let lahir = header.iter().position(|h| *h == "tgl_lahir");
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            niks.insert(f[nik].to_string());
            if let Some(i) = nama {
                people.insert(f[i].to_string());
            }
            if let Some(i) = lahir {
                births.insert(f[i].to_string());
            }
        }
    }
    assert!(niks.len() > 50_000 && people.len() > 100 && births.len() > 1_000, "the check sees the real inputs");
    for (name, bytes) in &first {
        let text = String::from_utf8_lossy(bytes);
        let digits: HashSet<&str> = text.split(|c: char| !c.is_ascii_digit()).filter(|run| run.len() == 16).collect();
        assert!(digits.iter().all(|d| !niks.contains(*d)), "a NIK in {name}");
        let dates = text.as_bytes().windows(10).filter_map(|w| std::str::from_utf8(w).ok());
        for date in dates.filter(|w| w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-') {
            assert!(!births.contains(date), "the birth date {date} in {name}");
        }
        for person in &people {
            assert!(!text.contains(person.as_str()), "the name {person} in {name}");
        }
    }
}

/// The quarterly report of the sample in both languages: every number in
/// the HTML and in the PDF's text is a figure of its kpi.csv, the PDF opens
/// with a sensible page count and carries the headline figures.
#[test]
fn q4_report_shows_only_figures_of_its_table_in_html_and_pdf_in_both_languages() {
    use crate::figures::{Lang, assert_report_figures, pdf_pages};
    let d = demo();
    let mut config = d.ws.config();
    config.paths.output = d.ws.path().join("output-figures");
    let q4: Period = "2025-Q4".parse().expect("a period");
    for (lang, code) in [(jamstat::report::i18n::Lang::Id, Lang::Id), (jamstat::report::i18n::Lang::En, Lang::En)] {
        let index = jamstat::pipeline::report(&config, &q4, lang).expect("the report renders");
        let dir = index.parent().expect("the period folder");
        let pdf = assert_report_figures(dir, code);
        let sheets = if code == Lang::Id {
            (["Sampul", "Daftar_isi", "Catatan"], "Tabel_")
        } else {
            (["Cover", "Contents", "Notes"], "Table_")
        };
        let numbers = crate::workbook::assert_workbook(dir, sheets.0, sheets.1);
        assert!(numbers > 500, "the workbook holds the report's figures as numbers ({numbers})");
        crate::workbook::assert_properties(dir, "2026-01-15");
        assert_maps(dir, code);
        crate::workbook::assert_pictures(dir);
        let wilayah =
            std::fs::read_to_string(std::path::Path::new(crate::common::REPO).join("data/reference/wilayah.csv"))
                .expect("wilayah");
        let codes: Vec<&str> = wilayah.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
        crate::workbook::assert_kelurahan_pages(dir, code, &codes);
        let pages = pdf_pages(&dir.join("report.pdf"));
        assert!((12..=60).contains(&pages), "{pages} pages");
        let headline: &[&str] = if code == Lang::Id {
            &["17.484", "51.293", "44.800", "Triwulan IV 2025", "Laporan Triwulan", "Daftar isi", "Halaman"]
        } else {
            &["17,484", "51,293", "44,800", "Q4 2025", "Quarterly Report", "Contents", "Page"]
        };
        for text in headline {
            assert!(pdf.contains(text), "report.pdf ({code:?}) lacks `{text}`");
        }
    }
    assert!(d.ws.path().join("output-figures/en/2025-Q4/report.pdf").is_file());
    assert_disclosure_protects(
        &d.ws.path().join("output-figures/2025-Q4"),
        &d.ws.path().join("data/private/disclosure/2025-Q4.csv"),
    );
    let landing = std::fs::read_to_string(d.ws.path().join("output-figures/index.html")).expect("landing");
    assert!(landing.contains("href=\"en/index.html\""), "the landing page links to the English one");
}

/// Each map has one shape per kelurahan of the reference, titled with its
/// name and its figure of `kpi.csv` (or `[c]`), and credits the source.
fn assert_maps(dir: &std::path::Path, lang: crate::figures::Lang) {
    let figures = crate::figures::Figures::from_csv(&dir.join("kpi.csv"));
    let wilayah = std::fs::read_to_string(std::path::Path::new(crate::common::REPO).join("data/reference/wilayah.csv"))
        .expect("wilayah");
    let codes: Vec<&str> = wilayah.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert_eq!(codes.len(), 27);
    let html = std::fs::read_to_string(dir.join("index.html")).expect("the page");
    for file in ["peta_cakupan_rentan.svg", "peta_rentan_belum.svg"] {
        let svg = std::fs::read_to_string(dir.join("charts").join(file)).expect("the map");
        assert_eq!(svg.matches("<path ").count(), codes.len(), "{file}: one shape per kelurahan");
        let mut hidden = 0;
        for code in &codes {
            let at = svg.find(&format!("data-kode=\"{code}\"><title>")).unwrap_or_else(|| panic!("{file}: {code}"));
            let title = &svg[at..][..svg[at..].find("</title>").expect("a title")];
            let (_, value) = title.rsplit_once(": ").expect("name: value");
            if value == "[c]" {
                hidden += 1;
                continue;
            }
            let shown = crate::figures::numbers(value, lang);
            assert_eq!(shown.len(), 1, "{file} {code}: `{value}`");
            assert!(figures.matches(&shown[0].0), "{file} {code}: `{value}` is not in kpi.csv");
        }
        assert!(hidden < codes.len(), "{file}: something is shown");
        assert!(svg.contains("cahyadsn/wilayah_boundaries (MIT)"), "{file} credits the boundaries");
        assert!(html.contains(&format!("charts/{file}")), "the page links {file}");
    }
}

/// The published sample quarter hides small kelurahan cells, marks them
/// `[c]` with the footnote, lists them in the private disclosure audit with
/// their true values, and no hidden cell follows from the published sums
/// (checked on the table read back from the published `kpi.csv`).
fn assert_disclosure_protects(dir: &std::path::Path, audit: &std::path::Path) {
    use jamstat::indicators::{KpiRow, Status};
    use jamstat::table::Dimension;
    let csv = std::fs::read_to_string(dir.join("kpi.csv")).expect("kpi.csv");
    let mut rows = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        rows.push(KpiRow::from_fields(&f).unwrap_or_else(|e| panic!("`{line}`: {e}")));
    }
    let hidden = rows.iter().filter(|r| r.status == Status::Suppressed).count();
    assert!(hidden > 20, "the sample quarter has small kelurahan cells to hide ({hidden})");
    assert!(
        rows.iter()
            .filter(|r| r.status == Status::Suppressed)
            .all(|r| r.value.is_none() && (r.dimension == Dimension::Kelurahan || r.dimension == Dimension::Kecamatan))
    );
    let table = jamstat::indicators::KpiTable::new(rows);
    for ind in [
        "claims_paid_count",
        "claims_paid_amount",
        "members_active",
        "vulnerable_eligible",
        "vulnerable_eligible_uncovered",
    ] {
        assert_eq!(jamstat::disclosure::derivable_cells(&table, ind), Vec::<String>::new(), "{ind}");
    }
    let audit = std::fs::read_to_string(audit).expect("the disclosure audit");
    assert_eq!(audit.lines().count() - 1, hidden, "every hidden cell is in the audit");
    assert!(audit.lines().skip(1).all(|l| l.rsplit(',').next().is_some_and(|v| !v.is_empty())), "with its true value");
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    assert!(html.contains("<td>[c]</td>") && html.contains("[c] disembunyikan untuk melindungi kerahasiaan"));
    let provenance = std::fs::read_to_string(dir.join("provenance.json")).expect("provenance");
    assert!(!provenance.contains("disclosure.csv"), "the audit is not part of the release");
}

#[test]
fn spark_runs_the_same_queries_and_gives_the_same_quarterly_table_as_polars() {
    let Some(python) = crate::common::spark_python() else { return };
    let ws = &demo().ws;
    let table = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["indicators", "--period", "2025-Q4", "--format", "csv"];
        args.extend(extra);
        let out = ws.jamstat(&args);
        assert_eq!(out.code, 0, "jamstat indicators {extra:?} failed: {}", out.stderr);
        out.stdout.lines().map(str::to_string).collect()
    };
    let polars = table(&[]);
    let spark = table(&["--engine", "spark", "--spark-python", python.to_str().expect("a UTF-8 path")]);
    // The quarter, the quarter before and the same quarter a year earlier.
    for period in ["2025-Q4", "2025-Q3", "2024-Q4"] {
        assert!(polars.iter().filter(|l| l.contains(&format!(",{period},"))).count() > 300, "{period}");
    }
    let differ: Vec<(&String, &String)> = polars.iter().zip(&spark).filter(|(a, b)| a != b).take(5).collect();
    assert!(differ.is_empty(), "first rows that differ (polars, spark): {differ:#?}");
    assert_eq!(polars.len(), spark.len(), "the same number of rows");
}

/// A folder's files: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Ingests `files` of the demo's exports into a new workspace with `env`
/// set: the lake's and the quarantine's files.
fn ingest_with(files: &[&str], env: &[(&str, &str)]) -> (Files, Files) {
    let ws = workspace_with(files);
    ingest_in(&ws, env);
    (ws.files("lake"), ws.files("quarantine"))
}

/// An empty workspace with the demo's `files` in `in/`.
fn workspace_with(files: &[&str]) -> Workspace {
    let exports = demo().ws.config().paths.exports;
    let ws = Workspace::empty();
    std::fs::create_dir_all(ws.path().join("reference")).expect("a folder");
    std::fs::create_dir_all(ws.path().join("in")).expect("a folder");
    std::fs::copy(
        std::path::Path::new(crate::common::REPO).join("data/reference/wilayah.csv"),
        ws.path().join("reference/wilayah.csv"),
    )
    .expect("copy wilayah");
    for file in files {
        std::fs::copy(exports.join(file), ws.path().join("in").join(file)).expect("copy an export");
    }
    ws
}

/// `jamstat ingest in/` in `ws`, with `env`; what it said of each file (stderr).
fn ingest_in(ws: &Workspace, env: &[(&str, &str)]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jamstat"));
    cmd.arg("--config").arg(ws.config_path());
    cmd.args(["ingest", "--quiet", ws.path().join("in").to_str().expect("UTF-8")]).env_remove("JAMSTAT_NIK_KEY");
    let out = cmd.envs(env.iter().copied()).output().expect("runs");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    said
}

#[test]
fn the_monthly_job_run_again_finds_its_month_unchanged_and_changes_nothing() {
    // One `peserta` file alone is hashed beside its check (both cores
    // start at once); run again, the hash finds the file in the lake, the
    // check stops, and nothing is written.
    let ws = workspace_with(&["peserta_2025-12.csv"]);
    let first = ingest_in(&ws, &[]);
    assert!(first.contains("peserta_2025-12.csv: ") && !first.contains("unchanged"), "{first}");
    let (lake, quarantine) = (ws.files("lake"), ws.files("quarantine"));
    assert!(
        lake.iter().any(|(name, _)| name.starts_with("dataset=peserta/periode=2025-12/")),
        "the month is in the lake"
    );
    let again = ingest_in(&ws, &[]);
    assert!(again.contains("peserta_2025-12.csv: unchanged"), "{again}");
    assert!(ws.files("lake") == lake, "the lake is as it was");
    assert!(ws.files("quarantine") == quarantine, "the quarantine is as it was");
}

#[test]
fn one_month_alone_read_in_two_halves_writes_the_lake_and_quarantine_of_one_pass() {
    // The monthly job: one `peserta` file, large enough to be read in two
    // halves at once on two cores, against the same file read in one pass.
    let export = demo().ws.config().paths.exports.join("peserta_2025-12.csv");
    let lines = std::fs::read_to_string(&export).expect("the month").lines().count();
    assert!(lines > 20_000, "the month is large enough to be read in halves ({lines} lines)");
    let month = ["peserta_2025-12.csv"];
    let (halves, one_pass) = (
        ingest_with(&month, &[("JAMSTAT_SPLIT_FROM_LINES", "1")]),
        ingest_with(&month, &[("JAMSTAT_SPLIT_FROM_LINES", "never")]),
    );
    assert!(halves.0.iter().any(|(name, _)| name.ends_with(".parquet")), "the month is in the lake");
    assert!(halves.0 == one_pass.0, "the lake is byte-identical");
    assert!(halves.1 == one_pass.1, "the quarantine is byte-identical");
}

#[test]
fn files_too_large_to_hold_two_at_once_are_read_one_at_a_time_in_halves_to_the_same_lake() {
    // A province's months: with a memory budget that two files do not fit
    // (here 0 bytes), each file is read alone, in two halves; the lake and
    // quarantine are those of two files at once, each in one pass.
    let months = ["peserta_2025-10.csv", "peserta_2025-11.csv", "peserta_2025-12.csv", "klaim_2025-12.csv"];
    let one_at_a_time = ingest_with(&months, &[("JAMSTAT_FILES_AT_ONCE_BUDGET", "0")]);
    let two_at_once = ingest_with(&months, &[("JAMSTAT_SPLIT_FROM_LINES", "never")]);
    let parquet = one_at_a_time.0.iter().filter(|(name, _)| name.ends_with(".parquet")).count();
    assert!(parquet >= 4, "every month is in the lake: {parquet} partitions");
    assert!(one_at_a_time.0 == two_at_once.0, "the lake is byte-identical");
    assert!(one_at_a_time.1 == two_at_once.1, "the quarantine is byte-identical");
}

#[test]
fn the_report_periods_computed_together_are_the_periods_computed_one_by_one() {
    // Together, periods share statement runs (the quarter, its last month
    // and its year end on one snapshot): the table must be the one each
    // period computed alone gives, byte for byte. Together is what
    // `indicators --report-periods` prints.
    let demo = demo();
    let config = demo.ws.config();
    let (periods, _) = jamstat::report::input::periods(&"2025-Q4".parse().expect("a period"));
    assert!(periods.len() >= 15, "{periods:?}");
    let together = demo.ws.jamstat(&["indicators", "--period", "2025-Q4", "--report-periods", "--format", "csv"]);
    assert_eq!(together.code, 0, "{}", together.stderr);
    let mut alone = Vec::new();
    for p in &periods {
        alone.extend(jamstat::pipeline::indicators(&config, std::slice::from_ref(p)).expect("a period").into_rows());
    }
    let alone = KpiTable::new(alone);
    assert!(alone.rows().len() > 5_000, "{}", alone.rows().len());
    let shown: std::collections::BTreeSet<_> = alone.rows().iter().map(|r| r.period).collect();
    assert_eq!(shown.len(), periods.len(), "every period has rows: {shown:?}");
    assert!(together.stdout == alone.to_csv(), "the shared work changed the table");
}

#[test]
fn months_added_up_give_the_table_of_each_period_read_whole() {
    // `-- per month: sum` statements are run once a month and added up for
    // a quarter or a year; without that line the same statements read each
    // period whole. The report's periods must come out the same, byte for byte.
    let demo = demo();
    let config = demo.ws.config();
    let (periods, _) = jamstat::report::input::periods(&"2025-Q4".parse().expect("a period"));
    let whole = Workspace::empty();
    let mut removed = 0;
    for entry in std::fs::read_dir(&config.paths.queries).expect("the queries") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a query file");
        removed += text.lines().filter(|l| l.trim() == "-- per month: sum").count();
        let kept: Vec<&str> = text.lines().filter(|l| l.trim() != "-- per month: sum").collect();
        std::fs::write(whole.path().join(path.file_name().expect("a name")), kept.join("\n")).expect("write");
    }
    assert!(removed >= 6, "contributions and the claim counts are added up by month ({removed})");
    let mut whole_config = config.clone();
    whole_config.paths.queries = whole.path().to_path_buf();
    let by_month = jamstat::pipeline::indicators(&config, &periods).expect("the table");
    let read_whole = jamstat::pipeline::indicators(&whole_config, &periods).expect("the table");
    let has =
        |indicator: &str| by_month.rows().iter().filter(|r| r.indicator == indicator && r.value.is_some()).count();
    assert!(has("contributions_paid") >= 2 * periods.len() && has("claims_paid_count") > 100);
    assert!(by_month.to_csv() == read_whole.to_csv(), "the months added up differ from the periods read whole");
}
