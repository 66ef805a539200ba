//! Text layers: lines wrapped to a width (at spaces between Latin words,
//! anywhere between CJK characters), cut with `…` past the line limit, and
//! drawn glyph by glyph in the host's font.

use super::pixels::{blend, rgba};
use crate::runtime::bindings::leida::platform::images::{Align, TextLayer};
use ab_glyph::{point, Font, FontVec, PxScale, ScaleFont};
use image::RgbaImage;

/// The mark ending a cut line.
const ELLIPSIS: char = '…';

/// Characters a line may break before or after without a space: CJK
/// ideographs, kana, hangul, full-width forms and what lies beyond.
fn breaks_anywhere(c: char) -> bool {
    u32::from(c) >= 0x2E80
}

/// Where the last word of `line` starts, if the line may break before it:
/// after a space, with a word free of CJK characters (those break anywhere)
/// and something before it.
fn last_word_start(line: &str, next: char) -> Option<usize> {
    if breaks_anywhere(next) {
        return None;
    }
    let space = line.rfind(' ')?;
    let (head, word) = (&line[..space], &line[space + 1..]);
    (!head.trim().is_empty() && !word.chars().any(breaks_anywhere)).then_some(space + 1)
}

/// The lines `text` wraps into at `max_width`, given each character's
/// advance: at most `max_lines`, the last ending in `…` when text was cut.
pub fn lay_out(
    text: &str,
    max_width: f32,
    max_lines: usize,
    advance: impl Fn(char) -> f32,
) -> Vec<String> {
    let width = |s: &str| s.chars().map(&advance).sum::<f32>();
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for c in paragraph.chars() {
            let w = advance(c);
            if !line.is_empty() && line_width + w > max_width {
                if c == ' ' {
                    // A space at a break is dropped.
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                    line_width = 0.0;
                    continue;
                }
                match last_word_start(&line, c) {
                    Some(start) => {
                        let word = line.split_off(start);
                        lines.push(line.trim_end().to_string());
                        line = word;
                    }
                    None => lines.push(std::mem::take(&mut line)),
                }
                line_width = width(&line);
                // A word that alone still overflows breaks where it must.
                if !line.is_empty() && line_width + w > max_width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
            }
            line.push(c);
            line_width += w;
        }
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let room = max_width - advance(ELLIPSIS);
            while !last.is_empty() && width(last) > room {
                last.pop();
            }
            let kept = last.trim_end().len();
            last.truncate(kept);
            last.push(ELLIPSIS);
        }
    }
    lines
}

/// Draws `layer` in `font`; each line is centred vertically in a box of
/// the line height, the first box starting at `layer.y`.
pub fn draw(img: &mut RgbaImage, font: &FontVec, layer: &TextLayer) {
    let scale = PxScale::from(layer.size as f32);
    let scaled = font.as_scaled(scale);
    let advance = |c: char| scaled.h_advance(scaled.glyph_id(c));
    let max_width = layer.max_width as f32;
    let lines = lay_out(&layer.text, max_width, layer.max_lines as usize, advance);
    let line_height = if layer.line_height == 0 {
        layer.size as f32 * 1.3
    } else {
        layer.line_height as f32
    };
    let glyph_height = scaled.ascent() - scaled.descent();
    let color = rgba(layer.color);
    for (i, line) in lines.iter().enumerate() {
        let line_width: f32 = line.chars().map(advance).sum();
        let x = layer.x as f32
            + match layer.align {
                Align::Left => 0.0,
                Align::Center => (max_width - line_width) / 2.0,
                Align::Right => max_width - line_width,
            };
        let top = layer.y as f32 + i as f32 * line_height;
        let baseline = top + (line_height - glyph_height) / 2.0 + scaled.ascent();
        let mut pen = x;
        for c in line.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(scale, point(pen, baseline));
            pen += scaled.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let x = bounds.min.x as i64 + i64::from(gx);
                let y = bounds.min.y as i64 + i64::from(gy);
                if let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) {
                    if x < img.width() && y < img.height() {
                        blend(img.get_pixel_mut(x, y), color, coverage);
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Latin characters one unit wide, CJK characters two.
    fn advance(c: char) -> f32 {
        if breaks_anywhere(c) {
            2.0
        } else {
            1.0
        }
    }

    fn lines(text: &str, width: u16, max: usize) -> Vec<String> {
        lay_out(text, f32::from(width), max, advance)
    }

    #[test]
    fn latin_wraps_at_spaces_and_long_words_anywhere() {
        assert_eq!(lines("hello big world", 9, 5), ["hello big", "world"]);
        assert_eq!(lines("hello world", 5, 5), ["hello", "world"]);
        assert_eq!(lines("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
        assert_eq!(lines("a verylongword", 6, 5), ["a", "verylo", "ngword"]);
    }

    #[test]
    fn cjk_wraps_between_any_characters() {
        assert_eq!(lines("合众康桥科技", 6, 5), ["合众康", "桥科技"]);
        assert_eq!(lines("电话 13800138000", 8, 5), ["电话", "13800138", "000"]);
    }

    #[test]
    fn newlines_break_and_the_cut_ends_in_an_ellipsis() {
        assert_eq!(lines("ab\ncd", 10, 5), ["ab", "cd"]);
        assert_eq!(lines("合众康桥科技有限公司", 6, 2), ["合众康", "桥科…"]);
        assert_eq!(lines("one two three", 7, 1), ["one tw…"]);
        assert_eq!(lines("", 7, 1), [""]);
    }
}
