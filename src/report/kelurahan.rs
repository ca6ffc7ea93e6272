//! The per-kelurahan table: takes the `wilayah` reference and the table's
//! `kecamatan` / `kelurahan` breakdowns, gives every kelurahan (names from
//! the reference, codes the reference lacks shown as codes) under its
//! kecamatan subtotal row, and the region total last. Subtotals are the
//! table's own `kecamatan` rows, never sums made here.

use std::collections::BTreeMap;

use super::builder::Builder;
use super::charts::{self, Bar, RankedBars};
use super::view::{Cell, ChartText, Figure, Row, Table};
use crate::table::{Dimension, Key, Scope};

/// The figures of one area (`dim` is `kelurahan`, `kecamatan` or `total`).
type Cells = dyn Fn(&Builder<'_>, Dimension, &str) -> Vec<Cell>;

/// Programme and all members, programme and all paid claims.
fn cells(b: &Builder<'_>, dim: Dimension, code: &str) -> Vec<Cell> {
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
            let text = l.cell(Key::of(ind, l.period, Scope::Programme, Dimension::Kelurahan, &r.category), false).text;
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
        let mut sub: Vec<Cell> = vec![kec_name.into(), b.look.t("total_kecamatan").into()];
        sub.extend(cells(b, Dimension::Kecamatan, &kec));
        rows.push(Row::new(sub).with_class("subtotal"));
        for kel in kels {
            let mut row: Vec<Cell> =
                vec![Cell::default(), names.get(&kel).cloned().unwrap_or_else(|| kel.clone()).into()];
            row.extend(cells(b, Dimension::Kelurahan, &kel));
            rows.push(Row::new(row));
        }
    }
    let mut total: Vec<Cell> = vec![input.region_name.clone().into(), b.look.t("total").into()];
    total.extend(cells(b, Dimension::Total, "total"));
    rows.push(Row::new(total).with_class("total"));
    Table::new(caption, head, 2, rows)
}

/// The kelurahan maps of the period: vulnerable-worker coverage as a
/// choropleth, the vulnerable workers still uncovered as proportional
/// circles; none when the region has no boundary file.
pub fn maps(b: &mut Builder<'_>) -> anyhow::Result<Vec<Figure>> {
    let Some(boundaries) = b.input.boundaries.as_ref() else { return Ok(Vec::new()) };
    let lang = b.look.m.lang;
    let percent = move |v: f64| super::format::persen(crate::table::Value::Fixed4((v * 10_000.0).round() as i64), lang);
    let people = move |v: f64| super::format::ribuan(v.round() as i64, lang);
    let specs = [
        MapOf { ind: "vulnerable_covered_pct", file: "peta_cakupan_rentan.svg", bound: &percent, rate: true },
        MapOf { ind: "vulnerable_eligible_uncovered", file: "peta_rentan_belum.svg", bound: &people, rate: false },
    ];
    let mut out = Vec::new();
    for of in specs {
        out.push(map_figure(b, boundaries, of)?);
    }
    Ok(out)
}

struct MapOf<'a> {
    ind: &'a str,
    file: &'a str,
    bound: &'a dyn Fn(f64) -> String,
    /// A rate (choropleth) or a count (circles).
    rate: bool,
}

fn map_figure(b: &mut Builder<'_>, boundaries: &super::map::Boundaries, of: MapOf<'_>) -> anyhow::Result<Figure> {
    use super::map::Shade;
    use crate::table::Status;
    let l = &b.look;
    let label = l.label(l.period);
    let mut shades = BTreeMap::new();
    let mut rows = Vec::new();
    let mut shown: Vec<(f64, String, String)> = Vec::new();
    for a in &boundaries.areas {
        let key = Key::of(of.ind, l.period, Scope::Programme, Dimension::Kelurahan, &a.code);
        let cell = l.cell(key, false);
        let shade = match l.table.get(&key) {
            Some(r) if r.status == Status::Suppressed => Shade::Hidden,
            Some(r) => r.value.map_or(Shade::Missing, |v| Shade::Value(v.as_f64(), cell.text.clone())),
            None => Shade::Missing,
        };
        if let Shade::Value(v, text) = &shade {
            shown.push((*v, a.name.clone(), text.clone()));
        }
        shades.insert(a.code.clone(), shade);
        rows.push(Row::new(vec![Cell::from(a.name.clone()), cell]));
    }
    shown.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    let hidden = shades.values().filter(|s| **s == Shade::Hidden).count().to_string();
    let n = boundaries.areas.len().to_string();
    let key = |k: &str| format!("map_{}_{k}", if of.rate { "coverage" } else { "uncovered" });
    let title = match (shown.first(), shown.last()) {
        (Some(top), Some(low)) => {
            l.f(&key("title"), &[("top", &top.1), ("top_value", &top.2), ("low", &low.1), ("low_value", &low.2)])
        }
        _ => l.t("map_empty_title"),
    };
    let programme = b.input.programme_name.clone();
    let subtitle = l.f(&key("subtitle"), &[("programme", &programme), ("period", &label)]);
    let description = match (shown.first(), shown.last()) {
        (Some(top), Some(low)) => l.f(
            &key("desc"),
            &[
                ("n", &n),
                ("period", &label),
                ("top", &format!("{} ({})", top.1, top.2)),
                ("low", &format!("{} ({})", low.1, low.2)),
                ("hidden", &hidden),
            ],
        ),
        _ => l.f("map_desc_empty", &[("n", &n), ("period", &label)]),
    };
    let head = vec![l.t("col_kelurahan"), l.t(&key("col"))];
    let data = Table::new(l.f(&key("caption"), &[("period", &label)]), head, 1, rows);
    let (hidden_words, missing_words) = (l.t("map_hidden"), l.t("map_missing"));
    let id = of.file.trim_end_matches(".svg").replace('_', "-");
    let spec = super::map::MapSpec {
        id: &id,
        title: &title,
        subtitle: &subtitle,
        shades: &shades,
        hidden_words: &hidden_words,
        missing_words: &missing_words,
        bound: of.bound,
    };
    let svg = if of.rate { super::map::choropleth(boundaries, &spec) } else { super::map::symbols(boundaries, &spec) };
    let caption = l.f(&key("figure"), &[("period", &label)]);
    Ok(b.figure(of.file, caption, ChartText { title, subtitle, description }, svg, data))
}

/// The FGD's summary: the quota used and left, then every kelurahan ranked
/// by its vulnerable workers still uncovered (largest first; hidden and
/// missing figures last, by code) with the share of the remaining quota
/// they would take. The list the forum works from.
pub fn fgd(b: &mut Builder<'_>) -> (Table, Table) {
    let l = &b.look;
    let label = l.label(l.period);
    let programme = b.input.programme_name.clone();
    let quota_rows = [
        ("fgd_quota", "quota"),
        ("fgd_members", "members_active"),
        ("fgd_quota_used", "quota_used_pct"),
        ("fgd_quota_left", "quota_remaining"),
    ]
    .map(|(k, ind)| {
        let name = l.f(k, &[("programme", &programme)]);
        Row::new(vec![Cell::from(name), l.cell(Key::total(ind, l.period, Scope::Programme), true)])
    })
    .to_vec();
    let head = vec![l.t("col_measure"), label.clone()];
    let quota = Table::new(l.f("caption_fgd_quota", &[("period", &label)]), head, 1, quota_rows);

    let names: BTreeMap<&str, (&str, &str)> = b
        .input
        .wilayah
        .iter()
        .map(|w| (w.kode_wilayah.as_str(), (w.kelurahan.as_str(), w.kecamatan.as_str())))
        .collect();
    let ind = "vulnerable_eligible_uncovered";
    let mut ranked = super::lurah::fgd_order(l);
    for r in l.table.breakdown(ind, l.period, Scope::Programme, Dimension::Kelurahan) {
        if !ranked.contains(&r.category) {
            ranked.push(r.category.clone());
        }
    }
    let rows = ranked
        .iter()
        .map(|code| {
            let (kel, kec) = names.get(code.as_str()).copied().unwrap_or((code.as_str(), ""));
            let at = |ind| Key::of(ind, l.period, Scope::Programme, Dimension::Kelurahan, code);
            Row::new(vec![
                Cell::from(kel),
                Cell::from(kec),
                l.cell(at(ind), true),
                l.cell(at("vulnerable_quota_share_pct"), true),
            ])
        })
        .collect();
    let head = ["col_kelurahan", "col_kecamatan", "col_uncovered", "col_quota_share"].map(|k| l.t(k)).to_vec();
    let mut list = Table::new(l.f("caption_fgd", &[("period", &label)]), head, 2, rows);
    list.notes.push(l.t("note_fgd"));
    (b.table(quota), b.table(list))
}
