//! Kelurahan maps: takes the boundary polygons of the region's kelurahan
//! (a GeoJSON keyed on the Kemendagri code, `reference/batas/`) and gives
//! SVG maps in the style of the GSS guidance: a choropleth for a rate, in
//! five classes of one hue whose lightness falls class by class (readable
//! in greyscale and for colour-blind readers), proportional circles for a
//! count, a hidden kelurahan hatched and labelled `[c]`, every shape with
//! its name and value in its `<title>`, and the boundaries' source credited
//! on the map. The projection is equirectangular about the region's middle
//! latitude (at a city's size the same as any conformal one); no vertex is
//! dropped, so no kelurahan can vanish or overlap its neighbour.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// The credit every published map owes the boundaries' source (MIT).
pub const CREDIT: &str = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT)";

/// Five classes, light to dark (ColorBrewer Blues): each darker in
/// greyscale than the one before.
const CLASSES: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

const WIDTH: f64 = 640.0;
const MAP_HEIGHT: f64 = 420.0;
/// Room for a title and a subtitle of two lines each.
const TOP: f64 = 84.0;
const LEGEND: f64 = 96.0;

/// One kelurahan's boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub code: String,
    pub name: String,
    /// Rings of (longitude, latitude); outer rings and holes alike.
    pub rings: Vec<Vec<(f64, f64)>>,
    /// Where its label or circle goes (longitude, latitude).
    pub label: (f64, f64),
}

/// The boundaries of a region's kelurahan.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    pub areas: Vec<Area>,
}

/// The boundary file of region `code`: `<reference>/batas/kelurahan-<code>.geojson`.
pub fn path(reference: &Path, code: &str) -> std::path::PathBuf {
    reference.join("batas").join(format!("kelurahan-{code}.geojson"))
}

impl Boundaries {
    /// The boundaries in `path`, or none when the region has no file.
    pub fn load(path: &Path) -> Result<Option<Boundaries>> {
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))?;
        Boundaries::parse(&text).map(Some).with_context(|| {
            format!("the boundary file `{}` is not the GeoJSON jamstat reads: fix or remove it", path.display())
        })
    }

    /// A GeoJSON FeatureCollection of Polygons and MultiPolygons with the
    /// properties `kode`, `nama`, `lat`, `lng`.
    pub fn parse(text: &str) -> Result<Boundaries> {
        let json: serde_json::Value = serde_json::from_str(text).context("not JSON")?;
        let Some(features) = json["features"].as_array() else { bail!("no `features` list") };
        let mut areas = Vec::new();
        for (i, f) in features.iter().enumerate() {
            let p = &f["properties"];
            let (Some(code), Some(name)) = (p["kode"].as_str(), p["nama"].as_str()) else {
                bail!("feature {i} has no `kode` and `nama`")
            };
            let g = &f["geometry"];
            let polygons: Vec<&serde_json::Value> = match g["type"].as_str() {
                Some("Polygon") => vec![&g["coordinates"]],
                Some("MultiPolygon") => g["coordinates"].as_array().map(|a| a.iter().collect()).unwrap_or_default(),
                other => bail!("feature {i} (`{code}`) is a {other:?}, not a Polygon or MultiPolygon"),
            };
            let mut rings = Vec::new();
            for polygon in polygons {
                for ring in polygon.as_array().into_iter().flatten() {
                    let points: Option<Vec<(f64, f64)>> = ring
                        .as_array()
                        .map(|pts| pts.iter().map(|pt| Some((pt[0].as_f64()?, pt[1].as_f64()?))).collect())
                        .unwrap_or(None);
                    match points {
                        Some(points) if points.len() >= 3 => rings.push(points),
                        _ => bail!("feature {i} (`{code}`) has a ring that is not a list of three or more points"),
                    }
                }
            }
            if rings.is_empty() {
                bail!("feature {i} (`{code}`) has no ring");
            }
            let centre = centre(&rings);
            let label = (p["lng"].as_f64().unwrap_or(centre.0), p["lat"].as_f64().unwrap_or(centre.1));
            areas.push(Area { code: code.to_string(), name: name.to_string(), rings, label });
        }
        areas.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Boundaries { areas })
    }
}

fn centre(rings: &[Vec<(f64, f64)>]) -> (f64, f64) {
    let n = rings[0].len() as f64;
    let (x, y) = rings[0].iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
    (x / n, y / n)
}

/// Longitude, latitude to the map's pixels.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    cos: f64,
    scale: f64,
    dx: f64,
    dy: f64,
}

/// Where the map's frame starts below the titles.
#[derive(Clone, Copy)]
struct Frame {
    width: f64,
    height: f64,
    top: f64,
}

impl Projection {
    fn fit(b: &Boundaries, Frame { width, height, top }: Frame) -> Projection {
        let points = || b.areas.iter().flat_map(|a| a.rings.iter().flatten());
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lon, lat) in points() {
            min_lon = min_lon.min(lon);
            max_lon = max_lon.max(lon);
            min_lat = min_lat.min(lat);
            max_lat = max_lat.max(lat);
        }
        let cos = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let (w, h) = (((max_lon - min_lon) * cos).max(1e-9), (max_lat - min_lat).max(1e-9));
        let scale = (width / w).min(height / h);
        let (dx, dy) = ((width - w * scale) / 2.0, top + (height - h * scale) / 2.0);
        Projection { min_lon, max_lat, cos, scale, dx, dy }
    }

    fn xy(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (self.dx + (lon - self.min_lon) * self.cos * self.scale, self.dy + (self.max_lat - lat) * self.scale)
    }
}

/// A kelurahan's figure on a map.
#[derive(Debug, Clone, PartialEq)]
pub enum Shade {
    /// The value and its text (`53,4%`).
    Value(f64, String),
    /// Hidden for confidentiality.
    Hidden,
    /// No figure.
    Missing,
}

/// What a map shows.
pub struct MapSpec<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub subtitle: &'a str,
    /// The figure of each kelurahan, by code.
    pub shades: &'a std::collections::BTreeMap<String, Shade>,
    /// The legend's words for a hidden and a missing figure.
    pub hidden_words: &'a str,
    pub missing_words: &'a str,
    /// How a class bound is written (`40%`).
    pub bound: &'a dyn Fn(f64) -> String,
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn ring_path(p: &Projection, ring: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, pt) in ring.iter().enumerate() {
        let (x, y) = p.xy(*pt);
        d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
    }
    d.push('Z');
    d
}

/// Five quantile classes (about as many kelurahan in each), their bounds
/// rounded out to one decimal: the lowest value, four cut points, the
/// highest.
pub fn classes(values: &[f64]) -> [f64; 6] {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
    }
    let n = sorted.len();
    let down = |v: f64| (v * 10.0).floor() / 10.0;
    let mut out: [f64; 6] = std::array::from_fn(|i| down(sorted[(i * n / 5).min(n - 1)]));
    out[5] = (sorted[n - 1] * 10.0).ceil() / 10.0;
    out
}

fn class_of(bounds: &[f64; 6], v: f64) -> usize {
    (1..5).rev().find(|&i| v >= bounds[i]).unwrap_or(0)
}

/// The opening of a map: the SVG root, the hatch, the title and subtitle.
fn open(spec: &MapSpec<'_>, height: f64) -> String {
    let id = spec.id;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"DejaVu Sans\">\
         <defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#4d4d4d\" stroke-width=\"2\"/></pattern></defs>\
         <rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>{}{}",
        lines(spec.title, 64, (18.0, 19.0), "font-size=\"15\" font-weight=\"700\" fill=\"#1a1a1a\""),
        lines(spec.subtitle, 92, (58.0, 15.0), "font-size=\"12\" fill=\"#4d4d4d\""),
    )
}

/// `text` broken into at most two lines of about `width` characters, from
/// `(y, step)`, each a `<text>` with `attrs`.
fn lines(text: &str, width: usize, (y, step): (f64, f64), attrs: &str) -> String {
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let room = rows.len() < 2;
        let row = rows.last_mut().expect("a row");
        if !row.is_empty() && row.chars().count() + 1 + word.chars().count() > width && room {
            rows.push(word.to_string());
        } else {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
    }
    rows.iter()
        .enumerate()
        .map(|(i, r)| format!("<text x=\"0\" y=\"{}\" {attrs}>{}</text>", y + step * i as f64, esc(r)))
        .collect()
}

/// The area's shape, its fill and its `<title>` (`Name: 53,4%`).
fn shape(p: &Projection, a: &Area, fill: &str, text: &str) -> String {
    let d: String = a.rings.iter().map(|r| ring_path(p, r)).collect();
    format!(
        "<path d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"1.2\" data-kode=\"{}\"><title>{}: {}</title></path>",
        esc(&a.code),
        esc(&a.name),
        esc(text)
    )
}

fn hidden_label(p: &Projection, a: &Area) -> String {
    let (x, y) = p.xy(a.label);
    format!(
        "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">[c]</text>",
        y + 4.0
    )
}

fn swatch(x: f64, y: f64, fill: &str, words: &str) -> String {
    format!(
        "<rect x=\"{x}\" y=\"{y}\" width=\"22\" height=\"14\" fill=\"{fill}\" stroke=\"#4d4d4d\" stroke-width=\"0.6\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#1a1a1a\">{}</text>",
        x + 28.0,
        y + 11.0,
        esc(words)
    )
}

fn credit(height: f64) -> String {
    format!("<text x=\"0\" y=\"{}\" font-size=\"10\" fill=\"#4d4d4d\">{}</text></svg>", height - 4.0, esc(CREDIT))
}

/// Every kelurahan's shape: filled by `value` (which may draw more) where
/// it has a figure, hatched with a `[c]` label where hidden, `missing`
/// where it has none; the `[c]` labels after the shapes.
fn areas(
    b: &Boundaries,
    spec: &MapSpec<'_>,
    p: &Projection,
    missing: &str,
    value: &mut dyn FnMut(&Area, f64, &str) -> String,
) -> String {
    let (mut shapes, mut labels) = (String::new(), String::new());
    for a in &b.areas {
        let (fill, text) = match spec.shades.get(&a.code) {
            Some(Shade::Value(v, text)) => (value(a, *v, text), text.clone()),
            Some(Shade::Hidden) => {
                labels.push_str(&hidden_label(p, a));
                (format!("url(#{}-hatch)", spec.id), "[c]".to_string())
            }
            _ => (missing.to_string(), spec.missing_words.to_string()),
        };
        shapes.push_str(&shape(p, a, &fill, &text));
    }
    shapes + &labels
}

/// A choropleth of a rate in five classes.
pub fn choropleth(b: &Boundaries, spec: &MapSpec<'_>) -> String {
    let height = TOP + MAP_HEIGHT + LEGEND;
    let p = Projection::fit(b, Frame { width: WIDTH, height: MAP_HEIGHT, top: TOP });
    let values: Vec<f64> =
        spec.shades.values().filter_map(|s| if let Shade::Value(v, _) = s { Some(*v) } else { None }).collect();
    let bounds = classes(&values);
    let mut svg = open(spec, height);
    svg.push_str(&areas(b, spec, &p, "#d9d9d9", &mut |_, v, _| CLASSES[class_of(&bounds, v)].to_string()));
    let y = TOP + MAP_HEIGHT + 12.0;
    for (i, fill) in CLASSES.iter().enumerate() {
        let words = format!("{} – {}", (spec.bound)(bounds[i]), (spec.bound)(bounds[i + 1]));
        svg.push_str(&swatch((i % 3) as f64 * 200.0, y + (i / 3) as f64 * 20.0, fill, &words));
    }
    svg.push_str(&swatch(400.0, y + 20.0, &format!("url(#{}-hatch)", spec.id), spec.hidden_words));
    svg.push_str(&swatch(400.0, y + 40.0, "#d9d9d9", spec.missing_words));
    svg.push_str(&credit(height));
    svg
}

/// Proportional circles of a count over the kelurahan in grey: a circle's
/// area is in proportion to the count.
pub fn symbols(b: &Boundaries, spec: &MapSpec<'_>) -> String {
    let height = TOP + MAP_HEIGHT + LEGEND;
    let p = Projection::fit(b, Frame { width: WIDTH, height: MAP_HEIGHT, top: TOP });
    let top = spec.shades.values().filter_map(|s| if let Shade::Value(v, _) = s { Some(*v) } else { None });
    let top = top.fold(0.0, f64::max);
    let radius = |v: f64| if top > 0.0 { 20.0 * (v.max(0.0) / top).sqrt() } else { 0.0 };
    let mut svg = open(spec, height);
    let mut circles = String::new();
    svg.push_str(&areas(b, spec, &p, "#f5f5f5", &mut |a, v, text| {
        let (x, y) = p.xy(a.label);
        circles.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"#08519c\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}: {}</title></circle>",
            radius(v),
            esc(&a.name),
            esc(text)
        ));
        "#e0e0e0".to_string()
    }));
    svg.push_str(&circles);
    let y = TOP + MAP_HEIGHT + 12.0;
    let mut x = 0.0;
    for v in [top, top / 4.0] {
        let r = radius(v);
        svg.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"#08519c\" fill-opacity=\"0.75\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#1a1a1a\">{}</text>",
            x + 26.0,
            y + 26.0,
            x + 58.0,
            y + 30.0,
            esc(&(spec.bound)(v))
        ));
        x += 180.0;
    }
    svg.push_str(&swatch(400.0, y + 20.0, &format!("url(#{}-hatch)", spec.id), spec.hidden_words));
    svg.push_str(&credit(height));
    svg
}

/// A small map of the region with kelurahan `code` dark and the others
/// light, its name beside it: for the kelurahan's own page.
pub fn highlight(b: &Boundaries, code: &str, name: &str) -> String {
    let (width, height) = (360.0, 300.0);
    let p = Projection::fit(b, Frame { width, height, top: 8.0 });
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{}\" viewBox=\"0 0 {width} {}\" font-family=\"DejaVu Sans\"><rect width=\"{width}\" height=\"{}\" fill=\"#ffffff\"/>",
        height + 20.0,
        height + 20.0,
        height + 20.0
    );
    let mut label = String::new();
    for a in &b.areas {
        let own = a.code == code;
        svg.push_str(&shape(&p, a, if own { CLASSES[4] } else { "#d9d9d9" }, if own { name } else { &a.name }));
        if own {
            let (x, y) = p.xy(a.label);
            label = format!(
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                y - 8.0,
                esc(name)
            );
        }
    }
    svg.push_str(&label);
    svg.push_str(&credit(height + 20.0));
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"kode":"35.77.01.1002","nama":"B","lat":-7.5,"lng":111.5},
       "geometry":{"type":"MultiPolygon","coordinates":[[[[111.4,-7.4],[111.6,-7.4],[111.6,-7.6],[111.4,-7.4]]]]}},
      {"type":"Feature","properties":{"kode":"35.77.01.1001","nama":"A & co","lat":-7.5,"lng":111.3},
       "geometry":{"type":"Polygon","coordinates":[[[111.2,-7.4],[111.4,-7.4],[111.4,-7.6],[111.2,-7.4]]]}}]}"#;

    #[test]
    fn boundaries_read_polygons_and_multipolygons_sorted_by_code() {
        let b = Boundaries::parse(TWO).unwrap();
        assert_eq!(b.areas.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(), ["35.77.01.1001", "35.77.01.1002"]);
        assert_eq!(b.areas[1].rings[0].len(), 4);
        for bad in ["{}", r#"{"features":[{"properties":{}}]}"#, "[1"] {
            assert!(Boundaries::parse(bad).is_err(), "{bad}");
        }
        let line = TWO.replace("\"Polygon\"", "\"LineString\"");
        assert!(format!("{:#}", Boundaries::parse(&line).unwrap_err()).contains("not a Polygon"));
    }

    #[test]
    fn a_map_has_one_titled_shape_per_kelurahan_hatches_the_hidden_and_credits_the_source() {
        let b = Boundaries::parse(TWO).unwrap();
        let shades = [
            ("35.77.01.1001".to_string(), Shade::Hidden),
            ("35.77.01.1002".to_string(), Shade::Value(53.4, "53,4%".into())),
        ]
        .into();
        let bound = |v: f64| format!("{v}%");
        let spec = MapSpec {
            id: "m",
            title: "t",
            subtitle: "s",
            shades: &shades,
            hidden_words: "[c] hidden",
            missing_words: "no figure",
            bound: &bound,
        };
        for svg in [choropleth(&b, &spec), symbols(&b, &spec)] {
            assert_eq!(svg.matches("<path ").count(), 2);
            assert!(svg.contains("<title>A &amp; co: [c]</title>") && svg.contains("<title>B: 53,4%</title>"));
            assert!(svg.contains("url(#m-hatch)") && svg.contains(">[c]</text>"));
            assert!(svg.contains(CREDIT));
            // Every point lies on the canvas.
            for n in svg.split(['M', 'L', 'Z', '"']).filter_map(|t| t.split_once(',')) {
                if let (Ok(x), Ok(y)) = (n.0.parse::<f64>(), n.1.parse::<f64>()) {
                    assert!((0.0..=WIDTH).contains(&x) && (TOP..=TOP + MAP_HEIGHT).contains(&y), "{x},{y}");
                }
            }
        }
    }

    #[test]
    fn long_titles_break_into_two_lines() {
        let two = lines(
            "Cakupan pekerja rentan tertinggi di Mojorejo (104,3%), terendah di Kuncen (76,9%)",
            64,
            (18.0, 19.0),
            "",
        );
        assert_eq!(two.matches("<text").count(), 2, "{two}");
        assert!(two.contains(">Cakupan pekerja rentan tertinggi di Mojorejo (104,3%), terendah</text>"), "{two}");
        assert_eq!(lines("short", 64, (18.0, 19.0), "").matches("<text").count(), 1);
    }

    #[test]
    fn classes_cover_the_values_and_darken_in_order() {
        let values: Vec<f64> = (0..10).map(|i| 70.0 + i as f64 * 1.25).collect();
        let bounds = classes(&values);
        assert_eq!(bounds, [70.0, 72.5, 75.0, 77.5, 80.0, 81.3]);
        let per_class: Vec<usize> =
            (0..5).map(|c| values.iter().filter(|v| class_of(&bounds, **v) == c).count()).collect();
        assert_eq!(per_class, [2, 2, 2, 2, 2], "about as many in each class");
        assert_eq!(class_of(&classes(&[104.3, 76.9]), 104.3), 4);
        // Lightness falls class by class (greyscale order).
        let grey = |hex: &str| {
            let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64;
            0.299 * c(1) + 0.587 * c(3) + 0.114 * c(5)
        };
        assert!(CLASSES.windows(2).all(|w| grey(w[0]) > grey(w[1])));
    }
}
