//! Releases: what was published, when, from which lake state, and what it
//! revises. The register (`<private>/releases.json`, written whole and
//! renamed into place like the lake's manifest) lists every release of
//! every period with its BRS-style number (`No. 01/01/3577/Th.I`), its
//! planned date and hour, the inputs it was computed from (the lake's
//! partitions with the hash of the export each came from, the config, the
//! queries, the reference tables) and the hash of every file it published.
//! The published `kpi.csv` of each release is kept beside the register
//! (`<private>/releases/<seq>/kpi.csv`): a revision compares against it,
//! and a cell hidden once stays hidden in every later release.
//!
//! [`plan`] decides what a draft will be: the same release again when
//! nothing it was computed from changed, else the next revision of the
//! period (revision 1 when the period was never published).

pub mod changes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::files::Hashed;
use crate::lake::PartitionEntry;
use crate::period::Period;
use crate::table::KpiTable;

/// The register's file name, in the private folder.
pub const REGISTER: &str = "releases.json";

/// Everything a release was computed from: equal inputs, equal release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub jamstat_version: String,
    pub config_sha256: String,
    pub queries: Vec<Hashed>,
    pub reference: Vec<Hashed>,
    /// The lake partitions read, each with the export it came from.
    pub partitions: Vec<PartitionEntry>,
}

/// One release of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 1, 2, 3 ... in the order of release over the whole register.
    pub seq: u32,
    /// `01/01/3577/Th.I`: number in its year / month / region code / year of the series.
    pub number: String,
    pub period: String,
    /// 1 for the first release of the period, 2 for its first revision ...
    pub revision: u32,
    /// The number of the release this one revises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<String>,
    /// The release date and hour (WIB), from the calendar.
    pub date: NaiveDate,
    pub time: String,
    /// The languages published so far (`id`, `en`).
    pub languages: Vec<String>,
    pub inputs: Inputs,
    /// Per language, every file published and its SHA-256.
    pub outputs: BTreeMap<String, Vec<Hashed>>,
}

impl Entry {
    /// `No. 01/01/3577/Th.I`, as the cover prints it.
    pub fn label(&self) -> String {
        format!("No. {}", self.number)
    }
}

/// Every release so far, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub releases: Vec<Entry>,
}

impl Register {
    /// The register in `private`; empty when nothing was released yet.
    pub fn load(private: &Path) -> Result<Register> {
        let path = private.join(REGISTER);
        if !path.exists() {
            return Ok(Register::default());
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        serde_json::from_str(&text).with_context(|| {
            format!("`{}` is not a release register jamstat can read: restore it from a backup", path.display())
        })
    }

    /// Writes the register whole (a rename: never half-written).
    pub fn save(&self, private: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        crate::files::write_atomic(&private.join(REGISTER), text.as_bytes())
    }

    /// The release with register number `seq`.
    pub fn get(&self, seq: u32) -> Option<&Entry> {
        self.releases.iter().find(|e| e.seq == seq)
    }

    /// The latest release of `period`.
    pub fn latest(&self, period: &str) -> Option<&Entry> {
        self.releases.iter().filter(|e| e.period == period).max_by_key(|e| e.seq)
    }

    /// The releases before `seq`, in order.
    pub fn before(&self, seq: u32) -> impl Iterator<Item = &Entry> {
        self.releases.iter().filter(move |e| e.seq < seq)
    }
}

/// Where the published table of release `seq` is kept.
pub fn archived_table(private: &Path, seq: u32) -> PathBuf {
    private.join("releases").join(seq.to_string()).join("kpi.csv")
}

/// The published tables of the releases before `seq`, oldest first.
pub fn earlier_tables(register: &Register, private: &Path, seq: u32) -> Result<Vec<(Entry, KpiTable)>> {
    let mut out = Vec::new();
    for e in register.before(seq) {
        let path = archived_table(private, e.seq);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("failed to read `{}`, the table of release {}: restore it from a backup", path.display(), e.label())
        })?;
        let table = KpiTable::from_csv(&text).with_context(|| format!("`{}`", path.display()))?;
        out.push((e.clone(), table));
    }
    Ok(out)
}

/// What a draft will be published as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub entry: Entry,
    /// Whether the register already holds this release (nothing changed
    /// since): publishing it only adds a language.
    pub existing: bool,
}

/// The release a draft of `period` computed from `inputs` will be,
/// released on `date` at `time`: the latest release of the period again
/// when its inputs are the same, else the next one.
pub fn plan(register: &Register, period: &Period, inputs: Inputs, when: (NaiveDate, &str), series: Series) -> Planned {
    let period = period.to_string();
    let (date, time) = when;
    if let Some(last) = register.latest(&period)
        && last.inputs == inputs
    {
        return Planned { entry: last.clone(), existing: true };
    }
    let last = register.latest(&period);
    let seq = register.releases.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
    let in_year = register.releases.iter().filter(|e| e.date.year() == date.year()).count() + 1;
    let start = series.start.or_else(|| register.releases.first().map(|e| e.date.year())).unwrap_or(date.year());
    let digits: String = series.region_code.chars().filter(char::is_ascii_digit).collect();
    let th = roman((date.year() - start + 1).max(1) as u32);
    let entry = Entry {
        seq,
        number: format!("{in_year:02}/{:02}/{digits}/Th.{th}", date.month()),
        period,
        revision: last.map_or(1, |l| l.revision + 1),
        revises: last.map(|l| l.number.clone()),
        date,
        time: time.to_string(),
        languages: Vec::new(),
        inputs,
        outputs: BTreeMap::new(),
    };
    Planned { entry, existing: false }
}

/// What a release number is made of besides the register: the region's
/// code and the year the series began (`None`: the first release's year).
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    pub region_code: &'a str,
    pub start: Option<i32>,
}

/// `14` -> `XIV`.
pub fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in DIGITS {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(source: &str) -> Inputs {
        Inputs {
            jamstat_version: "0.1.0".into(),
            config_sha256: "c".into(),
            queries: Vec::new(),
            reference: Vec::new(),
            partitions: vec![PartitionEntry {
                dataset: "peserta".into(),
                periode: "2025-12".into(),
                file: format!("peserta/periode=2025-12/{source}.parquet"),
                rows: 1,
                source_file: format!("{source}.csv"),
                source_sha256: source.into(),
                candidates: None,
            }],
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn numbers_count_within_the_year_and_revisions_point_back() {
        let series = Series { region_code: "35.77", start: None };
        let q4: Period = "2025-Q4".parse().unwrap();
        let mut register = Register::default();
        let first = plan(&register, &q4, inputs("a"), (day("2026-01-15"), "11:00"), series);
        assert_eq!((first.entry.number.as_str(), first.existing, first.entry.revision), ("01/01/3577/Th.I", false, 1));
        register.releases.push(first.entry.clone());
        let again = plan(&register, &q4, inputs("a"), (day("2026-01-15"), "11:00"), series);
        assert!(again.existing, "the same inputs make the same release");
        let revised = plan(&register, &q4, inputs("b"), (day("2026-02-03"), "11:00"), series);
        assert_eq!(revised.entry.number, "02/02/3577/Th.I");
        assert_eq!((revised.entry.revision, revised.entry.revises.as_deref()), (2, Some("01/01/3577/Th.I")));
        register.releases.push(revised.entry);
        let next_year = plan(&register, &"2026-Q4".parse().unwrap(), inputs("c"), (day("2027-01-15"), "11:00"), series);
        assert_eq!(next_year.entry.number, "01/01/3577/Th.II");
        assert_eq!(next_year.entry.seq, 3);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!([1, 4, 9, 14, 40, 2026].map(roman), ["I", "IV", "IX", "XIV", "XL", "MMXXVI"]);
    }
}
