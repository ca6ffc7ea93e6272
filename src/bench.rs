//! `jamstat bench`: how fast jamstat is on a region of a chosen size, and
//! how that compares with DuckDB doing the same work in the same run.
//!
//! Takes a config (for the reference tables, `queries/`, the templates and
//! the programme's flags) and a size; writes a workspace under `--dir`:
//! the sample region written `copies` times (`sample::generate_scaled`),
//! split into four drops, and a config pointing at them. Then it runs
//! every stage as a child process of the real binary (and of the DuckDB
//! peer, `benches/duckdb_peer.py`), each measured the same way: wall time
//! from spawn to exit and the child's peak resident memory (`wait4`).
//!
//! The drops: A = 2024 (12 months), B = 2025-01, C = 2025-02..11, D =
//! 2025-12. A + C is the bulk ingest (rows/s, MB/s); B and D are one new
//! month on a lake of 12 and of 23 months, to show whether a month costs
//! one month's work whatever the history. Then the indicator table for a
//! quarter and for a year (each with its comparison periods, as
//! `jamstat indicators` prints it), whose SQL rows must equal DuckDB's,
//! and the report (HTML and PDF). The results are printed as a Markdown
//! table and written to `<dir>/results.md`.

mod measure;
mod peer;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use crate::config::Config;
use crate::period::Period;
use crate::reference::Wilayah;
use measure::{Measure, measured};
use peer::Peer;
#[cfg(test)]
use peer::same_rows;

/// Active participants at the sample's last month-end (Kota Madiun, December 2025).
const SAMPLE_ACTIVE: u64 = 51_293;
/// The drops, in the order they are ingested: (name, first month, last month).
const DROPS: [(&str, &str, &str); 4] = [
    ("A", "2024-01", "2024-12"),
    ("B", "2025-01", "2025-01"),
    ("C", "2025-02", "2025-11"),
    ("D", "2025-12", "2025-12"),
];

/// What to run.
pub struct Options {
    pub participants: u64,
    pub dir: PathBuf,
    /// A Python with the `duckdb` package; `None` times jamstat alone.
    pub python: Option<PathBuf>,
}

/// Runs the benchmark; `config_path` is the config it starts from.
pub fn run(config_path: &Path, opts: &Options) -> Result<()> {
    let config = Config::from_file(config_path)?;
    let copies = ((opts.participants as f64 / SAMPLE_ACTIVE as f64).ceil() as u32).max(1);
    let dir = prepare_dir(&opts.dir)?;
    let bench_config = write_config(config_path, &config, &dir)?;
    let peer = opts.python.as_ref().map(|python| Peer { python: python.clone(), dir: dir.clone() });
    if let Some(p) = &peer {
        p.check()?;
    }

    eprintln!("generating {copies} x the sample (about {} participants)", u64::from(copies) * SAMPLE_ACTIVE);
    let started = Instant::now();
    let wilayah: Vec<_> = Wilayah::load(&config.paths.reference.join("wilayah.csv"))?.rows().cloned().collect();
    let summary = crate::sample::generate_scaled(&dir.join("gen"), &wilayah, copies)?;
    fs::rename(dir.join("gen/reference/penyebut.csv"), dir.join("reference/penyebut.csv"))?;
    let generated = started.elapsed();
    let drops = split_drops(&dir)?;

    let exe = std::env::current_exe().context("failed to find the jamstat binary")?;
    let jamstat = |args: &[&str], stdout: &str| -> Result<Measure> {
        let mut cmd = Command::new(&exe);
        cmd.arg("--config").arg(&bench_config).args(args);
        measured(cmd, &dir.join("logs").join(stdout))
    };
    let mut rows = Vec::new();
    let mut ingest = BTreeMap::new();
    let mut peer_ingest = BTreeMap::new();
    for (name, _, _) in DROPS {
        let folder = dir.join("in").join(name);
        eprintln!("ingesting drop {name}");
        ingest.insert(name, jamstat(&["ingest", &path_str(&folder)?, "--quiet"], &format!("ingest-{name}.txt"))?);
        if let Some(p) = &peer {
            peer_ingest.insert(name, p.ingest(&folder, &config, name)?);
        }
    }
    let bulk = drops["A"].then_add(drops["C"]);
    let months_bulk = 22.0;
    let j = ingest["A"].then(ingest["C"]);
    rows.push(Row::new(
        format!(
            "ingest 22 months (drops A + C): {} rows, {:.0} MB of CSV; {:.0} rows/s, {:.1} MB/s",
            thousands(bulk.rows),
            bulk.bytes as f64 / 1e6,
            bulk.rows as f64 / j.wall.as_secs_f64(),
            bulk.bytes as f64 / 1e6 / j.wall.as_secs_f64()
        ),
        j,
        peer.as_ref().map(|_| peer_ingest["A"].then(peer_ingest["C"])),
    ));
    if let Some(p) = &peer {
        let bulk_folders = [dir.join("in/A"), dir.join("in/C")];
        for engine in p.floors()? {
            eprintln!("converting drops A + C with {engine}, no check (the floor)");
            let floor = p.floor(engine, &bulk_folders)?;
            rows.push(Row::new(
                format!(
                    "the floor: {engine} converting the same CSVs (drops A + C) to zstd Parquet with no check; jamstat's ingest against it"
                ),
                j,
                Some(floor),
            ));
        }
    }
    for (name, history) in [("B", 12), ("D", 23)] {
        let month_of_bulk = j.wall.as_secs_f64() / months_bulk;
        rows.push(Row::new(
            format!(
                "one new month on {history} months (drop {name}): {} rows; a month of the bulk ingest took {:.1} s, this one {:.2}x that",
                thousands(drops[name].rows),
                month_of_bulk,
                ingest[name].wall.as_secs_f64() / month_of_bulk
            ),
            ingest[name],
            peer_ingest.get(name).copied(),
        ));
    }
    let (mut quarter, mut report_table) = (Measure::default(), Measure::default());
    let report_periods = crate::report::input::periods(&"2025-Q4".parse()?).0;
    let runs: [(&str, &[&str], Vec<Period>); 3] = [
        ("2025-Q4", &[], "2025-Q4".parse::<Period>()?.with_comparisons()),
        ("2025", &[], "2025".parse::<Period>()?.with_comparisons()),
        ("report-2025-Q4", &["--report-periods"], report_periods),
    ];
    for (name, flags, periods) in runs {
        let period = name.trim_start_matches("report-");
        eprintln!("computing the indicators for {name}");
        let out = format!("indicators-{name}.csv");
        let args: Vec<&str> =
            ["indicators", "--period", period, "--format", "csv"].iter().chain(flags).copied().collect();
        let m = jamstat(&args, &out)?;
        match name {
            "2025-Q4" => quarter = m,
            "report-2025-Q4" => report_table = m,
            _ => {}
        }
        let peer_m = match &peer {
            Some(pr) => Some(pr.indicators(&config, name, &periods, &dir.join("logs").join(&out))?),
            None => None,
        };
        let labels: Vec<String> = periods.iter().map(Period::to_string).collect();
        let what = if flags.is_empty() {
            format!("indicator table {} (`jamstat indicators`)", labels.join(" + "))
        } else {
            format!(
                "the report's table: the {} periods 2025-Q4's report shows (`jamstat indicators --report-periods`); {:.2}x the quarter's",
                periods.len(),
                m.wall.as_secs_f64() / quarter.wall.as_secs_f64()
            )
        };
        rows.push(Row::new(what, m, peer_m));
    }
    eprintln!("rendering the report");
    let report = jamstat(&["report", "--period", "2025-Q4"], "report.txt")?;
    rows.push(Row::new(
        format!(
            "report 2025-Q4: indicators of every period shown, HTML, PDF, workbook, kelurahan pages, pictures; \
             {:.2}x the quarter's indicator table, {:.2}x the report's table",
            report.wall.as_secs_f64() / quarter.wall.as_secs_f64(),
            report.wall.as_secs_f64() / report_table.wall.as_secs_f64()
        ),
        report,
        None,
    ));

    let text = results(copies, &summary, generated, &rows, peer.is_some());
    fs::write(dir.join("results.md"), &text)?;
    print!("{text}");
    Ok(())
}

/// One line of the results.
struct Row {
    what: String,
    jamstat: Measure,
    peer: Option<Measure>,
}

impl Row {
    fn new(what: String, jamstat: Measure, peer: Option<Measure>) -> Row {
        Row { what, jamstat, peer }
    }
}

fn results(
    copies: u32,
    summary: &crate::sample::SampleSummary,
    generated: Duration,
    rows: &[Row],
    with_peer: bool,
) -> String {
    let mut s = format!(
        "Region: the sample x {copies} (about {} active participants), {} membership rows and {} claim rows \
         in 24 monthly CSV exports, generated in {:.1} s.\n\n",
        thousands(u64::from(copies) * SAMPLE_ACTIVE),
        thousands(summary.peserta_rows as u64),
        thousands(summary.klaim_rows as u64),
        generated.as_secs_f64()
    );
    s.push_str("The peer is DuckDB unless the row names polars.\n\n");
    s.push_str("| work | jamstat | peer | jamstat / peer | jamstat peak | peer peak |\n");
    s.push_str("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    let secs = |m: Measure| format!("{:.2} s", m.wall.as_secs_f64());
    let mib = |m: Measure| format!("{} MiB", thousands(m.peak_kib / 1024));
    for r in rows {
        let (peer, ratio, peer_peak) = match r.peer {
            Some(p) => (secs(p), format!("{:.2}x", r.jamstat.wall.as_secs_f64() / p.wall.as_secs_f64()), mib(p)),
            None if with_peer => ("no peer".into(), String::new(), String::new()),
            None => ("not run".into(), String::new(), String::new()),
        };
        s.push_str(&format!(
            "| {} | {} | {peer} | {ratio} | {} | {peer_peak} |\n",
            r.what,
            secs(r.jamstat),
            mib(r.jamstat)
        ));
    }
    s
}

/// `1234567` -> `1,234,567` (the benchmark is written in English).
fn thousands(n: u64) -> String {
    crate::report::format::ribuan(i64::try_from(n).unwrap_or(i64::MAX), crate::report::i18n::Lang::En)
}

fn path_str(p: &Path) -> Result<String> {
    p.to_str().map(str::to_string).with_context(|| format!("`{}` is not UTF-8", p.display()))
}

/// The benchmark folder, emptied (only when it is one: a folder holding
/// other things is refused rather than deleted).
fn prepare_dir(dir: &Path) -> Result<PathBuf> {
    let marker = dir.join(".jamstat-bench");
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        ensure!(
            empty || marker.exists(),
            "`{}` is not empty and not a benchmark folder: give another --dir",
            dir.display()
        );
        fs::remove_dir_all(dir).with_context(|| format!("failed to empty `{}`", dir.display()))?;
    }
    for sub in ["", "reference", "logs", "in"] {
        fs::create_dir_all(dir.join(sub))?;
    }
    fs::write(&marker, "made by `jamstat bench`; emptied by the next run\n")?;
    fs::canonicalize(dir).with_context(|| format!("failed to resolve `{}`", dir.display()))
}

/// The config of the benchmark workspace: the given one with its data
/// paths moved into `dir` (templates and queries stay where they are).
fn write_config(original: &Path, config: &Config, dir: &Path) -> Result<PathBuf> {
    let text = fs::read_to_string(original)?;
    let mut value: toml::Value = toml::from_str(&text)?;
    fs::copy(config.paths.reference.join("wilayah.csv"), dir.join("reference/wilayah.csv"))?;
    let abs = |p: &Path| -> Result<String> { path_str(&fs::canonicalize(p)?) };
    let paths = value.get_mut("paths").and_then(toml::Value::as_table_mut).context("the config has no [paths]")?;
    for (key, path) in [
        ("exports", path_str(&dir.join("in"))?),
        ("reference", path_str(&dir.join("reference"))?),
        ("lake", path_str(&dir.join("lake"))?),
        ("quarantine", path_str(&dir.join("quarantine"))?),
        ("output", path_str(&dir.join("output"))?),
        ("templates", abs(&config.paths.templates)?),
        ("queries", abs(&config.paths.queries)?),
    ] {
        paths.insert(key.into(), toml::Value::String(path));
    }
    let path = dir.join("jamstat.toml");
    fs::write(&path, toml::to_string(&value)?)?;
    Ok(path)
}

/// Rows and bytes of the CSV files of a drop.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    rows: u64,
    bytes: u64,
}

impl Size {
    fn then_add(self, o: Size) -> Size {
        Size { rows: self.rows + o.rows, bytes: self.bytes + o.bytes }
    }
}

/// Moves the generated exports into `in/A` .. `in/D`; the size of each drop.
fn split_drops(dir: &Path) -> Result<BTreeMap<&'static str, Size>> {
    let mut sizes = BTreeMap::new();
    for (name, first, last) in DROPS {
        let folder = dir.join("in").join(name);
        fs::create_dir_all(&folder)?;
        let mut size = Size::default();
        for entry in fs::read_dir(dir.join("gen/exports"))? {
            let path = entry?.path();
            let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let Some(month) = file.strip_suffix(".csv").and_then(|s| s.rsplit('_').next()).map(str::to_string) else {
                continue;
            };
            if month.as_str() < first || month.as_str() > last {
                continue;
            }
            let text = fs::read(&path)?;
            size.rows += text.iter().filter(|&&b| b == b'\n').count() as u64 - 1;
            size.bytes += text.len() as u64;
            fs::rename(&path, folder.join(&file))?;
        }
        sizes.insert(name, size);
    }
    fs::remove_dir_all(dir.join("gen"))?;
    Ok(sizes)
}

#[cfg(test)]
mod tests;
