//! Work shared between the periods of one table, so that what several
//! periods read is read once and what several compute is computed once,
//! and the table is exactly the one each period computed alone gives:
//!
//! - **A statement's rows, by what they depend on.** A statement reads the
//!   tables it names and nothing else; its rows are a function of the
//!   months each of those tables covers (and of the `params` row when it
//!   names `params`). Periods that give a statement the same inputs (the
//!   quarter, its last month and its year all end on the same snapshot, so
//!   `members_active` is the same) share one run.
//! - **A table read once per period.** The first statement that needs a
//!   lake table that several statements read (`members_end`,
//!   `claims_period`) collects it, only the columns some statement names,
//!   and every later statement of the period runs on that frame instead of
//!   reading the Parquet files again. A table one statement reads
//!   (`members_before`, `members_period`) is scanned as it runs, as before,
//!   and never held.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use anyhow::Result;
use polars::prelude::{Expr, IntoLazy, LazyFrame, col};

use super::SqlRow;
use super::sql::{QueryFile, Statement};
use crate::period::{Month, Period};

/// The identifiers a statement's text names (tables, columns), lower case.
pub fn words(sql: &str) -> BTreeSet<String> {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether a statement may read every column (`SELECT *`, `t.*`), so that
/// no column can be left out of what it reads.
fn reads_all(sql: &str) -> bool {
    sql.to_ascii_uppercase().replace("COUNT(*)", "").contains('*')
}

/// What one statement's rows depend on for one period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Inputs {
    family: String,
    number: usize,
    /// Each table it names: the months it covers.
    tables: Vec<(&'static str, Vec<Month>)>,
    /// The period's bounds, when it names `params`.
    params: Option<(Month, Month)>,
}

/// The rows computed so far in one run, by their inputs.
#[derive(Default)]
pub struct Memo {
    rows: Mutex<HashMap<Inputs, Vec<SqlRow>>>,
}

impl Memo {
    /// `statement`'s rows for `period` from an earlier period with the same
    /// inputs, else from `run`, kept for later periods.
    pub fn rows(
        &self,
        statement: &Statement,
        period: &Period,
        available: &BTreeMap<&'static str, Vec<Month>>,
        run: impl FnOnce() -> Result<Vec<SqlRow>>,
    ) -> Result<Vec<SqlRow>> {
        let named = words(&statement.sql);
        let tables = available.iter().filter(|(t, _)| named.contains(**t)).map(|(t, m)| (*t, m.clone())).collect();
        let params = named.contains("params").then(|| (period.first_month(), period.last_month()));
        let key = Inputs { family: statement.family.clone(), number: statement.number, tables, params };
        if let Some(rows) = self.rows.lock().map_err(|_| anyhow::anyhow!("a period failed"))?.get(&key) {
            return Ok(rows.clone());
        }
        let rows = run()?;
        self.rows.lock().map_err(|_| anyhow::anyhow!("a period failed"))?.insert(key, rows.clone());
        Ok(rows)
    }
}

/// A period's lake tables, each collected the first time a statement needs it.
pub struct Tables {
    /// name -> the lazy scan (with the runner's columns).
    lazy: BTreeMap<&'static str, LazyFrame>,
    /// name -> the columns any statement names (None: all), for the tables
    /// that two statements or more read (the others are not held).
    columns: BTreeMap<&'static str, Option<Vec<String>>>,
    /// The lake tables of the period: the months each covers.
    months: BTreeMap<&'static str, Vec<Month>>,
    collected: RefCell<BTreeMap<&'static str, LazyFrame>>,
}

impl Tables {
    /// `lazy` are the period's tables, `months` what the lake ones cover;
    /// `queries` say which columns are read.
    pub fn new(
        lazy: BTreeMap<&'static str, LazyFrame>,
        months: BTreeMap<&'static str, Vec<Month>>,
        queries: &[QueryFile],
    ) -> Result<Tables> {
        let statements: Vec<&Statement> = queries.iter().flat_map(|f| &f.statements).collect();
        let mut columns = BTreeMap::new();
        for (name, lf) in &lazy {
            let readers: Vec<&&Statement> = statements.iter().filter(|s| words(&s.sql).contains(*name)).collect();
            if readers.len() < 2 {
                continue; // read by one statement at most: scanned as it runs, never held
            }
            let wanted = if readers.iter().any(|s| reads_all(&s.sql)) {
                None
            } else {
                let named: BTreeSet<String> = readers.iter().flat_map(|s| words(&s.sql)).collect();
                let schema = lf.clone().collect_schema()?;
                Some(schema.iter_names().map(|c| c.to_string()).filter(|c| named.contains(c)).collect())
            };
            columns.insert(*name, wanted);
        }
        Ok(Tables { lazy, columns, months, collected: RefCell::new(BTreeMap::new()) })
    }

    /// The lake tables of the period and the months each covers.
    pub fn months(&self) -> &BTreeMap<&'static str, Vec<Month>> {
        &self.months
    }

    pub fn contains(&self, name: &str) -> bool {
        self.lazy.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.lazy.keys().copied()
    }

    /// The table, read into memory the first time (its named columns only).
    pub fn get(&self, name: &'static str) -> Result<LazyFrame> {
        if let Some(lf) = self.collected.borrow().get(name) {
            return Ok(lf.clone());
        }
        let Some(lf) = self.lazy.get(name) else { anyhow::bail!("internal: no table `{name}`") };
        let lf = match self.columns.get(name) {
            None => return Ok(lf.clone()),
            Some(Some(columns)) => lf.clone().select(columns.iter().map(|c| col(c.as_str())).collect::<Vec<Expr>>()),
            Some(None) => lf.clone(),
        };
        let df = lf.collect()?.lazy();
        self.collected.borrow_mut().insert(name, df.clone());
        Ok(df)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_names_its_tables_and_columns_and_a_star_reads_all() {
        let sql =
            "SELECT COUNT(DISTINCT m.kpj) AS value FROM members_end m CROSS JOIN params p WHERE m.Status = 'AKTIF'";
        let w = words(sql);
        for name in ["members_end", "params", "kpj", "status", "aktif"] {
            assert!(w.contains(name), "{name}");
        }
        assert!(!w.contains("members_before"));
        assert!(!reads_all(sql) && !reads_all("SELECT COUNT(*) FROM t"));
        assert!(reads_all("SELECT * FROM t") && reads_all("SELECT m.* FROM members_end m"));
    }
}
