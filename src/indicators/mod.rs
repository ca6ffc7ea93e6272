//! `jamstat indicators`: the SQL files in `queries/` run by polars over the
//! lake, for each requested period, into the tidy indicator table.
//!
//! For a period the runner registers these tables (see `sql.rs`):
//! `members_end` (snapshot of the last month), `members_before` (snapshot
//! of the month before the first), `members_period` (every snapshot of the
//! period), `claims_period` (claims decided in the period) and `params`
//! (one row: `period_start`, `period_end`, `end_year`, `end_month`,
//! `end_day`). Membership and claim rows carry `in_programme`, true when
//! their `sumber_iuran` is in the configured programme scope, and
//! `is_vulnerable` / `is_non_asn` from the configured `kategori` lists;
//! claims carry `hari_bayar`, the days from `tgl_kejadian` to `tgl_bayar`. A table whose
//! months are not all in the lake is missing, and the statements that need
//! it give `n/a`. A total absent from a statement's result over available
//! data is 0 (nothing matched). Ratios and coverage are then derived
//! exactly (`derived.rs`).

pub mod coverage;
pub mod derived;
mod lookup;
mod memo;
pub mod spark;
pub mod sql;
pub mod targets;

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use polars::prelude::{DataFrame, DataType, Expr, IntoLazy, LazyFrame, NamedFrom, Series, col, lit};
use polars::sql::SQLContext;

use crate::catalogue;
use crate::config::Config;
use crate::contract::Dataset;
use crate::lake::Lake;
use crate::period::{Month, Period};
use crate::reference::Penyebut;
use crate::table::{Dimension, Key, Scope};
pub use crate::table::{KpiRow, KpiTable, Status, Value};

/// What the indicators are computed from, and by which engine.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub lake: &'a Lake,
    pub penyebut: &'a [Penyebut],
    pub queries: &'a [sql::QueryFile],
    pub engine: &'a Engine,
}

/// Which engine runs the SQL of `queries/`. Everything after the SQL (the
/// rows a statement leaves out, derived ratios, targets) is jamstat's own
/// code whichever runs it, so both give the same table.
#[derive(Debug, Clone)]
pub enum Engine {
    /// polars, in this process (the default).
    Polars,
    /// Apache Spark through pyspark (`spark.rs`).
    Spark(spark::Spark),
}

/// What one statement returned for one period, before jamstat's own rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlRow {
    pub indicator: String,
    pub scope: String,
    pub dimension: String,
    pub category: String,
    /// None: a SUM over nothing (counted as 0).
    pub value: Option<i64>,
}

/// The runner's tables of a period over the lake, besides `params`: name,
/// dataset, the months it reads. A table is available when every one of
/// its months is in the lake.
pub fn lake_tables(period: &Period) -> [(&'static str, Dataset, Vec<Month>); 4] {
    let (first, last) = (period.first_month(), period.last_month());
    [
        ("members_end", Dataset::Peserta, vec![last]),
        ("members_before", Dataset::Peserta, vec![first.plus(-1)]),
        ("members_period", Dataset::Peserta, period.months()),
        ("claims_period", Dataset::Klaim, period.months()),
    ]
}

impl Sources<'_> {
    /// The table for `periods`, each computed on its own (two at a time
    /// with two cores: polars alone keeps about one and a half busy), rows in
    /// the order of `periods`.
    pub fn compute(&self, periods: &[Period]) -> Result<KpiTable> {
        let spark_rows = match self.engine {
            Engine::Polars => None,
            Engine::Spark(spark) => Some(spark::run(spark, self, periods)?),
        };
        let memo = memo::Memo::default();
        let one = |period: &Period| {
            let label = period.to_string();
            let given = |s: &sql::Statement| -> Option<Vec<SqlRow>> {
                let key = (label.clone(), s.family.clone(), s.number);
                spark_rows.as_ref().map(|r| r.get(&key).cloned().unwrap_or_default())
            };
            self.period(period, given, &memo).with_context(|| format!("failed to compute the indicators for {period}"))
        };
        let mut rows = Vec::new();
        crate::parallel::in_order(periods, crate::parallel::workers(), one, |r| {
            rows.extend(r);
            Ok(())
        })?;
        Ok(KpiTable::new(rows))
    }

    /// `given` holds a statement's rows when another engine ran it already.
    fn period(
        &self,
        period: &Period,
        given: impl Fn(&sql::Statement) -> Option<Vec<SqlRow>>,
        memo: &memo::Memo,
    ) -> Result<Vec<KpiRow>> {
        let tables = self.period_tables(period)?;
        let mut rows = Vec::new();
        for file in self.queries {
            for statement in &file.statements {
                let given = given(statement);
                rows.extend(self.statement(statement, &tables, *period, given, memo)?);
            }
        }
        let derived =
            derived::derive(&lookup::Rows { rows: &rows, period: *period }, period.year(), self.config, self.penyebut);
        rows.retain(|r| !r.indicator.starts_with('_'));
        rows.extend(derived);
        rows.extend(targets::derive(&rows, period, self.config));
        Ok(rows)
    }

    /// The tables of `period` and the months each covers.
    fn period_tables(&self, period: &Period) -> Result<memo::Tables> {
        let lazy = self.tables(period)?;
        let months: BTreeMap<&'static str, Vec<Month>> =
            lake_tables(period).into_iter().filter(|(t, _, _)| lazy.contains_key(t)).map(|(t, _, m)| (t, m)).collect();
        Ok(memo::Tables::new(lazy, months))
    }

    /// The tables available for `period`, by name.
    fn tables(&self, period: &Period) -> Result<BTreeMap<&'static str, LazyFrame>> {
        let scoped = |lf: Option<LazyFrame>| lf.map(|lf| lf.with_columns(self.flags()));
        let paid_after = (col("tgl_bayar").cast(DataType::Int32) - col("tgl_kejadian").cast(DataType::Int32))
            .cast(DataType::Int64)
            .alias("hari_bayar");
        let mut t = BTreeMap::new();
        for (name, dataset, months) in lake_tables(period) {
            let Some(lf) = scoped(self.lake.scan(dataset, &months)?) else { continue };
            t.insert(name, if name == "claims_period" { lf.with_column(paid_after.clone()) } else { lf });
        }
        t.insert("params", Params::of(period).frame()?.lazy());
        Ok(t)
    }

    /// `in_programme` (`sumber_iuran` in the programme scope), `is_vulnerable`
    /// and `is_non_asn` (`kategori` in the configured lists).
    fn flags(&self) -> [Expr; 3] {
        let p = &self.config.programme;
        let any_of = |column: &str, values: &[String], name: &str| {
            values.iter().fold(lit(false), |e, v| e.or(col(column).eq(lit(v.clone())))).alias(name)
        };
        [
            any_of("sumber_iuran", &p.sumber_iuran, "in_programme"),
            any_of("kategori", &p.vulnerable_kategori, "is_vulnerable"),
            any_of("kategori", &p.non_asn_kategori, "is_non_asn"),
        ]
    }

    /// One statement's rows for one period: `n/a` when a table it needs is
    /// missing, else what the SQL returned (run here by polars unless
    /// `given`), with a 0 total for each indicator and scope it left out.
    fn statement(
        &self,
        s: &sql::Statement,
        tables: &memo::Tables,
        period: Period,
        given: Option<Vec<SqlRow>>,
        memo: &memo::Memo,
    ) -> Result<Vec<KpiRow>> {
        let unit = |id: &str| catalogue::unit(id);
        if s.needs.iter().any(|n| !tables.contains(n.as_str())) {
            let mut rows = Vec::new();
            for id in s.indicators.iter().filter(|i| !i.starts_with('_')) {
                for scope in Scope::ALL {
                    rows.push(KpiRow::new(Key::total(id, period, scope), None, unit(id)));
                }
            }
            return Ok(rows);
        }
        let sql_rows = match given {
            Some(rows) => rows,
            None if s.per_month && period.months().len() > 1 => self.by_month(s, &period, memo)?,
            None => memo.rows(s, &period, tables.months(), || run_sql(s, tables))?,
        };
        // A query's scope and dimension are words of the table: refused
        // when misspelt or mis-cased, naming the statement.
        let mut rows = Vec::with_capacity(sql_rows.len());
        for r in &sql_rows {
            let Some(scope) = Scope::parse(&r.scope) else {
                let scopes = Scope::ALL.map(Scope::as_str).join("`, `");
                bail!("{}: the scope `{}` of `{}` is not one of `{scopes}`", s.describe(), r.scope, r.indicator);
            };
            let Some(dimension) = Dimension::parse(&r.dimension) else {
                let dims = Dimension::ALL.map(Dimension::as_str).join("`, `");
                bail!("{}: the dimension `{}` of `{}` is not one of `{dims}`", s.describe(), r.dimension, r.indicator);
            };
            let key = Key { indicator: &r.indicator, period, scope, dimension, category: &r.category };
            rows.push(KpiRow::new(key, Some(Value::Int(r.value.unwrap_or(0))), unit(&r.indicator)));
        }
        for id in &s.indicators {
            for scope in Scope::ALL {
                let has_total =
                    rows.iter().any(|r| &r.indicator == id && r.scope == scope && r.dimension == Dimension::Total);
                let is_internal = id.starts_with('_');
                if !has_total && !is_internal {
                    rows.push(KpiRow::new(Key::total(id, period, scope), Some(Value::Int(0)), unit(id)));
                }
            }
        }
        Ok(rows)
    }

    /// A `-- per month: sum` statement over several months: its rows for
    /// each month (shared with every other period holding that month),
    /// added up by indicator, scope, dimension and category. A row some
    /// month lacks counts nothing there, and a SUM over nothing (`None`)
    /// stays `None` only when it is `None` in every month, as over the
    /// whole period.
    fn by_month(&self, s: &sql::Statement, period: &Period, memo: &memo::Memo) -> Result<Vec<SqlRow>> {
        let mut sums: BTreeMap<(String, String, String, String), Option<i64>> = BTreeMap::new();
        for month in period.months() {
            let one = Period::Month(month);
            let tables = self.period_tables(&one)?;
            for r in memo.rows(s, &one, tables.months(), || run_sql(s, &tables))? {
                let slot = sums.entry((r.indicator, r.scope, r.dimension, r.category)).or_default();
                *slot = match (*slot, r.value) {
                    (Some(a), Some(b)) => Some(a.checked_add(b).with_context(|| {
                        format!("{}: the sum of the months of {period} is too large", s.describe())
                    })?),
                    (a, b) => a.or(b),
                };
            }
        }
        Ok(sums
            .into_iter()
            .map(|((indicator, scope, dimension, category), value)| SqlRow {
                indicator,
                scope,
                dimension,
                category,
                value,
            })
            .collect())
    }
}

/// Runs a statement on polars over `tables` (those it names).
fn run_sql(s: &sql::Statement, tables: &memo::Tables) -> Result<Vec<SqlRow>> {
    let named = sql::words(&s.sql);
    let mut ctx = SQLContext::new();
    for name in tables.names().filter(|n| named.contains(*n)) {
        ctx.register(name, tables.get(name)?);
    }
    let what = || s.describe();
    let df = ctx.execute(&s.sql).and_then(LazyFrame::collect).with_context(what)?;
    read_rows(&df).with_context(what)
}

/// The bounds of a period as the `params` table gives them.
pub struct Params {
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
}

impl Params {
    /// The columns that come from the period's first day.
    pub const FROM_START: [&'static str; 1] = ["period_start"];
    /// The columns that come from the period's last day.
    pub const FROM_END: [&'static str; 4] = ["period_end", "end_year", "end_month", "end_day"];

    pub fn of(period: &Period) -> Params {
        Params { start: period.first_month().first_day(), end: period.last_month().last_day() }
    }

    /// The one-row `params` table.
    pub fn frame(&self) -> Result<DataFrame> {
        let date = |name: &str, d: chrono::NaiveDate| -> Result<Series> {
            Ok(Series::new(name.into(), [crate::period::epoch_days(d)]).cast(&DataType::Date)?)
        };
        let (start, end) = (self.start, self.end);
        Ok(DataFrame::new(
            1,
            vec![
                date("period_start", start)?.into(),
                date("period_end", end)?.into(),
                Series::new("end_year".into(), [end.year()]).into(),
                Series::new("end_month".into(), [end.month() as i32]).into(),
                Series::new("end_day".into(), [end.day() as i32]).into(),
            ],
        )?)
    }

    /// The `params` row as the jobs of outside engines carry it (Spark,
    /// and DuckDB in the benchmark).
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "period_start": self.start.to_string(),
            "period_end": self.end.to_string(),
            "end_year": self.end.year(),
            "end_month": self.end.month(),
            "end_day": self.end.day(),
        })
    }
}

/// The configured lists behind `in_programme`, `is_vulnerable` and
/// `is_non_asn`, as the jobs of outside engines carry them.
pub fn flags_json(config: &Config) -> serde_json::Value {
    let p = &config.programme;
    serde_json::json!({
        "sumber_iuran": p.sumber_iuran,
        "vulnerable_kategori": p.vulnerable_kategori,
        "non_asn_kategori": p.non_asn_kategori,
    })
}

/// The five output columns -> rows.
fn read_rows(df: &DataFrame) -> Result<Vec<SqlRow>> {
    let text = |name: &str| -> Result<Vec<String>> {
        let c =
            df.column(name).with_context(|| format!("the result has no column `{name}`"))?.cast(&DataType::String)?;
        Ok(c.str()?.iter().map(|v| v.unwrap_or("").to_string()).collect())
    };
    let (indicator, scope, dimension, category) =
        (text("indicator")?, text("scope")?, text("dimension")?, text("category")?);
    let raw = df.column("value").context("the result has no column `value`")?;
    // Strictly: a value that is not a whole number stops the run (as on
    // Spark) instead of becoming another number.
    if raw.dtype().is_float() {
        let floats = raw.cast(&DataType::Float64)?;
        if let Some(v) = floats.f64()?.iter().flatten().find(|v| !v.is_finite() || v.fract() != 0.0) {
            bail!("a `value` is {v}, not a whole number: a query must return counts or Rupiah (CAST AS BIGINT)");
        }
    }
    let values = raw.strict_cast(&DataType::Int64).map_err(|e| {
        anyhow::anyhow!("a `value` is not a whole number ({e}): a query must return counts or Rupiah (CAST AS BIGINT)")
    })?;
    let values = values.i64()?;
    Ok((0..df.height())
        .map(|i| SqlRow {
            indicator: indicator[i].clone(),
            scope: scope[i].clone(),
            dimension: dimension[i].clone(),
            category: category[i].clone(),
            value: values.get(i),
        })
        .collect())
}
