//! The per-kelurahan table: takes the `wilayah` reference and the table's
//! `kecamatan` / `kelurahan` breakdowns, gives every kelurahan (names from
//! the reference, codes the reference lacks shown as codes) under its
//! kecamatan subtotal row, and the region total last. Subtotals are the
//! table's own `kecamatan` rows, never sums made here.

use std::collections::BTreeMap;

use super::format::label_of;
use super::page::Builder;
use super::view::{Row, Table};

/// `35.77.02` for `35.77.02.1001`.
fn kecamatan_of(code: &str) -> &str {
    code.rsplit_once('.').map_or(code, |(k, _)| k)
}

/// The figures of one area (`dim` is `kelurahan`, `kecamatan` or `total`).
type Cells = dyn Fn(&Builder<'_>, &str, &str) -> Vec<String>;

/// Programme and all members, programme and all paid claims.
fn cells(b: &Builder<'_>, dim: &str, code: &str) -> Vec<String> {
    let l = &b.look;
    let mut out = Vec::new();
    for ind in ["members_active", "claims_paid_count"] {
        for scope in ["programme", "all"] {
            out.push(l.cell(ind, l.period, scope, dim, code, false));
        }
    }
    out
}

pub fn kelurahan(b: &mut Builder<'_>) -> Table {
    let programme = b.input.programme_name.clone();
    let head = ["Kecamatan", "Kelurahan", &programme, "Semua", &programme, "Semua"].map(String::from).to_vec();
    let groups = vec![
        ("Wilayah".to_string(), 2),
        ("Peserta aktif (orang)".to_string(), 2),
        ("Klaim dibayar (klaim)".to_string(), 2),
    ];
    let caption = format!("Peserta aktif dan klaim dibayar per kelurahan, {}", label_of(b.look.period));
    let t = area_table(b, &cells, caption, head).with_groups(groups);
    b.table(t)
}

/// Vulnerable workers per kelurahan: eligible, covered by the programme,
/// still to propose. The list lurah use.
pub fn vulnerable(b: &mut Builder<'_>) -> Table {
    let figures = |b: &Builder<'_>, dim: &str, code: &str| {
        ["vulnerable_eligible", "vulnerable_covered_pct", "vulnerable_eligible_uncovered"]
            .map(|ind| b.look.cell(ind, b.look.period, "programme", dim, code, false))
            .to_vec()
    };
    let head = ["Kecamatan", "Kelurahan", "Memenuhi syarat (orang)", "Terlindungi", "Belum terlindungi (orang)"]
        .map(String::from)
        .to_vec();
    let caption = format!("Pekerja rentan per kelurahan, {}", label_of(b.look.period));
    let mut t = area_table(b, &figures, caption, head);
    t.notes.push(
        "Memenuhi syarat: data pekerja rentan yang diusulkan (penyebut eligible_rentan, tahun terbaru). \
         Belum terlindungi = memenuhi syarat − peserta rentan program, paling kecil 0; jumlah kecamatan dan kota \
         menjumlahkan sisa per kelurahan."
            .into(),
    );
    b.table(t)
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
        let kec = kecamatan_of(&w.kode_wilayah).to_string();
        kecamatan_names.entry(kec.clone()).or_insert_with(|| w.kecamatan.clone());
        tree.entry(kec).or_default().push(w.kode_wilayah.clone());
    }
    for r in input.table.rows().iter().filter(|r| r.period == period) {
        match r.dimension.as_str() {
            "kelurahan" => {
                let list = tree.entry(kecamatan_of(&r.category).to_string()).or_default();
                if !list.contains(&r.category) {
                    list.push(r.category.clone());
                }
            }
            "kecamatan" => {
                tree.entry(r.category.clone()).or_default();
            }
            _ => {}
        }
    }
    let mut rows = Vec::new();
    for (kec, mut kels) in tree {
        kels.sort();
        let kec_name = kecamatan_names.get(&kec).cloned().unwrap_or_else(|| kec.clone());
        let mut sub = vec![kec_name, "Jumlah kecamatan".to_string()];
        sub.extend(cells(b, "kecamatan", &kec));
        rows.push(Row::new(sub).with_class("subtotal"));
        for kel in kels {
            let mut row = vec![String::new(), names.get(&kel).cloned().unwrap_or_else(|| kel.clone())];
            row.extend(cells(b, "kelurahan", &kel));
            rows.push(Row::new(row));
        }
    }
    let mut total = vec![input.region_name.clone(), "Jumlah".to_string()];
    total.extend(cells(b, "total", "total"));
    rows.push(Row::new(total).with_class("total"));
    Table::new(caption, head, 2, rows)
}
