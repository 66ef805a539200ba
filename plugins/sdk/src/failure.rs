//! A failed request: an envelope code and a message, convertible from host
//! errors so handlers can use `?` on every host call.

use crate::bindings::exports::leida::platform::module::Response;
use crate::bindings::leida::platform::types::Error;
use crate::code;

/// What a handler returns: a response, or a failure that becomes one.
pub type Outcome = Result<Response, Failure>;

/// A failed request, answered with `code` and `msg` and empty `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The envelope code (never 200).
    pub code: u16,
    /// The readable message.
    pub msg: String,
}

impl Failure {
    /// A failure with an explicit code and message.
    pub fn new(code: u16, msg: impl Into<String>) -> Self {
        Failure {
            code,
            msg: msg.into(),
        }
    }

    /// 302: the named object does not exist for this caller.
    pub fn not_found(msg: impl Into<String>) -> Self {
        Failure::new(code::NOT_FOUND, msg)
    }

    /// 301: a field has an invalid value.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Failure::new(code::INVALID, msg)
    }

    /// 303: a required field is missing or empty.
    pub fn form(msg: impl Into<String>) -> Self {
        Failure::new(code::FORM_INVALID, msg)
    }

    /// 404: the request is not allowed here.
    pub fn illegal() -> Self {
        Failure::new(code::ILLEGAL, "非法请求")
    }

    /// 402: the path exists but expects another HTTP method.
    pub fn wrong_method(expected: &str) -> Self {
        Failure::new(
            code::WRONG_METHOD,
            format!("请求方式异常,请使用 {expected}"),
        )
    }

    /// Replaces the message of a 302 (not-found) failure; other failures pass.
    pub fn or_not_found(self, msg: impl Into<String>) -> Self {
        if self.code == code::NOT_FOUND {
            Failure::not_found(msg)
        } else {
            self
        }
    }

    /// The response carrying this failure.
    pub fn into_response(self) -> Response {
        crate::response::error(self.code, &self.msg)
    }
}

impl From<Error> for Failure {
    /// not-found → 302, denied → 404, invalid → 303, conflict → 300,
    /// unavailable → 500.
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound => Failure::not_found("对应ID不存在"),
            Error::Denied(why) => Failure::new(code::ILLEGAL, non_empty(why, "非法请求")),
            Error::Invalid(why) => Failure::form(non_empty(why, "参数错误")),
            Error::Conflict => Failure::new(code::EXISTS, "数据已存在"),
            Error::Unavailable(why) => {
                Failure::new(code::UNAVAILABLE, non_empty(why, "服务暂不可用"))
            }
        }
    }
}

impl From<Failure> for Response {
    fn from(f: Failure) -> Self {
        f.into_response()
    }
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.trim().is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_errors_map_to_codes() {
        assert_eq!(Failure::from(Error::NotFound).code, 302);
        assert_eq!(Failure::from(Error::Denied("no".into())).code, 404);
        assert_eq!(Failure::from(Error::Invalid("bad".into())).code, 303);
        assert_eq!(Failure::from(Error::Conflict).code, 300);
        assert_eq!(Failure::from(Error::Unavailable(String::new())).code, 500);
        assert_eq!(Failure::from(Error::Denied(String::new())).msg, "非法请求");
    }

    #[test]
    fn or_not_found_only_rewrites_302() {
        let f = Failure::from(Error::NotFound).or_not_found("用户不存在");
        assert_eq!(f, Failure::not_found("用户不存在"));
        let f = Failure::invalid("x").or_not_found("用户不存在");
        assert_eq!(f.code, 301);
    }

    #[test]
    fn failure_becomes_response() {
        let r: Response = Failure::form("name 不能为空").into();
        assert_eq!(r.code, 303);
        assert_eq!(r.msg, "name 不能为空");
        assert_eq!(r.data, "{}");
        assert_eq!(r.note, None);
    }
}
