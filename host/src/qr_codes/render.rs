//! Local rendering of a standard QR code as a PNG, for companies without
//! mini-program credentials (WeChat cannot make their mini-program codes).

/// Pixels per QR module.
const SCALE: usize = 8;
/// Light modules around the code; the standard asks for four.
const QUIET_ZONE: usize = 4;

/// A greyscale PNG of the QR code of `text`, with a quiet zone.
pub fn qr_png(text: &str) -> anyhow::Result<Vec<u8>> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    let dark = |x: usize, y: usize| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let inside = QUIET_ZONE..QUIET_ZONE + modules;
        inside.contains(&mx)
            && inside.contains(&my)
            && colors[(my - QUIET_ZONE) * modules + (mx - QUIET_ZONE)] == qrcode::Color::Dark
    };
    let pixels: Vec<u8> = (0..side)
        .flat_map(|y| (0..side).map(move |x| (x, y)))
        .map(|(x, y)| if dark(x, y) { 0 } else { 255 })
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
