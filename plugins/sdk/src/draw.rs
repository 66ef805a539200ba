//! Short constructors of the layers of a canvas for the host's
//! `images.render`, so a layout reads as a list of shapes.
//!
//! # Example
//!
//! A share card of the radar user a customer visits: a coloured header, the
//! name and position, and the user's stored mini-program code (a QR code of
//! the card page when there is none). The host draws it and stores the PNG
//! as a file of the module.
//!
//! ```no_run
//! use leida_module_sdk::draw::{self, region, TextStyle, WHITE};
//! use leida_module_sdk::images::{self, Align, Canvas, Fit, Format};
//! use leida_module_sdk::{files, json, ok, Outcome, Request, Visit};
//!
//! const WIDTH: u32 = 600;
//!
//! fn share_card(req: &Request) -> Outcome {
//!     let visit = Visit::of(req, "名片用户不存在")?;
//!     let user = &visit.user;
//!     let style = |size, color| TextStyle {
//!         size,
//!         color,
//!         align: Align::Center,
//!         max_lines: 1,
//!         line_height: 0,
//!     };
//!     let mut layers = vec![
//!         draw::rect(region(0, 0, WIDTH, 260), 0x1f4e_8cff, 0),
//!         draw::text(&user.username, 0, 80, WIDTH, &style(44, WHITE)),
//!         draw::text(&user.position, 0, 150, WIDTH, &style(26, 0xd6e2_f5ff)),
//!     ];
//!     let code = region(180, 320, 240, 240);
//!     // Pictures must be stored files of the company (never URLs).
//!     if files::resolve(&user.qr_code).is_ok() {
//!         layers.push(draw::picture(&user.qr_code, code, Fit::Contain, false));
//!     } else {
//!         let page = format!("/pages/mingpian/index?uid={}", user.id);
//!         layers.push(draw::qr(&page, code));
//!     }
//!     let canvas = Canvas {
//!         width: WIDTH,
//!         height: 640,
//!         background: WHITE,
//!         layers,
//!     };
//!     let file = images::render(&canvas, Format::Png)?;
//!     Ok(ok("", json!({ "poster_url": file.url, "path": file.path })))
//! }
//! ```

use crate::bindings::leida::platform::images::{
    Align, Fit, Layer, PictureLayer, QrLayer, RectLayer, Region, TextLayer,
};

/// Opaque black, 0xRRGGBBAA.
pub const BLACK: u32 = 0x0000_00ff;
/// Opaque white.
pub const WHITE: u32 = 0xffff_ffff;

/// The rectangle at (`x`, `y`) of `width`×`height` pixels.
pub fn region(x: i32, y: i32, width: u32, height: u32) -> Region {
    Region {
        x,
        y,
        width,
        height,
    }
}

/// A filled rectangle with corners rounded by `radius`.
pub fn rect(at: Region, color: u32, radius: u32) -> Layer {
    Layer::Rect(RectLayer { at, color, radius })
}

/// A stored picture of the tenant scaled into `at`.
pub fn picture(path: &str, at: Region, fit: Fit, round: bool) -> Layer {
    Layer::Picture(PictureLayer {
        path: path.to_string(),
        at,
        fit,
        round,
    })
}

/// A black-on-white QR code of `text` in `at`.
pub fn qr(text: &str, at: Region) -> Layer {
    Layer::Qr(QrLayer {
        text: text.to_string(),
        at,
        color: BLACK,
        background: WHITE,
    })
}

/// How a text layer looks.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Pixel size.
    pub size: u32,
    /// 0xRRGGBBAA.
    pub color: u32,
    /// Placement of each line in the layer's width.
    pub align: Align,
    /// Lines before the text is cut with `…`.
    pub max_lines: u32,
    /// Distance between line tops; 0 for 1.3 × size.
    pub line_height: u32,
}

/// `text` in `style`, in the column from `x` of `max_width` pixels, its
/// first line's box starting at `y`.
pub fn text(text: &str, x: i32, y: i32, max_width: u32, style: &TextStyle) -> Layer {
    Layer::Text(TextLayer {
        text: text.to_string(),
        x,
        y,
        size: style.size,
        color: style.color,
        max_width,
        max_lines: style.max_lines,
        line_height: style.line_height,
        align: style.align,
    })
}
