//! The content fields of the add and update forms: `content` (the radar
//! app's form), or in the back office also the older `cover_picture_id` +
//! `article_data` form.

use crate::content::Content;
use crate::legacy_form;
use crate::pictures;
use leida_module_sdk::{Failure, Input};

/// `content` when sent; 301 when malformed.
pub fn content(input: &Input<'_>) -> Result<Option<Content>, Failure> {
    input
        .json("content")?
        .as_ref()
        .map(Content::parse)
        .transpose()
}

/// The back office's content: `content` when sent, else the older form when
/// either of its fields is sent, else `None`.
pub fn back_office_content(input: &Input<'_>) -> Result<Option<Content>, Failure> {
    if let Some(content) = content(input)? {
        return Ok(Some(content));
    }
    let covers = input.json("cover_picture_id")?;
    let articles = input.json("article_data")?;
    if covers.is_none() && articles.is_none() {
        return Ok(None);
    }
    legacy_form::content(covers.as_ref(), articles.as_ref(), pictures::path_of).map(Some)
}
