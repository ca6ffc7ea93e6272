//! The command line (clap derive); the `///` comments are the help text.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::indicators::Engine;
use crate::indicators::spark::Spark;
use crate::ingest::Options;
use crate::period::Period;
use crate::pipeline::Disclosure;
use crate::report::i18n::Lang;

/// Published statistics from BPJS Ketenagakerjaan monthly exports.
#[derive(Debug, Parser)]
#[command(name = "jamstat", version, about)]
pub struct Cli {
    /// The config file; relative paths in it are relative to its folder.
    #[arg(long, global = true, default_value = "jamstat.toml")]
    pub config: PathBuf,

    /// Refuse at once, instead of waiting, when another jamstat command is
    /// writing the lake (or reading it, for an ingest) or writing a report.
    #[arg(long, global = true)]
    pub no_wait: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check export files (CSV or XLSX) and write them to the lake in one atomic step.
    ///
    /// Refused rows go to the quarantine folder with their line and reason;
    /// a file-level fault stops the whole run and leaves the lake unchanged.
    Ingest(Drop),
    /// Check export files as `ingest` would, without writing anything.
    ///
    /// Prints each file's counts and every row that would be quarantined or
    /// warned about; exits with 1 only for a file-level fault.
    Check(Drop),
    /// Compute the tidy indicator table for a period (and its comparison periods).
    Indicators {
        /// A month `2025-11`, quarter `2025-Q4`, half `2025-H2`, year `2025` or range `2025-01..2025-11`.
        #[arg(long, required_unless_present = "list")]
        period: Option<Period>,
        /// Print every indicator with its unit, source and definition instead.
        #[arg(long, conflicts_with = "period")]
        list: bool,
        /// Every period the report of `--period` shows, not only its comparisons: also the 12 months of the
        /// trend charts and the two calendar years of the Paritrana panel (the report's table, unprotected).
        #[arg(long)]
        report_periods: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// What runs the SQL of `queries/`: polars in this process, or Apache Spark (pyspark, Java 17+);
        /// the table is the same.
        #[arg(long, value_enum, default_value_t = EngineArg::Polars)]
        engine: EngineArg,
        /// For `--engine spark`: a Python that has pyspark [default: $JAMSTAT_SPARK_PYTHON, else python3].
        #[arg(long)]
        spark_python: Option<PathBuf>,
        /// For `--engine spark`: the Spark master URL [default: local[2]].
        #[arg(long)]
        spark_master: Option<String>,
        /// For `--engine spark` on a cluster: where the executors read the lake (`s3a://bucket/jamstat/lake`),
        /// a copy of the local lake [default: the local lake folder].
        #[arg(long)]
        spark_lake: Option<String>,
    },
    /// Write the draft of a period's release, to check before `publish`: the report stamped DRAFT with
    /// its planned release date (`data/private/drafts/<period>/review/`) and, unstamped, what `publish`
    /// will put in `output/<period>/` (index.html, report.pdf, kpi.csv, kpi.json, charts, open data).
    Report {
        /// The period, as for `indicators`.
        #[arg(long)]
        period: Period,
        /// The report's language: Indonesian (`id`) or English (`en`); default `publication.language`.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Internal runs only: no disclosure control. Written in the private folder (`data/private/internal/`),
        /// never in `output/`, every page stamped "INTERNAL - NOT FOR PUBLICATION".
        #[arg(long)]
        no_disclosure: bool,
    },
    /// Publish the checked draft of a period into `output/<period>/` byte for byte, unstamped, and record
    /// the release (its number, date and inputs) in the register; refused when the lake, the config, the
    /// queries or the reference tables changed since the draft.
    Publish {
        /// The period, as for `report`.
        #[arg(long)]
        period: Period,
        /// The language of the draft to publish; default `publication.language`.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Rebuild a past release from the lake partitions it was computed from (archived ones included)
    /// and compare every file with what was published then.
    Rebuild {
        /// The release's place in the register (1 for the first release; the landing page lists them).
        #[arg(long)]
        release: u32,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Where to write the rebuilt folder [default: `<private>/rebuild/<release>/`].
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Generate the synthetic Kota Madiun sample (if absent), ingest it, draft and publish the latest
    /// full quarter; prints the path of the report.
    Demo,
    /// Time ingest, indicators and the report on a synthetic region of a chosen size, beside DuckDB
    /// doing the same work (`tools/bench` builds jamstat in release and installs DuckDB first).
    ///
    /// Writes a workspace under --dir (emptied first; about 200 bytes of CSV per membership row)
    /// and prints a Markdown table of times, ratios and peak memory, also written to
    /// `<dir>/results.md`.
    Bench {
        /// Active participants of the region (the sample region is written as many times as
        /// needed; 51,293 each, up to 89 times).
        #[arg(long, default_value_t = 1_000_000)]
        participants: u64,
        /// The benchmark's workspace.
        #[arg(long, default_value = "target/bench")]
        dir: PathBuf,
        /// A Python that can `import duckdb`, to run the same work by DuckDB; without it only
        /// jamstat is timed.
        #[arg(long)]
        python: Option<PathBuf>,
    },
}

/// The export files of `ingest` and `check`.
#[derive(Debug, clap::Args)]
pub struct Drop {
    /// Export files or folders of them (peserta_YYYY-MM.csv, klaim_YYYY-MM.xlsx, ...).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// `json`: the per-file counts and every problem as JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// No progress bar (it is drawn only on a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Polars,
    Spark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Parses the command line; usage errors exit with code 1, `--help` and
/// `--version` with 0.
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|e| {
        let _ = e.print();
        std::process::exit(if e.use_stderr() { 1 } else { 0 })
    })
}

pub fn main() -> Result<()> {
    let cli = parse();
    if let Command::Indicators { list: true, format, .. } = cli.command {
        print!("{}", catalogue_text(format));
        return Ok(());
    }
    let mut config = Config::from_file(&cli.config)?;
    if cli.no_wait {
        config.wait = crate::lock::Wait::No;
    }
    match cli.command {
        Command::Ingest(d) => ingest(&config, &d.paths, d.format, Options { commit: true, progress: !d.quiet }),
        Command::Check(d) => ingest(&config, &d.paths, d.format, Options { commit: false, progress: !d.quiet }),
        Command::Indicators {
            period, report_periods, format, engine, spark_python, spark_master, spark_lake, ..
        } => {
            let period = period.context("give --period (or --list)")?;
            let engine = match engine {
                EngineArg::Polars => Engine::Polars,
                EngineArg::Spark => Engine::Spark(Spark {
                    python: spark_python
                        .or_else(|| std::env::var_os("JAMSTAT_SPARK_PYTHON").map(PathBuf::from))
                        .unwrap_or_else(|| PathBuf::from("python3")),
                    master: spark_master,
                    lake: spark_lake,
                }),
            };
            let periods =
                if report_periods { crate::report::input::periods(&period).0 } else { period.with_comparisons() };
            let table = crate::pipeline::indicators_on(&config, &periods, &engine)?;
            match format {
                Format::Csv => print!("{}", table.to_csv()),
                Format::Json => println!("{}", serde_json::to_string_pretty(&table)?),
                Format::Table => print!("{}", text_table(&table)),
            }
            Ok(())
        }
        Command::Report { period, lang, no_disclosure } => {
            let lang = lang.unwrap_or(default_lang(&config));
            let disclosure = if no_disclosure { Disclosure::Internal } else { Disclosure::Applied };
            let index = crate::pipeline::report_with(&config, &period, lang, disclosure)?;
            if no_disclosure {
                eprintln!(
                    "INTERNAL - NOT FOR PUBLICATION: no disclosure control; written in the private folder `{}`",
                    config.paths.private.display()
                );
            } else {
                note_audit(&config, &period);
                eprintln!(
                    "this is the draft, stamped on every page; check it, then publish it with `jamstat publish \
                     --period {period}{}`",
                    if lang == default_lang(&config) { String::new() } else { format!(" --lang {}", lang.code()) }
                );
            }
            println!("{}", index.display());
            Ok(())
        }
        Command::Publish { period, lang } => {
            let lang = lang.unwrap_or(default_lang(&config));
            let out = crate::pipeline::publish(&config, &period, lang)?;
            let entry = &out.entry;
            if out.again {
                eprintln!(
                    "release {} of {period} was already published and nothing changed since: its folder is written \
                     again, the same bytes (a revision needs a corrected export, then `jamstat report`)",
                    entry.label()
                );
            } else {
                let revises = entry.revises.as_ref().map(|n| format!(", revising No. {n}")).unwrap_or_default();
                eprintln!(
                    "published release {} of {period} (revision {}{revises}), dated {} {} WIB",
                    entry.label(),
                    entry.revision,
                    entry.date,
                    entry.time
                );
            }
            println!("{}", out.index.display());
            Ok(())
        }
        Command::Rebuild { release, lang, dir } => {
            let lang = lang.unwrap_or(default_lang(&config));
            let dir = dir.unwrap_or_else(|| config.paths.private.join("rebuild").join(release.to_string()));
            let differing = crate::pipeline::rebuild(&config, release, lang, &dir)?;
            if !differing.is_empty() {
                anyhow::bail!(
                    "the rebuild of release {release} in `{}` differs from what was published in: {}",
                    dir.display(),
                    differing.join(", ")
                );
            }
            eprintln!("release {release} rebuilt: every file is byte-identical to what was published");
            println!("{}", dir.display());
            Ok(())
        }
        Command::Bench { participants, dir, python } => {
            crate::bench::run(&cli.config, &crate::bench::Options { participants, dir, python })
        }
        Command::Demo => {
            let exports = crate::demo::prepare(&config)?;
            ingest(&config, &[exports], Format::Table, Options { commit: true, progress: true })?;
            let period = crate::pipeline::latest_full_quarter(&config)?;
            eprintln!("reporting {period}");
            let index = crate::pipeline::report(&config, &period, Lang::Id)?;
            note_audit(&config, &period);
            eprintln!("the report is ready (index.html and report.pdf); open it in a browser:");
            println!("{}", index.display());
            Ok(())
        }
    }
}

/// The language of `publication.language`.
fn default_lang(config: &Config) -> Lang {
    if config.publication.language == "en" { Lang::En } else { Lang::Id }
}

/// Where the disclosure audit of a report went (not for publication).
fn note_audit(config: &Config, period: &Period) {
    eprintln!(
        "the disclosure audit (every hidden cell with its true value, for the checking office only) is `{}`; \
         `{}` holds only what may be published",
        crate::publish::disclosure_audit(config, period).display(),
        config.paths.output.display()
    );
}

fn ingest(config: &Config, paths: &[PathBuf], format: Format, opts: Options) -> Result<()> {
    let report = crate::ingest::run(config, paths, opts)?;
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    for s in &report.files {
        eprintln!("{}", s.line());
    }
    if !opts.commit {
        // `check`: the problems are its output.
        let quarantined = report.quarantined.iter().map(|p| ("quarantine", p));
        for (kind, p) in quarantined.chain(report.warnings.iter().map(|p| ("warning", p))) {
            println!("{}:{}: {kind} {} [{}] {}", p.file, p.line, p.code, p.column, p.message);
        }
        return Ok(());
    }
    let quarantined = report.rows_quarantined();
    if quarantined > 0 {
        eprintln!("{quarantined} rows quarantined: see `{}`", config.paths.quarantine.display());
    }
    Ok(())
}

/// `indicators --list`: every indicator, its unit, where it is computed and what it means.
fn catalogue_text(format: Format) -> String {
    use crate::catalogue::{CATALOGUE, source_path};
    match format {
        Format::Table => {
            let mut out = String::new();
            for i in CATALOGUE {
                let unit =
                    if i.unit == crate::table::Unit::Unspecified { "(the indicator's)" } else { i.unit.as_str() };
                out.push_str(&format!(
                    "{}  [{unit}]  {}\n    {}: {}\n",
                    i.id,
                    source_path(i.source),
                    i.label,
                    i.definition
                ));
            }
            out
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut write = |r: [&str; 5]| w.write_record(r).expect("writing to memory");
            write(["indicator", "unit", "source", "label", "definition"]);
            for i in CATALOGUE {
                write([i.id, i.unit.as_str(), &source_path(i.source), i.label, i.definition]);
            }
            String::from_utf8(w.into_inner().expect("writing to memory")).expect("utf-8 in, utf-8 out")
        }
        Format::Json => {
            let list: Vec<_> = CATALOGUE
                .iter()
                .map(|i| {
                    serde_json::json!({
                        "indicator": i.id, "unit": i.unit, "source": source_path(i.source),
                        "label": i.label, "definition": i.definition,
                    })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list).expect("plain JSON values"))
        }
    }
}

/// The table aligned in columns for a terminal.
fn text_table(table: &crate::indicators::KpiTable) -> String {
    let rows: Vec<[String; 8]> = table
        .rows()
        .iter()
        .map(|r| {
            [
                r.indicator.clone(),
                r.period.to_string(),
                r.scope.to_string(),
                r.dimension.to_string(),
                r.category.clone(),
                r.value_text(),
                r.unit.to_string(),
                r.status.as_str().to_string(),
            ]
        })
        .collect();
    let header = ["indicator", "period", "scope", "dimension", "category", "value", "unit", "status"].map(String::from);
    let mut widths = [0usize; 8];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
