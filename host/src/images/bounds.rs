//! The limits of a canvas, checked before anything is drawn: a module can
//! make the host draw only so much.

use crate::runtime::bindings::leida::platform::images::{Canvas, Layer, Region};

/// Largest canvas side, and largest side of any region on it.
pub const MAX_SIDE: u32 = 2048;
/// Most layers in one canvas.
pub const MAX_LAYERS: usize = 64;
/// Most characters in one text layer.
pub const MAX_TEXT_CHARS: usize = 500;
/// Text sizes allowed, in pixels.
pub const TEXT_SIZES: std::ops::RangeInclusive<u32> = 4..=256;
/// Most lines one text layer wraps into.
pub const MAX_LINES: u32 = 32;
/// Most bytes a QR code may encode.
pub const MAX_QR_BYTES: usize = 1024;
/// Longest picture path.
const MAX_PATH_CHARS: usize = 256;

/// Why a canvas is refused, or `Ok` when it may be drawn.
pub fn check(canvas: &Canvas) -> Result<(), String> {
    let sides = 1..=MAX_SIDE;
    if !sides.contains(&canvas.width) || !sides.contains(&canvas.height) {
        return Err(format!(
            "canvas {}x{}: each side must be 1..={MAX_SIDE}",
            canvas.width, canvas.height
        ));
    }
    if canvas.layers.len() > MAX_LAYERS {
        return Err(format!(
            "{} layers: at most {MAX_LAYERS}",
            canvas.layers.len()
        ));
    }
    for (i, layer) in canvas.layers.iter().enumerate() {
        check_layer(layer).map_err(|why| format!("layer {i}: {why}"))?;
    }
    Ok(())
}

fn check_layer(layer: &Layer) -> Result<(), String> {
    match layer {
        Layer::Rect(r) => region(&r.at),
        Layer::Picture(p) => {
            region(&p.at)?;
            if p.path.is_empty() || p.path.chars().count() > MAX_PATH_CHARS {
                return Err(format!("path: 1..={MAX_PATH_CHARS} characters"));
            }
            Ok(())
        }
        Layer::Text(t) => {
            position(t.x, t.y)?;
            if t.text.chars().count() > MAX_TEXT_CHARS {
                return Err(format!("text: at most {MAX_TEXT_CHARS} characters"));
            }
            if !TEXT_SIZES.contains(&t.size) {
                return Err(format!(
                    "size {}: {}..={}",
                    t.size,
                    TEXT_SIZES.start(),
                    TEXT_SIZES.end()
                ));
            }
            if !(1..=MAX_SIDE).contains(&t.max_width) {
                return Err(format!("max-width {}: 1..={MAX_SIDE}", t.max_width));
            }
            if !(1..=MAX_LINES).contains(&t.max_lines) {
                return Err(format!("max-lines {}: 1..={MAX_LINES}", t.max_lines));
            }
            if t.line_height > MAX_SIDE {
                return Err(format!("line-height {}: at most {MAX_SIDE}", t.line_height));
            }
            Ok(())
        }
        Layer::Qr(q) => {
            region(&q.at)?;
            if q.text.is_empty() || q.text.len() > MAX_QR_BYTES {
                return Err(format!("QR text: 1..={MAX_QR_BYTES} bytes"));
            }
            Ok(())
        }
    }
}

fn region(r: &Region) -> Result<(), String> {
    position(r.x, r.y)?;
    if r.width > MAX_SIDE || r.height > MAX_SIDE {
        return Err(format!(
            "region {}x{}: each side at most {MAX_SIDE}",
            r.width, r.height
        ));
    }
    Ok(())
}

fn position(x: i32, y: i32) -> Result<(), String> {
    let allowed = -(MAX_SIDE as i32)..=MAX_SIDE as i32;
    if !allowed.contains(&x) || !allowed.contains(&y) {
        return Err(format!("position ({x}, {y}): each within ±{MAX_SIDE}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::bindings::leida::platform::images::{Align, QrLayer, RectLayer, TextLayer};

    fn canvas(layers: Vec<Layer>) -> Canvas {
        Canvas {
            width: 100,
            height: 100,
            background: 0xffff_ffff,
            layers,
        }
    }

    fn text(s: &str, size: u32) -> Layer {
        Layer::Text(TextLayer {
            text: s.into(),
            x: 0,
            y: 0,
            size,
            color: 0x0000_00ff,
            max_width: 100,
            max_lines: 1,
            line_height: 0,
            align: Align::Left,
        })
    }

    fn rect(x: i32, width: u32) -> Layer {
        Layer::Rect(RectLayer {
            at: Region {
                x,
                y: 0,
                width,
                height: 10,
            },
            color: 0,
            radius: 0,
        })
    }

    #[test]
    fn canvas_sides_and_layer_count() {
        assert!(check(&canvas(vec![])).is_ok());
        let mut c = canvas(vec![]);
        c.width = 2049;
        assert!(check(&c).unwrap_err().contains("canvas 2049x100"));
        c.width = 0;
        assert!(check(&c).is_err());
        c.width = 2048;
        c.height = 2048;
        assert!(check(&c).is_ok());
        assert!(check(&canvas(vec![rect(0, 1); 64])).is_ok());
        assert!(check(&canvas(vec![rect(0, 1); 65]))
            .unwrap_err()
            .contains("65 layers"));
    }

    #[test]
    fn regions_positions_and_text_caps() {
        assert!(check(&canvas(vec![rect(-2048, 2048)])).is_ok());
        assert!(check(&canvas(vec![rect(-2049, 1)]))
            .unwrap_err()
            .starts_with("layer 0: position"));
        assert!(check(&canvas(vec![rect(0, 2049)])).is_err());
        assert!(check(&canvas(vec![text(&"字".repeat(500), 32)])).is_ok());
        assert!(check(&canvas(vec![text(&"字".repeat(501), 32)])).is_err());
        assert!(check(&canvas(vec![text("a", 3)])).is_err());
        assert!(check(&canvas(vec![text("a", 257)])).is_err());
        let qr = |s: String| {
            Layer::Qr(QrLayer {
                text: s,
                at: Region {
                    x: 0,
                    y: 0,
                    width: 50,
                    height: 50,
                },
                color: 0,
                background: 0xffff_ffff,
            })
        };
        assert!(check(&canvas(vec![qr("x".repeat(1024))])).is_ok());
        assert!(check(&canvas(vec![qr("x".repeat(1025))])).is_err());
        assert!(check(&canvas(vec![qr(String::new())])).is_err());
    }
}
