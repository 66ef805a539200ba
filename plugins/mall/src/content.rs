//! A product's `content`: `cover_data` (picture blocks) and `article_data`
//! (title, text and picture blocks in reading order), each block
//! `{"type": …, "data": [text, …]}` as the clients send and read it.

use leida_module_sdk::{json, Failure, Json};
use serde::{Deserialize, Serialize};

/// Block type of picture paths.
pub const PICTURE: &str = "picture_url";
/// Block type of a title.
pub const TITLE: &str = "title";
/// Block type of body text.
pub const TEXT: &str = "content";

/// Most blocks in `cover_data` plus `article_data`.
const MAX_BLOCKS: usize = 200;
/// Most items in one block.
const MAX_ITEMS: usize = 50;
/// Longest text item, in characters.
const MAX_TEXT_CHARS: usize = 10_000;
/// Longest picture path, in characters.
const MAX_PATH_CHARS: usize = 512;

/// One block of content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// `picture_url`, `title` or `content`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Picture paths or texts.
    pub data: Vec<String>,
}

impl Block {
    /// A block of one item.
    pub fn one(kind: &str, item: &str) -> Block {
        Block {
            kind: kind.to_string(),
            data: vec![item.to_string()],
        }
    }
}

/// The content of a product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    /// Cover pictures (picture blocks only).
    #[serde(default)]
    pub cover_data: Vec<Block>,
    /// The introduction.
    #[serde(default)]
    pub article_data: Vec<Block>,
}

impl Content {
    /// Reads the client's `content` JSON; 301 naming what is wrong. A block's
    /// `data` may also be a single text.
    pub fn parse(value: &Json) -> Result<Content, Failure> {
        let object = match value {
            Json::Null => return Ok(Content::default()),
            Json::Object(map) => map,
            _ => return Err(Failure::invalid("content 必须是JSON对象")),
        };
        let content = Content {
            cover_data: blocks(object.get("cover_data"), "cover_data", &[PICTURE])?,
            article_data: blocks(
                object.get("article_data"),
                "article_data",
                &[PICTURE, TITLE, TEXT],
            )?,
        };
        if content.cover_data.len() + content.article_data.len() > MAX_BLOCKS {
            return Err(Failure::invalid(format!("content 最多 {MAX_BLOCKS} 个块")));
        }
        Ok(content)
    }

    /// The first cover picture, if any.
    pub fn first_cover(&self) -> Option<&str> {
        self.cover_data
            .iter()
            .flat_map(|b| b.data.iter())
            .map(String::as_str)
            .next()
    }

    /// Every picture path shown, covers first.
    pub fn picture_paths(&self) -> impl Iterator<Item = &str> {
        self.cover_data
            .iter()
            .chain(&self.article_data)
            .filter(|b| b.kind == PICTURE)
            .flat_map(|b| b.data.iter().map(String::as_str))
    }

    /// `{"cover_data": …}`: what list items carry.
    pub fn covers_only(&self) -> Json {
        json!({ "cover_data": self.cover_data })
    }

    /// Appends a cover picture to the first picture block.
    pub fn add_cover(&mut self, path: &str) {
        match self.cover_data.first_mut() {
            Some(block) => block.data.push(path.to_string()),
            None => self.cover_data.push(Block::one(PICTURE, path)),
        }
    }

    /// Appends an introduction picture as a block of its own.
    pub fn add_introduction_picture(&mut self, path: &str) {
        self.article_data.push(Block::one(PICTURE, path));
    }

    /// Removes every occurrence of picture `path`, and blocks left empty;
    /// whether anything was removed.
    pub fn remove_picture(&mut self, path: &str) -> bool {
        let mut removed = false;
        for list in [&mut self.cover_data, &mut self.article_data] {
            for block in list.iter_mut().filter(|b| b.kind == PICTURE) {
                let before = block.data.len();
                block.data.retain(|p| p != path);
                removed |= block.data.len() != before;
            }
            list.retain(|b| !(b.kind == PICTURE && b.data.is_empty()));
        }
        removed
    }

    /// Removes introduction block `position` (from 1); whether it existed.
    pub fn remove_article(&mut self, position: u64) -> bool {
        match usize::try_from(position) {
            Ok(p) if p >= 1 && p <= self.article_data.len() => {
                self.article_data.remove(p - 1);
                true
            }
            _ => false,
        }
    }
}

fn blocks(value: Option<&Json>, field: &str, kinds: &[&str]) -> Result<Vec<Block>, Failure> {
    let items = match value {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(_) => return Err(Failure::invalid(format!("{field} 必须是列表"))),
    };
    items.iter().map(|item| block(item, field, kinds)).collect()
}

fn block(item: &Json, field: &str, kinds: &[&str]) -> Result<Block, Failure> {
    let bad = |why: &str| Failure::invalid(format!("{field}: {why}"));
    let kind = item
        .get("type")
        .and_then(Json::as_str)
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| bad(&format!("type 必须是 {}", kinds.join("、"))))?;
    let data: Vec<String> = match item.get("data") {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(list)) => list
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("data 必须是文本列表"))?,
        _ => return Err(bad("data 必须是文本列表")),
    };
    let max = if kind == PICTURE {
        MAX_PATH_CHARS
    } else {
        MAX_TEXT_CHARS
    };
    if data.len() > MAX_ITEMS {
        return Err(bad(&format!("每块最多 {MAX_ITEMS} 项")));
    }
    if data.iter().any(|d| d.chars().count() > max) {
        return Err(bad(&format!("每项最多 {max} 个字符")));
    }
    if kind == PICTURE && data.iter().any(|d| d.trim().is_empty()) {
        return Err(bad("图片路径不能为空"));
    }
    Ok(Block {
        kind: kind.to_string(),
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Json {
        json!({
            "cover_data": [{"type": "picture_url", "data": ["a.png", "b.png"]}],
            "article_data": [
                {"type": "title", "data": ["xx我是标题1"]},
                {"type": "picture_url", "data": ["c.png"]},
                {"type": "content", "data": ["我是内容1"]}
            ]
        })
    }

    #[test]
    fn seed_content_round_trips() {
        let c = Content::parse(&seed()).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), seed());
        assert_eq!(c.first_cover(), Some("a.png"));
        let paths: Vec<&str> = c.picture_paths().collect();
        assert_eq!(paths, ["a.png", "b.png", "c.png"]);
        assert_eq!(
            c.covers_only(),
            json!({"cover_data": [{"type": "picture_url", "data": ["a.png", "b.png"]}]})
        );
    }

    #[test]
    fn bad_shapes_are_301() {
        for bad in [
            json!([1]),
            json!({"cover_data": {}}),
            json!({"cover_data": [{"type": "title", "data": ["x"]}]}),
            json!({"article_data": [{"type": "video", "data": ["x"]}]}),
            json!({"article_data": [{"type": "title", "data": [1]}]}),
            json!({"article_data": [{"type": "picture_url", "data": [""]}]}),
        ] {
            assert_eq!(Content::parse(&bad).unwrap_err().code, 301, "{bad}");
        }
        let long = "x".repeat(MAX_PATH_CHARS + 1);
        let bad = json!({"cover_data": [{"type": "picture_url", "data": [long]}]});
        assert_eq!(Content::parse(&bad).unwrap_err().code, 301);
    }

    #[test]
    fn single_text_data_is_a_list() {
        let c = Content::parse(&json!({"article_data": [{"type": "title", "data": "t"}]})).unwrap();
        assert_eq!(c.article_data, [Block::one(TITLE, "t")]);
        assert_eq!(Content::parse(&Json::Null).unwrap(), Content::default());
    }

    #[test]
    fn pictures_are_added_and_removed() {
        let mut c = Content::default();
        c.add_cover("a.png");
        c.add_cover("b.png");
        c.add_introduction_picture("c.png");
        assert_eq!(
            c.cover_data,
            [Block {
                kind: PICTURE.into(),
                data: vec!["a.png".into(), "b.png".into()]
            }]
        );
        assert!(c.remove_picture("c.png"));
        assert!(c.article_data.is_empty());
        assert!(c.remove_picture("a.png"));
        assert!(!c.remove_picture("a.png"));
        assert_eq!(c.first_cover(), Some("b.png"));
    }

    #[test]
    fn articles_are_removed_by_position() {
        let mut c = Content::parse(&seed()).unwrap();
        assert!(!c.remove_article(0));
        assert!(!c.remove_article(4));
        assert!(c.remove_article(2));
        assert_eq!(c.article_data.len(), 2);
        assert_eq!(c.article_data[1].kind, TEXT);
    }
}
