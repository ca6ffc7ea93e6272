//! The whole page's view model: takes a [`ReportInput`] and gives the
//! [`Page`] the template prints (header, summary, cards, every section)
//! and the charts to write beside it, as (file name, SVG) pairs.

use anyhow::Result;
use serde::Serialize;

use super::format::{Change, label_of, parse_period, previous_words, report_kind};
use super::view::{Card, Figure, Look, Table, notes_for};
use super::{QualityLine, ReportInput, sections};

/// What `report.html` receives.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
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
    pub summary: Vec<String>,
    pub cards: Vec<Card>,
    pub card_notes: Vec<String>,
    pub membership: sections::Membership,
    pub claims: sections::Claims,
    pub finance: sections::Finance,
    pub coverage: sections::Coverage,
    pub kelurahan: Table,
    pub vulnerable: Table,
    pub performance: Table,
    pub paritrana: Option<super::performance::Paritrana>,
    pub quality: Vec<QualityLine>,
    pub provenance: super::ProvenanceNote,
}

/// Numbers tables and figures in page order and keeps the charts.
pub struct Builder<'a> {
    pub look: Look<'a>,
    pub input: &'a ReportInput,
    tables: usize,
    figures: usize,
    pub charts: Vec<(String, String)>,
}

impl Builder<'_> {
    /// Gives the table its number.
    pub fn table(&mut self, mut t: Table) -> Table {
        self.tables += 1;
        t.number = self.tables;
        t
    }

    /// Keeps the chart for `charts/`, inlines it, numbers the figure and its data table.
    pub fn figure(&mut self, file: &str, caption: String, svg: String, data: Table) -> Figure {
        self.figures += 1;
        let number = self.figures;
        let inline = svg.replacen(
            " xmlns=\"http://www.w3.org/2000/svg\"",
            &format!(" role=\"img\" aria-labelledby=\"gambar-{number}\""),
            1,
        );
        self.charts.push((file.to_string(), svg));
        let data = self.table(data);
        Figure { number, caption, file: file.to_string(), svg: inline, data }
    }
}

/// The view model and the charts of one report.
pub fn build(input: &ReportInput) -> Result<(Page, Vec<(String, String)>)> {
    let parsed = parse_period(&input.period);
    let previous_words = parsed.map_or("periode sebelumnya", previous_words).to_string();
    let year_ago_label = label_of(&input.year_ago_period);
    let look = Look {
        table: &input.table,
        period: &input.period,
        previous: &input.previous_period,
        year_ago: &input.year_ago_period,
        previous_words,
        year_ago_label: year_ago_label.clone(),
    };
    let mut b = Builder { look, input, tables: 0, figures: 0, charts: Vec::new() };
    let cards = cards(&b.look, input);
    let card_notes = notes_for(cards.iter().map(|c| &c.value));
    let summary = summary(&b.look, input);
    let membership = sections::membership(&mut b)?;
    let claims = sections::claims(&mut b)?;
    let finance = sections::finance(&mut b)?;
    let coverage = sections::coverage(&mut b)?;
    let kelurahan = sections::kelurahan(&mut b);
    let vulnerable = sections::vulnerable(&mut b);
    let performance = super::performance::performance(&mut b);
    let paritrana = input.paritrana_years.as_ref().map(|(y, last)| super::performance::paritrana(&mut b, y, last));
    let page = Page {
        region: input.region_name.clone(),
        programme: input.programme_name.clone(),
        report_kind: parsed.map_or("Laporan", report_kind).to_string(),
        period: input.period.clone(),
        period_label: label_of(&input.period),
        previous_label: label_of(&input.previous_period),
        year_ago_label,
        release_date: input.release_date.format("%Y-%m-%d").to_string(),
        summary,
        cards,
        card_notes,
        membership,
        claims,
        finance,
        coverage,
        kelurahan,
        vulnerable,
        performance,
        paritrana,
        quality: input.data_quality.clone(),
        provenance: input.provenance.clone(),
    };
    Ok((page, b.charts))
}

fn cards(look: &Look<'_>, input: &ReportInput) -> Vec<Card> {
    let p = look.period;
    let by_kategori: Vec<String> = look
        .categories("members_active", "kategori", &[(p, "programme")], super::view::category_order("kategori"))
        .iter()
        .map(|k| {
            let v = look.cell("members_active", p, "programme", "kategori", k, false);
            format!("{v} {}", super::view::category_label("kategori", k))
        })
        .collect();
    vec![
        look.card(&format!("Peserta {}", input.programme_name), "members_active", "programme", by_kategori.join(" · ")),
        look.card(
            "Semua peserta aktif",
            "members_active",
            "all",
            format!("seluruh peserta BPJS Ketenagakerjaan di {}", input.region_name),
        ),
        look.card(
            "Klaim dibayar",
            "claims_paid_count",
            "programme",
            format!("semua peserta: {} klaim", look.total("claims_paid_count", p, "all")),
        ),
        look.card(
            "Nilai klaim dibayar",
            "claims_paid_amount",
            "programme",
            format!("semua peserta: {}", look.total("claims_paid_amount", p, "all")),
        ),
        look.card(
            "Rasio klaim program",
            "claim_ratio_pct",
            "programme",
            "klaim dibayar / iuran dibayar, basis kas".into(),
        ),
        look.card(
            "Cakupan kepesertaan",
            "coverage_pct",
            "all",
            format!("{} pekerja belum terlindungi", look.total("workers_uncovered", p, "all")),
        ),
    ]
}

/// Key sentences, each only when its figure exists.
fn summary(look: &Look<'_>, input: &ReportInput) -> Vec<String> {
    let p = look.period;
    let label = label_of(p);
    let mut out = Vec::new();
    if let Some(now) = look.value("members_active", p, "programme") {
        let change = match look.value("members_active", look.previous, "programme") {
            Some(then) => format!(", {}", Change::relative(now, then, &look.previous_words).text),
            None => String::new(),
        };
        out.push(format!(
            "Pada {label}, peserta {} tercatat {} orang{change}.",
            input.programme_name,
            look.total("members_active", p, "programme")
        ));
    }
    if look.value("claims_paid_count", p, "programme").is_some() {
        out.push(format!(
            "Klaim yang dibayar untuk peserta program: {} klaim senilai {}; rasio klaim {} (basis kas).",
            look.total("claims_paid_count", p, "programme"),
            look.total("claims_paid_amount", p, "programme"),
            look.total("claim_ratio_pct", p, "programme"),
        ));
    }
    if look.value("coverage_pct", p, "all").is_some() {
        out.push(format!(
            "Seluruh peserta aktif ({} orang) mencakup {} dari potensi kepesertaan {}; {} pekerja belum terlindungi.",
            look.total("workers_covered", p, "all"),
            look.total("coverage_pct", p, "all"),
            input.region_name,
            look.total("workers_uncovered", p, "all"),
        ));
    }
    out
}
