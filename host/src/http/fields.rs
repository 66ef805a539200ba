//! Request fields: the query string plus a form-encoded or JSON body, read the
//! same way by native handlers and by module dispatch.

use super::envelope::{ApiError, ApiResult};
use crate::store::Page;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

/// The signature fields; they are consumed by authentication, not by handlers.
pub const SIGNATURE_FIELDS: [&str; 3] = ["rand_str", "timestamp", "user_id"];

/// Query parameters and POST fields of one request.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    /// Query parameters in order.
    pub query: Vec<(String, String)>,
    /// POST fields; lists and objects are JSON text, as clients send them in forms.
    pub form: Vec<(String, String)>,
}

/// The largest body accepted by non-upload endpoints.
pub const MAX_BODY_BYTES: usize = 1 << 20;

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let query = parse_pairs(req.uri().query().unwrap_or(""))?;
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"));
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_form("请求体过大或无法读取"))?;
        if body.len() > MAX_BODY_BYTES {
            return Err(ApiError::bad_form("请求体过大"));
        }
        let form = if body.iter().all(u8::is_ascii_whitespace) {
            Vec::new()
        } else if is_json {
            json_pairs(&body)?
        } else {
            parse_pairs(
                std::str::from_utf8(&body).map_err(|_| ApiError::bad_form("表单不是UTF-8"))?,
            )?
        };
        Ok(Fields { query, form })
    }
}

fn parse_pairs(s: &str) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(s).map_err(|_| ApiError::bad_form("无法解析的参数"))
}

fn json_pairs(body: &[u8]) -> ApiResult<Vec<(String, String)>> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(ApiError::bad_form("JSON请求体必须是对象"));
    };
    Ok(map
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect())
}

impl Fields {
    /// A field from the form, else from the query.
    pub fn get(&self, name: &str) -> Option<&str> {
        find(&self.form, name).or_else(|| find(&self.query, name))
    }

    /// A present, non-empty field (`undefined` and `null` count as absent, as clients send them).
    pub fn present(&self, name: &str) -> Option<&str> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "undefined" && *v != "null")
    }

    /// A required field; 303 naming it when missing.
    pub fn required(&self, name: &str) -> ApiResult<&str> {
        self.present(name).ok_or_else(|| ApiError::missing(name))
    }

    /// An optional integer field; 301 when it is not an integer.
    pub fn int(&self, name: &str) -> ApiResult<Option<i64>> {
        self.present(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::bad_value(name, "必须是整数"))
            })
            .transpose()
    }

    /// A required integer field.
    pub fn required_int(&self, name: &str) -> ApiResult<i64> {
        self.int(name)?.ok_or_else(|| ApiError::missing(name))
    }

    /// The page a list asks for: `current_page` (from 1) and `length`
    /// (`default_length` when absent; 0 means everything).
    pub fn page(&self, default_length: i64) -> ApiResult<Page> {
        let current = self.int("current_page")?.unwrap_or(1);
        let length = self.int("length")?.unwrap_or(default_length);
        if current < 1 {
            return Err(ApiError::bad_value("current_page", "必须大于等于1"));
        }
        if length < 0 {
            return Err(ApiError::bad_value("length", "不能为负数"));
        }
        Ok(if length == 0 {
            Page {
                offset: 0,
                limit: None,
            }
        } else {
            Page {
                offset: (current - 1).saturating_mul(length),
                limit: Some(length),
            }
        })
    }

    /// Query parameters other than the signature fields.
    pub fn unsigned_query(&self) -> Vec<(String, String)> {
        self.query
            .iter()
            .filter(|(k, _)| !SIGNATURE_FIELDS.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_read_like_forms() {
        let pairs = json_pairs(br#"{"a":"x","tags":[1,2],"n":3,"skip":null}"#).unwrap();
        let f = Fields {
            query: vec![],
            form: pairs,
        };
        assert_eq!(f.get("a"), Some("x"));
        assert_eq!(f.get("tags"), Some("[1,2]"));
        assert_eq!(f.int("n").unwrap(), Some(3));
        assert_eq!(f.get("skip"), None);
    }

    #[test]
    fn pages_count_from_one_and_zero_length_means_all() {
        let f = |q: &[(&str, &str)]| Fields {
            query: q
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            form: vec![],
        };
        assert_eq!(
            f(&[("current_page", "3"), ("length", "5")])
                .page(10)
                .unwrap(),
            Page {
                offset: 10,
                limit: Some(5)
            }
        );
        assert_eq!(
            f(&[]).page(20).unwrap(),
            Page {
                offset: 0,
                limit: Some(20)
            }
        );
        assert_eq!(f(&[("length", "0")]).page(10).unwrap().limit, None);
        assert_eq!(f(&[("current_page", "0")]).page(10).unwrap_err().code, 301);
    }

    #[test]
    fn bad_integers_are_301() {
        let f = Fields {
            query: vec![("uid".into(), "x1".into())],
            form: vec![],
        };
        assert_eq!(f.int("uid").unwrap_err().code, 301);
        assert_eq!(f.required("missing").unwrap_err().code, 303);
    }
}
