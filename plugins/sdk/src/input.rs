//! Reading request fields: POST form fields first, then query parameters.
//! Missing required fields are 303 errors and malformed ones 301, each naming
//! the field.

use crate::bindings::exports::leida::platform::module::Request;
use crate::failure::Failure;
use serde_json::Value;

/// The fields of one request (form first, then query).
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    form: &'a [(String, String)],
    query: &'a [(String, String)],
}

impl<'a> Input<'a> {
    /// The fields of `req`.
    pub fn of(req: &'a Request) -> Self {
        Input::new(&req.form, &req.query)
    }

    /// Fields from explicit form and query lists.
    pub fn new(form: &'a [(String, String)], query: &'a [(String, String)]) -> Self {
        Input { form, query }
    }

    /// The raw value of `name`, if present (first occurrence wins).
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.form
            .iter()
            .chain(self.query.iter())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed value of `name`, or `None` when absent or blank.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.raw(name).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The trimmed value of `name`; 303 when absent or blank.
    pub fn required_text(&self, name: &str) -> Result<&'a str, Failure> {
        self.text(name)
            .ok_or_else(|| Failure::form(format!("{name} 不能为空")))
    }

    /// `name` as an integer, `None` when absent or blank; 301 when not an integer.
    pub fn int(&self, name: &str) -> Result<Option<i64>, Failure> {
        match self.text(name) {
            None => Ok(None),
            Some(s) => s
                .parse::<i64>()
                .map(Some)
                .map_err(|_| Failure::invalid(format!("{name} 必须是整数"))),
        }
    }

    /// `name` as an integer; 303 when absent, 301 when not an integer.
    pub fn required_int(&self, name: &str) -> Result<i64, Failure> {
        self.int(name)?
            .ok_or_else(|| Failure::form(format!("{name} 不能为空")))
    }

    /// `name` as an id (positive integer); `None` when absent, 301 when invalid.
    pub fn id(&self, name: &str) -> Result<Option<u64>, Failure> {
        match self.int(name)? {
            None => Ok(None),
            Some(n) if n > 0 => Ok(Some(n as u64)),
            Some(_) => Err(Failure::invalid(format!("{name} 必须是正整数"))),
        }
    }

    /// `name` as an id; 303 when absent, 301 when not a positive integer.
    pub fn required_id(&self, name: &str) -> Result<u64, Failure> {
        self.id(name)?
            .ok_or_else(|| Failure::form(format!("{name} 不能为空")))
    }

    /// `name` as a boolean (`true/false`, `True/False`, `1/0`, `yes/no`);
    /// `None` when absent, 301 otherwise.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, Failure> {
        match self.text(name) {
            None => Ok(None),
            Some(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Ok(Some(true)),
                "false" | "0" | "no" | "off" => Ok(Some(false)),
                _ => Err(Failure::invalid(format!("{name} 必须是 true 或 false"))),
            },
        }
    }

    /// The trimmed text `name` of a form that creates (`old` none) or edits
    /// a record, at most `max` characters (301 beyond). Left out of an edit,
    /// it is `old`; left out of a new record, empty. `required` makes a
    /// blank value 303 unless an edit keeps the old one.
    pub fn bounded_text(
        &self,
        name: &str,
        max: usize,
        required: bool,
        old: Option<&str>,
    ) -> Result<String, Failure> {
        if let (None, Some(o)) = (self.raw(name), old) {
            return Ok(o.to_string());
        }
        let value = if required {
            self.required_text(name)?
        } else {
            self.text(name).unwrap_or("")
        };
        if value.chars().count() > max {
            return Err(Failure::invalid(format!("{name} 不能超过{max}个字")));
        }
        Ok(value.to_string())
    }

    /// `name` as one of the codes `allowed` (301 for any other); left out,
    /// `old` on an edit, else `default`.
    pub fn choice(
        &self,
        name: &str,
        allowed: &[u8],
        old: Option<u8>,
        default: u8,
    ) -> Result<u8, Failure> {
        match self.int(name)? {
            None => Ok(old.unwrap_or(default)),
            Some(v) if allowed.iter().any(|a| i64::from(*a) == v) => Ok(v as u8),
            Some(_) => Err(Failure::invalid(format!("{name} 取值不正确"))),
        }
    }

    /// `name` parsed as JSON text; `None` when absent, 301 when malformed.
    pub fn json(&self, name: &str) -> Result<Option<Value>, Failure> {
        match self.text(name) {
            None => Ok(None),
            Some(s) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| Failure::invalid(format!("{name} 不是有效的JSON"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn form_wins_over_query() {
        let form = pairs(&[("uid", "7")]);
        let query = pairs(&[("uid", "3"), ("length", "5")]);
        let input = Input::new(&form, &query);
        assert_eq!(input.required_id("uid"), Ok(7));
        assert_eq!(input.int("length"), Ok(Some(5)));
        assert_eq!(input.int("nothing"), Ok(None));
    }

    #[test]
    fn errors_name_the_field() {
        let form = pairs(&[("uid", "abc"), ("blank", "  "), ("neg", "-2")]);
        let input = Input::new(&form, &[]);
        let e = input.required_id("uid").unwrap_err();
        assert_eq!((e.code, e.msg.as_str()), (301, "uid 必须是整数"));
        let e = input.required_text("blank").unwrap_err();
        assert_eq!((e.code, e.msg.as_str()), (303, "blank 不能为空"));
        assert_eq!(input.required_id("missing").unwrap_err().code, 303);
        assert_eq!(input.id("neg").unwrap_err().code, 301);
    }

    #[test]
    fn text_is_trimmed() {
        let form = pairs(&[("name", "  积极少年 ")]);
        assert_eq!(Input::new(&form, &[]).text("name"), Some("积极少年"));
    }

    #[test]
    fn booleans_accept_python_spelling() {
        let form = pairs(&[("a", "True"), ("b", "false"), ("c", "1"), ("d", "maybe")]);
        let input = Input::new(&form, &[]);
        assert_eq!(input.bool("a"), Ok(Some(true)));
        assert_eq!(input.bool("b"), Ok(Some(false)));
        assert_eq!(input.bool("c"), Ok(Some(true)));
        assert_eq!(input.bool("d").unwrap_err().code, 301);
        assert_eq!(input.bool("e"), Ok(None));
    }

    #[test]
    fn json_fields_parse() {
        let form = pairs(&[("tag_list", "[1,2,3]"), ("bad", "[1,")]);
        let input = Input::new(&form, &[]);
        assert_eq!(
            input.json("tag_list"),
            Ok(Some(serde_json::json!([1, 2, 3])))
        );
        assert_eq!(input.json("bad").unwrap_err().code, 301);
    }
}
