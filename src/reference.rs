//! The yearly reference tables in `data/reference/`: `wilayah.csv` (the
//! Kemendagri region codes, keyed on the code) and `penyebut.csv` (every
//! denominator with its year and source).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

/// One kelurahan or desa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kelurahan {
    pub kode_wilayah: String,
    pub kecamatan: String,
    pub kelurahan: String,
}

impl Kelurahan {
    /// `35.77.02.1001` -> `35.77.02`
    pub fn kecamatan_code(&self) -> &str {
        kecamatan_code(&self.kode_wilayah)
    }
}

pub fn kecamatan_code(kode_wilayah: &str) -> &str {
    kode_wilayah.get(..8).unwrap_or(kode_wilayah)
}

/// The region table, sorted by code.
#[derive(Debug, Clone, Default)]
pub struct Wilayah {
    by_code: BTreeMap<String, Kelurahan>,
}

/// One denominator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Penyebut {
    pub tahun: i32,
    pub kode_wilayah: String,
    pub jenis: String,
    pub nilai: i64,
    pub sumber: String,
}

/// Names compare equal when they differ only in case, spaces and hyphens
/// (`Oro-oro Ombo` = `ORO ORO OMBO`).
pub fn same_name(a: &str, b: &str) -> bool {
    // Compared char by char, without building the normalised strings: this
    // runs twice for every ingested row.
    fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase)
    }
    fold(a).eq(fold(b))
}

impl Wilayah {
    pub fn load(path: &Path) -> Result<Wilayah> {
        let rows = read_csv(path, &["kode_wilayah", "kecamatan", "kelurahan"])?;
        let mut by_code = BTreeMap::new();
        for (line, r) in rows {
            let k = Kelurahan { kode_wilayah: r[0].clone(), kecamatan: r[1].clone(), kelurahan: r[2].clone() };
            if !is_kelurahan_code(&k.kode_wilayah) {
                bail!(
                    "`{}` line {line}: `{}` is not a kelurahan code like 35.77.02.1001",
                    path.display(),
                    k.kode_wilayah
                );
            }
            if by_code.insert(k.kode_wilayah.clone(), k).is_some() {
                bail!("`{}` line {line}: code `{}` appears twice", path.display(), r[0]);
            }
        }
        if by_code.is_empty() {
            bail!("`{}` has no kelurahan", path.display());
        }
        Ok(Wilayah { by_code })
    }

    pub fn from_rows(rows: Vec<Kelurahan>) -> Wilayah {
        Wilayah { by_code: rows.into_iter().map(|k| (k.kode_wilayah.clone(), k)).collect() }
    }

    pub fn get(&self, code: &str) -> Option<&Kelurahan> {
        self.by_code.get(code)
    }

    pub fn rows(&self) -> impl Iterator<Item = &Kelurahan> {
        self.by_code.values()
    }
}

/// `NN.NN.NN.NNNN`
pub fn is_kelurahan_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 13
        && b.iter().enumerate().all(|(i, c)| if [2, 5, 8].contains(&i) { *c == b'.' } else { c.is_ascii_digit() })
}

pub fn load_penyebut(path: &Path) -> Result<Vec<Penyebut>> {
    let rows = read_csv(path, &["tahun", "kode_wilayah", "jenis", "nilai", "sumber"])?;
    let mut out = Vec::with_capacity(rows.len());
    for (line, r) in rows {
        let at = || format!("`{}` line {line}", path.display());
        out.push(Penyebut {
            tahun: r[0].parse().with_context(|| format!("{}: `tahun` `{}` is not a year", at(), r[0]))?,
            kode_wilayah: r[1].clone(),
            jenis: r[2].to_lowercase(),
            nilai: r[3].parse().with_context(|| format!("{}: `nilai` `{}` is not a whole number", at(), r[3]))?,
            sumber: r[4].clone(),
        });
    }
    out.sort_by(|a, b| (a.tahun, &a.jenis, &a.kode_wilayah).cmp(&(b.tahun, &b.jenis, &b.kode_wilayah)));
    Ok(out)
}

/// Reads a small UTF-8 CSV with the named columns (any order), trimmed.
fn read_csv(path: &Path, columns: &[&str]) -> Result<Vec<(u64, Vec<String>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    let headers = reader.headers().with_context(|| format!("failed to read `{}`", path.display()))?.clone();
    let index: Vec<usize> = columns
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(c))
                .with_context(|| format!("`{}` has no column `{c}`", path.display()))
        })
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("failed to read `{}`", path.display()))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        out.push((line, index.iter().map(|&i| record.get(i).unwrap_or("").to_string()).collect()));
    }
    Ok(out)
}

/// The denominator of `jenis` for the region: the latest year <= `year`.
pub fn denominator<'a>(penyebut: &'a [Penyebut], region: &str, jenis: &str, year: i32) -> Option<&'a Penyebut> {
    penyebut.iter().filter(|p| p.jenis == jenis && p.kode_wilayah == region && p.tahun <= year).max_by_key(|p| p.tahun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_spelling_variants() {
        assert!(same_name("Oro-oro Ombo", "ORO ORO OMBO"));
        assert!(same_name("Madiun Lor", "madiunlor"));
        assert!(!same_name("Nambangan Lor", "Nambangan Kidul"));
    }

    #[test]
    fn codes_have_the_kemendagri_shape() {
        assert!(is_kelurahan_code("35.77.02.1001"));
        assert!(is_kelurahan_code("64.02.01.2001"));
        assert!(!is_kelurahan_code("35.77.02"));
        assert!(!is_kelurahan_code("35-77-02-1001"));
        assert_eq!(kecamatan_code("35.77.02.1001"), "35.77.02");
    }
}
