//! jamstat turns the monthly exports of BPJS Ketenagakerjaan (membership
//! snapshots `peserta`, claim decisions `klaim`) into published statistics
//! for a city or regency. `ingest` checks exports against the data contract
//! and writes them to a Hive-partitioned Parquet lake (refused rows go to a
//! quarantine, NIKs become keyed hashes); `indicators` runs the SQL files in
//! `queries/` over the lake with polars into the tidy indicator table;
//! `report` renders that table as static HTML with SVG charts, plus
//! `kpi.csv` and `kpi.json`, an open-data package and `provenance.json`. `demo` runs the whole chain on a synthetic,
//! calibrated Kota Madiun. Each stage reads what the previous one wrote to
//! disk, so each command also runs alone.

pub mod bench;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod contract;
pub mod csvcell;
pub mod demo;
pub mod disclosure;
pub mod failpoint;
pub mod files;
pub mod indicators;
pub mod ingest;
pub mod lake;
pub mod lock;
pub mod parallel;
pub mod parquet;
pub mod period;
pub mod pipeline;
pub mod pseudonym;
pub mod publish;
pub mod reference;
pub mod release;
pub mod report;
pub mod sample;
pub mod table;
