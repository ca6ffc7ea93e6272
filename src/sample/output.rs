//! Writing the exports and the denominators.

use super::*;

// ---------------------------------------------------------------- output

/// A CSV field, quoted only when it holds a comma, a quote or a line break.
pub(super) fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

pub(super) fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("failed to create `{}`", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

impl World<'_> {
    pub(super) fn nik(&self, m: &Member) -> String {
        let kec = std::str::from_utf8(&self.kec_digits(m)).unwrap_or("000000").to_owned();
        let dd = m.birth.day() + if m.male { 0 } else { 40 };
        format!("{kec}{dd:02}{:02}{:02}{:04}", m.birth.month(), m.birth.year().rem_euclid(100), m.nik_seq)
    }
    pub(super) fn kec_digits(&self, m: &Member) -> [u8; 6] {
        kecamatan_digits(&self.wilayah[m.kel].kode_wilayah)
    }
    /// Claimant columns: kpj,nik,kecamatan,kelurahan,kode_wilayah,segmen,kategori,sumber_iuran
    pub(super) fn claimant(&self, m: &Member) -> String {
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
    pub(super) fn peserta_middle(&self, m: &Member) -> String {
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

/// The ids of a member (or claimant) in copy `c` of a scaled region: the
/// `kpj` moved up by `c` x 10^8 (the sample's span is far smaller, so the
/// copies never meet) and the NIK's two province digits moved on by `c`
/// (within 10-99), so every copy is a different person. Copy 0 is the
/// sample itself.
pub(super) fn copy_ids(c: u32, kpj: u64, nik: &str) -> (u64, Cow<'_, str>) {
    if c == 0 {
        return (kpj, Cow::Borrowed(nik));
    }
    let province: u32 = nik[..2].parse().unwrap_or(10);
    let moved = (province.saturating_sub(10) + c) % 90 + 10;
    (kpj + u64::from(c) * 100_000_000, Cow::Owned(format!("{moved:02}{}", &nik[2..])))
}

/// `kpj,nik,rest` -> the three parts (the sample writes both first).
fn split_ids(line: &str) -> (u64, &str, &str) {
    let mut parts = line.splitn(3, ',');
    let kpj = parts.next().and_then(|k| k.parse().ok()).unwrap_or_default();
    (kpj, parts.next().unwrap_or_default(), parts.next().unwrap_or_default())
}

pub(super) fn write_world(dir: &Path, world: &World, copies: u32) -> Result<SampleSummary> {
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
        for c in 0..copies {
            for (mem, middle) in world.members.iter().zip(&middles).filter(|(mem, _)| mem.listed(m)) {
                let (status, iuran) = if mem.aktif(m) { ("AKTIF", mem.iuran) } else { ("NONAKTIF", 0) };
                let (kpj, nik, rest) = split_ids(middle);
                let (kpj, nik) = copy_ids(c, kpj, nik);
                writeln!(w, "{per},{kpj},{nik},{rest},{status},{iuran}")?;
                summary.peserta_rows += 1;
            }
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
        let copied = (0..copies).flat_map(|copy| rows.iter().map(move |c| (copy, c)));
        for (seq, (copy, c)) in copied.enumerate() {
            let (bayar, status, nominal) = match (c.paid, c.bayar) {
                (true, Some(b)) => (iso(b), "DIBAYAR", c.nominal),
                _ => (String::new(), "DITOLAK", 0),
            };
            let claimant = world.claimant(&world.members[c.member]);
            let (kpj, nik, rest) = split_ids(&claimant);
            let (kpj, nik) = copy_ids(copy, kpj, nik);
            writeln!(
                w,
                "{per},KLM{y:04}{mo:02}{:04},{kpj},{nik},{rest},{},{},{},{},{status},{nominal},{}",
                seq + 1,
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
        writeln!(w, "{},{},{},{},{}", r.tahun, field(&r.kode), r.jenis, r.nilai * u64::from(copies), field(r.sumber))?;
    }
    w.flush().with_context(|| format!("failed to write `{}`", path.display()))?;
    summary.files += 1;
    Ok(summary)
}

// ---------------------------------------------------------------- denominators

pub(super) struct PenyebutRow {
    pub(super) tahun: i32,
    pub(super) kode: String,
    pub(super) jenis: &'static str,
    pub(super) nilai: u64,
    pub(super) sumber: &'static str,
}

/// Splits `total` over `weights` by largest remainder (ties to the first).
pub(super) fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
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
pub(super) fn region_code(wilayah: &[Kelurahan]) -> String {
    let first = &wilayah[0].kode_wilayah;
    let common = wilayah.iter().fold(first.len(), |n, k| {
        first.bytes().zip(k.kode_wilayah.bytes()).take(n).take_while(|(a, b)| a == b).count()
    });
    first.chars().take(common.min(5)).collect()
}

pub(super) fn penyebut(world: &World) -> Vec<PenyebutRow> {
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
