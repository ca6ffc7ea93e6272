//! Slide-ready pictures of the charts and maps: takes a chart's SVG (the
//! one in `charts/`) and gives PNGs rendered with resvg and the vendored
//! DejaVu Sans, so a chart pastes into any PowerPoint and prints sharp:
//! one at 1920x1080 (the chart centred on white) and one at print
//! resolution (2480 pixels wide: A4's width at 300 dpi). No system font is
//! read, so the pictures are the same on every machine.

use std::sync::Arc;

use anyhow::{Context, Result};
use resvg::{tiny_skia, usvg};

/// The slide picture's size.
pub const SLIDE: (u32, u32) = (1920, 1080);
/// The print picture's width (its height follows the chart).
pub const PRINT_WIDTH: u32 = 2480;

/// The two picture names of chart `file` (`tren.svg`): `tren-1920x1080.png`, `tren-300dpi.png`.
pub fn names(file: &str) -> [String; 2] {
    let stem = file.trim_end_matches(".svg");
    [format!("{stem}-1920x1080.png"), format!("{stem}-300dpi.png")]
}

fn options() -> usvg::Options<'static> {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
    db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf").to_vec());
    db.set_sans_serif_family("DejaVu Sans");
    usvg::Options { font_family: "DejaVu Sans".to_string(), fontdb: Arc::new(db), ..usvg::Options::default() }
}

/// The slide and the print picture of `svg`, as PNG bytes.
pub fn pictures(svg: &str, file: &str) -> Result<[Vec<u8>; 2]> {
    let tree = usvg::Tree::from_str(svg, &options()).with_context(|| format!("failed to read the chart `{file}`"))?;
    let size = tree.size();
    let print_height = (PRINT_WIDTH as f32 * size.height() / size.width()).round() as u32;
    Ok([render(&tree, SLIDE, file)?, render(&tree, (PRINT_WIDTH, print_height.max(1)), file)?])
}

/// `tree` scaled to fit `(width, height)`, centred on white.
fn render(tree: &usvg::Tree, (width, height): (u32, u32), file: &str) -> Result<Vec<u8>> {
    let mut pixmap = tiny_skia::Pixmap::new(width, height).with_context(|| format!("`{file}`: no picture"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    let dx = (width as f32 - size.width() * scale) / 2.0;
    let dy = (height as f32 - size.height() * scale) / 2.0;
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(dx, dy);
    resvg::render(tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().with_context(|| format!("failed to encode the picture of `{file}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_slide_and_a_print_picture_of_the_stated_sizes_with_its_text_drawn() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320" viewBox="0 0 640 320"><rect x="10" y="10" width="100" height="100" fill="#08519c"/><text x="200" y="60" font-size="40" font-family="DejaVu Sans">17.484</text></svg>"##;
        let [slide, print] = pictures(svg, "x.svg").unwrap();
        let slide = tiny_skia::Pixmap::decode_png(&slide).unwrap();
        let print = tiny_skia::Pixmap::decode_png(&print).unwrap();
        assert_eq!((slide.width(), slide.height()), SLIDE);
        assert_eq!((print.width(), print.height()), (PRINT_WIDTH, 1240));
        // The text is drawn (dark pixels right of the square), with the embedded font.
        let dark = |p: &tiny_skia::Pixmap, x0: u32| {
            p.pixels().iter().enumerate().filter(|(i, c)| (*i as u32 % p.width()) > x0 && c.red() < 100).count()
        };
        assert!(dark(&print, 700) > 1000, "the text is drawn");
        assert_eq!(names("tren.svg"), ["tren-1920x1080.png".to_string(), "tren-300dpi.png".to_string()]);
        assert_eq!(pictures(svg, "x.svg").unwrap()[0], pictures(svg, "x.svg").unwrap()[0], "same bytes");
    }
}
