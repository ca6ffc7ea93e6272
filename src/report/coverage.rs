//! The Cakupan section: takes the page [`Builder`], gives the coverage
//! table (workers covered and uncovered, coverage against every worker
//! denominator, this period, last period and a year ago; values above 100%
//! marked, never capped) and the bar chart of coverage by denominator.

use anyhow::Result;
use serde::Serialize;

use super::builder::Builder;
use super::charts::{self, AxisFormat, Bar, BarChart};
use super::view::{Cell, ChartText, Figure, Row, Table};
use crate::table::{Dimension, Key, Scope};

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub table: Table,
    /// UCJ target and gap, BPU, non-ASN and vulnerable-worker coverage.
    pub groups: Table,
    pub figure: Figure,
    pub over_100: bool,
}

pub fn coverage(b: &mut Builder<'_>) -> Result<Coverage> {
    let l = &b.look;
    let label = l.label(l.period);
    let periods = [l.period, l.previous, l.year_ago];
    let dens = l.categories("coverage_pct", Dimension::Denominator, &[(l.period, Scope::All)]);
    let mut over_100 = false;
    let mut cells_of = |ind: &str, dim: Dimension, cat: &str| -> Vec<Cell> {
        periods
            .iter()
            .map(|p| {
                let key = Key::of(ind, *p, Scope::All, dim, cat);
                let cell = l.cell(key, true);
                let high = ind == "coverage_pct" && l.table.value(&key).is_some_and(|v| v.as_f64() > 100.0);
                over_100 |= high;
                if high { cell.marked("*") } else { cell }
            })
            .collect()
    };
    let mut rows = Vec::new();
    for (key, ind) in [("row_workers_covered", "workers_covered"), ("row_workers_uncovered", "workers_uncovered")] {
        rows.push(Row::new([vec![l.t(key).into()], cells_of(ind, Dimension::Total, "total")].concat()));
    }
    let total = cells_of("coverage_pct", Dimension::Total, "total");
    rows.push(Row::new([vec![l.t("row_coverage_main").into()], total].concat()).with_class("total"));
    for d in &dens {
        let name =
            l.f("row_coverage_against", &[("denominator", &l.category(Dimension::Denominator, d).to_lowercase())]);
        rows.push(
            Row::new([vec![name.into()], cells_of("coverage_pct", Dimension::Denominator, d)].concat())
                .with_class("indent"),
        );
    }
    let head = vec![l.t("col_measure"), label.clone(), l.label(l.previous), l.label(l.year_ago)];
    let t = Table::new(l.f("caption_coverage", &[("period", &label)]), head, 1, rows);

    let table = b.table(t);
    let figure = target_figure(b)?;
    let groups = groups(b);
    Ok(Coverage { table, groups, figure, over_100 })
}

/// Coverage against the main denominator a year ago, last period and now,
/// with the UCJ target of the period as a line.
fn target_figure(b: &mut Builder<'_>) -> Result<Figure> {
    let l = &b.look;
    let label = l.label(l.period);
    let periods = [l.year_ago, l.previous, l.period];
    let bars: Vec<Bar> = periods
        .iter()
        .map(|p| Bar {
            label: l.label(*p),
            value: l.value("coverage_pct", *p, Scope::All).map_or(0.0, |v| v.as_f64()),
            text: l.total("coverage_pct", *p, Scope::All),
        })
        .collect();
    let target = l.value("ucj_target_pct", l.period, Scope::All).map(|v| {
        (v.as_f64(), l.f("chart_target_line", &[("target", &l.total("ucj_target_pct", l.period, Scope::All))]))
    });
    let pct = l.total("coverage_pct", l.period, Scope::All);
    let title = match l.value("ucj_gap", l.period, Scope::All) {
        Some(_) => {
            l.f("chart_coverage_gap_title", &[("pct", &pct), ("gap", &l.total("ucj_gap", l.period, Scope::All))])
        }
        None => l.f("chart_coverage_title", &[("pct", &pct)]),
    };
    let subtitle = l.f("chart_coverage_subtitle", &[("period", &label)]);
    let mut description = super::describe::bars(l, &bars, &label);
    if let Some((_, line)) = &target {
        description = format!("{description} {line}.");
    }
    let data_rows = periods
        .iter()
        .map(|p| {
            let total = |ind| l.total(ind, *p, Scope::All);
            Row::new(vec![l.label(*p), total("coverage_pct"), total("ucj_target_pct")])
        })
        .collect();
    let head = vec![l.t("col_period"), l.t("row_coverage_main"), l.t("row_ucj_target")];
    let data = Table::new(l.f("caption_coverage_target", &[("period", &label)]), head, 1, data_rows);
    let chart = BarChart {
        title: title.clone(),
        subtitle: subtitle.clone(),
        x_desc: l.t("col_period"),
        y_desc: l.t("axis_coverage"),
        bars,
        y_format: AxisFormat::Percent,
        target,
    };
    let svg = charts::bar_chart(&chart, l.m.lang)?;
    let caption = l.f("figure_coverage", &[("period", &label)]);
    Ok(b.figure("cakupan.svg", caption, ChartText { title, subtitle, description }, svg, data))
}
/// The UCJ target and the groups with their own denominators, three periods.
fn groups(b: &mut Builder<'_>) -> Table {
    let l = &b.look;
    let label = l.label(l.period);
    let programme = [("programme", b.input.programme_name.as_str())];
    let items = [
        (l.t("row_ucj_target"), "ucj_target_pct", Scope::All),
        (l.t("row_ucj_gap"), "ucj_gap", Scope::All),
        (l.t("row_bpu_coverage"), "bpu_coverage_pct", Scope::All),
        (l.f("row_non_asn_coverage", &programme), "non_asn_covered_pct", Scope::Programme),
        (l.t("row_vulnerable_eligible"), "vulnerable_eligible", Scope::Programme),
        (l.f("row_vulnerable_coverage", &programme), "vulnerable_covered_pct", Scope::Programme),
        (l.t("row_vulnerable_uncovered"), "vulnerable_eligible_uncovered", Scope::Programme),
    ];
    let rows = items
        .into_iter()
        .map(|(name, ind, scope)| {
            let cells = [l.period, l.previous, l.year_ago].map(|p| l.cell(Key::total(ind, p, scope), true));
            Row::new([vec![name.into()], cells.to_vec()].concat())
        })
        .collect();
    let head = vec![l.t("col_measure"), label.clone(), l.label(l.previous), l.label(l.year_ago)];
    let t = Table::new(l.f("caption_groups", &[("period", &label)]), head, 1, rows);
    b.table(t)
}
