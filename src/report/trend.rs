//! The monthly trend figures: takes the page [`Builder`] and the report's
//! `trend_months`, gives the programme membership chart (one line per
//! kategori plus the total) and the monthly claim-ratio chart, each with
//! its data table.

use anyhow::Result;

use super::builder::Builder;
use super::charts::{self, AxisFormat, LineChart, Series};
use super::format::{Change, month_short};
use super::view::{Cell, ChartText, Figure, Look, Of, Row, Table};
use crate::period::{Month, Period};
use crate::table::{Dimension, Scope};

/// `Jan` for `2025-01`.
fn tick(l: &Look<'_>, month: Month) -> String {
    month_short(month.month, l.m.lang).to_string()
}

/// `Januari–Desember 2025`: the span of the trend months.
fn months_range(l: &Look<'_>, months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(&first), Some(&last)) if first != last => l.label(Period::Range { first, last }),
        (Some(&a), _) => l.label(Period::Month(a)),
        _ => String::new(),
    }
}

/// `Bulan, Januari–Desember 2025`: the x axis of a trend.
fn months_desc(l: &Look<'_>, months: &[Month]) -> String {
    match months_range(l, months) {
        r if r.is_empty() => l.t("col_month"),
        r => format!("{}, {r}", l.t("col_month")),
    }
}

/// One line of a trend: its name and the figure it draws over the months.
type Spec<'a> = (String, Of<'a>);

/// One series per spec over the months.
fn series(b: &Builder<'_>, specs: &[Spec]) -> Vec<Series> {
    let months = &b.input.trend_months;
    specs
        .iter()
        .map(|(name, of)| Series {
            name: name.clone(),
            values: months.iter().map(|m| b.look.table.value(&of.at(Period::Month(*m))).map(|v| v.as_f64())).collect(),
        })
        .collect()
}

/// The data table under a trend chart: one row per month, one column per series.
fn data_table(b: &Builder<'_>, caption: String, specs: &[Spec]) -> Table {
    let mut head = vec![b.look.t("col_month")];
    head.extend(specs.iter().map(|s| s.0.clone()));
    let rows = b
        .input
        .trend_months
        .iter()
        .map(|m| {
            let month = Period::Month(*m);
            let mut cells = vec![Cell::from(b.look.label(month))];
            cells.extend(specs.iter().map(|(_, of)| b.look.cell(of.at(month), false)));
            Row::new(cells)
        })
        .collect();
    Table::new(caption, head, 1, rows)
}

/// The message of a trend: change from the first to the last month with data.
fn trend_title(l: &Look<'_>, subject: &str, values: &[(Month, Option<crate::indicators::Value>)]) -> String {
    let known: Vec<_> = values.iter().filter_map(|(m, v)| v.map(|v| (m, v))).collect();
    match (known.first(), known.last()) {
        (Some((m0, v0)), Some((_, v1))) if known.len() > 1 => {
            format!("{subject} {}", Change::relative(*v1, *v0, &l.label(Period::Month(**m0)), l.m).text)
        }
        _ => subject.to_string(),
    }
}

/// The description of a trend chart, from its first series.
fn describe(b: &Builder<'_>, specs: &[Spec], range: &str) -> String {
    let l = &b.look;
    let Some((name, of)) = specs.first() else { return String::new() };
    let points: Vec<(String, f64, String)> = b
        .input
        .trend_months
        .iter()
        .filter_map(|m| {
            let key = of.at(Period::Month(*m));
            let v = l.table.value(&key)?;
            Some((l.label(key.period), v.as_f64(), l.cell(key, false).text))
        })
        .collect();
    super::describe::line(l, specs.len(), name, &points, range)
}

pub fn members_trend(b: &mut Builder<'_>) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let p = Scope::Programme;
    let pairs: Vec<(Period, Scope)> = months.iter().map(|m| (Period::Month(*m), p)).collect();
    let kategori = b.look.categories("members_active", Dimension::Kategori, &pairs);
    let l = &b.look;
    let mut specs = vec![(l.t("total"), Of::total("members_active", p))];
    for k in &kategori {
        let of = Of { indicator: "members_active", scope: p, dim: Dimension::Kategori, cat: k };
        specs.push((l.category(Dimension::Kategori, k), of));
    }
    let totals: Vec<_> = months.iter().map(|m| (*m, l.value("members_active", Period::Month(*m), p))).collect();
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
fn trend_figure(b: &mut Builder<'_>, t: Trend, specs: &[Spec]) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let l = &b.look;
    let text =
        ChartText { title: t.title, subtitle: t.subtitle, description: describe(b, specs, &months_range(l, &months)) };
    let chart = LineChart {
        title: text.title.clone(),
        subtitle: text.subtitle.clone(),
        x_desc: months_desc(l, &months),
        y_desc: t.y_desc,
        x_labels: months.iter().map(|m| tick(l, *m)).collect(),
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
        (programme.clone(), Of::total("claim_ratio_pct", Scope::Programme)),
        (l.t("all_members"), Of::total("claim_ratio_pct", Scope::All)),
    ];
    let months_shown = months.iter().map(|m| Period::Month(*m));
    let last = months_shown.rev().find(|m| l.value("claim_ratio_pct", *m, Scope::Programme).is_some());
    let title = match last {
        Some(m) => {
            let ratio = l.total("claim_ratio_pct", m, Scope::Programme);
            l.f("chart_ratio_title", &[("month", &l.label(m)), ("ratio", &ratio)])
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
