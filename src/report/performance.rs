//! Two evaluation sections: the performance table (target, realisasi,
//! capaian and its Renja category for every indicator with a target) and
//! the Paritrana-style panel for a calendar year (value, last year's value,
//! direction; regulations and innovations from the config). Every number
//! is a row of the indicator table; only the category word and the
//! direction are read off two rows.

use serde::Serialize;

use super::format::label_of;
use super::page::Builder;
use super::view::{Row, Table, category_label};
use crate::indicators::{catalogue, targets};

/// The performance table of the report's period.
pub fn performance(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let label = label_of(l.period);
    let rows: Vec<Row> = l
        .categories("capaian_pct", "indicator", &[(l.period, "programme"), (l.period, "all")], &[])
        .iter()
        .flat_map(|id| ["programme", "all"].map(|scope| (id.clone(), scope)))
        .filter(|(id, scope)| l.table.get("capaian_pct", l.period, scope, "indicator", id).is_some())
        .map(|(id, scope)| {
            let capaian = l.table.value("capaian_pct", l.period, scope, "indicator", &id);
            Row::new(vec![
                indicator_label(&id, scope, &b.input.programme_name),
                l.cell("target", l.period, scope, "indicator", &id, true),
                l.cell(&id, l.period, scope, "total", "total", true),
                l.cell("capaian_pct", l.period, scope, "indicator", &id, false),
                capaian.map_or_else(|| "–".to_string(), |c| targets::category(c).to_string()),
            ])
        })
        .collect();
    let head = ["Indikator", "Target", "Realisasi", "Capaian", "Kategori"].map(String::from).to_vec();
    let mut t = Table::new(format!("Target dan capaian kinerja, {label}"), head, 1, rows);
    t.notes.push(
        "Capaian = realisasi / target × 100. Kategori: 91% ke atas Sangat Baik, 76–90 Baik, 66–75 Cukup, \
         51–65 Kurang, 50 ke bawah Sangat Kurang."
            .into(),
    );
    b.table(t)
}

fn indicator_label(id: &str, scope: &str, programme: &str) -> String {
    let name = catalogue::get(id).map_or(id, |i| i.label);
    if scope == "programme" { format!("{name} ({programme})") } else { format!("{name} (semua peserta)") }
}

/// The Paritrana-style panel of one calendar year.
#[derive(Debug, Clone, Serialize)]
pub struct Paritrana {
    pub year: String,
    pub last_year: String,
    pub regulations: Vec<(String, i32)>,
    pub table: Table,
    pub innovation: Vec<String>,
}

/// (aspect, label, indicator, scope, dimension, category) of each numeric row.
const PANEL: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("Anggaran", "Anggaran iuran APBD", "apbd_budget", "programme", "total", "total"),
    ("Anggaran", "Iuran dibayar dari APBD", "contributions_paid", "programme", "total", "total"),
    ("Anggaran", "Realisasi anggaran", "apbd_realisation_pct", "programme", "total", "total"),
    ("Kepesertaan", "Pekerja terlindungi (orang)", "workers_covered", "all", "total", "total"),
    ("Kepesertaan", "Cakupan (penyebut utama)", "coverage_pct", "all", "total", "total"),
    ("Pekerja rentan", "Cakupan pekerja rentan", "vulnerable_covered_pct", "programme", "total", "total"),
    ("Pekerja rentan", "Cakupan pekerja bukan penerima upah", "bpu_coverage_pct", "all", "total", "total"),
    ("Non-ASN", "Cakupan pegawai non-ASN", "non_asn_covered_pct", "programme", "total", "total"),
    ("Manfaat", "Klaim dibayar (klaim)", "claims_paid_count", "programme", "total", "total"),
    ("Manfaat", "Nilai klaim dibayar", "claims_paid_amount", "programme", "total", "total"),
    ("Manfaat", "Penerima beasiswa (orang)", "scholarship_recipients", "programme", "total", "total"),
    ("Manfaat", "Rasio klaim", "claim_ratio_pct", "programme", "total", "total"),
];

/// The panel for `year` against `last_year` (period labels `2025`, `2024`).
pub fn paritrana(b: &mut Builder<'_>, year: &str, last_year: &str) -> Paritrana {
    let l = &b.look;
    let words = format!("tahun {last_year}");
    let mut rows = Vec::new();
    let mut push = |aspect: &str, label: String, ind: &str, scope: &str, dim: &str, cat: &str| {
        let change = l.change(ind, scope, dim, cat, year, last_year, &words);
        let direction =
            if change.arrow.is_empty() { "–".to_string() } else { format!("{} {}", change.arrow, change.text) };
        rows.push(Row::new(vec![
            aspect.to_string(),
            label,
            l.cell(ind, year, scope, dim, cat, true),
            l.cell(ind, last_year, scope, dim, cat, true),
            direction,
        ]));
    };
    for (aspect, label, ind, scope, dim, cat) in PANEL {
        push(aspect, label.to_string(), ind, scope, dim, cat);
        if *ind == "coverage_pct" {
            let dens = l.categories(
                "coverage_pct",
                "denominator",
                &[(year, "all")],
                super::view::category_order("denominator"),
            );
            for d in dens {
                let name = format!("cakupan terhadap {}", category_label("denominator", &d).to_lowercase());
                push(aspect, name, ind, scope, "denominator", &d);
            }
        }
        if *ind == "claims_paid_count" {
            for p in l.categories(ind, "program", &[(year, "programme")], super::view::category_order("program")) {
                push(aspect, format!("klaim {p}"), ind, scope, "program", &p);
            }
        }
    }
    let head = ["Aspek", "Indikator", year, last_year, "Perubahan"].map(String::from).to_vec();
    let mut t = Table::new(format!("Panel indikator bergaya Paritrana, tahun {year}"), head, 2, rows);
    t.notes.push(
        "Tanpa skor gabungan: bobot penilaian Paritrana tidak dipublikasikan, sehingga setiap indikator \
         ditampilkan sendiri dengan sumbernya. Perubahan persentase dalam poin persen."
            .into(),
    );
    let table = b.table(t);
    Paritrana {
        year: year.to_string(),
        last_year: last_year.to_string(),
        regulations: b.input.regulations.iter().map(|r| (r.title.clone(), r.year)).collect(),
        table,
        innovation: b.input.innovation.clone(),
    }
}
