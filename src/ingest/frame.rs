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
    /// Rows finished by [`Frame::append`], before those of `columns`.
    done: Option<DataFrame>,
    columns: Vec<Builder>,
    /// Rows in `columns`.
    building: usize,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({}, {} rows)", self.dataset.name(), self.height())
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
        Frame { dataset, keyed: keyed.clone(), done: None, columns: Frame::builders(dataset, capacity), building: 0 }
    }

    fn builders(dataset: Dataset, capacity: usize) -> Vec<Builder> {
        dataset
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
            .collect()
    }

    /// Rows so far.
    pub fn height(&self) -> usize {
        self.building + self.done.as_ref().map_or(0, DataFrame::height)
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
        self.building += 1;
    }

    /// Adds `later`'s rows after these, as if pushed here one by one. The
    /// rows are kept as finished columns, and joined into one chunk once, by
    /// [`Frame::finish`] (half a month's text is not copied value by value).
    pub fn append(&mut self, later: Frame) -> Result<()> {
        if later.dataset != self.dataset {
            anyhow::bail!("internal: a {} frame appended to a {} one", later.dataset.name(), self.dataset.name());
        }
        let mut rows = std::mem::replace(self, Frame::new(self.dataset, &later.keyed, 0)).chunks()?;
        rows.vstack_mut_owned(later.chunks()?)?;
        self.done = Some(rows);
        Ok(())
    }

    /// Every row so far, in as many chunks as appends made.
    fn chunks(self) -> Result<DataFrame> {
        let built = columns_of(self.columns, self.building)?;
        match self.done {
            Some(mut done) => {
                done.vstack_mut_owned(built)?;
                Ok(done)
            }
            None => Ok(built),
        }
    }

    /// The frame; `content` is each row's `isi_hash` (`klaim` only).
    pub fn finish(self, content: &[String]) -> Result<DataFrame> {
        let klaim = self.dataset == Dataset::Klaim;
        let mut df = self.chunks()?;
        df.rechunk_mut_par();
        if klaim {
            df.with_column(Column::new("isi_hash".into(), content))?;
        }
        Ok(df)
    }
}

/// The lake's columns of `rows` rows built so far.
fn columns_of(builders: Vec<Builder>, rows: usize) -> Result<DataFrame> {
    let columns: Vec<Column> = builders
        .into_iter()
        .map(|b| match b {
            Builder::Text(b) => b.finish().into_series().into(),
            Builder::Date(name, days) => {
                Int32Chunked::from_iter_options(name, days.into_iter()).into_date().into_series().into()
            }
            Builder::Int(name, values) => Column::new(name, values),
        })
        .collect();
    Ok(DataFrame::new(rows, columns)?)
}
