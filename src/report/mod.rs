//! placeholder until the report stage lands
pub struct ReportInput {
    pub region_name: String,
    pub programme_name: String,
    pub period: String,
    pub previous_period: String,
    pub year_ago_period: String,
    pub trend_months: Vec<String>,
    pub release_date: chrono::NaiveDate,
    pub wilayah: Vec<Wilayah>,
    pub table: crate::indicators::KpiTable,
    pub data_quality: Vec<QualityLine>,
}
pub struct Wilayah {
    pub kode_wilayah: String,
    pub kecamatan: String,
    pub kelurahan: String,
}
pub struct QualityLine {
    pub dataset: String,
    pub periode: String,
    pub source_file: String,
    pub rows_read: u64,
    pub rows_ingested: u64,
    pub rows_quarantined: u64,
    pub rows_skipped: u64,
    pub warnings: u64,
}
pub fn render(_: &ReportInput, _: &std::path::Path, out: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    Ok(out.join("index.html"))
}
