//! The simulation: cohorts month by month, deaths from the plan, calibrated wages.

use super::*;

// ---------------------------------------------------------------- simulation

pub(super) struct World<'a> {
    pub(super) wilayah: &'a [Kelurahan],
    pub(super) members: Vec<Member>,
    pub(super) claims: Vec<Claim>,
}

pub(super) struct Builder {
    pub(super) kec_digits: Vec<[u8; 6]>,
    pub(super) cumulative: Vec<u64>,
    pub(super) nik_seq: BTreeMap<([u8; 6], NaiveDate, bool), u16>,
    pub(super) rng: Rng,
    pub(super) members: Vec<Member>,
    pub(super) active: [Vec<usize>; 7],
    pub(super) outliers_left: u32,
}

/// The six NIK digits of a kelurahan's kecamatan: `35.77.02.1001` -> `357702`.
pub(super) fn kecamatan_digits(kode: &str) -> [u8; 6] {
    let mut out = [b'0'; 6];
    let digits = crate::reference::kecamatan_code(kode).bytes().filter(u8::is_ascii_digit);
    for (slot, d) in out.iter_mut().zip(digits) {
        *slot = d;
    }
    out
}

impl Builder {
    pub(super) fn new(wilayah: &[Kelurahan]) -> Self {
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

    pub(super) fn pick_kelurahan(&mut self) -> usize {
        let total = *self.cumulative.last().expect("a non-empty wilayah");
        let x = self.rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }

    pub(super) fn new_member(&mut self, group: Group, join_month: i32) -> usize {
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
    pub(super) fn add_members(&mut self, counts: [usize; 7], join_month: i32) {
        let mut order: Vec<Group> = GROUPS.iter().flat_map(|&g| std::iter::repeat_n(g, counts[g as usize])).collect();
        self.rng.shuffle(&mut order);
        for g in order {
            let idx = self.new_member(g, join_month);
            self.active[g as usize].push(idx);
        }
    }

    /// Removes one active member of `group`, never a protected one.
    pub(super) fn take(&mut self, group: Group, prefer_spread: Option<u16>) -> Option<usize> {
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

    pub(super) fn run(&mut self, claims: &mut [Claim]) -> Result<()> {
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

pub(super) fn non_asn_wage(level: i64, spread: u16) -> i64 {
    ((level * spread as i64 / 1_000 + 500) / 1_000 * 1_000).max(MIN_NON_ASN_WAGE)
}

pub(super) fn months_active(m: &Member) -> i64 {
    CONTRIBUTION_MONTHS.filter(|&i| m.aktif(i)).count() as i64
}

/// Sets NON_ASN wages so that programme contributions Jan-Nov 2025 land on
/// the target; returns that total.
pub(super) fn calibrate_contributions(members: &mut [Member]) -> Result<i64> {
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
pub(super) fn close_claims(claims: &mut [Claim], members: &[Member]) -> Result<()> {
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

pub(super) fn build(wilayah: &[Kelurahan]) -> Result<World<'_>> {
    ensure!(!wilayah.is_empty(), "the `wilayah` table is empty: the sample needs at least one kelurahan");
    let mut claims = plan_claims();
    let mut builder = Builder::new(wilayah);
    builder.run(&mut claims)?;
    let mut members = builder.members;
    calibrate_contributions(&mut members)?;
    close_claims(&mut claims, &members)?;
    Ok(World { wilayah, members, claims })
}
