//! The back office's older content form: `cover_picture_id`, a
//! JSON list of picture ids, and `article_data`, a list of
//! `{title | content | picture_id, order, article_id?}` items, turned into
//! the one stored [`Content`].

use crate::content::{Block, Content, PICTURE, TEXT, TITLE};
use leida_module_sdk::{Failure, Json};

/// Builds content from the older fields; `picture` resolves a picture id of
/// this tenant to its path (302 when it has none).
pub fn content(
    cover_picture_id: Option<&Json>,
    article_data: Option<&Json>,
    picture: impl Fn(u64) -> Result<String, Failure>,
) -> Result<Content, Failure> {
    let mut content = Content::default();
    for id in ids(cover_picture_id)? {
        content.add_cover(&picture(id)?);
    }
    let mut items: Vec<(i64, Block)> = Vec::new();
    for item in list(article_data, "article_data")? {
        let order = item.get("order").map_or(Ok(0), |o| {
            as_int(o).ok_or_else(|| Failure::invalid("article_data: order 必须是整数"))
        })?;
        items.push((order, block(item, &picture)?));
    }
    // Stable: items with the same order keep the order they were sent in.
    items.sort_by_key(|(order, _)| *order);
    content.article_data = items.into_iter().map(|(_, b)| b).collect();
    Ok(content)
}

fn block(item: &Json, picture: &impl Fn(u64) -> Result<String, Failure>) -> Result<Block, Failure> {
    let text = |k: &str| item.get(k).and_then(Json::as_str);
    if let Some(t) = text(TITLE) {
        return Ok(Block::one(TITLE, t));
    }
    if let Some(t) = text(TEXT) {
        return Ok(Block::one(TEXT, t));
    }
    match item.get("picture_id").and_then(as_int) {
        Some(id) if id > 0 => Ok(Block::one(PICTURE, &picture(id as u64)?)),
        _ => Err(Failure::invalid(
            "article_data: 每项需要 title、content 或 picture_id",
        )),
    }
}

fn ids(value: Option<&Json>) -> Result<Vec<u64>, Failure> {
    list(value, "cover_picture_id")?
        .iter()
        .map(|v| match as_int(v) {
            Some(id) if id > 0 => Ok(id as u64),
            _ => Err(Failure::invalid("cover_picture_id 必须是图片ID列表")),
        })
        .collect()
}

fn list<'a>(value: Option<&'a Json>, field: &str) -> Result<&'a [Json], Failure> {
    match value {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(_) => Err(Failure::invalid(format!("{field} 必须是列表"))),
    }
}

/// An integer sent as a number or as decimal text.
fn as_int(v: &Json) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::json;

    fn picture(id: u64) -> Result<String, Failure> {
        match id {
            8 | 9 | 15 | 16 => Ok(format!("p{id}.jpg")),
            _ => Err(Failure::not_found("图片不存在")),
        }
    }

    #[test]
    fn seed_form_becomes_blocks_in_order() {
        // As the form carries it: JSON text of a list.
        let covers: Json = serde_json::from_str("[8,9]").unwrap();
        let articles = json!([
            {"title": "我是标题1", "order": 1},
            {"content": "我是内容1", "order": 4},
            {"title": "我是标题2", "order": 2},
            {"content": "我是标题2", "order": 5},
            {"picture_id": 15, "order": 3},
            {"article_id": 22, "picture_id": "16", "order": 6}
        ]);
        let c = content(Some(&covers), Some(&articles), picture).unwrap();
        assert_eq!(c.first_cover(), Some("p8.jpg"));
        assert_eq!(c.cover_data[0].data, ["p8.jpg", "p9.jpg"]);
        let kinds: Vec<(&str, &str)> = c
            .article_data
            .iter()
            .map(|b| (b.kind.as_str(), b.data[0].as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (TITLE, "我是标题1"),
                (TITLE, "我是标题2"),
                (PICTURE, "p15.jpg"),
                (TEXT, "我是内容1"),
                (TEXT, "我是标题2"),
                (PICTURE, "p16.jpg"),
            ]
        );
    }

    #[test]
    fn unknown_pictures_and_bad_items_are_refused() {
        let covers = json!([7]);
        assert_eq!(content(Some(&covers), None, picture).unwrap_err().code, 302);
        let bad = json!([{"order": 1}]);
        assert_eq!(content(None, Some(&bad), picture).unwrap_err().code, 301);
        let bad = json!({"title": "x"});
        assert_eq!(content(None, Some(&bad), picture).unwrap_err().code, 301);
        assert_eq!(content(None, None, picture).unwrap(), Content::default());
    }
}
