//! Calls, failures and latency of each (company, slot, build) on this host,
//! added to the database's totals every second, so every host's calls show
//! in `module list`.

use crate::store::plugin_stats::Delta;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Latency bucket upper bounds, in µs; the last bucket holds the rest.
pub const BUCKETS_US: [i64; 12] = [
    250,
    500,
    1_000,
    2_500,
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    1_000_000,
    i64::MAX,
];

type Key = (i64, String, String);

/// This host's counts since the last flush.
#[derive(Default)]
pub struct Stats {
    pending: Mutex<HashMap<Key, Counts>>,
}

#[derive(Default)]
struct Counts {
    calls: i64,
    failures: i64,
    total_us: i64,
    buckets: [i64; BUCKETS_US.len()],
}

impl Stats {
    /// Counts one call.
    pub fn count(&self, company_id: i64, slot: &str, digest: &str, ok: bool, took: Duration) {
        let us = took.as_micros().min(i64::MAX as u128) as i64;
        let bucket = BUCKETS_US.iter().position(|b| us <= *b).unwrap_or(0);
        let key = (company_id, slot.to_string(), digest.to_string());
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let c = pending.entry(key).or_default();
        c.calls += 1;
        c.failures += i64::from(!ok);
        c.total_us += us;
        c.buckets[bucket] += 1;
    }

    /// Takes what was counted since the last call, as deltas to add.
    pub fn take(&self) -> Vec<Delta> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        pending
            .into_iter()
            .map(|((company_id, slot, digest), c)| Delta {
                company_id,
                slot,
                digest,
                calls: c.calls,
                failures: c.failures,
                total_us: c.total_us,
                buckets: BUCKETS_US
                    .iter()
                    .zip(c.buckets)
                    .filter(|(_, n)| *n > 0)
                    .map(|(b, n)| (*b, n))
                    .collect(),
            })
            .collect()
    }

    /// Puts deltas back that could not be written (they are added next time).
    pub fn restore(&self, deltas: Vec<Delta>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        for d in deltas {
            let c = pending.entry((d.company_id, d.slot, d.digest)).or_default();
            c.calls += d.calls;
            c.failures += d.failures;
            c.total_us += d.total_us;
            for (bound, n) in d.buckets {
                if let Some(i) = BUCKETS_US.iter().position(|b| *b == bound) {
                    c.buckets[i] += n;
                }
            }
        }
    }
}

/// The latency below which `share` (0..1) of the calls fall, in ms, from
/// bucket counts: the bound of the bucket that reaches it.
pub fn quantile_ms(buckets: &[(i64, i64)], share: f64) -> Option<f64> {
    let total: i64 = buckets.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let wanted = (total as f64 * share).ceil() as i64;
    let mut seen = 0;
    for (bound, n) in buckets {
        seen += n;
        if seen >= wanted {
            return Some(if *bound == i64::MAX {
                f64::INFINITY
            } else {
                *bound as f64 / 1000.0
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_per_build_and_bucketed() {
        let s = Stats::default();
        s.count(1, "card", "d1", true, Duration::from_micros(300));
        s.count(1, "card", "d1", false, Duration::from_millis(3));
        s.count(2, "card", "d1", true, Duration::from_micros(10));
        let mut deltas = s.take();
        deltas.sort_by_key(|d| d.company_id);
        assert_eq!(
            (deltas[0].calls, deltas[0].failures, deltas[0].total_us),
            (2, 1, 3300)
        );
        assert_eq!(deltas[0].buckets, [(500, 1), (5_000, 1)]);
        assert!(s.take().is_empty());
        s.restore(deltas);
        assert_eq!(s.take().len(), 2);
        assert_eq!(quantile_ms(&[(500, 99), (5_000, 1)], 0.5), Some(0.5));
        assert_eq!(quantile_ms(&[(500, 98), (5_000, 2)], 0.99), Some(5.0));
        assert_eq!(quantile_ms(&[], 0.5), None);
    }
}
