//! What the report is made from: the table, the period's labels, the
//! reference names, the config's text, and the ingest counts of the months
//! shown (from the lake's manifest); and which periods a report shows.

use anyhow::Result;
use chrono::Datelike;

use super::{ProvenanceNote, QualityLine, ReportInput};
use crate::config::Config;
use crate::lake::Lake;
use crate::period::{Month, Period};
use crate::reference::Wilayah;
use crate::table::KpiTable;

/// The periods a report shows: the period, the previous one, the same one a
/// year earlier, the 12 months ending with it (the trend) and the two
/// calendar years of the Paritrana panel ([`paritrana_year`] and the one before).
pub fn periods(period: &Period) -> (Vec<Period>, Vec<Month>) {
    let last = period.last_month();
    let trend: Vec<Month> = last.plus(-11).through(last);
    let year = paritrana_year(period);
    let mut periods = vec![*period, period.previous(), period.year_ago()];
    let extra = trend.iter().map(|m| Period::Month(*m)).chain([Period::Year(year), Period::Year(year - 1)]);
    for p in extra {
        if !periods.contains(&p) {
            periods.push(p);
        }
    }
    (periods, trend)
}

/// The calendar year of the Paritrana panel: the period's year when the
/// period ends in December, else the year before (the last complete one).
pub fn paritrana_year(period: &Period) -> i32 {
    let last = period.last_month();
    if last.last_day().month() == 12 { period.year() } else { period.year() - 1 }
}

/// The report's input for `period` from `table` (the table the report
/// prints: protected, or internal) and the provenance of its figures.
pub fn input(
    config: &Config,
    lake: &Lake,
    period: &Period,
    table: KpiTable,
    provenance: ProvenanceNote,
) -> Result<ReportInput> {
    let (_, trend) = periods(period);
    let wilayah = Wilayah::load(&config.paths.reference.join("wilayah.csv"))?;
    let months: Vec<String> = period.months().iter().map(Month::to_string).collect();
    let data_quality = lake
        .manifest()
        .files
        .iter()
        .filter(|f| f.months.iter().any(|m| months.contains(m)))
        // Only the files the period's live partitions came from: a file a
        // correction replaced no longer counts.
        .filter(|f| {
            lake.manifest().partitions.iter().any(|p| p.source_sha256 == f.sha256 && months.contains(&p.periode))
        })
        .map(|f| QualityLine {
            dataset: f.dataset.clone(),
            periode: f.months.join(", "),
            source_file: f.source_file.clone(),
            rows_read: f.rows_read,
            rows_ingested: f.rows_ingested,
            rows_quarantined: f.rows_quarantined,
            rows_skipped: f.rows_skipped,
            warnings: f.warnings,
        })
        .collect();
    Ok(ReportInput {
        region_name: config.region.name.clone(),
        programme_name: config.programme.name.clone(),
        period: *period,
        previous_period: period.previous(),
        year_ago_period: period.year_ago(),
        trend_months: trend,
        release_date: config.publication.release_date,
        wilayah: wilayah.rows().cloned().collect(),
        paritrana_years: {
            let year = paritrana_year(period);
            Some((year, year - 1))
        },
        regulations: config.paritrana.regulations.clone(),
        innovation: config.paritrana.innovation.clone(),
        provenance,
        internal: false,
        disclosure_threshold: config.publication.disclosure_threshold,
        table,
        data_quality,
        release: None,
        licence: config.open_data.licence.clone(),
        boundaries: super::map::Boundaries::load(&super::map::path(&config.paths.reference, &config.region.code))?,
        publisher: super::Publisher {
            region_code: config.region.code.clone(),
            source: config.open_data.source.clone(),
            producer: config.release.producer.clone(),
            contact: config.release.contact.clone(),
            licence_url: config.open_data.licence_url.clone(),
        },
    })
}
