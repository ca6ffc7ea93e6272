//! The files the sample writes: the denominators, the summary, byte
//! identity, other and scaled regions.

use super::*;

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

#[test]
fn a_scaled_region_is_the_sample_then_copies_with_new_ids_and_denominators_multiplied() {
    let (one, three) = (scratch_dir("scale-1"), scratch_dir("scale-3"));
    generate(&one, &madiun()).unwrap();
    let summary = generate_scaled(&three, &madiun(), 3).unwrap();
    let read = |dir: &Path, name: &str| fs::read_to_string(dir.join(name)).unwrap();
    let mut rows = 0;
    for m in [0, 23] {
        for (file, id_columns) in [
            (format!("exports/peserta_{}.csv", periode(m)), [1, 2]),
            (format!("exports/klaim_{}.csv", periode(m)), [1, 3]),
        ] {
            let (a, b) = (read(&one, &file), read(&three, &file));
            assert!(b.starts_with(&a), "{file}: copy 0 is the sample itself");
            let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().skip(1).collect(), b.lines().skip(1).collect());
            assert_eq!(lb.len(), 3 * la.len(), "{file}");
            for column in id_columns {
                let ids: BTreeSet<String> = lb.iter().map(|l| split(l)[column].clone()).collect();
                assert_eq!(ids.len(), lb.len(), "{file}: column {column} unique across copies");
            }
            for (i, line) in lb.iter().enumerate() {
                let (copy, orig) = (split(line), split(la[i % la.len()]));
                let nik = if file.contains("peserta") { 2 } else { 3 };
                assert_eq!(copy[nik].len(), 16);
                assert_eq!(copy[nik][2..], orig[nik][2..], "{file}: same person's birth date and sequence");
                assert_eq!(copy[nik + 1..], orig[nik + 1..], "{file}: the rest of the row unchanged");
            }
            rows += lb.len();
        }
    }
    assert!(summary.peserta_rows + summary.klaim_rows > rows);
    let (pa, pb) = (read(&one, "reference/penyebut.csv"), read(&three, "reference/penyebut.csv"));
    for (a, b) in pa.lines().zip(pb.lines()).skip(1) {
        let (a, b) = (split(a), split(b));
        assert_eq!(b[3].parse::<u64>().unwrap(), 3 * a[3].parse::<u64>().unwrap());
    }
    for copies in [0, MAX_COPIES + 1] {
        assert!(generate_scaled(&three, &madiun(), copies).is_err());
    }
    let _ = (fs::remove_dir_all(one), fs::remove_dir_all(three));
}
