//! Wall-clock time as the tenants see it (China Standard Time, UTC+8, no DST).

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

/// The tenants' UTC offset in seconds.
pub const UTC_OFFSET_SECS: i32 = 8 * 3600;

fn zone() -> FixedOffset {
    FixedOffset::east_opt(UTC_OFFSET_SECS).expect("valid offset")
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn local(ms: i64) -> DateTime<FixedOffset> {
    zone()
        .timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(|| zone().timestamp_millis_opt(0).unwrap())
}

/// `YYYY-MM-DD HH:MM:SS` in local time.
pub fn datetime(ms: i64) -> String {
    local(ms).format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_china_standard_time() {
        // 2018-06-20 12:55:34.685 UTC+8
        assert_eq!(datetime(1_529_470_534_685), "2018-06-20 12:55:34");
    }
}
