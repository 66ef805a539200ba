//! Wall-clock time as the tenants see it (China Standard Time, UTC+8, no DST).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

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

/// `YYYY-MM-DD` in local time.
pub fn date(ms: i64) -> String {
    local(ms).format("%Y-%m-%d").to_string()
}

/// Local midnight starting the day `days_ago` days before today, in epoch ms.
pub fn day_start(now: i64, days_ago: i64) -> i64 {
    let day: NaiveDate = local(now).date_naive() - chrono::Days::new(days_ago.max(0) as u64);
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight");
    zone()
        .from_local_datetime(&midnight)
        .single()
        .expect("fixed offset")
        .timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_china_standard_time() {
        // 2018-06-20 12:55:34.685 UTC+8
        assert_eq!(datetime(1_529_470_534_685), "2018-06-20 12:55:34");
        assert_eq!(date(1_529_470_534_685), "2018-06-20");
    }

    #[test]
    fn day_start_is_local_midnight() {
        let now = 1_529_470_534_685;
        assert_eq!(datetime(day_start(now, 0)), "2018-06-20 00:00:00");
        assert_eq!(datetime(day_start(now, 7)), "2018-06-13 00:00:00");
    }
}
