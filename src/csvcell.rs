//! Every CSV jamstat writes (the quarantine, the indicator table, the
//! disclosure audit, the charts' data), through the `csv` crate and made
//! safe to open in a spreadsheet. As OWASP recommends against CSV
//! injection, a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so Excel and LibreOffice show it as
//! text instead of running it as a formula. A plain number (`-5`, `+12.5`,
//! `-1.234,5`, `-1,3%`) is left as it is: it is no formula, and the open
//! data must keep its negative changes as numbers.

use std::borrow::Cow;

/// `cell`, neutralised when a spreadsheet would read it as a formula.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// One CSV field: neutralised, then quoted when it holds a delimiter, a
/// quote or a line break.
pub fn field(cell: &str) -> String {
    let cell = neutral(cell);
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.into_owned() }
}

/// A whole CSV (`,`, `\n` line ends, quoted where needed), every cell
/// neutralised.
pub fn records<R, C>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| neutral(c.as_ref()).into_owned()).collect();
        w.write_record(&cells).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let digits = digits.strip_suffix('%').unwrap_or(digits);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(neutral("@SUM(1+1)*cmd|' /C calc'!A0"), "'@SUM(1+1)*cmd|' /C calc'!A0");
        assert_eq!(neutral("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutral("+1+cmd"), "'+1+cmd");
        assert_eq!(neutral("-2+3"), "'-2+3");
        assert_eq!(neutral("\tx"), "'\tx");
        assert_eq!(neutral("\r=1"), "'\r=1");
        for plain in ["-5", "+12.5", "-1.234,5", "-1,3%", "16800", "Rp 15.685.000", "Kartoharjo", "", "-"] {
            let expected = if plain == "-" { "'-" } else { plain };
            assert_eq!(neutral(plain), expected, "{plain}");
        }
        assert_eq!(field("=1,2"), "\"'=1,2\"");
        assert_eq!(field("a\"b"), "\"a\"\"b\"");
        let rows = [vec!["a", "b,c"], vec!["=1", "-2"], vec!["", "x\"y"]];
        assert_eq!(records(rows), "a,\"b,c\"\n'=1,-2\n,\"x\"\"y\"\n");
    }
}
