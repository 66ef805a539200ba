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

/// `YYYY-MM-DDTHH:MM:SS` in local time, as the seeds show raw datetimes.
pub fn iso(ms: i64) -> String {
    local(ms).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `YYYY-MM-DD` in local time.
pub fn date(ms: i64) -> String {
    local(ms).format("%Y-%m-%d").to_string()
}

/// The start (00:00 local) of the day holding `ms`.
pub fn day_start(ms: i64) -> i64 {
    let day = local(ms).date_naive();
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    midnight.and_utc().timestamp_millis() - i64::from(UTC_OFFSET_SECS) * 1000
}

/// Whole local days from the day of `earlier` to the day of `later` (0: same day).
pub fn days_between(earlier: i64, later: i64) -> i64 {
    (day_start(later) - day_start(earlier)).div_euclid(DAY_MS)
}

/// One day in milliseconds.
pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// The start of the local day a `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`) string names.
pub fn parse_date(s: &str) -> Option<i64> {
    let day = s.trim().get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let midnight = date.and_hms_opt(0, 0, 0)?;
    Some(midnight.and_utc().timestamp_millis() - i64::from(UTC_OFFSET_SECS) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_local_days() {
        let noon = parse_date("2018-06-20").unwrap() + 12 * 3600 * 1000;
        assert_eq!(date(noon), "2018-06-20");
        assert_eq!(iso(noon), "2018-06-20T12:00:00");
        assert_eq!(day_start(noon), parse_date("2018-06-20").unwrap());
        // 23:30 local on the 20th and 00:30 local on the 21st are one day apart.
        let late = parse_date("2018-06-20").unwrap() + 23 * 3600 * 1000 + 1_800_000;
        assert_eq!(days_between(late, late + 3600 * 1000), 1);
        assert_eq!(days_between(noon, noon), 0);
        assert_eq!(parse_date("2018-13-01"), None);
        assert_eq!(parse_date("x"), None);
    }

    #[test]
    fn formats_in_china_standard_time() {
        // 2018-06-20 12:55:34.685 UTC+8
        assert_eq!(datetime(1_529_470_534_685), "2018-06-20 12:55:34");
    }
}
