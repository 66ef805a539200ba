//! The JSON frames of the chat channels: what a client sends
//! (an object with `type` and/or `content` and the signature fields) and the
//! `{code, msg, …}` frames the server answers and pushes.

use crate::http::envelope::ApiError;
use crate::http::fields::Fields;
use serde_json::{json, Value};

/// The operations a client names in `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Starts a conversation or subscribes (199 or 200).
    Register,
    /// Keep-alive (270).
    Lived,
    /// Asks for the unread count (or a contact page).
    QueryNum,
    /// Ends the connection (300 or 200).
    Closed,
    /// No known `type` but a `content`: a chat message.
    Send,
}

/// A client frame: its fields read like a request's, and its operation.
pub struct ClientFrame {
    /// The frame's fields (all in `query`: the signature check reads them there).
    pub fields: Fields,
    /// What the client asks for; `None` when the frame is neither an
    /// operation nor a message.
    pub op: Option<Op>,
}

/// Reads a text frame; `None` when it is not a JSON object.
pub fn parse(text: &str) -> Option<ClientFrame> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let query = object
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            // Content may arrive as an object rather than serialised text.
            other => (k, other.to_string()),
        })
        .collect();
    let fields = Fields {
        query,
        form: Vec::new(),
    };
    let op = match fields.present("type") {
        Some("register") => Some(Op::Register),
        Some("lived") => Some(Op::Lived),
        Some("query_num") => Some(Op::QueryNum),
        Some("closed") => Some(Op::Closed),
        _ if fields.present("content").is_some() => Some(Op::Send),
        _ => None,
    };
    Some(ClientFrame { fields, op })
}

/// `{code, msg}`.
pub fn frame(code: u16, msg: &str) -> Value {
    json!({ "code": code, "msg": msg })
}

/// `{code, msg, data}`.
pub fn data_frame(code: u16, msg: &str, data: Value) -> Value {
    json!({ "code": code, "msg": msg, "data": data })
}

/// A refused frame, shaped like the HTTP envelope of the same error.
pub fn error_frame(e: ApiError) -> Value {
    serde_json::to_value(e.into_frame()).unwrap_or_default()
}

/// The answer to a frame that is not a JSON object (the connection closes).
pub fn malformed() -> ApiError {
    ApiError::new(400, "消息格式错误: 必须是JSON对象, 终止连接")
}

/// The answer to an object that is neither an operation nor a message (the connection closes).
pub fn unrecognised() -> ApiError {
    ApiError::new(401, "消息无法识别: 需要 type 或 content, 终止连接")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_read_like_requests() {
        let f = parse(r#"{"type":"register","user_id":3,"customer_id":"4"}"#).unwrap();
        assert_eq!(f.op, Some(Op::Register));
        assert_eq!(f.fields.int("user_id").unwrap(), Some(3));
        assert_eq!(f.fields.int("customer_id").unwrap(), Some(4));
        let f = parse(r#"{"u_id":1,"content":{"info_type":1,"msg":"hi"}}"#).unwrap();
        assert_eq!(f.op, Some(Op::Send));
        assert_eq!(
            f.fields.present("content"),
            Some(r#"{"info_type":1,"msg":"hi"}"#)
        );
        assert_eq!(parse(r#"{"user_id":1}"#).unwrap().op, None);
        assert!(parse("[1]").is_none());
        assert!(parse("{").is_none());
    }
}
