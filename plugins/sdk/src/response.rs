//! Building module responses; the host wraps them in `{code,msg,data,note}`.

use crate::bindings::exports::leida::platform::module::Response;
use crate::code;
use serde_json::Value;

/// 200 with a message and `data`.
pub fn ok(msg: &str, data: Value) -> Response {
    Response {
        code: code::OK,
        msg: msg.to_string(),
        data: data.to_string(),
        note: None,
    }
}

/// 200 with a message, `data` and a `note` object.
pub fn ok_with_note(msg: &str, data: Value, note: Value) -> Response {
    Response {
        note: Some(note.to_string()),
        ..ok(msg, data)
    }
}

/// A non-200 answer with empty `data`.
pub fn error(code: u16, msg: &str) -> Response {
    Response {
        code,
        msg: msg.to_string(),
        data: "{}".to_string(),
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_serialises_data() {
        let r = ok("查询成功", json!({"ret_data": [], "data_count": 0}));
        assert_eq!(r.code, 200);
        assert_eq!(r.msg, "查询成功");
        let v: Value = serde_json::from_str(&r.data).unwrap();
        assert_eq!(v, json!({"ret_data": [], "data_count": 0}));
        assert!(r.note.is_none());
    }

    #[test]
    fn note_is_kept() {
        let r = ok_with_note("", json!({}), json!({"a": "b"}));
        assert_eq!(r.note.as_deref(), Some(r#"{"a":"b"}"#));
    }

    #[test]
    fn error_has_empty_data() {
        let r = error(302, "x");
        assert_eq!((r.code, r.data.as_str()), (302, "{}"));
    }
}
