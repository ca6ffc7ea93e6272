//! What a release changes: every published figure whose value differs from
//! the value the latest earlier release published for the same figure
//! (same indicator, period, scope, dimension and category). The period's
//! own figures are compared with its previous release, a comparison
//! column (last quarter, a year ago) with whichever release published it
//! last. A figure hidden (`[c]`) in either is never listed: the changes
//! table must not tell a hidden value, nor that it stayed the same.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Entry;
use crate::period::Period;
use crate::table::{Dimension, Key, KpiRow, KpiTable, Scope, Status, Unit, Value};

/// One changed figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub indicator: String,
    pub period: Period,
    pub scope: Scope,
    pub dimension: Dimension,
    pub category: String,
    pub unit: Unit,
    /// As published before: the value, or `n/a`.
    pub old_value: String,
    /// As published now: the value, or `n/a`.
    pub new_value: String,
    /// New minus old, when both are numbers.
    pub difference: Option<Value>,
    /// The number of the release that published the old value.
    pub previous_release: String,
}

impl Change {
    /// The figure's key.
    pub fn key(&self) -> Key<'_> {
        Key::of(&self.indicator, self.period, self.scope, self.dimension, &self.category)
    }
}

/// The changes of `table` against the earlier releases' tables (oldest first).
pub fn compare(table: &KpiTable, earlier: &[(Entry, KpiTable)]) -> Vec<Change> {
    let mut out = Vec::new();
    for r in table.rows().iter().filter(|r| r.status != Status::Suppressed) {
        let key = Key::of(&r.indicator, r.period, r.scope, r.dimension, &r.category);
        let Some((entry, old)) = earlier.iter().rev().find_map(|(e, t)| t.get(&key).map(|old| (e, old))) else {
            continue;
        };
        if old.status == Status::Suppressed || (old.value, old.status) == (r.value, r.status) {
            continue;
        }
        out.push(Change {
            indicator: r.indicator.clone(),
            period: r.period,
            scope: r.scope,
            dimension: r.dimension,
            category: r.category.clone(),
            unit: r.unit,
            old_value: shown(old),
            new_value: shown(r),
            difference: difference(old.value, r.value),
            previous_release: entry.number.clone(),
        });
    }
    out
}

/// A figure's key, owned: indicator, period, scope, dimension, category.
pub type FigureKey = (String, Period, Scope, Dimension, String);

/// The key of a row.
pub fn key_of(r: &KpiRow) -> FigureKey {
    (r.indicator.clone(), r.period, r.scope, r.dimension, r.category.clone())
}

/// The figures the changes mark `[r]`.
pub fn revised(changes: &[Change]) -> BTreeSet<FigureKey> {
    changes.iter().map(|c| (c.indicator.clone(), c.period, c.scope, c.dimension, c.category.clone())).collect()
}

/// The cells hidden in any earlier release: they stay hidden.
pub fn hidden_before(earlier: &[(Entry, KpiTable)]) -> Vec<KpiRow> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (_, t) in earlier {
        for r in t.rows().iter().filter(|r| r.status == Status::Suppressed) {
            if seen.insert((r.indicator.clone(), r.period.to_string(), r.scope, r.dimension, r.category.clone())) {
                out.push(r.clone());
            }
        }
    }
    out
}

fn shown(r: &KpiRow) -> String {
    r.value.map_or_else(|| r.status.as_str().to_string(), |v| v.to_string())
}

fn difference(old: Option<Value>, new: Option<Value>) -> Option<Value> {
    match (old?, new?) {
        (Value::Int(a), Value::Int(b)) => Some(Value::Int(b - a)),
        (Value::Fixed4(a), Value::Fixed4(b)) => Some(Value::Fixed4(b - a)),
        _ => None,
    }
}

/// `changes.csv`: one row per changed figure.
pub fn to_csv(changes: &[Change]) -> String {
    let header = [
        "indicator",
        "period",
        "scope",
        "dimension",
        "category",
        "unit",
        "old_value",
        "new_value",
        "difference",
        "previous_release",
    ]
    .map(String::from);
    let rows = changes.iter().map(|c| {
        [
            c.indicator.clone(),
            c.period.to_string(),
            c.scope.to_string(),
            c.dimension.to_string(),
            c.category.clone(),
            c.unit.to_string(),
            c.old_value.clone(),
            c.new_value.clone(),
            c.difference.map(|d| d.to_string()).unwrap_or_default(),
            c.previous_release.clone(),
        ]
    });
    crate::csvcell::records(std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 8]]) -> KpiTable {
        KpiTable::new(rows.iter().map(|f| KpiRow::from_fields(f).unwrap()).collect())
    }

    fn entry(seq: u32) -> Entry {
        let inputs = super::super::Inputs {
            jamstat_version: String::new(),
            config_sha256: String::new(),
            queries: Vec::new(),
            reference: Vec::new(),
            partitions: Vec::new(),
        };
        Entry {
            seq,
            number: format!("0{seq}/01/3577/Th.I"),
            period: "2025-Q4".into(),
            revision: seq,
            revises: None,
            date: "2026-01-15".parse().unwrap(),
            time: "11:00".into(),
            languages: Vec::new(),
            inputs,
            outputs: Default::default(),
        }
    }

    #[test]
    fn changed_figures_are_listed_against_the_latest_release_that_showed_them_and_hidden_ones_never() {
        let q3_release = table(&[
            ["m", "2025-Q3", "all", "total", "total", "90", "orang", ""],
            ["m", "2025-Q3", "all", "kelurahan", "35.77.01.1001", "", "orang", "suppressed"],
        ]);
        let q4_release = table(&[
            ["m", "2025-Q4", "all", "total", "total", "100", "orang", ""],
            ["p", "2025-Q4", "all", "total", "total", "12.5000", "persen", ""],
            ["m", "2025-Q4", "all", "kelurahan", "35.77.01.1002", "7", "orang", ""],
        ]);
        let now = table(&[
            ["m", "2025-Q3", "all", "total", "total", "91", "orang", ""],
            ["m", "2025-Q3", "all", "kelurahan", "35.77.01.1001", "9", "orang", ""],
            ["m", "2025-Q4", "all", "total", "total", "104", "orang", ""],
            ["p", "2025-Q4", "all", "total", "total", "12.0000", "persen", ""],
            ["m", "2025-Q4", "all", "kelurahan", "35.77.01.1002", "", "orang", "suppressed"],
        ]);
        let earlier = [(entry(1), q3_release), (entry(2), q4_release)];
        let changes = compare(&now, &earlier);
        let shown: Vec<(String, String, String, String, String)> = changes
            .iter()
            .map(|c| {
                let d = c.difference.map(|d| d.to_string()).unwrap_or_default();
                (c.indicator.clone(), c.period.to_string(), c.old_value.clone(), d, c.previous_release.clone())
            })
            .collect();
        let row = |i: &str, p: &str, o: &str, d: &str, r: &str| (i.into(), p.into(), o.into(), d.into(), r.into());
        assert_eq!(
            shown,
            vec![
                row("m", "2025-Q3", "90", "1", "01/01/3577/Th.I"),
                row("m", "2025-Q4", "100", "4", "02/01/3577/Th.I"),
                row("p", "2025-Q4", "12.5000", "-0.5000", "02/01/3577/Th.I"),
            ]
        );
        let hidden = hidden_before(&earlier);
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].category, "35.77.01.1001");
        assert!(to_csv(&changes).starts_with("indicator,period,scope,dimension,category,unit,old_value,new_value"));
    }
}
