//! The report's sections as view-model values: takes the page [`Builder`]
//! (lookups, numbering, chart store) and gives Kepesertaan, Klaim dan
//! manfaat and Iuran dan rasio klaim, each with its tables, charts and
//! footnotes. Cakupan and the per-kelurahan table live beside this file.

use anyhow::Result;
use serde::Serialize;

use super::builder::Builder;
use super::charts::{self, AxisFormat, Bar, BarChart};
use super::view::{Cell, ChartText, Figure, Of, Row, Table};
use crate::table::{Dimension, Key, Scope};

pub use super::coverage::{Coverage, coverage};
pub use super::kelurahan::{fgd, kelurahan, maps, vulnerable, vulnerable_ranked};
use super::trend::{members_trend, ratio_trend};

#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub figures: Table,
    pub over_quota: bool,
    pub trend: Figure,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Claims {
    pub figure: Figure,
    pub by_benefit: Figure,
    pub by_kategori: Table,
    pub other: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finance {
    pub table: Table,
    pub figure: Figure,
}

/// Which scopes a row of a two-scope table has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scopes {
    Both,
    Programme,
}

/// Header of a table with programme and all-participant columns, this and last period.
fn scoped_table(b: &Builder<'_>, caption: String, first: &str, rows: Vec<Row>) -> Table {
    let (now, then) = (b.look.label(b.look.period), b.look.label(b.look.previous));
    let head = vec![first.to_string(), now.clone(), then.clone(), now, then];
    let groups = vec![(String::new(), 1), (b.input.programme_name.clone(), 2), (b.look.t("all_members"), 2)];
    Table::new(caption, head, 1, rows).with_groups(groups)
}

/// One row of a scoped table.
fn scoped_row(b: &Builder<'_>, label: String, of: Of, scopes: Scopes) -> Row {
    let l = &b.look;
    let mut cells = vec![Cell::from(label)];
    for scope in [Scope::Programme, Scope::All] {
        for period in [l.period, l.previous] {
            if scope == Scope::All && scopes == Scopes::Programme {
                cells.push(Cell::default());
            } else {
                cells.push(l.cell(Of { scope, ..of }.at(period), true));
            }
        }
    }
    Row::new(cells)
}

/// A breakdown of one indicator over both scopes and periods, total last.
fn breakdown_table(b: &Builder<'_>, ind: &str, dim: Dimension, caption: String, first: &str) -> Table {
    let l = &b.look;
    let (p, all) = (Scope::Programme, Scope::All);
    let pairs = [(l.period, p), (l.previous, p), (l.period, all), (l.previous, all)];
    let mut rows: Vec<Row> = l
        .categories(ind, dim, &pairs)
        .iter()
        .map(|c| scoped_row(b, l.category(dim, c), Of { indicator: ind, scope: p, dim, cat: c }, Scopes::Both))
        .collect();
    rows.push(scoped_row(b, l.t("total"), Of::total(ind, p), Scopes::Both).with_class("total"));
    scoped_table(b, caption, first, rows)
}

/// Paid claims (count and amount) of the period by one dimension, both scopes.
pub(crate) fn claims_table(b: &Builder<'_>, dim: Dimension, caption: String, first: &str) -> Table {
    let l = &b.look;
    let pairs = [(l.period, Scope::Programme), (l.period, Scope::All)];
    let mut cats = l.categories("claims_paid_count", dim, &pairs);
    for c in l.categories("claims_paid_amount", dim, &pairs) {
        if !cats.contains(&c) {
            cats.push(c);
        }
    }
    let row = |label: String, dim: Dimension, cat: &str| {
        let mut cells = vec![Cell::from(label)];
        for scope in [Scope::Programme, Scope::All] {
            cells.push(l.cell(Key::of("claims_paid_count", l.period, scope, dim, cat), true));
            cells.push(l.cell(Key::of("claims_paid_amount", l.period, scope, dim, cat), true));
        }
        Row::new(cells)
    };
    let mut rows: Vec<Row> = cats.iter().map(|c| row(l.category(dim, c), dim, c)).collect();
    rows.push(row(l.t("total"), Dimension::Total, "total").with_class("total"));
    let (claims, amount) = (l.t("col_claims"), l.t("col_amount"));
    let head = vec![first.to_string(), claims.clone(), amount.clone(), claims, amount];
    let groups = vec![(String::new(), 1), (b.input.programme_name.clone(), 2), (l.t("all_members"), 2)];
    Table::new(caption, head, 1, rows).with_groups(groups)
}

pub fn membership(b: &mut Builder<'_>) -> Result<Membership> {
    let label = b.look.label(b.look.period);
    let items = [
        ("row_members_active", "members_active", Scopes::Both),
        ("row_members_new", "members_new", Scopes::Both),
        ("row_members_lapsed", "members_lapsed", Scopes::Both),
        ("row_quota", "quota", Scopes::Programme),
        ("row_quota_remaining", "quota_remaining", Scopes::Programme),
        ("row_quota_used", "quota_used_pct", Scopes::Programme),
    ];
    let rows =
        items.iter().map(|(t, ind, s)| scoped_row(b, b.look.t(t), Of::total(ind, Scope::Programme), *s)).collect();
    let figures =
        scoped_table(b, b.look.f("caption_membership", &[("period", &label)]), &b.look.t("col_measure"), rows);
    let figures = b.table(figures);
    let over_quota = b.look.value("quota_remaining", b.look.period, Scope::Programme).is_some_and(|v| v.as_f64() < 0.0);
    let trend = members_trend(b)?;
    let mut tables = Vec::new();
    use Dimension::{AgeBand, JenisKelamin, Kategori, Segmen, SumberIuran};
    for dim in [Segmen, Kategori, SumberIuran, JenisKelamin, AgeBand] {
        let name = b.look.t(&format!("dim_{dim}"));
        let caption = b.look.f("caption_members_by", &[("dim", &name.to_lowercase()), ("period", &label)]);
        let t = breakdown_table(b, "members_active", dim, caption, &name);
        tables.push(b.table(t));
    }
    Ok(Membership { figures, over_quota, trend, tables })
}

pub fn claims(b: &mut Builder<'_>) -> Result<Claims> {
    let label = b.look.label(b.look.period);
    let figure = claims_figure(b, Dimension::Program, "klaim_program.svg")?;
    let by_benefit = claims_figure(b, Dimension::JenisManfaat, "klaim_manfaat.svg")?;
    let l = &b.look;
    let t = claims_table(
        b,
        Dimension::Kategori,
        l.f("caption_claims_by_kategori", &[("period", &label)]),
        &l.t("dim_kategori"),
    );
    let by_kategori = b.table(t);
    let p = Scope::Programme;
    let items = [
        ("row_claims_rejected", Of::total("claims_rejected_count", p)),
        ("row_death_claims", Of::total("death_claims_count", p)),
        ("row_death_claims_jkm", Of { indicator: "death_claims_count", scope: p, dim: Dimension::Program, cat: "JKM" }),
        ("row_scholarship_recipients", Of::total("scholarship_recipients", p)),
        ("row_scholarship_amount", Of::total("scholarship_amount", p)),
    ];
    let rows = items
        .iter()
        .map(|(t, of)| {
            let row = scoped_row(b, b.look.t(t), *of, Scopes::Both);
            if of.dim == Dimension::Total { row } else { row.with_class("indent") }
        })
        .collect();
    let l = &b.look;
    let t = scoped_table(b, l.f("caption_claims_other", &[("period", &label)]), &l.t("col_measure"), rows);
    let other = b.table(t);
    Ok(Claims { figure, by_benefit, by_kategori, other })
}

/// The programme's paid-claim amounts by `dim` (`program` or
/// `jenis_manfaat`) as bars, with the claims table of that dimension as data.
fn claims_figure(b: &mut Builder<'_>, dim: Dimension, file: &str) -> Result<Figure> {
    let l = &b.look;
    let label = l.label(l.period);
    let bars = claim_bars(b, dim);
    let dim_name = l.t(&format!("dim_{dim}"));
    let title = match bars.iter().filter(|b| b.value > 0.0).max_by(|x, y| x.value.total_cmp(&y.value)) {
        Some(top) => l.f("chart_claims_title", &[("category", &top.label), ("amount", &top.text)]),
        None => l.t("chart_claims_empty"),
    };
    let subtitle = l.f(
        "chart_claims_subtitle",
        &[("programme", &b.input.programme_name), ("dim", &dim_name.to_lowercase()), ("period", &label)],
    );
    let description = super::describe::bars(l, &bars, &label);
    let chart = BarChart {
        title: title.clone(),
        subtitle: subtitle.clone(),
        x_desc: dim_name.clone(),
        y_desc: l.t("axis_claims_amount"),
        bars,
        y_format: AxisFormat::Rupiah,
        target: None,
    };
    let svg = charts::bar_chart(&chart, l.m.lang)?;
    let caption_key = format!("caption_claims_by_{dim}");
    let data = claims_table(b, dim, l.f(&caption_key, &[("period", &label)]), &dim_name);
    let caption = l.f(
        "figure_claims",
        &[("programme", &b.input.programme_name), ("dim", &dim_name.to_lowercase()), ("period", &label)],
    );
    Ok(b.figure(file, caption, ChartText { title, subtitle, description }, svg, data))
}

/// The programme's paid-claim amounts of the period by one dimension, as bars.
fn claim_bars(b: &Builder<'_>, dim: Dimension) -> Vec<Bar> {
    let l = &b.look;
    l.categories("claims_paid_amount", dim, &[(l.period, Scope::Programme)])
        .iter()
        .map(|c| {
            let key = Key::of("claims_paid_amount", l.period, Scope::Programme, dim, c);
            Bar {
                label: l.category(dim, c),
                value: l.table.value(&key).map_or(0.0, |v| v.as_f64()),
                text: l.cell(key, false).text,
            }
        })
        .collect()
}

pub fn finance(b: &mut Builder<'_>) -> Result<Finance> {
    let l = &b.look;
    let label = l.label(l.period);
    let p = Scope::Programme;
    let mut rows = vec![
        scoped_row(b, l.t("row_contributions"), Of::total("contributions_paid", p), Scopes::Both),
        scoped_row(b, l.t("row_claims_amount"), Of::total("claims_paid_amount", p), Scopes::Both),
        scoped_row(b, l.t("row_claim_ratio"), Of::total("claim_ratio_pct", p), Scopes::Both).with_class("total"),
    ];
    for cat in ["JKK", "JKM", "BEASISWA"] {
        let name = l.t(&format!("row_claim_ratio_{}", cat.to_lowercase()));
        let of = Of { indicator: "claim_ratio_pct", scope: p, dim: Dimension::Program, cat };
        let row = scoped_row(b, name, of, Scopes::Both);
        rows.push(row.with_class("indent"));
    }
    let t = scoped_table(b, l.f("caption_finance", &[("period", &label)]), &l.t("col_measure"), rows);
    let table = b.table(t);
    let figure = ratio_trend(b)?;
    Ok(Finance { table, figure })
}
