//! Cells of the CSV files jamstat writes (quarantine, the indicator table,
//! the disclosure audit), made safe to open in a spreadsheet. As OWASP
//! recommends against CSV injection, a cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel and
//! LibreOffice show it as text instead of running it as a formula. A plain
//! number (`-5`, `+12.5`, `-1.234,5`) is left as it is: it is no formula,
//! and the open data must keep its negative changes as numbers.

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

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
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
        for plain in ["-5", "+12.5", "-1.234,5", "16800", "Rp 15.685.000", "Kartoharjo", "", "-"] {
            let expected = if plain == "-" { "'-" } else { plain };
            assert_eq!(neutral(plain), expected, "{plain}");
        }
        assert_eq!(field("=1,2"), "\"'=1,2\"");
        assert_eq!(field("a\"b"), "\"a\"\"b\"");
    }
}
