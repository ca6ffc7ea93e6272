//! One claim is counted once, in the earliest month that reports it,
//! whatever order the files arrive in.
//!
//! Every `klaim` row that passes the row rules is a *candidate*, kept in the
//! lake (`_kandidat/`) with its line and a keyed hash of its content. After
//! every ingest the candidates of all live months are resolved together:
//! for each `no_klaim`, the candidate of the earliest month (then the
//! earliest line) holds the claim; another candidate with the same content
//! is an exact duplicate (skipped), one with different content a conflict
//! (quarantined, `CONFLICTING_NO_KLAIM`). The counted claims are therefore
//! a function of the set of live files, not of the order of ingests.
//!
//! Before the row rules, a row identical (all but `periode`) to a candidate
//! of an earlier month is an exact duplicate: BPJS repeats last month's
//! claims in a new export, and such a repeat is not a fault even though its
//! `tgl_bayar` lies outside the new month.

use std::collections::{BTreeMap, HashMap};

use crate::period::Month;

/// A candidate claim row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub no_klaim: String,
    pub content: String,
    pub month: Month,
    pub line: u64,
}

/// What becomes of a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Held,
    /// The same claim is held by (month, line).
    Duplicate(Month, u64),
    /// A different claim with this number is held by (month, line).
    Conflict(Month, u64),
}

/// Resolves all live candidates; the outcomes are in the order given.
pub fn resolve(candidates: &[Candidate]) -> Vec<Outcome> {
    let mut holder: HashMap<&str, &Candidate> = HashMap::new();
    for c in candidates {
        holder
            .entry(c.no_klaim.as_str())
            .and_modify(|h| {
                if (c.month, c.line) < (h.month, h.line) {
                    *h = c;
                }
            })
            .or_insert(c);
    }
    candidates
        .iter()
        .map(|c| {
            let h = holder[c.no_klaim.as_str()];
            if std::ptr::eq(h, c) {
                Outcome::Held
            } else if h.content == c.content {
                Outcome::Duplicate(h.month, h.line)
            } else {
                Outcome::Conflict(h.month, h.line)
            }
        })
        .collect()
}

/// The content of known candidates by `no_klaim` and month, for the
/// identical-repeat rule.
#[derive(Debug, Default)]
pub struct Known(HashMap<String, BTreeMap<Month, String>>);

impl Known {
    pub fn insert(&mut self, no_klaim: &str, month: Month, content: &str) {
        self.0.entry(no_klaim.to_string()).or_default().insert(month, content.to_string());
    }

    /// Forgets a month that is being replaced.
    pub fn forget(&mut self, month: Month) {
        for months in self.0.values_mut() {
            months.remove(&month);
        }
    }

    /// True when a month before `month` has this exact claim.
    pub fn repeats_earlier(&self, no_klaim: &str, month: Month, content: &str) -> bool {
        self.0.get(no_klaim).is_some_and(|m| m.range(..month).any(|(_, c)| c == content))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(no: &str, content: &str, month: &str, line: u64) -> Candidate {
        Candidate { no_klaim: no.into(), content: content.into(), month: month.parse().unwrap(), line }
    }

    #[test]
    fn the_earliest_month_holds_whatever_the_order() {
        let a = c("K1", "x", "2025-10", 5);
        let b = c("K1", "x", "2025-11", 2);
        let d = c("K1", "y", "2025-12", 2);
        let m = |s: &str| s.parse::<Month>().unwrap();
        assert_eq!(
            resolve(&[d.clone(), b.clone(), a.clone()]),
            vec![Outcome::Conflict(m("2025-10"), 5), Outcome::Duplicate(m("2025-10"), 5), Outcome::Held]
        );
        assert_eq!(resolve(&[a, b, d])[0], Outcome::Held);
    }

    #[test]
    fn within_a_month_the_first_line_holds() {
        let out = resolve(&[c("K1", "y", "2025-10", 9), c("K1", "x", "2025-10", 3), c("K2", "x", "2025-10", 4)]);
        assert_eq!(out[0], Outcome::Conflict("2025-10".parse().unwrap(), 3));
        assert_eq!((&out[1], &out[2]), (&Outcome::Held, &Outcome::Held));
    }

    #[test]
    fn only_earlier_months_make_a_repeat() {
        let mut k = Known::default();
        k.insert("K1", "2025-10".parse().unwrap(), "x");
        assert!(k.repeats_earlier("K1", "2025-11".parse().unwrap(), "x"));
        assert!(!k.repeats_earlier("K1", "2025-10".parse().unwrap(), "x"));
        assert!(!k.repeats_earlier("K1", "2025-11".parse().unwrap(), "y"));
        k.forget("2025-10".parse().unwrap());
        assert!(!k.repeats_earlier("K1", "2025-11".parse().unwrap(), "x"));
    }
}
