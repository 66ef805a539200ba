//! Message content: a JSON object whose `info_type` says what it carries
//! (1 text, 2 product enquiry, 3 phone request, 4 image, 5 video, 6 mall card). Every way a message enters (HTTP, sockets, modules) checks it
//! here, and only the fields of its type are stored, as UTF-8 JSON text.

use super::{ChatError, Sender};
use serde_json::{Map, Value};

/// Largest content accepted, in bytes of JSON text.
pub const MAX_CONTENT: usize = 16 * 1024;
/// Longest text field, in characters.
const MAX_TEXT_CHARS: usize = 4000;

/// The text the server sets on a phone-number request (type 3).
pub const PHONE_REQUEST: &str = "您好,请问能否告诉我您的手机号?";
/// The text the server sets on a mall card (type 6).
pub const MALL_CARD: &str = "官方商城，可点击进入购买";

/// Text or emoji.
pub const TEXT: i64 = 1;
/// A product enquiry.
pub const PRODUCT: i64 = 2;
/// The radar user asks for the customer's phone number.
pub const PHONE: i64 = 3;
/// An image.
pub const IMAGE: i64 = 4;
/// A video.
pub const VIDEO: i64 = 5;
/// A card of the company's mall.
pub const MALL: i64 = 6;

/// `shopping_type` of a company with simple products and no mall.
const PRODUCTS_ONLY: i64 = 1;

/// Checked content, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    info_type: i64,
    fields: Map<String, Value>,
}

impl Content {
    /// Checks `raw` (the `content` field) as sent by `from` in a company
    /// whose `shopping_type` is given; 301/303 say what is wrong.
    pub fn parse(raw: &str, from: Sender, shopping_type: i64) -> Result<Content, ChatError> {
        if raw.len() > MAX_CONTENT {
            return Err(ChatError::invalid("content", "不能超过16KB"));
        }
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(raw) else {
            return Err(ChatError::invalid("content", "必须是JSON对象"));
        };
        let info_type = match &object.get("info_type") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|t| (TEXT..=MALL).contains(t))
        .ok_or_else(|| ChatError::invalid("content.info_type", "取值 1..6"))?;
        // Requests for a phone number and mall cards come from the salesperson.
        if from == Sender::Customer && matches!(info_type, PHONE | MALL) {
            return Err(ChatError::invalid(
                "content.info_type",
                "客户不能发送此类消息",
            ));
        }
        if info_type == MALL && shopping_type == PRODUCTS_ONLY {
            return Err(ChatError::MallOff);
        }
        let mut c = Content {
            info_type,
            fields: Map::new(),
        };
        c.fields.insert("info_type".into(), info_type.into());
        match info_type {
            TEXT => c.copy_text(&object, "msg", true)?,
            PRODUCT => c.copy_product(&object)?,
            PHONE => c.set_msg(PHONE_REQUEST),
            IMAGE | VIDEO => c.copy_url(&object, true)?,
            _ => {
                c.set_msg(MALL_CARD);
                c.copy_product(&object)?;
                c.copy_url(&object, false)?;
            }
        }
        Ok(c)
    }

    /// A text message written by the server (greeting, phone number).
    pub fn text(msg: &str) -> Content {
        let mut c = Content {
            info_type: TEXT,
            fields: Map::new(),
        };
        c.fields.insert("info_type".into(), TEXT.into());
        c.set_msg(msg);
        c
    }

    /// The `info_type`.
    pub fn info_type(&self) -> i64 {
        self.info_type
    }

    /// The JSON text stored in `chat_messages.content`.
    pub fn to_json(&self) -> String {
        Value::Object(self.fields.clone()).to_string()
    }

    fn set_msg(&mut self, msg: &str) {
        self.fields.insert("msg".into(), msg.into());
    }

    fn copy_product(&mut self, from: &Map<String, Value>) -> Result<(), ChatError> {
        self.copy_text(from, "product_name", self.info_type == PRODUCT)?;
        self.copy_text(from, "product_price", false)?;
        self.copy_text(from, "product_cover_url", false)?;
        if let Some(id) = from.get("product_id").filter(|v| !v.is_null()) {
            let id = id
                .as_i64()
                .or_else(|| id.as_str().and_then(|s| s.trim().parse().ok()))
                .ok_or_else(|| ChatError::invalid("content.product_id", "必须是整数"))?;
            self.fields.insert("product_id".into(), id.into());
        }
        Ok(())
    }

    fn copy_url(&mut self, from: &Map<String, Value>, required: bool) -> Result<(), ChatError> {
        self.copy_text(from, "url", required)?;
        if let Some(Value::String(url)) = self.fields.get("url") {
            // Stored files or web addresses only: the clients render it as a link.
            if !["statics/", "http://", "https://"]
                .iter()
                .any(|p| url.starts_with(p))
            {
                return Err(ChatError::invalid(
                    "content.url",
                    "必须是 statics/ 路径或 http(s) 地址",
                ));
            }
        }
        Ok(())
    }

    /// Copies a text field (numbers become text, as prices arrive either way).
    fn copy_text(
        &mut self,
        from: &Map<String, Value>,
        name: &str,
        required: bool,
    ) -> Result<(), ChatError> {
        let text = match from.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => return Err(ChatError::invalid(format!("content.{name}"), "必须是文本")),
        }
        .filter(|s| !s.trim().is_empty());
        match text {
            Some(t) if t.chars().count() > MAX_TEXT_CHARS => Err(ChatError::invalid(
                format!("content.{name}"),
                "不能超过4000个字符",
            )),
            Some(t) => {
                self.fields.insert(name.into(), t.into());
                Ok(())
            }
            None if required => Err(ChatError::Missing(format!("content.{name}"))),
            None => Ok(()),
        }
    }
}

/// The fields of stored content, to merge into a message item; empty when
/// the stored text is not a JSON object.
pub fn stored_fields(stored: &str) -> Map<String, Value> {
    match serde_json::from_str(stored) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The contact list's preview of a message: the text of types
/// 1 and 3, `向您咨询:` and the product of an enquiry, nothing otherwise.
pub fn preview(stored: &str) -> String {
    let f = stored_fields(stored);
    let text = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    match f.get("info_type").and_then(Value::as_i64) {
        Some(TEXT) | Some(PHONE) => text("msg"),
        Some(PRODUCT) => format!("向您咨询:{}", text("product_name")),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Content, ChatError> {
        Content::parse(raw, Sender::User, 2)
    }

    #[test]
    fn each_type_keeps_only_its_fields() {
        let c = parse(r#"{"info_type":1,"msg":"你好","user_id":9}"#).unwrap();
        assert_eq!(c.to_json(), r#"{"info_type":1,"msg":"你好"}"#);
        let c =
            parse(r#"{"info_type":"2","product_name":"票","product_price":50,"product_id":"3"}"#)
                .unwrap();
        assert_eq!(
            stored_fields(&c.to_json()),
            stored_fields(
                r#"{"info_type":2,"product_name":"票","product_price":"50","product_id":3}"#
            )
        );
        assert_eq!(preview(&c.to_json()), "向您咨询:票");
        let c = parse(r#"{"info_type":3,"msg":"anything"}"#).unwrap();
        assert_eq!(preview(&c.to_json()), PHONE_REQUEST);
        let c = parse(r#"{"info_type":4,"url":"statics/a.jpg"}"#).unwrap();
        assert_eq!(preview(&c.to_json()), "");
        let c = parse(r#"{"info_type":6}"#).unwrap();
        assert_eq!(stored_fields(&c.to_json())["msg"], MALL_CARD);
    }

    #[test]
    fn bad_content_is_refused() {
        let kind = |raw: &str| match parse(raw).unwrap_err() {
            ChatError::Invalid { .. } => "invalid",
            ChatError::Missing(_) => "missing",
            other => panic!("{raw}: {other}"),
        };
        assert_eq!(kind("not json"), "invalid");
        assert_eq!(kind("[1]"), "invalid");
        assert_eq!(kind(r#"{"info_type":7,"msg":"x"}"#), "invalid");
        assert_eq!(kind(r#"{"msg":"x"}"#), "invalid");
        assert_eq!(kind(r#"{"info_type":1,"msg":"  "}"#), "missing");
        assert_eq!(kind(r#"{"info_type":1,"msg":{"a":1}}"#), "invalid");
        assert_eq!(kind(r#"{"info_type":2,"product_price":"1"}"#), "missing");
        assert_eq!(
            kind(r#"{"info_type":4,"url":"javascript:alert(1)"}"#),
            "invalid"
        );
        let long = format!(r#"{{"info_type":1,"msg":"{}"}}"#, "x".repeat(MAX_CONTENT));
        assert_eq!(kind(&long), "invalid");
        let from_customer = Content::parse(r#"{"info_type":3}"#, Sender::Customer, 2);
        assert!(matches!(from_customer, Err(ChatError::Invalid { .. })));
        let no_mall = Content::parse(r#"{"info_type":6}"#, Sender::User, 1);
        assert!(matches!(no_mall, Err(ChatError::MallOff)));
    }
}
