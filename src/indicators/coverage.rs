//! Coverage against targets and group denominators, derived exactly from
//! the SQL rows of `queries/coverage.sql` and `queries/members.sql` and the
//! `penyebut` reference: the UCJ target and gap, BPU coverage, vulnerable
//! workers (eligible, covered %, still uncovered; by kelurahan and
//! kecamatan) and non-ASN coverage.
//!
//! Roll-ups add numerators and denominators, never percents. The eligible
//! counts take the latest `eligible_rentan` year not after the period's; a
//! kelurahan without a row in that year has `n/a` eligible figures, but its
//! covered members still count in the kecamatan and region numerators. The
//! uncovered count of a kecamatan or the region is the sum of its
//! kelurahan's floored gaps: the number of names still to propose.

use std::collections::BTreeMap;

use super::lookup::Rows;
use crate::config::Config;
use crate::reference::denominator;
use crate::reference::{Penyebut, kecamatan_code};
use crate::table::{Dimension, Scope, Value, parse_fixed4};

/// What the derivation adds: (indicator, scope, dimension, category, value).
pub type Push<'a> = dyn FnMut(&str, Scope, Dimension, &str, Option<Value>) + 'a;

pub fn derive(sql: &Rows, year: i32, config: &Config, penyebut: &[Penyebut], push: &mut Push) {
    let region = config.region.code.as_str();
    let covered = sql.total("members_active", Scope::All);

    // UCJ: the target for the year and the workers still needed to reach it.
    let target = config.coverage.ucj_target_pct.get(&year).and_then(|t| parse_fixed4(t));
    push("ucj_target_pct", Scope::All, Dimension::Total, "total", target.map(Value::Fixed4));
    let headline = denominator(penyebut, region, &config.coverage.headline, year).map(|p| p.nilai);
    let gap = target.zip(headline).zip(covered).map(|((t, d), c)| Value::Int((ceil_share(t, d) - c).max(0)));
    push("ucj_gap", Scope::All, Dimension::Total, "total", gap);

    // BPU coverage against the non-wage worker universe.
    if let Some(universe) = denominator(penyebut, region, "semesta_bpu", year) {
        let bpu = covered.map(|_| sql.int("members_active", Scope::All, Dimension::Segmen, "BPU").unwrap_or(0));
        push(
            "bpu_coverage_pct",
            Scope::All,
            Dimension::Total,
            "total",
            bpu.and_then(|b| Value::percent(b, universe.nilai)),
        );
    }

    // Non-ASN staff covered by the programme; n/a without the staff count
    // for the year (a comparison period before the reference starts).
    let staff = denominator(penyebut, region, "non_asn", year).map(|p| p.nilai);
    let members = sql.total("_non_asn_members", Scope::Programme);
    push(
        "non_asn_covered_pct",
        Scope::Programme,
        Dimension::Total,
        "total",
        members.zip(staff).and_then(|(m, s)| Value::percent(m, s)),
    );

    vulnerable(sql, year, region, penyebut, push);
}

/// Eligible, covered % and still uncovered vulnerable workers: region,
/// kecamatan and kelurahan.
fn vulnerable(sql: &Rows, year: i32, region: &str, penyebut: &[Penyebut], push: &mut Push) {
    let eligible: BTreeMap<&str, i64> =
        eligible_rows(penyebut, region, year).into_iter().map(|p| (p.kode_wilayah.as_str(), p.nilai)).collect();
    if eligible.is_empty() {
        // No eligible count for the year: the region's ratio and gap are n/a.
        push("vulnerable_covered_pct", Scope::Programme, Dimension::Total, "total", None);
        push("vulnerable_eligible_uncovered", Scope::Programme, Dimension::Total, "total", None);
        return;
    }
    let snapshot = sql.total("_vulnerable_members", Scope::Programme);
    let covered_in = |kelurahan: &str| {
        snapshot.map(|_| sql.int("_vulnerable_members", Scope::Programme, Dimension::Kelurahan, kelurahan).unwrap_or(0))
    };

    // Every kelurahan with an eligible row or a covered member.
    let mut kelurahan: Vec<String> = eligible.keys().map(|k| k.to_string()).collect();
    kelurahan.extend(sql.categories("_vulnerable_members", Scope::Programme, Dimension::Kelurahan));
    kelurahan.sort();
    kelurahan.dedup();

    // Per area (kelurahan, kecamatan, region): eligible (None: no row), covered, floored gap.
    #[derive(Default)]
    struct Area {
        eligible: Option<i64>,
        covered: Option<i64>,
        gap: Option<i64>,
    }
    let add = |a: &mut Option<i64>, v: Option<i64>| {
        if let Some(v) = v {
            *a = Some(a.unwrap_or(0) + v);
        }
    };
    let mut kecamatan: BTreeMap<String, Area> = BTreeMap::new();
    for code in &kelurahan {
        let e = eligible.get(code.as_str()).copied();
        let c = covered_in(code);
        let gap = e.zip(c).map(|(e, c)| (e - c).max(0));
        emit(push, Dimension::Kelurahan, code, e, c, gap);
        let k = kecamatan.entry(kecamatan_code(code).to_string()).or_default();
        add(&mut k.eligible, e);
        add(&mut k.gap, gap);
        add(&mut k.covered, c);
    }
    let mut total = Area { covered: snapshot, ..Area::default() };
    for (code, k) in &kecamatan {
        emit(push, Dimension::Kecamatan, code, k.eligible, k.covered, k.gap);
        add(&mut total.eligible, k.eligible);
        add(&mut total.gap, k.gap);
    }
    // Without a snapshot the gaps are unknown, not 0.
    let gap = total.gap.filter(|_| snapshot.is_some());
    emit(push, Dimension::Total, "total", total.eligible, total.covered, gap);
}

/// The region's `eligible_rentan` rows of the latest year not after `year`.
pub fn eligible_rows<'a>(penyebut: &'a [Penyebut], region: &str, year: i32) -> Vec<&'a Penyebut> {
    let in_region = |p: &&Penyebut| p.jenis == "eligible_rentan" && p.kode_wilayah.starts_with(region);
    let latest = penyebut.iter().filter(in_region).filter(|p| p.tahun <= year).map(|p| p.tahun).max();
    penyebut.iter().filter(in_region).filter(|p| Some(p.tahun) == latest).collect()
}

fn emit(
    push: &mut Push,
    dimension: Dimension,
    category: &str,
    eligible: Option<i64>,
    covered: Option<i64>,
    gap: Option<i64>,
) {
    push("vulnerable_eligible", Scope::Programme, dimension, category, eligible.map(Value::Int));
    let pct = covered.zip(eligible).and_then(|(c, e)| Value::percent(c, e));
    push("vulnerable_covered_pct", Scope::Programme, dimension, category, pct);
    push("vulnerable_eligible_uncovered", Scope::Programme, dimension, category, gap.map(Value::Int));
}

/// ceil(`pct4` / 10^4 % of `n`): the smallest whole number of people that
/// reaches the share, in integers (40,1% of 158.000 is 63.358 exactly).
fn ceil_share(pct4: i64, n: i64) -> i64 {
    let scaled = pct4 as i128 * n as i128;
    ((scaled + 999_999) / 1_000_000) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_and_applied_exactly() {
        assert_eq!(parse_fixed4("40.1"), Some(401_000));
        assert_eq!(parse_fixed4("60"), Some(600_000));
        assert_eq!(parse_fixed4("12.3456"), Some(123_456));
        assert_eq!(parse_fixed4("1.23456"), None);
        assert_eq!(parse_fixed4("4O"), None);
        assert_eq!(ceil_share(401_000, 158_000), 63_358, "not the 63.359 of naive floating point");
        assert_eq!(ceil_share(705_000, 8), 6, "70,5% of 8 is 5,64: six people");
        assert_eq!(ceil_share(500_000, 8), 4);
    }
}
