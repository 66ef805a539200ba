//! The `{code, msg, data, note}` envelope every endpoint answers with, and the
//! one error type handlers return.

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

/// The response body of every endpoint (HTTP 200, the outcome is in `code`).
#[derive(Debug, Serialize)]
pub struct Envelope {
    /// 200 on success, else one of the codes of the API documents.
    pub code: u16,
    /// Human-readable outcome.
    pub msg: String,
    /// The payload (`{}` when empty).
    pub data: Value,
    /// Explanations of `data` keys (`{}` when empty).
    pub note: Value,
}

impl Envelope {
    /// A success with `data`.
    pub fn ok(data: Value) -> Envelope {
        Envelope::new(200, "成功", data)
    }

    /// Any code, message and payload.
    pub fn new(code: u16, msg: impl Into<String>, data: Value) -> Envelope {
        Envelope {
            code,
            msg: msg.into(),
            data,
            note: json!({}),
        }
    }

    /// Replaces the message.
    pub fn msg(mut self, msg: impl Into<String>) -> Envelope {
        self.msg = msg.into();
        self
    }
}

impl IntoResponse for Envelope {
    fn into_response(self) -> Response {
        Json(self).into_response()
    }
}

/// A failed request: answered as an envelope with a non-200 code. Services
/// return their own errors; `http::service_errors` turns each into this.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {msg}")]
pub struct ApiError {
    /// The envelope code.
    pub code: u16,
    /// The envelope message.
    pub msg: String,
    /// What broke on our side, for the log; never shown to the client.
    pub cause: Option<String>,
}

/// What handlers return.
pub type ApiResult<T = Envelope> = Result<T, ApiError>;

/// The cause of a failed request, left on its response for the one place
/// that logs failures (inside the request's trace span, in `router`).
#[derive(Debug, Clone)]
pub struct Failure {
    /// The envelope code answered.
    pub code: u16,
    /// What broke.
    pub cause: String,
}

impl ApiError {
    /// Any code and message.
    pub fn new(code: u16, msg: impl Into<String>) -> ApiError {
        ApiError {
            code,
            msg: msg.into(),
            cause: None,
        }
    }

    /// Keeps what broke, for the log.
    pub fn caused_by(mut self, cause: impl std::fmt::Display) -> ApiError {
        self.cause = Some(cause.to_string());
        self
    }

    /// 400: the signature did not verify.
    pub fn bad_token() -> ApiError {
        ApiError::new(400, "token异常")
    }

    /// 301: a field holds a value of the wrong type.
    pub fn bad_value(field: &str, why: &str) -> ApiError {
        ApiError::new(301, format!("{field}: {why}"))
    }

    /// 303: a required field is missing or the form is invalid.
    pub fn bad_form(msg: impl Into<String>) -> ApiError {
        ApiError::new(303, msg)
    }

    /// 303: the required field `name` is missing.
    pub fn missing(name: &str) -> ApiError {
        ApiError::bad_form(format!("{name}: 该字段是必填项"))
    }

    /// 302: the id does not exist (for this caller).
    pub fn no_such(what: &str) -> ApiError {
        ApiError::new(302, format!("{what}不存在"))
    }

    /// 404: the caller may not do this (an illegal request for their rights).
    pub fn forbidden() -> ApiError {
        ApiError::new(404, "非法请求: 无权限")
    }

    /// 404: nothing is served at this path.
    pub fn unknown_path() -> ApiError {
        ApiError::new(404, "非法请求: 未知路径")
    }

    /// 402: the path is served, but not with this method.
    pub fn wrong_method() -> ApiError {
        ApiError::new(402, "请求方式异常")
    }

    /// 306: the account or company is disabled.
    pub fn disabled() -> ApiError {
        ApiError::new(306, "账号已被禁用")
    }

    /// 500: something broke on our side; the cause is logged, not shown.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        ApiError::new(500, "服务器内部错误").caused_by(cause)
    }
}

impl ApiError {
    /// The envelope a socket sends for this error; a failure on our side is
    /// logged here, as the HTTP response path logs it for requests.
    pub fn into_frame(self) -> Envelope {
        if let Some(cause) = &self.cause {
            log_failure(self.code, cause);
        }
        Envelope::new(self.code, self.msg, json!({}))
    }
}

/// The one log line of a failed request or socket frame, in the current
/// (request or connection) span.
pub fn log_failure(code: u16, cause: &str) {
    tracing::error!(code, cause, "request failed");
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code;
        let mut response = Envelope::new(code, self.msg, json!({})).into_response();
        if let Some(cause) = self.cause {
            response.extensions_mut().insert(Failure { code, cause });
        }
        response
    }
}
