//! `[release]`: who publishes (producer, contact, update frequency), the
//! year the release series starts (the `Th.` of a release number) and the
//! release calendar: for each period its planned date and time (11.00 WIB
//! unless given) and, when it moved, the new date and the reason. No
//! clock is read anywhere: a draft prints the date planned here.

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::period::Period;

/// The `[release]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRelease {
    series_start: Option<i32>,
    producer: Option<String>,
    contact: Option<String>,
    frequency: Option<String>,
    #[serde(default)]
    calendar: Vec<RawScheduled>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheduled {
    period: String,
    date: String,
    time: Option<String>,
    postponed_to: Option<String>,
    reason: Option<String>,
}

/// The release settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseSettings {
    /// The year of `Th.I`; by default the year of the first release.
    pub series_start: Option<i32>,
    /// Who publishes (`Dinas Tenaga Kerja Kota Madiun`); by default the region.
    pub producer: String,
    /// Where readers ask (an address, an e-mail); may be empty.
    pub contact: String,
    /// How often the statistics are released (`triwulanan`).
    pub frequency: String,
    /// The calendar, in the order written.
    pub calendar: Vec<Scheduled>,
}

/// One period's place in the release calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub period: Period,
    /// The date first announced.
    pub date: NaiveDate,
    /// The hour of release (WIB).
    pub time: NaiveTime,
    pub postponed: Option<Postponement>,
}

/// A release moved to a later date, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postponement {
    pub date: NaiveDate,
    pub reason: String,
}

impl Scheduled {
    /// The date the release is planned for now: the new one when postponed.
    pub fn planned(&self) -> NaiveDate {
        self.postponed.as_ref().map_or(self.date, |p| p.date)
    }
}

impl ReleaseSettings {
    /// The calendar entry of `period`, if the calendar lists it.
    pub fn scheduled(&self, period: &Period) -> Option<&Scheduled> {
        self.calendar.iter().find(|s| s.period == *period)
    }
}

/// The hour a release goes out when the calendar gives none (BPS releases at 11.00 WIB).
pub const DEFAULT_TIME: &str = "11:00";

pub(super) fn parse(raw: RawRelease, region: &str) -> Result<ReleaseSettings> {
    let date = |what: &str, text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .with_context(|| format!("`{what}` is `{text}`: write the date as YYYY-MM-DD"))
    };
    let mut calendar: Vec<Scheduled> = Vec::new();
    for (i, e) in raw.calendar.into_iter().enumerate() {
        let at = format!("release.calendar[{}]", i + 1);
        let period: Period = e.period.parse().with_context(|| format!("`{at}.period`"))?;
        if calendar.iter().any(|s| s.period == period) {
            bail!("`{at}` lists {period} a second time: give each period one entry (a new date is `postponed_to`)");
        }
        let first = date(&format!("{at}.date"), &e.date)?;
        let time_text = e.time.as_deref().unwrap_or(DEFAULT_TIME);
        let time = NaiveTime::parse_from_str(time_text, "%H:%M")
            .with_context(|| format!("`{at}.time` is `{time_text}`: write the hour as HH:MM (`11:00`)"))?;
        let postponed = match (e.postponed_to, e.reason) {
            (None, None) => None,
            (Some(to), Some(reason)) if !reason.trim().is_empty() => {
                let to_date = date(&format!("{at}.postponed_to"), &to)?;
                if to_date <= first {
                    bail!(
                        "`{at}.postponed_to` ({to_date}) is not after its date ({first}): a postponement moves it later"
                    );
                }
                Some(Postponement { date: to_date, reason: reason.trim().to_string() })
            }
            (Some(_), _) => bail!("`{at}` is postponed without a `reason`: say why, readers are told"),
            (None, Some(_)) => bail!("`{at}` has a `reason` but no `postponed_to`: give the new date"),
        };
        if period.last_month().last_day() >= first {
            bail!("`{at}` plans {period} for {first}, before the period has ended");
        }
        calendar.push(Scheduled { period, date: first, time, postponed });
    }
    if let Some(y) = raw.series_start
        && !(1900..=9999).contains(&y)
    {
        bail!("`release.series_start` is {y}: write the year the series began, for example 2026");
    }
    let text = |v: Option<String>, default: &str| v.map(|s| s.trim().to_string()).unwrap_or_else(|| default.into());
    Ok(ReleaseSettings {
        series_start: raw.series_start,
        producer: text(raw.producer, region),
        contact: text(raw.contact, ""),
        frequency: text(raw.frequency, "triwulanan"),
        calendar,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(toml_text: &str) -> Result<ReleaseSettings> {
        let raw: RawRelease = toml::from_str(toml_text)?;
        parse(raw, "Kota Madiun")
    }

    #[test]
    fn a_calendar_gives_the_planned_date_and_hour_and_a_postponement_moves_it() {
        let s = settings(
            r#"
            calendar = [
              { period = "2025-Q4", date = "2026-01-15" },
              { period = "2026-Q1", date = "2026-04-15", time = "09:30", postponed_to = "2026-04-22", reason = "data BPJS terlambat" },
            ]"#,
        )
        .unwrap();
        let q4 = s.scheduled(&"2025-Q4".parse().unwrap()).unwrap();
        assert_eq!((q4.planned().to_string(), q4.time.to_string()), ("2026-01-15".into(), "11:00:00".into()));
        let q1 = s.scheduled(&"2026-Q1".parse().unwrap()).unwrap();
        assert_eq!(q1.planned().to_string(), "2026-04-22");
        assert_eq!(q1.postponed.as_ref().unwrap().reason, "data BPJS terlambat");
        assert_eq!(s.producer, "Kota Madiun");
        assert!(s.scheduled(&"2026-Q2".parse().unwrap()).is_none());
    }

    #[test]
    fn calendar_mistakes_are_named() {
        let err = |t: &str| format!("{:#}", settings(t).unwrap_err());
        assert!(err(r#"calendar = [{ period = "2025-Q4", date = "15/01/2026" }]"#).contains("YYYY-MM-DD"));
        assert!(err(r#"calendar = [{ period = "2025-Q4", date = "2025-12-01" }]"#).contains("before the period"));
        let twice =
            r#"calendar = [{ period = "2025-Q4", date = "2026-01-15" }, { period = "2025-Q4", date = "2026-01-16" }]"#;
        assert!(err(twice).contains("a second time"));
        let no_reason = r#"calendar = [{ period = "2025-Q4", date = "2026-01-15", postponed_to = "2026-01-20" }]"#;
        assert!(err(no_reason).contains("without a `reason`"));
        let earlier =
            r#"calendar = [{ period = "2025-Q4", date = "2026-01-15", postponed_to = "2026-01-10", reason = "x" }]"#;
        assert!(err(earlier).contains("not after"));
        assert!(err(r#"calendar = [{ period = "2025-Q4", date = "2026-01-15", time = "11" }]"#).contains("HH:MM"));
        assert!(err(r#"calendar = [{ period = "2025-Q5", date = "2026-01-15" }]"#).contains("period"));
    }
}
