//! A radar user's impression tags (`qiyeweixin/tag_user`): listed on the
//! card, added one by one, replaced as a set, deleted; always the caller's own.

use crate::descriptor::TAGS;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{
    code, json, ok, require_radar_user, storage, Failure, Input, Json, Outcome, Request,
};
use serde::{Deserialize, Serialize};

/// Longest tag name accepted, in characters.
const MAX_NAME_CHARS: usize = 32;

/// One impression tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagDoc {
    /// The owning radar user.
    pub user_id: u64,
    /// The tag text.
    pub name: String,
}

/// The user's tags, oldest first.
pub fn tags_of(user_id: u64) -> Result<Vec<Stored<TagDoc>>, Failure> {
    store::find_all(
        TAGS,
        vec![store::eq("user_id", user_id)],
        vec![store::asc("id")],
    )
}

/// Tags as `[{id, name}, …]`.
pub fn as_json(tags: &[Stored<TagDoc>]) -> Json {
    tags.iter()
        .map(|t| json!({ "id": t.id, "name": t.data.name }))
        .collect()
}

/// `GET qiyeweixin/tag_user`: the caller's tags.
pub fn list(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let tags = tags_of(user_id)?;
    Ok(ok(
        "",
        json!({
            "user_id": user_id.to_string(),
            "ret_data": as_json(&tags),
            "data_count": tags.len(),
        }),
    ))
}

/// `POST qiyeweixin/tag_user/add` (`name`): adds a tag; 300 when the caller
/// already has one of that name.
pub fn add(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let name = Input::of(req).required_text("name")?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Failure::invalid(format!(
            "name 不能超过{MAX_NAME_CHARS}个字"
        )));
    }
    let doc = TagDoc {
        user_id,
        name: name.to_string(),
    };
    let id = store::insert(TAGS, &doc).map_err(|f| match f.code {
        code::EXISTS => Failure::new(code::EXISTS, "标签名已存在"),
        _ => f,
    })?;
    Ok(ok("添加成功", json!([{ "id": id, "name": name }])))
}

/// `POST qiyeweixin/tag_user/save` (`tag_list`, JSON ids): the caller's tags
/// become exactly the listed ones (the others are deleted); 302 when an id
/// is not one of the caller's tags.
pub fn save(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let listed = match Input::of(req).json("tag_list")? {
        Some(value) => {
            parse_ids(&value).ok_or_else(|| Failure::invalid("tag_list 必须是标签ID列表"))?
        }
        None => return Err(Failure::form("tag_list 不能为空")),
    };
    let own = tags_of(user_id)?;
    if let Some(stranger) = listed.iter().find(|id| !own.iter().any(|t| t.id == **id)) {
        return Err(Failure::not_found(format!("标签 {stranger} 不存在")));
    }
    for tag in own.iter().filter(|t| !listed.contains(&t.id)) {
        storage::delete(TAGS, tag.id)?;
    }
    Ok(ok("添加成功", json!([])))
}

/// `POST qiyeweixin/tag_user/delete` (`id`): deletes one of the caller's tags.
pub fn delete(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let input = Input::of(req);
    let tag_id = match req.object_id {
        Some(id) if input.raw("id").is_none() => id,
        _ => input.required_id("id")?,
    };
    let tag: Option<Stored<TagDoc>> = store::get(TAGS, tag_id)?;
    match tag {
        Some(t) if t.data.user_id == user_id => {
            storage::delete(TAGS, t.id)?;
            Ok(ok("删除成功", json!({})))
        }
        _ => Err(Failure::not_found("标签不存在")),
    }
}

/// The ids of a JSON list of positive integers (or their decimal texts).
fn parse_ids(value: &Json) -> Option<Vec<u64>> {
    value
        .as_array()?
        .iter()
        .map(|v| match v {
            Json::Number(n) => n.as_u64(),
            Json::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .map(|id| id.filter(|id| *id > 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_id_lists() {
        assert_eq!(parse_ids(&json!([1, 2, 3])), Some(vec![1, 2, 3]));
        assert_eq!(parse_ids(&json!(["4", 5])), Some(vec![4, 5]));
        assert_eq!(parse_ids(&json!([])), Some(vec![]));
        assert_eq!(parse_ids(&json!([0])), None);
        assert_eq!(parse_ids(&json!([-1])), None);
        assert_eq!(parse_ids(&json!(["x"])), None);
        assert_eq!(parse_ids(&json!({"a": 1})), None);
    }

    #[test]
    fn tag_shape() {
        let tags = [Stored {
            id: 3,
            data: TagDoc {
                user_id: 1,
                name: "积极少年".into(),
            },
            created_at: 0,
            updated_at: 0,
        }];
        assert_eq!(as_json(&tags), json!([{"id": 3, "name": "积极少年"}]));
    }
}
