//! The tidy indicator table: one row per published figure, in the exact
//! shape of `spec/indicators.md` (indicator, period, scope, dimension,
//! category, value, unit, status), sorted by every column.
//!
//! Values are exact: counts and Rupiah are integers, percentages and other
//! fractional figures are fixed-point with four decimals (`Fixed4`, in
//! ten-thousandths), so that nothing depends on floating-point rounding.

use std::fmt;

use serde::Serialize;

use crate::period::Period;

mod words;
pub use words::{Dimension, Scope, Unit};

/// An exact figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// A count of people or claims, or whole Rupiah.
    Int(i64),
    /// A fixed-point number in ten-thousandths: `Fixed4(2_066_667)` is 206.6667.
    Fixed4(i64),
}

impl Value {
    /// The value as a float, for charts and display only.
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Int(v) => v as f64,
            Value::Fixed4(v) => v as f64 / 10_000.0,
        }
    }

    /// A value as `kpi.csv` writes it (`17484`, `-0.5000`).
    pub fn parse(text: &str) -> Option<Value> {
        if !text.contains('.') {
            return text.parse().ok().map(Value::Int);
        }
        let fixed = parse_fixed4(text.strip_prefix('-').unwrap_or(text))?;
        Some(Value::Fixed4(if text.starts_with('-') { -fixed } else { fixed }))
    }

    /// `a / b x 100`, rounded half up to four decimals, exactly; `None` when `b` is 0.
    pub fn percent(numerator: i64, denominator: i64) -> Option<Value> {
        Value::ratio(numerator.checked_mul(100)?, denominator)
    }

    /// `a / b`, rounded half up (away from zero) to four decimals, exactly; `None` when `b` is 0.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Value> {
        if denominator == 0 {
            return None;
        }
        i64::try_from(round_div(numerator as i128 * 10_000, denominator as i128)).ok().map(Value::Fixed4)
    }
}

/// `a / b` rounded half away from zero, exactly: the one rounding of every
/// figure and every printed number. `b` must not be 0.
pub fn round_div(a: i128, b: i128) -> i128 {
    let negative = (a < 0) != (b < 0);
    let (a, b) = (a.abs(), b.abs());
    let q = (2 * a + b) / (2 * b);
    if negative { -q } else { q }
}

impl fmt::Display for Value {
    /// The machine form used in `kpi.csv`: `17484`, `206.6667`, `-0.5000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Fixed4(v) => {
                let sign = if v < 0 { "-" } else { "" };
                let a = v.unsigned_abs();
                write!(f, "{sign}{}.{:04}", a / 10_000, a % 10_000)
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Int(v) => s.serialize_i64(v),
            // serde_json's arbitrary-precision is off: go through the exact string.
            Value::Fixed4(_) => {
                let text = self.to_string();
                let number: f64 = text.parse().map_err(serde::ser::Error::custom)?;
                s.serialize_f64(number)
            }
        }
    }
}

/// A non-negative decimal (`"40.1"`, `"60"`) as ten-thousandths, exactly.
pub fn parse_fixed4(text: &str) -> Option<i64> {
    let (int, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if int.is_empty() || frac.len() > 4 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: i64 = format!("{frac:0<4}").parse().ok()?;
    Some(int.parse::<i64>().ok()? * 10_000 + frac)
}

/// Why a row carries no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A normal figure (written as an empty status).
    #[serde(rename = "")]
    Ok,
    /// Disclosure control removed the value.
    Suppressed,
    /// The figure cannot be computed (missing month, zero denominator, ...).
    #[serde(rename = "n/a")]
    NotAvailable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "",
            Status::Suppressed => "suppressed",
            Status::NotAvailable => "n/a",
        }
    }
}

/// One figure of the tidy table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KpiRow {
    pub indicator: String,
    pub period: Period,
    pub scope: Scope,
    pub dimension: Dimension,
    pub category: String,
    pub value: Option<Value>,
    pub unit: Unit,
    pub status: Status,
    /// For a figure divided by (or taken from) a `penyebut` denominator:
    /// which one. Only in `kpi.json`; `kpi.csv` keeps its eight columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Denominator>,
}

/// The key of a figure: which indicator, for which period, of whom, broken
/// down by what, which category (`total` for the figure itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<'a> {
    pub indicator: &'a str,
    pub period: Period,
    pub scope: Scope,
    pub dimension: Dimension,
    pub category: &'a str,
}

impl<'a> Key<'a> {
    /// The figure itself (`dimension = total`, `category = total`).
    pub fn total(indicator: &'a str, period: Period, scope: Scope) -> Key<'a> {
        Key { indicator, period, scope, dimension: Dimension::Total, category: "total" }
    }

    /// One category of a breakdown.
    pub fn of(indicator: &'a str, period: Period, scope: Scope, dimension: Dimension, category: &'a str) -> Key<'a> {
        Key { indicator, period, scope, dimension, category }
    }
}

/// The `penyebut` denominator of a figure: its `jenis`, year and source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Denominator {
    pub jenis: String,
    pub tahun: i32,
    pub sumber: String,
}

impl KpiRow {
    /// A row; a missing value makes it `n/a`.
    pub fn new(key: Key, value: Option<Value>, unit: Unit) -> Self {
        KpiRow {
            indicator: key.indicator.to_string(),
            period: key.period,
            scope: key.scope,
            dimension: key.dimension,
            category: key.category.to_string(),
            status: if value.is_some() { Status::Ok } else { Status::NotAvailable },
            value,
            unit,
            denominator: None,
        }
    }

    /// A row read back from the eight columns of `kpi.csv` (indicator,
    /// period, scope, dimension, category, value, unit, status), as tests
    /// and tools read a published table.
    pub fn from_fields(f: &[&str]) -> anyhow::Result<KpiRow> {
        let [indicator, period, scope, dimension, category, value, unit, status] = f else {
            anyhow::bail!("a row of `kpi.csv` has 8 fields, not {}", f.len());
        };
        let word = |what: &str, text: &str| anyhow::anyhow!("`{text}` is not a {what} of the table");
        let scope = Scope::parse(scope).ok_or_else(|| word("scope", scope))?;
        let dimension = Dimension::parse(dimension).ok_or_else(|| word("dimension", dimension))?;
        let unit = Unit::parse(unit).ok_or_else(|| word("unit", unit))?;
        let period: Period = period.parse()?;
        let value = match *value {
            "" => None,
            text => Some(Value::parse(text).ok_or_else(|| word("value", text))?),
        };
        let mut row = KpiRow::new(Key { indicator, period, scope, dimension, category }, value, unit);
        row.status = match *status {
            "" => Status::Ok,
            "suppressed" => Status::Suppressed,
            "n/a" => Status::NotAvailable,
            other => return Err(word("status", other)),
        };
        Ok(row)
    }

    /// The columns of `kpi.csv`.
    pub const HEADER: [&'static str; 8] =
        ["indicator", "period", "scope", "dimension", "category", "value", "unit", "status"];

    /// The row as the eight fields of `kpi.csv`.
    pub fn fields(&self) -> [String; 8] {
        [
            self.indicator.clone(),
            self.period.to_string(),
            self.scope.to_string(),
            self.dimension.to_string(),
            self.category.clone(),
            self.value_text(),
            self.unit.to_string(),
            self.status.as_str().to_string(),
        ]
    }

    /// The `value` column as written in `kpi.csv` (empty when there is none).
    pub fn value_text(&self) -> String {
        self.value.map(|v| v.to_string()).unwrap_or_default()
    }
}

/// The whole table, always sorted by every column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct KpiTable {
    rows: Vec<KpiRow>,
}

impl KpiTable {
    pub fn new(mut rows: Vec<KpiRow>) -> Self {
        rows.sort_by_cached_key(sort_key);
        rows.dedup();
        KpiTable { rows }
    }

    pub fn rows(&self) -> &[KpiRow] {
        &self.rows
    }

    /// The rows, owned.
    pub fn into_rows(self) -> Vec<KpiRow> {
        self.rows
    }

    /// The row for one figure, if the table has it: a binary search, the
    /// rows being sorted by their key first.
    pub fn get(&self, key: &Key) -> Option<&KpiRow> {
        let period = key.period.to_string();
        let key = (key.indicator, period.as_str(), key.scope.as_str(), key.dimension.as_str(), key.category);
        let at = self.rows.partition_point(|r| key_of(r, &r.period.to_string()) < key);
        self.rows.get(at).filter(|r| key_of(r, &r.period.to_string()) == key)
    }

    /// The row of a figure named as `kpi.csv` writes it (indicator, period,
    /// scope, dimension, category), for tests and tools that read a
    /// published table; `None` also when a word is not one of the table's.
    pub fn find(&self, [indicator, period, scope, dimension, category]: [&str; 5]) -> Option<&KpiRow> {
        let period = period.parse().ok()?;
        let (scope, dimension) = (Scope::parse(scope)?, Dimension::parse(dimension)?);
        self.get(&Key { indicator, period, scope, dimension, category })
    }

    /// The value of one figure, `None` when absent, `n/a` or suppressed.
    pub fn value(&self, key: &Key) -> Option<Value> {
        self.get(key).and_then(|r| r.value)
    }

    /// All rows of one breakdown, in category order.
    pub fn breakdown<'a>(
        &'a self,
        indicator: &'a str,
        period: Period,
        scope: Scope,
        dimension: Dimension,
    ) -> impl Iterator<Item = &'a KpiRow> + 'a {
        let text = period.to_string();
        let prefix = (indicator, text.as_str(), scope.as_str(), dimension.as_str());
        let start = self.rows.partition_point(|r| breakdown_of(r, &r.period.to_string()) < prefix);
        self.rows[start..].iter().take_while(move |r| {
            (r.indicator.as_str(), r.period, r.scope, r.dimension) == (indicator, period, scope, dimension)
        })
    }

    /// A table read back from the text of a `kpi.csv` (a published release's).
    pub fn from_csv(text: &str) -> anyhow::Result<KpiTable> {
        let mut rows = Vec::new();
        for (i, record) in csv::Reader::from_reader(text.as_bytes()).records().enumerate() {
            let record = record?;
            let fields: Vec<&str> = record.iter().collect();
            rows.push(KpiRow::from_fields(&fields).map_err(|e| e.context(format!("line {}", i + 2)))?);
        }
        Ok(KpiTable::new(rows))
    }

    /// `kpi.csv`: the eight columns, a header, one line per row, `\n` line ends.
    pub fn to_csv(&self) -> String {
        let rows = self.rows.iter().map(KpiRow::fields);
        crate::csvcell::records(std::iter::once(KpiRow::HEADER.map(String::from)).chain(rows))
    }
}

/// The first four columns, `period` as written: the rows of one breakdown.
fn breakdown_of<'a>(r: &'a KpiRow, period: &'a str) -> (&'a str, &'a str, &'a str, &'a str) {
    (&r.indicator, period, r.scope.as_str(), r.dimension.as_str())
}

/// The key of a figure: the first five columns, by which rows sort first.
fn key_of<'a>(r: &'a KpiRow, period: &'a str) -> (&'a str, &'a str, &'a str, &'a str, &'a str) {
    (&r.indicator, period, r.scope.as_str(), r.dimension.as_str(), &r.category)
}

/// Sorting "by every column" as written in the CSV (the period as its text).
fn sort_key(r: &KpiRow) -> (String, String, &'static str, &'static str, String, String, &'static str, &'static str) {
    let (scope, dimension, unit) = (r.scope.as_str(), r.dimension.as_str(), r.unit.as_str());
    let text = (r.indicator.clone(), r.period.to_string(), r.category.clone());
    (text.0, text.1, scope, dimension, text.2, r.value_text(), unit, r.status.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn percent_rounds_half_up_exactly() {
        assert_eq!(Value::percent(62, 30), Some(Value::Fixed4(2_066_667)));
        assert_eq!(Value::percent(1, 8).unwrap().to_string(), "12.5000");
        // 1/3 of a percent point: 0.003333.. -> 0.0033
        assert_eq!(Value::percent(1, 30_000).unwrap().to_string(), "0.0033");
        // exactly half of the last digit rounds up: 0.00005 -> 0.0001
        assert_eq!(Value::percent(1, 2_000_000).unwrap().to_string(), "0.0001");
        assert_eq!(Value::percent(5, 0), None);
    }

    #[test]
    fn negative_fixed_values_print_with_sign() {
        assert_eq!(Value::Fixed4(-5_000).to_string(), "-0.5000");
        assert_eq!(Value::ratio(-1, 3).unwrap().to_string(), "-0.3333");
    }

    #[test]
    fn a_csv_row_reads_back_as_the_row_it_was() {
        let t = KpiTable::new(vec![
            KpiRow::new(
                Key::total("claim_ratio_pct", p("2025-Q4"), Scope::All),
                Some(Value::Fixed4(-2_066_667)),
                Unit::Persen,
            ),
            KpiRow::new(Key::total("members_active", p("2025-Q3"), Scope::Programme), None, Unit::Orang),
        ]);
        assert_eq!(KpiTable::from_csv(&t.to_csv()).unwrap(), t);
        assert!(KpiRow::from_fields(&["m", "2025-Q4", "Programme", "total", "total", "1", "orang", ""]).is_err());
    }

    #[test]
    fn table_is_sorted_and_csv_has_the_eight_columns() {
        let t = KpiTable::new(vec![
            KpiRow::new(
                Key::total("members_active", p("2025-Q4"), Scope::Programme),
                Some(Value::Int(17_484)),
                Unit::Orang,
            ),
            KpiRow::new(Key::total("claim_ratio_pct", p("2025-Q4"), Scope::All), None, Unit::Persen),
        ]);
        assert_eq!(
            t.to_csv(),
            "indicator,period,scope,dimension,category,value,unit,status\n\
             claim_ratio_pct,2025-Q4,all,total,total,,persen,n/a\n\
             members_active,2025-Q4,programme,total,total,17484,orang,\n"
        );
    }
}
