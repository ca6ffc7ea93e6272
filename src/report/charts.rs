//! Charts as SVG text: takes a chart description (title, axis names, the
//! series or bars with their display values) and gives a standalone SVG
//! string drawn with plotters. One function per chart kind: [`line_chart`]
//! for monthly series, [`bar_chart`] for categories (with an optional
//! target line), [`ranked_bars`] for many areas sorted by size. Each chart
//! opens with a title that states its message and a subtitle with the
//! statistic; [`accessible`] gives it `role="img"`, `<title>` and `<desc>`.
//! Output is deterministic (same input, same bytes); bars are plain
//! rectangles. Colours are Okabe-Ito (colour-blind safe); text is at least
//! 12px, in DejaVu Sans, the font the page and the PDF embed.

use anyhow::{Result, anyhow};
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordi32, RangedCoordi64};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::{ribuan, rupiah, tenths};
use super::i18n::Lang;

/// Width of every chart, in SVG pixels.
pub const WIDTH: u32 = 640;
const TITLE_H: u32 = 66;
const SUBTITLE: f64 = 16.0;
const MUTED: RGBColor = RGBColor(0x4A, 0x55, 0x61);
/// Font sizes as plotters takes them; SVG font-size is size / 1.24.
const TICK: f64 = 17.0;
const TITLE: f64 = 20.0;
/// The family the page's `@font-face` and the PDF's fonts provide.
pub const FONT: &str = "DejaVu Sans";
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);

/// Okabe-Ito, without yellow (too light on white); black first for totals.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
];

/// How values on the value axis are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisFormat {
    /// `17.484`
    Count,
    /// `Rp6,2 miliar`
    Rupiah,
    /// `50%`, plotted in tenths so that small percentages get decimals.
    Percent,
}

impl AxisFormat {
    fn scale(self) -> f64 {
        if self == AxisFormat::Percent { 10.0 } else { 1.0 }
    }

    fn tick(self, v: i64, lang: Lang) -> String {
        match self {
            AxisFormat::Count => ribuan(v, lang),
            AxisFormat::Rupiah => rupiah(v, lang),
            AxisFormat::Percent if v % 10 == 0 => format!("{}%", ribuan(v / 10, lang)),
            AxisFormat::Percent => format!("{}%", tenths(v as i128, lang)),
        }
    }

    fn label_area(self) -> u32 {
        if self == AxisFormat::Rupiah { 118 } else { 78 }
    }
}

/// One line of a line chart; `None` leaves a gap (a month without data).
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart over evenly spaced points (months).
#[derive(Debug, Clone)]
pub struct LineChart {
    pub title: String,
    /// The statistic, its unit and period, under the title.
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    pub y_format: AxisFormat,
}

/// One bar: its axis label, height, and the text written above it.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// A vertical bar chart of categories.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    pub bars: Vec<Bar>,
    pub y_format: AxisFormat,
    /// A horizontal line across the bars (value, its label), e.g. a target.
    pub target: Option<(f64, String)>,
}

/// Horizontal bars, largest first: one per area.
#[derive(Debug, Clone)]
pub struct RankedBars {
    pub title: String,
    pub subtitle: String,
    pub bars: Vec<Bar>,
}

fn drawing_error<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("failed to draw chart: {e:?}")
}

fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// The top of the value axis: a little above the largest value, at least 1 unit.
fn axis_top(max: f64, format: AxisFormat, headroom: f64) -> i64 {
    let scaled = (max.max(0.0) * format.scale() * headroom).ceil() as i64;
    // Far above any real figure, far enough below i64::MAX for plotters' tick arithmetic.
    scaled.clamp(if format == AxisFormat::Percent { 10 } else { 5 }, 1_000_000_000_000_000_000)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn draw_title(area: &Area<'_>, title: &str, subtitle: &str) -> Result<()> {
    let style = (FONT, TITLE, FontStyle::Bold).into_font().color(&INK);
    area.draw(&Text::new(title.to_string(), (8, 10), style)).map_err(drawing_error)?;
    let style = (FONT, SUBTITLE).into_font().color(&MUTED);
    area.draw(&Text::new(subtitle.to_string(), (8, 38), style)).map_err(drawing_error)
}

/// The SVG with `role="img"`, a `<title>` and a `<desc>` (the generated
/// text description) that screen readers announce; `id` makes their ids
/// unique on the page.
pub fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let Some(end) = svg.find('>') else { return svg.to_string() };
    let (open, rest) = svg.split_at(end);
    format!(
        "{open} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        esc(title),
        esc(desc),
        &rest[1..]
    )
}

/// What the axes of a chart need: `categories` evenly spaced months or
/// categories (of which `x_labels` are labelled), a value axis from 0 to
/// `top` in `format`, the axis names, and the right margin.
struct Axes<'c> {
    categories: i32,
    x_labels: usize,
    top: i64,
    x_desc: &'c str,
    y_desc: &'c str,
    format: AxisFormat,
    margin_right: u32,
    lang: Lang,
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordi64>>;

/// The plot every chart shares: horizontal grid lines only, ticks and axis
/// names in the chart font.
fn draw_axes<'a, 'b>(
    area: &'a Area<'b>,
    a: &Axes,
    x_fmt: &dyn Fn(&SegmentValue<i32>) -> String,
) -> Result<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(8)
        .margin_right(a.margin_right)
        .margin_top(10)
        .x_label_area_size(56)
        .y_label_area_size(a.format.label_area())
        .build_cartesian_2d((0..(a.categories - 1).max(1)).into_segmented(), 0_i64..a.top)
        .map_err(drawing_error)?;
    let y_fmt = |v: &i64| a.format.tick(*v, a.lang);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(a.x_labels)
        .y_labels(6)
        .x_label_formatter(x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK))
        .axis_desc_style(font(TICK))
        .x_desc(a.x_desc)
        .y_desc(a.y_desc)
        .draw()
        .map_err(drawing_error)?;
    Ok(chart)
}

/// A line chart as SVG, one line per series, legend below the plot.
pub fn line_chart(c: &LineChart, lang: Lang) -> Result<String> {
    let n = c.x_labels.len().max(1) as i32;
    let legend = legend_layout(c.series.iter().map(|s| s.name.as_str()));
    let legend_h = legend.rows * 26 + 12;
    let height = TITLE_H + 330 + legend_h;
    let max = c.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, &b| a.max(b));
    let top = axis_top(max, c.y_format, 1.1);
    let scale = c.y_format.scale();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_error)?;
        let (title_area, rest) = root.split_vertically(TITLE_H);
        draw_title(&title_area, &c.title, &c.subtitle)?;
        let (plot_area, legend_area) = rest.split_vertically(330);
        let x_fmt = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                c.x_labels.get(*i as usize).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        };
        let axes = Axes {
            categories: n,
            x_labels: c.x_labels.len().clamp(1, 12),
            top,
            x_desc: &c.x_desc,
            y_desc: &c.y_desc,
            format: c.y_format,
            margin_right: 28,
            lang,
        };
        let mut chart = draw_axes(&plot_area, &axes, &x_fmt)?;
        for (k, s) in c.series.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let width = if k == 0 { 3 } else { 2 };
            let points: Vec<Option<(SegmentValue<i32>, i64)>> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| v.map(|v| (SegmentValue::CenterOf(i as i32), (v * scale).round() as i64)))
                .collect();
            for run in points.split(Option::is_none) {
                let run: Vec<_> = run.iter().flatten().cloned().collect();
                chart.draw_series(LineSeries::new(run.clone(), colour.stroke_width(width))).map_err(drawing_error)?;
                chart
                    .draw_series(run.into_iter().map(|p| Circle::new(p, 3, colour.filled())))
                    .map_err(drawing_error)?;
            }
        }
        draw_legend(&legend_area, &legend, c.series.iter().map(|s| s.name.as_str()))?;
        root.present().map_err(drawing_error)?;
    }
    Ok(svg)
}

struct LegendLayout {
    rows: u32,
    positions: Vec<(i32, i32)>,
}

/// Places legend entries left to right, wrapping within the chart width.
fn legend_layout<'a>(names: impl Iterator<Item = &'a str>) -> LegendLayout {
    let (mut x, mut row, mut positions) = (16_i32, 0_i32, Vec::new());
    for name in names {
        let w = 34 + (name.chars().count() as f64 * 8.2).ceil() as i32 + 22;
        if x + w > WIDTH as i32 - 8 && x > 16 {
            x = 16;
            row += 1;
        }
        positions.push((x, 6 + row * 26));
        x += w;
    }
    LegendLayout { rows: if positions.is_empty() { 0 } else { row as u32 + 1 }, positions }
}

fn draw_legend<'a>(area: &Area<'_>, layout: &LegendLayout, names: impl Iterator<Item = &'a str>) -> Result<()> {
    for (k, (name, &(x, y))) in names.zip(&layout.positions).enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let width = if k == 0 { 3 } else { 2 };
        area.draw(&PathElement::new(vec![(x, y + 9), (x + 26, y + 9)], colour.stroke_width(width)))
            .map_err(drawing_error)?;
        area.draw(&Circle::new((x + 13, y + 9), 3, colour.filled())).map_err(drawing_error)?;
        let style = font(TICK).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(name.to_string(), (x + 34, y + 9), style)).map_err(drawing_error)?;
    }
    Ok(())
}

/// A bar chart as SVG: one blue bar per category, its value written above
/// it, and the target line in vermillion when there is one.
pub fn bar_chart(c: &BarChart, lang: Lang) -> Result<String> {
    let n = c.bars.len().max(1) as i32;
    let height = TITLE_H + 340;
    let max = c.bars.iter().map(|b| b.value).chain(c.target.as_ref().map(|t| t.0)).fold(0.0_f64, f64::max);
    let top = axis_top(max, c.y_format, 1.18);
    let scale = c.y_format.scale();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_error)?;
        let (title_area, plot_area) = root.split_vertically(TITLE_H);
        draw_title(&title_area, &c.title, &c.subtitle)?;
        let x_fmt = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => c.bars.get(*i as usize).map(|b| b.label.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        let axes = Axes {
            categories: n,
            x_labels: c.bars.len().max(1),
            top,
            x_desc: &c.x_desc,
            y_desc: &c.y_desc,
            format: c.y_format,
            margin_right: 20,
            lang,
        };
        let mut chart = draw_axes(&plot_area, &axes, &x_fmt)?;
        let plot_width = WIDTH as i32 - 8 - 20 - c.y_format.label_area() as i32;
        let gap = (plot_width / n / 5).max(2) as u32;
        let bars = bar_shapes(&c.bars, scale, gap);
        chart.draw_series(bars).map_err(drawing_error)?;
        let label_style = font(TICK).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, b) in c.bars.iter().enumerate() {
            let at = (SegmentValue::CenterOf(i as i32), (b.value * scale).round() as i64);
            let label = EmptyElement::at(at) + Text::new(b.text.clone(), (0, -6), label_style.clone());
            chart.plotting_area().draw(&label).map_err(drawing_error)?;
        }
        if let Some((value, label)) = &c.target {
            let y = (value * scale).round() as i64;
            let line = [(SegmentValue::Exact(0), y), (SegmentValue::Exact(n), y)];
            chart.draw_series(LineSeries::new(line, PALETTE[4].stroke_width(3))).map_err(drawing_error)?;
            let style = font(TICK).color(&PALETTE[4]).pos(Pos::new(HPos::Right, VPos::Bottom));
            let text = EmptyElement::at((SegmentValue::Exact(n), y)) + Text::new(label.clone(), (-4, -4), style);
            chart.plotting_area().draw(&text).map_err(drawing_error)?;
        }
        root.present().map_err(drawing_error)?;
    }
    Ok(svg)
}

/// Horizontal bars in the given order (largest first), the label left of
/// each bar and its value at its end; the length scale needs no axis.
pub fn ranked_bars(c: &RankedBars) -> Result<String> {
    const ROW: i32 = 24;
    const LABEL_W: i32 = 190;
    let height = TITLE_H + 16 + (c.bars.len().max(1) as u32) * ROW as u32 + 8;
    let max = c.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let room = WIDTH as i32 - LABEL_W - 8 - 96;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_error)?;
        let (title_area, plot) = root.split_vertically(TITLE_H + 8);
        draw_title(&title_area, &c.title, &c.subtitle)?;
        for (i, b) in c.bars.iter().enumerate() {
            let y = 4 + i as i32 * ROW;
            let w = if max > 0.0 { ((b.value.max(0.0) / max) * room as f64).round() as i32 } else { 0 };
            let name = font(TICK).pos(Pos::new(HPos::Right, VPos::Center));
            plot.draw(&Text::new(b.label.clone(), (LABEL_W - 8, y + ROW / 2 - 1), name)).map_err(drawing_error)?;
            let bar = Rectangle::new([(LABEL_W, y + 3), (LABEL_W + w.max(1), y + ROW - 3)], PALETTE[1].filled());
            plot.draw(&bar).map_err(drawing_error)?;
            let value = font(TICK).pos(Pos::new(HPos::Left, VPos::Center));
            plot.draw(&Text::new(b.text.clone(), (LABEL_W + w + 6, y + ROW / 2 - 1), value)).map_err(drawing_error)?;
        }
        plot.draw(&PathElement::new(
            vec![(LABEL_W, 0), (LABEL_W, 4 + c.bars.len() as i32 * ROW)],
            AXIS.stroke_width(1),
        ))
        .map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(svg)
}

fn bar_shapes(bars: &[Bar], scale: f64, gap: u32) -> Vec<Rectangle<(SegmentValue<i32>, i64)>> {
    bars.iter()
        .enumerate()
        .map(|(i, b)| {
            let i = i as i32;
            let y = (b.value * scale).round() as i64;
            let mut r =
                Rectangle::new([(SegmentValue::Exact(i), 0), (SegmentValue::Exact(i + 1), y)], PALETTE[1].filled());
            r.set_margin(0, 0, gap, gap);
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> LineChart {
        LineChart {
            title: "Peserta program naik 12,3% sejak Januari".into(),
            subtitle: "Peserta aktif, orang, Januari–April 2025".into(),
            x_desc: "Bulan".into(),
            y_desc: "Orang".into(),
            x_labels: ["Jan", "Feb", "Mar", "Apr"].map(String::from).to_vec(),
            series: vec![
                Series { name: "Total".into(), values: vec![Some(100.0), Some(120.0), None, Some(17_484.0)] },
                Series { name: "Non-ASN".into(), values: vec![Some(40.0), Some(60.0), Some(70.0), Some(7_902.0)] },
            ],
            y_format: AxisFormat::Count,
        }
    }

    fn bars() -> BarChart {
        BarChart {
            title: "JKM terbesar".into(),
            subtitle: "Nilai klaim dibayar, Triwulan IV 2025".into(),
            x_desc: "Program".into(),
            y_desc: "Rupiah".into(),
            bars: vec![
                Bar { label: "JKK".into(), value: 2.1e9, text: "Rp2,1 miliar".into() },
                Bar { label: "JKM <&>".into(), value: 4.1e9, text: "Rp4,1 miliar".into() },
            ],
            y_format: AxisFormat::Rupiah,
            target: None,
        }
    }

    #[test]
    fn charts_are_byte_identical_across_calls() {
        assert_eq!(line_chart(&line(), Lang::Id).unwrap(), line_chart(&line(), Lang::Id).unwrap());
        assert_eq!(bar_chart(&bars(), Lang::Id).unwrap(), bar_chart(&bars(), Lang::Id).unwrap());
    }

    #[test]
    fn charts_carry_titles_indonesian_ticks_and_escaped_labels() {
        let svg = line_chart(&line(), Lang::Id).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Peserta program naik 12,3% sejak Januari"));
        assert!(svg.contains("Peserta aktif, orang, Januari–April 2025"), "the subtitle");
        assert!(svg.contains(">\nNon-ASN\n</text>"));
        assert!(svg.contains("10.000"), "thousands with dots on the axis");
        assert!(line_chart(&line(), Lang::En).unwrap().contains("10,000"), "and with commas in English");
        assert!(svg.contains("font-family=\"DejaVu Sans\""));
        let svg = bar_chart(&bars(), Lang::Id).unwrap();
        assert!(svg.contains("Rp4,1 miliar"));
        assert!(svg.contains("JKM &lt;&amp;&gt;"));
        assert_eq!(svg.matches("<rect").count(), 3, "background and two bars");
        let mut with_target = bars();
        with_target.target = Some((5e9, "Target".into()));
        let svg = bar_chart(&with_target, Lang::Id).unwrap();
        assert!(svg.contains(">\nTarget\n</text>") && svg.contains("<polyline"));
    }

    #[test]
    fn charts_of_nothing_still_draw() {
        let mut l = line();
        l.series.iter_mut().for_each(|s| s.values = vec![None; 4]);
        assert!(line_chart(&l, Lang::Id).is_ok());
        l.x_labels.clear();
        l.series.clear();
        assert!(line_chart(&l, Lang::Id).is_ok());
        let mut b = bars();
        b.bars[0].value = f64::MAX;
        assert!(bar_chart(&b, Lang::Id).is_ok());
        b.bars.clear();
        assert!(bar_chart(&b, Lang::Id).is_ok());
        let ranked = RankedBars { title: "t".into(), subtitle: "s".into(), bars: Vec::new() };
        assert!(ranked_bars(&ranked).is_ok());
        assert_eq!(AxisFormat::Percent.tick(2065, Lang::Id), "206,5%");
        assert_eq!(AxisFormat::Percent.tick(2065, Lang::En), "206.5%");
        assert_eq!(AxisFormat::Percent.tick(500, Lang::Id), "50%");
    }

    #[test]
    fn ranked_bars_show_every_area_and_its_value() {
        let bars = vec![
            Bar { label: "Oro-oro Ombo".into(), value: 120.0, text: "120".into() },
            Bar { label: "Nambangan Lor".into(), value: 30.0, text: "30".into() },
        ];
        let svg = ranked_bars(&RankedBars { title: "t".into(), subtitle: "s".into(), bars }).unwrap();
        assert!(svg.contains("Oro-oro Ombo") && svg.contains(">\n120\n</text>"));
        assert_eq!(svg.matches("<rect").count(), 3, "background and two bars");
        let done = accessible(&svg, "gambar-3", "A <title>", "Bars & more");
        assert!(done.contains("role=\"img\" aria-labelledby=\"gambar-3-title gambar-3-desc\">"));
        assert!(done.contains(
            "<title id=\"gambar-3-title\">A &lt;title&gt;</title><desc id=\"gambar-3-desc\">Bars &amp; more</desc>"
        ));
    }
}
