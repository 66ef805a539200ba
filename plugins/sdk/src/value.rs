//! Conversions into the host's scalar `value` (for storage filters) and out
//! of it (for group keys).

use crate::bindings::leida::platform::types::Value;

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Integer(n)
    }
}

impl From<u8> for Value {
    fn from(n: u8) -> Self {
        Value::Integer(i64::from(n))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl Value {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Boolean(b) => serde_json::Value::Bool(*b),
            Value::Integer(n) => serde_json::Value::from(*n),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Text(s) => serde_json::Value::String(s.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_scalars() {
        assert_eq!(Value::from(7u64), Value::Integer(7));
        assert_eq!(Value::from(u64::MAX), Value::Integer(i64::MAX));
        assert_eq!(Value::from("a"), Value::Text("a".into()));
        assert_eq!(Value::from(true).to_json(), serde_json::json!(true));
        assert_eq!(Value::Null.to_json(), serde_json::Value::Null);
    }
}
