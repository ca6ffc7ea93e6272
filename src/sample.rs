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

/// One row of the `wilayah` reference table (read by the caller from data/reference/wilayah.csv).
pub struct Kelurahan {
    pub kode_wilayah: String,
    pub kecamatan: String,
    pub kelurahan: String,
}

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
    let world = build(wilayah)?;
    write_world(dir, &world)
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

// ---------------------------------------------------------------- claims plan

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Death,
    /// A scholarship for the children of the member who died in claim `of`.
    Beasiswa {
        of: usize,
    },
    Other,
    Balancer,
}

struct Claim {
    periode: usize,
    /// Month of the incident: `periode` or the month before (deaths only).
    incident: usize,
    group: Group,
    program: &'static str,
    manfaat: &'static str,
    role: Role,
    paid: bool,
    children: u32,
    nominal: i64,
    /// For a NON_ASN death: pick the member whose wage factor is nearest this.
    prefer_spread: Option<u16>,
    member: usize,
    kejadian: NaiveDate,
    bayar: Option<NaiveDate>,
}

struct Planner {
    rng: Rng,
    claims: Vec<Claim>,
}

impl Planner {
    fn push(
        &mut self,
        periode: usize,
        group: Group,
        program: &'static str,
        manfaat: &'static str,
        role: Role,
    ) -> usize {
        let rng = &mut self.rng;
        let before = role == Role::Death && periode > 0 && rng.chance(400);
        let incident = if before { periode - 1 } else { periode };
        let (kejadian, bayar) = if before {
            (day(incident, rng.between(5, 20) as u32), day(periode, rng.between(1, 25) as u32))
        } else {
            let d = rng.between(1, 10) as u32;
            (day(periode, d), day(periode, rng.between(d as i64 + 5, 28) as u32))
        };
        self.claims.push(Claim {
            periode,
            incident,
            group,
            program,
            manfaat,
            role,
            paid: true,
            children: 1,
            nominal: 0,
            prefer_spread: None,
            member: usize::MAX,
            kejadian,
            bayar: Some(bayar),
        });
        self.claims.len() - 1
    }
    fn death(&mut self, periode: usize, group: Group, program: &'static str) -> usize {
        self.push(periode, group, program, "SANTUNAN_KEMATIAN", Role::Death)
    }
    fn paid(&mut self, periode: usize, group: Group, program: &'static str, manfaat: &'static str, nominal: i64) {
        let id = self.push(periode, group, program, manfaat, Role::Other);
        self.claims[id].nominal = nominal;
    }
    fn rejected(&mut self, periode: usize, group: Group, program: &'static str, manfaat: &'static str) {
        let id = self.push(periode, group, program, manfaat, Role::Other);
        self.claims[id].paid = false;
        self.claims[id].bayar = None;
    }
    fn beasiswa(&mut self, periode: usize, of: usize, children: u32, per_child: i64) {
        let (group, program) = (self.claims[of].group, self.claims[of].program);
        let id = self.push(periode, group, program, "BEASISWA", Role::Beasiswa { of });
        self.claims[id].children = children;
        self.claims[id].nominal = per_child * children as i64;
        self.claims[id].bayar = Some(day(periode, self.rng.between(1, 28) as u32));
    }
    fn balancer(&mut self, periode: usize) {
        let group = self.programme_group();
        self.push(periode, group, "JKK", "PENGOBATAN", Role::Balancer);
    }
    fn programme_group(&mut self) -> Group {
        if self.rng.chance(400) { NonAsn } else { RentanApbd }
    }
    fn programme_deaths(&mut self, periode: usize, n: usize) -> Vec<usize> {
        (0..n)
            .map(|_| {
                let g = self.programme_group();
                self.death(periode, g, "JKM")
            })
            .collect()
    }
    fn free_treatments(&mut self, periode: usize, n: usize) {
        for _ in 0..n {
            let g = self.programme_group();
            let manfaat = if self.rng.chance(600) { "PENGOBATAN" } else { "STMB" };
            let amount = self.rng.between(2_000, 40_000) * 1_000;
            self.paid(periode, g, "JKK", manfaat, amount);
        }
    }
    /// Claims outside the programme and rejections: free, every month.
    fn background(&mut self, m: usize) {
        for _ in 0..self.rng.between(1, 2) {
            let g = self.programme_group();
            let manfaat = if self.rng.chance(500) { "PENGOBATAN" } else { "STMB" };
            self.rejected(m, g, "JKK", manfaat);
        }
        for _ in 0..3 {
            let g = match self.rng.below(20) {
                0..=11 => Formal,
                12..=14 => Mandiri,
                15..=16 => Jakon,
                17..=18 => RentanCsr,
                _ => Pmi,
            };
            self.death(m, g, "JKM");
        }
        for _ in 0..5 {
            let amount = self.rng.between(5_000, 90_000) * 1_000;
            self.paid(m, Formal, "JHT", "LAINNYA", amount);
        }
        for _ in 0..2 {
            let amount = self.rng.between(400, 1_500) * 1_000;
            self.paid(m, Formal, "JP", "SANTUNAN_BERKALA", amount);
        }
        for _ in 0..2 {
            let g = if self.rng.chance(700) { Formal } else { Jakon };
            let amount = self.rng.between(2_000, 40_000) * 1_000;
            self.paid(m, g, "JKK", "PENGOBATAN", amount);
        }
        if m % 2 == 1 {
            self.rejected(m, Formal, "JHT", "LAINNYA");
        }
    }
}

/// The claims of all 24 months, before claimants are drawn and amounts closed.
fn plan_claims() -> Vec<Claim> {
    let mut p = Planner { rng: Rng(SEED ^ 0xC1A1), claims: Vec::new() };

    // Jan-Aug 2024: JKM 43 = 42 deaths + 1 scholarship (2 children); JKK 10 =
    // 1 BPU work-accident death + 1 scholarship (1 child) + 7 treatments + the
    // balancer; Rp1,9 miliar in all.
    let mut first_feb_death = 0;
    for (m, n) in [5, 5, 6, 5, 5, 6, 5, 5].into_iter().enumerate() {
        let ids = p.programme_deaths(m, n);
        if m == 1 {
            first_feb_death = ids[0];
        }
    }
    let jkk_death_2024 = p.death(2, RentanApbd, "JKK");
    p.beasiswa(3, first_feb_death, 2, 4_500_000);
    p.beasiswa(4, jkk_death_2024, 1, 3_000_000);
    let treatments = [
        (0, "PENGOBATAN", 4_200_000),
        (1, "STMB", 7_850_000),
        (2, "PENGOBATAN", 2_600_000),
        (3, "PENGOBATAN", 11_300_000),
        (4, "STMB", 5_750_000),
        (6, "PENGOBATAN", 3_400_000),
        (7, "STMB", 9_100_000),
    ];
    for (m, manfaat, amount) in treatments {
        let g = p.programme_group();
        p.paid(m, g, "JKK", manfaat, amount);
    }
    p.balancer(5);

    // Sep-Dec 2024: free.
    for m in 8..12 {
        p.programme_deaths(m, 8);
        let n = p.rng.between(1, 2) as usize;
        p.free_treatments(m, n);
    }

    // Jan-Nov 2025: 144 paid = 137 JKM deaths (103 in Jan-Aug) + 3 JKK deaths
    // + 2 scholarships + 2 treatments (one the balancer); Rp6,2 miliar.
    let mut first_feb_death = 0;
    for (i, n) in [13, 12, 13, 13, 13, 13, 13, 13, 11, 12, 11].into_iter().enumerate() {
        let ids = p.programme_deaths(12 + i, n);
        if i == 1 {
            first_feb_death = ids[0];
        }
    }
    let jkk_death_2025 = p.death(14, RentanApbd, "JKK");
    for (m, spread) in [(17, 1000), (20, 1090)] {
        let id = p.death(m, NonAsn, "JKK");
        p.claims[id].prefer_spread = Some(spread);
    }
    p.beasiswa(15, first_feb_death, 2, 6_000_000);
    p.beasiswa(16, jkk_death_2025, 1, 5_000_000);
    let g = p.programme_group();
    p.paid(18, g, "JKK", "PENGOBATAN", 23_450_000);
    p.balancer(21);

    // Dec 2025: free.
    p.programme_deaths(23, 10);
    p.free_treatments(23, 2);

    for m in 0..MONTHS {
        p.background(m);
    }
    p.claims
}

// ---------------------------------------------------------------- simulation

struct World<'a> {
    wilayah: &'a [Kelurahan],
    members: Vec<Member>,
    claims: Vec<Claim>,
}

struct Builder {
    kec_digits: Vec<[u8; 6]>,
    cumulative: Vec<u64>,
    nik_seq: BTreeMap<([u8; 6], NaiveDate, bool), u16>,
    rng: Rng,
    members: Vec<Member>,
    active: [Vec<usize>; 7],
    outliers_left: u32,
}

/// The six NIK digits of a kelurahan's kecamatan: `35.77.02.1001` -> `357702`.
fn kecamatan_digits(kode: &str) -> [u8; 6] {
    let mut out = [b'0'; 6];
    let digits = kode.get(..8).unwrap_or(kode).bytes().filter(u8::is_ascii_digit);
    for (slot, d) in out.iter_mut().zip(digits) {
        *slot = d;
    }
    out
}

impl Builder {
    fn new(wilayah: &[Kelurahan]) -> Self {
        let mut total = 0;
        let cumulative = wilayah
            .iter()
            .map(|k| {
                total += 60 + hash_str(&k.kode_wilayah) % 81;
                total
            })
            .collect();
        Builder {
            kec_digits: wilayah.iter().map(|k| kecamatan_digits(&k.kode_wilayah)).collect(),
            cumulative,
            nik_seq: BTreeMap::new(),
            rng: Rng(SEED),
            members: Vec::new(),
            active: Default::default(),
            outliers_left: 4,
        }
    }

    fn pick_kelurahan(&mut self) -> usize {
        let total = *self.cumulative.last().expect("a non-empty wilayah");
        let x = self.rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }

    fn new_member(&mut self, group: Group, join_month: i32) -> usize {
        let idx = self.members.len();
        let kel = self.pick_kelurahan();
        let rng = &mut self.rng;
        let male = rng.chance(group.male_permille());
        let protected = group == RentanApbd && join_month < 0 && self.outliers_left > 0;
        let mut birth = if protected {
            self.outliers_left -= 1;
            // Two too old, two too young on every month-end of the sample.
            if self.outliers_left >= 2 {
                rng.date_between(ymd(1955, 1, 1), ymd(1957, 12, 31))
            } else {
                rng.date_between(ymd(2008, 2, 1), ymd(2008, 10, 31))
            }
        } else {
            let (lo, hi) = group.birth_years();
            rng.date_between(ymd(lo, 1, 1), ymd(hi, 12, 31))
        };
        let nik_seq = loop {
            let seq = self.nik_seq.entry((self.kec_digits[kel], birth, male)).or_insert(0);
            if *seq < 9999 {
                *seq += 1;
                break *seq;
            }
            birth = birth.succ_opt().expect("a representable date");
        };
        let joined = if join_month < 0 {
            let adult = birth.with_year(birth.year() + 17).unwrap_or(birth);
            let (lo, hi) = (ymd(2019, 1, 1).max(adult), ymd(2023, 11, 30));
            rng.date_between(lo.min(ymd(2023, 6, 1)), hi)
        } else {
            let m = join_month as usize;
            day(m, rng.between(1, days_in_month(m) as i64) as u32)
        };
        let (wage, iuran) = match group {
            NonAsn => (0, 0), // set by the contributions calibration
            RentanApbd | RentanCsr => (BPU_WAGE, BPU_IURAN),
            Formal => {
                let w = rng.between(2_400, 6_000) * 1_000;
                (w, percent_of(w, 924))
            }
            Jakon => {
                let w = rng.between(2_500, 4_500) * 1_000;
                (w, percent_of(w, 54))
            }
            Mandiri if rng.chance(250) => (3_000_000, 36_800),
            Mandiri => (BPU_WAGE, BPU_IURAN),
            Pmi => (BPU_WAGE, 36_800),
        };
        let names = if male { MALE_NAMES.len() } else { FEMALE_NAMES.len() };
        let member = Member {
            group,
            kpj: 10_240_000_000 + idx as u64 * 17 + mix(idx as u64) % 17,
            kel,
            male,
            birth,
            nik_seq,
            first_name: rng.below(names as u64) as u8,
            family_name: rng.below(FAMILY_NAMES.len() as u64) as u8,
            job: rng.below(group.jobs().len() as u64) as u8,
            joined,
            join_month,
            leave_month: i32::MAX,
            spread: if group == NonAsn { rng.between(800, 1240) as u16 } else { 1000 },
            wage,
            iuran,
            protected,
        };
        self.members.push(member);
        idx
    }

    /// Creates `counts[g]` members of each cohort, interleaved.
    fn add_members(&mut self, counts: [usize; 7], join_month: i32) {
        let mut order: Vec<Group> = GROUPS.iter().flat_map(|&g| std::iter::repeat_n(g, counts[g as usize])).collect();
        self.rng.shuffle(&mut order);
        for g in order {
            let idx = self.new_member(g, join_month);
            self.active[g as usize].push(idx);
        }
    }

    /// Removes one active member of `group`, never a protected one.
    fn take(&mut self, group: Group, prefer_spread: Option<u16>) -> Option<usize> {
        let (members, rng) = (&self.members, &mut self.rng);
        let pool = &mut self.active[group as usize];
        let pos = match prefer_spread {
            Some(s) => pool
                .iter()
                .enumerate()
                .filter(|(_, i)| !members[**i].protected)
                .min_by_key(|(_, i)| members[**i].spread.abs_diff(s))
                .map(|(p, _)| p),
            None if pool.is_empty() => None,
            None => (0..64).map(|_| rng.below(pool.len() as u64) as usize).find(|&p| !members[pool[p]].protected),
        }?;
        Some(pool.swap_remove(pos))
    }

    fn run(&mut self, claims: &mut [Claim]) -> Result<()> {
        self.add_members(GROUPS.map(|g| g.target(0)), -1);
        for m in 0..MONTHS {
            // Claimants of non-death claims were active at last month-end.
            for c in claims.iter_mut().filter(|c| c.periode == m && matches!(c.role, Role::Other | Role::Balancer)) {
                let pool = &self.active[c.group as usize];
                ensure!(!pool.is_empty(), "no active {:?} member for a claim in {}", c.group, periode(m));
                c.member = pool[self.rng.below(pool.len() as u64) as usize];
            }
            for c in claims.iter_mut().filter(|c| c.role == Role::Death && c.incident == m) {
                let who = self.take(c.group, c.prefer_spread);
                c.member = who.with_context(|| format!("no active {:?} member to die in {}", c.group, periode(m)))?;
                self.members[c.member].leave_month = m as i32;
            }
            for g in GROUPS {
                let rate = self.rng.between(20, 40) as usize;
                let lapses = (self.active[g as usize].len() * rate + 5_000) / 10_000;
                for _ in 0..lapses {
                    if let Some(i) = self.take(g, None) {
                        self.members[i].leave_month = m as i32;
                    }
                }
            }
            let mut counts = [0; 7];
            for g in GROUPS {
                let (have, want) = (self.active[g as usize].len(), g.target(m));
                ensure!(have <= want, "{:?} has {have} members in {} but the target is {want}", g, periode(m));
                counts[g as usize] = want - have;
            }
            self.add_members(counts, m as i32);
        }
        Ok(())
    }
}

fn non_asn_wage(level: i64, spread: u16) -> i64 {
    ((level * spread as i64 / 1_000 + 500) / 1_000 * 1_000).max(MIN_NON_ASN_WAGE)
}

fn months_active(m: &Member) -> i64 {
    CONTRIBUTION_MONTHS.filter(|&i| m.aktif(i)).count() as i64
}

/// Sets NON_ASN wages so that programme contributions Jan-Nov 2025 land on
/// the target; returns that total.
fn calibrate_contributions(members: &mut [Member]) -> Result<i64> {
    let rentan: i64 = members.iter().filter(|m| m.group == RentanApbd).map(|m| months_active(m) * m.iuran).sum();
    let non_asn: Vec<(usize, i64)> =
        members.iter().enumerate().filter(|(_, m)| m.group == NonAsn).map(|(i, m)| (i, months_active(m))).collect();
    let total = |level: i64| -> i64 {
        rentan + non_asn.iter().map(|&(i, n)| n * percent_of(non_asn_wage(level, members[i].spread), 54)).sum::<i64>()
    };
    let (mut lo, mut hi) = (100_000_i64, 50_000_000_i64);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if total(mid) < CONTRIBUTION_TARGET { lo = mid + 1 } else { hi = mid }
    }
    let level = [lo - 1, lo].into_iter().min_by_key(|&l| (total(l) - CONTRIBUTION_TARGET).abs()).unwrap_or(lo);
    let result = total(level);
    ensure!(
        (result - CONTRIBUTION_TARGET).abs() <= CONTRIBUTION_TOLERANCE,
        "programme contributions Jan-Nov 2025 cannot reach the target: closest is {result}"
    );
    for &(i, _) in &non_asn {
        let m = &mut members[i];
        m.wage = non_asn_wage(level, m.spread);
        m.iuran = percent_of(m.wage, 54);
    }
    Ok(result)
}

/// Sets the death amounts, links scholarships to their death and closes each
/// window with its balancer.
fn close_claims(claims: &mut [Claim], members: &[Member]) -> Result<()> {
    for i in 0..claims.len() {
        match claims[i].role {
            Role::Death if claims[i].program == "JKK" => claims[i].nominal = 48 * members[claims[i].member].wage,
            Role::Death => claims[i].nominal = JKM_DEATH,
            Role::Beasiswa { of } => {
                claims[i].member = claims[of].member;
                claims[i].kejadian = claims[of].kejadian;
            }
            _ => {}
        }
    }
    for w in [WINDOW_2024, WINDOW_2025] {
        let inside = |c: &Claim| c.paid && c.group.is_programme() && (w.first..=w.last).contains(&c.periode);
        let others: i64 = claims.iter().filter(|c| inside(c) && c.role != Role::Balancer).map(|c| c.nominal).sum();
        let mut balancers = claims.iter_mut().filter(|c| inside(c) && c.role == Role::Balancer);
        let (Some(b), None) = (balancers.next(), balancers.next()) else {
            anyhow::bail!("each window needs exactly one balancer claim");
        };
        b.nominal = w.amount - others;
        ensure!(
            (2_000_000..=w.balancer_max).contains(&b.nominal),
            "the balancer of {} is {} rupiah, outside 2 juta..{}",
            periode(b.periode),
            b.nominal,
            w.balancer_max
        );
    }
    Ok(())
}

fn build(wilayah: &[Kelurahan]) -> Result<World<'_>> {
    ensure!(!wilayah.is_empty(), "the `wilayah` table is empty: the sample needs at least one kelurahan");
    let mut claims = plan_claims();
    let mut builder = Builder::new(wilayah);
    builder.run(&mut claims)?;
    let mut members = builder.members;
    calibrate_contributions(&mut members)?;
    close_claims(&mut claims, &members)?;
    Ok(World { wilayah, members, claims })
}

// ---------------------------------------------------------------- output

/// A CSV field, quoted only when it holds a comma, a quote or a line break.
fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("failed to create `{}`", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

impl World<'_> {
    fn nik(&self, m: &Member) -> String {
        let kec = std::str::from_utf8(&self.kec_digits(m)).unwrap_or("000000").to_owned();
        let dd = m.birth.day() + if m.male { 0 } else { 40 };
        format!("{kec}{dd:02}{:02}{:02}{:04}", m.birth.month(), m.birth.year().rem_euclid(100), m.nik_seq)
    }
    fn kec_digits(&self, m: &Member) -> [u8; 6] {
        kecamatan_digits(&self.wilayah[m.kel].kode_wilayah)
    }
    /// Claimant columns: kpj,nik,kecamatan,kelurahan,kode_wilayah,segmen,kategori,sumber_iuran
    fn claimant(&self, m: &Member) -> String {
        let k = &self.wilayah[m.kel];
        format!(
            "{},{},{},{},{},{},{},{}",
            m.kpj,
            self.nik(m),
            field(&k.kecamatan),
            field(&k.kelurahan),
            field(&k.kode_wilayah),
            m.group.segmen(),
            m.group.kategori(),
            m.group.sumber()
        )
    }
    /// Peserta columns from kpj to tgl_kepesertaan, fixed for a member.
    fn peserta_middle(&self, m: &Member) -> String {
        let k = &self.wilayah[m.kel];
        let first = if m.male { MALE_NAMES } else { FEMALE_NAMES }[m.first_name as usize];
        let nama = format!("{first} {}", FAMILY_NAMES[m.family_name as usize]);
        format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            m.kpj,
            self.nik(m),
            field(&nama),
            iso(m.birth),
            if m.male { "L" } else { "P" },
            field(&k.kode_wilayah),
            field(&k.kecamatan),
            field(&k.kelurahan),
            m.group.segmen(),
            m.group.kategori(),
            m.group.sumber(),
            m.group.program(),
            field(m.group.jobs()[m.job as usize]),
            iso(m.joined)
        )
    }
}

fn write_world(dir: &Path, world: &World) -> Result<SampleSummary> {
    let exports = dir.join("exports");
    let reference = dir.join("reference");
    for d in [&exports, &reference] {
        fs::create_dir_all(d).with_context(|| format!("failed to create `{}`", d.display()))?;
    }
    let mut summary = SampleSummary { files: 0, peserta_rows: 0, klaim_rows: 0 };
    let middles: Vec<String> = world.members.iter().map(|m| world.peserta_middle(m)).collect();
    for m in 0..MONTHS {
        let per = periode(m);
        let path = exports.join(format!("peserta_{per}.csv"));
        let mut w = create(&path)?;
        w.write_all(b"periode,kpj,nik,nama,tgl_lahir,jenis_kelamin,kode_wilayah,kecamatan,kelurahan,segmen,kategori,sumber_iuran,program,pekerjaan,tgl_kepesertaan,status,iuran\n")?;
        for (mem, middle) in world.members.iter().zip(&middles).filter(|(mem, _)| mem.listed(m)) {
            let (status, iuran) = if mem.aktif(m) { ("AKTIF", mem.iuran) } else { ("NONAKTIF", 0) };
            writeln!(w, "{per},{middle},{status},{iuran}")?;
            summary.peserta_rows += 1;
        }
        w.flush().with_context(|| format!("failed to write `{}`", path.display()))?;
        summary.files += 1;
    }
    for m in 0..MONTHS {
        let per = periode(m);
        let (y, mo) = year_month(m);
        let mut rows: Vec<&Claim> = world.claims.iter().filter(|c| c.periode == m).collect();
        rows.sort_by_key(|c| (c.kejadian, world.members[c.member].kpj, c.program, c.manfaat));
        let path = exports.join(format!("klaim_{per}.csv"));
        let mut w = create(&path)?;
        w.write_all(b"periode,no_klaim,kpj,nik,kecamatan,kelurahan,kode_wilayah,segmen,kategori,sumber_iuran,program,jenis_manfaat,tgl_kejadian,tgl_bayar,status,nominal,jumlah_penerima\n")?;
        for (seq, c) in rows.iter().enumerate() {
            let (bayar, status, nominal) = match (c.paid, c.bayar) {
                (true, Some(b)) => (iso(b), "DIBAYAR", c.nominal),
                _ => (String::new(), "DITOLAK", 0),
            };
            writeln!(
                w,
                "{per},KLM{y:04}{mo:02}{:04},{},{},{},{},{},{status},{nominal},{}",
                seq + 1,
                world.claimant(&world.members[c.member]),
                c.program,
                c.manfaat,
                iso(c.kejadian),
                bayar,
                c.children
            )?;
            summary.klaim_rows += 1;
        }
        w.flush().with_context(|| format!("failed to write `{}`", path.display()))?;
        summary.files += 1;
    }
    let path = reference.join("penyebut.csv");
    let mut w = create(&path)?;
    w.write_all(b"tahun,kode_wilayah,jenis,nilai,sumber\n")?;
    for r in penyebut(world) {
        writeln!(w, "{},{},{},{},{}", r.tahun, field(&r.kode), r.jenis, r.nilai, field(r.sumber))?;
    }
    w.flush().with_context(|| format!("failed to write `{}`", path.display()))?;
    summary.files += 1;
    Ok(summary)
}

// ---------------------------------------------------------------- denominators

struct PenyebutRow {
    tahun: i32,
    kode: String,
    jenis: &'static str,
    nilai: u64,
    sumber: &'static str,
}

/// Splits `total` over `weights` by largest remainder (ties to the first).
fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut out: Vec<u64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total * weights[i] % sum), i));
    let short = total - out.iter().sum::<u64>();
    for &i in order.iter().take(short as usize) {
        out[i] += 1;
    }
    out
}

/// The region's code: the first five characters of the kelurahan codes' common prefix (`35.77`).
fn region_code(wilayah: &[Kelurahan]) -> String {
    let first = &wilayah[0].kode_wilayah;
    let common = wilayah.iter().fold(first.len(), |n, k| {
        first.bytes().zip(k.kode_wilayah.bytes()).take(n).take_while(|(a, b)| a == b).count()
    });
    first.chars().take(common.min(5)).collect()
}

fn penyebut(world: &World) -> Vec<PenyebutRow> {
    const SYNTHETIC: &str = "sintetis (contoh)";
    const ELIGIBLE: &str = "sintetis (contoh): DTSEN desil 1-5, usia 18-65";
    let region = region_code(world.wilayah);
    let row =
        |tahun, kode: &str, jenis, nilai, sumber| PenyebutRow { tahun, kode: kode.to_owned(), jenis, nilai, sumber };
    let mut rows = vec![
        row(2024, &region, "potensi_kepesertaan", 95_410, "BPJS Ketenagakerjaan Cabang Madiun"),
        row(2025, &region, "potensi_kepesertaan", 96_093, "BPJS Ketenagakerjaan Cabang Madiun"),
        row(2024, &region, "bekerja", 110_196, "BPS, Sakernas Agustus 2024"),
        row(2024, &region, "angkatan_kerja", 115_142, "BPS, Sakernas Agustus 2024"),
        row(2024, &region, "semesta_bpu", 41_250, SYNTHETIC),
        row(2025, &region, "semesta_bpu", 41_890, SYNTHETIC),
        row(2024, &region, "non_asn", 7_960, SYNTHETIC),
        row(2025, &region, "non_asn", 8_050, SYNTHETIC),
    ];
    // RENTAN active in Dec 2025 per kelurahan: all of them, and the programme's.
    let n = world.wilayah.len();
    let (mut covered, mut programme) = (vec![0u64; n], vec![0u64; n]);
    for m in world.members.iter().filter(|m| m.group.kategori() == "RENTAN" && m.aktif(MONTHS - 1)) {
        covered[m.kel] += 1;
        programme[m.kel] += u64::from(m.group.is_programme());
    }
    // Eligible covers every kelurahan's RENTAN members except one, the
    // kelurahan with the most programme RENTAN members, where coverage is 104%.
    let over = (0..n).max_by_key(|&i| (programme[i], std::cmp::Reverse(i))).unwrap_or(0);
    let mut eligible_2025 = covered.clone();
    eligible_2025[over] = programme[over] * 96 / 100;
    let assigned: u64 = eligible_2025.iter().sum();
    let mut weights = covered.clone();
    weights[over] = 0;
    for (e, extra) in eligible_2025.iter_mut().zip(apportion(12_000_u64.saturating_sub(assigned), &weights)) {
        *e += extra;
    }
    let eligible_2024 = apportion(11_000, &eligible_2025);
    for (k, (e24, e25)) in world.wilayah.iter().zip(eligible_2024.into_iter().zip(eligible_2025)) {
        rows.push(row(2024, &k.kode_wilayah, "eligible_rentan", e24, ELIGIBLE));
        rows.push(row(2025, &k.kode_wilayah, "eligible_rentan", e25, ELIGIBLE));
    }
    rows.sort_by(|a, b| (a.tahun, a.jenis, &a.kode).cmp(&(b.tahun, b.jenis, &b.kode)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::PathBuf;
    use std::sync::OnceLock;
    use std::time::Instant;

    const MADIUN: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/reference/wilayah.csv"));
    const PESERTA_HEADER: &str = "periode,kpj,nik,nama,tgl_lahir,jenis_kelamin,kode_wilayah,kecamatan,kelurahan,segmen,kategori,sumber_iuran,program,pekerjaan,tgl_kepesertaan,status,iuran";
    const KLAIM_HEADER: &str = "periode,no_klaim,kpj,nik,kecamatan,kelurahan,kode_wilayah,segmen,kategori,sumber_iuran,program,jenis_manfaat,tgl_kejadian,tgl_bayar,status,nominal,jumlah_penerima";

    // klaim columns
    const PERIODE: usize = 0;
    const NO_KLAIM: usize = 1;
    const KPJ: usize = 2;
    const SEGMEN: usize = 7;
    const SUMBER: usize = 9;
    const PROGRAM: usize = 10;
    const MANFAAT: usize = 11;
    const KEJADIAN: usize = 12;
    const BAYAR: usize = 13;
    const STATUS: usize = 14;
    const NOMINAL: usize = 15;
    const PENERIMA: usize = 16;

    fn madiun() -> Vec<Kelurahan> {
        MADIUN
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f = split(l.trim_end_matches('\r'));
                Kelurahan { kode_wilayah: f[0].clone(), kecamatan: f[1].clone(), kelurahan: f[2].clone() }
            })
            .collect()
    }

    fn scratch_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("jamstat-sample-{name}-{}", std::process::id()))
    }

    /// Splits one CSV line, honouring quotes.
    fn split(line: &str) -> Vec<String> {
        let (mut out, mut cur, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        out.push(cur);
        out
    }

    fn fnv(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01B3))
    }

    fn hash_files(dir: &Path) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for sub in ["exports", "reference"] {
            for entry in fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                out.insert(
                    format!("{sub}/{}", path.file_name().unwrap().to_string_lossy()),
                    fnv(&fs::read(&path).unwrap()),
                );
            }
        }
        out
    }

    fn age(birth: NaiveDate, at: NaiveDate) -> i32 {
        let years = at.year() - birth.year();
        if (at.month(), at.day()) < (birth.month(), birth.day()) { years - 1 } else { years }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|_| panic!("`{s}` is not an ISO date"))
    }

    /// What the tests need from one generated region, read back from its files.
    struct Facts {
        summary: SampleSummary,
        /// Per month: AKTIF rows by (sumber_iuran, segmen, kategori).
        aktif: Vec<BTreeMap<(String, String, String), u32>>,
        aktif_all: Vec<u32>,
        apbd_iuran: Vec<i64>,
        min_non_asn_iuran: i64,
        /// Per month: the kpjs listed, in file order.
        kpjs: Vec<Vec<u64>>,
        /// Per kpj: (month, AKTIF) for every snapshot listing it.
        history: BTreeMap<u64, Vec<(usize, bool)>>,
        nik_of: BTreeMap<u64, String>,
        nik_problems: Vec<String>,
        row_problems: Vec<String>,
        rentan_outside_18_65: BTreeSet<u64>,
        /// Dec 2025 AKTIF RENTAN per kode_wilayah: (all, APBD).
        rentan_dec_2025: BTreeMap<String, (u64, u64)>,
        claims: Vec<Vec<String>>,
        penyebut: Vec<Vec<String>>,
        hashes: BTreeMap<String, u64>,
    }

    fn facts() -> &'static Facts {
        static FACTS: OnceLock<Facts> = OnceLock::new();
        FACTS.get_or_init(load)
    }

    fn nik_problem(f: &[&str]) -> Option<String> {
        let (nik, kode, lahir, jk) = (f[2], f[6], date(f[4]), f[5]);
        if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("nik `{nik}` is not 16 digits"));
        }
        let kec: String = kode[..8].chars().filter(char::is_ascii_digit).collect();
        let dd = lahir.day() + if jk == "P" { 40 } else { 0 };
        let expected = format!("{kec}{dd:02}{:02}{:02}", lahir.month(), lahir.year() % 100);
        (nik[..12] != expected).then(|| format!("nik `{nik}` does not match {kode} {lahir} {jk}"))
    }

    fn load() -> Facts {
        let dir = scratch_dir("figures");
        let start = Instant::now();
        let summary = generate(&dir, &madiun()).expect("the sample generates");
        eprintln!("generate wrote {} files in {:.2?}", summary.files, start.elapsed());
        let mut f = Facts {
            summary,
            aktif: Vec::new(),
            aktif_all: Vec::new(),
            apbd_iuran: Vec::new(),
            min_non_asn_iuran: i64::MAX,
            kpjs: Vec::new(),
            history: BTreeMap::new(),
            nik_of: BTreeMap::new(),
            nik_problems: Vec::new(),
            row_problems: Vec::new(),
            rentan_outside_18_65: BTreeSet::new(),
            rentan_dec_2025: BTreeMap::new(),
            claims: Vec::new(),
            penyebut: Vec::new(),
            hashes: hash_files(&dir),
        };
        for m in 0..MONTHS {
            let per = periode(m);
            let month_end = day(m, 31);
            let text = fs::read_to_string(dir.join(format!("exports/peserta_{per}.csv"))).unwrap();
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some(PESERTA_HEADER));
            let (mut aktif, mut all, mut apbd, mut kpjs) = (BTreeMap::new(), 0, 0, Vec::new());
            for line in lines {
                let r: Vec<&str> = line.split(',').collect();
                assert_eq!(r.len(), 17, "{line}");
                let kpj: u64 = r[1].parse().unwrap();
                if r[0] != per || r[1].len() != 11 {
                    f.row_problems.push(format!("bad periode or kpj: {line}"));
                }
                kpjs.push(kpj);
                let is_aktif = r[15] == "AKTIF";
                let iuran: i64 = r[16].parse().unwrap();
                if !is_aktif && (r[15] != "NONAKTIF" || iuran != 0) {
                    f.row_problems.push(format!("NONAKTIF with iuran: {line}"));
                }
                f.history.entry(kpj).or_default().push((m, is_aktif));
                if let Some(p) = nik_problem(&r) {
                    f.nik_problems.push(p);
                }
                if f.nik_of.entry(kpj).or_insert_with(|| r[2].to_owned()) != r[2] {
                    f.nik_problems.push(format!("kpj {kpj} changes its nik"));
                }
                if r[10] == "RENTAN" && !(18..=65).contains(&age(date(r[4]), month_end)) {
                    f.rentan_outside_18_65.insert(kpj);
                }
                if is_aktif {
                    all += 1;
                    *aktif.entry((r[11].to_owned(), r[9].to_owned(), r[10].to_owned())).or_insert(0) += 1;
                    if r[11] == "APBD" {
                        apbd += iuran;
                    }
                    if r[10] == "NON_ASN" {
                        f.min_non_asn_iuran = f.min_non_asn_iuran.min(iuran);
                    }
                    if m == MONTHS - 1 && r[10] == "RENTAN" {
                        let e = f.rentan_dec_2025.entry(r[6].to_owned()).or_insert((0, 0));
                        e.0 += 1;
                        e.1 += u64::from(r[11] == "APBD");
                    }
                }
            }
            f.aktif.push(aktif);
            f.aktif_all.push(all);
            f.apbd_iuran.push(apbd);
            f.kpjs.push(kpjs);

            let text = fs::read_to_string(dir.join(format!("exports/klaim_{per}.csv"))).unwrap();
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some(KLAIM_HEADER));
            f.claims.extend(lines.map(split));
        }
        let text = fs::read_to_string(dir.join("reference/penyebut.csv")).unwrap();
        assert_eq!(text.lines().next(), Some("tahun,kode_wilayah,jenis,nilai,sumber"));
        f.penyebut = text.lines().skip(1).map(split).collect();
        fs::remove_dir_all(&dir).unwrap();
        f
    }

    fn members(m: usize, sumber: &str, segmen: &str, kategori: &str) -> u32 {
        let key = (sumber.to_owned(), segmen.to_owned(), kategori.to_owned());
        facts().aktif[m].get(&key).copied().unwrap_or(0)
    }

    fn programme(m: usize) -> u32 {
        members(m, "APBD", "PU", "NON_ASN") + members(m, "APBD", "BPU", "RENTAN")
    }

    /// Paid programme claims decided in `first..=last` (`YYYY-MM`).
    fn paid_programme(first: &str, last: &str) -> Vec<&'static Vec<String>> {
        facts()
            .claims
            .iter()
            .filter(|c| c[SUMBER] == "APBD" && c[STATUS] == "DIBAYAR")
            .filter(|c| (first..=last).contains(&c[PERIODE].as_str()))
            .collect()
    }

    fn amount(claims: &[&Vec<String>]) -> i64 {
        claims.iter().map(|c| c[NOMINAL].parse::<i64>().unwrap()).sum()
    }

    fn count(claims: &[&Vec<String>], program: &str, manfaat: Option<&str>) -> usize {
        claims.iter().filter(|c| c[PROGRAM] == program && manfaat.is_none_or(|j| c[MANFAAT] == j)).count()
    }

    #[test]
    fn april_2024_programme_has_14087_members_7750_pu_and_6337_bpu() {
        assert_eq!(members(3, "APBD", "PU", "NON_ASN"), 7750);
        assert_eq!(members(3, "APBD", "BPU", "RENTAN"), 6337);
        assert_eq!(programme(3), 14_087);
    }

    #[test]
    fn programme_has_16344_members_in_october_and_16524_in_november_2024() {
        assert_eq!(programme(9), 16_344);
        assert_eq!(programme(10), 16_524);
    }

    #[test]
    fn december_2025_programme_is_7902_non_asn_plus_9582_rentan_in_a_city_of_51293() {
        assert_eq!(members(23, "APBD", "PU", "NON_ASN"), 7902);
        assert_eq!(members(23, "APBD", "BPU", "RENTAN"), 9582);
        assert_eq!(programme(23), 17_484);
        assert_eq!(facts().aktif_all[23], 51_293);
    }

    #[test]
    fn every_cohort_hits_its_target_every_month() {
        let cohort = |m: usize, g: Group| members(m, g.sumber(), g.segmen(), g.kategori()) as usize;
        for m in 0..MONTHS {
            for g in GROUPS {
                assert_eq!(cohort(m, g), g.target(m), "{g:?} in {}", periode(m));
            }
        }
        assert_eq!(interpolate(NonAsn.anchors(), 1), 7730);
        assert_eq!(interpolate(RentanApbd.anchors(), 17), 9191);
    }

    #[test]
    fn jan_aug_2024_programme_paid_43_jkm_and_10_jkk_claims_worth_1_9_miliar() {
        let claims = paid_programme("2024-01", "2024-08");
        assert_eq!(count(&claims, "JKM", None), 43);
        assert_eq!(count(&claims, "JKM", Some("SANTUNAN_KEMATIAN")), 42);
        assert_eq!(count(&claims, "JKK", None), 10);
        let jkk_deaths: Vec<_> =
            claims.iter().filter(|c| c[PROGRAM] == "JKK" && c[MANFAAT] == "SANTUNAN_KEMATIAN").collect();
        assert_eq!(jkk_deaths.len(), 1);
        assert_eq!((jkk_deaths[0][SEGMEN].as_str(), jkk_deaths[0][NOMINAL].as_str()), ("BPU", "48000000"));
        let recipients: u32 =
            claims.iter().filter(|c| c[MANFAAT] == "BEASISWA").map(|c| c[PENERIMA].parse::<u32>().unwrap()).sum();
        assert_eq!(recipients, 3);
        assert_eq!(amount(&claims), 1_900_000_000);
    }

    #[test]
    fn jan_aug_2025_programme_had_103_jkm_deaths() {
        let claims = paid_programme("2025-01", "2025-08");
        assert_eq!(count(&claims, "JKM", Some("SANTUNAN_KEMATIAN")), 103);
    }

    #[test]
    fn jan_nov_2025_programme_paid_144_claims_worth_6_2_miliar() {
        let claims = paid_programme("2025-01", "2025-11");
        assert_eq!(claims.len(), 144);
        assert_eq!(amount(&claims), 6_200_000_000);
        for c in claims.iter().filter(|c| c[MANFAAT] == "PENGOBATAN") {
            let n: i64 = c[NOMINAL].parse().unwrap();
            assert!((2_000_000..=150_000_000).contains(&n), "{c:?}");
        }
    }

    #[test]
    fn jan_nov_2025_contributions_give_a_claim_ratio_between_206_and_207_percent() {
        let contributions: i64 = facts().apbd_iuran[12..=22].iter().sum();
        let ratio = 6_200_000_000.0 / contributions as f64 * 100.0;
        eprintln!("programme contributions Jan-Nov 2025: {contributions}, claim ratio {ratio:.3}%");
        assert!((contributions - 3_000_000_000).abs() <= 1_000_000, "{contributions}");
        assert!((206.0..207.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn non_asn_members_pay_at_least_11800() {
        assert!(facts().min_non_asn_iuran >= 11_800, "{}", facts().min_non_asn_iuran);
    }

    #[test]
    fn kpj_is_unique_and_sorted_in_every_snapshot() {
        for (m, kpjs) in facts().kpjs.iter().enumerate() {
            assert!(kpjs.windows(2).all(|w| w[0] < w[1]), "{}", periode(m));
        }
        assert!(facts().row_problems.is_empty(), "{:?}", &facts().row_problems[..3.min(facts().row_problems.len())]);
    }

    #[test]
    fn nik_has_16_digits_and_agrees_with_birth_date_sex_and_kecamatan() {
        let problems = &facts().nik_problems;
        assert!(problems.is_empty(), "{} problems, first {:?}", problems.len(), problems.first());
    }

    #[test]
    fn nik_is_unique_per_person() {
        let niks: BTreeSet<&String> = facts().nik_of.values().collect();
        assert_eq!(niks.len(), facts().nik_of.len());
    }

    #[test]
    fn leavers_stay_nonaktif_for_three_month_ends_then_disappear() {
        let mut leavers = 0;
        for (kpj, h) in &facts().history {
            assert!(h.windows(2).all(|w| w[1].0 == w[0].0 + 1), "kpj {kpj} has a gap");
            assert!(h.windows(2).all(|w| w[0].1 || !w[1].1), "kpj {kpj} comes back");
            let nonaktif = h.iter().filter(|s| !s.1).count();
            let last = h.last().unwrap().0;
            if nonaktif > 0 {
                leavers += 1;
                assert!(nonaktif == 3 || last == MONTHS - 1, "kpj {kpj}: {h:?}");
            }
        }
        assert!(leavers > 1000, "{leavers}");
    }

    #[test]
    fn every_claimant_is_listed_in_the_claim_month_or_the_month_before() {
        for c in &facts().claims {
            let m = (0..MONTHS).find(|&m| periode(m) == c[PERIODE]).unwrap();
            let kpj: u64 = c[KPJ].parse().unwrap();
            let listed = |m: usize| facts().kpjs[m].binary_search(&kpj).is_ok();
            assert!(listed(m) || (m > 0 && listed(m - 1)), "{c:?}");
            assert_eq!(facts().nik_of.get(&kpj), Some(&c[3]), "{c:?}");
        }
    }

    #[test]
    fn claims_have_consistent_numbers_dates_and_statuses() {
        let claims = &facts().claims;
        let numbers: BTreeSet<&String> = claims.iter().map(|c| &c[NO_KLAIM]).collect();
        assert_eq!(numbers.len(), claims.len());
        for m in 0..MONTHS {
            let month: Vec<_> = claims.iter().filter(|c| c[PERIODE] == periode(m)).collect();
            assert!(month.windows(2).all(|w| w[0][NO_KLAIM] < w[1][NO_KLAIM]));
            let rejected = month.iter().filter(|c| c[SUMBER] == "APBD" && c[STATUS] == "DITOLAK").count();
            assert!((1..=2).contains(&rejected), "{} programme rejections in {}", rejected, periode(m));
            assert!(month.iter().any(|c| c[SUMBER] != "APBD" && c[STATUS] == "DIBAYAR"));
        }
        for c in claims {
            assert_eq!(c.len(), 17, "{c:?}");
            assert!(c[PENERIMA].parse::<u32>().unwrap() >= 1);
            let kejadian = date(&c[KEJADIAN]);
            match c[STATUS].as_str() {
                "DIBAYAR" => {
                    let bayar = date(&c[BAYAR]);
                    assert_eq!(&c[BAYAR][..7], c[PERIODE], "{c:?}");
                    let days = (bayar - kejadian).num_days();
                    if c[MANFAAT] == "BEASISWA" {
                        assert!(days > 0, "{c:?}");
                    } else {
                        assert!((5..=60).contains(&days), "{c:?}");
                    }
                    assert!(c[NOMINAL].parse::<i64>().unwrap() > 0);
                }
                "DITOLAK" => assert_eq!((c[BAYAR].as_str(), c[NOMINAL].as_str()), ("", "0")),
                other => panic!("status {other}"),
            }
        }
    }

    #[test]
    fn exactly_four_rentan_members_are_outside_18_65() {
        assert_eq!(facts().rentan_outside_18_65.len(), 4);
    }

    #[test]
    fn penyebut_holds_the_published_denominators_sorted() {
        let rows = &facts().penyebut;
        let value = |tahun: &str, kode: &str, jenis: &str| {
            let r = rows.iter().find(|r| r[0] == tahun && r[1] == kode && r[2] == jenis).unwrap();
            (r[3].parse::<u64>().unwrap(), r[4].as_str())
        };
        assert_eq!(value("2025", "35.77", "potensi_kepesertaan"), (96_093, "BPJS Ketenagakerjaan Cabang Madiun"));
        assert_eq!(96_093 - u64::from(facts().aktif_all[23]), 44_800);
        assert_eq!(value("2024", "35.77", "potensi_kepesertaan").0, 95_410);
        assert_eq!(value("2024", "35.77", "bekerja"), (110_196, "BPS, Sakernas Agustus 2024"));
        assert_eq!(value("2024", "35.77", "angkatan_kerja"), (115_142, "BPS, Sakernas Agustus 2024"));
        let keys: Vec<_> = rows.iter().map(|r| (r[0].clone(), r[2].clone(), r[1].clone())).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by (tahun, jenis, kode_wilayah), no duplicates");
        let eligible = |tahun: &str| -> BTreeMap<String, u64> {
            rows.iter()
                .filter(|r| r[0] == tahun && r[2] == "eligible_rentan")
                .map(|r| (r[1].clone(), r[3].parse().unwrap()))
                .collect()
        };
        let (e24, e25) = (eligible("2024"), eligible("2025"));
        assert_eq!((e24.len(), e25.len()), (27, 27));
        assert!((10_500..=11_500).contains(&e24.values().sum::<u64>()));
        assert!((11_500..=12_500).contains(&e25.values().sum::<u64>()));
        let covered = &facts().rentan_dec_2025;
        let over_all = e25.iter().filter(|(k, e)| covered.get(*k).map_or(0, |c| c.0) > **e).count();
        let over_apbd = e25.iter().filter(|(k, e)| covered.get(*k).map_or(0, |c| c.1) > **e).count();
        assert_eq!((over_all, over_apbd), (1, 1));
    }

    #[test]
    fn summary_counts_what_was_written() {
        let f = facts();
        assert_eq!(f.summary.files, 49);
        assert_eq!(f.hashes.len(), 49);
        assert_eq!(f.summary.peserta_rows, f.kpjs.iter().map(Vec::len).sum::<usize>());
        assert_eq!(f.summary.klaim_rows, f.claims.len());
    }

    #[test]
    fn generating_twice_gives_byte_identical_files() {
        let dir = scratch_dir("again");
        generate(&dir, &madiun()).unwrap();
        let hashes = hash_files(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(hashes, facts().hashes);
    }

    #[test]
    fn a_one_kelurahan_region_elsewhere_still_reaches_every_target() {
        let wilayah = [Kelurahan {
            kode_wilayah: "64.02.01.2001".into(),
            kecamatan: "Samboja".into(),
            kelurahan: "Sungai Seluang, Ilir".into(),
        }];
        let world = build(&wilayah).unwrap();
        let aktif = |g: Group, m: usize| world.members.iter().filter(|x| x.group == g && x.aktif(m)).count();
        assert_eq!(aktif(NonAsn, 23) + aktif(RentanApbd, 23), 17_484);
        assert_eq!(world.nik(&world.members[0])[..6], *"640201");
        let rows = penyebut(&world);
        assert!(rows.iter().all(|r| r.kode.starts_with("64.02")));
        assert_eq!(world.peserta_middle(&world.members[0]).matches("\"Sungai Seluang, Ilir\"").count(), 1);
    }

    #[test]
    fn an_empty_region_is_refused() {
        let err = build(&[]).err().unwrap();
        assert!(err.to_string().contains("`wilayah` table is empty"));
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("Oro-oro Ombo"), "Oro-oro Ombo");
        assert_eq!(field("BPS, Sakernas"), "\"BPS, Sakernas\"");
        assert_eq!(field("a \"b\""), "\"a \"\"b\"\"\"");
        assert_eq!(split("1,\"BPS, Sakernas\",x"), ["1", "BPS, Sakernas", "x"]);
    }
}
