//! The whole page's view model: takes a [`ReportInput`] and gives the
//! [`Page`] the template prints (header, summary, cards, every section)
//! and the charts to write beside it, as (file name, SVG) pairs.

use anyhow::Result;
use serde::Serialize;

use super::builder::Builder;
use super::format::Change;
use super::i18n::Messages;
use super::period::kind_key;
use super::view::{Card, Figure, Look, Table, notes_for};
use super::{QualityLine, ReportInput, sections};
use crate::table::{Dimension, Key, Scope};

/// What `report.html` receives.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// `id` or `en`.
    pub lang: &'static str,
    /// Every message of the catalogue in the page's language (the PDF template reads them here).
    pub msg: std::collections::BTreeMap<String, String>,
    pub region: String,
    pub programme: String,
    /// `Laporan Triwulan`.
    pub report_kind: String,
    pub period: String,
    pub period_label: String,
    pub previous_label: String,
    pub year_ago_label: String,
    /// ISO date; the template writes it with `| tanggal`.
    pub release_date: String,
    /// `Berita Resmi No. 01/01/3577/Th.I · pukul 11.00 WIB · revisi 2`; empty for an internal run.
    pub release_line: String,
    /// A draft: the stamp on every page (`DRAF ...`, with the planned date); empty otherwise.
    pub draft_stamp: String,
    /// What a revision changed, at the top of the report.
    pub revision: Option<super::revision::Revision>,
    /// The quality statement of a release, by quality dimension.
    pub statement: Option<Vec<super::statement::Aspect>>,
    pub summary: Vec<String>,
    pub cards: Vec<Card>,
    pub card_notes: Vec<String>,
    pub membership: sections::Membership,
    pub claims: sections::Claims,
    pub finance: sections::Finance,
    pub coverage: sections::Coverage,
    pub kelurahan: Table,
    pub vulnerable: Table,
    pub vulnerable_ranked: Figure,
    /// The kelurahan maps; none when the region has no boundary file.
    pub maps: Vec<Figure>,
    /// Said instead of the maps when there are none.
    pub no_map: String,
    /// The FGD's summary: the quota, then the kelurahan ranked.
    pub fgd_quota: Table,
    pub fgd: Table,
    /// (code, name) of every kelurahan page, `kelurahan/<code>.pdf`.
    pub lurah: Vec<(String, String)>,
    /// The kelurahan pages and the highlighted maps they show (`kelurahan.typ`).
    #[serde(skip)]
    pub lurah_sheets: Vec<super::lurah::Sheet>,
    #[serde(skip)]
    pub lurah_maps: Vec<super::lurah::MapFile>,
    pub performance: Table,
    pub paritrana: Option<super::performance::Paritrana>,
    /// (denominator label, year, source) of every ratio of the period.
    pub denominators: Vec<(String, i32, String)>,
    pub quality: Vec<QualityLine>,
    pub provenance: super::ProvenanceNote,
    /// No disclosure control: stamp every page "INTERNAL - NOT FOR PUBLICATION".
    pub internal: bool,
    /// Every table in page order, for the workbook (the templates find
    /// each under its section).
    #[serde(skip)]
    pub tables: Vec<Table>,
    pub disclosure_threshold: i64,
}

/// The view model and the charts of one report.
pub fn build(input: &ReportInput, m: &Messages) -> Result<(Page, Vec<(String, String)>)> {
    let kind = kind_key(input.period);
    let previous_words = m.t(&format!("previous_{kind}"));
    let year_ago_label = super::period::label(&input.year_ago_period, m.lang);
    let look = Look {
        table: &input.table,
        m,
        period: input.period,
        previous: input.previous_period,
        year_ago: input.year_ago_period,
        previous_words,
        year_ago_label: year_ago_label.clone(),
        revised: input.release.as_ref().map(|r| crate::release::changes::revised(&r.changes)).unwrap_or_default(),
    };
    let mut b = Builder::new(look, input);
    let revision = input.release.as_ref().and_then(|r| super::revision::revision(&mut b, r));
    let cards = cards(&b.look, input);
    let card_notes = notes_for(cards.iter().map(|c| &c.value), m);
    let summary = summary(&b.look, input);
    let membership = sections::membership(&mut b)?;
    let claims = sections::claims(&mut b)?;
    let finance = sections::finance(&mut b)?;
    let coverage = sections::coverage(&mut b)?;
    let kelurahan = sections::kelurahan(&mut b);
    let vulnerable_ranked = sections::vulnerable_ranked(&mut b)?;
    let maps = sections::maps(&mut b)?;
    let no_map = if maps.is_empty() { m.t("no_map") } else { String::new() };
    let (fgd_quota, fgd) = sections::fgd(&mut b);
    let (lurah_sheets, lurah_maps) = super::lurah::sheets(&b.look, input, &super::lurah::fgd_order(&b.look))?;
    let vulnerable = sections::vulnerable(&mut b);
    let performance = super::performance::performance(&mut b);
    let paritrana = input.paritrana_years.map(|(y, last)| super::performance::paritrana(&mut b, y, last));
    let page = Page {
        lang: m.lang.code(),
        msg: m.all().clone(),
        region: input.region_name.clone(),
        programme: input.programme_name.clone(),
        report_kind: m.t(&format!("kind_{kind}")),
        period: input.period.to_string(),
        period_label: b.look.label(input.period),
        previous_label: b.look.label(input.previous_period),
        year_ago_label,
        release_date: input.release_date.format("%Y-%m-%d").to_string(),
        release_line: input.release.as_ref().map(|r| release_line(m, r)).unwrap_or_default(),
        draft_stamp: input
            .release
            .as_ref()
            .filter(|r| r.draft)
            .map(|r| {
                let date = super::format::tanggal(input.release_date, m.lang);
                m.f("draft_stamp", &[("date", &date), ("time", &r.time.replace(':', "."))])
            })
            .unwrap_or_default(),
        revision,
        summary,
        cards,
        card_notes,
        membership,
        claims,
        finance,
        coverage,
        kelurahan,
        vulnerable,
        vulnerable_ranked,
        maps,
        no_map,
        fgd_quota,
        fgd,
        lurah: input.wilayah.iter().map(|w| (w.kode_wilayah.clone(), w.kelurahan.clone())).collect(),
        lurah_sheets,
        lurah_maps,
        performance,
        paritrana,
        statement: super::statement::statement(&b.look, input, &denominators(&b.look)),
        denominators: denominators(&b.look),
        quality: input.data_quality.clone(),
        provenance: input.provenance.clone(),
        internal: input.internal,
        disclosure_threshold: input.disclosure_threshold,
        tables: b.tables,
    };
    Ok((page, b.charts))
}

/// `Berita Resmi No. 01/01/3577/Th.I · pukul 11.00 WIB`, and the revision.
fn release_line(m: &Messages, r: &super::ReleaseNote) -> String {
    let time = r.time.replace(':', ".");
    let line = m.f("release_line", &[("number", &r.number), ("time", &time)]);
    match &r.revises {
        Some(revises) => {
            let revision = r.revision.to_string();
            format!("{line} · {}", m.f("release_revision", &[("revision", &revision), ("revises", revises)]))
        }
        None => line,
    }
}

/// The denominators the period's ratios used, each once, in table order.
fn denominators(look: &Look<'_>) -> Vec<(String, i32, String)> {
    let mut out: Vec<(String, i32, String)> = Vec::new();
    for r in look.table.rows().iter().filter(|r| r.period == look.period) {
        if let Some(d) = &r.denominator {
            let entry = (look.category(Dimension::Denominator, &d.jenis), d.tahun, d.sumber.clone());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

fn cards(look: &Look<'_>, input: &ReportInput) -> Vec<Card> {
    let p = look.period;
    let by_kategori: Vec<String> = look
        .categories("members_active", Dimension::Kategori, &[(p, Scope::Programme)])
        .iter()
        .map(|k| {
            let key = Key::of("members_active", p, Scope::Programme, Dimension::Kategori, k);
            format!("{} {}", look.cell(key, false), look.category(Dimension::Kategori, k))
        })
        .collect();
    let programme = input.programme_name.as_str();
    vec![
        look.card(
            &look.f("card_programme", &[("programme", programme)]),
            "members_active",
            Scope::Programme,
            by_kategori.join(" · "),
        ),
        look.card(
            &look.t("card_all"),
            "members_active",
            Scope::All,
            look.f("card_all_detail", &[("region", &input.region_name)]),
        ),
        look.card(
            &look.t("card_claims"),
            "claims_paid_count",
            Scope::Programme,
            look.f("card_claims_detail", &[("n", &look.total("claims_paid_count", p, Scope::All))]),
        ),
        look.card(
            &look.t("card_claims_amount"),
            "claims_paid_amount",
            Scope::Programme,
            look.f("card_claims_amount_detail", &[("amount", &look.total("claims_paid_amount", p, Scope::All))]),
        ),
        look.card(&look.t("card_ratio"), "claim_ratio_pct", Scope::Programme, look.t("card_ratio_detail")),
        look.card(
            &look.t("card_coverage"),
            "coverage_pct",
            Scope::All,
            look.f("card_coverage_detail", &[("n", &look.total("workers_uncovered", p, Scope::All))]),
        ),
    ]
}

/// Key sentences, each only when its figure exists: the programme's
/// members and their change, claims and the claim ratio, coverage and the gap.
fn summary(look: &Look<'_>, input: &ReportInput) -> Vec<String> {
    let p = look.period;
    let label = look.label(p);
    let programme = input.programme_name.as_str();
    let mut out = Vec::new();
    if let Some(now) = look.value("members_active", p, Scope::Programme) {
        let n = look.total("members_active", p, Scope::Programme);
        let args = [("period", label.as_str()), ("programme", programme), ("n", n.as_str())];
        out.push(match look.value("members_active", look.previous, Scope::Programme) {
            Some(then) => {
                let change = Change::relative(now, then, &look.previous_words, look.m).text;
                look.f("summary_members_change", &[args.as_slice(), &[("change", change.as_str())]].concat())
            }
            None => look.f("summary_members", &args),
        });
    }
    if look.value("claims_paid_count", p, Scope::Programme).is_some() {
        out.push(look.f(
            "summary_claims",
            &[
                ("n", &look.total("claims_paid_count", p, Scope::Programme)),
                ("amount", &look.total("claims_paid_amount", p, Scope::Programme)),
                ("ratio", &look.total("claim_ratio_pct", p, Scope::Programme)),
            ],
        ));
    }
    if look.value("coverage_pct", p, Scope::All).is_some() {
        out.push(look.f(
            "summary_coverage",
            &[
                ("n", &look.total("workers_covered", p, Scope::All)),
                ("pct", &look.total("coverage_pct", p, Scope::All)),
                ("region", &input.region_name),
                ("gap", &look.total("workers_uncovered", p, Scope::All)),
            ],
        ));
    }
    out
}
