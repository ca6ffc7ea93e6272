//! A small hand-made report input for the tests: Kota Madiun, 2025-Q4
//! against 2025-Q3 and 2024-Q4, trend 2025-01..2025-12, three kecamatan,
//! one kelurahan named like a script, one suppressed and some n/a rows.

use chrono::NaiveDate;

use super::fixture_periods::period_rows;
use super::{QualityLine, ReportInput};
use crate::indicators::{KpiRow, KpiTable, Status, Value};
use crate::period::Period;
use crate::reference::Kelurahan;

pub struct Rows(Vec<KpiRow>);

/// A figure of the fixture: indicator, period, scope, dimension, category.
pub type At<'a> = [&'a str; 5];

impl Rows {
    fn push(&mut self, [ind, period, scope, dim, cat]: At, value: &str, unit: &str, status: &str) {
        self.0.push(KpiRow::from_fields(&[ind, period, scope, dim, cat, value, unit, status]).expect("a fixture row"));
    }

    pub fn int(&mut self, at: At, v: i64, unit: &str) {
        self.push(at, &v.to_string(), unit, "");
    }

    pub fn pct(&mut self, at: At, v: i64) {
        self.push(at, &Value::Fixed4(v).to_string(), "persen", "");
    }

    pub fn status(&mut self, at: At, unit: &str, status: Status) {
        self.push(at, "", unit, status.as_str());
    }
}

pub const SCRIPT_NAME: &str = "<script>alert(1)</script>";

pub fn input() -> ReportInput {
    let mut r = Rows(Vec::new());
    let t = "total";
    for (p, k) in [("2025-Q4", 100), ("2025-Q3", 96), ("2024-Q4", 88)] {
        period_rows(&mut r, p, k);
    }
    let wilayah = vec![
        w("35.77.01.1001", "Manguharjo", "Manguharjo"),
        w("35.77.01.1002", "Manguharjo", "Patihan"),
        w("35.77.02.1001", "Taman", "Taman"),
        w("35.77.02.1002", "Taman", SCRIPT_NAME),
        w("35.77.03.1001", "Kartoharjo", "Kartoharjo"),
    ];
    let split = [
        (4_000, 12_000, 30, 95),
        (2_100, 7_000, 20, 70),
        (5_000, 15_000, 35, 120),
        (1_900, 6_293, 15, 50),
        (4_484, 11_000, 20, 75),
    ];
    for (wl, (prog, all, cp, ca)) in wilayah.iter().zip(split) {
        for (scope, m, c) in [("programme", prog, cp), ("all", all, ca)] {
            r.int(["members_active", "2025-Q4", scope, "kelurahan", &wl.kode_wilayah], m, "orang");
            r.int(["claims_paid_count", "2025-Q4", scope, "kelurahan", &wl.kode_wilayah], c, "klaim");
        }
    }
    for (kec, prog, all, cp, ca) in [
        ("35.77.01", 6_100, 19_000, 50, 165),
        ("35.77.02", 6_900, 21_293, 50, 170),
        ("35.77.03", 4_484, 11_000, 20, 75),
    ] {
        for (scope, m, c) in [("programme", prog, cp), ("all", all, ca)] {
            r.int(["members_active", "2025-Q4", scope, "kecamatan", kec], m, "orang");
            r.int(["claims_paid_count", "2025-Q4", scope, "kecamatan", kec], c, "klaim");
        }
    }
    let trend_months: Vec<String> = (1..=12).map(|m| format!("2025-{m:02}")).collect();
    for (i, m) in trend_months.iter().enumerate() {
        let i = i as i64;
        r.int(["members_active", m, "programme", t, t], 15_600 + i * 171, "orang");
        r.int(["members_active", m, "programme", "kategori", "NON_ASN"], 7_500 + i * 37, "orang");
        r.int(["members_active", m, "programme", "kategori", "RENTAN"], 8_100 + i * 134, "orang");
        r.int(["members_active", m, "all", t, t], 48_000 + i * 300, "orang");
        if i == 5 {
            r.status(["claim_ratio_pct", m, "programme", t, t], "persen", Status::NotAvailable);
        } else {
            r.pct(["claim_ratio_pct", m, "programme", t, t], 1_500_000 + (i % 4) * 250_000);
        }
        r.pct(["claim_ratio_pct", m, "all", t, t], 1_200_000 + (i % 3) * 150_000);
    }
    ReportInput {
        region_name: "Kota Madiun".into(),
        programme_name: "Pro JKK-JKM".into(),
        period: Period::Quarter { year: 2025, quarter: 4 },
        previous_period: Period::Quarter { year: 2025, quarter: 3 },
        year_ago_period: Period::Quarter { year: 2024, quarter: 4 },
        trend_months: trend_months.iter().map(|m| m.parse().expect("a fixture month")).collect(),
        release_date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default(),
        wilayah,
        table: KpiTable::new(r.0),
        paritrana_years: None,
        regulations: Vec::new(),
        innovation: Vec::new(),
        provenance: Default::default(),
        internal: false,
        disclosure_threshold: 5,
        release: None,
        licence: "CC-BY-4.0".into(),
        publisher: Default::default(),
        boundaries: None,
        data_quality: vec![QualityLine {
            dataset: "peserta".into(),
            periode: "2025-12".into(),
            source_file: "peserta_2025-12.csv".into(),
            rows_read: 51_410,
            rows_ingested: 51_380,
            rows_quarantined: 22,
            rows_skipped: 8,
            warnings: 3,
        }],
    }
}

fn w(code: &str, kecamatan: &str, kelurahan: &str) -> Kelurahan {
    Kelurahan { kode_wilayah: code.into(), kecamatan: kecamatan.into(), kelurahan: kelurahan.into() }
}
