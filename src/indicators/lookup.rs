//! A lookup of the SQL rows of one period, for the figures derived from
//! them (`derived`, `coverage`).

use crate::period::Period;
use crate::table::{Dimension, KpiRow, Scope, Value};

/// A lookup of the SQL rows of one period.
pub struct Rows<'a> {
    pub rows: &'a [KpiRow],
    pub period: Period,
}

impl Rows<'_> {
    pub fn int(&self, indicator: &str, scope: Scope, dimension: Dimension, category: &str) -> Option<i64> {
        self.rows
            .iter()
            .find(|r| {
                r.indicator == indicator && r.scope == scope && r.dimension == dimension && r.category == category
            })
            .and_then(|r| match r.value {
                Some(Value::Int(v)) => Some(v),
                _ => None,
            })
    }

    pub fn total(&self, indicator: &str, scope: Scope) -> Option<i64> {
        self.int(indicator, scope, Dimension::Total, "total")
    }

    /// The categories of a breakdown, as they occur.
    pub fn categories(&self, indicator: &str, scope: Scope, dimension: Dimension) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.indicator == indicator && r.scope == scope && r.dimension == dimension)
            .map(|r| r.category.clone())
            .collect()
    }
}
