//! Articles: what the back office writes and customers read, with the
//! counters readers move.

use crate::descriptor::ARTICLES;
use leida_module_sdk::{store, Failure};
use serde::{Deserialize, Serialize};

/// `status` of a published article.
pub const PUBLISHED: u8 = 1;
/// `status` of an article kept back from readers.
pub const UNPUBLISHED: u8 = 2;
/// `status` of a deleted article (kept for the trees that refer to it).
pub const DELETED: u8 = 3;

/// The advert an article embeds below its text (`insert_ads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Ads {
    /// Nothing.
    #[default]
    None,
    /// The card of the radar user who shared the article.
    Mingpian,
    /// A sign-up plug-in (`report_id`).
    Baoming,
}

/// What the back office writes of an article; an edit patches exactly
/// these, so it never overwrites a reader's concurrent count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFields {
    /// The title.
    pub title: String,
    /// The summary shown in lists and share cards.
    pub summary: String,
    /// The HTML body, as written.
    pub content: String,
    /// The cover picture path.
    pub cover_picture: String,
    /// 1 original, 2 reprint.
    pub source: u8,
    /// [`PUBLISHED`], [`UNPUBLISHED`] or [`DELETED`].
    pub status: u8,
    /// The embedded advert.
    #[serde(default)]
    pub ads: Ads,
    /// The sign-up plug-in shown when `ads` is [`Ads::Baoming`], else 0.
    #[serde(default)]
    pub report_id: u64,
}

/// An article as stored: its fields, its author and the counters readers
/// move (only by increments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDoc {
    /// What the back office wrote.
    #[serde(flatten)]
    pub fields: ArticleFields,
    /// The back-office admin who wrote it.
    pub author_id: u64,
    /// Page views by customers reached through a share.
    #[serde(default)]
    pub read_count: i64,
    /// Forwards by readers.
    #[serde(default)]
    pub forward_count: i64,
    /// Likes.
    #[serde(default)]
    pub up_count: i64,
}

/// A stored article.
pub type Article = store::Stored<ArticleDoc>;

/// The article `id` of the company that is not deleted; 302 otherwise
/// (another company's id looks exactly like a missing one).
pub fn existing(id: u64) -> Result<Article, Failure> {
    match store::get::<ArticleDoc>(ARTICLES, id)? {
        Some(a) if a.data.fields.status != DELETED => Ok(a),
        _ => Err(Failure::not_found("文章不存在")),
    }
}

/// The published article `id`, as customers may read it; 302 otherwise.
pub fn published(id: u64) -> Result<Article, Failure> {
    let a = existing(id)?;
    if a.data.fields.status == PUBLISHED {
        Ok(a)
    } else {
        Err(Failure::not_found("文章不存在"))
    }
}

/// The most characters of a title a radar remark quotes (the host bounds
/// remarks, and a long title must not fail the reader's request).
const REMARK_TITLE_CHARS: usize = 40;

/// The title as a radar remark quotes it: cut to its first characters.
pub fn remark_title(title: &str) -> String {
    if title.chars().count() <= REMARK_TITLE_CHARS {
        title.to_string()
    } else {
        let head: String = title.chars().take(REMARK_TITLE_CHARS).collect();
        format!("{head}…")
    }
}

/// An optional id parameter; blank, `null` and `undefined` (what pages send
/// for "none") are none, anything else must be a positive integer (301).
pub fn optional_id(
    input: &leida_module_sdk::Input<'_>,
    name: &str,
) -> Result<Option<u64>, Failure> {
    match input.text(name) {
        Some("null") | Some("undefined") => Ok(None),
        _ => input.id(name),
    }
}
