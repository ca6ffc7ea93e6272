//! `jamstat indicators --engine spark`: the same `queries/*.sql`, unchanged,
//! run by Apache Spark over the same lake files. jamstat writes a job (the
//! Parquet files of each table of each period, as the manifest lists them,
//! the configured flags, the `params` values and the statements whose
//! tables are all there), runs `engines/spark_indicators.py` (embedded in
//! the binary) with a Python that has pyspark, and reads back each
//! statement's rows; the rest of the table is computed by the same code as
//! for polars (`Sources::statement`, `derived.rs`, `targets.rs`).
//!
//! Local mode by default (`local[2]`, no web UI, bound to 127.0.0.1: no
//! network). A cluster runs the same script through `spark-submit` (README,
//! "Scaling out").

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::{Params, Sources, SqlRow, flags_json, lake_tables};
use crate::period::Period;

/// The script Spark runs.
pub const SCRIPT: &str = include_str!("../../engines/spark_indicators.py");

/// How to reach Spark.
#[derive(Debug, Clone)]
pub struct Spark {
    /// A Python that can `import pyspark` (Java 17 or later on the PATH).
    pub python: PathBuf,
    /// The Spark master URL; `local[2]` when None.
    pub master: Option<String>,
    /// Where the executors find the lake (`s3a://bucket/jamstat/lake`), the
    /// same layout as the local lake whose manifest lists the files; the
    /// local lake folder when None.
    pub lake: Option<String>,
}

/// Each statement's rows by (period, query family, statement number).
pub type Results = BTreeMap<(String, String, usize), Vec<SqlRow>>;

/// Runs every statement of `sources.queries` for `periods` in one Spark session.
pub fn run(spark: &Spark, sources: &Sources, periods: &[Period]) -> Result<Results> {
    let lake_root = match &spark.lake {
        Some(uri) => uri.clone(),
        None => std::fs::canonicalize(sources.lake.root())
            .with_context(|| format!("failed to find the lake `{}`", sources.lake.root().display()))?
            .to_string_lossy()
            .into_owned(),
    };
    let dir =
        tempfile::Builder::new().prefix("jamstat-spark-").tempdir().context("failed to make a temporary folder")?;
    let (script, job_path, out) =
        (dir.path().join("spark_indicators.py"), dir.path().join("job.json"), dir.path().join("rows.csv"));
    std::fs::write(&script, SCRIPT)?;
    std::fs::write(&job_path, serde_json::to_vec_pretty(&job(spark, sources, periods, &lake_root))?)?;

    let child = Command::new(&spark.python)
        .arg(&script)
        .arg(&job_path)
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| {
            format!(
                "failed to start `{}` for Spark: give a Python with pyspark (--spark-python or JAMSTAT_SPARK_PYTHON)",
                spark.python.display()
            )
        })?;
    if !child.status.success() {
        let stderr = String::from_utf8_lossy(&child.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        let hint = if stderr.contains("No module named 'pyspark'") {
            "pyspark is not installed for this Python: `pip install pyspark==4.3.0`, or give --spark-python"
        } else if stderr.contains("JAVA_HOME") || stderr.contains("java: not found") || stderr.contains("Java gateway")
        {
            "Spark needs Java 17 or later on the PATH (Debian: apt-get install default-jre-headless)"
        } else {
            "see Spark's messages above"
        };
        bail!("Spark did not compute the indicators ({}):\n{}\n{hint}", child.status, tail.join("\n"));
    }
    read(&out)
}

/// The job the script reads.
fn job(spark: &Spark, sources: &Sources, periods: &[Period], lake_root: &str) -> serde_json::Value {
    let periods: Vec<serde_json::Value> = periods
        .iter()
        .map(|period| {
            let mut tables = Vec::new();
            let mut available = vec!["params"];
            for (name, dataset, months) in lake_tables(period) {
                let files: Option<Vec<&str>> =
                    months.iter().map(|&m| sources.lake.partition(dataset, m).map(|e| e.file.as_str())).collect();
                if let Some(files) = files {
                    tables.push(json!({ "name": name, "files": files }));
                    available.push(name);
                }
            }
            let statements: Vec<serde_json::Value> = sources
                .queries
                .iter()
                .flat_map(|q| &q.statements)
                .filter(|s| s.needs.iter().all(|n| available.contains(&n.as_str())))
                .map(|s| json!({ "family": s.family, "number": s.number, "sql": s.sql }))
                .collect();
            json!({
                "label": period.to_string(),
                "tables": tables,
                "params": Params::of(period).json(),
                "statements": statements,
            })
        })
        .collect();
    json!({
        "master": spark.master,
        "lake": lake_root,
        "flags": flags_json(sources.config),
        "periods": periods,
    })
}

/// The script's CSV -> rows by statement.
fn read(path: &std::path::Path) -> Result<Results> {
    let mut out = Results::new();
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("Spark wrote no result `{}`", path.display()))?;
    for (i, record) in reader.records().enumerate() {
        let r = record.with_context(|| format!("failed to read Spark's result, line {}", i + 2))?;
        let field = |k: usize| r.get(k).unwrap_or("").to_string();
        let number: usize =
            field(2).parse().with_context(|| format!("Spark's result, line {}: a statement number", i + 2))?;
        let value = match r.get(7).unwrap_or("") {
            "" => None,
            v => Some(v.parse::<i64>().with_context(|| format!("Spark's result, line {}: value `{v}`", i + 2))?),
        };
        let row = SqlRow { indicator: field(3), scope: field(4), dimension: field(5), category: field(6), value };
        out.entry((field(0), field(1), number)).or_default().push(row);
    }
    Ok(out)
}
