//! Pixel work on the canvas: colours, source-over blending with a coverage,
//! and the coverage of rectangles with rounded corners.

use crate::runtime::bindings::leida::platform::images::Region;
use image::{Rgba, RgbaImage};
use std::ops::Range;

/// 0xRRGGBBAA as RGBA bytes.
pub fn rgba(color: u32) -> [u8; 4] {
    color.to_be_bytes()
}

/// Draws `src` (straight alpha) over `dst`, `coverage` (0..=1) of the pixel.
pub fn blend(dst: &mut Rgba<u8>, src: [u8; 4], coverage: f32) {
    let a = f32::from(src[3]) / 255.0 * coverage.clamp(0.0, 1.0);
    if a <= 0.0 {
        return;
    }
    let below = f32::from(dst[3]) / 255.0 * (1.0 - a);
    let out = a + below;
    for i in 0..3 {
        let c = (f32::from(src[i]) * a + f32::from(dst[i]) * below) / out;
        dst[i] = c.round().clamp(0.0, 255.0) as u8;
    }
    dst[3] = (out * 255.0).round().clamp(0.0, 255.0) as u8;
}

/// A rectangle whose corners are rounded by `radius` (at most half the
/// shorter side, so the largest radius makes a square a circle).
pub struct RoundedRect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    radius: f32,
}

impl RoundedRect {
    /// The rectangle of `at` with corners of `radius`.
    pub fn new(at: &Region, radius: u32) -> RoundedRect {
        let (w, h) = (at.width as f32, at.height as f32);
        RoundedRect {
            x0: at.x as f32,
            y0: at.y as f32,
            x1: at.x as f32 + w,
            y1: at.y as f32 + h,
            radius: (radius as f32).min(w / 2.0).min(h / 2.0),
        }
    }

    /// How much of pixel (`x`, `y`) lies inside, 0..=1: whole pixels along
    /// the sides, anti-aliased along the corners.
    pub fn coverage(&self, x: u32, y: u32) -> f32 {
        let (cx, cy) = (x as f32 + 0.5, y as f32 + 0.5);
        if cx < self.x0 || cx > self.x1 || cy < self.y0 || cy > self.y1 {
            return 0.0;
        }
        let r = self.radius;
        if r <= 0.0 {
            return 1.0;
        }
        // Distance from the corner circle's centre; zero away from corners.
        let nx = cx.clamp(self.x0 + r, self.x1 - r);
        let ny = cy.clamp(self.y0 + r, self.y1 - r);
        let d = ((cx - nx).powi(2) + (cy - ny).powi(2)).sqrt();
        (r - d + 0.5).clamp(0.0, 1.0)
    }

    /// The pixel columns and rows it may touch on a `width`×`height` canvas.
    pub fn pixels(&self, width: u32, height: u32) -> (Range<u32>, Range<u32>) {
        let span = |a: f32, b: f32, max: u32| {
            let start = a.floor().clamp(0.0, max as f32) as u32;
            let end = b.ceil().clamp(0.0, max as f32) as u32;
            start..end.max(start)
        };
        (
            span(self.x0, self.x1, width),
            span(self.y0, self.y1, height),
        )
    }
}

/// Fills `shape` with `color`.
pub fn fill(img: &mut RgbaImage, shape: &RoundedRect, color: [u8; 4]) {
    let (xs, ys) = shape.pixels(img.width(), img.height());
    for y in ys {
        for x in xs.clone() {
            let coverage = shape.coverage(x, y);
            if coverage > 0.0 {
                blend(img.get_pixel_mut(x, y), color, coverage);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(x: i32, y: i32, width: u32, height: u32) -> Region {
        Region {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn blending_is_source_over() {
        let mut px = Rgba([255, 255, 255, 255]);
        blend(&mut px, [0, 0, 0, 255], 1.0);
        assert_eq!(px, Rgba([0, 0, 0, 255]));
        let mut px = Rgba([255, 255, 255, 255]);
        blend(&mut px, [0, 0, 0, 255], 0.5);
        assert_eq!(px, Rgba([128, 128, 128, 255]));
        // Over transparency the colour stays, the alpha is the coverage.
        let mut px = Rgba([0, 0, 0, 0]);
        blend(&mut px, [200, 100, 0, 255], 0.5);
        assert_eq!(px, Rgba([200, 100, 0, 128]));
        let mut px = Rgba([9, 9, 9, 255]);
        blend(&mut px, [0, 0, 0, 0], 1.0);
        assert_eq!(px, Rgba([9, 9, 9, 255]));
    }

    #[test]
    fn a_full_radius_makes_a_circle() {
        let circle = RoundedRect::new(&region(0, 0, 100, 100), 1000);
        assert_eq!(circle.coverage(50, 50), 1.0);
        assert!(circle.coverage(50, 0) > 0.99);
        assert_eq!(circle.coverage(0, 0), 0.0);
        assert_eq!(circle.coverage(99, 99), 0.0);
        let square = RoundedRect::new(&region(0, 0, 100, 100), 0);
        assert_eq!(square.coverage(0, 0), 1.0);
        assert_eq!(square.coverage(100, 0), 0.0);
    }

    #[test]
    fn fills_are_clipped_to_the_canvas() {
        let mut img = RgbaImage::from_pixel(10, 10, Rgba([255, 255, 255, 255]));
        let shape = RoundedRect::new(&region(-5, 5, 100, 100), 0);
        assert_eq!(shape.pixels(10, 10), (0..10, 5..10));
        fill(&mut img, &shape, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(0, 4), &Rgba([255, 255, 255, 255]));
        assert_eq!(img.get_pixel(9, 9), &Rgba([255, 0, 0, 255]));
        let outside = RoundedRect::new(&region(20, 20, 5, 5), 0);
        assert!(outside.pixels(10, 10).0.is_empty());
    }
}
