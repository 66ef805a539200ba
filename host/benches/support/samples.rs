//! What every bench binary shares: its settings from the environment and the
//! timing samples it reports as median, p99 and maximum.

use std::str::FromStr;
use std::time::Duration;

/// The setting `name` from the environment; `default` when unset or unparsable.
pub fn setting<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Measured durations.
#[derive(Debug, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Adds one measurement.
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    /// How many measurements there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The `q` quantile by nearest rank (0.5 the median, 1.0 the maximum).
    pub fn quantile(&mut self, q: f64) -> Duration {
        assert!(!self.0.is_empty(), "no samples");
        self.0.sort_unstable();
        let rank = (self.0.len() as f64 * q) as usize;
        self.0[rank.min(self.0.len() - 1)]
    }

    /// The `q` quantile in milliseconds.
    pub fn ms(&mut self, q: f64) -> f64 {
        self.quantile(q).as_secs_f64() * 1e3
    }

    /// The `q` quantile in microseconds.
    pub fn micros(&mut self, q: f64) -> f64 {
        self.quantile(q).as_secs_f64() * 1e6
    }
}

impl Extend<Duration> for Samples {
    fn extend<I: IntoIterator<Item = Duration>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}
