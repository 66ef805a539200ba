//! Feedback from the radar app (`qiyeweixin/mingpian/feedback`).

use crate::descriptor::FEEDBACK;
use crate::labels::problem_label;
use leida_module_sdk::{
    json, ok, require_radar_user, store, Failure, Input, Json, Outcome, Request,
};
use serde::Serialize;

/// A stored feedback row; `status` 1 unprocessed, 2 processed.
#[derive(Debug, Serialize)]
struct FeedbackDoc {
    user_id: u64,
    problem_type: i64,
    content: Json,
    status: u8,
}

/// `POST qiyeweixin/mingpian/feedback` (`problem_type` 1..3, `content`):
/// stores the feedback; empty content is a 303.
pub fn submit(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let input = Input::of(req);
    let problem_type = input.required_int("problem_type")?;
    if problem_label(problem_type).is_none() {
        return Err(Failure::invalid("problem_type 必须是 1、2 或 3"));
    }
    let content = content(input.raw("content")).ok_or_else(|| Failure::form("content 不能为空"))?;
    let doc = FeedbackDoc {
        user_id,
        problem_type,
        content,
        status: 1,
    };
    store::insert(FEEDBACK, &doc)?;
    Ok(ok("添加成功", json!({})))
}

/// The feedback content: the JSON the client sent (or the plain text), `None`
/// when there is nothing in it.
fn content(raw: Option<&str>) -> Option<Json> {
    let text = raw?.trim();
    let value = serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.to_string()));
    if is_blank(&value) {
        None
    } else {
        Some(value)
    }
}

/// Whether a JSON value carries no content at all.
fn is_blank(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        Json::Array(items) => items.iter().all(is_blank),
        Json::Object(map) => map.get("data").map_or(map.is_empty(), is_blank),
        Json::Bool(_) | Json::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_content_is_rejected() {
        assert_eq!(content(None), None);
        assert_eq!(content(Some("  ")), None);
        assert_eq!(content(Some("[]")), None);
        assert_eq!(content(Some(r#"[{"type":"content","data":""}]"#)), None);
        assert_eq!(content(Some(r#"[{"type":"picture_url","data":[]}]"#)), None);
    }

    #[test]
    fn real_content_is_kept() {
        let sent = r#"[{"type":"phone","data":"13020006631"},{"type":"content","data":"请优化"}]"#;
        assert_eq!(content(Some(sent)).unwrap()[1]["data"], "请优化");
        assert_eq!(content(Some("plain text")), Some(json!("plain text")));
    }
}
