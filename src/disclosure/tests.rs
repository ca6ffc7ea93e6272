//! Disclosure control on hand-made tables: the expected pattern cell by
//! cell, and an independent check (ranks, not the stage's own echelon
//! form) that no hidden cell follows from the published sums.

use super::*;

const P: &str = "2025-Q4";

/// A period of these tests.
fn per(text: &str) -> Period {
    text.parse().unwrap()
}

fn row(ind: &str, period: &str, dim: &str, cat: &str, v: i64, unit: &str) -> KpiRow {
    KpiRow::from_fields(&[ind, period, "programme", dim, cat, &v.to_string(), unit, ""]).unwrap()
}

/// Kecamatan A: A1 = 10, A2 = 3, A3 = 8; kecamatan B: B1 = 2, B2 = 0, B3 = 12.
fn claims(period: &str) -> Vec<KpiRow> {
    let cells = [("A", "1", 10), ("A", "2", 3), ("A", "3", 8), ("B", "1", 2), ("B", "2", 0), ("B", "3", 12)];
    let mut rows = vec![
        row("claims_paid_count", period, "total", "total", 35, "klaim"),
        row("claims_paid_count", period, "kecamatan", "35.77.0A", 21, "klaim"),
        row("claims_paid_count", period, "kecamatan", "35.77.0B", 14, "klaim"),
        row("claims_paid_amount", period, "total", "total", 350, "rupiah"),
    ];
    for (k, l, v) in cells {
        let code = format!("35.77.0{k}.100{l}");
        rows.push(row("claims_paid_count", period, "kelurahan", &code, v, "klaim"));
        rows.push(row("claims_paid_amount", period, "kelurahan", &code, v * 10, "rupiah"));
    }
    rows
}

fn status(t: &KpiTable, ind: &str, period: &str, dim: &str, cat: &str) -> Status {
    let key = crate::table::Key::of(ind, per(period), Scope::Programme, Dimension::parse(dim).unwrap(), cat);
    t.get(&key).map(|r| r.status).unwrap_or_else(|| panic!("no row {ind} {cat}"))
}

#[test]
fn small_counts_are_hidden_with_the_smallest_complement_of_their_kecamatan() {
    let out = protect(KpiTable::new(claims(P)), &[per(P)], 5, &[]).unwrap();
    let t = &out.table;
    let hidden: Vec<(&str, &str, &str)> = out
        .audit
        .iter()
        .filter(|s| s.indicator == "claims_paid_count")
        .map(|s| (s.category.as_str(), s.rule.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(
        hidden,
        vec![
            ("35.77.0A.1002", "primary", "3"),
            ("35.77.0A.1003", "secondary", "8"),
            ("35.77.0B.1001", "primary", "2"),
            ("35.77.0B.1003", "secondary", "12"),
        ]
    );
    for cat in ["35.77.0A.1001", "35.77.0B.1002"] {
        assert_eq!(status(t, "claims_paid_count", P, "kelurahan", cat), Status::Ok, "{cat}");
    }
    // The amounts follow their counts; totals and kecamatan stay.
    assert_eq!(status(t, "claims_paid_amount", P, "kelurahan", "35.77.0A.1002"), Status::Suppressed);
    assert_eq!(status(t, "claims_paid_amount", P, "kelurahan", "35.77.0B.1003"), Status::Suppressed);
    assert_eq!(status(t, "claims_paid_count", P, "kecamatan", "35.77.0A"), Status::Ok);
    assert_eq!(
        t.find(["claims_paid_count", P, "programme", "total", "total"]).and_then(|r| r.value),
        Some(Value::Int(35))
    );
    let amount = out.audit.iter().find(|s| s.indicator == "claims_paid_amount" && s.category == "35.77.0A.1002");
    assert_eq!(amount.map(|s| (s.rule, s.value.as_str())), Some((Rule::Linked, "30")));
    assert!(t.rows().iter().filter(|r| r.status == Status::Suppressed).all(|r| r.value.is_none()));
    let csv = audit_csv(&out.audit);
    assert!(csv.starts_with("indicator,period,scope,dimension,category,rule,reason,value\n"));
    assert!(csv.contains("claims_paid_count,2025-Q4,programme,kelurahan,35.77.0A.1002,primary,3 < 5,3\n"), "{csv}");
}

#[test]
fn area_cells_of_periods_the_report_does_not_publish_are_dropped() {
    let mut rows = claims(P);
    rows.extend(claims("2025-10"));
    let out = protect(KpiTable::new(rows), &[per(P)], 5, &[]).unwrap();
    assert_eq!(out.dropped, 2 + 12, "kecamatan and kelurahan rows of October");
    assert!(
        out.table.get(&crate::table::Key::total("claims_paid_count", per("2025-10"), Scope::Programme)).is_some(),
        "totals stay"
    );
    assert!(out.table.rows().iter().all(|r| r.period == per(P) || !r.dimension.is_area()));
}

#[test]
fn a_small_kecamatan_is_hidden_with_a_complement_at_its_own_level() {
    let mut rows = claims(P);
    rows[0] = row("claims_paid_count", P, "total", "total", 36, "klaim");
    rows.push(row("claims_paid_count", P, "kecamatan", "35.77.0C", 1, "klaim"));
    rows.push(row("claims_paid_count", P, "kelurahan", "35.77.0C.1001", 1, "klaim"));
    rows.push(row("claims_paid_count", P, "kelurahan", "35.77.0C.1002", 0, "klaim"));
    let out = protect(KpiTable::new(rows), &[per(P)], 5, &[]).unwrap();
    let t = &out.table;
    assert_eq!(status(t, "claims_paid_count", P, "kecamatan", "35.77.0C"), Status::Suppressed);
    assert_eq!(status(t, "claims_paid_count", P, "kelurahan", "35.77.0C.1001"), Status::Suppressed);
    assert_eq!(status(t, "claims_paid_count", P, "kecamatan", "35.77.0B"), Status::Suppressed, "smallest kecamatan");
    assert_underivable(t, "claims_paid_count");
}

#[test]
fn the_vulnerable_trio_hides_together_when_few_are_covered() {
    let mut rows = Vec::new();
    for (cat, eligible, left) in [("35.77.0A.1001", 100, 97), ("35.77.0A.1002", 80, 40), ("35.77.0A.1003", 60, 30)] {
        rows.push(row("vulnerable_eligible", P, "kelurahan", cat, eligible, "orang"));
        rows.push(row("vulnerable_eligible_uncovered", P, "kelurahan", cat, left, "orang"));
        let pct = Value::percent(eligible - left, eligible);
        let key = crate::table::Key {
            indicator: "vulnerable_covered_pct",
            period: per(P),
            scope: Scope::Programme,
            dimension: crate::table::Dimension::Kelurahan,
            category: cat,
        };
        rows.push(KpiRow::new(key, pct, Unit::Persen));
    }
    rows.push(row("vulnerable_eligible", P, "total", "total", 240, "orang"));
    rows.push(row("vulnerable_eligible_uncovered", P, "total", "total", 167, "orang"));
    let out = protect(KpiTable::new(rows), &[per(P)], 5, &[]).unwrap();
    let t = &out.table;
    for ind in ["vulnerable_eligible", "vulnerable_eligible_uncovered", "vulnerable_covered_pct"] {
        assert_eq!(status(t, ind, P, "kelurahan", "35.77.0A.1001"), Status::Suppressed, "{ind}: 3 covered");
        assert_eq!(status(t, ind, P, "kelurahan", "35.77.0A.1003"), Status::Suppressed, "{ind}: complement");
        assert_eq!(status(t, ind, P, "kelurahan", "35.77.0A.1002"), Status::Ok, "{ind}");
    }
    assert_underivable(t, "vulnerable_eligible");
}

#[test]
fn echelon_form_finds_what_the_sums_fix() {
    // x0 + x1 = a, x1 = b: both fixed. x2 + x3 = c: neither.
    let mut m = vec![vec![1.0, 1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0, 0.0], vec![0.0, 0.0, 1.0, 1.0]];
    assert_eq!(determined(&mut m, 4), vec![0, 1]);
}

/// Every suppressed cell of `ind` stays free.
fn assert_underivable(t: &KpiTable, ind: &str) {
    assert_eq!(derivable_cells(t, ind), Vec::<String>::new(), "cells that the published sums fix");
}

#[test]
fn a_cell_hidden_in_an_earlier_release_stays_hidden_with_a_complement() {
    // A correction lifts kelurahan A2 from 3 to 6 claims: above the
    // threshold now, but release 1 hid it, so publishing it would tell
    // release 1's readers the hidden value (the kecamatan changed by +3).
    let mut rows = claims(P);
    for r in rows.iter_mut().filter(|r| r.category == "35.77.0A.1002") {
        r.value = Some(Value::Int(if r.indicator == "claims_paid_count" { 6 } else { 60 }));
    }
    for r in rows.iter_mut().filter(|r| r.category == "35.77.0A" || r.category == "total") {
        r.value =
            r.value.map(|v| Value::Int(v.as_f64() as i64 + if r.indicator == "claims_paid_count" { 3 } else { 30 }));
    }
    let first = protect(KpiTable::new(claims(P)), &[per(P)], 5, &[]).unwrap();
    let kept: Vec<KpiRow> = first.table.rows().iter().filter(|r| r.status == Status::Suppressed).cloned().collect();
    let out = protect(KpiTable::new(rows.clone()), &[per(P)], 5, &kept).unwrap();
    let t = &out.table;
    for r in &kept {
        let now = t.find([&r.indicator, P, "programme", r.dimension.as_str(), &r.category]).map(|r| r.status);
        assert_eq!(now, Some(Status::Suppressed), "{} {} stays hidden", r.indicator, r.category);
    }
    let rule = out.audit.iter().find(|s| s.category == "35.77.0A.1002" && s.indicator == "claims_paid_count");
    assert_eq!(rule.map(|s| s.rule), Some(Rule::Kept));
    assert_underivable(t, "claims_paid_count");
    // Without the earlier release, 6 would be published.
    let fresh = protect(KpiTable::new(rows), &[per(P)], 5, &[]).unwrap();
    assert_eq!(status(&fresh.table, "claims_paid_count", P, "kelurahan", "35.77.0A.1002"), Status::Ok);
}

/// The area cells of `ind` hidden in `later` that follow from the sums of
/// `later` together with the sums `earlier` published, for a reader who
/// assumes every cell hidden in both unchanged: kecamatan = Σ kelurahan and
/// region total = Σ kecamatan in each release, over `later`'s hidden cells.
fn derivable_across(earlier: &KpiTable, later: &KpiTable, ind: &str) -> Vec<String> {
    let hidden = |t: &KpiTable| -> Vec<String> {
        t.rows()
            .iter()
            .filter(|r| r.indicator == ind && r.status == Status::Suppressed)
            .map(|r| r.category.clone())
            .collect()
    };
    let unknowns = hidden(later);
    let mut matrix = Vec::new();
    for t in [earlier, later] {
        let hidden_here = hidden(t);
        let kecamatan: Vec<String> = t
            .rows()
            .iter()
            .filter(|r| r.indicator == ind && r.dimension == Dimension::Kecamatan)
            .map(|r| r.category.clone())
            .collect();
        let mut sums: Vec<(Option<String>, Vec<String>)> = vec![(None, kecamatan.clone())];
        for k in &kecamatan {
            let parts = t
                .rows()
                .iter()
                .filter(|r| r.indicator == ind && r.dimension == Dimension::Kelurahan && r.category.starts_with(k))
                .map(|r| r.category.clone())
                .collect();
            sums.push((Some(k.clone()), parts));
        }
        for (total, parts) in sums {
            // Published cells are constants: only the hidden ones make the row.
            let mut row = vec![0.0; unknowns.len()];
            if let Some(k) = total.as_ref().filter(|k| hidden_here.contains(k)) {
                row[unknowns.iter().position(|u| u == k).expect("hidden later too")] -= 1.0;
            }
            for p in &parts {
                if let Some(c) = unknowns.iter().position(|u| u == p).filter(|_| hidden_here.contains(p)) {
                    row[c] += 1.0;
                }
            }
            matrix.push(row);
        }
    }
    determined(&mut matrix, unknowns.len()).into_iter().map(|c| unknowns[c].clone()).collect()
}

#[test]
fn a_cell_newly_hidden_in_a_revision_cannot_be_worked_out_by_subtracting_the_earlier_release() {
    // Release 1 hides A2 (3) with A3 and B1 (2) with B3. A correction drops
    // A1 from 10 to 2 claims: A1 is newly hidden. Hiding only A1 would let
    // a reader who keeps release 1 compute it: release 1 gives A2 + A3 =
    // 21 - 10 = 11, release 2 gives A1 + A2 + A3 = 13, so A1 = 2.
    let first = protect(KpiTable::new(claims(P)), &[per(P)], 5, &[]).unwrap();
    let kept: Vec<KpiRow> = first.table.rows().iter().filter(|r| r.status == Status::Suppressed).cloned().collect();
    let mut rows = claims(P);
    for r in rows.iter_mut() {
        let minus = if r.indicator == "claims_paid_count" { 8 } else { 80 };
        if r.category == "35.77.0A.1001" {
            r.value = Some(Value::Int(if r.indicator == "claims_paid_count" { 2 } else { 20 }));
        } else if r.category == "35.77.0A" || r.category == "total" {
            r.value = r.value.map(|v| Value::Int(v.as_f64() as i64 - minus));
        }
    }
    let second = protect(KpiTable::new(rows), &[per(P)], 5, &kept).unwrap();
    assert_eq!(status(&second.table, "claims_paid_count", P, "kelurahan", "35.77.0A.1001"), Status::Suppressed);
    assert_eq!(derivable_across(&first.table, &second.table, "claims_paid_count"), Vec::<String>::new());
    assert_underivable(&second.table, "claims_paid_count");
}

/// Members by kelurahan and kategori: A1 = 9 RENTAN + 3 NON_ASN, A2 = 6 +
/// 7 (kecamatan A), B1 = 8 + 0 (kecamatan B); the region's kategori (23
/// RENTAN, 10 NON_ASN) are published region-level figures.
fn members_by_kategori() -> Vec<KpiRow> {
    let m = |dim: &str, cat: &str, v: i64| row("members_active", P, dim, cat, v, "orang");
    let mut rows = vec![
        m("total", "total", 33),
        m("kategori", "RENTAN", 23),
        m("kategori", "NON_ASN", 10),
        m("kecamatan", "35.77.0A", 25),
        m("kecamatan", "35.77.0B", 8),
    ];
    for (kel, rentan, non_asn) in [("35.77.0A.1001", 9, 3), ("35.77.0A.1002", 6, 7), ("35.77.0B.1001", 8, 0)] {
        rows.push(m("kelurahan", kel, rentan + non_asn));
        rows.push(m("kelurahan_kategori", &Dimension::kelurahan_kategori(kel, "RENTAN"), rentan));
        rows.push(m("kelurahan_kategori", &Dimension::kelurahan_kategori(kel, "NON_ASN"), non_asn));
    }
    rows
}

#[test]
fn a_small_kategori_of_a_kelurahan_is_protected_by_kategori_cells_not_by_its_kelurahan() {
    // A1's 3 NON_ASN are primary. Hiding only a complement in A1 would
    // leave both cells to be worked out from the region's kategori (23
    // RENTAN, 10 NON_ASN): the pattern must close across kelurahan. It
    // does so with kategori cells (the smallest first), and every
    // kelurahan total stays published.
    let out = protect(KpiTable::new(members_by_kategori()), &[per(P)], 5, &[]).unwrap();
    let hidden: Vec<(&str, &str)> = out.audit.iter().map(|s| (s.category.as_str(), s.rule.as_str())).collect();
    assert_eq!(
        hidden,
        vec![
            ("35.77.0A.1001/NON_ASN", "primary"),
            ("35.77.0A.1001/RENTAN", "secondary"),
            ("35.77.0A.1002/NON_ASN", "secondary"),
            ("35.77.0A.1002/RENTAN", "secondary"),
            ("35.77.0B.1001/NON_ASN", "secondary"),
            ("35.77.0B.1001/RENTAN", "secondary"),
        ]
    );
    let t = &out.table;
    for (dim, cat) in [("kelurahan", "35.77.0A.1001"), ("kelurahan", "35.77.0A.1002"), ("kelurahan", "35.77.0B.1001")] {
        assert_eq!(status(t, "members_active", P, dim, cat), Status::Ok, "{cat}");
    }
    for cat in ["NON_ASN", "RENTAN"] {
        assert_eq!(status(t, "members_active", P, "kategori", cat), Status::Ok, "{cat}");
    }
    assert_underivable(t, "members_active");
}

#[test]
fn the_second_check_knows_the_kategori_sums() {
    // Hiding A1's NON_ASN alone: the kelurahan total gives it away.
    let mut rows = members_by_kategori();
    for r in rows.iter_mut().filter(|r| r.category == "35.77.0A.1001/NON_ASN") {
        r.value = None;
        r.status = Status::Suppressed;
    }
    let cells = derivable_cells(&KpiTable::new(rows), "members_active");
    assert_eq!(cells, vec!["members_active programme 2025-Q4 35.77.0A.1001/NON_ASN".to_string()]);
}
