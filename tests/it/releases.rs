//! The release story on the sample, as the communications office lives it:
//! a draft stamped with its planned date, release 1 published byte for
//! byte, a corrected month from BPJS, revision 2 with its changes and `[r]`
//! marks (and every cell release 1 hid still hidden), release 1 rebuilt
//! byte-identically from the archived partitions, and the landing page
//! with both releases and the calendar.

use std::path::Path;

use jamstat::indicators::{KpiTable, Status};

use crate::common::{Workspace, files_under};

const CALENDAR: &str = r#"
[release]
producer = "Dinas Uji"
contact = "uji@example.org"
calendar = [
  { period = "2025-Q4", date = "2026-01-15", time = "11:00" },
  { period = "2026-Q1", date = "2026-04-15", postponed_to = "2026-04-22", reason = "ekspor Maret terlambat" },
]
"#;

/// The sample ingested in a workspace whose config has a release calendar.
fn sample() -> Workspace {
    let ws = Workspace::empty();
    let config_path = ws.config_path();
    let text = std::fs::read_to_string(&config_path).expect("the config");
    std::fs::write(&config_path, format!("{text}{CALENDAR}")).expect("write the config");
    std::fs::create_dir_all(ws.path().join("reference")).expect("a folder");
    let wilayah = Path::new(crate::common::REPO).join("data/reference/wilayah.csv");
    std::fs::copy(wilayah, ws.path().join("reference/wilayah.csv")).expect("copy wilayah");
    let config = ws.config();
    let exports = jamstat::demo::prepare(&config).expect("the sample generates");
    jamstat::ingest::run(&config, &[exports], jamstat::ingest::Options { commit: true, progress: false })
        .expect("the sample ingests");
    ws
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let out = ws.jamstat(args);
    assert_eq!(out.code, 0, "jamstat {args:?}: {}", out.stderr);
    out.stderr
}

fn table(path: &Path) -> KpiTable {
    KpiTable::from_csv(&std::fs::read_to_string(path).expect("a kpi.csv")).expect("a table")
}

/// The December export without the programme members of `kelurahan` (all
/// but `keep` of them): BPJS's correction of that month, as `name` in a
/// folder of its own.
fn corrected_december(ws: &Workspace, kelurahan: &str, keep: usize, name: &str) -> std::path::PathBuf {
    let original = std::fs::read_to_string(ws.path().join("exports/peserta_2025-12.csv")).expect("the export");
    let mut kept = 0;
    let lines: Vec<&str> = original
        .lines()
        .filter(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let drop = f.get(6) == Some(&kelurahan) && f.get(11) == Some(&"APBD") && {
                kept += 1;
                kept > keep
            };
            !drop
        })
        .collect();
    let drop = ws.path().join(name.trim_end_matches(".csv"));
    std::fs::create_dir_all(&drop).expect("a folder");
    std::fs::write(drop.join(name), lines.join("\n") + "\n").expect("write");
    drop
}

#[test]
fn a_release_is_drafted_published_revised_in_the_open_and_rebuilt_byte_for_byte() {
    let ws = sample();
    let private = ws.path().join("data/private");

    // 1. The draft: stamped on every page with the planned date, outside output/.
    let index = ok(&ws, &["report", "--period", "2025-Q4"]);
    assert!(index.contains("jamstat publish --period 2025-Q4"), "{index}");
    assert!(!ws.path().join("output/2025-Q4").exists(), "a draft is not published");
    let draft = private.join("drafts/2025-Q4");
    let page = |path: &Path| crate::figures::plain(&std::fs::read_to_string(path).expect("a page"));
    let review = page(&draft.join("review/index.html"));
    assert!(review.contains("DRAF - BELUM UNTUK PUBLIKASI · rencana rilis 15 Januari 2026 pukul 11.00 WIB"));
    let pages = crate::figures::pdf_pages(&draft.join("review/report.pdf"));
    let pdf = crate::figures::pdf_text(&draft.join("review/report.pdf"));
    assert_eq!(pdf.matches("DRAF - BELUM UNTUK PUBLIKASI").count(), pages, "the stamp on every PDF page");
    let unstamped = page(&draft.join("release/index.html"));
    assert!(!unstamped.contains("DRAF"), "what will be published carries no stamp");
    assert!(unstamped.contains("Berita Resmi No. 01/01/3577/Th.I · pukul 11.00 WIB"));

    // 2. Publish: exactly the checked draft, byte for byte.
    let said = ok(&ws, &["publish", "--period", "2025-Q4"]);
    assert!(said.contains("published release No. 01/01/3577/Th.I of 2025-Q4 (revision 1)"), "{said}");
    let release_1 = files_under(&ws.path().join("output/2025-Q4"));
    assert_eq!(release_1, files_under(&draft.join("release")), "the published folder is the draft's");
    let first = table(&ws.path().join("output/2025-Q4/kpi.csv"));
    let hidden_1: Vec<_> = first.rows().iter().filter(|r| r.status == Status::Suppressed).collect();
    assert!(!hidden_1.is_empty(), "the sample has hidden cells");

    // 3. BPJS corrects December in a kelurahan next to a hidden cell: the
    //    neighbour of a hidden kelurahan in the same kecamatan.
    let hidden = hidden_1.iter().find(|r| r.dimension.as_str() == "kelurahan").expect("a hidden kelurahan");
    let kecamatan = jamstat::reference::kecamatan_code(&hidden.category).to_string();
    let neighbour = first
        .rows()
        .iter()
        .find(|r| {
            r.indicator == "members_active"
                && r.period.to_string() == "2025-Q4"
                && r.dimension.as_str() == "kelurahan"
                && r.status == Status::Ok
                && r.category != hidden.category
                && jamstat::reference::kecamatan_code(&r.category) == kecamatan
                && r.value.is_some_and(|v| v.as_f64() > 20.0)
        })
        .expect("a published neighbour")
        .category
        .clone();
    let drop = corrected_december(&ws, &neighbour, 5, "peserta_2025-12_revisi.csv");
    ok(&ws, &["ingest", drop.to_str().expect("UTF-8"), "--quiet"]);

    // A draft made before a change of the lake is refused at publication.
    ok(&ws, &["report", "--period", "2025-Q4"]);
    let again = corrected_december(&ws, &neighbour, 4, "peserta_2025-12_revisi2.csv");
    ok(&ws, &["ingest", again.to_str().expect("UTF-8"), "--quiet"]);
    let refused = ws.jamstat(&["publish", "--period", "2025-Q4"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("changed since the draft"), "{}", refused.stderr);
    assert_eq!(files_under(&ws.path().join("output/2025-Q4")), release_1, "nothing was published");

    // 4. Revision 2: what changed and why, [r] marks, the changes table.
    ok(&ws, &["report", "--period", "2025-Q4"]);
    let said = ok(&ws, &["publish", "--period", "2025-Q4"]);
    assert!(said.contains("No. 02/01/3577/Th.I of 2025-Q4 (revision 2, revising No. 01/01/3577/Th.I)"), "{said}");
    let out = ws.path().join("output/2025-Q4");
    let second = table(&out.join("kpi.csv"));
    let changes = std::fs::read_to_string(out.join("data/changes.csv")).expect("changes.csv");
    // The neighbour's figure for all participants changed (its programme
    // figure may now be hidden beside the kept cell).
    let neighbour_row = format!("members_active,2025-Q4,all,kelurahan,{neighbour},");
    assert!(changes.lines().any(|l| l.starts_with(&neighbour_row)), "the neighbour's change is listed:\n{changes}");
    let was = first.find(["members_active", "2025-Q4", "programme", "total", "total"]).and_then(|r| r.value);
    let now = second.find(["members_active", "2025-Q4", "programme", "total", "total"]).and_then(|r| r.value);
    assert!(was.is_some() && now.is_some() && was != now, "a published figure changed: {was:?} -> {now:?}");
    let html = page(&out.join("index.html"));
    assert!(html.contains("revisi 2 atas No. 01/01/3577/Th.I"));
    assert!(html.contains("peserta_2025-12_revisi2.csv menggantikan peserta_2025-12.csv"), "why it changed");
    assert!(html.contains(" [r]"), "changed figures are marked");
    let pdf = crate::figures::assert_report_figures(&out, crate::figures::Lang::Id);
    assert!(pdf.contains("[r]"), "the PDF marks them too");
    assert!(html.contains("Pernyataan kualitas") && pdf.contains("Pernyataan kualitas"));
    let open = std::fs::read_to_string(out.join("data/kpi.csv")).expect("open data");
    assert!(open.lines().next().is_some_and(|h| h.ends_with(",revision")));
    assert!(open.lines().any(|l| l.starts_with(&neighbour_row) && l.ends_with(",r")), "marked in the open data");
    // The metadata a Satu Data (CKAN) portal takes.
    let ckan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/ckan.json")).expect("ckan.json")).expect("JSON");
    let extra = |key: &str| {
        let extras = ckan["extras"].as_array().expect("extras");
        extras.iter().find(|e| e["key"] == key).map(|e| e["value"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(extra("kode_wilayah").as_deref(), Some("35.77"));
    assert_eq!(extra("periode").as_deref(), Some("2025-Q4"));
    assert_eq!(extra("nomor_rilis").as_deref(), Some("02/01/3577/Th.I"));
    assert_eq!(extra("kontak").as_deref(), Some("uji@example.org"));
    assert_eq!(ckan["license_id"], "CC-BY-4.0");
    // Every changed figure of the changes table is published in both releases.
    for line in changes.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        for t in [&first, &second] {
            if let Some(row) = t.find([f[0], f[1], f[2], f[3], f[4]]) {
                assert_ne!(row.status, Status::Suppressed, "a hidden cell is never in the changes: {line}");
            }
        }
    }
    // Disclosure holds across releases: what release 1 hid, release 2 hides.
    for r in &hidden_1 {
        let period = r.period.to_string();
        let key = [r.indicator.as_str(), &period, r.scope.as_str(), r.dimension.as_str(), &r.category];
        let now = second.find(key).map(|r| r.status);
        assert!(matches!(now, Some(Status::Suppressed) | None), "{key:?} stays hidden, is {now:?}");
    }

    // 5. Release 1 rebuilt from the archived partitions: every byte as published then.
    let rebuilt = ws.path().join("rebuilt-1");
    let said = ok(&ws, &["rebuild", "--release", "1", "--dir", rebuilt.to_str().expect("UTF-8")]);
    assert!(said.contains("byte-identical"), "{said}");
    assert_eq!(files_under(&rebuilt), release_1, "release 1, rebuilt");

    // 6. The landing page: both releases and the calendar.
    let landing = page(&ws.path().join("output/index.html"));
    for text in
        ["No. 01/01/3577/Th.I", "No. 02/01/3577/Th.I", "Jadwal rilis", "ekspor Maret terlambat", "22 April 2026"]
    {
        assert!(landing.contains(text), "the landing page shows `{text}`");
    }
}
