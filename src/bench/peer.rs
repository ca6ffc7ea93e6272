//! The peer: DuckDB (and polars, for the floor) doing the same work as
//! jamstat in the same run, by `benches/duckdb_peer.py`; its indicator rows
//! must equal jamstat's, or the timing would compare different work.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, ensure};

use super::measure::{Measure, measured};
use crate::config::Config;
use crate::indicators::{Params, flags_json};
use crate::period::Period;

/// DuckDB doing the same work (`benches/duckdb_peer.py`).
pub(super) struct Peer {
    pub python: PathBuf,
    pub dir: PathBuf,
}

impl Peer {
    fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/duckdb_peer.py")
    }

    pub fn check(&self) -> Result<()> {
        let ok = Command::new(&self.python).args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success());
        ensure!(
            ok,
            "`{}` cannot import duckdb: run the benchmark with `tools/bench`, which installs it",
            self.python.display()
        );
        ensure!(
            Self::script().exists(),
            "`{}` is missing: run the benchmark from the repository",
            Self::script().display()
        );
        Ok(())
    }

    fn run(&self, stage: &str, spec: serde_json::Value, name: &str) -> Result<Measure> {
        let spec_path = self.dir.join("logs").join(format!("duckdb-{name}.json"));
        fs::write(&spec_path, serde_json::to_string_pretty(&spec)?)?;
        let mut cmd = Command::new(&self.python);
        cmd.arg(Self::script()).arg(stage).arg(&spec_path);
        measured(cmd, &self.dir.join("logs").join(format!("duckdb-{name}.txt")))
    }

    /// The engines of the floor this Python has: DuckDB, and polars when installed.
    pub fn floors(&self) -> Result<Vec<&'static str>> {
        let polars = Command::new(&self.python).args(["-c", "import polars"]).output()?.status.success();
        if !polars {
            eprintln!("no polars in `{}`: the floor is measured with DuckDB only", self.python.display());
        }
        Ok(if polars { vec!["DuckDB", "polars"] } else { vec!["DuckDB"] })
    }

    /// `engine` converting `folders`' CSVs to zstd Parquet, no check.
    pub fn floor(&self, engine: &str, folders: &[PathBuf]) -> Result<Measure> {
        let stage = if engine == "polars" { "floor-polars" } else { "floor-duckdb" };
        let out = self.dir.join(format!("{stage}-out"));
        let spec = serde_json::json!({ "inputs": folders, "out": out });
        let m = self.run(stage, spec, stage)?;
        fs::remove_dir_all(&out).with_context(|| format!("failed to remove `{}`", out.display()))?;
        Ok(m)
    }

    pub fn ingest(&self, folder: &Path, config: &Config, drop: &str) -> Result<Measure> {
        let spec = serde_json::json!({
            "inputs": [folder],
            "lake": self.dir.join("duck-lake"),
            "quarantine": self.dir.join("duck-quarantine"),
            "wilayah": self.dir.join("reference/wilayah.csv"),
            "key": config.nik_key,
        });
        self.run("ingest", spec, &format!("ingest-{drop}"))
    }

    /// The peer's indicator rows for `periods` (the run `name`), checked
    /// against jamstat's table in `jamstat_csv`.
    pub fn indicators(&self, config: &Config, name: &str, periods: &[Period], jamstat_csv: &Path) -> Result<Measure> {
        let periods: Vec<serde_json::Value> = periods
            .iter()
            .map(|p| {
                serde_json::json!({
                    "label": p.to_string(),
                    "months": p.months().iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "before": p.first_month().plus(-1).to_string(),
                    "params": Params::of(p).json(),
                })
            })
            .collect();
        let out = self.dir.join("logs").join(format!("duckdb-indicators-{name}.csv"));
        let spec = serde_json::json!({
            "lake": self.dir.join("lake"),
            "queries": config.paths.queries,
            "periods": periods,
            "flags": flags_json(config),
            "out": out,
        });
        let m = self.run("indicators", spec, &format!("indicators-{name}"))?;
        let agreed = same_rows(jamstat_csv, &out)?;
        eprintln!("DuckDB and jamstat agree on all {agreed} published SQL rows of {name}");
        Ok(m)
    }
}

/// Every published row DuckDB computed has the same value in jamstat's
/// table; the number of rows compared.
pub(super) fn same_rows(jamstat_csv: &Path, peer_csv: &Path) -> Result<usize> {
    let key = |r: &csv::StringRecord, v: usize| -> (Vec<String>, String) {
        ((0..5).map(|i| r.get(i).unwrap_or_default().to_string()).collect(), r.get(v).unwrap_or_default().to_string())
    };
    let mut ours = BTreeMap::new();
    let mut reader = csv::Reader::from_path(jamstat_csv)?;
    let headers = reader.headers()?.clone();
    let order = ["indicator", "period", "scope", "dimension", "category", "value"];
    let at: Vec<usize> = order
        .iter()
        .map(|h| headers.iter().position(|x| x == *h).with_context(|| format!("jamstat's table has no `{h}`")))
        .collect::<Result<_>>()?;
    for r in reader.records() {
        let r = r?;
        let picked = csv::StringRecord::from(at.iter().map(|&i| r.get(i).unwrap_or_default()).collect::<Vec<_>>());
        let (k, v) = key(&picked, 5);
        ours.insert(k, v);
    }
    let mut compared = 0;
    let mut differ = Vec::new();
    for r in csv::Reader::from_path(peer_csv)?.records() {
        let (k, v) = key(&r?, 5);
        if k[0].starts_with('_') {
            continue;
        }
        compared += 1;
        if ours.get(&k) != Some(&v) {
            differ.push(format!(
                "{}: DuckDB {v}, jamstat {}",
                k.join(" "),
                ours.get(&k).map_or("absent", String::as_str)
            ));
        }
    }
    ensure!(
        differ.is_empty(),
        "DuckDB and jamstat disagree on {} of {compared} rows, so the timing compares different work:\n{}",
        differ.len(),
        differ.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
    Ok(compared)
}
