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

/// `YYYY-MM-DDTHH:MM:SS` in local time, as clients read raw datetimes.
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

/// The local day starting at `ms` as days since 1970-01-01 (the `day` of
/// the per-day totals), or `None` when `ms` is not a local midnight.
pub fn local_day_number(ms: i64) -> Option<i64> {
    let local = ms + i64::from(UTC_OFFSET_SECS) * 1000;
    (local.rem_euclid(DAY_MS) == 0).then(|| local.div_euclid(DAY_MS))
}

/// A window bound as a local day number: `Some(None)` for an open bound,
/// `None` when the bound is not a local midnight (so per-day totals cannot
/// answer the window).
pub fn day_bound(ms: Option<i64>) -> Option<Option<i64>> {
    match ms {
        None => Some(None),
        Some(t) => local_day_number(t).map(Some),
    }
}

/// The start of the local day a `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`) string names.
pub fn parse_date(s: &str) -> Option<i64> {
    let day = s.trim().get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let midnight = date.and_hms_opt(0, 0, 0)?;
    Some(midnight.and_utc().timestamp_millis() - i64::from(UTC_OFFSET_SECS) * 1000)
}

/// The contact list's time of a message, seen from `now`:
/// `HH:MM` today, `昨天`, `MM-DD` earlier this year, else the year. (The
/// earlier system compared only the day of the month; this compares dates.)
pub fn short_moment(then: i64, now: i64) -> String {
    let (t, n) = (local(then), local(now));
    match RelativeDay::of(then, now) {
        RelativeDay::Today => t.format("%H:%M").to_string(),
        RelativeDay::Yesterday => "昨天".into(),
        _ if t.format("%Y").to_string() == n.format("%Y").to_string() => {
            t.format("%m-%d").to_string()
        }
        _ => t.format("%Y").to_string(),
    }
}

/// Where a past moment falls, counted in local calendar days before today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelativeDay {
    /// Today (a moment ahead of the clock counts as today too).
    Today,
    /// The day before today.
    Yesterday,
    /// `days` (2 or more) days before today, on `date` (`YYYY-MM-DD`).
    Earlier {
        /// Calendar days between that day and today.
        days: i64,
        /// That day.
        date: String,
    },
}

impl RelativeDay {
    /// The day of `then` seen from `now` (both ms since the epoch).
    pub fn of(then: i64, now: i64) -> RelativeDay {
        match days_between(then, now) {
            days if days <= 0 => RelativeDay::Today,
            1 => RelativeDay::Yesterday,
            days => RelativeDay::Earlier {
                days,
                date: date(then),
            },
        }
    }

    /// `今天`, `昨天` or `N天前` with N calendar days: the day before yesterday
    /// is `2天前`. (The earlier system counted elapsed 24-hour periods and
    /// subtracted one, so that day could read `1天前`; we do not repeat it.)
    pub fn ago(&self) -> String {
        match self {
            RelativeDay::Today => "今天".into(),
            RelativeDay::Yesterday => "昨天".into(),
            RelativeDay::Earlier { days, .. } => format!("{days}天前"),
        }
    }

    /// `今天`, `昨天` or the date.
    pub fn day_or_date(&self) -> String {
        match self {
            RelativeDay::Today => "今天".into(),
            RelativeDay::Yesterday => "昨天".into(),
            RelativeDay::Earlier { date, .. } => date.clone(),
        }
    }
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

    #[test]
    fn short_moments_of_the_contact_list() {
        let at = |day: &str, hour: i64| parse_date(day).unwrap() + hour * 3600 * 1000;
        let now = at("2018-09-22", 12);
        assert_eq!(short_moment(at("2018-09-22", 9), now), "09:00");
        assert_eq!(short_moment(at("2018-09-21", 23), now), "昨天");
        // Same day of another month is not today.
        assert_eq!(short_moment(at("2018-08-22", 9), now), "08-22");
        assert_eq!(short_moment(at("2017-12-30", 9), now), "2017");
    }

    #[test]
    fn relative_days_count_calendar_days() {
        let noon = parse_date("2018-09-22").unwrap() + 12 * 3600 * 1000;
        let at = |day: &str, hour: i64| parse_date(day).unwrap() + hour * 3600 * 1000;
        assert_eq!(
            RelativeDay::of(at("2018-09-22", 0), noon),
            RelativeDay::Today
        );
        assert_eq!(RelativeDay::of(noon + 3_600_000, noon), RelativeDay::Today);
        // 23:00 yesterday is yesterday though less than a day has passed.
        let late = at("2018-09-21", 23);
        assert_eq!(RelativeDay::of(late, noon), RelativeDay::Yesterday);
        assert_eq!(RelativeDay::of(late, noon).ago(), "昨天");
        assert_eq!(RelativeDay::of(at("2018-09-20", 13), noon).ago(), "2天前");
        let earlier = RelativeDay::of(at("2018-09-18", 9), noon);
        assert_eq!(earlier.ago(), "4天前");
        assert_eq!(earlier.day_or_date(), "2018-09-18");
        assert_eq!(RelativeDay::Today.day_or_date(), "今天");
        assert_eq!(RelativeDay::Yesterday.day_or_date(), "昨天");
    }
}
