//! The one integration test binary (each extra binary would re-link polars).

mod atomic;
mod browser;
mod cli;
mod common;
mod figures;
mod hostile;
mod indicators;
mod ingest;
mod kabupaten;
mod publish;
mod sample;
