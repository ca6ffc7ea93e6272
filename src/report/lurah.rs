//! One page per kelurahan, the page a lurah takes home from the FGD:
//! takes the report's look-ups and the kelurahan boundaries, gives for
//! each kelurahan its members (programme and all, each by kategori), its vulnerable workers
//! eligible, covered and still uncovered, its place in the FGD list, the
//! same figures last quarter, its paid claims where disclosure allows, and
//! a small map of the city with the kelurahan highlighted. Written as
//! `kelurahan/<kode>.pdf` and all together as `kelurahan/semua.pdf` (for
//! printing), from `kelurahan.typ`. Every figure is a cell of the table,
//! `[c]` where it is hidden.

use anyhow::Result;
use serde::Serialize;

use super::view::{Look, Row};
use crate::table::{Dimension, Key, Scope};

/// The PDF template of the kelurahan pages.
pub const TEMPLATE: &str = "kelurahan.typ";

/// The folder, in the period folder, and the file with every page.
pub const FOLDER: &str = "kelurahan";
pub const ALL: &str = "semua.pdf";

/// One kelurahan's page.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub code: String,
    pub name: String,
    pub kecamatan: String,
    /// `Urutan 3 dari 27 dalam daftar FGD`, or why it has no place.
    pub place: String,
    /// (label, this period, the period before).
    pub rows: Vec<Row>,
    /// The city map with this kelurahan highlighted (file under `maps/`), if any.
    pub map: Option<String>,
}

/// What every page shares.
#[derive(Debug, Clone, Serialize)]
pub struct Pages {
    pub lang: &'static str,
    pub msg: std::collections::BTreeMap<String, String>,
    pub region: String,
    pub programme: String,
    pub period_label: String,
    pub previous_label: String,
    pub release_date: String,
    pub release_line: String,
    pub draft_stamp: String,
    pub internal: bool,
    pub head: Vec<String>,
    pub credit: String,
    pub sheets: Vec<Sheet>,
}

/// The figures of a page: label, the indicator and scope.
const FIGURES: [(&str, &str, Scope); 6] = [
    ("lurah_members_programme", "members_active", Scope::Programme),
    ("lurah_members_all", "members_active", Scope::All),
    ("lurah_eligible", "vulnerable_eligible", Scope::Programme),
    ("lurah_covered", "vulnerable_covered_pct", Scope::Programme),
    ("lurah_uncovered", "vulnerable_eligible_uncovered", Scope::Programme),
    ("lurah_claims", "claims_paid_count", Scope::Programme),
];

/// A highlighted map: (file name under `maps/`, SVG).
pub type MapFile = (String, String);

/// The pages of every kelurahan of the reference, in code order, and the
/// highlighted maps they show.
pub fn sheets(l: &Look<'_>, input: &super::ReportInput, fgd_order: &[String]) -> Result<(Vec<Sheet>, Vec<MapFile>)> {
    let mut out = Vec::new();
    let mut maps = Vec::new();
    let programme = input.programme_name.as_str();
    for w in &input.wilayah {
        let code = w.kode_wilayah.as_str();
        let mut rows = Vec::new();
        for (label, ind, scope) in FIGURES {
            let row = |dim, category: &str, name: String| {
                let at = |p| Key::of(ind, p, scope, dim, category);
                Row::new(vec![name.into(), l.cell(at(l.period), true), l.cell(at(l.previous), true)])
            };
            rows.push(row(Dimension::Kelurahan, code, l.f(label, &[("programme", programme)])));
            if ind == "members_active" {
                for kategori in kategori_of(l, code, scope) {
                    let name =
                        l.f("lurah_members_kategori", &[("kategori", &l.category(Dimension::Kategori, &kategori))]);
                    rows.push(row(Dimension::KelurahanKategori, &Dimension::kelurahan_kategori(code, &kategori), name));
                }
            }
        }
        let place = match fgd_order.iter().position(|c| c == code) {
            Some(i) => l.f("lurah_place", &[("n", &(i + 1).to_string()), ("of", &fgd_order.len().to_string())]),
            None => l.t("lurah_no_place"),
        };
        let map = match input.boundaries.as_ref() {
            Some(b) if b.areas.iter().any(|a| a.code == code) => {
                let file = format!("{code}.svg");
                maps.push((file.clone(), super::map::highlight(b, code, &w.kelurahan)));
                Some(file)
            }
            _ => None,
        };
        out.push(Sheet {
            code: code.to_string(),
            name: w.kelurahan.clone(),
            kecamatan: w.kecamatan.clone(),
            place,
            rows,
            map,
        });
    }
    Ok((out, maps))
}

/// The kategori a kelurahan's members fall in, this period or the last
/// (a cell of either, hidden or not), in the report's kategori order.
fn kategori_of(l: &Look<'_>, code: &str, scope: Scope) -> Vec<String> {
    let crossed =
        l.categories("members_active", Dimension::KelurahanKategori, &[(l.period, scope), (l.previous, scope)]);
    let mut found: Vec<String> = crossed
        .iter()
        .filter_map(|c| Dimension::split_kelurahan_kategori(c))
        .filter(|(kel, _)| *kel == code)
        .map(|(_, kat)| kat.to_string())
        .collect();
    let order = super::view::category_order(Dimension::Kategori);
    found.sort_by_key(|k| (order.iter().position(|o| o == k).unwrap_or(order.len()), k.clone()));
    found.dedup();
    found
}

/// The kelurahan in the FGD list's order: published uncovered counts,
/// largest first (ties by code); hidden and missing ones have no place.
pub fn fgd_order(l: &Look<'_>) -> Vec<String> {
    let mut ranked: Vec<(f64, String)> = l
        .table
        .breakdown("vulnerable_eligible_uncovered", l.period, Scope::Programme, Dimension::Kelurahan)
        .filter(|r| r.status == crate::table::Status::Ok)
        .filter_map(|r| r.value.map(|v| (v.as_f64(), r.category.clone())))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, c)| c).collect()
}
