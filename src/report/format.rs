//! Indonesian display formatting: takes exact figures (`Value`), dates and
//! period strings, gives the text people read (`17.484`, `206,7%`,
//! `Rp6,2 miliar`, `29 Desember 2025`, `Triwulan IV 2025`), and registers
//! the same as tera filters (`ribuan`, `persen`, `rupiah`, `tanggal`,
//! `periode`). Rounding is half up (away from zero), at display time only.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use tera::Tera;

use crate::indicators::Value;

pub use super::period::{label_of, month_name, month_short, parse as parse_period, previous_words, report_kind};

/// `a / b` rounded half away from zero; `b` must not be 0.
pub(crate) fn round_div(a: i128, b: i128) -> i128 {
    let negative = (a < 0) != (b < 0);
    let (a, b) = (a.abs(), b.abs());
    let q = (2 * a + b) / (2 * b);
    if negative { -q } else { q }
}

/// Thousands separated by `.`: `17484` -> `17.484`, `-628` -> `-628`.
pub fn ribuan(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number of tenths as `206,7` (grouped thousands, one decimal).
fn tenths(t: i128) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.abs();
    let whole = i64::try_from(a / 10).unwrap_or(i64::MAX);
    format!("{sign}{},{}", ribuan(whole), a % 10)
}

/// Like [`tenths`], but `3,0` is written `3`.
fn tenths_trimmed(t: i128) -> String {
    if t % 10 == 0 {
        let whole = i64::try_from(t / 10).unwrap_or(i64::MAX);
        ribuan(whole)
    } else {
        tenths(t)
    }
}

/// A value in tenths, rounded half up.
fn to_tenths(v: Value) -> i128 {
    match v {
        Value::Int(i) => i as i128 * 10,
        Value::Fixed4(f) => round_div(f as i128, 1_000),
    }
}

/// A figure as a plain number: integers grouped, fractions with one decimal.
pub fn angka(v: Value) -> String {
    match v {
        Value::Int(i) => ribuan(i),
        Value::Fixed4(_) => tenths(to_tenths(v)),
    }
}

/// `206.6667` -> `206,7%`.
pub fn persen(v: Value) -> String {
    format!("{}%", tenths(to_tenths(v)))
}

/// `206.6667` -> `206,7 persen`.
pub fn persen_kata(v: Value) -> String {
    format!("{} persen", tenths(to_tenths(v)))
}

/// Whole Rupiah, exact: `6200000000` -> `Rp6.200.000.000`.
pub fn rupiah_tepat(v: i64) -> String {
    if v < 0 { format!("-Rp{}", ribuan(-v)) } else { format!("Rp{}", ribuan(v)) }
}

/// Whole Rupiah, short: `Rp6,2 miliar`, `Rp656 juta`, `Rp16.800`, `Rp1,3 triliun`.
pub fn rupiah(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = (v as i128).abs();
    const UNITS: [(i128, &str); 3] = [(1_000_000_000_000, "triliun"), (1_000_000_000, "miliar"), (1_000_000, "juta")];
    for (unit, word) in UNITS {
        let t = round_div(a * 10, unit);
        if t >= 10 && a >= 1_000_000 {
            return format!("{sign}Rp{} {word}", tenths_trimmed(t));
        }
    }
    format!("{sign}Rp{}", ribuan(a as i64))
}

/// A value of a given unit, short form (`orang`, `klaim`, `rupiah`, `persen`, `hari`).
pub fn by_unit(v: Value, unit: &str) -> String {
    match (unit, v) {
        ("rupiah", Value::Int(i)) => rupiah(i),
        ("persen", _) => persen(v),
        _ => angka(v),
    }
}

/// A value of a given unit, exact form for tables (Rupiah in full).
pub fn by_unit_exact(v: Value, unit: &str) -> String {
    match (unit, v) {
        ("rupiah", Value::Int(i)) => rupiah_tepat(i),
        _ => by_unit(v, unit),
    }
}

/// `2025-12-29` -> `29 Desember 2025`.
pub fn tanggal(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// The direction and size of a change, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// `up`, `down`, `flat` or `none` (no comparison possible).
    pub direction: &'static str,
    /// `▲`, `▼`, `▶` or empty.
    pub arrow: &'static str,
    /// `naik 4,2% dari triwulan lalu`.
    pub text: String,
}

impl Change {
    fn new(t: i128, amount: String, against: &str) -> Change {
        match t.signum() {
            1 => Change { direction: "up", arrow: "▲", text: format!("naik {amount} dari {against}") },
            -1 => Change { direction: "down", arrow: "▼", text: format!("turun {amount} dari {against}") },
            _ => Change { direction: "flat", arrow: "▶", text: format!("tetap dari {against}") },
        }
    }

    /// No comparison: one of the two figures is missing.
    pub fn none(against: &str) -> Change {
        Change { direction: "none", arrow: "", text: format!("perbandingan dengan {against} tidak tersedia") }
    }

    /// Relative change of a count or amount: `naik 4,2% dari triwulan lalu`.
    pub fn relative(current: Value, previous: Value, against: &str) -> Change {
        let (c, p) = (exact_ten_thousandths(current), exact_ten_thousandths(previous));
        if p == 0 {
            return match c.signum() {
                0 => Change::new(0, String::new(), against),
                s => {
                    let word = if s > 0 { "naik" } else { "turun" };
                    let (direction, arrow) = if s > 0 { ("up", "▲") } else { ("down", "▼") };
                    Change { direction, arrow, text: format!("{word} dari 0 pada {against}") }
                }
            };
        }
        let t = round_div((c - p) * 1_000, p.abs());
        Change::new(t, format!("{}%", tenths(t.abs())), against)
    }

    /// Change of a percentage in points: `naik 1,3 poin persen dari triwulan lalu`.
    pub fn points(current: Value, previous: Value, against: &str) -> Change {
        let diff = exact_ten_thousandths(current) - exact_ten_thousandths(previous);
        let t = round_div(diff, 1_000);
        Change::new(t, format!("{} poin persen", tenths(t.abs())), against)
    }
}

fn exact_ten_thousandths(v: Value) -> i128 {
    match v {
        Value::Int(i) => i as i128 * 10_000,
        Value::Fixed4(f) => f as i128,
    }
}

fn filter_number(name: &str, v: &tera::Value) -> tera::Result<Value> {
    if let Some(i) = v.as_i64() {
        return Ok(Value::Int(i));
    }
    if let Some(u) = v.as_u64() {
        return Ok(Value::Int(i64::try_from(u).unwrap_or(i64::MAX)));
    }
    if let Some(f) = v.as_f64() {
        return Ok(Value::Fixed4((f * 10_000.0).round() as i64));
    }
    Err(tera::Error::msg(format!("filter `{name}` expects a number, got `{v}`")))
}

fn flag(args: &HashMap<String, tera::Value>, key: &str) -> bool {
    args.get(key).and_then(tera::Value::as_bool).unwrap_or(false)
}

/// Registers `ribuan`, `persen` (`kata=true`), `rupiah` (`tepat=true`),
/// `tanggal` (ISO date string) and `periode` (period string) on `tera`.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("ribuan", |v: &tera::Value, _: &HashMap<String, tera::Value>| {
        Ok(tera::Value::String(angka(filter_number("ribuan", v)?)))
    });
    tera.register_filter("persen", |v: &tera::Value, args: &HashMap<String, tera::Value>| {
        let n = filter_number("persen", v)?;
        let s = if flag(args, "kata") { persen_kata(n) } else { persen(n) };
        Ok(tera::Value::String(s))
    });
    tera.register_filter("rupiah", |v: &tera::Value, args: &HashMap<String, tera::Value>| {
        let s = match filter_number("rupiah", v)? {
            Value::Int(i) if flag(args, "tepat") => rupiah_tepat(i),
            Value::Int(i) => rupiah(i),
            other => angka(other),
        };
        Ok(tera::Value::String(s))
    });
    tera.register_filter("tanggal", |v: &tera::Value, _: &HashMap<String, tera::Value>| {
        let text = v.as_str().unwrap_or_default();
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|e| tera::Error::msg(format!("filter `tanggal` expects `YYYY-MM-DD`, got `{text}`: {e}")))?;
        Ok(tera::Value::String(tanggal(date)))
    });
    tera.register_filter("periode", |v: &tera::Value, _: &HashMap<String, tera::Value>| {
        let text = v.as_str().unwrap_or_default();
        Ok(tera::Value::String(label_of(text)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_group_thousands_with_dots() {
        assert_eq!(ribuan(17_484), "17.484");
        assert_eq!(ribuan(-628), "-628");
        assert_eq!(ribuan(0), "0");
        assert_eq!(ribuan(1_000_000), "1.000.000");
        assert_eq!(ribuan(-1_234_567), "-1.234.567");
    }

    #[test]
    fn percentages_show_one_decimal_rounded_half_up() {
        assert_eq!(persen(Value::Fixed4(2_066_667)), "206,7%");
        assert_eq!(persen_kata(Value::Fixed4(2_066_667)), "206,7 persen");
        assert_eq!(persen(Value::Fixed4(125_000)), "12,5%");
        assert_eq!(persen(Value::Fixed4(124_500)), "12,5%");
        assert_eq!(persen(Value::Fixed4(124_499)), "12,4%");
        assert_eq!(persen(Value::Fixed4(-5_000)), "-0,5%");
        assert_eq!(persen(Value::Fixed4(123_456_789)), "12.345,7%");
    }

    #[test]
    fn rupiah_short_and_exact_forms() {
        assert_eq!(rupiah(6_200_000_000), "Rp6,2 miliar");
        assert_eq!(rupiah(3_000_000_000), "Rp3 miliar");
        assert_eq!(rupiah(656_000_000), "Rp656 juta");
        assert_eq!(rupiah(16_800), "Rp16.800");
        assert_eq!(rupiah(1_250_000_000_000), "Rp1,3 triliun");
        assert_eq!(rupiah(999_960_000), "Rp1 miliar");
        assert_eq!(rupiah(999_999), "Rp999.999");
        assert_eq!(rupiah(-656_000_000), "-Rp656 juta");
        assert_eq!(rupiah_tepat(6_200_000_000), "Rp6.200.000.000");
        assert_eq!(rupiah_tepat(0), "Rp0");
    }

    #[test]
    fn dates_are_written_out() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 29).unwrap();
        assert_eq!(tanggal(d), "29 Desember 2025");
    }

    #[test]
    fn change_sentences() {
        let q = "triwulan lalu";
        let up = Change::relative(Value::Int(17_484), Value::Int(16_779), q);
        assert_eq!(up.text, "naik 4,2% dari triwulan lalu");
        assert_eq!(up.arrow, "▲");
        let down = Change::relative(Value::Int(9_920), Value::Int(10_000), q);
        assert_eq!(down.text, "turun 0,8% dari triwulan lalu");
        assert_eq!(Change::relative(Value::Int(5), Value::Int(5), q).text, "tetap dari triwulan lalu");
        assert_eq!(Change::relative(Value::Int(5), Value::Int(0), q).text, "naik dari 0 pada triwulan lalu");
        let pp = Change::points(Value::Fixed4(2_066_667), Value::Fixed4(2_053_667), q);
        assert_eq!(pp.text, "naik 1,3 poin persen dari triwulan lalu");
        assert_eq!(Change::none(q).direction, "none");
    }

    #[test]
    fn filters_format_numbers_dates_and_periods() {
        let mut tera = Tera::default();
        register_filters(&mut tera);
        let mut ctx = tera::Context::new();
        ctx.insert("n", &17_484);
        ctx.insert("p", &206.6667);
        ctx.insert("r", &6_200_000_000_i64);
        ctx.insert("d", "2025-12-29");
        ctx.insert("q", "2025-Q4");
        let tpl = "{{ n | ribuan }}|{{ p | persen }}|{{ p | persen(kata=true) }}|{{ r | rupiah }}|\
                   {{ r | rupiah(tepat=true) }}|{{ d | tanggal }}|{{ q | periode }}";
        let out = tera.render_str(tpl, &ctx).unwrap();
        assert_eq!(out, "17.484|206,7%|206,7 persen|Rp6,2 miliar|Rp6.200.000.000|29 Desember 2025|Triwulan IV 2025");
    }
}
