//! The monthly trend figures: takes the page [`Builder`] and the report's
//! `trend_months`, gives the programme membership chart (one line per
//! kategori plus the total) and the monthly claim-ratio chart, each with
//! its data table.

use anyhow::Result;

use super::format::{Change, label_of, month_short, parse_period};
use super::page::Builder;
use super::view::{Figure, Row, Table, category_label, category_order};
use crate::charts::{self, AxisFormat, LineChart, Series};

/// `Jan` for `2025-01`; anything else as written.
fn tick(month: &str) -> String {
    match parse_period(month) {
        Some(crate::period::Period::Month(m)) => month_short(m.month).to_string(),
        _ => month.to_string(),
    }
}

/// `Bulan, Januari–Desember 2025`.
fn months_desc(months: &[String]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => {
            format!("Bulan, {}", label_of(&format!("{a}..{b}")))
        }
        (Some(a), _) => format!("Bulan, {}", label_of(a)),
        _ => "Bulan".to_string(),
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
    let mut head = vec!["Bulan".to_string()];
    head.extend(specs.iter().map(|s| s.0.clone()));
    let rows = b
        .input
        .trend_months
        .iter()
        .map(|m| {
            let mut cells = vec![label_of(m)];
            cells.extend(specs.iter().map(|(_, ind, scope, dim, cat)| b.look.cell(ind, m, scope, dim, cat, false)));
            Row::new(cells)
        })
        .collect();
    Table::new(caption, head, 1, rows)
}

/// The message of a trend: change from the first to the last month with data.
fn trend_title(subject: &str, values: &[(String, Option<crate::indicators::Value>)]) -> String {
    let known: Vec<_> = values.iter().filter_map(|(m, v)| v.map(|v| (m, v))).collect();
    match (known.first(), known.last()) {
        (Some((m0, v0)), Some((_, v1))) if known.len() > 1 => {
            format!("{subject} {}", Change::relative(*v1, *v0, &label_of(m0)).text)
        }
        _ => subject.to_string(),
    }
}

pub fn members_trend(b: &mut Builder<'_>) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let pairs: Vec<(&str, &str)> = months.iter().map(|m| (m.as_str(), "programme")).collect();
    let kategori = b.look.categories("members_active", "kategori", &pairs, category_order("kategori"));
    let mut specs = vec![("Jumlah".to_string(), "members_active", "programme", "total", "total".to_string())];
    for k in &kategori {
        specs.push((category_label("kategori", k), "members_active", "programme", "kategori", k.clone()));
    }
    let totals: Vec<_> = months.iter().map(|m| (m.clone(), b.look.value("members_active", m, "programme"))).collect();
    let chart = LineChart {
        title: trend_title("Peserta program", &totals),
        x_desc: months_desc(&months),
        y_desc: "Peserta aktif (orang)".into(),
        x_labels: months.iter().map(|m| tick(m)).collect(),
        series: series(b, &specs),
        y_format: AxisFormat::Count,
    };
    let svg = charts::line_chart(&chart)?;
    let range = months_desc(&months).replacen("Bulan, ", "", 1);
    let data =
        data_table(b, format!("Peserta aktif {} per bulan menurut kategori (orang)", b.input.programme_name), &specs);
    let caption = format!("Peserta aktif {} menurut kategori, akhir bulan, {range}", b.input.programme_name);
    Ok(b.figure("peserta_tren.svg", caption, svg, data))
}

pub fn ratio_trend(b: &mut Builder<'_>) -> Result<Figure> {
    let months = b.input.trend_months.clone();
    let programme = b.input.programme_name.clone();
    let specs = vec![
        (programme.clone(), "claim_ratio_pct", "programme", "total", "total".to_string()),
        ("Semua peserta".to_string(), "claim_ratio_pct", "all", "total", "total".to_string()),
    ];
    let last = months.iter().rev().find_map(|m| b.look.value("claim_ratio_pct", m, "programme").map(|_| m));
    let title = match last {
        Some(m) => {
            format!("Rasio klaim program {}: {}", label_of(m), b.look.total("claim_ratio_pct", m, "programme"))
        }
        None => "Rasio klaim bulanan".to_string(),
    };
    let chart = LineChart {
        title,
        x_desc: months_desc(&months),
        y_desc: "Klaim / iuran (%)".into(),
        x_labels: months.iter().map(|m| tick(m)).collect(),
        series: series(b, &specs),
        y_format: AxisFormat::Percent,
    };
    let svg = charts::line_chart(&chart)?;
    let data = data_table(b, "Rasio klaim per bulan, basis kas".to_string(), &specs);
    let caption =
        format!("Rasio klaim bulanan (klaim dibayar / iuran dibayar, bulan yang sama), {programme} dan semua peserta");
    Ok(b.figure("rasio_klaim_tren.svg", caption, svg, data))
}
