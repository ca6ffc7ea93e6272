//! Two evaluation sections: the performance table (target, realisasi,
//! capaian and its Renja category for every indicator with a target) and
//! the Paritrana-style panel for a calendar year (value, last year's value,
//! direction; regulations and innovations from the config). Every number
//! is a row of the indicator table; only the category word and the
//! direction are read off two rows.

use serde::Serialize;

use super::builder::Builder;
use super::view::{Look, Of, Row, Table};
use crate::catalogue;
use crate::indicators::targets;
use crate::period::Period;
use crate::table::{Dimension, Key, Scope};

/// The performance table of the report's period.
pub fn performance(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let label = l.label(l.period);
    let p = l.period;
    fn about<'a>(indicator: &'a str, period: Period, scope: Scope, id: &'a str) -> Key<'a> {
        Key::of(indicator, period, scope, Dimension::Indicator, id)
    }
    let rows: Vec<Row> = l
        .categories("capaian_pct", Dimension::Indicator, &[(l.period, Scope::Programme), (l.period, Scope::All)])
        .iter()
        .flat_map(|id| [Scope::Programme, Scope::All].map(|scope| (id.clone(), scope)))
        .filter(|(id, scope)| l.table.get(&about("capaian_pct", p, *scope, id)).is_some())
        .map(|(id, scope)| {
            let capaian = l.table.value(&about("capaian_pct", p, scope, &id));
            Row::new(vec![
                indicator_label(l, &id, scope, &b.input.programme_name).into(),
                l.cell(about("target", p, scope, &id), true),
                l.cell(Key::total(&id, l.period, scope), true),
                l.cell(about("capaian_pct", p, scope, &id), false),
                capaian
                    .map_or_else(
                        || "–".to_string(),
                        |c| l.t(&format!("band_{}", targets::category(c).to_lowercase().replace(' ', "_"))),
                    )
                    .into(),
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
pub(super) fn indicator_label(l: &Look<'_>, id: &str, scope: Scope, programme: &str) -> String {
    let key = format!("ind_{id}");
    let name = if l.m.has(&key) { l.t(&key) } else { catalogue::get(id).map_or(id, |i| i.label).to_string() };
    let scope = if scope == Scope::Programme { programme.to_string() } else { l.t("all_members").to_lowercase() };
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

/// (aspect, row label, indicator, scope) of each numeric row, each a
/// total; aspects and labels are catalogue keys.
const PANEL: &[(&str, &str, &str, Scope)] = &[
    ("aspect_budget", "panel_budget", "apbd_budget", Scope::Programme),
    ("aspect_budget", "panel_contributions_apbd", "contributions_paid", Scope::Programme),
    ("aspect_budget", "panel_realisation", "apbd_realisation_pct", Scope::Programme),
    ("aspect_membership", "row_workers_covered", "workers_covered", Scope::All),
    ("aspect_membership", "row_coverage_main", "coverage_pct", Scope::All),
    ("aspect_vulnerable", "panel_vulnerable_coverage", "vulnerable_covered_pct", Scope::Programme),
    ("aspect_vulnerable", "row_bpu_coverage", "bpu_coverage_pct", Scope::All),
    ("aspect_non_asn", "panel_non_asn_coverage", "non_asn_covered_pct", Scope::Programme),
    ("aspect_benefits", "row_claims_paid", "claims_paid_count", Scope::Programme),
    ("aspect_benefits", "row_claims_amount", "claims_paid_amount", Scope::Programme),
    ("aspect_benefits", "row_scholarship_recipients", "scholarship_recipients", Scope::Programme),
    ("aspect_benefits", "row_claim_ratio", "claim_ratio_pct", Scope::Programme),
];

/// The panel for `year` against `last_year` (period labels `2025`, `2024`).
pub fn paritrana(b: &mut Builder<'_>, year: i32, last_year: i32) -> Paritrana {
    let l = &b.look;
    let (this, last) = (Period::Year(year), Period::Year(last_year));
    let (year_text, last_text) = (year.to_string(), last_year.to_string());
    let words = l.f("year_words", &[("year", &last_text)]);
    let mut rows = Vec::new();
    let mut push = |aspect: &str, label: String, of: Of| {
        let change = l.change(of, this, last, &words);
        let direction =
            if change.arrow.is_empty() { "–".to_string() } else { format!("{} {}", change.arrow, change.text) };
        let (this, last) = (l.cell(of.at(this), true), l.cell(of.at(last), true));
        rows.push(Row::new(vec![l.t(aspect).into(), label.into(), this, last, direction.into()]));
    };
    for &(aspect, label, ind, scope) in PANEL {
        push(aspect, l.t(label), Of::total(ind, scope));
        if ind == "coverage_pct" {
            for d in l.categories(ind, Dimension::Denominator, &[(this, Scope::All)]) {
                let denominator = l.category(Dimension::Denominator, &d).to_lowercase();
                let name = l.f("panel_coverage_against", &[("denominator", &denominator)]);
                push(aspect, name, Of { indicator: ind, scope, dim: Dimension::Denominator, cat: &d });
            }
        }
        if ind == "claims_paid_count" {
            for p in l.categories(ind, Dimension::Program, &[(this, Scope::Programme)]) {
                let of = Of { indicator: ind, scope, dim: Dimension::Program, cat: &p };
                push(aspect, l.f("panel_claims_program", &[("program", &p)]), of);
            }
        }
    }
    let head = vec![l.t("col_aspect"), l.t("col_indicator"), year_text.clone(), last_text.clone(), l.t("col_change")];
    let mut t = Table::new(l.f("caption_paritrana", &[("year", &year_text)]), head, 2, rows);
    t.notes.push(l.t("note_paritrana"));
    let table = b.table(t);
    Paritrana {
        year: year_text,
        last_year: last_text,
        regulations: b.input.regulations.iter().map(|r| (r.title.clone(), r.year)).collect(),
        table,
        innovation: b.input.innovation.clone(),
    }
}
