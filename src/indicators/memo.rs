//! Work shared between the periods of one table, so that what several
//! periods compute is computed once, and the table is exactly the one each
//! period computed alone gives. A statement reads the tables it names and
//! nothing else; its rows are a function of the months each of those
//! tables covers and of the `params` columns it names: the period's first
//! month when it names the one that comes from the start, its last month
//! when it names one that comes from the end. Periods that give a
//! statement the same inputs share one run: the quarter, its last month
//! and its year end on the same snapshot, and `members_active` reads only
//! the end, so the report's 17 periods run it for 13 snapshots.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use anyhow::Result;
use polars::prelude::LazyFrame;

use super::sql::{Statement, words};
use super::{Params, SqlRow};
use crate::period::{Month, Period};

/// Whether a statement may read every column (`SELECT *`, `t.*`), so that
/// no column can be left out of what it reads.
fn reads_all(sql: &str) -> bool {
    sql.to_ascii_uppercase().replace("COUNT(*)", "").contains('*')
}

/// Whether a statement reads the period's start and its end from `params`:
/// both when it may read every column of it, neither when it does not
/// name it.
fn params_read(sql: &str, named: &BTreeSet<String>) -> (bool, bool) {
    if !named.contains("params") {
        return (false, false);
    }
    if reads_all(sql) {
        return (true, true);
    }
    let start = Params::FROM_START.iter().any(|c| named.contains(*c));
    let end = Params::FROM_END.iter().any(|c| named.contains(*c));
    (start, end)
}

/// What one statement's rows depend on for one period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Inputs {
    family: String,
    number: usize,
    /// Each table it names: the months it covers.
    tables: Vec<(&'static str, Vec<Month>)>,
    /// The period's first month, when it names `params.period_start`.
    start: Option<Month>,
    /// The period's last month, when it names a column of `params` that
    /// comes from the period's end (`period_end`, `end_year`, ...).
    end: Option<Month>,
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
        let (start, end) = params_read(&statement.sql, &named);
        let key = Inputs {
            family: statement.family.clone(),
            number: statement.number,
            tables,
            start: start.then(|| period.first_month()),
            end: end.then(|| period.last_month()),
        };
        if let Some(rows) = self.rows.lock().map_err(|_| anyhow::anyhow!("a period failed"))?.get(&key) {
            return Ok(rows.clone());
        }
        let rows = run()?;
        self.rows.lock().map_err(|_| anyhow::anyhow!("a period failed"))?.insert(key, rows.clone());
        Ok(rows)
    }
}

/// A period's tables. Each statement scans the lake tables it names as it
/// runs: holding a table two statements read (`members_end`) in memory for
/// the period was measured and left out: at a million participants it
/// raised the indicators' peak from 0,8 to 1,4 GiB and saved no time
/// (BENCHMARKS.md).
pub struct Tables {
    /// name -> the lazy scan (with the runner's columns).
    lazy: BTreeMap<&'static str, LazyFrame>,
    /// The lake tables of the period: the months each covers.
    months: BTreeMap<&'static str, Vec<Month>>,
}

impl Tables {
    /// `lazy` are the period's tables, `months` what the lake ones cover.
    pub fn new(lazy: BTreeMap<&'static str, LazyFrame>, months: BTreeMap<&'static str, Vec<Month>>) -> Tables {
        Tables { lazy, months }
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

    pub fn get(&self, name: &'static str) -> Result<LazyFrame> {
        self.lazy.get(name).cloned().ok_or_else(|| anyhow::anyhow!("internal: no table `{name}`"))
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

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

    #[test]
    fn every_column_of_params_comes_from_the_start_or_the_end() {
        let frame = Params::of(&"2025-Q4".parse().expect("a period")).frame().expect("params");
        let columns: BTreeSet<String> = frame.get_column_names().iter().map(|c| c.to_string()).collect();
        let known: BTreeSet<String> =
            Params::FROM_START.iter().chain(&Params::FROM_END).map(|c| c.to_string()).collect();
        assert_eq!(columns, known);
    }

    #[test]
    fn a_statement_depends_on_the_bounds_of_the_period_it_reads() {
        let read = |sql: &str| params_read(sql, &words(sql));
        assert_eq!(read("SELECT COUNT(DISTINCT kpj) FROM members_end WHERE status = 'AKTIF'"), (false, false));
        let age = "SELECT p.end_year - EXTRACT(YEAR FROM m.tgl_lahir) FROM members_end m CROSS JOIN params p";
        assert_eq!(read(age), (false, true));
        let new = "SELECT kpj FROM members_end m CROSS JOIN params p WHERE m.tgl_kepesertaan >= p.period_start";
        assert_eq!(read(new), (true, false));
        assert_eq!(read("SELECT p.* FROM params p"), (true, true));
        assert_eq!(read("SELECT COUNT(*) FROM params"), (false, false));
    }

    /// The quarter, its last month and its year share `members_active`'s
    /// run (it reads the end only); `members_new` (start and end) is run for each.
    #[test]
    fn periods_ending_on_the_same_month_share_what_reads_only_the_end() -> Result<()> {
        let statement = |number: usize, sql: &str| Statement {
            family: "members".into(),
            number,
            indicators: Vec::new(),
            needs: vec!["members_end".into()],
            per_month: false,
            sql: sql.into(),
        };
        let active = statement(1, "SELECT p.end_year FROM members_end m CROSS JOIN params p");
        let new = statement(2, "SELECT p.period_start, p.period_end FROM members_end m CROSS JOIN params p");
        let memo = Memo::default();
        let runs = RefCell::new(Vec::new());
        for period in ["2025-Q4", "2025-12", "2025", "2025-Q3"] {
            let period: Period = period.parse()?;
            let available = BTreeMap::from([("members_end", vec![period.last_month()])]);
            for s in [&active, &new] {
                memo.rows(s, &period, &available, || {
                    runs.borrow_mut().push((s.number, period.to_string()));
                    Ok(Vec::new())
                })?;
            }
        }
        let expected = [(1, "2025-Q4"), (2, "2025-Q4"), (2, "2025-12"), (2, "2025"), (1, "2025-Q3"), (2, "2025-Q3")];
        assert_eq!(runs.into_inner(), expected.map(|(n, p)| (n, p.to_string())));
        Ok(())
    }
}
