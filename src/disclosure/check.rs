//! The second, independent check of disclosure control: which hidden
//! area cells the published sums still fix, by the rank of the sums over
//! the hidden cells (the first method, in `disclosure.rs`, suppresses until
//! no cell follows from any combination of totals).

use std::collections::BTreeSet;

use crate::table::{Dimension, KpiRow, KpiTable, Scope, Status};

/// The hidden area cells of `ind` (per scope and period) that the area
/// sums fix: the check of the result, by a second method (a cell is fixed
/// when adding its unit row does not raise the rank of the sums over the
/// hidden cells). [`protect`] runs it on what it produced; tests run it too.
pub fn derivable_cells(t: &KpiTable, ind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let scopes: BTreeSet<Scope> = t.rows().iter().filter(|r| r.indicator == ind).map(|r| r.scope).collect();
    for scope in scopes {
        let rows: Vec<&KpiRow> = t.rows().iter().filter(|r| r.indicator == ind && r.scope == scope).collect();
        let periods: BTreeSet<String> = rows.iter().map(|r| r.period.to_string()).collect();
        for period in periods {
            let cells: Vec<&&KpiRow> = rows.iter().filter(|r| r.period.to_string() == period).collect();
            let hidden: Vec<&str> =
                cells.iter().filter(|r| r.status == Status::Suppressed).map(|r| r.category.as_str()).collect();
            if hidden.is_empty() {
                continue;
            }
            let col = |cat: &str| hidden.iter().position(|h| *h == cat);
            let mut sums: Vec<Vec<f64>> = Vec::new();
            let mut add = |total: Option<usize>, parts: Vec<Option<usize>>| {
                let mut r = vec![0.0; hidden.len()];
                if let Some(c) = total {
                    r[c] -= 1.0;
                }
                for c in parts.into_iter().flatten() {
                    r[c] += 1.0;
                }
                sums.push(r);
            };
            let kec: Vec<&str> =
                cells.iter().filter(|r| r.dimension == Dimension::Kecamatan).map(|r| r.category.as_str()).collect();
            let kel: Vec<&str> =
                cells.iter().filter(|r| r.dimension == Dimension::Kelurahan).map(|r| r.category.as_str()).collect();
            let top = if kec.is_empty() { &kel } else { &kec };
            add(None, top.iter().map(|c| col(c)).collect());
            for k in &kec {
                let parts = kel.iter().filter(|c| c.starts_with(&format!("{k}."))).map(|c| col(c)).collect();
                add(col(k), parts);
            }
            // A kelurahan is the sum of its kategori; a region kategori (published) too.
            let crossed: Vec<(&str, &str, &str)> = cells
                .iter()
                .filter(|r| r.dimension == Dimension::KelurahanKategori)
                .filter_map(|r| {
                    Dimension::split_kelurahan_kategori(&r.category).map(|(a, b)| (r.category.as_str(), a, b))
                })
                .collect();
            for k in kel.iter().filter(|k| crossed.iter().any(|c| c.1 == **k)) {
                add(col(k), crossed.iter().filter(|c| c.1 == *k).map(|c| col(c.0)).collect());
            }
            for r in cells.iter().filter(|r| r.dimension == Dimension::Kategori) {
                add(None, crossed.iter().filter(|c| c.2 == r.category).map(|c| col(c.0)).collect());
            }
            let base = rank(sums.clone());
            for (i, h) in hidden.iter().enumerate() {
                let mut with = sums.clone();
                let mut unit = vec![0.0; hidden.len()];
                unit[i] = 1.0;
                with.push(unit);
                if rank(with) == base {
                    out.push(format!("{ind} {scope} {period} {h}"));
                }
            }
        }
    }
    out
}

/// The rank of a matrix, by Gaussian elimination with partial pivoting.
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).find(|&i| m[i][c].abs() > 1e-9) else { continue };
        m.swap(r, p);
        for i in r + 1..m.len() {
            let f = m[i][c] / m[r][c];
            let pivot = m[r].clone();
            for (v, q) in m[i].iter_mut().zip(&pivot) {
                *v -= f * q;
            }
        }
        r += 1;
    }
    r
}
