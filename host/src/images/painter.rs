//! The painter: the host's font, and a canvas drawn layer by layer into
//! PNG or JPEG bytes.

use super::{bounds, font, picture, pixels, qr, text};
use crate::runtime::bindings::leida::platform::images::{Canvas, Format, Layer};
use ab_glyph::FontVec;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgba, RgbaImage};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The bytes of the pictures a canvas names, by the path its layers give;
/// a picture layer whose path is absent is skipped.
pub type Pictures = HashMap<String, Vec<u8>>;

/// JPEG quality of stored JPEG images.
const JPEG_QUALITY: u8 = 90;

/// Why a canvas was not drawn.
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    /// The canvas is out of bounds or a layer cannot be drawn as asked.
    #[error("{0}")]
    Invalid(String),
    /// Text was asked for and the host has no font.
    #[error(
        "no font to draw text with ({0}): install fonts-wqy-microhei or start the host with --font"
    )]
    NoFont(String),
    /// The image could not be encoded.
    #[error("encoding the image: {0}")]
    Encode(#[from] image::ImageError),
}

/// Draws canvases; holds the font, loaded once when the host starts.
pub struct Painter {
    font: Option<FontVec>,
    font_path: PathBuf,
}

impl Painter {
    /// A painter with the font at `font_path`; without text when the font is
    /// missing (logged once, here).
    pub fn new(font_path: &Path) -> Painter {
        Painter {
            font: font::load(font_path),
            font_path: font_path.to_path_buf(),
        }
    }

    /// Whether text layers can be drawn.
    pub fn has_font(&self) -> bool {
        self.font.is_some()
    }

    /// Draws `canvas` over its background, layer by layer, with the picture
    /// bytes in `pictures`, and encodes it as `format`.
    pub fn draw(
        &self,
        canvas: &Canvas,
        pictures: &Pictures,
        format: Format,
    ) -> Result<Vec<u8>, DrawError> {
        Ok(encode(&self.paint(canvas, pictures)?, format)?)
    }

    /// The pixels of `canvas`.
    pub fn paint(&self, canvas: &Canvas, pictures: &Pictures) -> Result<RgbaImage, DrawError> {
        bounds::check(canvas).map_err(DrawError::Invalid)?;
        let background = Rgba(pixels::rgba(canvas.background));
        let mut img = RgbaImage::from_pixel(canvas.width, canvas.height, background);
        for layer in &canvas.layers {
            match layer {
                Layer::Rect(r) => {
                    let shape = pixels::RoundedRect::new(&r.at, r.radius);
                    pixels::fill(&mut img, &shape, pixels::rgba(r.color));
                }
                Layer::Picture(p) => {
                    let drawn = pictures
                        .get(&p.path)
                        .is_some_and(|bytes| picture::draw(&mut img, bytes, p));
                    if !drawn {
                        tracing::debug!(path = %p.path, "picture layer skipped");
                    }
                }
                Layer::Text(t) => {
                    let font = self
                        .font
                        .as_ref()
                        .ok_or_else(|| DrawError::NoFont(self.font_path.display().to_string()))?;
                    text::draw(&mut img, font, t);
                }
                Layer::Qr(q) => qr::draw(&mut img, q)?,
            }
        }
        Ok(img)
    }
}

/// `img` as PNG, or as JPEG flattened onto white.
fn encode(img: &RgbaImage, format: Format) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    let (width, height) = img.dimensions();
    match format {
        Format::Png => PngEncoder::new(&mut out).write_image(
            img.as_raw(),
            width,
            height,
            ExtendedColorType::Rgba8,
        )?,
        Format::Jpeg => {
            let mut rgb = Vec::with_capacity((width * height * 3) as usize);
            for px in img.pixels() {
                let mut on_white = Rgba([255, 255, 255, 255]);
                pixels::blend(&mut on_white, px.0, 1.0);
                rgb.extend_from_slice(&on_white.0[..3]);
            }
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
                &rgb,
                width,
                height,
                ExtendedColorType::Rgb8,
            )?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::bindings::leida::platform::images::{
        Align, Fit, PictureLayer, QrLayer, Region, TextLayer,
    };

    fn painter() -> Painter {
        let painter = Painter::new(Path::new(crate::settings::FONT));
        assert!(
            painter.has_font(),
            "these tests need {} (apt-get install fonts-wqy-microhei)",
            crate::settings::FONT
        );
        painter
    }

    fn canvas(width: u32, height: u32, layers: Vec<Layer>) -> Canvas {
        Canvas {
            width,
            height,
            background: 0xffff_ffff,
            layers,
        }
    }

    fn text(s: &str) -> Layer {
        Layer::Text(TextLayer {
            text: s.into(),
            x: 0,
            y: 0,
            size: 40,
            color: 0x0000_00ff,
            max_width: 200,
            max_lines: 1,
            line_height: 0,
            align: Align::Left,
        })
    }

    fn dark_pixels(img: &RgbaImage) -> usize {
        img.pixels().filter(|p| p.0[0] < 128).count()
    }

    #[test]
    fn cjk_text_draws_glyphs() {
        let p = painter();
        let blank = p.paint(&canvas(200, 60, vec![]), &Pictures::new()).unwrap();
        assert_eq!(dark_pixels(&blank), 0);
        let img = p
            .paint(&canvas(200, 60, vec![text("名片海报")]), &Pictures::new())
            .unwrap();
        // Four ideographs of 40 px leave a good deal of ink.
        assert!(dark_pixels(&img) > 200, "{}", dark_pixels(&img));
        // Ink stays inside the one line box.
        assert!(img
            .enumerate_pixels()
            .filter(|(_, _, p)| p.0[0] < 128)
            .all(|(x, y, _)| x < 170 && y < 52));
    }

    #[test]
    fn text_without_a_font_fails_clearly_and_shapes_still_draw() {
        let p = Painter::new(Path::new("/nonexistent/font.ttc"));
        assert!(!p.has_font());
        let err = p
            .paint(&canvas(10, 10, vec![text("字")]), &Pictures::new())
            .unwrap_err();
        assert!(err.to_string().contains("fonts-wqy-microhei"), "{err}");
        let qr = Layer::Qr(QrLayer {
            text: "x".into(),
            at: Region {
                x: 0,
                y: 0,
                width: 100,
                height: 100,
            },
            color: 0x0000_00ff,
            background: 0xffff_ffff,
        });
        assert!(p
            .paint(&canvas(100, 100, vec![qr]), &Pictures::new())
            .is_ok());
    }

    #[test]
    fn a_qr_layer_scans_back_to_its_text() {
        let path = "/pages/mingpian/index?uid=7&source=1";
        let qr = Layer::Qr(QrLayer {
            text: path.into(),
            at: Region {
                x: 20,
                y: 30,
                width: 200,
                height: 240,
            },
            color: 0x0000_00ff,
            background: 0xffff_ffff,
        });
        let png = painter()
            .draw(&canvas(260, 300, vec![qr]), &Pictures::new(), Format::Png)
            .unwrap();
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!(img.dimensions(), (260, 300));
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(260, 300, |x, y| {
            img.get_pixel(x as u32, y as u32).0[0]
        });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, path);
        let tiny = Layer::Qr(QrLayer {
            text: path.into(),
            at: Region {
                x: 0,
                y: 0,
                width: 20,
                height: 20,
            },
            color: 0,
            background: 0,
        });
        assert!(matches!(
            painter().paint(&canvas(30, 30, vec![tiny]), &Pictures::new()),
            Err(DrawError::Invalid(_))
        ));
    }

    #[test]
    fn pictures_are_drawn_when_given_and_skipped_otherwise() {
        let mut red = Vec::new();
        RgbaImage::from_pixel(8, 8, Rgba([255, 0, 0, 255]))
            .write_to(&mut std::io::Cursor::new(&mut red), image::ImageFormat::Png)
            .unwrap();
        let layer = |path: &str| {
            Layer::Picture(PictureLayer {
                path: path.into(),
                at: Region {
                    x: 0,
                    y: 0,
                    width: 40,
                    height: 40,
                },
                fit: Fit::Cover,
                round: true,
            })
        };
        let pictures = Pictures::from([("statics/red.png".to_string(), red)]);
        let c = canvas(
            40,
            40,
            vec![layer("statics/red.png"), layer("statics/gone.png")],
        );
        let img = painter().paint(&c, &pictures).unwrap();
        assert_eq!(img.get_pixel(20, 20), &Rgba([255, 0, 0, 255]));
        // Round: the corners keep the background.
        assert_eq!(img.get_pixel(0, 0), &Rgba([255, 255, 255, 255]));
    }

    #[test]
    fn jpeg_output_is_opaque_rgb() {
        let mut c = canvas(16, 8, vec![]);
        c.background = 0x0000_0000;
        let jpeg = painter().draw(&c, &Pictures::new(), Format::Jpeg).unwrap();
        let img = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((img.width(), img.height()), (16, 8));
        assert!(img.to_rgb8().pixels().all(|p| p.0.iter().all(|v| *v > 240)));
    }
}
