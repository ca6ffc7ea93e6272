//! Periods: a month `2025-11`, a quarter `2025-Q4`, a half `2025-H2`, a year
//! `2025`, or a range of months `2025-01..2025-11`.
//!
//! Every period is a contiguous run of months. It knows its months, its
//! last month (where stock indicators are read), the previous period of the
//! same length and the same period one year earlier.

use std::fmt;
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Result<Month> {
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            bail!("`{year}-{month:02}` is not a month");
        }
        Ok(Month { year, month })
    }

    /// Months since year 0, for arithmetic.
    fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    fn from_index(i: i64) -> Month {
        Month { year: i.div_euclid(12) as i32, month: (i.rem_euclid(12) + 1) as u32 }
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_index(self.index() + n)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a Month is always a valid date")
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().expect("a Month is always a valid date")
    }

    pub fn of_date(d: NaiveDate) -> Month {
        use chrono::Datelike;
        Month { year: d.year(), month: d.month() }
    }

    /// Inclusive run of months `self..=last`.
    pub fn through(self, last: Month) -> Vec<Month> {
        (self.index()..=last.index()).map(Month::from_index).collect()
    }

    /// Reads `YYYY-MM` or `YYYYMM`.
    pub fn parse_loose(s: &str) -> Option<Month> {
        let b = s.trim().as_bytes();
        // Bytes, not `str` slices: a cut inside a multi-byte character
        // (`20€5`) must read as "not a month", never panic.
        let (y, m) = match b.len() {
            7 if b[4] == b'-' => (&b[..4], &b[5..]),
            6 => (&b[..4], &b[4..]),
            _ => return None,
        };
        if !y.iter().chain(m).all(u8::is_ascii_digit) {
            return None;
        }
        let number = |d: &[u8]| d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
        Month::new(number(y) as i32, number(m)).ok()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Month> {
        match Month::parse_loose(s) {
            Some(m) if s.trim().len() == 7 => Ok(m),
            _ => bail!("`{s}` is not a month: write it as YYYY-MM, for example 2025-11"),
        }
    }
}

/// Days since 1970-01-01, as Arrow and Parquet store a `Date`.
pub fn epoch_days(d: NaiveDate) -> i32 {
    (d - NaiveDate::default()).num_days() as i32
}

/// The date `days` after 1970-01-01; `None` outside chrono's range.
pub fn from_epoch_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::days(days.into()))
}

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(Month),
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year(i32),
    Range { first: Month, last: Month },
}

impl Period {
    /// The period, the one before it and the same one a year earlier, each
    /// once (a year's previous period is its year-ago period): what `jamstat
    /// indicators` computes and what a report compares.
    pub fn with_comparisons(&self) -> Vec<Period> {
        let mut out = Vec::new();
        for p in [*self, self.previous(), self.year_ago()] {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    pub fn first_month(&self) -> Month {
        match *self {
            Period::Month(m) => m,
            Period::Quarter { year, quarter } => Month { year, month: quarter * 3 - 2 },
            Period::Half { year, half } => Month { year, month: half * 6 - 5 },
            Period::Year(year) => Month { year, month: 1 },
            Period::Range { first, .. } => first,
        }
    }

    pub fn last_month(&self) -> Month {
        match *self {
            Period::Month(m) => m,
            Period::Quarter { year, quarter } => Month { year, month: quarter * 3 },
            Period::Half { year, half } => Month { year, month: half * 6 },
            Period::Year(year) => Month { year, month: 12 },
            Period::Range { last, .. } => last,
        }
    }

    /// The months of the period, oldest first.
    pub fn months(&self) -> Vec<Month> {
        self.first_month().through(self.last_month())
    }

    pub fn len_months(&self) -> i64 {
        self.last_month().index() - self.first_month().index() + 1
    }

    /// The year a period belongs to: the year of its last month.
    pub fn year(&self) -> i32 {
        self.last_month().year
    }

    /// The same kind of period shifted by `n` months, keeping its shape.
    fn shifted(&self, n: i64) -> Period {
        match *self {
            Period::Month(m) => Period::Month(m.plus(n)),
            Period::Range { first, last } => Period::Range { first: first.plus(n), last: last.plus(n) },
            Period::Quarter { .. } | Period::Half { .. } | Period::Year(_) => {
                let first = self.first_month().plus(n);
                match self {
                    Period::Quarter { .. } => Period::Quarter { year: first.year, quarter: first.month.div_ceil(3) },
                    Period::Half { .. } => Period::Half { year: first.year, half: first.month.div_ceil(6) },
                    _ => Period::Year(first.year),
                }
            }
        }
    }

    /// The period of the same number of months just before this one.
    pub fn previous(&self) -> Period {
        self.shifted(-self.len_months())
    }

    /// The same period one year earlier.
    pub fn year_ago(&self) -> Period {
        self.shifted(-12)
    }

    /// The latest full quarter that ends at or before `month`.
    pub fn latest_full_quarter(month: Month) -> Period {
        let end = month.plus(-i64::from(month.month % 3));
        Period::Quarter { year: end.year, quarter: end.month / 3 }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Range { first, last } => write!(f, "{first}..{last}"),
        }
    }
}

/// A period is written as its text (`2025-Q4`) in every output.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Period {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Period> {
        if let Some((a, b)) = s.trim().split_once("..")
            && let (Ok(first), Ok(last)) = (a.parse::<Month>(), b.parse::<Month>())
            && last < first
        {
            bail!("`{s}` ends before it starts: write the earlier month first, `{last}..{first}`");
        }
        parse_period(s.trim()).with_context(|| {
            format!("`{s}` is not a period: write a month `2025-11`, a quarter `2025-Q4`, a half `2025-H2`, a year `2025` or a range `2025-01..2025-11`")
        })
    }
}

fn parse_period(s: &str) -> Result<Period> {
    if let Some((a, b)) = s.split_once("..") {
        let (first, last): (Month, Month) = (a.parse()?, b.parse()?);
        if last < first {
            bail!("the range ends before it starts");
        }
        return Ok(Period::Range { first, last });
    }
    let year = |y: &str| -> Result<i32> {
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            bail!("bad year `{y}`");
        }
        Ok(y.parse()?)
    };
    if s.len() == 4 {
        return Ok(Period::Year(year(s)?));
    }
    if let Some((y, rest)) = s.split_once('-') {
        let upper = rest.to_ascii_uppercase();
        if let Some(q) = upper.strip_prefix('Q') {
            let quarter: u32 = q.parse()?;
            if (1..=4).contains(&quarter) {
                return Ok(Period::Quarter { year: year(y)?, quarter });
            }
        } else if let Some(h) = upper.strip_prefix('H') {
            let half: u32 = h.parse()?;
            if (1..=2).contains(&half) {
                return Ok(Period::Half { year: year(y)?, half });
            }
        } else {
            return Ok(Period::Month(s.parse()?));
        }
    }
    bail!("unrecognised period")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn epoch_days_are_those_of_arrow() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(epoch_days(d(1970, 1, 1)), 0);
        assert_eq!(epoch_days(d(2025, 12, 31)), 20_453);
        assert_eq!(epoch_days(d(1969, 12, 31)), -1);
        assert_eq!(from_epoch_days(20_453), Some(d(2025, 12, 31)));
    }

    #[test]
    fn parses_and_prints_every_kind() {
        for s in ["2025-11", "2025-Q4", "2025-H2", "2025", "2025-01..2025-11"] {
            assert_eq!(p(s).to_string(), s);
        }
        assert_eq!(p("2025-q4"), p("2025-Q4"));
        for bad in ["2025-13", "2025-Q5", "2025-H3", "25", "2025-11..2025-01", "x", ""] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn previous_is_the_same_length_just_before() {
        assert_eq!(p("2025-Q1").previous().to_string(), "2024-Q4");
        assert_eq!(p("2025-01").previous().to_string(), "2024-12");
        assert_eq!(p("2025-H1").previous().to_string(), "2024-H2");
        assert_eq!(p("2025").previous().to_string(), "2024");
        assert_eq!(p("2025-01..2025-11").previous().to_string(), "2024-02..2024-12");
    }

    #[test]
    fn year_ago_keeps_the_shape() {
        assert_eq!(p("2025-Q4").year_ago().to_string(), "2024-Q4");
        assert_eq!(p("2025-01..2025-11").year_ago().to_string(), "2024-01..2024-11");
        assert_eq!(p("2025-H2").year_ago().to_string(), "2024-H2");
    }

    #[test]
    fn months_and_days() {
        let q = p("2024-Q1");
        assert_eq!(q.months().len(), 3);
        assert_eq!(q.last_month().last_day().to_string(), "2024-03-31");
        assert_eq!(Month::new(2024, 2).unwrap().last_day().to_string(), "2024-02-29");
        assert_eq!(Month::parse_loose("202511"), Month::new(2025, 11).ok());
    }

    #[test]
    fn latest_full_quarter_of_a_month() {
        let m = |y, mo| Month::new(y, mo).unwrap();
        assert_eq!(Period::latest_full_quarter(m(2025, 12)).to_string(), "2025-Q4");
        assert_eq!(Period::latest_full_quarter(m(2025, 11)).to_string(), "2025-Q3");
        assert_eq!(Period::latest_full_quarter(m(2025, 2)).to_string(), "2024-Q4");
    }
}
