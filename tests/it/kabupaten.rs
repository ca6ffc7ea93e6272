//! A kabupaten shaped like Kutai Kartanegara (`tests/fixtures/kabupaten`):
//! 20 kecamatan, desa codes `64.02.KK.2NNN` beside kelurahan, a programme
//! paid from APBD and APBDes, non-ASN staff called PPNPN. Config and
//! reference data only; the same code as for Kota Madiun.
//!
//! Seven people. November: B-G active. December: A joins (desa
//! 64.02.01.2001, APBD), B (same desa, APBDES), C and D (PPNPN, APBD,
//! kelurahan 64.02.09.1001), E (RENTAN but CSR, desa 64.02.20.2005),
//! F (FORMAL, employer, desa 64.02.15.2003) active; G (RENTAN, APBD, desa
//! 64.02.15.2003) turns NONAKTIF. December claims: KK1 C paid 2.500.000
//! (9 days), KK2 E paid 1.200.000 (12 days), KK3 B rejected.

use jamstat::indicators::KpiTable;
use jamstat::table::{Dimension, Scope};

use crate::common::{Workspace, assert_has_rows, expected};

fn december() -> (Workspace, KpiTable) {
    let ws = Workspace::fixture("kabupaten");
    let exports = ws.path().join("exports");
    let out = ws.jamstat(&["ingest", exports.to_str().expect("UTF-8"), "--quiet", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(report["quarantined"], serde_json::json!([]), "every row of the fixture is valid");
    assert_eq!(report["warnings"], serde_json::json!([]));
    let table = jamstat::pipeline::indicators(&ws.config(), &["2025-12".parse().expect("a month")]).expect("computes");
    (ws, table)
}

// Programme = APBD or APBDES: A, B, C, D (E is CSR, G is not active).
// Contributions: all 3 x 16.800 + 2 x 13.500 + 250.000 = 327.400 (G pays
// 0); programme 2 x 16.800 + 2 x 13.500 = 60.600. Claim ratio: programme
// 2.500.000 / 60.600 = 4125,41254..%, all 3.700.000 / 327.400 =
// 1130,11606..%. Coverage 6 / 20; BPU A, B, E = 3 / 10; PPNPN C, D = 2 / 5.
// Vulnerable (programme RENTAN: A, B, both in desa 64.02.01.2001): 2 of 3
// there, 0 of 2 in 64.02.15.2003, 0 of 4 in 64.02.20.2005: 2 / 9 and
// 1 + 2 + 4 = 7 still to propose. Quota 10 - 4.
const DECEMBER: &str = "
    members_active,all,total,total,6,orang,
    members_active,all,kecamatan,64.02.01,2,orang,
    members_active,all,kecamatan,64.02.09,2,orang,
    members_active,all,kecamatan,64.02.15,1,orang,
    members_active,all,kecamatan,64.02.20,1,orang,
    members_active,all,kelurahan,64.02.01.2001,2,orang,
    members_active,all,kelurahan,64.02.09.1001,2,orang,
    members_active,all,kelurahan,64.02.15.2003,1,orang,
    members_active,all,kelurahan,64.02.20.2005,1,orang,
    members_active,all,kelurahan_kategori,64.02.01.2001/FORMAL,0,orang,
    members_active,all,kelurahan_kategori,64.02.01.2001/PPNPN,0,orang,
    members_active,all,kelurahan_kategori,64.02.01.2001/RENTAN,2,orang,
    members_active,all,kelurahan_kategori,64.02.09.1001/FORMAL,0,orang,
    members_active,all,kelurahan_kategori,64.02.09.1001/PPNPN,2,orang,
    members_active,all,kelurahan_kategori,64.02.09.1001/RENTAN,0,orang,
    members_active,all,kelurahan_kategori,64.02.15.2003/FORMAL,1,orang,
    members_active,all,kelurahan_kategori,64.02.15.2003/PPNPN,0,orang,
    members_active,all,kelurahan_kategori,64.02.15.2003/RENTAN,0,orang,
    members_active,all,kelurahan_kategori,64.02.20.2005/FORMAL,0,orang,
    members_active,all,kelurahan_kategori,64.02.20.2005/PPNPN,0,orang,
    members_active,all,kelurahan_kategori,64.02.20.2005/RENTAN,1,orang,
    members_active,programme,total,total,4,orang,
    members_active,programme,kelurahan_kategori,64.02.01.2001/PPNPN,0,orang,
    members_active,programme,kelurahan_kategori,64.02.01.2001/RENTAN,2,orang,
    members_active,programme,kelurahan_kategori,64.02.09.1001/PPNPN,2,orang,
    members_active,programme,kelurahan_kategori,64.02.09.1001/RENTAN,0,orang,
    members_active,programme,kecamatan,64.02.01,2,orang,
    members_active,programme,kecamatan,64.02.09,2,orang,
    members_active,programme,kelurahan,64.02.01.2001,2,orang,
    members_active,programme,kelurahan,64.02.09.1001,2,orang,
    members_active,programme,sumber_iuran,APBD,3,orang,
    members_active,programme,sumber_iuran,APBDES,1,orang,
    members_active,programme,kategori,PPNPN,2,orang,
    members_active,programme,kategori,RENTAN,2,orang,
    members_new,all,total,total,1,orang,
    members_new,programme,total,total,1,orang,
    members_lapsed,all,total,total,1,orang,
    members_lapsed,programme,total,total,1,orang,
    contributions_paid,all,total,total,327400,rupiah,
    contributions_paid,programme,total,total,60600,rupiah,
    claims_paid_count,all,total,total,2,klaim,
    claims_paid_count,programme,total,total,1,klaim,
    claims_paid_amount,all,total,total,3700000,rupiah,
    claims_paid_amount,programme,total,total,2500000,rupiah,
    claims_rejected_count,all,total,total,1,klaim,
    claims_rejected_count,programme,total,total,1,klaim,
    claim_ratio_pct,all,total,total,1130.1161,persen,
    claim_ratio_pct,programme,total,total,4125.4125,persen,
    days_to_payment_median,all,total,total,10.5000,hari,
    days_to_payment_median,programme,total,total,9.0000,hari,
    quota,programme,total,total,10,orang,
    quota_remaining,programme,total,total,6,orang,
    coverage_pct,all,total,total,30.0000,persen,
    workers_uncovered,all,total,total,14,orang,
    bpu_coverage_pct,all,total,total,30.0000,persen,
    non_asn_covered_pct,programme,total,total,40.0000,persen,
    vulnerable_eligible,programme,total,total,9,orang,
    vulnerable_eligible,programme,kecamatan,64.02.01,3,orang,
    vulnerable_eligible,programme,kecamatan,64.02.15,2,orang,
    vulnerable_eligible,programme,kecamatan,64.02.20,4,orang,
    vulnerable_covered_pct,programme,total,total,22.2222,persen,
    vulnerable_covered_pct,programme,kelurahan,64.02.01.2001,66.6667,persen,
    vulnerable_covered_pct,programme,kelurahan,64.02.15.2003,0.0000,persen,
    vulnerable_covered_pct,programme,kelurahan,64.02.20.2005,0.0000,persen,
    vulnerable_eligible_uncovered,programme,total,total,7,orang,
    vulnerable_eligible_uncovered,programme,kelurahan,64.02.01.2001,1,orang,
    vulnerable_eligible_uncovered,programme,kelurahan,64.02.15.2003,2,orang,
    vulnerable_eligible_uncovered,programme,kelurahan,64.02.20.2005,4,orang,
";

#[test]
fn a_kabupaten_with_desa_works_from_config_and_reference_alone() {
    let (_ws, t) = december();
    assert_has_rows(&t, &expected(DECEMBER, "2025-12"));
    // Every breakdown by area holds exactly the areas listed above.
    for (indicator, scope, dimension, count) in [
        ("members_active", "all", "kecamatan", 4),
        ("members_active", "all", "kelurahan", 4),
        ("members_active", "programme", "kecamatan", 2),
        // Every kelurahan with members times every kategori of the scope.
        ("members_active", "all", "kelurahan_kategori", 12),
        ("members_active", "programme", "kelurahan_kategori", 4),
        ("vulnerable_covered_pct", "programme", "kelurahan", 3),
        ("vulnerable_eligible", "programme", "kecamatan", 3),
    ] {
        let (scope, dimension) = (Scope::parse(scope).unwrap(), Dimension::parse(dimension).unwrap());
        let rows = t.breakdown(indicator, "2025-12".parse().unwrap(), scope, dimension).count();
        assert_eq!(rows, count, "{indicator} {dimension}");
    }
}

#[test]
fn the_kabupaten_report_lists_its_20_kecamatan_and_desa_by_name() {
    let (ws, _) = december();
    let out = ws.publish_report(&["--period", "2025-12"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(ws.path().join("output/2025-12/index.html")).expect("the page");
    assert!(html.contains("Kabupaten Kutai Kartanegara"));
    assert!(html.contains("Program Perlindungan Pekerja Rentan"));
    let wilayah = std::fs::read_to_string(ws.path().join("reference/wilayah.csv")).expect("wilayah");
    let mut kecamatan: Vec<&str> = wilayah.lines().skip(1).filter_map(|l| l.split(',').nth(1)).collect();
    kecamatan.dedup();
    assert_eq!(kecamatan.len(), 20);
    for name in kecamatan {
        assert!(html.contains(&format!("<th scope=\"row\">{name}</th>")), "kecamatan {name} has its row");
    }
    for desa in ["Samboja Ulu", "Muara Kaman Seberang", "Kota Bangun Darat Hilir"] {
        assert!(html.contains(desa), "desa {desa} is named");
    }
    assert!(!html.contains("64.02.15.2003<"), "desa are shown by name, not by code");
}

#[test]
fn the_kelurahan_by_kategori_grid_is_protected_and_exposes_no_cell() {
    // Every kategori figure of the kabupaten is small and published (region
    // figures are), and one kelurahan alone has the two PPNPN. Had the
    // breakdown listed only the kategori that occur, the row
    // `64.02.09.1001/PPNPN [c]` beside the kabupaten's 2 PPNPN would give the
    // hidden cell, and the kelurahan, away. The full grid's zeros are the
    // complements instead.
    let (ws, _) = december();
    let out = ws.publish_report(&["--period", "2025-12"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let audit = std::fs::read_to_string(ws.path().join("data/private/disclosure/2025-12.csv")).expect("the audit");
    let crossed: Vec<&str> = audit.lines().filter(|l| l.contains(",kelurahan_kategori,")).collect();
    assert!(crossed.iter().any(|l| l.contains(",64.02.09.1001/PPNPN,primary,")), "{crossed:?}");
    assert!(crossed.iter().any(|l| l.contains(",secondary,")), "zeros of the grid hide beside it: {crossed:?}");
    // (The programme's one paid claim is exposed by its region total, as before.)
    let exposed: Vec<&str> =
        audit.lines().filter(|l| l.starts_with("members_active,") && l.contains(",exposed,")).collect();
    assert!(exposed.is_empty(), "no member cell is given away by the region's figures: {exposed:?}");
    let kpi = std::fs::read_to_string(ws.path().join("output/2025-12/kpi.csv")).expect("kpi.csv");
    for line in kpi.lines().filter(|l| l.contains(",kelurahan_kategori,")) {
        let f: Vec<&str> = line.split(',').collect();
        let value: Option<i64> = f[5].parse().ok();
        assert!(value.is_none_or(|v| v == 0 || v >= 5), "a small cell is published: {line}");
    }
    let table = jamstat::table::KpiTable::from_csv(&kpi).expect("the published table");
    assert_eq!(jamstat::disclosure::derivable_cells(&table, "members_active"), Vec::<String>::new());
}
