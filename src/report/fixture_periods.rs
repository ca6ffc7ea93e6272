//! The fixture's rows for one of its three periods (2025-Q4 at full size,
//! 2025-Q3 and 2024-Q4 scaled down by `k` percent): membership breakdowns,
//! money, claims, ratios, quota and coverage, with one suppressed and one
//! n/a figure.

use super::fixture::Rows;
use crate::indicators::Status;

/// Adds the rows of period `p`, every count scaled by `k` / 100.
pub fn period_rows(r: &mut Rows, p: &str, k: i64) {
    let t = "total";
    let s = |v: i64| v * k / 100;
    r.int(["members_active", p, "programme", t, t], if k == 100 { 17_484 } else { s(17_484) }, "orang");
    r.int(["members_active", p, "all", t, t], if k == 100 { 51_293 } else { s(51_293) }, "orang");
    for (cat, prog, all) in
        [("NON_ASN", 7_902, 7_902), ("RENTAN", 9_582, 9_582), ("FORMAL", 0, 30_000), ("MANDIRI", 0, 3_809)]
    {
        if prog > 0 {
            r.int(["members_active", p, "programme", "kategori", cat], s(prog), "orang");
        }
        r.int(["members_active", p, "all", "kategori", cat], s(all), "orang");
    }
    for (cat, prog, all) in [("PU", 7_902, 37_902), ("BPU", 9_582, 12_391), ("JAKON", 0, 800), ("PMI", 0, 200)] {
        if prog > 0 {
            r.int(["members_active", p, "programme", "segmen", cat], s(prog), "orang");
        }
        r.int(["members_active", p, "all", "segmen", cat], s(all), "orang");
    }
    r.int(["members_active", p, "programme", "sumber_iuran", "APBD"], s(17_484), "orang");
    r.int(["members_active", p, "all", "sumber_iuran", "APBD"], s(17_484), "orang");
    r.int(["members_active", p, "all", "sumber_iuran", "PEMBERI_KERJA"], s(33_809), "orang");
    for (cat, prog, all) in [("L", 9_001, 28_000), ("P", 8_483, 23_293)] {
        r.int(["members_active", p, "programme", "jenis_kelamin", cat], s(prog), "orang");
        r.int(["members_active", p, "all", "jenis_kelamin", cat], s(all), "orang");
    }
    let bands = [
        ("18-24", 2_100, 6_000),
        ("25-34", 4_800, 15_000),
        ("35-44", 5_200, 15_500),
        ("45-54", 3_900, 10_800),
        ("55-65", 1_482, 3_990),
    ];
    for (cat, prog, all) in bands {
        r.int(["members_active", p, "programme", "age_band", cat], s(prog), "orang");
        r.int(["members_active", p, "all", "age_band", cat], s(all), "orang");
    }
    r.status(["members_active", p, "programme", "age_band", "other"], "orang", Status::Suppressed);
    r.int(["members_active", p, "all", "age_band", "other"], 3, "orang");
    for scope in ["programme", "all"] {
        r.int(["members_new", p, scope, t, t], s(812), "orang");
        r.int(["members_lapsed", p, scope, t, t], s(107), "orang");
        r.int(
            ["contributions_paid", p, scope, t, t],
            s(if scope == "all" { 9_800_000_000 } else { 3_000_000_000 }),
            "rupiah",
        );
        r.int(["claims_paid_count", p, scope, t, t], s(if scope == "all" { 410 } else { 120 }), "klaim");
        r.int(
            ["claims_paid_amount", p, scope, t, t],
            s(if scope == "all" { 14_500_000_000 } else { 6_200_000_000 }),
            "rupiah",
        );
        for (prog, n, amount) in [("JKK", 80, 2_100_000_000), ("JKM", 35, 3_850_000_000), ("BEASISWA", 5, 250_000_000)]
        {
            r.int(["claims_paid_count", p, scope, "program", prog], s(n), "klaim");
            r.int(["claims_paid_amount", p, scope, "program", prog], s(amount), "rupiah");
        }
        for (jm, n, amount) in [
            ("BIAYA_PERAWATAN", 78, 1_900_000_000),
            ("SANTUNAN_KEMATIAN", 35, 3_850_000_000),
            ("BEASISWA", 5, 250_000_000),
        ] {
            r.int(["claims_paid_count", p, scope, "jenis_manfaat", jm], s(n), "klaim");
            r.int(["claims_paid_amount", p, scope, "jenis_manfaat", jm], s(amount), "rupiah");
        }
        r.status(["claims_paid_count", p, scope, "jenis_manfaat", "CACAT_TETAP"], "klaim", Status::Suppressed);
        r.int(["claims_paid_count", p, scope, "kategori", "RENTAN"], s(70), "klaim");
        r.int(["claims_paid_count", p, scope, "kategori", "NON_ASN"], s(50), "klaim");
        r.int(["claims_rejected_count", p, scope, t, t], 6, "klaim");
        r.int(["death_claims_count", p, scope, t, t], s(35), "klaim");
        r.int(["death_claims_count", p, scope, "program", "JKM"], s(35), "klaim");
        r.int(["scholarship_recipients", p, scope, t, t], 9, "orang");
        r.int(["scholarship_amount", p, scope, t, t], 250_000_000, "rupiah");
    }
    r.pct(["claim_ratio_pct", p, "programme", t, t], 2_066_667 - (100 - k) * 3_250);
    r.pct(["claim_ratio_pct", p, "all", t, t], 1_479_592);
    for (prog, v) in [("JKK", 700_000), ("JKM", 1_283_333), ("BEASISWA", 83_333)] {
        r.pct(["claim_ratio_pct", p, "programme", "program", prog], v);
    }
    r.int(["quota", p, "programme", t, t], 17_000, "orang");
    r.int(["quota_remaining", p, "programme", t, t], 17_000 - s(17_484), "orang");
    r.pct(["quota_used_pct", p, "programme", t, t], s(17_484) * 1_000_000 / 17_000);
    r.int(["workers_covered", p, "all", t, t], s(51_293), "orang");
    r.int(["workers_uncovered", p, "all", t, t], 96_093 - s(51_293), "orang");
    if k == 88 {
        r.status(["coverage_pct", p, "all", t, t], "persen", Status::NotAvailable);
    } else {
        r.pct(["coverage_pct", p, "all", t, t], s(533_780));
        r.pct(["coverage_pct", p, "all", "denominator", "potensi_kepesertaan"], s(533_780));
        r.pct(["coverage_pct", p, "all", "denominator", "bekerja"], s(642_000));
        r.pct(["coverage_pct", p, "all", "denominator", "angkatan_kerja"], s(601_500));
    }
}
