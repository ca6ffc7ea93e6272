//! Every number the report shows is a row of its own `kpi.csv`: the
//! numbers are parsed back out of the HTML (tables, cards, summary
//! sentences, chart descriptions) and out of the PDF's text (`pdftotext`),
//! turned back into values (`17.484`, `206,7%`, `Rp6,2 miliar`,
//! `IDR 6.2 billion`, `naik 4,2 persen`) and compared with the values of
//! `kpi.csv` within the precision they are printed at. Changes are
//! compared with the changes between two rows of `kpi.csv`. The parsing
//! here is written afresh, not the library's formatting run backwards.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Number formats of a report language.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    /// A count as the report prints it: `1.815` or `1,815`.
    pub fn count(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.seps().0);
            }
            out.push(d);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    pub fn seps(self) -> (char, char) {
        if self == Lang::En { (',', '.') } else { ('.', ',') }
    }
}

/// A number as printed, read back: its value, how far the true value may
/// be from it (half the last printed digit), and whether it is a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub text: String,
    pub value: f64,
    pub tolerance: f64,
    pub change: bool,
}

/// The values of `kpi.csv` (markers skipped) and every change between two
/// rows of the same figure: relative in per cent, and in points.
pub struct Figures {
    values: Vec<f64>,
    changes: Vec<f64>,
    /// The calendar years of the table's periods: a year printed in a label is no figure.
    years: BTreeSet<i64>,
}

impl Figures {
    pub fn from_csv(path: &Path) -> Figures {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
        let at = |c: &str| header.iter().position(|h| *h == c).unwrap_or_else(|| panic!("kpi.csv has `{c}`"));
        let (ind, period, scope, dim, cat, value) =
            (at("indicator"), at("period"), at("scope"), at("dimension"), at("category"), at("value"));
        let mut rows: Vec<(String, String, f64)> = Vec::new();
        let mut years = BTreeSet::new();
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            if let Some(y) = f[period].get(..4).and_then(|y| y.parse().ok()) {
                years.insert(y);
            }
            if let Ok(v) = f[value].parse::<f64>() {
                rows.push((format!("{}|{}|{}|{}", f[ind], f[scope], f[dim], f[cat]), f[period].to_string(), v));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut changes = Vec::new();
        for group in rows.chunk_by(|a, b| a.0 == b.0) {
            for now in group {
                for then in group {
                    if now.1 != then.1 {
                        changes.push(now.2 - then.2);
                        if then.2 != 0.0 {
                            changes.push((now.2 - then.2) / then.2.abs() * 100.0);
                        }
                    }
                }
            }
        }
        Figures { values: rows.iter().map(|r| r.2).collect(), changes, years }
    }

    /// Adds the old values and the differences of a release's `changes.csv`
    /// (its Revisi table prints them).
    pub fn add_changes(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            self.values.extend([f[6], f[8]].iter().filter_map(|v| v.parse::<f64>().ok()));
        }
    }

    /// Whether a number shown matches a value (or, for a change, a change) of the table.
    pub fn matches(&self, s: &Shown) -> bool {
        let pool = if s.change { &self.changes } else { &self.values };
        let tol = s.tolerance + 1e-6;
        pool.iter().any(|v| (if s.change { v.abs() } else { *v } - s.value).abs() <= tol)
    }

    pub fn is_year(&self, s: &Shown) -> bool {
        !s.text.contains(['.', ',', '%', 'R', 'I']) && self.years.contains(&(s.value as i64))
    }
}

const MAGNITUDES: [(&str, f64); 6] =
    [(" triliun", 1e12), (" miliar", 1e9), (" juta", 1e6), (" trillion", 1e12), (" billion", 1e9), (" million", 1e6)];

/// Words before a change's size, and after it.
const CHANGE_BEFORE: [&str; 4] = ["naik ", "turun ", "up ", "down "];
const CHANGE_AFTER: [&str; 4] = [" poin persen", " persen", " percentage points", " per cent"];
/// Words after a number that make it a count of chart parts, not a figure.
const PARTS: [&str; 8] = [" batang", " garis", " kelurahan", " bars", " lines", " tahun", " years", "–"];

/// Every number of `text` read back in `lang`'s format, with what follows it.
pub fn numbers(text: &str, lang: Lang) -> Vec<(Shown, String)> {
    let (group, decimal) = lang.seps();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let before: String = chars[..i].iter().collect();
        let prefixed = before.ends_with("Rp") || before.ends_with("IDR ");
        let starts = chars[i].is_ascii_digit() && (i == 0 || prefixed || !chars[i - 1].is_alphanumeric());
        let after_dash = i > 0 && chars[i - 1] == '–';
        if !starts || after_dash {
            i += 1;
            continue;
        }
        let start = i;
        let (mut whole, mut frac, mut seen_decimal) = (String::new(), String::new(), false);
        while i < chars.len() {
            let c = chars[i];
            let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() {
                if seen_decimal { frac.push(c) } else { whole.push(c) }
            } else if c == group && next_digit && !seen_decimal {
                // a group separator: the digits go on
            } else if c == decimal && next_digit && !seen_decimal {
                seen_decimal = true;
            } else {
                break;
            }
            i += 1;
        }
        if chars.get(i).is_some_and(|c| c.is_alphanumeric()) {
            // part of a word or a code (`3f2a…`, `2025-Q4`): no figure
            while chars.get(i).is_some_and(|c| c.is_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        let before: String = chars[..start].iter().collect();
        let rest: String = chars[i..].iter().take(24).collect();
        let negative = before.ends_with('-') || before.ends_with("-Rp") || before.ends_with("-IDR ");
        let mut value: f64 = whole.parse().unwrap_or(0.0);
        let digits = frac.len() as i32;
        if !frac.is_empty() {
            value += frac.parse::<f64>().unwrap_or(0.0) / 10f64.powi(digits);
        }
        let mut tolerance = if digits > 0 { 0.5 / 10f64.powi(digits) } else { 0.0 };
        let mut shown_text: String = chars[start..i].iter().collect();
        for (word, scale) in MAGNITUDES {
            if rest.starts_with(word) {
                value *= scale;
                // short Rupiah always rounds to tenths, `Rp3 miliar` included
                tolerance = 0.05 * scale;
                shown_text.push_str(word);
            }
        }
        if negative {
            value = -value;
        }
        let change =
            CHANGE_BEFORE.iter().any(|w| before.ends_with(w)) && CHANGE_AFTER.iter().any(|w| rest.starts_with(w));
        out.push((Shown { text: shown_text, value, tolerance, change }, rest));
    }
    out
}

/// The numbers of `text` that match nothing in the table, skipping years,
/// counts of chart parts and what `also` allows.
pub fn unmatched(text: &str, lang: Lang, figures: &Figures, also: &dyn Fn(&Shown) -> bool) -> Vec<String> {
    numbers(text, lang)
        .into_iter()
        .filter(|(_, rest)| !PARTS.iter().any(|p| rest.starts_with(p)))
        .filter(|(s, _)| !figures.is_year(s) && !figures.matches(s) && !also(s))
        .map(|(s, rest)| format!("`{}` (then `{}`)", s.text, rest.chars().take(16).collect::<String>()))
        .collect()
}

/// The text inside every element that opens with `open` (up to the first
/// `close` after it), tags removed and entities decoded.
pub fn texts(html: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let Some(body_at) = after.find('>') else { break };
        let body = &after[body_at + 1..];
        let end = body.find(close).unwrap_or(body.len());
        out.push(plain(&body[..end]));
        rest = &body[end..];
    }
    out
}

/// Tags turned into spaces, the entities tera writes decoded.
pub fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                // a tag separates words (`</td><td>`)
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#x2F;", "/").replace("&quot;", "\"")
}

/// The HTML without its ingest-count table, its `<style>` and its `<svg>`
/// charts (tick labels are axis steps, not figures; the charts' words are
/// in the description).
fn figures_html(html: &str) -> String {
    without(html, &[("<table class=\"quality\"", "</table>"), ("<style", "</style>"), ("<svg", "</svg>")])
}

/// `html` with every element from `open` to `close` cut out.
fn without(html: &str, cuts: &[(&str, &str)]) -> String {
    let mut s = html.to_string();
    for (open, close) in cuts {
        while let Some(a) = s.find(*open) {
            let b = s[a..].find(*close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, "");
        }
    }
    s
}

/// The HTML texts that hold figures: table cells, card values, changes and
/// details, the summary sentences and the chart descriptions.
pub fn figure_texts(html: &str) -> Vec<String> {
    let html = figures_html(html);
    let mut out = texts(&html, "<td", "</td>");
    for (open, close) in [
        ("<p class=\"value\"", "</p>"),
        ("<p class=\"change", "</p>"),
        ("<p class=\"detail\"", "</p>"),
        ("<p class=\"desc\"", "</p>"),
        ("<ul class=\"summary\"", "</ul>"),
    ] {
        out.extend(texts(&html, open, close));
    }
    out.iter().map(|t| without_release_numbers(t)).collect()
}

/// `text` with every release number (`No. 01/01/3577/Th.I`) cut out: a
/// release's name, not a figure (the register and the cover test it).
fn without_release_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("No. ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let digits = after.find(|c: char| !(c.is_ascii_digit() || c == '/')).unwrap_or(after.len());
        let roman =
            after[digits..].strip_prefix("Th.").map(|r| r.find(|c: char| !"IVXLCDM".contains(c)).unwrap_or(r.len()));
        match roman {
            Some(r) if digits > 0 && r > 0 => rest = &after[digits + 3 + r..],
            _ => {
                out.push_str("No. ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every number of a report folder's `index.html` figures and of its
/// `report.pdf` text is in its `kpi.csv` (or, for a revision's old values
/// and differences, its `data/changes.csv`); the PDF's other numbers
/// (dates, table numbers, ingest counts, page numbers) are numbers the
/// HTML page prints too. Returns the PDF text.
pub fn assert_report_figures(dir: &Path, lang: Lang) -> String {
    let mut figures = Figures::from_csv(&dir.join("kpi.csv"));
    if dir.join("data/changes.csv").is_file() {
        figures.add_changes(&dir.join("data/changes.csv"));
    }
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    let texts = figure_texts(&html);
    assert!(texts.len() > 200, "the parser finds the report's figures ({} texts)", texts.len());
    let shown: usize = texts.iter().map(|t| numbers(t, lang).len()).sum();
    assert!(shown > 500, "the report shows figures ({shown})");
    let bad: Vec<String> = texts
        .iter()
        .flat_map(|t| unmatched(t, lang, &figures, &|_| false))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(bad.is_empty(), "numbers in index.html that kpi.csv does not have: {bad:?}");

    let pdf = pdf_text(&dir.join("report.pdf"));
    let pages = pdf_pages(&dir.join("report.pdf"));
    // The PDF sets the same charts, whose tick labels typst keeps as text.
    let page_text = plain(&without(&html, &[("<style", "</style>")]));
    // The end of a range (`35–44 tahun`) counts too: the PDF's narrower
    // columns may break a range after its dash.
    let in_page: Vec<f64> = numbers(&page_text.replace('–', "– "), lang).into_iter().map(|(s, _)| s.value).collect();
    let also =
        |s: &Shown| in_page.contains(&s.value) || (s.value.fract() == 0.0 && s.value >= 1.0 && s.value <= pages as f64);
    let bad: BTreeSet<String> = unmatched(&pdf, lang, &figures, &also).into_iter().collect();
    assert!(bad.is_empty(), "numbers in report.pdf that neither kpi.csv nor the HTML page has: {bad:?}");
    pdf
}

/// `pdftotext -layout` of a PDF.
pub fn pdf_text(pdf: &Path) -> String {
    let out =
        Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The page count `pdfinfo` reads, which also proves the file opens.
pub fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs (poppler-utils)");
    assert!(out.status.success(), "pdfinfo cannot open {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap_or_else(|| panic!("no page count in {info}"));
    line["Pages:".len()..].trim().parse().expect("a page count")
}

#[test]
fn numbers_are_read_back_in_both_formats() {
    let id = |t: &str| {
        let round = |x: f64| (x * 1e6).round() / 1e6;
        numbers(t, Lang::Id).into_iter().map(|(s, _)| (s.value, round(s.tolerance), s.change)).collect::<Vec<_>>()
    };
    assert_eq!(id("17.484 orang"), vec![(17_484.0, 0.0, false)]);
    assert_eq!(id("rasio 206,7%"), vec![(206.7, 0.05, false)]);
    assert_eq!(id("Rp6,2 miliar"), vec![(6.2e9, 0.05e9, false)]);
    assert_eq!(id("Rp3 miliar"), vec![(3e9, 0.05e9, false)]);
    assert_eq!(id("-Rp656 juta"), vec![(-656e6, 0.05e6, false)]);
    assert_eq!(id("-628 orang"), vec![(-628.0, 0.0, false)]);
    assert!(id("sidik 3f2a9c").is_empty(), "codes are no figures");
    assert_eq!(id("naik 4,2 persen dari"), vec![(4.2, 0.05, true)]);
    let en = numbers("IDR 6.2 billion, up 1.3 percentage points, 17,484", Lang::En);
    let values: Vec<(f64, bool)> = en.iter().map(|(s, _)| (s.value, s.change)).collect();
    assert_eq!(values, vec![(6.2e9, false), (1.3, true), (17_484.0, false)]);
    assert!(numbers("35.77.01.1001", Lang::Id).len() == 1, "a code reads as one token");
}

#[test]
fn a_number_not_in_the_table_is_caught() {
    let dir = tempfile::tempdir().expect("a folder");
    let csv = dir.path().join("kpi.csv");
    std::fs::write(
        &csv,
        "indicator,period,scope,dimension,category,value,unit,status\n\
         m,2025-Q4,all,total,total,17484,orang,ok\n\
         m,2025-Q3,all,total,total,16779,orang,ok\n\
         r,2025-Q4,all,total,total,206.6667,persen,ok\n\
         a,2025-Q4,all,total,total,6200000000,rupiah,ok\n",
    )
    .expect("write");
    let f = Figures::from_csv(&csv);
    let none = |_: &Shown| false;
    let ok = "Pada Triwulan IV 2025: 17.484 orang, naik 4,2 persen dari triwulan lalu; 206,7%; Rp6,2 miliar; 3 batang";
    assert!(unmatched(ok, Lang::Id, &f, &none).is_empty(), "{:?}", unmatched(ok, Lang::Id, &f, &none));
    for wrong in ["17.485 orang", "naik 4,3 persen dari", "206,8%", "Rp6,3 miliar", "Rp6.200.000.001"] {
        assert_eq!(unmatched(wrong, Lang::Id, &f, &none).len(), 1, "`{wrong}` is caught");
    }
    // A release number is a name; a figure beside it is still read.
    let cut = without_release_numbers("revisi atas No. 01/01/3577/Th.I: 17.485 orang; No. 3577 orang");
    assert_eq!(cut, "revisi atas : 17.485 orang; No. 3577 orang");
    assert_eq!(unmatched(&cut, Lang::Id, &f, &none).len(), 2, "{cut}");
}
