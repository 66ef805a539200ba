//! Picture layers: a stored PNG or JPEG decoded within limits, scaled into
//! its region (cover or contain) and drawn through the region's shape.

use super::pixels::{blend, RoundedRect};
use crate::runtime::bindings::leida::platform::images::{Fit, PictureLayer};
use image::imageops::{self, FilterType};
use image::{ImageFormat, ImageReader, Limits, RgbaImage};
use std::io::Cursor;

/// Largest side of a picture the host decodes.
const MAX_DECODED_SIDE: u32 = 4096;
/// Most memory one decode may take (a 4096² RGBA picture).
const MAX_DECODED_BYTES: u64 = 64 << 20;

/// The pixels of a PNG or JPEG file; `None` for anything else, a broken
/// file or one past the decoding limits (a decompression bomb stays a
/// refused layer, not a host allocation).
pub fn decode(bytes: &[u8]) -> Option<RgbaImage> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return None;
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    reader.decode().ok().map(|image| image.to_rgba8())
}

/// `picture` scaled for a `width`×`height` region, and where its top-left
/// corner lies in the region.
pub fn fit_into(picture: &RgbaImage, width: u32, height: u32, fit: Fit) -> (RgbaImage, u32, u32) {
    let (w, h) = (f64::from(width), f64::from(height));
    let (pw, ph) = (f64::from(picture.width()), f64::from(picture.height()));
    match fit {
        Fit::Cover => {
            // Crop the source to the region's aspect first: less to scale.
            let scale = (w / pw).max(h / ph);
            let cw = ((w / scale).round() as u32).clamp(1, picture.width());
            let ch = ((h / scale).round() as u32).clamp(1, picture.height());
            let crop = imageops::crop_imm(
                picture,
                (picture.width() - cw) / 2,
                (picture.height() - ch) / 2,
                cw,
                ch,
            )
            .to_image();
            (
                imageops::resize(&crop, width, height, FilterType::Triangle),
                0,
                0,
            )
        }
        Fit::Contain => {
            let scale = (w / pw).min(h / ph);
            let sw = ((pw * scale).round() as u32).clamp(1, width);
            let sh = ((ph * scale).round() as u32).clamp(1, height);
            (
                imageops::resize(picture, sw, sh, FilterType::Triangle),
                (width - sw) / 2,
                (height - sh) / 2,
            )
        }
    }
}

/// Draws the picture in `bytes` as `layer` says; false (nothing drawn) when
/// the bytes are not a decodable PNG or JPEG.
pub fn draw(img: &mut RgbaImage, bytes: &[u8], layer: &PictureLayer) -> bool {
    let (width, height) = (layer.at.width, layer.at.height);
    if width == 0 || height == 0 {
        return true;
    }
    let Some(picture) = decode(bytes) else {
        return false;
    };
    let (scaled, ox, oy) = fit_into(&picture, width, height, layer.fit);
    let radius = if layer.round { width.max(height) } else { 0 };
    let clip = RoundedRect::new(&layer.at, radius);
    let (left, top) = (
        i64::from(layer.at.x) + i64::from(ox),
        i64::from(layer.at.y) + i64::from(oy),
    );
    for (sx, sy, px) in scaled.enumerate_pixels() {
        let (Ok(x), Ok(y)) = (
            u32::try_from(left + i64::from(sx)),
            u32::try_from(top + i64::from(sy)),
        ) else {
            continue;
        };
        if x >= img.width() || y >= img.height() {
            continue;
        }
        let coverage = clip.coverage(x, y);
        if coverage > 0.0 {
            blend(img.get_pixel_mut(x, y), px.0, coverage);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgba;

    #[test]
    fn cover_fills_the_region_and_contain_centres_inside_it() {
        let wide = RgbaImage::from_pixel(200, 100, Rgba([0, 0, 0, 255]));
        let (img, x, y) = fit_into(&wide, 50, 50, Fit::Cover);
        assert_eq!((img.dimensions(), x, y), ((50, 50), 0, 0));
        let (img, x, y) = fit_into(&wide, 50, 50, Fit::Contain);
        assert_eq!((img.dimensions(), x, y), ((50, 25), 0, 12));
    }

    #[test]
    fn only_png_and_jpeg_decode() {
        let mut png = Vec::new();
        RgbaImage::from_pixel(3, 2, Rgba([1, 2, 3, 255]))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(decode(&png).map(|i| i.dimensions()), Some((3, 2)));
        assert!(decode(b"GIF89a....").is_none());
        assert!(decode(&png[..20]).is_none());
    }
}
