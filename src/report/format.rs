//! Display formatting in either language: takes exact figures (`Value`),
//! dates and period strings, gives the text people read (`17.484`,
//! `206,7%`, `Rp6,2 miliar`, `29 Desember 2025`, `Triwulan IV 2025` in
//! Indonesian; `17,484`, `206.7%`, `IDR 6.2 billion`, `29 December 2025`,
//! `Q4 2025` in English), and registers the same as tera filters
//! (`ribuan`, `persen`, `rupiah`, `tanggal`, `periode`) plus the message
//! function `t`. Rounding is half up (away from zero), at display time only.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use tera::Tera;

use super::i18n::{Lang, Messages};
use crate::indicators::Value;
use crate::table::{Unit, round_div};

pub use super::period::{label_of, month_name, month_short, parse as parse_period};

impl Lang {
    fn group_sep(self) -> char {
        if self == Lang::En { ',' } else { '.' }
    }

    fn decimal_sep(self) -> char {
        if self == Lang::En { '.' } else { ',' }
    }
}

/// Thousands grouped: `17484` -> `17.484` (id) or `17,484` (en).
pub fn ribuan(v: i64, lang: Lang) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(lang.group_sep());
        }
        out.push(c);
    }
    out
}

/// A number of tenths as `206,7` / `206.7` (grouped thousands, one decimal).
pub(crate) fn tenths(t: i128, lang: Lang) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.abs();
    let whole = i64::try_from(a / 10).unwrap_or(i64::MAX);
    format!("{sign}{}{}{}", ribuan(whole, lang), lang.decimal_sep(), a % 10)
}

/// Like [`tenths`], but `3,0` is written `3`.
fn tenths_trimmed(t: i128, lang: Lang) -> String {
    if t % 10 == 0 {
        let whole = i64::try_from(t / 10).unwrap_or(i64::MAX);
        ribuan(whole, lang)
    } else {
        tenths(t, lang)
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
pub fn angka(v: Value, lang: Lang) -> String {
    match v {
        Value::Int(i) => ribuan(i, lang),
        Value::Fixed4(_) => tenths(to_tenths(v), lang),
    }
}

/// A value to the last digit the table keeps: Rupiah in full, fractions
/// with their four decimals (`96,4693%`); for the revision table, where a
/// change can be smaller than the one decimal the other tables print.
pub fn full(v: Value, unit: Unit, lang: Lang) -> String {
    match v {
        Value::Int(_) => by_unit_exact(v, unit, lang),
        Value::Fixed4(f) => {
            let sign = if f < 0 { "-" } else { "" };
            let a = f.unsigned_abs();
            let whole = ribuan((a / 10_000).min(i64::MAX as u64) as i64, lang);
            let percent = if unit == Unit::Persen { "%" } else { "" };
            format!("{sign}{whole}{}{:04}{percent}", lang.decimal_sep(), a % 10_000)
        }
    }
}

/// `206.6667` -> `206,7%` / `206.7%`.
pub fn persen(v: Value, lang: Lang) -> String {
    format!("{}%", tenths(to_tenths(v), lang))
}

/// Whole Rupiah, exact: `6200000000` -> `Rp6.200.000.000` / `IDR 6,200,000,000`.
pub fn rupiah_tepat(v: i64, lang: Lang) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}{}", currency(lang), ribuan(v.unsigned_abs().min(i64::MAX as u64) as i64, lang))
}

fn currency(lang: Lang) -> &'static str {
    if lang == Lang::En { "IDR " } else { "Rp" }
}

/// Whole Rupiah, short: `Rp6,2 miliar`, `Rp656 juta`, `Rp16.800`, `Rp1,3 triliun`
/// (`IDR 6.2 billion`, `IDR 656 million`, `IDR 16,800`, `IDR 1.3 trillion`).
pub fn rupiah(v: i64, lang: Lang) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = (v as i128).abs();
    let words: [&str; 3] =
        if lang == Lang::En { ["trillion", "billion", "million"] } else { ["triliun", "miliar", "juta"] };
    let units: [i128; 3] = [1_000_000_000_000, 1_000_000_000, 1_000_000];
    for (unit, word) in units.into_iter().zip(words) {
        let t = round_div(a * 10, unit);
        if t >= 10 && a >= 1_000_000 {
            return format!("{sign}{}{} {word}", currency(lang), tenths_trimmed(t, lang));
        }
    }
    format!("{sign}{}{}", currency(lang), ribuan(a as i64, lang))
}

/// A value of a given unit, short form (`orang`, `klaim`, `rupiah`, `persen`, `hari`).
pub fn by_unit(v: Value, unit: Unit, lang: Lang) -> String {
    match (unit, v) {
        (Unit::Rupiah, Value::Int(i)) => rupiah(i, lang),
        (Unit::Persen, _) => persen(v, lang),
        _ => angka(v, lang),
    }
}

/// A value of a given unit, exact form for tables (Rupiah in full).
pub fn by_unit_exact(v: Value, unit: Unit, lang: Lang) -> String {
    match (unit, v) {
        (Unit::Rupiah, Value::Int(i)) => rupiah_tepat(i, lang),
        _ => by_unit(v, unit, lang),
    }
}

/// `2025-12-29` -> `29 Desember 2025` / `29 December 2025`.
pub fn tanggal(d: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

/// The direction and size of a change, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// `up`, `down`, `flat` or `none` (no comparison possible).
    pub direction: &'static str,
    /// `▲`, `▼`, `▶` or empty.
    pub arrow: &'static str,
    /// `naik 4,2 persen dari triwulan lalu`.
    pub text: String,
}

impl Change {
    fn new(t: i128, amount: String, against: &str, m: &Messages) -> Change {
        let args = [("amount", amount.as_str()), ("against", against)];
        match t.signum() {
            1 => Change { direction: "up", arrow: "▲", text: m.f("change_up", &args) },
            -1 => Change { direction: "down", arrow: "▼", text: m.f("change_down", &args) },
            _ => Change { direction: "flat", arrow: "▶", text: m.f("change_flat", &args) },
        }
    }

    /// No comparison: one of the two figures is missing.
    pub fn none(against: &str, m: &Messages) -> Change {
        Change { direction: "none", arrow: "", text: m.f("change_none", &[("against", against)]) }
    }

    /// Relative change of a count or amount: `naik 4,2 persen dari triwulan lalu`.
    pub fn relative(current: Value, previous: Value, against: &str, m: &Messages) -> Change {
        let (c, p) = (exact_ten_thousandths(current), exact_ten_thousandths(previous));
        if p == 0 {
            return match c.signum() {
                0 => Change::new(0, String::new(), against, m),
                s => {
                    let (direction, arrow, key) = if s > 0 {
                        ("up", "▲", "change_up_from_zero")
                    } else {
                        ("down", "▼", "change_down_from_zero")
                    };
                    Change { direction, arrow, text: m.f(key, &[("against", against)]) }
                }
            };
        }
        let t = round_div((c - p) * 1_000, p.abs());
        let amount = m.f("amount_percent", &[("n", &tenths(t.abs(), m.lang))]);
        Change::new(t, amount, against, m)
    }

    /// Change of a percentage in points: `naik 1,3 poin persen dari triwulan lalu`.
    pub fn points(current: Value, previous: Value, against: &str, m: &Messages) -> Change {
        let diff = exact_ten_thousandths(current) - exact_ten_thousandths(previous);
        let t = round_div(diff, 1_000);
        let amount = m.f("amount_points", &[("n", &tenths(t.abs(), m.lang))]);
        Change::new(t, amount, against, m)
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

type Args = HashMap<String, tera::Value>;

/// Registers `ribuan`, `persen`, `rupiah` (`tepat=true`), `tanggal` (ISO
/// date string) and `periode` (period string) in `m`'s language on
/// `tera`, and the function `t(key=..., name=value...)` that prints a
/// message with its placeholders filled.
pub fn register_filters(tera: &mut Tera, m: &Messages) {
    let lang = m.lang;
    tera.register_filter("ribuan", move |v: &tera::Value, _: &Args| {
        Ok(tera::Value::String(angka(filter_number("ribuan", v)?, lang)))
    });
    tera.register_filter("persen", move |v: &tera::Value, _: &Args| {
        Ok(tera::Value::String(persen(filter_number("persen", v)?, lang)))
    });
    tera.register_filter("rupiah", move |v: &tera::Value, args: &Args| {
        let s = match filter_number("rupiah", v)? {
            Value::Int(i) if flag(args, "tepat") => rupiah_tepat(i, lang),
            Value::Int(i) => rupiah(i, lang),
            other => angka(other, lang),
        };
        Ok(tera::Value::String(s))
    });
    tera.register_filter("tanggal", move |v: &tera::Value, _: &Args| {
        let text = v.as_str().unwrap_or_default();
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|e| tera::Error::msg(format!("filter `tanggal` expects `YYYY-MM-DD`, got `{text}`: {e}")))?;
        Ok(tera::Value::String(tanggal(date, lang)))
    });
    tera.register_filter("periode", move |v: &tera::Value, _: &Args| {
        let text = v.as_str().unwrap_or_default();
        Ok(tera::Value::String(label_of(text, lang)))
    });
    let messages = m.clone();
    tera.register_function("t", move |args: &Args| {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or_else(|| tera::Error::msg("t() needs key=..."))?;
        // Sorted: tera hands the arguments over in a HashMap.
        let mut fills: Vec<(String, String)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key")
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        fills.sort();
        let pairs: Vec<(&str, &str)> = fills.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Ok(tera::Value::String(messages.f(key, &pairs)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{En, Id};

    #[test]
    fn integers_group_thousands() {
        assert_eq!(ribuan(17_484, Id), "17.484");
        assert_eq!(ribuan(17_484, En), "17,484");
        assert_eq!(ribuan(-628, Id), "-628");
        assert_eq!(ribuan(0, Id), "0");
        assert_eq!(ribuan(1_000_000, Id), "1.000.000");
        assert_eq!(ribuan(-1_234_567, En), "-1,234,567");
    }

    #[test]
    fn full_values_keep_the_four_decimals_of_the_table() {
        assert_eq!(full(Value::Fixed4(964_693), Unit::Persen, Id), "96,4693%");
        assert_eq!(full(Value::Fixed4(-142), Unit::Persen, En), "-0.0142%");
        assert_eq!(full(Value::Fixed4(123_456_789), Unit::Hari, Id), "12.345,6789");
        assert_eq!(full(Value::Int(6_200_000_000), Unit::Rupiah, Id), "Rp6.200.000.000");
        assert_eq!(full(Value::Int(-30), Unit::Orang, Id), "-30");
    }

    #[test]
    fn percentages_show_one_decimal_rounded_half_up() {
        assert_eq!(persen(Value::Fixed4(2_066_667), Id), "206,7%");
        assert_eq!(persen(Value::Fixed4(2_066_667), En), "206.7%");
        assert_eq!(persen(Value::Fixed4(125_000), Id), "12,5%");
        assert_eq!(persen(Value::Fixed4(124_500), Id), "12,5%");
        assert_eq!(persen(Value::Fixed4(124_499), Id), "12,4%");
        assert_eq!(persen(Value::Fixed4(-5_000), Id), "-0,5%");
        assert_eq!(persen(Value::Fixed4(123_456_789), Id), "12.345,7%");
        assert_eq!(persen(Value::Fixed4(123_456_789), En), "12,345.7%");
    }

    #[test]
    fn rupiah_short_and_exact_forms() {
        assert_eq!(rupiah(6_200_000_000, Id), "Rp6,2 miliar");
        assert_eq!(rupiah(6_200_000_000, En), "IDR 6.2 billion");
        assert_eq!(rupiah(3_000_000_000, Id), "Rp3 miliar");
        assert_eq!(rupiah(656_000_000, Id), "Rp656 juta");
        assert_eq!(rupiah(656_000_000, En), "IDR 656 million");
        assert_eq!(rupiah(16_800, Id), "Rp16.800");
        assert_eq!(rupiah(16_800, En), "IDR 16,800");
        assert_eq!(rupiah(1_250_000_000_000, Id), "Rp1,3 triliun");
        assert_eq!(rupiah(1_250_000_000_000, En), "IDR 1.3 trillion");
        assert_eq!(rupiah(999_960_000, Id), "Rp1 miliar");
        assert_eq!(rupiah(999_999, Id), "Rp999.999");
        assert_eq!(rupiah(-656_000_000, Id), "-Rp656 juta");
        assert_eq!(rupiah_tepat(6_200_000_000, Id), "Rp6.200.000.000");
        assert_eq!(rupiah_tepat(6_200_000_000, En), "IDR 6,200,000,000");
        assert_eq!(rupiah_tepat(-5, Id), "-Rp5");
        assert_eq!(rupiah_tepat(0, Id), "Rp0");
    }

    #[test]
    fn dates_are_written_out() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 29).unwrap();
        assert_eq!(tanggal(d, Id), "29 Desember 2025");
        assert_eq!(tanggal(d, En), "29 December 2025");
    }

    #[test]
    fn change_sentences() {
        let m = Messages::shipped(Id);
        let q = "triwulan lalu";
        let up = Change::relative(Value::Int(17_484), Value::Int(16_779), q, &m);
        assert_eq!(up.text, "naik 4,2 persen dari triwulan lalu");
        assert_eq!(up.arrow, "▲");
        let down = Change::relative(Value::Int(9_920), Value::Int(10_000), q, &m);
        assert_eq!(down.text, "turun 0,8 persen dari triwulan lalu");
        assert_eq!(Change::relative(Value::Int(5), Value::Int(5), q, &m).text, "tetap dari triwulan lalu");
        assert_eq!(Change::relative(Value::Int(5), Value::Int(0), q, &m).text, "naik dari 0 pada triwulan lalu");
        let pp = Change::points(Value::Fixed4(2_066_667), Value::Fixed4(2_053_667), q, &m);
        assert_eq!(pp.text, "naik 1,3 poin persen dari triwulan lalu");
        assert_eq!(Change::none(q, &m).direction, "none");
        let en = Messages::shipped(En);
        let up = Change::relative(Value::Int(17_484), Value::Int(16_779), "last quarter", &en);
        assert_eq!(up.text, "up 4.2 per cent from last quarter");
        let pp = Change::points(Value::Fixed4(2_053_667), Value::Fixed4(2_066_667), "last quarter", &en);
        assert_eq!(pp.text, "down 1.3 percentage points from last quarter");
    }

    #[test]
    fn filters_format_numbers_dates_and_periods() {
        let render = |lang| {
            let mut tera = Tera::default();
            register_filters(&mut tera, &Messages::shipped(lang));
            let mut ctx = tera::Context::new();
            ctx.insert("n", &17_484);
            ctx.insert("p", &206.6667);
            ctx.insert("r", &6_200_000_000_i64);
            ctx.insert("d", "2025-12-29");
            ctx.insert("q", "2025-Q4");
            let tpl = "{{ n | ribuan }}|{{ p | persen }}|{{ r | rupiah }}|\
                       {{ r | rupiah(tepat=true) }}|{{ d | tanggal }}|{{ q | periode }}|{{ t(key=\"change_flat\", against=\"x\") }}";
            tera.render_str(tpl, &ctx).unwrap()
        };
        assert_eq!(
            render(Id),
            "17.484|206,7%|Rp6,2 miliar|Rp6.200.000.000|29 Desember 2025|Triwulan IV 2025|tetap dari x"
        );
        assert_eq!(
            render(En),
            "17,484|206.7%|IDR 6.2 billion|IDR 6,200,000,000|29 December 2025|Q4 2025|unchanged from x"
        );
    }
}
