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

pub mod catalogue;
pub mod coverage;
pub mod derived;
pub mod sql;
pub mod table;
pub mod targets;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, DataType, Expr, IntoLazy, LazyFrame, NamedFrom, Series, col, lit};
use polars::sql::SQLContext;

use crate::config::Config;
use crate::ingest::contract::Dataset;
use crate::lake::Lake;
use crate::period::Period;
use crate::reference::Penyebut;
pub use table::{KpiRow, KpiTable, Status, Value};

const SCOPES: [&str; 2] = ["all", "programme"];

/// What the indicators are computed from.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub lake: &'a Lake,
    pub penyebut: &'a [Penyebut],
    pub queries: &'a [sql::QueryFile],
}

impl Sources<'_> {
    /// The table for `periods`, each computed on its own.
    pub fn compute(&self, periods: &[Period]) -> Result<KpiTable> {
        let mut rows = Vec::new();
        for period in periods {
            rows.extend(self.period(period).with_context(|| format!("failed to compute the indicators for {period}"))?);
        }
        Ok(KpiTable::new(rows))
    }

    fn period(&self, period: &Period) -> Result<Vec<KpiRow>> {
        let label = period.to_string();
        let tables = self.tables(period)?;
        let mut rows = Vec::new();
        for file in self.queries {
            for statement in &file.statements {
                rows.extend(self.statement(statement, &tables, &label)?);
            }
        }
        let derived =
            derived::derive(&derived::Rows { rows: &rows, period: &label }, period.year(), self.config, self.penyebut);
        rows.retain(|r| !r.indicator.starts_with('_'));
        rows.extend(derived);
        rows.extend(targets::derive(&rows, period, self.config));
        Ok(rows)
    }

    /// The tables available for `period`, by name.
    fn tables(&self, period: &Period) -> Result<BTreeMap<&'static str, LazyFrame>> {
        let (first, last) = (period.first_month(), period.last_month());
        let scoped = |lf: Option<LazyFrame>| lf.map(|lf| lf.with_columns(self.flags()));
        let paid_after = (col("tgl_bayar").cast(DataType::Int32) - col("tgl_kejadian").cast(DataType::Int32))
            .cast(DataType::Int64)
            .alias("hari_bayar");
        let mut t = BTreeMap::new();
        let candidates = [
            ("members_end", scoped(self.lake.scan(Dataset::Peserta, &[last])?)),
            ("members_before", scoped(self.lake.scan(Dataset::Peserta, &[first.plus(-1)])?)),
            ("members_period", scoped(self.lake.scan(Dataset::Peserta, &period.months())?)),
            (
                "claims_period",
                scoped(self.lake.scan(Dataset::Klaim, &period.months())?).map(|lf| lf.with_column(paid_after)),
            ),
        ];
        for (name, lf) in candidates {
            if let Some(lf) = lf {
                t.insert(name, lf);
            }
        }
        let (start, end) = (first.first_day(), last.last_day());
        use chrono::Datelike;
        let date = |name: &str, d: chrono::NaiveDate| -> Result<Series> {
            Ok(Series::new(name.into(), [d.num_days_from_ce() - 719_163]).cast(&DataType::Date)?)
        };
        let params = DataFrame::new(
            1,
            vec![
                date("period_start", start)?.into(),
                date("period_end", end)?.into(),
                Series::new("end_year".into(), [end.year()]).into(),
                Series::new("end_month".into(), [end.month() as i32]).into(),
                Series::new("end_day".into(), [end.day() as i32]).into(),
            ],
        )?;
        t.insert("params", params.lazy());
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

    fn statement(
        &self,
        s: &sql::Statement,
        tables: &BTreeMap<&'static str, LazyFrame>,
        period: &str,
    ) -> Result<Vec<KpiRow>> {
        let unit = |id: &str| catalogue::unit(id);
        if s.needs.iter().any(|n| !tables.contains_key(n.as_str())) {
            let mut rows = Vec::new();
            for id in s.indicators.iter().filter(|i| !i.starts_with('_')) {
                for scope in SCOPES {
                    rows.push(KpiRow::total(id, period, scope, None, unit(id)));
                }
            }
            return Ok(rows);
        }
        let mut ctx = SQLContext::new();
        for (name, lf) in tables {
            ctx.register(name, lf.clone());
        }
        let what = || format!("query `queries/{}.sql`, statement {} ({})", s.family, s.number, s.indicators.join(", "));
        let df = ctx.execute(&s.sql).and_then(LazyFrame::collect).with_context(what)?;
        let mut rows = read_rows(&df, period).with_context(what)?;
        for id in &s.indicators {
            for scope in SCOPES {
                let has_total = rows.iter().any(|r| &r.indicator == id && r.scope == scope && r.dimension == "total");
                let is_internal = id.starts_with('_');
                if !has_total && !is_internal {
                    rows.push(KpiRow::total(id, period, scope, Some(Value::Int(0)), unit(id)));
                }
            }
        }
        Ok(rows)
    }
}

/// The five output columns -> rows; a null value (a SUM over nothing) is 0.
fn read_rows(df: &DataFrame, period: &str) -> Result<Vec<KpiRow>> {
    let text = |name: &str| -> Result<Vec<String>> {
        let c =
            df.column(name).with_context(|| format!("the result has no column `{name}`"))?.cast(&DataType::String)?;
        Ok(c.str()?.iter().map(|v| v.unwrap_or("").to_string()).collect())
    };
    let (indicator, scope, dimension, category) =
        (text("indicator")?, text("scope")?, text("dimension")?, text("category")?);
    let values = df.column("value").context("the result has no column `value`")?.cast(&DataType::Int64)?;
    let values = values.i64()?;
    Ok((0..df.height())
        .map(|i| {
            let id = &indicator[i];
            let value = Value::Int(values.get(i).unwrap_or(0));
            KpiRow::new(id, period, &scope[i], &dimension[i], &category[i], Some(value), catalogue::unit(id))
        })
        .collect())
}
