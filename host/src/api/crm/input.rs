//! Reading the CRM forms: dates, probabilities, tag lists and bounded
//! texts, each refused with an envelope code when malformed.

use crate::http::envelope::{ApiError, ApiResult};
use crate::http::fields::Fields;
use serde_json::Value;

/// A field the client sent, possibly empty (an empty value clears);
/// `None` when absent or sent as `undefined`/`null`.
pub fn submitted<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .map(str::trim)
        .filter(|v| *v != "undefined" && *v != "null")
}

/// A text of at most `max` characters; 303 when longer.
pub fn bounded<'a>(name: &str, value: &'a str, max: usize) -> ApiResult<&'a str> {
    if value.chars().count() > max {
        return Err(ApiError::bad_form(format!("{name}: 最多{max}个字符")));
    }
    Ok(value)
}

/// A calendar day, `YYYY-MM-DD` (single-digit month and day accepted, as
/// clients send `2018-06-1`), normalised; 301 otherwise.
pub fn day(name: &str, value: &str) -> ApiResult<String> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| ApiError::bad_value(name, "必须是日期 YYYY-MM-DD"))
}

/// A probability in percent: `80` or `80%`, `NaN` (what a cleared input
/// sends) is 0; 301 unless an integer in 0..=100.
pub fn percent(name: &str, value: &str) -> ApiResult<i64> {
    let v = value.trim();
    if v == "NaN" {
        return Ok(0);
    }
    v.strip_suffix('%')
        .unwrap_or(v)
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=100).contains(n))
        .ok_or_else(|| ApiError::bad_value(name, "必须是0到100的整数"))
}

/// The most ids one list may name (one bound parameter each).
const MAX_IDS: usize = 500;

/// A JSON list of ids as clients send it (`[2,3]`, also `["2","3"]` or a
/// bare id; `[]` is the empty list); 301 otherwise.
pub fn id_list(name: &str, value: &str) -> ApiResult<Vec<i64>> {
    let bad = || ApiError::bad_value(name, "必须是ID的JSON列表");
    let items = match serde_json::from_str::<Value>(value).map_err(|_| bad())? {
        Value::Array(items) => items,
        single => vec![single],
    };
    if items.len() > MAX_IDS {
        return Err(ApiError::bad_value(name, "ID过多"));
    }
    items
        .iter()
        .map(|item| match item {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .collect::<Option<Vec<i64>>>()
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_normalised() {
        assert_eq!(day("d", "2018-06-1").unwrap(), "2018-06-01");
        assert_eq!(day("d", " 2018-06-14 ").unwrap(), "2018-06-14");
        assert_eq!(day("d", "2018-13-01").unwrap_err().code, 301);
        assert_eq!(day("d", "tomorrow").unwrap_err().code, 301);
    }

    #[test]
    fn percents_accept_the_sign_and_nan() {
        assert_eq!(percent("p", "80").unwrap(), 80);
        assert_eq!(percent("p", "80%").unwrap(), 80);
        assert_eq!(percent("p", "NaN").unwrap(), 0);
        assert_eq!(percent("p", "0").unwrap(), 0);
        assert_eq!(percent("p", "100").unwrap(), 100);
        for bad in ["101", "-1", "8.5", "abc", "%"] {
            assert_eq!(percent("p", bad).unwrap_err().code, 301, "{bad}");
        }
    }

    #[test]
    fn id_lists_are_json_lists_of_ids() {
        assert_eq!(id_list("t", "[2,3]").unwrap(), vec![2, 3]);
        assert_eq!(id_list("t", r#"["2", 3]"#).unwrap(), vec![2, 3]);
        assert_eq!(id_list("t", "[]").unwrap(), Vec::<i64>::new());
        assert_eq!(id_list("t", "7").unwrap(), vec![7]);
        let too_many = format!("[{}]", vec!["1"; 501].join(","));
        for bad in [
            "2,3", "{}", "[1.5]", "[null]", r#"["x"]"#, "nope", &too_many,
        ] {
            assert_eq!(id_list("t", bad).unwrap_err().code, 301, "{bad}");
        }
    }

    #[test]
    fn bounded_counts_characters() {
        assert!(bounded("x", "客户客户", 4).is_ok());
        assert_eq!(bounded("x", "客户客户客", 4).unwrap_err().code, 303);
    }
}
