//! The open-data package of a published period (`data/`): the tidy table
//! as CSV and Parquet with a Frictionless `datapackage.json` (Data Package
//! v1, typed Table Schema, licence and source from the config).

use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, NamedFrom, Series};
use serde_json::json;

use crate::config::Config;
use crate::files::{sha256, write_atomic};
use crate::period::Period;
use crate::table::{KpiRow, KpiTable};

use super::Extras;

/// The open-data folder inside a period's output folder.
pub const DATA_DIR: &str = "data";

/// Writes `out_dir/data/`: `kpi.csv`, `kpi.parquet` and `datapackage.json`;
/// for a release also `changes.csv` and `changes.json` (every figure that
/// changed since an earlier release, header only when none did) and
/// `ckan.json` (the metadata Indonesian Satu Data portals ask for).
pub fn write(table: &KpiTable, config: &Config, period: &Period, extras: &Extras, out_dir: &Path) -> Result<()> {
    let dir = out_dir.join(DATA_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let revised = crate::release::changes::revised(extras.changes);
    let is_revised = |r: &KpiRow| revised.contains(&crate::release::changes::key_of(r));
    let csv = open_data_csv(table, &is_revised);
    write_atomic(&dir.join("kpi.csv"), csv.as_bytes())?;
    let parquet = parquet_bytes(table, &is_revised)?;
    write_atomic(&dir.join("kpi.parquet"), &parquet)?;
    let changes = extras.release.map(|_| crate::release::changes::to_csv(extras.changes));
    if let Some(changes_csv) = &changes {
        write_atomic(&dir.join("changes.csv"), changes_csv.as_bytes())?;
        let mut json = serde_json::to_string_pretty(extras.changes)?;
        json.push('\n');
        write_atomic(&dir.join("changes.json"), json.as_bytes())?;
    }
    let created = extras.release.map_or(config.publication.release_date, |e| e.date);
    let described = Described { config, period, created, csv: csv.as_bytes(), changes: changes.as_deref() };
    let mut package = serde_json::to_string_pretty(&datapackage(&described))?;
    package.push('\n');
    write_atomic(&dir.join("datapackage.json"), package.as_bytes())?;
    if let Some(entry) = extras.release {
        let mut ckan = serde_json::to_string_pretty(&super::ckan::metadata(config, period, entry))?;
        ckan.push('\n');
        write_atomic(&dir.join(super::ckan::FILE), ckan.as_bytes())?;
    }
    Ok(())
}

/// What the package describes.
struct Described<'a> {
    config: &'a Config,
    period: &'a Period,
    created: chrono::NaiveDate,
    csv: &'a [u8],
    changes: Option<&'a str>,
}

/// The open-data CSV: as `kpi.csv`, but a row without a value carries its
/// status (`n/a`, `suppressed`) as the value's missing-value marker, and a
/// ninth column `revision` is `r` for a figure changed since an earlier release.
fn open_data_csv(table: &KpiTable, revised: &dyn Fn(&KpiRow) -> bool) -> String {
    let header = KpiRow::HEADER.iter().chain(&["revision"]).map(|h| h.to_string()).collect::<Vec<_>>();
    let rows = table.rows().iter().map(|r| {
        let mut f = r.fields().to_vec();
        if r.value.is_none() {
            f[5] = r.status.as_str().to_string();
        }
        f.push(if revised(r) { "r".into() } else { String::new() });
        f
    });
    crate::csvcell::records(std::iter::once(header).chain(rows))
}

/// The table as Parquet: eight text columns and `value` as a nullable float
/// (the CSV keeps the exact decimal text; every value has at most 4
/// decimals and prints back the same).
fn parquet_bytes(table: &KpiTable, revised: &dyn Fn(&KpiRow) -> bool) -> Result<Vec<u8>> {
    let rows = table.rows();
    let text = |name: &str, f: &dyn Fn(&KpiRow) -> String| {
        Series::new(name.into(), rows.iter().map(f).collect::<Vec<String>>()).into()
    };
    let value: Vec<Option<f64>> = rows.iter().map(|r| r.value.map(|v| v.as_f64())).collect();
    let mut df = DataFrame::new(
        rows.len(),
        vec![
            text("indicator", &|r| r.indicator.clone()),
            text("period", &|r| r.period.to_string()),
            text("scope", &|r| r.scope.to_string()),
            text("dimension", &|r| r.dimension.to_string()),
            text("category", &|r| r.category.clone()),
            Series::new("value".into(), value).into(),
            text("unit", &|r| r.unit.to_string()),
            text("status", &|r| r.status.as_str().to_string()),
            text("revision", &|r| if revised(r) { "r".into() } else { String::new() }),
        ],
    )?;
    let mut out = Vec::new();
    crate::parquet::writer(&mut out).finish(&mut df).context("failed to write the open-data Parquet file")?;
    Ok(out)
}

/// The Frictionless Data Package (v1 descriptor, Table Schema), in Indonesian.
fn datapackage(d: &Described) -> serde_json::Value {
    let Described { config, period, csv, .. } = *d;
    let slug: String = format!("jamstat-{}-{}", config.region.name, period)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '_' { c } else { '-' })
        .collect();
    let field =
        |name: &str, kind: &str, description: &str| json!({"name": name, "type": kind, "description": description});
    let mut value = field(
        "value",
        "number",
        "Nilai: bilangan bulat untuk orang, klaim dan rupiah; desimal (4 angka) untuk persen dan hari. \
         Kosong bila tidak tersedia (`n/a`) atau disembunyikan demi kerahasiaan (`suppressed`).",
    );
    value["missingValues"] = json!(["", "n/a", "suppressed"]);
    let mut scope =
        field("scope", "string", "Cakupan: `all` semua peserta di wilayah, `programme` peserta program daerah.");
    scope["constraints"] = json!({"required": true, "enum": ["all", "programme"]});
    let mut unit = field("unit", "string", "Satuan: orang, klaim, rupiah, persen, hari.");
    unit["constraints"] = json!({"enum": ["orang", "klaim", "rupiah", "persen", "hari"]});
    let mut status = field(
        "status",
        "string",
        "Kosong untuk angka biasa; `n/a` bila tidak dapat dihitung (bulan belum diterima, penyebut nol); \
         `suppressed` bila disembunyikan oleh kontrol pengungkapan.",
    );
    status["constraints"] = json!({"enum": ["n/a", "suppressed"]});
    let mut revision = field(
        "revision",
        "string",
        "`r` bila angka ini berubah sejak rilis sebelumnya (revisi; lihat changes.csv), kosong bila tidak.",
    );
    revision["constraints"] = json!({"enum": ["r"]});
    let required = |mut f: serde_json::Value| {
        f["constraints"] = json!({"required": true});
        f
    };
    let schema = json!({
        "fields": [
            required(field("indicator", "string", "Kode indikator; definisinya: `jamstat indicators --list` dan bagian Metodologi laporan.")),
            required(field("period", "string", "Periode: bulan `2025-11`, triwulan `2025-Q4`, semester `2025-H2`, tahun `2025` atau rentang `2025-01..2025-11`.")),
            scope,
            required(field("dimension", "string", "`total`, atau nama rincian: kecamatan, kelurahan, kelurahan_kategori, segmen, kategori, program, jenis_manfaat, denominator, indicator, ...")),
            required(field("category", "string", "`total`, atau nilai rincian; kecamatan dan kelurahan/desa memakai kode Kemendagri (`35.77.02.1001`); kelurahan_kategori memakai kode kelurahan dan kategori dipisah `/` (`35.77.02.1001/RENTAN`).")),
            value,
            unit,
            status,
            revision,
        ],
        "missingValues": [""],
        "primaryKey": ["indicator", "period", "scope", "dimension", "category"],
    });
    let resource = |name: &str, path: &str, format: &str, mediatype: &str| {
        json!({
            "name": name,
            "path": path,
            "profile": "tabular-data-resource",
            "format": format,
            "mediatype": mediatype,
            "schema": schema,
        })
    };
    // Size and hash of the CSV, which the validator checks (it cannot for
    // Parquet; provenance.json hashes both).
    let mut csv_resource = resource("indikator", "kpi.csv", "csv", "text/csv");
    csv_resource["encoding"] = json!("utf-8");
    csv_resource["bytes"] = json!(csv.len());
    csv_resource["hash"] = json!(format!("sha256:{}", sha256(csv)));
    let mut resources =
        vec![csv_resource, resource("indikator-parquet", "kpi.parquet", "parquet", "application/vnd.apache.parquet")];
    if let Some(changes) = d.changes {
        resources.push(changes_resource(changes));
    }
    json!({
        "profile": "tabular-data-package",
        "name": slug,
        "title": format!("Indikator jaminan sosial ketenagakerjaan {}, {period}", config.region.name),
        "description": format!(
            "Tabel indikator rapi (satu baris per angka) program {} dan seluruh peserta BPJS Ketenagakerjaan di {}, \
             periode {period} beserta periode pembandingnya. Dihitung oleh jamstat; asal-usul setiap angka ada di \
             provenance.json di folder induk.",
            config.programme.name, config.region.name
        ),
        "created": format!("{}T00:00:00Z", d.created),
        "licenses": [{"name": config.open_data.licence, "path": config.open_data.licence_url}],
        "sources": [{"title": config.open_data.source}],
        "resources": resources,
    })
}

/// `changes.csv` as a tabular resource.
fn changes_resource(csv: &str) -> serde_json::Value {
    let field =
        |name: &str, kind: &str, description: &str| json!({"name": name, "type": kind, "description": description});
    json!({
        "name": "perubahan",
        "path": "changes.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": csv.len(),
        "hash": format!("sha256:{}", sha256(csv.as_bytes())),
        "schema": {
            "fields": [
                field("indicator", "string", "Kode indikator."),
                field("period", "string", "Periode angka."),
                field("scope", "string", "`all` atau `programme`."),
                field("dimension", "string", "`total` atau nama rincian."),
                field("category", "string", "`total` atau nilai rincian."),
                field("unit", "string", "Satuan."),
                field("old_value", "string", "Angka pada rilis sebelumnya (atau `n/a`)."),
                field("new_value", "string", "Angka pada rilis ini (atau `n/a`)."),
                field("difference", "number", "Angka baru dikurangi angka lama, bila keduanya angka."),
                field("previous_release", "string", "Nomor rilis yang memuat angka lama."),
            ],
            "missingValues": [""],
        },
    })
}
