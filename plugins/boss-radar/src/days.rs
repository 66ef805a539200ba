//! The windows the statistics count over: whole local days that end at
//! today's midnight, so today is never in them (today's own numbers are
//! only in the windows that say so).

use leida_module_sdk::time::{local_date, local_midnight};
use leida_module_sdk::types::Window;
use leida_module_sdk::{clock, Failure, Input};

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// Today as the tenant sees it.
#[derive(Debug, Clone, Copy)]
pub struct Today {
    /// Local midnight that starts today, in epoch milliseconds.
    pub midnight: i64,
    /// The tenant's UTC offset in seconds.
    pub offset: i32,
}

impl Today {
    /// Today, from the host's clock.
    pub fn now() -> Today {
        let offset = clock::utc_offset();
        Today {
            midnight: local_midnight(clock::now(), offset),
            offset,
        }
    }

    /// The `days` whole days before today: `[today − days, today)`.
    pub fn last(&self, days: u32) -> Window {
        Window {
            since: Some(self.midnight - i64::from(days) * DAY_MS),
            until: Some(self.midnight),
        }
    }

    /// Today so far: `[today, …)`.
    pub fn today(&self) -> Window {
        Window {
            since: Some(self.midnight),
            until: None,
        }
    }

    /// The `YYYY-MM-DD` of the `days` whole days before today, oldest first.
    pub fn dates(&self, days: u32) -> Vec<String> {
        (1..=i64::from(days))
            .rev()
            .map(|back| local_date(self.midnight - back * DAY_MS, self.offset))
            .collect()
    }

    /// Whole local days from the day of `at` to today (0: today).
    pub fn days_since(&self, at: i64) -> i64 {
        (self.midnight - local_midnight(at, self.offset)).div_euclid(DAY_MS)
    }
}

/// Every time: no window.
pub const ALL_TIME: Window = Window {
    since: None,
    until: None,
};

/// The `days` field as one of `allowed` (`default` when absent); 301 for
/// any other value.
pub fn days_field(input: &Input<'_>, allowed: &[u32], default: u32) -> Result<u32, Failure> {
    match input.int("days")? {
        None => Ok(default),
        Some(d) if allowed.iter().any(|a| i64::from(*a) == d) => Ok(d as u32),
        Some(_) => Err(Failure::invalid(format!(
            "days 只能是 {}",
            allowed
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join("、")
        ))),
    }
}
