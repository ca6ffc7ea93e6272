//! The monthly trend figures: takes the page [`Builder`] and the report's
//! `trend_months`, gives the programme membership chart (one line per
//! kategori plus the total) and the monthly claim-ratio chart, each with
//! its data table.

use anyhow::Result;

use super::builder::Builder;
use super::charts::{self, AxisFormat, LineChart, Series};
use super::format::{Change, month_short, parse_period};
use super::view::{ChartText, Figure, Look, Row, Table, category_order};

/// `Jan` for `2025-01`; anything else as written.
fn tick(l: &Look<'_>, month: &str) -> String {
    match parse_period(month) {
        Some(crate::period::Period::Month(m)) => month_short(m.month, l.m.lang).to_string(),
        _ => month.to_string(),
    }
}

/// `Januari–Desember 2025`: the span of the trend months.
fn months_range(l: &Look<'_>, months: &[String]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => l.label(&format!("{a}..{b}")),
        (Some(a), _) => l.label(a),
        _ => String::new(),
    }
}

/// `Bulan, Januari–Desember 2025`: the x axis of a trend.
fn months_desc(l: &Look<'_>, months: &[String]) -> String {
    match months_range(l, months) {
        r if r.is_empty() => l.t("col_month"),
        r => format!("{}, {r}", l.t("col_month")),
    }
}

/// One series per (label, indicator, scope, dimension, category) over the months.
fn series(b: &Builder<'_>, specs: &[(String, &str, &str, &str, String)]) -> Vec<Series> {
    let months = &b.input.trend_months;
    specs
        .iter()
        .map(|(name, ind, scope, dim, cat)| Series {
            name: name.clone(),
            values: months.iter().map(|m| b.look.table.value(ind, m, scope, dim, cat).map(|v| v.as_f64())).collect(),
        })
        .collect()
}

/// The data table under a trend chart: one row per month, one column per series.
fn data_table(b: &Builder<'_>, caption: String, specs: &[(String, &str, &str, &str, String)]) -> Table {
    let mut head = vec![b.look.t("col_month")];
    head.extend(specs.iter().map(|s| s.0.clone()));
    let rows = b
        .input
        .trend_months
        .iter()
        .map(|m| {
            let mut cells = vec![b.look.label(m)];
            cells.extend(specs.iter().map(|(_, ind, scope, dim, cat)| b.look.cell([ind, m, scope, dim, cat], false)));
            Row::new(cells)
        })
        .collect();
    Table::new(caption, head, 1, rows)
}

/// The message of a trend: change from the first to the last month with data.
fn trend_title(l: &Look<'_>, subject: &str, values: &[(String, Option<crate::indicators::Value>)]) -> String {
    let known: Vec<_> = values.iter().filter_map(|(m, v)| v.map(|v| (m, v))).collect();
    match (known.first(), known.last()) {
        (Some((m0, v0)), Some((_, v1))) if known.len() > 1 => {
            format!("{subject} {}", Change::relative(*v1, *v0, &l.label(m0), l.m).text)
        }
        _ => subject.to_string(),
    }
}

/// The description of a trend chart, from its first series.
fn describe(b: &Builder<'_>, specs: &[(String, &str, &str, &str, String)], range: &str) -> String {
    let l = &b.look;
    let Some((name, ind, scope, dim, cat)) = specs.first() else { return String::new() };
    let points: Vec<(String, f64, String)> = b
        .input
        .trend_months
        .iter()
        .filter_map(|m| {
            let v = l.table.value(ind, m, scope, dim, cat)?;
            Some((l.label(m), v.as_f64(), l.cell([ind, m, scope, dim, cat], false)))
        })
        .collect();
    super::describe::line(l, specs.len(), name, &points, range)
}

pub fn members_trend(b: &mut Builder<'_>) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let pairs: Vec<(&str, &str)> = months.iter().map(|m| (m.as_str(), "programme")).collect();
    let kategori = b.look.categories("members_active", "kategori", &pairs, category_order("kategori"));
    let l = &b.look;
    let mut specs = vec![(l.t("total"), "members_active", "programme", "total", "total".to_string())];
    for k in &kategori {
        specs.push((l.category("kategori", k), "members_active", "programme", "kategori", k.clone()));
    }
    let totals: Vec<_> = months.iter().map(|m| (m.clone(), l.value("members_active", m, "programme"))).collect();
    let range = months_range(l, &months);
    let programme = [("programme", b.input.programme_name.as_str())];
    let trend = Trend {
        file: "peserta_tren.svg",
        title: trend_title(l, &l.f("chart_members_subject", &programme), &totals),
        subtitle: l.f("chart_members_subtitle", &[programme[0], ("range", &range)]),
        y_desc: l.t("row_members_active"),
        y_format: AxisFormat::Count,
        data_caption: l.f("caption_members_trend", &programme),
        caption: l.f("figure_members_trend", &[programme[0], ("range", &range)]),
    };
    trend_figure(b, trend, &specs)
}

/// One monthly line chart: its file, words and value axis.
struct Trend {
    file: &'static str,
    title: String,
    subtitle: String,
    y_desc: String,
    y_format: AxisFormat,
    data_caption: String,
    caption: String,
}

/// The figure of a monthly chart with one line per spec, its description and data.
fn trend_figure(b: &mut Builder<'_>, t: Trend, specs: &[(String, &str, &str, &str, String)]) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let l = &b.look;
    let text =
        ChartText { title: t.title, subtitle: t.subtitle, description: describe(b, specs, &months_range(l, &months)) };
    let chart = LineChart {
        title: text.title.clone(),
        subtitle: text.subtitle.clone(),
        x_desc: months_desc(l, &months),
        y_desc: t.y_desc,
        x_labels: months.iter().map(|m| tick(l, m)).collect(),
        series: series(b, specs),
        y_format: t.y_format,
    };
    let svg = charts::line_chart(&chart, l.m.lang)?;
    let data = data_table(b, t.data_caption, specs);
    Ok(b.figure(t.file, t.caption, text, svg, data))
}

pub fn ratio_trend(b: &mut Builder<'_>) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let programme = b.input.programme_name.clone();
    let l = &b.look;
    let specs = vec![
        (programme.clone(), "claim_ratio_pct", "programme", "total", "total".to_string()),
        (l.t("all_members"), "claim_ratio_pct", "all", "total", "total".to_string()),
    ];
    let last = months.iter().rev().find_map(|m| l.value("claim_ratio_pct", m, "programme").map(|_| m));
    let title = match last {
        Some(m) => {
            l.f("chart_ratio_title", &[("month", &l.label(m)), ("ratio", &l.total("claim_ratio_pct", m, "programme"))])
        }
        None => l.t("chart_ratio_empty"),
    };
    let range = months_range(l, &months);
    let trend = Trend {
        file: "rasio_klaim_tren.svg",
        title,
        subtitle: l.f("chart_ratio_subtitle", &[("range", &range)]),
        y_desc: l.t("axis_ratio"),
        y_format: AxisFormat::Percent,
        data_caption: l.t("caption_ratio_trend"),
        caption: l.f("figure_ratio_trend", &[("programme", &programme)]),
    };
    trend_figure(b, trend, &specs)
}
