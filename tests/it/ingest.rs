//! Ingest on the small fixture: counts balance, bad rows are explained, the
//! lake is deterministic and holds no NIK or name, refused files change nothing.

use jamstat::contract::Dataset;
use jamstat::ingest::Options;
use jamstat::lake::Lake;

use crate::common::Workspace;

const COMMIT: Options = Options { commit: true, progress: false };

fn ingest(ws: &Workspace) -> Vec<jamstat::ingest::FileSummary> {
    jamstat::ingest::run(&ws.config(), &[ws.path().join("exports")], COMMIT).expect("the fixture ingests").files
}

#[test]
fn every_row_is_kept_quarantined_or_a_counted_duplicate() {
    let ws = Workspace::fixture("small");
    let summaries = ingest(&ws);
    let dec = summaries.iter().find(|s| s.file == "peserta_2025-12.csv").expect("December was ingested");
    assert_eq!((dec.rows_read, dec.rows_ingested, dec.rows_quarantined, dec.rows_skipped), (9, 6, 2, 1));
    for s in &summaries {
        assert_eq!(s.rows_read, s.rows_ingested + s.rows_quarantined + s.rows_skipped, "{}", s.file);
    }
    let nov = summaries.iter().find(|s| s.file == "klaim_2025-11.csv").expect("a header-only claims file is a month");
    assert_eq!((nov.rows_read, nov.months.clone()), (0, vec!["2025-11".to_string()]));
}

#[test]
fn quarantine_names_the_line_the_column_and_the_reason() {
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let text = std::fs::read_to_string(ws.path().join("quarantine/peserta_2025-12.quarantine.csv"))
        .expect("a quarantine file");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "file,line,column,code,message,raw_row");
    assert!(lines[1].starts_with("peserta_2025-12.csv,8,nik,BAD_NIK,`nik` is not 16 digits,"), "{}", lines[1]);
    assert!(lines[2].starts_with("peserta_2025-12.csv,9,kpj,DUPLICATE_KPJ,"), "{}", lines[2]);
    assert!(lines[2].ends_with(",AKTIF,99999\""), "the raw row is kept, quoted: {}", lines[2]);
    assert_eq!(lines.len(), 3);
}

#[test]
fn ingesting_twice_changes_nothing_and_a_fresh_lake_is_byte_identical() {
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let first = ws.files("lake");
    let again = ingest(&ws);
    assert!(again.iter().all(|s| s.outcome == jamstat::ingest::Outcome::Unchanged), "every file is recognised");
    assert_eq!(ws.files("lake"), first);

    let other = Workspace::fixture("small");
    ingest(&other);
    assert_eq!(other.files("lake"), first, "same files, same lake, byte for byte");
    assert!(
        first
            .iter()
            .any(|(name, _)| name.starts_with("dataset=peserta/periode=2025-12/") && name.ends_with(".parquet"))
    );
}

#[test]
fn a_lake_written_many_files_at_once_is_the_lake_written_one_file_at_a_time() {
    // A correction of December beside the original: whichever finishes
    // first, the correction must be applied last.
    let with_revisi = || {
        let ws = Workspace::fixture("small");
        let exports = ws.path().join("exports");
        let text = std::fs::read_to_string(exports.join("peserta_2025-12.csv")).expect("read");
        let fewer: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
        std::fs::write(exports.join("peserta_2025-12-revisi.csv"), fewer).expect("write");
        ws
    };
    // One run checks and writes the `peserta` files several at once.
    let together = with_revisi();
    ingest(&together);
    let lake = Lake::read_only(&together.path().join("lake")).expect("open");
    let p = lake.partition(Dataset::Peserta, "2025-12".parse().expect("a month")).expect("a partition");
    assert_eq!((p.rows, p.source_file.as_str()), (2, "peserta_2025-12-revisi.csv"));
    // One run per file, in the order ingest applies them.
    let apart = with_revisi();
    let files = jamstat::ingest::discover(&[apart.path().join("exports")]).expect("the exports are listed");
    assert!(files.iter().filter(|f| f.to_string_lossy().contains("peserta_")).count() >= 2);
    for file in &files {
        jamstat::ingest::run(&apart.config(), std::slice::from_ref(file), COMMIT).expect("one file ingests");
    }
    let partitions = |ws: &Workspace| -> Vec<(String, Vec<u8>)> {
        ws.files("lake").into_iter().filter(|(name, _)| name.starts_with("dataset=peserta/")).collect()
    };
    assert!(!partitions(&together).is_empty());
    assert_eq!(partitions(&together), partitions(&apart), "the same partitions, byte for byte");
    assert_eq!(together.files("quarantine"), apart.files("quarantine"), "the same quarantine");
}

#[test]
fn the_lake_holds_no_nik_and_no_name_but_months_still_link() {
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let lake = Lake::read_only(&ws.path().join("lake")).expect("the lake opens");
    let months = lake.months(Dataset::Peserta);
    let df = lake.scan(Dataset::Peserta, &months).expect("scan").expect("all months").collect().expect("collect");
    let names: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
    assert!(!names.iter().any(|c| c == "nik" || c == "nama"), "{names:?}");
    let hashes = df.column("nik_hash").expect("a nik_hash column").str().expect("text");
    let all: Vec<&str> = hashes.iter().flatten().collect();
    assert!(all.iter().all(|h| h.len() == 32 && !h.contains("3577")), "hashes, not NIKs");
    // Person A appears in all four months under one pseudonym.
    let kpj = df.column("kpj").expect("kpj").str().expect("text");
    let a: std::collections::BTreeSet<&str> =
        kpj.iter().zip(hashes.iter()).filter(|(k, _)| *k == Some("10000000001")).filter_map(|(_, h)| h).collect();
    assert_eq!(a.len(), 1);
    // Names are kept only as the keyed hash of their words, for the privacy guard.
    let nama = df.column("nama_hash").expect("a nama_hash column").str().expect("text");
    let a: std::collections::BTreeSet<&str> =
        kpj.iter().zip(nama.iter()).filter(|(k, _)| *k == Some("10000000001")).filter_map(|(_, h)| h).collect();
    let expected = jamstat::pseudonym::name_hash(&ws.config().nik_key, "ADI  contoh").expect("two words");
    assert_eq!(a.into_iter().collect::<Vec<_>>(), vec![expected.as_str()], "`Adi Contoh` in every month");
    for (_, bytes) in ws.files("lake") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Contoh") && !text.contains("3577011005900001"));
    }
}

#[test]
fn a_file_missing_a_column_is_refused_and_the_lake_is_unchanged() {
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let before = ws.files("lake");
    let bad = ws.path().join("drop");
    std::fs::create_dir_all(&bad).expect("a folder");
    let text = std::fs::read_to_string(ws.path().join("exports/peserta_2025-12.csv")).expect("read");
    let without_status: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            f.remove(15);
            f.join(",") + "\n"
        })
        .collect();
    std::fs::write(bad.join("peserta_2025-12_revisi.csv"), without_status).expect("write");
    let out = ws.jamstat(&["ingest", bad.to_str().expect("utf-8 path")]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("peserta_2025-12_revisi.csv` has no column `status`"), "{}", out.stderr);
    assert!(out.stderr.contains("the lake is unchanged"), "{}", out.stderr);
    assert_eq!(ws.files("lake"), before);
}

#[test]
fn a_corrected_month_replaces_its_partition_and_archives_the_old_one() {
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let fix = ws.path().join("drop");
    std::fs::create_dir_all(&fix).expect("a folder");
    let text = std::fs::read_to_string(ws.path().join("exports/klaim_2025-12.csv")).expect("read");
    let corrected: String = text.lines().filter(|l| !l.contains(",K6,")).map(|l| format!("{l}\n")).collect();
    std::fs::write(fix.join("klaim_2025-12_revisi.csv"), corrected).expect("write");
    jamstat::ingest::run(&ws.config(), &[fix], COMMIT).expect("the correction ingests");
    let lake = Lake::read_only(&ws.path().join("lake")).expect("open");
    let entry = lake.partition(Dataset::Klaim, "2025-12".parse().expect("a month")).expect("a partition");
    assert_eq!((entry.rows, entry.source_file.as_str()), (2, "klaim_2025-12_revisi.csv"));
    let archived = &lake.manifest().archive;
    assert_eq!(archived.len(), 1);
    assert!(ws.path().join("lake").join(&archived[0].archived_file).exists());
    let t = jamstat::pipeline::indicators(&ws.config(), &["2025-12".parse().expect("a period")]).expect("indicators");
    assert_eq!(
        t.find(["claims_paid_count", "2025-12", "all", "total", "total"]).map(|r| r.value_text()),
        Some("2".into())
    );
}

#[test]
fn a_manifest_naming_a_file_outside_the_lake_is_refused_with_a_message() {
    // A damaged manifest must never make an ingest move or delete a file
    // elsewhere, nor panic: an archive entry pointing out of the lake, or
    // at nothing, is refused when the lake is opened.
    let ws = Workspace::fixture("small");
    ingest(&ws);
    let manifest = ws.path().join("lake/manifest.json");
    let good = std::fs::read_to_string(&manifest).expect("the manifest");
    let value: serde_json::Value = serde_json::from_str(&good).expect("JSON");
    let partition = value["partitions"][0].clone();
    for archived_file in ["../elsewhere.parquet", ""] {
        let mut damaged = value.clone();
        damaged["archive"] = serde_json::json!([{
            "partition": partition,
            "archived_file": archived_file,
            "replaced_by_sha256": "0",
        }]);
        std::fs::write(&manifest, serde_json::to_string(&damaged).expect("JSON")).expect("write");
        let out = ws.jamstat(&["ingest", ws.path().join("exports").to_str().expect("utf-8")]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains("manifest.json` is damaged: it names `")
                && out.stderr.contains("restore it from a backup"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    std::fs::write(&manifest, good).expect("restore");
    assert_eq!(ws.jamstat(&["ingest", ws.path().join("exports").to_str().expect("utf-8")]).code, 0);
}

#[test]
fn a_row_with_too_few_fields_is_quarantined_not_a_crash() {
    let ws = Workspace::fixture("small");
    let path = ws.path().join("exports/klaim_2025-10.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("2025-10,K9,10000000001\n");
    std::fs::write(&path, text).expect("write");
    let out = ws.jamstat(&["ingest", ws.path().join("exports").to_str().expect("utf-8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("klaim_2025-10.csv: 4 rows read = 3 kept + 1 quarantined"), "{}", out.stderr);
    let q = std::fs::read_to_string(ws.path().join("quarantine/klaim_2025-10.quarantine.csv")).expect("a quarantine");
    assert!(q.contains("klaim_2025-10.csv,5,,WRONG_FIELD_COUNT,\"the row has 3 fields, the header has 17"), "{q}");
}

/// November repeats three October claims: K1 exactly (a paid claim, so its
/// `tgl_bayar` lies in October), K2 with a different amount, K3 (rejected,
/// no `tgl_bayar`) exactly.
const NOVEMBER: &str = "\
periode,no_klaim,kpj,nik,kecamatan,kelurahan,kode_wilayah,segmen,kategori,sumber_iuran,program,jenis_manfaat,tgl_kejadian,tgl_bayar,status,nominal,jumlah_penerima
2025-11,K1,10000000001,3577011005900001,Kartoharjo,Oro-oro Ombo,35.77.01.1001,BPU,RENTAN,APBD,JKK,PENGOBATAN,2025-09-20,2025-10-05,DIBAYAR,Rp 5.000.000,1
2025-11,K2,10000000003,3577020101600003,Manguharjo,Manguharjo,35.77.02.1001,PU,FORMAL,PEMBERI_KERJA,JHT,LAINNYA,2025-10-01,10/11/2025,DIBAYAR,25000000,1
2025-11,K3,10000000002,3577017112000002,Kartoharjo,Sukosari,35.77.01.1002,PU,NON_ASN,APBD,JKK,STMB,2025-10-02,,DITOLAK,0,1
";

/// The live partitions (entry and bytes) of a lake, without its history.
fn live_claims(ws: &Workspace) -> Vec<(String, u64, Vec<u8>)> {
    let lake = Lake::read_only(&ws.path().join("lake")).expect("the lake opens");
    let mut out: Vec<(String, u64, Vec<u8>)> = lake
        .manifest()
        .partitions
        .iter()
        .filter(|p| p.dataset == "klaim")
        .map(|p| (p.file.clone(), p.rows, std::fs::read(ws.path().join("lake").join(&p.file)).expect("a live file")))
        .collect();
    out.sort();
    out
}

#[test]
fn the_earliest_month_holds_a_claim_whatever_order_the_files_arrive_in() {
    let in_order = Workspace::fixture("small");
    std::fs::write(in_order.path().join("exports/klaim_2025-11.csv"), NOVEMBER).expect("write");
    let report = jamstat::ingest::run(&in_order.config(), &[in_order.path().join("exports")], COMMIT).expect("ingest");
    let nov = report.files.iter().find(|s| s.file == "klaim_2025-11.csv").expect("November");
    assert_eq!((nov.rows_read, nov.rows_ingested, nov.rows_quarantined, nov.rows_skipped), (3, 0, 1, 2));

    let reversed = Workspace::fixture("small");
    let exports = reversed.path().join("exports");
    std::fs::write(exports.join("klaim_2025-11.csv"), NOVEMBER).expect("write");
    let october = reversed.path().join("october");
    std::fs::create_dir_all(&october).expect("a folder");
    std::fs::rename(exports.join("klaim_2025-10.csv"), october.join("klaim_2025-10.csv")).expect("move");
    let first = jamstat::ingest::run(&reversed.config(), &[exports], COMMIT).expect("ingest without October");
    let nov = first.files.iter().find(|s| s.file == "klaim_2025-11.csv").expect("November");
    assert_eq!(nov.rows_ingested, 2, "without October, November holds K2 and K3");
    let late = jamstat::ingest::run(&reversed.config(), &[october], COMMIT).expect("October arrives late");
    let nov = late
        .files
        .iter()
        .find(|s| s.outcome == jamstat::ingest::Outcome::ReResolved)
        .expect("November is resolved anew");
    assert_eq!(
        (nov.file.as_str(), nov.rows_ingested, nov.rows_quarantined, nov.rows_skipped),
        ("klaim_2025-11.csv", 0, 2, 1)
    );

    assert_eq!(live_claims(&reversed), live_claims(&in_order), "same files, same counted claims, byte for byte");
    for ws in [&in_order, &reversed] {
        let q = std::fs::read_to_string(ws.path().join("quarantine/klaim_2025-11.conflicts.csv")).expect("conflicts");
        assert!(
            q.contains("klaim_2025-11.csv,3,no_klaim,CONFLICTING_NO_KLAIM,`no_klaim` K2 is already counted in 2025-10 (line 3 of `klaim_2025-10.csv`)"),
            "{q}"
        );
        let t =
            jamstat::pipeline::indicators(&ws.config(), &["2025-Q4".parse().expect("a period")]).expect("indicators");
        let paid = t.find(["claims_paid_amount", "2025-Q4", "all", "total", "total"]).map(|r| r.value_text());
        assert_eq!(paid, Some("166000000".into()), "K2 counted once, with October's 20 million");
    }
}

#[test]
fn check_reports_every_problem_as_json_and_writes_nothing() {
    let ws = Workspace::fixture("small");
    let out = ws.jamstat(&["check", ws.path().join("exports").to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    let dec =
        json["files"].as_array().expect("files").iter().find(|f| f["file"] == "peserta_2025-12.csv").expect("Dec");
    assert_eq!(
        (dec["rows_read"].as_u64(), dec["rows_ingested"].as_u64(), dec["outcome"].as_str()),
        (Some(9), Some(6), Some("checked"))
    );
    let first = &json["quarantined"][0];
    assert_eq!(
        (first["file"].as_str(), first["line"].as_u64(), first["column"].as_str(), first["code"].as_str()),
        (Some("peserta_2025-12.csv"), Some(8), Some("nik"), Some("BAD_NIK"))
    );
    assert!(!ws.path().join("lake").exists() && !ws.path().join("quarantine").exists(), "check is read-only");

    let text = ws.jamstat(&["check", ws.path().join("exports").to_str().expect("utf-8")]);
    assert!(
        text.stdout.contains("peserta_2025-12.csv:8: quarantine BAD_NIK [nik] `nik` is not 16 digits"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_file_without_a_month_in_its_name_fills_each_month_it_holds() {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    let sep = std::fs::read_to_string(exports.join("peserta_2025-09.csv")).expect("read");
    let oct = std::fs::read_to_string(exports.join("peserta_2025-10.csv")).expect("read");
    let both: String = sep.lines().chain(oct.lines().skip(1)).map(|l| format!("{l}\n")).collect();
    let drop = ws.path().join("drop");
    std::fs::create_dir_all(&drop).expect("a folder");
    std::fs::write(drop.join("peserta_gabungan.csv"), both).expect("write");
    let report = jamstat::ingest::run(&ws.config(), &[drop], COMMIT).expect("ingest");
    let f = &report.files[0];
    assert_eq!((f.months.clone(), f.rows_read, f.rows_ingested), (vec!["2025-09".into(), "2025-10".into()], 10, 10));
    let lake = Lake::read_only(&ws.path().join("lake")).expect("open");
    for m in ["2025-09", "2025-10"] {
        let p = lake.partition(Dataset::Peserta, m.parse().expect("a month")).expect("a partition");
        assert_eq!((p.rows, p.source_file.as_str()), (5, "peserta_gabungan.csv"));
    }
}

#[test]
fn in_one_drop_the_revisi_file_is_applied_after_the_original_whatever_their_names_sort_to() {
    let ws = Workspace::fixture("small");
    let exports = ws.path().join("exports");
    let text = std::fs::read_to_string(exports.join("klaim_2025-12.csv")).expect("read");
    let fewer: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    // `klaim_2025-12-revisi.csv` sorts before `klaim_2025-12.csv` by name.
    std::fs::write(exports.join("klaim_2025-12-revisi.csv"), fewer).expect("write");
    jamstat::ingest::run(&ws.config(), &[exports], COMMIT).expect("ingest");
    let lake = Lake::read_only(&ws.path().join("lake")).expect("open");
    let p = lake.partition(Dataset::Klaim, "2025-12".parse().expect("a month")).expect("a partition");
    assert_eq!((p.rows, p.source_file.as_str()), (1, "klaim_2025-12-revisi.csv"));
    assert_eq!(lake.manifest().archive.len(), 1, "the original was applied, then archived with its entry");
    assert_eq!(lake.manifest().archive[0].partition.source_file, "klaim_2025-12.csv");
}
