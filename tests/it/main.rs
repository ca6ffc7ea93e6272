//! The one integration test binary (each extra binary would re-link polars).

mod architecture;
mod atomic;
mod browser;
mod cli;
mod common;
mod concurrent;
mod figures;
mod hostile;
mod indicators;
mod ingest;
mod kabupaten;
mod mutate;
mod props;
mod publish;
mod releases;
mod safety;
mod sample;
mod snapshots;
mod workbook;
