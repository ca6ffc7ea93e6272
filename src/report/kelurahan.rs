//! The per-kelurahan table: takes the `wilayah` reference and the table's
//! `kecamatan` / `kelurahan` breakdowns, gives every kelurahan (names from
//! the reference, codes the reference lacks shown as codes) under its
//! kecamatan subtotal row, and the region total last. Subtotals are the
//! table's own `kecamatan` rows, never sums made here.

use std::collections::BTreeMap;

use super::builder::Builder;
use super::charts::{self, Bar, RankedBars};
use super::view::{ChartText, Figure, Row, Table};
use crate::table::{Dimension, Key, Scope};

/// The figures of one area (`dim` is `kelurahan`, `kecamatan` or `total`).
type Cells = dyn Fn(&Builder<'_>, Dimension, &str) -> Vec<String>;

/// Programme and all members, programme and all paid claims.
fn cells(b: &Builder<'_>, dim: Dimension, code: &str) -> Vec<String> {
    let l = &b.look;
    let mut out = Vec::new();
    for ind in ["members_active", "claims_paid_count"] {
        for scope in [Scope::Programme, Scope::All] {
            out.push(l.cell(Key::of(ind, l.period, scope, dim, code), false));
        }
    }
    out
}

pub fn kelurahan(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let programme = b.input.programme_name.clone();
    let head =
        vec![l.t("col_kecamatan"), l.t("col_kelurahan"), programme.clone(), l.t("col_all"), programme, l.t("col_all")];
    let groups = vec![(l.t("col_area"), 2), (l.t("row_members_active"), 2), (l.t("row_claims_paid"), 2)];
    let caption = l.f("caption_kelurahan", &[("period", &l.label(l.period))]);
    let t = area_table(b, &cells, caption, head).with_groups(groups);
    b.table(t)
}

/// Vulnerable workers per kelurahan: eligible, covered by the programme,
/// still to propose. The list lurah use.
pub fn vulnerable(b: &mut Builder<'_>) -> Table {
    let figures = |b: &Builder<'_>, dim: Dimension, code: &str| {
        ["vulnerable_eligible", "vulnerable_covered_pct", "vulnerable_eligible_uncovered"]
            .map(|ind| b.look.cell(Key::of(ind, b.look.period, Scope::Programme, dim, code), false))
            .to_vec()
    };
    let l = &b.look;
    let head =
        ["col_kecamatan", "col_kelurahan", "col_eligible", "col_covered", "col_uncovered"].map(|k| l.t(k)).to_vec();
    let caption = l.f("caption_vulnerable", &[("period", &l.label(l.period))]);
    let note = l.t("note_vulnerable");
    let mut t = area_table(b, &figures, caption, head);
    t.notes.push(note);
    b.table(t)
}

/// Kelurahan ranked by the vulnerable workers still to cover, largest
/// first: where the planners should look. Hidden ([c]) and missing values
/// are left out of the bars and said so in the description.
pub fn vulnerable_ranked(b: &mut Builder<'_>) -> anyhow::Result<Figure> {
    let l = &b.look;
    let label = l.label(l.period);
    let names: BTreeMap<&str, &str> =
        b.input.wilayah.iter().map(|w| (w.kode_wilayah.as_str(), w.kelurahan.as_str())).collect();
    let ind = "vulnerable_eligible_uncovered";
    let mut bars: Vec<(i64, String, Bar)> = l
        .table
        .breakdown(ind, l.period, Scope::Programme, Dimension::Kelurahan)
        .filter_map(|r| {
            let v = r.value?;
            let name = names.get(r.category.as_str()).map_or(r.category.clone(), |n| n.to_string());
            let text = l.cell(Key::of(ind, l.period, Scope::Programme, Dimension::Kelurahan, &r.category), false);
            Some((v.as_f64().round() as i64, r.category.clone(), Bar { label: name, value: v.as_f64(), text }))
        })
        .collect();
    bars.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let bars: Vec<Bar> = bars.into_iter().map(|(_, _, bar)| bar).collect();
    let title = match bars.first() {
        Some(top) if top.value > 0.0 => l.f("chart_ranked_title", &[("top", &top.label), ("n", &top.text)]),
        _ => l.t("chart_ranked_empty"),
    };
    let subtitle = l.f("chart_ranked_subtitle", &[("programme", &b.input.programme_name), ("period", &label)]);
    let description = super::describe::ranked(l, &bars, &label);
    let head = vec![l.t("col_kelurahan"), l.t("col_uncovered")];
    let rows = bars.iter().map(|bar| Row::new(vec![bar.label.clone(), bar.text.clone()])).collect();
    let data = Table::new(l.f("caption_ranked", &[("period", &label)]), head, 1, rows);
    let svg = charts::ranked_bars(&RankedBars { title: title.clone(), subtitle: subtitle.clone(), bars })?;
    let caption = l.f("figure_ranked", &[("period", &label)]);
    Ok(b.figure("rentan_kelurahan.svg", caption, ChartText { title, subtitle, description }, svg, data))
}

/// Every kelurahan under its kecamatan subtotal, the region total last.
fn area_table(b: &Builder<'_>, cells: &Cells, caption: String, head: Vec<String>) -> Table {
    let input = b.input;
    let period = b.look.period;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut kecamatan_names: BTreeMap<String, String> = BTreeMap::new();
    let mut tree: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in &input.wilayah {
        names.insert(w.kode_wilayah.clone(), w.kelurahan.clone());
        let kec = crate::reference::kecamatan_code(&w.kode_wilayah).to_string();
        kecamatan_names.entry(kec.clone()).or_insert_with(|| w.kecamatan.clone());
        tree.entry(kec).or_default().push(w.kode_wilayah.clone());
    }
    for r in input.table.rows().iter().filter(|r| r.period == period) {
        match r.dimension {
            Dimension::Kelurahan => {
                let list = tree.entry(crate::reference::kecamatan_code(&r.category).to_string()).or_default();
                if !list.contains(&r.category) {
                    list.push(r.category.clone());
                }
            }
            Dimension::Kecamatan => {
                tree.entry(r.category.clone()).or_default();
            }
            _ => {}
        }
    }
    let mut rows = Vec::new();
    for (kec, mut kels) in tree {
        kels.sort();
        let kec_name = kecamatan_names.get(&kec).cloned().unwrap_or_else(|| kec.clone());
        let mut sub = vec![kec_name, b.look.t("total_kecamatan")];
        sub.extend(cells(b, Dimension::Kecamatan, &kec));
        rows.push(Row::new(sub).with_class("subtotal"));
        for kel in kels {
            let mut row = vec![String::new(), names.get(&kel).cloned().unwrap_or_else(|| kel.clone())];
            row.extend(cells(b, Dimension::Kelurahan, &kel));
            rows.push(Row::new(row));
        }
    }
    let mut total = vec![input.region_name.clone(), b.look.t("total")];
    total.extend(cells(b, Dimension::Total, "total"));
    rows.push(Row::new(total).with_class("total"));
    Table::new(caption, head, 2, rows)
}
