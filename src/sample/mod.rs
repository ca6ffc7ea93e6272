//! The synthetic region that the demo and the tests run on.
//!
//! Takes the `wilayah` reference rows and writes 24 monthly exports
//! (`exports/peserta_YYYY-MM.csv`, `exports/klaim_YYYY-MM.csv`, 2024-01 to
//! 2025-12) and the denominators (`reference/penyebut.csv`). Every person is
//! synthetic: names are drawn from fixed lists of common first and family
//! names, NIKs are built from the kecamatan code, the birth date and a
//! sequence, and a fixed-seed splitmix64 generator drives every choice, so the
//! output is byte-identical from run to run.
//!
//! Calibration, so that the pipeline reproduces the published figures for
//! Pro JKK-JKM (programme = `sumber_iuran` `APBD`):
//! - Membership: seven cohorts (NON_ASN and RENTAN paid from APBD, FORMAL,
//!   MANDIRI, construction, migrant workers, RENTAN paid by CSR). Each month
//!   starts from last month's active set, removes the deaths scheduled by the
//!   claims plan and a 0.2-0.4% lapse, then adds new members so that the
//!   active count hits the cohort's target exactly. Programme targets follow
//!   the published anchors (Apr 2024 14.087 = 7.750 + 6.337, Oct 2024 16.344,
//!   Nov 2024 16.524, Dec 2025 17.484 = 7.902 + 9.582), linear in between;
//!   the other cohorts grow linearly to 33.809 in Dec 2025, so that everyone
//!   active then is 51.293. Leavers stay listed as NONAKTIF (iuran 0) for
//!   three month-ends, then disappear; the dead become NONAKTIF from the
//!   month-end of the death.
//! - Claims: the constrained windows are planned claim by claim (deaths of
//!   Rp42 juta, work-accident deaths of 48 x the wage, scholarships tied to an
//!   earlier death). In each window one PENGOBATAN claim is the *balancer*:
//!   its amount is the published total minus every other paid programme
//!   claim of the window (Jan-Aug 2024 Rp1,9 miliar, Jan-Nov 2025 Rp6,2
//!   miliar).
//!   Jan-Aug 2024 (Rp1.900.000.000): JKM 43 = 42 deaths + 1 scholarship for
//!   2 children (Rp9 juta); JKK 10 = 1 work-accident death of a BPU member
//!   (Rp48 juta) + 1 scholarship for 1 child (Rp3 juta) + 7 fixed treatments
//!   (PENGOBATAN/STMB, Rp44,2 juta) + the balancer. Jan-Nov 2025
//!   (Rp6.200.000.000, 144 claims): 137 JKM deaths (103 in Jan-Aug, 34 in
//!   Sep-Nov) + 3 JKK deaths (one BPU at Rp48 juta, two NON_ASN at 48 x a
//!   wage near Rp2,75 and Rp3 juta) + 2 scholarships (Rp12 juta, Rp5 juta) +
//!   1 treatment (Rp23,45 juta) + the balancer. Sep-Dec 2024 and Dec 2025 are
//!   free (deaths and a few treatments). Every month also has 1-2 rejected
//!   programme claims and paid claims outside the programme (JHT, JP, JKK,
//!   JKM of FORMAL, MANDIRI, JAKON, PMI and CSR-funded members).
//! - Contributions: RENTAN pay Rp16.800; NON_ASN pay 0,54% of a wage fixed
//!   per member. After the membership is simulated, the wage level is
//!   searched so that programme contributions Jan-Nov 2025 land within
//!   Rp3 miliar +/- Rp1 juta (claim ratio between 206 and 207 percent),
//!   keeping a fixed per-member spread of -20%..+24% around it.
//!
//! Four programme RENTAN members (two born 1955-57, two born 2008) are outside
//! 18-65 on every month-end, to exercise the age warning; they never leave.
//! `penyebut.csv` holds the published denominators and a synthetic
//! `eligible_rentan` per kelurahan that covers its RENTAN members except in
//! one kelurahan, where coverage is 104%.
//!
//! Known tension: officials describe the city's PU payment as "about Rp11.800
//! a month" (a wage near Rp2,2 juta), but with these member counts a Rp3
//! miliar total needs an average near Rp15.000 (a wage near Rp2,8 juta). The
//! sample follows the published totals; the lowest NON_ASN wage is kept at
//! Rp2.186.000 (iuran Rp11.804), the first whole thousand whose 0,54% is at
//! least Rp11.800.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, ensure};
use chrono::{Datelike, NaiveDate};

pub use crate::reference::Kelurahan;

/// What was written, for the caller to print.
pub struct SampleSummary {
    pub files: usize,
    pub peserta_rows: usize,
    pub klaim_rows: usize,
}

/// Writes the synthetic region into `dir`:
///   dir/exports/peserta_YYYY-MM.csv and dir/exports/klaim_YYYY-MM.csv for every month 2024-01..=2025-12,
///   dir/reference/penyebut.csv
/// (the caller copies wilayah.csv itself). Creates folders as needed, overwrites files.
pub fn generate(dir: &Path, wilayah: &[Kelurahan]) -> Result<SampleSummary> {
    generate_scaled(dir, wilayah, 1)
}

/// The most copies `generate_scaled` makes (the NIK's province digits run
/// 10-99): about 4,6 million participants.
pub const MAX_COPIES: u32 = 89;

/// As `generate`, with every person and claim written `copies` times under
/// new ids (see `copy_ids`) and the denominators multiplied: a region
/// `copies` times the size of the sample, for the benchmark. Its figures are
/// the sample's times `copies`; the published calibration holds for 1 only.
pub fn generate_scaled(dir: &Path, wilayah: &[Kelurahan], copies: u32) -> Result<SampleSummary> {
    ensure!((1..=MAX_COPIES).contains(&copies), "the region can be 1 to {MAX_COPIES} times the sample, not {copies}");
    let world = build(wilayah)?;
    write_world(dir, &world, copies)
}

/// Months in the sample: index 0 is 2024-01, index 23 is 2025-12.
const MONTHS: usize = 24;
const FIRST_YEAR: i32 = 2024;
const SEED: u64 = 0x4A41_4D53_5441_5421;
/// A leaver is listed as NONAKTIF at this many month-ends, then disappears.
const NONAKTIF_MONTH_ENDS: i32 = 3;

const JKM_DEATH: i64 = 42_000_000;
const BPU_WAGE: i64 = 1_000_000;
const BPU_IURAN: i64 = 16_800;
/// The first whole thousand whose 0,54% rounds to at least Rp11.800.
const MIN_NON_ASN_WAGE: i64 = 2_186_000;
const CONTRIBUTION_TARGET: i64 = 3_000_000_000;
const CONTRIBUTION_TOLERANCE: i64 = 1_000_000;

/// A constrained window: paid programme claims with `periode` in
/// `first..=last` add up to `amount`, closed by one balancer claim.
struct Window {
    first: usize,
    last: usize,
    amount: i64,
    balancer_max: i64,
}

const WINDOW_2024: Window = Window { first: 0, last: 7, amount: 1_900_000_000, balancer_max: 60_000_000 };
const WINDOW_2025: Window = Window { first: 12, last: 22, amount: 6_200_000_000, balancer_max: 150_000_000 };
/// Contributions are calibrated over Jan-Nov 2025.
const CONTRIBUTION_MONTHS: std::ops::RangeInclusive<usize> = 12..=22;

// ---------------------------------------------------------------- months

fn year_month(m: usize) -> (i32, u32) {
    (FIRST_YEAR + (m / 12) as i32, (m % 12) as u32 + 1)
}

fn days_in_month(m: usize) -> u32 {
    let (y, mo) = year_month(m);
    match mo {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn day(m: usize, d: u32) -> NaiveDate {
    let (y, mo) = year_month(m);
    NaiveDate::from_ymd_opt(y, mo, d.clamp(1, days_in_month(m))).expect("a day inside the month")
}

/// The names of the export files the sample writes, without writing them.
pub fn export_names() -> Vec<String> {
    let names = |dataset: &'static str| (0..MONTHS).map(move |m| format!("{dataset}_{}.csv", periode(m)));
    names("peserta").chain(names("klaim")).collect()
}

fn periode(m: usize) -> String {
    let (y, mo) = year_month(m);
    format!("{y:04}-{mo:02}")
}

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid constant date")
}

// ---------------------------------------------------------------- randomness

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, permille: u64) -> bool {
        self.below(1000) < permille
    }
    fn date_between(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        let (a, b) = (lo.num_days_from_ce(), hi.num_days_from_ce());
        NaiveDate::from_num_days_from_ce_opt(self.between(a as i64, b as i64) as i32).expect("a date in range")
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
}

fn mix(x: u64) -> u64 {
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn hash_str(s: &str) -> u64 {
    mix(s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01B3)))
}

/// `amount * basis / 10000`, rounded half up (amounts are non-negative).
fn percent_of(amount: i64, basis: i64) -> i64 {
    (amount * basis + 5_000) / 10_000
}

// ---------------------------------------------------------------- cohorts

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    NonAsn,
    RentanApbd,
    Formal,
    Mandiri,
    Jakon,
    Pmi,
    RentanCsr,
}

use Group::*;

const GROUPS: [Group; 7] = [NonAsn, RentanApbd, Formal, Mandiri, Jakon, Pmi, RentanCsr];

impl Group {
    fn segmen(self) -> &'static str {
        match self {
            NonAsn | Formal => "PU",
            RentanApbd | Mandiri | RentanCsr => "BPU",
            Jakon => "JAKON",
            Pmi => "PMI",
        }
    }
    fn kategori(self) -> &'static str {
        match self {
            NonAsn => "NON_ASN",
            RentanApbd | RentanCsr => "RENTAN",
            Formal | Jakon => "FORMAL",
            Mandiri | Pmi => "MANDIRI",
        }
    }
    fn sumber(self) -> &'static str {
        match self {
            NonAsn | RentanApbd => "APBD",
            Formal | Jakon => "PEMBERI_KERJA",
            Mandiri | Pmi => "MANDIRI",
            RentanCsr => "CSR",
        }
    }
    fn program(self) -> &'static str {
        match self {
            Formal => "JKK+JKM+JHT+JP",
            Pmi => "JKK+JKM+JHT",
            _ => "JKK+JKM",
        }
    }
    fn is_programme(self) -> bool {
        matches!(self, NonAsn | RentanApbd)
    }
    /// Active members at month-end: exact at the anchors, linear between.
    fn anchors(self) -> &'static [(usize, i64)] {
        match self {
            NonAsn => &[(0, 7720), (3, 7750), (9, 7800), (10, 7808), (11, 7815), (23, 7902)],
            RentanApbd => &[(0, 5900), (3, 6337), (9, 8544), (10, 8716), (11, 8800), (23, 9582)],
            Formal => &[(0, 25_600), (23, 27_500)],
            Mandiri => &[(0, 3650), (23, 3900)],
            Jakon => &[(0, 1360), (23, 1450)],
            Pmi => &[(0, 356), (23, 380)],
            RentanCsr => &[(0, 540), (23, 579)],
        }
    }
    fn target(self, m: usize) -> usize {
        interpolate(self.anchors(), m) as usize
    }
    fn jobs(self) -> &'static [&'static str] {
        match self {
            NonAsn => &["staf administrasi", "tenaga kebersihan", "guru honorer", "petugas keamanan", "sopir"],
            RentanApbd | RentanCsr => &["ojek", "pedagang", "ART", "buruh harian", "tukang parkir", "penjahit"],
            Formal => &["karyawan swasta", "operator produksi", "staf penjualan", "kasir", "teknisi", "perawat"],
            Mandiri => &["pedagang", "petani", "nelayan", "pengemudi daring", "montir", "penjahit"],
            Jakon => &["tukang bangunan", "tukang batu", "mandor", "kenek bangunan"],
            Pmi => &["ART (luar negeri)", "perawat lansia", "buruh pabrik", "anak buah kapal"],
        }
    }
    fn male_permille(self) -> u64 {
        match self {
            NonAsn => 550,
            RentanApbd | RentanCsr => 480,
            Formal => 600,
            Mandiri => 520,
            Jakon => 960,
            Pmi => 300,
        }
    }
    fn birth_years(self) -> (i32, i32) {
        match self {
            // Always 18-65 on every month-end of 2024-2025.
            RentanApbd | RentanCsr => (1961, 2005),
            NonAsn => (1966, 2002),
            Formal => (1966, 2005),
            Mandiri => (1960, 2004),
            Jakon => (1965, 2004),
            Pmi => (1980, 2004),
        }
    }
}

fn interpolate(anchors: &[(usize, i64)], m: usize) -> i64 {
    for pair in anchors.windows(2) {
        let ((m0, v0), (m1, v1)) = (pair[0], pair[1]);
        if (m0..=m1).contains(&m) {
            let (span, step) = ((m1 - m0) as i64, (m - m0) as i64);
            return v0 + ((v1 - v0) * step * 2 + span).div_euclid(2 * span);
        }
    }
    anchors.last().map_or(0, |a| a.1)
}

// ---------------------------------------------------------------- members

#[rustfmt::skip]
const MALE_NAMES: [&str; 20] = [
    "Agus", "Budi", "Dwi", "Eko", "Fajar", "Hendra", "Imam", "Joko", "Slamet", "Wahyu", "Yudi",
    "Rudi", "Bambang", "Arif", "Teguh", "Sigit", "Heri", "Andi", "Rizki", "Purwanto",
];
#[rustfmt::skip]
const FEMALE_NAMES: [&str; 20] = [
    "Sri", "Siti", "Dewi", "Ani", "Endang", "Wulan", "Rina", "Yuni", "Tri", "Nur", "Ratna",
    "Indah", "Sari", "Fitri", "Umi", "Putri", "Ayu", "Wati", "Yeni", "Lilis",
];
#[rustfmt::skip]
const FAMILY_NAMES: [&str; 20] = [
    "Santoso", "Wibowo", "Susanto", "Hidayat", "Pratama", "Saputra", "Rahayu", "Lestari",
    "Setiawan", "Nugroho", "Purnomo", "Wijaya", "Handayani", "Utomo", "Hartono", "Suryani",
    "Prasetyo", "Maharani", "Kusuma", "Firmansyah",
];

struct Member {
    group: Group,
    kpj: u64,
    kel: usize,
    male: bool,
    birth: NaiveDate,
    nik_seq: u16,
    first_name: u8,
    family_name: u8,
    job: u8,
    joined: NaiveDate,
    /// Month index of the first month-end as AKTIF; -1 for members present before the sample.
    join_month: i32,
    /// Month index of the first month-end as NONAKTIF; `i32::MAX` while active.
    leave_month: i32,
    /// NON_ASN wage factor around the calibrated level, in permille.
    spread: u16,
    wage: i64,
    iuran: i64,
    /// One of the four RENTAN members outside 18-65: never lapses or dies.
    protected: bool,
}

impl Member {
    fn aktif(&self, m: usize) -> bool {
        let m = m as i32;
        self.join_month <= m && m < self.leave_month
    }
    fn listed(&self, m: usize) -> bool {
        let m = m as i32;
        self.join_month <= m && m < self.leave_month.saturating_add(NONAKTIF_MONTH_ENDS)
    }
}

mod output;
mod plan;
#[cfg(test)]
mod tests;
mod world;

use output::*;
use plan::*;
use world::*;
