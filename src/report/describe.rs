//! Text descriptions of the charts, for readers who cannot see them
//! (GSS guidance: chart type, the main trend or ranking, the period):
//! takes what a chart draws with the display text of each value, gives one
//! or two sentences from the message catalogue. Values are quoted as the
//! tables print them, never re-rounded from the drawn numbers.

use super::charts::Bar;
use super::view::Look;

/// A bar chart: how many bars, the largest and the smallest.
pub fn bars(l: &Look<'_>, bars: &[Bar], period: &str) -> String {
    let shown: Vec<&Bar> = bars.iter().filter(|b| b.value.is_finite()).collect();
    let Some(top) = shown.iter().max_by(|a, b| a.value.total_cmp(&b.value)) else {
        return l.f("desc_bars_empty", &[("period", period)]);
    };
    let low = shown.iter().min_by(|a, b| a.value.total_cmp(&b.value)).unwrap_or(top);
    let n = shown.len().to_string();
    l.f(
        "desc_bars",
        &[
            ("n", &n),
            ("period", period),
            ("top", &top.label),
            ("top_value", &top.text),
            ("low", &low.label),
            ("low_value", &low.text),
        ],
    )
}

/// A ranked bar chart: how many areas, the three largest, the smallest.
pub fn ranked(l: &Look<'_>, bars: &[Bar], period: &str) -> String {
    if bars.is_empty() {
        return l.f("desc_bars_empty", &[("period", period)]);
    }
    let top: Vec<String> = bars.iter().take(3).map(|b| format!("{} ({})", b.label, b.text)).collect();
    let last = bars.last().map(|b| format!("{} ({})", b.label, b.text)).unwrap_or_default();
    let n = bars.len().to_string();
    l.f("desc_ranked", &[("n", &n), ("period", period), ("top", &top.join(", ")), ("low", &last)])
}

/// A monthly line chart: the first series from its first to its last
/// month with data, and its highest month. `points` are (month label,
/// value, display text) of that series.
pub fn line(l: &Look<'_>, series: usize, name: &str, points: &[(String, f64, String)], range: &str) -> String {
    let lines = series.to_string();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return l.f("desc_line_empty", &[("range", range)]);
    };
    let high = points.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap_or(last);
    l.f(
        "desc_line",
        &[
            ("lines", &lines),
            ("range", range),
            ("name", name),
            ("first", &first.2),
            ("first_month", &first.0),
            ("last", &last.2),
            ("last_month", &last.0),
            ("high", &high.2),
            ("high_month", &high.0),
        ],
    )
}
