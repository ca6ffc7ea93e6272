//! The sample reaches every published target and stays well-formed.
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

/// The files the sample writes: the denominators, the summary, determinism, other regions.
mod output;
