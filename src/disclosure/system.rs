//! The sums that tie one unit's cells together (region = Σ kecamatan,
//! kecamatan = Σ kelurahan, kelurahan = Σ its kategori, a region kategori =
//! Σ that kategori over the kelurahan, a period = Σ its months for flows),
//! which cells they fix, and which cell to hide next so that a hidden one
//! no longer follows from them.

use std::collections::BTreeSet;

use super::{Cells, Key, is_area};
use crate::table::{Dimension, Unit};

/// A cell to hide so that another no longer follows from a sum.
pub(super) struct Complement {
    pub cell: usize,
    /// The sum's name.
    pub within: String,
    /// Lower is better: (a kelurahan total for a kategori cell, zero, value, id).
    pub rank: (bool, bool, i64, usize),
}

/// The sums that tie a unit's cells together: `total = Σ parts`.
pub(super) struct System {
    pub keys: Vec<Key>,
    /// (total, parts, name of the sum).
    sums: Vec<(usize, Vec<usize>, String)>,
    /// The same sums as an earlier release published them, over the cells
    /// it hid (they are hidden now too): a reader who puts two releases
    /// side by side and assumes those cells unchanged knows each of these
    /// sums of today's unknowns, so a cell newly hidden beside them must
    /// not follow from the difference (`+1` for a part, `-1` for a total).
    earlier: Vec<Vec<(usize, f64)>>,
}

impl System {
    pub fn of(cells: &Cells, kept: &BTreeSet<Key>) -> System {
        let keys: Vec<Key> = cells.values.keys().cloned().collect();
        let id = |k: &Key| keys.binary_search(k).ok();
        let mut sums = Vec::new();
        let periods: BTreeSet<&String> = keys.iter().map(|k| &k.0).collect();
        for p in &periods {
            let at = |dim: &'static str| -> Vec<(usize, &Key)> {
                keys.iter().enumerate().filter(|(_, k)| &k.0 == *p && k.1 == dim).collect()
            };
            let total = id(&((*p).clone(), "total".into(), "total".into()));
            let kecamatan = at(Dimension::Kecamatan.as_str());
            let kelurahan = at(Dimension::Kelurahan.as_str());
            if let Some(t) = total {
                let top: Vec<usize> = if kecamatan.is_empty() {
                    kelurahan.iter().map(|(i, _)| *i).collect()
                } else {
                    kecamatan.iter().map(|(i, _)| *i).collect()
                };
                sums.push((t, top, format!("{p} total")));
            }
            for (k, key) in &kecamatan {
                let parts: Vec<usize> = kelurahan
                    .iter()
                    .filter(|(_, c)| crate::reference::kecamatan_code(&c.2) == key.2)
                    .map(|(i, _)| *i)
                    .collect();
                sums.push((*k, parts, key.2.clone()));
            }
            // A kelurahan is the sum of its kategori, and so is each
            // kategori of the region (a published region-level figure).
            fn split(c: &Key) -> Option<(&str, &str)> {
                Dimension::split_kelurahan_kategori(&c.2)
            }
            let crossed = at(Dimension::KelurahanKategori.as_str());
            let parts_where = |wanted: &dyn Fn(&str, &str) -> bool| -> Vec<usize> {
                crossed
                    .iter()
                    .filter(|(_, c)| split(c).is_some_and(|(kel, kat)| wanted(kel, kat)))
                    .map(|(i, _)| *i)
                    .collect()
            };
            for (k, key) in &kelurahan {
                let parts = parts_where(&|kel, _| kel == key.2);
                if !parts.is_empty() {
                    sums.push((*k, parts, key.2.clone()));
                }
            }
            for (k, key) in at(Dimension::Kategori.as_str()) {
                let parts = parts_where(&|_, kat| kat == key.2);
                if !parts.is_empty() {
                    sums.push((k, parts, format!("{p} {}", key.2)));
                }
            }
        }
        // A period and its months, when both carry area cells (flows only).
        if cells.units.first() == Some(&Unit::Klaim) {
            for p in &periods {
                let Ok(period) = p.parse::<crate::period::Period>() else { continue };
                let months: Vec<String> = period.months().iter().map(|m| m.to_string()).collect();
                if months.len() < 2 || !months.iter().all(|m| periods.contains(m)) {
                    continue;
                }
                for k in keys.iter().filter(|k| &k.0 == *p) {
                    let parts: Vec<usize> =
                        months.iter().filter_map(|m| id(&(m.clone(), k.1.clone(), k.2.clone()))).collect();
                    if let Some(t) = id(k) {
                        sums.push((t, parts, format!("{p} months")));
                    }
                }
            }
        }
        let earlier = sums
            .iter()
            .map(|(total, parts, _)| {
                let total = std::iter::once((*total, -1.0));
                total.chain(parts.iter().map(|p| (*p, 1.0))).filter(|(c, _)| kept.contains(&keys[*c])).collect()
            })
            .filter(|row: &Vec<(usize, f64)>| !row.is_empty())
            .collect();
        System { keys, sums, earlier }
    }

    pub fn id(&self, k: &Key) -> Option<usize> {
        self.keys.binary_search(k).ok()
    }

    /// The hidden cells whose value the sums fix, given every other cell.
    pub fn derivable(&self, hidden: &BTreeSet<usize>) -> Vec<usize> {
        let unknowns: Vec<usize> = hidden.iter().copied().collect();
        let col = |cell: usize| unknowns.binary_search(&cell).ok();
        let mut matrix: Vec<Vec<f64>> = Vec::new();
        for (total, parts, _) in &self.sums {
            let mut row = vec![0.0; unknowns.len()];
            let mut any = false;
            if let Some(c) = col(*total) {
                row[c] -= 1.0;
                any = true;
            }
            for p in parts {
                if let Some(c) = col(*p) {
                    row[c] += 1.0;
                    any = true;
                }
            }
            if any {
                matrix.push(row);
            }
        }
        for equation in &self.earlier {
            let mut row = vec![0.0; unknowns.len()];
            for (cell, sign) in equation {
                if let Some(c) = col(*cell) {
                    row[c] += sign;
                }
            }
            matrix.push(row);
        }
        determined(&mut matrix, unknowns.len()).into_iter().map(|c| unknowns[c]).collect()
    }

    /// The cell to hide so that `x` no longer follows from a sum: the
    /// smallest non-zero published cell of a sum holding `x` (a zero one if
    /// there is no other), never a region figure (the total or a kategori). Gives it and the sum's name.
    pub fn complement(&self, x: usize, hidden: &BTreeSet<usize>, cells: &Cells) -> Option<Complement> {
        let first = |i: usize| cells.values[&self.keys[i]][0].map_or(0, |v| (v.as_f64() * 1e4).round() as i64);
        let crossed = |i: usize| self.keys[i].1 == Dimension::KelurahanKategori.as_str();
        let mut best: Option<Complement> = None;
        for (total, parts, name) in &self.sums {
            if *total != x && !parts.contains(&x) {
                continue;
            }
            let candidates = parts.iter().copied().chain(is_area(&self.keys[*total]).then_some(*total));
            for c in candidates.filter(|c| *c != x && !hidden.contains(c)) {
                let v = first(c);
                // A kategori cell is covered by other kategori cells before
                // its kelurahan's total is hidden.
                let rank = (crossed(x) && !crossed(c), v == 0, v, c);
                if best.as_ref().is_none_or(|b| rank < b.rank) {
                    best = Some(Complement { cell: c, within: name.clone(), rank });
                }
            }
        }
        best
    }
}

/// The columns of `matrix` (equations over `n` unknowns) whose value the
/// equations fix: reduced to row echelon form, a pivot column is fixed when
/// its row has no entry in a free column.
pub fn determined(matrix: &mut [Vec<f64>], n: usize) -> Vec<usize> {
    const EPS: f64 = 1e-9;
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut row = 0;
    for c in 0..n {
        let Some(p) = (row..matrix.len()).max_by(|a, b| matrix[*a][c].abs().total_cmp(&matrix[*b][c].abs())) else {
            break;
        };
        if matrix[p][c].abs() < EPS {
            continue;
        }
        matrix.swap(row, p);
        let lead = matrix[row][c];
        for v in matrix[row].iter_mut() {
            *v /= lead;
        }
        for r in 0..matrix.len() {
            if r != row && matrix[r][c].abs() >= EPS {
                let f = matrix[r][c];
                let pivot_row = matrix[row].clone();
                for (v, p) in matrix[r].iter_mut().zip(&pivot_row) {
                    *v -= f * p;
                }
            }
        }
        pivots.push((row, c));
        row += 1;
    }
    let pivot_cols: BTreeSet<usize> = pivots.iter().map(|p| p.1).collect();
    pivots
        .into_iter()
        .filter(|(r, _)| (0..n).filter(|c| !pivot_cols.contains(c)).all(|c| matrix[*r][c].abs() < EPS))
        .map(|(_, c)| c)
        .collect()
}
