//! The opening of a revision: which release it revises, which exports
//! replaced which (why the figures changed), and a table of every figure
//! that differs from the release that published it before, with the old
//! value, the new one and the difference. Figures hidden in either release
//! are never listed (see `release::changes`).

use serde::Serialize;

use super::builder::Builder;
use super::view::{Row, Table};
use super::{ReleaseNote, format};
use crate::period::Period;
use crate::table::{Dimension, Value};

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub intro: String,
    /// One sentence per replaced export.
    pub replaced: Vec<String>,
    pub table: Table,
}

/// The revision section, for a release that revises another or changes
/// figures an earlier release published.
pub fn revision(b: &mut Builder<'_>, note: &ReleaseNote) -> Option<Revision> {
    if note.revises.is_none() && note.changes.is_empty() {
        return None;
    }
    let l = &b.look;
    let n = note.changes.len().to_string();
    let revision = note.revision.to_string();
    let intro = match &note.revises {
        Some(revises) => l.f("revision_intro", &[("revision", &revision), ("revises", revises), ("n", &n)]),
        None => l.f("revision_intro_comparisons", &[("n", &n)]),
    };
    let replaced = note
        .replaced
        .iter()
        .map(|r| {
            let month = r.month.parse::<Period>().map_or_else(|_| r.month.clone(), |p| l.label(p));
            let args = [("month", month.as_str()), ("old", r.old_file.as_str()), ("new", r.new_file.as_str())];
            if r.old_file.is_empty() { l.f("revision_added", &args) } else { l.f("revision_replaced", &args) }
        })
        .collect();
    let lang = l.m.lang;
    let shown = |text: &str, unit| {
        Value::parse(text).map_or_else(|| text.to_string(), |v| format::by_unit_exact(v, unit, lang))
    };
    let rows = note
        .changes
        .iter()
        .map(|c| {
            let detail = match c.dimension {
                Dimension::Total => "–".to_string(),
                dim => format!("{}: {}", l.t(&format!("dim_{dim}")), category(b, dim, &c.category)),
            };
            let difference = c.difference.map_or_else(
                || "–".to_string(),
                |d| {
                    let text = format::full(d, c.unit, lang);
                    if d.as_f64() > 0.0 { format!("+{text}") } else { text }
                },
            );
            Row::new(vec![
                super::performance::indicator_label(l, &c.indicator, c.scope, &b.input.programme_name),
                l.label(c.period),
                detail,
                shown(&c.old_value, c.unit),
                shown(&c.new_value, c.unit),
                difference,
                format!("No. {}", c.previous_release),
            ])
        })
        .collect();
    let head = ["col_indicator", "col_period", "col_detail", "col_old", "col_new", "col_difference", "col_release"]
        .map(|k| l.t(k))
        .to_vec();
    let t = Table::new(l.f("caption_revision", &[("n", &n)]), head, 3, rows);
    let table = b.table(t);
    Some(Revision { intro, replaced, table })
}

/// A category's display name; kelurahan and kecamatan by their reference names.
fn category(b: &Builder<'_>, dim: Dimension, code: &str) -> String {
    let names = b.input.wilayah.iter();
    let name = match dim {
        Dimension::Kelurahan => names.clone().find(|w| w.kode_wilayah == code).map(|w| w.kelurahan.clone()),
        Dimension::Kecamatan => names
            .clone()
            .find(|w| crate::reference::kecamatan_code(&w.kode_wilayah) == code)
            .map(|w| w.kecamatan.clone()),
        Dimension::KelurahanKategori => Dimension::split_kelurahan_kategori(code).map(|(kel, kategori)| {
            let kel = category(b, Dimension::Kelurahan, kel);
            format!("{kel}, {}", b.look.category(Dimension::Kategori, kategori))
        }),
        _ => None,
    };
    name.unwrap_or_else(|| b.look.category(dim, code))
}
