//! The lake's columns of one month, built row by row as rows pass their
//! checks: no `periode` (it is the partition), `nik` replaced by `nik_hash`
//! and `nama` by `nama_hash` (see `name_hash`) as the row arrives, so a
//! month's rows are held as columns (text in one buffer per column), never
//! as a row of cells each, and no NIK or name is held past its row.
//! `klaim` frames gain the keyed hash of each row's content (`isi_hash`).

use anyhow::Result;
use polars::prelude::{Column, DataFrame, Int32Chunked, IntoSeries, NewChunkedArray, PlSmallStr, StringChunkedBuilder};

use crate::contract::{Cell, Dataset, Kind};
use crate::pseudonym::Keyed;

/// One month's kept rows of one file, as the lake's columns.
#[derive(Clone)]
pub struct Frame {
    dataset: Dataset,
    keyed: Keyed,
    columns: Vec<Builder>,
    height: usize,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({}, {} rows)", self.dataset.name(), self.height)
    }
}

#[derive(Clone)]
enum Builder {
    Text(StringChunkedBuilder),
    Date(PlSmallStr, Vec<Option<i32>>),
    Int(PlSmallStr, Vec<Option<i64>>),
}

impl Frame {
    /// An empty frame with room for `capacity` rows (memory not yet touched
    /// costs nothing: a larger guess is cheap, a smaller one copies).
    pub fn new(dataset: Dataset, keyed: &Keyed, capacity: usize) -> Frame {
        let columns = dataset
            .columns()
            .iter()
            .filter(|c| c.name != "periode")
            .map(|c| match c.kind {
                Kind::Nik => Builder::Text(StringChunkedBuilder::new("nik_hash".into(), capacity)),
                Kind::Nama => Builder::Text(StringChunkedBuilder::new("nama_hash".into(), capacity)),
                Kind::Date => Builder::Date(c.name.into(), Vec::with_capacity(capacity)),
                Kind::Rupiah | Kind::Count => Builder::Int(c.name.into(), Vec::with_capacity(capacity)),
                _ => Builder::Text(StringChunkedBuilder::new(c.name.into(), capacity)),
            })
            .collect();
        Frame { dataset, keyed: keyed.clone(), columns, height: 0 }
    }

    /// Rows so far.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Adds a checked row, its cells in contract order.
    pub fn push(&mut self, cells: &[Cell]) {
        let lake_columns = self.dataset.columns().iter().zip(cells).filter(|(c, _)| c.name != "periode");
        for ((column, cell), builder) in lake_columns.zip(&mut self.columns) {
            match builder {
                Builder::Text(b) => match (column.kind, cell) {
                    (Kind::Nik, c) => b.append_value(self.keyed.hash(c.text())),
                    (Kind::Nama, Cell::Text(s)) => b.append_option(self.keyed.name(s)),
                    (_, Cell::Text(s)) => b.append_value(s),
                    _ => b.append_null(),
                },
                Builder::Date(_, v) => v.push(cell.date().map(crate::period::epoch_days)),
                Builder::Int(_, v) => v.push(cell.int()),
            }
        }
        self.height += 1;
    }

    /// Adds `later`'s rows after these, as if pushed here one by one.
    pub fn append(&mut self, later: Frame) -> Result<()> {
        if later.dataset != self.dataset {
            anyhow::bail!("internal: a {} frame appended to a {} one", later.dataset.name(), self.dataset.name());
        }
        for (builder, more) in self.columns.iter_mut().zip(later.columns) {
            match (builder, more) {
                (Builder::Text(b), Builder::Text(m)) => m.finish().iter().for_each(|v| b.append_option(v)),
                (Builder::Date(_, v), Builder::Date(_, m)) => v.extend(m),
                (Builder::Int(_, v), Builder::Int(_, m)) => v.extend(m),
                _ => anyhow::bail!("internal: frames of one dataset with different columns"),
            }
        }
        self.height += later.height;
        Ok(())
    }

    /// The frame; `content` is each row's `isi_hash` (`klaim` only).
    pub fn finish(self, content: &[String]) -> Result<DataFrame> {
        let mut columns: Vec<Column> = self
            .columns
            .into_iter()
            .map(|b| match b {
                Builder::Text(b) => b.finish().into_series().into(),
                Builder::Date(name, days) => {
                    Int32Chunked::from_iter_options(name, days.into_iter()).into_date().into_series().into()
                }
                Builder::Int(name, values) => Column::new(name, values),
            })
            .collect();
        if self.dataset == Dataset::Klaim {
            columns.push(Column::new("isi_hash".into(), content));
        }
        Ok(DataFrame::new(self.height, columns)?)
    }
}
