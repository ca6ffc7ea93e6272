//! The report's sections as view-model values: takes the page [`Builder`]
//! (lookups, numbering, chart store) and gives Kepesertaan, Klaim dan
//! manfaat and Iuran dan rasio klaim, each with its tables, charts and
//! footnotes. Cakupan and the per-kelurahan table live beside this file.

use anyhow::Result;
use serde::Serialize;

use super::format::label_of;
use super::page::Builder;
use super::view::{Figure, Row, Table, category_label, category_order};
use crate::charts::{self, AxisFormat, Bar, BarChart};

pub use super::coverage::{Coverage, coverage};
pub use super::kelurahan::{kelurahan, vulnerable};
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
    pub by_benefit: Table,
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
    let (now, then) = (label_of(b.look.period), label_of(b.look.previous));
    let head = vec![first.to_string(), now.clone(), then.clone(), now, then];
    let groups = vec![(String::new(), 1), (b.input.programme_name.clone(), 2), ("Semua peserta".to_string(), 2)];
    Table::new(caption, head, 1, rows).with_groups(groups)
}

/// One row of a scoped table.
fn scoped_row(b: &Builder<'_>, label: String, ind: &str, dim: &str, cat: &str, scopes: Scopes) -> Row {
    let l = &b.look;
    let mut cells = vec![label];
    for scope in ["programme", "all"] {
        for period in [l.period, l.previous] {
            if scope == "all" && scopes == Scopes::Programme {
                cells.push(String::new());
            } else {
                cells.push(l.cell(ind, period, scope, dim, cat, true));
            }
        }
    }
    Row::new(cells)
}

/// A breakdown of one indicator over both scopes and periods, total last.
fn breakdown_table(b: &Builder<'_>, ind: &str, dim: &str, caption: String, first: &str) -> Table {
    let l = &b.look;
    let pairs = [(l.period, "programme"), (l.previous, "programme"), (l.period, "all"), (l.previous, "all")];
    let mut rows: Vec<Row> = l
        .categories(ind, dim, &pairs, category_order(dim))
        .iter()
        .map(|c| scoped_row(b, category_label(dim, c), ind, dim, c, Scopes::Both))
        .collect();
    rows.push(scoped_row(b, "Jumlah".into(), ind, "total", "total", Scopes::Both).with_class("total"));
    scoped_table(b, caption, first, rows)
}

/// Paid claims (count and amount) of the period by one dimension, both scopes.
pub(crate) fn claims_table(b: &Builder<'_>, dim: &str, caption: String, first: &str) -> Table {
    let l = &b.look;
    let pairs = [(l.period, "programme"), (l.period, "all")];
    let mut cats = l.categories("claims_paid_count", dim, &pairs, category_order(dim));
    for c in l.categories("claims_paid_amount", dim, &pairs, category_order(dim)) {
        if !cats.contains(&c) {
            cats.push(c);
        }
    }
    let row = |label: String, dim: &str, cat: &str| {
        let mut cells = vec![label];
        for scope in ["programme", "all"] {
            cells.push(l.cell("claims_paid_count", l.period, scope, dim, cat, true));
            cells.push(l.cell("claims_paid_amount", l.period, scope, dim, cat, true));
        }
        Row::new(cells)
    };
    let mut rows: Vec<Row> = cats.iter().map(|c| row(category_label(dim, c), dim, c)).collect();
    rows.push(row("Jumlah".into(), "total", "total").with_class("total"));
    let head = [first, "Klaim", "Nilai", "Klaim", "Nilai"].map(String::from).to_vec();
    let groups = vec![(String::new(), 1), (b.input.programme_name.clone(), 2), ("Semua peserta".to_string(), 2)];
    Table::new(caption, head, 1, rows).with_groups(groups)
}

pub fn membership(b: &mut Builder<'_>) -> Result<Membership> {
    let label = label_of(b.look.period);
    let items = [
        ("Peserta aktif (orang)", "members_active", Scopes::Both),
        ("Peserta baru (orang)", "members_new", Scopes::Both),
        ("Peserta berhenti aktif (orang)", "members_lapsed", Scopes::Both),
        ("Kuota program (orang)", "quota", Scopes::Programme),
        ("Sisa kuota (orang)", "quota_remaining", Scopes::Programme),
        ("Kuota terpakai", "quota_used_pct", Scopes::Programme),
    ];
    let rows = items.iter().map(|(t, ind, s)| scoped_row(b, t.to_string(), ind, "total", "total", *s)).collect();
    let figures = scoped_table(b, format!("Kepesertaan, {label}"), "Ukuran", rows);
    let figures = b.table(figures);
    let over_quota = b.look.value("quota_remaining", b.look.period, "programme").is_some_and(|v| v.as_f64() < 0.0);
    let trend = members_trend(b)?;
    let dims = [
        ("segmen", "Segmen"),
        ("kategori", "Kategori"),
        ("sumber_iuran", "Sumber iuran"),
        ("jenis_kelamin", "Jenis kelamin"),
        ("age_band", "Kelompok umur"),
    ];
    let mut tables = Vec::new();
    for (dim, name) in dims {
        let caption = format!("Peserta aktif menurut {}, {label} (orang)", name.to_lowercase());
        let t = breakdown_table(b, "members_active", dim, caption, name);
        tables.push(b.table(t));
    }
    Ok(Membership { figures, over_quota, trend, tables })
}

pub fn claims(b: &mut Builder<'_>) -> Result<Claims> {
    let (l, label) = (&b.look, label_of(b.look.period));
    let bars: Vec<Bar> = l
        .categories("claims_paid_amount", "program", &[(l.period, "programme")], category_order("program"))
        .iter()
        .map(|c| Bar {
            label: c.clone(),
            value: l.table.value("claims_paid_amount", l.period, "programme", "program", c).map_or(0.0, |v| v.as_f64()),
            text: l.cell("claims_paid_amount", l.period, "programme", "program", c, false),
        })
        .collect();
    let title = match bars.iter().filter(|b| b.value > 0.0).max_by(|x, y| x.value.total_cmp(&y.value)) {
        Some(top) => format!("Nilai klaim terbesar dari {}: {}", top.label, top.text),
        None => "Tidak ada nilai klaim program yang dapat ditampilkan".to_string(),
    };
    let chart = BarChart {
        title,
        x_desc: "Program jaminan".into(),
        y_desc: "Nilai klaim dibayar".into(),
        bars,
        y_format: AxisFormat::Rupiah,
    };
    let svg = charts::bar_chart(&chart)?;
    let data = claims_table(b, "program", format!("Klaim dibayar menurut program, {label}"), "Program");
    let caption = format!("Nilai klaim dibayar peserta {} menurut program, {label}", b.input.programme_name);
    let figure = b.figure("klaim_program.svg", caption, svg, data);
    let t = claims_table(b, "jenis_manfaat", format!("Klaim dibayar menurut jenis manfaat, {label}"), "Jenis manfaat");
    let by_benefit = b.table(t);
    let t = claims_table(b, "kategori", format!("Klaim dibayar menurut kategori peserta, {label}"), "Kategori");
    let by_kategori = b.table(t);
    let items = [
        ("Klaim ditolak (klaim)", "claims_rejected_count", "total", "total"),
        ("Klaim kematian dibayar (klaim)", "death_claims_count", "total", "total"),
        ("di antaranya JKM (klaim)", "death_claims_count", "program", "JKM"),
        ("Penerima beasiswa (orang)", "scholarship_recipients", "total", "total"),
        ("Nilai beasiswa", "scholarship_amount", "total", "total"),
    ];
    let rows = items
        .iter()
        .map(|(t, ind, d, c)| {
            let row = scoped_row(b, t.to_string(), ind, d, c, Scopes::Both);
            if *d == "total" { row } else { row.with_class("indent") }
        })
        .collect();
    let t = scoped_table(b, format!("Klaim ditolak, klaim kematian dan beasiswa, {label}"), "Ukuran", rows);
    let other = b.table(t);
    Ok(Claims { figure, by_benefit, by_kategori, other })
}

pub fn finance(b: &mut Builder<'_>) -> Result<Finance> {
    let label = label_of(b.look.period);
    let mut rows = vec![
        scoped_row(b, "Iuran dibayar".into(), "contributions_paid", "total", "total", Scopes::Both),
        scoped_row(b, "Klaim dibayar".into(), "claims_paid_amount", "total", "total", Scopes::Both),
        scoped_row(b, "Rasio klaim".into(), "claim_ratio_pct", "total", "total", Scopes::Both).with_class("total"),
    ];
    for (cat, name) in [("JKK", "JKK"), ("JKM", "JKM"), ("BEASISWA", "beasiswa")] {
        let row = scoped_row(b, format!("rasio klaim {name}"), "claim_ratio_pct", "program", cat, Scopes::Both);
        rows.push(row.with_class("indent"));
    }
    let t = scoped_table(b, format!("Iuran, klaim dan rasio klaim, {label}"), "Ukuran", rows);
    let table = b.table(t);
    let figure = ratio_trend(b)?;
    Ok(Finance { table, figure })
}
