//! The card poster's picture: what it shows ([`PosterInputs`]), the canvas
//! the host draws from them, and their fingerprint, which tells whether a
//! stored poster still shows the card as it is. Pure: no host calls.

use leida_module_sdk::draw::{self, region, TextStyle, WHITE};
use leida_module_sdk::images::{Align, Canvas, Fit, Layer};
use serde::Serialize;

/// Poster width in pixels (the mini-program's design width).
pub const WIDTH: u32 = 750;
/// Poster height in pixels.
pub const HEIGHT: u32 = 1000;
/// Changes whenever the drawing below changes, so older posters are redrawn.
const LAYOUT_VERSION: u32 = 1;

const PAGE: u32 = 0xf2f4_f8ff;
const HEADER: u32 = 0x1f4e_8cff;
const PLACEHOLDER: u32 = 0x8fb3_e8ff;
const SUBTLE_ON_HEADER: u32 = 0xd6e2_f5ff;
const INK: u32 = 0x2222_22ff;
const GREY: u32 = 0x5555_55ff;
const LIGHT_GREY: u32 = 0x9999_99ff;

/// The caption under the code.
const CAPTION: &str = "长按识别小程序码，查看我的名片";

/// Where the poster's code comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum QrSource {
    /// A stored code image (the pair's, else the user's).
    Picture(String),
    /// No stored code: the host draws a QR code of this card path.
    Text(String),
}

/// Everything the poster shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PosterInputs {
    /// The card's display name.
    pub name: String,
    /// The position.
    pub position: String,
    /// The company name.
    pub company: String,
    /// The phone the card shows (empty when hidden).
    pub phone: String,
    /// The card avatar when it is a stored file; a placeholder otherwise.
    pub avatar: Option<String>,
    /// The code.
    pub qr: QrSource,
}

/// The mini-program page of `uid`'s card, as the user's own code opens it.
pub fn card_path(uid: u64) -> String {
    format!("/pages/mingpian/index?uid={uid}&source=1")
}

/// A digest of the inputs and the layout version (FNV-1a, 64 bits, hex):
/// equal digests draw equal posters.
pub fn fingerprint(inputs: &PosterInputs) -> String {
    let text = serde_json::to_string(inputs).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in LAYOUT_VERSION.to_le_bytes().iter().chain(text.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The canvas of the poster: a blue header with the avatar, name and
/// position; a white card with the company, phone, code and caption.
pub fn canvas(inputs: &PosterInputs) -> Canvas {
    let style = |size, color, max_lines, line_height| TextStyle {
        size,
        color,
        align: Align::Center,
        max_lines,
        line_height,
    };
    let mut layers = vec![
        draw::rect(region(0, 0, WIDTH, 420), HEADER, 0),
        draw::rect(region(40, 360, 670, 590), WHITE, 24),
        // A white ring around the avatar.
        draw::rect(region(289, 54, 172, 172), WHITE, 86),
    ];
    let avatar = region(295, 60, 160, 160);
    layers.extend(match &inputs.avatar {
        // The circle stays visible if the host cannot decode the picture (GIF, WebP).
        Some(path) => vec![
            draw::rect(avatar, PLACEHOLDER, avatar.width / 2),
            draw::picture(path, avatar, Fit::Cover, true),
        ],
        None => placeholder(&inputs.name, avatar.x, avatar.y, avatar.width),
    });
    layers.push(draw::text(
        &inputs.name,
        40,
        236,
        670,
        &style(44, WHITE, 1, 60),
    ));
    layers.push(draw::text(
        &inputs.position,
        40,
        298,
        670,
        &style(26, SUBTLE_ON_HEADER, 1, 40),
    ));
    layers.push(draw::text(
        &inputs.company,
        80,
        392,
        590,
        &style(32, INK, 2, 44),
    ));
    if !inputs.phone.is_empty() {
        layers.push(draw::text(
            &format!("电话 {}", inputs.phone),
            80,
            488,
            590,
            &style(28, GREY, 1, 40),
        ));
    }
    let code = region(235, 560, 280, 280);
    layers.push(match &inputs.qr {
        QrSource::Picture(path) => draw::picture(path, code, Fit::Contain, false),
        QrSource::Text(text) => draw::qr(text, code),
    });
    layers.push(draw::text(
        CAPTION,
        40,
        862,
        670,
        &style(24, LIGHT_GREY, 1, 36),
    ));
    Canvas {
        width: WIDTH,
        height: HEIGHT,
        background: PAGE,
        layers,
    }
}

/// A coloured circle with the first character of `name`, in the square of
/// `side` at (`x`, `y`).
fn placeholder(name: &str, x: i32, y: i32, side: u32) -> Vec<Layer> {
    let mut layers = vec![draw::rect(region(x, y, side, side), PLACEHOLDER, side / 2)];
    if let Some(initial) = name.chars().find(|c| !c.is_whitespace()) {
        let style = TextStyle {
            size: side * 9 / 20,
            color: WHITE,
            align: Align::Center,
            max_lines: 1,
            line_height: side,
        };
        layers.push(draw::text(&initial.to_string(), x, y, side, &style));
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> PosterInputs {
        PosterInputs {
            name: "张聚".into(),
            position: "技术经理".into(),
            company: "合众康桥".into(),
            phone: "18511123918".into(),
            avatar: None,
            qr: QrSource::Text(card_path(2)),
        }
    }

    fn texts(canvas: &Canvas) -> Vec<String> {
        canvas
            .layers
            .iter()
            .filter_map(|l| match l {
                Layer::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_canvas_shows_the_card() {
        let c = canvas(&inputs());
        assert_eq!((c.width, c.height), (WIDTH, HEIGHT));
        assert_eq!(
            texts(&c),
            [
                "张",
                "张聚",
                "技术经理",
                "合众康桥",
                "电话 18511123918",
                CAPTION
            ]
        );
        assert!(c.layers.iter().any(|l| matches!(l,
            Layer::Qr(q) if q.text == "/pages/mingpian/index?uid=2&source=1")));
        assert!(!c.layers.iter().any(|l| matches!(l, Layer::Picture(_))));
    }

    #[test]
    fn stored_pictures_replace_the_placeholder_and_the_drawn_code() {
        let mut i = inputs();
        i.avatar = Some("statics/a.jpg".into());
        i.qr = QrSource::Picture("statics/q.png".into());
        i.phone.clear();
        let c = canvas(&i);
        let pictures: Vec<(&str, bool)> = c
            .layers
            .iter()
            .filter_map(|l| match l {
                Layer::Picture(p) => Some((p.path.as_str(), p.round)),
                _ => None,
            })
            .collect();
        assert_eq!(
            pictures,
            [("statics/a.jpg", true), ("statics/q.png", false)]
        );
        assert!(!c.layers.iter().any(|l| matches!(l, Layer::Qr(_))));
        assert_eq!(texts(&c), ["张聚", "技术经理", "合众康桥", CAPTION]);
    }

    #[test]
    fn the_fingerprint_follows_every_input() {
        let base = fingerprint(&inputs());
        assert_eq!(base, fingerprint(&inputs()));
        assert_eq!(base.len(), 16);
        let changed = [
            PosterInputs {
                position: "经理".into(),
                ..inputs()
            },
            PosterInputs {
                phone: String::new(),
                ..inputs()
            },
            PosterInputs {
                avatar: Some("statics/a.jpg".into()),
                ..inputs()
            },
            PosterInputs {
                qr: QrSource::Picture("statics/q.png".into()),
                ..inputs()
            },
        ];
        for other in &changed {
            assert_ne!(fingerprint(other), base, "{other:?}");
        }
    }
}
