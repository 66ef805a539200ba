//! Local date and time text from epoch milliseconds and the tenant's UTC
//! offset (`clock.utc-offset`), without any time-zone database.
//!
//! In a handler the two arguments come from the host:
//! `time::local_datetime(clock::now(), clock::utc_offset())` (see the
//! example of [`clock`](crate::clock)).
//!
//! ```
//! use leida_module_sdk::time::{local_date, local_datetime, local_iso, LocalTime};
//!
//! const SHANGHAI: i32 = 28_800;
//! let at = 1_529_499_334_685; // 2018-06-20 12:55:34.685 UTC
//! assert_eq!(local_datetime(at, SHANGHAI), "2018-06-20 20:55:34");
//! assert_eq!(local_date(at, SHANGHAI), "2018-06-20");
//! assert_eq!(local_iso(at, SHANGHAI), "2018-06-20T20:55:34.685");
//! assert_eq!(LocalTime::at(at, SHANGHAI).hour, 20);
//! ```

/// A broken-down local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// Calendar year.
    pub year: i64,
    /// Month 1..=12.
    pub month: u32,
    /// Day of month 1..=31.
    pub day: u32,
    /// Hour 0..=23.
    pub hour: u32,
    /// Minute 0..=59.
    pub minute: u32,
    /// Second 0..=59.
    pub second: u32,
    /// Millisecond 0..=999.
    pub millis: u32,
}

impl LocalTime {
    /// The local time of `epoch_ms` at `utc_offset_secs` east of UTC.
    pub fn at(epoch_ms: i64, utc_offset_secs: i32) -> Self {
        let local_ms = epoch_ms + i64::from(utc_offset_secs) * 1000;
        let days = local_ms.div_euclid(86_400_000);
        let ms_of_day = local_ms.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        LocalTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs / 60 % 60) as u32,
            second: (secs % 60) as u32,
            millis: (ms_of_day % 1000) as u32,
        }
    }
}

/// The local midnight that starts the day of `epoch_ms`, in epoch
/// milliseconds: the bound of windows over whole local days.
pub fn local_midnight(epoch_ms: i64, utc_offset_secs: i32) -> i64 {
    let offset_ms = i64::from(utc_offset_secs) * 1000;
    (epoch_ms + offset_ms).div_euclid(86_400_000) * 86_400_000 - offset_ms
}

/// `YYYY-MM-DD HH:MM:SS` in local time.
pub fn local_datetime(epoch_ms: i64, utc_offset_secs: i32) -> String {
    let t = LocalTime::at(epoch_ms, utc_offset_secs);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// `YYYY-MM-DD` in local time.
pub fn local_date(epoch_ms: i64, utc_offset_secs: i32) -> String {
    let t = LocalTime::at(epoch_ms, utc_offset_secs);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// `YYYY-MM-DDTHH:MM:SS.mmm` in local time, the `.mmm` left out when zero: how
/// the earlier system serialised raw datetimes (e.g. `create_date`).
pub fn local_iso(epoch_ms: i64, utc_offset_secs: i32) -> String {
    let t = LocalTime::at(epoch_ms, utc_offset_secs);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    if t.millis == 0 {
        base
    } else {
        format!("{base}.{:03}", t.millis)
    }
}

/// Epoch milliseconds of a local `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD HH:MM`
/// or `YYYY-MM-DD` (midnight) at `utc_offset_secs`: the inverse of
/// [`local_datetime`]. `None` for any other text or an impossible date.
pub fn parse_local(text: &str, utc_offset_secs: i32) -> Option<i64> {
    let (date, clock) = match text.trim().split_once(' ') {
        Some((d, c)) => (d, Some(c.trim())),
        None => (text.trim(), None),
    };
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut d = date.split('-').map(number);
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    if d.next().is_some() || !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32)?;
    let seconds = match clock {
        None => 0,
        Some(c) => {
            let mut t = c.split(':').map(number);
            let (h, m) = (t.next()??, t.next()??);
            let sec = t.next().unwrap_or(Some(0))?;
            if t.next().is_some() || h > 23 || m > 59 || sec > 59 {
                return None;
            }
            h * 3600 + m * 60 + sec
        }
    };
    Some((days * 86_400 + seconds - i64::from(utc_offset_secs)) * 1000)
}

/// Days since 1970-01-01 of a calendar date; `None` for a day the month
/// does not have.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (day >= 1 && civil_from_days(days) == (year, month, day)).then_some(days)
}

/// Year, month and day of a count of days since 1970-01-01 (proleptic
/// Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: i32 = 28_800;

    #[test]
    fn parse_local_inverts_local_datetime() {
        let at = 1_529_499_334_000;
        assert_eq!(parse_local("2018-06-20 20:55:34", SHANGHAI), Some(at));
        assert_eq!(parse_local("2018-06-20 20:55", SHANGHAI), Some(at - 34_000));
        assert_eq!(
            parse_local("2018-06-20", SHANGHAI).map(|ms| local_datetime(ms, SHANGHAI)),
            Some("2018-06-20 00:00:00".to_string())
        );
        assert_eq!(parse_local("2024-02-29", 0), Some(1_709_164_800_000));
        for bad in [
            "",
            "2018-6",
            "2023-02-29",
            "2018-13-01",
            "2018-06-20 24:00",
            "x-1-1",
            "2018-06-20T20:55",
        ] {
            assert_eq!(parse_local(bad, SHANGHAI), None, "{bad}");
        }
    }

    #[test]
    fn epoch_is_1970() {
        assert_eq!(local_datetime(0, 0), "1970-01-01 00:00:00");
        assert_eq!(local_datetime(0, SHANGHAI), "1970-01-01 08:00:00");
    }

    #[test]
    fn formats_seed_timestamp() {
        // 1529499334685 ms = 2018-06-20 12:55:34.685 UTC.
        assert_eq!(
            local_datetime(1_529_499_334_685, SHANGHAI),
            "2018-06-20 20:55:34"
        );
        assert_eq!(local_date(1_529_499_334_685, SHANGHAI), "2018-06-20");
        assert_eq!(
            local_iso(1_529_499_334_685, SHANGHAI),
            "2018-06-20T20:55:34.685"
        );
    }

    #[test]
    fn iso_omits_zero_millis() {
        assert_eq!(
            local_iso(1_529_499_334_000, SHANGHAI),
            "2018-06-20T20:55:34"
        );
        assert_eq!(local_iso(1_529_499_334_007, 0), "2018-06-20T12:55:34.007");
    }

    #[test]
    fn midnight_starts_the_local_day() {
        const SHANGHAI: i32 = 28_800;
        let at = 1_529_499_334_685; // 2018-06-20 20:55:34 in Shanghai
        let midnight = local_midnight(at, SHANGHAI);
        assert_eq!(local_datetime(midnight, SHANGHAI), "2018-06-20 00:00:00");
        assert_eq!(local_midnight(midnight, SHANGHAI), midnight);
        assert_eq!(
            local_midnight(midnight - 1, SHANGHAI),
            midnight - 86_400_000
        );
    }

    #[test]
    fn offset_crosses_midnight_and_year() {
        // 2023-12-31 16:30:00 UTC is 2024-01-01 00:30 in Shanghai.
        assert_eq!(
            local_datetime(1_704_040_200_000, SHANGHAI),
            "2024-01-01 00:30:00"
        );
        // Negative offsets go back a day.
        assert_eq!(local_date(1_704_067_200_000, -3600), "2023-12-31");
    }

    #[test]
    fn leap_days() {
        // 2024-02-29 12:00:00 UTC.
        assert_eq!(local_datetime(1_709_208_000_000, 0), "2024-02-29 12:00:00");
        // 2000-03-01 00:00:00 UTC.
        assert_eq!(local_date(951_868_800_000, 0), "2000-03-01");
    }

    #[test]
    fn before_epoch() {
        assert_eq!(local_datetime(-1000, 0), "1969-12-31 23:59:59");
    }
}
