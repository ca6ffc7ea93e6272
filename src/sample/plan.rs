//! The claims plan: every constrained window claim by claim, with its balancer.

use super::*;

// ---------------------------------------------------------------- claims plan

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Death,
    /// A scholarship for the children of the member who died in claim `of`.
    Beasiswa {
        of: usize,
    },
    Other,
    Balancer,
}

pub(super) struct Claim {
    pub(super) periode: usize,
    /// Month of the incident: `periode` or the month before (deaths only).
    pub(super) incident: usize,
    pub(super) group: Group,
    pub(super) program: &'static str,
    pub(super) manfaat: &'static str,
    pub(super) role: Role,
    pub(super) paid: bool,
    pub(super) children: u32,
    pub(super) nominal: i64,
    /// For a NON_ASN death: pick the member whose wage factor is nearest this.
    pub(super) prefer_spread: Option<u16>,
    pub(super) member: usize,
    pub(super) kejadian: NaiveDate,
    pub(super) bayar: Option<NaiveDate>,
}

pub(super) struct Planner {
    pub(super) rng: Rng,
    pub(super) claims: Vec<Claim>,
}

impl Planner {
    pub(super) fn push(
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
    pub(super) fn death(&mut self, periode: usize, group: Group, program: &'static str) -> usize {
        self.push(periode, group, program, "SANTUNAN_KEMATIAN", Role::Death)
    }
    pub(super) fn paid(
        &mut self,
        periode: usize,
        group: Group,
        program: &'static str,
        manfaat: &'static str,
        nominal: i64,
    ) {
        let id = self.push(periode, group, program, manfaat, Role::Other);
        self.claims[id].nominal = nominal;
    }
    pub(super) fn rejected(&mut self, periode: usize, group: Group, program: &'static str, manfaat: &'static str) {
        let id = self.push(periode, group, program, manfaat, Role::Other);
        self.claims[id].paid = false;
        self.claims[id].bayar = None;
    }
    pub(super) fn beasiswa(&mut self, periode: usize, of: usize, children: u32, per_child: i64) {
        let (group, program) = (self.claims[of].group, self.claims[of].program);
        let id = self.push(periode, group, program, "BEASISWA", Role::Beasiswa { of });
        self.claims[id].children = children;
        self.claims[id].nominal = per_child * children as i64;
        self.claims[id].bayar = Some(day(periode, self.rng.between(1, 28) as u32));
    }
    pub(super) fn balancer(&mut self, periode: usize) {
        let group = self.programme_group();
        self.push(periode, group, "JKK", "PENGOBATAN", Role::Balancer);
    }
    pub(super) fn programme_group(&mut self) -> Group {
        if self.rng.chance(400) { NonAsn } else { RentanApbd }
    }
    pub(super) fn programme_deaths(&mut self, periode: usize, n: usize) -> Vec<usize> {
        (0..n)
            .map(|_| {
                let g = self.programme_group();
                self.death(periode, g, "JKM")
            })
            .collect()
    }
    pub(super) fn free_treatments(&mut self, periode: usize, n: usize) {
        for _ in 0..n {
            let g = self.programme_group();
            let manfaat = if self.rng.chance(600) { "PENGOBATAN" } else { "STMB" };
            let amount = self.rng.between(2_000, 40_000) * 1_000;
            self.paid(periode, g, "JKK", manfaat, amount);
        }
    }
    /// Claims outside the programme and rejections: free, every month.
    pub(super) fn background(&mut self, m: usize) {
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
pub(super) fn plan_claims() -> Vec<Claim> {
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
