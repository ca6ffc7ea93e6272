//! Every published indicator: its id, unit, where it is computed and what
//! it means (Indonesian label for reports, English definition for `--list`).

use crate::table::Unit;

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub id: &'static str,
    pub unit: Unit,
    /// The query family (`queries/<source>.sql`) or `derived` (exact arithmetic in `derived.rs`).
    pub source: &'static str,
    pub label: &'static str,
    pub definition: &'static str,
}

const fn ind(
    id: &'static str,
    unit: Unit,
    source: &'static str,
    label: &'static str,
    definition: &'static str,
) -> Indicator {
    Indicator { id, unit, source, label, definition }
}

pub const CATALOGUE: &[Indicator] = &[
    ind(
        "members_active",
        Unit::Orang,
        "members",
        "Peserta aktif",
        "distinct kpj with status AKTIF in the snapshot of the period's last month",
    ),
    ind(
        "members_new",
        Unit::Orang,
        "members",
        "Peserta baru",
        "active at period end with tgl_kepesertaan inside the period",
    ),
    ind(
        "members_lapsed",
        Unit::Orang,
        "members",
        "Peserta berhenti",
        "active in the snapshot before the period, not active (absent or NONAKTIF) at its end",
    ),
    ind(
        "quota",
        Unit::Orang,
        "config",
        "Kuota program",
        "the programme's yearly quota from the config, for the year of the period's last month",
    ),
    ind(
        "quota_remaining",
        Unit::Orang,
        "derived",
        "Sisa kuota",
        "quota - programme members_active (negative: over quota)",
    ),
    ind("quota_used_pct", Unit::Persen, "derived", "Kuota terpakai", "programme members_active / quota x 100"),
    ind(
        "contributions_paid",
        Unit::Rupiah,
        "contributions",
        "Iuran dibayar",
        "sum of iuran over the period's snapshots",
    ),
    ind(
        "claims_paid_count",
        Unit::Klaim,
        "claims",
        "Klaim dibayar",
        "distinct no_klaim with status DIBAYAR decided in the period",
    ),
    ind("claims_paid_amount", Unit::Rupiah, "claims", "Nilai klaim dibayar", "sum of nominal of the paid claims"),
    ind(
        "claims_rejected_count",
        Unit::Klaim,
        "claims",
        "Klaim ditolak",
        "distinct no_klaim with status DITOLAK decided in the period",
    ),
    ind(
        "death_claims_count",
        Unit::Klaim,
        "claims",
        "Klaim kematian",
        "paid SANTUNAN_KEMATIAN claims of any program (one row is one death)",
    ),
    ind(
        "scholarship_recipients",
        Unit::Orang,
        "claims",
        "Penerima beasiswa",
        "sum of jumlah_penerima of paid BEASISWA claims",
    ),
    ind("scholarship_amount", Unit::Rupiah, "claims", "Nilai beasiswa", "sum of nominal of paid BEASISWA claims"),
    ind(
        "claim_ratio_pct",
        Unit::Persen,
        "derived",
        "Rasio klaim",
        "claims_paid_amount / contributions_paid x 100, cash basis, same months; by program JKK and JKM without scholarships, BEASISWA apart",
    ),
    ind(
        "workers_covered",
        Unit::Orang,
        "derived",
        "Pekerja terlindungi",
        "members_active of all participants at period end",
    ),
    ind(
        "coverage_pct",
        Unit::Persen,
        "derived",
        "Cakupan kepesertaan",
        "workers_covered / denominator x 100 (headline from the config; every worker denominator present as dimension `denominator`)",
    ),
    ind(
        "workers_uncovered",
        Unit::Orang,
        "derived",
        "Pekerja belum terlindungi",
        "headline denominator - workers_covered, floored at 0",
    ),
    ind(
        "days_to_payment_median",
        Unit::Hari,
        "claims",
        "Median hari sampai klaim dibayar",
        "median days from tgl_kejadian to tgl_bayar of paid claims (an even count takes the mean of the middle two)",
    ),
    ind(
        "ucj_target_pct",
        Unit::Persen,
        "config",
        "Target cakupan UCJ",
        "the Universal Coverage Jamsostek target for the period's year, from the config",
    ),
    ind(
        "ucj_gap",
        Unit::Orang,
        "derived",
        "Pekerja yang masih dibutuhkan untuk target UCJ",
        "ceil(target x headline denominator / 100) - workers_covered, floored at 0, in exact decimal arithmetic",
    ),
    ind(
        "bpu_coverage_pct",
        Unit::Persen,
        "coverage",
        "Cakupan pekerja bukan penerima upah",
        "active members with segmen BPU / semesta_bpu x 100 (Bappenas 06.02.021)",
    ),
    ind(
        "vulnerable_eligible",
        Unit::Orang,
        "coverage",
        "Pekerja rentan yang memenuhi syarat",
        "sum of eligible_rentan (latest year not after the period's); by kecamatan and kelurahan",
    ),
    ind(
        "vulnerable_covered_pct",
        Unit::Persen,
        "coverage",
        "Cakupan pekerja rentan",
        "programme members in a vulnerable kategori / vulnerable_eligible x 100; roll-ups add numerators and denominators",
    ),
    ind(
        "vulnerable_eligible_uncovered",
        Unit::Orang,
        "coverage",
        "Pekerja rentan yang belum terlindungi",
        "eligible - covered per kelurahan, floored at 0; kecamatan and region sum the kelurahan gaps",
    ),
    ind(
        "vulnerable_quota_share_pct",
        Unit::Persen,
        "coverage",
        "Bagian sisa kuota",
        "vulnerable_eligible_uncovered / quota_remaining x 100: the share of the quota left that an area's uncovered vulnerable workers would take; n/a when no quota is left",
    ),
    ind(
        "non_asn_covered_pct",
        Unit::Persen,
        "coverage",
        "Cakupan pegawai non-ASN",
        "programme members in a non-ASN kategori / non_asn x 100",
    ),
    ind(
        "target",
        Unit::Unspecified,
        "config",
        "Target",
        "the target from the config's [targets] for the period (else its year); category = the indicator; unit = the indicator's",
    ),
    ind(
        "capaian_pct",
        Unit::Persen,
        "derived",
        "Capaian",
        "realisation / target x 100, the realisation being the indicator's total; category = the indicator",
    ),
    ind(
        "apbd_budget",
        Unit::Rupiah,
        "config",
        "Anggaran iuran APBD",
        "the programme's APBD budget for contributions for the period's year, from the config",
    ),
    ind(
        "apbd_realisation_pct",
        Unit::Persen,
        "derived",
        "Realisasi anggaran iuran",
        "programme contributions_paid in the period / apbd_budget x 100 (for a calendar year: the budget realisation)",
    ),
];

/// Where an indicator is computed, as a path from the project root.
pub fn source_path(source: &str) -> String {
    match source {
        "derived" => "src/indicators/derived.rs (exact arithmetic on query rows)".into(),
        "config" => "jamstat.toml".into(),
        family => format!("queries/{family}.sql"),
    }
}

/// Whether figures of `unit` carry decimals (percent and days) or are whole.
pub fn get(id: &str) -> Option<&'static Indicator> {
    CATALOGUE.iter().find(|i| i.id == id)
}

pub fn unit(id: &str) -> Unit {
    get(id).map_or(Unit::Unspecified, |i| i.unit)
}
