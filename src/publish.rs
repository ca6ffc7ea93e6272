//! What a published period folder carries besides the report: the
//! open-data package (`data/`: the tidy table as CSV and Parquet with a
//! Frictionless `datapackage.json`) and `provenance.json`, which names every
//! input the figures were computed from and hashes every file published.
//!
//! Both are deterministic: no clock (the date is the config's release
//! date), inputs listed in sorted order, paths relative to the lake, the
//! config's folder or the output folder, never absolute.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, NamedFrom, Series};
use serde::Serialize;
use serde_json::json;

use crate::config::Config;
use crate::indicators::KpiTable;
use crate::indicators::sql::QueryFile;
use crate::ingest::file::sha256;
use crate::lake::{Lake, PartitionEntry, write_atomic};
use crate::period::{Month, Period};

/// The open-data folder inside a period's output folder.
pub const DATA_DIR: &str = "data";
/// The provenance file of a period's output folder.
pub const PROVENANCE: &str = "provenance.json";

// ---- provenance ------------------------------------------------------------

/// Every input of a published period: what `provenance.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub jamstat_version: String,
    pub release_date: String,
    /// The period published and every period computed for it (comparisons, trend).
    pub period: String,
    pub periods_computed: Vec<String>,
    pub contract_version: String,
    pub config: Hashed,
    pub queries: Vec<Hashed>,
    pub reference: Vec<Hashed>,
    /// The lake partitions read (dataset, month, Parquet file relative to
    /// the lake, rows), with the export each came from and its SHA-256.
    pub partitions: Vec<PartitionEntry>,
    /// Every published file of the folder but this one, filled in last.
    pub outputs: Vec<Hashed>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Hashed {
    pub file: String,
    pub sha256: String,
}

impl Provenance {
    /// The inputs of `periods` (the first is the published one): the lake
    /// partitions of every month they read, including the snapshot before
    /// each period (for lapsed members).
    pub fn inputs(config: &Config, lake: &Lake, queries: &[QueryFile], periods: &[Period]) -> Result<Provenance> {
        let months: BTreeSet<String> = periods
            .iter()
            .flat_map(|p| std::iter::once(p.first_month().plus(-1)).chain(p.months()))
            .map(|m: Month| m.to_string())
            .collect();
        // The claim candidates are ingest's working state, not an input.
        let mut partitions: Vec<PartitionEntry> = lake
            .manifest()
            .partitions
            .iter()
            .filter(|p| months.contains(&p.periode))
            .map(|p| PartitionEntry { candidates: None, ..p.clone() })
            .collect();
        partitions.sort();
        let mut reference = Vec::new();
        for name in ["penyebut.csv", "wilayah.csv"] {
            let path = config.paths.reference.join(name);
            let bytes = std::fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
            reference.push(Hashed { file: format!("reference/{name}"), sha256: sha256(&bytes) });
        }
        let queries =
            queries.iter().map(|q| Hashed { file: format!("queries/{}.sql", q.family), sha256: q.sha256.clone() });
        Ok(Provenance {
            jamstat_version: env!("CARGO_PKG_VERSION").to_string(),
            release_date: config.publication.release_date.to_string(),
            period: periods.first().map(Period::to_string).unwrap_or_default(),
            periods_computed: periods.iter().map(Period::to_string).collect(),
            contract_version: lake.manifest().contract_version.clone(),
            config: Hashed { file: "jamstat.toml".into(), sha256: config.sha256.clone() },
            queries: queries.collect(),
            reference,
            partitions,
            outputs: Vec::new(),
        })
    }

    /// Hashes every published file under `out_dir` (not this one) and
    /// writes `provenance.json`.
    pub fn write(mut self, out_dir: &Path) -> Result<()> {
        let mut files = Vec::new();
        list_files(out_dir, out_dir, &mut files)?;
        files.sort();
        self.outputs.clear();
        for rel in files.into_iter().filter(|f| f != PROVENANCE) {
            let bytes = std::fs::read(out_dir.join(&rel))?;
            self.outputs.push(Hashed { sha256: sha256(&bytes), file: rel });
        }
        let mut text = serde_json::to_string_pretty(&self)?;
        text.push('\n');
        write_atomic(&out_dir.join(PROVENANCE), text.as_bytes())
    }
}

/// Paths of every file under `dir`, relative to `root`, with `/` separators.
pub(crate) fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
        }
    }
    Ok(())
}

// ---- open data ------------------------------------------------------------

/// Writes `out_dir/data/`: `kpi.csv`, `kpi.parquet` and `datapackage.json`.
pub fn write_open_data(table: &KpiTable, config: &Config, period: &Period, out_dir: &Path) -> Result<()> {
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
            text("period", &|r| r.period.clone()),
            text("scope", &|r| r.scope.clone()),
            text("dimension", &|r| r.dimension.clone()),
            text("category", &|r| r.category.clone()),
            Series::new("value".into(), value).into(),
            text("unit", &|r| r.unit.clone()),
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
