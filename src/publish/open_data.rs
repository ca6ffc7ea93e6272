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
use crate::table::KpiTable;

/// The open-data folder inside a period's output folder.
pub const DATA_DIR: &str = "data";

/// Writes `out_dir/data/`: `kpi.csv`, `kpi.parquet` and `datapackage.json`.
pub fn write(table: &KpiTable, config: &Config, period: &Period, out_dir: &Path) -> Result<()> {
    let dir = out_dir.join(DATA_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let csv = table.to_open_data_csv();
    write_atomic(&dir.join("kpi.csv"), csv.as_bytes())?;
    let parquet = parquet_bytes(table)?;
    write_atomic(&dir.join("kpi.parquet"), &parquet)?;
    let mut package = serde_json::to_string_pretty(&datapackage(config, period, csv.as_bytes()))?;
    package.push('\n');
    write_atomic(&dir.join("datapackage.json"), package.as_bytes())
}

/// The table as Parquet: seven text columns and `value` as a nullable float
/// (the CSV keeps the exact decimal text; every value has at most 4
/// decimals and prints back the same).
fn parquet_bytes(table: &KpiTable) -> Result<Vec<u8>> {
    let rows = table.rows();
    let text = |name: &str, f: &dyn Fn(&crate::indicators::KpiRow) -> String| {
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
        ],
    )?;
    let mut out = Vec::new();
    crate::lake::parquet_writer(&mut out).finish(&mut df).context("failed to write the open-data Parquet file")?;
    Ok(out)
}

/// The Frictionless Data Package (v1 descriptor, Table Schema), in Indonesian.
fn datapackage(config: &Config, period: &Period, csv: &[u8]) -> serde_json::Value {
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
    let required = |mut f: serde_json::Value| {
        f["constraints"] = json!({"required": true});
        f
    };
    let schema = json!({
        "fields": [
            required(field("indicator", "string", "Kode indikator; definisinya: `jamstat indicators --list` dan bagian Metodologi laporan.")),
            required(field("period", "string", "Periode: bulan `2025-11`, triwulan `2025-Q4`, semester `2025-H2`, tahun `2025` atau rentang `2025-01..2025-11`.")),
            scope,
            required(field("dimension", "string", "`total`, atau nama rincian: kecamatan, kelurahan, segmen, kategori, program, jenis_manfaat, denominator, indicator, ...")),
            required(field("category", "string", "`total`, atau nilai rincian; kecamatan dan kelurahan/desa memakai kode Kemendagri (`35.77.02.1001`).")),
            value,
            unit,
            status,
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
        "created": format!("{}T00:00:00Z", config.publication.release_date),
        "licenses": [{"name": config.open_data.licence, "path": config.open_data.licence_url}],
        "sources": [{"title": config.open_data.source}],
        "resources": [
            csv_resource,
            resource("indikator-parquet", "kpi.parquet", "parquet", "application/vnd.apache.parquet"),
        ],
    })
}
