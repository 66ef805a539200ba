//! The one font text is drawn in, loaded once when the host starts.

use ab_glyph::FontVec;
use std::path::Path;

/// Loads the font file at `path` (TrueType/OpenType, or the first face of a
/// collection); `None`, with a warning, when it is missing or unreadable.
pub fn load(path: &Path) -> Option<FontVec> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(
                path = %path.display(),
                error = %e,
                "no font: images with text cannot be drawn (install fonts-wqy-microhei or pass --font)"
            );
            return None;
        }
    };
    match FontVec::try_from_vec_and_index(bytes, 0) {
        Ok(font) => {
            tracing::info!(path = %path.display(), "font loaded");
            Some(font)
        }
        Err(e) => {
            tracing::warn!(
                path = %path.display(),
                error = %e,
                "not a usable font: images with text cannot be drawn"
            );
            None
        }
    }
}
