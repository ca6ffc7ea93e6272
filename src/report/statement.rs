//! The quality statement of a release (`Pernyataan kualitas`), generated
//! from facts the pipeline has, under the quality dimensions BPS uses:
//! relevansi, akurasi, aktualitas dan ketepatan waktu, keterbandingan,
//! aksesibilitas, koherensi. Every count in it is counted here from the
//! report's input (the table, the ingest counts, the release), never typed.

use serde::Serialize;

use super::view::Look;
use super::{ReleaseNote, ReportInput, Schedule, format};
use crate::period::Period;
use crate::table::{Scope, Status};

/// One quality dimension and what the release says under it.
#[derive(Debug, Clone, Serialize)]
pub struct Aspect {
    pub title: String,
    pub lines: Vec<String>,
}

/// The statement of a release; none for an internal run.
pub fn statement(l: &Look<'_>, input: &ReportInput, denominators: &[(String, i32, String)]) -> Option<Vec<Aspect>> {
    let note = input.release.as_ref()?;
    let aspect = |key: &str, lines: Vec<String>| Aspect { title: l.t(key), lines };
    let n = |v: usize| format::ribuan(v as i64, l.m.lang);
    let own: Vec<_> = input.table.rows().iter().filter(|r| r.period == input.period).collect();
    let mut indicators: Vec<&str> = own.iter().map(|r| r.indicator.as_str()).collect();
    indicators.dedup();
    let relevance = vec![l.f(
        "q_relevance",
        &[
            ("n", &n(own.len())),
            ("k", &n(indicators.len())),
            ("programme", &input.programme_name),
            ("region", &input.region_name),
        ],
    )];

    let sum = |f: fn(&super::QualityLine) -> u64| n(input.data_quality.iter().map(f).sum::<u64>() as usize);
    let hidden = own.iter().filter(|r| r.status == Status::Suppressed).count();
    let missing = own.iter().filter(|r| r.status == Status::NotAvailable).count();
    let accuracy = vec![
        l.f(
            "q_accuracy_rows",
            &[
                ("files", &n(input.data_quality.len())),
                ("read", &sum(|q| q.rows_read)),
                ("kept", &sum(|q| q.rows_ingested)),
                ("quarantined", &sum(|q| q.rows_quarantined)),
                ("skipped", &sum(|q| q.rows_skipped)),
            ],
        ),
        l.f(
            "q_accuracy_cells",
            &[("hidden", &n(hidden)), ("threshold", &input.disclosure_threshold.to_string()), ("na", &n(missing))],
        ),
    ];

    let end = input.period.last_month().last_day();
    let lag = (input.release_date - end).num_days().to_string();
    let date = format::tanggal(input.release_date, l.m.lang);
    let mut timeliness = vec![l.f("q_timeliness", &[("date", &date), ("days", &lag)])];
    timeliness.push(match &note.schedule {
        Schedule::OnTime => l.t("q_on_time"),
        Schedule::Postponed { first, reason } => {
            l.f("q_postponed", &[("first", &format::tanggal(*first, l.m.lang)), ("reason", reason)])
        }
        Schedule::Unscheduled => l.t("q_unscheduled"),
    });

    let gaps: Vec<String> = input
        .trend_months
        .iter()
        .map(|m| Period::Month(*m))
        .filter(|m| l.value("members_active", *m, Scope::Programme).is_none())
        .map(|m| l.label(m))
        .collect();
    let mut comparability = vec![l.f(
        "q_comparability",
        &[
            ("previous", &l.label(input.previous_period)),
            ("year_ago", &l.label(input.year_ago_period)),
            ("queries", &n(input.provenance.queries.len())),
        ],
    )];
    comparability.push(if gaps.is_empty() {
        l.f("q_trend_complete", &[("n", &n(input.trend_months.len()))])
    } else {
        l.f("q_trend_gaps", &[("months", &gaps.join(", "))])
    });

    let accessibility = vec![l.f("q_accessibility", &[("licence", &input.licence)])];
    let coherence = coherence(l, input, note, denominators);
    Some(vec![
        aspect("q_h_relevance", relevance),
        aspect("q_h_accuracy", accuracy),
        aspect("q_h_timeliness", timeliness),
        aspect("q_h_comparability", comparability),
        aspect("q_h_accessibility", accessibility),
        aspect("q_h_coherence", coherence),
    ])
}

/// The revisions made and their size, and the denominators with their years.
fn coherence(
    l: &Look<'_>,
    input: &ReportInput,
    note: &ReleaseNote,
    denominators: &[(String, i32, String)],
) -> Vec<String> {
    let own = note.changes.iter().filter(|c| c.period == input.period).count();
    let n = |v: usize| format::ribuan(v as i64, l.m.lang);
    let mut lines = vec![match &note.revises {
        Some(revises) => l.f(
            "q_revision",
            &[
                ("revision", &note.revision.to_string()),
                ("revises", revises),
                ("own", &n(own)),
                ("other", &n(note.changes.len() - own)),
                ("files", &n(note.replaced.len())),
            ],
        ),
        None if note.changes.is_empty() => l.t("q_first_release"),
        None => l.f("q_comparisons_revised", &[("n", &n(note.changes.len()))]),
    }];
    for (name, year, source) in denominators {
        lines.push(l.f("q_denominator", &[("name", name), ("year", &year.to_string()), ("source", source)]));
    }
    lines
}
