//! Disclosure control, the stage between the indicator table and every
//! published file: takes the tidy table, the periods a report publishes
//! and the threshold, gives the protected table (what the HTML, PDF,
//! CSV, JSON, charts and open data all print) and the audit of every cell
//! it hid with its true value (`disclosure.csv`, for the office that checks
//! the release, not for publication).
//!
//! The rules, applied to the area breakdowns (`kecamatan`, `kelurahan`,
//! `kelurahan_kategori`);
//! region totals and region-level breakdowns are published as they are:
//!
//! 1. **Scope.** Area cells are published for the report's own periods
//!    (the period and its two comparison periods) only; the monthly and
//!    calendar-year area cells the table also holds are dropped, so no
//!    area cell of one period can be worked out from another period's
//!    published cells (a quarter minus two of its months).
//! 2. **Primary.** A count of people or claims from 1 to threshold − 1 is
//!    suppressed. A money amount or a ratio is suppressed when the count it
//!    was computed from is: [`UNITS`] ties each to its count (claims and
//!    their amount; eligible vulnerable workers, the share covered and
//!    those left, whose covered count is eligible − left). Zero is
//!    published: it says that nobody is there, about no one.
//! 3. **Secondary.** Within a period, the region total is the sum of its
//!    kecamatan, each kecamatan the sum of its kelurahan, each kelurahan the
//!    sum of its kategori (`kelurahan_kategori`), and each kategori of the
//!    region the sum of that kategori over the kelurahan. A suppressed
//!    cell must not follow from these sums: the published cells are
//!    constants, the suppressed ones unknowns, and a cell is derivable when
//!    the linear system fixes its value (reduced row echelon form: a pivot
//!    whose row has no free column). While a cell is derivable, the
//!    smallest non-zero published cell of one of its sums (never a
//!    region figure) is suppressed too, and the system is solved again.
//!    Same-period flows that add up over months (a quarter and its months)
//!    enter the system too when both are published. When the only cell left
//!    to hide would be the region total (every other area is zero), the
//!    region total already tells the value: the cell stays marked, and the
//!    audit says `exposed`; region totals are never hidden.
//!
//! A hidden cell keeps its row, with no value and `status = suppressed`
//! (`[c]` in the report).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use serde::Serialize;

use crate::period::Period;
use crate::table::{Dimension, KpiRow, KpiTable, Scope, Status, Unit, Value};

/// Indicators hidden together at a cell, the count they are computed from
/// first (indicator ids, as the catalogue names them).
pub const UNITS: &[&[&str]] = &[
    &["claims_paid_count", "claims_paid_amount"],
    &["members_active"],
    &["vulnerable_eligible", "vulnerable_eligible_uncovered", "vulnerable_covered_pct", "vulnerable_quota_share_pct"],
];

/// One hidden cell, for `disclosure.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    pub indicator: String,
    pub period: String,
    pub scope: String,
    pub dimension: String,
    pub category: String,
    /// `primary`, `secondary`, `linked` (follows the unit's count), or
    /// `exposed` (below the threshold, but the published region total
    /// already shows it: every other area is zero or hidden).
    pub rule: Rule,
    /// Why, in words: `3 < 5`, `complement of 35.77.01.1002 in 35.77.01`.
    pub reason: String,
    /// The true value, as `kpi.csv` would have printed it.
    pub value: String,
}

/// Why a cell is hidden, as the audit names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Below the threshold.
    Primary,
    /// Hidden so that a primary cell cannot be worked out from the sums.
    Secondary,
    /// Follows its unit's count (a Rupiah amount or a percentage of a hidden count).
    Linked,
    /// Below the threshold, but the published region total already shows it.
    Exposed,
    /// Hidden in an earlier release of the same figure: it stays hidden, so
    /// that no value can be worked out by comparing two releases.
    Kept,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Primary => "primary",
            Rule::Secondary => "secondary",
            Rule::Linked => "linked",
            Rule::Exposed => "exposed",
            Rule::Kept => "kept",
        }
    }
}

/// The protected table and its audit. Only [`protect`] makes one (its
/// fields are private), and the publish stage takes nothing else for a
/// public folder: an unprotected table cannot reach `output/` by accident.
pub struct Protected {
    table: KpiTable,
    audit: Vec<Suppressed>,
    /// Area rows of periods the report does not publish, left out.
    dropped: usize,
}

impl Protected {
    pub fn table(&self) -> &KpiTable {
        &self.table
    }

    pub fn audit(&self) -> &[Suppressed] {
        &self.audit
    }

    /// Area rows of periods the report does not publish, left out.
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

/// A cell of one unit and scope: (period, dimension, category), as
/// written in `kpi.csv` (the order the cells are visited in).
type Key = (String, String, String);

/// A cell's key is about an area (`kecamatan`, `kelurahan`).
fn is_area(key: &Key) -> bool {
    Dimension::parse(&key.1).is_some_and(Dimension::is_area)
}

fn is_count(unit: &Unit) -> bool {
    unit.is_count()
}

/// Protects `table` for a report that publishes `periods`, hiding counts
/// below `threshold` and every cell of `kept` (the cells earlier releases
/// hid: once hidden, a cell stays hidden in every later release).
pub fn protect(table: KpiTable, periods: &[Period], threshold: i64, kept: &[KpiRow]) -> Result<Protected> {
    let mut rows = table.into_rows();
    let before = rows.len();
    rows.retain(|r| !r.dimension.is_area() || periods.contains(&r.period));
    let dropped = before - rows.len();

    // Every indicator with area rows belongs to a unit; one not in UNITS is its own.
    let mut units: Vec<Vec<String>> = UNITS.iter().map(|u| u.iter().map(|s| s.to_string()).collect()).collect();
    let area_indicators: BTreeSet<String> =
        rows.iter().filter(|r| r.dimension.is_area()).map(|r| r.indicator.clone()).collect();
    for ind in area_indicators {
        if !units.iter().any(|u| u.contains(&ind)) {
            units.push(vec![ind]);
        }
    }
    let scopes: BTreeSet<Scope> = rows.iter().map(|r| r.scope).collect();

    let mut hide: BTreeMap<(String, Scope, Key), (Rule, String)> = BTreeMap::new();
    for unit in &units {
        for scope in &scopes {
            let cells = Cells::of(&rows, unit, *scope);
            if cells.values.is_empty() {
                continue;
            }
            let forced: BTreeSet<Key> = kept
                .iter()
                .filter(|r| r.scope == *scope && unit.contains(&r.indicator))
                .map(|r| (r.period.to_string(), r.dimension.to_string(), r.category.clone()))
                .collect();
            let pattern = cells.suppress(threshold, &forced)?;
            for (key, (rule, reason)) in pattern {
                for (n, ind) in unit.iter().enumerate() {
                    let rule = if n == 0 || rule == Rule::Secondary { rule } else { Rule::Linked };
                    hide.insert((ind.clone(), *scope, key.clone()), (rule, reason.clone()));
                }
            }
        }
    }

    let mut audit = Vec::new();
    for r in &mut rows {
        let key = (r.indicator.clone(), r.scope, (r.period.to_string(), r.dimension.to_string(), r.category.clone()));
        if let Some((rule, reason)) = hide.get(&key) {
            audit.push(Suppressed {
                indicator: r.indicator.clone(),
                period: r.period.to_string(),
                scope: r.scope.to_string(),
                dimension: r.dimension.to_string(),
                category: r.category.clone(),
                rule: *rule,
                reason: reason.clone(),
                value: r.value_text(),
            });
            r.value = None;
            r.status = Status::Suppressed;
        }
    }
    let table = KpiTable::new(rows);
    let additive =
        |ind: &str| table.rows().iter().any(|r| r.indicator == ind && (r.unit.is_count() || r.unit.is_sum()));
    let exposed: BTreeSet<String> = audit
        .iter()
        .filter(|s| s.rule == Rule::Exposed)
        .map(|s| format!("{} {} {} {}", s.indicator, s.scope, s.period, s.category))
        .collect();
    for ind in units.iter().filter_map(|u| u.first()).filter(|ind| additive(ind)) {
        if let Some(cell) = derivable_cells(&table, ind).into_iter().find(|c| !exposed.contains(c)) {
            bail!("disclosure control left {cell} derivable from the published sums: nothing was published");
        }
    }
    Ok(Protected { table, audit, dropped })
}

/// The values of one unit (first indicator: its count) and scope, by cell.
struct Cells {
    /// key -> the unit's values at that cell, in unit order (None: no row or no value).
    values: BTreeMap<Key, Vec<Option<Value>>>,
    units: Vec<Unit>,
    additive: bool,
}

impl Cells {
    fn of(rows: &[KpiRow], unit: &[String], scope: Scope) -> Cells {
        let mut values: BTreeMap<Key, Vec<Option<Value>>> = BTreeMap::new();
        let mut units = vec![Unit::Unspecified; unit.len()];
        for r in rows.iter().filter(|r| r.scope == scope) {
            let Some(i) = unit.iter().position(|u| *u == r.indicator) else { continue };
            units[i] = r.unit;
            let key = (r.period.to_string(), r.dimension.to_string(), r.category.clone());
            let slot = values.entry(key).or_insert_with(|| vec![None; unit.len()]);
            slot[i] = if r.status == Status::Ok { r.value } else { None };
        }
        // Only periods with area cells matter.
        let area_periods: BTreeSet<String> = values.keys().filter(|k| is_area(k)).map(|k| k.0.clone()).collect();
        values.retain(|k, _| area_periods.contains(&k.0));
        let additive = units.first().is_some_and(|u| u.is_count() || u.is_sum());
        Cells { values, units, additive }
    }

    /// The count a cell's figures rest on: the unit's first count, or for the
    /// vulnerable-worker unit also the covered count (eligible − left).
    fn bases(&self, v: &[Option<Value>]) -> Vec<i64> {
        let int = |x: Option<Value>| match x {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        };
        let mut out: Vec<i64> =
            self.units.iter().zip(v).filter(|(u, _)| is_count(u)).filter_map(|(_, x)| int(*x)).collect();
        if let (Some(eligible), Some(left)) = (int(v[0]), v.get(1).and_then(|x| int(*x)))
            && self.units.len() >= 3
        {
            out.push(eligible - left);
        }
        out
    }

    /// The cells to hide: (rule, reason) by key.
    fn suppress(&self, threshold: i64, kept: &BTreeSet<Key>) -> Result<BTreeMap<Key, (Rule, String)>> {
        let mut out = BTreeMap::new();
        for (key, v) in &self.values {
            if !is_area(key) {
                continue;
            }
            if let Some(b) = self.bases(v).into_iter().find(|b| (1..threshold).contains(b)) {
                out.insert(key.clone(), (Rule::Primary, format!("{b} < {threshold}")));
            } else if kept.contains(key) {
                out.insert(key.clone(), (Rule::Kept, "hidden in an earlier release".to_string()));
            }
        }
        if out.is_empty() || !self.additive {
            return Ok(out);
        }
        let system = System::of(self, kept);
        // Cells the region total itself gives away (every other area is zero
        // or hidden, and region totals are always published): nothing left to hide.
        let mut exposed: BTreeSet<usize> = BTreeSet::new();
        loop {
            let hidden: BTreeSet<usize> = out.keys().filter_map(|k| system.id(k)).collect();
            let derivable: Vec<usize> =
                system.derivable(&hidden).into_iter().filter(|x| !exposed.contains(x)).collect();
            // One at a time: hiding a complement may free other cells too.
            // The best complement of any derivable cell, so that a chain of
            // sums is broken where it costs least.
            let Some(&first) = derivable.first() else { return Ok(out) };
            let best = derivable
                .iter()
                .filter_map(|x| system.complement(*x, &hidden, self).map(|c| (*x, c)))
                .min_by(|a, b| a.1.rank.cmp(&b.1.rank));
            let x = best.as_ref().map_or(first, |b| b.0);
            match best.map(|b| b.1) {
                Some(Complement { cell: c, within, .. }) => {
                    let reason = format!("complement of {} in {within}", system.keys[x].2);
                    out.entry(system.keys[c].clone()).or_insert((Rule::Secondary, reason));
                }
                None => {
                    exposed.insert(x);
                    if let Some(entry) = out.get_mut(&system.keys[x]) {
                        entry.0 = Rule::Exposed;
                        entry.1 =
                            format!("{}; the region total shows it (every other area is zero or hidden)", entry.1);
                    }
                }
            }
        }
    }
}

/// `disclosure.csv`: every hidden cell with its rule and true value.
pub fn audit_csv(audit: &[Suppressed]) -> String {
    let header = ["indicator", "period", "scope", "dimension", "category", "rule", "reason", "value"].map(String::from);
    let rows = audit.iter().map(|s| {
        [
            s.indicator.clone(),
            s.period.clone(),
            s.scope.clone(),
            s.dimension.clone(),
            s.category.clone(),
            s.rule.as_str().to_string(),
            s.reason.clone(),
            s.value.to_string(),
        ]
    });
    crate::csvcell::records(std::iter::once(header).chain(rows))
}

mod check;
mod system;
pub use check::derivable_cells;
#[cfg(test)]
use system::determined;
use system::{Complement, System};

#[cfg(test)]
mod tests;
