//! Two evaluation sections: the performance table (target, realisasi,
//! capaian and its Renja category for every indicator with a target) and
//! the Paritrana-style panel for a calendar year (value, last year's value,
//! direction; regulations and innovations from the config). Every number
//! is a row of the indicator table; only the category word and the
//! direction are read off two rows.

use serde::Serialize;

use super::builder::Builder;
use super::view::{Look, Row, Table};
use crate::catalogue;
use crate::indicators::targets;

/// The performance table of the report's period.
pub fn performance(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let label = l.label(l.period);
    let rows: Vec<Row> = l
        .categories("capaian_pct", "indicator", &[(l.period, "programme"), (l.period, "all")], &[])
        .iter()
        .flat_map(|id| ["programme", "all"].map(|scope| (id.clone(), scope)))
        .filter(|(id, scope)| l.table.get("capaian_pct", l.period, scope, "indicator", id).is_some())
        .map(|(id, scope)| {
            let capaian = l.table.value("capaian_pct", l.period, scope, "indicator", &id);
            Row::new(vec![
                indicator_label(l, &id, scope, &b.input.programme_name),
                l.cell(["target", l.period, scope, "indicator", &id], true),
                l.cell([&id, l.period, scope, "total", "total"], true),
                l.cell(["capaian_pct", l.period, scope, "indicator", &id], false),
                capaian.map_or_else(
                    || "–".to_string(),
                    |c| l.t(&format!("band_{}", targets::category(c).to_lowercase().replace(' ', "_"))),
                ),
            ])
        })
        .collect();
    let head = ["col_indicator", "col_target", "col_realisation", "col_capaian", "col_band"].map(|k| l.t(k)).to_vec();
    let mut t = Table::new(l.f("caption_performance", &[("period", &label)]), head, 1, rows);
    t.notes.push(l.t("note_performance"));
    b.table(t)
}

/// `Peserta aktif (Pro JKK-JKM)`: the indicator's name in the report's
/// language (`ind_<id>` in the catalogue, else the catalogue's Indonesian
/// label) and its scope.
fn indicator_label(l: &Look<'_>, id: &str, scope: &str, programme: &str) -> String {
    let key = format!("ind_{id}");
    let name = if l.m.has(&key) { l.t(&key) } else { catalogue::get(id).map_or(id, |i| i.label).to_string() };
    let scope = if scope == "programme" { programme.to_string() } else { l.t("all_members").to_lowercase() };
    format!("{name} ({scope})")
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

/// (aspect, row label, indicator, scope, dimension, category) of each
/// numeric row; aspects and labels are catalogue keys.
const PANEL: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("aspect_budget", "panel_budget", "apbd_budget", "programme", "total", "total"),
    ("aspect_budget", "panel_contributions_apbd", "contributions_paid", "programme", "total", "total"),
    ("aspect_budget", "panel_realisation", "apbd_realisation_pct", "programme", "total", "total"),
    ("aspect_membership", "row_workers_covered", "workers_covered", "all", "total", "total"),
    ("aspect_membership", "row_coverage_main", "coverage_pct", "all", "total", "total"),
    ("aspect_vulnerable", "panel_vulnerable_coverage", "vulnerable_covered_pct", "programme", "total", "total"),
    ("aspect_vulnerable", "row_bpu_coverage", "bpu_coverage_pct", "all", "total", "total"),
    ("aspect_non_asn", "panel_non_asn_coverage", "non_asn_covered_pct", "programme", "total", "total"),
    ("aspect_benefits", "row_claims_paid", "claims_paid_count", "programme", "total", "total"),
    ("aspect_benefits", "row_claims_amount", "claims_paid_amount", "programme", "total", "total"),
    ("aspect_benefits", "row_scholarship_recipients", "scholarship_recipients", "programme", "total", "total"),
    ("aspect_benefits", "row_claim_ratio", "claim_ratio_pct", "programme", "total", "total"),
];

/// The panel for `year` against `last_year` (period labels `2025`, `2024`).
pub fn paritrana(b: &mut Builder<'_>, year: &str, last_year: &str) -> Paritrana {
    let l = &b.look;
    let words = l.f("year_words", &[("year", last_year)]);
    let mut rows = Vec::new();
    let mut push = |aspect: &str, label: String, ind: &str, scope: &str, dim: &str, cat: &str| {
        let change = l.change(super::view::Of { indicator: ind, scope, dim, cat }, year, last_year, &words);
        let direction =
            if change.arrow.is_empty() { "–".to_string() } else { format!("{} {}", change.arrow, change.text) };
        rows.push(Row::new(vec![
            l.t(aspect),
            label,
            l.cell([ind, year, scope, dim, cat], true),
            l.cell([ind, last_year, scope, dim, cat], true),
            direction,
        ]));
    };
    for (aspect, label, ind, scope, dim, cat) in PANEL {
        push(aspect, l.t(label), ind, scope, dim, cat);
        if *ind == "coverage_pct" {
            let dens = l.categories(
                "coverage_pct",
                "denominator",
                &[(year, "all")],
                super::view::category_order("denominator"),
            );
            for d in dens {
                let name =
                    l.f("panel_coverage_against", &[("denominator", &l.category("denominator", &d).to_lowercase())]);
                push(aspect, name, ind, scope, "denominator", &d);
            }
        }
        if *ind == "claims_paid_count" {
            for p in l.categories(ind, "program", &[(year, "programme")], super::view::category_order("program")) {
                push(aspect, l.f("panel_claims_program", &[("program", &p)]), ind, scope, "program", &p);
            }
        }
    }
    let head =
        vec![l.t("col_aspect"), l.t("col_indicator"), year.to_string(), last_year.to_string(), l.t("col_change")];
    let mut t = Table::new(l.f("caption_paritrana", &[("year", year)]), head, 2, rows);
    t.notes.push(l.t("note_paritrana"));
    let table = b.table(t);
    Paritrana {
        year: year.to_string(),
        last_year: last_year.to_string(),
        regulations: b.input.regulations.iter().map(|r| (r.title.clone(), r.year)).collect(),
        table,
        innovation: b.input.innovation.clone(),
    }
}
