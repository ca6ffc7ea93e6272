//! Indicators computed from other indicators with exact integer arithmetic
//! (ratios, quota, coverage), so that no figure depends on floating point:
//! percentages are rounded half up to four decimals from the exact fraction.

use super::lookup::Rows;
use crate::config::Config;
use crate::reference::{Penyebut, denominator};
use crate::table::{Denominator, Dimension, Key, KpiRow, Scope, Value};

/// The worker denominators, in the order reports list them.
pub const WORKER_DENOMINATORS: [&str; 3] = ["potensi_kepesertaan", "bekerja", "angkatan_kerja"];

pub fn derive(sql: &Rows, year: i32, config: &Config, penyebut: &[Penyebut]) -> Vec<KpiRow> {
    let period = sql.period;
    let mut out = Vec::new();
    let mut push = |indicator: &str, scope: Scope, dimension: Dimension, category: &str, value: Option<Value>| {
        let key = Key { indicator, period, scope, dimension, category };
        out.push(KpiRow::new(key, value, crate::catalogue::unit(indicator)));
    };

    // Quota (programme only).
    let quota = config.quota(year);
    let members = sql.total("members_active", Scope::Programme);
    push("quota", Scope::Programme, Dimension::Total, "total", quota.map(Value::Int));
    push(
        "quota_remaining",
        Scope::Programme,
        Dimension::Total,
        "total",
        quota.zip(members).map(|(q, m)| Value::Int(q - m)),
    );
    push(
        "quota_used_pct",
        Scope::Programme,
        Dimension::Total,
        "total",
        quota.zip(members).and_then(|(q, m)| Value::percent(m, q)),
    );

    // The APBD budget for contributions and its realisation (programme only).
    let budget = config.programme.budget.get(&year).copied();
    let paid = sql.total("contributions_paid", Scope::Programme);
    push("apbd_budget", Scope::Programme, Dimension::Total, "total", budget.map(Value::Int));
    let realised = budget.zip(paid).and_then(|(b, p)| Value::percent(p, b));
    push("apbd_realisation_pct", Scope::Programme, Dimension::Total, "total", realised);

    // Claim ratio, cash basis, both scopes.
    for scope in Scope::ALL {
        let contributions = sql.total("contributions_paid", scope);
        let ratio = |numerator: Option<i64>| numerator.zip(contributions).and_then(|(n, c)| Value::percent(n, c));
        push("claim_ratio_pct", scope, Dimension::Total, "total", ratio(sql.total("claims_paid_amount", scope)));
        for basis in ["BEASISWA", "JKK", "JKM"] {
            if let Some(n) = sql.int("_claim_ratio_numerator", scope, Dimension::Program, basis) {
                push("claim_ratio_pct", scope, Dimension::Program, basis, ratio(Some(n)));
            }
        }
    }

    // Coverage (all participants only).
    let covered = sql.total("members_active", Scope::All);
    push("workers_covered", Scope::All, Dimension::Total, "total", covered.map(Value::Int));
    let region = config.region.code.as_str();
    let headline = denominator(penyebut, region, &config.coverage.headline, year).map(|p| p.nilai);
    push(
        "coverage_pct",
        Scope::All,
        Dimension::Total,
        "total",
        covered.zip(headline).and_then(|(c, d)| Value::percent(c, d)),
    );
    for jenis in WORKER_DENOMINATORS {
        if let Some(d) = denominator(penyebut, region, jenis, year) {
            push(
                "coverage_pct",
                Scope::All,
                Dimension::Denominator,
                jenis,
                covered.and_then(|c| Value::percent(c, d.nilai)),
            );
        }
    }
    push(
        "workers_uncovered",
        Scope::All,
        Dimension::Total,
        "total",
        covered.zip(headline).map(|(c, d)| Value::Int((d - c).max(0))),
    );

    // Median days to payment, from twice the median (exact for even counts); n/a without paid claims.
    for scope in Scope::ALL {
        let paid = sql.total("claims_paid_count", scope).filter(|n| *n > 0);
        let x2 = paid.and(sql.total("_days_to_payment_median_x2", scope));
        push("days_to_payment_median", scope, Dimension::Total, "total", x2.map(|v| Value::Fixed4(v * 5_000)));
    }

    super::coverage::derive(sql, year, config, penyebut, &mut push);
    // The share of the remaining quota each area's uncovered vulnerable
    // workers would take (the FGD's list); n/a when no quota is left.
    let remaining = quota.zip(members).map(|(q, m)| q - m).filter(|r| *r > 0);
    let shares: Vec<(Dimension, String, Option<Value>)> = out
        .iter()
        .filter(|r| r.indicator == "vulnerable_eligible_uncovered")
        .map(|r| {
            let gap = r.value.map(|v| v.as_f64() as i64);
            (r.dimension, r.category.clone(), gap.zip(remaining).and_then(|(g, q)| Value::percent(g, q)))
        })
        .collect();
    for (dimension, category, share) in shares {
        let key = Key {
            indicator: "vulnerable_quota_share_pct",
            period,
            scope: Scope::Programme,
            dimension,
            category: &category,
        };
        out.push(KpiRow::new(key, share, crate::catalogue::unit("vulnerable_quota_share_pct")));
    }
    for row in &mut out {
        row.denominator = denominator_of(row, year, config, penyebut);
    }
    out
}

/// The `penyebut` row(s) a derived figure rests on, for `kpi.json`. The
/// vulnerable figures of a kecamatan or the region rest on every kelurahan
/// row of the year: their distinct sources are joined with `; `.
fn denominator_of(row: &KpiRow, year: i32, config: &Config, penyebut: &[Penyebut]) -> Option<Denominator> {
    let region = config.region.code.as_str();
    let single = |jenis: &str| {
        denominator(penyebut, region, jenis, year).map(|p| Denominator {
            jenis: p.jenis.clone(),
            tahun: p.tahun,
            sumber: p.sumber.clone(),
        })
    };
    match (row.indicator.as_str(), row.dimension.as_str()) {
        ("coverage_pct", "denominator") => single(&row.category),
        ("coverage_pct" | "workers_uncovered" | "ucj_gap", _) => single(&config.coverage.headline),
        ("bpu_coverage_pct", _) => single("semesta_bpu"),
        ("non_asn_covered_pct", _) => single("non_asn"),
        ("vulnerable_eligible" | "vulnerable_covered_pct" | "vulnerable_eligible_uncovered", dimension) => {
            let rows = super::coverage::eligible_rows(penyebut, region, year);
            let tahun = rows.first()?.tahun;
            let mut sources: Vec<&str> = rows
                .iter()
                .filter(|p| dimension == "total" || p.kode_wilayah.starts_with(&row.category))
                .map(|p| p.sumber.as_str())
                .collect();
            sources.sort_unstable();
            sources.dedup();
            (!sources.is_empty()).then(|| Denominator {
                jenis: "eligible_rentan".into(),
                tahun,
                sumber: sources.join("; "),
            })
        }
        _ => None,
    }
}
