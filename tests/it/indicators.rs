//! Each indicator family on the small fixture, against tables computed by
//! hand (see the comments in `tests/fixtures/small`): six people A-F over
//! Sep-Dec 2025 and six claims K1-K6.

use jamstat::indicators::KpiTable;
use jamstat::period::Period;

use crate::common::{Workspace, assert_has_rows, expected};

fn table(periods: &[&str]) -> KpiTable {
    let ws = Workspace::fixture("small");
    let config = ws.config();
    jamstat::ingest::run(
        &config,
        &[ws.path().join("exports")],
        jamstat::ingest::Options { commit: true, progress: false },
    )
    .expect("the fixture ingests");
    let periods: Vec<Period> = periods.iter().map(|p| p.parse().expect("a period")).collect();
    jamstat::pipeline::indicators(&config, &periods).expect("indicators compute")
}

/// The rows of one period as CSV lines, sorted.
fn lines(t: &KpiTable, period: &str, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = t
        .to_csv()
        .lines()
        .filter(|l| l.split(',').nth(1) == Some(period) && l.starts_with(prefix))
        .map(String::from)
        .collect();
    v.sort();
    v
}

const Q4_MEMBERS: &str = "
    members_active,all,total,total,5,orang,
    members_active,all,segmen,BPU,3,orang,
    members_active,all,segmen,PU,2,orang,
    members_active,all,kategori,FORMAL,1,orang,
    members_active,all,kategori,NON_ASN,1,orang,
    members_active,all,kategori,RENTAN,3,orang,
    members_active,all,sumber_iuran,APBD,3,orang,
    members_active,all,sumber_iuran,CSR,1,orang,
    members_active,all,sumber_iuran,PEMBERI_KERJA,1,orang,
    members_active,all,kecamatan,35.77.01,3,orang,
    members_active,all,kecamatan,35.77.02,2,orang,
    members_active,all,kelurahan,35.77.01.1001,1,orang,
    members_active,all,kelurahan,35.77.01.1002,2,orang,
    members_active,all,kelurahan,35.77.02.1001,2,orang,
    members_active,all,kelurahan_kategori,35.77.01.1001/FORMAL,0,orang,
    members_active,all,kelurahan_kategori,35.77.01.1001/NON_ASN,0,orang,
    members_active,all,kelurahan_kategori,35.77.01.1001/RENTAN,1,orang,
    members_active,all,kelurahan_kategori,35.77.01.1002/FORMAL,0,orang,
    members_active,all,kelurahan_kategori,35.77.01.1002/NON_ASN,1,orang,
    members_active,all,kelurahan_kategori,35.77.01.1002/RENTAN,1,orang,
    members_active,all,kelurahan_kategori,35.77.02.1001/FORMAL,1,orang,
    members_active,all,kelurahan_kategori,35.77.02.1001/NON_ASN,0,orang,
    members_active,all,kelurahan_kategori,35.77.02.1001/RENTAN,1,orang,
    members_active,all,jenis_kelamin,L,2,orang,
    members_active,all,jenis_kelamin,P,3,orang,
    members_active,all,age_band,18-24,1,orang,
    members_active,all,age_band,25-34,2,orang,
    members_active,all,age_band,35-44,1,orang,
    members_active,all,age_band,55-65,1,orang,
    members_active,programme,total,total,3,orang,
    members_active,programme,segmen,BPU,2,orang,
    members_active,programme,segmen,PU,1,orang,
    members_active,programme,kategori,NON_ASN,1,orang,
    members_active,programme,kategori,RENTAN,2,orang,
    members_active,programme,sumber_iuran,APBD,3,orang,
    members_active,programme,kecamatan,35.77.01,2,orang,
    members_active,programme,kecamatan,35.77.02,1,orang,
    members_active,programme,kelurahan,35.77.01.1001,1,orang,
    members_active,programme,kelurahan,35.77.01.1002,1,orang,
    members_active,programme,kelurahan,35.77.02.1001,1,orang,
    members_active,programme,kelurahan_kategori,35.77.01.1001/NON_ASN,0,orang,
    members_active,programme,kelurahan_kategori,35.77.01.1001/RENTAN,1,orang,
    members_active,programme,kelurahan_kategori,35.77.01.1002/NON_ASN,1,orang,
    members_active,programme,kelurahan_kategori,35.77.01.1002/RENTAN,0,orang,
    members_active,programme,kelurahan_kategori,35.77.02.1001/NON_ASN,0,orang,
    members_active,programme,kelurahan_kategori,35.77.02.1001/RENTAN,1,orang,
    members_active,programme,jenis_kelamin,L,1,orang,
    members_active,programme,jenis_kelamin,P,2,orang,
    members_active,programme,age_band,18-24,1,orang,
    members_active,programme,age_band,25-34,1,orang,
    members_active,programme,age_band,35-44,1,orang,
    members_lapsed,all,total,total,1,orang,
    members_lapsed,programme,total,total,1,orang,
    members_new,all,total,total,1,orang,
    members_new,programme,total,total,1,orang,
";

const Q4_CLAIMS: &str = "
    claims_paid_count,all,total,total,5,klaim,
    claims_paid_count,all,program,JHT,1,klaim,
    claims_paid_count,all,program,JKK,2,klaim,
    claims_paid_count,all,program,JKM,2,klaim,
    claims_paid_count,all,jenis_manfaat,BEASISWA,1,klaim,
    claims_paid_count,all,jenis_manfaat,LAINNYA,1,klaim,
    claims_paid_count,all,jenis_manfaat,PENGOBATAN,1,klaim,
    claims_paid_count,all,jenis_manfaat,SANTUNAN_KEMATIAN,2,klaim,
    claims_paid_count,all,kecamatan,35.77.01,2,klaim,
    claims_paid_count,all,kecamatan,35.77.02,3,klaim,
    claims_paid_count,all,kelurahan,35.77.01.1001,1,klaim,
    claims_paid_count,all,kelurahan,35.77.01.1002,1,klaim,
    claims_paid_count,all,kelurahan,35.77.02.1001,3,klaim,
    claims_paid_count,all,kategori,FORMAL,2,klaim,
    claims_paid_count,all,kategori,RENTAN,3,klaim,
    claims_paid_count,programme,total,total,3,klaim,
    claims_paid_count,programme,program,JKK,1,klaim,
    claims_paid_count,programme,program,JKM,2,klaim,
    claims_paid_count,programme,jenis_manfaat,BEASISWA,1,klaim,
    claims_paid_count,programme,jenis_manfaat,PENGOBATAN,1,klaim,
    claims_paid_count,programme,jenis_manfaat,SANTUNAN_KEMATIAN,1,klaim,
    claims_paid_count,programme,kecamatan,35.77.01,1,klaim,
    claims_paid_count,programme,kecamatan,35.77.02,2,klaim,
    claims_paid_count,programme,kelurahan,35.77.01.1001,1,klaim,
    claims_paid_count,programme,kelurahan,35.77.02.1001,2,klaim,
    claims_paid_count,programme,kategori,RENTAN,3,klaim,
    claims_paid_amount,all,total,total,166000000,rupiah,
    claims_paid_amount,all,program,JHT,20000000,rupiah,
    claims_paid_amount,all,program,JKK,101000000,rupiah,
    claims_paid_amount,all,program,JKM,45000000,rupiah,
    claims_paid_amount,all,jenis_manfaat,BEASISWA,3000000,rupiah,
    claims_paid_amount,all,jenis_manfaat,LAINNYA,20000000,rupiah,
    claims_paid_amount,all,jenis_manfaat,PENGOBATAN,5000000,rupiah,
    claims_paid_amount,all,jenis_manfaat,SANTUNAN_KEMATIAN,138000000,rupiah,
    claims_paid_amount,all,kecamatan,35.77.01,101000000,rupiah,
    claims_paid_amount,all,kecamatan,35.77.02,65000000,rupiah,
    claims_paid_amount,all,kelurahan,35.77.01.1001,5000000,rupiah,
    claims_paid_amount,all,kelurahan,35.77.01.1002,96000000,rupiah,
    claims_paid_amount,all,kelurahan,35.77.02.1001,65000000,rupiah,
    claims_paid_amount,all,kategori,FORMAL,116000000,rupiah,
    claims_paid_amount,all,kategori,RENTAN,50000000,rupiah,
    claims_paid_amount,programme,total,total,50000000,rupiah,
    claims_paid_amount,programme,program,JKK,5000000,rupiah,
    claims_paid_amount,programme,program,JKM,45000000,rupiah,
    claims_paid_amount,programme,jenis_manfaat,BEASISWA,3000000,rupiah,
    claims_paid_amount,programme,jenis_manfaat,PENGOBATAN,5000000,rupiah,
    claims_paid_amount,programme,jenis_manfaat,SANTUNAN_KEMATIAN,42000000,rupiah,
    claims_paid_amount,programme,kecamatan,35.77.01,5000000,rupiah,
    claims_paid_amount,programme,kecamatan,35.77.02,45000000,rupiah,
    claims_paid_amount,programme,kelurahan,35.77.01.1001,5000000,rupiah,
    claims_paid_amount,programme,kelurahan,35.77.02.1001,45000000,rupiah,
    claims_paid_amount,programme,kategori,RENTAN,50000000,rupiah,
    claims_rejected_count,all,total,total,1,klaim,
    claims_rejected_count,programme,total,total,1,klaim,
    death_claims_count,all,total,total,2,klaim,
    death_claims_count,all,program,JKK,1,klaim,
    death_claims_count,all,program,JKM,1,klaim,
    death_claims_count,programme,total,total,1,klaim,
    death_claims_count,programme,program,JKM,1,klaim,
    scholarship_recipients,all,total,total,2,orang,
    scholarship_recipients,programme,total,total,2,orang,
    scholarship_amount,all,total,total,3000000,rupiah,
    scholarship_amount,programme,total,total,3000000,rupiah,
";

// Contributions Q4: Oct 362.400 + Nov 362.400 + Dec 362.400 (all rows);
// programme (APBD rows): Oct 45.600 + Nov 62.400 + Dec 45.600.
// Ratios: 166.000.000 / 1.087.200 = 15268,57983..%; by basis JKK 101 jt,
// JKM 42 jt (scholarship apart), BEASISWA 3 jt. Coverage 5 / 8 (2025) and
// 5 / 12 (bekerja, latest year 2024); quota 4 (config) - 3 members.
const Q4_MONEY_AND_COVERAGE: &str = "
    contributions_paid,all,total,total,1087200,rupiah,
    contributions_paid,programme,total,total,153600,rupiah,
    claim_ratio_pct,all,total,total,15268.5798,persen,
    claim_ratio_pct,all,program,BEASISWA,275.9382,persen,
    claim_ratio_pct,all,program,JKK,9289.9191,persen,
    claim_ratio_pct,all,program,JKM,3863.1347,persen,
    claim_ratio_pct,programme,total,total,32552.0833,persen,
    claim_ratio_pct,programme,program,BEASISWA,1953.1250,persen,
    claim_ratio_pct,programme,program,JKK,3255.2083,persen,
    claim_ratio_pct,programme,program,JKM,27343.7500,persen,
    quota,programme,total,total,4,orang,
    quota_remaining,programme,total,total,1,orang,
    quota_used_pct,programme,total,total,75.0000,persen,
    workers_covered,all,total,total,5,orang,
    coverage_pct,all,total,total,62.5000,persen,
    coverage_pct,all,denominator,bekerja,41.6667,persen,
    coverage_pct,all,denominator,potensi_kepesertaan,62.5000,persen,
    workers_uncovered,all,total,total,3,orang,
";

// Targets and groups, Dec snapshot. UCJ: 70,5% of 8 = 5,64 -> 6 workers
// needed, 5 covered, gap 1. BPU active A, D, F = 3 of 6. Non-ASN: B, 1 of 2.
// Days to payment, paid Q4 claims: K1 15, K2 9, K4 5, K5 17, K6 19 ->
// median 15; programme K1 15, K4 5, K5 17 -> 15. Vulnerable, eligible
// year 2025 (the 2024 row of 35.77.02.1001 is not that year): covered in
// the programme A (35.77.01.1001) and D (35.77.02.1001, no eligible row:
// n/a there, but counted in the region's 2 of 5); F is RENTAN but CSR.
const Q4_TARGETS_AND_GROUPS: &str = "
    ucj_target_pct,all,total,total,70.5000,persen,
    ucj_gap,all,total,total,1,orang,
    bpu_coverage_pct,all,total,total,50.0000,persen,
    non_asn_covered_pct,programme,total,total,50.0000,persen,
    days_to_payment_median,all,total,total,15.0000,hari,
    days_to_payment_median,programme,total,total,15.0000,hari,
    vulnerable_eligible,programme,total,total,5,orang,
    vulnerable_eligible,programme,kecamatan,35.77.01,5,orang,
    vulnerable_eligible,programme,kecamatan,35.77.02,,orang,n/a
    vulnerable_eligible,programme,kelurahan,35.77.01.1001,4,orang,
    vulnerable_eligible,programme,kelurahan,35.77.01.1002,1,orang,
    vulnerable_eligible,programme,kelurahan,35.77.02.1001,,orang,n/a
    vulnerable_covered_pct,programme,total,total,40.0000,persen,
    vulnerable_covered_pct,programme,kecamatan,35.77.01,20.0000,persen,
    vulnerable_covered_pct,programme,kecamatan,35.77.02,,persen,n/a
    vulnerable_covered_pct,programme,kelurahan,35.77.01.1001,25.0000,persen,
    vulnerable_covered_pct,programme,kelurahan,35.77.01.1002,0.0000,persen,
    vulnerable_covered_pct,programme,kelurahan,35.77.02.1001,,persen,n/a
    vulnerable_eligible_uncovered,programme,total,total,4,orang,
    vulnerable_eligible_uncovered,programme,kecamatan,35.77.01,4,orang,
    vulnerable_eligible_uncovered,programme,kecamatan,35.77.02,,orang,n/a
    vulnerable_eligible_uncovered,programme,kelurahan,35.77.01.1001,3,orang,
    vulnerable_eligible_uncovered,programme,kelurahan,35.77.01.1002,1,orang,
    vulnerable_eligible_uncovered,programme,kelurahan,35.77.02.1001,,orang,n/a
    vulnerable_quota_share_pct,programme,total,total,400.0000,persen,
    vulnerable_quota_share_pct,programme,kecamatan,35.77.01,400.0000,persen,
    vulnerable_quota_share_pct,programme,kecamatan,35.77.02,,persen,n/a
    vulnerable_quota_share_pct,programme,kelurahan,35.77.01.1001,300.0000,persen,
    vulnerable_quota_share_pct,programme,kelurahan,35.77.01.1002,100.0000,persen,
    vulnerable_quota_share_pct,programme,kelurahan,35.77.02.1001,,persen,n/a
";

// Performance table and budget. members_active: the `2025-Q4` target 5
// wins over the year's 4; 3 / 5 = 60%. coverage_pct 62,5 / 50 = 125%
// (above 100). non_asn_covered_pct 50 / 55,5 = 90,0900..%. Budget 400.000,
// programme contributions 153.600: 38,4%.
const Q4_PERFORMANCE: &str = "
    target,programme,indicator,members_active,5,orang,
    capaian_pct,programme,indicator,members_active,60.0000,persen,
    target,programme,indicator,non_asn_covered_pct,55.5000,persen,
    capaian_pct,programme,indicator,non_asn_covered_pct,90.0901,persen,
    target,all,indicator,coverage_pct,50.0000,persen,
    capaian_pct,all,indicator,coverage_pct,125.0000,persen,
    apbd_budget,programme,total,total,400000,rupiah,
    apbd_realisation_pct,programme,total,total,38.4000,persen,
";

#[test]
fn the_quarter_table_is_exactly_the_hand_computed_one() {
    let t = table(&["2025-Q4"]);
    let all = format!("{Q4_MEMBERS}{Q4_CLAIMS}{Q4_MONEY_AND_COVERAGE}{Q4_TARGETS_AND_GROUPS}{Q4_PERFORMANCE}");
    assert_eq!(lines(&t, "2025-Q4", "").join("\n"), expected(&all, "2025-Q4").join("\n"));
}

#[test]
fn a_month_reads_its_own_snapshot_and_claims() {
    let t = table(&["2025-12"]);
    let got = |prefix: &str| lines(&t, "2025-12", prefix);
    // Nov active A,B,C,D,F are all active in Dec; F left the programme (CSR).
    assert_eq!(
        got("members_lapsed"),
        expected("members_lapsed,all,total,total,0,orang,\nmembers_lapsed,programme,total,total,1,orang,", "2025-12")
    );
    assert_eq!(
        got("contributions_paid,2025-12,all"),
        expected("contributions_paid,all,total,total,362400,rupiah,", "2025-12")
    );
    assert_eq!(
        got("claims_paid_count,2025-12,all,total"),
        expected("claims_paid_count,all,total,total,3,klaim,", "2025-12")
    );
    assert_eq!(got("members_new,2025-12,all"), expected("members_new,all,total,total,0,orang,", "2025-12"));
    // December's paid claims: K4 5 days, K5 17, K6 19; the programme's K4
    // and K5: an even count takes the mean of the middle two, 11.
    assert_eq!(
        got("days_to_payment_median"),
        expected(
            "days_to_payment_median,all,total,total,17.0000,hari,\ndays_to_payment_median,programme,total,total,11.0000,hari,",
            "2025-12"
        )
    );
}

// What `jamstat indicators --period 2025-12` computes: the month, the month
// before and the month a year earlier, as rows of one table. November: A,
// B, C, D (joined 25 Nov), F active, E not; the programme A, B, D, F (F was
// still APBD). Contributions 16.800 x 3 + 12.000 + 300.000 (all) and
// 16.800 x 3 + 12.000 (programme). The November claims file is header-only:
// 0 claims, a 0% ratio. Vulnerable: A 1 of 4, F 1 of 1, D (no eligible
// row) counted above: 3 of 5, still 3 + 0 to propose. December 2024 has
// no data: stock and ratios n/a, while config and reference figures stand.
const COMPARISONS: &str = "
    members_active,2025-11,all,total,total,5,orang,
    members_active,2025-11,programme,total,total,4,orang,
    members_new,2025-11,all,total,total,1,orang,
    contributions_paid,2025-11,all,total,total,362400,rupiah,
    contributions_paid,2025-11,programme,total,total,62400,rupiah,
    claims_paid_count,2025-11,programme,total,total,0,klaim,
    claim_ratio_pct,2025-11,programme,total,total,0.0000,persen,
    quota_remaining,2025-11,programme,total,total,0,orang,
    vulnerable_covered_pct,2025-11,programme,total,total,60.0000,persen,
    vulnerable_covered_pct,2025-11,programme,kelurahan,35.77.01.1002,100.0000,persen,
    vulnerable_eligible_uncovered,2025-11,programme,total,total,3,orang,
    members_active,2024-12,all,total,total,,orang,n/a
    coverage_pct,2024-12,all,total,total,,persen,n/a
    quota,2024-12,programme,total,total,17152,orang,
    quota_remaining,2024-12,programme,total,total,,orang,n/a
    ucj_target_pct,2024-12,all,total,total,,persen,n/a
    vulnerable_eligible,2024-12,programme,total,total,3,orang,
    vulnerable_covered_pct,2024-12,programme,total,total,,persen,n/a
";

#[test]
fn the_previous_and_year_ago_periods_are_rows_of_the_same_table() {
    let t = table(&["2025-12", "2025-11", "2024-12"]);
    let rows: Vec<String> = COMPARISONS.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    assert_has_rows(&t, &rows);
    // Each comparison period's rows are those it has on its own.
    let alone = table(&["2025-11"]);
    assert_eq!(lines(&t, "2025-11", ""), lines(&alone, "2025-11", ""));
}

#[test]
fn a_month_takes_the_year_target_and_its_category() {
    let t = table(&["2025-12"]);
    // December: 3 programme members against the year's target 4.
    assert_eq!(
        lines(&t, "2025-12", "capaian_pct,2025-12,programme").join("\n"),
        expected(
            "capaian_pct,programme,indicator,members_active,75.0000,persen,\n\
             capaian_pct,programme,indicator,non_asn_covered_pct,90.0901,persen,",
            "2025-12"
        )
        .join("\n")
    );
    let capaian = t
        .find(["capaian_pct", "2025-12", "programme", "indicator", "members_active"])
        .and_then(|r| r.value)
        .expect("a value");
    assert_eq!(jamstat::indicators::targets::category(capaian), "Cukup");
    // One month of contributions (programme: A, B, D at 16.800 + 12.000 + 16.800) against the year's budget.
    assert_eq!(
        lines(&t, "2025-12", "apbd_realisation_pct").join("\n"),
        expected("apbd_realisation_pct,programme,total,total,11.4000,persen,", "2025-12").join("\n")
    );
}

#[test]
fn ratio_rows_in_kpi_json_name_their_denominator() {
    let t = table(&["2025-Q4"]);
    let json: serde_json::Value = serde_json::to_value(&t).expect("json");
    let find = |indicator: &str, dimension: &str, category: &str| {
        json.as_array()
            .expect("an array")
            .iter()
            .find(|r| r["indicator"] == indicator && r["dimension"] == dimension && r["category"] == category)
            .unwrap_or_else(|| panic!("{indicator} {category}"))
            .get("denominator")
            .cloned()
    };
    let d = |jenis: &str, tahun: i32| Some(serde_json::json!({"jenis": jenis, "tahun": tahun, "sumber": "uji"}));
    assert_eq!(find("coverage_pct", "total", "total"), d("potensi_kepesertaan", 2025));
    assert_eq!(find("coverage_pct", "denominator", "bekerja"), d("bekerja", 2024), "the latest year <= 2025");
    assert_eq!(find("ucj_gap", "total", "total"), d("potensi_kepesertaan", 2025));
    assert_eq!(find("bpu_coverage_pct", "total", "total"), d("semesta_bpu", 2025));
    assert_eq!(find("non_asn_covered_pct", "total", "total"), d("non_asn", 2025));
    assert_eq!(find("vulnerable_covered_pct", "kelurahan", "35.77.01.1001"), d("eligible_rentan", 2025));
    assert_eq!(find("vulnerable_covered_pct", "kelurahan", "35.77.02.1001"), None, "no row in 2025");
    assert_eq!(find("members_active", "total", "total"), None, "a count has no denominator");
    let csv_header = t.to_csv().lines().next().map(str::to_string);
    assert_eq!(csv_header.as_deref(), Some("indicator,period,scope,dimension,category,value,unit,status"));
}

#[test]
fn a_range_sums_its_months_and_reads_stock_at_its_end() {
    let t = table(&["2025-10..2025-11"]);
    let got = |prefix: &str| lines(&t, "2025-10..2025-11", prefix);
    assert_eq!(
        got("contributions_paid,2025-10..2025-11,all"),
        expected("contributions_paid,all,total,total,724800,rupiah,", "2025-10..2025-11")
    );
    // K1 and K2 paid in October; November delivered no claims (header-only file).
    assert_eq!(
        got("claims_paid_count,2025-10..2025-11,all,total"),
        expected("claims_paid_count,all,total,total,2,klaim,", "2025-10..2025-11")
    );
    // Nov snapshot: A,B,C,F,D active (E is NONAKTIF).
    assert_eq!(
        got("members_active,2025-10..2025-11,all,total"),
        expected("members_active,all,total,total,5,orang,", "2025-10..2025-11")
    );
}

/// The rows of `from` as if computed for `to`, sorted.
fn relabelled(t: &KpiTable, from: &str, to: &str) -> Vec<String> {
    let mut v: Vec<String> =
        lines(t, from, "").iter().map(|l| l.replacen(&format!(",{from},"), &format!(",{to},"), 1)).collect();
    v.sort();
    v
}

#[test]
fn a_range_over_the_quarters_months_is_the_quarter_but_for_its_target() {
    let t = table(&["2025-Q4", "2025-10..2025-12"]);
    let range = "2025-10..2025-12";
    // The `2025-Q4` target (5) is that period's only; the range takes the year's 4: 3 / 4.
    let expected: Vec<String> = relabelled(&t, "2025-Q4", range)
        .into_iter()
        .map(|l| match l.split(',').take(5).collect::<Vec<_>>()[..] {
            ["target", _, "programme", "indicator", "members_active"] => l.replace(",5,orang", ",4,orang"),
            ["capaian_pct", _, "programme", "indicator", "members_active"] => l.replace("60.0000", "75.0000"),
            _ => l,
        })
        .collect();
    assert_eq!(lines(&t, range, "").join("\n"), expected.join("\n"));
}

/// Flow figures need every month of the period; the fixture starts in September.
const FLOWS: [&str; 11] = [
    "contributions_paid",
    "claims_paid_count",
    "claims_paid_amount",
    "claims_rejected_count",
    "death_claims_count",
    "scholarship_recipients",
    "scholarship_amount",
    "claim_ratio_pct",
    "days_to_payment_median",
    "members_lapsed",
    "apbd_realisation_pct",
];

#[test]
fn a_year_reads_stock_at_its_end_and_has_no_flow_without_all_its_months() {
    let t = table(&["2025-Q4", "2025"]);
    let mut expected: Vec<String> = Vec::new();
    for l in relabelled(&t, "2025-Q4", "2025") {
        let cells: Vec<&str> = l.split(',').collect();
        let (indicator, dimension) = (cells[0], cells[3]);
        if FLOWS.contains(&indicator) {
            // Only the totals stay, as n/a (no breakdown of what is unknown).
            if dimension == "total" {
                expected.push(format!("{},,{},n/a", cells[..5].join(","), cells[6]));
            }
        } else if indicator == "target" && cells[4] == "members_active" {
            expected.push(l.replace(",5,orang", ",4,orang"));
        } else if indicator == "capaian_pct" && cells[4] == "members_active" {
            expected.push(l.replace("60.0000", "75.0000"));
        } else {
            expected.push(l);
        }
    }
    expected.sort();
    assert_eq!(lines(&t, "2025", "").join("\n"), expected.join("\n"));
}

#[test]
fn missing_months_give_na_never_zero() {
    // 2025-Q3 = Jul-Sep: only the September snapshot exists, no claims at all.
    let t = table(&["2025-Q3"]);
    let status = |indicator: &str, scope: &str| {
        let row =
            t.find([indicator, "2025-Q3", scope, "total", "total"]).unwrap_or_else(|| panic!("{indicator} has a row"));
        (row.value_text(), row.status.as_str().to_string())
    };
    let na = (String::new(), "n/a".to_string());
    assert_eq!(status("members_active", "all"), ("5".to_string(), String::new()));
    assert_eq!(status("members_lapsed", "all"), na, "June is missing");
    assert_eq!(status("contributions_paid", "programme"), na, "July and August are missing");
    assert_eq!(status("claims_paid_count", "all"), na, "no claims were delivered");
    assert_eq!(status("claim_ratio_pct", "all"), na);
    assert_eq!(status("coverage_pct", "all"), ("62.5000".to_string(), String::new()));
}

#[test]
fn a_year_with_one_snapshot_missing_in_the_middle_is_na_for_flows() {
    let t = table(&["2025"]);
    let row = t.find(["contributions_paid", "2025", "all", "total", "total"]).expect("a row");
    assert_eq!(row.status.as_str(), "n/a");
    let row = t.find(["members_active", "2025", "programme", "total", "total"]).expect("a row");
    assert_eq!(row.value_text(), "3", "stock is read from December");
}

#[test]
fn group_coverage_without_a_snapshot_is_na_but_the_eligible_count_stands() {
    // August 2025: no snapshot and no claims in the lake.
    let t = table(&["2025-08"]);
    let cell = |indicator: &str, scope: &str| {
        let row = t.find([indicator, "2025-08", scope, "total", "total"]).unwrap_or_else(|| panic!("{indicator}"));
        format!("{}|{}", row.value_text(), row.status.as_str())
    };
    assert_eq!(cell("vulnerable_eligible", "programme"), "5|", "from the reference alone");
    for (indicator, scope) in [
        ("vulnerable_covered_pct", "programme"),
        ("vulnerable_eligible_uncovered", "programme"),
        ("non_asn_covered_pct", "programme"),
        ("bpu_coverage_pct", "all"),
        ("ucj_gap", "all"),
        ("days_to_payment_median", "all"),
    ] {
        assert_eq!(cell(indicator, scope), "|n/a", "{indicator}");
    }
    assert_eq!(cell("ucj_target_pct", "all"), "70.5000|", "the target is config");
}
