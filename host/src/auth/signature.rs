//! `rand_str = md5(timestamp + token)`, compared in constant time.

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;

/// The signature a client with `token` sends for `timestamp`.
pub fn sign(timestamp: &str, token: &str) -> String {
    let mut h = Md5::new();
    h.update(timestamp.as_bytes());
    h.update(token.as_bytes());
    hex::encode(h.finalize())
}

/// Whether `rand_str` is the signature of `timestamp` under `token`.
pub fn matches(rand_str: &str, timestamp: &str, token: &str) -> bool {
    let expected = sign(timestamp, token);
    expected
        .as_bytes()
        .ct_eq(rand_str.to_ascii_lowercase().as_bytes())
        .into()
}

/// Whether a millisecond `timestamp` lies within `window_ms` of `now`.
pub fn is_fresh(timestamp: &str, now: i64, window_ms: i64) -> bool {
    timestamp
        .trim()
        .parse::<i64>()
        .is_ok_and(|t| (t - now).abs() <= window_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_md5_of_timestamp_then_token() {
        // md5("1529499334685" + "abc")
        let s = sign("1529499334685", "abc");
        assert_eq!(s.len(), 32);
        assert!(matches(&s, "1529499334685", "abc"));
        assert!(matches(&s.to_uppercase(), "1529499334685", "abc"));
        assert!(!matches(&s, "1529499334686", "abc"));
        assert!(!matches("", "1529499334685", "abc"));
    }

    #[test]
    fn stale_and_future_timestamps_are_refused() {
        assert!(is_fresh("1000", 1000 + 300_000, 300_000));
        assert!(!is_fresh("1000", 1001 + 300_000, 300_000));
        assert!(!is_fresh("400000", 0, 300_000));
        assert!(!is_fresh("soon", 0, 300_000));
    }
}
