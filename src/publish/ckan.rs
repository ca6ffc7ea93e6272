//! `data/ckan.json`: the dataset metadata a CKAN portal (the Satu Data
//! Indonesia portals of provinces and cities run CKAN) takes through its
//! `package_create` API or a harvester: name, title, description, licence,
//! producer, contact, update frequency, the region and its Kemendagri code,
//! the period and the release, and the files, with paths relative to the
//! period folder (the portal's importer prefixes its own address).

use serde_json::json;

use crate::config::Config;
use crate::period::Period;
use crate::release::Entry;

/// The file name, in the open-data folder beside `datapackage.json`.
pub const FILE: &str = "ckan.json";

/// The metadata of the release `entry` of `period`.
pub fn metadata(config: &Config, period: &Period, entry: &Entry) -> serde_json::Value {
    let name: String = format!("jamstat-{}-{period}", config.region.name)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' })
        .collect();
    let r = &config.release;
    let extra = |key: &str, value: String| json!({"key": key, "value": value});
    let resource = |name: &str, path: &str, format: &str, description: &str| json!({"name": name, "url": path, "format": format, "description": description});
    json!({
        "name": name,
        "title": format!("Indikator jaminan sosial ketenagakerjaan {}, {period}", config.region.name),
        "notes": format!(
            "Statistik program {} dan seluruh peserta BPJS Ketenagakerjaan di {}, periode {period}: kepesertaan, \
             klaim, iuran, rasio klaim dan cakupan. Rilis No. {} (revisi {}).",
            config.programme.name, config.region.name, entry.number, entry.revision
        ),
        "license_id": config.open_data.licence,
        "license_url": config.open_data.licence_url,
        "author": r.producer,
        "maintainer": r.producer,
        "maintainer_email": r.contact,
        "version": format!("{}-r{}", period, entry.revision),
        "tags": [{"name": "jaminan sosial"}, {"name": "ketenagakerjaan"}, {"name": "BPJS Ketenagakerjaan"}],
        "extras": [
            extra("wilayah", config.region.name.clone()),
            extra("kode_wilayah", config.region.code.clone()),
            extra("periode", period.to_string()),
            extra("frekuensi_pembaruan", r.frequency.clone()),
            extra("produsen_data", r.producer.clone()),
            extra("kontak", r.contact.clone()),
            extra("nomor_rilis", entry.number.clone()),
            extra("revisi", entry.revision.to_string()),
            extra("tanggal_rilis", entry.date.to_string()),
            extra("sumber", config.open_data.source.clone()),
        ],
        "resources": [
            resource("indikator", "kpi.csv", "CSV", "Tabel indikator rapi, satu baris per angka."),
            resource("indikator-parquet", "kpi.parquet", "Parquet", "Tabel yang sama dalam Parquet."),
            resource("perubahan", "changes.csv", "CSV", "Angka yang berubah sejak rilis sebelumnya."),
            resource("datapackage", "datapackage.json", "JSON", "Frictionless Data Package: skema kolom."),
        ],
    })
}
