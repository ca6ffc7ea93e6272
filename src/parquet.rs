//! The Parquet files jamstat writes: one set of settings (zstd, full
//! statistics), and an encoder that uses every core for one file.
//!
//! polars' writer encodes a row group's columns at once but compresses its
//! pages one after another while writing; a month of a million rows spent
//! 0,56 s there on little more than one core, the last serial step of a
//! new month's ingest. [`encode`] encodes and compresses every column of
//! every row group at once, then writes them in order through polars' own
//! writer: the same row groups, pages and footer, so the same bytes
//! (tested against the writer's own output).

use anyhow::{Context, Result};
use polars::io::parquet::write::{ParquetCompression, ParquetWriter, StatisticsOptions};
use polars::prelude::{CompatLevel, DataFrame, SchemaExt};
use polars_parquet::write::{CompressedPage, CompressionOptions, Version, WriteOptions, array_to_columns, compress};

/// The rows of a row group, as polars' writer chooses them by default.
const ROW_GROUP_ROWS: usize = 512 * 512;
const COMPRESSION: ParquetCompression = ParquetCompression::Zstd(None);

/// The Parquet settings of every file jamstat writes: zstd, full statistics.
pub fn writer<W: std::io::Write>(out: W) -> ParquetWriter<W> {
    ParquetWriter::new(out)
        .with_compression(COMPRESSION)
        .with_statistics(StatisticsOptions::full())
        .with_row_group_size(Some(ROW_GROUP_ROWS))
}

/// The bytes [`writer`] writes for `df`, its pages encoded and compressed
/// on every core.
pub fn encode(df: &mut DataFrame) -> Result<Vec<u8>> {
    let chunked = polars::frame::chunk_df_for_writing(df, ROW_GROUP_ROWS)?;
    let arrow_schema = chunked.schema().to_arrow(CompatLevel::newest());
    let encodings = polars::io::parquet::write::get_encodings(&arrow_schema);
    let mut bytes = Vec::new();
    let mut batched = writer(&mut bytes).batched(chunked.schema())?;
    let fields = batched.parquet_schema().fields().to_vec();
    let options = WriteOptions {
        statistics: StatisticsOptions::full(),
        version: Version::V1,
        compression: CompressionOptions::from(COMPRESSION),
        data_page_size: None,
    };
    let groups: Vec<_> = chunked.iter_chunks(CompatLevel::newest(), false).filter(|b| !b.is_empty()).collect();
    let jobs: Vec<(usize, usize)> = (0..groups.len()).flat_map(|g| (0..fields.len()).map(move |c| (g, c))).collect();
    let mut pages: Vec<Vec<Vec<CompressedPage>>> = groups.iter().map(|_| Vec::new()).collect();
    crate::parallel::in_order(
        &jobs,
        crate::parallel::workers(),
        |&(g, c)| -> Result<(usize, Vec<Vec<CompressedPage>>)> {
            let leaves = array_to_columns(&groups[g].columns()[c], fields[c].clone(), options, &encodings[c])?;
            let compressed = leaves
                .into_iter()
                .map(|leaf| leaf.map(|page| Ok(compress(page?, Vec::new(), options.compression)?)).collect())
                .collect::<Result<Vec<Vec<CompressedPage>>>>()?;
            Ok((g, compressed))
        },
        |(g, compressed)| {
            pages[g].extend(compressed);
            Ok(())
        },
    )
    .context("failed to encode a Parquet file")?;
    for (group, columns) in groups.iter().zip(&pages) {
        batched.write_row_group(group.len() as u64, columns)?;
    }
    batched.finish()?;
    drop(batched);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use polars::prelude::{Column, NamedFrom, Series};

    use super::*;

    /// Several row groups (text with many and with few values, integers,
    /// nulls): the parallel encoder writes exactly what polars' writer writes.
    #[test]
    fn the_same_bytes_as_polars_writer() {
        let rows = ROW_GROUP_ROWS * 2 + 12_345;
        let text: Vec<Option<String>> =
            (0..rows).map(|i| (i % 7 != 0).then(|| format!("{:064x}", (i as u64).wrapping_mul(0x9e37_79b9)))).collect();
        let few: Vec<&str> = (0..rows).map(|i| ["BPU", "PU", "JAKON"][i % 3]).collect();
        let numbers: Vec<Option<i64>> = (0..rows).map(|i| (i % 11 != 0).then_some(i as i64 * 16_800)).collect();
        let mut df = DataFrame::new(
            rows,
            vec![
                Column::from(Series::new("nik_hash".into(), text)),
                Column::from(Series::new("segmen".into(), few)),
                Column::from(Series::new("iuran".into(), numbers)),
            ],
        )
        .expect("a frame");
        let mut by_polars = Vec::new();
        writer(&mut by_polars).finish(&mut df.clone()).expect("polars writes");
        let ours = encode(&mut df).expect("encoded");
        assert!(by_polars.len() > 1000);
        assert!(ours == by_polars, "{} bytes against polars' {}", ours.len(), by_polars.len());
    }
}
