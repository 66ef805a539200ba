//! Local rendering of a standard QR code as a PNG, for companies without
//! mini-program credentials (WeChat cannot make their mini-program codes).

/// Pixels per QR module.
const SCALE: usize = 8;
/// Light modules around the code; the standard asks for four.
const QUIET_ZONE: usize = 4;

/// The modules of a QR code, quiet zone included.
pub struct QrMatrix {
    /// Modules per side, quiet zone included.
    pub side: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Whether module (`x`, `y`) is dark (`false` outside the code).
    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.side && y < self.side && self.dark[y * self.side + x]
    }
}

/// The QR code of `text` with a four-module quiet zone.
pub fn qr_matrix(text: &str) -> anyhow::Result<QrMatrix> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let modules = code.width();
    let side = modules + 2 * QUIET_ZONE;
    let mut dark = vec![false; side * side];
    for (i, color) in code.to_colors().into_iter().enumerate() {
        let (x, y) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
        dark[y * side + x] = color == qrcode::Color::Dark;
    }
    Ok(QrMatrix { side, dark })
}

/// A greyscale PNG of the QR code of `text`, with a quiet zone.
pub fn qr_png(text: &str) -> anyhow::Result<Vec<u8>> {
    let matrix = qr_matrix(text)?;
    let side = matrix.side * SCALE;
    let pixels: Vec<u8> = (0..side)
        .flat_map(|y| (0..side).map(move |x| (x, y)))
        .map(|(x, y)| {
            if matrix.dark(x / SCALE, y / SCALE) {
                0
            } else {
                255
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_with_a_quiet_zone() {
        let png = qr_png("/pages/mingpian/index?uid=7&source=1").unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let decoder = png::Decoder::new(png.as_slice());
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        let side = info.width as usize;
        assert_eq!(side % SCALE, 0);
        // The quiet zone is light all round; the finder pattern starts dark right after it.
        let band = QUIET_ZONE * SCALE;
        assert!(pixels[..band * side].iter().all(|p| *p == 255));
        assert!((0..side).all(|y| pixels[y * side..y * side + band].iter().all(|p| *p == 255)));
        assert_eq!(pixels[band * side + band], 0);
    }
}
