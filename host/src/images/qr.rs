//! QR-code layers: the code's modules drawn as whole-pixel squares, so
//! scanners read them however the canvas is later scaled.

use super::painter::DrawError;
use super::pixels::{blend, rgba};
use crate::qr_codes::render::qr_matrix;
use crate::runtime::bindings::leida::platform::images::QrLayer;
use image::RgbaImage;

/// Draws the code of `layer.text`, quiet zone included, centred in the
/// largest square of `layer.at`.
pub fn draw(img: &mut RgbaImage, layer: &QrLayer) -> Result<(), DrawError> {
    let matrix = qr_matrix(&layer.text)
        .map_err(|e| DrawError::Invalid(format!("QR text cannot be encoded: {e}")))?;
    let side = layer.at.width.min(layer.at.height);
    let module = side / matrix.side as u32;
    if module == 0 {
        return Err(DrawError::Invalid(format!(
            "QR region {}x{} is smaller than the code's {} modules",
            layer.at.width, layer.at.height, matrix.side
        )));
    }
    let total = module * matrix.side as u32;
    let left = i64::from(layer.at.x) + i64::from((layer.at.width - total) / 2);
    let top = i64::from(layer.at.y) + i64::from((layer.at.height - total) / 2);
    let (dark, light) = (rgba(layer.color), rgba(layer.background));
    for dy in 0..total {
        let Ok(y) = u32::try_from(top + i64::from(dy)) else {
            continue;
        };
        if y >= img.height() {
            break;
        }
        for dx in 0..total {
            let Ok(x) = u32::try_from(left + i64::from(dx)) else {
                continue;
            };
            if x >= img.width() {
                break;
            }
            let is_dark = matrix.dark((dx / module) as usize, (dy / module) as usize);
            blend(
                img.get_pixel_mut(x, y),
                if is_dark { dark } else { light },
                1.0,
            );
        }
    }
    Ok(())
}
