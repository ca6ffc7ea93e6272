//! The Cakupan section: takes the page [`Builder`], gives the coverage
//! table (workers covered and uncovered, coverage against every worker
//! denominator, this period, last period and a year ago; values above 100%
//! marked, never capped) and the bar chart of coverage by denominator.

use anyhow::Result;
use serde::Serialize;

use super::format::label_of;
use super::page::Builder;
use super::view::{Figure, Row, Table, category_label, category_order};
use crate::charts::{self, AxisFormat, Bar, BarChart};

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub table: Table,
    /// UCJ target and gap, BPU, non-ASN and vulnerable-worker coverage.
    pub groups: Table,
    pub figure: Figure,
    pub over_100: bool,
}

pub fn coverage(b: &mut Builder<'_>) -> Result<Coverage> {
    let l = &b.look;
    let label = label_of(l.period);
    let periods = [l.period, l.previous, l.year_ago];
    let dens = l.categories("coverage_pct", "denominator", &[(l.period, "all")], category_order("denominator"));
    let mut over_100 = false;
    let mut cells_of = |ind: &str, dim: &str, cat: &str| -> Vec<String> {
        periods
            .iter()
            .map(|p| {
                let text = l.cell(ind, p, "all", dim, cat, true);
                let high =
                    ind == "coverage_pct" && l.table.value(ind, p, "all", dim, cat).is_some_and(|v| v.as_f64() > 100.0);
                over_100 |= high;
                if high { format!("{text}*") } else { text }
            })
            .collect()
    };
    let mut rows = Vec::new();
    for (name, ind) in
        [("Pekerja terlindungi (orang)", "workers_covered"), ("Pekerja belum terlindungi (orang)", "workers_uncovered")]
    {
        rows.push(Row::new([vec![name.to_string()], cells_of(ind, "total", "total")].concat()));
    }
    let total = cells_of("coverage_pct", "total", "total");
    rows.push(Row::new([vec!["Cakupan (penyebut utama)".to_string()], total].concat()).with_class("total"));
    for d in &dens {
        let name = format!("terhadap {}", category_label("denominator", d).to_lowercase());
        rows.push(Row::new([vec![name], cells_of("coverage_pct", "denominator", d)].concat()).with_class("indent"));
    }
    let head = ["Ukuran", &label, &label_of(l.previous), &label_of(l.year_ago)].map(String::from).to_vec();
    let t = Table::new(format!("Cakupan kepesertaan seluruh pekerja, {label}"), head, 1, rows);

    let bars: Vec<Bar> = dens
        .iter()
        .map(|d| Bar {
            label: category_label("denominator", d),
            value: l.table.value("coverage_pct", l.period, "all", "denominator", d).map_or(0.0, |v| v.as_f64()),
            text: l.cell("coverage_pct", l.period, "all", "denominator", d, false),
        })
        .collect();
    let title = format!("Peserta aktif mencakup {} potensi kepesertaan", l.total("coverage_pct", l.period, "all"));
    let chart =
        BarChart { title, x_desc: "Penyebut".into(), y_desc: "Cakupan".into(), bars, y_format: AxisFormat::Percent };
    let svg = charts::bar_chart(&chart)?;
    let data_rows = dens
        .iter()
        .map(|d| {
            Row::new(vec![
                category_label("denominator", d),
                l.cell("coverage_pct", l.period, "all", "denominator", d, false),
            ])
        })
        .collect();
    let data =
        Table::new(format!("Cakupan menurut penyebut, {label}"), vec!["Penyebut".into(), label.clone()], 1, data_rows);
    let caption = format!("Cakupan kepesertaan terhadap tiap penyebut, {label}");
    let table = b.table(t);
    let figure = b.figure("cakupan.svg", caption, svg, data);
    let groups = groups(b);
    Ok(Coverage { table, groups, figure, over_100 })
}

/// The UCJ target and the groups with their own denominators, three periods.
fn groups(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let label = label_of(l.period);
    let programme = &b.input.programme_name;
    let items = [
        ("Target cakupan UCJ".to_string(), "ucj_target_pct", "all"),
        ("Pekerja yang masih dibutuhkan untuk target UCJ (orang)".to_string(), "ucj_gap", "all"),
        ("Cakupan pekerja bukan penerima upah (BPU)".to_string(), "bpu_coverage_pct", "all"),
        (format!("Cakupan pegawai non-ASN oleh {programme}"), "non_asn_covered_pct", "programme"),
        ("Pekerja rentan yang memenuhi syarat (orang)".to_string(), "vulnerable_eligible", "programme"),
        (format!("Cakupan pekerja rentan oleh {programme}"), "vulnerable_covered_pct", "programme"),
        ("Pekerja rentan yang belum terlindungi (orang)".to_string(), "vulnerable_eligible_uncovered", "programme"),
    ];
    let rows = items
        .into_iter()
        .map(|(name, ind, scope)| {
            let cells = [l.period, l.previous, l.year_ago].map(|p| l.cell(ind, p, scope, "total", "total", true));
            Row::new([vec![name], cells.to_vec()].concat())
        })
        .collect();
    let head = ["Ukuran", &label, &label_of(l.previous), &label_of(l.year_ago)].map(String::from).to_vec();
    let t = Table::new(format!("Target UCJ dan kelompok sasaran, {label}"), head, 1, rows);
    b.table(t)
}
