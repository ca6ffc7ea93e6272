//! The words of the table, as types: who a figure counts (`Scope`), what
//! it is broken down by (`Dimension`) and what it measures (`Unit`). Each
//! is written as its text in every output (`kpi.csv`, `kpi.json`, the
//! open data) and parsed back exactly: a query that writes `Programme` or
//! `Segmen` is refused.

use std::fmt;

use serde::Serialize;

/// Who a figure counts: every participant of the region, or the
/// programme's members (`sumber_iuran` in the configured scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    All,
    Programme,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::All, Scope::Programme];

    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Programme => "programme",
        }
    }

    /// The scope a query wrote, exactly (`Programme` is not a scope).
    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a figure is broken down by; `total` for the figure itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Total,
    Segmen,
    Kategori,
    SumberIuran,
    Program,
    JenisManfaat,
    JenisKelamin,
    AgeBand,
    Kecamatan,
    Kelurahan,
    /// A kelurahan's members by `kategori`: the category is the kelurahan's
    /// code and the kategori, joined by `/` (`35.77.01.1001/RENTAN`).
    KelurahanKategori,
    /// The denominators of a coverage figure (derived, never from a query).
    Denominator,
    /// The indicator a target or capaian row is about (from the config).
    Indicator,
}

impl Dimension {
    pub const ALL: [Dimension; 13] = [
        Dimension::Total,
        Dimension::Segmen,
        Dimension::Kategori,
        Dimension::SumberIuran,
        Dimension::Program,
        Dimension::JenisManfaat,
        Dimension::JenisKelamin,
        Dimension::AgeBand,
        Dimension::Kecamatan,
        Dimension::Kelurahan,
        Dimension::KelurahanKategori,
        Dimension::Denominator,
        Dimension::Indicator,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Dimension::Total => "total",
            Dimension::Segmen => "segmen",
            Dimension::Kategori => "kategori",
            Dimension::SumberIuran => "sumber_iuran",
            Dimension::Program => "program",
            Dimension::JenisManfaat => "jenis_manfaat",
            Dimension::JenisKelamin => "jenis_kelamin",
            Dimension::AgeBand => "age_band",
            Dimension::Kecamatan => "kecamatan",
            Dimension::Kelurahan => "kelurahan",
            Dimension::KelurahanKategori => "kelurahan_kategori",
            Dimension::Denominator => "denominator",
            Dimension::Indicator => "indicator",
        }
    }

    /// The dimension a query wrote, exactly.
    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A breakdown by area, which disclosure control protects.
    pub fn is_area(self) -> bool {
        matches!(self, Dimension::Kecamatan | Dimension::Kelurahan | Dimension::KelurahanKategori)
    }

    /// The kelurahan code and the kategori of a `kelurahan_kategori`
    /// category (a kelurahan code holds no `/`).
    pub fn split_kelurahan_kategori(category: &str) -> Option<(&str, &str)> {
        category.split_once('/')
    }

    /// The `kelurahan_kategori` category of a kelurahan and a kategori.
    pub fn kelurahan_kategori(kelurahan: &str, kategori: &str) -> String {
        format!("{kelurahan}/{kategori}")
    }
}

/// What a figure counts or measures: a count (people, claims), a sum of
/// Rupiah, or a fraction (a percentage, days), which is fixed-point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Orang,
    Klaim,
    Rupiah,
    Persen,
    Hari,
    /// Not fixed by the catalogue: a target takes its indicator's unit.
    Unspecified,
}

impl Unit {
    pub const ALL: [Unit; 6] = [Unit::Orang, Unit::Klaim, Unit::Rupiah, Unit::Persen, Unit::Hari, Unit::Unspecified];

    pub const fn as_str(self) -> &'static str {
        match self {
            Unit::Orang => "orang",
            Unit::Klaim => "klaim",
            Unit::Rupiah => "rupiah",
            Unit::Persen => "persen",
            Unit::Hari => "hari",
            Unit::Unspecified => "",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// People or claims: what disclosure control counts against its threshold.
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Orang | Unit::Klaim)
    }

    /// A sum of Rupiah.
    pub fn is_sum(self) -> bool {
        self == Unit::Rupiah
    }

    /// Kept as fixed-point with four decimals (targets may have decimals).
    pub fn is_fractional(self) -> bool {
        matches!(self, Unit::Persen | Unit::Hari)
    }
}

/// The words of the table are written as text in every output.
macro_rules! serialize_as_str {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
serialize_as_str!(Unit, Scope, Dimension);
